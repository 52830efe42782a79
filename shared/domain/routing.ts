// Which departments a candidate is sent to.
import type { CandidateRow, Department, Policy, PoliticalStatus } from './model.js';

/** 中共党员 and 中共预备党员 (probationary members) are both under Party discipline. */
export const PARTY_MEMBER_STATUSES: readonly PoliticalStatus[] = ['中共党员', '中共预备党员'];

export function isPartyMember(political: PoliticalStatus): boolean {
  return PARTY_MEMBER_STATUSES.includes(political);
}

/** The policy's departments that are asked about this candidate, in policy order. */
export function routeDepartments(policy: Policy, candidate: Pick<CandidateRow, 'political'>): Department[] {
  return policy.departments.filter((d) => d.appliesTo === 'all' || isPartyMember(candidate.political));
}
