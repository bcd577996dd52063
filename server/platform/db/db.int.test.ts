import { sql } from 'drizzle-orm';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminPgUrl, openTestDatabase, type TestDb, testEngine } from '../../testing/context.ts';
import { queryRows } from './rows.ts';

/**
 * The server's PostgreSQL pool outlives its connections: one that the server ends while it waits
 * idle (a restart, an administrator) is replaced, and the process goes on.
 */
describe.runIf(testEngine() === 'pg')('the PostgreSQL pool', () => {
  let t: TestDb;
  beforeAll(async () => {
    t = await openTestDatabase('pg');
  });
  afterAll(async () => {
    await t?.drop();
  });

  it('survives an idle connection ended by the server, and answers on a new one', async () => {
    const pid = async () =>
      (await queryRows<{ pid: number }>(t.database.db, sql`select pg_backend_pid() as pid`))[0]?.pid;
    const first = await pid();
    expect(first).toBeGreaterThan(0);
    const uncaught: unknown[] = [];
    const onUncaught = (err: unknown) => uncaught.push(err);
    process.on('uncaughtException', onUncaught);
    const logged: string[] = [];
    const error = console.error;
    console.error = (...args: unknown[]) => logged.push(args.join(' '));
    try {
      // The connection now waits idle in the pool; the server ends it.
      const admin = new pg.Client({ connectionString: adminPgUrl() });
      await admin.connect();
      await admin.query('select pg_terminate_backend($1)', [first]);
      await admin.end();
      for (let i = 0; i < 50 && logged.length === 0; i++) await new Promise((r) => setTimeout(r, 20));
      expect(logged.join('\n')).toMatch(/database connection lost while idle/);
      const next = await pid();
      expect(next).toBeGreaterThan(0);
      expect(next).not.toBe(first);
      expect(uncaught).toEqual([]);
    } finally {
      console.error = error;
      process.off('uncaughtException', onUncaught);
    }
  });
});
