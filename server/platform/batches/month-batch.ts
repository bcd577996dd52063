import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { sql } from 'drizzle-orm';
import { type AuditActor, recordAudit } from '../audit/audit.service.ts';
import type { Ctx } from '../context.ts';
import type { Db } from '../db/index.ts';
import { toIso } from '../db/rows.ts';
import { AppError } from '../errors.ts';
import { newId } from '../ids.ts';
import { isRunnerAlive, type Runner } from './runner.ts';

/**
 * The machinery every resumable monthly batch shares (重阳分 grant and expiry, ADR 0009; benefit
 * payments, ADR 0020): one row per run in the caller's batch table, at most one live run per
 * lock key, runs taken over when their runner is gone, and chunks that commit the ledger
 * movement, the row's progress and one audit row together. A batch kind plugs in its table and
 * its words through a small adapter (`MonthBatchKind`; the table's columns and SQL are shared,
 * `batch-table.ts`); the chunk stays with the caller, which may use the keyed grant to persons
 * the 重阳分 grant and benefit payments share (`grant-chunk.ts`).
 */

/** This process, as written into the batches it runs. */
export const SELF: Runner = { host: hostname(), pid: process.pid, token: randomUUID() };
/** Batches this process is running now. */
const ACTIVE = new Set<string>();

export function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: the process exists but belongs to someone else.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The columns every batch table has. */
export interface MonthBatchRow {
  id: string;
  status: string;
  total: number;
  processed: number;
  report: unknown;
  startedAt: Date | string;
}

export interface MonthBatchPatch {
  status?: string;
  total?: number;
  processed?: number;
  credited?: number;
  skipped?: number;
  amount?: number;
  report?: Record<string, unknown>;
  finishedAt?: Date;
}

export interface NewMonthBatch {
  id: string;
  status: 'running';
  total: number;
  report: Record<string, unknown>;
  startedBy: string;
  startedAt: Date;
}

/** One kind of batch for one month (and programme): its table, lock, audit words and refusal. */
export interface MonthBatchKind<R extends MonthBatchRow> {
  /** Serialises the starts of runs of the same kind and month (an advisory lock on its hash). */
  lockKey: string;
  /** Audit actions: `<action>` when done, `<action>.chunk`, `<action>.failed`, `<action>.abandoned`. */
  action: string;
  entityType: string;
  /** The report's key for the count of rows walked ('elders' for 重阳分, 'persons' for benefits). */
  countKey: string;
  /** The area the audit rows are filed under. */
  areaCode: string;
  /** The month (YYYY-MM) named in the audit rows. */
  month: string;
  /** The refusal while a live run holds the kind and month. */
  busy(): AppError;
  findRunning(db: Db): Promise<R[]>;
  insert(db: Db, row: NewMonthBatch): Promise<unknown>;
  update(db: Db, id: string, patch: MonthBatchPatch): Promise<unknown>;
  find(db: Db, id: string): Promise<R | undefined>;
}

interface StoredRunner {
  runner?: Runner | null;
  heartbeatAt?: string | null;
}

/** What a run has walked and moved so far; moves only when a chunk has committed. */
export interface Counters {
  processed: number;
  postedNow: number;
  alreadyDone: number;
  skipped: number;
  amountNow: number;
  chunks: number;
  cursor: string | null;
}

/** The counters of a run before its first chunk. */
export function noCounters(): Counters {
  return { processed: 0, postedNow: 0, alreadyDone: 0, skipped: 0, amountNow: 0, chunks: 0, cursor: null };
}

/** What a caller is told after each chunk; a kind adds its own identity (kind, programme, month). */
export type MonthBatchProgress = { batchId: string; total: number } & Omit<Counters, 'cursor'>;

/** The progress of `batch` after a chunk: the run's total and the counters, without the cursor. */
export function progressOf(
  batch: { total: number },
  c: Readonly<Counters>,
): Omit<MonthBatchProgress, 'batchId'> {
  const { cursor: _, ...counts } = c;
  return { total: batch.total, ...counts };
}

/**
 * Opens one batch row per kind, all in one transaction, refusing (with the kind's `busy()`)
 * while another live run holds any of them. A row left 'running' by a runner that is gone (its
 * process on this host is dead, or no progress for STALE_AFTER_MS) is marked failed, with an
 * audit row, and the new run takes over. Locks are taken in key order, so two starts of
 * overlapping sets cannot deadlock.
 */
export async function startMonthBatches<R extends MonthBatchRow>(
  ctx: Ctx,
  by: AuditActor & { id: string },
  starts: { kind: MonthBatchKind<R>; report: Record<string, unknown>; total: number }[],
): Promise<R[]> {
  const now = ctx.clock.now();
  const planned = starts.map((s) => ({ ...s, id: newId(now.getTime()) }));
  const ordered = [...planned].sort((a, b) => (a.kind.lockKey < b.kind.lockKey ? -1 : 1));
  try {
    await ctx.db.transaction(async (tx) => {
      for (const s of ordered) {
        await lockKey(tx, s.kind.lockKey);
        for (const b of await s.kind.findRunning(tx)) {
          const r = (b.report ?? {}) as StoredRunner;
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
          if (alive) throw s.kind.busy();
          await s.kind.update(tx, b.id, {
            status: 'failed',
            finishedAt: now,
            report: { ...(b.report as Record<string, unknown>), error: 'abandoned' },
          });
          await recordAudit(tx, ctx.clock, by, {
            action: `${s.kind.action}.abandoned`,
            entityType: s.kind.entityType,
            entityId: b.id,
            areaCode: s.kind.areaCode,
            before: { status: 'running', processed: b.processed, heartbeatAt: r.heartbeatAt ?? null },
            after: { status: 'failed', takenOverBy: s.id },
          });
        }
        await s.kind.insert(tx, {
          id: s.id,
          status: 'running',
          total: s.total,
          report: { ...s.report, runner: SELF, heartbeatAt: now.toISOString() },
          startedBy: by.id,
          startedAt: now,
        });
        ACTIVE.add(s.id);
      }
    });
  } catch (err) {
    for (const s of planned) ACTIVE.delete(s.id);
    throw err;
  }
  const out: R[] = [];
  for (const s of planned) out.push((await s.kind.find(ctx.db, s.id))!);
  return out;
}

/** Serialises the callers holding the same key until their transaction ends. */
async function lockKey(db: Db, key: string): Promise<void> {
  await db.execute(sql`SELECT pg_advisory_xact_lock(hashtext(${key}))`);
}

/** The columns and report a chunk's progress writes; the heartbeat rides along. */
export function progressPatch(
  ctx: Pick<Ctx, 'clock'>,
  base: Record<string, unknown>,
  c: Counters,
  countKey: string,
) {
  return {
    processed: c.processed,
    credited: c.postedNow,
    skipped: c.alreadyDone + c.skipped,
    amount: c.amountNow,
    report: {
      ...base,
      [countKey]: c.processed,
      postedNow: c.postedNow,
      alreadyDone: c.alreadyDone,
      skipped: c.skipped,
      amountNow: c.amountNow,
      chunks: c.chunks,
      cursor: c.cursor,
      runner: SELF,
      heartbeatAt: ctx.clock.now().toISOString(),
    },
  };
}

/** What a chunk did: the counters after it, and what its audit row says besides month and chunk. */
export interface ChunkResult {
  next: Counters;
  audit: Record<string, unknown>;
}

export interface DriveOptions {
  /**
   * Stops after this many chunks as if the process had been killed: the batch row stays
   * 'running' and nothing after the last committed chunk is written (tests of the rerun).
   */
  stopAfterChunks?: number;
  /** Called after each committed chunk. */
  onChunk?: (c: Readonly<Counters>) => void | Promise<void>;
}

/**
 * Runs the chunks, then closes the batch as done (or failed, with the error's code, when a chunk
 * throws, and rethrows). Each chunk runs in its own transaction with the batch's progress and
 * its audit row; `chunk` returns null when there is nothing left. Returns the row as it ends.
 */
export async function driveMonthBatch<R extends MonthBatchRow>(
  ctx: Ctx,
  by: AuditActor,
  kind: MonthBatchKind<R>,
  batch: R,
  base: Record<string, unknown>,
  opts: DriveOptions,
  chunk: (tx: Db, c: Readonly<Counters>) => Promise<ChunkResult | null>,
): Promise<R> {
  const started = Date.now();
  const c = noCounters();
  const audit = (tx: Db, action: string, after: Record<string, unknown>) =>
    recordAudit(tx, ctx.clock, by, {
      action,
      entityType: kind.entityType,
      entityId: batch.id,
      areaCode: kind.areaCode,
      after: { month: kind.month, ...after },
    });
  try {
    for (;;) {
      if (opts.stopAfterChunks !== undefined && c.chunks >= opts.stopAfterChunks) {
        // As if killed: the row stays 'running' and this process forgets it.
        ACTIVE.delete(batch.id);
        return (await kind.find(ctx.db, batch.id))!;
      }
      // Counted into a copy: the counters move only when the chunk has committed.
      let next = null as Counters | null;
      await ctx.db.transaction(async (tx) => {
        const r = await chunk(tx, c);
        if (!r) return;
        await kind.update(tx, batch.id, progressPatch(ctx, base, r.next, kind.countKey));
        await audit(tx, `${kind.action}.chunk`, { chunk: r.next.chunks, ...r.audit });
        next = r.next;
      });
      if (!next) break;
      Object.assign(c, next);
      await opts.onChunk?.(c);
    }
    const patch = progressPatch(ctx, base, c, kind.countKey);
    const report = { ...patch.report, seconds: (Date.now() - started) / 1000 };
    await ctx.db.transaction(async (tx) => {
      await kind.update(tx, batch.id, {
        ...patch,
        status: 'done',
        total: Math.max(batch.total, c.processed),
        report,
        finishedAt: ctx.clock.now(),
      });
      await audit(tx, kind.action, {
        [kind.countKey]: c.processed,
        postedNow: c.postedNow,
        alreadyDone: c.alreadyDone,
        skipped: c.skipped,
        amountNow: c.amountNow,
        chunks: c.chunks,
      });
    });
  } catch (err) {
    const code = err instanceof AppError ? err.code : 'INTERNAL';
    try {
      await ctx.db.transaction(async (tx) => {
        const patch = progressPatch(ctx, base, c, kind.countKey);
        await kind.update(tx, batch.id, {
          status: 'failed',
          finishedAt: ctx.clock.now(),
          report: { ...patch.report, error: code, seconds: (Date.now() - started) / 1000 },
        });
        await audit(tx, `${kind.action}.failed`, {
          [kind.countKey]: c.processed,
          postedNow: c.postedNow,
          error: code,
        });
      });
    } catch {
      // The database itself is gone: the row stays 'running' and the next run takes it over.
    }
    throw err;
  } finally {
    ACTIVE.delete(batch.id);
  }
  return (await kind.find(ctx.db, batch.id))!;
}

/** Forgets runs as a killed process would (tests of the takeover). */
export function forgetMonthBatch(id: string): void {
  ACTIVE.delete(id);
}
