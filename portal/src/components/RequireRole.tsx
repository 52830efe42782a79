import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router-dom';
import { hasRole, loginUrl, ROLE_LABEL, useAuth, type Role } from '../auth';
import { NoAccess } from './NoAccess';

/** Signed in, and holding one of `roles`; otherwise the sign-in page or the no-access page. */
export function RequireRole({ roles, children }: { roles: Role[]; children: ReactNode }) {
  const { session, expired } = useAuth();
  const location = useLocation();
  if (!session) return <Navigate to={loginUrl(expired ? 'expired' : 'signin', location.pathname + location.search)} replace />;
  // A temporary password must be changed before anything else.
  if (session.passwordChangeOnly) return <Navigate to="/change-password" replace />;
  if (!roles.some((r) => hasRole(session, r))) {
    return <NoAccess detail={`此页面仅供${roles.map((r) => ROLE_LABEL[r]).join('、')}账号使用。`} />;
  }
  return <>{children}</>;
}

/** Signed in, any role; `allowPasswordChangeOnly` for the change-password page itself. */
export function RequireSession({ children, allowPasswordChangeOnly = false }: { children: ReactNode; allowPasswordChangeOnly?: boolean }) {
  const { session, expired } = useAuth();
  const location = useLocation();
  if (!session) return <Navigate to={loginUrl(expired ? 'expired' : 'signin', location.pathname + location.search)} replace />;
  if (session.passwordChangeOnly && !allowPasswordChangeOnly) return <Navigate to="/change-password" replace />;
  return <>{children}</>;
}
