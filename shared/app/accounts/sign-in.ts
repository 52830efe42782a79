// Local sign-in with a password, hardened: attempts per client address are throttled before any
// password is checked, wrong passwords in a row lock the account (an audit event, and only the
// organization department unlocks it), a locked account answers "locked" whatever the password,
// and a disabled account never signs in. Unknown names cost the same hashing as known ones.
import { LOCK_AFTER_FAILURES, USERNAME } from '../../domain/accounts.js';
import type { UseCaseDeps } from '../common.js';
import type { AccountStore, PasswordHasher, SignInThrottle, StoredAccount } from '../ports.js';
import { recordAccountEvent } from './common.js';

export interface SignInDeps extends UseCaseDeps {
  store: AccountStore;
  hasher: PasswordHasher;
  throttle: SignInThrottle;
}

export type SignInOutcome =
  | { kind: 'signedIn'; account: StoredAccount; passwordChangeRequired: boolean }
  | { kind: 'wrongPassword' }
  | { kind: 'locked' }
  | { kind: 'disabled' }
  | { kind: 'throttled'; retryAfterSeconds: number };

/** The audit actor of what sign-in itself does (locking an account). */
export const SIGN_IN_ACTOR = { kind: 'system', id: 'sign-in' } as const;

/**
 * Checks a password of a known account, counting a wrong one: 'locked' when the account is (or
 * this attempt made it) locked. The lock's audit event is written by the one call that locked it.
 */
export async function checkPassword(
  deps: Pick<SignInDeps, 'store' | 'hasher' | 'repos' | 'now'>,
  account: StoredAccount,
  password: string,
): Promise<'ok' | 'wrong' | 'locked'> {
  if (account.lockedAt !== undefined) return 'locked';
  if (await deps.hasher.verify(password, account.passwordHash)) return 'ok';
  const at = deps.now().toISOString();
  const failures = (await deps.store.recordFailure(account.username, at)) ?? 0;
  if (failures < LOCK_AFTER_FAILURES) return 'wrong';
  if (await deps.store.lock(account.username, at)) {
    await recordAccountEvent(deps, { actor: SIGN_IN_ACTOR, at, action: 'locked', account, failedAttempts: failures });
  }
  return 'locked';
}

export async function signIn(deps: SignInDeps, input: { username: string; password: string; address: string }): Promise<SignInOutcome> {
  const addressKey = `address:${input.address}`;
  const slot = deps.throttle.take(addressKey, deps.now());
  if (!slot.allowed) return { kind: 'throttled', retryAfterSeconds: slot.retryAfterSeconds };
  const username = input.username.trim().toLowerCase();
  const account = USERNAME.test(username) ? await deps.store.get(username) : undefined;
  if (account === undefined) {
    // Hash anyway, so the time taken does not tell which login names exist.
    await deps.hasher.verify(input.password, undefined);
    return { kind: 'wrongPassword' };
  }
  const checked = await checkPassword(deps, account, input.password);
  if (checked === 'locked') return { kind: 'locked' };
  if (checked === 'wrong') return { kind: 'wrongPassword' };
  deps.throttle.refund(addressKey);
  if (account.status === 'disabled') return { kind: 'disabled' };
  await deps.store.recordSignIn(account.username, deps.now().toISOString());
  return { kind: 'signedIn', account, passwordChangeRequired: account.mustChangePassword };
}
