// One rule for every piece of text a person types (names of villages, campaigns, people, notes,
// reasons): printable characters only. Control characters, bidirectional overrides and lone
// surrogates are refused, because they disguise what a printed list or a file name says
// (海山社区\u202eexe.txt) and break encoders downstream.
import { z } from 'zod';

export const TEXT_ERROR_CODES = ['TEXT_CONTROL_CHARACTER', 'TEXT_BIDI_CONTROL', 'TEXT_LONE_SURROGATE', 'TEXT_NONCHARACTER'] as const;
export type TextErrorCode = (typeof TEXT_ERROR_CODES)[number];

export interface TextProblem {
  code: TextErrorCode;
  /** In Chinese, naming the character by its code point. */
  message: string;
  index: number;
}

const hex = (cp: number) => `U+${cp.toString(16).toUpperCase().padStart(4, '0')}`;

function isBidiControl(cp: number): boolean {
  return cp === 0x061c || cp === 0x200e || cp === 0x200f || (cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069);
}

/**
 * The first character a person's text may not contain, or null. `multiline` allows line breaks
 * and tabs (notes, justifications); nothing else below U+0020 or in U+007F–U+009F passes.
 */
export function textProblem(value: string, opts: { multiline?: boolean } = {}): TextProblem | null {
  for (let i = 0; i < value.length; i++) {
    const unit = value.charCodeAt(i);
    if (unit >= 0xd800 && unit <= 0xdbff) {
      const next = value.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        const cp = ((unit - 0xd800) << 10) + (next - 0xdc00) + 0x10000;
        if ((cp & 0xfffe) === 0xfffe) return { code: 'TEXT_NONCHARACTER', message: `含有非字符 ${hex(cp)}`, index: i };
        i += 1;
        continue;
      }
      return { code: 'TEXT_LONE_SURROGATE', message: `含有无效的字符编码(孤立代理项 ${hex(unit)})`, index: i };
    }
    if (unit >= 0xdc00 && unit <= 0xdfff) {
      return { code: 'TEXT_LONE_SURROGATE', message: `含有无效的字符编码(孤立代理项 ${hex(unit)})`, index: i };
    }
    const allowedBreak = opts.multiline === true && (unit === 0x0a || unit === 0x0d || unit === 0x09);
    if ((unit < 0x20 || (unit >= 0x7f && unit <= 0x9f)) && !allowedBreak) {
      return { code: 'TEXT_CONTROL_CHARACTER', message: `含有不可见的控制字符 ${hex(unit)}`, index: i };
    }
    if (isBidiControl(unit)) return { code: 'TEXT_BIDI_CONTROL', message: `含有改变文字方向的控制字符 ${hex(unit)}`, index: i };
    if (unit === 0xfeff && i > 0) return { code: 'TEXT_CONTROL_CHARACTER', message: `含有不可见的控制字符 ${hex(unit)}`, index: i };
    if (unit === 0xfffe || unit === 0xffff || (unit >= 0xfdd0 && unit <= 0xfdef)) {
      return { code: 'TEXT_NONCHARACTER', message: `含有非字符 ${hex(unit)}`, index: i };
    }
  }
  return null;
}

/** A zod string that applies the text rule after trimming; the issue carries the stable code as `params.code`. */
export function personText(opts: { min?: number; max: number; multiline?: boolean }) {
  return z
    .string()
    .trim()
    .min(opts.min ?? 1, opts.min === undefined || opts.min <= 1 ? '不能为空' : `至少 ${opts.min} 个字`)
    .max(opts.max, `不能超过 ${opts.max} 个字`)
    .superRefine((value, ctx) => {
      const problem = textProblem(value, { multiline: opts.multiline ?? false });
      if (problem) ctx.addIssue({ code: 'custom', message: problem.message, params: { code: problem.code } });
    });
}

/**
 * A file name that is safe in a Content-Disposition header and on every file system, whatever the
 * text it comes from: the text rule's characters and path or shell specials become "_".
 */
export function safeFileName(text: string, fallback = '导出'): string {
  let out = '';
  for (const ch of text) {
    const problem = textProblem(ch);
    out += problem || /[\\/:*?"<>|]/.test(ch) ? '_' : ch;
  }
  out = out.replace(/^[.\s]+|[.\s]+$/g, '').slice(0, 120);
  return out.length > 0 ? out : fallback;
}
