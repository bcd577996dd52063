import { ageOn } from '../../../contracts/id-number.ts';

/**
 * Pure rules of the 重阳分 programme (ADR 0009): calendar months, the age test, the expiry of
 * credits (FIFO) and when a batch left "running" counts as abandoned. No database, no clock.
 */

/** A month as the API writes it: YYYY-MM. */
export type Month = string;

const MONTH_RE = /^(\d{4})-(0[1-9]|1[0-2])$/;

export function isMonth(text: string): boolean {
  return MONTH_RE.test(text);
}

/** 'YYYY-MM' → 'YYYY-MM-01', the form the tables keep. */
export function monthStart(m: Month): string {
  return `${m}-01`;
}

/** The month a calendar date (YYYY-MM-DD) falls in. */
export function monthOf(date: string): Month {
  return date.slice(0, 7);
}

export function addMonths(m: Month, n: number): Month {
  const total = Number(m.slice(0, 4)) * 12 + Number(m.slice(5, 7)) - 1 + n;
  const y = Math.floor(total / 12);
  return `${String(y).padStart(4, '0')}-${String((total % 12) + 1).padStart(2, '0')}`;
}

/** Whole months from a to b (b − a). */
export function monthsBetween(a: Month, b: Month): number {
  return (
    (Number(b.slice(0, 4)) - Number(a.slice(0, 4))) * 12 + (Number(b.slice(5, 7)) - Number(a.slice(5, 7)))
  );
}

/** The last calendar day of the month, leap years included. */
export function monthEnd(m: Month): string {
  const y = Number(m.slice(0, 4));
  const mo = Number(m.slice(5, 7));
  const days = new Date(Date.UTC(y, mo, 0)).getUTCDate();
  return `${m}-${String(days).padStart(2, '0')}`;
}

/** R4 is for elders: 60周岁以上 counts 60 itself (民法典 第1259条). */
export const MIN_AGE = 60;

/**
 * The age (周岁) that decides a month: the age on the month's last day, so an elder who turns 60
 * on any day of the month is 60 in that month and may be enrolled from it (ADR 0009).
 */
export function ageInMonth(birthDate: string, m: Month): number {
  return ageOn(birthDate, monthEnd(m));
}

export function isOldEnough(birthDate: string, m: Month): boolean {
  return ageInMonth(birthDate, m) >= MIN_AGE;
}

/** Inclusive month ranges; an open end runs for ever. */
export function monthsOverlap(
  a: { from: Month; to: Month | null },
  b: { from: Month; to: Month | null },
): boolean {
  return a.from <= (b.to ?? '9999-12') && b.from <= (a.to ?? '9999-12');
}

/**
 * The first month in which credits granted for `grantMonth` are lapsed, or null when they never
 * lapse (expiryMonths 0). Granted for M with 12 months: usable through the end of M + 11, lapsed
 * from M + 12 (ADR 0009).
 */
export function lapsesFrom(grantMonth: Month, expiryMonths: number): Month | null {
  return expiryMonths > 0 ? addMonths(grantMonth, expiryMonths) : null;
}

export function isLapsed(grantMonth: Month, expiryMonths: number, runMonth: Month): boolean {
  const from = lapsesFrom(grantMonth, expiryMonths);
  return from !== null && from <= runMonth;
}

export interface GrantOnAccount {
  month: Month;
  amount: number;
  /** The expiry of the setting in force for the grant's month. */
  expiryMonths: number;
}

/**
 * How much of an elder's available credit lapses in `runMonth`. Spending takes the oldest
 * credits first (FIFO), so what is still available belongs to the newest grants first: what is
 * available beyond the grants still valid is old credit that has lapsed. Never negative.
 */
export function lapsedAmount(available: number, grants: GrantOnAccount[], runMonth: Month): number {
  const stillValid = grants
    .filter((g) => !isLapsed(g.month, g.expiryMonths, runMonth))
    .reduce((s, g) => s + g.amount, 0);
  return Math.max(0, available - stillValid);
}

/** The month a grant or expiry key names: `chongyang.grant:2026-11:<personId>` → '2026-11'. */
export function monthOfKey(key: string): Month | null {
  const m = /^[a-z.]+:(\d{4}-\d{2}):/.exec(key);
  return m ? m[1]! : null;
}

export interface SettingVersion {
  id: string;
  validFrom: string;
  monthlyAmount: number;
  expiryMonths: number;
}

/** The version valid for a month: the latest whose valid_from is on or before the month's first day. */
export function settingFor<T extends SettingVersion>(versions: readonly T[], m: Month): T | undefined {
  const first = monthStart(m);
  let best: T | undefined;
  for (const v of versions) if (v.validFrom <= first && (!best || v.validFrom > best.validFrom)) best = v;
  return best;
}

// When a batch left "running" counts as abandoned: shared with every resumable batch (ADR 0020).
export { isRunnerAlive, type Runner, STALE_AFTER_MS } from '../../platform/batches/runner.ts';
