// The local stack's accounts as an IdentityAdmin: the account store in the stack's table and
// scrypt hashes. Ending sessions raises the account's session version, which the local sign-in
// checks on every request, so it takes effect at once.
import { randomUUID } from 'node:crypto';
import type { Account, AccountChange, AccountStore, IdentityAdmin, PasswordHasher, StoredAccount } from '../../app/ports.js';

/** The account without what only sign-in needs (hash, session version, counters). */
export function publicAccount(a: StoredAccount): Account {
  return {
    username: a.username,
    sub: a.sub,
    displayName: a.displayName,
    ...(a.phone === undefined ? {} : { phone: a.phone }),
    ...(a.email === undefined ? {} : { email: a.email }),
    role: a.role,
    status: a.status,
    locked: a.locked,
    mustChangePassword: a.mustChangePassword,
    createdAt: a.createdAt,
    ...(a.lastSignInAt === undefined ? {} : { lastSignInAt: a.lastSignInAt }),
  };
}

/** A new local account, ready for AccountStore.create. */
export async function newStoredAccount(
  hasher: PasswordHasher,
  input: {
    username: string;
    displayName: string;
    phone?: string;
    email?: string;
    role: string;
    password: string;
    mustChangePassword: boolean;
    at: string;
    createdBy: string;
  },
): Promise<StoredAccount> {
  return {
    username: input.username,
    sub: randomUUID(),
    displayName: input.displayName,
    ...(input.phone === undefined ? {} : { phone: input.phone }),
    ...(input.email === undefined ? {} : { email: input.email }),
    role: input.role,
    status: 'enabled',
    locked: false,
    mustChangePassword: input.mustChangePassword,
    createdAt: input.at,
    passwordHash: await hasher.hash(input.password),
    sessionVersion: 1,
    failedAttempts: 0,
    createdBy: input.createdBy,
    updatedAt: input.at,
  };
}

export function localIdentityAdmin(store: AccountStore, hasher: PasswordHasher): IdentityAdmin {
  const change = async (username: string, c: AccountChange, at: string) => {
    const stored = await store.update(username, c, at);
    return stored === undefined ? undefined : publicAccount(stored);
  };
  return {
    provider: 'local',
    revocationDelayMinutes: 0,
    list: async () => (await store.list()).map(publicAccount),
    async get(username) {
      const stored = await store.get(username);
      return stored === undefined ? undefined : publicAccount(stored);
    },
    listByRole: async (role) => (await store.listByRole(role)).map(publicAccount),
    async create(input) {
      const account = await newStoredAccount(hasher, {
        username: input.username,
        displayName: input.displayName,
        ...(input.phone === undefined ? {} : { phone: input.phone }),
        ...(input.email === undefined ? {} : { email: input.email }),
        role: input.role,
        password: input.temporaryPassword,
        mustChangePassword: true,
        at: input.createdAt,
        createdBy: input.createdBy,
      });
      return (await store.create(account)) ? { created: true, account: publicAccount(account) } : { created: false };
    },
    disable: (username, at) => change(username, { status: 'disabled', endSessions: true }, at),
    enable: (username, at) => change(username, { status: 'enabled' }, at),
    async resetPassword(username, temporaryPassword, at) {
      // A reset also lifts a lock: the holder gets a password that works.
      return change(
        username,
        { passwordHash: await hasher.hash(temporaryPassword), mustChangePassword: true, endSessions: true, unlock: true },
        at,
      );
    },
    signOutEverywhere: (username, at) => change(username, { endSessions: true }, at),
    unlock: (username, at) => change(username, { unlock: true }, at),
  };
}
