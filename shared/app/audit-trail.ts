// One chain of audit events (a candidate's, or a campaign's or department's) with its verification.
import { verifyChain } from '../domain/audit/chain.js';
import type { Repositories } from './ports.js';
import { notFound } from './refusals.js';

export async function auditTrail(deps: { repos: Repositories }, input: { chainId: string }) {
  const [events, head] = await Promise.all([deps.repos.audit.listByCandidate(input.chainId), deps.repos.audit.head(input.chainId)]);
  if (events.length === 0 && head === undefined) return notFound('该人选没有审计记录');
  const verification = verifyChain(events, head === undefined ? undefined : { head: head.hash, count: head.seq + 1 });
  return { candidateId: input.chainId, events, verification };
}
