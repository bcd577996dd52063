/** Time is injected so tests (and as-of screening) can fix it. Calendar dates are Asia/Shanghai. */
export interface Clock {
  now(): Date;
  /** Today's calendar date in Asia/Shanghai, YYYY-MM-DD. */
  today(): string;
}

export function shanghaiDate(d: Date): string {
  return new Date(d.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
}

export const systemClock: Clock = {
  now: () => new Date(),
  today: () => shanghaiDate(new Date()),
};

export function fixedClock(iso: string): Clock & { set(iso: string): void; advance(ms: number): void } {
  let t = new Date(iso).getTime();
  return {
    now: () => new Date(t),
    today: () => shanghaiDate(new Date(t)),
    set: (v) => {
      t = new Date(v).getTime();
    },
    advance: (ms) => {
      t += ms;
    },
  };
}
