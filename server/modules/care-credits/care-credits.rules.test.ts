import { describe, expect, it } from 'vitest';
import {
  addMonths,
  ageInMonth,
  isLapsed,
  isMonth,
  isOldEnough,
  isRunnerAlive,
  lapsedAmount,
  lapsesFrom,
  monthEnd,
  monthOf,
  monthOfKey,
  monthStart,
  monthsBetween,
  monthsOverlap,
  type Runner,
  STALE_AFTER_MS,
  settingFor,
} from './care-credits.rules.ts';

describe('months', () => {
  it.each([
    ['2026-11', true],
    ['2026-01', true],
    ['2026-12', true],
    ['2026-00', false],
    ['2026-13', false],
    ['2026-1', false],
    ['26-11', false],
    ['2026-11-01', false],
    ['', false],
  ])('isMonth(%j) = %s', (m, ok) => {
    expect(isMonth(m)).toBe(ok);
  });

  it.each([
    ['2026-11', 1, '2026-12'],
    ['2026-12', 1, '2027-01'],
    ['2026-01', -1, '2025-12'],
    ['2026-06', -18, '2024-12'],
    ['2026-06', 12, '2027-06'],
    ['2026-06', 0, '2026-06'],
    ['2000-02', 120, '2010-02'],
  ])('addMonths(%s, %i) = %s', (m, n, out) => {
    expect(addMonths(m, n)).toBe(out);
    expect(monthsBetween(m, out)).toBe(n);
  });

  it.each([
    ['2026-01', '2026-01-31'],
    ['2026-02', '2026-02-28'],
    ['2024-02', '2024-02-29'],
    ['2000-02', '2000-02-29'],
    ['1900-02', '1900-02-28'],
    ['2026-04', '2026-04-30'],
    ['2026-12', '2026-12-31'],
  ])('monthEnd(%s) = %s', (m, end) => {
    expect(monthEnd(m)).toBe(end);
  });

  it('converts between months and dates', () => {
    expect(monthStart('2026-11')).toBe('2026-11-01');
    expect(monthOf('2026-11-30')).toBe('2026-11');
    expect(monthOfKey('chongyang.grant:2026-11:0190abcd-0000-7000-8000-000000000001')).toBe('2026-11');
    expect(monthOfKey('order.hold:0190abcd')).toBeNull();
  });

  it.each([
    [{ from: '2026-01', to: null }, { from: '2026-06', to: null }, true],
    [{ from: '2026-01', to: '2026-05' }, { from: '2026-06', to: null }, false],
    [{ from: '2026-01', to: '2026-06' }, { from: '2026-06', to: null }, true],
    [{ from: '2026-07', to: '2026-08' }, { from: '2026-06', to: '2026-06' }, false],
    [{ from: '2026-06', to: '2026-06' }, { from: '2026-06', to: '2026-06' }, true],
  ])('monthsOverlap(%j, %j) = %s', (a, b, out) => {
    expect(monthsOverlap(a, b)).toBe(out);
    expect(monthsOverlap(b, a)).toBe(out);
  });
});

describe('60周岁以上 in the month (age on the month’s last day)', () => {
  // Born 1966-11-15: 60 on 2026-11-15, so 60 in November 2026 (60 itself counts).
  it.each([
    ['1966-11-15', '2026-10', 59, false], // below: the month before the birthday
    ['1966-11-15', '2026-11', 60, true], // at: the birthday falls in the month
    ['1966-11-15', '2026-12', 60, true], // above
    ['1966-11-30', '2026-11', 60, true], // birthday on the month's last day
    ['1966-12-01', '2026-11', 59, false], // one day too late
    ['1964-02-29', '2024-02', 60, true], // leap-day birthday in a leap month
    ['1966-02-28', '2026-02', 60, true],
    ['1920-01-01', '2026-01', 106, true],
  ])('born %s, in %s: %i', (birth, m, age, ok) => {
    expect(ageInMonth(birth, m)).toBe(age);
    expect(isOldEnough(birth, m)).toBe(ok);
  });
});

describe('expiry', () => {
  it.each([
    ['2025-11', 12, '2026-10', false], // below: the last month it is usable
    ['2025-11', 12, '2026-11', true], // at: 12 months after the month granted for
    ['2025-11', 12, '2027-03', true], // above
    ['2025-11', 1, '2025-11', false],
    ['2025-11', 1, '2025-12', true],
    ['2025-11', 0, '2099-12', false], // 0 = never
  ])('granted for %s, %i months: lapsed in %s = %s', (g, e, run, lapsed) => {
    expect(isLapsed(g, e, run)).toBe(lapsed);
  });

  it('lapsesFrom names the first lapsed month, or null', () => {
    expect(lapsesFrom('2025-11', 12)).toBe('2026-11');
    expect(lapsesFrom('2025-11', 0)).toBeNull();
  });

  const grants = (...months: string[]) => months.map((m) => ({ month: m, amount: 10_000, expiryMonths: 12 }));

  it.each([
    // nothing spent: the lapsed grant goes back whole
    ['untouched', 30_000, grants('2025-10', '2025-11', '2025-12'), '2026-11', 20_000],
    // spending takes the oldest first: 15,000 spent emptied 2025-10 and half of 2025-11
    ['partly spent', 15_000, grants('2025-10', '2025-11', '2025-12'), '2026-11', 5_000],
    // the old grants were spent entirely: nothing lapses
    ['spent old', 10_000, grants('2025-10', '2025-11', '2025-12'), '2026-11', 0],
    ['less than valid', 4_000, grants('2025-10', '2025-11', '2025-12'), '2026-11', 0],
    // before the first lapse month nothing goes
    ['none lapsed yet', 30_000, grants('2025-10', '2025-11', '2025-12'), '2026-09', 0],
    ['empty', 0, grants('2025-10'), '2026-11', 0],
    ['no grants (e.g. refunded order credit only)', 3_000, [], '2026-11', 3_000],
    // the 2026-10 run already took 2025-10 back; now 2025-11 lapses too
    ['after an earlier run', 20_000, grants('2025-10', '2025-11', '2025-12'), '2026-11', 10_000],
  ])('%s', (_label, available, gs, run, lapsed) => {
    expect(lapsedAmount(available, gs, run)).toBe(lapsed);
  });

  it('respects each grant month’s own expiry', () => {
    const gs = [
      { month: '2025-01', amount: 10_000, expiryMonths: 0 },
      { month: '2025-06', amount: 10_000, expiryMonths: 6 },
    ];
    expect(lapsedAmount(20_000, gs, '2025-12')).toBe(10_000);
    expect(lapsedAmount(20_000, gs, '2025-11')).toBe(0);
  });
});

describe('settingFor', () => {
  const v = [
    { id: 'a', validFrom: '2020-01-01', monthlyAmount: 10_000, expiryMonths: 12 },
    { id: 'b', validFrom: '2026-07-01', monthlyAmount: 12_000, expiryMonths: 12 },
  ];
  it.each([
    ['2019-12', undefined],
    ['2020-01', 'a'],
    ['2026-06', 'a'],
    ['2026-07', 'b'],
    ['2030-01', 'b'],
  ])('%s → %s', (m, id) => {
    expect(settingFor(v, m)?.id).toBe(id);
  });
});

describe('a batch left running', () => {
  const self: Runner = { host: 'here', pid: 100, token: 'mine' };
  const now = new Date('2026-06-15T02:00:00Z');
  const at = (msAgo: number) => new Date(now.getTime() - msAgo).toISOString();
  const check = (
    runner: Runner | null,
    heartbeatAgo: number,
    active: string[] = [],
    alivePids: number[] = [],
  ) =>
    isRunnerAlive({ id: 'b1', runner, heartbeatAt: at(heartbeatAgo), startedAt: at(heartbeatAgo) }, now, {
      runner: self,
      active: new Set(active),
      pidAlive: (pid) => alivePids.includes(pid),
    });

  it('is alive while this process runs it, and abandoned once this process has let it go', () => {
    expect(check(self, 0, ['b1'])).toBe(true);
    expect(check(self, 0, [])).toBe(false);
  });
  it('is abandoned when its process on this host is gone, even with a fresh heartbeat', () => {
    expect(check({ host: 'here', pid: 7, token: 'old' }, 1000, [], [])).toBe(false);
    expect(check({ host: 'here', pid: 7, token: 'old' }, 1000, [], [7])).toBe(true);
  });
  it('on another host, is alive until STALE_AFTER_MS without a heartbeat', () => {
    const other = { host: 'there', pid: 7, token: 'theirs' };
    expect(check(other, STALE_AFTER_MS - 1)).toBe(true);
    expect(check(other, STALE_AFTER_MS)).toBe(false);
    expect(check(other, STALE_AFTER_MS + 1)).toBe(false);
    expect(check(null, STALE_AFTER_MS + 1)).toBe(false);
  });
  it('with its pid reused on this host, falls back to the heartbeat', () => {
    expect(check({ host: 'here', pid: 7, token: 'old' }, STALE_AFTER_MS + 1, [], [7])).toBe(false);
  });
});
