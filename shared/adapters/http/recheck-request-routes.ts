// The routes of the re-check requests (重审申请): the township asks (batchesApi), the organization
// department lists and decides (orgdeptApi). Each parses with the contract and calls one use case.
import { IdParams } from '../../api/orgdept.js';
import {
  RecheckRequestDecisionRequest,
  RecheckRequestList,
  RecheckRequestListQuery,
  RecheckRequestView,
  TownshipRecheckRequest,
} from '../../api/recheck-requests.js';
import { decideRecheckRequest, listRecheckRequests, requestTownshipRecheck } from '../../app/recheck-requests.js';
import type { Executions } from '../../app/ports.js';
import { requireOrgdept, requireTownship } from './auth.js';
import type { ApiDeps } from './deps.js';
import { route, type Routes } from './middleware.js';
import { orRefuse } from './refusals.js';
import { reply } from './responses.js';
import { attachmentOf } from './uploads.js';

export function townshipRecheckRoutes(deps: ApiDeps): Routes {
  return {
    'POST /candidates/{id}/recheck-request': route({
      params: IdParams,
      body: TownshipRecheckRequest,
      handle: async ({ principal, params, body }) => {
        requireTownship(principal);
        const input = { caller: principal, candidateId: params.id, ...body, attachments: body.attachments.map(attachmentOf) };
        return reply(RecheckRequestView, orRefuse(await requestTownshipRecheck(deps, input)), 201);
      },
    }),
  };
}

export function orgdeptRecheckRoutes(deps: ApiDeps & { executions?: Executions }): Routes {
  return {
    'GET /campaigns/{id}/recheck-requests': route({
      params: IdParams,
      query: RecheckRequestListQuery,
      handle: async ({ principal, params, query }) =>
        reply(RecheckRequestList, orRefuse(await listRecheckRequests(deps, { caller: principal, campaignId: params.id, ...query }))),
    }),

    'POST /candidates/{id}/recheck-request/decision': route({
      params: IdParams,
      body: RecheckRequestDecisionRequest,
      handle: async ({ principal, params, body }) => {
        requireOrgdept(principal);
        if (deps.executions === undefined) throw new Error('an approved re-check request needs the state machine (executions)');
        const input = { caller: principal, candidateId: params.id, ...body };
        return reply(RecheckRequestView, orRefuse(await decideRecheckRequest({ ...deps, executions: deps.executions }, input)));
      },
    }),
  };
}
