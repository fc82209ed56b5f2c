/**
 * The computed collection camera_views: view polygons of cameras, built by the coverage engine
 * from the camera rows (api/src/analysis-db/views.ts). Same paging, bbox and property filters as
 * the table collections; `mode` (effective | nominal) chooses the cameras and is served as a
 * property of every feature.
 */
import type { Knex } from 'knex';
import type { Mode } from '../analysis/index.js';
import { selectViews, type ViewFeature } from '../analysis-db/views.js';
import { columnOf } from './collections.js';
import { invalidParameter } from './params.js';
import type { Bbox, ItemFilters, ItemRow } from './sql.js';

function parseMode(raw: unknown): Mode {
  if (raw === undefined) return 'effective';
  if (raw !== 'effective' && raw !== 'nominal') throw invalidParameter('mode', `must be effective or nominal, not "${String(raw)}"`);
  return raw;
}

/** A box with minLon > maxLon crosses the antimeridian: two boxes. */
function boxesOf([minx, miny, maxx, maxy]: Bbox): Bbox[] {
  return minx <= maxx ? [[minx, miny, maxx, maxy]] : [[minx, miny, 180, maxy], [-180, miny, maxx, maxy]];
}

function toRow(f: ViewFeature): ItemRow {
  return { __id: f.id, __geometry: JSON.stringify(f.geometry), ...f.properties };
}

export async function selectViewItems(
  knex: Knex,
  filters: ItemFilters,
  page: { limit: number; offset: number },
): Promise<{ rows: ItemRow[]; matched: number }> {
  const mode = parseMode(filters.equals.find((e) => e.prop.name === 'mode')?.value);
  const equals: { column: string; value: string | number | boolean }[] = filters.equals.filter((e) => !e.prop.virtual).map((e) => ({ column: columnOf(e.prop), value: e.value }));
  if (filters.scopeProvince !== undefined) equals.push({ column: 'province_code', value: filters.scopeProvince });
  const { features, total } = await selectViews(knex, {
    mode,
    boxes: filters.bbox ? boxesOf(filters.bbox) : undefined,
    equals,
    limit: page.limit,
    offset: page.offset,
  });
  return { rows: features.map(toRow), matched: total };
}

/** One camera's view; undefined when the camera does not exist or does not count in the mode. */
export async function selectViewItem(knex: Knex, id: number, params: URLSearchParams, scopeProvince?: string): Promise<ItemRow | undefined> {
  const modes = params.getAll('mode');
  if (modes.length > 1) throw invalidParameter('mode', 'is given more than once');
  const equals = scopeProvince !== undefined ? [{ column: 'province_code', value: scopeProvince }] : undefined;
  const { features } = await selectViews(knex, { mode: parseMode(modes[0]), id, limit: 1, offset: 0, ...(equals ? { equals } : {}) });
  return features[0] ? toRow(features[0]) : undefined;
}
