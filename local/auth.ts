// Local sign-in: stands in for the Cognito user pool. Issues ES256 access tokens with the claims
// the API Gateway JWT authorizer passes on from Cognito (sub, cognito:groups, username,
// scope "lianshen/api", token_use "access"), for the accounts the stack keeps in its table.
//
// Hardening (shared/app/accounts/sign-in.ts decides, this module signs): attempts per client
// address are throttled, wrong passwords in a row lock the account, and every token of an account
// carries its session version (`sv`), which the HTTP adapter checks on every request, so
// disabling an account, resetting its password or signing it out everywhere ends its sessions at
// once. A first sign-in with a temporary password gets a token for one thing only: changing it
// (scope "lianshen/password").
//
// Tokens without `sv` are minted by whoever holds the signing key in the data folder (the CLI on
// this machine, the tests): they stand for a role, not for an account, and nothing revokes them
// but their expiry, like the data folder itself.
import { createPrivateKey, createPublicKey, generateKeyPairSync, randomUUID, type KeyObject } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SignJWT, jwtVerify, errors as joseErrors } from 'jose';
import { z } from 'zod';
import { sessionState } from '../shared/app/accounts/sessions.js';
import { signIn, type SignInOutcome } from '../shared/app/accounts/sign-in.js';
import type { AccountStore, PasswordHasher, Repositories, SignInThrottle, StoredAccount } from '../shared/app/ports.js';
import { scryptHasher } from '../shared/adapters/identity/passwords.js';
import { memoryThrottle } from './throttle.js';

export { hashPassword, verifyPassword } from '../shared/adapters/identity/passwords.js';

export const API_SCOPE = 'lianshen/api';
/** The only scope of a token issued with a temporary password: POST /me/password and nothing else. */
export const PASSWORD_CHANGE_SCOPE = 'lianshen/password';
export const TOKEN_ISSUER = 'lianshen-local';
export const TOKEN_CLIENT_ID = 'lianshen-local-portal';
export const TOKEN_LIFETIME_SECONDS = 8 * 3600;
/** A token that may only change the password lives long enough to do that. */
export const PASSWORD_CHANGE_TOKEN_SECONDS = 15 * 60;

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
  /** The account's session version when the token was issued; absent on key-holder tokens. */
  sv: z.number().int().optional(),
});
export type AccessClaims = z.infer<typeof AccessClaims>;

export const hasScope = (claims: Pick<AccessClaims, 'scope'>, scope: string) => claims.scope.split(' ').includes(scope);

export interface UserSeed {
  username: string;
  displayName: string;
  groups: string[];
  password: string;
}

/** What only the holder of the signing key can do: sign and verify. */
export interface LocalTokens {
  /** A token for a role, not an account (e.g. the township of a batch given to `lianshen vet`). */
  issueToken(identity: { username: string; groups: string[] }): Promise<string>;
  /** The claims of a token this key signed, still valid, carrying the API or the password-change scope; else null. */
  verify(token: string): Promise<AccessClaims | null>;
}

export type LoginResult =
  | { kind: 'signedIn'; accessToken: string; expiresIn: number; account: StoredAccount; passwordChangeRequired: boolean }
  | Exclude<SignInOutcome, { kind: 'signedIn' }>;

export interface LocalAuth extends LocalTokens {
  store: AccountStore;
  hasher: PasswordHasher;
  /** Demo and test accounts, written straight into the store; an existing account is kept as it is. */
  seedUsers(seeds: readonly UserSeed[]): Promise<void>;
  /** A token for an existing account, as its own sign-in would give (CLI on this machine, tests). */
  issueFor(username: string): Promise<string>;
  login(input: { username: string; password: string; address: string }): Promise<LoginResult>;
  /** Whether a token's session still stands: always for key-holder tokens, else by the account's state. */
  session(claims: AccessClaims): Promise<'valid' | 'ended'>;
}

interface SignOptions {
  sub: string;
  username: string;
  groups: readonly string[];
  scope: string;
  lifetimeSeconds: number;
  sessionVersion?: number;
}

/** The signing key of `dir` (created there, mode 0600, on first use), or an in-memory one. */
export function createLocalTokens(opts: { dir?: string } = {}): LocalTokens & { sign(o: SignOptions): Promise<string> } {
  const { privateKey, publicKey } = loadOrCreateKey(opts.dir);
  const sign = async (o: SignOptions): Promise<string> => {
    const now = Math.floor(Date.now() / 1000);
    return new SignJWT({
      'cognito:groups': [...o.groups],
      username: o.username,
      scope: o.scope,
      token_use: 'access',
      client_id: TOKEN_CLIENT_ID,
      auth_time: now,
      jti: randomUUID(),
      ...(o.sessionVersion === undefined ? {} : { sv: o.sessionVersion }),
    })
      .setProtectedHeader({ alg: 'ES256', typ: 'JWT', kid: 'lianshen-local-1' })
      .setSubject(o.sub)
      .setIssuer(TOKEN_ISSUER)
      .setIssuedAt(now)
      .setExpirationTime(now + o.lifetimeSeconds)
      .sign(privateKey);
  };
  return {
    sign,
    issueToken: (identity) =>
      sign({
        sub: `local-${identity.username}`,
        username: identity.username,
        groups: z
          .array(z.string().regex(/^(orgdept|township:[a-z0-9-]+|department:[a-z0-9-]+)$/))
          .min(1)
          .parse(identity.groups),
        scope: API_SCOPE,
        lifetimeSeconds: TOKEN_LIFETIME_SECONDS,
      }),
    async verify(token) {
      try {
        const { payload } = await jwtVerify(token, publicKey, { issuer: TOKEN_ISSUER, algorithms: ['ES256'] });
        const claims = AccessClaims.safeParse(payload);
        if (!claims.success) return null;
        return hasScope(claims.data, API_SCOPE) || hasScope(claims.data, PASSWORD_CHANGE_SCOPE) ? claims.data : null;
      } catch (err) {
        if (err instanceof joseErrors.JOSEError) return null;
        throw err;
      }
    },
  };
}

/** Sign-in attempts per client address: 20 in 10 minutes (an office behind one address signs in well below that). */
export const ADDRESS_ATTEMPTS = { attempts: 20, windowSeconds: 600 } as const;

export function createLocalAuth(opts: {
  store: AccountStore;
  /** The audit chain the lock events go to. */
  repos: Repositories;
  dir?: string;
  hasher?: PasswordHasher;
  throttle?: SignInThrottle;
  now?: () => Date;
}): LocalAuth {
  const tokens = createLocalTokens(opts.dir === undefined ? {} : { dir: opts.dir });
  const hasher = opts.hasher ?? scryptHasher;
  const throttle = opts.throttle ?? memoryThrottle(ADDRESS_ATTEMPTS);
  const now = opts.now ?? (() => new Date());
  const store = opts.store;

  const tokenFor = (a: StoredAccount, passwordChangeOnly: boolean) =>
    tokens.sign({
      sub: a.sub,
      username: a.username,
      groups: [a.role],
      scope: passwordChangeOnly ? PASSWORD_CHANGE_SCOPE : API_SCOPE,
      lifetimeSeconds: passwordChangeOnly ? PASSWORD_CHANGE_TOKEN_SECONDS : TOKEN_LIFETIME_SECONDS,
      sessionVersion: a.sessionVersion,
    });

  return {
    store,
    hasher,
    issueToken: tokens.issueToken,
    verify: tokens.verify,

    async seedUsers(seeds) {
      // Demo accounts share one published password: one hash per distinct password keeps start-up quick.
      const hashes = new Map<string, Promise<string>>();
      const at = now().toISOString();
      for (const s of seeds) {
        const [role] = s.groups;
        if (role === undefined || (await store.get(s.username)) !== undefined) continue;
        const hash = hashes.get(s.password) ?? hasher.hash(s.password);
        hashes.set(s.password, hash);
        await store.create({
          username: s.username,
          sub: randomUUID(),
          displayName: s.displayName,
          role,
          status: 'enabled',
          locked: false,
          mustChangePassword: false,
          createdAt: at,
          passwordHash: await hash,
          sessionVersion: 1,
          failedAttempts: 0,
          createdBy: 'seed',
          updatedAt: at,
        });
      }
    },

    async issueFor(username) {
      const account = await store.get(username);
      if (account === undefined) throw new Error(`No local account ${username}`);
      return tokenFor(account, false);
    },

    async login(input) {
      const outcome = await signIn({ repos: opts.repos, now, store, hasher, throttle }, input);
      if (outcome.kind !== 'signedIn') return outcome;
      const changeOnly = outcome.passwordChangeRequired;
      return {
        kind: 'signedIn',
        accessToken: await tokenFor(outcome.account, changeOnly),
        expiresIn: changeOnly ? PASSWORD_CHANGE_TOKEN_SECONDS : TOKEN_LIFETIME_SECONDS,
        account: outcome.account,
        passwordChangeRequired: changeOnly,
      };
    },

    async session(claims) {
      if (claims.sv === undefined) return 'valid';
      return sessionState({ store }, { username: claims.username, sub: claims.sub, sessionVersion: claims.sv });
    },
  };
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
