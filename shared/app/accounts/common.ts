// What the account use cases share: which provider manages the accounts, the view people see,
// the one chain of account events, temporary passwords, and the notices that say honestly when
// a change takes effect.
import { randomInt } from 'node:crypto';
import { parseRole, PASSWORD_MIN_LENGTH } from '../../domain/accounts.js';
import type { AccountAction } from '../../domain/audit/events.js';
import { ACCOUNTS_CHAIN_ID } from '../../domain/ids.js';
import type { Actor } from '../../domain/model.js';
import type { Caller } from '../access.js';
import type { UseCaseDeps } from '../common.js';
import type { Account, IdentityAdmin, IdentityProvider } from '../ports.js';
import { conflict, type Refusal } from '../refusals.js';

export interface AccountDeps extends UseCaseDeps {
  identity: IdentityProvider;
}

export const MANAGED_EXTERNALLY_MESSAGE =
  '账号由统一身份认证平台管理：请在该平台创建、停用账号和重置密码，并按 orgdept、township:<乡镇编码>、department:<部门编码> 设置用户组（见部署文档）';

/** The refusal of every account route where an external OIDC provider keeps the accounts. */
export const managedExternally = (): Refusal => conflict(MANAGED_EXTERNALLY_MESSAGE, { code: 'ACCOUNTS_MANAGED_EXTERNALLY' });

export function adminOf(identity: IdentityProvider): IdentityAdmin | Refusal {
  return identity.kind === 'external' ? managedExternally() : identity.admin;
}

export const PASSWORD_POLICY_TEXT = `密码至少 ${PASSWORD_MIN_LENGTH} 个字符，包含大写字母、小写字母、数字、符号中的至少三类，不能包含用户名，不能是常见密码`;

/** The account as the API shows it: never a password, its hash or the session version. */
export function accountView(a: Account) {
  return {
    username: a.username,
    sub: a.sub,
    displayName: a.displayName,
    phone: a.phone ?? null,
    email: a.email ?? null,
    role: a.role,
    status: a.status,
    locked: a.locked,
    mustChangePassword: a.mustChangePassword,
    createdAt: a.createdAt,
    lastSignInAt: a.lastSignInAt ?? null,
  };
}

/** What an account's holder is, as an audit actor. */
export function actorKindOfRole(role: string): Actor['kind'] {
  const parsed = parseRole(role);
  if (parsed?.kind === 'township') return 'township';
  if (parsed?.kind === 'department') return 'reviewer';
  return 'orgdept';
}

export function adminActor(caller: Pick<Caller, 'userId'>): Actor {
  return { kind: 'orgdept', id: caller.userId };
}

/** One event on the accounts chain; the data names the account, never its password, name or phone. */
export async function recordAccountEvent(
  deps: Pick<UseCaseDeps, 'repos'>,
  input: {
    actor: Actor;
    at: string;
    action: AccountAction;
    account: Pick<Account, 'username' | 'role'> & { sub?: string };
    failedAttempts?: number;
  },
): Promise<void> {
  await deps.repos.audit.append({
    candidateId: ACCOUNTS_CHAIN_ID,
    type: 'account',
    actor: input.actor,
    at: input.at,
    data: {
      action: input.action,
      account: input.account.username,
      accountId: input.account.sub ?? null,
      role: input.account.role,
      ...(input.failedAttempts === undefined ? {} : { failedAttempts: input.failedAttempts }),
    },
  });
}

// Letters and digits that cannot be mistaken for one another when read out over the phone.
const UPPER = 'ABCDEFGHJKLMNPQRSTUVWXYZ';
const LOWER = 'abcdefghijkmnpqrstuvwxyz';
const DIGITS = '23456789';

/**
 * A temporary password: four groups of four joined by "-" (e.g. `Kp7m-Qx3r-T9zb-H4nw`), each group
 * with an upper-case letter, a lower-case letter and a digit, so it passes our policy and a
 * Cognito pool's (all four classes, 12+ characters). About 85 bits.
 */
export function temporaryPassword(): string {
  const pick = (alphabet: string) => alphabet.charAt(randomInt(alphabet.length));
  const all = UPPER + LOWER + DIGITS;
  const group = () => {
    const chars = [pick(UPPER), pick(LOWER), pick(DIGITS), pick(all)];
    for (let i = chars.length - 1; i > 0; i--) {
      const j = randomInt(i + 1);
      const a = chars[i] ?? '';
      chars[i] = chars[j] ?? '';
      chars[j] = a;
    }
    return chars.join('');
  };
  return [group(), group(), group(), group()].join('-');
}

/** When sessions really end, in words: at once locally, at the access token's expiry on Cognito. */
export function sessionsEndText(admin: Pick<IdentityAdmin, 'revocationDelayMinutes'>): string {
  if (admin.revocationDelayMinutes <= 0) return '该账号的全部登录已立即失效';
  return `已让该账号退出全部登录（刷新令牌立即作废）；已签发的访问令牌在到期前（最长 ${admin.revocationDelayMinutes} 分钟）仍然有效`;
}
