// 公示 (publicity) and the objections it draws, and people submitted twice in one campaign.
// The organization department opens a period for a set of cleared candidates; it runs the
// campaign's 公示天数 in working days (the official calendar, working-days.ts). Objections received
// during it are checked: 不属实 closes one, 属实 leads to a re-check of one department or removes
// the candidate. The list is final once the period has ended with nothing left open.
import { z } from 'zod';
import { IsoDate } from './model.js';
import { type HolidayCalendar, workingDaysFrom } from './working-days.js';

export const PublicityPeriod = z.object({
  campaignId: z.string().min(1),
  /** P1, P2, … in the order the periods were opened. */
  periodId: z.string().regex(/^P\d+$/),
  /** The township (code) whose candidates these are; null: the whole campaign's. */
  township: z.string().min(1).nullable(),
  candidateIds: z.array(z.string().min(1)).min(1),
  days: z.number().int().positive(),
  /** First and last day of the period (Beijing), both working days. */
  startDate: IsoDate,
  endDate: IsoDate,
  /** Years counted Monday–Friday for want of a published arrangement. */
  assumedYears: z.array(z.number().int()),
  openedBy: z.string().min(1),
  openedAt: z.string(),
});
export type PublicityPeriod = z.infer<typeof PublicityPeriod>;

/** The period's first and last day: `days` working days from `first` (or the next working day). */
export function publicityDates(first: string, days: number, calendar: HolidayCalendar) {
  const span = workingDaysFrom(first, days, calendar);
  return { startDate: span.start, endDate: span.date, assumedYears: span.assumedYears };
}

export const ObjectionChannel = z.enum(['letter', 'visit', 'phone', 'online', 'other']);
export type ObjectionChannel = z.infer<typeof ObjectionChannel>;
export const CHANNEL_LABEL: Record<ObjectionChannel, string> = {
  letter: '来信',
  visit: '来访',
  phone: '来电',
  online: '网络',
  other: '其他',
};

/** 不属实 closes the objection; 属实 sends one department back (recheck) or removes the candidate (ruling). */
export const ObjectionResult = z.enum(['unfounded', 'founded']);
export type ObjectionResult = z.infer<typeof ObjectionResult>;
export const ObjectionAction = z.enum(['recheck', 'ruling']);
export type ObjectionAction = z.infer<typeof ObjectionAction>;

export const ObjectionOutcome = z.object({
  /** How it was checked (核查情况). */
  checked: z.string().trim().min(5),
  result: ObjectionResult,
  /** Only with `founded`. */
  action: ObjectionAction.optional(),
  /** The department sent back (action `recheck`), and the re-check's number. */
  department: z.string().min(1).optional(),
  recheckSequence: z.number().int().positive().optional(),
  decidedBy: z.string().min(1),
  decidedAt: z.string(),
});
export type ObjectionOutcome = z.infer<typeof ObjectionOutcome>;

export const Objection = z.object({
  campaignId: z.string().min(1),
  candidateId: z.string().min(1),
  /** 1, 2, … per candidate. */
  seq: z.number().int().positive(),
  periodId: z.string().min(1),
  /** Who reported it; null: anonymous (匿名). Kept here, never in the audit chain. */
  reporter: z.object({ name: z.string().trim().min(1).max(50), contact: z.string().trim().max(100).optional() }).nullable(),
  channel: ObjectionChannel,
  content: z.string().trim().min(5),
  receivedAt: z.string(),
  recordedBy: z.string().min(1),
  recordedAt: z.string(),
  status: z.enum(['open', 'closed']),
  outcome: ObjectionOutcome.optional(),
});
export type Objection = z.infer<typeof Objection>;

export const OBJECTION_LABEL = {
  open: '异议核查中',
  unfounded: '异议不属实',
  recheck: '异议属实，发回重审',
  ruling: '异议属实，取消资格',
} as const;

export function objectionLabel(o: Pick<Objection, 'status' | 'outcome'>): string {
  if (o.status === 'open' || o.outcome === undefined) return OBJECTION_LABEL.open;
  if (o.outcome.result === 'unfounded') return OBJECTION_LABEL.unfounded;
  return o.outcome.action === 'ruling' ? OBJECTION_LABEL.ruling : OBJECTION_LABEL.recheck;
}

/** A candidate's place in a period, from its objections and re-checks. */
export type PublicityCandidateStatus = 'in_publicity' | 'objection_open' | 'rechecking' | 'removed' | 'final';

export const PUBLICITY_STATUS_LABEL: Record<PublicityCandidateStatus, string> = {
  in_publicity: '公示中',
  objection_open: '异议核查中',
  rechecking: '异议属实，重审中',
  removed: '异议属实，不予确定',
  final: '公示无异议，已确定',
};

/**
 * The candidate's status in a period: an open objection holds it (not final); a founded one that
 * removed it, or a re-check that decided it anything but cleared, takes it off; a re-check not yet
 * answered holds it; otherwise it is final once the period has ended.
 */
export function candidatePublicityStatus(input: {
  objections: readonly Pick<Objection, 'status' | 'outcome'>[];
  recheckOpen: boolean;
  cleared: boolean;
  ended: boolean;
}): PublicityCandidateStatus {
  if (input.objections.some((o) => o.status === 'open')) return 'objection_open';
  if (input.objections.some((o) => o.outcome?.result === 'founded' && o.outcome.action === 'ruling')) return 'removed';
  const rechecked = input.objections.some((o) => o.outcome?.result === 'founded' && o.outcome.action === 'recheck');
  if (rechecked && input.recheckOpen) return 'rechecking';
  if (!input.cleared) return 'removed';
  return input.ended ? 'final' : 'in_publicity';
}

export type PeriodStatus = 'scheduled' | 'open' | 'pending' | 'final';

export const PERIOD_STATUS_LABEL: Record<PeriodStatus, string> = {
  scheduled: '未开始',
  open: '公示中',
  pending: '公示期满，尚有异议或重审未结',
  final: '公示期满，名单已确定',
};

/** The period as of `today` (Beijing): final only once it has ended with no candidate held. */
export function periodStatus(
  period: Pick<PublicityPeriod, 'startDate' | 'endDate'>,
  today: string,
  statuses: readonly PublicityCandidateStatus[],
): PeriodStatus {
  if (today < period.startDate) return 'scheduled';
  if (today <= period.endDate) return 'open';
  return statuses.some((s) => s === 'objection_open' || s === 'rechecking') ? 'pending' : 'final';
}

// ---------------------------------------------------------------- the same person twice (重复报送)

/**
 * A candidate whose ID number another township's batch of the campaign already held when it was
 * submitted (found by the HMAC claim of the number, never the number itself). Both stay under
 * review until the organization department decides which stands; the other is set aside.
 */
export const Duplicate = z.object({
  campaignId: z.string().min(1),
  /** The candidate submitted later (flagged at its submission). */
  candidateId: z.string().min(1),
  batchId: z.string().min(1),
  township: z.string().min(1),
  /** The candidate that held the person first. */
  heldBy: z.object({ candidateId: z.string().min(1), batchId: z.string().min(1), township: z.string().min(1) }),
  flaggedAt: z.string(),
  status: z.enum(['open', 'resolved']),
  resolution: z
    .object({
      kept: z.string().min(1),
      setAside: z.string().min(1),
      reason: z.string().trim().min(5),
      by: z.string().min(1),
      at: z.string(),
    })
    .optional(),
});
export type Duplicate = z.infer<typeof Duplicate>;

export const DUPLICATE_LABEL = { open: '重复报送，待组织部门确定', kept: '重复报送，已确定保留', setAside: '重复报送，已确定不予联审' };

/** How a duplicate reads for one of its two candidates. */
export function duplicateLabel(d: Pick<Duplicate, 'status' | 'resolution'>, candidateId: string): string {
  if (d.status === 'open' || d.resolution === undefined) return DUPLICATE_LABEL.open;
  return d.resolution.kept === candidateId ? DUPLICATE_LABEL.kept : DUPLICATE_LABEL.setAside;
}
