import { describe, expect, it } from 'vitest';
import { checkRule, type TypedRule } from './check.ts';
import { explainRule } from './explain.ts';
import { type PersonFacts, tableOf } from './facts.ts';
import { compileKernel, runKernel } from './kernel.ts';
import { SEED_PARAMS, SEED_PROGRAMMES } from './programmes.ts';
import { PROBE_RULES, randomResidents, residentOn } from './random-residents.ts';

/**
 * The compiled kernel and the explaining tree-walker must decide alike for everyone: 5,000
 * random residents, every seed programme, on dates either side of a parameter change.
 */

const DATES = ['2021-03-01', '2024-06-30', '2024-07-01', '2026-06-15'];
const RESIDENTS = randomResidents(5000, 20260615, DATES, SEED_PARAMS);

const RULES = [
  ...SEED_PROGRAMMES.map((p) => ({ code: p.code, kind: p.kind, rule: p.rule })),
  ...PROBE_RULES,
].map((r) => {
  const checked = checkRule(r.rule, r.kind, SEED_PARAMS, DATES[DATES.length - 1]!);
  if (!checked.ok) throw new Error(`${r.code}: ${JSON.stringify(checked.errors)}`);
  return { code: r.code, rule: checked.rule };
});

interface Mismatch {
  programme: string;
  on: string;
  person: PersonFacts;
  kernel: [number, number];
  explained: [number, number];
}

function firstMismatch(
  code: string,
  rule: TypedRule,
  on: string,
  people: PersonFacts[],
  seen: Set<number>,
): Mismatch | null {
  const out = runKernel(compileKernel(rule, on), tableOf(people));
  for (let i = 0; i < people.length; i++) {
    const p = people[i]!;
    const x = explainRule(rule, p, on);
    const kernel: [number, number] = [out.decision[i]!, out.amount[i]!];
    seen.add(kernel[0]);
    if (kernel[0] !== x.decision || kernel[1] !== x.amount)
      return { programme: code, on, person: p, kernel, explained: [x.decision, x.amount] };
  }
  return null;
}

describe('kernel and explainer decide alike on random residents', () => {
  const people = new Map(DATES.map((on) => [on, RESIDENTS.map((r) => residentOn(r, on))]));

  it.each(RULES.map((r) => [r.code, r] as const))('%s', (_, { code, rule }) => {
    const seen = new Set<number>();
    for (const on of DATES) expect(firstMismatch(code, rule, on, people.get(on)!, seen)).toBeNull();
    // The residents reach every branch and the otherwise outcome, so the comparison means something.
    for (let b = 0; b <= rule.branches.length; b++) expect([code, b, seen.has(b)]).toEqual([code, b, true]);
    if (rule.facts.some((f) => f.nullable))
      expect([code, 'unknown', seen.has(-1)]).toEqual([code, 'unknown', true]);
  });

  it('draws the same residents from the same seed, with unknowns and birthdays on the dates', () => {
    const again = randomResidents(5000, 20260615, DATES, SEED_PARAMS);
    expect(again).toEqual(RESIDENTS);
    const pensionUnknown = RESIDENTS.filter((r) => r.facts.pension === null).length / RESIDENTS.length;
    expect(pensionUnknown).toBeGreaterThan(0.05);
    expect(pensionUnknown).toBeLessThan(0.15);
    const birthdays = RESIDENTS.filter((r) => DATES.some((d) => d.slice(5) === r.born.slice(5))).length;
    expect(birthdays).toBeGreaterThan(500);
    const ages = new Set(RESIDENTS.map((r) => residentOn(r, DATES[0]!).age));
    for (const a of [59, 60, 79, 80, 84, 85, 89, 90, 99, 100]) expect(ages.has(a)).toBe(true);
  });
});
