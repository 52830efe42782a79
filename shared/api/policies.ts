// Contract of the policy routes (orgdeptApi): upload a version, list and read versions, the
// workbook of a version and the template; and a campaign's policy diff and switch.
import { z } from 'zod';
import { DecisionOutcome, Policy, Post } from '../domain/model.js';
import { CampaignView, InlineFile, FinalStatus } from './common.js';

const Semver = z.string().regex(/^\d+\.\d+\.\d+$/, '版本应为 MAJOR.MINOR.PATCH，如 1.0.0');

export const PolicyParams = z.object({ id: z.string().regex(/^[a-z0-9-]{1,64}$/) });
export const PolicyVersionParams = PolicyParams.extend({ version: Semver });

export const PolicyVersionSummary = z.object({
  id: z.string(),
  version: z.string(),
  name: z.string(),
  jurisdiction: z.string(),
  /** SHA-256 of the parsed policy. */
  digest: z.string(),
  /** Shipped with the code (policies/*.yaml); otherwise uploaded. */
  builtIn: z.boolean(),
  storedAt: z.string().nullable(),
  storedBy: z.string().nullable(),
});
export type PolicyVersionSummary = z.infer<typeof PolicyVersionSummary>;

export const PolicyList = z.object({
  policies: z.array(
    z.object({ id: z.string(), name: z.string(), jurisdiction: z.string(), latest: z.string(), versions: z.array(PolicyVersionSummary) }),
  ),
});
export type PolicyList = z.infer<typeof PolicyList>;

export const PolicyVersions = z.object({ id: z.string(), versions: z.array(PolicyVersionSummary) });
export type PolicyVersions = z.infer<typeof PolicyVersions>;

const ReadingCategory = z.object({
  label: z.string(),
  group: z.string(),
  /** The window in words: 自终止日期起算，满5年之次日起不再适用. */
  window: z.string(),
  text: z.string(),
  /** 《…》条款：“原文” */
  citation: z.string(),
  description: z.string().nullable(),
  departments: z.array(z.string()),
  exceptions: z.array(z.object({ statuses: z.array(z.string()), text: z.string(), citation: z.string() })),
});

/** The policy in Chinese, as a township or department reads it. */
export const PolicyReading = z.object({
  document: z.string(),
  source: z.string(),
  /** The department the organization department answers for itself (by name), or null. */
  orgdeptDepartment: z.string().nullable(),
  departments: z.array(
    z.object({ code: z.string(), name: z.string(), mode: z.string(), sla: z.string(), scope: z.string(), categories: z.array(z.string()) }),
  ),
  categories: z.object({ bar: z.array(ReadingCategory), concern: z.array(ReadingCategory), notice: z.array(ReadingCategory) }),
  conditions: z.array(z.object({ label: z.string(), effect: z.string(), text: z.string(), citation: z.string() })),
  avoidance: z.array(
    z.object({ label: z.string(), relations: z.string(), between: z.string(), givesWay: z.string(), citation: z.string() }),
  ),
  structure: z.array(z.object({ text: z.string(), citation: z.string() })),
});
export type PolicyReading = z.infer<typeof PolicyReading>;

export const PolicyDetail = z.object({ summary: PolicyVersionSummary, policy: Policy, reading: PolicyReading });
export type PolicyDetail = z.output<typeof PolicyDetail>;

/** A workbook (.xlsx), YAML or JSON file; all or nothing (422 lists every error with sheet, row and column). */
export const UploadPolicyRequest = z.object({ file: InlineFile });
export type UploadPolicyRequest = z.input<typeof UploadPolicyRequest>;

/** 201 stored; 200 the same content was stored before. */
export const UploadPolicyResponse = z.object({ created: z.boolean(), policy: PolicyVersionSummary });
export type UploadPolicyResponse = z.infer<typeof UploadPolicyResponse>;

export const PolicyDiffQuery = z.object({ version: Semver });

const Names = z.object({ added: z.array(z.string()), removed: z.array(z.string()), changed: z.array(z.string()) });
const PolicyRef = z.object({ id: z.string(), version: z.string() });

export const PolicyDiff = z.object({
  campaignId: z.string(),
  from: PolicyRef,
  to: PolicyRef,
  changes: z.object({
    document: z.boolean(),
    departments: Names,
    categories: Names,
    personRules: Names,
    avoidance: Names,
    structure: z.boolean(),
    departmentCodesDiffer: z.boolean(),
  }),
  candidates: z.object({
    decided: z.number().int(),
    unchanged: z.number().int(),
    changed: z.array(
      z.object({
        candidateId: z.string(),
        batchId: z.string(),
        name: z.string().nullable(),
        township: z.string().nullable(),
        village: z.string().nullable(),
        post: Post.nullable(),
        before: z.object({ outcome: DecisionOutcome, finalStatus: FinalStatus, label: z.string(), reasons: z.array(z.string()) }),
        after: z.object({ outcome: DecisionOutcome, label: z.string(), reasons: z.array(z.string()) }),
        /** The organization department had ruled on the candidate; the ruling covers only the concerns it named. */
        ruled: z.boolean(),
      }),
    ),
  }),
});
export type PolicyDiff = z.infer<typeof PolicyDiff>;

export const SwitchPolicyRequest = z.object({
  version: Semver,
  reason: z.string().trim().min(5, '请写明换用的理由（至少5个字）').max(2000),
});
export type SwitchPolicyRequest = z.input<typeof SwitchPolicyRequest>;

export const SwitchPolicyResponse = z.object({
  campaign: CampaignView,
  from: PolicyRef,
  to: PolicyRef,
  /** Decisions made again under the new version. */
  redecided: z.number().int(),
  /** Of those, whose outcome or reasons changed. */
  changed: z.number().int(),
});
export type SwitchPolicyResponse = z.infer<typeof SwitchPolicyResponse>;
