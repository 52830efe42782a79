// Corrections and disputes: the two ways a decision changes after it was made, besides a ruling
// on a referred case. A correction replaces a department's answer for deciding (the earlier answer
// stays in the verdict's history and in the audit trail); a dispute freezes the decision as 复核中
// until the organization department rules on it (维持原结论 / 改变结论).
import { z } from 'zod';
import { IsoDate, type Campaign, type DecisionOutcome } from './model.js';

/** Why a department replaced its answer, with the document (文号) that says so. */
export const Correction = z.object({
  reason: z.string().trim().min(2),
  documentNumber: z.string().trim().min(1),
  correctedBy: z.string().min(1),
  correctedAt: z.string(),
});
export type Correction = z.infer<typeof Correction>;

/**
 * Results are final once the campaign's 公示 has opened (schedule.publicityStart on or before
 * today, Beijing): after that the published list may only change by a dispute, not a correction.
 * A campaign has no archived/closed state; this is the point its results are published.
 */
export function resultsFinal(campaign: Pick<Campaign, 'schedule'>, today: string): boolean {
  const start = campaign.schedule?.publicityStart;
  return start !== undefined && IsoDate.safeParse(start).success && start <= today;
}

/** A file the township attaches: kept as its name, size and SHA-256 (the bytes stay with the township). */
export const DisputeAttachment = z.object({
  filename: z.string().trim().min(1).max(200),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  bytes: z.number().int().nonnegative(),
});
export type DisputeAttachment = z.infer<typeof DisputeAttachment>;

export const DisputeResult = z.enum(['maintain', 'change']);
export type DisputeResult = z.infer<typeof DisputeResult>;

export const DISPUTE_RESULT_LABEL: Record<DisputeResult, string> = { maintain: '维持原结论', change: '改变结论' };

/** 改变结论 names the result the candidate gets instead: 通过 or 不通过. */
export const ChangedOutcome = z.enum(['cleared', 'disqualified']);
export type ChangedOutcome = z.infer<typeof ChangedOutcome>;

export const DisputeRuling = z.object({
  result: DisputeResult,
  /** Only with `change`. */
  outcome: ChangedOutcome.optional(),
  reason: z.string().trim().min(5),
  ruledBy: z.string().min(1),
  ruledAt: z.string(),
});
export type DisputeRuling = z.infer<typeof DisputeRuling>;

export const Dispute = z.object({
  campaignId: z.string().min(1),
  candidateId: z.string().min(1),
  township: z.string().min(1),
  /** The decision version disputed; a later re-decision (a correction) is a new decision. */
  decisionVersion: z.number().int().positive(),
  /** The status shown when the dispute was opened. */
  disputedStatus: z.enum(['cleared', 'disqualified', 'referred', 'incomplete']),
  reason: z.string().trim().min(5),
  attachments: z.array(DisputeAttachment).max(5),
  openedBy: z.string().min(1),
  openedAt: z.string(),
  status: z.enum(['open', 'ruled']),
  ruling: DisputeRuling.optional(),
});
export type Dispute = z.infer<typeof Dispute>;

/** The dispute's state in words: 复核中, or the ruling's 维持原结论 / 改变结论. */
export function disputeLabel(dispute: Pick<Dispute, 'status' | 'ruling'>): string {
  if (dispute.status === 'open' || dispute.ruling === undefined) return DISPUTED_LABEL;
  return DISPUTE_RESULT_LABEL[dispute.ruling.result];
}

/** What people see: the final status, or 复核中 while a dispute is open. */
export type ShownStatus = DecisionOutcome | 'disputed';

export const DISPUTED_LABEL = '复核中';

/**
 * The status shown for a decision: 复核中 while a dispute on it is open; after 改变结论 the
 * outcome the ruling named, for the decision version it ruled on (a re-decision since is newer);
 * otherwise the final status (维持原结论 keeps it).
 */
export function shownStatus(finalStatus: DecisionOutcome, decisionVersion: number, dispute?: Dispute): ShownStatus {
  if (dispute === undefined) return finalStatus;
  if (dispute.status === 'open') return 'disputed';
  const ruling = dispute.ruling;
  if (ruling?.result === 'change' && ruling.outcome !== undefined && dispute.decisionVersion === decisionVersion) return ruling.outcome;
  return finalStatus;
}

/** A township may dispute a decision unless a dispute is open, or this version was disputed already. */
export function canDispute(decisionVersion: number, dispute?: Dispute): 'open' | 'alreadyRuled' | undefined {
  if (dispute === undefined) return undefined;
  if (dispute.status === 'open') return 'open';
  return dispute.decisionVersion >= decisionVersion ? 'alreadyRuled' : undefined;
}

// ---------------------------------------------------------------- re-checks (发回重审)

/**
 * The organization department sends one decided candidate back to ONE department (a cure: a
 * 失信 debt paid, a record struck out): that department is asked again in a new task with its own
 * deadline, and the candidate is decided again when it answers. `sequence` counts the re-checks of
 * the candidate (1, 2, …) and names the execution that runs it.
 */
export const Recheck = z.object({
  campaignId: z.string().min(1),
  candidateId: z.string().min(1),
  department: z.string().min(1),
  sequence: z.number().int().positive(),
  reason: z.string().trim().min(5),
  requestedBy: z.string().min(1),
  requestedAt: z.string(),
  /** The decision version the re-check was asked on. */
  decisionVersion: z.number().int().positive(),
  /** The department's answer the re-check set aside (its status, and when it was given). */
  previous: z.object({ status: z.string(), answeredAt: z.string().nullable() }),
  /** The Step Functions execution that asks the department again. */
  executionName: z.string().min(1),
});
export type Recheck = z.infer<typeof Recheck>;

export const RECHECK_LABEL = '重审中';

// ---------------------------------------------------------------- withdrawal and replacement (撤回 / 替换人选)

/**
 * A township withdraws a candidate after a finding (with a reason), or proposes a replacement: a
 * new candidate of the same village, vetted like any other, linked both ways. A withdrawn
 * candidate's open department tasks are cancelled and its review execution is stopped.
 */
export const Withdrawal = z.object({
  campaignId: z.string().min(1),
  candidateId: z.string().min(1),
  township: z.string().min(1),
  reason: z.string().trim().min(5),
  withdrawnBy: z.string().min(1),
  withdrawnAt: z.string(),
  /** The candidate proposed instead (absent: withdrawn without a replacement). */
  replacedBy: z.string().min(1).optional(),
});
export type Withdrawal = z.infer<typeof Withdrawal>;

export const WITHDRAWN_LABEL = '已撤回';

/**
 * Audit dedupe keys of a department's answer: the first review keeps its key, re-check n adds
 * `:r<n>`, so the re-check's answer is a new event while a redelivery of either stays one.
 */
export function roundKey(key: string, recheck: number | undefined): string {
  return recheck === undefined || recheck === 0 ? key : `${key}:r${recheck}`;
}
