// How far a deadline is, in the words a reviewer or the organization department reads: minutes and
// hours while it is close, working days (the official calendar) once it is a day or more away. A
// few minutes late is "逾期 12 分钟", never "逾期 1 天".
import { beijingDay } from './time.js';
import { workingDaysBetween, type HolidayCalendar } from './working-days.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

export interface DeadlineDistance {
  late: boolean;
  /** Milliseconds past the deadline (0 while on time). */
  lateMs: number;
  /** Working days after the due day up to today (Beijing), when late; working days left after today, when not. */
  workingDays: number;
  /** 剩 3 个工作日 / 剩 5 小时 / 逾期 12 分钟 / 逾期 2 个工作日（3 天 4 小时） */
  text: string;
}

function span(ms: number): string {
  const days = Math.floor(ms / DAY);
  const hours = Math.floor((ms % DAY) / HOUR);
  if (days === 0) return `${hours} 小时`;
  return hours === 0 ? `${days} 天` : `${days} 天 ${hours} 小时`;
}

function short(ms: number): string {
  if (ms < HOUR) return `${Math.floor(ms / MINUTE)} 分钟`;
  return `${Math.floor(ms / HOUR)} 小时`;
}

/**
 * The distance from `now` to a deadline (a UTC instant, usually the end of a Beijing working day).
 * Late by less than a day: minutes or hours. Later: the working days missed (the days after the
 * due day, today included, that are working days) with the calendar time beside it.
 */
export function deadlineDistance(deadline: string, now: Date, calendar: HolidayCalendar): DeadlineDistance {
  const due = Date.parse(deadline);
  if (Number.isNaN(due)) throw new Error(`not an instant: ${deadline}`);
  const ms = due - now.getTime();
  // The due day is the Beijing day the deadline closes (24:00 belongs to that day).
  const dueDay = beijingDay(new Date(due - 1));
  const today = beijingDay(now);
  if (ms > 0) {
    const left = workingDaysBetween(today, dueDay, calendar).days;
    if (ms < DAY || left === 0) return { late: false, lateMs: 0, workingDays: left, text: ms < HOUR ? '剩不足 1 小时' : `剩 ${short(ms)}` };
    return { late: false, lateMs: 0, workingDays: left, text: `剩 ${left} 个工作日` };
  }
  const lateMs = -ms;
  const missed = workingDaysBetween(dueDay, today, calendar).days;
  if (lateMs < MINUTE) return { late: true, lateMs, workingDays: missed, text: '逾期不足 1 分钟' };
  if (lateMs < DAY) return { late: true, lateMs, workingDays: missed, text: `逾期 ${short(lateMs)}` };
  if (missed === 0) return { late: true, lateMs, workingDays: 0, text: `逾期 ${span(lateMs)}（均为休息日）` };
  return { late: true, lateMs, workingDays: missed, text: `逾期 ${missed} 个工作日（${span(lateMs)}）` };
}
