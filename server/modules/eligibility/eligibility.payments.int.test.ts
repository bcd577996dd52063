/**
 * The monthly payment of recurring benefits against a real database (PGlite or PostgreSQL 15,
 * ADR 0020): who is paid for a month (valid on its first day, alive on it; yearly amounts in
 * the anniversary month; 重阳分, one-off and in-kind programmes never), a rerun pays nothing
 * twice, a run killed after some chunks and run again leaves the ledger exactly as one run, one
 * live run per programme and month, and the HTTP routes. Today is 2026-12-15 (Asia/Shanghai).
 */
import { count, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Actor, SYSTEM_ACTOR } from '../../platform/access.ts';
import { STALE_AFTER_MS } from '../../platform/batches/runner.ts';
import { fixedClock } from '../../platform/clock.ts';
import type { Ctx } from '../../platform/context.ts';
import { queryRows, toDateOrNull, toDateString } from '../../platform/db/rows.ts';
import type { AppError } from '../../platform/errors.ts';
import type { App } from '../../platform/http/types.ts';
import { newId } from '../../platform/ids.ts';
import {
  auditRowCount,
  expectCleanLedger,
  grantSnapshot,
  insertResidents,
  progressLog,
  runTwiceAtOnce,
  silentRunner,
} from '../../testing/batches.ts';
import {
  buildPersonBody,
  COMMUNITY_HUBIN,
  COMMUNITY_QINGBO,
  DISTRICT,
  STREET_HUBIN,
} from '../../testing/builders.ts';
import { createTestContext } from '../../testing/context.ts';
import { type Client, createTestApp, signInAs } from '../../testing/http.ts';
import { addMonths, type Month } from '../care-credits/index.ts';
import { findAccount } from '../ledger/index.ts';
import * as prepo from './eligibility.payments.repo.ts';
import { benefitAccount, isDueIn, programmeFund, runBenefitBatch } from './eligibility.payments.ts';
import * as repo from './eligibility.repo.ts';
import { benefitBatches } from './eligibility.schema.ts';

const clock = fixedClock('2026-12-15T02:00:00Z');
let ctx: Ctx;
let close: () => Promise<void>;
let app: App;
let admin: Client;
let streetClient: Client;

const streetStaff: Actor = {
  id: '01900000-0000-7000-8000-0000000000d1',
  username: 'pay_street',
  displayName: 'pay_street',
  grants: [{ role: 'street_staff', areaCode: STREET_HUBIN }],
};

/** Residents straight into the registry (the service path is tested elsewhere). */
const residents = (n: number, areaCode = COMMUNITY_HUBIN) =>
  insertResidents(ctx, n, { name: '待遇', bornFrom: 1930, areaCode });

async function enrol(
  personIds: string[],
  programmeCode: string,
  e: { validFrom: string; validTo?: string | null; amount: number },
): Promise<void> {
  await repo.insertEnrolments(
    ctx.db,
    personIds.map((personId) => ({
      personId,
      id: newId(),
      programmeCode,
      areaCode: COMMUNITY_HUBIN,
      validFrom: e.validFrom,
      validTo: e.validTo ?? null,
      amount: e.amount,
      source: 'test',
      createdBy: 'test',
      createdAt: clock.now(),
    })),
  );
}

async function died(personId: string, on: string) {
  await ctx.db.execute(sql`UPDATE persons SET deceased_on = ${on}::date WHERE id = ${personId}::uuid`);
}

/** What the ledger holds for a programme and month: key → amount. */
async function paid(programme: string, m: Month): Promise<Map<string, number>> {
  const rows = await queryRows<{ key: string; amount: string; code: string }>(
    ctx.db,
    sql`SELECT idempotency_key AS key, amount::text, code FROM ledger_transfers
        WHERE idempotency_key LIKE ${`${programme}.grant:${m}:%`}`,
  );
  for (const r of rows) expect(r.code).toBe(`${programme}.grant`);
  return new Map(rows.map((r) => [r.key, Number(r.amount)]));
}

/**
 * The oracle: what the month should pay for a programme, from the enrolments and deaths in the
 * database and the pure rule (isDueIn); the batch's SQL must agree with it.
 */
async function expected(programme: string, period: 'month' | 'year', m: Month): Promise<Map<string, number>> {
  const rows = await queryRows<Record<string, unknown>>(
    ctx.db,
    sql`SELECT e.person_id, e.valid_from, e.valid_to, e.amount, p.deceased_on FROM programme_enrolments e
        JOIN persons p ON p.id = e.person_id WHERE e.programme_code = ${programme}`,
  );
  const out = new Map<string, number>();
  for (const r of rows) {
    const e = {
      validFrom: toDateString(r.valid_from),
      validTo: toDateOrNull(r.valid_to),
      amount: Number(r.amount),
    };
    const dead = toDateOrNull(r.deceased_on);
    if (!isDueIn(period, e, m) || (dead && dead < `${m}-01`)) continue;
    out.set(`${programme}.grant:${m}:${String(r.person_id)}`, e.amount);
  }
  return out;
}

async function balanceOf(personId: string): Promise<number | undefined> {
  return (await findAccount(ctx.db, { ownerType: 'person', ownerId: personId, unit: 'fen', kind: 'benefit' }))
    ?.balance;
}
async function fundBalance(programme: string): Promise<number> {
  return (await findAccount(ctx.db, programmeFund(programme)))?.balance ?? 0;
}
const refusal = (p: Promise<unknown>) => p.then(() => null).catch((e: AppError) => e.code);

beforeAll(async () => {
  ({ ctx, close } = await createTestContext({ clock }));
  app = await createTestApp(ctx);
  admin = await signInAs(app, ctx, 'district_admin', DISTRICT, 'pay_admin');
  streetClient = await signInAs(app, ctx, 'street_staff', STREET_HUBIN, 'pay_st');
});
afterAll(async () => {
  if (ctx) await expectCleanLedger(ctx.db);
  await app?.close();
  await close?.();
});

describe('who is paid for a month', () => {
  let onFirst: string;
  let onFifteenth: string;
  let endedMarch: string;
  let endsAprilFirst: string;
  let diedMarch: string;
  let diedAprilFirst: string;
  let zeroAmount: string;
  let yearlyFirst: string;
  let yearlyTenth: string;
  let chongyang: string;
  let oneOff: string;
  let inKind: string;

  beforeAll(async () => {
    [
      onFirst,
      onFifteenth,
      endedMarch,
      endsAprilFirst,
      diedMarch,
      diedAprilFirst,
      zeroAmount,
      yearlyFirst,
      yearlyTenth,
      chongyang,
      oneOff,
      inKind,
    ] = (await residents(12)) as [
      string,
      string,
      string,
      string,
      string,
      string,
      string,
      string,
      string,
      string,
      string,
      string,
    ];
    await enrol([onFirst], 'longevity', { validFrom: '2026-03-01', amount: 10_000 });
    await enrol([onFifteenth], 'longevity', { validFrom: '2026-03-15', amount: 20_000 });
    await enrol([endedMarch], 'longevity', {
      validFrom: '2025-01-01',
      validTo: '2026-03-31',
      amount: 10_000,
    });
    await enrol([endsAprilFirst], 'longevity', {
      validFrom: '2025-01-01',
      validTo: '2026-04-01',
      amount: 10_000,
    });
    await enrol([diedMarch, diedAprilFirst], 'longevity', { validFrom: '2025-06-01', amount: 50_000 });
    await died(diedMarch, '2026-03-20');
    await died(diedAprilFirst, '2026-04-01');
    await enrol([zeroAmount], 'longevity', { validFrom: '2025-01-01', amount: 0 });
    await enrol([yearlyFirst], 'medical_travel', { validFrom: '2025-03-01', amount: 60_000 });
    await enrol([yearlyTenth], 'medical_travel', { validFrom: '2025-03-10', amount: 60_000 });
    await enrol([chongyang], 'chongyang', { validFrom: '2025-01-01', amount: 10_000 });
    await enrol([oneOff], 'temporary_aid', { validFrom: '2026-02-01', amount: 300_000 });
    await enrol([inKind], 'accident_insurance', { validFrom: '2025-01-01', amount: 0 });
  });

  it('March: valid on the 1st and alive on it; yearly in the month the enrolment year starts', async () => {
    const runs = await runBenefitBatch(ctx, SYSTEM_ACTOR, {
      programme: 'all',
      month: '2026-03',
      chunkSize: 2,
    });
    const byCode = new Map(runs.map((r) => [r.programmeCode, r]));
    expect(byCode.get('longevity')).toMatchObject({
      status: 'done',
      period: 'month',
      month: '2026-03',
      credited: 5,
      amount: 10_000 + 10_000 + 10_000 + 50_000 + 50_000,
      report: { persons: 5, postedNow: 5, alreadyDone: 0, skipped: 0 },
    });
    expect(byCode.get('medical_travel')).toMatchObject({ status: 'done', period: 'year', credited: 1 });
    // Neither 重阳分, nor one-off aid, nor in-kind programmes are paid by this batch.
    for (const code of ['chongyang', 'temporary_aid', 'home_modification', 'accident_insurance'])
      expect(byCode.has(code), code).toBe(false);
    expect([...(await paid('longevity', '2026-03')).keys()].sort()).toEqual(
      [onFirst, endedMarch, endsAprilFirst, diedMarch, diedAprilFirst]
        .map((p) => `longevity.grant:2026-03:${p}`)
        .sort(),
    );
    expect([...(await paid('medical_travel', '2026-03')).keys()]).toEqual([
      `medical_travel.grant:2026-03:${yearlyFirst}`,
    ]);
    for (const m of ['chongyang', 'temporary_aid', 'accident_insurance'])
      expect((await paid(m, '2026-03')).size, m).toBe(0);
    expect(await balanceOf(onFifteenth)).toBeUndefined();
    expect(await balanceOf(zeroAmount)).toBeUndefined();
    expect(await balanceOf(chongyang)).toBeUndefined();
    expect(await balanceOf(oneOff)).toBeUndefined();
    expect(await balanceOf(inKind)).toBeUndefined();
    expect(await balanceOf(diedMarch)).toBe(50_000);
    expect(await fundBalance('longevity')).toBe(-130_000);
    await expectCleanLedger(ctx.db);
  });

  it('April: approved on the 15th is paid from the next month; ended and deceased are not', async () => {
    const [longevity] = await runBenefitBatch(ctx, SYSTEM_ACTOR, {
      programme: 'longevity',
      month: '2026-04',
    });
    expect(longevity).toMatchObject({
      status: 'done',
      credited: 4,
      // Died on 2026-03-20: walked, not paid.
      report: { persons: 5, postedNow: 4, skipped: 1 },
    });
    const april = await paid('longevity', '2026-04');
    expect(new Map([...april].map(([k, v]) => [k.split(':')[2], v]))).toEqual(
      new Map([
        [onFirst, 10_000],
        [onFifteenth, 20_000],
        [endsAprilFirst, 10_000],
        // Died on the 1st: alive on the day the month began, so April is paid.
        [diedAprilFirst, 50_000],
      ]),
    );
    const [yearly] = await runBenefitBatch(ctx, SYSTEM_ACTOR, {
      programme: 'medical_travel',
      month: '2026-04',
    });
    expect(yearly).toMatchObject({ credited: 1, period: 'year' });
    expect([...(await paid('medical_travel', '2026-04')).keys()]).toEqual([
      `medical_travel.grant:2026-04:${yearlyTenth}`,
    ]);
    expect(await balanceOf(onFirst)).toBe(20_000);
    expect(await balanceOf(endedMarch)).toBe(10_000);
  });

  it('the batch pays exactly what the rule says, month after month (SQL and isDueIn agree)', async () => {
    for (let m: Month = '2026-01'; m <= '2026-06'; m = addMonths(m, 1)) {
      await runBenefitBatch(ctx, SYSTEM_ACTOR, { programme: 'longevity', month: m, chunkSize: 3 });
      await runBenefitBatch(ctx, SYSTEM_ACTOR, { programme: 'medical_travel', month: m });
      expect(await paid('longevity', m), m).toEqual(await expected('longevity', 'month', m));
      expect(await paid('medical_travel', m), m).toEqual(await expected('medical_travel', 'year', m));
    }
    // Once a year each: 2026-03 for the one enrolled on 2025-03-01, 2026-04 for 2025-03-10.
    expect(await balanceOf(yearlyFirst)).toBe(60_000);
    expect(await balanceOf(yearlyTenth)).toBe(60_000);
  });

  it('refuses programmes the batch does not pay, with the reason', async () => {
    const run = (programme: string) =>
      refusal(runBenefitBatch(ctx, SYSTEM_ACTOR, { programme, month: '2026-05' }));
    expect(await run('chongyang')).toBe('PROGRAMME_PAID_SEPARATELY');
    expect(await run('temporary_aid')).toBe('PROGRAMME_NOT_RECURRING');
    expect(await run('home_modification')).toBe('PROGRAMME_NOT_RECURRING');
    expect(await run('accident_insurance')).toBe('PROGRAMME_IN_KIND');
    expect(await run('alert_hospital')).toBe('PROGRAMME_NOT_FOUND');
    expect(await run('no_such_programme')).toBe('PROGRAMME_NOT_FOUND');
    // 困难群众救助 has no rule before 2021.
    expect(
      await refusal(runBenefitBatch(ctx, SYSTEM_ACTOR, { programme: 'social_assistance', month: '2020-05' })),
    ).toBe('PROGRAMME_NO_RULE_ON_DATE');
  });
});

describe('reruns, kills and concurrent runs', () => {
  let bulk: string[] = [];
  const AMOUNT = 30_000;

  const snapshot = (m: Month) => grantSnapshot(ctx.db, 'severe_disability_care', m);

  beforeAll(async () => {
    bulk = await residents(1_100, COMMUNITY_QINGBO);
    await enrol(bulk, 'severe_disability_care', { validFrom: '2026-07-01', amount: AMOUNT });
  });

  it('pays in chunks with progress and one audit row per chunk; a rerun pays nothing and says so', async () => {
    const progress = progressLog();
    const [b] = await runBenefitBatch(ctx, SYSTEM_ACTOR, {
      programme: 'severe_disability_care',
      month: '2026-07',
      chunkSize: 250,
      onProgress: progress.onProgress,
    });
    expect(b).toMatchObject({
      status: 'done',
      total: 1_100,
      processed: 1_100,
      credited: 1_100,
      amount: 1_100 * AMOUNT,
      report: { persons: 1_100, postedNow: 1_100, alreadyDone: 0, chunks: 5, chunkSize: 250 },
    });
    expect(progress.processed).toEqual([250, 500, 750, 1000, 1100]);
    expect(await auditRowCount(ctx.db, b!.id)).toBe(5 + 1);
    expect(await snapshot('2026-07')).toEqual({
      transfers: 1_100,
      amount: 1_100 * AMOUNT,
      persons: 1_100,
      perPerson: [1],
    });

    const [again] = await runBenefitBatch(ctx, SYSTEM_ACTOR, {
      programme: 'severe_disability_care',
      month: '2026-07',
    });
    expect(again).toMatchObject({ status: 'done', credited: 0, amount: 0 });
    expect(again!.report).toMatchObject({ persons: 1_100, postedNow: 0, alreadyDone: 1_100 });
    expect(await snapshot('2026-07')).toMatchObject({ transfers: 1_100, perPerson: [1] });
    expect(await balanceOf(bulk[0]!)).toBe(AMOUNT);
  });

  it('killed after two chunks and run again: the ledger is exactly as if it had run once', async () => {
    const once = await snapshot('2026-07');
    const fundBefore = await fundBalance('severe_disability_care');
    const [killed] = await runBenefitBatch(ctx, SYSTEM_ACTOR, {
      programme: 'severe_disability_care',
      month: '2026-08',
      chunkSize: 300,
      stopAfterChunks: 2,
    });
    expect(killed).toMatchObject({ status: 'running', processed: 600, credited: 600 });
    expect((await snapshot('2026-08')).transfers).toBe(600);

    const [rerun] = await runBenefitBatch(ctx, SYSTEM_ACTOR, {
      programme: 'severe_disability_care',
      month: '2026-08',
      chunkSize: 400,
    });
    expect(rerun!.report).toMatchObject({ persons: 1_100, postedNow: 500, alreadyDone: 600 });
    expect(await snapshot('2026-08')).toEqual(once);
    expect(await fundBalance('severe_disability_care')).toBe(fundBefore - once.amount);
    for (const id of [bulk[0]!, bulk[599]!, bulk[1_099]!]) expect(await balanceOf(id)).toBe(2 * AMOUNT);
    const [abandoned] = await ctx.db.select().from(benefitBatches).where(eq(benefitBatches.id, killed!.id));
    expect(abandoned).toMatchObject({
      status: 'failed',
      report: expect.objectContaining({ error: 'abandoned' }),
    });
    await expectCleanLedger(ctx.db);
  });

  it("'all' killed after its first chunk: the rerun takes every programme over and completes the month", async () => {
    const killed = await runBenefitBatch(ctx, SYSTEM_ACTOR, {
      programme: 'all',
      month: '2026-09',
      chunkSize: 200,
      stopAfterChunks: 1,
    });
    expect(killed.length).toBeGreaterThanOrEqual(3);
    // Programmes with nobody due finish before the first chunk; the one stopped and those after
    // it stay 'running', as a killed process leaves them.
    const running = killed.filter((b) => b.status === 'running').map((b) => b.programmeCode);
    expect(running).toContain('severe_disability_care');
    expect((await snapshot('2026-09')).transfers).toBeLessThan(1_100);
    const rerun = await runBenefitBatch(ctx, SYSTEM_ACTOR, { programme: 'all', month: '2026-09' });
    expect(rerun.every((b) => b.status === 'done')).toBe(true);
    expect(await snapshot('2026-09')).toEqual(await snapshot('2026-07'));
    expect(await paid('longevity', '2026-09')).toEqual(await expected('longevity', 'month', '2026-09'));
    const stillRunning = await ctx.db
      .select({ n: count() })
      .from(benefitBatches)
      .where(eq(benefitBatches.status, 'running'));
    expect(Number(stillRunning[0]?.n)).toBe(0);
  });

  it('a second run of the same programme and month is refused while one runs; a silent runner elsewhere is taken over', async () => {
    const { outcomes, refused } = await runTwiceAtOnce(() =>
      runBenefitBatch(ctx, SYSTEM_ACTOR, {
        programme: 'severe_disability_care',
        month: '2026-10',
        chunkSize: 200,
      }),
    );
    expect(outcomes).toEqual(['BENEFIT_BATCH_RUNNING', 'done']);
    expect(refused?.params).toEqual({ programme: '重度残疾人护理补贴', month: '2026-10' });
    expect(await snapshot('2026-10')).toMatchObject({ transfers: 1_100, perPerson: [1] });

    // A run on another machine that stopped reporting: live until STALE_AFTER_MS have passed.
    const foreign = silentRunner(clock);
    await prepo.insertBatch(ctx.db, {
      ...foreign,
      programmeCode: 'severe_disability_care',
      month: '2026-11-01',
    });
    const busy = () =>
      refusal(runBenefitBatch(ctx, SYSTEM_ACTOR, { programme: 'severe_disability_care', month: '2026-11' }));
    expect(await busy()).toBe('BENEFIT_BATCH_RUNNING');
    // 'all' touches the held programme too: refused as a whole, nothing opened or paid.
    expect(await refusal(runBenefitBatch(ctx, SYSTEM_ACTOR, { programme: 'all', month: '2026-11' }))).toBe(
      'BENEFIT_BATCH_RUNNING',
    );
    expect((await snapshot('2026-11')).transfers).toBe(0);
    expect((await paid('longevity', '2026-11')).size).toBe(0);
    clock.advance(STALE_AFTER_MS + 1000);
    try {
      const [b] = await runBenefitBatch(ctx, SYSTEM_ACTOR, {
        programme: 'severe_disability_care',
        month: '2026-11',
      });
      expect(b!.report.postedNow).toBe(1_100);
      const [row] = await ctx.db.select().from(benefitBatches).where(eq(benefitBatches.id, foreign.id));
      expect(row?.status).toBe('failed');
    } finally {
      clock.set('2026-12-15T02:00:00Z');
    }
  });

  it('refuses a future month, a malformed one and anyone but the district', async () => {
    const before = await ctx.db.select({ n: count() }).from(benefitBatches);
    expect(await refusal(runBenefitBatch(ctx, SYSTEM_ACTOR, { programme: 'all', month: '2027-01' }))).toBe(
      'BENEFIT_MONTH_FUTURE',
    );
    expect(await refusal(runBenefitBatch(ctx, SYSTEM_ACTOR, { programme: 'all', month: '2026-13' }))).toBe(
      'BENEFIT_MONTH_INVALID',
    );
    expect(
      await refusal(runBenefitBatch(ctx, streetStaff, { programme: 'longevity', month: '2026-12' })),
    ).toBe('FORBIDDEN');
    expect(await ctx.db.select({ n: count() }).from(benefitBatches)).toEqual(before);
    expect((await paid('longevity', '2026-12')).size).toBe(0);
  });
});

describe('HTTP', () => {
  async function waitDone(id: string, client = admin) {
    for (let i = 0; i < 400; i++) {
      const res = await client.get(`/api/benefit-batches/${id}`);
      expect(res.statusCode, res.body).toBe(200);
      if (res.json().status !== 'running') return res.json();
      await new Promise((r) => setTimeout(r, 25));
    }
    throw new Error('the payment did not finish');
  }

  it('an approval on the 15th is paid from the next month, from the programme fund', async () => {
    const person = await admin.post('/api/persons', buildPersonBody({ age: 85, hukouLocal: true }));
    expect(person.statusCode, person.body).toBe(201);
    const personId = person.json().id as string;
    const applied = await admin.post('/api/applications', { personId, programmeCode: 'longevity' });
    expect(applied.statusCode, applied.body).toBe(201);
    const decided = await admin.post(`/api/applications/${applied.json().application.id}/decision`, {
      decision: 'approve',
      note: '同意',
    });
    expect(decided.statusCode, decided.body).toBe(200);
    const monthly = decided.json().application.amount as number;
    expect(monthly).toBeGreaterThan(0);

    const started = await admin.post('/api/benefit-batches', { programme: 'longevity', month: '2026-12' });
    expect(started.statusCode, started.body).toBe(202);
    expect(started.json().items).toHaveLength(1);
    expect(started.json().items[0]).toMatchObject({
      programmeCode: 'longevity',
      month: '2026-12',
      status: 'running',
    });
    const december = await waitDone(started.json().items[0].id);
    expect(december).toMatchObject({ status: 'done', programmeName: '高龄津贴' });
    expect((await paid('longevity', '2026-12')).has(`longevity.grant:2026-12:${personId}`)).toBe(false);

    clock.set('2027-01-05T02:00:00Z');
    try {
      // Three weeks on, the morning's session has lapsed: sign in again.
      const again = await signInAs(app, ctx, 'district_admin', DISTRICT, 'pay_admin2');
      const jan = await again.post('/api/benefit-batches', { programme: 'longevity', month: '2027-01' });
      expect(jan.statusCode, jan.body).toBe(202);
      await waitDone(jan.json().items[0].id, again);
      expect((await paid('longevity', '2027-01')).get(`longevity.grant:2027-01:${personId}`)).toBe(monthly);
      expect(await balanceOf(personId)).toBe(monthly);
      const accounts = await queryRows<{ n: number }>(
        ctx.db,
        sql`SELECT count(*)::int AS n FROM ledger_accounts WHERE owner_type = 'programme' AND owner_id = 'longevity'`,
      );
      expect(accounts[0]?.n).toBe(1);
      expect(benefitAccount(personId, COMMUNITY_HUBIN).kind).toBe('benefit');
    } finally {
      clock.set('2026-12-15T02:00:00Z');
    }
  });

  it('lists runs newest first, shows one, names the payable programmes, and refuses with codes', async () => {
    const list = await admin.get('/api/benefit-batches?pageSize=200');
    expect(list.statusCode, list.body).toBe(200);
    const items = list.json().items as { id: string; startedAt: string; month: string }[];
    expect(items.length).toBe(list.json().total);
    const times = items.map((i) => i.startedAt);
    expect(times).toEqual([...times].sort().reverse());
    const july = await admin.get('/api/benefit-batches?programme=severe_disability_care&month=2026-07');
    expect(
      july
        .json()
        .items.map((i: { report: { postedNow: number } }) => i.report.postedNow)
        .sort(),
    ).toEqual([0, 1_100]);
    const en = await admin.request('GET', `/api/benefit-batches/${items[0]!.id}`, undefined, {
      'accept-language': 'en',
    });
    expect(en.statusCode).toBe(200);
    expect(en.json().programmeName).toMatch(/[A-Za-z]/);

    const payable = await admin.get('/api/benefit-programmes?month=2026-12');
    expect(payable.statusCode, payable.body).toBe(200);
    const codes = (payable.json().items as { code: string; period: string }[]).map(
      (p) => `${p.code}:${p.period}`,
    );
    expect(codes).toContain('longevity:month');
    expect(codes).toContain('medical_travel:year');
    for (const no of ['chongyang', 'temporary_aid', 'accident_insurance'])
      expect(
        codes.some((c) => c.startsWith(`${no}:`)),
        no,
      ).toBe(false);

    const future = await admin.post('/api/benefit-batches', { programme: 'all', month: '2027-02' });
    expect(future.statusCode).toBe(409);
    expect(future.json().error.code).toBe('BENEFIT_MONTH_FUTURE');
    const bad = await admin.post('/api/benefit-batches', { programme: 'all', month: '2026-1' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.issues[0]).toMatchObject({ field: 'month', code: 'BENEFIT_MONTH_INVALID' });
    const oneOff = await admin.request(
      'POST',
      '/api/benefit-batches',
      { programme: 'temporary_aid', month: '2026-12' },
      { 'accept-language': 'en' },
    );
    expect(oneOff.statusCode).toBe(409);
    expect(oneOff.json().error.message).toContain('one-off');
    const missing = await admin.get(`/api/benefit-batches/${newId()}`);
    expect(missing.statusCode).toBe(404);

    for (const [method, url] of [
      ['POST', '/api/benefit-batches'],
      ['GET', '/api/benefit-batches'],
      ['GET', `/api/benefit-batches/${items[0]!.id}`],
      ['GET', '/api/benefit-programmes'],
    ] as const) {
      const res =
        method === 'POST'
          ? await streetClient.post(url, { programme: 'longevity', month: '2026-12' })
          : await streetClient.get(url);
      expect(res.statusCode, `${method} ${url}`).toBe(403);
    }
  });
});
