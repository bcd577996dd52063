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
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';

/**
 * Per-meal subsidy rules (R8–R9), dated. For a meal, the rules valid on its day that match the
 * elder's age and category are candidates; the one with the lowest pay share wins (the most
 * generous). Defaults from R9: 60–79 pay 80 %, 80+ pay 70 %.
 */
export const mealSubsidyRules = pgTable(
  'meal_subsidy_rules',
  {
    id: uuid('id').primaryKey(),
    validFrom: date('valid_from').notNull(),
    validTo: date('valid_to'),
    minAge: integer('min_age').notNull(),
    /** Inclusive upper age (以下 includes the number); null = no upper bound. */
    maxAge: integer('max_age'),
    /** Low-income category the rule is for (dibao | dibian | tekun); null = everybody. */
    category: text('category'),
    /** What the elder pays, in per mille of the price: 800 = pays 80 %. */
    payPermille: integer('pay_permille').notNull(),
    note: text('note'),
    createdBy: uuid('created_by'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check('meal_subsidy_rules_permille', sql`${t.payPermille} BETWEEN 0 AND 1000`),
    check('meal_subsidy_rules_ages', sql`${t.maxAge} IS NULL OR ${t.maxAge} >= ${t.minAge}`),
  ],
);

/** Settings for the meal programme: subsidised meals per elder per sitting. */
export const mealSettings = pgTable('meal_settings', {
  id: integer('id').primaryKey(),
  mealsPerSitting: integer('meals_per_sitting').notNull().default(1),
  updatedBy: uuid('updated_by'),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

/** A canteen's menu (a meal point is a service point). */
export const mealMenuItems = pgTable(
  'meal_menu_items',
  {
    id: uuid('id').primaryKey(),
    servicePointId: uuid('service_point_id').notNull(),
    name: text('name').notNull(),
    /** breakfast | lunch | dinner */
    sitting: text('sitting').notNull(),
    priceFen: bigint('price_fen', { mode: 'number' }).notNull(),
    active: boolean('active').notNull().default(true),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('meal_menu_items_point_idx').on(t.servicePointId),
    check('meal_menu_items_price', sql`${t.priceFen} > 0`),
  ],
);

/** A till session at a canteen: opened for a sitting, closed with its totals. */
export const mealTills = pgTable(
  'meal_tills',
  {
    id: uuid('id').primaryKey(),
    servicePointId: uuid('service_point_id').notNull(),
    orgId: uuid('org_id').notNull(),
    areaCode: char('area_code', { length: 12 }).notNull(),
    day: date('day').notNull(),
    sitting: text('sitting').notNull(),
    openedBy: uuid('opened_by'),
    openedAt: timestamp('opened_at', { withTimezone: true }).notNull(),
    closedBy: uuid('closed_by'),
    closedAt: timestamp('closed_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('meal_tills_open_uq').on(t.servicePointId).where(sql`${t.closedAt} IS NULL`),
    index('meal_tills_point_day_idx').on(t.servicePointId, t.day),
  ],
);

/**
 * One meal sold. `n` numbers an elder's subsidised meals in a sitting (1..meals_per_sitting):
 * the unique index makes the limit hold under concurrent tills. Unsubsidised sales have n null.
 */
export const mealSales = pgTable(
  'meal_sales',
  {
    id: uuid('id').primaryKey(),
    tillId: uuid('till_id').notNull(),
    servicePointId: uuid('service_point_id').notNull(),
    orgId: uuid('org_id').notNull(),
    personId: uuid('person_id').notNull(),
    areaCode: char('area_code', { length: 12 }).notNull(),
    day: date('day').notNull(),
    sitting: text('sitting').notNull(),
    n: integer('n'),
    menuItemId: uuid('menu_item_id'),
    itemName: text('item_name').notNull(),
    priceFen: bigint('price_fen', { mode: 'number' }).notNull(),
    subsidyFen: bigint('subsidy_fen', { mode: 'number' }).notNull(),
    paidFen: bigint('paid_fen', { mode: 'number' }).notNull(),
    ruleId: uuid('rule_id'),
    ageOnDay: integer('age_on_day').notNull(),
    category: text('category'),
    transferId: uuid('transfer_id'),
    voidedAt: timestamp('voided_at', { withTimezone: true }),
    voidTransferId: uuid('void_transfer_id'),
    voidReason: text('void_reason'),
    soldBy: uuid('sold_by'),
    at: timestamp('at', { withTimezone: true }).notNull(),
  },
  (t) => [
    uniqueIndex('meal_sales_sitting_uq')
      .on(t.personId, t.day, t.sitting, t.n)
      .where(sql`${t.voidedAt} IS NULL AND ${t.n} IS NOT NULL`),
    index('meal_sales_till_idx').on(t.tillId),
    index('meal_sales_org_day_idx').on(t.orgId, t.day),
    index('meal_sales_person_idx').on(t.personId, t.day),
  ],
);
