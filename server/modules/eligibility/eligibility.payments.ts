import type { BenefitBatchView } from '../../../contracts/api/eligibility.ts';
import type { Lang } from '../../../contracts/messages/index.ts';
import { type Actor, requireIn } from '../../platform/access.ts';
import { type MonthBatchReport, monthBatchView } from '../../platform/batches/batch-table.ts';
import { grantChunk } from '../../platform/batches/grant-chunk.ts';
import {
  type Counters,
  driveMonthBatch,
  forgetMonthBatch,
  type MonthBatchKind,
  type MonthBatchProgress,
  progressOf,
  startMonthBatches,
} from '../../platform/batches/month-batch.ts';
import type { Ctx } from '../../platform/context.ts';
import type { Db } from '../../platform/db/index.ts';
import { toDateString } from '../../platform/db/rows.ts';
import { AppError } from '../../platform/errors.ts';
import { DISTRICT } from '../areas/index.ts';
import {
  addMonths,
  CHONGYANG_FUND,
  isMonth,
  type Month,
  monthOf,
  monthStart,
} from '../care-credits/index.ts';
import { type AccountSpec, openAccount, openAccounts, postBatch } from '../ledger/index.ts';
import * as prepo from './eligibility.payments.repo.ts';
import * as repo from './eligibility.repo.ts';
import { loadParams } from './eligibility.service.ts';
import { checkRule, type RuleKind, type TypedRule } from './engine/index.ts';

/**
 * The monthly payment of recurring benefits (高龄津贴, 护理补贴, 低保 …; ADR 0020). Approval
 * enrols a resident with an amount per period; this batch pays it, month by month, from the
 * programme's fund to the resident's benefit account. One-off aid is paid on approval and never
 * here; 重阳分 has its own grant (ADR 0009). The batch runs on the shared month-batch runner:
 * chunks of persons in id order, each chunk one transaction with its transfers, the run's
 * progress and one audit row; keys name programme, month and person, so a rerun pays only
 * what is missing.
 */

export const BENEFIT_CHUNK = 5_000;

/** 重阳分 is credited by its own monthly grant (ADR 0009): never paid here. */
const CHONGYANG = CHONGYANG_FUND.ownerId;

const who = (a: Actor) => ({ id: a.id, name: a.displayName });

/** The programme's issuing account (ADR 0008), the one approval pays one-off aid from. */
export const programmeFund = (programmeCode: string): AccountSpec => ({
  ownerType: 'programme',
  ownerId: programmeCode,
  unit: 'fen',
  kind: 'fund',
  areaCode: DISTRICT.code,
  allowNegative: true,
});

/** The resident's benefit account: every programme's payments land there, told apart by code. */
export const benefitAccount = (personId: string, areaCode: string): AccountSpec => ({
  ownerType: 'person',
  ownerId: personId,
  unit: 'fen',
  kind: 'benefit',
  areaCode,
});

export const payKey = (programmeCode: string, m: Month, personId: string) =>
  `${programmeCode}.grant:${m}:${personId}`;

// ── Pure rules ──

export type PaymentPeriod = 'month' | 'year' | 'once' | 'in_kind' | 'mixed';

/**
 * How a rule pays: the period of its money outcomes (发放 X 每月 / 每年 / 一次). A rule without
 * one grants in kind (符合: insurance, a terminal); a rule paying both monthly and yearly cannot
 * be paid by one batch, as an enrolment does not say which of its outcomes it came from.
 */
export function paymentPeriodOf(rule: TypedRule): PaymentPeriod {
  const outcomes = [...rule.branches.map((b) => b.outcome), rule.otherwise];
  const periods = new Set(outcomes.flatMap((o) => (o.k === 'benefit' ? [o.period] : [])));
  if (periods.size === 0) return 'in_kind';
  if (periods.size > 1) return 'mixed';
  return [...periods][0]!;
}

/** year × 12 + month − 1. */
export function monthIndex(m: Month): number {
  return Number(m.slice(0, 4)) * 12 + Number(m.slice(5, 7)) - 1;
}

/**
 * The first month an enrolment is paid: the first month whose first day it is valid on —
 * the month of valid_from when that is the 1st, else the next month (次月起发放).
 */
export function firstPaidMonth(validFrom: string): Month {
  const m = monthOf(validFrom);
  return validFrom.endsWith('-01') ? m : addMonths(m, 1);
}

/**
 * Whether month `m` pays the enrolment (ADR 0020): a money amount and valid on the month's
 * first day; yearly amounts once a year, in the month the enrolment year starts (its first paid
 * month, then every twelfth). The batch's SQL applies the same rule; the tests hold them equal.
 */
export function isDueIn(
  period: 'month' | 'year',
  e: { validFrom: string; validTo: string | null; amount: number },
  m: Month,
): boolean {
  const first = monthStart(m);
  if (e.amount <= 0 || e.validFrom > first || (e.validTo !== null && e.validTo < first)) return false;
  return period === 'month' || (monthIndex(m) - monthIndex(firstPaidMonth(e.validFrom))) % 12 === 0;
}

// ── Which programmes a month pays ──

interface Plan {
  programme: repo.ProgrammeRow;
  version: repo.VersionRow;
  period: 'month' | 'year';
}

type Verdict = { ok: true; plan: Plan } | { ok: false; error: AppError };

const nameOf = (p: repo.ProgrammeRow, lang: Lang) => (lang === 'zh-CN' ? p.nameZh : p.nameEn);

function inForce(v: repo.VersionRow, on: string): boolean {
  return (
    v.status === 'published' &&
    toDateString(v.validFrom) <= on &&
    (!v.validTo || toDateString(v.validTo) >= on)
  );
}

/** Each benefit programme's verdict for the month: paid by the batch (with its period), or why not. */
async function verdicts(db: Db, m: Month, lang: Lang): Promise<Map<string, Verdict>> {
  const first = monthStart(m);
  const programmes = await repo.listProgrammes(db);
  const versions = await repo.listVersions(db);
  const params = await loadParams(db);
  const out = new Map<string, Verdict>();
  for (const p of programmes) {
    if (p.kind !== 'benefit') continue;
    const programme = nameOf(p, lang);
    const no = (error: AppError): Verdict => ({ ok: false, error });
    if (p.code === CHONGYANG) {
      out.set(p.code, no(new AppError('PROGRAMME_PAID_SEPARATELY', { programme })));
      continue;
    }
    const version = versions.find((v) => v.programmeCode === p.code && inForce(v, first));
    if (!version) {
      out.set(p.code, no(new AppError('PROGRAMME_NO_RULE_ON_DATE', { programme, date: first })));
      continue;
    }
    const checked = checkRule(version.ruleText, p.kind as RuleKind, params, toDateString(version.validFrom));
    if (!checked.ok) {
      out.set(p.code, no(new AppError('RULE_INVALID', { count: checked.errors.length })));
      continue;
    }
    const period = paymentPeriodOf(checked.rule);
    if (period === 'month' || period === 'year')
      out.set(p.code, { ok: true, plan: { programme: p, version, period } });
    else if (period === 'once') out.set(p.code, no(new AppError('PROGRAMME_NOT_RECURRING', { programme })));
    else if (period === 'in_kind') out.set(p.code, no(new AppError('PROGRAMME_IN_KIND', { programme })));
    else out.set(p.code, no(new AppError('PROGRAMME_PERIOD_MIXED', { programme, date: first })));
  }
  return out;
}

/** The plans of one programme (refused with the reason) or of every payable one ('all'). */
async function plansFor(db: Db, code: string, m: Month, lang: Lang): Promise<Plan[]> {
  const all = await verdicts(db, m, lang);
  if (code === 'all') return [...all.values()].flatMap((v) => (v.ok ? [v.plan] : []));
  const v = all.get(code);
  if (!v) throw new AppError('PROGRAMME_NOT_FOUND', { code });
  if (!v.ok) throw v.error;
  return [v.plan];
}

function checkMonth(ctx: Ctx, month: string): Month {
  if (!isMonth(month)) throw new AppError('BENEFIT_MONTH_INVALID', { month });
  if (monthStart(month) > ctx.clock.today()) throw new AppError('BENEFIT_MONTH_FUTURE', { month });
  return month;
}

// ── Views ──

/** What a payment run's report holds besides what the shared runner writes (ADR 0020). */
interface StoredReport extends MonthBatchReport {
  persons?: number;
  period?: 'month' | 'year';
  versionId?: string | null;
}

function present(b: prepo.BatchRow, names: Map<string, repo.ProgrammeRow>, lang: Lang): BenefitBatchView {
  const r = (b.report ?? {}) as StoredReport;
  const p = names.get(b.programmeCode);
  const v = monthBatchView(b);
  return {
    id: b.id,
    programmeCode: b.programmeCode,
    programmeName: p ? nameOf(p, lang) : b.programmeCode,
    month: monthOf(toDateString(b.month)),
    period: r.period ?? 'month',
    ...v.head,
    report: {
      persons: r.persons ?? b.processed,
      ...v.moved,
      versionId: r.versionId ?? null,
      ...v.run,
    },
    ...v.times,
  };
}

async function programmeIndex(db: Db): Promise<Map<string, repo.ProgrammeRow>> {
  return new Map((await repo.listProgrammes(db)).map((p) => [p.code, p]));
}

// ── The batch ──

export interface BenefitProgress extends MonthBatchProgress {
  programmeCode: string;
  month: Month;
}

export interface BenefitBatchOptions {
  /** A programme code, or 'all': every benefit paid in money by month or year, 重阳分 aside. */
  programme: string;
  month: string;
  chunkSize?: number;
  onProgress?: (p: BenefitProgress) => void | Promise<void>;
  /**
   * Stops after this many chunks (over all programmes of the run) as if the process had been
   * killed: the rows stay 'running' and nothing after the last committed chunk is written.
   */
  stopAfterChunks?: number;
  /** The language of programme names in refusals and views. */
  lang?: Lang;
}

function batchKind(plan: Plan, m: Month, lang: Lang): MonthBatchKind<prepo.BatchRow> {
  const code = plan.programme.code;
  return {
    lockKey: `benefit_batch:${code}:${m}`,
    action: 'benefit.pay',
    entityType: 'benefit_batch',
    countKey: 'persons',
    areaCode: DISTRICT.code,
    month: m,
    busy: () => new AppError('BENEFIT_BATCH_RUNNING', { programme: nameOf(plan.programme, lang), month: m }),
    ...prepo.batches.kindTable(code, monthStart(m)),
  };
}

export interface StartedBenefitRun {
  /** The runs opened, one per programme, all 'running'. */
  batches: BenefitBatchView[];
  /** Pays them one programme after the other; resolves with each run's final view. */
  run(): Promise<BenefitBatchView[]>;
}

/**
 * Checks the request and opens one batch row per programme (all, or none when one is held by
 * a live run); `run()` then pays. The HTTP route answers between the two.
 */
export async function startBenefitBatches(
  ctx: Ctx,
  actor: Actor,
  opts: BenefitBatchOptions,
): Promise<StartedBenefitRun> {
  requireIn(actor, 'benefit.pay', DISTRICT.code);
  const lang = opts.lang ?? 'zh-CN';
  const m = checkMonth(ctx, opts.month);
  const plans = await plansFor(ctx.db, opts.programme.trim(), m, lang);
  const chunkSize = opts.chunkSize ?? BENEFIT_CHUNK;
  const first = monthStart(m);
  const by = who(actor);
  const prepared = [];
  for (const plan of plans) {
    const filter: prepo.DueFilter = {
      programmeCode: plan.programme.code,
      first,
      period: plan.period,
      monthIndex: monthIndex(m),
    };
    const base = { period: plan.period, versionId: plan.version.id, chunkSize, error: null };
    prepared.push({
      plan,
      filter,
      base,
      kind: batchKind(plan, m, lang),
      total: await prepo.countDue(ctx.db, filter),
    });
  }
  const rows = await startMonthBatches(
    ctx,
    by,
    prepared.map((p) => ({ kind: p.kind, report: p.base, total: p.total })),
  );
  const names = await programmeIndex(ctx.db);
  const started = prepared.map((p, i) => ({ ...p, batch: rows[i]! }));

  async function payOne(s: (typeof started)[number], stopAfterChunks: number | undefined) {
    const code = s.plan.programme.code;
    const key = (personId: string) => payKey(code, m, personId);
    const fund = await openAccount(ctx.db, ctx.clock, programmeFund(code));
    let chunks = 0;
    const row = await driveMonthBatch(
      ctx,
      by,
      s.kind,
      s.batch,
      s.base,
      {
        stopAfterChunks,
        onChunk: (c) => {
          chunks = c.chunks;
          return opts.onProgress?.({
            batchId: s.batch.id,
            programmeCode: code,
            month: m,
            ...progressOf(s.batch, c),
          });
        },
      },
      async (tx: Db, c: Readonly<Counters>) =>
        grantChunk(c, await prepo.dueChunk(tx, s.filter, c.cursor, chunkSize), {
          first,
          countKey: s.kind.countKey,
          audit: { programme: code },
          key,
          amount: (p) => p.amount,
          existingKeys: (keys) => prepo.existingKeys(tx, keys),
          // Benefit accounts open on a person's first payment, all of a chunk's in one statement.
          openAccounts: async (fresh) =>
            (
              await openAccounts(
                tx,
                ctx.clock,
                fresh.map((p) => benefitAccount(p.personId, p.areaCode)),
              )
            ).map((a) => a.id),
          post: (items) =>
            postBatch(tx, ctx.clock, {
              debitAccountId: fund.id,
              unit: 'fen',
              code: `${code}.grant`,
              refType: 'benefit_batch',
              memo: `${s.plan.programme.nameZh} ${m}`,
              actorId: actor.id,
              items: items.map((i) => ({ ...i, refId: s.batch.id })),
            }),
        }),
    );
    return { row, chunks };
  }

  return {
    batches: started.map((s) => present(s.batch, names, lang)),
    async run() {
      const out: BenefitBatchView[] = [];
      let budget = opts.stopAfterChunks;
      let failure: unknown = null;
      for (const [i, s] of started.entries()) {
        if (failure === null && budget !== undefined && budget <= 0) {
          // "Killed" before this programme began: its row stays 'running', as the others'.
          for (const rest of started.slice(i)) forgetMonthBatch(rest.batch.id);
          out.push(...started.slice(i).map((r) => present(r.batch, names, lang)));
          break;
        }
        try {
          const { row, chunks } = await payOne(s, budget);
          if (budget !== undefined) budget -= chunks;
          out.push(present(row, names, lang));
        } catch (err) {
          // The failed run is marked failed by the runner; the other programmes still get paid.
          failure ??= err;
          const row = await prepo.findBatch(ctx.db, s.batch.id).catch(() => undefined);
          out.push(present(row ?? s.batch, names, lang));
        }
      }
      if (failure !== null) throw failure;
      return out;
    },
  };
}

/**
 * Pays `month` of one recurring programme, or of all ('all'), to everyone due (ADR 0020), and
 * answers with each programme's run. Run it again and it pays only what is missing.
 */
export async function runBenefitBatch(
  ctx: Ctx,
  actor: Actor,
  opts: BenefitBatchOptions,
): Promise<BenefitBatchView[]> {
  const started = await startBenefitBatches(ctx, actor, opts);
  return started.run();
}

// ── Reads ──

export async function listBenefitBatches(
  ctx: Ctx,
  actor: Actor,
  q: { programme?: string; month?: string; page: number; pageSize: number },
  lang: Lang,
) {
  requireIn(actor, 'benefit.pay', DISTRICT.code);
  if (q.month !== undefined && !isMonth(q.month))
    throw new AppError('BENEFIT_MONTH_INVALID', { month: q.month });
  const { rows, total } = await prepo.searchBatches(ctx.db, {
    key: q.programme,
    month: q.month ? monthStart(q.month) : undefined,
    limit: q.pageSize,
    offset: (q.page - 1) * q.pageSize,
  });
  const names = await programmeIndex(ctx.db);
  return {
    items: rows.map((r) => present(r, names, lang)),
    total,
    totalIsLowerBound: false,
    page: q.page,
    pageSize: q.pageSize,
  };
}

export async function getBenefitBatch(ctx: Ctx, actor: Actor, id: string, lang: Lang) {
  requireIn(actor, 'benefit.pay', DISTRICT.code);
  const row = await prepo.findBatch(ctx.db, id);
  if (!row) throw new AppError('BENEFIT_BATCH_NOT_FOUND', { id });
  return present(row, await programmeIndex(ctx.db), lang);
}

/** The programmes the batch pays for a month (default: the current one), with their period. */
export async function payableProgrammes(ctx: Ctx, actor: Actor, month: string | undefined, lang: Lang) {
  requireIn(actor, 'benefit.pay', DISTRICT.code);
  const m = month ?? monthOf(ctx.clock.today());
  if (!isMonth(m)) throw new AppError('BENEFIT_MONTH_INVALID', { month: m });
  const all = await verdicts(ctx.db, m, lang);
  return {
    month: m,
    items: [...all.values()].flatMap((v) =>
      v.ok
        ? [
            {
              code: v.plan.programme.code,
              nameZh: v.plan.programme.nameZh,
              nameEn: v.plan.programme.nameEn,
              period: v.plan.period,
              versionId: v.plan.version.id,
            },
          ]
        : [],
    ),
  };
}
