import type { TFunction } from 'i18next';
import type { OpeningHours } from '../../../../contracts/api/orgs.ts';

/** [1,2,3,4,5,7] → "周一至周五、周日" / "Mon–Fri, Sun". */
export function formatDays(t: TFunction, days: number[]): string {
  const sorted = [...new Set(days)].sort((a, b) => a - b);
  if (sorted.length === 7) return t('servicePoints:hours.daily');
  const day = (d: number) => `${t('servicePoints:hours.weekPrefix')}${t(`servicePoints:hours.days.${d}`)}`;
  const runs: [number, number][] = [];
  for (const d of sorted) {
    const last = runs.at(-1);
    if (last && d === last[1] + 1) last[1] = d;
    else runs.push([d, d]);
  }
  return runs
    .map(([a, b]) =>
      a === b
        ? day(a)
        : b === a + 1
          ? `${day(a)}${t('servicePoints:hours.listSep')}${day(b)}`
          : t('servicePoints:hours.dayRange', { from: day(a), to: day(b) }),
    )
    .join(t('servicePoints:hours.listSep'));
}

export function formatHours(t: TFunction, hours: OpeningHours): string {
  if (hours.length === 0) return t('servicePoints:hours.none');
  return hours
    .map((h) => `${formatDays(t, h.days)} ${h.open}–${h.close}`)
    .join(t('servicePoints:hours.groupSep'));
}
