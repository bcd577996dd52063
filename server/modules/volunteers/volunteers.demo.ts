import { type DayPart, slotBit, type VolunteerSkill } from '../../../contracts/api/volunteers.ts';
import { ageOn } from '../../../contracts/id-number.ts';
import { SYSTEM_ACTOR } from '../../platform/access.ts';
import { recordAudit } from '../../platform/audit/audit.service.ts';
import type { Ctx } from '../../platform/context.ts';
import { newId } from '../../platform/ids.ts';
import { areaNameMap, communityCode, DISTRICT, STREETS } from '../areas/index.ts';
import { findUserByUsername } from '../identity/index.ts';
import { listOrgs } from '../orgs/index.ts';
import { listServicePoints } from '../service-points/index.ts';
import { ensureVolunteerPointDefaults, who } from './volunteers.points.ts';
import * as repo from './volunteers.repo.ts';
import { nextVolunteerNo } from './volunteers.rules.ts';

/** 64-bit FNV-1a: a stable hash of text, the same on every machine and Node version. */
function fnv64(text: string): bigint {
  let h = 0xcbf29ce484222325n;
  for (const b of Buffer.from(text, 'utf8')) {
    h ^= BigInt(b);
    h = (h * 0x100000001b3n) & 0xffffffffffffffffn;
  }
  return h;
}

/** A small seeded generator (mulberry32) per person: the same draws on every run. */
function rngOf(text: string) {
  let a = Number(fnv64(text) & 0xffffffffn);
  const next = () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    chance: (p: number) => next() < p,
    pick: <T>(list: readonly T[]) => list[Math.floor(next() * list.length)]!,
    between: (lo: number, hi: number) => lo + next() * (hi - lo),
  };
}
type Rng = ReturnType<typeof rngOf>;

/**
 * The share of residents aged 18–75 who volunteer in the demo. 2021: 250,200 registered
 * volunteers (S5, 003:71696) in a district of about 1.3 million people is near a fifth; most are
 * registered on the national platform without being active here, so the demo keeps the active
 * core the communities work with.
 */
export const DEMO_SHARE = 0.05;

const STUDENT_SKILLS: VolunteerSkill[] = [
  'teaching',
  'languages',
  'computer',
  'photography',
  'arts',
  'publicity',
  'first_aid',
];
const WORKING_SKILLS: VolunteerSkill[] = [
  'first_aid',
  'first_aid',
  'medical',
  'nursing',
  'law',
  'finance',
  'counselling',
  'teaching',
  'repair',
  'repair',
  'electrician',
  'computer',
  'computer',
  'driving',
  'driving',
  'cooking',
  'photography',
  'childcare',
  'languages',
  'sign_language',
];
const SENIOR_SKILLS: VolunteerSkill[] = [
  'elderly_care',
  'elderly_care',
  'cooking',
  'haircut',
  'repair',
  'counselling',
  'arts',
  'publicity',
  'first_aid',
];

function skillsFor(rng: Rng, age: number): string[] {
  const pool = age < 25 ? STUDENT_SKILLS : age < 60 ? WORKING_SKILLS : SENIOR_SKILLS;
  const n = age >= 60 ? 1 + Number(rng.chance(0.4)) : 1 + Math.floor(rng.next() * 3);
  return [...new Set(Array.from({ length: n }, () => rng.pick(pool)))];
}

/** Students: evenings and weekends; working age: evenings and weekend days; retired: weekdays. */
function availabilityFor(rng: Rng, age: number): number {
  const slots: [number, DayPart][] = [];
  const weekdays = [0, 1, 2, 3, 4];
  if (age < 25) {
    for (const d of weekdays) if (rng.chance(0.5)) slots.push([d, 'evening']);
    for (const d of [5, 6])
      for (const p of ['morning', 'afternoon'] as const) if (rng.chance(0.7)) slots.push([d, p]);
  } else if (age < 60) {
    for (const d of weekdays) if (rng.chance(0.35)) slots.push([d, 'evening']);
    for (const d of [5, 6])
      for (const p of ['morning', 'afternoon'] as const) if (rng.chance(0.5)) slots.push([d, p]);
  } else {
    for (const d of weekdays)
      for (const p of ['morning', 'afternoon'] as const) if (rng.chance(0.55)) slots.push([d, p]);
    if (rng.chance(0.3)) slots.push([5, 'morning']);
  }
  if (slots.length === 0) slots.push([5, 'morning']);
  return slots.reduce((m, [d, p]) => m | slotBit(d, p), 0);
}

/** Party members: about a fifth overall, more among the older (the seeds' 党员志愿者, S3). */
const partyShare = (age: number) => (age < 35 ? 0.12 : age < 60 ? 0.22 : 0.3);

function minusYears(date: string, years: number, days = 0): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCFullYear(d.getUTCFullYear() - years);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

export interface VolunteersDemoSummary {
  volunteers: number;
  partyMembers: number;
  teams: number;
  memberships: number;
  linkedLogin: string | null;
}

const CHUNK = 2_000;

async function allOrgs(ctx: Ctx) {
  const out: Awaited<ReturnType<typeof listOrgs>>['items'] = [];
  for (let page = 1; ; page++) {
    const r = await listOrgs(ctx, SYSTEM_ACTOR, { page, pageSize: 1000 });
    out.push(...r.items);
    if (page * r.pageSize >= r.total) return out;
  }
}

async function pointsOfType(ctx: Ctx, type: 'volunteer_home' | 'v_station') {
  const out: Awaited<ReturnType<typeof listServicePoints>>['items'] = [];
  for (let page = 1; ; page++) {
    const r = await listServicePoints(ctx, SYSTEM_ACTOR, { type, page, pageSize: 1000 });
    out.push(...r.items);
    if (page * r.pageSize >= r.total) return out;
  }
}

/**
 * Demo volunteers: about 5 % of the living residents aged 18–75 (a seeded hash of the person
 * picks them), skills and weekly availability by age, about a fifth party members; teams at the
 * three levels (S5) owned by organisations of their area and based at the community's volunteer
 * home or a street's V-station; the demo `volunteer` login linked to a volunteer of 涌金门社区.
 * Deterministic from the seed and the registry; running it again adds nothing twice.
 */
export async function seedVolunteersDemo(
  ctx: Ctx,
  opts: {
    seed: number;
    onProgress?: (message: string) => void;
    /** The login to link and its community (the demo's `volunteer`, 湖滨街道 涌金门社区). */
    login?: { username: string; areaCode: string };
  },
): Promise<VolunteersDemoSummary> {
  await ensureVolunteerPointDefaults(ctx.db, ctx.clock);
  const today = ctx.clock.today();
  const login = opts.login ?? { username: 'volunteer', areaCode: communityCode(0, 0) };
  const already = await repo.findAllVolunteerPersons(ctx.db);
  // 18–75 on today: born after today − 76 years and on or before today − 18 years.
  const adults = await repo.findAdults(ctx.db, minusYears(today, 76, 1), minusYears(today, 18));
  const hash = (id: string) => fnv64(`${opts.seed}:volunteer:${id}`) % 10_000n;
  const threshold = BigInt(Math.round(DEMO_SHARE * 10_000));
  const picked = adults.filter((p) => hash(p.id) < threshold && !already.has(p.id));
  // The demo login's community always has volunteers to pick from.
  const inLoginArea = (p: { id: string; areaCode: string }) => p.areaCode === login.areaCode;
  if (!picked.some(inLoginArea) && !adults.some((p) => inLoginArea(p) && already.has(p.id))) {
    const extra = adults
      .filter((p) => p.areaCode === login.areaCode && !already.has(p.id))
      .sort((a, b) => (hash(a.id) < hash(b.id) ? -1 : 1))
      .slice(0, 3);
    picked.push(...extra);
  }
  const centres = await repo.communityCentres(ctx.db, null, today);
  const district = DISTRICT.code.slice(0, 6);
  let highest = await repo.highestVolunteerNo(ctx.db, district);
  const at = ctx.clock.now();
  const rows: repo.VolunteerInsert[] = picked.map((p) => {
    const rng = rngOf(`${opts.seed}:volunteer-profile:${p.id}`);
    const age = ageOn(p.birthDate, today);
    const volunteerNo = nextVolunteerNo(district, highest);
    highest = volunteerNo;
    const c = centres.get(p.areaCode);
    return {
      id: newId(at.getTime()),
      personId: p.id,
      volunteerNo,
      areaCode: p.areaCode,
      skills: skillsFor(rng, age),
      certificates: [],
      availability: availabilityFor(rng, age),
      partyMember: rng.chance(partyShare(age)),
      lat: c ? Math.round((c.lat + rng.between(-0.002, 0.002)) * 1e6) / 1e6 : null,
      lng: c ? Math.round((c.lng + rng.between(-0.002, 0.002)) * 1e6) / 1e6 : null,
      status: 'active',
      registeredBy: SYSTEM_ACTOR.id,
      registeredAt: at,
      updatedAt: at,
    };
  });
  for (const r of rows)
    if (r.skills?.includes('first_aid'))
      r.certificates = [
        { skill: 'first_aid', name: '红十字救护员证', number: null, validTo: minusYears(today, -2) },
      ];
  for (let i = 0; i < rows.length; i += CHUNK) {
    const part = rows.slice(i, i + CHUNK);
    await ctx.db.transaction(async (tx) => {
      await repo.insertVolunteers(tx, part);
      await recordAudit(tx, ctx.clock, who(SYSTEM_ACTOR), {
        action: 'volunteer.register.demo',
        entityType: 'volunteer',
        entityId: part[0]!.id,
        areaCode: DISTRICT.code,
        after: {
          volunteers: part.length,
          firstVolunteerNo: part[0]!.volunteerNo,
          lastVolunteerNo: part.at(-1)!.volunteerNo,
        },
      });
    });
    opts.onProgress?.(`志愿者 volunteers ${Math.min(i + CHUNK, rows.length)}/${rows.length}`);
  }

  const teams = rows.length ? await seedTeams(ctx, opts.seed, rows) : { teams: 0, memberships: 0 };
  const linkedLogin = await linkLogin(ctx, login, rows);
  return {
    volunteers: rows.length,
    partyMembers: rows.filter((r) => r.partyMember).length,
    ...teams,
    linkedLogin,
  };
}

/** Teams of the three levels, each with members from its area and a leader (a party member first). */
async function seedTeams(ctx: Ctx, seed: number, vols: repo.VolunteerInsert[]) {
  const [orgs, homes, vStations, areas] = await Promise.all([
    allOrgs(ctx),
    pointsOfType(ctx, 'volunteer_home'),
    pointsOfType(ctx, 'v_station'),
    areaNameMap(ctx.db),
  ]);
  const now = ctx.clock.now();
  const teams: repo.TeamInsert[] = [];
  const members: { teamId: string; volunteerId: string; role: string; joinedAt: Date }[] = [];
  const order = (list: repo.VolunteerInsert[], label: string) =>
    [...list].sort((a, b) => {
      const ha = fnv64(`${seed}:${label}:${a.personId}`);
      const hb = fnv64(`${seed}:${label}:${b.personId}`);
      return ha < hb ? -1 : ha > hb ? 1 : 0;
    });
  const team = (
    name: string,
    level: 'district' | 'street' | 'community',
    areaCode: string,
    orgId: string,
    servicePointId: string | null,
    skills: string[],
    crew: repo.VolunteerInsert[],
  ) => {
    if (crew.length === 0) return;
    const id = newId(now.getTime());
    teams.push({
      id,
      name,
      level,
      areaCode,
      orgId,
      servicePointId,
      skills,
      status: 'active',
      memberCount: crew.length,
      createdBy: SYSTEM_ACTOR.id,
      createdAt: now,
      updatedAt: now,
    });
    const leader = crew.find((v) => v.partyMember) ?? crew[0]!;
    for (const v of crew)
      members.push({
        teamId: id,
        volunteerId: v.id!,
        role: v === leader ? 'leader' : 'member',
        joinedAt: now,
      });
  };
  const orgNamed = (areaCode: string, test: (name: string) => boolean) =>
    orgs.find((o) => o.areaCode === areaCode && !o.closedOn && test(o.name));

  // District: teams by skill, owned by the district bodies that run them (S5's named teams).
  const at = DISTRICT.code;
  const withSkill = (s: string) => vols.filter((v) => v.skills?.includes(s));
  const redCross = orgNamed(at, (n) => n.includes('红十字会'));
  const youth = orgNamed(at, (n) => n.includes('共青团'));
  const association = orgNamed(at, (n) => n.includes('志愿者协会'));
  const justice = orgNamed(at, (n) => n.includes('司法局'));
  if (redCross)
    team(
      '上城区红十字应急救护志愿服务队',
      'district',
      at,
      redCross.id,
      null,
      ['first_aid'],
      order(withSkill('first_aid'), 'rc').slice(0, 60),
    );
  if (justice)
    team(
      '上城区法律服务志愿队',
      'district',
      at,
      justice.id,
      null,
      ['law'],
      order(withSkill('law'), 'law').slice(0, 40),
    );
  if (youth) {
    const young = vols.filter((v) => v.skills?.some((s) => STUDENT_SKILLS.includes(s as VolunteerSkill)));
    team(
      '尚城V蜂青年志愿者服务队',
      'district',
      at,
      youth.id,
      vStations[0]?.id ?? null,
      ['languages', 'publicity'],
      order(young, 'youth').slice(0, 100),
    );
  }
  if (association)
    team(
      '上城区"外语1+1"帮帮团',
      'district',
      at,
      association.id,
      null,
      ['languages'],
      order(withSkill('languages'), 'lang').slice(0, 40),
    );

  // Streets: one team each, owned by the street's social-organisation centre, at a V-station if any.
  STREETS.forEach((s, si) => {
    const code = `330102${String(si + 1).padStart(3, '0')}000`;
    const owner =
      orgNamed(code, (n) => n.endsWith('社会组织服务中心')) ?? orgNamed(code, (n) => n.endsWith('办事处'));
    if (!owner) return;
    const prefix = code.slice(0, 9);
    const station = vStations.find((p) => p.areaCode === code);
    const crew = order(
      vols.filter((v) => v.areaCode!.startsWith(prefix)),
      `street:${si}`,
    ).slice(0, 25);
    team(`${s.name}志愿服务队`, 'street', code, owner.id, station?.id ?? null, [], crew);
  });

  // Communities: one team each, owned by the community party organisation, at its volunteer home.
  const byCommunity = new Map<string, repo.VolunteerInsert[]>();
  for (const v of vols) {
    const list = byCommunity.get(v.areaCode!) ?? [];
    list.push(v);
    byCommunity.set(v.areaCode!, list);
  }
  for (const [code, crew] of [...byCommunity].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const owner =
      orgNamed(code, (n) => n.startsWith('中共')) ?? orgs.find((o) => o.areaCode === code && !o.closedOn);
    if (!owner) continue;
    const home = homes.find((p) => p.areaCode === code && !p.closedOn);
    const name = areas.get(code)?.name ?? code;
    team(
      `${name}志愿服务队`,
      'community',
      code,
      owner.id,
      home?.id ?? null,
      [],
      order(crew, `c:${code}`).slice(0, 40),
    );
  }

  await ctx.db.transaction(async (tx) => {
    for (let i = 0; i < teams.length; i += 1_000) await repo.insertTeams(tx, teams.slice(i, i + 1_000));
    for (let i = 0; i < members.length; i += 5_000) await repo.insertMembers(tx, members.slice(i, i + 5_000));
    await repo.recountMembers(
      tx,
      teams.map((t) => t.id),
    );
    await recordAudit(tx, ctx.clock, who(SYSTEM_ACTOR), {
      action: 'volunteer_team.create.demo',
      entityType: 'volunteer_team',
      entityId: teams[0]?.id ?? DISTRICT.code,
      areaCode: DISTRICT.code,
      after: { teams: teams.length, memberships: members.length },
    });
  });
  return { teams: teams.length, memberships: members.length };
}

/** Links the demo login to a volunteer of its community: a young woman if there is one (李思雨). */
async function linkLogin(
  ctx: Ctx,
  login: { username: string; areaCode: string },
  fresh: repo.VolunteerInsert[],
): Promise<string | null> {
  const user = await findUserByUsername(ctx.db, login.username);
  if (!user) return null;
  const linked = await repo.findVolunteerByUser(ctx.db, user.id);
  if (linked) return linked.volunteerNo;
  const here = fresh.filter((v) => v.areaCode === login.areaCode);
  if (here.length === 0) return null;
  const people = new Map<string, repo.PersonFacts>();
  for (const v of here) {
    const p = await repo.findPerson(ctx.db, null, v.personId);
    if (p) people.set(v.personId, p);
  }
  const today = ctx.clock.today();
  const young = (v: repo.VolunteerInsert) => {
    const p = people.get(v.personId);
    return !!p && p.sex === 'F' && ageOn(p.birthDate, today) <= 35;
  };
  const chosen = here.find(young) ?? here[0]!;
  await ctx.db.transaction(async (tx) => {
    await repo.updateVolunteerRow(tx, chosen.id!, { userId: user.id }, ctx.clock.now());
    await recordAudit(tx, ctx.clock, who(SYSTEM_ACTOR), {
      action: 'volunteer.update',
      entityType: 'volunteer',
      entityId: chosen.id!,
      areaCode: chosen.areaCode,
      after: { userId: user.id, username: login.username },
    });
  });
  return chosen.volunteerNo;
}
