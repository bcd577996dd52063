import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { idCheckCharacter } from '../../../contracts/id-number.ts';
import { testConfig } from '../../platform/config.ts';
import { createFieldCrypto } from '../../platform/crypto.ts';
import { type Database, migrateDatabase } from '../../platform/db/index.ts';
import { queryRows } from '../../platform/db/rows.ts';
import { newId } from '../../platform/ids.ts';
import { COMMUNITY_HUBIN } from '../../testing/builders.ts';
import { type CliDatabase, createCliDatabase } from '../../testing/cli.ts';
import { seedOrgTree } from '../areas/index.ts';
import { insertPersons, preparePerson } from '../registry/index.ts';
import * as repo from './care-credits.repo.ts';
import { ensureCareCreditDefaults } from './index.ts';

const ELDERS = 3_000;
const MONTH = '2025-01';
let _dir: string;
let cliDb: CliDatabase;

const withDb = <T>(fn: (db: Database) => Promise<T>) => cliDb.withDb(fn);
const cli = (...args: string[]) => cliDb.start(...args);

async function grantsOfMonth(db: Database) {
  const [r] = await queryRows<{ n: number; elders: number; amount: string }>(
    db.db,
    sql`SELECT count(*)::int AS n, count(DISTINCT credit_account_id)::int AS elders, coalesce(sum(amount), 0)::text AS amount
        FROM ledger_transfers WHERE idempotency_key LIKE ${`chongyang.grant:${MONTH}:%`}`,
  );
  return { transfers: r!.n, elders: r!.elders, amount: Number(r!.amount) };
}

beforeAll(async () => {
  cliDb = await createCliDatabase('chongyang');
  _dir = cliDb.dir;
  await withDb(async (database) => {
    await migrateDatabase(database);
    await seedOrgTree(database.db);
    await ensureCareCreditDefaults(database.db);
    const crypto = createFieldCrypto(testConfig().dataKey);
    const rows = [];
    for (let i = 0; i < ELDERS; i++) {
      const day = new Date(Date.UTC(1935, 0, 1) + (i % 5000) * 86_400_000).toISOString().slice(0, 10);
      const body = `330102${day.replaceAll('-', '')}${String(Math.floor(i / 5000) * 2 + 1).padStart(3, '0')}`;
      const p = preparePerson(
        { crypto },
        {
          name: `进程${i}`,
          idNumber: body + idCheckCharacter(body),
          hukouLocal: true,
          areaCode: COMMUNITY_HUBIN,
        },
        '2026-01-01',
        newId(),
      );
      if (!p.ok) throw new Error(JSON.stringify(p.issues));
      rows.push(p.value.row);
    }
    for (let i = 0; i < rows.length; i += 1000) await insertPersons(database.db, rows.slice(i, i + 1000));
    await repo.insertEnrolments(
      database.db,
      rows.map((r) => ({
        personId: r.id,
        id: newId(),
        areaCode: r.areaCode,
        fromMonth: '2024-01-01',
        createdAt: new Date(),
      })),
    );
  });
}, 300_000);

afterAll(async () => {
  await cliDb?.drop();
});

describe('minsheng chongyang grant, killed and restarted', () => {
  it('completes the month on the rerun: every elder credited exactly once, the ledger clean', async () => {
    // Killed with SIGKILL once a few chunks have committed (progress lines come after each commit).
    const run = cli('chongyang', 'grant', '--month', MONTH, '--chunk-size', '100');
    let lines = 0;
    run.child.stderr!.on('data', (d: Buffer) => {
      lines += String(d)
        .split('\n')
        .filter((l) => l.includes(`/${ELDERS}`)).length;
      if (lines >= 4 && !run.child.killed) run.child.kill('SIGKILL');
    });
    const killed = await run.done;
    expect(killed.code, killed.stderr).toBeNull();
    expect(killed.stdout).toBe('');

    // What the dead process left: a running batch whose progress matches what it posted.
    const left = await withDb(async (db) => {
      const [b] = await queryRows<{ status: string; processed: number; credited: number }>(
        db.db,
        sql`SELECT status, processed, credited FROM care_credit_batches WHERE kind = 'grant'`,
      );
      return { batch: b!, grants: await grantsOfMonth(db) };
    });
    expect(left.batch.status).toBe('running');
    expect(left.batch.processed).toBeGreaterThanOrEqual(400);
    expect(left.batch.processed).toBeLessThan(ELDERS);
    expect(left.grants.transfers).toBe(left.batch.credited);

    // Restarted: the dead runner's batch is taken over at once (its pid is gone) and the month completed.
    const rerun = await cli('chongyang', 'grant', '--month', MONTH, '--format', 'json').done;
    expect(rerun.code, rerun.stderr).toBe(0);
    const report = JSON.parse(rerun.stdout);
    expect(report).toMatchObject({ kind: 'grant', month: MONTH, status: 'done' });
    expect(report.report.alreadyDone).toBe(left.grants.transfers);
    expect(report.report.postedNow + report.report.alreadyDone).toBe(ELDERS);

    await withDb(async (db) => {
      expect(await grantsOfMonth(db)).toEqual({ transfers: ELDERS, elders: ELDERS, amount: ELDERS * 10_000 });
      const [f] = await queryRows<{ balance: string; seq: number }>(
        db.db,
        sql`SELECT (credits_posted - debits_posted)::text AS balance, seq::int AS seq FROM ledger_accounts
            WHERE owner_type = 'programme' AND owner_id = 'chongyang'`,
      );
      expect([Number(f!.balance), f!.seq]).toEqual([-ELDERS * 10_000, ELDERS]);
      const statuses = await queryRows<{ status: string; error: string | null }>(
        db.db,
        sql`SELECT status, report->>'error' AS error FROM care_credit_batches ORDER BY started_at`,
      );
      expect(statuses).toEqual([
        { status: 'failed', error: 'abandoned' },
        { status: 'done', error: null },
      ]);
    });

    const check = await cli('ledger', 'check').done;
    expect(check.code, check.stdout + check.stderr).toBe(0);
    expect(check.stdout).toContain('ledger check: OK');

    // A third run moves nothing and says so.
    const third = await cli('chongyang', 'grant', '--month', MONTH).done;
    expect(third.code, third.stderr).toBe(0);
    expect(third.stdout).toMatch(/此前已发放（人）\s+3000/);
    expect(third.stdout).toMatch(/本次发放（人）\s+0/);
  }, 300_000);

  it('refuses a month not yet begun and bad usage', async () => {
    const future = await cli('chongyang', 'grant', '--month', '2099-01', '--lang', 'en').done;
    expect(future.code).toBe(1);
    expect(future.stderr).toContain('2099-01 has not started; it cannot be granted yet');
    const usage = await cli('chongyang', 'grant').done;
    expect(usage.code).toBe(2);
    expect((await cli('ledger', 'verify').done).code).toBe(2);
  }, 120_000);
});
