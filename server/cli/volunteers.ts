import { parseArgs } from 'node:util';
import type { ExpiryReport } from '../../contracts/api/volunteers.ts';
import { type Lang, translateError } from '../../contracts/messages/index.ts';
import type { Role } from '../../contracts/roles.ts';
import { openContext } from '../bootstrap.ts';
import { findGrants, findUserByUsername } from '../modules/identity/index.ts';
import { expirePoints } from '../modules/volunteers/index.ts';
import { type Actor, SYSTEM_ACTOR } from '../platform/access.ts';
import type { Ctx } from '../platform/context.ts';
import { AppError } from '../platform/errors.ts';

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
  if (group === '--help' || group === '-h' || values.help) {
    console.log(USAGE);
    return 0;
  }
  const format = values.format ?? 'table';
  const lang = (values.lang ?? 'zh-CN') as Lang;
  const chunkSize = values['chunk-size'] === undefined ? undefined : Number(values['chunk-size']);
  if (
    group !== 'points' ||
    sub !== 'expire' ||
    !values.month ||
    !['table', 'json'].includes(format) ||
    !['zh-CN', 'en'].includes(lang) ||
    (chunkSize !== undefined && !(Number.isInteger(chunkSize) && chunkSize >= 1 && chunkSize <= 50_000))
  ) {
    console.error(USAGE);
    return 2;
  }
  const ctx = await openContext();
  const tty = process.stderr.isTTY === true;
  try {
    const actor = await actorFor(ctx, values.user);
    if (!actor) {
      console.error(TEXT[lang].noUser(values.user!));
      return 2;
    }
    const report = await expirePoints(ctx, actor, {
      month: values.month,
      chunkSize,
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
