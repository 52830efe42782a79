import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { RELATIONS } from '../../../shared/domain/model.js';
import { builtInPolicy } from '../../../shared/adapters/files/policy-files.js';
import { categoryTable, decideWith, dossier, seedsDir } from './helpers.js';

const policy = builtInPolicy('xiannvshan-2021');
// District joint review of the residents' committee nominees: by 2021-05-12.
const REF = '2021-05-12';

describe('xiannvshan-2021 departments (a documented choice: the seed names none)', () => {
  it('says so in the policy notes', () => {
    expect(policy.notes.join('\n')).toContain('the seed names no district departments');
  });

  it('include the two district units the plan itself names', () => {
    const seed = readFileSync(path.join(seedsDir, '000_1e5c647f9380c8b0.txt'), 'utf8');
    for (const name of ['区委组织部', '区民政局']) {
      expect(seed).toContain(name);
      expect(policy.departments.map((d) => d.name)).toContain(name);
    }
  });

  it('answer within 3 days, the gap between the township review (05-11) and results due (05-14)', () => {
    expect(new Set(policy.departments.map((d) => d.slaDays))).toEqual(new Set([3]));
  });
});

describe('xiannvshan-2021 bottom lines and the 坚决不选 list: all bars', () => {
  it('二(一) 坚决不选…的人 with 三(四)1(1)⑤ 联审发现不符合条件人员,取消其资格: a reported 不选 item disqualifies', () => {
    const d = decideWith(policy, '2021-02-20', dossier(), { organisation: { findings: [{ category: '党性不强、作风不实' }] } });
    expect(d.outcome).toBe('disqualified');
    expect(d.reasons[0]?.citation).toMatchObject({ document: '《仙女山街道村(社区)“两委”换届工作方案》', clause: '二(一)严格人选标准' });
  });

  categoryTable(policy, REF, [
    { label: '政治上的两面人', severity: 'bar', window: 'permanent', department: 'organisation', applies: {}, notApplies: null },
    {
      label: '刑事处罚',
      severity: 'bar',
      window: 'permanent',
      department: 'court',
      applies: { startDate: '1998-01-01', endDate: '2000-01-01' },
      notApplies: null,
    },
    {
      label: '村霸',
      severity: 'bar',
      window: 'permanent',
      department: 'political-legal',
      applies: { startDate: '2019-01-01' },
      notApplies: null,
    },
    {
      label: '涉黑涉恶',
      severity: 'bar',
      window: 'permanent',
      department: 'public-security',
      applies: { startDate: '2018-06-01' },
      notApplies: null,
    },
    {
      label: '非法宗教',
      severity: 'bar',
      window: 'permanent',
      department: 'united-front',
      applies: { startDate: '2017-01-01' },
      notApplies: null,
    },
    {
      label: '涉邪教',
      severity: 'bar',
      window: 'permanent',
      department: 'public-security',
      applies: { startDate: '2002-01-01' },
      notApplies: null,
    },
    { label: '党性不强、作风不实', severity: 'bar', window: 'permanent', department: 'organisation', applies: {}, notApplies: null },
    { label: '不讲正气、不敢担当', severity: 'bar', window: 'permanent', department: 'organisation', applies: {}, notApplies: null },
    { label: '办事不公、优亲厚友', severity: 'bar', window: 'permanent', department: 'discipline', applies: {}, notApplies: null },
    {
      label: '侵占集体利益、吃拿卡要',
      severity: 'bar',
      window: 'permanent',
      department: 'agriculture',
      applies: { startDate: '2020-12-01' },
      notApplies: null,
    },
    { label: '大操大办、变相敛财', severity: 'bar', window: 'permanent', department: 'discipline', applies: {}, notApplies: null },
    { label: '不履行职责、无所作为', severity: 'bar', window: 'permanent', department: 'organisation', applies: {}, notApplies: null },
    {
      label: '拉票贿选、造谣诬告',
      severity: 'bar',
      window: 'permanent',
      department: 'civil-affairs',
      applies: { startDate: '2021-05-01' },
      notApplies: null,
    },
    {
      label: '扰乱社会秩序、违法犯罪',
      severity: 'bar',
      window: 'permanent',
      department: 'petitions',
      applies: { startDate: '2020-03-01' },
      notApplies: null,
    },
    { label: '参与家族宗族势力', severity: 'bar', window: 'permanent', department: 'political-legal', applies: {}, notApplies: null },
  ]);
});

describe('xiannvshan-2021 rules on the dossier, avoidance and structure', () => {
  it('warns a new member below 高中/中专, and never refers anyone for age', () => {
    const d = decideWith(policy, REF, dossier({ education: '初中', incumbent: false, birthDate: '1950-01-01' }));
    expect(d.outcome).toBe('cleared');
    expect(d.warnings.map((w) => w.rule)).toEqual(['new-member-education']);
  });

  it('二(二) 近亲属…不得同时在同一个村(社区)“两委”任职: the eight relations the seed lists, across both committees', () => {
    expect(policy.avoidance).toEqual([
      expect.objectContaining({
        relations: [...RELATIONS],
        between: [
          ['party', 'committee'],
          ['party', 'committee'],
        ],
        givesWay: 'either',
      }),
    ]);
  });

  it('targets at least 1 member 35 or under, 1 woman, 高中 for the majority, and 一肩挑', () => {
    expect(policy.structure).toMatchObject({ minUnder35: 1, minWomen: 1, minEducation: '高中', oneShoulder: true });
  });
});
