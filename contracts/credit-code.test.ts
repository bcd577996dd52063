import { describe, expect, it } from 'vitest';
import { creditCodeCheckCharacter, normaliseCreditCode, parseCreditCode } from './credit-code.ts';

/**
 * GB 32100-2015 computed by hand from the standard, independent of the code under test:
 * character values from its table (I, O, S, V, Z are not used), weight of position i
 * (1-based) is 3^(i−1) mod 31, and C18 = 31 − (Σ mod 31), where 31 is written 0.
 */
const VALUE: Record<string, number> = {
  0: 0,
  1: 1,
  2: 2,
  3: 3,
  4: 4,
  5: 5,
  6: 6,
  7: 7,
  8: 8,
  9: 9,
  A: 10,
  B: 11,
  C: 12,
  D: 13,
  E: 14,
  F: 15,
  G: 16,
  H: 17,
  J: 18,
  K: 19,
  L: 20,
  M: 21,
  N: 22,
  P: 23,
  Q: 24,
  R: 25,
  T: 26,
  U: 27,
  W: 28,
  X: 29,
  Y: 30,
};
const CHAR_OF = Object.fromEntries(Object.entries(VALUE).map(([c, v]) => [v, c]));

function handCheck(first17: string): string {
  let sum = 0;
  for (let i = 1; i <= 17; i++) {
    const v = VALUE[first17[i - 1]!];
    if (v === undefined) throw new Error(`not a credit-code character: ${first17[i - 1]}`);
    sum += v * (3 ** (i - 1) % 31);
  }
  const c = 31 - (sum % 31);
  return CHAR_OF[c === 31 ? 0 : c]!;
}

// Codes as printed on public business licences, and the standard's example.
const PUBLISHED = [
  '91350100M000100Y43',
  '91110000100010433L',
  '91330100799655058B',
  '911100001000044477',
  '91440300708461136T',
  '91330000142916567N',
  '91110108551385082Q',
];

// Codes built here: the first 17 characters with their hand-computed check character.
const BUILT = [
  '91330102MA2H3K4L5',
  '52330102MJ8765432',
  '12330102470012345',
  '31330000MD0123456',
  '93330102MA2CDEFGH',
].map((first17) => first17 + handCheck(first17));

describe('hand computation', () => {
  it('uses the weights the standard lists', () => {
    const weights = Array.from({ length: 17 }, (_, i) => 3 ** i % 31);
    expect(weights).toEqual([1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]);
  });

  it('has 31 characters, without I, O, S, V and Z', () => {
    expect(Object.keys(VALUE)).toHaveLength(31);
    for (const c of 'IOSVZ') expect(VALUE[c]).toBeUndefined();
  });
});

describe('parseCreditCode: valid codes', () => {
  it.each([...PUBLISHED, ...BUILT])('%s', (code) => {
    expect(handCheck(code.slice(0, 17))).toBe(code[17]);
    expect(creditCodeCheckCharacter(code.slice(0, 17))).toBe(code[17]);
    expect(parseCreditCode(code)).toEqual({ ok: true, value: code });
  });

  it('produces 0 when the remainder is 0 (31 is written 0)', () => {
    // Find a body whose sum is a multiple of 31 so the wrap-around is exercised.
    let found: string | undefined;
    for (let n = 0; n < 10_000 && !found; n++) {
      const first17 = `913301020${String(n).padStart(8, '0')}`;
      if (handCheck(first17) === '0') found = first17;
    }
    expect(found).toBeDefined();
    expect(creditCodeCheckCharacter(found!)).toBe('0');
    expect(parseCreditCode(`${found}0`).ok).toBe(true);
  });

  it('agrees with the hand computation over many bodies, reaching every check character', () => {
    const seen = new Set<string>();
    const alphabet = Object.keys(VALUE).join('');
    for (let n = 0; n < 2000; n++) {
      let body = '9133';
      for (let i = 0; i < 13; i++) body += alphabet[(n * 7 + i * 13 + n * i) % 31];
      const c = handCheck(body);
      seen.add(c);
      expect(creditCodeCheckCharacter(body), body).toBe(c);
    }
    expect(seen.size).toBe(31);
  });

  it('normalises spaces and lower case', () => {
    const code = PUBLISHED[0]!;
    expect(normaliseCreditCode(` ${code.toLowerCase().slice(0, 8)} ${code.toLowerCase().slice(8)} `)).toBe(
      code,
    );
    expect(parseCreditCode(code.toLowerCase())).toEqual({ ok: true, value: code });
  });
});

describe('parseCreditCode: rejections', () => {
  const good = BUILT[0]!;

  it.each([
    ['empty', '', 'CREDIT_CODE_EMPTY'],
    ['only spaces', '  ', 'CREDIT_CODE_EMPTY'],
    ['17 characters (one short)', good.slice(0, 17), 'CREDIT_CODE_LENGTH'],
    ['19 characters (one over)', `${good}0`, 'CREDIT_CODE_LENGTH'],
    ['the old 15-digit registration number', '330102000012345', 'CREDIT_CODE_LENGTH'],
    ['a hyphen', `${good.slice(0, 8)}-${good.slice(9)}`, 'CREDIT_CODE_CHARACTERS'],
    ['a Chinese character', `${good.slice(0, 8)}浙${good.slice(9)}`, 'CREDIT_CODE_CHARACTERS'],
  ])('%s → %s', (_label, raw, problem) => {
    expect(parseCreditCode(raw)).toMatchObject({ ok: false, problem });
  });

  it.each(['I', 'O', 'Z', 'S', 'V'])(
    'the forbidden letter %s, anywhere, even as the check character',
    (letter) => {
      for (const at of [0, 8, 12, 17]) {
        const code = `${good.slice(0, at)}${letter}${good.slice(at + 1)}`;
        expect(code).toHaveLength(18);
        expect(parseCreditCode(code), `${letter} at ${at}`).toMatchObject({
          ok: false,
          problem: 'CREDIT_CODE_CHARACTERS',
        });
        expect(parseCreditCode(code.toLowerCase()), `${letter} at ${at}`).toMatchObject({
          ok: false,
          problem: 'CREDIT_CODE_CHARACTERS',
        });
      }
    },
  );

  it('reports the expected check character for every wrong one', () => {
    for (const code of [...PUBLISHED, ...BUILT]) {
      const right = code[17]!;
      for (const wrong of Object.keys(VALUE).filter((c) => c !== right)) {
        expect(parseCreditCode(code.slice(0, 17) + wrong), `${code} with ${wrong}`).toEqual({
          ok: false,
          problem: 'CREDIT_CODE_CHECKSUM',
          expected: right,
        });
      }
    }
  });

  it('catches a single changed character in the body', () => {
    const code = PUBLISHED[2]!;
    const changed = `${code.slice(0, 10)}${code[10] === '1' ? '2' : '1'}${code.slice(11)}`;
    expect(parseCreditCode(changed)).toMatchObject({ ok: false, problem: 'CREDIT_CODE_CHECKSUM' });
  });

  it('rejects 91330000MA27U0AP0C (its check character should be 7)', () => {
    expect(handCheck('91330000MA27U0AP0')).toBe('7');
    expect(parseCreditCode('91330000MA27U0AP0C')).toEqual({
      ok: false,
      problem: 'CREDIT_CODE_CHECKSUM',
      expected: '7',
    });
  });
});
