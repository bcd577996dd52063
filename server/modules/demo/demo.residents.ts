import type { Relation } from '../../../contracts/domain.ts';
import { DISTRICT_OPENED_ON } from '../areas/index.ts';
import { dayBetween, maxIso, plusDays } from './demo.dates.ts';
import {
  type BirthPlace,
  birthPlaceCode,
  type IdNumberAllocator,
  LOCAL_CODE_JIANGGAN,
  LOCAL_CODE_OLD_SHANGCHENG,
  landline,
  mobilePhone,
} from './demo.identifiers.ts';
import { fullName } from './demo.names.ts';
import type { AddressBook } from './demo.places.ts';
import { AGE_STRUCTURE, bandOfAge, type PlannedHousehold } from './demo.population.ts';
import { type Rng, weighted } from './demo.random.ts';

export interface DemoPerson {
  name: string;
  idNumber: string;
  sex: 'M' | 'F';
  birthDate: string;
  /** 周岁 on the reference date (as if alive) */
  age: number;
  phone: string | null;
  hukouLocal: boolean;
  relation: Relation;
  deceasedOn: string | null;
}

export interface DemoHousehold {
  areaCode: string;
  address: string;
  members: DemoPerson[];
  /** 孤寡: an elderly household without children */
  childless: boolean;
  hukouLocal: boolean;
}

/** The merged district's first day (003:2542); births registered after it get the new code. */
const MERGED_ON = DISTRICT_OPENED_ON;

const birthPlaceByCohort = {
  young: weighted<BirthPlace>([
    ['local', 85],
    ['hangzhou', 8],
    ['zhejiang', 5],
    ['elsewhere', 2],
  ]),
  middle: weighted<BirthPlace>([
    ['local', 58],
    ['hangzhou', 17],
    ['zhejiang', 15],
    ['elsewhere', 10],
  ]),
  old: weighted<BirthPlace>([
    ['local', 70],
    ['hangzhou', 14],
    ['zhejiang', 12],
    ['elsewhere', 4],
  ]),
};

/** Whether a household is registered elsewhere (外地户籍) while living here: a minority. */
function isMigrant(rng: Rng, h: PlannedHousehold): boolean {
  const head = h.members.find((m) => m.relation === 'head') ?? h.members[0]!;
  if (head.age >= 60) return rng.chance(0.01);
  if (head.age >= 20 && head.age <= 55) return rng.chance(0.12);
  return rng.chance(0.04);
}

/**
 * Turns planned households into residents: deaths during the past year, household registration
 * (户籍) and birthplace, ID numbers, names, phones and an address in the community.
 */
export function finishHouseholds(
  rng: Rng,
  ids: IdNumberAllocator,
  planned: PlannedHousehold[],
  ctx: { areaCode: string; formerJianggan: boolean; book: AddressBook; today: string },
): DemoHousehold[] {
  const { today } = ctx;
  const yearAgo = plusDays(today, -365);
  return planned.map((h) => {
    const migrant = isMigrant(rng, h);
    const hometownKind: BirthPlace = rng.chance(0.3) ? 'zhejiang' : 'elsewhere';
    const hometown = birthPlaceCode(rng, hometownKind, '');
    let landlineOfHome: string | undefined;
    const members: DemoPerson[] = h.members.map((p) => {
      const band = AGE_STRUCTURE[bandOfAge(p.age)]!;
      const deceasedOn = rng.chance(band.deathRate)
        ? dayBetween(rng, maxIso(yearAgo, plusDays(p.birthDate, 1)), plusDays(today, -1))
        : null;
      const year = Number(p.birthDate.slice(0, 4));
      let area: string;
      if (migrant) area = rng.chance(0.8) ? hometown : birthPlaceCode(rng, hometownKind, '');
      else {
        const place = (
          year >= 1995
            ? birthPlaceByCohort.young
            : year >= 1960
              ? birthPlaceByCohort.middle
              : birthPlaceByCohort.old
        )(rng);
        // Babies registered in the former Jianggan streets since the merger carry the new code.
        const local =
          ctx.formerJianggan && p.birthDate < MERGED_ON ? LOCAL_CODE_JIANGGAN : LOCAL_CODE_OLD_SHANGCHENG;
        area = birthPlaceCode(rng, place, local);
      }
      const idNumber = ids.allocate(rng, area, p.birthDate, p.sex);
      let phone: string | null = null;
      const r = rng.next();
      if (p.age < 12) phone = null;
      else if (p.age < 18) phone = r < 0.45 ? mobilePhone(rng) : null;
      else if (p.age < 70) phone = r < 0.97 ? mobilePhone(rng) : null;
      else {
        // Many very old people have no phone of their own; a home landline is common.
        const [mobile, fixed] = p.age < 80 ? [0.72, 0.86] : p.age < 90 ? [0.4, 0.65] : [0.15, 0.35];
        if (r < mobile) phone = mobilePhone(rng);
        else if (r < fixed) phone = landlineOfHome ??= landline(rng);
      }
      return {
        name: fullName(rng, p.sex, year, p.surname),
        idNumber,
        sex: p.sex,
        birthDate: p.birthDate,
        age: p.age,
        phone,
        hukouLocal: !migrant,
        relation: p.relation,
        deceasedOn,
      };
    });
    // A very old person without a phone is often reached on a son's or daughter's mobile.
    const young = members.find((m) => m.age >= 25 && m.age < 60 && m.phone && !m.deceasedOn);
    for (const m of members) if (m.age >= 80 && !m.phone && young && rng.chance(0.4)) m.phone = young.phone;
    return {
      areaCode: ctx.areaCode,
      address: ctx.book.next(rng),
      members,
      childless: h.childless,
      hukouLocal: !migrant,
    };
  });
}
