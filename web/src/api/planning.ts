/**
 * Typed requests of the planning and police panels: ranking and saved plans (/api/plans,
 * docs/planning.md), coverage of risk points and routes (/api/analysis, docs/analysis.md), and the
 * REST records they read or create (cameras, risk routes, police stations, planned sites, risk
 * points and routes). Errors keep every field error of the API's `{errors:[{message, code, field}]}`
 * so a form can show each message beside its field.
 */
import type { CandidateKind } from '../../../api/src/planning/build';
import type { PlanResult } from '../../../api/src/planning/plan';
import type { Method } from '../../../api/src/planning/solve';
import type { ApprovedPlan, ItemView, LeftOutItem, Override, PlanListItem, PriorityChange, SavedPlan as ApiSavedPlan, StoredResult } from '../../../api/src/planning-db/plan-types';
import type { Filters } from '../state/url';
import { ApiError } from './client';

export interface FieldError {
  /** Dotted path ('place_name', 'priorities.0.candidate'); '' for the whole body. */
  field: string;
  message: string;
  code: string;
}

/** An API error with all its field errors and the body's extra members (a 409 carries `version`). */
export class RequestError extends ApiError {
  constructor(
    status: number,
    code: string,
    message: string,
    readonly fields: FieldError[],
    readonly extra: Record<string, unknown> = {},
  ) {
    super(status, code, message);
    this.name = 'RequestError';
  }

  /** The first message per field, by field path. */
  byField(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const f of this.fields) if (!(f.field in out)) out[f.field] = f.message;
    return out;
  }
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** One JSON request; non-2xx answers become a RequestError with every field error. */
/**
 * A failed save as messages per form field: each API field error goes to the first of `fields`
 * it names (`geometry.coordinates.1` → `geometry`), the rest and any other error to `general`.
 */
export function errorsByField<F extends string>(err: unknown, fields: readonly F[]): Partial<Record<F | 'general', string>> {
  if (!(err instanceof RequestError)) return { general: err instanceof Error ? err.message : String(err) } as Partial<Record<F | 'general', string>>;
  const out: Partial<Record<F | 'general', string>> = {};
  const general: string[] = [];
  for (const fe of err.fields) {
    const key = fields.find((k) => fe.field === k || fe.field.startsWith(`${k}.`));
    if (key && !out[key]) out[key] = fe.message;
    else if (!key) general.push(fe.field ? `${fe.field}: ${fe.message}` : fe.message);
  }
  if (general.length || !err.fields.length) out.general = general.join('; ') || err.message;
  return out;
}

export async function requestJson<T>(method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE', path: string, body?: unknown, signal?: AbortSignal): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const res = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), signal });
  const type = res.headers.get('content-type') ?? '';
  const data: unknown = type.includes('json') ? await res.json().catch(() => undefined) : undefined;
  if (!res.ok) {
    const list = isRecord(data) && Array.isArray(data.errors) ? (data.errors as unknown[]).filter(isRecord) : [];
    const fields: FieldError[] = list.map((e) => ({ field: typeof e.field === 'string' ? e.field : '', message: String(e.message ?? ''), code: String(e.code ?? '') }));
    const first = fields[0];
    const extra = isRecord(data) ? Object.fromEntries(Object.entries(data).filter(([k]) => k !== 'errors')) : {};
    throw new RequestError(res.status, first?.code || `http_${res.status}`, first?.message || `HTTP ${res.status} ${res.statusText}`.trim(), fields, extra);
  }
  if (data === undefined) {
    if (res.status === 204) return undefined as T;
    throw new RequestError(res.status, 'not_json', `${path} did not answer with JSON`, []);
  }
  return data as T;
}

/** The area of the shared filters as API query parameters (province, district, police_station). */
export function areaQuery(f: Filters, extra: Record<string, string | number> = {}): string {
  const q = new URLSearchParams();
  if (f.province) q.set('province', f.province);
  if (f.district) q.set('district', String(f.district));
  if (f.policeStation) q.set('police_station', String(f.policeStation));
  for (const [k, v] of Object.entries(extra)) q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : '';
}

/** The area of the shared filters as ranking body fields. */
export function areaBody(f: Filters): { province?: string; district?: number; police_station?: number } {
  const out: { province?: string; district?: number; police_station?: number } = {};
  if (f.province) out.province = f.province;
  if (f.district) out.district = f.district;
  if (f.policeStation) out.police_station = f.policeStation;
  return out;
}

// ---- ranking (POST /api/plans/rank) ---------------------------------------------------------------

// The solver method and the candidate kinds are the planning engine's own (types only).
export type { Method } from '../../../api/src/planning/solve';
export type { CandidateKind } from '../../../api/src/planning/build';
/** A GeoJSON position (mutable: the forms build coordinates in place). */
export type LonLat = [number, number];

export interface RankRequest {
  province?: string;
  district?: number;
  police_station?: number;
  budget: number;
  method: Method;
  /** Seconds, 0.1–120. */
  time_limit: number;
  kinds: CandidateKind[];
}

/** A candidate's view as a saved plan stores it. */
export type CandidateView = ItemView;

// The answer's shapes are the API's own (api/src/planning, pure TypeScript), imported as types
// only: nothing of the solver is bundled, and a change on the server is a compile error here.
export type { CurvePoint, LeftOut, NewlyCovered, RankedCandidate } from '../../../api/src/planning/plan';
export type { DemandTotals, Skipped } from '../../../api/src/planning/build';

/** POST /api/plans/rank: the ranked plan and the filters as applied. */
export type RankResult = PlanResult & { filters?: { province: string | null; district: number | null; police_station: number | null; bbox: number[] | null } };

export function rankPlan(req: RankRequest, signal?: AbortSignal): Promise<RankResult> {
  return requestJson<RankResult>('POST', '/api/plans/rank', req, signal);
}

// ---- saved plans ----------------------------------------------------------------------------------

// Saved plans are the API's own shapes (api/src/planning-db/plan-types.ts, types only: nothing of
// knex or the database code reaches the bundle).
export type { PlanItem, PlanListItem, PriorityChange } from '../../../api/src/planning-db/plan-types';

/** A candidate left out of a saved plan: the fields the panels read. */
export type PlanLeftOut = Pick<LeftOutItem, 'candidate' | 'kind' | 'name' | 'cost' | 'forced' | 'wouldAdd' | 'overrideReason' | 'geometry'>;
export type PlanOverride = Override;

/**
 * A saved plan as the panels read it: the API's SavedPlan (GET, PATCH, approve) narrowed to the
 * fields they use, so a renamed or retyped field on the server is a compile error here, while a
 * test can still build a plan without the snapshot it never reads.
 */
export type SavedPlan = Pick<ApiSavedPlan, 'id' | 'name' | 'status' | 'province_code' | 'budget_baht' | 'method' | 'notes' | 'approved_at' | 'version' | 'created_at' | 'updated_at' | 'summary' | 'items'> & {
  result: Pick<StoredResult, 'coverageBefore' | 'coverageAfter' | 'optimal' | 'gap' | 'method'>;
  leftOut: PlanLeftOut[];
  overrides: PlanOverride[];
  /** Only in the answer of approvePlan. */
  sitesApproved?: ApprovedPlan['sitesApproved'];
};

export function createPlan(req: RankRequest & { name: string }, signal?: AbortSignal): Promise<SavedPlan> {
  return requestJson<SavedPlan>('POST', '/api/plans', req, signal);
}

export function listPlans(province: string | undefined, signal?: AbortSignal): Promise<{ items: PlanListItem[]; total: number }> {
  const q = new URLSearchParams({ limit: '100' });
  if (province) q.set('province', province);
  return requestJson('GET', `/api/plans?${q}`, undefined, signal);
}

export function getPlan(id: number, signal?: AbortSignal): Promise<SavedPlan> {
  return requestJson<SavedPlan>('GET', `/api/plans/${id}`, undefined, signal);
}

export function changePriorities(id: number, version: number, priorities: PriorityChange[]): Promise<SavedPlan> {
  return requestJson<SavedPlan>('PATCH', `/api/plans/${id}`, { version, priorities });
}

export function approvePlan(id: number, version: number): Promise<SavedPlan> {
  return requestJson<SavedPlan>('POST', `/api/plans/${id}/approve`, { version });
}

export function planExportUrl(id: number, format: 'xlsx' | 'geojson', lang: 'th' | 'en'): string {
  return `/api/plans/${id}/export?format=${format}&lang=${lang}`;
}

// ---- coverage inputs --------------------------------------------------------------------------------

export interface Page<T> {
  items: T[];
  total: number;
  limit: number;
  offset: number;
}

/** The fields of a camera record the coverage engine reads. */
export interface CameraRecord {
  id: number;
  status: string;
  kind: 'fixed' | 'dome' | 'ptz';
  direction_deg: number | null;
  fov_deg: number | null;
  range_m: number | null;
  recorded_resolution: string | null;
  max_resolution: string | null;
  geometry: { type: 'Point'; coordinates: LonLat } | null;
}

export interface RiskRouteRecord {
  id: number;
  name: string;
  category: string;
  weight: number;
  geometry: { type: 'LineString'; coordinates: LonLat[] } | null;
}

export interface PoliceStationRecord {
  id: number;
  name_th: string;
  name_en: string | null;
}

/** Rows per REST page (the API's maximum). */
export const MAX_PAGE = 10_000;

/** Working cameras of the area (or of a bbox when given instead of the filters). */
export function listWorkingCameras(f: Filters, signal?: AbortSignal, bbox?: [number, number, number, number]): Promise<Page<CameraRecord>> {
  const extra: Record<string, string | number> = { status: 'working', limit: MAX_PAGE };
  if (bbox) extra.bbox = bbox.map((v) => Math.round(v * 1e6) / 1e6).join(',');
  return requestJson('GET', `/api/cameras${areaQuery(bbox ? {} : f, extra)}`, undefined, signal);
}

export function listRiskRoutes(f: Filters, signal?: AbortSignal): Promise<Page<RiskRouteRecord>> {
  return requestJson('GET', `/api/risk-routes${areaQuery(f, { limit: MAX_PAGE })}`, undefined, signal);
}

export function listPoliceStations(f: Filters, signal?: AbortSignal): Promise<Page<PoliceStationRecord>> {
  const area: Filters = {};
  if (f.province) area.province = f.province;
  if (f.district) area.district = f.district;
  return requestJson('GET', `/api/police-stations${areaQuery(area, { limit: 1000 })}`, undefined, signal);
}

export interface RiskPointCoverage {
  id: number;
  name: string;
  category: string;
  weight: number;
  radiusM: number;
  covered: boolean;
  coveredFraction: number;
  coveredBy: number[];
  police_station_id: number | null;
  geometry: { type: 'Point'; coordinates: LonLat };
}

export interface RiskRouteCoverage {
  id: number;
  name: string;
  category: string;
  weight: number;
  lengthM: number;
  coveredM: number;
  coveredFraction: number;
  longestGapM: number;
  police_station_id: number | null;
  gaps: { type: 'FeatureCollection'; features: { type: 'Feature'; geometry: { type: 'LineString'; coordinates: LonLat[] }; properties: { lengthM: number; fromM: number; toM: number } }[] };
}

export function getRiskPointCoverage(f: Filters, signal?: AbortSignal): Promise<{ mode: string; summary: { total: number; covered: number }; points: RiskPointCoverage[] }> {
  return requestJson('GET', `/api/analysis/risk-points${areaQuery(f)}`, undefined, signal);
}

export function getRiskRouteCoverage(f: Filters, signal?: AbortSignal): Promise<{ mode: string; summary: { total: number; lengthM: number; coveredM: number }; routes: RiskRouteCoverage[] }> {
  return requestJson('GET', `/api/analysis/risk-routes${areaQuery(f)}`, undefined, signal);
}

// ---- writes -------------------------------------------------------------------------------------------

export interface PlannedSiteInput {
  place_name: string;
  status: 'not_started';
  kind: 'fixed' | 'dome' | 'ptz';
  direction_deg: number | null;
  fov_deg: number | null;
  range_m: number | null;
  cost_baht: number | null;
  geometry: { type: 'Point'; coordinates: LonLat };
}

export function createPlannedSite(input: PlannedSiteInput): Promise<{ id: number }> {
  return requestJson('POST', '/api/planned-sites', input);
}

export interface RiskInput {
  name: string;
  category: string;
  weight?: number;
  police_station_id?: number | null;
}

export function createRiskPoint(input: RiskInput & { radius_m?: number | null; geometry: { type: 'Point'; coordinates: LonLat } }): Promise<{ id: number }> {
  return requestJson('POST', '/api/risk-points', input);
}

export function createRiskRoute(input: RiskInput & { geometry: { type: 'LineString'; coordinates: LonLat[] } }): Promise<{ id: number }> {
  return requestJson('POST', '/api/risk-routes', input);
}
