import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { builtInPolicy } from '../../../shared/adapters/files/policy-files.js';
import { categoryTable, decideWith, dossier, seedsDir } from './helpers.js';

const policy = builtInPolicy('dinghai-2017');
// 党组织换届选举日 2017-04-06; the joint review runs just before it.
const REF = '2017-04-01';

describe('dinghai-2017 departments', () => {
  it('are the 28 units of the joint review, exactly as the seed lists them and in that order', () => {
    const seed = readFileSync(path.join(seedsDir, '001_450a4215c6f8d83b.txt'), 'utf8');
    const start = seed.indexOf('报定海区村级组织换届工作领导小组办公室,经') + '报定海区村级组织换届工作领导小组办公室,经'.length;
    const end = seed.indexOf('等28家单位联审后');
    expect(start).toBeGreaterThan(30);
    expect(end).toBeGreaterThan(start);
    const listed = seed.slice(start, end).split('、');
    expect(listed).toHaveLength(28);
    expect(policy.departments.map((d) => d.name)).toEqual(listed);
  });

  it('answer from extracts where records decide and in the portal where judgment does', () => {
    const mode = (code: string) => policy.departments.find((d) => d.code === code)?.mode;
    for (const code of ['public-security', 'court', 'procuratorate', 'market-supervision', 'local-tax', 'state-tax', 'natural-resources']) {
      expect(mode(code), code).toBe('auto');
    }
    for (const code of ['discipline', 'petitions', 'organisation']) expect(mode(code), code).toBe('manual');
  });

  it('ask every candidate, Party member or not', () => {
    expect(policy.departments.every((d) => d.appliesTo === 'all')).toBe(true);
  });
});

describe('dinghai-2017 五不能 and 六不宜 categories', () => {
  categoryTable(policy, REF, [
    // 五不能
    {
      label: '刑事处罚',
      severity: 'bar',
      window: '5y@end+ongoing',
      department: 'court',
      applies: { startDate: '2010-03-01', endDate: '2013-06-30' },
      notApplies: { startDate: '2008-01-01', endDate: '2012-03-31' },
    },
    {
      label: '涉黑涉恶',
      severity: 'bar',
      window: '5y@end+ongoing',
      department: 'political-legal',
      applies: { startDate: '2013-05-01' },
      notApplies: { startDate: '2011-01-01', endDate: '2012-02-01' },
    },
    {
      label: '邪教组织',
      severity: 'bar',
      window: 'permanent',
      department: 'united-front',
      applies: { startDate: '1999-07-01' },
      notApplies: null,
    },
    {
      label: '党纪处分',
      severity: 'bar',
      window: 'untilEnd',
      department: 'discipline',
      applies: { startDate: '2015-01-01', endDate: '2017-12-31' },
      notApplies: { startDate: '2014-01-01', endDate: '2016-12-31' },
    },
    {
      label: '立案调查',
      severity: 'bar',
      window: 'status=在查+noEnd',
      department: 'discipline',
      applies: { startDate: '2017-01-05', status: '在查' },
      notApplies: { startDate: '2016-01-01', endDate: '2016-08-01', status: '已结案' },
    },
    {
      label: '拉票贿选',
      severity: 'bar',
      window: '5y@end+ongoing',
      department: 'discipline',
      applies: { startDate: '2014-04-06' },
      notApplies: { startDate: '2011-01-06', endDate: '2012-03-31' },
    },
    {
      label: '丧失行为能力',
      severity: 'bar',
      window: 'permanent',
      department: 'court',
      applies: { startDate: '2016-02-01' },
      notApplies: null,
    },
    // 六不宜
    {
      label: '违法用地',
      severity: 'concern',
      window: 'status=未整改',
      department: 'natural-resources',
      applies: { startDate: '2016-05-01', status: '未整改' },
      notApplies: { startDate: '2016-05-01', status: '已整改' },
    },
    {
      label: '违章建房',
      severity: 'concern',
      window: 'status=未整改',
      department: 'housing-construction',
      applies: { startDate: '2015-07-01', status: '未整改' },
      notApplies: { startDate: '2015-07-01', status: '已整改' },
    },
    {
      label: '破坏生态环境',
      severity: 'concern',
      window: '5y@end+ongoing',
      department: 'environment',
      applies: { startDate: '2014-08-01' },
      notApplies: { startDate: '2011-08-01', endDate: '2011-09-01' },
    },
    {
      label: '违反计划生育',
      severity: 'concern',
      window: '5y@end+ongoing',
      department: 'health',
      applies: { startDate: '2012-05-01', endDate: '2013-01-01' },
      notApplies: { startDate: '2010-01-01', endDate: '2011-12-31' },
    },
    {
      label: '扰乱公共秩序',
      severity: 'concern',
      window: '5y@start',
      department: 'public-security',
      applies: { startDate: '2016-09-09' },
      notApplies: { startDate: '2012-03-31' },
    },
    {
      label: '失信被执行人',
      severity: 'concern',
      window: 'status≠已撤销',
      department: 'court',
      applies: { startDate: '2016-01-01', status: '有效' },
      notApplies: { startDate: '2016-01-01', status: '已撤销' },
    },
    {
      label: '不履职',
      severity: 'concern',
      window: 'permanent',
      department: 'organisation',
      applies: { startDate: '2016-12-01' },
      notApplies: null,
    },
    {
      label: '不合格党员',
      severity: 'concern',
      window: '3y@start',
      department: 'organisation',
      applies: { startDate: '2015-01-20' },
      notApplies: { startDate: '2014-01-20' },
    },
    {
      label: '品行低劣',
      severity: 'concern',
      window: 'permanent',
      department: 'organisation',
      applies: { startDate: '2016-06-01' },
      notApplies: null,
    },
  ]);

  it('a 刑事处罚 without 终止日期 (still serving) counts however old the sentence', () => {
    const d = decideWith(policy, REF, dossier(), { court: { findings: [{ category: '刑事处罚', startDate: '1995-01-01' }] } });
    expect(d.outcome).toBe('disqualified');
    expect(d.reasons[0]?.eligibleFrom).toBeNull();
  });

  it('a 立案调查 without 终止日期 counts whatever its 状态', () => {
    const d = decideWith(policy, REF, dossier(), {
      procuratorate: { findings: [{ category: '立案调查', startDate: '2016-01-01', status: '移送' }] },
    });
    expect(d.outcome).toBe('disqualified');
  });
});

describe('dinghai-2017 windows on the legal calendar', () => {
  it('“五不能”第一项 刑满释放未满5年: still a bar on the fifth anniversary of the release, not the day after', () => {
    const finding = { category: '刑事处罚', startDate: '2010-06-01', endDate: '2012-04-01' };
    const onAnniversary = decideWith(policy, '2017-04-01', dossier(), { court: { findings: [finding] } });
    expect(onAnniversary.outcome).toBe('disqualified');
    expect(onAnniversary.reasons[0]?.eligibleFrom).toBe('2017-04-02');
    expect(decideWith(policy, '2017-03-31', dossier(), { court: { findings: [finding] } }).outcome).toBe('disqualified');
    expect(decideWith(policy, '2017-04-02', dossier(), { court: { findings: [finding] } }).outcome).toBe('cleared');
  });

  it('“五不能”第二项 涉黑涉恶受处理未满5年 counts from the day it was dealt with (终止日期); still open without one', () => {
    const dealt = { category: '涉黑涉恶', startDate: '2011-06-01', endDate: '2012-04-01' };
    expect(decideWith(policy, '2017-04-01', dossier(), { 'political-legal': { findings: [dealt] } }).outcome).toBe('disqualified');
    expect(decideWith(policy, '2017-04-02', dossier(), { 'political-legal': { findings: [dealt] } }).outcome).toBe('cleared');
    const open = { category: '涉黑涉恶', startDate: '2005-01-01' };
    expect(decideWith(policy, REF, dossier(), { 'political-legal': { findings: [open] } }).outcome).toBe('disqualified');
  });

  it('“六不宜”第五项 近3年内曾被评为不合格党员: through the third anniversary of the assessment', () => {
    const f = { category: '不合格党员', startDate: '2014-04-01' };
    expect(decideWith(policy, '2017-04-01', dossier(), { organisation: { findings: [f] } }).outcome).toBe('referred');
    expect(decideWith(policy, '2017-04-02', dossier(), { organisation: { findings: [f] } }).outcome).toBe('cleared');
  });

  it('“六不宜”第二项 近5年内扰乱公共秩序 without a 起始日期 cannot be computed: referred with a note, never cleared', () => {
    const d = decideWith(policy, REF, dossier(), { 'public-security': { findings: [{ category: '扰乱公共秩序' }] } });
    expect(d.outcome).toBe('referred');
    expect(d.reasons[0]?.note).toContain('未填起始日期');
  });
});

describe('dinghai-2017 reasons people can read', () => {
  it('cite the document by its title and the clause by its place, keeping the file only for the quote check', () => {
    const d = decideWith(policy, REF, dossier(), { court: { findings: [{ category: '刑事处罚', endDate: '2015-01-01' }] } });
    expect(d.reasons[0]?.citation).toEqual({
      document: '《昌国街道2017年村和社区组织换届选举工作方案》',
      clause: '“五不能”第一项',
      quote: '对被判处刑罚或者刑满释放(或缓刑期满)未满5年的',
      file: '001_450a4215c6f8d83b.txt',
    });
  });
});

describe('dinghai-2017 age and education', () => {
  const incumbent = (sex: '男' | '女', birthDate: string) => dossier({ sex, birthDate, incumbent: true });

  it.each([
    ['男', '1960-04-01', 56, 'cleared'], // the 57th birthday itself: not yet 满57周岁
    ['男', '1960-03-31', 57, 'referred'],
    ['女', '1965-04-01', 51, 'cleared'],
    ['女', '1965-03-31', 52, 'referred'],
  ] as const)(
    '二(二) 农村社区男57周岁以上、女52周岁以上: an incumbent %s born %s (%i周岁 at the reference date) is %s',
    (sex, birthDate, _age, outcome) => {
      const d = decideWith(policy, REF, incumbent(sex, birthDate), {}, { unitKind: '农村社区' });
      expect(d.outcome).toBe(outcome);
      if (outcome === 'referred') {
        expect(d.reasons).toEqual([
          expect.objectContaining({ severity: 'concern', department: 'policy', documentNumber: null, eligibleFrom: null }),
        ]);
        expect(d.reasons[0]?.citation.quote).toContain('一般不宜留任');
        expect(d.reasons[0]?.note).not.toContain('未登记');
      }
    },
  );

  it('二(二) 农村社区…一般不宜留任 applies only to 农村社区: an old incumbent of a 村 or 社区 is not referred for age', () => {
    for (const unitKind of ['村', '社区'] as const) {
      expect(decideWith(policy, REF, incumbent('男', '1950-01-01'), {}, { unitKind }).outcome).toBe('cleared');
    }
  });

  it("二(二) 农村社区…一般不宜留任: while the village list does not say the unit's kind, still referred, and the reason says so", () => {
    const d = decideWith(policy, REF, incumbent('男', '1950-01-01'));
    expect(d.outcome).toBe('referred');
    expect(d.reasons[0]?.note).toContain('未登记该村(社区)是否为农村社区');
  });

  it('a new member aged 60 is not referred for age (the 57/52 rule is about keeping incumbents)', () => {
    const d = decideWith(policy, REF, dossier({ sex: '男', birthDate: '1957-01-01', incumbent: false }));
    expect(d.outcome).toBe('cleared');
    expect(d.warnings.map((w) => w.rule)).toEqual(['new-member-over-45']);
  });

  it.each([
    ['1971-04-01', 45, []], // the 46th birthday: still 45周岁, and 45周岁以下 includes 45
    ['1971-03-31', 46, ['new-member-over-45']],
  ] as const)(
    '二(二) 新任职成员一般要求45周岁以下: a new member born %s (%i周岁) gets warnings %j and stays cleared',
    (birthDate, _age, rules) => {
      const d = decideWith(policy, REF, dossier({ birthDate, incumbent: false }));
      expect(d.outcome).toBe('cleared');
      expect(d.warnings.map((w) => w.rule)).toEqual(rules);
    },
  );

  it.each([
    ['初中', ['new-member-education']],
    ['小学', ['new-member-education']],
    ['中专', []],
    ['高中', []],
    ['大专', []],
  ] as const)('a new member with %s gets warnings %j and stays cleared', (education, rules) => {
    const d = decideWith(policy, REF, dossier({ education, incumbent: false }));
    expect(d.outcome).toBe('cleared');
    expect(d.warnings.map((w) => w.rule)).toEqual(rules);
  });

  it('an incumbent with 初中 gets no education warning (the clause is about new members)', () => {
    const d = decideWith(policy, REF, dossier({ education: '初中', incumbent: true }));
    expect(d.warnings).toEqual([]);
  });

  it('the warning message states the age at the reference date', () => {
    const d = decideWith(policy, REF, dossier({ birthDate: '1960-01-01', incumbent: false }));
    expect(d.warnings[0]?.message).toContain('按参考日2017年4月1日计57周岁');
  });
});

describe('dinghai-2017 avoidance and structure', () => {
  it('四(三) sets avoidance between 村民委员会 members only (夫妻、父母子女、兄弟姐妹), the lower-ranked giving way', () => {
    expect(policy.avoidance.find((r) => r.id === 'committee-members')).toMatchObject({
      relations: ['配偶', '父母', '子女', '兄弟姐妹'],
      between: [['committee'], ['committee']],
      givesWay: 'lowerRank',
    });
  });

  it('四(五)1(3) keeps every near relative of a 两委 candidate off the supervisory committee', () => {
    expect(policy.avoidance.find((r) => r.id === 'supervision-committee')).toMatchObject({
      relations: ['配偶', '父母', '子女', '兄弟姐妹', '祖父母', '外祖父母', '孙子女', '外孙子女'],
      between: [['party', 'committee'], ['supervision']],
      givesWay: 'second',
    });
  });

  it('wants a woman and someone 35 or under on the team', () => {
    expect(policy.structure).toMatchObject({ minWomen: 1, minUnder35: 1 });
  });
});
