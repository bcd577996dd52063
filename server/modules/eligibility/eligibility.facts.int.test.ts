import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../platform/clock.ts';
import type { Ctx } from '../../platform/context.ts';
import { createTestContext } from '../../testing/context.ts';
import { generateDemoDistrict } from '../demo/index.ts';
import { districtFacts, factsOf } from './eligibility.service.ts';
import { FACTS, rowOf } from './engine/index.ts';

/**
 * The batch path (the database groups each person's facts, the process derives ages, codes and
 * household facts) must give exactly the facts of the SQL path (`factsSql`, which the SQL
 * evaluator and one-person re-evaluation read), person by person, on a generated district.
 */
let ctx: Ctx;
let close: () => Promise<void>;

beforeAll(async () => {
  ({ ctx, close } = await createTestContext({ clock: fixedClock('2026-06-15T02:00:00Z') }));
  await generateDemoDistrict(ctx, { residents: 2500, seed: 7 });
}, 600_000);
afterAll(async () => {
  await close?.();
});

describe('facts of the whole district', () => {
  for (const asOf of ['2026-06-15', '2024-02-29', '2025-03-01']) {
    it(`are the same by both paths on ${asOf}`, async () => {
      const batch = await districtFacts(ctx.db, asOf);
      const streets = new Set(batch.areaCodes.map((a) => a.slice(0, 9)));
      const sqlRows = new Map<string, ReturnType<typeof rowOf>>();
      for (const street of streets) {
        const t = await factsOf(ctx.db, asOf, { streetCode: street });
        for (let i = 0; i < t.size; i++) sqlRows.set(t.ids[i] as string, rowOf(t, i));
      }
      expect(batch.size).toBe(sqlRows.size);
      expect(batch.size).toBeGreaterThan(2000);
      let compared = 0;
      for (let i = 0; i < batch.size; i++) {
        const mine = rowOf(batch, i);
        const theirs = sqlRows.get(mine.id);
        expect(theirs, `person ${mine.id} missing from the SQL path`).toBeDefined();
        for (const f of FACTS) {
          if (mine[f.code] !== theirs?.[f.code])
            expect({ person: mine.id, fact: f.code, batch: mine[f.code] }).toEqual({
              person: mine.id,
              fact: f.code,
              batch: theirs?.[f.code],
            });
        }
        compared++;
      }
      expect(compared).toBe(batch.size);
      // On the district's own date it has the facts the rules read, so the comparison means something.
      if (asOf !== '2026-06-15') return;
      const known = (code: string) => {
        let n = 0;
        for (let i = 0; i < batch.size; i++) if (rowOf(batch, i)[code as never] !== null) n++;
        return n;
      };
      expect(known('household_income')).toBeGreaterThan(100);
      expect(known('pension')).toBeGreaterThan(100);
    }, 120_000);
  }
});
