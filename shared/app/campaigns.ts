// Campaigns (换届工作): the organization department sets one up per election — name, policy (one
// version pinned: the latest at creation unless it names one), election day(s), the 行政区划 list
// (townships with their villages and communities) and the schedule; everyone signed in reads them.
import { Campaign, type CampaignTownship } from '../domain/model.js';
import type { Caller } from './access.js';
import {
  applyRounds,
  applySchedule,
  auditCampaignChange,
  type CampaignDetail,
  campaignDetail,
  checkSchedule,
  checkTownships,
  policyToPin,
  type RoundsInput,
  type ScheduleInput,
} from './campaign-settings.js';
import { loadCampaign, mapLimit, pinnedPolicy, type UseCaseDeps } from './common.js';
import { refuseUndeployed } from './policies.js';
import type { FileReaders, UploadedFile } from './ports.js';
import { conflict, invalid, isRefusal, type Refusal, rejected } from './refusals.js';
import { campaignView, type CampaignView } from './views.js';

export interface NewCampaign {
  id: string;
  name: string;
  jurisdiction: string;
  policyId: string;
  /** Default: the latest version at creation. */
  policyVersion?: string;
  electionDate: string;
  rounds?: RoundsInput;
  referenceDate?: string;
  townships?: CampaignTownship[];
  schedule?: ScheduleInput;
}

export async function createCampaign(
  deps: UseCaseDeps & { files: FileReaders; deployedDepartments?: readonly string[] | null },
  input: { caller: Caller; campaign: NewCampaign; units?: UploadedFile },
): Promise<{ campaign: CampaignView } | Refusal> {
  const body = input.campaign;
  const pinned = await policyToPin(deps.repos, body.policyId, body.policyVersion);
  if (isRefusal(pinned)) return pinned;
  const { policy } = pinned;
  const undeployed = refuseUndeployed(policy, { deployedDepartments: deps.deployedDepartments ?? null });
  if (undeployed !== undefined) return undeployed;
  if (input.units !== undefined && body.townships !== undefined) {
    return invalid('请求内容有误：行政区划名单只能用 townships 或 units（上传文件）中的一种提供', 'units', 'UNITS_TWO_SOURCES');
  }
  let townships = body.townships;
  if (input.units !== undefined) {
    const parsed = await deps.files.units(input.units);
    if (!parsed.ok) return rejected('行政区划名单校验未通过，请按提示逐项修改后重新上传，换届工作未创建', parsed.errors);
    townships = parsed.townships.map(({ code, name, villages }) => ({ code, name, villages }));
  }
  if (townships !== undefined) {
    const problem = checkTownships(townships);
    if (problem !== undefined) return problem;
  }
  const schedule = applySchedule(undefined, body.schedule);
  const badSchedule = checkSchedule(schedule, policy);
  if (badSchedule !== undefined) return badSchedule;
  const rounds = applyRounds(undefined, body.rounds);
  const campaign = Campaign.parse({
    id: body.id,
    name: body.name,
    jurisdiction: body.jurisdiction,
    policyId: body.policyId,
    policyVersion: pinned.version,
    electionDate: body.electionDate,
    ...(rounds === undefined ? {} : { rounds }),
    ...(body.referenceDate === undefined ? {} : { referenceDate: body.referenceDate }),
    ...(townships === undefined ? {} : { townships }),
    schedule,
  });
  const at = deps.now().toISOString();
  const result = await deps.repos.campaigns.create(campaign, { createdAt: at, createdBy: input.caller.userId });
  if (!result.created) {
    const existing = await pinnedPolicy(deps.repos, result.stored.campaign);
    return conflict('已存在相同编号的换届工作', { code: 'CAMPAIGN_EXISTS', campaign: campaignView(result.stored, existing?.policy) });
  }
  await auditCampaignChange(deps, input.caller, campaign, 'created', Object.keys(body).sort(), at);
  return { campaign: campaignView(result.stored, policy) };
}

/** Newest first; any signed-in user (townships and departments need ids and department names). */
export async function listCampaigns(deps: Pick<UseCaseDeps, 'repos'>): Promise<{ campaigns: CampaignView[] }> {
  const stored = await deps.repos.campaigns.list();
  return { campaigns: await mapLimit(stored, 8, async (s) => campaignView(s, (await pinnedPolicy(deps.repos, s.campaign))?.policy)) };
}

/** One campaign with its 行政区划 list and computed schedule; any signed-in user. */
export async function getCampaign(deps: UseCaseDeps, input: { campaignId: string }): Promise<CampaignDetail | Refusal> {
  const stored = await loadCampaign(deps.repos, input.campaignId);
  if (isRefusal(stored)) return stored;
  return campaignDetail(deps, stored);
}
