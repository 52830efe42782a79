// A batch's state in words, from its candidates' results: never "联审完成" while anyone is still
// 未完成, waiting for a ruling or 复核中 (disputed), and always what is missing ("27 人未完成（16 个部门逾期）",
// "2 人处理失败（待重新驱动）").

export interface BatchCounts {
  total: number;
  /** Not yet decided (departments still within their time). */
  reviewing: number;
  cleared: number;
  disqualified: number;
  referred: number;
  incomplete: number;
  /** Disputed by the township, frozen until the organization department rules (复核中). */
  disputed: number;
  /** The workflow failed on them (its catch-all): not decided, waiting for a redrive. */
  failed: number;
  /** Distinct departments that let a candidate of the batch time out unanswered. */
  overdueDepartments: number;
}

export type BatchState = 'reviewing' | 'waiting' | 'complete';

export interface BatchStatus extends BatchCounts {
  state: BatchState;
  /** 审查中 / 处理失败 / 未完成 / 待组织部门研判 / 联审完成 */
  label: string;
  /** Candidates with a final result (通过 or 不通过). */
  final: number;
  /** 27 人未完成（16 个部门逾期），已有最终结论 3 / 30 人 */
  text: string;
}

export function batchStatus(c: BatchCounts): BatchStatus {
  const final = c.cleared + c.disqualified;
  const parts: string[] = [];
  if (c.incomplete > 0) parts.push(`${c.incomplete} 人未完成${c.overdueDepartments > 0 ? `（${c.overdueDepartments} 个部门逾期）` : ''}`);
  if (c.referred > 0) parts.push(`${c.referred} 人待组织部门研判`);
  if (c.disputed > 0) parts.push(`${c.disputed} 人复核中`);
  if (c.reviewing > 0) parts.push(`${c.reviewing} 人审查中`);
  if (c.failed > 0) parts.push(`${c.failed} 人处理失败（待重新驱动）`);
  let state: BatchState;
  let label: string;
  if (c.reviewing > 0) {
    state = 'reviewing';
    label = '审查中';
  } else if (c.failed > 0) {
    // Never 联审完成 while a candidate's review failed: it is not decided.
    state = 'waiting';
    label = '处理失败';
  } else if (c.incomplete > 0 || c.referred > 0 || c.disputed > 0) {
    state = 'waiting';
    label = c.incomplete > 0 ? '未完成' : c.referred > 0 ? '待组织部门研判' : '复核中';
  } else {
    state = c.total > 0 ? 'complete' : 'reviewing';
    label = c.total > 0 ? '联审完成' : '审查中';
  }
  const text =
    state === 'complete'
      ? `联审完成：通过 ${c.cleared} 人，不通过 ${c.disqualified} 人`
      : `${parts.length > 0 ? `${parts.join('，')}，` : ''}已有最终结论 ${final} / ${c.total} 人`;
  return { ...c, state, label, final, text };
}

/** Counts from each candidate's status and the departments that timed out on it. */
export function countBatch(
  candidates: ReadonlyArray<{
    status: 'reviewing' | 'failed' | 'cleared' | 'disqualified' | 'referred' | 'incomplete' | 'disputed';
    overdue: readonly string[];
  }>,
): BatchCounts {
  const counts: BatchCounts = {
    total: candidates.length,
    reviewing: 0,
    cleared: 0,
    disqualified: 0,
    referred: 0,
    incomplete: 0,
    disputed: 0,
    failed: 0,
    overdueDepartments: 0,
  };
  const overdue = new Set<string>();
  for (const c of candidates) {
    counts[c.status] += 1;
    for (const d of c.overdue) overdue.add(d);
  }
  counts.overdueDepartments = overdue.size;
  return counts;
}
