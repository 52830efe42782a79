// Campaigns (换届工作): the organization department creates one per election; everyone reads them.
import { Campaign } from '../domain/model.js';
import { isPolicyId } from '../domain/policies/index.js';
import type { Caller } from './access.js';
import type { UseCaseDeps } from './common.js';
import { conflict, invalid, type Refusal } from './refusals.js';
import { campaignView, type CampaignView } from './views.js';

export interface NewCampaign {
  id: string;
  name: string;
  jurisdiction: string;
  policyId: string;
  electionDate: string;
  referenceDate?: string;
  townships?: Array<{ code: string; name: string }>;
}

export async function createCampaign(
  deps: UseCaseDeps,
  input: { caller: Caller; campaign: NewCampaign },
): Promise<{ campaign: CampaignView } | Refusal> {
  const body = input.campaign;
  if (!isPolicyId(body.policyId)) return invalid('请求内容有误：policyId 不是已知的政策编号', 'policyId');
  const codes = new Set<string>();
  for (const [i, t] of (body.townships ?? []).entries()) {
    if (codes.has(t.code)) return invalid(`请求内容有误：townships[${i}].code 重复`, `townships.${i}.code`);
    codes.add(t.code);
  }
  const campaign = Campaign.parse(body);
  const result = await deps.repos.campaigns.create(campaign, { createdAt: deps.now().toISOString(), createdBy: input.caller.userId });
  if (!result.created) return conflict('已存在相同编号的换届工作', { campaign: campaignView(result.stored) });
  return { campaign: campaignView(result.stored) };
}

/** Newest first; any signed-in user (townships and departments need ids and department names). */
export async function listCampaigns(deps: Pick<UseCaseDeps, 'repos'>): Promise<{ campaigns: CampaignView[] }> {
  return { campaigns: (await deps.repos.campaigns.list()).map(campaignView) };
}
