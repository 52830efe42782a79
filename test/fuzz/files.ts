// Uploaded files for the fuzz suite: CSV in every encoding people send (UTF-8 with and without BOM,
// GBK, UTF-16, bytes that are none of them) with ragged rows, quotes, formula cells and huge cells,
// and .xlsx workbooks: real ones with wrong headers and wrong cell types, truncated and corrupted ones.
import ExcelJS from 'exceljs';
import fc from 'fast-check';
import iconv from 'iconv-lite';
import {
  CANDIDATE_HEADERS,
  CANDIDATE_SHEET,
  HOLIDAY_HEADERS,
  HOLIDAYS_SHEET,
  RECORD_HEADERS,
  RECORDS_SHEET,
  RELATIVE_HEADERS,
  RELATIVES_SHEET,
  UNIT_HEADERS,
  UNITS_SHEET,
} from '../../shared/domain/import/spec.js';
import { CANDIDATES, RELATIVES } from '../fixtures/import/people.js';
import { HOSTILE_STRINGS } from './arbitraries.js';

/** What a file holds: a batch, a department's extract, a campaign's 行政区划 list, one year's 放假安排 (2027). */
export type FileKind = 'candidates' | 'records' | 'units' | 'holidays';

const SHEETS: Record<FileKind, string> = {
  candidates: CANDIDATE_SHEET,
  records: RECORDS_SHEET,
  units: UNITS_SHEET,
  holidays: HOLIDAYS_SHEET,
};

export interface FuzzFile {
  filename: string;
  bytes: Uint8Array;
}

const CHANGGUO = CANDIDATES.filter((c) => c['乡镇(街道)'] === '昌国街道');

/** Rows (header first) of a file that would be accepted. */
export function validTable(kind: FileKind | 'relatives'): string[][] {
  if (kind === 'candidates') return [[...CANDIDATE_HEADERS], ...CHANGGUO.map((c) => CANDIDATE_HEADERS.map((h) => c[h]))];
  if (kind === 'relatives') return [[...RELATIVE_HEADERS], ...RELATIVES.slice(0, 3).map((r) => RELATIVE_HEADERS.map((h) => r[h]))];
  if (kind === 'units')
    return [
      [...UNIT_HEADERS],
      ['昌国街道', 'changguo', '檀枫社区', '社区'],
      ['昌国街道', 'changguo', '海山村', '村'],
      ['都亭街道', '', '滨江社区', '农村社区'],
    ];
  if (kind === 'holidays')
    return [
      [...HOLIDAY_HEADERS],
      ['2027-01-01', '放假', '元旦'],
      ['2027-02-06', '上班', '调休上班'],
      ['2027-02-11', '放假', '春节'],
      ['2027-02-12', '放假', ''],
    ];
  return [
    [...RECORD_HEADERS],
    ['区纪委', '330902198211030248', '李秀英', '党纪处分', '2020-03-01', '2021-03-01', '', '定纪发〔2020〕12号', ''],
    ['区纪委', '33090219750512013X', '张伟', '立案调查', '2023-01-01', '', '', '', ''],
  ];
}

const cellText = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...HOSTILE_STRINGS) },
  { weight: 2, arbitrary: fc.constantFrom("=cmd|' /C calc'!A0", '=1+1', '-2+3', '@SUM(A1)', '\t=x', '"=HYPERLINK(""x"")"') },
  { weight: 2, arbitrary: fc.string({ unit: fc.constantFrom('"', ',', '\n', '\r', ';', '\t', '测', 'a', '1', '，'), maxLength: 12 }) },
  { weight: 1, arbitrary: fc.constantFrom('测'.repeat(40_000), `"${'a'.repeat(33_000)}`, '1'.repeat(500)) },
  { weight: 1, arbitrary: fc.constantFrom('110101194912310', '1.1010519491231E+17', '11010519491231002X', '2027-02-30', '1970-13', '') },
);

type RowEdit =
  | { kind: 'cell'; row: number; col: number; text: string }
  | { kind: 'ragged'; row: number; keep: number }
  | { kind: 'extra'; row: number; texts: string[] }
  | { kind: 'header'; col: number; text: string }
  | { kind: 'swap'; a: number; b: number }
  | { kind: 'duplicateRow'; row: number }
  | { kind: 'blankRow'; row: number };

const rowEdit: fc.Arbitrary<RowEdit> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ kind: fc.constant('cell' as const), row: fc.nat(), col: fc.nat(), text: cellText }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('ragged' as const), row: fc.nat(), keep: fc.nat({ max: 14 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('extra' as const), row: fc.nat(), texts: fc.array(cellText, { maxLength: 3 }) }) },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('header' as const),
      col: fc.nat(),
      text: fc.oneof(fc.constantFrom('姓 名', '身份证号码', '', '序号', 'Name', '=A1', '\ufeff序号'), cellText),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('swap' as const), a: fc.nat(), b: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('duplicateRow' as const), row: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('blankRow' as const), row: fc.nat() }) },
);

function applyEdits(table: string[][], edits: readonly RowEdit[]): string[][] {
  const rows = table.map((r) => [...r]);
  const width = rows[0]?.length ?? 1;
  const dataRow = (n: number) => 1 + (n % Math.max(1, rows.length - 1));
  for (const e of edits) {
    if (e.kind === 'cell') {
      const r = rows[dataRow(e.row)];
      if (r !== undefined) r[e.col % width] = e.text;
    } else if (e.kind === 'ragged') rows[dataRow(e.row)]?.splice(e.keep);
    else if (e.kind === 'extra') rows[dataRow(e.row)]?.push(...e.texts);
    else if (e.kind === 'header') {
      const header = rows[0];
      if (header !== undefined) header[e.col % width] = e.text;
    } else if (e.kind === 'swap') {
      const a = e.a % rows.length;
      const b = e.b % rows.length;
      const ra = rows[a];
      const rb = rows[b];
      if (ra !== undefined && rb !== undefined) [rows[a], rows[b]] = [rb, ra];
    } else if (e.kind === 'duplicateRow') {
      const r = rows[dataRow(e.row)];
      if (r !== undefined) rows.push([...r]);
    } else rows.splice(dataRow(e.row), 0, []);
  }
  return rows;
}

/** A table of the kind, mostly valid, with a few edits. */
export function table(kind: FileKind | 'relatives'): fc.Arbitrary<string[][]> {
  return fc.array(rowEdit, { maxLength: 4 }).map((edits) => applyEdits(validTable(kind), edits));
}

// ------------------------------------------------------------ CSV

interface CsvStyle {
  delimiter: ',' | '\t' | ';' | '，';
  eol: '\n' | '\r\n' | '\r';
  quoteAll: boolean;
  encoding: 'utf8' | 'utf8-bom' | 'gbk' | 'utf16le-bom' | 'latin1';
  /** Break the quoting: an unterminated quote at the end. */
  brokenQuote: boolean;
}

const csvStyle: fc.Arbitrary<CsvStyle> = fc.record({
  delimiter: fc.constantFrom(',', ',', '\t', ';', '，'),
  eol: fc.constantFrom('\n', '\r\n', '\r'),
  quoteAll: fc.boolean(),
  encoding: fc.constantFrom('utf8', 'utf8', 'utf8-bom', 'gbk', 'utf16le-bom', 'latin1'),
  brokenQuote: fc.constantFrom(false, false, false, true),
});

function csvText(rows: readonly string[][], style: CsvStyle): string {
  const field = (v: string) => (style.quoteAll || v.includes(style.delimiter) || /["\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  const text = rows.map((r) => Array.from(r, (v) => field(v ?? '')).join(style.delimiter)).join(style.eol) + style.eol;
  return style.brokenQuote ? `${text}"unterminated,${style.delimiter}x` : text;
}

function encode(text: string, encoding: CsvStyle['encoding']): Uint8Array {
  switch (encoding) {
    case 'utf8':
      return Buffer.from(text, 'utf8');
    case 'utf8-bom':
      return Buffer.from(`\ufeff${text}`, 'utf8');
    case 'gbk':
      return iconv.encode(text, 'gbk');
    case 'utf16le-bom':
      return Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode(text, 'utf16le')]);
    case 'latin1':
      return iconv.encode(text, 'latin1');
  }
}

const csvName = fc.constantFrom(
  '名单.csv',
  'batch.CSV',
  'records.txt',
  'list.tsv',
  'noext',
  'a.xlsx',
  'a.xls',
  '../../x.csv',
  '名单\u202evsc.exe',
);

export function csvFile(kind: FileKind | 'relatives'): fc.Arbitrary<FuzzFile> {
  return fc
    .tuple(table(kind), csvStyle, csvName)
    .map(([rows, style, filename]) => ({ filename, bytes: encode(csvText(rows, style), style.encoding) }));
}

// ------------------------------------------------------------ xlsx

type CellValue = ExcelJS.CellValue;

/** Cell values of the wrong type where text is expected. */
export const ODD_CELLS: readonly CellValue[] = [
  110105194912310020,
  1.1010519491231e17,
  new Date(Date.UTC(1970, 7, 15)),
  true,
  { formula: 'A1&B1', result: '王建国' },
  { formula: '1/0', result: { error: '#DIV/0!' } },
  { error: '#N/A' },
  { richText: [{ text: '王' }, { text: '建国', font: { bold: true } }] },
  { text: '链接', hyperlink: 'http://example.invalid/' },
  "=cmd|' /C calc'!A0",
  '海山\u0001社区',
  ' ',
  null,
];

async function workbook(sheets: ReadonlyArray<{ name: string; rows: ReadonlyArray<readonly CellValue[]> }>): Promise<Uint8Array> {
  const book = new ExcelJS.Workbook();
  for (const s of sheets) {
    const sheet = book.addWorksheet(s.name);
    for (const r of s.rows) sheet.addRow([...r]);
  }
  return new Uint8Array(await book.xlsx.writeBuffer());
}

/** Real workbooks of the kind: valid, wrong headers, odd cell types, other sheet names, empty. */
export async function workbookPool(kind: FileKind): Promise<Uint8Array[]> {
  const sheetName = SHEETS[kind];
  const rows = validTable(kind);
  const [header = [], ...data] = rows;
  const books: Array<Promise<Uint8Array>> = [
    workbook([{ name: sheetName, rows }]),
    workbook([{ name: 'Sheet1', rows }]),
    workbook([{ name: sheetName, rows: [header] }]),
    workbook([{ name: sheetName, rows: [] }]),
    workbook([{ name: sheetName, rows: [header.map((h) => `${h} `), ...data] }]),
    workbook([{ name: sheetName, rows: [[...header].reverse(), ...data] }]),
    workbook([{ name: sheetName, rows: [header.slice(1), ...data] }]),
    workbook([{ name: sheetName, rows: [[], [], ...rows] }]),
    workbook([
      { name: '填写说明', rows: [['说明']] },
      { name: sheetName, rows },
    ]),
    workbook([
      { name: sheetName, rows },
      { name: RELATIVES_SHEET, rows: validTable('relatives') },
    ]),
  ];
  ODD_CELLS.forEach((odd, i) => {
    const edited: CellValue[][] = rows.map((r) => [...r]);
    const target = edited[1 + (i % data.length)];
    if (target !== undefined) target[i % header.length] = odd;
    books.push(workbook([{ name: sheetName, rows: edited }]));
  });
  return Promise.all(books);
}

type ByteEdit =
  | { kind: 'keep' }
  | { kind: 'truncate'; at: number }
  | { kind: 'flip'; at: number; xor: number }
  | { kind: 'zero'; from: number; length: number };

const byteEdit: fc.Arbitrary<ByteEdit> = fc.oneof(
  { weight: 3, arbitrary: fc.constant<ByteEdit>({ kind: 'keep' }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), xor: fc.integer({ min: 1, max: 255 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('zero' as const), from: fc.nat(), length: fc.integer({ min: 1, max: 64 }) }) },
);

function editBytes(bytes: Uint8Array, e: ByteEdit): Uint8Array {
  if (e.kind === 'keep') return bytes;
  const out = new Uint8Array(bytes);
  if (e.kind === 'truncate') return out.subarray(0, e.at % bytes.length);
  if (e.kind === 'flip') {
    const i = e.at % out.length;
    out[i] = (out[i] ?? 0) ^ e.xor;
    return out;
  }
  out.fill(0, e.from % out.length, (e.from % out.length) + e.length);
  return out;
}

/** End of central directory saying 0 entries, after a local header: the shape of the budget bypass. */
const EMPTY_EOCD = Uint8Array.from([0x50, 0x4b, 0x05, 0x06, ...new Array<number>(18).fill(0)]);

const corruptZip: fc.Arbitrary<Uint8Array> = fc.oneof(
  fc.uint8Array({ minLength: 0, maxLength: 300 }).map((tail) => Uint8Array.from([0x50, 0x4b, 0x03, 0x04, ...tail])),
  fc.uint8Array({ minLength: 0, maxLength: 100 }).map((tail) => Uint8Array.from([0x50, 0x4b, 0x03, 0x04, ...tail, ...EMPTY_EOCD])),
  fc.constant(Uint8Array.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0])),
  fc.uint8Array({ minLength: 1, maxLength: 400 }),
);

const xlsxName = fc.constantFrom('名单.xlsx', 'a.XLSX', 'book.xlsm', 'book.csv', 'noext', '测.xlsx');

export function xlsxFile(pool: readonly Uint8Array[]): fc.Arbitrary<FuzzFile> {
  const real = fc.tuple(fc.constantFrom(...pool), byteEdit).map(([bytes, e]) => editBytes(bytes, e));
  return fc
    .tuple(fc.oneof({ weight: 4, arbitrary: real }, { weight: 1, arbitrary: corruptZip }), xlsxName)
    .map(([bytes, filename]) => ({ filename, bytes }));
}

/** Any upload of the kind. */
export function anyFile(kind: FileKind, pool: readonly Uint8Array[]): fc.Arbitrary<FuzzFile> {
  return fc.oneof(
    { weight: 3, arbitrary: csvFile(kind) },
    { weight: 2, arbitrary: xlsxFile(pool) },
    { weight: 1, arbitrary: fc.constant<FuzzFile>({ filename: 'empty.csv', bytes: new Uint8Array() }) },
  );
}

export const base64 = (file: FuzzFile): string => Buffer.from(file.bytes).toString('base64');
