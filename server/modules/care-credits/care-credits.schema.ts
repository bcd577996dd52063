import { sql } from 'drizzle-orm';
import {
  bigint,
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
import { monthBatchColumns } from '../../platform/batches/batch-table.ts';

/**
 * 重阳分 programme settings, dated: the version valid for a month is the latest whose
 * valid_from is on or before the month's first day. Amounts in fen (ADR 0009: 1 重阳分 = 1 yuan).
 */
export const careCreditSettings = pgTable('care_credit_settings', {
  id: uuid('id').primaryKey(),
  validFrom: date('valid_from').notNull().unique(),
  monthlyAmount: bigint('monthly_amount', { mode: 'number' }).notNull(),
  /** Credits granted for month M lapse at the end of month M + expiryMonths - 1 (0 = never). */
  expiryMonths: integer('expiry_months').notNull(),
  note: text('note'),
  createdBy: uuid('created_by'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

/** The list of elders enrolled in 重阳分, kept by workers (a later eligibility engine feeds it). */
export const careCreditEnrolments = pgTable(
  'care_credit_enrolments',
  {
    personId: uuid('person_id').notNull(),
    id: uuid('id').notNull(),
    areaCode: char('area_code', { length: 12 }).notNull(),
    /** First and last month (YYYY-MM-01) the elder is enrolled for; to_month null = open. */
    fromMonth: date('from_month').notNull(),
    toMonth: date('to_month'),
    reason: text('reason'),
    endReason: text('end_reason'),
    enrolledBy: uuid('enrolled_by'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.personId, t.id] }),
    index('care_credit_enrolments_area_idx').on(t.areaCode.op('bpchar_pattern_ops')),
    index('care_credit_enrolments_month_idx').on(t.fromMonth, t.toMonth),
    check('care_credit_enrolments_months', sql`${t.toMonth} IS NULL OR ${t.toMonth} >= ${t.fromMonth}`),
  ],
);

/** One row per monthly grant run; the transfers' idempotency keys make a rerun credit nobody twice. */
export const careCreditBatches = pgTable(
  'care_credit_batches',
  {
    id: uuid('id').primaryKey(),
    kind: text('kind').notNull(), // grant | expire
    ...monthBatchColumns(),
  },
  (t) => [index('care_credit_batches_month_idx').on(t.kind, t.month)],
);

/** Cards an elder shows at a canteen till or to a provider (市民卡 / 爱心卡 numbers). */
export const elderCards = pgTable(
  'elder_cards',
  {
    cardNo: text('card_no').primaryKey(),
    personId: uuid('person_id').notNull(),
    areaCode: char('area_code', { length: 12 }).notNull(),
    issuedOn: date('issued_on').notNull(),
    revokedOn: date('revoked_on'),
  },
  (t) => [uniqueIndex('elder_cards_person_active_uq').on(t.personId).where(sql`${t.revokedOn} IS NULL`)],
);
