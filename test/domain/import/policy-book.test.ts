// Every mistake a county can make in its policy workbook has its own code and lands on its sheet,
// row (as Excel shows it) and column, all at once and nothing accepted.
import { describe, expect, it } from 'vitest';
import { readPolicyFile } from '../../../shared/adapters/files/policy-files.js';
import type { ImportError } from '../../../shared/domain/import/errors.js';
import { BAD_WORKBOOKS, type CellEdit, editedWorkbook, MANY_MISTAKES } from '../../support/policy-books.js';
import { examplePolicy } from '../../support/policies.js';

async function errorsOf(edits: readonly CellEdit[], removeSheets: readonly string[] = []): Promise<ImportError[]> {
  const result = await readPolicyFile({ bytes: await editedWorkbook(edits, { removeSheets }), filename: '政策.xlsx' });
  return result.ok ? [] : result.errors;
}
const placed = (errors: readonly ImportError[]) => errors.map((e) => [e.sheet, e.row, e.column, e.code]);

describe('reading a policy workbook', () => {
  it('reads the unchanged workbook', async () => {
    const result = await readPolicyFile({ bytes: await editedWorkbook([]), filename: '政策.xlsx' });
    expect(result).toEqual({ ok: true, policy: examplePolicy() });
  });

  it.each(BAD_WORKBOOKS)('gives %s its own code, on its sheet, row and column', async (_what, edits, expected) => {
    expect(placed(await errorsOf(edits))).toEqual([expected]);
  });

  it('gives a missing sheet its own code', async () => {
    expect(placed(await errorsOf([], ['回避']))).toEqual([['回避', 0, '', 'POLICY_SHEET_MISSING']]);
    expect(placed(await errorsOf([], ['班子结构']))).toEqual([]);
  });

  it('reports every mistake of a workbook with many at once, each on its row and column, in sheet order', async () => {
    const errors = await errorsOf(MANY_MISTAKES.map(([edit]) => edit));
    expect(placed(errors)).toEqual(expect.arrayContaining(MANY_MISTAKES.map(([, expected]) => expected)));
    expect(errors.every((e) => /[\u4e00-\u9fff]/.test(e.message))).toBe(true);
    const sheets = errors.map((e) => e.sheet);
    expect(sheets).toEqual([...sheets].sort((a, b) => SHEETS.indexOf(a ?? '') - SHEETS.indexOf(b ?? '')));
  });

  it('reads names that contain 、 in a list cell, and one per line', async () => {
    const result = await readPolicyFile({
      bytes: await editedWorkbook([
        ['负面清单', 'A2', '党性不强、作风不实'],
        ['部门', 'E2', '党性不强、作风不实、拖欠集体租金'],
        ['部门', 'E3', '党纪处分\n党性不强、作风不实'],
      ]),
      filename: 'p.xlsx',
    });
    expect(result.ok ? result.policy.departments.map((d) => d.categories) : result.errors).toEqual([
      ['党性不强、作风不实', '拖欠集体租金'],
      ['党纪处分', '党性不强、作风不实'],
    ]);
  });
});

const SHEETS = ['政策', '部门', '负面清单', '人选条件', '回避', '班子结构'];
