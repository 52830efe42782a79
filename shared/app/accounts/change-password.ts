// Everyone changes their own password (POST /me/password): the current one is checked (a wrong
// one counts towards the lock, like a wrong sign-in), the new one must follow the policy, and the
// change ends every session of the account, this one too. Locally only: Cognito changes passwords
// in its hosted sign-in (NEW_PASSWORD_REQUIRED at the first sign-in), an OIDC provider in its own pages.
import { passwordProblem } from '../../domain/accounts.js';
import type { Caller } from '../access.js';
import { conflict, forbidden, invalid, type Refusal } from '../refusals.js';
import { type AccountDeps, actorKindOfRole, recordAccountEvent } from './common.js';
import { checkPassword } from './sign-in.js';

export async function changeOwnPassword(
  deps: AccountDeps,
  input: { caller: Pick<Caller, 'userId' | 'username'>; currentPassword: string; newPassword: string },
): Promise<{ changed: true; signInAgain: true; message: string } | Refusal> {
  const identity = deps.identity;
  if (identity.kind !== 'local') {
    const where = identity.kind === 'cognito' ? '登录页' : '统一身份认证平台';
    return conflict(`密码在${where}修改：请退出后在${where}修改密码，或请组织部门重置密码`, { code: 'PASSWORD_MANAGED_BY_PROVIDER' });
  }
  const account = await identity.store.get(input.caller.username);
  if (account === undefined || account.sub !== input.caller.userId) {
    return forbidden('此登录不属于本地账号，不能在这里修改密码', { code: 'NOT_A_LOCAL_ACCOUNT' });
  }
  const checked = await checkPassword({ ...deps, store: identity.store, hasher: identity.hasher }, account, input.currentPassword);
  if (checked === 'locked') return forbidden('连续输错密码，账号已锁定，请联系组织部门解锁', { code: 'ACCOUNT_LOCKED' });
  if (checked === 'wrong') return invalid('当前密码不正确', 'currentPassword', 'PASSWORD_WRONG');
  const problem = passwordProblem(input.newPassword, { username: account.username, current: input.currentPassword });
  if (problem !== null) return invalid(problem.message, 'newPassword', problem.code);
  const at = deps.now().toISOString();
  const passwordHash = await identity.hasher.hash(input.newPassword);
  await identity.store.update(account.username, { passwordHash, mustChangePassword: false, endSessions: true }, at);
  await recordAccountEvent(deps, {
    actor: { kind: actorKindOfRole(account.role), id: account.sub },
    at,
    action: 'password_changed',
    account,
  });
  return { changed: true, signInAgain: true, message: '密码已修改：全部登录已失效，请用新密码重新登录' };
}
