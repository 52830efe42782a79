// RecordDecision: stores the decision once (a retry with the same content is a no-op; changed
// content after a redrive bumps the version) and appends the `decided` audit event, which seals
// the candidate's answer events (shared/domain/audit/answers.ts).
import { sealAnswers } from '../domain/audit/answers.js';
import type { Decision } from '../domain/model.js';
import { pinnedPolicy, type MeteredDeps } from './common.js';
import { answerEventsOf } from './answer-events.js';
import { decideCandidate } from './decide.js';
import type { CandidateRef } from './load-routing.js';
import { METRIC } from './ports.js';

/**
 * Stores the decision once (same content: no-op; changed after a redrive: new version) and audits
 * it. A decision made under a version the campaign no longer pins (a policy switch came between
 * Decide and this step) is decided again under the pinned one, so no candidate is left behind.
 */
export async function recordDecision(deps: Pick<MeteredDeps, 'repos' | 'metrics' | 'now'>, input: CandidateRef & { decision: Decision }) {
  if (input.decision.candidateId !== input.candidateId || input.decision.campaignId !== input.campaignId) {
    throw new Error('the decision belongs to another candidate or campaign');
  }
  const first = await storeDecision(deps, input, input.decision);
  const campaign = await deps.repos.campaigns.get(input.campaignId);
  const pinned = campaign === undefined ? undefined : await pinnedPolicy(deps.repos, campaign.campaign);
  const made = first.decision.policy;
  if (pinned === undefined || (pinned.id === made.id && pinned.version === made.version)) return first.result;
  return (await storeDecision(deps, input, await decideCandidate(deps, input))).result;
}

async function storeDecision(deps: Pick<MeteredDeps, 'repos' | 'metrics'>, input: CandidateRef, decision: Decision) {
  const { changed, stored } = await deps.repos.decisions.put(decision, input.batchId);
  const d = stored.decision;
  // The one writer of the candidate's chain at this point seals the answer events the departments
  // wrote on their verdicts and tasks (no head to contend for there): the decided event commits to all of
  // them, so a decision after a redrive or a correction also seals whatever is new.
  const seal = sealAnswers(await answerEventsOf(deps.repos, input.candidateId));
  await deps.repos.audit.append(
    {
      candidateId: input.candidateId,
      type: 'decided',
      actor: { kind: 'system', id: 'workflow' },
      at: d.decidedAt,
      data: {
        outcome: d.outcome,
        version: stored.version,
        digest: stored.digest,
        policy: d.policy,
        referenceDate: d.referenceDate,
        reasons: d.reasons.map((r) => ({
          category: r.category,
          severity: r.severity,
          department: r.department,
          documentNumber: r.documentNumber,
          eligibleFrom: r.eligibleFrom,
        })),
        unanswered: d.unanswered,
        answers: seal,
      },
    },
    { dedupeKey: `decided:${stored.digest.slice(0, 32)}:${seal.root.slice(0, 16)}` },
  );
  if (changed) deps.metrics.count(METRIC.Decisions);
  return { decision: d, result: { outcome: d.outcome, version: stored.version, changed } };
}
