/** Calendar dates as day numbers (days since 1970-01-01, UTC) so that arithmetic stays exact. */
const DAY_MS = 86_400_000;

export function dayOf(iso: string): number {
  return Math.floor(
    Date.UTC(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)) - 1, Number(iso.slice(8, 10))) / DAY_MS,
  );
}

export function isoOf(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

export function isLeap(y: number): boolean {
  return y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0);
}

/** The same calendar day `years` later (29 Feb lands on 28 Feb in a common year). */
export function plusYears(iso: string, years: number): string {
  const y = Number(iso.slice(0, 4)) + years;
  let md = iso.slice(5);
  if (md === '02-29' && !isLeap(y)) md = '02-28';
  return `${String(y).padStart(4, '0')}-${md}`;
}

export function plusDays(iso: string, days: number): string {
  return isoOf(dayOf(iso) + days);
}

/** A uniform day in [from, to], both included (ISO dates). */
export function dayBetween(rng: { int(lo: number, hi: number): number }, from: string, to: string): string {
  const a = dayOf(from);
  const b = dayOf(to);
  return isoOf(b <= a ? a : rng.int(a, b));
}

export const maxIso = (a: string, b: string) => (a > b ? a : b);
export const minIso = (a: string, b: string) => (a < b ? a : b);
