// Campaign set-up (served by orgdeptApi): one campaign with its computed schedule, edits, the
// 行政区划 list upload and its template, and the holiday calendar the schedule is counted on.
import {
  CampaignDetail,
  UpdateCampaignRequest,
  UpdateCampaignResponse,
  UploadUnitsRequest,
  UploadUnitsResponse,
} from '../../api/campaigns.js';
import { HolidayList, PutHolidaysRequest, PutHolidaysResponse, YearParams } from '../../api/holidays.js';
import { IdParams } from '../../api/orgdept.js';
import { getCampaign } from '../../app/campaigns.js';
import { listHolidays, putHolidays } from '../../app/holidays.js';
import { updateCampaign } from '../../app/update-campaign.js';
import { uploadUnits } from '../../app/upload-units.js';
import { buildUnitsTemplate } from '../files/template.js';
import { fileReaders } from '../files/uploads.js';
import { requireOrgdept } from './auth.js';
import type { ApiDeps } from './deps.js';
import { route, type Routes } from './middleware.js';
import { orRefuse } from './refusals.js';
import { file, reply, XLSX_TYPE } from './responses.js';
import { decodeUpload } from './uploads.js';

export function campaignSetupRoutes(deps: ApiDeps): Routes {
  const withFiles = { ...deps, files: fileReaders };
  return {
    // Any signed-in user: townships and departments read the schedule too.
    'GET /campaigns/{id}': route({
      params: IdParams,
      handle: async ({ params }) => reply(CampaignDetail, orRefuse(await getCampaign(deps, { campaignId: params.id }))),
    }),

    'PUT /campaigns/{id}': route({
      params: IdParams,
      body: UpdateCampaignRequest,
      handle: async ({ principal, params, body }) => {
        requireOrgdept(principal);
        return reply(
          UpdateCampaignResponse,
          orRefuse(await updateCampaign(deps, { caller: principal, campaignId: params.id, changes: body })),
        );
      },
    }),

    'POST /campaigns/{id}/units': route({
      params: IdParams,
      body: UploadUnitsRequest,
      handle: async ({ principal, params, body }) => {
        requireOrgdept(principal);
        const upload = decodeUpload(body.file, 'file');
        const result = await uploadUnits(withFiles, {
          caller: principal,
          campaignId: params.id,
          file: upload,
          mode: body.mode,
          dryRun: body.dryRun,
        });
        return reply(UploadUnitsResponse, orRefuse(result));
      },
    }),

    'GET /campaigns/units/template': route({
      handle: async () => file(await buildUnitsTemplate(), XLSX_TYPE, '行政区划名单模板.xlsx'),
    }),

    // Any signed-in user: the calendar every deadline is counted on.
    'GET /holidays': route({
      handle: async () => reply(HolidayList, await listHolidays(deps)),
    }),

    'PUT /holidays/{year}': route({
      params: YearParams,
      body: PutHolidaysRequest,
      handle: async ({ principal, params, body }) => {
        requireOrgdept(principal);
        const { file: upload, ...days } = body;
        const input = {
          caller: principal,
          year: params.year,
          ...days,
          ...(upload === undefined ? {} : { file: decodeUpload(upload, 'file') }),
        };
        return reply(PutHolidaysResponse, orRefuse(await putHolidays(withFiles, input)));
      },
    }),
  };
}
