import { sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR } from '../../platform/access.ts';
import { fixedClock } from '../../platform/clock.ts';
import type { Ctx } from '../../platform/context.ts';
import { queryOne, queryRows } from '../../platform/db/rows.ts';
import { type DomainEvents, onEvent } from '../../platform/events.ts';
import type { App } from '../../platform/http/types.ts';
import {
  buildOrgBody,
  buildPersonBody,
  buildServicePointBody,
  COMMUNITY_HUBIN,
  COMMUNITY_QINGBO,
  DISTRICT,
} from '../../testing/builders.ts';
import { createTestContext } from '../../testing/context.ts';
import { type Client, createTestApp, nextRemoteAddress, signIn } from '../../testing/http.ts';
import { addOrgMembers } from '../orgs/index.ts';
import { ensureVolunteerPointDefaults } from '../volunteers/index.ts';
import { certificatePdf, packageFont } from './activities.pdf.ts';
import { readPdf } from './activities.pdf-reader.ts';
import { shanghaiAt } from './activities.rules.ts';
import { createNeedActivity } from './activities.service.ts';

// 2026-06-15 10:00 in Hangzhou; the test activities run in the afternoon.
const NOW = '2026-06-15T02:00:00Z';
const DAY = '2026-06-15';
const clock = fixedClock(NOW);
const sh = (hhmm: string, day = DAY) => shanghaiAt(day, hhmm).toISOString();
const setTime = (hhmm: string, seconds = 0) =>
  clock.set(new Date(shanghaiAt(DAY, hhmm).getTime() + seconds * 1000).toISOString());

let ctx: Ctx;
let close: () => Promise<void>;
let app: App;
let admin: Client;
let worker: Client;
let provider: Client;
let otherProvider: Client;
let workerQ: Client;
let vLogins: Client[];
let orgA: { id: string; name: string };
let orgB: { id: string; name: string };
let closedOrg: { id: string; name: string };
let station: { id: string; name: string };

interface Volunteer {
  id: string;
  volunteerNo: string;
  person: { name: string };
}
/** Volunteers with a login (vols[i] ↔ vLogins[i]) and some without. */
let vols: Volunteer[];
let extra: Volunteer[];

interface Detail {
  id: string;
  activityNo: string;
  status: string;
  version: number;
  shifts: { id: string; label: string | null; startsAt: string; endsAt: string }[];
  posts: { id: string; name: string; category: string; capacity: number }[];
  slots: { shiftId: string; postId: string; capacity: number; filled: number }[];
  signups: {
    id: string;
    shiftId: string;
    postId: string;
    volunteerId: string;
    status: string;
    minutes: number | null;
    recordId: string | null;
    version: number;
  }[];
  records: Rec[];
  counts: { signedUp: number; checkedIn: number; checkedOut: number; noShow: number };
  canManage: boolean;
}
interface Rec {
  id: string;
  status: string;
  source: string;
  minutes: number;
  startedAt: string;
  endedAt: string;
  volunteerId: string;
  correctsRecordId: string | null;
  pointsPosted: boolean;
  version: number;
  reviewedByName: string | null;
}

const errorOf = (res: {
  statusCode: number;
  json(): { error: { code: string; issues?: { code: string; field: string }[] } };
}) => {
  const e = res.json().error;
  return [res.statusCode, e.code, ...(e.issues ?? []).map((i) => `${i.field}:${i.code}`)];
};

async function count(table: string, where = sql`true`): Promise<number> {
  const r = await queryOne<{ n: number }>(
    ctx.db,
    sql`SELECT count(*)::int AS n FROM ${sql.raw(table)} WHERE ${where}`,
  );
  return Number(r?.n ?? 0);
}
const auditCount = () => count('audit_log');
const commitments = async (id: string) =>
  Number(
    (
      await queryOne<{ n: number }>(
        ctx.db,
        sql`SELECT open_commitments AS n FROM volunteers WHERE id = ${id}::uuid`,
      )
    )?.n ?? 0,
  );

async function registerVolunteer(username?: string): Promise<Volunteer> {
  const res = await worker.post('/api/volunteers', {
    person: buildPersonBody({ age: 35 }),
    ...(username ? { username } : {}),
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}

async function detail(id: string, client = provider): Promise<Detail> {
  const res = await client.get(`/api/activities/${id}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}

/** An afternoon activity of orgA: shifts 14:00–16:00 and 16:00–17:00, one post. */
async function newActivity(over: Record<string, unknown> = {}, client = provider): Promise<Detail> {
  const res = await client.post('/api/activities', {
    kind: 'project',
    title: '涌金门助老陪伴',
    category: 'elderly_help',
    areaCode: COMMUNITY_HUBIN,
    orgId: orgA.id,
    place: '涌金门社区党群服务中心',
    startsAt: sh('14:00'),
    endsAt: sh('17:00'),
    shifts: [
      { label: '下午班', startsAt: sh('14:00'), endsAt: sh('16:00') },
      { label: '傍晚班', startsAt: sh('16:00'), endsAt: sh('17:00') },
    ],
    posts: [{ name: '陪伴岗', category: 'elderly_help', capacity: 2 }],
    ...over,
  });
  expect(res.statusCode, res.body).toBe(201);
  return detail(res.json().id, client);
}

async function add(a: Detail, volunteerIds: string[], shift = 0, post = 0) {
  return provider.post(`/api/activities/${a.id}/signups`, {
    shiftId: a.shifts[shift]!.id,
    postId: a.posts[post]!.id,
    volunteerIds,
  });
}

async function codeOf(a: Detail, shift = 0, client = provider): Promise<string> {
  const res = await client.get(`/api/activities/${a.id}/shifts/${a.shifts[shift]!.id}/code`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json().code;
}

const events: DomainEvents['activity.attendance'][] = [];
const confirmedEvents: string[][] = [];

beforeAll(async () => {
  ({ ctx, close } = await createTestContext({ clock }));
  app = await createTestApp(ctx);
  await ensureVolunteerPointDefaults(ctx.db, clock);
  onEvent('activity.attendance', async (_c, _a, e) => void events.push(e));
  onEvent('records.confirmed', async (_c, _a, e) => void confirmedEvents.push(e.recordIds));
  const sign = (role: string, areaCode: string, name: string) =>
    signIn(app, ctx, [{ role: role as never, areaCode }], name, { remoteAddress: nextRemoteAddress() });
  admin = await sign('district_admin', DISTRICT, 'a_admin');
  worker = await sign('community_worker', COMMUNITY_HUBIN, 'a_worker');
  workerQ = await sign('community_worker', COMMUNITY_QINGBO, 'a_worker_q');
  provider = await sign('service_provider', COMMUNITY_HUBIN, 'a_provider');
  otherProvider = await sign('service_provider', COMMUNITY_HUBIN, 'a_other_provider');
  vLogins = [];
  for (let i = 0; i < 3; i++) vLogins.push(await sign('volunteer', COMMUNITY_HUBIN, `a_vol${i}`));
  orgA = (await admin.post('/api/orgs', buildOrgBody({ name: '涌金门志愿服务社' }))).json();
  orgB = (await admin.post('/api/orgs', buildOrgBody({ name: '清波公益服务中心' }))).json();
  closedOrg = (await admin.post('/api/orgs', buildOrgBody({ name: '已注销的服务社' }))).json();
  await ctx.db.execute(
    sql`UPDATE organisations SET closed_on = '2026-01-01' WHERE id = ${closedOrg.id}::uuid`,
  );
  const me = async (c: Client) => (await c.get('/api/auth/me')).json().id as string;
  await addOrgMembers(ctx.db, [
    { userId: await me(provider), orgId: orgA.id },
    { userId: await me(provider), orgId: closedOrg.id },
    { userId: await me(otherProvider), orgId: orgB.id },
  ]);
  const sp = await admin.post(
    '/api/service-points',
    buildServicePointBody({ name: '涌金门V站', type: 'volunteer_home' }),
  );
  expect(sp.statusCode, sp.body).toBe(201);
  station = sp.json();
  vols = [];
  for (let i = 0; i < 3; i++) vols.push(await registerVolunteer(`a_vol${i}`));
  extra = [];
  for (let i = 0; i < 12; i++) extra.push(await registerVolunteer());
});

afterAll(async () => {
  await app?.close();
  await close?.();
});

describe('creating activities', () => {
  it('creates an activity with shifts × posts as slots, audited', async () => {
    const before = await auditCount();
    const a = await newActivity({
      posts: [
        { name: '陪伴岗', category: 'elderly_help', capacity: 2 },
        { name: '理发岗', category: 'convenience', capacity: 1 },
      ],
    });
    expect(a.activityNo).toMatch(/^HD20260615\d{4}$/);
    expect(a.shifts).toHaveLength(2);
    expect(a.posts).toHaveLength(2);
    expect(a.slots).toHaveLength(4);
    expect(a.slots.every((s) => s.filled === 0)).toBe(true);
    expect(a.canManage).toBe(true);
    expect(await auditCount()).toBe(before + 1);
    // The secret of the code never leaves the server.
    expect(JSON.stringify(a)).not.toMatch(/codeSecret|code_secret/);
  });

  it('refuses shifts outside the window, a foreign or closed organisation, and out-of-area staff', async () => {
    const base = {
      kind: 'project',
      title: '测试',
      category: 'health',
      areaCode: COMMUNITY_HUBIN,
      orgId: orgA.id,
      place: '社区',
      startsAt: sh('14:00'),
      endsAt: sh('17:00'),
      shifts: [{ startsAt: sh('13:00'), endsAt: sh('15:00') }],
      posts: [{ name: '岗', category: 'health', capacity: 1 }],
    };
    const before = await count('activities');
    expect(errorOf(await provider.post('/api/activities', base))).toEqual([
      400,
      'VALIDATION_FAILED',
      'shifts.0.startsAt:ACTIVITY_SHIFT_OUTSIDE_WINDOW',
    ]);
    const ok = { ...base, shifts: [{ startsAt: sh('14:00'), endsAt: sh('15:00') }] };
    expect(errorOf(await otherProvider.post('/api/activities', ok))).toEqual([403, 'FORBIDDEN']);
    expect(errorOf(await provider.post('/api/activities', { ...ok, orgId: closedOrg.id }))).toEqual([
      409,
      'ACTIVITY_ORG_CLOSED',
    ]);
    expect(errorOf(await workerQ.post('/api/activities', ok))).toEqual([403, 'FORBIDDEN']);
    expect(errorOf(await vLogins[0]!.post('/api/activities', ok))).toEqual([403, 'FORBIDDEN']);
    // Community staff organise for any organisation of their area.
    expect((await worker.post('/api/activities', { ...ok, orgId: orgB.id })).statusCode).toBe(201);
    expect(await count('activities')).toBe(before + 1);
  });

  it('creates the monthly civilization market: 8 booths × two sessions on the next 10th', async () => {
    const res = await worker.post('/api/activities/market', {
      areaCode: COMMUNITY_HUBIN,
      orgId: orgA.id,
      servicePointId: station.id,
    });
    expect(res.statusCode, res.body).toBe(201);
    const m = await detail(res.json().id, worker);
    expect(m).toMatchObject({ kind: 'market', title: '涌金门社区7月文明集市', status: 'open' });
    expect(m.posts.map((p) => p.category)).toEqual([
      'convenience',
      'repair',
      'consultation',
      'medical',
      'education',
      'legal',
      'finance',
      'health',
    ]);
    expect(m.posts.every((p) => p.capacity === 3)).toBe(true);
    expect(m.shifts.map((s) => [s.startsAt, s.endsAt])).toEqual([
      ['2026-07-10T01:00:00.000Z', '2026-07-10T03:30:00.000Z'],
      ['2026-07-10T06:00:00.000Z', '2026-07-10T08:30:00.000Z'],
    ]);
    expect(m.slots).toHaveLength(16);
    expect((m as unknown as { place: string }).place).toContain('涌金门V站');
  });

  it('creates holiday posts at a station, day by day, and refuses too long a holiday', async () => {
    const res = await provider.post('/api/activities/holiday-posts', {
      orgId: orgA.id,
      servicePointId: station.id,
      title: '端午节文明引导岗',
      from: '2026-06-19',
      to: '2026-06-21',
    });
    expect(res.statusCode, res.body).toBe(201);
    const h = await detail(res.json().id);
    expect(h.shifts).toHaveLength(6);
    expect(h.shifts[0]).toMatchObject({ label: '6月19日上午班', startsAt: '2026-06-19T00:30:00.000Z' });
    expect(h.posts).toEqual([expect.objectContaining({ name: '志愿服务岗', capacity: 2 })]);
    expect(
      errorOf(
        await provider.post('/api/activities/holiday-posts', {
          orgId: orgA.id,
          servicePointId: station.id,
          title: '太长',
          from: '2026-06-19',
          to: '2026-07-19',
        }),
      ),
    ).toEqual([400, 'VALIDATION_FAILED', 'to:ACTIVITY_HOLIDAY_RANGE']);
  });

  it('lists the activities the actor manages, and hides others', async () => {
    const mine = (await provider.get('/api/activities?pageSize=100')).json();
    expect(mine.items.length).toBeGreaterThan(0);
    // Seats over all slots: the holiday posts have 6 shifts × 1 post of 2.
    expect(mine.items.find((a: { kind: string }) => a.kind === 'post')).toMatchObject({
      capacity: 12,
      filled: 0,
    });
    expect(mine.items.every((a: { orgId: string }) => a.orgId === orgA.id)).toBe(true);
    const other = (await otherProvider.get('/api/activities?pageSize=100')).json();
    expect(other.items.every((a: { orgId: string }) => a.orgId === orgB.id)).toBe(true);
    expect((await workerQ.get('/api/activities')).json().items).toEqual([]);
    const some = mine.items[0].id;
    expect(errorOf(await otherProvider.get(`/api/activities/${some}`))).toEqual([404, 'ACTIVITY_NOT_FOUND']);
    expect(errorOf(await vLogins[0]!.get(`/api/activities/${some}`))).toEqual([404, 'ACTIVITY_NOT_FOUND']);
  });
});

describe('sign-ups within capacity', () => {
  it('fills a post up to its capacity, refuses a duplicate and the one too many; cancelling frees the seat', async () => {
    const a = await newActivity();
    const [v0, v1, v2] = vols as [Volunteer, Volunteer, Volunteer];
    const c0 = await commitments(v0.id);
    const r0 = await vLogins[0]!.post('/api/me/signups', {
      shiftId: a.shifts[0]!.id,
      postId: a.posts[0]!.id,
    });
    expect(r0.statusCode, r0.body).toBe(201);
    expect(r0.json()).toMatchObject({ status: 'signed_up', canCancel: true, canCheckIn: false });
    expect(await commitments(v0.id)).toBe(c0 + 1);
    expect(
      errorOf(
        await vLogins[0]!.post('/api/me/signups', { shiftId: a.shifts[0]!.id, postId: a.posts[0]!.id }),
      ),
    ).toEqual([409, 'SIGNUP_DUPLICATE']);
    expect(
      (await vLogins[1]!.post('/api/me/signups', { shiftId: a.shifts[0]!.id, postId: a.posts[0]!.id }))
        .statusCode,
    ).toBe(201);
    const before = await auditCount();
    expect(
      errorOf(
        await vLogins[2]!.post('/api/me/signups', { shiftId: a.shifts[0]!.id, postId: a.posts[0]!.id }),
      ),
    ).toEqual([409, 'SIGNUP_FULL']);
    expect(await auditCount()).toBe(before);
    expect((await detail(a.id)).slots.find((s) => s.shiftId === a.shifts[0]!.id)?.filled).toBe(2);
    // v0 cancels; v2 gets the seat.
    const cancel = await vLogins[0]!.post(`/api/me/signups/${r0.json().signupId}/cancel`, {});
    expect(cancel.statusCode, cancel.body).toBe(200);
    expect(cancel.json().status).toBe('cancelled');
    expect(await commitments(v0.id)).toBe(c0);
    expect(
      (await vLogins[2]!.post('/api/me/signups', { shiftId: a.shifts[0]!.id, postId: a.posts[0]!.id }))
        .statusCode,
    ).toBe(201);
    const d = await detail(a.id);
    expect(d.slots.find((s) => s.shiftId === a.shifts[0]!.id)?.filled).toBe(2);
    expect(
      d.signups
        .filter((s) => s.status === 'signed_up')
        .map((s) => s.volunteerId)
        .sort(),
    ).toEqual([v1.id, v2.id].sort());
    expect(d.counts).toMatchObject({ signedUp: 2, checkedIn: 0 });
    // The event carried the counts after each change.
    expect(events.filter((e) => e.activityId === a.id).map((e) => e.signedUp)).toEqual([1, 2, 1, 2]);
  });

  it('refuses a sign-up after the shift started, and a cancellation then', async () => {
    const a = await newActivity();
    const s = await vLogins[0]!.post('/api/me/signups', { shiftId: a.shifts[0]!.id, postId: a.posts[0]!.id });
    setTime('14:01');
    try {
      expect(
        errorOf(
          await vLogins[1]!.post('/api/me/signups', { shiftId: a.shifts[0]!.id, postId: a.posts[0]!.id }),
        ),
      ).toEqual([409, 'SIGNUP_CLOSED']);
      expect(errorOf(await vLogins[0]!.post(`/api/me/signups/${s.json().signupId}/cancel`, {}))).toEqual([
        409,
        'SIGNUP_CANCEL_TOO_LATE',
      ]);
      // The organiser may still add someone who turned up.
      expect((await add(a, [extra[0]!.id])).statusCode).toBe(200);
    } finally {
      clock.set(NOW);
    }
  });

  it('never exceeds capacity under concurrent sign-ups', async () => {
    const a = await newActivity({ posts: [{ name: '热门岗', category: 'health', capacity: 5 }] });
    const results = await Promise.all(extra.map((v) => add(a, [v.id])));
    const codes = results.map((r) => (r.statusCode === 200 ? 'ok' : r.json().error.code));
    expect(codes.filter((c) => c === 'ok')).toHaveLength(5);
    expect(codes.filter((c) => c !== 'ok').every((c) => c === 'SIGNUP_FULL')).toBe(true);
    const d = await detail(a.id);
    expect(d.slots.find((s) => s.shiftId === a.shifts[0]!.id)?.filled).toBe(5);
    expect(d.signups.filter((s) => s.shiftId === a.shifts[0]!.id && s.status === 'signed_up')).toHaveLength(
      5,
    );
    // Volunteers racing for one seat themselves.
    const b = await newActivity({ posts: [{ name: '独岗', category: 'health', capacity: 1 }] });
    const selves = await Promise.all(
      vLogins.map((c) => c.post('/api/me/signups', { shiftId: b.shifts[0]!.id, postId: b.posts[0]!.id })),
    );
    expect(selves.filter((r) => r.statusCode === 201)).toHaveLength(1);
    expect(selves.filter((r) => r.statusCode === 409).map((r) => r.json().error.code)).toEqual([
      'SIGNUP_FULL',
      'SIGNUP_FULL',
    ]);
    expect((await detail(b.id)).slots.find((s) => s.shiftId === b.shifts[0]!.id)?.filled).toBe(1);
  });

  it('cancels an activity: sign-ups end and commitments are released', async () => {
    const a = await newActivity();
    await add(a, [extra[1]!.id, extra[2]!.id]);
    const c1 = await commitments(extra[1]!.id);
    const res = await provider.post(`/api/activities/${a.id}/cancel`, {
      version: a.version,
      reason: '天气原因',
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ status: 'cancelled', counts: { signedUp: 0 } });
    expect(res.json().signups.every((s: { status: string }) => s.status === 'cancelled')).toBe(true);
    expect(await commitments(extra[1]!.id)).toBe(c1 - 1);
    expect(errorOf(await add(a, [extra[3]!.id]))).toEqual([409, 'ACTIVITY_CANCELLED']);
  });
});

describe('check-in and check-out with the rotating code', () => {
  let a: Detail;
  let mine: string;

  beforeAll(async () => {
    clock.set(NOW);
    a = await newActivity({ leaderVolunteerId: vols[2]!.id });
    const r = await vLogins[0]!.post('/api/me/signups', { shiftId: a.shifts[0]!.id, postId: a.posts[0]!.id });
    expect(r.statusCode, r.body).toBe(201);
    mine = r.json().signupId;
  });
  afterAll(() => clock.set(NOW));

  const signupRow = async () => (await detail(a.id)).signups.find((s) => s.id === mine)!;
  /** Each refusal changes nothing: the sign-up and the audit log stay as they were. */
  async function refused(res: Promise<{ statusCode: number; json(): never }>, expected: unknown[]) {
    const before = [await signupRow(), await auditCount(), await count('service_records')];
    expect(errorOf(await res)).toEqual(expected);
    expect([await signupRow(), await auditCount(), await count('service_records')]).toEqual(before);
  }
  const checkIn = (code: string, c = vLogins[0]!, shiftId: string | undefined = a.shifts[0]!.id) =>
    c.post('/api/me/check-in', { code, ...(shiftId ? { shiftId } : {}) }) as never;
  const checkOut = (code: string, c = vLogins[0]!, shiftId: string | undefined = a.shifts[0]!.id) =>
    c.post('/api/me/check-out', { code, ...(shiftId ? { shiftId } : {}) }) as never;

  it('shows the leader the code and the seconds left; others do not get it', async () => {
    setTime('13:50', 15);
    const res = await vLogins[2]!.get(`/api/activities/${a.id}/shifts/${a.shifts[0]!.id}/code`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ shiftId: a.shifts[0]!.id, secondsLeft: 45 });
    expect(res.json().code).toMatch(/^\d{6}$/);
    expect(res.json().checkInPath).toBe(`/v/check-in?shift=${a.shifts[0]!.id}&code=${res.json().code}`);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(errorOf(await vLogins[1]!.get(`/api/activities/${a.id}/shifts/${a.shifts[0]!.id}/code`))).toEqual([
      404,
      'ACTIVITY_NOT_FOUND',
    ]);
    expect(
      errorOf(await otherProvider.get(`/api/activities/${a.id}/shifts/${a.shifts[0]!.id}/code`)),
    ).toEqual([404, 'ACTIVITY_NOT_FOUND']);
    // The leader also reads the activity, without managing it.
    expect((await detail(a.id, vLogins[2]!)).canManage).toBe(false);
  });

  it('refuses each wrong check-in with its own code and changes nothing', async () => {
    setTime('12:00');
    await refused(checkIn(await codeOf(a)), [409, 'CHECKIN_OUTSIDE_SHIFT']);
    setTime('13:40');
    await refused(checkIn(await codeOf(a), vLogins[1]!), [409, 'CHECKIN_NOT_SIGNED_UP']);
    const code = await codeOf(a);
    await refused(checkIn(String((Number(code) + 1) % 1_000_000).padStart(6, '0')), [
      400,
      'CHECKIN_CODE_INVALID',
    ]);
    await refused(checkIn(await codeOf(a, 1)), [400, 'CHECKIN_CODE_OTHER_SHIFT']);
    await refused(checkIn(await codeOf(a, 1), vLogins[0]!, undefined), [400, 'CHECKIN_CODE_OTHER_SHIFT']);
    await refused(checkIn('12345'), [400, 'VALIDATION_FAILED', 'code:CHECKIN_CODE_INVALID']);
    await refused(checkOut(code), [409, 'CHECKOUT_BEFORE_CHECKIN']);
    setTime('13:42');
    await refused(checkIn(code), [400, 'CHECKIN_CODE_EXPIRED']);
  });

  it('accepts the code of the previous window, then refuses a second check-in', async () => {
    setTime('13:59', 50);
    const code = await codeOf(a);
    setTime('14:00', 5);
    const res = await checkIn(code, vLogins[0]!, undefined);
    expect((res as unknown as { statusCode: number }).statusCode).toBe(200);
    expect((res as unknown as { json(): unknown }).json()).toMatchObject({
      status: 'checked_in',
      checkInAt: '2026-06-15T06:00:05.000Z',
      canCheckOut: true,
    });
    const e = events.filter((x) => x.activityId === a.id).at(-1);
    expect(e).toMatchObject({ signedUp: 1, checkedIn: 1, checkedOut: 0 });
    await refused(checkIn(await codeOf(a)), [409, 'CHECKIN_ALREADY']);
  });

  it('refuses a check-out with the check-in’s own code (replay), then checks out with a new one', async () => {
    setTime('13:59', 50);
    const old = await codeOf(a);
    setTime('14:00', 40);
    await refused(checkOut(old), [409, 'CHECKIN_CODE_REPLAYED']);
    setTime('16:20');
    const res = (await checkOut(await codeOf(a))) as unknown as {
      statusCode: number;
      json(): Record<string, unknown>;
    };
    expect(res.statusCode).toBe(200);
    // 14:00:05 → 16:20, clipped to the shift's end at 16:00: 119 whole minutes.
    expect(res.json()).toMatchObject({ status: 'checked_out', minutes: 119 });
    const d = await detail(a.id);
    expect(d.records).toEqual([
      expect.objectContaining({
        source: 'attendance',
        status: 'pending',
        minutes: 119,
        startedAt: '2026-06-15T06:00:05.000Z',
        endedAt: '2026-06-15T08:00:00.000Z',
      }),
    ]);
    expect(d.counts).toMatchObject({ signedUp: 1, checkedIn: 1, checkedOut: 1 });
    expect(events.filter((x) => x.activityId === a.id).at(-1)).toMatchObject({ checkedOut: 1 });
    await refused(checkOut(await codeOf(a)), [409, 'CHECKOUT_ALREADY']);
  });

  it('names the code of another of the volunteer’s activities as such, and finds the shift by the code alone', async () => {
    setTime('13:00');
    const c = await newActivity({ title: '同时段的另一活动' });
    await add(c, [vols[0]!.id], 0);
    setTime('14:30');
    const refusedBefore = await auditCount();
    expect(
      errorOf(
        await vLogins[0]!.post('/api/me/check-in', { code: await codeOf(a, 0), shiftId: c.shifts[0]!.id }),
      ),
    ).toEqual([400, 'CHECKIN_CODE_OTHER_SHIFT']);
    expect(await auditCount()).toBe(refusedBefore);
    // Without the shift, the code picks the right one among the volunteer's open shifts.
    const res = await vLogins[0]!.post('/api/me/check-in', { code: await codeOf(c, 0) });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ activityId: c.id, status: 'checked_in' });
  });

  it('refuses a volunteer marked absent, and less than a minute of the shift', async () => {
    setTime('13:00');
    const b = await newActivity();
    await add(b, [vols[1]!.id], 0);
    await add(b, [vols[1]!.id], 1);
    const signups = (await detail(b.id)).signups;
    const first = signups.find((s) => s.shiftId === b.shifts[0]!.id);
    const second = signups.find((s) => s.shiftId === b.shifts[1]!.id);
    const noShow = await provider.post(`/api/activities/${b.id}/signups/${first!.id}/no-show`, {});
    expect(noShow.statusCode, noShow.body).toBe(200);
    setTime('14:10');
    expect(
      errorOf(
        await vLogins[1]!.post('/api/me/check-in', { code: await codeOf(b), shiftId: b.shifts[0]!.id }),
      ),
    ).toEqual([409, 'CHECKIN_NO_SHOW']);
    // Second shift 16:00–17:00: in at 15:40 and out at 15:59 is no time within the shift.
    setTime('15:40');
    expect((await vLogins[1]!.post('/api/me/check-in', { code: await codeOf(b, 1) })).statusCode).toBe(200);
    setTime('15:59');
    expect(errorOf(await vLogins[1]!.post('/api/me/check-out', { code: await codeOf(b, 1) }))).toEqual([
      409,
      'CHECKOUT_NO_MINUTES',
    ]);
    expect((await detail(b.id)).signups.find((s) => s.id === second!.id)?.status).toBe('checked_in');
    // Cancelling is refused once someone has checked in.
    const fresh = await detail(b.id);
    expect(
      errorOf(
        await provider.post(`/api/activities/${b.id}/cancel`, { version: fresh.version, reason: '取消' }),
      ),
    ).toEqual([409, 'ACTIVITY_HAS_ATTENDANCE']);
  });
});

let servedDays = 0;
/**
 * An activity run on an earlier morning (a day of its own, so that no two overlap): the
 * volunteers checked in at 08:00 and out at 09:30, their records pending.
 */
async function servedActivity(volunteers: number[]) {
  const day = `2026-06-${String(1 + servedDays++).padStart(2, '0')}`;
  const at = (hhmm: string) => clock.set(shanghaiAt(day, hhmm).toISOString());
  at('07:00');
  const a = await newActivity({
    startsAt: sh('08:00', day),
    endsAt: sh('10:00', day),
    shifts: [{ label: '上午', startsAt: sh('08:00', day), endsAt: sh('10:00', day) }],
    posts: [{ name: '义诊岗', category: 'medical', capacity: 5 }],
  });
  for (const i of volunteers) {
    const r = await vLogins[i]!.post('/api/me/signups', { shiftId: a.shifts[0]!.id, postId: a.posts[0]!.id });
    expect(r.statusCode, r.body).toBe(201);
  }
  at('08:00');
  const code = await codeOf(a);
  for (const i of volunteers)
    expect((await vLogins[i]!.post('/api/me/check-in', { code })).statusCode).toBe(200);
  at('09:30');
  const out = await codeOf(a);
  for (const i of volunteers)
    expect((await vLogins[i]!.post('/api/me/check-out', { code: out })).statusCode).toBe(200);
  clock.set(NOW);
  return { ...(await detail(a.id)), day };
}

describe('confirming, self-reports and corrections', () => {
  it('confirms pending records one by one or all at once, posting points in the same transaction', async () => {
    const a = await servedActivity([0, 1]);
    expect(a.records.map((r) => [r.status, r.minutes])).toEqual([
      ['pending', 90],
      ['pending', 90],
    ]);
    const [r0, r1] = a.records as [Rec, Rec];
    expect(errorOf(await otherProvider.post('/api/records/confirm', { recordIds: [r0.id] }))).toEqual([
      404,
      'RECORD_NOT_FOUND',
    ]);
    const one = await provider.post('/api/records/confirm', { recordIds: [r0.id] });
    expect(one.statusCode, one.body).toBe(200);
    expect(one.json()).toEqual([
      expect.objectContaining({
        id: r0.id,
        status: 'confirmed',
        pointsPosted: true,
        reviewedByName: 'a_provider',
      }),
    ]);
    expect(errorOf(await provider.post('/api/records/confirm', { recordIds: [r0.id] }))).toEqual([
      409,
      'RECORD_STATE_INVALID',
    ]);
    const all = await provider.post('/api/records/confirm', { activityId: a.id });
    expect(all.json().map((r: Rec) => r.id)).toEqual([r1.id]);
    expect(confirmedEvents.flat()).toEqual(expect.arrayContaining([r0.id, r1.id]));
    // The ledger holds the points (medical ×1.5: 90 minutes → 22 points) and the time-bank minutes.
    const row = await queryOne<{ points: string | null; time: string | null }>(
      ctx.db,
      sql`SELECT points_transfer_id AS points, time_bank_transfer_id AS time FROM service_records WHERE id = ${r0.id}::uuid`,
    );
    expect(row?.points).toBeTruthy();
    expect(row?.time).toBeTruthy();
    const total = await queryOne<{ n: number }>(
      ctx.db,
      sql`SELECT total_minutes AS n FROM volunteers WHERE id = ${vols[0]!.id}::uuid`,
    );
    expect(Number(total?.n)).toBeGreaterThanOrEqual(90);
  });

  it('takes self-reported hours inside the activity only, and approves or rejects them', async () => {
    const a = await servedActivity([2]);
    const base = { activityId: a.id, content: '整理义诊登记表' };
    const at = (hhmm: string) => sh(hhmm, a.day);
    const report = (startedAt: string, endedAt: string) =>
      vLogins[1]!.post('/api/me/records', { ...base, startedAt, endedAt });
    const before = await count('service_records');
    expect(errorOf(await report(at('07:30'), at('08:30')))).toEqual([
      400,
      'VALIDATION_FAILED',
      'startedAt:HOURS_OUTSIDE_ACTIVITY',
    ]);
    expect(errorOf(await report(at('09:00'), at('10:01')))).toEqual([
      400,
      'VALIDATION_FAILED',
      'startedAt:HOURS_OUTSIDE_ACTIVITY',
    ]);
    expect(errorOf(await report(at('09:00'), at('09:00')))).toEqual([
      400,
      'VALIDATION_FAILED',
      'endedAt:HOURS_INVALID',
    ]);
    expect(await count('service_records')).toBe(before);
    const ok = await report(at('08:30'), at('09:30'));
    expect(ok.statusCode, ok.body).toBe(201);
    expect(ok.json()).toMatchObject({
      source: 'self_report',
      status: 'pending',
      minutes: 60,
      content: '整理义诊登记表',
    });
    // The same hours again overlap the first report.
    expect(errorOf(await report(at('09:00'), at('10:00')))).toEqual([409, 'HOURS_OVERLAP']);
    const pending = (await provider.get('/api/records?status=pending&source=self_report')).json();
    expect(pending.items.map((r: Rec) => r.id)).toContain(ok.json().id);
    const approved = await provider.post('/api/records/confirm', { recordIds: [ok.json().id] });
    expect(approved.json()[0]).toMatchObject({ status: 'confirmed' });
    // Another report, rejected with a reason.
    const second = await vLogins[0]!.post('/api/me/records', {
      ...base,
      startedAt: at('08:00'),
      endedAt: at('08:20'),
    });
    expect(second.statusCode, second.body).toBe(201);
    expect(
      errorOf(
        await provider.post(`/api/records/${second.json().id}/reject`, { version: second.json().version }),
      ),
    ).toEqual([400, 'VALIDATION_FAILED', 'reason:FIELD_REQUIRED']);
    const rejected = await provider.post(`/api/records/${second.json().id}/reject`, {
      version: second.json().version,
      reason: '当天不在现场',
    });
    expect(rejected.json()).toMatchObject({ status: 'rejected', reviewNote: '当天不在现场' });
    const mine = (await vLogins[0]!.get('/api/me/records')).json();
    expect(mine.find((r: Rec) => r.id === second.json().id)).toMatchObject({ status: 'rejected' });
  });

  it('corrects a confirmed record: superseded, a correction with new points, audited with before and after', async () => {
    const a = await servedActivity([0]);
    const [rec] = a.records as [Rec];
    const [confirmed] = (await provider.post('/api/records/confirm', { recordIds: [rec.id] })).json();
    const res = await provider.post(`/api/records/${rec.id}/correct`, {
      version: confirmed.version,
      startedAt: sh('08:00', a.day),
      endedAt: sh('10:00', a.day),
      reason: '志愿者提前到岗，签到晚了',
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({
      source: 'correction',
      status: 'confirmed',
      minutes: 120,
      correctsRecordId: rec.id,
      pointsPosted: true,
    });
    const old = await queryOne<{ status: string; points: string }>(
      ctx.db,
      sql`SELECT status, points_transfer_id AS points FROM service_records WHERE id = ${rec.id}::uuid`,
    );
    expect(old?.status).toBe('superseded');
    // The original's points were reversed.
    const reversed = await queryRows<{ id: string }>(
      ctx.db,
      sql`SELECT id FROM ledger_transfers WHERE reversal_of = ${old!.points}::uuid`,
    );
    expect(reversed).toHaveLength(1);
    const audit = await queryOne<{
      before: { minutes: number };
      after: { status: string; correction: { minutes: number } };
      reason: string;
    }>(
      ctx.db,
      sql`SELECT before, after, reason FROM audit_log WHERE action = 'service_record.correct' AND entity_id = ${rec.id}`,
    );
    expect(audit).toMatchObject({
      before: { minutes: 90 },
      after: { status: 'superseded', correction: { minutes: 120 } },
      reason: '志愿者提前到岗，签到晚了',
    });
    // A superseded record is not corrected again; outside the activity is refused.
    expect(
      errorOf(
        await provider.post(`/api/records/${rec.id}/correct`, {
          version: confirmed.version + 1,
          startedAt: sh('08:00', a.day),
          endedAt: sh('09:00', a.day),
          reason: '再改',
        }),
      ),
    ).toEqual([409, 'RECORD_STATE_INVALID']);
    expect(
      errorOf(
        await provider.post(`/api/records/${res.json().id}/correct`, {
          version: res.json().version,
          startedAt: sh('07:00', a.day),
          endedAt: sh('09:00', a.day),
          reason: '再改',
        }),
      ),
    ).toEqual([400, 'VALIDATION_FAILED', 'startedAt:HOURS_OUTSIDE_ACTIVITY']);
  });
});

describe('certificates', () => {
  let recs: Rec[];
  let pendingRec: Rec;
  let certId: string;
  let certNo: string;

  beforeAll(async () => {
    const a = await servedActivity([1]);
    const b = await servedActivity([1]);
    const confirmed = await provider.post('/api/records/confirm', { activityId: a.id });
    recs = confirmed.json();
    pendingRec = b.records[0]!;
  });

  it('refuses hours that are not confirmed, and a period with nothing to certify', async () => {
    const before = await count('volunteer_certificates');
    const body = { volunteerId: vols[1]!.id, orgId: orgA.id, periodFrom: '2026-06-01', periodTo: DAY };
    expect(
      errorOf(await provider.post('/api/certificates', { ...body, recordIds: [recs[0]!.id, pendingRec.id] })),
    ).toEqual([409, 'CERTIFICATE_UNCONFIRMED']);
    expect(
      errorOf(
        await provider.post('/api/certificates', {
          ...body,
          periodFrom: '2026-01-01',
          periodTo: '2026-01-31',
        }),
      ),
    ).toEqual([409, 'CERTIFICATE_NOTHING_TO_CERTIFY']);
    expect(errorOf(await provider.post('/api/certificates', { ...body, periodTo: '2026-06-16' }))).toEqual([
      400,
      'VALIDATION_FAILED',
      'periodTo:CERTIFICATE_PERIOD_INVALID',
    ]);
    expect(errorOf(await otherProvider.post('/api/certificates', body))).toEqual([403, 'FORBIDDEN']);
    expect(await count('volunteer_certificates')).toBe(before);
  });

  it('issues a numbered certificate over the confirmed records only', async () => {
    const res = await provider.post('/api/certificates', {
      volunteerId: vols[1]!.id,
      orgId: orgA.id,
      periodFrom: '2026-06-01',
      periodTo: DAY,
      personInCharge: '张主任',
      contact: '0571-87000001',
    });
    expect(res.statusCode, res.body).toBe(201);
    const c = res.json();
    expect(c.certNo).toMatch(/^ZM3301022026\d{5}$/);
    // Every confirmed record of the volunteer with orgA in the period, and nothing pending.
    const confirmed = (
      await provider.get(
        `/api/records?volunteerId=${vols[1]!.id}&orgId=${orgA.id}&status=confirmed&pageSize=200`,
      )
    ).json().items as Rec[];
    expect(confirmed.map((r) => r.id)).toEqual(expect.arrayContaining(recs.map((r) => r.id)));
    expect(c).toMatchObject({
      issuerName: orgA.name,
      personInCharge: '张主任',
      handler: 'a_provider',
      contact: '0571-87000001',
      recordCount: confirmed.length,
      totalMinutes: confirmed.reduce((s, r) => s + r.minutes, 0),
    });
    expect(c.content).toContain('义诊岗');
    certId = c.id;
    certNo = c.certNo;
    const again = await provider.post('/api/certificates', {
      volunteerId: vols[1]!.id,
      orgId: orgA.id,
      periodFrom: '2026-06-01',
      periodTo: DAY,
    });
    expect(again.statusCode, again.body).toBe(201);
    expect(Number(again.json().certNo.slice(-5))).toBe(Number(certNo.slice(-5)) + 1);
    expect((await vLogins[1]!.get('/api/me/certificates')).json().map((x: { id: string }) => x.id)).toContain(
      certId,
    );
  });

  it('prints a PDF in Chinese with the font embedded and the text extractable', async () => {
    const res = await vLogins[1]!.get(`/api/certificates/${certId}/pdf`);
    expect(res.statusCode, res.body.slice(0, 200)).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    const pdf = res.rawPayload;
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const { text, fonts } = readPdf(pdf);
    expect(fonts).toHaveLength(1);
    expect(fonts[0]).toMatchObject({ hasToUnicode: true });
    expect(fonts[0]!.file).toMatch(/^FontFile[23]$/);
    expect(fonts[0]!.bytes).toBeGreaterThan(1000);
    // A subset: six letters and a plus before the face's name.
    expect(fonts[0]!.baseFont).toMatch(/^[A-Z]{6}\+Noto/);
    const flat = text.replace(/\s+/g, '');
    expect(flat).toContain('志愿服务证明');
    expect(flat).toContain(vols[1]!.person.name);
    expect(flat).toContain(certNo);
    expect(flat).toContain(orgA.name);
    expect(flat).toContain(`/verify/${certNo}`);
    // Others may not print it.
    expect(errorOf(await vLogins[0]!.get(`/api/certificates/${certId}/pdf`))).toEqual([
      404,
      'CERTIFICATE_NOT_FOUND',
    ]);
    expect(errorOf(await otherProvider.get(`/api/certificates/${certId}/pdf`))).toEqual([
      404,
      'CERTIFICATE_NOT_FOUND',
    ]);
  });

  it('renders with the font from the npm package too (a machine without the system font)', async () => {
    const font = packageFont();
    const pdf = await certificatePdf(
      {
        certNo: 'ZM330102202699999',
        volunteerName: '欧阳小明',
        volunteerNo: 'V33010200000001',
        issuerName: '涌金门志愿服务社',
        personInCharge: '王静',
        handler: '陈晓燕',
        contact: '0571-87000001',
        periodFrom: '2026-01-01',
        periodTo: '2026-06-15',
        totalMinutes: 750,
        recordCount: 1,
        content: '文明集市·法律摊位 1 次（12.5 小时）',
        issuedOn: '2026-06-15',
        revoked: false,
        verifyUrl: 'https://example.org/verify/ZM330102202699999',
        records: [{ date: '2026-06-10', content: '文明集市·法律摊位', place: '涌金门社区', minutes: 750 }],
      },
      font,
    );
    const { text, fonts } = readPdf(pdf);
    expect(fonts).toEqual([expect.objectContaining({ file: 'FontFile2', hasToUnicode: true })]);
    expect(fonts[0]!.baseFont).toMatch(/^[A-Z]{6}\+NotoSansSC/);
    expect(text.replace(/\s+/g, '')).toContain('兹证明欧阳小明');
  });

  it('verifies publicly by number, with the name masked, and shows a revocation', async () => {
    const res = await app.inject({ method: 'GET', url: `/api/public/certificates/${certNo}` });
    expect(res.statusCode, res.body).toBe(200);
    const name = vols[1]!.person.name;
    expect(res.json()).toMatchObject({
      certNo,
      volunteerNo: vols[1]!.volunteerNo,
      issuerName: orgA.name,
      status: 'valid',
      issuedOn: DAY,
      periodFrom: '2026-06-01',
      periodTo: DAY,
    });
    expect(res.json().volunteerName).not.toBe(name);
    expect(res.json().volunteerName[0]).toBe(name[0]);
    expect(res.json().volunteerName).toContain('*');
    expect(res.body).not.toMatch(/idNumber|phone/);
    const missing = await app.inject({ method: 'GET', url: '/api/public/certificates/ZM330102202688888' });
    expect(errorOf(missing as never)).toEqual([404, 'CERTIFICATE_NOT_FOUND']);
    const revoke = await provider.post(`/api/certificates/${certId}/revoke`, { reason: '记录有误' });
    expect(revoke.statusCode, revoke.body).toBe(200);
    const after = await app.inject({ method: 'GET', url: `/api/public/certificates/${certNo}` });
    expect(after.json()).toMatchObject({ status: 'revoked', revokedOn: DAY });
    expect(errorOf(await provider.post(`/api/certificates/${certId}/revoke`, { reason: '再次' }))).toEqual([
      409,
      'CERTIFICATE_REVOKED',
    ]);
  });

  it('exports a volunteer’s records as a spreadsheet, filtered by period', async () => {
    const res = await worker.get(
      `/api/records/export.xlsx?volunteerId=${vols[1]!.id}&from=2026-06-01&to=${DAY}`,
    );
    expect(res.statusCode, res.body.slice(0, 200)).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as never);
    const ws = wb.worksheets[0]!;
    const rows: string[][] = [];
    ws.eachRow((r) => rows.push((r.values as unknown[]).slice(1).map((v) => String(v ?? ''))));
    expect(rows[1]).toEqual(expect.arrayContaining([vols[1]!.person.name, vols[1]!.volunteerNo]));
    const header = rows.findIndex((r) => r[0] === '序号');
    expect(rows[header]).toEqual(
      expect.arrayContaining(['服务日期', '服务时长（小时）', '服务内容', '记录组织', '审核人']),
    );
    const body = rows.slice(header + 1);
    expect(body.length).toBeGreaterThanOrEqual(3);
    expect(body.every((r) => r[1]! >= '2026-06-01' && r[1]! <= DAY)).toBe(true);
    const empty = await worker.get(
      `/api/records/export.xlsx?volunteerId=${vols[1]!.id}&from=2026-01-01&to=2026-01-31`,
    );
    const wb2 = new ExcelJS.Workbook();
    await wb2.xlsx.load(empty.rawPayload as never);
    let n = 0;
    wb2.worksheets[0]!.eachRow(() => void n++);
    expect(n).toBe(header + 1);
    // The volunteer exports their own.
    expect((await vLogins[1]!.get('/api/me/records/export.xlsx')).statusCode).toBe(200);
    // Staff of another street, with no record of the volunteer in their area, do not see them.
    expect(errorOf(await workerQ.get(`/api/records/export.xlsx?volunteerId=${vols[1]!.id}`))).toEqual([
      404,
      'ACTIVITY_VOLUNTEER_NOT_FOUND',
    ]);
    expect(errorOf(await vLogins[0]!.get(`/api/records/export.xlsx?volunteerId=${vols[1]!.id}`))).toEqual([
      403,
      'FORBIDDEN',
    ]);
  });
});

describe('the activity of a scheduled need', () => {
  it('creates one shift for the need’s window, one post for the headcount, and signs the volunteers up', async () => {
    const needId = '01900000-0000-7000-8000-00000000beef';
    const startsAt = shanghaiAt('2026-06-20', '09:00');
    const endsAt = shanghaiAt('2026-06-20', '11:00');
    const c0 = await commitments(extra[5]!.id);
    const { activityId } = await ctx.db.transaction((tx) =>
      createNeedActivity({ ...ctx, db: tx }, SYSTEM_ACTOR, {
        needId,
        title: '为独居老人修理水管',
        category: 'repair',
        areaCode: COMMUNITY_HUBIN,
        orgId: orgA.id,
        place: '涌金门社区 3 幢',
        startsAt,
        endsAt,
        headcount: 2,
        volunteerIds: [extra[5]!.id, extra[6]!.id],
        servicePointId: null,
      }),
    );
    const d = await detail(activityId);
    expect(d).toMatchObject({ kind: 'need', needId, counts: { signedUp: 2 } });
    expect(d.shifts).toEqual([
      expect.objectContaining({ startsAt: startsAt.toISOString(), endsAt: endsAt.toISOString() }),
    ]);
    expect(d.posts).toEqual([expect.objectContaining({ capacity: 2, category: 'repair' })]);
    expect(d.signups.map((s) => (s as unknown as { source: string }).source)).toEqual([
      'need_claim',
      'need_claim',
    ]);
    expect(await commitments(extra[5]!.id)).toBe(c0 + 1);
    expect(events.filter((e) => e.activityId === activityId).at(-1)).toMatchObject({ needId, signedUp: 2 });
    await expect(
      ctx.db.transaction((tx) =>
        createNeedActivity({ ...ctx, db: tx }, SYSTEM_ACTOR, {
          needId,
          title: '超员',
          category: 'repair',
          areaCode: COMMUNITY_HUBIN,
          orgId: orgA.id,
          place: '涌金门社区',
          startsAt,
          endsAt,
          headcount: 1,
          volunteerIds: [extra[7]!.id, extra[8]!.id],
          servicePointId: null,
        }),
      ),
    ).rejects.toMatchObject({ code: 'SIGNUP_FULL' });
  });
});
