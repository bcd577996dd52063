import type { HomeServiceUnit, OrderAction, OrderStatus } from '../../../contracts/api/home-services.ts';

/** Who acts: the taking side (community worker, street staff, district) or the provider's staff. */
export type Side = 'taker' | 'provider';
/** What the transition does in the ledger (ADR 0008 codes, ADR 0010). */
export type LedgerEffect = 'none' | 'hold' | 'capture' | 'release' | 'refund';

export type Transition =
  | { ok: true; to: OrderStatus; ledger: LedgerEffect }
  | { ok: false; reason: 'state' | 'side' };

/**
 * The order's state machine. The provider accepts and records the visit; the taking side
 * confirms and rates on the elder's behalf (the elder confirms by phone through the worker).
 * Either side may cancel before the visit starts; once the provider has checked in, only the
 * taking side may cancel (it answers to the elder), and after confirmation that is a refund.
 */
const RULES: Record<OrderAction, { from: Partial<Record<OrderStatus, Side[]>>; to?: OrderStatus }> = {
  accept: { from: { placed: ['provider'] }, to: 'accepted' },
  check_in: { from: { accepted: ['provider'] }, to: 'in_service' },
  check_out: { from: { in_service: ['provider'] }, to: 'done' },
  confirm: { from: { done: ['taker'] }, to: 'confirmed' },
  cancel: {
    from: {
      placed: ['taker', 'provider'],
      accepted: ['taker', 'provider'],
      in_service: ['taker'],
      done: ['taker'],
      confirmed: ['taker'],
    },
    to: 'cancelled',
  },
  // A rating changes nothing but the rating: the order stays confirmed.
  rate: { from: { confirmed: ['taker'] } },
};

/** Which sides may ever take this action (whatever the state). */
export function sidesFor(action: OrderAction): Side[] {
  return [...new Set(Object.values(RULES[action].from).flat())];
}

export function transition(from: OrderStatus, action: OrderAction, side: Side): Transition {
  const rule = RULES[action];
  const sides = rule.from[from];
  if (!sides) return { ok: false, reason: 'state' };
  if (!sides.includes(side)) return { ok: false, reason: 'side' };
  const to = rule.to ?? from;
  let ledger: LedgerEffect = 'none';
  if (action === 'accept') ledger = 'hold';
  else if (action === 'confirm') ledger = 'capture';
  else if (action === 'cancel')
    ledger = from === 'placed' ? 'none' : from === 'confirmed' ? 'refund' : 'release';
  return { ok: true, to, ledger };
}

/**
 * How per-hour services are billed (ADR 0010): at least `minimumMinutes`, then in steps of
 * `stepMinutes`; a step counts once more than `graceMinutes` of it have been used, so a visit
 * that overruns by a few minutes is not billed a whole extra half hour.
 */
export interface BillingRule {
  minimumMinutes: number;
  stepMinutes: number;
  graceMinutes: number;
}
export const DEFAULT_BILLING: BillingRule = { minimumMinutes: 60, stepMinutes: 30, graceMinutes: 5 };

export const MAX_DURATION_MINUTES = 720;

export function isValidDuration(minutes: number): boolean {
  return Number.isInteger(minutes) && minutes >= 1 && minutes <= MAX_DURATION_MINUTES;
}

export function billedMinutes(minutes: number, rule: BillingRule = DEFAULT_BILLING): number {
  const steps = Math.ceil(Math.max(0, minutes - rule.graceMinutes) / rule.stepMinutes);
  return Math.max(rule.minimumMinutes, steps * rule.stepMinutes);
}

/**
 * The amount of an order in fen. Per visit: the price. Per hour: the hourly price times the
 * billed hours, rounded half up to the fen (a half hour of an odd-fen price).
 */
export function orderAmount(
  unit: HomeServiceUnit,
  priceFen: number,
  minutes: number,
  rule: BillingRule = DEFAULT_BILLING,
): { quantity: number; amountFen: number } {
  if (unit === 'per_visit') return { quantity: 1, amountFen: priceFen };
  const billed = billedMinutes(minutes, rule);
  return { quantity: billed, amountFen: Math.floor((priceFen * billed + 30) / 60) };
}

export type CreditsDecision =
  | { ok: true; credits: number }
  | {
      ok: false;
      code: 'ORDER_CREDITS_EXCEED_AMOUNT' | 'LEDGER_INSUFFICIENT' | 'LEDGER_CAPTURE_EXCEEDS_HOLD';
    };

/**
 * How much 重阳分 to use: by default as much as `limit` allows (the available balance when
 * holding, the hold when capturing), never more than the amount; an explicit request is taken
 * exactly or refused.
 */
export function creditsToUse(
  amount: number,
  limit: number,
  requested: number | undefined,
  limitCode: 'LEDGER_INSUFFICIENT' | 'LEDGER_CAPTURE_EXCEEDS_HOLD',
): CreditsDecision {
  if (requested === undefined) return { ok: true, credits: Math.max(0, Math.min(limit, amount)) };
  if (requested > amount) return { ok: false, code: 'ORDER_CREDITS_EXCEED_AMOUNT' };
  if (requested > limit) return { ok: false, code: limitCode };
  return { ok: true, credits: requested };
}

/** The calendar days a service may be scheduled on, relative to today (Asia/Shanghai). */
export const SCHEDULE_WINDOW = { daysBack: 30, daysAhead: 90 };

export function addDays(day: string, n: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

export interface PriceRow {
  validFrom: string;
  validTo: string | null;
  priceFen: number;
}

/**
 * A new dated price: the price in force on `validFrom` ends the day before; the new one runs
 * until the day before the next later price, or open-ended. The same `validFrom` corrects that
 * price in place.
 */
export function planPriceChange(
  existing: PriceRow[],
  validFrom: string,
): { replace: boolean; shorten: { validFrom: string; validTo: string } | null; validTo: string | null } {
  const sorted = [...existing].sort((a, b) => a.validFrom.localeCompare(b.validFrom));
  const same = sorted.find((p) => p.validFrom === validFrom);
  if (same) return { replace: true, shorten: null, validTo: same.validTo };
  const before = sorted.filter((p) => p.validFrom < validFrom).at(-1);
  const after = sorted.find((p) => p.validFrom > validFrom);
  const validTo = after ? addDays(after.validFrom, -1) : null;
  const shorten =
    before && (before.validTo === null || before.validTo >= validFrom)
      ? { validFrom: before.validFrom, validTo: addDays(validFrom, -1) }
      : null;
  return { replace: false, shorten, validTo };
}
