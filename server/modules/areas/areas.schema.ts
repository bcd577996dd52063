import { boolean, char, date, index, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';

/** Org tree: 12-digit statistical codes (district 6 + street 3 + community 3). Reference data. */
export const areas = pgTable(
  'areas',
  {
    code: char('code', { length: 12 }).primaryKey(),
    parentCode: char('parent_code', { length: 12 }),
    level: text('level').notNull(),
    name: text('name').notNull(),
    /** Streets that belonged to the former Jianggan district (merged in March 2021). */
    formerJianggan: boolean('former_jianggan').notNull().default(false),
    openedOn: date('opened_on').notNull(),
    closedOn: date('closed_on'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('areas_parent_idx').on(t.parentCode)],
);

/** Every name an area has carried; codes are never reused, names change. */
export const areaNames = pgTable(
  'area_names',
  {
    code: char('code', { length: 12 }).notNull(),
    name: text('name').notNull(),
    validFrom: date('valid_from').notNull(),
    validTo: date('valid_to'),
  },
  (t) => [primaryKey({ columns: [t.code, t.validFrom] })],
);
