import { Button, Result, Spin } from 'antd';
import { lazy, Suspense, useEffect, useRef, useState } from 'react';
import { Navigate, Route, Routes, useNavigate } from 'react-router-dom';
import { AuthProvider, homePath, useAuth } from './auth';
import { AppLayout } from './components/AppLayout';
import { CampaignProvider } from './components/campaigns';
import { NoAccess } from './components/NoAccess';
import { RequireRole, RequireSession } from './components/RequireRole';
import { LoginPage } from './pages/LoginPage';
import { NotFoundPage } from './pages/NotFoundPage';
import { BatchDetailPage } from './pages/township/BatchDetailPage';
import { BatchListPage } from './pages/township/BatchListPage';
import { SubmitPage } from './pages/township/SubmitPage';
import { InboxPage } from './pages/department/InboxPage';
import { ReviewPage } from './pages/department/ReviewPage';
import { RecordsPage } from './pages/department/RecordsPage';
import { ReviewSettingsPage } from './pages/department/ReviewSettingsPage';
import { ReferredPage } from './pages/orgdept/ReferredPage';
import { VillagesPage } from './pages/orgdept/VillagesPage';
import { ReportsPage } from './pages/orgdept/ReportsPage';
import { PublicityPage } from './pages/orgdept/PublicityPage';
import { AuditIndexPage, AuditPage } from './pages/orgdept/AuditPage';
import { AccountsPage } from './pages/orgdept/AccountsPage';
import { ChangePasswordPage } from './pages/ChangePasswordPage';
import { CampaignSetupPage } from './pages/orgdept/CampaignSetupPage';
import { CampaignsPage, NewCampaignPage } from './pages/orgdept/CampaignsPage';
import { HolidaysPage } from './pages/orgdept/HolidaysPage';
import { PoliciesPage } from './pages/policies/PoliciesPage';
import { PolicyPage } from './pages/policies/PolicyPage';
import { FirstReviewPage } from './pages/township/FirstReviewPage';
import { FilingsPage } from './pages/orgdept/FilingsPage';
import { ExtensionsPage } from './pages/orgdept/ExtensionsPage';
import { RecheckRequestsPage } from './pages/orgdept/RecheckRequestsPage';
import { DepartmentOverduePage } from './pages/orgdept/DepartmentOverduePage';
import { ExportsPage } from './pages/ExportsPage';
import { PublicityPeriodsPage } from './pages/orgdept/PublicityPeriodsPage';
import { DuplicatesPage } from './pages/orgdept/DuplicatesPage';
import { TownshipPublicityPage } from './pages/orgdept/TownshipPublicityPage';
import { SheetPage } from './pages/reports/SheetPage';

// The charts (echarts) load only with the dashboard.
const DashboardPage = lazy(() => import('./pages/orgdept/DashboardPage').then((m) => ({ default: m.DashboardPage })));

/**
 * `/`: the role's home page, or (OIDC) the provider's return with `code` and `state`. They are in
 * the page's own query string (`/?code=…`), outside the router's location when routes are hashes.
 */
function Home() {
  const { session, config, completeSignIn } = useAuth();
  const navigate = useNavigate();
  const [error, setError] = useState<string | null>(null);
  const [params] = useState(() => new URLSearchParams(window.location.search));
  const returning = config.mode === 'oidc' && params.has('code') && params.has('state');
  // The code is single-use: exchange it once per return from the provider, however often this runs.
  const exchanged = useRef(false);
  useEffect(() => {
    if (!returning || exchanged.current) return;
    exchanged.current = true;
    // Take the code out of the address bar (and history) at once.
    window.history.replaceState(null, '', `${window.location.pathname}${window.location.hash}`);
    completeSignIn(params)
      .then(({ session: s, next }) => navigate(next?.startsWith('/') && !next.startsWith('//') ? next : homePath(s), { replace: true }))
      .catch((e: unknown) => setError(e instanceof Error ? e.message : '登录失败'));
  }, [returning, params, completeSignIn, navigate]);
  if (error)
    return (
      <Result status="warning" title={error} extra={<Button onClick={() => navigate('/login', { replace: true })}>重新登录</Button>} />
    );
  if (returning) return <Spin />;
  return <Navigate to={session ? homePath(session) : '/login'} replace />;
}

export function App() {
  return (
    <AuthProvider>
      <CampaignProvider>
        <Routes>
          <Route path="/login" element={<LoginPage />} />
          <Route element={<AppLayout />}>
            <Route path="/" element={<Home />} />
            <Route
              path="/batches"
              element={
                <RequireRole roles={['township', 'orgdept']}>
                  <BatchListPage />
                </RequireRole>
              }
            />
            <Route
              path="/batches/new"
              element={
                <RequireRole roles={['township']}>
                  <SubmitPage />
                </RequireRole>
              }
            />
            <Route
              path="/batches/:id"
              element={
                <RequireRole roles={['township', 'orgdept']}>
                  <BatchDetailPage />
                </RequireRole>
              }
            />
            <Route
              path="/reviews"
              element={
                <RequireRole roles={['department', 'orgdept']}>
                  <InboxPage />
                </RequireRole>
              }
            />
            <Route
              path="/reviews/:taskId"
              element={
                <RequireRole roles={['department', 'orgdept']}>
                  <ReviewPage />
                </RequireRole>
              }
            />
            <Route
              path="/records"
              element={
                <RequireRole roles={['department']}>
                  <RecordsPage />
                </RequireRole>
              }
            />
            <Route
              path="/review-settings"
              element={
                <RequireRole roles={['department', 'orgdept']}>
                  <ReviewSettingsPage />
                </RequireRole>
              }
            />
            <Route
              path="/dashboard"
              element={
                <RequireRole roles={['orgdept']}>
                  <Suspense fallback={<Spin />}>
                    <DashboardPage />
                  </Suspense>
                </RequireRole>
              }
            />
            <Route
              path="/referred"
              element={
                <RequireRole roles={['orgdept']}>
                  <ReferredPage />
                </RequireRole>
              }
            />
            <Route
              path="/villages"
              element={
                <RequireRole roles={['orgdept']}>
                  <VillagesPage />
                </RequireRole>
              }
            />
            <Route
              path="/reports"
              element={
                <RequireRole roles={['orgdept']}>
                  <ReportsPage />
                </RequireRole>
              }
            />
            <Route
              path="/reports/publicity"
              element={
                <RequireRole roles={['orgdept']}>
                  <PublicityPage />
                </RequireRole>
              }
            />
            <Route
              path="/audit"
              element={
                <RequireRole roles={['orgdept']}>
                  <AuditIndexPage />
                </RequireRole>
              }
            />
            <Route
              path="/audit/:candidateId"
              element={
                <RequireRole roles={['orgdept']}>
                  <AuditPage />
                </RequireRole>
              }
            />
            <Route
              path="/campaigns"
              element={
                <RequireRole roles={['orgdept']}>
                  <CampaignsPage />
                </RequireRole>
              }
            />
            <Route
              path="/campaigns/new"
              element={
                <RequireRole roles={['orgdept']}>
                  <NewCampaignPage />
                </RequireRole>
              }
            />
            <Route
              path="/campaigns/:id"
              element={
                <RequireRole roles={['orgdept']}>
                  <CampaignSetupPage />
                </RequireRole>
              }
            />
            <Route
              path="/holidays"
              element={
                <RequireRole roles={['orgdept']}>
                  <HolidaysPage />
                </RequireRole>
              }
            />
            <Route
              path="/accounts"
              element={
                <RequireRole roles={['orgdept']}>
                  <AccountsPage />
                </RequireRole>
              }
            />
            <Route
              path="/change-password"
              element={
                <RequireSession allowPasswordChangeOnly>
                  <ChangePasswordPage />
                </RequireSession>
              }
            />
            <Route
              path="/policies"
              element={
                <RequireSession>
                  <PoliciesPage />
                </RequireSession>
              }
            />
            <Route
              path="/policies/:id"
              element={
                <RequireSession>
                  <PolicyPage />
                </RequireSession>
              }
            />
            <Route
              path="/publicity"
              element={
                <RequireRole roles={['orgdept']}>
                  <PublicityPeriodsPage />
                </RequireRole>
              }
            />
            <Route
              path="/duplicates"
              element={
                <RequireRole roles={['orgdept']}>
                  <DuplicatesPage />
                </RequireRole>
              }
            />
            <Route
              path="/batches/:id/publicity"
              element={
                <RequireRole roles={['township', 'orgdept']}>
                  <TownshipPublicityPage />
                </RequireRole>
              }
            />
            <Route
              path="/forbidden"
              element={
                <RequireSession>
                  <NoAccess />
                </RequireSession>
              }
            />
            <Route
              path="/batches/:id/first-review"
              element={
                <RequireRole roles={['township']}>
                  <FirstReviewPage />
                </RequireRole>
              }
            />
            <Route
              path="/exports"
              element={
                <RequireRole roles={['township', 'orgdept']}>
                  <ExportsPage />
                </RequireRole>
              }
            />
            <Route
              path="/filings"
              element={
                <RequireRole roles={['orgdept']}>
                  <FilingsPage />
                </RequireRole>
              }
            />
            <Route
              path="/reports/sheet/:id"
              element={
                <RequireRole roles={['township', 'orgdept']}>
                  <SheetPage />
                </RequireRole>
              }
            />
            <Route
              path="/extensions"
              element={
                <RequireRole roles={['orgdept']}>
                  <ExtensionsPage />
                </RequireRole>
              }
            />
            <Route
              path="/recheck-requests"
              element={
                <RequireRole roles={['orgdept']}>
                  <RecheckRequestsPage />
                </RequireRole>
              }
            />
            <Route
              path="/dashboard/departments/:code"
              element={
                <RequireRole roles={['orgdept']}>
                  <DepartmentOverduePage />
                </RequireRole>
              }
            />
            <Route
              path="*"
              element={
                <RequireSession>
                  <NotFoundPage />
                </RequireSession>
              }
            />
          </Route>
        </Routes>
      </CampaignProvider>
    </AuthProvider>
  );
}
