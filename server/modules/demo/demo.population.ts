import type { Relation } from '../../../contracts/domain.ts';
import { STREETS } from '../areas/index.ts';
import { dayBetween, plusDays, plusYears } from './demo.dates.ts';
import { pickSurname } from './demo.names.ts';
import { apportion, type Rng, weighted } from './demo.random.ts';

/**
 * Age structure of the registered population, 2021 (table 17, 003:87800): under 18 18.2%,
 * 18–34 18.9%, 35–59 36.7%, 60+ 26.2%. Inside the 60+: 22.71万 in all, 80+ 4.15万, 90+ 8,029,
 * 100+ 272 (003:70794–70801).
 */
const ELDERS = 227_100;
const E80 = 41_500;
const E90 = 8_029;
const E100 = 272;
export const ELDER_SHARE = 0.262;

export interface AgeBandSpec {
  band: string;
  lo: number;
  hi: number;
  /** share of the living registered population */
  share: number;
  /** probability of having died in the twelve months before the reference date */
  deathRate: number;
}

export const AGE_STRUCTURE: readonly AgeBandSpec[] = [
  { band: '0-17', lo: 0, hi: 17, share: 0.182, deathRate: 0.0003 },
  { band: '18-34', lo: 18, hi: 34, share: 0.189, deathRate: 0.0005 },
  { band: '35-59', lo: 35, hi: 59, share: 0.367, deathRate: 0.002 },
  { band: '60-79', lo: 60, hi: 79, share: (ELDER_SHARE * (ELDERS - E80)) / ELDERS, deathRate: 0.012 },
  { band: '80-89', lo: 80, hi: 89, share: (ELDER_SHARE * (E80 - E90)) / ELDERS, deathRate: 0.06 },
  { band: '90-99', lo: 90, hi: 99, share: (ELDER_SHARE * (E90 - E100)) / ELDERS, deathRate: 0.17 },
  { band: '100+', lo: 100, hi: 107, share: (ELDER_SHARE * E100) / ELDERS, deathRate: 0.35 },
];
export const MAX_AGE = 107;

/**
 * Relative size of each single year inside its band, shaped like Hangzhou's pyramid: few births
 * since 2018, the 1962–1975 boom now in its fifties and early sixties, steep thinning after 80.
 */
function yearWeight(age: number): number {
  if (age < 5) return 0.75;
  if (age < 10) return 1.0;
  if (age < 18) return 1.05;
  if (age < 25) return 0.85;
  if (age < 35) return 1.0;
  if (age < 45) return 0.95;
  if (age < 50) return 0.85;
  if (age < 60) return 1.1;
  if (age < 65) return 1.3;
  if (age < 70) return 1.1;
  if (age < 75) return 0.85;
  if (age < 80) return 0.62;
  return Math.exp(-(age - 80) * 0.13);
}

const bandAgeSamplers = AGE_STRUCTURE.map((b) => {
  const ages: [number, number][] = [];
  for (let a = b.lo; a <= b.hi; a++) ages.push([a, yearWeight(a)]);
  return weighted(ages);
});

/** Women outlive men: the share of women rises from about half to four in five at 100. */
function femaleShare(age: number): number {
  if (age < 60) return 0.49;
  if (age < 70) return 0.51;
  if (age < 80) return 0.53;
  if (age < 90) return 0.58;
  if (age < 100) return 0.66;
  return 0.78;
}

/**
 * The old town (湖滨 … 紫阳) is older than the former Jianggan streets; the tilt is rescaled so
 * the district as a whole keeps the published 26.2%.
 */
const ELDER_TILT_OLD_TOWN = 1.12;
const ELDER_TILT_JIANGGAN = 0.93;

export interface PlannedPerson {
  age: number;
  sex: 'M' | 'F';
  birthDate: string;
  /** index of the household within its community, -1 while unplaced */
  hh: number;
  relation: Relation;
  surname?: string;
  deceasedOn: string | null;
}

export interface PlannedHousehold {
  members: PlannedPerson[];
  /** 孤寡: elders with no children (used for the 孤寡 living arrangement and 特困) */
  childless: boolean;
  /** parents already living with the head (so a second pair is not added) */
  hasParents: boolean;
}

/** Residents per street in proportion to the registered population (table 3, 003:9901). */
export function streetCounts(residents: number): number[] {
  return apportion(
    residents,
    STREETS.map((s) => s.registered),
  );
}

/** Residents per community of a street: roughly even, ±30%; villages are smaller. */
export function communityCounts(rng: Rng, streetIdx: number, residents: number): number[] {
  const s = STREETS[streetIdx]!;
  const weights = [
    ...s.communities.map(() => rng.between(0.7, 1.3)),
    ...s.villages.map(() => rng.between(0.35, 0.6)),
  ];
  return apportion(residents, weights);
}

/** Per-band counts of person records for one street: the living match the published shares. */
export function streetBandCounts(streetIdx: number, residents: number): number[] {
  const tilt = (i: number) => (STREETS[i]!.formerJianggan ? ELDER_TILT_JIANGGAN : ELDER_TILT_OLD_TOWN);
  const total = STREETS.reduce((s, st) => s + st.registered, 0);
  const norm = STREETS.reduce((s, st, i) => s + st.registered * tilt(i), 0) / total;
  const elder = (ELDER_SHARE * tilt(streetIdx)) / norm;
  const weights = AGE_STRUCTURE.map((b) => {
    const share = b.lo >= 60 ? (b.share * elder) / ELDER_SHARE : (b.share * (1 - elder)) / (1 - ELDER_SHARE);
    // Those who died during the year stay in the registry with their death recorded; drawing
    // them on top keeps the living population at the published shares.
    return share / (1 - b.deathRate);
  });
  return apportion(residents, weights);
}

export function bandOfAge(age: number): number {
  return AGE_STRUCTURE.findIndex((b) => age >= b.lo && age <= b.hi);
}

/** A person of the band, with a birth date that gives exactly that age (周岁) on `today`. */
export function drawPerson(rng: Rng, band: number, today: string): PlannedPerson {
  const age = bandAgeSamplers[band]!(rng);
  const sex = rng.chance(femaleShare(age)) ? 'F' : 'M';
  const birthDate = dayBetween(rng, plusDays(plusYears(today, -(age + 1)), 1), plusYears(today, -age));
  return { age, sex, birthDate, hh: -1, relation: 'other', deceasedOn: null };
}

/** The street's people, in random order. */
export function drawStreet(rng: Rng, streetIdx: number, residents: number, today: string): PlannedPerson[] {
  const people: PlannedPerson[] = [];
  streetBandCounts(streetIdx, residents).forEach((n, band) => {
    for (let i = 0; i < n; i++) people.push(drawPerson(rng, band, today));
  });
  return rng.shuffle(people);
}

/**
 * Deals a street's households out to its communities and villages: roughly even (±30%),
 * villages smaller. Households are formed street-wide first so that a small demo still finds
 * parents and spouses of fitting ages.
 */
export function splitHouseholds<T>(rng: Rng, streetIdx: number, households: T[]): T[][] {
  const order = rng.shuffle([...households]);
  const out: T[][] = [];
  let at = 0;
  for (const n of communityCounts(rng, streetIdx, order.length)) {
    out.push(order.slice(at, at + n));
    at += n;
  }
  return out;
}

/** Unplaced people by sex and age, taken nearest to a wanted age. */
class AgePool {
  private readonly buckets: [PlannedPerson[][], PlannedPerson[][]] = [[], []];

  constructor(people: PlannedPerson[]) {
    for (let a = 0; a <= MAX_AGE; a++) {
      this.buckets[0].push([]);
      this.buckets[1].push([]);
    }
    for (const p of people) this.buckets[p.sex === 'M' ? 0 : 1][p.age]!.push(p);
  }

  take(rng: Rng, sex: 'M' | 'F', lo: number, hi: number, target: number): PlannedPerson | undefined {
    const from = Math.max(0, lo);
    const to = Math.min(MAX_AGE, hi);
    if (from > to) return undefined;
    const t = Math.min(to, Math.max(from, Math.round(target)));
    const byAge = this.buckets[sex === 'M' ? 0 : 1];
    const span = Math.max(t - from, to - t);
    for (let d = 0; d <= span; d++) {
      const s = rng.chance(0.5) ? 1 : -1;
      for (const a of d === 0 ? [t] : [t + s * d, t - s * d]) {
        if (a < from || a > to) continue;
        const bucket = byAge[a]!;
        while (bucket.length) {
          const p = bucket.pop()!;
          if (p.hh < 0) return p;
        }
      }
    }
    return undefined;
  }
}

/** Marks a person taken while a household is being put together; real indexes are set at the end. */
const CLAIMED = Number.MAX_SAFE_INTEGER;
const other = (sex: 'M' | 'F'): 'M' | 'F' => (sex === 'M' ? 'F' : 'M');
const rndSex = (rng: Rng): 'M' | 'F' => (rng.chance(0.51) ? 'M' : 'F');

/** Children per family: parents of the one-child-policy cohorts (born before about 1981) mostly have one. */
const oneChildEra = weighted<number>([
  [1, 0.78],
  [2, 0.2],
  [3, 0.02],
]);
const twoChildEra = weighted<number>([
  [1, 0.5],
  [2, 0.44],
  [3, 0.06],
]);

function livingSpouseChance(age: number, sex: 'M' | 'F'): number {
  if (sex === 'M') return age < 70 ? 0.88 : age < 80 ? 0.8 : age < 90 ? 0.6 : 0.35;
  return age < 70 ? 0.8 : age < 80 ? 0.62 : age < 90 ? 0.3 : 0.08;
}

/**
 * Puts a street's people into households of the kinds a Hangzhou household register shows:
 * parents with children (with grandparents in about a quarter), grown children still registered
 * with their parents, couples, elders living with a son or daughter, elderly couples on their
 * own, elders living alone, and a few children raised by grandparents. The proportions are
 * tuned to the published 3.03 people per household (003:9808).
 */
export function formHouseholds(rng: Rng, people: PlannedPerson[]): PlannedHousehold[] {
  const pool = new AgePool(people);
  const hhs: PlannedHousehold[] = [];
  const hostsByHeadAge = new Map<number, PlannedHousehold[]>();
  const elderHomes: PlannedHousehold[] = [];

  const open = (): PlannedHousehold => {
    const h: PlannedHousehold = { members: [], childless: false, hasParents: false };
    hhs.push(h);
    return h;
  };
  const put = (h: PlannedHousehold, p: PlannedPerson | undefined, relation: Relation) => {
    if (!p) return;
    p.hh = CLAIMED;
    p.relation = relation;
    h.members.push(p);
  };
  const asHost = (h: PlannedHousehold) => {
    const head = h.members.find((m) => m.relation === 'head');
    if (!head || h.hasParents || head.age < 22 || head.age > 62) return;
    const list = hostsByHeadAge.get(head.age) ?? [];
    list.push(h);
    hostsByHeadAge.set(head.age, list);
  };
  const surnameOf = (rngS: Rng, p: PlannedPerson | undefined, fallback?: string) => {
    if (p && !p.surname) p.surname = fallback ?? pickSurname(rngS);
  };

  const byAge = (lo: number, hi: number) => rng.shuffle(people.filter((p) => p.age >= lo && p.age <= hi));

  // 1. Parents with children under 18, sometimes with grandparents.
  for (const c of byAge(0, 17)) {
    if (c.hh >= 0) continue;
    c.hh = CLAIMED; // claimed while the family is assembled
    const mother = pool.take(rng, 'F', c.age + 20, c.age + 45, c.age + rng.normal(29, 4));
    let father: PlannedPerson | undefined;
    if (mother) {
      if (!rng.chance(0.08)) {
        father = pool.take(rng, 'M', mother.age - 3, mother.age + 10, mother.age + rng.normal(2, 2));
        if (father) father.hh = CLAIMED;
      }
      mother.hh = CLAIMED;
    } else {
      father = pool.take(rng, 'M', c.age + 20, c.age + 50, c.age + 31);
      if (father) father.hh = CLAIMED;
    }
    if (!mother && !father) {
      c.hh = -1;
      continue;
    }
    const parentAge = (mother ?? father)!.age;
    // Grandparents come from the side of a parent who is present.
    let paternal = rng.chance(0.65);
    if (paternal && !father) paternal = false;
    if (!paternal && !mother) paternal = true;
    const kids = (parentAge >= 45 ? oneChildEra : twoChildEra)(rng);
    const children: PlannedPerson[] = [c];
    for (let k = 1; k < kids; k++) {
      const s = rng.chance(0.5) ? 1 : -1;
      const sib = pool.take(
        rng,
        rndSex(rng),
        c.age - 10,
        Math.min(parentAge - 20, 28),
        c.age + s * rng.int(2, 8),
      );
      if (sib) {
        sib.hh = CLAIMED;
        children.push(sib);
      }
    }
    let gpM: PlannedPerson | undefined;
    let gpF: PlannedPerson | undefined;
    if (rng.chance(0.27)) {
      const ref = (paternal ? father : mother)!;
      if (rng.chance(0.8)) gpM = pool.take(rng, 'M', ref.age + 20, ref.age + 45, ref.age + rng.normal(28, 4));
      if (gpM) gpM.hh = CLAIMED;
      const near = gpM?.age ?? ref.age + 27;
      if (rng.chance(0.85)) gpF = pool.take(rng, 'F', Math.max(near - 6, ref.age + 19), near + 3, near - 2);
      if (gpF) gpF.hh = CLAIMED;
    }
    const h = open();
    const gpHead = (gpM || gpF) && rng.chance(0.35) ? (gpM ?? gpF)! : undefined;
    const ownChild = (paternal ? father : mother)!;
    const inLaw = paternal ? mother : father;
    if (gpHead) {
      put(h, gpHead, 'head');
      put(h, gpHead === gpM ? gpF : undefined, 'spouse');
      put(h, ownChild, 'child');
      put(h, inLaw, 'other');
      for (const k of children) put(h, k, 'grandchild');
    } else {
      const head = (father ?? mother)!;
      put(h, head, 'head');
      put(h, head === father ? mother : undefined, 'spouse');
      for (const k of children) put(h, k, 'child');
      const ownParents = (head === father) === paternal;
      put(h, gpM, ownParents ? 'parent' : 'other');
      put(h, gpF, ownParents ? 'parent' : 'other');
    }
    h.hasParents = !!(gpM || gpF);
    // Surnames: children mostly follow the father; grandfathers share their child's surname.
    surnameOf(rng, father);
    surnameOf(rng, mother);
    const childSurname = father
      ? rng.chance(0.92)
        ? father.surname
        : mother?.surname
      : rng.chance(0.5)
        ? mother!.surname
        : undefined;
    const kidSurname = childSurname ?? pickSurname(rng);
    for (const k of children) k.surname = kidSurname;
    surnameOf(rng, gpM, ownChild.surname);
    asHost(h);
  }

  /** Registers a grown child with parents drawn from the pool; false when none fit. */
  const joinParents = (y: PlannedPerson): boolean => {
    y.hh = CLAIMED;
    const mother = pool.take(rng, 'F', y.age + 19, y.age + 42, y.age + rng.normal(28, 4));
    if (mother) mother.hh = CLAIMED;
    let father: PlannedPerson | undefined;
    if (!mother || !rng.chance(0.1)) {
      const near = mother ? mother.age + rng.normal(2, 2) : y.age + 30;
      father = pool.take(
        rng,
        'M',
        mother ? mother.age - 3 : y.age + 19,
        mother ? mother.age + 10 : y.age + 48,
        near,
      );
    }
    if (!mother && !father) {
      y.hh = -1;
      return false;
    }
    if (father) father.hh = CLAIMED;
    const youngestParent = Math.min(mother?.age ?? MAX_AGE, father?.age ?? MAX_AGE);
    const sib = rng.chance(0.25)
      ? pool.take(
          rng,
          rndSex(rng),
          y.age - 6,
          Math.min(y.age + 6, youngestParent - 18),
          y.age + (rng.chance(0.5) ? 3 : -3),
        )
      : undefined;
    const h = open();
    const head = (father ?? mother)!;
    put(h, head, 'head');
    put(h, head === father ? mother : undefined, 'spouse');
    put(h, y, 'child');
    put(h, sib, 'child');
    surnameOf(rng, father);
    surnameOf(rng, mother);
    y.surname = father?.surname ?? mother!.surname;
    if (sib) sib.surname = y.surname;
    if (father && father.age <= 62 && rng.chance(0.15)) {
      const gp = pool.take(rng, rndSex(rng), father.age + 22, father.age + 40, father.age + 28);
      if (gp) {
        put(h, gp, 'parent');
        if (gp.sex === 'M') gp.surname = father.surname;
        h.hasParents = true;
      }
    }
    return true;
  };

  // 2. Grown children (18–34) still registered with their parents (户口 stays with the family).
  for (const y of byAge(18, 34)) {
    if (y.hh >= 0) continue;
    const stay = y.age <= 22 ? 0.85 : y.age <= 26 ? 0.7 : y.age <= 30 ? 0.5 : 0.3;
    if (rng.chance(stay)) joinParents(y);
  }

  // 3. Other adults under 60: couples and people on their own.
  for (const a of byAge(18, 59)) {
    if (a.hh >= 0) continue;
    a.hh = CLAIMED;
    const married = a.age <= 24 ? 0.06 : a.age <= 29 ? 0.45 : a.age <= 34 ? 0.72 : 0.86;
    const spouse = rng.chance(married)
      ? a.sex === 'M'
        ? pool.take(rng, 'F', Math.max(20, a.age - 10), a.age + 5, a.age - 2)
        : pool.take(rng, 'M', Math.max(22, a.age - 5), a.age + 10, a.age + 2)
      : undefined;
    if (!spouse && a.age <= 55 && rng.chance(0.5)) {
      a.hh = -1;
      if (joinParents(a)) continue;
      a.hh = CLAIMED;
    }
    const h = open();
    if (spouse) {
      const head = rng.chance(0.75) ? (a.sex === 'M' ? a : spouse) : a.sex === 'M' ? spouse : a;
      put(h, head, 'head');
      put(h, head === a ? spouse : a, 'spouse');
    } else put(h, a, 'head');
    asHost(h);
  }

  // 4. Elders: with a son or daughter, as a couple, or alone.
  const hostAges = [...hostsByHeadAge.keys()];
  for (const e of byAge(60, MAX_AGE)) {
    if (e.hh >= 0) continue;
    e.hh = CLAIMED;
    const joins = e.age < 70 ? 0.15 : e.age < 80 ? 0.25 : e.age < 90 ? 0.38 : 0.5;
    let host: PlannedHousehold | undefined;
    if (rng.chance(joins) && hostAges.length) {
      for (let tries = 0; tries < 12 && !host; tries++) {
        const list = hostsByHeadAge.get(e.age - rng.int(22, 42));
        while (list?.length && !host) {
          const cand = list.splice(rng.int(0, list.length - 1), 1)[0]!;
          if (!cand.hasParents) host = cand;
        }
      }
    }
    // A spouse keeps the generations apart: at least 18 years older than the son or daughter.
    const floor = Math.max(45, e.age - 10, host ? host.members[0]!.age + 18 : 0);
    const spouse = rng.chance(livingSpouseChance(e.age, e.sex))
      ? pool.take(rng, other(e.sex), floor, e.age + 10, e.sex === 'M' ? e.age - 2 : e.age + 2)
      : undefined;
    if (spouse) spouse.hh = CLAIMED;
    if (host) {
      const head = host.members[0]!;
      put(host, e, 'parent');
      put(host, spouse, 'parent');
      host.hasParents = true;
      const father = e.sex === 'M' ? e : spouse?.sex === 'M' ? spouse : undefined;
      if (father) {
        head.surname ??= pickSurname(rng);
        father.surname = head.surname;
      }
      continue;
    }
    const h = open();
    const head = spouse && rng.chance(0.85) ? (e.sex === 'M' ? e : spouse) : e;
    put(h, head, 'head');
    put(h, head === e ? spouse : e, 'spouse');
    if (rng.chance(0.25)) {
      const younger = Math.min(e.age, spouse?.age ?? e.age);
      const kid = pool.take(rng, rndSex(rng), Math.max(18, e.age - 42), younger - 20, younger - 28);
      if (kid) {
        put(h, kid, 'child');
        const dad = [e, spouse].find((p) => p?.sex === 'M');
        surnameOf(rng, dad);
        kid.surname = dad?.surname;
      }
    }
    if (h.members.length <= 2 && rng.chance(e.age >= 65 ? 0.1 : 0.04)) h.childless = true;
    elderHomes.push(h);
  }

  // 5. Whoever is left: children go to their grandparents (隔代家庭), adults live on their own.
  for (const p of people) {
    if (p.hh >= 0) continue;
    p.hh = CLAIMED;
    if (p.age < 18) {
      const homes = elderHomes.filter((h) => !h.childless && h.members[0]!.age >= p.age + 40);
      const home = homes.length ? rng.pick(homes) : hhs.length ? rng.pick(hhs) : undefined;
      if (home) {
        put(home, p, home.members[0]!.age >= p.age + 40 ? 'grandchild' : 'other');
        continue;
      }
    }
    const h = open();
    put(h, p, 'head');
  }

  for (const [i, h] of hhs.entries()) for (const m of h.members) m.hh = i;
  return hhs;
}
