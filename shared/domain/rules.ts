// The rules engine: does a department's finding still count at the reference date, and which
// candidate conditions (age, education, incumbency) does a dossier trip? Every date goes through
// the legal calendar in dates.ts.
import { addDays, ageOn, birthDateOf, dayAfter, isIsoDate, periodLastDay } from './dates.js';
import {
  type CandidateRow,
  type Category,
  type Citation,
  EDUCATION_RANK,
  type Finding,
  type PersonRule,
  type Policy,
  type Reason,
  type Severity,
  type UnitKind,
  type Warning,
} from './model.js';

/**
 * - applies: the record counts, with the severity it has (a status override may change it).
 * - expired: its window is over; eligibleFrom is the first day it no longer counts.
 * - exempt: a status override says it does not count at all.
 */
export type FindingEvaluation =
  | { effect: 'applies'; severity: Severity; eligibleFrom: string | null; citation: Citation; note?: string }
  | { effect: 'expired'; eligibleFrom: string | null }
  | { effect: 'exempt'; citation: Citation; status: string };

export function assertReferenceDate(referenceDate: string): void {
  if (!isIsoDate(referenceDate)) throw new Error(`reference date is not a calendar date (YYYY-MM-DD): ${referenceDate}`);
}

function clean(value: string | undefined): string | undefined {
  const v = value?.trim();
  return v ? v : undefined;
}

/** A date a person reads: 2017年4月6日. */
export function chineseDate(iso: string): string {
  const [y, m, d] = iso.split('-');
  return `${Number(y)}年${Number(m)}月${Number(d)}日`;
}

/** The last day a record's measure was in force, from its 终止日期 and what the category says it means. */
function lastDayInForce(category: Category, end: string): string {
  return category.endDate === 'firstDayFree' ? addDays(end, -1) : end;
}

const ANCHOR_LABEL = { end: '终止日期', start: '起始日期' } as const;

/** A bar that cannot be computed is referred: a person checks it, the engine never guesses. */
function undetermined(severity: Severity): Severity {
  return severity === 'bar' ? 'concern' : severity;
}

/** Whether the category's window still runs at the reference date (see Window in model.ts). */
function evaluateWindow(
  finding: Finding,
  category: Category,
  referenceDate: string,
): { runs: true; eligibleFrom: string | null; note?: string; severity?: Severity } | { runs: false; eligibleFrom: string | null } {
  const status = clean(finding.status);
  const start = clean(finding.startDate);
  const end = clean(finding.endDate);
  const window = category.window;
  switch (window.kind) {
    case 'permanent':
      return { runs: true, eligibleFrom: null };
    case 'years': {
      const anchor = window.anchor === 'end' ? end : start;
      if (anchor === undefined || !isIsoDate(anchor)) {
        if (window.anchor === 'end' && window.ongoingWithoutEnd) return { runs: true, eligibleFrom: null };
        return {
          runs: true,
          eligibleFrom: null,
          severity: undetermined(category.severity),
          note: `记录未填${ANCHOR_LABEL[window.anchor]}，无法计算是否已满期限，需人工核实`,
        };
      }
      // The event day is the anchor itself, or for 终止日期 the measure's last day in force.
      const eventDay = window.anchor === 'end' ? lastDayInForce(category, anchor) : anchor;
      const last = periodLastDay(eventDay, { years: window.years, ...(window.months === undefined ? {} : { months: window.months }) });
      const eligibleFrom = dayAfter(last);
      return referenceDate <= last ? { runs: true, eligibleFrom } : { runs: false, eligibleFrom };
    }
    case 'untilEnd': {
      if (end === undefined || !isIsoDate(end)) return { runs: true, eligibleFrom: null };
      const last = lastDayInForce(category, end);
      const eligibleFrom = dayAfter(last);
      return referenceDate <= last ? { runs: true, eligibleFrom } : { runs: false, eligibleFrom };
    }
    case 'status': {
      if (window.alsoWithoutEnd && end === undefined) return { runs: true, eligibleFrom: null };
      if (status === undefined) return { runs: true, eligibleFrom: null };
      const listed = window.statuses.some((s) => s.trim() === status);
      return { runs: window.negate ? !listed : listed, eligibleFrom: null };
    }
  }
}

/**
 * A finding at the reference date. A status override (e.g. "已处罚到位") is applied after the
 * window: an expired record stays expired whatever its 状态.
 */
export function evaluateFinding(finding: Finding, category: Category, referenceDate: string): FindingEvaluation {
  assertReferenceDate(referenceDate);
  const window = evaluateWindow(finding, category, referenceDate);
  if (!window.runs) return { effect: 'expired', eligibleFrom: window.eligibleFrom };
  const status = clean(finding.status);
  const override = status === undefined ? undefined : category.statusOverrides.find((o) => o.statuses.some((s) => s.trim() === status));
  if (override && status !== undefined) {
    if (override.severity === 'none') return { effect: 'exempt', citation: override.citation, status };
    return {
      effect: 'applies',
      severity: override.severity,
      eligibleFrom: window.eligibleFrom,
      citation: override.citation,
      note: [`记录状态为“${status}”`, override.note, window.note].filter(Boolean).join('；'),
    };
  }
  return {
    effect: 'applies',
    severity: window.severity ?? category.severity,
    eligibleFrom: window.eligibleFrom,
    citation: category.citation,
    ...(window.note === undefined ? {} : { note: window.note }),
  };
}

interface RuleMatch {
  matches: boolean;
  age: number | null;
  birth: string | null;
}

/** Every condition given must hold; an unknown age or birth date cannot clear a limit. */
function matchRule(rule: PersonRule, dossier: CandidateRow, referenceDate: string, unitKind: UnitKind | null): RuleMatch {
  const w = rule.when;
  const birth = birthDateOf(dossier);
  const age = birth ? ageOn(birth, referenceDate) : null;
  const no = { matches: false, age, birth };
  if (w.incumbent !== undefined && dossier.incumbent !== w.incumbent) return no;
  if (w.sex !== undefined && dossier.sex !== w.sex) return no;
  if (w.posts !== undefined && !w.posts.includes(dossier.post)) return no;
  if (w.unitKinds !== undefined) {
    // Unknown kind: a bar or concern still trips (never cleared on a missing fact); a warning needs the kind.
    if (unitKind === null ? rule.effect === 'warning' : !w.unitKinds.includes(unitKind)) return no;
  }
  if (w.educationBelow !== undefined && EDUCATION_RANK[dossier.education] >= EDUCATION_RANK[w.educationBelow]) return no;
  if (w.bornBefore !== undefined) {
    // A birth-date cut-off wins over any age the same clause gives.
    if (birth !== null && birth >= w.bornBefore) return no;
  } else if (w.ageAtLeast !== undefined && age !== null && age < w.ageAtLeast) {
    return no;
  }
  return { matches: true, age, birth };
}

/** The facts a tripped rule rests on, in Chinese. */
function factsOf(rule: PersonRule, dossier: CandidateRow, referenceDate: string, match: RuleMatch, unitKind: UnitKind | null): string[] {
  const facts: string[] = [];
  if (rule.when.bornBefore !== undefined) {
    facts.push(match.birth === null ? '无法确定出生日期' : `出生于${chineseDate(match.birth)}，早于${chineseDate(rule.when.bornBefore)}`);
  } else if (rule.when.ageAtLeast !== undefined) {
    facts.push(match.age === null ? '无法确定年龄' : `按参考日${chineseDate(referenceDate)}计${match.age}周岁`);
  }
  if (rule.when.educationBelow !== undefined) facts.push(`学历:${dossier.education}`);
  if (rule.when.unitKinds !== undefined && unitKind === null) {
    facts.push(`换届名单未登记该村(社区)是否为${rule.when.unitKinds.join('或')}，按适用处理，请核实`);
  }
  return facts;
}

/** Candidate conditions tripped by the dossier: bar/concern rules become reasons (department "policy"), warning rules warnings. */
export function evaluatePersonRules(
  dossier: CandidateRow,
  policy: Policy,
  referenceDate: string,
  unitKind: UnitKind | null = null,
): { reasons: Reason[]; warnings: Warning[] } {
  assertReferenceDate(referenceDate);
  const reasons: Reason[] = [];
  const warnings: Warning[] = [];
  for (const rule of policy.personRules) {
    const match = matchRule(rule, dossier, referenceDate, unitKind);
    if (!match.matches) continue;
    const facts = factsOf(rule, dossier, referenceDate, match, unitKind);
    if (rule.effect === 'warning') {
      const message = facts.length > 0 ? `${rule.label}(${facts.join(',')})` : rule.label;
      warnings.push({ rule: rule.id, message, citation: rule.citation });
    } else {
      reasons.push({
        category: rule.label,
        severity: rule.effect,
        department: 'policy',
        documentNumber: null,
        eligibleFrom: null,
        citation: rule.citation,
        ...(facts.length > 0 ? { note: facts.join(',') } : {}),
      });
    }
  }
  return { reasons, warnings };
}
