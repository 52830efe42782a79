// `lianshen policy template|validate|export`: the workbook a county writes, checked offline with the
// reader the upload uses; exit 0 valid, 1 invalid, 2 usage.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { z } from 'zod';
import { BAD_WORKBOOKS, editedWorkbook, MANY_MISTAKES } from '../support/policy-books.js';
import { EXAMPLE_POLICY } from '../support/policies.js';
import { REPO_ROOT, run, tempDir } from './helpers.js';

const Report = z.strictObject({
  valid: z.boolean(),
  errors: z.array(z.strictObject({ sheet: z.string(), row: z.number(), column: z.string(), code: z.string(), message: z.string() })),
});
const POLICY_FIXTURES = join(REPO_ROOT, 'test/fixtures/policy');

async function validateJson(file: string, cwd: string) {
  const result = await run(['policy', 'validate', file, '--json'], cwd);
  return { code: result.code, report: Report.parse(JSON.parse(result.stdout)) };
}

describe('lianshen policy validate', () => {
  it.each(['county-2017', 'dinghai-2017', 'duting-2015', 'xiannvshan-2021'])('passes the shipped policies/%s.yaml', async (id) => {
    expect(await validateJson(`${id}.yaml`, join(REPO_ROOT, 'policies'))).toEqual({ code: 0, report: { valid: true, errors: [] } });
  });

  it('lists every mistake of a workbook with many, each with its sheet, row and column, and exits 1', async () => {
    const { code, report } = await validateJson('many-errors.xlsx', POLICY_FIXTURES);
    expect(code).toBe(1);
    expect(report.valid).toBe(false);
    const found = report.errors.map((e) => [e.sheet, e.row, e.column, e.code] as const);
    expect([...found].sort(byPlace)).toEqual(MANY_MISTAKES.map(([, expected]) => expected).sort(byPlace));
    // In the order a person corrects them: sheet by sheet, row by row.
    expect(found).toEqual([...found].sort((a, b) => SHEETS.indexOf(a[0]) - SHEETS.indexOf(b[0]) || a[1] - b[1]));
  });

  it.each(BAD_WORKBOOKS)(
    'gives %s its own code with sheet, row and column, and exits 1',
    async (_what, edits, [sheet, row, column, code]) => {
      const dir = tempDir();
      writeFileSync(join(dir, '负面清单.xlsx'), await editedWorkbook(edits));
      const result = await validateJson('负面清单.xlsx', dir);
      expect(result.code).toBe(1);
      expect(result.report.valid).toBe(false);
      expect(result.report.errors).toEqual([{ sheet, row, column, code, message: expect.stringMatching(/[\u4e00-\u9fff]/) }]);
    },
  );

  it('names a missing sheet with its own code and exits 1', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, '负面清单.xlsx'), await editedWorkbook([], { removeSheets: ['回避'] }));
    const { code, report } = await validateJson('负面清单.xlsx', dir);
    expect(code).toBe(1);
    expect(report.errors.map((e) => [e.sheet, e.code])).toEqual([['回避', 'POLICY_SHEET_MISSING']]);
  });

  it('prints the errors as a table without --json', async () => {
    const result = await run(['policy', 'validate', 'many-errors.xlsx'], POLICY_FIXTURES);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('✗ many-errors.xlsx 未通过校验，共 16 处错误');
    expect(result.stdout).toMatch(/负面清单\s+3\s+负责部门\s+县法院/);
  });

  it('names the file and the YAML path of a YAML error', async () => {
    const dir = tempDir();
    writeFileSync(
      join(dir, 'county.yaml'),
      stringify({ ...EXAMPLE_POLICY, departments: [{ ...EXAMPLE_POLICY.departments[0], mode: 'semi' }, EXAMPLE_POLICY.departments[1]] }),
    );
    const { code, report } = await validateJson('county.yaml', dir);
    expect(code).toBe(1);
    expect(report.errors).toEqual([
      expect.objectContaining({ sheet: 'county.yaml', column: 'departments[0].mode', code: 'POLICY_MODE_INVALID' }),
    ]);
    expect(report.errors[0]?.row).toBeGreaterThan(1);
  });

  it('exits 2 for a missing file or a file that is no policy file', async () => {
    expect((await run(['policy', 'validate', 'nowhere.xlsx'], tempDir())).code).toBe(2);
    expect((await run(['policy', 'validate', 'batch.csv'], tempDir())).code).toBe(2);
  });
});

describe('lianshen policy template and export', () => {
  it('writes the template, which validates once its example id is replaced', async () => {
    const dir = tempDir();
    const made = await run(['policy', 'template', '--out', '负面清单模板.xlsx'], dir);
    expect(made.code).toBe(0);
    const unchanged = await validateJson('负面清单模板.xlsx', dir);
    expect(unchanged.code).toBe(1);
    expect(unchanged.report.errors.map((e) => e.code)).toEqual(['EXAMPLE_ROW']);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(readFileSync(join(dir, '负面清单模板.xlsx')).slice().buffer);
    const sheet = workbook.getWorksheet('政策');
    if (sheet === undefined) throw new Error('no 政策 sheet');
    sheet.getCell('B2').value = 'my-county-2027';
    writeFileSync(join(dir, 'mine.xlsx'), new Uint8Array(await workbook.xlsx.writeBuffer()));
    expect((await validateJson('mine.xlsx', dir)).code).toBe(0);
    expect((await run(['policy', 'template', '--out', '负面清单模板.xlsx'], dir)).code).toBe(2);
  });

  it('exports a built-in policy as a workbook and as YAML that validate again', async () => {
    const dir = tempDir();
    expect((await run(['policy', 'export', 'dinghai-2017', '--out', 'd.xlsx'], dir)).code).toBe(0);
    expect((await run(['policy', 'export', 'd.xlsx', '--out', 'd.yaml'], dir)).code).toBe(0);
    expect((await validateJson('d.xlsx', dir)).code).toBe(0);
    expect((await validateJson('d.yaml', dir)).code).toBe(0);
    expect((await run(['policy', 'export', 'nowhere-2020', '--out', 'x.xlsx'], dir)).code).toBe(2);
  });
});

const SHEETS = ['政策', '部门', '负面清单', '人选条件', '回避', '班子结构'];
function byPlace(a: readonly [string, number, string, string], b: readonly [string, number, string, string]): number {
  return SHEETS.indexOf(a[0]) - SHEETS.indexOf(b[0]) || a[1] - b[1] || a[2].localeCompare(b[2]);
}
