import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR } from '../../platform/access.ts';
import { fixedClock } from '../../platform/clock.ts';
import type { Ctx } from '../../platform/context.ts';
import { queryOne, queryRows } from '../../platform/db/rows.ts';
import { newId } from '../../platform/ids.ts';
import {
  buildOrgBody,
  buildPersonBody,
  buildServicePointBody,
  COMMUNITY_HUBIN,
  STREET_HUBIN,
} from '../../testing/builders.ts';
import { createTestContext } from '../../testing/context.ts';
import { ensureDemoUsers } from '../demo/index.ts';
import { listUsers } from '../identity/index.ts';
import { checkLedger } from '../ledger/index.ts';
import { addOrgMembers, createOrg } from '../orgs/index.ts';
import { createPerson } from '../registry/index.ts';
import { createServicePoint } from '../service-points/index.ts';
import { seedActivitiesDemo } from './index.ts';

// 2026-06-15 10:00 in Hangzhou: last month's market (May 10) and this month's (June 10) are over.
const clock = fixedClock('2026-06-15T02:00:00Z');
let ctx: Ctx;
let close: () => Promise<void>;
let demoVolunteer: string;

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
  await createServicePoint(
    ctx,
    SYSTEM_ACTOR,
    buildServicePointBody({ name: '涌金门社区志愿者之家', type: 'volunteer_home' }) as never,
  );
  for (let i = 0; i < 8; i++) {
    const p = await createPerson(
      ctx,
      SYSTEM_ACTOR,
      buildPersonBody({ age: 30 + i, areaCode: COMMUNITY_HUBIN }) as never,
    );
    const id = newId();
    if (i === 0) demoVolunteer = id;
    await ctx.db.execute(sql`
      INSERT INTO volunteers (id, person_id, volunteer_no, area_code, user_id, registered_at, updated_at)
      VALUES (${id}::uuid, ${p.id}::uuid, ${`V3301020200${String(i).padStart(4, '0')}`}, ${COMMUNITY_HUBIN},
              ${i === 0 ? users.get('volunteer')! : null}::uuid, now(), now())`);
  }
});

afterAll(async () => {
  await close?.();
});

describe('activities demo', () => {
  it('holds markets, served shifts, confirmed hours with points, self-reports and a certificate, once', async () => {
    const r = await seedActivitiesDemo(ctx, { seed: 7 });
    expect(r.activities).toBeGreaterThanOrEqual(4);
    expect(r.certificates).toBe(1);
    const kinds = await queryRows<{ kind: string; n: number }>(
      ctx.db,
      sql`SELECT kind, count(*)::int AS n FROM activities GROUP BY kind ORDER BY kind`,
    );
    expect(Object.fromEntries(kinds.map((k) => [k.kind, Number(k.n)]))).toMatchObject({ market: 3, post: 2 });
    const records = await queryRows<{ status: string; source: string; n: number }>(
      ctx.db,
      sql`SELECT status, source, count(*)::int AS n FROM service_records GROUP BY status, source`,
    );
    const n = (status: string, source: string) =>
      Number(records.find((x) => x.status === status && x.source === source)?.n ?? 0);
    expect(n('confirmed', 'attendance')).toBeGreaterThan(0);
    expect(n('pending', 'attendance')).toBeGreaterThan(0);
    expect(n('pending', 'self_report')).toBeGreaterThan(0);
    // Confirmed records carry their points; slots agree with the sign-ups; capacity holds.
    const unpaid = await queryOne<{ n: number }>(
      ctx.db,
      sql`SELECT count(*)::int AS n FROM service_records WHERE status = 'confirmed' AND time_bank_transfer_id IS NULL`,
    );
    expect(Number(unpaid?.n)).toBe(0);
    const off = await queryRows<{ shift_id: string }>(
      ctx.db,
      sql`SELECT s.shift_id FROM activity_slots s
          WHERE s.filled <> (SELECT count(*) FROM activity_signups u
                             WHERE u.shift_id = s.shift_id AND u.post_id = s.post_id AND u.status <> 'cancelled')`,
    );
    expect(off).toEqual([]);
    const cert = await queryOne<{ cert_no: string; volunteer_id: string }>(
      ctx.db,
      sql`SELECT cert_no, volunteer_id FROM volunteer_certificates`,
    );
    expect(cert).toMatchObject({ cert_no: 'ZM330102202600001', volunteer_id: demoVolunteer });
    const upcoming = await queryOne<{ n: number }>(
      ctx.db,
      sql`SELECT count(*)::int AS n FROM activity_signups WHERE volunteer_id = ${demoVolunteer}::uuid AND status = 'signed_up'`,
    );
    expect(Number(upcoming?.n)).toBeGreaterThan(0);
    expect((await checkLedger(ctx.db)).ok).toBe(true);
    expect(await seedActivitiesDemo(ctx, { seed: 7 })).toEqual({
      activities: 0,
      records: 0,
      certificates: 0,
    });
  });
});
