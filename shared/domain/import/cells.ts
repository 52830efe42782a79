// Parsers for single cells, shared by the batch and the record extracts.
import { textProblem } from '../text.js';
import { looksScientific, validateIdNumber } from '../idcard.js';
import type { ImportErrorCode } from './errors.js';
import { parseBirth, parseDay } from './dates.js';
import { checkName, cleanChinese, closest, compactText, quoteList } from './normalize.js';
import { ETHNIC_GROUPS, OTHER_ETHNICITIES } from './spec.js';
import { displayCell, isBlank, type Cell } from './rows.js';

export type CellResult<T> = { ok: true; value: T } | { ok: false; code: ImportErrorCode; message: string };

const fail = <T>(code: ImportErrorCode, message: string): CellResult<T> => ({ ok: false, code, message });

function guard<T>(cell: Cell, column: string, required: boolean): CellResult<T> | undefined {
  if (cell.kind === 'error') {
    return fail('CELL_ERROR', `"${column}"单元格是 Excel 错误值 ${cell.text}（多半是公式出错），请填写实际内容。`);
  }
  if (required && isBlank(cell)) return fail('VALUE_REQUIRED', `"${column}"不能为空。`);
  return undefined;
}

/** The cell as plain text; numbers as digits (a 文号 like 2020001 is text to us). */
export function plainText(cell: Cell): string {
  if (cell.kind === 'number' && Number.isInteger(cell.value) && Math.abs(cell.value) < 1e15) return String(cell.value);
  return displayCell(cell);
}

export function parseEnum<T extends string>(cell: Cell, column: string, allowed: readonly T[]): CellResult<T> {
  const early = guard<T>(cell, column, true);
  if (early) return early;
  const text = compactText(plainText(cell));
  const found = allowed.find((a) => a === text);
  if (found !== undefined) return { ok: true, value: found };
  const hint = closest(text, allowed);
  const suggestion = hint === undefined ? '' : `是不是想填"${hint}"？`;
  return fail('VALUE_NOT_ALLOWED', `"${column}"只能填 ${quoteList(allowed)} 之一。${suggestion}`);
}

/** 序号: a positive whole number. */
const MAX_SEQ = 999_999_999;

export function parseSeq(cell: Cell, column: string): CellResult<number> {
  const early = guard<number>(cell, column, true);
  if (early) return early;
  const bad = fail<number>('SEQ_INVALID', `"${column}"应为正整数（1、2、3……）。`);
  // The same bound for a number cell as for text (9 digits): an ID number pasted into 序号 is refused, not a crash later.
  if (cell.kind === 'number')
    return Number.isInteger(cell.value) && cell.value > 0 && cell.value <= MAX_SEQ ? { ok: true, value: cell.value } : bad;
  if (cell.kind !== 'text') return bad;
  const text = compactText(cell.text);
  if (!/^\d{1,9}$/.test(text) || Number(text) === 0) return bad;
  return { ok: true, value: Number(text) };
}

/** Free text such as 乡镇(街道) or 村(社区): required, spaces normalised, something readable. */
export function parseName(cell: Cell, column: string, required: boolean): CellResult<string> {
  const early = guard<string>(cell, column, required);
  if (early) return early;
  const text = cleanChinese(plainText(cell));
  if (text === '') return { ok: true, value: '' };
  if (text.includes('\uFFFD')) return fail('TEXT_INVALID', `"${column}"中有乱码字符（�），文件的编码可能不对。`);
  const problem = textProblem(text);
  if (problem) return fail(problem.code, `"${column}"${problem.message}，请删除后重新上传。`);
  if (!/\p{L}/u.test(text)) return fail('TEXT_INVALID', `"${column}"的内容看起来不对（没有文字）。`);
  if ([...text].length > 100) return fail('TEXT_INVALID', `"${column}"超过100个字符，请检查是否填错了列。`);
  return { ok: true, value: text };
}

/** Optional free text (状态, 文号, 备注). */
export function parseFreeText(cell: Cell, column: string): CellResult<string | undefined> {
  const early = guard<string | undefined>(cell, column, false);
  if (early) return early;
  const text = cleanChinese(plainText(cell));
  if (text.includes('\uFFFD')) return fail('TEXT_INVALID', `"${column}"中有乱码字符（�），文件的编码可能不对。`);
  const problem = textProblem(text);
  if (problem) return fail(problem.code, `"${column}"${problem.message}，请删除后重新上传。`);
  if ([...text].length > 500) return fail('TEXT_INVALID', `"${column}"超过500个字符。`);
  return { ok: true, value: text === '' ? undefined : text };
}

export interface IdInfo {
  idNumber: string;
  birthDate: string;
  sex: '男' | '女';
}

const TEXT_FORMAT_FIX = '请先把这一列的单元格格式设置为"文本"，再重新输入或粘贴完整的18位号码（也可以在号码前加英文单引号 \'）。';

/** An ID number cell, including the ways Excel mangles them. */
export function parseIdCell(cell: Cell, column: string, today: string, required = true): CellResult<IdInfo | undefined> {
  const early = guard<IdInfo>(cell, column, required);
  if (early) return early;
  if (isBlank(cell)) return { ok: true, value: undefined };
  if (cell.kind === 'number') {
    if (!Number.isInteger(cell.value) || Math.abs(cell.value) >= 1e15) {
      return fail(
        'ID_NUMERIC_CELL',
        `"${column}"被 Excel 存成了数字（显示为 ${displayCell(cell)}）：Excel 只保留15位有效数字，后几位已经变成0，无法还原。${TEXT_FORMAT_FIX}`,
      );
    }
  } else if (cell.kind !== 'text') {
    return fail('ID_FORMAT', `"${column}"应为18位身份证号，这里是${cell.kind === 'date' ? '日期' : '其他类型的值'}。`);
  }
  // ="410102…" and a leading apostrophe are ways of forcing text in a CSV.
  const text =
    cell.kind === 'number'
      ? String(cell.value)
      : cell.text
          .trim()
          .replace(/^="(.*)"$/, '$1')
          .replace(/^['‘’]/, '');
  const result = validateIdNumber(text, { today });
  if (result.ok) return { ok: true, value: { idNumber: result.idNumber, birthDate: result.birthDate, sex: result.sex } };
  const compact = compactText(text);
  if (result.code === 'ID_SCIENTIFIC' || looksScientific(compact)) {
    return fail(
      'ID_SCIENTIFIC',
      `"${column}"显示为科学计数法（${compact}）：Excel 把号码当成了数字，只保留15位有效数字，后几位已经丢失，无法还原。${TEXT_FORMAT_FIX}`,
    );
  }
  if (result.code === 'ID_CHECK_DIGIT' && /^\d{15}000$/.test(compact)) {
    return fail(
      'ID_DIGITS_LOST',
      `"${column}"最后三位是000且校验码不符：这通常是 Excel 曾把号码当成数字，只保留了15位有效数字。${TEXT_FORMAT_FIX}`,
    );
  }
  return fail(result.code, result.message);
}

/** 姓名: letters of any script with 间隔号, no digits. */
export function parsePersonName(cell: Cell, column: string): CellResult<string> {
  const early = guard<string>(cell, column, true);
  if (early) return early;
  const check = checkName(plainText(cell));
  return check.ok ? { ok: true, value: check.name } : fail('NAME_INVALID', `"${column}"有误：${check.message}`);
}

const KNOWN_ETHNICITIES: readonly string[] = [...ETHNIC_GROUPS, ...OTHER_ETHNICITIES];

/** 民族: the standard name; "汉" becomes "汉族". */
export function parseEthnicity(cell: Cell, column: string): CellResult<string> {
  const early = guard<string>(cell, column, true);
  if (early) return early;
  const text = compactText(plainText(cell));
  if (KNOWN_ETHNICITIES.includes(text)) return { ok: true, value: text };
  if (KNOWN_ETHNICITIES.includes(`${text}族`)) return { ok: true, value: `${text}族` };
  const hint = closest(text, ETHNIC_GROUPS);
  return fail(
    'ETHNICITY_INVALID',
    `"${column}"应填写民族的规范名称，如"汉族""藏族""维吾尔族"。${hint === undefined ? '' : `是不是想填"${hint}"？`}`,
  );
}

/** 出生年月, normalised to YYYY-MM or YYYY-MM-DD. */
export function parseBirthCell(cell: Cell, column: string): CellResult<{ value: string; hasDay: boolean }> {
  const early = guard<{ value: string; hasDay: boolean }>(cell, column, true);
  if (early) return early;
  const parsed = parseBirth(cell);
  return parsed.ok ? { ok: true, value: { value: parsed.value, hasDay: parsed.hasDay } } : fail(parsed.code, parsed.message);
}

/** An optional full date, YYYY-MM-DD. */
export function parseDayCell(cell: Cell, column: string): CellResult<string | undefined> {
  const early = guard<string | undefined>(cell, column, false);
  if (early) return early;
  if (isBlank(cell)) return { ok: true, value: undefined };
  const parsed = parseDay(cell, column);
  return parsed.ok ? { ok: true, value: parsed.value } : fail(parsed.code, parsed.message);
}

/** Any non-empty value, as text (looked up against a list by the caller). */
export function parseRequiredText(cell: Cell, column: string): CellResult<string> {
  const early = guard<string>(cell, column, true);
  return early ?? { ok: true, value: plainText(cell) };
}
