import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import type { Ctx } from '../server/platform/context.ts';

export interface Result {
  system: string;
  case: string;
  metric: string;
  value: number;
  /** free-form context: engine, scale, notes */
  engine?: string;
}

export const RESULTS_DIR = join(dirname(fileURLToPath(import.meta.url)), 'results');
/** The benchmarks' districts on PGlite and their scratch files (git-ignored). */
export const DATA_DIR = join(dirname(fileURLToPath(import.meta.url)), '.data');

/** Writes bench/results/<name>.json in the shape every benchmark shares. */
export function writeResults(name: string, scale: Record<string, number>, results: Result[]): string {
  mkdirSync(RESULTS_DIR, { recursive: true });
  const file = join(RESULTS_DIR, `${name}.json`);
  writeFileSync(
    file,
    `${JSON.stringify({ bench: name, at: new Date().toISOString(), node: process.version, scale, results }, null, 2)}\n`,
  );
  return file;
}

/**
 * Prints each case × metric with minsheng beside its peers and the ratio (minsheng ÷ peer for
 * latencies and times, so 1.0 is parity and lower is better; peer ÷ minsheng for throughputs).
 */
export function printTable(results: Result[]): void {
  const keys = [...new Set(results.map((r) => `${r.engine ?? ''}|${r.case}|${r.metric}`))];
  const rows: string[][] = [['engine', 'case', 'metric', 'minsheng', 'peer', 'peer value', 'ratio']];
  for (const k of keys) {
    const [engine, c, metric] = k.split('|') as [string, string, string];
    const same = results.filter((r) => (r.engine ?? '') === engine && r.case === c && r.metric === metric);
    const mine = same.find((r) => r.system === 'minsheng');
    const peers = same.filter((r) => r.system !== 'minsheng');
    if (!peers.length) rows.push([engine, c, metric, fmt(mine?.value), '', '', '']);
    for (const p of peers) {
      const higherIsBetter = metric.endsWith('_per_s');
      const ratio =
        mine && p.value ? (higherIsBetter ? p.value / mine.value : mine.value / p.value) : undefined;
      rows.push([
        engine,
        c,
        metric,
        fmt(mine?.value),
        p.system,
        fmt(p.value),
        ratio ? `${ratio.toFixed(2)}×` : '',
      ]);
    }
  }
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => width(r[i] ?? ''))));
  for (const [i, r] of rows.entries()) {
    console.log(r.map((cell, j) => cell + ' '.repeat(widths[j]! - width(cell))).join('  '));
    if (i === 0) console.log(widths.map((w) => '─'.repeat(w)).join('  '));
  }
}

function fmt(v: number | undefined): string {
  if (v === undefined) return '—';
  return v >= 100 ? Math.round(v).toLocaleString('en-US') : v.toFixed(2);
}

function width(s: string): number {
  let w = 0;
  for (const ch of s) w += /[\u1100-\uFFFF]/.test(ch) ? 2 : 1;
  return w;
}

/** Percentile of a sorted array of numbers (nearest rank). */
export function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return Number.NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i]!;
}

/**
 * CPU (in cores) that processes other than the benchmark's own used while a case ran. The
 * machines are shared: a latency measured beside a compiler or another benchmark is not
 * comparable, and the run says so instead of reporting it silently. Linux only (reads /proc);
 * elsewhere it reports 0.
 */
export function watchOtherCpu(isOurs: (pid: number, cmdline: string) => boolean): () => number {
  const started = performance.now();
  const before = cpuTicksByPid();
  return () => {
    const seconds = (performance.now() - started) / 1000;
    const after = cpuTicksByPid();
    const ours = new Set<number>();
    for (const [pid, p] of after) if (isOurs(pid, p.cmdline)) ours.add(pid);
    // Children of ours (the tsx compiler service) and the database's own background processes
    // (checkpointer, WAL writer: they serve every client) are not "other".
    for (const [pid, p] of after)
      if (ours.has(p.ppid) || /^postgres: [^ ]+: [a-z ]+$/.test(p.cmdline)) ours.add(pid);
    let ticks = 0;
    for (const [pid, p] of after) if (!ours.has(pid)) ticks += p.ticks - (before.get(pid)?.ticks ?? 0);
    return seconds > 0 ? ticks / CLOCK_TICKS / seconds : 0;
  };
}

const CLOCK_TICKS = 100; // USER_HZ on Linux

function cpuTicksByPid(): Map<number, { ticks: number; ppid: number; cmdline: string }> {
  const out = new Map<number, { ticks: number; ppid: number; cmdline: string }>();
  if (!existsSync('/proc/stat')) return out;
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const cmdline = readFileSync(`/proc/${name}/cmdline`, 'utf8').replaceAll('\0', ' ').trim();
      out.set(Number(name), { ticks: Number(f[11]) + Number(f[12]), ppid: Number(f[1]), cmdline });
    } catch {
      // the process ended meanwhile
    }
  }
  return out;
}

// ───────────────────────────── the district ─────────────────────────────

export type Engine = 'pg' | 'pglite';

/** Progress goes to stderr: stdout holds the table alone. */
export function log(msg: string): void {
  process.stderr.write(`${msg}\n`);
}

export function adminUrl(): string {
  return process.env.BENCH_PG_URL ?? process.env.TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
}

/**
 * Where a benchmark keeps its district of N residents: a PGlite folder under bench/.data, or a
 * database of its own on the PostgreSQL server (BENCH_PG_URL). `bench` names a benchmark whose
 * district is not the shared one.
 */
export function databaseUrlFor(engine: Engine, residents: number, bench?: string): string {
  if (engine === 'pglite') return join(DATA_DIR, `pglite-${bench ? `${bench}-` : ''}${residents}`);
  const u = new URL(adminUrl());
  u.pathname = `/minsheng_bench_${bench ? `${bench}_` : ''}${residents}`;
  return u.toString();
}

export function dbNameOf(url: string): string {
  return new URL(url).pathname.slice(1);
}

/** A connection to the PostgreSQL server's admin database, for the callback. */
export async function pgAdmin<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: adminUrl() });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

export interface DistrictSpec {
  engine: Engine;
  url: string;
  residents: number;
  seed: number;
  /** keep a complete district of the right size and seed from an earlier run */
  reuse: boolean;
  /** MINSHENG_DATA_KEY: a reused district's ID numbers open only with the key they were sealed with */
  dataKey: string;
  /** generated at noon (Shanghai) of this day, so every engine gets the same district; else now */
  on?: string;
  /** milliseconds between progress lines */
  progressEvery: number;
  /** what the generation adds to the results, when it runs (case generate-district) */
  metrics: readonly ('duration_s' | 'residents_per_s')[];
}

/**
 * Generates the demo district for an engine (or reuses a complete one of the right size and
 * seed), vacuums it, and hands the open context to `use`; the context is closed after.
 */
export async function withDistrict<T>(
  d: DistrictSpec,
  results: Result[],
  use: (ctx: Ctx, referenceDate: string) => Promise<T>,
): Promise<T> {
  // Loaded here, not at the top: the eligibility benchmark's child processes load this file, and
  // their peak memory is measured.
  const { openContext } = await import('../server/bootstrap.ts');
  const { generateDemoDistrict } = await import('../server/modules/demo/index.ts');
  const { countPersons } = await import('../server/modules/registry/index.ts');
  const { loadConfig } = await import('../server/platform/config.ts');
  const { fixedClock, systemClock } = await import('../server/platform/clock.ts');
  const { sql } = await import('drizzle-orm');
  const { engine, url } = d;
  let reuse = false;
  if (d.reuse) {
    if (engine === 'pg') {
      const exists = await pgAdmin((c) =>
        c.query('select 1 from pg_database where datname = $1', [dbNameOf(url)]),
      );
      reuse = exists.rowCount === 1;
    } else reuse = existsSync(url);
  }
  if (!reuse) {
    if (engine === 'pg')
      await pgAdmin(async (c) => {
        await c.query(`drop database if exists ${dbNameOf(url)} with (force)`);
        await c.query(`create database ${dbNameOf(url)}`);
      });
    else {
      rmSync(url, { recursive: true, force: true });
      mkdirSync(url, { recursive: true });
    }
  }
  const config = {
    ...loadConfig({ ...process.env, MINSHENG_DATA_KEY: d.dataKey, DATABASE_URL: url }),
    databaseUrl: url,
  };
  const ctx = await openContext(config, d.on ? fixedClock(`${d.on}T04:00:00Z`) : systemClock);
  try {
    const have = await countPersons(ctx.db);
    if (have === 0) {
      const started = Date.now();
      let last = 0;
      const summary = await generateDemoDistrict(ctx, {
        residents: d.residents,
        seed: d.seed,
        onProgress: (m) => {
          if (Date.now() - last > d.progressEvery) {
            last = Date.now();
            log(`  [${engine}] ${m}`);
          }
        },
      });
      const seconds = (Date.now() - started) / 1000;
      log(
        `  [${engine}] generated ${summary.residents} residents as of ${summary.referenceDate} in ${seconds.toFixed(1)} s`,
      );
      // Autovacuum would do this within minutes; a benchmark should not measure the minutes before.
      await ctx.database.exec('VACUUM ANALYZE');
      const values = { duration_s: seconds, residents_per_s: summary.residents / seconds };
      for (const metric of d.metrics)
        results.push({
          system: 'minsheng',
          engine,
          case: 'generate-district',
          metric,
          value: values[metric],
        });
      return await use(ctx, summary.referenceDate);
    }
    // The generator writes its audit row last: without it the district stopped half-way, and
    // measuring a partial district would mislead.
    const audit = (await ctx.db.execute(
      sql`select after->>'referenceDate' as d, (after->>'seed')::int as seed
        from audit_log where action = 'demo.generate' order by at desc limit 1`,
    )) as unknown as { rows: { d: string; seed: number }[] };
    const made = audit.rows[0];
    if (have !== d.residents || !made)
      throw new Error(
        `${engine}: the bench database holds ${have} residents${made ? '' : ' and no finished generation'}, not a district of ${d.residents}; run again without --reuse`,
      );
    if (made.seed !== d.seed)
      throw new Error(
        `${engine}: the bench district was generated from seed ${made.seed}, not ${d.seed}; run again without --reuse`,
      );
    log(`  [${engine}] reusing a district of ${have} residents generated as of ${made.d}`);
    return await use(ctx, made.d);
  } finally {
    await ctx.database.close();
  }
}

/**
 * Runs one measured case while watching the CPU other processes take (`isOurs` names the
 * benchmark's own: itself, its children, its database's backends); beside a busy machine the
 * figure is not comparable, and the run says so on stderr and in `notes`.
 */
export async function watched<T>(
  label: string,
  isOurs: (pid: number, cmdline: string) => boolean,
  fn: () => Promise<T>,
  notes?: string[],
): Promise<T> {
  const stop = watchOtherCpu(isOurs);
  const r = await fn();
  const other = stop();
  if (other > 0.1) {
    const note = `other processes used ${other.toFixed(2)} CPU cores during ${label}; not comparable`;
    log(`  warning: ${note}`);
    notes?.push(note);
  }
  return r;
}
