import {
  char,
  date,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core';

export const servicePoints = pgTable(
  'service_points',
  {
    id: uuid('id').primaryKey(),
    name: text('name').notNull(),
    type: text('type').notNull(),
    areaCode: char('area_code', { length: 12 }).notNull(),
    address: text('address').notNull(),
    lat: doublePrecision('lat'),
    lng: doublePrecision('lng'),
    openingHours: jsonb('opening_hours').notNull().default([]),
    orgId: uuid('org_id'),
    closedOn: date('closed_on'),
    version: integer('version').notNull().default(1),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('service_points_area_idx').on(t.areaCode.op('bpchar_pattern_ops'), t.type)],
);
