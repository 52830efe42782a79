// The accounts chain with its verification; an install where no account action happened yet has
// an empty, valid chain.
import { verifyChain } from '../../domain/audit/chain.js';
import { ACCOUNTS_CHAIN_ID } from '../../domain/ids.js';
import type { UseCaseDeps } from '../common.js';

export async function accountsAudit(deps: Pick<UseCaseDeps, 'repos'>) {
  const [events, head] = await Promise.all([deps.repos.audit.listByCandidate(ACCOUNTS_CHAIN_ID), deps.repos.audit.head(ACCOUNTS_CHAIN_ID)]);
  const verification = verifyChain(events, head === undefined ? undefined : { head: head.hash, count: head.seq + 1 });
  return { candidateId: ACCOUNTS_CHAIN_ID, events, answers: [], verification };
}
