// A township deletes a draft batch it never sent (乡镇初审 found the list wrong, or it was uploaded
// by mistake). The draft held its people for the campaign (one person, one review), so deleting it
// releases those claims and the same people may be uploaded again. Nothing of the draft reached a
// department, so there is nothing to stop; its candidates and their chains stay for the audit.
import { DISCARDED_LABEL, type BatchStage } from '../domain/process.js';
import type { Caller } from './access.js';
import { actorOf, mapLimit, type UseCaseDeps } from './common.js';
import { discardedRefusal, FIRST_REVIEW_CODE, ownStage } from './first-review.js';
import { conflict, isRefusal, type Refusal } from './refusals.js';

export interface DiscardedDraft {
  kind: 'discarded' | 'replayed';
  stage: BatchStage;
  /** Person claims this call released (a repeat releases what a first attempt left). */
  released: number;
  label: string;
}

/**
 * POST /batches/{id}/discard. The stage moves from draft to discarded first, conditionally: that is
 * the gate, so a draft being sent at the same moment either goes to the county or is deleted, never
 * both, and a refused call writes nothing. The claims and the events follow; each step is a no-op
 * when repeated, so a repeat after a failure finishes the deletion and says `replayed`.
 */
export async function discardDraft(deps: UseCaseDeps, input: { caller: Caller; batchId: string }): Promise<DiscardedDraft | Refusal> {
  const own = await ownStage(deps, input.caller, input.batchId);
  if (isRefusal(own)) return own;
  const { batch } = own;
  let stage = own.stage;
  let kind: DiscardedDraft['kind'] = 'replayed';
  if (stage?.status === 'draft') {
    const discarded: BatchStage = {
      ...stage,
      status: 'discarded',
      discardedBy: input.caller.userId,
      discardedAt: deps.now().toISOString(),
    };
    if (await deps.repos.process.putStage(discarded, 'draft')) {
      stage = discarded;
      kind = 'discarded';
    } else stage = await deps.repos.process.stage(input.batchId);
  }
  if (stage === undefined || stage.status === 'submitted') {
    return conflict('该批次已报送区县联审，不能删除；如需撤回人选，请逐人撤回', { code: FIRST_REVIEW_CODE.notDraft });
  }
  if (stage.status !== 'discarded') return discardedRefusal();
  const dossiers = await deps.repos.candidates.listDossiersByBatch(batch.batchId);
  const actor = actorOf(input.caller, 'township');
  const at = stage.discardedAt ?? deps.now().toISOString();
  await mapLimit(dossiers, 8, (d) =>
    deps.repos.audit.append(
      {
        candidateId: d.candidateId,
        type: 'draft_discarded',
        actor,
        at,
        data: { batchId: batch.batchId, township: batch.township, seq: d.seq },
      },
      { dedupeKey: `draft_discarded:${batch.batchId}` },
    ),
  );
  // Last: until the events are on the chains the people stay held, so a re-upload never overtakes them.
  const released = await deps.repos.batches.releasePersons(
    batch.campaignId,
    batch.batchId,
    dossiers.map((d) => d.idNumber),
  );
  return { kind, stage, released, label: DISCARDED_LABEL };
}
