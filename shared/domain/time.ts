// Beijing time for people, UTC for storage. China has kept UTC+8 all year since 1991, so a fixed
// offset is exact for every date this system handles.
import { addDays } from './dates.js';

const OFFSET_MS = 8 * 3600 * 1000;

function shifted(instant: string | Date): Date {
  const t = typeof instant === 'string' ? Date.parse(instant) : instant.getTime();
  if (Number.isNaN(t)) throw new Error(`not an instant: ${String(instant)}`);
  return new Date(t + OFFSET_MS);
}

const pad = (n: number) => String(n).padStart(2, '0');

/** The calendar day in Beijing (YYYY-MM-DD) of an instant. */
export function beijingDay(instant: string | Date): string {
  return shifted(instant).toISOString().slice(0, 10);
}

/** 2026年12月2日 02:57 — how every time is shown to people, on screen and in files. */
export function beijingDateTime(instant: string | Date): string {
  const d = shifted(instant);
  return `${d.getUTCFullYear()}年${d.getUTCMonth() + 1}月${d.getUTCDate()}日 ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
}

/** 2026年12月2日 */
export function beijingDate(instant: string | Date): string {
  const d = shifted(instant);
  return `${d.getUTCFullYear()}年${d.getUTCMonth() + 1}月${d.getUTCDate()}日`;
}

/** The UTC instant at which a Beijing calendar day ends (the next day's 00:00 in Beijing). */
export function endOfBeijingDay(day: string): string {
  return new Date(Date.parse(`${addDays(day, 1)}T00:00:00Z`) - OFFSET_MS).toISOString();
}
