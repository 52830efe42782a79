// Builders for upload files in tests.
import ExcelJS from 'exceljs';
import { Policy } from '../../../shared/domain/model.js';
import type { UploadedFile } from '../../../shared/adapters/files/read-book.js';

export const TODAY = '2026-11-22';

export function file(bytes: Uint8Array, filename: string): UploadedFile {
  return { bytes, filename };
}

export const text = (s: string, filename = 'upload.csv'): UploadedFile => file(new TextEncoder().encode(s), filename);

/** A cell with an explicit Excel number format (dates, text). */
export interface FormattedCell {
  value: ExcelJS.CellValue;
  numFmt: string;
}

export type SheetRows = ReadonlyArray<ReadonlyArray<ExcelJS.CellValue | FormattedCell>>;

function isFormatted(v: ExcelJS.CellValue | FormattedCell): v is FormattedCell {
  return typeof v === 'object' && v !== null && !(v instanceof Date) && 'numFmt' in v;
}

/** An .xlsx with the given sheets; rows start at Excel row 1 unless `startRow` says otherwise. */
export async function xlsx(sheets: Record<string, SheetRows>, filename = 'upload.xlsx', startRow = 1): Promise<UploadedFile> {
  const workbook = new ExcelJS.Workbook();
  for (const [name, rows] of Object.entries(sheets)) {
    const ws = workbook.addWorksheet(name);
    rows.forEach((row, r) => {
      row.forEach((v, c) => {
        const cell = ws.getCell(startRow + r, c + 1);
        if (isFormatted(v)) {
          cell.value = v.value;
          cell.numFmt = v.numFmt;
        } else {
          cell.value = v;
        }
      });
    });
  }
  const buffer = await workbook.xlsx.writeBuffer();
  return file(new Uint8Array(buffer), filename);
}

export async function loadWorkbook(bytes: Uint8Array): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(bytes.slice().buffer);
  return workbook;
}

const citation = { document: '《测试方案》', clause: '“五不能”', quote: '五不能', file: '001_450a4215c6f8d83b.txt' };

/** A small policy for import tests; the real ones live in shared/domain/policies/. */
export const TEST_POLICY = Policy.parse({
  id: 'test-policy',
  version: '1',
  name: '测试政策',
  jurisdiction: '测试县',
  document: { title: '《测试方案》' },
  source: citation,
  departments: [
    { code: 'public-security', name: '区公安分局', slaDays: 5, mode: 'auto' },
    { code: 'discipline', name: '区纪委区监委', slaDays: 5, mode: 'manual', appliesTo: 'partyMembers' },
    { code: 'land', name: '自然资源和规划分局', slaDays: 5, mode: 'auto' },
  ],
  categories: [
    {
      label: '刑事处罚',
      group: '五不能',
      severity: 'bar',
      window: { kind: 'years', years: 5, anchor: 'end', ongoingWithoutEnd: true },
      citation,
    },
    { label: '拉票贿选', group: '五不能', severity: 'bar', window: { kind: 'years', years: 5, anchor: 'end' }, citation },
    { label: '党纪处分', group: '五不能', severity: 'bar', window: { kind: 'untilEnd' }, citation },
    { label: '邪教组织', group: '五不能', severity: 'bar', window: { kind: 'permanent' }, citation },
    { label: '违法用地', group: '六不宜', severity: 'concern', window: { kind: 'status', statuses: ['未整改'] }, citation },
    { label: '立案调查', group: '五不能', severity: 'bar', window: { kind: 'status', statuses: ['在查'], alsoWithoutEnd: true }, citation },
  ],
});
