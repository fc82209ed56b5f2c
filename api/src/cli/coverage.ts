import fs from 'node:fs';
import path from 'node:path';
import { analyseCoverage } from '../analysis/analyse.js';
import type { CameraInput, Gap, Mode, RiskPointInput, RouteResult } from '../analysis/coverage.js';
import { formatIssue, MISSING_STATUS, parseGeoJsonText, readCameras, readRiskPoints, readRiskRoutes, type InputIssue, type RouteInput } from '../analysis/inputs.js';

/**
 * Rounding of the output, so that results (and the golden files in api/test/out) are the same on
 * every platform: metres to 0.01, fractions to 1e-4, percentages to 0.1 (the engine's), gap
 * coordinates to 1e-7° (about 1 cm). The engine itself computes in full double precision.
 */
const m2 = (v: number) => Math.round(v * 100) / 100 + 0;
const f4 = (v: number) => Math.round(v * 10_000) / 10_000 + 0;
const c7 = (v: number) => Math.round(v * 1e7) / 1e7 + 0;

export interface CoverageReport {
  mode: Mode;
  note: string;
  summary: {
    cameras: { total: number; counted: number; withoutStatus: number };
    points: { total: number; covered: number; coveredPct: number; meanCoveredFraction: number };
    routes: { total: number; lengthM: number; coveredM: number; coveredPct: number; longestGapM: number };
  };
  /** Ids of the points no view contains, heaviest first. */
  uncoveredPoints: (string | number)[];
  points: { id: string | number; covered: boolean; coveredFraction: number }[];
  routes: {
    id: string | number;
    lengthM: number;
    coveredM: number;
    coveredFraction: number;
    longestGapM: number;
    gaps: { type: 'FeatureCollection'; features: GapFeature[] };
  }[];
  warnings: string[];
}

interface GapFeature {
  type: 'Feature';
  geometry: { type: 'LineString'; coordinates: [number, number][] };
  properties: { route: string | number; lengthM: number; fromM: number; toM: number };
}

const MODE_NOTE: Record<Mode, string> = {
  effective: `effective: only working cameras count; cameras without a status count as ${MISSING_STATUS}`,
  nominal: 'nominal: every camera counts, whatever its status',
};

/**
 * The CLI's answer for inputs already read: the engine's results, MultiLineString parts joined
 * into one route (lengths and gaps in the order of the parts, distances along the route counted
 * through them), rounded (see above). Pure (no I/O): should the web app want the same document,
 * it can move next to analysis/inputs.ts as it is.
 */
export function coverageReport(
  input: { cameras: readonly CameraInput[]; riskPoints?: readonly RiskPointInput[]; riskRoutes?: readonly RouteInput[]; mode?: Mode; withoutStatus?: number },
  warnings: readonly InputIssue[] = [],
): CoverageReport {
  const mode = input.mode ?? 'effective';
  const routes = input.riskRoutes ?? [];
  // The engine takes one line per route: each part is a route of its own, joined again below.
  const parts = routes.flatMap((r, i) => r.parts.map((coordinates) => ({ id: i, coordinates, weight: r.weight, category: r.category })));
  const result = analyseCoverage({ cameras: input.cameras, riskPoints: input.riskPoints, riskRoutes: parts, mode });
  const byRoute = routes.map(() => [] as RouteResult[]);
  for (const p of result.routes) byRoute[p.id as number]!.push(p);

  const routeOut = routes.map((r, i) => {
    let lengthM = 0;
    let coveredM = 0;
    const gaps: Gap[] = [];
    for (const p of byRoute[i]!) {
      for (const g of p.gaps) gaps.push({ ...g, fromM: g.fromM + lengthM, toM: g.toM + lengthM });
      lengthM += p.lengthM;
      coveredM += p.coveredM;
    }
    return {
      id: r.id,
      lengthM: m2(lengthM),
      coveredM: m2(coveredM),
      coveredFraction: f4(lengthM > 0 ? Math.min(1, coveredM / lengthM) : 0),
      longestGapM: m2(gaps.reduce((m, g) => Math.max(m, g.lengthM), 0)),
      gaps: {
        type: 'FeatureCollection' as const,
        features: gaps.map(
          (g): GapFeature => ({
            type: 'Feature',
            geometry: { type: 'LineString', coordinates: g.coordinates.map(([x, y]) => [c7(x), c7(y)]) },
            properties: { route: r.id, lengthM: m2(g.lengthM), fromM: m2(g.fromM), toM: m2(g.toM) },
          }),
        ),
      },
    };
  });
  const s = result.summary;
  return {
    mode,
    note: MODE_NOTE[mode],
    summary: {
      cameras: { total: input.cameras.length, counted: s.camerasCounted, withoutStatus: input.withoutStatus ?? 0 },
      points: { total: s.points.total, covered: s.points.covered, coveredPct: s.points.coveredPct, meanCoveredFraction: f4(s.points.meanCoveredFraction) },
      // The engine's totals count the parts of a MultiLineString as routes: the count is ours.
      routes: { total: routes.length, lengthM: m2(s.routes.lengthM), coveredM: m2(s.routes.coveredM), coveredPct: s.routes.coveredPct, longestGapM: m2(s.routes.longestGapM) },
    },
    uncoveredPoints: result.uncoveredPoints.map((p) => p.id),
    points: result.points.map((p) => ({ id: p.id, covered: p.covered, coveredFraction: f4(p.coveredFraction) })),
    routes: routeOut,
    warnings: warnings.map(formatIssue),
  };
}

export interface CoverageIo {
  readFile(file: string): string;
  /** One write of stdout; resolves once written (process.exit right after would cut a pipe short). */
  out(text: string): Promise<void> | void;
  err(text: string): void;
}

const nodeIo: CoverageIo = {
  readFile: (file) => fs.readFileSync(file, 'utf8'),
  out: (t) => new Promise((resolve, reject) => process.stdout.write(`${t}\n`, (e) => (e ? reject(e) : resolve()))),
  err: (t) => console.error(t),
};

/**
 * `npm run cli -- coverage --cameras c.geojson [--risk-points p.geojson] [--risk-routes r.geojson]
 * [--mode effective|nominal] [--json]`, no database. Exit codes: 0 done; 2 invalid input (a file is
 * not GeoJSON, a wrong geometry type, a bad property: every problem listed on stderr, and with
 * --json as {"errors":[…]} on stdout); 1 wrong arguments or a file that cannot be read (thrown,
 * main.ts prints it).
 */
export async function runCoverage(values: Record<string, string | boolean | undefined>, io: CoverageIo = nodeIo): Promise<number> {
  const str = (k: string) => (typeof values[k] === 'string' ? (values[k] as string) : undefined);
  const camerasFile = str('cameras');
  if (!camerasFile) throw new Error('coverage needs --cameras <file.geojson> (an empty FeatureCollection for none)');
  const mode = str('mode') ?? 'effective';
  if (mode !== 'effective' && mode !== 'nominal') throw new Error(`--mode must be effective or nominal, got "${mode}"`);

  const names = [camerasFile, str('risk-points'), str('risk-routes')];
  const errors: InputIssue[] = [];
  const warnings: InputIssue[] = [];
  const load = <T>(file: string | undefined, read: (data: unknown, source: string) => T & { errors: InputIssue[]; warnings: InputIssue[] }): T | undefined => {
    if (file === undefined) return undefined;
    let text: string;
    try {
      text = io.readFile(file);
    } catch (err) {
      throw new Error(`cannot read ${file}: ${(err as Error).message}`);
    }
    // Name files by their base name (stable messages and goldens) unless two inputs share one.
    const source = names.filter((n) => n && path.basename(n) === path.basename(file)).length > 1 ? file : path.basename(file);
    const parsed = parseGeoJsonText(text, source);
    if (parsed.errors.length) {
      errors.push(...parsed.errors);
      return undefined;
    }
    const r = read(parsed.data, source);
    errors.push(...r.errors);
    warnings.push(...r.warnings);
    return r;
  };
  const cameras = load(camerasFile, readCameras);
  const points = load(str('risk-points'), readRiskPoints);
  const routes = load(str('risk-routes'), readRiskRoutes);

  if (errors.length) {
    const lines = errors.map(formatIssue);
    io.err(`invalid input, nothing computed (${errors.length} problem${errors.length > 1 ? 's' : ''}):\n${lines.join('\n')}`);
    if (values.json) await io.out(JSON.stringify({ errors: errors.map((e) => ({ ...e, text: formatIssue(e) })) }));
    return 2;
  }
  const report = coverageReport(
    { cameras: cameras!.items, riskPoints: points?.items, riskRoutes: routes?.items, mode, withoutStatus: cameras!.withoutStatus.length },
    warnings,
  );
  await io.out(values.json ? JSON.stringify(report) : humanSummary(report));
  return 0;
}

const km = (m: number) => (m >= 1000 ? `${(m / 1000).toFixed(2)} km` : `${m.toFixed(2)} m`);

function humanSummary(r: CoverageReport): string {
  const s = r.summary;
  const lines = [
    `coverage, ${r.note}`,
    `cameras: ${s.cameras.counted} of ${s.cameras.total} counted` + (s.cameras.withoutStatus ? ` (${s.cameras.withoutStatus} without a status, counted as ${MISSING_STATUS})` : ''),
  ];
  if (s.points.total) {
    lines.push(`risk points: ${s.points.covered} of ${s.points.total} covered (${s.points.coveredPct.toFixed(1)} %), on average ${(s.points.meanCoveredFraction * 100).toFixed(1)} % of a point's buffer is watched`);
    if (r.uncoveredPoints.length) lines.push(`  not covered, heaviest first: ${r.uncoveredPoints.slice(0, 10).join(', ')}${r.uncoveredPoints.length > 10 ? ` and ${r.uncoveredPoints.length - 10} more` : ''}`);
  }
  if (s.routes.total) {
    lines.push(`risk routes: ${km(s.routes.coveredM)} of ${km(s.routes.lengthM)} covered (${s.routes.coveredPct.toFixed(1)} %), longest uncovered stretch ${km(s.routes.longestGapM)}`);
    for (const route of r.routes) {
      lines.push(`  ${route.id}: ${km(route.coveredM)} of ${km(route.lengthM)} (${(route.coveredFraction * 100).toFixed(1)} %), ${route.gaps.features.length} gap${route.gaps.features.length === 1 ? '' : 's'}, longest ${km(route.longestGapM)}`);
    }
  }
  if (!s.points.total && !s.routes.total) lines.push('no risk points or routes given (--risk-points, --risk-routes)');
  for (const w of r.warnings) lines.push(`warning: ${w}`);
  return lines.join('\n');
}
