// recordsApi: a department uploads its record extract (what it knows about people), used by the
// checker to answer automatically. Only that department's own records are accepted.
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { z } from 'zod';
import { parseRecords } from '../files/uploads.js';
import { compactText } from '../../domain/import/normalize.js';
import { buildRecordsTemplate } from '../files/template.js';
import { chinaToday } from '../../domain/idcard.js';
import type { ImportError } from '../../domain/import/errors.js';
import type { Department, Policy } from '../../domain/model.js';
import type { ExtractSummary, StoredCampaign } from '../repositories.js';
import { requireDepartment } from './auth.js';
import { findDepartment, loadCampaign, policyOf, type ApiDeps } from './deps.js';
import { conflict, importRejected, notFound } from './errors.js';
import { httpHandler, route, type Routes } from './middleware.js';
import { created, file, ok, XLSX_TYPE } from './responses.js';
import { decodeUpload, FileUpload } from './uploads.js';

export type RecordsApiDeps = ApiDeps;

const DeptParams = z.object({ code: z.string().regex(/^[a-z][a-z0-9-]{1,39}$/) });
const UploadBody = FileUpload.extend({ campaignId: z.string().min(1).max(64).optional() });
const CampaignQuery = z.object({ campaignId: z.string().min(1).max(64).optional() });

/** The campaign named, or (for a department-wide extract) the newest one, whose policy validates it. */
async function campaignFor(deps: ApiDeps, campaignId: string | undefined): Promise<StoredCampaign> {
  if (campaignId !== undefined) return loadCampaign(deps, campaignId);
  const [newest] = await deps.repos.campaigns.list();
  if (newest === undefined) throw conflict('尚未创建换届工作，暂不能上传记录');
  return newest;
}

function departmentOf(policy: Policy, code: string): Department {
  const department = findDepartment(policy, code);
  if (department === undefined) throw notFound('该换届工作的政策中没有这个部门');
  return department;
}

/**
 * Validates with a policy that lists only this department, so a row naming any other unit is
 * refused at its own row and column; the message then says whose row it is.
 */
export async function parseOwnRecords(
  input: { bytes: Uint8Array; filename: string; today: string },
  policy: Policy,
  department: Department,
) {
  const result = await parseRecords(input, { ...policy, departments: [department] });
  if (result.ok) return result;
  const otherNames = new Map(policy.departments.map((d) => [compactText(d.name), d.name]));
  const errors: ImportError[] = result.errors.map((e) => {
    if (e.code !== 'DEPARTMENT_UNKNOWN') return e;
    const other = otherNames.get(compactText(e.value));
    return other === undefined
      ? { ...e, message: `“部门”应填本部门名称“${department.name}”。` }
      : { ...e, code: 'DEPARTMENT_MISMATCH', message: `只能上传本部门（${department.name}）的记录，此行属于“${other}”。` };
  });
  return { ok: false as const, errors };
}

function summaryView(summary: ExtractSummary) {
  return {
    department: summary.department,
    campaignId: summary.campaignId ?? null,
    generation: summary.generation,
    rows: summary.rows,
    persons: summary.persons,
    filename: summary.filename,
    uploadedBy: summary.uploadedBy,
    uploadedAt: summary.uploadedAt,
  };
}

export function recordsRoutes(deps: RecordsApiDeps): Routes {
  return {
    'POST /departments/{code}/records': route({
      params: DeptParams,
      body: UploadBody,
      handle: async ({ principal, params, body, metrics }) => {
        const code = requireDepartment(principal, params.code);
        const stored = await campaignFor(deps, body.campaignId);
        const policy = policyOf(stored);
        const department = departmentOf(policy, code);
        const upload = decodeUpload(body, '');
        const now = deps.now();
        const parsed = await parseOwnRecords({ ...upload, today: chinaToday(now) }, policy, department);
        if (!parsed.ok) throw importRejected('记录文件校验未通过，请按提示逐项修改后重新上传，原有记录未被替换', parsed.errors);
        const summary = await deps.repos.extracts.replace({
          department: code,
          ...(body.campaignId === undefined ? {} : { campaignId: body.campaignId }),
          rows: parsed.rows,
          filename: upload.filename,
          uploadedBy: principal.userId,
          uploadedAt: now.toISOString(),
        });
        const byCategory: Record<string, number> = {};
        for (const row of parsed.rows) byCategory[row.category] = (byCategory[row.category] ?? 0) + 1;
        metrics.addMetric('ExtractsUploaded', MetricUnit.Count, 1);
        return created({ extract: summaryView(summary), byCategory, noRecords: parsed.rows.length === 0 });
      },
    }),

    'GET /departments/{code}/records': route({
      params: DeptParams,
      query: CampaignQuery,
      handle: async ({ principal, params, query }) => {
        const code = principal.orgdept ? params.code : requireDepartment(principal, params.code);
        const stored = await campaignFor(deps, query.campaignId);
        departmentOf(policyOf(stored), code);
        const summary = await deps.repos.extracts.getActive(code, stored.campaign.id);
        return ok({ campaignId: stored.campaign.id, extract: summary === undefined ? null : summaryView(summary) });
      },
    }),

    'GET /departments/{code}/records/template': route({
      params: DeptParams,
      query: CampaignQuery,
      handle: async ({ principal, params, query }) => {
        const code = requireDepartment(principal, params.code);
        const stored = await campaignFor(deps, query.campaignId);
        const policy = policyOf(stored);
        const department = departmentOf(policy, code);
        return file(await buildRecordsTemplate({ ...policy, departments: [department] }), XLSX_TYPE, `${department.name}记录提取模板.xlsx`);
      },
    }),
  };
}

export function createRecordsApi(deps: RecordsApiDeps) {
  return httpHandler(recordsRoutes(deps), deps.powertools);
}
