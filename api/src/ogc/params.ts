import { ApiError } from '../http/errors.js';
import { bboxTooLarge } from '../routes/query.js';
import { type CollectionDef, type PropertyDef, STANDARD_ITEM_PARAMS } from './collections.js';
import type { Bbox, ItemFilters } from './sql.js';

export const DEFAULT_LIMIT = 10;
/**
 * Largest page. A larger `limit` is clamped to it rather than refused: the spec's own example
 * ("ask for 50000, get up to 10000 and a next link") and clients that ask for "everything" in one
 * request keep working; the next link carries the clamped value.
 */
export const MAX_LIMIT = 10_000;
export const CRS84 = 'http://www.opengis.net/def/crs/OGC/1.3/CRS84';

const INT4_MIN = -2_147_483_648;
const INT4_MAX = 2_147_483_647;

export function invalidParameter(name: string, message: string, code = 'invalid_parameter'): ApiError {
  const full = `query parameter "${name}" ${message}`;
  return new ApiError(400, code, full, [{ field: name, message: full, code }]);
}

/**
 * The request's query parameters, as written. Read from the raw URL rather than req.query so that
 * `a[b]=1` stays a parameter named "a[b]" and a repeated name is seen as such.
 */
export function rawParams(originalUrl: string): URLSearchParams {
  const q = originalUrl.indexOf('?');
  return new URLSearchParams(q < 0 ? '' : originalUrl.slice(q + 1));
}

/** The single value of a parameter; a repeated parameter is an error. */
function single(params: URLSearchParams, name: string): string | undefined {
  const all = params.getAll(name);
  if (all.length > 1) throw invalidParameter(name, 'is given more than once');
  return all[0];
}

/** `f`: the only encoding is JSON; `geojson` is accepted where the response is GeoJSON. */
export function checkFormat(params: URLSearchParams, allowed: readonly string[] = ['json']): void {
  const f = single(params, 'f');
  if (f !== undefined && !allowed.includes(f)) throw invalidParameter('f', `must be ${allowed.join(' or ')}, not "${f}"`);
}

function parseInteger(name: string, raw: string, min: number, max: number): number {
  if (!/^-?\d+$/.test(raw)) throw invalidParameter(name, `must be an integer, not "${raw}"`);
  const n = Number(raw);
  if (n < min || n > max) throw invalidParameter(name, max === Infinity ? `must be at least ${min}, not ${raw}` : `must be between ${min} and ${max}, not ${raw}`);
  return n;
}

const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

/** bbox=minLon,minLat,maxLon,maxLat (or the 6-number 3D form, whose heights are ignored). */
export function parseBbox(raw: string): Bbox {
  const parts = raw.split(',').map((s) => s.trim());
  if ((parts.length !== 4 && parts.length !== 6) || parts.some((p) => !NUMBER.test(p))) {
    throw invalidParameter('bbox', `must be 4 comma-separated numbers minLon,minLat,maxLon,maxLat, not "${raw}"`);
  }
  const n = parts.map(Number);
  const [minx, miny, maxx, maxy] = (n.length === 6 ? [n[0], n[1], n[3], n[4]] : n) as Bbox;
  if ([minx, maxx].some((x) => x < -180 || x > 180)) throw invalidParameter('bbox', 'longitudes must be between -180 and 180');
  if ([miny, maxy].some((y) => y < -90 || y > 90)) throw invalidParameter('bbox', 'latitudes must be between -90 and 90');
  if (miny > maxy) throw invalidParameter('bbox', 'minimum latitude must not exceed the maximum');
  // minLon > maxLon is legal: the box crosses the antimeridian.
  const tooLarge = bboxTooLarge(minx, miny, maxx, maxy);
  if (tooLarge) throw invalidParameter('bbox', tooLarge, 'bbox_too_large');
  return [minx, miny, maxx, maxy];
}

const DATE = '\\d{4}-\\d{2}-\\d{2}';
const DATE_TIME = new RegExp(`^${DATE}([Tt]\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?([Zz]|[+-]\\d{2}:\\d{2}))?$`);

/**
 * datetime: an RFC 3339 instant or an interval (`a/b`, `../b`, `a/..`). None of the collections
 * has a temporal geometry, and the spec says such features match any datetime, so the value is
 * only validated.
 */
export function checkDatetime(raw: string): void {
  const ends = raw.split('/');
  const ok = (s: string) => DATE_TIME.test(s) && !Number.isNaN(Date.parse(s.length === 10 ? `${s}T00:00:00Z` : s));
  const open = (s: string) => s === '' || s === '..';
  const valid =
    ends.length === 1
      ? ok(raw)
      : ends.length === 2 && !(open(ends[0]!) && open(ends[1]!)) && ends.every((e) => open(e) || ok(e));
  if (!valid) throw invalidParameter('datetime', `must be an RFC 3339 date-time or interval (2024-01-31T00:00:00Z, 2024-01-01/2024-12-31, ../2024-12-31), not "${raw}"`);
}

function parsePropertyValue(prop: PropertyDef, raw: string): string | number | boolean {
  switch (prop.type) {
    case 'integer':
      return parseInteger(prop.name, raw, prop.int32 ? INT4_MIN : Number.MIN_SAFE_INTEGER, prop.int32 ? INT4_MAX : Number.MAX_SAFE_INTEGER);
    case 'number': {
      if (!NUMBER.test(raw)) throw invalidParameter(prop.name, `must be a number, not "${raw}"`);
      return Number(raw);
    }
    case 'boolean':
      if (raw !== 'true' && raw !== 'false') throw invalidParameter(prop.name, `must be true or false, not "${raw}"`);
      return raw === 'true';
    case 'string':
      if (prop.enum && !prop.enum.includes(raw)) throw invalidParameter(prop.name, `must be one of ${prop.enum.join(', ')}, not "${raw}"`);
      return raw;
    default:
      throw invalidParameter(prop.name, 'cannot be used as a filter');
  }
}

export interface ItemsRequest {
  limit: number;
  offset: number;
  filters: ItemFilters;
}

/** Validates every query parameter of /collections/{id}/items; anything unknown is a 400. */
export function parseItemsRequest(def: CollectionDef, params: URLSearchParams): ItemsRequest {
  checkFormat(params, ['json', 'geojson']);
  const names = new Set(params.keys());
  const equals: ItemFilters['equals'] = [];
  for (const name of names) {
    if (STANDARD_ITEM_PARAMS.includes(name)) continue;
    const prop = def.properties.find((p) => p.name === name);
    const queryable = def.properties.filter((p) => p.queryable).map((p) => p.name);
    if (!prop) {
      throw invalidParameter(
        name,
        `is not known: ${def.id} accepts f, bbox, limit, offset, datetime and the properties ${queryable.join(', ')}`,
        'unknown_parameter',
      );
    }
    if (!prop.queryable) throw invalidParameter(name, `is not a queryable property of ${def.id}; queryable: ${queryable.join(', ')}`, 'not_queryable');
    equals.push({ prop, value: parsePropertyValue(prop, single(params, name) ?? '') });
  }

  const limitRaw = single(params, 'limit');
  const limit = limitRaw === undefined ? DEFAULT_LIMIT : Math.min(parseInteger('limit', limitRaw, 1, Infinity), MAX_LIMIT);
  const offsetRaw = single(params, 'offset');
  const offset = offsetRaw === undefined ? 0 : parseInteger('offset', offsetRaw, 0, Number.MAX_SAFE_INTEGER);
  const bboxRaw = single(params, 'bbox');
  const bbox = bboxRaw === undefined ? undefined : parseBbox(bboxRaw);
  const datetime = single(params, 'datetime');
  if (datetime !== undefined) checkDatetime(datetime);
  // Only CRS84 is offered (no Part 2): accept it when named explicitly, refuse anything else.
  for (const name of ['crs', 'bbox-crs']) {
    const crs = single(params, name);
    if (crs !== undefined && crs !== CRS84) throw invalidParameter(name, `must be ${CRS84} (the only CRS offered), not "${crs}"`);
  }
  return { limit, offset, filters: { bbox, equals } };
}
