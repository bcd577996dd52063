import { describe, expect, it } from 'vitest';
import { demoMealDays } from './demo.services.ts';

describe('demoMealDays', () => {
  it('covers the end of the previous month and the last three days', () => {
    expect(demoMealDays('2026-11-22')).toEqual([
      '2026-10-30',
      '2026-10-31',
      '2026-11-19',
      '2026-11-20',
      '2026-11-21',
    ]);
  });
  it('has no duplicates early in a month, across a year end', () => {
    expect(demoMealDays('2027-01-02')).toEqual(['2026-12-30', '2026-12-31', '2027-01-01']);
  });
  it('knows February’s length', () => {
    expect(demoMealDays('2028-03-10')).toEqual([
      '2028-02-28',
      '2028-02-29',
      '2028-03-07',
      '2028-03-08',
      '2028-03-09',
    ]);
  });
});
