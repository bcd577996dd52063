import { describe, expect, it } from 'vitest';
import { isValidPhone, maskPhone, normalisePhone } from './phone.ts';

describe('normalisePhone', () => {
  it.each([
    ['13912345678', '13912345678'],
    [' 139 1234 5678 ', '13912345678'],
    ['139-1234-5678', '13912345678'],
    ['+8613912345678', '13912345678'],
    ['8613912345678', '13912345678'],
    ['+86 139 1234 5678', '13912345678'],
    ['(0571)87654321', '057187654321'],
    ['（0571）87654321', '057187654321'],
    ['0571-8765-4321', '057187654321'],
    // 86 is only a country code in front of a mobile number, never stripped from a landline.
    ['8657187654321', '8657187654321'],
    ['', ''],
  ])('%j → %j', (raw, value) => {
    expect(normalisePhone(raw)).toBe(value);
  });
});

describe('isValidPhone', () => {
  it.each([
    // mobiles: 11 digits, 1 then 3–9
    ['13912345678', true],
    ['19912345678', true],
    ['12912345678', false],
    ['10912345678', false],
    ['1391234567', false],
    ['139123456789', false],
    ['23912345678', false],
    // landlines: 0, a 2–3 digit rest of area code, a 7–8 digit number (10–12 digits in all)
    ['057187654321', true],
    ['01087654321', true],
    ['0571876543', true],
    ['057176543', false],
    ['0571876543210', false],
    ['57187654321', false],
    ['0571-87654321', false],
    ['', false],
    ['1391234567a', false],
  ])('%j → %s', (value, valid) => {
    expect(isValidPhone(value)).toBe(valid);
  });

  it('accepts what normalisePhone makes of common spellings', () => {
    for (const raw of ['+86 139-1234-5678', '（0571）8765 4321', '010-8765-4321'])
      expect(isValidPhone(normalisePhone(raw)), raw).toBe(true);
  });
});

describe('maskPhone', () => {
  it.each([
    ['13912345678', '139****5678'],
    ['057187654321', '********4321'],
    ['01087654321', '*******4321'],
    ['12345', '*2345'],
    ['1234', '****'],
    ['', '****'],
  ])('%j → %j', (value, masked) => {
    expect(maskPhone(value)).toBe(masked);
  });

  it('never shows the middle four of a mobile', () => {
    expect(maskPhone('13912345678')).not.toContain('1234');
  });
});
