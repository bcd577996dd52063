import { sql } from 'drizzle-orm';
import {
  boolean,
  char,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';

/**
 * Person-centred tables are keyed by the person id (the distribution key, ADR 0002). The area
 * code is kept with the street code beside it so that "my street" is an equality, not a LIKE.
 */
export const persons = pgTable(
  'persons',
  {
    id: uuid('id').primaryKey(),
    name: text('name').notNull(),
    /** HMAC-SHA256 of the normalised ID number: lookup and uniqueness without the plaintext. */
    idHash: text('id_hash').notNull(),
    /** AES-256-GCM ciphertext of the ID number. */
    idEnc: text('id_enc').notNull(),
    idMasked: text('id_masked').notNull(),
    idTail: char('id_tail', { length: 4 }).notNull(),
    birthDate: date('birth_date').notNull(),
    sex: char('sex', { length: 1 }).notNull(),
    phoneHash: text('phone_hash'),
    phoneEnc: text('phone_enc'),
    phoneMasked: text('phone_masked'),
    phoneTail: char('phone_tail', { length: 4 }),
    hukouLocal: boolean('hukou_local').notNull(),
    areaCode: char('area_code', { length: 12 }).notNull(),
    streetCode: char('street_code', { length: 9 }).notNull(),
    address: text('address'),
    householdId: uuid('household_id'),
    relation: text('relation'),
    deceasedOn: date('deceased_on'),
    version: integer('version').notNull().default(1),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('persons_id_hash_uq').on(t.idHash),
    // Names are matched and ordered in the "C" collation so that one index serves both the
    // prefix search (LIKE '张%') and the ORDER BY, whatever the database's default collation.
    index('persons_street_name_idx').on(t.streetCode, sql`${t.name} collate "C"`, t.id),
    index('persons_area_name_idx').on(t.areaCode, sql`${t.name} collate "C"`, t.id),
    index('persons_name_idx').on(sql`${t.name} collate "C"`, t.id),
    index('persons_id_tail_idx').on(t.idTail),
    index('persons_phone_tail_idx').on(t.phoneTail),
    index('persons_household_idx').on(t.householdId),
    index('persons_phone_hash_idx').on(t.phoneHash),
    index('persons_birth_idx').on(t.streetCode, t.birthDate),
  ],
);

export const households = pgTable('households', {
  id: uuid('id').primaryKey(),
  areaCode: char('area_code', { length: 12 }).notNull(),
  address: text('address'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

/**
 * Temporal facts. valid_to is the last day the fact holds (inclusive), null while open.
 * Facts are closed, never deleted; the audit log keeps who changed what.
 */
export const personFacts = pgTable(
  'person_facts',
  {
    personId: uuid('person_id').notNull(),
    id: uuid('id').notNull(),
    kind: text('kind').notNull(),
    value: jsonb('value').notNull(),
    validFrom: date('valid_from').notNull(),
    validTo: date('valid_to'),
    source: text('source').notNull(),
    recordedBy: text('recorded_by').notNull(),
    recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull().defaultNow(),
    closedBy: text('closed_by'),
  },
  (t) => [
    primaryKey({ columns: [t.personId, t.id] }),
    index('person_facts_kind_idx').on(t.kind, t.personId),
    index('person_facts_kind_value_idx')
      .on(t.kind, sql`(${t.value}->>'grade')`, sql`(${t.value}->>'status')`)
      .where(sql`${t.validTo} is null`),
  ],
);
