import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

/** Repository root (api/src/config.ts -> ../../). */
export const ROOT_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

const EnvSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  HOST: z.string().default('127.0.0.1'),
  DATA_DIR: z.string().default(path.join(ROOT_DIR, '.data')),
  DATABASE_URL: z.string().url().optional(),
  /** A streaming replica of DATABASE_URL for the read-only routes (docs/scaling.md, "Read replicas"). */
  DATABASE_READ_URL: z.string().url('DATABASE_READ_URL must be a postgres:// URL').optional(),
  /** The replica serves reads while it is at most this far behind the primary. */
  DATABASE_READ_MAX_LAG_MS: ms('DATABASE_READ_MAX_LAG_MS', 0, 3_600_000).default(5_000),
  /** How often the replica's position is checked. */
  DATABASE_READ_CHECK_MS: ms('DATABASE_READ_CHECK_MS', 50, 600_000).default(1_000),
  /** Thailand by default; any deployment can widen or move the accepted area. */
  BOUNDS: z
    .string()
    .regex(/^-?[\d.]+,-?[\d.]+,-?[\d.]+,-?[\d.]+$/, 'BOUNDS must be minLon,minLat,maxLon,maxLat')
    .default('97.3,5.6,105.7,20.5'),
  SEED_DEMO: z.enum(['auto', 'never']).default('auto'),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error', 'silent']).default('info'),
  /** A MapLibre style URL (raster or vector) for deployments with internet; unset = offline basemap. */
  BASEMAP_STYLE_URL: z
    .string()
    .url('BASEMAP_STYLE_URL must be a URL')
    .refine((u) => /^https?:\/\//i.test(u), 'BASEMAP_STYLE_URL must be an http(s) URL')
    .optional(),
  /** When set, the web map uses mapbox-gl with this public token instead of maplibre-gl. */
  MAPBOX_ACCESS_TOKEN: z.string().trim().regex(/^[\w.-]+$/, 'MAPBOX_ACCESS_TOKEN must be a token (letters, digits, . _ -)').optional(),
  /**
   * Anonymous visitors may see the map of cameras (positions and states only) with the boundaries and
   * the province and district lists of its filter (api/src/app.ts isPublicMapPath). Off by default.
   */
  PUBLIC_MAP: z.enum(['on', 'off']).default('off'),
  /**
   * The web map draws at most this many cameras one by one; beyond it, only those around the view, or
   * groups when the view holds more (docs/web.md). Raise it for machines with a GPU.
   */
  MAP_CAMERA_POINT_LIMIT: z.coerce.number().int('MAP_CAMERA_POINT_LIMIT must be a whole number').min(1, 'MAP_CAMERA_POINT_LIMIT must be at least 1').default(2000),
  /** json: one JSON object per line; text: for a person at a terminal; auto: text on a terminal, else json. */
  LOG_FORMAT: z.enum(['auto', 'json', 'text']).default('auto'),
  // Reliability limits (docs/reliability.md). Milliseconds unless named otherwise.
  /** On SIGTERM/SIGINT: how long requests in flight may take to finish before they are cut. */
  SHUTDOWN_TIMEOUT_MS: ms('SHUTDOWN_TIMEOUT_MS', 0, 600_000).default(20_000),
  /** PostgreSQL stops any statement running longer (0 = no limit). Not enforced by the embedded engine. */
  STATEMENT_TIMEOUT_MS: ms('STATEMENT_TIMEOUT_MS', 0, 86_400_000).default(30_000),
  /** How long opening one database connection may take. */
  DB_CONNECT_TIMEOUT_MS: ms('DB_CONNECT_TIMEOUT_MS', 100, 600_000).default(5_000),
  /** How long a request waits for a free connection of the pool before it is answered 503. */
  DB_ACQUIRE_TIMEOUT_MS: ms('DB_ACQUIRE_TIMEOUT_MS', 100, 600_000).default(10_000),
  /** Connections to PostgreSQL at most (the embedded engine serves one). */
  DB_POOL_MAX: z.coerce.number().int('DB_POOL_MAX must be a whole number').min(1, 'DB_POOL_MAX must be at least 1').max(1000).default(10),
  /** /readyz: how long the database may take to answer before the instance is reported not ready. */
  READY_TIMEOUT_MS: ms('READY_TIMEOUT_MS', 50, 60_000).default(2_000),
  /** Heavy requests (analysis, plan ranking, exports) running at once; default 2 on PostgreSQL, 1 embedded. */
  HEAVY_CONCURRENCY: z.coerce.number().int('HEAVY_CONCURRENCY must be a whole number').min(1, 'HEAVY_CONCURRENCY must be at least 1').max(1000).optional(),
  /** Heavy requests waiting for a turn at most; beyond, 503 with Retry-After. */
  HEAVY_QUEUE: z.coerce.number().int('HEAVY_QUEUE must be a whole number').min(0, 'HEAVY_QUEUE must be at least 0').max(100_000).default(20),
  /** How long a heavy request waits for its turn before it is answered 503. */
  HEAVY_QUEUE_TIMEOUT_MS: ms('HEAVY_QUEUE_TIMEOUT_MS', 0, 3_600_000).default(60_000),
  /** Largest bbox a request may give, in square degrees (0 = no limit); default the larger of 1000 and 4 × BOUNDS. */
  BBOX_MAX_AREA_DEG2: z.coerce.number('BBOX_MAX_AREA_DEG2 must be a number').min(0, 'BBOX_MAX_AREA_DEG2 must be at least 0').optional(),
});

/** A whole number of milliseconds from min to max. */
function ms(name: string, min: number, max: number) {
  return z.coerce
    .number(`${name} must be a number of milliseconds`)
    .int(`${name} must be a whole number of milliseconds`)
    .min(min, `${name} must be at least ${min}`)
    .max(max, `${name} must be at most ${max}`);
}

export type Bounds = { minLon: number; minLat: number; maxLon: number; maxLat: number };

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl?: string;
  /** DATABASE_READ_URL: a streaming replica of databaseUrl for the read-only routes. */
  databaseReadUrl?: string;
  readMaxLagMs: number;
  readCheckMs: number;
  bounds: Bounds;
  seedDemo: 'auto' | 'never';
  logLevel: 'debug' | 'info' | 'warn' | 'error' | 'silent';
  /** MapLibre style URL for the web map's basemap; absent = the offline boundaries basemap. */
  basemapStyleUrl?: string;
  /** Mapbox public token; when set the web map uses mapbox-gl. */
  mapboxToken?: string;
  /** PUBLIC_MAP=on: anonymous visitors see the sanitised map. */
  publicMap: boolean;
  /** Cameras the web map draws one by one at most (MAP_CAMERA_POINT_LIMIT). */
  mapCameraPointLimit: number;
  /** LOG_FORMAT resolved: 'json' or 'text' ('auto' picks text when stdout is a terminal). */
  logFormat: 'json' | 'text';
  /** Reliability settings (docs/reliability.md); all times in milliseconds. */
  shutdownTimeoutMs: number;
  statementTimeoutMs: number;
  dbConnectTimeoutMs: number;
  dbAcquireTimeoutMs: number;
  dbPoolMax: number;
  readyTimeoutMs: number;
  /** Undefined: the engine's default (2 on PostgreSQL, 1 embedded). */
  heavyConcurrency?: number;
  heavyQueue: number;
  heavyQueueTimeoutMs: number;
  /** Square degrees; 0 = no limit. */
  bboxMaxArea: number;
}

/** Environment -> typed config, validated once. Throws with every problem named. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== ''));
  const parsed = EnvSchema.safeParse(cleaned);
  if (!parsed.success) {
    const msg = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`invalid configuration: ${msg}`);
  }
  const e = parsed.data;
  const [minLon, minLat, maxLon, maxLat] = e.BOUNDS.split(',').map(Number) as [number, number, number, number];
  if (!(minLon < maxLon && minLat < maxLat)) throw new Error('invalid configuration: BOUNDS min must be below max');
  if (e.DATABASE_READ_URL && !e.DATABASE_URL) throw new Error('invalid configuration: DATABASE_READ_URL needs DATABASE_URL (a replica of a PostgreSQL server; the embedded database has none)');
  return {
    port: e.PORT,
    host: e.HOST,
    dataDir: path.resolve(e.DATA_DIR),
    databaseUrl: e.DATABASE_URL,
    databaseReadUrl: e.DATABASE_READ_URL,
    readMaxLagMs: e.DATABASE_READ_MAX_LAG_MS,
    readCheckMs: e.DATABASE_READ_CHECK_MS,
    bounds: { minLon, minLat, maxLon, maxLat },
    seedDemo: e.SEED_DEMO,
    logLevel: e.LOG_LEVEL,
    basemapStyleUrl: e.BASEMAP_STYLE_URL,
    mapboxToken: e.MAPBOX_ACCESS_TOKEN,
    mapCameraPointLimit: e.MAP_CAMERA_POINT_LIMIT,
    publicMap: e.PUBLIC_MAP === 'on',
    logFormat: e.LOG_FORMAT === 'auto' ? (process.stdout.isTTY ? 'text' : 'json') : e.LOG_FORMAT,
    shutdownTimeoutMs: e.SHUTDOWN_TIMEOUT_MS,
    statementTimeoutMs: e.STATEMENT_TIMEOUT_MS,
    dbConnectTimeoutMs: e.DB_CONNECT_TIMEOUT_MS,
    dbAcquireTimeoutMs: e.DB_ACQUIRE_TIMEOUT_MS,
    dbPoolMax: e.DB_POOL_MAX,
    readyTimeoutMs: e.READY_TIMEOUT_MS,
    heavyConcurrency: e.HEAVY_CONCURRENCY,
    heavyQueue: e.HEAVY_QUEUE,
    heavyQueueTimeoutMs: e.HEAVY_QUEUE_TIMEOUT_MS,
    bboxMaxArea: e.BBOX_MAX_AREA_DEG2 ?? Math.max(1000, 4 * (maxLon - minLon) * (maxLat - minLat)),
  };
}
