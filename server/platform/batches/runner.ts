/**
 * Who runs a resumable batch, and when a batch left "running" counts as abandoned (ADR 0009,
 * 0020). Pure: no database, no clock.
 */

/** Who runs a batch: written into the batch's report so another process can tell if it is gone. */
export interface Runner {
  host: string;
  pid: number;
  /** Random per process start: tells this process's own rows from a former process with the same pid. */
  token: string;
}

/** A running batch that has not reported progress for this long is abandoned (a chunk takes seconds). */
export const STALE_AFTER_MS = 10 * 60_000;

/**
 * Whether a batch row left 'running' still has a live runner. This process knows its own runs;
 * on the same host a dead pid proves the runner gone; otherwise only the heartbeat can tell.
 */
export function isRunnerAlive(
  batch: { id: string; runner: Runner | null; heartbeatAt: string | null; startedAt: string },
  now: Date,
  self: { runner: Runner; active: ReadonlySet<string>; pidAlive(pid: number): boolean },
): boolean {
  const r = batch.runner;
  if (r && r.token === self.runner.token) return self.active.has(batch.id);
  if (r && r.host === self.runner.host && !self.pidAlive(r.pid)) return false;
  const beat = new Date(batch.heartbeatAt ?? batch.startedAt).getTime();
  return now.getTime() - beat < STALE_AFTER_MS;
}
