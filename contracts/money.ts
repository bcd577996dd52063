import type { Lang } from './messages/index.ts';

/**
 * Value units of the ledger: money in fen (分, 1/100 yuan), points (integers) and minutes of
 * service time (the volunteers' time bank, ADR 0014).
 */
export const UNITS = ['fen', 'point', 'minute'] as const;
export type Unit = (typeof UNITS)[number];

/**
 * 12345 fen → "123.45"; always two decimals, no float arithmetic, no thousands separators: the
 * plain form for input values and round trips through yuanToFen. People read formatYuan.
 */
export function fenToYuan(fen: number): string {
  const sign = fen < 0 ? '-' : '';
  const a = Math.abs(Math.trunc(fen));
  return `${sign}${Math.floor(a / 100)}.${String(a % 100).padStart(2, '0')}`;
}

/** "1234567" → "1,234,567": commas every three digits from the right of a run of digits. */
function groupDigits(digits: string): string {
  return digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/**
 * 123456789 fen → "1,234,567.89": yuan as people read them, with thousands separators. Same
 * sign and truncation as fenToYuan; for display only, never for an input's value.
 */
export function formatYuan(fen: number): string {
  const sign = fen < 0 ? '-' : '';
  const a = Math.abs(Math.trunc(fen));
  return `${sign}${groupDigits(String(Math.floor(a / 100)))}.${String(a % 100).padStart(2, '0')}`;
}

/** 1234567 points → "1,234,567"; a fraction, should one come, keeps its digits ungrouped. */
function formatCount(value: number): string {
  const sign = value < 0 ? '-' : '';
  const [whole = '0', frac] = String(Math.abs(value)).split('.');
  return `${sign}${groupDigits(whole)}${frac ? `.${frac}` : ''}`;
}

/** "123.45" or "123" or "123.4" → fen; null when it is not a yuan amount with at most 2 decimals. */
export function yuanToFen(text: string): number | null {
  const m = /^\s*(-?)(\d{1,12})(?:\.(\d{1,2}))?\s*$/.exec(text);
  if (!m) return null;
  const fen = Number(m[2]) * 100 + Number((m[3] ?? '').padEnd(2, '0'));
  return m[1] ? -fen : fen;
}

/**
 * Minutes as people read them: under an hour in minutes ("45 分钟" / "45 min"), whole hours as
 * hours ("2 小时" / "2 h"), otherwise hours with up to two decimals ("1.5 小时" / "1.25 h").
 */
export function formatMinutes(minutes: number, lang: Lang = 'zh-CN'): string {
  const sign = minutes < 0 ? '-' : '';
  const m = Math.abs(Math.trunc(minutes));
  if (m < 60) return lang === 'en' ? `${sign}${m} min` : `${sign}${m} 分钟`;
  // Hundredths of an hour, rounded half up, in integers: 90 min → 150 → "1.5".
  const hundredths = Math.floor((m * 100 + 30) / 60);
  const whole = Math.floor(hundredths / 100);
  const frac = String(hundredths % 100)
    .padStart(2, '0')
    .replace(/0+$/, '');
  const hours = frac ? `${whole}.${frac}` : String(whole);
  return lang === 'en' ? `${sign}${hours} h` : `${sign}${hours} 小时`;
}

/**
 * An amount for people: "¥1,234.56" for fen; "1,200 积分" / "1,200 points"; "90 分钟" → "1.5 小时"
 * for minutes.
 */
export function formatValue(value: number, unit: Unit, lang: Lang = 'zh-CN'): string {
  if (unit === 'fen') return `¥${formatYuan(value)}`;
  if (unit === 'minute') return formatMinutes(value, lang);
  const n = formatCount(value);
  return lang === 'en' ? `${n} points` : `${n} 积分`;
}
