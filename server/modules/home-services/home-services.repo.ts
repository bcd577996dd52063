import { and, asc, desc, eq, type SQL, sql } from 'drizzle-orm';
import { scopeSql } from '../../platform/access.ts';
import type { Db } from '../../platform/db/index.ts';
import { pgArray, toDateOrNull } from '../../platform/db/rows.ts';
import {
  homeServiceCatalogue,
  homeServiceOrderEvents,
  homeServiceOrders,
  homeServicePrices,
} from './home-services.schema.ts';

export type CatalogueRow = typeof homeServiceCatalogue.$inferSelect;
export type OrderRow = typeof homeServiceOrders.$inferSelect;
export type OrderInsert = typeof homeServiceOrders.$inferInsert;
export type EventRow = typeof homeServiceOrderEvents.$inferSelect;

export interface PriceRow {
  orgId: string;
  serviceCode: string;
  validFrom: string;
  validTo: string | null;
  priceFen: number;
}

// --- catalogue -----------------------------------------------------------------------------

/** Adds the codes that are missing; rows already there keep what an administrator set. */
export async function insertCatalogue(db: Db, rows: (typeof homeServiceCatalogue.$inferInsert)[]) {
  if (rows.length) await db.insert(homeServiceCatalogue).values(rows).onConflictDoNothing();
}

export async function findCatalogue(db: Db): Promise<CatalogueRow[]> {
  return db
    .select()
    .from(homeServiceCatalogue)
    .orderBy(asc(homeServiceCatalogue.sortOrder), asc(homeServiceCatalogue.code));
}

export async function findCatalogueItem(db: Db, code: string): Promise<CatalogueRow | undefined> {
  const [row] = await db.select().from(homeServiceCatalogue).where(eq(homeServiceCatalogue.code, code));
  return row;
}

// --- prices --------------------------------------------------------------------------------

const priceColumns = {
  orgId: homeServicePrices.orgId,
  serviceCode: homeServicePrices.serviceCode,
  validFrom: homeServicePrices.validFrom,
  validTo: homeServicePrices.validTo,
  priceFen: homeServicePrices.priceFen,
};
const toPrice = (r: {
  orgId: string;
  serviceCode: string;
  validFrom: unknown;
  validTo: unknown;
  priceFen: number;
}): PriceRow => ({
  orgId: r.orgId,
  serviceCode: r.serviceCode,
  validFrom: toDateOrNull(r.validFrom)!,
  validTo: toDateOrNull(r.validTo),
  priceFen: Number(r.priceFen),
});

/** The price of one provider's service valid on `day` (both ends inclusive). */
export async function findPriceOn(
  db: Db,
  orgId: string,
  serviceCode: string,
  day: string,
): Promise<PriceRow | undefined> {
  const [row] = await db
    .select(priceColumns)
    .from(homeServicePrices)
    .where(
      and(
        eq(homeServicePrices.orgId, orgId),
        eq(homeServicePrices.serviceCode, serviceCode),
        sql`${homeServicePrices.validFrom} <= ${day}::date`,
        sql`(${homeServicePrices.validTo} IS NULL OR ${homeServicePrices.validTo} >= ${day}::date)`,
      ),
    )
    .orderBy(desc(homeServicePrices.validFrom))
    .limit(1);
  return row ? toPrice(row) : undefined;
}

export async function findPrices(db: Db, orgId: string, serviceCode?: string): Promise<PriceRow[]> {
  const rows = await db
    .select(priceColumns)
    .from(homeServicePrices)
    .where(
      and(
        eq(homeServicePrices.orgId, orgId),
        serviceCode ? eq(homeServicePrices.serviceCode, serviceCode) : undefined,
      ),
    )
    .orderBy(asc(homeServicePrices.serviceCode), asc(homeServicePrices.validFrom));
  return rows.map(toPrice);
}

/** Every provider's prices valid on `day`, optionally for one service. */
export async function findOffers(db: Db, day: string, serviceCode?: string): Promise<PriceRow[]> {
  const rows = await db
    .select(priceColumns)
    .from(homeServicePrices)
    .where(
      and(
        sql`${homeServicePrices.validFrom} <= ${day}::date`,
        sql`(${homeServicePrices.validTo} IS NULL OR ${homeServicePrices.validTo} >= ${day}::date)`,
        serviceCode ? eq(homeServicePrices.serviceCode, serviceCode) : undefined,
      ),
    )
    .orderBy(asc(homeServicePrices.serviceCode), asc(homeServicePrices.priceFen));
  return rows.map(toPrice);
}

/**
 * Serialises price changes of one provider's service: two people dating a price at once would
 * otherwise both shorten the same period.
 */
export async function lockPriceList(db: Db, orgId: string, serviceCode: string): Promise<void> {
  await db.execute(
    sql`SELECT pg_advisory_xact_lock(hashtext(${`home_service_prices:${orgId}:${serviceCode}`}))`,
  );
}

export async function insertPrices(db: Db, rows: (typeof homeServicePrices.$inferInsert)[]) {
  if (rows.length) await db.insert(homeServicePrices).values(rows).onConflictDoNothing();
}

export async function updatePrice(
  db: Db,
  key: { orgId: string; serviceCode: string; validFrom: string },
  patch: { priceFen?: number; validTo?: string | null; createdBy?: string | null },
) {
  await db
    .update(homeServicePrices)
    .set(patch)
    .where(
      and(
        eq(homeServicePrices.orgId, key.orgId),
        eq(homeServicePrices.serviceCode, key.serviceCode),
        sql`${homeServicePrices.validFrom} = ${key.validFrom}::date`,
      ),
    );
}

// --- orders --------------------------------------------------------------------------------

/**
 * The next order number of the day: HS + YYYYMMDD + a four-digit (or longer) sequence. A
 * transaction-scoped advisory lock per day serialises the few placements of one day, so two
 * concurrent placements never draw the same number (the unique index would refuse it anyway).
 */
export async function nextOrderNo(db: Db, day: string): Promise<string> {
  const digits = day.replaceAll('-', '');
  const prefix = `HS${digits}`;
  // [HS20261122, HS20261123): a bound of letters and digits only, the same in every collation.
  const upper = `HS${Number(digits) + 1}`;
  await db.execute(sql`SELECT pg_advisory_xact_lock(hashtext(${`home_service_order_no:${prefix}`}))`);
  const [r] = await db
    .select({
      n: sql<number>`coalesce(max(substring(${homeServiceOrders.orderNo} from 11)::int), 0)`,
    })
    .from(homeServiceOrders)
    .where(and(sql`${homeServiceOrders.orderNo} >= ${prefix}`, sql`${homeServiceOrders.orderNo} < ${upper}`));
  return `${prefix}${String(Number(r?.n ?? 0) + 1).padStart(4, '0')}`;
}

export async function insertOrder(db: Db, row: OrderInsert): Promise<void> {
  await db.insert(homeServiceOrders).values(row);
}

export async function countOrders(db: Db): Promise<number> {
  const [r] = await db.select({ n: sql<number>`count(*)::int` }).from(homeServiceOrders);
  return Number(r?.n ?? 0);
}

/** One order within the area scope (a person-centred row: the elder's area). */
export async function findOrder(
  db: Db,
  scope: string[],
  id: string,
  lock = false,
): Promise<OrderRow | undefined> {
  const q = db
    .select()
    .from(homeServiceOrders)
    .where(and(eq(homeServiceOrders.id, id), scopeSql(scope, homeServiceOrders.areaCode)));
  const [row] = lock ? await q.for('update') : await q;
  return row;
}

export async function updateOrderRow(
  db: Db,
  id: string,
  patch: Partial<OrderInsert>,
  at: Date,
): Promise<OrderRow> {
  const [row] = await db
    .update(homeServiceOrders)
    .set({ ...patch, version: sql`${homeServiceOrders.version} + 1`, updatedAt: at })
    .where(eq(homeServiceOrders.id, id))
    .returning();
  return row!;
}

export async function insertEvent(db: Db, row: typeof homeServiceOrderEvents.$inferInsert): Promise<void> {
  await db.insert(homeServiceOrderEvents).values(row);
}

export async function findEvents(db: Db, orderId: string): Promise<EventRow[]> {
  return db.select().from(homeServiceOrderEvents).where(eq(homeServiceOrderEvents.orderId, orderId)).orderBy(
    asc(homeServiceOrderEvents.at),
    // Steps recorded within the same instant still read in the order's lifecycle.
    sql`array_position(ARRAY['placed','accepted','in_service','done','confirmed','cancelled']::text[], ${homeServiceOrderEvents.fromStatus}) NULLS FIRST`,
    asc(homeServiceOrderEvents.id),
  );
}

/**
 * What an actor sees: orders in the areas where they take orders, and orders of the
 * organisations they work for within the areas where they read orders.
 */
export interface OrderVisibility {
  takeScope: string[];
  readScope: string[];
  orgIds: string[];
}

export function visibilitySql(v: OrderVisibility): SQL {
  const parts: SQL[] = [];
  if (v.takeScope.length) parts.push(scopeSql(v.takeScope, homeServiceOrders.areaCode));
  if (v.readScope.length && v.orgIds.length)
    parts.push(
      sql`(${scopeSql(v.readScope, homeServiceOrders.areaCode)} AND ${homeServiceOrders.orgId} = ANY(${pgArray(v.orgIds, 'uuid')}))`,
    );
  if (parts.length === 0) return sql`false`;
  return parts.length === 1 ? parts[0]! : sql`(${sql.join(parts, sql` OR `)})`;
}

export interface OrderSearch {
  visibility: OrderVisibility;
  status?: string;
  service?: string;
  orgId?: string;
  personId?: string;
  from?: string;
  to?: string;
  q?: string;
  limit: number;
  offset: number;
}

export async function searchOrders(db: Db, s: OrderSearch): Promise<{ rows: OrderRow[]; total: number }> {
  const o = homeServiceOrders;
  const conds: SQL[] = [visibilitySql(s.visibility)];
  if (s.status) conds.push(eq(o.status, s.status));
  if (s.service) conds.push(eq(o.serviceCode, s.service));
  if (s.orgId) conds.push(eq(o.orgId, s.orgId));
  if (s.personId) conds.push(eq(o.personId, s.personId));
  // Calendar days are Shanghai days.
  if (s.from) conds.push(sql`${o.scheduledFor} >= (${s.from}::date)::timestamp AT TIME ZONE 'Asia/Shanghai'`);
  if (s.to) conds.push(sql`${o.scheduledFor} < (${s.to}::date + 1)::timestamp AT TIME ZONE 'Asia/Shanghai'`);
  if (s.q) conds.push(sql`${o.orderNo} like ${`${s.q.toUpperCase().replace(/[\\%_]/g, '\\$&')}%`}`);
  const where = and(...conds);
  const rows = await db
    .select()
    .from(o)
    .where(where)
    .orderBy(desc(o.createdAt), desc(o.id))
    .limit(s.limit)
    .offset(s.offset);
  const [c] = await db.select({ n: sql<number>`count(*)::int` }).from(o).where(where);
  return { rows, total: Number(c?.n ?? 0) };
}
