import { count, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ageOn } from '../../../contracts/id-number.ts';
import { fixedClock } from '../../platform/clock.ts';
import type { Ctx } from '../../platform/context.ts';
import { queryRows } from '../../platform/db/rows.ts';
import { createTestContext } from '../../testing/context.ts';
import { generateDemoDistrict } from '../demo/index.ts';
import { checkLedger } from '../ledger/index.ts';
import { demoCardNo } from './care-credits.demo.ts';
import { careCreditEnrolments, elderCards } from './care-credits.schema.ts';
import { findElderByCard, seedCareCreditsDemo } from './index.ts';

const clock = fixedClock('2026-06-15T02:00:00Z');
let ctx: Ctx;
let close: () => Promise<void>;

beforeAll(async () => {
  ({ ctx, close } = await createTestContext({ clock }));
  await generateDemoDistrict(ctx, { residents: 3_000, seed: 7 });
}, 300_000);
afterAll(async () => {
  await close?.();
});

describe('seedCareCreditsDemo (run by the demo generator)', () => {
  it('enrolled a tenth of the local 60+, R4 first, gave them cards and granted the last three months; again adds nothing', async () => {
    const [e] = await ctx.db.select({ n: count() }).from(careCreditEnrolments);
    const enrolled = Number(e!.n);
    expect(enrolled).toBeGreaterThan(0);
    const [c] = await ctx.db.select({ n: count() }).from(elderCards);
    expect(Number(c!.n)).toBe(enrolled);
    const months = await queryRows<{ month: string; n: number }>(
      ctx.db,
      sql`SELECT split_part(idempotency_key, ':', 2) AS month, count(*)::int AS n FROM ledger_transfers
          WHERE code = 'chongyang.grant' GROUP BY 1 ORDER BY 1`,
    );
    expect(months).toEqual([
      { month: '2026-04', n: enrolled },
      { month: '2026-05', n: enrolled },
      { month: '2026-06', n: enrolled },
    ]);

    // Everyone enrolled is local and was 60 in the first month; those listed under R4 meet all of it,
    // and the list is about a tenth of the local 60+.
    const rows = await queryRows<{
      birth_date: string;
      hukou_local: boolean;
      reason: string;
      arrangement: string | null;
      grade: string | null;
      pension: number | null;
    }>(
      ctx.db,
      sql`SELECT p.birth_date::text, p.hukou_local, e.reason,
            (SELECT f.value->>'arrangement' FROM person_facts f WHERE f.person_id = p.id AND f.kind = 'living_arrangement' AND f.valid_to IS NULL) AS arrangement,
            (SELECT f.value->>'grade' FROM person_facts f WHERE f.person_id = p.id AND f.kind = 'ability_grade' AND f.valid_to IS NULL) AS grade,
            (SELECT (f.value->>'monthlyFen')::int FROM person_facts f WHERE f.person_id = p.id AND f.kind = 'pension' AND f.valid_to IS NULL) AS pension
          FROM care_credit_enrolments e JOIN persons p ON p.id = e.person_id`,
    );
    expect(rows).toHaveLength(enrolled);
    const r4 = rows.filter((r) => r.reason.startsWith('R4'));
    expect(r4.length).toBeGreaterThan(0);
    for (const r of rows) {
      expect(r.hukou_local).toBe(true);
      expect(ageOn(r.birth_date, '2026-04-30')).toBeGreaterThanOrEqual(60);
    }
    for (const r of r4) {
      expect(['alone', 'empty_nest', 'widowed_childless']).toContain(r.arrangement);
      expect(['mild', 'moderate', 'severe', 'total']).toContain(r.grade);
      expect(r.pension ?? 0).toBeLessThanOrEqual(300_000);
    }
    const [local] = await queryRows<{ n: number }>(
      ctx.db,
      sql`SELECT count(*)::int AS n FROM persons WHERE hukou_local AND deceased_on IS NULL AND birth_date <= '1966-04-30'`,
    );
    expect(enrolled).toBe(Math.max(r4.length, Math.round(local!.n * 0.1)));

    const again = await seedCareCreditsDemo(ctx, { seed: 7 });
    expect(again).toMatchObject({ enrolled: 0, meetingR4: 0, cards: 0, granted: 0, amount: 0 });
    expect(again.months).toEqual(['2026-04', '2026-05', '2026-06']);

    // A card finds its elder.
    const [one] = await ctx.db.select().from(careCreditEnrolments).limit(1);
    const holder = await findElderByCard(ctx.db, ['330102'], demoCardNo(7, one!.personId));
    expect(holder?.personId).toBe(one!.personId);
    expect((await checkLedger(ctx.db)).violations).toEqual([]);
  }, 300_000);
});
