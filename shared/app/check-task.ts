// Checking one department task (one SQS message from the workflow): answer it from the
// department's record extract (auto), or open a review task holding the token (manual, no extract,
// or an ID match whose name differs). A stored answer is never asked for again.
import { maskIdNumber } from '../domain/idcard.js';
import { matchRecords } from '../domain/import/records.js';
import type { RecordRow, Verdict } from '../domain/model.js';
import { answerEvent, dispatchEvent, type AnswerEvent } from '../domain/audit/answers.js';
import { confirmsOnPut, pipelineCampaign, tokenHash, type MeteredDeps } from './common.js';
import { findingsForAudit } from './answer-task.js';
import {
  METRIC,
  type AuditAppendInput,
  type CandidateView,
  type ExtractSummary,
  type Log,
  type Repositories,
  type StoredVerdict,
  type TaskCallbacks,
} from './ports.js';

/** What the workflow's waitForTaskToken state sends a department queue. */
export interface TaskMessage {
  campaignId: string;
  candidateId: string;
  department: string;
  taskToken: string;
  timeoutSeconds: number;
  /** The end of the department's last working day, as LoadRouting computed it. */
  dueAt?: string;
  /** Years counted Monday–Friday for that deadline. */
  assumedYears?: number[];
  /** The re-check this task belongs to (0 or absent: the first review). */
  recheck?: number;
}

/** Thrown when another delivery of the same task is mid-answer; SQS redelivers later. */
export class AnswerInFlightError extends Error {
  override name = 'AnswerInFlightError';
}

export interface CheckDeps extends MeteredDeps {
  callbacks: TaskCallbacks;
  log: Log;
  /** Waits used while another delivery finishes sending (tests pass a no-op). */
  pause: (ms: number) => Promise<void>;
}

/** What became of the message. */
export type CheckOutcome = 'duplicate' | 'resent' | 'answered' | 'queuedForReview' | 'answeredElsewhere' | 'withdrawn';

const CHECKER = { kind: 'system', id: 'checker' } as const;

/** What a `dispatched` event says of one task message. */
function dispatchData(msg: TaskMessage, mode: 'auto' | 'manual' | 'stored') {
  return {
    department: msg.department,
    mode,
    timeoutSeconds: msg.timeoutSeconds,
    ...(msg.dueAt === undefined ? {} : { dueAt: msg.dueAt }),
  };
}

/** The `dispatched` event of one task message on the chain; a redelivery of the same token adds nothing. */
function dispatchedEvent(msg: TaskMessage, hash: string, mode: 'auto' | 'manual' | 'stored', at: string) {
  const input: AuditAppendInput = { candidateId: msg.candidateId, type: 'dispatched', actor: CHECKER, at, data: dispatchData(msg, mode) };
  return { input, dedupeKey: `dispatched:${msg.department}:${hash.slice(0, 32)}` };
}

function isAnswered(v: StoredVerdict): boolean {
  return v.verdict.status === 'clear' || v.verdict.status === 'findings';
}

/**
 * What the messages of one SQS batch read together before each is checked: the candidates and the
 * stored verdicts in one BatchGetItem each, the campaign and each department's extract once. A
 * message outside the batch (or a read the batch could not make) reads on its own.
 */
export interface CheckBatchReads {
  verdict(candidateId: string, department: string): Promise<StoredVerdict | undefined>;
  candidate(candidateId: string): Promise<CandidateView | undefined>;
  campaign(campaignId: string): ReturnType<typeof pipelineCampaign>;
  extract(department: string, campaignId: string): Promise<ExtractSummary | undefined>;
  /** The extract's rows for the candidate's ID number. */
  rows(extract: ExtractSummary, candidate: CandidateView): Promise<RecordRow[]>;
  /** Whether the candidate is withdrawn, read when a check first needs it (a task about to open). */
  withdrawn(candidateId: string): Promise<boolean>;
}

const refKey = (candidateId: string, department: string) => `${candidateId}\u0000${department}`;

/** One read per key (`keyOf` of the arguments): a batch's messages share it. */
function memo<A extends unknown[], T>(keyOf: (...args: A) => string, read: (...args: A) => Promise<T>): (...args: A) => Promise<T> {
  const seen = new Map<string, Promise<T>>();
  return (...args) => {
    const key = keyOf(...args);
    const hit = seen.get(key);
    if (hit !== undefined) return hit;
    const p = read(...args);
    seen.set(key, p);
    return p;
  };
}

/** The extract's rows of one candidate, read alone. */
async function rowsOfOne(repos: Repositories, extract: ExtractSummary, candidate: CandidateView): Promise<RecordRow[]> {
  return (await repos.extracts.findRowsOf(extract, [candidate.idNumber])).get(candidate.idNumber) ?? [];
}

/** Reads the candidates and verdicts of a batch of task messages together (see CheckBatchReads); on failure, single reads. */
export async function readForChecks(deps: Pick<CheckDeps, 'repos' | 'log'>, msgs: readonly TaskMessage[]): Promise<CheckBatchReads> {
  const { repos } = deps;
  let views: CandidateView[];
  let stored: StoredVerdict[];
  try {
    [views, stored] = await Promise.all([
      repos.candidates.getViews(msgs.map((m) => m.candidateId)),
      repos.verdicts.getMany(msgs.map((m) => ({ candidateId: m.candidateId, department: m.department }))),
    ]);
  } catch (err) {
    // A batch read that fails (throttled, say) costs the batch its shared reads, not its checks.
    deps.log.warn('batch reads failed; each message reads on its own', { error: err instanceof Error ? err.name : 'Error' });
    return singleReads(repos);
  }
  const covered = new Set(msgs.map((m) => refKey(m.candidateId, m.department)));
  const candidates = new Map(views.map((v) => [v.candidateId, v]));
  const verdicts = new Map(stored.map((v) => [refKey(v.verdict.candidateId, v.verdict.department), v]));
  const campaign = memo(
    (id: string) => id,
    (id) => pipelineCampaign(repos, id),
  );
  const extract = memo(refKey, (department, campaignId) => repos.extracts.getActive(department, campaignId));
  // Read for the whole batch when the first message needs it: only a task about to open does.
  let withdrawals: Promise<Set<string>> | undefined;
  const inBatch = [...new Set(msgs.map((m) => m.candidateId))];
  // An extract's rows for every person of the batch its department is asked about, in one read.
  const batchRows = memo(
    (summary: ExtractSummary) => [summary.department, summary.campaignId ?? '', summary.generation].join('\u0000'),
    (summary) => {
      const ids = msgs.flatMap((m) => {
        const idNumber = m.department === summary.department ? candidates.get(m.candidateId)?.idNumber : undefined;
        return idNumber === undefined ? [] : [idNumber];
      });
      return repos.extracts.findRowsOf(summary, ids);
    },
  );
  return {
    // Read once: a later read of the same task (a retry within the invocation) goes to the table.
    verdict: (candidateId, department) => {
      const k = refKey(candidateId, department);
      if (!covered.delete(k)) return repos.verdicts.get(candidateId, department);
      return Promise.resolve(verdicts.get(k));
    },
    candidate: (candidateId) => {
      const view = candidates.get(candidateId);
      return view === undefined ? repos.candidates.getView(candidateId) : Promise.resolve(view);
    },
    campaign,
    extract,
    rows: async (summary, candidate) => (await batchRows(summary)).get(candidate.idNumber) ?? (await rowsOfOne(repos, summary, candidate)),
    withdrawn: async (candidateId) => {
      if (!inBatch.includes(candidateId)) return (await repos.changes.withdrawal(candidateId)) !== undefined;
      withdrawals ??= repos.changes.withdrawnAmong(inBatch);
      return (await withdrawals).has(candidateId);
    },
  };
}

/** The single reads of one message checked alone. */
function singleReads(repos: Repositories): CheckBatchReads {
  return {
    verdict: (candidateId, department) => repos.verdicts.get(candidateId, department),
    candidate: (candidateId) => repos.candidates.getView(candidateId),
    campaign: (campaignId) => pipelineCampaign(repos, campaignId),
    extract: (department, campaignId) => repos.extracts.getActive(department, campaignId),
    rows: (extract, candidate) => rowsOfOne(repos, extract, candidate),
    withdrawn: async (candidateId) => (await repos.changes.withdrawal(candidateId)) !== undefined,
  };
}

export async function checkTask(
  deps: CheckDeps,
  msg: TaskMessage,
  reads: CheckBatchReads = singleReads(deps.repos),
): Promise<CheckOutcome> {
  const { repos } = deps;
  const hash = tokenHash(msg.taskToken);

  /**
   * Sends the stored answer for this token once and records that it was accepted, unless the put
   * already confirmed it (`confirmedOnPut`): then a refusal takes that confirmation back.
   */
  const sendAnswer = async (stored: StoredVerdict, confirmedOnPut = false): Promise<void> => {
    const sent = await deps.callbacks.succeed(msg.taskToken, { department: msg.department, status: stored.verdict.status });
    if (sent !== 'sent') {
      // The workflow stopped waiting (timeout → RecordOverdue, or the execution ended).
      deps.log.warn('task no longer accepts an answer', { department: msg.department, candidateId: msg.candidateId, result: sent });
      if (confirmedOnPut) await repos.verdicts.unmarkResultSent(msg.candidateId, msg.department, hash);
      return;
    }
    // Only an answer is confirmed; an overdue/declined result is already final.
    if (!confirmedOnPut && isAnswered(stored)) {
      await repos.verdicts.markResultSent(msg.candidateId, msg.department, hash, deps.now().toISOString());
    }
  };

  /**
   * Sends an answer confirmed on its put again: the delivery that wrote it may have died before
   * sending. A refusal means Step Functions already took it.
   */
  const resendConfirmed = async (stored: StoredVerdict): Promise<CheckOutcome> => {
    const sent = await deps.callbacks.succeed(msg.taskToken, { department: msg.department, status: stored.verdict.status });
    if (sent === 'sent') return 'resent';
    deps.metrics.count(METRIC.DuplicateDeliveries);
    return 'duplicate';
  };

  /** The answered event of an automatic answer (stored on the verdict, sealed by the decision). */
  const autoEvent = (verdict: Verdict): AnswerEvent =>
    answerEvent({
      candidateId: msg.candidateId,
      actor: verdict.answeredBy ?? { kind: 'auto', id: 'extract' },
      at: verdict.answeredAt ?? deps.now().toISOString(),
      data: {
        department: msg.department,
        result: verdict.status === 'findings' ? 'findings' : 'clear',
        source: 'extract',
        findings: findingsForAudit(verdict.findings),
      },
    });

  // A stored answer is never asked for again: a duplicate of the same token is skipped.
  const existing = await reads.verdict(msg.candidateId, msg.department);
  // A re-asked task (redrive, crash recovery) gets the stored result at once, even overdue.
  if (existing !== undefined) {
    if (existing.resultSentFor === hash) {
      if (existing.confirmedOnPut === true) return resendConfirmed(existing);
      deps.metrics.count(METRIC.DuplicateDeliveries);
      return 'duplicate';
    }
    // The answer's own event stands; the chain records that the workflow asked again (once per token).
    await repos.audit.appendAll([dispatchedEvent(msg, hash, 'stored', deps.now().toISOString())]);
    await sendAnswer(existing);
    return 'resent';
  }

  const { policy } = await reads.campaign(msg.campaignId);
  const department = policy.departments.find((d) => d.code === msg.department);
  if (department === undefined) throw new Error(`department ${msg.department} is not in policy ${policy.id}`);
  const candidate = await reads.candidate(msg.candidateId);
  if (candidate === undefined) throw new Error(`candidate ${msg.candidateId} not found`);
  const now = deps.now();
  const at = now.toISOString();

  const extract = await reads.extract(msg.department, msg.campaignId);
  const rows = extract === undefined ? [] : await reads.rows(extract, candidate);
  const { findings, hints } = matchRecords({ idNumber: candidate.idNumber, name: candidate.name }, rows);

  if (department.mode === 'auto' && extract !== undefined && hints.length === 0) {
    const verdict: Verdict = {
      campaignId: msg.campaignId,
      candidateId: msg.candidateId,
      department: msg.department,
      status: findings.length > 0 ? 'findings' : 'clear',
      findings,
      answeredBy: { kind: 'auto', id: `extract:${extract.generation}` },
      answeredAt: at,
      source: 'extract',
    };
    // One conditional put: the answer, its audit event and (well ahead of the deadline) its
    // confirmation. Nothing touches the candidate's chain here.
    const confirm = confirmsOnPut(msg.dueAt, now) ? { tokenHash: hash, at } : undefined;
    const put = await repos.verdicts.putAnswer(verdict, undefined, autoEvent(verdict), confirm);
    if (!put.written) {
      // Another delivery of this task won the write. Confirmed on its put: send it too (Step
      // Functions takes one). Otherwise give that delivery a moment to send, else retry later.
      if (put.existing.confirmedOnPut === true && put.existing.resultSentFor === hash) return resendConfirmed(put.existing);
      let stored = put.existing;
      for (let i = 0; i < 3 && isAnswered(stored) && stored.resultSentFor !== hash; i++) {
        await deps.pause(200 * (i + 1));
        stored = (await repos.verdicts.get(msg.candidateId, msg.department)) ?? stored;
      }
      if (!isAnswered(stored) || stored.resultSentFor === hash) return 'answeredElsewhere';
      throw new AnswerInFlightError('another delivery of this task is answering it');
    }
    await sendAnswer(put.stored, confirm !== undefined);
    deps.metrics.count(METRIC.AutoAnswered);
    return 'answered';
  }

  // A message still on the queue when its candidate was withdrawn opens no task (the execution is stopped).
  if (await reads.withdrawn(msg.candidateId)) return 'withdrawn';
  // The dispatch's audit event goes on the task item in the same write (once per token), not on
  // the chain: every department of a candidate is dispatched at the same moment.
  const opened = await repos.tasks.open({
    dispatch: {
      key: hash.slice(0, 32),
      event: dispatchEvent({ candidateId: msg.candidateId, actor: CHECKER, at, data: dispatchData(msg, department.mode) }),
    },
    campaignId: msg.campaignId,
    candidateId: msg.candidateId,
    department: msg.department,
    taskToken: msg.taskToken,
    createdAt: at,
    // The state times out at dueAt; a message read late must not move the deadline.
    deadline: msg.dueAt ?? new Date(now.getTime() + msg.timeoutSeconds * 1000).toISOString(),
    ...(msg.assumedYears === undefined || msg.assumedYears.length === 0 ? {} : { deadlineAssumedYears: msg.assumedYears }),
    hints,
    candidate: {
      name: candidate.name,
      idMasked: maskIdNumber(candidate.idNumber),
      township: candidate.township,
      village: candidate.village,
      post: candidate.post,
    },
  });
  if (opened.opened) deps.metrics.count(METRIC.TasksQueuedForReview);
  return 'queuedForReview';
}
