import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  char,
  check,
  date,
  index,
  integer,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';

/** 助餐、助洁、助浴、助行、助急、助医、代办 …: reference data, names translated in contracts. */
export const homeServiceCatalogue = pgTable('home_service_catalogue', {
  code: text('code').primaryKey(),
  /** per_visit | per_hour */
  unit: text('unit').notNull(),
  active: boolean('active').notNull().default(true),
  sortOrder: integer('sort_order').notNull().default(0),
});

/** A provider's price for a service, dated; the price valid on the order's day applies. */
export const homeServicePrices = pgTable(
  'home_service_prices',
  {
    orgId: uuid('org_id').notNull(),
    serviceCode: text('service_code').notNull(),
    validFrom: date('valid_from').notNull(),
    priceFen: bigint('price_fen', { mode: 'number' }).notNull(),
    validTo: date('valid_to'),
    createdBy: uuid('created_by'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.serviceCode, t.validFrom] }),
    check('home_service_prices_positive', sql`${t.priceFen} > 0`),
  ],
);

/**
 * 互联网+养老 orders: placed → accepted → in_service → done → confirmed, or cancelled.
 * At acceptance 重阳分 are held (a pending transfer); confirmation captures them and the rest
 * is the elder's co-payment; cancellation voids the hold, or refunds a captured payment.
 */
export const homeServiceOrders = pgTable(
  'home_service_orders',
  {
    id: uuid('id').primaryKey(),
    orderNo: text('order_no').notNull(),
    personId: uuid('person_id').notNull(),
    areaCode: char('area_code', { length: 12 }).notNull(),
    orgId: uuid('org_id').notNull(),
    serviceCode: text('service_code').notNull(),
    /** phone (taken by a worker) | provider (entered by the provider) */
    channel: text('channel').notNull(),
    status: text('status').notNull(),
    scheduledFor: timestamp('scheduled_for', { withTimezone: true }),
    address: text('address'),
    note: text('note'),
    unitPriceFen: bigint('unit_price_fen', { mode: 'number' }).notNull(),
    /** Quantity in the catalogue unit: visits, or minutes for per-hour services once done. */
    quantity: integer('quantity').notNull().default(1),
    amountFen: bigint('amount_fen', { mode: 'number' }).notNull(),
    creditsFen: bigint('credits_fen', { mode: 'number' }).notNull().default(0),
    copayFen: bigint('copay_fen', { mode: 'number' }).notNull().default(0),
    holdTransferId: uuid('hold_transfer_id'),
    paymentTransferId: uuid('payment_transfer_id'),
    refundTransferId: uuid('refund_transfer_id'),
    placedBy: uuid('placed_by'),
    acceptedAt: timestamp('accepted_at', { withTimezone: true }),
    checkInAt: timestamp('check_in_at', { withTimezone: true }),
    checkOutAt: timestamp('check_out_at', { withTimezone: true }),
    durationMinutes: integer('duration_minutes'),
    confirmedAt: timestamp('confirmed_at', { withTimezone: true }),
    cancelledAt: timestamp('cancelled_at', { withTimezone: true }),
    cancelReason: text('cancel_reason'),
    rating: integer('rating'),
    version: integer('version').notNull().default(1),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    uniqueIndex('home_service_orders_no_uq').on(t.orderNo),
    index('home_service_orders_person_idx').on(t.personId, t.createdAt),
    index('home_service_orders_org_idx').on(t.orgId, t.status, t.createdAt),
    index('home_service_orders_area_idx').on(t.areaCode.op('bpchar_pattern_ops'), t.status),
  ],
);

/** Each state change of an order, for the order's timeline. */
export const homeServiceOrderEvents = pgTable(
  'home_service_order_events',
  {
    id: uuid('id').primaryKey(),
    orderId: uuid('order_id').notNull(),
    at: timestamp('at', { withTimezone: true }).notNull(),
    fromStatus: text('from_status'),
    toStatus: text('to_status').notNull(),
    actorId: uuid('actor_id'),
    actorName: text('actor_name').notNull(),
    note: text('note'),
  },
  (t) => [index('home_service_order_events_order_idx').on(t.orderId, t.at)],
);
