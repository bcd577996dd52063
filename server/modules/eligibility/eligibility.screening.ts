import type { Lang } from '../../../contracts/messages/index.ts';
import { type Actor, areaPrefix, requireAnywhere, requireIn } from '../../platform/access.ts';
import { recordAudit } from '../../platform/audit/audit.service.ts';
import type { Ctx } from '../../platform/context.ts';
import type { Db } from '../../platform/db/index.ts';
import { toDateString, toIso } from '../../platform/db/rows.ts';
import { AppError } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';
import { enrolledInMonthOf, enrolledOnDate } from '../care-credits/index.ts';
import * as repo from './eligibility.repo.ts';
import { grants, isOneOff, monthlyOf, outcomeOf } from './eligibility.rules.ts';
import {
  districtFacts,
  factsOf,
  type LoadedRule,
  recentDeaths,
  rulesOn,
  today,
} from './eligibility.service.ts';

/** The facts one rule reads, of row `i`: what its explanation is rendered from. */
function factsRead(table: FactTable, i: number, r: LoadedRule): Partial<PersonFacts> {
  const out: Record<string, unknown> = {};
  for (const f of r.rule.facts) out[f.code] = factValue(table, i, FACT_INDEX.get(f.code) as number);
  return out as Partial<PersonFacts>;
}

const fused = new WeakMap<LoadedRule[], Map<string, ReturnType<typeof compileFused>>>();
/** The one-pass kernel of these rules on a date, compiled once per list of rules in force. */
function fusedOf(rules: LoadedRule[], asOf: string) {
  let byDate = fused.get(rules);
  if (!byDate) {
    byDate = new Map();
    fused.set(rules, byDate);
  }
  let k = byDate.get(asOf);
  if (!k) {
    k = compileFused(
      rules.map((r) => r.rule),
      asOf,
    );
    byDate.set(asOf, k);
  }
  return k;
}

function emptyTable(): FactTable {
  return newFactTable(0);
}

/** One table per street (the first 9 digits of the area code), rows copied in order. */
export function splitByStreet(table: FactTable): Map<string, FactTable> {
  const rowsOf = new Map<string, number[]>();
  for (let i = 0; i < table.size; i++) {
    const street = (table.areaCodes[i] as string).slice(0, 9);
    let list = rowsOf.get(street);
    if (!list) {
      list = [];
      rowsOf.set(street, list);
    }
    list.push(i);
  }
  const out = new Map<string, FactTable>();
  for (const [street, rows] of rowsOf) out.set(street, copyRows(table, rows));
  return out;
}

import {
  compileFused,
  copyRows,
  FACT_INDEX,
  type FactTable,
  factValue,
  newFactTable,
  type PersonFacts,
} from './engine/index.ts';

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

/** What a person's decision asks of the worklist, as a small number (index into WANTS). */
const WANTS = [null, 'outreach', 'review', 'alert'] as const;
type Want = (typeof WANTS)[number];

/** Per street: entitled, enrolled, entitled not enrolled, enrolled not entitled, unknown, new, closed. */
const TALLIES = 7;

/**
 * The rows of a table by street (the first 9 digits of the area code) and by person id. Rows of
 * one street come together, so the street changes rarely and is read without a substring.
 */
function indexRows(table: FactTable) {
  const n = table.size;
  const streetOf = new Uint16Array(n);
  const streets: string[] = [];
  const rowOfId = new Map<string, number>();
  let street = '';
  let k = -1;
  for (let i = 0; i < n; i++) {
    const area = table.areaCodes[i] as string;
    if (k < 0 || !area.startsWith(street)) {
      street = area.slice(0, 9);
      k = streets.indexOf(street);
      if (k < 0) k = streets.push(street) - 1;
    }
    streetOf[i] = k;
    rowOfId.set(table.ids[i] as string, i);
  }
  const screenedIn = new Int32Array(streets.length);
  for (let i = 0; i < n; i++) screenedIn[streetOf[i] as number]! += 1;
  return { streetOf, streets, rowOfId, screenedIn };
}

/**
 * One rule's decisions against the enrolment and open-item flags: the counts by street, and the
 * rows that need an item or have one open (the few the caller looks at one by one). A tight
 * loop over numbers only, kept small so that it is optimised from the first street.
 */
function scanRule(
  n: number,
  decision: Int8Array,
  amount: Int32Array,
  grantedBy: Uint8Array,
  perMonth: Float64Array,
  isEnrolled: Uint8Array,
  hasOpen: Uint8Array,
  streetOf: Uint16Array,
  alertRule: boolean,
  oneOff: boolean,
  tally: Int32Array,
  money: Float64Array,
  wantOf: Uint8Array,
  rows: Int32Array,
): number {
  let m = 0;
  for (let i = 0; i < n; i++) {
    const st = streetOf[i] as number;
    const at = st * TALLIES;
    const d = decision[i] as number;
    const granted = grantedBy[d + 1] === 1;
    const enrolledNow = isEnrolled[i] === 1;
    if (d < 0) tally[at + 4]! += 1;
    if (enrolledNow) tally[at + 1]! += 1;
    if (granted) {
      tally[at]! += 1;
      money[st]! += (amount[i] as number) * (perMonth[d + 1] as number);
    }
    // 1 outreach: entitled, not enrolled; 2 review: enrolled, no longer entitled (a one-off
    // benefit once received stays received); 3 an alert that fires.
    const want = alertRule
      ? granted
        ? 3
        : 0
      : granted && !enrolledNow
        ? 1
        : !granted && d === 0 && enrolledNow && !oneOff
          ? 2
          : 0;
    if (want === 1) tally[at + 2]! += 1;
    else if (want === 2) tally[at + 3]! += 1;
    if (want !== 0 || hasOpen[i] === 1) {
      wantOf[m] = want;
      rows[m++] = i;
    }
  }
  return m;
}

/**
 * Evaluates the rules for the people of one table and works out the worklist changes against
 * their enrolments and open items. Pure: new items carry the facts their explanation is rendered from.
 */
export function diffTable(
  table: FactTable,
  rules: LoadedRule[],
  asOf: string,
  enrolled: Map<string, Set<string>>,
  open: Map<string, repo.OpenItem>,
  counts: Map<string, Map<string, Counts>>,
  runId: string | null,
  now: Date,
): { inserts: ItemInsert[]; resolve: string[] } {
  const inserts: ItemInsert[] = [];
  const resolve: string[] = [];
  const n = table.size;
  // Every rule in one pass over the table, each person's facts read once (ADR 0019).
  const decisions = rules.map(() => new Int8Array(n));
  const amounts = rules.map(() => new Int32Array(n));
  fusedOf(rules, asOf).run(table.columns, 0, n, decisions, amounts);
  const { streetOf, streets, rowOfId, screenedIn } = indexRows(table);
  const openByRule = new Map<string, Map<number, repo.OpenItem[]>>();
  for (const o of open.values()) {
    const row = rowOfId.get(o.person_id);
    if (row === undefined) continue;
    let m = openByRule.get(o.programme_code);
    if (!m) {
      m = new Map();
      openByRule.set(o.programme_code, m);
    }
    const list = m.get(row) ?? [];
    list.push(o);
    m.set(row, list);
  }
  const isEnrolled = new Uint8Array(n);
  const hasOpen = new Uint8Array(n);
  const tally = new Int32Array(streets.length * TALLIES);
  const money = new Float64Array(streets.length);
  const wantOf = new Uint8Array(n);
  const rows = new Int32Array(n);
  for (let r = 0; r < rules.length; r++) {
    const rule = rules[r] as LoadedRule;
    const amount = amounts[r] as Int32Array;
    const code = rule.programme.code;
    isEnrolled.fill(0);
    for (const pid of enrolled.get(code) ?? []) {
      const row = rowOfId.get(pid);
      if (row !== undefined) isEnrolled[row] = 1;
    }
    const openHere = openByRule.get(code);
    hasOpen.fill(0);
    if (openHere) for (const row of openHere.keys()) hasOpen[row] = 1;
    tally.fill(0);
    money.fill(0);
    // What each decision means, looked up by decision + 1 (decision -1 is "unknown").
    const outcomes = [-1, ...rule.rule.branches.map((_, b) => b + 1), 0];
    const grantedBy = new Uint8Array(rule.rule.branches.length + 2);
    const perMonth = new Float64Array(rule.rule.branches.length + 2);
    for (const d of outcomes) {
      grantedBy[d + 1] = grants(rule.rule, d) ? 1 : 0;
      const o = outcomeOf(rule.rule, d);
      perMonth[d + 1] = o.k === 'benefit' ? monthlyOf(1, o.period) : 0;
    }
    const decision = decisions[r] as Int8Array;
    const m = scanRule(
      n,
      decision,
      amount,
      grantedBy,
      perMonth,
      isEnrolled,
      hasOpen,
      streetOf,
      rule.rule.kind === 'alert',
      isOneOff(rule.rule),
      tally,
      money,
      wantOf,
      rows,
    );
    for (let j = 0; j < m; j++) {
      const i = rows[j] as number;
      const want: Want = WANTS[wantOf[j] as number] ?? null;
      const at = (streetOf[i] as number) * TALLIES;
      const mineOpen = hasOpen[i] === 1 ? openHere?.get(i) : undefined;
      if (mineOpen) {
        // Alerts stay open until a worker closes them; outreach and review follow the facts.
        for (const o of mineOpen) {
          if (o.kind !== want && o.kind !== 'alert') {
            resolve.push(o.id);
            tally[at + 6]! += 1;
          }
        }
      }
      if (want && !mineOpen?.some((o) => o.kind === want)) {
        const d = decision[i] as number;
        const outcome = outcomeOf(rule.rule, d);
        const tier = outcome.k === 'alert' ? outcome.tier : null;
        const due = outcome.k === 'alert' ? addDays(asOf, outcome.days) : null;
        inserts.push({
          personId: table.ids[i] as string,
          id: newId(now.getTime()),
          programmeCode: code,
          kind: want,
          areaCode: table.areaCodes[i] as string,
          status: 'open',
          tier,
          dueOn: due,
          versionId: rule.version.id,
          asOf,
          decision: d,
          amount: amount[i] as number,
          // The facts the decision saw: the explanation is rendered from them and the version
          // on reading (a pure function, ADR 0019), in the reader's language.
          // Only the facts this rule reads: the explanation needs no more.
          explanation: { facts: factsRead(table, i, rule) },
          runId,
          createdAt: now,
          updatedAt: now,
        });
        tally[at + 5]! += 1;
      }
    }
    const byStreet = counts.get(code) ?? new Map<string, Counts>();
    counts.set(code, byStreet);
    for (let st = 0; st < streets.length; st++) {
      const key = streets[st] as string;
      const x = byStreet.get(key) ?? zero();
      byStreet.set(key, x);
      const at = st * TALLIES;
      x.screened += screenedIn[st] as number;
      x.entitled += tally[at] as number;
      x.enrolled += tally[at + 1] as number;
      x.entitledNotEnrolled += tally[at + 2] as number;
      x.enrolledNotEntitled += tally[at + 3] as number;
      x.unknown += tally[at + 4] as number;
      x.newItems += tally[at + 5] as number;
      x.closedItems += tally[at + 6] as number;
      x.monthlyAmount += money[st] as number;
    }
  }
  return { inserts, resolve };
}

/**
 * Who is enrolled in each programme on the date: within an area, or among some persons. The
 * 重阳分 list is read once per screening by the caller and passed in (`chongyang`).
 */
async function enrolmentsOf(
  db: Db,
  asOf: string,
  prefix: string,
  codes: string[],
  chongyang: Set<string> | undefined,
  ids?: string[],
) {
  const map = new Map<string, Set<string>>();
  // 重阳分 keeps its own monthly list (ADR 0009): whoever is on it is enrolled.
  if (chongyang) map.set('chongyang', chongyang);
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
  const running = await repo.runningRun(ctx.db, area, ctx.clock.now());
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

/**
 * Runs a started screening to its end and answers the finished run with its counts (the CLI
 * awaits it; the API lets it run in the background).
 */
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
    // On PostgreSQL the whole district loads in one pass (the batch path, ADR 0019) and is then
    // worked street by street. The embedded database lives in this process and keeps the memory
    // a result took, so there each street of the district takes the batch path on its own. A
    // street or community alone loads through the facts query. The next street's facts load
    // while this one is evaluated and written (on a pool; an embedded database takes them in turn).
    const whole = prefix.length === 6;
    const oneByOne = whole && ctx.database.kind === 'pglite';
    // The 重阳分 list of the month is read once, while the district loads.
    const chongyangList = codes.includes('chongyang') ? enrolledInMonthOf(ctx.db, asOf) : undefined;
    chongyangList?.catch(() => {});
    const district = whole && !oneByOne ? splitByStreet(await districtFacts(ctx.database, asOf)) : null;
    const deaths = oneByOne ? await recentDeaths(ctx.db, asOf) : undefined;
    const chongyang = await chongyangList;
    // A street's facts, enrolments and open items, loaded together.
    const load = async (street: string) => {
      const table = district
        ? (district.get(street) ?? emptyTable())
        : oneByOne
          ? await districtFacts(ctx.db, asOf, street, deaths)
          : await factsOf(ctx.db, asOf, prefix.length > 9 ? { areaPrefix: prefix } : { streetCode: street });
      const streetPrefix = prefix.length > 9 ? prefix : street;
      const [enrolled, open] = await Promise.all([
        enrolmentsOf(ctx.db, asOf, streetPrefix, codes, chongyang),
        openOf(ctx.db, streetPrefix, codes),
      ]);
      return { table, enrolled, open };
    };
    // Work that runs while this street is evaluated: the next street's load, and the previous
    // street's write. A failure in either is rethrown where it is awaited (the guard only keeps
    // it from counting as unhandled meanwhile).
    const ahead = <T>(p: Promise<T>): Promise<T> => {
      p.catch(() => {});
      return p;
    };
    let next = streets[0] ? ahead(load(streets[0])) : null;
    // Up to two streets are written at once, each in its own transaction (on PostgreSQL, on two
    // connections); their commits stay in street order, so the run's progress only grows.
    const writing: Promise<void>[] = [];
    let committed: Promise<void> = Promise.resolve();
    for (let s = 0; s < streets.length; s++) {
      const street = streets[s] as string;
      const { table, enrolled, open } = await (next as ReturnType<typeof load>);
      next = s + 1 < streets.length && prefix.length <= 9 ? ahead(load(streets[s + 1] as string)) : null;
      const streetPrefix = prefix.length > 9 ? prefix : street;
      const now = new Date();
      const { inserts, resolve } = diffTable(table, rules, asOf, enrolled, open, counts, runId, now);
      processed += table.size;
      const done = processed;
      if (writing.length >= 2) await writing.shift();
      const before = committed;
      const write = ahead(
        ctx.db
          .transaction(async (tx) => {
            await repo.insertItems(tx, inserts);
            await repo.resolveItems(tx, resolve, now, '重新筛查后不再适用');
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
            // The previous street commits first (if it failed, so does this one); the run row
            // is locked from here to the commit only.
            await before;
            await repo.updateRun(tx, runId, {
              processed: done,
              total: Math.max(done, run.total),
              heartbeatAt: new Date(),
            });
          })
          .then(() => opts.onProgress?.(done, done, street)),
      );
      writing.push(write);
      committed = write;
      if (prefix.length > 9) break;
    }
    for (const w of writing) await w;
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
    return runView((await repo.findRun(ctx.db, runId)) as repo.RunRow);
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
  // One after the other: `db` is the caller's transaction, one connection.
  const chongyang = codes.includes('chongyang') ? await enrolledOnDate(db, table.ids, asOf) : undefined;
  const enrolled = await enrolmentsOf(db, asOf, '330102', codes, chongyang, table.ids);
  const open = await openOf(db, '330102', codes, table.ids);
  const now = clock.now();
  const { inserts, resolve } = diffTable(table, rules, asOf, enrolled, open, new Map(), null, now);
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

// ── What-if simulation: a draft against the version in force, before it is published ──

export async function simulateVersion(ctx: Ctx, actor: Actor, versionId: string, asOfInput?: string) {
  requireIn(actor, 'programme.write', '330102000000');
  const { compileVersion, loadParams } = await import('./eligibility.service.ts');
  const version = (await repo.listVersions(ctx.db)).find((v) => v.id === versionId);
  if (!version) throw new AppError('PROGRAMME_VERSION_NOT_FOUND', { id: versionId });
  const programme = (await repo.findProgramme(ctx.db, version.programmeCode)) as repo.ProgrammeRow;
  const validFrom = toDateString(version.validFrom);
  // A draft that starts later is simulated on its first day.
  const asOf = asOfInput ?? ([validFrom, today(ctx.clock)].sort().at(-1) as string);
  const params = await loadParams(ctx.db);
  const draft = compileVersion(programme, version, params, asOf);
  // The base: the version in force on the day, other than the draft itself.
  const base = (await repo.listVersions(ctx.db, programme.code)).find(
    (v) =>
      v.id !== versionId &&
      v.status === 'published' &&
      toDateString(v.validFrom) <= asOf &&
      (!v.validTo || toDateString(v.validTo) >= asOf),
  );
  const baseRule = base ? compileVersion(programme, base, params, asOf) : null;
  const started = Date.now();
  const names = await repo.areaNames(ctx.db);
  const streets = await repo.streetsUnder(ctx.db, '330102');
  const rows: Row[] = [];
  const examples: { personId: string; name: string; areaName: string; change: 'gain' | 'lose' }[] = [];
  for (const street of streets) {
    const table = await factsOf(ctx.db, asOf, { streetCode: street });
    const n = table.size;
    const d0 = new Int8Array(n);
    const a0 = new Int32Array(n);
    const d1 = new Int8Array(n);
    const a1 = new Int32Array(n);
    if (baseRule) baseRule.run(table.columns, 0, n, d0, a0);
    draft.run(table.columns, 0, n, d1, a1);
    const row: Row = {
      areaCode: `${street}000`,
      areaName: names.get(`${street}000`) ?? street,
      screened: n,
      entitledBefore: 0,
      entitledAfter: 0,
      gain: 0,
      lose: 0,
      monthlyCostBefore: 0,
      monthlyCostAfter: 0,
    };
    const gainers: number[] = [];
    const losers: number[] = [];
    for (let i = 0; i < n; i++) {
      const before = baseRule ? grants(baseRule.rule, d0[i] as number) : false;
      const after = grants(draft.rule, d1[i] as number);
      if (before) {
        row.entitledBefore++;
        const o = outcomeOf((baseRule as LoadedRule).rule, d0[i] as number);
        row.monthlyCostBefore += monthlyOf(a0[i] as number, o.k === 'benefit' ? o.period : null);
      }
      if (after) {
        row.entitledAfter++;
        const o = outcomeOf(draft.rule, d1[i] as number);
        row.monthlyCostAfter += monthlyOf(a1[i] as number, o.k === 'benefit' ? o.period : null);
      }
      if (after && !before) {
        row.gain++;
        if (gainers.length < 2) gainers.push(i);
      }
      if (before && !after) {
        row.lose++;
        if (losers.length < 2) losers.push(i);
      }
    }
    rows.push(row);
    if (examples.length < 12 && gainers.length + losers.length > 0) {
      const who = await namesOf(ctx.db, {
        ...table,
        ids: [...gainers, ...losers].map((i) => table.ids[i] as string),
      });
      for (const [list, change] of [
        [gainers, 'gain'],
        [losers, 'lose'],
      ] as const)
        for (const i of list) {
          const id = table.ids[i] as string;
          examples.push({
            personId: id,
            name: who.get(id) ?? '',
            areaName: names.get(table.areaCodes[i] as string) ?? '',
            change,
          });
        }
    }
  }
  const total: Row = {
    areaCode: '330102000000',
    areaName: names.get('330102000000') ?? '330102',
    screened: 0,
    entitledBefore: 0,
    entitledAfter: 0,
    gain: 0,
    lose: 0,
    monthlyCostBefore: 0,
    monthlyCostAfter: 0,
  };
  for (const r of rows) {
    total.screened += r.screened;
    total.entitledBefore += r.entitledBefore;
    total.entitledAfter += r.entitledAfter;
    total.gain += r.gain;
    total.lose += r.lose;
    total.monthlyCostBefore += r.monthlyCostBefore;
    total.monthlyCostAfter += r.monthlyCostAfter;
  }
  return {
    versionId,
    baseVersionId: base?.id ?? null,
    asOf,
    durationMs: Date.now() - started,
    total,
    byStreet: rows,
    examples,
  };
}

interface Row {
  areaCode: string;
  areaName: string;
  screened: number;
  entitledBefore: number;
  entitledAfter: number;
  gain: number;
  lose: number;
  monthlyCostBefore: number;
  monthlyCostAfter: number;
}

// ── Alerts: visits, escalation, and the sweep that escalates overdue alerts ──

const NEXT_LEVEL: Record<string, string | undefined> = { community: 'street', street: 'district' };
const ESCALATION_DAYS = { red: 3, yellow: 7 } as const;

function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

export async function escalateItems(
  db: Db,
  clock: Ctx['clock'],
  ids: string[],
  actor: { id: string | null; name: string },
  reason: string,
) {
  const on = today(clock);
  const now = clock.now();
  let moved = 0;
  for (const id of ids) {
    const item = await repo.findItem(db, id);
    if (!item) continue;
    const next = NEXT_LEVEL[String(item.level)];
    if (!next) continue;
    const due = addDays(on, ESCALATION_DAYS[(item.tier as 'red' | 'yellow') ?? 'yellow'] ?? 7);
    await repo.updateItem(db, String(item.person_id), id, {
      level: next,
      escalatedAt: now,
      dueOn: due,
      status: 'open',
      updatedAt: now,
    });
    await recordAudit(db, clock, actor, {
      action: 'worklist.escalate',
      entityType: 'worklist_item',
      entityId: id,
      areaCode: String(item.area_code),
      before: { level: item.level, dueOn: toDateString(item.due_on) },
      after: { level: next, dueOn: due },
      reason,
    });
    moved++;
  }
  return moved;
}

/** Overdue alerts move up a level by themselves (community → street → district), each once per deadline. */
export async function sweepOverdueAlerts(ctx: Ctx): Promise<number> {
  const ids = await repo.overdueAlertIds(ctx.db, today(ctx.clock));
  if (ids.length === 0) return 0;
  return ctx.db.transaction((tx) =>
    escalateItems(tx, ctx.clock, ids, { id: null, name: '系统' }, '逾期未处置，自动上报'),
  );
}

async function alertInScope(ctx: Ctx, actor: Actor, id: string) {
  const scope = requireAnywhere(actor, 'worklist.work');
  const row = await repo.findItem(ctx.db, id);
  if (!row || !scope.some((s) => String(row.area_code).startsWith(s)))
    throw new AppError('WORKLIST_ITEM_NOT_FOUND', { id });
  if (row.kind !== 'alert') throw new AppError('WORKLIST_NOT_ALERT');
  const status = String(row.status);
  if (status !== 'open' && status !== 'in_progress') throw new AppError('WORKLIST_ITEM_CLOSED', { status });
  return row;
}

/** A worker escalates an alert by hand: the street, then the district, must act. */
export async function escalateAlert(ctx: Ctx, actor: Actor, id: string, reason: string) {
  const row = await alertInScope(ctx, actor, id);
  if (!NEXT_LEVEL[String(row.level)]) throw new AppError('WORKLIST_TOP_LEVEL');
  await ctx.db.transaction((tx) =>
    escalateItems(tx, ctx.clock, [id], { id: actor.id, name: actor.displayName }, reason),
  );
}

/** The visit that verifies an alert (核查): its result, then closed, escalated or on to an application. */
export async function recordVisit(
  ctx: Ctx,
  actor: Actor,
  id: string,
  body: { result: string; outcome: 'close' | 'escalate' | 'apply' },
) {
  const row = await alertInScope(ctx, actor, id);
  if (body.outcome === 'escalate' && !NEXT_LEVEL[String(row.level)]) throw new AppError('WORKLIST_TOP_LEVEL');
  const now = ctx.clock.now();
  await ctx.db.transaction(async (tx) => {
    await repo.updateItem(tx, String(row.person_id), id, {
      visitedAt: now,
      result: body.result,
      assignedTo: actor.displayName,
      status: body.outcome === 'close' ? 'done' : 'in_progress',
      closedAt: body.outcome === 'close' ? now : null,
      updatedAt: now,
    });
    await recordAudit(
      tx,
      ctx.clock,
      { id: actor.id, name: actor.displayName },
      {
        action: 'worklist.visit',
        entityType: 'worklist_item',
        entityId: id,
        areaCode: String(row.area_code),
        before: { status: row.status },
        after: { result: body.result, outcome: body.outcome },
      },
    );
    if (body.outcome === 'escalate')
      await escalateItems(tx, ctx.clock, [id], { id: actor.id, name: actor.displayName }, body.result);
  });
}
