import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ageOn } from '../../../contracts/id-number.ts';
import { SYSTEM_ACTOR } from '../../platform/access.ts';
import type { Ctx } from '../../platform/context.ts';
import { queryRows } from '../../platform/db/rows.ts';
import {
  buildOrgBody,
  buildPersonBody,
  buildServicePointBody,
  COMMUNITY_HUBIN,
  COMMUNITY_HUBIN_2,
  DISTRICT,
  STREET_HUBIN,
} from '../../testing/builders.ts';
import { createTestContext } from '../../testing/context.ts';
import { createUser } from '../identity/index.ts';
import { createOrg } from '../orgs/index.ts';
import { createPerson } from '../registry/index.ts';
import { createServicePoint } from '../service-points/index.ts';
import { seedVolunteersDemo } from './index.ts';

let ctx: Ctx;
let close: () => Promise<void>;

beforeAll(async () => {
  ({ ctx, close } = await createTestContext());
  const org = (body: Record<string, unknown>) => createOrg(ctx, SYSTEM_ACTOR, buildOrgBody(body) as never);
  await org({ name: '杭州市上城区红十字会', kind: 'government', areaCode: DISTRICT });
  await org({ name: '湖滨街道社会组织服务中心', areaCode: STREET_HUBIN });
  await org({
    name: '中共杭州市上城区湖滨街道涌金门社区委员会',
    kind: 'party_org',
    areaCode: COMMUNITY_HUBIN,
  });
  await org({
    name: '中共杭州市上城区湖滨街道青年路社区委员会',
    kind: 'party_org',
    areaCode: COMMUNITY_HUBIN_2,
  });
  await createServicePoint(
    ctx,
    SYSTEM_ACTOR,
    buildServicePointBody({
      name: '涌金门社区志愿者之家',
      type: 'volunteer_home',
      lat: 30.25,
      lng: 120.16,
    }) as never,
  );
  // 400 residents: children, adults and elders over two communities.
  for (let i = 0; i < 400; i++) {
    const age = [8, 16, 17, 18, 25, 33, 41, 52, 60, 68, 75, 76, 82][i % 13]!;
    await createPerson(
      ctx,
      SYSTEM_ACTOR,
      buildPersonBody({ age, areaCode: i % 2 ? COMMUNITY_HUBIN_2 : COMMUNITY_HUBIN }) as never,
    );
  }
  await createUser(ctx, {
    username: 'volunteer',
    displayName: '李思雨（志愿者）',
    password: 'Minsheng2026',
    grants: [{ role: 'volunteer', areaCode: COMMUNITY_HUBIN }],
  });
});

afterAll(async () => {
  await close?.();
});

describe('demo volunteers', () => {
  it('picks about 5 % of residents aged 18–75, numbers them, builds teams, links the demo login', async () => {
    const summary = await seedVolunteersDemo(ctx, { seed: 42 });
    const rows = await queryRows<{
      volunteer_no: string;
      area_code: string;
      birth_date: string;
      skills: string[];
      lat: number | null;
      user_id: string | null;
      availability: number;
    }>(
      ctx.db,
      sql`SELECT v.volunteer_no, v.area_code, p.birth_date::text, v.skills, v.lat, v.user_id, v.availability
          FROM volunteers v JOIN persons p ON p.id = v.person_id ORDER BY v.volunteer_no`,
    );
    expect(rows.length).toBe(summary.volunteers);
    // 400 × 8/13 adults ≈ 246 of age; 5 % of them, plus the login's community's top-up.
    expect(rows.length).toBeGreaterThanOrEqual(4);
    expect(rows.length).toBeLessThanOrEqual(30);
    for (const r of rows) {
      const age = ageOn(r.birth_date, ctx.clock.today());
      expect(age).toBeGreaterThanOrEqual(18);
      expect(age).toBeLessThanOrEqual(75);
      expect(r.skills.length).toBeGreaterThan(0);
      expect(r.availability).toBeGreaterThan(0);
    }
    expect(rows.map((r) => Number(r.volunteer_no.slice(7)))).toEqual(rows.map((_, i) => i + 1));
    // 涌金门 has a located service point: its volunteers start near it; 青年路 has none.
    for (const r of rows) expect(r.lat == null).toBe(r.area_code !== COMMUNITY_HUBIN);
    const linked = rows.filter((r) => r.user_id);
    expect(linked).toHaveLength(1);
    expect(linked[0]!.area_code).toBe(COMMUNITY_HUBIN);
    expect(summary.linkedLogin).toBe(linked[0]!.volunteer_no);

    const teams = await queryRows<{
      level: string;
      area_code: string;
      member_count: number;
      n: number;
      leaders: number;
    }>(
      ctx.db,
      sql`SELECT t.level, t.area_code, t.member_count,
            (SELECT count(*)::int FROM volunteer_team_members m WHERE m.team_id = t.id) AS n,
            (SELECT count(*)::int FROM volunteer_team_members m WHERE m.team_id = t.id AND m.role = 'leader') AS leaders
          FROM volunteer_teams t ORDER BY t.level, t.area_code`,
    );
    expect(teams.length).toBe(summary.teams);
    expect(teams.some((t) => t.level === 'community' && t.area_code === COMMUNITY_HUBIN)).toBe(true);
    expect(teams.some((t) => t.level === 'street' && t.area_code === STREET_HUBIN)).toBe(true);
    for (const t of teams) {
      expect(t.member_count).toBe(t.n);
      expect(t.leaders).toBe(1);
    }
  });

  it('adds nothing when run again', async () => {
    const before = await queryRows<{ n: number }>(ctx.db, sql`SELECT count(*)::int AS n FROM volunteers`);
    const again = await seedVolunteersDemo(ctx, { seed: 42 });
    expect(again.volunteers).toBe(0);
    const after = await queryRows<{ n: number }>(ctx.db, sql`SELECT count(*)::int AS n FROM volunteers`);
    expect(after).toEqual(before);
    const settings = await queryRows<{ n: number }>(
      ctx.db,
      sql`SELECT count(*)::int AS n FROM volunteer_point_settings`,
    );
    expect(settings[0]!.n).toBe(1);
  });
});
