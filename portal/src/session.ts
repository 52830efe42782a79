// The signed-in session: the bearer token and what its claims say about the user's roles.
import { type ClaimNames, COGNITO_CLAIMS, decodeClaims, type Roles, rolesFromClaims } from './oidc';

export type { Roles } from './oidc';

export interface Session {
  token: string;
  /** The token's `sub`: the id the API records in verdicts and audit events. */
  sub: string;
  username: string;
  displayName: string;
  /** Epoch milliseconds of the token's `exp`. */
  expiresAt: number;
  roles: Roles;
  /** Local sign-in with a temporary password: the token may only change it (scope lianshen/password). */
  passwordChangeOnly: boolean;
}

/** The local sign-in's scope of a token that may only change the password. */
export const PASSWORD_CHANGE_SCOPE = 'lianshen/password';

const KEY = 'lianshen.session';
const NAME_KEY = 'lianshen.displayName';

/** The claims roles are read from; set from /config.json before the app renders. */
let claimNames: ClaimNames = COGNITO_CLAIMS;

export function configureClaims(names: ClaimNames): void {
  claimNames = names;
}

export function sessionFromToken(token: string, displayName?: string | null): Session {
  const claims = decodeClaims(token);
  // A token without exp is treated as already expired.
  const exp = typeof claims['exp'] === 'number' ? claims['exp'] * 1000 : 0;
  const sub = typeof claims['sub'] === 'string' ? claims['sub'] : '';
  const named = ['cognito:username', 'preferred_username', 'username'].map((k) => claims[k]).find((v) => typeof v === 'string');
  const username = typeof named === 'string' ? named : sub;
  const scopes = typeof claims['scope'] === 'string' ? claims['scope'].split(' ') : [];
  return {
    token,
    sub,
    username,
    displayName: displayName ?? username,
    expiresAt: exp,
    roles: rolesFromClaims(claims, claimNames),
    passwordChangeOnly: scopes.includes(PASSWORD_CHANGE_SCOPE) && !scopes.includes('lianshen/api'),
  };
}

export function isExpired(session: Session, now = Date.now()): boolean {
  return session.expiresAt <= now;
}

/** The stored session, or null when there is none or its token has expired. */
export function getSession(): Session | null {
  const raw = sessionStorage.getItem(KEY);
  if (!raw) return null;
  const s = sessionFromToken(raw, sessionStorage.getItem(NAME_KEY));
  if (isExpired(s)) {
    clearSession();
    return null;
  }
  return s;
}

function storedSessionExpired(): boolean {
  const raw = typeof sessionStorage === 'undefined' ? null : sessionStorage.getItem(KEY);
  return raw !== null && isExpired(sessionFromToken(raw));
}

// Read once when the page loads, before anything drops the token: a first render that suspends (a
// lazy page such as the dashboard) runs the auth state's initializers again, after getSession()
// has removed the expired token, and the sign-in page would not say why it opened.
const expiredAtLoad = storedSessionExpired();

/** True when the page opened with a stored session whose token had expired (so the login page can say so). */
export function hadExpiredSession(): boolean {
  return expiredAtLoad;
}

export function saveSession(token: string, displayName?: string | null): Session {
  sessionStorage.setItem(KEY, token);
  if (displayName) sessionStorage.setItem(NAME_KEY, displayName);
  else sessionStorage.removeItem(NAME_KEY);
  return sessionFromToken(token, displayName);
}

export function clearSession(): void {
  sessionStorage.removeItem(KEY);
  sessionStorage.removeItem(NAME_KEY);
}
