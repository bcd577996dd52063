/**
 * Resident ID numbers (居民身份证号码, GB 11643-1999): 6-digit area code, 8-digit birth date,
 * 3-digit sequence (odd = male), and an ISO 7064 MOD 11-2 check character ('X' stands for 10).
 */
export type IdNumberProblem =
  | 'ID_NUMBER_EMPTY'
  | 'ID_NUMBER_LENGTH'
  | 'ID_NUMBER_CHARACTERS'
  | 'ID_NUMBER_AREA'
  | 'ID_NUMBER_DATE'
  | 'ID_NUMBER_FUTURE'
  | 'ID_NUMBER_CHECKSUM';

export type IdNumberResult =
  | { ok: true; value: string; birthDate: string; sex: 'M' | 'F'; areaCode: string }
  | { ok: false; problem: IdNumberProblem; expected?: string };

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK = '10X98765432';

export function idCheckCharacter(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17.charCodeAt(i) - 48) * WEIGHTS[i]!;
  return CHECK[sum % 11]!;
}

/** Normalises surrounding spaces, full-width digits and a lower-case x, then validates. */
export function normaliseIdNumber(raw: string): string {
  return raw
    .replace(/[\uFF10-\uFF19]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/[xｘＸ]/g, 'X')
    .replace(/\s+/g, '')
    .trim();
}

export function isRealDate(y: number, m: number, d: number): boolean {
  if (m < 1 || m > 12 || d < 1) return false;
  const days = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return d <= days;
}

/** `today` is the as-of calendar date (YYYY-MM-DD); a birth date after it is rejected. */
export function parseIdNumber(raw: string, today: string): IdNumberResult {
  const value = normaliseIdNumber(raw ?? '');
  if (value.length === 0) return { ok: false, problem: 'ID_NUMBER_EMPTY' };
  if (value.length !== 18) return { ok: false, problem: 'ID_NUMBER_LENGTH' };
  if (!/^\d{17}[\dX]$/.test(value)) return { ok: false, problem: 'ID_NUMBER_CHARACTERS' };
  // Province codes run 11–82 (GB/T 2260); 00 or 99 cannot be a real area.
  const province = Number(value.slice(0, 2));
  if (province < 11 || province > 82) return { ok: false, problem: 'ID_NUMBER_AREA' };
  const y = Number(value.slice(6, 10));
  const m = Number(value.slice(10, 12));
  const d = Number(value.slice(12, 14));
  if (y < 1880 || !isRealDate(y, m, d)) return { ok: false, problem: 'ID_NUMBER_DATE' };
  const birthDate = `${value.slice(6, 10)}-${value.slice(10, 12)}-${value.slice(12, 14)}`;
  if (birthDate > today) return { ok: false, problem: 'ID_NUMBER_FUTURE' };
  const expected = idCheckCharacter(value.slice(0, 17));
  if (expected !== value[17]) return { ok: false, problem: 'ID_NUMBER_CHECKSUM', expected };
  const sex = Number(value[16]) % 2 === 1 ? 'M' : 'F';
  return { ok: true, value, birthDate, sex, areaCode: value.slice(0, 6) };
}

/** 330102********123X — area code and the last four stay visible. */
export function maskIdNumber(value: string): string {
  if (value.length !== 18) return '*'.repeat(value.length);
  return `${value.slice(0, 6)}********${value.slice(14)}`;
}

/** Completed years (周岁) on `asOf`: the birthday itself counts as the new age. */
export function ageOn(birthDate: string, asOf: string): number {
  const by = Number(birthDate.slice(0, 4));
  const ay = Number(asOf.slice(0, 4));
  const hadBirthday = asOf.slice(5) >= birthDate.slice(5);
  return ay - by - (hadBirthday ? 0 : 1);
}
