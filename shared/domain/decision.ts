// The decision for one candidate from all department verdicts and the dossier itself.
import type {
  CandidateRow,
  Category,
  Decision,
  DecisionOutcome,
  Department,
  Policy,
  Reason,
  Ruling,
  UnitKind,
  Verdict,
  VerdictStatus,
  Warning,
} from './model.js';
import { assertReferenceDate, chineseDate, evaluateFinding, evaluatePersonRules } from './rules.js';

export interface DecideInput {
  policy: Policy;
  referenceDate: string;
  dossier: CandidateRow;
  verdicts: Verdict[];
  /** Department codes the candidate was sent to. */
  routed: string[];
  decidedAt: string;
  campaignId: string;
  candidateId: string;
  /** The unit's kind from the campaign's village list, when it says (村 / 社区 / 农村社区). */
  unitKind?: UnitKind | null;
}

const ANSWERED: ReadonlySet<VerdictStatus> = new Set(['clear', 'findings']);
/** When a department has several unanswered verdicts, the most telling status is reported. */
const UNANSWERED_RANK: Record<VerdictStatus, number> = { clear: 0, findings: 0, pending: 1, overdue: 2, declined: 3 };

function trimmed(value: string | undefined): string | null {
  const v = value?.trim();
  return v ? v : null;
}

/** Verdicts name a department by code; a Chinese name (as in an extract's 部门) is accepted too. */
function departmentResolver(policy: Policy): (ref: string) => Department | undefined {
  const byKey = new Map<string, Department>();
  for (const d of policy.departments) {
    byKey.set(d.code, d);
    byKey.set(d.name, d);
  }
  return (ref) => byKey.get(ref.trim());
}

function reasonKey(r: Reason): string {
  return [r.category, r.severity, r.department, r.documentNumber, r.eligibleFrom, r.citation.clause, r.citation.quote].join('\u0000');
}

/** A referred item as a ruling names it: who reported what, under which document number. */
export function concernKey(r: Pick<Reason, 'department' | 'category' | 'documentNumber'>): string {
  return [r.department, r.category, r.documentNumber ?? ''].join('|');
}

/**
 * In this order: any bar → disqualified (one bar suffices); otherwise any routed department
 * without an answer → incomplete, with the concerns found so far listed (a silent department may
 * yet hold a bar); otherwise any concern → referred; otherwise cleared. A finding whose category
 * the policy does not know is a concern: a human must look at it. Silence never clears.
 */
export function decide(input: DecideInput): Decision {
  const { policy, referenceDate, dossier, verdicts, routed } = input;
  assertReferenceDate(referenceDate);
  const resolve = departmentResolver(policy);
  const categories = new Map<string, Category>(policy.categories.map((c) => [c.label, c]));

  const reasons: Reason[] = [];
  const warnings: Warning[] = [];
  const seen = new Set<string>();
  const addReason = (r: Reason) => {
    const key = reasonKey(r);
    if (seen.has(key)) return;
    seen.add(key);
    reasons.push(r);
  };

  for (const verdict of verdicts) {
    const department = resolve(verdict.department);
    const code = department?.code ?? verdict.department.trim();
    const deptName = department?.name ?? code;
    for (const finding of verdict.findings) {
      const label = finding.category.trim();
      const documentNumber = trimmed(finding.documentNumber);
      const category = categories.get(label);
      if (!category) {
        addReason({ category: label, severity: 'concern', department: code, documentNumber, eligibleFrom: null, citation: policy.source });
        warnings.push({
          rule: 'unknown-category',
          message: `${deptName}报送的记录类别「${label}」不在本政策的类别中,需人工判断`,
          citation: policy.source,
        });
        continue;
      }
      const result = evaluateFinding(finding, category, referenceDate);
      switch (result.effect) {
        case 'applies':
          if (result.severity === 'notice') {
            warnings.push({
              rule: 'notice',
              message: `${deptName}报送「${category.label}」记录${documentNumber ? `(${documentNumber})` : ''}${result.note ? `,${result.note}` : ''}`,
              citation: result.citation,
              ...(documentNumber ? { documentNumber } : {}),
            });
          } else {
            addReason({
              category: category.label,
              severity: result.severity,
              department: code,
              documentNumber,
              eligibleFrom: result.eligibleFrom,
              citation: result.citation,
              ...(result.note ? { note: result.note } : {}),
            });
          }
          break;
        case 'exempt':
          warnings.push({
            rule: 'exempt',
            message: `${deptName}报送的「${category.label}」记录状态为“${result.status}”,按例外条款不作为障碍`,
            citation: result.citation,
          });
          break;
        case 'expired': {
          const since = result.eligibleFrom ? `,自${chineseDate(result.eligibleFrom)}起不再适用` : '';
          warnings.push({
            rule: 'expired',
            message: `${deptName}报送的「${category.label}」记录在参考日${chineseDate(referenceDate)}已不适用${since}`,
            citation: category.citation,
          });
          break;
        }
      }
    }
  }

  const person = evaluatePersonRules(dossier, policy, referenceDate, input.unitKind ?? null);
  person.reasons.forEach(addReason);
  warnings.push(...person.warnings);

  const unanswered: Decision['unanswered'] = [];
  for (const ref of new Set(routed)) {
    const code = resolve(ref)?.code ?? ref;
    const own = verdicts.filter((v) => (resolve(v.department)?.code ?? v.department.trim()) === code);
    if (own.some((v) => ANSWERED.has(v.status))) continue;
    const status = own.reduce<VerdictStatus>(
      (worst, v) => (UNANSWERED_RANK[v.status] > UNANSWERED_RANK[worst] ? v.status : worst),
      'pending',
    );
    unanswered.push({ department: code, status });
  }

  const bars = reasons.filter((r) => r.severity === 'bar');
  const concerns = reasons.filter((r) => r.severity === 'concern');
  let outcome: DecisionOutcome;
  if (bars.length > 0) outcome = 'disqualified';
  else if (unanswered.length > 0) outcome = 'incomplete';
  else if (concerns.length > 0) outcome = 'referred';
  else outcome = 'cleared';

  return {
    campaignId: input.campaignId,
    candidateId: input.candidateId,
    policy: { id: policy.id, version: policy.version },
    outcome,
    reasons: [...bars, ...concerns],
    warnings,
    unanswered,
    referenceDate,
    decidedAt: input.decidedAt,
  };
}

/** The referred items of a decision, as a ruling on it would name them. */
export function concernKeys(decision: Decision): string[] {
  return decision.reasons.filter((r) => r.severity === 'concern').map(concernKey);
}

/**
 * The status after an organization-department ruling. A ruling decides the referred items only:
 * - on a referred decision it clears (uphold) or removes (disqualify) the candidate, unless a
 *   concern it did not cover has been reported since (then referred again, for a new ruling);
 * - a bar always wins (disqualified), whatever was ruled;
 * - while a department has not answered the candidate stays incomplete: the ruling is kept and
 *   applies once the answers are in;
 * - a decision that has become cleared stays cleared.
 */
export function finalStatus(decision: Decision, ruling?: Ruling): DecisionOutcome {
  if (!ruling) return decision.outcome;
  if (ruling.campaignId !== decision.campaignId || ruling.candidateId !== decision.candidateId) {
    throw new Error('the ruling is for a different candidate');
  }
  if (decision.outcome !== 'referred') return decision.outcome;
  if (ruling.covers !== undefined) {
    const covered = new Set(ruling.covers);
    if (concernKeys(decision).some((k) => !covered.has(k))) return 'referred';
  }
  return ruling.outcome === 'uphold' ? 'cleared' : 'disqualified';
}

/** Whether the organization department may rule now: there is something referred to rule on and no bar. */
export function canRule(decision: Decision): boolean {
  return decision.outcome !== 'disqualified' && decision.reasons.some((r) => r.severity === 'concern');
}
