// One contract for the local account store: the DynamoDB store (on DynamoDB Local) and the
// in-memory fake must agree, so sign-in and account tests on the fake say something about the stack.
import { beforeAll, expect, it } from 'vitest';
import type { AccountStore } from '../../shared/app/ports.js';
import { newStoredAccount } from '../../shared/adapters/identity/local.js';
import { fastHasher } from './memory-accounts.js';

const AT = '2026-04-01T00:00:00.000Z';

export function accountStoreContract(setup: () => Promise<AccountStore>): void {
  let store: AccountStore;
  const make = (username: string, role: string) =>
    newStoredAccount(fastHasher, {
      username,
      displayName: `${username} 的名字`,
      role,
      password: 'Haishan-2027',
      mustChangePassword: true,
      at: AT,
      createdBy: 'u-org',
    });

  beforeAll(async () => {
    store = await setup();
  });

  it('creates an account once per login name and lists accounts by role', async () => {
    expect(await store.create(await make('wang.li', 'township:baiquan'))).toBe(true);
    expect(await store.create(await make('wang.li', 'department:court'))).toBe(false);
    expect(await store.create({ ...(await make('li.na', 'department:court')), phone: '+8613812345678' })).toBe(true);
    expect(await store.create(await make('zhao.min', 'department:court'))).toBe(true);
    expect(await store.create(await make('admin', 'orgdept'))).toBe(true);
    expect((await store.list()).map((a) => a.username)).toEqual(['li.na', 'zhao.min', 'admin', 'wang.li']);
    expect((await store.listByRole('department:court')).map((a) => a.username)).toEqual(['li.na', 'zhao.min']);
    expect(await store.listByRole('department:co')).toEqual([]);
    const got = await store.get('li.na');
    expect(got).toMatchObject({ role: 'department:court', phone: '+8613812345678', status: 'enabled', locked: false, sessionVersion: 1 });
    expect((await store.get('wang.li'))?.role).toBe('township:baiquan');
    expect(await store.get('nobody')).toBeUndefined();
  });

  it('applies changes atomically and ends sessions by raising the version', async () => {
    const disabled = await store.update('wang.li', { status: 'disabled', endSessions: true }, '2026-04-02T00:00:00.000Z');
    expect(disabled).toMatchObject({ status: 'disabled', sessionVersion: 2, updatedAt: '2026-04-02T00:00:00.000Z' });
    const changed = await store.update('wang.li', { status: 'enabled', passwordHash: 'test$x$y', mustChangePassword: false }, AT);
    expect(changed).toMatchObject({ status: 'enabled', passwordHash: 'test$x$y', mustChangePassword: false, sessionVersion: 2 });
    expect(await store.update('nobody', { endSessions: true }, AT)).toBeUndefined();
  });

  it('counts wrong passwords in a row, locks once under concurrency, and unlocks', async () => {
    const counts = await Promise.all(Array.from({ length: 7 }, () => store.recordFailure('zhao.min', AT)));
    expect([...counts].sort((a, b) => (a ?? 0) - (b ?? 0))).toEqual([1, 2, 3, 4, 5, 6, 7]);
    const locks = await Promise.all(Array.from({ length: 5 }, () => store.lock('zhao.min', AT)));
    expect(locks.filter(Boolean)).toHaveLength(1);
    expect(await store.get('zhao.min')).toMatchObject({ locked: true, lockedAt: AT, failedAttempts: 7 });
    await store.recordSignIn('zhao.min', AT);
    expect((await store.get('zhao.min'))?.failedAttempts).toBe(7);
    const unlocked = await store.update('zhao.min', { unlock: true }, AT);
    expect(unlocked).toMatchObject({ locked: false, failedAttempts: 0 });
    expect(unlocked?.lockedAt).toBeUndefined();
    expect(await store.recordFailure('nobody', AT)).toBeUndefined();
    expect(await store.lock('nobody', AT)).toBe(false);
  });

  it('puts the count back to zero on a sign-in', async () => {
    await store.recordFailure('li.na', AT);
    await store.recordFailure('li.na', AT);
    await store.recordSignIn('li.na', '2026-04-03T00:00:00.000Z');
    expect(await store.get('li.na')).toMatchObject({ failedAttempts: 0, lastSignInAt: '2026-04-03T00:00:00.000Z' });
  });
}
