import type { Knex } from 'knex';
import { NotFoundError, ValidationError } from '../http/errors.js';
import type { EntityDef } from './entities.js';

type Row = Record<string, unknown>;
type Db = Knex | Knex.Transaction;

export interface ListQuery {
  /** column -> value, combined with AND */
  eq?: Record<string, string | number>;
  /** minLon, minLat, maxLon, maxLat (WGS84) */
  bbox?: [number, number, number, number];
  limit: number;
  offset: number;
  /** Only records of this province (the reader's scope); with `orNoProvince` also records of none. */
  scopeProvince?: string;
  orNoProvince?: boolean;
}

const RECORD_COLUMNS = ['id', 'is_demo', 'version', 'created_at', 'updated_at'];

/** The select list of an entity: its columns, derived areas, record columns, geometries as GeoJSON. */
function selectList(knex: Db, def: EntityDef): (string | Knex.Raw)[] {
  const plain = [...new Set([...RECORD_COLUMNS, ...def.columns, ...def.derived])];
  const geoms = Object.entries(def.geometries).map(([key, g]) =>
    // Empty geometries (a collapsed polygon) come back as null, not as an empty collection.
    knex.raw(`case when ?? is null or ST_IsEmpty(??) then null else ST_AsGeoJSON(??, 6)::json end as ??`, [g.column, g.column, g.column, key]),
  );
  return [...plain, ...geoms];
}

/** A GeoJSON geometry bound as a parameter, never formatted into SQL. */
function geometryValue(knex: Db, value: unknown, type: string): Knex.Raw {
  if (type === 'Point') {
    // Points are most rows (cameras, sites): two bound numbers, no JSON to build and parse.
    const [lon, lat] = (value as { coordinates: [number, number] }).coordinates;
    return knex.raw('ST_SetSRID(ST_MakePoint(?, ?), 4326)', [lon, lat]);
  }
  const g = knex.raw('ST_SetSRID(ST_GeomFromGeoJSON(?), 4326)', [JSON.stringify(value)]);
  return type === 'MultiPolygon' ? knex.raw('ST_Multi(?)', [g]) : g;
}

/** Input object -> column values for insert/update (only declared fields: no mass assignment). */
function toColumns(knex: Db, def: EntityDef, input: Row, mode: 'create' | 'patch' | 'replace'): Row {
  const out: Row = {};
  for (const col of def.columns) {
    if (col in input && input[col] !== undefined) out[col] = input[col];
    else if (mode === 'replace' && !def.derived.includes(col)) out[col] = knex.raw('DEFAULT');
  }
  for (const [key, g] of Object.entries(def.geometries)) {
    if (key in input && input[key] !== undefined) out[g.column] = input[key] === null ? null : geometryValue(knex, input[key], g.type);
    else if (mode === 'replace') out[g.column] = knex.raw('DEFAULT');
  }
  return out;
}

/** Polygons must be valid before they are stored: name the field and the reason. */
async function checkPolygons(knex: Db, def: EntityDef, input: Row): Promise<void> {
  for (const [key, g] of Object.entries(def.geometries)) {
    if (g.type !== 'MultiPolygon' || !input[key]) continue;
    const { rows } = await knex.raw('select ST_IsValidReason(ST_GeomFromGeoJSON(?)) r', [JSON.stringify(input[key])]);
    const reason = rows[0].r as string;
    if (reason !== 'Valid Geometry') throw new ValidationError([{ field: key, message: `invalid polygon: ${reason}`, code: 'invalid_geometry' }]);
  }
}

export async function listRecords(knex: Db, def: EntityDef, q: ListQuery): Promise<{ items: Row[]; total: number }> {
  const where = (b: Knex.QueryBuilder) => {
    for (const [col, v] of Object.entries(q.eq ?? {})) b.where(col, v);
    if (q.scopeProvince !== undefined) {
      b.where((s) => {
        s.where('province_code', q.scopeProvince!);
        if (q.orNoProvince) s.orWhereNull('province_code');
      });
    }
    const geomCol = def.geometries.geometry?.column;
    if (q.bbox && geomCol) {
      // Index-friendly: && on the envelope first, then the exact test.
      b.whereRaw('?? && ST_MakeEnvelope(?, ?, ?, ?, 4326) and ST_Intersects(??, ST_MakeEnvelope(?, ?, ?, ?, 4326))', [
        geomCol, ...q.bbox, geomCol, ...q.bbox,
      ]);
    }
    return b;
  };
  const [{ total }] = await where(knex(def.table).count<{ total: number }[]>({ total: '*' }));
  const items = await where(knex(def.table).select(selectList(knex, def))).orderBy('id').limit(q.limit).offset(q.offset);
  return { items, total: Number(total) };
}

export async function getRecord(knex: Db, def: EntityDef, id: number): Promise<Row> {
  const row = await knex(def.table).select(selectList(knex, def)).where('id', id).first();
  if (!row) throw new NotFoundError(`${def.noun} ${id}`);
  return row;
}

export async function createRecord(knex: Db, def: EntityDef, input: Row): Promise<Row> {
  await checkPolygons(knex, def, input);
  const [{ id }] = await knex(def.table).insert(toColumns(knex, def, input, 'create')).returning('id');
  return getRecord(knex, def, id);
}

/**
 * The record moved on since the version an edit was based on (optimistic concurrency): `actual` is
 * its version now. The API answers 409 with the record as it is (api/src/routes/entities.ts).
 */
export class VersionConflictError extends Error {
  constructor(
    readonly noun: string,
    readonly id: number,
    readonly expected: number,
    readonly actual: number,
  ) {
    super(`${noun} ${id} was changed by someone else: it is at version ${actual}, this change was based on version ${expected}`);
    this.name = 'VersionConflictError';
  }
}

export interface UpdateOptions {
  /**
   * Change the record only while it is at this version (what the editor read); otherwise
   * VersionConflictError and nothing is written. Undefined: whatever its version (scripts, imports).
   */
  expectedVersion?: number;
}

/**
 * Changes one record and raises its version by one. With `expectedVersion` the version is part of
 * the UPDATE's condition, so two writers that read the same version cannot both succeed: on
 * PostgreSQL the second waits for the first's row lock and then finds the version moved on.
 */
export async function updateRecord(knex: Db, def: EntityDef, id: number, input: Row, mode: 'patch' | 'replace', opts: UpdateOptions = {}): Promise<Row> {
  await checkPolygons(knex, def, input);
  const values = toColumns(knex, def, input, mode);
  const q = knex(def.table).where('id', id);
  if (opts.expectedVersion !== undefined) q.where('version', opts.expectedVersion);
  const n = await q.update({ ...values, version: knex.raw('version + 1'), updated_at: knex.fn.now() });
  if (n === 0) {
    if (opts.expectedVersion === undefined) throw new NotFoundError(`${def.noun} ${id}`);
    const now = await knex(def.table).where('id', id).first('version');
    if (!now) throw new NotFoundError(`${def.noun} ${id}`);
    throw new VersionConflictError(def.noun, id, opts.expectedVersion, Number(now.version));
  }
  if (def.table === 'cameras') await photosFollowCameras(knex, [id]);
  return getRecord(knex, def, id);
}

/**
 * A photo carries its camera's province (sql/migrations/007_province_keys.sql): after cameras
 * changed — a new position derives another province, or the province was given — their photos
 * take the province the camera is in now. Call it in the transaction that changed the cameras.
 * Returns how many photos moved.
 */
export async function photosFollowCameras(db: Db, cameraIds: number[]): Promise<number> {
  if (cameraIds.length === 0) return 0;
  const res = await db.raw(
    `update camera_photos p set province_code = c.province_code from cameras c
      where c.id = any(?::bigint[]) and p.camera_id = c.id and p.province_code is distinct from c.province_code`,
    [`{${cameraIds.map((id) => Math.trunc(Number(id))).join(',')}}`],
  );
  return Number((res as { rowCount?: number }).rowCount ?? 0);
}

export async function deleteRecord(knex: Db, def: EntityDef, id: number): Promise<void> {
  const n = await knex(def.table).where('id', id).delete();
  if (n === 0) throw new NotFoundError(`${def.noun} ${id}`);
}
