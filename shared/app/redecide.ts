// Deciding a candidate again after a stored answer changed outside the workflow (a correction):
// the workflow's own path (Decide, then RecordDecision: a new version and a `decided` event).
import type { MeteredDeps } from './common.js';
import { decideCandidate } from './decide.js';
import { recordDecision } from './record-decision.js';

/**
 * Decides the candidate again under the campaign's pinned policy and records it as the workflow
 * does. A candidate not decided yet is left to the workflow, which reads the stored answers when it
 * decides. Returns the new result, or undefined when there was nothing to re-decide.
 */
export async function redecide(deps: Pick<MeteredDeps, 'repos' | 'metrics' | 'now'>, candidateId: string) {
  const before = await deps.repos.decisions.get(candidateId);
  if (before === undefined) return undefined;
  const ref = { campaignId: before.decision.campaignId, batchId: before.batchId, candidateId };
  return recordDecision(deps, { ...ref, decision: await decideCandidate(deps, ref) });
}
