import { describe, expect, it } from 'vitest';
import { isPreset, lastDayOf, presetPeriod } from './period.ts';

describe('period presets', () => {
  it.each([
    ['year', '2026-06-15', { from: '2026-01-01', to: '2026-12-31' }],
    ['year', '2026-01-01', { from: '2026-01-01', to: '2026-12-31' }],
    ['lastYear', '2026-01-01', { from: '2025-01-01', to: '2025-12-31' }],
    ['month', '2026-06-15', { from: '2026-06-01', to: '2026-06-30' }],
    ['month', '2026-12-31', { from: '2026-12-01', to: '2026-12-31' }],
    ['month', '2024-02-10', { from: '2024-02-01', to: '2024-02-29' }],
    ['month', '2026-02-10', { from: '2026-02-01', to: '2026-02-28' }],
  ] as const)('%s on %s', (preset, today, period) => {
    expect(presetPeriod(preset, today)).toEqual(period);
  });

  it('custom keeps the chosen dates, and falls back to this year without both', () => {
    expect(presetPeriod('custom', '2026-06-15', { from: '2026-03-01', to: '2026-03-31' })).toEqual({
      from: '2026-03-01',
      to: '2026-03-31',
    });
    expect(presetPeriod('custom', '2026-06-15', { from: '2026-03-01' })).toEqual({
      from: '2026-01-01',
      to: '2026-12-31',
    });
  });

  it('knows the last day of each month', () => {
    expect([1, 2, 3, 4, 12].map((m) => lastDayOf(2026, m))).toEqual([31, 28, 31, 30, 31]);
    expect(lastDayOf(2000, 2)).toBe(29);
    expect(lastDayOf(1900, 2)).toBe(28);
  });

  it('recognises the presets', () => {
    expect(isPreset('year')).toBe(true);
    expect(isPreset('decade')).toBe(false);
    expect(isPreset(undefined)).toBe(false);
  });
});
