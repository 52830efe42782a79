import { describe, expect, it } from 'vitest';
import { birthDateOf } from '../../shared/domain/dates.js';
import type { Category, CategoryInput, Policy, Window } from '../../shared/domain/model.js';
import { Category as CategorySchema } from '../../shared/domain/model.js';
import { builtInPolicy } from '../../shared/adapters/files/policy-files.js';
import { evaluateFinding, evaluatePersonRules } from '../../shared/domain/rules.js';
import { dossier, idFor } from './policies/helpers.js';

const CITATION = { document: '《测试方案》', clause: '第一条', quote: '五不能' };

function category(window: Window, extra: Partial<CategoryInput> = {}): Category {
  return CategorySchema.parse({ label: '测试类别', group: '测试', severity: 'bar', window, citation: CITATION, ...extra });
}

describe('birth dates', () => {
  it('takes the birth date from the ID number, falling back to 出生年月', () => {
    expect(birthDateOf({ idNumber: idFor('1971-08-09', '女'), birth: '1971-08' })).toBe('1971-08-09');
    expect(birthDateOf({ idNumber: '11010119710899123X', birth: '1971-08' })).toBe('1971-08-01');
  });
});

describe('evaluateFinding', () => {
  const fromEnd = category({ kind: 'years', years: 5, anchor: 'end' });
  const fromStart = category({ kind: 'years', years: 5, anchor: 'start' });

  it('counts a years window from the anchor the category names', () => {
    const f = { category: 'x', startDate: '2010-01-01', endDate: '2013-01-01' };
    expect(evaluateFinding(f, fromEnd, '2017-12-31')).toEqual({
      effect: 'applies',
      severity: 'bar',
      eligibleFrom: '2018-01-02',
      citation: CITATION,
    });
    expect(evaluateFinding(f, fromStart, '2017-12-31')).toEqual({ effect: 'expired', eligibleFrom: '2015-01-02' });
  });

  it('still applies on the exact anniversary (the last day of the period), no longer the day after', () => {
    const f = { category: 'x', endDate: '2012-04-06' };
    expect(evaluateFinding(f, fromEnd, '2017-04-05').effect).toBe('applies');
    expect(evaluateFinding(f, fromEnd, '2017-04-06').effect).toBe('applies');
    expect(evaluateFinding(f, fromEnd, '2017-04-07')).toEqual({ effect: 'expired', eligibleFrom: '2017-04-07' });
  });

  it('a 29 February anchor ends on 28 February of a common year', () => {
    const f = { category: 'x', endDate: '2012-02-29' };
    expect(evaluateFinding(f, fromEnd, '2017-02-28')).toMatchObject({ effect: 'applies', eligibleFrom: '2017-03-01' });
    expect(evaluateFinding(f, fromEnd, '2017-03-01').effect).toBe('expired');
  });

  it('counts months too, ending on the month end where there is no corresponding day', () => {
    const w = category({ kind: 'years', years: 0, months: 6, anchor: 'end' });
    expect(evaluateFinding({ category: 'x', endDate: '2016-08-31' }, w, '2017-02-28').effect).toBe('applies');
    expect(evaluateFinding({ category: 'x', endDate: '2016-08-31' }, w, '2017-03-01').effect).toBe('expired');
  });

  it('a years window without its anchor date cannot be computed: a bar is referred with a note, never cleared', () => {
    const result = evaluateFinding({ category: 'x', endDate: '2001-01-01' }, fromStart, '2030-01-01');
    expect(result).toMatchObject({ effect: 'applies', severity: 'concern', eligibleFrom: null });
    expect(result.effect === 'applies' && result.note).toContain('未填起始日期');
  });

  it('ongoingWithoutEnd: no 终止日期 applies whatever the start; with one, N years from it', () => {
    const w = category({ kind: 'years', years: 5, anchor: 'end', ongoingWithoutEnd: true });
    expect(evaluateFinding({ category: 'x', startDate: '1980-01-01' }, w, '2017-01-01')).toMatchObject({
      effect: 'applies',
      severity: 'bar',
      eligibleFrom: null,
    });
    expect(evaluateFinding({ category: 'x', startDate: '1980-01-01', endDate: '1990-01-01' }, w, '2017-01-01').effect).toBe('expired');
  });

  it('终止日期 as the first day free moves every boundary one day earlier', () => {
    const lastDay = category({ kind: 'untilEnd' });
    const firstFree = category({ kind: 'untilEnd' }, { endDate: 'firstDayFree' });
    const f = { category: 'x', endDate: '2017-06-01' };
    expect(evaluateFinding(f, lastDay, '2017-06-01')).toMatchObject({ effect: 'applies', eligibleFrom: '2017-06-02' });
    expect(evaluateFinding(f, firstFree, '2017-06-01')).toEqual({ effect: 'expired', eligibleFrom: '2017-06-01' });
    expect(evaluateFinding(f, firstFree, '2017-05-31')).toMatchObject({ effect: 'applies', eligibleFrom: '2017-06-01' });
  });

  it('untilEnd applies through 终止日期, and indefinitely without one', () => {
    const w = category({ kind: 'untilEnd' });
    expect(evaluateFinding({ category: 'x', endDate: '2017-06-01' }, w, '2017-06-01')).toMatchObject({
      effect: 'applies',
      eligibleFrom: '2017-06-02',
    });
    expect(evaluateFinding({ category: 'x', endDate: '2017-06-01' }, w, '2017-06-02').effect).toBe('expired');
    expect(evaluateFinding({ category: 'x', startDate: '2001-01-01' }, w, '2030-01-01')).toMatchObject({
      effect: 'applies',
      eligibleFrom: null,
    });
  });

  it('status windows: applies while 状态 is listed; negate flips it; a missing 状态 applies', () => {
    const open = category({ kind: 'status', statuses: ['未整改'] });
    expect(evaluateFinding({ category: 'x', status: '未整改' }, open, '2017-01-01').effect).toBe('applies');
    expect(evaluateFinding({ category: 'x', status: ' 未整改 ' }, open, '2017-01-01').effect).toBe('applies');
    expect(evaluateFinding({ category: 'x', status: '已整改' }, open, '2017-01-01').effect).toBe('expired');
    expect(evaluateFinding({ category: 'x' }, open, '2017-01-01').effect).toBe('applies');
    const notRevoked = category({ kind: 'status', statuses: ['已撤销'], negate: true });
    expect(evaluateFinding({ category: 'x', status: '有效' }, notRevoked, '2017-01-01').effect).toBe('applies');
    expect(evaluateFinding({ category: 'x', status: '已撤销' }, notRevoked, '2017-01-01')).toEqual({
      effect: 'expired',
      eligibleFrom: null,
    });
  });

  it('status with alsoWithoutEnd: an investigation without 终止日期 applies whatever its 状态', () => {
    const w = category({ kind: 'status', statuses: ['在查'], alsoWithoutEnd: true });
    expect(evaluateFinding({ category: 'x', status: '已结案' }, w, '2017-01-01').effect).toBe('applies');
    expect(evaluateFinding({ category: 'x', status: '已结案', endDate: '2016-01-01' }, w, '2017-01-01').effect).toBe('expired');
    expect(evaluateFinding({ category: 'x', status: '在查', endDate: '2016-01-01' }, w, '2017-01-01').effect).toBe('applies');
  });

  it('permanent always applies', () => {
    expect(
      evaluateFinding({ category: 'x', startDate: '1950-01-01', endDate: '1951-01-01' }, category({ kind: 'permanent' }), '2030-01-01'),
    ).toEqual({
      effect: 'applies',
      severity: 'bar',
      eligibleFrom: null,
      citation: CITATION,
    });
  });

  it('a status override changes the severity and cites its own clause; "none" takes the record out', () => {
    const exception = { document: '《测试方案》', clause: '例外条款', quote: '已经处罚到位' };
    const w = category(
      { kind: 'permanent' },
      {
        statusOverrides: [
          { statuses: ['已处理'], severity: 'concern', citation: exception, note: '其余条件由组织部门研判' },
          { statuses: ['已撤销'], severity: 'none', citation: exception },
        ],
      },
    );
    expect(evaluateFinding({ category: 'x', status: '已处理' }, w, '2017-01-01')).toEqual({
      effect: 'applies',
      severity: 'concern',
      eligibleFrom: null,
      citation: exception,
      note: '记录状态为“已处理”；其余条件由组织部门研判',
    });
    expect(evaluateFinding({ category: 'x', status: '已撤销' }, w, '2017-01-01')).toEqual({
      effect: 'exempt',
      citation: exception,
      status: '已撤销',
    });
    expect(evaluateFinding({ category: 'x', status: '处理中' }, w, '2017-01-01')).toMatchObject({ effect: 'applies', severity: 'bar' });
  });

  it('an expired record stays expired whatever its 状态', () => {
    const w = category(
      { kind: 'years', years: 1, anchor: 'start' },
      { statusOverrides: [{ statuses: ['已处理'], severity: 'concern', citation: CITATION }] },
    );
    expect(evaluateFinding({ category: 'x', startDate: '2010-01-01', status: '已处理' }, w, '2017-01-01').effect).toBe('expired');
  });

  it('rejects a reference date that is not a calendar date', () => {
    expect(() => evaluateFinding({ category: 'x' }, fromEnd, '2017-02-30')).toThrow(/reference date/);
  });
});

describe('evaluatePersonRules', () => {
  const dinghai: Policy = builtInPolicy('dinghai-2017');
  const REF = '2017-04-01';

  it('turns a concern rule into a reason from department "policy" citing the clause, with the facts as its note', () => {
    const { reasons, warnings } = evaluatePersonRules(
      dossier({ sex: '男', birthDate: '1950-01-01', incumbent: true }),
      dinghai,
      REF,
      '农村社区',
    );
    expect(warnings).toEqual([]);
    expect(reasons).toEqual([
      {
        category: '农村社区现任男性57周岁以上一般不宜留任',
        severity: 'concern',
        department: 'policy',
        documentNumber: null,
        eligibleFrom: null,
        citation: {
          document: '《昌国街道2017年村和社区组织换届选举工作方案》',
          clause: '二(二)树立正确选人用人导向',
          quote: '农村社区男57周岁以上,女52周岁以上的,一般不宜留任',
          file: '001_450a4215c6f8d83b.txt',
        },
        note: '按参考日2017年4月1日计67周岁',
      },
    ]);
  });

  it('applies sex-specific limits only to that sex', () => {
    const row = (sex: '男' | '女') => dossier({ sex, birthDate: '1962-01-01', incumbent: true });
    expect(evaluatePersonRules(row('女'), dinghai, REF, '农村社区').reasons).toHaveLength(1);
    expect(evaluatePersonRules(row('男'), dinghai, REF, '农村社区').reasons).toHaveLength(0);
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
    const county = builtInPolicy('county-2017');
    const old = { birthDate: '1950-01-01', incumbent: true } as const;
    expect(evaluatePersonRules(dossier({ ...old, post: '党组织书记' }), county, REF).reasons).toHaveLength(1);
    expect(evaluatePersonRules(dossier({ ...old, post: '党组织委员' }), county, REF).reasons).toHaveLength(0);
  });

  it('a birth-date cut-off wins over the age the same rule gives', () => {
    const policy: Policy = {
      ...dinghai,
      personRules: [
        {
          id: 'cut-off',
          label: '年龄一般不超过60周岁(1957年1月1日后出生)',
          effect: 'concern',
          when: { ageAtLeast: 61, bornBefore: '1957-01-01' },
          citation: CITATION,
        },
      ],
    };
    // 60周岁 on the reference date, yet born before the cut-off: the cut-off decides.
    expect(evaluatePersonRules(dossier({ birthDate: '1956-12-31' }), policy, REF).reasons).toHaveLength(1);
    // 满61周岁 by the age, but born on the cut-off day: not caught.
    expect(evaluatePersonRules(dossier({ birthDate: '1957-01-01' }), policy, '2018-01-02').reasons).toHaveLength(0);
  });
});
