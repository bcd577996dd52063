/**
 * The period presets of the figures page, as Asia/Shanghai calendar dates (both days included):
 * this year, last year, this month, or dates the user picks.
 */
export const PERIOD_PRESETS = ['year', 'lastYear', 'month', 'custom'] as const;
export type PeriodPreset = (typeof PERIOD_PRESETS)[number];

export interface Period {
  from: string;
  to: string;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** The last day of a month (month 1–12). */
export function lastDayOf(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** The dates of a preset on `today` (YYYY-MM-DD); `custom` keeps the dates given, else this year. */
export function presetPeriod(preset: PeriodPreset, today: string, custom?: Partial<Period>): Period {
  const year = Number(today.slice(0, 4));
  const month = Number(today.slice(5, 7));
  switch (preset) {
    case 'lastYear':
      return { from: `${year - 1}-01-01`, to: `${year - 1}-12-31` };
    case 'month':
      return { from: `${year}-${pad(month)}-01`, to: `${year}-${pad(month)}-${pad(lastDayOf(year, month))}` };
    case 'custom':
      if (custom?.from && custom.to) return { from: custom.from, to: custom.to };
      return presetPeriod('year', today);
    default:
      return { from: `${year}-01-01`, to: `${year}-12-31` };
  }
}

export function isPreset(v: string | undefined): v is PeriodPreset {
  return (PERIOD_PRESETS as readonly string[]).includes(v ?? '');
}
