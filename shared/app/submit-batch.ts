// A township submits a batch of candidates: the files are validated all or nothing, the batch
// and its candidates are written once per Idempotency-Key, each candidate gets its `submitted`
// audit event, and one intake message per candidate starts its review.
import { canonicalJson } from '../domain/audit/canonical.js';
import { chinaToday } from '../domain/idcard.js';
import { importError, type ImportError } from '../domain/import/errors.js';
import { CANDIDATE_SHEET } from '../domain/import/spec.js';
import { beijingDateTime } from '../domain/time.js';
import { batchName, batchOrdinals } from '../domain/batch-name.js';
import { compactText } from '../domain/import/normalize.js';
import type { Campaign, CandidateRow } from '../domain/model.js';
import type { Caller } from './access.js';
import { actorOf, loadCampaign, mapLimit, sha256, type MeteredDeps } from './common.js';
import {
  IdempotencyConflictError,
  METRIC,
  PersonAlreadySubmittedError,
  type PersonClash,
  type BatchRecord,
  type CreatedBatch,
  type FileReaders,
  type IntakeQueue,
  type UploadedFile,
} from './ports.js';
import { conflict, forbidden, isRefusal, rejected, unprocessable, type Refusal } from './refusals.js';
import { townshipNameOf } from './views.js';
import { flagDuplicates } from './duplicates.js';
import { unitRegistry } from '../domain/units.js';
import type { BatchResult } from '../domain/import/batch.js';
import type { BatchKind } from '../domain/process.js';
import { recordStage, writeInRefusal } from './batch-stage.js';

export interface SubmitDeps extends MeteredDeps {
  files: FileReaders;
  intake: IntakeQueue;
  /** A fresh batch id (used only when the idempotency key is new). */
  newBatchId: () => string;
}

export interface SubmitInput {
  caller: Caller;
  /** The caller's township (from its `township:<code>` group). */
  township: string;
  idempotencyKey: string;
  campaignId: string;
  candidates: UploadedFile;
  relatives?: UploadedFile;
  /** Upload as a draft for the township's first review: nothing is sent until POST /batches/{id}/submit. */
  draft?: boolean;
  /** post-election: write-in winners (另选他人) vetted after the vote. */
  kind?: BatchKind;
  /** A replacement (替换人选): whom it replaces and the reason's digest, so the same key for another request is a conflict. */
  replaces?: { candidateId: string; reasonSha256: string };
}

export type SubmitOutcome = { kind: 'created' | 'replayed'; batch: BatchRecord; candidateIds: string[] } | Refusal;

const NOT_REGISTERED = '无权提交：本乡镇（街道）未登记在该换届工作中，请联系组织部门';

/**
 * Rule: when the campaign registers its townships, every row's 乡镇(街道) must be the caller's
 * registered name (else forbidden). A campaign without a registry cannot tell names apart, so it
 * only requires one township per batch.
 */
export function checkTownshipOwnership(campaign: Campaign, code: string, rows: readonly CandidateRow[]): Refusal | undefined {
  if (campaign.townships !== undefined) {
    const name = townshipNameOf(campaign, code);
    if (name === undefined) return forbidden(NOT_REGISTERED);
    const foreign = rows.filter((r) => compactText(r.township) !== compactText(name));
    if (foreign.length > 0) {
      return forbidden(`无权提交其他乡镇（街道）的人选：序号 ${foreign.map((r) => r.seq).join('、')} 的“乡镇(街道)”不是“${name}”`, {
        seqs: foreign.map((r) => r.seq),
      });
    }
    return undefined;
  }
  const names = new Set(rows.map((r) => compactText(r.township)));
  if (names.size > 1) return unprocessable(`一个批次只能包含一个乡镇（街道）的人选，文件中有：${[...names].join('、')}`);
  return undefined;
}

/**
 * Rule: one person is reviewed once per campaign. A row whose ID number another batch of this
 * township in the campaign holds is an error at its 身份证号 cell (another township's is let in and
 * flagged as a duplicate for the organization department to decide, duplicates.ts), naming that batch as people know it
 * (昌国街道 第1批（12月2日）), with its 序号, file and time.
 */
export async function personClashRefusal(
  repos: Pick<SubmitDeps['repos'], 'batches'>,
  campaign: Campaign,
  parsed: { candidates: readonly CandidateRow[]; rows: readonly number[] },
  clashes: readonly PersonClash[],
): Promise<Refusal> {
  const { candidates, rows } = parsed;
  const townships = [...new Set(clashes.map((c) => c.township))];
  const held = (await Promise.all(townships.map((t) => repos.batches.listByTownship(t)))).flat();
  const ordinals = batchOrdinals(held.filter((b) => b.campaignId === campaign.id));
  const errors = clashes.map((clash): ImportError => {
    const name = batchName(townshipNameOf(campaign, clash.township) ?? clash.township, ordinals.get(clash.batchId) ?? 1, clash.submittedAt);
    const file = clash.filename === undefined ? '' : `，文件“${clash.filename}”`;
    const row = candidates[clash.position - 1];
    return importError(
      'ID_ALREADY_IN_CAMPAIGN',
      rows[clash.position - 1] ?? 0,
      '身份证号',
      row?.idNumber ?? '',
      `该人选已在“${name}”中（序号 ${clash.seq}${file}，${beijingDateTime(clash.submittedAt)} 提交），同一人选在一次换届中只联审一次：请删除这一行；如确需改由本乡镇（街道）报送或重新联审，请联系组织部门。`,
      CANDIDATE_SHEET,
    );
  });
  return rejected(`${clashes.length} 名人选已在本次换届的其他批次中联审，整批未提交`, errors);
}

/** The campaign and the validated rows of a submission, or why it cannot go in (shared by the check and the submit). */
export async function readSubmission(
  deps: Pick<SubmitDeps, 'repos' | 'files' | 'now'>,
  input: Pick<SubmitInput, 'township' | 'campaignId' | 'candidates' | 'relatives'>,
): Promise<{ campaign: Campaign; parsed: Extract<BatchResult, { ok: true }> } | Refusal> {
  const stored = await loadCampaign(deps.repos, input.campaignId);
  if (isRefusal(stored)) return stored;
  const campaign = stored.campaign;
  if (campaign.townships !== undefined && townshipNameOf(campaign, input.township) === undefined) return forbidden(NOT_REGISTERED);
  const units = unitRegistry(campaign);
  const parsed = await deps.files.batch({
    candidates: input.candidates,
    ...(input.relatives === undefined ? {} : { relatives: input.relatives }),
    today: chinaToday(deps.now()),
    ...(units === undefined ? {} : { units }),
  });
  if (!parsed.ok) return rejected('文件校验未通过，请按提示逐项修改后重新上传，整批未提交', parsed.errors);
  return checkTownshipOwnership(campaign, input.township, parsed.candidates) ?? { campaign, parsed };
}

export async function submitBatch(deps: SubmitDeps, input: SubmitInput): Promise<SubmitOutcome> {
  const read = await readSubmission(deps, input);
  if (isRefusal(read)) return read;
  const { campaign, parsed } = read;
  const now = deps.now();
  const kind = input.kind ?? 'pre-election';
  const writeIns = writeInRefusal(kind, parsed);
  if (writeIns !== undefined) return writeIns;

  // Same key and same files → same batch; the filename does not change the content. A draft or a
  // post-election batch is another request (the fields only enter the digest when set, so the
  // digests of plain submissions stay what they were).
  const requestDigest = sha256(
    canonicalJson({
      campaignId: campaign.id,
      candidates: sha256(input.candidates.bytes),
      relatives: input.relatives === undefined ? null : sha256(input.relatives.bytes),
      ...(input.draft === true ? { draft: true } : {}),
      ...(kind === 'post-election' ? { kind } : {}),
      ...(input.replaces === undefined ? {} : { replaces: input.replaces }),
    }),
  );
  let result: CreatedBatch;
  try {
    result = await deps.repos.batches.create({
      batchId: deps.newBatchId(),
      campaignId: campaign.id,
      township: input.township,
      policyId: campaign.policyId,
      submittedBy: input.caller.userId,
      submittedAt: now.toISOString(),
      filename: input.candidates.filename,
      idempotencyKey: input.idempotencyKey,
      requestDigest,
      candidates: parsed.candidates,
      relatives: parsed.relatives,
      letInOtherTownships: true,
    });
  } catch (error) {
    if (error instanceof IdempotencyConflictError) {
      return conflict('该 Idempotency-Key 已用于内容不同的提交：如需提交新文件，请重新发起提交');
    }
    if (error instanceof PersonAlreadySubmittedError) return personClashRefusal(deps.repos, campaign, parsed, error.clashes);
    throw error;
  }
  const { batch, candidateIds } = result;
  const actor = actorOf(input.caller, 'township');
  const seqs = parsed.candidates.map((c) => c.seq);
  if (input.draft === true || kind === 'post-election') {
    await recordStage(deps.repos, { batch, kind, draft: input.draft === true, actor, candidateIds, seqs });
  }
  if (input.draft === true) return { kind: result.created ? 'created' : 'replayed', batch, candidateIds };
  // Repeats are no-ops (dedupe keys), so a replay also repairs a half-finished first attempt.
  await mapLimit(candidateIds, 8, (candidateId, i) =>
    deps.repos.audit.append(
      {
        candidateId,
        type: 'submitted',
        actor,
        at: batch.submittedAt,
        data: { batchId: batch.batchId, township: input.township, seq: seqs[i] ?? null, ...(kind === 'post-election' ? { kind } : {}) },
      },
      { dedupeKey: `submitted:${batch.batchId}` },
    ),
  );
  // Another township's batch holds some of these people: flagged for the organization department (a replay flags once).
  await flagDuplicates(deps, { batch, candidates: parsed.candidates, candidateIds, actor });
  // Starting an execution is idempotent by name, so a replay may safely enqueue again.
  await deps.intake.enqueue(candidateIds.map((candidateId) => ({ campaignId: campaign.id, batchId: batch.batchId, candidateId })));
  if (result.created) {
    deps.metrics.count(METRIC.BatchesSubmitted);
    deps.metrics.count(METRIC.CandidatesSubmitted, candidateIds.length);
  }
  return { kind: result.created ? 'created' : 'replayed', batch, candidateIds };
}
