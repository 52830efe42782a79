// Answering a review task (a reviewer in the portal, or an attestation for many tasks): the
// verdict is written first (conditionally, with a send claim), then the claim holder tells Step
// Functions, then the answer is confirmed — in the same put when the deadline is well ahead, so an
// answer costs one verdict write. A late answer is refused and recorded. Safe to repeat, under any
// interleaving: a same answer waits for the holder (or trusts a confirmed one) and is "repeated",
// never "late".
import { randomUUID } from 'node:crypto';
import { answerEvent } from '../domain/audit/answers.js';
import { canonicalJson } from '../domain/audit/canonical.js';
import type { AttestationRef, AuditFinding } from '../domain/audit/events.js';
import { parseTaskId } from '../domain/ids.js';
import { beijingDay } from '../domain/time.js';
import { type HeldAnswer, needsSignOff, sourcesProblem } from '../domain/sign-off.js';
import type { Actor, Finding, Policy, Verdict } from '../domain/model.js';
import { departmentOf, type Caller } from './access.js';
import { answerRefusal } from './assignment.js';
import { type MeteredDeps, confirmsOnPut, loadCampaign, policyOf, sha256, tokenHash } from './common.js';
import { METRIC, type StoredVerdict, type TaskCallbacks, type TaskView } from './ports.js';
import { conflict, invalid, isRefusal, notFound, type Refusal } from './refusals.js';
import { ANSWERED_STATUSES } from './views.js';

/** The task was closed because its candidate was withdrawn (撤回). */
export const TASK_CANCELLED = 'TASK_CANCELLED';

export const LATE_ANSWER_MESSAGE = '已超过答复期限，答复未被采纳，已记录为逾期答复';
export const TASK_OVER_MESSAGE = '该审查任务已结束，无法答复';
export const ALREADY_ANSWERED_MESSAGE = '该任务已有不同的答复，不能修改';
export const HELD_MESSAGE = '该任务的答复已提交本部门负责人审核，请等待审核结果';

export interface AnswerDeps extends MeteredDeps {
  callbacks: TaskCallbacks;
  /** Waits between polls (tests pass an instant one). */
  pause?: (ms: number) => Promise<void>;
  /** A unique id for this request's send claim; random by default. */
  requestId?: () => string;
}

export interface Answer {
  status: 'clear' | 'findings';
  findings: Finding[];
}

/**
 * answered: this call's answer was taken; repeated: the same answer was already there;
 * late: the deadline passed, recorded as a late answer; gone: the task holds no token any more;
 * alreadyAnswered: a different answer was given first.
 */
export type AnswerOutcome =
  | { kind: 'answered'; verdict: Verdict }
  /** 谁审查谁负责: the answer waits for the department's approver (repeated: it already did). */
  | { kind: 'held'; held: HeldAnswer; repeated: boolean }
  | { kind: 'repeated'; verdict: Verdict }
  | { kind: 'late' }
  | { kind: 'gone' }
  | { kind: 'alreadyAnswered' };

export interface AnswerInput {
  task: TaskView;
  answer: Answer;
  actor: Actor;
  source: 'portal' | 'attestation';
  at: string;
  /** The attestation this answer belongs to (attest.ts). */
  attestation?: AttestationRef;
  /** The department's approver who let this answer count (approve-answer.ts). */
  approval?: { by: Actor; at: string };
  /** The department's record sources the reviewer searched. */
  sourcesSearched?: string[];
  /** The task's token when the caller read it already (an attestation reads a page's tokens at once). */
  token?: string;
  /**
   * Send an answer confirmed on its put again even while its writer's send claim is fresh: the
   * recovery after a restart (confirm-answers.ts), whose writer may have died before sending.
   */
  resendConfirmed?: boolean;
}

function sameAnswer(a: Answer, v: Pick<Verdict, 'status' | 'findings'>): boolean {
  return a.status === v.status && canonicalJson(a.findings) === canonicalJson(v.findings);
}

/** The structured part of findings: the note is free text and may name people. */
export function findingsForAudit(findings: readonly Finding[]): AuditFinding[] {
  return findings.map((f) => ({
    category: f.category,
    startDate: f.startDate ?? null,
    endDate: f.endDate ?? null,
    status: f.status ?? null,
    documentNumber: f.documentNumber ?? null,
  }));
}

/** Categories must be the policy's labels; dates in order; a record cannot start after today (Beijing). */
export function checkFindings(policy: Policy, findings: readonly Finding[], today: string): Refusal | undefined {
  const labels = new Set(policy.categories.map((c) => c.label));
  for (const [i, f] of findings.entries()) {
    if (!labels.has(f.category)) {
      return invalid(`请求内容有误：findings[${i}].category “${f.category}”不是本政策的记录类别`, `findings.${i}.category`);
    }
    if (f.startDate !== undefined && f.startDate > today) {
      return invalid(
        `请求内容有误：findings[${i}].startDate 起始日期 ${f.startDate} 晚于今天，记录不可能尚未开始`,
        `findings.${i}.startDate`,
      );
    }
    if (f.startDate !== undefined && f.endDate !== undefined && f.endDate < f.startDate) {
      return invalid(`请求内容有误：findings[${i}].endDate 终止日期不能早于起始日期`, `findings.${i}.endDate`);
    }
  }
  return undefined;
}

/** The task behind `taskId`, after checking the caller reviews for its department. */
export async function ownTask(deps: Pick<MeteredDeps, 'repos'>, caller: Caller, taskId: string): Promise<TaskView | Refusal> {
  const ref = parseTaskId(taskId);
  if (ref === null) return notFound('未找到该审查任务');
  const allowed = departmentOf(caller, ref.department);
  if (typeof allowed !== 'string') return allowed;
  return (await deps.repos.tasks.get(ref.candidateId, ref.department)) ?? notFound('未找到该审查任务');
}

/** Answers one task the caller owns (the reviewer's own answer in the portal). */
export async function answerTask(
  deps: AnswerDeps,
  input: { caller: Caller; taskId: string; answer: Answer; sourcesSearched?: string[] },
): Promise<(AnswerOutcome & { task: TaskView }) | Refusal> {
  const task = await ownTask(deps, input.caller, input.taskId);
  if (isRefusal(task)) return task;
  if (task.status === 'cancelled') {
    return conflict('该人选已被乡镇（街道）撤回，审查任务已取消，不能再答复', { code: TASK_CANCELLED });
  }
  const notYours = answerRefusal(task, input.caller);
  if (notYours !== undefined) return notYours;
  const campaign = await loadCampaign(deps.repos, task.campaignId);
  if (isRefusal(campaign)) return campaign;
  const wrong = checkFindings(await policyOf(deps.repos, campaign), input.answer.findings, beijingDay(deps.now()));
  if (wrong !== undefined) return wrong;
  const review = await deps.repos.process.departmentReview(task.campaignId, task.department);
  const sourcesSearched = [...new Set(input.sourcesSearched ?? [])];
  const badSources = sourcesProblem(review, sourcesSearched);
  if (badSources !== undefined)
    return invalid(`请求内容有误：sourcesSearched ${badSources}`, 'sourcesSearched', 'SOURCES_SEARCHED_INVALID');
  const actor: Actor = { kind: 'reviewer', id: input.caller.userId };
  const at = deps.now().toISOString();
  if (task.held !== undefined) {
    if (task.status === 'open' && sameAnswer(input.answer, { ...task.held, status: 'findings' })) {
      return { kind: 'held', held: task.held, repeated: true, task };
    }
    if (task.status === 'open') return conflict(HELD_MESSAGE, { code: 'ANSWER_HELD' });
  }
  if (task.status === 'open' && needsSignOff(review, input.answer.status)) {
    const outcome = await holdAnswer(deps, {
      task,
      findings: input.answer.findings,
      sourcesSearched,
      actor,
      username: input.caller.username,
      at,
    });
    return { ...outcome, task };
  }
  const sources = sourcesSearched.length === 0 ? {} : { sourcesSearched };
  const outcome = await answerOne(deps, { task, answer: input.answer, actor, source: 'portal', at, ...sources });
  return { ...outcome, task };
}

/** Holds an answer with findings for the department's approver; nothing is sent to the workflow. */
async function holdAnswer(
  deps: AnswerDeps,
  input: { task: TaskView; findings: Finding[]; sourcesSearched: string[]; actor: Actor; username: string; at: string },
): Promise<AnswerOutcome> {
  const { task } = input;
  const held: HeldAnswer = {
    findings: input.findings,
    sourcesSearched: input.sourcesSearched,
    by: input.actor,
    byUsername: input.username,
    at: input.at,
  };
  if (!(await deps.repos.tasks.hold(task.candidateId, task.department, held))) {
    const now = await deps.repos.tasks.get(task.candidateId, task.department);
    if (now?.held !== undefined && sameAnswer({ status: 'findings', findings: input.findings }, { ...now.held, status: 'findings' })) {
      return { kind: 'held', held: now.held, repeated: true };
    }
    if (now?.status === 'open') return { kind: 'alreadyAnswered' };
    return now?.status === 'overdue' ? { kind: 'late' } : { kind: 'gone' };
  }
  await deps.repos.audit.append(
    {
      candidateId: task.candidateId,
      type: 'answer_held',
      actor: input.actor,
      at: input.at,
      data: {
        department: task.department,
        result: 'findings',
        findings: findingsForAudit(input.findings),
        sourcesSearched: input.sourcesSearched,
      },
    },
    { dedupeKey: `held:${task.department}:${input.at}` },
  );
  return { kind: 'held', held, repeated: false };
}

/** How long a send claim holds before another request may take over from a silent holder. */
export const SEND_CLAIM_LEASE_MS = 30_000;
/** A repeat waits up to this many polls (100 ms apart) for the claim holder's confirmation, then answers "repeated". */
const WAIT_FOR_SENDER_POLLS = 30;

/** Polls the stored verdict until the claim holder confirmed it (or it was replaced), within a bound. */
async function waitForSender(deps: AnswerDeps, candidateId: string, department: string): Promise<StoredVerdict | undefined> {
  for (let poll = 0; ; poll++) {
    const stored = await deps.repos.verdicts.get(candidateId, department);
    if (stored === undefined || stored.resultSentAt !== undefined || !ANSWERED_STATUSES.has(stored.verdict.status)) return stored;
    if (poll >= WAIT_FOR_SENDER_POLLS) return stored;
    await (deps.pause ?? defaultPause)(100);
  }
}

const defaultPause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** The approver and the sources searched, as the verdict and its event record them. */
function approvalOf(input: Pick<AnswerInput, 'approval' | 'sourcesSearched'>) {
  return {
    ...(input.approval === undefined ? {} : { approvedBy: input.approval.by, approvedAt: input.approval.at }),
    ...(input.sourcesSearched === undefined || input.sourcesSearched.length === 0 ? {} : { sourcesSearched: input.sourcesSearched }),
  };
}

/** Answers one task; see the module comment for the order of writes. */
export async function answerOne(deps: AnswerDeps, input: AnswerInput): Promise<AnswerOutcome> {
  const { task, answer, actor, source, at } = input;
  const { candidateId, department, campaignId } = task;
  const { repos } = deps;
  const attestation = input.attestation === undefined ? {} : { attestation: input.attestation };

  const recordLate = async (): Promise<AnswerOutcome> => {
    await repos.verdicts.recordUnanswered({ campaignId, candidateId, department, status: 'overdue', at });
    await repos.tasks.markLate(candidateId, department, actor, at);
    await repos.audit.append(
      {
        candidateId,
        type: 'late_answer',
        actor,
        at,
        data: { department, result: answer.status, findings: findingsForAudit(answer.findings), source, ...attestation },
      },
      { dedupeKey: `late:${department}:${sha256(canonicalJson({ s: answer.status, f: answer.findings }))}` },
    );
    deps.metrics.count(METRIC.LateAnswers);
    return { kind: 'late' };
  };

  if (task.status === 'overdue') return recordLate();
  // The candidate was withdrawn: its execution is stopped, nothing can be sent.
  if (task.status === 'cancelled') return { kind: 'gone' };

  const token = input.token ?? (await repos.tasks.getToken(candidateId, department));
  if (token === undefined) return { kind: 'gone' };
  const sentFor = tokenHash(token);

  const verdict: Verdict = {
    campaignId,
    candidateId,
    department,
    status: answer.status,
    findings: answer.findings,
    answeredBy: actor,
    answeredAt: at,
    source,
    ...approvalOf(input),
  };
  // Only the holder of the send claim spends the task token: a repeat of the same answer must not
  // turn the winner's consumed token into a "late" answer (TaskTimedOut).
  const claim = { by: deps.requestId?.() ?? randomUUID(), at: deps.now().toISOString() };
  // The answer's audit event is written with it, in the one conditional put: no append to the
  // candidate's chain, which every department answering at once would contend for.
  const event = answerEvent({
    candidateId,
    actor,
    at,
    data: {
      department,
      result: answer.status,
      findings: findingsForAudit(answer.findings),
      source,
      ...attestation,
      ...approvalOf(input),
    },
  });
  // Well ahead of the deadline the put confirms the answer too, and no second write is needed.
  const confirm = confirmsOnPut(task.deadline, deps.now()) ? { tokenHash: sentFor, at } : undefined;
  const put = await repos.verdicts.putAnswer(verdict, claim, event, confirm);
  let current: StoredVerdict = put.written ? put.stored : put.existing;
  if (!put.written) {
    const existing = put.existing;
    if (!ANSWERED_STATUSES.has(existing.verdict.status)) return recordLate(); // overdue or declined already
    if (!sameAnswer(answer, existing.verdict)) return { kind: 'alreadyAnswered' };
    // A send claim older than this belongs to a sender that went silent.
    const staleBefore = new Date(deps.now().getTime() - SEND_CLAIM_LEASE_MS).toISOString();
    if (existing.resultSentAt !== undefined) {
      if (existing.resultSentFor === sentFor) {
        if (existing.confirmedOnPut !== true) return { kind: 'repeated', verdict: existing.verdict };
        // Confirmed on its put: its writer is sending (it stands even if that send is lost). Only a
        // writer silent past its lease, or the recovery after a restart, makes us send it again; a
        // task already answered was sent.
        const writerAlive = existing.sendClaim !== undefined && existing.sendClaim.at >= staleBefore;
        if (task.status === 'answered' || (writerAlive && input.resendConfirmed !== true)) {
          return { kind: 'repeated', verdict: existing.verdict };
        }
      }
      // Confirmed for an earlier token: a redriven task brings a new one, which must hear it again.
    } else {
      // Written but not confirmed: send it ourselves only if nobody else is (or the sender died).
      if (!(await repos.verdicts.claimSend(candidateId, department, claim, staleBefore))) {
        const settled = await waitForSender(deps, candidateId, department);
        if (settled !== undefined && !ANSWERED_STATUSES.has(settled.verdict.status)) return { kind: 'late' };
        return { kind: 'repeated', verdict: existing.verdict };
      }
    }
    current = existing;
  }
  // Confirmed for this token when it was written (by this call or an earlier one).
  const confirmedOnPut = current.confirmedOnPut === true && current.resultSentFor === sentFor;

  let sent: Awaited<ReturnType<TaskCallbacks['succeed']>>;
  try {
    sent = await deps.callbacks.succeed(token, { department, status: current.verdict.status });
  } catch (error) {
    // Our send failed: give the claim back so a retry sends at once instead of waiting out the lease.
    await repos.verdicts.releaseSend(candidateId, department, claim.by);
    throw error;
  }
  // A confirmed answer stands whatever the send met: another sender spent the token, or the task
  // timed out and RecordOverdue kept the answer.
  if (sent === 'timedOut' && !confirmedOnPut) {
    // A token spent by a sender whose claim we took over after its lease is not a missed deadline.
    const stored = await repos.verdicts.get(candidateId, department);
    if (stored?.resultSentAt !== undefined && stored.resultSentFor === sentFor && ANSWERED_STATUSES.has(stored.verdict.status)) {
      return { kind: 'repeated', verdict: stored.verdict };
    }
    return recordLate();
  }
  if (sent === 'gone') {
    // The task is over. If our answer still stands, Step Functions took it on an earlier try.
    const stored = await repos.verdicts.get(candidateId, department);
    if (stored === undefined || !ANSWERED_STATUSES.has(stored.verdict.status)) return recordLate();
  }

  if (!confirmedOnPut) await repos.verdicts.markResultSent(candidateId, department, sentFor, at);
  await repos.tasks.markAnswered(candidateId, department, actor, at);
  deps.metrics.count(METRIC.PortalAnswers);
  const outcome: AnswerOutcome = { kind: put.written ? 'answered' : 'repeated', verdict: current.verdict };
  if (current.event !== undefined) return outcome;
  // An answer stored before answers carried their own event: its event goes on the chain, as it did.
  const result = current.verdict.status === 'findings' ? 'findings' : 'clear';
  await repos.audit.append(
    {
      candidateId,
      type: 'answered',
      actor,
      at,
      data: {
        department,
        result,
        findings: findingsForAudit(current.verdict.findings),
        source: current.verdict.source ?? source,
        ...attestation,
      },
    },
    { dedupeKey: `answered:${department}:${sentFor}` },
  );
  return outcome;
}
