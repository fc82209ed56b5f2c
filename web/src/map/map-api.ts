/**
 * The map's own reads of the API (everything web/src/api/map.ts does not cover): the analysis
 * layers, the planned sites and risk routes lists, one record for the detail panel, and the enum
 * labels of /api/meta. Shapes are the route files' (api/src/routes/analysis.ts, entities.ts).
 */
import { ApiError } from '../api/client';
import type { Geometry } from 'geojson';
import type { Bbox } from '../api/map';
import { filterParams, type Filters } from '../state/url';

export type LonLat = [number, number];

/** One risk point of /api/analysis/risk-points (engine figures + record fields). */
export interface RiskPointResult {
  id: number;
  external_id: string | null;
  name: string;
  category: string;
  weight: number;
  radiusM: number;
  covered: boolean;
  coveredFraction: number;
  coveredBy: number[];
  geometry: { type: 'Point'; coordinates: LonLat };
}

export interface RouteGap {
  type: 'Feature';
  geometry: { type: 'LineString'; coordinates: LonLat[] };
  properties: { routeId: number; lengthM: number; fromM: number; toM: number };
}

/** One route of /api/analysis/risk-routes (it carries no line: see RiskRouteRecord). */
export interface RiskRouteResult {
  id: number;
  external_id: string | null;
  name: string;
  category: string;
  weight: number;
  lengthM: number;
  coveredM: number;
  coveredFraction: number;
  longestGapM: number;
  gaps: { type: 'FeatureCollection'; features: RouteGap[] };
}

/** A route with its line (REST list) and its coverage (analysis), joined by id. */
export interface RouteWithCoverage extends RiskRouteResult {
  path: LonLat[];
}

/** The fields of /api/planned-sites list items the map uses (the detail panel reads the whole record). */
export interface SiteRecord {
  id: number;
  place_name: string;
  status: string;
  cost_baht: number | null;
  camera_count: number | null;
  priority: number | null;
  geometry: { type: 'Point'; coordinates: LonLat };
}

export interface DensityProperties {
  level: 'province' | 'district' | 'police_station';
  key: string | number;
  name_th: string;
  name_en: string | null;
  areaKm2: number | null;
  camerasTotal: number;
  camerasWorking: number;
  camerasPerKm2: number | null;
  workingPerKm2: number | null;
  riskPointsTotal: number;
  riskPointsCovered: number;
  footageRequests: number;
}

export interface DensityFeature {
  type: 'Feature';
  id: string | number;
  geometry: Geometry | null;
  properties: DensityProperties;
}

export interface ViewFeature {
  type: 'Feature';
  id: number;
  geometry: { type: 'Polygon'; coordinates: LonLat[][] };
  properties: { camera_id: number; status: string; kind: string; place_name: string; range_m: number; fov_deg: number; direction_deg: number | null; circle: boolean };
}

/** A polygon feature (a boundary or a police station's jurisdiction) for the filtered-area highlight. */
export interface AreaFeature {
  type: 'Feature';
  geometry: Geometry | null;
  properties: Record<string, unknown>;
}

/** Enum labels of /api/meta: enum name (CameraStatus, SiteStatus…) → value → {th, en}. */
export type EnumLabels = Record<string, Record<string, { th: string; en: string }>>;

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** GET a JSON body; an error answer becomes an ApiError with the server's first message (and its field). */
export async function getJson(path: string, signal?: AbortSignal): Promise<unknown> {
  const res = await fetch(path, { headers: { Accept: 'application/json' }, signal });
  const type = res.headers.get('content-type') ?? '';
  const body: unknown = type.includes('json') ? await res.json().catch(() => undefined) : undefined;
  if (!res.ok) {
    const errors = isRecord(body) && Array.isArray(body.errors) ? body.errors : [];
    const first: unknown = errors[0];
    const message = isRecord(first) && typeof first.message === 'string' ? first.message : `HTTP ${res.status} ${res.statusText}`.trim();
    const field = isRecord(first) && typeof first.field === 'string' && first.field ? `${first.field}: ` : '';
    const code = isRecord(first) && typeof first.code === 'string' ? first.code : `http_${res.status}`;
    throw new ApiError(res.status, code, field + message);
  }
  if (body === undefined) throw new ApiError(res.status, 'not_json', `${path} did not answer with JSON`);
  return body;
}

const withQuery = (path: string, q: URLSearchParams) => {
  const s = q.toString().replace(/%2C/g, ',');
  return s ? `${path}?${s}` : path;
};

function listOf<T>(body: unknown, key: string, path: string): T[] {
  if (!isRecord(body) || !Array.isArray(body[key])) throw new ApiError(200, 'bad_shape', `unexpected ${path} answer`);
  return body[key] as T[];
}

/** GET /api/analysis/risk-points for the filtered area. */
export async function fetchRiskPoints(filters: Filters, signal?: AbortSignal): Promise<RiskPointResult[]> {
  const path = withQuery('/api/analysis/risk-points', filterParams(filters));
  return listOf<RiskPointResult>(await getJson(path, signal), 'points', path);
}

/** The routes' lines (GET /api/risk-routes) joined with their coverage (GET /api/analysis/risk-routes). */
export async function fetchRoutes(filters: Filters, signal?: AbortSignal): Promise<RouteWithCoverage[]> {
  const q = filterParams(filters);
  const analysisPath = withQuery('/api/analysis/risk-routes', q);
  const listQuery = new URLSearchParams(q);
  listQuery.set('limit', '10000');
  const listPath = withQuery('/api/risk-routes', listQuery);
  const [analysis, list] = await Promise.all([getJson(analysisPath, signal), getJson(listPath, signal)]);
  const routes = listOf<RiskRouteResult>(analysis, 'routes', analysisPath);
  const lines = new Map(
    listOf<{ id: number; geometry: { type: string; coordinates: LonLat[] } | null }>(list, 'items', listPath).map((r) => [r.id, r.geometry?.coordinates ?? []]),
  );
  return routes.map((r) => ({ ...r, path: lines.get(r.id) ?? [] })).filter((r) => r.path.length >= 2);
}

/** GET /api/planned-sites for the filtered area (up to 10,000 sites). */
export async function fetchSites(filters: Filters, signal?: AbortSignal): Promise<SiteRecord[]> {
  const q = filterParams(filters);
  q.set('limit', '10000');
  const path = withQuery('/api/planned-sites', q);
  return listOf<SiteRecord>(await getJson(path, signal), 'items', path).filter((s) => s.geometry?.type === 'Point');
}

/** The density level the map shows: police stations within a province, districts nationwide. */
export function densityLevel(filters: Filters): 'police_station' | 'district' {
  return filters.province ? 'police_station' : 'district';
}

/** GET /api/analysis/density as a choropleth (police stations of the province, or districts). */
export async function fetchDensity(filters: Filters, signal?: AbortSignal): Promise<DensityFeature[]> {
  const q = filterParams(filters);
  q.set('level', densityLevel(filters));
  const path = withQuery('/api/analysis/density', q);
  return listOf<DensityFeature>(await getJson(path, signal), 'features', path).filter((f) => f.geometry);
}

/** The most view polygons the map asks for at once. */
export const VIEW_LIMIT = 5000;

/** GET /api/analysis/camera-views of the area's cameras whose view meets `bbox`. */
export async function fetchViews(filters: Filters, bbox: Bbox, signal?: AbortSignal): Promise<{ features: ViewFeature[]; total: number }> {
  const q = filterParams(filters);
  q.set('bbox', bbox.map((v) => v.toFixed(5)).join(','));
  q.set('limit', String(VIEW_LIMIT));
  const path = withQuery('/api/analysis/camera-views', q);
  const body = await getJson(path, signal);
  const features = listOf<ViewFeature>(body, 'features', path);
  const total = isRecord(body) && typeof body.total === 'number' ? body.total : features.length;
  return { features, total };
}

/** The polygon(s) of the filtered area: the station's jurisdiction, else the district, else the province. */
export async function fetchFilteredArea(filters: Filters, signal?: AbortSignal): Promise<AreaFeature[]> {
  if (filters.policeStation) {
    const path = `/api/police-stations/${filters.policeStation}`;
    const body = await getJson(path, signal);
    if (!isRecord(body)) throw new ApiError(200, 'bad_shape', `unexpected ${path} answer`);
    const geometry = (body.jurisdiction ?? null) as Geometry | null;
    return geometry ? [{ type: 'Feature', geometry, properties: { id: body.id, name_th: body.name_th, name_en: body.name_en } }] : [];
  }
  const level = filters.district ? 'district' : filters.province ? 'province' : null;
  if (!level) return [];
  const q = new URLSearchParams();
  if (filters.district) q.set('district', String(filters.district));
  else q.set('province', filters.province!);
  const path = withQuery(`/api/map/boundaries/${level}.geojson`, q);
  const all = listOf<AreaFeature>(await getJson(path, signal), 'features', path);
  // The endpoint filters by area; keep only the chosen one in case it answers its neighbours too.
  const want = filters.district ?? filters.province;
  const exact = all.filter((f) => String(f.properties.id) === String(want));
  return exact.length ? exact : all;
}

/** Where each selectable kind's record lives. */
export const RECORD_PATHS: Record<string, string> = {
  camera: '/api/cameras',
  site: '/api/planned-sites',
  riskPoint: '/api/risk-points',
  riskRoute: '/api/risk-routes',
};

/** GET one record of a selectable kind. */
export async function fetchRecord(kind: string, id: number, signal?: AbortSignal): Promise<Record<string, unknown>> {
  const base = RECORD_PATHS[kind];
  if (!base) throw new ApiError(400, 'unknown_kind', `no details for ${kind}`);
  const body = await getJson(`${base}/${id}`, signal);
  if (!isRecord(body)) throw new ApiError(200, 'bad_shape', `unexpected ${base}/${id} answer`);
  return body;
}

/** GET /api/meta's enum labels ({} when the server sends none). */
export async function fetchEnumLabels(signal?: AbortSignal): Promise<EnumLabels> {
  const body = await getJson('/api/meta', signal);
  return isRecord(body) && isRecord(body.enums) ? (body.enums as EnumLabels) : {};
}

type Named = { th: string; en: string | null };

function nameOf(r: unknown): Named | null {
  if (!isRecord(r)) return null;
  const th = typeof r.name_th === 'string' ? r.name_th : typeof r.name === 'string' ? r.name : null;
  return th ? { th, en: typeof r.name_en === 'string' ? r.name_en : null } : null;
}

/** The item of a list answer whose `key` equals `value`. */
async function findIn(path: string, key: string, value: unknown, signal?: AbortSignal): Promise<Named | null> {
  const body = await getJson(path, signal);
  const items = isRecord(body) && Array.isArray(body.items) ? body.items : [];
  return nameOf(items.find((i) => isRecord(i) && String(i[key]) === String(value)));
}

/**
 * How to name each reference column: one record (agencies, stations are small) or the area lists
 * without geometry (an area's own URL sends its polygon).
 */
const REFERENCES: Record<string, (v: unknown, rec: Record<string, unknown>, signal?: AbortSignal) => Promise<Named | null> | null> = {
  agency_id: (id, _r, signal) => getJson(`/api/agencies/${Number(id)}`, signal).then(nameOf),
  police_station_id: (id, _r, signal) => getJson(`/api/police-stations/${Number(id)}`, signal).then(nameOf),
  province_code: (code, _r, signal) => findIn('/api/provinces', 'code', code, signal),
  district_id: (id, r, signal) => (typeof r.province_code === 'string' ? findIn(`/api/districts?province=${r.province_code}`, 'id', id, signal) : null),
  subdistrict_id: (id, r, signal) => (typeof r.district_id === 'number' ? findIn(`/api/subdistricts?district=${r.district_id}`, 'id', id, signal) : null),
};

/**
 * Names of the records a record points to (its agency, police station, province, district,
 * subdistrict), for the detail panel; a lookup that fails leaves the id shown.
 */
export async function fetchRefNames(record: Record<string, unknown>, signal?: AbortSignal): Promise<Record<string, Named>> {
  const out: Record<string, Named> = {};
  await Promise.all(
    Object.entries(REFERENCES).map(async ([field, lookup]) => {
      const v = record[field];
      if (v === null || v === undefined || v === '') return;
      try {
        const n = await lookup(v, record, signal);
        if (n) out[field] = n;
      } catch {
        /* the id stays */
      }
    }),
  );
  if (signal?.aborted) throw new DOMException('aborted', 'AbortError');
  return out;
}
