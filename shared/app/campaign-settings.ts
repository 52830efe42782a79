// What the campaign set-up use cases share: the settings as sent (validated against the policy and
// the unit rules), the detail view with the computed schedule, what may still change once batches
// exist, and the audit event of every change.
import { canonicalJson } from '../domain/audit/canonical.js';
import { campaignChainId } from '../domain/ids.js';
import { type Campaign, CampaignSchedule, type CampaignTownship, type Policy, type PostBody } from '../domain/model.js';
import { campaignSchedule } from '../domain/schedule.js';
import { type UnitRef, unitChanges, unitKey, unitListProblems, unitRefText } from '../domain/units.js';
import type { Caller } from './access.js';
import { actorOf, mapLimit, pinnedPolicy, sha256, type UseCaseDeps } from './common.js';
import { workingCalendar } from './holidays.js';
import { ConflictError, type Repositories, type StoredCampaign } from './ports.js';
import { conflict, invalid, type Refusal } from './refusals.js';
import { campaignView } from './views.js';

/** The schedule as a request sends it: every field optional; null clears the publicity start. */
export interface ScheduleInput {
  resultsDueDaysBefore?: number;
  publicityDays?: number;
  publicityStart?: string | null;
  departmentDays?: Record<string, number>;
}

export type RoundsInput = Partial<Record<PostBody, string | null>>;

/** A policy to pin: the version asked for, else the latest stored (built-in or uploaded). */
export async function policyToPin(
  repos: Repositories,
  policyId: string,
  version?: string,
): Promise<{ policy: Policy; version: string } | Refusal> {
  const pinned = version === undefined ? await repos.policies.latest(policyId) : await repos.policies.get(policyId, version);
  if (pinned !== undefined) return { policy: pinned.policy, version: pinned.version };
  if (version === undefined || (await repos.policies.latest(policyId)) === undefined) {
    return invalid('请求内容有误：policyId 不是已知的政策编号', 'policyId', 'POLICY_UNKNOWN');
  }
  return invalid(`请求内容有误：政策 ${policyId} 没有版本 ${version}`, 'policyVersion', 'POLICY_VERSION_UNKNOWN');
}

/** The stored schedule with the request's fields applied. */
export function applySchedule(current: Campaign['schedule'], input: ScheduleInput | undefined): CampaignSchedule {
  const base = current ?? CampaignSchedule.parse({});
  if (input === undefined) return base;
  const next: CampaignSchedule = {
    resultsDueDaysBefore: input.resultsDueDaysBefore ?? base.resultsDueDaysBefore,
    publicityDays: input.publicityDays ?? base.publicityDays,
    departmentDays: input.departmentDays ?? base.departmentDays,
  };
  const start = input.publicityStart === undefined ? base.publicityStart : (input.publicityStart ?? undefined);
  if (start !== undefined) next.publicityStart = start;
  return next;
}

export function applyRounds(current: Campaign['rounds'], input: RoundsInput | null | undefined): Campaign['rounds'] {
  if (input === null) return undefined;
  if (input === undefined) return current;
  const next: NonNullable<Campaign['rounds']> = { ...(current ?? {}) };
  for (const body of ['party', 'committee', 'supervision'] as const) {
    const value = input[body];
    if (value === null) delete next[body];
    else if (value !== undefined) next[body] = value;
  }
  return Object.keys(next).length === 0 ? undefined : next;
}

/** Overrides must name departments of the campaign's policy. */
export function checkSchedule(schedule: CampaignSchedule, policy: Policy): Refusal | undefined {
  const codes = new Set(policy.departments.map((d) => d.code));
  for (const code of Object.keys(schedule.departmentDays)) {
    if (!codes.has(code)) {
      return invalid(
        `请求内容有误：schedule.departmentDays.${code} 不是政策“${policy.name}”的部门`,
        `schedule.departmentDays.${code}`,
        'DEPARTMENT_UNKNOWN',
      );
    }
  }
  return undefined;
}

/** Duplicate names or codes, bad codes, too many units: the first one, naming its field. */
export function checkTownships(townships: readonly CampaignTownship[]): Refusal | undefined {
  const [problem] = unitListProblems(townships);
  if (problem === undefined) return undefined;
  const field = ['townships', ...problem.path].join('.');
  return invalid(`请求内容有误：${problem.message}`, field, problem.code);
}

/** Candidates already submitted, by township and village (names as unitKey). */
async function candidatesByUnit(repos: Repositories, campaignId: string): Promise<Map<string, Map<string, number>>> {
  const batches = await repos.batches.listByCampaign(campaignId);
  const views = (await mapLimit(batches, 4, (b) => repos.candidates.listViewsByBatch(b.batchId))).flat();
  const out = new Map<string, Map<string, number>>();
  for (const v of views) {
    const villages = out.get(unitKey(v.township)) ?? new Map<string, number>();
    villages.set(unitKey(v.village), (villages.get(unitKey(v.village)) ?? 0) + 1);
    out.set(unitKey(v.township), villages);
  }
  return out;
}

/**
 * Once batches exist the list may only grow: a township's code and a village's kind stay as they
 * are, and no unit with candidates leaves the list (a township whose villages were not listed may
 * get a list, but it must hold every village that has candidates). Units without candidates may go.
 */
export async function checkLockedUnits(
  repos: Repositories,
  stored: StoredCampaign,
  next: readonly CampaignTownship[],
): Promise<Refusal | undefined> {
  const before = stored.campaign.townships ?? [];
  const changes = unitChanges(before, next);
  if (changes.changed.length > 0) {
    const list = changes.changed.map((c) => `${unitRefText(c)}（${c.what === 'code' ? '代码' : '类型'}由“${c.from}”改为“${c.to}”）`);
    return conflict(`已有批次提交，不能再修改已登记的乡镇（街道）代码或村（社区）类型：${list.join('、')}`, {
      code: 'UNITS_LOCKED',
      units: changes.changed,
    });
  }
  const counts = await candidatesByUnit(repos, stored.campaign.id);
  const leaving: Array<UnitRef & { candidates: number }> = [];
  for (const r of changes.removed) {
    const villages = counts.get(unitKey(r.township));
    const n =
      r.village === undefined ? [...(villages?.values() ?? [])].reduce((a, b) => a + b, 0) : (villages?.get(unitKey(r.village)) ?? 0);
    if (n > 0) leaving.push({ ...r, candidates: n });
  }
  // A township that gets a village list for the first time must keep the villages its candidates are in.
  for (const old of before.filter((t) => t.villages === undefined)) {
    const now = next.find((t) => unitKey(t.name) === unitKey(old.name));
    if (now?.villages === undefined) continue;
    const listed = new Set(now.villages.map((v) => unitKey(v.name)));
    for (const [village, n] of counts.get(unitKey(old.name)) ?? []) {
      if (!listed.has(village)) leaving.push({ township: old.name, village, candidates: n });
    }
  }
  if (leaving.length === 0) return undefined;
  return conflict(
    `已有人选的乡镇（街道）、村（社区）不能从名单中删除：${leaving.map((l) => `${unitRefText(l)}（${l.candidates}人）`).join('、')}`,
    { code: 'UNIT_HAS_CANDIDATES', units: leaving },
  );
}

export function unitCounts(townships: readonly CampaignTownship[] | undefined): { townships: number; villages: number } {
  return { townships: townships?.length ?? 0, villages: (townships ?? []).reduce((n, t) => n + (t.villages?.length ?? 0), 0) };
}

/** campaign_changed on the campaign's chain: who changed which settings, with a digest of the result. */
export async function auditCampaignChange(
  deps: Pick<UseCaseDeps, 'repos'>,
  caller: Caller,
  campaign: Campaign,
  action: 'created' | 'updated' | 'units',
  fields: string[],
  at: string,
): Promise<void> {
  await deps.repos.audit.append({
    candidateId: campaignChainId(campaign.id),
    type: 'campaign_changed',
    actor: actorOf(caller, 'orgdept'),
    at,
    data: { action, fields, ...unitCounts(campaign.townships), sha256: sha256(canonicalJson(campaign)) },
  });
}

/** The campaign as the set-up page shows it: its settings, the computed schedule, and whether batches lock it. */
export async function campaignDetail(deps: Pick<UseCaseDeps, 'repos' | 'now'>, stored: StoredCampaign) {
  const c = stored.campaign;
  const [calendar, batches] = await Promise.all([workingCalendar(deps.repos), deps.repos.batches.listByCampaign(c.id)]);
  const townships = c.townships ?? [];
  const policy = (await pinnedPolicy(deps.repos, c))?.policy;
  return {
    campaign: campaignView(stored, policy),
    revision: stored.revision ?? 0,
    updatedAt: stored.updatedAt ?? null,
    updatedBy: stored.updatedBy ?? null,
    rounds: { party: c.rounds?.party ?? null, committee: c.rounds?.committee ?? null, supervision: c.rounds?.supervision ?? null },
    townships: townships.map((t) => ({
      code: t.code,
      name: t.name,
      villages: t.villages === undefined ? null : t.villages.map((v) => ({ name: v.name, kind: v.kind })),
    })),
    units: { ...unitCounts(townships), listed: townships.some((t) => t.villages !== undefined) },
    schedule: campaignSchedule(c, policy, calendar, deps.now()),
    batches: batches.length,
    /** Batches exist: only the schedule may change, and units may only be added. */
    locked: batches.length > 0,
  };
}
export type CampaignDetail = Awaited<ReturnType<typeof campaignDetail>>;

/** Stores the campaign if nobody changed it since `revision` was read. */
export async function saveCampaign(deps: UseCaseDeps, caller: Caller, next: Campaign, revision: number): Promise<StoredCampaign | Refusal> {
  try {
    return await deps.repos.campaigns.update(next, {
      updatedAt: deps.now().toISOString(),
      updatedBy: caller.userId,
      expectedRevision: revision,
    });
  } catch (error) {
    if (error instanceof ConflictError) return conflict('换届工作已被他人修改，请刷新后重试', { code: 'CAMPAIGN_CHANGED' });
    throw error;
  }
}
