import { importsLocales } from '../modules/imports/locales.ts';

/** One namespace per module; add a module's locales here. */
export const locales = {
  'zh-CN': { common: {}, imports: importsLocales['zh-CN'] },
  en: { common: {}, imports: importsLocales.en },
};
