// The organization department is itself one of the reviewing units: which of a policy's
// departments it answers for, so that its own (orgdept) accounts get that department's inbox.
import type { Policy } from './model.js';

/** The code the built-in policies give the organization department (组织部). */
export const DEFAULT_ORGDEPT_DEPARTMENT = 'organisation';

/**
 * The department the organization department answers for: the policy's `orgdeptDepartment`, else
 * `organisation` when the policy has that department (a county's workbook that leaves the item out
 * keeps working), else none.
 */
export function orgdeptDepartmentOf(policy: Pick<Policy, 'orgdeptDepartment' | 'departments'>): string | undefined {
  if (policy.orgdeptDepartment !== undefined) return policy.orgdeptDepartment;
  return policy.departments.some((d) => d.code === DEFAULT_ORGDEPT_DEPARTMENT) ? DEFAULT_ORGDEPT_DEPARTMENT : undefined;
}
