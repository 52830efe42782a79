// 公示 periods, objections and duplicates: the organization department's routes (orgdeptApi) and
// the batch's publicity view (batchesApi, the township and the organization department).
import { IdParams } from '../../api/orgdept.js';
import {
  BatchPublicity,
  DuplicateList,
  DuplicateResolutionRequest,
  DuplicateResolutionResponse,
  ObjectionOutcomeRequest,
  ObjectionOutcomeResponse,
  ObjectionParams,
  ObjectionRequest,
  ObjectionResponse,
  OpenPublicityRequest,
  OpenPublicityResponse,
  PublicityList,
} from '../../api/publicity.js';
import { batchPublicity, listDuplicates, resolveDuplicate } from '../../app/duplicates.js';
import { recordObjection, recordObjectionOutcome } from '../../app/objections.js';
import type { Executions } from '../../app/ports.js';
import { openPublicity, publicityPeriods } from '../../app/publicity.js';
import { objectionLabel } from '../../domain/publicity.js';
import type { PrintedPeriod } from '../files/publicity-html.js';
import { requireOrgdept } from './auth.js';
import type { ApiDeps } from './deps.js';
import { route, type Routes } from './middleware.js';
import { orRefuse } from './refusals.js';
import { powertoolsLog, powertoolsMetrics } from '../telemetry.js';
import { reply } from './responses.js';

/** The campaign's periods as the printed 公示 list needs them. */
export async function printedPeriods(deps: ApiDeps, campaignId: string): Promise<PrintedPeriod[]> {
  return orRefuse(await publicityPeriods(deps, { campaignId })).map((p) => ({
    startDate: p.startDate,
    endDate: p.endDate,
    candidateIds: p.candidateIds,
    removed: p.candidates.filter((c) => c.status === 'removed').map((c) => c.candidateId),
  }));
}

export function publicityRoutes(deps: ApiDeps & { executions?: Executions }): Routes {
  const periodsOf = async (campaignId: string) => orRefuse(await publicityPeriods(deps, { campaignId }));
  return {
    'POST /campaigns/{id}/publicity': route({
      params: IdParams,
      body: OpenPublicityRequest,
      handle: async ({ principal, params, body }) => {
        requireOrgdept(principal);
        const { period } = orRefuse(await openPublicity(deps, { caller: principal, campaignId: params.id, ...body }));
        const view = (await periodsOf(params.id)).find((p) => p.periodId === period.periodId);
        if (view === undefined) throw new Error('a period just opened is not listed');
        return reply(OpenPublicityResponse, { period: view }, 201);
      },
    }),

    'GET /campaigns/{id}/publicity': route({
      params: IdParams,
      handle: async ({ principal, params }) => {
        requireOrgdept(principal);
        return reply(PublicityList, { periods: await periodsOf(params.id) });
      },
    }),

    'POST /candidates/{id}/objections': route({
      params: IdParams,
      body: ObjectionRequest,
      handle: async ({ principal, params, body }) => {
        requireOrgdept(principal);
        const { objection } = orRefuse(await recordObjection(deps, { caller: principal, candidateId: params.id, ...body }));
        return reply(ObjectionResponse, { objection: { ...objection, statusLabel: objectionLabel(objection) } }, 201);
      },
    }),

    'POST /candidates/{id}/objections/{seq}/outcome': route({
      params: ObjectionParams,
      body: ObjectionOutcomeRequest,
      handle: async ({ principal, params, body }) => {
        requireOrgdept(principal);
        if (deps.executions === undefined) throw new Error('objection outcomes need the state machine (executions)');
        const input = { caller: principal, candidateId: params.id, seq: params.seq, ...body };
        const { objection, recheckStarted } = orRefuse(await recordObjectionOutcome({ ...deps, executions: deps.executions }, input));
        return reply(ObjectionOutcomeResponse, { objection: { ...objection, statusLabel: objectionLabel(objection) }, recheckStarted });
      },
    }),

    'GET /campaigns/{id}/duplicates': route({
      params: IdParams,
      handle: async ({ principal, params }) => {
        requireOrgdept(principal);
        return reply(DuplicateList, orRefuse(await listDuplicates(deps, { caller: principal, campaignId: params.id })));
      },
    }),

    'POST /candidates/{id}/duplicate/resolution': route({
      params: IdParams,
      body: DuplicateResolutionRequest,
      handle: async ({ principal, params, body }) => {
        requireOrgdept(principal);
        if (deps.executions === undefined) throw new Error('setting a duplicate aside needs the state machine (executions)');
        const stopDeps = {
          ...deps,
          executions: deps.executions,
          metrics: powertoolsMetrics(deps.powertools.metrics),
          log: powertoolsLog(deps.powertools.logger),
        };
        const { duplicate } = orRefuse(await resolveDuplicate(stopDeps, { caller: principal, candidateId: params.id, ...body }));
        return reply(DuplicateResolutionResponse, { duplicate });
      },
    }),
  };
}

export function batchPublicityRoutes(deps: ApiDeps): Routes {
  return {
    'GET /batches/{id}/publicity': route({
      params: IdParams,
      handle: async ({ principal, params }) => {
        return reply(BatchPublicity, orRefuse(await batchPublicity(deps, { caller: principal, batchId: params.id })));
      },
    }),
  };
}
