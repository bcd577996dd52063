import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CandidatesResponse, ProposalDetail } from '../../../contracts/api/matching.ts';
import { fixedClock } from '../../platform/clock.ts';
import type { Ctx } from '../../platform/context.ts';
import { queryOne } from '../../platform/db/rows.ts';
import type { App } from '../../platform/http/types.ts';
import { newId } from '../../platform/ids.ts';
import {
  buildOrgBody,
  buildPersonBody,
  COMMUNITY_HUBIN,
  COMMUNITY_HUBIN_2,
  COMMUNITY_QINGBO,
  DISTRICT,
  STREET_HUBIN,
} from '../../testing/builders.ts';
import { createTestContext } from '../../testing/context.ts';
import { type Client, createTestApp, signIn } from '../../testing/http.ts';
import {
  candidatesPerNeed,
  MATCH,
  type NeedFacts,
  rankVolunteers,
  type VolunteerFacts,
} from './matching.rules.ts';

// Monday 2026-06-15, 10:00 in Hangzhou.
const NOW = '2026-06-15T02:00:00Z';
const clock = fixedClock(NOW);
/** 涌金门社区, roughly. */
const HERE = { lat: 30.2555, lng: 120.1685 };
const M_PER_DEG = 111_195;

let ctx: Ctx;
let close: () => Promise<void>;
let app: App;
let admin: Client;
let worker: Client;
let workerQ: Client;
let street: Client;
let volunteerUser: Client;
let orgA: string;

/** Every volunteer inserted, as the reference rules see them. */
const world: VolunteerFacts[] = [];

function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

let seq = 0;
/** A volunteer row with a minimal person row (name only), straight into the tables. */
async function volunteer(over: Partial<VolunteerFacts> = {}, registered = false): Promise<VolunteerFacts> {
  seq++;
  const v: VolunteerFacts = {
    id: newId(),
    personId: newId(),
    areaCode: COMMUNITY_HUBIN,
    status: 'active',
    skills: [],
    availability: (1 << 21) - 1,
    lat: HERE.lat,
    lng: HERE.lng,
    openCommitments: 0,
    lastServedAt: null,
    ratingSum: 0,
    ratingCount: 0,
    ...over,
  };
  if (!registered)
    await ctx.db.execute(sql`
    INSERT INTO persons (id, name, id_hash, id_enc, id_masked, id_tail, birth_date, sex, hukou_local, area_code, street_code)
    VALUES (${v.personId}::uuid, ${`志愿者${seq}号`}, ${`matching-test-${seq}`}, '', '', '0000', '1980-01-01', 'F', true,
            ${v.areaCode}, ${v.areaCode.slice(0, 9)})`);
  await ctx.db.execute(sql`
    INSERT INTO volunteers (id, person_id, volunteer_no, area_code, skills, availability, lat, lng, status,
      open_commitments, last_served_at, rating_sum, rating_count, registered_at, updated_at)
    VALUES (${v.id}::uuid, ${v.personId}::uuid, ${`VT${String(seq).padStart(8, '0')}`}, ${v.areaCode},
      ${`{${v.skills.join(',')}}`}::text[], ${v.availability}, ${v.lat}, ${v.lng}, ${v.status}, ${v.openCommitments},
      ${v.lastServedAt?.toISOString() ?? null}::timestamptz, ${v.ratingSum}, ${v.ratingCount}, now(), now())`);
  world.push(v);
  return v;
}

const at = (days: number, hour: number) => {
  const d = new Date(Date.parse(NOW) + days * 86_400_000);
  return `${d.toISOString().slice(0, 10)}T${String(hour).padStart(2, '0')}:00:00+08:00`;
};

interface PostedNeed {
  id: string;
  facts: NeedFacts;
  seats: number;
}

async function need(over: Record<string, unknown> = {}, client = worker): Promise<PostedNeed> {
  const body = {
    areaCode: COMMUNITY_HUBIN,
    category: 'elderly_help',
    title: '陪同老人就医',
    place: '涌金门社区服务中心',
    lat: HERE.lat,
    lng: HERE.lng,
    startsAt: at(2, 9),
    endsAt: at(2, 11),
    headcount: 2,
    skills: [],
    publish: true,
    ...over,
  };
  const res = await client.post('/api/needs', body);
  expect(res.statusCode, res.body).toBe(201);
  const n = res.json();
  return {
    id: n.id,
    seats: n.seatsLeft,
    facts: {
      id: n.id,
      areaCode: n.areaCode,
      skills: n.skills,
      lat: n.lat,
      lng: n.lng,
      startsAt: new Date(n.startsAt),
      endsAt: new Date(n.endsAt),
      beneficiaryPersonId: n.beneficiary?.personId ?? null,
    },
  };
}

async function candidates(client: Client, needId: string): Promise<CandidatesResponse> {
  const res = await client.get(`/api/needs/${needId}/candidates`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}

async function count(table: string): Promise<number> {
  const r = await queryOne<{ n: number }>(ctx.db, sql`SELECT count(*)::int AS n FROM ${sql.raw(table)}`);
  return Number(r?.n ?? 0);
}

const SKILLS = ['first_aid', 'nursing', 'law', 'driving', 'repair'];

beforeAll(async () => {
  ({ ctx, close } = await createTestContext({ clock }));
  app = await createTestApp(ctx);
  admin = await signIn(app, ctx, [{ role: 'district_admin', areaCode: DISTRICT }], 'm_admin');
  worker = await signIn(app, ctx, [{ role: 'community_worker', areaCode: COMMUNITY_HUBIN }], 'm_worker');
  workerQ = await signIn(app, ctx, [{ role: 'community_worker', areaCode: COMMUNITY_QINGBO }], 'm_worker_q');
  street = await signIn(app, ctx, [{ role: 'street_staff', areaCode: STREET_HUBIN }], 'm_street');
  volunteerUser = await signIn(app, ctx, [{ role: 'volunteer', areaCode: COMMUNITY_HUBIN }], 'm_volunteer');
  const org = await admin.post('/api/orgs', buildOrgBody({ areaCode: COMMUNITY_HUBIN, kind: 'social_org' }));
  expect(org.statusCode, org.body).toBe(201);
  orgA = org.json().id;
  // 260 volunteers within ~7 km: some beyond the radius, some without a location, a few
  // suspended; few distinct ratings and loads, so costs tie and the order by id is exercised.
  const r = rng(7);
  for (let i = 0; i < 260; i++) {
    const far = r() < 0.15 ? 3 : 1;
    const located = r() > 0.06;
    await volunteer({
      areaCode: [COMMUNITY_HUBIN, COMMUNITY_HUBIN_2, COMMUNITY_QINGBO][Math.floor(r() * 3)]!,
      status: r() < 0.05 ? 'suspended' : 'active',
      skills: SKILLS.filter(() => r() < 0.3),
      availability: r() < 0.7 ? (1 << 21) - 1 : Math.floor(r() * (1 << 21)),
      lat: located ? HERE.lat + ((r() - 0.5) * 4000 * far) / M_PER_DEG : null,
      lng: located ? HERE.lng + ((r() - 0.5) * 4000 * far) / (M_PER_DEG * 0.864) : null,
      openCommitments: Math.floor(r() * 3),
      lastServedAt:
        r() < 0.5 ? new Date(Date.parse(NOW) - Math.floor(r() * 50) * 86_400_000 - 3_600_000) : null,
      ratingSum: Math.floor(r() * 3) * 5,
      ratingCount: Math.floor(r() * 3),
    });
  }
  // A community team with three members who give first aid.
  const team = newId();
  const medics = world.filter((v) => v.status === 'active' && v.skills.includes('first_aid')).slice(0, 3);
  await ctx.db.execute(sql`
    INSERT INTO volunteer_teams (id, name, level, area_code, org_id, status, member_count, created_at, updated_at)
    VALUES (${team}::uuid, '涌金门急救志愿队', 'community', ${COMMUNITY_HUBIN}, ${orgA}::uuid, 'active', 4, now(), now())`);
  for (const [i, v] of [...medics, world.find((x) => !x.skills.includes('first_aid'))!].entries())
    await ctx.db.execute(sql`
      INSERT INTO volunteer_team_members (team_id, volunteer_id, role, joined_at)
      VALUES (${team}::uuid, ${v.id}::uuid, ${i === 0 ? 'leader' : 'member'}, now())`);
});

afterAll(async () => {
  await app?.close();
  await close?.();
});

describe('ranking the candidates of one need', () => {
  it('finds the same 20 volunteers, in the same order and at the same cost, as the reference rules', async () => {
    const cases = [
      await need(),
      await need({ skills: ['first_aid'] }),
      await need({ skills: ['first_aid', 'nursing'], startsAt: at(3, 19), endsAt: at(3, 21) }),
      await need({ skills: ['law'], lat: HERE.lat + 0.02 }),
      // No location: only volunteers of the community, at the fixed distance.
      await need({ lat: undefined, lng: undefined, skills: ['driving'] }),
    ];
    for (const n of cases) {
      const got = await candidates(worker, n.id);
      const want = rankVolunteers(n.facts, world, clock.now(), MATCH.topCandidates);
      expect(
        got.volunteers.map((v) => `${v.volunteerId}:${v.cost}`),
        JSON.stringify(n.facts.skills),
      ).toEqual(want.map((w) => `${w.volunteer.id}:${w.assessment.cost}`));
      expect(want.length).toBeGreaterThan(0);
      for (const v of got.volunteers) {
        expect(v.name).toMatch(/^志\*+号$/);
        expect(v.reasons.length).toBeGreaterThan(2);
        for (const reason of v.reasons) expect(reason.text['zh-CN'].length).toBeGreaterThan(0);
        expect(v.invited).toBe(false);
      }
    }
  });

  it('explains each candidate with translated reasons', async () => {
    const n = await need({ skills: ['first_aid'] });
    const top = (await candidates(worker, n.id)).volunteers[0]!;
    const zh = top.reasons.map((r) => r.text['zh-CN']);
    expect(zh).toContain('具备应急救护技能');
    expect(zh.some((t) => /^距离 \d+\.\d 公里$/.test(t) || t === '同社区（未标注位置）')).toBe(true);
    expect(zh).toContain('周三上午有空');
    const en = top.reasons.map((r) => r.text.en);
    expect(en).toContain('Has First aid skills');
  });

  it('lists teams by qualified members and organisations of the street', async () => {
    const n = await need({ skills: ['first_aid'], headcount: 3 });
    const got = await candidates(worker, n.id);
    expect(got.teams[0]).toMatchObject({
      name: '涌金门急救志愿队',
      qualifiedMembers: 3,
      memberCount: 4,
      cost: 0,
    });
    expect(got.teams[0]!.reasons.map((r) => r.text['zh-CN'])).toEqual([
      '社区级队伍',
      '3 名成员具备所需技能',
      '共 4 名成员',
    ]);
    expect(got.orgs.map((o) => o.orgId)).toContain(orgA);
    expect(got.orgs.find((o) => o.orgId === orgA)!.reasons.map((r) => r.text['zh-CN'])).toEqual([
      '本社区组织',
      '社会组织',
      '下属 1 支志愿队伍',
    ]);
  });

  it('leaves out the beneficiary and volunteers already claiming; marks those invited', async () => {
    const n = await need({ skills: ['first_aid'] });
    const first = (await candidates(worker, n.id)).volunteers;
    // Invite the best one: it stays in the list, marked invited.
    const inv = await worker.post(`/api/needs/${n.id}/candidates/invite`, {
      type: 'volunteer',
      id: first[0]!.volunteerId,
    });
    expect(inv.statusCode, inv.body).toBe(201);
    expect(inv.json().invitationId).toEqual(expect.any(String));
    const after = (await candidates(worker, n.id)).volunteers;
    expect(after.find((v) => v.volunteerId === first[0]!.volunteerId)?.invited).toBe(true);
    // A volunteer claiming the need is serving it, not a candidate.
    const claimer = first[1]!.volunteerId;
    await ctx.db.execute(sql`
      INSERT INTO need_claims (id, need_id, claimant_type, claimant_id, seats, status, claimed_at)
      VALUES (${newId()}::uuid, ${n.id}::uuid, 'volunteer', ${claimer}::uuid, 1, 'active', now())`);
    expect((await candidates(worker, n.id)).volunteers.map((v) => v.volunteerId)).not.toContain(claimer);
    // The person the need is for is no candidate for it, even when a volunteer (here the best one).
    const person = await admin.post('/api/persons', buildPersonBody({ areaCode: COMMUNITY_HUBIN, age: 70 }));
    expect(person.statusCode, person.body).toBe(201);
    const top = await volunteer(
      { personId: person.json().id, skills: ['first_aid'], ratingSum: 500, ratingCount: 100 },
      true,
    );
    expect((await candidates(worker, n.id)).volunteers[0]!.volunteerId).toBe(top.id);
    const forTop = await need({ skills: ['first_aid'], beneficiaryPersonId: top.personId });
    expect(forTop.facts.beneficiaryPersonId).toBe(top.personId);
    expect((await candidates(worker, forTop.id)).volunteers.map((v) => v.volunteerId)).not.toContain(top.id);
    const refused = await worker.post(`/api/needs/${forTop.id}/candidates/invite`, {
      type: 'volunteer',
      id: top.id,
    });
    expect(refused.json().error.code).toBe('MATCHING_VOLUNTEER_IS_BENEFICIARY');
  });

  it('sends the server’s own reasons with a one-click invitation, and refuses an ineligible volunteer', async () => {
    const n = await need({ skills: ['nursing'] });
    const top = (await candidates(worker, n.id)).volunteers[0]!;
    const res = await worker.post(`/api/needs/${n.id}/candidates/invite`, {
      type: 'volunteer',
      id: top.volunteerId,
    });
    expect(res.statusCode, res.body).toBe(201);
    const detail = (await worker.get(`/api/needs/${n.id}`)).json();
    const invitation = detail.invitations.find((i: { inviteeId: string }) => i.inviteeId === top.volunteerId);
    expect(invitation.reasons.map((r: { text: { 'zh-CN': string } }) => r.text['zh-CN'])).toEqual(
      top.reasons.map((r) => r.text['zh-CN']),
    );
    const before = await count('need_invitations');
    const lacking = world.find((v) => v.status === 'active' && !v.skills.includes('nursing'))!;
    const refused = await worker.post(`/api/needs/${n.id}/candidates/invite`, {
      type: 'volunteer',
      id: lacking.id,
    });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error).toMatchObject({
      code: 'MATCHING_VOLUNTEER_LACKS_SKILLS',
      message: '该志愿者不具备这条需求要求的全部技能',
    });
    const far = await volunteer({ skills: ['nursing'], lat: HERE.lat + 0.06 });
    const tooFar = await worker.post(`/api/needs/${n.id}/candidates/invite`, {
      type: 'volunteer',
      id: far.id,
    });
    expect(tooFar.json().error.code).toBe('MATCHING_VOLUNTEER_TOO_FAR');
    const suspended = await volunteer({ skills: ['nursing'], status: 'suspended' });
    const inactive = await worker.post(`/api/needs/${n.id}/candidates/invite`, {
      type: 'volunteer',
      id: suspended.id,
    });
    expect(inactive.json().error.code).toBe('MATCHING_VOLUNTEER_INACTIVE');
    expect(await count('need_invitations')).toBe(before);
  });

  it('invites a team and an organisation', async () => {
    const n = await need({ skills: ['first_aid'] });
    const got = await candidates(worker, n.id);
    for (const body of [
      { type: 'team', id: got.teams[0]!.teamId },
      { type: 'org', id: orgA },
    ]) {
      const res = await worker.post(`/api/needs/${n.id}/candidates/invite`, body);
      expect(res.statusCode, res.body).toBe(201);
    }
    const again = await candidates(worker, n.id);
    expect(again.teams[0]!.invited).toBe(true);
    expect(again.orgs.find((o) => o.orgId === orgA)!.invited).toBe(true);
  });

  it('answers 404 for a need outside the reader’s area and 403 to those who may not post needs there', async () => {
    const n = await need();
    expect((await workerQ.get(`/api/needs/${n.id}/candidates`)).statusCode).toBe(404);
    const asVolunteer = await volunteerUser.get(`/api/needs/${n.id}/candidates`);
    expect(asVolunteer.statusCode).toBe(403);
    expect((await street.get(`/api/needs/${n.id}/candidates`)).statusCode).toBe(200);
    expect((await worker.get(`/api/needs/${newId()}/candidates`)).statusCode).toBe(404);
  });
});

describe('area-wide proposals', () => {
  let needs: PostedNeed[];
  let impossible: PostedNeed;

  beforeAll(async () => {
    // A community of its own, so earlier tests' needs do not mix in.
    const area = COMMUNITY_HUBIN_2;
    const mk = (over: Record<string, unknown>) => need({ areaCode: area, ...over }, street);
    needs = [
      await mk({ headcount: 3 }),
      await mk({ headcount: 2, skills: ['first_aid'] }),
      await mk({ headcount: 4, skills: ['driving'], startsAt: at(4, 14), endsAt: at(4, 16) }),
      await mk({ headcount: 1, skills: ['law'] }),
      await mk({ headcount: 5, lat: HERE.lat - 0.01 }),
    ];
    impossible = await mk({ headcount: 2, skills: ['sign_language'] });
    // Another street's need is not part of the community's proposal.
    await need({ areaCode: COMMUNITY_QINGBO }, workerQ);
  });

  it('assigns seats optimally (cost = proven lower bound), each volunteer once, within each need’s seats', async () => {
    const res = await street.post('/api/matching/proposals', { areaCode: COMMUNITY_HUBIN_2 });
    expect(res.statusCode, res.body).toBe(201);
    const p: ProposalDetail = res.json();
    expect(p).toMatchObject({ status: 'proposed', needCount: 6, seatCount: 17, optimal: true });
    expect(p.cost).toBe(p.lowerBound);
    const all: ProposalDetail = (await street.get(`/api/matching/proposals/${p.id}?pageSize=200`)).json();
    expect(all.items.length).toBe(p.assignedSeats);
    const used = all.items.map((i) => i.volunteerId);
    expect(new Set(used).size).toBe(used.length);
    let itemsCost = 0;
    for (const n of needs) {
      const mine = all.items.filter((i) => i.needId === n.id);
      expect(mine.length).toBeLessThanOrEqual(n.seats);
      // Every proposed pair is among the need's K best by the reference rules, at their cost.
      const best = rankVolunteers(n.facts, world, clock.now(), candidatesPerNeed(n.seats));
      for (const i of mine) {
        const ref = best.find((b) => b.volunteer.id === i.volunteerId);
        expect(ref, `${i.needNo} ${i.volunteerNo}`).toBeDefined();
        expect(i.cost).toBe(ref!.assessment.cost);
        expect(i.reasons.map((r) => r.text['zh-CN']).length).toBeGreaterThan(2);
        itemsCost += i.cost;
      }
    }
    expect(all.items.some((i) => i.needId === impossible.id)).toBe(false);
    // The objective counts the penalty for every seat left unfilled.
    expect(p.cost).toBe(itemsCost + (p.seatCount - p.assignedSeats) * MATCH.unfilledCost);
    expect(all.unfilled).toContainEqual(expect.objectContaining({ needId: impossible.id, seats: 2 }));
    expect(all.unfilledNeeds).toBeGreaterThanOrEqual(1);
  });

  it('pages and filters the items', async () => {
    const p: ProposalDetail = (
      await street.post('/api/matching/proposals', { areaCode: COMMUNITY_HUBIN_2 })
    ).json();
    const page = (await street.get(`/api/matching/proposals/${p.id}?pageSize=5&page=2`)).json();
    expect(page).toMatchObject({ page: 2, pageSize: 5, total: p.assignedSeats });
    expect(page.items.length).toBe(Math.min(5, p.assignedSeats - 5));
    const law = (
      await street.get(`/api/matching/proposals/${p.id}?category=elderly_help&area=${COMMUNITY_HUBIN_2}`)
    ).json();
    expect(law.total).toBe(p.assignedSeats);
    const none = (await street.get(`/api/matching/proposals/${p.id}?category=legal`)).json();
    expect(none.total).toBe(0);
    const list = (await street.get(`/api/matching/proposals?area=${COMMUNITY_HUBIN_2}`)).json();
    expect(list.items.map((x: { id: string }) => x.id)).toContain(p.id);
  });

  it('accepting invites every proposed volunteer once; a decided proposal cannot be accepted again', async () => {
    const p: ProposalDetail = (
      await street.post('/api/matching/proposals', { areaCode: COMMUNITY_HUBIN_2 })
    ).json();
    const audits = await count('audit_log');
    const res = await street.post(`/api/matching/proposals/${p.id}/accept`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ invited: p.assignedSeats, skippedNeedIds: [] });
    expect(res.json().proposal.status).toBe('accepted');
    expect(await count('audit_log')).toBeGreaterThan(audits);
    const detail = (await street.get(`/api/needs/${needs[0]!.id}`)).json();
    const fromProposal = detail.invitations.filter(
      (i: { proposalId: string | null }) => i.proposalId === p.id,
    );
    expect(fromProposal.length).toBe(Math.min(needs[0]!.seats, p.assignedSeats));
    const again = await street.post(`/api/matching/proposals/${p.id}/accept`);
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('NEED_PROPOSAL_DECIDED');
    // The invited volunteers are not proposed again for the same needs.
    const next: ProposalDetail = (
      await street.post('/api/matching/proposals', { areaCode: COMMUNITY_HUBIN_2 })
    ).json();
    const items = (await street.get(`/api/matching/proposals/${next.id}?pageSize=200`)).json().items as {
      needId: string;
      volunteerId: string;
    }[];
    const invited = new Set(
      (await street.get(`/api/matching/proposals/${p.id}?pageSize=200`))
        .json()
        .items.map((i: { needId: string; volunteerId: string }) => `${i.needId}:${i.volunteerId}`),
    );
    for (const i of items) expect(invited.has(`${i.needId}:${i.volunteerId}`)).toBe(false);
  });

  it('discards a proposal', async () => {
    const p: ProposalDetail = (
      await street.post('/api/matching/proposals', { areaCode: COMMUNITY_HUBIN_2 })
    ).json();
    const res = await street.post(`/api/matching/proposals/${p.id}/discard`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().status).toBe('discarded');
    expect((await street.post(`/api/matching/proposals/${p.id}/accept`)).statusCode).toBe(409);
  });

  it('refuses areas outside the worker’s own, and an area without open needs', async () => {
    const before = await count('match_proposals');
    const other = await worker.post('/api/matching/proposals', { areaCode: COMMUNITY_HUBIN_2 });
    expect(other.statusCode).toBe(403);
    const empty = await admin.post('/api/matching/proposals', { areaCode: '330102003001' });
    expect(empty.statusCode).toBe(409);
    expect(empty.json().error.code).toBe('MATCHING_NOTHING_TO_MATCH');
    const unknown = await admin.post('/api/matching/proposals', { areaCode: '330102999999' });
    expect(unknown.statusCode).toBe(400);
    expect(await count('match_proposals')).toBe(before);
    const p: ProposalDetail = (
      await street.post('/api/matching/proposals', { areaCode: COMMUNITY_HUBIN_2 })
    ).json();
    expect((await workerQ.get(`/api/matching/proposals/${p.id}`)).statusCode).toBe(404);
  });
});
