import {
  bigint,
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
 * A provider's monthly statement: the receivable transfers of the month, grouped into lines.
 * draft → approved (district staff) → paid (the payout transfer). A recomputed draft replaces
 * its lines; an approved statement is frozen.
 */
export const settlementStatements = pgTable(
  'settlement_statements',
  {
    id: uuid('id').primaryKey(),
    orgId: uuid('org_id').notNull(),
    month: date('month').notNull(),
    status: text('status').notNull(),
    ordersCount: integer('orders_count').notNull().default(0),
    ordersCreditsFen: bigint('orders_credits_fen', { mode: 'number' }).notNull().default(0),
    ordersCopayFen: bigint('orders_copay_fen', { mode: 'number' }).notNull().default(0),
    mealsCount: integer('meals_count').notNull().default(0),
    mealsSubsidyFen: bigint('meals_subsidy_fen', { mode: 'number' }).notNull().default(0),
    mealsPaidFen: bigint('meals_paid_fen', { mode: 'number' }).notNull().default(0),
    adjustmentsFen: bigint('adjustments_fen', { mode: 'number' }).notNull().default(0),
    /** What the district owes for the month: the sum of the lines, to the fen. */
    totalFen: bigint('total_fen', { mode: 'number' }).notNull().default(0),
    computedAt: timestamp('computed_at', { withTimezone: true }).notNull(),
    approvedBy: uuid('approved_by'),
    approvedAt: timestamp('approved_at', { withTimezone: true }),
    payoutTransferId: uuid('payout_transfer_id'),
    paidAt: timestamp('paid_at', { withTimezone: true }),
    version: integer('version').notNull().default(1),
  },
  (t) => [
    uniqueIndex('settlement_statements_org_month_uq').on(t.orgId, t.month),
    index('settlement_statements_month_idx').on(t.month, t.status),
  ],
);

export const settlementLines = pgTable(
  'settlement_lines',
  {
    id: uuid('id').primaryKey(),
    statementId: uuid('statement_id').notNull(),
    transferId: uuid('transfer_id').notNull(),
    /** order | meal | reversal | adjustment */
    kind: text('kind').notNull(),
    refType: text('ref_type'),
    refId: text('ref_id'),
    at: timestamp('at', { withTimezone: true }).notNull(),
    description: text('description').notNull(),
    /** Signed: a reversal line is negative. */
    amountFen: bigint('amount_fen', { mode: 'number' }).notNull(),
    copayFen: bigint('copay_fen', { mode: 'number' }).notNull().default(0),
  },
  (t) => [
    index('settlement_lines_statement_idx').on(t.statementId, t.at),
    uniqueIndex('settlement_lines_transfer_uq').on(t.transferId),
  ],
);
