/**
 * A ranked plan the committee can read: the solver's selection in rank order with, for each
 * candidate, what it costs, what it newly covers (which risk points, hotspots and route stretches)
 * and the running totals as shares of the area's whole demand; the coverage-vs-budget curve; and
 * the candidates left out with what each would still add. Pure TypeScript.
 */
import type { LonLat } from '../analysis/index.js';
import type { CandidateInfo, DemandInfo, DemandKind, DemandTotals, PlanningProblem, Skipped } from './build.js';
import { solveGreedy } from './greedy.js';
import type { Problem } from './problem.js';
import { solve, type Method, type SolveResult } from './solve.js';

export interface NewlyCovered {
  points: (string | number)[];
  hotspots: { id: string | number; requests: number }[];
  /** Per route: metres and weight newly covered, and the stretches as lines. */
  routes: { id: string | number; metres: number; weight: number; lines: LonLat[][] }[];
  /** Number of demand items. */
  items: number;
}

export interface RankedCandidate {
  rank: number;
  id: string;
  kind: CandidateInfo['kind'];
  ref: string | number;
  name: string | null;
  status: string | null;
  lon: number;
  lat: number;
  view: CandidateInfo['view'];
  forced: 'in' | null;
  cost: number;
  marginalWeight: number;
  /** marginalWeight / cost (null for a free candidate). */
  weightPerBaht: number | null;
  cumulativeCost: number;
  cumulativeWeight: number;
  /** cumulativeWeight / the area's whole demand weight (covered already or not). */
  shareOfDemand: number;
  /** (already covered + cumulativeWeight) / whole demand: coverage once this candidate is done. */
  coverageAfter: number;
  newlyCovered: NewlyCovered;
}

export interface CurvePoint {
  budget: number;
  /** Weight a plan with this budget covers (greedy; never less than at a smaller budget). */
  coveredWeight: number;
  /** What this step of the budget adds over the previous point. */
  addedWeight: number;
  shareOfDemand: number;
  /** No plan with this budget can cover more. */
  bound: number;
  cost: number;
}

export interface LeftOut {
  id: string;
  kind: CandidateInfo['kind'];
  ref: string | number;
  name: string | null;
  cost: number;
  forced: 'out' | null;
  /** Weight it would add on top of the selection. */
  wouldAdd: number;
  /** Over budget if added. */
  affordable: boolean;
}

export interface PlanResult {
  budget: number;
  method: SolveResult['method'];
  requestedMethod: Method;
  optimal: boolean;
  gap: number;
  bound: number;
  exactStatus: string | null;
  coveredWeight: number;
  totalCost: number;
  /** The area's demand, covered already or not, by kind. */
  totals: DemandTotals;
  /** coveredWeight / totals.total, and coverage of the whole demand before and after the plan. */
  shareOfDemand: number;
  coverageBefore: number;
  coverageAfter: number;
  counts: { candidates: number; sites: number; repairs: number; demandItems: number; covers: number };
  ranking: RankedCandidate[];
  curve: CurvePoint[];
  leftOut: LeftOut[];
  skipped: Skipped[];
  /** Milliseconds spent solving (not building). */
  solveMs: number;
}

export interface PlanOptions {
  method?: Method;
  timeLimitS?: number;
  /** Budget step of the curve, baht (default 1,000,000; widened to keep at most maxPoints). */
  curveStep?: number;
  /** Highest budget of the curve (default: what every candidate costs together, at least the budget). */
  curveMax?: number;
  curvePoints?: number;
}

const share = (a: number, b: number) => (b > 0 ? a / b : 0);

/** Solves the problem and explains the answer. */
export async function rankPlan(pp: PlanningProblem, opts: PlanOptions = {}): Promise<PlanResult> {
  const method = opts.method ?? 'auto';
  const t0 = performance.now();
  const sol = await solve(pp.problem, { method, timeLimitS: opts.timeLimitS });
  const solveMs = performance.now() - t0;
  const total = pp.totals.total;
  const candById = new Map(pp.candidates.map((c) => [c.id, c]));
  const demandById = new Map(pp.demands.map((d, i) => [d.id, i]));
  const coversOf = new Map<string, number[]>();
  for (const [c, d] of pp.problem.covers) {
    let l = coversOf.get(c);
    if (!l) coversOf.set(c, (l = []));
    l.push(demandById.get(d)!);
  }
  const covered = new Uint8Array(pp.demands.length);
  const ranking: RankedCandidate[] = sol.ranking.map((r, i) => {
    const c = candById.get(r.id)!;
    const newly: DemandInfo[] = [];
    for (const d of coversOf.get(r.id) ?? []) if (!covered[d]) {
      covered[d] = 1;
      newly.push(pp.demands[d]!);
    }
    return {
      rank: i + 1,
      id: c.id,
      kind: c.kind,
      ref: c.ref,
      name: c.name,
      status: c.status,
      lon: c.lon,
      lat: c.lat,
      view: c.view,
      forced: c.forced === 'in' ? 'in' : null,
      cost: r.cost,
      marginalWeight: r.marginalWeight,
      weightPerBaht: r.cost > 0 ? r.marginalWeight / r.cost : null,
      cumulativeCost: r.cumulativeCost,
      cumulativeWeight: r.cumulativeWeight,
      shareOfDemand: share(r.cumulativeWeight, total),
      coverageAfter: share(pp.totals.alreadyCovered + r.cumulativeWeight, total),
      newlyCovered: describe(newly),
    };
  });

  const selected = new Set(sol.selected);
  const leftOut: LeftOut[] = pp.candidates
    .filter((c) => !selected.has(c.id))
    .map((c) => {
      let add = 0;
      for (const d of coversOf.get(c.id) ?? []) if (!covered[d]) add += pp.demands[d]!.weight;
      return { id: c.id, kind: c.kind, ref: c.ref, name: c.name, cost: c.cost, forced: c.forced === 'out' ? ('out' as const) : null, wouldAdd: add, affordable: sol.totalCost + c.cost <= pp.problem.budget };
    })
    .sort((a, b) => ratio(b) - ratio(a) || b.wouldAdd - a.wouldAdd || a.id.localeCompare(b.id));

  return {
    budget: pp.problem.budget,
    method: sol.method,
    requestedMethod: method,
    optimal: sol.optimal,
    gap: sol.gap,
    bound: sol.bound,
    exactStatus: sol.exactStatus ?? null,
    coveredWeight: sol.coveredWeight,
    totalCost: sol.totalCost,
    totals: pp.totals,
    shareOfDemand: share(sol.coveredWeight, total),
    coverageBefore: share(pp.totals.alreadyCovered, total),
    coverageAfter: share(pp.totals.alreadyCovered + sol.coveredWeight, total),
    counts: {
      candidates: pp.candidates.length,
      sites: pp.candidates.filter((c) => c.kind === 'site').length,
      repairs: pp.candidates.filter((c) => c.kind === 'repair').length,
      demandItems: pp.demands.length,
      covers: pp.problem.covers.length,
    },
    ranking,
    curve: budgetCurve(pp.problem, total, opts),
    leftOut,
    skipped: pp.skipped,
    solveMs,
  };
}

const ratio = (l: LeftOut) => (l.cost > 0 ? l.wouldAdd / l.cost : l.wouldAdd > 0 ? Infinity : 0);

/** The newly covered items of one candidate, grouped for reading; route pieces merged into lines. */
export function describe(items: readonly DemandInfo[]): NewlyCovered {
  const out: NewlyCovered = { points: [], hotspots: [], routes: [], items: items.length };
  const routes = new Map<string | number, NewlyCovered['routes'][number] & { last: number }>();
  // Pieces in their order along the route (ids route:<id>:<k>), so consecutive ones join.
  const pieceNo = (d: DemandInfo) => Number(d.id.slice(d.id.lastIndexOf(':') + 1));
  const sorted = [...items].sort((a, b) => (a.kind === 'route' && b.kind === 'route' ? pieceNo(a) - pieceNo(b) : 0));
  for (const d of sorted) {
    const kind: DemandKind = d.kind;
    if (kind === 'point') out.points.push(d.ref);
    else if (kind === 'hotspot') out.hotspots.push({ id: d.ref, requests: d.requests ?? 0 });
    else {
      const [a, b] = d.coordinates as [LonLat, LonLat];
      let r = routes.get(d.ref);
      if (!r) routes.set(d.ref, (r = { id: d.ref, metres: 0, weight: 0, lines: [], last: -2 }));
      r.metres += d.lengthM ?? 0;
      r.weight += d.weight;
      const line = r.lines[r.lines.length - 1];
      const end = line?.[line.length - 1];
      if (line && pieceNo(d) === r.last + 1 && end && end[0] === a[0] && end[1] === a[1]) line.push(b);
      else r.lines.push([a, b]);
      r.last = pieceNo(d);
    }
  }
  out.routes = [...routes.values()].map(({ last: _last, ...r }) => r);
  return out;
}

/**
 * Coverage against budget: the greedy plan at budgets 0, step, 2·step, … up to the highest budget
 * (never less than at a smaller budget: a smaller plan stays affordable), with the greedy's upper
 * bound (made non-decreasing the other way: a bound at a budget holds for every smaller one).
 */
export function budgetCurve(p: Problem, totalDemand: number, opts: PlanOptions = {}): CurvePoint[] {
  const forcedCost = p.candidates.reduce((s, c) => s + (c.forced === 'in' ? c.cost : 0), 0);
  const allCost = p.candidates.reduce((s, c) => s + (c.forced === 'out' ? 0 : c.cost), 0);
  const max = Math.max(opts.curveMax ?? Math.max(allCost, p.budget), forcedCost);
  const points = Math.max(2, opts.curvePoints ?? 25);
  let step = opts.curveStep ?? 1_000_000;
  if (!(step > 0)) throw new Error(`curveStep: must be a number > 0, got ${step}`);
  if (max / step > points - 1) step = Math.ceil(max / (points - 1) / step) * step;
  const budgets: number[] = [];
  for (let b = 0; b < max + step; b += step) if (b >= forcedCost) budgets.push(Math.min(b, Math.max(max, forcedCost)));
  if (budgets[0] !== forcedCost && forcedCost > 0) budgets.unshift(forcedCost);
  const out: CurvePoint[] = [];
  for (const b of [...new Set(budgets)].sort((x, y) => x - y)) {
    const g = solveGreedy({ ...p, budget: b });
    const prev = out[out.length - 1];
    const better = !prev || g.coveredWeight >= prev.coveredWeight;
    const w = better ? g.coveredWeight : prev!.coveredWeight;
    out.push({ budget: b, coveredWeight: w, addedWeight: prev ? w - prev.coveredWeight : w, shareOfDemand: share(w, totalDemand), bound: g.bound, cost: better ? g.totalCost : prev!.cost });
  }
  for (let i = out.length - 2; i >= 0; i--) out[i]!.bound = Math.min(out[i]!.bound, out[i + 1]!.bound);
  return out;
}

export interface ReplayItem {
  id: string;
  cost: number;
  /** Demand ids it covers. */
  covers: readonly string[];
}

export interface ReplayRow {
  id: string;
  marginalWeight: number;
  weightPerBaht: number | null;
  cumulativeCost: number;
  cumulativeWeight: number;
  shareOfDemand: number;
  coverageAfter: number;
  newlyCovered: NewlyCovered;
}

/**
 * The figures of an order the committee set (overrides change the order, so marginal weights
 * change): each item's newly covered demand after those before it, and the running totals.
 * Demand ids not in `demands` count for nothing.
 */
export function replayOrder(order: readonly ReplayItem[], demands: readonly DemandInfo[], totals: Pick<DemandTotals, 'total' | 'alreadyCovered'>): ReplayRow[] {
  const byId = new Map(demands.map((d) => [d.id, d]));
  const covered = new Set<string>();
  let cost = 0;
  let weight = 0;
  return order.map((it) => {
    const newly: DemandInfo[] = [];
    for (const id of it.covers) {
      const d = byId.get(id);
      if (d && !covered.has(id)) {
        covered.add(id);
        newly.push(d);
      }
    }
    const w = newly.reduce((s, d) => s + d.weight, 0);
    cost += it.cost;
    weight += w;
    return {
      id: it.id,
      marginalWeight: w,
      weightPerBaht: it.cost > 0 ? w / it.cost : null,
      cumulativeCost: cost,
      cumulativeWeight: weight,
      shareOfDemand: share(weight, totals.total),
      coverageAfter: share(totals.alreadyCovered + weight, totals.total),
      newlyCovered: describe(newly),
    };
  });
}
