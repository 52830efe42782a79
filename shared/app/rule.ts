// The organization department rules on a referred candidate: uphold (the candidate stands) or
// disqualify, with a justification. Once; the chain pins the justification by hash.
import type { Ruling } from '../domain/model.js';
import type { Caller } from './access.js';
import { actorOf, sha256, type UseCaseDeps } from './common.js';
import { ConflictError, type FinalStatus } from './ports.js';
import { conflict, notFound, type Refusal } from './refusals.js';
import { OUTCOME_LABEL } from './reports/labels.js';

const ONLY_REFERRED = '只有“待组织部门研判”的人选可以研判';

export async function rule(
  deps: UseCaseDeps,
  input: { caller: Caller; candidateId: string; outcome: Ruling['outcome']; justification: string },
): Promise<{ created: boolean; ruling: Ruling; finalStatus: FinalStatus; statusLabel: string } | Refusal> {
  const decision = await deps.repos.decisions.get(input.candidateId);
  if (decision === undefined) return notFound('该人选尚无联审结论');
  if (decision.decision.outcome !== 'referred') return conflict(ONLY_REFERRED);
  let result: { created: boolean; ruling: Ruling };
  try {
    result = await deps.repos.rulings.put({
      campaignId: decision.decision.campaignId,
      candidateId: input.candidateId,
      outcome: input.outcome,
      justification: input.justification,
      ruledBy: input.caller.userId,
      ruledAt: deps.now().toISOString(),
    });
  } catch (error) {
    if (error instanceof ConflictError) return conflict(ONLY_REFERRED);
    throw error;
  }
  const ruling = result.ruling;
  if (!result.created && (ruling.outcome !== input.outcome || ruling.justification !== input.justification)) {
    return conflict('该人选已经研判，不能重复研判', { ruling });
  }
  await deps.repos.audit.append(
    {
      candidateId: input.candidateId,
      type: 'ruled',
      actor: actorOf(input.caller, 'orgdept'),
      at: ruling.ruledAt,
      // The text stays with the ruling; the chain pins it by hash.
      data: { outcome: ruling.outcome, justificationSha256: sha256(ruling.justification), decisionVersion: decision.version },
    },
    { dedupeKey: 'ruled' },
  );
  const finalStatus: FinalStatus = ruling.outcome === 'uphold' ? 'cleared' : 'disqualified';
  return { created: result.created, ruling, finalStatus, statusLabel: OUTCOME_LABEL[finalStatus] };
}
