import type { Batch } from '../../contracts/api/care-credits.ts';
import type { Lang } from '../../contracts/messages/index.ts';
import { formatValue } from '../../contracts/money.ts';
import { openContext } from '../bootstrap.ts';
import { type BatchProgress, runExpiry, runGrantBatch } from '../modules/care-credits/index.ts';
import { cliActor, parseMonthBatchArgs, printRefusal } from './month-batch.ts';

const USAGE = `usage: minsheng chongyang grant  --month YYYY-MM [--chunk-size N] [--format table|json] [--user NAME] [--lang zh-CN|en]
       minsheng chongyang expire --month YYYY-MM [--chunk-size N] [--format table|json] [--user NAME] [--lang zh-CN|en]`;

const TEXT = {
  'zh-CN': {
    grant: '重阳分发放',
    expire: '重阳分到期清零',
    status: { done: '完成', running: '进行中', failed: '失败' },
    rows: {
      grant: [
        '名单人数',
        '本次发放（人）',
        '此前已发放（人）',
        '跳过：当月前已故（人）',
        '本次金额',
        '每人每月',
      ],
      expire: ['有余额的专户', '本次清零（户）', '此前已清零（户）', '无到期余额（户）', '本次清零金额', ''],
    },
    batch: '批次',
    seconds: '用时（秒）',
    noUser: (u: string) => `找不到用户：${u}`,
  },
  en: {
    grant: '重阳分 grant',
    expire: '重阳分 expiry',
    status: { done: 'done', running: 'running', failed: 'failed' },
    rows: {
      grant: [
        'Enrolled',
        'Credited now (elders)',
        'Credited before (elders)',
        'Skipped: died before the month',
        'Amount now',
        'Per elder per month',
      ],
      expire: ['Accounts with credit', 'Expired now', 'Expired before', 'Nothing lapsed', 'Amount now', ''],
    },
    batch: 'Batch',
    seconds: 'Seconds',
    noUser: (u: string) => `Unknown user: ${u}`,
  },
} as const;

/** One line on stderr per chunk; rewritten in place on a terminal. */
function progressPrinter(label: string) {
  const tty = process.stderr.isTTY === true;
  let shown = false;
  return {
    update(p: BatchProgress) {
      const text = `${label} ${p.month} ${p.processed}/${p.total}`;
      if (tty) process.stderr.write(`\r\x1b[2K${text}`);
      else process.stderr.write(`${text}\n`);
      shown = true;
    },
    end() {
      if (tty && shown) process.stderr.write('\n');
    },
  };
}

export function formatBatch(b: Batch, lang: Lang): string {
  const t = TEXT[lang];
  const labels = t.rows[b.kind];
  const r = b.report;
  const values = [
    String(r.elders),
    String(r.postedNow),
    String(r.alreadyDone),
    String(r.skipped),
    formatValue(r.amountNow, 'fen'),
    r.monthlyAmount != null ? formatValue(r.monthlyAmount, 'fen') : '',
  ];
  const rows: [string, string][] = labels
    .map((l, i) => [l, values[i]!] as [string, string])
    .filter(([l]) => l !== '');
  rows.push([t.batch, b.id], [t.seconds, r.seconds != null ? r.seconds.toFixed(1) : '—']);
  const width = Math.max(...rows.map(([l]) => [...l].length));
  return [
    `${t[b.kind]} ${b.month}：${t.status[b.status]}`,
    ...rows.map(([l, v]) => `  ${l}${' '.repeat(width - [...l].length + 2)}${v}`),
  ].join('\n');
}

/**
 * `minsheng chongyang grant|expire --month YYYY-MM`: runs the month's batch to the end with
 * progress on stderr and the report on stdout. Run it again after a crash and it completes the
 * month (a run left 'running' by a dead process on this machine is taken over at once).
 * Exit 0: done; 1: refused or failed (the error on stderr); 2: usage.
 */
export async function runChongyangCommand(args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  const o = parseMonthBatchArgs(rest, [sub], sub === 'grant' || sub === 'expire', USAGE);
  if (typeof o === 'number') return o;
  const { format, lang } = o;
  const ctx = await openContext();
  const progress = progressPrinter(TEXT[lang][sub as 'grant' | 'expire']);
  try {
    const actor = await cliActor(ctx, o.user);
    if (!actor) {
      console.error(TEXT[lang].noUser(o.user!));
      return 2;
    }
    const run = sub === 'grant' ? runGrantBatch : runExpiry;
    const batch = await run(ctx, actor, {
      month: o.month,
      chunkSize: o.chunkSize,
      onProgress: (p) => progress.update(p),
    });
    progress.end();
    process.stdout.write(
      `${format === 'json' ? JSON.stringify(batch, null, 2) : formatBatch(batch, lang)}\n`,
    );
    return batch.status === 'done' ? 0 : 1;
  } catch (err) {
    progress.end();
    return printRefusal(err, format, lang);
  } finally {
    await ctx.database.close();
  }
}
