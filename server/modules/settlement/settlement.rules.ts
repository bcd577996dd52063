import { HOME_SERVICE_LABELS } from '../../../contracts/api/home-services.ts';
import type { LineKind } from '../../../contracts/api/settlement.ts';
import { shanghaiDate } from '../../platform/clock.ts';

/**
 * Pure rules of the monthly statement (ADR 0012): the month's window on the Asia/Shanghai
 * calendar, how a ledger movement becomes a line, and the statement's totals.
 */

const SHANGHAI_OFFSET_MS = 8 * 3600_000;

/**
 * The month's half-open window [first day 00:00 +08:00, next month's first day 00:00 +08:00).
 * China keeps +08:00 all year (no daylight saving), so a fixed offset is exact.
 */
export function monthWindow(month: string): { from: Date; to: Date; firstDay: string } {
  const y = Number(month.slice(0, 4));
  const m = Number(month.slice(5, 7));
  return {
    from: new Date(Date.UTC(y, m - 1, 1) - SHANGHAI_OFFSET_MS),
    // Date.UTC rolls month 12 over into January of the next year.
    to: new Date(Date.UTC(y, m, 1) - SHANGHAI_OFFSET_MS),
    firstDay: `${month}-01`,
  };
}

/** The settlement month an instant belongs to. */
export function monthOf(at: Date): string {
  return shanghaiDate(at).slice(0, 7);
}

/** A statement is drawn up only once the month is over: its last transfer may post until midnight. */
export function isMonthEnded(month: string, now: Date): boolean {
  return now.getTime() >= monthWindow(month).to.getTime();
}

/**
 * A name as it may appear on a provider's statement: surname and last character kept, the rest
 * hidden (王小英 → 王*英, 王英 → 王*). Statements leave the district (PIPL minimum necessary).
 */
export function maskName(name: string): string {
  const chars = Array.from(name.trim());
  if (chars.length === 0) return '';
  if (chars.length === 1) return '*';
  if (chars.length === 2) return `${chars[0]}*`;
  return `${chars[0]}${'*'.repeat(chars.length - 2)}${chars.at(-1)}`;
}

/** 居家服务 names by catalogue code (the shared vocabulary); an unknown code shows as it is. */
const SERVICE_NAMES: Record<string, { 'zh-CN': string } | undefined> = HOME_SERVICE_LABELS;
const SITTING_ZH: Record<string, string> = { breakfast: '早餐', lunch: '午餐', dinner: '晚餐' };

/** One posted transfer on a provider's receivable, with what the order or sale behind it says. */
export interface Movement {
  transferId: string;
  code: string;
  amount: number;
  /** True when the transfer credits the receivable (value owed to the provider grows). */
  isCredit: boolean;
  reversalOf: string | null;
  refType: string | null;
  refId: string | null;
  memo: string | null;
  at: string;
  order: {
    orderNo: string;
    serviceCode: string;
    copayFen: number;
    personId: string;
    scheduledFor: string | null;
  } | null;
  meal: { itemName: string; day: string; sitting: string; paidFen: number; personId: string } | null;
}

export type LineGroup = 'orders' | 'meals' | 'other';

export interface LineDraft {
  transferId: string;
  kind: LineKind;
  group: LineGroup;
  refType: string | null;
  refId: string | null;
  at: string;
  description: string;
  amountFen: number;
  copayFen: number;
}

/** Orders and meals are told apart by the business reference, with the transfer code as fallback. */
export function groupOf(m: Pick<Movement, 'refType' | 'code'>): LineGroup {
  if (m.refType === 'service_order' || m.code.startsWith('order.')) return 'orders';
  if (m.refType === 'meal_sale' || m.code.startsWith('meal.')) return 'meals';
  return 'other';
}

export function kindOf(m: Pick<Movement, 'refType' | 'code' | 'reversalOf' | 'isCredit'>): LineKind {
  if (m.reversalOf) return 'reversal';
  if (!m.isCredit) return 'adjustment';
  const g = groupOf(m);
  return g === 'orders' ? 'order' : g === 'meals' ? 'meal' : 'adjustment';
}

/**
 * The line a movement becomes. The sign is the receivable's: a credit is owed to the provider
 * (+), a debit reduces what is owed (−). Co-payments are informational and carry the same sign.
 */
export function buildLine(
  m: Movement,
  names: Map<string, string>,
  codeLabel: (code: string) => string = (c) => c,
): LineDraft {
  const sign = m.isCredit ? 1 : -1;
  const group = groupOf(m);
  const kind = kindOf(m);
  const personName = (id: string | undefined) => (id ? maskName(names.get(id) ?? '') : '');
  let description: string;
  let copay = 0;
  if (group === 'orders' && m.order) {
    const day = m.order.scheduledFor
      ? shanghaiDate(new Date(m.order.scheduledFor))
      : shanghaiDate(new Date(m.at));
    const service = SERVICE_NAMES[m.order.serviceCode]?.['zh-CN'] ?? m.order.serviceCode;
    description = [m.order.orderNo, service, day, personName(m.order.personId)].filter(Boolean).join(' ');
    if (kind === 'reversal') description = `退款 ${description}`;
    copay = m.order.copayFen;
  } else if (group === 'meals' && m.meal) {
    const sitting = SITTING_ZH[m.meal.sitting] ?? m.meal.sitting;
    description = ['助餐', m.meal.day, sitting, m.meal.itemName, personName(m.meal.personId)]
      .filter(Boolean)
      .join(' ');
    if (kind === 'reversal') description = `作废 ${description}`;
    copay = m.meal.paidFen;
  } else {
    const ref = m.refType && m.refId ? ` ${m.refType}/${m.refId}` : '';
    description = `${codeLabel(m.code)}${ref}${m.memo ? `：${m.memo}` : ''}`;
  }
  return {
    transferId: m.transferId,
    kind,
    group,
    refType: m.refType,
    refId: m.refId,
    at: m.at,
    description,
    amountFen: sign * m.amount,
    copayFen: sign * copay,
  };
}

export interface StatementTotals {
  ordersCount: number;
  ordersCreditsFen: number;
  ordersCopayFen: number;
  mealsCount: number;
  mealsSubsidyFen: number;
  mealsPaidFen: number;
  adjustmentsFen: number;
  totalFen: number;
}

/**
 * Totals by kind. Counts are net: a capture counts +1 and its refund −1, so a month whose only
 * movement is the refund of last month's order counts −1. total = orders + meals + adjustments
 * = the sum of the lines, to the fen.
 */
export function summarise(lines: Pick<LineDraft, 'group' | 'amountFen' | 'copayFen'>[]): StatementTotals {
  const t: StatementTotals = {
    ordersCount: 0,
    ordersCreditsFen: 0,
    ordersCopayFen: 0,
    mealsCount: 0,
    mealsSubsidyFen: 0,
    mealsPaidFen: 0,
    adjustmentsFen: 0,
    totalFen: 0,
  };
  for (const l of lines) {
    const unit = l.amountFen >= 0 ? 1 : -1;
    if (l.group === 'orders') {
      t.ordersCount += unit;
      t.ordersCreditsFen += l.amountFen;
      t.ordersCopayFen += l.copayFen;
    } else if (l.group === 'meals') {
      t.mealsCount += unit;
      t.mealsSubsidyFen += l.amountFen;
      t.mealsPaidFen += l.copayFen;
    } else t.adjustmentsFen += l.amountFen;
    t.totalFen += l.amountFen;
  }
  return t;
}

/**
 * What one payout moves: the statement's total plus every approved, unpaid statement of the same
 * provider whose total is zero or negative (a month of refunds). Those are already netted in the
 * receivable's balance, so paying the positive month in full would overdraw it.
 */
export function payoutAmount(totalFen: number, offsets: { totalFen: number }[]): number {
  return offsets.reduce((s, o) => s + o.totalFen, totalFen);
}
