import {
  type ABILITY_GRADES,
  DISABILITY_CATEGORIES,
  type FactKind,
  type LIVING_ARRANGEMENTS,
  type LOW_INCOME_STATUSES,
  type VETERAN_TYPES,
} from '../../../contracts/domain.ts';
import { dayBetween, maxIso, minIso, plusDays, plusYears } from './demo.dates.ts';
import { type Rng, weighted } from './demo.random.ts';
import type { DemoHousehold, DemoPerson } from './demo.residents.ts';

export interface DemoFact {
  person: DemoPerson;
  kind: FactKind;
  value: Record<string, unknown>;
  validFrom: string;
  /** last day the fact holds (inclusive), null while open */
  validTo: string | null;
  source: string;
}

type Grade = (typeof ABILITY_GRADES)[number];
type Arrangement = (typeof LIVING_ARRANGEMENTS)[number];
type LowIncome = (typeof LOW_INCOME_STATUSES)[number];
type Category = (typeof DISABILITY_CATEGORIES)[number];
type Veteran = (typeof VETERAN_TYPES)[number];

const GRADES: Grade[] = ['intact', 'mild', 'moderate', 'severe', 'total'];

/** Assessed grade by age: mostly intact, the share of disability rising steeply after 80. */
const gradeByAge = [
  weighted<Grade>([
    ['intact', 90],
    ['mild', 6],
    ['moderate', 2.5],
    ['severe', 1],
    ['total', 0.5],
  ]),
  weighted<Grade>([
    ['intact', 78],
    ['mild', 12],
    ['moderate', 6],
    ['severe', 2.5],
    ['total', 1.5],
  ]),
  weighted<Grade>([
    ['intact', 55],
    ['mild', 22],
    ['moderate', 13],
    ['severe', 6],
    ['total', 4],
  ]),
  weighted<Grade>([
    ['intact', 28],
    ['mild', 27],
    ['moderate', 22],
    ['severe', 13],
    ['total', 10],
  ]),
];
const decade = (age: number) => (age < 70 ? 0 : age < 80 ? 1 : age < 90 ? 2 : 3);

/**
 * 持证残疾人 22,044 of 867,376 registered (2.54%, 003:27314); the category mix follows the
 * same entry (肢体 9,498, 听力 4,312, 精神 2,691, 视力 2,501, 智力 2,270, 多重 596, 言语 176),
 * spread by age: intellectual and multiple disabilities among the young, hearing and sight
 * among the old.
 */
const disabilityRateByBand = [0.007, 0.011, 0.0225, 0.045, 0.08, 0.1, 0.1];
const categoryByAge = {
  minor: weighted<Category>([
    ['intellectual', 35],
    ['multiple', 12],
    ['speech', 8],
    ['hearing', 12],
    ['visual', 8],
    ['physical', 15],
    ['mental', 10],
  ]),
  adult: weighted<Category>([
    ['physical', 45],
    ['mental', 18],
    ['intellectual', 12],
    ['visual', 9],
    ['hearing', 8],
    ['speech', 2],
    ['multiple', 6],
  ]),
  elder: weighted<Category>([
    ['physical', 46],
    ['hearing', 26],
    ['visual', 14],
    ['mental', 6],
    ['intellectual', 3],
    ['speech', 1],
    ['multiple', 4],
  ]),
};
const disabilityGrade = weighted<number>([
  [1, 12],
  [2, 25],
  [3, 30],
  [4, 33],
]);

/** 低保 1,102 yuan per person per month (2021, 003:47012); 低边 up to 1.5 times that. */
const DIBAO_FEN = 110_200;
const DIBIAN_FEN = Math.round(DIBAO_FEN * 1.5);

const SOURCES = {
  ability: (year: string) => `区民政局 ${year}年度老年人能力评估`,
  living: (community: string) => `${community}居委会 老年人基础信息采集`,
  livingUpdate: (community: string) => `${community}居委会 走访更新`,
  pension: '市社保中心 养老金发放数据共享',
  disability: '区残联 残疾人证核发',
  lowIncome: (street: string, status: LowIncome) =>
    `${street}办事处 ${status === 'dibao' ? '最低生活保障' : status === 'dibian' ? '低保边缘' : '特困人员'}认定`,
  veteran: '区退役军人事务局 优抚对象信息',
  special: '区卫健局 计划生育特殊家庭信息',
  death: '区民政局 殡葬服务信息',
  income: (community: string) => `${community}居委会 家庭收入登记`,
  incomeUpdate: (community: string) => `${community}居委会 走访更新`,
  incomeCheck: (street: string) => `${street}办事处 家庭经济状况核对`,
  hospital: '市医保中心 住院结算信息共享',
  hospitalNow: (community: string) => `${community}居委会 走访了解`,
  medical: '市医保中心 个人自付费用结算信息',
} as const;

/** Hospitals in and next to the district where its residents are admitted, roughly by share. */
const HOSPITALS = weighted<string>([
  ['浙江大学医学院附属第一医院', 16],
  ['浙江大学医学院附属第二医院', 16],
  ['浙江大学医学院附属邵逸夫医院', 12],
  ['浙江省中医院', 8],
  ['杭州市第一人民医院', 12],
  ['杭州市第三人民医院', 6],
  ['杭州市红十字会医院', 8],
  ['杭州市中医院', 6],
  ['上城区人民医院', 10],
  ['浙江医院', 6],
]);

const CERT_LABEL: Record<LowIncome, string> = { dibao: '低保', dibian: '低边', tekun: '特困' };

export interface FactContext {
  today: string;
  streetName: string;
  communityName: string;
  /** running number for assistance certificates, shared by the district */
  certificates: { next: number };
  /**
   * The stream for income, hospital stays and medical costs. It is kept apart from the main
   * one, so that these kinds (added later) left every other fact of a seed as it was.
   */
  incomeHealthRng: Rng;
}

const ageOnDay = (birth: string, day: string) => {
  const a = Number(day.slice(0, 4)) - Number(birth.slice(0, 4));
  return day.slice(5) >= birth.slice(5) ? a : a - 1;
};
const alive = (p: DemoPerson, day: string) => p.deceasedOn === null || p.deceasedOn >= day;
const bandIdx = (age: number) =>
  age < 18 ? 0 : age < 35 ? 1 : age < 60 ? 2 : age < 80 ? 3 : age < 90 ? 4 : age < 100 ? 5 : 6;

/** Facts of one household, in realistic proportions and consistent with its members. */
export function householdFacts(rng: Rng, h: DemoHousehold, ctx: FactContext): DemoFact[] {
  const { today } = ctx;
  const year = Number(today.slice(0, 4));
  const facts: DemoFact[] = [];
  const add = (
    person: DemoPerson,
    kind: FactKind,
    value: Record<string, unknown>,
    validFrom: string,
    validTo: string | null,
    source: string,
  ) => facts.push({ person, kind, value, validFrom, validTo, source });

  // Disability (个人): card number = ID number + category digit + grade digit.
  const disabled = new Map<DemoPerson, { grade: number; category: Category; from: string }>();
  for (const p of h.members) {
    if (!rng.chance(disabilityRateByBand[bandIdx(p.age)]!)) continue;
    const category = (
      p.age < 18 ? categoryByAge.minor : p.age < 60 ? categoryByAge.adult : categoryByAge.elder
    )(rng);
    const grade = disabilityGrade(rng);
    const onset = plusYears(p.birthDate, p.age < 2 ? 1 : rng.int(1, Math.max(1, p.age)));
    const from = dayBetween(
      rng,
      maxIso(maxIso(onset, '2008-07-01'), plusDays(p.birthDate, 180)),
      plusDays(today, -30),
    );
    const card = (g: number) => `${p.idNumber}${DISABILITY_CATEGORIES.indexOf(category) + 1}${g}`;
    // Some cards were re-graded after a new assessment; the earlier card is kept as history.
    if (grade < 4 && rng.chance(0.12)) {
      const earlier = dayBetween(
        rng,
        maxIso(plusYears(from, -6), maxIso(plusDays(p.birthDate, 180), '2008-07-01')),
        plusDays(from, -180),
      );
      if (earlier < plusDays(from, -1))
        add(
          p,
          'disability',
          { category, grade: grade + 1, cardNumber: card(grade + 1) },
          earlier,
          plusDays(from, -1),
          SOURCES.disability,
        );
    }
    add(p, 'disability', { category, grade, cardNumber: card(grade) }, from, null, SOURCES.disability);
    disabled.set(p, { grade, category, from });
  }

  // Assistance: 低保 and 低边 are granted to a registered household; 特困 to a person.
  const status: LowIncome | undefined = !h.hukouLocal
    ? undefined
    : rng.chance(0.0045)
      ? 'dibao'
      : rng.chance(0.0025)
        ? 'dibian'
        : undefined;
  const living = h.members.filter((m) => m.deceasedOn === null);
  const lowIncome = new Map<DemoPerson, LowIncome>();
  /** the day of the current certificate's review, when the household's means were checked */
  const reviewedOn = new Map<DemoPerson, string>();
  const certify = (people: DemoPerson[], s: LowIncome, ended: boolean) => {
    const review = ended
      ? dayBetween(rng, plusDays(today, -1100), plusDays(today, -740))
      : dayBetween(rng, plusDays(today, -330), plusDays(today, -1));
    const certNo = (day: string) =>
      `上城${CERT_LABEL[s]}〔${day.slice(0, 4)}〕${String(ctx.certificates.next++).padStart(5, '0')}号`;
    const current = certNo(review);
    const earlier = !ended && rng.chance(0.6) ? certNo(plusYears(review, -1)) : undefined;
    for (const p of people) {
      if (earlier && plusYears(review, -1) >= p.birthDate)
        add(
          p,
          'low_income',
          { status: s, certificateNo: earlier },
          plusYears(review, -1),
          plusDays(review, -1),
          SOURCES.lowIncome(ctx.streetName, s),
        );
      // A certificate runs for a year from its review and is renewed at the next one.
      const until = plusDays(plusYears(review, 1), -1);
      if (p.birthDate > until) continue;
      add(
        p,
        'low_income',
        { status: s, certificateNo: current },
        maxIso(review, p.birthDate),
        until,
        SOURCES.lowIncome(ctx.streetName, s),
      );
      if (!ended) {
        lowIncome.set(p, s);
        reviewedOn.set(p, maxIso(review, p.birthDate));
      }
    }
  };
  if (status) certify(h.members, status, false);
  else if (h.hukouLocal && rng.chance(0.0015)) certify(h.members, rng.chance(0.7) ? 'dibao' : 'dibian', true);
  else if (h.hukouLocal && living.length === 1) {
    const p = living[0]!;
    const d = disabled.get(p);
    if (
      (h.childless && p.age >= 60 && rng.chance(0.3)) ||
      (d && d.grade <= 2 && p.age >= 18 && rng.chance(0.4))
    )
      certify([p], 'tekun', false);
  }

  // Pensions for retirees, adjusted every January: last year's amount is kept as history.
  let budget =
    status === 'dibao'
      ? DIBAO_FEN * h.members.length
      : status === 'dibian'
        ? DIBIAN_FEN * h.members.length
        : Number.POSITIVE_INFINITY;
  const jan1 = `${year}-01-01`;
  for (const p of h.members) {
    const retireAge = p.sex === 'M' ? 60 : p.age >= 55 && rng.chance(0.4) ? 55 : 50;
    if (p.age < retireAge || lowIncome.get(p) === 'tekun') continue;
    if (p.sex === 'F' && p.age < 55 && !rng.chance(0.55)) continue;
    if (!p.hukouLocal ? !rng.chance(0.3) : rng.chance(0.06)) continue;
    const retired = plusYears(p.birthDate, retireAge);
    // Paid from the month after the birthday on which the retirement age is reached.
    const start = retired.endsWith('-01') ? retired : firstOfNextMonth(retired);
    if (start > today) continue;
    let yuan: number;
    const r = rng.next();
    if (r < 0.18) yuan = rng.between(1600, 3000);
    else if (r < 0.8) yuan = 3000 + 3000 * Math.sqrt(rng.next()) * (rng.chance(0.6) ? 0.6 : 1);
    else yuan = rng.between(6000, 9500);
    if (p.sex === 'F') yuan *= 0.93;
    let fen = Math.round(yuan * 100);
    if (Number.isFinite(budget)) {
      fen = Math.min(Math.round(rng.between(1200, 2000) * 100), budget);
      if (fen < 80_000) continue;
      budget -= fen;
    }
    if (start < jan1) {
      const before = Math.round(fen / (1 + rng.between(0.025, 0.038)));
      add(
        p,
        'pension',
        { monthlyFen: before },
        maxIso(start, `${year - 1}-01-01`),
        `${year - 1}-12-31`,
        SOURCES.pension,
      );
      add(p, 'pension', { monthlyFen: fen }, jan1, null, SOURCES.pension);
    } else add(p, 'pension', { monthlyFen: fen }, start, null, SOURCES.pension);
  }

  incomeAndHealth(ctx.incomeHealthRng, h, ctx, {
    reviewedOn,
    lineFen: status === 'dibian' ? DIBIAN_FEN : lowIncome.size ? DIBAO_FEN : undefined,
    facts,
    add,
  });

  // Ability assessment (GB/T 42195-2022) for most people aged 60 and over.
  for (const p of h.members) {
    if (p.age < 60) continue;
    if (!rng.chance(p.age < 70 ? 0.7 : p.age < 80 ? 0.85 : 0.95)) continue;
    const sixty = plusYears(p.birthDate, 60);
    const last = p.deceasedOn ? minIso(plusDays(today, -7), plusDays(p.deceasedOn, -1)) : plusDays(today, -7);
    const from = maxIso(plusDays(today, -700), sixty);
    if (from > last) continue;
    const assessed = dayBetween(rng, from, last);
    let grade = gradeByAge[decade(ageOnDay(p.birthDate, assessed))]!(rng);
    const d = disabled.get(p);
    if (
      d &&
      d.grade <= 2 &&
      ['physical', 'intellectual', 'multiple', 'mental'].includes(d.category) &&
      GRADES.indexOf(grade) < 2
    )
      grade = 'moderate';
    if (rng.chance(p.age >= 80 ? 0.6 : 0.35)) {
      const earlierFrom = maxIso(plusYears(assessed, -3), sixty);
      const earlierTo = plusDays(assessed, -200);
      if (earlierFrom <= earlierTo) {
        const when = dayBetween(rng, earlierFrom, earlierTo);
        const gi = GRADES.indexOf(grade);
        const before = gi > 0 && rng.chance(0.55) ? GRADES[gi - 1]! : grade;
        add(
          p,
          'ability_grade',
          { grade: before },
          when,
          plusDays(assessed, -1),
          SOURCES.ability(when.slice(0, 4)),
        );
      }
    }
    add(p, 'ability_grade', { grade }, assessed, null, SOURCES.ability(assessed.slice(0, 4)));
  }

  // Living arrangement of everyone aged 60 and over, as the household shows it; a spouse's or
  // child's death during the period changes it (空巢 → 独居), and the change is kept as history.
  const isSpouse = (a: DemoPerson, b: DemoPerson) =>
    (a.relation === 'head' && b.relation === 'spouse') ||
    (a.relation === 'spouse' && b.relation === 'head') ||
    (a.relation === 'parent' && b.relation === 'parent');
  const arrangementOn = (p: DemoPerson, day: string): Arrangement => {
    const others = h.members.filter((o) => o !== p && alive(o, day));
    if (!others.length) return h.childless ? 'widowed_childless' : 'alone';
    if (others.every((o) => isSpouse(p, o) || ageOnDay(o.birthDate, day) >= 60)) return 'empty_nest';
    return 'with_family';
  };
  for (const p of h.members) {
    if (p.age < 60) continue;
    const sixty = plusYears(p.birthDate, 60);
    const last = p.deceasedOn ? plusDays(p.deceasedOn, -1) : plusDays(today, -30);
    const from = maxIso(plusDays(today, -1095), sixty);
    if (from > last) continue;
    let since = dayBetween(rng, from, last);
    let current = arrangementOn(p, since);
    let source: string = SOURCES.living(ctx.communityName);
    const deaths = h.members
      .filter(
        (o) =>
          o !== p && o.deceasedOn && o.deceasedOn >= since && (!p.deceasedOn || o.deceasedOn < p.deceasedOn),
      )
      .map((o) => o.deceasedOn!)
      .sort();
    for (const d of deaths) {
      const next = arrangementOn(p, plusDays(d, 1));
      if (next === current) continue;
      add(p, 'living_arrangement', { arrangement: current }, since, d, source);
      since = plusDays(d, 1);
      current = next;
      source = SOURCES.livingUpdate(ctx.communityName);
    }
    add(p, 'living_arrangement', { arrangement: current }, since, null, source);
  }

  // Veterans and entitled groups (优抚对象): a small share, mostly men.
  for (const p of h.members) {
    if (p.age < 22) continue;
    let type: Veteran | undefined;
    if (p.sex === 'M' && p.age >= 40 && rng.chance(0.025)) {
      type =
        p.age >= 88
          ? rng.chance(0.35)
            ? 'war_veteran'
            : 'demobilised'
          : p.age >= 64 && p.age <= 75
            ? weighted<Veteran>([
                ['war_veteran', 12],
                ['demobilised', 30],
                ['retired_soldier', 50],
                ['disabled_serviceman', 8],
              ])(rng)
            : weighted<Veteran>([
                ['retired_soldier', 88],
                ['disabled_serviceman', 6],
                ['demobilised', p.age >= 55 ? 6 : 0],
              ])(rng);
    } else if (p.sex === 'F' && p.age >= 22 && rng.chance(0.0015)) type = 'retired_soldier';
    else if (p.age >= 40 && rng.chance(0.0003)) type = 'martyr_family';
    else if (p.age >= 40 && p.age <= 65 && rng.chance(0.0025)) type = 'serviceman_family';
    if (!type) continue;
    const from =
      type === 'martyr_family' || type === 'serviceman_family'
        ? dayBetween(rng, plusYears(p.birthDate, 40), plusDays(today, -30))
        : minIso(
            dayBetween(rng, plusYears(p.birthDate, 20), plusYears(p.birthDate, 27)),
            plusDays(today, -30),
          );
    add(p, 'veteran', { type }, from, null, SOURCES.veteran);
  }

  // 计划生育特殊家庭: parents who lost their only child (失独), and parents of an only child
  // with a grade 1–2 disability.
  const parents = h.members.filter((m) => m.relation === 'head' || m.relation === 'spouse');
  // One special-family status per parent: a household marked childless may still list a child.
  const special = new Set<DemoPerson>();
  if (h.childless && parents.some((m) => m.age >= 55) && rng.chance(0.1)) {
    for (const m of parents) {
      if (m.age < 49) continue;
      const from = dayBetween(
        rng,
        maxIso(plusYears(m.birthDate, 49), plusDays(today, -7300)),
        m.deceasedOn ? plusDays(m.deceasedOn, -1) : plusDays(today, -60),
      );
      add(m, 'special_family', { type: 'shidu' }, from, null, SOURCES.special);
      special.add(m);
    }
  }
  const kids = h.members.filter((m) => m.relation === 'child');
  const onlyKid = kids.length === 1 ? disabled.get(kids[0]!) : undefined;
  if (onlyKid && onlyKid.grade <= 2) {
    for (const m of parents) {
      const from = maxIso(onlyKid.from, plusYears(m.birthDate, 49));
      if (!special.has(m) && from < plusDays(today, -1) && (!m.deceasedOn || from < m.deceasedOn))
        add(m, 'special_family', { type: 'only_child_disabled' }, from, null, SOURCES.special);
    }
  }

  // Deaths: recorded as a fact; every fact of the deceased ends on that day at the latest.
  for (const p of h.members) if (p.deceasedOn) add(p, 'death', {}, p.deceasedOn, null, SOURCES.death);
  return facts.filter((f) => {
    const d = f.person.deceasedOn;
    if (f.validFrom < f.person.birthDate || f.validFrom > today) return false;
    if (!d || f.kind === 'death') return true;
    if (f.validFrom > d) return false;
    if (f.validTo === null || f.validTo > d) f.validTo = d;
    return true;
  });
}

/** A monthly wage in yuan: log-normal around 6,500 (nine in ten of 3,100–13,600), less when young. */
function monthlyWage(r: Rng, age: number, sex: 'M' | 'F'): number {
  let yuan = Math.exp(r.normal(Math.log(6_500), 0.45));
  if (age < 25) yuan *= 0.7;
  if (sex === 'F') yuan *= 0.9;
  return Math.round(Math.min(60_000, Math.max(2_280, yuan)));
}

/**
 * Out-of-pocket medical costs in yuan: a long tail from 200 (Pareto, α 0.9): half are under
 * about 430, one in twenty over 5,000, none over 40,000.
 */
function medicalCost(r: Rng, from = 200): number {
  const yuan = from * (1 - r.next()) ** (-1 / 0.9);
  return Math.min(40_000, yuan);
}

const HOSPITAL_RATE = (age: number) => (age < 70 ? 0.01 : age < 80 ? 0.016 : 0.028);

/**
 * Own incomes of working-age adults, hospital stays and medical costs of elders. Incomes are
 * recorded for every working-age member of six households in ten (a 0 for students and those
 * out of work), so that a household's income per head can be worked out; in an assisted
 * household they are small, keeping its pensions and incomes under the assistance line. One
 * earner in a hundred saw the income fall by 50–90% within the last 90 days. About 1.5% of
 * elders were in hospital in the last 60 days and about 1% paid medical costs in the last 90.
 */
function incomeAndHealth(
  r: Rng,
  h: DemoHousehold,
  ctx: FactContext,
  state: {
    reviewedOn: Map<DemoPerson, string>;
    /** the assistance line per head (fen a month) of an assisted household */
    lineFen: number | undefined;
    facts: DemoFact[];
    add: (
      person: DemoPerson,
      kind: FactKind,
      value: Record<string, unknown>,
      validFrom: string,
      validTo: string | null,
      source: string,
    ) => void;
  },
): void {
  const { today } = ctx;
  const { add } = state;
  const living = h.members.filter((m) => m.deceasedOn === null);
  const adults = living.filter((m) => m.age >= 18 && m.age <= 59);
  if (state.lineFen !== undefined) {
    let room = state.lineFen * living.length;
    for (const f of state.facts)
      if (f.kind === 'pension' && f.validTo === null && f.person.deceasedOn === null)
        room -= f.value.monthlyFen as number;
    for (const p of adults) {
      const from = maxIso(state.reviewedOn.get(p) ?? plusDays(today, -180), plusYears(p.birthDate, 18));
      const yuan = r.chance(0.35) ? 0 : r.int(300, 1_000);
      const fen = Math.max(0, Math.min(yuan * 100, room));
      room -= fen;
      add(p, 'income', { monthlyFen: fen }, from, null, SOURCES.incomeCheck(ctx.streetName));
    }
  } else if (adults.length && r.chance(0.6)) {
    for (const p of adults) {
      const adult = plusYears(p.birthDate, 18);
      const working = r.chance(p.age < 23 ? 0.3 : 0.94);
      const yuan = working ? monthlyWage(r, p.age, p.sex) : 0;
      const earliest = maxIso(adult, plusDays(today, -700));
      if (yuan > 0 && r.chance(0.01) && earliest <= plusDays(today, -120)) {
        // Lost the job or took a cut: the old span ends the day before the lower one starts.
        const since = dayBetween(r, plusDays(today, -89), today);
        const after = Math.round(yuan * (1 - r.between(0.5, 0.9)));
        add(
          p,
          'income',
          { monthlyFen: yuan * 100 },
          dayBetween(r, earliest, plusDays(today, -120)),
          plusDays(since, -1),
          SOURCES.income(ctx.communityName),
        );
        add(p, 'income', { monthlyFen: after * 100 }, since, null, SOURCES.incomeUpdate(ctx.communityName));
      } else {
        const from = dayBetween(r, earliest, plusDays(today, -30));
        add(p, 'income', { monthlyFen: yuan * 100 }, from, null, SOURCES.income(ctx.communityName));
      }
    }
  }

  for (const p of h.members) {
    if (p.age < 60 || p.deceasedOn !== null) continue;
    let discharged: string | undefined;
    if (r.chance(HOSPITAL_RATE(p.age))) {
      const admitted = dayBetween(r, plusDays(today, -59), today);
      const out = plusDays(admitted, r.int(3, 20));
      // A stay not over by today is open: the discharge day is not known yet.
      const open = out > today;
      if (!open) discharged = out;
      add(
        p,
        'hospital_stay',
        { hospital: HOSPITALS(r) },
        admitted,
        open ? null : out,
        open ? SOURCES.hospitalNow(ctx.communityName) : SOURCES.hospital,
      );
    }
    // The co-payment of a stay is settled on the day of discharge.
    if (discharged && r.chance(0.35))
      add(
        p,
        'medical_expense',
        { amountFen: Math.round(medicalCost(r, 1_000) * 100), note: '住院自付' },
        discharged,
        discharged,
        SOURCES.medical,
      );
    if (!r.chance(0.0065)) continue;
    const n = r.int(1, 3);
    for (let i = 0; i < n; i++) {
      const day = dayBetween(r, plusDays(today, -89), today);
      add(
        p,
        'medical_expense',
        { amountFen: Math.round(medicalCost(r) * 100), note: r.chance(0.7) ? '门诊自付' : '购药自付' },
        day,
        day,
        SOURCES.medical,
      );
    }
  }
}

function firstOfNextMonth(iso: string): string {
  const y = Number(iso.slice(0, 4));
  const m = Number(iso.slice(5, 7));
  return m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, '0')}-01`;
}
