import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Policy } from '../../../shared/domain/model.js';
import { builtInPolicies, builtInPolicy, builtInPolicyIds } from '../../../shared/adapters/files/policy-files.js';
import { checkPolicy, citationsOf, policyDigest } from '../../../shared/domain/policies/index.js';
import { seedsDir } from './helpers.js';

/**
 * A built-in version is as immutable as a stored one: campaigns pin it. These digests were taken
 * when the policies moved from TypeScript to policies/*.yaml (the same parsed objects); a change of
 * content needs a new version, and a new line here.
 */
const SHIPPED_DIGESTS: Record<string, string> = {
  'county-2017@2.0.0': '567708f5061388a92962eada59a36cb50de9fe2d9243ab176696b9e16dd99f42',
  'dinghai-2017@2.0.0': '514dd7d26ca0b142a20094ecc6784e2782e58244db5f467806a41afab73c8cc6',
  'duting-2015@2.0.0': '0c31427deeedd275cdd6471642ad087939f38a768cafe4f78b0b5643e8aefbab',
  'xiannvshan-2021@2.0.0': '7927170ef788cf61c62d7026bb8291b8d7c7eecc55bf14581e8853cf85d1a12e',
};

describe('the built-in policies (policies/*.yaml)', () => {
  it('ships the four policies under their ids', () => {
    expect(builtInPolicyIds()).toEqual(['county-2017', 'dinghai-2017', 'duting-2015', 'xiannvshan-2021']);
    expect(builtInPolicies().map((p) => p.id)).toEqual(builtInPolicyIds());
    for (const id of builtInPolicyIds()) expect(builtInPolicy(id).id).toBe(id);
  });

  it('rejects an unknown id with a Chinese message listing the valid ids', () => {
    expect(() => builtInPolicy('nowhere-2020')).toThrow(/未知的政策编号「nowhere-2020」.*dinghai-2017/);
  });

  it('keeps the content of every shipped version: a change of content needs a new version', () => {
    expect(Object.fromEntries(builtInPolicies().map((p) => [`${p.id}@${p.version}`, policyDigest(p)]))).toEqual(SHIPPED_DIGESTS);
  });

  it('keeps no policy data in TypeScript: no source file under shared/ quotes a shipped policy', () => {
    const root = path.resolve(import.meta.dirname, '../../../shared');
    const sources = readdirSync(root, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts'));
    const quotes = builtInPolicies().flatMap((p) => citationsOf(p).map((c) => c.citation.quote));
    const quoting = sources.filter((f) => {
      const text = readFileSync(path.join(root, f), 'utf8');
      return quotes.some((q) => q.length >= 12 && text.includes(q));
    });
    expect(quoting).toEqual([]);
    expect(readdirSync(path.join(root, 'domain/policies')).sort()).toEqual(['check.ts', 'diff.ts', 'index.ts', 'versions.ts']);
  });

  it('hands out frozen policies, so no caller can change the rules for everyone', () => {
    const p = builtInPolicy('dinghai-2017');
    expect(Object.isFrozen(p)).toBe(true);
    expect(Object.isFrozen(p.categories[0])).toBe(true);
    expect(() => {
      p.departments.pop();
    }).toThrow();
  });
});

describe.each(builtInPolicyIds())('policy %s', (id) => {
  const policy = builtInPolicy(id);

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
    const base = builtInPolicy('county-2017');
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
