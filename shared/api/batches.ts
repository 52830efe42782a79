// Contract of batchesApi: POST/GET /batches, GET /batches/{id}, GET /batches/{id}/feedback, GET /template.
import { z } from 'zod';
import { Citation, Education, NominationType, PoliticalStatus, Post, Relation, Sex } from '../domain/model.js';
import { DecisionView, FileUpload, FinalStatus, Progress } from './common.js';
import { BatchKind } from '../domain/process.js';

export const BatchId = z.string().regex(/^[A-Za-z0-9-]{1,64}$/);
export const BatchParams = z.object({ id: BatchId });

export const SubmitBatchRequest = z.object({
  campaignId: z.string().min(1).max(64),
  candidates: FileUpload,
  relatives: FileUpload.optional(),
  /** true: keep it as the township's draft for its first review; nothing is reviewed until POST /batches/{id}/submit. */
  draft: z.boolean().optional(),
  /** post-election: write-in winners (另选他人) reported after the vote. */
  kind: BatchKind.optional(),
});
export type SubmitBatchRequest = z.input<typeof SubmitBatchRequest>;

/** 201 for a new batch; 200 (`replayed`) when the Idempotency-Key was used for the same files before. */
export const SubmitBatchResponse = z.object({
  batchId: z.string(),
  campaignId: z.string(),
  candidates: z.number().int(),
  replayed: z.boolean(),
});
export type SubmitBatchResponse = z.infer<typeof SubmitBatchResponse>;

/** A cell the import cleaned up on its own; ID numbers masked. */
export const CorrectionView = z.object({
  sheet: z.string(),
  row: z.number().int(),
  column: z.string(),
  from: z.string(),
  to: z.string(),
  reason: z.string(),
});
export type CorrectionView = z.infer<typeof CorrectionView>;

/** POST /batches/check: the files pass; nothing is stored. */
export const BatchCheck = z.object({
  campaignId: z.string(),
  candidates: z.number().int(),
  relatives: z.number().int(),
  corrections: z.array(CorrectionView),
  /** The name the batch gets if submitted now: 昌国街道 第2批（12月2日）. */
  name: z.string(),
});
export type BatchCheck = z.infer<typeof BatchCheck>;

export const BatchListQuery = z.object({
  campaignId: z.string().min(1).max(64).optional(),
  township: z.string().min(1).max(64).optional(),
});

export const BatchSummary = z.object({
  batchId: z.string(),
  /** 昌国街道 第2批（12月2日）: the township's batches numbered within the campaign, the day in Beijing. */
  name: z.string(),
  campaignId: z.string(),
  township: z.string(),
  townshipName: z.string().nullable(),
  policyId: z.string(),
  submittedBy: z.string(),
  submittedAt: z.string(),
  filename: z.string().nullable(),
  total: z.number().int(),
  decided: z.number().int(),
  reportReady: z.boolean(),
  /** What the batch's candidates amount to: never 联审完成 while anyone is 未完成 or waiting for a ruling. */
  status: z.object({
    state: z.enum(['reviewing', 'waiting', 'complete']),
    /** 审查中 / 处理失败 / 未完成 / 待组织部门研判 / 联审完成 */
    label: z.string(),
    /** 27 人未完成（16 个部门逾期），已有最终结论 3 / 30 人 */
    text: z.string(),
    total: z.number().int(),
    /** 通过 + 不通过 */
    final: z.number().int(),
    reviewing: z.number().int(),
    cleared: z.number().int(),
    disqualified: z.number().int(),
    referred: z.number().int(),
    incomplete: z.number().int(),
    disputed: z.number().int(),
    /** The workflow failed on them (处理失败): not decided until a redrive gets them through. */
    failed: z.number().int(),
    overdueDepartments: z.number().int(),
  }),
  /** post-election: write-in winners (另选他人) vetted after the vote. */
  kind: BatchKind.optional(),
  /** The township's draft and first review (乡镇初审); null: submitted at once, without a draft. */
  stage: z
    .object({
      status: z.enum(['draft', 'submitted', 'discarded']),
      label: z.string(),
      draftedBy: z.string(),
      draftedAt: z.string(),
      firstReviewedBy: z.string().nullable(),
      firstReviewedAt: z.string().nullable(),
      firstReviewPassed: z.number().int().nullable(),
      firstReviewFailed: z.number().int().nullable(),
      submittedBy: z.string().nullable(),
      submittedAt: z.string().nullable(),
    })
    .nullable()
    .optional(),
});
export type BatchSummary = z.infer<typeof BatchSummary>;

export const BatchList = z.object({ batches: z.array(BatchSummary) });
export type BatchList = z.infer<typeof BatchList>;

/** A candidate's status: a final status, still under review, disputed (复核中), or failed (处理失败: the workflow's catch-all; a redrive takes it on). */
export const ReportStatus = z.union([
  FinalStatus,
  z.literal('reviewing'),
  z.literal('failed'),
  z.literal('disputed'),
  z.literal('withdrawn'),
]);
export type CandidateStatus = z.infer<typeof ReportStatus>;

export const BatchCandidate = z.object({
  candidateId: z.string(),
  seq: z.number().int(),
  name: z.string(),
  sex: Sex,
  birth: z.string(),
  idNumberMasked: z.string(),
  township: z.string(),
  village: z.string(),
  post: Post,
  nominationType: NominationType,
  incumbent: z.boolean(),
  progress: Progress,
  /** failed: the workflow's catch-all marked it (处理失败); a redrive takes it on. disputed: 复核中. */
  status: ReportStatus,
  statusLabel: z.string(),
  decision: DecisionView.nullable(),
  /** 已撤回: why, when, and the candidate proposed instead (null: still standing). */
  withdrawal: z.object({ reason: z.string(), withdrawnAt: z.string(), replacedBy: z.string().nullable() }).nullable(),
  /** The withdrawn candidate this one replaces (null: not a replacement). */
  replaces: z.string().nullable(),
  /** The township's first review of the candidate (null: none recorded). */
  firstReview: z
    .object({ result: z.enum(['pass', 'fail']), remark: z.string() })
    .nullable()
    .optional(),
  /** A write-in winner's result after the joint review: 当选有效 / 当选无效 with the clause (null: not a write-in batch, or not decided). */
  election: z
    .object({ result: z.enum(['valid', 'void']), label: z.string(), basis: z.string().nullable() })
    .nullable()
    .optional(),
  /** A Party-secretary nominee's filing (备案) with the organization department (null: not a secretary nominee). */
  filing: z
    .object({ status: z.enum(['pending', 'approved', 'rejected']), label: z.string(), decidedAt: z.string().nullable() })
    .nullable()
    .optional(),
  /** The township's re-check requests (重审申请), the latest per department: how each stands. */
  recheckRequests: z
    .array(
      z.object({
        department: z.string(),
        departmentName: z.string(),
        sequence: z.number().int(),
        status: z.enum(['pending', 'approved', 'declined']),
        statusLabel: z.string(),
        requestedAt: z.string(),
        declineReason: z.string().nullable(),
      }),
    )
    .optional(),
});
export type BatchCandidate = z.infer<typeof BatchCandidate>;

const ConflictSide = z.object({ candidateId: z.string(), name: z.string(), post: Post.optional() });

/** Near relatives standing in the same village; candidate ids and names, never ID numbers. */
export const RelativeConflictView = z.object({
  village: z.string(),
  township: z.string(),
  relation: Relation,
  candidates: z.tuple([ConflictSide, ConflictSide]),
  via: z.enum(['declared', 'id-link']),
  citation: Citation.nullable(),
  /** The avoidance rule, who gives way (index into candidates; null: the township decides) and in words; absent in older reports. */
  rule: z.string().optional(),
  givesWay: z.union([z.literal(0), z.literal(1), z.null()]).optional(),
  resolution: z.string().optional(),
});
export type RelativeConflictView = z.infer<typeof RelativeConflictView>;

/** The team structure of one village's candidates against the policy's targets. */
export const VillageStructure = z.object({
  township: z.string(),
  village: z.string(),
  members: z.number().int(),
  women: z.number().int(),
  under35: z.number().int(),
  partyMembers: z.number().int(),
  education: z.record(Education, z.number().int()),
  atOrAboveMinEducation: z.number().int().nullable(),
  oneShoulder: z.boolean(),
  secretaryAndChairSeparate: z.boolean(),
  warnings: z.array(z.string()),
});
export type VillageStructure = z.infer<typeof VillageStructure>;

export const BatchDetail = z.object({
  batch: BatchSummary,
  candidates: z.array(BatchCandidate),
  /** The batch-level checks, once every candidate is decided. */
  checks: z.object({ createdAt: z.string(), conflicts: z.array(RelativeConflictView), structure: z.array(VillageStructure) }).nullable(),
});
export type BatchDetail = z.infer<typeof BatchDetail>;

export const FormatQuery = z.object({ format: z.enum(['json', 'xlsx']).default('json') });

/** One candidate's line in the clearance report and the feedback list. */
export const ReportRow = z.object({
  no: z.number().int(),
  candidateId: z.string(),
  batchId: z.string(),
  township: z.string(),
  village: z.string(),
  name: z.string(),
  sex: Sex,
  birth: z.string(),
  idNumberMasked: z.string(),
  education: Education,
  political: PoliticalStatus,
  post: Post,
  nominationType: NominationType,
  status: ReportStatus,
  conclusion: z.string(),
  reasons: z.array(z.string()),
  mayStand: z.boolean(),
});
export type ReportRow = z.infer<typeof ReportRow>;

export const ReportTotals = z.object({
  cleared: z.number().int(),
  disqualified: z.number().int(),
  referred: z.number().int(),
  incomplete: z.number().int(),
  reviewing: z.number().int(),
  /** 复核中: disputed, off the 公示 list until ruled. */
  disputed: z.number().int(),
  /** 处理失败: the workflow failed on them; counted apart from 未完成 until a redrive decides them. */
  failed: z.number().int(),
  /** 已撤回 by the township (never on the 公示 list). */
  withdrawn: z.number().int(),
  total: z.number().int(),
});

/** 反馈名单 (JSON; `?format=xlsx` gives the workbook). */
export const FeedbackList = z.object({
  batchId: z.string(),
  /** 昌国街道 第2批（12月2日）, as in the workbook's title. */
  batchName: z.string().optional(),
  campaignId: z.string(),
  township: z.string(),
  generatedAt: z.string(),
  totals: ReportTotals,
  rows: z.array(ReportRow),
});
export type FeedbackList = z.infer<typeof FeedbackList>;
