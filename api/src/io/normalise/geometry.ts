/**
 * Geometry carried by the file (GeoJSON/KML features) or written in a cell (WKT, GeoJSON text),
 * coerced to what each table stores: Point, LineString, Polygon/MultiPolygon. KML always adds an
 * altitude, which PositionSchema does not take: positions are cut to [lon, lat].
 */
import type { GeoJsonGeometry } from '../types.js';
import { checkLonLat, type CoordinateOptions, type LonLat } from './coordinates.js';
import { fail, ok, type Parsed } from './result.js';
import { cleanText } from './thai.js';

type Position = [number, number];
export interface PointGeometry { type: 'Point'; coordinates: Position }
export interface LineGeometry { type: 'LineString'; coordinates: Position[] }
export type AreaGeometry = { type: 'Polygon'; coordinates: Position[][] } | { type: 'MultiPolygon'; coordinates: Position[][][] };

const NUM = String.raw`-?(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?`;
const TUPLE = new RegExp(`(${NUM})\\s+(${NUM})(?:\\s+${NUM}){0,2}`, 'gi');
const WKT = /^(?:SRID=\d+;)?\s*(POINT|LINESTRING|POLYGON|MULTIPOINT|MULTILINESTRING|MULTIPOLYGON)\s*(?:ZM|Z|M)?\s*(\(.*\)|EMPTY)$/i;
const TYPES: Record<string, string> = {
  POINT: 'Point', LINESTRING: 'LineString', POLYGON: 'Polygon',
  MULTIPOINT: 'MultiPoint', MULTILINESTRING: 'MultiLineString', MULTIPOLYGON: 'MultiPolygon',
};

/** WKT (POINT, LINESTRING, POLYGON and their MULTI forms; Z/M dropped) to GeoJSON. */
export function parseWkt(text: string): Parsed<GeoJsonGeometry> {
  const m = WKT.exec(cleanText(text));
  if (!m) return fail('not WKT geometry', 'e.g. POINT (100.42091 13.71197) or LINESTRING (100.1 13.7, 100.2 13.8)');
  if (m[2]!.toUpperCase() === 'EMPTY') return ok(null);
  const type = TYPES[m[1]!.toUpperCase()]!;
  let coords: unknown;
  try {
    coords = JSON.parse(m[2]!.replace(TUPLE, '[$1,$2]').replace(/\(/g, '[').replace(/\)/g, ']'));
  } catch {
    return fail(`malformed ${m[1]!.toUpperCase()} WKT`);
  }
  if (type === 'Point') coords = (coords as unknown[])[0];
  // MULTIPOINT ((1 2), (3 4)) and MULTIPOINT (1 2, 3 4) are both allowed.
  if (type === 'MultiPoint') coords = (coords as unknown[]).map((p) => (Array.isArray(p) && Array.isArray(p[0]) ? p[0] : p));
  return ok({ type, coordinates: coords });
}

/** A geometry cell: WKT or GeoJSON geometry text. */
export function parseGeometryCell(text: string): Parsed<GeoJsonGeometry> {
  const s = text.trim();
  if (!s.startsWith('{')) return parseWkt(s);
  try {
    const g = JSON.parse(s) as { type?: unknown; coordinates?: unknown; geometry?: unknown };
    const geom = (g.type === 'Feature' ? g.geometry : g) as { type?: unknown; coordinates?: unknown } | null;
    if (geom && typeof geom.type === 'string' && Array.isArray(geom.coordinates)) return ok({ type: geom.type, coordinates: geom.coordinates });
  } catch {
    /* reported below */
  }
  return fail('not a GeoJSON geometry');
}

const isPos = (p: unknown): p is number[] => Array.isArray(p) && p.length >= 2 && p.every((x) => typeof x === 'number' && Number.isFinite(x));
const flat = (p: number[]): Position => [p[0]!, p[1]!];

function posList(c: unknown, depth: number): Position[] | Position[][] | Position[][][] | undefined {
  if (!Array.isArray(c)) return undefined;
  if (depth === 0) return isPos(c) ? [flat(c)] : undefined;
  if (depth === 1) return c.every(isPos) ? c.map(flat) : undefined;
  const inner = c.map((x) => posList(x, depth - 1));
  return inner.every((x) => x !== undefined) ? (inner as Position[][]) : undefined;
}

/**
 * Check every position against the bounds. When all of them fit only swapped the geometry is
 * reported as swapped (or swapped, with fixSwapped); otherwise the first bad position is named.
 */
function checkAll<T>(coords: T, opts: CoordinateOptions): Parsed<T> {
  const all: Position[] = [];
  const walk = (c: unknown): void => {
    if (isPos(c)) all.push(c as Position);
    else if (Array.isArray(c)) c.forEach(walk);
  };
  walk(coords);
  const problems = all.map((p) => checkLonLat({ lon: p[0], lat: p[1] }, { ...opts, fixSwapped: false }));
  const firstBad = problems.findIndex((r) => !r.ok);
  if (firstBad < 0) return ok(coords);
  const swapped = all.every(([x, y]) => checkLonLat({ lon: y, lat: x }, { ...opts, fixSwapped: false }).ok);
  if (swapped && opts.fixSwapped) {
    const swap = (c: unknown): unknown => (isPos(c) ? [c[1], c[0]] : Array.isArray(c) ? c.map(swap) : c);
    return ok(swap(coords) as T, 'all positions had longitude and latitude swapped: swapped back');
  }
  const bad = problems[firstBad] as { ok: false; message: string; suggestion?: string };
  const where = all.length > 1 ? `position ${firstBad + 1} of ${all.length}: ` : '';
  return fail(swapped && all.length > 1 ? `${where}${bad.message}; every position looks swapped` : `${where}${bad.message}`, bad.suggestion);
}

export function toPoint(g: GeoJsonGeometry, opts: CoordinateOptions = {}): Parsed<PointGeometry> {
  let c: Position[] | undefined;
  if (g.type === 'Point') c = posList(g.coordinates, 0) as Position[] | undefined;
  else if (g.type === 'MultiPoint') c = posList(g.coordinates, 1) as Position[] | undefined;
  else return fail(`expected a point, got a ${g.type}`);
  if (!c || c.length !== 1) return fail(g.type === 'MultiPoint' ? `a MultiPoint with ${c?.length ?? 0} points is not one point` : 'malformed Point coordinates');
  const r = checkAll(c[0]!, opts);
  return r.ok && r.value ? ok({ type: 'Point', coordinates: r.value }, r.note) : (r as Parsed<PointGeometry>);
}

export function toLineString(g: GeoJsonGeometry, opts: CoordinateOptions = {}): Parsed<LineGeometry> {
  let c: Position[] | undefined;
  if (g.type === 'LineString') c = posList(g.coordinates, 1) as Position[] | undefined;
  else if (g.type === 'MultiLineString') {
    const parts = posList(g.coordinates, 2) as Position[][] | undefined;
    if (parts && parts.length !== 1) return fail(`a MultiLineString with ${parts.length} parts is not one route`, 'split it into one feature per route');
    c = parts?.[0];
  } else return fail(`expected a line, got a ${g.type}`);
  if (!c) return fail(`malformed ${g.type} coordinates`);
  if (c.length < 2) return fail('a line needs at least 2 positions');
  const r = checkAll(c, opts);
  return r.ok && r.value ? ok({ type: 'LineString', coordinates: r.value }, r.note) : (r as Parsed<LineGeometry>);
}

export function toArea(g: GeoJsonGeometry, opts: CoordinateOptions = {}): Parsed<AreaGeometry> {
  if (g.type !== 'Polygon' && g.type !== 'MultiPolygon') return fail(`expected a polygon, got a ${g.type}`);
  const c = posList(g.coordinates, g.type === 'Polygon' ? 2 : 3);
  if (!c) return fail(`malformed ${g.type} coordinates`);
  const r = checkAll(c, opts);
  return r.ok && r.value ? ok({ type: g.type, coordinates: r.value } as AreaGeometry, r.note) : (r as Parsed<AreaGeometry>);
}

/** Area-weighted centroid of the largest outer ring (planar; fine at the scale of a jurisdiction). */
export function areaCentroid(a: AreaGeometry): LonLat {
  const polygons = a.type === 'Polygon' ? [a.coordinates] : a.coordinates;
  let best = { area: -1, lon: 0, lat: 0 };
  for (const poly of polygons) {
    const ring = poly[0] ?? [];
    let area2 = 0;
    let cx = 0;
    let cy = 0;
    for (let i = 0; i + 1 < ring.length; i++) {
      const [x0, y0] = ring[i]!;
      const [x1, y1] = ring[i + 1]!;
      const cross = x0 * y1 - x1 * y0;
      area2 += cross;
      cx += (x0 + x1) * cross;
      cy += (y0 + y1) * cross;
    }
    const area = Math.abs(area2 / 2);
    if (area > best.area && area2 !== 0) best = { area, lon: cx / (3 * area2), lat: cy / (3 * area2) };
  }
  const round = (x: number) => Math.round(x * 1e7) / 1e7;
  return { lon: round(best.lon), lat: round(best.lat) };
}
