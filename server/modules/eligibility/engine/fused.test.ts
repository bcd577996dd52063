import { describe, expect, it } from 'vitest';
import { checkRule, type TypedRule } from './check.ts';
import { tableOf } from './facts.ts';
import { compileFused, compileKernel, runKernel } from './kernel.ts';
import { SEED_PARAMS, SEED_PROGRAMMES } from './programmes.ts';
import { PROBE_RULES, randomResidents, residentOn } from './random-residents.ts';

/** The one-pass kernel of all rules decides person by person as each rule's own kernel. */
const DATES = ['2024-06-30', '2024-07-01', '2026-06-15'];
const RESIDENTS = randomResidents(3000, 20261122, DATES, SEED_PARAMS);

const rules: TypedRule[] = [...SEED_PROGRAMMES, ...PROBE_RULES].map((p) => {
  const r = checkRule(p.rule, p.kind, SEED_PARAMS, '2021-01-01');
  if (!r.ok) throw new Error(`${p.code}: ${JSON.stringify(r.errors)}`);
  return r.rule;
});

describe('the fused kernel', () => {
  for (const on of DATES) {
    it(`decides as the per-rule kernels on ${on}`, () => {
      const table = tableOf(RESIDENTS.map((r) => residentOn(r, on)));
      const fused = compileFused(rules, on);
      const decisions = rules.map(() => new Int8Array(table.size));
      const amounts = rules.map(() => new Int32Array(table.size));
      fused.run(table.columns, 0, table.size, decisions, amounts);
      let granted = 0;
      rules.forEach((rule, r) => {
        const single = runKernel(compileKernel(rule, on), table);
        expect(Array.from(decisions[r] as Int8Array)).toEqual(Array.from(single.decision));
        expect(Array.from(amounts[r] as Int32Array)).toEqual(Array.from(single.amount));
        granted += single.decision.filter((d) => d > 0).length;
      });
      expect(granted).toBeGreaterThan(1000);
    });
  }
});
