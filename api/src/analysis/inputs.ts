/**
 * Cameras, risk points and risk routes read from GeoJSON for the coverage engine, every problem
 * named by source, feature index, id and field. Pure TypeScript (no I/O, no node-only imports):
 * the CLI reads the files, the browser reads what the user drops on the map; both call these.
 *
 * Properties read (the first one present wins, so our own camelCase, our exports' snake_case and
 * OpenStreetMap tags all work):
 * - every feature: `id` (the feature's) or `properties.id` — required, unique within the source.
 * - cameras (Point): `status` (codes or the Thai/English words the importer accepts; missing =
 *   working, see MISSING_STATUS), `kind` | `camera:type` (fixed / dome / ptz; OSM "panning" = ptz),
 *   `directionDeg` | `direction_deg` | `camera:direction` (degrees, N/NE/…, Thai compass words,
 *   OSM ranges "90-270" = direction 180 + field of view 180), `fovDeg` | `fov_deg` (wins over a
 *   range's span), `rangeM` | `range_m`, `resolution` | `recorded_resolution` | `max_resolution`
 *   (for the default range, view.ts).
 * - risk points (Point): `radiusM` | `radius_m`, `weight`, `category`.
 * - risk routes (LineString or MultiLineString): `weight`, `category`.
 * Numbers may be JSON numbers or text ("40", "40 m", "๔๐ เมตร", "90°"): OSM tags are text.
 */
import { parseDirection, parseFov } from '../io/normalise/direction.js';
import { cameraKind, cameraStatus, riskCategory } from '../io/normalise/enums.js';
import type { Parsed } from '../io/normalise/result.js';
import { DEGREE_UNITS, METRE_UNITS, parseNumber } from '../io/normalise/thai.js';
import type { CameraInput, RiskPointInput } from './coverage.js';
import type { LonLat } from './geo.js';

/**
 * A camera without a status counts as working, in both modes. Files drawn by hand or taken from
 * OpenStreetMap rarely say whether a camera works; treating them as broken would make effective
 * coverage empty. The analyses report how many cameras this applied to.
 */
export const MISSING_STATUS = 'working';

export interface InputIssue {
  /** The file or layer name. */
  source: string;
  /** 0-based position in `features` (absent for problems with the whole document). */
  index?: number;
  id?: string | number;
  /** `geometry`, `id`, `properties.fovDeg`, … */
  field?: string;
  message: string;
  suggestion?: string;
}

/** `cameras.geojson: features[3] (id "c-4"): properties.fovDeg: 400 must be …` */
export function formatIssue(i: InputIssue): string {
  const where = [i.source];
  if (i.index !== undefined) where.push(`features[${i.index}]` + (i.id !== undefined ? ` (id ${JSON.stringify(i.id)})` : ''));
  if (i.field) where.push(i.field);
  return `${where.join(': ')}: ${i.message}` + (i.suggestion ? ` (suggestion: ${i.suggestion})` : '');
}

export interface ReadResult<T> {
  items: T[];
  errors: InputIssue[];
  /** Things that do not stop the analysis (a direction that names a target, not a bearing). */
  warnings: InputIssue[];
}

export interface CamerasRead extends ReadResult<CameraInput> {
  /** Cameras that had no status and count as working (MISSING_STATUS). */
  withoutStatus: (string | number)[];
}

/** A risk route; a MultiLineString has several parts, a LineString one. */
export interface RouteInput {
  id: string | number;
  parts: LonLat[][];
  weight?: number | null;
  category?: string | null;
}

/** Parse GeoJSON text; a syntax error is an issue of the whole document. */
export function parseGeoJsonText(text: string, source: string): { data?: unknown; errors: InputIssue[] } {
  try {
    return { data: JSON.parse(text.replace(/^\uFEFF/, '')), errors: [] };
  } catch (err) {
    return { errors: [{ source, message: `not GeoJSON: ${(err as Error).message}` }] };
  }
}

type Props = Record<string, unknown>;

interface FeatureContext {
  source: string;
  index: number;
  id?: string | number;
  props: Props;
  geometry: { type: string; coordinates: unknown };
  errors: InputIssue[];
  warnings: InputIssue[];
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Walk the features of a FeatureCollection (or a single Feature): check the feature, its id
 * (present, unique) and that its geometry is one of `types`, then hand it to `read`.
 */
function readFeatures<T>(data: unknown, source: string, types: readonly string[], read: (f: FeatureContext) => T | undefined): ReadResult<T> {
  const out: ReadResult<T> = { items: [], errors: [], warnings: [] };
  let features: unknown[];
  if (isObject(data) && data.type === 'FeatureCollection' && Array.isArray(data.features)) features = data.features;
  else if (isObject(data) && data.type === 'Feature') features = [data];
  else {
    const what = isObject(data) ? (typeof data.type === 'string' ? `type "${data.type}"` : 'an object without "type"') : Array.isArray(data) ? 'an array' : JSON.stringify(data);
    out.errors.push({ source, message: `not a GeoJSON FeatureCollection (found ${what})` });
    return out;
  }
  const seen = new Map<string, number>();
  features.forEach((f, index) => {
    const issue = (field: string | undefined, message: string, id?: string | number) => out.errors.push({ source, index, id, field, message });
    if (!isObject(f) || f.type !== 'Feature') return issue(undefined, 'not a GeoJSON Feature');
    const props: Props = f.properties === null || f.properties === undefined ? {} : isObject(f.properties) ? f.properties : {};
    if (f.properties !== null && f.properties !== undefined && !isObject(f.properties)) return issue('properties', 'must be an object or null');
    const rawId = f.id ?? props.id;
    const field = f.id !== undefined && f.id !== null ? 'id' : 'properties.id';
    if (rawId === undefined || rawId === null || rawId === '') return issue('id', "no id: give the feature an id (or properties.id) so the results can name it");
    if (!(typeof rawId === 'string' || (typeof rawId === 'number' && Number.isFinite(rawId)))) return issue(field, `must be a string or a number, got ${JSON.stringify(rawId)}`);
    const id = rawId;
    const key = `${typeof id}:${id}`;
    if (seen.has(key)) return issue(field, `duplicate id, already used by features[${seen.get(key)}]`, id);
    seen.set(key, index);
    const g = f.geometry;
    if (!isObject(g) || typeof g.type !== 'string') return issue('geometry', 'missing (null or not a geometry)', id);
    if (!types.includes(g.type)) return issue('geometry.type', `must be ${types.join(' or ')}, got ${g.type}`, id);
    const ctx: FeatureContext = { source, index, id, props, geometry: { type: g.type, coordinates: g.coordinates }, errors: out.errors, warnings: out.warnings };
    const item = read(ctx);
    if (item !== undefined) out.items.push(item);
  });
  return out;
}

/** A position: [lon, lat(, z)] with lon in [-180, 180] and lat in [-90, 90]. */
function position(v: unknown): LonLat | string {
  if (!Array.isArray(v) || v.length < 2) return `a position must be [longitude, latitude], got ${JSON.stringify(v)}`;
  const [lon, lat] = v;
  if (typeof lon !== 'number' || typeof lat !== 'number' || !Number.isFinite(lon) || !Number.isFinite(lat)) return `a position needs two numbers, got ${JSON.stringify(v)}`;
  if (lon < -180 || lon > 180 || lat < -90 || lat > 90) {
    const swapped = Math.abs(lon) <= 90 && Math.abs(lat) <= 180;
    return `[${lon}, ${lat}] is not longitude, latitude in WGS84` + (swapped ? ' (latitude and longitude swapped? GeoJSON puts longitude first)' : '');
  }
  return [lon, lat];
}

function point(f: FeatureContext): LonLat | undefined {
  const p = position(f.geometry.coordinates);
  if (typeof p === 'string') {
    f.errors.push({ source: f.source, index: f.index, id: f.id, field: 'geometry.coordinates', message: p });
    return undefined;
  }
  return p;
}

function line(f: FeatureContext, v: unknown, field: string): LonLat[] | undefined {
  const fail = (message: string) => void f.errors.push({ source: f.source, index: f.index, id: f.id, field, message });
  if (!Array.isArray(v) || v.length < 2) return fail(`a line needs at least two positions`);
  const out: LonLat[] = [];
  for (let i = 0; i < v.length; i++) {
    const p = position(v[i]);
    if (typeof p === 'string') return fail(`[${i}]: ${p}`);
    out.push(p);
  }
  return out;
}

/** The first of `keys` present (not null, not ""), with its key. */
function pick(props: Props, keys: readonly string[]): { key: string; value: unknown } | undefined {
  for (const key of keys) {
    const value = props[key];
    if (value !== undefined && value !== null && value !== '') return { key, value };
  }
  return undefined;
}

/** Run a cell parser on the first present key; report a failure as an issue. undefined = absent or invalid. */
function prop<T>(f: FeatureContext, keys: readonly string[], parse: (v: never) => Parsed<T>, check?: (v: T) => string | undefined): T | undefined {
  const hit = pick(f.props, keys);
  if (!hit) return undefined;
  const field = `properties.${hit.key}`;
  const v = hit.value;
  if (typeof v === 'object' || typeof v === 'boolean') {
    f.errors.push({ source: f.source, index: f.index, id: f.id, field, message: `expected a value, got ${JSON.stringify(v)}` });
    return undefined;
  }
  const r = parse(v as never);
  if (!r.ok) {
    f.errors.push({ source: f.source, index: f.index, id: f.id, field, message: r.message, ...(r.suggestion ? { suggestion: r.suggestion } : {}) });
    return undefined;
  }
  if (r.note) f.warnings.push({ source: f.source, index: f.index, id: f.id, field, message: r.note });
  if (r.value === null) return undefined;
  const problem = check?.(r.value);
  if (problem) {
    f.errors.push({ source: f.source, index: f.index, id: f.id, field, message: `${JSON.stringify(v)}: ${problem}` });
    return undefined;
  }
  return r.value;
}

const metres = (v: never) => parseNumber(v, { units: METRE_UNITS });
const plain = (v: never) => parseNumber(v, { units: [] });
const positive = (n: number) => (n > 0 ? undefined : 'must be more than 0');

/** Cameras from GeoJSON Points (see the module comment for the properties read). */
export function readCameras(data: unknown, source = 'cameras'): CamerasRead {
  const withoutStatus: (string | number)[] = [];
  const r = readFeatures<CameraInput>(data, source, ['Point'], (f) => {
    const errorsBefore = f.errors.length;
    const at = point(f);
    const status = prop(f, ['status'], cameraStatus.parse);
    const kind = prop(f, ['kind', 'camera:type'], cameraKind.parse);
    const direction = prop(f, ['directionDeg', 'direction_deg', 'camera:direction'], parseDirection);
    const fov = prop(f, ['fovDeg', 'fov_deg'], parseFov);
    const range = prop(f, ['rangeM', 'range_m'], metres, positive);
    const resolution = pick(f.props, ['resolution', 'recorded_resolution', 'max_resolution']);
    if (f.errors.length > errorsBefore || !at) return undefined;
    if (status === undefined) withoutStatus.push(f.id!);
    return {
      id: f.id!,
      lon: at[0],
      lat: at[1],
      status: status ?? MISSING_STATUS,
      kind: kind ?? null,
      directionDeg: direction?.directionDeg ?? null,
      fovDeg: fov ?? direction?.fovDeg ?? null,
      rangeM: range ?? null,
      resolution: resolution ? String(resolution.value) : null,
    };
  });
  return { ...r, withoutStatus };
}

/** Risk points from GeoJSON Points: radiusM | radius_m, weight, category. */
export function readRiskPoints(data: unknown, source = 'risk points'): ReadResult<RiskPointInput> {
  return readFeatures<RiskPointInput>(data, source, ['Point'], (f) => {
    const errorsBefore = f.errors.length;
    const at = point(f);
    const radiusM = prop(f, ['radiusM', 'radius_m'], metres, positive);
    const weight = prop(f, ['weight'], plain, positive);
    const category = prop(f, ['category'], riskCategory.parse);
    if (f.errors.length > errorsBefore || !at) return undefined;
    return { id: f.id!, lon: at[0], lat: at[1], radiusM: radiusM ?? null, weight: weight ?? null, category: category ?? null };
  });
}

/** Risk routes from GeoJSON LineStrings and MultiLineStrings: weight, category. */
export function readRiskRoutes(data: unknown, source = 'risk routes'): ReadResult<RouteInput> {
  return readFeatures<RouteInput>(data, source, ['LineString', 'MultiLineString'], (f) => {
    const errorsBefore = f.errors.length;
    const c = f.geometry.coordinates;
    let parts: (LonLat[] | undefined)[];
    if (f.geometry.type === 'LineString') parts = [line(f, c, 'geometry.coordinates')];
    else if (!Array.isArray(c) || c.length === 0) {
      f.errors.push({ source: f.source, index: f.index, id: f.id, field: 'geometry.coordinates', message: 'a MultiLineString needs at least one line' });
      parts = [];
    } else parts = c.map((p, i) => line(f, p, `geometry.coordinates[${i}]`));
    const weight = prop(f, ['weight'], plain, positive);
    const category = prop(f, ['category'], riskCategory.parse);
    if (f.errors.length > errorsBefore) return undefined;
    return { id: f.id!, parts: parts as LonLat[][], weight: weight ?? null, category: category ?? null };
  });
}
