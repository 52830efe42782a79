// Department record extracts: a department uploads what it knows about people (only its own
// records), the checker answers from it. Also: which extract is active, and the template's policy.
import { chinaToday } from '../domain/idcard.js';
import type { ImportError } from '../domain/import/errors.js';
import { compactText } from '../domain/import/normalize.js';
import type { RecordsResult } from '../domain/import/records.js';
import type { Department, Policy } from '../domain/model.js';
import { findDepartment, loadCampaign, policyOf, type MeteredDeps, type UseCaseDeps } from './common.js';
import { METRIC, type FileReaders, type Repositories, type StoredCampaign, type UploadedFile } from './ports.js';
import { conflict, isRefusal, notFound, rejected, type Refusal } from './refusals.js';
import { extractView } from './views.js';

/** The campaign named, or (for a department-wide extract) the newest one, whose policy validates it. */
async function campaignFor(repos: Repositories, campaignId: string | undefined): Promise<StoredCampaign | Refusal> {
  if (campaignId !== undefined) return loadCampaign(repos, campaignId);
  const [newest] = await repos.campaigns.list();
  return newest ?? conflict('尚未创建换届工作，暂不能上传记录');
}

function departmentIn(policy: Policy, code: string): Department | Refusal {
  return findDepartment(policy, code) ?? notFound('该换届工作的政策中没有这个部门');
}

/**
 * Validates with a policy that lists only this department, so a row naming any other unit is
 * refused at its own row and column; the message then says whose row it is.
 */
export async function parseOwnRecords(
  files: FileReaders,
  input: UploadedFile & { today: string },
  policy: Policy,
  department: Department,
): Promise<RecordsResult> {
  const result = await files.records(input, { ...policy, departments: [department] });
  if (result.ok) return result;
  const otherNames = new Map(policy.departments.map((d) => [compactText(d.name), d.name]));
  const errors: ImportError[] = result.errors.map((e) => {
    if (e.code !== 'DEPARTMENT_UNKNOWN') return e;
    const other = otherNames.get(compactText(e.value));
    return other === undefined
      ? { ...e, message: `“部门”应填本部门名称“${department.name}”。` }
      : { ...e, code: 'DEPARTMENT_MISMATCH', message: `只能上传本部门（${department.name}）的记录，此行属于“${other}”。` };
  });
  return { ok: false, errors };
}

export async function uploadExtract(
  deps: MeteredDeps & { files: FileReaders },
  input: { department: string; campaignId?: string; file: UploadedFile; uploadedBy: string },
) {
  const stored = await campaignFor(deps.repos, input.campaignId);
  if (isRefusal(stored)) return stored;
  const policy = await policyOf(deps.repos, stored);
  const department = departmentIn(policy, input.department);
  if (isRefusal(department)) return department;
  const now = deps.now();
  const parsed = await parseOwnRecords(deps.files, { ...input.file, today: chinaToday(now) }, policy, department);
  if (!parsed.ok) return rejected('记录文件校验未通过，请按提示逐项修改后重新上传，原有记录未被替换', parsed.errors);
  const summary = await deps.repos.extracts.replace({
    department: input.department,
    ...(input.campaignId === undefined ? {} : { campaignId: input.campaignId }),
    rows: parsed.rows,
    filename: input.file.filename,
    uploadedBy: input.uploadedBy,
    uploadedAt: now.toISOString(),
  });
  const byCategory: Record<string, number> = {};
  for (const row of parsed.rows) byCategory[row.category] = (byCategory[row.category] ?? 0) + 1;
  deps.metrics.count(METRIC.ExtractsUploaded);
  return { extract: extractView(summary), byCategory, noRecords: parsed.rows.length === 0 };
}

/** The extract that applies to a campaign for one department (the campaign's own, else the department-wide one). */
export async function activeExtract(deps: Pick<UseCaseDeps, 'repos'>, input: { department: string; campaignId?: string }) {
  const stored = await campaignFor(deps.repos, input.campaignId);
  if (isRefusal(stored)) return stored;
  const department = departmentIn(await policyOf(deps.repos, stored), input.department);
  if (isRefusal(department)) return department;
  const summary = await deps.repos.extracts.getActive(input.department, stored.campaign.id);
  return { campaignId: stored.campaign.id, extract: summary === undefined ? null : extractView(summary) };
}

/** What the department's extract template is built from: the policy, restricted to that department. */
export async function extractTemplatePolicy(
  deps: Pick<UseCaseDeps, 'repos'>,
  input: { department: string; campaignId?: string },
): Promise<{ policy: Policy; department: Department } | Refusal> {
  const stored = await campaignFor(deps.repos, input.campaignId);
  if (isRefusal(stored)) return stored;
  const policy = await policyOf(deps.repos, stored);
  const department = departmentIn(policy, input.department);
  if (isRefusal(department)) return department;
  return { policy: { ...policy, departments: [department] }, department };
}
