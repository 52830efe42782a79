// Re-checks (发回重审) and withdrawals (撤回 / 替换人选): the contract of their routes.
import { z } from 'zod';
import { Recheck, Withdrawal } from '../domain/review-changes.js';
import { personText } from '../domain/text.js';
import { FileUpload } from './common.js';

export const RecheckRequest = z.object({
  department: z.string().regex(/^[a-z][a-z0-9-]{1,39}$/),
  reason: personText({ min: 5, max: 2000, multiline: true }),
});
export type RecheckRequest = z.input<typeof RecheckRequest>;

export const RecheckView = Recheck.extend({
  /** The department's name as the policy lists it. */
  departmentName: z.string(),
  /** 重审中 until the department answers the new task. */
  statusLabel: z.string(),
});
export type RecheckView = z.infer<typeof RecheckView>;

export const RecheckResponse = z.object({ recheck: RecheckView });
export type RecheckResponse = z.infer<typeof RecheckResponse>;

export const WithdrawRequest = z.object({ reason: personText({ min: 5, max: 2000, multiline: true }) });
export type WithdrawRequest = z.input<typeof WithdrawRequest>;

export const WithdrawalView = Withdrawal.extend({ statusLabel: z.literal('已撤回') });
export type WithdrawalView = z.infer<typeof WithdrawalView>;

export const WithdrawResponse = z.object({
  withdrawal: WithdrawalView,
  /** Departments whose open tasks were closed. */
  cancelledTasks: z.array(z.string()),
  /** Whether a running review execution was stopped. */
  stopped: z.boolean(),
});
export type WithdrawResponse = z.infer<typeof WithdrawResponse>;

/** A replacement: one candidate row in the batch upload's format (and its near relatives), same village. */
export const ReplaceRequest = z.object({
  reason: personText({ min: 5, max: 2000, multiline: true }),
  candidates: FileUpload,
  relatives: FileUpload.optional(),
});
export type ReplaceRequest = z.input<typeof ReplaceRequest>;

export const ReplaceResponse = WithdrawResponse.extend({
  /** The new candidate, vetted like any other in a batch of one. */
  replacement: z.object({ candidateId: z.string(), batchId: z.string() }),
  /** 200 and true: the same Idempotency-Key and body again, answered with the first result (201, false). */
  replayed: z.boolean(),
});
export type ReplaceResponse = z.infer<typeof ReplaceResponse>;
