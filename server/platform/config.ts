import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export interface Config {
  port: number;
  host: string;
  /** postgres://… for PostgreSQL, otherwise a PGlite folder or memory:// */
  databaseUrl: string;
  dataDir: string;
  dataKey: Buffer;
  sessionTtlHours: number;
  loginMaxFailures: number;
  loginLockMinutes: number;
  secureCookies: boolean;
  uploadMaxMb: number;
  demoResidents: number;
  demoSeed: number;
  webDist: string;
  logLevel: string;
}

/**
 * The data key encrypts ID numbers and phones. Production passes MINSHENG_DATA_KEY (64 hex
 * characters); the embedded set-up creates one in the data folder on first start.
 */
export function loadDataKey(dataDir: string, env: NodeJS.ProcessEnv = process.env): Buffer {
  const fromEnv = env.MINSHENG_DATA_KEY;
  if (fromEnv) {
    const key = Buffer.from(fromEnv, /^[0-9a-f]+$/i.test(fromEnv) ? 'hex' : 'base64');
    if (key.length < 32) throw new Error('MINSHENG_DATA_KEY must hold at least 32 bytes');
    return key;
  }
  const file = join(dataDir, 'data.key');
  if (existsSync(file)) return Buffer.from(readFileSync(file, 'utf8').trim(), 'hex');
  mkdirSync(dataDir, { recursive: true });
  const key = randomBytes(32);
  writeFileSync(file, key.toString('hex'), { mode: 0o600 });
  return key;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const dataDir = resolve(env.MINSHENG_DATA_DIR ?? 'data');
  return {
    port: Number(env.PORT ?? 3000),
    host: env.HOST ?? '0.0.0.0',
    databaseUrl: env.DATABASE_URL ?? join(dataDir, 'pglite'),
    dataDir,
    dataKey: loadDataKey(dataDir, env),
    sessionTtlHours: Number(env.SESSION_TTL_HOURS ?? 12),
    loginMaxFailures: Number(env.LOGIN_MAX_FAILURES ?? 5),
    loginLockMinutes: Number(env.LOGIN_LOCK_MINUTES ?? 15),
    secureCookies: env.SECURE_COOKIES === '1',
    uploadMaxMb: Number(env.UPLOAD_MAX_MB ?? 20),
    demoResidents: Number(env.DEMO_RESIDENTS ?? 20000),
    demoSeed: Number(env.DEMO_SEED ?? 2021),
    webDist: resolve(env.WEB_DIST ?? 'web/dist'),
    logLevel: env.LOG_LEVEL ?? 'info',
  };
}

/** A config for tests: fixed key, in-memory limits. */
export function testConfig(overrides: Partial<Config> = {}): Config {
  return {
    port: 0,
    host: '127.0.0.1',
    databaseUrl: 'memory://',
    dataDir: '.tmp',
    dataKey: Buffer.alloc(32, 7),
    sessionTtlHours: 12,
    loginMaxFailures: 5,
    loginLockMinutes: 15,
    secureCookies: false,
    uploadMaxMb: 5,
    demoResidents: 200,
    demoSeed: 1,
    webDist: resolve('web/dist'),
    logLevel: 'silent',
    ...overrides,
  };
}
