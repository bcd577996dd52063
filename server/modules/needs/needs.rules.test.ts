import { describe, expect, it } from 'vitest';
import {
  NEED_ACTIONS,
  NEED_STATUSES,
  type NeedAction,
  type NeedStatus,
} from '../../../contracts/api/needs.ts';
import {
  attendanceSteps,
  checkSeats,
  checkWindow,
  dueReminders,
  isExpiredAt,
  isValidHeadcount,
  maskName,
  needNoPrefix,
  REMINDERS,
  type Side,
  seatsStatus,
  transition,
} from './needs.rules.ts';

const SIDES: Side[] = ['community', 'claimant', 'system'];

/**
 * Every allowed (state, action, side) and where it leads; everything not listed is refused.
 * Written out by hand from ADR 0013, not derived from the rules under test.
 */
const ALLOWED: Record<string, NeedStatus> = {
  'draft edit community': 'draft',
  'published edit community': 'published',
  'draft publish community': 'published',
  'published claim claimant': 'published',
  'published withdraw claimant': 'published',
  'claimed withdraw claimant': 'claimed',
  'published invite community': 'published',
  'claimed schedule community': 'scheduled',
  'claimed schedule claimant': 'scheduled',
  'scheduled start system': 'in_progress',
  'in_progress finish system': 'done',
  'done confirm community': 'confirmed',
  'confirmed rate community': 'rated',
  'draft cancel community': 'cancelled',
  'published cancel community': 'cancelled',
  'claimed cancel community': 'cancelled',
  'scheduled cancel community': 'cancelled',
  'in_progress cancel community': 'cancelled',
  'published expire system': 'expired',
  'claimed expire system': 'expired',
};

const cases = NEED_STATUSES.flatMap((from) =>
  NEED_ACTIONS.flatMap((action) =>
    SIDES.map((side) => [from, action, side] as [NeedStatus, NeedAction, Side]),
  ),
);

describe('need state machine', () => {
  it('the table covers every state, action and side', () => {
    expect(cases).toHaveLength(NEED_STATUSES.length * NEED_ACTIONS.length * SIDES.length);
    // every listed transition names a real state, action and side
    for (const key of Object.keys(ALLOWED)) {
      const [from, action, side] = key.split(' ');
      expect(NEED_STATUSES).toContain(from);
      expect(NEED_ACTIONS).toContain(action);
      expect(SIDES).toContain(side);
    }
  });

  it.each(cases)('%s + %s by %s', (from, action, side) => {
    const t = transition(from, action, side);
    const expected = ALLOWED[`${from} ${action} ${side}`];
    if (expected) expect(t).toEqual({ ok: true, to: expected });
    else {
      expect(t.ok).toBe(false);
      // refused for the state when nobody may do it there, else for the side
      const anySide = SIDES.some((s) => ALLOWED[`${from} ${action} ${s}`]);
      expect(t).toEqual({ ok: false, reason: anySide ? 'side' : 'state' });
    }
  });

  it('nothing leaves a terminal state', () => {
    for (const from of ['rated', 'cancelled', 'expired'] as NeedStatus[])
      for (const action of NEED_ACTIONS)
        for (const side of SIDES) expect(transition(from, action, side).ok).toBe(false);
  });

  it('cancel is refused from done onwards (ADR 0013: any state before done)', () => {
    for (const from of ['done', 'confirmed', 'rated'] as NeedStatus[])
      expect(transition(from, 'cancel', 'community')).toEqual({ ok: false, reason: 'state' });
  });

  it.each([
    // [from, action, claimed after, headcount, to]
    ['published', 'claim', 1, 3, 'published'],
    ['published', 'claim', 2, 3, 'published'],
    ['published', 'claim', 3, 3, 'claimed'],
    ['published', 'withdraw', 0, 3, 'published'],
    ['claimed', 'withdraw', 2, 3, 'published'],
    ['claimed', 'withdraw', 3, 3, 'claimed'],
  ] as const)('%s + %s leaving %i of %i seats claimed → %s', (from, action, claimedAfter, headcount, to) => {
    expect(transition(from, action, 'claimant', { claimedAfter, headcount })).toEqual({ ok: true, to });
  });

  it.each([
    [0, 1, 'published'],
    [1, 2, 'published'],
    [2, 2, 'claimed'],
    [200, 200, 'claimed'],
  ] as const)('seatsStatus(%i of %i) = %s', (claimed, headcount, status) => {
    expect(seatsStatus(claimed, headcount)).toBe(status);
  });
});

describe('seats', () => {
  it.each([
    // headcount, claimed, requested → ok / left
    [5, 0, 1, { ok: true, left: 4 }],
    [5, 0, 5, { ok: true, left: 0 }],
    [5, 0, 6, { ok: false, requested: 6, left: 5 }],
    [5, 4, 1, { ok: true, left: 0 }],
    [5, 4, 2, { ok: false, requested: 2, left: 1 }],
    [5, 5, 1, { ok: false, requested: 1, left: 0 }],
    [5, 2, 0, { ok: false, requested: 0, left: 3 }],
    [5, 2, -1, { ok: false, requested: -1, left: 3 }],
    [5, 2, 1.5, { ok: false, requested: 1.5, left: 3 }],
  ] as const)('headcount %i, %i claimed, %s requested', (headcount, claimed, requested, result) => {
    expect(checkSeats(headcount, claimed, requested)).toEqual(result);
  });

  it.each([
    [0, false],
    [1, true],
    [2, true],
    [199, true],
    [200, true],
    [201, false],
    [1.5, false],
    [-1, false],
  ])('headcount %s valid: %s', (n, ok) => {
    expect(isValidHeadcount(n)).toBe(ok);
  });
});

describe('window', () => {
  const now = new Date('2026-06-15T02:00:00Z');
  const at = (iso: string) => new Date(iso);
  it.each([
    // starts, ends, publishing → issues
    ['2026-06-16T01:00:00Z', '2026-06-16T03:00:00Z', true, []],
    ['2026-06-16T01:00:00Z', '2026-06-16T01:00:00Z', false, ['endsAt']],
    ['2026-06-16T01:00:00Z', '2026-06-16T00:59:59Z', false, ['endsAt']],
    ['2026-06-15T02:00:00Z', '2026-06-15T04:00:00Z', true, ['startsAt']],
    ['2026-06-15T02:00:01Z', '2026-06-15T04:00:00Z', true, []],
    ['2026-06-15T01:59:59Z', '2026-06-15T04:00:00Z', false, []],
    ['2026-06-14T01:00:00Z', '2026-06-14T00:00:00Z', true, ['endsAt', 'startsAt']],
  ] as const)('%s – %s (publishing %s)', (s, e, publishing, fields) => {
    expect(checkWindow(at(s), at(e), now, publishing).map((i) => i.field)).toEqual(fields);
  });

  it.each([
    ['published', '2026-06-15T02:00:00Z', true],
    ['published', '2026-06-15T02:00:01Z', false],
    ['claimed', '2026-06-15T01:00:00Z', true],
    ['draft', '2026-06-15T01:00:00Z', false],
    ['scheduled', '2026-06-15T01:00:00Z', false],
  ] as const)('a %s need starting %s has expired: %s', (status, starts, expired) => {
    expect(isExpiredAt(status, at(starts), now)).toBe(expired);
  });
});

describe('reminders', () => {
  const now = new Date('2026-06-15T02:00:00Z');
  const plus = (ms: number) => new Date(now.getTime() + ms);
  const need = (over: Partial<Parameters<typeof dueReminders>[0]>) => ({
    status: 'scheduled' as NeedStatus,
    startsAt: plus(REMINDERS.startAheadMs),
    doneAt: null,
    claimedSeats: 1,
    headcount: 2,
    ...over,
  });

  it.each([
    // start reminder: scheduled, within 24 h, not started
    [need({}), ['need.reminder.start']],
    [need({ startsAt: plus(REMINDERS.startAheadMs + 1) }), []],
    [need({ startsAt: plus(1) }), ['need.reminder.start']],
    [need({ startsAt: now }), []],
    [need({ status: 'claimed' }), []],
    // unclaimed: published with seats left, within 48 h
    [need({ status: 'published', startsAt: plus(REMINDERS.unclaimedAheadMs) }), ['need.reminder.unclaimed']],
    [need({ status: 'published', startsAt: plus(REMINDERS.unclaimedAheadMs + 1) }), []],
    [need({ status: 'published', startsAt: plus(60_000), claimedSeats: 2 }), []],
    [need({ status: 'published', startsAt: now }), []],
    // confirmation due: done for 3 days
    [need({ status: 'done', doneAt: plus(-REMINDERS.confirmAfterMs) }), ['need.confirm_due']],
    [need({ status: 'done', doneAt: plus(-REMINDERS.confirmAfterMs + 1) }), []],
    [need({ status: 'confirmed', doneAt: plus(-REMINDERS.confirmAfterMs * 2) }), []],
  ])('%# %o', (n, kinds) => {
    expect(dueReminders(n, now)).toEqual(kinds);
  });
});

describe('attendance', () => {
  it.each([
    ['scheduled', 3, 0, 0, []],
    ['scheduled', 3, 1, 0, ['start']],
    ['scheduled', 3, 3, 3, ['start', 'finish']],
    ['in_progress', 3, 3, 2, []],
    ['in_progress', 3, 3, 3, ['finish']],
    ['in_progress', 2, 3, 2, ['finish']],
    ['in_progress', 0, 0, 0, []],
    ['done', 3, 3, 3, []],
    ['cancelled', 3, 3, 3, []],
    ['published', 3, 3, 3, []],
  ] as const)(
    '%s with %i signed up, %i in, %i out → %o',
    (status, signedUp, checkedIn, checkedOut, steps) => {
      expect(attendanceSteps(status, { signedUp, checkedIn, checkedOut })).toEqual(steps);
    },
  );
});

describe('numbers and names', () => {
  it('numbers needs by the Shanghai day', () => {
    expect(needNoPrefix('2026-11-22')).toBe('XQ20261122');
  });
  it.each([
    ['王小明', '王**'],
    ['李四', '李*'],
    ['欧阳', '欧*'],
    ['王', '王*'],
    ['', ''],
  ])('masks %s as %s', (name, masked) => {
    expect(maskName(name)).toBe(masked);
  });
});
