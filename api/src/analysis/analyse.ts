/**
 * The analyses the API and the browser run: risk points and routes against the views of the
 * cameras that count in a mode, and the value of repairing each broken camera.
 * Pure TypeScript (no I/O, no node-only imports).
 */
import Flatbush from 'flatbush';
import { pointCoverage, routeCoverage, routeIntervals, ViewIndex, viewsAt, weightOf, type CameraInput, type Mode, type PointResult, type RiskPointInput, type RiskRouteInput, type RouteResult } from './coverage.js';
import { segmentLength } from './geo.js';
import { unionIntervals, View, type Interval } from './view.js';

export interface CoverageInput {
  cameras: readonly CameraInput[];
  riskPoints?: readonly RiskPointInput[];
  riskRoutes?: readonly RiskRouteInput[];
  mode?: Mode;
}

export interface CoverageSummary {
  mode: Mode;
  /** Cameras whose views counted (working ones in effective mode). */
  camerasCounted: number;
  points: { total: number; covered: number; coveredPct: number; weightTotal: number; weightCovered: number; meanCoveredFraction: number };
  routes: { total: number; lengthM: number; coveredM: number; coveredPct: number; longestGapM: number };
}

export interface CoverageResult {
  mode: Mode;
  summary: CoverageSummary;
  points: PointResult[];
  /** Points no view contains, heaviest first (ties: least covered buffer first, then id). */
  uncoveredPoints: PointResult[];
  routes: RouteResult[];
}

const pct = (a: number, b: number) => (b > 0 ? Math.round((1000 * a) / b) / 10 : 0);
const byId = (a: string | number, b: string | number) => (typeof a === 'number' && typeof b === 'number' ? a - b : String(a).localeCompare(String(b)));

export function analyseCoverage(input: CoverageInput): CoverageResult {
  const mode = input.mode ?? 'effective';
  const index = ViewIndex.of(input.cameras, mode);
  const points = (input.riskPoints ?? []).map((p) => pointCoverage(index, p));
  const routes = (input.riskRoutes ?? []).map((r) => routeCoverage(index, r));
  const uncoveredPoints = points.filter((p) => !p.covered).sort((a, b) => b.weight - a.weight || a.coveredFraction - b.coveredFraction || byId(a.id, b.id));
  const covered = points.filter((p) => p.covered);
  const lengthM = routes.reduce((s, r) => s + r.lengthM, 0);
  const coveredM = routes.reduce((s, r) => s + r.coveredM, 0);
  return {
    mode,
    summary: {
      mode,
      camerasCounted: index.views.length,
      points: {
        total: points.length,
        covered: covered.length,
        coveredPct: pct(covered.length, points.length),
        weightTotal: points.reduce((s, p) => s + p.weight, 0),
        weightCovered: covered.reduce((s, p) => s + p.weight, 0),
        meanCoveredFraction: points.length ? points.reduce((s, p) => s + p.coveredFraction, 0) / points.length : 0,
      },
      routes: { total: routes.length, lengthM, coveredM, coveredPct: pct(coveredM, lengthM), longestGapM: routes.reduce((m, r) => Math.max(m, r.longestGapM), 0) },
    },
    points,
    uncoveredPoints,
    routes,
  };
}

export interface RepairValue {
  id: string | number;
  status: string | null | undefined;
  /** Risk weight brought back under coverage: newly covered points' weights + route weight × newly covered km. */
  value: number;
  /** Risk points that no working camera sees and this one would. */
  pointsNewlyCovered: (string | number)[];
  pointWeight: number;
  /** Metres of risk routes no working camera sees and this one would, and their weight × km. */
  routeMetres: number;
  routeWeight: number;
}

/**
 * For each camera that is not working, what its repair would bring back: the risk points and route
 * metres inside its view that no working camera covers. Sorted by value, highest first.
 */
export function repairValues(input: Omit<CoverageInput, 'mode'>): RepairValue[] {
  const working = ViewIndex.of(input.cameras, 'effective');
  const broken = input.cameras.filter((c) => c.status !== 'working');
  const points = input.riskPoints ?? [];
  const routes = input.riskRoutes ?? [];

  // Uncovered points, indexed.
  const uncovered = points.filter((p) => viewsAt(working, p.lon, p.lat).length === 0);
  const pIndex = uncovered.length ? new Flatbush(uncovered.length) : null;
  if (pIndex) {
    for (const p of uncovered) pIndex.add(p.lon, p.lat, p.lon, p.lat);
    pIndex.finish();
  }
  // Route segments, indexed; their working coverage computed on demand and kept.
  const segs: { route: RiskRouteInput; i: number }[] = [];
  for (const r of routes) for (let i = 1; i < r.coordinates.length; i++) segs.push({ route: r, i });
  const sIndex = segs.length ? new Flatbush(segs.length) : null;
  if (sIndex) {
    for (const { route, i } of segs) {
      const a = route.coordinates[i - 1]!;
      const b = route.coordinates[i]!;
      sIndex.add(Math.min(a[0], b[0]), Math.min(a[1], b[1]), Math.max(a[0], b[0]), Math.max(a[1], b[1]));
    }
    sIndex.finish();
  }
  const base = new Map<number, Interval[]>();
  const covered = (ivs: Interval[]) => ivs.reduce((s, [p, q]) => s + q - p, 0);

  const out: RepairValue[] = broken.map((c) => {
    const v = View.of(c);
    const newly = pIndex ? pIndex.search(...v.bbox).map((k) => uncovered[k]!).filter((p) => v.contains(p.lon, p.lat)) : [];
    let routeMetres = 0;
    let routeWeight = 0;
    for (const k of sIndex ? sIndex.search(...v.bbox) : []) {
      const { route, i } = segs[k]!;
      const seg = [route.coordinates[i - 1]!, route.coordinates[i]!];
      if (!base.has(k)) base.set(k, routeIntervals(working, seg)[0]!);
      const baseIvs = base.get(k)!;
      const before = covered(baseIvs);
      // The working cover of this segment is kept; only this camera's intervals are new.
      const after = covered(unionIntervals([...baseIvs, ...v.segment(seg[0]!, seg[1]!)]));
      const m = (after - before) * segmentLength(seg[0]!, seg[1]!);
      if (m > 1e-6) {
        routeMetres += m;
        routeWeight += (weightOf(route.weight) * m) / 1000;
      }
    }
    const pointWeight = newly.reduce((s, p) => s + weightOf(p.weight), 0);
    return {
      id: c.id,
      status: c.status,
      value: pointWeight + routeWeight,
      pointsNewlyCovered: newly.map((p) => p.id).sort(byId),
      pointWeight,
      routeMetres,
      routeWeight,
    };
  });
  return out.sort((a, b) => b.value - a.value || byId(a.id, b.id));
}
