// Chinese wording shared by the API responses and the exported reports.
import type { Citation, Decision, DecisionOutcome, Policy, Reason, Ruling, Warning } from '../../domain/model.js';
import { chineseDate } from '../../domain/rules.js';
import { DISPUTED_LABEL, type ShownStatus } from '../../domain/review-changes.js';

/** 联审结论 as printed; a candidate still under review counts as 未完成 with that reason. */
export const OUTCOME_LABEL: Record<DecisionOutcome, string> = {
  cleared: '通过',
  disqualified: '不通过',
  referred: '待组织部门研判',
  incomplete: '未完成',
};

/** The status people see: 复核中 while a dispute is open (domain/review-changes.ts shownStatus). */
export function shownLabel(status: ShownStatus): string {
  return status === 'disputed' ? DISPUTED_LABEL : OUTCOME_LABEL[status];
}

export const REVIEWING_LABEL = '未完成';
export const REVIEWING_NOTE = '联审尚未结束';
export const FAILED_LABEL = '处理失败';
export const FAILED_NOTE = '联审流程处理失败，待重新驱动（lianshen redrive）';

export function departmentName(policy: Policy, code: string): string {
  if (code === 'policy') return '政策规定';
  return policy.departments.find((d) => d.code === code)?.name ?? code;
}

/**
 * A clause as a civil servant cites it: 《文件名称》条款位置：“原文”. The seed file a shipped
 * policy was checked against is never shown.
 */
export function citeText(citation: Citation): string {
  const where = `${citation.document ?? ''}${citation.clause ?? ''}`;
  return where ? `${where}：“${citation.quote}”` : `“${citation.quote}”`;
}

/**
 * One reason in plain Chinese, citing the clause, e.g.
 * 区法院：刑事处罚（（2015）定刑初字第12号），2026年5月2日前不得提名。依据：《…》“五不能”第一项：“…”.
 * A reason that only refers never says 不得提名.
 */
export function reasonText(policy: Policy, reason: Reason): string {
  const source = departmentName(policy, reason.department);
  const doc = reason.documentNumber ? `（${reason.documentNumber}）` : '';
  const note = reason.note ? `（${reason.note}）` : '';
  let effect: string;
  if (reason.severity === 'bar') effect = reason.eligibleFrom ? `，${chineseDate(reason.eligibleFrom)}前不得提名` : '，不得提名';
  else effect = `，需组织部门研判${reason.eligibleFrom ? `（该情形自${chineseDate(reason.eligibleFrom)}起不再适用）` : ''}`;
  return `${source}：${reason.category}${doc}${note}${effect}。依据：${citeText(reason.citation)}`;
}

export function warningText(warning: Warning): string {
  return `${warning.message}。依据：${citeText(warning.citation)}`;
}

export function unansweredText(policy: Policy, unanswered: ReadonlyArray<{ department: string; status: string }>): string {
  if (unanswered.length === 0) return '';
  const label: Record<string, string> = { pending: '未答复', overdue: '逾期未答复', declined: '拒绝答复' };
  const parts = unanswered.map((u) => `${departmentName(policy, u.department)}${label[u.status] ?? '未答复'}`);
  return `尚缺部门答复：${parts.join('、')}`;
}

const RULING_SAID = { uphold: '维持提名', disqualify: '不予提名' } as const;

/**
 * What a ruling does now, in words (a ruling decides the referred items only, domain/decision.ts):
 * in effect, waiting for the missing answers, overtaken by a bar, or waiting for a new ruling.
 */
export function rulingEffect(
  decision: Pick<Decision, 'outcome'>,
  finalStatus: DecisionOutcome,
  ruling: Pick<Ruling, 'outcome'>,
): { inEffect: boolean; text: string } {
  const said = RULING_SAID[ruling.outcome];
  switch (decision.outcome) {
    case 'incomplete':
      return { inEffect: false, text: `${said}，待全部部门答复后生效` };
    case 'disqualified':
      return { inEffect: false, text: `${said}，但其后查实不得提名的情形，研判不再适用` };
    case 'cleared':
      return { inEffect: false, text: `${said}，需研判的情形已不存在` };
    case 'referred':
      return finalStatus === 'referred'
        ? { inEffect: false, text: `${said}，其后又报送需研判的情形，待再次研判` }
        : { inEffect: true, text: said };
  }
}
