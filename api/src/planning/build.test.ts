import { describe, expect, it } from 'vitest';
import { LocalFrame, type LonLat } from '../analysis/index.js';
import { buildPlanningProblem, type PlanningInput } from './build.js';
import { budgetCurve, rankPlan } from './plan.js';

// A hand-made street near Ang Thong: positions in metres east/north of an origin.
const f = new LocalFrame(100.455, 14.59);
const at = (x: number, y: number): [number, number] => f.toLonLat(x, y);
const pt = (x: number, y: number) => {
  const [lon, lat] = at(x, y);
  return { lon, lat };
};
/** A dome camera (full circle) of radius r. */
const dome = (id: number, x: number, y: number, r: number, status: string, repair: number | null = null) => ({
  id, ...pt(x, y), kind: 'dome' as const, fovDeg: 360, rangeM: r, status, repairCostBaht: repair, name: `camera ${id}`,
});

/**
 * - working camera 1 (r 50 m) at the origin: sees risk point 1 and the first 50 m of route 1
 *   (200 m east along y = 0, weight 2), and hotspot 1 at its own place;
 * - risk point 2 (weight 3) at (300, 100): seen by site 10 (r 40 m at (300, 80), 200,000 baht);
 * - broken camera 2 (not working, repair 50,000 baht, r 60 m) at (150, 0): sees route metres
 *   90–200 and its own hotspot (3 requests);
 * - site 11 (approved, 300,000 baht) at (600, 0) sees nothing open; site 12 has no cost; site 13 is
 *   installed; camera 3 is beyond repair.
 */
function scene(budget: number, forced?: PlanningInput['forced']): PlanningInput {
  return {
    budget,
    cameras: [dome(1, 0, 0, 50, 'working'), dome(2, 150, 0, 60, 'not_working', 50_000), dome(3, 300, 100, 80, 'beyond_repair', 10_000)],
    riskPoints: [{ id: 1, ...pt(10, 10), weight: 5 }, { id: 2, ...pt(300, 100), weight: 3 }],
    riskRoutes: [{ id: 1, coordinates: [at(0, 0), at(200, 0)] as LonLat[], weight: 2 }],
    hotspots: [{ id: 1, ...pt(0, 0), requests: 4 }, { id: 2, ...pt(150, 0), requests: 3 }],
    sites: [
      { id: 10, ...pt(300, 80), kind: 'dome', fovDeg: 360, rangeM: 40, costBaht: 200_000, status: 'not_started', name: 'market' },
      { id: 11, ...pt(600, 0), kind: 'dome', fovDeg: 360, rangeM: 40, costBaht: 300_000, status: 'approved', name: 'school' },
      { id: 12, ...pt(0, 300), kind: 'fixed', directionDeg: 90, costBaht: null, status: 'budget_requested', name: 'temple' },
      { id: 13, ...pt(0, 500), kind: 'fixed', directionDeg: 90, costBaht: 1000, status: 'installed', name: 'bridge' },
    ],
    forced,
  };
}

describe('buildPlanningProblem', () => {
  const pp = buildPlanningProblem(scene(1_000_000));

  it('leaves out the demand working cameras already see and keeps it in the totals', () => {
    const ids = pp.demands.map((d) => d.id);
    expect(ids).not.toContain('point:1');
    expect(ids).not.toContain('hotspot:1');
    expect(ids).toContain('point:2');
    expect(ids).toContain('hotspot:2');
    // Route: 150 m open (50–200) in 6 pieces of 25 m, weight 2 × 0.025 km each.
    const pieces = pp.demands.filter((d) => d.kind === 'route');
    expect(pieces).toHaveLength(6);
    for (const p of pieces) {
      expect(p.lengthM).toBeCloseTo(25, 3);
      expect(p.weight).toBeCloseTo(0.05, 6);
    }
    expect(pp.totals.routeMetres).toBeCloseTo(200, 3);
    expect(pp.totals.routeMetresOpen).toBeCloseTo(150, 3);
    expect(pp.totals.byKind.point).toEqual({ total: 8, alreadyCovered: 5, items: 1 });
    expect(pp.totals.byKind.hotspot).toEqual({ total: 7, alreadyCovered: 4, items: 1 });
    expect(pp.totals.byKind.route.total).toBeCloseTo(0.4, 6);
    expect(pp.totals.byKind.route.alreadyCovered).toBeCloseTo(0.1, 6);
    expect(pp.totals.total).toBeCloseTo(15.4, 6);
    expect(pp.totals.open).toBeCloseTo(3 + 3 + 0.3, 6);
  });

  it('makes candidates of proposed sites with a cost and of repairable cameras, naming the skipped', () => {
    expect(pp.candidates.map((c) => c.id)).toEqual(['site:10', 'site:11', 'repair:2']);
    expect(pp.skipped).toEqual([{ id: 'site:12', kind: 'site', ref: 12, name: 'temple', reason: 'cost_baht is missing' }]);
    expect(pp.problem.candidates).toEqual([
      { id: 'site:10', cost: 200_000 },
      { id: 'site:11', cost: 300_000, forced: 'in' },
      { id: 'repair:2', cost: 50_000 },
    ]);
  });

  it('covers what each view sees: points and hotspots inside, route pieces at least half inside', () => {
    const of = (c: string) => pp.problem.covers.filter(([x]) => x === c).map(([, d]) => d).sort();
    expect(of('site:10')).toEqual(['point:2']);
    expect(of('site:11')).toEqual([]);
    // Camera 2 sees x from 90 to 200: pieces 50–75 (no), 75–100 (40 % — no), 100–125 … 175–200 (yes).
    expect(of('repair:2')).toEqual(['hotspot:2', 'route:1:2', 'route:1:3', 'route:1:4', 'route:1:5']);
  });

  it('applies forced overrides and names unknown or unrankable ones', () => {
    const p2 = buildPlanningProblem(scene(1_000_000, { 'site:11': 'free', 'repair:2': 'out' }));
    expect(p2.problem.candidates).toEqual([{ id: 'site:10', cost: 200_000 }, { id: 'site:11', cost: 300_000 }, { id: 'repair:2', cost: 50_000, forced: 'out' }]);
    expect(() => buildPlanningProblem(scene(1, { 'site:99': 'in' }))).toThrow('forced.site:99: no such candidate in the area');
    expect(() => buildPlanningProblem(scene(1, { 'site:12': 'in' }))).toThrow('forced.site:12: cannot be ranked (cost_baht is missing)');
    expect(() => buildPlanningProblem(scene(1, { 'repair:3': 'in' }))).toThrow('forced.repair:3: no such candidate');
    expect(() => buildPlanningProblem({ ...scene(1), options: { pieceM: 0 } })).toThrow('pieceM');
  });
});

describe('rankPlan', () => {
  it('ranks forced-in first, then by marginal weight, and says what each newly covers', async () => {
    const pp = buildPlanningProblem(scene(600_000));
    const r = await rankPlan(pp, { method: 'exact', curveStep: 100_000 });
    expect(r.optimal).toBe(true);
    expect(r.ranking.map((x) => x.id)).toEqual(['site:11', 'repair:2', 'site:10']);
    const [school, repair, market] = r.ranking;
    expect(school).toMatchObject({ rank: 1, forced: 'in', marginalWeight: 0, cumulativeCost: 300_000, newlyCovered: { items: 0 } });
    expect(repair!.marginalWeight).toBeCloseTo(3.2, 6); // hotspot 3 + 100 m × 2 / km
    expect(repair!.weightPerBaht).toBeCloseTo(3.2 / 50_000, 12);
    expect(repair!.newlyCovered.hotspots).toEqual([{ id: 2, requests: 3 }]);
    expect(repair!.newlyCovered.routes).toHaveLength(1);
    expect(repair!.newlyCovered.routes[0]!.metres).toBeCloseTo(100, 3);
    // The four pieces join into one line from x = 100 to x = 200.
    const line = repair!.newlyCovered.routes[0]!.lines;
    expect(line).toHaveLength(1);
    expect(line[0]).toHaveLength(5);
    expect(f.x(line[0]![0]![0])).toBeCloseTo(100, 3);
    expect(f.x(line[0]![4]![0])).toBeCloseTo(200, 3);
    expect(market).toMatchObject({ rank: 3, cumulativeCost: 550_000, newlyCovered: { points: [2], items: 1 } });
    expect(market!.cumulativeWeight).toBeCloseTo(6.2, 6);
    expect(market!.shareOfDemand).toBeCloseTo(6.2 / 15.4, 9);
    expect(market!.coverageAfter).toBeCloseTo((9.1 + 6.2) / 15.4, 9);
    expect(r.coverageBefore).toBeCloseTo(9.1 / 15.4, 9);
    expect(r.leftOut).toEqual([]);
    expect(r.counts).toEqual({ candidates: 3, sites: 2, repairs: 1, demandItems: 8, covers: 6 });
  });

  it('leaves out what does not fit, saying what it would add', async () => {
    const r = await rankPlan(buildPlanningProblem(scene(400_000)), { method: 'greedy' });
    expect(r.ranking.map((x) => x.id)).toEqual(['site:11', 'repair:2']);
    expect(r.leftOut).toEqual([{ id: 'site:10', kind: 'site', ref: 10, name: 'market', cost: 200_000, forced: null, wouldAdd: 3, affordable: false }]);
  });

  it('refuses forced-in sites that alone exceed the budget, naming them', async () => {
    await expect(rankPlan(buildPlanningProblem(scene(100_000)), { method: 'greedy' })).rejects.toThrow(/site:11/);
  });

  it('draws the coverage-vs-budget curve from the forced cost up, never falling', async () => {
    const pp = buildPlanningProblem(scene(600_000));
    const curve = budgetCurve(pp.problem, pp.totals.total, { curveStep: 100_000 });
    expect(curve.map((c) => c.budget)).toEqual([300_000, 400_000, 500_000, 600_000]);
    expect(curve.map((c) => Math.round(c.coveredWeight * 10) / 10)).toEqual([0, 3.2, 3.2, 6.2]);
    expect(curve.map((c) => Math.round(c.addedWeight * 10) / 10)).toEqual([0, 3.2, 0, 3]);
    for (const c of curve) expect(c.bound).toBeGreaterThanOrEqual(c.coveredWeight - 1e-9);
    // Without forced sites the curve starts at 0 and the step widens to keep at most curvePoints.
    const free = buildPlanningProblem(scene(600_000, { 'site:11': 'free' }));
    const c2 = budgetCurve(free.problem, free.totals.total, { curveStep: 10_000, curvePoints: 5 });
    expect(c2.length).toBeLessThanOrEqual(6);
    expect(c2[0]!.budget).toBe(0);
    expect(c2[c2.length - 1]!.budget).toBe(600_000); // the budget is above what everything costs (550,000)
  });
});
