// A department's reviewers, to hand a task to a colleague: the enabled accounts of the department
// (where lianshen knows the accounts). An external provider keeps them: then the list is empty and
// says so, and a login name typed in is taken as it is.
import { departmentOf, type Caller } from '../access.js';
import { departmentAccounts } from '../orgdept-reviewer.js';
import type { Account } from '../ports.js';
import type { AccountDeps } from './common.js';

export async function departmentReviewers(deps: AccountDeps, input: { caller: Caller; department: string }) {
  if (!input.caller.orgdept) {
    const allowed = departmentOf(input.caller, input.department);
    if (typeof allowed !== 'string') return allowed;
  }
  if (deps.identity.kind === 'external') {
    return {
      department: input.department,
      listed: false,
      reviewers: [],
      message: '账号由统一身份认证平台管理，无法列出本部门审查员：请填写同事的登录名',
    };
  }
  const accounts = await departmentAccounts(deps.identity.admin, deps.repos.policies, input.department);
  return {
    department: input.department,
    listed: true,
    reviewers: enabledReviewers(accounts),
    message: null,
  };
}

export function enabledReviewers(accounts: readonly Account[]): Array<{ username: string; displayName: string }> {
  return accounts
    .filter((a) => a.status === 'enabled')
    .map((a) => ({ username: a.username, displayName: a.displayName }))
    .sort((a, b) => a.username.localeCompare(b.username));
}
