import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../platform/access.ts';
import { fixedClock } from '../../platform/clock.ts';
import type { Ctx } from '../../platform/context.ts';
import { queryOne, queryRows } from '../../platform/db/rows.ts';
import { AppError } from '../../platform/errors.ts';
import { emitEvent, onEvent } from '../../platform/events.ts';
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
import { type Client, createTestApp, signIn } from '../../testing/http.ts';
import { checkIn, checkInCode, checkOut, codeWindow } from '../activities/index.ts';
import { addOrgMembers } from '../orgs/index.ts';
import {
  acceptProposal,
  claimNeed,
  getNeed,
  inviteToNeed,
  openNeedsForMatching,
  saveProposal,
  sweepNeeds,
} from './index.ts';

// 2026-06-15 10:00 in Hangzhou.
const NOW = '2026-06-15T02:00:00Z';
const clock = fixedClock(NOW);
let ctx: Ctx;
let close: () => Promise<void>;
let app: App;
let admin: Client;
let worker: Client;
let workerQ: Client;
let provider: Client;
let providerQ: Client;
let volunteerUser: Client;
let stranger: Client;
let orgA: { id: string; name: string };
let orgB: { id: string; name: string };
let orgQ: { id: string; name: string };
let workerId: string;
let providerId: string;

interface NeedView {
  id: string;
  needNo: string;
  title: string;
  status: string;
  version: number;
  headcount: number;
  claimedSeats: number;
  seatsLeft: number;
  place: string;
  lat: number | null;
  lng: number | null;
  statusReason: string | null;
  activityId: string | null;
  beneficiary: { nameMasked: string; age: number | null; flags: string[] } | null;
  claims: {
    id: string;
    claimantType: string;
    claimantId: string;
    seats: number;
    status: string;
    mine: boolean;
    volunteers: { id: string }[];
  }[];
  invitations: { id: string; status: string; inviteeId: string; proposalId: string | null; mine: boolean }[];
  events: { fromStatus: string | null; toStatus: string; note: string | null }[];
  can: Record<string, boolean>;
  claimAs: { type: string; id: string }[];
}

const at = (days: number, hour: number) => {
  const d = new Date(Date.parse(NOW) + days * 86_400_000);
  return `${d.toISOString().slice(0, 10)}T${String(hour).padStart(2, '0')}:00:00+08:00`;
};

function needBody(over: Record<string, unknown> = {}) {
  return {
    areaCode: COMMUNITY_HUBIN,
    category: 'elderly_help',
    title: '陪同老人就医',
    description: '周二上午陪同去医院复查',
    place: '涌金门社区服务中心',
    startsAt: at(2, 9),
    endsAt: at(2, 11),
    headcount: 3,
    skills: ['first_aid'],
    ...over,
  };
}

async function post(client: Client, over: Record<string, unknown> = {}): Promise<NeedView> {
  const res = await client.post('/api/needs', needBody(over));
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}
const published = (over: Record<string, unknown> = {}) => post(worker, { publish: true, ...over });

async function read(id: string): Promise<NeedView> {
  const res = await admin.get(`/api/needs/${id}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}

function issue(res: { json(): { error: { code: string; issues?: { field: string; code: string }[] } } }) {
  const e = res.json().error;
  return [e.code, ...(e.issues ?? []).map((i) => `${i.field}:${i.code}`)];
}

async function count(table: string): Promise<number> {
  const r = await queryOne<{ n: number }>(ctx.db, sql`SELECT count(*)::int AS n FROM ${sql.raw(table)}`);
  return Number(r?.n ?? 0);
}

async function person(areaCode = COMMUNITY_HUBIN, age = 40): Promise<string> {
  const res = await admin.post('/api/persons', buildPersonBody({ areaCode, age }));
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id;
}

let volunteerSeq = 0;
/** A registered volunteer (a person of the registry), optionally linked to a login. */
async function volunteer(opts: { userId?: string; areaCode?: string; status?: string } = {}) {
  const areaCode = opts.areaCode ?? COMMUNITY_HUBIN;
  const personId = await person(areaCode);
  const id = newId();
  volunteerSeq++;
  await ctx.db.execute(sql`
    INSERT INTO volunteers (id, person_id, volunteer_no, area_code, user_id, status, registered_at, updated_at)
    VALUES (${id}::uuid, ${personId}::uuid, ${`V330102${String(volunteerSeq).padStart(8, '0')}`}, ${areaCode},
            ${opts.userId ?? null}::uuid, ${opts.status ?? 'active'}, now(), now())`);
  return id;
}

async function team(orgId: string, leaderId: string, memberIds: string[]) {
  const id = newId();
  await ctx.db.execute(sql`
    INSERT INTO volunteer_teams (id, name, level, area_code, org_id, status, created_at, updated_at)
    VALUES (${id}::uuid, ${`测试志愿队${id.slice(-4)}`}, 'community', ${COMMUNITY_HUBIN}, ${orgId}::uuid, 'active', now(), now())`);
  for (const [i, v] of [leaderId, ...memberIds].entries())
    await ctx.db.execute(sql`
      INSERT INTO volunteer_team_members (team_id, volunteer_id, role, joined_at)
      VALUES (${id}::uuid, ${v}::uuid, ${i === 0 ? 'leader' : 'member'}, now())`);
  return id;
}

async function commitments(volunteerId: string): Promise<number> {
  const r = await queryOne<{ n: number }>(
    ctx.db,
    sql`SELECT open_commitments AS n FROM volunteers WHERE id = ${volunteerId}::uuid`,
  );
  return Number(r?.n);
}

async function userIdOf(username: string): Promise<string> {
  const r = await queryOne<{ id: string }>(ctx.db, sql`SELECT id FROM users WHERE username = ${username}`);
  return r!.id;
}

async function notificationsOf(userId: string, kind?: string) {
  return queryRows<{ kind: string; params: Record<string, unknown>; dedupe_key: string | null }>(
    ctx.db,
    sql`SELECT kind, params, dedupe_key FROM notifications WHERE user_id = ${userId}::uuid
        ${kind ? sql`AND kind = ${kind}` : sql``} ORDER BY created_at`,
  );
}

async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (err) {
    if (err instanceof AppError) return err.code;
    throw err;
  }
  return 'OK';
}

let volunteerId: string;
let volunteerUserId: string;

beforeAll(async () => {
  ({ ctx, close } = await createTestContext({ clock }));
  app = await createTestApp(ctx);
  admin = await signIn(app, ctx, [{ role: 'district_admin', areaCode: DISTRICT }], 'n_admin');
  worker = await signIn(app, ctx, [{ role: 'community_worker', areaCode: COMMUNITY_HUBIN }], 'n_worker');
  workerQ = await signIn(app, ctx, [{ role: 'community_worker', areaCode: COMMUNITY_QINGBO }], 'n_worker_q');
  provider = await signIn(app, ctx, [{ role: 'service_provider', areaCode: STREET_HUBIN }], 'n_provider');
  providerQ = await signIn(
    app,
    ctx,
    [{ role: 'service_provider', areaCode: COMMUNITY_QINGBO }],
    'n_provider_q',
  );
  volunteerUser = await signIn(app, ctx, [{ role: 'volunteer', areaCode: COMMUNITY_HUBIN }], 'n_volunteer');
  stranger = await signIn(app, ctx, [{ role: 'volunteer', areaCode: COMMUNITY_HUBIN }], 'n_stranger');
  const mk = async (areaCode: string) => {
    const res = await admin.post('/api/orgs', buildOrgBody({ areaCode }));
    expect(res.statusCode, res.body).toBe(201);
    return { id: res.json().id as string, name: res.json().name as string };
  };
  orgA = await mk(COMMUNITY_HUBIN);
  orgB = await mk(COMMUNITY_HUBIN_2);
  orgQ = await mk(COMMUNITY_QINGBO);
  workerId = await userIdOf('n_worker');
  providerId = await userIdOf('n_provider');
  await addOrgMembers(ctx.db, [
    { userId: providerId, orgId: orgA.id },
    { userId: await userIdOf('n_provider_q'), orgId: orgQ.id },
  ]);
  volunteerUserId = await userIdOf('n_volunteer');
  volunteerId = await volunteer({ userId: volunteerUserId });
});

afterAll(async () => {
  await app?.close();
  await close?.();
});

describe('posting', () => {
  it('creates a draft with a need number, an event and an audit row', async () => {
    const audits = await count('audit_log');
    const n = await post(worker);
    expect(n.needNo).toMatch(/^XQ20260615\d{4}$/);
    expect(n).toMatchObject({ status: 'draft', headcount: 3, claimedSeats: 0, seatsLeft: 3 });
    expect(n.events.map((e) => e.toStatus)).toEqual(['draft']);
    expect(await count('audit_log')).toBe(audits + 1);
    const second = await post(worker);
    expect(Number(second.needNo.slice(-4))).toBe(Number(n.needNo.slice(-4)) + 1);
  });

  it('publishes a draft; a draft is invisible to claimants, a published need is not', async () => {
    const n = await post(worker);
    expect((await volunteerUser.get(`/api/needs/${n.id}`)).statusCode).toBe(404);
    const res = await worker.post(`/api/needs/${n.id}/publish`, { version: n.version });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().status).toBe('published');
    expect((await volunteerUser.get(`/api/needs/${n.id}`)).statusCode).toBe(200);
    // publishing twice is refused as a state error
    const again = await worker.post(`/api/needs/${n.id}/publish`, { version: res.json().version });
    expect(issue(again)).toEqual(['NEED_TRANSITION_INVALID']);
    expect(again.json().error.message).toBe('需求状态为“已发布”，不能发布');
  });

  it('takes place and coordinates from a service point', async () => {
    const sp = await admin.post('/api/service-points', buildServicePointBody({ type: 'volunteer_home' }));
    expect(sp.statusCode, sp.body).toBe(201);
    const n = await post(worker, { place: undefined, servicePointId: sp.json().id });
    expect(n.place).toContain(sp.json().name);
    expect(n).toMatchObject({ lat: 30.2555, lng: 120.1635 });
  });

  it('shows a beneficiary masked, with the flags of their facts; the area follows the beneficiary', async () => {
    const pid = await person(COMMUNITY_HUBIN, 82);
    const fact = await admin.post(`/api/persons/${pid}/facts`, {
      kind: 'low_income',
      value: { status: 'dibao' },
      validFrom: '2025-01-01',
      source: '民政',
    });
    expect(fact.statusCode, fact.body).toBe(201);
    const n = await post(worker, { areaCode: undefined, beneficiaryPersonId: pid, publish: true });
    expect(n.beneficiary?.nameMasked).toMatch(/^.\*+$/);
    expect(n.beneficiary?.flags).toEqual(['elder', 'low_income']);
    // a volunteer may not read sensitive facts: the 低保 flag is not shown to them
    const seen = (await volunteerUser.get(`/api/needs/${n.id}`)).json();
    expect(seen.beneficiary.flags).toEqual(['elder']);
  });

  it.each([
    [{ headcount: 0 }, 'headcount:NEED_HEADCOUNT_INVALID'],
    [{ headcount: 201 }, 'headcount:NEED_HEADCOUNT_INVALID'],
    [{ headcount: 2.5 }, 'headcount:NEED_HEADCOUNT_INVALID'],
    [{ endsAt: at(2, 9) }, 'endsAt:NEED_WINDOW_INVALID'],
    [{ startsAt: at(-1, 9), endsAt: at(-1, 10), publish: true }, 'startsAt:NEED_START_PAST'],
    [{ category: 'gardening' }, 'category:FIELD_ENUM'],
    [{ skills: ['juggling'] }, 'skills.0:FIELD_ENUM'],
    [{ title: '' }, 'title:FIELD_REQUIRED'],
    [{ place: undefined }, 'place:NEED_PLACE_REQUIRED'],
    [{ areaCode: undefined }, 'areaCode:FIELD_REQUIRED'],
    [{ areaCode: '330102001999' }, 'areaCode:AREA_UNKNOWN'],
    [{ servicePointId: '00000000-0000-7000-8000-00000000abcd' }, 'servicePointId:SERVICE_POINT_NOT_FOUND'],
    [{ beneficiaryPersonId: '00000000-0000-7000-8000-00000000abcd' }, 'beneficiaryPersonId:PERSON_NOT_FOUND'],
    [{ lat: 30.25 }, 'lng:FIELD_REQUIRED'],
    [{ startsAt: 'tomorrow' }, 'startsAt:FIELD_FORMAT'],
  ])('refuses %o (%s) and writes nothing', async (over, expected) => {
    const [needs, audits] = [await count('needs'), await count('audit_log')];
    const res = await worker.post('/api/needs', needBody(over));
    expect(res.statusCode, res.body).toBe(400);
    expect(issue(res)).toContain(expected);
    expect([await count('needs'), await count('audit_log')]).toEqual([needs, audits]);
  });

  it('only in the areas where the worker posts needs', async () => {
    const res = await worker.post('/api/needs', needBody({ areaCode: COMMUNITY_QINGBO }));
    expect(res.statusCode).toBe(403);
    expect((await provider.post('/api/needs', needBody())).statusCode).toBe(403);
    expect((await volunteerUser.post('/api/needs', needBody())).statusCode).toBe(403);
  });

  it('a dead beneficiary is refused', async () => {
    const pid = await person(COMMUNITY_HUBIN, 90);
    await ctx.db.execute(sql`UPDATE persons SET deceased_on = '2026-01-01' WHERE id = ${pid}::uuid`);
    const res = await worker.post('/api/needs', needBody({ beneficiaryPersonId: pid }));
    expect(issue(res)).toContain('beneficiaryPersonId:NEED_BENEFICIARY_DECEASED');
  });

  it('edits a draft and a published need nobody claimed; refuses after a claim and on a stale version', async () => {
    const n = await post(worker);
    const e1 = await worker.patch(`/api/needs/${n.id}`, {
      version: n.version,
      title: '陪同就医（改）',
      headcount: 2,
    });
    expect(e1.statusCode, e1.body).toBe(200);
    expect(e1.json()).toMatchObject({ title: '陪同就医（改）', headcount: 2, status: 'draft' });
    const stale = await worker.patch(`/api/needs/${n.id}`, { version: n.version, title: 'x' });
    expect(issue(stale)).toEqual(['VERSION_CONFLICT']);
    const bad = await worker.patch(`/api/needs/${n.id}`, { version: e1.json().version, endsAt: at(1, 9) });
    expect(issue(bad)).toContain('endsAt:NEED_WINDOW_INVALID');
    const p = await published();
    await ok(
      provider.post(`/api/needs/${p.id}/claims`, { claimantType: 'org', claimantId: orgA.id, seats: 1 }),
      201,
    );
    const cur = await read(p.id);
    const locked = await worker.patch(`/api/needs/${p.id}`, { version: cur.version, title: 'x' });
    expect(issue(locked)).toEqual(['NEED_HAS_CLAIMS']);
    expect((await read(p.id)).title).toBe('陪同老人就医');
  });
});

async function ok(p: Promise<{ statusCode: number; body: string; json(): unknown }>, status = 200) {
  const res = await p;
  expect(res.statusCode, res.body).toBe(status);
  return res.json() as NeedView;
}

describe('area scope', () => {
  it('a worker of another community sees neither the need nor it on the board', async () => {
    const n = await published();
    expect((await workerQ.get(`/api/needs/${n.id}`)).statusCode).toBe(404);
    const board = (await workerQ.get('/api/needs?pageSize=200')).json();
    expect(board.items.map((i: { id: string }) => i.id)).not.toContain(n.id);
    expect(
      (await workerQ.post(`/api/needs/${n.id}/cancel`, { version: n.version, reason: 'x' })).statusCode,
    ).toBe(404);
  });

  it('claimants see the open needs of their scope only', async () => {
    const hubin = await published({ category: 'repair', title: '修理水龙头' });
    const qingbo = await post(workerQ, { areaCode: COMMUNITY_QINGBO, publish: true, category: 'repair' });
    const ids = async (c: Client, q = '') =>
      ((await c.get(`/api/needs/open?pageSize=200${q}`)).json().items as { id: string }[]).map((i) => i.id);
    expect(await ids(volunteerUser)).toContain(hubin.id);
    expect(await ids(volunteerUser)).not.toContain(qingbo.id);
    expect(await ids(providerQ)).toContain(qingbo.id);
    expect(await ids(providerQ)).not.toContain(hubin.id);
    expect(await ids(provider, '&category=repair')).toContain(hubin.id);
    expect(await ids(provider, '&category=legal')).not.toContain(hubin.id);
    expect(await ids(provider, '&skills=first_aid,law')).toContain(hubin.id);
    expect(await ids(provider, '&skills=law')).not.toContain(hubin.id);
    expect(await ids(provider, `&from=${at(2, 0).slice(0, 10)}&to=${at(2, 0).slice(0, 10)}`)).toContain(
      hubin.id,
    );
    expect(await ids(provider, `&from=${at(3, 0).slice(0, 10)}`)).not.toContain(hubin.id);
    // a worker does not claim
    expect((await worker.get('/api/needs/open')).statusCode).toBe(403);
  });

  it('claiming outside the claim scope is refused', async () => {
    const qingbo = await post(workerQ, { areaCode: COMMUNITY_QINGBO, publish: true });
    const res = await provider.post(`/api/needs/${qingbo.id}/claims`, {
      claimantType: 'org',
      claimantId: orgA.id,
      seats: 1,
    });
    expect(res.statusCode).toBe(404);
    expect((await read(qingbo.id)).claimedSeats).toBe(0);
  });
});

describe('claims', () => {
  it('partial claims keep the need published; the one that fills it makes it claimed', async () => {
    const n = await published({ headcount: 3 });
    const a = await ok(
      provider.post(`/api/needs/${n.id}/claims`, { claimantType: 'org', claimantId: orgA.id, seats: 2 }),
      201,
    );
    expect(a).toMatchObject({ status: 'published', claimedSeats: 2, seatsLeft: 1 });
    expect(a.claims[0]).toMatchObject({ claimantType: 'org', seats: 2, mine: true });
    expect(await notificationsOf(workerId, 'need.claimed')).toContainEqual(
      expect.objectContaining({ params: expect.objectContaining({ seats: 2, claimant: orgA.name }) }),
    );
    const before = await commitments(volunteerId);
    const b = await ok(volunteerUser.post(`/api/needs/${n.id}/claims`, { claimantType: 'volunteer' }), 201);
    expect(b).toMatchObject({ status: 'claimed', claimedSeats: 3, seatsLeft: 0 });
    expect(await commitments(volunteerId)).toBe(before + 1);
    expect(b.events.map((e) => e.toStatus)).toEqual(['published', 'published', 'claimed']);
    // the filling claim tells the community and every claimant
    expect((await notificationsOf(workerId, 'need.filled')).length).toBeGreaterThan(0);
    expect((await notificationsOf(providerId, 'need.filled')).length).toBeGreaterThan(0);
    expect((await notificationsOf(volunteerUserId, 'need.filled')).length).toBeGreaterThan(0);
  });

  it('refuses an over-claim with the seats left, and changes nothing', async () => {
    const n = await published({ headcount: 3 });
    await ok(volunteerUser.post(`/api/needs/${n.id}/claims`, { claimantType: 'volunteer' }), 201);
    const [claims, audits, events] = [
      await count('need_claims'),
      await count('audit_log'),
      await count('need_events'),
    ];
    const res = await provider.post(`/api/needs/${n.id}/claims`, {
      claimantType: 'org',
      claimantId: orgA.id,
      seats: 3,
    });
    expect(res.statusCode).toBe(409);
    expect(res.json().error).toMatchObject({
      code: 'NEED_SEATS_EXCEEDED',
      params: { requested: 3, left: 2 },
    });
    expect(res.json().error.message).toBe('名额不足：申请 3 个，仅剩 2 个');
    expect([await count('need_claims'), await count('audit_log'), await count('need_events')]).toEqual([
      claims,
      audits,
      events,
    ]);
    expect((await read(n.id)).claimedSeats).toBe(1);
  });

  it.each([
    ['a second claim by the same claimant', 'NEED_ALREADY_CLAIMED'],
    ['a volunteer asking for two seats', 'NEED_VOLUNTEER_ONE_SEAT'],
    ['a user who is no volunteer', 'NEED_NOT_A_VOLUNTEER'],
    ['an organisation the user does not work for', 'FORBIDDEN'],
    ['an unknown organisation', 'VALIDATION_FAILED'],
    ['a claim on a draft', 'NEED_TRANSITION_INVALID'],
    ['a need already started', 'NEED_ALREADY_STARTED'],
  ])('refuses %s (%s)', async (what, code) => {
    const n = await published({ headcount: 5 });
    let res: Awaited<ReturnType<Client['post']>>;
    const url = `/api/needs/${n.id}/claims`;
    if (what.startsWith('a second')) {
      await ok(provider.post(url, { claimantType: 'org', claimantId: orgA.id, seats: 1 }), 201);
      res = await provider.post(url, { claimantType: 'org', claimantId: orgA.id, seats: 1 });
    } else if (what.startsWith('a volunteer asking'))
      res = await volunteerUser.post(url, { claimantType: 'volunteer', seats: 2 });
    else if (what.startsWith('a user who')) res = await stranger.post(url, { claimantType: 'volunteer' });
    else if (what.startsWith('an organisation'))
      res = await provider.post(url, { claimantType: 'org', claimantId: orgB.id, seats: 1 });
    else if (what.startsWith('an unknown'))
      res = await provider.post(url, { claimantType: 'org', claimantId: newId(), seats: 1 });
    else if (what.startsWith('a claim on a draft')) {
      const d = await post(worker);
      res = await provider.post(`/api/needs/${d.id}/claims`, {
        claimantType: 'org',
        claimantId: orgA.id,
        seats: 1,
      });
      expect(res.statusCode).toBe(404); // a draft does not exist for claimants
      res = await admin.post(`/api/needs/${d.id}/claims`, {
        claimantType: 'org',
        claimantId: orgA.id,
        seats: 1,
      });
      expect(res.statusCode).toBe(403); // the district works for no organisation
      await addOrgMembers(ctx.db, [{ userId: await userIdOf('n_admin'), orgId: orgB.id }]);
      res = await admin.post(`/api/needs/${d.id}/claims`, {
        claimantType: 'org',
        claimantId: orgB.id,
        seats: 1,
      });
    } else {
      await ctx.db.execute(
        sql`UPDATE needs SET starts_at = ${new Date(Date.parse(NOW) - 60_000).toISOString()}::timestamptz WHERE id = ${n.id}::uuid`,
      );
      res = await provider.post(url, { claimantType: 'org', claimantId: orgA.id, seats: 1 });
    }
    expect(res.json().error.code, res.body).toBe(code);
  });

  it('a team claims through its leader or its organisation’s staff; its volunteers are named for its seats', async () => {
    const leaderUser = await signIn(app, ctx, [{ role: 'volunteer', areaCode: COMMUNITY_HUBIN }], 'n_leader');
    const leader = await volunteer({ userId: await userIdOf('n_leader') });
    const m1 = await volunteer();
    const m2 = await volunteer();
    const outsider = await volunteer();
    const t = await team(orgA.id, leader, [m1, m2]);
    const n = await published({ headcount: 4 });
    const claimed = await ok(
      leaderUser.post(`/api/needs/${n.id}/claims`, { claimantType: 'team', claimantId: t, seats: 2 }),
      201,
    );
    const claim = claimed.claims.find((c) => c.claimantId === t)!;
    expect(claimed.claimAs.map((o) => o.id)).toContain(leader); // may still claim as themself
    const url = `/api/needs/${n.id}/claims/${claim.id}/volunteers`;
    expect(issue(await leaderUser.post(url, { volunteerIds: [m1, outsider] }))).toContain(
      'volunteerIds.1:NEED_VOLUNTEER_UNKNOWN',
    );
    expect(issue(await leaderUser.post(url, { volunteerIds: [m1, m1] }))).toContain(
      'volunteerIds.1:NEED_VOLUNTEER_TWICE',
    );
    expect(issue(await leaderUser.post(url, { volunteerIds: [m1, m2, leader] }))).toContain(
      'volunteerIds:NEED_CLAIM_VOLUNTEERS_COUNT',
    );
    const named = await ok(provider.post(url, { volunteerIds: [m1, m2] }));
    expect(named.claims.find((c) => c.id === claim.id)!.volunteers.map((v) => v.id)).toEqual([m1, m2]);
    // a volunteer outside the team, or a stranger, may not claim for the team
    expect(
      (await stranger.post(`/api/needs/${n.id}/claims`, { claimantType: 'team', claimantId: t, seats: 1 }))
        .statusCode,
    ).toBe(403);
  });

  it('withdrawing frees the seats and the volunteer’s commitment; only the claimant may', async () => {
    const n = await published({ headcount: 1 });
    const c = await ok(volunteerUser.post(`/api/needs/${n.id}/claims`, { claimantType: 'volunteer' }), 201);
    expect(c.status).toBe('claimed');
    const claimId = c.claims[0]!.id;
    const before = await commitments(volunteerId);
    expect((await provider.post(`/api/needs/${n.id}/claims/${claimId}/withdraw`, {})).statusCode).toBe(403);
    const w = await ok(
      volunteerUser.post(`/api/needs/${n.id}/claims/${claimId}/withdraw`, { reason: '临时有事' }),
    );
    expect(w).toMatchObject({ status: 'published', claimedSeats: 0 });
    expect(w.claims[0]!.status).toBe('withdrawn');
    expect(await commitments(volunteerId)).toBe(before - 1);
    expect(await notificationsOf(workerId, 'need.withdrawn')).not.toHaveLength(0);
    const again = await volunteerUser.post(`/api/needs/${n.id}/claims/${claimId}/withdraw`, {});
    expect(issue(again)).toEqual(['NEED_CLAIM_NOT_FOUND']);
  });
});

describe('cancel', () => {
  it('cancels with a reason, releases the claims and tells the claimants', async () => {
    const n = await published({ headcount: 3 });
    await ok(volunteerUser.post(`/api/needs/${n.id}/claims`, { claimantType: 'volunteer' }), 201);
    await ok(
      provider.post(`/api/needs/${n.id}/claims`, { claimantType: 'org', claimantId: orgA.id, seats: 1 }),
      201,
    );
    const before = await commitments(volunteerId);
    const cur = await read(n.id);
    expect(
      issue(await worker.post(`/api/needs/${n.id}/cancel`, { version: cur.version, reason: '  ' })),
    ).toContain('reason:FIELD_REQUIRED');
    expect(
      (await provider.post(`/api/needs/${n.id}/cancel`, { version: cur.version, reason: 'x' })).statusCode,
    ).toBe(403);
    const c = await ok(
      worker.post(`/api/needs/${n.id}/cancel`, { version: cur.version, reason: '老人已住院' }),
    );
    expect(c).toMatchObject({ status: 'cancelled', statusReason: '老人已住院', claimedSeats: 0 });
    expect(c.claims.every((cl) => cl.status === 'withdrawn')).toBe(true);
    expect(await commitments(volunteerId)).toBe(before - 1);
    const sent = await notificationsOf(providerId, 'need.cancelled');
    expect(sent.at(-1)?.params).toMatchObject({ reason: '老人已住院' });
    expect(await notificationsOf(volunteerUserId, 'need.cancelled')).not.toHaveLength(0);
    const again = await worker.post(`/api/needs/${n.id}/cancel`, { version: c.version, reason: 'x' });
    expect(issue(again)).toEqual(['NEED_TRANSITION_INVALID']);
  });

  it.each(['done', 'confirmed', 'rated'])('is refused once the need is %s', async (status) => {
    const n = await published();
    await ctx.db.execute(sql`UPDATE needs SET status = ${status} WHERE id = ${n.id}::uuid`);
    const res = await worker.post(`/api/needs/${n.id}/cancel`, { version: n.version, reason: 'x' });
    expect(issue(res)).toEqual(['NEED_TRANSITION_INVALID']);
  });
});

describe('invitations and proposals', () => {
  it('invites, and the invitee accepts (a claim) or declines', async () => {
    const n = await published({ headcount: 2 });
    const other = await signIn(app, ctx, [{ role: 'volunteer', areaCode: COMMUNITY_HUBIN_2 }], 'n_vol_other');
    const otherId = await volunteer({ userId: await userIdOf('n_vol_other'), areaCode: COMMUNITY_HUBIN_2 });
    const res = await worker.post(`/api/needs/${n.id}/invitations`, {
      invitees: [
        { type: 'volunteer', id: volunteerId, reasons: [{ code: 'skills' }] },
        { type: 'volunteer', id: otherId },
        { type: 'org', id: orgA.id },
      ],
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ invited: 3, skipped: 0 });
    expect(await notificationsOf(volunteerUserId, 'need.invited')).not.toHaveLength(0);
    // inviting again skips the pending ones
    const again = await worker.post(`/api/needs/${n.id}/invitations`, {
      invitees: [{ type: 'volunteer', id: volunteerId }],
    });
    expect(again.json()).toMatchObject({ invited: 0, skipped: 1 });
    const mine = (await volunteerUser.get('/api/needs/mine')).json();
    const inv = mine.invitations.find((i: { needId: string }) => i.needId === n.id);
    expect(inv).toMatchObject({ status: 'pending', mine: true, reasons: [{ code: 'skills' }] });
    // someone else cannot answer it
    expect((await stranger.post(`/api/need-invitations/${inv.id}/accept`, {})).statusCode).toBe(404);
    const accepted = await ok(volunteerUser.post(`/api/need-invitations/${inv.id}/accept`, {}));
    expect(accepted).toMatchObject({ claimedSeats: 1, status: 'published' });
    expect(accepted.claims[0]).toMatchObject({ claimantId: volunteerId });
    const closed = await volunteerUser.post(`/api/need-invitations/${inv.id}/accept`, {});
    expect(closed.json().error).toMatchObject({ code: 'NEED_INVITATION_CLOSED' });
    expect(closed.json().error.message).toBe('该邀请已接受，不能再回复');
    // a volunteer of another community, invited, sees the need and may accept
    const otherInv = accepted.invitations.find((i) => i.inviteeId === otherId)!;
    expect((await other.get(`/api/needs/${n.id}`)).statusCode).toBe(200);
    const declined = await ok(other.post(`/api/need-invitations/${otherInv.id}/decline`));
    expect(declined.invitations.find((i) => i.id === otherInv.id)!.status).toBe('declined');
    expect(await notificationsOf(workerId, 'need.invitation_declined')).not.toHaveLength(0);
    // the org's invitation lapses when the need fills
    const orgInv = accepted.invitations.find((i) => i.inviteeId === orgA.id)!;
    await ok(provider.post(`/api/need-invitations/${orgInv.id}/accept`, { seats: 1 }));
    const full = await read(n.id);
    expect(full.status).toBe('claimed');
  });

  it('pending invitations lapse when the need fills', async () => {
    const n = await published({ headcount: 1 });
    await ok(
      worker.post(`/api/needs/${n.id}/invitations`, { invitees: [{ type: 'org', id: orgA.id }] }),
      201,
    );
    await ok(volunteerUser.post(`/api/needs/${n.id}/claims`, { claimantType: 'volunteer' }), 201);
    expect((await read(n.id)).invitations.map((i) => i.status)).toEqual(['expired']);
  });

  it.each([
    ['an unknown invitee', 'invitees.0.id:NEED_INVITEE_NOT_FOUND'],
    ['a draft', 'NEED_TRANSITION_INVALID'],
  ])('refuses to invite to %s', async (what, expected) => {
    const n = what === 'a draft' ? await post(worker) : await published();
    const res = await worker.post(`/api/needs/${n.id}/invitations`, {
      invitees: [{ type: 'volunteer', id: what === 'a draft' ? volunteerId : newId() }],
    });
    expect(issue(res)).toContain(expected);
    expect((await read(n.id)).invitations).toHaveLength(0);
  });

  it('a proposal, accepted, invites every proposed volunteer once', async () => {
    const workerActor: Actor = {
      id: workerId,
      username: 'n_worker',
      displayName: 'n_worker',
      grants: [{ role: 'community_worker', areaCode: COMMUNITY_HUBIN }],
    };
    const n1 = await published({ headcount: 2 });
    const n2 = await published({ headcount: 1 });
    const v2 = await volunteer();
    const open = await openNeedsForMatching(ctx.db, ['330102001001'], clock.now());
    expect(open.map((o) => o.id)).toEqual(expect.arrayContaining([n1.id, n2.id]));
    expect(open.find((o) => o.id === n1.id)).toMatchObject({
      seatsLeft: 2,
      category: 'elderly_help',
      skills: ['first_aid'],
    });
    const { proposalId } = await saveProposal(ctx, workerActor, {
      areaCode: COMMUNITY_HUBIN,
      items: [
        { needId: n1.id, volunteerId, cost: 10, reasons: [{ code: 'near' }] },
        { needId: n1.id, volunteerId: v2, cost: 12, reasons: [] },
        { needId: n2.id, volunteerId: v2, cost: 9, reasons: [] },
      ],
      cost: 31,
      lowerBound: 31,
      solveMs: 3,
      needCount: 2,
      seatCount: 3,
    });
    // a proposal names needs of its own area only
    expect(
      await codeOf(
        saveProposal(ctx, workerActor, {
          areaCode: COMMUNITY_HUBIN,
          items: [{ needId: newId(), volunteerId, cost: 1 }],
          cost: 1,
          lowerBound: 1,
          solveMs: 1,
          needCount: 1,
          seatCount: 1,
        }),
      ),
    ).toBe('VALIDATION_FAILED');
    // one need is cancelled before the proposal is accepted: it is skipped
    await ok(worker.post(`/api/needs/${n2.id}/cancel`, { version: n2.version, reason: '取消' }));
    const r = await acceptProposal(ctx, workerActor, proposalId);
    expect(r).toEqual({ invited: 2, skippedNeedIds: [n2.id] });
    const after = await read(n1.id);
    expect(after.invitations.map((i) => i.proposalId)).toEqual([proposalId, proposalId]);
    expect(await codeOf(acceptProposal(ctx, workerActor, proposalId))).toBe('NEED_PROPOSAL_DECIDED');
    const q: Actor = {
      ...workerActor,
      id: newId(),
      grants: [{ role: 'community_worker', areaCode: COMMUNITY_QINGBO }],
    };
    expect(await codeOf(acceptProposal(ctx, q, proposalId))).toBe('NEED_PROPOSAL_NOT_FOUND');
    expect(await codeOf(inviteToNeed(ctx, q, n1.id, [{ type: 'volunteer', id: v2 }]))).toBe('NEED_NOT_FOUND');
  });
});

describe('scheduling and the rest of the flow', () => {
  it('refuses to schedule until every claim has its volunteers, a published need, or a stranger', async () => {
    const n = await published({ headcount: 3 });
    await ok(
      provider.post(`/api/needs/${n.id}/claims`, { claimantType: 'org', claimantId: orgA.id, seats: 2 }),
      201,
    );
    let cur = await read(n.id);
    expect(issue(await worker.post(`/api/needs/${n.id}/schedule`, { version: cur.version }))).toEqual([
      'NEED_TRANSITION_INVALID',
    ]);
    cur = await ok(volunteerUser.post(`/api/needs/${n.id}/claims`, { claimantType: 'volunteer' }), 201);
    expect(cur.status).toBe('claimed');
    expect(cur.can.schedule).toBe(true); // a claimant may schedule, naming its own claim's volunteers
    const orgClaim = cur.claims.find((c) => c.claimantType === 'org')!;
    const short = await provider.post(`/api/needs/${n.id}/schedule`, {
      version: cur.version,
      assignments: [{ claimId: orgClaim.id, volunteerIds: [volunteerId] }],
    });
    expect(issue(short), short.body).toContain('assignments.0.volunteerIds:NEED_CLAIM_VOLUNTEERS_COUNT');
    const a = await volunteer();
    const twice = await provider.post(`/api/needs/${n.id}/schedule`, {
      version: cur.version,
      assignments: [{ claimId: orgClaim.id, volunteerIds: [a, volunteerId] }],
    });
    expect(issue(twice)).toContain('assignments.0.volunteerIds.1:NEED_VOLUNTEER_TWICE');
    expect((await stranger.post(`/api/needs/${n.id}/schedule`, { version: cur.version })).statusCode).toBe(
      403,
    );
    expect((await read(n.id)).status).toBe('claimed');
  });

  it('follows attendance, then confirmation and rating', async () => {
    const n = await published({ headcount: 2 });
    const v2 = await volunteer();
    await ok(volunteerUser.post(`/api/needs/${n.id}/claims`, { claimantType: 'volunteer' }), 201);
    const c = await ok(
      provider.post(`/api/needs/${n.id}/claims`, { claimantType: 'org', claimantId: orgA.id, seats: 1 }),
      201,
    );
    const orgClaim = c.claims.find((x) => x.claimantType === 'org')!;
    await ok(provider.post(`/api/needs/${n.id}/claims/${orgClaim.id}/volunteers`, { volunteerIds: [v2] }));
    // As scheduling would leave it (the activity is the activities module's).
    const activityId = newId();
    await ctx.db.execute(
      sql`UPDATE needs SET status = 'scheduled', activity_id = ${activityId}::uuid WHERE id = ${n.id}::uuid`,
    );
    const emit = (signedUp: number, checkedIn: number, checkedOut: number, needId: string | null = n.id) =>
      ctx.db.transaction((tx) =>
        emitEvent({ ...ctx, db: tx }, providerId, 'activity.attendance', {
          activityId,
          needId,
          signedUp,
          checkedIn,
          checkedOut,
          at: clock.now(),
        }),
      );
    await emit(2, 0, 0);
    expect((await read(n.id)).status).toBe('scheduled');
    await emit(2, 1, 0);
    expect((await read(n.id)).status).toBe('in_progress');
    await emit(2, 2, 1);
    expect((await read(n.id)).status).toBe('in_progress');
    await emit(2, 2, 2);
    let cur = await read(n.id);
    expect(cur.status).toBe('done');
    expect(await notificationsOf(workerId, 'need.done')).not.toHaveLength(0);
    await emit(2, 2, 2, null); // an activity without a need changes nothing
    expect(issue(await worker.post(`/api/needs/${n.id}/rate`, { version: cur.version, rating: 5 }))).toEqual([
      'NEED_TRANSITION_INVALID',
    ]);
    expect(
      issue(await worker.post(`/api/needs/${n.id}/confirm`, { version: cur.version, peopleServed: -1 })),
    ).toContain('peopleServed:FIELD_RANGE');
    expect(
      (await provider.post(`/api/needs/${n.id}/confirm`, { version: cur.version, peopleServed: 1 }))
        .statusCode,
    ).toBe(403);
    cur = await ok(worker.post(`/api/needs/${n.id}/confirm`, { version: cur.version, peopleServed: 1 }));
    expect(cur).toMatchObject({ status: 'confirmed' });
    const rated: unknown[] = [];
    const off = onEvent('need.rated', async (_c, _a, e) => {
      rated.push(e);
    });
    try {
      for (const rating of [0, 6])
        expect(
          issue(await worker.post(`/api/needs/${n.id}/rate`, { version: cur.version, rating })),
        ).toContain('rating:NEED_RATING_INVALID');
      cur = await ok(
        worker.post(`/api/needs/${n.id}/rate`, { version: cur.version, rating: 4, comment: '很耐心' }),
      );
    } finally {
      off();
    }
    expect(cur).toMatchObject({ status: 'rated', rating: 4 });
    expect(rated).toEqual([expect.objectContaining({ needId: n.id, stars: 4 })]);
    expect((rated[0] as { volunteerIds: string[] }).volunteerIds.sort()).toEqual([volunteerId, v2].sort());
    expect(cur.events.map((e) => e.toStatus)).toEqual([
      'published',
      'published',
      'claimed',
      'claimed',
      'in_progress',
      'done',
      'confirmed',
      'rated',
    ]);
    expect(await notificationsOf(providerId, 'need.rated')).not.toHaveLength(0);
  });
});

describe('with the activities module', () => {
  const actorOf = (userId: string): Actor => ({
    id: userId,
    username: userId,
    displayName: 'v',
    grants: [{ role: 'volunteer', areaCode: COMMUNITY_HUBIN }],
  });
  const readNow = async (id: string) =>
    (await getNeed(
      ctx,
      { ...actorOf(newId()), grants: [{ role: 'district_admin', areaCode: DISTRICT }] },
      id,
    )) as unknown as NeedView;
  async function code(activityId: string) {
    const a = await queryOne<{ secret: string; shift: string }>(
      ctx.db,
      sql`SELECT a.code_secret AS secret, s.id AS shift FROM activities a
          JOIN activity_shifts s ON s.activity_id = a.id WHERE a.id = ${activityId}::uuid`,
    );
    return { code: checkInCode(a!.secret, a!.shift, codeWindow(clock.now())), shiftId: a!.shift };
  }

  it('schedules into an activity, then follows check-in and check-out to done', async () => {
    const n = await published({ headcount: 2, startsAt: at(3, 9), endsAt: at(3, 11) });
    const v2User = newId();
    const v2 = await volunteer({ userId: v2User });
    await ok(volunteerUser.post(`/api/needs/${n.id}/claims`, { claimantType: 'volunteer' }), 201);
    const c = await ok(
      provider.post(`/api/needs/${n.id}/claims`, { claimantType: 'org', claimantId: orgA.id, seats: 1 }),
      201,
    );
    const orgClaim = c.claims.find((x) => x.claimantType === 'org')!;
    const [mine, other] = [await commitments(volunteerId), await commitments(v2)];
    const s = await ok(
      provider.post(`/api/needs/${n.id}/schedule`, {
        version: c.version,
        assignments: [{ claimId: orgClaim.id, volunteerIds: [v2] }],
      }),
    );
    expect(s).toMatchObject({ status: 'scheduled', activityId: expect.any(String) });
    const activity = await queryOne<{ need_id: string; org_id: string; kind: string }>(
      ctx.db,
      sql`SELECT need_id, org_id, kind FROM activities WHERE id = ${s.activityId}::uuid`,
    );
    expect(activity).toEqual({ need_id: n.id, org_id: orgA.id, kind: 'need' });
    // the claim's commitment became the sign-up's: the volunteer's load is counted once
    expect(await commitments(volunteerId)).toBe(mine);
    expect(await commitments(v2)).toBe(other + 1);
    expect(await notificationsOf(volunteerUserId, 'need.scheduled')).not.toHaveLength(0);
    expect(await notificationsOf(v2User, 'need.scheduled')).not.toHaveLength(0);

    clock.set(new Date(Date.parse(at(3, 9))).toISOString());
    try {
      const first = await code(s.activityId!);
      await checkIn(ctx, actorOf(volunteerUserId), { code: first.code });
      expect((await readNow(n.id)).status).toBe('in_progress');
      await checkIn(ctx, actorOf(v2User), { code: first.code });
      clock.advance(90 * 60_000);
      const later = await code(s.activityId!);
      await checkOut(ctx, actorOf(volunteerUserId), { code: later.code });
      expect((await readNow(n.id)).status).toBe('in_progress');
      await checkOut(ctx, actorOf(v2User), { code: later.code });
      const done = await readNow(n.id);
      expect(done.status).toBe('done');
      expect(done.events.map((e) => e.toStatus).slice(-3)).toEqual(['scheduled', 'in_progress', 'done']);
    } finally {
      clock.set(NOW);
    }
  });

  it('cancelling a scheduled need cancels its activity and releases the sign-ups', async () => {
    const n = await published({ headcount: 1, startsAt: at(4, 9), endsAt: at(4, 11) });
    const claimed = await ok(
      volunteerUser.post(`/api/needs/${n.id}/claims`, { claimantType: 'volunteer' }),
      201,
    );
    const s = await ok(
      worker.post(`/api/needs/${n.id}/schedule`, { version: claimed.version, orgId: orgA.id }),
    );
    expect(s.status).toBe('scheduled');
    const before = await commitments(volunteerId);
    const c = await ok(worker.post(`/api/needs/${n.id}/cancel`, { version: s.version, reason: '天气原因' }));
    expect(c.status).toBe('cancelled');
    const a = await queryOne<{ status: string }>(
      ctx.db,
      sql`SELECT status FROM activities WHERE id = ${s.activityId}::uuid`,
    );
    expect(a?.status).toBe('cancelled');
    expect(await commitments(volunteerId)).toBe(before - 1);
  });

  it('a need of volunteers only needs an organiser to record the hours', async () => {
    const n = await published({ headcount: 1, startsAt: at(4, 14), endsAt: at(4, 15) });
    const claimed = await ok(
      volunteerUser.post(`/api/needs/${n.id}/claims`, { claimantType: 'volunteer' }),
      201,
    );
    const res = await worker.post(`/api/needs/${n.id}/schedule`, { version: claimed.version });
    expect(issue(res)).toContain('orgId:NEED_ORGANISER_REQUIRED');
    expect((await read(n.id)).status).toBe('claimed');
  });
});

describe('the sweep', () => {
  it('expires needs whose start passed unscheduled and sends each reminder once', async () => {
    const late = await published({ startsAt: at(0, 14), endsAt: at(0, 16), headcount: 2 });
    await ok(volunteerUser.post(`/api/needs/${late.id}/claims`, { claimantType: 'volunteer' }), 201);
    const soon = await published({ startsAt: at(1, 15), endsAt: at(1, 17), headcount: 2 });
    const far = await published({ startsAt: at(5, 9), endsAt: at(5, 10) });
    const sched = await published({ startsAt: at(1, 8), endsAt: at(1, 9), headcount: 1 });
    await ok(volunteerUser.post(`/api/needs/${sched.id}/claims`, { claimantType: 'volunteer' }), 201);
    await ctx.db.execute(sql`UPDATE needs SET status = 'scheduled' WHERE id = ${sched.id}::uuid`);
    const before = await commitments(volunteerId);

    await sweepNeeds(ctx);
    expect((await read(late.id)).status).toBe('published');
    expect(await notificationsOf(workerId, 'need.reminder.unclaimed')).toContainEqual(
      expect.objectContaining({ dedupe_key: `need.reminder.unclaimed:${soon.id}` }),
    );
    expect(
      (await notificationsOf(workerId, 'need.reminder.unclaimed')).some((x) =>
        x.dedupe_key?.endsWith(far.id),
      ),
    ).toBe(false);
    expect(await notificationsOf(volunteerUserId, 'need.reminder.start')).toContainEqual(
      expect.objectContaining({ dedupe_key: `need.reminder.start:${sched.id}` }),
    );
    const sent = await count('notifications');
    expect((await sweepNeeds(ctx)).reminders).toBe(0);
    expect(await count('notifications')).toBe(sent);

    clock.set('2026-06-15T06:30:00Z'); // 14:30: the afternoon need has started unscheduled
    try {
      const r = await sweepNeeds(ctx);
      expect(r.expired).toBeGreaterThanOrEqual(1);
      const n = await read(late.id);
      expect(n).toMatchObject({
        status: 'expired',
        statusReason: 'start_passed_unscheduled',
        claimedSeats: 0,
      });
      expect(await commitments(volunteerId)).toBe(before - 1);
      expect(await notificationsOf(workerId, 'need.expired')).not.toHaveLength(0);
      expect((await sweepNeeds(ctx)).expired).toBe(0);
      // done three days ago without confirmation
      await ctx.db.execute(
        sql`UPDATE needs SET status = 'done', done_at = ${new Date(Date.parse('2026-06-12T06:00:00Z')).toISOString()}::timestamptz WHERE id = ${far.id}::uuid`,
      );
      await sweepNeeds(ctx);
      await sweepNeeds(ctx);
      expect(
        (await notificationsOf(workerId, 'need.confirm_due')).filter(
          (x) => x.dedupe_key === `need.confirm_due:${far.id}`,
        ),
      ).toHaveLength(1);
    } finally {
      clock.set(NOW);
    }
  });
});

describe('concurrency', () => {
  it('50 parallel claimants never exceed the headcount', async () => {
    const n = await published({ headcount: 30 });
    const claimants = await Promise.all(
      Array.from({ length: 50 }, async (_, i) => {
        const userId = newId();
        if (i < 40) {
          await volunteer({ userId });
          return { userId, body: { claimantType: 'volunteer' as const }, role: 'volunteer' as const };
        }
        const org = await admin.post('/api/orgs', buildOrgBody({ areaCode: COMMUNITY_HUBIN }));
        await addOrgMembers(ctx.db, [{ userId, orgId: org.json().id }]);
        return {
          userId,
          body: { claimantType: 'org' as const, claimantId: org.json().id as string, seats: 1 + (i % 3) },
          role: 'service_provider' as const,
        };
      }),
    );
    const results = await Promise.all(
      claimants.map((c) =>
        codeOf(
          claimNeed(
            ctx,
            {
              id: c.userId,
              username: c.userId,
              displayName: 'x',
              grants: [{ role: c.role, areaCode: COMMUNITY_HUBIN }],
            },
            n.id,
            c.body,
          ),
        ),
      ),
    );
    expect(
      results.every((r) => r === 'OK' || r === 'NEED_SEATS_EXCEEDED' || r === 'NEED_TRANSITION_INVALID'),
    ).toBe(true);
    const after = await read(n.id);
    const active = after.claims.filter((c) => c.status === 'active');
    const seats = active.reduce((s, c) => s + c.seats, 0);
    expect(after.claimedSeats).toBe(seats);
    // 40 one-seat volunteers alone can fill 30 seats: whatever the order, the need fills exactly
    expect(seats).toBe(30);
    expect(after.status).toBe('claimed');
    expect(results.filter((r) => r === 'OK')).toHaveLength(active.length);
    expect(results.filter((r) => r !== 'OK').length).toBeGreaterThan(0);
    const events = await queryRows<{ n: number }>(
      ctx.db,
      sql`SELECT count(*)::int AS n FROM need_events WHERE need_id = ${n.id}::uuid AND to_status IN ('published','claimed') AND from_status IS NOT NULL`,
    );
    expect(Number(events[0]!.n)).toBe(active.length);
    // the database itself refuses more seats than the headcount
    await expect(
      ctx.db.execute(sql`UPDATE needs SET claimed_seats = 31 WHERE id = ${n.id}::uuid`),
    ).rejects.toThrow();
  });
});

describe('reading', () => {
  it('the detail says what the user may do', async () => {
    const n = await published();
    const asWorker = (await worker.get(`/api/needs/${n.id}`)).json();
    expect(asWorker.can).toMatchObject({
      edit: true,
      publish: false,
      cancel: true,
      claim: false,
      invite: true,
    });
    const asVolunteer = (await volunteerUser.get(`/api/needs/${n.id}`)).json();
    expect(asVolunteer.can).toMatchObject({ edit: false, cancel: false, claim: true, invite: false });
    expect(asVolunteer.claimAs).toEqual([expect.objectContaining({ type: 'volunteer', id: volunteerId })]);
    const asProvider = (await provider.get(`/api/needs/${n.id}`)).json();
    expect(asProvider.claimAs).toContainEqual(expect.objectContaining({ type: 'org', id: orgA.id }));
    const res = await getNeed(ctx, { id: newId(), username: 'u', displayName: 'u', grants: [] }, n.id).catch(
      (e) => e,
    );
    expect(res).toBeInstanceOf(AppError);
  });

  it('the board filters by status and text', async () => {
    const n = await published({ title: '独特标题用于搜索' });
    const byText = (await worker.get(`/api/needs?q=${encodeURIComponent('独特标题')}`)).json();
    expect(byText.items.map((i: { id: string }) => i.id)).toEqual([n.id]);
    const byNo = (await worker.get(`/api/needs?q=${n.needNo}`)).json();
    expect(byNo.items.map((i: { id: string }) => i.id)).toEqual([n.id]);
    const drafts = (await worker.get('/api/needs?status=draft&pageSize=200')).json();
    expect(drafts.items.every((i: { status: string }) => i.status === 'draft')).toBe(true);
    const volunteerDrafts = (await volunteerUser.get('/api/needs?status=draft')).json();
    expect(volunteerDrafts.total).toBe(0);
  });
});
