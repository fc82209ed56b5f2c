/**
 * Greedy for budgeted maximal covering: repeatedly add the affordable candidate with the largest
 * marginal weight per baht, with lazy evaluation (a max-heap of stale gains: marginal gains only
 * fall as more is covered, so a popped gain that is still current is the true best). Then compare
 * with the best single affordable candidate and keep the better: Khuller, Moss & Naor (1999) show
 * that max(greedy, best single) reaches at least (1 − 1/√e) ≈ 0.39 of the optimum, and the
 * greedy's own run gives an upper bound we report as the gap.
 *
 * Forced-in candidates are taken first (their cost counts); forced-out ones never.
 * Zero-cost candidates with any gain are taken before anything else.
 */
import FlatQueue from 'flatqueue';
import { coveredWeight, indexProblem, rankSelection, type Indexed, type Problem, type Solution } from './problem.js';

interface Run {
  chosen: number[];
  cost: number;
  weight: number;
}

function greedyRun(ix: Indexed): Run {
  const covered = new Uint8Array(ix.weight.length);
  const chosen: number[] = [];
  let cost = 0;
  let weight = 0;
  const take = (c: number) => {
    chosen.push(c);
    cost += ix.cand[c]!.cost;
    for (const d of ix.coversOf[c]!) if (!covered[d]) {
      covered[d] = 1;
      weight += ix.weight[d]!;
    }
  };
  const gain = (c: number) => {
    let g = 0;
    for (const d of ix.coversOf[c]!) if (!covered[d]) g += ix.weight[d]!;
    return g;
  };
  const forcedIn = ix.cand.map((c, i) => (c.forced === 'in' ? i : -1)).filter((i) => i >= 0);
  for (const c of forcedIn) take(c);
  if (cost > ix.budget) {
    throw new Error(`the forced-in candidates cost ${cost}, more than the budget ${ix.budget}: ${forcedIn.map((c) => ix.cand[c]!.id).join(', ')}`);
  }
  // Priority: gain per baht; zero-cost candidates rank above all (infinite ratio).
  const ratio = (c: number, g: number) => (ix.cand[c]!.cost > 0 ? g / ix.cand[c]!.cost : g > 0 ? Infinity : 0);
  const heap = new FlatQueue<number>();
  const stale = new Float64Array(ix.cand.length);
  ix.cand.forEach((c, i) => {
    if (c.forced) return;
    const r = ratio(i, gain(i));
    stale[i] = r;
    if (r > 0) heap.push(i, -r);
  });
  while (heap.length) {
    const c = heap.pop()!;
    if (cost + ix.cand[c]!.cost > ix.budget) continue; // never affordable again: costs only add up
    const r = ratio(c, gain(c));
    if (r <= 0) continue;
    if (r < stale[c]! && heap.length && r < -heap.peekValue()!) {
      stale[c] = r; // stale: re-queue with its current ratio
      heap.push(c, -r);
      continue;
    }
    take(c);
  }
  return { chosen, cost, weight };
}

/** The single candidate (with the forced-in ones) covering the most weight within budget. */
function bestSingle(ix: Indexed): Run {
  const forcedIn = ix.cand.map((c, i) => (c.forced === 'in' ? i : -1)).filter((i) => i >= 0);
  const baseCost = forcedIn.reduce((s, c) => s + ix.cand[c]!.cost, 0);
  const base = coveredWeight(ix, forcedIn);
  const covered = new Uint8Array(ix.weight.length);
  for (const c of forcedIn) for (const d of ix.coversOf[c]!) covered[d] = 1;
  let best: Run = { chosen: forcedIn, cost: baseCost, weight: base };
  ix.cand.forEach((c, i) => {
    if (c.forced || baseCost + c.cost > ix.budget) return;
    // coversOf lists are deduplicated: the gain over the forced set is a plain sum.
    let w = base;
    for (const d of ix.coversOf[i]!) if (!covered[d]) w += ix.weight[d]!;
    if (w > best.weight || (w === best.weight && baseCost + c.cost < best.cost)) best = { chosen: [...forcedIn, i], cost: baseCost + c.cost, weight: w };
  });
  return best;
}

/**
 * An upper bound on the optimum: the fractional knapsack over the demand each candidate covers
 * alone after the forced-in ones (covering can only overlap, so true gains are at most these).
 */
function upperBound(ix: Indexed): number {
  const forcedIn = ix.cand.map((c, i) => (c.forced === 'in' ? i : -1)).filter((i) => i >= 0);
  const covered = new Uint8Array(ix.weight.length);
  let base = 0;
  let budget = ix.budget;
  for (const c of forcedIn) {
    budget -= ix.cand[c]!.cost;
    for (const d of ix.coversOf[c]!) if (!covered[d]) {
      covered[d] = 1;
      base += ix.weight[d]!;
    }
  }
  let free = 0;
  const items: { g: number; cost: number }[] = [];
  ix.cand.forEach((c, i) => {
    if (c.forced || c.cost > budget) return;
    let g = 0;
    for (const d of ix.coversOf[i]!) if (!covered[d]) g += ix.weight[d]!;
    if (g <= 0) return;
    if (c.cost === 0) free += g;
    else items.push({ g, cost: c.cost });
  });
  items.sort((a, b) => b.g / b.cost - a.g / a.cost);
  let bound = base + free;
  for (const it of items) {
    if (budget <= 0) break;
    const take = Math.min(1, budget / it.cost);
    bound += take * it.g;
    budget -= take * it.cost;
  }
  // Never more than all the coverable weight.
  const all = new Uint8Array(ix.weight.length);
  let coverable = 0;
  ix.cand.forEach((c, i) => {
    if (c.forced === 'out') return;
    for (const d of ix.coversOf[i]!) if (!all[d]) {
      all[d] = 1;
      coverable += ix.weight[d]!;
    }
  });
  return Math.min(bound, coverable);
}

export function solveGreedy(p: Problem): Solution & { bound: number } {
  const ix = indexProblem(p);
  const g = greedyRun(ix);
  const s = bestSingle(ix);
  const pick = s.weight > g.weight ? s : g;
  const bound = Math.max(upperBound(ix), pick.weight);
  const gap = bound > 0 ? (bound - pick.weight) / bound : 0;
  const ranking = rankSelection(ix, pick.chosen);
  return {
    method: 'greedy',
    optimal: gap <= 1e-12,
    gap: gap <= 1e-12 ? 0 : gap,
    bound,
    selected: ranking.map((r) => r.id),
    coveredWeight: pick.weight,
    totalCost: pick.cost,
    ranking,
  };
}
