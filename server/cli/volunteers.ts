import type { ExpiryReport } from '../../contracts/api/volunteers.ts';
import type { Lang } from '../../contracts/messages/index.ts';
import { openContext } from '../bootstrap.ts';
import { expirePoints } from '../modules/volunteers/index.ts';
import { cliActor, parseMonthBatchArgs, printRefusal } from './month-batch.ts';

const USAGE = `usage: minsheng volunteers points expire --month YYYY-MM [--chunk-size N] [--format table|json] [--user NAME] [--lang zh-CN|en]`;

const TEXT = {
  'zh-CN': {
    title: (m: string) => `志愿积分到期 ${m}`,
    rows: ['有积分的账户', '本次到期（户）', '本次到期积分', '此前已到期（户）', '批次数'],
    noUser: (u: string) => `找不到用户：${u}`,
  },
  en: {
    title: (m: string) => `Volunteer points expiry ${m}`,
    rows: [
      'Accounts with points',
      'Expired now (accounts)',
      'Points expired now',
      'Expired before',
      'Chunks',
    ],
    noUser: (u: string) => `Unknown user: ${u}`,
  },
} as const;

export function formatExpiry(r: ExpiryReport, lang: Lang): string {
  const t = TEXT[lang];
  const values = [r.accounts, r.posted, r.amount, r.alreadyDone, r.chunks].map(String);
  const width = Math.max(...t.rows.map((l) => [...l].length));
  return [
    t.title(r.month),
    ...t.rows.map((l, i) => `  ${l}${' '.repeat(width - [...l].length + 2)}${values[i]}`),
  ].join('\n');
}

/**
 * `minsheng volunteers points expire --month YYYY-MM`: the month's expiry of volunteer points
 * (ADR 0014), progress on stderr, the report on stdout. Run it again, or after a crash, and it
 * expires only what is left. Exit 0: done; 1: refused (the error on stderr); 2: usage.
 */
export async function runVolunteersCommand(args: string[]): Promise<number> {
  const [group, sub, ...rest] = args;
  const o = parseMonthBatchArgs(rest, [group, sub], group === 'points' && sub === 'expire', USAGE);
  if (typeof o === 'number') return o;
  const { format, lang } = o;
  const ctx = await openContext();
  const tty = process.stderr.isTTY === true;
  try {
    const actor = await cliActor(ctx, o.user);
    if (!actor) {
      console.error(TEXT[lang].noUser(o.user!));
      return 2;
    }
    const report = await expirePoints(ctx, actor, {
      month: o.month,
      chunkSize: o.chunkSize,
      onProgress: (p) => {
        const text = `${TEXT[lang].title(p.month)} ${p.posted + p.alreadyDone}/${p.accounts}`;
        process.stderr.write(tty ? `\r\x1b[2K${text}` : `${text}\n`);
      },
    });
    if (tty) process.stderr.write('\n');
    process.stdout.write(
      `${format === 'json' ? JSON.stringify(report, null, 2) : formatExpiry(report, lang)}\n`,
    );
    return 0;
  } catch (err) {
    return printRefusal(err, format, lang);
  } finally {
    await ctx.database.close();
  }
}
