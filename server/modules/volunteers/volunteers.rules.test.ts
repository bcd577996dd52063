import { describe, expect, it } from 'vitest';
import {
  ALL_WEEK,
  formatVolunteerNo,
  fromAvailability,
  hasSlot,
  isAvailableAt,
  isValidAvailability,
  parseVolunteerNo,
  slotAt,
  slotBit,
  teamLevelOf,
  toAvailability,
} from '../../../contracts/api/volunteers.ts';
import { formatMinutes, formatValue } from '../../../contracts/money.ts';
import {
  addMonths,
  awardFor,
  checkPriorityElder,
  countedMinutes,
  DEFAULT_POINT_RULES,
  isLapsed,
  lapsedAmount,
  maskName,
  nextVolunteerNo,
  overflowMinutes,
  type PointRules,
  rulesOn,
} from './volunteers.rules.ts';

const RULES: PointRules = { id: 'r', ...DEFAULT_POINT_RULES };

describe('per-activity cap (240 minutes by default)', () => {
  it.each([
    // prior, minutes, cap, counted
    [0, 239, 240, 239],
    [0, 240, 240, 240],
    [0, 241, 240, 240],
    [100, 140, 240, 140],
    [100, 141, 240, 140],
    [239, 5, 240, 1],
    [240, 60, 240, 0],
    [300, 60, 240, 0],
    [0, 600, 0, 600],
    [0, 0, 240, 0],
  ])('prior %i + %i minutes under cap %i count %i', (prior, minutes, cap, counted) => {
    expect(countedMinutes(prior, minutes, cap)).toBe(counted);
  });
});

describe('points for a record', () => {
  const plain = { category: 'convenience', tier: 1 };
  it.each([
    // minutes, points at 10 an hour ×1.0: rounded down to the whole point
    [5, 0],
    [6, 1],
    [11, 1],
    [12, 2],
    [59, 9],
    [60, 10],
    [239, 39],
    [240, 40],
    [241, 40],
    [600, 40],
  ])('%i minutes earn %i points', (minutes, points) => {
    expect(awardFor(RULES, { ...plain, minutes }, { priorMinutes: 0, partyMember: false }).points).toBe(
      points,
    );
  });

  it.each([
    // category, tier, points for 60 minutes
    ['convenience', 1, 10],
    ['medical', 1, 15],
    ['legal', 1, 15],
    ['finance', 1, 15],
    ['convenience', 2, 12],
    ['convenience', 3, 15],
    ['medical', 2, 18],
    ['medical', 3, 22], // 10 × 1.5 × 1.5 = 22.5, rounded down
    ['unknown', 9, 10], // neither listed: ×1.0
  ])('category %s, tier %i: 60 minutes earn %i', (category, tier, points) => {
    expect(
      awardFor(RULES, { minutes: 60, category, tier }, { priorMinutes: 0, partyMember: false }).points,
    ).toBe(points);
  });

  it('red points only for party members, on the counted minutes, without coefficients', () => {
    const rec = { minutes: 300, category: 'medical', tier: 3 };
    expect(awardFor(RULES, rec, { priorMinutes: 0, partyMember: false })).toEqual({
      countedMinutes: 240,
      points: 90,
      redPoints: 0,
    });
    expect(awardFor(RULES, rec, { priorMinutes: 0, partyMember: true })).toEqual({
      countedMinutes: 240,
      points: 90,
      redPoints: 40,
    });
    expect(awardFor(RULES, rec, { priorMinutes: 200, partyMember: true })).toEqual({
      countedMinutes: 40,
      points: 15,
      redPoints: 6,
    });
  });

  it('a cap of 0 counts every minute', () => {
    const rules = { ...RULES, capMinutesPerActivity: 0 };
    expect(
      awardFor(rules, { minutes: 600, category: 'x', tier: 1 }, { priorMinutes: 900, partyMember: false })
        .points,
    ).toBe(100);
  });
});

describe('time-bank cap (90,000 minutes)', () => {
  it.each([
    // balance after deposit, cap, deposited, over
    [89_999, 90_000, 60, 0],
    [90_000, 90_000, 60, 0],
    [90_001, 90_000, 60, 1],
    [90_060, 90_000, 60, 60],
    [95_000, 90_000, 60, 60], // never more than the deposit
    [100, 0, 60, 0], // no cap
  ])('balance %i, cap %i, deposit %i → %i to the pool', (after, cap, deposited, over) => {
    expect(overflowMinutes(after, cap, deposited)).toBe(over);
  });
});

describe('dated rules', () => {
  const v = [
    { id: 'a', validFrom: '2020-01-01' },
    { id: 'b', validFrom: '2026-07-01' },
  ];
  it.each([
    ['2019-12-31', undefined],
    ['2020-01-01', 'a'],
    ['2026-06-30', 'a'],
    ['2026-07-01', 'b'],
    ['2027-01-01', 'b'],
  ])('on %s the version is %s', (day, id) => {
    expect(rulesOn(v, day)?.id).toBe(id);
  });
});

describe('expiry (FIFO, 24 months)', () => {
  it.each([
    // earned, run month, lapsed?
    ['2024-05', '2026-04', false],
    ['2024-05', '2026-05', true],
    ['2024-05', '2026-06', true],
  ])('earned %s, run %s → lapsed %s', (month, run, lapsed) => {
    expect(isLapsed({ month, expiryMonths: 24 }, run)).toBe(lapsed);
  });

  it('never lapses with 0 months', () => {
    expect(isLapsed({ month: '2000-01', expiryMonths: 0 }, '2026-06')).toBe(false);
  });

  it('what is available beyond the valid earnings lapses; spending took the oldest first', () => {
    const earnings = [
      { month: '2024-04', amount: 100, expiryMonths: 24 },
      { month: '2024-05', amount: 50, expiryMonths: 24 },
      { month: '2025-01', amount: 30, expiryMonths: 24 },
    ];
    // In 2026-05 the April and May 2024 earnings have lapsed; 30 are still valid.
    expect(lapsedAmount(180, earnings, '2026-05')).toBe(150);
    expect(lapsedAmount(100, earnings, '2026-05')).toBe(70);
    expect(lapsedAmount(30, earnings, '2026-05')).toBe(0);
    expect(lapsedAmount(10, earnings, '2026-05')).toBe(0);
    expect(lapsedAmount(180, earnings, '2026-03')).toBe(0);
  });

  it('adds months across years', () => {
    expect(addMonths('2024-11', 2)).toBe('2025-01');
    expect(addMonths('2024-01', -1)).toBe('2023-12');
    expect(addMonths('2024-05', 24)).toBe('2026-05');
  });
});

describe('volunteer numbers', () => {
  it('V + district + 8 digits, from 1, after the highest issued', () => {
    expect(nextVolunteerNo('330102', null)).toBe('V33010200000001');
    expect(nextVolunteerNo('330102', 'V33010200000041')).toBe('V33010200000042');
    expect(nextVolunteerNo('330102', 'V33010209999999')).toBe('V33010210000000');
  });
  it('refuses to run past 8 digits', () => {
    expect(() => nextVolunteerNo('330102', 'V33010299999999')).toThrow();
  });
  it.each([
    ['V33010200000123', { district: '330102', seq: 123 }],
    ['v33010200000123', { district: '330102', seq: 123 }],
    [' V33010200000123 ', { district: '330102', seq: 123 }],
    ['V3301020000123', null],
    ['V330102000001234', null],
    ['V33010200000000', null],
    ['33010200000123', null],
  ])('parses %s', (text, parsed) => {
    expect(parseVolunteerNo(text)).toEqual(parsed);
  });
  it('formats only valid parts', () => {
    expect(formatVolunteerNo('330102', 7)).toBe('V33010200000007');
    expect(() => formatVolunteerNo('33010', 7)).toThrow();
    expect(() => formatVolunteerNo('330102', 0)).toThrow();
  });
});

describe('weekly availability bits', () => {
  it('bit = day × 3 + part, Monday morning first, Sunday evening last', () => {
    expect(slotBit(0, 'morning')).toBe(1);
    expect(slotBit(0, 'evening')).toBe(4);
    expect(slotBit(1, 'morning')).toBe(8);
    expect(slotBit(6, 'evening')).toBe(2 ** 20);
    expect(() => slotBit(7, 'morning')).toThrow();
  });
  it('round-trips slots', () => {
    const slots = [
      { day: 0, part: 'evening' as const },
      { day: 5, part: 'morning' as const },
      { day: 6, part: 'afternoon' as const },
    ];
    const mask = toAvailability(slots);
    expect(mask).toBe(4 + 2 ** 15 + 2 ** 19);
    expect(fromAvailability(mask)).toEqual(slots);
    expect(hasSlot(mask, 5, 'morning')).toBe(true);
    expect(hasSlot(mask, 5, 'afternoon')).toBe(false);
    expect(fromAvailability(ALL_WEEK)).toHaveLength(21);
  });
  it.each([
    [0, true],
    [ALL_WEEK, true],
    [ALL_WEEK + 1, false],
    [-1, false],
    [1.5, false],
  ])('%d is valid: %s', (mask, ok) => {
    expect(isValidAvailability(mask)).toBe(ok);
  });
  it.each([
    // UTC instant, Shanghai day (0 = Monday) and part
    ['2026-06-15T03:59:00Z', 0, 'morning'], // Mon 11:59
    ['2026-06-15T04:00:00Z', 0, 'afternoon'], // Mon 12:00
    ['2026-06-15T09:59:00Z', 0, 'afternoon'], // Mon 17:59
    ['2026-06-15T10:00:00Z', 0, 'evening'], // Mon 18:00
    ['2026-06-14T16:00:00Z', 0, 'morning'], // Mon 00:00 (Sunday in UTC)
    ['2026-06-21T15:59:00Z', 6, 'evening'], // Sun 23:59
  ])('%s is day %i, %s', (iso, day, part) => {
    expect(slotAt(new Date(iso))).toEqual({ day, part });
  });
  it('available when the slot is set', () => {
    const mask = toAvailability([{ day: 0, part: 'evening' }]);
    expect(isAvailableAt(mask, new Date('2026-06-15T11:00:00Z'))).toBe(true);
    expect(isAvailableAt(mask, new Date('2026-06-15T03:00:00Z'))).toBe(false);
  });
});

describe('priority elders for donated time', () => {
  it.each([
    // age, arrangement, deceased, result
    [59, 'alone', false, 'too_young'],
    [60, 'alone', false, 'ok'],
    [60, 'empty_nest', false, 'ok'],
    [70, 'widowed_childless', false, 'ok'],
    [79, 'with_family', false, 'not_priority'],
    [79, null, false, 'not_priority'],
    [80, 'with_family', false, 'ok'],
    [80, null, false, 'ok'],
    [85, 'alone', true, 'deceased'],
  ])('age %i, %s, deceased %s → %s', (age, arrangement, deceased, result) => {
    const r = checkPriorityElder({ age, arrangement, deceased });
    expect(r.ok ? 'ok' : r.reason).toBe(result);
  });
});

describe('names and units for people', () => {
  it.each([
    ['张', '张'],
    ['张三', '张*'],
    ['李思雨', '李*雨'],
    ['欧阳明月', '欧**月'],
  ])('%s → %s', (name, masked) => {
    expect(maskName(name)).toBe(masked);
  });
  it.each([
    [0, '0 分钟', '0 min'],
    [45, '45 分钟', '45 min'],
    [59, '59 分钟', '59 min'],
    [60, '1 小时', '1 h'],
    [90, '1.5 小时', '1.5 h'],
    [100, '1.67 小时', '1.67 h'],
    [90_000, '1500 小时', '1500 h'],
    [-30, '-30 分钟', '-30 min'],
  ])('%i minutes read %s / %s', (m, zh, en) => {
    expect(formatMinutes(m, 'zh-CN')).toBe(zh);
    expect(formatValue(m, 'minute', 'en')).toBe(en);
  });
  it('team levels follow area levels; a village is community level', () => {
    expect(teamLevelOf('district')).toBe('district');
    expect(teamLevelOf('street')).toBe('street');
    expect(teamLevelOf('community')).toBe('community');
    expect(teamLevelOf('village')).toBe('community');
    expect(teamLevelOf('grid')).toBeNull();
  });
});
