import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import type { DuplicateAction } from '../../contracts/api/imports.ts';
import { type Lang, translateError } from '../../contracts/messages/index.ts';
import type { Role } from '../../contracts/roles.ts';
import { openContext } from '../bootstrap.ts';
import { allAreas } from '../modules/areas/index.ts';
import { findGrants, findUserByUsername } from '../modules/identity/index.ts';
import { importResidentsFile, type Progress, presentReport } from '../modules/imports/index.ts';
import { type Actor, SYSTEM_ACTOR } from '../platform/access.ts';
import type { Ctx } from '../platform/context.ts';
import { AppError } from '../platform/errors.ts';

const USAGE = `usage: minsheng import residents <file.csv|file.xlsx> [--dry-run] [--format table|json]
                                  [--on-duplicate skip|update] [--user NAME] [--lang zh-CN|en]`;

const DUPLICATES_SHOWN = 20;

const TEXT = {
  'zh-CN': {
    validate: '校验',
    write: '写入',
    bad: (file: string, total: number, bad: number) =>
      `${file}：共 ${total} 行，${bad} 行有误，未写入任何数据`,
    more: (n: number) => `……另有 ${n} 行（--format json 列出全部）`,
    head: ['行号', '列', '值', '原因'],
    dupHead: ['行号', '姓名', '身份证号', '已登记于'],
    clean: (file: string, total: number) => `${file}：共 ${total} 行，校验通过`,
    dups: (n: number, action: string) => `其中 ${n} 行的身份证号已登记（--on-duplicate ${action}）：`,
    outOfScope: '（辖区外，只能跳过）',
    dry: '试运行（--dry-run），未写入任何数据。',
    done: (i: number, u: number, s: number, h: number) =>
      `已导入：新增 ${i} 人，更新 ${u} 人，跳过 ${s} 人，新建 ${h} 户`,
    batch: (id: string) => `导入批次 ${id}`,
    error: '导入失败，未写入任何数据：',
    noFile: (f: string) => `找不到文件：${f}`,
    noUser: (u: string) => `找不到用户：${u}`,
  },
  en: {
    validate: 'Validating',
    write: 'Writing',
    bad: (file: string, total: number, bad: number) =>
      `${file}: ${total} rows, ${bad} bad; nothing was written`,
    more: (n: number) => `… and ${n} more (--format json lists them all)`,
    head: ['Line', 'Column', 'Value', 'Reason'],
    dupHead: ['Line', 'Name', 'ID number', 'Registered in'],
    clean: (file: string, total: number) => `${file}: ${total} rows, all valid`,
    dups: (n: number, action: string) =>
      `${n} rows have an ID number already registered (--on-duplicate ${action}):`,
    outOfScope: ' (outside your area: skipped)',
    dry: 'Dry run (--dry-run): nothing was written.',
    done: (i: number, u: number, s: number, h: number) =>
      `Imported: ${i} added, ${u} updated, ${s} skipped, ${h} new households`,
    batch: (id: string) => `Import ${id}`,
    error: 'Import failed; nothing was written:',
    noFile: (f: string) => `File not found: ${f}`,
    noUser: (u: string) => `Unknown user: ${u}`,
  },
} as const;

/** Display width in a terminal: CJK and full-width characters take two cells. */
function width(s: string): number {
  let w = 0;
  for (const ch of s)
    w +=
      /[\u1100-\u115F\u2E80-\u303E\u3041-\u33FF\u3400-\u4DBF\u4E00-\u9FFF\uA000-\uA4CF\uAC00-\uD7A3\uF900-\uFAFF\uFE30-\uFE4F\uFF00-\uFF60\uFFE0-\uFFE6]|[\u{20000}-\u{3FFFD}]/u.test(
        ch,
      )
        ? 2
        : 1;
  return w;
}

export function formatTable(head: readonly string[], rows: string[][]): string {
  const widths = head.map((h, i) => Math.max(width(h), ...rows.map((r) => width(r[i] ?? ''))));
  const line = (cells: readonly string[]) =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c + ' '.repeat(widths[i]! - width(c))))
      .join('  ')
      .trimEnd();
  return [line(head), ...rows.map(line)].join('\n');
}

/** A progress line rewritten in place on a terminal; every tenth on a log file. */
function progressPrinter(lang: Lang) {
  const tty = process.stderr.isTTY === true;
  let lastPhase = '';
  let lastTenth = -1;
  return {
    update(p: Progress) {
      const label = p.phase === 'validate' ? TEXT[lang].validate : TEXT[lang].write;
      const text = `${label} ${p.done}/${p.total}`;
      if (tty) {
        if (lastPhase && lastPhase !== p.phase) process.stderr.write('\n');
        process.stderr.write(`\r\x1b[2K${text}`);
      } else {
        const tenth = p.total ? Math.floor((p.done * 10) / p.total) : 10;
        if (p.phase !== lastPhase || tenth !== lastTenth) process.stderr.write(`${text}\n`);
        lastTenth = tenth;
      }
      lastPhase = p.phase;
    },
    end() {
      if (tty && lastPhase) process.stderr.write('\n');
    },
  };
}

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

/**
 * `minsheng import residents <file>`: validates every row, prints the report (a table, or JSON
 * with --format json) on stdout and progress on stderr, and commits all rows in one transaction
 * unless there are bad rows or --dry-run. Exit 0: committed or a clean dry run; 1: bad rows or an
 * unreadable file (nothing written); 2: usage.
 */
export async function runImportCommand(args: string[]): Promise<number> {
  const [kind, ...rest] = args;
  let values: {
    'dry-run'?: boolean;
    format?: string;
    'on-duplicate'?: string;
    user?: string;
    lang?: string;
    help?: boolean;
  };
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({
      args: rest,
      allowPositionals: true,
      options: {
        'dry-run': { type: 'boolean' },
        format: { type: 'string' },
        'on-duplicate': { type: 'string' },
        user: { type: 'string' },
        lang: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (err) {
    console.error(`${(err as Error).message}\n${USAGE}`);
    return 2;
  }
  if (kind === '--help' || kind === '-h' || values.help) {
    console.log(USAGE);
    return 0;
  }
  const format = values.format ?? 'table';
  const onDuplicate = (values['on-duplicate'] ?? 'skip') as DuplicateAction;
  const lang = (values.lang ?? 'zh-CN') as Lang;
  if (
    kind !== 'residents' ||
    positionals.length !== 1 ||
    !['table', 'json'].includes(format) ||
    !['skip', 'update'].includes(onDuplicate) ||
    !['zh-CN', 'en'].includes(lang)
  ) {
    console.error(USAGE);
    return 2;
  }
  const path = positionals[0]!;
  const t = TEXT[lang];
  let buffer: Buffer;
  try {
    buffer = await readFile(path);
  } catch {
    console.error(t.noFile(path));
    return 2;
  }
  const fileName = basename(path);
  const dryRun = values['dry-run'] === true;
  const json = format === 'json';
  const out = (s: string) => process.stdout.write(`${s}\n`);

  const ctx = await openContext();
  const progress = progressPrinter(lang);
  try {
    const actor = await actorFor(ctx, values.user);
    if (!actor) {
      console.error(t.noUser(values.user!));
      return 2;
    }
    let outcome: Awaited<ReturnType<typeof importResidentsFile>>;
    try {
      outcome = await importResidentsFile(ctx, actor, {
        buffer,
        fileName,
        lang,
        dryRun,
        onDuplicate,
        onProgress: (p) => progress.update(p),
      });
    } catch (err) {
      progress.end();
      if (!(err instanceof AppError)) throw err;
      const issues = (err.issues ?? []).map((i) => ({
        ...i,
        message: translateError(i.code, { field: i.field, ...(i.params ?? {}) }, lang),
      }));
      const message = translateError(err.code, err.params, lang);
      if (json)
        out(
          JSON.stringify(
            {
              file: fileName,
              dryRun,
              status: 'error',
              error: {
                code: err.code,
                message,
                ...(err.params && Object.keys(err.params).length ? { params: err.params } : {}),
                issues,
              },
            },
            null,
            2,
          ),
        );
      else {
        console.error(`${t.error} ${message}`);
        for (const i of issues.slice(1)) console.error(`  ${i.message}`);
      }
      return 1;
    }
    progress.end();
    const { validation: v, result } = outcome;
    const names = new Map((await allAreas(ctx.db)).map((a) => [a.code, a.name]));
    const report = presentReport(
      { issues: v.issues, issuesTruncated: false, duplicates: v.duplicates, duplicatesTruncated: false },
      lang,
      (code) => names.get(code) ?? code,
    );
    const status = v.badRows > 0 ? 'invalid' : result ? 'committed' : 'dry-run';
    if (json) {
      out(
        JSON.stringify(
          {
            file: fileName,
            dryRun,
            status,
            totalRows: v.totalRows,
            badRows: v.badRows,
            duplicateRows: v.duplicates.length,
            onDuplicate,
            issues: report.issues,
            duplicates: report.duplicates,
            result: result ?? null,
          },
          null,
          2,
        ),
      );
    } else if (v.badRows > 0) {
      out(t.bad(fileName, v.totalRows, v.badRows));
      out(
        formatTable(
          t.head,
          report.issues.map((i) => [String(i.line), i.columnLabel, i.value, i.message]),
        ),
      );
    } else {
      out(t.clean(fileName, v.totalRows));
      if (report.duplicates.length) {
        // Every duplicate is in the JSON report; a terminal gets the first few.
        out(t.dups(report.duplicates.length, onDuplicate));
        const shown = report.duplicates.slice(0, DUPLICATES_SHOWN);
        out(
          formatTable(
            t.dupHead,
            shown.map((d) => [
              String(d.line),
              d.name,
              d.idMasked,
              `${d.areaName}${d.inScope ? '' : t.outOfScope}`,
            ]),
          ),
        );
        if (report.duplicates.length > shown.length) out(t.more(report.duplicates.length - shown.length));
      }
      if (result) {
        out(t.done(result.inserted, result.updated, result.skipped, result.households));
        out(t.batch(result.importId));
      } else out(t.dry);
    }
    return v.badRows > 0 ? 1 : 0;
  } finally {
    await ctx.database.close();
  }
}
