/**
 * The `coverage` benchmark entry (province scale, the pure engine, no database): `analyseCoverage`
 * on 20,000 cameras, 2,000 risk points and 2,000 km of risk routes vs a naive Turf approach on the
 * same data. Run with `npm run bench -- coverage`; bench/run.ts prints the table.
 *
 * Data (deterministic, seed 4): a province-sized area around Ang Thong, 14.4–14.9 N × 100.2–100.6 E
 * (~43 × 55 km, ~2,400 km²), with 40 towns. Routes are random walks between towns, segments of
 * 20–200 m (93 %), 200–800 m (5 %) and 1–4 km (2 %, straight stretches), 1–8 km each, until they
 * add up to 2,000 km. Cameras: 55 % beside a route (within 15 m, fixed ones looking along it),
 * 30 % around towns, 15 % anywhere; 65 % fixed sectors (8 % of them without a direction, i.e.
 * circles), 22 % domes, 13 % PTZ; ranges given for 60 %, else the resolution's default; 85 %
 * working. Risk points: 40 % on routes, 40 % around towns, 20 % anywhere; categories, weights 1–5.
 *
 * Ours: `analyseCoverage` (effective mode: every point's covered flag and covered fraction, every
 * route's covered length and gaps), then `repairValues` (timed apart, no baseline).
 * Baseline: every working camera's view as a Turf polygon (@turf/sector, @turf/circle, 64 steps on
 * the arc, the same direction / field of view / range as the engine's `viewParams`), then
 * @turf/boolean-point-in-polygon over all pairs, no index: each risk point against all views
 * (covered yes/no, stopping at the first view that contains it) and route sample points every 5 m
 * against all views (covered length estimate). All pairs would take tens of minutes, so the
 * baseline runs on a systematic subset — every 10th risk point and every 200th route sample
 * (BENCH_COVERAGE_POINT_EVERY, BENCH_COVERAGE_SAMPLE_EVERY) — and the time of those loops is
 * scaled by the share (the cost per point or sample does not depend on the others; the subset is
 * spread evenly over the data). Building the polygons and the samples is timed in full.
 * The printed baseline is that extrapolation; the measured time is printed too.
 *
 * Sanity check (once, not timed): the Turf polygons with a box prefilter (the same answers as all
 * pairs) against the engine on every risk point (covered yes/no) and on every route sample.
 */
import { circle } from '@turf/circle';
import { booleanPointInPolygon } from '@turf/boolean-point-in-polygon';
import { sector } from '@turf/sector';
import Flatbush from 'flatbush';
import type { Feature, Polygon } from 'geojson';
import { analyseCoverage, repairValues } from '../api/src/analysis/analyse.js';
import { DEFAULT_RADIUS_M, type CameraInput, type RiskPointInput, type RiskRouteInput } from '../api/src/analysis/coverage.js';
import { LocalFrame, segmentLength, type LonLat } from '../api/src/analysis/geo.js';
import { viewParams, View } from '../api/src/analysis/view.js';
import { Rng } from '../api/src/demo/random.js';
import type { Result, alternate as Alternate, median as Median } from './run.js';

export const COVERAGE_AREA = { minLon: 100.2, minLat: 14.4, maxLon: 100.6, maxLat: 14.9 } as const;
const SIZES = { cameras: 20_000, points: 2_000, routeKm: 2_000, towns: 40 } as const;
const SEED = 4;
/** Baseline: metres between route samples. */
const SAMPLE_STEP_M = 5;
const POINT_EVERY = Number(process.env.BENCH_COVERAGE_POINT_EVERY ?? 10);
const SAMPLE_EVERY = Number(process.env.BENCH_COVERAGE_SAMPLE_EVERY ?? 200);

export interface CoverageData {
  cameras: CameraInput[];
  riskPoints: RiskPointInput[];
  riskRoutes: RiskRouteInput[];
  routeLengthM: number;
  segments: number;
}

const round7 = (v: number) => Math.round(v * 1e7) / 1e7;

/** The province-scale data set described in the module comment (a pure function of its sizes). */
export function provinceData(sizes = SIZES, seed = SEED): CoverageData {
  const rng = new Rng(seed);
  const A = COVERAGE_AREA;
  const inside = (lon: number, lat: number) => lon > A.minLon && lon < A.maxLon && lat > A.minLat && lat < A.maxLat;
  const frame = new LocalFrame((A.minLon + A.maxLon) / 2, (A.minLat + A.maxLat) / 2);
  // metres east/north -> lon/lat (the area is small enough for one frame here: generator only)
  const move = (p: LonLat, bearingDeg: number, m: number): [number, number] => {
    const b = (bearingDeg * Math.PI) / 180;
    const d = frame.degrees(1);
    return [p[0] + m * Math.sin(b) * d.lon, p[1] + m * Math.cos(b) * d.lat];
  };
  const uniform = (): [number, number] => [rng.float(A.minLon, A.maxLon), rng.float(A.minLat, A.maxLat)];
  const clampIn = (p: [number, number]): [number, number] => [Math.min(A.maxLon - 1e-4, Math.max(A.minLon + 1e-4, p[0])), Math.min(A.maxLat - 1e-4, Math.max(A.minLat + 1e-4, p[1]))];

  const towns = Array.from({ length: sizes.towns }, () => {
    const [lon, lat] = [rng.float(A.minLon + 0.02, A.maxLon - 0.02), rng.float(A.minLat + 0.02, A.maxLat - 0.02)];
    return { lon, lat, weight: rng.chance(0.15) ? 6 : rng.float(0.5, 2) };
  });
  const townTotal = towns.reduce((s, t) => s + t.weight, 0);
  const pickTown = () => {
    let r = rng.next() * townTotal;
    for (const t of towns) if ((r -= t.weight) < 0) return t;
    return towns[towns.length - 1]!;
  };
  const nearTown = (sigmaM: number): [number, number] => {
    const t = pickTown();
    return clampIn(move(move([t.lon, t.lat], 90, rng.gauss() * sigmaM), 0, rng.gauss() * sigmaM));
  };
  const bearing = (a: LonLat, b: LonLat) => {
    const d = frame.degrees(1);
    return (Math.atan2((b[0] - a[0]) / d.lon, (b[1] - a[1]) / d.lat) * 180) / Math.PI;
  };

  // Routes: random walks towards a town.
  const riskRoutes: RiskRouteInput[] = [];
  const segs: { a: LonLat; b: LonLat; len: number; bearing: number }[] = [];
  let total = 0;
  const ROUTE_CATEGORIES = ['escape_route', 'robbery', 'accident_black_spot', 'other'];
  while (total < sizes.routeKm * 1000) {
    let p: [number, number] = rng.chance(0.7) ? nearTown(1500) : uniform();
    const target = pickTown();
    let heading = bearing(p, [target.lon, target.lat]) + rng.gauss() * 30;
    const want = rng.float(1000, 8000);
    const coords: [number, number][] = [[round7(p[0]), round7(p[1])]];
    let len = 0;
    while (len < want) {
      const kind = rng.next();
      const step = kind < 0.93 ? rng.float(20, 200) : kind < 0.98 ? rng.float(200, 800) : rng.float(1000, 4000);
      const toTarget = bearing(p, [target.lon, target.lat]);
      const diff = ((toTarget - heading + 540) % 360) - 180;
      heading += 0.2 * diff + rng.gauss() * 15;
      let q = move(p, heading, step);
      if (!inside(q[0], q[1])) {
        heading += 180;
        q = move(p, heading, step);
        if (!inside(q[0], q[1])) break;
      }
      const next: [number, number] = [round7(q[0]), round7(q[1])];
      const last = coords[coords.length - 1]!;
      const l = segmentLength(last, next);
      if (l < 1) continue;
      segs.push({ a: last, b: next, len: l, bearing: heading });
      coords.push(next);
      len += l;
      p = next;
    }
    if (coords.length < 2) continue;
    total += len;
    riskRoutes.push({ id: `route-${riskRoutes.length + 1}`, coordinates: coords, weight: rng.int(1, 5), category: rng.pick(ROUTE_CATEGORIES) });
  }
  // A point on a route, picked by length, with its bearing.
  const cumulative = new Float64Array(segs.length);
  segs.reduce((s, g, i) => (cumulative[i] = s + g.len), 0);
  const onRoute = (offsetM: number): { p: [number, number]; bearing: number } => {
    const r = rng.next() * total;
    let lo = 0;
    let hi = segs.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (cumulative[mid]! > r) hi = mid;
      else lo = mid + 1;
    }
    const g = segs[lo]!;
    const t = rng.next();
    const base: [number, number] = [g.a[0] + (g.b[0] - g.a[0]) * t, g.a[1] + (g.b[1] - g.a[1]) * t];
    return { p: clampIn(move(base, g.bearing + 90, rng.float(-offsetM, offsetM))), bearing: g.bearing };
  };

  const RESOLUTIONS = [['1080p', 5], ['720p', 2], ['4MP', 2], ['4K', 1], ['D1', 1], [null, 1]] as const;
  const STATUSES = [['working', 85], ['not_working', 6], ['under_repair', 5], ['beyond_repair', 4]] as const;
  const cameras: CameraInput[] = [];
  for (let i = 0; i < sizes.cameras; i++) {
    const where = rng.next();
    let p: [number, number];
    let roadBearing: number | null = null;
    if (where < 0.55) {
      const r = onRoute(15);
      p = r.p;
      roadBearing = r.bearing;
    } else p = where < 0.85 ? nearTown(700) : uniform();
    const kind = rng.weighted([['fixed', 65], ['dome', 22], ['ptz', 13]] as const);
    let directionDeg: number | null = null;
    let fovDeg: number | null = null;
    if (kind === 'fixed' && !rng.chance(0.08)) {
      directionDeg = roadBearing === null ? rng.int(0, 359) : Math.round(roadBearing + (rng.chance(0.5) ? 0 : 180) + rng.gauss() * 20);
      directionDeg = ((directionDeg % 360) + 360) % 360;
      if (rng.chance(0.7)) fovDeg = rng.int(55, 110);
    }
    const explicit = rng.chance(0.6);
    const rangeM = !explicit ? null : kind === 'fixed' ? rng.int(20, 80) : kind === 'dome' ? rng.int(15, 40) : rng.int(50, 150);
    cameras.push({
      id: i + 1,
      lon: round7(p[0]),
      lat: round7(p[1]),
      kind,
      directionDeg,
      fovDeg,
      rangeM,
      resolution: explicit ? null : rng.weighted(RESOLUTIONS),
      status: rng.weighted(STATUSES),
    });
  }

  const CATEGORIES = Object.keys(DEFAULT_RADIUS_M);
  const riskPoints: RiskPointInput[] = [];
  for (let i = 0; i < sizes.points; i++) {
    const where = rng.next();
    const p = where < 0.4 ? onRoute(10).p : where < 0.8 ? nearTown(1000) : uniform();
    riskPoints.push({
      id: `point-${i + 1}`,
      lon: round7(p[0]),
      lat: round7(p[1]),
      category: rng.pick(CATEGORIES),
      weight: rng.int(1, 5),
      radiusM: rng.chance(0.2) ? rng.int(20, 150) : null,
    });
  }
  return { cameras, riskPoints, riskRoutes, routeLengthM: total, segments: segs.length };
}

// ---------------------------------------------------------------------------------------------
// The naive Turf baseline

/** A working camera's view as a Turf polygon, with the engine's view parameters. */
function turfView(c: CameraInput): Feature<Polygon> {
  const p = viewParams(c);
  const centre = [c.lon, c.lat];
  return p.circle
    ? circle(centre, p.rangeM, { units: 'meters', steps: 64 })
    : sector(centre, p.rangeM, p.directionDeg! - p.fovDeg / 2, p.directionDeg! + p.fovDeg / 2, { units: 'meters', steps: 64 });
}

/** Route samples every SAMPLE_STEP_M: the middle of equal pieces of each segment, with their length. */
function routeSamples(routes: readonly RiskRouteInput[]): { lon: Float64Array; lat: Float64Array; len: Float64Array } {
  const lon: number[] = [];
  const lat: number[] = [];
  const len: number[] = [];
  for (const r of routes) {
    for (let i = 1; i < r.coordinates.length; i++) {
      const a = r.coordinates[i - 1]!;
      const b = r.coordinates[i]!;
      const l = segmentLength(a, b);
      const n = Math.max(1, Math.ceil(l / SAMPLE_STEP_M));
      for (let k = 0; k < n; k++) {
        const t = (k + 0.5) / n;
        lon.push(a[0] + (b[0] - a[0]) * t);
        lat.push(a[1] + (b[1] - a[1]) * t);
        len.push(l / n);
      }
    }
  }
  return { lon: Float64Array.from(lon), lat: Float64Array.from(lat), len: Float64Array.from(len) };
}

export interface BaselineSample {
  /** Wall time of what ran (polygons, samples, the subset's pairs). */
  measuredS: number;
  /** Polygons and samples (full) plus the subset's pair loops scaled to the whole data. */
  extrapolatedS: number;
  buildS: number;
  pointsS: number;
  routesS: number;
  pointsTested: number;
  samplesTested: number;
  samplesTotal: number;
  /** Subset estimate of the covered share of the route length. */
  routeCoveredShare: number;
  /** covered flag of each tested point (index → covered). */
  pointCovered: Map<number, boolean>;
}

function naiveTurf(d: CoverageData): BaselineSample {
  const t0 = performance.now();
  const views = d.cameras.filter((c) => c.status === 'working').map(turfView);
  const samples = routeSamples(d.riskRoutes);
  const t1 = performance.now();
  const pointCovered = new Map<number, boolean>();
  for (let i = 0; i < d.riskPoints.length; i += POINT_EVERY) {
    const p = d.riskPoints[i]!;
    const pt = [p.lon, p.lat];
    pointCovered.set(i, views.some((v) => booleanPointInPolygon(pt, v)));
  }
  const t2 = performance.now();
  let tested = 0;
  let len = 0;
  let covered = 0;
  const n = samples.lon.length;
  for (let s = 0; s < n; s += SAMPLE_EVERY) {
    const pt = [samples.lon[s]!, samples.lat[s]!];
    tested++;
    len += samples.len[s]!;
    if (views.some((v) => booleanPointInPolygon(pt, v))) covered += samples.len[s]!;
  }
  const t3 = performance.now();
  const [buildS, pointsS, routesS] = [(t1 - t0) / 1000, (t2 - t1) / 1000, (t3 - t2) / 1000];
  return {
    measuredS: (t3 - t0) / 1000,
    extrapolatedS: buildS + pointsS * (d.riskPoints.length / pointCovered.size) + routesS * (n / tested),
    buildS,
    pointsS,
    routesS,
    pointsTested: pointCovered.size,
    samplesTested: tested,
    samplesTotal: n,
    routeCoveredShare: len > 0 ? covered / len : 0,
    pointCovered,
  };
}

interface OursSample {
  analyseS: number;
  repairS: number;
  covered: boolean[];
  coveredM: number;
  lengthM: number;
  broken: number;
}

function ours(d: CoverageData): OursSample {
  const t0 = performance.now();
  const r = analyseCoverage({ cameras: d.cameras, riskPoints: d.riskPoints, riskRoutes: d.riskRoutes });
  const t1 = performance.now();
  const repair = repairValues({ cameras: d.cameras, riskPoints: d.riskPoints, riskRoutes: d.riskRoutes });
  const t2 = performance.now();
  if (r.points.length !== d.riskPoints.length || r.routes.length !== d.riskRoutes.length) throw new Error('coverage: results missing');
  return {
    analyseS: (t1 - t0) / 1000,
    repairS: (t2 - t1) / 1000,
    covered: r.points.map((p) => p.covered),
    coveredM: r.summary.routes.coveredM,
    lengthM: r.summary.routes.lengthM,
    broken: repair.length,
  };
}

/**
 * Sanity check, not timed: Turf polygons with a box prefilter (same answers as all pairs, in
 * seconds) against the engine, on every risk point and every route sample.
 */
function agreement(d: CoverageData, o: OursSample): string[] {
  const working = d.cameras.filter((c) => c.status === 'working');
  const views = working.map(turfView);
  const index = new Flatbush(views.length);
  for (const v of views) {
    const ring = v.geometry.coordinates[0]!;
    const xs = ring.map((c) => c[0]!);
    const ys = ring.map((c) => c[1]!);
    index.add(Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys));
  }
  index.finish();
  const turfAt = (lon: number, lat: number) => index.search(lon, lat, lon, lat).some((k) => booleanPointInPolygon([lon, lat], views[k]!));
  const lines: string[] = [];
  const differ: string[] = [];
  let turfCovered = 0;
  d.riskPoints.forEach((p, i) => {
    const t = turfAt(p.lon, p.lat);
    if (t) turfCovered++;
    if (t !== o.covered[i]) {
      // How far from the nearest view's arc: Turf draws arcs as chords on a sphere.
      const engineViews = working.map((c) => View.of(c)).filter((v) => Math.abs(v.lon - p.lon) < 0.01 && Math.abs(v.lat - p.lat) < 0.01);
      const rel = engineViews.map((v) => Math.hypot(v.frame.x(p.lon), v.frame.y(p.lat)) / v.params.rangeM).sort((a, b) => Math.abs(a - 1) - Math.abs(b - 1))[0];
      differ.push(`${p.id} (engine ${o.covered[i] ? 'covered' : 'not covered'}, Turf ${t ? 'covered' : 'not covered'}; distance / range of the nearest arc ${rel?.toFixed(4)})`);
    }
  });
  const engineCovered = o.covered.filter(Boolean).length;
  lines.push(`risk points covered: engine ${engineCovered}, Turf ${turfCovered} of ${d.riskPoints.length}; ${differ.length} differ${differ.length ? `: ${differ.join('; ')}` : ''}`);
  const s = routeSamples(d.riskRoutes);
  let len = 0;
  let cov = 0;
  for (let k = 0; k < s.lon.length; k++) {
    len += s.len[k]!;
    if (turfAt(s.lon[k]!, s.lat[k]!)) cov += s.len[k]!;
  }
  lines.push(
    `route length covered: engine ${(o.coveredM / 1000).toFixed(2)} of ${(o.lengthM / 1000).toFixed(2)} km (${((100 * o.coveredM) / o.lengthM).toFixed(2)} %), ` +
      `Turf samples every ${SAMPLE_STEP_M} m ${(cov / 1000).toFixed(2)} of ${(len / 1000).toFixed(2)} km (${((100 * cov) / len).toFixed(2)} %)`,
  );
  return lines;
}

export async function coverageEntry(tools: { alternate: typeof Alternate; median: typeof Median }): Promise<Result[]> {
  const t0 = performance.now();
  const d = provinceData();
  const working = d.cameras.filter((c) => c.status === 'working').length;
  const domes = d.cameras.filter((c) => c.kind !== 'fixed').length;
  const circles = d.cameras.filter((c) => viewParams(c).circle).length;
  console.error(
    `  coverage data: ${d.cameras.length} cameras (${working} working; ${circles} full circles of which ${domes} domes/PTZ), ${d.riskPoints.length} risk points, ` +
      `${d.riskRoutes.length} routes of ${(d.routeLengthM / 1000).toFixed(1)} km in ${d.segments} segments (mean ${(d.routeLengthM / d.segments).toFixed(0)} m), ` +
      `area ${COVERAGE_AREA.minLat}–${COVERAGE_AREA.maxLat} N, ${COVERAGE_AREA.minLon}–${COVERAGE_AREA.maxLon} E; generated in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
  );
  const first = ours(d);
  for (const line of agreement(d, first)) console.error(`  sanity: ${line}`);

  type Sample = { side: 'ours'; o: OursSample } | { side: 'baseline'; b: BaselineSample };
  const r = await tools.alternate<Sample>(
    'coverage',
    async (side) => (side === 'ours' ? { side, o: ours(d) } : { side, b: naiveTurf(d) }),
    (s) =>
      s.side === 'ours'
        ? `analyseCoverage ${s.o.analyseS.toFixed(3)} s, repairValues ${s.o.repairS.toFixed(3)} s`
        : `${s.b.measuredS.toFixed(2)} s measured (polygons + samples ${s.b.buildS.toFixed(2)} s, ${s.b.pointsTested} points ${s.b.pointsS.toFixed(2)} s, ` +
          `${s.b.samplesTested} of ${s.b.samplesTotal} route samples ${s.b.routesS.toFixed(2)} s) → ${s.b.extrapolatedS.toFixed(1)} s for all`,
  );
  const o = r.ours.map((s) => (s as Extract<Sample, { side: 'ours' }>).o);
  const b = r.baseline.map((s) => (s as Extract<Sample, { side: 'baseline' }>).b);
  const m = (xs: number[]) => tools.median(xs);
  const b0 = b[0]!;
  // The subset's covered flags against the engine's (the sanity line above checks every point).
  const subsetDiffer = [...b0.pointCovered].filter(([i, c]) => o[0]!.covered[i] !== c).length;
  console.error(
    `  baseline subset: ${b0.pointsTested} of ${d.riskPoints.length} points (${subsetDiffer} differ from the engine), ${b0.samplesTested} of ${b0.samplesTotal} route samples ` +
      `(covered share ${(100 * b0.routeCoveredShare).toFixed(2)} %, engine ${((100 * o[0]!.coveredM) / o[0]!.lengthM).toFixed(2)} %)`,
  );
  const size = `${d.cameras.length.toLocaleString('en')} cameras, ${d.riskPoints.length.toLocaleString('en')} risk points, ${(d.routeLengthM / 1000).toFixed(0)} km of routes`;
  const none = Number.NaN;
  return [
    { name: `coverage, ${size} (analyseCoverage / naive Turf, all pairs, extrapolated)`, ours: m(o.map((s) => s.analyseS)), baseline: m(b.map((s) => s.extrapolatedS)), unit: 's', digits: 3 },
    {
      name: `  naive Turf as measured: polygons + samples, 1/${POINT_EVERY} of the points, 1/${SAMPLE_EVERY} of the ${b0.samplesTotal} route samples`,
      ours: none,
      baseline: m(b.map((s) => s.measuredS)),
      unit: 's',
      digits: 3,
    },
    { name: `  repairValues (${o[0]!.broken} cameras not working), no baseline`, ours: m(o.map((s) => s.repairS)), baseline: none, unit: 's', digits: 3 },
  ];
}
