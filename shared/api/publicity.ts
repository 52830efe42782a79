// 公示 periods, objections and duplicates (重复报送): the contract of their routes.
import { z } from 'zod';
import { ID_PATTERN } from '../domain/ids.js';
import { IsoDate } from '../domain/model.js';
import { Duplicate, Objection, ObjectionAction, ObjectionChannel, ObjectionResult, PublicityPeriod } from '../domain/publicity.js';
import { personText } from '../domain/text.js';

export const ObjectionParams = z.object({ id: z.string().regex(ID_PATTERN), seq: z.coerce.number().int().positive() });

export const OpenPublicityRequest = z.object({
  /** Only this township's cleared candidates (its code). */
  township: z.string().min(1).max(64).optional(),
  /** These candidates; default every cleared candidate in scope not yet in a period. */
  candidateIds: z.array(z.string().regex(ID_PATTERN)).min(1).max(5000).optional(),
  /** First day (Beijing); default today; a day off moves it to the next working day. */
  startDate: IsoDate.optional(),
});
export type OpenPublicityRequest = z.input<typeof OpenPublicityRequest>;

export const PeriodStatus = z.enum(['scheduled', 'open', 'pending', 'final']);
export const PublicityCandidateStatus = z.enum(['in_publicity', 'objection_open', 'rechecking', 'removed', 'final']);

export const ObjectionView = Objection.extend({ statusLabel: z.string() });
export type ObjectionView = z.infer<typeof ObjectionView>;

export const PublicityCandidateView = z.object({
  candidateId: z.string(),
  seq: z.number().int(),
  name: z.string(),
  township: z.string(),
  village: z.string(),
  post: z.string(),
  status: PublicityCandidateStatus,
  statusLabel: z.string(),
  objections: z.array(ObjectionView),
});

export const PeriodView = PublicityPeriod.extend({
  status: PeriodStatus,
  statusLabel: z.string(),
  /** 2026年12月2日（星期三）: the dates as the list prints them. */
  startText: z.string(),
  endText: z.string(),
  candidates: z.array(PublicityCandidateView),
});
export type PeriodView = z.infer<typeof PeriodView>;

export const OpenPublicityResponse = z.object({ period: PeriodView });
export type OpenPublicityResponse = z.infer<typeof OpenPublicityResponse>;

export const PublicityList = z.object({ periods: z.array(PeriodView) });
export type PublicityList = z.infer<typeof PublicityList>;

export const ObjectionRequest = z.object({
  /** null: anonymous (匿名). */
  reporter: z.object({ name: personText({ max: 50 }), contact: personText({ max: 100 }).optional() }).nullable(),
  channel: ObjectionChannel,
  content: personText({ min: 5, max: 2000, multiline: true }),
  /** When it was received (ISO instant); default now. */
  receivedAt: z.iso.datetime({ offset: true }).optional(),
});
export type ObjectionRequest = z.input<typeof ObjectionRequest>;

export const ObjectionResponse = z.object({ objection: ObjectionView });
export type ObjectionResponse = z.infer<typeof ObjectionResponse>;

export const ObjectionOutcomeRequest = z.object({
  checked: personText({ min: 5, max: 2000, multiline: true }),
  result: ObjectionResult,
  action: ObjectionAction.optional(),
  department: z
    .string()
    .regex(/^[a-z][a-z0-9-]{1,39}$/)
    .optional(),
});
export type ObjectionOutcomeRequest = z.input<typeof ObjectionOutcomeRequest>;

export const ObjectionOutcomeResponse = z.object({ objection: ObjectionView, recheckStarted: z.boolean() });
export type ObjectionOutcomeResponse = z.infer<typeof ObjectionOutcomeResponse>;

const Side = z.object({ name: z.string(), township: z.string(), village: z.string(), seq: z.number().int() });
export const DuplicateView = Duplicate.extend({ statusLabel: z.string(), candidate: Side, held: Side });
export type DuplicateView = z.infer<typeof DuplicateView>;

export const DuplicateList = z.object({ duplicates: z.array(DuplicateView) });
export type DuplicateList = z.infer<typeof DuplicateList>;

export const DuplicateResolutionRequest = z.object({
  /** The candidate that stands: the flagged one or the one that held the person first. */
  keep: z.string().regex(ID_PATTERN),
  reason: personText({ min: 5, max: 2000, multiline: true }),
});
export type DuplicateResolutionRequest = z.input<typeof DuplicateResolutionRequest>;

export const DuplicateResolutionResponse = z.object({ duplicate: DuplicateView });
export type DuplicateResolutionResponse = z.infer<typeof DuplicateResolutionResponse>;

export const BatchPublicity = z.object({
  batchId: z.string(),
  campaignId: z.string(),
  candidates: z.array(
    z.object({
      candidateId: z.string(),
      seq: z.number().int(),
      name: z.string(),
      village: z.string(),
      publicity: z
        .object({
          periodId: z.string(),
          startDate: IsoDate,
          endDate: IsoDate,
          periodStatus: PeriodStatus,
          periodStatusLabel: z.string(),
          status: PublicityCandidateStatus,
          statusLabel: z.string(),
          openObjections: z.number().int(),
        })
        .nullable(),
      duplicate: z
        .object({ status: z.enum(['open', 'resolved']), statusLabel: z.string(), otherCandidateId: z.string(), otherTownship: z.string() })
        .nullable(),
    }),
  ),
});
export type BatchPublicity = z.infer<typeof BatchPublicity>;
