// Local sign-in keeps only scrypt hashes and a private signing key on disk, tokens from any other
// key are worthless, and a token of an account stands only while the account's session does.
import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeJwt } from 'jose';
import { describe, expect, it } from 'vitest';
import { createLocalAuth, createLocalTokens, hashPassword, verifyPassword } from '../../local/auth.js';
import { demoUserSeeds } from '../../local/users.js';
import { fastHasher, memoryAccountStore } from '../adapters/memory-accounts.js';
import { memoryRepositories } from '../adapters/memory-repositories.js';

describe('password hashes', () => {
  it('verify the right password only and never contain it', async () => {
    const a = await hashPassword('lianshen-demo');
    const b = await hashPassword('lianshen-demo');
    expect(a).not.toBe(b);
    expect(a).not.toContain('lianshen-demo');
    expect(await verifyPassword('lianshen-demo', a)).toBe(true);
    expect(await verifyPassword('lianshen-demo!', a)).toBe(false);
    expect(await verifyPassword('lianshen-demo', 'plain')).toBe(false);
    expect(await verifyPassword('lianshen-demo', undefined)).toBe(false);
    // A tampered hash cannot ask for an enormous computation.
    expect(await verifyPassword('x', a.replace(/^scrypt\$16384/, 'scrypt$1073741824'))).toBe(false);
  });
});

describe('the signing key', () => {
  it('is kept 0600 in the data folder, its tokens verify after a restart, and no other key’s do', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lianshen-auth-'));
    const token = await createLocalTokens({ dir }).issueToken({ username: 'orgdept', groups: ['orgdept'] });
    expect(statSync(join(dir, 'signing-key.jwk.json')).mode & 0o777).toBe(0o600);
    expect((await createLocalTokens({ dir }).verify(token))?.username).toBe('orgdept');
    expect(await createLocalTokens().verify(token)).toBeNull();
  });
});

describe('sign-in with an account of the table', () => {
  const setup = async () => {
    const store = memoryAccountStore();
    const auth = createLocalAuth({ store, repos: memoryRepositories(), hasher: fastHasher });
    await auth.seedUsers([{ username: 'court.one', displayName: '区法院', groups: ['department:court'], password: 'Haishan-2027' }]);
    return { store, auth };
  };

  it('issues a Cognito-shaped token carrying the session version, valid until the session ends', async () => {
    const { store, auth } = await setup();
    const login = await auth.login({ username: 'court.one', password: 'Haishan-2027', address: '10.0.0.1' });
    if (login.kind !== 'signedIn') throw new Error(login.kind);
    expect(decodeJwt(login.accessToken)).toMatchObject({ 'cognito:groups': ['department:court'], scope: 'lianshen/api', sv: 1 });
    const claims = await auth.verify(login.accessToken);
    if (claims === null) throw new Error('token did not verify');
    expect(await auth.session(claims)).toBe('valid');
    await store.update('court.one', { endSessions: true }, '2026-04-02T00:00:00.000Z');
    expect(await auth.session(claims)).toBe('ended');
    // A token for the role (the key holder's: CLI, tests) has no session to end.
    const keyHolder = await auth.verify(await auth.issueToken({ username: 'court.one', groups: ['department:court'] }));
    expect(keyHolder && (await auth.session(keyHolder))).toBe('valid');
  });

  it('gives a temporary password a token that may only change it', async () => {
    const { store, auth } = await setup();
    await store.update('court.one', { mustChangePassword: true }, '2026-04-02T00:00:00.000Z');
    const login = await auth.login({ username: 'court.one', password: 'Haishan-2027', address: '10.0.0.1' });
    if (login.kind !== 'signedIn') throw new Error(login.kind);
    expect(login.passwordChangeRequired).toBe(true);
    expect(decodeJwt(login.accessToken)['scope']).toBe('lianshen/password');
    expect(login.expiresIn).toBe(15 * 60);
  });

  it('keeps an existing account when the demo seed runs again', async () => {
    const { store, auth } = await setup();
    await store.update('court.one', { status: 'disabled' }, '2026-04-02T00:00:00.000Z');
    await auth.seedUsers([{ username: 'court.one', displayName: 'x', groups: ['department:court'], password: 'other-Password-1' }]);
    expect(await store.get('court.one')).toMatchObject({ status: 'disabled', displayName: '区法院' });
  });

  it('the demo accounts: one per role, the organization department, a township and every department', () => {
    const seeds = demoUserSeeds('x'.repeat(12));
    expect(seeds.map((s) => s.groups[0])).toEqual(
      expect.arrayContaining(['orgdept', 'township:changguo', 'department:discipline', 'department:public-security']),
    );
  });
});
