import { describe, expect, it } from 'vitest';
import { checkRule, paramValueOn, type TypedRule } from './check.ts';
import { explainRule, type TraceNode } from './explain.ts';
import {
  ageOnKey,
  DECISION_OTHERWISE,
  DECISION_UNKNOWN,
  dateKey,
  daysSinceBirthday,
  type PersonFacts,
  tableOf,
} from './index.ts';
import { compileKernel, runKernel } from './kernel.ts';
import { SEED_PARAMS, SEED_PROGRAMMES } from './programmes.ts';

/**
 * Every seed programme at, below and above each of its thresholds, decided by the compiled
 * kernel and by the explainer alike. Ages come from a birth date and an as-of date, so the day
 * before a birthday, the birthday and the day after are exact (周岁: the birthday counts).
 */

const AS_OF = '2026-06-15';
const y = (yuan: number): number => Math.round(yuan * 100);
const OTHERWISE = DECISION_OTHERWISE;
const UNKNOWN = DECISION_UNKNOWN;

function addDays(iso: string, days: number): string {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** Born so that the `age`th birthday falls on AS_OF; `when` picks the day before, the day, the day after. */
function at(age: number, when: 'before' | 'on' | 'after' = 'on'): { born: string; on: string } {
  const born = `${Number(AS_OF.slice(0, 4)) - age}${AS_OF.slice(4)}`;
  return { born, on: addDays(AS_OF, when === 'before' ? -1 : when === 'after' ? 1 : 0) };
}

type Fact = Exclude<keyof PersonFacts, 'id' | 'areaCode' | 'age' | 'birth_date' | 'days_since_birthday'>;
type Overrides = Partial<Record<Fact, number | boolean | string | null>> & { born?: string; on?: string };

/** A resident to whom, with no overrides, nothing applies: 40 years old, well off, able, with family. */
function person(o: Overrides = {}): PersonFacts {
  const { born = '1986-01-10', on = AS_OF, ...facts } = o;
  return {
    id: 'p1',
    areaCode: '330102001001',
    age: ageOnKey(dateKey(born), dateKey(on)),
    birth_date: dateKey(born),
    days_since_birthday: daysSinceBirthday(born, on),
    sex: 'F',
    hukou_local: true,
    former_jianggan: false,
    pension: y(5000),
    ability: 'intact',
    living: 'with_family',
    disability_grade: 0,
    disability_category: 'none',
    newly_disabled: false,
    low_income: 'none',
    veteran: 'none',
    special_family: 'none',
    household_size: 3,
    household_income: y(5000),
    household_severe_disabled: false,
    hospital_days: 0,
    medical_spend: 0,
    income_drop: 0,
    recently_widowed: false,
    ...facts,
  };
}

const param = (code: string, on = AS_OF): number => {
  const v = paramValueOn(SEED_PARAMS.find((p) => p.code === code)!, on);
  if (v === undefined) throw new Error(`${code} has no value on ${on}`);
  return v;
};

const typed = new Map<string, TypedRule>();
function ruleOf(code: string): TypedRule {
  const cached = typed.get(code);
  if (cached) return cached;
  const p = SEED_PROGRAMMES.find((x) => x.code === code)!;
  const r = checkRule(p.rule, p.kind, SEED_PARAMS, AS_OF);
  if (!r.ok) throw new Error(`${code}: ${JSON.stringify(r.errors)}`);
  typed.set(code, r.rule);
  return r.rule;
}

const kernels = new Map<string, ReturnType<typeof compileKernel>>();
function decide(code: string, o: Overrides) {
  const on = o.on ?? AS_OF;
  const p = person(o);
  const key = `${code}@${on}`;
  let k = kernels.get(key);
  if (!k) {
    k = compileKernel(ruleOf(code), on);
    kernels.set(key, k);
  }
  const out = runKernel(k, tableOf([p]));
  const x = explainRule(ruleOf(code), p, on);
  return { kernel: [out.decision[0], out.amount[0]], explained: [x.decision, x.amount], x, person: p };
}

interface Case {
  name: string;
  p: Overrides;
  decision: number;
  /** Fen; 0 when omitted. */
  amount?: number;
  /** Facts the explainer names as missing (checked when given). */
  missing?: string[];
}

const ELDER = { ability: 'mild', living: 'alone', pension: y(2000) };
// Amounts and lines the seeds leave to parameters (ADR 0019 defaults) are read from them.
const S = param('dibao_standard');
const CY = param('chongyang_monthly');
const [L80, L90, L100] = [param('longevity_80'), param('longevity_90'), param('longevity_100')];
const DL = param('disability_living');
const CHILD = param('child_subsidy');
const MOD = param('modification_cap');
const TRAVEL = param('travel_subsidy');
const LINE = param('medical_burden_line');
const CAP = param('temp_aid_cap');

const CASES: Record<string, Case[]> = {
  chongyang: [
    { name: 'the day before the 60th birthday', p: { ...ELDER, ...at(60, 'before') }, decision: OTHERWISE },
    { name: 'the 60th birthday', p: { ...ELDER, ...at(60) }, decision: 1, amount: CY },
    { name: 'the day after the 60th birthday', p: { ...ELDER, ...at(60, 'after') }, decision: 1, amount: CY },
    {
      name: 'pension exactly 3000元 (以下 includes it)',
      p: { ...ELDER, ...at(70), pension: y(3000) },
      decision: 1,
      amount: CY,
    },
    { name: 'pension 2999.99元', p: { ...ELDER, ...at(70), pension: y(2999.99) }, decision: 1, amount: CY },
    { name: 'pension 3000.01元', p: { ...ELDER, ...at(70), pension: y(3000.01) }, decision: OTHERWISE },
    { name: 'no pension (0元)', p: { ...ELDER, ...at(70), pension: 0 }, decision: 1, amount: CY },
    {
      name: 'pension not recorded',
      p: { ...ELDER, ...at(70), pension: null },
      decision: UNKNOWN,
      missing: ['月退休金'],
    },
    {
      name: 'pension not recorded but not local: decided no',
      p: { ...ELDER, ...at(70), pension: null, hukou_local: false },
      decision: OTHERWISE,
    },
    { name: 'able to care for oneself', p: { ...ELDER, ...at(70), ability: 'intact' }, decision: OTHERWISE },
    { name: 'moderately disabled', p: { ...ELDER, ...at(70), ability: 'moderate' }, decision: 1, amount: CY },
    { name: 'severely disabled', p: { ...ELDER, ...at(70), ability: 'severe' }, decision: 1, amount: CY },
    { name: 'totally disabled', p: { ...ELDER, ...at(70), ability: 'total' }, decision: 1, amount: CY },
    {
      name: 'ability not assessed',
      p: { ...ELDER, ...at(70), ability: null },
      decision: UNKNOWN,
      missing: ['能力等级'],
    },
    { name: 'empty nest', p: { ...ELDER, ...at(70), living: 'empty_nest' }, decision: 1, amount: CY },
    {
      name: 'without family',
      p: { ...ELDER, ...at(70), living: 'widowed_childless' },
      decision: 1,
      amount: CY,
    },
    { name: 'living with family', p: { ...ELDER, ...at(70), living: 'with_family' }, decision: OTHERWISE },
    {
      name: 'two facts not recorded: both named',
      p: { ...ELDER, ...at(70), living: null, pension: null },
      decision: UNKNOWN,
      missing: ['月退休金', '居住状况'],
    },
    { name: 'not registered locally', p: { ...ELDER, ...at(70), hukou_local: false }, decision: OTHERWISE },
  ],
  family_bed: [
    { name: '59, moderately disabled', p: { ...at(60, 'before'), ability: 'moderate' }, decision: OTHERWISE },
    {
      name: '60th birthday, moderately disabled',
      p: { ...at(60), ability: 'moderate' },
      decision: 1,
      amount: y(600),
    },
    {
      name: 'day after 60th birthday, severely disabled',
      p: { ...at(60, 'after'), ability: 'severe' },
      decision: 1,
      amount: y(600),
    },
    {
      name: '70, totally disabled, not local',
      p: { ...at(70), ability: 'total', hukou_local: false },
      decision: 1,
      amount: y(600),
    },
    {
      name: '84 (day before 85th birthday), mildly disabled: nothing',
      p: { ...at(85, 'before'), ability: 'mild' },
      decision: OTHERWISE,
    },
    {
      name: '85th birthday, mildly disabled: 200',
      p: { ...at(85), ability: 'mild' },
      decision: 2,
      amount: y(200),
    },
    {
      name: 'day after 85th birthday, mildly disabled: 200',
      p: { ...at(85, 'after'), ability: 'mild' },
      decision: 2,
      amount: y(200),
    },
    {
      name: '85, moderately disabled: 600, never also 200',
      p: { ...at(85), ability: 'moderate' },
      decision: 1,
      amount: y(600),
    },
    { name: '90, mildly disabled', p: { ...at(90), ability: 'mild' }, decision: 2, amount: y(200) },
    { name: '90, able', p: { ...at(90), ability: 'intact' }, decision: OTHERWISE },
    {
      name: '85, ability not assessed',
      p: { ...at(85), ability: null },
      decision: UNKNOWN,
      missing: ['能力等级'],
    },
    {
      name: '50, ability not assessed: too young either way',
      p: { ...at(50), ability: null },
      decision: OTHERWISE,
    },
    {
      name: 'born 29 February: 84 on 28 February of a common year',
      p: { born: '1940-02-29', on: '2025-02-28', ability: 'mild' },
      decision: OTHERWISE,
    },
    {
      name: 'born 29 February: 85 from 1 March of a common year',
      p: { born: '1940-02-29', on: '2025-03-01', ability: 'mild' },
      decision: 2,
      amount: y(200),
    },
  ],
  longevity: [
    { name: '79 (day before 80th birthday)', p: at(80, 'before'), decision: OTHERWISE },
    { name: '80th birthday', p: at(80), decision: 3, amount: L80 },
    { name: 'day after 80th birthday', p: at(80, 'after'), decision: 3, amount: L80 },
    { name: '89 (day before 90th birthday)', p: at(90, 'before'), decision: 3, amount: L80 },
    { name: '90th birthday', p: at(90), decision: 2, amount: L90 },
    { name: 'day after 90th birthday', p: at(90, 'after'), decision: 2, amount: L90 },
    { name: '99 (day before 100th birthday)', p: at(100, 'before'), decision: 2, amount: L90 },
    { name: '100th birthday', p: at(100), decision: 1, amount: L100 },
    { name: 'day after 100th birthday', p: at(100, 'after'), decision: 1, amount: L100 },
    { name: '105', p: at(105), decision: 1, amount: L100 },
    { name: '100, not registered locally', p: { ...at(100), hukou_local: false }, decision: OTHERWISE },
    {
      name: 'born 29 February: 89 on 28 February 2026',
      p: { born: '1936-02-29', on: '2026-02-28' },
      decision: 3,
      amount: L80,
    },
    {
      name: 'born 29 February: 90 on 1 March 2026',
      p: { born: '1936-02-29', on: '2026-03-01' },
      decision: 2,
      amount: L90,
    },
    {
      name: 'born 29 February: 88 on 29 February 2024',
      p: { born: '1936-02-29', on: '2024-02-29' },
      decision: 3,
      amount: L80,
    },
  ],
  accident_insurance: [
    { name: '79 with nothing else', p: at(80, 'before'), decision: OTHERWISE },
    { name: '80th birthday', p: at(80), decision: 1 },
    { name: '80 and on 低保: the first branch decides', p: { ...at(85), low_income: 'dibao' }, decision: 1 },
    { name: '59 on 低保', p: { ...at(60, 'before'), low_income: 'dibao' }, decision: OTHERWISE },
    { name: '60th birthday on 低保', p: { ...at(60), low_income: 'dibao' }, decision: 2 },
    { name: '60 特困', p: { ...at(60, 'after'), low_income: 'tekun' }, decision: 2 },
    { name: '60 低边 (not listed)', p: { ...at(60), low_income: 'dibian' }, decision: OTHERWISE },
    { name: '60 残疾军人', p: { ...at(60), veteran: 'disabled_serviceman' }, decision: 2 },
    { name: '60 烈属', p: { ...at(60), veteran: 'martyr_family' }, decision: 2 },
    { name: '60 参战退役军人', p: { ...at(60), veteran: 'war_veteran' }, decision: 2 },
    { name: '60 复员军人 (not listed)', p: { ...at(60), veteran: 'demobilised' }, decision: OTHERWISE },
    { name: '60 军属 (not listed)', p: { ...at(60), veteran: 'serviceman_family' }, decision: OTHERWISE },
    { name: '60 失独', p: { ...at(60), special_family: 'shidu' }, decision: 2 },
    {
      name: '60 独生子女伤残 (not listed)',
      p: { ...at(60), special_family: 'only_child_disabled' },
      decision: OTHERWISE,
    },
  ],
  social_assistance: [
    {
      name: '特困: the support standard, wherever registered',
      p: { low_income: 'tekun', hukou_local: false },
      decision: 1,
      amount: param('tekun_standard'),
    },
    {
      name: 'income one fen under the standard',
      p: { household_income: S - 1, household_size: 3 },
      decision: 2,
      amount: 3,
    },
    { name: 'no income, alone', p: { household_income: 0, household_size: 1 }, decision: 2, amount: S },
    {
      name: 'income 1000元, four in the household',
      p: { household_income: y(1000), household_size: 4 },
      decision: 2,
      amount: (S - y(1000)) * 4,
    },
    { name: 'income exactly the standard: 低边', p: { household_income: S }, decision: 3 },
    { name: 'income exactly 1.5 × the standard: 低边', p: { household_income: (S * 3) / 2 }, decision: 3 },
    {
      name: 'income one fen over 1.5 × the standard',
      p: { household_income: (S * 3) / 2 + 1 },
      decision: OTHERWISE,
    },
    {
      name: 'income not recorded',
      p: { household_income: null },
      decision: UNKNOWN,
      missing: ['家庭人均月收入'],
    },
    {
      name: 'no income, not registered locally',
      p: { household_income: 0, hukou_local: false },
      decision: OTHERWISE,
    },
    {
      name: '低保 status with a high income',
      p: { low_income: 'dibao', household_income: S * 2 },
      decision: OTHERWISE,
    },
    // The standard was 1102元 until 30 June 2024 and changes on 1 July 2024.
    {
      name: '30 June 2024: 1102元 standard',
      p: { on: '2024-06-30', household_income: y(1000), household_size: 3 },
      decision: 2,
      amount: y(306),
    },
    {
      name: '1 July 2024: the new standard',
      p: { on: '2024-07-01', household_income: y(1000), household_size: 3 },
      decision: 2,
      amount: (param('dibao_standard', '2024-07-01') - y(1000)) * 3,
    },
    {
      name: '30 June 2024: income 1102元 is 低边',
      p: { on: '2024-06-30', household_income: y(1102) },
      decision: 3,
    },
    {
      name: '1 July 2024: income 1102元 is under the standard',
      p: { on: '2024-07-01', household_income: y(1102), household_size: 2 },
      decision: 2,
      amount: (param('dibao_standard', '2024-07-01') - y(1102)) * 2,
    },
    {
      name: '30 June 2024: 1653元 is the 低边 edge',
      p: { on: '2024-06-30', household_income: y(1653) },
      decision: 3,
    },
    {
      name: '30 June 2024: 1653.01元 is past it',
      p: { on: '2024-06-30', household_income: y(1653.01) },
      decision: OTHERWISE,
    },
    {
      name: '1 January 2021: 1102元 standard',
      p: { on: '2021-01-01', household_income: y(1101.99) },
      decision: 2,
      amount: 3,
    },
  ],
  temporary_aid: [
    {
      name: 'spending one fen under the line',
      p: { medical_spend: LINE - 1, household_income: y(1000) },
      decision: OTHERWISE,
    },
    {
      name: 'spending at the line: half',
      p: { medical_spend: LINE, household_income: y(1000) },
      decision: 1,
      amount: LINE / 2,
    },
    {
      name: 'spending one fen over the line: half, rounded half up',
      p: { medical_spend: LINE + 1, household_income: y(1000) },
      decision: 1,
      amount: LINE / 2 + 1,
    },
    {
      name: 'half of it one fen under the cap',
      p: { medical_spend: 2 * CAP - 2, household_income: y(1000) },
      decision: 1,
      amount: CAP - 1,
    },
    {
      name: 'half of it exactly the cap',
      p: { medical_spend: 2 * CAP, household_income: y(1000) },
      decision: 1,
      amount: CAP,
    },
    {
      name: 'half of it over the cap: capped',
      p: { medical_spend: 2 * CAP + 2, household_income: y(1000) },
      decision: 1,
      amount: CAP,
    },
    {
      name: 'far over the cap',
      p: { medical_spend: 5 * CAP, household_income: y(1000) },
      decision: 1,
      amount: CAP,
    },
    {
      name: 'income exactly 2 × the standard',
      p: { medical_spend: LINE + 200, household_income: 2 * S },
      decision: 1,
      amount: LINE / 2 + 100,
    },
    {
      name: 'income one fen over 2 × the standard',
      p: { medical_spend: LINE + 200, household_income: 2 * S + 1 },
      decision: OTHERWISE,
    },
    {
      name: 'income not recorded',
      p: { medical_spend: LINE, household_income: null },
      decision: UNKNOWN,
      missing: ['家庭人均月收入'],
    },
    {
      name: 'income not recorded, spending low',
      p: { medical_spend: LINE - 1, household_income: null },
      decision: OTHERWISE,
    },
    {
      name: 'not registered locally',
      p: { medical_spend: LINE, household_income: 0, hukou_local: false },
      decision: OTHERWISE,
    },
    {
      name: '30 June 2024: income 2204元',
      p: { on: '2024-06-30', medical_spend: LINE, household_income: y(2204) },
      decision: 1,
      amount: LINE / 2,
    },
    {
      name: '30 June 2024: income 2204.01元',
      p: { on: '2024-06-30', medical_spend: LINE, household_income: y(2204.01) },
      decision: OTHERWISE,
    },
    {
      name: '1 July 2024: income 2204.01元',
      p: { on: '2024-07-01', medical_spend: LINE, household_income: y(2204.01) },
      decision: 1,
      amount: LINE / 2,
    },
  ],
  disability_living: [
    { name: 'no card, 低保', p: { disability_grade: 0, low_income: 'dibao' }, decision: OTHERWISE },
    { name: 'grade 1, 低保', p: { disability_grade: 1, low_income: 'dibao' }, decision: 1, amount: DL },
    { name: 'grade 4, 低边', p: { disability_grade: 4, low_income: 'dibian' }, decision: 1, amount: DL },
    { name: 'grade 3, 特困', p: { disability_grade: 3, low_income: 'tekun' }, decision: 1, amount: DL },
    { name: 'grade 5, 特困', p: { disability_grade: 5, low_income: 'tekun' }, decision: OTHERWISE },
    { name: 'grade 2, not low-income', p: { disability_grade: 2 }, decision: OTHERWISE },
  ],
  severe_disability_care: [
    { name: 'grade 1', p: { disability_grade: 1 }, decision: 1, amount: param('care_subsidy_1') },
    { name: 'grade 2', p: { disability_grade: 2 }, decision: 2, amount: param('care_subsidy_2') },
    { name: 'grade 3', p: { disability_grade: 3 }, decision: OTHERWISE },
    { name: 'no card', p: { disability_grade: 0 }, decision: OTHERWISE },
  ],
  children_in_difficulty: [
    {
      name: '17 (day before 18th birthday), 低保',
      p: { ...at(18, 'before'), low_income: 'dibao' },
      decision: 1,
      amount: CHILD,
    },
    {
      name: '18th birthday, 低保 (不满 18 excludes 18)',
      p: { ...at(18), low_income: 'dibao' },
      decision: OTHERWISE,
    },
    {
      name: 'day after 18th birthday, 低保',
      p: { ...at(18, 'after'), low_income: 'dibao' },
      decision: OTHERWISE,
    },
    { name: 'born today, 特困', p: { ...at(0), low_income: 'tekun' }, decision: 1, amount: CHILD },
    { name: '5, nothing else', p: at(5), decision: OTHERWISE },
    { name: '5, disability grade 4', p: { ...at(5), disability_grade: 4 }, decision: 1, amount: CHILD },
    { name: '5, disability grade 5', p: { ...at(5), disability_grade: 5 }, decision: OTHERWISE },
    {
      name: '5, a severely disabled parent',
      p: { ...at(5), household_severe_disabled: true },
      decision: 1,
      amount: CHILD,
    },
  ],
  home_modification: [
    { name: '59, 低保', p: { ...at(60, 'before'), low_income: 'dibao' }, decision: OTHERWISE },
    { name: '60th birthday, 低保', p: { ...at(60), low_income: 'dibao' }, decision: 1, amount: MOD },
    {
      name: '60, moderately disabled',
      p: { ...at(60, 'after'), ability: 'moderate' },
      decision: 1,
      amount: MOD,
    },
    { name: '60, mildly disabled', p: { ...at(60), ability: 'mild' }, decision: OTHERWISE },
    { name: '60, disability grade 2', p: { ...at(60), disability_grade: 2 }, decision: 1, amount: MOD },
    { name: '60, disability grade 3', p: { ...at(60), disability_grade: 3 }, decision: OTHERWISE },
    {
      name: 'ability not assessed but 低保: yes either way',
      p: { ...at(70), ability: null, low_income: 'dibao' },
      decision: 1,
      amount: MOD,
    },
    {
      name: 'ability not assessed, nothing else',
      p: { ...at(70), ability: null },
      decision: UNKNOWN,
      missing: ['能力等级'],
    },
    { name: 'ability not assessed, 59', p: { ...at(60, 'before'), ability: null }, decision: OTHERWISE },
  ],
  medical_travel: [
    { name: '59', p: at(60, 'before'), decision: OTHERWISE },
    { name: '60th birthday', p: at(60), decision: 1, amount: TRAVEL },
    { name: 'day after 60th birthday', p: at(60, 'after'), decision: 1, amount: TRAVEL },
  ],
  smart_terminal: [
    { name: '79, with family', p: at(80, 'before'), decision: OTHERWISE },
    { name: '80th birthday, with family', p: at(80), decision: 1 },
    { name: '69, alone', p: { ...at(70, 'before'), living: 'alone' }, decision: OTHERWISE },
    { name: '70th birthday, alone', p: { ...at(70), living: 'alone' }, decision: 2 },
    { name: '70, empty nest', p: { ...at(70, 'after'), living: 'empty_nest' }, decision: 2 },
    { name: '75, without family', p: { ...at(75), living: 'widowed_childless' }, decision: 2 },
    { name: '75, with family', p: { ...at(75), living: 'with_family' }, decision: OTHERWISE },
    {
      name: '75, living not recorded',
      p: { ...at(75), living: null },
      decision: UNKNOWN,
      missing: ['居住状况'],
    },
    { name: '80, living not recorded', p: { ...at(80), living: null }, decision: 1 },
    { name: '65, living not recorded', p: { ...at(65), living: null }, decision: OTHERWISE },
  ],
  appliance_repair: [
    { name: '80th birthday, former Jianggan', p: { ...at(80), former_jianggan: true }, decision: 1 },
    { name: '79, former Jianggan', p: { ...at(80, 'before'), former_jianggan: true }, decision: OTHERWISE },
    {
      name: '79, former Jianggan, 低保',
      p: { ...at(80, 'before'), former_jianggan: true, low_income: 'dibao' },
      decision: 2,
    },
    {
      name: '59, former Jianggan, 低保',
      p: { ...at(60, 'before'), former_jianggan: true, low_income: 'dibao' },
      decision: OTHERWISE,
    },
    {
      name: '60th birthday, former Jianggan, 低边',
      p: { ...at(60), former_jianggan: true, low_income: 'dibian' },
      decision: 2,
    },
    {
      name: '65, former Jianggan, 特困',
      p: { ...at(65), former_jianggan: true, low_income: 'tekun' },
      decision: 2,
    },
    { name: '85, elsewhere', p: { ...at(85), former_jianggan: false }, decision: OTHERWISE },
    {
      name: '85, former Jianggan, not local',
      p: { ...at(85), former_jianggan: true, hukou_local: false },
      decision: OTHERWISE,
    },
  ],
  alert_hospital: [
    { name: '60th birthday, 14 days: red', p: { ...at(60), hospital_days: 14 }, decision: 1 },
    { name: '59, 14 days', p: { ...at(60, 'before'), hospital_days: 14 }, decision: OTHERWISE },
    { name: '70, 13 days: yellow', p: { ...at(70), hospital_days: 13 }, decision: 2 },
    { name: '70, 7 days: yellow', p: { ...at(70), hospital_days: 7 }, decision: 2 },
    { name: '70, 6 days', p: { ...at(70), hospital_days: 6 }, decision: OTHERWISE },
    {
      name: '70, 7 days, living not recorded: still yellow',
      p: { ...at(70), hospital_days: 7, living: null },
      decision: 2,
    },
  ],
  alert_medical: [
    { name: 'at the line, 低保: red', p: { medical_spend: LINE, low_income: 'dibao' }, decision: 1 },
    {
      name: 'one fen under the line, 低保',
      p: { medical_spend: LINE - 1, low_income: 'dibao' },
      decision: OTHERWISE,
    },
    { name: 'at the line, not low-income: yellow', p: { medical_spend: LINE }, decision: 2 },
    {
      name: 'one fen over the line, 特困: red',
      p: { medical_spend: LINE + 1, low_income: 'tekun' },
      decision: 1,
    },
  ],
  alert_income_drop: [
    { name: '49%', p: { income_drop: 49 }, decision: OTHERWISE },
    { name: '50%', p: { income_drop: 50 }, decision: 1 },
    { name: '51%', p: { income_drop: 51 }, decision: 1 },
    { name: 'not recorded', p: { income_drop: null }, decision: UNKNOWN, missing: ['收入降幅'] },
  ],
  alert_widowed: [
    { name: '70th birthday, widowed: red', p: { ...at(70), recently_widowed: true }, decision: 1 },
    { name: '69, widowed: yellow', p: { ...at(70, 'before'), recently_widowed: true }, decision: 2 },
    { name: '60th birthday, widowed: yellow', p: { ...at(60), recently_widowed: true }, decision: 2 },
    { name: '59, widowed', p: { ...at(60, 'before'), recently_widowed: true }, decision: OTHERWISE },
    { name: '75, not widowed', p: { ...at(75) }, decision: OTHERWISE },
  ],
  alert_new_disability: [
    { name: 'new, grade 1: red', p: { newly_disabled: true, disability_grade: 1 }, decision: 1 },
    { name: 'new, grade 2: red', p: { newly_disabled: true, disability_grade: 2 }, decision: 1 },
    { name: 'new, grade 3: yellow', p: { newly_disabled: true, disability_grade: 3 }, decision: 2 },
    { name: 'old card, grade 1', p: { newly_disabled: false, disability_grade: 1 }, decision: OTHERWISE },
  ],
  alert_turning_80: [
    { name: 'the day before the 80th birthday', p: at(80, 'before'), decision: OTHERWISE },
    { name: 'the 80th birthday', p: at(80), decision: 1 },
    { name: '30 days after it', p: { ...at(80), on: addDays(AS_OF, 30) }, decision: 1 },
    { name: '31 days after it', p: { ...at(80), on: addDays(AS_OF, 31) }, decision: OTHERWISE },
    { name: 'the 81st birthday', p: at(81), decision: OTHERWISE },
  ],
};

describe('the test person', () => {
  it('is 40 and gets nothing from any programme', () => {
    expect(person().age).toBe(40);
    for (const p of SEED_PROGRAMMES)
      expect([p.code, decide(p.code, {}).kernel]).toEqual([p.code, [OTHERWISE, 0]]);
  });

  it.each([
    ['1966-06-15', '2026-06-14', 59, 364],
    ['1966-06-15', '2026-06-15', 60, 0],
    ['1966-06-15', '2026-06-16', 60, 1],
    ['1940-02-29', '2025-02-28', 84, 365],
    ['1940-02-29', '2025-03-01', 85, 0],
    ['1940-02-29', '2024-02-29', 84, 0],
    ['1940-02-29', '2024-03-01', 84, 1],
  ])('born %s, on %s: %i years, %i days since the birthday', (born, on, age, days) => {
    const p = person({ born, on });
    expect([p.age, p.days_since_birthday]).toEqual([age, days]);
  });

  it('has cases for every seed programme', () => {
    expect(Object.keys(CASES).sort()).toEqual(SEED_PROGRAMMES.map((p) => p.code).sort());
  });

  it('reads the 低保 standard as dated: 1102元 until 30 June 2024, another from 1 July', () => {
    expect(param('dibao_standard', '2024-06-30')).toBe(y(1102));
    expect(param('dibao_standard', '2024-07-01')).not.toBe(y(1102));
  });
});

describe.each(Object.entries(CASES))('%s', (code, cases) => {
  it.each(cases)('$name', (c) => {
    const r = decide(code, c.p);
    const expected = [c.decision, c.amount ?? 0];
    expect({ kernel: r.kernel, explained: r.explained }).toEqual({ kernel: expected, explained: expected });
    if (c.missing) expect(r.x.missing).toEqual(c.missing);
    if (c.decision !== UNKNOWN) expect(r.x.missing).toEqual([]);
  });
});

describe('explanations read as the rule is written', () => {
  type Leaf = Extract<TraceNode, { k: 'leaf' }>;
  const leaves = (n: TraceNode): Leaf[] => (n.k === 'leaf' ? [n] : n.items.flatMap(leaves));
  const brief = (l: Leaf) => ({ zh: l.zh, truth: l.truth, seen: l.seenZh });

  it('says why: an 85-year-old moderately disabled gets the 600元 bed', () => {
    const { x } = decide('family_bed', { ...at(85), ability: 'moderate' });
    expect(x.branches).toHaveLength(1);
    expect(x.branches[0]).toMatchObject({ branch: 1, truth: 'yes', cite: 'R1 000:159–161' });
    const [age, ability] = leaves(x.branches[0]!.node).map(brief);
    expect(age!.zh).toContain('年龄 ≥ 60');
    expect(age).toMatchObject({ truth: 'yes', seen: ['年龄 = 85周岁'] });
    expect(ability).toEqual({
      zh: '能力等级 属于 [中度失能、重度失能、完全失能]',
      truth: 'yes',
      seen: ['能力等级 = 中度失能'],
    });
    expect(x.period).toBe('month');
  });

  it('says why not: at 84 and mildly disabled, each condition that failed with the value seen', () => {
    const { x } = decide('family_bed', { ...at(85, 'before'), ability: 'mild' });
    expect(x.branches.map((b) => b.truth)).toEqual(['no', 'no']);
    const second = leaves(x.branches[1]!.node).map(brief);
    expect(second[0]!.zh).toContain('年龄 ≥ 85');
    expect(second[0]).toMatchObject({ truth: 'no', seen: ['年龄 = 84周岁'] });
    expect(second[1]).toMatchObject({
      zh: '能力等级 属于 [轻度失能]',
      truth: 'yes',
      seen: ['能力等级 = 轻度失能'],
    });
  });

  it('names what is not recorded, and the parameter compared with it', () => {
    const { x } = decide('chongyang', { ...ELDER, ...at(70), pension: null });
    const pension = leaves(x.branches[0]!.node).find((l) => l.zh.startsWith('月退休金'))!;
    expect(pension.zh).toContain('月退休金 ≤ 重阳分退休金线');
    expect(pension.truth).toBe('unknown');
    expect(pension.seenZh).toEqual(['月退休金：未登记', '重阳分退休金线 = 3,000.00元']);
    expect(pension.seenEn).toEqual(['monthly pension: not recorded', 'chongyang pension line = ¥3,000.00']);
    expect(x.missing).toEqual(['月退休金']);
  });

  it('names only the unknowns that matter', () => {
    // 低保 settles the "or" whatever the missing ability grade is: nothing is missing.
    expect(decide('home_modification', { ...at(70), ability: null, low_income: 'dibao' }).x.missing).toEqual(
      [],
    );
    const r = checkRule(
      '如果 月退休金 < 3000元 且 (本区户籍 或 居住状况 为 独居) 则 符合 依据 "t"',
      'benefit',
      SEED_PARAMS,
      AS_OF,
    );
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    const x = explainRule(r.rule, person({ pension: null, living: null }), AS_OF);
    expect([x.decision, x.missing]).toEqual([UNKNOWN, ['月退休金']]);
  });

  it('names the fact an amount needs, and gives no period while the decision is unknown', () => {
    const r = checkRule(
      '如果 月退休金 > 1000元 则 符合 依据 "t"\n否则 发放 家庭人均月收入 * 10% 每月',
      'benefit',
      SEED_PARAMS,
      AS_OF,
    );
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    const pick = (o: Overrides) => {
      const x = explainRule(r.rule, person(o), AS_OF);
      return {
        decision: x.decision,
        amount: x.amount,
        period: x.period,
        missing: x.missing,
        outcome: x.outcome.k,
      };
    };
    // The otherwise outcome decides and pays from an income that is not recorded.
    expect(pick({ pension: y(500), household_income: null })).toEqual({
      decision: UNKNOWN,
      amount: 0,
      period: null,
      missing: ['家庭人均月收入'],
      outcome: 'ineligible',
    });
    // The first branch is already unknown: the otherwise amount is never reached.
    expect(pick({ pension: null, household_income: null }).missing).toEqual(['月退休金']);
    expect(pick({ pension: y(500), household_income: y(1000.05) })).toEqual({
      decision: OTHERWISE,
      amount: 10001,
      period: 'month',
      missing: [],
      outcome: 'benefit',
    });
    expect(decide('chongyang', { ...ELDER, ...at(70), pension: null }).x.period).toBeNull();
  });
});
