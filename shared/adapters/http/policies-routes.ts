// The policy routes of orgdeptApi: the organization department uploads versions and moves a
// campaign to another version; every signed-in user may read policies (townships and departments
// see the rules they answer to).
import { IdParams } from '../../api/orgdept.js';
import {
  PolicyDetail,
  PolicyDiff,
  PolicyDiffQuery,
  PolicyList,
  PolicyParams,
  PolicyVersionParams,
  PolicyVersions,
  SwitchPolicyRequest,
  SwitchPolicyResponse,
  UploadPolicyRequest,
  UploadPolicyResponse,
} from '../../api/policies.js';
import { listPolicyVersions, policyVersion, policyVersions, uploadPolicy } from '../../app/policies.js';
import { policyDiff, switchPolicy } from '../../app/policy-switch.js';
import { buildPolicyTemplate, policyWorkbook } from '../files/policy-workbook.js';
import { fileReaders } from '../files/uploads.js';
import { powertoolsMetrics } from '../telemetry.js';
import { requireOrgdept } from './auth.js';
import type { ApiDeps } from './deps.js';
import { route, type Routes } from './middleware.js';
import { orRefuse } from './refusals.js';
import { file, reply, XLSX_TYPE } from './responses.js';
import { decodeUpload } from './uploads.js';

export interface PolicyRouteDeps extends ApiDeps {
  /** Department codes with queues in this deployment (DEPARTMENT_CODES); null: any (the local stack). */
  deployedDepartments?: readonly string[] | null;
}

export function policyRoutes(deps: PolicyRouteDeps): Routes {
  const deployment = { deployedDepartments: deps.deployedDepartments ?? null };
  const metered = { ...deps, ...deployment, metrics: powertoolsMetrics(deps.powertools.metrics) };
  return {
    'POST /policies': route({
      body: UploadPolicyRequest,
      handle: async ({ principal, body }) => {
        requireOrgdept(principal);
        const upload = decodeUpload(body.file, 'file');
        const result = orRefuse(await uploadPolicy({ ...deps, ...deployment, files: fileReaders }, { caller: principal, file: upload }));
        return reply(UploadPolicyResponse, result, result.created ? 201 : 200);
      },
    }),

    'GET /policies': route({ handle: async () => reply(PolicyList, await listPolicyVersions(deps)) }),

    // Before GET /policies/{id}: routers that match in order must see the literal first.
    'GET /policies/template': route({
      handle: async () => file(await buildPolicyTemplate(), XLSX_TYPE, '负面清单模板.xlsx'),
    }),

    'GET /policies/{id}': route({
      params: PolicyParams,
      handle: async ({ params }) => reply(PolicyVersions, orRefuse(await policyVersions(deps, params))),
    }),

    'GET /policies/{id}/versions/{version}': route({
      params: PolicyVersionParams,
      handle: async ({ params }) => reply(PolicyDetail, orRefuse(await policyVersion(deps, params))),
    }),

    'GET /policies/{id}/versions/{version}/workbook': route({
      params: PolicyVersionParams,
      handle: async ({ params }) => {
        const { policy } = orRefuse(await policyVersion(deps, params));
        return file(await policyWorkbook(policy), XLSX_TYPE, `${policy.id}-${policy.version}.xlsx`);
      },
    }),

    'GET /campaigns/{id}/policy-diff': route({
      params: IdParams,
      query: PolicyDiffQuery,
      handle: async ({ principal, params, query }) => {
        requireOrgdept(principal);
        return reply(PolicyDiff, orRefuse(await policyDiff(deps, { campaignId: params.id, version: query.version })));
      },
    }),

    'PUT /campaigns/{id}/policy': route({
      params: IdParams,
      body: SwitchPolicyRequest,
      handle: async ({ principal, params, body }) => {
        requireOrgdept(principal);
        const result = orRefuse(await switchPolicy(metered, { caller: principal, campaignId: params.id, ...body }));
        return reply(SwitchPolicyResponse, result);
      },
    }),
  };
}
