// Decide: the domain decision over the stored dossier and verdicts, with the unit's kind (村 /
// 社区 / 农村社区) from the campaign's 行政区划 list. No personal data leaves: the Decision carries
// categories, citations and department codes only.
import { decide } from '../domain/decision.js';
import { Decision, type Policy } from '../domain/model.js';
import { routeDepartments } from '../domain/routing.js';
import { unitKindOf } from '../domain/units.js';
import { pipelineCampaign, type UseCaseDeps } from './common.js';
import type { CandidateRef } from './load-routing.js';
import type { StoredCampaign } from './ports.js';

/** The decision a policy gives the candidate's stored dossier and verdicts (nothing is written). */
export async function decisionUnder(deps: UseCaseDeps, input: CandidateRef, campaign: StoredCampaign, policy: Policy): Promise<Decision> {
  const { repos } = deps;
  const [dossier, verdicts, routing] = await Promise.all([
    repos.candidates.getDossier(input.candidateId),
    repos.verdicts.listByCandidate(input.candidateId),
    repos.candidates.getRouting(input.candidateId),
  ]);
  if (dossier === undefined) throw new Error(`candidate ${input.candidateId} not found`);
  const { candidateId: _c, campaignId: _p, batchId: _b, relatives: _r, ...row } = dossier;
  const routed = routing?.departments ?? routeDepartments(policy, row).map((d) => d.code);
  const decision = decide({
    policy,
    referenceDate: campaign.campaign.referenceDate,
    dossier: row,
    verdicts: verdicts.map((v) => v.verdict),
    routed,
    decidedAt: deps.now().toISOString(),
    campaignId: input.campaignId,
    candidateId: input.candidateId,
    unitKind: unitKindOf(campaign.campaign, row.township, row.village),
  });
  // Strip anything the schema does not know before it enters the execution history.
  return Decision.parse(decision);
}

/** The domain decision under the campaign's pinned policy: categories, citations and codes, no personal data. */
export async function decideCandidate(deps: UseCaseDeps, input: CandidateRef): Promise<Decision> {
  const { stored, policy } = await pipelineCampaign(deps.repos, input.campaignId);
  return decisionUnder(deps, input, stored, policy);
}
