import type { NeedAction, NeedStatus } from '../../../contracts/api/needs.ts';
import { NEED_LIMITS } from '../../../contracts/api/needs.ts';

/**
 * Who acts on a need: the community that posts it (need.post on its area), a claimant (an
 * organisation's staff, a team's leader, a volunteer for themself), or the system (attendance
 * events and the sweep).
 */
export type Side = 'community' | 'claimant' | 'system';

export type Transition = { ok: true; to: NeedStatus } | { ok: false; reason: 'state' | 'side' };

/**
 * The state machine of ADR 0013. A claim or a withdrawal moves between published and claimed
 * by the seats it leaves (see seatsStatus); the other actions have one target. Cancelling is
 * the community's, from any state before done; expiry is the sweep's, for a published or
 * claimed need whose start passed without being scheduled.
 */
const RULES: Record<NeedAction, { from: Partial<Record<NeedStatus, Side[]>>; to?: NeedStatus }> = {
  edit: { from: { draft: ['community'], published: ['community'] } },
  publish: { from: { draft: ['community'] }, to: 'published' },
  claim: { from: { published: ['claimant'] } },
  withdraw: { from: { published: ['claimant'], claimed: ['claimant'] } },
  invite: { from: { published: ['community'] } },
  schedule: { from: { claimed: ['community', 'claimant'] }, to: 'scheduled' },
  start: { from: { scheduled: ['system'] }, to: 'in_progress' },
  finish: { from: { in_progress: ['system'] }, to: 'done' },
  confirm: { from: { done: ['community'] }, to: 'confirmed' },
  rate: { from: { confirmed: ['community'] }, to: 'rated' },
  cancel: {
    from: {
      draft: ['community'],
      published: ['community'],
      claimed: ['community'],
      scheduled: ['community'],
      in_progress: ['community'],
    },
    to: 'cancelled',
  },
  expire: { from: { published: ['system'], claimed: ['system'] }, to: 'expired' },
};

/** Which sides may ever take this action (whatever the state). */
export function sidesFor(action: NeedAction): Side[] {
  return [...new Set(Object.values(RULES[action].from).flat())];
}

/** The states from which the action is allowed (for any side). */
export function statesFor(action: NeedAction): NeedStatus[] {
  return Object.keys(RULES[action].from) as NeedStatus[];
}

/**
 * Whether `side` may take `action` on a need in `from`, and the resulting state. For claim and
 * withdraw, pass the seats claimed after the step: the need is claimed exactly when they fill
 * the headcount.
 */
export function transition(
  from: NeedStatus,
  action: NeedAction,
  side: Side,
  seats?: { claimedAfter: number; headcount: number },
): Transition {
  const rule = RULES[action];
  const sides = rule.from[from];
  if (!sides) return { ok: false, reason: 'state' };
  if (!sides.includes(side)) return { ok: false, reason: 'side' };
  if ((action === 'claim' || action === 'withdraw') && seats)
    return { ok: true, to: seatsStatus(seats.claimedAfter, seats.headcount) };
  return { ok: true, to: rule.to ?? from };
}

/** A need with every seat claimed is `claimed`; with seats left it stays (or is again) `published`. */
export function seatsStatus(claimed: number, headcount: number): 'published' | 'claimed' {
  return claimed >= headcount ? 'claimed' : 'published';
}

export type SeatCheck = { ok: true; left: number } | { ok: false; requested: number; left: number };

/** Seats are checked under the need's row lock; the CHECK constraint is the last line of defence. */
export function checkSeats(headcount: number, claimed: number, requested: number): SeatCheck {
  const left = Math.max(0, headcount - claimed);
  if (!Number.isInteger(requested) || requested < 1 || requested > left)
    return { ok: false, requested, left };
  return { ok: true, left: left - requested };
}

export function isValidHeadcount(n: number): boolean {
  return Number.isInteger(n) && n >= 1 && n <= NEED_LIMITS.headcountMax;
}

export type WindowIssue =
  | { field: 'endsAt'; code: 'NEED_WINDOW_INVALID' }
  | { field: 'startsAt'; code: 'NEED_START_PAST' };

/** The window must run forwards; a need going out to claimants must not have started. */
export function checkWindow(startsAt: Date, endsAt: Date, now: Date, publishing: boolean): WindowIssue[] {
  const out: WindowIssue[] = [];
  if (endsAt.getTime() <= startsAt.getTime()) out.push({ field: 'endsAt', code: 'NEED_WINDOW_INVALID' });
  if (publishing && startsAt.getTime() <= now.getTime())
    out.push({ field: 'startsAt', code: 'NEED_START_PAST' });
  return out;
}

/** The sweep expires a published or claimed need once its start has passed unscheduled. */
export function isExpiredAt(status: NeedStatus, startsAt: Date, now: Date): boolean {
  return (status === 'published' || status === 'claimed') && startsAt.getTime() <= now.getTime();
}

const HOUR = 3_600_000;
/** Reminder horizons (issue 4: reminders at each step). */
export const REMINDERS = {
  /** Scheduled volunteers and claimants hear of the start a day ahead. */
  startAheadMs: 24 * HOUR,
  /** A published need still short of people two days before its start alerts its community. */
  unclaimedAheadMs: 48 * HOUR,
  /** A need done but not confirmed after three days reminds its community. */
  confirmAfterMs: 72 * HOUR,
} as const;

export type ReminderKind = 'need.reminder.start' | 'need.reminder.unclaimed' | 'need.confirm_due';

/** Which reminders are due for a need now (each is sent once: the sweep dedupes by need). */
export function dueReminders(
  n: { status: NeedStatus; startsAt: Date; doneAt: Date | null; claimedSeats: number; headcount: number },
  now: Date,
): ReminderKind[] {
  const t = now.getTime();
  const start = n.startsAt.getTime();
  const out: ReminderKind[] = [];
  if (n.status === 'scheduled' && start > t && start - t <= REMINDERS.startAheadMs)
    out.push('need.reminder.start');
  if (
    n.status === 'published' &&
    n.claimedSeats < n.headcount &&
    start > t &&
    start - t <= REMINDERS.unclaimedAheadMs
  )
    out.push('need.reminder.unclaimed');
  if (n.status === 'done' && n.doneAt && t - n.doneAt.getTime() >= REMINDERS.confirmAfterMs)
    out.push('need.confirm_due');
  return out;
}

/**
 * Attendance drives a scheduled need (ADR 0013): the first check-in starts it; once every
 * sign-up is checked out (no-shows are not counted as signed up) it is done. One event may do
 * both steps.
 */
export function attendanceSteps(
  status: NeedStatus,
  a: { signedUp: number; checkedIn: number; checkedOut: number },
): ('start' | 'finish')[] {
  const steps: ('start' | 'finish')[] = [];
  let s = status;
  if (s === 'scheduled' && a.checkedIn > 0) {
    steps.push('start');
    s = 'in_progress';
  }
  if (s === 'in_progress' && a.signedUp > 0 && a.checkedOut >= a.signedUp) steps.push('finish');
  return steps;
}

/** Need numbers: XQ + the Shanghai day + a four-digit (or longer) sequence of the day. */
export function needNoPrefix(day: string): string {
  return `XQ${day.replaceAll('-', '')}`;
}

/** 王小明 → 王**: the surname and one mask per further character (at least one). */
export function maskName(name: string): string {
  const chars = [...name.trim()];
  if (chars.length === 0) return '';
  return chars[0] + '*'.repeat(Math.max(1, chars.length - 1));
}
