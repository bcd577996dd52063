import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { type Database, openDatabase } from '../platform/db/index.ts';
import { adminPgUrl, dropPgDatabase, testEngine } from './context.ts';

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * A throwaway database for tests that run the real `minsheng` command in a child process: a
 * PGlite data folder in a temporary directory, or a new PostgreSQL database when the suite runs
 * on PostgreSQL. The commands see Chinese locale settings whatever the machine's own are.
 */
export interface CliDatabase {
  dir: string;
  url: string;
  env: NodeJS.ProcessEnv;
  /** Opens the database in this process for the callback (the command must not be running on PGlite). */
  withDb<T>(fn: (db: Database) => Promise<T>): Promise<T>;
  /** Starts `bin/minsheng.mjs` with these arguments; `done` settles when it exits. */
  start(...args: string[]): { child: ChildProcess; done: Promise<CliRun> };
  /** Drops the database and removes the directory. */
  drop(): Promise<void>;
}

export async function createCliDatabase(prefix: string): Promise<CliDatabase> {
  const dir = await mkdtemp(join(tmpdir(), `minsheng-${prefix}-`));
  // LC_ALL and LC_MESSAGES come before LANG: the machine's own locale must not decide.
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    MINSHENG_DATA_DIR: join(dir, 'data'),
    LANG: 'zh_CN.UTF-8',
  };
  delete env.LC_ALL;
  delete env.LC_MESSAGES;
  delete env.MINSHENG_DATA_KEY;
  let url: string;
  let dropPg: (() => Promise<void>) | undefined;
  if (testEngine() === 'pg') {
    const name = `ms_test_${prefix.replace(/\W/g, '_')}_${Date.now().toString(36)}`;
    const admin = new pg.Client({ connectionString: adminPgUrl() });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    const u = new URL(adminPgUrl());
    u.pathname = `/${name}`;
    url = u.toString();
    env.DATABASE_URL = url;
    dropPg = () => dropPgDatabase(name);
  } else {
    delete env.DATABASE_URL;
    url = join(dir, 'data', 'pglite');
  }
  return {
    dir,
    url,
    env,
    async withDb(fn) {
      const database = await openDatabase(url);
      try {
        return await fn(database);
      } finally {
        await database.close();
      }
    },
    start(...args) {
      const child = spawn(process.execPath, ['bin/minsheng.mjs', ...args], { env, cwd: process.cwd() });
      let stdout = '';
      let stderr = '';
      child.stdout!.on('data', (d) => {
        stdout += d;
      });
      child.stderr!.on('data', (d) => {
        stderr += d;
      });
      const done = new Promise<CliRun>((resolve, reject) => {
        child.on('error', reject);
        child.on('close', (code) => resolve({ code, stdout, stderr }));
      });
      return { child, done };
    },
    async drop() {
      await dropPg?.();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
