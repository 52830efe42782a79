import { describe, expect, it } from 'vitest';
import { builtInPolicy } from '../../../shared/adapters/files/policy-files.js';
import { categoryTable, decideWith, dossier } from './helpers.js';

const policy = builtInPolicy('county-2017');
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
      notApplies: { startDate: '2015-01-01', endDate: '2017-03-14' }, // 终止日期 is the last day in force
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
      notApplies: null, // 已处罚到位 is referred, see the exception below
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
      window: '3y@start',
      department: 'organisation',
      applies: { startDate: '2015-01-10' },
      notApplies: { startDate: '2014-03-14' },
    },
    {
      label: '其他不宜情形',
      severity: 'bar',
      window: 'permanent',
      department: 'organisation',
      applies: { note: '长期不在村居住' },
      notApplies: null,
    },
  ]);
});

describe('county-2017 ④ family planning and its exception', () => {
  const fp = (status?: string) =>
    decideWith(policy, REF, dossier(), {
      health: { findings: [{ category: '违反计划生育', startDate: '2008-01-01', ...(status ? { status } : {}) }] },
    });

  it.each(['已处理', '已处罚到位'])(
    '④ 曾经违反计划生育的同志,已经处罚到位…: a violation with 状态 %s is referred (the other conditions are judgments), citing the exception',
    (status) => {
      const d = fp(status);
      expect(d.outcome).toBe('referred');
      expect(d.reasons).toEqual([
        expect.objectContaining({
          category: '违反计划生育',
          severity: 'concern',
          citation: expect.objectContaining({ quote: expect.stringContaining('已经处罚到位,其综合素质高、工作能力强、群众口碑好') }),
        }),
      ]);
      expect(d.reasons[0]?.note).toContain(`记录状态为“${status}”`);
      expect(d.reasons[0]?.note).toContain('由组织部门研判');
    },
  );

  it.each([['处理中'], ['未处理'], [undefined]])('④ 违反计划生育政策…不能列为提名人选: a violation with 状态 %s is a bar', (status) => {
    const d = fp(status);
    expect(d.outcome).toBe('disqualified');
    expect(d.reasons[0]?.citation.clause).toBe('二(二)第④项');
  });
});

describe('county-2017 ⑨ 有其他不宜担任…的情形', () => {
  it('⑨ stands under "有下列情形之一的,不能确定为…候选人": a reported case is a bar', () => {
    const d = decideWith(policy, REF, dossier(), { organisation: { findings: [{ category: '其他不宜情形', note: '长期不在村居住' }] } });
    expect(d.outcome).toBe('disqualified');
  });
});

describe('county-2017 age and education: birth-date cut-offs win over ages', () => {
  it.each([
    ['1960-01-01', []],
    ['1959-12-31', ['new-nominee-born-before-1960']],
  ] as const)(
    '二(四) 新提名人选提倡年龄一般在57周岁以下(1960年1月1日后出生): a new nominee born %s gets warnings %j and stays cleared',
    (birthDate, rules) => {
      const d = decideWith(policy, REF, dossier({ birthDate, incumbent: false }));
      expect(d.outcome).toBe('cleared');
      expect(d.warnings.map((w) => w.rule)).toEqual(rules);
    },
  );

  it('a new nominee below 高中/中专 gets a warning and stays cleared', () => {
    const d = decideWith(policy, REF, dossier({ education: '初中', incumbent: false }));
    expect(d.outcome).toBe('cleared');
    expect(d.warnings.map((w) => w.rule)).toEqual(['new-nominee-education']);
  });

  it('二(四) 新提名社区“两委”成员人选…一般应具有大专以上文化: warns in a 社区, not in a 村, and needs the unit kind', () => {
    const row = dossier({ education: '高中', incumbent: false });
    expect(decideWith(policy, REF, row, {}, { unitKind: '社区' }).warnings.map((w) => w.rule)).toEqual(['new-community-nominee-education']);
    expect(decideWith(policy, REF, row, {}, { unitKind: '村' }).warnings).toEqual([]);
    expect(decideWith(policy, REF, row).warnings).toEqual([]);
  });

  it.each([
    ['1957-01-01', 'cleared'],
    ['1956-12-31', 'referred'],
    ['1956-04-11', 'referred'], // 60周岁 at the reference date: the age alone would let this one through
  ] as const)(
    '二(四) 继续提名党组织书记人选年龄一般不超过60周岁(1957年1月1日后出生): an incumbent secretary born %s is %s',
    (birthDate, outcome) => {
      const d = decideWith(policy, REF, dossier({ birthDate, incumbent: true, post: '党组织书记' }));
      expect(d.outcome).toBe(outcome);
      if (outcome === 'referred') expect(d.reasons[0]?.note).toContain('早于1957年1月1日');
    },
  );

  it('the secretary age rule does not touch other incumbents', () => {
    const d = decideWith(policy, REF, dossier({ birthDate: '1950-01-01', incumbent: true, post: '村(居)委会主任' }));
    expect(d.outcome).toBe('cleared');
  });
});

describe('county-2017 near-relative avoidance', () => {
  it('三(三)2③ 村(居)民委员会成员及其近亲属…不得兼任村务监督委员会成员 is the only avoidance the plan sets', () => {
    expect(policy.avoidance).toEqual([
      expect.objectContaining({
        between: [['committee'], ['supervision']],
        givesWay: 'second',
        relations: expect.arrayContaining(['配偶', '外孙子女']),
      }),
    ]);
  });
});
