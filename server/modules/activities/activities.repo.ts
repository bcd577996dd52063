import { and, asc, desc, eq, inArray, type SQL, sql } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import { scopeSql } from '../../platform/access.ts';
import type { Db } from '../../platform/db/index.ts';
import { pgArray } from '../../platform/db/rows.ts';
import {
  activities,
  activityPosts,
  activityShifts,
  activitySignups,
  activitySlots,
  serviceRecords,
  volunteerCertificates,
} from './activities.schema.ts';

export type ActivityRow = typeof activities.$inferSelect;
export type ActivityInsert = typeof activities.$inferInsert;
export type ShiftRow = typeof activityShifts.$inferSelect;
export type PostRow = typeof activityPosts.$inferSelect;
export type SlotRow = typeof activitySlots.$inferSelect;
export type SignupRow = typeof activitySignups.$inferSelect;
export type SignupInsert = typeof activitySignups.$inferInsert;
export type RecordRow = typeof serviceRecords.$inferSelect;
export type RecordInsert = typeof serviceRecords.$inferInsert;
export type CertificateRow = typeof volunteerCertificates.$inferSelect;

/**
 * Who sees which activities and records: those in the areas where the actor works as district,
 * street or community staff, and those of the organisations the actor works for within the
 * areas where they hold the permission.
 */
export interface Visibility {
  staffScope: string[];
  orgScope: string[];
  orgIds: string[];
}

function visibilitySql(v: Visibility, area: AnyPgColumn, org: AnyPgColumn) {
  const parts: SQL[] = [];
  if (v.staffScope.length) parts.push(scopeSql(v.staffScope, area));
  if (v.orgScope.length && v.orgIds.length)
    parts.push(sql`(${scopeSql(v.orgScope, area)} AND ${org} = ANY(${pgArray(v.orgIds, 'uuid')}))`);
  if (parts.length === 0) return sql`false`;
  return parts.length === 1 ? parts[0]! : sql`(${sql.join(parts, sql` OR `)})`;
}

export const isVisibleRow = (v: Visibility, r: { areaCode: string; orgId: string }) =>
  v.staffScope.some((p) => r.areaCode.startsWith(p)) ||
  (v.orgScope.some((p) => r.areaCode.startsWith(p)) && v.orgIds.includes(r.orgId));

// --- numbers -------------------------------------------------------------------------------

/** Serialises number drawing for one prefix within the transaction. */
async function lockKey(db: Db, key: string) {
  await db.execute(sql`SELECT pg_advisory_xact_lock(hashtext(${key}))`);
}

/** HD + YYYYMMDD + a four-digit (or longer) sequence of the day. */
export async function nextActivityNo(db: Db, day: string): Promise<string> {
  const digits = day.replaceAll('-', '');
  const prefix = `HD${digits}`;
  const upper = `HD${Number(digits) + 1}`;
  await lockKey(db, `activity_no:${prefix}`);
  const [r] = await db
    .select({ n: sql<number>`coalesce(max(substring(${activities.activityNo} from 11)::int), 0)` })
    .from(activities)
    .where(and(sql`${activities.activityNo} >= ${prefix}`, sql`${activities.activityNo} < ${upper}`));
  return `${prefix}${String(Number(r?.n ?? 0) + 1).padStart(4, '0')}`;
}

/** The last sequence number used under a certificate-number prefix (ZM + district + year). */
export async function lastCertificateSeq(db: Db, prefix: string): Promise<number> {
  await lockKey(db, `certificate_no:${prefix}`);
  const [r] = await db
    .select({
      n: sql<number>`coalesce(max(substring(${volunteerCertificates.certNo} from ${prefix.length + 1}::int)::int), 0)`,
    })
    .from(volunteerCertificates)
    .where(sql`${volunteerCertificates.certNo} like ${`${prefix}%`}`);
  return Number(r?.n ?? 0);
}

// --- activities ----------------------------------------------------------------------------

export async function insertActivities(db: Db, rows: ActivityInsert[]) {
  if (rows.length) await db.insert(activities).values(rows);
}
export async function insertShifts(db: Db, rows: (typeof activityShifts.$inferInsert)[]) {
  for (let i = 0; i < rows.length; i += 1000) await db.insert(activityShifts).values(rows.slice(i, i + 1000));
}
export async function insertPosts(db: Db, rows: (typeof activityPosts.$inferInsert)[]) {
  for (let i = 0; i < rows.length; i += 1000) await db.insert(activityPosts).values(rows.slice(i, i + 1000));
}
export async function insertSlots(db: Db, rows: (typeof activitySlots.$inferInsert)[]) {
  for (let i = 0; i < rows.length; i += 1000) await db.insert(activitySlots).values(rows.slice(i, i + 1000));
}

export async function findActivity(db: Db, id: string, lock = false): Promise<ActivityRow | undefined> {
  const q = db.select().from(activities).where(eq(activities.id, id));
  const [row] = lock ? await q.for('update') : await q;
  return row;
}

export async function updateActivityRow(
  db: Db,
  id: string,
  patch: Partial<ActivityInsert>,
  at: Date,
): Promise<ActivityRow> {
  const [row] = await db
    .update(activities)
    .set({ ...patch, version: sql`${activities.version} + 1`, updatedAt: at })
    .where(eq(activities.id, id))
    .returning();
  return row!;
}

export async function countActivities(db: Db, kind?: string): Promise<number> {
  const [r] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(activities)
    .where(kind ? eq(activities.kind, kind) : undefined);
  return Number(r?.n ?? 0);
}

export interface ActivityListRow extends ActivityRow {
  capacity: number;
  filled: number;
  pendingRecords: number;
}

// Select lists name columns without their table, so the outer row is named in full here.
const listColumns = {
  capacity: sql<number>`coalesce((SELECT sum(s.capacity) FROM activity_slots s JOIN activity_shifts h ON h.id = s.shift_id WHERE h.activity_id = activities.id), 0)::int`,
  filled: sql<number>`coalesce((SELECT sum(s.filled) FROM activity_slots s JOIN activity_shifts h ON h.id = s.shift_id WHERE h.activity_id = activities.id), 0)::int`,
  pendingRecords: sql<number>`(SELECT count(*) FROM service_records r WHERE r.activity_id = activities.id AND r.status = 'pending')::int`,
};

function toListRow(r: ActivityRow & { capacity: unknown; filled: unknown; pendingRecords: unknown }) {
  return {
    ...r,
    capacity: Number(r.capacity),
    filled: Number(r.filled),
    pendingRecords: Number(r.pendingRecords),
  } as ActivityListRow;
}

export interface ActivitySearch {
  visibility: Visibility;
  kind?: string;
  status?: string;
  orgId?: string;
  from?: string;
  to?: string;
  q?: string;
  limit: number;
  offset: number;
}

export async function searchActivities(
  db: Db,
  s: ActivitySearch,
): Promise<{ rows: ActivityListRow[]; total: number }> {
  const a = activities;
  const conds: SQL[] = [visibilitySql(s.visibility, a.areaCode, a.orgId)];
  if (s.kind) conds.push(eq(a.kind, s.kind));
  if (s.status) conds.push(eq(a.status, s.status));
  if (s.orgId) conds.push(eq(a.orgId, s.orgId));
  if (s.from) conds.push(sql`${a.endsAt} >= (${s.from}::date)::timestamp AT TIME ZONE 'Asia/Shanghai'`);
  if (s.to) conds.push(sql`${a.startsAt} < (${s.to}::date + 1)::timestamp AT TIME ZONE 'Asia/Shanghai'`);
  if (s.q) {
    const like = `%${s.q.replace(/[\\%_]/g, '\\$&')}%`;
    conds.push(sql`(${a.title} like ${like} OR ${a.activityNo} like ${`${s.q.toUpperCase()}%`})`);
  }
  const where = and(...conds);
  const rows = await db
    .select({ ...getActivityColumns(), ...listColumns })
    .from(a)
    .where(where)
    .orderBy(desc(a.startsAt), desc(a.id))
    .limit(s.limit)
    .offset(s.offset);
  const [c] = await db.select({ n: sql<number>`count(*)::int` }).from(a).where(where);
  return { rows: rows.map(toListRow), total: Number(c?.n ?? 0) };
}

function getActivityColumns() {
  const a = activities;
  return {
    id: a.id,
    activityNo: a.activityNo,
    kind: a.kind,
    title: a.title,
    description: a.description,
    category: a.category,
    tier: a.tier,
    areaCode: a.areaCode,
    orgId: a.orgId,
    teamId: a.teamId,
    servicePointId: a.servicePointId,
    needId: a.needId,
    place: a.place,
    startsAt: a.startsAt,
    endsAt: a.endsAt,
    status: a.status,
    codeSecret: a.codeSecret,
    leaderVolunteerId: a.leaderVolunteerId,
    createdBy: a.createdBy,
    createdAt: a.createdAt,
    updatedAt: a.updatedAt,
    version: a.version,
  };
}

export async function findActivityListRow(db: Db, id: string): Promise<ActivityListRow | undefined> {
  const [row] = await db
    .select({ ...getActivityColumns(), ...listColumns })
    .from(activities)
    .where(eq(activities.id, id));
  return row ? toListRow(row) : undefined;
}

/**
 * Activities open for sign-up in an area: not a need's (those are staffed through claims), not
 * cancelled, with a shift still to start.
 */
export async function findOpenActivities(
  db: Db,
  scope: string[],
  now: Date,
  limit = 100,
): Promise<ActivityListRow[]> {
  const a = activities;
  const rows = await db
    .select({ ...getActivityColumns(), ...listColumns })
    .from(a)
    .where(
      and(
        scopeSql(scope, a.areaCode),
        eq(a.status, 'open'),
        sql`${a.kind} <> 'need'`,
        sql`EXISTS (SELECT 1 FROM activity_shifts h WHERE h.activity_id = ${a.id} AND h.starts_at > ${now})`,
      ),
    )
    .orderBy(asc(a.startsAt), asc(a.id))
    .limit(limit);
  return rows.map(toListRow);
}

export async function findActivitiesLedBy(db: Db, volunteerId: string, since: Date): Promise<ActivityRow[]> {
  return db
    .select()
    .from(activities)
    .where(
      and(
        eq(activities.leaderVolunteerId, volunteerId),
        eq(activities.status, 'open'),
        sql`${activities.endsAt} >= ${since}`,
      ),
    )
    .orderBy(asc(activities.startsAt))
    .limit(20);
}

// --- shifts, posts, slots ------------------------------------------------------------------

export async function findShifts(db: Db, activityIds: string[]): Promise<ShiftRow[]> {
  if (activityIds.length === 0) return [];
  return db
    .select()
    .from(activityShifts)
    .where(inArray(activityShifts.activityId, activityIds))
    .orderBy(asc(activityShifts.startsAt), asc(activityShifts.id));
}

export async function findPosts(db: Db, activityIds: string[]): Promise<PostRow[]> {
  if (activityIds.length === 0) return [];
  return db
    .select()
    .from(activityPosts)
    .where(inArray(activityPosts.activityId, activityIds))
    .orderBy(asc(activityPosts.id));
}

export async function findSlots(db: Db, shiftIds: string[]): Promise<SlotRow[]> {
  if (shiftIds.length === 0) return [];
  return db.select().from(activitySlots).where(inArray(activitySlots.shiftId, shiftIds));
}

export async function findShift(db: Db, id: string): Promise<ShiftRow | undefined> {
  const [row] = await db.select().from(activityShifts).where(eq(activityShifts.id, id));
  return row;
}

export async function findPost(db: Db, id: string): Promise<PostRow | undefined> {
  const [row] = await db.select().from(activityPosts).where(eq(activityPosts.id, id));
  return row;
}

/** The slot row, locked: sign-ups of one shift and post queue here, so capacity holds. */
export async function lockSlot(db: Db, shiftId: string, postId: string): Promise<SlotRow | undefined> {
  const [row] = await db
    .select()
    .from(activitySlots)
    .where(and(eq(activitySlots.shiftId, shiftId), eq(activitySlots.postId, postId)))
    .for('update');
  return row;
}

export async function addToSlot(db: Db, shiftId: string, postId: string, delta: number) {
  await db
    .update(activitySlots)
    .set({ filled: sql`${activitySlots.filled} + ${delta}` })
    .where(and(eq(activitySlots.shiftId, shiftId), eq(activitySlots.postId, postId)));
}

// --- sign-ups ------------------------------------------------------------------------------

export async function insertSignups(db: Db, rows: SignupInsert[]) {
  for (let i = 0; i < rows.length; i += 1000)
    await db.insert(activitySignups).values(rows.slice(i, i + 1000));
}

export async function findSignup(db: Db, id: string, lock = false): Promise<SignupRow | undefined> {
  const q = db.select().from(activitySignups).where(eq(activitySignups.id, id));
  const [row] = lock ? await q.for('update') : await q;
  return row;
}

export async function findActiveSignup(
  db: Db,
  shiftId: string,
  volunteerId: string,
  lock = false,
): Promise<SignupRow | undefined> {
  const q = db
    .select()
    .from(activitySignups)
    .where(
      and(
        eq(activitySignups.shiftId, shiftId),
        eq(activitySignups.volunteerId, volunteerId),
        sql`${activitySignups.status} <> 'cancelled'`,
      ),
    );
  const [row] = lock ? await q.for('update') : await q;
  return row;
}

export async function findSignupsOfActivity(db: Db, activityId: string): Promise<SignupRow[]> {
  return db
    .select()
    .from(activitySignups)
    .where(eq(activitySignups.activityId, activityId))
    .orderBy(asc(activitySignups.signedUpAt), asc(activitySignups.id));
}

export async function updateSignupRow(db: Db, id: string, patch: Partial<SignupInsert>): Promise<SignupRow> {
  const [row] = await db
    .update(activitySignups)
    .set({ ...patch, version: sql`${activitySignups.version} + 1` })
    .where(eq(activitySignups.id, id))
    .returning();
  return row!;
}

/** Cancels every live sign-up of an activity; returns the cancelled rows as they were. */
export async function cancelSignupsOfActivity(db: Db, activityId: string, at: Date): Promise<SignupRow[]> {
  const before = await db
    .select()
    .from(activitySignups)
    .where(and(eq(activitySignups.activityId, activityId), eq(activitySignups.status, 'signed_up')))
    .for('update');
  if (before.length === 0) return [];
  await db
    .update(activitySignups)
    .set({ status: 'cancelled', cancelledAt: at, version: sql`${activitySignups.version} + 1` })
    .where(and(eq(activitySignups.activityId, activityId), eq(activitySignups.status, 'signed_up')));
  await db.execute(sql`
    UPDATE activity_slots s SET filled = 0
    FROM activity_shifts h WHERE h.id = s.shift_id AND h.activity_id = ${activityId}`);
  return before;
}

/**
 * Attendance of an activity: live sign-ups (neither cancelled nor absent), of them those who
 * checked in at some point and those who checked out, and the absent.
 */
export async function attendanceCounts(db: Db, activityId: string) {
  const [r] = await db
    .select({
      signedUp: sql<number>`count(*) FILTER (WHERE ${activitySignups.status} IN ('signed_up','checked_in','checked_out'))::int`,
      checkedIn: sql<number>`count(*) FILTER (WHERE ${activitySignups.status} IN ('checked_in','checked_out'))::int`,
      checkedOut: sql<number>`count(*) FILTER (WHERE ${activitySignups.status} = 'checked_out')::int`,
      noShow: sql<number>`count(*) FILTER (WHERE ${activitySignups.status} = 'no_show')::int`,
    })
    .from(activitySignups)
    .where(eq(activitySignups.activityId, activityId));
  return {
    signedUp: Number(r?.signedUp ?? 0),
    checkedIn: Number(r?.checkedIn ?? 0),
    checkedOut: Number(r?.checkedOut ?? 0),
    noShow: Number(r?.noShow ?? 0),
  };
}

export interface VolunteerSignupRow {
  signup: SignupRow;
  shift: ShiftRow;
  post: PostRow;
  activity: ActivityRow;
}

/** A volunteer's sign-ups (not cancelled) whose shift ends after `since`, soonest first. */
export async function findSignupsOfVolunteer(
  db: Db,
  volunteerId: string,
  opts: { endsAfter?: Date; endsBefore?: Date; limit: number; newestFirst?: boolean; lock?: boolean },
): Promise<VolunteerSignupRow[]> {
  const q = db
    .select({ signup: activitySignups, shift: activityShifts, post: activityPosts, activity: activities })
    .from(activitySignups)
    .innerJoin(activityShifts, eq(activityShifts.id, activitySignups.shiftId))
    .innerJoin(activityPosts, eq(activityPosts.id, activitySignups.postId))
    .innerJoin(activities, eq(activities.id, activitySignups.activityId))
    .where(
      and(
        eq(activitySignups.volunteerId, volunteerId),
        sql`${activitySignups.status} <> 'cancelled'`,
        opts.endsAfter ? sql`${activityShifts.endsAt} > ${opts.endsAfter}` : undefined,
        opts.endsBefore ? sql`${activityShifts.endsAt} <= ${opts.endsBefore}` : undefined,
      ),
    )
    .orderBy(opts.newestFirst ? desc(activityShifts.startsAt) : asc(activityShifts.startsAt))
    .limit(opts.limit);
  return opts.lock ? q.for('update', { of: activitySignups }) : q;
}

// --- records -------------------------------------------------------------------------------

export async function insertRecords(db: Db, rows: RecordInsert[]) {
  for (let i = 0; i < rows.length; i += 1000) await db.insert(serviceRecords).values(rows.slice(i, i + 1000));
}

export async function findRecord(db: Db, id: string, lock = false): Promise<RecordRow | undefined> {
  const q = db.select().from(serviceRecords).where(eq(serviceRecords.id, id));
  const [row] = lock ? await q.for('update') : await q;
  return row;
}

export async function findRecordsByIds(db: Db, ids: string[], lock = false): Promise<RecordRow[]> {
  if (ids.length === 0) return [];
  const q = db
    .select()
    .from(serviceRecords)
    .where(inArray(serviceRecords.id, ids))
    .orderBy(asc(serviceRecords.startedAt), asc(serviceRecords.id));
  return lock ? q.for('update') : q;
}

export async function findPendingRecordsOfActivity(db: Db, activityId: string, lock = false) {
  const q = db
    .select()
    .from(serviceRecords)
    .where(and(eq(serviceRecords.activityId, activityId), eq(serviceRecords.status, 'pending')))
    .orderBy(asc(serviceRecords.startedAt), asc(serviceRecords.id));
  return lock ? q.for('update') : q;
}

export async function findRecordsOfActivity(db: Db, activityId: string): Promise<RecordRow[]> {
  return db
    .select()
    .from(serviceRecords)
    .where(eq(serviceRecords.activityId, activityId))
    .orderBy(asc(serviceRecords.startedAt), asc(serviceRecords.id));
}

export async function updateRecordRow(db: Db, id: string, patch: Partial<RecordInsert>, at: Date) {
  const [row] = await db
    .update(serviceRecords)
    .set({ ...patch, version: sql`${serviceRecords.version} + 1`, updatedAt: at })
    .where(eq(serviceRecords.id, id))
    .returning();
  return row!;
}

/** A volunteer's records that count (neither rejected nor superseded) overlapping a span. */
export async function findOverlappingRecords(
  db: Db,
  volunteerId: string,
  span: { startsAt: Date; endsAt: Date },
  exceptId?: string,
): Promise<RecordRow[]> {
  return db
    .select()
    .from(serviceRecords)
    .where(
      and(
        eq(serviceRecords.volunteerId, volunteerId),
        sql`${serviceRecords.status} IN ('pending','confirmed')`,
        sql`${serviceRecords.startedAt} < ${span.endsAt}`,
        sql`${serviceRecords.endedAt} > ${span.startsAt}`,
        exceptId ? sql`${serviceRecords.id} <> ${exceptId}` : undefined,
      ),
    )
    .limit(5);
}

export interface RecordSearch {
  visibility: Visibility | null;
  volunteerId?: string;
  status?: string;
  source?: string;
  activityId?: string;
  orgId?: string;
  area?: string[];
  from?: string;
  to?: string;
  limit: number;
  offset: number;
}

export async function searchRecords(db: Db, s: RecordSearch): Promise<{ rows: RecordRow[]; total: number }> {
  const r = serviceRecords;
  const conds: SQL[] = [];
  if (s.visibility) conds.push(visibilitySql(s.visibility, r.areaCode, r.orgId));
  if (s.area) conds.push(scopeSql(s.area, r.areaCode));
  if (s.volunteerId) conds.push(eq(r.volunteerId, s.volunteerId));
  if (s.status) conds.push(eq(r.status, s.status));
  if (s.source) conds.push(eq(r.source, s.source));
  if (s.activityId) conds.push(eq(r.activityId, s.activityId));
  if (s.orgId) conds.push(eq(r.orgId, s.orgId));
  if (s.from) conds.push(sql`${r.startedAt} >= (${s.from}::date)::timestamp AT TIME ZONE 'Asia/Shanghai'`);
  if (s.to) conds.push(sql`${r.startedAt} < (${s.to}::date + 1)::timestamp AT TIME ZONE 'Asia/Shanghai'`);
  const where = conds.length ? and(...conds) : undefined;
  const rows = await db
    .select()
    .from(r)
    .where(where)
    .orderBy(desc(r.startedAt), desc(r.id))
    .limit(s.limit)
    .offset(s.offset);
  const [c] = await db.select({ n: sql<number>`count(*)::int` }).from(r).where(where);
  return { rows, total: Number(c?.n ?? 0) };
}

/** Confirmed records of one volunteer with one organisation within a period of Shanghai days. */
export async function findCertifiableRecords(
  db: Db,
  volunteerId: string,
  orgId: string,
  from: string,
  to: string,
): Promise<RecordRow[]> {
  const r = serviceRecords;
  return db
    .select()
    .from(r)
    .where(
      and(
        eq(r.volunteerId, volunteerId),
        eq(r.orgId, orgId),
        eq(r.status, 'confirmed'),
        sql`${r.startedAt} >= (${from}::date)::timestamp AT TIME ZONE 'Asia/Shanghai'`,
        sql`${r.startedAt} < (${to}::date + 1)::timestamp AT TIME ZONE 'Asia/Shanghai'`,
      ),
    )
    .orderBy(asc(r.startedAt), asc(r.id));
}

// --- certificates --------------------------------------------------------------------------

export async function insertCertificates(db: Db, rows: (typeof volunteerCertificates.$inferInsert)[]) {
  if (rows.length) await db.insert(volunteerCertificates).values(rows);
}

export async function findCertificate(db: Db, id: string, lock = false): Promise<CertificateRow | undefined> {
  const q = db.select().from(volunteerCertificates).where(eq(volunteerCertificates.id, id));
  const [row] = lock ? await q.for('update') : await q;
  return row;
}

export async function findCertificateByNo(db: Db, certNo: string): Promise<CertificateRow | undefined> {
  const [row] = await db.select().from(volunteerCertificates).where(eq(volunteerCertificates.certNo, certNo));
  return row;
}

export async function updateCertificateRow(
  db: Db,
  id: string,
  patch: Partial<typeof volunteerCertificates.$inferInsert>,
) {
  await db.update(volunteerCertificates).set(patch).where(eq(volunteerCertificates.id, id));
}

/**
 * Certificates an actor sees: issued by the organisations they work for, or covering a record in
 * the areas where they work as staff. `null` visibility: no filter (the volunteer's own list).
 */
export async function searchCertificates(
  db: Db,
  s: {
    visibility: { staffScope: string[]; orgIds: string[] } | null;
    volunteerId?: string;
    orgId?: string;
    limit: number;
    offset: number;
  },
): Promise<{ rows: CertificateRow[]; total: number }> {
  const c = volunteerCertificates;
  const conds: SQL[] = [];
  if (s.visibility) {
    const parts: SQL[] = [];
    if (s.visibility.orgIds.length)
      parts.push(sql`${c.issuerOrgId} = ANY(${pgArray(s.visibility.orgIds, 'uuid')})`);
    if (s.visibility.staffScope.length)
      parts.push(
        sql`EXISTS (SELECT 1 FROM service_records r WHERE r.id = ANY(${c.recordIds}) AND ${scopeSql(s.visibility.staffScope, sql`r.area_code`)})`,
      );
    conds.push(parts.length ? sql`(${sql.join(parts, sql` OR `)})` : sql`false`);
  }
  if (s.volunteerId) conds.push(eq(c.volunteerId, s.volunteerId));
  if (s.orgId) conds.push(eq(c.issuerOrgId, s.orgId));
  const where = conds.length ? and(...conds) : undefined;
  const rows = await db
    .select()
    .from(c)
    .where(where)
    .orderBy(desc(c.issuedAt), desc(c.id))
    .limit(s.limit)
    .offset(s.offset);
  const [n] = await db.select({ n: sql<number>`count(*)::int` }).from(c).where(where);
  return { rows, total: Number(n?.n ?? 0) };
}

export async function anyRecordInScope(db: Db, ids: string[], scope: string[]): Promise<boolean> {
  if (ids.length === 0 || scope.length === 0) return false;
  const [r] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(serviceRecords)
    .where(and(inArray(serviceRecords.id, ids), scopeSql(scope, serviceRecords.areaCode)));
  return Number(r?.n ?? 0) > 0;
}
