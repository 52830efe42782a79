// What the organization department does to an existing account: disable, enable, reset the
// password (a new temporary one, shown once), unlock after wrong passwords, end every session.
// Each is an event on the accounts chain; each notice says when the change takes effect.
import type { Caller } from '../access.js';
import type { Account, IdentityAdmin } from '../ports.js';
import { conflict, isRefusal, notFound, type Refusal } from '../refusals.js';
import { type AccountDeps, accountView, adminActor, adminOf, recordAccountEvent, sessionsEndText, temporaryPassword } from './common.js';

export type AccountActionName = 'disable' | 'enable' | 'reset' | 'unlock' | 'sign-out';

const EVENT = {
  disable: 'disabled',
  enable: 'enabled',
  reset: 'password_reset',
  unlock: 'unlocked',
  'sign-out': 'signed_out',
} as const;

type Applied = { account: Account; notice: string; temporaryPassword?: string } | Refusal;

async function apply(admin: IdentityAdmin, action: AccountActionName, current: Account, at: string): Promise<Applied | undefined> {
  const name = current.username;
  switch (action) {
    case 'disable': {
      const account = await admin.disable(name, at);
      return account && { account, notice: `已停用：不能再登录；${sessionsEndText(admin)}。` };
    }
    case 'enable': {
      const account = await admin.enable(name, at);
      return account && { account, notice: '已启用：可以用原密码登录。' };
    }
    case 'reset': {
      const password = temporaryPassword();
      const account = await admin.resetPassword(name, password, at);
      return (
        account && {
          account,
          temporaryPassword: password,
          notice: `密码已重置：临时密码只显示这一次，请告知本人，登录后须先修改密码；旧密码已失效，${sessionsEndText(admin)}。`,
        }
      );
    }
    case 'unlock': {
      if (admin.unlock === undefined) {
        return conflict('Cognito 在连续输错密码后会自动暂时锁定，并随时间自动解除，无需手动解锁；如本人忘记密码，请重置密码', {
          code: 'UNLOCK_AUTOMATIC',
        });
      }
      if (!current.locked) return conflict('该账号没有被锁定', { code: 'ACCOUNT_NOT_LOCKED' });
      const account = await admin.unlock(name, at);
      return account && { account, notice: '已解除锁定：可以重新登录。' };
    }
    case 'sign-out': {
      const account = await admin.signOutEverywhere(name, at);
      return account && { account, notice: `已退出全部登录：${sessionsEndText(admin)}，须重新登录。` };
    }
  }
}

export async function accountAction(deps: AccountDeps, input: { caller: Caller; username: string; action: AccountActionName }) {
  const admin = adminOf(deps.identity);
  if (isRefusal(admin)) return admin;
  // Disabling one's own account would leave the county without the person doing it.
  if (input.action === 'disable' && input.username === input.caller.username) {
    return conflict('不能停用自己正在使用的账号', { code: 'OWN_ACCOUNT' });
  }
  const current = await admin.get(input.username);
  const missing = notFound(`未找到账号 ${input.username}`, { code: 'ACCOUNT_NOT_FOUND' });
  if (current === undefined) return missing;
  const at = deps.now().toISOString();
  const applied = await apply(admin, input.action, current, at);
  if (applied === undefined) return missing;
  if (isRefusal(applied)) return applied;
  await recordAccountEvent(deps, { actor: adminActor(input.caller), at, action: EVENT[input.action], account: applied.account });
  return { account: accountView(applied.account), notice: applied.notice, temporaryPassword: applied.temporaryPassword ?? null };
}
