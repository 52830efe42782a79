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
