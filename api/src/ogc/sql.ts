import type { Knex } from 'knex';
import { type CollectionDef, columnOf, type PropertyDef } from './collections.js';

/** lon/lat box in CRS84: [minLon, minLat, maxLon, maxLat]. */
export type Bbox = [number, number, number, number];

export interface ItemFilters {
  bbox?: Bbox;
  /** Exact matches on queryable properties; values are already parsed to the column's type. */
  equals: { prop: PropertyDef; value: string | number | boolean }[];
  /** The reader's province (api/src/auth): only features of it. */
  scopeProvince?: string;
}

export interface ItemRow {
  __id: string | number;
  /** GeoJSON text straight from PostGIS, or null for a missing or empty geometry. */
  __geometry: string | null;
  [property: string]: unknown;
}

/**
 * GeoJSON of the geometry with 6 decimals (~0.1 m), lon/lat order, no bbox/crs members.
 * NULL for a NULL or EMPTY geometry: 21 subdistricts collapsed to EMPTY in the source and
 * `"coordinates": []` is not something every client reads, `"geometry": null` is.
 * Polygons get the RFC 7946 winding (exterior counter-clockwise) that the source files do not
 * promise. They are snapped to the same 1e-6 grid first: the boundaries hold sliver holes of
 * ~1e-13 deg² whose orientation flips when only the output is rounded.
 */
function geometrySelect(knex: Knex, def: CollectionDef): Knex.Raw {
  const g = def.geomColumn;
  const oriented = def.geometryType === 'MultiPolygon' ? 'ST_ForcePolygonCCW(ST_SnapToGrid(??, 0.000001))' : '??';
  return knex.raw(`case when ?? is null or ST_IsEmpty(??) then null else ST_AsGeoJSON(${oriented}, 6, 0) end as "__geometry"`, [g, g, g]);
}

/**
 * The bbox predicate. The data is stored in EPSG:4326, whose axis order PostGIS treats as lon/lat
 * like CRS84, so the envelope is built in the column's SRID: transform the query envelope, never
 * the column, or the GiST index cannot be used. `&&` is the index-assisted box test, ST_Intersects
 * the exact one (features touching the box edge are included, as the spec asks).
 * A box with minLon > maxLon crosses the antimeridian and is split in two.
 */
function whereBbox(qb: Knex.QueryBuilder, def: CollectionDef, [minx, miny, maxx, maxy]: Bbox): void {
  const g = def.geomColumn;
  const boxes: Bbox[] = minx <= maxx ? [[minx, miny, maxx, maxy]] : [[minx, miny, 180, maxy], [-180, miny, maxx, maxy]];
  qb.where((or) => {
    for (const [x1, y1, x2, y2] of boxes) {
      or.orWhereRaw('(?? && ST_MakeEnvelope(?, ?, ?, ?, 4326) and ST_Intersects(??, ST_MakeEnvelope(?, ?, ?, ?, 4326)))', [
        g, x1, y1, x2, y2, g, x1, y1, x2, y2,
      ]);
    }
  });
}

function applyFilters(qb: Knex.QueryBuilder, def: CollectionDef, filters: ItemFilters): Knex.QueryBuilder {
  if (def.skipNullGeometry) qb.whereNotNull(def.geomColumn);
  if (filters.bbox) whereBbox(qb, def, filters.bbox);
  for (const { prop, value } of filters.equals) qb.where(columnOf(prop), value);
  if (filters.scopeProvince !== undefined) qb.where(`${def.table}.province_code`, filters.scopeProvince);
  return qb;
}

function selectFeatures(knex: Knex, def: CollectionDef): Knex.QueryBuilder {
  return knex(def.table).select(
    knex.raw('?? as "__id"', [def.idColumn]),
    geometrySelect(knex, def),
    ...def.properties.map((p) => knex.raw('?? as ??', [columnOf(p), p.name])),
  );
}

/** One page of features, in id order so that limit/offset pages neither repeat nor skip rows. */
export function itemsQuery(knex: Knex, def: CollectionDef, filters: ItemFilters, page: { limit: number; offset: number }): Knex.QueryBuilder {
  return applyFilters(selectFeatures(knex, def), def, filters).orderBy(def.idColumn).limit(page.limit).offset(page.offset);
}

export function countQuery(knex: Knex, def: CollectionDef, filters: ItemFilters): Knex.QueryBuilder {
  return applyFilters(knex(def.table).count({ n: '*' }), def, filters);
}

export async function selectItems(knex: Knex, def: CollectionDef, filters: ItemFilters, page: { limit: number; offset: number }): Promise<ItemRow[]> {
  return (await itemsQuery(knex, def, filters, page)) as ItemRow[];
}

export async function countItems(knex: Knex, def: CollectionDef, filters: ItemFilters): Promise<number> {
  const rows = (await countQuery(knex, def, filters)) as { n: number }[];
  return Number(rows[0]?.n ?? 0);
}

export async function selectItem(knex: Knex, def: CollectionDef, id: string | number, scopeProvince?: string): Promise<ItemRow | undefined> {
  const qb = applyFilters(selectFeatures(knex, def), def, { equals: [], scopeProvince }).where(def.idColumn, id).first();
  return (await qb) as ItemRow | undefined;
}

/**
 * Spatial extent of each collection from the data (ST_Extent skips NULL and EMPTY geometries);
 * null for a collection without any geometry. One round trip for all collections.
 */
export async function selectExtents(knex: Knex, defs: readonly CollectionDef[], scope?: (def: CollectionDef) => string | undefined): Promise<Map<string, Bbox | null>> {
  // extentSql is a constant of the collection table, never request input.
  const parts = defs.map((d) => `(select ?::text as id, ST_Extent(${d.extentSql ?? '??'}) as e from ??${scope?.(d) !== undefined ? ' where province_code = ?' : ''})`);
  const bindings = defs.flatMap((d) => {
    const s = scope?.(d);
    return [...(d.extentSql ? [d.id, d.table] : [d.id, d.geomColumn, d.table]), ...(s !== undefined ? [s] : [])];
  });
  const { rows } = (await knex.raw(
    `select id, ST_XMin(e) as xmin, ST_YMin(e) as ymin, ST_XMax(e) as xmax, ST_YMax(e) as ymax
       from (${parts.join(' union all ')}) extents`,
    bindings,
  )) as { rows: { id: string; xmin: number | null; ymin: number | null; xmax: number | null; ymax: number | null }[] };
  const out = new Map<string, Bbox | null>();
  for (const r of rows) {
    out.set(r.id, r.xmin === null || r.ymin === null || r.xmax === null || r.ymax === null ? null : [r.xmin, r.ymin, r.xmax, r.ymax]);
  }
  return out;
}
