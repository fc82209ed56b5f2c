/**
 * The camera form's fields: the official Part 1 list (../shared/DOMAIN.md) grouped in the six
 * sections of the survey form plus the view inputs, with the API's limits (api/src/domain/camera.ts,
 * sql/migrations/001_schema.sql `cameras`). The form keeps what the user typed as text; readForm
 * turns it into the API's input and says, per field, what is wrong.
 */
import { parseDirection } from '../../../../api/src/io/normalise/direction.js';
import { DAY_UNITS, DEGREE_UNITS, FPS_UNITS, METRE_UNITS, MONEY_UNITS, parseNumber } from '../../../../api/src/io/normalise/thai.js';
import type { cameraTh } from '../../i18n/messages/camera';
import { checkPosition, formatDegrees, parseDegrees } from './coordinates';
import { type Era, fromCE, parseYear } from './year';

export type CameraKey = keyof typeof cameraTh;

export type FieldKind = 'text' | 'textarea' | 'int' | 'number' | 'enum' | 'purposes' | 'year' | 'url' | 'ref' | 'direction';
export type RefKind = 'agency' | 'station' | 'province' | 'district' | 'subdistrict';

export interface FieldSpec {
  /** The API's field (the database column). */
  name: string;
  kind: FieldKind;
  required?: boolean;
  /** Text: at most this many characters. */
  maxLength?: number;
  /** Numbers: the accepted range; `exclusive` makes a bound strict. */
  min?: number;
  max?: number;
  minExclusive?: boolean;
  maxExclusive?: boolean;
  /** Unit words a number may carry ("30 วัน", "1,500 บาท"). */
  units?: readonly string[];
  /** Enumerations: the name in /api/meta `enums` and the values. */
  enumName?: string;
  values?: readonly string[];
  ref?: RefKind;
  /** Personal data (left out of exports unless asked for). */
  personal?: boolean;
  /** An enumeration the API does not take as null (its select has no empty choice). */
  noEmpty?: boolean;
}

export type SectionId = 'location' | 'properties' | 'purpose' | 'linkage' | 'recording' | 'status' | 'view';

export interface Section {
  id: SectionId;
  fields: FieldSpec[];
}

export const CAMERA_STATUSES = ['working', 'not_working', 'under_repair', 'beyond_repair'] as const;
export const CAMERA_SYSTEMS = ['analog', 'ip', 'other'] as const;
export const CAMERA_KINDS = ['fixed', 'dome', 'ptz'] as const;
export const CAMERA_CONNECTIONS = ['wired', 'wireless', 'mobile', 'none'] as const;
export const CAMERA_PURPOSES = ['deterrence', 'investigation', 'traffic'] as const;
export const LINKAGES = ['linked', 'not_linked'] as const;

const text = (name: string, maxLength: number, extra: Partial<FieldSpec> = {}): FieldSpec => ({ name, kind: 'text', maxLength, ...extra });
const area = (name: string, maxLength: number): FieldSpec => ({ name, kind: 'textarea', maxLength });
const baht = (name: string): FieldSpec => ({ name, kind: 'number', min: 0, max: 1e12, units: MONEY_UNITS });

/** The sections of the official form, in order, and the view inputs. The position is its own control (lat/lon) in "location". */
export const SECTIONS: readonly Section[] = [
  {
    id: 'location',
    fields: [
      text('place_name', 500, { required: true }),
      text('external_id', 200),
      { name: 'agency_id', kind: 'ref', ref: 'agency' },
      text('contact_name', 200, { personal: true }),
      text('phone', 50, { personal: true }),
      area('address', 1000),
      { name: 'year_installed', kind: 'year' },
      text('project', 500),
      { name: 'province_code', kind: 'ref', ref: 'province' },
      { name: 'district_id', kind: 'ref', ref: 'district' },
      { name: 'subdistrict_id', kind: 'ref', ref: 'subdistrict' },
      { name: 'police_station_id', kind: 'ref', ref: 'station' },
    ],
  },
  {
    id: 'properties',
    fields: [
      text('recorder_model', 200),
      text('camera_brand', 200),
      { name: 'system', kind: 'enum', enumName: 'CameraSystem', values: CAMERA_SYSTEMS },
      { name: 'kind', kind: 'enum', enumName: 'CameraKind', values: CAMERA_KINDS, noEmpty: true },
      { name: 'connection', kind: 'enum', enumName: 'CameraConnection', values: CAMERA_CONNECTIONS },
      { name: 'stream_url', kind: 'url', maxLength: 2000, personal: true },
      text('area_type', 200),
      area('other_details', 2000),
    ],
  },
  { id: 'purpose', fields: [{ name: 'purposes', kind: 'purposes', enumName: 'CameraPurpose', values: CAMERA_PURPOSES }] },
  {
    id: 'linkage',
    fields: [
      { name: 'linkage', kind: 'enum', enumName: 'Linkage', values: LINKAGES },
      text('control_centre', 300),
      text('network_type', 200),
      text('network_provider', 200),
      area('linked_agencies', 1000),
      text('linked_network', 300),
      area('link_requirements', 1000),
      baht('link_budget_baht'),
      text('link_responsible_agency', 300),
    ],
  },
  {
    id: 'recording',
    fields: [
      { name: 'retention_days', kind: 'int', min: 0, max: 3650, units: DAY_UNITS },
      area('storage_process', 1000),
      area('disclosure_rules', 1000),
      text('footage_service_frequency', 300),
      area('footage_request_procedure', 1000),
      text('recorded_resolution', 50),
      text('max_resolution', 50),
      { name: 'fps', kind: 'int', min: 0, max: 240, units: FPS_UNITS },
      text('file_format', 50),
    ],
  },
  {
    id: 'status',
    fields: [
      { name: 'status', kind: 'enum', enumName: 'CameraStatus', values: CAMERA_STATUSES, required: true },
      baht('repair_budget_baht'),
      text('repair_agency', 300),
      text('budget_source', 300),
    ],
  },
  {
    id: 'view',
    fields: [
      { name: 'direction_deg', kind: 'direction', min: 0, max: 360, maxExclusive: true },
      { name: 'fov_deg', kind: 'number', min: 0, max: 360, minExclusive: true, units: DEGREE_UNITS },
      { name: 'range_m', kind: 'number', min: 0, max: 2000, minExclusive: true, units: METRE_UNITS },
    ],
  },
];

export const FIELDS: readonly FieldSpec[] = SECTIONS.flatMap((s) => s.fields);
const BY_NAME = new Map(FIELDS.map((f) => [f.name, f]));
export const fieldSpec = (name: string) => BY_NAME.get(name);

/** Inputs that are not API fields of their own: the position's two boxes (and the pair's own message slot). */
export const POSITION_KEYS = ['lat', 'lon', 'geometry'] as const;

/** Message keys of a field's label and, when there is one, its hint. */
export const labelKey = (name: string) => `camera.f.${name}` as CameraKey;
export const enumKey = (field: string, value: string) => `camera.e.${field}.${value}` as CameraKey;
export const sectionKey = (id: SectionId) => `camera.s.${id}` as CameraKey;

/** A problem with one field: a message of ours (with parameters) or the API's own text. */
export type FormError = { key: CameraKey; params?: Record<string, string | number>; action?: 'swap' | 'use_suggestion'; suggestion?: string } | { text: string };

export interface FormState {
  /** What the user typed, per field (and 'lat' / 'lon'). */
  values: Record<string, string>;
  purposes: string[];
}

export const emptyForm = (): FormState => ({ values: { kind: 'fixed' }, purposes: [] });

const num = (v: unknown): number | null => (v === null || v === undefined || v === '' ? null : Number(v));

/** A stored camera as the form shows it (the year in the box's era). */
export function cameraToForm(cam: Record<string, unknown>, era: Era): FormState {
  const values: Record<string, string> = {};
  for (const f of FIELDS) {
    const v = cam[f.name];
    if (v === null || v === undefined || f.kind === 'purposes') continue;
    if (f.kind === 'year') values[f.name] = String(fromCE(Number(v), era));
    else if (f.kind === 'int' || f.kind === 'number' || f.kind === 'direction') values[f.name] = String(num(v));
    else values[f.name] = String(v);
  }
  const g = cam.geometry as { coordinates?: [number, number] } | null | undefined;
  if (g?.coordinates) {
    values.lon = formatDegrees(g.coordinates[0]);
    values.lat = formatDegrees(g.coordinates[1]);
  }
  return { values, purposes: Array.isArray(cam.purposes) ? (cam.purposes as string[]) : [] };
}

function rangeError(f: FieldSpec, v: number): FormError | null {
  const lo = f.min !== undefined && (f.minExclusive ? v <= f.min : v < f.min);
  const hi = f.max !== undefined && (f.maxExclusive ? v >= f.max : v > f.max);
  if (!lo && !hi) return null;
  const params = { min: f.min ?? '', max: f.max ?? '' };
  if (f.minExclusive) return { key: 'camera.err.range_above', params };
  if (f.maxExclusive) return { key: 'camera.err.range_below', params };
  return { key: 'camera.err.range', params };
}

/** What the API's z.string().url() takes: anything the URL parser accepts (http, https, rtsp …). */
function isUrl(s: string): boolean {
  try {
    new URL(s);
    return true;
  } catch {
    return false;
  }
}

/** One field's text -> its API value (null when empty), or what is wrong with it. */
function readField(f: FieldSpec, raw: string | undefined, era: Era): { value: unknown } | { error: FormError } {
  const s = (raw ?? '').trim();
  if (s === '') return f.required ? { error: { key: 'camera.err.required' } } : { value: null };
  switch (f.kind) {
    case 'text':
    case 'textarea':
      return f.maxLength && s.length > f.maxLength ? { error: { key: 'camera.err.too_long', params: { max: f.maxLength, length: s.length } } } : { value: s };
    case 'url':
      if (f.maxLength && s.length > f.maxLength) return { error: { key: 'camera.err.too_long', params: { max: f.maxLength, length: s.length } } };
      return isUrl(s) ? { value: s } : { error: { key: 'camera.err.url' } };
    case 'int':
    case 'number': {
      const r = parseNumber(s, { units: f.units });
      if (!r.ok) return { error: { key: 'camera.err.number' } };
      if (r.value !== null && f.kind === 'int' && !Number.isInteger(r.value)) {
        const suggestion = String(Math.round(r.value));
        return { error: { key: 'camera.err.integer', params: { suggestion }, suggestion, action: 'use_suggestion' } };
      }
      if (r.value === null) return { value: null };
      const e = rangeError(f, r.value);
      return e ? { error: e } : { value: r.value };
    }
    case 'direction': {
      const r = parseDirection(s);
      if (!r.ok || !r.value) return { error: { key: 'camera.err.direction' } };
      const e = rangeError(f, r.value.directionDeg);
      return e ? { error: e } : { value: r.value.directionDeg };
    }
    case 'year': {
      const r = parseYear(s, era);
      if (r.ok) return { value: r.ce };
      const params = { min: r.min, max: r.max, suggestion: r.suggestion ?? '' };
      const key: CameraKey = r.problem === 'looks_ce' ? 'camera.err.year_looks_ce' : r.problem === 'looks_be' ? 'camera.err.year_looks_be' : 'camera.err.year';
      return { error: { key, params, ...(r.suggestion ? { suggestion: String(r.suggestion), action: 'use_suggestion' as const } : {}) } };
    }
    case 'ref': {
      if (f.ref === 'province') return /^\d{2}$/.test(s) ? { value: s } : { error: { key: 'camera.err.choose' } };
      const id = Number(s);
      return Number.isSafeInteger(id) && id > 0 ? { value: id } : { error: { key: 'camera.err.choose' } };
    }
    case 'enum':
      return f.values?.includes(s) ? { value: s } : { error: { key: 'camera.err.choose' } };
    case 'purposes':
      return { value: null };
  }
}

export interface ReadResult {
  /** Every field with its API value (null = empty); `geometry` when the position is complete. */
  input: Record<string, unknown>;
  /** Per form key (field name, 'lat', 'lon', 'geometry'). */
  errors: Record<string, FormError>;
}

/** Checks the whole form the way the API will, and builds its input. */
export function readForm(form: FormState, era: Era): ReadResult {
  const input: Record<string, unknown> = {};
  const errors: Record<string, FormError> = {};
  for (const f of FIELDS) {
    if (f.kind === 'purposes') {
      const ok = form.purposes.filter((p) => (CAMERA_PURPOSES as readonly string[]).includes(p));
      input.purposes = CAMERA_PURPOSES.filter((p) => ok.includes(p));
      continue;
    }
    const r = readField(f, form.values[f.name], era);
    if ('error' in r) errors[f.name] = r.error;
    else input[f.name] = r.value;
  }
  // The position: both boxes required, each a number on its own axis, the pair in Thailand.
  const lat = parseDegrees(form.values.lat ?? '', 'lat');
  const lon = parseDegrees(form.values.lon ?? '', 'lon');
  if (!lat.ok) errors.lat = { key: lat.problem === 'wrong_axis' ? 'camera.err.lat_axis' : 'camera.err.degrees' };
  else if (lat.value === null) errors.lat = { key: 'camera.err.position_required' };
  if (!lon.ok) errors.lon = { key: lon.problem === 'wrong_axis' ? 'camera.err.lon_axis' : 'camera.err.degrees' };
  else if (lon.value === null) errors.lon = { key: 'camera.err.position_required' };
  if (lat.ok && lon.ok && lat.value !== null && lon.value !== null) {
    const p = checkPosition(lat.value, lon.value);
    if (p.ok && !p.swapped) input.geometry = { type: 'Point', coordinates: [lon.value, lat.value] };
    else if (p.ok) errors.geometry = { key: 'camera.err.swapped', params: { lat: formatDegrees(p.lat), lon: formatDegrees(p.lon) }, action: 'swap' };
    else errors.geometry = positionError(p.problem, p.suggestion);
  }
  return { input, errors };
}

/** The message of a position problem (shared by the paste box and the lat/lon boxes). */
export function positionError(problem: string, suggestion?: { lat: number; lon: number }): FormError {
  const key = ({ not_pair: 'camera.err.paste', zero: 'camera.err.zero', projected: 'camera.err.projected', not_wgs84: 'camera.err.not_wgs84' } as Record<string, CameraKey>)[problem] ?? 'camera.err.outside';
  return suggestion
    ? { key: 'camera.err.outside_suggest', params: { lat: formatDegrees(suggestion.lat), lon: formatDegrees(suggestion.lon) } }
    : { key };
}

/** The body of POST: the fields that have a value (the API fills its defaults). */
export function createBody(input: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(input).filter(([k, v]) => v !== null && !(k === 'purposes' && Array.isArray(v) && v.length === 0)));
}

/**
 * The body of PATCH: only what changed against the stored record (null clears a field). Areas and
 * the police station that the user left alone are not sent, so the database derives them again
 * when the position moves.
 */
export function patchBody(input: Record<string, unknown>, original: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(input)) {
    if (JSON.stringify(v ?? null) !== JSON.stringify(original[k] ?? null)) out[k] = v;
  }
  return out;
}

/**
 * The form key an API error belongs to: `geometry.coordinates.1` -> 'lat', `.0` -> 'lon', the rest
 * of `geometry` -> 'geometry', `purposes.2` -> 'purposes', a known field -> itself; null when the
 * form has no such input (the message then goes to the summary).
 */
export function formKeyOf(apiField: string | undefined): string | null {
  if (!apiField) return null;
  const [head, ...rest] = apiField.split('.');
  if (head === 'geometry') {
    if (rest[0] === 'coordinates' && rest[1] === '1') return 'lat';
    if (rest[0] === 'coordinates' && rest[1] === '0') return 'lon';
    return 'geometry';
  }
  return head && BY_NAME.has(head) ? head : null;
}
