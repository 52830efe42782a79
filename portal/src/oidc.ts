// OpenID Connect for the portal, as pure functions (no window, no storage, no fetch of their own):
// reading /config.json, discovery, the authorization-code + PKCE requests, the token response and
// the user's roles from the configured claims. signin.ts does the I/O around them. No imports, so
// the root test suite can run this file directly.

/** Which claims carry the user's groups (orgdept, township:<code>, department:<code>) or plain codes. */
export interface ClaimNames {
  groups?: string;
  township?: string;
  department?: string;
}

export const COGNITO_CLAIMS: ClaimNames = { groups: 'cognito:groups' };

export type Routing = 'path' | 'hash';

export interface OidcConfig {
  mode: 'oidc';
  routing: Routing;
  issuer: string;
  clientId: string;
  scope: string;
  /** Given endpoints win over discovery; a path is this origin's (CloudFront forwards it). */
  authorizationEndpoint?: string;
  tokenEndpoint?: string;
  endSessionEndpoint?: string;
  logoutRedirectParam: string;
  bearerToken: 'access' | 'id';
  claims: ClaimNames;
}

/** Locally there is no /config.json: the local stack's password sign-in with Cognito-shaped tokens. */
export type SignInConfig = { mode: 'local'; routing: 'path'; claims: ClaimNames } | OidcConfig;

export const LOCAL_SIGN_IN: SignInConfig = { mode: 'local', routing: 'path', claims: COGNITO_CLAIMS };

export interface Endpoints {
  authorization: string;
  token: string;
  endSession: string | null;
}

export interface Roles {
  townships: string[];
  departments: string[];
  orgdept: boolean;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function text(body: unknown, key: string): string | undefined {
  if (!isRecord(body)) return undefined;
  const value = body[key];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

const isHttps = (url: string | undefined): url is string => url !== undefined && /^https:\/\/[^/]/.test(url);
const isEndpoint = (url: string | undefined) => url === undefined || isHttps(url) || /^\/[^/]/.test(url);
const CLAIM = /^[A-Za-z0-9_:./-]{1,200}$/;

function claimNames(raw: unknown): ClaimNames | null {
  if (!isRecord(raw)) return null;
  const names: ClaimNames = {};
  for (const key of ['groups', 'township', 'department'] as const) {
    const value = raw[key];
    if (value === undefined) continue;
    if (typeof value !== 'string' || !CLAIM.test(value)) return null;
    names[key] = value;
  }
  return Object.keys(names).length > 0 ? names : null;
}

/** The sign-in settings from /config.json; anything malformed (or no file) means the local sign-in. */
export function parseSignInConfig(body: unknown): SignInConfig {
  const issuer = text(body, 'issuer');
  const clientId = text(body, 'clientId');
  const scope = text(body, 'scope');
  const routing = text(body, 'routing');
  const bearer = text(body, 'bearerToken') ?? 'access';
  const claims = claimNames(isRecord(body) ? body['claims'] : undefined);
  const endpoints = {
    authorizationEndpoint: text(body, 'authorizationEndpoint'),
    tokenEndpoint: text(body, 'tokenEndpoint'),
    endSessionEndpoint: text(body, 'endSessionEndpoint'),
  };
  if (
    text(body, 'signIn') !== 'oidc' ||
    !isHttps(issuer) ||
    clientId === undefined ||
    scope === undefined ||
    (routing !== 'path' && routing !== 'hash') ||
    (bearer !== 'access' && bearer !== 'id') ||
    claims === null ||
    !Object.values(endpoints).every(isEndpoint)
  ) {
    return LOCAL_SIGN_IN;
  }
  return {
    mode: 'oidc',
    routing,
    issuer,
    clientId,
    scope,
    ...(endpoints.authorizationEndpoint === undefined ? {} : { authorizationEndpoint: endpoints.authorizationEndpoint }),
    ...(endpoints.tokenEndpoint === undefined ? {} : { tokenEndpoint: endpoints.tokenEndpoint }),
    ...(endpoints.endSessionEndpoint === undefined ? {} : { endSessionEndpoint: endpoints.endSessionEndpoint }),
    logoutRedirectParam: text(body, 'logoutRedirectParam') ?? 'post_logout_redirect_uri',
    bearerToken: bearer,
    claims,
  };
}

/** Where the issuer publishes its metadata (OpenID Connect Discovery 1.0, section 4). */
export function discoveryUrl(issuer: string): string {
  return `${issuer.replace(/\/+$/, '')}/.well-known/openid-configuration`;
}

/** Whether discovery is needed at all: only for endpoints the configuration does not give. */
export function needsDiscovery(cfg: OidcConfig): boolean {
  return cfg.authorizationEndpoint === undefined || cfg.tokenEndpoint === undefined;
}

/**
 * The endpoints to use: the configured ones, else the discovered ones. The discovery document
 * must be the issuer's own (its `issuer` equals the configured one), or sign-in stops.
 */
export function resolveEndpoints(cfg: OidcConfig, discovery: unknown, origin: string): Endpoints {
  if (discovery !== null && text(discovery, 'issuer') !== cfg.issuer) {
    throw new Error('统一身份认证配置有误：发现文档的签发者与配置不符');
  }
  const pick = (given: string | undefined, key: string): string | undefined => {
    const value = given ?? text(discovery, key);
    if (value === undefined) return undefined;
    if (value.startsWith('/')) return `${origin}${value}`;
    if (!isHttps(value)) throw new Error(`统一身份认证配置有误：${key} 不是 https 地址`);
    return value;
  };
  const authorization = pick(cfg.authorizationEndpoint, 'authorization_endpoint');
  const token = pick(cfg.tokenEndpoint, 'token_endpoint');
  if (authorization === undefined || token === undefined) throw new Error('统一身份认证配置有误：缺少授权或令牌端点');
  return { authorization, token, endSession: pick(cfg.endSessionEndpoint, 'end_session_endpoint') ?? null };
}

export function base64url(bytes: Uint8Array): string {
  let bin = '';
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** RFC 7636 S256: BASE64URL(SHA256(verifier)). */
export async function codeChallenge(verifier: string): Promise<string> {
  return base64url(new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier))));
}

export function authorizationUrl(
  endpoints: Endpoints,
  cfg: OidcConfig,
  request: { redirectUri: string; state: string; nonce: string; challenge: string },
): string {
  const url = new URL(endpoints.authorization);
  const params = {
    response_type: 'code',
    client_id: cfg.clientId,
    redirect_uri: request.redirectUri,
    scope: cfg.scope,
    state: request.state,
    nonce: request.nonce,
    code_challenge: request.challenge,
    code_challenge_method: 'S256',
  };
  for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
  return url.toString();
}

/** The form body of the authorization-code exchange (public client: no secret, the PKCE verifier). */
export function tokenRequestBody(cfg: OidcConfig, request: { code: string; redirectUri: string; verifier: string }): URLSearchParams {
  return new URLSearchParams({
    grant_type: 'authorization_code',
    client_id: cfg.clientId,
    code: request.code,
    redirect_uri: request.redirectUri,
    code_verifier: request.verifier,
  });
}

/** Claims of a JWT, unverified (the API verifies signatures; the portal only reads what to show). */
export function decodeClaims(token: string): Record<string, unknown> {
  const part = token.split('.')[1];
  if (!part) return {};
  try {
    const padded = part.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (part.length % 4)) % 4);
    const bytes = Uint8Array.from(atob(padded), (c) => c.charCodeAt(0));
    const parsed: unknown = JSON.parse(new TextDecoder().decode(bytes));
    return isRecord(parsed) ? parsed : {};
  } catch {
    return {};
  }
}

/**
 * The bearer token for the API and a display name, from the token response. With `id`, the ID
 * token must carry the nonce of this sign-in (a replayed or injected token does not).
 */
export function tokensFrom(cfg: OidcConfig, response: unknown, nonce: string): { token: string; displayName: string | null } {
  const idToken = text(response, 'id_token');
  const idClaims = idToken === undefined ? {} : decodeClaims(idToken);
  const token = cfg.bearerToken === 'id' ? idToken : text(response, 'access_token');
  if (token === undefined) throw new Error('登录失败：未取得访问令牌');
  if (cfg.bearerToken === 'id' && idClaims['nonce'] !== nonce) throw new Error('登录未完成或已失效，请重新登录');
  return { token, displayName: text(idClaims, 'name') ?? null };
}

/** Where sign-out sends the browser to end the provider's session too, or null if it has no such endpoint. */
export function endSessionUrl(endpoints: Endpoints, cfg: OidcConfig, redirectUri: string): string | null {
  if (endpoints.endSession === null) return null;
  const url = new URL(endpoints.endSession);
  url.searchParams.set('client_id', cfg.clientId);
  url.searchParams.set(cfg.logoutRedirectParam, redirectUri);
  return url.toString();
}

/** A list claim: an array, a JSON array in a string, the HTTP API's `[a b c]`, or a plain string. */
export function parseList(raw: unknown): string[] {
  if (Array.isArray(raw)) return raw.filter((g): g is string => typeof g === 'string' && g !== '');
  if (typeof raw !== 'string') return [];
  const trimmed = raw.trim();
  if (trimmed.startsWith('[')) {
    try {
      const parsed: unknown = JSON.parse(trimmed);
      if (Array.isArray(parsed)) return parseList(parsed);
    } catch {
      // the flattened form
    }
  }
  return trimmed
    .replace(/^\[|\]$/g, '')
    .split(/[\s,]+/)
    .filter((g) => g !== '');
}

const CODE = /^[a-z0-9][a-z0-9-]{0,63}$/;

/** The roles the API will grant, read from the same claims it reads (shared/adapters/http/auth.ts). */
export function rolesFromClaims(claims: Readonly<Record<string, unknown>>, names: ClaimNames): Roles {
  const groups = names.groups === undefined ? [] : parseList(claims[names.groups]);
  const codes = (prefix: string, attribute: string | undefined) => [
    ...new Set([
      ...groups.filter((g) => g.startsWith(prefix)).map((g) => g.slice(prefix.length)),
      ...(attribute === undefined ? [] : parseList(claims[attribute])),
    ]),
  ];
  return {
    townships: codes('township:', names.township).filter((c) => CODE.test(c)),
    departments: codes('department:', names.department).filter((c) => CODE.test(c)),
    orgdept: groups.includes('orgdept'),
  };
}

/** A path inside the portal for the router, in the URL form of the routing in use. */
export function appHref(routing: Routing, path: string): string {
  return routing === 'hash' ? `/#${path}` : path;
}
