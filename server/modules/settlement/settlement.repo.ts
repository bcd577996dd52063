import { type SQL, sql } from 'drizzle-orm';
import type { StatementStatus } from '../../../contracts/api/settlement.ts';
import { scopeSql } from '../../platform/access.ts';
import type { Db } from '../../platform/db/index.ts';
import { pgArray, queryOne, queryRows, toDateString, toIso } from '../../platform/db/rows.ts';
import type { Visibility } from './settlement.policy.ts';
import type { LineDraft, Movement, StatementTotals } from './settlement.rules.ts';
import { settlementLines, settlementStatements } from './settlement.schema.ts';

/**
 * All SQL of settlement. Besides its own two tables it reads, never writes: the ledger's
 * transfers and accounts (the receivables), organisations (name, credit code and area, for
 * scope), users (the approver's name), and the orders and meal sales behind a line (number,
 * service, co-payment, person). ADR 0012 says why these are read-only joins, not API calls.
 */

type Raw = Record<string, unknown>;
const num = (v: unknown) => Number(v ?? 0);
const str = (v: unknown) => (v == null ? null : String(v));

/** Payouts move value off the receivable but are not part of any month's earnings. */
const NOT_PAYOUT = sql`t.code NOT IN ('settlement.payout', 'settlement.payout.reversal')`;
const POSTED = sql`t.flag IN ('posted', 'post')`;
const RECEIVABLE = sql`a.owner_type = 'org' AND a.unit = 'fen' AND a.kind = 'receivable'`;

export interface StatementRow extends StatementTotals {
  id: string;
  orgId: string;
  orgName: string;
  orgCreditCode: string;
  areaCode: string;
  month: string;
  status: StatementStatus;
  lineCount: number;
  computedAt: string;
  approvedBy: string | null;
  approvedByName: string | null;
  approvedAt: string | null;
  payoutTransferId: string | null;
  paidAt: string | null;
  version: number;
}

function toStatement(r: Raw): StatementRow {
  return {
    id: String(r.id),
    orgId: String(r.org_id),
    orgName: String(r.org_name ?? ''),
    orgCreditCode: String(r.org_credit_code ?? ''),
    areaCode: String(r.org_area ?? ''),
    month: toDateString(r.month).slice(0, 7),
    status: r.status as StatementStatus,
    ordersCount: num(r.orders_count),
    ordersCreditsFen: num(r.orders_credits_fen),
    ordersCopayFen: num(r.orders_copay_fen),
    mealsCount: num(r.meals_count),
    mealsSubsidyFen: num(r.meals_subsidy_fen),
    mealsPaidFen: num(r.meals_paid_fen),
    adjustmentsFen: num(r.adjustments_fen),
    totalFen: num(r.total_fen),
    lineCount: num(r.line_count),
    computedAt: toIso(r.computed_at),
    approvedBy: str(r.approved_by),
    approvedByName: str(r.approved_by_name),
    approvedAt: r.approved_at == null ? null : toIso(r.approved_at),
    payoutTransferId: str(r.payout_transfer_id),
    paidAt: r.paid_at == null ? null : toIso(r.paid_at),
    version: num(r.version),
  };
}

function visibleSql(v: Visibility): SQL {
  const parts: SQL[] = [];
  if (v.areas.length) parts.push(scopeSql(v.areas, sql`o.area_code`));
  if (v.orgIds.length) parts.push(sql`s.org_id = ANY(${pgArray(v.orgIds, 'uuid')})`);
  if (parts.length === 0) return sql`false`;
  return parts.length === 1 ? parts[0]! : sql`(${sql.join(parts, sql` OR `)})`;
}

const STATEMENT_SELECT = sql`
  SELECT s.*, o.name AS org_name, o.credit_code AS org_credit_code, o.area_code AS org_area, u.display_name AS approved_by_name,
    (SELECT count(*)::int FROM settlement_lines l WHERE l.statement_id = s.id) AS line_count
  FROM settlement_statements s
  JOIN organisations o ON o.id = s.org_id
  LEFT JOIN users u ON u.id = s.approved_by`;

export interface StatementFilter {
  visibility: Visibility;
  month?: string;
  orgId?: string;
  status?: StatementStatus;
  /** Narrowed area prefixes (an area filter within the scope). */
  areas?: string[];
}

function filterSql(f: StatementFilter): SQL {
  const conds: SQL[] = [visibleSql(f.visibility)];
  if (f.month) conds.push(sql`s.month = ${`${f.month}-01`}::date`);
  if (f.orgId) conds.push(sql`s.org_id = ${f.orgId}::uuid`);
  if (f.status) conds.push(sql`s.status = ${f.status}`);
  if (f.areas) conds.push(scopeSql(f.areas, sql`o.area_code`));
  return sql.join(conds, sql` AND `);
}

export async function searchStatements(
  db: Db,
  f: StatementFilter,
  page: { limit: number; offset: number },
): Promise<{ rows: StatementRow[]; total: number }> {
  const where = filterSql(f);
  const rows = await queryRows<Raw>(
    db,
    sql`${STATEMENT_SELECT} WHERE ${where}
      ORDER BY s.month DESC, o.area_code, o.name COLLATE "C", s.id
      LIMIT ${page.limit} OFFSET ${page.offset}`,
  );
  const c = await queryOne<{ n: number }>(
    db,
    sql`SELECT count(*)::int AS n FROM settlement_statements s JOIN organisations o ON o.id = s.org_id
      WHERE ${where}`,
  );
  return { rows: rows.map(toStatement), total: num(c?.n) };
}

/** Every statement matching the filter (a month's overview: one row per provider). */
export async function allStatements(db: Db, f: StatementFilter): Promise<StatementRow[]> {
  const rows = await queryRows<Raw>(
    db,
    sql`${STATEMENT_SELECT} WHERE ${filterSql(f)} ORDER BY o.area_code, o.name COLLATE "C", s.id`,
  );
  return rows.map(toStatement);
}

/** One statement the actor may see; with `lock`, its row is locked for the transaction. */
export async function findStatement(
  db: Db,
  visibility: Visibility,
  id: string,
  lock = false,
): Promise<StatementRow | undefined> {
  const where = sql`s.id = ${id}::uuid AND ${visibleSql(visibility)}`;
  if (lock) {
    const locked = await queryOne<Raw>(
      db,
      sql`SELECT s.id FROM settlement_statements s JOIN organisations o ON o.id = s.org_id
        WHERE ${where} FOR UPDATE OF s`,
    );
    if (!locked) return undefined;
  }
  const row = await queryOne<Raw>(db, sql`${STATEMENT_SELECT} WHERE ${where}`);
  return row ? toStatement(row) : undefined;
}

/** The provider's statement for a month, locked (generation runs per provider). */
export async function lockStatementOf(
  db: Db,
  orgId: string,
  month: string,
): Promise<StatementRow | undefined> {
  const locked = await queryOne<Raw>(
    db,
    sql`SELECT id FROM settlement_statements WHERE org_id = ${orgId}::uuid AND month = ${`${month}-01`}::date
      FOR UPDATE`,
  );
  if (!locked) return undefined;
  const row = await queryOne<Raw>(db, sql`${STATEMENT_SELECT} WHERE s.id = ${String(locked.id)}::uuid`);
  return row ? toStatement(row) : undefined;
}

/** A new empty draft; a concurrent generation that inserted first wins (the caller re-reads). */
export async function insertDraft(db: Db, row: { id: string; orgId: string; month: string; at: Date }) {
  await db
    .insert(settlementStatements)
    .values({ id: row.id, orgId: row.orgId, month: `${row.month}-01`, status: 'draft', computedAt: row.at })
    .onConflictDoNothing({ target: [settlementStatements.orgId, settlementStatements.month] });
}

export async function updateStatementTotals(db: Db, id: string, totals: StatementTotals, at: Date) {
  await db
    .update(settlementStatements)
    .set({ ...totals, computedAt: at, version: sql`${settlementStatements.version} + 1` })
    .where(sql`${settlementStatements.id} = ${id}`);
}

export async function markApproved(db: Db, id: string, by: string, at: Date) {
  await db
    .update(settlementStatements)
    .set({
      status: 'approved',
      approvedBy: by,
      approvedAt: at,
      version: sql`${settlementStatements.version} + 1`,
    })
    .where(sql`${settlementStatements.id} = ${id}`);
}

export async function markPaid(db: Db, ids: string[], transferId: string, at: Date) {
  if (!ids.length) return;
  await db
    .update(settlementStatements)
    .set({
      status: 'paid',
      payoutTransferId: transferId,
      paidAt: at,
      version: sql`${settlementStatements.version} + 1`,
    })
    .where(sql`${settlementStatements.id} = ANY(${pgArray(ids, 'uuid')})`);
}

/** Approved, unpaid statements of a provider whose total is zero or negative (to offset), locked. */
export async function lockOffsets(db: Db, orgId: string, exceptId: string): Promise<StatementRow[]> {
  const ids = await queryRows<Raw>(
    db,
    sql`SELECT id FROM settlement_statements
      WHERE org_id = ${orgId}::uuid AND status = 'approved' AND total_fen <= 0 AND id <> ${exceptId}::uuid
      ORDER BY month, id FOR UPDATE`,
  );
  if (!ids.length) return [];
  const rows = await queryRows<Raw>(
    db,
    sql`${STATEMENT_SELECT} WHERE s.id = ANY(${pgArray(
      ids.map((r) => String(r.id)),
      'uuid',
    )}) ORDER BY s.month, s.id`,
  );
  return rows.map(toStatement);
}

// ---------------------------------------------------------------------------------------------
// Lines
// ---------------------------------------------------------------------------------------------

export interface LineRow {
  id: string;
  transferId: string;
  kind: LineDraft['kind'];
  refType: string | null;
  refId: string | null;
  at: string;
  description: string;
  amountFen: number;
  copayFen: number;
}

function toLine(r: Raw): LineRow {
  return {
    id: String(r.id),
    transferId: String(r.transfer_id),
    kind: r.kind as LineRow['kind'],
    refType: str(r.ref_type),
    refId: str(r.ref_id),
    at: toIso(r.at),
    description: String(r.description),
    amountFen: num(r.amount_fen),
    copayFen: num(r.copay_fen),
  };
}

export async function findLines(
  db: Db,
  statementId: string,
  page?: { limit: number; offset: number },
): Promise<LineRow[]> {
  const rows = await queryRows<Raw>(
    db,
    sql`SELECT * FROM settlement_lines WHERE statement_id = ${statementId}::uuid ORDER BY at, id
      ${page ? sql`LIMIT ${page.limit} OFFSET ${page.offset}` : sql``}`,
  );
  return rows.map(toLine);
}

export async function deleteLines(db: Db, statementId: string) {
  await db.execute(sql`DELETE FROM settlement_lines WHERE statement_id = ${statementId}::uuid`);
}

export async function insertLines(db: Db, statementId: string, lines: (LineDraft & { id: string })[]) {
  for (let i = 0; i < lines.length; i += 1000) {
    const chunk = lines.slice(i, i + 1000);
    await db.insert(settlementLines).values(
      chunk.map((l) => ({
        id: l.id,
        statementId,
        transferId: l.transferId,
        kind: l.kind,
        refType: l.refType,
        refId: l.refId,
        at: new Date(l.at),
        description: l.description,
        amountFen: l.amountFen,
        copayFen: l.copayFen,
      })),
    );
  }
}

/** Sum and count of each statement's lines (the reconciliation's second look at a statement). */
export async function lineSums(
  db: Db,
  statementIds: string[],
): Promise<Map<string, { sum: number; n: number }>> {
  const out = new Map<string, { sum: number; n: number }>();
  if (!statementIds.length) return out;
  const rows = await queryRows<Raw>(
    db,
    sql`SELECT statement_id, coalesce(sum(amount_fen), 0)::bigint AS s, count(*)::int AS n
      FROM settlement_lines WHERE statement_id = ANY(${pgArray(statementIds, 'uuid')}) GROUP BY statement_id`,
  );
  for (const r of rows) out.set(String(r.statement_id), { sum: num(r.s), n: num(r.n) });
  return out;
}

// ---------------------------------------------------------------------------------------------
// The ledger, read
// ---------------------------------------------------------------------------------------------

/** A uuid-shaped reference joins its order or sale; anything else joins nothing (no cast error). */
const REF_UUID = sql`CASE WHEN t.ref_id ~ '^[0-9a-fA-F-]{36}$' THEN t.ref_id::uuid END`;

/**
 * The posted movements of one provider's receivable in [from, to), oldest first, with the order
 * or meal sale each one is for. Pending holds and voids move nothing and are left out.
 */
export async function findMovements(db: Db, orgId: string, from: Date, to: Date): Promise<Movement[]> {
  const rows = await queryRows<Raw>(
    db,
    sql`SELECT t.id, t.code, t.amount, t.reversal_of, t.ref_type, t.ref_id, t.memo, t.at,
        (t.credit_account_id = a.id) AS is_credit,
        ho.order_no, ho.service_code, ho.copay_fen AS order_copay, ho.person_id AS order_person,
        ho.scheduled_for,
        ms.item_name, ms.day AS meal_day, ms.sitting, ms.paid_fen AS meal_paid, ms.person_id AS meal_person
      FROM ledger_accounts a
      JOIN ledger_transfers t ON (t.credit_account_id = a.id OR t.debit_account_id = a.id)
      LEFT JOIN home_service_orders ho ON t.ref_type = 'service_order' AND ho.id = ${REF_UUID}
      LEFT JOIN meal_sales ms ON t.ref_type = 'meal_sale' AND ms.id = ${REF_UUID}
      WHERE ${RECEIVABLE} AND a.owner_id = ${orgId}
        AND ${POSTED} AND ${NOT_PAYOUT}
        AND t.at >= ${from.toISOString()}::timestamptz AND t.at < ${to.toISOString()}::timestamptz
      ORDER BY t.at, t.id`,
  );
  return rows.map((r) => ({
    transferId: String(r.id),
    code: String(r.code),
    amount: num(r.amount),
    isCredit: r.is_credit === true || r.is_credit === 't',
    reversalOf: str(r.reversal_of),
    refType: str(r.ref_type),
    refId: str(r.ref_id),
    memo: str(r.memo),
    at: toIso(r.at),
    order:
      r.order_no == null
        ? null
        : {
            orderNo: String(r.order_no),
            serviceCode: String(r.service_code),
            copayFen: num(r.order_copay),
            personId: String(r.order_person),
            scheduledFor: r.scheduled_for == null ? null : toIso(r.scheduled_for),
          },
    meal:
      r.item_name == null
        ? null
        : {
            itemName: String(r.item_name),
            day: toDateString(r.meal_day),
            sitting: String(r.sitting),
            paidFen: num(r.meal_paid),
            personId: String(r.meal_person),
          },
  }));
}

export interface LedgerSums {
  creditsFen: number;
  debitsFen: number;
  count: number;
}

/**
 * The month on the ledger, per provider, aggregated straight from the transfers: a second path,
 * independent of how lines are built (credits and debits are summed apart, not joined by OR).
 */
export async function ledgerSumsByOrg(
  db: Db,
  from: Date,
  to: Date,
  orgIds?: string[],
): Promise<Map<string, LedgerSums>> {
  const window = sql`${POSTED} AND ${NOT_PAYOUT}
    AND t.at >= ${from.toISOString()}::timestamptz AND t.at < ${to.toISOString()}::timestamptz`;
  const rows = await queryRows<Raw>(
    db,
    sql`WITH r AS (
        SELECT a.id, a.owner_id FROM ledger_accounts a WHERE ${RECEIVABLE}
        ${orgIds ? sql`AND a.owner_id = ANY(${pgArray(orgIds, 'text')})` : sql``}
      ), mv AS (
        SELECT r.owner_id, t.amount AS c, 0::bigint AS d FROM r JOIN ledger_transfers t ON t.credit_account_id = r.id
          WHERE ${window}
        UNION ALL
        SELECT r.owner_id, 0::bigint, t.amount FROM r JOIN ledger_transfers t ON t.debit_account_id = r.id
          WHERE ${window}
      )
      SELECT owner_id, sum(c)::bigint AS c, sum(d)::bigint AS d, count(*)::int AS n FROM mv GROUP BY owner_id`,
  );
  const out = new Map<string, LedgerSums>();
  for (const r of rows)
    out.set(String(r.owner_id), { creditsFen: num(r.c), debitsFen: num(r.d), count: num(r.n) });
  return out;
}

/** Movements of the provider's month that the statement does not list (0 when it is complete). */
export async function countUnlisted(
  db: Db,
  statementId: string,
  orgId: string,
  from: Date,
  to: Date,
): Promise<number> {
  const r = await queryOne<Raw>(
    db,
    sql`SELECT count(*)::int AS n
      FROM ledger_accounts a
      JOIN ledger_transfers t ON (t.credit_account_id = a.id OR t.debit_account_id = a.id)
      WHERE ${RECEIVABLE} AND a.owner_id = ${orgId}
        AND ${POSTED} AND ${NOT_PAYOUT}
        AND t.at >= ${from.toISOString()}::timestamptz AND t.at < ${to.toISOString()}::timestamptz
        AND NOT EXISTS (SELECT 1 FROM settlement_lines l
          WHERE l.statement_id = ${statementId}::uuid AND l.transfer_id = t.id)`,
  );
  return num(r?.n);
}

/** Organisations (id, area) among `ids` registered within `areas`. */
export async function orgsInAreas(
  db: Db,
  ids: string[],
  areas: string[],
): Promise<{ id: string; areaCode: string; name: string }[]> {
  if (!ids.length) return [];
  const rows = await queryRows<Raw>(
    db,
    sql`SELECT o.id, o.area_code, o.name FROM organisations o
      WHERE o.id::text = ANY(${pgArray(ids, 'text')}) AND ${scopeSql(areas, sql`o.area_code`)}
      ORDER BY o.id`,
  );
  return rows.map((r) => ({ id: String(r.id), areaCode: String(r.area_code), name: String(r.name) }));
}

export interface PayoutCheckRow {
  statementId: string;
  orgId: string;
  month: string;
  status: string;
  totalFen: number;
  payoutTransferId: string | null;
  transferAmount: number | null;
  /** The transfer is a posted settlement.payout from this provider's receivable to the payout account. */
  transferShapeOk: boolean;
}

/**
 * Every statement paid by a payout that paid some statement of the month (with offsets a payout
 * can cover several months), and the month's paid statements, with their transfers.
 */
export async function payoutChecks(db: Db, month: string): Promise<PayoutCheckRow[]> {
  const m = `${month}-01`;
  const rows = await queryRows<Raw>(
    db,
    sql`SELECT s.id, s.org_id, s.month, s.status, s.total_fen, s.payout_transfer_id, t.amount,
        (t.flag = 'posted' AND t.code = 'settlement.payout'
          AND da.owner_type = 'org' AND da.owner_id = s.org_id::text AND da.kind = 'receivable'
          AND ca.owner_type = 'district' AND ca.kind = 'payout') AS shape_ok
      FROM settlement_statements s
      LEFT JOIN ledger_transfers t ON t.id = s.payout_transfer_id
      LEFT JOIN ledger_accounts da ON da.id = t.debit_account_id
      LEFT JOIN ledger_accounts ca ON ca.id = t.credit_account_id
      WHERE (s.month = ${m}::date AND s.status = 'paid')
        OR s.payout_transfer_id IN (SELECT payout_transfer_id FROM settlement_statements
          WHERE month = ${m}::date AND payout_transfer_id IS NOT NULL)
      ORDER BY s.month, s.id`,
  );
  return rows.map((r) => ({
    statementId: String(r.id),
    orgId: String(r.org_id),
    month: toDateString(r.month).slice(0, 7),
    status: String(r.status),
    totalFen: num(r.total_fen),
    payoutTransferId: str(r.payout_transfer_id),
    transferAmount: r.amount == null ? null : num(r.amount),
    transferShapeOk: r.shape_ok === true || r.shape_ok === 't',
  }));
}

/** Payout transfers made for the month's statements that no statement records (a lost update). */
export async function orphanPayouts(
  db: Db,
  month: string,
): Promise<{ transferId: string; statementId: string; orgId: string; amount: number }[]> {
  const rows = await queryRows<Raw>(
    db,
    sql`SELECT t.id, t.amount, s.id AS statement_id, s.org_id
      FROM settlement_statements s
      JOIN ledger_transfers t ON t.ref_type = 'settlement_statement' AND t.ref_id = s.id::text
        AND t.code = 'settlement.payout'
      WHERE s.month = ${`${month}-01`}::date
        AND NOT EXISTS (SELECT 1 FROM settlement_statements p WHERE p.payout_transfer_id = t.id)`,
  );
  return rows.map((r) => ({
    transferId: String(r.id),
    statementId: String(r.statement_id),
    orgId: String(r.org_id),
    amount: num(r.amount),
  }));
}
