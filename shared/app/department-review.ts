// A department's review settings in a campaign (谁审查谁负责): whether answers with findings wait
// for an approver, who approves, and which record sources its reviewers tick. The department sets
// them itself; once sign-off is on, only an approver (or the organization department) may change
// them, so a reviewer cannot switch off the check on their own answers. Every change is an event on
// the department's chain.
import { departmentChainId } from '../domain/ids.js';
import { APPROVERS_MAX, DepartmentReview, SOURCE_MAX, SOURCES_MAX } from '../domain/sign-off.js';
import { departmentOf, type Caller } from './access.js';
import { enabledReviewers } from './accounts/reviewers.js';
import { actorOf, findDepartment, loadCampaign, policyOf, type UseCaseDeps } from './common.js';
import type { IdentityProvider } from './ports.js';
import { departmentAccounts } from './orgdept-reviewer.js';
import { conflict, forbidden, invalid, isRefusal, notFound, type Refusal } from './refusals.js';
import { departmentName } from './reports/labels.js';

export interface DepartmentReviewInput {
  signOff: boolean;
  approvers: string[];
  sources: string[];
  /** The version the editor read (0: none was set). */
  version: number;
}

export interface DepartmentReviewView {
  campaignId: string;
  department: string;
  departmentName: string;
  signOff: boolean;
  approvers: Array<{ username: string; displayName: string | null }>;
  sources: string[];
  version: number;
  updatedBy: string | null;
  updatedAt: string | null;
  /** Whether the caller may change the settings now. */
  editable: boolean;
}

type Deps = UseCaseDeps & { identity: IdentityProvider };

function mayEdit(caller: Caller, department: string, stored: DepartmentReview | undefined): boolean {
  if (caller.orgdept) return true;
  if (!caller.departments.includes(department)) return false;
  return stored?.signOff !== true || stored.approvers.includes(caller.username);
}

/** The names the department's accounts go by; none where an external provider keeps them. */
async function accountNames(deps: Deps, department: string): Promise<Map<string, string> | undefined> {
  if (deps.identity.kind === 'external') return undefined;
  const accounts = enabledReviewers(await departmentAccounts(deps.identity.admin, deps.repos.policies, department));
  return new Map(accounts.map((a) => [a.username, a.displayName]));
}

async function context(deps: Deps, caller: Caller, campaignId: string, department: string) {
  if (!caller.orgdept) {
    const own = departmentOf(caller, department);
    if (typeof own !== 'string') return own;
  }
  const campaign = await loadCampaign(deps.repos, campaignId);
  if (isRefusal(campaign)) return campaign;
  const policy = await policyOf(deps.repos, campaign);
  if (findDepartment(policy, department) === undefined) return notFound('本次换届的审查部门中没有该部门');
  return { name: departmentName(policy, department) };
}

function view(
  campaignId: string,
  department: string,
  name: string,
  stored: DepartmentReview | undefined,
  names: Map<string, string> | undefined,
  editable: boolean,
): DepartmentReviewView {
  return {
    campaignId,
    department,
    departmentName: name,
    signOff: stored?.signOff ?? false,
    approvers: (stored?.approvers ?? []).map((username) => ({ username, displayName: names?.get(username) ?? null })),
    sources: stored?.sources ?? [],
    version: stored?.version ?? 0,
    updatedBy: stored?.updatedBy ?? null,
    updatedAt: stored?.updatedAt ?? null,
    editable,
  };
}

export async function getDepartmentReview(
  deps: Deps,
  input: { caller: Caller; campaignId: string; department: string },
): Promise<DepartmentReviewView | Refusal> {
  const ctx = await context(deps, input.caller, input.campaignId, input.department);
  if (isRefusal(ctx)) return ctx;
  const stored = await deps.repos.process.departmentReview(input.campaignId, input.department);
  const names = await accountNames(deps, input.department);
  return view(input.campaignId, input.department, ctx.name, stored, names, mayEdit(input.caller, input.department, stored));
}

function checkInput(input: DepartmentReviewInput, names: Map<string, string> | undefined): Refusal | undefined {
  const approvers = [...new Set(input.approvers)];
  if (input.signOff && approvers.length === 0) {
    return invalid('请求内容有误：approvers 开启审核时至少设置一名审核人（本部门负责人）', 'approvers', 'SIGN_OFF_NO_APPROVER');
  }
  if (approvers.length > APPROVERS_MAX) return invalid(`请求内容有误：approvers 审核人最多 ${APPROVERS_MAX} 名`, 'approvers');
  if (names !== undefined) {
    const unknown = approvers.find((a) => !names.has(a));
    if (unknown !== undefined) {
      return invalid(`请求内容有误：approvers “${unknown}”不是本部门的启用账号`, 'approvers', 'SIGN_OFF_APPROVER_UNKNOWN');
    }
  }
  const sources = input.sources.map((s) => s.trim());
  if (sources.length > SOURCES_MAX) return invalid(`请求内容有误：sources 记录来源最多 ${SOURCES_MAX} 项`, 'sources');
  for (const [i, s] of sources.entries()) {
    if (s.length === 0 || s.length > SOURCE_MAX) {
      return invalid(`请求内容有误：sources[${i}] 记录来源应为 1–${SOURCE_MAX} 个字`, `sources.${i}`, 'SOURCE_INVALID');
    }
  }
  if (new Set(sources).size !== sources.length) return invalid('请求内容有误：sources 记录来源有重复', 'sources', 'SOURCE_INVALID');
  return undefined;
}

export async function setDepartmentReview(
  deps: Deps,
  input: { caller: Caller; campaignId: string; department: string; settings: DepartmentReviewInput },
): Promise<DepartmentReviewView | Refusal> {
  const { caller, campaignId, department, settings } = input;
  const ctx = await context(deps, caller, campaignId, department);
  if (isRefusal(ctx)) return ctx;
  const stored = await deps.repos.process.departmentReview(campaignId, department);
  if (!mayEdit(caller, department, stored)) {
    return forbidden('本部门已开启负责人审核：审查设置只能由审核人或组织部门修改');
  }
  const version = stored?.version ?? 0;
  if (settings.version !== version) {
    return conflict('审查设置已被他人修改，请刷新后重试', { code: 'DEPARTMENT_REVIEW_CHANGED', version });
  }
  const names = await accountNames(deps, department);
  const wrong = checkInput(settings, names);
  if (wrong !== undefined) return wrong;
  const at = deps.now().toISOString();
  const next = DepartmentReview.parse({
    campaignId,
    department,
    signOff: settings.signOff,
    approvers: [...new Set(settings.approvers)],
    sources: settings.sources.map((s) => s.trim()),
    version: version + 1,
    updatedBy: caller.username,
    updatedAt: at,
  });
  if (!(await deps.repos.process.putDepartmentReview(next))) {
    return conflict('审查设置已被他人修改，请刷新后重试', { code: 'DEPARTMENT_REVIEW_CHANGED' });
  }
  await deps.repos.audit.append({
    candidateId: departmentChainId(department),
    type: 'department_review_set',
    actor: actorOf(caller, caller.orgdept ? 'orgdept' : 'reviewer'),
    at,
    data: {
      campaignId,
      department,
      signOff: next.signOff,
      approvers: next.approvers.length,
      sources: next.sources,
      version: next.version,
    },
  });
  return view(campaignId, department, ctx.name, next, names, mayEdit(caller, department, next));
}
