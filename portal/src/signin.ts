// How a user obtains an access token; the rest of the portal only ever sees the token.
// - Locally: the stack's stand-in for Cognito answers POST /auth/login with a JWT carrying
//   Cognito's claims.
// - On AWS: /config.json (deployed next to the build by infra's PortalHosting) says
//   `signIn: "cognito"`. The user signs in on the Cognito hosted UI (authorization code + PKCE);
//   the code comes back to `${origin}/` and is exchanged at the token endpoint, which CloudFront
//   serves on this same origin. Only page navigations go to the hosted UI; no fetch leaves.

export interface SignInResult {
  token: string;
  displayName: string | null;
}

export type SignInConfig = { mode: 'local' } | { mode: 'cognito'; authDomain: string; clientId: string; scope: string; tokenPath: string };

function isRecord(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function field(body: unknown, key: string): string | null {
  if (!isRecord(body)) return null;
  const value = body[key];
  return typeof value === 'string' && value !== '' ? value : null;
}

let configPromise: Promise<SignInConfig> | undefined;

/** Cognito when /config.json says so; the local sign-in otherwise (no such file locally). */
export function loadSignInConfig(): Promise<SignInConfig> {
  configPromise ??= fetch('/config.json', { cache: 'no-store' })
    .then((res) => (res.ok ? res.json() : null))
    .catch(() => null)
    .then((body: unknown): SignInConfig => {
      const authDomain = field(body, 'authDomain');
      const clientId = field(body, 'clientId');
      const scope = field(body, 'scope');
      const tokenPath = field(body, 'tokenPath');
      if (field(body, 'signIn') === 'cognito' && authDomain?.startsWith('https://') && clientId && scope && tokenPath?.startsWith('/')) {
        return { mode: 'cognito', authDomain: authDomain.replace(/\/$/, ''), clientId, scope, tokenPath };
      }
      return { mode: 'local' };
    });
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
  if (res.status === 401) throw new Error('用户名或密码错误');
  if (!res.ok) throw new Error(`登录失败（${res.status}），请稍后重试`);
  const body: unknown = await res.json().catch(() => null);
  const token = field(body, 'accessToken') ?? field(body, 'token');
  if (token === null) throw new Error('登录失败：服务器未返回令牌');
  return { token, displayName: field(body, 'displayName') };
}

// ---------------------------------------------------------------- Cognito hosted UI

const PKCE_KEY = 'lianshen.pkce';

function base64url(bytes: Uint8Array): string {
  let bin = '';
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function randomString(bytes = 32): string {
  return base64url(crypto.getRandomValues(new Uint8Array(bytes)));
}

const redirectUri = () => `${window.location.origin}/`;

/** Leaves for the hosted UI; comes back to `/?code=…&state=…`. */
export async function startHostedSignIn(cfg: Extract<SignInConfig, { mode: 'cognito' }>, next: string | null): Promise<void> {
  const verifier = randomString(48);
  const state = randomString(16);
  const challenge = base64url(new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier))));
  sessionStorage.setItem(PKCE_KEY, JSON.stringify({ verifier, state, next }));
  const q = new URLSearchParams({
    response_type: 'code',
    client_id: cfg.clientId,
    redirect_uri: redirectUri(),
    scope: cfg.scope,
    state,
    code_challenge: challenge,
    code_challenge_method: 'S256',
  });
  window.location.assign(`${cfg.authDomain}/oauth2/authorize?${q.toString()}`);
}

/** Exchanges the code the hosted UI sent back; `next` is where the user was going. */
export async function finishHostedSignIn(
  cfg: Extract<SignInConfig, { mode: 'cognito' }>,
  params: URLSearchParams,
): Promise<SignInResult & { next: string | null }> {
  const raw = sessionStorage.getItem(PKCE_KEY);
  sessionStorage.removeItem(PKCE_KEY);
  let saved: unknown = null;
  try {
    saved = raw ? JSON.parse(raw) : null;
  } catch {
    saved = null;
  }
  const verifier = field(saved, 'verifier');
  const code = params.get('code');
  if (!verifier || !code || field(saved, 'state') !== params.get('state')) throw new Error('登录未完成或已失效，请重新登录');
  const res = await fetch(cfg.tokenPath, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      client_id: cfg.clientId,
      code,
      redirect_uri: redirectUri(),
      code_verifier: verifier,
    }),
  }).catch(() => null);
  if (!res?.ok) throw new Error('登录失败，请重新登录');
  const token = field(await res.json().catch(() => null), 'access_token');
  if (!token) throw new Error('登录失败：未取得访问令牌');
  return { token, displayName: null, next: field(saved, 'next') };
}

export function hostedSignOutUrl(cfg: Extract<SignInConfig, { mode: 'cognito' }>): string {
  return `${cfg.authDomain}/logout?${new URLSearchParams({ client_id: cfg.clientId, logout_uri: redirectUri() }).toString()}`;
}
