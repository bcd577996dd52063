import { describe, expect, it } from 'vitest';
import type { BenefitBatchView } from '../../contracts/api/eligibility.ts';
import { formatBenefitBatch } from './benefits.ts';

const batch = (amountNow: number): BenefitBatchView => ({
  id: 'b1',
  programmeCode: 'family_bed',
  programmeName: '家庭养老照护床位',
  month: '2026-06',
  period: 'month',
  status: 'done',
  total: 2100,
  processed: 2100,
  credited: 2100,
  skipped: 0,
  amount: amountNow,
  report: {
    persons: 2100,
    postedNow: 2100,
    alreadyDone: 0,
    skipped: 0,
    amountNow,
    versionId: null,
    chunks: 3,
    chunkSize: 1000,
    heartbeatAt: null,
    seconds: 1.25,
    error: null,
  },
  startedBy: 'admin',
  startedAt: '2026-06-01T00:00:00Z',
  finishedAt: '2026-06-01T00:00:02Z',
});

describe('formatBenefitBatch', () => {
  it.each([
    ['zh-CN', 126_000_000, /\n\s+本次金额\s+¥1,260,000\.00(\n|$)/],
    ['en', 126_000_000, /\n\s+Amount now\s+¥1,260,000\.00(\n|$)/],
    ['zh-CN', 99_999, /\n\s+本次金额\s+¥999\.99(\n|$)/],
  ] as const)('%s: %d fen reads with thousands separators', (lang, fen, line) => {
    expect(formatBenefitBatch(batch(fen), lang)).toMatch(line);
  });
});
