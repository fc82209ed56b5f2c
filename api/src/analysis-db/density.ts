/**
 * Density per province, district or police station, as choropleth-ready GeoJSON.
 *
 * PostGIS aggregates what is a count: cameras (total, working, linked) and footage requests per
 * area with GROUP BY on the area columns the trigger keeps on every row, and the area of each
 * polygon in km² on the spheroid (`ST_Area(geom::geography)`; police stations: their jurisdiction).
 * The coverage figures (risk points covered, route length covered) come from the TypeScript engine
 * run over the areas' risk items and the cameras that can see them, then grouped by the same
 * columns — so a route counts in the area of its midpoint, as everywhere else in the API.
 * Footage requests: provinces and stations by the request's own columns; districts through the
 * request's camera (a request names no district), so requests without a camera count for no
 * district.
 */
import type { Knex } from 'knex';
import { analyseCoverage, type AreaCounts, type Mode } from '../analysis/index.js';
import type { AreaFilter, SqlPart } from './filters.js';
import { analysisTransaction, cameraInput, loadCandidateCameras, loadRiskPoints, loadRiskRoutes, riskPointInput, riskRouteInput } from './load.js';

type Db = Knex | Knex.Transaction;

export type DensityLevel = 'province' | 'district' | 'police_station';
export const DENSITY_LEVELS: readonly DensityLevel[] = ['province', 'district', 'police_station'];

interface LevelDef {
  /** The areas: key, names, province, polygon (alias a). */
  areas: string;
  /** The column of located rows that names the area. */
  column: 'province_code' | 'district_id' | 'police_station_id';
  keyType: 'text' | 'int';
  /** Which areas a filter selects: one condition per filter, each with one bound value. */
  on: { province: string; district: string; policeStation: string };
  /** The polygon a bbox is tested against. */
  bboxGeom: string[];
  /** Footage requests per area: key, n, broken (for the selected keys `k`). */
  requests: string;
}

const LEVELS: Record<DensityLevel, LevelDef> = {
  province: {
    areas: `select a.code as key, a.name_th, a.name_en, a.code as province_code, a.geom from provinces a`,
    column: 'province_code',
    keyType: 'text',
    on: {
      province: 'a.code = ?',
      district: 'a.code = (select d.province_code from districts d where d.id = ?)',
      policeStation: 'a.code = (select s.province_code from police_stations s where s.id = ?)',
    },
    bboxGeom: ['a.geom'],
    requests: `select f.province_code as key, count(*) as n, count(*) filter (where f.result = 'camera_broken') as broken
                 from footage_requests f where f.province_code in (select key from k) group by f.province_code`,
  },
  district: {
    areas: `select a.id as key, a.name_th, a.name_en, a.province_code, a.geom from districts a`,
    column: 'district_id',
    keyType: 'int',
    on: {
      province: 'a.province_code = ?',
      district: 'a.id = ?',
      policeStation: 'a.id = (select s.district_id from police_stations s where s.id = ?)',
    },
    bboxGeom: ['a.geom'],
    requests: `select c.district_id as key, count(*) as n, count(*) filter (where f.result = 'camera_broken') as broken
                 from footage_requests f join cameras c on c.id = f.camera_id
                where c.district_id in (select key from k) group by c.district_id`,
  },
  police_station: {
    areas: `select a.id as key, a.name_th, a.name_en, a.province_code, a.jurisdiction as geom from police_stations a`,
    column: 'police_station_id',
    keyType: 'int',
    on: { province: 'a.province_code = ?', district: 'a.district_id = ?', policeStation: 'a.id = ?' },
    // The jurisdiction; a station without one by its own position.
    bboxGeom: ['a.jurisdiction', 'case when a.jurisdiction is null then a.geom end'],
    requests: `select f.police_station_id as key, count(*) as n, count(*) filter (where f.result = 'camera_broken') as broken
                 from footage_requests f where f.police_station_id in (select key from k) group by f.police_station_id`,
  },
};

function whereAreas(def: LevelDef, f: AreaFilter): SqlPart {
  const parts: string[] = [];
  const bindings: (string | number)[] = [];
  for (const k of ['province', 'district', 'policeStation'] as const) {
    const v = f[k];
    if (v === undefined) continue;
    parts.push(def.on[k]);
    bindings.push(v);
  }
  if (f.bbox) {
    const env = 'ST_MakeEnvelope(?, ?, ?, ?, 4326)';
    parts.push(`(${def.bboxGeom.map((g) => `(${g} && ${env} and ST_Intersects(${g}, ${env}))`).join(' or ')})`);
    for (let i = 0; i < def.bboxGeom.length; i++) bindings.push(...f.bbox, ...f.bbox);
  }
  return { sql: parts.join(' and ') || 'true', bindings };
}

export interface DensityProperties extends AreaCounts {
  level: DensityLevel;
  /** Province code, district id or police station id. */
  key: string | number;
  name_th: string;
  name_en: string | null;
  province_code: string | null;
  /** km² on the spheroid; null for a police station without a jurisdiction polygon. */
  areaKm2: number | null;
  /** linked / total, 0–1 (linkage = 'linked'; unknown linkage counts as not linked). */
  linkedRatio: number;
  riskPointsTotal: number;
  riskPointsCovered: number;
  riskPointsCoveredPct: number;
  riskRoutesTotal: number;
  routeLengthM: number;
  routeCoveredM: number;
  routeCoveredPct: number;
  footageRequests: number;
  /** Requests answered `camera_broken`. */
  footageRequestsCameraBroken: number;
}

export interface DensityFeature {
  type: 'Feature';
  id: string | number;
  geometry: unknown;
  properties: DensityProperties;
}

interface AreaRow {
  key: string | number;
  name_th: string;
  name_en: string | null;
  province_code: string | null;
  area_km2: number | null;
  cameras_total: number;
  cameras_working: number;
  cameras_linked: number;
  requests: number;
  requests_broken: number;
  geometry?: unknown;
}

const pct = (a: number, b: number) => (b > 0 ? Math.round((1000 * a) / b) / 10 : 0);

/** The aggregate SQL of a level (exported for the EXPLAIN test). */
export function densityQuery(level: DensityLevel, f: AreaFilter, withGeometry: boolean): SqlPart {
  const def = LEVELS[level];
  const w = whereAreas(def, f);
  const geometry = withGeometry
    ? `, case when a.geom is null or ST_IsEmpty(a.geom) then null
              else ST_AsGeoJSON(ST_ForcePolygonCCW(ST_SnapToGrid(a.geom, 0.000001)), 6)::json end as geometry`
    : '';
  return {
    sql: `with a as (${def.areas} where ${w.sql}),
      k as (select key from a),
      cam as (
        select c.${def.column} as key, count(*) as total,
               count(*) filter (where c.status = 'working') as working,
               count(*) filter (where c.linkage = 'linked') as linked
          from cameras c where c.${def.column} in (select key from k) group by c.${def.column}
      ),
      req as (${def.requests})
      select a.key, a.name_th, a.name_en, a.province_code,
             case when a.geom is null then null else ST_Area(a.geom::geography) / 1e6 end as area_km2,
             coalesce(cam.total, 0)::int as cameras_total, coalesce(cam.working, 0)::int as cameras_working,
             coalesce(cam.linked, 0)::int as cameras_linked,
             coalesce(req.n, 0)::int as requests, coalesce(req.broken, 0)::int as requests_broken${geometry}
        from a left join cam on cam.key = a.key left join req on req.key = a.key
       order by a.key`,
    bindings: w.bindings,
  };
}

/** Density of every area of a level that the filter selects (which areas: docs/analysis.md, "Density"). */
export function densityByArea(db: Db, level: DensityLevel, filter: AreaFilter, opts: { mode: Mode; geometry: boolean }): Promise<DensityFeature[]> {
  return analysisTransaction(db, (trx) => density(trx, level, filter, opts));
}

async function density(db: Knex.Transaction, level: DensityLevel, filter: AreaFilter, opts: { mode: Mode; geometry: boolean }): Promise<DensityFeature[]> {
  const def = LEVELS[level];
  const q = densityQuery(level, filter, opts.geometry);
  const areas = (await db.raw(q.sql, q.bindings)).rows as AreaRow[];
  if (!areas.length) return [];

  // Coverage: the risk items of these areas, the cameras that see them, the engine.
  const keys = `{${areas.map((a) => (def.keyType === 'int' ? Number(a.key) : `"${String(a.key)}"`)).join(',')}}`;
  const cast = def.keyType === 'int' ? 'int[]' : 'text[]';
  const points: SqlPart = { sql: `p.${def.column} = any(?::${cast})`, bindings: [keys] };
  const routes: SqlPart = { sql: `r.${def.column} = any(?::${cast})`, bindings: [keys] };
  const riskPoints = await loadRiskPoints(db, points);
  const riskRoutes = await loadRiskRoutes(db, routes);
  const cameras = riskPoints.length || riskRoutes.length ? await loadCandidateCameras(db, points, routes) : [];
  const result = analyseCoverage({
    cameras: cameras.map(cameraInput),
    riskPoints: riskPoints.map(riskPointInput),
    riskRoutes: riskRoutes.map(riskRouteInput),
    mode: opts.mode,
  });

  const acc = new Map<string, { pts: number; covered: number; routes: number; len: number; cov: number }>();
  const slot = (key: unknown) => {
    const k = String(key);
    let s = acc.get(k);
    if (!s) acc.set(k, (s = { pts: 0, covered: 0, routes: 0, len: 0, cov: 0 }));
    return s;
  };
  result.points.forEach((p, i) => {
    const s = slot(riskPoints[i]![def.column]);
    s.pts++;
    if (p.covered) s.covered++;
  });
  result.routes.forEach((r, i) => {
    const s = slot(riskRoutes[i]![def.column]);
    s.routes++;
    s.len += r.lengthM;
    s.cov += r.coveredM;
  });

  return areas.map((a) => {
    const s = acc.get(String(a.key)) ?? { pts: 0, covered: 0, routes: 0, len: 0, cov: 0 };
    const km2 = a.area_km2 === null ? null : Number(a.area_km2);
    const perKm2 = (n: number) => (km2 && km2 > 0 ? n / km2 : null);
    return {
      type: 'Feature',
      id: a.key,
      geometry: opts.geometry ? (a.geometry ?? null) : null,
      properties: {
        level,
        key: a.key,
        name_th: a.name_th,
        name_en: a.name_en,
        province_code: a.province_code,
        areaKm2: km2,
        camerasTotal: a.cameras_total,
        camerasWorking: a.cameras_working,
        camerasLinked: a.cameras_linked,
        camerasPerKm2: perKm2(a.cameras_total),
        workingPerKm2: perKm2(a.cameras_working),
        workingRatio: a.cameras_total ? a.cameras_working / a.cameras_total : 0,
        linkedRatio: a.cameras_total ? a.cameras_linked / a.cameras_total : 0,
        riskPointsTotal: s.pts,
        riskPointsCovered: s.covered,
        riskPointsCoveredPct: pct(s.covered, s.pts),
        riskRoutesTotal: s.routes,
        routeLengthM: s.len,
        routeCoveredM: s.cov,
        routeCoveredPct: pct(s.cov, s.len),
        footageRequests: a.requests,
        footageRequestsCameraBroken: a.requests_broken,
      },
    };
  });
}
