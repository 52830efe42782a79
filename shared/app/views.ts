// Views shared by several use cases. Every view picks its fields explicitly: stored items carry
// things (tokens, encrypted IDs) that must never reach a browser.
import { batchName } from '../domain/batch-name.js';
import { routeDepartments } from '../domain/routing.js';
import { canRule } from '../domain/decision.js';
import { townshipSeesDocumentNumbers, withoutDocumentNumbers } from '../domain/disclosure.js';
import type { Caller } from './access.js';
import type { Campaign, CandidateRow, Decision, Dossier, Policy, Reason, Ruling, Verdict, Warning } from '../domain/model.js';
import { citeText, departmentName, reasonText, rulingEffect, shownLabel, unansweredText, warningText } from './reports/labels.js';
import {
  type Dispute,
  type DisputeResult,
  disputeLabel,
  type ShownStatus,
  shownStatus,
  type Withdrawal,
} from '../domain/review-changes.js';
import type { ReportCandidate } from './reports/rows.js';
import { mapLimit } from './common.js';
import { type BatchStage, DISCARDED_LABEL, DRAFT_LABEL } from '../domain/process.js';
import { markOf, processMarksOf } from './process-marks.js';
import { deadlineText } from '../domain/schedule.js';
import { beijingDateTime } from '../domain/time.js';
import { assumedNote, type HolidayCalendar } from '../domain/working-days.js';
import { deadlineDistance } from '../domain/lateness.js';
import { batchStatus, countBatch, type BatchStatus } from '../domain/batch-status.js';
import { orgdeptDepartmentOf } from '../domain/orgdept-department.js';
import type {
  BatchRecord,
  ExtractSummary,
  Repositories,
  Routing,
  StoredCampaign,
  StoredDecision,
  StoredVerdict,
  TaskView,
} from './ports.js';

export interface ReasonView extends Reason {
  departmentName: string;
  /** Plain Chinese with the clause cited. */
  text: string;
}

export function reasonView(policy: Policy, reason: Reason): ReasonView {
  return { ...reason, departmentName: departmentName(policy, reason.department), text: reasonText(policy, reason) };
}

export function warningView(warning: Warning): Warning & { text: string } {
  return { ...warning, text: warningText(warning) };
}

/**
 * The decision as this caller may see it: a township sees a finding's category and clause, not
 * the department's document number, unless the policy shows it (domain/disclosure.ts).
 */
export function seenBy<T extends { decision: Decision; corrections?: ReadonlyArray<{ department: string; documentNumber?: string }> }>(
  caller: Caller,
  policy: Policy,
  stored: T,
): T {
  if (caller.orgdept || townshipSeesDocumentNumbers(policy)) return stored;
  return {
    ...stored,
    decision: withoutDocumentNumbers(stored.decision),
    ...(stored.corrections === undefined ? {} : { corrections: stored.corrections.map((c) => ({ department: c.department })) }),
  };
}

/** The report rows as this caller may see them (see `seenBy`). */
export function rowsSeenBy(caller: Caller, policy: Policy, rows: readonly ReportCandidate[]): ReportCandidate[] {
  return rows.map((r) => (r.decision === undefined ? r : { ...r, decision: seenBy(caller, policy, r.decision) }));
}

/** A stored decision with the township's latest dispute of it, as views and reports show it. */
export type ShownDecision = StoredDecision & { dispute?: Dispute };

/** The decisions with their disputes (a dispute is its own item: read beside the decision). */
/** The withdrawals of these campaigns by candidate, and which candidate each replacement replaces. */
export async function withdrawalsOf(repos: Repositories, campaignIds: Iterable<string>) {
  const lists = await Promise.all([...new Set(campaignIds)].map((id) => repos.changes.withdrawalsByCampaign(id)));
  const all = lists.flat();
  const byCandidate: ReadonlyMap<string, Withdrawal> = new Map(all.map((w) => [w.candidateId, w]));
  const replaces: ReadonlyMap<string, string> = new Map(
    all.flatMap((w) => (w.replacedBy === undefined ? [] : [[w.replacedBy, w.candidateId]])),
  );
  return { byCandidate, replaces };
}

/** The candidates of these campaigns the organization department set aside as duplicates (duplicates.ts), with its reason. */
export async function setAsideOf(repos: Repositories, campaignIds: Iterable<string>): Promise<ReadonlyMap<string, { reason: string }>> {
  const lists = await Promise.all([...new Set(campaignIds)].map((id) => repos.publicity.duplicates(id)));
  return new Map(
    lists
      .flat()
      .flatMap((d) =>
        d.status === 'resolved' && d.resolution !== undefined ? [[d.resolution.setAside, { reason: d.resolution.reason }]] : [],
      ),
  );
}

/** The disputes of these campaigns by candidate: one query a campaign (a campaign has few), not one read a candidate. */
export async function disputesOf(repos: Repositories, campaignIds: Iterable<string>): Promise<ReadonlyMap<string, Dispute>> {
  const lists = await Promise.all([...new Set(campaignIds)].map((id) => repos.disputes.listByCampaign(id)));
  return new Map(lists.flat().map((d) => [d.candidateId, d]));
}

export function withDispute(stored: StoredDecision | undefined, disputes: ReadonlyMap<string, Dispute>): ShownDecision | undefined {
  if (stored === undefined) return undefined;
  const dispute = disputes.get(stored.decision.candidateId);
  return dispute === undefined ? stored : { ...stored, dispute };
}

export interface DecisionView {
  outcome: StoredDecision['decision']['outcome'];
  finalStatus: StoredDecision['finalStatus'];
  shownStatus: ShownStatus;
  dispute: {
    status: Dispute['status'];
    label: string;
    reason: string;
    openedAt: string;
    attachments: Dispute['attachments'];
    ruling: { result: DisputeResult; reason: string; ruledAt: string } | null;
  } | null;
  /** 通过 / 不通过 / 待组织部门研判 / 未完成 */
  statusLabel: string;
  reasons: ReasonView[];
  warnings: Array<Warning & { text: string }>;
  unanswered: Array<{ department: string; departmentName: string; status: string }>;
  unansweredText: string;
  decidedAt: string;
  version: number;
  ruling: {
    outcome: 'uphold' | 'disqualify';
    justification: string;
    ruledBy: string;
    ruledAt: string;
    citation: string;
    inEffect: boolean;
    effectText: string;
  } | null;
  canRule: boolean;
}

function disputeSummary(dispute: Dispute | undefined): DecisionView['dispute'] {
  if (dispute === undefined) return null;
  const r = dispute.ruling;
  return {
    status: dispute.status,
    label: disputeLabel(dispute),
    reason: dispute.reason,
    openedAt: dispute.openedAt,
    attachments: dispute.attachments,
    ruling: r === undefined ? null : { result: r.result, reason: r.reason, ruledAt: r.ruledAt },
  };
}

export function decisionView(policy: Policy, stored: ShownDecision): DecisionView {
  const d = stored.decision;
  const shown = shownStatus(stored.finalStatus, stored.version, stored.dispute);
  return {
    outcome: d.outcome,
    finalStatus: stored.finalStatus,
    shownStatus: shown,
    statusLabel: shownLabel(shown),
    dispute: disputeSummary(stored.dispute),
    reasons: d.reasons.map((r) => reasonView(policy, r)),
    warnings: d.warnings.map(warningView),
    unanswered: d.unanswered.map((u) => ({
      department: u.department,
      departmentName: departmentName(policy, u.department),
      status: u.status,
    })),
    unansweredText: unansweredText(policy, d.unanswered),
    decidedAt: d.decidedAt,
    version: stored.version,
    ruling: stored.ruling === undefined ? null : rulingView(policy, stored, stored.ruling),
    canRule: canRule(d) && stored.finalStatus !== 'cleared' && stored.finalStatus !== 'disqualified' && shown !== 'disputed',
  };
}

function rulingView(policy: Policy, stored: StoredDecision, ruling: Ruling) {
  const effect = rulingEffect(stored.decision, stored.finalStatus, ruling);
  return {
    outcome: ruling.outcome,
    justification: ruling.justification,
    ruledBy: ruling.ruledBy,
    ruledAt: ruling.ruledAt,
    citation: citeText(policy.source),
    inEffect: effect.inEffect,
    effectText: `已研判${effect.text}`,
  };
}

export const ANSWERED_STATUSES: ReadonlySet<Verdict['status']> = new Set(['clear', 'findings']);

export interface Progress {
  /** Departments that answered (clear or findings). */
  answered: number;
  /** Departments the candidate is sent to. */
  total: number;
  overdue: number;
  declined: number;
}

/** Departments a candidate goes to: the stored routing, or the policy's routing before it is stored. */
export function routedCodes(policy: Policy, routing: Routing | undefined, dossier: Pick<CandidateRow, 'political'> | undefined): string[] {
  if (routing !== undefined) return routing.departments;
  if (dossier === undefined) return policy.departments.map((d) => d.code);
  return routeDepartments(policy, dossier).map((d) => d.code);
}

export function progressOf(routed: readonly string[], verdicts: readonly StoredVerdict[]): Progress {
  const byDept = new Map(verdicts.map((v) => [v.verdict.department, v.verdict.status]));
  let answered = 0;
  let overdue = 0;
  let declined = 0;
  for (const code of routed) {
    const status = byDept.get(code);
    if (status !== undefined && ANSWERED_STATUSES.has(status)) answered += 1;
    else if (status === 'overdue') overdue += 1;
    else if (status === 'declined') declined += 1;
  }
  return { answered, total: routed.length, overdue, declined };
}

/** Dossiers with their decisions (and rulings), as the report builders take them. */
export async function reportCandidates(repos: Repositories, dossiers: readonly Dossier[]): Promise<ReportCandidate[]> {
  const disputes = await disputesOf(
    repos,
    dossiers.map((d) => d.campaignId),
  );
  const rows = await mapLimit(dossiers, 16, async (dossier): Promise<ReportCandidate> => {
    const stored = withDispute(await repos.decisions.get(dossier.candidateId), disputes);
    if (stored === undefined) return { dossier };
    const corrections = (await repos.verdicts.listByCandidate(dossier.candidateId)).flatMap((v) =>
      (v.corrections ?? []).map((c) => ({ department: v.verdict.department, documentNumber: c.correction.documentNumber })),
    );
    return {
      dossier,
      decision: {
        decision: stored.decision,
        finalStatus: stored.finalStatus,
        version: stored.version,
        ...(stored.ruling === undefined ? {} : { ruling: stored.ruling }),
        ...(stored.dispute === undefined ? {} : { dispute: stored.dispute }),
        ...(corrections.length === 0 ? {} : { corrections }),
      },
    };
  });
  const withdrawals = await withdrawalsOf(
    repos,
    dossiers.map((d) => d.campaignId),
  );
  const marks = await processMarksOf(
    repos,
    dossiers.map((d) => d.campaignId),
  );
  const removed = await removedByObjections(repos, dossiers);
  const setAside = await setAsideOf(
    repos,
    dossiers.map((d) => d.campaignId),
  );
  const marked = rows.map((r) => {
    const w = withdrawals.byCandidate.get(r.dossier.candidateId);
    const gone = removed.get(r.dossier.candidateId);
    const aside = setAside.get(r.dossier.candidateId);
    const row = {
      ...r,
      ...markOf(marks, r.dossier),
      ...(gone === undefined ? {} : { removedByObjection: gone }),
      ...(aside === undefined ? {} : { setAside: aside }),
    };
    return w === undefined
      ? row
      : { ...row, withdrawn: { reason: w.reason, ...(w.replacedBy === undefined ? {} : { replacedBy: w.replacedBy }) } };
  });
  return markFailed(repos, marked);
}

/** The candidates an objection during 公示 took off (属实, ruled to remove), by id: the first such objection. */
async function removedByObjections(repos: Repositories, dossiers: readonly Dossier[]) {
  const campaigns = [...new Set(dossiers.map((d) => d.campaignId))];
  const objections = (await mapLimit(campaigns, 4, (id) => repos.publicity.objectionsByCampaign(id))).flat();
  const out = new Map<string, { seq: number; checked: string }>();
  for (const o of [...objections].sort((a, b) => a.seq - b.seq)) {
    if (o.outcome?.result !== 'founded' || o.outcome.action !== 'ruling' || out.has(o.candidateId)) continue;
    out.set(o.candidateId, { seq: o.seq, checked: o.outcome.checked });
  }
  return out;
}

async function markFailed(repos: Repositories, rows: ReportCandidate[]): Promise<ReportCandidate[]> {
  // Only the batches with undecided candidates are asked for their failure marks.
  const open = [...new Set(rows.filter((r) => r.decision === undefined).map((r) => r.dossier.batchId))];
  const failed = new Set((await mapLimit(open, 4, (batchId) => repos.progress.listFailed(batchId))).flat());
  return failed.size === 0
    ? rows
    : rows.map((r) => (r.decision === undefined && failed.has(r.dossier.candidateId) ? { ...r, failed: true } : r));
}

// ---------------------------------------------------------------- campaigns, batches, tasks, extracts

/** The campaign as the API shows it, with its pinned policy (undefined: not in the store). */
export function campaignView(stored: StoredCampaign, policy: Policy | undefined) {
  const c = stored.campaign;
  return {
    id: c.id,
    name: c.name,
    jurisdiction: c.jurisdiction,
    policyId: c.policyId,
    policyVersion: policy?.version ?? c.policyVersion ?? null,
    electionDate: c.electionDate,
    referenceDate: c.referenceDate,
    townships: (c.townships ?? []).map((t) => ({ code: t.code, name: t.name })),
    createdAt: stored.createdAt,
    createdBy: stored.createdBy,
    policy:
      policy === undefined
        ? null
        : {
            id: policy.id,
            version: policy.version,
            name: policy.name,
            departments: policy.departments.map((d) => ({ code: d.code, name: d.name, mode: d.mode, slaDays: d.slaDays })),
            ...ownDepartment(policy),
          },
  };
}

/** The department the organization department's own accounts review for (their inbox in the portal). */
function ownDepartment(policy: Policy): { orgdeptDepartment?: string } {
  const code = orgdeptDepartmentOf(policy);
  return code === undefined ? {} : { orgdeptDepartment: code };
}
export type CampaignView = ReturnType<typeof campaignView>;

export function townshipNameOf(campaign: Campaign, code: string): string | undefined {
  return campaign.townships?.find((t) => t.code === code)?.name;
}

/** The departments that timed out on a candidate (from its decision). */
export function overdueDepartmentsOf(decision: StoredDecision | undefined): string[] {
  return (decision?.decision.unanswered ?? []).filter((u) => u.status === 'overdue').map((u) => u.department);
}

/**
 * A batch's status from the decisions stored so far: a candidate without one is still under review,
 * or failed (the batch's `failed` counter, never more than the undecided).
 */
export function batchStatusOf(batch: Pick<BatchRecord, 'total' | 'failed'>, decisions: readonly ShownDecision[]): BatchStatus {
  const decided = decisions.map((d) => ({ status: shownStatus(d.finalStatus, d.version, d.dispute), overdue: overdueDepartmentsOf(d) }));
  const undecided = Math.max(0, batch.total - decided.length);
  const failed = Math.min(undecided, Math.max(0, batch.failed));
  const pending = (status: 'reviewing' | 'failed', n: number) => Array.from({ length: n }, () => ({ status, overdue: [] }));
  return batchStatus(countBatch([...decided, ...pending('failed', failed), ...pending('reviewing', undecided - failed)]));
}

/** `ordinal`: the batch's number within its township and campaign (batchOrdinals). */
export function batchView(batch: BatchRecord, townshipName: string | undefined, status: BatchStatus, ordinal: number, stage?: BatchStage) {
  const draft = stage?.status === 'draft';
  return {
    batchId: batch.batchId,
    name: batchName(townshipName ?? batch.township, ordinal, batch.submittedAt),
    campaignId: batch.campaignId,
    township: batch.township,
    townshipName: townshipName ?? null,
    policyId: batch.policyId,
    submittedBy: batch.submittedBy,
    submittedAt: batch.submittedAt,
    filename: batch.filename ?? null,
    total: batch.total,
    decided: batch.decided,
    reportReady: batch.reportReady,
    status: draft ? { ...status, label: DRAFT_LABEL, text: `${batch.total} 人，乡镇（街道）初审中，尚未报送区县联审` } : status,
    kind: stage?.kind ?? 'pre-election',
    stage: stageView(stage),
  };
}

/** Who uploaded the draft, who first-reviewed it and when, who sent it to the county (null: sent at once, no draft). */
function stageView(stage: BatchStage | undefined) {
  if (stage === undefined) return null;
  return {
    status: stage.status,
    label: stage.status === 'draft' ? DRAFT_LABEL : stage.status === 'discarded' ? DISCARDED_LABEL : '已报送区县联审',
    draftedBy: stage.draftedBy,
    draftedAt: stage.draftedAt,
    firstReviewedBy: stage.firstReview?.by ?? null,
    firstReviewedAt: stage.firstReview?.at ?? null,
    firstReviewPassed: stage.firstReview?.entries.filter((e) => e.result === 'pass').length ?? null,
    firstReviewFailed: stage.firstReview?.entries.filter((e) => e.result === 'fail').length ?? null,
    submittedBy: stage.submittedBy ?? null,
    submittedAt: stage.submittedAt ?? null,
  };
}
export type BatchView = ReturnType<typeof batchView>;

export function isOverdue(task: TaskView, now: Date): boolean {
  return task.status === 'overdue' || (task.status === 'open' && Date.parse(task.deadline) < now.getTime());
}

const DAY_MS = 86_400_000;

/** How far the deadline is; an answered task is measured at its answer (按时答复, or how late it came). */
function dueText(task: TaskView, now: Date, calendar: HolidayCalendar): string {
  if (task.status === 'answered' && task.answeredAt !== undefined) {
    const at = deadlineDistance(task.deadline, new Date(task.answeredAt), calendar);
    return at.late ? `${at.text}后答复` : '按时答复';
  }
  return deadlineDistance(task.deadline, now, calendar).text;
}

/** A task as the inbox lists it: never the token, the ID number only masked. */
export function taskItem(task: TaskView, now: Date, calendar: HolidayCalendar) {
  const msLeft = Date.parse(task.deadline) - now.getTime();
  const due = dueText(task, now, calendar);
  return {
    taskId: task.taskId,
    campaignId: task.campaignId,
    candidateId: task.candidateId,
    department: task.department,
    status: task.status,
    createdAt: task.createdAt,
    deadline: task.deadline,
    /** In Beijing time: 2027年3月19日 24:00. */
    deadlineText: deadlineText(task.deadline),
    /** Set when Monday–Friday was assumed for a year without a 放假安排. */
    deadlineNote: assumedNote(task.deadlineAssumedYears ?? []),
    overdue: isOverdue(task, now),
    /** Whole days left (negative: days late). */
    daysLeft: msLeft >= 0 ? Math.ceil(msLeft / DAY_MS) : -Math.ceil(-msLeft / DAY_MS),
    /** 剩 3 个工作日 / 逾期 12 分钟 / 逾期 2 个工作日（3 天 4 小时）: on the official calendar. */
    dueText: due,
    hintCount: task.hints.length,
    candidate: {
      name: task.candidate.name,
      idMasked: task.candidate.idMasked,
      township: task.candidate.township,
      village: task.candidate.village,
      post: task.candidate.post,
    },
    assignee: task.assignee ?? null,
    assigneeName: task.assigneeName ?? null,
    answeredAt: task.answeredAt ?? null,
    answeredBy: task.answeredBy ?? null,
    lateAnswerAt: task.lateAnswerAt ?? null,
    held:
      task.held === undefined
        ? null
        : {
            byUsername: task.held.byUsername,
            at: task.held.at,
            atText: beijingDateTime(task.held.at),
            findings: task.held.findings.length,
          },
    returned:
      task.returned === undefined
        ? null
        : {
            byUsername: task.returned.byUsername,
            at: task.returned.at,
            atText: beijingDateTime(task.returned.at),
            reason: task.returned.reason,
          },
  };
}
export type TaskItem = ReturnType<typeof taskItem>;

export function answerView(verdict: Verdict) {
  return {
    result: verdict.status,
    findings: verdict.findings,
    answeredAt: verdict.answeredAt ?? null,
    answeredBy: verdict.answeredBy ?? null,
    source: verdict.source ?? null,
    approvedBy: verdict.approvedBy ?? null,
    approvedAt: verdict.approvedAt ?? null,
    ...(verdict.sourcesSearched === undefined ? {} : { sourcesSearched: verdict.sourcesSearched }),
  };
}
export type AnswerView = ReturnType<typeof answerView>;

export function extractView(summary: ExtractSummary) {
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
export type ExtractView = ReturnType<typeof extractView>;
