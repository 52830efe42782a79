// Re-check requests (重审申请) a township makes for one department of its candidate: the contract of their routes.
import { z } from 'zod';
import { RecheckRequest, REQUEST_RULES, RequestStatus } from '../domain/requests.js';
import { personText } from '../domain/text.js';
import { AttachmentInput } from './disputes.js';

const { reasonMin, reasonMax } = REQUEST_RULES.recheck;
const recheckReason = () => personText({ min: reasonMin, max: reasonMax, multiline: true });
const DepartmentCode = z.string().regex(/^[a-z][a-z0-9-]{1,39}$/);

export const TownshipRecheckRequest = z.object({
  department: DepartmentCode,
  reason: recheckReason(),
  attachments: z.array(AttachmentInput).max(REQUEST_RULES.recheck.attachmentsMax).default([]),
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

export const RecheckRequestListQuery = z.object({ status: RequestStatus.optional() });
export type RecheckRequestListQuery = z.input<typeof RecheckRequestListQuery>;

export const RecheckRequestList = z.object({ pending: z.number().int().min(0), items: z.array(RecheckRequestView) });
export type RecheckRequestList = z.infer<typeof RecheckRequestList>;

const DecisionTarget = z.object({ department: DepartmentCode, sequence: z.number().int().min(1) });

export const RecheckRequestDecisionRequest = z.discriminatedUnion('decision', [
  DecisionTarget.extend({ decision: z.literal('approve') }),
  DecisionTarget.extend({
    decision: z.literal('decline'),
    reason: recheckReason(),
  }),
]);
export type RecheckRequestDecisionRequest = z.input<typeof RecheckRequestDecisionRequest>;
