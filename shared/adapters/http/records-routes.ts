// recordsApi: a department uploads its record extract (what it knows about people), used by the
// checker to answer automatically. Only that department's own records are accepted.
import { ActiveExtractResponse, CampaignQuery, DepartmentParams, UploadRecordsRequest, UploadRecordsResponse } from '../../api/records.js';
import { activeExtract, extractTemplatePolicy, uploadExtract } from '../../app/extracts.js';
import { buildRecordsTemplate } from '../files/template.js';
import { fileReaders } from '../files/uploads.js';
import { powertoolsMetrics } from '../telemetry.js';
import { requireDepartment } from './auth.js';
import type { ApiDeps } from './deps.js';
import { httpHandler, route, type Routes } from './middleware.js';
import { orRefuse } from './refusals.js';
import { file, reply, XLSX_TYPE } from './responses.js';
import { resolveUpload } from './uploads.js';

export type RecordsApiDeps = ApiDeps;

export function recordsRoutes(deps: RecordsApiDeps): Routes {
  const uploadDeps = { ...deps, metrics: powertoolsMetrics(deps.powertools.metrics), files: deps.files ?? fileReaders };
  return {
    'POST /departments/{code}/records': route({
      params: DepartmentParams,
      body: UploadRecordsRequest,
      handle: async ({ principal, params, body }) => {
        const department = requireDepartment(principal, params.code);
        const upload = await resolveUpload(body, '', { uploads: deps.uploads, caller: principal });
        const input = { department, file: upload, uploadedBy: principal.userId };
        const outcome = await uploadExtract(uploadDeps, body.campaignId === undefined ? input : { ...input, campaignId: body.campaignId });
        return reply(UploadRecordsResponse, orRefuse(outcome), 201);
      },
    }),

    'GET /departments/{code}/records': route({
      params: DepartmentParams,
      query: CampaignQuery,
      handle: async ({ principal, params, query }) => {
        const department = principal.orgdept ? params.code : requireDepartment(principal, params.code);
        return reply(ActiveExtractResponse, orRefuse(await activeExtract(deps, { department, ...query })));
      },
    }),

    'GET /departments/{code}/records/template': route({
      params: DepartmentParams,
      query: CampaignQuery,
      handle: async ({ principal, params, query }) => {
        const department = requireDepartment(principal, params.code);
        const template = orRefuse(await extractTemplatePolicy(deps, { department, ...query }));
        return file(await buildRecordsTemplate(template.policy), XLSX_TYPE, `${template.department.name}记录提取模板.xlsx`);
      },
    }),
  };
}

export function createRecordsApi(deps: RecordsApiDeps) {
  return httpHandler(recordsRoutes(deps), deps.powertools);
}
