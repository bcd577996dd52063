import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR } from '../../platform/access.ts';
import { fixedClock } from '../../platform/clock.ts';
import type { Ctx } from '../../platform/context.ts';
import { queryRows } from '../../platform/db/rows.ts';
import { newId } from '../../platform/ids.ts';
import { buildOrgBody, buildPersonBody, COMMUNITY_HUBIN, STREET_HUBIN } from '../../testing/builders.ts';
import { createTestContext } from '../../testing/context.ts';
import { ensureDemoUsers } from '../demo/index.ts';
import { listUsers } from '../identity/index.ts';
import { addOrgMembers, createOrg } from '../orgs/index.ts';
import { createPerson } from '../registry/index.ts';
import { seedNeedsDemo } from './index.ts';

// 2026-06-15 10:00 in Hangzhou; 涌金门社区 is COMMUNITY_HUBIN.
const clock = fixedClock('2026-06-15T02:00:00Z');
let ctx: Ctx;
let close: () => Promise<void>;

beforeAll(async () => {
  ({ ctx, close } = await createTestContext({ clock }));
  await ensureDemoUsers(ctx);
  const users = new Map((await listUsers(ctx)).map((u) => [u.username, u.id]));
  const company = await createOrg(
    ctx,
    SYSTEM_ACTOR,
    buildOrgBody({ name: '杭州颐年养老服务有限公司', kind: 'enterprise', areaCode: STREET_HUBIN }) as never,
  );
  await createOrg(
    ctx,
    SYSTEM_ACTOR,
    buildOrgBody({ name: '湖滨街道志愿者协会', areaCode: STREET_HUBIN }) as never,
  );
  await addOrgMembers(ctx.db, [{ userId: users.get('provider')!, orgId: company.id }]);
  for (const age of [81, 84, 87])
    await createPerson(ctx, SYSTEM_ACTOR, buildPersonBody({ age, areaCode: COMMUNITY_HUBIN }) as never);
  // Volunteers as the volunteers' demo would leave them: one of them the demo volunteer login.
  for (let i = 0; i < 5; i++) {
    const p = await createPerson(
      ctx,
      SYSTEM_ACTOR,
      buildPersonBody({ age: 30 + i, areaCode: COMMUNITY_HUBIN }) as never,
    );
    await ctx.db.execute(sql`
      INSERT INTO volunteers (id, person_id, volunteer_no, area_code, user_id, registered_at, updated_at)
      VALUES (${newId()}::uuid, ${p.id}::uuid, ${`V3301020100${String(i).padStart(4, '0')}`}, ${COMMUNITY_HUBIN},
              ${i === 0 ? users.get('volunteer')! : null}::uuid, now(), now())`);
  }
});

afterAll(async () => {
  await close?.();
});

describe('needs demo', () => {
  it('leaves needs in every state, mostly in 涌金门社区, once', async () => {
    const r = await seedNeedsDemo(ctx, { seed: 7 });
    expect(r.needs).toBeGreaterThan(20);
    const rows = await queryRows<{ status: string; area_code: string; n: number }>(
      ctx.db,
      sql`SELECT status, area_code, count(*)::int AS n FROM needs GROUP BY status, area_code`,
    );
    const statuses = new Set(rows.map((x) => x.status));
    for (const s of [
      'draft',
      'published',
      'claimed',
      'scheduled',
      'in_progress',
      'done',
      'confirmed',
      'rated',
      'cancelled',
      'expired',
    ])
      expect(statuses, s).toContain(s);
    const inYjm = rows.filter((x) => x.area_code === COMMUNITY_HUBIN).reduce((s, x) => s + Number(x.n), 0);
    expect(inYjm).toBeGreaterThan(r.needs / 2);
    // the claimed seats agree with the active claims
    const off = await queryRows<{ id: string }>(
      ctx.db,
      sql`SELECT n.id FROM needs n
          WHERE n.claimed_seats <> coalesce((SELECT sum(c.seats) FROM need_claims c
                                             WHERE c.need_id = n.id AND c.status = 'active'), 0)
            AND n.status IN ('published', 'claimed')`,
    );
    expect(off).toEqual([]);
    const cancelled = await queryRows<{ status_reason: string | null }>(
      ctx.db,
      sql`SELECT status_reason FROM needs WHERE status = 'cancelled'`,
    );
    expect(cancelled.every((c) => !!c.status_reason)).toBe(true);
    // the demo logins have something in their bells
    const bell = await queryRows<{ username: string; n: number }>(
      ctx.db,
      sql`SELECT u.username, count(*)::int AS n FROM notifications x JOIN users u ON u.id = x.user_id GROUP BY u.username`,
    );
    const by = new Map(bell.map((b) => [b.username, Number(b.n)]));
    expect(by.get('yongjinmen')).toBeGreaterThan(0);
    expect(by.get('provider')).toBeGreaterThan(0);
    expect(by.get('volunteer')).toBeGreaterThan(0);
    expect(await seedNeedsDemo(ctx, { seed: 7 })).toEqual({ needs: 0 });
  });
});
