import { createHash } from 'node:crypto';
import type { Request, Response } from 'express';
import { Router } from 'express';
import type { Knex } from 'knex';
import type { AreaFilter } from '../analysis-db/filters.js';
import { whereArea } from '../analysis-db/filters.js';
import type { AppContext } from '../context.js';
import { AgencyType, CameraKind, CameraPurpose, CameraStatus, Linkage } from '../domain/enums.js';
import { asyncHandler, ValidationError } from '../http/errors.js';
import { AREA_PARAMS, collect, parseAreaValues } from './area-params.js';
import { rejectUnknownParams, single } from './query.js';
import { readerFor } from '../db/replica.js';

/**
 * /api/map: data for the web map.
 * - GET /map/config: basemap settings and where the demo is.
 * - GET /map/boundaries/<level>.geojson: simplified boundaries for the offline basemap (cached, ETag).
 * - GET /map/cameras: the filtered cameras as column arrays in one binary body (layout below), so
 *   the browser can hand them to deck.gl as binary attributes without building 100,000 objects.
 * - GET /map/requests: footage requests per requested camera, for the heatmap.
 */

// --- the binary camera layout (web/src/api/map.ts decodes it) ----------------------------------

const MAGIC = 'ATLC';
const VERSION = 1;
const HEADER_BYTES = 16;
const RECORD_BYTES = 3 * 8 + 3 * 4 + 4;
/** Code tables: the index is the Uint8 written; 255 = unknown. */
const STATUS_CODES = CameraStatus.values; // working, not_working, under_repair, beyond_repair
const OWNER_CODES = AgencyType.values; // government, state_enterprise, local_administration, private, other
const LINKAGE_CODES = Linkage.values; // linked, not_linked
const KIND_CODES = CameraKind.values; // fixed, dome, ptz

/**
 * The columns as PostgreSQL sends them: each one bytea of big-endian values (float8send /
 * float4send / int4send, aggregated in id order); `codes` packs status | owner << 8 |
 * linkage << 16 | kind << 24 per camera. Null when no camera matched.
 */
export interface CameraColumns {
  n: number;
  ids: Buffer | null;
  lon: Buffer | null;
  lat: Buffer | null;
  dir: Buffer | null;
  rng: Buffer | null;
  fov: Buffer | null;
  codes: Buffer | null;
}

/**
 * The 'ATLC' v1 body: 16-byte header, then each column as one little-endian array. Turning rows
 * into columns happens in PostgreSQL; here the bytes are only swapped to little-endian (native
 * Buffer.swap64/32) and copied — 100,000 cameras never become 100,000 JavaScript objects.
 */
export function encodeCameraColumns(c: CameraColumns): Buffer {
  const n = c.n;
  const out = Buffer.alloc(HEADER_BYTES + n * RECORD_BYTES);
  out.write(MAGIC, 0, 'ascii');
  out.writeUInt32LE(VERSION, 4);
  out.writeUInt32LE(n, 8);
  out.writeUInt32LE(0, 12);
  let off = HEADER_BYTES;
  const put = (col: Buffer | null, size: 8 | 4, name: string) => {
    const bytes = col ?? Buffer.alloc(0);
    if (bytes.length !== n * size) throw new Error(`camera column ${name}: ${bytes.length} bytes for ${n} cameras`);
    const le = Buffer.from(bytes); // a copy: the swap is in place
    if (size === 8) le.swap64();
    else le.swap32();
    le.copy(out, off);
    off += n * size;
  };
  put(c.ids, 8, 'ids');
  put(c.lon, 8, 'lon');
  put(c.lat, 8, 'lat');
  put(c.dir, 4, 'dir');
  put(c.rng, 4, 'rng');
  put(c.fov, 4, 'fov');
  const codes = c.codes ?? Buffer.alloc(0);
  if (codes.length !== n * 4) throw new Error(`camera column codes: ${codes.length} bytes for ${n} cameras`);
  // Big-endian int4: byte 0 = kind, 1 = linkage, 2 = owner, 3 = status.
  for (let i = 0; i < n; i++) {
    out[off + i] = codes[4 * i + 3]!;
    out[off + n + i] = codes[4 * i + 2]!;
    out[off + 2 * n + i] = codes[4 * i + 1]!;
    out[off + 3 * n + i] = codes[4 * i]!;
  }
  return out;
}

// --- query parameters --------------------------------------------------------------------------

/** A comma list of allowed values (at least one); undefined when absent. */
function parseList(req: Request, name: string, allowed: readonly string[]): string[] | undefined {
  const v = single(req, name);
  if (v === undefined) return undefined;
  const items = [...new Set(v.split(',').map((s) => s.trim()))];
  const bad = items.filter((s) => !allowed.includes(s));
  if (!items.length || bad.length) {
    const what = bad.filter(Boolean).length ? `unknown value ${bad.filter(Boolean).map((s) => `"${s}"`).join(', ')}; ` : 'empty value; ';
    throw new ValidationError([{ field: name, message: `${what}give a comma list of ${allowed.join(', ')}`, code: 'invalid_parameter' }]);
  }
  return items;
}

/** The area filters of a request (province code/name, district, police_station, bbox). */
function parseArea(knex: Knex, req: Request): Promise<AreaFilter> {
  // Anonymous only on the public map (PUBLIC_MAP=on), which shows no personal data.
  return parseAreaValues(knex, (name) => single(req, name), req.principal ?? null);
}

// --- boundaries ---------------------------------------------------------------------------------

const LEVELS = {
  province: { table: 'provinces', tolerance: 0.004 },
  district: { table: 'districts', tolerance: 0.0015 },
  subdistrict: { table: 'subdistricts', tolerance: 0.0004 },
} as const;
type Level = keyof typeof LEVELS;

interface CachedBody {
  body: Buffer;
  etag: string;
}

/** A small LRU of answers by key, bounded in bytes (bbox filters could otherwise grow it forever). */
class BodyCache {
  private readonly map = new Map<string, CachedBody>();
  private bytes = 0;
  constructor(private readonly maxBytes: number) {}
  get(key: string): CachedBody | undefined {
    const hit = this.map.get(key);
    if (hit) {
      this.map.delete(key);
      this.map.set(key, hit);
    }
    return hit;
  }
  set(key: string, value: CachedBody): void {
    if (value.body.length > this.maxBytes) return;
    this.map.set(key, value);
    this.bytes += value.body.length;
    for (const [k, v] of this.map) {
      if (this.bytes <= this.maxBytes) break;
      this.map.delete(k);
      this.bytes -= v.body.length;
    }
  }
}

const etagOf = (body: Buffer) => `"${createHash('sha1').update(body).digest('base64url')}"`;

/** True when the request's If-None-Match names this ETag (weak or strong) or is '*'. */
function notModified(req: Request, etag: string): boolean {
  const header = req.get('if-none-match');
  if (!header) return false;
  return header.split(',').some((t) => {
    const tag = t.trim().replace(/^W\//, '');
    return tag === '*' || tag === etag;
  });
}

const r5 = (n: number) => Math.round(n * 1e5) / 1e5;

/**
 * The level's boundaries as a GeoJSON FeatureCollection: each polygon simplified (preserving its
 * topology), snapped to a 1e-5° grid (about 1 m) and made valid; its label point is
 * ST_PointOnSurface of the full geometry, so it lies inside the real polygon.
 */
async function boundaries(knex: Knex, level: Level, area: AreaFilter): Promise<Buffer> {
  const { table, tolerance } = LEVELS[level];
  const where: string[] = [];
  const bindings: (string | number)[] = [tolerance];
  const provinceCol = level === 'province' ? 'code' : 'province_code';
  if (area.province !== undefined) {
    where.push(`b.${provinceCol} = ?`);
    bindings.push(area.province);
  }
  if (area.district !== undefined) {
    if (level === 'province') where.push('b.code = (select province_code from districts where id = ?)');
    else if (level === 'district') where.push('b.id = ?');
    else where.push('b.district_id = ?');
    bindings.push(area.district);
  }
  if (area.bbox) {
    where.push('b.geom && ST_MakeEnvelope(?, ?, ?, ?, 4326) and ST_Intersects(b.geom, ST_MakeEnvelope(?, ?, ?, ?, 4326))');
    bindings.push(...area.bbox, ...area.bbox);
  }
  const props =
    level === 'province'
      ? `b.code as id, b.code, b.name_th, b.name_en, b.code as province_code`
      : level === 'district'
        ? `b.id, b.name_th, b.name_en, b.province_code`
        : `b.id, b.name_th, b.name_en, b.province_code, b.district_id`;
  const { rows } = await knex.raw(
    `with src as (
       select b.*, ST_CollectionExtract(ST_MakeValid(ST_ReducePrecision(ST_SimplifyPreserveTopology(b.geom, ?), 0.00001)), 3) as simple
         from ${table} b
        ${where.length ? `where ${where.join(' and ')}` : ''}
     )
     select ${props},
            case when ST_IsEmpty(b.simple) then null else ST_AsGeoJSON(b.simple, 5) end as geometry,
            ST_X(ST_PointOnSurface(b.geom)) as label_lon, ST_Y(ST_PointOnSurface(b.geom)) as label_lat
       from src b
      order by b.${provinceCol}, ${level === 'province' ? 'b.code' : 'b.id'}`,
    bindings,
  );
  const features = (rows as Record<string, unknown>[]).map((row) => {
    const { geometry, label_lon, label_lat, ...rest } = row;
    const properties = { ...rest, label: [r5(Number(label_lon)), r5(Number(label_lat))] };
    return `{"type":"Feature","id":${JSON.stringify(row.id)},"geometry":${geometry ?? 'null'},"properties":${JSON.stringify(properties)}}`;
  });
  return Buffer.from(`{"type":"FeatureCollection","features":[${features.join(',')}]}`);
}

// --- the router ---------------------------------------------------------------------------------

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

function parseSince(req: Request): string | undefined {
  const v = single(req, 'since');
  if (v === undefined) return undefined;
  const d = new Date(`${v}T00:00:00Z`);
  if (!ISO_DATE.test(v) || Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== v) {
    throw new ValidationError([{ field: 'since', message: 'must be a date YYYY-MM-DD (Gregorian)', code: 'invalid_date' }]);
  }
  return v;
}

/** /api: data for the web map (compact camera arrays, simplified boundaries for the offline basemap). */
export function mapRouter(ctx: AppContext): Router {
  const r = Router();
  const boundaryCache = new BodyCache(64 * 1024 * 1024);

  r.get(
    '/map/config',
    asyncHandler(async (req, res) => {
      const knex = readerFor(ctx, req, res); // the read replica when fresh (api/src/db/replica.ts)
      rejectUnknownParams(req, []);
      const b = ctx.config.bounds;
      const demoRow = await knex('app_meta').where('key', 'demo').first('value');
      const province = demoRow?.value && typeof demoRow.value.province === 'string' ? (demoRow.value.province as string) : undefined;
      let demo: { province: string; bbox: number[] } | null = null;
      if (province) {
        const ext = await knex('provinces')
          .where('code', province)
          .first(knex.raw('ST_XMin(geom) x0, ST_YMin(geom) y0, ST_XMax(geom) x1, ST_YMax(geom) y1'));
        if (ext) demo = { province, bbox: [ext.x0, ext.y0, ext.x1, ext.y1].map((n: number) => r5(Number(n))) };
      }
      res.json({
        basemapStyleUrl: ctx.config.basemapStyleUrl ?? null,
        mapboxToken: ctx.config.mapboxToken ?? null,
        cameraPointLimit: ctx.config.mapCameraPointLimit,
        publicMap: ctx.config.publicMap,
        demo,
        thailandBbox: [b.minLon, b.minLat, b.maxLon, b.maxLat],
      });
    }),
  );

  r.get(
    '/map/boundaries/:file',
    asyncHandler(async (req: Request, res: Response) => {
      const knex = readerFor(ctx, req, res); // the read replica when fresh (api/src/db/replica.ts)
      const m = /^(province|district|subdistrict)\.geojson$/.exec(String(req.params.file));
      if (!m) {
        throw new ValidationError([
          { field: 'level', message: 'must be province.geojson, district.geojson or subdistrict.geojson', code: 'invalid_parameter' },
        ]);
      }
      const level = m[1] as Level;
      rejectUnknownParams(req, ['province', 'district', 'bbox']);
      // Boundaries are reference data, the same for every reader: not limited to the reader's province.
      const area = await parseAreaValues(knex, (name) => single(req, name), null);
      if (level === 'subdistrict' && area.province === undefined && area.district === undefined && !area.bbox) {
        throw new ValidationError([
          { field: 'province', message: 'subdistricts need a province, district or bbox filter (7,400 nationally is too much for one answer)', code: 'filter_required' },
        ]);
      }
      const key = JSON.stringify([level, area.province ?? null, area.district ?? null, area.bbox ?? null]);
      let hit = boundaryCache.get(key);
      if (!hit) {
        const body = await boundaries(knex, level, area);
        hit = { body, etag: etagOf(body) };
        boundaryCache.set(key, hit);
      }
      res.set('ETag', hit.etag);
      res.set('Cache-Control', 'public, max-age=3600');
      if (notModified(req, hit.etag)) {
        res.status(304).end();
        return;
      }
      res.type('application/geo+json').send(hit.body);
    }),
  );

  r.get(
    '/map/cameras',
    asyncHandler(async (req, res) => {
      const knex = readerFor(ctx, req, res); // the read replica when fresh (api/src/db/replica.ts)
      const params = ['status', 'owner_type', 'purpose', 'linkage'];
      rejectUnknownParams(req, [...AREA_PARAMS, ...params]);
      let area: AreaFilter = {};
      let status: string[] | undefined;
      let owner: string[] | undefined;
      let purpose: string[] | undefined;
      let linkage: string | undefined;
      await collect([
        async () => void (area = await parseArea(knex, req)),
        () => void (status = parseList(req, 'status', STATUS_CODES)),
        () => void (owner = parseList(req, 'owner_type', OWNER_CODES)),
        () => void (purpose = parseList(req, 'purpose', CameraPurpose.values)),
        () => {
          const v = single(req, 'linkage');
          if (v === undefined) return;
          if (!(LINKAGE_CODES as readonly string[]).includes(v)) {
            throw new ValidationError([{ field: 'linkage', message: `must be one of ${LINKAGE_CODES.join(', ')}`, code: 'invalid_parameter' }]);
          }
          linkage = v;
        },
      ]);
      const w = whereArea('c', area);
      const conds = [w.sql];
      // Lists travel as one comma-joined string (knex would expand a JS array into separate values);
      // every item is a checked enum value, so none contains a comma.
      const list = (a: readonly string[]) => a.join(',');
      const bindings: (string | number)[] = [list(STATUS_CODES), list(OWNER_CODES), list(LINKAGE_CODES), list(KIND_CODES), ...w.bindings];
      if (status) conds.push(`c.status = any(string_to_array(?, ','))`), bindings.push(list(status));
      if (owner) conds.push(`a.type = any(string_to_array(?, ','))`), bindings.push(list(owner));
      if (purpose) conds.push(`c.purposes && string_to_array(?, ',')`), bindings.push(list(purpose));
      if (linkage) conds.push('c.linkage = ?'), bindings.push(linkage);
      // One pass in id order; every aggregate sees the same rows in the same order, so the columns
      // stay aligned. Codes: array_position is 1-based and null for an unknown value (-> 255).
      // Personal fields (contact, phone) are never selected.
      const code = (column: string) => `coalesce(array_position(string_to_array(?, ','), ${column}) - 1, 255)`;
      const { rows } = await knex.raw(
        `select count(*)::int as n,
                string_agg(float8send(id::float8), '') as ids,
                string_agg(float8send(lon), '') as lon,
                string_agg(float8send(lat), '') as lat,
                string_agg(float4send(dir), '') as dir,
                string_agg(float4send(rng), '') as rng,
                string_agg(float4send(fov), '') as fov,
                string_agg(int4send(codes), '') as codes
           from (select c.id, ST_X(c.geom) as lon, ST_Y(c.geom) as lat,
                        coalesce(c.direction_deg, 'NaN')::float4 as dir,
                        coalesce(c.range_m, 'NaN')::float4 as rng,
                        coalesce(c.fov_deg, 'NaN')::float4 as fov,
                        ${code('c.status')} | (${code('a.type')} << 8) | (${code('c.linkage')} << 16) | (${code('c.kind')} << 24) as codes
                   from cameras c left join agencies a on a.id = c.agency_id
                  where ${conds.join(' and ')}
                  order by c.id) s`,
        bindings,
      );
      const body = encodeCameraColumns(rows[0] as CameraColumns);
      res.set('X-Total-Count', String(rows[0].n));
      res.set('Cache-Control', 'no-cache');
      res.type('application/octet-stream');
      res.end(body);
    }),
  );

  r.get(
    '/map/requests',
    asyncHandler(async (req, res) => {
      const knex = readerFor(ctx, req, res); // the read replica when fresh (api/src/db/replica.ts)
      rejectUnknownParams(req, [...AREA_PARAMS, 'since']);
      let area: AreaFilter = {};
      let since: string | undefined;
      await collect([async () => void (area = await parseArea(knex, req)), () => void (since = parseSince(req))]);
      const w = whereArea('c', area);
      const conds = [w.sql];
      const bindings: (string | number)[] = [...w.bindings];
      // A date is a day in Thailand (UTC+7), where the requests are made.
      if (since) conds.push(`f.requested_at >= (?::date)::timestamp at time zone 'Asia/Bangkok'`), bindings.push(since);
      const { rows } = await knex.raw(
        `select ST_X(c.geom) as lon, ST_Y(c.geom) as lat, count(*)::int as n
           from footage_requests f join cameras c on c.id = f.camera_id
          where ${conds.join(' and ')}
          group by c.id
          order by c.id`,
        bindings,
      );
      res.set('Cache-Control', 'no-cache');
      res.json({ points: (rows as { lon: number; lat: number; n: number }[]).map((p) => [round6(p.lon), round6(p.lat), p.n]) });
    }),
  );

  return r;
}

const round6 = (n: number) => Math.round(n * 1e6) / 1e6;
