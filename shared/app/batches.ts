// Following batches: the list a township (or the organization department) sees, and one batch
// with each candidate's progress and decision.
import { batchOrdinals } from '../domain/batch-name.js';
import { maskIdNumber } from '../domain/idcard.js';
import { canReadTownship, type Caller } from './access.js';
import { loadCampaign, mapLimit, policyOf, type UseCaseDeps } from './common.js';
import type { BatchRecord, Repositories, StoredDecision } from './ports.js';
import { decisionsByCandidate } from './dashboard.js';
import { isRefusal, notFound, type Refusal } from './refusals.js';
import {
  batchStatusOf,
  batchView,
  decisionView,
  seenBy,
  disputesOf,
  progressOf,
  routedCodes,
  townshipNameOf,
  withDispute,
  withdrawalsOf,
  setAsideOf,
} from './views.js';
import { WITHDRAWN_LABEL } from '../domain/review-changes.js';
import { DUPLICATE_LABEL } from '../domain/publicity.js';
import { candidateProcessView, processMarksOf } from './process-marks.js';
import { REQUEST_STATUS_LABEL, type RecheckRequest } from '../domain/requests.js';
import type { Policy } from '../domain/model.js';
import { departmentName } from './reports/labels.js';

/** The campaign's re-check requests (重审申请) by candidate, as the batch page shows them. */
function recheckRequestsOf(policy: Policy, requests: readonly RecheckRequest[]) {
  const requestView = (r: RecheckRequest) => ({
    department: r.department,
    departmentName: departmentName(policy, r.department),
    sequence: r.sequence,
    status: r.status,
    statusLabel: REQUEST_STATUS_LABEL[r.status],
    requestedAt: r.requestedAt,
    declineReason: r.declineReason ?? null,
  });
  const byCandidate = new Map<string, ReturnType<typeof requestView>[]>();
  for (const r of requests) byCandidate.set(r.candidateId, [...(byCandidate.get(r.candidateId) ?? []), requestView(r)]);
  return byCandidate;
}

/** Who lists: the organization department (all, or filtered), or one township (its own). */
export type BatchScope =
  | { kind: 'orgdept'; township?: string; campaignId?: string }
  | { kind: 'township'; township: string; campaignId?: string };

export async function listBatches(deps: Pick<UseCaseDeps, 'repos'>, scope: BatchScope) {
  const { repos } = deps;
  let batches: BatchRecord[];
  if (scope.township !== undefined) batches = await repos.batches.listByTownship(scope.township);
  else if (scope.campaignId !== undefined) batches = await repos.batches.listByCampaign(scope.campaignId);
  else {
    const campaigns = await repos.campaigns.list();
    batches = (await mapLimit(campaigns, 4, (c) => repos.batches.listByCampaign(c.campaign.id))).flat();
    batches.sort((a, b) => b.submittedAt.localeCompare(a.submittedAt));
  }
  // Every list above holds all of a township's batches in a campaign, so the numbers are complete.
  const ordinals = batchOrdinals(batches);
  if (scope.campaignId !== undefined) batches = batches.filter((b) => b.campaignId === scope.campaignId);
  const campaigns = new Map((await repos.campaigns.list()).map((c) => [c.campaign.id, c.campaign]));
  // Each listed campaign's decisions, grouped by batch: the status says what is still missing.
  const byBatch = new Map<string, StoredDecision[]>();
  const campaignIds = [...new Set(batches.map((b) => b.campaignId))];
  for (const decisions of await mapLimit(campaignIds, 4, async (id) => [...(await decisionsByCandidate(repos, id)).values()])) {
    for (const d of decisions) byBatch.set(d.batchId, [...(byBatch.get(d.batchId) ?? []), d]);
  }
  const { stages } = await processMarksOf(repos, campaignIds);
  // A deleted draft is gone from the lists (its candidates and their chains stay, for the audit).
  batches = batches.filter((b) => stages.get(b.batchId)?.status !== 'discarded');
  return {
    batches: batches.map((b) => {
      const campaign = campaigns.get(b.campaignId);
      return batchView(
        b,
        campaign === undefined ? undefined : townshipNameOf(campaign, b.township),
        batchStatusOf(b, byBatch.get(b.batchId) ?? []),
        ordinals.get(b.batchId) ?? 1,
        stages.get(b.batchId),
      );
    }),
  };
}

/** The batch, when the caller may read it (its township, or the organization department). */
export async function readableBatch(repos: Repositories, caller: Caller, batchId: string): Promise<BatchRecord | Refusal> {
  const batch = await repos.batches.get(batchId);
  if (batch === undefined) return notFound('未找到该批次');
  return canReadTownship(caller, batch.township) ?? batch;
}

/** The batch's number within its township and campaign (its name's 第N批). */
export async function ordinalOf(repos: Repositories, batch: BatchRecord): Promise<number> {
  return batchOrdinals(await repos.batches.listByTownship(batch.township)).get(batch.batchId) ?? 1;
}

export async function batchDetail(deps: Pick<UseCaseDeps, 'repos'>, input: { caller: Caller; batchId: string }) {
  const { repos } = deps;
  const batch = await readableBatch(repos, input.caller, input.batchId);
  if (isRefusal(batch)) return batch;
  const stored = await loadCampaign(repos, batch.campaignId);
  if (isRefusal(stored)) return stored;
  const policy = await policyOf(repos, stored);
  const dossiers = await repos.candidates.listDossiersByBatch(batch.batchId);
  const failed = new Set(batch.failed > 0 ? await repos.progress.listFailed(batch.batchId) : []);
  const disputes = await disputesOf(repos, [batch.campaignId]);
  const withdrawals = await withdrawalsOf(repos, [batch.campaignId]);
  const setAside = await setAsideOf(repos, [batch.campaignId]);
  const marks = await processMarksOf(repos, [batch.campaignId]);
  const requests = recheckRequestsOf(policy, await repos.requests.recheck.listByCampaign(batch.campaignId));
  const stage = marks.stages.get(batch.batchId);
  const firstReviews = new Map((stage?.firstReview?.entries ?? []).map((e) => [e.candidateId, e]));
  const rows = await mapLimit(dossiers, 8, async (d) => {
    const [routing, verdicts, decision] = await Promise.all([
      repos.candidates.getRouting(d.candidateId),
      repos.verdicts.listByCandidate(d.candidateId),
      repos.decisions.get(d.candidateId).then((stored) => withDispute(stored, disputes)),
    ]);
    const view = decision === undefined ? null : decisionView(policy, seenBy(input.caller, policy, decision));
    const withdrawal = withdrawals.byCandidate.get(d.candidateId);
    const stopped = withdrawal !== undefined || setAside.has(d.candidateId);
    const status = view?.shownStatus ?? (failed.has(d.candidateId) ? ('failed' as const) : ('reviewing' as const));
    return {
      candidateId: d.candidateId,
      seq: d.seq,
      name: d.name,
      sex: d.sex,
      birth: d.birth,
      idNumberMasked: maskIdNumber(d.idNumber),
      township: d.township,
      village: d.village,
      post: d.post,
      nominationType: d.nominationType,
      incumbent: d.incumbent,
      progress: progressOf(routedCodes(policy, routing, d), verdicts),
      status: stopped ? ('withdrawn' as const) : status,
      statusLabel: !stopped
        ? (view?.statusLabel ?? (failed.has(d.candidateId) ? '处理失败' : '审查中'))
        : withdrawal === undefined
          ? DUPLICATE_LABEL.setAside
          : WITHDRAWN_LABEL,
      decision: view,
      withdrawal:
        withdrawal === undefined
          ? null
          : { reason: withdrawal.reason, withdrawnAt: withdrawal.withdrawnAt, replacedBy: withdrawal.replacedBy ?? null },
      replaces: withdrawals.replaces.get(d.candidateId) ?? null,
      ...candidateProcessView(marks, d, withdrawal === undefined ? status : 'withdrawn', firstReviews.get(d.candidateId)),
      recheckRequests: requests.get(d.candidateId) ?? [],
      stored: decision,
    };
  });
  const report = batch.reportReady ? await repos.progress.getReport(batch.batchId) : undefined;
  const ordinal = await ordinalOf(repos, batch);
  return {
    batch: batchView(
      batch,
      townshipNameOf(stored.campaign, batch.township),
      batchStatusOf(
        batch,
        rows.flatMap((c) => (c.stored === undefined ? [] : [c.stored])),
      ),
      ordinal,
      stage,
    ),
    candidates: rows.map(({ stored: _s, ...c }) => (c.election === null ? c : { ...c, statusLabel: c.election.label })),
    checks: report === undefined ? null : { createdAt: report.createdAt, conflicts: report.conflicts, structure: report.structure },
  };
}
