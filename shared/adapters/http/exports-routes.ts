// The asynchronous exports (POST /exports, GET /exports, GET /exports/{id}), served by batchesApi:
// townships and the organization department both call it, and it holds the uploads bucket.
import { getExport, listExports, requestExport, exportView } from '../../app/exports.js';
import { candidateSheet } from '../../app/sheet.js';
import { IdParams } from '../../api/orgdept.js';
import { CandidateSheet } from '../../api/sheet.js';
import type { ExportJobRepository, ExportQueue, ExportStore, Repositories } from '../../app/ports.js';
import { ExportList, ExportParams, ExportRequest, ExportView } from '../../api/exports.js';
import { ApiError } from './errors.js';
import { route, type Routes } from './middleware.js';
import { orRefuse } from './refusals.js';
import { reply } from './responses.js';

export interface ExportsDeps {
  jobs: ExportJobRepository;
  queue: ExportQueue;
  store: ExportStore;
}

function exportsOf(deps: { exports?: ExportsDeps | undefined }): ExportsDeps {
  if (deps.exports === undefined) throw new ApiError(503, { message: '导出服务未配置', code: 'EXPORTS_UNAVAILABLE' });
  return deps.exports;
}

export function exportsRoutes(deps: {
  repos: Repositories;
  now: () => Date;
  exports?: ExportsDeps | undefined;
  reviewerNames?: ((departments: readonly string[]) => Promise<ReadonlyMap<string, string>>) | undefined;
}): Routes {
  return {
    'POST /exports': route({
      body: ExportRequest,
      handle: async ({ principal, body }) => {
        const x = exportsOf(deps);
        const input = {
          caller: principal,
          kind: body.kind,
          scope: body.scope,
          ...(body.fullIds === undefined ? {} : { fullIds: body.fullIds }),
        };
        const job = orRefuse(await requestExport({ ...x, repos: deps.repos, now: deps.now }, input));
        return reply(ExportView, await exportView({ store: x.store, now: deps.now }, job), 201);
      },
    }),
    'GET /exports': route({
      handle: async ({ principal }) =>
        reply(ExportList, { exports: await listExports({ ...exportsOf(deps), now: deps.now }, { caller: principal }) }),
    }),
    'GET /exports/{id}': route({
      params: ExportParams,
      handle: async ({ principal, params }) =>
        reply(ExportView, orRefuse(await getExport({ ...exportsOf(deps), now: deps.now }, { caller: principal, jobId: params.id }))),
    }),
    // 资格审查表: small (one candidate), so it is answered at once; the portal prints it.
    'GET /candidates/{id}/sheet': route({
      params: IdParams,
      handle: async ({ principal, params }) =>
        reply(CandidateSheet, orRefuse(await candidateSheet(deps, { caller: principal, candidateId: params.id }))),
    }),
  };
}
