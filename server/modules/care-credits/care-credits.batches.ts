import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { type Actor, requireIn } from '../../platform/access.ts';
import { recordAudit } from '../../platform/audit/audit.service.ts';
import type { Ctx } from '../../platform/context.ts';
import { toDateString, toIso } from '../../platform/db/rows.ts';
import { AppError } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';
import { DISTRICT } from '../areas/index.ts';
import { openAccount, openAccounts, postBatch, postTransfer } from '../ledger/index.ts';
import * as repo from './care-credits.repo.ts';
import {
  type GrantOnAccount,
  isRunnerAlive,
  lapsedAmount,
  type Month,
  monthOf,
  monthOfKey,
  monthStart,
  type Runner,
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

/** This process, as written into the batches it runs. */
const SELF: Runner = { host: hostname(), pid: process.pid, token: randomUUID() };
/** Batches this process is running now. */
const ACTIVE = new Set<string>();

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: the process exists but belongs to someone else.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export interface BatchProgress {
  batchId: string;
  kind: 'grant' | 'expire';
  month: Month;
  total: number;
  processed: number;
  postedNow: number;
  alreadyDone: number;
  skipped: number;
  amountNow: number;
  chunks: number;
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

/**
 * Opens the batch row, refusing while another live run of the same kind and month holds one. A
 * row left 'running' by a runner that is gone (its process on this host is dead, or no progress
 * for STALE_AFTER_MS) is marked failed and the new run takes over.
 */
async function startBatch(
  ctx: Ctx,
  actor: Actor,
  kind: 'grant' | 'expire',
  m: Month,
  report: StoredReport,
  total: number,
): Promise<repo.BatchRow> {
  const id = newId(ctx.clock.now().getTime());
  const now = ctx.clock.now();
  try {
    await ctx.db.transaction(async (tx) => {
      await repo.lockKey(tx, `care_credit_batch:${kind}:${m}`);
      for (const b of await repo.findRunningBatches(tx, kind, monthStart(m))) {
        const r = (b.report ?? {}) as StoredReport;
        const alive = isRunnerAlive(
          {
            id: b.id,
            runner: r.runner ?? null,
            heartbeatAt: r.heartbeatAt ?? null,
            startedAt: toIso(b.startedAt),
          },
          now,
          { runner: SELF, active: ACTIVE, pidAlive },
        );
        if (alive) throw new AppError('CARE_CREDIT_BATCH_RUNNING', { month: m });
        await repo.updateBatch(tx, b.id, {
          status: 'failed',
          finishedAt: now,
          report: { ...r, error: 'abandoned' },
        });
        await recordAudit(tx, ctx.clock, who(actor), {
          action: `care_credit.${kind}.abandoned`,
          entityType: 'care_credit_batch',
          entityId: b.id,
          areaCode: DISTRICT.code,
          before: { status: 'running', processed: b.processed, heartbeatAt: r.heartbeatAt ?? null },
          after: { status: 'failed', takenOverBy: id },
        });
      }
      await repo.insertBatch(tx, {
        id,
        kind,
        month: monthStart(m),
        status: 'running',
        total,
        report: { ...report, runner: SELF, heartbeatAt: now.toISOString() },
        startedBy: actor.id,
        startedAt: now,
      });
      ACTIVE.add(id);
    });
  } catch (err) {
    ACTIVE.delete(id);
    throw err;
  }
  return (await repo.findBatch(ctx.db, id))!;
}

interface Counters {
  processed: number;
  postedNow: number;
  alreadyDone: number;
  skipped: number;
  amountNow: number;
  chunks: number;
  cursor: string | null;
}

function progressPatch(ctx: Ctx, base: StoredReport, c: Counters) {
  return {
    processed: c.processed,
    credited: c.postedNow,
    skipped: c.alreadyDone + c.skipped,
    amount: c.amountNow,
    report: {
      ...base,
      elders: c.processed,
      postedNow: c.postedNow,
      alreadyDone: c.alreadyDone,
      skipped: c.skipped,
      amountNow: c.amountNow,
      chunks: c.chunks,
      cursor: c.cursor,
      runner: SELF,
      heartbeatAt: ctx.clock.now().toISOString(),
    } satisfies StoredReport,
  };
}

/**
 * Runs the chunks, then closes the batch as done (or failed, with the error's code, when a chunk
 * throws). `chunk` returns null when there is nothing left.
 */
async function drive(
  ctx: Ctx,
  actor: Actor,
  batch: repo.BatchRow,
  base: StoredReport,
  opts: BatchOptions,
  chunk: (c: Counters) => Promise<boolean>,
) {
  const kind = batch.kind as 'grant' | 'expire';
  const m = monthOf(toDateString(batch.month));
  const started = Date.now();
  const c: Counters = {
    processed: 0,
    postedNow: 0,
    alreadyDone: 0,
    skipped: 0,
    amountNow: 0,
    chunks: 0,
    cursor: null,
  };
  try {
    for (;;) {
      if (opts.stopAfterChunks !== undefined && c.chunks >= opts.stopAfterChunks) {
        // As if killed: the row stays 'running' and this process forgets it.
        ACTIVE.delete(batch.id);
        return presentBatch((await repo.findBatch(ctx.db, batch.id))!);
      }
      if (!(await chunk(c))) break;
      await opts.onProgress?.({
        batchId: batch.id,
        kind,
        month: m,
        total: batch.total,
        processed: c.processed,
        postedNow: c.postedNow,
        alreadyDone: c.alreadyDone,
        skipped: c.skipped,
        amountNow: c.amountNow,
        chunks: c.chunks,
      });
    }
    const patch = progressPatch(ctx, base, c);
    const report = { ...patch.report, seconds: (Date.now() - started) / 1000 };
    await ctx.db.transaction(async (tx) => {
      await repo.updateBatch(tx, batch.id, {
        ...patch,
        status: 'done',
        total: Math.max(batch.total, c.processed),
        report,
        finishedAt: ctx.clock.now(),
      });
      await recordAudit(tx, ctx.clock, who(actor), {
        action: `care_credit.${kind}`,
        entityType: 'care_credit_batch',
        entityId: batch.id,
        areaCode: DISTRICT.code,
        after: {
          month: m,
          elders: c.processed,
          postedNow: c.postedNow,
          alreadyDone: c.alreadyDone,
          skipped: c.skipped,
          amountNow: c.amountNow,
          chunks: c.chunks,
        },
      });
    });
  } catch (err) {
    const code = err instanceof AppError ? err.code : 'INTERNAL';
    try {
      await ctx.db.transaction(async (tx) => {
        const patch = progressPatch(ctx, base, c);
        await repo.updateBatch(tx, batch.id, {
          status: 'failed',
          finishedAt: ctx.clock.now(),
          report: { ...patch.report, error: code, seconds: (Date.now() - started) / 1000 },
        });
        await recordAudit(tx, ctx.clock, who(actor), {
          action: `care_credit.${kind}.failed`,
          entityType: 'care_credit_batch',
          entityId: batch.id,
          areaCode: DISTRICT.code,
          after: { month: m, elders: c.processed, postedNow: c.postedNow, error: code },
        });
      });
    } catch {
      // The database itself is gone: the row stays 'running' and the next run takes it over.
    }
    throw err;
  } finally {
    ACTIVE.delete(batch.id);
  }
  return presentBatch((await repo.findBatch(ctx.db, batch.id))!);
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
  const batch = await startBatch(ctx, actor, 'grant', m, base, total);
  return drive(ctx, actor, batch, base, opts, async (c) => {
    // Counted into a copy: the counters move only when the chunk has committed.
    let next = null as Counters | null;
    await ctx.db.transaction(async (tx) => {
      const elders = await repo.enrolledChunk(tx, first, c.cursor, chunkSize);
      if (!elders.length) return;
      // Died before the month began: nothing is granted for it (deceased_on is the day of death).
      const alive = elders.filter((e) => !e.deceasedOn || e.deceasedOn >= first);
      // A rerun finds most keys posted: one indexed lookup spares their accounts and row locks.
      // postBatch skips known keys by itself too; this only keeps the rerun cheap.
      const posted = await repo.existingKeys(
        tx,
        alive.map((e) => grantKey(m, e.personId)),
      );
      const todo = alive.filter((e) => !posted.has(grantKey(m, e.personId)));
      // Sub-accounts open on an elder's first grant, all of a chunk's in one statement.
      const fresh = todo.filter((e) => !e.accountId);
      const opened = await openAccounts(
        tx,
        ctx.clock,
        fresh.map((e) => elderCareAccount(e.personId, e.areaCode)),
      );
      const accountOf = new Map(fresh.map((e, i) => [e.personId, opened[i]!.id]));
      const res = await postBatch(tx, ctx.clock, {
        debitAccountId: fund.id,
        unit: 'fen',
        code: 'chongyang.grant',
        refType: 'care_credit_batch',
        memo: `重阳分 ${m}`,
        actorId: actor.id,
        items: todo.map((e) => ({
          key: grantKey(m, e.personId),
          creditAccountId: e.accountId ?? accountOf.get(e.personId)!,
          amount: setting.monthlyAmount,
          refId: batch.id,
        })),
      });
      next = {
        processed: c.processed + elders.length,
        postedNow: c.postedNow + res.posted,
        alreadyDone: c.alreadyDone + alive.length - res.posted,
        skipped: c.skipped + elders.length - alive.length,
        amountNow: c.amountNow + res.total,
        chunks: c.chunks + 1,
        cursor: elders.at(-1)!.personId,
      };
      await repo.updateBatch(tx, batch.id, progressPatch(ctx, base, next));
      await recordAudit(tx, ctx.clock, who(actor), {
        action: 'care_credit.grant.chunk',
        entityType: 'care_credit_batch',
        entityId: batch.id,
        areaCode: DISTRICT.code,
        after: {
          month: m,
          chunk: next.chunks,
          firstPersonId: elders[0]!.personId,
          lastPersonId: next.cursor,
          elders: elders.length,
          posted: res.posted,
          amount: res.total,
        },
      });
    });
    if (!next) return false;
    Object.assign(c, next);
    return true;
  });
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
  const batch = await startBatch(ctx, actor, 'expire', m, base, total);
  const expiryOf = (grantMonth: Month) => settingFor(versions, grantMonth)?.expiryMonths ?? 0;
  return drive(ctx, actor, batch, base, opts, async (c) => {
    // Counted into a copy: the counters move only when the chunk has committed.
    let next = null as Counters | null;
    await ctx.db.transaction(async (tx) => {
      const accounts = await repo.elderAccountsWithCredit(tx, c.cursor, chunkSize);
      if (!accounts.length) return;
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
      next = {
        processed: c.processed + accounts.length,
        postedNow: c.postedNow + posted,
        alreadyDone: c.alreadyDone + accounts.length - todo.length,
        skipped: c.skipped + todo.length - posted,
        amountNow: c.amountNow + amount,
        chunks: c.chunks + 1,
        cursor: accounts.at(-1)!.personId,
      };
      await repo.updateBatch(tx, batch.id, progressPatch(ctx, base, next));
      await recordAudit(tx, ctx.clock, who(actor), {
        action: 'care_credit.expire.chunk',
        entityType: 'care_credit_batch',
        entityId: batch.id,
        areaCode: DISTRICT.code,
        after: {
          month: m,
          chunk: next.chunks,
          firstPersonId: accounts[0]!.personId,
          lastPersonId: next.cursor,
          accounts: accounts.length,
          posted,
          amount,
        },
      });
    });
    if (!next) return false;
    Object.assign(c, next);
    return true;
  });
}
