/**
 * The facts a rule may read, with the Chinese and English labels a policy officer sees, their
 * types and units (ADR 0019). One person's facts "as of" a date are a `PersonFacts` record; a
 * population is a `FactTable` of typed columns (struct of arrays), which is what the compiled
 * kernel reads. A fact that is not recorded is *unknown* — never silently "no".
 */

export type FactType = 'bool' | 'int' | 'money' | 'date' | 'enum';
export type IntUnit = 'years' | 'days' | 'persons' | 'percent' | 'grade';

export interface EnumValue {
  code: string;
  zh: string;
  en: string;
}

export interface FactDef {
  code: FactCode;
  zh: string;
  en: string;
  type: FactType;
  /** For `int` facts: what the number counts. Money is always fen; dates are yyyymmdd. */
  unit?: IntUnit;
  values?: readonly EnumValue[];
  /** Whether the registry may lack it (then rules reading it can be "unknown"). */
  nullable: boolean;
  /** Where the value comes from, shown in the fact palette. */
  sourceZh: string;
  sourceEn: string;
}

const v = (code: string, zh: string, en: string): EnumValue => ({ code, zh, en });

export const ABILITY_VALUES = [
  v('intact', '能力完好', 'intact'),
  v('mild', '轻度失能', 'mildly disabled'),
  v('moderate', '中度失能', 'moderately disabled'),
  v('severe', '重度失能', 'severely disabled'),
  v('total', '完全失能', 'totally disabled'),
] as const;
export const LIVING_VALUES = [
  v('alone', '独居', 'living alone'),
  v('empty_nest', '空巢', 'empty nest'),
  v('widowed_childless', '孤寡', 'without family'),
  v('with_family', '与家人同住', 'with family'),
] as const;
export const DISABILITY_CATEGORY_VALUES = [
  v('visual', '视力残疾', 'visual'),
  v('hearing', '听力残疾', 'hearing'),
  v('speech', '言语残疾', 'speech'),
  v('physical', '肢体残疾', 'physical'),
  v('intellectual', '智力残疾', 'intellectual'),
  v('mental', '精神残疾', 'mental'),
  v('multiple', '多重残疾', 'multiple'),
  v('none', '无', 'none'),
] as const;
export const LOW_INCOME_VALUES = [
  v('dibao', '低保', 'minimum allowance'),
  v('dibian', '低边', 'near-minimum'),
  v('tekun', '特困', 'extreme poverty'),
  v('none', '无', 'none'),
] as const;
export const VETERAN_VALUES = [
  v('disabled_serviceman', '残疾军人', 'disabled serviceman'),
  v('martyr_family', '烈属', 'martyr family'),
  v('demobilised', '复员军人', 'demobilised soldier'),
  v('war_veteran', '参战退役军人', 'war veteran'),
  v('retired_soldier', '退役士兵', 'retired soldier'),
  v('serviceman_family', '军属', 'serviceman family'),
  v('none', '无', 'none'),
] as const;
export const SPECIAL_FAMILY_VALUES = [
  v('shidu', '失独', 'lost only child'),
  v('only_child_disabled', '独生子女伤残', 'only child disabled'),
  v('none', '无', 'none'),
] as const;
export const SEX_VALUES = [v('M', '男', 'male'), v('F', '女', 'female')] as const;

export const FACT_CODES = [
  'age',
  'birth_date',
  'days_since_birthday',
  'sex',
  'hukou_local',
  'former_jianggan',
  'pension',
  'ability',
  'living',
  'disability_grade',
  'disability_category',
  'newly_disabled',
  'low_income',
  'veteran',
  'special_family',
  'household_size',
  'household_income',
  'household_severe_disabled',
  'hospital_days',
  'medical_spend',
  'income_drop',
  'recently_widowed',
] as const;
export type FactCode = (typeof FACT_CODES)[number];

const REG = '人口库';
const REG_EN = 'registry';

/** The catalogue, in the order the fact palette lists it. */
export const FACTS: readonly FactDef[] = [
  {
    code: 'age',
    zh: '年龄',
    en: 'age',
    type: 'int',
    unit: 'years',
    nullable: false,
    sourceZh: '出生日期，按周岁计（生日当天满）',
    sourceEn: 'birth date, completed years (the birthday counts)',
  },
  {
    code: 'birth_date',
    zh: '出生日期',
    en: 'birth date',
    type: 'date',
    nullable: false,
    sourceZh: REG,
    sourceEn: REG_EN,
  },
  {
    code: 'days_since_birthday',
    zh: '距上次生日天数',
    en: 'days since last birthday',
    type: 'int',
    unit: 'days',
    nullable: false,
    sourceZh: '出生日期',
    sourceEn: 'birth date',
  },
  {
    code: 'sex',
    zh: '性别',
    en: 'sex',
    type: 'enum',
    values: SEX_VALUES,
    nullable: false,
    sourceZh: REG,
    sourceEn: REG_EN,
  },
  {
    code: 'hukou_local',
    zh: '本区户籍',
    en: 'registered in the district',
    type: 'bool',
    nullable: false,
    sourceZh: REG,
    sourceEn: REG_EN,
  },
  {
    code: 'former_jianggan',
    zh: '居住原江干区',
    en: 'lives in former Jianggan',
    type: 'bool',
    nullable: false,
    sourceZh: '居住社区所属街道',
    sourceEn: 'street of residence',
  },
  {
    code: 'pension',
    zh: '月退休金',
    en: 'monthly pension',
    type: 'money',
    nullable: true,
    sourceZh: '退休金事实',
    sourceEn: 'pension fact',
  },
  {
    code: 'ability',
    zh: '能力等级',
    en: 'ability grade',
    type: 'enum',
    values: ABILITY_VALUES,
    nullable: true,
    sourceZh: '老年人能力评估（GB/T 42195-2022）',
    sourceEn: 'ability assessment (GB/T 42195-2022)',
  },
  {
    code: 'living',
    zh: '居住状况',
    en: 'living arrangement',
    type: 'enum',
    values: LIVING_VALUES,
    nullable: true,
    sourceZh: '居住状况事实',
    sourceEn: 'living-arrangement fact',
  },
  {
    code: 'disability_grade',
    zh: '残疾等级',
    en: 'disability grade',
    type: 'int',
    unit: 'grade',
    nullable: false,
    sourceZh: '残疾人证（1级最重；无证为0）',
    sourceEn: 'disability card (1 is most severe; 0 without a card)',
  },
  {
    code: 'disability_category',
    zh: '残疾类别',
    en: 'disability category',
    type: 'enum',
    values: DISABILITY_CATEGORY_VALUES,
    nullable: false,
    sourceZh: '残疾人证',
    sourceEn: 'disability card',
  },
  {
    code: 'newly_disabled',
    zh: '近90天新认定残疾',
    en: 'disability certified in the last 90 days',
    type: 'bool',
    nullable: false,
    sourceZh: '残疾人证发证日期',
    sourceEn: 'disability card date',
  },
  {
    code: 'low_income',
    zh: '低收入类别',
    en: 'low-income status',
    type: 'enum',
    values: LOW_INCOME_VALUES,
    nullable: false,
    sourceZh: '低保、低边、特困证',
    sourceEn: 'minimum-allowance certificates',
  },
  {
    code: 'veteran',
    zh: '优抚类别',
    en: 'entitled-person type',
    type: 'enum',
    values: VETERAN_VALUES,
    nullable: false,
    sourceZh: '优抚对象登记',
    sourceEn: 'entitled-person register',
  },
  {
    code: 'special_family',
    zh: '特殊家庭',
    en: 'special family',
    type: 'enum',
    values: SPECIAL_FAMILY_VALUES,
    nullable: false,
    sourceZh: '计生特殊家庭登记',
    sourceEn: 'special-family register',
  },
  {
    code: 'household_size',
    zh: '家庭人数',
    en: 'household size',
    type: 'int',
    unit: 'persons',
    nullable: false,
    sourceZh: '户内在世成员',
    sourceEn: 'living household members',
  },
  {
    code: 'household_income',
    zh: '家庭人均月收入',
    en: 'household income per head',
    type: 'money',
    nullable: true,
    sourceZh: '户内成员收入与退休金之和除以人数；无一成员登记收入时未知',
    sourceEn:
      "members' income and pensions over the household size; unknown when no member's income is recorded",
  },
  {
    code: 'household_severe_disabled',
    zh: '家有重度残疾成员',
    en: 'severely disabled household member',
    type: 'bool',
    nullable: false,
    sourceZh: '户内其他成员持一、二级残疾人证',
    sourceEn: 'another member holds a grade 1–2 disability card',
  },
  {
    code: 'hospital_days',
    zh: '近30天住院天数',
    en: 'days in hospital (last 30 days)',
    type: 'int',
    unit: 'days',
    nullable: false,
    sourceZh: '住院记录',
    sourceEn: 'hospital stays',
  },
  {
    code: 'medical_spend',
    zh: '近90天自付医疗费',
    en: 'medical costs paid (last 90 days)',
    type: 'money',
    nullable: false,
    sourceZh: '医疗支出记录',
    sourceEn: 'medical expenses',
  },
  {
    code: 'income_drop',
    zh: '收入降幅',
    en: 'income drop',
    type: 'int',
    unit: 'percent',
    nullable: true,
    sourceZh: '本人月收入较90天前下降的百分比；无两次记录时未知',
    sourceEn: 'fall of own monthly income against 90 days before; unknown without both',
  },
  {
    code: 'recently_widowed',
    zh: '近90天丧偶',
    en: 'widowed in the last 90 days',
    type: 'bool',
    nullable: false,
    sourceZh: '户内配偶死亡日期',
    sourceEn: "household spouse's date of death",
  },
];

export const FACT_BY_CODE = new Map<string, FactDef>(FACTS.map((f) => [f.code, f]));
export const FACT_INDEX = new Map<FactCode, number>(FACTS.map((f, i) => [f.code, i]));

/**
 * One person's facts as of a date. `null` = not recorded (unknown). Enum facts hold the code
 * (`'moderate'`), money holds fen, dates hold yyyymmdd numbers.
 */
export type PersonFacts = { id: string; areaCode: string } & {
  [K in FactCode]: number | boolean | string | null;
};

/** Sentinels for "unknown" in the typed columns. */
export const UNKNOWN_INT = -2147483648;
export const UNKNOWN_SMALL = 255;

export type Column = Int32Array | Uint8Array;

/** A population as typed columns, one per fact, in FACTS order. */
export interface FactTable {
  size: number;
  ids: string[];
  areaCodes: string[];
  columns: Column[];
}

export function isSmallColumn(def: FactDef): boolean {
  return def.type === 'bool' || def.type === 'enum';
}

/** Enum value code → its index in the column (the order of `values`). */
export function enumIndex(def: FactDef, code: string): number {
  const i = def.values?.findIndex((x) => x.code === code) ?? -1;
  return i;
}

export function newFactTable(size: number): FactTable {
  return {
    size,
    ids: new Array<string>(size),
    areaCodes: new Array<string>(size),
    columns: FACTS.map((f) => (isSmallColumn(f) ? new Uint8Array(size) : new Int32Array(size))),
  };
}

/** A new table of the given rows of `table`, in their order. */
export function copyRows(table: FactTable, rows: readonly number[]): FactTable {
  const t = newFactTable(rows.length);
  for (let j = 0; j < rows.length; j++) {
    const r = rows[j] as number;
    t.ids[j] = table.ids[r] as string;
    t.areaCodes[j] = table.areaCodes[r] as string;
  }
  table.columns.forEach((src, c) => {
    const dst = t.columns[c] as Int32Array | Uint8Array;
    for (let j = 0; j < rows.length; j++) dst[j] = src[rows[j] as number] as number;
  });
  return t;
}

/** The rows of `table` that `keep` accepts, as a new table. */
export function selectRows(table: FactTable, keep: (i: number) => boolean): FactTable {
  const rows: number[] = [];
  for (let i = 0; i < table.size; i++) if (keep(i)) rows.push(i);
  return rows.length === table.size ? table : copyRows(table, rows);
}

/** Writes one person's facts into row `i` of the table. */
export function setRow(table: FactTable, i: number, p: PersonFacts): void {
  table.ids[i] = p.id;
  table.areaCodes[i] = p.areaCode;
  for (let f = 0; f < FACTS.length; f++) {
    const def = FACTS[f] as FactDef;
    const value = p[def.code];
    const col = table.columns[f] as Column;
    if (value === null || value === undefined) {
      col[i] = isSmallColumn(def) ? UNKNOWN_SMALL : UNKNOWN_INT;
    } else if (def.type === 'bool') {
      col[i] = value ? 1 : 0;
    } else if (def.type === 'enum') {
      const idx = enumIndex(def, String(value));
      col[i] = idx < 0 ? UNKNOWN_SMALL : idx;
    } else {
      col[i] = Number(value);
    }
  }
}

export function tableOf(people: readonly PersonFacts[]): FactTable {
  const table = newFactTable(people.length);
  for (let i = 0; i < people.length; i++) setRow(table, i, people[i] as PersonFacts);
  return table;
}

/** The value of fact number `f` (its place in FACTS) in row `i`, as a facts record holds it. */
export function factValue(table: FactTable, i: number, f: number): PersonFacts[FactCode] {
  const def = FACTS[f] as FactDef;
  const raw = (table.columns[f] as Column)[i] as number;
  if (isSmallColumn(def) ? raw === UNKNOWN_SMALL : raw === UNKNOWN_INT) return null;
  if (def.type === 'bool') return raw === 1;
  if (def.type === 'enum') return (def.values?.[raw]?.code ?? null) as PersonFacts[FactCode];
  return raw;
}

/** Reads row `i` back as a record (for explanations of one person out of a screening). */
export function rowOf(table: FactTable, i: number): PersonFacts {
  const out: Record<string, unknown> = { id: table.ids[i], areaCode: table.areaCodes[i] };
  for (let f = 0; f < FACTS.length; f++) out[(FACTS[f] as FactDef).code] = factValue(table, i, f);
  return out as PersonFacts;
}

/** yyyymmdd number of an ISO date. */
export function dateKey(iso: string): number {
  return Number(iso.slice(0, 4)) * 10000 + Number(iso.slice(5, 7)) * 100 + Number(iso.slice(8, 10));
}

export function isoOfKey(key: number): string {
  const y = Math.floor(key / 10000);
  const m = Math.floor(key / 100) % 100;
  const d = key % 100;
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** 周岁 on `asOf`: the birthday itself counts (29 February birthdays count from 1 March). */
export function ageOnKey(birthKey: number, asOfKey: number): number {
  const years = Math.floor(asOfKey / 10000) - Math.floor(birthKey / 10000);
  return asOfKey % 10000 >= birthKey % 10000 ? years : years - 1;
}

/** Days from the last birthday (on or before `asOf`) to `asOf`. */
export function daysSinceBirthday(birthIso: string, asOfIso: string): number {
  const asOf = Date.parse(`${asOfIso}T00:00:00Z`);
  const y = Number(asOfIso.slice(0, 4));
  const md = birthIso.slice(5);
  const birthdayIn = (year: number): number => {
    // A 29 February birthday falls on 1 March in other years (the day it counts from).
    const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
    const mdd = md === '02-29' && !leap ? '03-01' : md;
    return Date.parse(`${year}-${mdd}T00:00:00Z`);
  };
  let last = birthdayIn(y);
  if (last > asOf) last = birthdayIn(y - 1);
  return Math.round((asOf - last) / 86_400_000);
}
