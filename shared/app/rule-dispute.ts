// The organization department rules on an open dispute: 维持原结论 (the decision stands) or
// 改变结论 to 通过 / 不通过, with a reason. Recorded like a ruling: kept with the dispute, pinned
// in the chain by hash; the shown status follows it (domain/review-changes.ts shownStatus).
import { type ChangedOutcome, type Dispute, type DisputeResult, shownStatus, type ShownStatus } from '../domain/review-changes.js';
import type { Caller } from './access.js';
import { orgdeptOnly } from './access.js';
import { type UseCaseDeps, actorOf, sha256 } from './common.js';
import { DISPUTE_CODE } from './open-dispute.js';
import { conflict, invalid, notFound, type Refusal } from './refusals.js';

export interface RuleDisputeInput {
  caller: Caller;
  candidateId: string;
  result: DisputeResult;
  outcome?: ChangedOutcome;
  reason: string;
}

export async function ruleDispute(
  deps: UseCaseDeps,
  input: RuleDisputeInput,
): Promise<{ dispute: Dispute; status: ShownStatus } | Refusal> {
  const denied = orgdeptOnly(input.caller);
  if (denied !== undefined) return denied;
  const reason = input.reason.trim();
  if (reason.length < 5) return invalid('请填写复核意见（至少 5 个字）', 'reason', 'REASON_REQUIRED');
  if (input.result === 'change' && input.outcome === undefined) return invalid('改变结论须选择新的联审结论', 'outcome', 'OUTCOME_REQUIRED');
  if (input.result === 'maintain' && input.outcome !== undefined)
    return invalid('维持原结论时不填写新的联审结论', 'outcome', 'OUTCOME_NOT_ALLOWED');
  const current = await deps.repos.disputes.get(input.candidateId);
  if (current === undefined) return notFound('该人选没有复核申请');
  if (current.status !== 'open') return conflict('该复核申请已经作出复核结论', { code: DISPUTE_CODE.notOpen });
  if (input.result === 'change' && input.outcome === current.disputedStatus) {
    return invalid('改变结论须与原结论不同；结论不变请选择维持原结论', 'outcome', 'OUTCOME_UNCHANGED');
  }
  const ruledAt = deps.now().toISOString();
  const ruled = await deps.repos.disputes.rule(input.candidateId, {
    result: input.result,
    ...(input.outcome === undefined ? {} : { outcome: input.outcome }),
    reason,
    ruledBy: input.caller.userId,
    ruledAt,
  });
  if (!ruled.ruled) return conflict('该复核申请已经作出复核结论', { code: DISPUTE_CODE.notOpen });
  const dispute = ruled.dispute;
  const outcome = input.outcome ?? dispute.disputedStatus;
  await deps.repos.audit.append(
    {
      candidateId: input.candidateId,
      type: 'dispute_ruled',
      actor: actorOf(input.caller, 'orgdept'),
      at: ruledAt,
      data: { result: input.result, outcome, decisionVersion: dispute.decisionVersion, reasonSha256: sha256(reason) },
    },
    { dedupeKey: `dispute_ruled:${dispute.decisionVersion}` },
  );
  const stored = await deps.repos.decisions.get(input.candidateId);
  const status = stored === undefined ? outcome : shownStatus(stored.finalStatus, stored.version, dispute);
  return { dispute, status };
}
