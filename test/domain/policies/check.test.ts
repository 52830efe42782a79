import { describe, expect, it } from 'vitest';
import { type Policy, Policy as PolicySchema } from '../../../shared/domain/model.js';
import { policyProblems } from '../../../shared/domain/policies/check.js';
import { compareVersions, policyDigest } from '../../../shared/domain/policies/versions.js';

const cite = (quote: string) => ({ document: '《示例县换届工作方案》', clause: '二(一)', quote });

function policy(overrides: Partial<Record<keyof Policy, unknown>> = {}): Policy {
  return PolicySchema.parse({
    id: 'example-2027',
    version: '1.0.0',
    name: '示例县2027年资格联审',
    jurisdiction: '示例县',
    document: { title: '《示例县换届工作方案》' },
    source: cite('联审'),
    departments: [{ code: 'police', name: '县公安局', slaDays: 5, mode: 'auto', categories: ['刑事处罚', '拖欠集体租金'] }],
    categories: [
      {
        label: '刑事处罚',
        group: '不得',
        severity: 'bar',
        window: { kind: 'years', years: 5, anchor: 'end' },
        citation: cite('刑满释放未满5年'),
      },
      {
        label: '拖欠集体租金',
        group: '不得',
        severity: 'bar',
        window: { kind: 'status', statuses: ['已清偿'], negate: true },
        citation: cite('拖欠'),
      },
    ],
    ...overrides,
  });
}

describe('policyProblems', () => {
  it('finds nothing in a sound policy', () => {
    expect(policyProblems(policy())).toEqual([]);
  });

  it('gives each problem a stable code and the path of the value', () => {
    const base = policy();
    const broken = policy({
      version: '1.0',
      departments: [...base.departments, { ...base.departments[0], code: 'policy', categories: ['不存在'] }],
      categories: [
        ...base.categories,
        { ...base.categories[0], label: '无人负责', citation: { document: '《示例县换届工作方案》', clause: ' ', quote: '  ' } },
      ],
      personRules: [{ id: 'r1', label: '所有人', effect: 'warning', when: {}, citation: cite('x') }],
    });
    const found = policyProblems(broken).map((p) => [p.code, p.path.join('.')]);
    expect(found).toEqual(
      expect.arrayContaining([
        ['POLICY_DUPLICATE', 'departments.1.name'],
        ['POLICY_CATEGORY_UNKNOWN', 'departments.1.categories.0'],
        ['POLICY_CODE_INVALID', 'departments.1.code'],
        ['POLICY_CATEGORY_UNANSWERED', 'categories.2.label'],
        ['POLICY_CLAUSE_EMPTY', 'categories.2.citation.clause'],
        ['POLICY_QUOTE_EMPTY', 'categories.2.citation.quote'],
        ['POLICY_CONDITION_EMPTY', 'personRules.0.when'],
        ['POLICY_VERSION_INVALID', 'version'],
      ]),
    );
    expect(policyProblems(broken).every((p) => /[\u4e00-\u9fff]/.test(p.message))).toBe(true);
  });

  it('refuses a status exception the window never reaches, and a status in two exceptions', () => {
    const base = policy();
    const rent = base.categories[1];
    if (rent === undefined) throw new Error('fixture');
    const broken = policy({
      categories: [
        base.categories[0],
        {
          ...rent,
          statusOverrides: [
            { statuses: ['已清偿'], severity: 'concern', citation: cite('已清偿的') },
            { statuses: ['分期'], severity: 'concern', citation: cite('分期') },
            { statuses: ['分期'], severity: 'none', citation: cite('分期2') },
          ],
        },
      ],
    });
    const found = policyProblems(broken).map((p) => [p.code, p.path.join('.'), p.message]);
    expect(found).toEqual([
      [
        'POLICY_STATUS_CONFLICT',
        'categories.1.statusOverrides.0.statuses',
        '类别“拖欠集体租金”在状态为“已清偿”时本来就不适用，这个例外不会起作用。',
      ],
      ['POLICY_STATUS_CONFLICT', 'categories.1.statusOverrides.2.statuses', '状态“分期”在类别“拖欠集体租金”的例外中出现了不止一次。'],
    ]);
  });
});

describe('policy versions and digests', () => {
  it('orders MAJOR.MINOR.PATCH numerically', () => {
    expect(['2.10.0', '2.9.1', '10.0.0', '2.9.0'].sort(compareVersions)).toEqual(['2.9.0', '2.9.1', '2.10.0', '10.0.0']);
    expect(compareVersions('1.0.0', '1.0.0')).toBe(0);
  });

  it('gives the same digest for the same content whatever the key order, another for any change', () => {
    const a = policy();
    const reordered = PolicySchema.parse(Object.fromEntries(Object.entries(a).reverse()));
    expect(policyDigest(reordered)).toBe(policyDigest(a));
    expect(policyDigest(policy({ name: '另一个名称' }))).not.toBe(policyDigest(a));
    expect(policyDigest(a)).toMatch(/^[0-9a-f]{64}$/);
  });
});
