import { type ParamDef, paramValueOn, type RuleKind } from './check.ts';
import { ageOnKey, dateKey, daysSinceBirthday, FACTS, type PersonFacts } from './facts.ts';

/**
 * Random residents for the tests that hold the three evaluators equal (kernel, explainer, SQL).
 * Seeded, so a failure names a person that the next run draws again. Draws crowd the places
 * where rules turn: ages on, just before and just after the threshold birthdays of the dates
 * under test, money a fen either side of every parameter (and of 1.5 and 2 times it), and
 * unrecorded values for the facts the registry may lack.
 */

export type Rng = () => number;

/** mulberry32: small, fast and good enough to spread test data. */
export function seededRandom(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const THRESHOLD_AGES = [0, 17, 18, 59, 60, 69, 70, 79, 80, 84, 85, 89, 90, 99, 100];

/** A resident: a birth date and the facts that do not depend on the date. */
export interface RandomResident {
  id: string;
  born: string;
  facts: Omit<PersonFacts, 'age' | 'birth_date' | 'days_since_birthday'>;
}

function iso(y: number, m: number, d: number): string {
  return new Date(Date.UTC(y, m - 1, d)).toISOString().slice(0, 10);
}

/** Money values a fen either side of every parameter value in force on any of the dates. */
function moneyEdges(params: readonly ParamDef[], dates: readonly string[]): number[] {
  const out = new Set<number>();
  for (const p of params) {
    if (p.unit !== 'yuan' && p.unit !== 'yuan_month' && p.unit !== 'yuan_year') continue;
    for (const on of dates) {
      const v = paramValueOn(p, on);
      if (v === undefined) continue;
      for (const x of [v, (v * 3) / 2, v * 2]) for (const d of [-1, 0, 1]) out.add(Math.round(x) + d);
    }
  }
  return [...out].filter((x) => x >= 0).sort((a, b) => a - b);
}

export function randomResidents(
  count: number,
  seed: number,
  dates: readonly string[],
  params: readonly ParamDef[],
): RandomResident[] {
  const rnd = seededRandom(seed);
  const int = (lo: number, hi: number): number => lo + Math.floor(rnd() * (hi - lo + 1));
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)] as T;
  const maybe = <T>(v: T, pNull = 0.1): T | null => (rnd() < pNull ? null : v);
  const edges = moneyEdges(params, dates);
  const money = (max: number): number => (rnd() < 0.6 ? pick(edges) : rnd() < 0.1 ? 0 : int(0, max));
  const codes = (code: string): string[] =>
    FACTS.find((f) => f.code === code)?.values?.map((v) => v.code) ?? [];
  // Nobody is born after the earliest date, so every resident has an age on every date.
  const earliest = [...dates].sort()[0] as string;

  const out: RandomResident[] = [];
  for (let n = 0; n < count; n++) {
    // A birthday near one of the dates (the day after, the day, the day before, or within weeks),
    // at an age near a threshold most of the time; sometimes a 29 February birth.
    const anchor = pick(dates);
    const age = rnd() < 0.6 ? pick(THRESHOLD_AGES) + int(-1, 1) : int(0, 105);
    const ay = Number(anchor.slice(0, 4));
    let born: string;
    if (rnd() < 0.05) {
      let by = ay - Math.max(age, 1);
      while (!(by % 4 === 0 && (by % 100 !== 0 || by % 400 === 0))) by--;
      born = iso(by, 2, 29);
    } else {
      const shift = rnd() < 0.7 ? int(-1, 1) : int(-40, 40);
      born = iso(ay - Math.max(age, 0), Number(anchor.slice(5, 7)), Number(anchor.slice(8, 10)) + shift);
    }
    if (born > earliest) born = earliest;
    const grade = rnd() < 0.5 ? 0 : int(1, 4);
    out.push({
      id: `r${String(n).padStart(5, '0')}`,
      born,
      facts: {
        id: `r${String(n).padStart(5, '0')}`,
        areaCode: '330102001001',
        sex: pick(['M', 'F']),
        hukou_local: rnd() < 0.7,
        former_jianggan: rnd() < 0.4,
        pension: maybe(money(800_000)),
        ability: maybe(pick(codes('ability'))),
        living: maybe(pick(codes('living'))),
        disability_grade: grade,
        disability_category: grade === 0 ? 'none' : pick(codes('disability_category')),
        newly_disabled: grade > 0 && rnd() < 0.3,
        low_income: rnd() < 0.5 ? 'none' : pick(codes('low_income')),
        veteran: rnd() < 0.6 ? 'none' : pick(codes('veteran')),
        special_family: rnd() < 0.7 ? 'none' : pick(codes('special_family')),
        household_size: int(1, 6),
        household_income: maybe(money(600_000)),
        household_severe_disabled: rnd() < 0.15,
        hospital_days: rnd() < 0.5 ? pick([6, 7, 8]) : int(0, 30),
        medical_spend: rnd() < 0.3 ? 0 : money(6_000_000),
        income_drop: maybe(rnd() < 0.5 ? pick([49, 50, 51]) : int(0, 100)),
        recently_widowed: rnd() < 0.2,
      },
    });
  }
  return out;
}

/** The resident's facts as of a date: age in 周岁 and days since the last birthday. */
export function residentOn(r: RandomResident, on: string): PersonFacts {
  return {
    ...r.facts,
    age: ageOnKey(dateKey(r.born), dateKey(on)),
    birth_date: dateKey(r.born),
    days_since_birthday: daysSinceBirthday(r.born, on),
  } as PersonFacts;
}

/**
 * Rules beyond the seeds, for what the seeds do not use: min over an unknown, division by zero,
 * 非 over unknowns, a yes/no fact in a list, dates, and an otherwise that pays.
 */
export const PROBE_RULES: { code: string; kind: RuleKind; rule: string }[] = [
  {
    code: 'min_of_unknown',
    kind: 'benefit',
    rule: '如果 本区户籍 则 发放 较小值(月退休金, 1000元) 每月 依据 "t"',
  },
  {
    code: 'max_times_size',
    kind: 'benefit',
    rule: '如果 年龄 满 60 则 发放 较大值(低保标准 - 家庭人均月收入, 0元) * 家庭人数 每月 依据 "t"',
  },
  { code: 'division_by_zero', kind: 'benefit', rule: '如果 月退休金 / 收入降幅 > 1000元 则 符合 依据 "t"' },
  {
    code: 'division_in_amount',
    kind: 'benefit',
    rule: '如果 本区户籍 则 发放 月退休金 / 家庭人数 每月 依据 "t"',
  },
  {
    code: 'not_or_unknown',
    kind: 'benefit',
    rule: `如果 非 (能力等级 属于 [中度失能, 重度失能] 或 居住状况 不属于 [独居]) 且 月退休金 < 3000元 则 符合 依据 "t"
否则如果 非 本区户籍 或 收入降幅 ≥ 30% 则 发放 1元 每月 依据 "u"`,
  },
  {
    code: 'bool_list_dates',
    kind: 'benefit',
    rule: `如果 本区户籍 属于 [否] 且 出生日期 < 1960年3月1日 则 符合 依据 "t"
否则如果 性别 为 女 且 距上次生日天数 ≤ 3天 则 一次 发放 月退休金 * 10% 依据 "u"`,
  },
  {
    code: 'otherwise_pays',
    kind: 'benefit',
    rule: '如果 年龄 < 18 则 符合 依据 "t"\n否则 发放 家庭人均月收入 * 10% 每月',
  },
];
