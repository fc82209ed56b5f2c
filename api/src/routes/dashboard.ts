import type { Request } from 'express';
import { Router } from 'express';
import type { Knex } from 'knex';
import { z } from 'zod';
import { type AreaFilter, type SqlPart, whereArea } from '../analysis-db/filters.js';
import type { AppContext } from '../context.js';
import { asyncHandler, ValidationError } from '../http/errors.js';
import { principal } from '../auth/middleware.js';
import { collect, echoArea, parseAreaValues } from './area-params.js';
import { rejectUnknownParams, single } from './query.js';
import { readerFor } from '../db/replica.js';

/**
 * GET /api/dashboard: the figures the national board asked for (../shared/DOMAIN.md "Dashboard"),
 * one row per area of the chosen level, for drilling down nation → province → district → police
 * station:
 *  1. cameras by status with the repair budget (rows) and the agencies responsible for repair;
 *  2. cameras by network linkage with the linking budget, control centres, responsible agencies and
 *     what unlinked cameras need;
 *  3. planned installation points by status, cost, reason and budget source;
 *  4. footage requests by result and time to answer (rows), and the installation points (cameras)
 *     with the most requests;
 *  5. problems and obstacles (Part 3) by category;
 * plus the completeness of each area's camera records (the survey fields of Part 1, see
 * COMPLETENESS_FIELDS).
 *
 * Query: `level` — the level of the rows: nation (one row), province, district or police_station;
 * by default one below the scope (no scope → provinces, province → districts, district or police
 * station → police stations). `province` (code or Thai/English name), `district` (id),
 * `police_station` (id) restrict every figure (AND). Every bad parameter is named in one 400.
 *
 * Rows are the areas of the level within the scope (with zeros when they have no data) plus every
 * area the scoped data names; data without an area of that level is the row `unknown`, so the rows
 * of cameras, sites and requests add up to `totals`. Totals come from the same SQL (GROUPING SETS),
 * not from adding the rows. Cameras and planned sites belong to the areas on their own row (set from
 * the geometry by the area trigger); a footage request to its own province and police station and to
 * its camera's district (a request names no district) — as /api/analysis/density counts them.
 * Problems are recorded per province: rows carry them at the nation and province levels only
 * (null below); `problems` lists those of the scope's province (or of the nation).
 */

export const DASHBOARD_LEVELS = ['nation', 'province', 'district', 'police_station'] as const;
export type DashboardLevel = (typeof DASHBOARD_LEVELS)[number];

const CAMERA_STATUSES = ['working', 'not_working', 'under_repair', 'beyond_repair'] as const;
const BROKEN_STATUSES = ['not_working', 'under_repair', 'beyond_repair'] as const;
const SITE_STATUSES = ['not_started', 'budget_requested', 'approved', 'installed', 'rejected'] as const;
const REQUEST_RESULTS = ['provided', 'no_footage', 'camera_broken', 'refused', 'pending'] as const;
const PROBLEM_CATEGORIES = ['linking', 'usage', 'storage', 'footage_provision', 'maintenance', 'other'] as const;
/** Length of the top lists (agencies, reasons, points …). */
const TOP = 15;

// ---- completeness ----------------------------------------------------------------------------------

const blank = (col: string) => `nullif(btrim(c.${col}), '') is null`;
const unset = (col: string) => `c.${col} is null`;
const LINKED = `c.linkage is not distinct from 'linked'`;
const NOT_LINKED = `c.linkage is not distinct from 'not_linked'`;
const BROKEN = `c.status <> 'working'`;

/**
 * The fields of the national survey (DOMAIN.md Part 1) a camera record must fill: the letters ask
 * recorders to fill every field. Each has the SQL condition under which it counts as missing on a
 * camera `c` (never null). Conditional fields apply only where the form asks for them: the network
 * details and the view URL to linked cameras, what is needed to link (its budget and agency) to
 * unlinked ones, the repair budget and agency to cameras that are not working. Not counted: the
 * place name, position and status (the database requires them), the camera type (it has a
 * default), free-text "other details", and photos (reported apart as `with_photos`).
 */
export const COMPLETENESS_FIELDS: readonly { field: string; missing: string }[] = [
  { field: 'agency_id', missing: unset('agency_id') },
  { field: 'contact_name', missing: blank('contact_name') },
  { field: 'phone', missing: blank('phone') },
  { field: 'address', missing: blank('address') },
  { field: 'year_installed', missing: unset('year_installed') },
  { field: 'police_station_id', missing: unset('police_station_id') },
  { field: 'project', missing: blank('project') },
  { field: 'recorder_model', missing: blank('recorder_model') },
  { field: 'camera_brand', missing: blank('camera_brand') },
  { field: 'system', missing: unset('system') },
  { field: 'connection', missing: unset('connection') },
  { field: 'area_type', missing: blank('area_type') },
  { field: 'purposes', missing: 'cardinality(c.purposes) = 0' },
  { field: 'linkage', missing: unset('linkage') },
  { field: 'stream_url', missing: `(${LINKED} and ${blank('stream_url')})` },
  { field: 'control_centre', missing: `(${LINKED} and ${blank('control_centre')})` },
  { field: 'network_type', missing: `(${LINKED} and ${blank('network_type')})` },
  { field: 'network_provider', missing: `(${LINKED} and ${blank('network_provider')})` },
  { field: 'linked_agencies', missing: `(${LINKED} and ${blank('linked_agencies')})` },
  { field: 'linked_network', missing: `(${LINKED} and ${blank('linked_network')})` },
  { field: 'link_requirements', missing: `(${NOT_LINKED} and ${blank('link_requirements')})` },
  { field: 'link_budget_baht', missing: `(${NOT_LINKED} and ${unset('link_budget_baht')})` },
  { field: 'link_responsible_agency', missing: `(${NOT_LINKED} and ${blank('link_responsible_agency')})` },
  { field: 'retention_days', missing: unset('retention_days') },
  { field: 'storage_process', missing: blank('storage_process') },
  { field: 'disclosure_rules', missing: blank('disclosure_rules') },
  { field: 'footage_service_frequency', missing: blank('footage_service_frequency') },
  { field: 'footage_request_procedure', missing: blank('footage_request_procedure') },
  { field: 'recorded_resolution', missing: blank('recorded_resolution') },
  { field: 'max_resolution', missing: blank('max_resolution') },
  { field: 'fps', missing: unset('fps') },
  { field: 'file_format', missing: blank('file_format') },
  { field: 'budget_source', missing: blank('budget_source') },
  { field: 'repair_budget_baht', missing: `(${BROKEN} and ${unset('repair_budget_baht')})` },
  { field: 'repair_agency', missing: `(${BROKEN} and ${blank('repair_agency')})` },
];

// ---- the answer ------------------------------------------------------------------------------------

const count = z.number().int().nonnegative();
const baht = z.number().nonnegative();
const countsOf = <const K extends readonly string[]>(keys: K) => z.strictObject(Object.fromEntries(keys.map((k) => [k, count])) as { [P in K[number]]: typeof count });
const areaName = { name_th: z.string().nullable(), name_en: z.string().nullable() };

export const DashboardRowSchema = z.strictObject({
  /** Province code, district or police station id as text; 'unknown', 'nation' or 'total'. */
  key: z.string(),
  ...areaName,
  province_code: z.string().nullable(),
  cameras: z.strictObject({ total: count, ...countsOf(CAMERA_STATUSES).shape, repair_budget_baht: baht }),
  linkage: z.strictObject({ linked: count, not_linked: count, unknown: count, link_budget_baht: baht }),
  sites: z.strictObject({
    total: count,
    cameras: count,
    cost_baht: baht,
    by_status: countsOf(SITE_STATUSES),
    cost_by_status: z.strictObject(Object.fromEntries(SITE_STATUSES.map((k) => [k, baht])) as Record<(typeof SITE_STATUSES)[number], typeof baht>),
  }),
  requests: z.strictObject({
    total: count,
    ...countsOf(REQUEST_RESULTS).shape,
    /** Distinct cameras asked for footage. */
    points: count,
    median_days_to_answer: z.number().nonnegative().nullable(),
  }),
  completeness: z.strictObject({
    cameras: count,
    complete: count,
    /** complete / cameras, 0–1 (0 without cameras). */
    share: z.number().min(0).max(1),
    with_photos: count,
    missing: z.record(z.string(), count),
  }),
  problems: count.nullable(),
});
export type DashboardRow = z.infer<typeof DashboardRowSchema>;

const named = <S extends z.ZodRawShape>(extra: S) => z.strictObject({ name: z.string().nullable(), cameras: count, ...extra });

export const DashboardSchema = z.strictObject({
  level: z.enum(DASHBOARD_LEVELS),
  filters: z.strictObject({ province: z.string().nullable(), district: z.number().nullable(), police_station: z.number().nullable(), bbox: z.null() }),
  area: z.strictObject({
    province: z.strictObject({ code: z.string(), ...areaName }).nullable(),
    district: z.strictObject({ id: z.number(), ...areaName, province_code: z.string() }).nullable(),
    police_station: z.strictObject({ id: z.number(), ...areaName, province_code: z.string().nullable(), district_id: z.number().nullable() }).nullable(),
  }),
  completenessFields: z.array(z.string()),
  rows: z.array(DashboardRowSchema),
  totals: DashboardRowSchema,
  repairAgencies: z.array(named({ ...countsOf(BROKEN_STATUSES).shape, repair_budget_baht: baht })),
  linkCentres: z.array(named({})),
  linkAgencies: z.array(named({ link_budget_baht: baht })),
  linkNeeds: z.array(named({ link_budget_baht: baht })),
  siteReasons: z.array(z.strictObject({ name: z.string().nullable(), sites: count, cameras: count, cost_baht: baht })),
  siteBudgetSources: z.array(z.strictObject({ name: z.string().nullable(), sites: count, cameras: count, cost_baht: baht })),
  topRequestPoints: z.array(
    z.strictObject({
      camera_id: z.number(),
      external_id: z.string().nullable(),
      place_name: z.string(),
      agency: z.string().nullable(),
      status: z.enum(CAMERA_STATUSES),
      requests: count,
      provided: count,
      camera_broken: count,
      no_footage: count,
      province_code: z.string().nullable(),
      district_id: z.number().nullable(),
      police_station_id: z.number().nullable(),
      geometry: z.strictObject({ type: z.literal('Point'), coordinates: z.tuple([z.number(), z.number()]) }),
    }),
  ),
  problems: z.strictObject({
    /** The province whose problems these are; null: the nation. */
    province_code: z.string().nullable(),
    total: count,
    by_category: countsOf(PROBLEM_CATEGORIES),
    recent: z.array(
      z.strictObject({
        id: z.number(),
        category: z.enum(PROBLEM_CATEGORIES),
        description: z.string(),
        suggestion: z.string().nullable(),
        agency: z.string().nullable(),
        province_code: z.string(),
        reported_on: z.string(),
      }),
    ),
  }),
});
export type Dashboard = z.infer<typeof DashboardSchema>;

// ---- levels ----------------------------------------------------------------------------------------

interface LevelDef {
  /** The column that names a located row's area (on cameras, planned sites). */
  column: 'province_code' | 'district_id' | 'police_station_id';
  /** A footage request's area: its own province/station, its camera's (alias fc) district. */
  request: string;
  /** The areas: key (text), names, province (alias a). */
  areas: string;
  /** The area's key as text (alias a). */
  key: string;
  /** The areas a scope selects: one condition per filter, one bound value each. */
  on: { province: string; district: string; policeStation: string };
  sort: 'key' | 'name';
}

const LEVELS: Record<Exclude<DashboardLevel, 'nation'>, LevelDef> = {
  province: {
    column: 'province_code',
    request: 'f.province_code',
    areas: 'select a.code as key, a.name_th, a.name_en, a.code as province_code from provinces a',
    key: 'a.code',
    on: {
      province: 'a.code = ?',
      district: 'a.code = (select d.province_code from districts d where d.id = ?)',
      policeStation: 'a.code = (select s.province_code from police_stations s where s.id = ?)',
    },
    sort: 'key',
  },
  district: {
    column: 'district_id',
    request: 'fc.district_id',
    areas: 'select a.id::text as key, a.name_th, a.name_en, a.province_code from districts a',
    key: 'a.id::text',
    on: {
      province: 'a.province_code = ?',
      district: 'a.id = ?',
      policeStation: 'a.id = (select s.district_id from police_stations s where s.id = ?)',
    },
    sort: 'name',
  },
  police_station: {
    column: 'police_station_id',
    request: 'f.police_station_id',
    areas: 'select a.id::text as key, a.name_th, a.name_en, a.province_code from police_stations a',
    key: 'a.id::text',
    on: { province: 'a.province_code = ?', district: 'a.district_id = ?', policeStation: 'a.id = ?' },
    sort: 'name',
  },
};

/** The rows' level when the query names none: one below the scope. */
export function defaultLevel(area: AreaFilter): DashboardLevel {
  if (area.policeStation !== undefined || area.district !== undefined) return 'police_station';
  if (area.province !== undefined) return 'district';
  return 'province';
}

/** A footage request's scope: its own province and station, its camera's district. */
export function whereRequests(area: AreaFilter): SqlPart {
  const parts: string[] = [];
  const bindings: (string | number)[] = [];
  if (area.province !== undefined) {
    parts.push('f.province_code = ?');
    bindings.push(area.province);
  }
  if (area.district !== undefined) {
    parts.push('fc.district_id = ?');
    bindings.push(area.district);
  }
  if (area.policeStation !== undefined) {
    parts.push('f.police_station_id = ?');
    bindings.push(area.policeStation);
  }
  return { sql: parts.join(' and ') || 'true', bindings };
}

/**
 * `select key, is_total, <aggregates>` over `from … where …` grouped by the area expression with a
 * grand total (GROUPING SETS); for the nation level only the total. `key` is text, null = unknown.
 */
function grouped(keyExpr: string | null, aggregates: string, from: string, where: SqlPart): { sql: string; bindings: (string | number)[] } {
  const head = keyExpr ? `${keyExpr}::text as key, grouping(${keyExpr}) = 1 as is_total` : `null::text as key, true as is_total`;
  const group = keyExpr ? `group by grouping sets ((${keyExpr}), ())` : '';
  return { sql: `select ${head}, ${aggregates} from ${from} where ${where.sql} ${group}`, bindings: where.bindings };
}

type Rec = Record<string, unknown>;
const n = (v: unknown): number => (v === null || v === undefined ? 0 : Number(v));
const round = (v: number, d: number) => Math.round(v * 10 ** d) / 10 ** d;

async function rows(db: Knex, q: { sql: string; bindings: (string | number)[] }): Promise<Rec[]> {
  return ((await db.raw(q.sql, q.bindings)) as { rows: Rec[] }).rows;
}

// ---- the queries -----------------------------------------------------------------------------------

const CAMERA_AGGREGATES = [
  'count(*) as total',
  ...CAMERA_STATUSES.map((s) => `count(*) filter (where c.status = '${s}') as ${s}`),
  `coalesce(sum(c.repair_budget_baht) filter (where ${BROKEN}), 0) as repair_budget_baht`,
  `count(*) filter (where c.linkage = 'linked') as linked`,
  `count(*) filter (where c.linkage = 'not_linked') as not_linked`,
  'count(*) filter (where c.linkage is null) as linkage_unknown',
  `coalesce(sum(c.link_budget_baht) filter (where c.linkage = 'not_linked'), 0) as link_budget_baht`,
  `count(*) filter (where not (${COMPLETENESS_FIELDS.map((f) => f.missing).join(' or ')})) as complete`,
  ...COMPLETENESS_FIELDS.map((f) => `count(*) filter (where ${f.missing}) as m_${f.field}`),
  // ph: the cameras with photos (joined below; a correlated EXISTS per camera was 40 % slower).
  'count(ph.camera_id) as with_photos',
].join(', ');

const SITE_AGGREGATES = [
  'count(*) as total',
  'coalesce(sum(s.camera_count), 0) as cameras',
  'coalesce(sum(s.cost_baht), 0) as cost_baht',
  ...SITE_STATUSES.map((st) => `count(*) filter (where s.status = '${st}') as n_${st}`),
  ...SITE_STATUSES.map((st) => `coalesce(sum(s.cost_baht) filter (where s.status = '${st}'), 0) as cost_${st}`),
].join(', ');

const REQUEST_AGGREGATES = [
  'count(*) as total',
  ...REQUEST_RESULTS.map((r) => `count(*) filter (where f.result = '${r}') as ${r}`),
  'count(distinct f.camera_id) as points',
  // Days from the request to the answer, over the answered ones.
  `percentile_cont(0.5) within group (order by extract(epoch from (f.answered_at - f.requested_at)) / 86400.0)
     filter (where f.answered_at is not null) as median_days`,
].join(', ');

/** A list grouped by a free-text column (blank = null), largest first. */
function topList(db: Knex, select: string, from: string, where: SqlPart, order: string): Promise<Rec[]> {
  return rows(db, { sql: `select ${select} from ${from} where ${where.sql} group by 1 order by ${order} limit ${TOP}`, bindings: where.bindings });
}

const textKey = (expr: string) => `nullif(btrim(${expr}), '')`;

function emptyRow(key: string, name_th: string | null, name_en: string | null, province_code: string | null, problems: number | null): DashboardRow {
  return {
    key,
    name_th,
    name_en,
    province_code,
    cameras: { total: 0, working: 0, not_working: 0, under_repair: 0, beyond_repair: 0, repair_budget_baht: 0 },
    linkage: { linked: 0, not_linked: 0, unknown: 0, link_budget_baht: 0 },
    sites: {
      total: 0,
      cameras: 0,
      cost_baht: 0,
      by_status: Object.fromEntries(SITE_STATUSES.map((s) => [s, 0])) as DashboardRow['sites']['by_status'],
      cost_by_status: Object.fromEntries(SITE_STATUSES.map((s) => [s, 0])) as DashboardRow['sites']['cost_by_status'],
    },
    requests: { total: 0, provided: 0, no_footage: 0, camera_broken: 0, refused: 0, pending: 0, points: 0, median_days_to_answer: null },
    completeness: { cameras: 0, complete: 0, share: 0, with_photos: 0, missing: Object.fromEntries(COMPLETENESS_FIELDS.map((f) => [f.field, 0])) },
    problems,
  };
}

function fillCameras(row: DashboardRow, r: Rec): void {
  row.cameras = {
    total: n(r.total),
    working: n(r.working),
    not_working: n(r.not_working),
    under_repair: n(r.under_repair),
    beyond_repair: n(r.beyond_repair),
    repair_budget_baht: n(r.repair_budget_baht),
  };
  row.linkage = { linked: n(r.linked), not_linked: n(r.not_linked), unknown: n(r.linkage_unknown), link_budget_baht: n(r.link_budget_baht) };
  const total = n(r.total);
  row.completeness = {
    cameras: total,
    complete: n(r.complete),
    share: total ? round(n(r.complete) / total, 4) : 0,
    with_photos: n(r.with_photos),
    missing: Object.fromEntries(COMPLETENESS_FIELDS.map((f) => [f.field, n(r[`m_${f.field}`])])),
  };
}

function fillSites(row: DashboardRow, r: Rec): void {
  row.sites = {
    total: n(r.total),
    cameras: n(r.cameras),
    cost_baht: n(r.cost_baht),
    by_status: Object.fromEntries(SITE_STATUSES.map((s) => [s, n(r[`n_${s}`])])) as DashboardRow['sites']['by_status'],
    cost_by_status: Object.fromEntries(SITE_STATUSES.map((s) => [s, n(r[`cost_${s}`])])) as DashboardRow['sites']['cost_by_status'],
  };
}

function fillRequests(row: DashboardRow, r: Rec): void {
  row.requests = {
    total: n(r.total),
    provided: n(r.provided),
    no_footage: n(r.no_footage),
    camera_broken: n(r.camera_broken),
    refused: n(r.refused),
    pending: n(r.pending),
    points: n(r.points),
    median_days_to_answer: r.median_days === null || r.median_days === undefined ? null : round(Number(r.median_days), 2),
  };
}

async function scopeNames(db: Knex, area: AreaFilter): Promise<Dashboard['area']> {
  const province = area.province === undefined ? null : ((await db('provinces').where('code', area.province).first('code', 'name_th', 'name_en')) ?? null);
  const district = area.district === undefined ? null : ((await db('districts').where('id', area.district).first('id', 'name_th', 'name_en', 'province_code')) ?? null);
  const police_station =
    area.policeStation === undefined
      ? null
      : ((await db('police_stations').where('id', area.policeStation).first('id', 'name_th', 'name_en', 'province_code', 'district_id')) ?? null);
  return { province, district, police_station };
}

/** Every figure of the dashboard for the validated scope and level. */
export async function loadDashboard(db: Knex, area: AreaFilter, level: DashboardLevel): Promise<Dashboard> {
  const def = level === 'nation' ? null : LEVELS[level];
  const cameraScope = whereArea('c', area);
  const siteScope = whereArea('s', area);
  const requestScope = whereRequests(area);
  const requestFrom = 'footage_requests f left join cameras fc on fc.id = f.camera_id';

  const cameraFrom = 'cameras c left join (select distinct camera_id from camera_photos) ph on ph.camera_id = c.id';
  const cameraAgg = await rows(db, grouped(def ? `c.${def.column}` : null, CAMERA_AGGREGATES, cameraFrom, cameraScope));
  const siteAgg = await rows(db, grouped(def ? `s.${def.column}` : null, SITE_AGGREGATES, 'planned_sites s', siteScope));
  const requestAgg = await rows(db, grouped(def ? def.request : null, REQUEST_AGGREGATES, requestFrom, requestScope));

  const names = await scopeNames(db, area);
  // Problems are per province: the scope's province (a district's or a station's own), else all.
  const problemProvince = area.province ?? names.district?.province_code ?? names.police_station?.province_code ?? null;
  const problemScope: SqlPart = problemProvince ? { sql: 'p.province_code = ?', bindings: [problemProvince] } : { sql: 'true', bindings: [] };
  const byProvince = level === 'province' || level === 'nation';
  const problemAgg = await rows(db, grouped(level === 'province' ? 'p.province_code' : null, 'count(*) as total', 'problems p', problemScope));

  // The rows: the level's areas in scope, then whatever area the data names.
  const data = new Map<string | null, { camera?: Rec; site?: Rec; request?: Rec; problems?: number }>();
  const at = (key: string | null) => data.get(key) ?? (data.set(key, {}), data.get(key)!);
  const totalRec: { camera?: Rec; site?: Rec; request?: Rec; problems?: number } = {};
  for (const [list, slot] of [
    [cameraAgg, 'camera'],
    [siteAgg, 'site'],
    [requestAgg, 'request'],
  ] as const) {
    for (const r of list) {
      if (r.is_total) totalRec[slot] = r;
      if (def && !r.is_total) at((r.key as string | null) ?? null)[slot] = r;
    }
  }
  for (const r of problemAgg) {
    if (r.is_total) totalRec.problems = n(r.total);
    else at((r.key as string | null) ?? null).problems = n(r.total);
  }

  const rowsOut: DashboardRow[] = [];
  if (!def) {
    const row = emptyRow('nation', null, null, problemProvince, totalRec.problems ?? 0);
    if (totalRec.camera) fillCameras(row, totalRec.camera);
    if (totalRec.site) fillSites(row, totalRec.site);
    if (totalRec.request) fillRequests(row, totalRec.request);
    rowsOut.push(row);
  } else {
    const conds: string[] = [];
    const bindings: (string | number | string[])[] = [];
    for (const k of ['province', 'district', 'policeStation'] as const) {
      const v = area[k];
      if (v === undefined) continue;
      conds.push(def.on[k]);
      bindings.push(v);
    }
    const dataKeys = [...data.keys()].filter((k): k is string => k !== null);
    const areas = (
      (await db.raw(`${def.areas} where (${conds.join(' and ') || 'true'}) or ${def.key} = any(?::text[])`, [...bindings, dataKeys])) as {
        rows: { key: string; name_th: string; name_en: string | null; province_code: string | null }[];
      }
    ).rows;
    const known = new Set<string>();
    for (const a of areas) {
      known.add(a.key);
      rowsOut.push(emptyRow(a.key, a.name_th, a.name_en, a.province_code, byProvince ? 0 : null));
    }
    for (const k of dataKeys) if (!known.has(k)) rowsOut.push(emptyRow(k, null, null, null, byProvince ? 0 : null));
    const sortKey = (r: DashboardRow) => (def.sort === 'key' ? r.key : (r.name_th ?? r.key));
    rowsOut.sort((p, q) => sortKey(p).localeCompare(sortKey(q), 'th') || p.key.localeCompare(q.key));
    if (data.has(null)) rowsOut.push(emptyRow('unknown', null, null, null, byProvince ? 0 : null));
    for (const row of rowsOut) {
      const d = data.get(row.key === 'unknown' ? null : row.key);
      if (!d) continue;
      if (d.camera) fillCameras(row, d.camera);
      if (d.site) fillSites(row, d.site);
      if (d.request) fillRequests(row, d.request);
      if (byProvince) row.problems = d.problems ?? 0;
    }
  }
  const totals = emptyRow('total', null, null, null, totalRec.problems ?? 0);
  if (totalRec.camera) fillCameras(totals, totalRec.camera);
  if (totalRec.site) fillSites(totals, totalRec.site);
  if (totalRec.request) fillRequests(totals, totalRec.request);

  // The lists behind items 1–5, over the whole scope.
  const repairAgencies = await topList(
    db,
    `${textKey('c.repair_agency')} as name, count(*) as cameras,
     ${BROKEN_STATUSES.map((s) => `count(*) filter (where c.status = '${s}') as ${s}`).join(', ')},
     coalesce(sum(c.repair_budget_baht), 0) as repair_budget_baht`,
    'cameras c',
    { sql: `${cameraScope.sql} and ${BROKEN}`, bindings: cameraScope.bindings },
    'cameras desc, repair_budget_baht desc, name nulls last',
  );
  const linkCentres = await topList(
    db,
    `${textKey('c.control_centre')} as name, count(*) as cameras`,
    'cameras c',
    { sql: `${cameraScope.sql} and c.linkage = 'linked'`, bindings: cameraScope.bindings },
    'cameras desc, name nulls last',
  );
  const notLinked = { sql: `${cameraScope.sql} and c.linkage = 'not_linked'`, bindings: cameraScope.bindings };
  const linkAgencies = await topList(
    db,
    `${textKey('c.link_responsible_agency')} as name, count(*) as cameras, coalesce(sum(c.link_budget_baht), 0) as link_budget_baht`,
    'cameras c',
    notLinked,
    'cameras desc, link_budget_baht desc, name nulls last',
  );
  const linkNeeds = await topList(
    db,
    `${textKey('c.link_requirements')} as name, count(*) as cameras, coalesce(sum(c.link_budget_baht), 0) as link_budget_baht`,
    'cameras c',
    notLinked,
    'cameras desc, link_budget_baht desc, name nulls last',
  );
  const siteList = (col: string) =>
    topList(
      db,
      `${textKey(`s.${col}`)} as name, count(*) as sites, coalesce(sum(s.camera_count), 0) as cameras, coalesce(sum(s.cost_baht), 0) as cost_baht`,
      'planned_sites s',
      siteScope,
      'sites desc, cost_baht desc, name nulls last',
    );
  const siteReasons = await siteList('reason');
  const siteBudgetSources = await siteList('budget_source');
  const topPoints = await rows(db, {
    sql: `select fc.id as camera_id, fc.external_id, fc.place_name, a.name as agency, fc.status, count(*) as requests,
                 count(*) filter (where f.result = 'provided') as provided,
                 count(*) filter (where f.result = 'camera_broken') as camera_broken,
                 count(*) filter (where f.result = 'no_footage') as no_footage,
                 fc.province_code, fc.district_id, fc.police_station_id,
                 round(ST_X(fc.geom)::numeric, 6) as lon, round(ST_Y(fc.geom)::numeric, 6) as lat
            from ${requestFrom} left join agencies a on a.id = fc.agency_id
           where fc.id is not null and ${requestScope.sql}
           group by fc.id, a.name
           order by requests desc, fc.id
           limit ${TOP}`,
    bindings: requestScope.bindings,
  });
  const problemCategories = await rows(db, {
    sql: `select p.category, count(*) as n from problems p where ${problemScope.sql} group by p.category`,
    bindings: problemScope.bindings,
  });
  const recentProblems = await rows(db, {
    sql: `select p.id, p.category, p.description, p.suggestion, a.name as agency, p.province_code, p.reported_on::text as reported_on
            from problems p left join agencies a on a.id = p.agency_id
           where ${problemScope.sql} order by p.reported_on desc, p.id desc limit 10`,
    bindings: problemScope.bindings,
  });

  const byCategory = Object.fromEntries(PROBLEM_CATEGORIES.map((c) => [c, 0])) as Dashboard['problems']['by_category'];
  for (const r of problemCategories) byCategory[r.category as keyof typeof byCategory] = n(r.n);
  const nums = (r: Rec, keys: string[]) => Object.fromEntries(keys.map((k) => [k, n(r[k])]));

  return {
    level,
    filters: { ...echoArea(area), bbox: null },
    area: names,
    completenessFields: COMPLETENESS_FIELDS.map((f) => f.field),
    rows: rowsOut,
    totals,
    repairAgencies: repairAgencies.map((r) => ({
      name: (r.name as string | null) ?? null,
      ...(nums(r, ['cameras', 'not_working', 'under_repair', 'beyond_repair', 'repair_budget_baht']) as {
        cameras: number;
        not_working: number;
        under_repair: number;
        beyond_repair: number;
        repair_budget_baht: number;
      }),
    })),
    linkCentres: linkCentres.map((r) => ({ name: (r.name as string | null) ?? null, cameras: n(r.cameras) })),
    linkAgencies: linkAgencies.map((r) => ({ name: (r.name as string | null) ?? null, cameras: n(r.cameras), link_budget_baht: n(r.link_budget_baht) })),
    linkNeeds: linkNeeds.map((r) => ({ name: (r.name as string | null) ?? null, cameras: n(r.cameras), link_budget_baht: n(r.link_budget_baht) })),
    siteReasons: siteReasons.map((r) => ({ name: (r.name as string | null) ?? null, sites: n(r.sites), cameras: n(r.cameras), cost_baht: n(r.cost_baht) })),
    siteBudgetSources: siteBudgetSources.map((r) => ({ name: (r.name as string | null) ?? null, sites: n(r.sites), cameras: n(r.cameras), cost_baht: n(r.cost_baht) })),
    topRequestPoints: topPoints.map((r) => ({
      camera_id: n(r.camera_id),
      external_id: (r.external_id as string | null) ?? null,
      place_name: r.place_name as string,
      agency: (r.agency as string | null) ?? null,
      status: r.status as (typeof CAMERA_STATUSES)[number],
      requests: n(r.requests),
      provided: n(r.provided),
      camera_broken: n(r.camera_broken),
      no_footage: n(r.no_footage),
      province_code: (r.province_code as string | null) ?? null,
      district_id: r.district_id === null ? null : n(r.district_id),
      police_station_id: r.police_station_id === null ? null : n(r.police_station_id),
      geometry: { type: 'Point' as const, coordinates: [n(r.lon), n(r.lat)] as [number, number] },
    })),
    problems: {
      province_code: problemProvince,
      total: Object.values(byCategory).reduce((s, v) => s + v, 0),
      by_category: byCategory,
      recent: recentProblems.map((r) => ({
        id: n(r.id),
        category: r.category as (typeof PROBLEM_CATEGORIES)[number],
        description: r.description as string,
        suggestion: (r.suggestion as string | null) ?? null,
        agency: (r.agency as string | null) ?? null,
        province_code: r.province_code as string,
        reported_on: r.reported_on as string,
      })),
    },
  };
}

// ---- the route -------------------------------------------------------------------------------------

/** /api: the national board's dashboard figures, drill-down by area. */
export function dashboardRouter(ctx: AppContext): Router {
  const r = Router();

  r.get(
    '/dashboard',
    asyncHandler(async (req, res) => {
      const knex = readerFor(ctx, req, res); // the read replica when fresh (api/src/db/replica.ts)
      rejectUnknownParams(req, ['level', 'province', 'district', 'police_station']);
      let area: AreaFilter = {};
      let level: DashboardLevel | undefined;
      await collect([
        async () => {
          area = await parseAreaValues(knex, (name) => (name === 'bbox' ? undefined : single(req, name)), principal(req));
        },
        () => {
          const v = single(req, 'level');
          if (v === undefined) return;
          if (!(DASHBOARD_LEVELS as readonly string[]).includes(v)) {
            throw new ValidationError([{ field: 'level', message: `must be ${DASHBOARD_LEVELS.join(', ')}`, code: 'invalid_parameter' }]);
          }
          level = v as DashboardLevel;
        },
      ]);
      res.json(await loadDashboard(knex, area, level ?? defaultLevel(area)));
    }),
  );

  return r;
}
