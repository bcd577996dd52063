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
// ── issue 4 pages (volunteers, needs, activities, matching, figures) ──
const VolunteersPage = lazy(() => import('../modules/volunteers/VolunteersPage.tsx'));
const VolunteerPage = lazy(() => import('../modules/volunteers/VolunteerPage.tsx'));
const TeamsPage = lazy(() => import('../modules/volunteers/TeamsPage.tsx'));
const PointSettingsPage = lazy(() => import('../modules/volunteers/PointSettingsPage.tsx'));
const PointsTillPage = lazy(() => import('../modules/volunteers/PointsTillPage.tsx'));
const NeedsPage = lazy(() => import('../modules/needs/NeedsPage.tsx'));
const NeedPage = lazy(() => import('../modules/needs/NeedPage.tsx'));
const ClaimsPage = lazy(() => import('../modules/needs/ClaimsPage.tsx'));
const MatchingPage = lazy(() => import('../modules/matching/MatchingPage.tsx'));
const VolunteerFiguresPage = lazy(() => import('../modules/volunteer-figures/VolunteerFiguresPage.tsx'));
const ActivitiesPage = lazy(() => import('../modules/activities/ActivitiesPage.tsx'));
const ActivityPage = lazy(() => import('../modules/activities/ActivityPage.tsx'));
const RecordsReviewPage = lazy(() => import('../modules/activities/RecordsReviewPage.tsx'));
const VerifyPage = lazy(() => import('../modules/activities/VerifyPage.tsx'));
const PhoneLayout = lazy(() =>
  import('../modules/volunteer-app/PhoneLayout.tsx').then((m) => ({ default: m.PhoneLayout })),
);
const VolunteerHomePage = lazy(() => import('../modules/volunteer-app/HomePage.tsx'));
const VolunteerActivitiesPage = lazy(() => import('../modules/volunteer-app/OpenActivitiesPage.tsx'));
const VolunteerCheckInPage = lazy(() => import('../modules/volunteer-app/CheckInPage.tsx'));
const VolunteerHoursPage = lazy(() => import('../modules/volunteer-app/HoursPage.tsx'));
const VolunteerPointsPage = lazy(() => import('../modules/volunteer-app/PointsPage.tsx'));
const VolunteerCertificatesPage = lazy(() => import('../modules/volunteer-app/CertificatesPage.tsx'));
const VolunteerLeadPage = lazy(() => import('../modules/volunteer-app/LeadPage.tsx'));
// ── issue 5 pages (programmes and rules as code, screening, worklist) ──
const ProgrammesPage = lazy(() => import('../modules/eligibility/ProgrammesPage.tsx'));
const ProgrammePage = lazy(() => import('../modules/eligibility/ProgrammePage.tsx'));
const RuleEditorPage = lazy(() => import('../modules/eligibility/RuleEditorPage.tsx'));
const ParamsPage = lazy(() => import('../modules/eligibility/ParamsPage.tsx'));
const ScreeningPage = lazy(() => import('../modules/eligibility/ScreeningPage.tsx'));
const ScreeningRunPage = lazy(() => import('../modules/eligibility/ScreeningRunPage.tsx'));
const WorklistPage = lazy(() => import('../modules/eligibility/WorklistPage.tsx'));
const WorklistItemPage = lazy(() => import('../modules/eligibility/WorklistItemPage.tsx'));
const ApplicationsPage = lazy(() => import('../modules/eligibility/ApplicationsPage.tsx'));
const ApplicationPage = lazy(() => import('../modules/eligibility/ApplicationPage.tsx'));
const PaymentsPage = lazy(() => import('../modules/eligibility/PaymentsPage.tsx'));

/** Shows the page only to users holding the permission somewhere (the server checks again). */
function Allowed({ permission, children }: { permission: Permission; children: React.ReactNode }) {
  const { can } = useAuth();
  return can(permission) ? children : <Forbidden />;
}

/** `/` opens the first page the user may use. */
function Home() {
  const { can } = useAuth();
  // Volunteers (who join activities but do not organise them) start on their phone pages.
  if (can('activity.join') && !can('activity.manage')) return <Navigate to="/v" replace />;
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
      {/* activities: the volunteer's phone pages */}
      <Route
        path="/v"
        element={
          <RequireAuth>
            <Suspense fallback={<PageSpinner />}>
              <Allowed permission="activity.join">
                <PhoneLayout />
              </Allowed>
            </Suspense>
          </RequireAuth>
        }
      >
        <Route index element={<VolunteerHomePage />} />
        <Route path="activities" element={<VolunteerActivitiesPage />} />
        <Route path="check-in" element={<VolunteerCheckInPage />} />
        <Route path="hours" element={<VolunteerHoursPage />} />
        <Route path="points" element={<VolunteerPointsPage />} />
        <Route path="certificates" element={<VolunteerCertificatesPage />} />
        <Route path="lead/:activityId" element={<VolunteerLeadPage />} />
      </Route>
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
        <Route
          path="volunteer-figures"
          element={
            <Allowed permission="figures.read">
              <VolunteerFiguresPage />
            </Allowed>
          }
        />
        <Route
          path="needs"
          element={
            <Allowed permission="need.read">
              <NeedsPage />
            </Allowed>
          }
        />
        <Route
          path="needs/:id"
          element={
            <Allowed permission="need.read">
              <NeedPage />
            </Allowed>
          }
        />
        <Route
          path="claims"
          element={
            <Allowed permission="need.claim">
              <ClaimsPage />
            </Allowed>
          }
        />
        <Route
          path="activities"
          element={
            <Allowed permission="activity.manage">
              <ActivitiesPage />
            </Allowed>
          }
        />
        <Route
          path="activities/:id"
          element={
            <Allowed permission="activity.manage">
              <ActivityPage />
            </Allowed>
          }
        />
        <Route
          path="records/review"
          element={
            <Allowed permission="record.review">
              <RecordsReviewPage />
            </Allowed>
          }
        />
        <Route
          path="volunteers"
          element={
            <Allowed permission="volunteer.read">
              <VolunteersPage />
            </Allowed>
          }
        />
        <Route
          path="volunteers/:id"
          element={
            <Allowed permission="volunteer.read">
              <VolunteerPage />
            </Allowed>
          }
        />
        <Route
          path="teams"
          element={
            <Allowed permission="volunteer.read">
              <TeamsPage />
            </Allowed>
          }
        />
        <Route
          path="points/settings"
          element={
            <Allowed permission="points.manage">
              <PointSettingsPage />
            </Allowed>
          }
        />
        <Route
          path="points/till"
          element={
            <Allowed permission="points.redeem">
              <PointsTillPage />
            </Allowed>
          }
        />
        <Route
          path="matching"
          element={
            <Allowed permission="need.post">
              <MatchingPage />
            </Allowed>
          }
        />
        {/* issue 5: programmes and rules as code, screening, worklist */}
        <Route
          path="programmes"
          element={
            <Allowed permission="programme.read">
              <ProgrammesPage />
            </Allowed>
          }
        />
        <Route
          path="programmes/:code"
          element={
            <Allowed permission="programme.read">
              <ProgrammePage />
            </Allowed>
          }
        />
        <Route
          path="programmes/:code/versions/:id"
          element={
            <Allowed permission="programme.read">
              <RuleEditorPage />
            </Allowed>
          }
        />
        <Route
          path="rule-params"
          element={
            <Allowed permission="programme.read">
              <ParamsPage />
            </Allowed>
          }
        />
        <Route
          path="screening"
          element={
            <Allowed permission="screening.run">
              <ScreeningPage />
            </Allowed>
          }
        />
        <Route
          path="screening/:id"
          element={
            <Allowed permission="screening.run">
              <ScreeningRunPage />
            </Allowed>
          }
        />
        <Route
          path="worklist"
          element={
            <Allowed permission="worklist.read">
              <WorklistPage />
            </Allowed>
          }
        />
        <Route
          path="worklist/:id"
          element={
            <Allowed permission="worklist.read">
              <WorklistItemPage />
            </Allowed>
          }
        />
        {/* Every role that approves applications also submits them (contracts/roles.ts). */}
        <Route
          path="applications"
          element={
            <Allowed permission="application.submit">
              <ApplicationsPage />
            </Allowed>
          }
        />
        <Route
          path="applications/:id"
          element={
            <Allowed permission="application.submit">
              <ApplicationPage />
            </Allowed>
          }
        />
        <Route
          path="benefit-payments"
          element={
            <Allowed permission="benefit.pay">
              <PaymentsPage />
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
        <Routes>
          {/* activities: anyone checks a certificate by its number, without signing in */}
          <Route
            path="/verify/:certNo"
            element={
              <Suspense fallback={<PageSpinner />}>
                <VerifyPage />
              </Suspense>
            }
          />
          <Route
            path="*"
            element={
              <AuthProvider>
                <AppRoutes />
              </AuthProvider>
            }
          />
        </Routes>
      </Providers>
    </BrowserRouter>
  );
}
