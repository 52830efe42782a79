// The organization department reviews for its own department too (组织部 is one of the units in
// the joint review): an orgdept caller also holds the department each policy names for it
// (orgdeptDepartmentOf), so every department check in access.ts lets it act there and nowhere else.
import { orgdeptDepartmentOf } from '../domain/orgdept-department.js';
import type { Caller } from './access.js';
import type { Account, IdentityAdmin, PolicyRepository } from './ports.js';

/** The departments the organization department answers for, over every policy version the catalog holds. */
export async function orgdeptDepartments(policies: PolicyRepository): Promise<string[]> {
  const versions = await policies.list();
  const stored = await Promise.all(versions.map((v) => policies.get(v.id, v.version)));
  const codes = stored.map((s) => (s === undefined ? undefined : orgdeptDepartmentOf(s.policy)));
  return [...new Set(codes.filter((c): c is string => c !== undefined))].sort();
}

/** The caller with the organization department's own departments added; any other caller unchanged. */
export function asOrgdeptReviewer<C extends Caller>(caller: C, codes: readonly string[]): C {
  if (!caller.orgdept) return caller;
  const added = codes.filter((c) => !caller.departments.includes(c));
  return added.length === 0 ? caller : { ...caller, departments: [...caller.departments, ...added], orgdeptDepartments: added };
}

/**
 * The accounts that review for a department: its `department:<code>` accounts and, where the
 * organization department reviews for it, the orgdept accounts (to hand a task to, to approve, to
 * name who answered).
 */
export async function departmentAccounts(
  admin: Pick<IdentityAdmin, 'listByRole'>,
  policies: PolicyRepository,
  department: string,
): Promise<Account[]> {
  const own = await admin.listByRole(`department:${department}`);
  if (!(await orgdeptDepartments(policies)).includes(department)) return own;
  const listed = new Set(own.map((a) => a.username));
  return [...own, ...(await admin.listByRole('orgdept')).filter((a) => !listed.has(a.username))];
}
