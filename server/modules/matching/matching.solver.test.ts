import { describe, expect, it } from 'vitest';
import { type AssignmentProblem, assignmentCost, lowerBound, solveAssignment } from './matching.solver.ts';

/** A small seeded PRNG (mulberry32), so a failing instance can be replayed. */
function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** groups: for each need, its seats and its candidate edges [column, cost]. */
function problem(cols: number, groups: { seats: number; edges: [number, number][] }[], unfilledCost: number) {
  const groupStart = new Int32Array(groups.length + 1);
  const edgeCol: number[] = [];
  const edgeCost: number[] = [];
  groups.forEach((g, i) => {
    for (const [c, w] of g.edges) {
      edgeCol.push(c);
      edgeCost.push(w);
    }
    groupStart[i + 1] = edgeCol.length;
  });
  return {
    cols,
    groupRows: Int32Array.from(groups.map((g) => g.seats)),
    groupStart,
    edgeCol: Int32Array.from(edgeCol),
    edgeCost: Int32Array.from(edgeCost),
    unfilledCost,
  } satisfies AssignmentProblem;
}

function randomProblem(seed: number) {
  const r = rng(seed);
  const cols = 1 + Math.floor(r() * 7);
  const nGroups = 1 + Math.floor(r() * 3);
  const groups = Array.from({ length: nGroups }, () => {
    const seats = 1 + Math.floor(r() * 3);
    const edges: [number, number][] = [];
    for (let c = 0; c < cols; c++) if (r() < 0.6) edges.push([c, Math.floor(r() * 100)]);
    return { seats, edges };
  });
  // Penalties below, between and above the edge costs: unfilled must sometimes win.
  const penalty = [5, 40, 80, 1000][Math.floor(r() * 4)]!;
  return problem(cols, groups, penalty);
}

/** Every assignment, by recursion: each row takes a free column of its group or stays unfilled. */
function bruteForce(p: AssignmentProblem): number {
  const rows: number[] = [];
  p.groupRows.forEach((n, g) => {
    for (let k = 0; k < n; k++) rows.push(g);
  });
  const used = new Uint8Array(p.cols);
  let best = Number.POSITIVE_INFINITY;
  const go = (r: number, acc: number) => {
    if (acc >= best) return;
    if (r === rows.length) {
      best = acc;
      return;
    }
    const g = rows[r]!;
    go(r + 1, acc + p.unfilledCost);
    for (let e = p.groupStart[g]!; e < p.groupStart[g + 1]!; e++) {
      const c = p.edgeCol[e]!;
      if (used[c]) continue;
      used[c] = 1;
      go(r + 1, acc + p.edgeCost[e]!);
      used[c] = 0;
    }
  };
  go(0, 0);
  return best;
}

describe('solveAssignment', () => {
  it('finds the optimal cost of 600 random small instances, with a matching lower bound', () => {
    for (let seed = 1; seed <= 600; seed++) {
      const p = randomProblem(seed);
      const res = solveAssignment(p);
      const optimum = bruteForce(p);
      expect(res.cost, `seed ${seed}`).toBe(optimum);
      expect(res.lowerBound, `seed ${seed}`).toBeLessThanOrEqual(res.cost);
      expect(res.lowerBound, `seed ${seed}`).toBe(optimum);
      // The reported assignment is a real one (each column once, only along edges) of that cost.
      expect(assignmentCost(p, res.rowCol), `seed ${seed}`).toBe(res.cost);
      expect(res.assigned).toBe([...res.rowCol].filter((c) => c !== -1).length);
    }
  });

  it('uses each volunteer at most once and never more seats than a need has', () => {
    const r = rng(99);
    const cols = 300;
    const groups = Array.from({ length: 120 }, () => {
      const seats = 1 + Math.floor(r() * 5);
      const picked = new Set<number>();
      while (picked.size < 12) picked.add(Math.floor(r() * cols));
      return { seats, edges: [...picked].map((c) => [c, Math.floor(r() * 1000)] as [number, number]) };
    });
    const p = problem(cols, groups, 5000);
    const res = solveAssignment(p);
    const cols2 = [...res.rowCol].filter((c) => c !== -1);
    expect(new Set(cols2).size).toBe(cols2.length);
    const perGroup = new Map<number, number>();
    res.rowGroup.forEach((g, row) => {
      if (res.rowCol[row] !== -1) perGroup.set(g, (perGroup.get(g) ?? 0) + 1);
    });
    for (const [g, n] of perGroup) expect(n).toBeLessThanOrEqual(groups[g]!.seats);
    expect(res.rowCol.length).toBe(groups.reduce((s, g) => s + g.seats, 0));
    expect(assignmentCost(p, res.rowCol)).toBe(res.cost);
    expect(res.lowerBound).toBe(res.cost);
  });

  it('leaves a seat unfilled when every candidate costs more than the penalty', () => {
    const p = problem(
      2,
      [
        {
          seats: 1,
          edges: [
            [0, 50],
            [1, 60],
          ],
        },
      ],
      40,
    );
    const res = solveAssignment(p);
    expect([...res.rowCol]).toEqual([-1]);
    expect(res.cost).toBe(40);
    expect(res.lowerBound).toBe(40);
  });

  it('moves an earlier seat to its second choice when that frees the only candidate of a later one', () => {
    // Need 0 prefers volunteer 0 (cost 1) but can take volunteer 1 (cost 3); need 1 has only volunteer 0.
    const p = problem(
      2,
      [
        {
          seats: 1,
          edges: [
            [0, 1],
            [1, 3],
          ],
        },
        { seats: 1, edges: [[0, 2]] },
      ],
      100,
    );
    const res = solveAssignment(p);
    expect([...res.rowCol]).toEqual([1, 0]);
    expect(res.cost).toBe(5);
  });

  it('fills a need with several seats from distinct volunteers', () => {
    const p = problem(
      3,
      [
        {
          seats: 3,
          edges: [
            [0, 5],
            [1, 6],
            [2, 7],
          ],
        },
      ],
      100,
    );
    const res = solveAssignment(p);
    expect(new Set(res.rowCol).size).toBe(3);
    expect(res.cost).toBe(18);
  });

  it('an empty problem costs nothing', () => {
    const res = solveAssignment(problem(0, [], 100));
    expect(res.cost).toBe(0);
    expect(res.lowerBound).toBe(0);
  });

  it('the lower bound is valid for any potentials, not only the solver’s', () => {
    for (let seed = 1; seed <= 100; seed++) {
      const p = randomProblem(seed);
      const r = rng(seed + 1000);
      const v = Float64Array.from({ length: p.cols }, () => -Math.floor(r() * 200));
      expect(lowerBound(p, v)).toBeLessThanOrEqual(bruteForce(p));
    }
  });
});
