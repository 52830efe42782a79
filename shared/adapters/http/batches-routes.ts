// batchesApi: township offices submit batches and follow them; the organization department reads all.
import type { SQSClient } from '@aws-sdk/client-sqs';
import { batchDetail, listBatches, type BatchScope } from '../../app/batches.js';
import { checkBatch } from '../../app/check-batch.js';
import { batchFeedback } from '../../app/feedback.js';
import { openDispute } from '../../app/open-dispute.js';
import { replaceCandidate } from '../../app/replace-candidate.js';
import { withdrawCandidate } from '../../app/withdraw-candidate.js';
import type { Executions } from '../../app/ports.js';
import { submitBatch } from '../../app/submit-batch.js';
import { disputeLabel, WITHDRAWN_LABEL } from '../../domain/review-changes.js';
import { ReplaceRequest, ReplaceResponse, WithdrawRequest, WithdrawResponse } from '../../api/changes.js';
import { DisputeRequest, DisputeResponse } from '../../api/disputes.js';
import { IdParams } from '../../api/orgdept.js';
import { UploadTicket, UploadTicketRequest } from '../../api/common.js';
import { newBatchId } from '../../domain/ids.js';
import {
  BatchCheck,
  BatchDetail,
  BatchList,
  BatchListQuery,
  BatchParams,
  FeedbackList,
  FormatQuery,
  SubmitBatchRequest,
  SubmitBatchResponse,
} from '../../api/batches.js';
import { feedbackXlsx } from '../files/feedback-xlsx.js';
import { buildBatchTemplate } from '../files/template.js';
import { fileReaders } from '../files/uploads.js';
import { sqsIntakeQueue } from '../sqs/intake-queue.js';
import { powertoolsLog, powertoolsMetrics } from '../telemetry.js';
import { requireTownship } from './auth.js';
import type { ApiDeps } from './deps.js';
import { badRequest } from './errors.js';
import { httpHandler, route, type Routes } from './middleware.js';
import { orRefuse } from './refusals.js';
import { file, reply, XLSX_TYPE } from './responses.js';
import { attachmentOf, resolveUpload } from './uploads.js';
import { batchPublicityRoutes } from './publicity-routes.js';
import { issueUploadTicket } from '../../app/uploads.js';
import { firstReviewRoutes } from './process-routes.js';
import { exportsRoutes, type ExportsDeps } from './exports-routes.js';
import { townshipRecheckRoutes } from './recheck-request-routes.js';

export interface BatchesApiDeps extends ApiDeps {
  sqs: SQSClient;
  intakeQueueUrl: string;
  /** The candidate-review state machine: a withdrawal stops the candidate's running reviews. */
  executions?: Executions;
  /** A fresh batch id (used only when the idempotency key is new). */
  newBatchId?: () => string;
  /** The asynchronous exports (job records, the export queue, the file store). */
  exports?: ExportsDeps;
  /** The departments' reviewers by name, for the 资格审查表 (absent: the sheet shows account ids). */
  reviewerNames?: (departments: readonly string[]) => Promise<ReadonlyMap<string, string>>;
}

const IDEMPOTENCY_KEY = /^[A-Za-z0-9._:-]{8,128}$/;

function idempotencyKey(headers: Readonly<Record<string, string | undefined>>): string {
  const key = headers['idempotency-key']?.trim();
  if (key === undefined || key === '') {
    throw badRequest('缺少 Idempotency-Key 请求头：重复提交同一文件时用它识别同一批次', { field: 'Idempotency-Key', in: 'header' });
  }
  if (!IDEMPOTENCY_KEY.test(key)) {
    throw badRequest('Idempotency-Key 请求头格式有误：应为 8 至 128 位字母、数字或 ._:-', { field: 'Idempotency-Key', in: 'header' });
  }
  return key;
}

function executionsOf(deps: BatchesApiDeps): Executions {
  if (deps.executions === undefined) throw new Error('withdrawals need the state machine (executions)');
  return deps.executions;
}

export function batchesRoutes(deps: BatchesApiDeps): Routes {
  const submitDeps = {
    ...deps,
    metrics: powertoolsMetrics(deps.powertools.metrics),
    files: deps.files ?? fileReaders,
    intake: sqsIntakeQueue(deps.sqs, deps.intakeQueueUrl),
    newBatchId: deps.newBatchId ?? newBatchId,
    log: powertoolsLog(deps.powertools.logger),
  };
  return {
    'POST /uploads': route({
      body: UploadTicketRequest,
      handle: async ({ principal, body }) =>
        reply(
          UploadTicket,
          orRefuse(await issueUploadTicket({ uploads: deps.uploads, now: deps.now }, { caller: principal, bytes: body.bytes })),
          201,
        ),
    }),
    'POST /batches/check': route({
      body: SubmitBatchRequest,
      handle: async ({ principal, body }) => {
        const township = requireTownship(principal);
        const files = { uploads: deps.uploads, caller: principal };
        const relatives = body.relatives === undefined ? undefined : await resolveUpload(body.relatives, 'relatives', files);
        const check = await checkBatch(submitDeps, {
          township,
          campaignId: body.campaignId,
          candidates: await resolveUpload(body.candidates, 'candidates', files),
          ...(relatives === undefined ? {} : { relatives }),
          ...(body.kind === undefined ? {} : { kind: body.kind }),
        });
        return reply(BatchCheck, orRefuse(check));
      },
    }),
    'POST /batches': route({
      body: SubmitBatchRequest,
      handle: async ({ principal, body, headers }) => {
        const township = requireTownship(principal);
        const key = idempotencyKey(headers);
        const files = { uploads: deps.uploads, caller: principal };
        const candidates = await resolveUpload(body.candidates, 'candidates', files);
        const relatives = body.relatives === undefined ? undefined : await resolveUpload(body.relatives, 'relatives', files);
        const outcome = orRefuse(
          await submitBatch(submitDeps, {
            caller: principal,
            township,
            idempotencyKey: key,
            campaignId: body.campaignId,
            candidates,
            ...(relatives === undefined ? {} : { relatives }),
            ...(body.draft === undefined ? {} : { draft: body.draft }),
            ...(body.kind === undefined ? {} : { kind: body.kind }),
          }),
        );
        const { batch, candidateIds } = outcome;
        const response = {
          batchId: batch.batchId,
          campaignId: batch.campaignId,
          candidates: candidateIds.length,
          replayed: outcome.kind === 'replayed',
        };
        return reply(SubmitBatchResponse, response, outcome.kind === 'created' ? 201 : 200);
      },
    }),

    'GET /batches': route({
      query: BatchListQuery,
      handle: async ({ principal, query }) => {
        const scope: BatchScope = principal.orgdept
          ? { kind: 'orgdept', ...query }
          : {
              kind: 'township',
              township: requireTownship(principal, query.township),
              ...(query.campaignId === undefined ? {} : { campaignId: query.campaignId }),
            };
        return reply(BatchList, await listBatches(deps, scope));
      },
    }),

    'GET /batches/{id}': route({
      params: BatchParams,
      handle: async ({ principal, params }) =>
        reply(BatchDetail, orRefuse(await batchDetail(deps, { caller: principal, batchId: params.id }))),
    }),

    'GET /batches/{id}/feedback': route({
      params: BatchParams,
      query: FormatQuery,
      handle: async ({ principal, params, query }) => {
        const list = orRefuse(await batchFeedback(deps, { caller: principal, batchId: params.id }));
        if (query.format === 'json') return reply(FeedbackList, list);
        return file(await feedbackXlsx(list), XLSX_TYPE, `资格联审反馈名单-${list.batchName ?? `${list.township}-${list.batchId}`}.xlsx`);
      },
    }),

    'GET /template': route({
      handle: async () => file(await buildBatchTemplate(), XLSX_TYPE, '资格联审人选名单模板.xlsx'),
    }),

    'POST /candidates/{id}/withdraw': route({
      params: IdParams,
      body: WithdrawRequest,
      handle: async ({ principal, params, body }) => {
        requireTownship(principal);
        const input = { caller: principal, candidateId: params.id, reason: body.reason };
        const result = orRefuse(await withdrawCandidate({ ...submitDeps, executions: executionsOf(deps) }, input));
        return reply(WithdrawResponse, { ...result, withdrawal: { ...result.withdrawal, statusLabel: WITHDRAWN_LABEL } });
      },
    }),

    'POST /candidates/{id}/replacement': route({
      params: IdParams,
      body: ReplaceRequest,
      handle: async ({ principal, params, body, headers }) => {
        requireTownship(principal);
        const files = { uploads: deps.uploads, caller: principal };
        const relatives = body.relatives === undefined ? undefined : await resolveUpload(body.relatives, 'relatives', files);
        const input = {
          caller: principal,
          candidateId: params.id,
          reason: body.reason,
          idempotencyKey: idempotencyKey(headers),
          candidates: await resolveUpload(body.candidates, 'candidates', files),
          ...(relatives === undefined ? {} : { relatives }),
        };
        const result = orRefuse(await replaceCandidate({ ...submitDeps, executions: executionsOf(deps) }, input));
        const status = result.replayed ? 200 : 201;
        return reply(ReplaceResponse, { ...result, withdrawal: { ...result.withdrawal, statusLabel: WITHDRAWN_LABEL } }, status);
      },
    }),

    'POST /candidates/{id}/dispute': route({
      params: IdParams,
      body: DisputeRequest,
      handle: async ({ principal, params, body }) => {
        const attachments = body.attachments.map(attachmentOf);
        const { dispute } = orRefuse(
          await openDispute(deps, { caller: principal, candidateId: params.id, reason: body.reason, attachments }),
        );
        return reply(DisputeResponse, { dispute: { ...dispute, statusLabel: disputeLabel(dispute) } }, 201);
      },
    }),

    ...firstReviewRoutes(submitDeps),
    ...batchPublicityRoutes(deps),
    ...exportsRoutes(deps),
    ...townshipRecheckRoutes(deps),
  };
}

export function createBatchesApi(deps: BatchesApiDeps) {
  return httpHandler(batchesRoutes(deps), deps.powertools);
}
