/**
 * Loading what the planning problem needs from PostGIS, in one read-only snapshot:
 *   - the area's risk points and routes (api/src/analysis-db/load.ts), and its footage-request
 *     hotspots: the requested cameras of the area with their number of requests (optionally since
 *     a date);
 *   - the area's proposed sites (not installed, not rejected) and its repairable cameras (not
 *     working or under repair);
 *   - every working camera that can see any of that demand, found by the same index-assisted
 *     candidate search as the coverage analysis (a box from the outer row on the GiST index, then
 *     the exact geography distance with each camera's own range), whatever its area: a camera
 *     across a district line still watches the street.
 */
import type { Knex } from 'knex';
import { RANGE_LIMITS } from '../analysis/index.js';
import { type AreaFilter, type SqlPart, whereArea } from '../analysis-db/filters.js';
import {
  analysisTransaction,
  CAMERA_SELECT,
  cameraInput,
  type CameraRecord,
  loadCandidateCameras,
  loadRiskPoints,
  loadRiskRoutes,
  longestRangeM,
  type RiskPointRecord,
  type RiskRouteRecord,
  riskPointInput,
  riskRouteInput,
  SLACK_M,
} from '../analysis-db/load.js';
import { PROPOSED, REPAIRABLE, type HotspotInput, type PlannedSiteInput, type PlanningCameraInput, type PlanningInput } from '../planning/build.js';

type Db = Knex | Knex.Transaction;

export interface SiteRecord {
  id: number;
  external_id: string | null;
  place_name: string;
  lon: number;
  lat: number;
  status: string;
  kind: 'fixed' | 'dome' | 'ptz';
  direction_deg: number | null;
  fov_deg: number | null;
  range_m: number | null;
  cost_baht: number | null;
  camera_count: number;
  priority: number | null;
  reason: string | null;
  province_code: string | null;
  district_id: number | null;
  police_station_id: number | null;
}

export interface HotspotRecord {
  id: number;
  place_name: string;
  lon: number;
  lat: number;
  requests: number;
}

export interface PlanningData {
  cameras: CameraRecord[];
  sites: SiteRecord[];
  riskPoints: RiskPointRecord[];
  riskRoutes: RiskRouteRecord[];
  hotspots: HotspotRecord[];
}

const SITE_SELECT = `s.id, s.external_id, s.place_name, ST_X(s.geom) as lon, ST_Y(s.geom) as lat, s.status, s.kind,
  s.direction_deg, s.fov_deg, s.range_m, s.cost_baht, s.camera_count, s.priority, s.reason, s.province_code, s.district_id,
  s.police_station_id`;

const list = (values: readonly string[]) => values.map((v) => `'${v}'`).join(', ');

export function loadPlanningData(db: Db, area: AreaFilter, opts: { requestsSince?: string } = {}): Promise<PlanningData> {
  return analysisTransaction(db, async (trx) => {
    const points = whereArea('p', area);
    const routes = whereArea('r', area);
    const c = whereArea('c', area);
    const s = whereArea('s', area);
    const riskPoints = await loadRiskPoints(trx, points);
    const riskRoutes = await loadRiskRoutes(trx, routes);
    const since: SqlPart = opts.requestsSince ? { sql: 'and f.requested_at >= ?::date', bindings: [opts.requestsSince] } : { sql: '', bindings: [] };
    const { rows: hotspots } = await trx.raw(
      `select c.id, c.place_name, ST_X(c.geom) as lon, ST_Y(c.geom) as lat, count(*)::int as requests
         from footage_requests f join cameras c on c.id = f.camera_id
        where ${c.sql} ${since.sql}
        group by c.id order by c.id`,
      [...c.bindings, ...since.bindings],
    );
    const { rows: sites } = await trx.raw(
      `select ${SITE_SELECT} from planned_sites s where s.status in (${list(PROPOSED)}) and ${s.sql} order by s.id`,
      s.bindings,
    );
    const { rows: broken } = await trx.raw(
      `select ${CAMERA_SELECT} from cameras c where c.status in (${list(REPAIRABLE)}) and ${c.sql} order by c.id`,
      c.bindings,
    );
    // Working cameras that see the risk items, and those that see the hotspots.
    const near = (await loadCandidateCameras(trx, points, routes)).filter((x) => x.status === 'working');
    const atHotspots = (hotspots as HotspotRecord[]).length ? await workingNear(trx, (hotspots as HotspotRecord[]).map((h) => h.id)) : [];
    const cameras = new Map<number, CameraRecord>();
    for (const x of [...near, ...atHotspots, ...(broken as CameraRecord[])]) cameras.set(x.id, x);
    return {
      cameras: [...cameras.values()].sort((a, b) => a.id - b.id),
      sites: sites as SiteRecord[],
      riskPoints,
      riskRoutes,
      hotspots: hotspots as HotspotRecord[],
    };
  });
}

/** Working cameras whose range reaches the position of one of the given cameras. */
async function workingNear(db: Knex.Transaction, cameraIds: number[]): Promise<CameraRecord[]> {
  const longest = await longestRangeM(db);
  const { rows } = await db.raw(
    `select distinct on (c.id) ${CAMERA_SELECT}
       from cameras h
       join cameras c
         on c.geom && atlas_expand_m(h.geom, ?)
        and ST_DWithin(c.geom::geography, h.geom::geography, coalesce(c.range_m, ?) + ?)
      where h.id = any(?::bigint[]) and c.status = 'working'
      order by c.id`,
    [longest + SLACK_M, RANGE_LIMITS.max, SLACK_M, `{${cameraIds.join(',')}}`],
  );
  return rows as CameraRecord[];
}

/** The records as the problem builder reads them. */
export function planningInput(data: PlanningData, budget: number, rest: Omit<PlanningInput, 'budget' | 'cameras' | 'sites' | 'riskPoints' | 'riskRoutes' | 'hotspots'> = {}): PlanningInput {
  return {
    budget,
    cameras: data.cameras.map((c): PlanningCameraInput => ({ ...cameraInput(c), name: c.place_name, repairCostBaht: c.repair_budget_baht })),
    sites: data.sites.map((s): PlannedSiteInput => ({
      id: s.id, lon: s.lon, lat: s.lat, kind: s.kind, directionDeg: s.direction_deg, fovDeg: s.fov_deg, rangeM: s.range_m,
      costBaht: s.cost_baht, status: s.status, cameraCount: s.camera_count, name: s.place_name,
    })),
    riskPoints: data.riskPoints.map((p) => ({ ...riskPointInput(p), name: p.name })),
    riskRoutes: data.riskRoutes.map((r) => ({ ...riskRouteInput(r), name: r.name })),
    hotspots: data.hotspots.map((h): HotspotInput => ({ id: h.id, lon: h.lon, lat: h.lat, requests: h.requests, name: h.place_name })),
    ...rest,
  };
}
