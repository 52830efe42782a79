// Text clean-up for uploaded cells: what Chinese input methods and Excel produce by accident
// (full-width digits and letters, U+3000 and NBSP spaces, zero-width characters) is normalised,
// never rejected.

/** Spaces other than U+202F, which Mongolian script uses inside words. */
const SPACES = /[\t\n\r\v\f \u00A0\u1680\u2000-\u200A\u2028\u2029\u205F\u3000]+/g;
// An alternation, not a class: U+200D joins characters, so inside a class it would be misleading.
const ZERO_WIDTH = /\u200B|\u200D|\u2060|\uFEFF|\u00AD/g;
const CJK = '\\u2E80-\\u2FDF\\u3001-\\u303F\\u3400-\\u4DBF\\u4E00-\\u9FFF\\uF900-\\uFAFF\\u{20000}-\\u{3FFFF}';
const SPACE_NEXT_TO_CJK = new RegExp(`(?<=[${CJK}()·]) | (?=[${CJK}()·])`, 'gu');

/** Full-width ASCII (U+FF01–U+FF5E) to ASCII, the ideographic space to a space. */
export function toHalfWidth(s: string): string {
  return s.replace(/[\uFF01-\uFF5E]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0)).replace(/\u3000/g, ' ');
}

/** Half-width, no zero-width characters, runs of spaces collapsed, trimmed. */
export function cleanText(s: string): string {
  return toHalfWidth(s).replace(ZERO_WIDTH, '').replace(SPACES, ' ').trim();
}

/** cleanText, and no spaces next to Chinese characters ("长岗 村" → "长岗村"); Latin words keep theirs. */
export function cleanChinese(s: string): string {
  return cleanText(s).replace(SPACE_NEXT_TO_CJK, '');
}

/** For enumerated values and headers, which never contain spaces. */
export function compactText(s: string): string {
  return cleanText(s).replace(/ /g, '');
}

const NAME_DOTS = /[.•‧∙⋅・･]/g;

/** Names: the interpunct 间隔号 in its many look-alikes becomes "·" (U+00B7), without spaces around it. */
export function normalizeName(raw: string): string {
  return cleanChinese(raw).replace(NAME_DOTS, '·').replace(/ ?· ?/g, '·');
}

// Letters and marks of any script, 间隔号, the Tibetan tsheg and shad, Mongolian NNBSP, spaces.
const NAME_CHARS = /^[\p{L}\p{M}·\u0F0B-\u0F0D\u202F ]+$/u;

export type NameCheck = { ok: true; name: string } | { ok: false; message: string };

export function checkName(raw: string): NameCheck {
  const name = normalizeName(raw);
  if (/\uFFFD/.test(name)) {
    return { ok: false, message: '姓名中有乱码字符（�），文件的编码可能不对，请用 Excel 另存为 .xlsx 后再上传。' };
  }
  if (/\p{N}/u.test(name)) return { ok: false, message: '姓名中不能有数字。' };
  if (!NAME_CHARS.test(name)) {
    const bad = [...name].find((c) => !NAME_CHARS.test(c)) ?? '';
    return { ok: false, message: `姓名中不能有"${bad}"这样的符号；少数民族姓名的间隔号请用"·"。` };
  }
  if (/^[· \u202F]|[· \u202F]$|[· ]{2}/.test(name)) {
    return { ok: false, message: '姓名中间隔号"·"的位置不对：不能在开头、结尾，也不能连用。' };
  }
  const letters = [...name].filter((c) => /\p{L}/u.test(c)).length;
  if (letters < 2) return { ok: false, message: '姓名至少应有两个字。' };
  if ([...name].length > 50) return { ok: false, message: '姓名超过50个字符，请检查是否填错了列。' };
  return { ok: true, name };
}

/** Edit distance over code points. */
export function editDistance(a: string, b: string): number {
  const x = [...a];
  const y = [...b];
  let prev = Array.from({ length: y.length + 1 }, (_, j) => j);
  for (let i = 1; i <= x.length; i++) {
    const cur = [i];
    for (let j = 1; j <= y.length; j++) {
      const cost = x[i - 1] === y[j - 1] ? 0 : 1;
      cur.push(Math.min((prev[j] ?? 0) + 1, (cur[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + cost));
    }
    prev = cur;
  }
  return prev[y.length] ?? 0;
}

/**
 * The allowed value a user most plausibly meant, if any is close enough to say so: one contains
 * the other (党员 → 中共党员), or a few characters differ in a long value. Two-character values
 * never count as close by edit distance (大学 is not 小学).
 */
export function closest(value: string, allowed: readonly string[]): string | undefined {
  if (value === '') return undefined;
  const length = [...value].length;
  let best: string | undefined;
  let bestScore = Infinity;
  for (const candidate of allowed) {
    const candidateLength = [...candidate].length;
    let score: number | undefined;
    if (candidate.includes(value) || value.includes(candidate)) {
      score = Math.abs(candidateLength - length) / 100;
    } else {
      const d = editDistance(value, candidate);
      if (d <= Math.floor(candidateLength / 3) && d < length) score = d;
    }
    if (score !== undefined && score < bestScore) {
      bestScore = score;
      best = candidate;
    }
  }
  return best;
}

export function quoteList(values: readonly string[]): string {
  return values.map((v) => `"${v}"`).join('、');
}
