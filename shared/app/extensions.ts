// Extension requests (延期申请, shared/domain/extensions.ts): a reviewer of an overdue task asks the
// organization department for more time; it approves (the candidate goes back to that department
// alone, through the re-check, with a new deadline) or declines with a reason. Every step is an
// event on the candidate's chain and a notification to the other side.
import { EXTENSION_REASON_MIN, EXTENSION_STATUS_LABEL, type Extension } from '../domain/extensions.js';
import { type Caller, orgdeptOnly } from './access.js';
import { ownTask } from './answer-task.js';
import { actorOf, loadCampaign, mapLimit, policyOf, sha256, type UseCaseDeps } from './common.js';
import { notify } from './notifications.js';
import type { StoredCampaign } from './ports.js';
import { conflict, invalid, isRefusal, notFound, type Refusal } from './refusals.js';
import { departmentName } from './reports/labels.js';
import { type RecheckDeps, requestRecheck } from './request-recheck.js';

export const EXTENSION_CODE = {
  notOverdue: 'TASK_NOT_OVERDUE',
  pending: 'EXTENSION_PENDING',
  decided: 'EXTENSION_DECIDED',
  reason: 'REASON_REQUIRED',
} as const;

export type ExtensionView = Extension & {
  departmentName: string;
  statusLabel: string;
  taskId: string;
  candidate: { name: string; township: string; village: string } | null;
};

function reasonOf(raw: string, what: string): string | Refusal {
  const reason = raw.trim();
  if (reason.length < EXTENSION_REASON_MIN)
    return invalid(`请填写${what}（至少 ${EXTENSION_REASON_MIN} 个字）`, 'reason', EXTENSION_CODE.reason);
  return reason;
}

async function viewOf(deps: Pick<UseCaseDeps, 'repos'>, campaign: StoredCampaign, extension: Extension): Promise<ExtensionView> {
  const policy = await policyOf(deps.repos, campaign);
  const view = await deps.repos.candidates.getView(extension.candidateId);
  return {
    ...extension,
    departmentName: departmentName(policy, extension.department),
    statusLabel: EXTENSION_STATUS_LABEL[extension.status],
    taskId: `${extension.candidateId}~${extension.department}`,
    // The organization department reads the name to judge; never the ID number here.
    candidate: view === undefined ? null : { name: view.name, township: view.township, village: view.village },
  };
}

async function record(deps: UseCaseDeps, caller: Caller, extension: Extension, kind: 'reviewer' | 'orgdept', reasonText: string) {
  const action = extension.status === 'pending' ? 'requested' : extension.status;
  await deps.repos.audit.append(
    {
      candidateId: extension.candidateId,
      type: 'extension',
      actor: actorOf(caller, kind),
      at: deps.now().toISOString(),
      data: {
        department: extension.department,
        sequence: extension.sequence,
        action,
        // Free text may name people: the chain pins it by hash, the request keeps it.
        reasonSha256: sha256(reasonText),
        recheckSequence: extension.recheckSequence ?? null,
      },
    },
    { dedupeKey: `extension:${extension.department}:${extension.sequence}:${action}` },
  );
}

/** The reviewer's request for more time on an overdue task of their department. */
export async function requestExtension(
  deps: UseCaseDeps,
  input: { caller: Caller; taskId: string; reason: string },
): Promise<ExtensionView | Refusal> {
  const task = await ownTask(deps, input.caller, input.taskId);
  if (isRefusal(task)) return task;
  if (task.status !== 'overdue') {
    return conflict('只有逾期未答复的任务才能申请延期', { code: EXTENSION_CODE.notOverdue });
  }
  const reason = reasonOf(input.reason, '申请延期的理由');
  if (isRefusal(reason)) return reason;
  const campaign = await loadCampaign(deps.repos, task.campaignId);
  if (isRefusal(campaign)) return campaign;
  const pending = conflict('该任务已有延期申请正在等待组织部门审批，不能重复申请', { code: EXTENSION_CODE.pending });
  const latest = await deps.repos.extensions.get(task.candidateId, task.department);
  if (latest?.status === 'pending') return pending;
  const extension: Extension = {
    campaignId: task.campaignId,
    candidateId: task.candidateId,
    department: task.department,
    sequence: (latest?.sequence ?? 0) + 1,
    status: 'pending',
    reason,
    requestedBy: input.caller.userId,
    requestedByName: input.caller.username,
    requestedAt: deps.now().toISOString(),
  };
  // Of two requests at once one is stored; the other sees it pending.
  if (!(await deps.repos.extensions.request(extension)).created) return pending;
  await record(deps, input.caller, extension, 'reviewer', reason);
  const view = await viewOf(deps, campaign, extension);
  await notify(deps, {
    eventKey: `extension:${extension.candidateId}:${extension.department}:${extension.sequence}:requested`,
    unit: 'orgdept',
    kind: 'extension',
    campaignId: extension.campaignId,
    title: '新的延期申请',
    text: `${view.departmentName}对 1 件逾期联审任务申请延期答复（${campaign.campaign.name}），请及时审批。`,
    link: '/extensions',
  });
  return view;
}

/** The department's latest request on this task (null when it never asked), for the task page. */
export async function taskExtension(
  deps: UseCaseDeps,
  input: { caller: Caller; taskId: string },
): Promise<{ extension: ExtensionView | null } | Refusal> {
  const task = await ownTask(deps, input.caller, input.taskId);
  if (isRefusal(task)) return task;
  const latest = await deps.repos.extensions.get(task.candidateId, task.department);
  if (latest === undefined) return { extension: null };
  const campaign = await loadCampaign(deps.repos, latest.campaignId);
  if (isRefusal(campaign)) return campaign;
  return { extension: await viewOf(deps, campaign, latest) };
}

/** The campaign's requests for the organization department: pending first, then the newest. */
export async function listExtensions(
  deps: UseCaseDeps,
  input: { caller: Caller; campaignId: string; status?: Extension['status'] },
): Promise<{ pending: number; items: ExtensionView[] } | Refusal> {
  const denied = orgdeptOnly(input.caller);
  if (denied !== undefined) return denied;
  const campaign = await loadCampaign(deps.repos, input.campaignId);
  if (isRefusal(campaign)) return campaign;
  const all = await deps.repos.extensions.listByCampaign(input.campaignId);
  const shown = all
    .filter((e) => input.status === undefined || e.status === input.status)
    .sort((a, b) => Number(b.status === 'pending') - Number(a.status === 'pending') || b.requestedAt.localeCompare(a.requestedAt));
  return {
    pending: all.filter((e) => e.status === 'pending').length,
    items: await mapLimit(shown, 8, (e) => viewOf(deps, campaign, e)),
  };
}

export type ExtensionDecisionInput = {
  caller: Caller;
  candidateId: string;
  department: string;
  /** The request the organization department read: a newer one is not decided unseen. */
  sequence: number;
} & ({ decision: 'approve' } | { decision: 'decline'; reason: string });

/**
 * Approves (the re-check sends the candidate back to the department with its own deadline; a
 * re-check the state of the candidate does not allow refuses the approval, and the request stays
 * pending) or declines with a reason.
 */
export async function decideExtension(deps: RecheckDeps, input: ExtensionDecisionInput): Promise<ExtensionView | Refusal> {
  const denied = orgdeptOnly(input.caller);
  if (denied !== undefined) return denied;
  const stored = await deps.repos.extensions.get(input.candidateId, input.department);
  if (stored === undefined || stored.sequence !== input.sequence) return notFound('未找到该延期申请');
  const decided = conflict(`该延期申请已${EXTENSION_STATUS_LABEL[stored.status]}，请刷新后查看`, { code: EXTENSION_CODE.decided });
  if (stored.status !== 'pending') return decided;
  const campaign = await loadCampaign(deps.repos, stored.campaignId);
  if (isRefusal(campaign)) return campaign;
  const at = deps.now().toISOString();
  let reasonText: string;
  let outcome: Awaited<ReturnType<typeof deps.repos.extensions.decide>>;
  if (input.decision === 'decline') {
    const reason = reasonOf(input.reason, '不批准的理由');
    if (isRefusal(reason)) return reason;
    reasonText = reason;
    outcome = await deps.repos.extensions.decide(stored.candidateId, stored.department, stored.sequence, {
      status: 'declined',
      declineReason: reason,
      decidedBy: input.caller.userId,
      decidedAt: at,
    });
  } else {
    reasonText = `批准延期申请（第 ${stored.sequence} 次）：${stored.reason}`;
    const recheck = await requestRecheck(deps, {
      caller: input.caller,
      candidateId: stored.candidateId,
      department: stored.department,
      reason: reasonText,
    });
    if (isRefusal(recheck)) return recheck;
    // The re-check is open now: a concurrent decline that won is the only way this write loses.
    outcome = await deps.repos.extensions.decide(stored.candidateId, stored.department, stored.sequence, {
      status: 'approved',
      recheckSequence: recheck.recheck.sequence,
      decidedBy: input.caller.userId,
      decidedAt: at,
    });
  }
  if (!outcome.decided) return decided;
  const extension = outcome.extension;
  await record(deps, input.caller, extension, 'orgdept', reasonText);
  const view = await viewOf(deps, campaign, extension);
  const approved = extension.status === 'approved';
  await notify(deps, {
    eventKey: `extension:${extension.candidateId}:${extension.department}:${extension.sequence}:${extension.status}`,
    unit: `department:${extension.department}`,
    kind: 'extension',
    campaignId: extension.campaignId,
    title: approved ? '延期申请已批准' : '延期申请未获批准',
    // The decline's reason may name people: the portal shows it, the SMS does not carry it.
    text: approved
      ? `组织部门已批准${view.departmentName}的 1 件延期申请（${campaign.campaign.name}），该任务已重新发送给本部门，请在新的答复期限内办理。`
      : `组织部门未批准${view.departmentName}的 1 件延期申请（${campaign.campaign.name}），理由请登录查看。`,
    link: '/reviews?status=overdue',
  });
  return view;
}
