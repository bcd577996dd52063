/**
 * The monthly grant and the expiry run against a real database (PGlite or PostgreSQL 15): a
 * run repeated credits once, a run stopped half-way (as if its process were killed) and run
 * again leaves the ledger exactly as one run would, expiry takes back what lapsed, FIFO.
 */
import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Actor, SYSTEM_ACTOR } from '../../platform/access.ts';
import { fixedClock } from '../../platform/clock.ts';
import type { Ctx } from '../../platform/context.ts';
import { queryRows } from '../../platform/db/rows.ts';
import { AppError } from '../../platform/errors.ts';
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
import { COMMUNITY_HUBIN, COMMUNITY_QINGBO, DISTRICT } from '../../testing/builders.ts';
import { createTestContext } from '../../testing/context.ts';
import { type Account, findAccount, holdTransfer, openAccount, postTransfer } from '../ledger/index.ts';
import * as repo from './care-credits.repo.ts';
import { STALE_AFTER_MS } from './care-credits.rules.ts';
import { careCreditBatches } from './care-credits.schema.ts';
import {
  addSetting,
  CHONGYANG_FUND,
  ensureCareCreditDefaults,
  fundsOverview,
  getBatch,
  runExpiry,
  runGrantBatch,
} from './index.ts';

const clock = fixedClock('2026-06-15T02:00:00Z');
let ctx: Ctx;
let close: () => Promise<void>;

const worker: Actor = {
  id: '01900000-0000-7000-8000-0000000000c1',
  username: 'cc_worker',
  displayName: 'cc_worker',
  grants: [{ role: 'community_worker', areaCode: COMMUNITY_HUBIN }],
};
const streetAdmin: Actor = {
  id: '01900000-0000-7000-8000-0000000000c2',
  username: 'cc_street_admin',
  displayName: 'cc_street_admin',
  grants: [{ role: 'district_admin', areaCode: '330102001000' }],
};

/** Elders in bulk, straight into the registry and onto the list (the service path is tested elsewhere). */
async function elders(
  n: number,
  opts: { areaCode?: string; fromMonth?: string; toMonth?: string | null } = {},
): Promise<string[]> {
  const areaCode = opts.areaCode ?? COMMUNITY_HUBIN;
  const ids = await insertResidents(ctx, n, { name: '批量', bornFrom: 1940, areaCode });
  await repo.insertEnrolments(
    ctx.db,
    ids.map((personId) => ({
      personId,
      id: newId(),
      areaCode,
      fromMonth: `${opts.fromMonth ?? '2025-01'}-01`,
      toMonth: opts.toMonth ? `${opts.toMonth}-01` : null,
      createdAt: clock.now(),
    })),
  );
  return ids;
}

/** What the ledger holds for one month's grant: transfers, the sum, the elders, how many each got. */
const monthSnapshot = (month: string) => grantSnapshot(ctx.db, 'chongyang', month);

async function balanceOf(personId: string) {
  return (await findAccount(ctx.db, {
    ownerType: 'person',
    ownerId: personId,
    unit: 'fen',
    kind: 'elder_care',
  }))!;
}
async function fund(): Promise<Account> {
  return (await findAccount(ctx.db, CHONGYANG_FUND))!;
}

let all: string[] = [];

beforeAll(async () => {
  ({ ctx, close } = await createTestContext({ clock }));
  await ensureCareCreditDefaults(ctx.db, clock);
  all = await elders(1_250);
});
afterAll(async () => {
  if (ctx) await expectCleanLedger(ctx.db);
  await close?.();
});

describe('the monthly grant', () => {
  it('credits every enrolled elder once, in chunks, with progress, one audit row per chunk and one for the run', async () => {
    const progress = progressLog();
    const b = await runGrantBatch(ctx, SYSTEM_ACTOR, {
      month: '2026-01',
      chunkSize: 200,
      onProgress: progress.onProgress,
    });
    expect(b).toMatchObject({
      status: 'done',
      total: 1_250,
      processed: 1_250,
      credited: 1_250,
      amount: 12_500_000,
    });
    expect(b.report).toMatchObject({
      elders: 1_250,
      postedNow: 1_250,
      alreadyDone: 0,
      skipped: 0,
      chunks: 7,
      monthlyAmount: 10_000,
    });
    expect(progress.processed).toEqual([200, 400, 600, 800, 1000, 1200, 1250]);
    expect(await auditRowCount(ctx.db, b.id)).toBe(7 + 1);
    expect(await monthSnapshot('2026-01')).toEqual({
      transfers: 1_250,
      amount: 12_500_000,
      persons: 1_250,
      perPerson: [1],
    });
    expect((await fund()).balance).toBe(-12_500_000);
    await expectCleanLedger(ctx.db);
  });

  it('run twice: credited once, and the second report says so', async () => {
    const again = await runGrantBatch(ctx, SYSTEM_ACTOR, { month: '2026-01', chunkSize: 500 });
    expect(again).toMatchObject({ status: 'done', credited: 0, amount: 0 });
    expect(again.report).toMatchObject({ elders: 1_250, postedNow: 0, alreadyDone: 1_250 });
    expect(await monthSnapshot('2026-01')).toEqual({
      transfers: 1_250,
      amount: 12_500_000,
      persons: 1_250,
      perPerson: [1],
    });
    expect((await balanceOf(all[0]!)).balance).toBe(10_000);
  });

  it('killed half-way and run again: the ledger is exactly as if it had run once', async () => {
    // The reference: February, run once without interruption.
    await runGrantBatch(ctx, SYSTEM_ACTOR, { month: '2026-02', chunkSize: 200 });
    const once = await monthSnapshot('2026-02');
    const fundAfterOnce = (await fund()).balance;
    const seqBefore = (await fund()).seq;

    // March: the process "dies" after 3 chunks; the batch row is left running.
    const killed = await runGrantBatch(ctx, SYSTEM_ACTOR, {
      month: '2026-03',
      chunkSize: 200,
      stopAfterChunks: 3,
    });
    expect(killed).toMatchObject({ status: 'running', processed: 600, credited: 600 });
    expect((await monthSnapshot('2026-03')).transfers).toBe(600);

    // Restarted: the abandoned run is taken over and the month completed.
    const rerun = await runGrantBatch(ctx, SYSTEM_ACTOR, { month: '2026-03', chunkSize: 300 });
    expect(rerun.report).toMatchObject({ elders: 1_250, postedNow: 650, alreadyDone: 600 });
    expect(await monthSnapshot('2026-03')).toEqual(once);
    expect((await fund()).balance).toBe(fundAfterOnce - once.amount);
    expect((await fund()).seq).toBe(seqBefore + 1_250);
    for (const id of [all[0]!, all[600]!, all[1_249]!]) expect((await balanceOf(id)).balance).toBe(30_000);
    expect(await getBatch(ctx, SYSTEM_ACTOR, killed.id)).toMatchObject({
      status: 'failed',
      report: { error: 'abandoned' },
    });
    await expectCleanLedger(ctx.db);
  });

  it('a failure after some chunks marks the run failed with the cause; the rerun completes it', async () => {
    let chunks = 0;
    const err = await runGrantBatch(ctx, SYSTEM_ACTOR, {
      month: '2026-04',
      chunkSize: 250,
      onProgress: () => {
        if (++chunks === 2) throw new AppError('INTERNAL');
      },
    }).catch((e) => e);
    expect(err).toBeInstanceOf(AppError);
    const [failed] = await ctx.db
      .select()
      .from(careCreditBatches)
      .where(and(eq(careCreditBatches.month, '2026-04-01'), eq(careCreditBatches.status, 'failed')));
    expect(failed).toMatchObject({ processed: 500, credited: 500 });
    expect((failed!.report as { error: string }).error).toBe('INTERNAL');
    const rerun = await runGrantBatch(ctx, SYSTEM_ACTOR, { month: '2026-04' });
    expect(rerun.report).toMatchObject({ postedNow: 750, alreadyDone: 500 });
    expect(await monthSnapshot('2026-04')).toEqual({
      transfers: 1_250,
      amount: 12_500_000,
      persons: 1_250,
      perPerson: [1],
    });
    await expectCleanLedger(ctx.db);
  });

  it('a second run of the same month while one is running is refused; a silent runner elsewhere is taken over after the timeout', async () => {
    const { outcomes, refused } = await runTwiceAtOnce(() =>
      runGrantBatch(ctx, SYSTEM_ACTOR, { month: '2026-05', chunkSize: 200 }),
    );
    expect(outcomes).toEqual(['CARE_CREDIT_BATCH_RUNNING', 'done']);
    expect(refused?.params).toEqual({ month: '2026-05' });
    expect(await monthSnapshot('2026-05')).toMatchObject({ transfers: 1_250, perPerson: [1] });

    // A run on another machine that stopped reporting: live until STALE_AFTER_MS have passed.
    const foreign = silentRunner(clock);
    await repo.insertBatch(ctx.db, { ...foreign, kind: 'grant', month: '2026-06-01' });
    const busy = await runGrantBatch(ctx, SYSTEM_ACTOR, { month: '2026-06' }).catch((e) => e);
    expect(busy.code).toBe('CARE_CREDIT_BATCH_RUNNING');
    expect((await monthSnapshot('2026-06')).transfers).toBe(0);
    clock.advance(STALE_AFTER_MS + 1000);
    try {
      const b = await runGrantBatch(ctx, SYSTEM_ACTOR, { month: '2026-06' });
      expect(b.report.postedNow).toBe(1_250);
      expect((await getBatch(ctx, SYSTEM_ACTOR, foreign.id)).status).toBe('failed');
    } finally {
      clock.set('2026-06-15T02:00:00Z');
    }
  });

  it('skips elders who died before the month, grants those who died during it, and ends with the enrolment', async () => {
    const [diedBefore, diedDuring, ended] = await elders(3, { fromMonth: '2026-05' });
    await ctx.db.execute(sql`UPDATE persons SET deceased_on = '2026-04-30' WHERE id = ${diedBefore}::uuid`);
    await ctx.db.execute(sql`UPDATE persons SET deceased_on = '2026-05-20' WHERE id = ${diedDuring}::uuid`);
    await ctx.db.execute(
      sql`UPDATE care_credit_enrolments SET to_month = '2026-05-01' WHERE person_id = ${ended}::uuid`,
    );
    const may = await runGrantBatch(ctx, SYSTEM_ACTOR, { month: '2026-05' });
    expect(may.report).toMatchObject({ postedNow: 2, skipped: 1, alreadyDone: 1_250 });
    const june = await runGrantBatch(ctx, SYSTEM_ACTOR, { month: '2026-06' });
    expect(june.report).toMatchObject({ postedNow: 0, skipped: 2, alreadyDone: 1_250 });
    expect(
      await findAccount(ctx.db, {
        ownerType: 'person',
        ownerId: diedBefore!,
        unit: 'fen',
        kind: 'elder_care',
      }),
    ).toBeUndefined();
    expect((await balanceOf(diedDuring!)).balance).toBe(10_000);
    expect((await balanceOf(ended!)).balance).toBe(10_000);
  });

  it('only the district may run it', async () => {
    for (const actor of [worker, streetAdmin]) {
      const err = await runGrantBatch(ctx, actor, { month: '2026-06' }).catch((e) => e);
      expect(err.code).toBe('FORBIDDEN');
    }
  });
});

describe('expiry (FIFO)', () => {
  let spender: string;
  let untouched: string;
  let holder: string;
  let provider: Account;

  beforeAll(async () => {
    // Three elders of their own, granted January–March 2025 at 100 yuan a month.
    [spender, untouched, holder] = (await elders(3, {
      areaCode: COMMUNITY_QINGBO,
      fromMonth: '2025-01',
      toMonth: '2025-03',
    })) as [string, string, string];
    for (const m of ['2025-01', '2025-02', '2025-03']) await runGrantBatch(ctx, SYSTEM_ACTOR, { month: m });
    provider = await openAccount(ctx.db, clock, {
      ownerType: 'org',
      ownerId: '01900000-0000-7000-8000-0000000000e1',
      unit: 'fen',
      kind: 'receivable',
      areaCode: COMMUNITY_QINGBO,
    });
    // The spender paid 150 yuan for services; the holder has 250 yuan held for an open order.
    await postTransfer(ctx.db, clock, {
      key: 'test.spend',
      debitAccountId: (await balanceOf(spender!)).id,
      creditAccountId: provider.id,
      amount: 15_000,
      unit: 'fen',
      code: 'order.payment',
    });
    await holdTransfer(ctx.db, clock, {
      key: 'test.hold',
      debitAccountId: (await balanceOf(holder!)).id,
      creditAccountId: provider.id,
      amount: 25_000,
      unit: 'fen',
      code: 'order.payment',
      expiresAt: null,
    });
  });

  it('in 2026-02 takes back what is left of January and February 2025, oldest spent first', async () => {
    const b = await runExpiry(ctx, SYSTEM_ACTOR, { month: '2026-02', chunkSize: 100 });
    expect(b.status).toBe('done');
    // spender: 150 available, March (100) still valid → 50 lapse; untouched: 300 − 100 → 200; holder: 50 − 100 → 0.
    expect((await balanceOf(spender!)).balance).toBe(10_000);
    expect((await balanceOf(untouched!)).balance).toBe(10_000);
    expect((await balanceOf(holder!)).available).toBe(5_000);
    expect((await balanceOf(holder!)).balance).toBe(30_000);
    const expired = await queryRows<{ key: string; amount: string }>(
      ctx.db,
      sql`SELECT idempotency_key AS key, amount::text FROM ledger_transfers WHERE code = 'chongyang.expire'
          AND split_part(idempotency_key, ':', 3) IN (${spender}, ${untouched}, ${holder}) ORDER BY ledger_transfers.amount`,
    );
    expect(expired.map((e) => [e.key, Number(e.amount)])).toEqual([
      [`chongyang.expire:2026-02:${spender}`, 5_000],
      [`chongyang.expire:2026-02:${untouched}`, 20_000],
    ]);
    // Every long-enrolled elder gives back January and February 2025 as well.
    expect(b.report).toMatchObject({ postedNow: 1_252, amountNow: 1_250 * 20_000 + 25_000 });
    await expectCleanLedger(ctx.db);
  });

  it('run twice in the month: nothing moves again', async () => {
    const again = await runExpiry(ctx, SYSTEM_ACTOR, { month: '2026-02' });
    expect(again.report).toMatchObject({ postedNow: 0, amountNow: 0, alreadyDone: 1_252 });
    expect((await balanceOf(untouched!)).balance).toBe(10_000);
  });

  it('in 2026-03 March lapses too; what is held for an open order stays held', async () => {
    const b = await runExpiry(ctx, SYSTEM_ACTOR, { month: '2026-03' });
    expect(b.report).toMatchObject({ postedNow: 1_253, amountNow: 1_250 * 10_000 + 25_000 });
    expect((await balanceOf(spender!)).balance).toBe(0);
    expect((await balanceOf(untouched!)).balance).toBe(0);
    // The hold is still open: only what is available (50) lapses; the held 250 stays held.
    const h = await balanceOf(holder!);
    expect([h.balance, h.available, h.debitsPending]).toEqual([25_000, 0, 25_000]);
    // The elders enrolled in 2025-01 for good: January–June 2026 stay, 2025 lapsed.
    expect((await balanceOf(all[0]!)).balance).toBe(60_000);
    const f = await fundsOverview(ctx, SYSTEM_ACTOR);
    expect(f.issued - f.expired - f.spent).toBe(f.outstanding);
    expect(f.expired).toBeGreaterThanOrEqual(25_000 + 20_000);
    await expectCleanLedger(ctx.db);
  });

  it('a month not yet begun is refused, and only the district runs it', async () => {
    expect((await runExpiry(ctx, SYSTEM_ACTOR, { month: '2026-07' }).catch((e) => e)).code).toBe(
      'CARE_CREDIT_MONTH_FUTURE',
    );
    expect((await runExpiry(ctx, worker, { month: '2026-06' }).catch((e) => e)).code).toBe('FORBIDDEN');
  });

  it('a new setting cannot change a month already granted, and applies from its own month', async () => {
    const err = await addSetting(ctx, SYSTEM_ACTOR, {
      validFrom: '2026-06',
      monthlyAmount: 20_000,
      expiryMonths: 0,
    }).catch((e) => e);
    expect(err.code).toBe('CARE_CREDIT_SETTINGS_GRANTED');
    await addSetting(ctx, SYSTEM_ACTOR, { validFrom: '2026-07', monthlyAmount: 20_000, expiryMonths: 0 });
    expect(DISTRICT).toBe('330102000000');
  });
});
