import { describe, expect, it } from 'vitest';
import {
  addDays,
  addYears,
  checkPeriod,
  competitionRanks,
  fulfilmentRate,
  hoursOf,
  median,
  needBucket,
  percentile,
  periodBounds,
  roundMinutes,
  streetOf,
  yearOf,
} from './volunteer-figures.rules.ts';

describe('the period', () => {
  it.each([
    // [from, to, problem]
    ['2026-01-01', '2026-01-01', null], // one day
    ['2026-01-02', '2026-01-01', 'FIGURES_PERIOD_REVERSED'], // one day backwards
    ['2026-06-15', '2026-06-14', 'FIGURES_PERIOD_REVERSED'],
    ['2021-01-01', '2025-12-31', null], // five years exactly
    ['2021-01-01', '2026-01-01', 'FIGURES_PERIOD_TOO_LONG'], // five years and a day
    ['2021-01-01', '2025-12-30', null], // a day short of five years
    ['2020-02-29', '2025-02-28', null], // from a leap day: 2025-03-01 is five years on
    ['2020-02-29', '2025-03-01', 'FIGURES_PERIOD_TOO_LONG'],
    ['2016-01-01', '2026-12-31', 'FIGURES_PERIOD_TOO_LONG'],
  ] as const)('%s … %s → %s', (from, to, problem) => {
    expect(checkPeriod(from, to)).toBe(problem);
  });

  it('runs from midnight in Shanghai to midnight after the last day, half-open', () => {
    expect(periodBounds('2026-01-01', '2026-12-31')).toEqual({
      start: '2025-12-31T16:00:00.000Z',
      end: '2026-12-31T16:00:00.000Z',
    });
    expect(periodBounds('2026-02-28', '2026-02-28')).toEqual({
      start: '2026-02-27T16:00:00.000Z',
      end: '2026-02-28T16:00:00.000Z',
    });
  });

  it('adds days across months and years, and years across leap days', () => {
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addYears('2021-01-01', 5)).toBe('2026-01-01');
    expect(addYears('2020-02-29', 5)).toBe('2025-03-01');
    expect(addYears('2020-02-29', 4)).toBe('2024-02-29');
    expect(yearOf('2026-06-15')).toEqual({ from: '2026-01-01', to: '2026-12-31' });
  });
});

describe('percentiles', () => {
  it('are null without values (shown as —, never 0 or NaN)', () => {
    expect(median([])).toBeNull();
    expect(percentile([], 0.9)).toBeNull();
    expect(roundMinutes(null)).toBeNull();
  });

  it('of one value are that value', () => {
    expect(median([42])).toBe(42);
    expect(percentile([42], 0.9)).toBe(42);
  });

  it('interpolate between the closest ranks (percentile_cont, PERCENTILE.INC)', () => {
    expect(median([10, 20])).toBe(15);
    expect(median([30, 10, 20])).toBe(20); // unsorted input
    expect(median([1, 2, 3, 4])).toBe(2.5);
    // 10 values 1…10: p90 at position 8.1 → 9 + 0.1 × (10 − 9)
    expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.9)).toBeCloseTo(9.1, 10);
    // 11 values 0…100: p90 falls exactly on the 10th
    expect(percentile([0, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100], 0.9)).toBe(90);
    expect(percentile([5, 1], 0)).toBe(1);
    expect(percentile([5, 1], 1)).toBe(5);
  });

  it('leave the input as it was', () => {
    const values = [3, 1, 2];
    median(values);
    expect(values).toEqual([3, 1, 2]);
  });

  it('round to whole minutes for people', () => {
    expect(roundMinutes(12.5)).toBe(13);
    expect(roundMinutes(12.49)).toBe(12);
    expect(roundMinutes(0)).toBe(0);
  });
});

describe('fulfilment rate', () => {
  it.each([
    // [fulfilled, expired, rate]
    [0, 0, null], // nothing decided: —, not 0 and not NaN
    [0, 1, 0],
    [1, 0, 1],
    [1, 1, 0.5],
    [3, 1, 0.75],
    [2, 1, 2 / 3],
  ] as const)('%i fulfilled, %i expired → %s', (fulfilled, expired, rate) => {
    expect(fulfilmentRate({ fulfilled, expired })).toBe(rate);
  });

  it('puts each need status in its bucket (cancelled and open needs are outside the rate)', () => {
    expect(needBucket('confirmed')).toBe('fulfilled');
    expect(needBucket('rated')).toBe('fulfilled');
    expect(needBucket('expired')).toBe('expired');
    expect(needBucket('cancelled')).toBe('cancelled');
    for (const s of ['published', 'claimed', 'scheduled', 'in_progress', 'done'])
      expect(needBucket(s), s).toBe('open');
  });
});

describe('hours', () => {
  it.each([
    [0, 0],
    [1, 0], // 0.0167 h
    [2, 0],
    [3, 0.1], // 0.05 h rounds up
    [6, 0.1],
    [59, 1],
    [60, 1],
    [63, 1.1], // 1.05 h rounds up
    [90, 1.5],
    [125, 2.1],
    [100_000, 1666.7],
  ])('%i minutes → %s hours', (minutes, hours) => {
    expect(hoursOf(minutes)).toBe(hours);
  });
});

describe('competition ranks', () => {
  const same = (a: number, b: number) => a === b;
  it('share a rank on ties and skip the places the tie took', () => {
    expect(competitionRanks([90, 60, 60, 30], same)).toEqual([1, 2, 2, 4]);
    expect(competitionRanks([5, 5, 5], same)).toEqual([1, 1, 1]);
    expect(competitionRanks([3, 2, 1], same)).toEqual([1, 2, 3]);
    expect(competitionRanks([], same)).toEqual([]);
  });
});

describe('areas', () => {
  it('finds the street of a community or a village, and keeps a street', () => {
    expect(streetOf('330102001001')).toBe('330102001000');
    expect(streetOf('330102014201')).toBe('330102014000');
    expect(streetOf('330102001000')).toBe('330102001000');
  });
});
