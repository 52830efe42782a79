// Shared fixtures for the policy, rules and decision tests.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { type DecideInput, decide } from '../../../shared/domain/decision.js';
import type { CandidateRow, Finding, Policy, Verdict, Window } from '../../../shared/domain/model.js';
import { routeDepartments } from '../../../shared/domain/routing.js';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
export const seedsDir = path.resolve(repoRoot, '..', 'shared', 'seeds');

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK = '10X98765432';

/** A valid 18-digit ID (GB 11643 check digit) for a birth date; odd sequence → 男, even → 女. */
export function idFor(birthDate: string, sex: '男' | '女', serial = 1): string {
  const seq = serial * 2 + (sex === '男' ? 1 : 0);
  const first17 = `110101${birthDate.replaceAll('-', '')}${String(seq % 1000).padStart(3, '0')}`;
  const sum = [...first17].reduce((acc, ch, i) => acc + Number(ch) * (WEIGHTS[i] ?? 0), 0);
  return first17 + (CHECK[sum % 11] ?? '');
}

export interface DossierSpec extends Partial<CandidateRow> {
  birthDate?: string;
}

/** A dossier that trips no person rule of any shipped policy unless told otherwise. */
export function dossier(spec: DossierSpec = {}): CandidateRow {
  const { birthDate = '1977-03-10', ...rest } = spec;
  const sex = rest.sex ?? '男';
  return {
    seq: 1,
    name: '张三',
    sex,
    ethnicity: '汉族',
    idNumber: idFor(birthDate, sex, rest.seq ?? 1),
    birth: birthDate,
    education: '高中',
    political: '中共党员',
    township: '昌国街道',
    village: '城东社区',
    post: '村(居)委会委员',
    nominationType: '初步人选',
    incumbent: false,
    ...rest,
  };
}

/** Every routed department answers; `answers` overrides some of them. */
export function verdictsFor(
  policy: Policy,
  row: CandidateRow,
  answers: Record<string, Partial<Pick<Verdict, 'status' | 'findings'>>> = {},
): { routed: string[]; verdicts: Verdict[] } {
  const routed = routeDepartments(policy, row).map((d) => d.code);
  const verdicts: Verdict[] = routed.map((code) => {
    const a = answers[code];
    const findings = a?.findings ?? [];
    return {
      campaignId: 'c1',
      candidateId: 'k1',
      department: code,
      status: a?.status ?? (findings.length > 0 ? 'findings' : 'clear'),
      findings,
    };
  });
  return { routed, verdicts };
}

export function decideWith(
  policy: Policy,
  referenceDate: string,
  row: CandidateRow,
  answers: Record<string, Partial<Pick<Verdict, 'status' | 'findings'>>> = {},
  extra: Pick<DecideInput, 'unitKind'> = {},
) {
  const { routed, verdicts } = verdictsFor(policy, row, answers);
  return decide({
    policy,
    referenceDate,
    dossier: row,
    verdicts,
    routed,
    decidedAt: `${referenceDate}T00:00:00Z`,
    campaignId: 'c1',
    candidateId: 'k1',
    ...extra,
  });
}

/** A compact spelling of a window, so tables can state what each clause says. */
export function windowSpec(w: Window): string {
  switch (w.kind) {
    case 'years':
      return `${w.years}y${w.months ? `${w.months}m` : ''}@${w.anchor}${w.ongoingWithoutEnd ? '+ongoing' : ''}`;
    case 'untilEnd':
      return 'untilEnd';
    case 'status':
      return `status${w.negate ? '≠' : '='}${w.statuses.join('/')}${w.alsoWithoutEnd ? '+noEnd' : ''}`;
    case 'permanent':
      return 'permanent';
  }
}

export type FindingFields = Omit<Finding, 'category'>;

export interface CategoryCase {
  label: string;
  severity: 'bar' | 'concern';
  /** As windowSpec spells it. */
  window: string;
  /** The department code that reports it in the test. */
  department: string;
  applies: FindingFields;
  /** A record that does not count at the reference date; null: the clause has no such record (permanent). */
  notApplies: FindingFields | null;
}

/**
 * The table-driven category tests: the table must name every category of the policy, state its
 * severity and window as the clause reads, and show one record that counts and one that does not.
 */
export function categoryTable(policy: Policy, referenceDate: string, cases: CategoryCase[]): void {
  it('the table covers every category of the policy, and nothing else', () => {
    expect(cases.map((c) => c.label).sort()).toEqual(policy.categories.map((c) => c.label).sort());
  });

  for (const c of cases) {
    const category = () => {
      const found = policy.categories.find((x) => x.label === c.label);
      if (!found) throw new Error(`no category ${c.label}`);
      return found;
    };

    it(`${c.label}: is a ${c.severity} with window ${c.window}`, () => {
      expect(category().severity).toBe(c.severity);
      expect(windowSpec(category().window)).toBe(c.window);
    });

    it(`${c.label}: a record that counts makes the candidate ${c.severity === 'bar' ? 'disqualified' : 'referred'}, citing the clause`, () => {
      const row = dossier();
      const decision = decideWith(policy, referenceDate, row, {
        [c.department]: { findings: [{ category: c.label, documentNumber: '测〔2016〕1号', ...c.applies }] },
      });
      expect(decision.outcome).toBe(c.severity === 'bar' ? 'disqualified' : 'referred');
      expect(decision.reasons).toHaveLength(1);
      expect(decision.reasons[0]).toMatchObject({
        category: c.label,
        severity: c.severity,
        department: c.department,
        documentNumber: '测〔2016〕1号',
        citation: category().citation,
      });
    });

    if (c.notApplies) {
      const notApplies = c.notApplies;
      it(`${c.label}: a record that no longer counts leaves the candidate cleared`, () => {
        const row = dossier();
        const decision = decideWith(policy, referenceDate, row, {
          [c.department]: { findings: [{ category: c.label, ...notApplies }] },
        });
        expect(decision.outcome).toBe('cleared');
        expect(decision.reasons).toEqual([]);
      });
    } else {
      it(`${c.label}: (no time limit) without such a record the candidate is cleared`, () => {
        const decision = decideWith(policy, referenceDate, dossier());
        expect(decision.outcome).toBe('cleared');
        expect(decision.reasons).toEqual([]);
      });
    }
  }
}
