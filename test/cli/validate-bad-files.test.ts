// `lianshen validate` on bad files: every bad input of the batch contract gets its own row/column
// error and exit 1 (the shared import fixtures and generated files); a GBK-encoded valid CSV passes.
import { describe, it, expect } from 'vitest';
import ExcelJS from 'exceljs';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { CANDIDATE_HEADERS } from '../../shared/domain/import/spec.js';
import { run, tempDir } from './helpers.js';

const IMPORT_FIXTURES = fileURLToPath(new URL('../fixtures/import/', import.meta.url));
const Errors = z.object({
  valid: z.boolean(),
  errors: z.array(z.object({ row: z.number(), column: z.string(), value: z.string(), code: z.string(), message: z.string() })),
});
const validateJson = async (argv: string[], cwd: string) => {
  const result = await run(['validate', ...argv, '--json'], cwd);
  return { code: result.code, report: Errors.parse(JSON.parse(result.stdout)) };
};

const VALID_ROW = (readFileSync(new URL('../fixtures/cli/batch-valid.csv', import.meta.url), 'utf8').split(/\r?\n/)[1] ?? '').split(',');

describe('lianshen validate against the shared import fixtures', () => {
  it('reports exactly the expected row/column/code for each bad row of batch-invalid.csv', async () => {
    const expected = z
      .array(z.object({ row: z.number(), column: z.string(), code: z.string() }))
      .parse(JSON.parse(readFileSync(join(IMPORT_FIXTURES, 'batch-invalid.expected.json'), 'utf8')));
    const { code, report } = await validateJson(['batch-invalid.csv'], IMPORT_FIXTURES);
    expect(code).toBe(1);
    expect(report.errors.map(({ row, column, code: c }) => ({ row, column, code: c }))).toEqual(expected);
    // one error per bad row
    expect(new Set(report.errors.map((e) => e.row)).size).toBe(report.errors.length);
  });

  it('passes batch-valid.csv with its relatives and the GBK copy', async () => {
    expect((await validateJson(['batch-valid.csv', '--relatives', 'relatives-valid.csv'], IMPORT_FIXTURES)).code).toBe(0);
    expect(await validateJson(['batch-valid-gbk.csv'], IMPORT_FIXTURES)).toEqual({ code: 0, report: { valid: true, errors: [] } });
  });
});

describe('lianshen validate on generated bad files', () => {
  it('reports a missing column on the header row', async () => {
    const dir = tempDir();
    const headers = CANDIDATE_HEADERS.filter((h) => h !== '民族');
    const row = VALID_ROW.filter((_, i) => CANDIDATE_HEADERS[i] !== '民族');
    writeFileSync(join(dir, 'missing.csv'), `${headers.join(',')}\n${row.join(',')}\n`);
    const { code, report } = await validateJson(['missing.csv'], dir);
    expect(code).toBe(1);
    expect(report.errors).toEqual([expect.objectContaining({ row: 1, column: '民族', code: 'COLUMN_MISSING' })]);
  });

  it('rejects more than 5,000 rows as a file-level error', async () => {
    const dir = tempDir();
    const rows = Array.from({ length: 5001 }, (_, i) => [String(i + 1), ...VALID_ROW.slice(1)].join(','));
    writeFileSync(join(dir, 'big.csv'), `${CANDIDATE_HEADERS.join(',')}\n${rows.join('\n')}\n`);
    const { code, report } = await validateJson(['big.csv'], dir);
    expect(code).toBe(1);
    expect(report.errors).toEqual([expect.objectContaining({ row: 0, code: 'FILE_TOO_MANY_ROWS' })]);
  });

  it('rejects a file over 10 MB as a file-level error', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'huge.csv'), `${CANDIDATE_HEADERS.join(',')}\n${'x'.repeat(10 * 1024 * 1024)}\n`);
    const { code, report } = await validateJson(['huge.csv'], dir);
    expect(code).toBe(1);
    expect(report.errors).toEqual([expect.objectContaining({ row: 0, code: 'FILE_TOO_LARGE' })]);
  });

  it('explains an ID number that Excel stored as a number in an xlsx', async () => {
    const dir = tempDir();
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('候选人');
    sheet.addRow([...CANDIDATE_HEADERS]);
    const idColumn = CANDIDATE_HEADERS.indexOf('身份证号');
    sheet.addRow(VALID_ROW.map((cell, i) => (i === idColumn ? Number(cell.replace(/X$/, '0')) : cell)));
    writeFileSync(join(dir, 'numeric.xlsx'), new Uint8Array(await workbook.xlsx.writeBuffer()));
    const { code, report } = await validateJson(['numeric.xlsx'], dir);
    expect(code).toBe(1);
    expect(report.errors).toHaveLength(1);
    expect(report.errors[0]).toMatchObject({ row: 2, column: '身份证号' });
    expect(report.errors[0]?.code).toBe('ID_NUMERIC_CELL');
  });
});
