import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Policy } from '../../../shared/domain/model.js';
import { POLICY_IDS, checkPolicy, citationsOf, getPolicy, listPolicies } from '../../../shared/domain/policies/index.js';
import { seedsDir } from './helpers.js';

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
      expect(citation.file, 'a shipped policy names the seed it quotes').toBeDefined();
      const file = path.join(seedsDir, citation.file ?? '');
      expect(existsSync(file), `${citation.file} is a seed`).toBe(true);
      expect(readFileSync(file, 'utf8')).toContain(citation.quote);
    },
  );

  it("cites every clause by the document's title in 《》 and the clause's place, never by the file name", () => {
    for (const { where, citation } of citationsOf(policy)) {
      expect(citation.document, where).toBe(policy.document.title);
      expect(citation.document, where).toMatch(/^《.+》$/);
      expect(citation.clause, where).toBeTruthy();
      expect(citation.clause, where).not.toMatch(/\.txt/);
    }
  });
});

describe('checkPolicy', () => {
  it('reports duplicate labels, names and codes, unknown and unanswered categories, and citations without document or clause', () => {
    const base = getPolicy('county-2017');
    const broken = Policy.parse({
      ...base,
      version: 'v1',
      departments: [...base.departments, { ...base.departments[0], categories: ['不存在的类别'] }],
      categories: [
        ...base.categories,
        { ...base.categories[0] },
        { ...base.categories[0], label: '无人答复的类别', citation: { quote: '只有原文' } },
      ],
    });
    const problems = checkPolicy(broken).join('\n');
    expect(problems).toContain('duplicate category label "刑事处罚"');
    expect(problems).toContain('duplicate department name "纪检监察"');
    expect(problems).toContain('duplicate department code "discipline"');
    expect(problems).toContain('unknown category "不存在的类别"');
    expect(problems).toContain('category "无人答复的类别" is answered by no department');
    expect(problems).toContain('the citation of category 无人答复的类别 must name the document and the clause');
    expect(problems).toContain('not MAJOR.MINOR.PATCH');
  });
});
