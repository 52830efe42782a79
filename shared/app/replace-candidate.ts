// 替换人选: the township proposes a replacement for one of its candidates after a finding. The new
// candidate is one row validated exactly as a batch upload is (same file reader, same checks, one
// person once per campaign) and of the same village; it is submitted as a batch of one, so it is
// vetted like any candidate, and the replaced candidate is withdrawn (its tasks cancelled, its review
// stopped) with a link both ways: `replacedBy` on the withdrawal, a `replacement` event on the new chain.
import { compactText } from '../domain/import/normalize.js';
import type { Withdrawal } from '../domain/review-changes.js';
import type { Caller } from './access.js';
import { actorOf } from './common.js';
import type { UploadedFile } from './ports.js';
import { conflict, invalid, isRefusal, type Refusal } from './refusals.js';
import { readSubmission, submitBatch, type SubmitDeps } from './submit-batch.js';
import { ownCandidate, WITHDRAW_CODE, type WithdrawDeps, withdrawCandidate } from './withdraw-candidate.js';

export const REPLACE_CODE = { oneRow: 'REPLACEMENT_ONE_ROW', otherVillage: 'REPLACEMENT_OTHER_VILLAGE' } as const;

export interface ReplaceInput {
  caller: Caller;
  candidateId: string;
  reason: string;
  idempotencyKey: string;
  candidates: UploadedFile;
  relatives?: UploadedFile;
}

export type ReplaceResult = {
  withdrawal: Withdrawal;
  cancelledTasks: string[];
  stopped: boolean;
  replacement: { candidateId: string; batchId: string };
};

export async function replaceCandidate(deps: SubmitDeps & WithdrawDeps, input: ReplaceInput): Promise<ReplaceResult | Refusal> {
  if (input.reason.trim().length < 5) return invalid('请填写撤回并替换的理由（至少 5 个字）', 'reason', 'REASON_REQUIRED');
  const own = await ownCandidate(deps, input.caller, input.candidateId);
  if (isRefusal(own)) return own;
  const { dossier, township } = own;
  if ((await deps.repos.changes.withdrawal(dossier.candidateId)) !== undefined) {
    return conflict('该人选已经撤回，不能再提出替换人选', { code: WITHDRAW_CODE.withdrawn });
  }
  const files = {
    township,
    campaignId: dossier.campaignId,
    candidates: input.candidates,
    ...(input.relatives ? { relatives: input.relatives } : {}),
  };
  const read = await readSubmission(deps, files);
  if (isRefusal(read)) return read;
  const rows = read.parsed.candidates;
  if (rows.length !== 1) return invalid(`替换人选文件只能有一名人选，文件中有 ${rows.length} 名`, 'candidates', REPLACE_CODE.oneRow);
  const [row] = rows;
  if (row === undefined || compactText(row.village) !== compactText(dossier.village)) {
    return invalid(`替换人选须与被替换的人选同属“${dossier.village}”`, 'candidates', REPLACE_CODE.otherVillage);
  }
  const submitted = await submitBatch(deps, { caller: input.caller, idempotencyKey: input.idempotencyKey, ...files });
  if (isRefusal(submitted)) return submitted;
  const [replacementId] = submitted.candidateIds;
  if (replacementId === undefined) throw new Error('a batch of one candidate came back empty');
  const withdrawn = await withdrawCandidate(deps, {
    caller: input.caller,
    candidateId: dossier.candidateId,
    reason: input.reason,
    replacedBy: replacementId,
  });
  if (isRefusal(withdrawn)) return withdrawn;
  await deps.repos.audit.append(
    {
      candidateId: replacementId,
      type: 'replacement',
      actor: actorOf(input.caller, 'township'),
      at: withdrawn.withdrawal.withdrawnAt,
      data: { replaces: dossier.candidateId, township },
    },
    { dedupeKey: 'replacement' },
  );
  return { ...withdrawn, replacement: { candidateId: replacementId, batchId: submitted.batch.batchId } };
}
