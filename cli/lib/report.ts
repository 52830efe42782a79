// Printing import validation results, shared by `validate` and `validate-records`.
import type { ImportError } from '../../shared/domain/import/errors.js';
import type { CliIO } from '../context.js';
import { maskIdLike } from './mask.js';
import { renderTable, truncate } from './table.js';

/** The --json shape, exactly: no other members (the optional `sheet` is folded away). */
export interface JsonReport {
  valid: boolean;
  errors: Array<{ row: number; column: string; value: string; code: string; message: string }>;
}

export function jsonReport(errors: readonly ImportError[]): JsonReport {
  return {
    valid: errors.length === 0,
    errors: errors.map(({ row, column, value, code, message }) => ({ row, column, value, code, message })),
  };
}

export function printJson(io: CliIO, value: unknown): void {
  io.stdout(`${JSON.stringify(value, null, 2)}\n`);
}

const ID_COLUMNS = new Set(['身份证号', '候选人身份证号', '亲属身份证号']);

/** A table of errors: 行 / 列 / 值 / 问题 (plus 表 when the file has more than one table). */
export function printErrorTable(io: CliIO, filename: string, errors: readonly ImportError[]): void {
  const withSheet = new Set(errors.map((e) => e.sheet ?? '')).size > 1;
  const headers = withSheet ? ['表', '行', '列', '值', '问题'] : ['行', '列', '值', '问题'];
  const rows = errors.map((e) => {
    const value = truncate(ID_COLUMNS.has(e.column) ? maskIdLike(e.value) : e.value, 24);
    const cells = [e.row === 0 ? '—' : String(e.row), e.column || '—', value || '（空）', `${e.message} [${e.code}]`];
    return withSheet ? [e.sheet ?? '', ...cells] : cells;
  });
  io.stdout(`✗ ${filename} 未通过校验，共 ${errors.length} 处错误（整份文件未被接受，改正后请重新校验）：\n\n`);
  io.stdout(renderTable(headers, rows));
}

/** Counts by key, most frequent first, then by key. */
export function countBy<T>(items: readonly T[], key: (item: T) => string): Array<[string, number]> {
  const counts = new Map<string, number>();
  for (const item of items) counts.set(key(item), (counts.get(key(item)) ?? 0) + 1);
  return [...counts].sort(([a, x], [b, y]) => y - x || (a < b ? -1 : a > b ? 1 : 0));
}
