import { describe, expect, it } from 'vitest';
import {
  ageOn,
  idCheckCharacter,
  isRealDate,
  maskIdNumber,
  normaliseIdNumber,
  parseIdNumber,
} from './id-number.ts';

/**
 * ISO 7064 MOD 11-2 computed from the standard's definition, not from the code under test:
 * position i (1-based from the left, 1..17) weighs 2^(18-i) mod 11, and the check value is
 * (12 − Σ mod 11) mod 11, written X when it is 10.
 */
function handCheck(first17: string): string {
  let sum = 0;
  for (let i = 1; i <= 17; i++) sum += Number(first17[i - 1]) * (2 ** (18 - i) % 11);
  const v = (12 - (sum % 11)) % 11;
  return v === 10 ? 'X' : String(v);
}

/** A full ID from area, birth date (YYYYMMDD) and sequence, with a correct check character. */
function id(area: string, birth: string, seq: string): string {
  const first17 = `${area}${birth}${seq}`;
  return first17 + handCheck(first17);
}

const TODAY = '2026-06-15';

describe('the hand-computed check character', () => {
  it.each([
    // GB 11643-1999's own worked examples.
    ['11010519491231002', 'X'],
    ['44052418800101001', '4'],
  ])('%s → %s', (first17, check) => {
    expect(handCheck(first17)).toBe(check);
    expect(idCheckCharacter(first17)).toBe(check);
  });

  it('agrees with idCheckCharacter over many bodies, covering all eleven check values', () => {
    const seen = new Set<string>();
    for (let n = 0; n < 400; n++) {
      const first17 = `330102195${String(n % 10)}0${1 + (n % 9)}1${n % 9}${String(n).padStart(3, '0')}`;
      const check = handCheck(first17);
      seen.add(check);
      expect(idCheckCharacter(first17), first17).toBe(check);
    }
    expect([...seen].sort()).toEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9', 'X']);
  });
});

describe('parseIdNumber: valid numbers', () => {
  const withX = (() => {
    // Find a sequence whose check character is X, so the X path is really exercised.
    for (let s = 1; s < 999; s++) {
      const v = id('330102', '19560704', String(s).padStart(3, '0'));
      if (v.endsWith('X')) return v;
    }
    throw new Error('no X found');
  })();

  it.each([
    ['the standard example with X', '11010519491231002X', '1949-12-31', 'F', '110105'],
    [
      'the standard example born 1880-01-01 (earliest accepted year)',
      '440524188001010014',
      '1880-01-01',
      'M',
      '440524',
    ],
    ['a Shangcheng resident', id('330102', '19450301', '013'), '1945-03-01', 'M', '330102'],
    ['a check character X', withX, '1956-07-04', null, '330102'],
    ['a 29 Feb birth in a leap year', id('330102', '20000229', '020'), '2000-02-29', 'F', '330102'],
    ['born today', id('330102', '20260615', '001'), '2026-06-15', 'M', '330102'],
    ['province 11 (lowest code)', id('110101', '19800101', '001'), '1980-01-01', 'M', '110101'],
    ['province 82 (highest code)', id('820000', '19800101', '002'), '1980-01-01', 'F', '820000'],
  ])('%s', (_label, raw, birthDate, sex, areaCode) => {
    const r = parseIdNumber(raw, TODAY);
    expect(r).toMatchObject({ ok: true, value: raw, birthDate, areaCode });
    if (sex) expect(r).toMatchObject({ sex });
  });

  it('normalises a lower-case x, spaces and full-width digits before checking', () => {
    expect(withX.endsWith('X')).toBe(true);
    const lower = withX.toLowerCase();
    expect(parseIdNumber(lower, TODAY)).toMatchObject({ ok: true, value: withX });
    expect(
      parseIdNumber(`  ${withX.slice(0, 6)} ${withX.slice(6, 14)} ${withX.slice(14)}  `, TODAY),
    ).toMatchObject({
      ok: true,
      value: withX,
    });
    const fullWidth = withX.replace(/\d/g, (d) => String.fromCharCode(0xff10 + Number(d))).replace('X', 'ｘ');
    expect(fullWidth).not.toBe(withX);
    expect(parseIdNumber(fullWidth, TODAY)).toMatchObject({ ok: true, value: withX });
    expect(parseIdNumber(`\t${withX}\n`, TODAY)).toMatchObject({ ok: true, value: withX });
  });

  it('normaliseIdNumber on its own', () => {
    expect(normaliseIdNumber(' 11010519491231002x ')).toBe('11010519491231002X');
    expect(normaliseIdNumber('１１０１０５ １９４９１２３１ ００２Ｘ')).toBe('11010519491231002X');
  });
});

describe('parseIdNumber: sex comes from the 17th digit (odd = male)', () => {
  it.each([
    ['0', 'F'],
    ['1', 'M'],
    ['2', 'F'],
    ['3', 'M'],
    ['4', 'F'],
    ['5', 'M'],
    ['6', 'F'],
    ['7', 'M'],
    ['8', 'F'],
    ['9', 'M'],
  ])('17th digit %s → %s', (digit, sex) => {
    const r = parseIdNumber(id('330102', '19600510', `01${digit}`), TODAY);
    expect(r).toMatchObject({ ok: true, sex });
  });
});

describe('parseIdNumber: rejections', () => {
  const good = id('330102', '19500315', '123');

  it.each([
    ['empty', '', 'ID_NUMBER_EMPTY'],
    ['only spaces', '   ', 'ID_NUMBER_EMPTY'],
    ['17 characters (one short)', good.slice(0, 17), 'ID_NUMBER_LENGTH'],
    ['19 characters (one over)', `${good}0`, 'ID_NUMBER_LENGTH'],
    ['the old 15-digit form', '330102500315123', 'ID_NUMBER_LENGTH'],
    ['a letter inside', `${good.slice(0, 10)}A${good.slice(11)}`, 'ID_NUMBER_CHARACTERS'],
    ['X before the last place', `${good.slice(0, 16)}X${good[17]}`, 'ID_NUMBER_CHARACTERS'],
    ['a hyphen', `${good.slice(0, 6)}-${good.slice(7)}`, 'ID_NUMBER_CHARACTERS'],
    ['area 00…', id('000000', '19500315', '123'), 'ID_NUMBER_AREA'],
    ['province 10 (below 11)', id('100000', '19500315', '123'), 'ID_NUMBER_AREA'],
    ['province 83 (above 82)', id('830000', '19500315', '123'), 'ID_NUMBER_AREA'],
    ['province 99', id('990000', '19500315', '123'), 'ID_NUMBER_AREA'],
    ['year 1879 (below 1880)', id('330102', '18791231', '123'), 'ID_NUMBER_DATE'],
    ['30 February', id('330102', '19500230', '123'), 'ID_NUMBER_DATE'],
    ['29 February in a common year (2023)', id('330102', '20230229', '123'), 'ID_NUMBER_DATE'],
    ['29 February 1900 (century, not leap)', id('330102', '19000229', '123'), 'ID_NUMBER_DATE'],
    ['month 13', id('330102', '19501301', '123'), 'ID_NUMBER_DATE'],
    ['month 00', id('330102', '19500001', '123'), 'ID_NUMBER_DATE'],
    ['day 00', id('330102', '19500300', '123'), 'ID_NUMBER_DATE'],
    ['31 April', id('330102', '19500431', '123'), 'ID_NUMBER_DATE'],
    ['born tomorrow', id('330102', '20260616', '123'), 'ID_NUMBER_FUTURE'],
    ['born next year', id('330102', '20270101', '123'), 'ID_NUMBER_FUTURE'],
  ])('%s → %s', (_label, raw, problem) => {
    const r = parseIdNumber(raw, TODAY);
    expect(r.ok).toBe(false);
    expect(r).toMatchObject({ problem });
  });

  it.each([
    ['29 February in a leap year (2024)', '20240229'],
    ['29 February 2000 (divisible by 400)', '20000229'],
    ['31 December', '19501231'],
    ['30 April', '19500430'],
  ])('accepts %s', (_label, birth) => {
    expect(parseIdNumber(id('330102', birth, '123'), TODAY).ok).toBe(true);
  });

  it('judges "future" against the given today: at, before and after the birth date', () => {
    const raw = id('330102', '20260615', '124');
    expect(parseIdNumber(raw, '2026-06-14')).toMatchObject({ ok: false, problem: 'ID_NUMBER_FUTURE' });
    expect(parseIdNumber(raw, '2026-06-15')).toMatchObject({ ok: true });
    expect(parseIdNumber(raw, '2026-06-16')).toMatchObject({ ok: true });
  });

  it('reports the expected check character for every wrong one', () => {
    const first17 = good.slice(0, 17);
    const right = handCheck(first17);
    for (const wrong of '0123456789X'.split('').filter((c) => c !== right)) {
      const r = parseIdNumber(first17 + wrong, TODAY);
      expect(r, wrong).toEqual({ ok: false, problem: 'ID_NUMBER_CHECKSUM', expected: right });
    }
  });

  it('reports X as the expected character when X is right', () => {
    const r = parseIdNumber('110105194912310021', TODAY);
    expect(r).toEqual({ ok: false, problem: 'ID_NUMBER_CHECKSUM', expected: 'X' });
  });
});

describe('isRealDate', () => {
  it.each([
    [2024, 2, 29, true],
    [2023, 2, 29, false],
    [2023, 2, 28, true],
    [1900, 2, 29, false],
    [2000, 2, 29, true],
    [2023, 1, 31, true],
    [2023, 1, 32, false],
    [2023, 12, 31, true],
    [2023, 13, 1, false],
    [2023, 0, 1, false],
    [2023, 6, 0, false],
  ])('%i-%i-%i → %s', (y, m, d, real) => {
    expect(isRealDate(y, m, d)).toBe(real);
  });
});

describe('maskIdNumber', () => {
  it('keeps the area code and the last four, hides the eight birth digits', () => {
    expect(maskIdNumber('11010519491231002X')).toBe('110105********002X');
    expect(maskIdNumber('440524188001010014')).toBe('440524********0014');
    const masked = maskIdNumber('330102195003151234');
    expect(masked).toHaveLength(18);
    expect(masked).not.toContain('19500315');
  });

  it('hides everything when the value is not 18 characters', () => {
    expect(maskIdNumber('12345')).toBe('*****');
    expect(maskIdNumber('33010219500315123')).toBe('*'.repeat(17));
    expect(maskIdNumber('')).toBe('');
  });
});

describe('ageOn (周岁: the birthday itself counts)', () => {
  it.each([
    // birth, as of, age
    ['1946-06-15', '2026-06-14', 79],
    ['1946-06-15', '2026-06-15', 80],
    ['1946-06-15', '2026-06-16', 80],
    ['1966-01-01', '2025-12-31', 59],
    ['1966-01-01', '2026-01-01', 60],
    ['1966-01-01', '2026-01-02', 60],
    ['1926-12-31', '2026-12-30', 99],
    ['1926-12-31', '2026-12-31', 100],
    ['2026-06-15', '2026-06-15', 0],
    ['2025-06-16', '2026-06-15', 0],
    ['2025-06-15', '2026-06-15', 1],
    // 29 February births: in a common year the new age starts on 1 March.
    ['2008-02-29', '2026-02-27', 17],
    ['2008-02-29', '2026-02-28', 17],
    ['2008-02-29', '2026-03-01', 18],
    ['2008-02-29', '2028-02-28', 19],
    ['2008-02-29', '2028-02-29', 20],
    ['2008-02-29', '2028-03-01', 20],
    ['1944-02-29', '2024-02-28', 79],
    ['1944-02-29', '2024-02-29', 80],
  ])('born %s, on %s → %i', (birth, asOf, age) => {
    expect(ageOn(birth, asOf)).toBe(age);
  });
});
