// The holiday calendar the organization department maintains: the State Council's 放假安排 of each
// year, as data. The notices quoted in PUBLISHED_HOLIDAYS are built in; a year entered here
// replaces the built-in one. Every change is an audit event on the calendar's chain.
import { canonicalJson } from '../domain/audit/canonical.js';
import { holidayChainId } from '../domain/ids.js';
import { dayRanges, weekdayWorkdays, workdayNotWeekendMessage } from '../domain/import/holidays.js';
import { dayText } from '../domain/schedule.js';
import { beijingDay } from '../domain/time.js';
import { type HolidayCalendar, HolidayYear, holidayCalendar, PUBLISHED_HOLIDAYS } from '../domain/working-days.js';
import { textProblem } from '../domain/text.js';
import type { Caller } from './access.js';
import { actorOf, sha256, type UseCaseDeps } from './common.js';
import type { FileReaders, Repositories, StoredHolidayYear, UploadedFile } from './ports.js';
import { invalid, isRefusal, type Refusal, rejected } from './refusals.js';

export interface CalendarYear {
  year: HolidayYear;
  notes: Record<string, string>;
  /** From PUBLISHED_HOLIDAYS, never entered here. */
  builtIn: boolean;
  updatedAt: string | null;
  updatedBy: string | null;
}

/** Every known year, ascending: the stored ones, and the built-in ones nobody replaced. */
export async function calendarYears(repos: Pick<Repositories, 'holidays'>): Promise<CalendarYear[]> {
  const stored = await repos.holidays.list();
  const years = new Map<number, CalendarYear>();
  for (const y of PUBLISHED_HOLIDAYS) years.set(y.year, { year: y, notes: {}, builtIn: true, updatedAt: null, updatedBy: null });
  for (const s of stored)
    years.set(s.year.year, { year: s.year, notes: s.notes, builtIn: false, updatedAt: s.updatedAt, updatedBy: s.updatedBy });
  return [...years.values()].sort((a, b) => a.year.year - b.year.year);
}

/** The calendar deadlines are counted on. */
export async function workingCalendar(repos: Pick<Repositories, 'holidays'>): Promise<HolidayCalendar> {
  return holidayCalendar((await calendarYears(repos)).map((y) => y.year));
}

const MONTH_DAY = (d: string) => `${Number(d.slice(5, 7))}月${Number(d.slice(8, 10))}日`;

function yearView(y: CalendarYear) {
  const range = (kind: '放假' | '上班', days: readonly string[]) =>
    dayRanges(days).map((r) => ({
      kind,
      from: r.from,
      to: r.to,
      text: r.from === r.to ? MONTH_DAY(r.from) : `${MONTH_DAY(r.from)}至${MONTH_DAY(r.to)}`,
      note: y.notes[r.from] ?? null,
    }));
  return {
    year: y.year.year,
    source: y.year.source,
    builtIn: y.builtIn,
    updatedAt: y.updatedAt,
    updatedBy: y.updatedBy,
    holidays: y.year.holidays,
    workdays: y.year.workdays,
    notes: y.notes,
    days: [
      ...y.year.holidays.map((d) => ({ date: d, kind: '放假' as const })),
      ...y.year.workdays.map((d) => ({ date: d, kind: '上班' as const })),
    ]
      .sort((a, b) => a.date.localeCompare(b.date))
      .map((d) => ({ ...d, text: dayText(d.date), note: y.notes[d.date] ?? null })),
    ranges: [...range('放假', y.year.holidays), ...range('上班', y.year.workdays)].sort((a, b) => a.from.localeCompare(b.from)),
  };
}
export type HolidayYearView = ReturnType<typeof yearView>;

/** Every year the calendar knows, and whether this year and next are among them. */
export async function listHolidays(deps: Pick<UseCaseDeps, 'repos' | 'now'>) {
  const years = await calendarYears(deps.repos);
  const thisYear = Number(beijingDay(deps.now()).slice(0, 4));
  const known = new Set(years.map((y) => y.year.year));
  return {
    years: years.map(yearView),
    missing: [thisYear, thisYear + 1].filter((y) => !known.has(y)),
  };
}

export interface PutHolidaysInput {
  caller: Caller;
  year: number;
  source: string;
  /** JSON: the days themselves. */
  holidays?: string[];
  workdays?: string[];
  notes?: Record<string, string>;
  /** Or an uploaded xlsx/CSV with 日期, 类型 (放假/上班), 说明. */
  file?: UploadedFile;
}

/** From a JSON body: the same rules as a file (dates in the year, 上班 only on weekends, no day twice). */
function fromBody(input: PutHolidaysInput): { year: HolidayYear; notes: Record<string, string> } | Refusal {
  const holidays = [...new Set(input.holidays ?? [])].sort();
  const workdays = [...new Set(input.workdays ?? [])].sort();
  for (const [field, days] of [
    ['holidays', input.holidays ?? []],
    ['workdays', input.workdays ?? []],
  ] as const) {
    const i = days.findIndex((d) => !d.startsWith(`${input.year}-`));
    if (i >= 0) return invalid(`请求内容有误：${field}[${i}] ${days[i]} 不在 ${input.year} 年内`, `${field}.${i}`, 'HOLIDAY_WRONG_YEAR');
  }
  const off = new Set(holidays);
  const both = (input.workdays ?? []).findIndex((d) => off.has(d));
  if (both >= 0) {
    return invalid(`请求内容有误：workdays[${both}] ${input.workdays?.[both]} 不能既放假又上班`, `workdays.${both}`, 'HOLIDAY_DUPLICATE');
  }
  const weekday = (input.workdays ?? []).findIndex((d) => weekdayWorkdays([d]).length > 0);
  if (weekday >= 0) {
    return invalid(
      `请求内容有误：${workdayNotWeekendMessage(input.workdays?.[weekday] ?? '')}`,
      `workdays.${weekday}`,
      'HOLIDAY_WORKDAY_NOT_WEEKEND',
    );
  }
  const days = new Set([...holidays, ...workdays]);
  const notes: Record<string, string> = {};
  for (const [day, note] of Object.entries(input.notes ?? {})) {
    if (!days.has(day))
      return invalid(`请求内容有误：notes 中的 ${day} 不是所列的放假或上班日`, `notes.${day}`, 'HOLIDAY_NOTE_UNKNOWN_DAY');
    const problem = textProblem(note);
    if (problem) return invalid(`请求内容有误：notes.${day} ${problem.message}`, `notes.${day}`, problem.code);
    if (note.trim() !== '') notes[day] = note.trim();
  }
  return { year: HolidayYear.parse({ year: input.year, source: input.source, holidays, workdays }), notes };
}

/** Enters or replaces one year's 放假安排; the same arrangement again changes nothing and audits nothing. */
export async function putHolidays(deps: UseCaseDeps & { files: FileReaders }, input: PutHolidaysInput) {
  if (input.file !== undefined && (input.holidays !== undefined || input.workdays !== undefined)) {
    return invalid('请求内容有误：上传文件时不要同时填写 holidays 或 workdays', 'file', 'HOLIDAY_TWO_SOURCES');
  }
  let entered: { year: HolidayYear; notes: Record<string, string> };
  if (input.file !== undefined) {
    const parsed = await deps.files.holidays({ ...input.file, year: input.year, source: input.source });
    if (!parsed.ok) return rejected('放假安排文件校验未通过，请按提示逐项修改后重新上传，未作任何修改', parsed.errors);
    entered = { year: parsed.year, notes: parsed.notes };
  } else {
    const body = fromBody(input);
    if (isRefusal(body)) return body;
    entered = body;
  }
  const before = (await calendarYears(deps.repos)).find((y) => y.year.year === input.year);
  const digest = sha256(canonicalJson({ year: entered.year, notes: entered.notes }));
  if (before !== undefined && !before.builtIn && sha256(canonicalJson({ year: before.year, notes: before.notes })) === digest) {
    return { changed: false, year: yearView(before) };
  }
  const at = deps.now().toISOString();
  const stored: StoredHolidayYear = { year: entered.year, notes: entered.notes, updatedAt: at, updatedBy: input.caller.userId };
  await deps.repos.holidays.put(stored);
  await deps.repos.audit.append({
    candidateId: holidayChainId,
    type: 'holidays_changed',
    actor: actorOf(input.caller, 'orgdept'),
    at,
    data: {
      year: input.year,
      action: before === undefined ? 'created' : 'replaced',
      source: entered.year.source,
      holidays: entered.year.holidays.length,
      workdays: entered.year.workdays.length,
      sha256: digest,
    },
  });
  return { changed: true, year: yearView({ ...stored, builtIn: false }) };
}
