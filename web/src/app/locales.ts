import { activitiesLocales } from '../modules/activities/locales.ts';
import { areasLocales } from '../modules/areas/locales.ts';
import { auditLocales } from '../modules/audit/locales.ts';
import { authLocales } from '../modules/auth/locales.ts';
import { careCreditsLocales } from '../modules/care-credits/locales.ts';
import { eligibilityLocales } from '../modules/eligibility/locales.ts';
import { fundsLocales } from '../modules/funds/locales.ts';
import { homeServicesLocales } from '../modules/home-services/locales.ts';
import { importsLocales } from '../modules/imports/locales.ts';
import { matchingLocales } from '../modules/matching/locales.ts';
import { mealsLocales } from '../modules/meals/locales.ts';
import { needsLocales } from '../modules/needs/locales.ts';
import { notificationsLocales } from '../modules/notifications/locales.ts';
import { orgsLocales } from '../modules/orgs/locales.ts';
import { residentsLocales } from '../modules/residents/locales.ts';
import { servicePointsLocales } from '../modules/service-points/locales.ts';
import { settlementLocales } from '../modules/settlement/locales.ts';
import { volunteerAppLocales } from '../modules/volunteer-app/locales.ts';
import { volunteerFiguresLocales } from '../modules/volunteer-figures/locales.ts';
import { volunteersLocales } from '../modules/volunteers/locales.ts';
import { commonLocales } from './common-locales.ts';

/** One namespace per module; add a module's locales here. */
export const locales = {
  'zh-CN': {
    common: commonLocales['zh-CN'],
    auth: authLocales['zh-CN'],
    residents: residentsLocales['zh-CN'],
    orgs: orgsLocales['zh-CN'],
    servicePoints: servicePointsLocales['zh-CN'],
    areas: areasLocales['zh-CN'],
    audit: auditLocales['zh-CN'],
    imports: importsLocales['zh-CN'],
    funds: fundsLocales['zh-CN'],
    careCredits: careCreditsLocales['zh-CN'],
    homeServices: homeServicesLocales['zh-CN'],
    meals: mealsLocales['zh-CN'],
    needs: needsLocales['zh-CN'],
    matching: matchingLocales['zh-CN'],
    notifications: notificationsLocales['zh-CN'],
    settlement: settlementLocales['zh-CN'],
    volunteers: volunteersLocales['zh-CN'],
    volunteerFigures: volunteerFiguresLocales['zh-CN'],
    activities: activitiesLocales['zh-CN'],
    volunteerApp: volunteerAppLocales['zh-CN'],
    eligibility: eligibilityLocales['zh-CN'],
  },
  en: {
    common: commonLocales.en,
    auth: authLocales.en,
    residents: residentsLocales.en,
    orgs: orgsLocales.en,
    servicePoints: servicePointsLocales.en,
    areas: areasLocales.en,
    audit: auditLocales.en,
    imports: importsLocales.en,
    funds: fundsLocales.en,
    careCredits: careCreditsLocales.en,
    homeServices: homeServicesLocales.en,
    meals: mealsLocales.en,
    needs: needsLocales.en,
    matching: matchingLocales.en,
    notifications: notificationsLocales.en,
    settlement: settlementLocales.en,
    volunteers: volunteersLocales.en,
    volunteerFigures: volunteerFiguresLocales.en,
    activities: activitiesLocales.en,
    volunteerApp: volunteerAppLocales.en,
    eligibility: eligibilityLocales.en,
  },
};
