import { describe, expect, it } from 'vitest';
import { solveExact } from './exact.js';
import { coveredWeight, indexProblem, type Problem } from './problem.js';
import { bruteForce, bruteForceCheapest, rng } from './test-helpers.js';


function randomProblem(seed: number): Problem {
  const r = rng(seed);
  const int = (lo: number, hi: number) => lo + Math.floor(r() * (hi - lo + 1));
  const nC = int(1, 12);
  const nD = int(1, 25);
  const candidates: Problem['candidates'] = Array.from({ length: nC }, (_, i) => {
    const u = r();
    return { id: `site-${i}`, cost: int(0, 10), ...(u < 0.08 ? { forced: 'in' as const } : u < 0.16 ? { forced: 'out' as const } : {}) };
  });
  const demands = Array.from({ length: nD }, (_, i) => ({ id: `d${i}`, weight: int(0, 10) }));
  const covers: [string, string][] = [];
  for (const c of candidates) for (const d of demands) if (r() < 0.25) covers.push([c.id, d.id]);
  const forcedCost = candidates.filter((c) => c.forced === 'in').reduce((s, c) => s + c.cost, 0);
  const budget = forcedCost + int(0, 25);
  return { budget, candidates, demands, covers };
}

/** Checks the invariants every exact solution must satisfy. */
function checkSolution(p: Problem, s: Awaited<ReturnType<typeof solveExact>>) {
  const ix = indexProblem(p);
  const byId = new Map(p.candidates.map((c, i) => [c.id, i]));
  const chosen = s.selected.map((id) => byId.get(id)!);
  expect(new Set(s.selected).size).toBe(s.selected.length);
  expect(s.method).toBe('exact');
  expect(s.totalCost).toBe(chosen.reduce((t, c) => t + p.candidates[c]!.cost, 0));
  expect(s.totalCost).toBeLessThanOrEqual(p.budget);
  expect(s.coveredWeight).toBe(coveredWeight(ix, chosen));
  for (const c of p.candidates) {
    if (c.forced === 'in') expect(s.selected).toContain(c.id);
    if (c.forced === 'out') expect(s.selected).not.toContain(c.id);
  }
  expect(s.ranking.map((x) => x.id)).toEqual(s.selected);
  expect(s.bound).toBeGreaterThanOrEqual(s.coveredWeight);
  if (s.optimal) {
    expect(s.status).toBe('Optimal');
    expect(s.gap).toBe(0);
  }
}

describe('solveExact', () => {
  it('finds the optimum where greedy by weight per baht (and the best single) fall short', async () => {
    // Greedy by ratio: A (2.5/baht), then B (2/baht), C no longer fits → 15; best single D → 12.
    // Optimum: B + C = 20 at cost 10.
    const p: Problem = {
      budget: 10,
      candidates: [
        { id: 'A', cost: 2 },
        { id: 'B', cost: 5 },
        { id: 'C', cost: 5 },
        { id: 'D', cost: 8 },
      ],
      demands: [
        { id: 'a', weight: 5 },
        { id: 'b', weight: 10 },
        { id: 'c', weight: 10 },
        { id: 'd', weight: 12 },
      ],
      covers: [['A', 'a'], ['B', 'b'], ['C', 'c'], ['D', 'd']],
    };
    const s = await solveExact(p, { timeLimitS: 10 });
    checkSolution(p, s);
    expect(s.optimal).toBe(true);
    expect(s.status).toBe('Optimal');
    expect(s.coveredWeight).toBe(20);
    expect(s.bound).toBe(20);
    expect([...s.selected].sort()).toEqual(['B', 'C']);
    expect(s.totalCost).toBe(10);
    expect(s.ranking).toEqual([
      { id: 'B', cost: 5, marginalWeight: 10, cumulativeCost: 5, cumulativeWeight: 10 },
      { id: 'C', cost: 5, marginalWeight: 10, cumulativeCost: 10, cumulativeWeight: 20 },
    ]);
  });

  it('counts overlapping coverage once', async () => {
    // X and Y both cover the heavy item h, so choosing both counts h once.
    const p: Problem = {
      budget: 6,
      candidates: [
        { id: 'X', cost: 3 },
        { id: 'Y', cost: 3 },
        { id: 'Z', cost: 3 },
      ],
      demands: [
        { id: 'h', weight: 10 },
        { id: 'x', weight: 2 },
        { id: 'y', weight: 3 },
        { id: 'z', weight: 4 },
      ],
      covers: [['X', 'h'], ['X', 'x'], ['Y', 'h'], ['Y', 'y'], ['Z', 'z']],
    };
    const s = await solveExact(p, {});
    checkSolution(p, s);
    // X+Y = 15, X+Z = 16, Y+Z = 17 → Y+Z.
    expect(s.coveredWeight).toBe(17);
    expect(s.selected).toEqual(['Y', 'Z']);
  });

  it('respects forced in and forced out', async () => {
    const p: Problem = {
      budget: 10,
      candidates: [
        { id: 'best', cost: 5, forced: 'out' },
        { id: 'weak', cost: 6, forced: 'in' },
        { id: 'mid', cost: 4 },
        { id: 'other', cost: 4 },
      ],
      demands: [
        { id: 'p', weight: 100 },
        { id: 'q', weight: 1 },
        { id: 'r', weight: 7 },
        { id: 's', weight: 5 },
      ],
      covers: [['best', 'p'], ['weak', 'q'], ['mid', 'r'], ['other', 's'], ['weak', 's']],
    };
    const s = await solveExact(p, {});
    checkSolution(p, s);
    expect(s.optimal).toBe(true);
    // 'weak' is forced in (cost 6), leaving 4: 'mid' (7 new) beats 'other' (s already covered).
    expect(s.selected).toEqual(['weak', 'mid']);
    expect(s.coveredWeight).toBe(1 + 5 + 7);
    expect(s.totalCost).toBe(10);
  });

  it('with budget 0 takes only zero-cost candidates', async () => {
    const p: Problem = {
      budget: 0,
      candidates: [
        { id: 'paid', cost: 1 },
        { id: 'free', cost: 0 },
      ],
      demands: [
        { id: 'a', weight: 9 },
        { id: 'b', weight: 2 },
      ],
      covers: [['paid', 'a'], ['free', 'b']],
    };
    const s = await solveExact(p, {});
    checkSolution(p, s);
    expect(s.selected).toEqual(['free']);
    expect(s.coveredWeight).toBe(2);
    expect(s.totalCost).toBe(0);
    expect(s.optimal).toBe(true);

    const none = await solveExact({ ...p, candidates: [{ id: 'paid', cost: 1 }, { id: 'free', cost: 0, forced: 'out' }] }, {});
    expect(none.selected).toEqual([]);
    expect(none.coveredWeight).toBe(0);
    expect(none.optimal).toBe(true);
    expect(none.gap).toBe(0);
  });

  it('never chooses a candidate costing more than the budget', async () => {
    const p: Problem = {
      budget: 100,
      candidates: [
        { id: 'huge', cost: 101 },
        { id: 'small', cost: 60 },
        { id: 'tiny', cost: 30 },
      ],
      demands: [
        { id: 'big', weight: 1000 },
        { id: 'm', weight: 3 },
        { id: 't', weight: 2 },
      ],
      covers: [['huge', 'big'], ['small', 'm'], ['tiny', 't']],
    };
    const s = await solveExact(p, {});
    checkSolution(p, s);
    expect(s.selected).toEqual(['small', 'tiny']);
    expect(s.coveredWeight).toBe(5);
    expect(s.bound).toBe(5);
  });

  it('throws naming the forced-in candidates when they alone exceed the budget', async () => {
    const p: Problem = {
      budget: 10,
      candidates: [
        { id: 'approved-1', cost: 6, forced: 'in' },
        { id: 'approved-2', cost: 5, forced: 'in' },
        { id: 'spare', cost: 1 },
      ],
      demands: [{ id: 'a', weight: 1 }],
      covers: [['approved-1', 'a']],
    };
    await expect(solveExact(p, {})).rejects.toThrow(/forced-in.*11.*budget 10.*approved-1, approved-2/);
  });

  it('rejects an inconsistent problem (via indexProblem)', async () => {
    await expect(
      solveExact({ budget: 1, candidates: [{ id: 'a', cost: 1 }], demands: [], covers: [['a', 'nope']] }, {}),
    ).rejects.toThrow(/unknown demand "nope"/);
  });

  it('uses generated LP names, so awkward ids are safe', async () => {
    const p: Problem = {
      budget: 2,
      candidates: [
        { id: 'site 1: <= 3 + x', cost: 1 },
        { id: 'Subject To', cost: 1 },
        { id: 'ร้านค้า-7', cost: 1 },
      ],
      demands: [
        { id: 'End', weight: 4 },
        { id: 'y0', weight: 3 },
        { id: 'จุดเสี่ยง', weight: 1 },
      ],
      covers: [['site 1: <= 3 + x', 'End'], ['Subject To', 'y0'], ['ร้านค้า-7', 'จุดเสี่ยง']],
    };
    const s = await solveExact(p, {});
    checkSolution(p, s);
    expect(s.selected).toEqual(['site 1: <= 3 + x', 'Subject To']);
    expect(s.coveredWeight).toBe(7);
  });

  it('matches brute force on 60 small random instances, at the least cost for the optimal weight', async () => {
    const times: number[] = [];
    for (let seed = 1; seed <= 60; seed++) {
      const p = randomProblem(seed);
      const t0 = performance.now();
      const s = await solveExact(p, { timeLimitS: 10 });
      times.push(performance.now() - t0);
      checkSolution(p, s);
      expect(s.optimal, `seed ${seed}`).toBe(true);
      const best = bruteForceCheapest(p);
      expect(s.coveredWeight, `seed ${seed}`).toBe(best.weight);
      // Among the selections of optimal weight, one of least cost (the second stage).
      expect(s.totalCost, `seed ${seed}`).toBe(best.cost);
    }
    const sorted = [...times].sort((a, b) => a - b);
    console.log(
      `exact on 60 random instances: median ${sorted[30]!.toFixed(1)} ms, max ${sorted[59]!.toFixed(1)} ms, total ${times.reduce((a, b) => a + b, 0).toFixed(0)} ms`,
    );
  });

  it('returns a feasible selection with a valid bound under a short time limit', async () => {
    // Large enough that a 0.2 s limit may or may not be hit: the assertions hold either way.
    const r = rng(12345);
    const nC = 150;
    const nD = 3000;
    const candidates = Array.from({ length: nC }, (_, i) => ({ id: `c${i}`, cost: 1 + Math.floor(r() * 20) }));
    const demands = Array.from({ length: nD }, (_, i) => ({ id: `d${i}`, weight: 1 + Math.floor(r() * 100) }));
    const covers: [string, string][] = [];
    for (let d = 0; d < nD; d++) {
      const k = 1 + Math.floor(r() * 4);
      for (let j = 0; j < k; j++) covers.push([`c${Math.floor(r() * nC)}`, `d${d}`]);
    }
    const p: Problem = { budget: 150, candidates, demands, covers };
    const t0 = performance.now();
    const s = await solveExact(p, { timeLimitS: 0.2 });
    const ms = performance.now() - t0;
    checkSolution(p, s);
    expect(['Optimal', 'Time limit reached']).toContain(s.status);
    expect(s.gap).toBeGreaterThanOrEqual(0);
    expect(s.gap).toBeCloseTo((s.bound - s.coveredWeight) / s.bound, 12);
    if (!s.optimal) expect(s.gap).toBeGreaterThan(0);
    // HiGHS starts from a greedy incumbent, so even a run stopped early has a real selection.
    expect(s.coveredWeight).toBeGreaterThan(0);
    expect(ms).toBeLessThan(5000);
    console.log(`exact 150×3000 at 0.2 s: ${s.status}, weight ${s.coveredWeight}, bound ${s.bound}, gap ${s.gap.toExponential(2)}, ${ms.toFixed(0)} ms`);
  });
});
