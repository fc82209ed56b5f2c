/** Shared by the planning tests: a seeded uniform generator and the optimum by enumeration. */
import { Rng } from '../demo/random.js';
import { coveredWeight, indexProblem, type Problem } from './problem.js';

/** Uniform numbers in [0, 1), a pure function of the seed (the demo's Rng). */
export function rng(seed: number): () => number {
  const r = new Rng(seed);
  return () => r.next();
}

/** The optimum by enumerating every subset with all forced-in, no forced-out, within budget; -1 if none. */
export function bruteForce(p: Problem): number {
  return bruteForceCheapest(p).weight;
}

/** The optimum and the least cost of a selection that reaches it (enumeration); weight -1 if none. */
export function bruteForceCheapest(p: Problem): { weight: number; cost: number } {
  const ix = indexProblem(p);
  const n = ix.cand.length;
  let best = -1;
  let bestCost = Infinity;
  for (let mask = 0; mask < 1 << n; mask++) {
    const chosen: number[] = [];
    let cost = 0;
    let ok = true;
    for (let c = 0; c < n && ok; c++) {
      const on = (mask >> c) & 1;
      const f = ix.cand[c]!.forced;
      if ((f === 'in' && !on) || (f === 'out' && on)) ok = false;
      else if (on) {
        chosen.push(c);
        cost += ix.cand[c]!.cost;
      }
    }
    if (!ok || cost > ix.budget) continue;
    const w = coveredWeight(ix, chosen);
    if (w > best || (w === best && cost < bestCost)) {
      best = w;
      bestCost = cost;
    }
  }
  return { weight: best, cost: bestCost };
}
