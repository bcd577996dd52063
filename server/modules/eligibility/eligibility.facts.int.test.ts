import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR } from '../../platform/access.ts';
import { fixedClock } from '../../platform/clock.ts';
import type { Ctx } from '../../platform/context.ts';
import { queryRows } from '../../platform/db/rows.ts';
import { createTestContext } from '../../testing/context.ts';
import { generateDemoDistrict } from '../demo/index.ts';
import { districtFacts, factsOf } from './eligibility.service.ts';
import { FACTS, rowOf } from './engine/index.ts';
import { runScreening, startScreening } from './index.ts';

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
 * The batch path for the whole district (from query rows, and on PostgreSQL by COPY), and street
 * by street (as the embedded database screens the district), against the SQL path, person by
 * person and fact by fact.
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
  // Given the database, PostgreSQL streams the same rows by COPY, read from their bytes.
  if (ctx.database.kind === 'pg') expect(ctx.database.copyOut).toBeDefined();
  const copied = await districtFacts(ctx.database, asOf);
  expect(copied.size).toBe(sqlRows.size);
  for (let i = 0; i < copied.size; i++)
    expect(rowOf(copied, i)).toEqual(sqlRows.get(copied.ids[i] as string));
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

describe('a whole-district screening', () => {
  const asOf = '2026-06-15';
  const screen = async (onProgress?: (processed: number, total: number, street: string) => void) => {
    const id = await startScreening(ctx, SYSTEM_ACTOR, { asOf });
    const run = await runScreening(ctx, SYSTEM_ACTOR, id, { asOf, onProgress }).catch((err: Error) => err);
    return { id, run };
  };
  const itemsOf = async (runId: string) =>
    (
      await queryRows<{ n: number }>(
        ctx.db,
        sql`select count(*)::int as n from worklist_items where run_id = ${runId}`,
      )
    )[0]?.n ?? 0;

  it('commits street after street in order, counts everyone once, and adds nothing when run again', async () => {
    await ctx.database.exec('delete from worklist_items; delete from screening_runs');
    const people = (await districtFacts(ctx.db, asOf)).size;
    const progress: { processed: number; street: string }[] = [];
    const { id, run } = await screen((processed, _total, street) => progress.push({ processed, street }));
    if (run instanceof Error) throw run;
    expect(run.status).toBe('done');
    expect(run.processed).toBe(people);
    // Streets report in order, each after its commit, and the count only grows.
    expect(progress.length).toBeGreaterThan(3);
    expect(progress.map((p) => p.street)).toEqual([...progress.map((p) => p.street)].sort());
    for (let k = 1; k < progress.length; k++)
      expect(progress[k]?.processed).toBeGreaterThan(progress[k - 1]?.processed ?? 0);
    expect(progress.at(-1)?.processed).toBe(people);
    for (const byStreet of Object.values(run.counts)) expect(byStreet.all?.screened).toBe(people);
    const made = Object.values(run.counts).reduce((n, c) => n + (c.all?.newItems ?? 0), 0);
    expect(made).toBeGreaterThan(0);
    expect(await itemsOf(id)).toBe(made);
    const again = await screen();
    if (again.run instanceof Error) throw again.run;
    expect(await itemsOf(again.id)).toBe(0);
  }, 120_000);

  it('keeps the streets before a failed one, and nothing after it', async () => {
    await ctx.database.exec('delete from worklist_items; delete from screening_runs');
    const streets = [
      ...new Set((await districtFacts(ctx.db, asOf)).areaCodes.map((a) => a.slice(0, 9))),
    ].sort();
    const failing = streets[Math.floor(streets.length / 2)] as string;
    // The database refuses the items of one street in the middle.
    await ctx.database.exec(`
      create function refuse_street() returns trigger language plpgsql as $$
      begin
        if new.area_code like '${failing}%' then raise exception 'refused for the test'; end if;
        return new;
      end $$;
      create trigger refuse_street before insert on worklist_items for each row execute function refuse_street();`);
    try {
      const progress: string[] = [];
      const { id, run } = await screen((_p, _t, street) => progress.push(street));
      expect(run).toBeInstanceOf(Error);
      expect(progress).toEqual(streets.filter((s) => s < failing));
      const [row] = await queryRows<{ status: string; processed: number }>(
        ctx.db,
        sql`select status, processed from screening_runs where id = ${id}`,
      );
      expect(row?.status).toBe('failed');
      const written = await queryRows<{ street: string }>(
        ctx.db,
        sql`select distinct left(area_code, 9) as street from worklist_items where run_id = ${id} order by 1`,
      );
      expect(written.map((w) => w.street)).toEqual(
        progress.filter((s) => written.some((w) => w.street === s)),
      );
      expect(written.every((w) => w.street < failing)).toBe(true);
      const before = await queryRows<{ n: number }>(
        ctx.db,
        sql`select count(*)::int as n from persons where street_code < ${failing}
            and (deceased_on is null or deceased_on > ${asOf}::date) and birth_date <= ${asOf}::date`,
      );
      expect(row?.processed).toBe(before[0]?.n);
    } finally {
      await ctx.database.exec('drop trigger refuse_street on worklist_items; drop function refuse_street()');
    }
  }, 120_000);
});
