import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runRank } from '../cli/rank.js';
import { ROOT_DIR } from '../config.js';
import { coveredWeight, indexProblem, type Problem } from './problem.js';

/** The spopt San Francisco instance as a budgeted problem: sites cost 1, budget 4, radius 5,000 m. */
function sanFrancisco(): Problem {
  const dir = path.join(ROOT_DIR, 'data', 'benchmarks', 'spopt-sf');
  const lines = fs.readFileSync(path.join(dir, 'SF_network_distance_candidateStore_16_censusTract_205_new.csv'), 'utf8').trim().split('\n').slice(1);
  const sites = new Set<string>();
  const demand = new Map<string, number>();
  const covers: [string, string][] = [];
  for (const line of lines) {
    const [dist, site, tract, pop] = line.split(',');
    sites.add(site!);
    demand.set(tract!, Number(pop));
    if (Number(dist) <= 5000) covers.push([site!, tract!]);
  }
  return {
    budget: 4,
    candidates: [...sites].map((id) => ({ id, cost: 1 })),
    demands: [...demand].map(([id, weight]) => ({ id, weight })),
    covers,
  };
}

/** Best 4 of 16 by enumeration (1,820 sets). */
function bestOfFour(p: Problem): number {
  const ix = indexProblem(p);
  let best = 0;
  const n = ix.cand.length;
  for (let a = 0; a < n; a++) for (let b = a + 1; b < n; b++) for (let c = b + 1; c < n; c++) for (let d = c + 1; d < n; d++) best = Math.max(best, coveredWeight(ix, [a, b, c, d]));
  return best;
}

async function run(args: Record<string, string | boolean>, file: string) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runRank({ input: 'problem.json', json: true, ...args }, { readFile: () => file, out: (t) => out.push(t), err: (t) => err.push(t) });
  return { code, out: out.length ? JSON.parse(out.join('')) : undefined, err: err.join('\n') };
}

describe('rank on the published San Francisco instance', () => {
  const p = sanFrancisco();
  const optimum = bestOfFour(p);

  it('has 16 sites and 205 tracts', () => {
    expect(p.candidates).toHaveLength(16);
    expect(p.demands).toHaveLength(205);
  });

  it('exact finds the optimum of all 1,820 choices of 4 sites, proven optimal', async () => {
    const r = await run({ method: 'exact' }, JSON.stringify(p));
    expect(r.code).toBe(0);
    expect(r.out).toMatchObject({ method: 'exact', optimal: true, gap: 0, coveredWeight: optimum });
    expect(r.out.selected).toHaveLength(4);
    expect(r.out.ranking.map((x: { id: string }) => x.id)).toEqual(r.out.selected);
    expect(r.out.ranking[3].cumulativeWeight).toBe(optimum);
  });

  it('greedy stays within budget and reports a gap its bound can prove; auto gives the optimum', async () => {
    const g = await run({ method: 'greedy' }, JSON.stringify(p));
    expect(g.out.totalCost).toBeLessThanOrEqual(4);
    expect(g.out.coveredWeight).toBeLessThanOrEqual(optimum);
    expect(g.out.coveredWeight).toBeGreaterThan(0.9 * optimum);
    expect(g.out.bound).toBeGreaterThanOrEqual(optimum);
    const a = await run({ method: 'auto', 'time-limit': '10' }, JSON.stringify(p));
    expect(a.out).toMatchObject({ optimal: true, coveredWeight: optimum });
  });

  it('invalid problems exit 2 naming the item; bad arguments throw', async () => {
    const bad = await run({}, JSON.stringify({ ...p, covers: [['Store_1', 'nowhere']] }));
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('covers[0]: unknown demand "nowhere"');
    expect((await run({}, '{not json')).code).toBe(2);
    await expect(run({ method: 'best' }, JSON.stringify(p))).rejects.toThrow(/--method must be one of auto, greedy, exact/);
  });
});
