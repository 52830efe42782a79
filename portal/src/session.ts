// The signed-in session: the access token and what its claims say about the user's roles.
export interface Roles {
  townships: string[];
  departments: string[];
  orgdept: boolean;
}

export interface Session {
  token: string;
  /** Cognito `sub`: the id the API records in verdicts and audit events. */
  sub: string;
  username: string;
  displayName: string;
  /** Epoch milliseconds of the token's `exp`. */
  expiresAt: number;
  roles: Roles;
}

const KEY = 'lianshen.session';
const NAME_KEY = 'lianshen.displayName';

function decodeClaims(token: string): Record<string, unknown> {
  const part = token.split('.')[1];
  if (!part) return {};
  try {
    const padded = part.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (part.length % 4)) % 4);
    const bytes = Uint8Array.from(atob(padded), (c) => c.charCodeAt(0));
    const parsed: unknown = JSON.parse(new TextDecoder().decode(bytes));
    return parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/** `cognito:groups` may be an array, a JSON array in a string, or the HTTP API's `[a b c]`. */
export function parseGroups(raw: unknown): string[] {
  if (Array.isArray(raw)) return raw.filter((g): g is string => typeof g === 'string' && g !== '');
  if (typeof raw !== 'string') return [];
  const text = raw.trim();
  if (text.startsWith('[')) {
    try {
      const parsed: unknown = JSON.parse(text);
      if (Array.isArray(parsed)) return parseGroups(parsed);
    } catch {
      // the flattened form
    }
  }
  return text
    .replace(/^\[|\]$/g, '')
    .split(/[\s,]+/)
    .filter((g) => g !== '');
}

export function rolesFromGroups(groups: unknown): Roles {
  const list = parseGroups(groups);
  return {
    townships: list.filter((g) => g.startsWith('township:')).map((g) => g.slice('township:'.length)),
    departments: list.filter((g) => g.startsWith('department:')).map((g) => g.slice('department:'.length)),
    orgdept: list.includes('orgdept'),
  };
}

export function sessionFromToken(token: string, displayName?: string | null): Session {
  const claims = decodeClaims(token);
  // A token without exp is treated as already expired.
  const exp = typeof claims['exp'] === 'number' ? claims['exp'] * 1000 : 0;
  const sub = typeof claims['sub'] === 'string' ? claims['sub'] : '';
  const username =
    typeof claims['cognito:username'] === 'string'
      ? claims['cognito:username']
      : typeof claims['username'] === 'string'
        ? claims['username']
        : sub;
  return { token, sub, username, displayName: displayName ?? username, expiresAt: exp, roles: rolesFromGroups(claims['cognito:groups']) };
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

/** True when a session was stored but its token has expired (so the login page can say so). */
export function hadExpiredSession(): boolean {
  const raw = sessionStorage.getItem(KEY);
  return raw !== null && isExpired(sessionFromToken(raw));
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
