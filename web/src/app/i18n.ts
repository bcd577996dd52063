import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import { locales } from './locales.ts';

/**
 * zh-CN first, English as the switch. Each module keeps its own strings in a `locales.ts`
 * (one namespace per module); ./locales.ts gathers them.
 */
const saved = typeof localStorage !== 'undefined' ? localStorage.getItem('minsheng.lang') : null;

void i18n.use(initReactI18next).init({
  resources: locales,
  lng: saved === 'en' ? 'en' : 'zh-CN',
  fallbackLng: 'zh-CN',
  defaultNS: 'common',
  interpolation: { escapeValue: false },
});

export function setLanguage(lang: 'zh-CN' | 'en') {
  localStorage.setItem('minsheng.lang', lang);
  void i18n.changeLanguage(lang);
  document.documentElement.lang = lang;
}

export default i18n;
