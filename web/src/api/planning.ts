/**
 * Typed requests of the planning and police panels: ranking and saved plans (/api/plans,
 * docs/planning.md), coverage of risk points and routes (/api/analysis, docs/analysis.md), and the
 * REST records they read or create (cameras, risk routes, police stations, planned sites, risk
 * points and routes). Errors keep every field error of the API's `{errors:[{message, code, field}]}`
 * so a form can show each message beside its field.
 */
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

export type Method = 'auto' | 'greedy' | 'exact';
export type CandidateKind = 'site' | 'repair';
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

export interface CandidateView {
  directionDeg: number | null;
  fovDeg: number | null;
  rangeM: number | null;
}

// The answer's shapes are the API's own (api/src/planning, pure TypeScript), imported as types
// only: nothing of the solver is bundled, and a change on the server is a compile error here.
export type { CurvePoint, LeftOut, NewlyCovered, RankedCandidate } from '../../../api/src/planning/plan';
export type { DemandTotals, Skipped } from '../../../api/src/planning/build';
import type { PlanResult } from '../../../api/src/planning/plan';
import type { NewlyCovered } from '../../../api/src/planning/plan';

/** POST /api/plans/rank: the ranked plan and the filters as applied. */
export type RankResult = PlanResult & { filters?: { province: string | null; district: number | null; police_station: number | null; bbox: number[] | null } };

export function rankPlan(req: RankRequest, signal?: AbortSignal): Promise<RankResult> {
  return requestJson<RankResult>('POST', '/api/plans/rank', req, signal);
}

// ---- saved plans ----------------------------------------------------------------------------------

export interface PlanListItem {
  id: number;
  name: string;
  status: 'draft' | 'approved';
  province_code: string | null;
  budget_baht: number;
  method: string;
  items: number;
  total_cost: number;
  approved_at: string | null;
  created_at: string;
  version: number;
}

export interface PlanItem {
  priority: number;
  candidate: string;
  kind: CandidateKind;
  site_id: number | null;
  camera_id: number | null;
  name: string | null;
  cost: number;
  forced: 'in' | 'out' | null;
  solverRank: number | null;
  marginalWeight: number;
  weightPerBaht: number | null;
  cumulativeCost: number;
  cumulativeWeight: number;
  shareOfDemand: number;
  coverageAfter: number;
  newlyCovered: NewlyCovered;
  overrideReason: string | null;
  view: CandidateView;
  geometry: { type: 'Point'; coordinates: LonLat };
}

export interface PlanLeftOut {
  candidate: string;
  kind: CandidateKind;
  name: string | null;
  cost: number;
  forced: 'in' | 'out' | null;
  wouldAdd: number;
  overrideReason: string | null;
  geometry: { type: 'Point'; coordinates: LonLat };
}

export interface PlanOverride {
  id: number;
  candidate: string;
  from_priority: number | null;
  to_priority: number | null;
  reason: string;
  created_at: string;
}

export interface SavedPlan {
  id: number;
  name: string;
  status: 'draft' | 'approved';
  province_code: string | null;
  budget_baht: number;
  method: Method;
  notes: string | null;
  approved_at: string | null;
  version: number;
  created_at: string;
  updated_at: string;
  result: { coverageBefore: number; coverageAfter: number; optimal: boolean; gap: number; method: string };
  summary: { items: number; sites: number; repairs: number; totalCost: number; coveredWeight: number; shareOfDemand: number; coverageAfter: number; remainingBudget: number; asRanked: boolean };
  items: PlanItem[];
  leftOut: PlanLeftOut[];
  overrides: PlanOverride[];
  sitesApproved?: number[];
}

export interface PriorityChange {
  candidate: string;
  /** 1 = first; null takes it out of the plan. */
  priority: number | null;
  reason: string;
}

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
