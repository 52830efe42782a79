// Disputes (申请复核): a township disputes a decision, the organization department rules on it.
import { z } from 'zod';
import { ChangedOutcome, Dispute, DisputeResult } from '../domain/review-changes.js';
import { personText } from '../domain/text.js';

/** A small file inside the body: only its name, size and SHA-256 are kept. ~1.5 MB of file. */
export const MAX_ATTACHMENT_BASE64 = 2_000_000;

/**
 * An attachment: a file the township keeps, named by its SHA-256 (a reference), or a small file
 * uploaded inline, which the server hashes and does not store (there is no file store; the hash
 * lets anyone later check the township's copy).
 */
export const AttachmentInput = z.union([
  z.object({
    filename: personText({ max: 200 }),
    sha256: z.string().regex(/^[0-9a-f]{64}$/),
    bytes: z.number().int().nonnegative().max(100_000_000),
  }),
  z.object({ filename: personText({ max: 200 }), contentBase64: z.string().min(1).max(MAX_ATTACHMENT_BASE64) }),
]);
export type AttachmentInput = z.input<typeof AttachmentInput>;

export const DisputeRequest = z.object({
  reason: personText({ min: 5, max: 2000, multiline: true }),
  attachments: z.array(AttachmentInput).max(5).default([]),
});
export type DisputeRequest = z.input<typeof DisputeRequest>;

export const DisputeView = Dispute.extend({
  /** 复核中 / 维持原结论 / 改变结论 */
  statusLabel: z.string(),
});
export type DisputeView = z.infer<typeof DisputeView>;

export const DisputeResponse = z.object({ dispute: DisputeView });
export type DisputeResponse = z.infer<typeof DisputeResponse>;

export const DisputeRulingRequest = z.object({
  result: DisputeResult,
  /** Required with `change`: the result the candidate gets instead. */
  outcome: ChangedOutcome.optional(),
  reason: personText({ min: 5, max: 2000, multiline: true }),
});
export type DisputeRulingRequest = z.input<typeof DisputeRulingRequest>;

export const DisputeRulingResponse = z.object({
  dispute: DisputeView,
  /** The status shown now (cleared / disqualified / referred / incomplete). */
  status: z.enum(['cleared', 'disqualified', 'referred', 'incomplete', 'disputed']),
  statusLabel: z.string(),
});
export type DisputeRulingResponse = z.infer<typeof DisputeRulingResponse>;
