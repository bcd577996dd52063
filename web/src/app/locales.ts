import { areasLocales } from '../modules/areas/locales.ts';
import { auditLocales } from '../modules/audit/locales.ts';
import { authLocales } from '../modules/auth/locales.ts';
import { importsLocales } from '../modules/imports/locales.ts';
import { orgsLocales } from '../modules/orgs/locales.ts';
import { residentsLocales } from '../modules/residents/locales.ts';
import { servicePointsLocales } from '../modules/service-points/locales.ts';
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
  },
};
