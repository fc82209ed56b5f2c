/**
 * The little planar geometry the generators need, in plain lon/lat (WGS84): point in polygon,
 * an interior point, metre offsets and polyline measures. Good to a few metres at Thai latitudes,
 * which is all synthetic data needs; the database does the authoritative work.
 */
import type { Rng } from './random.js';

export type Position = [number, number]; // [lon, lat]
/** GeoJSON MultiPolygon coordinates: polygons → rings → positions. */
export type MultiPolygonCoords = Position[][][];

export interface Area {
  coords: MultiPolygonCoords;
  bbox: [number, number, number, number];
}

const M_PER_DEG_LAT = 110_574;
const mPerDegLon = (lat: number) => 111_320 * Math.cos((lat * Math.PI) / 180);

export function area(coordinates: MultiPolygonCoords | Position[][]): Area {
  const coords = isMulti(coordinates) ? coordinates : [coordinates];
  let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
  for (const poly of coords) {
    for (const ring of poly) {
      for (const [x, y] of ring) {
        if (x < minX) minX = x;
        if (y < minY) minY = y;
        if (x > maxX) maxX = x;
        if (y > maxY) maxY = y;
      }
    }
  }
  return { coords, bbox: [minX, minY, maxX, maxY] };
}

function isMulti(c: MultiPolygonCoords | Position[][]): c is MultiPolygonCoords {
  const first = c[0]?.[0]?.[0];
  return Array.isArray(first);
}

/** Even–odd ray casting over every ring (holes included). */
export function contains(a: Area, lon: number, lat: number): boolean {
  const [minX, minY, maxX, maxY] = a.bbox;
  if (lon < minX || lon > maxX || lat < minY || lat > maxY) return false;
  let inside = false;
  for (const poly of a.coords) {
    for (const ring of poly) {
      for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
        const [xi, yi] = ring[i] as Position;
        const [xj, yj] = ring[j] as Position;
        if (yi > lat !== yj > lat && lon < ((xj - xi) * (lat - yi)) / (yj - yi) + xi) inside = !inside;
      }
    }
  }
  return inside;
}

/**
 * A point inside the area (what ST_PointOnSurface does): the middle of the widest inside stretch
 * of a horizontal line through the middle of the bounding box, trying a few lines if needed.
 */
export function interiorPoint(a: Area): Position {
  const [minX, minY, maxX, maxY] = a.bbox;
  for (const f of [0.5, 0.4, 0.6, 0.3, 0.7, 0.2, 0.8]) {
    const y = minY + (maxY - minY) * f;
    const xs: number[] = [];
    for (const poly of a.coords) {
      for (const ring of poly) {
        for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
          const [xi, yi] = ring[i] as Position;
          const [xj, yj] = ring[j] as Position;
          if (yi > y !== yj > y) xs.push(((xj - xi) * (y - yi)) / (yj - yi) + xi);
        }
      }
    }
    xs.sort((p, q) => p - q);
    let best: Position | undefined;
    let width = 0;
    for (let i = 0; i + 1 < xs.length; i += 2) {
      const w = (xs[i + 1] as number) - (xs[i] as number);
      if (w > width) {
        width = w;
        best = [((xs[i] as number) + (xs[i + 1] as number)) / 2, y];
      }
    }
    if (best && contains(a, best[0], best[1])) return best;
  }
  return [(minX + maxX) / 2, (minY + maxY) / 2];
}

/** Moves a point by metres east and north. */
export function offset([lon, lat]: Position, eastM: number, northM: number): Position {
  return [lon + eastM / mPerDegLon(lat), lat + northM / M_PER_DEG_LAT];
}

/** A normally distributed offset with the given standard deviation in metres. */
export function jitter(rng: Rng, p: Position, sigmaM: number): Position {
  return offset(p, rng.gauss() * sigmaM, rng.gauss() * sigmaM);
}

/** Approximate distance in metres (equirectangular; fine below a few tens of km). */
export function distanceM(a: Position, b: Position): number {
  const lat = (a[1] + b[1]) / 2;
  const dx = (b[0] - a[0]) * mPerDegLon(lat);
  const dy = (b[1] - a[1]) * M_PER_DEG_LAT;
  return Math.sqrt(dx * dx + dy * dy);
}

/** Compass bearing from a to b in degrees [0, 360). */
export function bearingDeg(a: Position, b: Position): number {
  const lat = (a[1] + b[1]) / 2;
  const dx = (b[0] - a[0]) * mPerDegLon(lat);
  const dy = (b[1] - a[1]) * M_PER_DEG_LAT;
  const deg = (Math.atan2(dx, dy) * 180) / Math.PI;
  return (deg + 360) % 360;
}

export function lineLengthM(line: readonly Position[]): number {
  let sum = 0;
  for (let i = 1; i < line.length; i++) sum += distanceM(line[i - 1] as Position, line[i] as Position);
  return sum;
}

/** The part of the line between the distances from and to (metres from its start). */
export function substring(line: readonly Position[], fromM: number, toM: number): Position[] {
  const out: Position[] = [];
  let walked = 0;
  for (let i = 1; i < line.length; i++) {
    const a = line[i - 1] as Position;
    const b = line[i] as Position;
    const len = distanceM(a, b);
    const at = (m: number): Position => {
      const t = len === 0 ? 0 : (m - walked) / len;
      return [a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t];
    };
    const segStart = walked;
    const segEnd = walked + len;
    if (segEnd >= fromM && segStart <= toM) {
      if (out.length === 0) out.push(at(Math.max(fromM, segStart)));
      out.push(at(Math.min(toM, segEnd)));
    }
    walked = segEnd;
    if (walked >= toM) break;
  }
  return out;
}

/** Rounds to 1e-7 degrees (about 1 cm): stable, compact JSON. */
export function round7(x: number): number {
  return Math.round(x * 1e7) / 1e7;
}
