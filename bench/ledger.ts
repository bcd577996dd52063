/**
 * `npm run bench -- ledger [--duration 15] [--clients 1,32] [--elders 227000] [--wallets 10000]
 *   [--providers 200] [--engines pg,pglite] [--warmup 3] [--rounds 3] [--keep]`
 *
 * The value ledger (ADR 0008) under load, per engine, on a throwaway database:
 * - transfers: K concurrent callers, each calling `postTransfer` (the service, one SQL function
 *   call per transfer) in a loop: a spend from a random elder's wallet to a random provider's
 *   receivable with a fresh idempotency key; ops/s, p50/p99 and the share refused for lack of
 *   funds (a refusal is a completed operation);
 * - holds: the two-phase path (hold, then post it) at the largest K;
 * - the monthly 重阳分 grant to every enrolled elder (227,000 in Shangcheng), and its rerun,
 *   through the care-credits module's `runGrantBatch`.
 * Beside them, on the same PostgreSQL server in the same run, pgbench's built-in TPC-B-like
 * script at the same client counts: the practical limit of one Postgres on this machine.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { idCheckCharacter } from '../contracts/id-number.ts';
import { communityCode, STREETS, seedOrgTree } from '../server/modules/areas/index.ts';
import {
  type Account,
  checkLedger,
  holdTransfer,
  openAccounts,
  postBatch,
  postHold,
  postTransfer,
} from '../server/modules/ledger/index.ts';
import { type Actor, SYSTEM_ACTOR } from '../server/platform/access.ts';
import { type Clock, shanghaiDate, systemClock } from '../server/platform/clock.ts';
import { loadConfig } from '../server/platform/config.ts';
import type { Ctx } from '../server/platform/context.ts';
import { createFieldCrypto } from '../server/platform/crypto.ts';
import { type Db, migrateDatabase, openDatabase } from '../server/platform/db/index.ts';
import { pgArray } from '../server/platform/db/rows.ts';
import { AppError } from '../server/platform/errors.ts';
import { newId } from '../server/platform/ids.ts';
import {
  adminUrl,
  type Engine,
  log,
  percentile,
  pgAdmin,
  printTable,
  type Result,
  writeResults,
} from './lib.ts';

const BENCH_KEY = '3b'.repeat(32);
const DISTRICT = '330102000000';
const PG_DB = 'minsheng_bench_ledger';
const PGBENCH_DB = 'minsheng_bench_pgbench';
const PGBENCH_SCALE = 10;
/** Each wallet starts with 20,000 yuan; spends are 1–50 yuan, so refusals stay rare. */
const WALLET_FUNDING = 2_000_000;
const TARGET = 0.5;

interface Options {
  duration: number;
  clients: number[];
  elders: number;
  wallets: number;
  providers: number;
  engines: Engine[];
  keep: boolean;
  warmup: number;
  /**
   * pgbench and minsheng alternate this many times per client count and the median round counts:
   * on a shared 2-CPU machine a burst from another process (a test suite creating databases)
   * can halve one 15-second case, and it should not decide the comparison.
   */
  rounds: number;
}

function pgUrl(db: string) {
  const u = new URL(adminUrl());
  u.pathname = `/${db}`;
  return u.toString();
}

const PGLITE_DIR = join(process.cwd(), 'bench', '.data', 'pglite-ledger');

async function recreatePgDatabase(name: string) {
  await pgAdmin(async (c) => {
    await c.query(`drop database if exists ${name} with (force)`);
    await c.query(`create database ${name}`);
  });
}

async function dropPgDatabase(name: string) {
  await pgAdmin((c) => c.query(`drop database if exists ${name} with (force)`));
}

/** A small seeded PRNG (mulberry32): each case draws its own sequence of wallets and amounts. */
function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Where a case's time goes: CPU seconds of this process (node), of the client program (pgbench)
 * and of the PostgreSQL server's processes serving the case's database plus its background
 * workers (WAL writer, checkpointer…), read from /proc every 200 ms so that backends which exit
 * at the end of the case are still counted. Other databases' backends (other users of a shared
 * machine) are left out. Linux with a local server only; elsewhere only node is reported.
 */
const TICK = 100; // USER_HZ: clock ticks per second in /proc/<pid>/stat

function ticksOf(pid: number): { comm: string; ticks: number } | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const close = stat.lastIndexOf(')');
    const f = stat.slice(close + 2).split(' ');
    // utime and stime are fields 14 and 15, the 12th and 13th after the command name.
    return { comm: stat.slice(stat.indexOf('(') + 1, close), ticks: Number(f[11]) + Number(f[12]) };
  } catch {
    return undefined; // gone, or no /proc
  }
}

interface CpuUse {
  node: number;
  client: number;
  postgres: number | undefined;
}

async function measureCpu<T>(
  engine: Engine,
  dbName: string,
  fn: (setClientPid: (pid: number | undefined) => void) => Promise<T>,
): Promise<{ value: T; cpu: CpuUse }> {
  const node0 = process.cpuUsage();
  const local =
    engine === 'pg' &&
    existsSync('/proc/self/stat') &&
    /^(127\.|localhost)/.test(new URL(adminUrl()).hostname);
  const base = new Map<number, number>();
  const last = new Map<number, number>();
  let clientPid: number | undefined;
  let clientTicks = 0;
  let admin: pg.Client | undefined;
  const serverPids = async (): Promise<number[]> => {
    const r = await admin!.query<{ pid: number }>(
      'select pid from pg_stat_activity where datname = $1 or datname is null',
      [dbName],
    );
    return r.rows.map((x) => x.pid);
  };
  const sample = async (first: boolean) => {
    for (const pid of await serverPids()) {
      const t = ticksOf(pid);
      if (t?.comm !== 'postgres') continue;
      if (first) base.set(pid, t.ticks);
      else if (!base.has(pid)) base.set(pid, 0); // started during the case
      last.set(pid, t.ticks);
    }
    if (clientPid !== undefined) {
      const t = ticksOf(clientPid);
      if (t) clientTicks = t.ticks;
    }
  };
  let timer: NodeJS.Timeout | undefined;
  let sampling: Promise<void> = Promise.resolve();
  if (local) {
    admin = new pg.Client({ connectionString: adminUrl() });
    await admin.connect();
    await sample(true);
    timer = setInterval(() => {
      sampling = sampling.then(() => sample(false)).catch(() => {});
    }, 200);
  }
  try {
    const value = await fn((pid) => {
      clientPid = pid;
    });
    if (timer) clearInterval(timer);
    await sampling;
    if (local) await sample(false);
    const n = process.cpuUsage(node0);
    let pgTicks = 0;
    for (const [pid, t] of last) pgTicks += t - (base.get(pid) ?? 0);
    return {
      value,
      cpu: {
        node: (n.user + n.system) / 1e6,
        client: clientTicks / TICK,
        postgres: local ? pgTicks / TICK : undefined,
      },
    };
  } finally {
    if (timer) clearInterval(timer);
    await admin?.end();
  }
}

/** "CPU per op: node 120 µs + postgres 310 µs" for a case of `ops` operations. */
function cpuPerOp(cpu: CpuUse, ops: number, client: 'node' | 'pgbench'): string {
  const us = (sec: number) => `${Math.round((sec * 1e6) / Math.max(1, ops))} µs`;
  const parts = [`${client} ${us(client === 'node' ? cpu.node : cpu.client)}`];
  if (cpu.postgres !== undefined) parts.push(`postgres ${us(cpu.postgres)}`);
  return `CPU per op: ${parts.join(' + ')}`;
}

// ───────────────────────────── the minsheng side ─────────────────────────────

interface Setup {
  ctx: Ctx;
  wallets: Account[];
  providers: Account[];
}

async function openBench(engine: Engine, o: Options): Promise<Setup> {
  let url: string;
  if (engine === 'pg') {
    await recreatePgDatabase(PG_DB);
    url = pgUrl(PG_DB);
  } else {
    rmSync(PGLITE_DIR, { recursive: true, force: true });
    mkdirSync(join(PGLITE_DIR, '..'), { recursive: true });
    url = PGLITE_DIR;
  }
  // One connection per concurrent caller (plus one spare for set-up statements).
  const database = await openDatabase(url, { poolSize: Math.max(...o.clients) + 1 });
  await migrateDatabase(database);
  await seedOrgTree(database.db);
  const config = {
    ...loadConfig({ ...process.env, MINSHENG_DATA_KEY: BENCH_KEY, DATABASE_URL: url }),
    databaseUrl: url,
  };
  const ctx: Ctx = {
    db: database.db,
    database,
    clock: systemClock,
    crypto: createFieldCrypto(config.dataKey),
    config,
  };
  const started = Date.now();
  const clock = ctx.clock;
  const [fund] = await openAccounts(ctx.db, clock, [
    {
      ownerType: 'programme',
      ownerId: 'bench',
      unit: 'fen',
      kind: 'fund',
      areaCode: DISTRICT,
      allowNegative: true,
    },
  ]);
  const communities = STREETS.flatMap((s, si) => s.communities.map((_, ci) => communityCode(si, ci)));
  const wallets: Account[] = [];
  const CHUNK = 5_000;
  for (let i = 0; i < o.wallets; i += CHUNK) {
    const specs = Array.from({ length: Math.min(CHUNK, o.wallets - i) }, (_, j) => ({
      ownerType: 'person' as const,
      ownerId: newId(),
      unit: 'fen' as const,
      kind: 'elder_care',
      areaCode: communities[(i + j) % communities.length]!,
    }));
    const opened = await openAccounts(ctx.db, clock, specs);
    wallets.push(...opened);
    await postBatch(ctx.db, clock, {
      debitAccountId: fund!.id,
      unit: 'fen',
      code: 'bench.funding',
      refType: 'bench',
      items: opened.map((a) => ({
        key: `bench.funding:${a.id}`,
        creditAccountId: a.id,
        amount: WALLET_FUNDING,
        refId: a.ownerId,
      })),
    });
  }
  const providers = await openAccounts(
    ctx.db,
    clock,
    Array.from({ length: o.providers }, () => ({
      ownerType: 'org' as const,
      ownerId: newId(),
      unit: 'fen' as const,
      kind: 'receivable',
      areaCode: DISTRICT,
    })),
  );
  await ctx.database.exec('VACUUM ANALYZE ledger_accounts');
  log(
    `  [${engine}] ${wallets.length} funded wallets and ${providers.length} providers in ${((Date.now() - started) / 1000).toFixed(1)} s`,
  );
  return { ctx, wallets, providers };
}

type Outcome = 'ok' | 'refused';

interface LoadResult {
  ops: number;
  opsPerS: number;
  p50: number;
  p99: number;
  mean: number;
  refused: number;
}

/** K callers, each awaiting one operation after another for `seconds`; every latency is kept. */
async function drive(k: number, seconds: number, op: () => Promise<Outcome>): Promise<LoadResult> {
  const latencies: number[] = [];
  let refused = 0;
  const started = performance.now();
  const until = started + seconds * 1000;
  await Promise.all(
    Array.from({ length: k }, async () => {
      while (performance.now() < until) {
        const t = performance.now();
        if ((await op()) === 'refused') refused++;
        latencies.push(performance.now() - t);
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  const sum = latencies.reduce((a, b) => a + b, 0);
  latencies.sort((a, b) => a - b);
  return {
    ops: latencies.length,
    opsPerS: latencies.length / elapsed,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    mean: sum / Math.max(1, latencies.length),
    refused,
  };
}

let runTag = '';
/** Every operation of the run gets its own idempotency key, across cases and warm-ups. */
let opSeq = 0;

function spend(s: Setup, random: () => number, clock: Clock) {
  return async (): Promise<Outcome> => {
    const i = opSeq++;
    const w = s.wallets[Math.floor(random() * s.wallets.length)]!;
    const p = s.providers[Math.floor(random() * s.providers.length)]!;
    try {
      await postTransfer(s.ctx.db, clock, {
        key: `bench.spend:${runTag}:${i}`,
        debitAccountId: w.id,
        creditAccountId: p.id,
        amount: 100 + Math.floor(random() * 4_900),
        unit: 'fen',
        code: 'order.payment',
        refType: 'bench',
        refId: String(i),
      });
      return 'ok';
    } catch (err) {
      if (err instanceof AppError && err.code === 'LEDGER_INSUFFICIENT') return 'refused';
      throw err;
    }
  };
}

/** The booking path: hold at acceptance, post at confirmation (two transfers per operation). */
function holdThenPost(s: Setup, random: () => number, clock: Clock) {
  return async (): Promise<Outcome> => {
    const i = opSeq++;
    const w = s.wallets[Math.floor(random() * s.wallets.length)]!;
    const p = s.providers[Math.floor(random() * s.providers.length)]!;
    try {
      const { transfer } = await holdTransfer(s.ctx.db, clock, {
        key: `bench.hold:${runTag}:${i}`,
        debitAccountId: w.id,
        creditAccountId: p.id,
        amount: 100 + Math.floor(random() * 4_900),
        unit: 'fen',
        code: 'order.payment',
        refType: 'bench',
        refId: String(i),
        expiresAt: new Date(clock.now().getTime() + 3_600_000),
      });
      await postHold(s.ctx.db, clock, { key: `bench.capture:${runTag}:${i}`, pendingId: transfer.id });
      return 'ok';
    } catch (err) {
      if (err instanceof AppError && err.code === 'LEDGER_INSUFFICIENT') return 'refused';
      throw err;
    }
  };
}

async function checkpoint(engine: Engine, s: Setup) {
  // Each case starts without the previous one's dirty pages (PostgreSQL); PGlite has no server.
  if (engine === 'pg') await s.ctx.database.exec('CHECKPOINT');
}

function clientsCase(prefix: string, k: number) {
  return `${prefix}-${k}-${k === 1 ? 'client' : 'clients'}`;
}

function pushLoad(results: Result[], system: string, engine: Engine, name: string, r: LoadResult) {
  results.push({ system, engine, case: name, metric: 'ops_per_s', value: r.opsPerS });
  results.push({ system, engine, case: name, metric: 'p50_ms', value: r.p50 });
  results.push({ system, engine, case: name, metric: 'p99_ms', value: r.p99 });
}

async function benchTransfers(engine: Engine, s: Setup, k: number, o: Options): Promise<LoadResult> {
  const random = rng(1000 + k + opSeq);
  if (o.warmup > 0) await drive(k, o.warmup, spend(s, random, s.ctx.clock));
  await checkpoint(engine, s);
  const { value: r, cpu } = await measureCpu(engine, PG_DB, () =>
    drive(k, o.duration, spend(s, random, s.ctx.clock)),
  );
  log(
    `  [${engine}] minsheng ${clientsCase('transfers', k)}: ${Math.round(r.opsPerS)} ops/s, p50 ${r.p50.toFixed(2)} ms, p99 ${r.p99.toFixed(2)} ms, ${r.refused} refused of ${r.ops}; ${cpuPerOp(cpu, r.ops, 'node')}`,
  );
  return r;
}

/** The round with the median throughput (its latencies with it): one noisy round does not decide. */
function medianRound<T extends { opsPerS: number }>(rounds: T[]): T {
  const sorted = [...rounds].sort((a, b) => a.opsPerS - b.opsPerS);
  return sorted[Math.floor((sorted.length - 1) / 2)]!;
}

async function benchHolds(engine: Engine, s: Setup, k: number, o: Options, results: Result[]) {
  const random = rng(2000 + k);
  if (o.warmup > 0) await drive(k, o.warmup, holdThenPost(s, random, s.ctx.clock));
  await checkpoint(engine, s);
  const { value: r, cpu } = await measureCpu(engine, PG_DB, () =>
    drive(k, o.duration, holdThenPost(s, random, s.ctx.clock)),
  );
  const name = clientsCase('holds', k);
  log(
    `  [${engine}] minsheng ${name}: ${Math.round(r.opsPerS)} hold+post/s, p50 ${r.p50.toFixed(2)} ms, p99 ${r.p99.toFixed(2)} ms, ${r.refused} refused; ${cpuPerOp(cpu, r.ops, 'node')}`,
  );
  pushLoad(results, 'minsheng', engine, name, r);
  results.push({
    system: 'minsheng',
    engine,
    case: name,
    metric: 'transfers_per_s',
    value: (2 * (r.ops - r.refused) + r.refused) / o.duration,
  });
}

// ───────────────────────────── the monthly grant ─────────────────────────────

/** What the bench needs from the care-credits module (loaded by name: it may not exist yet). */
interface CareCreditsApi {
  runGrantBatch(
    ctx: Ctx,
    actor: Actor,
    o: { month: string; chunkSize?: number; onProgress?: (p: unknown) => void },
  ): Promise<unknown>;
  ensureCareCreditDefaults(db: Db): Promise<unknown>;
}

const CARE_CREDITS = '../server/modules/care-credits/index.ts';

async function loadCareCredits(): Promise<CareCreditsApi | string> {
  try {
    const m = (await import(CARE_CREDITS)) as Partial<CareCreditsApi>;
    if (typeof m.runGrantBatch !== 'function' || typeof m.ensureCareCreditDefaults !== 'function')
      return 'server/modules/care-credits/index.ts does not export runGrantBatch and ensureCareCreditDefaults yet';
    return m as CareCreditsApi;
  } catch (err) {
    return `the care-credits module cannot be loaded (${(err as Error).message.split('\n')[0]})`;
  }
}

const SURNAMES =
  '王李张刘陈杨黄赵吴周徐孙马朱胡郭何林高罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹'.split(
    '',
  );
const GIVEN = '国建华秀英明志强玉兰桂芳德福海丽淑珍金凤荣秀梅春生文杰永红'.split('');

/**
 * N elders aged 60 to 99, with valid ID numbers (encrypted and hashed as the registry stores
 * them), spread over the district's communities, each enrolled in 重阳分 from last month on.
 * Written straight into the tables in big multi-row statements: the demo generator would build
 * a whole district (870,000 residents, households and facts, minutes) to get the same elders.
 */
async function insertElders(engine: Engine, ctx: Ctx, n: number, fromMonth: string) {
  const started = Date.now();
  const communities = STREETS.flatMap((s, si) => s.communities.map((_, ci) => communityCode(si, ci)));
  const today = shanghaiDate(new Date());
  const thisYear = Number(today.slice(0, 4));
  // Birth dates run over the 40 years from age 60 to 99, one day after another; the 3-digit
  // sequence number separates the people born on the same day.
  const firstBirth = Date.UTC(thisYear - 100, Number(today.slice(5, 7)) - 1, Number(today.slice(8, 10)) + 1);
  const days = 40 * 365;
  const CHUNK = 5_000;
  for (let i = 0; i < n; i += CHUNK) {
    const m = Math.min(CHUNK, n - i);
    const cols = {
      id: [] as string[],
      name: [] as string[],
      idHash: [] as string[],
      idEnc: [] as string[],
      idMasked: [] as string[],
      idTail: [] as string[],
      birth: [] as string[],
      sex: [] as string[],
      area: [] as string[],
      street: [] as string[],
      address: [] as string[],
      enrolment: [] as string[],
    };
    for (let j = 0; j < m; j++) {
      const x = i + j;
      const birth = new Date(firstBirth + (x % days) * 86_400_000).toISOString().slice(0, 10);
      const seq = String(Math.floor(x / days) % 1000).padStart(3, '0');
      const body = `330102${birth.replaceAll('-', '')}${seq}`;
      const idNumber = body + idCheckCharacter(body);
      const area = communities[x % communities.length]!;
      cols.id.push(newId());
      cols.name.push(
        `${SURNAMES[x % SURNAMES.length]}${GIVEN[(x >> 3) % GIVEN.length]}${GIVEN[(x >> 7) % GIVEN.length]}`,
      );
      cols.idHash.push(ctx.crypto.lookupHash(idNumber));
      cols.idEnc.push(ctx.crypto.encrypt(idNumber));
      cols.idMasked.push(`${idNumber.slice(0, 6)}********${idNumber.slice(14)}`);
      cols.idTail.push(idNumber.slice(14));
      cols.birth.push(birth);
      cols.sex.push(Number(seq[2]) % 2 === 1 ? 'M' : 'F');
      cols.area.push(area);
      cols.street.push(area.slice(0, 9));
      cols.address.push(`测试路${x % 997}号`);
      cols.enrolment.push(newId());
    }
    await ctx.db.execute(sql`
      WITH p AS (
        INSERT INTO persons (id, name, id_hash, id_enc, id_masked, id_tail, birth_date, sex, hukou_local,
          area_code, street_code, address)
        SELECT u.id, u.name, u.id_hash, u.id_enc, u.id_masked, u.id_tail, u.birth_date, u.sex, true,
          u.area_code, u.street_code, u.address
        FROM unnest(${pgArray(cols.id, 'uuid')}, ${pgArray(cols.name, 'text')}, ${pgArray(cols.idHash, 'text')},
          ${pgArray(cols.idEnc, 'text')}, ${pgArray(cols.idMasked, 'text')}, ${pgArray(cols.idTail, 'text')},
          ${pgArray(cols.birth, 'date')}, ${pgArray(cols.sex, 'text')}, ${pgArray(cols.area, 'text')},
          ${pgArray(cols.street, 'text')}, ${pgArray(cols.address, 'text')})
          AS u(id, name, id_hash, id_enc, id_masked, id_tail, birth_date, sex, area_code, street_code, address)
        RETURNING id, area_code
      )
      INSERT INTO care_credit_enrolments (person_id, id, area_code, from_month, reason)
      SELECT p.id, e.eid, p.area_code, ${fromMonth}::date, 'bench'
      FROM p JOIN unnest(${pgArray(cols.id, 'uuid')}, ${pgArray(cols.enrolment, 'uuid')}) AS e(pid, eid)
        ON e.pid = p.id`);
  }
  await ctx.database.exec('VACUUM ANALYZE persons');
  await ctx.database.exec('VACUUM ANALYZE care_credit_enrolments');
  log(`  [${engine}] ${n} elders enrolled in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

/** The month the batch runs for (this month in Shanghai) and the first day of the one before. */
function months(clock: Clock) {
  const today = clock.today();
  const month = today.slice(0, 7);
  const [y, m] = month.split('-').map(Number) as [number, number];
  const prev = new Date(Date.UTC(y, m - 2, 1)).toISOString().slice(0, 10);
  return { month, previousFirst: prev };
}

/** Null when the batch could not run (the reason is logged and returned in `skipped`). */
async function benchGrant(
  engine: Engine,
  s: Setup,
  o: Options,
  results: Result[],
  notes: string[],
): Promise<void> {
  const cc = await loadCareCredits();
  if (typeof cc === 'string') {
    const note = `[${engine}] grant-batch-${o.elders}: not run — ${cc}`;
    log(`  ${note}`);
    notes.push(note);
    return;
  }
  const { month, previousFirst } = months(s.ctx.clock);
  await insertElders(engine, s.ctx, o.elders, previousFirst);
  await cc.ensureCareCreditDefaults(s.ctx.db);
  await checkpoint(engine, s);
  const name = `grant-batch-${o.elders}`;
  for (const [label, caseName] of [
    ['first run', name],
    ['rerun', `${name}-rerun`],
  ] as const) {
    let last = 0;
    const started = performance.now();
    const { value: summary, cpu } = await measureCpu(engine, PG_DB, () =>
      cc.runGrantBatch(s.ctx, SYSTEM_ACTOR, {
        month,
        onProgress: (p) => {
          if (Date.now() - last > 5000) {
            last = Date.now();
            const q = p as { processed?: number; total?: number };
            log(`  [${engine}] grant ${label}: ${q.processed} of ${q.total}`);
          }
        },
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    const b = summary as {
      status?: string;
      total?: number;
      credited?: number;
      skipped?: number;
      amount?: number;
    };
    const cpuNote = `CPU: node ${cpu.node.toFixed(1)} s${cpu.postgres === undefined ? '' : ` + postgres ${cpu.postgres.toFixed(1)} s`}`;
    log(
      `  [${engine}] grant ${label}: ${seconds.toFixed(1)} s, ${b.status}: ${b.credited} credited, ${b.skipped} skipped of ${b.total}, ${b.amount} fen; ${cpuNote}`,
    );
    const expected = label === 'first run' ? o.elders : 0;
    if (b.status !== 'done' || b.credited !== expected)
      notes.push(`[${engine}] grant ${label}: expected ${expected} credited, got ${JSON.stringify(summary)}`);
    results.push({ system: 'minsheng', engine, case: caseName, metric: 'duration_s', value: seconds });
    if (label === 'first run')
      results.push({
        system: 'minsheng',
        engine,
        case: caseName,
        metric: 'elders_per_s',
        value: o.elders / seconds,
      });
  }
}

// ───────────────────────────── pgbench ─────────────────────────────

/** pgbench of the server's own major version if it can be found, else whatever is on the PATH. */
function findPgbench(serverMajor: number): string | undefined {
  const candidates: string[] = [];
  if (process.env.BENCH_PGBENCH) candidates.push(process.env.BENCH_PGBENCH);
  const cfg = spawnSync('pg_config', ['--bindir'], { encoding: 'utf8' });
  if (cfg.status === 0) candidates.push(join(cfg.stdout.trim(), 'pgbench'));
  // Debian keeps each major version's programs apart.
  candidates.push(`/usr/lib/postgresql/${serverMajor}/bin/pgbench`);
  if (existsSync('/usr/lib/postgresql'))
    for (const v of readdirSync('/usr/lib/postgresql').sort().reverse())
      candidates.push(`/usr/lib/postgresql/${v}/bin/pgbench`);
  candidates.push('pgbench');
  for (const c of candidates) {
    const r = spawnSync(c, ['--version'], { encoding: 'utf8' });
    if (r.status === 0) return c;
  }
  return undefined;
}

function pgbenchEnv(): NodeJS.ProcessEnv {
  const u = new URL(adminUrl());
  return {
    ...process.env,
    PGHOST: u.hostname,
    PGPORT: u.port || '5432',
    PGUSER: decodeURIComponent(u.username || 'postgres'),
    ...(u.password ? { PGPASSWORD: decodeURIComponent(u.password) } : {}),
  };
}

function runProcess(
  cmd: string,
  args: string[],
  cwd?: string,
  onSpawn?: (pid: number | undefined) => void,
): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { env: pgbenchEnv(), cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    onSpawn?.(child.pid);
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
    });
    child.stderr.on('data', (d) => {
      out += d;
    });
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0 ? resolve(out) : reject(new Error(`${cmd} ${args.join(' ')} exited ${code}:\n${out}`)),
    );
  });
}

/**
 * The built-in TPC-B-like script. Per-transaction logs (one line per transaction, its latency in
 * microseconds in the third column) give the same p50/p99 as the minsheng side.
 */
async function pgbenchRun(bin: string, k: number, o: Options): Promise<LoadResult & { cpu: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'minsheng-pgbench-'));
  try {
    const threads = Math.min(k, 2);
    if (o.warmup > 0)
      await runProcess(bin, [
        '-n',
        '-c',
        String(k),
        '-j',
        String(threads),
        '-T',
        String(o.warmup),
        PGBENCH_DB,
      ]);
    await pgAdmin((c) => c.query('CHECKPOINT'));
    const { value: out, cpu } = await measureCpu('pg', PGBENCH_DB, (setPid) =>
      runProcess(
        bin,
        [
          '-c',
          String(k),
          '-j',
          String(threads),
          '-T',
          String(o.duration),
          '--log',
          `--log-prefix=${join(dir, 'tx')}`,
          PGBENCH_DB,
        ],
        dir,
        setPid,
      ),
    );
    const tps = /tps = ([\d.]+) \(without initial connection time\)/.exec(out);
    const avg = /latency average = ([\d.]+) ms/.exec(out);
    if (!tps) throw new Error(`cannot read pgbench's output:\n${out}`);
    const latencies: number[] = [];
    for (const f of readdirSync(dir)) {
      for (const line of readFileSync(join(dir, f), 'utf8').split('\n')) {
        const us = line.split(' ')[2];
        if (us) latencies.push(Number(us) / 1000);
      }
    }
    latencies.sort((a, b) => a - b);
    return {
      ops: latencies.length,
      opsPerS: Number(tps[1]),
      p50: percentile(latencies, 50),
      p99: percentile(latencies, 99),
      mean: avg ? Number(avg[1]) : Number.NaN,
      refused: 0,
      // The server's share includes pgbench's own vacuum of its small tables before the run.
      cpu: cpuPerOp(cpu, latencies.length, 'pgbench'),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// ───────────────────────────── the run ─────────────────────────────

async function benchEngine(
  engine: Engine,
  o: Options,
  results: Result[],
  notes: string[],
  pgbench: string | undefined,
) {
  log(`\n▶ ${engine}: ${o.wallets} wallets, ${o.providers} providers`);
  const s = await openBench(engine, o);
  try {
    for (const k of o.clients) {
      const name = clientsCase('transfers', k);
      const peerRounds: LoadResult[] = [];
      const mineRounds: LoadResult[] = [];
      // pgbench and minsheng take turns at each client count, on the same server.
      for (let round = 0; round < o.rounds; round++) {
        if (engine === 'pg' && pgbench) {
          const r = await pgbenchRun(pgbench, k, o);
          log(
            `  [pg] pgbench ${name}: ${Math.round(r.opsPerS)} tps, p50 ${r.p50.toFixed(2)} ms, p99 ${r.p99.toFixed(2)} ms (average ${r.mean} ms); ${r.cpu}`,
          );
          peerRounds.push(r);
        }
        mineRounds.push(await benchTransfers(engine, s, k, o));
      }
      if (peerRounds.length) pushLoad(results, 'pgbench', engine, name, medianRound(peerRounds));
      const mine = medianRound(mineRounds);
      pushLoad(results, 'minsheng', engine, name, mine);
      results.push({
        system: 'minsheng',
        engine,
        case: name,
        metric: 'refused_ratio',
        value: mine.refused / Math.max(1, mine.ops),
      });
    }
    await benchHolds(engine, s, Math.max(...o.clients), o, results);
    await benchGrant(engine, s, o, results, notes);
    const started = Date.now();
    const report = await checkLedger(s.ctx.db);
    log(
      `  [${engine}] ledger invariants: ${report.ok ? 'hold' : `${report.violations.length} VIOLATIONS`} (${((Date.now() - started) / 1000).toFixed(1)} s; ${report.units.map((u) => `${u.transfers} transfers`).join(', ')})`,
    );
    if (!report.ok) {
      for (const v of report.violations.slice(0, 10)) log(`    ${v.check}: ${v.detail}`);
      notes.push(`[${engine}] ledger invariants violated: ${report.violations.length}`);
    }
  } finally {
    await s.ctx.database.close();
  }
}

export async function run(args: string[]) {
  const { values } = parseArgs({
    args,
    options: {
      duration: { type: 'string', default: '15' },
      clients: { type: 'string', default: '1,32' },
      elders: { type: 'string', default: '227000' },
      wallets: { type: 'string', default: '10000' },
      providers: { type: 'string', default: '200' },
      engines: { type: 'string', default: 'pg,pglite' },
      warmup: { type: 'string', default: '3' },
      rounds: { type: 'string', default: '3' },
      keep: { type: 'boolean', default: false },
    },
  });
  const o: Options = {
    duration: Number(values.duration),
    clients: values.clients!.split(',').map(Number),
    elders: Number(values.elders),
    wallets: Number(values.wallets),
    providers: Number(values.providers),
    engines: values.engines!.split(',') as Engine[],
    warmup: Number(values.warmup),
    rounds: Math.max(1, Number(values.rounds)),
    keep: values.keep!,
  };
  runTag = Date.now().toString(36);
  const results: Result[] = [];
  const notes: string[] = [];
  // Peers share the machine with whatever else runs on it: say how busy it was.
  const load = () => loadavg()[0]!.toFixed(1);
  const loadAtStart = load();
  let pgbench: string | undefined;
  try {
    if (o.engines.includes('pg')) {
      const major = await pgAdmin(async (c) =>
        Math.floor(Number((await c.query('show server_version_num')).rows[0].server_version_num) / 10000),
      );
      pgbench = findPgbench(major);
      if (pgbench) {
        log(`\n▶ pgbench: initialising scale ${PGBENCH_SCALE}`);
        await recreatePgDatabase(PGBENCH_DB);
        await runProcess(pgbench, ['-i', '-q', '-s', String(PGBENCH_SCALE), PGBENCH_DB]);
      } else notes.push('pgbench not found (set BENCH_PGBENCH): no peer figures');
    }
    for (const engine of o.engines) await benchEngine(engine, o, results, notes, pgbench);
  } finally {
    if (!o.keep) {
      if (o.engines.includes('pg')) {
        await dropPgDatabase(PG_DB);
        if (pgbench) await dropPgDatabase(PGBENCH_DB);
      }
      rmSync(PGLITE_DIR, { recursive: true, force: true });
    }
  }

  notes.push(
    `load average (1 min) ${loadAtStart} at the start, ${load()} at the end, on ${cpus().length} CPUs`,
  );
  console.log(
    `\nledger · ${o.wallets} wallets · ${o.providers} providers · ${o.elders} elders · ${o.duration} s per case, median of ${o.rounds} rounds` +
      `\n(peer: pgbench TPC-B-like, scale ${PGBENCH_SCALE}, same server; ratio column = peer ÷ minsheng for */s)\n`,
  );
  printTable(results);
  const pgMine = (k: number) =>
    results.find(
      (r) => r.system === 'minsheng' && r.engine === 'pg' && r.case === clientsCase('transfers', k),
    );
  const peer = (k: number) =>
    results.find((r) => r.system === 'pgbench' && r.case === clientsCase('transfers', k));
  const summary: string[] = [];
  for (const k of o.clients) {
    const m = pgMine(k);
    const p = peer(k);
    if (!m || !p) continue;
    const ratio = m.value / p.value;
    summary.push(
      `  ${clientsCase('transfers', k)}: minsheng ÷ pgbench = ${ratio.toFixed(2)}` +
        (k === Math.max(...o.clients)
          ? ` (target ≥ ${TARGET.toFixed(2)}: ${ratio >= TARGET ? 'met' : 'MISSED'})`
          : ''),
    );
  }
  if (summary.length) console.log(`\nops_per_s, minsheng ÷ pgbench:\n${summary.join('\n')}`);
  if (notes.length) console.log(`\nnotes:\n${notes.map((n) => `  ${n}`).join('\n')}`);
  const file = writeResults(
    'ledger',
    {
      wallets: o.wallets,
      providers: o.providers,
      elders: o.elders,
      duration_s: o.duration,
      pgbench_scale: PGBENCH_SCALE,
    },
    results,
  );
  console.log(`\n→ ${file}`);
}
