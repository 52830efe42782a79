// The signed-in session: the access token and what its claims say about the user's roles.
export interface Roles {
  townships: string[];
  departments: string[];
  orgdept: boolean;
}

export interface Session {
  token: string;
  username: string;
  expiresAt: number;
  roles: Roles;
}

const KEY = 'lianshen.session';

function decodeClaims(token: string): Record<string, unknown> {
  const part = token.split('.')[1];
  if (!part) return {};
  const json = atob(part.replace(/-/g, '+').replace(/_/g, '/'));
  const bytes = Uint8Array.from(json, (c) => c.charCodeAt(0));
  const parsed: unknown = JSON.parse(new TextDecoder().decode(bytes));
  return parsed !== null && typeof parsed === 'object' ? (parsed as Record<string, unknown>) : {};
}

export function rolesFromGroups(groups: unknown): Roles {
  const list = Array.isArray(groups) ? groups.filter((g): g is string => typeof g === 'string') : [];
  return {
    townships: list.filter((g) => g.startsWith('township:')).map((g) => g.slice('township:'.length)),
    departments: list.filter((g) => g.startsWith('department:')).map((g) => g.slice('department:'.length)),
    orgdept: list.includes('orgdept'),
  };
}

export function sessionFromToken(token: string): Session {
  const claims = decodeClaims(token);
  const exp = typeof claims.exp === 'number' ? claims.exp * 1000 : Date.now();
  const username = typeof claims.username === 'string' ? claims.username : typeof claims.sub === 'string' ? claims.sub : '';
  return { token, username, expiresAt: exp, roles: rolesFromGroups(claims['cognito:groups']) };
}

export function getSession(): Session | null {
  const raw = sessionStorage.getItem(KEY);
  if (!raw) return null;
  const s = sessionFromToken(raw);
  if (s.expiresAt <= Date.now()) {
    sessionStorage.removeItem(KEY);
    return null;
  }
  return s;
}

export function saveSession(token: string): Session {
  sessionStorage.setItem(KEY, token);
  return sessionFromToken(token);
}

export function clearSession(): void {
  sessionStorage.removeItem(KEY);
}
