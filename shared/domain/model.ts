// The shared vocabulary of lianshen. Every other module builds on these schemas.
import { z } from 'zod';
import { isIsoDate } from './dates.js';

/** The earliest and latest dates any record, campaign or body may carry. */
export const DATE_RANGE = { min: '1900-01-01', max: '2100-12-31' } as const;

/**
 * One date type for every body and file: a real calendar date (no 2027-02-30), written
 * YYYY-MM-DD, between 1900 and 2100. "Not in the future" depends on today and is checked where the
 * domain says so (e.g. a record's dates), with the clock of the caller.
 */
export const IsoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD')
  .refine(isIsoDate, '不是真实存在的日期')
  .refine((d) => d >= DATE_RANGE.min && d <= DATE_RANGE.max, `日期应在 ${DATE_RANGE.min} 至 ${DATE_RANGE.max} 之间`);
export type IsoDate = z.infer<typeof IsoDate>;

/** 出生年月 as written in a dossier: YYYY-MM or YYYY-MM-DD. */
export const BirthMonth = z.string().regex(/^\d{4}-\d{2}(-\d{2})?$/, 'expected YYYY-MM or YYYY-MM-DD');

export const SEXES = ['男', '女'] as const;
export const Sex = z.enum(SEXES);
export type Sex = z.infer<typeof Sex>;

export const EDUCATIONS = ['小学', '初中', '高中', '中专', '大专', '本科', '研究生'] as const;
export const Education = z.enum(EDUCATIONS);
export type Education = z.infer<typeof Education>;
/** 高中 and 中专 are the same level. */
export const EDUCATION_RANK: Record<Education, number> = {
  小学: 1,
  初中: 2,
  高中: 3,
  中专: 3,
  大专: 4,
  本科: 5,
  研究生: 6,
};

export const POLITICAL_STATUSES = ['中共党员', '中共预备党员', '共青团员', '群众', '民主党派'] as const;
export const PoliticalStatus = z.enum(POLITICAL_STATUSES);
export type PoliticalStatus = z.infer<typeof PoliticalStatus>;

export const POSTS = [
  '党组织书记',
  '党组织副书记',
  '党组织委员',
  '村(居)委会主任',
  '村(居)委会副主任',
  '村(居)委会委员',
  '监督委员会主任',
  '监督委员会委员',
] as const;
export const Post = z.enum(POSTS);
export type Post = z.infer<typeof Post>;

export const NOMINATION_TYPES = ['初步人选', '自荐人', '另选他人'] as const;
export const NominationType = z.enum(NOMINATION_TYPES);
export type NominationType = z.infer<typeof NominationType>;

export const RELATIONS = ['配偶', '父母', '子女', '兄弟姐妹', '祖父母', '外祖父母', '孙子女', '外孙子女'] as const;
export const Relation = z.enum(RELATIONS);
export type Relation = z.infer<typeof Relation>;

/**
 * Where a rule comes from, as a civil servant would cite it: the document's title, the clause's
 * place in it, and its words verbatim ("依据：《…》“五不能”第一项：“…”"). Every citation in a policy
 * has all three (checkPolicy); `file` names the stored source text a shipped policy's quotes are
 * checked against and is never shown to people. Decisions stored before document and clause existed
 * carry only file and quote, hence optional here.
 */
export const Citation = z.object({
  document: z.string().min(1).optional(),
  clause: z.string().min(1).optional(),
  quote: z.string().min(1),
  file: z.string().min(1).optional(),
});
export type Citation = z.infer<typeof Citation>;

/** Kinds of unit on a campaign's village list (行政区划): some clauses apply to one kind only. */
export const UNIT_KINDS = ['村', '社区', '农村社区'] as const;
export const UnitKind = z.enum(UNIT_KINDS);
export type UnitKind = z.infer<typeof UnitKind>;

// ---------------------------------------------------------------- campaign

/**
 * A township code: what `township:<code>` accounts are tied to, and the name of nothing a person
 * reads. Lowercase ASCII letters, digits and hyphens (a 乡镇代码 of the 统计用区划代码 is digits).
 */
export const TOWNSHIP_CODE_PATTERN = /^[a-z0-9][a-z0-9-]{0,63}$/;

/** One village or community (村 / 社区 / 农村社区) on a campaign's 行政区划 list. */
export const CampaignVillage = z.object({ name: z.string().trim().min(1), kind: UnitKind });
export type CampaignVillage = z.infer<typeof CampaignVillage>;

/**
 * A township taking part: the code of its `township:<code>` group, the name its batch files use in
 * 乡镇(街道), and its villages and communities. Without `villages` (campaigns set up before the
 * 行政区划 list existed) the township's 村(社区) are not checked and their kind is unknown.
 */
export const CampaignTownship = z.object({
  code: z.string().regex(TOWNSHIP_CODE_PATTERN),
  name: z.string().trim().min(1),
  villages: z.array(CampaignVillage).optional(),
});
export type CampaignTownship = z.infer<typeof CampaignTownship>;

/**
 * The campaign's schedule rules (shared/domain/schedule.ts computes the dates): results due N
 * calendar days before the (first) election day (the seeds' "选举日5日前"), a publicity period of N
 * working days from the day it opens (公示), and each department's deadline in working days from
 * the day its task is sent (the policy's slaDays unless the campaign sets its own).
 */
export const CampaignSchedule = z.object({
  resultsDueDaysBefore: z.number().int().min(0).max(60).default(5),
  publicityDays: z.number().int().min(1).max(30).default(3),
  /** The day the 公示 opens, once the organization department has set it. */
  publicityStart: IsoDate.optional(),
  /** Department code → working days, where the campaign overrides the policy's slaDays. */
  departmentDays: z.record(z.string(), z.number().int().min(1).max(60)).default({}),
});
export type CampaignSchedule = z.output<typeof CampaignSchedule>;

/** Separate election days per body (党组织, 村(居)民委员会, 监督委员会), where they differ from electionDate. */
export const ElectionRounds = z.object({ party: IsoDate.optional(), committee: IsoDate.optional(), supervision: IsoDate.optional() });
export type ElectionRounds = z.infer<typeof ElectionRounds>;

export const Campaign = z
  .object({
    id: z.string().min(1),
    name: z.string().min(1),
    jurisdiction: z.string().min(1),
    policyId: z.string().min(1),
    /**
     * The policy version the campaign pins (set at creation: the latest then, unless one is named;
     * changed only by a policy switch). Campaigns stored before versions were pinned lack it and
     * mean the built-in version of policyId.
     */
    policyVersion: z.string().min(1).optional(),
    /** 选举日: the (first) election day; ages are counted on referenceDate, which defaults to it. */
    electionDate: IsoDate,
    rounds: ElectionRounds.optional(),
    referenceDate: IsoDate.optional(),
    /**
     * Townships taking part (the 行政区划 list). A township may only submit candidates of its own
     * name, and of the villages listed under it.
     */
    townships: z.array(CampaignTownship).optional(),
    /** Absent: the defaults (CampaignSchedule.parse({})). */
    schedule: CampaignSchedule.optional(),
  })
  .transform((c) => ({ ...c, referenceDate: c.referenceDate ?? c.electionDate }));
export type Campaign = z.output<typeof Campaign>;
export type CampaignInput = z.input<typeof Campaign>;

// ---------------------------------------------------------------- policy

/** bar (不得提名) → disqualified; concern (需研判) → referred; notice (提示) → shown, decides nothing. */
export const Severity = z.enum(['bar', 'concern', 'notice']);
export type Severity = z.infer<typeof Severity>;

/**
 * How long a category keeps applying, on the legal calendar (dates.ts, docs/policies.md).
 * - years: "未满N年" — applies through the last day of a period of N years (and `months`) counted
 *   from the anchor date (民法典 第二百零一条、第二百零二条): `end` = 终止日期 (release, end of the
 *   measure, 处理完结), `start` = 起始日期 (查处, 评定). Without the anchor date: with
 *   ongoingWithoutEnd an open measure (no 终止日期) applies; otherwise the period cannot be computed
 *   and the record is referred for a person to check (never cleared, never barred on a guess).
 * - untilEnd: applies through 终止日期 (the measure's last day in force); without one it applies.
 * - status: applies while 状态 is (negate: is not) one of the values; with alsoWithoutEnd also while
 *   there is no 终止日期. A missing 状态 applies: nothing shows the matter was resolved.
 * - permanent: 长期, always applies.
 */
export const Window = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('years'),
    years: z.number().int().nonnegative(),
    months: z.number().int().nonnegative().optional(),
    anchor: z.enum(['end', 'start']),
    ongoingWithoutEnd: z.boolean().optional(),
  }),
  z.object({ kind: z.literal('untilEnd') }),
  z.object({
    kind: z.literal('status'),
    statuses: z.array(z.string().min(1)).min(1),
    negate: z.boolean().optional(),
    alsoWithoutEnd: z.boolean().optional(),
  }),
  z.object({ kind: z.literal('permanent') }),
]);
export type Window = z.infer<typeof Window>;

/**
 * A 状态 that changes what a record means, with the clause that says so: e.g. county-2017 ④, a
 * family-planning violation "已经处罚到位" is referred (the other conditions of the exception are
 * judgments), not barred. `none`: the record does not count at all.
 */
export const StatusOverride = z.object({
  statuses: z.array(z.string().min(1)).min(1),
  severity: z.union([Severity, z.literal('none')]),
  citation: Citation,
  /** Shown with the reason: what a person still has to judge. */
  note: z.string().min(1).optional(),
});
export type StatusOverride = z.infer<typeof StatusOverride>;

export const Category = z.object({
  /** The Chinese label, as it appears in 记录类别 of an extract. Unique within a policy. */
  label: z.string().min(1),
  /** The group in the source, e.g. 五不能, 六不宜. */
  group: z.string().min(1),
  severity: Severity,
  window: Window,
  /**
   * What a record's 终止日期 means: the last day the measure was in force (the default, as court
   * judgments and disciplinary decisions state a term "至…止"), or the first day after it.
   */
  endDate: z.enum(['lastDayInForce', 'firstDayFree']).default('lastDayInForce'),
  statusOverrides: z.array(StatusOverride).default([]),
  citation: Citation,
  /** For departments: what 起始日期, 终止日期 and 状态 mean for this category. */
  description: z.string().optional(),
});
export type Category = z.output<typeof Category>;
export type CategoryInput = z.input<typeof Category>;

export const DepartmentMode = z.enum(['auto', 'manual']);
export type DepartmentMode = z.infer<typeof DepartmentMode>;

export const Department = z.object({
  /** ASCII code used in queue names, URLs and account groups, e.g. "public-security". */
  code: z.string().regex(/^[a-z][a-z0-9-]{1,39}$/),
  /** The Chinese name exactly as the policy's source lists it; 部门 in extracts. */
  name: z.string().min(1),
  slaDays: z.number().int().positive(),
  mode: DepartmentMode,
  /** Which candidates this department is asked about; only a policy whose text limits a department says partyMembers. */
  appliesTo: z.enum(['all', 'partyMembers']).default('all'),
  /** Categories this department typically reports (any category of the policy is allowed). */
  categories: z.array(z.string().min(1)).default([]),
});
export type Department = z.output<typeof Department>;

/** Effects of a person rule: bar → disqualified, concern → referred, warning → shown only. */
export const RuleEffect = z.enum(['bar', 'concern', 'warning']);
export type RuleEffect = z.infer<typeof RuleEffect>;

/**
 * A candidate condition on the dossier itself (age, education, incumbency), evaluated at the
 * campaign's reference date. Every condition given must hold for the rule to trip.
 * - ageAtLeast: 满N周岁 or older on the legal calendar ("N周岁以上" includes N; a limit
 *   "N周岁以下" trips from ageAtLeast N+1).
 * - bornBefore: a cut-off written as a birth date ("(1957年1月1日后出生)" → bornBefore 1957-01-01).
 *   It wins over ageAtLeast: when both are given, only the birth date counts.
 * - unitKinds: the clause names a kind of unit ("农村社区"); when the campaign's village list does
 *   not say the unit's kind, a bar or concern still trips and its reason says the kind is unknown
 *   (a missing fact never clears), while a warning needs the kind.
 */
export const PersonRule = z.object({
  id: z.string().min(1),
  label: z.string().min(1),
  effect: RuleEffect,
  when: z.object({
    incumbent: z.boolean().optional(),
    sex: Sex.optional(),
    ageAtLeast: z.number().int().optional(),
    bornBefore: IsoDate.optional(),
    educationBelow: Education.optional(),
    posts: z.array(Post).optional(),
    unitKinds: z.array(UnitKind).min(1).optional(),
  }),
  citation: Citation,
});
export type PersonRule = z.infer<typeof PersonRule>;

/** The bodies a post belongs to, for avoidance rules. */
export const POST_BODIES = ['party', 'committee', 'supervision'] as const;
export const PostBody = z.enum(POST_BODIES);
export type PostBody = z.infer<typeof PostBody>;

/**
 * Near-relative avoidance exactly as a policy's text sets it: two candidates of one village who are
 * near relatives in one of `relations`, one standing for a post of `between[0]` and the other for a
 * post of `between[1]`, conflict. The conflict is for the township and the organization department
 * to resolve before the vote, not a disqualification. givesWay: the candidate for `between[1]`
 * ("…不得担任监督委员会成员"), the lower-ranked of the two ("只保留其中职务最高的一人"), or either
 * (the text only says they may not serve together).
 */
export const AvoidanceRule = z.object({
  id: z.string().min(1),
  label: z.string().min(1),
  relations: z.array(Relation).min(1),
  between: z.tuple([z.array(PostBody).min(1), z.array(PostBody).min(1)]),
  givesWay: z.enum(['second', 'lowerRank', 'either']),
  citation: Citation,
});
export type AvoidanceRule = z.infer<typeof AvoidanceRule>;

export const StructureTargets = z.object({
  minWomen: z.number().int().nonnegative().optional(),
  minUnder35: z.number().int().nonnegative().optional(),
  minEducation: Education.optional(),
  /** 一肩挑: the Party secretary is also the committee chair. */
  oneShoulder: z.boolean().optional(),
  citation: Citation,
  /** The clause behind each target, when the targets rest on different clauses of the source. */
  targetCitations: z
    .object({
      minWomen: Citation.optional(),
      minUnder35: Citation.optional(),
      minEducation: Citation.optional(),
      oneShoulder: Citation.optional(),
    })
    .optional(),
});
export type StructureTargets = z.infer<typeof StructureTargets>;

/** The source document as its readers know it: 文件名称 (with 《》), 文号, 发文日期, 发文机关. */
export const PolicyDocument = z.object({
  title: z.string().min(1),
  number: z.string().min(1).optional(),
  date: IsoDate.optional(),
  issuer: z.string().min(1).optional(),
});
export type PolicyDocument = z.infer<typeof PolicyDocument>;

export const Policy = z.object({
  id: z.string().regex(/^[a-z0-9-]+$/),
  version: z.string().min(1),
  name: z.string().min(1),
  jurisdiction: z.string().min(1),
  document: PolicyDocument,
  /** The clause that sets the joint review as a whole; cited for findings in an unknown category. */
  source: Citation,
  /** How the policy was derived, for the README and auditors. */
  notes: z.array(z.string()).default([]),
  departments: z.array(Department).min(1),
  categories: z.array(Category).min(1),
  personRules: z.array(PersonRule).default([]),
  avoidance: z.array(AvoidanceRule).default([]),
  structure: StructureTargets.optional(),
  /**
   * What a township sees of a department's finding: by default (absent, `category`) the category
   * and the clause, without the department's document number; `full` shows that too. The
   * organization department always sees everything.
   */
  townshipSees: z.enum(['category', 'full']).optional(),
  /**
   * The code of the department the organization department itself answers for (its own accounts
   * get that inbox). Absent: `organisation` when the policy has it (shared/domain/orgdept-department.ts).
   */
  orgdeptDepartment: z.string().min(1).optional(),
});
export type Policy = z.output<typeof Policy>;
export type PolicyInput = z.input<typeof Policy>;

// ---------------------------------------------------------------- dossier

export const Relative = z.object({
  candidateIdNumber: z.string(),
  name: z.string().min(1),
  relation: Relation,
  idNumber: z.string().optional(),
});
export type Relative = z.infer<typeof Relative>;

/** One row of the township batch, normalised and validated. */
export const CandidateRow = z.object({
  seq: z.number().int().positive(),
  name: z.string().min(1),
  sex: Sex,
  ethnicity: z.string().min(1),
  idNumber: z.string().length(18),
  birth: BirthMonth,
  education: Education,
  political: PoliticalStatus,
  township: z.string().min(1),
  village: z.string().min(1),
  post: Post,
  nominationType: NominationType,
  incumbent: z.boolean(),
});
export type CandidateRow = z.infer<typeof CandidateRow>;

export const Dossier = CandidateRow.extend({
  candidateId: z.string().min(1),
  campaignId: z.string().min(1),
  batchId: z.string().min(1),
  relatives: z.array(Relative).default([]),
});
export type Dossier = z.output<typeof Dossier>;

// ---------------------------------------------------------------- department records

/** One row of a department record extract (a finding about one person). */
export const RecordRow = z.object({
  department: z.string().min(1),
  idNumber: z.string().length(18),
  name: z.string().min(1),
  category: z.string().min(1),
  startDate: IsoDate.optional(),
  endDate: IsoDate.optional(),
  status: z.string().optional(),
  documentNumber: z.string().optional(),
  note: z.string().optional(),
});
export type RecordRow = z.infer<typeof RecordRow>;

/** A finding as a department reports it for one candidate. */
export const Finding = z.object({
  category: z.string().min(1),
  startDate: IsoDate.optional(),
  endDate: IsoDate.optional(),
  status: z.string().optional(),
  documentNumber: z.string().optional(),
  note: z.string().optional(),
});
export type Finding = z.infer<typeof Finding>;

export const VerdictStatus = z.enum(['clear', 'findings', 'pending', 'overdue', 'declined']);
export type VerdictStatus = z.infer<typeof VerdictStatus>;

export const Actor = z.object({
  kind: z.enum(['system', 'auto', 'reviewer', 'township', 'orgdept']),
  id: z.string().min(1),
});
export type Actor = z.infer<typeof Actor>;

export const Verdict = z.object({
  campaignId: z.string().min(1),
  candidateId: z.string().min(1),
  department: z.string().min(1),
  status: VerdictStatus,
  findings: z.array(Finding).default([]),
  answeredBy: Actor.optional(),
  answeredAt: z.string().optional(),
  source: z.enum(['extract', 'portal', 'attestation', 'timeout']).optional(),
  /** 谁审查谁负责: the department's approver who let an answer with findings count. */
  approvedBy: Actor.optional(),
  approvedAt: z.string().optional(),
  /** The department's record sources the reviewer searched. */
  sourcesSearched: z.array(z.string()).optional(),
});
export type Verdict = z.output<typeof Verdict>;

// ---------------------------------------------------------------- decision

export const DecisionOutcome = z.enum(['cleared', 'disqualified', 'referred', 'incomplete']);
export type DecisionOutcome = z.infer<typeof DecisionOutcome>;

export const Reason = z.object({
  category: z.string(),
  /** Only bar and concern: a notice is a warning, never a reason. */
  severity: z.enum(['bar', 'concern']),
  /** Department code, or "policy" for rules on the dossier itself. */
  department: z.string(),
  documentNumber: z.string().nullable(),
  eligibleFrom: IsoDate.nullable(),
  citation: Citation,
  /** What a person still has to check or judge (a missing date, an exception's other conditions). */
  note: z.string().optional(),
});
export type Reason = z.infer<typeof Reason>;

export const Warning = z.object({
  rule: z.string(),
  message: z.string(),
  citation: Citation,
  /** The department's document number the message quotes, so a view can leave it out. */
  documentNumber: z.string().optional(),
});
export type Warning = z.infer<typeof Warning>;

export const Decision = z.object({
  campaignId: z.string(),
  candidateId: z.string(),
  policy: z.object({ id: z.string(), version: z.string() }),
  outcome: DecisionOutcome,
  reasons: z.array(Reason),
  warnings: z.array(Warning),
  /** Departments without an answer (pending, overdue, declined). */
  unanswered: z.array(z.object({ department: z.string(), status: VerdictStatus })),
  referenceDate: IsoDate,
  decidedAt: z.string(),
});
export type Decision = z.infer<typeof Decision>;

export const Ruling = z.object({
  campaignId: z.string(),
  candidateId: z.string(),
  /** uphold: the candidate stands (cleared, with justification); disqualify: removed. */
  outcome: z.enum(['uphold', 'disqualify']),
  justification: z.string().trim().min(5),
  ruledBy: z.string().min(1),
  ruledAt: z.string(),
  /**
   * The referred items the ruling decided (concernKey of each); a concern reported later needs a
   * ruling of its own. Rulings stored before this field decided every concern of their time.
   */
  covers: z.array(z.string()).optional(),
  /**
   * Earlier rulings this one replaced while results were not final, oldest first, each with why it
   * was revised (the current ruling's ruledBy/ruledAt are the revision's). Absent: never revised.
   */
  revisions: z
    .array(
      z.object({
        outcome: z.enum(['uphold', 'disqualify']),
        justification: z.string(),
        ruledBy: z.string(),
        ruledAt: z.string(),
        reason: z.string().trim().min(5),
      }),
    )
    .optional(),
});
export type Ruling = z.infer<typeof Ruling>;

// ---------------------------------------------------------------- audit

export const AUDIT_EVENT_TYPES = [
  'submitted',
  'dispatched',
  'answered',
  'late_answer',
  'overdue',
  'decided',
  'ruled',
  'reassigned',
  'reminded',
  'report_exported',
  'account',
  'campaign_changed',
  'holidays_changed',
  'policy_switched',
  'corrected',
  'disputed',
  'dispute_ruled',
  'failed',
  'recheck_requested',
  'withdrawn',
  'replacement',
  'tasks_exported',
  'ruling_revised',
  'drafted',
  'first_reviewed',
  'filing_decided',
  'publicity_opened',
  'objection_received',
  'objection_checked',
  'duplicate_flagged',
  'duplicate_resolved',
  'ledger_exported',
  'answer_held',
  'answer_returned',
  'department_review_set',
  'extension',
  'draft_discarded',
  'recheck_request',
] as const;
export const AuditEventType = z.enum(AUDIT_EVENT_TYPES);
export type AuditEventType = z.infer<typeof AuditEventType>;

export const AuditEvent = z.object({
  candidateId: z.string().min(1),
  seq: z.number().int().nonnegative(),
  type: AuditEventType,
  actor: Actor,
  at: z.string(),
  /** Event details; never raw ID numbers. */
  data: z.record(z.string(), z.unknown()),
  prevHash: z.string().regex(/^[0-9a-f]{64}$/),
  hash: z.string().regex(/^[0-9a-f]{64}$/),
});
export type AuditEvent = z.infer<typeof AuditEvent>;
