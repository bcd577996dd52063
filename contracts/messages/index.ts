import type { ErrorCode } from '../errors.ts';
import { errorsEn } from './en.ts';
import { FACT_KIND_LABELS, FIELD_LABELS } from './fields.ts';
import { errorsZh } from './zh-CN.ts';

export type Lang = 'zh-CN' | 'en';
export const LANGS: Lang[] = ['zh-CN', 'en'];
export const ERROR_MESSAGES: Record<Lang, Record<ErrorCode, string>> = { 'zh-CN': errorsZh, en: errorsEn };
export { FIELD_LABELS };

export function pickLang(header: string | undefined | null): Lang {
  if (!header) return 'zh-CN';
  const first = header.split(',')[0]?.trim().toLowerCase() ?? '';
  return first.startsWith('en') ? 'en' : 'zh-CN';
}

export function fieldLabel(field: string, lang: Lang): string {
  const last = field.split('.').pop() ?? field;
  return FIELD_LABELS[field]?.[lang] ?? FIELD_LABELS[last]?.[lang] ?? field;
}

/** Fills {{name}} placeholders; `field` is replaced by its translated label. */
export function translateError(
  code: ErrorCode,
  params: Record<string, string | number> = {},
  lang: Lang = 'zh-CN',
): string {
  const template = ERROR_MESSAGES[lang][code];
  return template.replace(/\{\{(\w+)\}\}/g, (_, key: string) => {
    if (key === 'field' && typeof params.field === 'string') return fieldLabel(params.field, lang);
    if (key === 'kind' && typeof params.kind === 'string' && FACT_KIND_LABELS[params.kind])
      return FACT_KIND_LABELS[params.kind]![lang];
    const v = params[key];
    return v === undefined ? '' : String(v);
  });
}
