// batchesApi: township offices submit batches and follow them; the organization department reads all.
import { createHash, randomUUID } from 'node:crypto';
import { SendMessageBatchCommand, type SendMessageBatchRequestEntry, type SQSClient } from '@aws-sdk/client-sqs';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { z } from 'zod';
import { canonicalJson } from '../../domain/audit/canonical.js';
import { chinaToday, maskIdNumber } from '../../domain/idcard.js';
import { parseBatch } from '../files/uploads.js';
import { compactText } from '../../domain/import/normalize.js';
import { buildBatchTemplate } from '../files/template.js';
import type { CandidateRow, Campaign } from '../../domain/model.js';
import { buildFeedbackList } from '../../app/reports/feedback.js';
import { feedbackXlsx } from '../files/feedback-xlsx.js';
import { IdempotencyConflictError, type BatchRecord, type CreatedBatch } from '../repositories.js';
import { requireTownship, requireTownshipOrOrgdept, type Principal } from './auth.js';
import { actorOf, isoNow, loadCampaign, mapLimit, policyOf, type ApiDeps } from './deps.js';
import { badRequest, conflict, forbidden, importRejected, notFound, unprocessable } from './errors.js';
import { httpHandler, route, type Routes } from './middleware.js';
import { created, file, ok, XLSX_TYPE } from './responses.js';
import { decodeUpload, FileUpload } from './uploads.js';
import { decisionView, progressOf, routedCodes, reportCandidates } from './views.js';

export interface BatchesApiDeps extends ApiDeps {
  sqs: SQSClient;
  intakeQueueUrl: string;
  /** A fresh batch id (used only when the idempotency key is new). */
  newBatchId?: () => string;
}

const IDEMPOTENCY_KEY = /^[A-Za-z0-9._:-]{8,128}$/;
const SQS_BATCH = 10;
const SQS_ATTEMPTS = 4;

const SubmitBody = z.object({
  campaignId: z.string().min(1).max(64),
  candidates: FileUpload,
  relatives: FileUpload.optional(),
});

const BatchParams = z.object({ id: z.string().regex(/^[A-Za-z0-9-]{1,64}$/) });

const ListQuery = z.object({
  campaignId: z.string().min(1).max(64).optional(),
  township: z.string().min(1).max(64).optional(),
});

const FormatQuery = z.object({ format: z.enum(['json', 'xlsx']).default('json') });

function defaultBatchId(): string {
  return `b${randomUUID().replace(/-/g, '').slice(0, 15)}`;
}

function sha256(bytes: Uint8Array | string): string {
  return createHash('sha256').update(bytes).digest('hex');
}

export function townshipNameOf(campaign: Campaign, code: string): string | undefined {
  return campaign.townships?.find((t) => t.code === code)?.name;
}

/**
 * Rule: when the campaign registers its townships, every row's 乡镇(街道) must be the caller's
 * registered name (else 403). A campaign without a registry cannot tell names apart, so it only
 * requires one township per batch.
 */
export function checkTownshipOwnership(campaign: Campaign, code: string, rows: readonly CandidateRow[]): void {
  if (campaign.townships !== undefined) {
    const name = townshipNameOf(campaign, code);
    if (name === undefined) throw forbidden('无权提交：本乡镇（街道）未登记在该换届工作中，请联系组织部门');
    const foreign = rows.filter((r) => compactText(r.township) !== compactText(name));
    if (foreign.length > 0) {
      throw forbidden(`无权提交其他乡镇（街道）的人选：序号 ${foreign.map((r) => r.seq).join('、')} 的“乡镇(街道)”不是“${name}”`, {
        seqs: foreign.map((r) => r.seq),
      });
    }
    return;
  }
  const names = new Set(rows.map((r) => compactText(r.township)));
  if (names.size > 1) {
    throw unprocessable(`一个批次只能包含一个乡镇（街道）的人选，文件中有：${[...names].join('、')}`);
  }
}

async function sendToIntake(deps: BatchesApiDeps, bodies: readonly string[]): Promise<void> {
  for (let start = 0; start < bodies.length; start += SQS_BATCH) {
    let entries: SendMessageBatchRequestEntry[] = bodies
      .slice(start, start + SQS_BATCH)
      .map((body, i) => ({ Id: String(start + i), MessageBody: body }));
    for (let attempt = 1; entries.length > 0; attempt += 1) {
      const out = await deps.sqs.send(new SendMessageBatchCommand({ QueueUrl: deps.intakeQueueUrl, Entries: entries }));
      const failed = new Set((out.Failed ?? []).map((f) => f.Id));
      entries = entries.filter((e) => failed.has(e.Id));
      if (entries.length > 0 && attempt >= SQS_ATTEMPTS) {
        // The client retries with the same Idempotency-Key; a replay sends every candidate again.
        throw new Error(`intake queue refused ${entries.length} messages after ${attempt} attempts`);
      }
    }
  }
}

function batchView(batch: BatchRecord, townshipName: string | undefined) {
  return {
    batchId: batch.batchId,
    campaignId: batch.campaignId,
    township: batch.township,
    townshipName: townshipName ?? null,
    policyId: batch.policyId,
    submittedBy: batch.submittedBy,
    submittedAt: batch.submittedAt,
    filename: batch.filename ?? null,
    total: batch.total,
    decided: batch.decided,
    reportReady: batch.reportReady,
  };
}

async function readableBatch(deps: ApiDeps, principal: Principal, batchId: string): Promise<BatchRecord> {
  const batch = await deps.repos.batches.get(batchId);
  if (batch === undefined) throw notFound('未找到该批次');
  requireTownshipOrOrgdept(principal, batch.township);
  return batch;
}

export function batchesRoutes(deps: BatchesApiDeps): Routes {
  const newBatchId = deps.newBatchId ?? defaultBatchId;
  return {
    'POST /batches': route({
      body: SubmitBody,
      handle: async ({ principal, body, headers, metrics }) => {
        const township = requireTownship(principal);
        const key = headers['idempotency-key']?.trim();
        if (key === undefined || key === '') {
          throw badRequest('缺少 Idempotency-Key 请求头：重复提交同一文件时用它识别同一批次', { field: 'Idempotency-Key', in: 'header' });
        }
        if (!IDEMPOTENCY_KEY.test(key)) {
          throw badRequest('Idempotency-Key 请求头格式有误：应为 8 至 128 位字母、数字或 ._:-', { field: 'Idempotency-Key', in: 'header' });
        }
        const stored = await loadCampaign(deps, body.campaignId);
        const campaign = stored.campaign;
        if (campaign.townships !== undefined && townshipNameOf(campaign, township) === undefined) {
          throw forbidden('无权提交：本乡镇（街道）未登记在该换届工作中，请联系组织部门');
        }
        const candidatesFile = decodeUpload(body.candidates, 'candidates');
        const relativesFile = body.relatives === undefined ? undefined : decodeUpload(body.relatives, 'relatives');
        const now = deps.now();
        const parsed = await parseBatch({
          candidates: candidatesFile,
          ...(relativesFile === undefined ? {} : { relatives: relativesFile }),
          today: chinaToday(now),
        });
        if (!parsed.ok) throw importRejected('文件校验未通过，请按提示逐项修改后重新上传，整批未提交', parsed.errors);
        checkTownshipOwnership(campaign, township, parsed.candidates);

        // Same key and same files → same batch; the filename does not change the content.
        const requestDigest = sha256(
          canonicalJson({
            campaignId: campaign.id,
            candidates: sha256(candidatesFile.bytes),
            relatives: relativesFile === undefined ? null : sha256(relativesFile.bytes),
          }),
        );
        const at = now.toISOString();
        let result: CreatedBatch;
        try {
          result = await deps.repos.batches.create({
            batchId: newBatchId(),
            campaignId: campaign.id,
            township,
            policyId: campaign.policyId,
            submittedBy: principal.userId,
            submittedAt: at,
            filename: candidatesFile.filename,
            idempotencyKey: key,
            requestDigest,
            candidates: parsed.candidates,
            relatives: parsed.relatives,
          });
        } catch (error) {
          if (error instanceof IdempotencyConflictError) {
            throw conflict('该 Idempotency-Key 已用于内容不同的提交：如需提交新文件，请重新发起提交');
          }
          throw error;
        }
        const { batch, candidateIds } = result;
        const actor = actorOf(principal, 'township');
        const seqs = parsed.candidates.map((c) => c.seq);
        // Repeats are no-ops (dedupe keys), so a replay also repairs a half-finished first attempt.
        await mapLimit(candidateIds, 8, (candidateId, i) =>
          deps.repos.audit.append(
            {
              candidateId,
              type: 'submitted',
              actor,
              at: batch.submittedAt,
              data: { batchId: batch.batchId, township, seq: seqs[i] ?? null },
            },
            { dedupeKey: `submitted:${batch.batchId}` },
          ),
        );
        // Starting an execution is idempotent by name, so a replay may safely enqueue again.
        await sendToIntake(
          deps,
          candidateIds.map((candidateId) => JSON.stringify({ campaignId: campaign.id, batchId: batch.batchId, candidateId })),
        );
        if (result.created) {
          metrics.addMetric('BatchesSubmitted', MetricUnit.Count, 1);
          metrics.addMetric('CandidatesSubmitted', MetricUnit.Count, candidateIds.length);
        }
        const response = {
          batchId: batch.batchId,
          campaignId: batch.campaignId,
          candidates: candidateIds.length,
          replayed: !result.created,
        };
        return result.created ? created(response) : ok(response);
      },
    }),

    'GET /batches': route({
      query: ListQuery,
      handle: async ({ principal, query }) => {
        let batches: BatchRecord[];
        if (principal.orgdept) {
          if (query.township !== undefined) batches = await deps.repos.batches.listByTownship(query.township);
          else if (query.campaignId !== undefined) batches = await deps.repos.batches.listByCampaign(query.campaignId);
          else {
            const campaigns = await deps.repos.campaigns.list();
            batches = (await mapLimit(campaigns, 4, (c) => deps.repos.batches.listByCampaign(c.campaign.id))).flat();
            batches.sort((a, b) => b.submittedAt.localeCompare(a.submittedAt));
          }
        } else {
          const township = requireTownship(principal, query.township);
          batches = await deps.repos.batches.listByTownship(township);
        }
        if (query.campaignId !== undefined) batches = batches.filter((b) => b.campaignId === query.campaignId);
        const campaigns = new Map((await deps.repos.campaigns.list()).map((c) => [c.campaign.id, c.campaign]));
        return ok({
          batches: batches.map((b) => {
            const campaign = campaigns.get(b.campaignId);
            return batchView(b, campaign === undefined ? undefined : townshipNameOf(campaign, b.township));
          }),
        });
      },
    }),

    'GET /batches/{id}': route({
      params: BatchParams,
      handle: async ({ principal, params }) => {
        const batch = await readableBatch(deps, principal, params.id);
        const stored = await loadCampaign(deps, batch.campaignId);
        const policy = policyOf(stored);
        const dossiers = await deps.repos.candidates.listDossiersByBatch(batch.batchId);
        const candidates = await mapLimit(dossiers, 8, async (d) => {
          const [routing, verdicts, decision] = await Promise.all([
            deps.repos.candidates.getRouting(d.candidateId),
            deps.repos.verdicts.listByCandidate(d.candidateId),
            deps.repos.decisions.get(d.candidateId),
          ]);
          const view = decision === undefined ? null : decisionView(policy, decision);
          return {
            candidateId: d.candidateId,
            seq: d.seq,
            name: d.name,
            sex: d.sex,
            birth: d.birth,
            idNumberMasked: maskIdNumber(d.idNumber),
            township: d.township,
            village: d.village,
            post: d.post,
            nominationType: d.nominationType,
            incumbent: d.incumbent,
            progress: progressOf(routedCodes(policy, routing, d), verdicts),
            status: decision?.finalStatus ?? 'reviewing',
            statusLabel: view?.statusLabel ?? '审查中',
            decision: view,
          };
        });
        const report = batch.reportReady ? await deps.repos.progress.getReport(batch.batchId) : undefined;
        return ok({
          batch: batchView(batch, townshipNameOf(stored.campaign, batch.township)),
          candidates,
          checks: report === undefined ? null : { createdAt: report.createdAt, conflicts: report.conflicts, structure: report.structure },
        });
      },
    }),

    'GET /batches/{id}/feedback': route({
      params: BatchParams,
      query: FormatQuery,
      handle: async ({ principal, params, query }) => {
        const batch = await readableBatch(deps, principal, params.id);
        const stored = await loadCampaign(deps, batch.campaignId);
        const policy = policyOf(stored);
        const dossiers = await deps.repos.candidates.listDossiersByBatch(batch.batchId);
        const list = buildFeedbackList({
          batchId: batch.batchId,
          campaignId: batch.campaignId,
          township: townshipNameOf(stored.campaign, batch.township) ?? dossiers[0]?.township ?? batch.township,
          policy,
          candidates: await reportCandidates(deps, dossiers),
          generatedAt: isoNow(deps),
        });
        if (query.format === 'xlsx') {
          return file(await feedbackXlsx(list), XLSX_TYPE, `${list.township}资格联审反馈名单-${batch.batchId}.xlsx`);
        }
        return ok(list);
      },
    }),

    'GET /template': route({
      handle: async () => file(await buildBatchTemplate(), XLSX_TYPE, '资格联审人选名单模板.xlsx'),
    }),
  };
}

export function createBatchesApi(deps: BatchesApiDeps) {
  return httpHandler(batchesRoutes(deps), deps.powertools);
}
