import { describe, expect, it } from 'vitest';
import { personName } from '../../../contracts/api/persons.ts';
import { parseCreditCode } from '../../../contracts/credit-code.ts';
import { DISABILITY_CATEGORIES } from '../../../contracts/domain.ts';
import { ageOn, parseIdNumber } from '../../../contracts/id-number.ts';
import { STREETS } from '../areas/index.ts';
import { checkFact, checkPhone } from '../registry/index.ts';
import { checkCoordinates, checkOpeningHours } from '../service-points/index.ts';
import { dayOf, plusDays } from './demo.dates.ts';
import { buildFacilities } from './demo.facilities.ts';
import { householdFacts } from './demo.facts.ts';
import {
  CreditCodeAllocator,
  IdNumberAllocator,
  landline,
  mobilePhone,
  orgCodeCheckCharacter,
} from './demo.identifiers.ts';
import { DEMO_LOGINS } from './demo.logins.ts';
import { fullName, SURNAME_LIST } from './demo.names.ts';
import { AddressBook, placeCommunity } from './demo.places.ts';
import {
  AGE_STRUCTURE,
  bandOfAge,
  drawPerson,
  drawStreet,
  formHouseholds,
  type PlannedPerson,
  splitHouseholds,
  streetBandCounts,
  streetCounts,
} from './demo.population.ts';
import { apportion, createIdFactory, createRng } from './demo.random.ts';
import { finishHouseholds } from './demo.residents.ts';

const TODAY = '2026-06-15';

describe('seeded random numbers', () => {
  it('gives the same sequence for the same seed and a different one for another seed', () => {
    const draw = (seed: number) => {
      const r = createRng(seed);
      return Array.from({ length: 50 }, () => r.uint32());
    };
    expect(draw(7)).toEqual(draw(7));
    expect(draw(7)).not.toEqual(draw(8));
  });

  it('forks streams by label, independent of how far the parent has been drawn', () => {
    const a = createRng(7);
    const b = createRng(7);
    for (let i = 0; i < 100; i++) b.next();
    expect(Array.from({ length: 5 }, a.fork('street:3').next)).toEqual(
      Array.from({ length: 5 }, b.fork('street:3').next),
    );
    expect(a.fork('street:3').next()).not.toBe(a.fork('street:4').next());
  });

  it('keeps int() inside its bounds, both ends reachable', () => {
    const r = createRng(1);
    const seen = new Set<number>();
    for (let i = 0; i < 2_000; i++) seen.add(r.int(3, 6));
    expect([...seen].sort()).toEqual([3, 4, 5, 6]);
  });

  it('apportions exactly, each part within one of its share', () => {
    const weights = STREETS.map((s) => s.registered);
    for (const total of [1, 13, 2_000, 20_000, 870_000]) {
      const parts = apportion(total, weights);
      expect(parts.reduce((s, n) => s + n, 0)).toBe(total);
      const sum = weights.reduce((s, w) => s + w, 0);
      for (const [i, n] of parts.entries()) expect(Math.abs(n - (total * weights[i]!) / sum)).toBeLessThan(1);
    }
  });

  it('makes unique UUIDv7-shaped ids, the same for the same seed', () => {
    const ids = (seed: number) => {
      const next = createIdFactory(createRng(seed), Date.parse('2026-06-15T00:00:00+08:00'));
      return Array.from({ length: 1_000 }, next);
    };
    const a = ids(3);
    expect(new Set(a).size).toBe(1_000);
    for (const id of a)
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(a).toEqual(ids(3));
    expect(a[0]).not.toBe(ids(4)[0]);
  });
});

describe('identifiers', () => {
  it('hands out unique, valid ID numbers whose birth date and sex match', () => {
    const r = createRng(11);
    const alloc = new IdNumberAllocator();
    const seen = new Set<string>();
    for (let i = 0; i < 20_000; i++) {
      const p = drawPerson(r, r.int(0, AGE_STRUCTURE.length - 1), TODAY);
      const area = r.pick(['330102', '330104', '340104', '410102']);
      const id = alloc.allocate(r, area, p.birthDate, p.sex);
      const parsed = parseIdNumber(id, TODAY);
      expect(parsed.ok, id).toBe(true);
      if (!parsed.ok) continue;
      expect(parsed.birthDate).toBe(p.birthDate);
      expect(parsed.sex).toBe(p.sex);
      expect(parsed.areaCode).toBe(area);
      seen.add(id);
    }
    expect(seen.size).toBe(20_000);
  }, 30_000); // 20,000 numbers checked one by one: a loaded machine needs more than 5 s

  it('uses every free sequence number of a day before giving up', () => {
    const r = createRng(2);
    const alloc = new IdNumberAllocator();
    const ids = Array.from({ length: 500 }, () => alloc.allocate(r, '330102', '1950-01-01', 'F'));
    expect(new Set(ids).size).toBe(500);
    for (const id of ids) expect(Number(id[16]) % 2).toBe(0);
    expect(() => alloc.allocate(r, '330102', '1950-01-01', 'F')).toThrow(/no free ID sequence/);
    expect(parseIdNumber(alloc.allocate(r, '330102', '1950-01-01', 'M'), TODAY).ok).toBe(true);
  });

  it('computes the GB 11714 organisation-code check of real credit codes', () => {
    // 阿里巴巴（中国）有限公司 and 深圳市腾讯计算机系统有限公司, as printed on their licences.
    for (const code of ['91330100716105852F', '91440300708461136T'])
      expect(orgCodeCheckCharacter(code.slice(8, 16))).toBe(code[16]);
  });

  it('hands out unique, valid credit codes', () => {
    const r = createRng(5);
    const alloc = new CreditCodeAllocator();
    const codes = new Set<string>();
    for (let i = 0; i < 3_000; i++) {
      const code = alloc.allocate(
        r,
        r.pick(['11', '12', '19', '31', '51', '52', '53', '91', '92'] as const),
        r.pick(['330102', '330104']),
      );
      expect(parseCreditCode(code).ok, code).toBe(true);
      expect(orgCodeCheckCharacter(code.slice(8, 16))).toBe(code[16]);
      codes.add(code);
    }
    expect(codes.size).toBe(3_000);
  });

  it('makes phones the registry accepts', () => {
    const r = createRng(9);
    for (let i = 0; i < 500; i++) {
      expect(checkPhone(mobilePhone(r)).ok).toBe(true);
      const fixed = checkPhone(landline(r));
      expect(fixed.ok && fixed.value).toMatch(/^05718[5-9]\d{6}$/);
    }
  });
});

describe('names', () => {
  it('are Han names the registry accepts, with a surname from the table', () => {
    const r = createRng(3);
    for (let i = 0; i < 5_000; i++) {
      const sex = r.chance(0.5) ? 'M' : 'F';
      const name = fullName(r, sex, r.int(1915, 2026));
      expect(personName.safeParse(name).success, name).toBe(true);
      expect(
        SURNAME_LIST.some(
          (s) => name.startsWith(s) && name.length - s.length >= 1 && name.length - s.length <= 2,
        ),
        name,
      ).toBe(true);
    }
  });

  it('differ by generation: few given names of children born after 2010 also occur among people born before 1950', () => {
    const r = createRng(4);
    const given = (year: number) =>
      new Set(Array.from({ length: 2_000 }, () => fullName(r, 'M', year, '王').slice(1)));
    const old = given(1940);
    const young = given(2015);
    const shared = [...young].filter((g) => old.has(g));
    expect(shared.length / young.size).toBeLessThan(0.05);
  });
});

describe('age structure', () => {
  it('leaves the living at the published shares once the year’s deaths are taken out', () => {
    const living = AGE_STRUCTURE.map(() => 0);
    let total = 0;
    for (const [si, n] of streetCounts(870_000).entries())
      for (const [b, c] of streetBandCounts(si, n).entries())
        living[b]! += c * (1 - AGE_STRUCTURE[b]!.deathRate);
    for (const x of living) total += x;
    const share = (from: number, to: number) => living.slice(from, to + 1).reduce((s, x) => s + x, 0) / total;
    expect(share(0, 0)).toBeCloseTo(0.182, 3);
    expect(share(1, 1)).toBeCloseTo(0.189, 3);
    expect(share(2, 2)).toBeCloseTo(0.367, 3);
    expect(share(3, 6)).toBeCloseTo(0.262, 3);
    // 80+ ≈ 41,500, 90+ ≈ 8,029, 100+ ≈ 272 of 227,100 aged 60+ (003:70794–70801)
    expect(share(4, 6) / share(3, 6)).toBeCloseTo(41_500 / 227_100, 3);
    expect(share(5, 6) / share(3, 6)).toBeCloseTo(8_029 / 227_100, 3);
    expect(share(6, 6) / share(3, 6)).toBeCloseTo(272 / 227_100, 4);
  });

  it('draws people whose birth date gives exactly their age on the reference date', () => {
    const r = createRng(6);
    const people = drawStreet(r, 2, 20_000, TODAY);
    expect(people).toHaveLength(20_000);
    for (const p of people) {
      expect(ageOn(p.birthDate, TODAY)).toBe(p.age);
      expect(bandOfAge(p.age)).toBeGreaterThanOrEqual(0);
    }
    const elders = people.filter((p) => p.age >= 60).length / people.length;
    // 小营 is an old-town street: older than the district average.
    expect(elders).toBeGreaterThan(0.262);
    expect(elders).toBeLessThan(0.34);
  });
});

describe('households', () => {
  const r = createRng(12);
  const people = drawStreet(r.fork('p'), 8, 20_000, TODAY);
  const households = formHouseholds(r.fork('h'), people);
  const headOf = (h: { members: PlannedPerson[] }) => h.members.find((m) => m.relation === 'head')!;

  it('places everyone once, with exactly one head per household', () => {
    expect(households.reduce((s, h) => s + h.members.length, 0)).toBe(people.length);
    expect(new Set(households.flatMap((h) => h.members)).size).toBe(people.length);
    for (const h of households) expect(h.members.filter((m) => m.relation === 'head')).toHaveLength(1);
  });

  it('averages about three people per household (3.03 published)', () => {
    const avg = people.length / households.length;
    expect(avg).toBeGreaterThan(2.8);
    expect(avg).toBeLessThan(3.3);
  });

  it('keeps generations in order: parents older than the head, children and grandchildren younger', () => {
    for (const h of households) {
      const head = headOf(h);
      for (const m of h.members) {
        if (m.relation === 'parent') expect(m.age - head.age).toBeGreaterThanOrEqual(15);
        if (m.relation === 'child') expect(head.age - m.age).toBeGreaterThanOrEqual(15);
        if (m.relation === 'grandchild') expect(head.age - m.age).toBeGreaterThanOrEqual(30);
        if (m.relation === 'spouse') expect(m.sex).not.toBe(head.sex);
      }
    }
  });

  it('has elders alone, elderly couples and three-generation families', () => {
    const kinds = { alone: 0, elderCouple: 0, threeGen: 0 };
    for (const h of households) {
      if (h.members.length === 1 && h.members[0]!.age >= 60) kinds.alone++;
      if (h.members.length === 2 && h.members.every((m) => m.age >= 60)) kinds.elderCouple++;
      if (
        h.members.some((m) => m.relation === 'grandchild') ||
        (h.members.some((m) => m.relation === 'parent') && h.members.some((m) => m.relation === 'child'))
      )
        kinds.threeGen++;
    }
    expect(kinds.alone).toBeGreaterThan(households.length * 0.03);
    expect(kinds.elderCouple).toBeGreaterThan(households.length * 0.05);
    expect(kinds.threeGen).toBeGreaterThan(households.length * 0.05);
  });

  it('deals households out over all communities and villages of the street', () => {
    const parts = splitHouseholds(r.fork('s'), 8, households);
    expect(parts).toHaveLength(STREETS[8]!.communities.length + STREETS[8]!.villages.length);
    expect(parts.flat()).toHaveLength(households.length);
    for (const p of parts) expect(p.length).toBeGreaterThan(0);
  });
});

describe('residents and facts', () => {
  const r = createRng(21);
  const si = 13; // 丁兰: former Jianggan, with villages
  const people = drawStreet(r.fork('p'), si, 15_000, TODAY);
  const planned = formHouseholds(r.fork('h'), people);
  const place = placeCommunity(r.fork('c'), si, '330102014001', '同协苑社区', false);
  const ids = new IdNumberAllocator();
  const made = finishHouseholds(r.fork('f'), ids, planned, {
    areaCode: place.code,
    formerJianggan: true,
    book: new AddressBook(place),
    today: TODAY,
  });
  const certificates = { next: 1 };
  const factRng = r.fork('x');
  const incomeHealthRng = r.fork('y');
  const facts = made.flatMap((h) =>
    householdFacts(factRng, h, {
      today: TODAY,
      streetName: '丁兰街道',
      communityName: '同协苑社区',
      certificates,
      incomeHealthRng,
    }),
  );
  const all = made.flatMap((h) => h.members);

  it('gives every resident a valid, unique ID number, a name and an address unique to the household', () => {
    expect(new Set(all.map((p) => p.idNumber)).size).toBe(all.length);
    for (const p of all) {
      const parsed = parseIdNumber(p.idNumber, TODAY);
      expect(parsed.ok && parsed.birthDate === p.birthDate && parsed.sex === p.sex).toBe(true);
      expect(personName.safeParse(p.name).success).toBe(true);
    }
    expect(new Set(made.map((h) => h.address)).size).toBe(made.length);
  });

  it('keeps ID area codes mostly local (330104 before the merger here) and others a minority', () => {
    const local =
      all.filter((p) => p.idNumber.startsWith('330104') || p.idNumber.startsWith('330102')).length /
      all.length;
    expect(local).toBeGreaterThan(0.5);
    expect(local).toBeLessThan(0.9);
    const migrants = all.filter((p) => !p.hukouLocal).length / all.length;
    expect(migrants).toBeGreaterThan(0.02);
    expect(migrants).toBeLessThan(0.15);
  });

  it('records facts the registry accepts, without overlaps, disability cards matching the ID number', () => {
    const byKey = new Map<string, { id: string; validFrom: string; validTo: string | null }[]>();
    const index = new Map(all.map((p, i) => [p, i]));
    for (const f of facts) {
      const key = `${index.get(f.person)}:${f.kind}`;
      const spans = byKey.get(key) ?? [];
      const { issues } = checkFact(
        { kind: f.kind, value: f.value, validFrom: f.validFrom, validTo: f.validTo },
        f.person,
        spans,
      );
      expect(issues, `${f.kind} ${JSON.stringify(f.value)}`).toEqual([]);
      spans.push({ id: String(spans.length), validFrom: f.validFrom, validTo: f.validTo });
      byKey.set(key, spans);
      if (f.kind === 'disability') {
        const v = f.value as {
          category: (typeof DISABILITY_CATEGORIES)[number];
          grade: number;
          cardNumber: string;
        };
        expect(v.cardNumber).toBe(
          `${f.person.idNumber}${DISABILITY_CATEGORIES.indexOf(v.category) + 1}${v.grade}`,
        );
      }
      expect(f.validFrom <= TODAY).toBe(true);
      if (f.person.deceasedOn && f.kind !== 'death')
        expect(f.validTo !== null && f.validTo <= f.person.deceasedOn).toBe(true);
    }
  });

  it('holds the published proportions: ability grades for most elders, disability ≈2.5%, low income under 1%', () => {
    const living = all.filter((p) => !p.deceasedOn);
    const elders = living.filter((p) => p.age >= 60);
    const open = (kind: string) =>
      facts.filter(
        (f) =>
          f.kind === kind &&
          (f.validTo === null || f.validTo >= TODAY) &&
          f.validFrom <= TODAY &&
          !f.person.deceasedOn,
      );
    expect(new Set(open('ability_grade').map((f) => f.person)).size / elders.length).toBeGreaterThan(0.7);
    // Everyone 60+ except those whose 60th birthday is too recent for the community's survey.
    expect(new Set(open('living_arrangement').map((f) => f.person)).size / elders.length).toBeGreaterThan(
      0.99,
    );
    const disabled = new Set(open('disability').map((f) => f.person)).size / living.length;
    expect(disabled).toBeGreaterThan(0.018);
    expect(disabled).toBeLessThan(0.032);
    const poor = new Set(open('low_income').map((f) => f.person)).size / living.length;
    expect(poor).toBeGreaterThan(0.002);
    expect(poor).toBeLessThan(0.012);
    const grades = open('ability_grade').map((f) => (f.value as { grade: string }).grade);
    expect(grades.filter((g) => g === 'intact').length / grades.length).toBeGreaterThan(0.6);
    expect(facts.some((f) => f.kind === 'ability_grade' && f.validTo !== null)).toBe(true);
    expect(facts.some((f) => f.kind === 'death')).toBe(true);
  });

  it('records incomes for the working-age members of about six households in ten, most of 3,000–15,000 yuan', () => {
    const workingAge = (p: (typeof all)[number]) => !p.deceasedOn && p.age >= 18 && p.age <= 59;
    const assisted = new Set(
      facts.filter((f) => f.kind === 'low_income' && f.validTo! >= TODAY).map((f) => f.person),
    );
    const open = facts.filter((f) => f.kind === 'income' && f.validTo === null);
    const withIncome = new Set(open.map((f) => f.person));
    for (const f of facts.filter((f) => f.kind === 'income')) expect(workingAge(f.person)).toBe(true);
    const eligible = made.filter(
      (h) => h.members.some(workingAge) && !h.members.some((m) => assisted.has(m)),
    );
    const share = eligible.filter((h) => h.members.some((m) => withIncome.has(m))).length / eligible.length;
    expect(share).toBeGreaterThan(0.55);
    expect(share).toBeLessThan(0.65);
    // Within a household with incomes, every working-age member has one (0 when out of work).
    for (const h of made)
      if (h.members.some((m) => withIncome.has(m)))
        for (const m of h.members.filter(workingAge)) expect(withIncome.has(m)).toBe(true);
    const paid = open.map((f) => f.value.monthlyFen as number).filter((fen) => fen > 0);
    const typical = paid.filter((fen) => fen >= 300_000 && fen <= 1_500_000).length / paid.length;
    expect(typical).toBeGreaterThan(0.85);
    expect(paid.length / open.length).toBeGreaterThan(0.8);
  });

  it('keeps the pensions and incomes of an assisted household under its assistance line per head', () => {
    const line = { dibao: 110_200, dibian: 165_300, tekun: 110_200 } as Record<string, number>;
    let checkedHouseholds = 0;
    for (const h of made) {
      const living = h.members.filter((m) => !m.deceasedOn);
      const current = (kind: string) =>
        facts.filter((f) => f.kind === kind && living.includes(f.person) && (f.validTo ?? '9999') >= TODAY);
      const status = current('low_income')[0]?.value.status as string | undefined;
      if (!status) continue;
      const incomes = current('income');
      const adults = living.filter((m) => m.age >= 18 && m.age <= 59);
      expect(new Set(incomes.map((f) => f.person)).size).toBe(adults.length);
      for (const f of incomes) expect(f.value.monthlyFen as number).toBeLessThanOrEqual(100_000);
      const total = [...incomes, ...current('pension')].reduce(
        (s, f) => s + (f.value.monthlyFen as number),
        0,
      );
      const pensions = current('pension').reduce((s, f) => s + (f.value.monthlyFen as number), 0);
      // Incomes never push the household over the line (pensions alone may, after a death).
      if (pensions <= line[status]! * living.length)
        expect(total / living.length).toBeLessThanOrEqual(line[status]!);
      checkedHouseholds++;
    }
    expect(checkedHouseholds).toBeGreaterThan(10);
  });

  it('lets about one earner in a hundred lose 50–90% of the income within the last 90 days, the old span closed the day before', () => {
    const byPerson = new Map<(typeof all)[number], typeof facts>();
    for (const f of facts.filter((f) => f.kind === 'income'))
      byPerson.set(f.person, [...(byPerson.get(f.person) ?? []), f]);
    const earners = [...byPerson.values()].filter((fs) => fs.some((f) => (f.value.monthlyFen as number) > 0));
    const drops = [...byPerson.values()].filter((fs) => fs.length === 2);
    expect(drops.length).toBeGreaterThan(0);
    expect(drops.length / earners.length).toBeLessThan(0.03);
    const adults = all.filter((p) => !p.deceasedOn && p.age >= 18).length;
    expect(drops.length / adults).toBeLessThan(0.01);
    for (const [before, after] of drops) {
      expect(after!.validFrom > plusDays(TODAY, -90)).toBe(true);
      expect(before!.validTo).toBe(plusDays(after!.validFrom, -1));
      expect(after!.validTo).toBeNull();
      const fall = 1 - (after!.value.monthlyFen as number) / (before!.value.monthlyFen as number);
      expect(fall).toBeGreaterThanOrEqual(0.49);
      expect(fall).toBeLessThanOrEqual(0.91);
    }
  });

  it('puts about 1.5% of elders in hospital in the last 60 days and about 1% paying medical costs in the last 90', () => {
    const elders = all.filter((p) => !p.deceasedOn && p.age >= 60);
    const stays = facts.filter((f) => f.kind === 'hospital_stay');
    const inHospital = new Set(stays.map((f) => f.person)).size / elders.length;
    expect(inHospital).toBeGreaterThan(0.008);
    expect(inHospital).toBeLessThan(0.025);
    for (const f of stays) {
      expect(f.person.age).toBeGreaterThanOrEqual(60);
      expect(f.validFrom >= plusDays(TODAY, -60)).toBe(true);
      if (f.validTo !== null) {
        const days = dayOf(f.validTo) - dayOf(f.validFrom);
        expect(days).toBeGreaterThanOrEqual(3);
        expect(days).toBeLessThanOrEqual(20);
        expect(f.validTo <= TODAY).toBe(true);
      }
    }
    expect(stays.some((f) => f.validTo === null)).toBe(true);
    expect(stays.some((f) => f.validTo !== null)).toBe(true);
    const costs = facts.filter((f) => f.kind === 'medical_expense');
    const paying = new Set(costs.map((f) => f.person)).size / elders.length;
    expect(paying).toBeGreaterThan(0.005);
    expect(paying).toBeLessThan(0.018);
    const amounts = costs.map((f) => f.value.amountFen as number).sort((a, b) => a - b);
    for (const f of costs) {
      expect(f.validTo).toBe(f.validFrom);
      expect(f.validFrom >= plusDays(TODAY, -90) && f.validFrom <= TODAY).toBe(true);
    }
    expect(amounts[0]!).toBeGreaterThanOrEqual(20_000);
    expect(amounts.at(-1)!).toBeLessThanOrEqual(4_000_000);
    // A long tail: most are small.
    expect(amounts[Math.floor(amounts.length / 2)]!).toBeLessThan(200_000);
  });

  it('matches the living arrangement to the household', () => {
    const currentOf = new Map(
      facts.filter((f) => f.kind === 'living_arrangement' && f.validTo === null).map((f) => [f.person, f]),
    );
    for (const h of made) {
      for (const p of h.members) {
        const current = currentOf.get(p);
        if (!current) continue;
        const others = h.members.filter((o) => o !== p && !o.deceasedOn);
        const arrangement = (current.value as { arrangement: string }).arrangement;
        if (arrangement === 'alone' || arrangement === 'widowed_childless') expect(others).toHaveLength(0);
        else expect(others.length).toBeGreaterThan(0);
        // Recorded on the survey day: someone in the family was then under 60.
        if (arrangement === 'with_family')
          expect(others.some((o) => ageOn(o.birthDate, current.validFrom) < 60)).toBe(true);
      }
    }
  });
});

describe('facilities and logins', () => {
  it('builds organisations with unique valid credit codes and service points inside the district', () => {
    const r = createRng(8);
    const communities = STREETS.flatMap((s, si) =>
      s.communities.map((c, ci) =>
        placeCommunity(
          r,
          si,
          `330102${String(si + 1).padStart(3, '0')}${String(ci + 1).padStart(3, '0')}`,
          `${c}社区`,
          false,
        ),
      ),
    );
    let n = 0;
    const { orgs, points } = buildFacilities({
      rng: r,
      newId: () => String(n++),
      credit: new CreditCodeAllocator(),
      communities,
    });
    expect(new Set(orgs.map((o) => o.creditCode)).size).toBe(orgs.length);
    for (const o of orgs) {
      expect(parseCreditCode(o.creditCode).ok).toBe(true);
      expect(checkPhone(o.contactPhone).ok).toBe(true);
    }
    for (const p of points)
      expect([...checkCoordinates(p.lat, p.lng), ...checkOpeningHours(p.openingHours)]).toEqual([]);
    const count = (type: string) => points.filter((p) => p.type === type).length;
    expect(count('volunteer_home')).toBe(communities.length);
    expect(count('social_work_station')).toBe(14);
    expect(count('canteen')).toBeGreaterThan(communities.length * 0.4);
  });

  it('offers every role, each in an area that exists', () => {
    expect(new Set(DEMO_LOGINS.map((l) => l.role))).toEqual(
      new Set(['district_admin', 'street_staff', 'community_worker', 'service_provider', 'volunteer']),
    );
    expect(new Set(DEMO_LOGINS.map((l) => l.username)).size).toBe(DEMO_LOGINS.length);
    for (const l of DEMO_LOGINS) {
      expect(l.areaCode).toMatch(/^330102\d{6}$/);
      expect(l.password.length).toBeGreaterThanOrEqual(10);
    }
    expect(DEMO_LOGINS.find((l) => l.username === 'yongjinmen')?.areaCode).toBe('330102001001');
  });
});
