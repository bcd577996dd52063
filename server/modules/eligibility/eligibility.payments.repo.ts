import { type SQL, sql } from 'drizzle-orm';
import { monthBatchRepo } from '../../platform/batches/batch-table.ts';
import type { Grantee } from '../../platform/batches/grant-chunk.ts';
import type { Db } from '../../platform/db/index.ts';
import { pgArray, queryOne, queryRows, toDateOrNull } from '../../platform/db/rows.ts';
import { benefitBatches } from './eligibility.schema.ts';

/**
 * All SQL of the monthly payment of recurring benefits (ADR 0020). Writes touch only
 * `benefit_batches`; value moves only through the ledger's API. The chunk query joins `persons`
 * (current area, date of death) and reads `ledger_accounts` / `ledger_transfers` in bulk, as the
 * 重阳分 grant does (ADR 0009): all are keyed by the person (ADR 0002), so the joins stay local.
 */

type Raw = Record<string, unknown>;
const num = (v: unknown) => Number(v ?? 0);

export type BatchRow = typeof benefitBatches.$inferSelect;

/** The runs, one per programme and month, on the shared batch table's SQL. */
export const batches = monthBatchRepo(benefitBatches, 'programmeCode');
export const { insert: insertBatch, find: findBatch, search: searchBatches } = batches;

/** What decides which enrolments a month pays (ADR 0020). */
export interface DueFilter {
  programmeCode: string;
  /** The month's first day, YYYY-MM-01. */
  first: string;
  period: 'month' | 'year';
  /** year × 12 + month − 1 of the month paid (yearly programmes pay in the anniversary month). */
  monthIndex: number;
}

/**
 * Enrolments due in the month: a money amount, valid on the month's first day (approved on the
 * 15th, paid from the next month); yearly ones only in the month their enrolment year starts —
 * the first month beginning on or after valid_from, then every twelfth month.
 */
function dueSql(f: DueFilter): SQL {
  const valid = sql`e.programme_code = ${f.programmeCode} AND e.amount > 0
    AND e.valid_from <= ${f.first}::date AND (e.valid_to IS NULL OR e.valid_to >= ${f.first}::date)`;
  if (f.period === 'month') return valid;
  return sql`${valid} AND (${f.monthIndex} - (extract(year FROM e.valid_from)::int * 12
      + extract(month FROM e.valid_from)::int - 1
      + CASE WHEN extract(day FROM e.valid_from)::int > 1 THEN 1 ELSE 0 END)) % 12 = 0`;
}

export async function countDue(db: Db, f: DueFilter): Promise<number> {
  const r = await queryOne<Raw>(
    db,
    sql`SELECT count(DISTINCT e.person_id)::int AS n FROM programme_enrolments e WHERE ${dueSql(f)}`,
  );
  return num(r?.n);
}

/** A person due, with the benefit account once a first payment has opened it. */
export interface DuePerson extends Grantee {
  /** Fen for the period, as decided at enrolment. */
  amount: number;
}

/**
 * The next chunk of persons due, in person-id order after `after`. One row per person: of two
 * enrolments valid on the day (which approval never makes), the later one counts. The person
 * and the account are looked up per row (LATERAL … LIMIT 1 keeps them index lookups).
 */
export async function dueChunk(
  db: Db,
  f: DueFilter,
  after: string | null,
  limit: number,
): Promise<DuePerson[]> {
  const rows = await queryRows<Raw>(
    db,
    sql`SELECT e.person_id, e.amount, p.area_code, p.deceased_on, a.id AS account_id
        FROM (SELECT DISTINCT ON (e.person_id) e.person_id, e.amount FROM programme_enrolments e
              WHERE e.person_id > ${after ?? '00000000-0000-0000-0000-000000000000'}::uuid AND ${dueSql(f)}
              ORDER BY e.person_id, e.valid_from DESC, e.id DESC LIMIT ${limit}) e
        JOIN LATERAL (SELECT p.area_code, p.deceased_on FROM persons p WHERE p.id = e.person_id LIMIT 1) p ON true
        LEFT JOIN LATERAL (SELECT a.id FROM ledger_accounts a WHERE a.owner_type = 'person'
          AND a.owner_id = e.person_id::text AND a.unit = 'fen' AND a.kind = 'benefit' LIMIT 1) a ON true
        ORDER BY e.person_id`,
  );
  return rows.map((r) => ({
    personId: String(r.person_id),
    amount: num(r.amount),
    areaCode: String(r.area_code).trim(),
    deceasedOn: toDateOrNull(r.deceased_on),
    accountId: r.account_id == null ? null : String(r.account_id),
  }));
}

/** Which of these idempotency keys the ledger already holds (one indexed lookup). */
export async function existingKeys(db: Db, keys: string[]): Promise<Set<string>> {
  if (!keys.length) return new Set();
  const rows = await queryRows<Raw>(
    db,
    sql`SELECT idempotency_key FROM ledger_transfers WHERE idempotency_key = ANY(${pgArray(keys, 'text')})`,
  );
  return new Set(rows.map((r) => String(r.idempotency_key)));
}
