// Contract of reviewsApi: GET /reviews, GET /reviews/{id}, POST /reviews/{id}/answer,
// POST /reviews/attest, POST /reviews/{id}/reassign. Task tokens never appear here.
import { z } from 'zod';
import { personText } from '../domain/text.js';
import { AttestationStatement } from '../domain/audit/events.js';
import { Actor, DecisionOutcome, Finding, Post, Severity, Sex, Verdict, VerdictStatus } from '../domain/model.js';

export { Finding };

export const TaskStatus = z.enum(['open', 'answered', 'overdue', 'cancelled']);
export type TaskStatus = z.infer<typeof TaskStatus>;

export const TaskParams = z.object({ id: z.string().min(3).max(140) });
export const INBOX_PAGE_SIZES = [10, 20, 50, 100] as const;
export const InboxSort = z.enum(['deadline_asc', 'deadline_desc']);
export type InboxSort = z.infer<typeof InboxSort>;

const queryText = (max: number) => z.string().trim().min(1).max(max).optional();

export const InboxQuery = z.object({
  status: TaskStatus.default('open'),
  department: z.string().min(1).max(40).optional(),
  /**
   * A name (or part of it), an ID number masked as shown (330902********0826; the portal masks a full
   * number before sending, so none travels in a URL), a full ID number, or digits of the visible part.
   */
  q: queryText(40),
  township: queryText(60),
  village: queryText(60),
  /** A batch id (the filter options name each batch). */
  batch: queryText(80),
  sort: InboxSort.default('deadline_asc'),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  /** Without it, every matching task on one page. */
  pageSize: z.coerce.number().int().min(1).max(100).optional(),
});
export type InboxQuery = z.input<typeof InboxQuery>;

export const TaskItem = z.object({
  taskId: z.string(),
  campaignId: z.string(),
  candidateId: z.string(),
  department: z.string(),
  status: TaskStatus,
  createdAt: z.string(),
  /** The end (Beijing) of the department's last working day, UTC. */
  deadline: z.string(),
  /** The deadline in Beijing time, in Chinese: 2027年3月19日 24:00. */
  deadlineText: z.string(),
  /** e.g. 2027年的放假安排尚未录入，已按周一至周五为工作日计算，请录入后核对; null when the calendar knew every day. */
  deadlineNote: z.string().nullable(),
  overdue: z.boolean(),
  /** Whole days left (negative: days late). */
  daysLeft: z.number().int(),
  /** 剩 3 个工作日 / 逾期 12 分钟 / 逾期 2 个工作日（3 天 4 小时）, on the official calendar; an answered task at its answer. */
  dueText: z.string(),
  hintCount: z.number().int(),
  candidate: z.object({ name: z.string(), idMasked: z.string(), township: z.string(), village: z.string(), post: Post }),
  /** The reviewer the task was handed to (login name); while set, only they may answer it. */
  assignee: z.string().nullable(),
  assigneeName: z.string().nullable(),
  answeredAt: z.string().nullable(),
  answeredBy: Actor.nullable(),
  lateAnswerAt: z.string().nullable(),
  /** The batch the candidate came in, by the name people know (昌国街道 第2批（12月2日）). */
  batch: z.object({ batchId: z.string(), name: z.string() }).nullable().optional(),
  /** In the 已答复 list: the department's answer (clear = 无记录, findings = 有记录). */
  answerResult: VerdictStatus.nullable().optional(),
  /** In the 已答复 list: the reviewer who answered, by name (null: automatic, or no account to name). */
  answeredByName: z.string().nullable().optional(),
  /** In the 已答复 list: the approver of an answer with findings, by name (谁审查谁负责). */
  approvedByName: z.string().nullable().optional(),
  /** 谁审查谁负责: an answer with findings waiting for the department's approver (null: none). */
  held: z.object({ byUsername: z.string(), at: z.string(), atText: z.string(), findings: z.number().int() }).nullable().optional(),
  /** The last held answer an approver sent back, while the task is open again. */
  returned: z.object({ byUsername: z.string(), at: z.string(), atText: z.string(), reason: z.string() }).nullable().optional(),
});
export type TaskItem = z.infer<typeof TaskItem>;

export const Inbox = z.object({
  department: z.string(),
  status: TaskStatus,
  counts: z.object({
    open: z.number().int(),
    answered: z.number().int(),
    overdue: z.number().int(),
    /** Closed because the candidate was withdrawn (已撤回); no longer answerable. */
    cancelled: z.number().int(),
    openPastDeadline: z.number().int(),
    openWithoutHints: z.number().int(),
    /** Open tasks handed to the caller by a colleague or the organization department. */
    assignedToMe: z.number().int(),
    /** Open tasks whose answer waits for the department's approver (谁审查谁负责). */
    awaitingApproval: z.number().int().optional(),
  }),
  /** Tasks of this tab that match the filters (items is one page of them). */
  total: z.number().int(),
  page: z.number().int(),
  /** The page size used (total when every match is on one page). */
  pageSize: z.number().int(),
  /** What the filters can be set to: the units and batches of this department's open tasks and of this tab's. */
  filters: z.object({
    townships: z.array(z.string()),
    villages: z.array(z.object({ township: z.string(), village: z.string() })),
    batches: z.array(z.object({ batchId: z.string(), name: z.string(), township: z.string() })),
  }),
  /**
   * 待答复 only: the matching tasks one bulk attestation would answer (no record-match hint, not
   * handed to another reviewer), on every page; handedOn counts those left to a colleague.
   */
  attestable: z.object({
    tasks: z.array(z.object({ taskId: z.string(), name: z.string() })),
    handedOn: z.number().int(),
  }),
  items: z.array(TaskItem),
});
export type Inbox = z.infer<typeof Inbox>;

export const AnswerView = z.object({
  result: VerdictStatus,
  findings: z.array(Finding),
  answeredAt: z.string().nullable(),
  answeredBy: Actor.nullable(),
  source: Verdict.shape.source.unwrap().nullable(),
  /** 谁审查谁负责: who approved an answer with findings, and when (null: no approval needed). */
  approvedBy: Actor.nullable().optional(),
  approvedAt: z.string().nullable().optional(),
  /** The department's record sources the reviewer searched. */
  sourcesSearched: z.array(z.string()).optional(),
});
export type AnswerView = z.infer<typeof AnswerView>;

/** One task as its reviewer sees it: no relatives, nothing from other departments. */
export const TaskCard = z.object({
  task: TaskItem,
  department: z.object({ code: z.string(), name: z.string() }),
  candidate: z.object({
    name: z.string(),
    idNumber: z.string(),
    sex: Sex,
    birth: z.string(),
    township: z.string(),
    village: z.string(),
    post: Post,
  }),
  hints: z.array(
    z.object({
      kind: z.literal('id-match-name-differs'),
      category: z.string(),
      recordName: z.string(),
      documentNumber: z.string().nullable(),
    }),
  ),
  answer: AnswerView.nullable(),
  /** The answer waiting for the department's approver, in full (its reviewer and approvers see it). */
  held: z
    .object({
      findings: z.array(Finding),
      sourcesSearched: z.array(z.string()),
      byUsername: z.string(),
      at: z.string(),
      atText: z.string(),
      /** Whether the caller may approve or return it (a named approver other than who answered). */
      canApprove: z.boolean(),
    })
    .nullable()
    .optional(),
  /** The department's review settings as they bear on answering: sign-off, and the sources to tick. */
  review: z.object({ signOff: z.boolean(), sources: z.array(z.string()) }).optional(),
  categories: z.array(
    z.object({
      label: z.string(),
      group: z.string(),
      severity: Severity,
      description: z.string().nullable(),
      suggested: z.boolean(),
      /** The 状态 values the policy gives this category meaning to; the form offers these. */
      statuses: z.array(z.string()),
    }),
  ),
});
export type TaskCard = z.infer<typeof TaskCard>;

const FindingInput = Finding.extend({
  documentNumber: personText({ min: 0, max: 100 }).optional(),
  note: personText({ min: 0, max: 500, multiline: true }).optional(),
  status: personText({ min: 0, max: 40 }).optional(),
});
/** The department's record sources the reviewer searched (the names its review settings give). */
const SourcesSearched = z.array(z.string().trim().min(1).max(60)).max(20).optional();
export const AnswerRequest = z.discriminatedUnion('result', [
  z.object({ result: z.literal('clear'), sourcesSearched: SourcesSearched }),
  z.object({ result: z.literal('findings'), findings: z.array(FindingInput).min(1).max(50), sourcesSearched: SourcesSearched }),
]);
export type AnswerRequest = z.input<typeof AnswerRequest>;

export const AnswerResponse = z.object({
  taskId: z.string(),
  /** held: the answer waits for the department's approver before it counts (谁审查谁负责). */
  status: z.enum(['answered', 'held']),
  repeated: z.boolean(),
  answer: AnswerView,
});
export type AnswerResponse = z.infer<typeof AnswerResponse>;

/** The reviewer's "no records" statement: POST /reviews/attest accepts exactly this text. */
export const ATTESTATION_STATEMENT = '以上人员经查无记录';

export const AttestRequest = z.object({
  statement: z.literal(ATTESTATION_STATEMENT),
  department: z.string().min(1).max(40).optional(),
  /** The tasks the reviewer saw; without it, every open task without hints. */
  taskIds: z.array(z.string().min(3).max(140)).min(1).max(1000).optional(),
});
export type AttestRequest = z.input<typeof AttestRequest>;

export const AttestResponse = z.object({
  /** recorded: false when every task had already been answered so (a repeat writes no second statement). */
  attestation: AttestationStatement.extend({ sha256: z.string(), recorded: z.boolean() }),
  answered: z.array(z.string()),
  /** Tasks this statement covers that were already answered the same way (by an earlier or parallel request). */
  repeated: z.array(z.string()),
  late: z.array(z.string()),
  skipped: z.array(z.object({ taskId: z.string(), reason: z.string() })),
  lateMessage: z.string().nullable(),
});
export type AttestResponse = z.infer<typeof AttestResponse>;

/** `assignee`: the login name of a reviewer of the task's department (GET /departments/{code}/reviewers lists them). */
export const ReassignRequest = z.object({ assignee: z.string().trim().min(1).max(128) });
export type ReassignRequest = z.input<typeof ReassignRequest>;

export const ReassignResponse = z.object({ taskId: z.string(), assignee: z.string(), assigneeName: z.string(), reassignedAt: z.string() });
export type ReassignResponse = z.infer<typeof ReassignResponse>;

/** A department corrects its answer: the new answer, with a reason and the 文号 of the document behind it. */
export const CorrectionRequest = z.object({
  answer: AnswerRequest,
  reason: personText({ min: 2, max: 1000, multiline: true }),
  documentNumber: personText({ min: 1, max: 100 }),
});
export type CorrectionRequest = z.input<typeof CorrectionRequest>;

export const CorrectionResponse = z.object({
  taskId: z.string(),
  answer: AnswerView,
  previous: AnswerView,
  /** The candidate decided again; null while the workflow has not decided yet (it will, with the new answer). */
  decision: z.object({ outcome: DecisionOutcome, version: z.number().int().positive() }).nullable(),
});
export type CorrectionResponse = z.infer<typeof CorrectionResponse>;

/** The department's approver approves (批准) a held answer, or returns it (退回) with a reason. */
export const ApprovalRequest = z.discriminatedUnion('decision', [
  z.object({ decision: z.literal('approve') }),
  z.object({ decision: z.literal('return'), reason: personText({ min: 2, max: 500, multiline: true }) }),
]);
export type ApprovalRequest = z.input<typeof ApprovalRequest>;

export const ApprovalResponse = z.object({
  taskId: z.string(),
  decision: z.enum(['approve', 'return']),
  /** The answer as it now counts (approve), or null (return). */
  answer: AnswerView.nullable(),
});
export type ApprovalResponse = z.infer<typeof ApprovalResponse>;

/** A department's review settings in a campaign (谁审查谁负责). */
export const DepartmentReviewParams = z.object({ id: z.string().min(1).max(80), code: z.string().min(1).max(40) });
export const DepartmentReviewRequest = z.object({
  signOff: z.boolean(),
  /** Login names of the department's approvers (its head). */
  approvers: z.array(z.string().trim().min(1).max(128)).max(20),
  /** The department's record sources (记录来源), e.g. 全国法院失信被执行人名单. */
  sources: z.array(z.string().trim().min(1).max(60)).max(20),
  /** The version read (0 when none was set). */
  version: z.number().int().min(0),
});
export type DepartmentReviewRequest = z.input<typeof DepartmentReviewRequest>;

export const DepartmentReviewView = z.object({
  campaignId: z.string(),
  department: z.string(),
  departmentName: z.string(),
  signOff: z.boolean(),
  approvers: z.array(z.object({ username: z.string(), displayName: z.string().nullable() })),
  sources: z.array(z.string()),
  version: z.number().int(),
  updatedBy: z.string().nullable(),
  updatedAt: z.string().nullable(),
  editable: z.boolean(),
});
export type DepartmentReviewView = z.infer<typeof DepartmentReviewView>;
