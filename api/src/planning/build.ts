/**
 * From the committee's data to a budgeted maximal covering problem, with the coverage engine
 * (api/src/analysis) deciding what each candidate would see. Pure TypeScript (no I/O): the API
 * loads the records, the browser can run the same code for a what-if.
 *
 * Demand items, each with a weight:
 *   - `point:<id>`   a risk point no working camera sees (its view contains the point): its weight;
 *   - `route:<id>:<k>` a piece of a risk route no working camera sees: the uncovered stretches of each
 *     segment are cut into equal pieces of at most `pieceM` metres, weight = route weight × km;
 *   - `hotspot:<id>` a place footage was requested for (the requested camera's position) that no
 *     working camera sees: requests × `requestWeight`.
 * Demand that working cameras already see is not an item (existing cameras are fixed in); it is
 * counted in `totals.alreadyCovered`, so shares of the whole demand can be reported.
 *
 * Candidates:
 *   - `site:<id>`   a planned site not installed or rejected: its view from the planned kind,
 *     direction, field of view and range (the engine's defaults fill what is missing); cost =
 *     cost_baht; sites already approved are forced in (unless the caller says otherwise);
 *   - `repair:<id>` a camera not working or under repair: its own view comes back; cost =
 *     repair_budget_baht. Cameras beyond repair are not candidates (a replacement is a new site).
 * A candidate without a cost cannot be ranked: it is listed in `skipped` with the reason.
 *
 * Coverage: a candidate covers a point or hotspot its view contains, and a route piece when its
 * view covers at least half of the piece's length (the pieces are short, so the covered metres
 * reported are within one piece length per view edge of the exact figure).
 */
import Flatbush from 'flatbush';
import { complementIntervals, lerp, routeIntervals, segmentLength, View, ViewIndex, viewsAt, weightOf, type CameraInput, type Interval, type LonLat, type RiskPointInput, type RiskRouteInput, type ViewInput } from '../analysis/index.js';
import type { Candidate, Demand, Problem } from './problem.js';

export type CandidateKind = 'site' | 'repair';
export type DemandKind = 'point' | 'route' | 'hotspot';

export interface PlannedSiteInput extends Omit<ViewInput, 'resolution'> {
  name?: string | null;
  /** Baht; null: not rankable (skipped). */
  costBaht: number | null;
  status: string;
  cameraCount?: number | null;
}

export interface PlanningCameraInput extends CameraInput {
  name?: string | null;
  /** Baht to repair it; null: not rankable (skipped). */
  repairCostBaht?: number | null;
}

export interface HotspotInput {
  /** The requested camera's id (one hotspot per place). */
  id: string | number;
  lon: number;
  lat: number;
  requests: number;
  name?: string | null;
}

export interface PlanningInput {
  budget: number;
  /** Every camera that can see the demand (working ones set the baseline) and the broken ones to repair. */
  cameras: readonly PlanningCameraInput[];
  sites?: readonly PlannedSiteInput[];
  riskPoints?: readonly (RiskPointInput & { name?: string | null })[];
  riskRoutes?: readonly (RiskRouteInput & { name?: string | null })[];
  hotspots?: readonly HotspotInput[];
  /** Forced in/out by candidate id (`site:12`, `repair:40`); overrides the approved-site default. */
  forced?: Readonly<Record<string, 'in' | 'out' | 'free'>>;
  options?: PlanningOptions;
}

export interface PlanningOptions {
  /** Longest route piece, m (default 25). */
  pieceM?: number;
  /** Weight of one footage request (default 1). */
  requestWeight?: number;
  /** Force approved sites in (default true). */
  approvedForcedIn?: boolean;
  /** Which candidate kinds take part (default both). */
  kinds?: readonly CandidateKind[];
}

export const DEFAULT_PIECE_M = 25;
export const REPAIRABLE = ['not_working', 'under_repair'] as const;
/** Site statuses that are still proposals (installed and rejected sites are not candidates). */
export const PROPOSED = ['not_started', 'budget_requested', 'approved'] as const;

export interface CandidateInfo {
  id: string;
  kind: CandidateKind;
  /** The site's or camera's id. */
  ref: string | number;
  name: string | null;
  cost: number;
  forced?: 'in' | 'out';
  lon: number;
  lat: number;
  /** The view used (after defaults). */
  view: { directionDeg: number | null; fovDeg: number; rangeM: number };
  status: string | null;
  /** Demand items it covers (whatever else is chosen). */
  covers: number;
}

export interface DemandInfo {
  id: string;
  kind: DemandKind;
  ref: string | number;
  weight: number;
  /** point / hotspot: the position; route piece: its two ends. */
  coordinates: LonLat | [LonLat, LonLat];
  /** Route piece length, m. */
  lengthM?: number;
  requests?: number;
}

export interface DemandTotals {
  /** All demand weight of the area: seen by working cameras or not. */
  total: number;
  alreadyCovered: number;
  /** total − alreadyCovered: what candidates can add to (the items' weight). */
  open: number;
  byKind: Record<DemandKind, { total: number; alreadyCovered: number; items: number }>;
  /** Route metres in all and not seen by working cameras. */
  routeMetres: number;
  routeMetresOpen: number;
}

export interface Skipped {
  id: string;
  kind: CandidateKind;
  ref: string | number;
  name: string | null;
  reason: string;
}

export interface PlanningProblem {
  problem: Problem;
  candidates: CandidateInfo[];
  demands: DemandInfo[];
  totals: DemandTotals;
  skipped: Skipped[];
}

const siteId = (id: string | number) => `site:${id}`;
const repairId = (id: string | number) => `repair:${id}`;

/** Builds the problem; throws naming the field for bad options or unknown forced ids. */
export function buildPlanningProblem(input: PlanningInput): PlanningProblem {
  const opts = input.options ?? {};
  const pieceM = opts.pieceM ?? DEFAULT_PIECE_M;
  if (!(pieceM >= 1 && pieceM <= 1000)) throw new Error(`pieceM: must be between 1 and 1000 m, got ${pieceM}`);
  const requestWeight = opts.requestWeight ?? 1;
  if (!(requestWeight >= 0) || !Number.isFinite(requestWeight)) throw new Error(`requestWeight: must be a number ≥ 0, got ${requestWeight}`);
  const kinds = new Set(opts.kinds ?? ['site', 'repair']);
  const working = ViewIndex.of(input.cameras, 'effective');

  const totals: DemandTotals = {
    total: 0,
    alreadyCovered: 0,
    open: 0,
    byKind: { point: { total: 0, alreadyCovered: 0, items: 0 }, route: { total: 0, alreadyCovered: 0, items: 0 }, hotspot: { total: 0, alreadyCovered: 0, items: 0 } },
    routeMetres: 0,
    routeMetresOpen: 0,
  };
  const demands: DemandInfo[] = [];
  const add = (d: DemandInfo, covered: boolean) => {
    const k = totals.byKind[d.kind];
    k.total += d.weight;
    totals.total += d.weight;
    if (covered) {
      k.alreadyCovered += d.weight;
      totals.alreadyCovered += d.weight;
    } else {
      k.items++;
      demands.push(d);
    }
  };

  for (const p of input.riskPoints ?? []) {
    add({ id: `point:${p.id}`, kind: 'point', ref: p.id, weight: weightOf(p.weight), coordinates: [p.lon, p.lat] }, viewsAt(working, p.lon, p.lat).length > 0);
  }
  for (const h of input.hotspots ?? []) {
    if (!(h.requests > 0)) continue;
    add({ id: `hotspot:${h.id}`, kind: 'hotspot', ref: h.id, weight: h.requests * requestWeight, coordinates: [h.lon, h.lat], requests: h.requests }, viewsAt(working, h.lon, h.lat).length > 0);
  }
  for (const r of input.riskRoutes ?? []) {
    const w = weightOf(r.weight);
    const c = r.coordinates;
    const segs = routeIntervals(working, c);
    let k = 0;
    for (let i = 0; i < segs.length; i++) {
      const a = c[i]!;
      const b = c[i + 1]!;
      const len = segmentLength(a, b);
      if (!(len > 0)) continue;
      let coveredM = 0;
      for (const [p, q] of segs[i]!) coveredM += (q - p) * len;
      const wCovered = (w * coveredM) / 1000;
      totals.routeMetres += len;
      totals.byKind.route.total += wCovered;
      totals.byKind.route.alreadyCovered += wCovered;
      totals.total += wCovered;
      totals.alreadyCovered += wCovered;
      for (const [u0, u1] of complementIntervals(segs[i]!)) {
        const m = (u1 - u0) * len;
        if (m < 0.01) continue;
        totals.routeMetresOpen += m;
        const n = Math.max(1, Math.ceil(m / pieceM - 1e-9)); // 150.0000001 m / 25 is 6 pieces
        for (let j = 0; j < n; j++) {
          const t0 = u0 + ((u1 - u0) * j) / n;
          const t1 = u0 + ((u1 - u0) * (j + 1)) / n;
          add({ id: `route:${r.id}:${k++}`, kind: 'route', ref: r.id, weight: (w * (m / n)) / 1000, coordinates: [lerp(a, b, t0), lerp(a, b, t1)], lengthM: m / n }, false);
        }
      }
    }
  }
  totals.open = totals.total - totals.alreadyCovered;

  // Candidates and what they cover.
  const candidates: CandidateInfo[] = [];
  const skipped: Skipped[] = [];
  const views: View[] = [];
  if (kinds.has('site')) {
    for (const s of input.sites ?? []) {
      if (!(PROPOSED as readonly string[]).includes(s.status)) continue;
      const id = siteId(s.id);
      if (s.costBaht == null) {
        skipped.push({ id, kind: 'site', ref: s.id, name: s.name ?? null, reason: 'cost_baht is missing' });
        continue;
      }
      const v = View.of({ ...s, id });
      views.push(v);
      candidates.push({
        id, kind: 'site', ref: s.id, name: s.name ?? null, cost: s.costBaht, lon: s.lon, lat: s.lat, status: s.status, covers: 0,
        view: { directionDeg: v.params.directionDeg, fovDeg: v.params.fovDeg, rangeM: v.params.rangeM },
        ...(s.status === 'approved' && opts.approvedForcedIn !== false ? { forced: 'in' as const } : {}),
      });
    }
  }
  if (kinds.has('repair')) {
    for (const c of input.cameras) {
      if (!(REPAIRABLE as readonly (string | null | undefined)[]).includes(c.status)) continue;
      const id = repairId(c.id);
      if (c.repairCostBaht == null) {
        skipped.push({ id, kind: 'repair', ref: c.id, name: c.name ?? null, reason: 'repair_budget_baht is missing' });
        continue;
      }
      const v = View.of({ ...c, id });
      views.push(v);
      candidates.push({
        id, kind: 'repair', ref: c.id, name: c.name ?? null, cost: c.repairCostBaht, lon: c.lon, lat: c.lat, status: c.status ?? null, covers: 0,
        view: { directionDeg: v.params.directionDeg, fovDeg: v.params.fovDeg, rangeM: v.params.rangeM },
      });
    }
  }
  const byId = new Map(candidates.map((c) => [c.id, c]));
  for (const [id, f] of Object.entries(input.forced ?? {})) {
    const c = byId.get(id);
    if (!c) {
      const s = skipped.find((x) => x.id === id);
      throw new Error(`forced.${id}: ${s ? `cannot be ranked (${s.reason})` : 'no such candidate in the area'}`);
    }
    if (f === 'free') delete c.forced;
    else if (f === 'in' || f === 'out') c.forced = f;
    else throw new Error(`forced.${id}: must be "in", "out" or "free"`);
  }

  const covers: [string, string][] = [];
  if (demands.length && candidates.length) {
    const index = new Flatbush(demands.length);
    for (const d of demands) {
      if (d.kind === 'route') {
        const [a, b] = d.coordinates as [LonLat, LonLat];
        index.add(Math.min(a[0], b[0]), Math.min(a[1], b[1]), Math.max(a[0], b[0]), Math.max(a[1], b[1]));
      } else {
        const [x, y] = d.coordinates as LonLat;
        index.add(x, y, x, y);
      }
    }
    index.finish();
    candidates.forEach((c, i) => {
      const v = views[i]!;
      for (const k of index.search(...v.bbox)) {
        const d = demands[k]!;
        let hit: boolean;
        if (d.kind === 'route') {
          const [a, b] = d.coordinates as [LonLat, LonLat];
          hit = fraction(v.segment(a, b)) >= 0.5;
        } else {
          const [x, y] = d.coordinates as LonLat;
          hit = v.contains(x, y);
        }
        if (hit) {
          covers.push([c.id, d.id]);
          c.covers++;
        }
      }
    });
  }

  const problem: Problem = {
    budget: input.budget,
    candidates: candidates.map((c): Candidate => (c.forced ? { id: c.id, cost: c.cost, forced: c.forced } : { id: c.id, cost: c.cost })),
    demands: demands.map((d): Demand => ({ id: d.id, weight: d.weight })),
    covers,
  };
  return { problem, candidates, demands, totals, skipped };
}

const fraction = (ivs: readonly Interval[]) => ivs.reduce((s, [p, q]) => s + q - p, 0);
