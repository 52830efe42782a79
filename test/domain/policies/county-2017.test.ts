import { describe, expect, it } from 'vitest';
import { getPolicy } from '../../../shared/domain/policies/index.js';
import { categoryTable, decideWith, dossier } from './helpers.js';

const policy = getPolicy('county-2017');
const REF = '2017-03-15';

describe('county-2017 departments', () => {
  it('are the units named for the county re-review, plus the organisation department', () => {
    expect(policy.departments.map((d) => d.name)).toEqual(['纪检监察', '政法', '民政', '农经', '卫计', '组织部']);
  });
});

describe('county-2017 不能确定 conditions ①–⑨', () => {
  categoryTable(policy, REF, [
    {
      label: '刑事处罚',
      severity: 'bar',
      window: 'permanent',
      department: 'political-legal',
      applies: { startDate: '1990-01-01', endDate: '1992-01-01' },
      notApplies: null,
    },
    {
      label: '立案调查',
      severity: 'bar',
      window: 'status=在查+noEnd',
      department: 'discipline',
      applies: { startDate: '2017-01-01', status: '在查' },
      notApplies: { startDate: '2016-01-01', endDate: '2016-05-01', status: '已结案' },
    },
    {
      label: '党纪处分',
      severity: 'bar',
      window: 'untilEnd',
      department: 'discipline',
      applies: { startDate: '2016-01-01', endDate: '2017-06-30' },
      notApplies: { startDate: '2015-01-01', endDate: '2017-03-15' },
    },
    {
      label: '组织处理',
      severity: 'bar',
      window: 'untilEnd',
      department: 'organisation',
      applies: { startDate: '2016-09-01', endDate: '2017-03-16' },
      notApplies: { startDate: '2015-09-01', endDate: '2016-09-01' },
    },
    {
      label: '非法宗教活动',
      severity: 'bar',
      window: 'permanent',
      department: 'political-legal',
      applies: { startDate: '2010-01-01' },
      notApplies: null,
    },
    {
      label: '聚众赌博',
      severity: 'bar',
      window: 'permanent',
      department: 'political-legal',
      applies: { startDate: '2011-01-01' },
      notApplies: null,
    },
    {
      label: '涉黑涉恶',
      severity: 'bar',
      window: 'permanent',
      department: 'political-legal',
      applies: { startDate: '2005-01-01' },
      notApplies: null,
    },
    {
      label: '涉枪涉爆',
      severity: 'bar',
      window: 'permanent',
      department: 'political-legal',
      applies: { startDate: '2008-01-01' },
      notApplies: null,
    },
    {
      label: '涉黄涉毒',
      severity: 'bar',
      window: 'permanent',
      department: 'political-legal',
      applies: { startDate: '2009-01-01' },
      notApplies: null,
    },
    {
      label: '宗族宗派势力干扰',
      severity: 'bar',
      window: 'permanent',
      department: 'political-legal',
      applies: { startDate: '2014-01-01' },
      notApplies: null,
    },
    {
      label: '违反计划生育',
      severity: 'bar',
      window: 'permanent',
      department: 'health',
      applies: { startDate: '2012-01-01', status: '未处理' },
      notApplies: { startDate: '2008-01-01', status: '已处罚到位' },
    },
    {
      label: '非法上访',
      severity: 'bar',
      window: 'permanent',
      department: 'political-legal',
      applies: { startDate: '2016-01-01' },
      notApplies: null,
    },
    {
      label: '拉票贿选或破坏选举',
      severity: 'bar',
      window: 'permanent',
      department: 'civil-affairs',
      applies: { startDate: '2017-03-01' },
      notApplies: null,
    },
    {
      label: '截留惠民资金或侵占集体财产',
      severity: 'bar',
      window: 'permanent',
      department: 'rural-economy',
      applies: { startDate: '2015-01-01' },
      notApplies: null,
    },
    {
      label: '拖欠集体租金',
      severity: 'bar',
      window: 'status≠已清偿',
      department: 'rural-economy',
      applies: { startDate: '2015-01-01', status: '未清偿' },
      notApplies: { startDate: '2015-01-01', status: '已清偿' },
    },
    {
      label: '不合格党员',
      severity: 'bar',
      window: '3y',
      department: 'organisation',
      applies: { startDate: '2015-01-10' },
      notApplies: { startDate: '2014-03-15' },
    },
    {
      label: '其他不宜情形',
      severity: 'concern',
      window: 'permanent',
      department: 'organisation',
      applies: { note: '长期不在村居住' },
      notApplies: null,
    },
  ]);
});

describe('county-2017 family-planning exception', () => {
  const fp = (status?: string) =>
    decideWith(policy, REF, dossier(), {
      health: { findings: [{ category: '违反计划生育', startDate: '2008-01-01', ...(status ? { status } : {}) }] },
    });

  it('declares 已处理 and 已处罚到位 exempt, citing the exception clause', () => {
    const category = policy.categories.find((c) => c.label === '违反计划生育');
    expect(category?.exemptStatuses).toEqual(['已处理', '已处罚到位']);
    expect(category?.exemptionCitation?.quote).toBe('曾经违反计划生育的同志,已经处罚到位');
  });

  it.each(['已处理', '已处罚到位'])('a violation with 状态 %s is not a bar; the decision warns and cites the exception', (status) => {
    const d = fp(status);
    expect(d.outcome).toBe('cleared');
    expect(d.reasons).toEqual([]);
    expect(d.warnings).toEqual([
      expect.objectContaining({
        rule: 'exempt',
        citation: { file: '001_450a4215c6f8d83b.txt', quote: '曾经违反计划生育的同志,已经处罚到位' },
      }),
    ]);
  });

  it.each([['处理中'], ['未处理'], [undefined]])('a violation with 状态 %s is still a bar', (status) => {
    expect(fp(status).outcome).toBe('disqualified');
  });
});

describe('county-2017 age and education', () => {
  it.each([
    ['1959-03-16', 57, []],
    ['1959-03-15', 58, ['new-nominee-over-57']],
  ] as const)('a new nominee born %s (%i) gets warnings %j and stays cleared', (birthDate, _age, rules) => {
    const d = decideWith(policy, REF, dossier({ birthDate, incumbent: false }));
    expect(d.outcome).toBe('cleared');
    expect(d.warnings.map((w) => w.rule)).toEqual(rules);
  });

  it('a new nominee below 高中/中专 gets a warning and stays cleared', () => {
    const d = decideWith(policy, REF, dossier({ education: '初中', incumbent: false }));
    expect(d.outcome).toBe('cleared');
    expect(d.warnings.map((w) => w.rule)).toEqual(['new-nominee-education']);
  });

  it.each([
    ['1956-03-16', 60, 'cleared'],
    ['1956-03-15', 61, 'referred'],
  ] as const)('re-nominating a Party secretary born %s (%i) is %s', (birthDate, _age, outcome) => {
    const d = decideWith(policy, REF, dossier({ birthDate, incumbent: true, post: '党组织书记' }));
    expect(d.outcome).toBe(outcome);
  });

  it('the secretary age rule does not touch other incumbents', () => {
    const d = decideWith(policy, REF, dossier({ birthDate: '1950-01-01', incumbent: true, post: '村(居)委会主任' }));
    expect(d.outcome).toBe('cleared');
  });
});
