import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR } from '../../platform/access.ts';
import type { Ctx } from '../../platform/context.ts';
import { newId } from '../../platform/ids.ts';
import {
  buildOrgBody,
  buildPersonBody,
  COMMUNITY_HUBIN,
  DISTRICT,
  STREET_HUBIN,
} from '../../testing/builders.ts';
import { createTestContext } from '../../testing/context.ts';
import { checkLedger, findAccount, openAccount, postTransfer } from '../ledger/index.ts';
import { createOrg } from '../orgs/index.ts';
import { createPerson } from '../registry/index.ts';
import { listOrders } from './home-services.service.ts';
import { seedHomeServicesDemo } from './index.ts';

let ctx: Ctx;
let close: () => Promise<void>;
let care: { id: string };
let housekeeping: { id: string };
let creditedElder: string;

beforeAll(async () => {
  ({ ctx, close } = await createTestContext());
  care = await createOrg(
    ctx,
    SYSTEM_ACTOR,
    buildOrgBody({ name: '杭州颐年养老服务有限公司', kind: 'enterprise', areaCode: STREET_HUBIN }) as never,
  );
  housekeeping = await createOrg(
    ctx,
    SYSTEM_ACTOR,
    buildOrgBody({
      name: '杭州乐龄家政服务有限公司',
      kind: 'enterprise',
      areaCode: COMMUNITY_HUBIN,
    }) as never,
  );
  // An association is no provider.
  await createOrg(
    ctx,
    SYSTEM_ACTOR,
    buildOrgBody({ name: '杭州市上城区养老服务行业协会', areaCode: DISTRICT }) as never,
  );
  const elders: string[] = [];
  for (const age of [81, 83, 85, 86, 88]) {
    const p = await createPerson(
      ctx,
      SYSTEM_ACTOR,
      buildPersonBody({ age, areaCode: COMMUNITY_HUBIN }) as never,
    );
    elders.push(p.id);
  }
  creditedElder = elders[2]!;
  await ctx.db.execute(
    sql`INSERT INTO care_credit_enrolments (person_id, id, area_code, from_month, reason)
        VALUES (${creditedElder}::uuid, ${newId()}::uuid, ${COMMUNITY_HUBIN}, '2026-01-01'::date, '测试')`,
  );
  const fund = await openAccount(ctx.db, ctx.clock, {
    ownerType: 'programme',
    ownerId: 'chongyang',
    unit: 'fen',
    kind: 'fund',
    areaCode: DISTRICT,
    allowNegative: true,
  });
  const acc = await openAccount(ctx.db, ctx.clock, {
    ownerType: 'person',
    ownerId: creditedElder,
    unit: 'fen',
    kind: 'elder_care',
    areaCode: COMMUNITY_HUBIN,
  });
  await postTransfer(ctx.db, ctx.clock, {
    key: 'demo-test-grant',
    debitAccountId: fund.id,
    creditAccountId: acc.id,
    amount: 50_000,
    unit: 'fen',
    code: 'chongyang.grant',
  });
});
afterAll(async () => close?.());

describe('the home-services demo', () => {
  it('prices the providers’ services and leaves orders in every state, the ledger in balance', async () => {
    const summary = await seedHomeServicesDemo(ctx, { seed: 7 });
    expect(summary).toMatchObject({ providers: 2, prices: 8 + 3 });
    const all = await listOrders(ctx, SYSTEM_ACTOR, { page: 1, pageSize: 200 });
    expect(all.total).toBe(summary.orders);
    expect(all.items.every((o) => o.orgId === care.id)).toBe(true);
    const statuses = new Set(all.items.map((o) => o.status));
    for (const s of ['placed', 'accepted', 'in_service', 'done', 'confirmed', 'cancelled'])
      expect(statuses.has(s as never), s).toBe(true);
    expect(all.items.some((o) => o.rating !== null)).toBe(true);
    expect(all.items.some((o) => o.refundedFen > 0)).toBe(true);
    // The elder with 重阳分 paid with them (and had them back on the refund); others paid themselves.
    const refund = all.items.find((o) => o.refundedFen > 0)!;
    expect(refund).toMatchObject({ personId: creditedElder, status: 'cancelled' });
    expect(refund.creditsFen).toBe(refund.amountFen);
    for (const o of all.items.filter((o) => o.personId !== creditedElder)) expect(o.creditsFen).toBe(0);
    const acc = await findAccount(ctx.db, {
      ownerType: 'person',
      ownerId: creditedElder,
      unit: 'fen',
      kind: 'elder_care',
    });
    expect(acc!.available).toBeLessThan(50_000);
    expect((await checkLedger(ctx.db)).violations).toEqual([]);
    // Nothing happens after the demo's "now".
    const now = ctx.clock.now().toISOString();
    for (const o of all.items)
      for (const t of [o.acceptedAt, o.checkInAt, o.checkOutAt, o.confirmedAt, o.cancelledAt])
        if (t) expect(t <= now, `${o.orderNo} ${t}`).toBe(true);
    expect(housekeeping.id).toBeDefined();
  });

  it('runs once: a second run adds nothing', async () => {
    expect(await seedHomeServicesDemo(ctx, { seed: 7 })).toEqual({ providers: 0, prices: 0, orders: 0 });
  });
});
