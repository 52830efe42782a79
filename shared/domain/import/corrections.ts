// What the import cleaned up on its own (never an error): shown to the township before it submits,
// so a person sees that 330902700815031 became an 18-digit number or that a stray space went away.
import { maskedValue } from './errors.js';
import { toHalfWidth } from './normalize.js';

export interface Correction {
  /** 候选人 or 近亲属 */
  sheet: string;
  /** The Excel row (header = 1). */
  row: number;
  column: string;
  /** As written and as accepted; ID numbers masked as everywhere else. */
  from: string;
  to: string;
  /** 已去掉多余的空格, 15 位身份证号已升级为 18 位 … */
  reason: string;
}

const INVISIBLE = /[\s\u3000\u00a0\u200b-\u200d\u2060\ufeff]/g;

function reasonOf(from: string, to: string): string {
  const bare = from.replace(INVISIBLE, '');
  if (/^\d{15}$/.test(bare) && /^\d{17}[\dX]$/.test(to)) return '15 位旧身份证号已升级为 18 位';
  if (bare === to.replace(INVISIBLE, '')) return '已去掉多余的空格';
  if (bare.toUpperCase() === to && /x$/.test(bare)) return '末位小写 x 已改为大写 X';
  if (toHalfWidth(bare) === to.replace(INVISIBLE, '')) return '全角字符已改为半角';
  return '已改为标准写法';
}

/** One correction per cell whose accepted value differs from what the cell shows. */
export function correctionsOf(
  sheet: string,
  row: number,
  cells: ReadonlyArray<readonly [column: string, shown: string, accepted: string | undefined]>,
): Correction[] {
  const out: Correction[] = [];
  for (const [column, shown, accepted] of cells) {
    if (accepted === undefined || shown.trim() === '' || shown === accepted) continue;
    out.push({
      sheet,
      row,
      column,
      from: maskedValue(row, column, shown),
      to: maskedValue(row, column, accepted),
      reason: reasonOf(shown, accepted),
    });
  }
  return out;
}
