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

/**
 * The same month and day N calendar years later. A 29 February anchor lands on 1 March in a
 * non-leap target year: "not yet N full years" must last until the day after 28 February.
 */
export function addYears(isoDate: string, years: number): string {
  const d = parseIsoDate(isoDate);
  if (!d) throw new Error(`not a calendar date: ${isoDate}`);
  const year = d.year + years;
  if (d.month === 2 && d.day === 29 && !isLeapYear(year)) return formatIsoDate(year, 3, 1);
  return formatIsoDate(year, d.month, d.day);
}

/** Whole years completed from birthDate to referenceDate (a 29 February birthday counts on 1 March). */
export function ageOn(birthDate: string, referenceDate: string): number {
  const b = parseIsoDate(birthDate);
  const r = parseIsoDate(referenceDate);
  if (!b || !r) throw new Error('ageOn needs two calendar dates');
  const age = r.year - b.year;
  return referenceDate < addYears(birthDate, age) ? age - 1 : age;
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
