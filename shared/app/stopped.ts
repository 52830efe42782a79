// A candidate no longer in review: withdrawn by its township (withdraw-candidate.ts) or set aside
// as a duplicate by the organization department (duplicates.ts). Both stop the review the same
// way, so what a stopped candidate may not have done to it is refused for both.
import type { Repositories } from './ports.js';
import { conflict, type Refusal } from './refusals.js';
import { setAsideOf } from './views.js';

export type StoppedAs = 'withdrawn' | 'setAside';

export const SET_ASIDE_CODE = 'CANDIDATE_SET_ASIDE';

export async function stoppedAs(repos: Repositories, candidateId: string, campaignId: string): Promise<StoppedAs | null> {
  if ((await repos.changes.withdrawal(candidateId)) !== undefined) return 'withdrawn';
  return (await setAsideOf(repos, [campaignId])).has(candidateId) ? 'setAside' : null;
}

/** The refusal for a set-aside duplicate; `consequence` ends the sentence (不能更正答复). */
export function setAsideRefusal(consequence: string): Refusal {
  return conflict(`该人选重复报送，组织部门已确定不予联审，${consequence}`, { code: SET_ASIDE_CODE });
}
