import { describe, expect, it } from 'vitest';
import {
  assess,
  daysSince,
  distanceCost,
  firstSharedSlot,
  haversineM,
  loadCost,
  MATCH,
  maskName,
  type NeedFacts,
  orgCost,
  otherSkillsCost,
  ratingCost,
  reasonsOf,
  teamCost,
  type VolunteerFacts,
  windowMask,
} from './matching.rules.ts';

// 2026-06-15 is a Monday. Times are written in Shanghai wall-clock time.
const at = (local: string) => new Date(`${local}+08:00`);
const bits = (...b: number[]) => b.reduce((m, x) => m | (1 << x), 0);
const M_PER_DEG_LAT = (Math.PI / 180) * 6_371_000;
const NOW = at('2026-06-10T09:00:00');

function need(over: Partial<NeedFacts> = {}): NeedFacts {
  return {
    id: 'n1',
    areaCode: '330102001001',
    skills: [],
    lat: 30.25,
    lng: 120.17,
    startsAt: at('2026-06-15T09:00:00'),
    endsAt: at('2026-06-15T11:00:00'),
    beneficiaryPersonId: null,
    ...over,
  };
}

function volunteer(over: Partial<VolunteerFacts> = {}): VolunteerFacts {
  return {
    id: 'v1',
    personId: 'p1',
    areaCode: '330102001001',
    status: 'active',
    skills: [],
    availability: bits(0),
    lat: 30.25,
    lng: 120.17,
    openCommitments: 0,
    lastServedAt: null,
    ratingSum: 0,
    ratingCount: 0,
    ...over,
  };
}

/** A point `m` metres north of the need. */
const north = (m: number) => ({ lat: 30.25 + m / M_PER_DEG_LAT, lng: 120.17 });

describe('windowMask (bit day*3+part, Monday = 0, Asia/Shanghai)', () => {
  it.each([
    ['Monday 09:00–11:00: morning', '2026-06-15T09:00:00', '2026-06-15T11:00:00', bits(0)],
    ['ends exactly at noon: still only the morning', '2026-06-15T11:00:00', '2026-06-15T12:00:00', bits(0)],
    ['starts exactly at noon: afternoon', '2026-06-15T12:00:00', '2026-06-15T13:00:00', bits(1)],
    ['11:59–12:01 touches both', '2026-06-15T11:59:00', '2026-06-15T12:01:00', bits(0, 1)],
    ['17:59–18:00: afternoon only', '2026-06-15T17:59:00', '2026-06-15T18:00:00', bits(1)],
    ['18:00–20:00: evening', '2026-06-15T18:00:00', '2026-06-15T20:00:00', bits(2)],
    ['Wednesday morning', '2026-06-17T08:00:00', '2026-06-17T10:00:00', bits(6)],
    ['Sunday evening into Monday morning', '2026-06-21T20:00:00', '2026-06-22T09:00:00', bits(20, 0)],
    ['a whole day', '2026-06-16T00:00:00', '2026-06-17T00:00:00', bits(3, 4, 5)],
    ['seven days or more: every slot', '2026-06-15T09:00:00', '2026-06-22T09:00:00', (1 << 21) - 1],
    ['just under seven days: every slot too', '2026-06-15T00:00:00', '2026-06-21T23:59:00', (1 << 21) - 1],
    ['an empty window: nothing', '2026-06-15T09:00:00', '2026-06-15T09:00:00', 0],
  ])('%s', (_, from, to, mask) => {
    expect(windowMask(at(from), at(to))).toBe(mask);
  });

  it('reads the day in Shanghai, not in UTC (Tuesday 07:00 in Shanghai is Monday 23:00 UTC)', () => {
    expect(windowMask(new Date('2026-06-15T23:00:00Z'), new Date('2026-06-15T23:30:00Z'))).toBe(bits(3));
  });

  it('names the first shared slot', () => {
    expect(firstSharedSlot(bits(5, 7), bits(7, 9))).toEqual({ day: 2, part: 1 });
    expect(firstSharedSlot(bits(5), bits(6))).toBeUndefined();
  });
});

describe('hard constraints', () => {
  it.each([
    ['eligible', volunteer(), need(), null],
    ['suspended', volunteer({ status: 'suspended' }), need(), 'inactive'],
    ['left', volunteer({ status: 'left' }), need(), 'inactive'],
    [
      'the beneficiary themself',
      volunteer({ personId: 'b1' }),
      need({ beneficiaryPersonId: 'b1' }),
      'beneficiary',
    ],
    ['someone else for a beneficiary', volunteer(), need({ beneficiaryPersonId: 'b1' }), null],
    [
      'has every skill asked',
      volunteer({ skills: ['first_aid', 'nursing'] }),
      need({ skills: ['first_aid', 'nursing'] }),
      null,
    ],
    [
      'misses one of two skills',
      volunteer({ skills: ['first_aid'] }),
      need({ skills: ['first_aid', 'nursing'] }),
      'skills',
    ],
    ['busy in that slot', volunteer({ availability: bits(1, 2) }), need(), 'availability'],
    ['no availability given', volunteer({ availability: 0 }), need(), 'availability'],
    ['4,999 m away', volunteer(north(4999)), need(), null],
    ['5,000 m away (at the radius)', volunteer(north(4999.9)), need(), null],
    ['5,001 m away', volunteer(north(5001)), need(), 'distance'],
    ['no location, same community', volunteer({ lat: null, lng: null }), need(), null],
    [
      'no location, another community',
      volunteer({ lat: null, lng: null, areaCode: '330102001002' }),
      need(),
      'distance',
    ],
    ['need without location, same community', volunteer(north(9000)), need({ lat: null, lng: null }), null],
    [
      'need without location, another community',
      volunteer({ areaCode: '330102001002' }),
      need({ lat: null, lng: null }),
      'distance',
    ],
  ] as const)('%s', (_, v, n, why) => {
    const a = assess(n, v, NOW);
    if (why === null) expect(a.ok).toBe(true);
    else expect(a).toEqual({ ok: false, why });
  });
});

describe('cost terms', () => {
  it('haversine: one degree of latitude is 111.19 km', () => {
    expect(haversineM(30, 120, 31, 120)).toBeCloseTo(M_PER_DEG_LAT, 3);
    expect(haversineM(30, 120, 30, 120)).toBe(0);
  });

  it.each([
    [0, 0],
    [4, 0],
    [5, 1],
    [14.9, 1],
    [15, 2],
    [800, 80],
    [5000, 500],
    [null, MATCH.noLocationCost],
  ])('distance %s m costs %s', (m, cost) => {
    expect(distanceCost(m)).toBe(cost);
  });

  it.each([
    [0, null, 0],
    [1, null, 100],
    [5, null, 500],
    [6, null, 500],
    [-1, null, 0],
    [0, 0, 150],
    [0, 29, 5],
    [0, 30, 0],
    [0, 31, 0],
    [2, 10, 300],
  ])('%s open commitments, last served %s days ago: %s', (open, days, cost) => {
    expect(loadCost(open, days)).toBe(cost);
  });

  it('days since the last service: whole days, never negative, null if never', () => {
    expect(daysSince(null, NOW)).toBeNull();
    expect(daysSince(at('2026-06-09T09:00:01'), NOW)).toBe(0);
    expect(daysSince(at('2026-06-09T09:00:00'), NOW)).toBe(1);
    expect(daysSince(at('2026-06-11T09:00:00'), NOW)).toBe(0);
  });

  it.each([
    ['unrated: the prior 4.0', 0, 0, 80],
    ['one 5-star rating barely moves it', 5, 1, 60],
    ['one 1-star rating', 1, 1, 140],
    ['ten ratings averaging 5', 50, 10, 18],
    ['a hundred ratings averaging 5', 500, 100, 2],
    ['ten ratings averaging 3', 30, 10, 142],
  ])('%s', (_, sum, count, cost) => {
    expect(ratingCost(sum, count)).toBe(cost);
  });

  it.each([
    [0, 0],
    [1, 15],
    [5, 75],
    [6, 75],
  ])('%s other skills cost %s', (n, cost) => {
    expect(otherSkillsCost(n)).toBe(cost);
  });

  it('adds the terms into one integer', () => {
    const a = assess(
      need({ skills: ['first_aid'] }),
      volunteer({
        ...north(800),
        skills: ['first_aid', 'nursing', 'driving'],
        openCommitments: 1,
        ratingSum: 48,
        ratingCount: 10,
      }),
      NOW,
    );
    expect(a).toMatchObject({
      ok: true,
      terms: { distance: 80, load: 100, rating: 31, otherSkills: 30 },
      cost: 241,
    });
  });
});

describe('reasons', () => {
  const label = (code: string, lang: 'zh-CN' | 'en') =>
    code === 'first_aid' ? (lang === 'en' ? 'first aid' : '急救') : code;

  it('say what each term means, in both languages', () => {
    const n = need({ skills: ['first_aid'] });
    const v = volunteer({ ...north(800), skills: ['first_aid'], ratingSum: 58, ratingCount: 12 });
    const a = assess(n, v, NOW);
    if (!a.ok) throw new Error('expected eligible');
    const r = reasonsOf(n, v, a, label);
    expect(r.map((x) => x.text['zh-CN'])).toEqual([
      '距离 0.8 公里',
      '具备急救技能',
      '周一上午有空',
      '近30天服务较少',
      '评分 4.8（12 次）',
    ]);
    expect(r.map((x) => x.text.en)).toEqual([
      '0.8 km away',
      'Has first aid skills',
      'Free on Monday morning',
      'Little service in the last 30 days',
      'Rated 4.8 (12)',
    ]);
  });

  it('explain a higher cost: far, busy, recently served, unrated, other skills', () => {
    const n = need();
    const busy = volunteer({ ...north(2500), openCommitments: 2, skills: ['driving'] });
    const a = assess(n, busy, NOW);
    if (!a.ok) throw new Error('expected eligible');
    const texts = reasonsOf(n, busy, a).map((x) => [x.tone, x.text['zh-CN']]);
    expect(texts).toEqual([
      ['good', '周一上午有空'],
      ['note', '距离 2.5 公里'],
      ['note', '另有 2 项待完成服务'],
      ['note', '暂无评分'],
      ['note', '另有 1 项其他技能'],
    ]);
    const recent = volunteer({ lastServedAt: at('2026-06-07T10:00:00') });
    const b = assess(n, recent, NOW);
    if (!b.ok) throw new Error('expected eligible');
    expect(reasonsOf(n, recent, b).map((x) => x.text.en)).toContain('Served 2 days ago');
  });

  it('name the community when there is no location', () => {
    const n = need({ lat: null, lng: null });
    const v = volunteer();
    const a = assess(n, v, NOW);
    if (!a.ok) throw new Error('expected eligible');
    expect(reasonsOf(n, v, a)[0]!.text).toEqual({
      'zh-CN': '同社区（未标注位置）',
      en: 'Same community (no location given)',
    });
  });
});

describe('teams and organisations', () => {
  const n = { areaCode: '330102001001' };
  it.each([
    ['own community, enough qualified members', { areaCode: '330102001001', qualifiedMembers: 3 }, 2, 0],
    ['own community, one short', { areaCode: '330102001001', qualifiedMembers: 1 }, 2, 100],
    ['street level team', { areaCode: '330102001000', qualifiedMembers: 5 }, 2, 100],
    ['another community of the street', { areaCode: '330102001002', qualifiedMembers: 5 }, 2, 100],
    ['district team, nobody qualified', { areaCode: '330102000000', qualifiedMembers: 0 }, 2, 400],
  ])('team: %s', (_, t, seats, cost) => {
    expect(teamCost(n, seats, { id: 't', level: 'community', memberCount: 9, ...t })).toBe(cost);
  });

  it.each([
    ['social organisation of the community with teams', 'social_org', '330102001001', 2, 0],
    ['civilised unit of the street without teams', 'civilized_unit', '330102001002', 0, 250],
    ['government body of the community', 'government', '330102001001', 1, 150],
  ])('organisation: %s', (_, kind, areaCode, teams, cost) => {
    expect(orgCost(n, { id: 'o', kind, areaCode, teams })).toBe(cost);
  });
});

describe('maskName', () => {
  it.each([
    ['王小英', '王*英'],
    ['王英', '王*'],
    ['欧阳娜娜', '欧**娜'],
    ['', ''],
  ])('%s → %s', (name, masked) => {
    expect(maskName(name)).toBe(masked);
  });
});
