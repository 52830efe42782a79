// 公示: the organization department opens a publicity period for a set of cleared candidates (a
// township's, or the whole campaign's); its dates are the campaign's 公示天数 in working days on the
// official calendar. Each period's status, and each candidate's in it, follow from its objections
// (objections.ts) and the re-checks they led to.
import { canonicalJson } from '../domain/audit/canonical.js';
import { campaignChainId } from '../domain/ids.js';
import type { Dossier } from '../domain/model.js';
import {
  candidatePublicityStatus,
  type Duplicate,
  type Objection,
  objectionLabel,
  PERIOD_STATUS_LABEL,
  PUBLICITY_STATUS_LABEL,
  type PublicityCandidateStatus,
  type PublicityPeriod,
  periodStatus,
  publicityDates,
} from '../domain/publicity.js';
import { shownStatus } from '../domain/review-changes.js';
import { dayText, scheduleOf } from '../domain/schedule.js';
import { beijingDay } from '../domain/time.js';
import { type Caller, orgdeptOnly } from './access.js';
import { actorOf, loadCampaign, mapLimit, sha256, type UseCaseDeps } from './common.js';
import { campaignDossiers, decisionsByCandidate } from './dashboard.js';
import { workingCalendar } from './holidays.js';
import type { Repositories } from './ports.js';
import { invalid, isRefusal, type Refusal } from './refusals.js';
import { recheckOpen } from './request-recheck.js';
import { disputesOf, withdrawalsOf } from './views.js';

export const PUBLICITY_CODE = {
  noCandidates: 'NO_CANDIDATES',
  notEligible: 'CANDIDATE_NOT_ELIGIBLE',
  startInPast: 'START_IN_PAST',
  notInPeriod: 'NOT_IN_PUBLICITY',
  outsidePeriod: 'OBJECTION_OUTSIDE_PERIOD',
  notOpen: 'OBJECTION_NOT_OPEN',
  duplicateOpen: 'DUPLICATE_OPEN',
  duplicateResolved: 'DUPLICATE_ALREADY_RESOLVED',
} as const;

/** What each candidate of the campaign is, for choosing and showing 公示: its township code and whether it may stand. */
export interface Standing {
  dossier: Dossier;
  township: string;
  cleared: boolean;
  /** Why not, when it may not stand (for the refusal). */
  why: string | null;
}

/** A duplicate's flagged or kept side that the organization department has not yet decided, or the side it set aside. */
function duplicateHold(candidateId: string, duplicates: readonly Duplicate[]): string | null {
  for (const d of duplicates) {
    if (d.candidateId !== candidateId && d.heldBy.candidateId !== candidateId) continue;
    if (d.status === 'open') return '重复报送，待组织部门确定';
    if (d.resolution?.setAside === candidateId) return '重复报送，已确定不予联审';
  }
  return null;
}

export async function campaignStandings(repos: Repositories, campaignId: string): Promise<Standing[]> {
  const [batches, dossiers, decisions, disputes, withdrawals, duplicates] = await Promise.all([
    repos.batches.listByCampaign(campaignId),
    campaignDossiers(repos, campaignId),
    decisionsByCandidate(repos, campaignId),
    disputesOf(repos, [campaignId]),
    withdrawalsOf(repos, [campaignId]),
    repos.publicity.duplicates(campaignId),
  ]);
  const townshipOf = new Map(batches.map((b) => [b.batchId, b.township]));
  return dossiers.map((dossier) => {
    const stored = decisions.get(dossier.candidateId);
    const status = stored === undefined ? undefined : shownStatus(stored.finalStatus, stored.version, disputes.get(dossier.candidateId));
    const why =
      stored === undefined
        ? '尚无联审结论'
        : withdrawals.byCandidate.has(dossier.candidateId)
          ? '已撤回'
          : (duplicateHold(dossier.candidateId, duplicates) ?? (status === 'cleared' ? null : '联审结论不是通过'));
    return { dossier, township: townshipOf.get(dossier.batchId) ?? '', cleared: why === null, why };
  });
}

export interface OpenPublicityInput {
  caller: Caller;
  campaignId: string;
  /** Only this township's cleared candidates (its code). */
  township?: string;
  /** These candidates (each must be cleared and in no period yet); default: every such candidate in scope. */
  candidateIds?: readonly string[];
  /** The first day (Beijing); default today. A day off moves it to the next working day. */
  startDate?: string;
}

export async function openPublicity(deps: UseCaseDeps, input: OpenPublicityInput): Promise<{ period: PublicityPeriod } | Refusal> {
  const denied = orgdeptOnly(input.caller);
  if (denied !== undefined) return denied;
  const { repos } = deps;
  const stored = await loadCampaign(repos, input.campaignId);
  if (isRefusal(stored)) return stored;
  const today = beijingDay(deps.now());
  const first = input.startDate ?? today;
  if (first < today) return invalid('公示开始日期不能早于今天', 'startDate', PUBLICITY_CODE.startInPast);
  const periods = await repos.publicity.periods(input.campaignId);
  const published = new Set(periods.flatMap((p) => p.candidateIds));
  const standings = (await campaignStandings(repos, input.campaignId)).filter(
    (s) => input.township === undefined || s.township === input.township,
  );
  let chosen: string[];
  if (input.candidateIds === undefined) {
    chosen = standings.filter((s) => s.cleared && !published.has(s.dossier.candidateId)).map((s) => s.dossier.candidateId);
  } else {
    const byId = new Map(standings.map((s) => [s.dossier.candidateId, s]));
    for (const id of input.candidateIds) {
      const s = byId.get(id);
      const why = s === undefined ? '不是本次公示范围内的人选' : published.has(id) ? '已在公示名单中' : s.why;
      if (why !== null) {
        return invalid(`人选 ${s?.dossier.name ?? id} 不能公示：${why}`, 'candidateIds', PUBLICITY_CODE.notEligible);
      }
    }
    chosen = [...new Set(input.candidateIds)];
  }
  if (chosen.length === 0) return invalid('没有可以公示的人选（联审通过且尚未公示）', 'candidateIds', PUBLICITY_CODE.noCandidates);
  const days = scheduleOf(stored.campaign).publicityDays;
  const dates = publicityDates(first, days, await workingCalendar(repos));
  const openedAt = deps.now().toISOString();
  let period: PublicityPeriod | undefined;
  // Two openings at once take consecutive numbers: a taken number is tried again with the next.
  for (let n = periods.length + 1; period === undefined && n <= periods.length + 5; n++) {
    const candidate: PublicityPeriod = {
      campaignId: input.campaignId,
      periodId: `P${n}`,
      township: input.township ?? null,
      candidateIds: chosen,
      days,
      ...dates,
      openedBy: input.caller.userId,
      openedAt,
    };
    if (await repos.publicity.openPeriod(candidate)) period = candidate;
  }
  if (period === undefined) throw new Error('could not number a new publicity period');
  const data = {
    periodId: period.periodId,
    township: period.township,
    startDate: period.startDate,
    endDate: period.endDate,
    days,
    candidates: chosen.length,
    candidatesSha256: sha256(canonicalJson(chosen)),
  };
  const actor = actorOf(input.caller, 'orgdept');
  const opened = period;
  await repos.audit.append({ candidateId: campaignChainId(input.campaignId), type: 'publicity_opened', actor, at: openedAt, data });
  await mapLimit(chosen, 8, (candidateId) =>
    repos.audit.append({ candidateId, type: 'publicity_opened', actor, at: openedAt, data }, { dedupeKey: `publicity:${opened.periodId}` }),
  );
  return { period };
}

/** A candidate of a period as the lists show it. */
export interface PublicityCandidateView {
  candidateId: string;
  seq: number;
  name: string;
  township: string;
  village: string;
  post: string;
  status: PublicityCandidateStatus;
  statusLabel: string;
  objections: Array<Objection & { statusLabel: string }>;
}

export interface PeriodView extends PublicityPeriod {
  status: ReturnType<typeof periodStatus>;
  statusLabel: string;
  startText: string;
  endText: string;
  candidates: PublicityCandidateView[];
}

/** Each period with its status as of now and every candidate's. */
export async function publicityPeriods(
  deps: UseCaseDeps,
  input: { campaignId: string; candidateIds?: ReadonlySet<string> },
): Promise<PeriodView[] | Refusal> {
  const { repos } = deps;
  const stored = await loadCampaign(repos, input.campaignId);
  if (isRefusal(stored)) return stored;
  const today = beijingDay(deps.now());
  const [periods, objections, standings] = await Promise.all([
    repos.publicity.periods(input.campaignId),
    repos.publicity.objectionsByCampaign(input.campaignId),
    campaignStandings(repos, input.campaignId),
  ]);
  const standingOf = new Map(standings.map((s) => [s.dossier.candidateId, s]));
  const objectionsOf = new Map<string, Objection[]>();
  for (const o of objections) objectionsOf.set(o.candidateId, [...(objectionsOf.get(o.candidateId) ?? []), o]);
  return mapLimit(periods, 2, async (period): Promise<PeriodView> => {
    const ended = today > period.endDate;
    const ids = period.candidateIds.filter((id) => input.candidateIds === undefined || input.candidateIds.has(id));
    const candidates = await mapLimit(ids, 8, async (candidateId): Promise<PublicityCandidateView> => {
      const own = objectionsOf.get(candidateId) ?? [];
      const standing = standingOf.get(candidateId);
      const status = candidatePublicityStatus({
        objections: own,
        recheckOpen: await anyRecheckOpen(repos, candidateId, own),
        cleared: standing?.cleared ?? false,
        ended,
      });
      const d = standing?.dossier;
      return {
        candidateId,
        seq: d?.seq ?? 0,
        name: d?.name ?? '',
        township: d?.township ?? '',
        village: d?.village ?? '',
        post: d?.post ?? '',
        status,
        statusLabel: PUBLICITY_STATUS_LABEL[status],
        objections: own.map((o) => ({ ...o, statusLabel: objectionLabel(o) })),
      };
    });
    // The period's status counts all its candidates, whatever part of it the caller sees.
    const all =
      ids.length === period.candidateIds.length
        ? candidates.map((c) => c.status)
        : await mapLimit(period.candidateIds, 8, async (id) => {
            const own = objectionsOf.get(id) ?? [];
            const cleared = standingOf.get(id)?.cleared ?? false;
            return candidatePublicityStatus({ objections: own, recheckOpen: await anyRecheckOpen(repos, id, own), cleared, ended });
          });
    const status = periodStatus(period, today, all);
    const texts = { startText: dayText(period.startDate), endText: dayText(period.endDate) };
    return { ...period, status, statusLabel: PERIOD_STATUS_LABEL[status], ...texts, candidates };
  });
}

/** Whether a re-check a founded objection asked for is still unanswered. */
async function anyRecheckOpen(repos: Repositories, candidateId: string, objections: readonly Objection[]): Promise<boolean> {
  const asked = objections.filter((o) => o.outcome?.action === 'recheck' && o.outcome.department !== undefined);
  if (asked.length === 0) return false;
  const rechecks = await repos.changes.rechecks(candidateId);
  for (const o of asked) {
    const department = o.outcome?.department ?? '';
    const latest = rechecks.find((r) => r.recheck.department === department);
    if (recheckOpen(latest, await repos.verdicts.get(candidateId, department))) return true;
  }
  return false;
}
