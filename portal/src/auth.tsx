import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { clearSession, getSession, hadExpiredSession, saveSession, type Session } from './session';
import {
  activeSignInConfig,
  assignRoute,
  currentRoute,
  finishHostedSignIn,
  hostedSignOutUrl,
  signInWithPassword,
  startHostedSignIn,
  type SignInConfig,
} from './signin';

interface AuthState {
  session: Session | null;
  /** The page was opened with a stored session whose token had expired. */
  expired: boolean;
  /** How users sign in here (read from /config.json before the app rendered). */
  config: SignInConfig;
  /** Local sign-in with a password. */
  signIn: (username: string, password: string) => Promise<Session>;
  /** OIDC: off to the provider's sign-in page. */
  startSignIn: (next: string | null) => Promise<void>;
  /** OIDC: the provider came back with `code` and `state`. */
  completeSignIn: (params: URLSearchParams) => Promise<{ session: Session; next: string | null }>;
  signOut: () => void;
}

const AuthContext = createContext<AuthState | null>(null);

/** Where to send the user when the session ends, keeping the page they were on. */
export function loginUrl(reason: 'expired' | 'ended' | 'signin', next = currentRoute()): string {
  const params = new URLSearchParams();
  if (reason === 'expired') params.set('expired', '1');
  if (reason === 'ended') params.set('ended', '1');
  if (next && next !== '/' && !next.startsWith('/login')) params.set('next', next);
  const q = params.toString();
  return q ? `/login?${q}` : '/login';
}

export function AuthProvider({ children }: { children: ReactNode }) {
  // Read before getSession(), which drops an expired token.
  const [expired] = useState(() => hadExpiredSession());
  const [session, setSession] = useState<Session | null>(() => getSession());
  const config = activeSignInConfig();

  // Sessions expire with the token: sign out at `exp` and say why on the sign-in page.
  useEffect(() => {
    if (!session) return;
    const ms = session.expiresAt - Date.now();
    const timer = setTimeout(
      () => {
        clearSession();
        setSession(null);
        assignRoute(loginUrl('expired'));
      },
      // setTimeout fires at once beyond 2^31-1 ms; re-check daily for long tokens.
      Math.max(0, Math.min(ms, 86_400_000)),
    );
    return () => clearTimeout(timer);
  }, [session]);

  const signIn = useCallback(async (username: string, password: string) => {
    const result = await signInWithPassword(username, password);
    const s = saveSession(result.token, result.displayName);
    setSession(s);
    return s;
  }, []);

  const startSignIn = useCallback(
    async (next: string | null) => {
      if (config.mode !== 'oidc') throw new Error('统一身份认证未配置');
      await startHostedSignIn(config, next);
    },
    [config],
  );

  const completeSignIn = useCallback(
    async (params: URLSearchParams) => {
      if (config.mode !== 'oidc') throw new Error('统一身份认证未配置');
      const result = await finishHostedSignIn(config, params);
      const s = saveSession(result.token, result.displayName);
      setSession(s);
      return { session: s, next: result.next };
    },
    [config],
  );

  const signOut = useCallback(() => {
    clearSession();
    setSession(null);
    // Also end the provider's own session, or the next sign-in would skip the password.
    if (config.mode === 'oidc') {
      void hostedSignOutUrl(config).then((url) => {
        if (url !== null) window.location.assign(url);
      });
    }
  }, [config]);

  const value = useMemo(
    () => ({ session, expired, config, signIn, startSignIn, completeSignIn, signOut }),
    [session, expired, config, signIn, startSignIn, completeSignIn, signOut],
  );
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): AuthState {
  const ctx = useContext(AuthContext);
  if (!ctx) throw new Error('useAuth outside AuthProvider');
  return ctx;
}

/** A signed-in session; only for pages behind RequireRole. */
export function useSession(): Session {
  const { session } = useAuth();
  if (!session) throw new Error('useSession without a session');
  return session;
}

export type Role = 'township' | 'department' | 'orgdept';

export const ROLE_LABEL: Record<Role, string> = {
  township: '乡镇（街道）',
  department: '部门审查',
  orgdept: '组织部门',
};

export function hasRole(session: Session | null, role: Role): boolean {
  if (!session) return false;
  if (role === 'township') return session.roles.townships.length > 0;
  if (role === 'department') return session.roles.departments.length > 0;
  return session.roles.orgdept;
}

export function homePath(session: Session): string {
  if (session.passwordChangeOnly) return '/change-password';
  if (session.roles.orgdept) return '/dashboard';
  if (session.roles.departments.length > 0) return '/reviews';
  if (session.roles.townships.length > 0) return '/batches';
  return '/forbidden';
}
