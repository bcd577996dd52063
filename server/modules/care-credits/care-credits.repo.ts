import { and, desc, eq, type SQL, sql } from 'drizzle-orm';
import { scopeSql } from '../../platform/access.ts';
import { monthBatchRepo } from '../../platform/batches/batch-table.ts';
import type { Grantee } from '../../platform/batches/grant-chunk.ts';
import type { Db } from '../../platform/db/index.ts';
import { pgArray, queryOne, queryRows, toDateOrNull, toDateString, toIso } from '../../platform/db/rows.ts';
import { prefixRange } from '../registry/index.ts';
import {
  careCreditBatches,
  careCreditEnrolments,
  careCreditSettings,
  elderCards,
} from './care-credits.schema.ts';

/**
 * All SQL of the 重阳分 programme. Writes touch only this module's tables; value moves only
 * through the ledger's API. A few reads join `persons` (name, current area, date of death) and
 * read `ledger_accounts` / `ledger_transfers` in bulk where calling the owning module once per
 * elder would not finish a 227,000-elder batch (ADR 0009). Both are keyed by the person, the
 * distribution key (ADR 0002), so the joins stay local when the data is spread out.
 */

type Raw = Record<string, unknown>;
const num = (v: unknown) => Number(v ?? 0);

// ---- settings ---------------------------------------------------------------------------------

export type SettingRow = typeof careCreditSettings.$inferSelect;

export async function findSettings(db: Db): Promise<SettingRow[]> {
  return db.select().from(careCreditSettings).orderBy(careCreditSettings.validFrom);
}

export async function insertSetting(db: Db, row: typeof careCreditSettings.$inferInsert): Promise<boolean> {
  const r = await db
    .insert(careCreditSettings)
    .values(row)
    .onConflictDoNothing({ target: careCreditSettings.validFrom })
    .returning({ id: careCreditSettings.id });
  return r.length > 0;
}

/** Inserts the row only into an empty table (the programme's default version). */
export async function insertSettingIfNone(db: Db, row: typeof careCreditSettings.$inferInsert) {
  const r = await queryRows<Raw>(
    db,
    sql`INSERT INTO care_credit_settings (id, valid_from, monthly_amount, expiry_months, note, created_by, created_at)
        SELECT ${row.id}::uuid, ${row.validFrom}::date, ${row.monthlyAmount}::bigint, ${row.expiryMonths}::int,
          ${row.note ?? null}, NULL, ${(row.createdAt as Date).toISOString()}::timestamptz
        WHERE NOT EXISTS (SELECT 1 FROM care_credit_settings)
        ON CONFLICT (valid_from) DO NOTHING
        RETURNING id`,
  );
  return r.length > 0;
}

/** Serialises the callers holding the same key until their transaction ends. */
export async function lockKey(db: Db, key: string): Promise<void> {
  await db.execute(sql`SELECT pg_advisory_xact_lock(hashtext(${key}))`);
}

// ---- enrolments -------------------------------------------------------------------------------

export type EnrolmentRow = typeof careCreditEnrolments.$inferSelect;

export async function findEnrolmentsOfPerson(db: Db, personId: string): Promise<EnrolmentRow[]> {
  return db
    .select()
    .from(careCreditEnrolments)
    .where(eq(careCreditEnrolments.personId, personId))
    .orderBy(careCreditEnrolments.fromMonth);
}

export async function insertEnrolments(db: Db, rows: (typeof careCreditEnrolments.$inferInsert)[]) {
  if (rows.length) await db.insert(careCreditEnrolments).values(rows);
}

/** By id within the scope (the key is person + id; the id alone is unique too, being a UUIDv7). */
export async function findEnrolment(
  db: Db,
  scope: string[],
  id: string,
  lock = false,
): Promise<EnrolmentRow | undefined> {
  const q = db
    .select()
    .from(careCreditEnrolments)
    .where(and(eq(careCreditEnrolments.id, id), scopeSql(scope, careCreditEnrolments.areaCode)));
  const [row] = lock ? await q.for('update') : await q;
  return row;
}

export async function endEnrolmentRow(
  db: Db,
  personId: string,
  id: string,
  toMonth: string,
  endReason: string,
): Promise<EnrolmentRow> {
  const [row] = await db
    .update(careCreditEnrolments)
    .set({ toMonth, endReason })
    .where(and(eq(careCreditEnrolments.personId, personId), eq(careCreditEnrolments.id, id)))
    .returning();
  return row!;
}

/** `month` is YYYY-MM-01. */
const coversMonth = (month: string) =>
  sql`e.from_month <= ${month}::date AND (e.to_month IS NULL OR e.to_month >= ${month}::date)`;

export async function isEnrolled(db: Db, personId: string, month: string): Promise<boolean> {
  const r = await queryOne<Raw>(
    db,
    sql`SELECT 1 AS x FROM care_credit_enrolments e WHERE e.person_id = ${personId}::uuid AND ${coversMonth(month)} LIMIT 1`,
  );
  return r !== undefined;
}

/** Which of these persons are enrolled for the month. */
export async function enrolledAmong(db: Db, personIds: string[], month: string): Promise<Set<string>> {
  if (!personIds.length) return new Set();
  const rows = await queryRows<Raw>(
    db,
    sql`SELECT DISTINCT e.person_id FROM care_credit_enrolments e
        WHERE e.person_id = ANY(${pgArray(personIds, 'uuid')}) AND ${coversMonth(month)}`,
  );
  return new Set(rows.map((r) => String(r.person_id)));
}

/** Everyone enrolled for the month. */
export async function enrolledInMonth(db: Db, month: string): Promise<Set<string>> {
  const rows = await queryRows<Raw>(
    db,
    sql`SELECT DISTINCT e.person_id FROM care_credit_enrolments e WHERE ${coversMonth(month)}`,
  );
  return new Set(rows.map((r) => String(r.person_id)));
}

export interface EnrolmentListRow {
  id: string;
  personId: string;
  name: string;
  idMasked: string;
  birthDate: string;
  areaCode: string;
  fromMonth: string;
  toMonth: string | null;
  reason: string | null;
  endReason: string | null;
  createdAt: string;
}

const enrolmentListColumns = sql`e.id, e.person_id, p.name, p.id_masked, p.birth_date, e.area_code, e.from_month,
  e.to_month, e.reason, e.end_reason, e.created_at`;

function toEnrolmentListRow(r: Raw): EnrolmentListRow {
  return {
    id: String(r.id),
    personId: String(r.person_id),
    name: String(r.name),
    idMasked: String(r.id_masked),
    birthDate: toDateString(r.birth_date),
    areaCode: String(r.area_code),
    fromMonth: toDateString(r.from_month),
    toMonth: toDateOrNull(r.to_month),
    reason: (r.reason as string | null) ?? null,
    endReason: (r.end_reason as string | null) ?? null,
    createdAt: toIso(r.created_at),
  };
}

export async function searchEnrolments(
  db: Db,
  s: { scope: string[]; month?: string; name?: string; limit: number; offset: number },
): Promise<{ rows: EnrolmentListRow[]; total: number }> {
  const conds: SQL[] = [scopeSql(s.scope, sql`e.area_code`)];
  if (s.month) conds.push(coversMonth(s.month));
  if (s.name) {
    // The C-collation range the registry's name index serves (see prefixRange).
    const r = prefixRange(s.name);
    conds.push(sql`p.name COLLATE "C" >= ${r.lo} AND p.name COLLATE "C" < ${r.hi}`);
  }
  const where = sql.join(conds, sql` AND `);
  const rows = await queryRows<Raw>(
    db,
    sql`SELECT ${enrolmentListColumns}
        FROM care_credit_enrolments e JOIN persons p ON p.id = e.person_id
        WHERE ${where}
        ORDER BY e.area_code, p.name COLLATE "C", e.person_id, e.from_month
        LIMIT ${s.limit} OFFSET ${s.offset}`,
  );
  const c = await queryOne<Raw>(
    db,
    sql`SELECT count(*)::int AS n FROM care_credit_enrolments e JOIN persons p ON p.id = e.person_id WHERE ${where}`,
  );
  return { rows: rows.map(toEnrolmentListRow), total: num(c?.n) };
}

export async function findEnrolmentListRow(
  db: Db,
  scope: string[],
  id: string,
): Promise<EnrolmentListRow | undefined> {
  const r = await queryOne<Raw>(
    db,
    sql`SELECT ${enrolmentListColumns}
        FROM care_credit_enrolments e JOIN persons p ON p.id = e.person_id
        WHERE e.id = ${id}::uuid AND ${scopeSql(scope, sql`e.area_code`)}`,
  );
  return r ? toEnrolmentListRow(r) : undefined;
}

export async function countEnrolledForMonth(db: Db, month: string): Promise<number> {
  const r = await queryOne<Raw>(
    db,
    sql`SELECT count(DISTINCT e.person_id)::int AS n FROM care_credit_enrolments e WHERE ${coversMonth(month)}`,
  );
  return num(r?.n);
}

/** An elder enrolled for the month; the account is the 养老服务专户, once the first grant opened it. */
export type EnrolledElder = Grantee;

/**
 * The next chunk of elders enrolled for the month, in person-id order after `after`. Enrolments
 * of one person never overlap (enrol() refuses it), so no DISTINCT: the scan walks the primary
 * key (person_id, id) in order and stops at the limit instead of grouping the whole list first.
 * The person and the sub-account are looked up per row (LATERAL … LIMIT 1 keeps them index
 * lookups even before a freshly loaded table has statistics; a plain join was once planned as
 * a scan of every account per elder).
 */
export async function enrolledChunk(
  db: Db,
  month: string,
  after: string | null,
  limit: number,
): Promise<EnrolledElder[]> {
  const rows = await queryRows<Raw>(
    db,
    sql`SELECT e.person_id, p.area_code, p.deceased_on, a.id AS account_id
        FROM (SELECT e.person_id FROM care_credit_enrolments e
              WHERE e.person_id > ${after ?? '00000000-0000-0000-0000-000000000000'}::uuid AND ${coversMonth(month)}
              ORDER BY e.person_id LIMIT ${limit}) e
        JOIN LATERAL (SELECT p.area_code, p.deceased_on FROM persons p WHERE p.id = e.person_id LIMIT 1) p ON true
        LEFT JOIN LATERAL (SELECT a.id FROM ledger_accounts a WHERE a.owner_type = 'person'
          AND a.owner_id = e.person_id::text AND a.unit = 'fen' AND a.kind = 'elder_care' LIMIT 1) a ON true
        ORDER BY e.person_id`,
  );
  const out: EnrolledElder[] = [];
  for (const r of rows) {
    const personId = String(r.person_id);
    // Defensive: two overlapping rows of one person must not credit twice in one batch call.
    if (out.at(-1)?.personId === personId) continue;
    out.push({
      personId,
      areaCode: String(r.area_code),
      deceasedOn: toDateOrNull(r.deceased_on),
      accountId: r.account_id == null ? null : String(r.account_id),
    });
  }
  return out;
}

// ---- persons (read-only) ----------------------------------------------------------------------

export interface PersonBrief {
  id: string;
  name: string;
  areaCode: string;
  birthDate: string;
  deceasedOn: string | null;
}

export async function findPersonBrief(db: Db, scope: string[], id: string): Promise<PersonBrief | undefined> {
  const r = await queryOne<Raw>(
    db,
    sql`SELECT p.id, p.name, p.area_code, p.birth_date, p.deceased_on FROM persons p
        WHERE p.id = ${id}::uuid AND ${scopeSql(scope, sql`p.area_code`)}`,
  );
  return r
    ? {
        id: String(r.id),
        name: String(r.name),
        areaCode: String(r.area_code),
        birthDate: toDateString(r.birth_date),
        deceasedOn: toDateOrNull(r.deceased_on),
      }
    : undefined;
}

// ---- batches ----------------------------------------------------------------------------------

export type BatchRow = typeof careCreditBatches.$inferSelect;

/** The 重阳分 runs, one per kind (grant | expire) and month, on the shared batch table's SQL. */
export const batches = monthBatchRepo(careCreditBatches, 'kind');
export const { insert: insertBatch, find: findBatch, search: searchBatches } = batches;

/** The latest month any grant run has touched (a settings change may not reach back into it). */
export async function lastGrantMonth(db: Db): Promise<string | null> {
  const r = await queryOne<Raw>(
    db,
    sql`SELECT max(month) AS m FROM care_credit_batches WHERE kind = 'grant' AND (status <> 'failed' OR processed > 0)`,
  );
  return toDateOrNull(r?.m);
}

export async function lastDoneGrant(db: Db): Promise<BatchRow | undefined> {
  const [row] = await db
    .select()
    .from(careCreditBatches)
    .where(and(eq(careCreditBatches.kind, 'grant'), eq(careCreditBatches.status, 'done')))
    .orderBy(desc(careCreditBatches.month), desc(careCreditBatches.startedAt))
    .limit(1);
  return row;
}

// ---- ledger reads for the expiry run and the overview (read-only) ------------------------------

export interface CreditAccount {
  accountId: string;
  personId: string;
}

/** The next chunk of elders' sub-accounts with something available, in owner order after `after`. */
export async function elderAccountsWithCredit(
  db: Db,
  after: string | null,
  limit: number,
): Promise<CreditAccount[]> {
  const rows = await queryRows<Raw>(
    db,
    sql`SELECT id, owner_id FROM ledger_accounts
        WHERE owner_type = 'person' AND owner_id > ${after ?? ''} AND unit = 'fen' AND kind = 'elder_care'
          AND credits_posted - debits_posted - debits_pending > 0
        ORDER BY owner_id LIMIT ${limit}`,
  );
  return rows.map((r) => ({ accountId: String(r.id), personId: String(r.owner_id) }));
}

export async function countElderAccountsWithCredit(db: Db): Promise<number> {
  const r = await queryOne<Raw>(
    db,
    sql`SELECT count(*)::int AS n FROM ledger_accounts WHERE owner_type = 'person' AND unit = 'fen'
          AND kind = 'elder_care' AND credits_posted - debits_posted - debits_pending > 0`,
  );
  return num(r?.n);
}

/**
 * Locks the accounts (in id order, as the ledger's functions do, so no deadlock with them) and
 * returns what is available on each: the lapsed amount computed from it stays true until commit.
 */
export async function lockAvailable(db: Db, accountIds: string[]): Promise<Map<string, number>> {
  if (!accountIds.length) return new Map();
  const rows = await queryRows<Raw>(
    db,
    sql`SELECT id, credits_posted - debits_posted - debits_pending AS available FROM ledger_accounts
        WHERE id = ANY(${pgArray(accountIds, 'uuid')}) ORDER BY id FOR UPDATE`,
  );
  return new Map(rows.map((r) => [String(r.id), num(r.available)]));
}

/** The 重阳分 grants credited to these accounts and not reversed: key (which names the month) and amount. */
export async function grantsOf(
  db: Db,
  accountIds: string[],
): Promise<{ accountId: string; key: string; amount: number }[]> {
  if (!accountIds.length) return [];
  const rows = await queryRows<Raw>(
    db,
    sql`SELECT t.credit_account_id, t.idempotency_key, t.amount FROM ledger_transfers t
        WHERE t.credit_account_id = ANY(${pgArray(accountIds, 'uuid')}) AND t.code = 'chongyang.grant'
          AND t.flag = 'posted'
          AND NOT EXISTS (SELECT 1 FROM ledger_transfers r WHERE r.reversal_of = t.id)`,
  );
  return rows.map((r) => ({
    accountId: String(r.credit_account_id),
    key: String(r.idempotency_key),
    amount: num(r.amount),
  }));
}

/** Which of these idempotency keys the ledger already holds. */
export async function existingKeys(db: Db, keys: string[]): Promise<Set<string>> {
  if (!keys.length) return new Set();
  const rows = await queryRows<Raw>(
    db,
    sql`SELECT idempotency_key FROM ledger_transfers WHERE idempotency_key = ANY(${pgArray(keys, 'text')})`,
  );
  return new Set(rows.map((r) => String(r.idempotency_key)));
}

/** What sits on all elders' sub-accounts. */
export async function elderCareTotals(db: Db): Promise<{ accounts: number; balance: number; held: number }> {
  const r = await queryOne<Raw>(
    db,
    sql`SELECT count(*)::int AS n, coalesce(sum(credits_posted - debits_posted), 0) AS balance,
          coalesce(sum(debits_pending), 0) AS held
        FROM ledger_accounts WHERE owner_type = 'person' AND unit = 'fen' AND kind = 'elder_care'`,
  );
  return { accounts: num(r?.n), balance: num(r?.balance), held: num(r?.held) };
}

// ---- elder cards ------------------------------------------------------------------------------

export type CardRow = typeof elderCards.$inferSelect;

export async function findCard(db: Db, cardNo: string): Promise<CardRow | undefined> {
  const [row] = await db.select().from(elderCards).where(eq(elderCards.cardNo, cardNo));
  return row;
}

export async function findActiveCard(db: Db, personId: string): Promise<CardRow | undefined> {
  const [row] = await db
    .select()
    .from(elderCards)
    .where(and(eq(elderCards.personId, personId), sql`${elderCards.revokedOn} IS NULL`));
  return row;
}

export async function revokeCard(db: Db, cardNo: string, on: string) {
  await db.update(elderCards).set({ revokedOn: on }).where(eq(elderCards.cardNo, cardNo));
}

export async function insertCard(db: Db, row: typeof elderCards.$inferInsert) {
  await db.insert(elderCards).values(row);
}

/** Many cards at once; a number or a person that already has an active card is left alone. */
export async function insertCardsIfFree(db: Db, rows: (typeof elderCards.$inferInsert)[]): Promise<number> {
  if (!rows.length) return 0;
  const r = await db
    .insert(elderCards)
    .values(rows)
    .onConflictDoNothing()
    .returning({ no: elderCards.cardNo });
  return r.length;
}

export interface CardHolder {
  cardNo: string;
  personId: string;
  name: string;
  birthDate: string;
  areaCode: string;
  deceasedOn: string | null;
  issuedOn: string;
}

/** An active card and its holder, when the holder lives within the scope. */
export async function findCardHolder(
  db: Db,
  scope: string[],
  cardNo: string,
): Promise<CardHolder | undefined> {
  const r = await queryOne<Raw>(
    db,
    sql`SELECT c.card_no, c.person_id, c.issued_on, p.name, p.birth_date, p.area_code, p.deceased_on
        FROM elder_cards c JOIN persons p ON p.id = c.person_id
        WHERE c.card_no = ${cardNo} AND c.revoked_on IS NULL AND ${scopeSql(scope, sql`p.area_code`)}`,
  );
  return r
    ? {
        cardNo: String(r.card_no),
        personId: String(r.person_id),
        name: String(r.name),
        birthDate: toDateString(r.birth_date),
        areaCode: String(r.area_code),
        deceasedOn: toDateOrNull(r.deceased_on),
        issuedOn: toDateString(r.issued_on),
      }
    : undefined;
}

// ---- demo -------------------------------------------------------------------------------------

export interface ElderFacts {
  id: string;
  areaCode: string;
  /** Living alone or in an empty nest (独居/空巢). */
  alone: boolean;
  /** Assessed not intact: unable or not fully able to care for themselves. */
  limited: boolean;
  /** No pension above 3000 yuan a month (以下 includes 3000). */
  lowPension: boolean;
}

/**
 * Local-hukou residents alive and born on or before the date, with the R4 conditions (seed
 * 000:161) as the registry's facts show them on `day`. Read-only; for the demo generator.
 */
export async function findElderFacts(db: Db, day: string, bornOnOrBefore: string): Promise<ElderFacts[]> {
  const valid = sql`f.valid_from <= ${day}::date AND (f.valid_to IS NULL OR f.valid_to >= ${day}::date)`;
  const rows = await queryRows<Raw>(
    db,
    sql`SELECT p.id, p.area_code,
          EXISTS (SELECT 1 FROM person_facts f WHERE f.person_id = p.id AND f.kind = 'living_arrangement'
                AND ${valid} AND f.value->>'arrangement' IN ('alone', 'empty_nest', 'widowed_childless')) AS alone,
          EXISTS (SELECT 1 FROM person_facts f WHERE f.person_id = p.id AND f.kind = 'ability_grade'
                AND ${valid} AND f.value->>'grade' IN ('mild', 'moderate', 'severe', 'total')) AS limited,
          NOT EXISTS (SELECT 1 FROM person_facts f WHERE f.person_id = p.id AND f.kind = 'pension'
                AND ${valid} AND (f.value->>'monthlyFen')::bigint > 300000) AS low_pension
        FROM persons p
        WHERE p.birth_date <= ${bornOnOrBefore}::date AND p.deceased_on IS NULL AND p.hukou_local
        ORDER BY p.id`,
  );
  return rows.map((r) => ({
    id: String(r.id),
    areaCode: String(r.area_code),
    alone: r.alone === true,
    limited: r.limited === true,
    lowPension: r.low_pension === true,
  }));
}

export async function enrolledPersonIds(db: Db): Promise<Set<string>> {
  const rows = await queryRows<Raw>(db, sql`SELECT DISTINCT person_id FROM care_credit_enrolments`);
  return new Set(rows.map((r) => String(r.person_id)));
}
