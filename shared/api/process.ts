// Contract of the review's process around the joint review: the township's first review of a draft
// batch (乡镇初审) and its send to the county, and the secretary nominees' filings (书记人选备案).
import { z } from 'zod';
import { Post } from '../domain/model.js';
import { BatchKind, FilingDecision, FirstReviewEntry, REMARK_MAX } from '../domain/process.js';

export const FirstReviewCheck = z.object({
  id: z.string(),
  label: z.string(),
  effect: z.enum(['ok', 'bar', 'concern', 'warning', 'problem']),
  text: z.string(),
});

/** GET /batches/{id}/first-review: each candidate with what the system checked, and the township's verdict so far. */
export const FirstReviewSheet = z.object({
  batchId: z.string(),
  kind: BatchKind,
  status: z.enum(['draft', 'submitted', 'discarded']),
  referenceDate: z.string(),
  firstReview: z.object({ by: z.string(), at: z.string() }).nullable(),
  candidates: z.array(
    z.object({
      candidateId: z.string(),
      seq: z.number().int(),
      name: z.string(),
      village: z.string(),
      post: Post,
      nominationType: z.string(),
      checks: z.array(FirstReviewCheck),
      result: z.enum(['pass', 'fail']).nullable(),
      remark: z.string().nullable(),
    }),
  ),
});
export type FirstReviewSheet = z.infer<typeof FirstReviewSheet>;

export const FirstReviewRequest = z.object({ entries: z.array(FirstReviewEntry).min(1).max(5000) });
export type FirstReviewRequest = z.input<typeof FirstReviewRequest>;

export const FirstReviewResponse = z.object({
  batchId: z.string(),
  firstReviewedBy: z.string(),
  firstReviewedAt: z.string(),
  passed: z.number().int(),
  failed: z.number().int(),
});
export type FirstReviewResponse = z.infer<typeof FirstReviewResponse>;

/** POST /batches/{id}/submit: the draft went to the county; `held` were not sent (初审不符合条件, shown 已撤回). */
export const SendDraftResponse = z.object({
  batchId: z.string(),
  replayed: z.boolean(),
  submittedBy: z.string(),
  submittedAt: z.string(),
  sent: z.number().int(),
  held: z.number().int(),
});
export type SendDraftResponse = z.infer<typeof SendDraftResponse>;

/** POST /batches/{id}/discard: the draft was deleted; `released` people may be uploaded again (0 on a repeat). */
export const DiscardDraftResponse = z.object({
  batchId: z.string(),
  replayed: z.boolean(),
  status: z.literal('discarded'),
  label: z.string(),
  discardedBy: z.string(),
  discardedAt: z.string(),
  released: z.number().int(),
});
export type DiscardDraftResponse = z.infer<typeof DiscardDraftResponse>;

export const FilingRequest = z.object({
  decision: FilingDecision,
  note: z.string().max(REMARK_MAX).default(''),
});
export type FilingRequest = z.input<typeof FilingRequest>;

export const FilingStatusSchema = z.enum(['pending', 'approved', 'rejected']);

export const FilingResponse = z.object({
  candidateId: z.string(),
  decision: FilingDecision,
  status: FilingStatusSchema,
  statusLabel: z.string(),
  note: z.string(),
  decidedBy: z.string(),
  decidedAt: z.string(),
});
export type FilingResponse = z.infer<typeof FilingResponse>;

/** GET /campaigns/{id}/filings: every secretary nominee the townships sent, with the joint review's result and the filing. */
export const FilingList = z.object({
  campaignId: z.string(),
  /** The clauses that require the filing, as cited. */
  basis: z.string(),
  filings: z.array(
    z.object({
      candidateId: z.string(),
      batchId: z.string(),
      name: z.string(),
      idNumberMasked: z.string(),
      township: z.string(),
      village: z.string(),
      post: Post,
      withdrawn: z.boolean(),
      review: z.enum(['reviewing', 'cleared', 'disqualified', 'referred', 'incomplete', 'disputed']),
      reviewLabel: z.string(),
      status: FilingStatusSchema,
      statusLabel: z.string(),
      note: z.string().nullable(),
      decidedBy: z.string().nullable(),
      decidedAt: z.string().nullable(),
    }),
  ),
});
export type FilingList = z.infer<typeof FilingList>;
