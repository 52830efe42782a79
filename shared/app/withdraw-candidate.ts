// 撤回: after a finding the township withdraws one of its candidates, with a reason. The candidate
// shows 已撤回 everywhere (batch page, reports, feedback list) and never reaches the 公示 list; its
// review executions are stopped (StopExecution) and its open department tasks closed in every inbox,
// so an answer after the withdrawal is refused. `replacedBy` links the replacement (replace-candidate.ts).
import type { Withdrawal } from '../domain/review-changes.js';
import { type Caller, townshipOf } from './access.js';
import { countBatchProgress } from './batch-progress.js';
import { actorOf, type MeteredDeps, sha256, type UseCaseDeps } from './common.js';
import type { Executions, Log } from './ports.js';
import { conflict, invalid, isRefusal, notFound, type Refusal } from './refusals.js';
import { recheckExecutionName } from './request-recheck.js';
import { executionName } from './start-review.js';

export const WITHDRAW_CODE = { withdrawn: 'CANDIDATE_WITHDRAWN' } as const;

export interface WithdrawDeps extends MeteredDeps {
  executions: Executions;
  log: Log;
}

export interface WithdrawInput {
  caller: Caller;
  candidateId: string;
  reason: string;
  /** The candidate proposed instead (set by the replacement flow). */
  replacedBy?: string;
}

export type WithdrawResult = { withdrawal: Withdrawal; cancelledTasks: string[]; stopped: boolean };

/** The township's own candidate, with its campaign and batch: the caller must hold the batch's township. */
export async function ownCandidate(deps: Pick<UseCaseDeps, 'repos'>, caller: Caller, candidateId: string) {
  const dossier = await deps.repos.candidates.getDossier(candidateId);
  if (dossier === undefined) return notFound('未找到该人选');
  const batch = await deps.repos.batches.get(dossier.batchId);
  if (batch === undefined) return notFound('未找到该人选');
  const township = townshipOf(caller, batch.township);
  if (isRefusal(township)) return township;
  return { dossier, batch, township };
}

export async function withdrawCandidate(deps: WithdrawDeps, input: WithdrawInput): Promise<WithdrawResult | Refusal> {
  const reason = input.reason.trim();
  if (reason.length < 5) return invalid('请填写撤回的理由（至少 5 个字）', 'reason', 'REASON_REQUIRED');
  const own = await ownCandidate(deps, input.caller, input.candidateId);
  if (isRefusal(own)) return own;
  const { repos } = deps;
  const { dossier, township } = own;
  const at = deps.now().toISOString();
  const written = await repos.changes.withdraw({
    campaignId: dossier.campaignId,
    candidateId: dossier.candidateId,
    township,
    reason,
    withdrawnBy: input.caller.userId,
    withdrawnAt: at,
    ...(input.replacedBy === undefined ? {} : { replacedBy: input.replacedBy }),
  });
  if (!written.withdrawn) return conflict('该人选已经撤回', { code: WITHDRAW_CODE.withdrawn });
  return { withdrawal: written.withdrawal, ...(await finishWithdrawal(deps, dossier, written.withdrawal, input.caller)) };
}

/**
 * After the withdrawal is stored: stops the review and appends the `withdrawn` event (deduped), so
 * a repeat after a half-finished withdrawal finishes it. The event keeps what was stopped.
 */
export async function finishWithdrawal(
  deps: WithdrawDeps,
  dossier: { campaignId: string; batchId: string; candidateId: string },
  withdrawal: Withdrawal,
  caller: Caller,
): Promise<{ cancelledTasks: string[]; stopped: boolean }> {
  const at = withdrawal.withdrawnAt;
  const { cancelledTasks, stopped } = await stopReview(deps, dossier, {
    error: 'CandidateWithdrawn',
    cause: '该人选已被乡镇（街道）撤回',
    at,
  });
  await deps.repos.audit.append(
    {
      candidateId: dossier.candidateId,
      type: 'withdrawn',
      actor: actorOf(caller, 'township'),
      at,
      data: {
        township: withdrawal.township,
        reasonSha256: sha256(withdrawal.reason),
        cancelledTasks,
        replacedBy: withdrawal.replacedBy ?? null,
        stopped,
      },
    },
    { dedupeKey: 'withdrawn' },
  );
  return { cancelledTasks, stopped };
}

/**
 * Ends a candidate's review for good (撤回, or the side of a duplicate the organization department
 * sets aside, duplicates.ts): its executions are stopped first, so no new task is sent, then its
 * open department tasks are closed in every inbox, so a later answer is refused.
 */
export async function stopReview(
  deps: WithdrawDeps,
  candidate: { campaignId: string; batchId: string; candidateId: string },
  why: { error: string; cause: string; at: string },
): Promise<{ cancelledTasks: string[]; stopped: boolean }> {
  const { repos } = deps;
  const { campaignId, batchId, candidateId } = candidate;
  const names = [
    executionName(campaignId, candidateId),
    ...(await repos.changes.rechecks(candidateId)).map((r) => recheckExecutionName(campaignId, candidateId, r.recheck.sequence)),
  ];
  const stops = await Promise.all(names.map((name) => deps.executions.stop({ name, error: why.error, cause: why.cause })));
  const routing = await repos.candidates.getRouting(candidateId);
  const cancelledTasks: string[] = [];
  for (const department of routing?.departments ?? []) {
    if (await repos.tasks.cancel(candidateId, department, why.at)) cancelledTasks.push(department);
  }
  // A candidate stopped before its decision never reaches CountBatchProgress: count it here, so
  // the batch still completes (and gets its batch-level checks) when the others are decided.
  if ((await repos.decisions.get(candidateId)) === undefined) await countBatchProgress(deps, { campaignId, batchId, candidateId });
  return { cancelledTasks, stopped: stops.includes('stopped') };
}
