import { describe, it, expect } from 'vitest';
import { maskIdLike } from '../../cli/lib/mask.js';
import { displayWidth, renderTable, truncate } from '../../cli/lib/table.js';

describe('maskIdLike', () => {
  it.each([
    ['33090219750512013X', '330902********013X'],
    ['330902197505120', '330902*****5120'],
    [' 330902197505120130 ', '330902********0130'],
    ['3.30902E+17', '3.30902E+17'],
    ['abc', 'abc'],
    ['', ''],
  ])('%j → %j', (value, masked) => {
    expect(maskIdLike(value)).toBe(masked);
  });
});

describe('terminal tables', () => {
  it('counts Chinese characters as two columns and combining marks as none', () => {
    expect(displayWidth('abc')).toBe(3);
    expect(displayWidth('身份证号')).toBe(8);
    expect(displayWidth('（空）')).toBe(6);
    expect(displayWidth('e\u0301')).toBe(1);
  });

  it('lines up columns of mixed-width text', () => {
    const lines = renderTable(
      ['行', '列', '问题'],
      [
        ['2', '身份证号', 'x'],
        ['10', '性别', 'y'],
      ],
    ).split('\n');
    const problemColumn = (line: string) => displayWidth(line.slice(0, line.lastIndexOf(line.trim().split(/\s+/).at(-1) ?? '')));
    expect(problemColumn(lines[2]!)).toBe(problemColumn(lines[3]!));
    expect(problemColumn(lines[0]!)).toBe(problemColumn(lines[2]!));
  });

  it('truncates by display width with an ellipsis', () => {
    expect(truncate('一二三四五六', 7)).toBe('一二三…');
    expect(truncate('short', 10)).toBe('short');
  });
});
