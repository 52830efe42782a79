import { describe, expect, it } from 'vitest';
import { getPolicy } from '../../../shared/domain/policies/index.js';
import { routeDepartments } from '../../../shared/domain/routing.js';
import { categoryTable, decideWith, dossier } from './helpers.js';

const policy = getPolicy('duting-2015');
// The Party-organisation round ends by 10月底 2015.
const REF = '2015-10-20';

describe('duting-2015 departments', () => {
  it('are the units consulted: 纪检、信访、公安、司法、卫计、“三违”', () => {
    expect(policy.departments.map((d) => d.name)).toEqual(['纪检', '信访', '公安', '司法', '卫计', '三违办']);
  });

  it('ask 纪检 only about Party members (full and probationary)', () => {
    const codes = (political: '中共党员' | '中共预备党员' | '群众' | '共青团员') =>
      routeDepartments(policy, { political }).map((d) => d.code);
    expect(codes('中共党员')).toContain('discipline');
    expect(codes('中共预备党员')).toContain('discipline');
    expect(codes('群众')).not.toContain('discipline');
    expect(codes('共青团员')).toHaveLength(5);
  });
});

describe('duting-2015 不可提名 conditions ⑴–⒁', () => {
  categoryTable(policy, REF, [
    {
      label: '刑事处罚',
      severity: 'bar',
      window: '3y+ongoing',
      department: 'justice',
      applies: { startDate: '2009-01-01', endDate: '2013-01-01' },
      notApplies: { startDate: '2009-01-01', endDate: '2012-10-20' },
    },
    {
      label: '劳动教养',
      severity: 'bar',
      window: '3y+ongoing',
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
      window: '3y',
      department: 'public-security',
      applies: { startDate: '2014-02-01', endDate: '2014-02-11' },
      notApplies: { startDate: '2012-05-01', endDate: '2012-05-11' },
    },
    {
      label: '涉黑涉恶',
      severity: 'bar',
      window: '3y',
      department: 'public-security',
      applies: { startDate: '2013-01-01' },
      notApplies: { startDate: '2012-01-01' },
    },
    {
      label: '撤销党内职务及以上处分',
      severity: 'bar',
      window: '3y',
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
      window: '5y+ongoing',
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
      window: '3y',
      department: 'public-security',
      applies: { startDate: '2013-11-01' },
      notApplies: { startDate: '2012-10-01' },
    },
    {
      label: '宗教宗族势力干预',
      severity: 'bar',
      window: '3y',
      department: 'public-security',
      applies: { startDate: '2014-01-01' },
      notApplies: { startDate: '2011-01-01' },
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
      window: '3y',
      department: 'petitions',
      applies: { startDate: '2013-10-21' },
      notApplies: { startDate: '2012-10-19' },
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

  it('⑸ a family-planning violation not yet dealt with (no 终止日期) counts', () => {
    const d = decideWith(policy, REF, dossier(), {
      health: { findings: [{ category: '违反计划生育', startDate: '2001-01-01', status: '处理中' }] },
    });
    expect(d.outcome).toBe('disqualified');
  });
});

describe('duting-2015 age and education (原则上/一般 → warnings only)', () => {
  it.each([
    ['男', '1954-10-21', 60, []],
    ['男', '1954-10-20', 61, ['male-over-60']],
    ['女', '1959-10-21', 55, []],
    ['女', '1959-10-20', 56, ['female-over-55']],
  ] as const)('%s born %s (%i) gets warnings %j and stays cleared', (sex, birthDate, _age, rules) => {
    const d = decideWith(policy, REF, dossier({ sex, birthDate, incumbent: true }));
    expect(d.outcome).toBe('cleared');
    expect(d.warnings.map((w) => w.rule)).toEqual(rules);
  });

  it('education below 高中 warns incumbents and new members alike', () => {
    for (const incumbent of [true, false]) {
      const d = decideWith(policy, REF, dossier({ education: '初中', incumbent }));
      expect(d.outcome).toBe('cleared');
      expect(d.warnings.map((w) => w.rule)).toEqual(['education-below-high-school']);
    }
  });
});
