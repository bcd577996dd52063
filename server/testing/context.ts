import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { seedOrgTree } from '../modules/areas/index.ts';
import { ensureEligibilityDefaults } from '../modules/eligibility/index.ts';
import { type Clock, fixedClock } from '../platform/clock.ts';
import { testConfig } from '../platform/config.ts';
import type { Ctx } from '../platform/context.ts';
import { createFieldCrypto } from '../platform/crypto.ts';
import { type Database, migrateDatabase, openDatabase } from '../platform/db/index.ts';

/** Which engine the integration suite runs on: PGlite in memory (default) or PostgreSQL 15. */
export function testEngine(): 'pglite' | 'pg' {
  return process.env.MINSHENG_TEST_DB === 'pg' ? 'pg' : 'pglite';
}

export function adminPgUrl(): string {
  return process.env.TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
}

export interface TestDb {
  database: Database;
  drop(): Promise<void>;
}

/** A fresh, migrated database: PGlite in memory, or a throwaway PostgreSQL database. */
export async function openTestDatabase(engine = testEngine()): Promise<TestDb> {
  if (engine === 'pglite') {
    const database = await openDatabase('memory://');
    await migrateDatabase(database);
    return { database, drop: () => database.close() };
  }
  const name = `ms_test_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminPgUrl() });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(adminPgUrl());
  url.pathname = `/${name}`;
  const database = await openDatabase(url.toString(), { poolSize: 60 });
  await migrateDatabase(database);
  return {
    database,
    drop: async () => {
      await database.close();
      await dropPgDatabase(name);
    },
  };
}

/**
 * Drops a throwaway PostgreSQL database. A pool resolves end() before its sockets have closed;
 * forcing the drop while they close would kill them with an error, so their closing is awaited.
 */
export async function dropPgDatabase(name: string): Promise<void> {
  const a = new pg.Client({ connectionString: adminPgUrl() });
  await a.connect();
  try {
    for (let i = 0; i < 50; i++) {
      const r = await a.query('SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1', [name]);
      if (r.rows[0].n === 0) break;
      await new Promise((res) => setTimeout(res, 20));
    }
    await a.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  } finally {
    await a.end();
  }
}

export async function createTestContext(
  opts: { clock?: Clock; engine?: 'pglite' | 'pg' } = {},
): Promise<{ ctx: Ctx; close(): Promise<void> }> {
  const t = await openTestDatabase(opts.engine);
  const config = testConfig();
  const ctx: Ctx = {
    db: t.database.db,
    database: t.database,
    clock: opts.clock ?? fixedClock('2026-06-15T02:00:00Z'),
    crypto: createFieldCrypto(config.dataKey),
    config,
  };
  await seedOrgTree(ctx.db);
  // The programmes of the seeds are reference data every district has from the start.
  await ensureEligibilityDefaults(ctx.db, ctx.clock);
  return { ctx, close: t.drop };
}
