// Calendar-date helpers for the rules engine. Dates are ISO `YYYY-MM-DD` strings; because the
// format is fixed-width, string comparison is chronological comparison.

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

export function formatIsoDate(year: number, month: number, day: number): string {
  return `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}`;
}

/** Splits a real calendar date; null for malformed strings and impossible dates (2021-02-30). */
export function parseIsoDate(value: string): { year: number; month: number; day: number } | null {
  const m = ISO_DATE.exec(value);
  if (!m) return null;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  if (year < 1 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  return { year, month, day };
}

export function isIsoDate(value: string): boolean {
  return parseIsoDate(value) !== null;
}

/** The calendar date `days` days after (or, negative, before) an ISO date. */
export function addDays(isoDate: string, days: number): string {
  const d = parseIsoDate(isoDate);
  if (!d) throw new Error(`not a calendar date: ${isoDate}`);
  const t = new Date(Date.UTC(d.year, d.month - 1, d.day + days));
  return formatIsoDate(t.getUTCFullYear(), t.getUTCMonth() + 1, t.getUTCDate());
}

export function dayAfter(isoDate: string): string {
  return addDays(isoDate, 1);
}

export interface PeriodLength {
  years?: number;
  months?: number;
}

/**
 * The legal calendar, one function for every window and every age rule (docs/policies.md):
 * 民法典 第二百零一条 — the day of the event is not counted, the period starts the next day;
 * 第二百零二条 — a period of years or months ends on the corresponding day of the last month,
 * which is the period's LAST day, or on that month's last day when it has no corresponding day.
 * So a 5-year period from 2012-04-06 runs through 2017-04-06, and one from 2012-02-29 through
 * 2017-02-28.
 */
export function periodLastDay(eventDay: string, length: PeriodLength): string {
  const d = parseIsoDate(eventDay);
  if (!d) throw new Error(`not a calendar date: ${eventDay}`);
  const totalMonths = d.year * 12 + (d.month - 1) + (length.years ?? 0) * 12 + (length.months ?? 0);
  const year = Math.floor(totalMonths / 12);
  const month = (totalMonths % 12) + 1;
  return formatIsoDate(year, month, Math.min(d.day, daysInMonth(year, month)));
}

/** The first day after a period: when "未满N年" stops holding (eligibleFrom). */
export function periodOverFrom(eventDay: string, length: PeriodLength): string {
  return dayAfter(periodLastDay(eventDay, length));
}

/** Whether the period counted from eventDay still runs on `on` (an event in the future counts as running). */
export function periodRunsOn(eventDay: string, length: PeriodLength, on: string): boolean {
  return on <= periodLastDay(eventDay, length);
}

/**
 * 周岁: a person is 满N周岁 from the day after the Nth birthday (最高人民法院's reading for
 * criminal age: "过了周岁生日，从第二天起，为已满××周岁"), which is the same legal calendar applied
 * to a period of N years counted from the birth. Someone born on 29 February is 满N周岁 from
 * 1 March in a common year.
 */
export function fullAgeFrom(birthDate: string, years: number): string {
  return periodOverFrom(birthDate, { years });
}

/** Age in 周岁 on referenceDate: the largest N with fullAgeFrom(birthDate, N) <= referenceDate. */
export function ageOn(birthDate: string, referenceDate: string): number {
  const b = parseIsoDate(birthDate);
  const r = parseIsoDate(referenceDate);
  if (!b || !r) throw new Error('ageOn needs two calendar dates');
  const years = r.year - b.year;
  if (years <= 0) return referenceDate >= birthDate ? 0 : -1;
  return referenceDate < fullAgeFrom(birthDate, years) ? years - 1 : years;
}

/** The birth date encoded in an 18-digit resident ID (digits 7–14), or null if it is not a real date. */
export function birthDateFromIdNumber(idNumber: string): string | null {
  if (!/^\d{17}[\dXx]$/.test(idNumber)) return null;
  const iso = `${idNumber.slice(6, 10)}-${idNumber.slice(10, 12)}-${idNumber.slice(12, 14)}`;
  return isIsoDate(iso) ? iso : null;
}

/** Sex from the 17th digit of an 18-digit ID: odd → 男, even → 女. */
export function sexFromIdNumber(idNumber: string): '男' | '女' | null {
  if (!/^\d{17}[\dXx]$/.test(idNumber)) return null;
  return Number(idNumber[16]) % 2 === 1 ? '男' : '女';
}

/**
 * The birth date used for age rules: the exact date in the ID number when it is valid, otherwise
 * 出生年月 from the dossier (YYYY-MM is taken as the 1st of the month, which can only make a person
 * look older by less than a month — the safe side for upper age limits).
 */
export function birthDateOf(dossier: { idNumber: string; birth: string }): string | null {
  const fromId = birthDateFromIdNumber(dossier.idNumber);
  if (fromId) return fromId;
  const iso = /^\d{4}-\d{2}$/.test(dossier.birth) ? `${dossier.birth}-01` : dossier.birth;
  return isIsoDate(iso) ? iso : null;
}
