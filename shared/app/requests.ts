// Requests to the organization department (shared/domain/requests.ts), what both kinds share:
// storing a new one (one pending at a time), the organization department's list, and its decision
// (approved, the re-check sends the candidate back to the department; declined, with a reason).
// Every step is an event on the candidate's chain and a notification to the other side. What
// differs by kind (who asks, the audit event, the notifications' words and links) is the kind's
// RequestKindSpec, in extensions.ts and recheck-requests.ts.
import type { AuditRecord } from '../domain/audit/events.js';
import type { NotificationKind } from '../domain/notifications.js';
import {
  nextRequestSequence,
  REQUEST_RULES,
  REQUEST_STATUS_LABEL,
  type RequestKind,
  type RequestOf,
  type RequestStatus,
} from '../domain/requests.js';
import { type Caller, orgdeptOnly } from './access.js';
import { actorOf, loadCampaign, mapLimit, policyOf, sha256, type UseCaseDeps } from './common.js';
import { type NotificationEvent, notify } from './notifications.js';
import type { RequestStore, StoredCampaign } from './ports.js';
import { conflict, invalid, isRefusal, notFound, type Refusal } from './refusals.js';
import { departmentName } from './reports/labels.js';
import { type RecheckDeps, requestRecheck } from './request-recheck.js';

export const REQUEST_REASON_CODE = 'REASON_REQUIRED';

/** The request as the portal shows it. */
export type RequestView<K extends RequestKind, X = unknown> = RequestOf<K> &
  X & {
    departmentName: string;
    statusLabel: string;
    candidate: { name: string; township: string; village: string } | null;
  };

/** The part of the chain event both kinds record. */
export interface RequestEventData {
  department: string;
  sequence: number;
  action: 'requested' | 'approved' | 'declined';
  reasonSha256: string;
  recheckSequence: number | null;
}

/** The kind-specific parts of the mechanism. */
export interface RequestKindSpec<K extends RequestKind, X> {
  kind: K;
  /** 延期申请 / 重审申请, in the refusals. */
  noun: string;
  decidedCode: string;
  /** Names the chain event's dedupe key and the notifications' event keys (as the audit type does). */
  keyPrefix: string;
  notificationKind: NotificationKind;
  auditRecord: (data: RequestEventData, request: RequestOf<K>) => AuditRecord;
  /** What the kind's view shows beside the request. */
  viewExtras: (request: RequestOf<K>) => X;
  /** The re-check's reason when the request is approved. */
  approvalReason: (request: RequestOf<K>) => string;
  /** To the organization department, on a new request. */
  requestedNotice: (view: RequestView<K, X>, campaignName: string) => Pick<NotificationEvent, 'title' | 'text' | 'link'>;
  /** To whoever asked, on the decision. The decline's reason may name people: it is not in the text. */
  decidedNotice: (view: RequestView<K, X>, campaignName: string) => Pick<NotificationEvent, 'unit' | 'title' | 'text' | 'link'>;
}

function storeOf<K extends RequestKind>(deps: Pick<UseCaseDeps, 'repos'>, kind: K): RequestStore<RequestOf<K>> {
  return deps.repos.requests[kind];
}

/** The trimmed reason, or a refusal naming `what` when it is too short. */
export function requestReason(kind: RequestKind, raw: string, what: string): string | Refusal {
  const reason = raw.trim();
  const { reasonMin } = REQUEST_RULES[kind];
  if (reason.length < reasonMin) return invalid(`请填写${what}（至少 ${reasonMin} 个字）`, 'reason', REQUEST_REASON_CODE);
  return reason;
}

export async function requestView<K extends RequestKind, X>(
  deps: Pick<UseCaseDeps, 'repos'>,
  spec: RequestKindSpec<K, X>,
  campaign: StoredCampaign,
  request: RequestOf<K>,
): Promise<RequestView<K, X>> {
  const policy = await policyOf(deps.repos, campaign);
  const view = await deps.repos.candidates.getView(request.candidateId);
  return {
    ...request,
    ...spec.viewExtras(request),
    departmentName: departmentName(policy, request.department),
    statusLabel: REQUEST_STATUS_LABEL[request.status],
    // The organization department reads the name to judge; never the ID number here.
    candidate: view === undefined ? null : { name: view.name, township: view.township, village: view.village },
  };
}

async function record<K extends RequestKind, X>(
  deps: UseCaseDeps,
  spec: RequestKindSpec<K, X>,
  caller: Caller,
  request: RequestOf<K>,
  kind: 'reviewer' | 'township' | 'orgdept',
  reasonText: string,
) {
  const action = request.status === 'pending' ? 'requested' : request.status;
  const data: RequestEventData = {
    department: request.department,
    sequence: request.sequence,
    action,
    // Free text may name people: the chain pins it by hash, the request keeps it.
    reasonSha256: sha256(reasonText),
    recheckSequence: request.recheckSequence ?? null,
  };
  await deps.repos.audit.append(
    { ...spec.auditRecord(data, request), candidateId: request.candidateId, actor: actorOf(caller, kind), at: deps.now().toISOString() },
    { dedupeKey: `${spec.keyPrefix}:${request.department}:${request.sequence}:${action}` },
  );
}

/**
 * Stores request `build(sequence)` unless one is pending for the candidate and department (then
 * `pending`, the kind's refusal), records it and tells the organization department.
 */
export async function submitRequest<K extends RequestKind, X>(
  deps: UseCaseDeps,
  spec: RequestKindSpec<K, X>,
  input: {
    caller: Caller;
    actor: 'reviewer' | 'township';
    campaign: StoredCampaign;
    candidateId: string;
    department: string;
    pending: Refusal;
    build: (sequence: number) => RequestOf<K>;
  },
): Promise<RequestView<K, X> | Refusal> {
  const store = storeOf(deps, spec.kind);
  const latest = await store.get(input.candidateId, input.department);
  if (latest?.status === 'pending') return input.pending;
  const request = input.build(nextRequestSequence(latest));
  // Of two requests at once one is stored; the other sees it pending.
  if (!(await store.request(request)).created) return input.pending;
  await record(deps, spec, input.caller, request, input.actor, request.reason);
  const view = await requestView(deps, spec, input.campaign, request);
  await notify(deps, {
    eventKey: `${spec.keyPrefix}:${request.candidateId}:${request.department}:${request.sequence}:requested`,
    unit: 'orgdept',
    kind: spec.notificationKind,
    campaignId: request.campaignId,
    ...spec.requestedNotice(view, input.campaign.campaign.name),
  });
  return view;
}

/** The campaign's requests of the kind for the organization department: pending first, then the newest. */
export async function listRequests<K extends RequestKind, X>(
  deps: UseCaseDeps,
  spec: RequestKindSpec<K, X>,
  input: { caller: Caller; campaignId: string; status?: RequestStatus },
): Promise<{ pending: number; items: RequestView<K, X>[] } | Refusal> {
  const denied = orgdeptOnly(input.caller);
  if (denied !== undefined) return denied;
  const campaign = await loadCampaign(deps.repos, input.campaignId);
  if (isRefusal(campaign)) return campaign;
  const all = await storeOf(deps, spec.kind).listByCampaign(input.campaignId);
  const shown = all
    .filter((r) => input.status === undefined || r.status === input.status)
    .sort((a, b) => Number(b.status === 'pending') - Number(a.status === 'pending') || b.requestedAt.localeCompare(a.requestedAt));
  return {
    pending: all.filter((r) => r.status === 'pending').length,
    items: await mapLimit(shown, 8, (r) => requestView(deps, spec, campaign, r)),
  };
}

export type RequestDecisionInput = {
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
export async function decideRequest<K extends RequestKind, X>(
  deps: RecheckDeps,
  spec: RequestKindSpec<K, X>,
  input: RequestDecisionInput,
): Promise<RequestView<K, X> | Refusal> {
  const denied = orgdeptOnly(input.caller);
  if (denied !== undefined) return denied;
  const store = storeOf(deps, spec.kind);
  const stored = await store.get(input.candidateId, input.department);
  if (stored === undefined || stored.sequence !== input.sequence) return notFound(`未找到该${spec.noun}`);
  const decided = conflict(`该${spec.noun}已${REQUEST_STATUS_LABEL[stored.status]}，请刷新后查看`, { code: spec.decidedCode });
  if (stored.status !== 'pending') return decided;
  const campaign = await loadCampaign(deps.repos, stored.campaignId);
  if (isRefusal(campaign)) return campaign;
  const at = deps.now().toISOString();
  let reasonText: string;
  let outcome: Awaited<ReturnType<typeof store.decide>>;
  if (input.decision === 'decline') {
    const reason = requestReason(spec.kind, input.reason, '不批准的理由');
    if (isRefusal(reason)) return reason;
    reasonText = reason;
    outcome = await store.decide(stored.candidateId, stored.department, stored.sequence, {
      status: 'declined',
      declineReason: reason,
      decidedBy: input.caller.userId,
      decidedAt: at,
    });
  } else {
    reasonText = spec.approvalReason(stored);
    const recheck = await requestRecheck(deps, {
      caller: input.caller,
      candidateId: stored.candidateId,
      department: stored.department,
      reason: reasonText,
    });
    if (isRefusal(recheck)) return recheck;
    // The re-check is open now: a concurrent decline that won is the only way this write loses.
    outcome = await store.decide(stored.candidateId, stored.department, stored.sequence, {
      status: 'approved',
      recheckSequence: recheck.recheck.sequence,
      decidedBy: input.caller.userId,
      decidedAt: at,
    });
  }
  if (!outcome.decided) return decided;
  const request = outcome.request;
  await record(deps, spec, input.caller, request, 'orgdept', reasonText);
  const view = await requestView(deps, spec, campaign, request);
  await notify(deps, {
    eventKey: `${spec.keyPrefix}:${request.candidateId}:${request.department}:${request.sequence}:${request.status}`,
    kind: spec.notificationKind,
    campaignId: request.campaignId,
    ...spec.decidedNotice(view, campaign.campaign.name),
  });
  return view;
}
