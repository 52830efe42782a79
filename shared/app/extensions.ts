// Extension requests (延期申请, shared/domain/requests.ts): a reviewer of an overdue task asks the
// organization department for more time; it approves (the candidate goes back to that department
// alone, through the re-check, with a new deadline) or declines with a reason. The mechanism is
// requests.ts; this is what is the extension's own.
import type { Caller } from './access.js';
import { ownTask } from './answer-task.js';
import { loadCampaign, type UseCaseDeps } from './common.js';
import { conflict, isRefusal, type Refusal } from './refusals.js';
import type { RecheckDeps } from './request-recheck.js';
import {
  decideRequest,
  listRequests,
  REQUEST_REASON_CODE,
  type RequestDecisionInput,
  type RequestKindSpec,
  type RequestView,
  requestReason,
  requestView,
  submitRequest,
} from './requests.js';
import type { RequestStatus } from '../domain/requests.js';

export const EXTENSION_CODE = {
  notOverdue: 'TASK_NOT_OVERDUE',
  pending: 'EXTENSION_PENDING',
  decided: 'EXTENSION_DECIDED',
  reason: REQUEST_REASON_CODE,
} as const;

export type ExtensionView = RequestView<'extension', { taskId: string }>;

const EXTENSION: RequestKindSpec<'extension', { taskId: string }> = {
  kind: 'extension',
  noun: '延期申请',
  decidedCode: EXTENSION_CODE.decided,
  keyPrefix: 'extension',
  notificationKind: 'extension',
  auditRecord: (data) => ({ type: 'extension', data }),
  viewExtras: (extension) => ({ taskId: `${extension.candidateId}~${extension.department}` }),
  approvalReason: (extension) => `批准延期申请（第 ${extension.sequence} 次）：${extension.reason}`,
  requestedNotice: (view, campaignName) => ({
    title: '新的延期申请',
    text: `${view.departmentName}对 1 件逾期联审任务申请延期答复（${campaignName}），请及时审批。`,
    link: '/extensions',
  }),
  decidedNotice: (view, campaignName) => ({
    unit: `department:${view.department}`,
    ...(view.status === 'approved'
      ? {
          title: '延期申请已批准',
          text: `组织部门已批准${view.departmentName}的 1 件延期申请（${campaignName}），该任务已重新发送给本部门，请在新的答复期限内办理。`,
        }
      : {
          title: '延期申请未获批准',
          text: `组织部门未批准${view.departmentName}的 1 件延期申请（${campaignName}），理由请登录查看。`,
        }),
    link: '/reviews?status=overdue',
  }),
};

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
  const reason = requestReason('extension', input.reason, '申请延期的理由');
  if (isRefusal(reason)) return reason;
  const campaign = await loadCampaign(deps.repos, task.campaignId);
  if (isRefusal(campaign)) return campaign;
  return submitRequest(deps, EXTENSION, {
    caller: input.caller,
    actor: 'reviewer',
    campaign,
    candidateId: task.candidateId,
    department: task.department,
    pending: conflict('该任务已有延期申请正在等待组织部门审批，不能重复申请', { code: EXTENSION_CODE.pending }),
    build: (sequence) => ({
      campaignId: task.campaignId,
      candidateId: task.candidateId,
      department: task.department,
      sequence,
      status: 'pending',
      reason,
      requestedBy: input.caller.userId,
      requestedByName: input.caller.username,
      requestedAt: deps.now().toISOString(),
    }),
  });
}

/** The department's latest request on this task (null when it never asked), for the task page. */
export async function taskExtension(
  deps: UseCaseDeps,
  input: { caller: Caller; taskId: string },
): Promise<{ extension: ExtensionView | null } | Refusal> {
  const task = await ownTask(deps, input.caller, input.taskId);
  if (isRefusal(task)) return task;
  const latest = await deps.repos.requests.extension.get(task.candidateId, task.department);
  if (latest === undefined) return { extension: null };
  const campaign = await loadCampaign(deps.repos, latest.campaignId);
  if (isRefusal(campaign)) return campaign;
  return { extension: await requestView(deps, EXTENSION, campaign, latest) };
}

/** The campaign's requests for the organization department: pending first, then the newest. */
export function listExtensions(
  deps: UseCaseDeps,
  input: { caller: Caller; campaignId: string; status?: RequestStatus },
): Promise<{ pending: number; items: ExtensionView[] } | Refusal> {
  return listRequests(deps, EXTENSION, input);
}

export type ExtensionDecisionInput = RequestDecisionInput;

/** Approves (the department gets the task again, with its own deadline) or declines with a reason. */
export function decideExtension(deps: RecheckDeps, input: ExtensionDecisionInput): Promise<ExtensionView | Refusal> {
  return decideRequest(deps, EXTENSION, input);
}
