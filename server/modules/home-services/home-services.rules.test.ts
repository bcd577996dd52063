import { describe, expect, it } from 'vitest';
import {
  ORDER_ACTIONS,
  ORDER_STATUSES,
  type OrderAction,
  type OrderStatus,
} from '../../../contracts/api/home-services.ts';
import {
  billedMinutes,
  creditsToUse,
  isValidDuration,
  orderAmount,
  planPriceChange,
  type Side,
  sidesFor,
  transition,
} from './home-services.rules.ts';

/**
 * Every (state, action) pair, written out by hand: `to` and the ledger effect for the taking
 * side (T) and the provider side (P); '-' where the action is refused.
 */
const EXPECTED: Record<OrderStatus, Record<OrderAction, { T: string; P: string }>> = {
  placed: {
    accept: { T: '-', P: 'accepted/hold' },
    check_in: { T: '-', P: '-' },
    check_out: { T: '-', P: '-' },
    confirm: { T: '-', P: '-' },
    cancel: { T: 'cancelled/none', P: 'cancelled/none' },
    rate: { T: '-', P: '-' },
  },
  accepted: {
    accept: { T: '-', P: '-' },
    check_in: { T: '-', P: 'in_service/none' },
    check_out: { T: '-', P: '-' },
    confirm: { T: '-', P: '-' },
    cancel: { T: 'cancelled/release', P: 'cancelled/release' },
    rate: { T: '-', P: '-' },
  },
  in_service: {
    accept: { T: '-', P: '-' },
    check_in: { T: '-', P: '-' },
    check_out: { T: '-', P: 'done/none' },
    confirm: { T: '-', P: '-' },
    cancel: { T: 'cancelled/release', P: '-' },
    rate: { T: '-', P: '-' },
  },
  done: {
    accept: { T: '-', P: '-' },
    check_in: { T: '-', P: '-' },
    check_out: { T: '-', P: '-' },
    confirm: { T: 'confirmed/capture', P: '-' },
    cancel: { T: 'cancelled/release', P: '-' },
    rate: { T: '-', P: '-' },
  },
  confirmed: {
    accept: { T: '-', P: '-' },
    check_in: { T: '-', P: '-' },
    check_out: { T: '-', P: '-' },
    confirm: { T: '-', P: '-' },
    cancel: { T: 'cancelled/refund', P: '-' },
    rate: { T: 'confirmed/none', P: '-' },
  },
  cancelled: {
    accept: { T: '-', P: '-' },
    check_in: { T: '-', P: '-' },
    check_out: { T: '-', P: '-' },
    confirm: { T: '-', P: '-' },
    cancel: { T: '-', P: '-' },
    rate: { T: '-', P: '-' },
  },
};

const cases = ORDER_STATUSES.flatMap((s) =>
  ORDER_ACTIONS.flatMap((a) =>
    (['taker', 'provider'] as Side[]).map(
      (side) => [s, a, side, EXPECTED[s][a][side === 'taker' ? 'T' : 'P']] as const,
    ),
  ),
);

describe('the order state machine', () => {
  it('covers every state, action and side (72 cases)', () => {
    expect(cases).toHaveLength(ORDER_STATUSES.length * ORDER_ACTIONS.length * 2);
  });

  it.each(cases)('%s + %s by %s → %s', (state, action, side, expected) => {
    const t = transition(state, action, side);
    expect(t.ok ? `${t.to}/${t.ledger}` : '-').toBe(expected);
  });

  it('tells a refusal for the wrong side from one in the wrong state', () => {
    expect(transition('in_service', 'cancel', 'provider')).toEqual({ ok: false, reason: 'side' });
    expect(transition('placed', 'confirm', 'taker')).toEqual({ ok: false, reason: 'state' });
    expect(transition('cancelled', 'cancel', 'taker')).toEqual({ ok: false, reason: 'state' });
  });

  it('names the sides that may ever take an action', () => {
    expect(sidesFor('accept')).toEqual(['provider']);
    expect(sidesFor('confirm')).toEqual(['taker']);
    expect(sidesFor('cancel').sort()).toEqual(['provider', 'taker']);
  });
});

describe('billing per-hour services', () => {
  // At least an hour; then half hours, each counted once more than 5 minutes of it are used.
  it.each([
    [1, 60],
    [59, 60],
    [60, 60],
    [65, 60],
    [66, 90],
    [90, 90],
    [95, 90],
    [96, 120],
    [125, 120],
    [126, 150],
    [720, 720],
  ])('%i minutes are billed as %i', (minutes, billed) => {
    expect(billedMinutes(minutes)).toBe(billed);
  });

  it('prices per hour, rounding a half fen up', () => {
    expect(orderAmount('per_hour', 4500, 60)).toEqual({ quantity: 60, amountFen: 4500 });
    expect(orderAmount('per_hour', 4500, 66)).toEqual({ quantity: 90, amountFen: 6750 });
    // 4501 fen an hour for 1.5 hours is 6751.5 fen → 6752.
    expect(orderAmount('per_hour', 4501, 90)).toEqual({ quantity: 90, amountFen: 6752 });
    expect(orderAmount('per_hour', 4501, 120)).toEqual({ quantity: 120, amountFen: 9002 });
  });

  it('charges a visit the price, whatever its duration', () => {
    expect(orderAmount('per_visit', 8000, 5)).toEqual({ quantity: 1, amountFen: 8000 });
    expect(orderAmount('per_visit', 8000, 300)).toEqual({ quantity: 1, amountFen: 8000 });
  });

  it.each([
    [0, false],
    [1, true],
    [720, true],
    [721, false],
    [30.5, false],
  ])('a duration of %s minutes is valid: %s', (m, ok) => {
    expect(isValidDuration(m)).toBe(ok);
  });
});

describe('how much 重阳分 to use', () => {
  it.each([
    // amount, limit, requested → credits or refusal
    [5000, 0, undefined, 0],
    [5000, 4999, undefined, 4999],
    [5000, 5000, undefined, 5000],
    [5000, 5001, undefined, 5000],
    [5000, 8000, 0, 0],
    [5000, 8000, 3000, 3000],
    [5000, 8000, 5000, 5000],
    [5000, 8000, 5001, 'ORDER_CREDITS_EXCEED_AMOUNT'],
    [5000, 2999, 3000, 'LIMIT'],
    [5000, 3000, 3000, 3000],
  ] as const)('amount %i, limit %i, requested %s → %s', (amount, limit, requested, expected) => {
    const d = creditsToUse(amount, limit, requested, 'LEDGER_INSUFFICIENT');
    const got = d.ok ? d.credits : d.code === 'LEDGER_INSUFFICIENT' ? 'LIMIT' : d.code;
    expect(got).toBe(expected);
  });

  it('names the hold when capturing beyond it', () => {
    expect(creditsToUse(5000, 2000, 2001, 'LEDGER_CAPTURE_EXCEEDS_HOLD')).toEqual({
      ok: false,
      code: 'LEDGER_CAPTURE_EXCEEDS_HOLD',
    });
  });
});

describe('dating a price', () => {
  const open = { validFrom: '2026-01-01', validTo: null, priceFen: 4500 };
  it('ends the price in force the day before the new one', () => {
    expect(planPriceChange([open], '2026-07-01')).toEqual({
      replace: false,
      shorten: { validFrom: '2026-01-01', validTo: '2026-06-30' },
      validTo: null,
    });
  });
  it('ends a price dated before a later one the day before that one', () => {
    const later = { validFrom: '2026-09-01', validTo: null, priceFen: 5000 };
    const shortened = { ...open, validTo: '2026-08-31' };
    expect(planPriceChange([shortened, later], '2026-07-01')).toEqual({
      replace: false,
      shorten: { validFrom: '2026-01-01', validTo: '2026-06-30' },
      validTo: '2026-08-31',
    });
    expect(planPriceChange([later], '2026-03-01')).toEqual({
      replace: false,
      shorten: null,
      validTo: '2026-08-31',
    });
  });
  it('corrects the price of the same day in place', () => {
    expect(planPriceChange([open], '2026-01-01')).toEqual({ replace: true, shorten: null, validTo: null });
  });
  it('leaves a price that ended before the new one starts', () => {
    const ended = { validFrom: '2025-01-01', validTo: '2025-12-31', priceFen: 4000 };
    expect(planPriceChange([ended], '2026-03-01').shorten).toBeNull();
    // A price ending exactly on the new start day is cut by one day.
    const endsThatDay = { validFrom: '2025-01-01', validTo: '2026-03-01', priceFen: 4000 };
    expect(planPriceChange([endsThatDay], '2026-03-01').shorten).toEqual({
      validFrom: '2025-01-01',
      validTo: '2026-02-28',
    });
  });
});
