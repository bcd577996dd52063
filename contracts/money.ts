import type { Lang } from './messages/index.ts';

/** Value units of the ledger: money in fen (分, 1/100 yuan) and points (integers). */
export const UNITS = ['fen', 'point'] as const;
export type Unit = (typeof UNITS)[number];

/** 12345 fen → "123.45"; always two decimals, no float arithmetic. */
export function fenToYuan(fen: number): string {
  const sign = fen < 0 ? '-' : '';
  const a = Math.abs(Math.trunc(fen));
  return `${sign}${Math.floor(a / 100)}.${String(a % 100).padStart(2, '0')}`;
}

/** "123.45" or "123" or "123.4" → fen; null when it is not a yuan amount with at most 2 decimals. */
export function yuanToFen(text: string): number | null {
  const m = /^\s*(-?)(\d{1,12})(?:\.(\d{1,2}))?\s*$/.exec(text);
  if (!m) return null;
  const fen = Number(m[2]) * 100 + Number((m[3] ?? '').padEnd(2, '0'));
  return m[1] ? -fen : fen;
}

/** An amount for people: ¥123.45 for fen; "120 积分" / "120 points" for points. */
export function formatValue(value: number, unit: Unit, lang: Lang = 'zh-CN'): string {
  if (unit === 'fen') return `¥${fenToYuan(value)}`;
  return lang === 'en' ? `${value} points` : `${value} 积分`;
}
