// Referred candidates (待研判) waiting for the organization department's ruling, and those ruled.
import { maskIdNumber } from '../domain/idcard.js';
import { loadCampaign, mapLimit, policyOf, type UseCaseDeps } from './common.js';
import type { StoredDecision } from './ports.js';
import { isRefusal } from './refusals.js';
import { decisionView } from './views.js';

export async function referred(deps: Pick<UseCaseDeps, 'repos'>, input: { campaignId: string }) {
  const { repos } = deps;
  const stored = await loadCampaign(repos, input.campaignId);
  if (isRefusal(stored)) return stored;
  const policy = policyOf(stored);
  const [pending, cleared, disqualified] = await Promise.all(
    (['referred', 'cleared', 'disqualified'] as const).map((s) => repos.decisions.listByCampaign(input.campaignId, s)),
  );
  const ruled = [...(cleared ?? []), ...(disqualified ?? [])].filter((d) => d.ruling !== undefined);
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
    };
  };
  return { pending: await mapLimit(pending ?? [], 8, item), ruled: await mapLimit(ruled, 8, item) };
}
