// Local sign-in: stands in for the Cognito user pool. Issues ES256 access tokens with the claims
// the API Gateway JWT authorizer passes on from Cognito (sub, cognito:groups, username,
// scope "lianshen/api", token_use "access"). Passwords are kept only as scrypt hashes.
import {
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  randomBytes,
  randomUUID,
  scrypt,
  timingSafeEqual,
  type KeyObject,
} from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SignJWT, jwtVerify, errors as joseErrors } from 'jose';
import { z } from 'zod';

export const API_SCOPE = 'lianshen/api';
export const TOKEN_ISSUER = 'lianshen-local';
export const TOKEN_CLIENT_ID = 'lianshen-local-portal';
export const TOKEN_LIFETIME_SECONDS = 8 * 3600;

// ---------------------------------------------------------------- passwords

const SCRYPT = { N: 16384, r: 8, p: 1, keylen: 32 } as const;

function scryptAsync(password: string, salt: Buffer, keylen: number, o: { N: number; r: number; p: number }): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(password, salt, keylen, { ...o, maxmem: 64 * 1024 * 1024 }, (err, key) => (err ? reject(err) : resolve(key)));
  });
}

/** `scrypt$N$r$p$salt$hash` (base64url); a fresh random salt every time. */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const hash = await scryptAsync(password, salt, SCRYPT.keylen, SCRYPT);
  return ['scrypt', SCRYPT.N, SCRYPT.r, SCRYPT.p, salt.toString('base64url'), hash.toString('base64url')].join('$');
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [kind, n, r, p, saltB64, hashB64] = stored.split('$');
  if (kind !== 'scrypt' || !n || !r || !p || !saltB64 || !hashB64) return false;
  const expected = Buffer.from(hashB64, 'base64url');
  const actual = await scryptAsync(password, Buffer.from(saltB64, 'base64url'), expected.length, {
    N: Number(n),
    r: Number(r),
    p: Number(p),
  });
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

// ---------------------------------------------------------------- users

export const LocalUser = z.object({
  username: z.string().regex(/^[a-z0-9][a-z0-9._-]{1,63}$/),
  /** Display name (Chinese UI text). */
  displayName: z.string().min(1),
  groups: z.array(z.string().regex(/^(orgdept|township:[a-z0-9-]+|department:[a-z0-9-]+)$/)).min(1),
  sub: z.string().min(1),
  passwordHash: z.string().startsWith('scrypt$'),
});
export type LocalUser = z.infer<typeof LocalUser>;

const UsersFile = z.object({ version: z.literal(1), users: z.array(LocalUser) });

export interface UserSeed {
  username: string;
  displayName: string;
  groups: string[];
  password: string;
}

// ---------------------------------------------------------------- claims

export const AccessClaims = z.object({
  sub: z.string().min(1),
  'cognito:groups': z.array(z.string()),
  username: z.string().min(1),
  scope: z.string(),
  token_use: z.literal('access'),
  client_id: z.string(),
  iss: z.string(),
  exp: z.number(),
  iat: z.number(),
  auth_time: z.number(),
  jti: z.string(),
});
export type AccessClaims = z.infer<typeof AccessClaims>;

export interface LocalAuth {
  /** Adds or replaces users (by username); persisted when the auth has a folder. */
  seedUsers(seeds: readonly UserSeed[]): Promise<void>;
  users(): readonly LocalUser[];
  /** Checks the password; returns a signed access token or null. Never says which part was wrong. */
  login(username: string, password: string): Promise<{ accessToken: string; expiresIn: number; user: LocalUser } | null>;
  /** Signs a token for a known user without a password (CLI and tests acting as that user). */
  issueFor(username: string): Promise<string>;
  /**
   * Signs a token for an ad-hoc identity (e.g. the township of a batch given to `lianshen vet`).
   * Needs the signing key, so only code on this machine with access to the data folder can do it.
   */
  issueToken(identity: { username: string; groups: string[] }): Promise<string>;
  verify(token: string): Promise<AccessClaims | null>;
}

/**
 * With `dir`, the signing key (`signing-key.jwk.json`, mode 0600) and the users
 * (`users.json`, hashes only) live there and survive restarts; without it both are in memory.
 */
export function createLocalAuth(opts: { dir?: string } = {}): LocalAuth {
  const { privateKey, publicKey } = loadOrCreateKey(opts.dir);
  const byName = new Map<string, LocalUser>();
  const usersPath = opts.dir ? join(opts.dir, 'users.json') : undefined;
  if (usersPath && existsSync(usersPath)) {
    const parsed = UsersFile.safeParse(JSON.parse(readFileSync(usersPath, 'utf8')));
    if (parsed.success) for (const u of parsed.data.users) byName.set(u.username, u);
  }
  const persist = () => {
    if (!usersPath) return;
    writeFileSync(usersPath, `${JSON.stringify({ version: 1, users: [...byName.values()] }, null, 2)}\n`, { mode: 0o600 });
  };

  const sign = async (user: LocalUser): Promise<string> => {
    const now = Math.floor(Date.now() / 1000);
    return new SignJWT({
      'cognito:groups': user.groups,
      username: user.username,
      scope: API_SCOPE,
      token_use: 'access',
      client_id: TOKEN_CLIENT_ID,
      auth_time: now,
      jti: randomUUID(),
    })
      .setProtectedHeader({ alg: 'ES256', typ: 'JWT', kid: 'lianshen-local-1' })
      .setSubject(user.sub)
      .setIssuer(TOKEN_ISSUER)
      .setIssuedAt(now)
      .setExpirationTime(now + TOKEN_LIFETIME_SECONDS)
      .sign(privateKey);
  };

  return {
    async seedUsers(seeds) {
      // Demo accounts share one documented password, so one hash (one salt) per distinct password
      // and one verification per distinct stored hash keep start-up fast (scrypt is slow on purpose).
      const hashes = new Map<string, Promise<string>>();
      const checks = new Map<string, Promise<boolean>>();
      const hashOf = (password: string) => {
        const known = hashes.get(password);
        if (known) return known;
        const h = hashPassword(password);
        hashes.set(password, h);
        return h;
      };
      const matches = (password: string, stored: string) => {
        const key = `${stored}\u0000${password}`;
        const known = checks.get(key);
        if (known) return known;
        const c = verifyPassword(password, stored);
        checks.set(key, c);
        return c;
      };
      for (const s of seeds) {
        const existing = byName.get(s.username);
        // Keep the stored hash (and sub) when the password still matches: user ids stay stable.
        if (existing && sameGroups(existing.groups, s.groups) && (await matches(s.password, existing.passwordHash))) {
          byName.set(s.username, { ...existing, displayName: s.displayName });
          continue;
        }
        byName.set(
          s.username,
          LocalUser.parse({
            username: s.username,
            displayName: s.displayName,
            groups: s.groups,
            sub: existing?.sub ?? randomUUID(),
            passwordHash: await hashOf(s.password),
          }),
        );
      }
      persist();
    },
    users: () => [...byName.values()],
    async login(username, password) {
      const user = byName.get(username);
      // Hash anyway for unknown users so timing does not reveal which usernames exist.
      const ok = await verifyPassword(password, user?.passwordHash ?? DUMMY_HASH);
      if (!user || !ok) return null;
      return { accessToken: await sign(user), expiresIn: TOKEN_LIFETIME_SECONDS, user };
    },
    async issueFor(username) {
      const user = byName.get(username);
      if (!user) throw new Error(`No local user ${username}`);
      return sign(user);
    },
    async issueToken(identity) {
      const user = LocalUser.parse({
        username: identity.username,
        displayName: identity.username,
        groups: identity.groups,
        sub: `local-${identity.username}`,
        passwordHash: DUMMY_HASH,
      });
      return sign(user);
    },
    async verify(token) {
      try {
        const { payload } = await jwtVerify(token, publicKey, { issuer: TOKEN_ISSUER, algorithms: ['ES256'] });
        const claims = AccessClaims.safeParse(payload);
        if (!claims.success) return null;
        if (!claims.data.scope.split(' ').includes(API_SCOPE)) return null;
        return claims.data;
      } catch (err) {
        if (err instanceof joseErrors.JOSEError) return null;
        throw err;
      }
    },
  };
}

/** A syntactically valid hash no password matches (its stored hash is all zeros). */
const DUMMY_HASH = [
  'scrypt',
  SCRYPT.N,
  SCRYPT.r,
  SCRYPT.p,
  Buffer.alloc(16).toString('base64url'),
  Buffer.alloc(32).toString('base64url'),
].join('$');

function sameGroups(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && [...a].sort().join(' ') === [...b].sort().join(' ');
}

function loadOrCreateKey(dir: string | undefined): { privateKey: KeyObject; publicKey: KeyObject } {
  const path = dir ? join(dir, 'signing-key.jwk.json') : undefined;
  if (path && existsSync(path)) {
    const privateKey = createPrivateKey({ key: JSON.parse(readFileSync(path, 'utf8')), format: 'jwk' });
    return { privateKey, publicKey: createPublicKey(privateKey) };
  }
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  if (dir && path) {
    mkdirSync(dir, { recursive: true });
    writeFileSync(path, JSON.stringify(privateKey.export({ format: 'jwk' })), { mode: 0o600 });
    chmodSync(path, 0o600);
  }
  return { privateKey, publicKey };
}

/** The API Gateway JWT authorizer's view of the claims: every value a string, arrays as `[a b]`. */
export function authorizerClaims(claims: AccessClaims): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(claims)) {
    out[k] = Array.isArray(v) ? `[${v.join(' ')}]` : String(v);
  }
  return out;
}
