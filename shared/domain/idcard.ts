// China resident identity numbers (公民身份号码), GB 11643-1999.
// 18 characters: 6-digit address code, 8-digit birth date, 3-digit sequence (odd = 男),
// and an ISO 7064 MOD 11-2 check character (0-9 or X).
import { daysInMonth } from './dates.js';
import { beijingDay } from './time.js';

export const ID_ERROR_CODES = [
  'ID_EMPTY',
  'ID_SCIENTIFIC',
  'ID_FORMAT',
  'ID_LENGTH',
  'ID_CHECK_DIGIT',
  'ID_REGION',
  'ID_BIRTH_DATE',
  'ID_FUTURE_BIRTH',
] as const;
export type IdErrorCode = (typeof ID_ERROR_CODES)[number];

export type IdValidation =
  | { ok: true; idNumber: string; birthDate: string; sex: '男' | '女'; regionCode: string }
  | { ok: false; code: IdErrorCode; message: string };

/** Province-level codes of GB/T 2260, plus 81/82/83 used by the Hong Kong, Macao and Taiwan residence permits. */
const PROVINCE_CODES = new Set([
  '11',
  '12',
  '13',
  '14',
  '15',
  '21',
  '22',
  '23',
  '31',
  '32',
  '33',
  '34',
  '35',
  '36',
  '37',
  '41',
  '42',
  '43',
  '44',
  '45',
  '46',
  '50',
  '51',
  '52',
  '53',
  '54',
  '61',
  '62',
  '63',
  '64',
  '65',
  '71',
  '81',
  '82',
  '83',
]);

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const CHECK_CHARS = '10X98765432';

/** The MOD 11-2 check character for the first 17 digits. */
export function computeCheckDigit(first17: string): string {
  if (!/^\d{17}$/.test(first17)) throw new Error('computeCheckDigit expects exactly 17 digits');
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17.charCodeAt(i) - 48) * (WEIGHTS[i] ?? 0);
  return CHECK_CHARS.charAt(sum % 11);
}

/** 15-digit numbers (issued before 1999) carry a 2-digit year in the 20th century and no check digit. */
export function upgradeLegacyId(id15: string): string {
  if (!/^\d{15}$/.test(id15)) throw new Error('upgradeLegacyId expects exactly 15 digits');
  const first17 = `${id15.slice(0, 6)}19${id15.slice(6)}`;
  return first17 + computeCheckDigit(first17);
}

/** First 6 + 8 asterisks + last 4, the only form in which an ID number may appear in logs. */
export function maskIdNumber(id: string): string {
  if (id.length < 10) return '*'.repeat(id.length);
  return `${id.slice(0, 6)}********${id.slice(-4)}`;
}

/** Today's date in Beijing, YYYY-MM-DD. */
export function chinaToday(now: Date = new Date()): string {
  return beijingDay(now);
}

/** True for a real calendar date written YYYY-MM-DD. */
export function isRealDate(iso: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!m) return false;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

/** Full-width digits and X, spaces of any kind (U+3000, NBSP, zero-width) and lower-case x are tolerated. */
export function normalizeIdInput(raw: string): string {
  return raw
    .replace(/[\uFF10-\uFF19]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/[\uFF38\uFF58]/g, 'X')
    .replace(/[\s\u00A0\u3000\u200B-\u200D\u2060\uFEFF]/g, '')
    .replace(/x/g, 'X');
}

/** Excel's way of showing a long number: 4.10102E+17, 4.10102199003071e17, 4,10102E+17. */
export function looksScientific(text: string): boolean {
  return /^\d+([.,]\d+)?[eE][+]?\d+$/.test(text);
}

function fail(code: IdErrorCode, message: string): IdValidation {
  return { ok: false, code, message };
}

export function validateIdNumber(raw: string, opts: { today?: string; allowLegacy?: boolean } = {}): IdValidation {
  const today = opts.today ?? chinaToday();
  const id = normalizeIdInput(raw);
  if (id === '') return fail('ID_EMPTY', '身份证号不能为空。');
  if (looksScientific(id)) {
    return fail(
      'ID_SCIENTIFIC',
      `身份证号"${raw.trim()}"是科学计数法：Excel 把号码当成了数字，只保留15位有效数字，后几位已经丢失，无法还原。` +
        '请先把该列单元格格式设置为"文本"，再重新输入或粘贴完整的18位号码（也可以在号码前加英文单引号 \'）。',
    );
  }
  if (!/^\d*X?$/.test(id) || (id.endsWith('X') && id.length !== 18)) {
    return fail('ID_FORMAT', '身份证号只能由数字组成，仅第18位可以是 X。');
  }
  let full: string;
  if (id.length === 15 && opts.allowLegacy !== false) {
    full = upgradeLegacyId(id);
  } else if (id.length === 18) {
    if (computeCheckDigit(id.slice(0, 17)) !== id.charAt(17)) {
      return fail('ID_CHECK_DIGIT', '身份证号校验码不符（GB 11643-1999）：号码中至少有一位填错了，请对照身份证逐位核对。');
    }
    full = id;
  } else {
    const expected = opts.allowLegacy === false ? '18位' : '18位（或15位旧号码）';
    return fail('ID_LENGTH', `身份证号应为${expected}，这里是${id.length}位。`);
  }

  const regionCode = full.slice(0, 6);
  const province = regionCode.slice(0, 2);
  if (!PROVINCE_CODES.has(province)) {
    return fail('ID_REGION', `身份证号前两位"${province}"不是有效的省级行政区划代码。`);
  }
  // A mainland address code names a prefecture (digits 3-4, never 00) and usually a county.
  if (Number(province) <= 65 && regionCode.slice(2, 4) === '00') {
    return fail('ID_REGION', `身份证号前六位"${regionCode}"不是有效的行政区划代码。`);
  }

  const birthDate = `${full.slice(6, 10)}-${full.slice(10, 12)}-${full.slice(12, 14)}`;
  if (!isRealDate(birthDate) || Number(full.slice(6, 10)) < 1900) {
    return fail('ID_BIRTH_DATE', `身份证号第7–14位的出生日期"${full.slice(6, 14)}"不是有效日期。`);
  }
  if (birthDate > today) {
    return fail('ID_FUTURE_BIRTH', `身份证号中的出生日期 ${birthDate} 晚于今天。`);
  }
  const sex = Number(full.charAt(16)) % 2 === 1 ? '男' : '女';
  return { ok: true, idNumber: full, birthDate, sex, regionCode };
}

export interface IdMismatch {
  field: '性别' | '出生年月';
  code: 'ID_SEX_MISMATCH' | 'ID_BIRTH_MISMATCH';
  message: string;
}

/**
 * Compares 性别 and 出生年月 (YYYY-MM or YYYY-MM-DD) of a dossier with what a valid ID number says.
 * 出生年月 is compared at its own precision: 1982-03 agrees with an ID born 1982-03-04.
 */
export function crossCheckId(id: { sex: '男' | '女'; birthDate: string }, dossier: { sex?: string; birth?: string }): IdMismatch[] {
  const out: IdMismatch[] = [];
  if (dossier.sex !== undefined && dossier.sex !== id.sex) {
    out.push({
      field: '性别',
      code: 'ID_SEX_MISMATCH',
      message: `性别"${dossier.sex}"与身份证号不符：身份证号第17位是${id.sex === '男' ? '奇数，表示男性' : '偶数，表示女性'}。请核对性别或身份证号。`,
    });
  }
  const birth = dossier.birth;
  const comparable = birth !== undefined && /^\d{4}-\d{2}(-\d{2})?$/.test(birth);
  if (birth !== undefined && (!comparable || birth !== id.birthDate.slice(0, birth.length))) {
    out.push({
      field: '出生年月',
      code: 'ID_BIRTH_MISMATCH',
      message: `出生年月 ${birth} 与身份证号中的出生日期 ${id.birthDate} 不一致。请核对出生年月或身份证号。`,
    });
  }
  return out;
}
