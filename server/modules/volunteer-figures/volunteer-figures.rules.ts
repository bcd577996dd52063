import { FIGURES_MAX_YEARS } from '../../../contracts/api/volunteer-figures.ts';

/**
 * The pure parts of the figures (ADR 0018): the period, rates, percentiles, hours and ranks.
 * Every definition the page's tooltips and the workbook's notes state lives here once.
 */

const DAY_MS = 86_400_000;

export function addDays(date: string, n: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10);
}

/** The same calendar day `n` years later; 29 February becomes 1 March in a common year. */
export function addYears(date: string, n: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y + n, m - 1, d)).toISOString().slice(0, 10);
}

export type PeriodProblem = 'FIGURES_PERIOD_REVERSED' | 'FIGURES_PERIOD_TOO_LONG';

/**
 * A period runs from `from` to `to`, both days included. It may not end before it starts, and it
 * may cover at most five years: `to` must fall before the same day five years after `from`
 * (2021-01-01 … 2025-12-31 is allowed, … 2026-01-01 is not).
 */
export function checkPeriod(from: string, to: string): PeriodProblem | null {
  if (to < from) return 'FIGURES_PERIOD_REVERSED';
  if (to >= addYears(from, FIGURES_MAX_YEARS)) return 'FIGURES_PERIOD_TOO_LONG';
  return null;
}

/** The calendar year of a date: 1 January to 31 December. */
export function yearOf(date: string): { from: string; to: string } {
  const y = date.slice(0, 4);
  return { from: `${y}-01-01`, to: `${y}-12-31` };
}

/**
 * The instants that bound a period of Asia/Shanghai days: [from 00:00 +08:00, the day after `to`
 * 00:00 +08:00). Half-open, so a record starting at midnight belongs to exactly one day.
 */
export function periodBounds(from: string, to: string): { start: string; end: string } {
  const at = (d: string) => new Date(Date.parse(`${d}T00:00:00+08:00`)).toISOString();
  return { start: at(from), end: at(addDays(to, 1)) };
}

/**
 * The p-th percentile (0 ≤ p ≤ 1) by linear interpolation between closest ranks — PostgreSQL's
 * percentile_cont and Excel's PERCENTILE.INC. null for no values (shown as "—", never 0).
 */
export function percentile(values: readonly number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const pos = (sorted.length - 1) * Math.min(1, Math.max(0, p));
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  const a = sorted[lo]!;
  const b = sorted[hi]!;
  return a + (b - a) * (pos - lo);
}

export const median = (values: readonly number[]) => percentile(values, 0.5);

/** Whole minutes, or null, for a time shown to people. */
export const roundMinutes = (v: number | null): number | null => (v === null ? null : Math.round(v));

/**
 * 需求满足率 = fulfilled / (fulfilled + expired): of the needs posted in the period whose outcome
 * is known, the share the community confirmed. Needs the community cancelled and needs still
 * open (published … done) are left out of the denominator. null when nothing is decided yet.
 */
export function fulfilmentRate(n: { fulfilled: number; expired: number }): number | null {
  const decided = n.fulfilled + n.expired;
  return decided > 0 ? n.fulfilled / decided : null;
}

/** Hours with one decimal, from whole minutes (totals are summed in minutes, converted once). */
export function hoursOf(minutes: number): number {
  return Math.round(minutes / 6) / 10;
}

/**
 * Competition ranks ("1, 2, 2, 4") over items already sorted best first: an item shares the rank
 * of the one before it when `same` says they are equal.
 */
export function competitionRanks<T>(sorted: readonly T[], same: (a: T, b: T) => boolean): number[] {
  const ranks: number[] = [];
  sorted.forEach((item, i) => {
    ranks.push(i > 0 && same(sorted[i - 1]!, item) ? ranks[i - 1]! : i + 1);
  });
  return ranks;
}

/** The need-status buckets the figures use. */
export type NeedBucket = 'fulfilled' | 'cancelled' | 'expired' | 'open';
export function needBucket(status: string): NeedBucket {
  if (status === 'confirmed' || status === 'rated') return 'fulfilled';
  if (status === 'cancelled') return 'cancelled';
  if (status === 'expired') return 'expired';
  return 'open';
}

/** 330102001001 → 330102001000: the street a community belongs to. */
export function streetOf(code: string): string {
  return `${code.slice(0, 9)}000`;
}
