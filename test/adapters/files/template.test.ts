import { beforeAll, describe, expect, it } from 'vitest';
import type ExcelJS from 'exceljs';
import { parseBatch, parseRecords } from '../../../shared/adapters/files/uploads.js';
import { CANDIDATE_HEADERS, RECORD_HEADERS, RELATIVE_HEADERS } from '../../../shared/domain/import/spec.js';
import { buildBatchTemplate, buildRecordsTemplate, TEMPLATE_ROWS } from '../../../shared/adapters/files/template.js';
import { EDUCATIONS, NOMINATION_TYPES, POLITICAL_STATUSES, POSTS, RELATIONS } from '../../../shared/domain/model.js';
import { CANDIDATES, RELATIVES } from '../../fixtures/import/people.js';
import { TEST_POLICY, TODAY, loadWorkbook } from '../../domain/import/helpers.js';

const LAST = TEMPLATE_ROWS + 1;

function headerRow(ws: ExcelJS.Worksheet): string[] {
  const values: string[] = [];
  ws.getRow(1).eachCell((cell) => values.push(String(cell.value)));
  return values;
}

function listOf(ws: ExcelJS.Worksheet, address: string): string | undefined {
  const dv = ws.getCell(address).dataValidation;
  return dv?.type === 'list' ? String(dv.formulae[0]) : undefined;
}

const inline = (values: readonly string[]) => `"${values.join(',')}"`;

async function save(workbook: ExcelJS.Workbook): Promise<Uint8Array> {
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}

describe('buildBatchTemplate', () => {
  let bytes: Uint8Array;
  let workbook: ExcelJS.Workbook;
  beforeAll(async () => {
    bytes = await buildBatchTemplate();
    workbook = await loadWorkbook(bytes);
  });

  it('has the 候选人, 近亲属 and 填写说明 sheets with the exact headers', () => {
    expect(workbook.worksheets.map((w) => w.name)).toEqual(['候选人', '近亲属', '填写说明']);
    expect(headerRow(workbook.getWorksheet('候选人')!)).toEqual([...CANDIDATE_HEADERS]);
    expect(headerRow(workbook.getWorksheet('近亲属')!)).toEqual([...RELATIVE_HEADERS]);
  });

  it('puts a drop-down on every enumerated column, for every template row', () => {
    const ws = workbook.getWorksheet('候选人')!;
    const expected: Array<[string, readonly string[]]> = [
      ['C', ['男', '女']],
      ['G', EDUCATIONS],
      ['H', POLITICAL_STATUSES],
      ['K', POSTS],
      ['L', NOMINATION_TYPES],
      ['M', ['是', '否']],
    ];
    for (const [column, values] of expected) {
      for (const row of [2, 3, 1000, LAST]) expect(listOf(ws, `${column}${row}`), `${column}${row}`).toBe(inline(values));
    }
    expect(listOf(ws, 'C1')).toBeUndefined();
    expect(listOf(ws, `C${LAST + 1}`)).toBeUndefined();
    expect(listOf(workbook.getWorksheet('近亲属')!, `C${LAST}`)).toBe(inline(RELATIONS));
  });

  it('formats the ID columns as text so Excel keeps all 18 digits', () => {
    const ws = workbook.getWorksheet('候选人')!;
    for (const row of [2, 500, LAST]) expect(ws.getCell(`E${row}`).numFmt).toBe('@');
    expect(ws.getColumn(5).numFmt).toBe('@');
    const rel = workbook.getWorksheet('近亲属')!;
    expect(rel.getCell(`A${LAST}`).numFmt).toBe('@');
    expect(rel.getCell(`D${LAST}`).numFmt).toBe('@');
  });

  it('has an example row and explains every column and the common mistakes', () => {
    const ws = workbook.getWorksheet('候选人')!;
    expect(ws.getCell('E2').value).toBe('11010519491231002X');
    const instructions: string[] = [];
    workbook.getWorksheet('填写说明')!.eachRow((row) => row.eachCell((c) => instructions.push(String(c.value))));
    const all = instructions.join('\n');
    for (const header of [...CANDIDATE_HEADERS, ...RELATIVE_HEADERS]) expect(instructions).toContain(header);
    expect(all).toContain('4.10102E+17');
    expect(all).toContain('示例');
  });

  it('is rejected as it comes, pointing at the example rows to delete', async () => {
    const result = await parseBatch({ candidates: { bytes, filename: '模板.xlsx' }, today: TODAY });
    expect(result.ok ? [] : result.errors.map((e) => [e.sheet, e.row, e.code])).toEqual([
      ['候选人', 2, 'EXAMPLE_ROW'],
      ['近亲属', 2, 'EXAMPLE_ROW'],
    ]);
  });

  it('is accepted once filled in with real rows', async () => {
    const filled = await loadWorkbook(bytes);
    const ws = filled.getWorksheet('候选人')!;
    for (const [i, c] of CANDIDATES.entries()) {
      for (const [j, h] of CANDIDATE_HEADERS.entries()) ws.getCell(i + 2, j + 1).value = h === '序号' ? Number(c[h]) : c[h];
    }
    const rel = filled.getWorksheet('近亲属')!;
    for (const [i, r] of RELATIVES.entries()) {
      for (const [j, h] of RELATIVE_HEADERS.entries()) rel.getCell(i + 2, j + 1).value = r[h] === '' ? null : r[h];
    }
    const result = await parseBatch({ candidates: { bytes: await save(filled), filename: '候选人.xlsx' }, today: TODAY });
    expect(result.ok).toBe(true);
    if (result.ok) {
      expect(result.candidates).toHaveLength(CANDIDATES.length);
      expect(result.relatives).toHaveLength(RELATIVES.length);
    }
  });
});

describe('buildRecordsTemplate', () => {
  let bytes: Uint8Array;
  let workbook: ExcelJS.Workbook;
  beforeAll(async () => {
    bytes = await buildRecordsTemplate(TEST_POLICY);
    workbook = await loadWorkbook(bytes);
  });

  it('has the record headers, and drop-downs of the policy departments and categories', () => {
    const ws = workbook.getWorksheet('部门记录')!;
    expect(headerRow(ws)).toEqual([...RECORD_HEADERS]);
    const options = workbook.getWorksheet('选项')!;
    expect(options.state).toBe('hidden');
    const column = (c: number, n: number) => Array.from({ length: n }, (_, i) => String(options.getCell(i + 2, c).value));
    expect(column(1, TEST_POLICY.departments.length)).toEqual(TEST_POLICY.departments.map((d) => d.name));
    expect(column(2, TEST_POLICY.categories.length)).toEqual(TEST_POLICY.categories.map((c) => c.label));
    expect(listOf(ws, `A${LAST}`)).toBe(`'选项'!$A$2:$A$${TEST_POLICY.departments.length + 1}`);
    expect(listOf(ws, `D${LAST}`)).toBe(`'选项'!$B$2:$B$${TEST_POLICY.categories.length + 1}`);
    expect(ws.getCell(`B${LAST}`).numFmt).toBe('@');
  });

  it('explains each category of the policy', () => {
    const text: string[] = [];
    workbook.getWorksheet('填写说明')!.eachRow((row) => row.eachCell((c) => text.push(String(c.value))));
    for (const c of TEST_POLICY.categories) expect(text).toContain(c.label);
  });

  it('is rejected as it comes (example row), and accepted with only its header', async () => {
    const asIs = await parseRecords({ bytes, filename: 'records.xlsx', today: TODAY }, TEST_POLICY);
    expect(asIs.ok ? [] : asIs.errors.map((e) => e.code)).toEqual(['EXAMPLE_ROW']);
    const emptied = await loadWorkbook(bytes);
    emptied.getWorksheet('部门记录')!.spliceRows(2, 1);
    const headerOnly = await parseRecords({ bytes: await save(emptied), filename: 'records.xlsx', today: TODAY }, TEST_POLICY);
    expect(headerOnly).toEqual({ ok: true, rows: [] });
  });
});
