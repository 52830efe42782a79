// Decide: the domain decision over the stored dossier and verdicts. No personal data leaves:
// the Decision carries categories, citations and department codes only.
import type { Context } from 'aws-lambda';
import { z } from 'zod';
import { decide } from '../shared/domain/decision.js';
import { Decision } from '../shared/domain/model.js';
import { getPolicy } from '../shared/domain/policies/index.js';
import { routeDepartments } from '../shared/domain/routing.js';
import { loadConfig } from '../shared/adapters/config.js';
import { campaignOf, sharedRepositories, withPowertools, type PipelineDeps } from '../shared/adapters/runtime.js';

const config = loadConfig('decide');

export const DecideEvent = z.object({
  campaignId: z.string().min(1),
  batchId: z.string().min(1),
  candidateId: z.string().min(1),
});

export function createDecideHandler(deps: PipelineDeps) {
  return withPowertools(async (event: unknown, _context: Context): Promise<Decision> => {
    const input = DecideEvent.parse(event);
    const repos = await deps.repos();
    const campaign = await campaignOf(repos, input.campaignId);
    const policy = getPolicy(campaign.campaign.policyId);
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
    });
    // Strip anything the schema does not know before it enters the execution history.
    return Decision.parse(decision);
  });
}

export const handler = createDecideHandler({ repos: () => sharedRepositories(config), now: () => new Date() });
