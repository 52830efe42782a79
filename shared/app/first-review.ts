// 乡镇初审: the township reviews its own draft batch before the county sees it. The sheet comes
// pre-filled with what the system can check (ID number, age at the reference date, education and
// the policy's candidate conditions); the township records its verdict and remark per candidate,
// then sends the batch to the county. Only then do the candidates get their `submitted` event and
// their reviews start: a draft never reaches a department. A candidate the township found not
// qualified is not sent: it is withdrawn with its first-review remark as the reason.
import { chinaToday } from '../domain/idcard.js';
import type { Actor } from '../domain/model.js';
import { type BatchStage, type FirstReviewEntry, prefillChecks, REMARK_MAX } from '../domain/process.js';
import { unitKindOf } from '../domain/units.js';
import { type Caller, townshipOf } from './access.js';
import { countBatchProgress } from './batch-progress.js';
import { actorOf, loadCampaign, mapLimit, type MeteredDeps, policyOf, sha256, type UseCaseDeps } from './common.js';
import type { BatchRecord, IntakeQueue, Log } from './ports.js';
import { conflict, invalid, isRefusal, notFound, type Refusal } from './refusals.js';

export const FIRST_REVIEW_CODE = {
  notDraft: 'BATCH_NOT_DRAFT',
  notReviewed: 'FIRST_REVIEW_MISSING',
  incomplete: 'FIRST_REVIEW_INCOMPLETE',
  remarkRequired: 'REMARK_REQUIRED',
  discarded: 'BATCH_DISCARDED',
} as const;

/** A draft the township deleted is never reviewed nor sent again. */
export function discardedRefusal(): Refusal {
  return conflict('该草稿批次已删除，不能再初审或报送；如需联审，请重新上传', { code: FIRST_REVIEW_CODE.discarded });
}

/** The caller's own draft batch with its stage; refused when it is not the caller's or not a draft. */
export async function ownStage(deps: Pick<UseCaseDeps, 'repos'>, caller: Caller, batchId: string) {
  const batch = await deps.repos.batches.get(batchId);
  if (batch === undefined) return notFound('未找到该批次');
  const township = townshipOf(caller, batch.township);
  if (isRefusal(township)) return township;
  const stage = await deps.repos.process.stage(batchId);
  return { batch, stage };
}

function draftOnly(stage: BatchStage | undefined): Refusal | BatchStage {
  if (stage?.status === 'discarded') return discardedRefusal();
  if (stage === undefined || stage.status !== 'draft') {
    return conflict('该批次已报送区县联审，不能再修改乡镇初审意见', { code: FIRST_REVIEW_CODE.notDraft });
  }
  return stage;
}

/** GET /batches/{id}/first-review: each candidate with the pre-filled checks and the township's recorded verdict. */
export async function firstReviewSheet(deps: UseCaseDeps, input: { caller: Caller; batchId: string }) {
  const own = await ownStage(deps, input.caller, input.batchId);
  if (isRefusal(own)) return own;
  const { batch, stage } = own;
  const stored = await loadCampaign(deps.repos, batch.campaignId);
  if (isRefusal(stored)) return stored;
  const policy = await policyOf(deps.repos, stored);
  const campaign = stored.campaign;
  const today = chinaToday(deps.now());
  const recorded = new Map((stage?.firstReview?.entries ?? []).map((e) => [e.candidateId, e]));
  const dossiers = await deps.repos.candidates.listDossiersByBatch(batch.batchId);
  return {
    batchId: batch.batchId,
    kind: stage?.kind ?? 'pre-election',
    status: stage?.status ?? 'submitted',
    referenceDate: campaign.referenceDate,
    firstReview: stage?.firstReview === undefined ? null : { by: stage.firstReview.by, at: stage.firstReview.at },
    candidates: dossiers.map((d) => {
      const entry = recorded.get(d.candidateId);
      return {
        candidateId: d.candidateId,
        seq: d.seq,
        name: d.name,
        village: d.village,
        post: d.post,
        nominationType: d.nominationType,
        checks: prefillChecks(d, policy, campaign.referenceDate, today, unitKindOf(campaign, d.township, d.village)),
        result: entry?.result ?? null,
        remark: entry?.remark ?? null,
      };
    }),
  };
}

/** POST /batches/{id}/first-review: the township's verdict on every candidate of its draft (each recording replaces the last). */
export async function recordFirstReview(
  deps: UseCaseDeps,
  input: { caller: Caller; batchId: string; entries: readonly FirstReviewEntry[] },
): Promise<{ stage: BatchStage } | Refusal> {
  const own = await ownStage(deps, input.caller, input.batchId);
  if (isRefusal(own)) return own;
  const draft = draftOnly(own.stage);
  if (isRefusal(draft)) return draft;
  const ids = (await deps.repos.candidates.listViewsByBatch(input.batchId)).map((c) => c.candidateId);
  const given = new Map(input.entries.map((e) => [e.candidateId, { ...e, remark: e.remark.trim() }]));
  const unknown = [...given.keys()].filter((id) => !ids.includes(id));
  const missing = ids.filter((id) => !given.has(id));
  if (unknown.length > 0 || missing.length > 0 || given.size !== input.entries.length) {
    return invalid(
      `请对本批次每名人选各填写一次初审意见（缺 ${missing.length} 名，多出 ${unknown.length} 条）`,
      'entries',
      FIRST_REVIEW_CODE.incomplete,
    );
  }
  const noReason = ids.filter((id) => given.get(id)?.result === 'fail' && (given.get(id)?.remark.length ?? 0) < 2);
  if (noReason.length > 0) {
    return invalid(`初审不符合条件的人选须填写初审意见（${REMARK_MAX} 字以内）`, 'entries', FIRST_REVIEW_CODE.remarkRequired);
  }
  const at = deps.now().toISOString();
  const entries = ids.flatMap((id) => {
    const e = given.get(id);
    return e === undefined ? [] : [e];
  });
  const stage: BatchStage = { ...draft, firstReview: { by: input.caller.userId, at, entries } };
  if (!(await deps.repos.process.putStage(stage, 'draft'))) {
    return conflict('该批次已报送区县联审，不能再修改乡镇初审意见', { code: FIRST_REVIEW_CODE.notDraft });
  }
  const actor = actorOf(input.caller, 'township');
  await mapLimit(entries, 8, (e) =>
    deps.repos.audit.append(
      {
        candidateId: e.candidateId,
        type: 'first_reviewed',
        actor,
        at,
        data: { batchId: input.batchId, township: draft.township, result: e.result, remarkSha256: sha256(e.remark) },
      },
      { dedupeKey: `first_reviewed:${input.batchId}:${at}` },
    ),
  );
  return { stage };
}

export interface SendDeps extends MeteredDeps {
  intake: IntakeQueue;
  log: Log;
}

/**
 * POST /batches/{id}/submit: sends the first-reviewed draft to the county. The stage moves first
 * (the gate: once sent, never again a draft); a repeat after that finishes what a first attempt
 * left undone (events are deduped, executions are idempotent by name) and says `replayed`.
 */
export async function sendDraft(
  deps: SendDeps,
  input: { caller: Caller; batchId: string },
): Promise<{ kind: 'sent' | 'replayed'; batch: BatchRecord; stage: BatchStage; sent: string[]; held: string[] } | Refusal> {
  const own = await ownStage(deps, input.caller, input.batchId);
  if (isRefusal(own)) return own;
  const { batch } = own;
  let stage = own.stage;
  if (stage?.status === 'discarded') return discardedRefusal();
  if (stage === undefined || (stage.status === 'submitted' && stage.firstReview === undefined)) {
    return conflict('该批次不是草稿，已在联审中', { code: FIRST_REVIEW_CODE.notDraft });
  }
  if (stage.firstReview === undefined) {
    return conflict('请先完成乡镇初审（逐人填写初审意见）再报送区县', { code: FIRST_REVIEW_CODE.notReviewed });
  }
  let kind: 'sent' | 'replayed' = 'replayed';
  const at = deps.now().toISOString();
  if (stage.status === 'draft') {
    const sent: BatchStage = { ...stage, status: 'submitted', submittedBy: input.caller.userId, submittedAt: at };
    if (await deps.repos.process.putStage(sent, 'draft')) {
      stage = sent;
      kind = 'sent';
    } else {
      stage = (await deps.repos.process.stage(input.batchId)) ?? sent;
      // Deleted meanwhile by a colleague: nothing goes to the county.
      if (stage.status === 'discarded') return discardedRefusal();
    }
  }
  const entries = stage.firstReview?.entries ?? [];
  const held = entries.filter((e) => e.result === 'fail');
  const sent = entries.filter((e) => e.result === 'pass').map((e) => e.candidateId);
  const actor = actorOf(input.caller, 'township');
  const when = stage.submittedAt ?? at;
  for (const e of held) await holdBack(deps, { batch, candidateId: e.candidateId, remark: e.remark, actor, at: when });
  const seqs = new Map((await deps.repos.candidates.listViewsByBatch(batch.batchId)).map((c) => [c.candidateId, c.seq]));
  await mapLimit(sent, 8, (candidateId) =>
    deps.repos.audit.append(
      {
        candidateId,
        type: 'submitted',
        actor,
        at: when,
        data: {
          batchId: batch.batchId,
          township: batch.township,
          seq: seqs.get(candidateId) ?? null,
          ...(stage.kind === 'post-election' ? { kind: stage.kind } : {}),
        },
      },
      { dedupeKey: `submitted:${batch.batchId}` },
    ),
  );
  await deps.intake.enqueue(sent.map((candidateId) => ({ campaignId: batch.campaignId, batchId: batch.batchId, candidateId })));
  return { kind, batch, stage, sent, held: held.map((e) => e.candidateId) };
}

/** A candidate the township's first review did not pass: withdrawn (已撤回) with the remark, and counted so the batch still completes. */
async function holdBack(deps: SendDeps, input: { batch: BatchRecord; candidateId: string; remark: string; actor: Actor; at: string }) {
  const { batch, candidateId } = input;
  const reason = `乡镇初审不符合条件：${input.remark}`;
  await deps.repos.changes.withdraw({
    campaignId: batch.campaignId,
    candidateId,
    township: batch.township,
    reason,
    withdrawnBy: input.actor.id,
    withdrawnAt: input.at,
  });
  await countBatchProgress(deps, { campaignId: batch.campaignId, batchId: batch.batchId, candidateId });
  await deps.repos.audit.append(
    {
      candidateId,
      type: 'withdrawn',
      actor: input.actor,
      at: input.at,
      data: { township: batch.township, reasonSha256: sha256(reason), cancelledTasks: [], replacedBy: null },
    },
    { dedupeKey: 'withdrawn' },
  );
}
