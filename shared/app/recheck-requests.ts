// Re-check requests (重审申请, shared/domain/recheck-requests.ts): a township asks the organization
// department to have one department check its decided candidate again (a cure: a 失信 debt paid and
// the name removed), with a reason and attachments kept by hash. The organization department
// approves (the re-check sends the candidate back to that department alone, request-recheck.ts) or
// declines with a reason. Every step is an event on the candidate's chain and a notification to
// the other side. The same shape as the extension requests (extensions.ts).
import { batchIdOf } from '../domain/ids.js';
import type { DisputeAttachment } from '../domain/review-changes.js';
import {
  RECHECK_REQUEST_ATTACHMENTS_MAX,
  RECHECK_REQUEST_REASON_MIN,
  RECHECK_REQUEST_STATUS_LABEL,
  type RecheckRequest,
} from '../domain/recheck-requests.js';
import { type Caller, orgdeptOnly, townshipOf } from './access.js';
import { actorOf, loadCampaign, mapLimit, policyOf, sha256, type UseCaseDeps } from './common.js';
import { notify } from './notifications.js';
import type { StoredCampaign } from './ports.js';
import { conflict, invalid, isRefusal, notFound, type Refusal } from './refusals.js';
import { departmentName } from './reports/labels.js';
import { RECHECK_CODE, type RecheckDeps, requestRecheck } from './request-recheck.js';

export const RECHECK_REQUEST_CODE = {
  pending: 'RECHECK_REQUEST_PENDING',
  decided: 'RECHECK_REQUEST_DECIDED',
  reason: 'REASON_REQUIRED',
  attachments: 'TOO_MANY_ATTACHMENTS',
  notDecided: RECHECK_CODE.notDecided,
  notRouted: RECHECK_CODE.notRouted,
  withdrawn: RECHECK_CODE.withdrawn,
} as const;

export type RecheckRequestView = RecheckRequest & {
  departmentName: string;
  statusLabel: string;
  candidate: { name: string; township: string; village: string } | null;
};

function reasonOf(raw: string, what: string): string | Refusal {
  const reason = raw.trim();
  if (reason.length < RECHECK_REQUEST_REASON_MIN) {
    return invalid(`请填写${what}（至少 ${RECHECK_REQUEST_REASON_MIN} 个字）`, 'reason', RECHECK_REQUEST_CODE.reason);
  }
  return reason;
}

async function viewOf(deps: Pick<UseCaseDeps, 'repos'>, campaign: StoredCampaign, request: RecheckRequest): Promise<RecheckRequestView> {
  const policy = await policyOf(deps.repos, campaign);
  const view = await deps.repos.candidates.getView(request.candidateId);
  return {
    ...request,
    departmentName: departmentName(policy, request.department),
    statusLabel: RECHECK_REQUEST_STATUS_LABEL[request.status],
    // The organization department reads the name to judge; never the ID number here.
    candidate: view === undefined ? null : { name: view.name, township: view.township, village: view.village },
  };
}

async function record(deps: UseCaseDeps, caller: Caller, request: RecheckRequest, kind: 'township' | 'orgdept', reasonText: string) {
  const action = request.status === 'pending' ? 'requested' : request.status;
  await deps.repos.audit.append(
    {
      candidateId: request.candidateId,
      type: 'recheck_request',
      actor: actorOf(caller, kind),
      at: deps.now().toISOString(),
      data: {
        department: request.department,
        sequence: request.sequence,
        action,
        // Free text may name people: the chain pins it by hash, the request keeps it.
        reasonSha256: sha256(reasonText),
        attachments: action === 'requested' ? request.attachments.map((a) => ({ sha256: a.sha256, bytes: a.bytes })) : [],
        recheckSequence: request.recheckSequence ?? null,
      },
    },
    { dedupeKey: `recheck_request:${request.department}:${request.sequence}:${action}` },
  );
}

export interface TownshipRecheckInput {
  caller: Caller;
  candidateId: string;
  department: string;
  reason: string;
  attachments: readonly DisputeAttachment[];
}

/** POST /candidates/{id}/recheck-request: the candidate's township asks for one department to check again. */
export async function requestTownshipRecheck(deps: UseCaseDeps, input: TownshipRecheckInput): Promise<RecheckRequestView | Refusal> {
  const reason = reasonOf(input.reason, '申请重审的理由');
  if (isRefusal(reason)) return reason;
  if (input.attachments.length > RECHECK_REQUEST_ATTACHMENTS_MAX) {
    return invalid(`附件最多 ${RECHECK_REQUEST_ATTACHMENTS_MAX} 个`, 'attachments', RECHECK_REQUEST_CODE.attachments);
  }
  const { repos } = deps;
  const dossier = await repos.candidates.getDossier(input.candidateId);
  if (dossier === undefined) return notFound('未找到该人选');
  const batch = await repos.batches.get(dossier.batchId);
  if (batch === undefined) return notFound('未找到该人选');
  const township = townshipOf(input.caller, batch.township);
  if (isRefusal(township)) return township;
  if ((await repos.changes.withdrawal(input.candidateId)) !== undefined) {
    return conflict('该人选已被撤回，不能申请重审', { code: RECHECK_REQUEST_CODE.withdrawn });
  }
  if ((await repos.decisions.get(input.candidateId)) === undefined) {
    return conflict('该人选尚无联审结论，不能申请重审', { code: RECHECK_REQUEST_CODE.notDecided });
  }
  const routing = await repos.candidates.getRouting(input.candidateId);
  if (routing === undefined || !routing.departments.includes(input.department)) {
    return invalid('该部门不在该人选的联审部门之中，不能申请重审', 'department', RECHECK_REQUEST_CODE.notRouted);
  }
  const campaign = await loadCampaign(repos, dossier.campaignId);
  if (isRefusal(campaign)) return campaign;
  const pending = conflict('已向组织部门申请该部门重审，正在等待审批，不能重复申请', { code: RECHECK_REQUEST_CODE.pending });
  const latest = await repos.recheckRequests.get(input.candidateId, input.department);
  if (latest?.status === 'pending') return pending;
  const request: RecheckRequest = {
    campaignId: dossier.campaignId,
    candidateId: input.candidateId,
    department: input.department,
    township,
    sequence: (latest?.sequence ?? 0) + 1,
    status: 'pending',
    reason,
    attachments: [...input.attachments],
    requestedBy: input.caller.userId,
    requestedAt: deps.now().toISOString(),
  };
  // Of two requests at once one is stored; the other sees it pending.
  if (!(await repos.recheckRequests.request(request)).created) return pending;
  await record(deps, input.caller, request, 'township', reason);
  const view = await viewOf(deps, campaign, request);
  await notify(deps, {
    eventKey: `recheck_request:${request.candidateId}:${request.department}:${request.sequence}:requested`,
    unit: 'orgdept',
    kind: 'recheckRequest',
    campaignId: request.campaignId,
    title: '新的重审申请',
    text: `乡镇（街道）申请${view.departmentName}对 1 名人选重新审查（${campaign.campaign.name}），请及时审批。`,
    link: '/recheck-requests',
  });
  return view;
}

/** The campaign's requests for the organization department: pending first, then the newest. */
export async function listRecheckRequests(
  deps: UseCaseDeps,
  input: { caller: Caller; campaignId: string; status?: RecheckRequest['status'] },
): Promise<{ pending: number; items: RecheckRequestView[] } | Refusal> {
  const denied = orgdeptOnly(input.caller);
  if (denied !== undefined) return denied;
  const campaign = await loadCampaign(deps.repos, input.campaignId);
  if (isRefusal(campaign)) return campaign;
  const all = await deps.repos.recheckRequests.listByCampaign(input.campaignId);
  const shown = all
    .filter((r) => input.status === undefined || r.status === input.status)
    .sort((a, b) => Number(b.status === 'pending') - Number(a.status === 'pending') || b.requestedAt.localeCompare(a.requestedAt));
  return {
    pending: all.filter((r) => r.status === 'pending').length,
    items: await mapLimit(shown, 8, (r) => viewOf(deps, campaign, r)),
  };
}

/** The township's batch page of the candidate, where the request shows. */
function batchLink(candidateId: string): string {
  const batchId = batchIdOf(candidateId);
  return batchId === null ? '/batches' : `/batches/${batchId}`;
}

export type RecheckRequestDecisionInput = {
  caller: Caller;
  candidateId: string;
  department: string;
  /** The request the organization department read: a newer one is not decided unseen. */
  sequence: number;
} & ({ decision: 'approve' } | { decision: 'decline'; reason: string });

/**
 * Approves (the re-check sends the candidate back to the department with its own deadline; a
 * re-check the candidate's state does not allow, such as results already final, refuses the
 * approval and the request stays pending) or declines with a reason.
 */
export async function decideRecheckRequest(deps: RecheckDeps, input: RecheckRequestDecisionInput): Promise<RecheckRequestView | Refusal> {
  const denied = orgdeptOnly(input.caller);
  if (denied !== undefined) return denied;
  const stored = await deps.repos.recheckRequests.get(input.candidateId, input.department);
  if (stored === undefined || stored.sequence !== input.sequence) return notFound('未找到该重审申请');
  const decided = conflict(`该重审申请已${RECHECK_REQUEST_STATUS_LABEL[stored.status]}，请刷新后查看`, {
    code: RECHECK_REQUEST_CODE.decided,
  });
  if (stored.status !== 'pending') return decided;
  const campaign = await loadCampaign(deps.repos, stored.campaignId);
  if (isRefusal(campaign)) return campaign;
  const at = deps.now().toISOString();
  let reasonText: string;
  let outcome: Awaited<ReturnType<typeof deps.repos.recheckRequests.decide>>;
  if (input.decision === 'decline') {
    const reason = reasonOf(input.reason, '不批准的理由');
    if (isRefusal(reason)) return reason;
    reasonText = reason;
    outcome = await deps.repos.recheckRequests.decide(stored.candidateId, stored.department, stored.sequence, {
      status: 'declined',
      declineReason: reason,
      decidedBy: input.caller.userId,
      decidedAt: at,
    });
  } else {
    reasonText = `批准乡镇（街道）的重审申请（第 ${stored.sequence} 次）：${stored.reason}`;
    const recheck = await requestRecheck(deps, {
      caller: input.caller,
      candidateId: stored.candidateId,
      department: stored.department,
      reason: reasonText,
    });
    if (isRefusal(recheck)) return recheck;
    // The re-check is open now: a concurrent decline that won is the only way this write loses.
    outcome = await deps.repos.recheckRequests.decide(stored.candidateId, stored.department, stored.sequence, {
      status: 'approved',
      recheckSequence: recheck.recheck.sequence,
      decidedBy: input.caller.userId,
      decidedAt: at,
    });
  }
  if (!outcome.decided) return decided;
  const request = outcome.request;
  await record(deps, input.caller, request, 'orgdept', reasonText);
  const view = await viewOf(deps, campaign, request);
  const approved = request.status === 'approved';
  await notify(deps, {
    eventKey: `recheck_request:${request.candidateId}:${request.department}:${request.sequence}:${request.status}`,
    unit: `township:${request.township}`,
    kind: 'recheckRequest',
    campaignId: request.campaignId,
    title: approved ? '重审申请已批准' : '重审申请未获批准',
    // The decline's reason may name people: the portal shows it, the SMS does not carry it.
    text: approved
      ? `组织部门已批准 1 件重审申请（${campaign.campaign.name}），已发回${view.departmentName}重新审查。`
      : `组织部门未批准 1 件对${view.departmentName}的重审申请（${campaign.campaign.name}），理由请登录查看。`,
    link: batchLink(request.candidateId),
  });
  return view;
}
