// Boundaries of every dated window of every shipped policy, generated from the policy data.
import { describe, expect, it } from 'vitest';
import { addYears } from '../../../shared/domain/dates.js';
import type { Category } from '../../../shared/domain/model.js';
import { POLICY_IDS, getPolicy } from '../../../shared/domain/policies/index.js';
import { evaluateFinding } from '../../../shared/domain/rules.js';

function dayBefore(iso: string): string {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - 1);
  return d.toISOString().slice(0, 10);
}

const yearsCases = POLICY_IDS.flatMap((id) =>
  getPolicy(id)
    .categories.filter((c): c is Category & { window: { kind: 'years'; years: number } } => c.window.kind === 'years')
    .map((c) => [id, c.label, c.window.years, c] as const),
);
const untilEndCases = POLICY_IDS.flatMap((id) =>
  getPolicy(id)
    .categories.filter((c) => c.window.kind === 'untilEnd')
    .map((c) => [id, c.label, c] as const),
);

describe('years windows: "未满 N 年" ends on the anniversary', () => {
  it('there are dated windows to test', () => {
    expect(yearsCases.length).toBeGreaterThanOrEqual(15);
  });

  describe.each(yearsCases)('%s %s (%i years)', (_id, label, years, category) => {
    const anchor = '2010-06-15';
    const anniversary = addYears(anchor, years);

    it(`anchored on 终止日期: applies the day before ${anniversary}, not on it`, () => {
      const finding = { category: label, startDate: '2008-01-01', endDate: anchor };
      expect(evaluateFinding(finding, category, dayBefore(anniversary))).toEqual({
        applies: true,
        eligibleFrom: anniversary,
        exempt: false,
      });
      expect(evaluateFinding(finding, category, anniversary)).toEqual({ applies: false, eligibleFrom: anniversary, exempt: false });
    });

    if (!category.window.ongoingWithoutEnd) {
      it('anchored on 起始日期 when there is no 终止日期', () => {
        const finding = { category: label, startDate: anchor };
        expect(evaluateFinding(finding, category, dayBefore(anniversary)).applies).toBe(true);
        expect(evaluateFinding(finding, category, anniversary).applies).toBe(false);
      });
    } else {
      it('without 终止日期 (still ongoing) it applies however old the start', () => {
        const finding = { category: label, startDate: '1990-01-01' };
        expect(evaluateFinding(finding, category, '2030-01-01')).toEqual({ applies: true, eligibleFrom: null, exempt: false });
      });
    }
  });
});

describe('untilEnd windows end on 终止日期', () => {
  describe.each(untilEndCases)('%s %s', (_id, label, category) => {
    it('applies the day before 终止日期, not on it, and names it as eligibleFrom', () => {
      const finding = { category: label, startDate: '2015-01-01', endDate: '2017-04-06' };
      expect(evaluateFinding(finding, category, '2017-04-05')).toEqual({ applies: true, eligibleFrom: '2017-04-06', exempt: false });
      expect(evaluateFinding(finding, category, '2017-04-06')).toEqual({ applies: false, eligibleFrom: '2017-04-06', exempt: false });
    });
  });
});
