// The department routes for the organization department's own accounts: before a route runs, an
// orgdept principal gains the department(s) the policies name for the organization department
// (shared/app/orgdept-reviewer.ts). Other principals pass through untouched, so no department's
// access rule changes for anyone else.
import { asOrgdeptReviewer } from '../../app/orgdept-reviewer.js';
import type { Route, Routes } from './middleware.js';

export function withOrgdeptReviewer(routes: Routes, codes: () => Promise<readonly string[]>): Routes {
  const wrap = (inner: Route): Route => ({
    run: async (raw) =>
      raw.principal.orgdept ? inner.run({ ...raw, principal: asOrgdeptReviewer(raw.principal, await codes()) }) : inner.run(raw),
  });
  return Object.fromEntries(Object.entries(routes).map(([key, inner]) => [key, wrap(inner)]));
}
