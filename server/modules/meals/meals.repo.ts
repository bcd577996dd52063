import { and, asc, desc, eq, inArray, isNull, type SQL, sql } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import { scopeSql } from '../../platform/access.ts';
import type { Db } from '../../platform/db/index.ts';
import { pgArray, queryOne, queryRows } from '../../platform/db/rows.ts';
import { mealMenuItems, mealSales, mealSettings, mealSubsidyRules, mealTills } from './meals.schema.ts';

export type RuleRow = typeof mealSubsidyRules.$inferSelect;
export type MenuItemRow = typeof mealMenuItems.$inferSelect;
export type TillRow = typeof mealTills.$inferSelect;
export type SaleRow = typeof mealSales.$inferSelect;
export type SaleInsert = typeof mealSales.$inferInsert;

/**
 * Who may see a canteen's rows: inside the actor's meal.sell area, and either a programme
 * manager there (meal.manage) or staff of the operating organisation (org_members).
 */
export interface CanteenAccess {
  sellScope: string[];
  manageScope: string[];
  orgIds: string[];
}

function accessSql(a: CanteenAccess, area: AnyPgColumn, org: AnyPgColumn): SQL {
  const own = a.orgIds.length ? sql`${org} = any(${pgArray(a.orgIds, 'uuid')})` : sql`false`;
  const manage = a.manageScope.length ? scopeSql(a.manageScope, area) : sql`false`;
  return sql`(${scopeSql(a.sellScope, area)} and (${manage} or ${own}))`;
}

// --- rules and settings ------------------------------------------------------------------------

export async function insertRules(db: Db, rows: (typeof mealSubsidyRules.$inferInsert)[]) {
  if (rows.length) await db.insert(mealSubsidyRules).values(rows).onConflictDoNothing();
}

export async function findRules(db: Db): Promise<RuleRow[]> {
  return db
    .select()
    .from(mealSubsidyRules)
    .orderBy(
      sql`${mealSubsidyRules.category} nulls first`,
      asc(mealSubsidyRules.minAge),
      asc(mealSubsidyRules.validFrom),
      asc(mealSubsidyRules.id),
    );
}

export async function findRulesOn(db: Db, day: string): Promise<RuleRow[]> {
  return db
    .select()
    .from(mealSubsidyRules)
    .where(
      and(
        sql`${mealSubsidyRules.validFrom} <= ${day}`,
        sql`(${mealSubsidyRules.validTo} is null or ${mealSubsidyRules.validTo} >= ${day})`,
      ),
    );
}

export async function findRule(db: Db, id: string, lock = false): Promise<RuleRow | undefined> {
  const q = db.select().from(mealSubsidyRules).where(eq(mealSubsidyRules.id, id));
  const [row] = lock ? await q.for('update') : await q;
  return row;
}

/** Serialises rule changes: two concurrent additions cannot both pass the overlap check. */
export async function lockRules(db: Db): Promise<void> {
  await db.execute(sql`lock table meal_subsidy_rules in share row exclusive mode`);
}

export async function endRuleRow(db: Db, id: string, validTo: string): Promise<RuleRow> {
  const [row] = await db
    .update(mealSubsidyRules)
    .set({ validTo })
    .where(eq(mealSubsidyRules.id, id))
    .returning();
  return row!;
}

const SETTINGS_ID = 1;

export async function findSettings(db: Db) {
  const [row] = await db.select().from(mealSettings).where(eq(mealSettings.id, SETTINGS_ID));
  return row;
}

export async function insertDefaultSettings(db: Db, mealsPerSitting: number) {
  await db.insert(mealSettings).values({ id: SETTINGS_ID, mealsPerSitting }).onConflictDoNothing();
}

export async function upsertSettings(db: Db, mealsPerSitting: number, by: string, at: Date) {
  const [row] = await db
    .insert(mealSettings)
    .values({ id: SETTINGS_ID, mealsPerSitting, updatedBy: by, updatedAt: at })
    .onConflictDoUpdate({ target: mealSettings.id, set: { mealsPerSitting, updatedBy: by, updatedAt: at } })
    .returning();
  return row!;
}

// --- menus -------------------------------------------------------------------------------------

export async function findMenu(db: Db, servicePointId: string): Promise<MenuItemRow[]> {
  return db
    .select()
    .from(mealMenuItems)
    .where(eq(mealMenuItems.servicePointId, servicePointId))
    .orderBy(
      sql`array_position(array['breakfast','lunch','dinner'], ${mealMenuItems.sitting})`,
      desc(mealMenuItems.active),
      asc(mealMenuItems.priceFen),
      asc(mealMenuItems.name),
    );
}

export async function findMenuItem(db: Db, id: string, lock = false): Promise<MenuItemRow | undefined> {
  const q = db.select().from(mealMenuItems).where(eq(mealMenuItems.id, id));
  const [row] = lock ? await q.for('update') : await q;
  return row;
}

export async function insertMenuItems(db: Db, rows: (typeof mealMenuItems.$inferInsert)[]) {
  if (rows.length) await db.insert(mealMenuItems).values(rows);
}

export async function updateMenuItemRow(
  db: Db,
  id: string,
  patch: Partial<typeof mealMenuItems.$inferInsert>,
) {
  const [row] = await db.update(mealMenuItems).set(patch).where(eq(mealMenuItems.id, id)).returning();
  return row!;
}

// --- tills -------------------------------------------------------------------------------------

/** Inserts the till unless the canteen has an open one (the partial unique index decides). */
export async function insertTill(db: Db, row: typeof mealTills.$inferInsert): Promise<TillRow | undefined> {
  const [r] = await db
    .insert(mealTills)
    .values(row)
    .onConflictDoNothing({ target: mealTills.servicePointId, where: sql`closed_at is null` })
    .returning();
  return r;
}

/**
 * `share` is what a sale takes: many sales at one till go side by side, while closing the till
 * (an UPDATE) waits for the sales in flight and every sale after it sees the till closed.
 */
export async function findTill(db: Db, id: string, lock?: 'share' | 'update'): Promise<TillRow | undefined> {
  const q = db.select().from(mealTills).where(eq(mealTills.id, id));
  const [row] = lock === 'update' ? await q.for('update') : lock === 'share' ? await q.for('share') : await q;
  return row;
}

export async function findOpenTills(db: Db, servicePointIds: string[]): Promise<TillRow[]> {
  if (!servicePointIds.length) return [];
  return db
    .select()
    .from(mealTills)
    .where(and(inArray(mealTills.servicePointId, servicePointIds), isNull(mealTills.closedAt)));
}

export async function closeTillRow(db: Db, id: string, by: string, at: Date): Promise<TillRow> {
  const [row] = await db
    .update(mealTills)
    .set({ closedAt: at, closedBy: by })
    .where(eq(mealTills.id, id))
    .returning();
  return row!;
}

export interface TotalsRow {
  meals: number;
  subsidised: number;
  fullPrice: number;
  voided: number;
  priceFen: number;
  subsidyFen: number;
  paidFen: number;
}

const TOTALS = sql`
  count(*) filter (where voided_at is null)::int as meals,
  count(*) filter (where voided_at is null and n is not null)::int as subsidised,
  count(*) filter (where voided_at is null and n is null)::int as full_price,
  count(*) filter (where voided_at is not null)::int as voided,
  coalesce(sum(price_fen) filter (where voided_at is null), 0)::bigint as price_fen,
  coalesce(sum(subsidy_fen) filter (where voided_at is null), 0)::bigint as subsidy_fen,
  coalesce(sum(paid_fen) filter (where voided_at is null), 0)::bigint as paid_fen`;

interface RawTotals {
  meals: number;
  subsidised: number;
  full_price: number;
  voided: number;
  price_fen: string | number;
  subsidy_fen: string | number;
  paid_fen: string | number;
}

export const ZERO_TOTALS: TotalsRow = {
  meals: 0,
  subsidised: 0,
  fullPrice: 0,
  voided: 0,
  priceFen: 0,
  subsidyFen: 0,
  paidFen: 0,
};

function toTotals(r: RawTotals | undefined): TotalsRow {
  if (!r) return { ...ZERO_TOTALS };
  return {
    meals: Number(r.meals),
    subsidised: Number(r.subsidised),
    fullPrice: Number(r.full_price),
    voided: Number(r.voided),
    priceFen: Number(r.price_fen),
    subsidyFen: Number(r.subsidy_fen),
    paidFen: Number(r.paid_fen),
  };
}

export async function tillTotals(db: Db, tillIds: string[]): Promise<Map<string, TotalsRow>> {
  const out = new Map<string, TotalsRow>();
  if (!tillIds.length) return out;
  const rows = await queryRows<RawTotals & { till_id: string }>(
    db,
    sql`select till_id, ${TOTALS} from meal_sales where till_id = any(${pgArray(tillIds, 'uuid')}) group by till_id`,
  );
  for (const r of rows) out.set(r.till_id, toTotals(r));
  return out;
}

// --- sales -------------------------------------------------------------------------------------

/**
 * Claims slot `n` of the elder's sitting. The partial unique index on (person, day, sitting, n)
 * decides under concurrent tills: a second till inserting the same slot waits for the first to
 * commit and then inserts nothing, so the caller tries the next slot.
 */
export async function insertSale(db: Db, row: SaleInsert): Promise<boolean> {
  const q = db.insert(mealSales).values(row);
  const inserted =
    row.n == null
      ? await q.returning({ id: mealSales.id })
      : await q
          .onConflictDoNothing({
            target: [mealSales.personId, mealSales.day, mealSales.sitting, mealSales.n],
            where: sql`voided_at is null and n is not null`,
          })
          .returning({ id: mealSales.id });
  return inserted.length === 1;
}

export async function setSaleTransfer(db: Db, id: string, transferId: string): Promise<void> {
  await db.update(mealSales).set({ transferId }).where(eq(mealSales.id, id));
}

export async function findSale(db: Db, id: string, lock = false): Promise<SaleRow | undefined> {
  const q = db.select().from(mealSales).where(eq(mealSales.id, id));
  const [row] = lock ? await q.for('update') : await q;
  return row;
}

export async function markSaleVoided(
  db: Db,
  id: string,
  v: { voidedAt: Date; voidTransferId: string | null; voidReason: string },
): Promise<SaleRow> {
  const [row] = await db.update(mealSales).set(v).where(eq(mealSales.id, id)).returning();
  return row!;
}

export async function findSalesOfTill(db: Db, tillId: string): Promise<SaleRow[]> {
  return db
    .select()
    .from(mealSales)
    .where(eq(mealSales.tillId, tillId))
    .orderBy(desc(mealSales.at), desc(mealSales.id));
}

/** Subsidised meals (not voided) the elder has had in the sitting, at any canteen. */
export async function countSubsidised(
  db: Db,
  personId: string,
  day: string,
  sitting: string,
): Promise<number> {
  const r = await queryOne<{ n: number }>(
    db,
    sql`select count(*)::int as n from meal_sales
        where person_id = ${personId} and day = ${day} and sitting = ${sitting}
          and voided_at is null and n is not null`,
  );
  return Number(r?.n ?? 0);
}

export async function searchSales(
  db: Db,
  q: {
    access: CanteenAccess;
    day: string;
    servicePointId?: string;
    includeVoided?: boolean;
    limit: number;
    offset: number;
  },
): Promise<{ rows: SaleRow[]; total: number }> {
  const conds: SQL[] = [accessSql(q.access, mealSales.areaCode, mealSales.orgId), eq(mealSales.day, q.day)];
  if (q.servicePointId) conds.push(eq(mealSales.servicePointId, q.servicePointId));
  if (!q.includeVoided) conds.push(isNull(mealSales.voidedAt));
  const where = and(...conds);
  const rows = await db
    .select()
    .from(mealSales)
    .where(where)
    .orderBy(desc(mealSales.at), desc(mealSales.id))
    .limit(q.limit)
    .offset(q.offset);
  const [c] = await db.select({ n: sql<number>`count(*)::int` }).from(mealSales).where(where);
  return { rows, total: Number(c?.n ?? 0) };
}

/** A day's totals per canteen, for the canteens the access reaches. */
export async function summariseDay(
  db: Db,
  access: CanteenAccess,
  day: string,
): Promise<(TotalsRow & { servicePointId: string; orgId: string; areaCode: string })[]> {
  const rows = await queryRows<RawTotals & { service_point_id: string; org_id: string; area_code: string }>(
    db,
    sql`select service_point_id, org_id, area_code, ${TOTALS} from meal_sales
        where day = ${day} and ${accessSql(access, mealSales.areaCode, mealSales.orgId)}
        group by service_point_id, org_id, area_code
        order by area_code, service_point_id`,
  );
  return rows.map((r) => ({
    ...toTotals(r),
    servicePointId: r.service_point_id,
    orgId: r.org_id,
    areaCode: r.area_code,
  }));
}

/** Sales by id for other modules (the monthly statement reads the co-payments of its meals). */
export async function findSalesByIds(db: Db, ids: string[]): Promise<SaleRow[]> {
  if (!ids.length) return [];
  return db.select().from(mealSales).where(inArray(mealSales.id, ids));
}

// --- demo --------------------------------------------------------------------------------------

export async function countTills(db: Db): Promise<number> {
  const [r] = await db.select({ n: sql<number>`count(*)::int` }).from(mealTills);
  return Number(r?.n ?? 0);
}

export async function menuPointIds(db: Db): Promise<Set<string>> {
  const rows = await db.selectDistinct({ id: mealMenuItems.servicePointId }).from(mealMenuItems);
  return new Set(rows.map((r) => r.id));
}

/** Past tills of the demo, written closed. */
export async function insertTillRows(db: Db, rows: (typeof mealTills.$inferInsert)[]) {
  if (rows.length) await db.insert(mealTills).values(rows);
}

export async function insertSaleRows(db: Db, rows: SaleInsert[]) {
  if (rows.length) await db.insert(mealSales).values(rows);
}
