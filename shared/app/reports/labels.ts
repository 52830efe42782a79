// Chinese wording shared by the API responses and the exported reports.
import type { Citation, DecisionOutcome, Policy, Reason, Warning } from '../../domain/model.js';

/** 联审结论 as printed; a candidate still under review counts as 未完成 with that reason. */
export const OUTCOME_LABEL: Record<DecisionOutcome, string> = {
  cleared: '通过',
  disqualified: '不通过',
  referred: '待组织部门研判',
  incomplete: '未完成',
};

export const REVIEWING_LABEL = '未完成';
export const REVIEWING_NOTE = '联审尚未结束';

export function departmentName(policy: Policy, code: string): string {
  if (code === 'policy') return '政策规定';
  return policy.departments.find((d) => d.code === code)?.name ?? code;
}

export function citeText(citation: Citation): string {
  return `${citation.file}“${citation.quote}”`;
}

/** One reason in plain Chinese, citing the clause, e.g. 区法院：刑事处罚（（2015）定刑初字第12号），2026-05-01前不得提名。依据：… */
export function reasonText(policy: Policy, reason: Reason): string {
  const source = departmentName(policy, reason.department);
  const doc = reason.documentNumber ? `（${reason.documentNumber}）` : '';
  const until = reason.eligibleFrom ? `，${reason.eligibleFrom}前不得提名` : '';
  const effect = reason.severity === 'concern' ? '，需组织部门研判' : '';
  return `${source}：${reason.category}${doc}${until}${effect}。依据：${citeText(reason.citation)}`;
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
