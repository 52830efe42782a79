// Whether a local access token still stands: tokens carry the session version they were issued
// under, and disabling an account, resetting its password or signing it out everywhere raises the
// version, so every request made with an older token is refused at once.
import type { AccountStore } from '../ports.js';

export type SessionState = 'valid' | 'ended';

export async function sessionState(
  deps: { store: AccountStore },
  token: { username: string; sub: string; sessionVersion: number },
): Promise<SessionState> {
  const account = await deps.store.get(token.username);
  if (account === undefined || account.sub !== token.sub) return 'ended';
  if (account.status !== 'enabled' || account.sessionVersion !== token.sessionVersion) return 'ended';
  return 'valid';
}
