import { describe, expect, it } from 'vitest';
import { bestCandidates, buildCandidateGraph, buildPool, type OpenNeed } from './matching.graph.ts';
import { candidatesPerNeed, rankVolunteers, type VolunteerFacts } from './matching.rules.ts';
import { solveAssignment } from './matching.solver.ts';

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

const SKILLS = ['first_aid', 'nursing', 'law', 'driving', 'repair'];
const AREAS = ['330102001001', '330102001002', '330102002001'];
const NOW = new Date('2026-06-10T01:00:00Z');

/** Volunteers over ~14 km × 14 km, so some needs have candidates beyond the radius. */
function world(seed: number, n: number, needs: number) {
  const r = rng(seed);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(r() * xs.length)]!;
  const volunteers: VolunteerFacts[] = Array.from({ length: n }, (_, i) => {
    const located = r() > 0.05;
    return {
      id: `v${String(Math.floor(r() * 1e6)).padStart(6, '0')}-${i}`,
      personId: `p${i}`,
      areaCode: pick(AREAS),
      status: r() < 0.95 ? 'active' : 'suspended',
      skills: SKILLS.filter(() => r() < 0.3),
      availability: Math.floor(r() * (1 << 21)),
      lat: located ? 30.2 + r() * 0.13 : null,
      lng: located ? 120.1 + r() * 0.15 : null,
      openCommitments: Math.floor(r() * 3),
      lastServedAt: r() < 0.5 ? new Date(NOW.getTime() - Math.floor(r() * 60) * 86_400_000) : null,
      // Few distinct values, so costs tie and the tie-break by id is exercised.
      ratingSum: Math.floor(r() * 3) * 5,
      ratingCount: Math.floor(r() * 3),
    };
  });
  const open: OpenNeed[] = Array.from({ length: needs }, (_, i) => {
    const start = new Date(Date.UTC(2026, 5, 15 + Math.floor(r() * 7), Math.floor(r() * 14)));
    const located = r() > 0.1;
    return {
      id: `n${i}`,
      areaCode: pick(AREAS),
      skills: SKILLS.filter(() => r() < 0.15),
      lat: located ? 30.2 + r() * 0.13 : null,
      lng: located ? 120.1 + r() * 0.15 : null,
      startsAt: start,
      endsAt: new Date(start.getTime() + (1 + Math.floor(r() * 4)) * 3_600_000),
      beneficiaryPersonId: r() < 0.2 ? `p${Math.floor(r() * n)}` : null,
      seatsLeft: 1 + Math.floor(r() * 4),
    };
  });
  return { volunteers, open };
}

describe('bestCandidates', () => {
  it('finds exactly the reference ranking’s K cheapest (same volunteers, costs and order)', () => {
    for (const seed of [1, 2, 3]) {
      const { volunteers, open } = world(seed, 3000, 60);
      const pool = buildPool(volunteers, NOW);
      for (const n of open) {
        for (const k of [5, candidatesPerNeed(n.seatsLeft)]) {
          const fast = bestCandidates(pool, n, k).map((c) => `${pool.ids[c.idx]}:${c.cost}`);
          const ref = rankVolunteers(n, volunteers, NOW, k).map(
            (c) => `${c.volunteer.id}:${c.assessment.cost}`,
          );
          expect(fast, `seed ${seed} need ${n.id} k ${k}`).toEqual(ref);
        }
      }
    }
  });

  it('returns nobody for a skill no volunteer has', () => {
    const { volunteers, open } = world(4, 200, 1);
    const pool = buildPool(volunteers, NOW);
    expect(bestCandidates(pool, { ...open[0]!, skills: ['sign_language'] }, 10)).toEqual([]);
  });
});

describe('buildCandidateGraph', () => {
  it('gives each need with seats left a group of its K best, and the solver a feasible problem', () => {
    const { volunteers, open } = world(5, 2000, 80);
    const pool = buildPool(volunteers, NOW);
    const needs = [...open, { ...open[0]!, id: 'full', seatsLeft: 0 }];
    const g = buildCandidateGraph(pool, needs);
    expect(g.needs.map((n) => n.id)).not.toContain('full');
    expect(g.problem.groupRows.length).toBe(open.length);
    for (let i = 0; i < g.needs.length; i++) {
      const n = g.needs[i]!;
      const edges = g.problem.groupStart[i + 1]! - g.problem.groupStart[i]!;
      expect(edges).toBe(rankVolunteers(n, volunteers, NOW, candidatesPerNeed(n.seatsLeft)).length);
    }
    const res = solveAssignment(g.problem);
    expect(res.lowerBound).toBe(res.cost);
    const used = [...res.rowCol].filter((c) => c !== -1);
    expect(new Set(used).size).toBe(used.length);
  });
});
