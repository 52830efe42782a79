// The organization department edits a campaign. Before any batch: everything. Once batches exist:
// only the schedule, and the 行政区划 list may only grow (checkLockedUnits) — the election day, the
// policy and the rest decide what was already checked, so they stay as they were.
import { canonicalJson } from '../domain/audit/canonical.js';
import { Campaign, type CampaignTownship } from '../domain/model.js';
import type { Caller } from './access.js';
import {
  applyRounds,
  applySchedule,
  auditCampaignChange,
  type CampaignDetail,
  campaignDetail,
  checkLockedUnits,
  checkSchedule,
  checkTownships,
  policyToPin,
  type RoundsInput,
  saveCampaign,
  type ScheduleInput,
} from './campaign-settings.js';
import { loadCampaign, pinnedPolicy, type UseCaseDeps } from './common.js';
import { conflict, isRefusal, type Refusal } from './refusals.js';

/** Fields given replace what is stored; fields left out stay. `revision`: the one the editor read. */
export interface CampaignChanges {
  name?: string;
  jurisdiction?: string;
  policyId?: string;
  electionDate?: string;
  rounds?: RoundsInput | null;
  referenceDate?: string | null;
  townships?: CampaignTownship[];
  schedule?: ScheduleInput;
  revision?: number;
}

const LOCKED_LABEL: Readonly<Record<string, string>> = {
  name: '名称',
  jurisdiction: '适用地区',
  policyId: '政策',
  electionDate: '选举日',
  rounds: '各组织选举日',
  referenceDate: '年龄计算基准日',
};

export async function updateCampaign(
  deps: UseCaseDeps,
  input: { caller: Caller; campaignId: string; changes: CampaignChanges },
): Promise<(CampaignDetail & { changed: boolean }) | Refusal> {
  const stored = await loadCampaign(deps.repos, input.campaignId);
  if (isRefusal(stored)) return stored;
  const revision = stored.revision ?? 0;
  const { changes } = input;
  if (changes.revision !== undefined && changes.revision !== revision) {
    return conflict('换届工作已被他人修改，请刷新后重试', { code: 'CAMPAIGN_CHANGED', revision });
  }
  const current = stored.campaign;
  const policyId = changes.policyId ?? current.policyId;
  // Another policy (before any batch) pins its latest version; the same one keeps its pin (a new
  // version of it is a policy switch: PUT /campaigns/{id}/policy).
  const kept = policyId === current.policyId ? await pinnedPolicy(deps.repos, current) : undefined;
  const pinned = kept ?? (await policyToPin(deps.repos, policyId));
  if (isRefusal(pinned)) return pinned;
  const { policy } = pinned;

  const electionDate = changes.electionDate ?? current.electionDate;
  // A reference date that only followed the election day keeps following it.
  const referenceFollowed = current.referenceDate === current.electionDate;
  const referenceDate =
    changes.referenceDate === null ? undefined : (changes.referenceDate ?? (referenceFollowed ? undefined : current.referenceDate));
  const rounds = applyRounds(current.rounds, changes.rounds);
  const townships = changes.townships ?? current.townships;
  const schedule = applySchedule(current.schedule, changes.schedule);
  const next = Campaign.parse({
    id: current.id,
    name: changes.name ?? current.name,
    jurisdiction: changes.jurisdiction ?? current.jurisdiction,
    policyId,
    policyVersion: pinned.version,
    electionDate,
    ...(rounds === undefined ? {} : { rounds }),
    ...(referenceDate === undefined ? {} : { referenceDate }),
    ...(townships === undefined ? {} : { townships }),
    schedule,
  });

  const same = (k: keyof Campaign) => canonicalJson(next[k] ?? null) === canonicalJson(current[k] ?? null);
  const fields = (['name', 'jurisdiction', 'policyId', 'electionDate', 'rounds', 'referenceDate', 'townships', 'schedule'] as const).filter(
    (k) => !same(k),
  );
  if (fields.length === 0) return { ...(await campaignDetail(deps, stored)), changed: false };

  if (changes.townships !== undefined) {
    const problem = checkTownships(changes.townships);
    if (problem !== undefined) return problem;
  }
  const badSchedule = checkSchedule(schedule, policy);
  if (badSchedule !== undefined) return badSchedule;

  const locked = (await deps.repos.batches.listByCampaign(current.id)).length > 0;
  if (locked) {
    const frozen = fields.find((f) => f in LOCKED_LABEL);
    if (frozen !== undefined) {
      return conflict(`已有批次提交，不能再修改${LOCKED_LABEL[frozen] ?? frozen}：只能调整时间安排、新增乡镇（街道）和村（社区）`, {
        code: 'CAMPAIGN_LOCKED',
        field: frozen,
      });
    }
    if (fields.includes('townships')) {
      const refused = await checkLockedUnits(deps.repos, stored, next.townships ?? []);
      if (refused !== undefined) return refused;
    }
  }

  const saved = await saveCampaign(deps, input.caller, next, revision);
  if (isRefusal(saved)) return saved;
  await auditCampaignChange(deps, input.caller, next, 'updated', [...fields], saved.updatedAt ?? deps.now().toISOString());
  return { ...(await campaignDetail(deps, saved)), changed: true };
}
