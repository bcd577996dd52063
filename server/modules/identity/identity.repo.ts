import { and, eq, gt, lt, sql } from 'drizzle-orm';
import type { Role } from '../../../contracts/roles.ts';
import type { Db } from '../../platform/db/index.ts';
import { areas } from '../areas/areas.schema.ts';
import { grants, sessions, users } from './identity.schema.ts';

export type UserRow = typeof users.$inferSelect;

export async function findUserByUsername(db: Db, username: string): Promise<UserRow | undefined> {
  const [row] = await db.select().from(users).where(eq(users.username, username));
  return row;
}

export async function findUserById(db: Db, id: string): Promise<UserRow | undefined> {
  const [row] = await db.select().from(users).where(eq(users.id, id));
  return row;
}

export async function insertUser(db: Db, row: typeof users.$inferInsert): Promise<void> {
  await db.insert(users).values(row);
}

export async function insertGrant(db: Db, userId: string, role: Role, areaCode: string): Promise<void> {
  await db.insert(grants).values({ userId, role, areaCode }).onConflictDoNothing();
}

export async function findGrants(db: Db, userId: string) {
  return db
    .select({ role: grants.role, areaCode: grants.areaCode, areaName: areas.name })
    .from(grants)
    .leftJoin(areas, eq(areas.code, grants.areaCode))
    .where(eq(grants.userId, userId));
}

/**
 * Users holding one of `roles` on the area or on an area above it (its street, the district):
 * whom to notify about what happens in that area. Disabled users are left out.
 */
export async function userIdsGrantedOn(db: Db, roles: Role[], areaCode: string): Promise<string[]> {
  const covering = [areaCode, `${areaCode.slice(0, 9)}000`, `${areaCode.slice(0, 6)}000000`];
  const rows = await db
    .selectDistinct({ userId: grants.userId })
    .from(grants)
    .innerJoin(users, eq(users.id, grants.userId))
    .where(
      and(
        sql`${grants.role} = ANY(${sql.param(roles)}::text[])`,
        sql`${grants.areaCode} = ANY(${sql.param(covering)}::bpchar[])`,
        eq(users.disabled, false),
      ),
    );
  return rows.map((r) => r.userId);
}

export async function recordLoginFailure(
  db: Db,
  userId: string,
  max: number,
  lockUntil: Date,
): Promise<UserRow> {
  const [row] = await db
    .update(users)
    .set({
      failedAttempts: sql`${users.failedAttempts} + 1`,
      lockedUntil: sql`case when ${users.failedAttempts} + 1 >= ${max} then ${lockUntil.toISOString()}::timestamptz else ${users.lockedUntil} end`,
    })
    .where(eq(users.id, userId))
    .returning();
  return row!;
}

export async function resetLoginFailures(db: Db, userId: string): Promise<void> {
  await db.update(users).set({ failedAttempts: 0, lockedUntil: null }).where(eq(users.id, userId));
}

export async function setPasswordHash(db: Db, userId: string, hash: string): Promise<void> {
  await db.update(users).set({ passwordHash: hash }).where(eq(users.id, userId));
}

export async function insertSession(db: Db, row: typeof sessions.$inferInsert): Promise<void> {
  await db.insert(sessions).values(row);
}

export async function findLiveSession(db: Db, tokenHash: string, now: Date) {
  const [row] = await db
    .select()
    .from(sessions)
    .where(and(eq(sessions.tokenHash, tokenHash), gt(sessions.expiresAt, now)));
  return row;
}

/** A live session with its user and grants, in one round trip (it runs on every request). */
export async function findSessionActor(db: Db, tokenHash: string, now: Date) {
  const rows = await db
    .select({
      userId: users.id,
      username: users.username,
      displayName: users.displayName,
      csrfToken: sessions.csrfToken,
      expiresAt: sessions.expiresAt,
      grants: sql<
        { role: string; areaCode: string }[]
      >`coalesce((select json_agg(json_build_object('role', g.role, 'areaCode', g.area_code))
        from ${grants} g where g.user_id = ${users.id}), '[]'::json)`,
    })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(and(eq(sessions.tokenHash, tokenHash), gt(sessions.expiresAt, now), eq(users.disabled, false)));
  return rows[0];
}

export async function deleteSession(db: Db, tokenHash: string): Promise<void> {
  await db.delete(sessions).where(eq(sessions.tokenHash, tokenHash));
}

export async function deleteExpiredSessions(db: Db, now: Date): Promise<void> {
  await db.delete(sessions).where(lt(sessions.expiresAt, now));
}

export async function listUsers(db: Db) {
  return db
    .select({ id: users.id, username: users.username, displayName: users.displayName })
    .from(users)
    .orderBy(users.username);
}
