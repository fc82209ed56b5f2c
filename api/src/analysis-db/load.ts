/**
 * Loading the coverage engine's inputs from PostGIS: the risk points and routes of an area, and
 * the cameras that can see them, found by an index-assisted candidate search.
 *
 * Candidate search: a camera matters to a risk point when it stands within its range plus the
 * point's buffer radius, and to a route when it stands within its range of the route. The tables
 * hold geometry(…, 4326) with GiST indexes, so the search is two steps per risk item:
 *   1. `camera.geom && atlas_expand_m(item.geom, reach + longest range)` — a box in degrees that
 *      the cameras' GiST index answers (the box is built from the outer row, never from the
 *      indexed column);
 *   2. `ST_DWithin(camera.geom::geography, item.geom::geography, reach + camera range + 1 m)` —
 *      the exact spheroid distance with each camera's own range.
 * Routes are cut into pieces of at most 0.01° (~1.1 km) first: a geography distance is measured to
 * the geodesic between two vertices, the engine uses the straight lon/lat segment, and over 1 km
 * the two are a few millimetres apart (over 50 km they would be metres apart). The 1 m slack covers
 * that and the engine's tangent-plane distances (< 0.01 % of a range).
 * A camera without range_m reaches at most RANGE_LIMITS.max (its default range is clamped to it).
 *
 * All cameras are loaded whatever their status: nominal coverage and repair values need the
 * broken ones; the engine picks the cameras of a mode itself.
 */
import type { Knex } from 'knex';
import { type CameraInput, DEFAULT_RADIUS_M, FALLBACK_RADIUS_M, RANGE_LIMITS, type RiskPointInput, type RiskRouteInput } from '../analysis/index.js';
import { type AreaFilter, type SqlPart, whereArea } from './filters.js';

type Db = Knex | Knex.Transaction;

/**
 * Runs `fn` in one read-only, repeatable-read transaction (every query sees the same data) with
 * PostgreSQL's JIT off. The candidate search's cost estimate is dominated by the default row
 * estimate of ST_DumpSegments (1000 per route) and easily passes jit_above_cost; compiling the
 * PostGIS expressions then took 3.4 s of a query that runs in 60 ms (PostgreSQL 15, national
 * density). Inside a transaction already, only JIT is switched off (until it ends).
 */
export async function analysisTransaction<T>(db: Db, fn: (trx: Knex.Transaction) => Promise<T>): Promise<T> {
  if (db.isTransaction) {
    await db.raw('set local jit = off');
    return fn(db as Knex.Transaction);
  }
  return (db as Knex).transaction(async (trx) => {
    await trx.raw('set transaction isolation level repeatable read, read only');
    await trx.raw('set local jit = off');
    return fn(trx);
  });
}

/** Slack (m) added to every exact distance test of the candidate search. */
export const SLACK_M = 1;
/** Routes are cut into pieces of at most this many degrees before distance tests. */
export const ROUTE_PIECE_DEG = 0.01;

export interface CameraRecord {
  id: number;
  external_id: string | null;
  place_name: string;
  lon: number;
  lat: number;
  kind: 'fixed' | 'dome' | 'ptz';
  status: 'working' | 'not_working' | 'under_repair' | 'beyond_repair';
  direction_deg: number | null;
  fov_deg: number | null;
  range_m: number | null;
  recorded_resolution: string | null;
  max_resolution: string | null;
  linkage: string | null;
  repair_budget_baht: number | null;
  repair_agency: string | null;
  agency_id: number | null;
  province_code: string | null;
  district_id: number | null;
  subdistrict_id: number | null;
  police_station_id: number | null;
  is_demo: boolean;
}

export interface RiskPointRecord {
  id: number;
  external_id: string | null;
  name: string;
  category: string;
  weight: number;
  radius_m: number | null;
  lon: number;
  lat: number;
  province_code: string | null;
  district_id: number | null;
  police_station_id: number | null;
}

export interface RiskRouteRecord {
  id: number;
  external_id: string | null;
  name: string;
  category: string;
  weight: number;
  coordinates: [number, number][];
  province_code: string | null;
  district_id: number | null;
  police_station_id: number | null;
}

export const CAMERA_SELECT = `c.id, c.external_id, c.place_name, ST_X(c.geom) as lon, ST_Y(c.geom) as lat, c.kind, c.status,
  c.direction_deg, c.fov_deg, c.range_m, c.recorded_resolution, c.max_resolution, c.linkage, c.repair_budget_baht,
  c.repair_agency, c.agency_id, c.province_code, c.district_id, c.subdistrict_id, c.police_station_id, c.is_demo`;
const POINT_SELECT = `p.id, p.external_id, p.name, p.category, p.weight, p.radius_m, ST_X(p.geom) as lon, ST_Y(p.geom) as lat,
  p.province_code, p.district_id, p.police_station_id`;
// 15 decimals: the engine gets the stored coordinates, not a rounded copy.
const ROUTE_SELECT = `r.id, r.external_id, r.name, r.category, r.weight, ST_AsGeoJSON(r.geom, 15)::json -> 'coordinates' as coordinates,
  r.province_code, r.district_id, r.police_station_id`;

/** A camera row as the engine reads it: the recorded resolution, else the maximum, sets the default range. */
export function cameraInput(r: CameraRecord): CameraInput {
  return {
    id: r.id,
    lon: r.lon,
    lat: r.lat,
    kind: r.kind,
    directionDeg: r.direction_deg,
    fovDeg: r.fov_deg,
    rangeM: r.range_m,
    resolution: r.recorded_resolution ?? r.max_resolution,
    status: r.status,
  };
}

export function riskPointInput(r: RiskPointRecord): RiskPointInput {
  return { id: r.id, lon: r.lon, lat: r.lat, radiusM: r.radius_m, weight: r.weight, category: r.category };
}

export function riskRouteInput(r: RiskRouteRecord): RiskRouteInput {
  return { id: r.id, coordinates: r.coordinates, weight: r.weight, category: r.category };
}

/** The buffer radius of a risk point in SQL, as the engine's radiusOf: radius_m, else by category. */
function reachOfPoint(): SqlPart {
  return { sql: `coalesce(p.radius_m, (?::jsonb ->> p.category)::float8, ?)`, bindings: [JSON.stringify(DEFAULT_RADIUS_M), FALLBACK_RADIUS_M] };
}

/** The longest range any camera can have now: the longest explicit range_m or the longest default. */
export async function longestRangeM(db: Db): Promise<number> {
  const { rows } = await db.raw('select max(range_m) as m from cameras');
  return Math.max(RANGE_LIMITS.max, Number((rows[0] as { m: number | null }).m ?? 0));
}

export async function loadRiskPoints(db: Db, where: SqlPart): Promise<RiskPointRecord[]> {
  const { rows } = await db.raw(`select ${POINT_SELECT} from risk_points p where ${where.sql} order by p.id`, where.bindings);
  return rows as RiskPointRecord[];
}

export async function loadRiskRoutes(db: Db, where: SqlPart): Promise<RiskRouteRecord[]> {
  const { rows } = await db.raw(`select ${ROUTE_SELECT} from risk_routes r where ${where.sql} order by r.id`, where.bindings);
  return rows as RiskRouteRecord[];
}

/**
 * The SQL of the candidate search: every camera (any status) that can see part of a risk point's
 * buffer (points matching `points`, alias p) or of a route (routes matching `routes`, alias r).
 * Exported for the EXPLAIN test.
 */
export function candidateCamerasQuery(points: SqlPart, routes: SqlPart, longestM: number): SqlPart {
  const reach = reachOfPoint();
  return {
    sql: `with pts as (
        select p.geom, ${reach.sql} as reach from risk_points p where ${points.sql}
      ), segs as (
        select s.geom, 0::float8 as reach
          from risk_routes r, lateral ST_DumpSegments(ST_Segmentize(r.geom, ?)) s
         where ${routes.sql}
      ), items as (
        select geom, reach from pts union all select geom, reach from segs
      )
      select distinct on (c.id) ${CAMERA_SELECT}
        from items i
        join cameras c
          on c.geom && atlas_expand_m(i.geom, i.reach + ?)
         and ST_DWithin(c.geom::geography, i.geom::geography, i.reach + coalesce(c.range_m, ?) + ?)
       order by c.id`,
    bindings: [...reach.bindings, ...points.bindings, ROUTE_PIECE_DEG, ...routes.bindings, longestM + SLACK_M, RANGE_LIMITS.max, SLACK_M],
  };
}

export async function loadCandidateCameras(db: Db, points: SqlPart, routes: SqlPart): Promise<CameraRecord[]> {
  const q = candidateCamerasQuery(points, routes, await longestRangeM(db));
  const { rows } = await db.raw(q.sql, q.bindings);
  return rows as CameraRecord[];
}

export interface CoverageData {
  cameras: CameraRecord[];
  riskPoints: RiskPointRecord[];
  riskRoutes: RiskRouteRecord[];
}

const NOTHING: SqlPart = { sql: 'false', bindings: [] };

/** The risk points and routes of an area (or only one of the two) and every camera that can see them. */
export async function loadCoverageData(db: Db, area: AreaFilter, opts: { points?: boolean; routes?: boolean } = {}): Promise<CoverageData> {
  const points = opts.points === false ? NOTHING : whereArea('p', area);
  const routes = opts.routes === false ? NOTHING : whereArea('r', area);
  return analysisTransaction(db, async (trx) => ({
    riskPoints: await loadRiskPoints(trx, points),
    riskRoutes: await loadRiskRoutes(trx, routes),
    cameras: await loadCandidateCameras(trx, points, routes),
  }));
}

export interface RepairData extends CoverageData {
  /** The cameras of the area that are not working: the ones whose repair is valued. */
  broken: CameraRecord[];
}

/**
 * What the repair value of the area's broken cameras needs: those cameras, the risk points and
 * routes within their reach (in any area: a camera by a border sees both sides), and every camera
 * that can see those risk items (the working ones set the baseline).
 */
export function loadRepairData(db: Db, area: AreaFilter): Promise<RepairData> {
  return analysisTransaction(db, (trx) => repairData(trx, area));
}

async function repairData(db: Knex.Transaction, area: AreaFilter): Promise<RepairData> {
  const c = whereArea('c', area);
  const { rows: broken } = await db.raw(`select ${CAMERA_SELECT} from cameras c where c.status <> 'working' and ${c.sql} order by c.id`, c.bindings);
  if (!broken.length) return { broken: [], cameras: [], riskPoints: [], riskRoutes: [] };
  const near = `with b as (
      select c.geom, coalesce(c.range_m, ?) + ? as reach from cameras c where c.status <> 'working' and ${c.sql}
    )`;
  const nearBindings = [RANGE_LIMITS.max, SLACK_M, ...c.bindings];
  const { rows: pointIds } = await db.raw(
    `${near} select distinct p.id from b join risk_points p
        on p.geom && atlas_expand_m(b.geom, b.reach) and ST_DWithin(p.geom::geography, b.geom::geography, b.reach)`,
    nearBindings,
  );
  // A superset in degrees (the engine decides exactly): planar distance to the straight segments.
  const { rows: routeIds } = await db.raw(
    `${near} select distinct r.id from b join risk_routes r
        on ST_DWithin(r.geom, b.geom, atlas_m_in_degrees(ST_Y(b.geom), b.reach))`,
    nearBindings,
  );
  const points: SqlPart = { sql: 'p.id = any(?::bigint[])', bindings: [toArray(pointIds)] };
  const routes: SqlPart = { sql: 'r.id = any(?::bigint[])', bindings: [toArray(routeIds)] };
  const riskPoints = await loadRiskPoints(db, points);
  const riskRoutes = await loadRiskRoutes(db, routes);
  const candidates = await loadCandidateCameras(db, points, routes);
  // The baseline is the working cameras; broken cameras elsewhere are not valued here.
  const cameras = [...candidates.filter((x) => x.status === 'working'), ...(broken as CameraRecord[])];
  return { broken: broken as CameraRecord[], cameras, riskPoints, riskRoutes };
}

/** `{1,2,3}`: an id list bound as one array parameter. */
function toArray(rows: { id: number }[]): string {
  return `{${rows.map((r) => Number(r.id)).join(',')}}`;
}

/** Every camera of an area (by its area columns and position), any status. */
export async function loadAreaCameras(db: Db, area: AreaFilter): Promise<CameraRecord[]> {
  const c = whereArea('c', area);
  const { rows } = await db.raw(`select ${CAMERA_SELECT} from cameras c where ${c.sql} order by c.id`, c.bindings);
  return rows as CameraRecord[];
}
