// One chain of audit events (a candidate's, or a campaign's or department's) with its verification.
// A candidate's trail also holds its departments' answer events, which live on their verdicts (and
// the review tasks' dispatches, on the tasks) and are sealed into the chain by the decision.
import { verifyTrail } from '../domain/audit/answers.js';
import { answerEventsOf } from './answer-events.js';
import type { Repositories } from './ports.js';
import { notFound } from './refusals.js';

export async function auditTrail(deps: { repos: Repositories }, input: { chainId: string }) {
  const [events, head, answers] = await Promise.all([
    deps.repos.audit.listByCandidate(input.chainId),
    deps.repos.audit.head(input.chainId),
    answerEventsOf(deps.repos, input.chainId),
  ]);
  if (events.length === 0 && head === undefined && answers.length === 0) return notFound('该人选没有审计记录');
  const verification = verifyTrail(events, answers, head === undefined ? undefined : { head: head.hash, count: head.seq + 1 });
  return { candidateId: input.chainId, events, answers, verification };
}
