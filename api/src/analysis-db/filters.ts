/**
 * The area an analysis covers, as SQL conditions. Every located table (cameras, risk points and
 * routes) carries province_code, district_id and police_station_id, set by the area trigger from
 * the geometry (a route: its midpoint); a bbox selects by the geometry itself.
 * Identifiers here are constants of this module; values are always bound.
 */
import type { Mode } from '../analysis/index.js';

export type { Mode };
export type Bbox = [number, number, number, number];

/** What the caller asked for, already validated (see routes/analysis.ts). */
export interface AreaFilter {
  /** Two-digit province code. */
  province?: string;
  district?: number;
  policeStation?: number;
  /** minLon, minLat, maxLon, maxLat (WGS84); minLon <= maxLon. */
  bbox?: Bbox;
}

export interface SqlPart {
  sql: string;
  bindings: (string | number)[];
}

/** `true` or the filter's conditions on a located table under `alias` (bbox on `alias.geom`). */
export function whereArea(alias: string, f: AreaFilter): SqlPart {
  const parts: string[] = [];
  const bindings: (string | number)[] = [];
  if (f.province !== undefined) {
    parts.push(`${alias}.province_code = ?`);
    bindings.push(f.province);
  }
  if (f.district !== undefined) {
    parts.push(`${alias}.district_id = ?`);
    bindings.push(f.district);
  }
  if (f.policeStation !== undefined) {
    parts.push(`${alias}.police_station_id = ?`);
    bindings.push(f.policeStation);
  }
  if (f.bbox) {
    // && on the envelope (GiST index), then the exact test; the envelope is in the column's SRID.
    parts.push(`(${alias}.geom && ST_MakeEnvelope(?, ?, ?, ?, 4326) and ST_Intersects(${alias}.geom, ST_MakeEnvelope(?, ?, ?, ?, 4326)))`);
    bindings.push(...f.bbox, ...f.bbox);
  }
  return { sql: parts.length ? parts.join(' and ') : 'true', bindings };
}

/** True when the filter selects everything (no condition at all). */
export function isNational(f: AreaFilter): boolean {
  return f.province === undefined && f.district === undefined && f.policeStation === undefined && !f.bbox;
}
