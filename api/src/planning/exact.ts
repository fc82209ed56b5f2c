/**
 * Exact solver for budgeted maximal covering: a 0/1 integer programme solved with HiGHS (npm
 * `highs`, WebAssembly), with a time limit.
 *
 *   maximise Σ_d w_d y_d
 *   subject to y_d ≤ Σ_{c covers d} x_c   (each demand d)
 *              Σ_c cost_c x_c ≤ budget
 *              x_c ∈ {0, 1}, 0 ≤ y_d ≤ 1   (y continuous: at an optimum y_d = 1 exactly when covered)
 *
 * Reductions before the model is built (they do not change the optimum):
 * - forced-in candidates are taken: their cost comes off the budget and the demand they cover is
 *   counted as a constant (those y_d are dropped);
 * - forced-out candidates, and candidates costing more than the remaining budget, are fixed to 0
 *   (left out of the model);
 * - demand items with weight 0 or covered by no remaining candidate are dropped, and then candidates
 *   covering no remaining demand are left out (choosing them never adds weight).
 *
 * The model is written in CPLEX LP format with generated names (x0…, y0…), never the user's ids.
 * It is solved through a persistent HiGHS model (not the one-shot `solve()`, which does not report
 * the MIP dual bound), so the bound and the gap can be reported when the time limit stops the search.
 * The selection is read back from the x columns and its covered weight is recomputed here.
 */
import loadHighs, { type Highs } from 'highs';
import { coveredWeight, indexProblem, rankSelection, type Indexed, type Problem, type Solution } from './problem.js';

export interface ExactOptions {
  /** Wall-clock limit for HiGHS in seconds (HiGHS option `time_limit`). Default 30. */
  timeLimitS?: number;
}

export type ExactSolution = Solution & {
  /** HiGHS model status, as HiGHS words it ('Optimal', 'Time limit reached', …); 'Optimal' also when no solve was needed. */
  status: string;
  /** Best proven upper bound on the covered weight (the MIP dual bound plus the forced-in constant). */
  bound: number;
};

let highsPromise: Promise<Highs> | undefined;

/** Loads the HiGHS WebAssembly runtime once (the loader is async) and reuses it. */
function getHighs(): Promise<Highs> {
  if (!highsPromise) {
    highsPromise = loadHighs();
    highsPromise.catch(() => {
      highsPromise = undefined; // allow a retry after a failed load
    });
  }
  return highsPromise;
}

/** HiGHS model status codes (highs.constants.modelStatus) in the words of HiGHS's own status strings. */
const STATUS_TEXT: Record<number, string> = {
  0: 'Not Set',
  1: 'Load error',
  2: 'Model error',
  3: 'Presolve error',
  4: 'Solve error',
  5: 'Postsolve error',
  6: 'Empty',
  7: 'Optimal',
  8: 'Infeasible',
  9: 'Primal infeasible or unbounded',
  10: 'Unbounded',
  11: 'Bound on objective reached',
  12: 'Target for objective reached',
  13: 'Time limit reached',
  14: 'Iteration limit reached',
  15: 'Unknown',
  16: 'Solution limit reached',
  17: 'Interrupted by user',
};

const TINY = 1e-9;

/** A number in a form the LP reader accepts (no NaN/Infinity; exponents are fine). */
function num(v: number): string {
  if (!Number.isFinite(v)) throw new Error(`exact: non-finite coefficient ${v}`);
  return String(v);
}

/** Joins terms over several lines so no line gets very long (LP format lets a row continue). */
function terms(parts: string[]): string {
  const lines: string[] = [];
  for (let i = 0; i < parts.length; i += 16) lines.push(parts.slice(i, i + 16).join(' '));
  return lines.join('\n   ');
}

export async function solveExact(p: Problem, opts: ExactOptions = {}): Promise<ExactSolution> {
  const ix = indexProblem(p);
  const nC = ix.cand.length;
  const nD = ix.weight.length;

  const forcedIn: number[] = [];
  for (let c = 0; c < nC; c++) if (ix.cand[c]!.forced === 'in') forcedIn.push(c);
  const forcedCost = forcedIn.reduce((s, c) => s + ix.cand[c]!.cost, 0);
  if (forcedCost > ix.budget) {
    throw new Error(
      `the forced-in candidates cost ${forcedCost}, more than the budget ${ix.budget}: ${forcedIn.map((c) => ix.cand[c]!.id).join(', ')}`,
    );
  }
  const budgetLeft = ix.budget - forcedCost;

  // Demand already covered by the forced-in candidates is a constant.
  const coveredByForced = new Uint8Array(nD);
  for (const c of forcedIn) for (const d of ix.coversOf[c]!) coveredByForced[d] = 1;
  const constant = coveredWeight(ix, forcedIn);

  // Free candidates: not forced, affordable alone within the remaining budget.
  const free: number[] = [];
  for (let c = 0; c < nC; c++) {
    const cand = ix.cand[c]!;
    if (cand.forced) continue;
    if (cand.cost > budgetLeft) continue;
    free.push(c);
  }
  // Remaining demand: positive weight, not yet covered, covered by some free candidate.
  const coveringOf: number[][] = Array.from({ length: nD }, () => []);
  for (const c of free) for (const d of ix.coversOf[c]!) if (!coveredByForced[d] && ix.weight[d]! > 0) coveringOf[d]!.push(c);
  const demands: number[] = [];
  for (let d = 0; d < nD; d++) if (coveringOf[d]!.length) demands.push(d);
  const useful = new Set<number>();
  for (const d of demands) for (const c of coveringOf[d]!) useful.add(c);
  const modelCand = free.filter((c) => useful.has(c)); // sorted by index

  const finish = (chosenExtra: number[], status: string, optimal: boolean, boundRaw: number): ExactSolution => {
    let chosen = [...forcedIn, ...chosenExtra].sort((a, b) => a - b);
    let ranking = rankSelection(ix, chosen);
    // The programme is indifferent to a candidate that adds nothing once the others are chosen
    // (its demand is covered twice); money is not spent on it. Those rank last, after every
    // candidate that adds weight, so dropping them changes no other figure.
    const idle = new Set(ranking.filter((r) => r.marginalWeight <= 0).map((r) => r.id));
    if (idle.size) {
      chosen = chosen.filter((c) => ix.cand[c]!.forced === 'in' || !idle.has(ix.cand[c]!.id));
      ranking = rankSelection(ix, chosen);
    }
    const weight = coveredWeight(ix, chosen);
    const totalCost = chosen.reduce((s, c) => s + ix.cand[c]!.cost, 0);
    // Optimal means proven to HiGHS's absolute gap (1e-6): report the selection's own weight then.
    const bound = optimal ? weight : Math.max(boundRaw, weight);
    return {
      method: 'exact',
      optimal,
      gap: optimal ? 0 : (bound - weight) / Math.max(bound, TINY),
      selected: ranking.map((r) => r.id),
      coveredWeight: weight,
      totalCost,
      ranking,
      status,
      bound,
    };
  };

  if (modelCand.length === 0) return finish([], 'Optimal', true, constant);

  // Model: x<k> for modelCand[k], y<k> for demands[k].
  const xName = new Map<number, string>();
  modelCand.forEach((c, k) => xName.set(c, `x${k}`));
  const lp: string[] = [];
  lp.push('Maximize');
  lp.push(` obj: ${terms(demands.map((d, k) => `${k ? '+ ' : ''}${num(ix.weight[d]!)} y${k}`))}`);
  lp.push('Subject To');
  demands.forEach((d, k) => {
    lp.push(` c${k}: ${terms([`y${k}`, ...coveringOf[d]!.map((c) => `- ${xName.get(c)}`)])} <= 0`);
  });
  const budgetTerms = modelCand.filter((c) => ix.cand[c]!.cost > 0);
  // The budget row only binds when the free candidates together cost more than what is left.
  const freeTotal = budgetTerms.reduce((s, c) => s + ix.cand[c]!.cost, 0);
  if (budgetTerms.length && freeTotal > budgetLeft) {
    lp.push(` budget: ${terms(budgetTerms.map((c, i) => `${i ? '+ ' : ''}${num(ix.cand[c]!.cost)} ${xName.get(c)}`))} <= ${num(budgetLeft)}`);
  }
  lp.push('Bounds');
  demands.forEach((_, k) => lp.push(` 0 <= y${k} <= 1`));
  lp.push('Binary');
  lp.push(` ${terms(modelCand.map((c) => xName.get(c)!))}`);
  lp.push('End');

  const start = greedyStart(ix, modelCand, budgetLeft, coveredByForced);

  const highs = await getHighs();
  const timeLimit = opts.timeLimitS ?? 30;
  if (!(timeLimit > 0)) throw new Error(`timeLimitS: must be a number > 0, got ${timeLimit}`);

  const started = performance.now();
  const res = runModel(highs, lp.join('\n'), timeLimit, start, modelCand, demands, ix);
  const status = STATUS_TEXT[res.code] ?? `Status ${res.code}`;
  const optimal = res.code === 7;
  if (!optimal && !res.hasSolution && res.code !== 13 && res.code !== 14 && res.code !== 17) {
    // The model is always feasible (all x = 0), so anything else is a solver failure.
    throw new Error(`exact: HiGHS stopped with status "${status}"`);
  }
  const extraCost = res.chosen.reduce((s, c) => s + ix.cand[c]!.cost, 0);
  if (extraCost > budgetLeft + 1e-9 * Math.max(1, ix.budget)) {
    throw new Error(`exact: HiGHS returned a selection costing ${forcedCost + extraCost}, over the budget ${ix.budget}`);
  }
  // Upper bound on the total: HiGHS's dual bound for the model plus the forced-in constant; when it
  // is not available (no finite bound reported), the weight of all demand coverable at all.
  let bound = Number.isFinite(res.dualBound) ? constant + res.dualBound : Number.POSITIVE_INFINITY;
  if (!Number.isFinite(bound)) bound = constant + demands.reduce((s, d) => s + ix.weight[d]!, 0);
  // Keep HiGHS's incumbent unless the start is better (it is only when HiGHS has none, or it
  // was not accepted): the forced-in set plus the greedy start is always feasible.
  let chosen =
    res.hasSolution && coveredWeight(ix, [...forcedIn, ...res.chosen]) >= coveredWeight(ix, [...forcedIn, ...start]) ? res.chosen : start;
  // Second stage: the programme is indifferent to cost among selections of the same weight, and a
  // committee is not (quality over quantity, money left for the next phase). With the weight
  // proven optimal, find the cheapest selection that keeps it, warm-started from the first, in
  // the time that is left; keep it only when it really is cheaper at the same weight.
  const left = timeLimit - (performance.now() - started) / 1000;
  if (optimal && chosen.length > 1 && left > 0.05) {
    const weight = coveredWeight(ix, [...forcedIn, ...chosen]) - constant;
    const lp2 = [
      'Minimize',
      ` obj: ${terms(modelCand.map((c, k) => `${k ? '+ ' : ''}${num(ix.cand[c]!.cost)} x${k}`))}`,
      ...lp.slice(lp.indexOf('Subject To'), lp.indexOf('Bounds')),
      ` keep: ${terms(demands.map((d, k) => `${k ? '+ ' : ''}${num(ix.weight[d]!)} y${k}`))} >= ${num(weight * (1 - 1e-9))}`,
      ...lp.slice(lp.indexOf('Bounds')),
    ];
    const cheaper = runModel(highs, lp2.join('\n'), left, chosen, modelCand, demands, ix);
    const cost = (set: number[]) => set.reduce((t, c) => t + ix.cand[c]!.cost, 0);
    const w2 = coveredWeight(ix, [...forcedIn, ...cheaper.chosen]) - constant;
    if (cheaper.hasSolution && w2 >= weight - 1e-9 * Math.max(1, weight) && cost(cheaper.chosen) < cost(chosen)) chosen = cheaper.chosen;
  }
  return finish(chosen, status, optimal, bound);
}

interface ModelRun {
  code: number;
  hasSolution: boolean;
  dualBound: number;
  chosen: number[];
}

/** Solves an LP-format model with HiGHS from a start selection; reads the chosen candidates back. */
function runModel(highs: Highs, lp: string, timeLimit: number, start: number[], modelCand: number[], demands: number[], ix: Indexed): ModelRun {
  return highs.withModel({ format: 'lp', data: lp }, (m) => {
    m.options.set({
      output_flag: false,
      time_limit: timeLimit,
      // Default 1e-4 would let HiGHS say "Optimal" within 0.01 %; ask for a proof.
      mip_rel_gap: 0,
    });
    // A feasible start gives HiGHS an incumbent from the outset (greedy by weight per baht in the
    // first stage: a time-limited run always has a selection at least as good as greedy's).
    const colValue = new Float64Array(m.getDimensions().numCols);
    const startSet = new Set(start);
    const coveredByStart = new Set<number>();
    for (const c of start) for (const d of ix.coversOf[c]!) coveredByStart.add(d);
    modelCand.forEach((c, k) => {
      if (startSet.has(c)) colValue[m.getColByName(`x${k}`)] = 1;
    });
    demands.forEach((d, k) => {
      if (coveredByStart.has(d)) colValue[m.getColByName(`y${k}`)] = 1;
    });
    m.setSolution({ colValue });
    m.run();
    const code = m.getModelStatus() as number;
    const hasSolution = Number(m.info.get('primal_solution_status')) === 2; // 2 = feasible
    let dualBound = Number.POSITIVE_INFINITY;
    try {
      dualBound = Number(m.info.get('mip_dual_bound'));
    } catch {
      // unavailable (e.g. presolve solved everything); handled by the caller
    }
    const chosen: number[] = [];
    if (hasSolution) {
      const v = m.getSolution().colValue;
      for (let j = 0; j < v.length; j++) {
        const name = m.getColName(j);
        if (name[0] === 'x' && v[j]! > 0.5) chosen.push(modelCand[Number(name.slice(1))]!);
      }
    }
    return { code, hasSolution, dualBound, chosen };
  });
}

/**
 * Greedy by marginal weight per baht over the model's candidates (zero-cost ones first), within
 * the remaining budget: only a starting incumbent for HiGHS, not the greedy solver of greedy.ts.
 */
function greedyStart(ix: Indexed, cands: number[], budgetLeft: number, coveredByForced: Uint8Array): number[] {
  const covered = Uint8Array.from(coveredByForced);
  const left = new Set(cands);
  const chosen: number[] = [];
  let spent = 0;
  for (;;) {
    let best = -1;
    let bestRatio = 0;
    for (const c of left) {
      const cost = ix.cand[c]!.cost;
      if (spent + cost > budgetLeft) continue;
      let g = 0;
      for (const d of ix.coversOf[c]!) if (!covered[d]) g += ix.weight[d]!;
      if (g <= 0) continue;
      const r = cost > 0 ? g / cost : Infinity;
      if (best < 0 || r > bestRatio) {
        best = c;
        bestRatio = r;
      }
    }
    if (best < 0) return chosen;
    chosen.push(best);
    left.delete(best);
    spent += ix.cand[best]!.cost;
    for (const d of ix.coversOf[best]!) covered[d] = 1;
  }
}
