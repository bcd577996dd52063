/**
 * The generator's own pseudo-random numbers: sfc32 seeded through cyrb128, so the same seed
 * gives the same district on every machine and Node version (Math.random cannot be seeded).
 * `fork(label)` derives an independent stream from the seed and a label, not from the parent's
 * position, so adding a draw in one street does not reshuffle every street after it.
 */
export interface Rng {
  /** uniform in [0, 1) */
  next(): number;
  uint32(): number;
  /** integer in [lo, hi], both included */
  int(lo: number, hi: number): number;
  /** float in [lo, hi) */
  between(lo: number, hi: number): number;
  chance(p: number): boolean;
  pick<T>(items: readonly T[]): T;
  normal(mean: number, sd: number): number;
  shuffle<T>(items: T[]): T[];
  fork(label: string | number): Rng;
}

function cyrb128(text: string): [number, number, number, number] {
  let h1 = 1779033703;
  let h2 = 3144134277;
  let h3 = 1013904242;
  let h4 = 2773480762;
  for (let i = 0; i < text.length; i++) {
    const k = text.charCodeAt(i);
    h1 = h2 ^ Math.imul(h1 ^ k, 597399067);
    h2 = h3 ^ Math.imul(h2 ^ k, 2869860233);
    h3 = h4 ^ Math.imul(h3 ^ k, 951274213);
    h4 = h1 ^ Math.imul(h4 ^ k, 2716044179);
  }
  h1 = Math.imul(h3 ^ (h1 >>> 18), 597399067);
  h2 = Math.imul(h4 ^ (h2 >>> 22), 2869860233);
  h3 = Math.imul(h1 ^ (h3 >>> 17), 951274213);
  h4 = Math.imul(h2 ^ (h4 >>> 19), 2716044179);
  h1 ^= h2 ^ h3 ^ h4;
  h2 ^= h1;
  h3 ^= h1;
  h4 ^= h1;
  return [h1 >>> 0, h2 >>> 0, h3 >>> 0, h4 >>> 0];
}

export function createRng(seed: number | string): Rng {
  const label = String(seed);
  let [a, b, c, d] = cyrb128(label);
  const uint32 = () => {
    a >>>= 0;
    b >>>= 0;
    c >>>= 0;
    d >>>= 0;
    let t = (a + b) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    d = (d + 1) | 0;
    t = (t + d) | 0;
    c = (c + t) | 0;
    return t >>> 0;
  };
  for (let i = 0; i < 12; i++) uint32();
  const next = () => uint32() / 4294967296;
  let spare: number | undefined;
  const rng: Rng = {
    next,
    uint32,
    int: (lo, hi) => lo + Math.floor(next() * (hi - lo + 1)),
    between: (lo, hi) => lo + next() * (hi - lo),
    chance: (p) => next() < p,
    pick: (items) => items[Math.floor(next() * items.length)]!,
    normal(mean, sd) {
      // Box–Muller, keeping the second value for the next call.
      if (spare !== undefined) {
        const z = spare;
        spare = undefined;
        return mean + sd * z;
      }
      let u = 0;
      while (u === 0) u = next();
      const v = next();
      const r = Math.sqrt(-2 * Math.log(u));
      spare = r * Math.sin(2 * Math.PI * v);
      return mean + sd * r * Math.cos(2 * Math.PI * v);
    },
    shuffle(items) {
      for (let i = items.length - 1; i > 0; i--) {
        const j = Math.floor(next() * (i + 1));
        const t = items[i]!;
        items[i] = items[j]!;
        items[j] = t;
      }
      return items;
    },
    fork: (sub) => createRng(`${label}/${sub}`),
  };
  return rng;
}

/** A sampler over weighted items (binary search on the cumulative weights). */
export function weighted<T>(entries: readonly (readonly [T, number])[]): (rng: Rng) => T {
  const items = entries.map((e) => e[0]);
  const cum: number[] = [];
  let total = 0;
  for (const [, w] of entries) {
    total += w;
    cum.push(total);
  }
  return (rng) => {
    const x = rng.next() * total;
    let lo = 0;
    let hi = cum.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cum[mid]! > x) hi = mid;
      else lo = mid + 1;
    }
    return items[lo]!;
  };
}

/**
 * Splits `total` into whole numbers proportional to `weights` (largest remainder), so the parts
 * add up exactly and each is within one of its exact share.
 */
export function apportion(total: number, weights: readonly number[]): number[] {
  const sum = weights.reduce((s, w) => s + w, 0);
  if (sum <= 0) return weights.map(() => 0);
  const exact = weights.map((w) => (total * w) / sum);
  const out = exact.map(Math.floor);
  let left = total - out.reduce((s, n) => s + n, 0);
  const order = exact
    .map((e, i) => [e - Math.floor(e), i] as const)
    .sort((x, y) => y[0] - x[0] || x[1] - y[1]);
  for (let k = 0; left > 0; k = (k + 1) % order.length, left--) out[order[k]![1]]!++;
  return out;
}

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

/**
 * UUIDv7-shaped ids from the seed: the time field counts up from `baseMs` (one step per id, so
 * ids are unique and index-friendly like the platform's newId), the random fields come from the
 * stream. The same seed and reference date give the same ids, so reruns are identical.
 */
export function createIdFactory(rng: Rng, baseMs: number): () => string {
  let counter = 0;
  return () => {
    const ms = baseMs + counter++;
    const hi = Math.floor(ms / 0x10000);
    const lo = ms % 0x10000;
    const r1 = rng.uint32();
    const r2 = rng.uint32();
    const r3 = rng.uint32();
    const b = [
      (hi >>> 24) & 0xff,
      (hi >>> 16) & 0xff,
      (hi >>> 8) & 0xff,
      hi & 0xff,
      (lo >>> 8) & 0xff,
      lo & 0xff,
      0x70 | ((r1 >>> 28) & 0x0f),
      (r1 >>> 20) & 0xff,
      0x80 | ((r1 >>> 14) & 0x3f),
      (r1 >>> 6) & 0xff,
      (r2 >>> 24) & 0xff,
      (r2 >>> 16) & 0xff,
      (r2 >>> 8) & 0xff,
      r2 & 0xff,
      (r3 >>> 24) & 0xff,
      (r3 >>> 16) & 0xff,
    ].map((x) => HEX[x]!);
    return `${b[0]}${b[1]}${b[2]}${b[3]}-${b[4]}${b[5]}-${b[6]}${b[7]}-${b[8]}${b[9]}-${b[10]}${b[11]}${b[12]}${b[13]}${b[14]}${b[15]}`;
  };
}
