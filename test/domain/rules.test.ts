import { describe, expect, it } from 'vitest';
import { addYears, ageOn, birthDateOf } from '../../shared/domain/dates.js';
import type { Category, Policy, Window } from '../../shared/domain/model.js';
import { getPolicy } from '../../shared/domain/policies/index.js';
import { evaluateFinding, evaluatePersonRules } from '../../shared/domain/rules.js';
import { dossier, idFor } from './policies/helpers.js';

function category(window: Window, extra: Partial<Category> = {}): Category {
  return {
    label: '测试类别',
    group: '测试',
    severity: 'bar',
    window,
    citation: { file: '001_450a4215c6f8d83b.txt', quote: '五不能' },
    ...extra,
  };
}

describe('calendar arithmetic', () => {
  it.each([
    ['2012-02-29', 5, '2017-03-01'],
    ['2012-02-29', 4, '2016-02-29'],
    ['2013-02-28', 5, '2018-02-28'],
    ['2016-12-31', 1, '2017-12-31'],
  ])('%s + %i years = %s (29 Feb lands on 1 Mar in a common year)', (from, years, to) => {
    expect(addYears(from, years)).toBe(to);
  });

  it('counts whole years of age, the birthday itself included', () => {
    expect(ageOn('1960-04-01', '2017-03-31')).toBe(56);
    expect(ageOn('1960-04-01', '2017-04-01')).toBe(57);
    expect(ageOn('2000-02-29', '2018-02-28')).toBe(17);
    expect(ageOn('2000-02-29', '2018-03-01')).toBe(18);
  });

  it('takes the birth date from the ID number, falling back to 出生年月', () => {
    expect(birthDateOf({ idNumber: idFor('1971-08-09', '女'), birth: '1971-08' })).toBe('1971-08-09');
    expect(birthDateOf({ idNumber: '11010119710899123X', birth: '1971-08' })).toBe('1971-08-01');
  });
});

describe('evaluateFinding', () => {
  const years5 = category({ kind: 'years', years: 5 });

  it('anchors a years window on 终止日期 when present, else on 起始日期', () => {
    expect(evaluateFinding({ category: 'x', startDate: '2010-01-01', endDate: '2013-01-01' }, years5, '2017-12-31')).toEqual({
      applies: true,
      eligibleFrom: '2018-01-01',
      exempt: false,
    });
    expect(evaluateFinding({ category: 'x', startDate: '2010-01-01' }, years5, '2017-12-31')).toEqual({
      applies: false,
      eligibleFrom: '2015-01-01',
      exempt: false,
    });
  });

  it('no longer applies on the exact anniversary, still applies the day before', () => {
    const f = { category: 'x', endDate: '2012-04-06' };
    expect(evaluateFinding(f, years5, '2017-04-05').applies).toBe(true);
    expect(evaluateFinding(f, years5, '2017-04-06').applies).toBe(false);
  });

  it('a 29 February anchor expires on 1 March of a common year', () => {
    const f = { category: 'x', endDate: '2012-02-29' };
    expect(evaluateFinding(f, years5, '2017-02-28')).toEqual({ applies: true, eligibleFrom: '2017-03-01', exempt: false });
    expect(evaluateFinding(f, years5, '2017-03-01').applies).toBe(false);
  });

  it('a years window with no date at all applies: nothing proves it has expired', () => {
    expect(evaluateFinding({ category: 'x' }, years5, '2030-01-01')).toEqual({ applies: true, eligibleFrom: null, exempt: false });
  });

  it('ongoingWithoutEnd: no 终止日期 applies whatever the start; with one, N years from it', () => {
    const w = category({ kind: 'years', years: 5, ongoingWithoutEnd: true });
    expect(evaluateFinding({ category: 'x', startDate: '1980-01-01' }, w, '2017-01-01')).toEqual({
      applies: true,
      eligibleFrom: null,
      exempt: false,
    });
    expect(evaluateFinding({ category: 'x', startDate: '1980-01-01', endDate: '1990-01-01' }, w, '2017-01-01').applies).toBe(false);
  });

  it('untilEnd applies until 终止日期, and indefinitely without one', () => {
    const w = category({ kind: 'untilEnd' });
    expect(evaluateFinding({ category: 'x', endDate: '2017-06-01' }, w, '2017-05-31')).toEqual({
      applies: true,
      eligibleFrom: '2017-06-01',
      exempt: false,
    });
    expect(evaluateFinding({ category: 'x', endDate: '2017-06-01' }, w, '2017-06-01').applies).toBe(false);
    expect(evaluateFinding({ category: 'x', startDate: '2001-01-01' }, w, '2030-01-01')).toEqual({
      applies: true,
      eligibleFrom: null,
      exempt: false,
    });
  });

  it('status windows: applies while 状态 is listed; negate flips it; a missing 状态 applies', () => {
    const open = category({ kind: 'status', statuses: ['未整改'] });
    expect(evaluateFinding({ category: 'x', status: '未整改' }, open, '2017-01-01').applies).toBe(true);
    expect(evaluateFinding({ category: 'x', status: ' 未整改 ' }, open, '2017-01-01').applies).toBe(true);
    expect(evaluateFinding({ category: 'x', status: '已整改' }, open, '2017-01-01').applies).toBe(false);
    expect(evaluateFinding({ category: 'x' }, open, '2017-01-01').applies).toBe(true);
    const notRevoked = category({ kind: 'status', statuses: ['已撤销'], negate: true });
    expect(evaluateFinding({ category: 'x', status: '有效' }, notRevoked, '2017-01-01').applies).toBe(true);
    expect(evaluateFinding({ category: 'x', status: '已撤销' }, notRevoked, '2017-01-01').applies).toBe(false);
    expect(evaluateFinding({ category: 'x', status: '已撤销' }, notRevoked, '2017-01-01').eligibleFrom).toBeNull();
  });

  it('status with alsoWithoutEnd: an investigation without 终止日期 applies whatever its 状态', () => {
    const w = category({ kind: 'status', statuses: ['在查'], alsoWithoutEnd: true });
    expect(evaluateFinding({ category: 'x', status: '已结案' }, w, '2017-01-01').applies).toBe(true);
    expect(evaluateFinding({ category: 'x', status: '已结案', endDate: '2016-01-01' }, w, '2017-01-01').applies).toBe(false);
    expect(evaluateFinding({ category: 'x', status: '在查', endDate: '2016-01-01' }, w, '2017-01-01').applies).toBe(true);
  });

  it('permanent always applies', () => {
    expect(
      evaluateFinding({ category: 'x', startDate: '1950-01-01', endDate: '1951-01-01' }, category({ kind: 'permanent' }), '2030-01-01'),
    ).toEqual({
      applies: true,
      eligibleFrom: null,
      exempt: false,
    });
  });

  it('an exempt 状态 never applies, whatever the window', () => {
    const w = category({ kind: 'permanent' }, { exemptStatuses: ['已处理'] });
    expect(evaluateFinding({ category: 'x', status: '已处理' }, w, '2017-01-01')).toEqual({
      applies: false,
      eligibleFrom: null,
      exempt: true,
    });
    expect(evaluateFinding({ category: 'x', status: '处理中' }, w, '2017-01-01').applies).toBe(true);
  });

  it('rejects a reference date that is not a calendar date', () => {
    expect(() => evaluateFinding({ category: 'x' }, years5, '2017-02-30')).toThrow(/reference date/);
  });
});

describe('evaluatePersonRules', () => {
  const dinghai: Policy = getPolicy('dinghai-2017');
  const REF = '2017-04-01';

  it('turns a concern rule into a reason from department "policy" citing the clause', () => {
    const { reasons, warnings } = evaluatePersonRules(dossier({ sex: '男', birthDate: '1950-01-01', incumbent: true }), dinghai, REF);
    expect(warnings).toEqual([]);
    expect(reasons).toEqual([
      {
        category: '现任男性57周岁以上一般不宜留任',
        severity: 'concern',
        department: 'policy',
        documentNumber: null,
        eligibleFrom: null,
        citation: { file: '001_450a4215c6f8d83b.txt', quote: '农村社区男57周岁以上,女52周岁以上的,一般不宜留任' },
      },
    ]);
  });

  it('applies sex-specific limits only to that sex', () => {
    expect(evaluatePersonRules(dossier({ sex: '女', birthDate: '1962-01-01', incumbent: true }), dinghai, REF).reasons).toHaveLength(1);
    expect(evaluatePersonRules(dossier({ sex: '男', birthDate: '1962-01-01', incumbent: true }), dinghai, REF).reasons).toHaveLength(0);
  });

  it('turns warning rules into warnings with the facts they rest on', () => {
    const { reasons, warnings } = evaluatePersonRules(
      dossier({ birthDate: '1965-01-01', education: '初中', incumbent: false }),
      dinghai,
      REF,
    );
    expect(reasons).toEqual([]);
    expect(warnings.map((w) => w.rule)).toEqual(['new-member-over-45', 'new-member-education']);
    expect(warnings[1]?.message).toContain('学历:初中');
  });

  it('matches on post when the rule names posts', () => {
    const county = getPolicy('county-2017');
    const old = { birthDate: '1950-01-01', incumbent: true } as const;
    expect(evaluatePersonRules(dossier({ ...old, post: '党组织书记' }), county, REF).reasons).toHaveLength(1);
    expect(evaluatePersonRules(dossier({ ...old, post: '党组织委员' }), county, REF).reasons).toHaveLength(0);
  });
});
