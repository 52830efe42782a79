// Department record extracts: what a department knows about people, matched to candidates by ID.
import { chinaToday, normalizeIdInput, upgradeLegacyId } from '../idcard.js';
import { RecordRow, type Category, type Finding, type Policy, type RecordRow as RecordRowType } from '../model.js';
import { parseDayCell, parseFreeText, parseIdCell, parsePersonName, parseRequiredText, type CellResult } from './cells.js';
import { finishErrors, importError, type ImportError, type ImportErrorCode } from './errors.js';
import { closest, compactText, normalizeName, quoteList } from './normalize.js';
import { findSheet, openTable, pickSheet, type DataRow } from './sheet.js';
import {
  EXAMPLE_ID,
  INSTRUCTIONS_SHEET,
  MAX_RECORD_ROWS,
  OPTIONS_SHEET,
  RECORD_HEADERS,
  RECORDS_SHEET,
  type RecordHeader,
} from './spec.js';
import type { BookRead } from './rows.js';

/** An extract file, already read into rows (shared/adapters/files reads the bytes). */
export interface RecordsBook {
  filename: string;
  read: BookRead;
  /** YYYY-MM-DD; a 起始日期 after it is rejected. Defaults to today in China. */
  today?: string;
}

export type RecordsResult = { ok: true; rows: RecordRowType[] } | { ok: false; errors: ImportError[] };

export interface MatchHint {
  kind: 'id-match-name-differs';
  category: string;
  recordName: string;
  documentNumber?: string;
}

type Report = (code: ImportErrorCode, column: RecordHeader, message: string) => void;

function parseDepartment(raw: string, policy: Policy): CellResult<string> {
  const text = compactText(raw);
  const byName = policy.departments.find((d) => compactText(d.name) === text);
  if (byName !== undefined) return { ok: true, value: byName.name };
  const names = policy.departments.map((d) => d.name);
  const byCode = policy.departments.find((d) => d.code === text.toLowerCase());
  const hint = byCode?.name ?? closest(text, names);
  return {
    ok: false,
    code: 'DEPARTMENT_UNKNOWN',
    message: `"部门"必须是政策"${policy.name}"所列的部门名称。${hint === undefined ? `可填：${quoteList(names)}。` : `是不是想填"${hint}"？`}`,
  };
}

function parseCategory(raw: string, policy: Policy): CellResult<Category> {
  const text = compactText(raw);
  const found = policy.categories.find((c) => compactText(c.label) === text);
  if (found !== undefined) return { ok: true, value: found };
  const labels = policy.categories.map((c) => c.label);
  const hint = closest(text, labels);
  return {
    ok: false,
    code: 'CATEGORY_UNKNOWN',
    message: `"记录类别"必须是政策"${policy.name}"的类别之一：${quoteList(labels)}。${hint === undefined ? '' : `是不是想填"${hint}"？`}`,
  };
}

function parseRecordRow(row: DataRow<RecordHeader>, policy: Policy, today: string, report: Report): RecordRowType | undefined {
  const t = <T>(column: RecordHeader, result: CellResult<T>): T | undefined => {
    if (result.ok) return result.value;
    report(result.code, column, result.message);
    return undefined;
  };
  const cell = row.cell;

  const departmentText = t('部门', parseRequiredText(cell('部门'), '部门'));
  const department = departmentText === undefined ? undefined : t('部门', parseDepartment(departmentText, policy));
  const id = t('身份证号', parseIdCell(cell('身份证号'), '身份证号', today));
  const name = t('姓名', parsePersonName(cell('姓名'), '姓名'));
  const categoryText = t('记录类别', parseRequiredText(cell('记录类别'), '记录类别'));
  const category = categoryText === undefined ? undefined : t('记录类别', parseCategory(categoryText, policy));
  const startResult = parseDayCell(cell('起始日期'), '起始日期');
  const endResult = parseDayCell(cell('终止日期'), '终止日期');
  const startDate = t('起始日期', startResult);
  const endDate = t('终止日期', endResult);
  const statusResult = parseFreeText(cell('状态'), '状态');
  const status = t('状态', statusResult);
  const documentResult = parseFreeText(cell('文号'), '文号');
  const documentNumber = t('文号', documentResult);
  const noteResult = parseFreeText(cell('备注'), '备注');
  const note = t('备注', noteResult);

  if (id?.idNumber === EXAMPLE_ID) report('EXAMPLE_ROW', '身份证号', '这是模板里的示例行，请删除后再上传。');
  if (startDate !== undefined && startDate > today) {
    report('DATE_FUTURE', '起始日期', `起始日期 ${startDate} 晚于今天，请核对。`);
  }
  if (startDate !== undefined && endDate !== undefined && endDate < startDate) {
    report('DATE_ORDER', '终止日期', `终止日期 ${endDate} 早于起始日期 ${startDate}。`);
  }
  if (category !== undefined && startResult.ok && endResult.ok && statusResult.ok) {
    const w = category.window;
    if (w.kind === 'years' && w.ongoingWithoutEnd !== true && startDate === undefined && endDate === undefined) {
      report(
        'DATE_REQUIRED',
        '起始日期',
        `"${category.label}"按${w.years}年计算影响期，起始日期和终止日期至少要填一个（有终止日期时从终止日期起算）。`,
      );
    }
    if (w.kind === 'status' && w.alsoWithoutEnd !== true && status === undefined) {
      report('STATUS_REQUIRED', '状态', `"${category.label}"是否影响资格取决于状态（${quoteList(w.statuses)}），"状态"不能为空。`);
    }
  }

  if (
    department === undefined ||
    id === undefined ||
    name === undefined ||
    category === undefined ||
    !startResult.ok ||
    !endResult.ok ||
    !statusResult.ok ||
    !documentResult.ok ||
    !noteResult.ok
  ) {
    return undefined;
  }
  return RecordRow.parse({
    department,
    idNumber: id.idNumber,
    name,
    category: category.label,
    ...(startDate === undefined ? {} : { startDate }),
    ...(endDate === undefined ? {} : { endDate }),
    ...(status === undefined ? {} : { status }),
    ...(documentNumber === undefined ? {} : { documentNumber }),
    ...(note === undefined ? {} : { note }),
  });
}

/** A department's record extract. A file with only the header means "no records" and is valid. */
export function validateRecords(input: RecordsBook, policy: Policy): RecordsResult {
  const today = input.today ?? chinaToday();
  const book = input.read;
  if (!book.ok) return { ok: false, errors: book.errors.map((e) => ({ ...e, sheet: RECORDS_SHEET })) };
  const sheet = findSheet(book.book.sheets, RECORDS_SHEET) ??
    pickSheet(book.book.sheets, RECORDS_SHEET, [INSTRUCTIONS_SHEET, OPTIONS_SHEET]) ?? { name: RECORDS_SHEET, rows: [] };
  const opened = openTable(
    sheet,
    { title: RECORDS_SHEET, headers: RECORD_HEADERS, maxRows: MAX_RECORD_ROWS, headerOnlyIsValid: true },
    input.filename,
  );
  const errors: ImportError[] = [...opened.errors];
  const rows: RecordRowType[] = [];
  if (opened.ok) {
    for (const row of opened.table.rows) {
      const report: Report = (code, column, message) =>
        errors.push(importError(code, row.rowNumber, column, row.display(column), message, RECORDS_SHEET));
      const parsed = parseRecordRow(row, policy, today, report);
      if (parsed !== undefined) rows.push(parsed);
    }
  }
  if (errors.length > 0) return { ok: false, errors: finishErrors(errors) };
  return { ok: true, rows };
}

/** Names compared without spaces and 间隔号, which people write inconsistently. */
function nameKey(name: string): string {
  return normalizeName(name).replace(/[·\s\u202F]/g, '');
}

function canonicalId(raw: string): string {
  const id = normalizeIdInput(raw);
  return /^\d{15}$/.test(id) ? upgradeLegacyId(id) : id;
}

/**
 * Records about a candidate, matched by ID number only. A record with the candidate's ID but a
 * different name is not a finding: it goes to a human reviewer as a hint.
 */
export function matchRecords(
  candidate: { idNumber: string; name: string },
  rows: readonly RecordRowType[],
): { findings: Finding[]; hints: MatchHint[] } {
  const id = canonicalId(candidate.idNumber);
  const name = nameKey(candidate.name);
  const findings: Finding[] = [];
  const hints: MatchHint[] = [];
  for (const row of rows) {
    if (canonicalId(row.idNumber) !== id) continue;
    if (nameKey(row.name) === name) {
      findings.push({
        category: row.category,
        ...(row.startDate === undefined ? {} : { startDate: row.startDate }),
        ...(row.endDate === undefined ? {} : { endDate: row.endDate }),
        ...(row.status === undefined ? {} : { status: row.status }),
        ...(row.documentNumber === undefined ? {} : { documentNumber: row.documentNumber }),
        ...(row.note === undefined ? {} : { note: row.note }),
      });
    } else {
      hints.push({
        kind: 'id-match-name-differs',
        category: row.category,
        recordName: row.name,
        ...(row.documentNumber === undefined ? {} : { documentNumber: row.documentNumber }),
      });
    }
  }
  return { findings, hints };
}
