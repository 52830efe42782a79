// The organization department rules on a referred candidate: uphold (the candidate stands) or
// disqualify, with a justification. Once; the chain pins the justification by hash. A ruling decides
// the referred items it names (covers) only: it may be given while departments are still silent, is
// kept, and applies once every answer is in (domain/decision.ts finalStatus).
import { canRule, concernKeys, finalStatus as statusAfter } from '../domain/decision.js';
import type { Ruling } from '../domain/model.js';
import type { Caller } from './access.js';
import { actorOf, sha256, type UseCaseDeps } from './common.js';
import { ConflictError, type FinalStatus } from './ports.js';
import { DISPUTE_CODE } from './open-dispute.js';
import { conflict, notFound, type Refusal } from './refusals.js';
import { OUTCOME_LABEL } from './reports/labels.js';

const ONLY_REFERRED = '只有有需研判情形、且没有不得提名情形的人选可以研判';

export async function rule(
  deps: UseCaseDeps,
  input: { caller: Caller; candidateId: string; outcome: Ruling['outcome']; justification: string },
): Promise<{ created: boolean; ruling: Ruling; finalStatus: FinalStatus; statusLabel: string } | Refusal> {
  const decision = await deps.repos.decisions.get(input.candidateId);
  if (decision === undefined) return notFound('该人选尚无联审结论');
  if (!canRule(decision.decision)) return conflict(ONLY_REFERRED);
  // Frozen while the township's dispute is open: the dispute's ruling decides first.
  if ((await deps.repos.disputes.get(input.candidateId))?.status === 'open') {
    return conflict('该人选的联审结论正在复核中，请先对复核申请作出结论', { code: DISPUTE_CODE.frozen });
  }
  let result: { created: boolean; ruling: Ruling };
  try {
    result = await deps.repos.rulings.put({
      campaignId: decision.decision.campaignId,
      candidateId: input.candidateId,
      outcome: input.outcome,
      justification: input.justification,
      ruledBy: input.caller.userId,
      ruledAt: deps.now().toISOString(),
      covers: concernKeys(decision.decision),
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
      data: {
        outcome: ruling.outcome,
        justificationSha256: sha256(ruling.justification),
        decisionVersion: decision.version,
        covers: ruling.covers ?? [],
      },
    },
    { dedupeKey: 'ruled' },
  );
  const finalStatus: FinalStatus = statusAfter(decision.decision, ruling);
  return { created: result.created, ruling, finalStatus, statusLabel: OUTCOME_LABEL[finalStatus] };
}
