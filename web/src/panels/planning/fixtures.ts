/**
 * A hand-made area for the in-browser coverage tests (planning what-if and police drawing), with
 * positions in metres from one camera so that the expected answers can be worked out by hand:
 * camera 1 at (100.45, 14.6) looks east (90°, field of view 90°, range 50 m);
 * risk point 11 lies 30 m east of it (covered), risk point 12 200 m north (not covered);
 * risk route 21 runs west–east 210 m north of the camera, from 40 m west to 40 m east (80 m, not covered).
 */
import { LocalFrame, segmentLength } from '../../../../api/src/analysis/index.js';
import type { CameraRecord, RiskPointCoverage, RiskRouteCoverage, RiskRouteRecord } from '../../api/planning';
import type { Call } from './test-utils';

export const ORIGIN = { lon: 100.45, lat: 14.6 };
const frame = new LocalFrame(ORIGIN.lon, ORIGIN.lat);
/** lon/lat of a position x metres east and y metres north of camera 1. */
export const at = (x: number, y: number): [number, number] => frame.toLonLat(x, y);

export function camera(id: number, x: number, y: number, over: Partial<CameraRecord> = {}): CameraRecord {
  return { id, status: 'working', kind: 'fixed', direction_deg: 90, fov_deg: 90, range_m: 50, recorded_resolution: null, max_resolution: null, geometry: { type: 'Point', coordinates: at(x, y) }, ...over };
}

export function point(id: number, x: number, y: number, weight: number, covered: boolean, coveredBy: number[] = []): RiskPointCoverage {
  return { id, name: `จุดเสี่ยง ${id}`, category: 'robbery', weight, radiusM: 50, covered, coveredFraction: covered ? 0.3 : 0, coveredBy, police_station_id: null, geometry: { type: 'Point', coordinates: at(x, y) } };
}

export const ROUTE_LINE: [number, number][] = [at(-40, 210), at(40, 210)];
export const ROUTE_LENGTH_M = segmentLength(ROUTE_LINE[0]!, ROUTE_LINE[1]!);

export function route(id: number, coveredM: number, weight = 2): RiskRouteCoverage {
  return {
    id,
    name: `เส้นทาง ${id}`,
    category: 'escape_route',
    weight,
    lengthM: ROUTE_LENGTH_M,
    coveredM,
    coveredFraction: coveredM / ROUTE_LENGTH_M,
    longestGapM: ROUTE_LENGTH_M - coveredM,
    police_station_id: null,
    gaps: { type: 'FeatureCollection', features: [] },
  };
}

export const routeRecord = (id: number, weight = 2): RiskRouteRecord => ({ id, name: `เส้นทาง ${id}`, category: 'escape_route', weight, geometry: { type: 'LineString', coordinates: ROUTE_LINE } });

export interface AreaFixture {
  cameras: CameraRecord[];
  points: RiskPointCoverage[];
  routes: RiskRouteCoverage[];
  /** Cameras returned for a bbox query (outside the area). */
  near?: CameraRecord[];
}

export const BASIC: AreaFixture = {
  cameras: [camera(1, 0, 0)],
  points: [point(11, 30, 0, 2, true, [1]), point(12, 0, 200, 3, false)],
  routes: [route(21, 0)],
};

const page = <T>(items: T[]) => ({ items, total: items.length, limit: 10000, offset: 0 });

/** Answers the four coverage-input requests (and the bbox one) from a fixture; undefined otherwise. */
export function answerArea(fx: AreaFixture, c: Call): unknown {
  if (c.method !== 'GET') return undefined;
  if (c.path === '/api/cameras') return page(c.query.has('bbox') ? (fx.near ?? []) : fx.cameras);
  if (c.path === '/api/analysis/risk-points') return { mode: 'effective', summary: { total: fx.points.length, covered: fx.points.filter((p) => p.covered).length }, points: fx.points };
  if (c.path === '/api/analysis/risk-routes') return { mode: 'effective', summary: { total: fx.routes.length, lengthM: 0, coveredM: 0 }, routes: fx.routes };
  if (c.path === '/api/risk-routes') return page(fx.routes.map((r) => routeRecord(r.id, r.weight)));
  return undefined;
}
