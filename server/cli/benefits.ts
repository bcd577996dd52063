import type { BenefitBatchView } from '../../contracts/api/eligibility.ts';
import type { Lang } from '../../contracts/messages/index.ts';
import { formatValue } from '../../contracts/money.ts';
import { openContext } from '../bootstrap.ts';
import { type BenefitProgress, runBenefitBatch } from '../modules/eligibility/index.ts';
import { cliActor, parseMonthBatchArgs, printRefusal } from './month-batch.ts';

const USAGE = `usage: minsheng benefits pay --programme <code|all> --month YYYY-MM [--chunk-size N] [--format table|json] [--user NAME] [--lang zh-CN|en]`;

const TEXT = {
  'zh-CN': {
    title: '待遇发放',
    status: { done: '完成', running: '进行中', failed: '失败' },
    period: { month: '按月', year: '按年' },
    rows: ['应发人数', '本次发放（人）', '此前已发放（人）', '跳过：当月前已故（人）', '本次金额'],
    none: (m: string) => `${m} 没有需要发放的按月或按年待遇`,
    batch: '批次',
    seconds: '用时（秒）',
    noUser: (u: string) => `找不到用户：${u}`,
  },
  en: {
    title: 'Benefit payment',
    status: { done: 'done', running: 'running', failed: 'failed' },
    period: { month: 'monthly', year: 'yearly' },
    rows: ['Due', 'Paid now', 'Paid before', 'Skipped: died before the month', 'Amount now'],
    none: (m: string) => `No monthly or yearly benefit to pay for ${m}`,
    batch: 'Batch',
    seconds: 'Seconds',
    noUser: (u: string) => `Unknown user: ${u}`,
  },
} as const;

/** Takes `--programme X` (or `--programme=X`) out of the arguments; the rest are the month batch's. */
function takeProgramme(args: string[]): { programme: string | undefined; rest: string[] } {
  const rest: string[] = [];
  let programme: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--programme') programme = args[++i];
    else if (a.startsWith('--programme=')) programme = a.slice('--programme='.length);
    else rest.push(a);
  }
  return { programme, rest };
}

/** One line on stderr per chunk; rewritten in place on a terminal. */
function progressPrinter(label: string) {
  const tty = process.stderr.isTTY === true;
  let shown = false;
  return {
    update(p: BenefitProgress) {
      const text = `${label} ${p.programmeCode} ${p.month} ${p.processed}/${p.total}`;
      if (tty) process.stderr.write(`\r\x1b[2K${text}`);
      else process.stderr.write(`${text}\n`);
      shown = true;
    },
    end() {
      if (tty && shown) process.stderr.write('\n');
    },
  };
}

export function formatBenefitBatch(b: BenefitBatchView, lang: Lang): string {
  const t = TEXT[lang];
  const r = b.report;
  const values = [
    String(r.persons),
    String(r.postedNow),
    String(r.alreadyDone),
    String(r.skipped),
    formatValue(r.amountNow, 'fen'),
  ];
  const rows: [string, string][] = t.rows.map((l, i) => [l, values[i]!]);
  rows.push([t.batch, b.id], [t.seconds, r.seconds != null ? r.seconds.toFixed(1) : '—']);
  const width = Math.max(...rows.map(([l]) => [...l].length));
  return [
    lang === 'zh-CN'
      ? `${t.title} ${b.programmeName}（${t.period[b.period]}）${b.month}：${t.status[b.status]}${r.error ? `（${r.error}）` : ''}`
      : `${t.title}: ${b.programmeName} (${t.period[b.period]}) ${b.month}: ${t.status[b.status]}${r.error ? ` (${r.error})` : ''}`,
    ...rows.map(([l, v]) => `  ${l}${' '.repeat(width - [...l].length + 2)}${v}`),
  ].join('\n');
}

/**
 * `minsheng benefits pay --programme <code|all> --month YYYY-MM`: pays the month of one
 * recurring programme, or of all, with progress on stderr and a report per programme on stdout.
 * Run it again after a crash and it completes the month (ADR 0020).
 * Exit 0: done; 1: refused or failed (the error on stderr); 2: usage.
 */
export async function runBenefitsCommand(args: string[]): Promise<number> {
  const [sub, ...tail] = args;
  const { programme, rest } = takeProgramme(tail);
  const o = parseMonthBatchArgs(rest, [sub], sub === 'pay' && !!programme?.trim(), USAGE);
  if (typeof o === 'number') return o;
  const { format, lang } = o;
  const ctx = await openContext();
  const progress = progressPrinter(TEXT[lang].title);
  try {
    const actor = await cliActor(ctx, o.user);
    if (!actor) {
      console.error(TEXT[lang].noUser(o.user!));
      return 2;
    }
    const batches = await runBenefitBatch(ctx, actor, {
      programme: programme!,
      month: o.month,
      chunkSize: o.chunkSize,
      lang,
      onProgress: (p) => progress.update(p),
    });
    progress.end();
    const text =
      format === 'json'
        ? JSON.stringify(batches, null, 2)
        : batches.length === 0
          ? TEXT[lang].none(o.month)
          : batches.map((b) => formatBenefitBatch(b, lang)).join('\n\n');
    process.stdout.write(`${text}\n`);
    return batches.every((b) => b.status === 'done') ? 0 : 1;
  } catch (err) {
    progress.end();
    return printRefusal(err, format, lang);
  } finally {
    await ctx.database.close();
  }
}
