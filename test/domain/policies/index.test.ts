import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Policy, type Citation } from '../../../shared/domain/model.js';
import { POLICY_IDS, checkPolicy, getPolicy, listPolicies } from '../../../shared/domain/policies/index.js';
import { seedsDir } from './helpers.js';

function citationsOf(policy: Policy): Array<{ where: string; citation: Citation }> {
  const out: Array<{ where: string; citation: Citation }> = [{ where: 'source', citation: policy.source }];
  for (const c of policy.categories) {
    out.push({ where: `category ${c.label}`, citation: c.citation });
    if (c.exemptionCitation) out.push({ where: `exemption of ${c.label}`, citation: c.exemptionCitation });
  }
  for (const r of policy.personRules) out.push({ where: `person rule ${r.id}`, citation: r.citation });
  if (policy.relativeAvoidance) out.push({ where: 'relative avoidance', citation: policy.relativeAvoidance.citation });
  if (policy.structure) {
    out.push({ where: 'structure', citation: policy.structure.citation });
    for (const [target, citation] of Object.entries(policy.structure.targetCitations ?? {})) {
      if (citation) out.push({ where: `structure target ${target}`, citation });
    }
  }
  return out;
}

describe('policy registry', () => {
  it('ships the four policies under their ids', () => {
    expect([...POLICY_IDS]).toEqual(['dinghai-2017', 'duting-2015', 'county-2017', 'xiannvshan-2021']);
    expect(listPolicies().map((p) => p.id)).toEqual([...POLICY_IDS]);
    for (const id of POLICY_IDS) expect(getPolicy(id).id).toBe(id);
  });

  it('rejects an unknown id with a Chinese message listing the valid ids', () => {
    expect(() => getPolicy('nowhere-2020')).toThrow(/未知的政策编号「nowhere-2020」.*dinghai-2017/);
  });

  it('hands out frozen policies, so no caller can change the rules for everyone', () => {
    const p = getPolicy('dinghai-2017');
    expect(Object.isFrozen(p)).toBe(true);
    expect(Object.isFrozen(p.categories[0])).toBe(true);
    expect(() => {
      p.departments.pop();
    }).toThrow();
  });
});

describe.each(POLICY_IDS)('policy %s', (id) => {
  const policy = getPolicy(id);

  it('parses with the schema and passes the consistency checks', () => {
    expect(Policy.safeParse(policy).success).toBe(true);
    expect(checkPolicy(policy)).toEqual([]);
  });

  it('has a MAJOR.MINOR.PATCH version, a source and notes on how it was derived', () => {
    expect(policy.version).toMatch(/^\d+\.\d+\.\d+$/);
    expect(policy.notes.length).toBeGreaterThan(2);
  });

  it('has unique category labels, department names and department codes', () => {
    const unique = (xs: string[]) => new Set(xs).size === xs.length;
    expect(unique(policy.categories.map((c) => c.label))).toBe(true);
    expect(unique(policy.departments.map((d) => d.name))).toBe(true);
    expect(unique(policy.departments.map((d) => d.code))).toBe(true);
  });

  it('has every category reported by at least one department’s usual list', () => {
    const listed = new Set(policy.departments.flatMap((d) => d.categories));
    expect(policy.categories.map((c) => c.label).filter((l) => !listed.has(l))).toEqual([]);
  });

  it.each(citationsOf(policy).map((x) => [x.where, x.citation] as const))(
    'cites %s with words that occur verbatim in the seed file',
    (_where, citation) => {
      const file = path.join(seedsDir, citation.file);
      expect(existsSync(file), `${citation.file} is a seed`).toBe(true);
      expect(readFileSync(file, 'utf8')).toContain(citation.quote);
    },
  );
});

describe('checkPolicy', () => {
  it('reports duplicate labels, names and codes, unknown department categories and a missing exemption citation', () => {
    const base = getPolicy('county-2017');
    const broken = Policy.parse({
      ...base,
      version: 'v1',
      departments: [...base.departments, { ...base.departments[0], categories: ['不存在的类别'] }],
      categories: [...base.categories, { ...base.categories[0], exemptStatuses: ['已处理'] }],
    });
    const problems = checkPolicy(broken).join('\n');
    expect(problems).toContain('duplicate category label "刑事处罚"');
    expect(problems).toContain('duplicate department name "纪检监察"');
    expect(problems).toContain('duplicate department code "discipline"');
    expect(problems).toContain('unknown category "不存在的类别"');
    expect(problems).toContain('no exemptionCitation');
    expect(problems).toContain('not MAJOR.MINOR.PATCH');
  });
});
