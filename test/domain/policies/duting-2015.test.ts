import { describe, expect, it } from 'vitest';
import { builtInPolicy } from '../../../shared/adapters/files/policy-files.js';
import { routeDepartments } from '../../../shared/domain/routing.js';
import { categoryTable, decideWith, dossier } from './helpers.js';

const policy = builtInPolicy('duting-2015');
// The Party-organisation round ends by 10月底 2015.
const REF = '2015-10-20';

describe('duting-2015 departments', () => {
  it('are the units consulted: 纪检、信访、公安、司法、卫计、“三违”', () => {
    expect(policy.departments.map((d) => d.name)).toEqual(['纪检', '信访', '公安', '司法', '卫计', '三违办']);
  });

  it('征求纪检、信访、公安、司法、卫计、“三违”等部门意见: every candidate goes to all six, Party member or not', () => {
    for (const political of ['中共党员', '中共预备党员', '群众', '共青团员'] as const) {
      expect(routeDepartments(policy, { political }).map((d) => d.code)).toEqual(policy.departments.map((d) => d.code));
    }
  });

  it('⑷ 正被纪检、司法机关立案调查: a record 纪检 holds on someone who is not a Party member is read and bars', () => {
    const d = decideWith(policy, REF, dossier({ political: '群众' }), {
      discipline: { findings: [{ category: '立案调查', startDate: '2015-09-01', status: '在查' }] },
    });
    expect(d.outcome).toBe('disqualified');
    expect(d.reasons[0]?.department).toBe('discipline');
  });
});

describe('duting-2015 不可提名 conditions ⑴–⒁', () => {
  categoryTable(policy, REF, [
    {
      label: '刑事处罚',
      severity: 'bar',
      window: '3y@end+ongoing',
      department: 'justice',
      applies: { startDate: '2009-01-01', endDate: '2012-10-20' },
      notApplies: { startDate: '2009-01-01', endDate: '2012-10-19' },
    },
    {
      label: '劳动教养',
      severity: 'bar',
      window: '3y@end+ongoing',
      department: 'justice',
      applies: { startDate: '2011-06-01', endDate: '2013-06-01' },
      notApplies: { startDate: '2010-01-01', endDate: '2012-01-01' },
    },
    {
      label: '社区矫正',
      severity: 'bar',
      window: 'untilEnd',
      department: 'justice',
      applies: { startDate: '2014-01-01', endDate: '2016-01-01' },
      notApplies: { startDate: '2012-01-01', endDate: '2014-01-01' },
    },
    {
      label: '行政拘留',
      severity: 'bar',
      window: '3y@end+ongoing',
      department: 'public-security',
      applies: { startDate: '2014-02-01', endDate: '2014-02-11' },
      notApplies: { startDate: '2012-05-01', endDate: '2012-05-11' },
    },
    {
      label: '涉黑涉恶',
      severity: 'bar',
      window: '3y@end+ongoing',
      department: 'public-security',
      applies: { startDate: '2013-01-01' },
      notApplies: { startDate: '2011-06-01', endDate: '2012-01-01' },
    },
    {
      label: '撤销党内职务及以上处分',
      severity: 'bar',
      window: '3y@start',
      department: 'discipline',
      applies: { startDate: '2013-06-01' },
      notApplies: { startDate: '2012-06-01' },
    },
    {
      label: '立案调查',
      severity: 'bar',
      window: 'status=在查+noEnd',
      department: 'discipline',
      applies: { startDate: '2015-09-01', status: '在查' },
      notApplies: { startDate: '2014-01-01', endDate: '2014-06-01', status: '已结案' },
    },
    {
      label: '违反计划生育',
      severity: 'bar',
      window: '5y@end+ongoing',
      department: 'health',
      applies: { startDate: '2009-01-01', endDate: '2011-01-01' },
      notApplies: { startDate: '2005-01-01', endDate: '2010-10-19' },
    },
    {
      label: '三违行为',
      severity: 'bar',
      window: 'permanent',
      department: 'three-violations',
      applies: { startDate: '2014-03-01' },
      notApplies: null,
    },
    {
      label: '邪教迷信赌博',
      severity: 'bar',
      window: '3y@end+ongoing',
      department: 'public-security',
      applies: { startDate: '2013-11-01' },
      notApplies: { startDate: '2012-08-01', endDate: '2012-10-01' },
    },
    {
      label: '宗教宗族势力干预',
      severity: 'bar',
      window: '3y@end+ongoing',
      department: 'public-security',
      applies: { startDate: '2014-01-01' },
      notApplies: { startDate: '2011-01-01', endDate: '2011-03-01' },
    },
    {
      label: '贿选',
      severity: 'bar',
      window: 'permanent',
      department: 'public-security',
      applies: { startDate: '2015-10-10' },
      notApplies: null,
    },
    {
      label: '干扰选举',
      severity: 'bar',
      window: 'permanent',
      department: 'public-security',
      applies: { startDate: '2015-10-12' },
      notApplies: null,
    },
    {
      label: '非正常上访',
      severity: 'bar',
      window: '3y@end+ongoing',
      department: 'petitions',
      applies: { startDate: '2013-10-21' },
      notApplies: { startDate: '2012-09-19', endDate: '2012-10-19' },
    },
    { label: '政治素质和道德品质差', severity: 'bar', window: 'permanent', department: 'petitions', applies: {}, notApplies: null },
    { label: '长期患病或外出', severity: 'bar', window: 'permanent', department: 'health', applies: {}, notApplies: null },
    {
      label: '其他违反党内规定或法律法规',
      severity: 'bar',
      window: 'permanent',
      department: 'justice',
      applies: { note: '违反村规民约' },
      notApplies: null,
    },
  ]);

  it('⑴ 刑满释放不满三年: still a bar on the third anniversary of the release, not the day after', () => {
    const f = { category: '刑事处罚', startDate: '2010-01-01', endDate: '2012-10-20' };
    expect(decideWith(policy, '2015-10-20', dossier(), { justice: { findings: [f] } }).outcome).toBe('disqualified');
    expect(decideWith(policy, '2015-10-21', dossier(), { justice: { findings: [f] } }).outcome).toBe('cleared');
  });

  it('⑸ a family-planning violation not yet dealt with (no 终止日期) counts', () => {
    const d = decideWith(policy, REF, dossier(), {
      health: { findings: [{ category: '违反计划生育', startDate: '2001-01-01', status: '处理中' }] },
    });
    expect(d.outcome).toBe('disqualified');
  });
});

describe('duting-2015 age and education (原则上/一般 → warnings only)', () => {
  it.each([
    ['男', '1954-10-20', 60, []], // the 61st birthday: still 60周岁, within "不超过60周岁"
    ['男', '1954-10-19', 61, ['male-over-60']],
    ['女', '1959-10-20', 55, []],
    ['女', '1959-10-19', 56, ['female-over-55']],
  ] as const)(
    '五(二) 男性一般不超过60周岁、女性一般不超过55周岁: %s born %s (%i周岁) gets warnings %j and stays cleared',
    (sex, birthDate, _age, rules) => {
      const d = decideWith(policy, REF, dossier({ sex, birthDate, incumbent: true }));
      expect(d.outcome).toBe('cleared');
      expect(d.warnings.map((w) => w.rule)).toEqual(rules);
    },
  );

  it('education below 高中 warns incumbents and new members alike', () => {
    for (const incumbent of [true, false]) {
      const d = decideWith(policy, REF, dossier({ education: '初中', incumbent }));
      expect(d.outcome).toBe('cleared');
      expect(d.warnings.map((w) => w.rule)).toEqual(['education-below-high-school']);
    }
  });
});

describe('duting-2015 near-relative avoidance', () => {
  it('一、2 居民委员会成员及其近亲属不得担任居务监督委员会成员 is the only avoidance the plan sets', () => {
    expect(policy.avoidance).toHaveLength(1);
    expect(policy.avoidance[0]).toMatchObject({ between: [['committee'], ['supervision']], givesWay: 'second' });
    expect(policy.avoidance[0]?.relations).toHaveLength(8);
  });
});
