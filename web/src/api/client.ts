/** Typed fetch helpers for the cctv-atlas API (same origin; the dev server proxies to :8080). */

export type Engine = 'embedded' | 'postgres';

export interface Health {
  status: 'ok';
  /** Which database serves the API: embedded PGlite or an external PostgreSQL. */
  db: Engine | (string & {});
  /** postgis_lib_version(), e.g. "3.5.2". */
  postgis: string;
}

/** What the demo seeder records (app_meta 'demo'); every field optional to the client. */
export interface DemoInfo {
  province?: string;
  /** ISO timestamp of the seeding. */
  generatedAt?: string;
  seed?: number | string;
  note?: string;
  [key: string]: unknown;
}

export interface Meta {
  /** Set when the database holds the generated demo data set; null for real data. */
  demo: DemoInfo | null;
  /** Rows per domain table, e.g. { cameras: 120, planned_sites: 14 }. */
  counts: Record<string, number>;
  engine?: string;
  /** Enum labels per domain enum; the map UI will use them. */
  enums?: Record<string, unknown>;
}

/** The error body the API answers with: { errors: [{ code, message, field? }] }. */
interface ErrorBody {
  errors?: { code?: string; message?: string }[];
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

async function getJson(path: string, signal?: AbortSignal): Promise<unknown> {
  const res = await fetch(path, { headers: { Accept: 'application/json' }, signal });
  const type = res.headers.get('content-type') ?? '';
  const body: unknown = type.includes('json') ? await res.json().catch(() => undefined) : undefined;
  if (!res.ok) {
    const first = isRecord(body) ? (body as ErrorBody).errors?.[0] : undefined;
    throw new ApiError(res.status, first?.code ?? `http_${res.status}`, first?.message ?? `HTTP ${res.status} ${res.statusText}`.trim());
  }
  if (body === undefined) throw new ApiError(res.status, 'not_json', `${path} did not answer with JSON`);
  return body;
}

export function isHealth(v: unknown): v is Health {
  return isRecord(v) && v.status === 'ok' && typeof v.db === 'string' && typeof v.postgis === 'string';
}

const isCount = (n: unknown) => (typeof n === 'number' && Number.isFinite(n)) || (typeof n === 'string' && /^\d+$/.test(n));

export function isMeta(v: unknown): v is Meta {
  return isRecord(v) && (v.demo === null || isRecord(v.demo)) && isRecord(v.counts) && Object.values(v.counts).every(isCount);
}

/** GET /healthz: engine and PostGIS version. */
export async function getHealth(signal?: AbortSignal): Promise<Health> {
  const body = await getJson('/healthz', signal);
  if (!isHealth(body)) throw new ApiError(200, 'bad_shape', 'unexpected /healthz answer');
  return body;
}

/** GET /api/meta: demo flag and counts; null while the server has no such endpoint (404). */
export async function getMeta(signal?: AbortSignal): Promise<Meta | null> {
  try {
    const body = await getJson('/api/meta', signal);
    if (!isMeta(body)) throw new ApiError(200, 'bad_shape', 'unexpected /api/meta answer');
    // PostgreSQL counts are bigint; a server without an int8 parser sends them as strings.
    return { ...body, counts: Object.fromEntries(Object.entries(body.counts).map(([k, n]) => [k, Number(n)])) };
  } catch (e) {
    if (e instanceof ApiError && e.status === 404) return null;
    throw e;
  }
}
