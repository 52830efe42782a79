// The organization department's dashboard of one campaign: the funnel from submitted to decided,
// progress by township and by department, and the departments behind their deadlines.
import { sentBatches } from './process-marks.js';
import { auditDepartment } from '../domain/audit/events.js';
import { campaignChainId } from '../domain/ids.js';
import type { Dossier, Policy, Verdict } from '../domain/model.js';
import { loadCampaign, mapLimit, policyOf, type UseCaseDeps } from './common.js';
import type { FinalStatus, Repositories, Routing, StoredCampaign, StoredDecision, StoredVerdict, TaskView } from './ports.js';
import { workingCalendar } from './holidays.js';
import { isRefusal } from './refusals.js';
import { deadlineDistance } from '../domain/lateness.js';
import { type Dispute, type ShownStatus, shownStatus } from '../domain/review-changes.js';
import { campaignView, disputesOf, progressOf, routedCodes, withdrawalsOf } from './views.js';

const FINAL_STATUSES: readonly FinalStatus[] = ['cleared', 'disqualified', 'referred', 'incomplete'];

interface CandidateState {
  dossier: Dossier;
  township: string;
  routed: string[];
  verdicts: StoredVerdict[];
  decision: StoredDecision | undefined;
  /** The shown status (复核中 while disputed); undefined while not decided. */
  shown: ShownStatus | undefined;
  /** 已撤回 by the township: counted apart, whatever was decided. */
  withdrawn: boolean;
}

export async function decisionsByCandidate(repos: Repositories, campaignId: string): Promise<Map<string, StoredDecision>> {
  const lists = await Promise.all(FINAL_STATUSES.map((s) => repos.decisions.listByCampaign(campaignId, s)));
  return new Map(lists.flat().map((d) => [d.decision.candidateId, d]));
}

export async function campaignDossiers(repos: Repositories, campaignId: string): Promise<Dossier[]> {
  const batches = await sentBatches(repos, campaignId);
  return (await mapLimit(batches, 4, (b) => repos.candidates.listDossiersByBatch(b.batchId))).flat();
}

/** Everything the dashboard needs about one campaign. Reads per candidate, bounded concurrency. */
async function snapshot(repos: Repositories, campaignId: string, policy: Policy): Promise<{ batches: number; states: CandidateState[] }> {
  const batches = await sentBatches(repos, campaignId);
  const decisions = await decisionsByCandidate(repos, campaignId);
  const disputes = await disputesOf(repos, [campaignId]);
  const withdrawals = await withdrawalsOf(repos, [campaignId]);
  const perBatch = await mapLimit(batches, 4, async (batch) => {
    const dossiers = await repos.candidates.listDossiersByBatch(batch.batchId);
    return mapLimit(dossiers, 16, async (dossier): Promise<CandidateState> => {
      const [routing, verdicts]: [Routing | undefined, StoredVerdict[]] = await Promise.all([
        repos.candidates.getRouting(dossier.candidateId),
        repos.verdicts.listByCandidate(dossier.candidateId),
      ]);
      return {
        dossier,
        township: batch.township,
        routed: routedCodes(policy, routing, dossier),
        verdicts,
        decision: decisions.get(dossier.candidateId),
        shown: shownOf(decisions.get(dossier.candidateId), disputes.get(dossier.candidateId)),
        withdrawn: withdrawals.byCandidate.has(dossier.candidateId),
      };
    });
  });
  return { batches: batches.length, states: perBatch.flat() };
}

function shownOf(decision: StoredDecision | undefined, dispute: Dispute | undefined): ShownStatus | undefined {
  return decision === undefined ? undefined : shownStatus(decision.finalStatus, decision.version, dispute);
}

type Counts = Record<ShownStatus, number>;
const zeroCounts = (): Counts => ({ cleared: 0, disqualified: 0, referred: 0, incomplete: 0, disputed: 0 });

function tally(stored: StoredCampaign, policy: Policy, states: readonly CandidateState[]) {
  // answered + missingAnswers + waiting = submitted: the middle bar of the funnel always adds up.
  const funnel = {
    submitted: states.length,
    answered: 0,
    missingAnswers: 0,
    waiting: 0,
    decided: 0,
    ...zeroCounts(),
    reviewing: 0,
    withdrawn: 0,
  };
  const townships = new Map<
    string,
    {
      township: string;
      townshipName: string | null;
      candidates: number;
      answeredTasks: number;
      totalTasks: number;
      decided: number;
      /** 通过 or 不通过: results that stand. */
      final: number;
    } & Counts
  >();
  const departments = new Map(
    policy.departments.map((d) => [
      d.code,
      {
        code: d.code,
        name: d.name,
        mode: d.mode,
        slaDays: d.slaDays,
        asked: 0,
        answered: 0,
        clear: 0,
        findings: 0,
        pending: 0,
        overdue: 0,
        declined: 0,
      },
    ]),
  );
  for (const s of states) {
    const progress = progressOf(s.routed, s.verdicts);
    if (progress.answered === progress.total) funnel.answered += 1;
    else if (progress.overdue + progress.declined > 0) funnel.missingAnswers += 1;
    else funnel.waiting += 1;
    // A withdrawn candidate stands in none of the results.
    const status = s.withdrawn ? undefined : s.shown;
    if (s.withdrawn) funnel.withdrawn += 1;
    else if (status === undefined) funnel.reviewing += 1;
    else {
      funnel.decided += 1;
      funnel[status] += 1;
    }
    let t = townships.get(s.township);
    if (t === undefined) {
      const townshipName = stored.campaign.townships?.find((x) => x.code === s.township)?.name ?? s.dossier.township;
      t = { township: s.township, townshipName, candidates: 0, answeredTasks: 0, totalTasks: 0, decided: 0, final: 0, ...zeroCounts() };
      townships.set(s.township, t);
    }
    t.candidates += 1;
    t.answeredTasks += progress.answered;
    t.totalTasks += progress.total;
    if (status !== undefined) {
      t.decided += 1;
      t[status] += 1;
      if (status === 'cleared' || status === 'disqualified') t.final += 1;
    }
    const byDept = new Map<string, Verdict['status']>(s.verdicts.map((v) => [v.verdict.department, v.verdict.status]));
    for (const code of s.routed) {
      const d = departments.get(code);
      if (d === undefined) continue;
      d.asked += 1;
      const v = byDept.get(code);
      if (v === 'clear' || v === 'findings') {
        d.answered += 1;
        d[v] += 1;
      } else if (v === 'overdue' || v === 'declined') d[v] += 1;
      else d.pending += 1;
    }
  }
  return { funnel, townships, departments };
}

export async function dashboard(deps: UseCaseDeps, input: { campaignId: string }) {
  const { repos } = deps;
  const stored = await loadCampaign(repos, input.campaignId);
  if (isRefusal(stored)) return stored;
  const policy = await policyOf(repos, stored);
  const now = deps.now();
  const { batches, states } = await snapshot(repos, input.campaignId, policy);
  const { funnel, townships, departments } = tally(stored, policy, states);

  // Deadlines live on review tasks: open past deadline, or timed out without an answer.
  const reminders = (await repos.audit.listByCandidate(campaignChainId(input.campaignId))).filter((e) => e.type === 'reminded');
  const calendar = await workingCalendar(repos);
  const extensions = (await repos.requests.extension.listByCampaign(input.campaignId)).filter((e) => e.status === 'pending');
  const overdue = (
    await mapLimit(policy.departments, 8, async (d) => {
      const [open, late] = await Promise.all([repos.tasks.listInbox(d.code, 'open'), repos.tasks.listInbox(d.code, 'overdue')]);
      const mine = (ts: TaskView[]) => ts.filter((t) => t.campaignId === input.campaignId);
      const openPast = mine(open).filter((t) => Date.parse(t.deadline) < now.getTime());
      const timedOut = mine(late);
      const all = [...openPast, ...timedOut];
      if (all.length === 0 && (departments.get(d.code)?.overdue ?? 0) === 0) return undefined;
      const ownReminders = reminders.filter((e) => auditDepartment(e.data) === d.code);
      const last = ownReminders.at(-1);
      // The longest-waiting task says how late the department is, on the official calendar.
      const oldest = all.reduce<TaskView | undefined>((o, t) => (o === undefined || t.deadline < o.deadline ? t : o), undefined);
      const behind = oldest === undefined ? undefined : deadlineDistance(oldest.deadline, now, calendar);
      return {
        department: d.code,
        name: d.name,
        openPastDeadline: openPast.length,
        overdueTasks: timedOut.length,
        overdueVerdicts: departments.get(d.code)?.overdue ?? 0,
        lateMs: behind?.lateMs ?? 0,
        lateWorkingDays: behind?.workingDays ?? 0,
        /** 逾期 12 分钟 / 逾期 2 个工作日（3 天 4 小时） */
        lateText: behind?.text ?? '逾期',
        reminders: ownReminders.length,
        lastRemindedAt: last?.at ?? null,
        pendingExtensions: extensions.filter((e) => e.department === d.code).length,
      };
    })
  ).filter((x) => x !== undefined);
  overdue.sort((a, b) => b.lateMs - a.lateMs);

  return {
    campaign: campaignView(stored, policy),
    generatedAt: now.toISOString(),
    totals: { batches, candidates: states.length },
    funnel,
    byTownship: [...townships.values()],
    byDepartment: [...departments.values()],
    overdue,
    reminders: reminders.map((e) => ({
      department: auditDepartment(e.data) ?? null,
      at: e.at,
      by: e.actor.id,
    })),
  };
}
