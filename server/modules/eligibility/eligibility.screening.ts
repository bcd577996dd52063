import type { Lang } from '../../../contracts/messages/index.ts';
import { type Actor, areaPrefix, requireIn } from '../../platform/access.ts';
import { recordAudit } from '../../platform/audit/audit.service.ts';
import type { Ctx } from '../../platform/context.ts';
import type { Db } from '../../platform/db/index.ts';
import { toDateString, toIso } from '../../platform/db/rows.ts';
import { AppError } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';
import * as repo from './eligibility.repo.ts';
import { explanationView, grants, monthlyOf, outcomeOf } from './eligibility.rules.ts';
import { factsOf, type LoadedRule, rulesOn, today } from './eligibility.service.ts';
import { explainRule, type FactTable, rowOf } from './engine/index.ts';

/**
 * Screening (政策找人, ADR 0019): every published rule in force on a date over the registry,
 * street by street. Entitled but not enrolled → an outreach item for the community worker;
 * enrolled but no longer entitled → a review item; a trigger that fires → an alert with its
 * tier and deadline. Items the facts no longer support are resolved. Each street's changes are
 * one transaction with its audit row; the run row carries progress and the counts.
 */

export interface Counts {
  screened: number;
  entitled: number;
  enrolled: number;
  entitledNotEnrolled: number;
  enrolledNotEntitled: number;
  unknown: number;
  newItems: number;
  closedItems: number;
  monthlyAmount: number;
}

const zero = (): Counts => ({
  screened: 0,
  entitled: 0,
  enrolled: 0,
  entitledNotEnrolled: 0,
  enrolledNotEntitled: 0,
  unknown: 0,
  newItems: 0,
  closedItems: 0,
  monthlyAmount: 0,
});

export interface ScreeningOptions {
  asOf: string;
  programmes?: string[];
  areaCode?: string;
  onProgress?: (processed: number, total: number, street: string) => void;
}

type ItemInsert = Parameters<typeof repo.insertItems>[1][number];

/**
 * Evaluates the rules for the people of one table and works out the worklist changes against
 * their enrolments and open items. Pure apart from the explanation it renders for new items.
 */
export function diffTable(
  table: FactTable,
  rules: LoadedRule[],
  asOf: string,
  enrolled: Map<string, Set<string>>,
  open: Map<string, repo.OpenItem>,
  names: Map<string, string>,
  counts: Map<string, Map<string, Counts>>,
  runId: string | null,
  now: Date,
): { inserts: ItemInsert[]; resolve: string[] } {
  const inserts: ItemInsert[] = [];
  const resolve: string[] = [];
  const n = table.size;
  const decision = new Int8Array(n);
  const amount = new Int32Array(n);
  for (const r of rules) {
    r.run(table.columns, 0, n, decision, amount);
    const code = r.programme.code;
    const mine = enrolled.get(code) ?? new Set<string>();
    const byStreet = counts.get(code) ?? new Map<string, Counts>();
    counts.set(code, byStreet);
    for (let i = 0; i < n; i++) {
      const pid = table.ids[i] as string;
      const area = table.areaCodes[i] as string;
      const street = area.slice(0, 9);
      let c = byStreet.get(street);
      if (!c) {
        c = zero();
        byStreet.set(street, c);
      }
      c.screened++;
      const d = decision[i] as number;
      const granted = grants(r.rule, d);
      const isEnrolled = mine.has(pid);
      if (d < 0) c.unknown++;
      if (isEnrolled) c.enrolled++;
      const outcome = outcomeOf(r.rule, d);
      if (granted) {
        c.entitled++;
        c.monthlyAmount += monthlyOf(amount[i] as number, outcome.k === 'benefit' ? outcome.period : null);
      }
      const want: 'outreach' | 'review' | 'alert' | null =
        r.rule.kind === 'alert'
          ? granted
            ? 'alert'
            : null
          : granted && !isEnrolled
            ? 'outreach'
            : !granted && d === 0 && isEnrolled
              ? 'review'
              : null;
      if (want === 'outreach') c.entitledNotEnrolled++;
      if (want === 'review') c.enrolledNotEntitled++;
      for (const kind of r.rule.kind === 'alert' ? ['alert'] : ['outreach', 'review']) {
        const existing = open.get(`${pid}|${code}|${kind}`);
        // Alerts stay open until a worker closes them; outreach and review follow the facts.
        if (existing && kind !== want && kind !== 'alert') {
          resolve.push(existing.id);
          c.closedItems++;
        }
      }
      if (want && !open.has(`${pid}|${code}|${want}`)) {
        const facts = rowOf(table, i);
        const x = explainRule(r.rule, facts, asOf);
        const meta = {
          programmeCode: code,
          versionId: r.version.id,
          version: r.version.version,
          asOf,
          person: names.get(pid) ?? '',
        };
        const tier = outcome.k === 'alert' ? outcome.tier : null;
        const due =
          outcome.k === 'alert'
            ? new Date(Date.parse(`${asOf}T00:00:00Z`) + outcome.days * 86_400_000).toISOString().slice(0, 10)
            : null;
        inserts.push({
          personId: pid,
          id: newId(now.getTime()),
          programmeCode: code,
          kind: want,
          areaCode: area,
          status: 'open',
          tier,
          dueOn: due,
          versionId: r.version.id,
          asOf,
          decision: d,
          amount: amount[i] as number,
          explanation: {
            zh: explanationView(r.rule, x, { ...meta, programmeName: r.programme.nameZh }, 'zh-CN'),
            en: explanationView(r.rule, x, { ...meta, programmeName: r.programme.nameEn }, 'en'),
          },
          runId,
          createdAt: now,
          updatedAt: now,
        });
        c.newItems++;
      }
    }
  }
  return { inserts, resolve };
}

async function enrolmentsOf(db: Db, asOf: string, prefix: string, codes: string[], ids?: string[]) {
  const map = new Map<string, Set<string>>();
  for (const e of await repo.enrolledOn(db, asOf, prefix, codes, ids)) {
    let s = map.get(e.programme_code);
    if (!s) {
      s = new Set();
      map.set(e.programme_code, s);
    }
    s.add(e.person_id);
  }
  return map;
}

async function openOf(db: Db, prefix: string, codes: string[], ids?: string[]) {
  const map = new Map<string, repo.OpenItem>();
  for (const o of await repo.openItems(db, prefix, codes, ids))
    map.set(`${o.person_id}|${o.programme_code}|${o.kind}`, o);
  return map;
}

async function namesOf(db: Db, table: FactTable): Promise<Map<string, string>> {
  const { queryRows } = await import('../../platform/db/rows.ts');
  const { sql } = await import('drizzle-orm');
  const { pgArray } = await import('../../platform/db/rows.ts');
  const rows = await queryRows<{ id: string; name: string }>(
    db,
    sql`select id, name from persons where id = any(${pgArray(table.ids, 'uuid')})`,
  );
  return new Map(rows.map((r) => [r.id, r.name]));
}

/** Starts a run and returns its id at once; the work continues in the background. */
export async function startScreening(ctx: Ctx, actor: Actor, opts: ScreeningOptions): Promise<string> {
  const area = opts.areaCode ?? '330102000000';
  requireIn(actor, 'screening.run', area);
  const running = await repo.runningRun(ctx.db, area);
  if (running) throw new AppError('SCREENING_RUNNING', { startedAt: toIso(running.startedAt) });
  const rules = await rulesOn(ctx.db, opts.asOf, opts.programmes);
  const id = newId(ctx.clock.now().getTime());
  await ctx.db.transaction(async (tx) => {
    await repo.insertRun(tx, {
      id,
      asOf: opts.asOf,
      programmes: rules.map((r) => r.programme.code),
      areaCode: area,
      status: 'running',
      startedBy: actor.displayName,
      startedAt: ctx.clock.now(),
    });
    await recordAudit(
      tx,
      ctx.clock,
      { id: actor.id, name: actor.displayName },
      {
        action: 'screening.start',
        entityType: 'screening_run',
        entityId: id,
        areaCode: area,
        after: { asOf: opts.asOf, programmes: rules.map((r) => r.programme.code) },
      },
    );
  });
  return id;
}

/** Runs a started screening to its end (the CLI awaits it; the API lets it run in the background). */
export async function runScreening(ctx: Ctx, actor: Actor, runId: string, opts: ScreeningOptions) {
  const run = await repo.findRun(ctx.db, runId);
  if (!run) throw new AppError('SCREENING_NOT_FOUND', { id: runId });
  const asOf = toDateString(run.asOf);
  const prefix = areaPrefix(run.areaCode.trim());
  const started = Date.now();
  try {
    const rules = await rulesOn(ctx.db, asOf, run.programmes);
    const codes = rules.map((r) => r.programme.code);
    const streets = await repo.streetsUnder(ctx.db, prefix);
    const counts = new Map<string, Map<string, Counts>>();
    let processed = 0;
    for (const street of streets) {
      const table = await factsOf(
        ctx.db,
        asOf,
        prefix.length > 9 ? { areaPrefix: prefix } : { streetCode: street },
      );
      const streetPrefix = prefix.length > 9 ? prefix : street;
      const [enrolled, open, names] = await Promise.all([
        enrolmentsOf(ctx.db, asOf, streetPrefix, codes),
        openOf(ctx.db, streetPrefix, codes),
        namesOf(ctx.db, table),
      ]);
      const now = new Date();
      const { inserts, resolve } = diffTable(table, rules, asOf, enrolled, open, names, counts, runId, now);
      processed += table.size;
      await ctx.db.transaction(async (tx) => {
        await repo.insertItems(tx, inserts);
        await repo.resolveItems(tx, resolve, now, '重新筛查后不再适用');
        await repo.updateRun(tx, runId, { processed, total: Math.max(processed, run.total) });
        if (inserts.length + resolve.length > 0)
          await recordAudit(
            tx,
            ctx.clock,
            { id: actor.id, name: actor.displayName },
            {
              action: 'screening.worklist',
              entityType: 'screening_run',
              entityId: runId,
              areaCode: `${streetPrefix}${'0'.repeat(12 - streetPrefix.length)}`,
              after: { created: inserts.length, resolved: resolve.length },
            },
          );
      });
      opts.onProgress?.(processed, processed, street);
      if (prefix.length > 9) break;
    }
    const json: Record<string, Record<string, Counts>> = {};
    for (const [code, byStreet] of counts) {
      const all = zero();
      json[code] = {};
      for (const [street, c] of byStreet) {
        (json[code] as Record<string, Counts>)[street] = c;
        for (const k of Object.keys(all) as (keyof Counts)[]) all[k] += c[k];
      }
      (json[code] as Record<string, Counts>).all = all;
    }
    await ctx.db.transaction(async (tx) => {
      await repo.updateRun(tx, runId, {
        status: 'done',
        counts: json,
        total: processed,
        processed,
        finishedAt: new Date(),
      });
      await recordAudit(
        tx,
        ctx.clock,
        { id: actor.id, name: actor.displayName },
        {
          action: 'screening.finish',
          entityType: 'screening_run',
          entityId: runId,
          after: { screened: processed, ms: Date.now() - started },
        },
      );
    });
  } catch (err) {
    await repo.updateRun(ctx.db, runId, {
      status: 'failed',
      error: String((err as Error).message ?? err),
      finishedAt: new Date(),
    });
    throw err;
  }
}

/**
 * Incremental: when a person's facts change, only that person's rules are evaluated again,
 * inside the caller's transaction, and their items updated (ADR 0019).
 */
export async function reevaluatePersons(db: Db, clock: Ctx['clock'], personIds: string[]): Promise<number> {
  if (personIds.length === 0) return 0;
  const asOf = today(clock);
  const rules = await rulesOn(db, asOf);
  const table = await factsOf(db, asOf, { ids: personIds });
  if (table.size === 0) return 0;
  const codes = rules.map((r) => r.programme.code);
  const [enrolled, open, names] = await Promise.all([
    enrolmentsOf(db, asOf, '330102', codes, table.ids),
    openOf(db, '330102', codes, table.ids),
    namesOf(db, table),
  ]);
  const now = clock.now();
  const { inserts, resolve } = diffTable(table, rules, asOf, enrolled, open, names, new Map(), null, now);
  await repo.insertItems(db, inserts);
  await repo.resolveItems(db, resolve, now, '事实变更后不再适用');
  return inserts.length + resolve.length;
}

export function runView(r: repo.RunRow) {
  return {
    id: r.id,
    asOf: toDateString(r.asOf),
    programmes: r.programmes,
    areaCode: r.areaCode.trim(),
    status: r.status as 'running' | 'done' | 'failed',
    total: r.total,
    processed: r.processed,
    counts: r.counts as Record<string, Record<string, Counts>>,
    error: r.error,
    startedBy: r.startedBy,
    startedAt: toIso(r.startedAt),
    finishedAt: r.finishedAt ? toIso(r.finishedAt) : null,
    durationMs: r.finishedAt ? new Date(r.finishedAt).getTime() - new Date(r.startedAt).getTime() : null,
  };
}

export type { Lang };
