// One year's 放假安排 as an uploaded file (日期, 类型 放假/上班, 说明): the notice's days in, a
// HolidayYear out, or every row/column error at once.
import { describe, expect, it } from 'vitest';
import { parseHolidays } from '../../../shared/adapters/files/uploads.js';
import { dayRanges } from '../../../shared/domain/import/holidays.js';
import { PUBLISHED_HOLIDAYS } from '../../../shared/domain/working-days.js';
import { text, xlsx } from './helpers.js';

const SOURCE = '国务院办公厅关于2026年部分节假日安排的通知';

describe('a year’s 放假安排 from a file', () => {
  it('reads the 2026 notice typed row by row into the same arrangement as the built-in one', async () => {
    const y2026 = PUBLISHED_HOLIDAYS.find((y) => y.year === 2026);
    if (y2026 === undefined) throw new Error('2026 missing');
    const rows: Array<Array<string | Date>> = [['日期', '类型', '说明']];
    for (const d of y2026.holidays) rows.push([d, '放假', d.startsWith('2026-02') ? '春节' : '']);
    // Excel dates work as well as text.
    for (const d of y2026.workdays) rows.push([new Date(`${d}T00:00:00Z`), '上班', '调休上班']);
    const r = await parseHolidays({ ...(await xlsx({ 放假安排: rows })), year: 2026, source: y2026.source });
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    expect(r.year).toEqual(y2026);
    expect(r.notes['2026-02-15']).toBe('春节');
    expect(r.notes['2026-02-14']).toBe('调休上班');
  });

  it('refuses a day of another year, a day twice, a weekday marked 上班 and an unknown 类型, each at its row', async () => {
    const r = await parseHolidays({
      ...text(
        [
          '日期,类型,说明',
          '2027-01-01,放假,元旦',
          '2026-10-01,放假,',
          '2026/10/01,放假,',
          '2026-10-14,上班,',
          '2026-10-17,调休,',
          ',放假,',
        ].join('\n'),
        'h.csv',
      ),
      year: 2026,
      source: SOURCE,
    });
    if (r.ok) throw new Error('expected refusal');
    expect(r.errors.map((e) => [e.row, e.column, e.code])).toEqual([
      [2, '日期', 'HOLIDAY_WRONG_YEAR'],
      [4, '日期', 'HOLIDAY_DUPLICATE'],
      [5, '日期', 'HOLIDAY_WORKDAY_NOT_WEEKEND'],
      [6, '类型', 'VALUE_NOT_ALLOWED'],
      [7, '日期', 'VALUE_REQUIRED'],
    ]);
    expect(r.errors[2]?.message).toContain('星期三');
    expect(r.errors.every((e) => e.sheet === '放假安排')).toBe(true);
  });

  it('groups consecutive days for people', () => {
    expect(dayRanges(['2026-10-03', '2026-10-01', '2026-10-02', '2026-12-31'])).toEqual([
      { from: '2026-10-01', to: '2026-10-03' },
      { from: '2026-12-31', to: '2026-12-31' },
    ]);
  });
});
