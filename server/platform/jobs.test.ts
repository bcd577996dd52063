import { afterEach, describe, expect, it, vi } from 'vitest';
import { startPeriodic } from './jobs.ts';

afterEach(() => {
  vi.useRealTimers();
});

describe('startPeriodic', () => {
  it('never overlaps a run that is still going, and logs a failure without stopping', async () => {
    vi.useFakeTimers();
    let active = 0;
    let maxActive = 0;
    let calls = 0;
    const logs: string[] = [];
    const job = startPeriodic(
      'test',
      100,
      async () => {
        calls++;
        active++;
        maxActive = Math.max(maxActive, active);
        await new Promise((r) => setTimeout(r, 250));
        active--;
        if (calls === 1) throw new Error('boom');
      },
      (m) => logs.push(m),
    );
    await vi.advanceTimersByTimeAsync(2000);
    const stopped = job.stop();
    await vi.advanceTimersByTimeAsync(300);
    await stopped;
    expect(maxActive).toBe(1);
    expect(calls).toBeGreaterThan(2);
    expect(calls).toBeLessThan(20);
    expect(logs).toEqual(['[test] boom']);
  });
});
