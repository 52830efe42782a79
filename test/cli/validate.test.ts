import { describe, it, expect } from 'vitest';
import { z } from 'zod';
import { readFileSync } from 'node:fs';
import { run } from './helpers.js';

const JsonReport = z
  .object({
    valid: z.boolean(),
    errors: z.array(
      z.object({ row: z.number(), column: z.string(), value: z.string(), code: z.string(), message: z.string().min(1) }).strict(),
    ),
  })
  .strict();

const parseReport = (stdout: string) => JsonReport.parse(JSON.parse(stdout));

describe('lianshen validate', () => {
  it('accepts a valid UTF-8 CSV (with BOM) and summarises it per village and post', async () => {
    const { code, stdout } = await run(['validate', 'batch-valid.csv', '--today', '2026-06-01']);
    expect(code).toBe(0);
    expect(stdout).toContain('4 名候选人');
    expect(stdout).toMatch(/东门村\s+2/);
    expect(stdout).toMatch(/西门社区\s+2/);
    expect(stdout).toMatch(/党组织书记\s+1/);
  });

  it('accepts a valid CSV written in GBK, as Excel on Chinese Windows saves it', async () => {
    const bytes = readFileSync(new URL('../fixtures/cli/batch-valid-gbk.csv', import.meta.url));
    expect(() => new TextDecoder('utf-8', { fatal: true }).decode(bytes)).toThrow(); // really not UTF-8
    const { code, stdout } = await run(['validate', 'batch-valid-gbk.csv', '--json']);
    expect(code).toBe(0);
    expect(parseReport(stdout)).toEqual({ valid: true, errors: [] });
  });

  it('takes near relatives from --relatives', async () => {
    const { code, stdout } = await run(['validate', 'batch-valid.csv', '--relatives', 'relatives-valid.csv']);
    expect(code).toBe(0);
    expect(stdout).toContain('2 条近亲属记录');
  });

  it('gives each bad row its own row/column/code in --json and exits 1', async () => {
    const { code, stdout } = await run(['validate', 'batch-invalid.csv', '--json']);
    expect(code).toBe(1);
    const report = parseReport(stdout);
    expect(report.valid).toBe(false);
    expect(report.errors.map(({ row, column, code: c }) => [row, column, c])).toEqual([
      [3, '身份证号', 'ID_CHECK_DIGIT'],
      [4, '性别', 'ID_SEX_MISMATCH'],
      [5, '出生年月', 'ID_BIRTH_MISMATCH'],
      [6, '学历', 'VALUE_NOT_ALLOWED'],
      [7, '身份证号', 'ID_SCIENTIFIC'],
      [8, '身份证号', 'ID_DUPLICATE'],
      [9, '政治面貌', 'VALUE_NOT_ALLOWED'],
    ]);
    expect(report.errors.find((e) => e.row === 7)?.value).toBe('3.30902E+17');
  });

  it('prints a Chinese table of errors with ID numbers masked', async () => {
    const { code, stdout } = await run(['validate', 'batch-invalid.csv']);
    expect(code).toBe(1);
    expect(stdout).toMatch(/行\s+列\s+值\s+问题/);
    expect(stdout).toContain('共 7 处错误');
    expect(stdout).toContain('330902********013X');
    expect(stdout).not.toContain('33090219750512013X');
  });

  it('reports a misspelt header on row 1 under the expected column', async () => {
    const { code, stdout } = await run(['validate', 'batch-misspelt-header.csv', '--json']);
    expect(code).toBe(1);
    expect(parseReport(stdout).errors).toEqual([
      expect.objectContaining({ row: 1, column: '身份证号', value: '身份证号码', code: 'COLUMN_MISSPELT' }),
    ]);
  });

  it('reports an empty file as a file-level error', async () => {
    const { code, stdout } = await run(['validate', 'empty.csv', '--json']);
    expect(code).toBe(1);
    expect(parseReport(stdout).errors).toEqual([expect.objectContaining({ row: 0, column: '', code: 'FILE_EMPTY' })]);
  });

  it.each([
    [['validate', 'no-such-file.csv'], '找不到文件：no-such-file.csv'],
    [['validate', '.'], '是一个文件夹'],
    [['validate', 'batch-valid.csv', '--relatives', 'missing-relatives.csv'], '找不到文件：missing-relatives.csv'],
    [['validate', 'batch-valid.csv', '--today', '2026/06/01'], 'YYYY-MM-DD'],
  ])('exits 2 with a clear message for %j', async (argv, message) => {
    const { code, stdout, stderr } = await run(argv);
    expect(code).toBe(2);
    expect(stderr).toContain(message);
    expect(stdout).toBe('');
  });
});

describe('lianshen validate-records', () => {
  it('accepts a valid extract and counts rows per department and category', async () => {
    const { code, stdout } = await run(['validate-records', 'records-valid.csv', '--policy', 'dinghai-2017']);
    expect(code).toBe(0);
    expect(stdout).toContain('2 条记录');
    expect(stdout).toMatch(/党纪处分\s+1/);
  });

  it('rejects a category the policy does not have, with row and column, exit 1', async () => {
    const { code, stdout } = await run(['validate-records', 'records-bad-category.csv', '--policy', 'dinghai-2017', '--json']);
    expect(code).toBe(1);
    expect(parseReport(stdout)).toEqual({
      valid: false,
      errors: [expect.objectContaining({ row: 2, column: '记录类别', value: '贪污受贿', code: 'CATEGORY_UNKNOWN' })],
    });
  });

  it('exits 2 for an unknown policy (listing the known ones) or a missing --policy', async () => {
    const unknown = await run(['validate-records', 'records-valid.csv', '--policy', 'nowhere-2099']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('dinghai-2017');
    const missing = await run(['validate-records', 'records-valid.csv']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('--policy');
  });
});
