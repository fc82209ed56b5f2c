/**
 * Data for the web map: map config, simplified boundaries, the compact binary camera arrays and the
 * footage-request heat points. The binary decoder is pure (no fetch) so tests and the API test use it.
 */
import { ApiError } from './client';
import type { Filters } from '../state/url';

/** Code tables of the binary camera layout (index = the Uint8 code; 255 = unknown). */
export const STATUS_CODES = ['working', 'not_working', 'under_repair', 'beyond_repair'] as const;
export const OWNER_CODES = ['government', 'state_enterprise', 'local_administration', 'private', 'other'] as const;
export const LINKAGE_CODES = ['linked', 'not_linked'] as const;
export const KIND_CODES = ['fixed', 'dome', 'ptz'] as const;
export const UNKNOWN_CODE = 255;

export type CameraStatusCode = (typeof STATUS_CODES)[number];
export type OwnerCode = (typeof OWNER_CODES)[number];
export type LinkageCode = (typeof LINKAGE_CODES)[number];
export type KindCode = (typeof KIND_CODES)[number];

/** The string for a Uint8 code, or null for 255 / out of range. */
export function codeName<T extends string>(table: readonly T[], code: number): T | null {
  return code < table.length ? table[code]! : null;
}

export type Bbox = [number, number, number, number];

export interface MapConfig {
  /** A MapLibre style URL (raster or vector) for deployments with internet; null = offline basemap. */
  basemapStyleUrl: string | null;
  /** When set the web uses mapbox-gl instead of maplibre-gl. */
  mapboxToken: string | null;
  /** The map draws at most this many cameras one by one (more: those around the view, or groups). */
  cameraPointLimit: number;
  /** Anonymous visitors may see the map (PUBLIC_MAP=on). */
  publicMap?: boolean;
  /** The demo province and its bbox when the database holds the demo data set. */
  demo: { province: string; bbox: Bbox } | null;
  thailandBbox: Bbox;
}

/** Cameras as column arrays (one entry per camera, same index in every array). */
export interface CameraArrays {
  count: number;
  ids: Float64Array;
  lon: Float64Array;
  lat: Float64Array;
  /** Degrees clockwise from north; NaN when unknown. */
  direction: Float32Array;
  /** Metres; NaN when unknown. */
  range: Float32Array;
  /** Degrees; NaN when unknown. */
  fov: Float32Array;
  /** Index into STATUS_CODES. */
  status: Uint8Array;
  /** Index into OWNER_CODES, 255 unknown. */
  owner: Uint8Array;
  /** Index into LINKAGE_CODES, 255 unknown. */
  linkage: Uint8Array;
  /** Index into KIND_CODES. */
  kind: Uint8Array;
}

export type BoundaryLevel = 'province' | 'district' | 'subdistrict';

export interface BoundaryProperties {
  /** Province: its two-digit code; district / subdistrict: the numeric id. */
  id: string | number;
  code?: string | null;
  name_th: string;
  name_en: string | null;
  province_code: string;
  district_id?: number | null;
  /** A point inside the polygon for the label. */
  label: [number, number];
}

export interface BoundaryFeature {
  type: 'Feature';
  id?: string | number;
  geometry: { type: 'Polygon' | 'MultiPolygon'; coordinates: number[][][] | number[][][][] } | null;
  properties: BoundaryProperties;
}

export interface BoundaryCollection {
  type: 'FeatureCollection';
  features: BoundaryFeature[];
}

/** [lon, lat, requests] per requested camera. */
export type RequestPoint = [number, number, number];

export const CAMERA_MAGIC = 'ATLC';
export const CAMERA_VERSION = 1;
export const CAMERA_HEADER_BYTES = 16;
/** Bytes per camera: 3 × Float64 + 3 × Float32 + 4 × Uint8. */
export const CAMERA_RECORD_BYTES = 3 * 8 + 3 * 4 + 4;

/** The byte length of a buffer holding `count` cameras. */
export function cameraBufferBytes(count: number): number {
  return CAMERA_HEADER_BYTES + count * CAMERA_RECORD_BYTES;
}

export class CameraDecodeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CameraDecodeError';
  }
}

/**
 * Decodes the /api/map/cameras body: 'ATLC', uint32 version, uint32 count, uint32 0 (little-endian),
 * then the arrays id, lon, lat (Float64), direction, range, fov (Float32), status, owner, linkage,
 * kind (Uint8), each `count` long. Throws CameraDecodeError on a wrong magic, version or length.
 * The typed arrays are views over (aligned) parts of the buffer, not copies, when alignment allows.
 */
export function decodeCameras(buf: ArrayBuffer | ArrayBufferView): CameraArrays {
  // isView rather than instanceof ArrayBuffer: a buffer from another realm (jsdom, a worker) fails instanceof.
  const bytes = ArrayBuffer.isView(buf) ? new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength) : new Uint8Array(buf);
  if (bytes.byteLength < CAMERA_HEADER_BYTES) {
    throw new CameraDecodeError(`camera data too short: ${bytes.byteLength} bytes, the header alone is ${CAMERA_HEADER_BYTES}`);
  }
  const magic = String.fromCharCode(bytes[0]!, bytes[1]!, bytes[2]!, bytes[3]!);
  if (magic !== CAMERA_MAGIC) throw new CameraDecodeError(`camera data has magic "${magic}", expected "${CAMERA_MAGIC}"`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const version = view.getUint32(4, true);
  if (version !== CAMERA_VERSION) throw new CameraDecodeError(`camera data version ${version} is not supported (expected ${CAMERA_VERSION})`);
  const count = view.getUint32(8, true);
  const expected = cameraBufferBytes(count);
  if (bytes.byteLength !== expected) {
    throw new CameraDecodeError(`camera data is ${bytes.byteLength} bytes, ${count} cameras need ${expected}`);
  }
  // A copy aligned to 8 bytes when the caller's view is not, so every array below is a plain view.
  const base = bytes.byteOffset % 8 === 0 ? bytes : bytes.slice();
  const ab = base.buffer;
  let offset = base.byteOffset + CAMERA_HEADER_BYTES;
  const f64 = () => {
    const a = new Float64Array(ab, offset, count);
    offset += count * 8;
    return a;
  };
  const f32 = () => {
    const a = new Float32Array(ab, offset, count);
    offset += count * 4;
    return a;
  };
  const u8 = () => {
    const a = new Uint8Array(ab, offset, count);
    offset += count;
    return a;
  };
  const ids = f64();
  const lon = f64();
  const lat = f64();
  const direction = f32();
  const range = f32();
  const fov = f32();
  return { count, ids, lon, lat, direction, range, fov, status: u8(), owner: u8(), linkage: u8(), kind: u8() };
}

/** Encodes camera arrays in the same layout (tests and fixtures; the server has its own encoder). */
export function encodeCameras(c: Omit<CameraArrays, 'count'> & { count?: number }): ArrayBuffer {
  const count = c.count ?? c.ids.length;
  const out = new ArrayBuffer(cameraBufferBytes(count));
  const head = new DataView(out);
  for (let i = 0; i < 4; i++) head.setUint8(i, CAMERA_MAGIC.charCodeAt(i));
  head.setUint32(4, CAMERA_VERSION, true);
  head.setUint32(8, count, true);
  head.setUint32(12, 0, true);
  let offset = CAMERA_HEADER_BYTES;
  const put = <T extends Float64Array | Float32Array | Uint8Array>(Ctor: { new (b: ArrayBuffer, o: number, n: number): T }, src: ArrayLike<number>, size: number) => {
    const dst = new Ctor(out, offset, count);
    for (let i = 0; i < count; i++) dst[i] = src[i]!;
    offset += count * size;
  };
  put(Float64Array, c.ids, 8);
  put(Float64Array, c.lon, 8);
  put(Float64Array, c.lat, 8);
  put(Float32Array, c.direction, 4);
  put(Float32Array, c.range, 4);
  put(Float32Array, c.fov, 4);
  put(Uint8Array, c.status, 1);
  put(Uint8Array, c.owner, 1);
  put(Uint8Array, c.linkage, 1);
  put(Uint8Array, c.kind, 1);
  return out;
}

/** The camera filters as /api/map/cameras query parameters (area + status/owner_type/purpose/linkage). */
export function cameraParams(f: Filters): URLSearchParams {
  const q = areaParams(f);
  if (f.status?.length) q.set('status', f.status.join(','));
  if (f.ownerType?.length) q.set('owner_type', f.ownerType.join(','));
  if (f.purpose?.length) q.set('purpose', f.purpose.join(','));
  if (f.linkage) q.set('linkage', f.linkage);
  return q;
}

function areaParams(f: Filters): URLSearchParams {
  const q = new URLSearchParams();
  if (f.province) q.set('province', f.province);
  if (f.district) q.set('district', String(f.district));
  if (f.policeStation) q.set('police_station', String(f.policeStation));
  return q;
}

const withQuery = (path: string, q: URLSearchParams) => {
  const s = q.toString().replace(/%2C/g, ',');
  return s ? `${path}?${s}` : path;
};

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Throws ApiError with the server's first error message when the answer is not ok. */
async function ensureOk(res: Response, path: string): Promise<void> {
  if (res.ok) return;
  const type = res.headers.get('content-type') ?? '';
  const body: unknown = type.includes('json') ? await res.json().catch(() => undefined) : undefined;
  const first = isRecord(body) && Array.isArray(body.errors) && isRecord(body.errors[0]) ? body.errors[0] : undefined;
  const message = typeof first?.message === 'string' ? first.message : `${path}: HTTP ${res.status} ${res.statusText}`.trim();
  const field = typeof first?.field === 'string' ? `${first.field}: ` : '';
  throw new ApiError(res.status, typeof first?.code === 'string' ? first.code : `http_${res.status}`, field + message);
}

async function getJson(path: string, signal?: AbortSignal): Promise<unknown> {
  const res = await fetch(path, { headers: { Accept: 'application/json' }, signal });
  await ensureOk(res, path);
  try {
    return await res.json();
  } catch {
    throw new ApiError(res.status, 'not_json', `${path} did not answer with JSON`);
  }
}

const isBbox = (v: unknown): v is Bbox => Array.isArray(v) && v.length === 4 && v.every((n) => typeof n === 'number' && Number.isFinite(n));

/** GET /api/map/config. */
export async function fetchMapConfig(signal?: AbortSignal): Promise<MapConfig> {
  const body = await getJson('/api/map/config', signal);
  const demo = isRecord(body) ? body.demo : undefined;
  const ok =
    isRecord(body) &&
    (body.basemapStyleUrl === null || typeof body.basemapStyleUrl === 'string') &&
    (body.mapboxToken === null || typeof body.mapboxToken === 'string') &&
    typeof body.cameraPointLimit === 'number' &&
    body.cameraPointLimit >= 1 &&
    isBbox(body.thailandBbox) &&
    (demo === null || (isRecord(demo) && typeof demo.province === 'string' && isBbox(demo.bbox)));
  if (!ok) throw new ApiError(200, 'bad_shape', 'unexpected /api/map/config answer');
  return body as unknown as MapConfig;
}

export interface BoundaryParams {
  /** Province code or name. */
  province?: string;
  district?: number;
  bbox?: Bbox;
}

/** GET /api/map/boundaries/<level>.geojson (subdistricts need a province, district or bbox). */
export async function fetchBoundaries(level: BoundaryLevel, params: BoundaryParams = {}, signal?: AbortSignal): Promise<BoundaryCollection> {
  const q = new URLSearchParams();
  if (params.province) q.set('province', params.province);
  if (params.district) q.set('district', String(params.district));
  if (params.bbox) q.set('bbox', params.bbox.join(','));
  const path = withQuery(`/api/map/boundaries/${level}.geojson`, q);
  const body = await getJson(path, signal);
  if (!isRecord(body) || body.type !== 'FeatureCollection' || !Array.isArray(body.features)) {
    throw new ApiError(200, 'bad_shape', `${path} is not a GeoJSON FeatureCollection`);
  }
  return body as unknown as BoundaryCollection;
}

/** GET /api/map/cameras: the cameras matching the filters as column arrays. */
export async function fetchCameras(filters: Filters, signal?: AbortSignal): Promise<CameraArrays> {
  const path = withQuery('/api/map/cameras', cameraParams(filters));
  const res = await fetch(path, { headers: { Accept: 'application/octet-stream' }, signal });
  await ensureOk(res, path);
  const buf = await res.arrayBuffer();
  try {
    return decodeCameras(buf);
  } catch (e) {
    if (e instanceof CameraDecodeError) throw new ApiError(res.status, 'bad_camera_data', e.message);
    throw e;
  }
}

/** GET /api/map/requests: footage requests per requested camera, for the heatmap (`since`: YYYY-MM-DD). */
export async function fetchRequestPoints(filters: Filters, signal?: AbortSignal, opts: { since?: string } = {}): Promise<RequestPoint[]> {
  const q = areaParams(filters);
  if (opts.since) q.set('since', opts.since);
  const path = withQuery('/api/map/requests', q);
  const body = await getJson(path, signal);
  if (!isRecord(body) || !Array.isArray(body.points)) throw new ApiError(200, 'bad_shape', `unexpected ${path} answer`);
  return body.points as RequestPoint[];
}

// --- lists for the filter selects -------------------------------------------------------------

/** An entry of a filter select: province (id = code), district or police station (numeric id). */
export interface AreaOption<Id extends string | number = string | number> {
  id: Id;
  name_th: string;
  name_en: string | null;
}

async function listItems(path: string, idKey: string, signal?: AbortSignal): Promise<AreaOption[]> {
  const body = await getJson(path, signal);
  if (!isRecord(body) || !Array.isArray(body.items)) throw new ApiError(200, 'bad_shape', `unexpected ${path} answer`);
  return body.items.filter(isRecord).map((r) => ({
    id: r[idKey] as string | number,
    name_th: String(r.name_th ?? ''),
    name_en: typeof r.name_en === 'string' && r.name_en ? r.name_en : null,
  }));
}

/** GET /api/provinces (no geometry). */
export function fetchProvinces(signal?: AbortSignal): Promise<AreaOption<string>[]> {
  return listItems('/api/provinces', 'code', signal) as Promise<AreaOption<string>[]>;
}

/** GET /api/districts?province=… */
export function fetchDistricts(province: string, signal?: AbortSignal): Promise<AreaOption<number>[]> {
  return listItems(`/api/districts?province=${encodeURIComponent(province)}`, 'id', signal) as Promise<AreaOption<number>[]>;
}

/** GET /api/police-stations?province=… (up to 10,000; a province has far fewer). */
export function fetchPoliceStations(province: string, signal?: AbortSignal): Promise<AreaOption<number>[]> {
  return listItems(`/api/police-stations?province=${encodeURIComponent(province)}&limit=10000`, 'id', signal) as Promise<AreaOption<number>[]>;
}
