// Contract of the campaign set-up routes: the 行政区划 list (townships with their villages and
// communities), election days, the schedule and its computed dates, and the units upload.
import { z } from 'zod';
import { IsoDate, TOWNSHIP_CODE_PATTERN, UnitKind } from '../domain/model.js';
import { personText } from '../domain/text.js';
import { MAX_TOWNSHIPS, MAX_VILLAGES, TOWNSHIP_CODE_RULE } from '../domain/units.js';
import { CampaignView, DepartmentMode, InlineFile } from './common.js';

/** Lowercase ASCII: a code is what `township:<code>` accounts are tied to. */
export const TownshipCode = z.string().superRefine((code, ctx) => {
  if (!TOWNSHIP_CODE_PATTERN.test(code)) {
    ctx.addIssue({ code: 'custom', message: `乡镇（街道）代码${TOWNSHIP_CODE_RULE}`, params: { code: 'TOWNSHIP_CODE_INVALID' } });
  }
});

export const VillageInput = z.object({ name: personText({ max: 50 }), kind: UnitKind });
export const TownshipInput = z.object({
  code: TownshipCode,
  name: personText({ max: 50 }),
  villages: z.array(VillageInput).max(MAX_VILLAGES).optional(),
});
export type TownshipInput = z.input<typeof TownshipInput>;

const DepartmentCode = z.string().regex(/^[a-z][a-z0-9-]{1,39}$/);

export const ScheduleInput = z.object({
  /** 联审结果 due N calendar days before the (first) election day; default 5 ("选举日5日前"). */
  resultsDueDaysBefore: z.number().int().min(0).max(60).optional(),
  /** 公示天数, in working days; default 3. */
  publicityDays: z.number().int().min(1).max(30).optional(),
  /** The day the 公示 opens; null clears it. */
  publicityStart: IsoDate.nullable().optional(),
  /** Department code → working days (replaces the campaign's overrides; {} goes back to the policy's). */
  departmentDays: z.record(DepartmentCode, z.number().int().min(1).max(60)).optional(),
});
export type ScheduleInput = z.input<typeof ScheduleInput>;

/** Election days of the bodies that vote on another day than `electionDate`; null clears one. */
export const RoundsInput = z.object({
  party: IsoDate.nullable().optional(),
  committee: IsoDate.nullable().optional(),
  supervision: IsoDate.nullable().optional(),
});

export const CampaignFields = {
  name: personText({ max: 100 }),
  jurisdiction: personText({ max: 100 }),
  policyId: z.string().min(1).max(40),
  electionDate: IsoDate,
  rounds: RoundsInput.optional(),
  referenceDate: IsoDate.optional(),
  townships: z.array(TownshipInput).max(MAX_TOWNSHIPS).optional(),
  schedule: ScheduleInput.optional(),
};

/** Fields given replace the stored ones; fields left out stay (`revision`: the one the editor read). */
export const UpdateCampaignRequest = z.object({
  name: CampaignFields.name.optional(),
  jurisdiction: CampaignFields.jurisdiction.optional(),
  policyId: CampaignFields.policyId.optional(),
  electionDate: IsoDate.optional(),
  rounds: RoundsInput.nullable().optional(),
  referenceDate: IsoDate.nullable().optional(),
  townships: CampaignFields.townships,
  schedule: CampaignFields.schedule,
  revision: z.number().int().nonnegative().optional(),
});
export type UpdateCampaignRequest = z.input<typeof UpdateCampaignRequest>;

const ScheduleDay = z.object({ date: z.string(), text: z.string(), working: z.boolean() });

export const ScheduleView = z.object({
  settings: z.object({
    resultsDueDaysBefore: z.number().int(),
    publicityDays: z.number().int(),
    publicityStart: z.string().nullable(),
    departmentDays: z.record(z.string(), z.number().int()),
  }),
  electionDays: z.array(
    z.object({ body: z.enum(['party', 'committee', 'supervision']).nullable(), label: z.string(), date: z.string(), text: z.string() }),
  ),
  /** e.g. { date: 2027-03-23, text: 2027年3月23日（星期二）, rule: 选举日5日前 } */
  resultsDue: ScheduleDay.extend({ rule: z.string() }),
  publicity: z.object({ days: z.number().int(), rule: z.string(), start: ScheduleDay.nullable(), end: ScheduleDay.nullable() }),
  departments: z.array(
    z.object({
      code: z.string(),
      name: z.string(),
      mode: DepartmentMode,
      workingDays: z.number().int(),
      source: z.enum(['policy', 'campaign']),
      /** The rule in words, e.g. 任务发出次日起第5个工作日北京时间24:00前答复（…）. */
      rule: z.string(),
      /** A task sent now would be due then; `note` says when Monday–Friday was assumed. */
      ifSentNow: z.object({ dueDate: z.string(), dueAt: z.string(), dueText: z.string(), note: z.string().nullable() }),
    }),
  ),
  assumedYears: z.array(z.number().int()),
  /** e.g. 2027年的放假安排尚未录入，已按周一至周五为工作日计算，请录入后核对 */
  assumedNote: z.string().nullable(),
  warnings: z.array(z.string()),
});
export type ScheduleView = z.infer<typeof ScheduleView>;

export const TownshipView = z.object({
  code: z.string(),
  name: z.string(),
  /** null: the township's villages are not listed (not checked, kind unknown). */
  villages: z.array(z.object({ name: z.string(), kind: UnitKind })).nullable(),
});
export type TownshipView = z.infer<typeof TownshipView>;

/** GET /campaigns/{id} and PUT /campaigns/{id}. */
export const CampaignDetail = z.object({
  campaign: CampaignView,
  revision: z.number().int(),
  updatedAt: z.string().nullable(),
  updatedBy: z.string().nullable(),
  rounds: z.object({ party: z.string().nullable(), committee: z.string().nullable(), supervision: z.string().nullable() }),
  townships: z.array(TownshipView),
  units: z.object({ townships: z.number().int(), villages: z.number().int(), listed: z.boolean() }),
  schedule: ScheduleView,
  batches: z.number().int(),
  /** Batches exist: only the schedule may change, and units may only be added. */
  locked: z.boolean(),
});
export type CampaignDetail = z.infer<typeof CampaignDetail>;

export const UpdateCampaignResponse = CampaignDetail.extend({ changed: z.boolean() });
export type UpdateCampaignResponse = z.infer<typeof UpdateCampaignResponse>;

export const UploadUnitsRequest = z.object({
  file: InlineFile,
  /** replace: the file is the whole list; add: its units are added to the list. */
  mode: z.enum(['replace', 'add']).default('replace'),
  /** Only show what would change. */
  dryRun: z.boolean().default(false),
});
export type UploadUnitsRequest = z.input<typeof UploadUnitsRequest>;

export const UploadUnitsResponse = z.object({
  applied: z.boolean(),
  mode: z.enum(['replace', 'add']),
  changes: z.object({
    addedTownships: z.array(z.object({ code: z.string(), name: z.string(), villages: z.number().int() })),
    addedVillages: z.array(z.object({ township: z.string(), name: z.string(), kind: UnitKind })),
    removed: z.array(z.object({ township: z.string(), village: z.string().nullable(), text: z.string() })),
    changed: z.array(
      z.object({ township: z.string(), village: z.string().nullable(), what: z.enum(['code', 'kind']), from: z.string(), to: z.string() }),
    ),
  }),
  /** The list as it is (or would be) after the upload; codeFrom says where each code came from. */
  townships: z.array(
    z.object({
      code: z.string(),
      name: z.string(),
      villages: z.array(z.object({ name: z.string(), kind: UnitKind })),
      codeFrom: z.enum(['file', 'existing', 'generated']),
    }),
  ),
});
export type UploadUnitsResponse = z.infer<typeof UploadUnitsResponse>;
