// Campaigns (换届工作): the organization department creates one per election, pinning one version of
// one policy (the latest at creation unless it names one); everyone reads them.
import { Campaign } from '../domain/model.js';
import type { Caller } from './access.js';
import { mapLimit, pinnedPolicy, type UseCaseDeps } from './common.js';
import { refuseUndeployed } from './policies.js';
import { conflict, invalid, type Refusal } from './refusals.js';
import { campaignView, type CampaignView } from './views.js';

export interface NewCampaign {
  id: string;
  name: string;
  jurisdiction: string;
  policyId: string;
  /** Default: the latest version at creation. */
  policyVersion?: string;
  electionDate: string;
  referenceDate?: string;
  townships?: Array<{ code: string; name: string }>;
}

export async function createCampaign(
  deps: UseCaseDeps & { deployedDepartments?: readonly string[] | null },
  input: { caller: Caller; campaign: NewCampaign },
): Promise<{ campaign: CampaignView } | Refusal> {
  const body = input.campaign;
  const policies = deps.repos.policies;
  const pinned =
    body.policyVersion === undefined ? await policies.latest(body.policyId) : await policies.get(body.policyId, body.policyVersion);
  if (pinned === undefined) {
    if (body.policyVersion === undefined || (await policies.latest(body.policyId)) === undefined) {
      return invalid('请求内容有误：policyId 不是已知的政策编号', 'policyId');
    }
    return invalid(`请求内容有误：政策 ${body.policyId} 没有版本 ${body.policyVersion}`, 'policyVersion');
  }
  const undeployed = refuseUndeployed(pinned.policy, { deployedDepartments: deps.deployedDepartments ?? null });
  if (undeployed !== undefined) return undeployed;
  const codes = new Set<string>();
  for (const [i, t] of (body.townships ?? []).entries()) {
    if (codes.has(t.code)) return invalid(`请求内容有误：townships[${i}].code 重复`, `townships.${i}.code`);
    codes.add(t.code);
  }
  const campaign = Campaign.parse({ ...body, policyVersion: pinned.version });
  const result = await deps.repos.campaigns.create(campaign, { createdAt: deps.now().toISOString(), createdBy: input.caller.userId });
  if (!result.created) {
    const existing = await pinnedPolicy(deps.repos, result.stored.campaign);
    return conflict('已存在相同编号的换届工作', { campaign: campaignView(result.stored, existing?.policy) });
  }
  return { campaign: campaignView(result.stored, pinned.policy) };
}

/** Newest first; any signed-in user (townships and departments need ids and department names). */
export async function listCampaigns(deps: Pick<UseCaseDeps, 'repos'>): Promise<{ campaigns: CampaignView[] }> {
  const stored = await deps.repos.campaigns.list();
  return { campaigns: await mapLimit(stored, 8, async (s) => campaignView(s, (await pinnedPolicy(deps.repos, s.campaign))?.policy)) };
}
