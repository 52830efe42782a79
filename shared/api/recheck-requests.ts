// Re-check requests (重审申请) a township makes for one department of its candidate: the contract of their routes.
import { z } from 'zod';
import {
  RECHECK_REQUEST_ATTACHMENTS_MAX,
  RECHECK_REQUEST_REASON_MAX,
  RECHECK_REQUEST_REASON_MIN,
  RecheckRequest,
  RecheckRequestStatus,
} from '../domain/recheck-requests.js';
import { personText } from '../domain/text.js';
import { AttachmentInput } from './disputes.js';

const DepartmentCode = z.string().regex(/^[a-z][a-z0-9-]{1,39}$/);

export const TownshipRecheckRequest = z.object({
  department: DepartmentCode,
  reason: personText({ min: RECHECK_REQUEST_REASON_MIN, max: RECHECK_REQUEST_REASON_MAX, multiline: true }),
  attachments: z.array(AttachmentInput).max(RECHECK_REQUEST_ATTACHMENTS_MAX).default([]),
});
export type TownshipRecheckRequest = z.input<typeof TownshipRecheckRequest>;

export const RecheckRequestView = RecheckRequest.extend({
  departmentName: z.string(),
  /** 待审批 / 已批准 / 不批准 */
  statusLabel: z.string(),
  /** Name and place, for the organization department to judge; never the ID number. */
  candidate: z.object({ name: z.string(), township: z.string(), village: z.string() }).nullable(),
});
export type RecheckRequestView = z.infer<typeof RecheckRequestView>;

export const RecheckRequestListQuery = z.object({ status: RecheckRequestStatus.optional() });
export type RecheckRequestListQuery = z.input<typeof RecheckRequestListQuery>;

export const RecheckRequestList = z.object({ pending: z.number().int().min(0), items: z.array(RecheckRequestView) });
export type RecheckRequestList = z.infer<typeof RecheckRequestList>;

const DecisionTarget = z.object({ department: DepartmentCode, sequence: z.number().int().min(1) });

export const RecheckRequestDecisionRequest = z.discriminatedUnion('decision', [
  DecisionTarget.extend({ decision: z.literal('approve') }),
  DecisionTarget.extend({
    decision: z.literal('decline'),
    reason: personText({ min: RECHECK_REQUEST_REASON_MIN, max: RECHECK_REQUEST_REASON_MAX, multiline: true }),
  }),
]);
export type RecheckRequestDecisionRequest = z.input<typeof RecheckRequestDecisionRequest>;
