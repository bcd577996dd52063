import { describe, expect, it } from 'vitest';
import {
  firstPaidMonth,
  isDueIn,
  monthIndex,
  type PaymentPeriod,
  paymentPeriodOf,
} from './eligibility.payments.ts';
import { checkRule, SEED_PARAMS, SEED_PROGRAMMES } from './engine/index.ts';

/** Which months pay an enrolment, and how a rule pays (ADR 0020). */

describe('isDueIn: monthly', () => {
  const e = (validFrom: string, validTo: string | null = null, amount = 10_000) => ({
    validFrom,
    validTo,
    amount,
  });
  it.each([
    // enrolled on the 1st: paid that month
    ['2026-03-01', null, '2026-03', true],
    ['2026-03-01', null, '2026-02', false],
    // approved on the 2nd or the 15th: paid from the next month (次月起发放)
    ['2026-03-02', null, '2026-03', false],
    ['2026-03-15', null, '2026-03', false],
    ['2026-03-15', null, '2026-04', true],
    ['2026-03-31', null, '2026-04', true],
    // ending: paid for a month whose first day it covers, whatever day it ends
    ['2025-01-01', '2026-03-31', '2026-03', true],
    ['2025-01-01', '2026-03-31', '2026-04', false],
    ['2025-01-01', '2026-04-01', '2026-04', true],
    ['2025-01-01', '2026-03-01', '2026-03', true],
    ['2025-01-01', '2026-02-28', '2026-03', false],
  ] as const)('valid %s to %s, month %s → %s', (from, to, m, due) => {
    expect(isDueIn('month', e(from, to), m)).toBe(due);
  });
  it('never pays an amount of 0 (in kind)', () => {
    expect(isDueIn('month', e('2025-01-01', null, 0), '2026-03')).toBe(false);
  });
});

describe('isDueIn: yearly, in the month the enrolment year starts', () => {
  const due = (from: string, m: string, to: string | null = null) =>
    isDueIn('year', { validFrom: from, validTo: to, amount: 60_000 }, m);
  it('enrolled on the 1st: that month, then every twelfth', () => {
    expect(due('2025-03-01', '2025-03')).toBe(true);
    expect(due('2025-03-01', '2025-04')).toBe(false);
    expect(due('2025-03-01', '2026-02')).toBe(false);
    expect(due('2025-03-01', '2026-03')).toBe(true);
    expect(due('2025-03-01', '2027-03')).toBe(true);
  });
  it('enrolled later in the month: the next month, then every twelfth', () => {
    expect(due('2025-03-10', '2025-03')).toBe(false);
    expect(due('2025-03-10', '2025-04')).toBe(true);
    expect(due('2025-03-10', '2026-03')).toBe(false);
    expect(due('2025-03-10', '2026-04')).toBe(true);
    expect(due('2025-12-20', '2026-01')).toBe(true);
    expect(due('2025-12-20', '2027-01')).toBe(true);
  });
  it('not after the enrolment ended', () => {
    expect(due('2025-03-01', '2026-03', '2026-02-28')).toBe(false);
    expect(due('2025-03-01', '2026-03', '2026-03-01')).toBe(true);
  });
});

describe('month arithmetic', () => {
  it('firstPaidMonth', () => {
    expect(firstPaidMonth('2026-01-01')).toBe('2026-01');
    expect(firstPaidMonth('2026-01-02')).toBe('2026-02');
    expect(firstPaidMonth('2026-12-31')).toBe('2027-01');
  });
  it('monthIndex counts months', () => {
    expect(monthIndex('2027-01') - monthIndex('2026-12')).toBe(1);
    expect(monthIndex('2027-03') - monthIndex('2026-03')).toBe(12);
  });
});

describe('paymentPeriodOf the seeds’ rules', () => {
  const periodOf = (code: string): PaymentPeriod => {
    const p = SEED_PROGRAMMES.find((x) => x.code === code)!;
    const r = checkRule(p.rule, p.kind, SEED_PARAMS, p.validFrom);
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    return paymentPeriodOf(r.rule);
  };
  it.each([
    ['longevity', 'month'],
    ['severe_disability_care', 'month'],
    ['disability_living', 'month'],
    ['social_assistance', 'month'],
    ['family_bed', 'month'],
    ['medical_travel', 'year'],
    ['temporary_aid', 'once'],
    ['home_modification', 'once'],
    ['accident_insurance', 'in_kind'],
    ['smart_terminal', 'in_kind'],
  ] as const)('%s pays %s', (code, period) => {
    expect(periodOf(code)).toBe(period);
  });
  it('a rule paying both monthly and yearly is mixed', () => {
    const r = checkRule(
      `如果 年龄 在 90 周岁以上 则 发放 100元 每月 依据 "测试"
否则如果 年龄 在 80 周岁以上 则 发放 600元 每年 依据 "测试"`,
      'benefit',
      SEED_PARAMS,
      '2026-01-01',
    );
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    expect(paymentPeriodOf(r.rule)).toBe('mixed');
  });
});
