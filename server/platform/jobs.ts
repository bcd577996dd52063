/**
 * In-process periodic jobs (the hold-expiry sweep). A run never overlaps the previous one, and a
 * failure is logged and retried at the next tick; every job is idempotent, so a process that
 * stops half-way loses nothing: the next process's first tick does the rest.
 */
export interface PeriodicJob {
  stop(): Promise<void>;
}

export function startPeriodic(
  name: string,
  everyMs: number,
  run: () => Promise<unknown>,
  log: (msg: string) => void = (m) => console.error(m),
): PeriodicJob {
  let running: Promise<unknown> | null = null;
  const tick = () => {
    if (running) return;
    running = run()
      .catch((err) => log(`[${name}] ${err instanceof Error ? err.message : String(err)}`))
      .finally(() => {
        running = null;
      });
  };
  const timer = setInterval(tick, everyMs);
  timer.unref();
  setTimeout(tick, 1000).unref();
  return {
    stop: async () => {
      clearInterval(timer);
      await running;
    },
  };
}
