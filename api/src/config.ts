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
   * The web map draws at most this many cameras one by one; beyond it, only those around the view, or
   * groups when the view holds more (docs/web.md). Raise it for machines with a GPU.
   */
  /** Anonymous visitors may see the map of cameras (positions and states only). Off by default. */
  PUBLIC_MAP: z.enum(['on', 'off']).default('off'),
  MAP_CAMERA_POINT_LIMIT: z.coerce.number().int('MAP_CAMERA_POINT_LIMIT must be a whole number').min(1, 'MAP_CAMERA_POINT_LIMIT must be at least 1').default(2000),
});

export type Bounds = { minLon: number; minLat: number; maxLon: number; maxLat: number };

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl?: string;
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
  return {
    port: e.PORT,
    host: e.HOST,
    dataDir: path.resolve(e.DATA_DIR),
    databaseUrl: e.DATABASE_URL,
    bounds: { minLon, minLat, maxLon, maxLat },
    seedDemo: e.SEED_DEMO,
    logLevel: e.LOG_LEVEL,
    basemapStyleUrl: e.BASEMAP_STYLE_URL,
    mapboxToken: e.MAPBOX_ACCESS_TOKEN,
    mapCameraPointLimit: e.MAP_CAMERA_POINT_LIMIT,
    publicMap: e.PUBLIC_MAP === 'on',
  };
}
