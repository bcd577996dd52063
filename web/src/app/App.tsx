import { lazy, Suspense } from 'react';
import { BrowserRouter, Navigate, Route, Routes } from 'react-router';
import type { Permission } from '../../../contracts/roles.ts';
import { AuthProvider, RequireAuth, useAuth } from './auth.tsx';
import { AppLayout } from './layout/AppLayout.tsx';
import { NAV_ITEMS } from './nav.tsx';
import { PageSpinner } from './PageSpinner.tsx';
import { Providers } from './Providers.tsx';
import { Forbidden, NotFound } from './StatusPages.tsx';

const LoginPage = lazy(() => import('../modules/auth/LoginPage.tsx'));
const ResidentsPage = lazy(() => import('../modules/residents/ResidentsPage.tsx'));
const ResidentPage = lazy(() => import('../modules/residents/ResidentPage.tsx'));
const OrgsPage = lazy(() => import('../modules/orgs/OrgsPage.tsx'));
const ServicePointsPage = lazy(() => import('../modules/service-points/ServicePointsPage.tsx'));
const AreasPage = lazy(() => import('../modules/areas/AreasPage.tsx'));
const AuditPage = lazy(() => import('../modules/audit/AuditPage.tsx'));
const ImportPage = lazy(() => import('../modules/imports/ImportPage.tsx'));
const FundsPage = lazy(() => import('../modules/funds/FundsPage.tsx'));
const OrdersPage = lazy(() => import('../modules/home-services/OrdersPage.tsx'));
const TillPage = lazy(() => import('../modules/meals/TillPage.tsx'));
const MealRulesPage = lazy(() => import('../modules/meals/MealRulesPage.tsx'));
const CareCreditsPage = lazy(() => import('../modules/care-credits/CareCreditsPage.tsx'));
const SettlementPage = lazy(() => import('../modules/settlement/SettlementPage.tsx'));

/** Shows the page only to users holding the permission somewhere (the server checks again). */
function Allowed({ permission, children }: { permission: Permission; children: React.ReactNode }) {
  const { can } = useAuth();
  return can(permission) ? children : <Forbidden />;
}

/** `/` opens the first page the user may use. */
function Home() {
  const { can } = useAuth();
  const first = NAV_ITEMS.find((n) => can(n.permission));
  return first ? <Navigate to={first.path} replace /> : <Forbidden />;
}

function AppRoutes() {
  return (
    <Routes>
      <Route
        path="/login"
        element={
          <Suspense fallback={<PageSpinner />}>
            <LoginPage />
          </Suspense>
        }
      />
      <Route
        element={
          <RequireAuth>
            <AppLayout />
          </RequireAuth>
        }
      >
        <Route index element={<Home />} />
        <Route
          path="residents"
          element={
            <Allowed permission="person.read">
              <ResidentsPage />
            </Allowed>
          }
        />
        <Route
          path="residents/:id"
          element={
            <Allowed permission="person.read">
              <ResidentPage />
            </Allowed>
          }
        />
        <Route
          path="orgs"
          element={
            <Allowed permission="org.read">
              <OrgsPage />
            </Allowed>
          }
        />
        <Route
          path="service-points"
          element={
            <Allowed permission="service_point.read">
              <ServicePointsPage />
            </Allowed>
          }
        />
        <Route
          path="areas"
          element={
            <Allowed permission="area.manage">
              <AreasPage />
            </Allowed>
          }
        />
        <Route
          path="audit"
          element={
            <Allowed permission="audit.read">
              <AuditPage />
            </Allowed>
          }
        />
        <Route
          path="import"
          element={
            <Allowed permission="import.run">
              <ImportPage />
            </Allowed>
          }
        />
        <Route
          path="orders"
          element={
            <Allowed permission="order.read">
              <OrdersPage />
            </Allowed>
          }
        />
        <Route
          path="canteen"
          element={
            <Allowed permission="meal.sell">
              <TillPage />
            </Allowed>
          }
        />
        <Route
          path="meals"
          element={
            <Allowed permission="meal.manage">
              <MealRulesPage />
            </Allowed>
          }
        />
        <Route
          path="care-credits"
          element={
            <Allowed permission="care_credit.enrol">
              <CareCreditsPage />
            </Allowed>
          }
        />
        <Route
          path="settlement"
          element={
            <Allowed permission="settlement.read">
              <SettlementPage />
            </Allowed>
          }
        />
        <Route
          path="funds"
          element={
            <Allowed permission="ledger.adjust">
              <FundsPage />
            </Allowed>
          }
        />
        <Route path="*" element={<NotFound />} />
      </Route>
    </Routes>
  );
}

export function App() {
  return (
    <BrowserRouter>
      <Providers>
        <AuthProvider>
          <AppRoutes />
        </AuthProvider>
      </Providers>
    </BrowserRouter>
  );
}
