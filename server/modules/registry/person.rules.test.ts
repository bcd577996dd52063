import { describe, expect, it } from 'vitest';
import { AGE_BANDS, type AgeBand } from '../../../contracts/domain.ts';
import { ageOn } from '../../../contracts/id-number.ts';
import { buildIdNumber } from '../../testing/builders.ts';
import {
  ageBandWindow,
  checkFact,
  checkIdNumber,
  checkPhone,
  type FactInput,
  isEventKind,
  isSensitiveKind,
  overlaps,
} from './person.rules.ts';

const BIRTH = '1950-03-15';
const person = { birthDate: BIRTH };
const grade = (validFrom: string, validTo?: string | null): FactInput => ({
  kind: 'ability_grade',
  value: { grade: 'moderate' },
  validFrom,
  validTo,
});
const codes = (r: ReturnType<typeof checkFact>) => r.issues.map((i) => i.code);

describe('overlaps (inclusive ranges; an open end runs for ever)', () => {
  const held = { validFrom: '2024-01-01', validTo: '2025-12-31' };
  it.each([
    ['starts on the last day of the other', { validFrom: '2025-12-31' }, true],
    ['starts the day after the other ends', { validFrom: '2026-01-01' }, false],
    ['ends on the first day of the other', { validFrom: '2023-01-01', validTo: '2024-01-01' }, true],
    ['ends the day before the other starts', { validFrom: '2023-01-01', validTo: '2023-12-31' }, false],
    ['lies inside', { validFrom: '2024-05-01', validTo: '2024-05-01' }, true],
    ['encloses', { validFrom: '2020-01-01', validTo: '2030-01-01' }, true],
    ['open-ended, starting before', { validFrom: '2020-01-01', validTo: null }, true],
    ['open-ended, starting after', { validFrom: '2026-01-01', validTo: null }, false],
  ])('a range that %s → %s', (_label, other, expected) => {
    expect(overlaps(other, held)).toBe(expected);
    expect(overlaps(held, other)).toBe(expected);
  });

  it('two open-ended ranges always overlap', () => {
    expect(overlaps({ validFrom: '2000-01-01' }, { validFrom: '2090-01-01', validTo: null })).toBe(true);
  });

  it('an open-ended held range reaches any later start', () => {
    const open = { validFrom: '2024-01-01', validTo: null };
    expect(overlaps({ validFrom: '2099-12-31' }, open)).toBe(true);
    expect(overlaps({ validFrom: '2023-01-01', validTo: '2023-12-31' }, open)).toBe(false);
    expect(overlaps({ validFrom: '2023-01-01', validTo: '2024-01-01' }, open)).toBe(true);
  });
});

describe('checkFact: overlap with facts of the same kind', () => {
  const existing = [{ id: 'f1', validFrom: '2024-01-01', validTo: '2025-12-31' }];

  it('a fact starting on the day the other ends overlaps, with its dates in the parameters', () => {
    const r = checkFact(grade('2025-12-31'), person, existing);
    expect(r.issues).toEqual([
      {
        field: 'validFrom',
        code: 'FACT_OVERLAP',
        params: { kind: 'ability_grade', from: '2024-01-01', to: '2025-12-31', factId: 'f1' },
      },
    ]);
  });

  it('a fact starting the next day does not', () => {
    expect(checkFact(grade('2026-01-01'), person, existing).issues).toEqual([]);
  });

  it('an open-ended held fact is reported with a dash for its end', () => {
    const r = checkFact(grade('2030-01-01'), person, [{ id: 'f2', validFrom: '2026-01-01', validTo: null }]);
    expect(r.issues[0]).toMatchObject({ code: 'FACT_OVERLAP', params: { to: '—', factId: 'f2' } });
  });

  it('reports one overlap even when several held facts overlap', () => {
    const r = checkFact(grade('2020-01-01'), person, [
      { id: 'a', validFrom: '2021-01-01', validTo: '2021-12-31' },
      { id: 'b', validFrom: '2022-01-01', validTo: null },
    ]);
    expect(codes(r)).toEqual(['FACT_OVERLAP']);
    expect(r.issues[0]!.params!.factId).toBe('a');
  });
});

describe('checkFact: dates', () => {
  it.each([
    ['ends the day before it starts', '2025-06-02', '2025-06-01', ['FACT_ENDS_BEFORE_START']],
    ['ends the day it starts (one day)', '2025-06-01', '2025-06-01', []],
    ['ends the day after it starts', '2025-06-01', '2025-06-02', []],
    ['starts the day before birth', '1950-03-14', null, ['FACT_BEFORE_BIRTH']],
    ['starts on the birth date', '1950-03-15', null, []],
    ['starts the day after birth', '1950-03-16', null, []],
  ])('a fact that %s', (_label, from, to, expected) => {
    expect(codes(checkFact(grade(from, to), person, []))).toEqual(expected);
  });

  it('names the dates in the parameters', () => {
    const r = checkFact(grade('2025-06-02', '2025-06-01'), person, []);
    expect(r.issues[0]).toEqual({
      field: 'validTo',
      code: 'FACT_ENDS_BEFORE_START',
      params: { validFrom: '2025-06-02', validTo: '2025-06-01' },
    });
    expect(checkFact(grade('1949-01-01'), person, []).issues[0]).toEqual({
      field: 'validFrom',
      code: 'FACT_BEFORE_BIRTH',
      params: { birthDate: BIRTH },
    });
  });

  it('death is open-ended only', () => {
    const withEnd = checkFact(
      { kind: 'death', value: {}, validFrom: '2026-01-05', validTo: '2026-01-06' },
      person,
      [],
    );
    expect(withEnd.issues).toEqual([
      { field: 'validTo', code: 'FACT_OPEN_ENDED_ONLY', params: { kind: 'death' } },
    ]);
    expect(checkFact({ kind: 'death', value: {}, validFrom: '2026-01-05' }, person, []).issues).toEqual([]);
    expect(
      checkFact({ kind: 'death', value: {}, validFrom: '2026-01-05', validTo: null }, person, []).issues,
    ).toEqual([]);
  });

  it('a second death overlaps the first', () => {
    const r = checkFact({ kind: 'death', value: {}, validFrom: '2026-02-01' }, person, [
      { id: 'd', validFrom: '2026-01-05', validTo: null },
    ]);
    expect(codes(r)).toEqual(['FACT_OVERLAP']);
  });
});

describe('checkFact: values', () => {
  it.each([
    ['ability_grade', { grade: 'severe' }, []],
    ['ability_grade', { grade: 'bedridden' }, ['value.grade']],
    ['ability_grade', {}, ['value.grade']],
    ['living_arrangement', { arrangement: 'alone' }, []],
    ['pension', { monthlyFen: 0 }, []],
    ['pension', { monthlyFen: -1 }, ['value.monthlyFen']],
    ['pension', { monthlyFen: 300000 }, []],
    ['pension', { monthlyFen: 100_000_000 }, []],
    ['pension', { monthlyFen: 100_000_001 }, ['value.monthlyFen']],
    ['pension', { monthlyFen: 1.5 }, ['value.monthlyFen']],
    ['pension', { monthlyFen: '3000' }, ['value.monthlyFen']],
    ['low_income', { status: 'dibao' }, []],
    ['low_income', { status: 'rich' }, ['value.status']],
    ['veteran', { type: 'martyr_family' }, []],
    ['special_family', { type: 'shidu' }, []],
    ['income', { monthlyFen: 0 }, []],
    ['income', { monthlyFen: 1 }, []],
    ['income', { monthlyFen: -1 }, ['value.monthlyFen']],
    ['income', { monthlyFen: 100_000_000 }, []],
    ['income', { monthlyFen: 100_000_001 }, ['value.monthlyFen']],
    ['income', { monthlyFen: 650_000.5 }, ['value.monthlyFen']],
    ['income', { monthlyFen: '650000' }, ['value.monthlyFen']],
    ['income', {}, ['value.monthlyFen']],
    ['hospital_stay', {}, []],
    ['hospital_stay', { hospital: '浙江大学医学院附属第二医院' }, []],
    ['hospital_stay', { hospital: '院'.repeat(60) }, []],
    ['hospital_stay', { hospital: '院'.repeat(61) }, ['value.hospital']],
    ['hospital_stay', { hospital: 2 }, ['value.hospital']],
    ['medical_expense', { amountFen: 0 }, ['value.amountFen']],
    ['medical_expense', { amountFen: 1 }, []],
    ['medical_expense', { amountFen: -100 }, ['value.amountFen']],
    ['medical_expense', { amountFen: 12_345.6 }, ['value.amountFen']],
    ['medical_expense', { amountFen: '20000' }, ['value.amountFen']],
    ['medical_expense', { amountFen: 100_000_000 }, []],
    ['medical_expense', { amountFen: 100_000_001 }, ['value.amountFen']],
    ['medical_expense', {}, ['value.amountFen']],
    ['medical_expense', { amountFen: 20_000, note: '门诊自付' }, []],
    ['medical_expense', { amountFen: 20_000, note: '药'.repeat(60) }, []],
    ['medical_expense', { amountFen: 20_000, note: '药'.repeat(61) }, ['value.note']],
  ] as const)('%s %j → %j', (kind, value, fields) => {
    const r = checkFact({ kind, value: { ...value }, validFrom: '2025-01-01' }, person, []);
    expect(r.issues.map((i) => i.field)).toEqual(fields);
    for (const i of r.issues) expect(i.code).toBe('FACT_VALUE_INVALID');
    if (!fields.length) expect(r.value).toEqual(value);
    else expect(r.value).toBeUndefined();
  });
});

describe('checkFact: income, hospital stays and medical costs', () => {
  const held = [{ id: 'h1', validFrom: '2026-03-01', validTo: '2026-03-20' }];
  const openHeld = [{ id: 'h2', validFrom: '2026-03-01', validTo: null }];
  const value = {
    income: { monthlyFen: 650_000 },
    hospital_stay: { hospital: '杭州市第一人民医院' },
    medical_expense: { amountFen: 48_000 },
  } as const;
  type Kind = keyof typeof value;
  const fact = (kind: Kind, validFrom: string, validTo?: string | null): FactInput => ({
    kind,
    value: { ...value[kind] },
    validFrom,
    validTo,
  });

  it.each([
    // kind, from, to, held, expected codes
    ['income', '2026-03-20', null, held, ['FACT_OVERLAP']], // starts on the old span's last day
    ['income', '2026-03-21', null, held, []], // starts the day after it ends
    ['income', '2026-06-01', null, openHeld, ['FACT_OVERLAP']], // the old income is still open
    ['income', '2026-01-01', '2026-02-28', openHeld, []], // ends the day before
    ['income', '2026-01-01', '2026-03-01', openHeld, ['FACT_OVERLAP']],
    ['hospital_stay', '2026-03-20', '2026-03-25', held, ['FACT_OVERLAP']], // admitted on the discharge day
    ['hospital_stay', '2026-03-21', '2026-03-25', held, []],
    ['hospital_stay', '2026-02-20', '2026-02-28', held, []],
    ['hospital_stay', '2026-02-20', '2026-03-01', held, ['FACT_OVERLAP']],
    ['hospital_stay', '2026-02-20', null, held, ['FACT_OVERLAP']], // still in hospital, reaching the later stay
    ['hospital_stay', '2026-04-01', null, openHeld, ['FACT_OVERLAP']], // not yet discharged from the first
    ['medical_expense', '2026-03-10', null, held, []],
    ['medical_expense', '2026-03-10', '2026-03-10', held, []],
    [
      'medical_expense',
      '2026-03-10',
      null,
      [{ id: 'm', validFrom: '2026-03-10', validTo: '2026-03-10' }],
      [],
    ],
  ] as const)('%s %s–%s against %j → %j', (kind, from, to, existing, expected) => {
    expect(codes(checkFact(fact(kind, from, to), person, [...existing]))).toEqual(expected);
  });

  it('many medical costs may fall on the same day', () => {
    const same = Array.from({ length: 5 }, (_, i) => ({
      id: String(i),
      validFrom: '2026-03-10',
      validTo: '2026-03-10',
    }));
    expect(checkFact(fact('medical_expense', '2026-03-10'), person, same).issues).toEqual([]);
  });

  it.each([
    ['the day after', '2026-03-11'],
    ['the day before', '2026-03-09'],
    ['a month later', '2026-04-10'],
  ])('a medical cost ending %s its day is refused as single-day only', (_label, validTo) => {
    const r = checkFact(fact('medical_expense', '2026-03-10', validTo), person, []);
    expect(r.issues).toEqual([
      {
        field: 'validTo',
        code: 'FACT_SINGLE_DAY_ONLY',
        params: { kind: 'medical_expense', validFrom: '2026-03-10' },
      },
    ]);
  });

  it('a medical cost ends on its own day, given or left empty; other kinds keep the end given', () => {
    expect(checkFact(fact('medical_expense', '2026-03-10'), person, []).validTo).toBe('2026-03-10');
    expect(checkFact(fact('medical_expense', '2026-03-10', null), person, []).validTo).toBe('2026-03-10');
    expect(checkFact(fact('medical_expense', '2026-03-10', '2026-03-10'), person, []).validTo).toBe(
      '2026-03-10',
    );
    expect(checkFact(fact('hospital_stay', '2026-03-10'), person, []).validTo).toBeNull();
    expect(checkFact(fact('hospital_stay', '2026-03-10', '2026-03-14'), person, []).validTo).toBe(
      '2026-03-14',
    );
    expect(checkFact(fact('income', '2026-03-10', '2026-12-31'), person, []).validTo).toBe('2026-12-31');
  });

  it('a discharge before the admission is refused', () => {
    expect(codes(checkFact(fact('hospital_stay', '2026-03-10', '2026-03-09'), person, []))).toEqual([
      'FACT_ENDS_BEFORE_START',
    ]);
  });

  it('trims the hospital and note, and leaves them out when blank', () => {
    const stay = checkFact(
      { kind: 'hospital_stay', value: { hospital: '  浙江省中医院 ' }, validFrom: '2026-03-01' },
      person,
      [],
    );
    expect(stay.value).toEqual({ hospital: '浙江省中医院' });
    const blank = checkFact(
      { kind: 'medical_expense', value: { amountFen: 100, note: '   ' }, validFrom: '2026-03-01' },
      person,
      [],
    );
    expect(blank.issues).toEqual([]);
    expect(JSON.parse(JSON.stringify(blank.value))).toEqual({ amountFen: 100 });
  });

  it('names the value field with its kind, so that an income is not called a pension', () => {
    const r = checkFact({ kind: 'income', value: { monthlyFen: -1 }, validFrom: '2026-03-01' }, person, []);
    expect(r.issues).toEqual([
      { field: 'value.monthlyFen', code: 'FACT_VALUE_INVALID', params: { field: 'income.monthlyFen' } },
    ]);
  });
});

describe('checkFact: disability card = ID number + category digit + grade digit', () => {
  const idNumber = buildIdNumber({ birthDate: BIRTH });
  const disability = (value: Record<string, unknown>): FactInput => ({
    kind: 'disability',
    value,
    validFrom: '2020-01-01',
  });

  it.each([
    ['visual', 1],
    ['hearing', 2],
    ['speech', 3],
    ['physical', 4],
    ['intellectual', 5],
    ['mental', 6],
    ['multiple', 7],
  ])('%s is category %i', (category, digit) => {
    for (const g of [1, 4]) {
      const ok = checkFact(
        disability({ category, grade: g, cardNumber: `${idNumber}${digit}${g}` }),
        { ...person, idNumber },
        [],
      );
      expect(ok.issues, `${category} grade ${g}`).toEqual([]);
    }
  });

  it.each([
    ['the wrong category digit', `${idNumber}32`],
    ['the wrong grade digit', `${idNumber}43`],
    ['digits swapped', `${idNumber}24`],
    ['another person’s ID number', `${buildIdNumber({ birthDate: '1960-01-01' })}42`],
  ])('refuses %s, naming the expected ending', (_label, cardNumber) => {
    const r = checkFact(
      disability({ category: 'physical', grade: 2, cardNumber }),
      { ...person, idNumber },
      [],
    );
    expect(r.issues).toEqual([
      {
        field: 'value.cardNumber',
        code: 'DISABILITY_CARD_MISMATCH',
        params: { expected: `${idNumber.slice(-4)}42` },
      },
    ]);
  });

  it.each([0, 5])('grade %i is outside 1–4', (g) => {
    const r = checkFact(
      disability({ category: 'physical', grade: g, cardNumber: `${idNumber}4${g}` }),
      { ...person, idNumber },
      [],
    );
    expect(r.issues.map((i) => [i.field, i.code])).toEqual([['value.grade', 'FACT_VALUE_INVALID']]);
  });

  it('refuses a card number that is not 20 characters', () => {
    const r = checkFact(
      disability({ category: 'physical', grade: 2, cardNumber: `${idNumber}4` }),
      { ...person, idNumber },
      [],
    );
    expect(r.issues.map((i) => i.field)).toEqual(['value.cardNumber']);
  });

  it('accepts a card number with surrounding spaces and stores it trimmed', () => {
    const r = checkFact(
      disability({ category: 'physical', grade: 2, cardNumber: ` ${idNumber}42 ` }),
      { ...person, idNumber },
      [],
    );
    expect(r.issues).toEqual([]);
    expect(r.value).toMatchObject({ cardNumber: `${idNumber}42` });
  });
});

describe('checkIdNumber and checkPhone', () => {
  it('gives the field, the code and the expected check character', () => {
    const good = buildIdNumber({ age: 70 });
    const bad = good.slice(0, 17) + (good[17] === '0' ? '1' : '0');
    const r = checkIdNumber(bad, '2026-06-15');
    expect(r).toEqual({
      ok: false,
      issue: {
        field: 'idNumber',
        code: 'ID_NUMBER_CHECKSUM',
        params: { field: 'idNumber', expected: good[17] },
      },
    });
    expect(checkIdNumber(bad, '2026-06-15', 'line.idNumber')).toMatchObject({
      issue: { field: 'line.idNumber' },
    });
  });

  it('returns the masked value and the last four on success', () => {
    const good = buildIdNumber({ birthDate: '1944-02-29', sex: 'F' });
    const r = checkIdNumber(good.toLowerCase(), '2026-06-15');
    expect(r).toMatchObject({
      ok: true,
      value: good,
      birthDate: '1944-02-29',
      sex: 'F',
      tail: good.slice(14),
    });
    expect(r.ok && r.masked).toBe(`${good.slice(0, 6)}********${good.slice(14)}`);
  });

  it('an absent phone is fine, a bad one is PHONE_INVALID on the named field', () => {
    expect(checkPhone(undefined)).toEqual({ ok: true, value: null });
    expect(checkPhone('  ')).toEqual({ ok: true, value: null });
    expect(checkPhone('12345', 'contactPhone')).toEqual({
      ok: false,
      issue: { field: 'contactPhone', code: 'PHONE_INVALID', params: { field: 'contactPhone' } },
    });
    expect(checkPhone('+86 139 1234 5678')).toEqual({
      ok: true,
      value: '13912345678',
      masked: '139****5678',
      tail: '5678',
    });
  });

  it('pension, disability and low income are sensitive; the rest are not', () => {
    expect(['pension', 'disability', 'low_income'].map(isSensitiveKind)).toEqual([true, true, true]);
    expect(
      ['ability_grade', 'living_arrangement', 'veteran', 'special_family', 'death', 'x'].map(isSensitiveKind),
    ).toEqual([false, false, false, false, false, false]);
  });

  it('income, medical costs and hospital stays are sensitive (PIPL art. 28); medical costs alone are events', () => {
    expect(['income', 'medical_expense', 'hospital_stay'].map(isSensitiveKind)).toEqual([true, true, true]);
    expect(['medical_expense', 'hospital_stay', 'income', 'pension'].map(isEventKind)).toEqual([
      true,
      false,
      false,
      false,
    ]);
  });
});

function inWindow(birth: string, w: { bornAfter?: string; bornOnOrBefore?: string }): boolean {
  return (!w.bornAfter || birth > w.bornAfter) && (!w.bornOnOrBefore || birth <= w.bornOnOrBefore);
}

describe('ageBandWindow (以上/以下 include the number; 周岁 on the as-of date)', () => {
  const AS_OF = '2026-06-15';

  it.each([
    // band, birth date, in band — each threshold the day before, of and after the birthday
    ['60-79', '1966-06-16', false], // 59, turns 60 tomorrow
    ['60-79', '1966-06-15', true], // 60 today
    ['60-79', '1966-06-14', true], // 60 since yesterday
    ['60-79', '1946-06-16', true], // 79, turns 80 tomorrow
    ['60-79', '1946-06-15', false], // 80 today
    ['60-79', '1946-06-14', false],
    ['80-89', '1946-06-16', false],
    ['80-89', '1946-06-15', true],
    ['80-89', '1946-06-14', true],
    ['80-89', '1936-06-16', true], // 89, turns 90 tomorrow
    ['80-89', '1936-06-15', false], // 90 today
    ['80-89', '1936-06-14', false],
    ['100+', '1926-06-16', false], // 99
    ['100+', '1926-06-15', true], // 100 today
    ['100+', '1926-06-14', true],
    ['100+', '1900-01-01', true],
    ['0-17', '2008-06-16', true], // 17
    ['0-17', '2008-06-15', false], // 18 today
    ['0-17', AS_OF, true], // born today
  ] as const)('%s, born %s → %s', (band, birth, expected) => {
    expect(inWindow(birth, ageBandWindow(band, AS_OF))).toBe(expected);
  });

  it('gives the window as dates', () => {
    expect(ageBandWindow('60-79', AS_OF)).toEqual({ bornOnOrBefore: '1966-06-15', bornAfter: '1946-06-15' });
    expect(ageBandWindow('80-89', AS_OF)).toEqual({ bornOnOrBefore: '1946-06-15', bornAfter: '1936-06-15' });
    expect(ageBandWindow('100+', AS_OF)).toEqual({ bornOnOrBefore: '1926-06-15' });
    expect(ageBandWindow('0-17', AS_OF)).toEqual({ bornOnOrBefore: '2026-06-15', bornAfter: '2008-06-15' });
  });

  it('an unknown band gives no window', () => {
    expect(ageBandWindow('120+' as AgeBand, AS_OF)).toEqual({});
  });

  it.each([
    // 29 February births, with as-of dates around 28 Feb / 29 Feb / 1 Mar
    ['80-89', '1944-02-29', '2024-02-28', false], // 79
    ['80-89', '1944-02-29', '2024-02-29', true], // 80 on the day
    ['60-79', '1944-02-29', '2024-02-28', true],
    ['60-79', '1944-02-29', '2024-02-29', false],
    ['18-34', '2008-02-29', '2026-02-28', false], // 17 in a common year until 1 March
    ['18-34', '2008-02-29', '2026-03-01', true],
    ['0-17', '2008-02-29', '2026-02-28', true],
    ['0-17', '2008-02-29', '2026-03-01', false],
    // as of 29 February, people born 28 Feb / 1 Mar in a common year
    ['18-34', '2006-02-28', '2024-02-29', true], // 18 since the 28th
    ['18-34', '2006-03-01', '2024-02-29', false], // 17
    ['0-17', '2006-02-28', '2024-02-29', false],
    ['0-17', '2006-03-01', '2024-02-29', true],
    ['90-99', '1934-02-28', '2024-02-29', true], // 90
    ['80-89', '1934-03-01', '2024-02-29', true], // 89
  ] as const)('%s, born %s, as of %s → %s', (band, birth, asOf, expected) => {
    expect(ageOn(birth, asOf) >= 0).toBe(true);
    expect(inWindow(birth, ageBandWindow(band, asOf))).toBe(expected);
  });

  it('agrees with ageOn for every birth date within 400 days of each threshold, on ordinary and leap as-of dates', () => {
    const asOfs = [
      '2026-06-15',
      '2026-01-01',
      '2026-12-31',
      '2024-02-28',
      '2024-02-29',
      '2024-03-01',
      '2025-02-28',
      '2025-03-01',
      '2100-03-01',
    ];
    const addDays = (iso: string, n: number) => {
      const d = new Date(`${iso}T00:00:00Z`);
      d.setUTCDate(d.getUTCDate() + n);
      return d.toISOString().slice(0, 10);
    };
    let checked = 0;
    const mismatches: string[] = [];
    for (const asOf of asOfs)
      for (const band of AGE_BANDS) {
        const [lo, hi] = band
          .replace('+', '-')
          .split('-')
          .map((s) => (s ? Number(s) : undefined));
        const w = ageBandWindow(band, asOf);
        for (const years of [lo!, ...(hi !== undefined ? [hi + 1] : [])]) {
          const centre = `${Number(asOf.slice(0, 4)) - years}${asOf.slice(4)}`.replace(/-02-29$/, '-02-28');
          for (let n = -400; n <= 400; n++) {
            const birth = addDays(centre, n);
            if (birth > asOf) continue;
            const age = ageOn(birth, asOf);
            const expected = age >= lo! && (hi === undefined || age <= hi);
            checked++;
            if (inWindow(birth, w) !== expected)
              mismatches.push(`${band} born ${birth} as of ${asOf}: age ${age}`);
          }
        }
      }
    expect(checked).toBeGreaterThan(50_000);
    expect(mismatches).toEqual([]);
  });
});
