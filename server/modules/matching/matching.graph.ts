import {
  candidatesPerNeed,
  daysSince,
  distanceCost,
  haversineM,
  loadCost,
  MATCH,
  type NeedFacts,
  otherSkillsCost,
  ratingCost,
  type VolunteerFacts,
  windowMask,
} from './matching.rules.ts';
import type { AssignmentProblem } from './matching.solver.ts';

/**
 * The candidate graph of an area-wide proposal (ADR 0017): for every open need, its K cheapest
 * eligible volunteers by the cost of matching.rules.ts — the same pairs and costs as ranking each
 * need alone, found without comparing every need with every volunteer.
 *
 * Volunteers are bucketed in a grid of ~550 m cells, one grid for everybody and one per skill.
 * Within a cell they are sorted by the part of their cost that does not depend on the need
 * (load and rating). A need visits cells nearest first and stops when the closest point of the
 * next cell is already too far for anyone there to beat its K-th candidate; inside a cell it
 * stops at the first volunteer whose fixed part alone is too much. A need that asks for skills
 * walks the grid of its rarest skill.
 */

export interface OpenNeed extends NeedFacts {
  seatsLeft: number;
}

/** Volunteers in typed arrays: index i is column i of the assignment problem. */
export interface Pool {
  size: number;
  ids: string[];
  personIds: string[];
  areaCodes: string[];
  facts: VolunteerFacts[];
  lat: Float64Array;
  lng: Float64Array;
  availability: Int32Array;
  /** Load and rating: the part of the cost that does not depend on the need. */
  baseCost: Int32Array;
  skillCount: Int32Array;
  /** Skill bit sets, `words` 32-bit words per volunteer. */
  skillBits: Uint32Array;
  words: number;
  skillIndex: Map<string, number>;
  /** Position of each id in sorted order: ties of cost break by id, as in the reference ranking. */
  idRank: Int32Array;
  byArea: Map<string, number[]>;
  /** Whether person ids were given (else beneficiaries are excluded by the caller). */
  hasPersons: boolean;
  /** Pool index by id, when the ids did not come sorted. */
  byId?: Map<string, number>;
  /** Pool index by person id, built on first use. */
  byPerson?: Map<string, number>;
  /** The community's volunteers without a location. */
  unlocatedByArea: Map<string, number[]>;
  /** Grids by (availability slot or any, skill or none), built when a need first asks for one. */
  grids: Map<number, Grid>;
  /** Holders of each skill, built on first use. */
  skillMembers: Map<number, Int32Array>;
  /** Dedupe stamps for needs that walk several grids. */
  seen: Int32Array;
  stamp: number;
  frame: Frame;
  /** The smallest baseCost of anybody: what a cell's volunteers cost at least besides distance. */
  minBaseCost: number;
}

/** Volunteers by cell in CSR form: cell c holds members[start[c] … start[c + 1]), sorted by baseCost. */
interface Grid {
  start: Int32Array;
  members: Int32Array;
}

/** The cells' frame: the cells that hold any located volunteer of the pool. */
interface Frame {
  x0: number;
  y0: number;
  nx: number;
  ny: number;
}

/** Cell size in degrees of latitude (~556 m); longitude cells are scaled to the same width. */
const CELL_LAT = 0.005;
const ORIGIN_LAT = 30;
const CELL_LNG = CELL_LAT / Math.cos((ORIGIN_LAT * Math.PI) / 180);
/**
 * A lower bound on a cell's height and width in metres (they shrink slowly towards the poles:
 * ~550 m up to 31°N, ~400 m at 50°N); `ringGapM` uses it to stop searching.
 */
const cellMinM = (lat: number) =>
  Math.min(CELL_LAT, CELL_LNG * Math.cos(((Math.abs(lat) + 1) * Math.PI) / 180)) * 111_000;

const cellY = (lat: number) => Math.floor(lat / CELL_LAT);
const cellX = (lng: number) => Math.floor(lng / CELL_LNG);

function frameOf(lat: Float64Array, lng: Float64Array): Frame {
  let x0 = Number.POSITIVE_INFINITY;
  let y0 = Number.POSITIVE_INFINITY;
  let x1 = Number.NEGATIVE_INFINITY;
  let y1 = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < lat.length; i++) {
    if (Number.isNaN(lat[i]!)) continue;
    const x = cellX(lng[i]!);
    const y = cellY(lat[i]!);
    if (x < x0) x0 = x;
    if (x > x1) x1 = x;
    if (y < y0) y0 = y;
    if (y > y1) y1 = y;
  }
  if (x0 > x1) return { x0: 0, y0: 0, nx: 0, ny: 0 };
  return { x0, y0, nx: x1 - x0 + 1, ny: y1 - y0 + 1 };
}

function buildGrid(pool: Pool, members: ArrayLike<number>): Grid {
  const { x0, y0, nx, ny } = pool.frame;
  const cellOf = (i: number) => (cellY(pool.lat[i]!) - y0) * nx + (cellX(pool.lng[i]!) - x0);
  const start = new Int32Array(nx * ny + 1);
  let located = 0;
  for (let k = 0; k < members.length; k++) {
    const i = members[k]!;
    if (Number.isNaN(pool.lat[i]!)) continue;
    start[cellOf(i) + 1]!++;
    located++;
  }
  for (let c = 0; c < nx * ny; c++) start[c + 1]! += start[c]!;
  const fill = start.slice(0, nx * ny);
  const out = new Int32Array(located);
  for (let k = 0; k < members.length; k++) {
    const i = members[k]!;
    if (Number.isNaN(pool.lat[i]!)) continue;
    out[fill[cellOf(i)]!++] = i;
  }
  const base = pool.baseCost;
  for (let c = 0; c < nx * ny; c++)
    if (start[c + 1]! - start[c]! > 1)
      out.subarray(start[c]!, start[c + 1]!).sort((a, b) => base[a]! - base[b]!);
  return { start, members: out };
}

function pushTo(map: Map<string, number[]>, key: string, i: number) {
  const list = map.get(key);
  if (list) list.push(i);
  else map.set(key, [i]);
}

export function buildPool(volunteers: readonly VolunteerFacts[], now: Date): Pool {
  const n = volunteers.length;
  const skillIndex = new Map<string, number>();
  for (const v of volunteers)
    for (const s of v.skills) if (!skillIndex.has(s)) skillIndex.set(s, skillIndex.size);
  const words = Math.max(1, Math.ceil(skillIndex.size / 32));
  const pool: Pool = {
    size: n,
    ids: volunteers.map((v) => v.id),
    personIds: volunteers.map((v) => v.personId),
    areaCodes: volunteers.map((v) => v.areaCode),
    facts: [...volunteers],
    lat: new Float64Array(n),
    lng: new Float64Array(n),
    availability: new Int32Array(n),
    baseCost: new Int32Array(n),
    skillCount: new Int32Array(n),
    skillBits: new Uint32Array(n * words),
    words,
    skillIndex,
    idRank: new Int32Array(n),
    byArea: new Map(),
    unlocatedByArea: new Map(),
    grids: new Map(),
    skillMembers: new Map(),
    seen: new Int32Array(n),
    stamp: 0,
    frame: { x0: 0, y0: 0, nx: 0, ny: 0 },
    minBaseCost: 0,
    hasPersons: volunteers.some((v) => v.personId !== ''),
  };
  volunteers.forEach((v, i) => {
    const located = v.lat !== null && v.lng !== null;
    pool.lat[i] = located ? v.lat! : Number.NaN;
    pool.lng[i] = located ? v.lng! : Number.NaN;
    pool.availability[i] = v.status === 'active' ? v.availability : 0;
    pool.baseCost[i] =
      loadCost(v.openCommitments, daysSince(v.lastServedAt, now)) + ratingCost(v.ratingSum, v.ratingCount);
    pool.skillCount[i] = v.skills.length;
    for (const s of v.skills) {
      const b = skillIndex.get(s)!;
      pool.skillBits[i * words + (b >>> 5)]! |= 1 << (b & 31);
    }
    pushTo(pool.byArea, v.areaCode, i);
    if (!located) pushTo(pool.unlocatedByArea, v.areaCode, i);
  });
  // Volunteers read in id order (as the repository reads them) need no sorting.
  let sorted = true;
  for (let i = 1; i < n && sorted; i++) if (!(pool.ids[i - 1]! < pool.ids[i]!)) sorted = false;
  if (sorted) for (let i = 0; i < n; i++) pool.idRank[i] = i;
  else {
    const order = Array.from({ length: n }, (_, i) => i).sort((a, b) =>
      pool.ids[a]! < pool.ids[b]! ? -1 : 1,
    );
    order.forEach((i, r) => {
      pool.idRank[i] = r;
    });
    pool.byId = new Map(pool.ids.map((id, i) => [id, i]));
  }
  pool.frame = frameOf(pool.lat, pool.lng);
  let min = n ? Number.POSITIVE_INFINITY : 0;
  for (let i = 0; i < n; i++) if (pool.baseCost[i]! < min) min = pool.baseCost[i]!;
  pool.minBaseCost = min;
  return pool;
}

/** A volunteer's pool index, or undefined: binary search when the ids are sorted. */
export function poolIndexOf(pool: Pool, id: string): number | undefined {
  if (pool.byId) return pool.byId.get(id);
  let lo = 0;
  let hi = pool.size - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const x = pool.ids[mid]!;
    if (x === id) return mid;
    if (x < id) lo = mid + 1;
    else hi = mid - 1;
  }
  return undefined;
}

function skillMembers(pool: Pool, bit: number): Int32Array {
  let list = pool.skillMembers.get(bit);
  if (!list) {
    const members: number[] = [];
    const w = bit >>> 5;
    const m = 1 << (bit & 31);
    for (let i = 0; i < pool.size; i++) if (pool.skillBits[i * pool.words + w]! & m) members.push(i);
    list = Int32Array.from(members);
    pool.skillMembers.set(bit, list);
  }
  return list;
}

function personIndex(pool: Pool): Map<string, number> {
  if (!pool.byPerson) pool.byPerson = new Map(pool.personIds.map((id, i) => [id, i]));
  return pool.byPerson;
}

/** Slot 21 = any slot. */
const ANY_SLOT = 21;

/** The grid of volunteers free in `slot` (or any) who hold skill `bit` (or −1: any skills). */
function gridFor(pool: Pool, slot: number, bit: number): Grid {
  const key = slot * 4096 + bit + 1;
  let g = pool.grids.get(key);
  if (!g) {
    const m = slot === ANY_SLOT ? -1 : 1 << slot;
    const avail = pool.availability;
    const from = bit >= 0 ? skillMembers(pool, bit) : undefined;
    const n = from ? from.length : pool.size;
    const members = new Int32Array(n);
    let k = 0;
    for (let q = 0; q < n; q++) {
      const i = from ? from[q]! : q;
      if (avail[i]! & m) members[k++] = i;
    }
    g = buildGrid(pool, members.subarray(0, k));
    pool.grids.set(key, g);
  }
  return g;
}

/** A max-heap of the K best (cost, idRank) pairs seen so far. */
class Best {
  cost: Int32Array;
  rank: Int32Array;
  idx: Int32Array;
  size = 0;
  constructor(readonly k: number) {
    this.cost = new Int32Array(k);
    this.rank = new Int32Array(k);
    this.idx = new Int32Array(k);
  }
  /** Worse than (c, r)? Ordering is by cost, then by id. */
  private worse(i: number, j: number) {
    return this.cost[i]! > this.cost[j]! || (this.cost[i] === this.cost[j] && this.rank[i]! > this.rank[j]!);
  }
  full() {
    return this.size === this.k;
  }
  /** The cost to beat when full. */
  top() {
    return this.cost[0]!;
  }
  offer(c: number, r: number, i: number) {
    if (this.size < this.k) {
      let p = this.size++;
      this.cost[p] = c;
      this.rank[p] = r;
      this.idx[p] = i;
      while (p > 0) {
        const q = (p - 1) >> 1;
        if (!this.worse(p, q)) break;
        this.swap(p, q);
        p = q;
      }
      return;
    }
    if (c > this.cost[0]! || (c === this.cost[0] && r > this.rank[0]!)) return;
    this.cost[0] = c;
    this.rank[0] = r;
    this.idx[0] = i;
    let p = 0;
    for (;;) {
      let w = p;
      const l = 2 * p + 1;
      if (l < this.size && this.worse(l, w)) w = l;
      if (l + 1 < this.size && this.worse(l + 1, w)) w = l + 1;
      if (w === p) break;
      this.swap(p, w);
      p = w;
    }
  }
  private swap(a: number, b: number) {
    const { cost, rank, idx } = this;
    const c = cost[a]!;
    cost[a] = cost[b]!;
    cost[b] = c;
    const r = rank[a]!;
    rank[a] = rank[b]!;
    rank[b] = r;
    const i = idx[a]!;
    idx[a] = idx[b]!;
    idx[b] = i;
  }
  /** Entries, cheapest first. */
  sorted(): { cost: number; idx: number; rank: number }[] {
    const out = [];
    for (let i = 0; i < this.size; i++)
      out.push({ cost: this.cost[i]!, idx: this.idx[i]!, rank: this.rank[i]! });
    return out.sort((a, b) => a.cost - b.cost || a.rank - b.rank);
  }
}

/** Smallest distance in metres from a point to a grid cell (0 inside it), never overestimated. */
function cellLowerBoundM(lat: number, lng: number, x: number, y: number): number {
  const lat0 = y * CELL_LAT;
  const lng0 = x * CELL_LNG;
  const cLat = Math.min(Math.max(lat, lat0), lat0 + CELL_LAT);
  const cLng = Math.min(Math.max(lng, lng0), lng0 + CELL_LNG);
  if (cLat === lat && cLng === lng) return 0;
  // The nearest point of the rectangle in degrees is the nearest on the sphere to within a
  // fraction of a metre at this scale; the 1 m margin keeps the bound a bound.
  return Math.max(0, haversineM(lat, lng, cLat, cLng) - 1);
}

/** The K cheapest eligible volunteers for one need: pool indices with their costs, cheapest first. */
export function bestCandidates(pool: Pool, need: NeedFacts, k: number, exclude?: ReadonlySet<number>) {
  const best = new Best(k);
  const mask = windowMask(need.startsAt, need.endsAt);
  const words = pool.words;
  const needBits = new Uint32Array(words);
  const needSkills = [...new Set(need.skills)];
  let rarest = -1;
  let rarestCount = Number.POSITIVE_INFINITY;
  for (const s of needSkills) {
    const b = pool.skillIndex.get(s);
    if (b === undefined) return [];
    needBits[b >>> 5]! |= 1 << (b & 31);
    const count = skillMembers(pool, b).length;
    if (count < rarestCount) {
      rarestCount = count;
      rarest = b;
    }
  }
  const { availability, skillBits, baseCost, idRank, skillCount } = pool;
  // The beneficiary as a pool index (−1: none, or not a volunteer of the pool).
  // (A pool read without person ids leaves this to the caller's exclusions.)
  const benef =
    need.beneficiaryPersonId === null || !pool.hasPersons
      ? -1
      : (personIndex(pool).get(need.beneficiaryPersonId) ?? -1);
  const nSkills = needSkills.length;
  const eligible = (i: number) => {
    if ((availability[i]! & mask) === 0) return false;
    for (let w = 0; w < words; w++) {
      const nb = needBits[w]!;
      if ((skillBits[i * words + w]! & nb) !== nb) return false;
    }
    if (exclude?.has(i)) return false;
    return i !== benef;
  };
  // In a grid of one slot of the need and of its only skill, only the exclusions remain to check.
  const gridEligible = (i: number, bySlot: boolean) => {
    if (!bySlot && (availability[i]! & mask) === 0) return false;
    if (nSkills > 1)
      for (let w = 0; w < words; w++) {
        const nb = needBits[w]!;
        if ((skillBits[i * words + w]! & nb) !== nb) return false;
      }
    if (exclude?.has(i)) return false;
    return i !== benef;
  };
  const other = (i: number) => otherSkillsCost(skillCount[i]! - nSkills);

  const located = need.lat !== null && need.lng !== null;
  // Same community, at the fixed no-location distance: everybody of the community when the need
  // has no location, the community's volunteers without one when it has.
  for (const i of (located ? pool.unlocatedByArea : pool.byArea).get(need.areaCode) ?? []) {
    if (!eligible(i)) continue;
    best.offer(MATCH.noLocationCost + baseCost[i]! + other(i), idRank[i]!, i);
  }
  if (!located) return best.sorted();

  // One grid per availability slot the need touches (a long window: the grid of any slot).
  const slots: number[] = [];
  for (let b = 0; b < 21; b++) if (mask & (1 << b)) slots.push(b);
  const bySlot = slots.length <= 6;
  const grids = (bySlot ? slots : [ANY_SLOT]).map((slot) => gridFor(pool, slot, rarest));
  const several = grids.length > 1;
  const stamp = ++pool.stamp;
  const seen = pool.seen;
  const vLat = pool.lat;
  const vLng = pool.lng;
  const lat = need.lat!;
  const lng = need.lng!;
  const { x0, y0, nx, ny } = pool.frame;
  const cx = cellX(lng) - x0;
  const cy = cellY(lat) - y0;
  const gap = cellMinM(lat);
  const radius = MATCH.maxRadiusM;
  for (let ring = 0; ; ring++) {
    // Everybody in ring r is at least (r − 1) cells away: stop when that alone is too far or too dear.
    const ringM = Math.max(0, ring - 1) * gap;
    if (ringM > radius) break;
    if (best.size === k && distanceCost(ringM) + pool.minBaseCost > best.cost[0]!) break;
    if (ring > 0 && cx - ring < 0 && cy - ring < 0 && cx + ring >= nx && cy + ring >= ny) break;
    for (let dy = -ring; dy <= ring; dy++) {
      const y = cy + dy;
      if (y < 0 || y >= ny) continue;
      const step = dy === -ring || dy === ring ? 1 : 2 * ring;
      for (let dx = -ring; dx <= ring; dx += step || 1) {
        const x = cx + dx;
        if (x < 0 || x >= nx) continue;
        const c = y * nx + x;
        let lb = -1;
        for (let gi = 0; gi < grids.length; gi++) {
          const grid = grids[gi]!;
          const from = grid.start[c]!;
          const to = grid.start[c + 1]!;
          if (from === to) continue;
          if (lb < 0) {
            const lbM = cellLowerBoundM(lat, lng, x + x0, y + y0);
            if (lbM > radius) break;
            lb = distanceCost(lbM);
          }
          const members = grid.members;
          for (let q = from; q < to; q++) {
            const i = members[q]!;
            if (best.size === k && lb + baseCost[i]! > best.cost[0]!) break;
            if (several) {
              if (seen[i] === stamp) continue;
              seen[i] = stamp;
            }
            if (!gridEligible(i, bySlot)) continue;
            const d = haversineM(lat, lng, vLat[i]!, vLng[i]!);
            if (d > radius) continue;
            best.offer(distanceCost(d) + baseCost[i]! + other(i), idRank[i]!, i);
          }
        }
      }
    }
  }
  return best.sorted();
}

export interface CandidateGraph {
  problem: AssignmentProblem;
  /** The needs in group order. */
  needs: OpenNeed[];
}

/**
 * Groups = needs with seats left; edges = each need's K cheapest eligible volunteers, leaving
 * out those already engaged with the need (`engaged`: need id → keys `volunteer:<id>`).
 */
export function buildCandidateGraph(
  pool: Pool,
  needs: readonly OpenNeed[],
  engaged: ReadonlyMap<string, ReadonlySet<string>> = new Map(),
): CandidateGraph {
  const open = needs.filter((n) => n.seatsLeft > 0);

  const groupStart = new Int32Array(open.length + 1);
  const cols: number[] = [];
  const costs: number[] = [];
  open.forEach((n, g) => {
    let exclude: Set<number> | undefined;
    for (const key of engaged.get(n.id) ?? []) {
      if (!key.startsWith('volunteer:')) continue;
      const i = poolIndexOf(pool, key.slice('volunteer:'.length));
      if (i === undefined) continue;
      exclude ??= new Set();
      exclude.add(i);
    }
    for (const c of bestCandidates(pool, n, candidatesPerNeed(n.seatsLeft), exclude)) {
      cols.push(c.idx);
      costs.push(c.cost);
    }
    groupStart[g + 1] = cols.length;
  });
  return {
    needs: open,
    problem: {
      cols: pool.size,
      groupRows: Int32Array.from(open.map((n) => n.seatsLeft)),
      groupStart,
      edgeCol: Int32Array.from(cols),
      edgeCost: Int32Array.from(costs),
      unfilledCost: MATCH.unfilledCost,
    },
  };
}
