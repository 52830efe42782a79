// Ports: what the use cases (shared/app) need from the world, in domain terms. The adapters
// implement them: DynamoDB repositories in shared/adapters/dynamo/, Step Functions callbacks and
// executions in shared/adapters/sfn/, the intake queue in shared/adapters/sqs/, file readers in
// shared/adapters/files/. Use cases depend only on these interfaces, so tests swap in fakes
// (test/adapters/memory-repositories.ts runs the same contract suite as DynamoDB Local).
//
// Conventions
// - ID numbers cross this boundary in clear (domain types) and are encrypted inside the
//   implementation; items never hold a clear ID number.
// - Methods that write say what happens on a repeat: "idempotent" means a second identical call is
//   a no-op that reports what is already stored.
// - Timestamps are ISO-8601 strings supplied by the caller (use cases own the clock).
import type {
  Actor,
  AuditEvent,
  Campaign,
  CampaignTownship,
  CandidateRow,
  Citation,
  Decision,
  DecisionOutcome,
  Dossier,
  Policy,
  Post,
  RecordRow,
  Relation,
  Relative,
  Ruling,
  Sex,
  Verdict,
} from '../domain/model.js';
import type { AnchorRecord, NewAnchor } from '../domain/audit/anchors.js';
import type { AnswerEvent } from '../domain/audit/answers.js';
import type { Correction, Dispute, DisputeRuling, Recheck, Withdrawal } from '../domain/review-changes.js';
import type { AuditRecord } from '../domain/audit/events.js';
import type { VillageStructure } from '../domain/batch-checks.js';
import type { BatchResult } from '../domain/import/batch.js';
import type { PolicyResult } from '../domain/import/policy-data.js';
import type { RecordsResult } from '../domain/import/records.js';
import type { HolidaysResult } from '../domain/import/holidays.js';
import type { Duplicate, Objection, ObjectionOutcome, PublicityPeriod } from '../domain/publicity.js';
import type { UnitsResult } from '../domain/import/units.js';
import type { UnitRegistry } from '../domain/units.js';
import type { HolidayYear } from '../domain/working-days.js';
import type { Notification, NotificationDelivery } from '../domain/notifications.js';
import type { BatchStage, Filing } from '../domain/process.js';
import type { DepartmentReview, HeldAnswer, ReturnedAnswer } from '../domain/sign-off.js';
import type { RequestBase, RequestDecision, RequestKind, RequestOf } from '../domain/requests.js';

/** Thrown when an idempotency key is reused with a different request. */
export class IdempotencyConflictError extends Error {
  constructor(message = '同一幂等键已用于内容不同的请求') {
    super(message);
    this.name = 'IdempotencyConflictError';
  }
}

/** Thrown when a conditional write loses for a reason the caller must handle (e.g. wrong state). */
export class ConflictError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConflictError';
  }
}

// ---------------------------------------------------------------- campaigns

/** One change of a campaign's pinned policy version, with who made it and why. */
export interface PolicySwitch {
  /** The version pinned before (null: a campaign stored before versions were pinned). */
  from: string | null;
  to: string;
  reason: string;
  by: string;
  at: string;
}

export interface StoredCampaign {
  campaign: Campaign;
  createdAt: string;
  createdBy: string;
  /** 0 when created; each update adds 1 (optimistic concurrency for edits). */
  revision?: number;
  updatedAt?: string;
  updatedBy?: string;
  /** Oldest first; absent until the first switch. */
  policySwitches?: PolicySwitch[];
}

export interface CampaignRepository {
  /** Conditional create; `created: false` returns the existing campaign with that id. */
  create(campaign: Campaign, meta: { createdAt: string; createdBy: string }): Promise<{ created: boolean; stored: StoredCampaign }>;
  get(campaignId: string): Promise<StoredCampaign | undefined>;
  /**
   * Pins `change.to`, conditional on the pinned version still being `change.from`, and keeps the
   * change. Undefined when the campaign is missing or its pin has moved meanwhile.
   */
  switchPolicy(campaignId: string, change: PolicySwitch): Promise<StoredCampaign | undefined>;
  /** Newest first. */
  list(): Promise<StoredCampaign[]>;
  /**
   * Replaces the campaign's settings if it is still at `expectedRevision` (absent revision = 0),
   * keeping createdAt/createdBy. Throws ConflictError when it moved on or does not exist.
   */
  update(campaign: Campaign, meta: { updatedAt: string; updatedBy: string; expectedRevision: number }): Promise<StoredCampaign>;
}

// ---------------------------------------------------------------- the holiday calendar

/** One year's 放假安排 as the organization department entered it. */
export interface StoredHolidayYear {
  year: HolidayYear;
  /** What a day is, as the notice says (春节, 调休上班); optional per day. */
  notes: Record<string, string>;
  updatedAt: string;
  updatedBy: string;
}

export interface HolidayRepository {
  /** Every stored year, ascending. */
  list(): Promise<StoredHolidayYear[]>;
  get(year: number): Promise<StoredHolidayYear | undefined>;
  /** Stores (or replaces) the year; returns what was stored before. */
  put(stored: StoredHolidayYear): Promise<{ previous?: StoredHolidayYear }>;
}

// ---------------------------------------------------------------- policies

/** A stored policy version as lists show it. */
export interface PolicySummary {
  id: string;
  version: string;
  name: string;
  jurisdiction: string;
  /** SHA-256 of the parsed policy (policyDigest): equal digests, equal content. */
  digest: string;
  /** Shipped in policies/ with the code (never written to the store). */
  builtIn: boolean;
  /** Null for a built-in policy. */
  storedAt: string | null;
  storedBy: string | null;
}

export interface StoredPolicy extends PolicySummary {
  policy: Policy;
}

/** created: new; exists: the same content was stored before (a repeat); conflict: other content under that id and version. */
export type PutPolicyResult = { result: 'created' | 'exists' | 'conflict'; stored: StoredPolicy };

/**
 * Versioned policies. A version is immutable: a second put of the same id and version with other
 * content is a conflict, the same content a repeat. The built-in policies are part of every
 * store (shared/app/policy-catalog.ts puts them in front of the stored ones).
 */
export interface PolicyRepository {
  get(id: string, version: string): Promise<StoredPolicy | undefined>;
  /** The highest version (MAJOR.MINOR.PATCH order). */
  latest(id: string): Promise<StoredPolicy | undefined>;
  /** Every version of one policy, lowest first. */
  versions(id: string): Promise<PolicySummary[]>;
  /** Every version of every policy, by id, then lowest version first. */
  list(): Promise<PolicySummary[]>;
  /** Conditional create of one version; the policy must already be valid (checkPolicy). */
  put(policy: Policy, meta: { storedAt: string; storedBy: string }): Promise<PutPolicyResult>;
}

// ---------------------------------------------------------------- batches

export interface BatchRecord {
  batchId: string;
  campaignId: string;
  /** Township code from the submitter's `township:<code>` group. */
  township: string;
  policyId: string;
  submittedBy: string;
  submittedAt: string;
  /** Number of candidates in the batch. */
  total: number;
  /** Candidates counted by batch progress so far. */
  decided: number;
  /** Candidates whose workflow failed (the catch-all) and are not counted yet: 处理失败, to be redriven. */
  failed: number;
  /** Set once the batch-level checks have been stored. */
  reportReady: boolean;
  filename?: string;
}

export interface NewBatch {
  /** A fresh id proposed by the caller; ignored when the idempotency key was seen before. */
  batchId: string;
  campaignId: string;
  township: string;
  policyId: string;
  submittedBy: string;
  submittedAt: string;
  filename?: string;
  /** From the Idempotency-Key header; scoped to the township. */
  idempotencyKey: string;
  /** A digest of the request body; a reused key with another digest is a conflict. */
  requestDigest: string;
  candidates: CandidateRow[];
  /** Relatives of all candidates, linked by `candidateIdNumber`. */
  relatives: Relative[];
  /**
   * Let in a person another township's batch holds (written and reviewed, not claimed: the
   * submission flags it as a duplicate for the organization department). This township's own
   * earlier batches still refuse the row.
   */
  letInOtherTownships?: boolean;
}

/** Whether `create` lets this clash in rather than refusing the batch (see NewBatch.letInOtherTownships). */
export function letsIn(input: Pick<NewBatch, 'letInOtherTownships' | 'township'>, clash: Pick<PersonClash, 'township'>): boolean {
  return input.letInOtherTownships === true && clash.township !== input.township;
}

/** The record of a batch that has just been accepted: nothing decided, no report yet. */
export function newBatchRecord(batchId: string, input: NewBatch): BatchRecord {
  return {
    batchId,
    campaignId: input.campaignId,
    township: input.township,
    policyId: input.policyId,
    submittedBy: input.submittedBy,
    submittedAt: input.submittedAt,
    total: input.candidates.length,
    decided: 0,
    failed: 0,
    reportReady: false,
    ...(input.filename === undefined ? {} : { filename: input.filename }),
  };
}

export interface CreatedBatch {
  /** False when the idempotency key was already used by the same request (nothing new written). */
  created: boolean;
  batch: BatchRecord;
  /** The candidate ids in seq order (the same on a repeat). */
  candidateIds: string[];
}

/** A candidate of a new batch whose ID number another batch of the campaign already holds. */
export interface PersonClash {
  /** 1-based position of the candidate in the new batch. */
  position: number;
  /** Where the person already is. */
  batchId: string;
  township: string;
  submittedAt: string;
  filename?: string;
  seq: number;
  /** The candidate that holds the person (absent in claims written before it was kept). */
  candidateId?: string;
}

/** Thrown by `BatchRepository.create` when people of the batch are already in the campaign. */
export class PersonAlreadySubmittedError extends Error {
  constructor(readonly clashes: PersonClash[]) {
    super(`${clashes.length} 名人选已在本次换届的其他批次中`);
    this.name = 'PersonAlreadySubmittedError';
  }
}

export interface BatchRepository {
  /**
   * Idempotent by (township, idempotencyKey): the first call writes the batch and every candidate
   * (candidate ids from `candidateIdFor(batchId, position)`); a repeat with the same digest returns the same batch
   * (finishing the writes if an earlier attempt stopped half-way); a different digest throws
   * IdempotencyConflictError. The idempotency-key item is the only item here with a TTL.
   *
   * Each candidate's ID number is claimed for the campaign (one claim per person per campaign, a
   * conditional write, so two concurrent batches cannot both hold one person). When another batch
   * holds any of them, it throws PersonAlreadySubmittedError naming every clash, and nothing of the
   * attempt stays written: its own claims and its idempotency key are released.
   */
  create(input: NewBatch): Promise<CreatedBatch>;
  /** Which of these people (by position, 1-based) a batch of the campaign already holds; reads only. */
  heldPersons(campaignId: string, candidates: readonly CandidateRow[]): Promise<PersonClash[]>;
  get(batchId: string): Promise<BatchRecord | undefined>;
  /** Newest first. */
  listByTownship(township: string): Promise<BatchRecord[]>;
  /** Newest first. */
  listByCampaign(campaignId: string): Promise<BatchRecord[]>;
  /**
   * Releases the person claims this batch holds for these ID numbers (a deleted draft), so the
   * people may be uploaded again. A claim another batch holds, or one already gone, is left: a
   * repeat releases nothing more. Returns how many were released.
   */
  releasePersons(campaignId: string, batchId: string, idNumbers: readonly string[]): Promise<number>;
  /** The batch an idempotency key of the township is held by, if any; reads only (a replay is told from a new request). */
  batchOfKey(township: string, idempotencyKey: string): Promise<string | undefined>;
}

// ---------------------------------------------------------------- candidates

/** What a department reviewer may see: no relatives, nothing from other departments. */
export interface CandidateView {
  candidateId: string;
  campaignId: string;
  batchId: string;
  seq: number;
  name: string;
  idNumber: string;
  sex: Sex;
  birth: string;
  township: string;
  village: string;
  post: Post;
}

export interface Routing {
  policyId: string;
  policyVersion: string;
  /** Department codes, in policy order. */
  departments: string[];
}

export interface CandidateRepository {
  /** The full dossier with relatives, ID numbers decrypted. */
  getDossier(candidateId: string): Promise<Dossier | undefined>;
  getView(candidateId: string): Promise<CandidateView | undefined>;
  /** Views of several candidates read together (a checker's batch); missing ones are left out, order is not kept. */
  getViews(candidateIds: readonly string[]): Promise<CandidateView[]>;
  /** Views of every candidate of a batch, in seq order. */
  listViewsByBatch(batchId: string): Promise<CandidateView[]>;
  /** Full dossiers of a batch (for the batch-level checks), in seq order. */
  listDossiersByBatch(batchId: string): Promise<Dossier[]>;
  /** Remembers where load-routing sent the candidate (idempotent overwrite). */
  setRouting(candidateId: string, routing: Routing): Promise<void>;
  getRouting(candidateId: string): Promise<Routing | undefined>;
}

// ---------------------------------------------------------------- department record extracts

export interface ExtractSummary {
  department: string;
  /** Undefined: applies to every campaign. */
  campaignId?: string;
  generation: string;
  rows: number;
  /** Distinct persons (by ID HMAC). */
  persons: number;
  filename: string;
  uploadedBy: string;
  uploadedAt: string;
}

export interface RecordExtractRepository {
  /**
   * Replaces the department's extract (for one campaign, or for all when campaignId is absent).
   * Zero rows is a valid extract: "no records". The new generation becomes visible atomically;
   * rows of the old one are deleted afterwards.
   */
  replace(input: {
    department: string;
    campaignId?: string;
    rows: RecordRow[];
    filename: string;
    uploadedBy: string;
    uploadedAt: string;
  }): Promise<ExtractSummary>;
  /** The extract that applies to a campaign: the campaign's own, else the department-wide one. */
  getActive(department: string, campaignId: string): Promise<ExtractSummary | undefined>;
  /** For each ID number, the extract's rows with that ID number (looked up by HMAC; [] for none), in file order. */
  findRowsOf(extract: ExtractSummary, idNumbers: readonly string[]): Promise<Map<string, RecordRow[]>>;
}

// ---------------------------------------------------------------- verdicts

export interface StoredVerdict {
  verdict: Verdict;
  /** Set once SendTaskSuccess was accepted for this answer: the answer is confirmed. */
  resultSentAt?: string;
  /** SHA-256 of the task token the result was sent for (a redriven task brings a new token). */
  resultSentFor?: string;
  /** An answer that arrived too late and was replaced by `overdue`. */
  lateAnswer?: Verdict;
  /**
   * Who is telling Step Functions about this answer right now. Only the holder sends: a second
   * copy of the same answer waits for the holder instead of spending the task token again (a spent
   * token answers TaskTimedOut, which must not pass for a missed deadline).
   */
  sendClaim?: SendClaim;
  /** Earlier answers this department replaced by a correction, oldest first. */
  corrections?: CorrectedAnswer[];
  /**
   * The answer's own audit event (shared/domain/audit/answers.ts), written with the answer in one
   * conditional put and never changed; the decision seals it into the candidate's chain. Absent on
   * answers stored before answers left the chain (their `answered` event is on the chain).
   */
  event?: AnswerEvent;
  /** The event of an unconfirmed answer that `recordUnanswered` replaced (with `lateAnswer`); never sealed. */
  lateEvent?: AnswerEvent;
  /**
   * The confirmation was written with the answer, before SendTaskSuccess (an automatic answer well
   * ahead of its deadline, to save the confirming write). A redelivery of the same token therefore
   * sends again instead of treating the answer as delivered.
   */
  confirmedOnPut?: boolean;
}

/** A confirmation written together with the answer (see `StoredVerdict.confirmedOnPut`). */
export interface ConfirmOnPut {
  tokenHash: string;
  at: string;
}

/** An answer a correction replaced, and why. */
export interface CorrectedAnswer {
  previous: Verdict;
  correction: Correction;
}

export type CorrectResult = { corrected: true; stored: StoredVerdict; previous: Verdict } | { corrected: false; current?: StoredVerdict };

export interface SendClaim {
  by: string;
  at: string;
}

export type PutAnswerResult = { written: true; stored: StoredVerdict } | { written: false; existing: StoredVerdict };

export interface VerdictRepository {
  /**
   * Conditional put of a clear/findings answer: only when no verdict exists for (candidate,
   * department). The writer holds the send claim (`claim`) from the start. `event` is stored with
   * it, in the same single write: the answer's audit event.
   */
  putAnswer(verdict: Verdict, claim?: SendClaim, event?: AnswerEvent, confirm?: ConfirmOnPut): Promise<PutAnswerResult>;
  /**
   * Takes the send claim of an unconfirmed answer when nobody holds it, or its holder's claim is
   * older than `staleBefore` (the holder died). True when this caller now holds it.
   */
  claimSend(candidateId: string, department: string, claim: SendClaim, staleBefore: string): Promise<boolean>;
  /** Gives the send claim back (the holder's send failed), so a retry may send at once. */
  releaseSend(candidateId: string, department: string, claimBy: string): Promise<void>;
  /** Records that SendTaskSuccess was accepted for the given token hash (confirms the answer). */
  markResultSent(candidateId: string, department: string, tokenHash: string, at: string): Promise<void>;
  /**
   * Takes back a confirmation written on the put (`confirmedOnPut`) for this token when Step
   * Functions refused the answer, so the overdue path may replace it. A no-op otherwise.
   */
  unmarkResultSent(candidateId: string, department: string, tokenHash: string): Promise<void>;
  /**
   * Writes `overdue`/`declined` unless a confirmed answer exists. An unconfirmed answer (written,
   * but SendTaskSuccess refused or never sent) is kept as `lateAnswer` and replaced. Idempotent.
   * Returns what is stored afterwards and whether this call changed it.
   */
  recordUnanswered(input: {
    campaignId: string;
    candidateId: string;
    department: string;
    status: 'overdue' | 'declined';
    at: string;
  }): Promise<{ changed: boolean; stored: StoredVerdict }>;
  get(candidateId: string, department: string): Promise<StoredVerdict | undefined>;
  /** Several verdicts read together, strongly consistent (a checker's batch); missing ones are left out. */
  getMany(refs: ReadonlyArray<{ candidateId: string; department: string }>): Promise<StoredVerdict[]>;
  listByCandidate(candidateId: string): Promise<StoredVerdict[]>;
  /**
   * Replaces a confirmed clear/findings answer with `verdict`, conditional on the stored answer
   * still being the one given at `expectedAnsweredAt` (of concurrent corrections one wins); the
   * replaced answer is appended to `corrections`. `corrected: false` when the answer changed or
   * is not a confirmed answer.
   */
  correct(verdict: Verdict, expectedAnsweredAt: string, correction: Correction): Promise<CorrectResult>;
}

// ---------------------------------------------------------------- review tasks (inbox)

/** `cancelled`: the candidate was withdrawn while the task was open (no longer answerable). */
export type TaskStatus = 'open' | 'answered' | 'overdue' | 'cancelled';

export interface MatchHintView {
  kind: 'id-match-name-differs';
  category: string;
  recordName: string;
  documentNumber?: string;
}

/** A task as the API may show it: never the task token. */
export interface TaskView {
  taskId: string;
  campaignId: string;
  candidateId: string;
  department: string;
  status: TaskStatus;
  createdAt: string;
  /**
   * When the answer is due: the end (Beijing) of the department's last working day, counted on the
   * campaign's calendar from the day the task was sent (departmentDeadline). Tasks opened before
   * deadlines were counted in working days hold createdAt + the SLA in days.
   */
  deadline: string;
  /** Years whose 放假安排 was not entered, so the deadline was counted Monday–Friday there. */
  deadlineAssumedYears?: number[];
  hints: MatchHintView[];
  /** Denormalised for the inbox list; the ID number only masked. */
  candidate: { name: string; idMasked: string; township: string; village: string; post: Post };
  /** The login name of the reviewer the task was handed to; while set, only they may answer it. */
  assignee?: string;
  assigneeName?: string;
  /** How often the task was handed on (absent: never); a reassign is conditional on it. */
  assignVersion?: number;
  answeredAt?: string;
  answeredBy?: Actor;
  /** An answer that came after the deadline (refused by Step Functions). */
  lateAnswerAt?: string;
  lateAnswerBy?: Actor;
  /** 谁审查谁负责: an answer with findings waiting for the department's approver. */
  held?: HeldAnswer;
  /** The last held answer an approver sent back (退回), while the task is open again. */
  returned?: ReturnedAnswer;
}

export interface NewTask {
  campaignId: string;
  candidateId: string;
  department: string;
  taskToken: string;
  createdAt: string;
  deadline: string;
  deadlineAssumedYears?: number[];
  hints: MatchHintView[];
  candidate: TaskView['candidate'];
  /**
   * The dispatch's own audit event (shared/domain/audit/answers.ts), stored on the task item in
   * the same write, once per `key` (derived from the task token, so a redelivery adds nothing and
   * a redrive's new token adds its own); the decision seals it. Keys are 1-64 of [0-9a-f].
   */
  dispatch?: { key: string; event: AnswerEvent };
}

export interface TaskRepository {
  /**
   * Stores the token and opens the task. Idempotent: an open task gets the (possibly new) token;
   * a task no longer open is returned unchanged with `opened: false`.
   */
  open(task: NewTask): Promise<{ opened: boolean; task: TaskView }>;
  /** The dispatch events stored on the candidate's review tasks (any order). */
  dispatchEvents(candidateId: string): Promise<AnswerEvent[]>;
  get(candidateId: string, department: string): Promise<TaskView | undefined>;
  /** Several tasks read together, strongly consistent (the page a reviewer attests); missing ones are left out, order not kept. */
  getMany(refs: ReadonlyArray<{ candidateId: string; department: string }>): Promise<TaskView[]>;
  /** Server-side only: never put it in a response. */
  getToken(candidateId: string, department: string): Promise<string | undefined>;
  /** The tokens of several tasks (by task id) in one read; tasks without one are left out. Server-side only. */
  getTokens(refs: ReadonlyArray<{ candidateId: string; department: string }>): Promise<Map<string, string>>;
  /** Tasks of a department in one status, earliest deadline first. */
  listInbox(department: string, status: TaskStatus, opts?: { limit?: number }): Promise<TaskView[]>;
  /** How many tasks of a department are in one status, without reading them (the inbox's tab counts). */
  countInbox(department: string, status: TaskStatus): Promise<number>;
  /** Conditional on the task being open; returns false when it was not. */
  markAnswered(candidateId: string, department: string, by: Actor, at: string): Promise<boolean>;
  /** Marks an open task overdue; returns false when there is no open task (e.g. auto mode). */
  markOverdue(candidateId: string, department: string, at: string): Promise<boolean>;
  /** Records a refused late answer (the task ends up `overdue`). */
  markLate(candidateId: string, department: string, by: Actor, at: string): Promise<void>;
  /**
   * Hands an open task to a reviewer, conditional on the assignment the caller saw
   * (`expectedVersion`: the task's assignVersion, 0 when never assigned), so of concurrent
   * reassigns exactly one wins: 'changed' when another came first, 'notOpen' when the task is not open.
   */
  reassign(
    candidateId: string,
    department: string,
    input: { assignee: string; assigneeName: string; expectedVersion: number },
  ): Promise<'reassigned' | 'changed' | 'notOpen'>;
  /** Closes an open task (its candidate was withdrawn); false when it was not open. */
  cancel(candidateId: string, department: string, at: string): Promise<boolean>;
  /** Holds an answer on an open task that holds none; false when the task is not open or already holds one. */
  hold(candidateId: string, department: string, held: HeldAnswer): Promise<boolean>;
  /**
   * Takes the held answer off an open task, conditional on it still being the one held at `heldAt`
   * (of two approvers, one wins); with `returned`, records it was sent back. False when that did not hold.
   */
  release(candidateId: string, department: string, heldAt: string, returned?: ReturnedAnswer): Promise<boolean>;
}

// ---------------------------------------------------------------- decisions and rulings

export type FinalStatus = DecisionOutcome;

export interface StoredDecision {
  decision: Decision;
  batchId: string;
  /** outcome, or the ruling's result for a referred candidate. */
  finalStatus: FinalStatus;
  /** SHA-256 of the decision without `decidedAt`: equal digests mean the same decision. */
  digest: string;
  /** 1 for the first decision; incremented when a re-decision changed the content. */
  version: number;
  ruling?: Ruling;
}

export interface DecisionRepository {
  /**
   * Idempotent: a second write with the same digest is a no-op (`changed: false`); a different
   * digest (verdicts changed, e.g. a redrive) replaces the decision and bumps `version`.
   */
  put(decision: Decision, batchId: string): Promise<{ changed: boolean; stored: StoredDecision }>;
  get(candidateId: string): Promise<StoredDecision | undefined>;
  /** By final status (a ruled referral moves to cleared/disqualified). */
  listByCampaign(campaignId: string, status: FinalStatus): Promise<StoredDecision[]>;
}

export interface RulingRepository {
  /**
   * Stores the ruling once and moves the decision's final status; only for a referred decision.
   * Throws ConflictError when the decision is missing or not referred; a second ruling returns
   * `created: false` with the existing one.
   */
  put(ruling: Ruling): Promise<{ created: boolean; ruling: Ruling }>;
  get(candidateId: string): Promise<Ruling | undefined>;
  /**
   * Replaces the ruling, conditional on the one the caller read (`expectedRuledAt`) and on the
   * decision not having changed meanwhile (`expectedVersion`); the decision moves to its new final
   * status under a new version. `changed`: another revision or a re-decision came first.
   */
  revise(
    ruling: Ruling,
    expected: { ruledAt: string; version: number },
  ): Promise<{ revised: true; stored: StoredDecision } | { revised: false }>;
}

export interface DisputeRepository {
  /**
   * Opens a dispute, conditional on there being none open and none ruled on this decision version
   * or a later one: `opened: false` with what is stored otherwise.
   */
  open(dispute: Dispute): Promise<{ opened: true; dispute: Dispute } | { opened: false; existing: Dispute }>;
  /** Rules on the open dispute; `ruled: false` with what is stored when it is not open (or missing). */
  rule(candidateId: string, ruling: DisputeRuling): Promise<{ ruled: true; dispute: Dispute } | { ruled: false; existing?: Dispute }>;
  get(candidateId: string): Promise<Dispute | undefined>;
  /** Every dispute of the campaign (open and ruled), in candidate id order. */
  listByCampaign(campaignId: string): Promise<Dispute[]>;
}

/** A re-check as stored: the re-check and the whole answer it set aside. */
export interface StoredRecheck {
  recheck: Recheck;
  previousVerdict: StoredVerdict;
  /**
   * The department's answer events the re-check took off their items (the verdict's, the task's
   * dispatches), with those of its earlier re-checks: an earlier decision sealed them, so verify
   * still finds them (shared/app/answer-events.ts).
   */
  setAside: AnswerEvent[];
}

/** Re-checks (发回重审) and withdrawals (撤回 / 替换人选): shared/domain/review-changes.ts. */
export interface ReviewChangeRepository {
  /** The latest re-check of each department of the candidate, in department order. */
  rechecks(candidateId: string): Promise<StoredRecheck[]>;
  /**
   * Opens a re-check and sets the department's answer aside, atomically: conditional on the
   * candidate's last re-check being number `sequence - 1` (none for 1) and the stored verdict still
   * being `expected` (same status and answeredAt). The verdict and the department's task are removed
   * (the re-check keeps the answer), so the department is asked afresh. False when either moved.
   */
  openRecheck(recheck: Recheck, expected: StoredVerdict, setAside: readonly AnswerEvent[]): Promise<boolean>;
  /** Conditional create, once per candidate; `withdrawn: false` with the stored one otherwise. */
  withdraw(withdrawal: Withdrawal): Promise<{ withdrawn: true; withdrawal: Withdrawal } | { withdrawn: false; existing: Withdrawal }>;
  withdrawal(candidateId: string): Promise<Withdrawal | undefined>;
  /** Which of these candidates are withdrawn (one batch read, consistent). */
  withdrawnAmong(candidateIds: readonly string[]): Promise<Set<string>>;
  /** Every withdrawal of the campaign, in candidate id order. */
  withdrawalsByCampaign(campaignId: string): Promise<Withdrawal[]>;
}

// ---------------------------------------------------------------- audit

/** One event to append: `type` decides the shape of `data` (shared/domain/audit/events.ts). */
export type AuditAppendInput = AuditRecord & {
  candidateId: string;
  actor: Actor;
  at: string;
};

export interface AuditRepository {
  /**
   * Appends to the candidate's hash chain (domain `appendEvent`), safe under concurrent appends.
   * With `dedupeKey`, a second append with the same key is a no-op (`appended: false`), so
   * retried handlers never duplicate events.
   */
  append(input: AuditAppendInput, opts?: { dedupeKey?: string }): Promise<{ appended: boolean; event?: AuditEvent }>;
  /**
   * Appends several events of ONE candidate, in order, atomically (one chain step per event).
   * Entries whose dedupe key was already used are skipped; the result has the appended event at
   * each entry's index, or undefined for a skipped one.
   */
  appendAll(entries: ReadonlyArray<{ input: AuditAppendInput; dedupeKey?: string }>): Promise<Array<AuditEvent | undefined>>;
  /** Events in seq order. */
  listByCandidate(candidateId: string): Promise<AuditEvent[]>;
  /** The chain head (last event's hash and seq), if any. */
  head(candidateId: string): Promise<{ seq: number; hash: string } | undefined>;
}

// ---------------------------------------------------------------- anchors

/**
 * An append-only store OUTSIDE the table, for anchors of the audit chains (shared/domain/audit/
 * anchors.ts): a file in the data folder locally (shared/adapters/anchors/file.ts), S3 Object
 * Lock on AWS (shared/adapters/anchors/s3.ts). Nothing is ever changed or removed.
 */
export interface AnchorLog {
  /**
   * Appends one anchor; seq, digest and the previous line's hash come from the log as it stands.
   * Safe against concurrent appenders (a lock, or a conditional write that is retried).
   */
  append(anchor: NewAnchor): Promise<AnchorRecord>;
  /** Every anchor, oldest first. */
  list(): Promise<AnchorRecord[]>;
}

// ---------------------------------------------------------------- uploads past the payload limit

/** Where the client is to put a file's bytes (a presigned S3 PUT on AWS, the local HTTP adapter locally). */
export interface UploadTarget {
  url: string;
  /** Headers the PUT must carry as given (e.g. the signed Content-Length). */
  headers: Record<string, string>;
  expiresAt: string;
}

/**
 * Files too large for a JSON body (the Lambda payload limit): put to a ticket's URL, then read by
 * the requests that name the upload (the batch check, then the submission). An upload belongs to
 * the account that asked for it and is gone a day after it was put.
 */
export interface UploadStore {
  /** A target for exactly `bytes` bytes, valid until `expiresAt`. */
  target(input: { owner: string; uploadId: string; bytes: number; now: Date }): Promise<UploadTarget>;
  /** The uploaded bytes; undefined when absent, expired or another account's. */
  read(owner: string, uploadId: string): Promise<Uint8Array | undefined>;
}

// ---------------------------------------------------------------- batch progress and report

export interface StoredConflict {
  village: string;
  township: string;
  relation: Relation;
  /** Candidate ids, names and posts; never ID numbers. */
  candidates: [ConflictSide, ConflictSide];
  via: 'declared' | 'id-link';
  citation: Citation | null;
  /** The avoidance rule and who must give way (absent in reports stored before rules named them). */
  rule?: string;
  givesWay?: 0 | 1 | null;
  resolution?: string;
}

export interface ConflictSide {
  candidateId: string;
  name: string;
  post?: Post;
}

export interface BatchReport {
  batchId: string;
  campaignId: string;
  policy: { id: string; version: string };
  createdAt: string;
  conflicts: StoredConflict[];
  /** The domain's structure report per village, stored as produced. */
  structure: VillageStructure[];
}

export interface ProgressRepository {
  /**
   * Counts the candidate once per batch (a repeat returns `counted: false`): a small marker item per
   * candidate and an atomic counter on the batch, never a growing set on the batch item. A failure
   * mark the candidate had is cleared (a redriven execution that got through).
   */
  countDecided(batchId: string, candidateId: string): Promise<{ counted: boolean; decided: number; total: number }>;
  /** Marks the candidate failed once per batch (marker + counter); a repeat returns `recorded: false`. */
  markFailed(batchId: string, candidateId: string, failure: { at: string; error: string }): Promise<{ recorded: boolean }>;
  /** The candidates of the batch marked failed and not counted since. */
  listFailed(batchId: string): Promise<string[]>;
  /** Conditional create; also sets the batch's `reportReady`. A repeat is a no-op. */
  putReport(report: BatchReport): Promise<{ created: boolean }>;
  getReport(batchId: string): Promise<BatchReport | undefined>;
}

// ---------------------------------------------------------------- 公示, objections, duplicates

/** The publicity side of a campaign (shared/domain/publicity.ts); every write is conditional. */
export interface PublicityRepository {
  /** Stores a new period; false when its id is taken (another one was opened first). */
  openPeriod(period: PublicityPeriod): Promise<boolean>;
  /** In the order they were opened. */
  periods(campaignId: string): Promise<PublicityPeriod[]>;
  /** Stores an objection under its (candidate, seq); false when that seq is taken. */
  addObjection(objection: Objection): Promise<boolean>;
  /** The candidate's objections, by seq. */
  objections(campaignId: string, candidateId: string): Promise<Objection[]>;
  /** Every objection of the campaign, by candidate then seq. */
  objectionsByCampaign(campaignId: string): Promise<Objection[]>;
  /** Closes an open objection with its outcome, once. */
  closeObjection(
    campaignId: string,
    candidateId: string,
    seq: number,
    outcome: ObjectionOutcome,
  ): Promise<{ closed: true; objection: Objection } | { closed: false; existing?: Objection }>;
  /** Keeps the flag once per flagged candidate (a repeat is a no-op). */
  flagDuplicate(duplicate: Duplicate): Promise<void>;
  /** The campaign's duplicates, by flagged candidate. */
  duplicates(campaignId: string): Promise<Duplicate[]>;
  /** Resolves an open duplicate, once. */
  resolveDuplicate(
    campaignId: string,
    candidateId: string,
    resolution: NonNullable<Duplicate['resolution']>,
  ): Promise<{ resolved: true; duplicate: Duplicate } | { resolved: false; existing?: Duplicate }>;
}

// ---------------------------------------------------------------- all together

export interface Repositories {
  policies: PolicyRepository;
  campaigns: CampaignRepository;
  holidays: HolidayRepository;
  batches: BatchRepository;
  candidates: CandidateRepository;
  extracts: RecordExtractRepository;
  verdicts: VerdictRepository;
  tasks: TaskRepository;
  decisions: DecisionRepository;
  rulings: RulingRepository;
  disputes: DisputeRepository;
  changes: ReviewChangeRepository;
  audit: AuditRepository;
  progress: ProgressRepository;
  publicity: PublicityRepository;
  notifications: NotificationRepository;
  process: ProcessRepository;
  requests: RequestStores;
}

// ---------------------------------------------------------------- first review, write-ins, filings

/** Draft batches with their first review, and secretary filings (shared/domain/process.ts). */
export interface ProcessRepository {
  stage(batchId: string): Promise<BatchStage | undefined>;
  /** Every stage of the campaign's batches. */
  stagesByCampaign(campaignId: string): Promise<BatchStage[]>;
  /** Conditional: creates when `expect` is undefined, else replaces only a stored stage with that status. False when that did not hold. */
  putStage(stage: BatchStage, expect?: BatchStage['status']): Promise<boolean>;
  filing(candidateId: string): Promise<Filing | undefined>;
  /** Conditional create, once per candidate. False when the candidate already has one. */
  putFiling(filing: Filing): Promise<boolean>;
  /** Every filing of the campaign. */
  filingsByCampaign(campaignId: string): Promise<Filing[]>;
  /** A department's review settings (谁审查谁负责) in a campaign. */
  departmentReview(campaignId: string, department: string): Promise<DepartmentReview | undefined>;
  departmentReviews(campaignId: string): Promise<DepartmentReview[]>;
  /** Conditional: creates version 1, or replaces the stored `version - 1`. False when that did not hold. */
  putDepartmentReview(review: DepartmentReview): Promise<boolean>;
}

/** Requests to the organization department (shared/domain/requests.ts): the latest one per candidate and department. */
export interface RequestStore<R extends RequestBase> {
  /**
   * Stores a new request, conditional on the stored one (if any) being decided and being number
   * `sequence - 1`: `created: false` with what is stored otherwise (a pending one, or a newer one).
   */
  request(request: R): Promise<{ created: true } | { created: false; existing?: R }>;
  get(candidateId: string, department: string): Promise<R | undefined>;
  /** Decides the pending request number `sequence`; `decided: false` with what is stored when it is not pending (or another). */
  decide(
    candidateId: string,
    department: string,
    sequence: number,
    decision: RequestDecision,
  ): Promise<{ decided: true; request: R } | { decided: false; existing?: R }>;
  /** The latest request of every candidate and department of the campaign, in candidate then department order. */
  listByCampaign(campaignId: string): Promise<R[]>;
}

/** One store of each kind: 延期申请 (`extension`) and 重审申请 (`recheck`). */
export type RequestStores = { [K in RequestKind]: RequestStore<RequestOf<K>> };

// ---------------------------------------------------------------- Step Functions

/**
 * What became of a callback: `sent` (Step Functions took it), `timedOut` (the task's timeout
 * passed: the answer is late), `gone` (the task or its execution is over, or the token is not
 * one Step Functions knows: TaskDoesNotExist, InvalidToken). Any other failure is thrown.
 */
export type CallbackResult = 'sent' | 'timedOut' | 'gone';

/** SendTaskSuccess / SendTaskFailure for waitForTaskToken tasks. One implementation: shared/adapters/sfn. */
export interface TaskCallbacks {
  succeed(token: string, output: unknown): Promise<CallbackResult>;
  fail(token: string, error: string, cause: string): Promise<CallbackResult>;
}

/** Starting one candidate's review execution; the name makes it idempotent. */
export interface Executions {
  start(input: { name: string; input: unknown }): Promise<'started' | 'alreadyStarted'>;
  /** StopExecution by name (a withdrawn candidate); `notRunning` when it ended or never started. */
  stop(input: { name: string; error: string; cause: string }): Promise<'stopped' | 'notRunning'>;
}

/** A FAILED execution of the candidate-review state machine. */
export interface FailedExecution {
  executionArn: string;
  name: string;
  /** When it stopped (UTC); redrive is possible for 14 days after. */
  stopDate: Date;
}

/** ListExecutions (FAILED), DescribeExecution's input and RedriveExecution: `lianshen redrive` and the hourly job. */
export interface Redrives {
  /** FAILED executions that stopped at or after `since`, newest first (every page). */
  listFailed(since: Date): Promise<FailedExecution[]>;
  /** The execution's input (ids only: campaignId, batchId, candidateId). */
  inputOf(executionArn: string): Promise<unknown>;
  /** notRedrivable: running again already, past the 14 days, or redriven to its limit. */
  redrive(executionArn: string): Promise<'redriven' | 'notRedrivable'>;
}

// ---------------------------------------------------------------- queues

/** What POST /batches puts on the intake queue: one message per candidate, ids only. */
export interface IntakeMessage {
  campaignId: string;
  batchId: string;
  candidateId: string;
}

export interface IntakeQueue {
  /** Sends every message or throws (a retry with the same Idempotency-Key sends them again). */
  enqueue(messages: readonly IntakeMessage[]): Promise<void>;
}

// ---------------------------------------------------------------- files

/** An uploaded file as it arrived. */
export interface UploadedFile {
  bytes: Uint8Array;
  filename: string;
}

/** Reading uploaded files into domain rows (shared/adapters/files implements it). */
export interface FileReaders {
  /** With `units`, every row's 乡镇(街道) and 村(社区) must be on the campaign's list. */
  batch(input: { candidates: UploadedFile; relatives?: UploadedFile; today: string; units?: UnitRegistry }): Promise<BatchResult>;
  records(input: UploadedFile & { today: string }, policy: Policy): Promise<RecordsResult>;
  /** The campaign's 行政区划 list (a township already in `existing` keeps its code unless the file gives one). */
  units(input: UploadedFile & { existing?: readonly CampaignTownship[] }): Promise<UnitsResult>;
  /** One year's 放假安排 (日期, 类型, 说明). */
  holidays(input: UploadedFile & { year: number; source: string }): Promise<HolidaysResult>;
  /** A policy workbook (.xlsx), YAML or JSON, validated all or nothing. */
  policy(file: UploadedFile): Promise<PolicyResult>;
}

// ---------------------------------------------------------------- accounts

export type AccountStatus = 'enabled' | 'disabled';

/** An account as the organization department manages it: never a password or its hash. */
export interface Account {
  /** The login name, immutable: the id of the account in the API. */
  username: string;
  /** The identity provider's stable id (the token's `sub`), recorded in audit events. */
  sub: string;
  displayName: string;
  /** E.164 (`+8613812345678`); absent for the first organization-department account. */
  phone?: string;
  /** For notices by e-mail (SES on AWS); optional. */
  email?: string;
  /** The group name: `orgdept`, `township:<code>` or `department:<code>`. */
  role: string;
  status: AccountStatus;
  /** Locked after repeated wrong passwords, until unlocked. */
  locked: boolean;
  /** The next sign-in must set a new password (a new account, or one whose password was reset). */
  mustChangePassword: boolean;
  createdAt: string;
  lastSignInAt?: string;
}

export interface NewAccount {
  username: string;
  displayName: string;
  phone?: string;
  email?: string;
  role: string;
  /** Shown once to the organization department; the first sign-in must replace it. */
  temporaryPassword: string;
  createdAt: string;
  createdBy: string;
}

/**
 * Account management in the identity provider: the accounts of the local data folder, or a
 * Cognito user pool. Every call that changes what a user may do says so in its name; the ones
 * that end sessions end every session of the account.
 */
export interface IdentityAdmin {
  readonly provider: 'local' | 'cognito';
  /**
   * How long an access token stays usable after its sessions were ended: 0 where every request
   * checks the session (local), the access token's lifetime where the API only checks signature
   * and expiry (Cognito behind API Gateway's JWT authorizer).
   */
  readonly revocationDelayMinutes: number;
  /** Every account, enabled or not. */
  list(): Promise<Account[]>;
  get(username: string): Promise<Account | undefined>;
  /** The accounts holding one role (e.g. a department's reviewers). */
  listByRole(role: string): Promise<Account[]>;
  /** Creates the account with a temporary password; `created: false` when the login name is taken (nothing written). */
  create(input: NewAccount): Promise<{ created: true; account: Account } | { created: false }>;
  /** Disables sign-in and ends every session. Undefined: no such account. */
  disable(username: string, at: string): Promise<Account | undefined>;
  enable(username: string, at: string): Promise<Account | undefined>;
  /** Sets a temporary password the next sign-in must change, and ends every session. */
  resetPassword(username: string, temporaryPassword: string, at: string): Promise<Account | undefined>;
  /** Ends every session of the account. */
  signOutEverywhere(username: string, at: string): Promise<Account | undefined>;
  /** Lifts a lock after wrong passwords. Absent where the provider lifts its locks itself (Cognito). */
  unlock?(username: string, at: string): Promise<Account | undefined>;
}

/** A local account as stored: the account plus what sign-in needs. */
export interface StoredAccount extends Account {
  passwordHash: string;
  /** Tokens carry the version they were issued under; raising it ends every session at once. */
  sessionVersion: number;
  /** Wrong passwords in a row. */
  failedAttempts: number;
  lockedAt?: string;
  createdBy: string;
  updatedAt: string;
}

export interface AccountChange {
  status?: AccountStatus;
  passwordHash?: string;
  mustChangePassword?: boolean;
  /** sessionVersion + 1. */
  endSessions?: boolean;
  /** failedAttempts back to 0 and the lock lifted. */
  unlock?: boolean;
}

/** Where the local stack keeps its accounts (the stack's DynamoDB table). */
export interface AccountStore {
  /** Conditional on the login name being free; false when it is taken. */
  create(account: StoredAccount): Promise<boolean>;
  get(username: string): Promise<StoredAccount | undefined>;
  /** By role, then login name. */
  list(): Promise<StoredAccount[]>;
  listByRole(role: string): Promise<StoredAccount[]>;
  /** Applies the change atomically; undefined when there is no such account. */
  update(username: string, change: AccountChange, at: string): Promise<StoredAccount | undefined>;
  /** Counts one wrong password atomically and returns the count in a row (undefined: no such account). */
  recordFailure(username: string, at: string): Promise<number | undefined>;
  /** Locks the account; true only for the one call that locked it. */
  lock(username: string, at: string): Promise<boolean>;
  /** A successful sign-in: the count of wrong passwords goes back to 0. */
  recordSignIn(username: string, at: string): Promise<void>;
}

/** Password hashing (scrypt in the adapters): slow on purpose, never reversible. */
export interface PasswordHasher {
  hash(password: string): Promise<string>;
  /** Without a hash (an unknown login name) it spends the same time and answers false. */
  verify(password: string, hash: string | undefined): Promise<boolean>;
}

/** Sign-in attempts per client address within a window. */
export interface SignInThrottle {
  /** Takes one attempt for `key`; refused with the seconds to wait once the window's attempts are used up. */
  take(key: string, now: Date): { allowed: true } | { allowed: false; retryAfterSeconds: number };
  /** Gives back an attempt that turned out to be a successful sign-in. */
  refund(key: string): void;
}

/**
 * Who manages the accounts of a deployment: the local stack (accounts in its table), Cognito, or
 * an external OIDC provider (统一身份认证平台), where lianshen manages none.
 */
export type IdentityProvider =
  | { kind: 'local'; admin: IdentityAdmin; store: AccountStore; hasher: PasswordHasher }
  | { kind: 'cognito'; admin: IdentityAdmin }
  | { kind: 'external' };

// ---------------------------------------------------------------- telemetry

/** Metric names the use cases emit; the infra alarms and dashboard read the pipeline ones. */
export const METRIC = {
  ExecutionsStarted: 'ExecutionsStarted',
  ExecutionsAlreadyStarted: 'ExecutionsAlreadyStarted',
  AutoAnswered: 'AutoAnswered',
  TasksQueuedForReview: 'TasksQueuedForReview',
  DuplicateDeliveries: 'DuplicateDeliveries',
  OverdueTasks: 'OverdueTasks',
  DeclinedTasks: 'DeclinedTasks',
  Decisions: 'Decisions',
  BatchesCompleted: 'BatchesCompleted',
  BatchesSubmitted: 'BatchesSubmitted',
  CandidatesSubmitted: 'CandidatesSubmitted',
  ExtractsUploaded: 'ExtractsUploaded',
  PortalAnswers: 'PortalAnswers',
  LateAnswers: 'LateAnswers',
  ReportsExported: 'ReportsExported',
  CandidatesFailed: 'CandidatesFailed',
} as const;
export type MetricName = (typeof METRIC)[keyof typeof METRIC];

/** Counters (Powertools metrics in Lambda). */
export interface Metrics {
  count(name: MetricName, value?: number): void;
}

/** Operational log lines; never personal data in `fields`. */
export interface Log {
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
}

// ---------------------------------------------------------------- notifications

/** The outbox of notifications (shared/domain/notifications.ts), one item each. */
export interface NotificationRepository {
  /** Conditional on the id being new: the same event again writes nothing (`created: false`). */
  create(notification: Notification): Promise<{ created: boolean }>;
  get(id: string): Promise<Notification | undefined>;
  /** A unit's notifications, newest first. */
  listByUnit(unit: string, opts?: { limit?: number }): Promise<Notification[]>;
  /** 待发送 notifications whose next attempt is due at `at`, earliest first. */
  listDue(at: string, opts?: { limit?: number }): Promise<Notification[]>;
  /**
   * Stores the delivery after an attempt, conditional on the attempts stored still numbering
   * `expectedAttempts` (two workers never both record one attempt); false when another came first.
   */
  recordDelivery(id: string, expectedAttempts: number, delivery: NotificationDelivery): Promise<boolean>;
  /** Marks it read if it was not; false when it is missing or was read already. */
  markRead(id: string, at: string, by: string): Promise<boolean>;
}

/** One message to one account. `to` is an address the channel understands (E.164 phone, e-mail). */
export interface OutgoingMessage {
  channel: 'sms' | 'email';
  to: string;
  /** The login name, for the adapters that record per account (file, webhook). */
  username: string;
  subject: string;
  text: string;
  /** The notification, so a gateway can recognise a repeat. */
  notificationId: string;
}

/** Where notifications leave the system: SNS SMS, SES e-mail, a file, a county's own gateway. */
export interface NotificationSender {
  readonly channels: ReadonlyArray<OutgoingMessage['channel']>;
  /** Resolves when the message was accepted; throws when it was not (the outbox retries). */
  send(message: OutgoingMessage): Promise<void>;
}

// ---------------------------------------------------------------- exports (asynchronous reports)

/** What an export job makes: 联审结果汇总表, 反馈名单, 联审台账. */
export type ExportKind = 'clearance' | 'feedback' | 'ledger';
export type ExportStatus = 'queued' | 'running' | 'done' | 'failed';

export interface ExportScope {
  campaignId?: string;
  batchId?: string;
  /** A township code (the ledger of one township). */
  township?: string;
}

/** The file a finished job made, in the export store (S3 `exports/…` or the local data folder). */
export interface ExportFile {
  key: string;
  name: string;
  contentType: string;
  bytes: number;
  rows: number;
}

export interface ExportJob {
  jobId: string;
  /** The requester's user id: jobs are listed and read by it. */
  owner: string;
  /** The requester as the worker must act for them (its access checks run again there). */
  caller: { userId: string; username: string; townships: string[]; departments: string[]; orgdept: boolean };
  kind: ExportKind;
  scope: ExportScope;
  fullIds: boolean;
  status: ExportStatus;
  createdAt: string;
  updatedAt: string;
  /** Deliveries that started the work (a crashed worker's job is taken again). */
  attempts: number;
  file?: ExportFile;
  error?: { code: string; message: string };
}

/** Export job records; every change is a conditional write on the status it expects. */
export interface ExportJobRepository {
  /** Only when no job has this id. */
  create(job: ExportJob): Promise<'created' | 'exists'>;
  get(jobId: string): Promise<ExportJob | undefined>;
  /** The owner's jobs, newest first. */
  listByOwner(owner: string, limit: number): Promise<ExportJob[]>;
  /** Applies `patch` only while the job's status is one of `from`; the job afterwards, or undefined when it was not. */
  transition(
    jobId: string,
    from: readonly ExportStatus[],
    patch: Partial<Omit<ExportJob, 'jobId' | 'owner'>>,
  ): Promise<ExportJob | undefined>;
}

/** Hands a job to the export worker (SQS). */
export interface ExportQueue {
  enqueue(jobId: string): Promise<void>;
}

/** Where export files go and how a browser fetches one: a short-lived signed GET. */
export interface ExportStore {
  put(key: string, bytes: Uint8Array, contentType: string): Promise<void>;
  downloadUrl(file: Pick<ExportFile, 'key' | 'name' | 'contentType'>, now: Date): Promise<{ url: string; expiresAt: string }>;
}

/** A finished job; a notification (message to the requester) can be wired here later. */
export interface ExportNotifier {
  exportReady(job: ExportJob): Promise<void>;
}
