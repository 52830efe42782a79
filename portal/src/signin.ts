// How a user obtains a bearer token; the rest of the portal only ever sees the token.
// - Locally: the stack's stand-in for Cognito answers POST /auth/login with a JWT carrying
//   Cognito's claims.
// - On AWS: /config.json (deployed next to the build by infra's PortalHosting) names an OpenID
//   Connect provider: Cognito's hosted UI, a provincial government SSO, Keycloak, … The user signs
//   in there (authorization code + PKCE, public client); the code comes back to `${origin}/` and is
//   exchanged at the token endpoint (with Cognito a path that CloudFront serves on this origin).
import { configureClaims } from './session';
import {
  appHref,
  authorizationUrl,
  codeChallenge,
  discoveryUrl,
  type Endpoints,
  endSessionUrl,
  LOCAL_SIGN_IN,
  needsDiscovery,
  type OidcConfig,
  parseSignInConfig,
  resolveEndpoints,
  base64url,
  type SignInConfig,
  tokenRequestBody,
  tokensFrom,
} from './oidc';

export type { SignInConfig } from './oidc';

export interface SignInResult {
  token: string;
  displayName: string | null;
}

/** A refused sign-in: the server's Chinese message and stable code (ACCOUNT_LOCKED, TOO_MANY_ATTEMPTS, …). */
export class SignInError extends Error {
  constructor(
    message: string,
    readonly code: string | null,
  ) {
    super(message);
  }
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function field(body: unknown, key: string): string | null {
  if (!isRecord(body)) return null;
  const value = body[key];
  return typeof value === 'string' && value !== '' ? value : null;
}

let configPromise: Promise<SignInConfig> | undefined;
let active: SignInConfig = LOCAL_SIGN_IN;

/** Puts the loaded configuration in force (claim names, routing); main.tsx does this before rendering. */
export function activateSignInConfig(cfg: SignInConfig): void {
  active = cfg;
  configureClaims(cfg.claims);
}

export function activeSignInConfig(): SignInConfig {
  return active;
}

/** A full page load of a portal route (`/login?…`), in the URL form of the routing in use. */
export function assignRoute(path: string): void {
  window.location.assign(appHref(active.routing, path));
}

/** The current portal route (path and query), whichever routing is in use. */
export function currentRoute(): string {
  return active.routing === 'hash' ? window.location.hash.replace(/^#/, '') || '/' : window.location.pathname + window.location.search;
}

/** OIDC when /config.json says so; the local sign-in otherwise (no such file locally). */
export function loadSignInConfig(): Promise<SignInConfig> {
  configPromise ??= fetch('/config.json', { cache: 'no-store' })
    .then((res) => (res.ok ? res.json() : null))
    .catch(() => null)
    .then((body: unknown) => (body === null ? LOCAL_SIGN_IN : parseSignInConfig(body)));
  return configPromise;
}

// ---------------------------------------------------------------- local

export async function signInWithPassword(username: string, password: string): Promise<SignInResult> {
  let res: Response;
  try {
    res = await fetch('/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password }),
    });
  } catch {
    throw new Error('无法连接服务器，请检查网络后重试');
  }
  const body: unknown = await res.json().catch(() => null);
  if (!res.ok) {
    const fallback = res.status === 401 ? '用户名或密码错误' : `登录失败（${res.status}），请稍后重试`;
    throw new SignInError(field(body, 'message') ?? fallback, field(body, 'code'));
  }
  const token = field(body, 'accessToken') ?? field(body, 'token');
  if (token === null) throw new Error('登录失败：服务器未返回令牌');
  return { token, displayName: field(body, 'displayName') };
}

// ---------------------------------------------------------------- OpenID Connect

const PKCE_KEY = 'lianshen.pkce';

function randomString(bytes = 32): string {
  return base64url(crypto.getRandomValues(new Uint8Array(bytes)));
}

const redirectUri = () => `${window.location.origin}/`;

let endpointsPromise: Promise<Endpoints> | undefined;

/** The provider's endpoints: those in /config.json, the rest from its discovery document. */
function endpointsOf(cfg: OidcConfig): Promise<Endpoints> {
  endpointsPromise ??= (async () => {
    let discovery: unknown = null;
    if (needsDiscovery(cfg)) {
      const res = await fetch(discoveryUrl(cfg.issuer)).catch(() => null);
      if (!res?.ok) throw new Error('无法连接统一身份认证服务，请稍后重试');
      discovery = await res.json().catch(() => null);
    }
    return resolveEndpoints(cfg, discovery, window.location.origin);
  })();
  endpointsPromise.catch(() => {
    endpointsPromise = undefined;
  });
  return endpointsPromise;
}

/** Leaves for the provider's sign-in page; comes back to `/?code=…&state=…`. */
export async function startHostedSignIn(cfg: OidcConfig, next: string | null): Promise<void> {
  const endpoints = await endpointsOf(cfg);
  const verifier = randomString(48);
  const state = randomString(16);
  const nonce = randomString(16);
  sessionStorage.setItem(PKCE_KEY, JSON.stringify({ verifier, state, nonce, next }));
  const challenge = await codeChallenge(verifier);
  window.location.assign(authorizationUrl(endpoints, cfg, { redirectUri: redirectUri(), state, nonce, challenge }));
}

/** Exchanges the code the provider sent back; `next` is where the user was going. */
export async function finishHostedSignIn(cfg: OidcConfig, params: URLSearchParams): Promise<SignInResult & { next: string | null }> {
  const raw = sessionStorage.getItem(PKCE_KEY);
  sessionStorage.removeItem(PKCE_KEY);
  let saved: unknown = null;
  try {
    saved = raw ? JSON.parse(raw) : null;
  } catch {
    saved = null;
  }
  const verifier = field(saved, 'verifier');
  const nonce = field(saved, 'nonce');
  const code = params.get('code');
  if (!verifier || !nonce || !code || field(saved, 'state') !== params.get('state')) throw new Error('登录未完成或已失效，请重新登录');
  const endpoints = await endpointsOf(cfg);
  const res = await fetch(endpoints.token, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: tokenRequestBody(cfg, { code, redirectUri: redirectUri(), verifier }),
  }).catch(() => null);
  if (!res?.ok) throw new Error('登录失败，请重新登录');
  const tokens = tokensFrom(cfg, await res.json().catch(() => null), nonce);
  return { ...tokens, next: field(saved, 'next') };
}

/** Where sign-out goes to end the provider's session too (null: it has no end-session endpoint). */
export async function hostedSignOutUrl(cfg: OidcConfig): Promise<string | null> {
  const endpoints = await endpointsOf(cfg).catch(() => null);
  return endpoints === null ? null : endSessionUrl(endpoints, cfg, redirectUri());
}
