/**
 * `npm run cli -- rank --input problem.json [--method auto|greedy|exact] [--time-limit S] [--json]`:
 * ranks any published budgeted maximal covering instance, no database.
 * problem.json = {"budget":B,"candidates":[{"id","cost","forced"?}],"demands":[{"id","weight"}],"covers":[[c,d],…]}.
 * Exit 0 solved, 2 invalid problem, 1 other failure (unreadable file, bad arguments).
 */
import fs from 'node:fs';
import type { Problem } from '../planning/problem.js';
import { METHODS, solve, type Method } from '../planning/solve.js';

export interface RankIo {
  readFile(path: string): string;
  out(text: string): void;
  err(text: string): void;
}
const nodeIo: RankIo = {
  readFile: (p) => fs.readFileSync(p, 'utf8'),
  out: (t) => process.stdout.write(t + '\n'),
  err: (t) => process.stderr.write(t + '\n'),
};

function shape(data: unknown): Problem {
  const o = data as Record<string, unknown>;
  if (!o || typeof o !== 'object' || Array.isArray(o)) throw new Error('the problem must be a JSON object with budget, candidates, demands and covers');
  for (const k of ['candidates', 'demands', 'covers']) if (!Array.isArray(o[k])) throw new Error(`${k}: must be an array`);
  if (typeof o.budget !== 'number') throw new Error('budget: must be a number');
  const ids = (arr: unknown[], what: string) =>
    arr.forEach((x, i) => {
      const id = (x as { id?: unknown })?.id;
      if (typeof id !== 'string' && typeof id !== 'number') throw new Error(`${what}[${i}]: id must be a string or number`);
    });
  ids(o.candidates as unknown[], 'candidates');
  ids(o.demands as unknown[], 'demands');
  (o.covers as unknown[]).forEach((c, i) => {
    if (!Array.isArray(c) || c.length !== 2) throw new Error(`covers[${i}]: must be a [candidateId, demandId] pair`);
  });
  return {
    budget: o.budget,
    candidates: (o.candidates as Record<string, unknown>[]).map((c) => ({ id: String(c.id), cost: c.cost as number, ...(c.forced !== undefined ? { forced: c.forced as 'in' | 'out' } : {}) })),
    demands: (o.demands as Record<string, unknown>[]).map((d) => ({ id: String(d.id), weight: d.weight as number })),
    covers: (o.covers as unknown[][]).map(([c, d]) => [String(c), String(d)] as [string, string]),
  };
}

export async function runRank(values: Record<string, string | boolean | undefined>, io: RankIo = nodeIo): Promise<number> {
  const input = typeof values.input === 'string' ? values.input : undefined;
  if (!input) throw new Error('rank needs --input <problem.json>');
  const method = (typeof values.method === 'string' ? values.method : 'auto') as Method;
  if (!METHODS.includes(method)) throw new Error(`--method must be one of ${METHODS.join(', ')}, got "${method}"`);
  const tl = typeof values['time-limit'] === 'string' ? Number(values['time-limit']) : undefined;
  if (tl !== undefined && !(tl > 0)) throw new Error(`--time-limit must be a number of seconds > 0, got "${values['time-limit']}"`);
  const text = (() => {
    try {
      return io.readFile(input);
    } catch (e) {
      throw new Error(`cannot read ${input}: ${(e as Error).message}`);
    }
  })();
  let problem: Problem;
  let result;
  try {
    problem = shape(JSON.parse(text));
    result = await solve(problem, { method, timeLimitS: tl });
  } catch (e) {
    io.err(`${input}: ${(e as Error).message}`);
    if (values.json) io.out(JSON.stringify({ errors: [(e as Error).message] }));
    return 2;
  }
  const out = {
    method: result.method,
    optimal: result.optimal,
    gap: result.gap,
    selected: result.selected,
    coveredWeight: result.coveredWeight,
    totalCost: result.totalCost,
    ranking: result.ranking,
    bound: result.bound,
    ...(result.exactStatus ? { exactStatus: result.exactStatus } : {}),
  };
  if (values.json) io.out(JSON.stringify(out));
  else {
    io.out(`${out.method}${out.optimal ? ' (optimal)' : ` (gap ${(out.gap * 100).toFixed(2)} %)`}: ${out.selected.length} chosen, cost ${out.totalCost}, weight ${out.coveredWeight} (bound ${out.bound})`);
    for (const [i, r] of out.ranking.entries()) io.out(`${i + 1}. ${r.id}  cost ${r.cost}  +${r.marginalWeight}  cumulative ${r.cumulativeCost} / ${r.cumulativeWeight}`);
  }
  return 0;
}
