import { randomBytes } from 'node:crypto';
import { and, eq, like } from 'drizzle-orm';
import { SYSTEM_ACTOR } from '../../platform/access.ts';
import { recordAudit } from '../../platform/audit/audit.service.ts';
import { fixedClock, shanghaiDate } from '../../platform/clock.ts';
import type { Ctx } from '../../platform/context.ts';
import { newId } from '../../platform/ids.ts';
import { areaNameMap, communityCode, STREETS } from '../areas/index.ts';
import { listUsers } from '../identity/index.ts';
import { listOrgs, orgIdsOfUser } from '../orgs/index.ts';
import { listServicePoints } from '../service-points/index.ts';
import { ensureVolunteerPointDefaults, volunteersTable } from '../volunteers/index.ts';
import { issueCertificate } from './activities.certificates.ts';
import { awardPointsForRecords, volunteerOfUser } from './activities.ports.ts';
import * as repo from './activities.repo.ts';
import { addDays, codeWindow, shanghaiAt } from './activities.rules.ts';
import { contentOf, holidaySpec, marketSpec } from './activities.service.ts';

/** A small deterministic generator (mulberry32) so the same seed gives the same activities. */
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

const SELF_REPORTS = ['协助布置集市场地', '集市结束后清扫广场', '为行动不便的老人代为排队登记'];

type Plan = ReturnType<typeof marketSpec>;
interface Built {
  activityId: string;
  shifts: repo.ShiftRow[];
  posts: repo.PostRow[];
  activity: repo.ActivityInsert;
}

/**
 * Demo data of activities (ADR 0013, 0016): in every street the civilization market of last
 * month (served, records confirmed with points) and of this month (served and awaiting
 * confirmation, or open for sign-up when the 10th is still to come); next month's market of
 * 湖滨街道 open for sign-up; holiday posts at 涌金门社区's volunteer home (a past weekend, served,
 * and the coming one, open); a few self-reports awaiting approval; and a certificate for the demo
 * volunteer. Rows are written in bulk; the points go through the volunteers module. Runs once: a
 * database that holds markets is left as it is. Call it after the volunteers' and needs' seeds.
 */
export async function seedActivitiesDemo(
  ctx: Ctx,
  opts: { seed: number; onProgress?: (message: string) => void },
): Promise<{ activities: number; records: number; certificates: number }> {
  const none = { activities: 0, records: 0, certificates: 0 };
  if ((await repo.countActivities(ctx.db, 'market')) > 0) return none;
  opts.onProgress?.('志愿活动 activities: civilization markets, holiday posts, hours');
  await ensureVolunteerPointDefaults(ctx.db, ctx.clock);
  const rng = rngFrom(`minsheng-activities:${opts.seed}`);
  const now = ctx.clock.now();
  const today = ctx.clock.today();
  const areas = await areaNameMap(ctx.db);
  const users = new Map((await listUsers(ctx)).map((u) => [u.username, u]));
  const demoVolunteer = users.get('volunteer')
    ? await volunteerOfUser(ctx.db, users.get('volunteer')!.id)
    : null;
  const providerOrgs = users.get('provider') ? await orgIdsOfUser(ctx.db, users.get('provider')!.id) : [];

  const thisMonth = `${today.slice(0, 8)}10`;
  const lastMonth = `${addDays(`${today.slice(0, 8)}01`, -1).slice(0, 8)}10`;
  const nextMonth = `${addDays(`${today.slice(0, 8)}28`, 5).slice(0, 8)}10`;

  const activities: repo.ActivityInsert[] = [];
  const shifts: repo.ShiftRow[] = [];
  const posts: repo.PostRow[] = [];
  const slots: { shiftId: string; postId: string; capacity: number; filled: number }[] = [];
  const signups: repo.SignupInsert[] = [];
  const records: repo.RecordInsert[] = [];
  const toConfirm: string[] = [];
  let seq = 0;

  /** Lays out an activity made from a plan; sign-ups and records are added by `staff`. */
  function build(plan: Plan, createdAt: Date): Built {
    const id = newId(createdAt.getTime() + seq++);
    const activity: repo.ActivityInsert = {
      id,
      // Numbered when written, in the day's sequence.
      activityNo: '',
      kind: plan.kind,
      title: plan.title,
      description: plan.description ?? null,
      category: plan.category,
      tier: plan.tier,
      areaCode: plan.areaCode,
      orgId: plan.orgId,
      servicePointId: plan.servicePointId ?? null,
      needId: null,
      place: plan.place,
      startsAt: plan.startsAt,
      endsAt: plan.endsAt,
      status: 'open',
      codeSecret: randomBytes(32).toString('hex'),
      leaderVolunteerId: plan.leaderVolunteerId ?? null,
      createdBy: SYSTEM_ACTOR.id,
      createdAt,
      updatedAt: createdAt,
    };
    const sh = plan.shifts.map((s, i) => ({
      id: newId(createdAt.getTime() + i),
      activityId: id,
      label: s.label ?? null,
      startsAt: s.startsAt,
      endsAt: s.endsAt,
    }));
    const ps = plan.posts.map((p, i) => ({ id: newId(createdAt.getTime() + i), activityId: id, ...p }));
    activities.push(activity);
    shifts.push(...sh);
    posts.push(...ps);
    for (const s of sh)
      for (const p of ps) slots.push({ shiftId: s.id, postId: p.id, capacity: p.capacity, filled: 0 });
    return { activityId: id, shifts: sh, posts: ps, activity };
  }

  /**
   * Staffs a slot: sign-ups (a week before), and for a shift that is over, check-in and
   * check-out a few minutes off the shift's times and the pending attendance record.
   */
  function staff(
    b: Built,
    shift: repo.ShiftRow,
    post: repo.PostRow,
    volunteerIds: string[],
    confirm: boolean,
  ) {
    const slot = slots.find((s) => s.shiftId === shift.id && s.postId === post.id)!;
    for (const volunteerId of volunteerIds.slice(0, slot.capacity - slot.filled)) {
      if (signups.some((s) => s.shiftId === shift.id && s.volunteerId === volunteerId)) continue;
      slot.filled++;
      const signedUpAt = new Date(Math.min(shift.startsAt.getTime() - 7 * 86_400_000, now.getTime()));
      const id = newId(signedUpAt.getTime() + seq++);
      const over = shift.endsAt.getTime() + 40 * 60_000 < now.getTime();
      if (!over) {
        signups.push({
          id,
          activityId: b.activityId,
          shiftId: shift.id,
          postId: post.id,
          volunteerId,
          status: 'signed_up',
          source: 'signup',
          signedUpAt,
        });
        continue;
      }
      const inAt = new Date(shift.startsAt.getTime() + rng.int(-15, 10) * 60_000);
      const outAt = new Date(shift.endsAt.getTime() + rng.int(-20, 15) * 60_000);
      const from = Math.max(inAt.getTime(), shift.startsAt.getTime());
      const to = Math.min(outAt.getTime(), shift.endsAt.getTime());
      const minutes = Math.floor((to - from) / 60_000);
      const recordId = newId(outAt.getTime() + seq++);
      signups.push({
        id,
        activityId: b.activityId,
        shiftId: shift.id,
        postId: post.id,
        volunteerId,
        status: 'checked_out',
        source: 'signup',
        signedUpAt,
        checkInAt: inAt,
        checkInWindow: codeWindow(inAt),
        checkOutAt: outAt,
        checkOutWindow: codeWindow(outAt),
        minutes,
        recordId,
      });
      records.push({
        id: recordId,
        volunteerId,
        source: 'attendance',
        activityId: b.activityId,
        signupId: id,
        orgId: b.activity.orgId,
        areaCode: b.activity.areaCode,
        category: post.category,
        tier: b.activity.tier ?? 1,
        content: contentOf({ title: b.activity.title, kind: b.activity.kind }, post),
        startedAt: new Date(from),
        endedAt: new Date(to),
        minutes,
        peopleServed: rng.int(3, 25),
        status: 'pending',
        createdBy: SYSTEM_ACTOR.id,
        createdAt: outAt,
        updatedAt: outAt,
      });
      if (confirm) toConfirm.push(recordId);
    }
  }

  let hubinMarketLast: Built | null = null;
  for (let i = 0; i < STREETS.length; i++) {
    const street = STREETS[i]!;
    const host =
      street.name === '湖滨街道'
        ? communityCode(i, street.communities.indexOf('涌金门'))
        : communityCode(i, 0);
    const prefix = host.slice(0, 9);
    const orgs = (
      await listOrgs(ctx, SYSTEM_ACTOR, { area: `${prefix}000`, kind: 'social_org', page: 1, pageSize: 5 })
    ).items;
    const org = orgs.find((o) => !o.closedOn) ?? null;
    if (!org) continue;
    const point = (
      await listServicePoints(ctx, SYSTEM_ACTOR, {
        area: host,
        type: 'party_mass_centre',
        page: 1,
        pageSize: 1,
      })
    ).items[0];
    const vols = (
      await ctx.db
        .select({ id: volunteersTable.id })
        .from(volunteersTable)
        .where(and(like(volunteersTable.areaCode, `${prefix}%`), eq(volunteersTable.status, 'active')))
        .limit(60)
    ).map((v) => v.id);
    const withDemo =
      street.name === '湖滨街道' && demoVolunteer
        ? [demoVolunteer.id, ...vols.filter((v) => v !== demoVolunteer.id)]
        : vols;
    const place = point ? `${point.name}（${point.address}）` : `${areas.get(host)?.name ?? ''}文化广场`;
    const months = [lastMonth, thisMonth, ...(street.name === '湖滨街道' ? [nextMonth] : [])];
    for (const date of months) {
      const plan = marketSpec({
        areaCode: host,
        orgId: org.id,
        date,
        place,
        servicePointId: point?.id ?? null,
        areaName: street.name,
        leaderVolunteerId: withDemo[1] ?? null,
      });
      const createdAt = new Date(Math.min(shanghaiAt(addDays(date, -20), '09:00').getTime(), now.getTime()));
      const b = build(plan, createdAt);
      if (date === lastMonth && street.name === '湖滨街道') hubinMarketLast = b;
      // Each booth and session: one or two volunteers (fewer for next month: sign-ups still open).
      let k = date === lastMonth && withDemo[0] === demoVolunteer?.id ? 0 : rng.int(0, 5);
      for (const s of b.shifts)
        for (const p of b.posts) {
          const n = date === nextMonth ? rng.int(0, 1) : rng.int(1, 2);
          const chosen = [];
          for (let j = 0; j < n && withDemo.length; j++) chosen.push(withDemo[k++ % withDemo.length]!);
          staff(b, s, p, chosen, date === lastMonth);
        }
    }
  }

  // Holiday posts at 涌金门's volunteer home: last weekend (served, confirmed) and the next one.
  const hubinIdx = STREETS.findIndex((s) => s.name === '湖滨街道');
  const yongjinmen = communityCode(hubinIdx, STREETS[hubinIdx]!.communities.indexOf('涌金门'));
  const home = (
    await listServicePoints(ctx, SYSTEM_ACTOR, {
      area: yongjinmen,
      type: 'volunteer_home',
      page: 1,
      pageSize: 1,
    })
  ).items[0];
  const holidayOrg = providerOrgs[0] ?? activities.find((a) => a.areaCode === yongjinmen)?.orgId;
  if (home && holidayOrg) {
    const vols = (
      await ctx.db
        .select({ id: volunteersTable.id })
        .from(volunteersTable)
        .where(and(eq(volunteersTable.areaCode, yongjinmen), eq(volunteersTable.status, 'active')))
        .limit(20)
    ).map((v) => v.id);
    const dow = new Date(`${today}T00:00:00Z`).getUTCDay();
    const nextSat = addDays(today, (6 - dow + 7) % 7 || 7);
    for (const [from, title, confirm] of [
      [addDays(nextSat, -7), '周末文明引导岗（涌金门）', true],
      [nextSat, '周末文明引导岗（涌金门）', false],
    ] as const) {
      if (from > today && !demoVolunteer && vols.length === 0) continue;
      const plan = holidaySpec({
        orgId: holidayOrg,
        servicePointId: home.id,
        title,
        from,
        to: addDays(from, 1),
        category: 'convenience',
        areaCode: yongjinmen,
        place: `${home.name}（${home.address}）`,
      });
      const b = build(
        plan,
        new Date(Math.min(shanghaiAt(addDays(from, -10), '10:00').getTime(), now.getTime())),
      );
      let k = 0;
      const pool = demoVolunteer ? [demoVolunteer.id, ...vols.filter((v) => v !== demoVolunteer.id)] : vols;
      for (const s of b.shifts)
        staff(b, s, b.posts[0]!, [pool[k++ % Math.max(1, pool.length)]!].filter(Boolean), confirm);
    }
  }

  // Self-reports awaiting approval: hours around last month's market in 湖滨街道.
  if (hubinMarketLast) {
    const volunteerIds = [
      ...new Set(
        signups.filter((s) => s.activityId === hubinMarketLast!.activityId).map((s) => s.volunteerId),
      ),
    ];
    // Between the sessions (11:30–12:00): inside the market's time, outside both shifts.
    const morning = hubinMarketLast.shifts[0]!;
    volunteerIds.slice(1, 1 + SELF_REPORTS.length).forEach((volunteerId, j) => {
      const id = newId(morning.endsAt.getTime() + seq++);
      records.push({
        id,
        volunteerId,
        source: 'self_report',
        activityId: hubinMarketLast!.activityId,
        orgId: hubinMarketLast!.activity.orgId,
        areaCode: hubinMarketLast!.activity.areaCode,
        category: 'convenience',
        tier: 1,
        content: SELF_REPORTS[j]!,
        startedAt: morning.endsAt,
        endedAt: new Date(morning.endsAt.getTime() + 30 * 60_000),
        minutes: 30,
        status: 'pending',
        createdBy: SYSTEM_ACTOR.id,
        createdAt: new Date(morning.endsAt.getTime() + 86_400_000),
        updatedAt: new Date(morning.endsAt.getTime() + 86_400_000),
      });
    });
  }

  await ctx.db.transaction(async (tx) => {
    for (const a of activities)
      await repo.insertActivities(tx, [
        { ...a, activityNo: await repo.nextActivityNo(tx, shanghaiDate(a.createdAt)) },
      ]);
    await repo.insertShifts(tx, shifts);
    await repo.insertPosts(tx, posts);
    await repo.insertSlots(tx, slots);
    await repo.insertSignups(tx, signups);
    await repo.insertRecords(tx, records);
    await recordAudit(
      tx,
      ctx.clock,
      { id: SYSTEM_ACTOR.id, name: SYSTEM_ACTOR.username },
      {
        action: 'activity.demo',
        entityType: 'district',
        entityId: '330102000000',
        areaCode: '330102000000',
        after: { activities: activities.length, signups: signups.length, records: records.length },
      },
    );
  });

  // Confirmation with points, a few days after each activity, as the organisers did it.
  const byId = new Map(records.map((r) => [r.id!, r]));
  const chunks: string[][] = [];
  for (let i = 0; i < toConfirm.length; i += 200) chunks.push(toConfirm.slice(i, i + 200));
  for (const ids of chunks) {
    const at = fixedClock(
      new Date(
        Math.min(now.getTime(), byId.get(ids.at(-1)!)!.endedAt!.getTime() + 3 * 86_400_000),
      ).toISOString(),
    );
    const c: Ctx = { ...ctx, clock: at };
    await ctx.db.transaction(async (tx) => {
      const rows = await repo.findRecordsByIds(tx, ids, true);
      const awards = await awardPointsForRecords(
        { ...c, db: tx },
        SYSTEM_ACTOR,
        rows.map((r) => ({
          id: r.id,
          volunteerId: r.volunteerId,
          minutes: r.minutes,
          category: r.category,
          tier: r.tier,
          startedAt: r.startedAt,
          activityId: r.activityId,
        })),
      );
      for (const r of rows) {
        const t = awards.get(r.id);
        await repo.updateRecordRow(
          tx,
          r.id,
          {
            status: 'confirmed',
            reviewedBy: SYSTEM_ACTOR.id,
            reviewedAt: at.now(),
            pointsTransferId: t?.pointsTransferId ?? null,
            redPointsTransferId: t?.redPointsTransferId ?? null,
            timeBankTransferId: t?.timeBankTransferId ?? null,
          },
          at.now(),
        );
      }
    });
  }

  // The demo volunteer's certificate from last month's market in 湖滨街道.
  let certificates = 0;
  if (demoVolunteer && hubinMarketLast) {
    const mine = records.filter(
      (r) =>
        r.volunteerId === demoVolunteer.id &&
        r.activityId === hubinMarketLast!.activityId &&
        toConfirm.includes(r.id!),
    );
    if (mine.length) {
      await issueCertificate(ctx, SYSTEM_ACTOR, {
        volunteerId: demoVolunteer.id,
        orgId: hubinMarketLast.activity.orgId,
        periodFrom: `${lastMonth.slice(0, 8)}01`,
        periodTo: today,
        personInCharge: '王静',
        handler: '沈丽萍',
        contact: '0571-87001234',
      });
      certificates++;
    }
  }
  return { activities: activities.length, records: records.length, certificates };
}
