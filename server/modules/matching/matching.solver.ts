/**
 * Minimum-cost assignment of seats to volunteers (ADR 0017), exact.
 *
 * Rows are seats, columns volunteers. A need's seats share one list of candidate edges (a group),
 * so a need with five seats does not store its candidates five times. Every row may also stay
 * unfilled at a fixed penalty (its private "dummy" column), so the problem is always feasible.
 *
 * Successive shortest augmenting paths with Dijkstra on reduced costs and column potentials, in
 * the Jonker–Volgenant form: rows are added one at a time; each search stops at the first free
 * column it settles (or at the cheapest way to leave a reached row unfilled), the potentials of
 * the settled columns move by their distance deficit, and the path is flipped. Each augmentation
 * keeps the assignment of the rows so far optimal, so the last one is optimal for all rows.
 *
 * The potentials are also a certificate: for ANY column potentials v ≤ 0,
 *   Σ_rows min(penalty, min_e (cost_e − v_col(e))) + Σ_cols v
 * is the objective of a feasible solution of the LP dual, hence a lower bound on every
 * assignment. The solver reports it beside the cost; equal values prove the result optimal,
 * independently of this code being right.
 */

export interface AssignmentProblem {
  /** Number of volunteers (columns), indexed 0 … cols − 1. */
  cols: number;
  /** For each group (a need), how many rows (seats) it has. */
  groupRows: Int32Array;
  /** Edges of group g are edgeCol/edgeCost[groupStart[g] … groupStart[g + 1]); one per column at most. */
  groupStart: Int32Array;
  edgeCol: Int32Array;
  edgeCost: Int32Array;
  /** The cost of leaving one row unfilled. */
  unfilledCost: number;
}

export interface AssignmentResult {
  /** Column of each row, or −1 if the row stays unfilled. Rows are numbered group by group. */
  rowCol: Int32Array;
  /** Group of each row. */
  rowGroup: Int32Array;
  /** Edge index of each row's assignment, or −1. */
  rowEdge: Int32Array;
  cost: number;
  lowerBound: number;
  assigned: number;
  /** Columns settled by all the searches together (work done). */
  settled: number;
}

/** A binary min-heap of (key, value) in typed arrays, with lazy deletion by the caller. */
class Heap {
  keys = new Float64Array(1024);
  vals = new Int32Array(1024);
  size = 0;

  clear() {
    this.size = 0;
  }

  push(key: number, val: number) {
    if (this.size === this.keys.length) {
      const k = new Float64Array(this.size * 2);
      k.set(this.keys);
      this.keys = k;
      const v = new Int32Array(this.size * 2);
      v.set(this.vals);
      this.vals = v;
    }
    let i = this.size++;
    const { keys, vals } = this;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (keys[p]! <= key) break;
      keys[i] = keys[p]!;
      vals[i] = vals[p]!;
      i = p;
    }
    keys[i] = key;
    vals[i] = val;
  }

  /** Removes the minimum; read topKey/topVal before calling. */
  pop() {
    const { keys, vals } = this;
    const n = --this.size;
    if (n === 0) return;
    const key = keys[n]!;
    const val = vals[n]!;
    let i = 0;
    for (;;) {
      let c = 2 * i + 1;
      if (c >= n) break;
      if (c + 1 < n && keys[c + 1]! < keys[c]!) c++;
      if (keys[c]! >= key) break;
      keys[i] = keys[c]!;
      vals[i] = vals[c]!;
      i = c;
    }
    keys[i] = key;
    vals[i] = val;
  }
}

export function solveAssignment(p: AssignmentProblem): AssignmentResult {
  const groups = p.groupRows.length;
  let rows = 0;
  for (let g = 0; g < groups; g++) rows += p.groupRows[g]!;
  const rowGroup = new Int32Array(rows);
  for (let g = 0, r = 0; g < groups; g++) for (let k = 0; k < p.groupRows[g]!; k++) rowGroup[r++] = g;

  const { edgeCol, edgeCost, groupStart, cols } = p;
  const penalty = p.unfilledCost;
  const rowCol = new Int32Array(rows).fill(-1);
  const rowEdge = new Int32Array(rows).fill(-1);
  /** Cost of each row's current edge (the penalty when unfilled). */
  const rowCost = new Float64Array(rows);
  const colRow = new Int32Array(cols).fill(-1);
  const v = new Float64Array(cols);
  const dist = new Float64Array(cols);
  const predRow = new Int32Array(cols);
  const predEdge = new Int32Array(cols);
  /** Stamps instead of clearing arrays between searches: labelled / settled in search number `it`. */
  const labelled = new Int32Array(cols).fill(-1);
  const settledAt = new Int32Array(cols).fill(-1);
  const settledList = new Int32Array(cols);
  const heap = new Heap();
  let settledTotal = 0;

  for (let s = 0; s < rows; s++) {
    const it = s;
    heap.clear();
    let nSettled = 0;
    // Leaving the source row unfilled is always possible.
    let bestDummy = penalty;
    let bestDummyRow = s;
    const relaxFrom = (i: number, base: number) => {
      const g = rowGroup[i]!;
      for (let e = groupStart[g]!, end = groupStart[g + 1]!; e < end; e++) {
        const k = edgeCol[e]!;
        if (settledAt[k] === it) continue;
        const nd = base + edgeCost[e]! - v[k]!;
        if (labelled[k] !== it || nd < dist[k]!) {
          labelled[k] = it;
          dist[k] = nd;
          predRow[k] = i;
          predEdge[k] = e;
          heap.push(nd, k);
        }
      }
    };
    // Fast path: the row's cheapest column (in reduced cost) is free — the search would settle
    // nothing and end there, so take it without one.
    {
      const g = rowGroup[s]!;
      let j1 = -1;
      let d1 = penalty;
      let e1 = -1;
      for (let e = groupStart[g]!, end = groupStart[g + 1]!; e < end; e++) {
        const d = edgeCost[e]! - v[edgeCol[e]!]!;
        if (d < d1) {
          d1 = d;
          j1 = edgeCol[e]!;
          e1 = e;
        }
      }
      if (j1 !== -1 && colRow[j1] === -1) {
        rowCol[s] = j1;
        rowEdge[s] = e1;
        rowCost[s] = edgeCost[e1]!;
        colRow[j1] = s;
        continue;
      }
    }
    relaxFrom(s, 0);
    let terminal = -1;
    let D = 0;
    for (;;) {
      if (heap.size === 0 || heap.keys[0]! >= bestDummy) {
        D = bestDummy;
        terminal = -1;
        break;
      }
      const d = heap.keys[0]!;
      const j = heap.vals[0]!;
      heap.pop();
      if (settledAt[j] === it || d > dist[j]!) continue;
      if (colRow[j] === -1) {
        D = d;
        terminal = j;
        break;
      }
      settledAt[j] = it;
      settledList[nSettled++] = j;
      const i = colRow[j]!;
      // The row's own potential is implicit: u_i = cost(i, j) − v_j for its current column j.
      const ui = rowCost[i]! - v[j]!;
      relaxFrom(i, d - ui);
      const nd = d + penalty - ui;
      if (nd < bestDummy) {
        bestDummy = nd;
        bestDummyRow = i;
      }
    }
    settledTotal += nSettled;
    for (let q = 0; q < nSettled; q++) {
      const j = settledList[q]!;
      v[j] = v[j]! + dist[j]! - D;
    }
    // Flip the path: each row on it takes the column it reached next.
    let r: number;
    let t: number;
    if (terminal === -1) {
      r = bestDummyRow;
      const old = rowCol[r]!;
      rowCol[r] = -1;
      rowEdge[r] = -1;
      rowCost[r] = penalty;
      if (r === s) continue;
      t = old;
      r = predRow[t]!;
    } else {
      t = terminal;
      r = predRow[t]!;
    }
    for (;;) {
      const old = rowCol[r]!;
      rowCol[r] = t;
      rowEdge[r] = predEdge[t]!;
      rowCost[r] = edgeCost[predEdge[t]!]!;
      colRow[t] = r;
      if (r === s) break;
      t = old;
      r = predRow[t]!;
    }
  }

  let cost = 0;
  let assigned = 0;
  for (let r = 0; r < rows; r++) {
    cost += rowCost[r]!;
    if (rowCol[r] !== -1) assigned++;
  }
  return { rowCol, rowGroup, rowEdge, cost, lowerBound: lowerBound(p, v), assigned, settled: settledTotal };
}

/** The dual bound of ADR 0017 for column potentials v (clamped to ≤ 0, so any v gives a valid bound). */
export function lowerBound(p: AssignmentProblem, v: Float64Array): number {
  let bound = 0;
  for (let j = 0; j < p.cols; j++) bound += Math.min(v[j]!, 0);
  for (let g = 0; g < p.groupRows.length; g++) {
    let best = p.unfilledCost;
    for (let e = p.groupStart[g]!, end = p.groupStart[g + 1]!; e < end; e++) {
      const red = p.edgeCost[e]! - Math.min(v[p.edgeCol[e]!]!, 0);
      if (red < best) best = red;
    }
    bound += best * p.groupRows[g]!;
  }
  return bound;
}

/** The objective of an assignment given as one column (or −1) per row; throws if it is not one. */
export function assignmentCost(p: AssignmentProblem, rowCol: Int32Array): number {
  const used = new Uint8Array(p.cols);
  let cost = 0;
  let r = 0;
  for (let g = 0; g < p.groupRows.length; g++) {
    for (let k = 0; k < p.groupRows[g]!; k++, r++) {
      const c = rowCol[r]!;
      if (c === -1) {
        cost += p.unfilledCost;
        continue;
      }
      if (used[c]) throw new Error(`column ${c} assigned twice`);
      used[c] = 1;
      let found = -1;
      for (let e = p.groupStart[g]!; e < p.groupStart[g + 1]!; e++) if (p.edgeCol[e] === c) found = e;
      if (found === -1) throw new Error(`row ${r} assigned to column ${c} without an edge`);
      cost += p.edgeCost[found]!;
    }
  }
  return cost;
}
