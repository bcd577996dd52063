import { mkdirSync, writeFileSync } from 'node:fs';
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
