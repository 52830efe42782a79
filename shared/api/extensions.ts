// Extension requests (延期申请) of overdue department tasks: the contract of their routes.
import { z } from 'zod';
import { Extension, REQUEST_RULES, RequestStatus } from '../domain/requests.js';
import { personText } from '../domain/text.js';

const { reasonMin, reasonMax } = REQUEST_RULES.extension;
const extensionReason = () => personText({ min: reasonMin, max: reasonMax, multiline: true });

export const ExtensionRequest = z.object({
  reason: extensionReason(),
});
export type ExtensionRequest = z.input<typeof ExtensionRequest>;

export const ExtensionView = Extension.extend({
  departmentName: z.string(),
  /** 待审批 / 已批准 / 不批准 */
  statusLabel: z.string(),
  taskId: z.string(),
  /** Name and place, for the organization department to judge; never the ID number. */
  candidate: z.object({ name: z.string(), township: z.string(), village: z.string() }).nullable(),
});
export type ExtensionView = z.infer<typeof ExtensionView>;

export const TaskExtension = z.object({ extension: ExtensionView.nullable() });
export type TaskExtension = z.infer<typeof TaskExtension>;

export const ExtensionListQuery = z.object({ status: RequestStatus.optional() });
export type ExtensionListQuery = z.input<typeof ExtensionListQuery>;

export const ExtensionList = z.object({ pending: z.number().int().min(0), items: z.array(ExtensionView) });
export type ExtensionList = z.infer<typeof ExtensionList>;

const DecisionTarget = z.object({
  department: z.string().regex(/^[a-z][a-z0-9-]{1,39}$/),
  sequence: z.number().int().min(1),
});

export const ExtensionDecisionRequest = z.discriminatedUnion('decision', [
  DecisionTarget.extend({ decision: z.literal('approve') }),
  DecisionTarget.extend({
    decision: z.literal('decline'),
    reason: extensionReason(),
  }),
]);
export type ExtensionDecisionRequest = z.input<typeof ExtensionDecisionRequest>;
