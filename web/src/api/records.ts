/**
 * Fetch helpers for the record forms, the import and the export panels: cameras and their photos,
 * the reference lists a form offers (agencies, police stations, areas), the importer and the saved
 * plans. Errors keep the API's per-field list so a form can put each message beside its input.
 */
import type { ImportOptions as ImporterOptions, ImportReport } from '../../../api/src/io/import-types';
import type { PlanListItem } from '../../../api/src/planning-db/plan-types';
import { ApiError } from './client';

/** One entry of the API's error body: `{errors:[{message, code, field}]}`. */
export interface FieldError {
  /** Dotted path of the field ('geometry.coordinates.1', 'status'); '' or absent for the whole request. */
  field?: string;
  message: string;
  code?: string;
}

/** An API error that carries every field error of the answer (ApiError has only the first). */
export class ApiFieldError extends ApiError {
  constructor(
    status: number,
    code: string,
    message: string,
    readonly fields: FieldError[],
    /** The whole parsed body (the importer answers 422 with its report). */
    readonly body?: unknown,
  ) {
    super(status, code, message);
    this.name = 'ApiFieldError';
  }
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function fieldErrorsOf(body: unknown): FieldError[] {
  if (!isRecord(body) || !Array.isArray(body.errors)) return [];
  return body.errors.filter(isRecord).map((e) => ({
    message: typeof e.message === 'string' ? e.message : String(e.message ?? ''),
    ...(typeof e.field === 'string' ? { field: e.field } : {}),
    ...(typeof e.code === 'string' ? { code: e.code } : {}),
  }));
}

/** Sends a request and answers the parsed JSON (null for 204); throws ApiFieldError otherwise. */
export async function request(method: string, path: string, opts: { json?: unknown; body?: BodyInit; headers?: Record<string, string>; signal?: AbortSignal } = {}): Promise<unknown> {
  const headers: Record<string, string> = { Accept: 'application/json', ...opts.headers };
  let body = opts.body;
  if (opts.json !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(opts.json);
  }
  const res = await fetch(path, { method, headers, body, signal: opts.signal });
  if (res.status === 204) return null;
  const type = res.headers.get('content-type') ?? '';
  const parsed: unknown = type.includes('json') ? await res.json().catch(() => undefined) : undefined;
  if (!res.ok) {
    const fields = fieldErrorsOf(parsed);
    const first = fields[0];
    throw new ApiFieldError(res.status, first?.code ?? `http_${res.status}`, first?.message ?? `HTTP ${res.status} ${res.statusText}`.trim(), fields, parsed);
  }
  if (parsed === undefined) throw new ApiFieldError(res.status, 'not_json', `${path} did not answer with JSON`, []);
  return parsed;
}

export interface Page<T> {
  items: T[];
  total: number;
}

function page<T>(body: unknown, path: string): Page<T> {
  if (!isRecord(body) || !Array.isArray(body.items)) throw new ApiFieldError(200, 'bad_shape', `unexpected answer from ${path}`, []);
  return { items: body.items as T[], total: Number(body.total ?? body.items.length) };
}

const query = (params: Record<string, string | number | boolean | undefined | null>) => {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : '';
};

// Cameras -------------------------------------------------------------------------------------------

/** A stored camera as GET /api/cameras/{id} answers it (numeric(14,2) columns may arrive as strings). */
export interface CameraRecord {
  id: number;
  version: number;
  geometry: { type: 'Point'; coordinates: [number, number] };
  [column: string]: unknown;
}

function cameraOf(body: unknown, path: string): CameraRecord {
  if (!isRecord(body) || typeof body.id !== 'number' || !isRecord(body.geometry)) throw new ApiFieldError(200, 'bad_shape', `unexpected answer from ${path}`, []);
  return body as CameraRecord;
}

export async function getCamera(id: number, signal?: AbortSignal): Promise<CameraRecord> {
  const path = `/api/cameras/${id}`;
  return cameraOf(await request('GET', path, { signal }), path);
}

export async function createCamera(input: Record<string, unknown>): Promise<CameraRecord> {
  return cameraOf(await request('POST', '/api/cameras', { json: input }), '/api/cameras');
}

/**
 * PATCH: only the fields given change, and only if the camera is still at `version` (If-Match): the
 * API answers 409 version_conflict with the current record otherwise (panels/camera/conflict.ts).
 */
export async function patchCameraAt(id: number, version: number, patch: Record<string, unknown>): Promise<CameraRecord> {
  const path = `/api/cameras/${id}`;
  return cameraOf(await request('PATCH', path, { json: patch, headers: { 'If-Match': `"${version}"` } }), path);
}

export async function deleteCamera(id: number): Promise<void> {
  await request('DELETE', `/api/cameras/${id}`);
}

// Photos --------------------------------------------------------------------------------------------

export interface PhotoMeta {
  id: number;
  camera_id: number;
  filename: string;
  content_type: string;
  size_bytes: number;
  caption: string | null;
  created_at: string;
}

export const photoUrl = (id: number) => `/api/photos/${id}`;

export async function listPhotos(cameraId: number, signal?: AbortSignal): Promise<PhotoMeta[]> {
  const path = `/api/cameras/${cameraId}/photos`;
  return page<PhotoMeta>(await request('GET', path, { signal }), path).items.map((p) => ({ ...p, id: Number(p.id), size_bytes: Number(p.size_bytes) }));
}

/** POST the image bytes as the body with their own Content-Type (api/src/routes/photos.ts). */
export async function uploadPhoto(cameraId: number, file: File, opts: { contentType?: string; caption?: string } = {}): Promise<PhotoMeta> {
  const path = `/api/cameras/${cameraId}/photos${query({ filename: file.name, caption: opts.caption })}`;
  const body = await request('POST', path, { body: file, headers: { 'Content-Type': opts.contentType || file.type } });
  return body as PhotoMeta;
}

export async function deletePhoto(id: number): Promise<void> {
  await request('DELETE', photoUrl(id));
}

// Reference lists -----------------------------------------------------------------------------------

export interface AgencyOption {
  id: number;
  name: string;
  type: string;
  province_code: string | null;
}

export interface StationOption {
  id: number;
  name_th: string;
  name_en: string | null;
  province_code: string | null;
}

export interface ProvinceOption {
  code: string;
  name_th: string;
  name_en: string;
}

export interface AreaOption {
  id: number;
  name_th: string;
  name_en: string;
}

export async function listAgencies(province: string | undefined, signal?: AbortSignal): Promise<AgencyOption[]> {
  const path = `/api/agencies${query({ province, limit: 10000 })}`;
  return page<AgencyOption>(await request('GET', path, { signal }), path).items;
}

/** Police stations (the list carries their jurisdictions, so keep it to one province when one is known). */
export async function listPoliceStations(province: string | undefined, signal?: AbortSignal): Promise<StationOption[]> {
  const path = `/api/police-stations${query({ province, limit: 10000 })}`;
  return page<StationOption>(await request('GET', path, { signal }), path).items.map((s) => ({ id: s.id, name_th: s.name_th, name_en: s.name_en, province_code: s.province_code }));
}

export async function listProvinces(signal?: AbortSignal): Promise<ProvinceOption[]> {
  return page<ProvinceOption>(await request('GET', '/api/provinces', { signal }), '/api/provinces').items;
}

export async function listDistricts(province: string, signal?: AbortSignal): Promise<AreaOption[]> {
  const path = `/api/districts${query({ province })}`;
  return page<AreaOption>(await request('GET', path, { signal }), path).items;
}

export async function listSubdistricts(district: number, signal?: AbortSignal): Promise<AreaOption[]> {
  const path = `/api/subdistricts${query({ district })}`;
  return page<AreaOption>(await request('GET', path, { signal }), path).items;
}

/** Enumeration labels from /api/meta: enum name (CameraStatus …) -> value -> {th, en}. */
export type EnumLabels = Record<string, Record<string, { th?: string; en?: string }>>;

export async function getEnumLabels(signal?: AbortSignal): Promise<EnumLabels> {
  const body = await request('GET', '/api/meta', { signal });
  return isRecord(body) && isRecord(body.enums) ? (body.enums as EnumLabels) : {};
}

// Import --------------------------------------------------------------------------------------------

// The kinds, the report and the importer's options are the API's own (api/src/io): a change there
// is a compile error here. io/types.ts has no imports at all, so IMPORT_KINDS is bundled as is;
// the rest are types only (nothing of knex or the file readers reaches the bundle).
export { IMPORT_KINDS } from '../../../api/src/io/types';
export type { ImportKind, RowIssue } from '../../../api/src/io/types';
export type { ImportReport } from '../../../api/src/io/import-types';

/**
 * The import panel's choices, as POST /api/import takes them (query parameters and the multipart
 * "mapping" field): the importer's own options, with the mapping as JSON text, the survey year as
 * typed (CE or BE: the API converts years above 2400) and the flags always set.
 */
export type ImportOptions = Pick<ImporterOptions, 'kind' | 'province' | 'encoding'> &
  Required<Pick<ImporterOptions, 'dryRun' | 'skipInvalid' | 'fixSwapped'>> & {
    /** Survey year of LAO rows (CE or BE: the API converts years above 2400). */
    year?: number;
    sheet?: string;
    /** Mapping JSON as text ({"columns": {...}, "defaults": {...}}). */
    mapping?: string;
  };

export function isImportReport(v: unknown): v is ImportReport {
  return isRecord(v) && typeof v.rowsTotal === 'number' && Array.isArray(v.errors) && Array.isArray(v.warnings) && isRecord(v.columns);
}

/** The query string of POST /api/import for these options. */
export function importQuery(o: ImportOptions): string {
  return query({
    kind: o.kind,
    province: o.province,
    year: o.kind === 'lao_survey' ? o.year : undefined,
    sheet: o.sheet?.trim(),
    encoding: o.encoding?.trim(),
    dry_run: o.dryRun || undefined,
    skip_invalid: o.skipInvalid || undefined,
    fix_swapped: o.fixSwapped || undefined,
  });
}

/**
 * POST /api/import with the file as multipart field "file". Answers the report, also when invalid
 * rows stopped the import (422: nothing written); other errors throw ApiFieldError.
 */
export async function runImport(file: File, o: ImportOptions, signal?: AbortSignal): Promise<{ status: number; report: ImportReport }> {
  const form = new FormData();
  form.append('file', file, file.name);
  if (o.mapping?.trim()) form.append('mapping', o.mapping);
  try {
    const body = await request('POST', `/api/import${importQuery(o)}`, { body: form, signal });
    if (!isImportReport(body)) throw new ApiFieldError(200, 'bad_shape', 'unexpected answer from /api/import', []);
    return { status: 200, report: body };
  } catch (e) {
    if (e instanceof ApiFieldError && e.status === 422 && isImportReport(e.body)) return { status: 422, report: e.body };
    throw e;
  }
}

// Plans ---------------------------------------------------------------------------------------------

/** A row of GET /api/plans as the export panel lists it (the API's PlanListItem). */
export type PlanSummary = Pick<PlanListItem, 'id' | 'name' | 'status' | 'province_code' | 'budget_baht' | 'items' | 'total_cost' | 'created_at'>;

export async function listPlans(province: string | undefined, signal?: AbortSignal): Promise<Page<PlanSummary>> {
  const path = `/api/plans${query({ province, limit: 1000 })}`;
  return page<PlanSummary>(await request('GET', path, { signal }), path);
}
