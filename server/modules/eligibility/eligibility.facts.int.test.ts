import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../platform/clock.ts';
import type { Ctx } from '../../platform/context.ts';
import { queryRows } from '../../platform/db/rows.ts';
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

/**
 * The batch path for the whole district, and street by street (as the embedded database screens
 * the district), against the SQL path, person by person and fact by fact.
 */
async function compareOn(asOf: string) {
  const batch = await districtFacts(ctx.db, asOf);
  const streets = new Set(batch.areaCodes.map((a) => a.slice(0, 9)));
  const sqlRows = new Map<string, ReturnType<typeof rowOf>>();
  const streetRows = new Map<string, ReturnType<typeof rowOf>>();
  for (const street of streets) {
    const t = await factsOf(ctx.db, asOf, { streetCode: street });
    for (let i = 0; i < t.size; i++) sqlRows.set(t.ids[i] as string, rowOf(t, i));
    const b = await districtFacts(ctx.db, asOf, street);
    for (let i = 0; i < b.size; i++) {
      expect(b.areaCodes[i]?.slice(0, 9)).toBe(street);
      streetRows.set(b.ids[i] as string, rowOf(b, i));
    }
  }
  expect(batch.size).toBe(sqlRows.size);
  expect(streetRows.size).toBe(sqlRows.size);
  for (const [id, row] of streetRows) expect(row).toEqual(sqlRows.get(id));
  return { batch, sqlRows };
}

describe('facts of the whole district', () => {
  for (const asOf of ['2026-06-15', '2024-02-29', '2025-03-01']) {
    it(`are the same by every path on ${asOf}`, async () => {
      const { batch, sqlRows } = await compareOn(asOf);
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

  it('are the same by every path when a household spans two streets', async () => {
    // Move one member of a household of several to another street: the household facts of the
    // members left behind still count them.
    const [home] = await queryRows<{ household_id: string; street_code: string }>(
      ctx.db,
      sql`select household_id, min(street_code) as street_code from persons
          where household_id is not null and deceased_on is null
          group by household_id having count(*) >= 3 order by household_id limit 1`,
    );
    expect(home).toBeDefined();
    const [other] = await queryRows<{ code: string }>(
      ctx.db,
      sql`select area_code as code from persons where street_code <> ${home!.street_code} limit 1`,
    );
    expect(other).toBeDefined();
    const [moved] = await queryRows<{ id: string }>(
      ctx.db,
      sql`update persons set area_code = ${other!.code}, street_code = ${other!.code.slice(0, 9)}
          where id = (select id from persons where household_id = ${home!.household_id} and relation <> 'head'
                      order by id limit 1)
          returning id`,
    );
    const { batch } = await compareOn('2026-06-15');
    // The household now spans two streets, and each member still counts every other.
    const rows = new Map<string, ReturnType<typeof rowOf>>();
    for (let i = 0; i < batch.size; i++) rows.set(batch.ids[i] as string, rowOf(batch, i));
    const members = await queryRows<{ id: string; street_code: string }>(
      ctx.db,
      sql`select id, street_code from persons where household_id = ${home!.household_id} and deceased_on is null`,
    );
    expect(new Set(members.map((m) => m.street_code)).size).toBe(2);
    for (const m of members) expect(rows.get(m.id)?.household_size).toBe(members.length);
    expect(members.some((m) => m.id === moved!.id)).toBe(true);
  }, 120_000);
});
