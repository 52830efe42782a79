// The rules engine: does a department's finding still count at the reference date, and which
// person rules (age, education) does a dossier trip?
import { addYears, ageOn, birthDateOf, isIsoDate } from './dates.js';
import {
  EDUCATION_RANK,
  type CandidateRow,
  type Category,
  type Finding,
  type Policy,
  type PersonRule,
  type Reason,
  type Warning,
} from './model.js';

export interface FindingEvaluation {
  /** The finding counts against the candidate at the reference date. */
  applies: boolean;
  /** When the window ends (the candidate becomes eligible again), if it is a date we can compute. */
  eligibleFrom: string | null;
  /** The finding matched one of the category's exempt statuses (e.g. a violation already dealt with). */
  exempt: boolean;
}

export function assertReferenceDate(referenceDate: string): void {
  if (!isIsoDate(referenceDate)) throw new Error(`reference date is not a calendar date (YYYY-MM-DD): ${referenceDate}`);
}

function clean(value: string | undefined): string | undefined {
  const v = value?.trim();
  return v ? v : undefined;
}

/**
 * Semantics (see docs/policies.md):
 * - years: applies while referenceDate < anchor + N years, anchor = 终止日期 if present else 起始日期;
 *   on the anniversary it no longer applies. Without any usable anchor date it applies (nothing
 *   proves it has expired); with ongoingWithoutEnd it applies while 终止日期 is missing.
 * - untilEnd: applies while referenceDate < 终止日期; without 终止日期 it applies.
 * - status: applies while 状态 is (negate: is not) one of the statuses; alsoWithoutEnd also while
 *   终止日期 is missing. A missing 状态 applies: nothing shows the matter was resolved.
 * - permanent: always applies.
 * A 状态 among the category's exemptStatuses never applies.
 */
export function evaluateFinding(finding: Finding, category: Category, referenceDate: string): FindingEvaluation {
  assertReferenceDate(referenceDate);
  const status = clean(finding.status);
  if (status !== undefined && category.exemptStatuses?.some((s) => s.trim() === status)) {
    return { applies: false, eligibleFrom: null, exempt: true };
  }
  const start = clean(finding.startDate);
  const end = clean(finding.endDate);
  const window = category.window;
  switch (window.kind) {
    case 'permanent':
      return { applies: true, eligibleFrom: null, exempt: false };
    case 'years': {
      if (window.ongoingWithoutEnd && end === undefined) return { applies: true, eligibleFrom: null, exempt: false };
      const anchor = end ?? start;
      if (anchor === undefined || !isIsoDate(anchor)) return { applies: true, eligibleFrom: null, exempt: false };
      const eligibleFrom = addYears(anchor, window.years);
      return { applies: referenceDate < eligibleFrom, eligibleFrom, exempt: false };
    }
    case 'untilEnd': {
      if (end === undefined || !isIsoDate(end)) return { applies: true, eligibleFrom: null, exempt: false };
      return { applies: referenceDate < end, eligibleFrom: end, exempt: false };
    }
    case 'status': {
      if (window.alsoWithoutEnd && end === undefined) return { applies: true, eligibleFrom: null, exempt: false };
      if (status === undefined) return { applies: true, eligibleFrom: null, exempt: false };
      const listed = window.statuses.some((s) => s.trim() === status);
      return { applies: window.negate ? !listed : listed, eligibleFrom: null, exempt: false };
    }
  }
}

interface RuleMatch {
  matches: boolean;
  age: number | null;
}

function matchRule(rule: PersonRule, dossier: CandidateRow, referenceDate: string): RuleMatch {
  const w = rule.when;
  const birth = birthDateOf(dossier);
  const age = birth ? ageOn(birth, referenceDate) : null;
  if (w.incumbent !== undefined && dossier.incumbent !== w.incumbent) return { matches: false, age };
  if (w.sex !== undefined && dossier.sex !== w.sex) return { matches: false, age };
  if (w.posts !== undefined && !w.posts.includes(dossier.post)) return { matches: false, age };
  if (w.educationBelow !== undefined && EDUCATION_RANK[dossier.education] >= EDUCATION_RANK[w.educationBelow]) {
    return { matches: false, age };
  }
  // An unknown age cannot be shown to be under the limit, so it does not clear the rule.
  if (w.ageAtLeast !== undefined && age !== null && age < w.ageAtLeast) return { matches: false, age };
  return { matches: true, age };
}

function describe(rule: PersonRule, dossier: CandidateRow, referenceDate: string, age: number | null): string {
  const facts: string[] = [];
  if (rule.when.ageAtLeast !== undefined) {
    facts.push(age === null ? '无法确定年龄' : `按参考日${referenceDate}计${age}周岁`);
  }
  if (rule.when.educationBelow !== undefined) facts.push(`学历:${dossier.education}`);
  return facts.length > 0 ? `${rule.label}(${facts.join(',')})` : rule.label;
}

/** Person rules tripped by the dossier: bar/concern rules become reasons (department "policy"), warning rules warnings. */
export function evaluatePersonRules(
  dossier: CandidateRow,
  policy: Policy,
  referenceDate: string,
): { reasons: Reason[]; warnings: Warning[] } {
  assertReferenceDate(referenceDate);
  const reasons: Reason[] = [];
  const warnings: Warning[] = [];
  for (const rule of policy.personRules) {
    const { matches, age } = matchRule(rule, dossier, referenceDate);
    if (!matches) continue;
    if (rule.effect === 'warning') {
      warnings.push({ rule: rule.id, message: describe(rule, dossier, referenceDate, age), citation: rule.citation });
    } else {
      reasons.push({
        category: rule.label,
        severity: rule.effect,
        department: 'policy',
        documentNumber: null,
        eligibleFrom: null,
        citation: rule.citation,
      });
    }
  }
  return { reasons, warnings };
}
