import { type Actor, requireIn } from '../../platform/access.ts';
import { grantChunk } from '../../platform/batches/grant-chunk.ts';
import {
  type ChunkResult,
  type Counters,
  driveMonthBatch,
  type MonthBatchKind,
  type MonthBatchProgress,
  progressOf,
  startMonthBatches,
} from '../../platform/batches/month-batch.ts';
import type { Ctx } from '../../platform/context.ts';
import type { Db } from '../../platform/db/index.ts';
import { toDateString } from '../../platform/db/rows.ts';
import { AppError } from '../../platform/errors.ts';
import { DISTRICT } from '../areas/index.ts';
import { openAccount, openAccounts, postBatch, postTransfer } from '../ledger/index.ts';
import * as repo from './care-credits.repo.ts';
import {
  type GrantOnAccount,
  lapsedAmount,
  type Month,
  monthOf,
  monthOfKey,
  monthStart,
  settingFor,
} from './care-credits.rules.ts';
import {
  CHONGYANG_FUND,
  checkMonth,
  elderCareAccount,
  expireKey,
  grantKey,
  presentBatch,
  type StoredReport,
  settingVersions,
  who,
} from './care-credits.service.ts';

/**
 * The monthly grant and the expiry run (ADR 0009). Each walks its elders in person-id order in
 * chunks; a chunk is one transaction holding its ledger movement, the batch's progress and one
 * audit row, so a process killed between chunks leaves the ledger and the progress consistent.
 * The transfers' idempotency keys name the month and the person: a rerun posts only what is
 * missing, and its report says how many a former run had already credited.
 */

export const GRANT_CHUNK = 5_000;
export const EXPIRE_CHUNK = 1_000;

export interface BatchProgress extends MonthBatchProgress {
  kind: 'grant' | 'expire';
  month: Month;
}

export interface BatchOptions {
  month: string;
  chunkSize?: number;
  onProgress?: (p: BatchProgress) => void | Promise<void>;
  /**
   * Stops after this many chunks as if the process had been killed: the batch row stays
   * 'running' and nothing after the last committed chunk is written (tests of the rerun).
   */
  stopAfterChunks?: number;
}

function checkStarted(ctx: Ctx, m: Month) {
  if (monthStart(m) > ctx.clock.today()) throw new AppError('CARE_CREDIT_MONTH_FUTURE', { month: m });
}

/** The 重阳分 batch table and words for the shared runner (server/platform/batches). */
function batchKind(kind: 'grant' | 'expire', m: Month): MonthBatchKind<repo.BatchRow> {
  return {
    lockKey: `care_credit_batch:${kind}:${m}`,
    action: `care_credit.${kind}`,
    entityType: 'care_credit_batch',
    countKey: 'elders',
    areaCode: DISTRICT.code,
    month: m,
    busy: () => new AppError('CARE_CREDIT_BATCH_RUNNING', { month: m }),
    ...repo.batches.kindTable(kind, monthStart(m)),
  };
}

/**
 * Opens the batch row, refusing while another live run of the same kind and month holds one; a
 * run whose runner is gone is taken over (ADR 0009).
 */
async function startBatch(
  ctx: Ctx,
  actor: Actor,
  kind: MonthBatchKind<repo.BatchRow>,
  report: StoredReport,
  total: number,
): Promise<repo.BatchRow> {
  const [batch] = await startMonthBatches(ctx, who(actor), [
    { kind, report: report as Record<string, unknown>, total },
  ]);
  return batch!;
}

/** Runs the chunks, then closes the batch as done (or failed, with the error's code). */
async function drive(
  ctx: Ctx,
  actor: Actor,
  kind: MonthBatchKind<repo.BatchRow>,
  batch: repo.BatchRow,
  base: StoredReport,
  opts: BatchOptions,
  chunk: (tx: Db, c: Readonly<Counters>) => Promise<ChunkResult | null>,
) {
  const batchKindName = batch.kind as 'grant' | 'expire';
  const m = monthOf(toDateString(batch.month));
  const row = await driveMonthBatch(
    ctx,
    who(actor),
    kind,
    batch,
    base as Record<string, unknown>,
    {
      stopAfterChunks: opts.stopAfterChunks,
      onChunk: (c) =>
        opts.onProgress?.({ batchId: batch.id, kind: batchKindName, month: m, ...progressOf(batch, c) }),
    },
    chunk,
  );
  return presentBatch(row);
}

/**
 * Credits every elder enrolled for `month` with the amount of the setting in force for it, from
 * the 重阳分 fund to each elder's 养老服务专户 (opened on the first grant, in the elder's current
 * area). Elders who died before the month began are skipped. Run it again and it completes what
 * is missing; the ledger never holds two grants of one month for one elder.
 */
export async function runGrantBatch(ctx: Ctx, actor: Actor, opts: BatchOptions) {
  requireIn(actor, 'care_credit.grant', DISTRICT.code);
  const m = checkMonth(opts.month);
  checkStarted(ctx, m);
  const setting = settingFor(await settingVersions(ctx.db), m);
  if (!setting) throw new AppError('CARE_CREDIT_SETTINGS_MISSING', { month: m });
  const chunkSize = opts.chunkSize ?? GRANT_CHUNK;
  const first = monthStart(m);
  const fund = await openAccount(ctx.db, ctx.clock, CHONGYANG_FUND);
  const total = await repo.countEnrolledForMonth(ctx.db, first);
  const base: StoredReport = {
    monthlyAmount: setting.monthlyAmount,
    settingId: setting.id,
    chunkSize,
    error: null,
  };
  const kind = batchKind('grant', m);
  const batch = await startBatch(ctx, actor, kind, base, total);
  return drive(ctx, actor, kind, batch, base, opts, async (tx, c) =>
    grantChunk(c, await repo.enrolledChunk(tx, first, c.cursor, chunkSize), {
      first,
      countKey: kind.countKey,
      key: (personId) => grantKey(m, personId),
      amount: () => setting.monthlyAmount,
      existingKeys: (keys) => repo.existingKeys(tx, keys),
      // 养老服务专户 open on an elder's first grant, all of a chunk's in one statement.
      openAccounts: async (fresh) =>
        (
          await openAccounts(
            tx,
            ctx.clock,
            fresh.map((e) => elderCareAccount(e.personId, e.areaCode)),
          )
        ).map((a) => a.id),
      post: (items) =>
        postBatch(tx, ctx.clock, {
          debitAccountId: fund.id,
          unit: 'fen',
          code: 'chongyang.grant',
          refType: 'care_credit_batch',
          memo: `重阳分 ${m}`,
          actorId: actor.id,
          items: items.map((i) => ({ ...i, refId: batch.id })),
        }),
    }),
  );
}

/**
 * Moves lapsed credit back to the fund (code chongyang.expire). For each elder's sub-account
 * with something available: lapsed = max(0, available − grants still valid in `month`), FIFO
 * (spending takes the oldest credit first). Keyed chongyang.expire:<month>:<personId>, so the
 * month's run expires each elder once however often it runs.
 */
export async function runExpiry(ctx: Ctx, actor: Actor, opts: BatchOptions) {
  requireIn(actor, 'care_credit.grant', DISTRICT.code);
  const m = checkMonth(opts.month);
  checkStarted(ctx, m);
  const versions = await settingVersions(ctx.db);
  if (!settingFor(versions, m)) throw new AppError('CARE_CREDIT_SETTINGS_MISSING', { month: m });
  const chunkSize = opts.chunkSize ?? EXPIRE_CHUNK;
  const fund = await openAccount(ctx.db, ctx.clock, CHONGYANG_FUND);
  const total = await repo.countElderAccountsWithCredit(ctx.db);
  const base: StoredReport = { monthlyAmount: null, settingId: null, chunkSize, error: null };
  const kind = batchKind('expire', m);
  const batch = await startBatch(ctx, actor, kind, base, total);
  const expiryOf = (grantMonth: Month) => settingFor(versions, grantMonth)?.expiryMonths ?? 0;
  return drive(ctx, actor, kind, batch, base, opts, async (tx, c) => {
    const accounts = await repo.elderAccountsWithCredit(tx, c.cursor, chunkSize);
    if (!accounts.length) return null;
    const done = await repo.existingKeys(
      tx,
      accounts.map((a) => expireKey(m, a.personId)),
    );
    const todo = accounts.filter((a) => !done.has(expireKey(m, a.personId)));
    // The fund is locked with the elders, in id order, as the ledger's own functions lock.
    const available = await repo.lockAvailable(tx, [fund.id, ...todo.map((a) => a.accountId)]);
    const grants = new Map<string, GrantOnAccount[]>();
    for (const g of await repo.grantsOf(
      tx,
      todo.map((a) => a.accountId),
    )) {
      const gm = monthOfKey(g.key);
      if (!gm) continue;
      const list = grants.get(g.accountId) ?? [];
      list.push({ month: gm, amount: g.amount, expiryMonths: expiryOf(gm) });
      grants.set(g.accountId, list);
    }
    let posted = 0;
    let amount = 0;
    for (const a of todo) {
      const lapsed = lapsedAmount(available.get(a.accountId) ?? 0, grants.get(a.accountId) ?? [], m);
      if (lapsed <= 0) continue;
      await postTransfer(tx, ctx.clock, {
        key: expireKey(m, a.personId),
        debitAccountId: a.accountId,
        creditAccountId: fund.id,
        amount: lapsed,
        unit: 'fen',
        code: 'chongyang.expire',
        refType: 'care_credit_batch',
        refId: batch.id,
        memo: `重阳分到期 ${m}`,
        actorId: actor.id,
      });
      posted++;
      amount += lapsed;
    }
    return {
      next: {
        processed: c.processed + accounts.length,
        postedNow: c.postedNow + posted,
        alreadyDone: c.alreadyDone + accounts.length - todo.length,
        skipped: c.skipped + todo.length - posted,
        amountNow: c.amountNow + amount,
        chunks: c.chunks + 1,
        cursor: accounts.at(-1)!.personId,
      },
      audit: {
        firstPersonId: accounts[0]!.personId,
        lastPersonId: accounts.at(-1)!.personId,
        accounts: accounts.length,
        posted,
        amount,
      },
    };
  });
}
