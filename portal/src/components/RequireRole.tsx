import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router-dom';
import { hasRole, loginUrl, ROLE_LABEL, useAuth, type Role } from '../auth';
import { NoAccess } from './NoAccess';

/** Signed in, and holding one of `roles`; otherwise the sign-in page or the no-access page. */
export function RequireRole({ roles, children }: { roles: Role[]; children: ReactNode }) {
  const { session, expired } = useAuth();
  const location = useLocation();
  if (!session) return <Navigate to={loginUrl(expired ? 'expired' : 'signin', location.pathname + location.search)} replace />;
  if (!roles.some((r) => hasRole(session, r))) {
    return <NoAccess detail={`此页面仅供${roles.map((r) => ROLE_LABEL[r]).join('、')}账号使用。`} />;
  }
  return <>{children}</>;
}

/** Signed in, any role. */
export function RequireSession({ children }: { children: ReactNode }) {
  const { session, expired } = useAuth();
  const location = useLocation();
  if (!session) return <Navigate to={loginUrl(expired ? 'expired' : 'signin', location.pathname + location.search)} replace />;
  return <>{children}</>;
}
