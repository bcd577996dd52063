import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR } from '../../platform/access.ts';
import { fixedClock } from '../../platform/clock.ts';
import type { Ctx } from '../../platform/context.ts';
import { queryOne, queryRows } from '../../platform/db/rows.ts';
import type { App } from '../../platform/http/types.ts';
import { newId } from '../../platform/ids.ts';
import {
  buildOrgBody,
  buildPersonBody,
  buildServicePointBody,
  COMMUNITY_HUBIN,
  COMMUNITY_HUBIN_2,
  COMMUNITY_QINGBO,
  DISTRICT,
  STREET_HUBIN,
} from '../../testing/builders.ts';
import { createTestContext } from '../../testing/context.ts';
import { type Client, createTestApp, loginAs, nextRemoteAddress, signIn } from '../../testing/http.ts';
import { checkLedger } from '../ledger/index.ts';
import { addOrgMembers } from '../orgs/index.ts';
import {
  addRating,
  adjustCommitments,
  awardPointsForRecords,
  expirePoints,
  findVolunteers,
  type RecordToAward,
  reversePointsForRecord,
  teamBrief,
  volunteerOfUser,
} from './index.ts';

// 2026-06-15 10:00 in Hangzhou.
const clock = fixedClock('2026-06-15T02:00:00Z');
let ctx: Ctx;
let close: () => Promise<void>;
let app: App;
let admin: Client;
let worker: Client;
let worker2: Client;
let street: Client;
let provider: Client;
let otherProvider: Client;
let volunteerLogin: Client;
let merchant: { id: string; areaCode: string };
let homeOfHubin: { id: string; lat: number; lng: number };

interface Volunteer {
  id: string;
  volunteerNo: string;
  personId: string;
  areaCode: string;
  version: number;
  status: string;
  lat: number | null;
  lng: number | null;
  skills: string[];
  partyMember: boolean;
  totalMinutes: number;
  teams: { id: string; role: string }[];
  balances: { points: number; redPoints: number; timeBankMinutes: number };
  person: { name: string; idMasked: string; phoneMasked: string | null };
  userId: string | null;
  username: string | null;
}

async function newPerson(client: Client, areaCode = COMMUNITY_HUBIN, age = 35, extra = {}): Promise<string> {
  const res = await client.post('/api/persons', buildPersonBody({ areaCode, age, ...extra }));
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id;
}

async function register(client: Client, body: Record<string, unknown>): Promise<Volunteer> {
  const res = await client.post('/api/volunteers', body);
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}

async function volunteer(client = worker, body: Record<string, unknown> = {}, areaCode = COMMUNITY_HUBIN) {
  return register(client, { personId: await newPerson(client, areaCode), ...body });
}

const errorOf = (res: {
  statusCode: number;
  json(): { error: { code: string; issues?: { code: string; field: string }[] } };
}) => {
  const e = res.json().error;
  return [res.statusCode, e.code, ...(e.issues ?? []).map((i) => `${i.field}:${i.code}`)];
};

async function count(table: string): Promise<number> {
  const r = await queryOne<{ n: number }>(ctx.db, sql`SELECT count(*)::int AS n FROM ${sql.raw(table)}`);
  return Number(r?.n ?? 0);
}

/** Awards records as the activities module does: inside its own transaction. */
function award(records: RecordToAward[]) {
  return ctx.db.transaction((tx) => awardPointsForRecords({ ...ctx, db: tx }, SYSTEM_ACTOR, records));
}

function record(v: { id: string }, extra: Partial<RecordToAward> = {}): RecordToAward {
  return {
    id: newId(),
    volunteerId: v.id,
    minutes: 60,
    category: 'convenience',
    tier: 1,
    startedAt: new Date('2026-06-14T01:00:00Z'),
    activityId: null,
    ...extra,
  };
}

async function detail(id: string, client = admin): Promise<Volunteer> {
  const res = await client.get(`/api/volunteers/${id}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}

beforeAll(async () => {
  ({ ctx, close } = await createTestContext({ clock }));
  app = await createTestApp(ctx);
  const sign = (role: string, areaCode: string, name: string) =>
    signIn(app, ctx, [{ role: role as never, areaCode }], name, { remoteAddress: nextRemoteAddress() });
  admin = await sign('district_admin', DISTRICT, 'v_admin');
  worker = await sign('community_worker', COMMUNITY_HUBIN, 'v_worker');
  worker2 = await sign('community_worker', COMMUNITY_HUBIN_2, 'v_worker2');
  street = await sign('street_staff', STREET_HUBIN, 'v_street');
  provider = await sign('service_provider', COMMUNITY_HUBIN, 'v_provider');
  otherProvider = await sign('service_provider', COMMUNITY_HUBIN, 'v_other_provider');
  volunteerLogin = await sign('volunteer', COMMUNITY_HUBIN, 'v_login');
  // The community's volunteer home (its centre for distances) and a merchant running a shop.
  const home = await admin.post(
    '/api/service-points',
    buildServicePointBody({ name: '涌金门社区志愿者之家', type: 'volunteer_home', lat: 30.25, lng: 120.16 }),
  );
  expect(home.statusCode, home.body).toBe(201);
  homeOfHubin = home.json();
  merchant = (
    await admin.post('/api/orgs', buildOrgBody({ name: '涌金门便民超市', kind: 'enterprise' }))
  ).json();
  const shop = await admin.post(
    '/api/service-points',
    buildServicePointBody({
      name: '涌金门爱心超市',
      type: 'practice_station',
      orgId: merchant.id,
      lat: 30.26,
      lng: 120.17,
    }),
  );
  expect(shop.statusCode, shop.body).toBe(201);
  const me = async (c: Client) => (await c.get('/api/auth/me')).json().id as string;
  await addOrgMembers(ctx.db, [{ userId: await me(provider), orgId: merchant.id }]);
});

afterAll(async () => {
  await app?.close();
  await close?.();
});

describe('registering volunteers', () => {
  it('registers a resident: a new number, the residence community, its centre, an audit row', async () => {
    const personId = await newPerson(worker);
    const v = await register(worker, {
      personId,
      skills: ['law', 'first_aid', 'law'],
      certificates: [{ skill: 'first_aid', name: '红十字救护员证', number: 'HZ-001', validTo: '2028-12-31' }],
      availability: 7,
      partyMember: true,
    });
    expect(v.volunteerNo).toMatch(/^V330102\d{8}$/);
    expect(v).toMatchObject({
      personId,
      areaCode: COMMUNITY_HUBIN,
      status: 'active',
      skills: ['first_aid', 'law'],
      partyMember: true,
      // Two located service points in the community: the volunteer home and the shop.
      lat: 30.255,
      lng: 120.165,
      balances: { points: 0, redPoints: 0, timeBankMinutes: 0 },
    });
    expect(v.person.idMasked).toMatch(/^\d{6}\*{8}\d{3}[\dX]$/);
    const audit = await queryRows(ctx.db, sql`SELECT action FROM audit_log WHERE entity_id = ${v.id}`);
    expect(audit).toEqual([{ action: 'volunteer.register' }]);
    const next = await volunteer();
    expect(Number(next.volunteerNo.slice(7))).toBe(Number(v.volunteerNo.slice(7)) + 1);
  });

  it('registers a new person and the volunteer in one transaction', async () => {
    const body = buildPersonBody({ age: 28, areaCode: COMMUNITY_HUBIN });
    const v = await register(worker, { person: body, skills: ['teaching'], lat: 30.24, lng: 120.15 });
    expect(v).toMatchObject({
      areaCode: COMMUNITY_HUBIN,
      lat: 30.24,
      lng: 120.15,
      person: { name: body.name },
    });
    const p = await worker.get(`/api/persons/${v.personId}`);
    expect(p.statusCode).toBe(200);
  });

  it('a bad new person is refused with the registry’s reason and nothing is written', async () => {
    const before = [await count('persons'), await count('volunteers'), await count('audit_log')];
    const res = await worker.post('/api/volunteers', {
      person: buildPersonBody({ idNumber: '330102199001011235' }),
    });
    expect(errorOf(res)).toEqual([400, 'VALIDATION_FAILED', 'idNumber:ID_NUMBER_CHECKSUM']);
    expect([await count('persons'), await count('volunteers'), await count('audit_log')]).toEqual(before);
  });

  it('refuses a second registration, both or neither person, unknown skills, bad weeks and places', async () => {
    const v = await volunteer();
    const personId = await newPerson(worker);
    const before = [await count('volunteers'), await count('audit_log')];
    expect(errorOf(await worker.post('/api/volunteers', { personId: v.personId }))).toEqual([
      409,
      'VOLUNTEER_ALREADY_REGISTERED',
    ]);
    expect(errorOf(await worker.post('/api/volunteers', {}))).toEqual([
      400,
      'VALIDATION_FAILED',
      'personId:VOLUNTEER_PERSON_REQUIRED',
    ]);
    expect(errorOf(await worker.post('/api/volunteers', { personId, person: buildPersonBody() }))).toEqual([
      400,
      'VALIDATION_FAILED',
      'personId:VOLUNTEER_PERSON_REQUIRED',
    ]);
    expect(errorOf(await worker.post('/api/volunteers', { personId, skills: ['juggling'] }))).toEqual([
      400,
      'VALIDATION_FAILED',
      'skills.0:VOLUNTEER_SKILL_UNKNOWN',
    ]);
    expect(errorOf(await worker.post('/api/volunteers', { personId, availability: 2 ** 21 }))).toEqual([
      400,
      'VALIDATION_FAILED',
      'availability:VOLUNTEER_AVAILABILITY_INVALID',
    ]);
    expect(errorOf(await worker.post('/api/volunteers', { personId, lat: 31.5, lng: 120.16 }))).toEqual([
      400,
      'VALIDATION_FAILED',
      'lat:COORDINATES_INVALID',
    ]);
    expect(errorOf(await worker.post('/api/volunteers', { personId, areaCode: STREET_HUBIN }))).toEqual([
      403,
      'FORBIDDEN',
    ]);
    expect(errorOf(await admin.post('/api/volunteers', { personId, areaCode: STREET_HUBIN }))).toEqual([
      400,
      'VALIDATION_FAILED',
      'areaCode:AREA_NOT_LEAF',
    ]);
    expect([await count('volunteers'), await count('audit_log')]).toEqual(before);
    const msg = (
      await worker.request('POST', '/api/volunteers', { personId: v.personId }, { 'accept-language': 'en' })
    ).json().error.message;
    expect(msg).toContain(v.volunteerNo);
  });

  it('concurrent registrations get distinct numbers; one person registers once', async () => {
    const persons = await Promise.all(Array.from({ length: 8 }, () => newPerson(worker)));
    const made = await Promise.all(persons.map((personId) => worker.post('/api/volunteers', { personId })));
    for (const r of made) expect(r.statusCode, r.body).toBe(201);
    const numbers = made.map((r) => Number(r.json().volunteerNo.slice(7))).sort((a, b) => a - b);
    expect(new Set(numbers).size).toBe(8);
    expect(numbers.at(-1)! - numbers[0]!).toBe(7);
    const one = await newPerson(worker);
    const race = await Promise.all(
      Array.from({ length: 5 }, () => worker.post('/api/volunteers', { personId: one })),
    );
    expect(race.filter((r) => r.statusCode === 201)).toHaveLength(1);
    for (const r of race.filter((x) => x.statusCode !== 201))
      expect(errorOf(r)).toEqual([409, 'VOLUNTEER_ALREADY_REGISTERED']);
  });

  it('refuses a person who has died', async () => {
    const personId = await newPerson(worker, COMMUNITY_HUBIN, 70);
    const f = await worker.post(`/api/persons/${personId}/facts`, {
      kind: 'death',
      value: {},
      validFrom: '2026-06-01',
      source: '死亡证明',
    });
    expect(f.statusCode, f.body).toBe(201);
    expect(errorOf(await worker.post('/api/volunteers', { personId }))).toEqual([
      409,
      'VOLUNTEER_PERSON_DECEASED',
    ]);
  });

  it('keeps to the worker’s area: persons, lists and pages', async () => {
    const sibling = await newPerson(worker2, COMMUNITY_HUBIN_2);
    expect(errorOf(await worker.post('/api/volunteers', { personId: sibling }))).toEqual([
      404,
      'PERSON_NOT_FOUND',
    ]);
    // A resident of the own community serving from the sibling one: not the worker's to register.
    const own = await newPerson(worker);
    expect(
      errorOf(await worker.post('/api/volunteers', { personId: own, areaCode: COMMUNITY_HUBIN_2 })),
    ).toEqual([403, 'FORBIDDEN']);
    const v2 = await register(worker2, { personId: sibling });
    expect(errorOf(await worker.get(`/api/volunteers/${v2.id}`))).toEqual([404, 'VOLUNTEER_NOT_FOUND']);
    expect((await street.get(`/api/volunteers/${v2.id}`)).statusCode).toBe(200);
    const list = (await worker.get('/api/volunteers?pageSize=200')).json();
    expect(list.items.length).toBeGreaterThan(0);
    for (const i of list.items) expect(i.areaCode).toBe(COMMUNITY_HUBIN);
    const qingbo = await volunteer(admin, {}, COMMUNITY_QINGBO);
    const streetList = (await street.get('/api/volunteers?pageSize=200'))
      .json()
      .items.map((i: { id: string }) => i.id);
    expect(streetList).toContain(v2.id);
    expect(streetList).not.toContain(qingbo.id);
    // Service providers read volunteers of their area; they register none.
    expect((await provider.get('/api/volunteers')).statusCode).toBe(200);
    expect(errorOf(await provider.post('/api/volunteers', { personId: own }))).toEqual([403, 'FORBIDDEN']);
    expect(errorOf(await volunteerLogin.get('/api/volunteers'))).toEqual([403, 'FORBIDDEN']);
  });

  it('filters by skill, party membership, status, name and number', async () => {
    const a = await volunteer(worker, { skills: ['sign_language'], partyMember: true });
    const b = await volunteer(worker, { skills: ['sign_language'] });
    const ids = async (q: string) =>
      (await worker.get(`/api/volunteers?pageSize=200&${q}`)).json().items.map((i: { id: string }) => i.id);
    expect((await ids('skill=sign_language')).sort()).toEqual([a.id, b.id].sort());
    expect(await ids('skill=sign_language&partyMember=true')).toEqual([a.id]);
    expect(await ids(`q=${a.volunteerNo}`)).toEqual([a.id]);
    expect(await ids(`q=${encodeURIComponent(b.person.name)}`)).toContain(b.id);
    expect(await ids('status=left')).toEqual([]);
  });
});

describe('profile, login and status', () => {
  it('updates skills and the login; refuses other roles’ logins and logins taken', async () => {
    const v = await volunteer();
    const res = await worker.patch(`/api/volunteers/${v.id}`, {
      skills: ['cooking'],
      username: 'v_login',
      version: v.version,
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ skills: ['cooking'], username: 'v_login', version: v.version + 1 });
    expect(
      errorOf(await worker.patch(`/api/volunteers/${v.id}`, { skills: [], version: v.version })),
    ).toEqual([409, 'VERSION_CONFLICT']);
    const w = await volunteer();
    expect(
      errorOf(await worker.patch(`/api/volunteers/${w.id}`, { username: 'v_worker', version: w.version })),
    ).toEqual([400, 'VALIDATION_FAILED', 'username:VOLUNTEER_USER_NOT_VOLUNTEER']);
    expect(
      errorOf(await worker.patch(`/api/volunteers/${w.id}`, { username: 'v_login', version: w.version })),
    ).toEqual([409, 'VOLUNTEER_USER_TAKEN']);
    // The volunteer's own pages.
    const mine = await volunteerLogin.get('/api/me/volunteer');
    expect(mine.statusCode, mine.body).toBe(200);
    expect(mine.json()).toMatchObject({ id: v.id, canWrite: false });
    expect((await volunteerLogin.get('/api/me/volunteer/points')).json()).toMatchObject({ entries: [] });
    expect(errorOf(await worker.get('/api/me/volunteer'))).toEqual([404, 'VOLUNTEER_NOT_FOUND']);
    const brief = await volunteerOfUser(ctx.db, mine.json().userId);
    expect(brief).toMatchObject({
      id: v.id,
      volunteerNo: v.volunteerNo,
      skills: ['cooking'],
      status: 'active',
    });
  });

  it('suspends with a reason, leaves teams on leaving', async () => {
    const v = await volunteer();
    const team = await newTeam();
    expect(
      (await worker.post(`/api/volunteer-teams/${team.id}/members`, { volunteerId: v.id })).statusCode,
    ).toBe(200);
    expect(
      errorOf(
        await worker.post(`/api/volunteers/${v.id}/status`, { status: 'suspended', version: v.version }),
      ),
    ).toEqual([400, 'VALIDATION_FAILED', 'reason:VOLUNTEER_STATUS_REASON_REQUIRED']);
    expect(
      errorOf(await worker.post(`/api/volunteers/${v.id}/status`, { status: 'active', version: v.version })),
    ).toEqual([409, 'VOLUNTEER_STATUS_UNCHANGED']);
    const s = await worker.post(`/api/volunteers/${v.id}/status`, {
      status: 'left',
      reason: '搬离本区',
      version: v.version,
    });
    expect(s.statusCode, s.body).toBe(200);
    expect(s.json()).toMatchObject({ status: 'left', teams: [] });
    expect((await worker.get(`/api/volunteer-teams/${team.id}`)).json()).toMatchObject({
      memberCount: 0,
      members: [],
    });
  });
});

let teams = 0;
async function newTeam(client = worker, body: Record<string, unknown> = {}) {
  const res = await client.post('/api/volunteer-teams', {
    name: `涌金门志愿服务队${++teams}`,
    level: 'community',
    areaCode: COMMUNITY_HUBIN,
    orgId: merchant.id,
    ...body,
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string; version: number; memberCount: number; status: string };
}

describe('teams', () => {
  it('creates at the area’s level with a base; members, a leader, counts, close', async () => {
    const team = await newTeam(worker, { servicePointId: homeOfHubin.id, skills: ['first_aid'] });
    expect(team).toMatchObject({
      level: 'community',
      servicePointName: '涌金门社区志愿者之家',
      memberCount: 0,
    });
    const a = await volunteer();
    const b = await volunteer();
    const add = (v: Volunteer, role?: string) =>
      worker.post(`/api/volunteer-teams/${team.id}/members`, {
        volunteerId: v.id,
        ...(role ? { role } : {}),
      });
    expect((await add(a, 'leader')).json()).toMatchObject({ memberCount: 1 });
    expect((await add(b)).json()).toMatchObject({ memberCount: 2 });
    expect(errorOf(await add(b))).toEqual([409, 'VOLUNTEER_TEAM_MEMBER_EXISTS']);
    const role = await worker.post(`/api/volunteer-teams/${team.id}/members/${b.id}/role`, {
      role: 'leader',
    });
    expect(role.statusCode, role.body).toBe(200);
    expect(await teamBrief(ctx.db, team.id)).toMatchObject({
      memberIds: [a.id, b.id].sort(),
      leaderIds: [a.id, b.id].sort(),
      level: 'community',
      orgId: merchant.id,
    });
    const removed = await worker.post(`/api/volunteer-teams/${team.id}/members/${a.id}/remove`);
    expect(removed.json()).toMatchObject({ memberCount: 1 });
    expect(errorOf(await worker.post(`/api/volunteer-teams/${team.id}/members/${a.id}/remove`))).toEqual([
      404,
      'VOLUNTEER_TEAM_MEMBER_NOT_FOUND',
    ]);
    expect((await detail(b.id)).teams).toEqual([expect.objectContaining({ id: team.id, role: 'leader' })]);
    const renamed = await worker.patch(`/api/volunteer-teams/${team.id}`, {
      name: '涌金门红马甲',
      version: team.version,
    });
    expect(renamed.json()).toMatchObject({ name: '涌金门红马甲' });
    const closed = await worker.post(`/api/volunteer-teams/${team.id}/close`, {
      reason: '合并',
      version: renamed.json().version,
    });
    expect(closed.json()).toMatchObject({ status: 'closed', memberCount: 1, canWrite: false });
    expect(errorOf(await add(a))).toEqual([409, 'VOLUNTEER_TEAM_CLOSED']);
  });

  it('refuses a level that is not the area’s, a closed owner, a base that is not a volunteer home or V-station', async () => {
    const before = await count('volunteer_teams');
    const post = (body: Record<string, unknown>, client = worker) =>
      client.post('/api/volunteer-teams', {
        name: '测试队',
        level: 'community',
        areaCode: COMMUNITY_HUBIN,
        orgId: merchant.id,
        ...body,
      });
    expect(errorOf(await post({ level: 'street' }))).toEqual([
      400,
      'VALIDATION_FAILED',
      'level:VOLUNTEER_TEAM_LEVEL_MISMATCH',
    ]);
    expect(errorOf(await post({ level: 'street', areaCode: STREET_HUBIN }))).toEqual([403, 'FORBIDDEN']);
    expect(errorOf(await post({ orgId: randomUUID() }))).toEqual([
      400,
      'VALIDATION_FAILED',
      'orgId:ORG_NOT_FOUND',
    ]);
    const shopPoint = (
      await admin.get(`/api/service-points?type=practice_station&area=${COMMUNITY_HUBIN}`)
    ).json().items[0].id;
    expect(errorOf(await post({ servicePointId: shopPoint }))).toEqual([
      400,
      'VALIDATION_FAILED',
      'servicePointId:VOLUNTEER_TEAM_POINT_TYPE',
    ]);
    const closedOrg = (await admin.post('/api/orgs', buildOrgBody())).json();
    await ctx.db.execute(
      sql`UPDATE organisations SET closed_on = '2026-01-01' WHERE id = ${closedOrg.id}::uuid`,
    );
    expect(errorOf(await post({ orgId: closedOrg.id }))).toEqual([409, 'VOLUNTEER_TEAM_ORG_CLOSED']);
    expect(await count('volunteer_teams')).toBe(before);
    // A street team by the street; a district team by the district.
    expect((await post({ level: 'street', areaCode: STREET_HUBIN }, street)).statusCode).toBe(201);
    expect((await post({ level: 'district', areaCode: DISTRICT }, admin)).statusCode).toBe(201);
    const listed = (await worker.get('/api/volunteer-teams?pageSize=200')).json().items;
    for (const t of listed) expect(t.areaCode).toBe(COMMUNITY_HUBIN);
  });
});

describe('points, red points and the time bank', () => {
  it('awards once per record, with coefficients, red points and the minutes', async () => {
    const party = await volunteer(worker, { partyMember: true });
    const r1 = record(party, { minutes: 90, category: 'medical', tier: 2 });
    const first = await award([r1]);
    const t = first.get(r1.id)!;
    expect(t.pointsTransferId).toBeTruthy();
    expect(t.redPointsTransferId).toBeTruthy();
    expect(t.timeBankTransferId).toBeTruthy();
    const again = await award([r1]);
    expect(again.get(r1.id)).toEqual(t);
    const d = await detail(party.id);
    // 90 minutes × 10/h × 1.5 × 1.2 = 27 points; 15 red points; 90 minutes stored.
    expect(d.balances).toEqual({ points: 27, redPoints: 15, timeBankMinutes: 90 });
    expect(d.totalMinutes).toBe(90);
    const brief = (await findVolunteers(ctx.db, [party.id])).get(party.id);
    expect(brief).toMatchObject({ totalMinutes: 90, partyMember: true });
    const entries = (await worker.get(`/api/volunteers/${party.id}/points`)).json().entries;
    expect(entries.map((e: { code: string; delta: number }) => [e.code, e.delta]).sort()).toEqual(
      [
        ['vpoints.earn', 27],
        ['vred.earn', 15],
        ['vtime.earn', 90],
      ].sort(),
    );
  });

  it('counts at most 4 hours of one activity, across records', async () => {
    const v = await volunteer();
    const activityId = randomUUID();
    const a = record(v, { minutes: 180, activityId });
    const b = record(v, { minutes: 120, activityId, startedAt: new Date('2026-06-14T06:00:00Z') });
    const c = record(v, { minutes: 60, activityId: randomUUID() });
    await award([a]);
    await award([b, c]);
    const d = await detail(v.id);
    // 180 + 60 of 120 counted on the first activity, 60 on the other; all 360 minutes stored.
    expect(d.balances).toEqual({ points: 50, redPoints: 0, timeBankMinutes: 360 });
    expect(d.totalMinutes).toBe(360);
  });

  it('reverses a record for a correction; refuses when the points were spent', async () => {
    const v = await volunteer();
    const r = record(v, { minutes: 120 });
    await award([r]);
    const rev = await ctx.db.transaction((tx) =>
      reversePointsForRecord({ ...ctx, db: tx }, SYSTEM_ACTOR, r.id),
    );
    expect(rev).toEqual({ reversed: true, minutes: 120 });
    expect((await detail(v.id)).balances).toEqual({ points: 0, redPoints: 0, timeBankMinutes: 0 });
    expect((await detail(v.id)).totalMinutes).toBe(0);
    expect(
      await ctx.db.transaction((tx) => reversePointsForRecord({ ...ctx, db: tx }, SYSTEM_ACTOR, r.id)),
    ).toEqual({
      reversed: false,
      minutes: 120,
    });
    const spent = record(v, { minutes: 60 });
    await award([spent]);
    const sale = await provider.post('/api/points/redemptions', {
      orgId: merchant.id,
      volunteerNo: v.volunteerNo,
      amount: 10,
      item: '雨伞',
      key: randomUUID(),
    });
    expect(sale.statusCode, sale.body).toBe(201);
    await expect(
      ctx.db.transaction((tx) => reversePointsForRecord({ ...ctx, db: tx }, SYSTEM_ACTOR, spent.id)),
    ).rejects.toMatchObject({ code: 'VOLUNTEER_POINTS_SPENT' });
    expect((await detail(v.id)).balances).toEqual({ points: 0, redPoints: 0, timeBankMinutes: 60 });
  });

  it('sends minutes over the time-bank cap to the district’s pool', async () => {
    const s = await admin.post('/api/points/settings', {
      validFrom: '2026-07-01',
      pointsPerHour: 10,
      categoryCoefficients: {},
      tierCoefficients: { '1': 1000, '2': 1000, '3': 1000 },
      capMinutesPerActivity: 0,
      redPointsPerHour: 0,
      expiryMonths: 12,
      timeBankCapMinutes: 100,
    });
    expect(s.statusCode, s.body).toBe(201);
    expect(s.json().current.validFrom).toBe('2020-01-01');
    const v = await volunteer();
    await award([record(v, { minutes: 150, startedAt: new Date('2026-07-02T01:00:00Z') })]);
    expect((await detail(v.id)).balances).toEqual({ points: 25, redPoints: 0, timeBankMinutes: 100 });
    const pool = await queryOne<{ b: number }>(
      ctx.db,
      sql`SELECT credits_posted - debits_posted AS b FROM ledger_accounts WHERE kind = 'time_bank_pool'`,
    );
    expect(Number(pool?.b)).toBe(50);
  });

  it('refuses rules that start today or earlier, twice the same day, or from anyone but the district', async () => {
    const body = {
      validFrom: '2026-06-15',
      pointsPerHour: 12,
      categoryCoefficients: { medical: 1500 },
      tierCoefficients: { '1': 1000, '2': 1200, '3': 1500 },
      capMinutesPerActivity: 240,
      redPointsPerHour: 10,
      expiryMonths: 24,
      timeBankCapMinutes: 90_000,
    };
    const before = await count('volunteer_point_settings');
    expect(errorOf(await admin.post('/api/points/settings', body))).toEqual([
      409,
      'VOLUNTEER_POINT_SETTINGS_PAST',
    ]);
    expect(errorOf(await admin.post('/api/points/settings', { ...body, validFrom: '2026-07-01' }))).toEqual([
      409,
      'VOLUNTEER_POINT_SETTINGS_EXISTS',
    ]);
    expect(errorOf(await street.post('/api/points/settings', { ...body, validFrom: '2026-08-01' }))).toEqual([
      403,
      'FORBIDDEN',
    ]);
    expect(
      errorOf(
        await admin.post('/api/points/settings', {
          ...body,
          validFrom: '2026-08-01',
          categoryCoefficients: { medicine: 1500 },
        }),
      ),
    ).toEqual([400, 'VALIDATION_FAILED', 'categoryCoefficients.medicine:FIELD_ENUM']);
    expect(errorOf(await admin.post('/api/points/settings', { ...body, pointsPerHour: -1 }))).toEqual([
      400,
      'VALIDATION_FAILED',
      'pointsPerHour:FIELD_RANGE',
    ]);
    expect(await count('volunteer_point_settings')).toBe(before);
    expect((await worker.get('/api/points/settings')).json().items.length).toBe(before);
  });
});

describe('the redemption till', () => {
  it('redeems within the balance, once per key, voids by reversal', async () => {
    const v = await volunteer();
    await award([record(v, { minutes: 120 })]);
    const till = (await provider.get('/api/points/till')).json();
    expect(till.merchants).toEqual([
      expect.objectContaining({ orgId: merchant.id, orgName: '涌金门便民超市' }),
    ]);
    const look = await provider.get(`/api/points/till/volunteer?no=${v.volunteerNo.toLowerCase()}`);
    expect(look.json()).toMatchObject({ volunteerNo: v.volunteerNo, available: 20 });
    expect(look.json().maskedName).toContain('*');
    const before = [await count('ledger_transfers'), await count('audit_log')];
    const over = await provider.request(
      'POST',
      '/api/points/redemptions',
      { orgId: merchant.id, volunteerNo: v.volunteerNo, amount: 21, item: '大米', key: randomUUID() },
      { 'accept-language': 'zh-CN' },
    );
    expect(errorOf(over)).toEqual([409, 'VOLUNTEER_POINTS_INSUFFICIENT']);
    expect(over.json().error.message).toBe('积分不足：可用 20 积分，本次需要 21 积分');
    expect([await count('ledger_transfers'), await count('audit_log')]).toEqual(before);
    const key = randomUUID();
    const sale = { orgId: merchant.id, volunteerNo: v.volunteerNo, amount: 15, item: '大米 1 袋', key };
    const first = await provider.post('/api/points/redemptions', sale);
    expect(first.statusCode, first.body).toBe(201);
    expect(first.json()).toMatchObject({ amount: 15, available: 5, replayed: false, voided: false });
    const again = await provider.post('/api/points/redemptions', sale);
    expect(again.json()).toMatchObject({ transferId: first.json().transferId, available: 5, replayed: true });
    const list = (await provider.get(`/api/points/redemptions?orgId=${merchant.id}`)).json().items;
    expect(list[0]).toMatchObject({ transferId: first.json().transferId, item: '大米 1 袋', voided: false });
    // Another provider does not work this till.
    expect(
      errorOf(await otherProvider.post('/api/points/redemptions', { ...sale, key: randomUUID() })),
    ).toEqual([403, 'FORBIDDEN']);
    expect(
      errorOf(
        await otherProvider.post(`/api/points/redemptions/${first.json().transferId}/void`, {
          reason: '退货',
        }),
      ),
    ).toEqual([403, 'FORBIDDEN']);
    const voided = await provider.post(`/api/points/redemptions/${first.json().transferId}/void`, {
      reason: '退货',
    });
    expect(voided.statusCode, voided.body).toBe(200);
    expect(voided.json()).toMatchObject({ voided: true, voidReason: '退货' });
    expect((await detail(v.id)).balances.points).toBe(20);
    expect(
      errorOf(
        await provider.post(`/api/points/redemptions/${first.json().transferId}/void`, { reason: '退货' }),
      ),
    ).toEqual([409, 'VOLUNTEER_REDEMPTION_VOIDED']);
    expect(errorOf(await provider.get(`/api/points/till/volunteer?no=V33010299999999`))).toEqual([
      404,
      'VOLUNTEER_NOT_FOUND',
    ]);
  });

  it('an organisation without a service point is no merchant', async () => {
    const org = (await admin.post('/api/orgs', buildOrgBody({ name: '无阵地公司' }))).json();
    const me = (await otherProvider.get('/api/auth/me')).json().id;
    await addOrgMembers(ctx.db, [{ userId: me, orgId: org.id }]);
    const v = await volunteer();
    expect(
      errorOf(
        await otherProvider.post('/api/points/redemptions', {
          orgId: org.id,
          volunteerNo: v.volunteerNo,
          amount: 1,
          item: '伞',
          key: randomUUID(),
        }),
      ),
    ).toEqual([404, 'VOLUNTEER_MERCHANT_NOT_FOUND']);
    expect((await otherProvider.get('/api/points/till')).json().merchants).toEqual([]);
  });
});

describe('donating time to priority elders', () => {
  it('gives stored minutes to an elder who lives alone or is 80+, refuses the others', async () => {
    const v = await volunteer();
    await award([record(v, { minutes: 120 })]);
    const donate = (personId: string, minutes = 30, key = randomUUID()) =>
      worker.post(`/api/volunteers/${v.id}/donations`, { personId, minutes, key });
    const old = await newPerson(worker, COMMUNITY_HUBIN, 85);
    const key = randomUUID();
    const ok = await donate(old, 30, key);
    expect(ok.statusCode, ok.body).toBe(201);
    expect(ok.json()).toMatchObject({ minutes: 30, available: 90, replayed: false });
    expect((await donate(old, 30, key)).json()).toMatchObject({ available: 90, replayed: true });
    const elderTime = await queryOne<{ b: number }>(
      ctx.db,
      sql`SELECT credits_posted - debits_posted AS b FROM ledger_accounts
          WHERE owner_id = ${old} AND kind = 'time_bank'`,
    );
    expect(Number(elderTime?.b)).toBe(30);

    const withFamily = await newPerson(worker, COMMUNITY_HUBIN, 65);
    const young = await newPerson(worker, COMMUNITY_HUBIN, 59);
    const far = await newPerson(worker2, COMMUNITY_HUBIN_2, 90);
    const before = [await count('ledger_transfers'), await count('audit_log')];
    expect(errorOf(await donate(withFamily))).toEqual([409, 'VOLUNTEER_ELDER_NOT_PRIORITY']);
    expect(errorOf(await donate(young))).toEqual([409, 'VOLUNTEER_ELDER_TOO_YOUNG']);
    expect(errorOf(await donate(v.personId))).toEqual([400, 'VOLUNTEER_DONATE_SELF']);
    expect(errorOf(await donate(far))).toEqual([404, 'PERSON_NOT_FOUND']);
    expect(errorOf(await donate(old, 91))).toEqual([409, 'VOLUNTEER_TIME_INSUFFICIENT']);
    expect(
      (
        await worker.request(
          'POST',
          `/api/volunteers/${v.id}/donations`,
          { personId: old, minutes: 91, key: randomUUID() },
          { 'accept-language': 'en' },
        )
      ).json().error.message,
    ).toBe('Only 1.5 h stored in the time bank, 1.52 h asked');
    expect([await count('ledger_transfers'), await count('audit_log')]).toEqual(before);

    const alone = await newPerson(worker, COMMUNITY_HUBIN, 65);
    const f = await worker.post(`/api/persons/${alone}/facts`, {
      kind: 'living_arrangement',
      value: { arrangement: 'alone' },
      validFrom: '2025-01-01',
      source: '入户走访',
    });
    expect(f.statusCode, f.body).toBe(201);
    expect((await donate(alone, 90)).json()).toMatchObject({ available: 0 });
  });
});

describe('expiry', () => {
  it('lapses points 24 months after they were earned, once a month, resumable', async () => {
    const vs = [await volunteer(), await volunteer(), await volunteer()];
    clock.set('2024-03-10T02:00:00Z');
    for (const v of vs)
      await award([record(v, { minutes: 60, startedAt: new Date('2024-03-09T01:00:00Z') })]);
    clock.set('2025-01-10T02:00:00Z');
    await award([record(vs[0]!, { minutes: 30, startedAt: new Date('2025-01-09T01:00:00Z') })]);
    clock.set('2026-06-15T02:00:00Z');
    expect(errorOf(await admin.post('/api/points/expire', { month: '2026-13' }))).toEqual([
      400,
      'VALIDATION_FAILED',
      'month:VOLUNTEER_MONTH_INVALID',
    ]);
    expect(errorOf(await admin.post('/api/points/expire', { month: '2026-07' }))).toEqual([
      409,
      'VOLUNTEER_MONTH_FUTURE',
    ]);
    expect(errorOf(await worker.post('/api/points/expire', { month: '2026-03' }))).toEqual([
      403,
      'FORBIDDEN',
    ]);
    // February: nothing has lapsed yet.
    const feb = await expirePoints(ctx, SYSTEM_ACTOR, { month: '2026-02' });
    expect(feb.posted).toBe(0);
    // A run that dies after one chunk of one account, then the full run.
    const part = await expirePoints(ctx, SYSTEM_ACTOR, {
      month: '2026-03',
      chunkSize: 1,
      stopAfterChunks: 1,
    });
    expect(part.chunks).toBe(1);
    const res = await admin.post('/api/points/expire', { month: '2026-03' });
    expect(res.statusCode, res.body).toBe(200);
    const balances = await Promise.all(vs.map(async (v) => (await detail(v.id)).balances.points));
    expect(balances).toEqual([5, 0, 0]);
    expect(part.posted + res.json().posted).toBeGreaterThanOrEqual(3);
    const rerun = await expirePoints(ctx, SYSTEM_ACTOR, { month: '2026-03' });
    expect(rerun.posted).toBe(0);
    expect(rerun.alreadyDone).toBeGreaterThanOrEqual(1);
  });
});

describe('counters kept for matching', () => {
  it('open commitments never go below zero; ratings add up', async () => {
    const v = await volunteer();
    await adjustCommitments(ctx, [v.id], 2);
    await adjustCommitments(ctx, [v.id], -5);
    await addRating(ctx, [v.id], 4);
    await addRating(ctx, [v.id], 5);
    const d = await detail(v.id);
    expect({ open: (d as unknown as { openCommitments: number }).openCommitments }).toEqual({ open: 0 });
    expect(d).toMatchObject({ ratingSum: 9, ratingCount: 2 });
    await expect(addRating(ctx, [v.id], 6)).rejects.toMatchObject({ code: 'ORDER_RATING_INVALID' });
  });
});

describe('the ledger', () => {
  it('is consistent after everything above', async () => {
    const r = await checkLedger(ctx.db);
    expect(r.violations).toEqual([]);
    expect(r.ok).toBe(true);
  });
});

it('sessions survive the clock travel above', async () => {
  admin = await loginAs(app, 'v_admin', undefined, { remoteAddress: nextRemoteAddress() });
  expect((await admin.get('/api/volunteers')).statusCode).toBe(200);
});
