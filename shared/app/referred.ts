// Referred candidates (待研判) waiting for the organization department's ruling, and those ruled.
import { batchName, batchOrdinals } from '../domain/batch-name.js';
import { canRule } from '../domain/decision.js';
import { resultsFinal } from '../domain/review-changes.js';
import { beijingDay } from '../domain/time.js';
import { maskIdNumber } from '../domain/idcard.js';
import { loadCampaign, mapLimit, policyOf, type UseCaseDeps } from './common.js';
import { publishedCandidates } from './finality.js';
import type { StoredDecision } from './ports.js';
import { isRefusal } from './refusals.js';
import { decisionView, townshipNameOf } from './views.js';

export async function referred(deps: Pick<UseCaseDeps, 'repos' | 'now'>, input: { campaignId: string }) {
  const { repos } = deps;
  const stored = await loadCampaign(repos, input.campaignId);
  if (isRefusal(stored)) return stored;
  const policy = await policyOf(repos, stored);
  const [referredNow, incomplete, cleared, disqualified] = await Promise.all(
    (['referred', 'incomplete', 'cleared', 'disqualified'] as const).map((s) => repos.decisions.listByCampaign(input.campaignId, s)),
  );
  // Concerns found while departments are still silent can be ruled on early; the ruling waits.
  const early = (incomplete ?? []).filter((d) => canRule(d.decision));
  const pending = [...(referredNow ?? []), ...early.filter((d) => d.ruling === undefined)];
  const ruled = [...(cleared ?? []), ...(disqualified ?? []), ...early].filter((d) => d.ruling !== undefined);
  const [batches, disputes, published] = await Promise.all([
    repos.batches.listByCampaign(input.campaignId),
    repos.disputes.listByCampaign(input.campaignId),
    publishedCandidates(repos, input.campaignId),
  ]);
  const ordinals = batchOrdinals(batches);
  const names = new Map(
    batches.map((b) => [
      b.batchId,
      batchName(townshipNameOf(stored.campaign, b.township) ?? b.township, ordinals.get(b.batchId) ?? 1, b.submittedAt),
    ]),
  );
  const disputed = new Set(disputes.filter((x) => x.status === 'open').map((x) => x.candidateId));
  // A ruling may be revised until the 公示 opens (the campaign's, or the list the candidate is on:
  // finality.ts), and not while the township's dispute is open.
  const open = !resultsFinal(stored.campaign, beijingDay(deps.now()));
  const item = async (d: StoredDecision) => {
    const view = await repos.candidates.getView(d.decision.candidateId);
    return {
      candidateId: d.decision.candidateId,
      batchId: d.batchId,
      name: view?.name ?? null,
      idNumberMasked: view === undefined ? null : maskIdNumber(view.idNumber),
      sex: view?.sex ?? null,
      birth: view?.birth ?? null,
      township: view?.township ?? null,
      village: view?.village ?? null,
      post: view?.post ?? null,
      decision: decisionView(policy, d),
      awaitingAnswers: d.decision.unanswered.length > 0,
      batchName: names.get(d.batchId) ?? null,
      revisable: d.ruling !== undefined && open && !disputed.has(d.decision.candidateId) && !published.has(d.decision.candidateId),
      revisions: (d.ruling?.revisions ?? []).map((r) => ({
        outcome: r.outcome,
        justification: r.justification,
        ruledAt: r.ruledAt,
        reason: r.reason,
      })),
    };
  };
  return { pending: await mapLimit(pending, 8, item), ruled: await mapLimit(ruled, 8, item) };
}
