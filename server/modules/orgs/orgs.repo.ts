import { and, asc, eq, type SQL, sql } from 'drizzle-orm';
import { scopeSql } from '../../platform/access.ts';
import type { Db } from '../../platform/db/index.ts';
import { organisations, orgMembers } from './orgs.schema.ts';

export type OrgRow = typeof organisations.$inferSelect;

export async function findOrg(db: Db, scope: string[], id: string, lock = false) {
  const q = db
    .select()
    .from(organisations)
    .where(and(eq(organisations.id, id), scopeSql(scope, organisations.areaCode)));
  const [row] = lock ? await q.for('update') : await q;
  return row;
}

export async function findOrgByCreditCode(db: Db, creditCode: string) {
  const [row] = await db.select().from(organisations).where(eq(organisations.creditCode, creditCode));
  return row;
}

export async function findOrgNames(db: Db, ids: string[]) {
  if (!ids.length) return new Map<string, string>();
  const rows = await db
    .select({ id: organisations.id, name: organisations.name })
    .from(organisations)
    .where(sql`${organisations.id} in ${ids}`);
  return new Map(rows.map((r) => [r.id, r.name]));
}

export async function insertOrgs(db: Db, rows: (typeof organisations.$inferInsert)[]) {
  if (rows.length) await db.insert(organisations).values(rows);
}

export async function updateOrgRow(db: Db, id: string, patch: Partial<typeof organisations.$inferInsert>) {
  const [row] = await db
    .update(organisations)
    .set({ ...patch, version: sql`${organisations.version} + 1`, updatedAt: sql`now()` })
    .where(eq(organisations.id, id))
    .returning();
  return row!;
}

export async function searchOrgs(
  db: Db,
  s: { scope: string[]; q?: string; kind?: string; limit: number; offset: number },
) {
  const conds: SQL[] = [scopeSql(s.scope, organisations.areaCode)];
  if (s.q)
    conds.push(
      sql`(${organisations.name} like ${`%${s.q.replace(/[\\%_]/g, '\\$&')}%`} or ${organisations.creditCode} = ${s.q.toUpperCase()})`,
    );
  if (s.kind) conds.push(eq(organisations.kind, s.kind));
  const where = and(...conds);
  const rows = await db
    .select()
    .from(organisations)
    .where(where)
    .orderBy(asc(organisations.areaCode), asc(organisations.name))
    .limit(s.limit)
    .offset(s.offset);
  const [c] = await db.select({ n: sql<number>`count(*)::int` }).from(organisations).where(where);
  return { rows, total: Number(c?.n ?? 0) };
}

/** The organisations a user acts for (a provider's staff, a canteen's cashier). */
export async function orgIdsOfUser(db: Db, userId: string): Promise<string[]> {
  const rows = await db
    .select({ orgId: orgMembers.orgId })
    .from(orgMembers)
    .where(eq(orgMembers.userId, userId));
  return rows.map((r) => r.orgId);
}

/** The users who act for these organisations (whom to notify about their claims). */
export async function memberUserIds(db: Db, orgIds: string[]): Promise<string[]> {
  if (orgIds.length === 0) return [];
  const rows = await db
    .selectDistinct({ userId: orgMembers.userId })
    .from(orgMembers)
    .where(sql`${orgMembers.orgId} = ANY(${sql.param(orgIds)}::uuid[])`);
  return rows.map((r) => r.userId);
}

/** Makes users staff of organisations; a membership that exists already is left as it is. */
export async function addOrgMembers(db: Db, rows: { userId: string; orgId: string }[]): Promise<void> {
  if (rows.length) await db.insert(orgMembers).values(rows).onConflictDoNothing();
}
