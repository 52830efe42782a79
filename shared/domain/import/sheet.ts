// Finds the header row of a table, maps columns by header, and hands out data rows.
import { columnLetter, importError, type ImportError, type ImportErrorCode } from './errors.js';
import { closest, compactText } from './normalize.js';
import { HEADER_ALIASES } from './spec.js';
import { displayCell, isBlank, type Cell, type RawRow, type RawSheet } from './rows.js';

export interface TableSpec<H extends string> {
  /** The table's name in error reports: 候选人, 近亲属, 部门记录. */
  title: string;
  /** Columns that must be there. */
  headers: readonly H[];
  /** Columns that may be left out (their cells read as empty). */
  optionalHeaders?: readonly H[];
  maxRows: number;
  /** A header without data rows means "nothing to report" rather than an error. */
  headerOnlyIsValid: boolean;
}

export interface DataRow<H extends string> {
  rowNumber: number;
  cell(header: H): Cell;
  display(header: H): string;
}

export interface Table<H extends string> {
  title: string;
  rows: DataRow<H>[];
}

export type OpenResult<H extends string> = { ok: true; table: Table<H>; errors: ImportError[] } | { ok: false; errors: ImportError[] };

const EMPTY: Cell = { kind: 'empty' };

function headerTexts(row: RawRow): string[] {
  return row.cells.map((c) => compactText(displayCell(c)).replace(/（/g, '(').replace(/）/g, ')'));
}

function matchesHeader(texts: readonly string[], headers: readonly string[]): number {
  return headers.filter((h) => texts.includes(h)).length;
}

export function openTable<H extends string>(sheet: RawSheet, spec: TableSpec<H>, filename: string): OpenResult<H> {
  const title = spec.title;
  const err = (code: ImportErrorCode, row: number, column: string, value: string, message: string): ImportError =>
    importError(code, row, column, value, message, title);

  const first = sheet.rows[0];
  if (first === undefined) {
    return { ok: false, errors: [err('FILE_EMPTY', 0, '', filename, `${title}表是空的：连表头都没有。请使用模板填写。`)] };
  }
  if (first.rowNumber !== 1) {
    return {
      ok: false,
      errors: [err('HEADER_NOT_FIRST_ROW', first.rowNumber, '', '', `表头必须在第1行，第1行现在是空的。请删除表头上面的空行。`)],
    };
  }
  const texts = headerTexts(first);
  const known: readonly string[] = [...spec.headers, ...(spec.optionalHeaders ?? [])];
  const half = Math.ceil(spec.headers.length / 2);
  if (matchesHeader(texts, spec.headers) < half) {
    const later = sheet.rows.slice(1, 10).find((r) => matchesHeader(headerTexts(r), spec.headers) >= half);
    if (later !== undefined) {
      return {
        ok: false,
        errors: [
          err(
            'HEADER_NOT_FIRST_ROW',
            later.rowNumber,
            '',
            displayCell(first.cells.find((c) => !isBlank(c))),
            `表头必须在第1行，现在在第${later.rowNumber}行。请删除表头上面的标题或说明行。`,
          ),
        ],
      };
    }
  }

  const errors: ImportError[] = [];
  const columns = new Map<string, number>();
  const unknown: Array<{ index: number; text: string }> = [];
  const duplicates: number[] = [];
  texts.forEach((text, index) => {
    if (text === '') return;
    if (known.includes(text)) {
      if (columns.has(text)) {
        duplicates.push(index);
        errors.push(
          err(
            'COLUMN_DUPLICATE',
            1,
            text,
            text,
            `"${text}"列出现了两次（第${columnLetter(columns.get(text) ?? 0)}列和第${columnLetter(index)}列），请删掉多余的一列。`,
          ),
        );
      } else {
        columns.set(text, index);
      }
    } else {
      unknown.push({ index, text });
    }
  });

  const missing = spec.headers.filter((h) => !columns.has(h));
  const absentOptional = (spec.optionalHeaders ?? []).filter((h) => !columns.has(h));
  const paired = new Set<string>();
  const fatal = missing.length > 0;
  for (const u of unknown) {
    const open = [...missing, ...absentOptional].filter((m) => !paired.has(m));
    const target = open.find((m) => HEADER_ALIASES[m]?.includes(u.text)) ?? closest(u.text, open);
    if (target !== undefined) {
      paired.add(target);
      errors.push(
        err(
          'COLUMN_MISSPELT',
          1,
          target,
          displayCell(first.cells[u.index]),
          `第${columnLetter(u.index)}列的表头"${u.text}"应改为"${target}"。`,
        ),
      );
    } else {
      errors.push(
        err(
          'COLUMN_UNKNOWN',
          1,
          u.text,
          displayCell(first.cells[u.index]),
          `第${columnLetter(u.index)}列"${u.text}"不是模板中的列，请删除该列。${title}表的表头应为：${known.join('、')}。`,
        ),
      );
    }
  }
  for (const m of missing) {
    if (paired.has(m)) continue;
    errors.push(err('COLUMN_MISSING', 1, m, '', `缺少"${m}"列。${title}表的表头应为：${spec.headers.join('、')}。`));
  }
  if (fatal) return { ok: false, errors };

  const data = sheet.rows.slice(1);
  if (data.length === 0) {
    if (spec.headerOnlyIsValid) return { ok: true, table: { title, rows: [] }, errors };
    errors.push(err('FILE_NO_DATA', 0, '', filename, `${title}表只有表头，没有数据行。`));
    return { ok: false, errors };
  }
  if (data.length > spec.maxRows) {
    errors.push(
      err(
        'FILE_TOO_MANY_ROWS',
        0,
        '',
        String(data.length),
        `${title}表有 ${data.length} 行数据，超过每次 ${spec.maxRows} 行的上限。请分批上传。`,
      ),
    );
    return { ok: false, errors };
  }

  // Data in a column without a header: reported once per column, at its first row.
  const mapped = new Set(columns.values());
  const reported = new Set<number>([...unknown.map((u) => u.index), ...duplicates]);
  for (const row of data) {
    row.cells.forEach((cell, index) => {
      if (mapped.has(index) || reported.has(index) || isBlank(cell)) return;
      reported.add(index);
      errors.push(
        err(
          'COLUMN_NO_HEADER',
          row.rowNumber,
          '',
          displayCell(cell),
          `第${columnLetter(index)}列没有表头却填了内容（从第${row.rowNumber}行起）。请删除这些内容或整列。`,
        ),
      );
    });
  }

  const rows = data.map((raw): DataRow<H> => {
    const cell = (h: H): Cell => {
      const index = columns.get(h);
      return index === undefined ? EMPTY : (raw.cells[index] ?? EMPTY);
    };
    return { rowNumber: raw.rowNumber, cell, display: (h) => displayCell(cell(h)) };
  });
  return { ok: true, table: { title, rows }, errors };
}

/** Finds a sheet by name (ignoring spaces), else the first one not reserved for something else. */
export function pickSheet(sheets: readonly RawSheet[], name: string, reserved: readonly string[]): RawSheet | undefined {
  const byName = sheets.find((s) => compactText(s.name) === name);
  if (byName !== undefined) return byName;
  return sheets.find((s) => !reserved.includes(compactText(s.name)));
}

export function findSheet(sheets: readonly RawSheet[], name: string): RawSheet | undefined {
  return sheets.find((s) => compactText(s.name) === name);
}
