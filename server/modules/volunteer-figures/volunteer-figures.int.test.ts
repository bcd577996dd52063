import { and, eq } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FiguresResponse, UnitRow } from '../../../contracts/api/volunteer-figures.ts';
import type { Role } from '../../../contracts/roles.ts';
import { auditLog } from '../../platform/audit/audit.schema.ts';
import { fixedClock } from '../../platform/clock.ts';
import type { Ctx } from '../../platform/context.ts';
import type { App } from '../../platform/http/types.ts';
import { newId } from '../../platform/ids.ts';
import {
  buildPersonBody,
  COMMUNITY_HUBIN,
  COMMUNITY_HUBIN_2,
  COMMUNITY_QINGBO,
  DISTRICT,
  STREET_HUBIN,
  STREET_QINGBO,
} from '../../testing/builders.ts';
import { createTestContext } from '../../testing/context.ts';
import { type Client, createTestApp, signInAs } from '../../testing/http.ts';
import { activities, serviceRecords } from '../activities/activities.schema.ts';
import { areaNameMap } from '../areas/index.ts';
import { findUserByUsername } from '../identity/index.ts';
import { needs } from '../needs/needs.schema.ts';
import { volunteers, volunteerTeams } from '../volunteers/volunteers.schema.ts';

/**
 * A small district whose every figure is worked out by hand below. Rows go straight into the
 * other modules' tables: the figures read those tables, whatever module wrote them.
 *
 *   volunteer  community  2026 confirmed records (minutes)           total
 *   V1         涌金门 C1   R1 120 (C1, legal) + R2 90 (C1, repair, N1)   210
 *   V2         涌金门 C1   R3 165 (C1, legal) + R10 15 (C1, 1 Jan 00:00) 180
 *   V3         青年路 C2   R4 135 (C2, corrects R7) + R13 45 (Q1)        180
 *   V4         清河坊 Q1   R5 30 (Q1, health)                            30
 *   V5         C1, left; V6 C2, registered 1 July 2026
 * Not counted: R6 pending, R7 superseded, R11 rejected, R9 2025-12-31 23:30, R12 2027-01-01 00:00.
 */

/**
 * 涌金门 (C1)'s needs and hours in 2026, from the table above: the same in its row of the
 * district's figures and in its community worker's totals.
 */
const C1_2026 = {
  needsPosted: 5,
  needsFulfilled: 2,
  fulfilmentRate: 2 / 3,
  claimMedianMinutes: 90,
  claimP90Minutes: 498,
  peopleServed: 14,
  minutes: 390,
  hours: 6.5,
  records: 4,
};

const clock = fixedClock('2026-06-15T02:00:00Z'); // 10:00 in Hangzhou
const C1 = COMMUNITY_HUBIN;
const C2 = COMMUNITY_HUBIN_2;
const Q1 = COMMUNITY_QINGBO;
const ORG = '0190a000-0000-7000-8000-000000000001';

let ctx: Ctx;
let close: () => Promise<void>;
let app: App;
let admin: Client;
let street: Client;
let worker: Client;
let workerC2: Client;
let workerVolunteer: Client;
let provider: Client;
let volunteerUser: Client;
let volunteer3User: Client;
let volunteer4User: Client;
let names: Map<string, string>;
const V: Record<string, { id: string; name: string; no: string }> = {};
const N: Record<string, string> = {};

/** An instant in Hangzhou: '2026-03-01 09:00' → the UTC Date. */
const hz = (s: string) => new Date(`${s.replace(' ', 'T')}:00+08:00`);
const mins = (d: Date, m: number) => new Date(d.getTime() + m * 60_000);

const login = (role: Role, area: string, username: string) => signInAs(app, ctx, role, area, username);
async function userId(username: string) {
  return (await findUserByUsername(ctx.db, username))!.id;
}

async function addVolunteer(
  key: string,
  areaCode: string,
  opts: { status?: string; registeredAt?: string; userId?: string } = {},
) {
  const res = await admin.post('/api/persons', buildPersonBody({ areaCode, age: 35 }));
  expect(res.statusCode, res.body).toBe(201);
  const person = res.json();
  const id = newId();
  const no = `V33010200000${key.slice(1).padStart(2, '0')}`;
  await ctx.db.insert(volunteers).values({
    id,
    personId: person.id,
    volunteerNo: no,
    areaCode,
    userId: opts.userId ?? null,
    status: opts.status ?? 'active',
    registeredAt: hz(opts.registeredAt ?? '2025-03-01 09:00'),
    updatedAt: hz('2025-03-01 09:00'),
  });
  V[key] = { id, name: person.name, no };
}

let recordSeq = 0;
/** A service record of volunteer `v`, `minutes` long from `at` (Hangzhou), served in `place`. */
async function addRecord(
  v: string,
  minutes: number,
  at: string,
  place: string,
  category: string,
  r: { people?: number; status?: string; need?: string; source?: string } = {},
) {
  const started = hz(at);
  const id = newId();
  await ctx.db.insert(serviceRecords).values({
    id,
    volunteerId: V[v]!.id,
    source: r.source ?? 'attendance',
    needId: r.need ? N[r.need]! : null,
    orgId: ORG,
    areaCode: place,
    category,
    content: `服务记录 ${++recordSeq}`,
    startedAt: started,
    endedAt: mins(started, minutes),
    minutes,
    peopleServed: r.people ?? 0,
    status: r.status ?? 'confirmed',
    createdAt: started,
    updatedAt: started,
  });
  return id;
}

let needSeq = 0;
/** A need of `area` published at `at` (Hangzhou; null: a draft), first claimed `claimAfter` minutes on. */
async function addNeed(
  key: string,
  area: string,
  category: string,
  status: string,
  at: string | null,
  n: { claimAfter?: number; people?: number } = {},
) {
  const id = newId();
  const published = at ? hz(at) : null;
  await ctx.db.insert(needs).values({
    id,
    needNo: `XQ2026${String(++needSeq).padStart(6, '0')}`,
    areaCode: area,
    category,
    title: `需求 ${key}`,
    place: '社区服务中心',
    startsAt: hz('2026-07-01 09:00'),
    endsAt: hz('2026-07-01 11:00'),
    headcount: 2,
    status,
    publishedAt: published,
    firstClaimedAt: published && n.claimAfter !== undefined ? mins(published, n.claimAfter) : null,
    peopleServed: n.people ?? null,
    createdAt: published ?? hz('2026-03-01 08:00'),
    updatedAt: published ?? hz('2026-03-01 08:00'),
  });
  N[key] = id;
}

async function addTeam(areaCode: string, level: string, status: string) {
  await ctx.db.insert(volunteerTeams).values({
    id: newId(),
    name: `测试队伍 ${areaCode}`,
    level,
    areaCode,
    orgId: ORG,
    status,
    createdAt: hz('2025-05-01 09:00'),
    updatedAt: hz('2025-05-01 09:00'),
  });
}

let activitySeq = 0;
async function addActivity(areaCode: string, startsAt: string, status: string) {
  const start = hz(startsAt);
  await ctx.db.insert(activities).values({
    id: newId(),
    activityNo: `HD2026${String(++activitySeq).padStart(6, '0')}`,
    kind: 'market',
    title: '文明集市',
    category: 'convenience',
    areaCode,
    orgId: ORG,
    place: '社区广场',
    startsAt: start,
    endsAt: mins(start, 180),
    status,
    codeSecret: 'secret',
    createdAt: start,
    updatedAt: start,
  });
}

beforeAll(async () => {
  ({ ctx, close } = await createTestContext({ clock }));
  app = await createTestApp(ctx);
  admin = await login('district_admin', DISTRICT, 'vf_admin');
  street = await login('street_staff', STREET_HUBIN, 'vf_street');
  worker = await login('community_worker', C1, 'vf_worker');
  workerC2 = await login('community_worker', C2, 'vf_worker_c2');
  workerVolunteer = await login('community_worker', C1, 'vf_worker_vol');
  provider = await login('service_provider', C1, 'vf_provider');
  volunteerUser = await login('volunteer', C1, 'vf_vol1');
  volunteer3User = await login('volunteer', C2, 'vf_vol3');
  volunteer4User = await login('volunteer', Q1, 'vf_vol4');
  names = new Map([...(await areaNameMap(ctx.db)).values()].map((a) => [a.code, a.name]));

  await addVolunteer('V1', C1, { userId: await userId('vf_vol1') });
  // A community worker who also volunteers: sees the figures and their own place in them.
  await addVolunteer('V2', C1, { userId: await userId('vf_worker_vol') });
  await addVolunteer('V3', C2, { userId: await userId('vf_vol3') });
  await addVolunteer('V4', Q1, { userId: await userId('vf_vol4') });
  await addVolunteer('V5', C1, { status: 'left' });
  await addVolunteer('V6', C2, { registeredAt: '2026-07-01 09:00' });

  // Needs (published → first claim in minutes).
  await addNeed('N1', C1, 'repair', 'rated', '2026-04-01 10:00', { claimAfter: 30, people: 2 });
  await addNeed('N2', C1, 'legal', 'confirmed', '2026-03-01 08:00', { claimAfter: 90, people: 4 });
  await addNeed('N3', C1, 'legal', 'expired', '2026-05-01 08:00', { claimAfter: 600 });
  await addNeed('N4', C1, 'health', 'cancelled', '2026-05-10 08:00');
  await addNeed('N5', C1, 'health', 'published', '2026-06-01 08:00');
  await addNeed('N6', C2, 'medical', 'done', '2026-02-01 08:00', { claimAfter: 120 });
  await addNeed('N7', Q1, 'convenience', 'confirmed', '2026-01-10 08:00', { claimAfter: 60, people: 1 });
  await addNeed('N8', Q1, 'convenience', 'expired', '2026-01-11 08:00');
  await addNeed('N9', C1, 'legal', 'draft', null);
  await addNeed('N10', C2, 'repair', 'confirmed', '2025-12-31 23:59', { claimAfter: 5, people: 9 });
  // Posted by the street itself.
  await addNeed('N11', STREET_HUBIN, 'education', 'confirmed', '2026-03-03 08:00', {
    claimAfter: 240,
    people: 10,
  });

  // Records.
  await addRecord('V1', 120, '2026-03-01 09:00', C1, 'legal', { people: 3 });
  await addRecord('V1', 90, '2026-04-10 09:00', C1, 'repair', { people: 2, need: 'N1' });
  await addRecord('V2', 165, '2026-05-01 09:00', C1, 'legal', { people: 5 });
  await addRecord('V3', 300, '2026-05-02 09:00', C2, 'medical', { people: 2, status: 'superseded' });
  await addRecord('V3', 135, '2026-05-02 09:00', C2, 'medical', { people: 2, source: 'correction' });
  await addRecord('V4', 30, '2026-02-01 09:00', Q1, 'health', { people: 1 });
  await addRecord('V2', 600, '2026-05-20 09:00', C1, 'legal', { status: 'pending' });
  await addRecord('V1', 45, '2025-12-31 23:30', C1, 'legal');
  await addRecord('V2', 15, '2026-01-01 00:00', C1, 'elderly_help');
  await addRecord('V4', 60, '2026-03-01 09:00', Q1, 'health', { status: 'rejected' });
  await addRecord('V1', 60, '2027-01-01 00:00', C1, 'legal');
  await addRecord('V3', 45, '2026-06-01 09:00', Q1, 'health');

  await addTeam(C1, 'community', 'active');
  await addTeam(STREET_HUBIN, 'street', 'active');
  await addTeam(Q1, 'community', 'closed');

  await addActivity(C1, '2026-03-01 09:00', 'open');
  await addActivity(C1, '2026-04-01 09:00', 'cancelled');
  await addActivity(C2, '2026-08-01 09:00', 'open'); // not held yet on 15 June
  await addActivity(Q1, '2026-02-01 09:00', 'closed');
});

afterAll(async () => {
  await app?.close();
  await close?.();
});

async function figures(client: Client, query = ''): Promise<FiguresResponse> {
  const res = await client.get(`/api/volunteer-figures${query}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}
/** An area as the figures' rows name it. */
const place = (code: string, level: 'street' | 'community', street: string | null) => ({
  areaCode: code,
  areaName: names.get(code),
  level,
  streetName: street ? names.get(street) : null,
});
const unit = (rows: UnitRow[], code: string) => {
  const row = rows.find((r) => r.areaCode === code);
  if (!row) throw new Error(`no row for ${code}`);
  return row;
};
const volunteerRows = (f: FiguresResponse) =>
  f.volunteers.map((v) => [v.rank, v.volunteerNo, v.minutes, v.hours, v.records, v.peopleServed]);

describe('the district, this year by default', () => {
  let f: FiguresResponse;
  beforeAll(async () => {
    f = await figures(admin);
  });

  it('covers the district and 2026', () => {
    expect(f.area).toEqual({ code: DISTRICT, name: names.get(DISTRICT), level: 'district' });
    expect([f.from, f.to]).toEqual(['2026-01-01', '2026-12-31']);
    expect(f.names).toBe(true);
    expect(f.me).toBeNull();
  });

  it('ranks volunteers by confirmed hours; equal hours share a rank', () => {
    expect(volunteerRows(f)).toEqual([
      [1, V.V1!.no, 210, 3.5, 2, 5],
      [2, V.V2!.no, 180, 3, 2, 5],
      [2, V.V3!.no, 180, 3, 2, 2],
      [4, V.V4!.no, 30, 0.5, 1, 1],
    ]);
    expect(f.volunteers[0]).toMatchObject({ name: V.V1!.name, areaCode: C1, areaName: names.get(C1) });
    expect(f.volunteers[2]).toMatchObject({ name: V.V3!.name, areaCode: C2, areaName: names.get(C2) });
  });

  it('totals every figure', () => {
    expect(f.totals).toEqual({
      registeredVolunteers: 5, // V1–V4 and V6 (registered within the year); V5 has left
      activeVolunteers: 4,
      teams: 2,
      activitiesHeld: 2,
      needsPosted: 9,
      needsFulfilled: 4,
      needsCancelled: 1,
      needsExpired: 2,
      needsOpen: 2,
      fulfilmentRate: 4 / 6,
      needsClaimed: 6,
      // claims 30, 60, 90, 120, 240, 600
      claimMedianMinutes: 105,
      claimP90Minutes: 420,
      // needs 2 + 4 + 1 + 10, records not made for a need 3 + 5 + 2 + 1 (+ 0s)
      peopleServed: 28,
      minutes: 600,
      hours: 10,
      records: 7,
    });
  });

  it('ranks the streets by needs fulfilled, then posted', () => {
    expect(f.streets).toHaveLength(
      [...names.keys()].filter((c) => /^330102\d{3}000$/.test(c) && c !== DISTRICT).length,
    );
    const hubin = unit(f.streets, STREET_HUBIN);
    expect(hubin).toEqual({
      rank: 1,
      ...place(STREET_HUBIN, 'street', null),
      needsPosted: 7,
      needsFulfilled: 3,
      needsCancelled: 1,
      needsExpired: 1,
      needsOpen: 2,
      fulfilmentRate: 0.75,
      needsClaimed: 5,
      // 30, 90, 120, 240, 600
      claimMedianMinutes: 120,
      claimP90Minutes: 456,
      peopleServed: 26,
      minutes: 525,
      hours: 8.8,
      records: 5,
    });
    expect(unit(f.streets, STREET_QINGBO)).toMatchObject({
      rank: 2,
      needsPosted: 2,
      needsFulfilled: 1,
      fulfilmentRate: 0.5,
      claimMedianMinutes: 60,
      claimP90Minutes: 60,
      peopleServed: 2,
      minutes: 75,
      hours: 1.3,
    });
    const quiet = f.streets.filter((s) => s.areaCode !== STREET_HUBIN && s.areaCode !== STREET_QINGBO);
    expect(quiet.length).toBeGreaterThan(5);
    for (const s of quiet)
      expect(s).toMatchObject({
        rank: 3,
        needsPosted: 0,
        fulfilmentRate: null,
        claimMedianMinutes: null,
        claimP90Minutes: null,
        hours: 0,
      });
  });

  it('ranks every community, with the street that posts needs itself', () => {
    const c1 = unit(f.communities, C1);
    expect(c1).toEqual({
      rank: 1,
      ...place(C1, 'community', STREET_HUBIN),
      ...C1_2026,
      needsCancelled: 1,
      needsExpired: 1,
      needsOpen: 1,
      needsClaimed: 3,
    });
    // One fulfilled each: more needs posted ranks first; a tie needs both equal.
    expect(unit(f.communities, Q1)).toMatchObject({ rank: 2, needsPosted: 2, needsFulfilled: 1 });
    expect(unit(f.communities, STREET_HUBIN)).toMatchObject({
      rank: 3,
      level: 'street',
      streetName: null,
      needsPosted: 1,
      needsFulfilled: 1,
      fulfilmentRate: 1,
      claimMedianMinutes: 240,
      peopleServed: 10,
      minutes: 0,
    });
    expect(unit(f.communities, C2)).toEqual({
      rank: 4,
      ...place(C2, 'community', STREET_HUBIN),
      needsPosted: 1,
      needsFulfilled: 0,
      needsCancelled: 0,
      needsExpired: 0,
      needsOpen: 1,
      fulfilmentRate: null, // nothing decided: "—", not 0
      needsClaimed: 1,
      claimMedianMinutes: 120,
      claimP90Minutes: 120,
      peopleServed: 2,
      minutes: 135,
      hours: 2.3,
      records: 1,
    });
    const leaves = [...names.keys()].filter((c) => !c.endsWith('000'));
    expect(f.communities).toHaveLength(leaves.length + 1);
    expect(f.communities.at(-1)).toMatchObject({ rank: 5, needsPosted: 0, fulfilmentRate: null });
  });

  it('breaks the figures down by the ten categories, in catalogue order', () => {
    const rows = Object.fromEntries(f.categories.map((c) => [c.category, c]));
    expect(f.categories.map((c) => c.category)).toEqual([
      'convenience',
      'repair',
      'consultation',
      'medical',
      'education',
      'legal',
      'finance',
      'health',
      'elderly_help',
      'assistance',
    ]);
    expect(rows.legal).toEqual({
      category: 'legal',
      needsPosted: 2,
      needsFulfilled: 1,
      fulfilmentRate: 0.5,
      minutes: 285,
      hours: 4.8,
      records: 2,
    });
    expect(rows.repair).toMatchObject({
      needsPosted: 1,
      needsFulfilled: 1,
      fulfilmentRate: 1,
      minutes: 90,
      hours: 1.5,
    });
    expect(rows.health).toMatchObject({
      needsPosted: 2,
      needsFulfilled: 0,
      fulfilmentRate: null,
      minutes: 75,
      records: 2,
    });
    expect(rows.medical).toMatchObject({ needsPosted: 1, fulfilmentRate: null, minutes: 135, hours: 2.3 });
    expect(rows.convenience).toMatchObject({
      needsPosted: 2,
      needsFulfilled: 1,
      fulfilmentRate: 0.5,
      minutes: 0,
    });
    expect(rows.education).toMatchObject({ needsPosted: 1, needsFulfilled: 1, minutes: 0 });
    expect(rows.elderly_help).toMatchObject({
      needsPosted: 0,
      fulfilmentRate: null,
      minutes: 15,
      hours: 0.3,
    });
    expect(rows.finance).toMatchObject({ needsPosted: 0, minutes: 0, records: 0, fulfilmentRate: null });
    expect(f.categories.reduce((n, c) => n + c.minutes, 0)).toBe(f.totals.minutes);
    expect(f.categories.reduce((n, c) => n + c.needsPosted, 0)).toBe(f.totals.needsPosted);
  });

  it('lists the first N volunteers and still counts them all', async () => {
    const top2 = await figures(admin, '?top=2');
    expect(volunteerRows(top2).map((r) => r[1])).toEqual([V.V1!.no, V.V2!.no]);
    expect(top2.totals.activeVolunteers).toBe(4);
  });
});

describe('periods', () => {
  it('a day is midnight to midnight in Hangzhou', async () => {
    const day = await figures(admin, '?from=2026-01-01&to=2026-01-01');
    expect(volunteerRows(day)).toEqual([[1, V.V2!.no, 15, 0.3, 1, 0]]);
    const eve = await figures(admin, '?from=2025-12-31&to=2025-12-31');
    expect(volunteerRows(eve)).toEqual([[1, V.V1!.no, 45, 0.8, 1, 0]]);
    // N10, published at 23:59 on 31 December, is 2025's need.
    expect(eve.totals).toMatchObject({
      needsPosted: 1,
      needsFulfilled: 1,
      claimMedianMinutes: 5,
      peopleServed: 9,
    });
  });

  it('registered volunteers are those registered by the end of the period', async () => {
    const h1 = await figures(admin, '?from=2026-01-01&to=2026-06-30');
    expect(h1.totals.registeredVolunteers).toBe(4);
  });

  it('a lone start runs to the end of its year; a lone end from the start of its year', async () => {
    const a = await figures(admin, '?from=2026-05-01');
    expect([a.from, a.to]).toEqual(['2026-05-01', '2026-12-31']);
    const b = await figures(admin, '?to=2025-12-31');
    expect([b.from, b.to]).toEqual(['2025-01-01', '2025-12-31']);
  });

  it('five years are allowed', async () => {
    const f = await figures(admin, '?from=2022-01-01&to=2026-12-31');
    expect(f.totals.minutes).toBe(645); // 2025's 45 and 2026's 600; 2027 is out
  });
});

describe('area scope', () => {
  it('a community worker sees their community by default, and only it', async () => {
    const f = await figures(worker);
    expect(f.area.code).toBe(C1);
    expect(volunteerRows(f)).toEqual([
      [1, V.V1!.no, 210, 3.5, 2, 5],
      [2, V.V2!.no, 180, 3, 2, 5],
    ]);
    expect(f.communities.map((c) => c.areaCode)).toEqual([C1]);
    expect(f.streets).toEqual([]);
    expect(f.totals).toMatchObject({
      registeredVolunteers: 2,
      activeVolunteers: 2,
      teams: 1,
      activitiesHeld: 1,
      ...C1_2026,
    });
    for (const area of [C2, STREET_HUBIN, DISTRICT, Q1]) {
      const res = await worker.get(`/api/volunteer-figures?area=${area}`);
      expect(res.statusCode, area).toBe(403);
      expect(res.json().error.code).toBe('FORBIDDEN');
    }
  });

  it('street staff see their street: its communities and volunteers', async () => {
    const f = await figures(street);
    expect(f.area).toMatchObject({ code: STREET_HUBIN, level: 'street' });
    expect(volunteerRows(f)).toEqual([
      [1, V.V1!.no, 210, 3.5, 2, 5],
      [2, V.V2!.no, 180, 3, 2, 5],
      [2, V.V3!.no, 180, 3, 2, 2],
    ]);
    expect(f.communities.every((c) => c.areaCode.startsWith('330102001'))).toBe(true);
    expect(f.communities.slice(0, 3).map((c) => [c.rank, c.areaCode])).toEqual([
      [1, C1],
      [2, STREET_HUBIN],
      [3, C2],
    ]);
    expect(f.streets).toEqual([]);
    expect(f.totals).toMatchObject({
      registeredVolunteers: 4, // V1, V2, V3, V6
      activeVolunteers: 3,
      teams: 2,
      activitiesHeld: 1,
      needsPosted: 7,
      needsFulfilled: 3,
      fulfilmentRate: 0.75,
      minutes: 525,
      peopleServed: 26,
    });
    // A community of the street, on request.
    const c2 = await figures(street, `?area=${C2}`);
    expect(volunteerRows(c2)).toEqual([[1, V.V3!.no, 180, 3, 2, 2]]);
    for (const area of [Q1, STREET_QINGBO, DISTRICT])
      expect((await street.get(`/api/volunteer-figures?area=${area}`)).statusCode, area).toBe(403);
  });

  it('a volunteer hours only count for the area they serve from; the hours served count where served', async () => {
    // V3 (青年路) served 45 minutes in 清河坊: 清河坊's hours, V3's ranking.
    const q = await figures(admin, `?area=${Q1}`);
    expect(volunteerRows(q)).toEqual([[1, V.V4!.no, 30, 0.5, 1, 1]]);
    expect(q.totals).toMatchObject({ minutes: 75, records: 2, activeVolunteers: 1 });
  });

  it('roles without figures.read are refused', async () => {
    for (const c of [provider, volunteerUser]) {
      const res = await c.get('/api/volunteer-figures');
      expect(res.statusCode).toBe(403);
      expect(res.json().error.code).toBe('FORBIDDEN');
    }
    expect((await provider.get('/api/volunteer-figures/export.xlsx')).statusCode).toBe(403);
  });

  it('a worker who volunteers sees their own place, also beyond the first N', async () => {
    const f = await figures(workerVolunteer, '?top=1');
    expect(volunteerRows(f)).toEqual([[1, V.V1!.no, 210, 3.5, 2, 5]]);
    expect(f.me).toMatchObject({ rank: 2, volunteerNo: V.V2!.no, minutes: 180, hours: 3 });
    // Another community worker of C2 is no volunteer.
    expect((await figures(workerC2)).me).toBeNull();
  });
});

describe('bad input', () => {
  async function refused(query: string, field: string, code: string) {
    const res = await admin.request('GET', `/api/volunteer-figures${query}`, undefined, {
      'accept-language': 'zh-CN',
    });
    expect(res.statusCode, res.body).toBe(400);
    const body = res.json().error;
    expect(body.code).toBe('VALIDATION_FAILED');
    expect(body.issues).toEqual([expect.objectContaining({ field, code })]);
    return body.issues[0].message as string;
  }

  it('an end before the start', async () => {
    expect(await refused('?from=2026-06-02&to=2026-06-01', 'to', 'FIGURES_PERIOD_REVERSED')).toBe(
      '统计期间的结束日期 2026-06-01 早于开始日期 2026-06-02',
    );
  });

  it('more than five years', async () => {
    expect(await refused('?from=2021-01-01&to=2026-01-01', 'to', 'FIGURES_PERIOD_TOO_LONG')).toBe(
      '统计期间最长 5 年：2021-01-01 至 2026-01-01 超过了 5 年，请缩短期间',
    );
    const en = await admin.request('GET', '/api/volunteer-figures?from=2021-01-01&to=2026-01-01', undefined, {
      'accept-language': 'en',
    });
    expect(en.json().error.issues[0].message).toBe(
      'A period covers at most 5 years: 2021-01-01 to 2026-01-01 is longer; choose a shorter one',
    );
  });

  it('dates that do not exist or are not dates', async () => {
    expect(await refused('?from=2026-02-30', 'from', 'DATE_INVALID')).toBe(
      '开始日期不是有效日期（应为 YYYY-MM-DD）',
    );
    await refused('?to=2026-13-01', 'to', 'DATE_INVALID');
    const slashes = await admin.get('/api/volunteer-figures?to=2026/06/01');
    expect(slashes.statusCode).toBe(400);
    for (const issue of slashes.json().error.issues)
      expect(issue).toMatchObject({ field: 'to', code: 'DATE_INVALID' });
  });

  it('an area that is not a code, or no area at all', async () => {
    expect(await refused('?area=3301', 'area', 'FIELD_FORMAT')).toBe('区域格式不正确');
    expect(await refused('?area=330102999999', 'area', 'AREA_UNKNOWN')).toBe('未知的区域：330102999999');
  });

  it('a list size out of range', async () => {
    await refused('?top=0', 'top', 'FIELD_RANGE');
    await refused('?top=101', 'top', 'FIELD_RANGE');
    await refused('?top=abc', 'top', 'FIELD_RANGE');
  });

  it('the export refuses the same way and writes no audit row', async () => {
    const before = await exportAudits();
    const res = await admin.get('/api/volunteer-figures/export.xlsx?from=2026-06-02&to=2026-06-01');
    expect(res.statusCode).toBe(400);
    expect(res.json().error.issues[0].code).toBe('FIGURES_PERIOD_REVERSED');
    expect(await exportAudits()).toBe(before);
  });
});

async function exportAudits() {
  return (await ctx.db.select().from(auditLog).where(eq(auditLog.action, 'volunteer_figures.export'))).length;
}
async function readXlsx(body: Buffer) {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(body as never);
  return wb;
}
const sheetNames = (wb: ExcelJS.Workbook) => wb.worksheets.map((w) => w.name);
function rowWith(ws: ExcelJS.Worksheet, col: number, value: unknown): ExcelJS.Row {
  let found: ExcelJS.Row | undefined;
  ws.eachRow((row) => {
    if (row.getCell(col).value === value) found = row;
  });
  if (!found) throw new Error(`no row with ${String(value)} in column ${col}`);
  return found;
}
const cells = (row: ExcelJS.Row, n: number) => Array.from({ length: n }, (_, i) => row.getCell(i + 1).value);

describe('the workbook', () => {
  it('has the four sheets (and the streets for the district), numbers as numbers, and is audited', async () => {
    const before = await exportAudits();
    const res = await admin.get('/api/volunteer-figures/export.xlsx?from=2026-01-01&to=2026-12-31');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    expect(res.headers['content-disposition']).toBe(
      `attachment; filename="volunteer-figures-${DISTRICT}-2026-01-01-2026-12-31.xlsx"; filename*=UTF-8''${encodeURIComponent(
        `志愿服务统计-${names.get(DISTRICT)}-2026-01-01至2026-12-31.xlsx`,
      )}`,
    );
    const wb = await readXlsx(res.rawPayload);
    expect(sheetNames(wb)).toEqual(['志愿者时长排名', '社区需求排名', '街道需求排名', '分类统计', '说明']);

    const vs = wb.getWorksheet('志愿者时长排名')!;
    expect(cells(vs.getRow(2), 7)).toEqual([
      '排名',
      '志愿者编号',
      '姓名',
      '所在社区',
      '服务时长（小时）',
      '服务记录数',
      '服务人数',
    ]);
    expect(vs.rowCount).toBe(2 + 4);
    expect(cells(vs.getRow(3), 7)).toEqual([1, V.V1!.no, V.V1!.name, names.get(C1), 3.5, 2, 5]);
    expect(cells(vs.getRow(5), 7)).toEqual([2, V.V3!.no, V.V3!.name, names.get(C2), 3, 2, 2]);
    expect(vs.getRow(3).getCell(5).numFmt).toBe('0.0');

    const cs = wb.getWorksheet('社区需求排名')!;
    expect(cells(cs.getRow(2), 16)).toEqual([
      '排名',
      '社区',
      '所属街道',
      '发布需求数',
      '已满足需求数',
      '已取消',
      '已过期',
      '进行中',
      '需求满足率',
      '已认领需求数',
      '认领用时中位数（小时）',
      '认领用时90分位（小时）',
      '服务人数',
      '在本地开展的服务时长（小时）',
      '服务记录数',
      null,
    ]);
    const c1 = rowWith(cs, 2, names.get(C1));
    expect(cells(c1, 15)).toEqual([
      1,
      names.get(C1),
      names.get(STREET_HUBIN),
      5,
      2,
      1,
      1,
      1,
      2 / 3,
      3,
      1.5,
      8.3,
      14,
      6.5,
      4,
    ]);
    expect(c1.getCell(9).numFmt).toBe('0.0%');
    expect(c1.getCell(14).numFmt).toBe('0.0');
    const c2 = rowWith(cs, 2, names.get(C2));
    expect(c2.getCell(9).value).toBe('—');
    const sum = rowWith(cs, 2, '合计');
    expect(cells(sum, 15)).toEqual(['', '合计', '', 9, 4, 1, 2, 2, 4 / 6, 6, 1.8, 7, 28, 10, 7]);

    const ss = wb.getWorksheet('街道需求排名')!;
    expect(cells(rowWith(ss, 2, names.get(STREET_HUBIN)), 14)).toEqual([
      1,
      names.get(STREET_HUBIN),
      7,
      3,
      1,
      1,
      2,
      0.75,
      5,
      2,
      7.6,
      26,
      8.8,
      5,
    ]);

    const cat = wb.getWorksheet('分类统计')!;
    expect(cells(cat.getRow(2), 6)).toEqual([
      '需求类别',
      '发布需求数',
      '已满足需求数',
      '需求满足率',
      '服务时长（小时）',
      '服务记录数',
    ]);
    expect(cells(rowWith(cat, 1, '法律'), 6)).toEqual(['法律', 2, 1, 0.5, 4.8, 2]);
    expect(cells(rowWith(cat, 1, '健康'), 6)).toEqual(['健康', 2, 0, '—', 1.3, 2]);
    expect(cells(rowWith(cat, 1, '合计'), 6)).toEqual(['合计', 9, 4, 4 / 6, 10, 7]);
    expect(cat.rowCount).toBe(2 + 10 + 1);

    const notes = wb.getWorksheet('说明')!;
    expect(rowWith(notes, 1, '统计区域').getCell(2).value).toBe(`${names.get(DISTRICT)}（${DISTRICT}）`);
    expect(rowWith(notes, 1, '统计期间').getCell(2).value).toBe(
      '2026-01-01 至 2026-12-31（北京时间，含首尾两日）',
    );
    expect(rowWith(notes, 1, '导出时间').getCell(2).value).toBe('2026-06-15 10:00');
    expect(rowWith(notes, 1, '导出人').getCell(2).value).toBe('vf_admin');
    expect(rowWith(notes, 1, '登记志愿者').getCell(2).value).toBe(5);
    expect(rowWith(notes, 1, '需求满足率').getCell(2).value).toBe(4 / 6);
    let definitions = '';
    notes.eachRow((row) => {
      definitions += `${row.getCell(2).value ?? ''}\n`;
    });
    expect(definitions).toContain('需求满足率 = 已满足需求数 ÷（已满足需求数 + 已过期需求数）');
    expect(definitions).toContain('认领用时：从需求发布到首次被认领');

    expect(await exportAudits()).toBe(before + 1);
    const [audit] = await ctx.db
      .select()
      .from(auditLog)
      .where(
        and(
          eq(auditLog.action, 'volunteer_figures.export'),
          eq(auditLog.entityId, `${DISTRICT}:2026-01-01:2026-12-31`),
        ),
      );
    expect(audit).toMatchObject({
      actorName: 'vf_admin',
      entityType: 'volunteer_figures',
      areaCode: DISTRICT,
      after: expect.objectContaining({ volunteers: 4, volunteersTotal: 4, names: true }),
    });
  });

  it('a community worker’s workbook holds their community only; English on request', async () => {
    const res = await worker.get('/api/volunteer-figures/export.xlsx?lang=en');
    expect(res.statusCode, res.body).toBe(200);
    const wb = await readXlsx(res.rawPayload);
    expect(sheetNames(wb)).toEqual(['Volunteer hours', 'Community needs', 'Categories', 'Notes']);
    const vs = wb.getWorksheet('Volunteer hours')!;
    expect(vs.rowCount).toBe(2 + 2);
    expect(vs.getRow(3).getCell(2).value).toBe(V.V1!.no);
    const cs = wb.getWorksheet('Community needs')!;
    expect(cs.rowCount).toBe(2 + 1 + 1);
    expect(cs.getRow(3).getCell(2).value).toBe(names.get(C1));
    expect(cells(rowWith(wb.getWorksheet('Categories')!, 1, 'Legal'), 6)).toEqual([
      'Legal',
      2,
      1,
      0.5,
      4.8,
      2,
    ]);
    const [audit] = await ctx.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'volunteer_figures.export'), eq(auditLog.actorName, 'vf_worker')));
    expect(audit).toMatchObject({ areaCode: C1, entityId: `${C1}:2026-01-01:2026-12-31` });
  });
});

describe('a volunteer’s own rank', () => {
  it('by hours this year, in their street and in the district', async () => {
    const res = await volunteerUser.get('/api/me/volunteer/rank');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({
      year: 2026,
      volunteerId: V.V1!.id,
      volunteerNo: V.V1!.no,
      minutes: 210,
      hours: 3.5,
      street: { areaCode: STREET_HUBIN, name: names.get(STREET_HUBIN), rank: 1, of: 3 },
      district: { areaCode: DISTRICT, name: names.get(DISTRICT), rank: 1, of: 4 },
    });
  });

  it('equal hours share a rank; a street of one', async () => {
    const v3 = (await volunteer3User.get('/api/me/volunteer/rank?year=2026')).json();
    expect([v3.minutes, v3.street.rank, v3.street.of, v3.district.rank, v3.district.of]).toEqual([
      180, 2, 3, 2, 4,
    ]);
    const v4 = (await volunteer4User.get('/api/me/volunteer/rank')).json();
    expect(v4.street).toEqual({ areaCode: STREET_QINGBO, name: names.get(STREET_QINGBO), rank: 1, of: 1 });
    expect(v4.district).toMatchObject({ rank: 4, of: 4 });
  });

  it('another year; a year without hours has no rank', async () => {
    const y2025 = (await volunteerUser.get('/api/me/volunteer/rank?year=2025')).json();
    expect([y2025.minutes, y2025.hours, y2025.district.rank, y2025.district.of]).toEqual([45, 0.8, 1, 1]);
    const y2024 = (await volunteerUser.get('/api/me/volunteer/rank?year=2024')).json();
    expect(y2024).toMatchObject({ minutes: 0, hours: 0 });
    expect(y2024.street).toMatchObject({ rank: null, of: 0 });
    expect(y2024.district).toMatchObject({ rank: null, of: 0 });
  });

  it('a user who is no volunteer, and a year that is not one, are refused', async () => {
    const res = await admin.get('/api/me/volunteer/rank');
    expect(res.statusCode).toBe(404);
    expect(res.json().error).toMatchObject({
      code: 'FIGURES_VOLUNTEER_NOT_FOUND',
      message: '您的账号尚未登记为志愿者，没有个人排名',
    });
    for (const year of ['1999', '2101', 'abc', '2026.5']) {
      const bad = await volunteerUser.get(`/api/me/volunteer/rank?year=${year}`);
      expect(bad.statusCode, year).toBe(400);
      expect(bad.json().error.issues[0]).toMatchObject({
        field: 'year',
        code: 'FIGURES_YEAR_INVALID',
        message: '年份应在 2000 至 2100 之间',
      });
    }
  });
});
