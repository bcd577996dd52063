import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import pg from 'pg';
import { to as copyTo } from 'pg-copy-streams';
import * as schema from './schema.ts';

export type Schema = typeof schema;
/** The one database type services and repositories see: PGlite and node-postgres both satisfy it. */
export type Db = PgDatabase<PgQueryResultHKT, Schema>;

export interface Database {
  db: Db;
  kind: 'pglite' | 'pg';
  /** Runs a plain SQL string (several statements allowed). */
  exec(sqlText: string): Promise<void>;
  /**
   * PostgreSQL only: streams `COPY (query) TO STDOUT` in text format to `onChunk` as it arrives,
   * inside one transaction that first runs `settings` (e.g. `set local jit = off`). The caller
   * reads rows while the server still produces them, and no row object is ever made.
   */
  copyOut?: (query: string, onChunk: (chunk: Buffer) => void, settings?: readonly string[]) => Promise<void>;
  close(): Promise<void>;
}

export const MIGRATIONS_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../../../migrations');

/**
 * Connections per server process (node-postgres's own default). More busy backends than a few
 * per database core only queue inside PostgreSQL: on the 2-core benchmark machine, 20 gave about
 * 15 % fewer searches per second than 8 to 12 with the same 50 clients.
 */
const DEFAULT_POOL_SIZE = 10;

async function copyOut(
  pool: pg.Pool,
  query: string,
  onChunk: (chunk: Buffer) => void,
  settings: readonly string[],
): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('begin');
    for (const s of settings) await client.query(s);
    const stream = client.query(copyTo(`copy (${query}) to stdout`));
    for await (const chunk of stream) onChunk(chunk as Buffer);
    await client.query('commit');
    client.release();
  } catch (err) {
    // A connection whose COPY broke off may be mid-stream: it is closed, not given back to the
    // pool, and the server rolls the transaction back (it only read).
    client.release(err instanceof Error ? err : new Error(String(err)));
    throw err;
  }
}

/**
 * `url` is a postgres:// URL (PostgreSQL 15 through pg), `memory://` (PGlite in memory) or a
 * folder path (PGlite on disk).
 */
export async function openDatabase(url: string, opts: { poolSize?: number } = {}): Promise<Database> {
  if (/^postgres(ql)?:\/\//.test(url)) {
    // Sessions run in UTC; calendar dates are kept as YYYY-MM-DD strings throughout.
    const pool = new pg.Pool({
      connectionString: url,
      max: opts.poolSize ?? DEFAULT_POOL_SIZE,
      options: '-c TimeZone=UTC',
    });
    // A connection waiting idle in the pool can lose its server (a restart, a dropped
    // database): the pool discards it and opens another when one is needed. Without a listener
    // the pool would throw the error and end the process.
    pool.on('error', (err) => console.error(`database connection lost while idle: ${err.message}`));
    const db = drizzlePg(pool, { schema }) as unknown as Db;
    return {
      db,
      kind: 'pg',
      exec: async (text) => {
        await pool.query(text);
      },
      copyOut: (query, onChunk, settings = []) => copyOut(pool, query, onChunk, settings),
      close: () => pool.end(),
    };
  }
  let client: PGlite;
  let release = () => {};
  if (url === 'memory://' || url === '') {
    client = await PGlite.create();
  } else {
    const dir = url.replace(/^file:\/\//, '');
    mkdirSync(dir, { recursive: true });
    release = lockFolder(dir);
    client = await PGlite.create(dir);
  }
  await client.exec("SET TIME ZONE 'UTC'");
  const db = drizzlePglite(client, { schema }) as unknown as Db;
  return {
    db,
    kind: 'pglite',
    exec: async (text) => {
      await client.exec(text);
    },
    close: async () => {
      await client.close();
      release();
    },
  };
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * PGlite is one process's database: a second process opening the same folder would corrupt it.
 * A lock file with the owner's pid refuses that with a clear message; a stale lock is taken over.
 */
function lockFolder(dir: string): () => void {
  // Beside the folder, not in it: PGlite initialises only an empty folder.
  const file = `${dir.replace(/\/+$/, '')}.lock`;
  if (existsSync(file)) {
    const pid = Number(readFileSync(file, 'utf8').trim());
    if (pid && pid !== process.pid && isAlive(pid))
      throw new Error(
        `数据目录 ${dir} 正由进程 ${pid} 使用（嵌入式数据库只能由一个进程打开）。请先停止该进程，或改用 DATABASE_URL 连接 PostgreSQL。\n` +
          `The data folder ${dir} is in use by process ${pid} (the embedded database allows one process). Stop it first, or use DATABASE_URL with PostgreSQL.`,
      );
  }
  writeFileSync(file, String(process.pid));
  return () => rmSync(file, { force: true });
}

export async function migrateDatabase(database: Database): Promise<void> {
  if (database.kind === 'pg') {
    await migratePg(database.db as never, { migrationsFolder: MIGRATIONS_DIR });
  } else {
    await migratePglite(database.db as never, { migrationsFolder: MIGRATIONS_DIR });
  }
}

export { schema };
