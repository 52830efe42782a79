// A fresh install has no account at all: the first start creates one organization-department
// account with a temporary password, shown once on the console of the machine that started it,
// and the first sign-in must change it. Any later start (there are accounts) creates nothing.
import type { UseCaseDeps } from '../common.js';
import type { IdentityAdmin } from '../ports.js';
import { recordAccountEvent, temporaryPassword } from './common.js';

export const FIRST_ACCOUNT = { username: 'orgdept', displayName: '组织部门管理员', role: 'orgdept' } as const;

export async function ensureFirstAccount(
  deps: UseCaseDeps & { admin: IdentityAdmin },
): Promise<{ username: string; password: string } | undefined> {
  if ((await deps.admin.list()).length > 0) return undefined;
  const at = deps.now().toISOString();
  const password = temporaryPassword();
  const created = await deps.admin.create({ ...FIRST_ACCOUNT, temporaryPassword: password, createdAt: at, createdBy: 'first-start' });
  if (!created.created) return undefined;
  await recordAccountEvent(deps, { actor: { kind: 'system', id: 'first-start' }, at, action: 'created', account: created.account });
  return { username: created.account.username, password };
}
