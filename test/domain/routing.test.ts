import { describe, expect, it } from 'vitest';
import { POLITICAL_STATUSES, type Policy } from '../../shared/domain/model.js';
import { builtInPolicies, builtInPolicy } from '../../shared/adapters/files/policy-files.js';
import { isPartyMember, routeDepartments } from '../../shared/domain/routing.js';

describe('routeDepartments', () => {
  it('sends a Party-members-only department only 中共党员 and 中共预备党员', () => {
    const base = builtInPolicy('duting-2015');
    const limited: Policy = {
      ...base,
      departments: base.departments.map((d) => (d.code === 'discipline' ? { ...d, appliesTo: 'partyMembers' as const } : d)),
    };
    for (const political of POLITICAL_STATUSES) {
      const codes = routeDepartments(limited, { political }).map((d) => d.code);
      expect(codes.includes('discipline'), political).toBe(political === '中共党员' || political === '中共预备党员');
    }
  });

  it('no shipped policy limits a department: every candidate goes to every department its plan names', () => {
    for (const policy of builtInPolicies())
      expect(
        policy.departments.every((d) => d.appliesTo === 'all'),
        policy.id,
      ).toBe(true);
  });

  it('sends everyone to every department that applies to all, in policy order', () => {
    for (const policy of builtInPolicies()) {
      const routed = routeDepartments(policy, { political: '群众' });
      expect(routed).toEqual(policy.departments.filter((d) => d.appliesTo === 'all'));
    }
    expect(routeDepartments(builtInPolicy('dinghai-2017'), { political: '民主党派' })).toHaveLength(28);
  });

  it('isPartyMember covers full and probationary members only', () => {
    expect(POLITICAL_STATUSES.filter(isPartyMember)).toEqual(['中共党员', '中共预备党员']);
  });
});
