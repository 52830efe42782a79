// Re-check requests (重审申请, shared/domain/requests.ts): a township asks the organization
// department to have one department check its decided candidate again (a cure: a 失信 debt paid and
// the name removed), with a reason and attachments kept by hash. The organization department
// approves (the re-check sends the candidate back to that department alone, request-recheck.ts) or
// declines with a reason. The mechanism is requests.ts; this is what is the re-check request's own.
import { batchIdOf } from '../domain/ids.js';
import { REQUEST_RULES, type RequestStatus } from '../domain/requests.js';
import type { DisputeAttachment } from '../domain/review-changes.js';
import { type Caller, townshipOf } from './access.js';
import { loadCampaign, type UseCaseDeps } from './common.js';
import { conflict, invalid, isRefusal, notFound, type Refusal } from './refusals.js';
import { RECHECK_CODE, type RecheckDeps } from './request-recheck.js';
import {
  decideRequest,
  listRequests,
  REQUEST_REASON_CODE,
  type RequestDecisionInput,
  type RequestKindSpec,
  type RequestView,
  requestReason,
  submitRequest,
} from './requests.js';
import { setAsideRefusal, stoppedAs } from './stopped.js';

export const RECHECK_REQUEST_CODE = {
  pending: 'RECHECK_REQUEST_PENDING',
  decided: 'RECHECK_REQUEST_DECIDED',
  reason: REQUEST_REASON_CODE,
  attachments: 'TOO_MANY_ATTACHMENTS',
  notDecided: RECHECK_CODE.notDecided,
  notRouted: RECHECK_CODE.notRouted,
  withdrawn: RECHECK_CODE.withdrawn,
} as const;

export type RecheckRequestView = RequestView<'recheck'>;

/** The township's batch page of the candidate, where the request shows. */
function batchLink(candidateId: string): string {
  const batchId = batchIdOf(candidateId);
  return batchId === null ? '/batches' : `/batches/${batchId}`;
}

const RECHECK_REQUEST: RequestKindSpec<'recheck', unknown> = {
  kind: 'recheck',
  noun: '重审申请',
  decidedCode: RECHECK_REQUEST_CODE.decided,
  keyPrefix: 'recheck_request',
  notificationKind: 'recheckRequest',
  auditRecord: (data, request) => ({
    type: 'recheck_request',
    data: {
      ...data,
      attachments: data.action === 'requested' ? request.attachments.map((a) => ({ sha256: a.sha256, bytes: a.bytes })) : [],
    },
  }),
  viewExtras: () => ({}),
  approvalReason: (request) => `批准乡镇（街道）的重审申请（第 ${request.sequence} 次）：${request.reason}`,
  requestedNotice: (view, campaignName) => ({
    title: '新的重审申请',
    text: `乡镇（街道）申请${view.departmentName}对 1 名人选重新审查（${campaignName}），请及时审批。`,
    link: '/recheck-requests',
  }),
  decidedNotice: (view, campaignName) => ({
    unit: `township:${view.township}`,
    ...(view.status === 'approved'
      ? { title: '重审申请已批准', text: `组织部门已批准 1 件重审申请（${campaignName}），已发回${view.departmentName}重新审查。` }
      : {
          title: '重审申请未获批准',
          text: `组织部门未批准 1 件对${view.departmentName}的重审申请（${campaignName}），理由请登录查看。`,
        }),
    link: batchLink(view.candidateId),
  }),
};

export interface TownshipRecheckInput {
  caller: Caller;
  candidateId: string;
  department: string;
  reason: string;
  attachments: readonly DisputeAttachment[];
}

/** POST /candidates/{id}/recheck-request: the candidate's township asks for one department to check again. */
export async function requestTownshipRecheck(deps: UseCaseDeps, input: TownshipRecheckInput): Promise<RecheckRequestView | Refusal> {
  const reason = requestReason('recheck', input.reason, '申请重审的理由');
  if (isRefusal(reason)) return reason;
  const { attachmentsMax } = REQUEST_RULES.recheck;
  if (input.attachments.length > attachmentsMax) {
    return invalid(`附件最多 ${attachmentsMax} 个`, 'attachments', RECHECK_REQUEST_CODE.attachments);
  }
  const { repos } = deps;
  const dossier = await repos.candidates.getDossier(input.candidateId);
  if (dossier === undefined) return notFound('未找到该人选');
  const batch = await repos.batches.get(dossier.batchId);
  if (batch === undefined) return notFound('未找到该人选');
  const township = townshipOf(input.caller, batch.township);
  if (isRefusal(township)) return township;
  const stopped = await stoppedAs(repos, input.candidateId, dossier.campaignId);
  if (stopped === 'withdrawn') return conflict('该人选已被撤回，不能申请重审', { code: RECHECK_REQUEST_CODE.withdrawn });
  if (stopped === 'setAside') return setAsideRefusal('不能申请重审');
  if ((await repos.decisions.get(input.candidateId)) === undefined) {
    return conflict('该人选尚无联审结论，不能申请重审', { code: RECHECK_REQUEST_CODE.notDecided });
  }
  const routing = await repos.candidates.getRouting(input.candidateId);
  if (routing === undefined || !routing.departments.includes(input.department)) {
    return invalid('该部门不在该人选的联审部门之中，不能申请重审', 'department', RECHECK_REQUEST_CODE.notRouted);
  }
  const campaign = await loadCampaign(repos, dossier.campaignId);
  if (isRefusal(campaign)) return campaign;
  return submitRequest(deps, RECHECK_REQUEST, {
    caller: input.caller,
    actor: 'township',
    campaign,
    candidateId: input.candidateId,
    department: input.department,
    pending: conflict('已向组织部门申请该部门重审，正在等待审批，不能重复申请', { code: RECHECK_REQUEST_CODE.pending }),
    build: (sequence) => ({
      campaignId: dossier.campaignId,
      candidateId: input.candidateId,
      department: input.department,
      township,
      sequence,
      status: 'pending',
      reason,
      attachments: [...input.attachments],
      requestedBy: input.caller.userId,
      requestedByName: input.caller.username,
      requestedAt: deps.now().toISOString(),
    }),
  });
}

/** The campaign's requests for the organization department: pending first, then the newest. */
export function listRecheckRequests(
  deps: UseCaseDeps,
  input: { caller: Caller; campaignId: string; status?: RequestStatus },
): Promise<{ pending: number; items: RecheckRequestView[] } | Refusal> {
  return listRequests(deps, RECHECK_REQUEST, input);
}

export type RecheckRequestDecisionInput = RequestDecisionInput;

/** Approves (the candidate goes back to the department) or declines with a reason. */
export function decideRecheckRequest(deps: RecheckDeps, input: RecheckRequestDecisionInput): Promise<RecheckRequestView | Refusal> {
  return decideRequest(deps, RECHECK_REQUEST, input);
}
