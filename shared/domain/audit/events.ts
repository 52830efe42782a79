// What each audit event type carries in `data`. The chain (chain.ts) hashes `data` as stored;
// these schemas say what the pipeline writes, so a reader (the audit page, `lianshen verify`, the
// API contract) can rely on the shape of each type. A verdict's status is always `result`.
// Never ID numbers or names: candidates are ids, people are user ids, free text is hashed.
import { z } from 'zod';
import { Actor, DecisionOutcome, IsoDate, Severity, Verdict, VerdictStatus, type AuditEventType } from '../model.js';

/** A finding as the audit keeps it: the structured part only (a note may name people). */
export const AuditFinding = z.object({
  category: z.string(),
  startDate: z.string().nullable(),
  endDate: z.string().nullable(),
  status: z.string().nullable(),
  documentNumber: z.string().nullable(),
});
export type AuditFinding = z.infer<typeof AuditFinding>;

/** The "no records" statement a reviewer signs for many tasks at once (on the department's chain). */
export const AttestationStatement = z.object({
  kind: z.literal('lianshen.attestation/v1'),
  department: z.string(),
  statement: z.string(),
  attestedBy: Actor,
  attestedByName: z.string(),
  attestedAt: z.string(),
  taskIds: z.array(z.string()),
});
export type AttestationStatement = z.infer<typeof AttestationStatement>;

/** How an answer given by attestation points to its statement. */
export const AttestationRef = z.object({
  sha256: z.string(),
  statement: z.string(),
  attestedAt: z.string(),
  tasks: z.number().int().nonnegative(),
});
export type AttestationRef = z.infer<typeof AttestationRef>;

const AnswerSource = Verdict.shape.source.unwrap();

const SealHash = z.string().regex(/^[0-9a-f]{64}$/);

/** One sealed event: `department:type:hash16`, type `a` (answered) or `d` (dispatched), hash16 the first 16 hex digits of its hash. */
export const SEALED_ENTRY = /^([a-z0-9-]{0,40}):([ad]):([0-9a-f]{16})$/;

/**
 * What a `decided` event keeps of the answer events it seals (answers.ts), in their sorted order:
 * the Merkle root (merkle.ts) over their whole hashes, and each event as a short entry (a third of
 * the size of the form sealed before 2026-12-05, which held each event's department, type and
 * whole hash, and is still read). The decided event is written inside a transaction, two write
 * units a KB, and seals up to 45 events.
 */
export const SealedAnswers = z.union([
  z.object({ root: SealHash, sealed: z.array(z.string().regex(SEALED_ENTRY)) }),
  z.object({
    root: SealHash,
    events: z.array(z.object({ department: z.string(), type: z.enum(['answered', 'dispatched']), hash: SealHash })),
  }),
]);
export type SealedAnswers = z.infer<typeof SealedAnswers>;

export const ACCOUNT_ACTIONS = [
  'created',
  'disabled',
  'enabled',
  'password_reset',
  'unlocked',
  'signed_out',
  'password_changed',
  'locked',
] as const;
export const AccountAction = z.enum(ACCOUNT_ACTIONS);
export type AccountAction = z.infer<typeof AccountAction>;

/** A department's answer to one task (from its extract, the portal or an attestation). */
export const TaskAnswerData = z.object({
  department: z.string(),
  result: z.enum(['clear', 'findings']),
  source: AnswerSource,
  findings: z.array(AuditFinding),
  attestation: AttestationRef.optional(),
  /** 谁审查谁负责: the department's approver who let the answer count, and when. */
  approvedBy: Actor.optional(),
  approvedAt: z.string().optional(),
  /** The department's record sources the reviewer searched (its own names for them). */
  sourcesSearched: z.array(z.string()).optional(),
});

export const AUDIT_DATA = {
  submitted: z.object({
    batchId: z.string(),
    township: z.string(),
    seq: z.number().int().nullable(),
    /** post-election: a write-in winner vetted after the vote; absent: before it. */
    kind: z.enum(['pre-election', 'post-election']).optional(),
  }),
  dispatched: z.object({
    department: z.string(),
    mode: z.enum(['auto', 'manual', 'stored']),
    timeoutSeconds: z.number(),
    /** The deadline (end of the last working day, Beijing); absent in events written before deadlines were working days. */
    dueAt: z.string().optional(),
  }),
  answered: z.union([
    TaskAnswerData,
    /** The department declined to answer (the workflow's RecordDeclined). */
    z.object({ department: z.string(), result: z.literal('declined'), unconfirmedAnswer: VerdictStatus.optional() }),
    /** The statement itself, once, on the department's chain; each answer points to it by sha256. */
    z.object({ attestation: AttestationStatement, sha256: z.string() }),
  ]),
  late_answer: TaskAnswerData,
  /** The workflow's catch-all: a step failed after its retries; the execution ends FAILED and can be redriven. Only the error name, never its message. */
  failed: z.object({ error: z.string() }),
  overdue: z.object({ department: z.string(), result: z.literal('overdue'), unconfirmedAnswer: VerdictStatus.optional() }),
  decided: z.object({
    outcome: DecisionOutcome,
    version: z.number().int(),
    digest: z.string(),
    policy: z.object({ id: z.string(), version: z.string() }),
    referenceDate: IsoDate,
    reasons: z.array(
      z.object({
        category: z.string(),
        severity: Severity,
        department: z.string(),
        documentNumber: z.string().nullable(),
        eligibleFrom: z.string().nullable(),
      }),
    ),
    unanswered: z.array(z.object({ department: z.string(), status: VerdictStatus })),
    /** The answer events this decision seals; absent in decisions recorded before answers left the chain. */
    answers: SealedAnswers.optional(),
  }),
  ruled: z.object({
    outcome: z.enum(['uphold', 'disqualify']),
    justificationSha256: z.string(),
    decisionVersion: z.number().int(),
    /** The referred items the ruling decided; absent in rulings recorded before it named them. */
    covers: z.array(z.string()).optional(),
  }),
  reassigned: z.object({ department: z.string(), assignee: z.string() }),
  reminded: z.object({ department: z.string(), openTasks: z.number().int(), overdueTasks: z.number().int() }),
  report_exported: z.object({
    format: z.enum(['json', 'xlsx', 'publicity']),
    rows: z.number().int(),
    totals: z.record(z.string(), z.number()),
  }),
  /** An account action on the accounts chain (who is the event's actor); never a password, name or phone number. */
  account: z.object({
    action: AccountAction,
    /** The login name. */
    account: z.string(),
    /** The identity provider's id (`sub`), when known. */
    accountId: z.string().nullable(),
    role: z.string().nullable(),
    /** `locked`: wrong passwords in a row. */
    failedAttempts: z.number().int().optional(),
  }),
  /** On the campaign's chain: set up, settings changed, or a 行政区划 list uploaded. */
  campaign_changed: z.object({
    action: z.enum(['created', 'updated', 'units']),
    /** The settings that changed (townships, schedule, electionDate, …). */
    fields: z.array(z.string()),
    townships: z.number().int(),
    villages: z.number().int(),
    /** SHA-256 of the campaign's settings after the change (canonical JSON). */
    sha256: z.string(),
  }),
  /** On the calendar's chain: one year's 放假安排 entered or replaced. */
  holidays_changed: z.object({
    year: z.number().int(),
    action: z.enum(['created', 'replaced']),
    source: z.string(),
    holidays: z.number().int(),
    workdays: z.number().int(),
    /** SHA-256 of the year's arrangement (canonical JSON), so a later copy can be compared. */
    sha256: z.string(),
  }),
  /** On the campaign's chain: the pinned policy version changed (the reason is kept with the campaign). */
  policy_switched: z.object({
    from: z.object({ id: z.string(), version: z.string() }),
    to: z.object({ id: z.string(), version: z.string() }),
    reasonSha256: z.string(),
  }),
  /** A department replaced its answer (the earlier one is the `answered` event before); free text hashed. */
  corrected: z.object({
    department: z.string(),
    previous: z.object({ result: z.enum(['clear', 'findings']), findings: z.array(AuditFinding), answeredAt: z.string().nullable() }),
    result: z.enum(['clear', 'findings']),
    findings: z.array(AuditFinding),
    documentNumber: z.string(),
    reasonSha256: z.string(),
  }),
  /** A township disputed the decision (frozen as 复核中); the reason is kept with the dispute, attachments by hash. */
  disputed: z.object({
    township: z.string(),
    decisionVersion: z.number().int(),
    disputedStatus: DecisionOutcome,
    reasonSha256: z.string(),
    /** File names are free text and stay with the dispute; the chain pins each file by hash. */
    attachments: z.array(z.object({ sha256: z.string(), bytes: z.number().int() })),
  }),
  /** The organization department ruled on the dispute: 维持原结论 or 改变结论 (to `outcome`). */
  dispute_ruled: z.object({
    result: z.enum(['maintain', 'change']),
    outcome: DecisionOutcome,
    decisionVersion: z.number().int(),
    reasonSha256: z.string(),
  }),
  /** The organization department sent the candidate back to one department (发回重审); the reason hashed. */
  recheck_requested: z.object({
    department: z.string(),
    sequence: z.number().int(),
    decisionVersion: z.number().int(),
    previous: z.object({ result: z.string(), answeredAt: z.string().nullable() }),
    reasonSha256: z.string(),
    /** The founded 公示 objection that asked for it; absent for a re-check the organization department asked of itself. */
    objectionSeq: z.number().int().optional(),
  }),
  /** The township withdrew the candidate (已撤回): open tasks cancelled, its review stopped. */
  withdrawn: z.object({
    township: z.string(),
    reasonSha256: z.string(),
    cancelledTasks: z.array(z.string()),
    replacedBy: z.string().nullable(),
    /** Whether a running review execution was stopped (kept so a replayed replacement answers as the first did; absent before). */
    stopped: z.boolean().optional(),
  }),
  /** This candidate was proposed in place of another (替换人选), who was withdrawn. */
  replacement: z.object({ replaces: z.string(), township: z.string() }),
  /** On the department's chain: a reviewer downloaded its open tasks (with full ID numbers) to check them in its own system; how many, never whom. */
  tasks_exported: z.object({ department: z.string(), status: z.literal('open'), rows: z.number().int() }),
  /** The organization department revised its ruling before results were final: a new decision version; texts hashed. */
  ruling_revised: z.object({
    previousOutcome: z.enum(['uphold', 'disqualify']),
    outcome: z.enum(['uphold', 'disqualify']),
    justificationSha256: z.string(),
    reasonSha256: z.string(),
    /** The decision version the revision made (the one it replaced is one less). */
    decisionVersion: z.number().int(),
  }),
  /** The township uploaded the candidate in a draft batch (not yet sent to the county, no review started). */
  drafted: z.object({
    batchId: z.string(),
    township: z.string(),
    seq: z.number().int().nullable(),
    kind: z.enum(['pre-election', 'post-election']),
  }),
  /** The township's first review (乡镇初审) of the candidate; the remark hashed. */
  first_reviewed: z.object({ batchId: z.string(), township: z.string(), result: z.enum(['pass', 'fail']), remarkSha256: z.string() }),
  /** The organization department approved or rejected the secretary nominee's filing (备案); the note hashed. */
  filing_decided: z.object({ decision: z.enum(['approve', 'reject']), noteSha256: z.string() }),
  /** The organization department opened a 公示 period (on each candidate's chain and the campaign's); dates in Beijing days. */
  publicity_opened: z.object({
    periodId: z.string(),
    township: z.string().nullable(),
    startDate: IsoDate,
    endDate: IsoDate,
    days: z.number().int(),
    candidates: z.number().int(),
    /** SHA-256 of the period's candidate ids (canonical JSON), so the set cannot change unseen. */
    candidatesSha256: z.string(),
  }),
  /** An objection received during the period: who reported it and what stay with the objection; the chain pins them by hash. */
  objection_received: z.object({
    periodId: z.string(),
    seq: z.number().int(),
    anonymous: z.boolean(),
    channel: z.string(),
    receivedAt: z.string(),
    contentSha256: z.string(),
    reporterSha256: z.string().nullable(),
  }),
  /** How the objection was checked: 不属实, or 属实 with a re-check (its department and number) or a ruling that removes the candidate. */
  objection_checked: z.object({
    seq: z.number().int(),
    result: z.enum(['unfounded', 'founded']),
    action: z.enum(['recheck', 'ruling']).nullable(),
    department: z.string().nullable(),
    recheckSequence: z.number().int().nullable(),
    checkedSha256: z.string(),
  }),
  /** At submission: the person (same ID number, by HMAC) is already in another township's batch of the campaign. */
  duplicate_flagged: z.object({ heldBy: z.string(), heldByTownship: z.string(), township: z.string() }),
  /** The organization department decided which of the two stands (on both chains). */
  duplicate_resolved: z.object({ kept: z.string(), setAside: z.string(), reasonSha256: z.string() }),
  /** On the campaign's chain: the organization department exported the 联审台账 with full ID numbers; how many rows, never whom. */
  ledger_exported: z.object({ township: z.string().nullable(), rows: z.number().int(), fullIds: z.literal(true) }),
  /** A reviewer's answer with findings waits for the department's approver (谁审查谁负责); nothing counts yet. */
  answer_held: z.object({
    department: z.string(),
    result: z.literal('findings'),
    findings: z.array(AuditFinding),
    sourcesSearched: z.array(z.string()),
  }),
  /** The approver sent the held answer back to the reviewer (退回); the reason hashed. */
  answer_returned: z.object({ department: z.string(), heldAt: z.string(), reasonSha256: z.string() }),
  /** On the department's chain: its review settings (sign-off, approvers, record sources) in a campaign. */
  department_review_set: z.object({
    campaignId: z.string(),
    department: z.string(),
    signOff: z.boolean(),
    approvers: z.number().int(),
    sources: z.array(z.string()),
    version: z.number().int(),
  }),
  /** An extension request (延期申请) of an overdue task, and the organization department's answer; reasons hashed. */
  extension: z.object({
    department: z.string(),
    sequence: z.number().int(),
    action: z.enum(['requested', 'approved', 'declined']),
    reasonSha256: z.string(),
    /** The re-check an approval opened; null otherwise. */
    recheckSequence: z.number().int().nullable(),
  }),
  /** The township deleted the draft batch that held the candidate before sending it: never reviewed, the person's claim released. */
  draft_discarded: z.object({ batchId: z.string(), township: z.string(), seq: z.number().int().nullable() }),
  /** A township's re-check request (重审申请) for one department, and the organization department's answer; reasons hashed, attachments by hash. */
  recheck_request: z.object({
    department: z.string(),
    sequence: z.number().int(),
    action: z.enum(['requested', 'approved', 'declined']),
    reasonSha256: z.string(),
    attachments: z.array(z.object({ sha256: z.string(), bytes: z.number().int() })),
    /** The re-check an approval opened; null otherwise. */
    recheckSequence: z.number().int().nullable(),
  }),
} as const satisfies Record<AuditEventType, z.ZodType>;

export type AuditData<T extends AuditEventType> = z.output<(typeof AUDIT_DATA)[T]>;

/** An event's type with its data: `type` decides the shape of `data`. */
export type AuditRecord = { [T in AuditEventType]: { type: T; data: AuditData<T> } }[AuditEventType];

function entry<T extends AuditEventType>(type: T) {
  return z.object({ type: z.literal(type), data: AUDIT_DATA[type] });
}

/** `{ type, data }` of every event type, discriminated by `type`. */
export const AuditRecordSchema = z.discriminatedUnion('type', [
  entry('submitted'),
  entry('dispatched'),
  entry('answered'),
  entry('late_answer'),
  entry('overdue'),
  entry('decided'),
  entry('ruled'),
  entry('reassigned'),
  entry('reminded'),
  entry('report_exported'),
  entry('account'),
  entry('campaign_changed'),
  entry('holidays_changed'),
  entry('policy_switched'),
  entry('corrected'),
  entry('disputed'),
  entry('dispute_ruled'),
  entry('failed'),
  entry('recheck_requested'),
  entry('withdrawn'),
  entry('replacement'),
  entry('tasks_exported'),
  entry('ruling_revised'),
  entry('drafted'),
  entry('first_reviewed'),
  entry('filing_decided'),
  entry('publicity_opened'),
  entry('objection_received'),
  entry('objection_checked'),
  entry('duplicate_flagged'),
  entry('duplicate_resolved'),
  entry('ledger_exported'),
  entry('answer_held'),
  entry('answer_returned'),
  entry('department_review_set'),
  entry('extension'),
  entry('draft_discarded'),
  entry('recheck_request'),
]);

/** Compile-time: the union above names every event type. */
export const EVERY_TYPE_HAS_DATA: [Exclude<AuditEventType, z.output<typeof AuditRecordSchema>['type']>] extends [never] ? true : never =
  true;

/** The department an event is about, when it is about one (an attestation statement is not). */
export function auditDepartment(data: object): string | undefined {
  return 'department' in data && typeof data.department === 'string' ? data.department : undefined;
}
