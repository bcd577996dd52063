import { describe, expect, it } from 'vitest';
import type { Batch } from '../../contracts/api/care-credits.ts';
import { formatBatch } from './chongyang.ts';

const batch = (kind: Batch['kind'], amountNow: number, monthlyAmount: number | null): Batch => ({
  id: 'c1',
  kind,
  month: '2026-06',
  status: 'done',
  total: 12_345,
  processed: 12_345,
  credited: 12_345,
  skipped: 0,
  amount: amountNow,
  report: {
    elders: 12_345,
    postedNow: 12_345,
    alreadyDone: 0,
    skipped: 0,
    amountNow,
    monthlyAmount,
    settingId: null,
    chunks: 13,
    chunkSize: 1000,
    heartbeatAt: null,
    seconds: 2.5,
    error: null,
  },
  startedBy: 'admin',
  startedAt: '2026-06-01T00:00:00Z',
  finishedAt: '2026-06-01T00:00:03Z',
});

describe('formatBatch', () => {
  it('shows the grant and the amount per elder with thousands separators', () => {
    const text = formatBatch(batch('grant', 123_450_000, 10_000), 'zh-CN');
    expect(text).toMatch(/\n\s+本次金额\s+¥1,234,500\.00\n/);
    expect(text).toMatch(/\n\s+每人每月\s+¥100\.00\n/);
  });

  it('shows an expiry in English, without the per-elder row', () => {
    const text = formatBatch(batch('expire', 500_000, null), 'en');
    expect(text).toMatch(/\n\s+Amount now\s+¥5,000\.00\n/);
    expect(text).not.toContain('Per elder');
  });
});
