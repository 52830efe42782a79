// Dates as people type them into Excel, and as Excel stores them.
import { isRealDate } from '../idcard.js';
import type { Cell } from './rows.js';
import { compactText, toHalfWidth } from './normalize.js';

export type DateParse =
  | { ok: true; value: string; hasDay: boolean }
  | { ok: false; code: 'BIRTH_FORMAT' | 'BIRTH_AMBIGUOUS' | 'DATE_FORMAT'; message: string };

const pad = (n: number): string => String(n).padStart(2, '0');

/** Day count from Excel's serial date (1900 system, with its fictitious 1900-02-29 = 60). */
export function excelSerialToIso(serial: number): string | undefined {
  if (!Number.isInteger(serial) || serial < 1 || serial > 2958465 || serial === 60) return undefined;
  const base = Date.UTC(1899, 11, serial < 60 ? 31 : 30);
  return new Date(base + serial * 86_400_000).toISOString().slice(0, 10);
}

function ymd(y: number, m: number, d?: number): { ok: true; value: string; hasDay: boolean } | undefined {
  if (y < 1900 || y > 2999 || m < 1 || m > 12) return undefined;
  if (d === undefined) return { ok: true, value: `${y}-${pad(m)}`, hasDay: false };
  const iso = `${y}-${pad(m)}-${pad(d)}`;
  return isRealDate(iso) ? { ok: true, value: iso, hasDay: true } : undefined;
}

/** YYYY-MM(-DD) with -, ., /, 年月日 separators, or YYYYMM(DD); an Excel time of 0:00 is ignored. */
function parseDateText(raw: string): { ok: true; value: string; hasDay: boolean } | undefined {
  const withoutTime = toHalfWidth(raw)
    .trim()
    .replace(/[\s\u00A0\u3000]+0{1,2}:00(:00)?$/, '');
  const t = compactText(withoutTime.replace(/[\u2010-\u2015\u2212]/g, '-'));
  let m = /^(\d{4})([-./])(\d{1,2})(?:\2(\d{1,2}))?$/.exec(t);
  if (m) return ymd(Number(m[1]), Number(m[3]), m[4] === undefined ? undefined : Number(m[4]));
  m = /^(\d{4})年(\d{1,2})月(?:(\d{1,2})日?)?$/.exec(t);
  if (m) return ymd(Number(m[1]), Number(m[2]), m[3] === undefined ? undefined : Number(m[3]));
  m = /^(\d{4})(\d{2})(\d{2})?$/.exec(t);
  if (m) return ymd(Number(m[1]), Number(m[2]), m[3] === undefined ? undefined : Number(m[3]));
  return undefined;
}

/** 出生年月: YYYY-MM or YYYY-MM-DD, whatever way it was typed. */
export function parseBirth(cell: Cell): DateParse {
  const bad: DateParse = {
    ok: false,
    code: 'BIRTH_FORMAT',
    message: '出生年月格式不对，请写成 1990-03 或 1990-03-07（也可以是 1990.03、1990/03、1990年3月）。',
  };
  switch (cell.kind) {
    case 'date':
      return (
        ymd(Number(cell.iso.slice(0, 4)), Number(cell.iso.slice(5, 7)), cell.hasDay ? Number(cell.iso.slice(8, 10)) : undefined) ?? bad
      );
    case 'text':
      return parseDateText(cell.text) ?? bad;
    case 'number': {
      const v = cell.value;
      if (Number.isInteger(v)) {
        if (v >= 1900 && v <= 2999) return { ...bad, message: '出生年月只写了年份，还缺月份，请写成 1990-03 这样。' };
        if (v >= 100000) return parseDateText(String(v)) ?? bad;
        const iso = excelSerialToIso(v);
        return iso === undefined ? bad : (ymd(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)), Number(iso.slice(8, 10))) ?? bad);
      }
      // 1990.03 typed into a General cell becomes the number 1990.03; 1990.10 becomes 1990.1.
      const [yearPart = '', fraction = ''] = String(v).split('.');
      if (fraction === '1') {
        return {
          ok: false,
          code: 'BIRTH_AMBIGUOUS',
          message: `Excel 把出生年月存成了数字 ${v}，分不清是 ${yearPart} 年 1 月还是 10 月。请把该列设为"文本"后写成 ${yearPart}-01 或 ${yearPart}-10。`,
        };
      }
      if (fraction.length === 1 || fraction.length === 2) {
        return ymd(Number(yearPart), Number(fraction)) ?? bad;
      }
      return bad;
    }
    default:
      return bad;
  }
}

/** A full date (起始日期, 终止日期): YYYY-MM-DD, YYYY/MM/DD, YYYY.MM.DD, 年月日, or an Excel date. */
export function parseDay(cell: Cell, column: string): DateParse {
  const bad: DateParse = {
    ok: false,
    code: 'DATE_FORMAT',
    message: `${column}格式不对，应写成 2020-03-07（也可以是 2020/03/07、2020.03.07 或 Excel 日期）。`,
  };
  let parsed: ReturnType<typeof parseDateText>;
  switch (cell.kind) {
    case 'date':
      parsed = ymd(Number(cell.iso.slice(0, 4)), Number(cell.iso.slice(5, 7)), Number(cell.iso.slice(8, 10)));
      break;
    case 'text':
      parsed = parseDateText(cell.text);
      break;
    case 'number': {
      const v = cell.value;
      const iso = v >= 10_000_000 ? String(v) : excelSerialToIso(v);
      parsed = iso === undefined ? undefined : parseDateText(iso);
      break;
    }
    default:
      parsed = undefined;
  }
  if (parsed === undefined) return bad;
  if (!parsed.hasDay) return { ...bad, message: `${column}要精确到日，例如 2020-03-07。` };
  return parsed;
}
