// Contract of orgdeptApi: campaigns, dashboard, referred cases and rulings, reports, villages,
// audit trails and reminders.
import { z } from 'zod';
import { personText } from '../domain/text.js';
import { AUDIT_DATA, TaskAnswerData } from '../domain/audit/events.js';
import { Actor, type AUDIT_EVENT_TYPES, Citation, Post, Relation, Ruling, Sex, type AuditEventType } from '../domain/model.js';
import { ID_PATTERN } from '../domain/ids.js';
import { ReportRow, ReportTotals, VillageStructure } from './batches.js';
import { CampaignFields } from './campaigns.js';
import { CampaignView, DecisionView, DepartmentMode, InlineFile, FinalStatus } from './common.js';

export const IdParams = z.object({ id: z.string().regex(ID_PATTERN) });

/** A new campaign: the 行政区划 list as JSON (`townships`) or as an uploaded .xlsx/CSV (`units`). */
export const CreateCampaignRequest = z.object({
  id: z.string().regex(ID_PATTERN),
  ...CampaignFields,
  units: InlineFile.optional(),
  /** The version to pin; default: the latest at creation. */
  policyVersion: z
    .string()
    .regex(/^\d+\.\d+\.\d+$/)
    .optional(),
});
export type CreateCampaignRequest = z.input<typeof CreateCampaignRequest>;

export const CampaignResponse = z.object({ campaign: CampaignView });
export type CampaignResponse = z.infer<typeof CampaignResponse>;
export const CampaignList = z.object({ campaigns: z.array(CampaignView) });
export type CampaignList = z.infer<typeof CampaignList>;

const StatusCounts = {
  cleared: z.number().int(),
  disqualified: z.number().int(),
  referred: z.number().int(),
  incomplete: z.number().int(),
  /** 复核中: a township's dispute is open. */
  disputed: z.number().int(),
};

export const Dashboard = z.object({
  campaign: CampaignView,
  generatedAt: z.string(),
  totals: z.object({ batches: z.number().int(), candidates: z.number().int() }),
  funnel: z.object({
    submitted: z.number().int(),
    /** Every routed department answered. */
    answered: z.number().int(),
    /** A department timed out or declined: the candidate stays 未完成 on that. */
    missingAnswers: z.number().int(),
    /** Departments still within their time. */
    waiting: z.number().int(),
    decided: z.number().int(),
    ...StatusCounts,
    reviewing: z.number().int(),
    /** 已撤回 by a township (not in decided, reviewing or any result). */
    withdrawn: z.number().int(),
  }),
  byTownship: z.array(
    z.object({
      township: z.string(),
      townshipName: z.string().nullable(),
      candidates: z.number().int(),
      answeredTasks: z.number().int(),
      totalTasks: z.number().int(),
      decided: z.number().int(),
      /** 通过 + 不通过 */
      final: z.number().int(),
      ...StatusCounts,
    }),
  ),
  byDepartment: z.array(
    z.object({
      code: z.string(),
      name: z.string(),
      mode: DepartmentMode,
      slaDays: z.number(),
      asked: z.number().int(),
      answered: z.number().int(),
      clear: z.number().int(),
      findings: z.number().int(),
      pending: z.number().int(),
      overdue: z.number().int(),
      declined: z.number().int(),
    }),
  ),
  overdue: z.array(
    z.object({
      department: z.string(),
      name: z.string(),
      openPastDeadline: z.number().int(),
      overdueTasks: z.number().int(),
      overdueVerdicts: z.number().int(),
      /** How late the longest-waiting task is: milliseconds, working days missed, and in words. */
      lateMs: z.number().int(),
      lateWorkingDays: z.number().int(),
      lateText: z.string(),
      reminders: z.number().int(),
      lastRemindedAt: z.string().nullable(),
      /** Its extension requests (延期申请) waiting for the organization department. */
      pendingExtensions: z.number().int(),
    }),
  ),
  reminders: z.array(z.object({ department: z.string().nullable(), at: z.string(), by: z.string() })),
});
export type Dashboard = z.infer<typeof Dashboard>;

export const ReferredCandidate = z.object({
  candidateId: z.string(),
  batchId: z.string(),
  name: z.string().nullable(),
  idNumberMasked: z.string().nullable(),
  sex: Sex.nullable(),
  birth: z.string().nullable(),
  township: z.string().nullable(),
  village: z.string().nullable(),
  post: Post.nullable(),
  decision: DecisionView,
  /** Departments have not all answered yet: a ruling now is kept and applies once they have. */
  awaitingAnswers: z.boolean(),
  /** The batch by the name people know (昌国街道 第2批（12月2日）). */
  batchName: z.string().nullable().optional(),
  /** A ruling may still be revised (with a reason): results are not final and no dispute is open. */
  revisable: z.boolean().optional(),
  /** Earlier rulings this one replaced, oldest first, each with why. */
  revisions: z
    .array(z.object({ outcome: z.enum(['uphold', 'disqualify']), justification: z.string(), ruledAt: z.string(), reason: z.string() }))
    .optional(),
});
export type ReferredCandidate = z.infer<typeof ReferredCandidate>;

export const ReferredList = z.object({ pending: z.array(ReferredCandidate), ruled: z.array(ReferredCandidate) });
export type ReferredList = z.infer<typeof ReferredList>;

export const RulingRequest = z.object({
  outcome: z.enum(['uphold', 'disqualify']),
  justification: personText({ min: 5, max: 2000, multiline: true }),
});
export type RulingRequest = z.input<typeof RulingRequest>;

/** A ruling revised while results are not final: the new ruling and why. */
export const RulingRevisionRequest = z.object({
  outcome: z.enum(['uphold', 'disqualify']),
  justification: personText({ min: 5, max: 2000, multiline: true }),
  reason: personText({ min: 5, max: 1000, multiline: true }),
});
export type RulingRevisionRequest = z.input<typeof RulingRevisionRequest>;

export const RulingRevisionResponse = z.object({
  ruling: Ruling,
  finalStatus: FinalStatus,
  statusLabel: z.string(),
  /** The new decision version the revision made. */
  decisionVersion: z.number().int().positive(),
});
export type RulingRevisionResponse = z.infer<typeof RulingRevisionResponse>;

/** 201 for the ruling; 200 when the same ruling was given before. */
export const RulingResponse = z.object({ ruling: Ruling, finalStatus: FinalStatus, statusLabel: z.string() });
export type RulingResponse = z.infer<typeof RulingResponse>;

export const ReportQuery = z.object({ format: z.enum(['json', 'xlsx', 'publicity']).default('json') });

/** 联审结果汇总表 (JSON; `?format=xlsx` gives the workbook, `?format=publicity` the printable 公示 list). */
export const ClearanceReport = z.object({
  campaign: z.object({ id: z.string(), name: z.string(), jurisdiction: z.string(), electionDate: z.string(), referenceDate: z.string() }),
  policy: z.object({ id: z.string(), version: z.string(), name: z.string() }),
  generatedAt: z.string(),
  totals: ReportTotals,
  rows: z.array(ReportRow),
  /** Merkle root over the candidates' audit-chain heads; `anchor` is where it is kept outside the table. */
  audit: z
    .object({
      digest: z.string().regex(/^[0-9a-f]{64}$/),
      chains: z.number().int().nonnegative(),
      anchor: z.object({ seq: z.number().int().nonnegative(), at: z.string() }).nullable(),
    })
    .optional(),
});
export type ClearanceReport = z.infer<typeof ClearanceReport>;

export const VillageConflict = z.object({
  relation: Relation,
  via: z.enum(['declared', 'id-link']),
  citation: Citation.nullable(),
  /** Never ID numbers in a response about relatives. */
  candidates: z.array(z.object({ candidateId: z.string().nullable(), name: z.string(), post: Post })),
  rule: z.string(),
  /** Index into candidates of the one who must give way; null: the township and the organization department decide. */
  givesWay: z.union([z.literal(0), z.literal(1), z.null()]),
  /** In Chinese: who gives way, e.g. 乙(拟任监督委员会委员)应当回避. */
  resolution: z.string(),
});
export type VillageConflict = z.infer<typeof VillageConflict>;

export const VillageChecks = z.object({
  campaignId: z.string(),
  generatedAt: z.string(),
  villages: z.array(
    z.object({ township: z.string(), village: z.string(), structure: VillageStructure.nullable(), conflicts: z.array(VillageConflict) }),
  ),
});
export type VillageChecks = z.infer<typeof VillageChecks>;

const Hash = z.string().regex(/^[0-9a-f]{64}$/);

function eventOf<T extends AuditEventType>(type: T) {
  return z.object({
    candidateId: z.string(),
    seq: z.number().int().nonnegative(),
    type: z.literal(type),
    actor: Actor,
    at: z.string(),
    data: AUDIT_DATA[type],
    prevHash: Hash,
    hash: Hash,
  });
}

/** An audit event whose `data` has the shape of its `type` (shared/domain/audit/events.ts). */
export const AuditEventView = z.discriminatedUnion('type', [
  eventOf('submitted'),
  eventOf('dispatched'),
  eventOf('answered'),
  eventOf('late_answer'),
  eventOf('overdue'),
  eventOf('decided'),
  eventOf('ruled'),
  eventOf('reassigned'),
  eventOf('reminded'),
  eventOf('report_exported'),
  eventOf('account'),
  eventOf('campaign_changed'),
  eventOf('holidays_changed'),
  eventOf('policy_switched'),
  eventOf('corrected'),
  eventOf('disputed'),
  eventOf('dispute_ruled'),
  eventOf('failed'),
  eventOf('recheck_requested'),
  eventOf('withdrawn'),
  eventOf('replacement'),
  eventOf('tasks_exported'),
  eventOf('ruling_revised'),
  eventOf('drafted'),
  eventOf('first_reviewed'),
  eventOf('filing_decided'),
  eventOf('publicity_opened'),
  eventOf('objection_received'),
  eventOf('objection_checked'),
  eventOf('duplicate_flagged'),
  eventOf('duplicate_resolved'),
  eventOf('ledger_exported'),
  eventOf('answer_held'),
  eventOf('answer_returned'),
  eventOf('department_review_set'),
  eventOf('extension'),
  eventOf('draft_discarded'),
  eventOf('recheck_request'),
]);
export type AuditEventView = z.infer<typeof AuditEventView>;

/** Compile-time: the union above names every event type. */
export const AUDIT_VIEW_COVERS_EVERY_TYPE: [Exclude<(typeof AUDIT_EVENT_TYPES)[number], AuditEventView['type']>] extends [never]
  ? true
  : never = true;

const answerEventOf = <T extends 'answered' | 'dispatched', D extends z.ZodType>(type: T, data: D) =>
  z.object({ candidateId: z.string(), type: z.literal(type), actor: Actor, at: z.string(), data, hash: Hash });

/**
 * A department's answer event, kept on its verdict, or a review task's dispatch, kept on the task;
 * both sealed by the decision (shared/domain/audit/answers.ts).
 */
export const AnswerEventView = z.discriminatedUnion('type', [
  answerEventOf('answered', TaskAnswerData),
  answerEventOf('dispatched', AUDIT_DATA.dispatched),
]);
export type AnswerEventView = z.infer<typeof AnswerEventView>;

/** What verifying the chain and the answer events found (shared/domain/audit/answers.ts verifyTrail). */
export const ChainVerification = z.discriminatedUnion('ok', [
  z.object({
    ok: z.literal(true),
    head: z.string(),
    count: z.number().int(),
    anchoredCount: z.number().int().optional(),
    /** Answer events, and how many of them a decision has sealed. */
    answers: z.number().int().optional(),
    sealed: z.number().int().optional(),
  }),
  z.object({
    ok: z.literal(false),
    /** Index in `events`, or in `answers` when `answer` is set. */
    index: z.number().int(),
    seq: z.number().int().nullable(),
    problem: z.enum(['altered', 'removed', 'reordered', 'malformed']),
    message: z.string(),
    answer: z.object({ department: z.string() }).optional(),
  }),
]);

export const AuditTrail = z.object({
  candidateId: z.string(),
  events: z.array(AuditEventView),
  /** Sorted by department, time, type and hash (the order the decision seals them in). */
  answers: z.array(AnswerEventView),
  verification: ChainVerification,
});
export type AuditTrail = z.infer<typeof AuditTrail>;

export const ReminderRequest = z.object({ department: z.string().regex(/^[a-z][a-z0-9-]{1,39}$/) });
export type ReminderRequest = z.input<typeof ReminderRequest>;

export const ReminderResponse = z.object({
  department: z.string(),
  name: z.string(),
  remindedAt: z.string(),
  remindedBy: z.string(),
  openTasks: z.number().int(),
  overdueTasks: z.number().int(),
});
export type ReminderResponse = z.infer<typeof ReminderResponse>;
