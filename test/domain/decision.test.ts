import { describe, expect, it } from 'vitest';
import { canRule, concernKeys, decide, finalStatus } from '../../shared/domain/decision.js';
import type { Policy, Ruling, Verdict } from '../../shared/domain/model.js';
import { builtInPolicy } from '../../shared/adapters/files/policy-files.js';
import { decideWith, dossier, verdictsFor } from './policies/helpers.js';

const policy = builtInPolicy('dinghai-2017');
const REF = '2017-04-01';

const bar = { category: '涉黑涉恶', startDate: '2014-06-01', endDate: '2015-01-01', documentNumber: '定公〔2015〕12号' };
const concern = { category: '品行低劣', startDate: '2016-01-01' };

describe('decide: the order of outcomes', () => {
  it('a bar beats a concern and an unanswered department → disqualified', () => {
    const d = decideWith(policy, REF, dossier(), {
      'political-legal': { findings: [bar] },
      organisation: { findings: [concern] },
      petitions: { status: 'overdue' },
    });
    expect(d.outcome).toBe('disqualified');
    expect(d.reasons.map((r) => r.severity)).toEqual(['bar', 'concern']);
    expect(d.unanswered).toEqual([{ department: 'petitions', status: 'overdue' }]);
  });

  it('an unanswered department beats a concern → incomplete, with the concern found so far listed (a silent department may yet hold a bar)', () => {
    const d = decideWith(policy, REF, dossier(), { organisation: { findings: [concern] }, court: { status: 'pending' } });
    expect(d.outcome).toBe('incomplete');
    expect(d.reasons).toEqual([expect.objectContaining({ category: '品行低劣', severity: 'concern' })]);
    expect(d.unanswered).toEqual([{ department: 'court', status: 'pending' }]);
  });

  it('one bar suffices even while departments are silent → disqualified', () => {
    const d = decideWith(policy, REF, dossier(), {
      'political-legal': { findings: [bar] },
      court: { status: 'overdue' },
      health: { status: 'pending' },
    });
    expect(d.outcome).toBe('disqualified');
  });

  it('every department answered and a concern → referred', () => {
    expect(decideWith(policy, REF, dossier(), { organisation: { findings: [concern] } }).outcome).toBe('referred');
  });

  it.each(['pending', 'overdue', 'declined'] as const)('a department still %s → incomplete', (status) => {
    const d = decideWith(policy, REF, dossier(), { court: { status } });
    expect(d.outcome).toBe('incomplete');
    expect(d.unanswered).toEqual([{ department: 'court', status }]);
  });

  it('every department clear → cleared', () => {
    const d = decideWith(policy, REF, dossier());
    expect(d).toMatchObject({
      outcome: 'cleared',
      reasons: [],
      warnings: [],
      unanswered: [],
      policy: { id: 'dinghai-2017', version: policy.version },
    });
  });

  it('a routed department with no verdict at all counts as pending → incomplete', () => {
    const row = dossier();
    const { routed, verdicts } = verdictsFor(policy, row);
    const d = decide({
      policy,
      referenceDate: REF,
      dossier: row,
      verdicts: verdicts.filter((v) => v.department !== 'health'),
      routed,
      decidedAt: '2017-04-01T08:00:00Z',
      campaignId: 'c1',
      candidateId: 'k1',
    });
    expect(d.outcome).toBe('incomplete');
    expect(d.unanswered).toEqual([{ department: 'health', status: 'pending' }]);
  });

  it('a later answer supersedes an earlier overdue verdict of the same department', () => {
    const row = dossier();
    const { routed, verdicts } = verdictsFor(policy, row);
    const overdue: Verdict = { campaignId: 'c1', candidateId: 'k1', department: 'court', status: 'overdue', findings: [] };
    const d = decide({
      policy,
      referenceDate: REF,
      dossier: row,
      verdicts: [overdue, ...verdicts],
      routed,
      decidedAt: 'x',
      campaignId: 'c1',
      candidateId: 'k1',
    });
    expect(d.outcome).toBe('cleared');
  });
});

describe('decide: reasons and warnings', () => {
  it('a reason carries category, severity, department code, 文号, eligibleFrom and citation', () => {
    const d = decideWith(policy, REF, dossier(), { 'political-legal': { findings: [bar] } });
    expect(d.reasons).toEqual([
      {
        category: '涉黑涉恶',
        severity: 'bar',
        department: 'political-legal',
        documentNumber: '定公〔2015〕12号',
        eligibleFrom: '2020-01-02',
        citation: {
          document: '《昌国街道2017年村和社区组织换届选举工作方案》',
          clause: '“五不能”第二项',
          quote: '涉黑涉恶受处理未满5年以及加入邪教组织的',
          file: '001_450a4215c6f8d83b.txt',
        },
      },
    ]);
  });

  it('a finding without 文号 has documentNumber null', () => {
    const d = decideWith(policy, REF, dossier(), { organisation: { findings: [concern] } });
    expect(d.reasons[0]?.documentNumber).toBeNull();
  });

  it('a category the policy does not know is a concern for a human, never silently cleared', () => {
    const d = decideWith(policy, REF, dossier(), { court: { findings: [{ category: '醉驾', startDate: '2016-01-01' }] } });
    expect(d.outcome).toBe('referred');
    expect(d.reasons).toEqual([
      expect.objectContaining({ category: '醉驾', severity: 'concern', department: 'court', citation: policy.source }),
    ]);
    expect(d.warnings).toEqual([expect.objectContaining({ rule: 'unknown-category' })]);
  });

  it('an expired finding gives no reason but a warning saying since when it no longer counts', () => {
    const d = decideWith(policy, REF, dossier(), {
      'political-legal': { findings: [{ category: '涉黑涉恶', startDate: '2009-06-01', endDate: '2010-01-01' }] },
    });
    expect(d.outcome).toBe('cleared');
    expect(d.reasons).toEqual([]);
    expect(d.warnings).toEqual([expect.objectContaining({ rule: 'expired' })]);
    expect(d.warnings[0]?.message).toContain('在参考日2017年4月1日已不适用,自2015年1月2日起不再适用');
  });

  it('warnings never change the outcome', () => {
    const d = decideWith(policy, REF, dossier({ birthDate: '1960-01-01', education: '初中', incumbent: false }));
    expect(d.warnings).toHaveLength(2);
    expect(d.outcome).toBe('cleared');
  });

  it('a person-rule concern and a department bar together → disqualified, bar listed first', () => {
    const d = decideWith(policy, REF, dossier({ birthDate: '1950-01-01', incumbent: true }), { 'political-legal': { findings: [bar] } });
    expect(d.outcome).toBe('disqualified');
    expect(d.reasons.map((r) => [r.severity, r.department])).toEqual([
      ['bar', 'political-legal'],
      ['concern', 'policy'],
    ]);
  });

  it('the same record reported twice by one department is one reason', () => {
    const d = decideWith(policy, REF, dossier(), { 'political-legal': { findings: [bar, { ...bar }] } });
    expect(d.reasons).toHaveLength(1);
  });

  it('accepts a verdict naming the department by its Chinese name, and reports its code', () => {
    const row = dossier();
    const { routed, verdicts } = verdictsFor(policy, row);
    const named = verdicts.map((v) =>
      v.department === 'public-security' ? { ...v, department: '区公安分局', status: 'findings' as const, findings: [bar] } : v,
    );
    const d = decide({
      policy,
      referenceDate: REF,
      dossier: row,
      verdicts: named,
      routed,
      decidedAt: 'x',
      campaignId: 'c1',
      candidateId: 'k1',
    });
    expect(d.outcome).toBe('disqualified');
    expect(d.reasons[0]?.department).toBe('public-security');
    expect(d.unanswered).toEqual([]);
  });

  it('counts findings from a department the candidate was not routed to: a reported record is never ignored', () => {
    const base = builtInPolicy('duting-2015');
    const limited: Policy = {
      ...base,
      departments: base.departments.map((d) => (d.code === 'discipline' ? { ...d, appliesTo: 'partyMembers' as const } : d)),
    };
    const row = dossier({ political: '群众' });
    const { routed, verdicts } = verdictsFor(limited, row);
    expect(routed).not.toContain('discipline');
    const extra: Verdict = {
      campaignId: 'c1',
      candidateId: 'k1',
      department: 'discipline',
      status: 'findings',
      findings: [{ category: '贿选', startDate: '2015-10-01' }],
    };
    const d = decide({
      policy: limited,
      referenceDate: '2015-10-20',
      dossier: row,
      verdicts: [...verdicts, extra],
      routed,
      decidedAt: 'x',
      campaignId: 'c1',
      candidateId: 'k1',
    });
    expect(d.outcome).toBe('disqualified');
  });

  it('a notice category is shown as a warning and decides nothing', () => {
    const withNotice: Policy = {
      ...policy,
      categories: policy.categories.map((c) => (c.label === '品行低劣' ? { ...c, severity: 'notice' as const } : c)),
    };
    const d = decideWith(withNotice, REF, dossier(), { organisation: { findings: [concern] } });
    expect(d.outcome).toBe('cleared');
    expect(d.warnings).toEqual([expect.objectContaining({ rule: 'notice' })]);
  });

  it('records who, when and under which policy version', () => {
    const d = decideWith(policy, REF, dossier());
    expect(d).toMatchObject({ campaignId: 'c1', candidateId: 'k1', referenceDate: REF, decidedAt: `${REF}T00:00:00Z` });
  });
});

describe('finalStatus: a ruling decides the referred items only', () => {
  const referred = decideWith(policy, REF, dossier(), { organisation: { findings: [concern] } });
  const ruling = (outcome: Ruling['outcome'], over: Partial<Ruling> = {}): Ruling => ({
    campaignId: 'c1',
    candidateId: 'k1',
    outcome,
    justification: '经党工委集体研究,同意继续提名',
    ruledBy: 'orgdept-1',
    ruledAt: '2017-04-02T09:00:00Z',
    covers: concernKeys(referred),
    ...over,
  });

  it('without a ruling the decision stands', () => {
    expect(finalStatus(referred)).toBe('referred');
    expect(finalStatus(decideWith(policy, REF, dossier()))).toBe('cleared');
  });

  it('uphold clears a referred candidate; disqualify removes them', () => {
    expect(finalStatus(referred, ruling('uphold'))).toBe('cleared');
    expect(finalStatus(referred, ruling('disqualify'))).toBe('disqualified');
  });

  it('a ruling never clears silence: 16 departments silent and 维持提名 → still 未完成, the ruling kept', () => {
    const silent = Object.fromEntries(policy.departments.slice(0, 16).map((d) => [d.code, { status: 'overdue' as const }]));
    const incomplete = decideWith(policy, REF, dossier(), { ...silent, organisation: { findings: [concern] } });
    expect(incomplete.outcome).toBe('incomplete');
    expect(canRule(incomplete)).toBe(true);
    const early = ruling('uphold', { covers: concernKeys(incomplete) });
    expect(finalStatus(incomplete, early)).toBe('incomplete');
    // Once every answer is in and nothing new turned up, the kept ruling applies.
    expect(finalStatus(referred, early)).toBe('cleared');
  });

  it('a bar found after a ruling wins over the ruling', () => {
    const barred = decideWith(policy, REF, dossier(), { organisation: { findings: [concern] }, 'political-legal': { findings: [bar] } });
    expect(finalStatus(barred, ruling('uphold'))).toBe('disqualified');
    expect(canRule(barred)).toBe(false);
  });

  it('a concern reported after the ruling needs a ruling of its own: referred again', () => {
    const more = decideWith(policy, REF, dossier(), {
      organisation: { findings: [concern] },
      'housing-construction': { findings: [{ category: '违章建房', status: '未整改', documentNumber: '定建〔2017〕1号' }] },
    });
    expect(finalStatus(more, ruling('uphold'))).toBe('referred');
    expect(finalStatus(more, ruling('uphold', { covers: concernKeys(more) }))).toBe('cleared');
  });

  it('a ruling stored before rulings named what they covered decides every concern', () => {
    const { covers: _covers, ...legacy } = ruling('uphold');
    expect(finalStatus(referred, legacy)).toBe('cleared');
  });

  it('a decision that has become cleared stays cleared', () => {
    expect(finalStatus(decideWith(policy, REF, dossier()), ruling('disqualify'))).toBe('cleared');
  });

  it('a ruling for another candidate is an error', () => {
    expect(() => finalStatus(referred, ruling('uphold', { candidateId: 'k2' }))).toThrow(/different candidate/);
  });
});
