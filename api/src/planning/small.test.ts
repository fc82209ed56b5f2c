/**
 * Small instances whose optimum is worked out by hand (in the comments), run through every method:
 * ties, zero-cost, unaffordable and idle candidates, budget 0, overlap.
 */
import { describe, expect, it } from 'vitest';
import type { Problem } from './problem.js';
import { METHODS, solve } from './solve.js';
import { bruteForce } from './test-helpers.js';

interface Case {
  name: string;
  p: Problem;
  /** The optimum, by hand. */
  optimum: number;
  /** Selections that reach it (any one, as sets). */
  optimalSets: string[][];
}

const cand = (id: string, cost: number, forced?: 'in' | 'out') => (forced ? { id, cost, forced } : { id, cost });
const dem = (id: string, weight: number) => ({ id, weight });

const CASES: Case[] = [
  {
    // A and B are the same: either, never both (B adds nothing after A).
    name: 'tie between two identical candidates',
    p: { budget: 2, candidates: [cand('A', 1), cand('B', 1)], demands: [dem('d', 5)], covers: [['A', 'd'], ['B', 'd']] },
    optimum: 5,
    optimalSets: [['A'], ['B']],
  },
  {
    // Every pair covers all three items (weight 3); a single covers 2.
    name: 'overlap: any two of three cover everything',
    p: {
      budget: 4,
      candidates: [cand('A', 2), cand('B', 2), cand('C', 2)],
      demands: [dem('1', 1), dem('2', 1), dem('3', 1)],
      covers: [['A', '1'], ['A', '2'], ['B', '2'], ['B', '3'], ['C', '1'], ['C', '3']],
    },
    optimum: 3,
    optimalSets: [['A', 'B'], ['A', 'C'], ['B', 'C']],
  },
  {
    // Budget 0: only Z (free) can be taken; A costs 10.
    name: 'budget 0 takes only the zero-cost candidate',
    p: { budget: 0, candidates: [cand('A', 10), cand('Z', 0)], demands: [dem('a', 3), dem('z', 1)], covers: [['A', 'a'], ['Z', 'z']] },
    optimum: 1,
    optimalSets: [['Z']],
  },
  {
    name: 'budget 0 and nothing free: an empty plan',
    p: { budget: 0, candidates: [cand('A', 10)], demands: [dem('a', 3)], covers: [['A', 'a']] },
    optimum: 0,
    optimalSets: [[]],
  },
  {
    // U would cover 100 but costs 11 > 10; A + B fit (10) and cover 3 + 4.
    name: 'an unaffordable candidate is never chosen',
    p: {
      budget: 10,
      candidates: [cand('U', 11), cand('A', 5), cand('B', 5)],
      demands: [dem('u', 100), dem('a', 3), dem('b', 4)],
      covers: [['U', 'u'], ['A', 'a'], ['B', 'b']],
    },
    optimum: 7,
    optimalSets: [['A', 'B']],
  },
  {
    // N covers only what A covers; the budget allows both; money is not spent on N.
    name: 'a candidate that adds nothing is not bought',
    p: { budget: 100, candidates: [cand('A', 1), cand('N', 1), cand('E', 1)], demands: [dem('a', 2)], covers: [['A', 'a'], ['N', 'a']] },
    optimum: 2,
    optimalSets: [['A'], ['N']],
  },
  {
    // Ratio greedy takes S (2 per baht) and then cannot afford T; T alone (10) is best;
    // greedy's best-single rule recovers it.
    name: 'the best single candidate beats the ratio order',
    p: { budget: 10, candidates: [cand('S', 1), cand('T', 10)], demands: [dem('s', 2), dem('t', 10)], covers: [['S', 's'], ['T', 't']] },
    optimum: 10,
    optimalSets: [['T']],
  },
  {
    // Pairs within 7: {A, C} = 11 (cost 6), {B, C} = 10, {A, B} = 9; all three cost 10.
    // Greedy by ratio: C (2 per baht), A (1.67), then B no longer fits: 11.
    name: 'ratio greedy is optimal here',
    p: {
      budget: 7,
      candidates: [cand('A', 3), cand('B', 4), cand('C', 3)],
      demands: [dem('a', 5), dem('b', 4), dem('c', 6)],
      covers: [['A', 'a'], ['B', 'b'], ['C', 'c']],
    },
    optimum: 11,
    optimalSets: [['A', 'C']],
  },
  {
    // Within 8: {X, W} = 15 (cost 8), {X, Y} = 11 (7); Y + W costs 11. Greedy by ratio takes X
    // (3 per baht), then W (1.5) before Y (1): 15.
    name: 'greedy follows ratios to the optimum',
    p: {
      budget: 8,
      candidates: [cand('X', 2), cand('Y', 5), cand('W', 6)],
      demands: [dem('x', 6), dem('y', 5), dem('w', 9)],
      covers: [['X', 'x'], ['Y', 'y'], ['W', 'w']],
    },
    optimum: 15,
    optimalSets: [['W', 'X']],
  },
  {
    // F is forced in (cost 2, covers p = 8), leaving 8: R (16) fits, P adds nothing after F,
    // O (50) is forced out. F + R = 24.
    name: 'a forced-in candidate takes budget and demand first',
    p: {
      budget: 10,
      candidates: [cand('F', 2, 'in'), cand('P', 2), cand('R', 8), cand('O', 1, 'out')],
      demands: [dem('p', 8), dem('r', 16), dem('o', 50)],
      covers: [['F', 'p'], ['P', 'p'], ['R', 'r'], ['O', 'o']],
    },
    optimum: 24,
    optimalSets: [['F', 'R']],
  },
];

describe('hand-checked small instances, every method', () => {
  for (const c of CASES) {
    for (const method of METHODS) {
      it(`${c.name} (${method})`, async () => {
        expect(bruteForce(c.p)).toBe(c.optimum); // the hand figure agrees with enumeration
        const s = await solve(c.p, { method, timeLimitS: 5 });
        expect(s.coveredWeight).toBe(c.optimum);
        expect(s.totalCost).toBeLessThanOrEqual(c.p.budget);
        expect(c.optimalSets.map((x) => x.join())).toContain([...s.selected].sort().join());
        if (method !== 'greedy') expect(s.optimal).toBe(true);
        for (const id of s.selected) {
          const k = c.p.candidates.find((x) => x.id === id)!;
          expect(k.forced).not.toBe('out');
        }
        for (const k of c.p.candidates) if (k.forced === 'in') expect(s.selected).toContain(k.id);
        // Nothing bought that adds nothing (forced-in aside).
        for (const r of s.ranking) if (!c.p.candidates.find((x) => x.id === r.id)!.forced) expect(r.marginalWeight).toBeGreaterThan(0);
        // The same answer twice (ties broken the same way).
        const again = await solve(c.p, { method, timeLimitS: 5 });
        expect(again.selected).toEqual(s.selected);
      });
    }
  }
});
