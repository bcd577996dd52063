import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { translateError } from '../../../contracts/messages/index.ts';
import { fixedClock } from '../../platform/clock.ts';
import type { Ctx } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { createTestContext } from '../../testing/context.ts';
import {
  type Account,
  accountEntries,
  checkLedger,
  expireHolds,
  getAccount,
  holdTransfer,
  openAccount,
  openAccounts,
  postBatch,
  postHold,
  postTransfer,
  reverseTransfer,
  voidHold,
} from './index.ts';

const DISTRICT = '330102000000';
const clock = fixedClock('2026-06-15T02:00:00Z');
let ctx: Ctx;
let close: () => Promise<void>;
let fund: Account;
let n = 0;

async function wallet(kind = 'elder_care', unit: 'fen' | 'point' = 'fen') {
  n++;
  return openAccount(ctx.db, clock, {
    ownerType: 'person',
    ownerId: `00000000-0000-7000-8000-${String(n).padStart(12, '0')}`,
    unit,
    kind,
    areaCode: '330102001001',
  });
}

async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (err) {
    if (err instanceof AppError) return err.code;
    throw err;
  }
  return 'OK';
}

beforeAll(async () => {
  ({ ctx, close } = await createTestContext({ clock }));
  fund = await openAccount(ctx.db, clock, {
    ownerType: 'programme',
    ownerId: 'test-fund',
    unit: 'fen',
    kind: 'fund',
    areaCode: DISTRICT,
    allowNegative: true,
  });
});
afterAll(async () => close());
afterEach(async () => {
  const report = await checkLedger(ctx.db);
  expect(report.violations).toEqual([]);
});

describe('accounts', () => {
  it('opening the same owner, unit and kind twice returns the same account', async () => {
    const a = await wallet();
    const again = await openAccount(ctx.db, clock, {
      ownerType: 'person',
      ownerId: a.ownerId,
      unit: 'fen',
      kind: 'elder_care',
      areaCode: '330102001001',
    });
    expect(again.id).toBe(a.id);
    const [x, y] = await openAccounts(ctx.db, clock, [
      { ownerType: 'org', ownerId: 'o1', unit: 'fen', kind: 'receivable', areaCode: DISTRICT },
      { ownerType: 'org', ownerId: 'o1', unit: 'point', kind: 'receivable', areaCode: DISTRICT },
    ]);
    expect(x!.id).not.toBe(y!.id);
  });
});

describe('single-phase transfers', () => {
  it('moves value, numbers each account’s entries and keeps balances', async () => {
    const w = await wallet();
    const r = await postTransfer(ctx.db, clock, {
      key: 'grant-1',
      debitAccountId: fund.id,
      creditAccountId: w.id,
      amount: 10000,
      unit: 'fen',
      code: 'test.grant',
    });
    expect(r.replayed).toBe(false);
    expect(r.transfer.creditBalance).toBe(10000);
    const acc = await getAccount(ctx.db, w.id);
    expect(acc).toMatchObject({ balance: 10000, available: 10000, seq: 1 });
    const entries = await accountEntries(ctx.db, w.id, { limit: 10 });
    expect(entries.map((e) => [e.seq, e.delta, e.balance])).toEqual([[1, 10000, 10000]]);
  });

  it('a retry with the same key returns the first transfer and moves nothing', async () => {
    const w = await wallet();
    const input = {
      key: 'retry-1',
      debitAccountId: fund.id,
      creditAccountId: w.id,
      amount: 500,
      unit: 'fen' as const,
      code: 'test.grant',
    };
    const first = await postTransfer(ctx.db, clock, input);
    const second = await postTransfer(ctx.db, clock, input);
    expect(second.replayed).toBe(true);
    expect(second.transfer.id).toBe(first.transfer.id);
    expect((await getAccount(ctx.db, w.id)).balance).toBe(500);
    expect(await codeOf(postTransfer(ctx.db, clock, { ...input, amount: 501 }))).toBe(
      'LEDGER_IDEMPOTENCY_MISMATCH',
    );
  });

  it('refuses bad input precisely and moves nothing', async () => {
    const w = await wallet();
    const points = await wallet('points', 'point');
    const base = { debitAccountId: fund.id, creditAccountId: w.id, unit: 'fen' as const, code: 't' };
    expect(await codeOf(postTransfer(ctx.db, clock, { ...base, key: 'b1', amount: 0 }))).toBe(
      'LEDGER_AMOUNT_INVALID',
    );
    expect(await codeOf(postTransfer(ctx.db, clock, { ...base, key: 'b2', amount: -5 }))).toBe(
      'LEDGER_AMOUNT_INVALID',
    );
    expect(await codeOf(postTransfer(ctx.db, clock, { ...base, key: 'b3', amount: 1.5 }))).toBe(
      'LEDGER_AMOUNT_INVALID',
    );
    expect(
      await codeOf(
        postTransfer(ctx.db, clock, {
          ...base,
          key: 'b4',
          amount: 1,
          creditAccountId: '00000000-0000-7000-8000-ffffffffffff',
        }),
      ),
    ).toBe('LEDGER_ACCOUNT_NOT_FOUND');
    expect(
      await codeOf(
        postTransfer(ctx.db, clock, { ...base, key: 'b5', amount: 1, creditAccountId: points.id }),
      ),
    ).toBe('LEDGER_UNIT_MISMATCH');
    expect(
      await codeOf(postTransfer(ctx.db, clock, { ...base, key: 'b6', amount: 1, creditAccountId: fund.id })),
    ).toBe('LEDGER_SAME_ACCOUNT');
    // A wallet cannot go below zero.
    const other = await wallet();
    let err: unknown;
    try {
      await postTransfer(ctx.db, clock, {
        ...base,
        key: 'b7',
        amount: 1,
        debitAccountId: w.id,
        creditAccountId: other.id,
      });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(AppError);
    const appErr = err as AppError;
    expect(appErr.code).toBe('LEDGER_INSUFFICIENT');
    expect(translateError(appErr.code, appErr.params, 'zh-CN')).toBe('余额不足：可用 ¥0.00，需要 ¥0.01');
    expect((await getAccount(ctx.db, w.id)).seq).toBe(0);
  });

  it('reverses a transfer once, never edits it', async () => {
    const w = await wallet();
    const t = await postTransfer(ctx.db, clock, {
      key: 'rev-src',
      debitAccountId: fund.id,
      creditAccountId: w.id,
      amount: 700,
      unit: 'fen',
      code: 'test.grant',
    });
    const r = await reverseTransfer(ctx.db, clock, { key: 'rev-1', transferId: t.transfer.id, memo: '错发' });
    expect(r.transfer.reversalOf).toBe(t.transfer.id);
    expect(r.transfer.code).toBe('test.grant.reversal');
    expect((await getAccount(ctx.db, w.id)).balance).toBe(0);
    expect(await codeOf(reverseTransfer(ctx.db, clock, { key: 'rev-2', transferId: t.transfer.id }))).toBe(
      'LEDGER_ALREADY_REVERSED',
    );
    await expect(
      ctx.database.exec(`UPDATE ledger_transfers SET amount = 1 WHERE id = '${t.transfer.id}'`),
    ).rejects.toThrow(/append-only/);
  });
});

describe('two-phase transfers', () => {
  async function funded(amount: number) {
    const w = await wallet();
    await postTransfer(ctx.db, clock, {
      key: `fund-${w.id}`,
      debitAccountId: fund.id,
      creditAccountId: w.id,
      amount,
      unit: 'fen',
      code: 'test.grant',
    });
    return w;
  }

  it('a hold lowers the available balance; posting part of it releases the rest', async () => {
    const w = await funded(1000);
    const provider = await wallet('receivable');
    const hold = await holdTransfer(ctx.db, clock, {
      key: 'h1',
      debitAccountId: w.id,
      creditAccountId: provider.id,
      amount: 800,
      unit: 'fen',
      code: 'order.payment',
      expiresAt: new Date('2026-06-20T00:00:00Z'),
    });
    expect(await getAccount(ctx.db, w.id)).toMatchObject({ balance: 1000, available: 200 });
    expect(
      await codeOf(
        holdTransfer(ctx.db, clock, {
          key: 'h1b',
          debitAccountId: w.id,
          creditAccountId: provider.id,
          amount: 201,
          unit: 'fen',
          code: 'order.payment',
          expiresAt: null,
        }),
      ),
    ).toBe('LEDGER_INSUFFICIENT');
    expect(
      await codeOf(postHold(ctx.db, clock, { key: 'p0', pendingId: hold.transfer.id, amount: 801 })),
    ).toBe('LEDGER_CAPTURE_EXCEEDS_HOLD');
    const post = await postHold(ctx.db, clock, { key: 'p1', pendingId: hold.transfer.id, amount: 600 });
    expect(post.transfer).toMatchObject({ flag: 'post', amount: 600, pendingId: hold.transfer.id });
    expect(await getAccount(ctx.db, w.id)).toMatchObject({ balance: 400, available: 400, debitsPending: 0 });
    expect((await getAccount(ctx.db, provider.id)).balance).toBe(600);
    // Double confirmation and void after post are refused; the same key replays.
    expect(await codeOf(postHold(ctx.db, clock, { key: 'p2', pendingId: hold.transfer.id }))).toBe(
      'LEDGER_PENDING_RESOLVED',
    );
    expect(await codeOf(voidHold(ctx.db, clock, { key: 'v1', pendingId: hold.transfer.id }))).toBe(
      'LEDGER_PENDING_RESOLVED',
    );
    expect(
      (await postHold(ctx.db, clock, { key: 'p1', pendingId: hold.transfer.id, amount: 600 })).replayed,
    ).toBe(true);
  });

  it('a voided hold gives the balance back; an expired one cannot be posted and is swept', async () => {
    const w = await funded(1000);
    const provider = await wallet('receivable');
    const h = await holdTransfer(ctx.db, clock, {
      key: 'hv',
      debitAccountId: w.id,
      creditAccountId: provider.id,
      amount: 300,
      unit: 'fen',
      code: 'order.payment',
      expiresAt: null,
    });
    await voidHold(ctx.db, clock, { key: 'vv', pendingId: h.transfer.id });
    expect(await getAccount(ctx.db, w.id)).toMatchObject({ balance: 1000, available: 1000 });

    const c2 = fixedClock('2026-06-15T02:00:00Z');
    const e = await holdTransfer(ctx.db, c2, {
      key: 'he',
      debitAccountId: w.id,
      creditAccountId: provider.id,
      amount: 400,
      unit: 'fen',
      code: 'order.payment',
      expiresAt: new Date('2026-06-15T03:00:00Z'),
    });
    c2.set('2026-06-15T03:00:01Z');
    expect(await codeOf(postHold(ctx.db, c2, { key: 'pe', pendingId: e.transfer.id }))).toBe(
      'LEDGER_HOLD_EXPIRED',
    );
    expect(await expireHolds(ctx.db, c2)).toBeGreaterThanOrEqual(1);
    expect(await getAccount(ctx.db, w.id)).toMatchObject({ available: 1000 });
    expect(await codeOf(voidHold(ctx.db, c2, { key: 'v-late', pendingId: e.transfer.id }))).toBe(
      'LEDGER_PENDING_RESOLVED',
    );
  });
});

describe('batch', () => {
  it('credits many accounts once; a rerun posts nothing; a killed run resumes', async () => {
    const wallets = await Promise.all([wallet(), wallet(), wallet(), wallet()]);
    const items = wallets.map((w, i) => ({
      key: `batch:2026-06:${w.id}`,
      creditAccountId: w.id,
      amount: 100 * (i + 1),
      refId: w.ownerId,
    }));
    // The first half landed before a crash.
    const half = await postBatch(ctx.db, clock, {
      debitAccountId: fund.id,
      unit: 'fen',
      code: 'test.grant',
      items: items.slice(0, 2),
    });
    expect(half).toEqual({ posted: 2, total: 300 });
    const all = await postBatch(ctx.db, clock, {
      debitAccountId: fund.id,
      unit: 'fen',
      code: 'test.grant',
      items,
    });
    expect(all).toEqual({ posted: 2, total: 700 });
    const again = await postBatch(ctx.db, clock, {
      debitAccountId: fund.id,
      unit: 'fen',
      code: 'test.grant',
      items,
    });
    expect(again).toEqual({ posted: 0, total: 0 });
    const balances = await Promise.all(wallets.map(async (w) => (await getAccount(ctx.db, w.id)).balance));
    expect(balances).toEqual([100, 200, 300, 400]);
  });

  it('refuses a batch from a wallet that cannot cover it, and moves nothing', async () => {
    const src = await wallet();
    const dst = await wallet();
    expect(
      await codeOf(
        postBatch(ctx.db, clock, {
          debitAccountId: src.id,
          unit: 'fen',
          code: 't',
          items: [{ key: 'nb-1', creditAccountId: dst.id, amount: 5, refId: 'x' }],
        }),
      ),
    ).toBe('LEDGER_INSUFFICIENT');
    expect((await getAccount(ctx.db, dst.id)).seq).toBe(0);
  });
});

describe('concurrency', () => {
  it('50 concurrent clients spending from the same wallets: no overdraft, no lost or doubled transfer', async () => {
    const clients = ctx.database.kind === 'pg' ? 50 : 10;
    const wallets = await Promise.all(Array.from({ length: 5 }, () => wallet()));
    const shops = await Promise.all(Array.from({ length: 3 }, () => wallet('receivable')));
    // About half of what the clients try to spend: the wallets run dry part-way through.
    const seed = clients * 240;
    for (const w of wallets)
      await postTransfer(ctx.db, clock, {
        key: `seed-${w.id}`,
        debitAccountId: fund.id,
        creditAccountId: w.id,
        amount: seed,
        unit: 'fen',
        code: 'test.grant',
      });
    let ok = 0;
    let refused = 0;
    const keys: string[] = [];
    await Promise.all(
      Array.from({ length: clients }, async (_, c) => {
        for (let i = 0; i < 20; i++) {
          const w = wallets[(c + i) % wallets.length]!;
          const s = shops[(c * 7 + i) % shops.length]!;
          const key = `spend-${c}-${i}`;
          keys.push(key);
          const input = {
            key,
            debitAccountId: w.id,
            creditAccountId: s.id,
            amount: 97 + ((c * 13 + i) % 50),
            unit: 'fen' as const,
            code: 'test.spend',
          };
          const code = await codeOf(postTransfer(ctx.db, clock, input));
          if (code === 'OK') ok++;
          else if (code === 'LEDGER_INSUFFICIENT') refused++;
          else throw new Error(code);
          // Every fifth spend is retried at once, as a client would after a lost reply.
          if (i % 5 === 0 && code === 'OK')
            expect((await postTransfer(ctx.db, clock, input)).replayed).toBe(true);
        }
      }),
    );
    expect(ok + refused).toBe(clients * 20);
    expect(refused).toBeGreaterThan(0); // the wallets ran dry: limits were really exercised
    const spent = (await Promise.all(wallets.map((w) => getAccount(ctx.db, w.id)))).reduce(
      (s, a) => s + (seed - a.balance),
      0,
    );
    const earned = (await Promise.all(shops.map((s) => getAccount(ctx.db, s.id)))).reduce(
      (s, a) => s + a.balance,
      0,
    );
    expect(earned).toBe(spent);
    for (const w of wallets) expect((await getAccount(ctx.db, w.id)).balance).toBeGreaterThanOrEqual(0);
  });

  it('concurrent holds and captures on one wallet never exceed it', async () => {
    const w = await wallet();
    const shop = await wallet('receivable');
    await postTransfer(ctx.db, clock, {
      key: `seed2-${w.id}`,
      debitAccountId: fund.id,
      creditAccountId: w.id,
      amount: 1000,
      unit: 'fen',
      code: 'test.grant',
    });
    const results = await Promise.all(
      Array.from({ length: 20 }, async (_, i) => {
        const code = await codeOf(
          (async () => {
            const h = await holdTransfer(ctx.db, clock, {
              key: `ch-${i}`,
              debitAccountId: w.id,
              creditAccountId: shop.id,
              amount: 100,
              unit: 'fen',
              code: 'order.payment',
              expiresAt: null,
            });
            if (i % 2)
              await postHold(ctx.db, clock, { key: `cp-${i}`, pendingId: h.transfer.id, amount: 100 });
            else await voidHold(ctx.db, clock, { key: `cv-${i}`, pendingId: h.transfer.id });
          })(),
        );
        return code;
      }),
    );
    expect(results.every((c) => c === 'OK' || c === 'LEDGER_INSUFFICIENT')).toBe(true);
    const a = await getAccount(ctx.db, w.id);
    expect(a.debitsPending).toBe(0);
    expect(a.balance).toBeGreaterThanOrEqual(0);
  });
});
