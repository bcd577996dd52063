import { parseArgs } from 'node:util';
import { openContext } from '../bootstrap.ts';
import { checkLedger, type InvariantReport } from '../modules/ledger/index.ts';

const USAGE = 'usage: minsheng ledger check [--format table|json]';

export function formatLedgerReport(r: InvariantReport): string {
  const lines = [r.ok ? 'ledger check: OK' : `ledger check: ${r.violations.length} violation(s)`];
  for (const u of r.units)
    lines.push(`  ${u.unit.padEnd(6)} ${u.accounts} accounts, ${u.transfers} transfers`);
  for (const v of r.violations) lines.push(`  ✗ ${v.check}: ${v.detail}`);
  return lines.join('\n');
}

/**
 * `minsheng ledger check`: the invariant check of ADR 0008 over the whole ledger (balances equal
 * their transfers, each unit sums to zero, no wallet below zero, sequences without gaps, units
 * never mixed). Exit 0: clean; 1: violations (listed); 2: usage.
 */
export async function runLedgerCommand(args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  let format = 'table';
  try {
    const { values } = parseArgs({ args: rest, options: { format: { type: 'string' } } });
    format = values.format ?? 'table';
  } catch (err) {
    console.error(`${(err as Error).message}\n${USAGE}`);
    return 2;
  }
  if (sub !== 'check' || !['table', 'json'].includes(format)) {
    console.error(USAGE);
    return 2;
  }
  const ctx = await openContext();
  try {
    const report = await checkLedger(ctx.db);
    process.stdout.write(
      `${format === 'json' ? JSON.stringify(report, null, 2) : formatLedgerReport(report)}\n`,
    );
    return report.ok ? 0 : 1;
  } finally {
    await ctx.database.close();
  }
}
