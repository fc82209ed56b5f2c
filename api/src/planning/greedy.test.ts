import { describe, expect, it } from 'vitest';
import { solveGreedy } from './greedy.js';
import type { Problem } from './problem.js';
import { bruteForce, rng } from './test-helpers.js';


function randomProblem(seed: number): Problem {
  const r = rng(seed);
  const nc = 3 + Math.floor(r() * 9);
  const nd = 5 + Math.floor(r() * 25);
  const candidates = Array.from({ length: nc }, (_, i) => ({ id: `c${i}`, cost: Math.round(1 + r() * 9) * 100_000 }));
  const demands = Array.from({ length: nd }, (_, i) => ({ id: `d${i}`, weight: Math.round(1 + r() * 9) }));
  const covers: [string, string][] = [];
  for (const c of candidates) for (const d of demands) if (r() < 0.2) covers.push([c.id, d.id]);
  const total = candidates.reduce((s, c) => s + c.cost, 0);
  return { budget: Math.round(total * (0.2 + r() * 0.4)), candidates, demands, covers };
}

describe('greedy budgeted maximal covering', () => {
  it('takes the best weight per baht first and ranks with marginal and cumulative figures', () => {
    const p: Problem = {
      budget: 3_000_000,
      candidates: [{ id: 'A', cost: 1_000_000 }, { id: 'B', cost: 2_000_000 }, { id: 'C', cost: 1_000_000 }],
      demands: [{ id: 'p1', weight: 5 }, { id: 'p2', weight: 3 }, { id: 'p3', weight: 4 }],
      covers: [['A', 'p1'], ['B', 'p1'], ['B', 'p2'], ['C', 'p3'], ['C', 'p1']],
    };
    const s = solveGreedy(p);
    expect(s.selected).toEqual(['C', 'B']); // C: 9 per million; then B adds p2 (3) for 2 M; A adds nothing
    expect(s.ranking).toEqual([
      { id: 'C', cost: 1_000_000, marginalWeight: 9, cumulativeCost: 1_000_000, cumulativeWeight: 9 },
      { id: 'B', cost: 2_000_000, marginalWeight: 3, cumulativeCost: 3_000_000, cumulativeWeight: 12 },
    ]);
    expect(s).toMatchObject({ method: 'greedy', coveredWeight: 12, totalCost: 3_000_000, optimal: true, gap: 0 });
  });

  it('keeps the best single candidate when the ratio greedy is fooled', () => {
    // A cheap small item blocks the one big item that fills the budget.
    const p: Problem = {
      budget: 10,
      candidates: [{ id: 'small', cost: 1 }, { id: 'big', cost: 10 }],
      demands: [{ id: 'a', weight: 2 }, { id: 'b', weight: 10 }],
      covers: [['small', 'a'], ['big', 'b']],
    };
    const s = solveGreedy(p);
    expect(s.selected).toEqual(['big']);
    expect(s.coveredWeight).toBe(10);
  });

  it('respects forced in and out, and refuses forced-in sets over budget by name', () => {
    const p: Problem = {
      budget: 5,
      candidates: [{ id: 'a', cost: 3, forced: 'in' }, { id: 'b', cost: 1, forced: 'out' }, { id: 'c', cost: 2 }],
      demands: [{ id: 'x', weight: 1 }, { id: 'y', weight: 10 }, { id: 'z', weight: 2 }],
      covers: [['a', 'x'], ['b', 'y'], ['c', 'z']],
    };
    expect(solveGreedy(p)).toMatchObject({ selected: ['a', 'c'], coveredWeight: 3, totalCost: 5 });
    expect(() => solveGreedy({ ...p, budget: 2 })).toThrow(/forced-in candidates cost 3, more than the budget 2: a/);
  });

  it('names the bad item of a malformed problem', () => {
    expect(() => solveGreedy({ budget: 1, candidates: [{ id: 'a', cost: 1 }], demands: [], covers: [['a', 'nope']] })).toThrow('covers[0]: unknown demand "nope"');
    expect(() => solveGreedy({ budget: 1, candidates: [{ id: 'a', cost: -1 }], demands: [], covers: [] })).toThrow(/candidates\[0\] \(a\): cost/);
  });

  it('on 200 random instances: within budget, never above the optimum, at least 1 − 1/√e of it, and the bound holds', () => {
    let optimalHits = 0;
    for (let seed = 1; seed <= 200; seed++) {
      const p = randomProblem(seed);
      const s = solveGreedy(p);
      const opt = bruteForce(p);
      expect(s.totalCost).toBeLessThanOrEqual(p.budget);
      expect(s.coveredWeight).toBeLessThanOrEqual(opt + 1e-9);
      expect(s.coveredWeight).toBeGreaterThanOrEqual((1 - 1 / Math.sqrt(Math.E)) * opt - 1e-9);
      expect(s.bound).toBeGreaterThanOrEqual(opt - 1e-9);
      if (s.coveredWeight === opt) optimalHits++;
    }
    // Greedy is usually optimal on small instances; if it never were, something would be off.
    expect(optimalHits).toBeGreaterThan(100);
  });
});
