// What the domain sees of an uploaded file: sheets of rows of typed cells, with Excel's row
// numbers. The file formats themselves (xlsx, CSV in UTF-8 or GB18030) are read by
// shared/adapters/files/read-book.ts.
import { compactText } from './normalize.js';
import type { ImportError } from './errors.js';

export type Cell =
  | { kind: 'empty' }
  | { kind: 'text'; text: string }
  | { kind: 'number'; value: number }
  | { kind: 'date'; iso: string; hasDay: boolean }
  | { kind: 'bool'; value: boolean }
  | { kind: 'error'; text: string };

export interface RawRow {
  /** As Excel shows it: 1 is the first row. */
  rowNumber: number;
  cells: Cell[];
}

export interface RawSheet {
  name: string;
  /** Only rows with at least one non-empty cell. */
  rows: RawRow[];
}

export interface RawBook {
  format: 'csv' | 'xlsx';
  sheets: RawSheet[];
}

/** A file read into a book, or the file-level errors (empty, too large, not a spreadsheet…). */
export type BookRead = { ok: true; book: RawBook } | { ok: false; errors: ImportError[] };

export const EMPTY_CELL: Cell = { kind: 'empty' };

export function isBlank(cell: Cell | undefined): boolean {
  return cell === undefined || cell.kind === 'empty' || (cell.kind === 'text' && compactText(cell.text) === '');
}

/** The cell as the user would read it on screen, for error reports. */
export function displayCell(cell: Cell | undefined): string {
  if (cell === undefined) return '';
  switch (cell.kind) {
    case 'empty':
      return '';
    case 'text':
      return cell.text;
    case 'number':
      return displayNumber(cell.value);
    case 'date':
      return cell.hasDay ? cell.iso : cell.iso.slice(0, 7);
    case 'bool':
      return cell.value ? 'TRUE' : 'FALSE';
    case 'error':
      return cell.text;
  }
}

/** Large integers the way Excel's General format shows them (4.10102E+17). */
export function displayNumber(value: number): string {
  if (Number.isInteger(value) && Math.abs(value) >= 1e11) {
    const [mantissa = '', exponent = ''] = value.toExponential(5).split('e');
    const trimmed = mantissa.includes('.') ? mantissa.replace(/0+$/, '').replace(/\.$/, '') : mantissa;
    return `${trimmed}E${exponent.startsWith('-') ? exponent : `+${exponent.replace('+', '')}`}`;
  }
  return String(value);
}
