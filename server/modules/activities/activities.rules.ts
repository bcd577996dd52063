import { createHmac, timingSafeEqual } from 'node:crypto';
import { MARKET_DAY } from '../../../contracts/api/activities.ts';
import type { ErrorCode, FieldIssue } from '../../../contracts/errors.ts';

/**
 * Pure rules of activities (ADR 0013, 0016): the rotating check-in code, the minutes a check-in
 * and check-out earn, the shape of an activity's shifts, certificate numbers and masked names.
 */

/** A code lives for one 60-second window. */
export const CODE_WINDOW_MS = 60_000;
/**
 * How far back a code that no longer works is still recognised, to tell "expired" from
 * "wrong": an hour of windows. Older or unknown codes are simply invalid.
 */
export const EXPIRED_LOOKBACK_WINDOWS = 60;
/** Check-in and check-out are open from 30 minutes before a shift to 30 minutes after it. */
export const SHIFT_GRACE_MS = 30 * 60_000;

export const codeWindow = (at: Date | number): number =>
  Math.floor((typeof at === 'number' ? at : at.getTime()) / CODE_WINDOW_MS);

/**
 * HMAC-SHA256(secret, shiftId ‖ ":" ‖ window), its first 48 bits mod 10⁶, as six digits. The
 * shift is part of the message, so a code of one shift never opens another.
 */
export function checkInCode(secret: string, shiftId: string, window: number): string {
  const mac = createHmac('sha256', secret).update(`${shiftId}:${window}`).digest();
  return String(mac.readUIntBE(0, 6) % 1_000_000).padStart(6, '0');
}

const sameCode = (a: string, b: string) =>
  a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));

/** What the leader's screen shows now: the code, its window and the seconds until the next one. */
export function codeScreen(secret: string, shiftId: string, now: Date) {
  const window = codeWindow(now);
  const nextAt = (window + 1) * CODE_WINDOW_MS;
  return {
    code: checkInCode(secret, shiftId, window),
    window,
    secondsLeft: Math.max(1, Math.ceil((nextAt - now.getTime()) / 1000)),
    // Read at the last second, the code still works through the next window.
    validUntil: new Date(nextAt + CODE_WINDOW_MS),
  };
}

export type CodeCheck =
  | { ok: true; window: number }
  | { ok: false; problem: 'CHECKIN_CODE_EXPIRED' | 'CHECKIN_CODE_INVALID' };

/**
 * A code is accepted in its own window and the one after it, never later: the current window
 * and the previous one match. A code of an earlier window (within the look-back) is expired;
 * anything else is invalid. The window returned is the code's own.
 */
export function verifyCode(secret: string, shiftId: string, code: string, now: Date): CodeCheck {
  const w = codeWindow(now);
  for (const candidate of [w, w - 1])
    if (sameCode(checkInCode(secret, shiftId, candidate), code)) return { ok: true, window: candidate };
  for (let back = 2; back <= EXPIRED_LOOKBACK_WINDOWS; back++)
    if (sameCode(checkInCode(secret, shiftId, w - back), code))
      return { ok: false, problem: 'CHECKIN_CODE_EXPIRED' };
  return { ok: false, problem: 'CHECKIN_CODE_INVALID' };
}

export interface Window {
  startsAt: Date;
  endsAt: Date;
}

/** Check-in and check-out are open within the shift and 30 minutes either side of it. */
export function isWithinShift(now: Date, shift: Window): boolean {
  const t = now.getTime();
  return t >= shift.startsAt.getTime() - SHIFT_GRACE_MS && t <= shift.endsAt.getTime() + SHIFT_GRACE_MS;
}

/**
 * Minutes served: the time between check-in and check-out clipped to the shift,
 * min(out, end) − max(in, start), in whole minutes (never negative).
 */
export function servedMinutes(checkIn: Date, checkOut: Date, shift: Window): number {
  const from = Math.max(checkIn.getTime(), shift.startsAt.getTime());
  const to = Math.min(checkOut.getTime(), shift.endsAt.getTime());
  return Math.max(0, Math.floor((to - from) / 60_000));
}

/** The served span itself, for the record's start and end. */
export function servedSpan(checkIn: Date, checkOut: Date, shift: Window): Window {
  return {
    startsAt: new Date(Math.max(checkIn.getTime(), shift.startsAt.getTime())),
    endsAt: new Date(Math.min(checkOut.getTime(), shift.endsAt.getTime())),
  };
}

/**
 * An activity's window and shifts: each shift ends after it starts and lies inside the window.
 * Shifts may overlap (two posts staffed in turns). Problems come back as field issues.
 */
export function checkShifts(
  window: Window,
  shifts: { startsAt: Date; endsAt: Date }[],
  field = 'shifts',
): FieldIssue[] {
  const issues: FieldIssue[] = [];
  if (window.endsAt.getTime() <= window.startsAt.getTime())
    issues.push({ field: 'endsAt', code: 'ACTIVITY_WINDOW_INVALID', params: { field: 'endsAt' } });
  shifts.forEach((s, i) => {
    const f = `${field}.${i}`;
    if (s.endsAt.getTime() <= s.startsAt.getTime())
      issues.push({ field: `${f}.endsAt`, code: 'ACTIVITY_SHIFT_INVALID', params: { index: i + 1 } });
    else if (s.startsAt.getTime() < window.startsAt.getTime() || s.endsAt.getTime() > window.endsAt.getTime())
      issues.push({
        field: `${f}.startsAt`,
        code: 'ACTIVITY_SHIFT_OUTSIDE_WINDOW',
        params: { index: i + 1 },
      });
  });
  return issues;
}

/** Self-reported or corrected hours: a real span, inside the activity, not in the future. */
export function checkReportedSpan(
  span: Window,
  activity: Window | null,
  now: Date,
  minutes?: number,
): { ok: true; minutes: number } | { ok: false; code: ErrorCode; field: string } {
  const spanMinutes = Math.floor((span.endsAt.getTime() - span.startsAt.getTime()) / 60_000);
  if (spanMinutes < 1) return { ok: false, code: 'HOURS_INVALID', field: 'endedAt' };
  if (span.endsAt.getTime() > now.getTime()) return { ok: false, code: 'HOURS_IN_FUTURE', field: 'endedAt' };
  if (
    activity &&
    (span.startsAt.getTime() < activity.startsAt.getTime() ||
      span.endsAt.getTime() > activity.endsAt.getTime())
  )
    return { ok: false, code: 'HOURS_OUTSIDE_ACTIVITY', field: 'startedAt' };
  if (minutes !== undefined && (minutes < 1 || minutes > spanMinutes))
    return { ok: false, code: 'HOURS_INVALID', field: 'minutes' };
  return { ok: true, minutes: minutes ?? spanMinutes };
}

/** Two spans overlap when each starts before the other ends. */
export const spansOverlap = (a: Window, b: Window) =>
  a.startsAt.getTime() < b.endsAt.getTime() && b.startsAt.getTime() < a.endsAt.getTime();

// --- dates and times in Asia/Shanghai ------------------------------------------------------

/** `2026-06-10` + `09:00` Shanghai wall-clock time → the instant. */
export const shanghaiAt = (day: string, hhmm: string): Date => new Date(`${day}T${hhmm}:00+08:00`);

export function addDays(day: string, n: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/** The next market day (the 10th) on or after `today`. */
export function nextMarketDay(today: string): string {
  const [y, m, d] = today.split('-').map(Number) as [number, number, number];
  if (d <= MARKET_DAY) return `${today.slice(0, 8)}${String(MARKET_DAY).padStart(2, '0')}`;
  const next = m === 12 ? { y: y + 1, m: 1 } : { y, m: m + 1 };
  return `${next.y}-${String(next.m).padStart(2, '0')}-${String(MARKET_DAY).padStart(2, '0')}`;
}

// --- certificates ---------------------------------------------------------------------------

/** ZM + district code (6) + year (4) + sequence (5): ZM330102202600001. */
export function certificateNo(districtCode: string, year: number, seq: number): string {
  return `ZM${districtCode.slice(0, 6)}${year}${String(seq).padStart(5, '0')}`;
}
export const CERT_NO_PATTERN = /^ZM\d{6}\d{4}\d{5,}$/;

/** 张三明 → 张*明, 张三 → 张*, 欧阳小明 → 欧**明: the public page never shows a full name. */
export function maskName(name: string): string {
  const chars = [...name.trim()];
  if (chars.length <= 1) return chars.join('');
  if (chars.length === 2) return `${chars[0]}*`;
  return `${chars[0]}${'*'.repeat(chars.length - 2)}${chars.at(-1)}`;
}

/** 750 minutes → "12.5" hours, as certificates print them (one decimal, trailing zero dropped). */
export function hoursText(minutes: number): string {
  return String(Math.round((minutes / 60) * 10) / 10);
}

/**
 * The certificate's content: what the volunteer did, grouped by activity title, largest first,
 * e.g. "文明集市法律咨询 3 次（7.5 小时）；助老服务 2 次（4 小时）".
 */
export function summariseContent(records: { content: string; minutes: number }[], max = 6): string {
  const groups = new Map<string, { n: number; minutes: number }>();
  for (const r of records) {
    const g = groups.get(r.content) ?? { n: 0, minutes: 0 };
    g.n++;
    g.minutes += r.minutes;
    groups.set(r.content, g);
  }
  const sorted = [...groups.entries()].sort((a, b) => b[1].minutes - a[1].minutes);
  const parts = sorted.slice(0, max).map(([c, g]) => `${c} ${g.n} 次（${hoursText(g.minutes)} 小时）`);
  if (sorted.length > max) parts.push(`等 ${sorted.length} 项`);
  return parts.join('；');
}
