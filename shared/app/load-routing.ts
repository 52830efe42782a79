// LoadRouting: the departments the campaign's policy sends this candidate to, each with its SLA
// as the waitForTaskToken TimeoutSeconds. The routing is also stored for progress views.
import { routeDepartments } from '../domain/routing.js';
import { pipelineCampaign } from './common.js';
import type { Repositories } from './ports.js';

export interface CandidateRef {
  campaignId: string;
  batchId: string;
  candidateId: string;
}

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

/** The departments the campaign's policy sends this candidate to, each with its SLA; stored for progress views. */
export async function loadRouting(repos: Repositories, input: CandidateRef): Promise<RoutingResult> {
  const { policy } = await pipelineCampaign(repos, input.campaignId);
  const dossier = await repos.candidates.getDossier(input.candidateId);
  if (dossier === undefined) throw new Error(`candidate ${input.candidateId} not found`);
  const result: RoutingResult = {
    policyId: policy.id,
    policyVersion: policy.version,
    departments: routeDepartments(policy, dossier).map((d) => ({ code: d.code, timeoutSeconds: slaSeconds(d.slaDays) })),
  };
  await repos.candidates.setRouting(input.candidateId, {
    policyId: policy.id,
    policyVersion: policy.version,
    departments: result.departments.map((d) => d.code),
  });
  return result;
}
