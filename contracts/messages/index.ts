import {
  RECORD_ACTION_LABELS,
  RECORD_STATUS_LABELS,
  SIGNUP_ACTION_LABELS,
  SIGNUP_STATUS_LABELS,
} from '../api/activities.ts';
import { PARAM_UNIT_LABELS } from '../api/eligibility.ts';
import { HOME_SERVICE_LABELS, ORDER_ACTION_LABELS, ORDER_STATUS_LABELS } from '../api/home-services.ts';
import { INVITATION_STATUS_LABELS, NEED_ACTION_LABELS, NEED_STATUS_LABELS } from '../api/needs.ts';
import { STATEMENT_STATUS_LABELS } from '../api/settlement.ts';
import type { ErrorCode } from '../errors.ts';
import { formatValue, UNITS, type Unit } from '../money.ts';
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

const AMOUNT_KEYS = new Set(['available', 'amount', 'held', 'statement', 'ledger']);

/** Which field of a new rule parameter an error names ({{what}}), and what it clashes with. */
const PARAM_FIELD_WORDS = {
  code: { 'zh-CN': '参数代码', en: 'code' },
  nameZh: { 'zh-CN': '中文名称', en: 'Chinese name' },
};
const RULE_WORD_KINDS = {
  keyword: { 'zh-CN': '关键字', en: 'keyword' },
  unit: { 'zh-CN': '单位', en: 'unit' },
  fact: { 'zh-CN': '事实名称', en: 'fact name' },
  enum_value: { 'zh-CN': '选项值', en: 'category value' },
};

/** Parameters that carry a code and read as its label: {{service}} cleaning → 助洁 / Cleaning. */
const PARAM_LABELS: Partial<Record<ErrorCode, Record<string, Record<string, Record<Lang, string>>>>> = {
  SERVICE_PRICE_MISSING: { service: HOME_SERVICE_LABELS },
  ORDER_TRANSITION_INVALID: { from: ORDER_STATUS_LABELS, action: ORDER_ACTION_LABELS },
  SIGNUP_STATE_INVALID: { status: SIGNUP_STATUS_LABELS, action: SIGNUP_ACTION_LABELS },
  RECORD_STATE_INVALID: { status: RECORD_STATUS_LABELS, action: RECORD_ACTION_LABELS },
  NEED_TRANSITION_INVALID: { from: NEED_STATUS_LABELS, action: NEED_ACTION_LABELS },
  NEED_ALREADY_STARTED: { action: NEED_ACTION_LABELS },
  NEED_INVITATION_CLOSED: { status: INVITATION_STATUS_LABELS },
  STATEMENT_STATE_INVALID: {
    status: STATEMENT_STATUS_LABELS,
    action: {
      recomputed: { 'zh-CN': '重新计算', en: 'recomputed' },
      approved: { 'zh-CN': '审核', en: 'approved' },
      paid: { 'zh-CN': '付款', en: 'paid' },
    },
  },
  PARAM_NAME_RESERVED: { what: PARAM_FIELD_WORDS, clash: RULE_WORD_KINDS },
  PARAM_EXISTS: { what: PARAM_FIELD_WORDS },
  PARAM_NAME_BREAKS_RULE: { what: PARAM_FIELD_WORDS },
  PARAM_VALUE_RANGE: { unit: PARAM_UNIT_LABELS },
  APPLICATION_DECIDED: {
    status: {
      approved: { 'zh-CN': '批准', en: 'approved' },
      rejected: { 'zh-CN': '驳回', en: 'rejected' },
      enrolled: { 'zh-CN': '批准并纳入', en: 'approved and enrolled' },
    },
  },
};

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
    const label = PARAM_LABELS[code]?.[key]?.[String(params[key])];
    if (label) return label[lang];
    if (key === 'kind' && typeof params.kind === 'string' && FACT_KIND_LABELS[params.kind])
      return FACT_KIND_LABELS[params.kind]![lang];
    const v = params[key];
    // Amounts travel in fen or points with their unit beside them; people read ¥12.34.
    if (typeof v === 'number' && AMOUNT_KEYS.has(key) && UNITS.includes(params.unit as Unit))
      return formatValue(v, params.unit as Unit, lang);
    return v === undefined ? '' : String(v);
  });
}
