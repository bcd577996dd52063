import { and, eq, like } from 'drizzle-orm';
import type { NeedCategory } from '../../../contracts/api/needs.ts';
import type { Role } from '../../../contracts/roles.ts';
import { type Actor, SYSTEM_ACTOR } from '../../platform/access.ts';
import { fixedClock } from '../../platform/clock.ts';
import type { Ctx } from '../../platform/context.ts';
import { communityCode, STREETS, streetCode } from '../areas/index.ts';
import { listUsers } from '../identity/index.ts';
import { listOrgs, orgIdsOfUser } from '../orgs/index.ts';
import { listPersons } from '../registry/index.ts';
import { listServicePoints } from '../service-points/index.ts';
import { volunteersTable } from '../volunteers/index.ts';
import { claimLocked, claimNeed, confirmNeed, rateNeed, scheduleNeed } from './needs.claims.ts';
import { type Claimant, SYSTEM_WHO, type Who } from './needs.core.ts';
import { inviteToNeed } from './needs.invitations.ts';
import * as ports from './needs.ports.ts';
import * as repo from './needs.repo.ts';
import { cancelNeed, createNeedAs, type NeedFields } from './needs.service.ts';
import { sweepNeeds } from './needs.sweep.ts';

/** The system's hand: the demo's needs are posted and claimed as the people who would do it. */
const system = {
  createNeed: (ctx: Ctx, input: NeedFields & { publish?: boolean }, who: Who = SYSTEM_WHO) =>
    createNeedAs(ctx, who, SYSTEM_ACTOR, input),
  claim: async (ctx: Ctx, needId: string, claimant: Claimant, seats: number, who: Who = SYSTEM_WHO) =>
    ctx.db.transaction(async (tx) => {
      const n = (await repo.findNeed(tx, needId, true))!;
      return claimLocked(ctx, tx, who, n, claimant, seats);
    }),
};

/** A small deterministic generator (mulberry32) so the same seed gives the same needs. */
function rngFrom(seed: string) {
  let h = 1779033703 ^ seed.length;
  for (let i = 0; i < seed.length; i++) {
    h = Math.imul(h ^ seed.charCodeAt(i), 3432918353);
    h = (h << 13) | (h >>> 19);
  }
  let a = h >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    int: (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1)),
    pick: <T>(xs: readonly T[]) => xs[Math.floor(next() * xs.length)]!,
  };
}

/** What communities ask for (S1, S8, S57), with the skills that help. */
const TEMPLATES: {
  category: NeedCategory;
  title: string;
  description: string;
  skills: string[];
  forElder?: boolean;
}[] = [
  {
    category: 'elderly_help',
    title: '陪同独居老人到医院复查',
    description: '老人行动不便，需要一名志愿者陪同挂号、取药。',
    skills: ['elderly_care'],
    forElder: true,
  },
  {
    category: 'elderly_help',
    title: '为高龄老人上门理发',
    description: '老人卧床，需要上门理发。',
    skills: ['haircut'],
    forElder: true,
  },
  {
    category: 'repair',
    title: '维修老旧小区楼道照明',
    description: '三幢楼道灯不亮，需要懂电工的志愿者。',
    skills: ['electrician'],
  },
  {
    category: 'repair',
    title: '家电义务维修摊位',
    description: '在社区广场为居民维修小家电。',
    skills: ['repair', 'electrician'],
  },
  {
    category: 'legal',
    title: '邻里纠纷法律咨询',
    description: '为居民解答租赁、继承等法律问题。',
    skills: ['law'],
  },
  {
    category: 'medical',
    title: '社区义诊：测血压血糖',
    description: '为老年居民测量血压、血糖并做健康咨询。',
    skills: ['medical', 'nursing'],
  },
  {
    category: 'health',
    title: '老年人防跌倒健康讲座',
    description: '讲解居家防跌倒知识并示范简单锻炼。',
    skills: ['medical'],
  },
  {
    category: 'education',
    title: '青少年暑期作业辅导',
    description: '为双职工家庭的孩子辅导暑期作业。',
    skills: ['teaching'],
  },
  {
    category: 'finance',
    title: '防范养老诈骗宣传',
    description: '讲解常见的养老诈骗手法，提醒老人守好养老钱。',
    skills: ['finance', 'publicity'],
  },
  {
    category: 'consultation',
    title: '智能手机使用指导',
    description: '教老人使用健康码、视频通话和网上挂号。',
    skills: ['computer'],
  },
  {
    category: 'convenience',
    title: '为困难家庭代购生活用品',
    description: '每周一次代购米面油等生活用品并送上门。',
    skills: ['driving'],
    forElder: true,
  },
  {
    category: 'assistance',
    title: '微心愿：为困难家庭孩子送学习用品',
    description: '认领并送达书包、文具等微心愿物品。',
    skills: [],
  },
];

const CANCEL_REASONS = ['老人已入住养老机构，不再需要', '场地临时被占用，改期另行发布', '居民已自行解决'];

const dayAt = (now: Date, days: number, hour: number, minute = 0) => {
  const d = new Date(now.getTime() + 8 * 3_600_000 + days * 86_400_000).toISOString().slice(0, 10);
  return `${d}T${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}:00+08:00`;
};
const plus = (iso: string, minutes: number) => new Date(Date.parse(iso) + minutes * 60_000).toISOString();

/**
 * Demo data of the needs board (ADR 0015): needs in every state in the communities of 湖滨街道
 * — most in 涌金门社区, where the demo logins work — and a few in 采荷街道 芙蓉社区. Claims
 * come from 湖滨街道's elderly-care company (the demo provider login) and other organisations
 * of the street, and from the street's volunteers; the states after scheduling follow real
 * check-ins at the activities the scheduling created. Runs once: a database that holds needs is
 * left as it is. Call it after the volunteers' demo data.
 */
export async function seedNeedsDemo(
  ctx: Ctx,
  opts: { seed: number; onProgress?: (message: string) => void },
): Promise<{ needs: number }> {
  if ((await repo.countNeeds(ctx.db)) > 0) return { needs: 0 };
  opts.onProgress?.('需求 needs board');
  const rng = rngFrom(`minsheng-needs:${opts.seed}`);
  const now = ctx.clock.now();
  const at = (iso: string): Ctx => ({
    ...ctx,
    clock: fixedClock(new Date(Math.min(Date.parse(iso), now.getTime())).toISOString()),
  });
  const users = new Map((await listUsers(ctx)).map((u) => [u.username, u]));
  const person = (username: string, role: Role, areaCode: string): Actor => {
    const u = users.get(username);
    return u
      ? { id: u.id, username: u.username, displayName: u.displayName, grants: [{ role, areaCode }] }
      : { ...SYSTEM_ACTOR, displayName: '社区工作者' };
  };

  const hubinIdx = STREETS.findIndex((s) => s.name === '湖滨街道');
  const caiheIdx = STREETS.findIndex((s) => s.name === '采荷街道');
  const hubinStreet = streetCode(hubinIdx);
  const yongjinmen = communityCode(hubinIdx, STREETS[hubinIdx]!.communities.indexOf('涌金门'));
  const furong = communityCode(caiheIdx, STREETS[caiheIdx]!.communities.indexOf('芙蓉'));
  const workerOf = (areaCode: string): Actor =>
    areaCode === yongjinmen
      ? person('yongjinmen', 'community_worker', yongjinmen)
      : areaCode === furong
        ? person('furong', 'community_worker', furong)
        : areaCode.startsWith(hubinStreet.slice(0, 9))
          ? person('hubin', 'street_staff', hubinStreet)
          : SYSTEM_ACTOR;

  // Claimants: the provider login's company, other organisations of the street, volunteers.
  const providerUser = users.get('provider');
  const providerOrgs = providerUser ? await orgIdsOfUser(ctx.db, providerUser.id) : [];
  const providerActor: Actor | null =
    providerUser && providerOrgs.length
      ? {
          ...person('provider', 'service_provider', hubinStreet),
          grants: [{ role: 'service_provider', areaCode: hubinStreet }],
        }
      : null;
  const streetOrgs = (
    await listOrgs(ctx, SYSTEM_ACTOR, { area: hubinStreet, kind: 'social_org', page: 1, pageSize: 20 })
  ).items;
  const volunteers = await ctx.db
    .select({ id: volunteersTable.id, userId: volunteersTable.userId })
    .from(volunteersTable)
    .where(
      and(
        like(volunteersTable.areaCode, `${hubinStreet.slice(0, 9)}%`),
        eq(volunteersTable.status, 'active'),
      ),
    )
    .limit(60);
  const loginVolunteer = users.get('volunteer')
    ? ((await ports.volunteerOfUser(ctx.db, users.get('volunteer')!.id)) ?? null)
    : null;
  const volunteerActor: Actor | null =
    loginVolunteer?.userId && loginVolunteer.status === 'active'
      ? person('volunteer', 'volunteer', yongjinmen)
      : null;
  const spare = volunteers.filter((v) => v.id !== loginVolunteer?.id).map((v) => v.id);
  let spareAt = 0;
  const nextSpare = (n: number) => {
    const out: string[] = [];
    for (let i = 0; i < n && spare.length > 0; i++) out.push(spare[(spareAt++ + i) % spare.length]!);
    return [...new Set(out)];
  };

  const elders = async (areaCode: string) =>
    (
      await listPersons(ctx, SYSTEM_ACTOR, { area: areaCode, ageBand: '80-89', page: 1, pageSize: 20 })
    ).items.filter((p) => !p.deceased);
  const points = async (areaCode: string) =>
    (
      await listServicePoints(ctx, SYSTEM_ACTOR, { area: areaCode.slice(0, 9), page: 1, pageSize: 50 })
    ).items.filter(
      (p) => p.type === 'volunteer_home' || p.type === 'v_station' || p.type === 'party_mass_centre',
    );

  let count = 0;
  /** Posts a need from a template on `startDays` from now, as the area's worker, at `postedAt`. */
  async function postNeed(
    areaCode: string,
    o: { startDays: number; hour?: number; headcount?: number; publish?: boolean; postedAt?: string },
  ): Promise<string> {
    const t = rng.pick(TEMPLATES);
    const hour = o.hour ?? rng.pick([9, 10, 14, 15]);
    const startsAt = dayAt(now, o.startDays, hour, rng.pick([0, 30]));
    const [olds, sps] = await Promise.all([
      t.forElder ? elders(areaCode) : Promise.resolve([]),
      points(areaCode),
    ]);
    const sp = sps.length && rng.int(0, 2) === 0 ? rng.pick(sps) : null;
    const fields: NeedFields & { publish?: boolean } = {
      areaCode,
      category: t.category,
      title: t.title,
      description: t.description,
      beneficiaryPersonId: olds.length ? rng.pick(olds).id : null,
      servicePointId: sp?.id ?? null,
      place: sp ? null : t.forElder && olds.length ? '老人家中（社区工作者带领前往）' : '社区党群服务中心',
      startsAt,
      endsAt: plus(startsAt, rng.pick([90, 120, 180])),
      headcount: o.headcount ?? rng.int(1, 4),
      skills: t.skills,
      publish: o.publish ?? true,
    };
    const postedAt =
      o.postedAt ?? plus(new Date(now.getTime() - rng.int(1, 3) * 86_400_000).toISOString(), rng.int(0, 240));
    const worker = workerOf(areaCode);
    const id = await system.createNeed(at(postedAt), fields, {
      id: worker.id,
      username: worker.username,
      displayName: worker.displayName,
    });
    count++;
    return id;
  }
  const version = async (id: string) => (await repo.findNeed(ctx.db, id))!.version;
  const claimOrg = async (c: Ctx, id: string, orgId: string, seats: number) => {
    if (providerActor && providerOrgs.includes(orgId))
      return claimNeed(c, providerActor, id, { claimantType: 'org', claimantId: orgId, seats });
    const name = streetOrgs.find((o) => o.id === orgId)?.name ?? '志愿服务组织';
    return system.claim(c, id, { type: 'org', id: orgId, name }, seats);
  };
  const claimVolunteer = async (c: Ctx, id: string, volunteerId: string) => {
    if (volunteerActor && volunteerId === loginVolunteer?.id)
      return claimNeed(c, volunteerActor, id, { claimantType: 'volunteer' });
    const v = (await ports.findVolunteers(ctx.db, [volunteerId])).get(volunteerId);
    return system.claim(c, id, { type: 'volunteer', id: volunteerId, name: v?.name ?? '' }, 1);
  };
  const company = providerOrgs[0] ?? streetOrgs[0]?.id ?? null;
  const otherOrg = streetOrgs.find((o) => o.id !== company)?.id ?? company;

  // --- 涌金门社区: every state ---------------------------------------------------------------
  const yjm = yongjinmen;
  await postNeed(yjm, { startDays: 5, publish: false });
  await postNeed(yjm, { startDays: 8, publish: false });
  await postNeed(yjm, { startDays: 6 });
  await postNeed(yjm, { startDays: 1, hour: 16, headcount: 3 }); // unclaimed within 48 h: a reminder
  if (company) {
    const partial = await postNeed(yjm, { startDays: 4, headcount: 4 });
    await claimOrg(at(plus(now.toISOString(), -600)), partial, company, 2);
    const invited = await postNeed(yjm, { startDays: 3, headcount: 3 });
    const invitees = [
      { type: 'org' as const, id: company, reasons: [] },
      ...(loginVolunteer ? [{ type: 'volunteer' as const, id: loginVolunteer.id, reasons: [] }] : []),
    ];
    await inviteToNeed(at(plus(now.toISOString(), -300)), workerOf(yjm), invited, invitees);
  }
  if (company) {
    // Claimed: the company and the demo volunteer (or the company alone) fill the headcount.
    const claimed = await postNeed(yjm, { startDays: 2, headcount: 2 });
    await claimOrg(at(plus(now.toISOString(), -900)), claimed, company, loginVolunteer ? 1 : 2);
    if (loginVolunteer) await claimVolunteer(at(plus(now.toISOString(), -800)), claimed, loginVolunteer.id);
  }
  if (spare.length) {
    const byVolunteers = await postNeed(yjm, { startDays: 3, headcount: 3 });
    for (const v of nextSpare(2)) await claimVolunteer(at(plus(now.toISOString(), -500)), byVolunteers, v);
  }
  // Scheduled: the company names volunteers for its seats (one starts within a day: a reminder).
  if (company && spare.length >= 2) {
    for (const startDays of [1, 4]) {
      const id = await postNeed(yjm, {
        startDays,
        hour: startDays === 1 ? 9 : 14,
        headcount: 2,
        postedAt: plus(now.toISOString(), -3 * 1440),
      });
      const c = at(plus(now.toISOString(), -2 * 1440));
      await claimOrg(c, id, company, 2);
      const claim = (await repo.findClaims(ctx.db, id))[0]!;
      await scheduleNeed(c, SYSTEM_ACTOR, id, {
        version: await version(id),
        assignments: [{ claimId: claim.id, volunteerIds: nextSpare(2) }],
      });
    }
  }
  for (const reason of CANCEL_REASONS.slice(0, 2)) {
    const id = await postNeed(yjm, { startDays: rng.int(2, 6) });
    if (company) await claimOrg(at(plus(now.toISOString(), -400)), id, company, 1);
    await cancelNeed(at(plus(now.toISOString(), -200)), workerOf(yjm), id, {
      version: await version(id),
      reason,
    });
  }
  // Expired: published four days ago for yesterday, partly claimed, never scheduled.
  const expired = await postNeed(yjm, {
    startDays: -1,
    headcount: 3,
    postedAt: plus(now.toISOString(), -4 * 1440),
  });
  if (company) await claimOrg(at(plus(now.toISOString(), -3 * 1440)), expired, company, 1);

  // After scheduling: real check-ins by the demo volunteer at the needs' activities.
  if (volunteerActor && loginVolunteer && company) {
    const flow: { days: number; until: 'in_progress' | 'done' | 'confirmed' | 'rated' }[] = [
      { days: 0, until: 'in_progress' },
      { days: -2, until: 'done' },
      { days: -5, until: 'done' },
      { days: -7, until: 'confirmed' },
      { days: -10, until: 'rated' },
    ];
    for (const step of flow) {
      const hour =
        step.days === 0 ? Math.max(0, new Date(now.getTime() + 8 * 3_600_000).getUTCHours() - 1) : 9;
      const postedAt = plus(dayAt(now, step.days - 3, 9), 0);
      const id = await postNeed(yjm, { startDays: step.days, hour, headcount: 1, postedAt });
      const c = at(plus(postedAt, 120));
      await claimVolunteer(c, id, loginVolunteer.id);
      await scheduleNeed(at(plus(postedAt, 180)), SYSTEM_ACTOR, id, {
        version: await version(id),
        orgId: company,
      });
      const n = (await repo.findNeed(ctx.db, id))!;
      const start = n.startsAt.toISOString();
      const inAt = plus(start, 5);
      if (Date.parse(inAt) > now.getTime()) continue;
      await ports.attendAsVolunteer(at(inAt), volunteerActor, n.activityId!, 'in');
      if (step.until === 'in_progress') continue;
      await ports.attendAsVolunteer(at(plus(start, 95)), volunteerActor, n.activityId!, 'out');
      if (step.until === 'done') continue;
      const confirmAt = at(plus(start, 26 * 60));
      await confirmNeed(confirmAt, workerOf(yjm), id, {
        version: await version(id),
        peopleServed: rng.int(1, 30),
      });
      if (step.until === 'rated')
        await rateNeed(confirmAt, workerOf(yjm), id, {
          version: await version(id),
          rating: 5,
          comment: '志愿者认真负责，老人很满意',
        });
    }
  }

  // --- the other communities of 湖滨街道, and 采荷街道 芙蓉社区 -----------------------------
  const others = STREETS[hubinIdx]!.communities.map((_, j) => communityCode(hubinIdx, j)).filter(
    (c) => c !== yjm,
  );
  for (const area of [...others, furong]) {
    await postNeed(area, { startDays: rng.int(2, 9) });
    const partial = await postNeed(area, { startDays: rng.int(2, 9), headcount: 3 });
    const org = area === furong ? null : otherOrg;
    if (org) await claimOrg(at(plus(now.toISOString(), -700)), partial, org, 1);
    if (area === furong) await postNeed(area, { startDays: 6, publish: false });
    if (rng.int(0, 1) === 0) {
      const id = await postNeed(area, { startDays: rng.int(3, 7) });
      await cancelNeed(at(plus(now.toISOString(), -100)), workerOf(area), id, {
        version: await version(id),
        reason: rng.pick(CANCEL_REASONS),
      });
    }
  }
  // The sweep expires what should have expired and sends the reminders that are due.
  await sweepNeeds(ctx);
  return { needs: count };
}
