/**
 * GET /api/dashboard (api/src/routes/dashboard.ts): the national board's figures per area, for the
 * dashboard panel. The types mirror the route's schema (DashboardSchema); the answer is checked for
 * the parts the panel relies on before it is used.
 */
import { ApiError } from './client';
import type { Filters } from '../state/url';

export const DASHBOARD_LEVELS = ['nation', 'province', 'district', 'police_station'] as const;
export type DashboardLevel = (typeof DASHBOARD_LEVELS)[number];

export const CAMERA_STATUSES = ['working', 'not_working', 'under_repair', 'beyond_repair'] as const;
export const SITE_STATUSES = ['not_started', 'budget_requested', 'approved', 'installed', 'rejected'] as const;
export const REQUEST_RESULTS = ['provided', 'no_footage', 'camera_broken', 'refused', 'pending'] as const;
export const PROBLEM_CATEGORIES = ['linking', 'usage', 'storage', 'footage_provision', 'maintenance', 'other'] as const;

type Counts<K extends readonly string[]> = Record<K[number], number>;

export interface DashboardRow {
  /** Province code, district or police station id as text; 'unknown' (no area of the level), 'nation' or 'total'. */
  key: string;
  name_th: string | null;
  name_en: string | null;
  province_code: string | null;
  cameras: { total: number; repair_budget_baht: number } & Counts<typeof CAMERA_STATUSES>;
  linkage: { linked: number; not_linked: number; unknown: number; link_budget_baht: number };
  sites: {
    total: number;
    /** Cameras wanted at the points. */
    cameras: number;
    cost_baht: number;
    by_status: Counts<typeof SITE_STATUSES>;
    cost_by_status: Counts<typeof SITE_STATUSES>;
  };
  requests: { total: number; points: number; median_days_to_answer: number | null } & Counts<typeof REQUEST_RESULTS>;
  completeness: { cameras: number; complete: number; share: number; with_photos: number; missing: Record<string, number> };
  /** Problems recorded for the area (provinces only; null below). */
  problems: number | null;
}

export interface Named {
  name: string | null;
  cameras: number;
}

export interface Dashboard {
  level: DashboardLevel;
  filters: { province: string | null; district: number | null; police_station: number | null };
  area: {
    province: { code: string; name_th: string | null; name_en: string | null } | null;
    district: { id: number; name_th: string | null; name_en: string | null; province_code: string } | null;
    police_station: { id: number; name_th: string | null; name_en: string | null; province_code: string | null; district_id: number | null } | null;
  };
  completenessFields: string[];
  rows: DashboardRow[];
  totals: DashboardRow;
  repairAgencies: (Named & { repair_budget_baht: number } & Counts<['not_working', 'under_repair', 'beyond_repair']>)[];
  linkCentres: Named[];
  linkAgencies: (Named & { link_budget_baht: number })[];
  linkNeeds: (Named & { link_budget_baht: number })[];
  siteReasons: { name: string | null; sites: number; cameras: number; cost_baht: number }[];
  siteBudgetSources: { name: string | null; sites: number; cameras: number; cost_baht: number }[];
  topRequestPoints: {
    camera_id: number;
    external_id: string | null;
    place_name: string;
    agency: string | null;
    status: (typeof CAMERA_STATUSES)[number];
    requests: number;
    provided: number;
    camera_broken: number;
    no_footage: number;
    province_code: string | null;
    district_id: number | null;
    police_station_id: number | null;
    geometry: { type: 'Point'; coordinates: [number, number] };
  }[];
  problems: {
    province_code: string | null;
    total: number;
    by_category: Counts<typeof PROBLEM_CATEGORIES>;
    recent: { id: number; category: (typeof PROBLEM_CATEGORIES)[number]; description: string; suggestion: string | null; agency: string | null; province_code: string; reported_on: string }[];
  };
}

/** A 4xx/5xx answer, with the fields the API named (a 400 names each bad parameter). */
export class DashboardError extends ApiError {
  constructor(
    status: number,
    code: string,
    message: string,
    readonly fields: { field: string; message: string }[] = [],
  ) {
    super(status, code, message);
    this.name = 'DashboardError';
  }
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

function isRow(v: unknown): v is DashboardRow {
  if (!isRecord(v) || typeof v.key !== 'string') return false;
  const { cameras, linkage, sites, requests, completeness } = v;
  return (
    isRecord(cameras) && CAMERA_STATUSES.every((s) => isNum(cameras[s])) && isNum(cameras.total) &&
    isRecord(linkage) && isNum(linkage.linked) &&
    isRecord(sites) && isNum(sites.total) && isRecord(sites.by_status) &&
    isRecord(requests) && isNum(requests.total) &&
    isRecord(completeness) && isNum(completeness.share) && isRecord(completeness.missing)
  );
}

/** The parts of the answer the panel reads, checked. */
export function isDashboard(v: unknown): v is Dashboard {
  if (!isRecord(v)) return false;
  return (
    (DASHBOARD_LEVELS as readonly unknown[]).includes(v.level) &&
    Array.isArray(v.rows) && v.rows.every(isRow) && isRow(v.totals) &&
    isRecord(v.area) && Array.isArray(v.completenessFields) &&
    ['repairAgencies', 'linkCentres', 'linkAgencies', 'linkNeeds', 'siteReasons', 'siteBudgetSources', 'topRequestPoints'].every((k) => Array.isArray(v[k])) &&
    isRecord(v.problems) && isRecord(v.problems.by_category) && Array.isArray(v.problems.recent)
  );
}

/** The query for the scope (province, district, police station of the shared filters) and the rows' level. */
export function dashboardQuery(filters: Pick<Filters, 'province' | 'district' | 'policeStation'>, level?: DashboardLevel): string {
  const q = new URLSearchParams();
  if (level) q.set('level', level);
  if (filters.province) q.set('province', filters.province);
  if (filters.district) q.set('district', String(filters.district));
  if (filters.policeStation) q.set('police_station', String(filters.policeStation));
  return q.toString();
}

/** GET /api/dashboard for the scope and level. */
export async function getDashboard(filters: Pick<Filters, 'province' | 'district' | 'policeStation'>, level?: DashboardLevel, signal?: AbortSignal): Promise<Dashboard> {
  const query = dashboardQuery(filters, level);
  const res = await fetch(`/api/dashboard${query ? `?${query}` : ''}`, { headers: { Accept: 'application/json' }, signal });
  const type = res.headers.get('content-type') ?? '';
  const body: unknown = type.includes('json') ? await res.json().catch(() => undefined) : undefined;
  if (!res.ok) {
    const errors = isRecord(body) && Array.isArray(body.errors) ? (body.errors as { field?: string; message?: string; code?: string }[]) : [];
    const fields = errors.filter((e) => e.field).map((e) => ({ field: e.field!, message: e.message ?? '' }));
    throw new DashboardError(res.status, errors[0]?.code ?? `http_${res.status}`, errors[0]?.message ?? `HTTP ${res.status}`, fields);
  }
  if (!isDashboard(body)) throw new DashboardError(res.status, 'bad_shape', 'unexpected /api/dashboard answer');
  return body;
}

/** The rows' level when the panel names none: one below the scope (as the API does). */
export function defaultLevel(filters: Pick<Filters, 'province' | 'district' | 'policeStation'>): DashboardLevel {
  if (filters.policeStation || filters.district) return 'police_station';
  if (filters.province) return 'district';
  return 'province';
}

/** The levels the rows can take within a scope: the default and those below it. */
export function levelChoices(filters: Pick<Filters, 'province' | 'district' | 'policeStation'>): DashboardLevel[] {
  const all: DashboardLevel[] = ['province', 'district', 'police_station'];
  return all.slice(all.indexOf(defaultLevel(filters)));
}

/** RFC 4180 CSV with a byte-order mark (Excel then reads the Thai text as UTF-8). */
export function toCsv(header: readonly string[], rows: readonly (readonly (string | number | null)[])[]): string {
  const cell = (v: string | number | null) => {
    const s = v === null ? '' : String(v);
    return /[",\r\n]/.test(s) || /^\s|\s$/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  return `\uFEFF${[header, ...rows].map((r) => r.map(cell).join(',')).join('\r\n')}\r\n`;
}
