import { randomBytes } from 'node:crypto';
import {
  type ActivityKind,
  HOLIDAY_MAX_DAYS,
  HOLIDAY_SHIFTS,
  MARKET_BOOTH_CAPACITY,
  MARKET_CATEGORIES,
  MARKET_SESSIONS,
  MAX_SLOTS,
  type MySignup,
  type SignupSource,
  type SignupStatus,
} from '../../../contracts/api/activities.ts';
import { NEED_CATEGORY_LABELS, type NeedCategory } from '../../../contracts/api/needs.ts';
import type { ErrorCode } from '../../../contracts/errors.ts';
import { type Actor, canIn, hasAnywhere, requireAnywhere, requireIn } from '../../platform/access.ts';
import { recordAudit, recordAudits } from '../../platform/audit/audit.service.ts';
import type { Ctx } from '../../platform/context.ts';
import type { Db } from '../../platform/db/index.ts';
import { dbErrorOf, toIso } from '../../platform/db/rows.ts';
import { AppError, fieldError } from '../../platform/errors.ts';
import { emitEvent } from '../../platform/events.ts';
import { newId } from '../../platform/ids.ts';
import { areaNameMap, requireOpenArea } from '../areas/index.ts';
import { orgIdsOfUser, orgNames } from '../orgs/index.ts';
import {
  isAreaStaff,
  requireOrg,
  requireServicePoint,
  shanghaiHm,
  shanghaiTime,
  visibilityOf,
  who,
} from './activities.access.ts';
import {
  adjustCommitments,
  findVolunteers,
  type VolunteerBrief,
  volunteerOfUser,
} from './activities.ports.ts';
import { isoOrNull, presentActivities, presentRecords, presentSignups } from './activities.present.ts';
import * as repo from './activities.repo.ts';
import {
  addDays,
  checkShifts,
  codeScreen,
  daysBetween,
  isWithinShift,
  nextMarketDay,
  SHIFT_GRACE_MS,
  servedMinutes,
  servedSpan,
  shanghaiAt,
  verifyCode,
} from './activities.rules.ts';

/**
 * Activities (ADR 0013, 0016): creation (by hand, the monthly civilization market, holiday
 * posts at a station, or a scheduled need), sign-ups within capacity, the leader's rotating
 * check-in code, check-in and check-out, and the attendance record each check-out leaves.
 * Every command is one transaction with its audit rows; every attendance change emits
 * `activity.attendance` in that transaction.
 */

type Who = Pick<Actor, 'id' | 'username'>;

// --- creating ------------------------------------------------------------------------------

interface ActivitySpec {
  kind: ActivityKind;
  title: string;
  description?: string | null;
  category: string;
  tier: number;
  areaCode: string;
  orgId: string;
  servicePointId?: string | null;
  needId?: string | null;
  place: string;
  startsAt: Date;
  endsAt: Date;
  shifts: { label?: string | null; startsAt: Date; endsAt: Date }[];
  posts: { name: string; category: string; capacity: number }[];
  leaderVolunteerId?: string | null;
}

function checkSpec(spec: ActivitySpec) {
  const issues = checkShifts({ startsAt: spec.startsAt, endsAt: spec.endsAt }, spec.shifts);
  if (issues.length) throw new AppError('VALIDATION_FAILED', {}, issues);
  const slots = spec.shifts.length * spec.posts.length;
  if (slots > MAX_SLOTS) throw new AppError('ACTIVITY_TOO_MANY_SLOTS', { slots, max: MAX_SLOTS });
}

/** Writes the activity, its shifts, posts and slots (shift × post); returns ids for sign-ups. */
async function insertActivity(ctx: Ctx, tx: Db, actor: Who, spec: ActivitySpec) {
  const now = ctx.clock.now();
  const id = newId(now.getTime());
  const activityNo = await repo.nextActivityNo(tx, ctx.clock.today());
  // Ids one millisecond apart keep shifts and posts in the order they were given.
  const shifts = spec.shifts.map((s, i) => ({
    id: newId(now.getTime() + i),
    activityId: id,
    label: s.label ?? null,
    startsAt: s.startsAt,
    endsAt: s.endsAt,
  }));
  const posts = spec.posts.map((p, i) => ({ id: newId(now.getTime() + i), activityId: id, ...p }));
  await repo.insertActivities(tx, [
    {
      id,
      activityNo,
      kind: spec.kind,
      title: spec.title,
      description: spec.description ?? null,
      category: spec.category,
      tier: spec.tier,
      areaCode: spec.areaCode,
      orgId: spec.orgId,
      servicePointId: spec.servicePointId ?? null,
      needId: spec.needId ?? null,
      place: spec.place,
      startsAt: spec.startsAt,
      endsAt: spec.endsAt,
      status: 'open',
      codeSecret: randomBytes(32).toString('hex'),
      leaderVolunteerId: spec.leaderVolunteerId ?? null,
      createdBy: actor.id,
      createdAt: now,
      updatedAt: now,
    },
  ]);
  await repo.insertShifts(tx, shifts);
  await repo.insertPosts(tx, posts);
  await repo.insertSlots(
    tx,
    shifts.flatMap((s) =>
      posts.map((p) => ({ shiftId: s.id, postId: p.id, capacity: p.capacity, filled: 0 })),
    ),
  );
  await recordAudit(tx, ctx.clock, who(actor), {
    action: `activity.create`,
    entityType: 'activity',
    entityId: id,
    areaCode: spec.areaCode,
    after: {
      activityNo,
      kind: spec.kind,
      title: spec.title,
      category: spec.category,
      tier: spec.tier,
      orgId: spec.orgId,
      needId: spec.needId ?? null,
      place: spec.place,
      startsAt: spec.startsAt.toISOString(),
      endsAt: spec.endsAt.toISOString(),
      shifts: shifts.map((s) => ({
        id: s.id,
        startsAt: s.startsAt.toISOString(),
        endsAt: s.endsAt.toISOString(),
      })),
      posts: posts.map((p) => ({ id: p.id, name: p.name, category: p.category, capacity: p.capacity })),
      leaderVolunteerId: spec.leaderVolunteerId ?? null,
    },
  });
  return { id, activityNo, shifts, posts };
}

/**
 * The organiser: holds activity.manage in the area, the organisation is open, and the actor is
 * either district, street or community staff of the area or works for the organisation.
 */
async function requireOrganiser(ctx: Ctx, actor: Actor, areaCode: string, orgId: string) {
  requireIn(actor, 'activity.manage', areaCode);
  const org = await requireOrg(ctx, orgId);
  if (
    !isAreaStaff(actor, 'activity.manage', areaCode) &&
    !(await orgIdsOfUser(ctx.db, actor.id)).includes(orgId)
  )
    throw new AppError('FORBIDDEN');
  if (org.closedOn && org.closedOn <= ctx.clock.today())
    throw new AppError('ACTIVITY_ORG_CLOSED', { name: org.name });
  await requireOpenArea(ctx.db, areaCode);
  return org;
}

async function requireLeader(ctx: Ctx, id: string | undefined) {
  if (!id) return null;
  const v = (await findVolunteers(ctx.db, [id])).get(id);
  if (!v) throw fieldError('leaderVolunteerId', 'ACTIVITY_VOLUNTEER_NOT_FOUND');
  return v;
}

async function placeOf(ctx: Ctx, servicePointId: string | undefined, place: string | undefined) {
  if (!servicePointId) {
    if (!place) throw fieldError('place', 'FIELD_REQUIRED');
    return { place, point: null };
  }
  const point = await requireServicePoint(ctx, servicePointId);
  if (point.closedOn && point.closedOn <= ctx.clock.today())
    throw fieldError('servicePointId', 'SERVICE_POINT_CLOSED', { name: point.name });
  return { place: place || `${point.name}（${point.address}）`, point };
}

export interface CreateActivityInput {
  kind: 'market' | 'post' | 'project';
  title: string;
  description?: string;
  category: NeedCategory;
  tier?: number;
  areaCode: string;
  orgId: string;
  servicePointId?: string;
  place?: string;
  startsAt: string;
  endsAt: string;
  shifts: { label?: string; startsAt: string; endsAt: string }[];
  posts: { name: string; category: NeedCategory; capacity: number }[];
  leaderVolunteerId?: string;
}

export async function createActivity(ctx: Ctx, actor: Actor, input: CreateActivityInput) {
  await requireOrganiser(ctx, actor, input.areaCode, input.orgId);
  const { place } = await placeOf(ctx, input.servicePointId, input.place);
  await requireLeader(ctx, input.leaderVolunteerId);
  const spec: ActivitySpec = {
    kind: input.kind,
    title: input.title,
    description: input.description ?? null,
    category: input.category,
    tier: input.tier ?? 1,
    areaCode: input.areaCode,
    orgId: input.orgId,
    servicePointId: input.servicePointId ?? null,
    place,
    startsAt: new Date(input.startsAt),
    endsAt: new Date(input.endsAt),
    shifts: input.shifts.map((s) => ({
      label: s.label ?? null,
      startsAt: new Date(s.startsAt),
      endsAt: new Date(s.endsAt),
    })),
    posts: input.posts,
    leaderVolunteerId: input.leaderVolunteerId ?? null,
  };
  checkSpec(spec);
  const r = await ctx.db.transaction((tx) => insertActivity(ctx, tx, actor, spec));
  return { id: r.id, activityNo: r.activityNo };
}

export interface MarketInput {
  areaCode: string;
  orgId: string;
  date?: string;
  servicePointId?: string;
  place?: string;
  title?: string;
  capacity?: number;
  categories?: (typeof MARKET_CATEGORIES)[number][];
  leaderVolunteerId?: string;
}

/**
 * The monthly civilization market (S8) of an area: on the 10th (or the given day), a booth per
 * category (the 8 by default) with MARKET_BOOTH_CAPACITY volunteers in each of the two sessions
 * 09:00–11:30 and 14:00–16:30 (Asia/Shanghai).
 */
export function marketSpec(
  input: Omit<MarketInput, 'servicePointId' | 'leaderVolunteerId'> & {
    date: string;
    place: string;
    areaName: string;
    servicePointId?: string | null;
    leaderVolunteerId?: string | null;
  },
): ActivitySpec {
  const day = input.date;
  const categories = input.categories ?? [...MARKET_CATEGORIES];
  const capacity = input.capacity ?? MARKET_BOOTH_CAPACITY;
  const shifts = MARKET_SESSIONS.map((s) => ({
    label: s.label['zh-CN'],
    startsAt: shanghaiAt(day, s.start),
    endsAt: shanghaiAt(day, s.end),
  }));
  return {
    kind: 'market',
    title: input.title || `${input.areaName}${Number(day.slice(5, 7))}月文明集市`,
    description: '每月10日文明集市：便民、修理、咨询、医疗、教育、法律、金融、健康八类志愿服务摊位',
    category: 'convenience',
    tier: 1,
    areaCode: input.areaCode,
    orgId: input.orgId,
    servicePointId: input.servicePointId ?? null,
    place: input.place,
    startsAt: shifts[0]!.startsAt,
    endsAt: shifts.at(-1)!.endsAt,
    shifts,
    posts: categories.map((c) => ({
      name: `${NEED_CATEGORY_LABELS[c]['zh-CN']}摊位`,
      category: c,
      capacity,
    })),
    leaderVolunteerId: input.leaderVolunteerId ?? null,
  };
}

export async function createMarket(ctx: Ctx, actor: Actor, input: MarketInput) {
  await requireOrganiser(ctx, actor, input.areaCode, input.orgId);
  const { place } = await placeOf(ctx, input.servicePointId, input.place);
  await requireLeader(ctx, input.leaderVolunteerId);
  const areaName = (await areaNameMap(ctx.db)).get(input.areaCode)?.name ?? '';
  const spec = marketSpec({
    ...input,
    date: input.date ?? nextMarketDay(ctx.clock.today()),
    place,
    areaName,
  });
  checkSpec(spec);
  const r = await ctx.db.transaction((tx) => insertActivity(ctx, tx, actor, spec));
  return { id: r.id, activityNo: r.activityNo };
}

export interface HolidayPostsInput {
  orgId: string;
  servicePointId: string;
  title: string;
  from: string;
  to: string;
  category?: NeedCategory;
  tier?: number;
  times?: { label?: string; start: string; end: string }[];
  posts?: { name: string; category: NeedCategory; capacity: number }[];
  leaderVolunteerId?: string;
}

/** Posts at a station for the days of a holiday: each day × each shift time × each post. */
export function holidaySpec(input: HolidayPostsInput & { areaCode: string; place: string }): ActivitySpec {
  const span = daysBetween(input.from, input.to);
  if (span < 0 || span >= HOLIDAY_MAX_DAYS)
    throw fieldError('to', 'ACTIVITY_HOLIDAY_RANGE', { max: HOLIDAY_MAX_DAYS });
  const times =
    input.times ?? HOLIDAY_SHIFTS.map((t) => ({ label: t.label['zh-CN'], start: t.start, end: t.end }));
  const shifts = [];
  for (let i = 0; i <= span; i++) {
    const day = addDays(input.from, i);
    for (const t of times)
      shifts.push({
        label: `${Number(day.slice(5, 7))}月${Number(day.slice(8))}日${t.label ?? ''}`,
        startsAt: shanghaiAt(day, t.start),
        endsAt: shanghaiAt(day, t.end),
      });
  }
  const category = input.category ?? 'convenience';
  const starts = Math.min(...shifts.map((s) => s.startsAt.getTime()));
  const ends = Math.max(...shifts.map((s) => s.endsAt.getTime()));
  return {
    kind: 'post',
    title: input.title,
    description: null,
    category,
    tier: input.tier ?? 1,
    areaCode: input.areaCode,
    orgId: input.orgId,
    servicePointId: input.servicePointId,
    place: input.place,
    startsAt: new Date(starts),
    endsAt: new Date(Math.max(ends, starts + 60_000)),
    shifts,
    posts: input.posts ?? [{ name: '志愿服务岗', category, capacity: 2 }],
    leaderVolunteerId: input.leaderVolunteerId ?? null,
  };
}

export async function createHolidayPosts(ctx: Ctx, actor: Actor, input: HolidayPostsInput) {
  const point = await requireServicePoint(ctx, input.servicePointId);
  await requireOrganiser(ctx, actor, point.areaCode, input.orgId);
  const { place } = await placeOf(ctx, input.servicePointId, undefined);
  await requireLeader(ctx, input.leaderVolunteerId);
  const spec = holidaySpec({ ...input, areaCode: point.areaCode, place });
  checkSpec(spec);
  const r = await ctx.db.transaction((tx) => insertActivity(ctx, tx, actor, spec));
  return { id: r.id, activityNo: r.activityNo };
}

export interface NeedActivityInput {
  needId: string;
  title: string;
  category: string;
  areaCode: string;
  orgId: string;
  place: string;
  startsAt: Date;
  endsAt: Date;
  headcount: number;
  volunteerIds: string[];
  servicePointId: string | null;
}

/**
 * The activity of a scheduled need (ADR 0013): one shift = the need's window, one post with
 * capacity = headcount, and the named volunteers signed up (source need_claim). The needs module
 * has authorised the scheduling; this runs in its transaction (`ctx.db`).
 */
export async function createNeedActivity(
  ctx: Ctx,
  actor: Who,
  input: NeedActivityInput,
): Promise<{ activityId: string }> {
  const spec: ActivitySpec = {
    kind: 'need',
    title: input.title,
    category: input.category,
    tier: 1,
    areaCode: input.areaCode,
    orgId: input.orgId,
    servicePointId: input.servicePointId,
    needId: input.needId,
    place: input.place,
    startsAt: input.startsAt,
    endsAt: input.endsAt,
    shifts: [{ label: null, startsAt: input.startsAt, endsAt: input.endsAt }],
    posts: [{ name: '需求服务', category: input.category, capacity: input.headcount }],
  };
  checkSpec(spec);
  return ctx.db.transaction(async (tx) => {
    const created = await insertActivity(ctx, tx, actor, spec);
    const activity = (await repo.findActivity(tx, created.id))!;
    if (input.volunteerIds.length) {
      const vols = await volunteersOrFail(tx, input.volunteerIds);
      await signUpCore(
        ctx,
        tx,
        actor,
        activity,
        created.shifts[0]!.id,
        created.posts[0]!.id,
        vols,
        'need_claim',
        {
          organiser: true,
        },
      );
    } else await emitAttendance(ctx, tx, actor.id, activity);
    return { activityId: created.id };
  });
}

// --- reading -------------------------------------------------------------------------------

export async function listActivities(
  ctx: Ctx,
  actor: Actor,
  q: {
    kind?: string;
    status?: string;
    orgId?: string;
    area?: string;
    from?: string;
    to?: string;
    q?: string;
    page: number;
    pageSize: number;
  },
) {
  requireAnywhere(actor, 'activity.manage');
  const visibility = await visibilityOf(ctx.db, actor, 'activity.manage', q.area);
  const { rows, total } = await repo.searchActivities(ctx.db, {
    visibility,
    kind: q.kind,
    status: q.status,
    orgId: q.orgId,
    from: q.from,
    to: q.to,
    q: q.q,
    limit: q.pageSize,
    offset: (q.page - 1) * q.pageSize,
  });
  return {
    items: await presentActivities(ctx, rows),
    total,
    totalIsLowerBound: false,
    page: q.page,
    pageSize: q.pageSize,
  };
}

/** May this actor manage the activity (organiser staff)? */
async function managesActivity(db: Db, actor: Actor, a: { areaCode: string; orgId: string }) {
  if (!canIn(actor, 'activity.manage', a.areaCode)) return false;
  return repo.isVisibleRow(await visibilityOf(db, actor, 'activity.manage'), a);
}

/** The activity for a manager; outside their reach it does not exist. */
async function requireManaged(db: Db, actor: Actor, id: string, lock = false): Promise<repo.ActivityRow> {
  requireAnywhere(actor, 'activity.manage');
  const a = await repo.findActivity(db, id, lock);
  if (!a || !(await managesActivity(db, actor, a))) throw new AppError('ACTIVITY_NOT_FOUND');
  return a;
}

async function isLeaderOf(db: Db, actor: Actor, a: repo.ActivityRow) {
  if (!a.leaderVolunteerId || !hasAnywhere(actor, 'activity.join')) return false;
  return (await volunteerOfUser(db, actor.id))?.id === a.leaderVolunteerId;
}

export async function getActivity(ctx: Ctx, actor: Actor, id: string) {
  if (!hasAnywhere(actor, 'activity.manage') && !hasAnywhere(actor, 'activity.join'))
    throw new AppError('FORBIDDEN');
  const row = await repo.findActivityListRow(ctx.db, id);
  if (!row) throw new AppError('ACTIVITY_NOT_FOUND');
  const canManage = await managesActivity(ctx.db, actor, row);
  const leader = !canManage && (await isLeaderOf(ctx.db, actor, row));
  if (!canManage && !leader) throw new AppError('ACTIVITY_NOT_FOUND');
  const [shifts, posts, signups, records, counts] = await Promise.all([
    repo.findShifts(ctx.db, [id]),
    repo.findPosts(ctx.db, [id]),
    repo.findSignupsOfActivity(ctx.db, id),
    canManage ? repo.findRecordsOfActivity(ctx.db, id) : Promise.resolve([]),
    repo.attendanceCounts(ctx.db, id),
  ]);
  const slots = await repo.findSlots(
    ctx.db,
    shifts.map((s) => s.id),
  );
  const vols = await findVolunteers(ctx.db, [
    ...signups.map((s) => s.volunteerId),
    ...(row.leaderVolunteerId ? [row.leaderVolunteerId] : []),
  ]);
  const [base] = await presentActivities(ctx, [row]);
  return {
    ...base!,
    description: row.description,
    leaderVolunteerId: row.leaderVolunteerId,
    leaderName: row.leaderVolunteerId ? (vols.get(row.leaderVolunteerId)?.name ?? null) : null,
    shifts: shifts.map((s) => ({
      id: s.id,
      label: s.label,
      startsAt: toIso(s.startsAt),
      endsAt: toIso(s.endsAt),
    })),
    posts: posts.map((p) => ({ id: p.id, name: p.name, category: p.category, capacity: p.capacity })),
    slots: slots.map((s) => ({
      shiftId: s.shiftId,
      postId: s.postId,
      capacity: s.capacity,
      filled: s.filled,
    })),
    signups: presentSignups(signups, vols),
    records: await presentRecords(ctx, records),
    counts,
    canManage,
    canShowCode: row.status === 'open',
  };
}

// --- cancelling ----------------------------------------------------------------------------

/** Cancels an activity nobody has checked in to: its sign-ups end and their commitments with them. */
export async function cancelActivity(
  ctx: Ctx,
  actor: Actor,
  id: string,
  input: { version: number; reason: string },
) {
  await ctx.db.transaction(async (tx) => {
    const a = await requireManaged(tx, actor, id, true);
    if (a.status === 'cancelled') throw new AppError('ACTIVITY_CANCELLED');
    if (a.version !== input.version) throw new AppError('VERSION_CONFLICT');
    const counts = await repo.attendanceCounts(tx, id);
    if (counts.checkedIn > 0) throw new AppError('ACTIVITY_HAS_ATTENDANCE', { count: counts.checkedIn });
    const now = ctx.clock.now();
    const cancelled = await repo.cancelSignupsOfActivity(tx, id, now);
    await adjustCommitments(
      { ...ctx, db: tx },
      cancelled.map((s) => s.volunteerId),
      -1,
    );
    const after = await repo.updateActivityRow(tx, id, { status: 'cancelled' }, now);
    await recordAudit(tx, ctx.clock, who(actor), {
      action: 'activity.cancel',
      entityType: 'activity',
      entityId: id,
      areaCode: a.areaCode,
      before: { status: a.status, version: a.version, signups: cancelled.length },
      after: { status: after.status, version: after.version, cancelledSignups: cancelled.map((s) => s.id) },
      reason: input.reason,
    });
    await emitAttendance(ctx, tx, actor.id, after);
  });
  return getActivity(ctx, actor, id);
}

// --- attendance events ---------------------------------------------------------------------

/**
 * `activity.attendance` with the counts after the change: signedUp = sign-ups neither cancelled
 * nor absent; checkedIn = of them, those who checked in (and maybe out); checkedOut = those who
 * checked out. A need is in progress at the first check-in and done when checkedOut = signedUp.
 */
async function emitAttendance(ctx: Ctx, tx: Db, actorId: string, a: repo.ActivityRow) {
  const c = await repo.attendanceCounts(tx, a.id);
  await emitEvent({ ...ctx, db: tx }, actorId, 'activity.attendance', {
    activityId: a.id,
    needId: a.needId,
    signedUp: c.signedUp,
    checkedIn: c.checkedIn,
    checkedOut: c.checkedOut,
    at: ctx.clock.now(),
  });
}

// --- sign-ups ------------------------------------------------------------------------------

async function volunteersOrFail(db: Db, ids: string[]): Promise<VolunteerBrief[]> {
  const found = await findVolunteers(db, ids);
  const missing = ids.find((id) => !found.has(id));
  if (missing) throw fieldError('volunteerIds', 'ACTIVITY_VOLUNTEER_NOT_FOUND', { volunteerId: missing });
  return [...new Set(ids)].map((id) => found.get(id)!);
}

const shiftName = (s: repo.ShiftRow) => s.label || `${shanghaiTime(s.startsAt)}–${shanghaiHm(s.endsAt)}`;

/**
 * Signs volunteers up for one shift and post. The slot row is locked first, so concurrent
 * sign-ups queue on it and `filled` never passes `capacity` (the CHECK constraint is the last
 * line of defence); a volunteer holds at most one live sign-up per shift (unique index).
 */
async function signUpCore(
  ctx: Ctx,
  tx: Db,
  actor: Who,
  activity: repo.ActivityRow,
  shiftId: string,
  postId: string,
  vols: VolunteerBrief[],
  source: SignupSource,
  opts: { organiser: boolean },
): Promise<string[]> {
  if (activity.status === 'cancelled') throw new AppError('ACTIVITY_CANCELLED');
  if (activity.status !== 'open') throw new AppError('SIGNUP_CLOSED');
  const shift = await repo.findShift(tx, shiftId);
  if (!shift || shift.activityId !== activity.id) throw new AppError('ACTIVITY_SHIFT_NOT_FOUND');
  const post = await repo.findPost(tx, postId);
  if (!post || post.activityId !== activity.id) throw new AppError('ACTIVITY_POST_NOT_FOUND');
  const now = ctx.clock.now();
  // Volunteers sign up before the shift starts; organisers may add someone until it ends.
  const closesAt = opts.organiser ? shift.endsAt : shift.startsAt;
  if (now.getTime() >= closesAt.getTime()) throw new AppError('SIGNUP_CLOSED');
  const slot = await repo.lockSlot(tx, shiftId, postId);
  if (!slot) throw new AppError('ACTIVITY_POST_NOT_FOUND');
  const sorted = [...vols].sort((a, b) => (a.id < b.id ? -1 : 1));
  for (const v of sorted) {
    if (v.status !== 'active') throw new AppError('ACTIVITY_VOLUNTEER_INACTIVE', { name: v.name });
    if (await repo.findActiveSignup(tx, shiftId, v.id))
      throw new AppError('SIGNUP_DUPLICATE', { name: v.name });
  }
  if (slot.filled + sorted.length > slot.capacity)
    throw new AppError('SIGNUP_FULL', { post: post.name, shift: shiftName(shift), capacity: slot.capacity });
  const rows = sorted.map((v) => ({
    id: newId(now.getTime()),
    activityId: activity.id,
    shiftId,
    postId,
    volunteerId: v.id,
    status: 'signed_up',
    source,
    signedUpAt: now,
  }));
  try {
    await repo.insertSignups(tx, rows);
  } catch (err) {
    // Signing up for two posts of one shift at once: the unique index answers for the loser.
    if (dbErrorOf(err)?.constraint === 'activity_signups_active_uq')
      throw new AppError('SIGNUP_DUPLICATE', { name: sorted.map((v) => v.name).join('、') });
    throw err;
  }
  await repo.addToSlot(tx, shiftId, postId, rows.length);
  await adjustCommitments(
    { ...ctx, db: tx },
    sorted.map((v) => v.id),
    1,
  );
  await recordAudits(
    tx,
    ctx.clock,
    who(actor),
    rows.map((r) => ({
      action: 'activity_signup.create',
      entityType: 'activity_signup',
      entityId: r.id,
      areaCode: activity.areaCode,
      after: {
        activityId: activity.id,
        shiftId,
        postId,
        volunteerId: r.volunteerId,
        source,
        status: r.status,
      },
    })),
  );
  await emitAttendance(ctx, tx, actor.id, activity);
  return rows.map((r) => r.id);
}

async function requireVolunteer(ctx: Ctx, actor: Actor): Promise<VolunteerBrief> {
  requireAnywhere(actor, 'activity.join');
  const v = await volunteerOfUser(ctx.db, actor.id);
  if (!v) throw new AppError('ACTIVITY_VOLUNTEER_NOT_FOUND');
  return v;
}

/** A volunteer signs up for a shift and post of an activity open for sign-up. */
export async function signUp(ctx: Ctx, actor: Actor, input: { shiftId: string; postId: string }) {
  const vol = await requireVolunteer(ctx, actor);
  const shift = await repo.findShift(ctx.db, input.shiftId);
  if (!shift) throw new AppError('ACTIVITY_SHIFT_NOT_FOUND');
  const id = await ctx.db.transaction(async (tx) => {
    const a = (await repo.findActivity(tx, shift.activityId))!;
    // A need's volunteers come through its claims, not by signing up.
    if (a.kind === 'need') throw new AppError('SIGNUP_CLOSED');
    const [signupId] = await signUpCore(ctx, tx, actor, a, input.shiftId, input.postId, [vol], 'signup', {
      organiser: false,
    });
    return signupId!;
  });
  return mySignup(ctx, id);
}

/** Organisers add volunteers to a shift and post (source: organiser). */
export async function addSignups(
  ctx: Ctx,
  actor: Actor,
  activityId: string,
  input: { shiftId: string; postId: string; volunteerIds: string[] },
) {
  await ctx.db.transaction(async (tx) => {
    const a = await requireManaged(tx, actor, activityId, true);
    const vols = await volunteersOrFail(tx, input.volunteerIds);
    await signUpCore(ctx, tx, actor, a, input.shiftId, input.postId, vols, 'organiser', { organiser: true });
  });
  return getActivity(ctx, actor, activityId);
}

/** Ends a sign-up before its shift starts: the seat frees up, the commitment ends. */
async function cancelSignupCore(ctx: Ctx, tx: Db, actor: Who, s: repo.SignupRow, reason: string | null) {
  const [shift, activity] = await Promise.all([
    repo.findShift(tx, s.shiftId),
    repo.findActivity(tx, s.activityId),
  ]);
  if (s.status !== 'signed_up')
    throw new AppError('SIGNUP_STATE_INVALID', { status: s.status, action: 'cancel' });
  if (ctx.clock.now().getTime() >= shift!.startsAt.getTime())
    throw new AppError('SIGNUP_CANCEL_TOO_LATE', { start: shanghaiTime(shift!.startsAt) });
  const after = await repo.updateSignupRow(tx, s.id, { status: 'cancelled', cancelledAt: ctx.clock.now() });
  await repo.addToSlot(tx, s.shiftId, s.postId, -1);
  await adjustCommitments({ ...ctx, db: tx }, [s.volunteerId], -1);
  await recordAudit(tx, ctx.clock, who(actor), {
    action: 'activity_signup.cancel',
    entityType: 'activity_signup',
    entityId: s.id,
    areaCode: activity!.areaCode,
    before: { status: s.status, version: s.version },
    after: { status: after.status, version: after.version },
    reason,
  });
  await emitAttendance(ctx, tx, actor.id, activity!);
}

export async function cancelMySignup(ctx: Ctx, actor: Actor, signupId: string, reason?: string) {
  const vol = await requireVolunteer(ctx, actor);
  await ctx.db.transaction(async (tx) => {
    const s = await repo.findSignup(tx, signupId, true);
    if (!s || s.volunteerId !== vol.id) throw new AppError('SIGNUP_NOT_FOUND');
    await cancelSignupCore(ctx, tx, actor, s, reason ?? null);
  });
  return mySignup(ctx, signupId);
}

async function requireManagedSignup(tx: Db, actor: Actor, activityId: string, signupId: string) {
  await requireManaged(tx, actor, activityId);
  const s = await repo.findSignup(tx, signupId, true);
  if (!s || s.activityId !== activityId) throw new AppError('SIGNUP_NOT_FOUND');
  return s;
}

export async function cancelSignup(
  ctx: Ctx,
  actor: Actor,
  activityId: string,
  signupId: string,
  reason?: string,
) {
  await ctx.db.transaction(async (tx) => {
    const s = await requireManagedSignup(tx, actor, activityId, signupId);
    await cancelSignupCore(ctx, tx, actor, s, reason ?? null);
  });
  return getActivity(ctx, actor, activityId);
}

/** The organiser marks a volunteer who did not come: the seat stays taken, the commitment ends. */
export async function markNoShow(
  ctx: Ctx,
  actor: Actor,
  activityId: string,
  signupId: string,
  reason?: string,
) {
  await ctx.db.transaction(async (tx) => {
    const s = await requireManagedSignup(tx, actor, activityId, signupId);
    if (s.status !== 'signed_up')
      throw new AppError('SIGNUP_STATE_INVALID', { status: s.status, action: 'no_show' });
    const a = (await repo.findActivity(tx, activityId))!;
    const after = await repo.updateSignupRow(tx, s.id, { status: 'no_show' });
    await adjustCommitments({ ...ctx, db: tx }, [s.volunteerId], -1);
    await recordAudit(tx, ctx.clock, who(actor), {
      action: 'activity_signup.no_show',
      entityType: 'activity_signup',
      entityId: s.id,
      areaCode: a.areaCode,
      before: { status: s.status, version: s.version },
      after: { status: after.status, version: after.version },
      reason: reason ?? null,
    });
    await emitAttendance(ctx, tx, actor.id, a);
  });
  return getActivity(ctx, actor, activityId);
}

// --- the leader's code ---------------------------------------------------------------------

/**
 * The code of the current 60-second window for one shift, for the leader's screen: the
 * organiser's staff or the activity's leader volunteer. The secret never leaves the server.
 */
export async function currentCode(ctx: Ctx, actor: Actor, activityId: string, shiftId: string) {
  if (!hasAnywhere(actor, 'activity.manage') && !hasAnywhere(actor, 'activity.join'))
    throw new AppError('FORBIDDEN');
  const a = await repo.findActivity(ctx.db, activityId);
  if (!a || !((await managesActivity(ctx.db, actor, a)) || (await isLeaderOf(ctx.db, actor, a))))
    throw new AppError('ACTIVITY_NOT_FOUND');
  if (a.status === 'cancelled') throw new AppError('ACTIVITY_CANCELLED');
  const shift = await repo.findShift(ctx.db, shiftId);
  if (!shift || shift.activityId !== a.id) throw new AppError('ACTIVITY_SHIFT_NOT_FOUND');
  const screen = codeScreen(a.codeSecret, shift.id, ctx.clock.now());
  return {
    activityId: a.id,
    shiftId: shift.id,
    code: screen.code,
    window: screen.window,
    secondsLeft: screen.secondsLeft,
    validUntil: screen.validUntil.toISOString(),
    checkInPath: `/v/check-in?shift=${shift.id}&code=${screen.code}`,
  };
}

// --- check-in and check-out ----------------------------------------------------------------

interface Candidate {
  signup: repo.SignupRow;
  shift: repo.ShiftRow;
  activity: repo.ActivityRow;
}

const outsideShift = (shift: repo.ShiftRow) =>
  new AppError('CHECKIN_OUTSIDE_SHIFT', {
    start: shanghaiTime(shift.startsAt),
    end: shanghaiHm(shift.endsAt),
  });

/**
 * Which sign-up the code is for. With a shift (a scanned link), the volunteer's sign-up for it;
 * without, the code itself picks among the volunteer's shifts open for check-in now (a code is
 * bound to its shift). A code that fits none is expired, another shift's, or simply wrong.
 */
async function resolveCode(
  ctx: Ctx,
  tx: Db,
  vol: VolunteerBrief,
  input: { code: string; shiftId?: string },
  stateCheck: (c: Candidate) => void,
): Promise<Candidate & { window: number }> {
  const now = ctx.clock.now();
  let candidates: Candidate[];
  if (input.shiftId) {
    const shift = await repo.findShift(tx, input.shiftId);
    if (!shift) throw new AppError('ACTIVITY_SHIFT_NOT_FOUND');
    const signup = await repo.findActiveSignup(tx, shift.id, vol.id, true);
    if (!signup) throw new AppError('CHECKIN_NOT_SIGNED_UP');
    const activity = (await repo.findActivity(tx, shift.activityId))!;
    candidates = [{ signup, shift, activity }];
    if (activity.status === 'cancelled') throw new AppError('ACTIVITY_CANCELLED');
    stateCheck(candidates[0]!);
    if (!isWithinShift(now, shift)) throw outsideShift(shift);
  } else {
    const rows = await repo.findSignupsOfVolunteer(tx, vol.id, {
      endsAfter: new Date(now.getTime() - SHIFT_GRACE_MS),
      limit: 20,
      lock: true,
    });
    if (rows.length === 0) throw new AppError('CHECKIN_NOT_SIGNED_UP');
    const open = rows.filter((r) => r.activity.status !== 'cancelled' && isWithinShift(now, r.shift));
    if (open.length === 0) throw outsideShift(rows[0]!.shift);
    candidates = open;
  }
  let expired = false;
  for (const c of candidates) {
    const check = verifyCode(c.activity.codeSecret, c.shift.id, input.code, now);
    if (check.ok) {
      if (!input.shiftId) stateCheck(c);
      return { ...c, window: check.window };
    }
    if (check.problem === 'CHECKIN_CODE_EXPIRED') expired = true;
  }
  if (expired) throw new AppError('CHECKIN_CODE_EXPIRED');
  // A valid code, but of another shift: of the same activity, or another of the volunteer's.
  const shiftIds = new Set(candidates.map((c) => c.shift.id));
  const mine = input.shiftId
    ? await repo.findSignupsOfVolunteer(tx, vol.id, {
        endsAfter: new Date(now.getTime() - SHIFT_GRACE_MS),
        limit: 20,
      })
    : [];
  for (const c of uniqueActivities([...candidates, ...mine])) {
    for (const other of await repo.findShifts(tx, [c.activity.id]))
      if (!shiftIds.has(other.id) && verifyCode(c.activity.codeSecret, other.id, input.code, now).ok)
        throw new AppError('CHECKIN_CODE_OTHER_SHIFT');
  }
  throw new AppError('CHECKIN_CODE_INVALID');
}

function uniqueActivities(cs: Candidate[]): Candidate[] {
  return [...new Map(cs.map((c) => [c.activity.id, c])).values()];
}

function refuse(code: ErrorCode, params: Record<string, string | number> = {}): never {
  throw new AppError(code, params);
}

export async function checkIn(ctx: Ctx, actor: Actor, input: { code: string; shiftId?: string }) {
  const vol = await requireVolunteer(ctx, actor);
  const id = await ctx.db.transaction(async (tx) => {
    const c = await resolveCode(ctx, tx, vol, input, ({ signup: s }) => {
      if (s.status === 'no_show') refuse('CHECKIN_NO_SHOW');
      if (s.status === 'checked_in' || s.status === 'checked_out')
        refuse('CHECKIN_ALREADY', { at: shanghaiTime(s.checkInAt!) });
    });
    const now = ctx.clock.now();
    const after = await repo.updateSignupRow(tx, c.signup.id, {
      status: 'checked_in',
      checkInAt: now,
      checkInWindow: c.window,
    });
    await recordAudit(tx, ctx.clock, who(actor), {
      action: 'activity_signup.check_in',
      entityType: 'activity_signup',
      entityId: c.signup.id,
      areaCode: c.activity.areaCode,
      before: { status: c.signup.status, version: c.signup.version },
      after: { status: after.status, checkInAt: now.toISOString(), window: c.window, version: after.version },
    });
    await emitAttendance(ctx, tx, actor.id, c.activity);
    return c.signup.id;
  });
  return mySignup(ctx, id);
}

/**
 * Check-out with a code of a later window than the check-in's (the same code again is a
 * replay): the minutes within the shift become a pending attendance record.
 */
export async function checkOut(ctx: Ctx, actor: Actor, input: { code: string; shiftId?: string }) {
  const vol = await requireVolunteer(ctx, actor);
  const id = await ctx.db.transaction(async (tx) => {
    const c = await resolveCode(ctx, tx, vol, input, ({ signup: s }) => {
      if (s.status === 'no_show') refuse('CHECKIN_NO_SHOW');
      if (s.status === 'signed_up') refuse('CHECKOUT_BEFORE_CHECKIN');
      if (s.status === 'checked_out') refuse('CHECKOUT_ALREADY', { at: shanghaiTime(s.checkOutAt!) });
    });
    const s = c.signup;
    if (s.checkInWindow != null && c.window <= Number(s.checkInWindow))
      throw new AppError('CHECKIN_CODE_REPLAYED');
    const now = ctx.clock.now();
    const minutes = servedMinutes(s.checkInAt!, now, c.shift);
    if (minutes < 1) throw new AppError('CHECKOUT_NO_MINUTES');
    const span = servedSpan(s.checkInAt!, now, c.shift);
    const post = (await repo.findPost(tx, s.postId))!;
    const recordId = newId(now.getTime());
    await repo.insertRecords(tx, [
      {
        id: recordId,
        volunteerId: s.volunteerId,
        source: 'attendance',
        activityId: c.activity.id,
        signupId: s.id,
        needId: c.activity.needId,
        orgId: c.activity.orgId,
        areaCode: c.activity.areaCode,
        category: post.category,
        tier: c.activity.tier,
        content: contentOf(c.activity, post),
        startedAt: span.startsAt,
        endedAt: span.endsAt,
        minutes,
        status: 'pending',
        createdBy: actor.id,
        createdAt: now,
        updatedAt: now,
      },
    ]);
    const after = await repo.updateSignupRow(tx, s.id, {
      status: 'checked_out',
      checkOutAt: now,
      checkOutWindow: c.window,
      minutes,
      recordId,
    });
    await adjustCommitments({ ...ctx, db: tx }, [s.volunteerId], -1);
    await recordAudit(tx, ctx.clock, who(actor), {
      action: 'activity_signup.check_out',
      entityType: 'activity_signup',
      entityId: s.id,
      areaCode: c.activity.areaCode,
      before: { status: s.status, version: s.version },
      after: { status: after.status, checkOutAt: now.toISOString(), window: c.window, minutes, recordId },
    });
    await emitAttendance(ctx, tx, actor.id, c.activity);
    return s.id;
  });
  return mySignup(ctx, id);
}

/** What the record says was done: the activity and, when it has several, the post. */
export function contentOf(a: { title: string; kind: string }, post: { name: string }) {
  return a.kind === 'need' ? a.title : `${a.title}·${post.name}`;
}

// --- the volunteer's own view --------------------------------------------------------------

function presentMine(rows: repo.VolunteerSignupRow[], orgs: Map<string, string>, now: Date): MySignup[] {
  return rows.map(({ signup: s, shift, post, activity: a }) => {
    const open = a.status !== 'cancelled' && isWithinShift(now, shift);
    return {
      signupId: s.id,
      activityId: a.id,
      activityNo: a.activityNo,
      activityTitle: a.title,
      kind: a.kind as ActivityKind,
      category: post.category,
      place: a.place,
      orgName: orgs.get(a.orgId) ?? '',
      shiftId: shift.id,
      shiftLabel: shift.label,
      startsAt: toIso(shift.startsAt),
      endsAt: toIso(shift.endsAt),
      postId: post.id,
      postName: post.name,
      status: s.status as SignupStatus,
      checkInAt: isoOrNull(s.checkInAt),
      checkOutAt: isoOrNull(s.checkOutAt),
      minutes: s.minutes,
      canCancel: s.status === 'signed_up' && now.getTime() < shift.startsAt.getTime(),
      canCheckIn: open && s.status === 'signed_up',
      canCheckOut: open && s.status === 'checked_in',
    };
  });
}

async function mySignup(ctx: Ctx, signupId: string): Promise<MySignup> {
  const s = (await repo.findSignup(ctx.db, signupId))!;
  const [shift, post, activity] = await Promise.all([
    repo.findShift(ctx.db, s.shiftId),
    repo.findPost(ctx.db, s.postId),
    repo.findActivity(ctx.db, s.activityId),
  ]);
  const orgs = await orgNames(ctx, [activity!.orgId]);
  const [view] = presentMine(
    [{ signup: s, shift: shift!, post: post!, activity: activity! }],
    orgs,
    ctx.clock.now(),
  );
  return view!;
}

/** The volunteer's sign-ups from the current shift on, the recent ones, and what they lead. */
export async function myActivities(ctx: Ctx, actor: Actor) {
  const vol = await requireVolunteer(ctx, actor);
  const now = ctx.clock.now();
  const since = new Date(now.getTime() - SHIFT_GRACE_MS);
  const [upcoming, recent, led] = await Promise.all([
    repo.findSignupsOfVolunteer(ctx.db, vol.id, { endsAfter: since, limit: 50 }),
    repo.findSignupsOfVolunteer(ctx.db, vol.id, { endsBefore: since, limit: 20, newestFirst: true }),
    repo.findActivitiesLedBy(ctx.db, vol.id, since),
  ]);
  const all = [...upcoming, ...recent];
  const orgs = await orgNames(ctx, [...new Set(all.map((r) => r.activity.orgId))]);
  const ledShifts = await repo.findShifts(
    ctx.db,
    led.map((a) => a.id),
  );
  return {
    volunteer: { id: vol.id, volunteerNo: vol.volunteerNo, name: vol.name },
    upcoming: presentMine(upcoming, orgs, now),
    recent: presentMine(recent, orgs, now),
    leading: led.map((a) => ({
      activityId: a.id,
      title: a.title,
      place: a.place,
      shifts: ledShifts
        .filter((s) => s.activityId === a.id && s.endsAt.getTime() >= since.getTime())
        .map((s) => ({ id: s.id, label: s.label, startsAt: toIso(s.startsAt), endsAt: toIso(s.endsAt) })),
    })),
  };
}

/**
 * Activities open for sign-up near the volunteer: in their street (or the whole district), with
 * the shifts still to start and the seats left in each post.
 */
export async function openActivities(ctx: Ctx, actor: Actor, q: { near?: 'street' | 'district' }) {
  const vol = await requireVolunteer(ctx, actor);
  const now = ctx.clock.now();
  const prefix = q.near === 'district' ? vol.areaCode.slice(0, 6) : vol.areaCode.slice(0, 9);
  const rows = await repo.findOpenActivities(ctx.db, [prefix], now);
  const ids = rows.map((r) => r.id);
  const [shifts, posts, mine] = await Promise.all([
    repo.findShifts(ctx.db, ids),
    repo.findPosts(ctx.db, ids),
    repo.findSignupsOfVolunteer(ctx.db, vol.id, { endsAfter: now, limit: 200 }),
  ]);
  const slots = await repo.findSlots(
    ctx.db,
    shifts.map((s) => s.id),
  );
  const filled = new Map(slots.map((s) => [`${s.shiftId}:${s.postId}`, s.filled]));
  const mineByShift = new Map(mine.map((m) => [m.shift.id, m.signup]));
  const base = await presentActivities(ctx, rows);
  return base
    .map((a) => ({
      ...a,
      shifts: shifts
        .filter((s) => s.activityId === a.id && s.startsAt.getTime() > now.getTime())
        .map((s) => ({
          id: s.id,
          label: s.label,
          startsAt: toIso(s.startsAt),
          endsAt: toIso(s.endsAt),
          posts: posts
            .filter((p) => p.activityId === a.id)
            .map((p) => {
              const m = mineByShift.get(s.id);
              return {
                id: p.id,
                name: p.name,
                category: p.category,
                capacity: p.capacity,
                filled: filled.get(`${s.id}:${p.id}`) ?? 0,
                mine: m?.postId === p.id,
                signupId: m?.postId === p.id ? m.id : null,
              };
            }),
        })),
    }))
    .filter((a) => a.shifts.length > 0);
}
