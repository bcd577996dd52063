import { describe, expect, it } from 'vitest';
import {
  buildLine,
  groupOf,
  isMonthEnded,
  kindOf,
  type Movement,
  maskName,
  monthOf,
  monthWindow,
  payoutAmount,
  summarise,
} from './settlement.rules.ts';

describe('monthWindow: the month on the Asia/Shanghai calendar', () => {
  it.each([
    ['2026-11', '2026-10-31T16:00:00.000Z', '2026-11-30T16:00:00.000Z'],
    ['2026-12', '2026-11-30T16:00:00.000Z', '2026-12-31T16:00:00.000Z'],
    ['2027-01', '2026-12-31T16:00:00.000Z', '2027-01-31T16:00:00.000Z'],
    ['2028-02', '2028-01-31T16:00:00.000Z', '2028-02-29T16:00:00.000Z'],
    ['2026-02', '2026-01-31T16:00:00.000Z', '2026-02-28T16:00:00.000Z'],
  ])('%s is [%s, %s)', (month, from, to) => {
    const w = monthWindow(month);
    expect(w.from.toISOString()).toBe(from);
    expect(w.to.toISOString()).toBe(to);
    expect(w.firstDay).toBe(`${month}-01`);
  });

  it.each([
    // Midnight in Hangzhou is 16:00 UTC the day before: at, a millisecond below and above.
    ['2026-10-31T15:59:59.999Z', '2026-10'],
    ['2026-10-31T16:00:00.000Z', '2026-11'],
    ['2026-11-30T15:59:59.999Z', '2026-11'],
    ['2026-11-30T16:00:00.000Z', '2026-12'],
    ['2026-12-31T16:00:00.000Z', '2027-01'],
  ])('an instant %s belongs to %s', (at, month) => {
    expect(monthOf(new Date(at))).toBe(month);
    const w = monthWindow(month);
    const t = new Date(at).getTime();
    expect(t >= w.from.getTime() && t < w.to.getTime()).toBe(true);
  });

  it.each([
    ['2026-11-30T15:59:59.999Z', false],
    ['2026-11-30T16:00:00.000Z', true],
    ['2026-11-30T16:00:00.001Z', true],
    ['2026-11-15T00:00:00.000Z', false],
  ])('November has ended at %s: %s', (now, ended) => {
    expect(isMonthEnded('2026-11', new Date(now))).toBe(ended);
  });
});

describe('maskName', () => {
  it.each([
    ['王小英', '王*英'],
    ['王英', '王*'],
    ['欧阳小英', '欧**英'],
    ['王', '*'],
    ['', ''],
    [' 李四 ', '李*'],
    ['𠮷野家', '𠮷*家'],
  ])('%s → %s', (name, masked) => {
    expect(maskName(name)).toBe(masked);
  });
});

const base: Movement = {
  transferId: 't1',
  code: 'order.payment',
  amount: 3000,
  isCredit: true,
  reversalOf: null,
  refType: 'service_order',
  refId: 'o1',
  memo: null,
  at: '2026-11-03T02:00:00.000Z',
  order: {
    orderNo: 'HS20261103001',
    serviceCode: 'cleaning',
    copayFen: 500,
    personId: 'p1',
    scheduledFor: '2026-11-02T17:30:00.000Z',
  },
  meal: null,
};
const names = new Map([
  ['p1', '王小英'],
  ['p2', '李四'],
]);
const meal: Movement = {
  ...base,
  transferId: 't2',
  code: 'meal.subsidy',
  amount: 360,
  refType: 'meal_sale',
  refId: 's1',
  order: null,
  meal: { itemName: '红烧肉套餐', day: '2026-11-04', sitting: 'lunch', paidFen: 840, personId: 'p2' },
};

describe('lines from movements', () => {
  it('classifies by reference, code and direction', () => {
    expect(groupOf({ refType: 'service_order', code: 'x' })).toBe('orders');
    expect(groupOf({ refType: null, code: 'order.payment' })).toBe('orders');
    expect(groupOf({ refType: 'meal_sale', code: 'x' })).toBe('meals');
    expect(groupOf({ refType: null, code: 'ledger.adjust' })).toBe('other');
    expect(kindOf(base)).toBe('order');
    expect(kindOf(meal)).toBe('meal');
    expect(kindOf({ ...base, isCredit: false, reversalOf: 't0' })).toBe('reversal');
    expect(kindOf({ ...base, code: 'ledger.adjust', refType: null })).toBe('adjustment');
    expect(kindOf({ ...base, code: 'ledger.adjust', refType: null, isCredit: false })).toBe('adjustment');
  });

  it('an order: number, service, the service day in Hangzhou, the masked elder', () => {
    const l = buildLine(base, names);
    // Scheduled 17:30 UTC on 2 Nov is 01:30 on 3 Nov in Hangzhou.
    expect(l.description).toBe('HS20261103001 助洁 2026-11-03 王*英');
    expect(l).toMatchObject({ kind: 'order', amountFen: 3000, copayFen: 500, group: 'orders' });
  });

  it('a refund is negative, co-payment too, and says so', () => {
    const l = buildLine({ ...base, code: 'order.refund', isCredit: false, reversalOf: 't0' }, names);
    expect(l).toMatchObject({ kind: 'reversal', amountFen: -3000, copayFen: -500, group: 'orders' });
    expect(l.description).toBe('退款 HS20261103001 助洁 2026-11-03 王*英');
  });

  it('a meal and its void', () => {
    expect(buildLine(meal, names)).toMatchObject({
      kind: 'meal',
      amountFen: 360,
      copayFen: 840,
      description: '助餐 2026-11-04 午餐 红烧肉套餐 李*',
    });
    expect(
      buildLine({ ...meal, isCredit: false, reversalOf: 't2', code: 'meal.subsidy.reversal' }, names),
    ).toMatchObject({
      kind: 'reversal',
      amountFen: -360,
      copayFen: -840,
      description: expect.stringMatching(/^作废 /),
    });
  });

  it('an order whose row is missing still gets a line, described by its code and reference', () => {
    const l = buildLine({ ...base, order: null }, names, () => '居家服务支付');
    expect(l.description).toBe('居家服务支付 service_order/o1');
    expect(l.amountFen).toBe(3000);
  });

  it('an adjustment shows its memo; an unknown service code shows as it is', () => {
    expect(
      buildLine(
        { ...base, code: 'ledger.adjust', refType: null, refId: null, memo: '补录', order: null },
        names,
      ).description,
    ).toBe('ledger.adjust：补录');
    expect(
      buildLine({ ...base, order: { ...base.order!, serviceCode: 'massage' } }, names).description,
    ).toContain(' massage ');
  });
});

describe('summarise: totals by kind, to the fen', () => {
  it('is zero for no lines', () => {
    expect(summarise([])).toEqual({
      ordersCount: 0,
      ordersCreditsFen: 0,
      ordersCopayFen: 0,
      mealsCount: 0,
      mealsSubsidyFen: 0,
      mealsPaidFen: 0,
      adjustmentsFen: 0,
      totalFen: 0,
    });
  });

  it('nets refunds and voids, counts them −1, and total = sum of lines = orders + meals + adjustments', () => {
    const lines = [
      buildLine(base, names),
      buildLine({ ...base, transferId: 'tb', amount: 4550 }, names),
      buildLine(
        { ...base, transferId: 'tc', isCredit: false, reversalOf: 't1', code: 'order.refund' },
        names,
      ),
      buildLine(meal, names),
      buildLine({ ...meal, transferId: 'td' }, names),
      buildLine({ ...meal, transferId: 'te', isCredit: false, reversalOf: 'td' }, names),
      buildLine(
        { ...base, transferId: 'tf', code: 'ledger.adjust', refType: null, amount: 1, order: null },
        names,
      ),
      buildLine(
        {
          ...base,
          transferId: 'tg',
          code: 'ledger.adjust',
          refType: null,
          amount: 2,
          isCredit: false,
          order: null,
        },
        names,
      ),
    ];
    const t = summarise(lines);
    expect(t).toEqual({
      ordersCount: 1,
      ordersCreditsFen: 4550,
      ordersCopayFen: 500,
      mealsCount: 1,
      mealsSubsidyFen: 360,
      mealsPaidFen: 840,
      adjustmentsFen: -1,
      totalFen: 4909,
    });
    expect(t.totalFen).toBe(lines.reduce((n, l) => n + l.amountFen, 0));
    expect(t.totalFen).toBe(t.ordersCreditsFen + t.mealsSubsidyFen + t.adjustmentsFen);
  });

  it('a month of only a refund is negative', () => {
    const t = summarise([buildLine({ ...base, isCredit: false, reversalOf: 'x' }, names)]);
    expect(t).toMatchObject({ ordersCount: -1, ordersCreditsFen: -3000, totalFen: -3000 });
  });
});

describe('payoutAmount: offsets of zero or negative months', () => {
  it.each([
    [10000, [], 10000],
    [10000, [{ totalFen: -2500 }], 7500],
    [10000, [{ totalFen: 0 }, { totalFen: -1 }], 9999],
    [2500, [{ totalFen: -2500 }], 0],
    [2500, [{ totalFen: -2501 }], -1],
  ])('%i with offsets %j pays %i', (total, offsets, amount) => {
    expect(payoutAmount(total, offsets)).toBe(amount);
  });
});
