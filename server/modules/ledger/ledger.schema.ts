import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  char,
  check,
  index,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';

/**
 * One double-entry ledger for every kind of value (ADR 0008). Balances are kept on the account
 * row as running sums so that a limit check is one conditional UPDATE; the transfers below are
 * the append-only record from which every balance can be recomputed (the invariant check does).
 *
 * balance = credits_posted - debits_posted; available = balance - debits_pending.
 */
export const ledgerAccounts = pgTable(
  'ledger_accounts',
  {
    id: uuid('id').primaryKey(),
    /** person | org | programme | district */
    ownerType: text('owner_type').notNull(),
    /** A person or organisation id, or a programme code such as 'chongyang'. */
    ownerId: text('owner_id').notNull(),
    /** fen | point — transfers never mix units. */
    unit: text('unit').notNull(),
    /** What the account is for: elder_care (养老服务专户), receivable, fund, payout, points … */
    kind: text('kind').notNull(),
    /** The area whose workers may see the account (the owner's area when it was opened). */
    areaCode: char('area_code', { length: 12 }).notNull(),
    /** Issuing and clearing accounts may go below zero; wallets may not. */
    allowNegative: boolean('allow_negative').notNull().default(false),
    debitsPosted: bigint('debits_posted', { mode: 'number' }).notNull().default(0),
    creditsPosted: bigint('credits_posted', { mode: 'number' }).notNull().default(0),
    debitsPending: bigint('debits_pending', { mode: 'number' }).notNull().default(0),
    creditsPending: bigint('credits_pending', { mode: 'number' }).notNull().default(0),
    /** Per-account sequence: bumped by every transfer that touches the account. */
    seq: bigint('seq', { mode: 'number' }).notNull().default(0),
    closedAt: timestamp('closed_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('ledger_accounts_owner_uq').on(t.ownerType, t.ownerId, t.unit, t.kind),
    index('ledger_accounts_area_idx').on(t.areaCode.op('bpchar_pattern_ops'), t.kind),
    check(
      'ledger_accounts_limit',
      sql`${t.allowNegative} OR ${t.creditsPosted} - ${t.debitsPosted} - ${t.debitsPending} >= 0`,
    ),
    check(
      'ledger_accounts_nonneg_sums',
      sql`${t.debitsPosted} >= 0 AND ${t.creditsPosted} >= 0 AND ${t.debitsPending} >= 0 AND ${t.creditsPending} >= 0`,
    ),
  ],
);

/**
 * Append-only (a trigger refuses UPDATE and DELETE). `flag` says what the transfer does:
 * posted (single phase), pending (a hold), post (captures a hold, amount ≤ the hold),
 * void (releases a hold: cancelled, or expired when code is 'ledger.expire').
 * A post or void names its pending transfer; the unique index allows one resolution per hold.
 * A reversal is a posted transfer the other way round; the unique index allows one per transfer.
 */
export const ledgerTransfers = pgTable(
  'ledger_transfers',
  {
    id: uuid('id').primaryKey(),
    /** The caller's key: a retry with the same key returns this transfer and moves nothing. */
    idempotencyKey: text('idempotency_key').notNull(),
    debitAccountId: uuid('debit_account_id').notNull(),
    creditAccountId: uuid('credit_account_id').notNull(),
    amount: bigint('amount', { mode: 'number' }).notNull(),
    unit: text('unit').notNull(),
    flag: text('flag').notNull(),
    /** What the transfer is for, e.g. chongyang.grant, order.payment, meal.subsidy. */
    code: text('code').notNull(),
    pendingId: uuid('pending_id'),
    reversalOf: uuid('reversal_of'),
    expiresAt: timestamp('expires_at', { withTimezone: true }),
    /** The business event behind it: ref_type/ref_id, e.g. service_order/<id>. */
    refType: text('ref_type'),
    refId: text('ref_id'),
    memo: text('memo'),
    /** Sequence numbers and posted balances of both accounts after this transfer. */
    debitSeq: bigint('debit_seq', { mode: 'number' }).notNull(),
    creditSeq: bigint('credit_seq', { mode: 'number' }).notNull(),
    debitBalance: bigint('debit_balance', { mode: 'number' }).notNull(),
    creditBalance: bigint('credit_balance', { mode: 'number' }).notNull(),
    actorId: uuid('actor_id'),
    at: timestamp('at', { withTimezone: true }).notNull(),
  },
  (t) => [
    uniqueIndex('ledger_transfers_key_uq').on(t.idempotencyKey),
    uniqueIndex('ledger_transfers_pending_uq').on(t.pendingId).where(sql`${t.pendingId} IS NOT NULL`),
    uniqueIndex('ledger_transfers_reversal_uq').on(t.reversalOf).where(sql`${t.reversalOf} IS NOT NULL`),
    uniqueIndex('ledger_transfers_debit_seq_uq').on(t.debitAccountId, t.debitSeq),
    uniqueIndex('ledger_transfers_credit_seq_uq').on(t.creditAccountId, t.creditSeq),
    index('ledger_transfers_ref_idx').on(t.refType, t.refId),
    index('ledger_transfers_open_holds_idx').on(t.expiresAt).where(sql`${t.flag} = 'pending'`),
    check('ledger_transfers_amount_positive', sql`${t.amount} > 0`),
    check('ledger_transfers_distinct_accounts', sql`${t.debitAccountId} <> ${t.creditAccountId}`),
    check('ledger_transfers_flag', sql`${t.flag} IN ('posted','pending','post','void')`),
  ],
);
