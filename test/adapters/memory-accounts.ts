// An in-memory AccountStore with the DynamoDB store's semantics (conditional create, atomic
// failure counts, a lock set once), and a fast stand-in hasher, for use-case and handler tests.
// test/adapters/account-store-contract.ts holds both stores to the same behaviour.
import { createHash } from 'node:crypto';
import type { AccountStore, IdentityProvider, PasswordHasher, StoredAccount } from '../../shared/app/ports.js';
import { localIdentityAdmin, newStoredAccount } from '../../shared/adapters/identity/local.js';

const clone = <T>(v: T): T => structuredClone(v);

/** The failure count and the lock: what a wrong password changes, on purpose, while it is refused. */
const FAILURE_FIELDS = new Set(['failedAttempts', 'lockedAt', 'locked']);

export interface AccountSnapshotOptions {
  /** Leave out the failure count and the lock (a refused wrong password may change those). */
  besidesFailures?: boolean;
}

export function memoryAccountStore(): AccountStore & {
  accounts: Map<string, StoredAccount>;
  /** The whole state as text (accounts by name, keys sorted): equal texts, nothing written. */
  snapshot(options?: AccountSnapshotOptions): string;
} {
  const accounts = new Map<string, StoredAccount>();
  const sorted = () => [...accounts.values()].sort((a, b) => `${a.role}#${a.username}`.localeCompare(`${b.role}#${b.username}`));
  return {
    accounts,
    snapshot: (options = {}) =>
      JSON.stringify(
        [...accounts.values()]
          .sort((a, b) => a.username.localeCompare(b.username))
          .map((a) =>
            Object.entries(a)
              .filter(([k]) => !(options.besidesFailures === true && FAILURE_FIELDS.has(k)))
              .sort(([x], [y]) => x.localeCompare(y)),
          ),
      ),
    async create(account) {
      if (accounts.has(account.username)) return false;
      accounts.set(account.username, clone({ ...account, locked: account.lockedAt !== undefined }));
      return true;
    },
    async get(username) {
      const a = accounts.get(username);
      return a && clone(a);
    },
    list: async () => sorted().map(clone),
    listByRole: async (role) =>
      sorted()
        .filter((a) => a.role === role)
        .map(clone),
    async update(username, change, at) {
      const a = accounts.get(username);
      if (a === undefined) return undefined;
      if (change.status !== undefined) a.status = change.status;
      if (change.passwordHash !== undefined) a.passwordHash = change.passwordHash;
      if (change.mustChangePassword !== undefined) a.mustChangePassword = change.mustChangePassword;
      if (change.endSessions === true) a.sessionVersion += 1;
      if (change.unlock === true) {
        a.failedAttempts = 0;
        delete a.lockedAt;
        a.locked = false;
      }
      a.updatedAt = at;
      return clone(a);
    },
    async recordFailure(username) {
      const a = accounts.get(username);
      if (a === undefined) return undefined;
      a.failedAttempts += 1;
      return a.failedAttempts;
    },
    async lock(username, at) {
      const a = accounts.get(username);
      if (a === undefined || a.lockedAt !== undefined) return false;
      a.lockedAt = at;
      a.locked = true;
      return true;
    },
    async recordSignIn(username, at) {
      const a = accounts.get(username);
      if (a === undefined || a.lockedAt !== undefined) return;
      a.failedAttempts = 0;
      a.lastSignInAt = at;
    },
  };
}

/** Not scrypt: a salted SHA-256, so tests that sign in dozens of times stay quick. Tests only. */
export const fastHasher: PasswordHasher = {
  async hash(password) {
    const salt = Math.random().toString(36).slice(2);
    return `test$${salt}$${createHash('sha256').update(`${salt}:${password}`).digest('hex')}`;
  },
  async verify(password, hash) {
    if (hash === undefined) return false;
    const [kind, salt, digest] = hash.split('$');
    return kind === 'test' && digest === createHash('sha256').update(`${salt}:${password}`).digest('hex');
  },
};

/** A local identity provider over the memory store (the local stack's, without DynamoDB). */
export function memoryIdentity(): Extract<IdentityProvider, { kind: 'local' }> & { store: ReturnType<typeof memoryAccountStore> } {
  const store = memoryAccountStore();
  return { kind: 'local', admin: localIdentityAdmin(store, fastHasher), store, hasher: fastHasher };
}

/** Puts an account straight into the store (no audit event), as a demo seed or a test arrangement does. */
export async function seedAccount(
  identity: { store: AccountStore; hasher: PasswordHasher },
  input: {
    username: string;
    role: string;
    password?: string;
    displayName?: string;
    mustChangePassword?: boolean;
    phone?: string;
    email?: string;
  },
): Promise<StoredAccount> {
  const account = await newStoredAccount(identity.hasher, {
    username: input.username,
    displayName: input.displayName ?? input.username,
    ...(input.phone === undefined ? {} : { phone: input.phone }),
    ...(input.email === undefined ? {} : { email: input.email }),
    role: input.role,
    password: input.password ?? 'Haishan-2027',
    mustChangePassword: input.mustChangePassword ?? false,
    at: '2026-04-01T00:00:00.000Z',
    createdBy: 'test',
  });
  await identity.store.create(account);
  return account;
}
