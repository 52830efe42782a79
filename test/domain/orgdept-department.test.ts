import { describe, expect, it } from 'vitest';
import { builtInPolicies } from '../../shared/adapters/files/policy-files.js';
import { type PolicyInput, Policy } from '../../shared/domain/model.js';
import { orgdeptDepartmentOf } from '../../shared/domain/orgdept-department.js';
import { policyProblems } from '../../shared/domain/policies/check.js';

const cite = (quote: string) => ({ document: '《示例县换届工作方案》', clause: '二(一)', quote });

function policy(overrides: Partial<PolicyInput> = {}) {
  return Policy.parse({
    id: 'example-2027',
    version: '1.0.0',
    name: '示例县2027年资格联审',
    jurisdiction: '示例县',
    document: { title: '《示例县换届工作方案》' },
    source: cite('联审'),
    departments: [
      { code: 'police', name: '县公安局', slaDays: 5, mode: 'auto', categories: ['刑事处罚'] },
      { code: 'zuzhibu', name: '县委组织部', slaDays: 7, mode: 'manual', categories: [] },
    ],
    categories: [{ label: '刑事处罚', group: '不得', severity: 'bar', window: { kind: 'permanent' }, citation: cite('受过刑事处罚的') }],
    ...overrides,
  });
}

describe('the department the organization department reviews for', () => {
  it('is organisation in every built-in policy that has that department, and none in the one without', () => {
    const byPolicy = Object.fromEntries(builtInPolicies().map((p) => [p.id, orgdeptDepartmentOf(p) ?? null]));
    expect(byPolicy).toEqual({
      'county-2017': 'organisation',
      'dinghai-2017': 'organisation',
      'duting-2015': null,
      'xiannvshan-2021': 'organisation',
    });
  });

  it('is the code the policy names, over the default', () => {
    expect(orgdeptDepartmentOf(policy({ orgdeptDepartment: 'zuzhibu' }))).toBe('zuzhibu');
    expect(orgdeptDepartmentOf(policy())).toBeUndefined();
  });

  it('must be one of the policy departments', () => {
    expect(policyProblems(policy({ orgdeptDepartment: 'zuzhibu' }))).toEqual([]);
    expect(policyProblems(policy({ orgdeptDepartment: 'organisation' }))).toEqual([
      expect.objectContaining({ code: 'POLICY_DEPARTMENT_UNKNOWN', path: ['orgdeptDepartment'] }),
    ]);
  });
});
