// Boundaries of every dated window of every shipped policy, generated from the policy data: the
// legal calendar (民法典 第二百零一条、第二百零二条) decides each one.
import { describe, expect, it } from 'vitest';
import { addDays, periodLastDay } from '../../../shared/domain/dates.js';
import type { Category, Finding } from '../../../shared/domain/model.js';
import { builtInPolicy, builtInPolicyIds } from '../../../shared/adapters/files/policy-files.js';
import { evaluateFinding } from '../../../shared/domain/rules.js';

type YearsCategory = Category & { window: { kind: 'years'; years: number; anchor: 'end' | 'start'; ongoingWithoutEnd?: boolean } };

const yearsCases = builtInPolicyIds().flatMap((id) =>
  builtInPolicy(id)
    .categories.filter((c): c is YearsCategory => c.window.kind === 'years')
    .map((c) => [id, c.label, c.window.years, c] as const),
);
const untilEndCases = builtInPolicyIds().flatMap((id) =>
  builtInPolicy(id)
    .categories.filter((c) => c.window.kind === 'untilEnd')
    .map((c) => [id, c.label, c] as const),
);

function at(finding: Finding, category: Category, on: string) {
  return evaluateFinding(finding, category, on);
}

describe('years windows: "未满N年" holds through the anniversary, its last day', () => {
  it('there are dated windows to test', () => {
    expect(yearsCases.length).toBeGreaterThanOrEqual(15);
  });

  describe.each(yearsCases)('%s %s (%i years)', (_id, label, years, category) => {
    const anchorDate = '2010-06-15';
    const last = periodLastDay(anchorDate, { years });
    const finding: Finding =
      category.window.anchor === 'end'
        ? { category: label, startDate: '2008-01-01', endDate: anchorDate }
        : { category: label, startDate: anchorDate };

    it(`anchored on ${category.window.anchor === 'end' ? '终止日期' : '起始日期'}: applies through ${last}, not the day after`, () => {
      expect(at(finding, category, addDays(last, -1))).toMatchObject({ effect: 'applies', eligibleFrom: addDays(last, 1) });
      expect(at(finding, category, last)).toMatchObject({ effect: 'applies', eligibleFrom: addDays(last, 1) });
      expect(at(finding, category, addDays(last, 1))).toEqual({ effect: 'expired', eligibleFrom: addDays(last, 1) });
    });

    it('a 29 February anchor ends on 28 February of a common year', () => {
      const leap: Finding =
        category.window.anchor === 'end'
          ? { category: label, startDate: '2010-01-01', endDate: '2012-02-29' }
          : { category: label, startDate: '2012-02-29' };
      const lastDay = `${2012 + years}-02-${(2012 + years) % 4 === 0 ? '29' : '28'}`;
      expect(at(leap, category, lastDay).effect).toBe('applies');
      expect(at(leap, category, addDays(lastDay, 1)).effect).toBe('expired');
    });

    if (category.window.anchor === 'end' && category.window.ongoingWithoutEnd) {
      it('without 终止日期 (still open) it applies however old the start', () => {
        expect(at({ category: label, startDate: '1990-01-01' }, category, '2030-01-01')).toMatchObject({
          effect: 'applies',
          eligibleFrom: null,
        });
      });
    } else {
      it('without its anchor date it cannot be computed: referred for a person to check, never cleared', () => {
        const result = at({ category: label }, category, '2030-01-01');
        expect(result).toMatchObject({ effect: 'applies', eligibleFrom: null });
        if (result.effect === 'applies') expect(result.severity).not.toBe('bar');
      });
    }
  });
});

describe('untilEnd windows hold through 终止日期, the last day in force', () => {
  describe.each(untilEndCases)('%s %s', (_id, label, category) => {
    it('applies on 终止日期, not the day after, and names the day after as eligibleFrom', () => {
      const finding = { category: label, startDate: '2015-01-01', endDate: '2017-04-06' };
      expect(at(finding, category, '2017-04-06')).toMatchObject({ effect: 'applies', eligibleFrom: '2017-04-07' });
      expect(at(finding, category, '2017-04-07')).toEqual({ effect: 'expired', eligibleFrom: '2017-04-07' });
    });
  });
});
