import { and, asc, eq, isNull, type SQL, sql } from 'drizzle-orm';
import { scopeSql } from '../../platform/access.ts';
import type { Db } from '../../platform/db/index.ts';
import { servicePoints } from './service-points.schema.ts';

export type ServicePointRow = typeof servicePoints.$inferSelect;

export async function findServicePoint(db: Db, scope: string[], id: string, lock = false) {
  const q = db
    .select()
    .from(servicePoints)
    .where(and(eq(servicePoints.id, id), scopeSql(scope, servicePoints.areaCode)));
  const [row] = lock ? await q.for('update') : await q;
  return row;
}

export async function insertServicePoints(db: Db, rows: (typeof servicePoints.$inferInsert)[]) {
  if (rows.length) await db.insert(servicePoints).values(rows);
}

export async function updateServicePointRow(
  db: Db,
  id: string,
  patch: Partial<typeof servicePoints.$inferInsert>,
) {
  const [row] = await db
    .update(servicePoints)
    .set({ ...patch, version: sql`${servicePoints.version} + 1`, updatedAt: sql`now()` })
    .where(eq(servicePoints.id, id))
    .returning();
  return row!;
}

export async function searchServicePoints(
  db: Db,
  s: { scope: string[]; q?: string; type?: string; includeClosed?: boolean; limit: number; offset: number },
) {
  const conds: SQL[] = [scopeSql(s.scope, servicePoints.areaCode)];
  if (s.q) conds.push(sql`${servicePoints.name} like ${`%${s.q.replace(/[\\%_]/g, '\\$&')}%`}`);
  if (s.type) conds.push(eq(servicePoints.type, s.type));
  if (!s.includeClosed) conds.push(isNull(servicePoints.closedOn));
  const where = and(...conds);
  const rows = await db
    .select()
    .from(servicePoints)
    .where(where)
    .orderBy(asc(servicePoints.areaCode), asc(servicePoints.type), asc(servicePoints.name))
    .limit(s.limit)
    .offset(s.offset);
  const [c] = await db.select({ n: sql<number>`count(*)::int` }).from(servicePoints).where(where);
  return { rows, total: Number(c?.n ?? 0) };
}
