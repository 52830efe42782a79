// 替换人选: the township proposes a replacement for one of its candidates after a finding. The new
// candidate is one row validated exactly as a batch upload is (same file reader, same checks, one
// person once per campaign) and of the same village; it is submitted as a batch of one, so it is
// vetted like any candidate, and the replaced candidate is withdrawn (its tasks cancelled, its review
// stopped) with a link both ways: `replacedBy` on the withdrawal, a `replacement` event on the new chain.
// Idempotent by the Idempotency-Key as POST /batches is: the same key and the same body (files,
// the replaced candidate, the reason) answer the first result again, `replayed`; the same key for
// another body is a conflict.
import { AUDIT_DATA } from '../domain/audit/events.js';
import { compactText } from '../domain/import/normalize.js';
import type { Withdrawal } from '../domain/review-changes.js';
import type { Caller } from './access.js';
import { actorOf, sha256 } from './common.js';
import type { UploadedFile } from './ports.js';
import { conflict, invalid, isRefusal, type Refusal } from './refusals.js';
import { readSubmission, submitBatch, type SubmitDeps } from './submit-batch.js';
import { finishWithdrawal, ownCandidate, WITHDRAW_CODE, type WithdrawDeps, withdrawCandidate } from './withdraw-candidate.js';

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
  /** The same key and body again: the first result, nothing new written. */
  replayed: boolean;
};

export async function replaceCandidate(deps: SubmitDeps & WithdrawDeps, input: ReplaceInput): Promise<ReplaceResult | Refusal> {
  if (input.reason.trim().length < 5) return invalid('请填写撤回并替换的理由（至少 5 个字）', 'reason', 'REASON_REQUIRED');
  const own = await ownCandidate(deps, input.caller, input.candidateId);
  if (isRefusal(own)) return own;
  const { dossier, township } = own;
  const existing = await deps.repos.changes.withdrawal(dossier.candidateId);
  const withdrawnAlready = conflict('该人选已经撤回，不能再提出替换人选', { code: WITHDRAW_CODE.withdrawn });
  // Only a key that already holds this candidate's replacement may be a replay; any other request on a withdrawn candidate is refused before anything is written.
  if (existing !== undefined) {
    const keyed = await deps.repos.batches.batchOfKey(township, input.idempotencyKey);
    const replacement = existing.replacedBy === undefined ? undefined : await deps.repos.candidates.getView(existing.replacedBy);
    if (keyed === undefined || replacement === undefined || replacement.batchId !== keyed) return withdrawnAlready;
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
  const replaces = { candidateId: dossier.candidateId, reasonSha256: sha256(input.reason.trim()) };
  // A replay of the key with the same body is a no-op here, and finishes what a first attempt left undone.
  const submitted = await submitBatch(deps, { caller: input.caller, idempotencyKey: input.idempotencyKey, ...files, replaces });
  if (isRefusal(submitted)) return submitted;
  const [replacementId] = submitted.candidateIds;
  if (replacementId === undefined) throw new Error('a batch of one candidate came back empty');
  let withdrawn: { withdrawal: Withdrawal; cancelledTasks: string[]; stopped: boolean } | Refusal;
  if (existing === undefined) {
    withdrawn = await withdrawCandidate(deps, {
      caller: input.caller,
      candidateId: dossier.candidateId,
      reason: input.reason,
      replacedBy: replacementId,
    });
  } else {
    // The withdrawn event holds what the first call stopped; without it the first call stopped half-way: finish it.
    const event = (await deps.repos.audit.listByCandidate(dossier.candidateId)).find((e) => e.type === 'withdrawn');
    const parsed = AUDIT_DATA.withdrawn.safeParse(event?.data);
    const data = parsed.success ? parsed.data : undefined;
    withdrawn = {
      withdrawal: existing,
      ...(data === undefined
        ? await finishWithdrawal(deps, dossier, existing, input.caller)
        : { cancelledTasks: data.cancelledTasks, stopped: data.stopped ?? false }),
    };
  }
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
  return { ...withdrawn, replacement: { candidateId: replacementId, batchId: submitted.batch.batchId }, replayed: existing !== undefined };
}
