// The routes of the review's process around the joint review: the township's first review of a
// draft and its send to the county (batchesApi), and the secretary filings (orgdeptApi).
import { BatchParams } from '../../api/batches.js';
import { IdParams } from '../../api/orgdept.js';
import {
  DiscardDraftResponse,
  FilingList,
  FilingRequest,
  FilingResponse,
  FirstReviewRequest,
  FirstReviewResponse,
  FirstReviewSheet,
  SendDraftResponse,
} from '../../api/process.js';
import { discardDraft } from '../../app/discard-draft.js';
import { decideFiling, listFilings } from '../../app/filings.js';
import { firstReviewSheet, recordFirstReview, sendDraft, type SendDeps } from '../../app/first-review.js';
import { FILING_LABEL, filingStatus } from '../../domain/process.js';
import { requireOrgdept, requireTownship } from './auth.js';
import type { ApiDeps } from './deps.js';
import { route, type Routes } from './middleware.js';
import { orRefuse } from './refusals.js';
import { reply } from './responses.js';

export function firstReviewRoutes(deps: SendDeps): Routes {
  return {
    'GET /batches/{id}/first-review': route({
      params: BatchParams,
      handle: async ({ principal, params }) => {
        requireTownship(principal);
        return reply(FirstReviewSheet, orRefuse(await firstReviewSheet(deps, { caller: principal, batchId: params.id })));
      },
    }),

    'POST /batches/{id}/first-review': route({
      params: BatchParams,
      body: FirstReviewRequest,
      handle: async ({ principal, params, body }) => {
        requireTownship(principal);
        const { stage } = orRefuse(await recordFirstReview(deps, { caller: principal, batchId: params.id, entries: body.entries }));
        const entries = stage.firstReview?.entries ?? [];
        return reply(FirstReviewResponse, {
          batchId: stage.batchId,
          firstReviewedBy: stage.firstReview?.by ?? principal.userId,
          firstReviewedAt: stage.firstReview?.at ?? '',
          passed: entries.filter((e) => e.result === 'pass').length,
          failed: entries.filter((e) => e.result === 'fail').length,
        });
      },
    }),

    'POST /batches/{id}/submit': route({
      params: BatchParams,
      handle: async ({ principal, params }) => {
        requireTownship(principal);
        const out = orRefuse(await sendDraft(deps, { caller: principal, batchId: params.id }));
        return reply(SendDraftResponse, {
          batchId: out.batch.batchId,
          replayed: out.kind === 'replayed',
          submittedBy: out.stage.submittedBy ?? principal.userId,
          submittedAt: out.stage.submittedAt ?? '',
          sent: out.sent.length,
          held: out.held.length,
        });
      },
    }),

    'POST /batches/{id}/discard': route({
      params: BatchParams,
      handle: async ({ principal, params }) => {
        requireTownship(principal);
        const out = orRefuse(await discardDraft(deps, { caller: principal, batchId: params.id }));
        return reply(DiscardDraftResponse, {
          batchId: out.stage.batchId,
          replayed: out.kind === 'replayed',
          status: 'discarded',
          label: out.label,
          discardedBy: out.stage.discardedBy ?? principal.userId,
          discardedAt: out.stage.discardedAt ?? '',
          released: out.released,
        });
      },
    }),
  };
}

export function filingRoutes(deps: ApiDeps): Routes {
  return {
    'POST /candidates/{id}/filing': route({
      params: IdParams,
      body: FilingRequest,
      handle: async ({ principal, params, body }) => {
        requireOrgdept(principal);
        const input = { caller: principal, candidateId: params.id, decision: body.decision, note: body.note };
        const { filing } = orRefuse(await decideFiling(deps, input));
        const status = filingStatus('党组织书记', filing) ?? 'pending';
        return reply(FilingResponse, { ...filing, status, statusLabel: FILING_LABEL[status] }, 201);
      },
    }),

    'GET /campaigns/{id}/filings': route({
      params: IdParams,
      handle: async ({ principal, params }) => {
        requireOrgdept(principal);
        return reply(FilingList, orRefuse(await listFilings(deps, { caller: principal, campaignId: params.id })));
      },
    }),
  };
}
