import { parseArgs } from 'node:util';
import type { Batch } from '../../contracts/api/care-credits.ts';
import { type Lang, translateError } from '../../contracts/messages/index.ts';
import { fenToYuan } from '../../contracts/money.ts';
import type { Role } from '../../contracts/roles.ts';
import { openContext } from '../bootstrap.ts';
import { type BatchProgress, runExpiry, runGrantBatch } from '../modules/care-credits/index.ts';
import { findGrants, findUserByUsername } from '../modules/identity/index.ts';
import { type Actor, SYSTEM_ACTOR } from '../platform/access.ts';
import type { Ctx } from '../platform/context.ts';
import { AppError } from '../platform/errors.ts';

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

async function actorFor(ctx: Ctx, username: string | undefined): Promise<Actor | undefined> {
  if (!username) return SYSTEM_ACTOR;
  const user = await findUserByUsername(ctx.db, username);
  if (!user || user.disabled) return undefined;
  const grants = await findGrants(ctx.db, user.id);
  return {
    id: user.id,
    username: user.username,
    displayName: user.displayName,
    grants: grants.map((g) => ({ role: g.role as Role, areaCode: g.areaCode })),
  };
}

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
    `¥${fenToYuan(r.amountNow)}`,
    r.monthlyAmount != null ? `¥${fenToYuan(r.monthlyAmount)}` : '',
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
  let values: {
    month?: string;
    'chunk-size'?: string;
    format?: string;
    user?: string;
    lang?: string;
    help?: boolean;
  };
  try {
    ({ values } = parseArgs({
      args: rest,
      options: {
        month: { type: 'string' },
        'chunk-size': { type: 'string' },
        format: { type: 'string' },
        user: { type: 'string' },
        lang: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (err) {
    console.error(`${(err as Error).message}\n${USAGE}`);
    return 2;
  }
  if (sub === '--help' || sub === '-h' || values.help) {
    console.log(USAGE);
    return 0;
  }
  const format = values.format ?? 'table';
  const lang = (values.lang ?? 'zh-CN') as Lang;
  const chunkSize = values['chunk-size'] === undefined ? undefined : Number(values['chunk-size']);
  if (
    (sub !== 'grant' && sub !== 'expire') ||
    !values.month ||
    !['table', 'json'].includes(format) ||
    !['zh-CN', 'en'].includes(lang) ||
    (chunkSize !== undefined && !(Number.isInteger(chunkSize) && chunkSize >= 1 && chunkSize <= 50_000))
  ) {
    console.error(USAGE);
    return 2;
  }
  const ctx = await openContext();
  const progress = progressPrinter(TEXT[lang][sub]);
  try {
    const actor = await actorFor(ctx, values.user);
    if (!actor) {
      console.error(TEXT[lang].noUser(values.user!));
      return 2;
    }
    const run = sub === 'grant' ? runGrantBatch : runExpiry;
    const batch = await run(ctx, actor, {
      month: values.month,
      chunkSize,
      onProgress: (p) => progress.update(p),
    });
    progress.end();
    process.stdout.write(
      `${format === 'json' ? JSON.stringify(batch, null, 2) : formatBatch(batch, lang)}\n`,
    );
    return batch.status === 'done' ? 0 : 1;
  } catch (err) {
    progress.end();
    if (err instanceof AppError) {
      if (format === 'json')
        process.stdout.write(
          `${JSON.stringify({ error: { code: err.code, message: translateError(err.code, err.params, lang), params: err.params } }, null, 2)}\n`,
        );
      console.error(translateError(err.code, err.params, lang));
      return 1;
    }
    throw err;
  } finally {
    await ctx.database.close();
  }
}
