import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR } from '../../platform/access.ts';
import { fixedClock } from '../../platform/clock.ts';
import type { Ctx } from '../../platform/context.ts';
import { queryRows } from '../../platform/db/rows.ts';
import { buildCreditCode, buildIdNumber, COMMUNITY_HUBIN, STREET_HUBIN } from '../../testing/builders.ts';
import { createTestContext } from '../../testing/context.ts';
import { checkLedger, findAccount, getAccount } from '../ledger/index.ts';
import { createOrg } from '../orgs/index.ts';
import { addFact, createPerson } from '../registry/index.ts';
import { createServicePoint } from '../service-points/index.ts';
import { listMealSales, seedMealsDemo } from './index.ts';

// Monday 15 June 2026; the demo sells on the three days before.
const clock = fixedClock('2026-06-15T01:00:00Z');
let ctx: Ctx;
let close: () => Promise<void>;
let orgId = '';
const dibao = new Set<string>();

beforeAll(async () => {
  ({ ctx, close } = await createTestContext({ clock }));
  const org = await createOrg(ctx, SYSTEM_ACTOR, {
    name: '杭州知味餐饮管理有限公司',
    kind: 'enterprise',
    creditCode: buildCreditCode(),
    areaCode: STREET_HUBIN,
  });
  orgId = org.id;
  // Lunch every day and supper on weekdays.
  await createServicePoint(ctx, SYSTEM_ACTOR, {
    name: '涌金门老年食堂',
    type: 'canteen',
    areaCode: COMMUNITY_HUBIN,
    address: '涌金门社区 2 幢',
    openingHours: [
      { days: [1, 2, 3, 4, 5, 6, 7], open: '10:30', close: '12:30' },
      { days: [1, 2, 3, 4, 5], open: '16:30', close: '18:00' },
    ],
    orgId,
  });
  // A canteen without an operator gets no menu and no sales.
  await createServicePoint(ctx, SYSTEM_ACTOR, {
    name: '无主食堂',
    type: 'canteen',
    areaCode: COMMUNITY_HUBIN,
    address: '涌金门社区 3 幢',
    openingHours: [{ days: [1, 2, 3, 4, 5, 6, 7], open: '10:30', close: '12:30' }],
  });
  for (let i = 0; i < 24; i++) {
    const p = await createPerson(ctx, SYSTEM_ACTOR, {
      name: `张${'一二三四五六七八九十'[i % 10]}${'甲乙丙丁'[i % 4]}`,
      // Ages 56 to 79 around the 60 threshold, and a few 80+.
      idNumber: buildIdNumber({ age: i < 20 ? 56 + i : 78 + i, asOf: '2026-06-12' }),
      hukouLocal: true,
      areaCode: COMMUNITY_HUBIN,
    });
    if (i % 5 === 2) {
      await addFact(ctx, SYSTEM_ACTOR, p.id, {
        kind: 'low_income',
        value: { status: 'dibao' },
        validFrom: '2025-01-01',
        source: '街道审批',
      });
      dibao.add(p.id);
    }
  }
});
afterAll(async () => close?.());

describe('seedMealsDemo', () => {
  it('writes menus and three past days of closed tills whose subsidies are in the ledger', async () => {
    const s = await seedMealsDemo(ctx, { seed: 42 });
    // 3 lunches (Fri, Sat, Sun 12–14 June) and 1 supper (Friday).
    expect(s).toMatchObject({ canteens: 1, tills: 4 });
    expect(s.menuItems).toBeGreaterThanOrEqual(5);
    // At least three lunches of a fifth of the 20-odd elders, and a supper.
    expect(s.sales).toBeGreaterThanOrEqual(3 * 3 + 1);
    const tills = await queryRows<{ day: string; sitting: string; closed: boolean }>(
      ctx.db,
      sql`select day::text, sitting, closed_at is not null as closed from meal_tills order by day, sitting`,
    );
    expect(tills.map((t) => [t.day, t.sitting, t.closed])).toEqual([
      ['2026-06-12', 'dinner', true],
      ['2026-06-12', 'lunch', true],
      ['2026-06-13', 'lunch', true],
      ['2026-06-14', 'lunch', true],
    ]);
    const sales = await queryRows<{
      person_id: string;
      day: string;
      sitting: string;
      n: number | null;
      age_on_day: number;
      price_fen: string;
      subsidy_fen: string;
      paid_fen: string;
      category: string | null;
      voided: boolean;
      rule_id: string | null;
    }>(
      ctx.db,
      sql`select person_id, day::text, sitting, n, age_on_day, price_fen, subsidy_fen, paid_fen, category,
                 voided_at is not null as voided, rule_id from meal_sales`,
    );
    const live = sales.filter((x) => !x.voided);
    for (const x of live) {
      expect(Number(x.subsidy_fen) + Number(x.paid_fen)).toBe(Number(x.price_fen));
      if (x.n != null) expect(x.age_on_day).toBeGreaterThanOrEqual(60);
      if (x.n != null && dibao.has(x.person_id)) {
        expect(x.category).toBe('dibao');
        expect(Number(x.paid_fen) * 2).toBeGreaterThanOrEqual(Number(x.price_fen) - 1);
      }
    }
    // One subsidised meal per elder per sitting.
    const slots = live.filter((x) => x.n != null).map((x) => `${x.person_id}|${x.day}|${x.sitting}`);
    expect(new Set(slots).size).toBe(slots.length);
    const subsidy = live.reduce((t, x) => t + Number(x.subsidy_fen), 0);
    expect(subsidy).toBe(s.subsidyFen);
    const fund = await findAccount(ctx.db, {
      ownerType: 'programme',
      ownerId: 'meal_subsidy',
      unit: 'fen',
      kind: 'fund',
    });
    const rec = await findAccount(ctx.db, {
      ownerType: 'org',
      ownerId: orgId,
      unit: 'fen',
      kind: 'receivable',
    });
    expect((await getAccount(ctx.db, fund!.id)).balance).toBe(-subsidy);
    expect((await getAccount(ctx.db, rec!.id)).balance).toBe(subsidy);
    expect((await checkLedger(ctx.db)).violations).toEqual([]);
    // The sales read back through the service like any till's.
    const listed = await listMealSales(ctx, SYSTEM_ACTOR, { day: '2026-06-13', page: 1, pageSize: 200 });
    expect(listed.items.length).toBeGreaterThan(0);
    expect(listed.items.every((i) => i.elderName.startsWith('张'))).toBe(true);
  });

  it('a second run adds nothing', async () => {
    const before = await queryRows<{ n: number }>(ctx.db, sql`select count(*)::int as n from meal_sales`);
    expect(await seedMealsDemo(ctx, { seed: 42 })).toMatchObject({ menuItems: 0, tills: 0, sales: 0 });
    expect(await queryRows<{ n: number }>(ctx.db, sql`select count(*)::int as n from meal_sales`)).toEqual(
      before,
    );
  });
});
