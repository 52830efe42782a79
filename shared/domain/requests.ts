// Requests to the organization department, of two kinds: an extension (延期申请: a department
// whose task ran out of time asks for more time) and a re-check (重审申请: a township asks for ONE
// department to check its decided candidate again, with a reason and attachments). Either way one
// request is pending at a time per candidate and department, and it is decided once: approved, the
// candidate goes back to that department through the re-check (shared/app/request-recheck.ts);
// declined, with a reason, what stood stands.
import { z } from 'zod';
import { DisputeAttachment } from './review-changes.js';

export const REQUEST_KINDS = ['extension', 'recheck'] as const;
export type RequestKind = (typeof REQUEST_KINDS)[number];

export const REQUEST_STATUSES = ['pending', 'approved', 'declined'] as const;
export const RequestStatus = z.enum(REQUEST_STATUSES);
export type RequestStatus = z.infer<typeof RequestStatus>;

export const REQUEST_STATUS_LABEL: Record<RequestStatus, string> = {
  pending: '待审批',
  approved: '已批准',
  declined: '不批准',
};

/** The reason's bounds and the attachments allowed, by kind (an extension carries none). */
export const REQUEST_RULES: Record<RequestKind, { reasonMin: number; reasonMax: number; attachmentsMax: number }> = {
  extension: { reasonMin: 5, reasonMax: 1000, attachmentsMax: 0 },
  recheck: { reasonMin: 5, reasonMax: 2000, attachmentsMax: 5 },
};

const RequestBase = z.object({
  campaignId: z.string().min(1),
  candidateId: z.string().min(1),
  department: z.string().min(1),
  /** 1 for the first request on this candidate and department, then one more for each. */
  sequence: z.number().int().min(1),
  status: RequestStatus,
  reason: z.string().min(1),
  requestedBy: z.string().min(1),
  requestedAt: z.string(),
  decidedBy: z.string().min(1).optional(),
  decidedAt: z.string().optional(),
  /** Why it was not granted (不批准). */
  declineReason: z.string().optional(),
  /** The re-check an approval opened. */
  recheckSequence: z.number().int().optional(),
});
export type RequestBase = z.infer<typeof RequestBase>;

/** 延期申请: asked by the department's reviewer. */
export const Extension = RequestBase.extend({
  /** The reviewer's login name, for the organization department's list. */
  requestedByName: z.string(),
});
export type Extension = z.infer<typeof Extension>;

/** 重审申请: asked by the candidate's township. */
export const RecheckRequest = RequestBase.extend({
  /** The candidate's township (code), whose account asked. */
  township: z.string().min(1),
  /** The township account's login name, for the organization department's list (absent on requests made before it was kept). */
  requestedByName: z.string().optional(),
  /** Kept by name, size and SHA-256, as a dispute's are (the files stay with the township). */
  attachments: z.array(DisputeAttachment).max(REQUEST_RULES.recheck.attachmentsMax),
});
export type RecheckRequest = z.infer<typeof RecheckRequest>;

export interface RequestByKind {
  extension: Extension;
  recheck: RecheckRequest;
}
export type RequestOf<K extends RequestKind> = RequestByKind[K];

export const REQUEST_SCHEMA: { [K in RequestKind]: z.ZodType<RequestOf<K>> } = {
  extension: Extension,
  recheck: RecheckRequest,
};

/** What deciding a pending request sets on it. */
export type RequestDecision = Required<Pick<RequestBase, 'decidedBy' | 'decidedAt'>> &
  ({ status: 'approved'; recheckSequence: number } | { status: 'declined'; declineReason: string });

/** The number of the next request after `latest` (the stored one, if any). */
export function nextRequestSequence(latest: Pick<RequestBase, 'sequence'> | undefined): number {
  return (latest?.sequence ?? 0) + 1;
}

/** Whether request number `sequence` may replace what is stored: nothing for the first, else number `sequence - 1`, decided. */
export function mayFollow(stored: Pick<RequestBase, 'sequence' | 'status'> | undefined, sequence: number): boolean {
  return stored === undefined ? sequence === 1 : stored.status !== 'pending' && stored.sequence === sequence - 1;
}

/** Whether the stored request is request number `sequence` and still waits for its decision. */
export function awaitsDecision(stored: Pick<RequestBase, 'sequence' | 'status'>, sequence: number): boolean {
  return stored.status === 'pending' && stored.sequence === sequence;
}

/** The request as a decision leaves it (validated: a decision of another kind's shape does not pass). */
export function decidedRequest<K extends RequestKind>(kind: K, stored: RequestOf<K>, decision: RequestDecision): RequestOf<K> {
  return REQUEST_SCHEMA[kind].parse({ ...stored, ...decision });
}
