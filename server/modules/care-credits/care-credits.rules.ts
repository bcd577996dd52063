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

/** Who runs a batch: written into the batch's report so another process can tell if it is gone. */
export interface Runner {
  host: string;
  pid: number;
  /** Random per process start: tells this process's own rows from a former process with the same pid. */
  token: string;
}

/** A running batch that has not reported progress for this long is abandoned (a chunk takes seconds). */
export const STALE_AFTER_MS = 10 * 60_000;

/**
 * Whether a batch row left 'running' still has a live runner. This process knows its own runs;
 * on the same host a dead pid proves the runner gone; otherwise only the heartbeat can tell.
 */
export function isRunnerAlive(
  batch: { id: string; runner: Runner | null; heartbeatAt: string | null; startedAt: string },
  now: Date,
  self: { runner: Runner; active: ReadonlySet<string>; pidAlive(pid: number): boolean },
): boolean {
  const r = batch.runner;
  if (r && r.token === self.runner.token) return self.active.has(batch.id);
  if (r && r.host === self.runner.host && !self.pidAlive(r.pid)) return false;
  const beat = new Date(batch.heartbeatAt ?? batch.startedAt).getTime();
  return now.getTime() - beat < STALE_AFTER_MS;
}
