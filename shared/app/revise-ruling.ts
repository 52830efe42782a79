// The organization department revises its ruling on a referred candidate, with a reason, while the
// candidate's result is not final (finality.ts: the campaign's 公示 started, or the candidate is on a 公示 list),
// or once after an objection found true during 公示 sent the candidate back. The earlier ruling stays with
// the new one (revisions) and in the trail; the decision gets a new version and a ruling_revised event.
import { finalStatus as statusAfter } from '../domain/decision.js';
import { beijingDay } from '../domain/time.js';
import type { Ruling } from '../domain/model.js';
import type { Caller } from './access.js';
import { actorOf, loadCampaign, sha256, type UseCaseDeps } from './common.js';
import { finalityOf, finalRefusal, reopenedByObjection } from './finality.js';
import { DISPUTE_CODE } from './open-dispute.js';
import type { FinalStatus } from './ports.js';
import { conflict, isRefusal, notFound, type Refusal } from './refusals.js';
import { OUTCOME_LABEL } from './reports/labels.js';

export const REVISION_CODE = { notRuled: 'NOT_RULED', same: 'SAME_RULING', changed: 'RULING_CHANGED' } as const;

export interface RevisionInput {
  caller: Caller;
  candidateId: string;
  outcome: Ruling['outcome'];
  justification: string;
  reason: string;
}

export async function reviseRuling(
  deps: UseCaseDeps,
  input: RevisionInput,
): Promise<{ ruling: Ruling; finalStatus: FinalStatus; statusLabel: string; decisionVersion: number } | Refusal> {
  const [stored, current] = await Promise.all([deps.repos.decisions.get(input.candidateId), deps.repos.rulings.get(input.candidateId)]);
  if (stored === undefined) return notFound('该人选尚无联审结论');
  if (current === undefined) return conflict('该人选尚未研判，请先研判', { code: REVISION_CODE.notRuled });
  const campaign = await loadCampaign(deps.repos, stored.decision.campaignId);
  if (isRefusal(campaign)) return campaign;
  const final = await finalityOf(deps.repos, campaign.campaign, input.candidateId, beijingDay(deps.now()));
  // An objection found true during 公示 reopens the candidate: its re-check may call for a new ruling.
  if (final !== null && !(await reopenedByObjection(deps.repos, campaign.campaign.id, input.candidateId, current.ruledAt))) {
    return finalRefusal(final, '修改研判结论', '联审结果已公示，不能再修改研判结论；如有异议请由乡镇（街道）申请复核');
  }
  if ((await deps.repos.disputes.get(input.candidateId))?.status === 'open') {
    return conflict('该人选的联审结论正在复核中，请先对复核申请作出结论', { code: DISPUTE_CODE.frozen });
  }
  if (current.outcome === input.outcome && current.justification === input.justification) {
    return conflict('修改后的研判结论和意见与原来相同', { code: REVISION_CODE.same });
  }
  const at = deps.now().toISOString();
  const { revisions = [], ...was } = current;
  const next: Ruling = {
    ...was,
    outcome: input.outcome,
    justification: input.justification,
    ruledBy: input.caller.userId,
    ruledAt: at,
    revisions: [
      ...revisions,
      {
        outcome: current.outcome,
        justification: current.justification,
        ruledBy: current.ruledBy,
        ruledAt: current.ruledAt,
        reason: input.reason,
      },
    ],
  };
  const outcome = await deps.repos.rulings.revise(next, { ruledAt: current.ruledAt, version: stored.version });
  if (!outcome.revised) return conflict('研判结论刚被他人修改或人选已重新作出结论，请刷新后再操作', { code: REVISION_CODE.changed });
  await deps.repos.audit.append({
    candidateId: input.candidateId,
    type: 'ruling_revised',
    actor: actorOf(input.caller, 'orgdept'),
    at,
    // The texts stay with the ruling; the chain pins them by hash.
    data: {
      previousOutcome: current.outcome,
      outcome: next.outcome,
      justificationSha256: sha256(next.justification),
      reasonSha256: sha256(input.reason),
      decisionVersion: outcome.stored.version,
    },
  });
  const status: FinalStatus = statusAfter(stored.decision, next);
  return { ruling: next, finalStatus: status, statusLabel: OUTCOME_LABEL[status], decisionVersion: outcome.stored.version };
}
