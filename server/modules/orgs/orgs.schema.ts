import {
  char,
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

export const organisations = pgTable(
  'organisations',
  {
    id: uuid('id').primaryKey(),
    name: text('name').notNull(),
    kind: text('kind').notNull(),
    creditCode: char('credit_code', { length: 18 }).notNull(),
    areaCode: char('area_code', { length: 12 }).notNull(),
    address: text('address'),
    contactName: text('contact_name'),
    contactPhone: text('contact_phone'),
    closedOn: date('closed_on'),
    version: integer('version').notNull().default(1),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('organisations_credit_code_uq').on(t.creditCode),
    index('organisations_area_idx').on(t.areaCode.op('bpchar_pattern_ops')),
  ],
);

/** Which users act for which organisation (a provider's staff, a canteen's cashier). */
export const orgMembers = pgTable(
  'org_members',
  {
    userId: uuid('user_id').notNull(),
    orgId: uuid('org_id').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.orgId] }), index('org_members_org_idx').on(t.orgId)],
);
