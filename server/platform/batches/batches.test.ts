import { describe, expect, it } from 'vitest';
import { monthBatchView } from './batch-table.ts';
import { type Grantee, type GrantItem, grantChunk } from './grant-chunk.ts';
import { type Counters, noCounters, progressOf } from './month-batch.ts';

const zero = noCounters();

const person = (
  id: string,
  over: Partial<Grantee & { amount: number }> = {},
): Grantee & { amount: number } => ({
  personId: id,
  areaCode: '330106001001',
  deceasedOn: null,
  accountId: `acc-${id}`,
  amount: 100,
  ...over,
});

/** Runs a chunk against an in-memory ledger that holds `posted` keys already. */
async function run(persons: ReturnType<typeof person>[], posted: string[] = [], c: Counters = zero) {
  const ledger = new Set(posted);
  const opened: string[] = [];
  const items: GrantItem[] = [];
  const res = await grantChunk(c, persons, {
    first: '2025-03-01',
    countKey: 'persons',
    audit: { programme: 'gaoling' },
    key: (id) => `gaoling.grant:2025-03:${id}`,
    amount: (p) => p.amount,
    existingKeys: async (keys) => new Set(keys.filter((k) => ledger.has(k))),
    openAccounts: async (fresh) => {
      opened.push(...fresh.map((p) => p.personId));
      return fresh.map((p) => `new-${p.personId}`);
    },
    post: async (list) => {
      let n = 0;
      let total = 0;
      for (const i of list) {
        items.push(i);
        if (ledger.has(i.key)) continue;
        ledger.add(i.key);
        n++;
        total += i.amount;
      }
      return { posted: n, total };
    },
  });
  return { res, opened, items };
}

describe('grantChunk', () => {
  it('answers null when the chunk is empty (the run is over)', async () => {
    expect((await run([])).res).toBeNull();
  });

  it.each([
    ['died the day before the month', '2025-02-28', false],
    ['died on its first day', '2025-03-01', true],
    ['died during it', '2025-03-15', true],
    ['alive', null, true],
  ])('%s: granted %s', async (_label, deceasedOn, granted) => {
    const { res, items } = await run([person('a', { deceasedOn })]);
    expect(items.length).toBe(granted ? 1 : 0);
    expect(res!.next).toMatchObject({
      processed: 1,
      postedNow: granted ? 1 : 0,
      skipped: granted ? 0 : 1,
      amountNow: granted ? 100 : 0,
    });
  });

  it('skips keys the ledger holds, opens only the missing accounts, and counts from the counters', async () => {
    const before: Counters = {
      ...zero,
      processed: 10,
      postedNow: 4,
      alreadyDone: 5,
      skipped: 1,
      amountNow: 400,
      chunks: 2,
    };
    const { res, opened, items } = await run(
      [
        person('a'),
        person('b', { accountId: null, amount: 250 }),
        person('c', { accountId: null }),
        person('d', { deceasedOn: '2024-12-31' }),
      ],
      ['gaoling.grant:2025-03:c'],
      before,
    );
    // c is paid already: its account is not opened and nothing is posted for it.
    expect(opened).toEqual(['b']);
    expect(items).toEqual([
      { key: 'gaoling.grant:2025-03:a', creditAccountId: 'acc-a', amount: 100 },
      { key: 'gaoling.grant:2025-03:b', creditAccountId: 'new-b', amount: 250 },
    ]);
    expect(res).toEqual({
      next: {
        processed: 14,
        postedNow: 6,
        alreadyDone: 6,
        skipped: 2,
        amountNow: 750,
        chunks: 3,
        cursor: 'd',
      },
      audit: {
        programme: 'gaoling',
        firstPersonId: 'a',
        lastPersonId: 'd',
        persons: 4,
        posted: 2,
        amount: 350,
      },
    });
  });
});

describe('progressOf', () => {
  it("tells the run's total and the counters, without the cursor", () => {
    const c: Counters = {
      ...zero,
      processed: 7,
      postedNow: 5,
      alreadyDone: 1,
      skipped: 1,
      amountNow: 500,
      chunks: 1,
      cursor: 'x',
    };
    expect(progressOf({ total: 9 }, c)).toEqual({
      total: 9,
      processed: 7,
      postedNow: 5,
      alreadyDone: 1,
      skipped: 1,
      amountNow: 500,
      chunks: 1,
    });
  });
});

describe('monthBatchView', () => {
  const row = {
    status: 'running',
    total: 10,
    processed: 4,
    credited: 3,
    skipped: 1,
    amount: 300,
    startedBy: null,
    startedAt: '2025-03-01T08:00:00+08:00',
    finishedAt: null,
  };

  it('reads an empty report as what the columns say', () => {
    const v = monthBatchView({ ...row, report: null });
    expect(v.moved).toEqual({ postedNow: 3, alreadyDone: 0, skipped: 0, amountNow: 300 });
    expect(v.run).toEqual({ chunks: 0, chunkSize: 0, heartbeatAt: null, seconds: null, error: null });
    expect(v.times).toEqual({ startedBy: null, startedAt: '2025-03-01T00:00:00.000Z', finishedAt: null });
  });

  it("takes the report's counters over the columns", () => {
    const v = monthBatchView({
      ...row,
      status: 'failed',
      finishedAt: new Date('2025-03-01T00:05:00Z'),
      report: {
        postedNow: 2,
        alreadyDone: 1,
        skipped: 1,
        amountNow: 200,
        chunks: 2,
        chunkSize: 2,
        error: 'INTERNAL',
      },
    });
    expect(v.head).toEqual({
      status: 'failed',
      total: 10,
      processed: 4,
      credited: 3,
      skipped: 1,
      amount: 300,
    });
    expect(v.moved).toEqual({ postedNow: 2, alreadyDone: 1, skipped: 1, amountNow: 200 });
    expect(v.run).toEqual({ chunks: 2, chunkSize: 2, heartbeatAt: null, seconds: null, error: 'INTERNAL' });
    expect(v.times.finishedAt).toBe('2025-03-01T00:05:00.000Z');
  });
});
