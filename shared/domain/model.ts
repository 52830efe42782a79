// The shared vocabulary of lianshen. Every other module builds on these schemas.
import { z } from 'zod';

export const IsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected YYYY-MM-DD');
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

/** Where a rule comes from: a seed file and the words it uses. */
export const Citation = z.object({
  file: z.string().min(1),
  quote: z.string().min(1),
});
export type Citation = z.infer<typeof Citation>;

// ---------------------------------------------------------------- campaign

export const Campaign = z
  .object({
    id: z.string().min(1),
    name: z.string().min(1),
    jurisdiction: z.string().min(1),
    policyId: z.string().min(1),
    electionDate: IsoDate,
    referenceDate: IsoDate.optional(),
    /**
     * Townships taking part: the code of each `township:<code>` group and the name its batch
     * files use in 乡镇(街道). A township may only submit candidates of its own name.
     */
    townships: z.array(z.object({ code: z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/), name: z.string().trim().min(1) })).optional(),
  })
  .transform((c) => ({ ...c, referenceDate: c.referenceDate ?? c.electionDate }));
export type Campaign = z.output<typeof Campaign>;

// ---------------------------------------------------------------- policy

export const Severity = z.enum(['bar', 'concern']);
export type Severity = z.infer<typeof Severity>;

/**
 * How long a category keeps applying. The anchor is 终止日期 when present, otherwise 起始日期.
 * - years: applies while referenceDate < anchor + N years; with ongoingWithoutEnd, a record
 *   without 终止日期 applies indefinitely (e.g. still serving a sentence).
 * - untilEnd: applies until 终止日期 (and indefinitely without one).
 * - status: applies while 状态 is (or, with negate, is not) one of the values; with
 *   alsoWithoutEnd it also applies while there is no 终止日期.
 * - permanent: always applies.
 */
export const Window = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('years'), years: z.number().int().positive(), ongoingWithoutEnd: z.boolean().optional() }),
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

export const Category = z.object({
  /** The Chinese label, as it appears in 记录类别 of an extract. Unique within a policy. */
  label: z.string().min(1),
  /** The group in the source, e.g. 五不能, 六不宜. */
  group: z.string().min(1),
  severity: Severity,
  window: Window,
  /** A record whose 状态 is one of these does not count (e.g. a violation already dealt with). */
  exemptStatuses: z.array(z.string().min(1)).optional(),
  exemptionCitation: Citation.optional(),
  citation: Citation,
  description: z.string().optional(),
});
export type Category = z.infer<typeof Category>;

export const DepartmentMode = z.enum(['auto', 'manual']);
export type DepartmentMode = z.infer<typeof DepartmentMode>;

export const Department = z.object({
  /** ASCII code used in queue names, URLs and Cognito groups, e.g. "public-security". */
  code: z.string().regex(/^[a-z][a-z0-9-]{1,39}$/),
  /** The Chinese name exactly as the policy's source lists it; 部门 in extracts. */
  name: z.string().min(1),
  slaDays: z.number().int().positive(),
  mode: DepartmentMode,
  /** Which candidates this department is asked about. */
  appliesTo: z.enum(['all', 'partyMembers']).default('all'),
  /** Categories this department typically reports (any category of the policy is allowed). */
  categories: z.array(z.string().min(1)).default([]),
});
export type Department = z.output<typeof Department>;

/** Effects of a person rule: bar → disqualified, concern → referred, warning → shown only. */
export const RuleEffect = z.enum(['bar', 'concern', 'warning']);
export type RuleEffect = z.infer<typeof RuleEffect>;

/** A rule on the dossier itself (age, education), evaluated at the campaign's reference date. */
export const PersonRule = z.object({
  id: z.string().min(1),
  label: z.string().min(1),
  effect: RuleEffect,
  when: z.object({
    incumbent: z.boolean().optional(),
    sex: Sex.optional(),
    ageAtLeast: z.number().int().optional(),
    educationBelow: Education.optional(),
    posts: z.array(Post).optional(),
  }),
  citation: Citation,
});
export type PersonRule = z.infer<typeof PersonRule>;

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

export const Policy = z.object({
  id: z.string().regex(/^[a-z0-9-]+$/),
  version: z.string().min(1),
  name: z.string().min(1),
  jurisdiction: z.string().min(1),
  source: Citation,
  /** How the policy was derived, for the README and auditors. */
  notes: z.array(z.string()).default([]),
  departments: z.array(Department).min(1),
  categories: z.array(Category).min(1),
  personRules: z.array(PersonRule).default([]),
  /** Near-relative avoidance: which relations conflict inside one village. */
  relativeAvoidance: z.object({ relations: z.array(Relation).min(1), citation: Citation }).optional(),
  structure: StructureTargets.optional(),
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
});
export type Verdict = z.output<typeof Verdict>;

// ---------------------------------------------------------------- decision

export const DecisionOutcome = z.enum(['cleared', 'disqualified', 'referred', 'incomplete']);
export type DecisionOutcome = z.infer<typeof DecisionOutcome>;

export const Reason = z.object({
  category: z.string(),
  severity: Severity,
  /** Department code, or "policy" for rules on the dossier itself. */
  department: z.string(),
  documentNumber: z.string().nullable(),
  eligibleFrom: IsoDate.nullable(),
  citation: Citation,
});
export type Reason = z.infer<typeof Reason>;

export const Warning = z.object({
  rule: z.string(),
  message: z.string(),
  citation: Citation,
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
