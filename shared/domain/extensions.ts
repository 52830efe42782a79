// Extension requests (延期申请): a department whose task ran out of time asks the organization
// department for more time, with a reason. Approved, the candidate is sent back to that one
// department (a re-check, shared/app/request-recheck.ts) with a deadline of its own; declined,
// the overdue answer stands. One request is pending at a time per candidate and department.
import { z } from 'zod';

export const EXTENSION_STATUSES = ['pending', 'approved', 'declined'] as const;
export const ExtensionStatus = z.enum(EXTENSION_STATUSES);
export type ExtensionStatus = z.infer<typeof ExtensionStatus>;

export const EXTENSION_STATUS_LABEL: Record<ExtensionStatus, string> = {
  pending: '待审批',
  approved: '已批准',
  declined: '不批准',
};

export const EXTENSION_REASON_MIN = 5;
export const EXTENSION_REASON_MAX = 1000;

export const Extension = z.object({
  campaignId: z.string().min(1),
  candidateId: z.string().min(1),
  department: z.string().min(1),
  /** 1 for the department's first request on this candidate, then one more for each. */
  sequence: z.number().int().min(1),
  status: ExtensionStatus,
  reason: z.string().min(1),
  requestedBy: z.string().min(1),
  /** The reviewer's login name, for the organization department's list. */
  requestedByName: z.string(),
  requestedAt: z.string(),
  decidedBy: z.string().min(1).optional(),
  decidedAt: z.string().optional(),
  /** Why it was not granted (不批准). */
  declineReason: z.string().optional(),
  /** The re-check an approval opened. */
  recheckSequence: z.number().int().optional(),
});
export type Extension = z.infer<typeof Extension>;

/** What deciding a pending request sets on it. */
export type ExtensionDecision = Required<Pick<Extension, 'decidedBy' | 'decidedAt'>> &
  ({ status: 'approved'; recheckSequence: number } | { status: 'declined'; declineReason: string });
