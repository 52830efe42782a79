// The review as counties run it, around the joint review itself: the township's first review of a
// draft batch (乡镇初审) before it goes to the county, the vetting of write-in winners after the vote
// (另选他人), and the filing of every Party-secretary nominee with the organization department
// (书记人选备案). Pure rules and shapes; the use cases are shared/app/first-review.ts and filings.ts.
import { z } from 'zod';
import { ageOn, birthDateOf } from './dates.js';
import { crossCheckId, validateIdNumber } from './idcard.js';
import type { CandidateRow, Citation, DecisionOutcome, Policy, Post, UnitKind } from './model.js';
import { evaluatePersonRules } from './rules.js';

export const BATCH_KINDS = ['pre-election', 'post-election'] as const;
export const BatchKind = z.enum(BATCH_KINDS);
export type BatchKind = z.infer<typeof BatchKind>;

export const REMARK_MAX = 200;

/** The township's own verdict on one candidate of its draft, with its remark (乡镇初审意见). */
export const FirstReviewEntry = z.object({
  candidateId: z.string().min(1),
  result: z.enum(['pass', 'fail']),
  remark: z.string().trim().max(REMARK_MAX).default(''),
});
export type FirstReviewEntry = z.output<typeof FirstReviewEntry>;

/**
 * Where a batch stands before the county sees it. A batch without a stage was submitted at once
 * (the way before drafts existed): a pre-election batch under review.
 */
export const BatchStage = z.object({
  batchId: z.string().min(1),
  campaignId: z.string().min(1),
  township: z.string().min(1),
  kind: BatchKind,
  /** discarded: a draft the township deleted before sending it (its people's claims released). */
  status: z.enum(['draft', 'submitted', 'discarded']),
  draftedBy: z.string().min(1),
  draftedAt: z.string(),
  firstReview: z.object({ by: z.string().min(1), at: z.string(), entries: z.array(FirstReviewEntry) }).optional(),
  submittedBy: z.string().min(1).optional(),
  submittedAt: z.string().optional(),
  discardedBy: z.string().min(1).optional(),
  discardedAt: z.string().optional(),
});
export type BatchStage = z.output<typeof BatchStage>;

export const DRAFT_LABEL = '乡镇初审中（未报送）';
export const DISCARDED_LABEL = '草稿已删除（未报送）';

/** Whether the county sees the batch: a draft, kept or deleted, never reached it. */
export function reachedCounty(stage: Pick<BatchStage, 'status'> | undefined): boolean {
  return stage === undefined || stage.status === 'submitted';
}

export const FilingDecision = z.enum(['approve', 'reject']);
export type FilingDecision = z.infer<typeof FilingDecision>;

/** The organization department's answer to a secretary nominee's filing (备案). */
export const Filing = z.object({
  campaignId: z.string().min(1),
  candidateId: z.string().min(1),
  decision: FilingDecision,
  note: z.string().trim().max(REMARK_MAX).default(''),
  decidedBy: z.string().min(1),
  decidedAt: z.string(),
});
export type Filing = z.output<typeof Filing>;

export type FilingStatus = 'pending' | 'approved' | 'rejected';

export const FILING_LABEL: Record<FilingStatus, string> = { pending: '待组织部门备案', approved: '已备案同意', rejected: '备案未同意' };

const XIANNVSHAN = '《仙女山街道村(社区)“两委”换届工作方案》';

export const FILING_CITATIONS: readonly Citation[] = [
  {
    document: XIANNVSHAN,
    clause: '(四)组织选举 1.(1)⑧“街道党工委研究反馈”',
    quote: '向区委组织部上报书记候选人预备人选备案表、考察材料。区委组织部反馈审议结果后',
    file: '000_1e5c647f9380c8b0.txt',
  },
  {
    document: '《全市村(社区)党组织换届工作答记者问》',
    clause: '“二是坚持严把入口”',
    quote: '村(社区)党组织书记区县党委组织部备案管理',
    file: '002_e696269e426fd60b.txt',
  },
];

/** Only the Party secretary nominee is filed (备案) with the organization department. */
export function needsFiling(post: Post): boolean {
  return post === '党组织书记';
}

export function filingStatus(post: Post, filing: Pick<Filing, 'decision'> | undefined): FilingStatus | null {
  if (!needsFiling(post)) return null;
  if (filing === undefined) return 'pending';
  return filing.decision === 'approve' ? 'approved' : 'rejected';
}

export const ELECTION_VOID_CITATION: Citation = {
  document: '《昌国街道2017年村和社区组织换届选举工作方案》',
  clause: '“四过硬、五不能、六不宜”的资格条件',
  quote: '不符合候选人(自荐人)资格条件人员当选的,当选无效',
  file: '001_450a4215c6f8d83b.txt',
};

/** A write-in winner's result: 当选有效 when cleared, 当选无效 when disqualified; otherwise not yet known. */
export function electionResult(status: DecisionOutcome | string): { result: 'valid' | 'void'; label: string } | null {
  if (status === 'cleared') return { result: 'valid', label: '当选有效' };
  if (status === 'disqualified') return { result: 'void', label: '当选无效' };
  return null;
}

/** One pre-filled line of the first-review sheet: what the system could check by itself. */
export interface FirstReviewCheck {
  /** id: the ID check, the age, or the id of a person rule of the policy. */
  id: string;
  label: string;
  /** ok: nothing found; bar/concern/warning: the rule's effect; problem: the ID number is wrong. */
  effect: 'ok' | 'bar' | 'concern' | 'warning' | 'problem';
  text: string;
}

/**
 * The checks the township sees pre-filled on its first-review sheet: the ID number (check digit,
 * sex and birth against the dossier), the age in 周岁 at the reference date (满N周岁 from the day
 * after the birthday: dates.ts fullAgeFrom), and every candidate condition of the policy the dossier trips.
 */
export function prefillChecks(
  row: CandidateRow,
  policy: Policy,
  referenceDate: string,
  today: string,
  unitKind: UnitKind | null = null,
): FirstReviewCheck[] {
  const checks: FirstReviewCheck[] = [];
  const id = validateIdNumber(row.idNumber, { today });
  if (!id.ok) checks.push({ id: 'idcard', label: '身份证号', effect: 'problem', text: `身份证号有误（${id.message}）` });
  else {
    const mismatches = crossCheckId(id, row);
    checks.push(
      mismatches.length === 0
        ? { id: 'idcard', label: '身份证号', effect: 'ok', text: '身份证号校验通过，性别、出生日期与身份证号一致' }
        : { id: 'idcard', label: '身份证号', effect: 'problem', text: mismatches.map((m) => m.message).join('；') },
    );
  }
  const birth = birthDateOf(row);
  checks.push({
    id: 'age',
    label: '年龄',
    effect: 'ok',
    text:
      birth === null
        ? '无法确定出生日期，请核实'
        : `按参考日 ${referenceDate} 计 ${ageOn(birth, referenceDate)} 周岁（过了周岁生日，从第二天起计满周岁）`,
  });
  checks.push({ id: 'education', label: '学历', effect: 'ok', text: `学历：${row.education}` });
  const tripped = evaluatePersonRules(row, policy, referenceDate, unitKind);
  for (const reason of tripped.reasons) {
    checks.push({ id: reason.category, label: reason.category, effect: reason.severity, text: reason.note ?? reason.category });
  }
  for (const warning of tripped.warnings) {
    const label = policy.personRules.find((r) => r.id === warning.rule)?.label ?? warning.rule;
    checks.push({ id: warning.rule, label, effect: 'warning', text: warning.message });
  }
  return checks;
}
