import type { ErrorCode } from '../../../contracts/errors.ts';
import { isErrorCode } from '../../../contracts/errors.ts';
import type { Unit } from '../../../contracts/money.ts';
import type { Clock } from '../../platform/clock.ts';
import type { Db } from '../../platform/db/index.ts';
import { dbErrorOf } from '../../platform/db/rows.ts';
import { AppError } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';
import type { Account, OwnerType, Transfer } from './ledger.repo.ts';
import * as repo from './ledger.repo.ts';

/**
 * The ledger's API (ADR 0008). Every function takes the caller's `db`, which may be a
 * transaction: a business command (accept an order, sell a meal) moves value in the same
 * transaction as its own rows and its audit row. Each transfer is one SQL function call.
 */

export interface AccountSpec {
  ownerType: OwnerType;
  ownerId: string;
  unit: Unit;
  kind: string;
  areaCode: string;
  allowNegative?: boolean;
}

export interface TransferResult {
  transfer: Transfer;
  /** True when the idempotency key was known: the first result is returned, nothing moved. */
  replayed: boolean;
}

/** Turns the SQL functions' coded errors into AppErrors with readable parameters. */
export function ledgerError(err: unknown): unknown {
  const e = dbErrorOf(err);
  if (e?.code !== 'P0001' || !e.message.startsWith('LEDGER_') || !isErrorCode(e.message)) return err;
  let params: Record<string, string | number> = {};
  try {
    params = JSON.parse(e.detail ?? '{}');
  } catch {
    params = {};
  }
  return new AppError(e.message as ErrorCode, params);
}

async function guarded<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    throw ledgerError(err);
  }
}

/** Opens the account if it does not exist (by owner, unit and kind) and returns it. */
export async function openAccount(db: Db, clock: Clock, spec: AccountSpec): Promise<Account> {
  const [acc] = await openAccounts(db, clock, [spec]);
  return acc!;
}

/** Opens many accounts at once (a grant batch opens every new elder's sub-account in one go). */
export async function openAccounts(db: Db, clock: Clock, specs: AccountSpec[]): Promise<Account[]> {
  if (specs.length === 0) return [];
  const at = clock.now();
  await repo.insertAccounts(
    db,
    specs.map((s) => ({
      id: newId(at.getTime()),
      ownerType: s.ownerType,
      ownerId: s.ownerId,
      unit: s.unit,
      kind: s.kind,
      areaCode: s.areaCode,
      allowNegative: s.allowNegative ?? false,
    })),
    at,
  );
  const out: Account[] = [];
  // Group by (type, unit, kind) so each group is one query.
  const groups = new Map<string, AccountSpec[]>();
  for (const s of specs) {
    const k = `${s.ownerType}|${s.unit}|${s.kind}`;
    const group = groups.get(k);
    if (group) group.push(s);
    else groups.set(k, [s]);
  }
  const byKey = new Map<string, Account>();
  for (const group of groups.values()) {
    const g = group[0]!;
    const rows = await repo.findAccountsByOwners(
      db,
      g.ownerType,
      group.map((s) => s.ownerId),
      g.unit,
      g.kind,
    );
    for (const a of rows) byKey.set(`${a.ownerType}|${a.ownerId}|${a.unit}|${a.kind}`, a);
  }
  for (const s of specs) out.push(byKey.get(`${s.ownerType}|${s.ownerId}|${s.unit}|${s.kind}`)!);
  return out;
}

export async function findAccount(
  db: Db,
  owner: { ownerType: OwnerType; ownerId: string; unit: Unit; kind: string },
): Promise<Account | undefined> {
  const [a] = await repo.findAccountsByOwners(db, owner.ownerType, [owner.ownerId], owner.unit, owner.kind);
  return a;
}

export async function getAccount(db: Db, id: string): Promise<Account> {
  const a = await repo.findAccountById(db, id);
  if (!a) throw new AppError('LEDGER_ACCOUNT_NOT_FOUND', { account: id });
  return a;
}

export const accountsOfOwner = repo.findAccountsOfOwner;
export const accountsByIds = repo.findAccountsByIds;
export const transfersByRef = repo.findTransfersByRef;
export const resolutionsOf = repo.findResolutions;

export async function getTransfer(db: Db, id: string): Promise<Transfer> {
  const t = await repo.findTransferById(db, id);
  if (!t) throw new AppError('LEDGER_TRANSFER_NOT_FOUND');
  return t;
}

export interface TransferInput {
  /** Idempotency key: the same key twice moves value once. Derive it from the business event. */
  key: string;
  debitAccountId: string;
  creditAccountId: string;
  amount: number;
  unit: Unit;
  code: string;
  refType?: string | null;
  refId?: string | null;
  memo?: string | null;
  actorId?: string | null;
}

function checkAmount(amount: number) {
  if (!Number.isSafeInteger(amount) || amount <= 0) throw new AppError('LEDGER_AMOUNT_INVALID', { amount });
}

function sameRequest(t: Transfer, flag: Transfer['flag'], i: TransferInput): boolean {
  return (
    t.flag === flag &&
    t.debitAccountId === i.debitAccountId &&
    t.creditAccountId === i.creditAccountId &&
    t.amount === i.amount &&
    t.unit === i.unit
  );
}

async function runTransfer(
  db: Db,
  clock: Clock,
  input: TransferInput,
  flag: 'posted' | 'pending',
  extra: { expiresAt?: Date | null; reversalOf?: string | null } = {},
): Promise<TransferResult> {
  checkAmount(input.amount);
  const at = clock.now();
  const id = newId(at.getTime());
  const transfer = await guarded(() =>
    repo.callTransfer(db, {
      id,
      key: input.key,
      debitAccountId: input.debitAccountId,
      creditAccountId: input.creditAccountId,
      amount: input.amount,
      unit: input.unit,
      flag,
      code: input.code,
      expiresAt: extra.expiresAt ?? null,
      reversalOf: extra.reversalOf ?? null,
      refType: input.refType ?? null,
      refId: input.refId ?? null,
      memo: input.memo ?? null,
      actorId: input.actorId ?? null,
      at,
    }),
  );
  const replayed = transfer.id !== id;
  if (replayed && !sameRequest(transfer, flag, input))
    throw new AppError('LEDGER_IDEMPOTENCY_MISMATCH', { key: input.key });
  return { transfer, replayed };
}

/** A single-phase transfer: value moves now. */
export function postTransfer(db: Db, clock: Clock, input: TransferInput): Promise<TransferResult> {
  return runTransfer(db, clock, input, 'posted');
}

/** A hold (two-phase, pending): the debit account's available balance drops until posted or voided. */
export function holdTransfer(
  db: Db,
  clock: Clock,
  input: TransferInput & { expiresAt: Date | null },
): Promise<TransferResult> {
  return runTransfer(db, clock, input, 'pending', { expiresAt: input.expiresAt });
}

export interface ResolveInput {
  key: string;
  pendingId: string;
  /** Post only: how much of the hold to capture (default all of it). */
  amount?: number;
  code?: string;
  memo?: string | null;
  actorId?: string | null;
}

async function runResolve(db: Db, clock: Clock, input: ResolveInput, flag: 'post' | 'void') {
  if (input.amount !== undefined) checkAmount(input.amount);
  const at = clock.now();
  const id = newId(at.getTime());
  const transfer = await guarded(() =>
    repo.callResolve(db, {
      id,
      key: input.key,
      pendingId: input.pendingId,
      flag,
      amount: input.amount ?? null,
      code: input.code ?? null,
      memo: input.memo ?? null,
      actorId: input.actorId ?? null,
      at,
    }),
  );
  const replayed = transfer.id !== id;
  if (replayed && (transfer.flag !== flag || transfer.pendingId !== input.pendingId))
    throw new AppError('LEDGER_IDEMPOTENCY_MISMATCH', { key: input.key });
  return { transfer, replayed };
}

/** Captures a hold: posts `amount` (≤ the hold) and releases the rest. */
export function postHold(db: Db, clock: Clock, input: ResolveInput): Promise<TransferResult> {
  return runResolve(db, clock, input, 'post');
}

/** Releases a hold: nothing moves, the available balance comes back. */
export function voidHold(db: Db, clock: Clock, input: Omit<ResolveInput, 'amount'>): Promise<TransferResult> {
  return runResolve(db, clock, input, 'void');
}

/** Corrects a posted transfer by moving the same amount back; never edits the original. */
export async function reverseTransfer(
  db: Db,
  clock: Clock,
  input: { key: string; transferId: string; code?: string; memo?: string | null; actorId?: string | null },
): Promise<TransferResult> {
  const original = await getTransfer(db, input.transferId);
  if (original.flag !== 'posted' && original.flag !== 'post') throw new AppError('LEDGER_NOT_REVERSIBLE');
  return runTransfer(
    db,
    clock,
    {
      key: input.key,
      debitAccountId: original.creditAccountId,
      creditAccountId: original.debitAccountId,
      amount: original.amount,
      unit: original.unit,
      code: input.code ?? `${original.code}.reversal`,
      refType: original.refType,
      refId: original.refId,
      memo: input.memo ?? null,
      actorId: input.actorId ?? null,
    },
    'posted',
    { reversalOf: original.id },
  );
}

export interface BatchInput {
  debitAccountId: string;
  unit: Unit;
  code: string;
  refType?: string | null;
  memo?: string | null;
  actorId?: string | null;
  items: { key: string; creditAccountId: string; amount: number; refId: string }[];
}

/**
 * Many posted transfers from one account to many (one each): a programme's monthly grant.
 * Keys already posted are skipped, so running the same batch again posts nothing.
 */
export async function postBatch(
  db: Db,
  clock: Clock,
  input: BatchInput,
): Promise<{ posted: number; total: number }> {
  if (input.items.length === 0) return { posted: 0, total: 0 };
  for (const it of input.items) checkAmount(it.amount);
  const at = clock.now();
  return guarded(() =>
    repo.callPostBatch(db, {
      debitAccountId: input.debitAccountId,
      unit: input.unit,
      code: input.code,
      refType: input.refType ?? null,
      memo: input.memo ?? null,
      actorId: input.actorId ?? null,
      at,
      ids: input.items.map(() => newId(at.getTime())),
      keys: input.items.map((i) => i.key),
      credits: input.items.map((i) => i.creditAccountId),
      amounts: input.items.map((i) => i.amount),
      refIds: input.items.map((i) => i.refId),
    }),
  );
}

/** Voids holds whose expiry has passed (the scheduled sweep); returns how many were released. */
export async function expireHolds(db: Db, clock: Clock, limit = 1000): Promise<number> {
  const holds = await repo.findExpiredHolds(db, clock.now(), limit);
  let n = 0;
  for (const h of holds) {
    try {
      await voidHold(db, clock, { key: `ledger.expire:${h.id}`, pendingId: h.id, code: 'ledger.expire' });
      n++;
    } catch (err) {
      // Resolved concurrently by its owner: nothing to expire.
      if (!(err instanceof AppError && err.code === 'LEDGER_PENDING_RESOLVED')) throw err;
    }
  }
  return n;
}

export interface Entry {
  transfer: Transfer;
  seq: number;
  /** Signed effect on this account's posted balance (a hold moves nothing yet). */
  delta: number;
  /** Posted balance after the transfer. */
  balance: number;
  direction: 'debit' | 'credit';
}

/** An account's statement: transfers touching it, newest first, with signed amounts and balances. */
export async function accountEntries(
  db: Db,
  accountId: string,
  opts: { limit: number; beforeSeq?: number },
): Promise<Entry[]> {
  const rows = await repo.findAccountEntries(db, accountId, opts);
  return rows.map((t) => {
    const isDebit = t.debitAccountId === accountId;
    const moves = t.flag === 'posted' || t.flag === 'post';
    return {
      transfer: t,
      seq: isDebit ? t.debitSeq : t.creditSeq,
      delta: moves ? (isDebit ? -t.amount : t.amount) : 0,
      balance: isDebit ? t.debitBalance : t.creditBalance,
      direction: isDebit ? 'debit' : 'credit',
    };
  });
}

export interface InvariantReport {
  ok: boolean;
  violations: repo.InvariantRow[];
  units: { unit: Unit; accounts: number; transfers: number }[];
}

/** The bank-style invariant check over the whole ledger (run after every test and by the CLI). */
export async function checkLedger(db: Db): Promise<InvariantReport> {
  const violations = await repo.findInvariantViolations(db);
  return { ok: violations.length === 0, violations, units: await repo.sumsByUnit(db) };
}

export type { Account, OwnerType, Transfer };
