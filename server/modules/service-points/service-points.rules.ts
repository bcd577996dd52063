import type { OpeningHours } from '../../../contracts/api/orgs.ts';
import type { FieldIssue } from '../../../contracts/errors.ts';

/** Shangcheng's extent with a margin (about 120.10–120.32 E, 30.20–30.36 N). */
export const DISTRICT_BOUNDS = { minLat: 30.15, maxLat: 30.42, minLng: 120.05, maxLng: 120.4 };

export function checkCoordinates(
  lat: number | null | undefined,
  lng: number | null | undefined,
): FieldIssue[] {
  if (lat == null && lng == null) return [];
  if (lat == null || lng == null)
    return [
      {
        field: lat == null ? 'lat' : 'lng',
        code: 'FIELD_REQUIRED',
        params: { field: lat == null ? 'lat' : 'lng' },
      },
    ];
  const b = DISTRICT_BOUNDS;
  const issues: FieldIssue[] = [];
  if (lat < b.minLat || lat > b.maxLat) issues.push({ field: 'lat', code: 'COORDINATES_INVALID' });
  if (lng < b.minLng || lng > b.maxLng) issues.push({ field: 'lng', code: 'COORDINATES_INVALID' });
  return issues;
}

/** Opening times close after they open, and one day is not listed twice with overlapping times. */
export function checkOpeningHours(hours: OpeningHours): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const byDay = new Map<number, [string, string][]>();
  hours.forEach((h, i) => {
    if (h.close <= h.open) {
      issues.push({
        field: `openingHours.${i}.close`,
        code: 'OPENING_HOURS_INVALID',
        params: { reason: `${h.open}–${h.close}` },
      });
      return;
    }
    for (const d of h.days) {
      const spans = byDay.get(d) ?? [];
      if (spans.some(([o, c]) => h.open < c && o < h.close))
        issues.push({
          field: `openingHours.${i}.days`,
          code: 'OPENING_HOURS_INVALID',
          params: { reason: `day ${d}` },
        });
      spans.push([h.open, h.close]);
      byDay.set(d, spans);
    }
  });
  return issues;
}
