/**
 * Unified social credit code (统一社会信用代码, GB 32100-2015): 18 characters from
 * 0-9 and A-Z without I, O, Z, S, V; position 18 is a MOD 31 check character.
 */
export type CreditCodeProblem =
  | 'CREDIT_CODE_EMPTY'
  | 'CREDIT_CODE_LENGTH'
  | 'CREDIT_CODE_CHARACTERS'
  | 'CREDIT_CODE_CHECKSUM';

const ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

export function creditCodeCheckCharacter(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += ALPHABET.indexOf(first17[i]!) * WEIGHTS[i]!;
  return ALPHABET[(31 - (sum % 31)) % 31]!;
}

export function normaliseCreditCode(raw: string): string {
  return (raw ?? '').replace(/\s+/g, '').toUpperCase();
}

export function parseCreditCode(
  raw: string,
): { ok: true; value: string } | { ok: false; problem: CreditCodeProblem; expected?: string } {
  const value = normaliseCreditCode(raw);
  if (!value) return { ok: false, problem: 'CREDIT_CODE_EMPTY' };
  if (value.length !== 18) return { ok: false, problem: 'CREDIT_CODE_LENGTH' };
  for (const c of value) if (!ALPHABET.includes(c)) return { ok: false, problem: 'CREDIT_CODE_CHARACTERS' };
  const expected = creditCodeCheckCharacter(value.slice(0, 17));
  if (expected !== value[17]) return { ok: false, problem: 'CREDIT_CODE_CHECKSUM', expected };
  return { ok: true, value };
}
