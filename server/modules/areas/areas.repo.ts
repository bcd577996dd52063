import { and, asc, eq, getTableColumns, isNull, like, sql } from 'drizzle-orm';
import type { Db } from '../../platform/db/index.ts';
import { toDateOrNull, toDateString } from '../../platform/db/rows.ts';
import { areaNames, areas } from './areas.schema.ts';

export type AreaRow = typeof areas.$inferSelect;

/**
 * The name in force today (Asia/Shanghai): a rename dated in the future shows from its date on,
 * while areas.name holds the latest recorded name.
 */
const areaView = {
  ...getTableColumns(areas),
  name: sql<string>`coalesce((select n.name from ${areaNames} n where n.code = "areas"."code"
    and n.valid_from <= (now() at time zone 'Asia/Shanghai')::date order by n.valid_from desc limit 1), "areas"."name")`.as(
    'name',
  ),
};

export function presentArea(r: AreaRow) {
  return {
    code: r.code,
    parentCode: r.parentCode,
    level: r.level as 'district' | 'street' | 'community' | 'village',
    name: r.name,
    formerJianggan: r.formerJianggan,
    openedOn: toDateString(r.openedOn),
    closedOn: toDateOrNull(r.closedOn),
  };
}

export async function countAreas(db: Db): Promise<number> {
  const [r] = await db.select({ n: sql<number>`count(*)::int` }).from(areas);
  return Number(r?.n ?? 0);
}

export async function findAllAreas(db: Db): Promise<AreaRow[]> {
  return db.select(areaView).from(areas).orderBy(asc(areas.code));
}

export async function findArea(db: Db, code: string): Promise<AreaRow | undefined> {
  const [r] = await db.select(areaView).from(areas).where(eq(areas.code, code));
  return r;
}

/** Locks the parent row so two admins adding children at once get distinct codes. */
export async function lockArea(db: Db, code: string): Promise<AreaRow | undefined> {
  const [r] = await db.select().from(areas).where(eq(areas.code, code)).for('update');
  return r;
}

export async function findChildren(db: Db, parentCode: string): Promise<AreaRow[]> {
  return db.select(areaView).from(areas).where(eq(areas.parentCode, parentCode)).orderBy(asc(areas.code));
}

export async function findAreasUnder(db: Db, prefix: string): Promise<AreaRow[]> {
  return db
    .select(areaView)
    .from(areas)
    .where(like(areas.code, `${prefix}%`))
    .orderBy(asc(areas.code));
}

export async function insertAreas(db: Db, rows: (typeof areas.$inferInsert)[]): Promise<void> {
  if (rows.length) await db.insert(areas).values(rows);
}

export async function insertAreaNames(db: Db, rows: (typeof areaNames.$inferInsert)[]): Promise<void> {
  if (rows.length) await db.insert(areaNames).values(rows);
}

export async function updateAreaName(db: Db, code: string, name: string): Promise<void> {
  await db.update(areas).set({ name }).where(eq(areas.code, code));
}

export async function closeCurrentName(db: Db, code: string, lastDay: string): Promise<void> {
  await db
    .update(areaNames)
    .set({ validTo: lastDay })
    .where(and(eq(areaNames.code, code), isNull(areaNames.validTo)));
}

export async function findCurrentName(db: Db, code: string) {
  const [r] = await db
    .select()
    .from(areaNames)
    .where(and(eq(areaNames.code, code), isNull(areaNames.validTo)));
  return r;
}

export async function replaceCurrentName(db: Db, code: string, name: string): Promise<void> {
  await db
    .update(areaNames)
    .set({ name })
    .where(and(eq(areaNames.code, code), isNull(areaNames.validTo)));
}

export async function findNameHistory(db: Db, code: string) {
  return db.select().from(areaNames).where(eq(areaNames.code, code)).orderBy(asc(areaNames.validFrom));
}

export async function setAreaClosed(db: Db, code: string, closedOn: string): Promise<void> {
  await db.update(areas).set({ closedOn }).where(eq(areas.code, code));
}
