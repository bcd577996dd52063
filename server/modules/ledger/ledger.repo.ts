import { type SQL, sql } from 'drizzle-orm';
import type { Unit } from '../../../contracts/money.ts';
import { scopeSql } from '../../platform/access.ts';
import type { Db } from '../../platform/db/index.ts';
import {
  pgArray,
  queryOne,
  queryRows,
  toIso,
  type UnnestColumn,
  unnestColumns,
} from '../../platform/db/rows.ts';

export type OwnerType = 'person' | 'org' | 'programme' | 'district';
export type TransferFlag = 'posted' | 'pending' | 'post' | 'void';

export interface Account {
  id: string;
  ownerType: OwnerType;
  ownerId: string;
  unit: Unit;
  kind: string;
  areaCode: string;
  allowNegative: boolean;
  debitsPosted: number;
  creditsPosted: number;
  debitsPending: number;
  creditsPending: number;
  /** credits_posted − debits_posted */
  balance: number;
  /** balance − debits_pending: what can still be spent or held. */
  available: number;
  seq: number;
  closedAt: string | null;
  createdAt: string;
}

export interface Transfer {
  id: string;
  idempotencyKey: string;
  debitAccountId: string;
  creditAccountId: string;
  amount: number;
  unit: Unit;
  flag: TransferFlag;
  code: string;
  pendingId: string | null;
  reversalOf: string | null;
  expiresAt: string | null;
  refType: string | null;
  refId: string | null;
  memo: string | null;
  debitSeq: number;
  creditSeq: number;
  debitBalance: number;
  creditBalance: number;
  actorId: string | null;
  at: string;
}

type Raw = Record<string, unknown>;
const num = (v: unknown) => Number(v ?? 0);

export function toAccount(r: Raw): Account {
  const debitsPosted = num(r.debits_posted);
  const creditsPosted = num(r.credits_posted);
  const debitsPending = num(r.debits_pending);
  return {
    id: String(r.id),
    ownerType: r.owner_type as OwnerType,
    ownerId: String(r.owner_id),
    unit: r.unit as Unit,
    kind: String(r.kind),
    areaCode: String(r.area_code),
    allowNegative: Boolean(r.allow_negative),
    debitsPosted,
    creditsPosted,
    debitsPending,
    creditsPending: num(r.credits_pending),
    balance: creditsPosted - debitsPosted,
    available: creditsPosted - debitsPosted - debitsPending,
    seq: num(r.seq),
    closedAt: r.closed_at == null ? null : toIso(r.closed_at),
    createdAt: toIso(r.created_at),
  };
}

export function toTransfer(r: Raw): Transfer {
  return {
    id: String(r.id),
    idempotencyKey: String(r.idempotency_key),
    debitAccountId: String(r.debit_account_id),
    creditAccountId: String(r.credit_account_id),
    amount: num(r.amount),
    unit: r.unit as Unit,
    flag: r.flag as TransferFlag,
    code: String(r.code),
    pendingId: (r.pending_id as string | null) ?? null,
    reversalOf: (r.reversal_of as string | null) ?? null,
    expiresAt: r.expires_at == null ? null : toIso(r.expires_at),
    refType: (r.ref_type as string | null) ?? null,
    refId: (r.ref_id as string | null) ?? null,
    memo: (r.memo as string | null) ?? null,
    debitSeq: num(r.debit_seq),
    creditSeq: num(r.credit_seq),
    debitBalance: num(r.debit_balance),
    creditBalance: num(r.credit_balance),
    actorId: (r.actor_id as string | null) ?? null,
    at: toIso(r.at),
  };
}

export interface NewAccountRow {
  id: string;
  ownerType: OwnerType;
  ownerId: string;
  unit: Unit;
  kind: string;
  areaCode: string;
  allowNegative: boolean;
}

const ACCOUNT_COLUMNS: UnnestColumn<NewAccountRow>[] = [
  ['id', 'uuid', (r) => r.id],
  ['owner_type', 'text', (r) => r.ownerType],
  ['owner_id', 'text', (r) => r.ownerId],
  ['unit', 'text', (r) => r.unit],
  ['kind', 'text', (r) => r.kind],
  ['area_code', 'char(12)', (r) => r.areaCode],
  ['allow_negative', 'boolean', (r) => r.allowNegative],
];

/** Creates the accounts that do not exist yet (by owner, unit and kind); existing ones are kept. */
export async function insertAccounts(db: Db, rows: NewAccountRow[], at: Date): Promise<void> {
  if (rows.length === 0) return;
  const { names, arrays } = unnestColumns(rows, ACCOUNT_COLUMNS);
  await db.execute(sql`
    INSERT INTO ledger_accounts (${names}, created_at)
    SELECT u.*, ${at.toISOString()}::timestamptz FROM unnest(${arrays}) AS u
    ON CONFLICT (owner_type, owner_id, unit, kind) DO NOTHING`);
}

export async function findAccountsByOwners(
  db: Db,
  ownerType: OwnerType,
  ownerIds: string[],
  unit: Unit,
  kind: string,
): Promise<Account[]> {
  if (ownerIds.length === 0) return [];
  // One index probe per owner (the owner key is unique): with `owner_id = ANY(…)` of a grant
  // chunk's 5,000 elders the planner preferred a scan of every account (160–190 ms per chunk
  // at 237,000 accounts, against 20–60 ms this way). Ids are de-duplicated here, so each
  // account still comes back once.
  const rows = await queryRows<Raw>(
    db,
    sql`SELECT a.* FROM unnest(${pgArray([...new Set(ownerIds)], 'text')}) AS o(owner_id)
        CROSS JOIN LATERAL (SELECT * FROM ledger_accounts x WHERE x.owner_type = ${ownerType}
          AND x.owner_id = o.owner_id AND x.unit = ${unit} AND x.kind = ${kind} LIMIT 1) a`,
  );
  return rows.map(toAccount);
}

export async function findAccountsOfOwner(db: Db, ownerType: OwnerType, ownerId: string): Promise<Account[]> {
  const rows = await queryRows<Raw>(
    db,
    sql`SELECT * FROM ledger_accounts WHERE owner_type = ${ownerType} AND owner_id = ${ownerId} ORDER BY kind, unit`,
  );
  return rows.map(toAccount);
}

export async function findAccountById(db: Db, id: string): Promise<Account | undefined> {
  const r = await queryOne<Raw>(db, sql`SELECT * FROM ledger_accounts WHERE id = ${id}::uuid`);
  return r ? toAccount(r) : undefined;
}

export async function findAccountsByIds(db: Db, ids: string[]): Promise<Account[]> {
  if (ids.length === 0) return [];
  const rows = await queryRows<Raw>(
    db,
    sql`SELECT * FROM ledger_accounts WHERE id = ANY(${pgArray(ids, 'uuid')})`,
  );
  return rows.map(toAccount);
}

export interface TransferCall {
  id: string;
  key: string;
  debitAccountId: string;
  creditAccountId: string;
  amount: number;
  unit: Unit;
  flag: 'posted' | 'pending';
  code: string;
  expiresAt: Date | null;
  reversalOf: string | null;
  refType: string | null;
  refId: string | null;
  memo: string | null;
  actorId: string | null;
  at: Date;
}

/** The columns of ledger_transfers, as the SQL functions return them (toTransfer reads these). */
const TRANSFER_COLUMNS = [
  'id',
  'idempotency_key',
  'debit_account_id',
  'credit_account_id',
  'amount',
  'unit',
  'flag',
  'code',
  'pending_id',
  'reversal_of',
  'expires_at',
  'ref_type',
  'ref_id',
  'memo',
  'debit_seq',
  'credit_seq',
  'debit_balance',
  'credit_balance',
  'actor_id',
  'at',
] as const;
const transferFields = Object.fromEntries(TRANSFER_COLUMNS.map((c) => [c, sql.raw(`t.${c}`)]));
const ph = (name: string) => sql.placeholder(name);

/**
 * Transfers and resolutions are the ledger's hot path (every spend, hold, capture and refund):
 * they run as named prepared statements, so PostgreSQL parses and plans the call once per
 * connection instead of once per transfer (`npm run bench -- ledger`: fewer server CPU
 * microseconds per transfer and a lower p99 at 32 clients). The statement object is built once
 * per `db` (the pool, or each transaction).
 */
function prepareTransfer(db: Db) {
  return db
    .select(transferFields)
    .from(
      sql`ledger_transfer(${ph('id')}::uuid, ${ph('key')}::text, ${ph('debit')}::uuid, ${ph('credit')}::uuid,
        ${ph('amount')}::bigint, ${ph('unit')}::text, ${ph('flag')}::text, ${ph('code')}::text,
        ${ph('expiresAt')}::timestamptz, ${ph('reversalOf')}::uuid, ${ph('refType')}::text, ${ph('refId')}::text,
        ${ph('memo')}::text, ${ph('actor')}::uuid, ${ph('at')}::timestamptz) AS t`,
    )
    .prepare('ledger_transfer_call');
}

function prepareResolve(db: Db) {
  return db
    .select(transferFields)
    .from(
      sql`ledger_resolve(${ph('id')}::uuid, ${ph('key')}::text, ${ph('pending')}::uuid, ${ph('flag')}::text,
        ${ph('amount')}::bigint, ${ph('code')}::text, ${ph('memo')}::text, ${ph('actor')}::uuid,
        ${ph('at')}::timestamptz) AS t`,
    )
    .prepare('ledger_resolve_call');
}

const preparedByDb = new WeakMap<
  Db,
  { transfer?: ReturnType<typeof prepareTransfer>; resolve?: ReturnType<typeof prepareResolve> }
>();

function prepared(db: Db) {
  let p = preparedByDb.get(db);
  if (!p) {
    p = {};
    preparedByDb.set(db, p);
  }
  return p;
}

export async function callTransfer(db: Db, c: TransferCall): Promise<Transfer> {
  const p = prepared(db);
  p.transfer ??= prepareTransfer(db);
  const [r] = await p.transfer.execute({
    id: c.id,
    key: c.key,
    debit: c.debitAccountId,
    credit: c.creditAccountId,
    amount: c.amount,
    unit: c.unit,
    flag: c.flag,
    code: c.code,
    expiresAt: c.expiresAt?.toISOString() ?? null,
    reversalOf: c.reversalOf,
    refType: c.refType,
    refId: c.refId,
    memo: c.memo,
    actor: c.actorId,
    at: c.at.toISOString(),
  });
  return toTransfer(r!);
}

export interface ResolveCall {
  id: string;
  key: string;
  pendingId: string;
  flag: 'post' | 'void';
  amount: number | null;
  code: string | null;
  memo: string | null;
  actorId: string | null;
  at: Date;
}

export async function callResolve(db: Db, c: ResolveCall): Promise<Transfer> {
  const p = prepared(db);
  p.resolve ??= prepareResolve(db);
  const [r] = await p.resolve.execute({
    id: c.id,
    key: c.key,
    pending: c.pendingId,
    flag: c.flag,
    amount: c.amount,
    code: c.code,
    memo: c.memo,
    actor: c.actorId,
    at: c.at.toISOString(),
  });
  return toTransfer(r!);
}

export interface BatchCall {
  debitAccountId: string;
  unit: Unit;
  code: string;
  refType: string | null;
  memo: string | null;
  actorId: string | null;
  at: Date;
  ids: string[];
  keys: string[];
  credits: string[];
  amounts: number[];
  refIds: string[];
}

export async function callPostBatch(db: Db, c: BatchCall): Promise<{ posted: number; total: number }> {
  const r = await queryOne<Raw>(
    db,
    sql`SELECT * FROM ledger_post_batch(${c.debitAccountId}::uuid, ${c.unit}, ${c.code}, ${pgArray(c.ids, 'uuid')},
      ${pgArray(c.keys, 'text')}, ${pgArray(c.credits, 'uuid')}, ${pgArray(c.amounts, 'bigint')}, ${c.refType}, ${pgArray(c.refIds, 'text')},
      ${c.memo}, ${c.actorId}::uuid, ${c.at.toISOString()}::timestamptz)`,
  );
  return { posted: num(r?.posted), total: num(r?.total) };
}

export async function findTransferByKey(db: Db, key: string): Promise<Transfer | undefined> {
  const r = await queryOne<Raw>(db, sql`SELECT * FROM ledger_transfers WHERE idempotency_key = ${key}`);
  return r ? toTransfer(r) : undefined;
}

export async function findTransferById(db: Db, id: string): Promise<Transfer | undefined> {
  const r = await queryOne<Raw>(db, sql`SELECT * FROM ledger_transfers WHERE id = ${id}::uuid`);
  return r ? toTransfer(r) : undefined;
}

export async function findTransfersByRef(db: Db, refType: string, refId: string): Promise<Transfer[]> {
  const rows = await queryRows<Raw>(
    db,
    sql`SELECT * FROM ledger_transfers WHERE ref_type = ${refType} AND ref_id = ${refId} ORDER BY at, id`,
  );
  return rows.map(toTransfer);
}

/** The resolution (post or void) of each of these holds, if any. */
export async function findResolutions(db: Db, pendingIds: string[]): Promise<Transfer[]> {
  if (pendingIds.length === 0) return [];
  const rows = await queryRows<Raw>(
    db,
    sql`SELECT * FROM ledger_transfers WHERE pending_id = ANY(${pgArray(pendingIds, 'uuid')})`,
  );
  return rows.map(toTransfer);
}

/** The transfers touching an account, newest first, by the account's own sequence. */
export async function findAccountEntries(
  db: Db,
  accountId: string,
  opts: { limit: number; beforeSeq?: number },
): Promise<Transfer[]> {
  const before = opts.beforeSeq ?? Number.MAX_SAFE_INTEGER;
  const rows = await queryRows<Raw>(
    db,
    sql`(SELECT * FROM ledger_transfers WHERE debit_account_id = ${accountId}::uuid AND debit_seq < ${before}
          ORDER BY debit_seq DESC LIMIT ${opts.limit})
        UNION ALL
        (SELECT * FROM ledger_transfers WHERE credit_account_id = ${accountId}::uuid AND credit_seq < ${before}
          ORDER BY credit_seq DESC LIMIT ${opts.limit})`,
  );
  return rows
    .map(toTransfer)
    .sort((a, b) => seqFor(b, accountId) - seqFor(a, accountId))
    .slice(0, opts.limit);
}

export function seqFor(t: Transfer, accountId: string): number {
  return t.debitAccountId === accountId ? t.debitSeq : t.creditSeq;
}

/** Holds whose expiry has passed and that nobody posted or voided. */
export async function findExpiredHolds(db: Db, at: Date, limit: number): Promise<Transfer[]> {
  const rows = await queryRows<Raw>(
    db,
    sql`SELECT p.* FROM ledger_transfers p
        WHERE p.flag = 'pending' AND p.expires_at <= ${at.toISOString()}::timestamptz
          AND NOT EXISTS (SELECT 1 FROM ledger_transfers r WHERE r.pending_id = p.id)
        ORDER BY p.expires_at LIMIT ${limit}`,
  );
  return rows.map(toTransfer);
}

export interface InvariantRow {
  check: string;
  detail: string;
}

/**
 * The bank-style check over the whole ledger. Each query returns the rows that break a rule:
 * balances equal the sums of their transfers, each unit sums to zero, no wallet below its limit,
 * every transfer joins accounts of its own unit, sequences have no gaps.
 */
export async function findInvariantViolations(db: Db): Promise<InvariantRow[]> {
  const rows = await queryRows<InvariantRow>(
    db,
    sql`
    WITH open_holds AS (
      SELECT p.debit_account_id, p.credit_account_id, p.amount FROM ledger_transfers p
      WHERE p.flag = 'pending' AND NOT EXISTS (SELECT 1 FROM ledger_transfers r WHERE r.pending_id = p.id)
    ), e AS (
      SELECT debit_account_id AS id, CASE WHEN flag IN ('posted','post') THEN amount ELSE 0 END AS dp,
        0::bigint AS cp, 0::bigint AS dpend, 0::bigint AS cpend, 1 AS n FROM ledger_transfers
      UNION ALL
      SELECT credit_account_id, 0, CASE WHEN flag IN ('posted','post') THEN amount ELSE 0 END, 0, 0, 1
        FROM ledger_transfers
      UNION ALL SELECT debit_account_id, 0, 0, amount, 0, 0 FROM open_holds
      UNION ALL SELECT credit_account_id, 0, 0, 0, amount, 0 FROM open_holds
    ), g AS (
      SELECT id, sum(dp) AS dp, sum(cp) AS cp, sum(dpend) AS dpend, sum(cpend) AS cpend, sum(n) AS n
      FROM e GROUP BY id
    ), sums AS (
      SELECT a.id, coalesce(g.dp, 0) AS dp, coalesce(g.cp, 0) AS cp, coalesce(g.dpend, 0) AS dpend,
        coalesce(g.cpend, 0) AS cpend, coalesce(g.n, 0) AS n
      FROM ledger_accounts a LEFT JOIN g ON g.id = a.id
    )
    SELECT 'balance' AS check, a.id::text || ': posted ' || a.debits_posted || '/' || a.credits_posted
        || ' vs entries ' || s.dp || '/' || s.cp AS detail
      FROM ledger_accounts a JOIN sums s ON s.id = a.id
      WHERE a.debits_posted <> s.dp OR a.credits_posted <> s.cp
    UNION ALL
    SELECT 'pending', a.id::text || ': pending ' || a.debits_pending || '/' || a.credits_pending
        || ' vs open holds ' || s.dpend || '/' || s.cpend
      FROM ledger_accounts a JOIN sums s ON s.id = a.id
      WHERE a.debits_pending <> s.dpend OR a.credits_pending <> s.cpend
    UNION ALL
    SELECT 'sequence', a.id::text || ': seq ' || a.seq || ' vs ' || s.n || ' transfers'
      FROM ledger_accounts a JOIN sums s ON s.id = a.id WHERE a.seq <> s.n
    UNION ALL
    SELECT 'limit', id::text || ': available ' || (credits_posted - debits_posted - debits_pending)
      FROM ledger_accounts WHERE NOT allow_negative AND credits_posted - debits_posted - debits_pending < 0
    UNION ALL
    SELECT 'zero-sum', unit || ': ' || sum(credits_posted - debits_posted) || ' / pending '
        || sum(credits_pending - debits_pending)
      FROM ledger_accounts GROUP BY unit
      HAVING sum(credits_posted - debits_posted) <> 0 OR sum(credits_pending - debits_pending) <> 0
    UNION ALL
    SELECT 'unit', t.id::text || ': ' || t.unit || ' between ' || d.unit || ' and ' || c.unit
      FROM ledger_transfers t JOIN ledger_accounts d ON d.id = t.debit_account_id
        JOIN ledger_accounts c ON c.id = t.credit_account_id
      WHERE d.unit <> t.unit OR c.unit <> t.unit`,
  );
  return rows;
}

export async function sumsByUnit(db: Db): Promise<{ unit: Unit; accounts: number; transfers: number }[]> {
  const rows = await queryRows<Raw>(
    db,
    sql`SELECT a.unit, count(*) AS accounts,
          (SELECT count(*) FROM ledger_transfers t WHERE t.unit = a.unit) AS transfers
        FROM ledger_accounts a GROUP BY a.unit ORDER BY a.unit`,
  );
  return rows.map((r) => ({ unit: r.unit as Unit, accounts: num(r.accounts), transfers: num(r.transfers) }));
}

export async function searchAccounts(
  db: Db,
  q: {
    scope: string[];
    ownerType?: OwnerType;
    ownerId?: string;
    kind?: string;
    limit: number;
    offset: number;
  },
): Promise<{ rows: Account[]; total: number }> {
  const where = sql.join(
    [
      scopeSql(q.scope, sql`area_code`),
      q.ownerType ? sql`owner_type = ${q.ownerType}` : undefined,
      q.ownerId ? sql`owner_id = ${q.ownerId}` : undefined,
      q.kind ? sql`kind = ${q.kind}` : undefined,
    ].filter((x): x is SQL => !!x),
    sql` AND `,
  );
  const rows = await queryRows<Raw>(
    db,
    sql`SELECT * FROM ledger_accounts WHERE ${where} ORDER BY owner_type, kind, id LIMIT ${q.limit} OFFSET ${q.offset}`,
  );
  const total = await queryOne<{ n: number }>(
    db,
    sql`SELECT count(*)::int AS n FROM ledger_accounts WHERE ${where}`,
  );
  return { rows: rows.map(toAccount), total: Number(total?.n ?? 0) };
}
