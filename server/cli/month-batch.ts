import { parseArgs } from 'node:util';
import { type Lang, translateError } from '../../contracts/messages/index.ts';
import type { Role } from '../../contracts/roles.ts';
import { findGrants, findUserByUsername } from '../modules/identity/index.ts';
import { type Actor, SYSTEM_ACTOR } from '../platform/access.ts';
import type { Ctx } from '../platform/context.ts';
import { AppError } from '../platform/errors.ts';

/**
 * What the monthly batch commands (`chongyang grant|expire`, `volunteers points expire`) share:
 * their options, the acting user, and how a refusal is printed.
 */
export interface MonthBatchOptions {
  month: string;
  chunkSize: number | undefined;
  format: 'table' | 'json';
  lang: Lang;
  user: string | undefined;
}

/**
 * Parses `--month YYYY-MM [--chunk-size N] [--format table|json] [--user NAME] [--lang]` (without
 * `--lang`, the environment's locale decides: `cliLang`).
 * `words` are the sub-command words before the options and `valid` says whether they name a
 * command. Returns the options, or the exit code after printing the usage (0 for --help, 2 else).
 */
export function parseMonthBatchArgs(
  rest: string[],
  words: (string | undefined)[],
  valid: boolean,
  usage: string,
): MonthBatchOptions | number {
  let values: Record<string, string | boolean | undefined>;
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
    console.error(`${(err as Error).message}\n${usage}`);
    return 2;
  }
  if (words[0] === '--help' || words[0] === '-h' || values.help) {
    console.log(usage);
    return 0;
  }
  const format = (values.format as string | undefined) ?? 'table';
  const lang = cliLang(values.lang as string | undefined, process.env);
  const size = values['chunk-size'] as string | undefined;
  const chunkSize = size === undefined ? undefined : Number(size);
  if (
    !valid ||
    typeof values.month !== 'string' ||
    !['table', 'json'].includes(format) ||
    lang === null ||
    (chunkSize !== undefined && !(Number.isInteger(chunkSize) && chunkSize >= 1 && chunkSize <= 50_000))
  ) {
    console.error(usage);
    return 2;
  }
  return {
    month: values.month,
    chunkSize,
    format: format as 'table' | 'json',
    lang,
    user: values.user as string | undefined,
  };
}

/** The system actor without --user; the named user with their grants; undefined if unknown or disabled. */
export async function cliActor(ctx: Ctx, username: string | undefined): Promise<Actor | undefined> {
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

/** A refusal: translated on stderr (and as JSON on stdout with --format json); exit code 1. */
export function printRefusal(err: unknown, format: 'table' | 'json', lang: Lang): number {
  if (!(err instanceof AppError)) throw err;
  const message = translateError(err.code, err.params, lang);
  if (format === 'json')
    process.stdout.write(
      `${JSON.stringify({ error: { code: err.code, message, params: err.params } }, null, 2)}\n`,
    );
  console.error(message);
  return 1;
}

/**
 * The language of a command's output: `--lang` when given (null if it is neither zh-CN nor en),
 * else the locale of the environment in POSIX order — LC_ALL, then LC_MESSAGES, then LANG, the
 * first one set and not empty. English when that locale starts with "en", Chinese otherwise
 * (C and POSIX included).
 */
export function cliLang(flag: string | undefined, env: Record<string, string | undefined>): Lang | null {
  if (flag !== undefined) return flag === 'zh-CN' || flag === 'en' ? flag : null;
  const locale = [env.LC_ALL, env.LC_MESSAGES, env.LANG].find((v) => v !== undefined && v !== '') ?? '';
  return locale.toLowerCase().startsWith('en') ? 'en' : 'zh-CN';
}
