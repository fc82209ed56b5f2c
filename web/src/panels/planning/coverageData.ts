/**
 * The inputs of the in-browser coverage analysis, shared by the planning what-if and the police
 * panel, and the what-if itself. Loaded once per area (and again after a write: the map bridge's
 * dataVersion), with stale requests aborted:
 *  - working cameras of the area (REST /api/cameras?status=working),
 *  - risk points with their coverage and positions (/api/analysis/risk-points),
 *  - risk routes with their coverage (/api/analysis/risk-routes) and lines (REST /api/risk-routes).
 * The browser then runs the API's own engine (api/src/analysis) on them. The API also counts
 * cameras outside the area whose view reaches into it; when the browser's answer for the loaded
 * cameras differs from the API's, the working cameras around the area's risk items are loaded
 * once more by bbox and merged, so "before" figures match the API's.
 */
import { useEffect, useRef, useState } from 'react';
import {
  analyseCoverage,
  LocalFrame,
  metresPerDegree,
  radiusOf,
  View,
  type CameraInput,
  type PointResult,
  type RiskPointInput,
  type RiskRouteInput,
  type RouteResult,
} from '../../../../api/src/analysis/index.js';
import {
  getRiskPointCoverage,
  getRiskRouteCoverage,
  listRiskRoutes,
  listWorkingCameras,
  type CameraRecord,
  type LonLat,
  type RiskPointCoverage,
  type RiskRouteCoverage,
} from '../../api/planning';
import { useMapBridge } from '../../map/bridge';
import type { Filters } from '../../state/url';

export interface RiskPointInfo extends RiskPointCoverage {
  lon: number;
  lat: number;
}

export interface RiskRouteInfo extends RiskRouteCoverage {
  /** The line (null when the REST list did not return it). */
  coordinates: LonLat[] | null;
}

/** Coverage in numbers: risk points, route metres, and weight (points' weights + route weight × km). */
export interface CoverageFigures {
  pointsTotal: number;
  pointsCovered: number;
  routeLengthM: number;
  routeCoveredM: number;
  weightTotal: number;
  weightCovered: number;
}

export interface CoverageData {
  key: string;
  /** Working cameras, as engine input. */
  cameras: CameraInput[];
  /** Working cameras of the area according to the API (more than loaded when truncated). */
  camerasTotal: number;
  truncated: boolean;
  /** Cameras outside the area loaded because their views reach its risk items. */
  borderCameras: number;
  points: RiskPointInfo[];
  routes: RiskRouteInfo[];
  pointInputs: RiskPointInput[];
  routeInputs: RiskRouteInput[];
  /** The engine's answer for the loaded cameras, by item id. */
  baseline: { points: Map<number, PointResult>; routes: Map<number, RouteResult> };
  before: CoverageFigures;
  /** The browser's answer agrees with the API's for every item. */
  agreesWithApi: boolean;
}

/** The cache key of an area. */
export function areaKey(f: Filters): string {
  return `p=${f.province ?? ''}&d=${f.district ?? ''}&s=${f.policeStation ?? ''}`;
}

export function cameraInput(c: CameraRecord): CameraInput | null {
  if (!c.geometry) return null;
  return {
    id: c.id,
    lon: c.geometry.coordinates[0],
    lat: c.geometry.coordinates[1],
    kind: c.kind,
    directionDeg: c.direction_deg,
    fovDeg: c.fov_deg,
    rangeM: c.range_m,
    resolution: c.recorded_resolution ?? c.max_resolution,
    status: c.status,
  };
}

const isAbort = (e: unknown) => e instanceof DOMException && e.name === 'AbortError';

/** Figures of a set of engine results. */
export function figuresOf(points: readonly PointResult[], routes: readonly RouteResult[]): CoverageFigures {
  const f: CoverageFigures = { pointsTotal: 0, pointsCovered: 0, routeLengthM: 0, routeCoveredM: 0, weightTotal: 0, weightCovered: 0 };
  for (const p of points) addPoint(f, p, 1);
  for (const r of routes) addRoute(f, r, 1);
  return f;
}

function addPoint(f: CoverageFigures, p: PointResult, sign: 1 | -1): void {
  f.pointsTotal += sign;
  f.weightTotal += sign * p.weight;
  if (p.covered) {
    f.pointsCovered += sign;
    f.weightCovered += sign * p.weight;
  }
}

function addRoute(f: CoverageFigures, r: RouteResult, sign: 1 | -1): void {
  f.routeLengthM += sign * r.lengthM;
  f.routeCoveredM += sign * r.coveredM;
  f.weightTotal += (sign * r.weight * r.lengthM) / 1000;
  f.weightCovered += (sign * r.weight * r.coveredM) / 1000;
}

function runBaseline(cameras: readonly CameraInput[], pointInputs: RiskPointInput[], routeInputs: RiskRouteInput[]) {
  const res = analyseCoverage({ cameras, riskPoints: pointInputs, riskRoutes: routeInputs, mode: 'effective' });
  return {
    points: new Map(res.points.map((p) => [p.id as number, p])),
    routes: new Map(res.routes.map((r) => [r.id as number, r])),
    figures: figuresOf(res.points, res.routes),
  };
}

function agrees(points: readonly RiskPointInfo[], routes: readonly RiskRouteInfo[], base: ReturnType<typeof runBaseline>): boolean {
  for (const p of points) if (base.points.get(p.id)?.covered !== p.covered) return false;
  for (const r of routes) {
    const b = base.routes.get(r.id);
    // REST lines come with 6 decimals (~0.1 m): allow a metre and 0.01 %.
    if (b && Math.abs(b.coveredM - r.coveredM) > 1 + 1e-4 * r.lengthM) return false;
  }
  return true;
}

/** Longest camera range the API accepts (m): the margin around the area's risk items. */
const LONGEST_RANGE_M = 2000;

/** The risk items' extent grown by the longest range (and the buffers), as a bbox. */
function reachBox(points: readonly RiskPointInput[], routes: readonly RiskRouteInput[]): [number, number, number, number] | null {
  let minLon = Infinity;
  let minLat = Infinity;
  let maxLon = -Infinity;
  let maxLat = -Infinity;
  let reach = LONGEST_RANGE_M;
  const add = (lon: number, lat: number) => {
    minLon = Math.min(minLon, lon);
    maxLon = Math.max(maxLon, lon);
    minLat = Math.min(minLat, lat);
    maxLat = Math.max(maxLat, lat);
  };
  for (const p of points) {
    add(p.lon, p.lat);
    reach = Math.max(reach, LONGEST_RANGE_M + radiusOf(p));
  }
  for (const r of routes) for (const [lon, lat] of r.coordinates) add(lon, lat);
  if (!Number.isFinite(minLon)) return null;
  const k = metresPerDegree(Math.max(Math.abs(minLat), Math.abs(maxLat)));
  const dLon = (reach + 1) / k.lon;
  const dLat = (reach + 1) / k.lat;
  return [Math.max(-180, minLon - dLon), Math.max(-90, minLat - dLat), Math.min(180, maxLon + dLon), Math.min(90, maxLat + dLat)];
}

/** Loads the area's coverage inputs and runs the engine once on them. */
export async function loadCoverageData(filters: Filters, signal?: AbortSignal): Promise<CoverageData> {
  const [cams, pts, rts, lines] = await Promise.all([
    listWorkingCameras(filters, signal),
    getRiskPointCoverage(filters, signal),
    getRiskRouteCoverage(filters, signal),
    listRiskRoutes(filters, signal),
  ]);
  const lineOf = new Map(lines.items.map((r) => [r.id, r.geometry?.coordinates ?? null]));
  const points: RiskPointInfo[] = pts.points.map((p) => ({ ...p, lon: p.geometry.coordinates[0], lat: p.geometry.coordinates[1] }));
  const routes: RiskRouteInfo[] = rts.routes.map((r) => ({ ...r, coordinates: lineOf.get(r.id) ?? null }));
  const pointInputs: RiskPointInput[] = points.map((p) => ({ id: p.id, lon: p.lon, lat: p.lat, radiusM: p.radiusM, weight: p.weight, category: p.category }));
  const routeInputs: RiskRouteInput[] = routes.filter((r) => r.coordinates && r.coordinates.length >= 2).map((r) => ({ id: r.id, coordinates: r.coordinates!, weight: r.weight, category: r.category }));

  const cameras = cams.items.map(cameraInput).filter((c): c is CameraInput => c !== null);
  let base = runBaseline(cameras, pointInputs, routeInputs);
  let borderCameras = 0;
  const hasArea = Boolean(filters.province || filters.district || filters.policeStation);
  if (hasArea && !agrees(points, routes, base)) {
    const box = reachBox(pointInputs, routeInputs);
    if (box) {
      const near = await listWorkingCameras({}, signal, box);
      const have = new Set(cameras.map((c) => c.id));
      for (const c of near.items) {
        const ci = have.has(c.id) ? null : cameraInput(c);
        if (ci) {
          cameras.push(ci);
          borderCameras++;
        }
      }
      if (borderCameras) base = runBaseline(cameras, pointInputs, routeInputs);
    }
  }
  return {
    key: areaKey(filters),
    cameras,
    camerasTotal: cams.total,
    truncated: cams.total > cams.items.length,
    borderCameras,
    points,
    routes,
    pointInputs,
    routeInputs,
    baseline: { points: base.points, routes: base.routes },
    before: base.figures,
    agreesWithApi: agrees(points, routes, base),
  };
}

export interface WhatIf {
  before: CoverageFigures;
  after: CoverageFigures;
  /** Engine results of the items the proposed views can reach (with the proposals). */
  points: PointResult[];
  routes: RouteResult[];
  ms: number;
}

/**
 * Coverage before and with proposed sites (counted as working cameras). Only the items a proposed
 * view can reach are analysed again (with every loaded camera); the rest keep their baseline.
 */
export function whatIf(data: CoverageData, proposed: readonly CameraInput[]): WhatIf {
  const t0 = performance.now();
  if (!proposed.length) return { before: data.before, after: data.before, points: [], routes: [], ms: 0 };
  const boxes = proposed.map((p) => View.of(p).bbox);
  const reaches = (minLon: number, minLat: number, maxLon: number, maxLat: number) =>
    boxes.some((b) => b[0] <= maxLon && b[2] >= minLon && b[1] <= maxLat && b[3] >= minLat);
  const riskPoints = data.pointInputs.filter((p) => {
    const d = new LocalFrame(p.lon, p.lat).degrees(radiusOf(p));
    return reaches(p.lon - d.lon, p.lat - d.lat, p.lon + d.lon, p.lat + d.lat);
  });
  const riskRoutes = data.routeInputs.filter((r) => {
    let a = Infinity;
    let b = Infinity;
    let c = -Infinity;
    let d = -Infinity;
    for (const [x, y] of r.coordinates) {
      a = Math.min(a, x);
      b = Math.min(b, y);
      c = Math.max(c, x);
      d = Math.max(d, y);
    }
    return reaches(a, b, c, d);
  });
  const res = analyseCoverage({ cameras: [...data.cameras, ...proposed.map((p) => ({ ...p, status: 'working' }))], riskPoints, riskRoutes, mode: 'effective' });
  const after = { ...data.before };
  for (const p of res.points) {
    const old = data.baseline.points.get(p.id as number);
    if (old) addPoint(after, old, -1);
    addPoint(after, p, 1);
  }
  for (const r of res.routes) {
    const old = data.baseline.routes.get(r.id as number);
    if (old) addRoute(after, old, -1);
    addRoute(after, r, 1);
  }
  return { before: data.before, after, points: res.points, routes: res.routes, ms: performance.now() - t0 };
}

// ---- the hook: once per area and data version, stale requests aborted ---------------------------

const cache = new Map<string, CoverageData>();
const CACHE_SIZE = 4;

/** Forgets every loaded area (tests). */
export function resetCoverageCache(): void {
  cache.clear();
}

export interface CoverageDataState {
  data: CoverageData | null;
  loading: boolean;
  error: Error | null;
  reload: () => void;
}

/** The coverage inputs of the area of `filters`, loaded when `enabled`. */
export function useCoverageData(filters: Filters, enabled = true): CoverageDataState {
  const { dataVersion } = useMapBridge();
  const [attempt, setAttempt] = useState(0);
  const key = `${areaKey(filters)}#${dataVersion}`;
  const latest = useRef(filters);
  latest.current = filters;
  const [state, setState] = useState<{ key: string; data: CoverageData | null; error: Error | null }>(() => ({ key, data: cache.get(key) ?? null, error: null }));

  useEffect(() => {
    if (!enabled) return;
    const hit = cache.get(key);
    if (hit) {
      setState({ key, data: hit, error: null });
      return;
    }
    const ac = new AbortController();
    setState({ key, data: null, error: null });
    loadCoverageData(latest.current, ac.signal).then(
      (data) => {
        cache.set(key, data);
        while (cache.size > CACHE_SIZE) cache.delete(cache.keys().next().value!);
        if (!ac.signal.aborted) setState({ key, data, error: null });
      },
      (error: unknown) => {
        if (ac.signal.aborted || isAbort(error)) return;
        setState({ key, data: null, error: error instanceof Error ? error : new Error(String(error)) });
      },
    );
    return () => ac.abort();
  }, [key, enabled, attempt]);

  const current = state.key === key ? state : { key, data: cache.get(key) ?? null, error: null };
  return {
    data: current.data,
    loading: enabled && !current.data && !current.error,
    error: current.error,
    reload: () => {
      cache.delete(key);
      setAttempt((a) => a + 1);
    },
  };
}
