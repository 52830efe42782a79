// Reads an uploaded .xlsx or CSV into the domain's rows of typed cells (shared/domain/import/rows.ts),
// keeping Excel's row numbers.
// CSV encoding: a BOM decides; otherwise valid UTF-8 is UTF-8 and anything else is GB18030
// (a superset of GBK, what Excel on Chinese Windows writes as "CSV").
import { Buffer } from 'node:buffer';
import ExcelJS from 'exceljs';
import { parse as parseCsv } from 'csv-parse/sync';
import iconv from 'iconv-lite';
import { guardXlsx } from './zip-guard.js';
import { importError } from '../../domain/import/errors.js';
import { MAX_BATCH_ROWS, MAX_RECORD_ROWS, MAX_RELATIVE_ROWS } from '../../domain/import/spec.js';
import { EMPTY_CELL, isBlank, type BookRead, type Cell, type RawRow, type RawSheet } from '../../domain/import/rows.js';

import type { UploadedFile } from '../../app/ports.js';

export type { UploadedFile };

export const MAX_FILE_BYTES = 10 * 1024 * 1024;
/** An .xlsx is a zip; this bounds what it may expand to, so a small file cannot exhaust memory. */
export const MAX_XLSX_UNPACKED_BYTES = 100 * 1024 * 1024;

function extension(filename: string): string {
  const m = /\.([A-Za-z0-9]+)$/.exec(filename.trim());
  return m?.[1]?.toLowerCase() ?? '';
}

function startsWith(bytes: Uint8Array, magic: readonly number[]): boolean {
  return magic.every((b, i) => bytes[i] === b);
}

const ZIP = [0x50, 0x4b, 0x03, 0x04] as const;
const OLE = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1] as const;

/** The most data rows any sheet may hold: the largest limit of any import (近亲属, record extracts). */
export const MAX_SHEET_ROWS = Math.max(MAX_BATCH_ROWS, MAX_RELATIVE_ROWS, MAX_RECORD_ROWS);

export async function readBook(file: UploadedFile, opts: { maxRows?: number } = {}): Promise<BookRead> {
  const fail = (code: Parameters<typeof importError>[0], message: string): BookRead => ({
    ok: false,
    errors: [importError(code, 0, '', file.filename, message)],
  });
  if (file.bytes.length === 0) return fail('FILE_EMPTY', '文件是空的（0 字节）。');
  if (file.bytes.length > MAX_FILE_BYTES) {
    const mb = (file.bytes.length / 1024 / 1024).toFixed(1);
    return fail('FILE_TOO_LARGE', `文件有 ${mb} MB，超过 10 MB 的上限。请把名单拆成几批上传。`);
  }
  const ext = extension(file.filename);
  if (startsWith(file.bytes, OLE)) {
    return fail('FILE_XLS_UNSUPPORTED', '这是旧版 Excel（.xls）或 WPS 文件，请用"另存为"保存成 .xlsx 或 CSV 后再上传。');
  }
  if (startsWith(file.bytes, ZIP)) return readXlsx(file, opts.maxRows ?? MAX_SHEET_ROWS);
  if (ext === 'xlsx' || ext === 'xlsm') {
    return fail('FILE_FORMAT', '文件扩展名是 .xlsx，但内容不是 Excel 文件。请在 Excel 中打开后另存为 .xlsx 再上传。');
  }
  if (ext !== '' && ext !== 'csv' && ext !== 'txt' && ext !== 'tsv') {
    return fail('FILE_FORMAT', `不支持 .${ext} 文件，请上传 .xlsx 或 .csv 文件。`);
  }
  return readCsv(file);
}

// ------------------------------------------------------------------ CSV

function decodeText(bytes: Uint8Array): string | undefined {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (startsWith(bytes, [0xef, 0xbb, 0xbf])) return new TextDecoder('utf-8').decode(bytes.subarray(3));
  if (startsWith(bytes, [0xff, 0xfe])) return iconv.decode(buf.subarray(2), 'utf16le');
  if (startsWith(bytes, [0xfe, 0xff])) return iconv.decode(buf.subarray(2), 'utf16be');
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    // Not UTF-8: Excel on Chinese Windows writes the ANSI code page, GBK, which GB18030 covers.
  }
  const text = iconv.decode(buf, 'gb18030');
  return text.includes('\uFFFD') ? undefined : text;
}

function detectDelimiter(text: string): string {
  const firstLine = text.slice(0, Math.max(0, text.search(/\r?\n|$/)));
  const unquoted = firstLine.replace(/"[^"]*"/g, '');
  const counts = [',', '\t', ';'].map((d) => [d, unquoted.split(d).length - 1] as const);
  const best = counts.reduce((a, b) => (b[1] > a[1] ? b : a));
  if (best[1] > 0) return best[0];
  // A header typed with a Chinese input method: 序号，姓名，…
  return unquoted.includes('，') ? '，' : ',';
}

const CsvRecords = (value: unknown): string[][] | undefined =>
  Array.isArray(value) && value.every((r) => Array.isArray(r) && r.every((c) => typeof c === 'string')) ? value : undefined;

function readCsv(file: UploadedFile): BookRead {
  const text = decodeText(file.bytes);
  if (text === undefined || text.includes('\u0000')) {
    return {
      ok: false,
      errors: [
        importError(
          'FILE_ENCODING',
          0,
          '',
          file.filename,
          '无法识别 CSV 文件的编码（只支持 UTF-8 和 GBK/GB18030）。请在 Excel 中打开后另存为 .xlsx 或"CSV UTF-8"再上传。',
        ),
      ],
    };
  }
  let records: string[][] | undefined;
  try {
    records = CsvRecords(
      parseCsv(text, {
        delimiter: detectDelimiter(text),
        relax_column_count: true,
        relax_quotes: true,
        skip_empty_lines: false,
        bom: true,
      }),
    );
  } catch (err) {
    const line = err instanceof Error && 'lines' in err && typeof err.lines === 'number' ? err.lines : undefined;
    return {
      ok: false,
      errors: [
        importError(
          'FILE_CSV_SYNTAX',
          line ?? 0,
          '',
          file.filename,
          `CSV 文件格式有误${line === undefined ? '' : `（约在第 ${line} 行）`}：多半是某个单元格里的英文双引号没有配对。请在 Excel 中打开检查后另存再上传。`,
        ),
      ],
    };
  }
  const rows: RawRow[] = [];
  (records ?? []).forEach((fields, index) => {
    const cells: Cell[] = fields.map((f) => (f === '' ? EMPTY_CELL : { kind: 'text', text: f }));
    if (cells.some((c) => !isBlank(c))) rows.push({ rowNumber: index + 1, cells });
  });
  return { ok: true, book: { format: 'csv', sheets: [{ name: '', rows }] } };
}

// ------------------------------------------------------------------ xlsx

/** True when an Excel number format shows a day (a "d" outside quotes and brackets). */
export function formatHasDay(numFmt: string | undefined): boolean {
  if (numFmt === undefined) return true;
  const bare = numFmt
    .replace(/"[^"]*"/g, '')
    .replace(/\[[^\]]*\]/g, '')
    .replace(/\\./g, '');
  return /d/i.test(bare) || /^general$/i.test(bare);
}

function isoFromDate(d: Date): string {
  return d.toISOString().slice(0, 10);
}

function toCell(value: ExcelJS.CellValue, numFmt: string | undefined): Cell {
  if (value === null || value === undefined) return EMPTY_CELL;
  if (typeof value === 'string') return value === '' ? EMPTY_CELL : { kind: 'text', text: value };
  if (typeof value === 'number') return { kind: 'number', value };
  if (typeof value === 'boolean') return { kind: 'bool', value };
  if (value instanceof Date) {
    return Number.isNaN(value.getTime())
      ? { kind: 'error', text: '#VALUE!' }
      : { kind: 'date', iso: isoFromDate(value), hasDay: formatHasDay(numFmt) };
  }
  if ('richText' in value) return { kind: 'text', text: value.richText.map((r) => r.text).join('') };
  if ('error' in value) return { kind: 'error', text: String(value.error) };
  if ('hyperlink' in value) return { kind: 'text', text: String(value.text) };
  if ('formula' in value || 'sharedFormula' in value) {
    const result = value.result;
    if (result === undefined) return EMPTY_CELL;
    if (result instanceof Date || typeof result !== 'object') return toCell(result, numFmt);
    return { kind: 'error', text: String(result.error) };
  }
  return EMPTY_CELL;
}

async function readXlsx(file: UploadedFile, maxRows: number): Promise<BookRead> {
  const fail = (code: Parameters<typeof importError>[0], message: string): BookRead => ({
    ok: false,
    errors: [importError(code, 0, '', file.filename, message)],
  });
  // Inflate once under a real budget (never the sizes the archive claims) and a row limit.
  const guarded = await guardXlsx(file.bytes, { maxInflatedBytes: MAX_XLSX_UNPACKED_BYTES, maxRowsPerSheet: maxRows + 1 });
  if (!guarded.ok) {
    switch (guarded.reason) {
      case 'tooLarge':
        return fail('FILE_TOO_LARGE', '这个 Excel 文件解压后超过 100 MB，远超一批名单应有的大小。请只保留需要上传的工作表和数据。');
      case 'tooManyRows':
        return fail('FILE_TOO_MANY_ROWS', `文件中有工作表超过 ${maxRows} 行数据的上限，已停止读取。请分批上传。`);
      case 'encrypted':
        return fail('FILE_CORRUPT', '这个 Excel 文件设置了密码，无法读取。请取消密码后另存为 .xlsx 再上传。');
      case 'corrupt':
        return fail('FILE_CORRUPT', '无法打开这个 Excel 文件，它可能已损坏或被加密。请在 Excel 中打开后另存为 .xlsx 再上传。');
    }
  }
  const workbook = new ExcelJS.Workbook();
  try {
    // exceljs types its input as an ArrayBuffer; a copy gives one that is exactly the file.
    await workbook.xlsx.load(guarded.zip.slice().buffer);
  } catch {
    return {
      ok: false,
      errors: [
        importError(
          'FILE_CORRUPT',
          0,
          '',
          file.filename,
          '无法打开这个 Excel 文件，它可能已损坏或被加密。请在 Excel 中打开后另存为 .xlsx 再上传。',
        ),
      ],
    };
  }
  const sheets: RawSheet[] = [];
  workbook.eachSheet((ws) => {
    const rows: RawRow[] = [];
    ws.eachRow({ includeEmpty: false }, (row, rowNumber) => {
      const cells: Cell[] = [];
      for (let col = 1; col <= row.cellCount; col++) {
        const cell = row.getCell(col);
        cells.push(cell.isMerged && cell.master !== cell ? EMPTY_CELL : toCell(cell.value, cell.numFmt));
      }
      if (cells.some((c) => !isBlank(c))) rows.push({ rowNumber, cells });
    });
    sheets.push({ name: ws.name, rows });
  });
  return { ok: true, book: { format: 'xlsx', sheets } };
}
