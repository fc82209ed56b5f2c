/**
 * One entry point for ranking: greedy, exact (HiGHS) or auto. Auto runs the exact programme with the
 * time limit; when it proves optimality that answer is used, otherwise the better of the exact
 * incumbent and greedy, with the gap against the best bound either method proved.
 */
import { solveExact } from './exact.js';
import { solveGreedy } from './greedy.js';
import type { Problem, Solution } from './problem.js';

export type Method = 'auto' | 'greedy' | 'exact';
export const METHODS: readonly Method[] = ['auto', 'greedy', 'exact'];

export interface SolveResult extends Solution {
  /** Best upper bound on the weight any selection can cover. */
  bound: number;
  /** HiGHS's model status when it ran ('Optimal', 'Time limit reached', …). */
  exactStatus?: string;
}

export async function solve(p: Problem, opts: { method?: Method; timeLimitS?: number } = {}): Promise<SolveResult> {
  const method = opts.method ?? 'auto';
  if (method === 'greedy') return solveGreedy(p);
  const exact = await solveExact(p, { timeLimitS: opts.timeLimitS });
  if (method === 'exact' || exact.optimal) return { ...exact, exactStatus: exact.status };
  const greedy = solveGreedy(p);
  const bound = Math.min(exact.bound, greedy.bound);
  const pick = exact.coveredWeight >= greedy.coveredWeight ? exact : greedy;
  const gap = bound > 0 ? Math.max(0, (bound - pick.coveredWeight) / bound) : 0;
  return { ...pick, bound, gap, optimal: gap <= 1e-9, exactStatus: exact.status };
}
