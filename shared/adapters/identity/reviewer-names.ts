// Reviewers' display names by user id (sub), for the 答复人 of the exported reports: the accounts
// of each department's group; an external provider keeps no names here (ids are shown instead).
import type { IdentityProvider } from '../../app/ports.js';

export function reviewerNamesOf(identity: IdentityProvider) {
  return async (departments: readonly string[]): Promise<ReadonlyMap<string, string>> => {
    if (identity.kind === 'external') return new Map();
    const lists = await Promise.all(departments.map((code) => identity.admin.listByRole(`department:${code}`)));
    return new Map(lists.flat().map((a) => [a.sub, a.displayName]));
  };
}
