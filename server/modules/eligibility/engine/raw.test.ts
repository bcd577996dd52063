import { describe, expect, it } from 'vitest';
import { rowOf, UNKNOWN_SMALL } from './facts.ts';
import {
  HouseholdNumbers,
  RAW_FIELDS,
  RAW_NULL,
  RAW_TYPED_COLUMNS,
  RAW_UNKNOWN_CODE,
  type RawColumns,
  RawCopyReader,
  type RawPersonRow,
  rawColumnsOfRows,
  tableFromRaw,
} from './raw.ts';

/** A value as COPY's text format writes it. */
function copyText(v: unknown): string {
  if (v === null || v === undefined) return '\\N';
  if (v === true) return 't';
  if (v === false) return 'f';
  return String(v).replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r');
}

const copyOf = (rows: readonly RawPersonRow[]): Buffer =>
  Buffer.from(rows.map((r) => `${RAW_FIELDS.map((f) => copyText(r[f])).join('\t')}\n`).join(''), 'utf8');

const base: RawPersonRow = {
  id: '00000000-0000-4000-8000-000000000001',
  area_code: '330102001001',
  birth: '1940-02-29',
  sex: 'F',
  hukou_local: true,
  household_id: 'aaaaaaaa-0000-4000-8000-000000000001',
  relation: 'head',
  former_jianggan: false,
  pension: '312000',
  income: null,
  income_before: null,
  ability: 'severe',
  living: 'alone',
  disability_grade: 2,
  disability_category: 'physical',
  newly_disabled: true,
  low_income: 'dibao',
  veteran: null,
  special_family: null,
  hospital_days: '12',
  medical_spend: '2500000',
};

/** People that cover every field's kinds of value: nulls, negatives, decimals, escapes, unknown codes. */
function people(): RawPersonRow[] {
  const out: RawPersonRow[] = [base];
  out.push({
    ...base,
    id: '00000000-0000-4000-8000-000000000002',
    sex: 'M',
    relation: 'spouse',
    hukou_local: false,
    former_jianggan: true,
    pension: null,
    income: '-1500',
    income_before: '480000',
    ability: null,
    living: 'with_family',
    disability_grade: null,
    disability_category: null,
    newly_disabled: null,
    low_income: null,
    hospital_days: null,
    medical_spend: '12.0',
  });
  // A code the catalogue does not know, with characters COPY escapes.
  out.push({
    ...base,
    id: '00000000-0000-4000-8000-000000000003',
    household_id: null,
    relation: null,
    ability: 'odd\tcode\\x',
    veteran: '烈属?',
    special_family: 'shidu',
    birth: '2010-12-31',
  });
  for (let i = 4; i < 60; i++)
    out.push({
      ...base,
      id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
      area_code: `33010200${i % 3}001`,
      household_id: `aaaaaaaa-0000-4000-8000-${String(i % 7).padStart(12, '0')}`,
      birth: `19${String(30 + (i % 60)).padStart(2, '0')}-${String(1 + (i % 12)).padStart(2, '0')}-${String(1 + (i % 28)).padStart(2, '0')}`,
      pension: i % 4 === 0 ? null : String(100000 + i * 37),
      income: i % 5 === 0 ? String(i * 1000) : null,
      relation: i % 2 === 0 ? 'head' : 'spouse',
      disability_grade: i % 6 === 0 ? 1 : null,
    });
  return out;
}

function columnsEqual(a: RawColumns, b: RawColumns): void {
  expect(a.size).toBe(b.size);
  const n = a.size;
  expect(a.ids.slice(0, n)).toEqual(b.ids.slice(0, n));
  expect(a.areaCodes.slice(0, n)).toEqual(b.areaCodes.slice(0, n));
  expect(a.householdCount).toBe(b.householdCount);
  for (const k of RAW_TYPED_COLUMNS) expect([...a[k].subarray(0, n)], k).toEqual([...b[k].subarray(0, n)]);
  a.enums.forEach((col, e) => {
    expect([...col.subarray(0, n)]).toEqual([...(b.enums[e] as Int8Array).subarray(0, n)]);
  });
}

describe('reading COPY text into raw columns', () => {
  const rows = people();
  const bytes = copyOf(rows);
  const fromRows = rawColumnsOfRows(rows);

  it('gives the columns the query rows give, in one chunk', () => {
    const reader = new RawCopyReader(4);
    reader.push(bytes);
    columnsEqual(reader.finish(), fromRows);
  });

  it('gives the same columns however the bytes are cut into chunks', () => {
    for (const size of [1, 2, 7, 33, 100, 1000]) {
      const reader = new RawCopyReader(1);
      for (let p = 0; p < bytes.length; p += size) reader.push(bytes.subarray(p, p + size));
      columnsEqual(reader.finish(), fromRows);
    }
  });

  it('reads nulls, negative and decimal numbers, escapes and unknown codes as the rows do', () => {
    const reader = new RawCopyReader();
    reader.push(bytes);
    const raw = reader.finish();
    expect(raw.sex[0]).toBe(1);
    expect(raw.sex[1]).toBe(0);
    expect(raw.birth[0]).toBe(19400229);
    expect(raw.relation[0]).toBe(1);
    expect(raw.relation[1]).toBe(2);
    expect(raw.relation[2]).toBe(0);
    expect(raw.households[2]).toBe(-1);
    expect(Number.isNaN(raw.pension[1] as number)).toBe(true);
    expect(raw.income[1]).toBe(-1500);
    expect(raw.medicalSpend[1]).toBe(12);
    expect(raw.hospitalDays[1]).toBe(0);
    expect(raw.disabilityGrade[1]).toBe(0);
    expect(raw.enums[0]?.[1]).toBe(RAW_NULL);
    expect(raw.enums[0]?.[2]).toBe(RAW_UNKNOWN_CODE);
    expect(raw.enums[4]?.[2]).toBe(RAW_UNKNOWN_CODE);
    // In the table, an unknown code is an unknown fact; a missing category is "none".
    const table = tableFromRaw(raw, [], '2026-06-15');
    expect(rowOf(table, 2).ability).toBeNull();
    expect(table.columns[0]).toBeDefined();
    expect(rowOf(table, 1).disability_category).toBe('none');
    expect(rowOf(table, 2).special_family).toBe('shidu');
    expect(UNKNOWN_SMALL).toBe(255);
  });

  it('refuses data that ends inside a row, and rows with too few or too many fields', () => {
    const cut = new RawCopyReader();
    cut.push(bytes.subarray(0, bytes.length - 5));
    expect(() => cut.finish()).toThrow(/inside a row/);
    expect(() => new RawCopyReader().push(Buffer.from('a\tb\n'))).toThrow(/2 fields, not 21/);
    const long = Buffer.from(`${RAW_FIELDS.map(() => 'x').join('\t')}\tx\n`);
    expect(() => new RawCopyReader().push(long)).toThrow(/more than 21 fields/);
  });
});

describe('household numbers from the bytes of their ids', () => {
  it('numbers each id once, in order of first appearance, however many there are', () => {
    const homes = new HouseholdNumbers(4);
    const ids = Array.from(
      { length: 5000 },
      (_, i) => `aaaaaaaa-0000-4000-8000-${String(i * 7919).padStart(12, '0')}`,
    );
    const text = Buffer.from(ids.join(''), 'latin1');
    for (let i = 0; i < ids.length; i++) expect(homes.numberAt(text, i * 36)).toBe(i);
    // Seen again, in another buffer: the same numbers.
    for (let i = ids.length - 1; i >= 0; i -= 13)
      expect(homes.numberAt(Buffer.from(ids[i] as string), 0)).toBe(i);
    expect(homes.count).toBe(ids.length);
    for (let i = 0; i < ids.length; i += 17) expect(homes.numberOf(ids[i] as string)).toBe(i);
    expect(homes.numberOf('aaaaaaaa-0000-4000-8000-999999999999')).toBe(-1);
    expect(homes.numberOf('not a uuid')).toBe(-1);
  });

  it('look a household up by its id the same way on both paths', () => {
    const rows = people();
    const reader = new RawCopyReader(2);
    reader.push(copyOf(rows));
    const copied = reader.finish();
    const fromRows = rawColumnsOfRows(rows);
    for (const r of rows) {
      if (!r.household_id) continue;
      expect(copied.householdOf(r.household_id)).toBe(fromRows.householdOf(r.household_id));
      expect(copied.householdOf(r.household_id)).toBeGreaterThanOrEqual(0);
    }
    expect(copied.householdOf('bbbbbbbb-0000-4000-8000-000000000000')).toBe(-1);
  });
});

describe('raw columns into the fact table', () => {
  it('derives household facts from the members and a head widowed by a spouse’s recent death', () => {
    const home = 'bbbbbbbb-0000-4000-8000-000000000001';
    const member = (n: number, over: Partial<RawPersonRow>): RawPersonRow => ({
      ...base,
      id: `00000000-0000-4000-8000-00000000010${n}`,
      household_id: home,
      disability_grade: null,
      ...over,
    });
    const rows = [
      member(1, { relation: 'head', pension: '300000', income: null, disability_grade: 1 }),
      member(2, { relation: 'child', pension: null, income: '500000', birth: '1990-01-01' }),
      member(3, { relation: 'child', pension: null, income: null, birth: '2015-05-05' }),
    ];
    const table = tableFromRaw(
      rawColumnsOfRows(rows),
      [{ household_id: home, relation: 'spouse' }],
      '2026-06-15',
    );
    const head = rowOf(table, 0);
    expect(head.household_size).toBe(3);
    // (300000 + 500000) / 3, rounded; the child under 18 needs no income of their own.
    expect(head.household_income).toBe(266667);
    // The head's own severe disability does not count as another member's.
    expect(head.household_severe_disabled).toBe(false);
    expect(rowOf(table, 1).household_severe_disabled).toBe(true);
    expect(head.recently_widowed).toBe(true);
    expect(rowOf(table, 1).recently_widowed).toBe(false);
    // An adult without income or pension makes the household's income per head unknown.
    const unknown = tableFromRaw(
      rawColumnsOfRows([...rows.slice(0, 2), member(3, { relation: 'child', income: null, pension: null })]),
      [],
      '2026-06-15',
    );
    expect(rowOf(unknown, 0).household_income).toBeNull();
  });
});
