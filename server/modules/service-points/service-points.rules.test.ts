import { describe, expect, it } from 'vitest';
import type { OpeningHours } from '../../../contracts/api/orgs.ts';
import { checkCoordinates, checkOpeningHours, DISTRICT_BOUNDS } from './service-points.rules.ts';

const B = DISTRICT_BOUNDS;
const EPS = 0.0001;
const MID = { lat: (B.minLat + B.maxLat) / 2, lng: (B.minLng + B.maxLng) / 2 };

describe('checkCoordinates', () => {
  it('covers Shangcheng: 湖滨 (West Lake shore) and 九堡 lie inside the bounds', () => {
    expect(checkCoordinates(30.2555, 120.1635)).toEqual([]);
    expect(checkCoordinates(30.3106, 120.2851)).toEqual([]);
  });

  it.each([
    ['latitude at the south edge', B.minLat, MID.lng, true],
    ['latitude just south of it', B.minLat - EPS, MID.lng, false],
    ['latitude just inside the south edge', B.minLat + EPS, MID.lng, true],
    ['latitude at the north edge', B.maxLat, MID.lng, true],
    ['latitude just north of it', B.maxLat + EPS, MID.lng, false],
    ['longitude at the west edge', MID.lat, B.minLng, true],
    ['longitude just west of it', MID.lat, B.minLng - EPS, false],
    ['longitude at the east edge', MID.lat, B.maxLng, true],
    ['longitude just east of it', MID.lat, B.maxLng + EPS, false],
    ['lat and lng swapped', MID.lng, MID.lat, false],
    ['Beijing', 39.9042, 116.4074, false],
    ['0, 0', 0, 0, false],
  ])('%s → %s', (_label, lat, lng, inside) => {
    const issues = checkCoordinates(lat, lng);
    if (inside) expect(issues).toEqual([]);
    else {
      expect(issues.length).toBeGreaterThan(0);
      expect(new Set(issues.map((i) => i.code))).toEqual(new Set(['COORDINATES_INVALID']));
      // The field named is the coordinate that is out of range.
      const b = DISTRICT_BOUNDS;
      const expected = [
        ...(lat < b.minLat || lat > b.maxLat ? ['lat'] : []),
        ...(lng < b.minLng || lng > b.maxLng ? ['lng'] : []),
      ];
      expect(issues.map((i) => i.field)).toEqual(expected);
    }
  });

  it('both absent is fine; one without the other names the missing one', () => {
    expect(checkCoordinates(null, null)).toEqual([]);
    expect(checkCoordinates(undefined, undefined)).toEqual([]);
    expect(checkCoordinates(MID.lat, null)).toEqual([
      { field: 'lng', code: 'FIELD_REQUIRED', params: { field: 'lng' } },
    ]);
    expect(checkCoordinates(undefined, MID.lng)).toEqual([
      { field: 'lat', code: 'FIELD_REQUIRED', params: { field: 'lat' } },
    ]);
  });
});

describe('checkOpeningHours', () => {
  const h = (days: number[], open: string, close: string) => ({ days, open, close });
  const reasons = (hours: OpeningHours) =>
    checkOpeningHours(hours).map((i) => [i.field, i.code, i.params?.reason]);

  it.each([
    ['no hours', []],
    ['a working week', [h([1, 2, 3, 4, 5], '08:30', '17:00')]],
    ['morning and afternoon on the same days', [h([1, 2], '08:00', '11:30'), h([1, 2], '13:30', '17:00')]],
    [
      'back-to-back spans (one closes as the next opens)',
      [h([3], '08:00', '12:00'), h([3], '12:00', '18:00')],
    ],
    ['the same span on different days', [h([1], '08:00', '12:00'), h([2], '08:00', '12:00')]],
    ['until midnight', [h([6, 7], '18:00', '24:00')]],
    ['one minute', [h([1], '08:00', '08:01')]],
  ] as const)('accepts %s', (_label, hours) => {
    expect(checkOpeningHours(hours.map((x) => ({ ...x, days: [...x.days] })))).toEqual([]);
  });

  it('refuses closing at the opening time or before it, on the close field of that entry', () => {
    expect(reasons([h([1], '08:00', '17:00'), h([2], '09:00', '09:00')])).toEqual([
      ['openingHours.1.close', 'OPENING_HOURS_INVALID', '09:00–09:00'],
    ]);
    expect(reasons([h([1], '17:00', '08:00')])).toEqual([
      ['openingHours.0.close', 'OPENING_HOURS_INVALID', '17:00–08:00'],
    ]);
    expect(reasons([h([1], '08:01', '08:00')])).toEqual([
      ['openingHours.0.close', 'OPENING_HOURS_INVALID', '08:01–08:00'],
    ]);
  });

  it('refuses a day listed twice with overlapping times, naming the day', () => {
    expect(reasons([h([1, 2, 3], '08:00', '12:00'), h([3], '11:59', '14:00')])).toEqual([
      ['openingHours.1.days', 'OPENING_HOURS_INVALID', 'day 3'],
    ]);
    expect(reasons([h([5], '08:00', '18:00'), h([5], '09:00', '10:00')])).toEqual([
      ['openingHours.1.days', 'OPENING_HOURS_INVALID', 'day 5'],
    ]);
  });

  it('reports every clashing day', () => {
    const r = reasons([h([1, 2], '08:00', '12:00'), h([1, 2, 3], '10:00', '14:00')]);
    expect(r.map((x) => x[2])).toEqual(['day 1', 'day 2']);
  });
});
