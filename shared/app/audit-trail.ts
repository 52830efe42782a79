// One chain of audit events (a candidate's, or a campaign's or department's) with its verification.
// A candidate's trail also holds its departments' answer events, which live on their verdicts and
// are sealed into the chain by the decision (shared/domain/audit/answers.ts).
import { sortAnswerEvents, verifyTrail } from '../domain/audit/answers.js';
import type { Repositories } from './ports.js';
import { notFound } from './refusals.js';

export async function auditTrail(deps: { repos: Repositories }, input: { chainId: string }) {
  const [events, head, verdicts] = await Promise.all([
    deps.repos.audit.listByCandidate(input.chainId),
    deps.repos.audit.head(input.chainId),
    deps.repos.verdicts.listByCandidate(input.chainId),
  ]);
  const answers = sortAnswerEvents(verdicts.flatMap((v) => (v.event === undefined ? [] : [v.event])));
  if (events.length === 0 && head === undefined && answers.length === 0) return notFound('该人选没有审计记录');
  const verification = verifyTrail(events, answers, head === undefined ? undefined : { head: head.hash, count: head.seq + 1 });
  return { candidateId: input.chainId, events, answers, verification };
}
