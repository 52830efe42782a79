// Referred candidates (待研判) waiting for the organization department's ruling, and those ruled.
import { canRule } from '../domain/decision.js';
import { maskIdNumber } from '../domain/idcard.js';
import { loadCampaign, mapLimit, policyOf, type UseCaseDeps } from './common.js';
import type { StoredDecision } from './ports.js';
import { isRefusal } from './refusals.js';
import { decisionView } from './views.js';

export async function referred(deps: Pick<UseCaseDeps, 'repos'>, input: { campaignId: string }) {
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
    };
  };
  return { pending: await mapLimit(pending, 8, item), ruled: await mapLimit(ruled, 8, item) };
}
