import { count, eq, sql } from 'drizzle-orm';
import { expect } from 'vitest';
import { idCheckCharacter } from '../../contracts/id-number.ts';
import { checkLedger } from '../modules/ledger/index.ts';
import { insertPersons, preparePerson } from '../modules/registry/index.ts';
import { auditLog } from '../platform/audit/audit.schema.ts';
import type { Clock } from '../platform/clock.ts';
import type { Ctx } from '../platform/context.ts';
import type { Db } from '../platform/db/index.ts';
import { queryRows } from '../platform/db/rows.ts';
import type { AppError } from '../platform/errors.ts';
import { newId } from '../platform/ids.ts';

/**
 * Helpers for the tests of the monthly batches (重阳分 grants and expiry, benefit payments): many
 * residents at once, what the ledger holds for a month, and the runs that race or fall silent.
 */

let serial = 0;

/**
 * Residents in bulk, straight into the registry (the service path is tested elsewhere): born a
 * day apart from 1 January of `bornFrom` (7,000 days, then the next sequence number), local
 * hukou, named `<name><serial>`. Returns their ids in order.
 */
export async function insertResidents(
  ctx: Ctx,
  n: number,
  o: { name: string; bornFrom: number; areaCode: string },
): Promise<string[]> {
  const rows = [];
  for (let i = 0; i < n; i++) {
    serial++;
    const day = new Date(Date.UTC(o.bornFrom, 0, 1) + (serial % 7000) * 86_400_000)
      .toISOString()
      .slice(0, 10);
    const body = `330102${day.replaceAll('-', '')}${String(Math.floor(serial / 7000) * 2 + 1).padStart(3, '0')}`;
    const prepared = preparePerson(
      ctx,
      {
        name: `${o.name}${serial}`,
        idNumber: body + idCheckCharacter(body),
        hukouLocal: true,
        areaCode: o.areaCode,
      },
      ctx.clock.today(),
      newId(),
    );
    if (!prepared.ok) throw new Error(JSON.stringify(prepared.issues));
    rows.push(prepared.value.row);
  }
  for (let i = 0; i < rows.length; i += 1000) await insertPersons(ctx.db, rows.slice(i, i + 1000));
  return rows.map((r) => r.id);
}

/**
 * What the ledger holds for one programme's grant in a month (keys `<code>.grant:<month>:<person>`):
 * the transfers, their sum, the persons paid, and how many transfers each got (as a set).
 */
export async function grantSnapshot(db: Db, code: string, month: string) {
  const rows = await queryRows<{ person: string; n: number; amount: string }>(
    db,
    sql`SELECT split_part(idempotency_key, ':', 3) AS person, count(*)::int AS n, sum(amount)::text AS amount
        FROM ledger_transfers WHERE idempotency_key LIKE ${`${code}.grant:${month}:%`} GROUP BY 1`,
  );
  return {
    transfers: rows.reduce((s, r) => s + r.n, 0),
    amount: rows.reduce((s, r) => s + Number(r.amount), 0),
    persons: rows.length,
    perPerson: [...new Set(rows.map((r) => r.n))],
  };
}

/** The processed count of each progress report of a run, in order: pass `onProgress` to the run. */
export function progressLog() {
  const processed: number[] = [];
  return {
    processed,
    onProgress: (p: { processed: number }) => {
      processed.push(p.processed);
    },
  };
}

/** How many audit rows name this entity (a batch: one per chunk and one for the run). */
export async function auditRowCount(db: Db, entityId: string): Promise<number> {
  const [r] = await db.select({ n: count() }).from(auditLog).where(eq(auditLog.entityId, entityId));
  return Number(r?.n ?? 0);
}

/** The ledger's own check finds nothing wrong. */
export async function expectCleanLedger(db: Db): Promise<void> {
  expect((await checkLedger(db)).violations).toEqual([]);
}

/**
 * Starts the same run twice at once: how each ended ('done', or the code it was refused with),
 * sorted, and the refusal.
 */
export async function runTwiceAtOnce(
  run: () => Promise<unknown>,
): Promise<{ outcomes: string[]; refused: AppError | undefined }> {
  const results = await Promise.allSettled([run(), run()]);
  const outcomes = results
    .map((r) => (r.status === 'fulfilled' ? 'done' : (r.reason as AppError).code))
    .sort();
  const refused = results.find((r) => r.status === 'rejected') as PromiseRejectedResult | undefined;
  return { outcomes, refused: refused?.reason as AppError | undefined };
}

/**
 * The batch row (without its key and month) of a run on another machine that stopped reporting:
 * live until STALE_AFTER_MS have passed since its last heartbeat, now.
 */
export function silentRunner(clock: Clock) {
  return {
    id: newId(),
    status: 'running',
    report: { runner: { host: 'elsewhere', pid: 1, token: 'x' }, heartbeatAt: clock.now().toISOString() },
    startedAt: clock.now(),
  };
}
