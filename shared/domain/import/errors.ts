// Errors reported for an uploaded file. Validation is all or nothing: one error rejects the file.
//
// Row numbers are the ones Excel shows (the header is row 1, the first data row is row 2).
// - row 0, column '': the file as a whole (size, format, encoding, empty, too many rows);
// - row 1, column = the expected header (or the header found): a problem with the header row;
// - row ≥ 2, column = the header of the offending cell ('' when the cell has no header).
// `sheet` names which table the row belongs to: 候选人, 近亲属 or 部门记录.
import { ID_ERROR_CODES, maskIdNumber } from '../idcard.js';
import { TEXT_ERROR_CODES } from '../text.js';

/** Errors of a policy file, wherever they are found: reading a sheet, or the policy's consistency rules. */
export const POLICY_ERROR_CODES = [
  'POLICY_SHEET_MISSING',
  'POLICY_FIELD_MISSING',
  'POLICY_FIELD_UNKNOWN',
  'POLICY_ID_INVALID',
  'POLICY_VERSION_INVALID',
  'POLICY_CODE_INVALID',
  'POLICY_DUPLICATE',
  'POLICY_DEPARTMENT_UNKNOWN',
  'POLICY_CATEGORY_UNKNOWN',
  'POLICY_CATEGORY_UNANSWERED',
  'POLICY_SEVERITY_INVALID',
  'POLICY_MODE_INVALID',
  'POLICY_SLA_INVALID',
  'POLICY_SCOPE_INVALID',
  'POLICY_WINDOW_INVALID',
  'POLICY_WINDOW_NO_ANCHOR',
  'POLICY_ANCHOR_INVALID',
  'POLICY_ANCHOR_WITHOUT_WINDOW',
  'POLICY_WINDOW_CONFLICT',
  'POLICY_WITHOUT_END_INVALID',
  'POLICY_END_DATE_INVALID',
  'POLICY_STATUS_CONFLICT',
  'POLICY_EXCEPTION_FIELD',
  'POLICY_CLAUSE_EMPTY',
  'POLICY_QUOTE_EMPTY',
  'POLICY_DOCUMENT_MISSING',
  'POLICY_EDUCATION_UNKNOWN',
  'POLICY_POST_UNKNOWN',
  'POLICY_RELATION_UNKNOWN',
  'POLICY_BODY_UNKNOWN',
  'POLICY_UNIT_KIND_UNKNOWN',
  'POLICY_SEX_INVALID',
  'POLICY_NOMINEE_INVALID',
  'POLICY_AGE_INVALID',
  'POLICY_CONDITION_EMPTY',
  'POLICY_GIVES_WAY_INVALID',
  'POLICY_TARGET_UNKNOWN',
  'POLICY_TARGET_INVALID',
  'POLICY_TEXT_INVALID',
  'POLICY_SYNTAX',
  'POLICY_SCHEMA',
  'POLICY_DEPARTMENT_UNDEPLOYED',
  'POLICY_DISCLOSURE_INVALID',
] as const;
export type PolicyErrorCode = (typeof POLICY_ERROR_CODES)[number];

export interface ImportError {
  row: number;
  column: string;
  value: string;
  code: string;
  message: string;
  sheet?: string;
}

export const IMPORT_ERROR_CODES = [
  // the file
  'FILE_EMPTY',
  'FILE_TOO_LARGE',
  'FILE_TOO_MANY_ROWS',
  'FILE_FORMAT',
  'FILE_XLS_UNSUPPORTED',
  'FILE_CORRUPT',
  'FILE_ENCODING',
  'FILE_CSV_SYNTAX',
  'FILE_NO_DATA',
  'RELATIVES_TWO_SOURCES',
  'ERRORS_TRUNCATED',
  // the header row
  'HEADER_NOT_FIRST_ROW',
  'COLUMN_MISSING',
  'COLUMN_MISSPELT',
  'COLUMN_UNKNOWN',
  'COLUMN_DUPLICATE',
  'COLUMN_NO_HEADER',
  // cells
  'VALUE_REQUIRED',
  'VALUE_NOT_ALLOWED',
  'CELL_ERROR',
  'SEQ_INVALID',
  'NAME_INVALID',
  'ETHNICITY_INVALID',
  'TEXT_INVALID',
  ...TEXT_ERROR_CODES,
  'BIRTH_FORMAT',
  'BIRTH_AMBIGUOUS',
  'ID_NUMERIC_CELL',
  'ID_DIGITS_LOST',
  ...ID_ERROR_CODES,
  'ID_SEX_MISMATCH',
  'ID_BIRTH_MISMATCH',
  'ID_DUPLICATE',
  'ID_ALREADY_IN_CAMPAIGN',
  'EXAMPLE_ROW',
  // relatives
  'RELATION_INVALID',
  'RELATIVE_UNKNOWN_CANDIDATE',
  'RELATIVE_SELF',
  'RELATIVE_DUPLICATE',
  // department record extracts
  'DEPARTMENT_UNKNOWN',
  'CATEGORY_UNKNOWN',
  'DATE_FORMAT',
  'DATE_FUTURE',
  'DATE_ORDER',
  'DATE_REQUIRED',
  'STATUS_REQUIRED',
  // the campaign's 行政区划 list, and batches checked against it
  'TOWNSHIP_CODE_INVALID',
  'TOWNSHIP_CODE_DUPLICATE',
  'TOWNSHIP_CODE_CONFLICT',
  'TOWNSHIP_NAME_DUPLICATE',
  'VILLAGE_NAME_DUPLICATE',
  'UNITS_TOO_MANY',
  'UNIT_CHANGED',
  'TOWNSHIP_NOT_IN_CAMPAIGN',
  'VILLAGE_NOT_IN_CAMPAIGN',
  // a year's 放假安排
  'HOLIDAY_WRONG_YEAR',
  'HOLIDAY_DUPLICATE',
  'HOLIDAY_WORKDAY_NOT_WEEKEND',
  // policies (the workbook, YAML or JSON a county writes; docs/policies.md lists them)
  ...POLICY_ERROR_CODES,
  // a post-election batch holds write-in winners only
  'WRITE_IN_REQUIRED',
] as const;
export type ImportErrorCode = (typeof IMPORT_ERROR_CODES)[number];

/** Beyond this many errors the list is cut; the file has a systematic problem by then. */
export const MAX_REPORTED_ERRORS = 1000;

export function importError(
  code: ImportErrorCode,
  row: number,
  column: string,
  value: string,
  message: string,
  sheet?: string,
): ImportError {
  const shown = maskedValue(row, column, value);
  return sheet === undefined ? { row, column, value: shown, code, message } : { row, column, value: shown, code, message, sheet };
}

/** 身份证号, 候选人身份证号, 亲属身份证号. */
const ID_COLUMN = /身份证号$/;

/**
 * An error names the row and the column; it never repeats an ID number (a cell of an ID column
 * with ten digits or more is masked, 110101********1234, as everywhere else).
 */
export function maskedValue(row: number, column: string, value: string): string {
  if (row < 2 || !ID_COLUMN.test(column)) return value;
  const digits = value.replace(/\D/g, '').length;
  return digits >= 10 ? maskIdNumber(value.trim()) : value;
}

/** Excel's column letters: 0 → A, 26 → AA. */
export function columnLetter(index: number): string {
  let n = index + 1;
  let s = '';
  while (n > 0) {
    const r = (n - 1) % 26;
    s = String.fromCharCode(65 + r) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

/** Keeps the order errors were found in per table and caps the list. */
export function finishErrors(errors: ImportError[]): ImportError[] {
  if (errors.length <= MAX_REPORTED_ERRORS) return errors;
  const kept = errors.slice(0, MAX_REPORTED_ERRORS);
  kept.push(
    importError(
      'ERRORS_TRUNCATED',
      0,
      '',
      String(errors.length),
      `共发现 ${errors.length} 处错误，只列出前 ${MAX_REPORTED_ERRORS} 处。错误这么多，通常是整列填法有误，请先按上面的提示改正后再上传。`,
    ),
  );
  return kept;
}
