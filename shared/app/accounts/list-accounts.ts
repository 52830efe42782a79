// The organization department's list of accounts, filtered by role, township, department or status.
import { parseRole } from '../../domain/accounts.js';
import type { Account } from '../ports.js';
import { isRefusal } from '../refusals.js';
import { type AccountDeps, accountView, adminOf, PASSWORD_POLICY_TEXT } from './common.js';

export interface AccountFilter {
  role?: 'orgdept' | 'township' | 'department';
  township?: string;
  department?: string;
  status?: Account['status'];
}

function matches(a: Account, f: AccountFilter): boolean {
  const role = parseRole(a.role);
  if (f.role !== undefined && role?.kind !== f.role) return false;
  if (f.township !== undefined && !(role?.kind === 'township' && role.code === f.township)) return false;
  if (f.department !== undefined && !(role?.kind === 'department' && role.code === f.department)) return false;
  return f.status === undefined || a.status === f.status;
}

export async function listAccounts(deps: AccountDeps, input: { filter: AccountFilter }) {
  const admin = adminOf(deps.identity);
  if (isRefusal(admin)) return admin;
  const all = await admin.list();
  const accounts = all
    .filter((a) => matches(a, input.filter))
    .sort((a, b) => a.role.localeCompare(b.role) || a.username.localeCompare(b.username))
    .map(accountView);
  return { provider: admin.provider, accounts, passwordPolicy: PASSWORD_POLICY_TEXT };
}
