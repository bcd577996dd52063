import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface Result {
  system: string;
  case: string;
  metric: string;
  value: number;
  /** free-form context: engine, scale, notes */
  engine?: string;
}

export const RESULTS_DIR = join(dirname(fileURLToPath(import.meta.url)), 'results');

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
