// Re-check requests (重审申请): a township asks the organization department to have ONE department
// check its candidate again, with a reason and attachments (a cure: a 失信 debt paid and the name
// removed from the list). Approved, the candidate goes back to that department through the re-check
// (shared/app/request-recheck.ts); declined, with a reason, the decision stands. The shape mirrors
// the extension requests (extensions.ts): one pending at a time per candidate and department.
import { z } from 'zod';
import { DisputeAttachment } from './review-changes.js';

export const RECHECK_REQUEST_STATUSES = ['pending', 'approved', 'declined'] as const;
export const RecheckRequestStatus = z.enum(RECHECK_REQUEST_STATUSES);
export type RecheckRequestStatus = z.infer<typeof RecheckRequestStatus>;

export const RECHECK_REQUEST_STATUS_LABEL: Record<RecheckRequestStatus, string> = {
  pending: '待审批',
  approved: '已批准',
  declined: '不批准',
};

export const RECHECK_REQUEST_REASON_MIN = 5;
export const RECHECK_REQUEST_REASON_MAX = 2000;
export const RECHECK_REQUEST_ATTACHMENTS_MAX = 5;

export const RecheckRequest = z.object({
  campaignId: z.string().min(1),
  candidateId: z.string().min(1),
  department: z.string().min(1),
  /** The candidate's township (code), whose account asked. */
  township: z.string().min(1),
  /** 1 for the first request on this candidate and department, then one more for each. */
  sequence: z.number().int().min(1),
  status: RecheckRequestStatus,
  reason: z.string().min(1),
  /** Kept by name, size and SHA-256, as a dispute's are (the files stay with the township). */
  attachments: z.array(DisputeAttachment).max(RECHECK_REQUEST_ATTACHMENTS_MAX),
  requestedBy: z.string().min(1),
  requestedAt: z.string(),
  decidedBy: z.string().min(1).optional(),
  decidedAt: z.string().optional(),
  /** Why it was not granted (不批准). */
  declineReason: z.string().optional(),
  /** The re-check an approval opened. */
  recheckSequence: z.number().int().optional(),
});
export type RecheckRequest = z.infer<typeof RecheckRequest>;

/** What deciding a pending request sets on it. */
export type RecheckRequestDecision = Required<Pick<RecheckRequest, 'decidedBy' | 'decidedAt'>> &
  ({ status: 'approved'; recheckSequence: number } | { status: 'declined'; declineReason: string });
