// LoadRouting: which departments the campaign's policy sends this candidate to, each with its SLA
// as the waitForTaskToken TimeoutSeconds. The routing is also stored for progress views.
import type { Context } from 'aws-lambda';
import { z } from 'zod';
import { getPolicy } from '../shared/domain/policies/index.js';
import { routeDepartments } from '../shared/domain/routing.js';
import { loadConfig } from '../shared/adapters/config.js';
import { campaignOf, sharedRepositories, withPowertools, type PipelineDeps } from '../shared/adapters/runtime.js';

const config = loadConfig('loadRouting');

export const LoadRoutingEvent = z.object({
  campaignId: z.string().min(1),
  batchId: z.string().min(1),
  candidateId: z.string().min(1),
});

export interface RoutingResult {
  policyId: string;
  policyVersion: string;
  departments: Array<{ code: string; timeoutSeconds: number }>;
}

/** A callback task can wait at most one year in Step Functions. */
const MAX_TIMEOUT_SECONDS = 365 * 86400;

/** SLA days → a positive whole number of seconds Step Functions accepts. */
export function slaSeconds(slaDays: number): number {
  const seconds = Math.ceil(slaDays * 86400);
  if (!Number.isFinite(seconds) || seconds < 1) throw new Error(`SLA of ${slaDays} days is not a positive duration`);
  if (seconds > MAX_TIMEOUT_SECONDS) throw new Error(`SLA of ${slaDays} days exceeds the one-year callback limit`);
  return seconds;
}

export function createLoadRoutingHandler(deps: PipelineDeps) {
  return withPowertools(async (event: unknown, _context: Context): Promise<RoutingResult> => {
    const input = LoadRoutingEvent.parse(event);
    const repos = await deps.repos();
    const campaign = await campaignOf(repos, input.campaignId);
    const policy = getPolicy(campaign.campaign.policyId);
    const dossier = await repos.candidates.getDossier(input.candidateId);
    if (dossier === undefined) throw new Error(`candidate ${input.candidateId} not found`);
    const departments = routeDepartments(policy, dossier);
    const result: RoutingResult = {
      policyId: policy.id,
      policyVersion: policy.version,
      departments: departments.map((d) => ({ code: d.code, timeoutSeconds: slaSeconds(d.slaDays) })),
    };
    await repos.candidates.setRouting(input.candidateId, {
      policyId: policy.id,
      policyVersion: policy.version,
      departments: result.departments.map((d) => d.code),
    });
    return result;
  });
}

export const handler = createLoadRoutingHandler({ repos: () => sharedRepositories(config), now: () => new Date() });
