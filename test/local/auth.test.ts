// Local sign-in keeps only scrypt hashes and a private signing key on disk, and tokens from any
// other key are worthless.
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createLocalAuth, hashPassword, verifyPassword } from '../../local/auth.js';
import { DEFAULT_DEMO_PASSWORD, demoUserSeeds } from '../../local/users.js';

describe('password hashes', () => {
  it('verify the right password only and never contain it', async () => {
    const a = await hashPassword('lianshen-demo');
    const b = await hashPassword('lianshen-demo');
    expect(a).not.toBe(b);
    expect(a).not.toContain('lianshen-demo');
    expect(await verifyPassword('lianshen-demo', a)).toBe(true);
    expect(await verifyPassword('lianshen-demo!', a)).toBe(false);
    expect(await verifyPassword('lianshen-demo', 'plain')).toBe(false);
  });
});

describe('a persistent local sign-in', () => {
  it('stores hashes and a 0600 key, and accepts its own tokens after a restart', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lianshen-auth-'));
    const first = createLocalAuth({ dir });
    await first.seedUsers(demoUserSeeds());
    const stored = readFileSync(join(dir, 'users.json'), 'utf8');
    expect(stored).not.toContain(DEFAULT_DEMO_PASSWORD);
    expect(statSync(join(dir, 'signing-key.jwk.json')).mode & 0o777).toBe(0o600);
    const login = await first.login('dept-public-security', DEFAULT_DEMO_PASSWORD);
    expect(login?.user.groups).toEqual(['department:public-security']);

    const again = createLocalAuth({ dir });
    await again.seedUsers(demoUserSeeds());
    const claims = await again.verify(login?.accessToken ?? '');
    expect(claims?.sub).toBe(login?.user.sub);
    expect(await createLocalAuth().verify(login?.accessToken ?? '')).toBeNull();
  });

  it('seeds one user per role: orgdept, a township and every department', () => {
    const seeds = demoUserSeeds('x'.repeat(12));
    expect(seeds.map((s) => s.groups[0])).toEqual(
      expect.arrayContaining(['orgdept', 'township:changguo', 'department:discipline', 'department:public-security']),
    );
  });
});
