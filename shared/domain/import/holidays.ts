// One year's 放假安排 as the organization department types it from the State Council's notice:
// one row per day (日期, 类型 放假/上班, 说明), validated all or nothing into a HolidayYear.
import { addDays } from '../dates.js';
import { textProblem } from '../text.js';
import { HolidayYear } from '../working-days.js';
import { type CellResult, parseEnum, parseFreeText } from './cells.js';
import { parseDay } from './dates.js';
import { finishErrors, type ImportError, type ImportErrorCode, importError } from './errors.js';
import { isBlank, type BookRead } from './rows.js';
import { type DataRow, openTable, pickSheet } from './sheet.js';
import {
  HOLIDAY_HEADERS,
  HOLIDAY_KINDS,
  HOLIDAYS_SHEET,
  type HolidayHeader,
  INSTRUCTIONS_SHEET,
  MAX_HOLIDAY_ROWS,
  OPTIONS_SHEET,
} from './spec.js';

export interface HolidaysBook {
  filename: string;
  read: BookRead;
  year: number;
  /** The notice, e.g. 国务院办公厅关于2027年部分节假日安排的通知. */
  source: string;
}

export type HolidaysResult = { ok: true; year: HolidayYear; notes: Record<string, string> } | { ok: false; errors: ImportError[] };

const WEEKDAY = ['星期日', '星期一', '星期二', '星期三', '星期四', '星期五', '星期六'];

function weekdayOf(day: string): number {
  return new Date(Date.parse(day)).getUTCDay();
}

/**
 * 上班 (调休) days that fall on a weekday: the State Council only ever moves work to a Saturday or
 * Sunday, so a weekday here is a mistyped date. Returns the indexes into `workdays`.
 */
export function weekdayWorkdays(workdays: readonly string[]): number[] {
  return workdays.flatMap((d, i) => (weekdayOf(d) !== 0 && weekdayOf(d) !== 6 ? [i] : []));
}

export function workdayNotWeekendMessage(day: string): string {
  return `${day} 是${WEEKDAY[weekdayOf(day)] ?? ''}，本来就是工作日：调休上班日只会是星期六或星期日，请核对日期。`;
}

/** Consecutive days as ranges, for people: 1月27日至2月2日. */
export function dayRanges(days: readonly string[]): Array<{ from: string; to: string }> {
  const sorted = [...new Set(days)].sort();
  const out: Array<{ from: string; to: string }> = [];
  for (const d of sorted) {
    const last = out[out.length - 1];
    if (last !== undefined && addDays(last.to, 1) === d) last.to = d;
    else out.push({ from: d, to: d });
  }
  return out;
}

const RESERVED = [INSTRUCTIONS_SHEET, OPTIONS_SHEET];

export function validateHolidays(input: HolidaysBook): HolidaysResult {
  const book = input.read;
  if (!book.ok) return { ok: false, errors: book.errors.map((e) => ({ ...e, sheet: HOLIDAYS_SHEET })) };
  const sheet = pickSheet(book.book.sheets, HOLIDAYS_SHEET, RESERVED) ?? { name: HOLIDAYS_SHEET, rows: [] };
  const opened = openTable(
    sheet,
    { title: HOLIDAYS_SHEET, headers: HOLIDAY_HEADERS, maxRows: MAX_HOLIDAY_ROWS, headerOnlyIsValid: false },
    input.filename,
  );
  const errors: ImportError[] = [...opened.errors];
  if (!opened.ok) return { ok: false, errors: finishErrors(errors) };

  const report = (code: ImportErrorCode, row: DataRow<HolidayHeader>, column: HolidayHeader, message: string) =>
    errors.push(importError(code, row.rowNumber, column, row.display(column), message, HOLIDAYS_SHEET));
  const take = <T>(row: DataRow<HolidayHeader>, column: HolidayHeader, result: CellResult<T>): T | undefined => {
    if (result.ok) return result.value;
    report(result.code, row, column, result.message);
    return undefined;
  };

  const holidays: string[] = [];
  const workdays: string[] = [];
  const notes: Record<string, string> = {};
  const rowOf = new Map<string, number>();
  for (const row of opened.table.rows) {
    let day: string | undefined;
    if (isBlank(row.cell('日期'))) report('VALUE_REQUIRED', row, '日期', '"日期"不能为空。');
    else {
      const parsed = parseDay(row.cell('日期'), '日期');
      if (!parsed.ok) report(parsed.code, row, '日期', parsed.message);
      else day = parsed.value;
    }
    const kind = take(row, '类型', parseEnum(row.cell('类型'), '类型', HOLIDAY_KINDS));
    const note = take(row, '说明', parseFreeText(row.cell('说明'), '说明'));
    const problem = note === undefined ? null : textProblem(note);
    if (problem) report(problem.code, row, '说明', `"说明"${problem.message}，请删除后重新输入。`);
    if (day === undefined || kind === undefined) continue;
    if (!day.startsWith(`${input.year}-`)) {
      report('HOLIDAY_WRONG_YEAR', row, '日期', `${day} 不在 ${input.year} 年内：一个文件只录入一年的放假安排。`);
      continue;
    }
    const earlier = rowOf.get(day);
    if (earlier !== undefined) {
      report('HOLIDAY_DUPLICATE', row, '日期', `${day} 与第${earlier}行重复：每天只能填一行（放假或上班）。`);
      continue;
    }
    rowOf.set(day, row.rowNumber);
    if (kind === '上班' && weekdayWorkdays([day]).length > 0) {
      report('HOLIDAY_WORKDAY_NOT_WEEKEND', row, '日期', workdayNotWeekendMessage(day));
      continue;
    }
    (kind === '放假' ? holidays : workdays).push(day);
    if (note !== undefined && problem === null) notes[day] = note;
  }
  if (errors.length > 0) return { ok: false, errors: finishErrors(errors) };
  const year = HolidayYear.parse({ year: input.year, source: input.source, holidays: holidays.sort(), workdays: workdays.sort() });
  return { ok: true, year, notes };
}
