// Working days on the official calendar: the State Council's 放假安排 for each year (holidays, and
// the weekend days worked in exchange, 调休上班). A year without a published arrangement falls back to
// Monday–Friday, and every result it affects says so, so a deadline is never silently wrong.
import { z } from 'zod';
import { addDays, parseIsoDate } from './dates.js';
import { IsoDate } from './model.js';
import { beijingDay, endOfBeijingDay } from './time.js';

const Day = IsoDate;

/** One year's arrangement as the notice publishes it. */
export const HolidayYear = z
  .object({
    year: z.number().int().min(2000).max(2100),
    /** The notice, e.g. 国办发明电〔2016〕17号. */
    source: z.string().trim().min(1),
    /** 放假: every day off, weekends inside a holiday included. */
    holidays: z.array(Day),
    /** 上班: weekend days that are working days (调休). */
    workdays: z.array(Day),
  })
  .superRefine((y, ctx) => {
    for (const [field, days] of [
      ['holidays', y.holidays],
      ['workdays', y.workdays],
    ] as const) {
      days.forEach((d, i) => {
        if (!d.startsWith(`${y.year}-`)) ctx.addIssue({ code: 'custom', path: [field, i], message: `${d} 不在 ${y.year} 年内` });
      });
    }
    const off = new Set(y.holidays);
    y.workdays.forEach((d, i) => {
      if (off.has(d)) ctx.addIssue({ code: 'custom', path: ['workdays', i], message: `${d} 不能既放假又上班` });
    });
  });
export type HolidayYear = z.infer<typeof HolidayYear>;

export type HolidayCalendar = ReadonlyMap<number, HolidayYear>;

export function holidayCalendar(years: readonly HolidayYear[]): HolidayCalendar {
  return new Map(years.map((y) => [y.year, y]));
}

function range(from: string, to: string): string[] {
  const out: string[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) out.push(d);
  return out;
}

/**
 * The arrangements quoted in ../shared/NOTES.md. A county enters or uploads a new year's notice as
 * soon as the State Council publishes it (2027 is not yet known).
 */
export const PUBLISHED_HOLIDAYS: readonly HolidayYear[] = [
  {
    year: 2017,
    source: '国务院办公厅关于2017年部分节假日安排的通知(国办发明电〔2016〕17号)',
    holidays: [
      ...range('2017-01-01', '2017-01-02'),
      ...range('2017-01-27', '2017-02-02'),
      ...range('2017-04-02', '2017-04-04'),
      '2017-05-01',
      ...range('2017-05-28', '2017-05-30'),
      ...range('2017-10-01', '2017-10-08'),
    ],
    workdays: ['2017-01-22', '2017-02-04', '2017-04-01', '2017-05-27', '2017-09-30'],
  },
  {
    year: 2026,
    source: '国务院办公厅关于2026年部分节假日安排的通知(2025年11月4日)',
    holidays: [
      ...range('2026-01-01', '2026-01-03'),
      ...range('2026-02-15', '2026-02-23'),
      ...range('2026-04-04', '2026-04-06'),
      ...range('2026-05-01', '2026-05-05'),
      ...range('2026-06-19', '2026-06-21'),
      ...range('2026-09-25', '2026-09-27'),
      ...range('2026-10-01', '2026-10-07'),
    ],
    workdays: ['2026-01-04', '2026-02-14', '2026-02-28', '2026-05-09', '2026-09-20', '2026-10-10'],
  },
];

/** Monday = 1 … Sunday = 7. */
function weekday(iso: string): number {
  const d = parseIsoDate(iso);
  if (!d) throw new Error(`not a calendar date: ${iso}`);
  const js = new Date(Date.UTC(d.year, d.month - 1, d.day)).getUTCDay();
  return js === 0 ? 7 : js;
}

export interface DayKind {
  working: boolean;
  /** No arrangement is known for the day's year: Monday–Friday was assumed. */
  assumed: boolean;
}

export function dayKind(iso: string, calendar: HolidayCalendar): DayKind {
  const year = calendar.get(Number(iso.slice(0, 4)));
  if (!year) return { working: weekday(iso) <= 5, assumed: true };
  if (year.workdays.includes(iso)) return { working: true, assumed: false };
  if (year.holidays.includes(iso)) return { working: false, assumed: false };
  return { working: weekday(iso) <= 5, assumed: false };
}

export interface WorkingDayResult {
  date: string;
  /** Years whose arrangement is unknown and were counted Monday–Friday. */
  assumedYears: number[];
}

/**
 * The nth working day after `day` (the day itself not counted, 民法典 第二百零一条): a department
 * asked on a Friday with 5 working days answers by the next Friday, holidays skipped.
 */
export function workingDaysAfter(day: string, n: number, calendar: HolidayCalendar): WorkingDayResult {
  if (!Number.isInteger(n) || n < 1) throw new Error(`working days must be a positive integer: ${n}`);
  const assumed = new Set<number>();
  let d = day;
  let counted = 0;
  while (counted < n) {
    d = addDays(d, 1);
    const kind = dayKind(d, calendar);
    if (kind.assumed) assumed.add(Number(d.slice(0, 4)));
    if (kind.working) counted += 1;
  }
  return { date: d, assumedYears: [...assumed].sort() };
}

/**
 * A span of n working days that begins on `first` (or the next working day): a 公示 of 3 working days
 * from Friday 2017-03-31 runs 3月31日, 4月1日 (调休上班) and 4月5日. Returns the span's last day.
 */
export function workingDaysFrom(first: string, n: number, calendar: HolidayCalendar): WorkingDayResult & { start: string } {
  if (!Number.isInteger(n) || n < 1) throw new Error(`working days must be a positive integer: ${n}`);
  const assumed = new Set<number>();
  let d = first;
  let start: string | null = null;
  let counted = 0;
  for (;;) {
    const kind = dayKind(d, calendar);
    if (kind.assumed) assumed.add(Number(d.slice(0, 4)));
    if (kind.working) {
      start ??= d;
      counted += 1;
      if (counted === n) return { start, date: d, assumedYears: [...assumed].sort() };
    }
    d = addDays(d, 1);
  }
}

/** Working days strictly after `from` up to and including `to` (0 when `to` <= `from`). */
export function workingDaysBetween(from: string, to: string, calendar: HolidayCalendar): { days: number; assumedYears: number[] } {
  const assumed = new Set<number>();
  let days = 0;
  for (let d = addDays(from, 1); d <= to; d = addDays(d, 1)) {
    const kind = dayKind(d, calendar);
    if (kind.assumed) assumed.add(Number(d.slice(0, 4)));
    if (kind.working) days += 1;
  }
  return { days, assumedYears: [...assumed].sort() };
}

/** "选举日5日前": the latest day results may come back, N calendar days before the election. */
export function daysBefore(day: string, n: number): string {
  return addDays(day, -n);
}

/** Chinese note for a result that assumed Monday–Friday, or null. */
export function assumedNote(assumedYears: readonly number[]): string | null {
  if (assumedYears.length === 0) return null;
  return `${assumedYears.join('、')}年的放假安排尚未录入，已按周一至周五为工作日计算，请录入后核对`;
}

export interface Deadline {
  /** The last working day (Beijing) on which the answer is on time. */
  dueDate: string;
  /** The UTC instant the deadline passes: the end of dueDate in Beijing. */
  dueAt: string;
  assumedYears: number[];
}

/** A department asked at `askedAt` with `workingDays` to answer: due by the end of that working day in Beijing. */
export function departmentDeadline(askedAt: string | Date, workingDays: number, calendar: HolidayCalendar): Deadline {
  const { date, assumedYears } = workingDaysAfter(beijingDay(askedAt), workingDays, calendar);
  return { dueDate: date, dueAt: endOfBeijingDay(date), assumedYears };
}
