import {
  ageOnKey,
  daysSinceBirthday,
  FACT_BY_CODE,
  FACT_INDEX,
  type FactCode,
  type FactDef,
  type FactTable,
  isoOfKey,
  newFactTable,
  UNKNOWN_INT,
  UNKNOWN_SMALL,
} from './facts.ts';

/**
 * The batch path's raw facts (ADR 0019): one entry per living person as `rawFactsQuery` gives
 * them (the database grouped each person's fact rows; ages, enum codes and household facts are
 * still to be worked out). They are held as columns, not as a record per person, so that the
 * whole district's 870,000 people are a few typed arrays; `tableFromRaw` turns them into the
 * kernel's fact table. They come either from query rows (`rawColumnsOfRows`) or straight from
 * the bytes of a `COPY … TO STDOUT` (`RawCopyReader`), which never makes a row object.
 */

/** A row of `rawFactsQuery().persons`, in the order of its columns. */
export interface RawPersonRow {
  id: string;
  area_code: string;
  birth: string;
  sex: string;
  hukou_local: boolean;
  household_id: string | null;
  relation: string | null;
  former_jianggan: boolean;
  pension: string | number | null;
  income: string | number | null;
  income_before: string | number | null;
  ability: string | null;
  living: string | null;
  disability_grade: number | null;
  disability_category: string | null;
  newly_disabled: boolean | null;
  low_income: string | null;
  veteran: string | null;
  special_family: string | null;
  hospital_days: string | number | null;
  medical_spend: string | number | null;
}

/** The columns of `rawFactsQuery().persons`, in order (the COPY reader reads them by position). */
export const RAW_FIELDS = [
  'id',
  'area_code',
  'birth',
  'sex',
  'hukou_local',
  'household_id',
  'relation',
  'former_jianggan',
  'pension',
  'income',
  'income_before',
  'ability',
  'living',
  'disability_grade',
  'disability_category',
  'newly_disabled',
  'low_income',
  'veteran',
  'special_family',
  'hospital_days',
  'medical_spend',
] as const satisfies readonly (keyof RawPersonRow)[];

/** The enum facts the raw rows carry as their codes, in the order of `RawColumns.enums`. */
export const RAW_ENUMS = [
  'ability',
  'living',
  'disability_category',
  'low_income',
  'veteran',
  'special_family',
] as const satisfies readonly (FactCode & keyof RawPersonRow)[];

/** An enum entry that was not recorded (NULL), or whose code the catalogue does not know. */
export const RAW_NULL = -1;
export const RAW_UNKNOWN_CODE = -2;

export interface RawColumns {
  size: number;
  ids: string[];
  areaCodes: string[];
  /** The entry's household as a number from 0 (in order of first appearance), -1 for none. */
  households: Int32Array;
  /** How many households there are. */
  householdCount: number;
  /** A household's number by its id, -1 when no entry belongs to it. */
  householdOf: (id: string) => number;
  /** yyyymmdd */
  birth: Int32Array;
  /** 0 male, 1 female */
  sex: Uint8Array;
  hukou: Uint8Array;
  /** 0 other or none, 1 head of household, 2 spouse */
  relation: Uint8Array;
  jianggan: Uint8Array;
  /** Fen per month; NaN when not recorded. */
  pension: Float64Array;
  income: Float64Array;
  incomeBefore: Float64Array;
  /** One column per `RAW_ENUMS` entry: the value's index in the catalogue, or RAW_NULL / RAW_UNKNOWN_CODE. */
  enums: Int8Array[];
  /** 0 when none recorded */
  disabilityGrade: Int32Array;
  newlyDisabled: Uint8Array;
  hospitalDays: Float64Array;
  medicalSpend: Float64Array;
}

export function newRawColumns(capacity: number): RawColumns {
  return {
    size: 0,
    ids: new Array<string>(capacity),
    areaCodes: new Array<string>(capacity),
    households: new Int32Array(capacity),
    householdCount: 0,
    householdOf: () => -1,
    birth: new Int32Array(capacity),
    sex: new Uint8Array(capacity),
    hukou: new Uint8Array(capacity),
    relation: new Uint8Array(capacity),
    jianggan: new Uint8Array(capacity),
    pension: new Float64Array(capacity),
    income: new Float64Array(capacity),
    incomeBefore: new Float64Array(capacity),
    enums: RAW_ENUMS.map(() => new Int8Array(capacity)),
    disabilityGrade: new Int32Array(capacity),
    newlyDisabled: new Uint8Array(capacity),
    hospitalDays: new Float64Array(capacity),
    medicalSpend: new Float64Array(capacity),
  };
}

type Typed = Int32Array | Uint8Array | Float64Array | Int8Array;
/** The typed-array columns of `RawColumns`. */
export const RAW_TYPED_COLUMNS = [
  'households',
  'birth',
  'sex',
  'hukou',
  'relation',
  'jianggan',
  'pension',
  'income',
  'incomeBefore',
  'disabilityGrade',
  'newlyDisabled',
  'hospitalDays',
  'medicalSpend',
] as const;

/** A copy of `raw` with room for `capacity` entries (the first `raw.size` kept). */
function grown(raw: RawColumns, capacity: number): RawColumns {
  const out = newRawColumns(capacity);
  out.size = raw.size;
  out.householdCount = raw.householdCount;
  out.householdOf = raw.householdOf;
  for (let i = 0; i < raw.size; i++) {
    out.ids[i] = raw.ids[i] as string;
    out.areaCodes[i] = raw.areaCodes[i] as string;
  }
  for (const k of RAW_TYPED_COLUMNS) (out[k] as Typed).set((raw[k] as Typed).subarray(0, raw.size));
  for (let e = 0; e < raw.enums.length; e++)
    (out.enums[e] as Int8Array).set((raw.enums[e] as Int8Array).subarray(0, raw.size));
  return out;
}

const enumMaps = RAW_ENUMS.map((code) => {
  const def = FACT_BY_CODE.get(code) as FactDef;
  return new Map((def.values ?? []).map((v, i) => [v.code, i]));
});

const enumOf = (e: number, v: string | null): number =>
  v === null ? RAW_NULL : ((enumMaps[e] as Map<string, number>).get(v) ?? RAW_UNKNOWN_CODE);

const relationOf = (v: string | null): number => (v === 'head' ? 1 : v === 'spouse' ? 2 : 0);

const numOrNaN = (v: string | number | null): number => (v === null ? Number.NaN : Number(v));

const dateKeyOf = (iso: string): number =>
  Number(iso.slice(0, 4)) * 10000 + Number(iso.slice(5, 7)) * 100 + Number(iso.slice(8, 10));

/** Query rows (PGlite, or a street's few rows) into raw columns. */
export function rawColumnsOfRows(rows: readonly RawPersonRow[]): RawColumns {
  const n = rows.length;
  const raw = newRawColumns(n);
  raw.size = n;
  const homes = new Map<string, number>();
  for (let i = 0; i < n; i++) {
    const r = rows[i] as RawPersonRow;
    raw.ids[i] = r.id;
    raw.areaCodes[i] = r.area_code.trim();
    const h = r.household_id;
    let k = -1;
    if (h) {
      k = homes.get(h) ?? homes.size;
      if (k === homes.size) homes.set(h, k);
    }
    raw.households[i] = k;
    raw.birth[i] = dateKeyOf(r.birth);
    raw.sex[i] = r.sex === 'M' ? 0 : 1;
    raw.hukou[i] = r.hukou_local ? 1 : 0;
    raw.relation[i] = relationOf(r.relation);
    raw.jianggan[i] = r.former_jianggan ? 1 : 0;
    raw.pension[i] = numOrNaN(r.pension);
    raw.income[i] = numOrNaN(r.income);
    raw.incomeBefore[i] = numOrNaN(r.income_before);
    for (let e = 0; e < RAW_ENUMS.length; e++)
      (raw.enums[e] as Int8Array)[i] = enumOf(e, r[RAW_ENUMS[e] as (typeof RAW_ENUMS)[number]]);
    raw.disabilityGrade[i] = r.disability_grade === null ? 0 : Number(r.disability_grade);
    raw.newlyDisabled[i] = r.newly_disabled ? 1 : 0;
    raw.hospitalDays[i] = Number(r.hospital_days ?? 0);
    raw.medicalSpend[i] = Number(r.medical_spend ?? 0);
  }
  raw.householdCount = homes.size;
  raw.householdOf = (id) => homes.get(id) ?? -1;
  return raw;
}

/**
 * Household numbers by the 36 bytes of their uuid's text, without making a string of each: an
 * open-addressing table hashed on the last 12 hex digits (random in every uuid version we make),
 * each number's bytes kept once to confirm a match.
 */
export class HouseholdNumbers {
  private slots: Int32Array;
  private keys: Buffer;
  count = 0;

  constructor(capacity = 1 << 10) {
    let size = 16;
    while (size < capacity * 2) size *= 2;
    this.slots = new Int32Array(size).fill(-1);
    this.keys = Buffer.alloc(36 * Math.max(capacity, 8));
  }

  /** The number of the uuid whose text starts at `s` in `buf`, numbering it if it is new. */
  numberAt(buf: Buffer, s: number): number {
    const mask = this.slots.length - 1;
    let slot = hashUuidAt(buf, s) & mask;
    for (;;) {
      const k = this.slots[slot] as number;
      if (k < 0) break;
      if (this.keys.compare(buf, s, s + 36, k * 36, k * 36 + 36) === 0) return k;
      slot = (slot + 1) & mask;
    }
    const k = this.count++;
    if ((k + 1) * 36 > this.keys.length) {
      const more = Buffer.alloc(this.keys.length * 2);
      this.keys.copy(more);
      this.keys = more;
    }
    buf.copy(this.keys, k * 36, s, s + 36);
    this.slots[slot] = k;
    if (this.count * 2 > this.slots.length) this.rehash();
    return k;
  }

  /** The number of a household by its id, -1 when it has none. */
  numberOf(id: string): number {
    if (id.length !== 36) return -1;
    const key = Buffer.from(id, 'latin1');
    const mask = this.slots.length - 1;
    let slot = hashUuidAt(key, 0) & mask;
    for (;;) {
      const k = this.slots[slot] as number;
      if (k < 0) return -1;
      if (this.keys.compare(key, 0, 36, k * 36, k * 36 + 36) === 0) return k;
      slot = (slot + 1) & mask;
    }
  }

  private rehash(): void {
    const slots = new Int32Array(this.slots.length * 2).fill(-1);
    const mask = slots.length - 1;
    for (let k = 0; k < this.count; k++) {
      let slot = hashUuidAt(this.keys, k * 36) & mask;
      while ((slots[slot] as number) >= 0) slot = (slot + 1) & mask;
      slots[slot] = k;
    }
    this.slots = slots;
  }
}

/** FNV-1a over the last 12 characters of a uuid's text. */
function hashUuidAt(buf: Buffer, s: number): number {
  let h = 0x811c9dc5;
  for (let p = s + 24; p < s + 36; p++) h = Math.imul(h ^ (buf[p] as number), 0x01000193);
  return h >>> 0;
}

// ── COPY text format, read from its bytes ──

/** Widths fixed by the column's type (0: read to the tab): uuid, char(12), date, uuid or \N. */
const WIDTHS = RAW_FIELDS.map((f) =>
  f === 'id' || f === 'household_id' ? 36 : f === 'area_code' ? 12 : f === 'birth' ? 10 : 0,
);
const BIRTH = RAW_FIELDS.indexOf('birth');
const TAB = 9;
const NL = 10;
const BACKSLASH = 92;
const ZERO = 48;
const MINUS = 45;

/** One field's text in COPY's text format, its backslash escapes undone. */
function unescapeCopy(text: string): string {
  return text.replace(/\\(?:([0-7]{1,3})|x([0-9a-fA-F]{1,2})|(.))/g, (_, oct, hex, ch) => {
    if (oct) return String.fromCharCode(Number.parseInt(oct, 8));
    if (hex) return String.fromCharCode(Number.parseInt(hex, 16));
    switch (ch) {
      case 'b':
        return '\b';
      case 'f':
        return '\f';
      case 'n':
        return '\n';
      case 'r':
        return '\r';
      case 't':
        return '\t';
      case 'v':
        return '\v';
      default:
        return ch;
    }
  });
}

/**
 * Reads the text-format output of `COPY (rawFactsQuery().persons) TO STDOUT` into raw columns
 * as its chunks arrive, a row split between chunks included: numbers, dates and flags are read
 * from the bytes, and only the ids, area codes, household ids and enum codes become strings.
 */
export class RawCopyReader {
  private raw: RawColumns;
  private rest: Buffer | null = null;
  private readonly starts = new Int32Array(RAW_FIELDS.length);
  private readonly ends = new Int32Array(RAW_FIELDS.length);
  private readonly areas = new Map<number, string>();
  private readonly homes: HouseholdNumbers;

  constructor(capacity = 1 << 16) {
    this.raw = newRawColumns(capacity);
    this.homes = new HouseholdNumbers(capacity);
  }

  push(chunk: Buffer): void {
    let buf = chunk;
    if (this.rest) {
      buf = Buffer.concat([this.rest, chunk]);
      this.rest = null;
    }
    const len = buf.length;
    const starts = this.starts;
    const ends = this.ends;
    const last = RAW_FIELDS.length - 1;
    let start = 0;
    while (start < len) {
      // One row: each field ends at a tab, the last at the newline. The fields whose type fixes
      // their width (uuid, char(12), an ISO date) are checked at their end and not scanned.
      let p = start;
      for (let f = 0; ; f++) {
        const w = WIDTHS[f] as number;
        let e = p + w;
        const fixed =
          w > 0 &&
          e < len &&
          (buf[e] === TAB || buf[e] === NL) &&
          buf[p] !== BACKSLASH &&
          (f !== BIRTH || (buf[p + 4] === MINUS && buf[p + 7] === MINUS));
        if (!fixed) {
          e = p;
          while (e < len && buf[e] !== TAB && buf[e] !== NL) e++;
          if (e === len) {
            // The row goes on in the next chunk.
            this.rest = Buffer.from(buf.subarray(start));
            return;
          }
        }
        starts[f] = p;
        ends[f] = e;
        p = e + 1;
        if (buf[e] === NL) {
          if (f !== last) throw new Error(`COPY row has ${f + 1} fields, not ${RAW_FIELDS.length}`);
          break;
        }
        if (f === last) throw new Error(`COPY row has more than ${RAW_FIELDS.length} fields`);
      }
      this.row(buf);
      start = p;
    }
  }

  /** The columns read so far; throws when the data ended inside a row. */
  finish(): RawColumns {
    if (this.rest && this.rest.length > 0) throw new Error('COPY data ended inside a row');
    const homes = this.homes;
    this.raw.householdCount = homes.count;
    this.raw.householdOf = (id) => homes.numberOf(id);
    return this.raw;
  }

  /** A household field that is not a uuid's 36 characters: \N, or an id written otherwise. */
  private otherHousehold(buf: Buffer, f: number): number {
    const s = this.starts[f] as number;
    const e = this.ends[f] as number;
    if (isNullAt(buf, s, e)) return -1;
    throw new Error(`COPY household id is not a uuid: ${buf.toString('utf8', s, e)}`);
  }

  /** A street's or community's code: a few hundred distinct ones, each made a string once. */
  private area(buf: Buffer, s: number, e: number): string {
    let key = 0;
    for (let p = s; p < e; p++) {
      const d = (buf[p] as number) - ZERO;
      if (d < 0 || d > 9) return buf.toString('latin1', s, e).trim();
      key = key * 10 + d;
    }
    let code = this.areas.get(key);
    if (code === undefined) {
      code = buf.toString('latin1', s, e);
      this.areas.set(key, code);
    }
    return code;
  }

  private row(buf: Buffer): void {
    const starts = this.starts;
    const ends = this.ends;
    let raw = this.raw;
    if (raw.size === raw.birth.length) {
      raw = grown(raw, raw.size * 2);
      this.raw = raw;
    }
    const i = raw.size++;
    raw.ids[i] = buf.toString('latin1', starts[0], ends[0]);
    raw.areaCodes[i] = this.area(buf, starts[1] as number, ends[1] as number);
    raw.birth[i] = dateKeyAt(buf, starts[2] as number, ends[2] as number);
    raw.sex[i] = buf[starts[3] as number] === 77 /* M */ && ends[3]! - starts[3]! === 1 ? 0 : 1;
    raw.hukou[i] = flagAt(buf, starts[4] as number);
    raw.households[i] =
      ends[5]! - starts[5]! === 36
        ? this.homes.numberAt(buf, starts[5] as number)
        : this.otherHousehold(buf, 5);
    raw.relation[i] = relationAt(buf, starts[6] as number, ends[6] as number);
    raw.jianggan[i] = flagAt(buf, starts[7] as number);
    raw.pension[i] = numAt(buf, starts[8] as number, ends[8] as number);
    raw.income[i] = numAt(buf, starts[9] as number, ends[9] as number);
    raw.incomeBefore[i] = numAt(buf, starts[10] as number, ends[10] as number);
    (raw.enums[0] as Int8Array)[i] = enumAt(0, buf, starts[11] as number, ends[11] as number);
    (raw.enums[1] as Int8Array)[i] = enumAt(1, buf, starts[12] as number, ends[12] as number);
    raw.disabilityGrade[i] = zeroIfNaN(numAt(buf, starts[13] as number, ends[13] as number));
    (raw.enums[2] as Int8Array)[i] = enumAt(2, buf, starts[14] as number, ends[14] as number);
    raw.newlyDisabled[i] = isNullAt(buf, starts[15] as number, ends[15] as number)
      ? 0
      : flagAt(buf, starts[15] as number);
    (raw.enums[3] as Int8Array)[i] = enumAt(3, buf, starts[16] as number, ends[16] as number);
    (raw.enums[4] as Int8Array)[i] = enumAt(4, buf, starts[17] as number, ends[17] as number);
    (raw.enums[5] as Int8Array)[i] = enumAt(5, buf, starts[18] as number, ends[18] as number);
    raw.hospitalDays[i] = zeroIfNaN(numAt(buf, starts[19] as number, ends[19] as number));
    raw.medicalSpend[i] = zeroIfNaN(numAt(buf, starts[20] as number, ends[20] as number));
  }
}

// The field readers are plain functions, not closures made per row: 870,000 rows of them cost
// more than the reading itself.

function isNullAt(buf: Buffer, s: number, e: number): boolean {
  return e - s === 2 && buf[s] === BACKSLASH && buf[s + 1] === 78; /* \N */
}

function flagAt(buf: Buffer, s: number): number {
  return buf[s] === 116 /* t */ ? 1 : 0;
}

function zeroIfNaN(v: number): number {
  return Number.isNaN(v) ? 0 : v;
}

/** A field's text, escapes undone; null for \N. */
function textAt(buf: Buffer, s: number, e: number): string | null {
  if (isNullAt(buf, s, e)) return null;
  const t = buf.toString('utf8', s, e);
  return t.includes('\\') ? unescapeCopy(t) : t;
}

/** Each enum's codes as bytes, to match a field without making a string of it. */
const enumBytes = RAW_ENUMS.map((code) =>
  ((FACT_BY_CODE.get(code) as FactDef).values ?? []).map((v) => Buffer.from(v.code, 'utf8')),
);
const RELATIONS = [Buffer.from('head'), Buffer.from('spouse')];

/** The index of the code among `codes` that the field's bytes spell, or -1. */
function matchAt(codes: readonly Buffer[], buf: Buffer, s: number, e: number): number {
  const n = e - s;
  for (let c = 0; c < codes.length; c++) {
    const code = codes[c] as Buffer;
    if (code.length !== n) continue;
    let k = 0;
    while (k < n && code[k] === buf[s + k]) k++;
    if (k === n) return c;
  }
  return -1;
}

function enumAt(e: number, buf: Buffer, s: number, end: number): number {
  if (isNullAt(buf, s, end)) return RAW_NULL;
  const c = matchAt(enumBytes[e] as Buffer[], buf, s, end);
  // No code matched its bytes: an escaped one still may, once its escapes are undone.
  return c >= 0 ? c : enumOf(e, textAt(buf, s, end));
}

function relationAt(buf: Buffer, s: number, e: number): number {
  const c = matchAt(RELATIONS, buf, s, e);
  return c >= 0 ? c + 1 : isNullAt(buf, s, e) ? 0 : relationOf(textAt(buf, s, e));
}

/** A whole number read from its digits (NaN for \N); anything else goes through Number(). */
function numAt(buf: Buffer, s: number, e: number): number {
  if (isNullAt(buf, s, e)) return Number.NaN;
  let p = s;
  let neg = false;
  if (buf[p] === MINUS) {
    neg = true;
    p++;
  }
  if (p === e) return Number(buf.toString('latin1', s, e));
  let v = 0;
  for (; p < e; p++) {
    const d = (buf[p] as number) - ZERO;
    if (d < 0 || d > 9) return Number(buf.toString('latin1', s, e));
    v = v * 10 + d;
  }
  return neg ? -v : v;
}

/** yyyymmdd of a yyyy-mm-dd field. */
function dateKeyAt(buf: Buffer, s: number, e: number): number {
  if (e - s !== 10) return dateKeyOf(buf.toString('latin1', s, e));
  let year = 0;
  for (let k = s; k < s + 4; k++) year = year * 10 + (buf[k] as number) - ZERO;
  const month = ((buf[s + 5] as number) - ZERO) * 10 + (buf[s + 6] as number) - ZERO;
  const day = ((buf[s + 8] as number) - ZERO) * 10 + (buf[s + 9] as number) - ZERO;
  return year * 10000 + month * 100 + day;
}

// ── Raw columns into the kernel's table ──

/**
 * The batch path's table: the same columns `factsSql` computes, from raw columns and the deaths
 * of the last 90 days (ADR 0019). Every living person of a household is in `raw`, so the
 * household facts are sums over its entries.
 */
export function tableFromRaw(
  raw: RawColumns,
  deaths: readonly { household_id: string; relation: string | null }[],
  asOf: string,
): FactTable {
  const n = raw.size;
  const t = newFactTable(n);
  const col = (code: FactCode) => t.columns[FACT_INDEX.get(code) as number] as { [i: number]: number };
  const asOfKey = dateKeyOf(asOf);
  const adultKey = asOfKey - 180000; // born on or before this day: 18 or older
  const { birth: birthKeys, pension: pensions, income: incomes, disabilityGrade: grades } = raw;
  // Household sums over the living members, by the household number of each entry.
  const homeOf = raw.households;
  const homes = raw.householdCount;
  const size = new Int32Array(homes);
  const total = new Float64Array(homes);
  const unknownIncome = new Uint8Array(homes);
  const severe = new Int32Array(homes);
  for (let i = 0; i < n; i++) {
    const k = homeOf[i] as number;
    if (k < 0) continue;
    size[k] = (size[k] as number) + 1;
    const income = incomes[i] as number;
    const pension = pensions[i] as number;
    total[k] =
      (total[k] as number) + (!Number.isNaN(income) ? income : 0) + (!Number.isNaN(pension) ? pension : 0);
    if (Number.isNaN(income) && Number.isNaN(pension) && (birthKeys[i] as number) <= adultKey)
      unknownIncome[k] = 1;
    const g = grades[i] as number;
    if (g === 1 || g === 2) severe[k] = (severe[k] as number) + 1;
  }
  // A spouse's or head's death of the last 90 days, by household number.
  const spouseDied = new Uint8Array(homes);
  const headDied = new Uint8Array(homes);
  for (const d of deaths) {
    const k = raw.householdOf(d.household_id);
    if (k < 0) continue;
    if (d.relation === 'spouse') spouseDied[k] = 1;
    if (d.relation === 'head') headDied[k] = 1;
  }
  const age = col('age');
  const birth = col('birth_date');
  const since = col('days_since_birthday');
  const sex = col('sex');
  const hukou = col('hukou_local');
  const jianggan = col('former_jianggan');
  const pensionC = col('pension');
  const grade = col('disability_grade');
  const newly = col('newly_disabled');
  const hhSize = col('household_size');
  const hhIncome = col('household_income');
  const hhSevere = col('household_severe_disabled');
  const hospital = col('hospital_days');
  const medical = col('medical_spend');
  const drop = col('income_drop');
  const widowed = col('recently_widowed');
  const enums = RAW_ENUMS.map((code, e) => {
    const def = FACT_BY_CODE.get(code) as FactDef;
    return {
      src: raw.enums[e] as Int8Array,
      dst: col(code),
      none: def.values?.findIndex((v) => v.code === 'none') ?? -1,
    };
  });
  // Days since the last birthday depend on the month and day of birth only.
  const sinceOf = new Map<number, number>();
  for (let i = 0; i < n; i++) {
    t.ids[i] = raw.ids[i] as string;
    t.areaCodes[i] = raw.areaCodes[i] as string;
    const bk = birthKeys[i] as number;
    birth[i] = bk;
    age[i] = ageOnKey(bk, asOfKey);
    const md = bk % 10000;
    let s = sinceOf.get(md);
    if (s === undefined) {
      s = daysSinceBirthday(isoOfKey(bk), asOf);
      sinceOf.set(md, s);
    }
    since[i] = s;
    sex[i] = raw.sex[i] as number;
    hukou[i] = raw.hukou[i] as number;
    jianggan[i] = raw.jianggan[i] as number;
    const pension = pensions[i] as number;
    const income = incomes[i] as number;
    const knownPension = !Number.isNaN(pension);
    const knownIncome = !Number.isNaN(income);
    pensionC[i] = knownPension ? pension : UNKNOWN_INT;
    const g = grades[i] as number;
    grade[i] = g;
    newly[i] = raw.newlyDisabled[i] as number;
    for (const e of enums) {
      const v = e.src[i] as number;
      e.dst[i] = v === RAW_NULL ? (e.none >= 0 ? e.none : UNKNOWN_SMALL) : v < 0 ? UNKNOWN_SMALL : v;
    }
    hospital[i] = raw.hospitalDays[i] as number;
    medical[i] = raw.medicalSpend[i] as number;
    const before = raw.incomeBefore[i] as number;
    drop[i] =
      knownIncome && !Number.isNaN(before) && before > 0
        ? Math.max(0, Math.floor(((before - income) * 100) / before))
        : UNKNOWN_INT;
    const k = homeOf[i] as number;
    if (k >= 0) {
      const sz = size[k] as number;
      hhSize[i] = sz;
      hhIncome[i] = unknownIncome[k] === 1 ? UNKNOWN_INT : Math.round((total[k] as number) / Math.max(sz, 1));
      hhSevere[i] = (severe[k] as number) - (g === 1 || g === 2 ? 1 : 0) > 0 ? 1 : 0;
      const rel = raw.relation[i] as number;
      widowed[i] = (rel === 1 && spouseDied[k] === 1) || (rel === 2 && headDied[k] === 1) ? 1 : 0;
    } else {
      hhSize[i] = 1;
      hhIncome[i] =
        !knownIncome && !knownPension && bk <= adultKey
          ? UNKNOWN_INT
          : (knownIncome ? income : 0) + (knownPension ? pension : 0);
      hhSevere[i] = 0;
      widowed[i] = 0;
    }
  }
  return t;
}
