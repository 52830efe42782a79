// Plain-Chinese labels for statuses, actors and events.
import type { Actor, CandidateStatus, Citation } from '../../../shared/api';

export const STATUS_LABEL: Record<CandidateStatus, string> = {
  cleared: '通过',
  disqualified: '不通过',
  referred: '待组织部门研判',
  incomplete: '未完成',
  reviewing: '审查中',
  disputed: '复核中',
  failed: '处理失败',
  withdrawn: '已撤回',
};

export const STATUS_COLOR: Record<CandidateStatus, string> = {
  cleared: 'success',
  disqualified: 'error',
  referred: 'warning',
  incomplete: 'default',
  reviewing: 'processing',
  disputed: 'purple',
  failed: 'error',
  withdrawn: 'default',
};

export const ACTOR_KIND_LABEL: Record<string, string> = {
  system: '系统',
  auto: '自动比对',
  reviewer: '部门审查员',
  township: '乡镇（街道）',
  orgdept: '组织部门',
};

export const AUDIT_TYPE_LABEL: Record<string, string> = {
  submitted: '乡镇提交',
  dispatched: '分派部门',
  answered: '部门答复',
  late_answer: '逾期答复（未采纳）',
  overdue: '逾期未答复',
  decided: '作出联审结论',
  ruled: '组织部门研判',
  reassigned: '转交审查员',
  reminded: '催办',
  report_exported: '导出报表',
  account: '账号管理',
  campaign_changed: '换届设置',
  holidays_changed: '放假安排',
  policy_switched: '换用政策版本',
  corrected: '部门更正答复',
  disputed: '申请复核',
  dispute_ruled: '复核结论',
  failed: '处理失败',
  withdrawn: '已撤回',
  tasks_exported: '导出待答复任务',
  ruling_revised: '修改研判结论',
  drafted: '乡镇上传草稿',
  first_reviewed: '乡镇初审',
  filing_decided: '书记人选备案',
  publicity_opened: '开始公示',
  objection_received: '收到公示异议',
  objection_checked: '异议核查结果',
  duplicate_flagged: '重复报送',
  duplicate_resolved: '确定重复人选',
  ledger_exported: '导出联审台账',
  answer_held: '答复待负责人审核',
  answer_returned: '负责人退回答复',
  department_review_set: '部门审查设置',
  extension: '延期申请',
  draft_discarded: '删除草稿批次',
  recheck_request: '重审申请',
};

export const VERDICT_LABEL: Record<string, string> = {
  clear: '无记录',
  findings: '有记录',
  pending: '待答复',
  overdue: '逾期未答复',
  declined: '拒绝答复',
};

export const SOURCE_LABEL: Record<string, string> = {
  extract: '记录比对自动答复',
  portal: '审查员答复',
  attestation: '批量承诺“经查无记录”',
  timeout: '超时',
};

const pad = (n: number) => String(n).padStart(2, '0');

function beijing(iso: string | number): Date | undefined {
  const t = typeof iso === 'number' ? iso : Date.parse(iso);
  return Number.isNaN(t) ? undefined : new Date(t + 8 * 3600_000);
}

/**
 * 2026年12月2日 06:48: a time as people read it, in Beijing time whatever the browser's zone
 * (China keeps UTC+8 all year), the same form as the server's beijingDateTime.
 */
export function beijingTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  const d = beijing(iso);
  if (d === undefined) return iso;
  return `${d.getUTCFullYear()}年${d.getUTCMonth() + 1}月${d.getUTCDate()}日 ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
}

/** Every time shown on a page: Beijing time in Chinese form. */
export const formatTime = beijingTime;

/** 2026年12月2日, the Beijing day of an instant. */
export function beijingDate(iso: string): string {
  const d = beijing(iso);
  return d === undefined ? iso : `${d.getUTCFullYear()}年${d.getUTCMonth() + 1}月${d.getUTCDate()}日`;
}

/** 06:48 in Beijing. */
export function beijingClock(instant: string | number): string {
  const d = beijing(instant);
  return d === undefined ? String(instant) : `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
}

/** Who did it, in words: the signed-in user is named; others by role and a short account id. */
export function actorText(
  actor: Actor | null | undefined,
  me?: { sub: string; displayName: string },
  people?: ReadonlyMap<string, string>,
): string {
  if (!actor) return '—';
  const role = ACTOR_KIND_LABEL[actor.kind] ?? actor.kind;
  if (me && actor.id === me.sub) return `${role}（本人：${me.displayName}）`;
  if (actor.kind === 'system' || actor.kind === 'auto') return role;
  const name = people?.get(actor.id);
  if (name !== undefined) return `${role}（${name}）`;
  return `${role}（账号 ${actor.id.length > 12 ? `${actor.id.slice(0, 8)}…` : actor.id}）`;
}

/** A clause as people cite it: 《文件名称》条款位置：“原文” (the server's citeText, never the source file name). */
export function citeText(citation: Citation): string {
  const where = `${citation.document ?? ''}${citation.clause ?? ''}`;
  return where ? `${where}：“${citation.quote}”` : `“${citation.quote}”`;
}

export const ACCOUNT_ACTION_LABEL: Record<string, string> = {
  created: '创建账号',
  disabled: '停用账号',
  enabled: '启用账号',
  password_reset: '重置密码',
  unlocked: '解除锁定',
  signed_out: '退出全部登录',
  password_changed: '修改密码',
  locked: '连续输错密码，账号锁定',
};

/** One account event in words (never a password: the audit holds none). */
export function accountEventText(d: { action: string; account: string; role: string | null; failedAttempts?: number | undefined }): string {
  const what = ACCOUNT_ACTION_LABEL[d.action] ?? d.action;
  const role = d.role ? `（${d.role}）` : '';
  const attempts = d.failedAttempts === undefined ? '' : `，连续 ${d.failedAttempts} 次`;
  return `${what}：${d.account}${role}${attempts}`;
}
