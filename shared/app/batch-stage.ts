// A batch's stage when it is not the plain kind (submitted at once, before the vote): a draft kept
// for the township's first review, or a post-election batch of write-in winners. Written by the
// submission (submit-batch.ts), moved on by the first review and the send (first-review.ts).
import { importError } from '../domain/import/errors.js';
import { CANDIDATE_SHEET } from '../domain/import/spec.js';
import type { Actor, CandidateRow } from '../domain/model.js';
import type { BatchKind } from '../domain/process.js';
import { mapLimit } from './common.js';
import type { BatchRecord, Repositories } from './ports.js';
import { rejected, type Refusal } from './refusals.js';

/** Rule: a post-election batch vets write-in winners (另选他人) only; any other row is an error at its 人选类型. */
export function writeInRefusal(
  kind: BatchKind,
  parsed: { candidates: readonly CandidateRow[]; rows: readonly number[] },
): Refusal | undefined {
  if (kind !== 'post-election') return undefined;
  const errors = parsed.candidates.flatMap((c, i) =>
    c.nominationType === '另选他人'
      ? []
      : [
          importError(
            'WRITE_IN_REQUIRED',
            parsed.rows[i] ?? 0,
            '人选类型',
            c.nominationType,
            '选后联审批次只报送另选他人当选的人员：人选类型应为“另选他人”；选前的人选请按普通批次报送',
            CANDIDATE_SHEET,
          ),
        ],
  );
  return errors.length === 0 ? undefined : rejected(`${errors.length} 名人选不是另选他人当选人员，整批未提交`, errors);
}

/**
 * Stores the stage of a new draft or post-election batch (a repeat finds it stored and leaves it),
 * and, for a draft, each candidate's `drafted` event (deduped, so a replay repairs a half-done first try).
 */
export async function recordStage(
  repos: Repositories,
  input: { batch: BatchRecord; kind: BatchKind; draft: boolean; actor: Actor; candidateIds: readonly string[]; seqs: readonly number[] },
): Promise<void> {
  const { batch, kind, actor } = input;
  await repos.process.putStage({
    batchId: batch.batchId,
    campaignId: batch.campaignId,
    township: batch.township,
    kind,
    status: input.draft ? 'draft' : 'submitted',
    draftedBy: actor.id,
    draftedAt: batch.submittedAt,
    ...(input.draft ? {} : { submittedBy: actor.id, submittedAt: batch.submittedAt }),
  });
  if (!input.draft) return;
  await mapLimit(input.candidateIds, 8, (candidateId, i) =>
    repos.audit.append(
      {
        candidateId,
        type: 'drafted',
        actor,
        at: batch.submittedAt,
        data: { batchId: batch.batchId, township: batch.township, seq: input.seqs[i] ?? null, kind },
      },
      { dedupeKey: `drafted:${batch.batchId}` },
    ),
  );
}
