import type { Knex } from 'knex';
import type { EntityDef } from './entities.js';
import { photosFollowCameras } from './repository.js';

type Db = Knex | Knex.Transaction;

export interface BulkResult {
  /** Per input row, in statement order: its id and whether it was new (false: an existing row was updated). */
  rows: { id: number; inserted: boolean }[];
}

const q = (id: string) => `"${id.replace(/"/g, '""')}"`;
interface ColumnInfo {
  type: string;
  /** The default expression of a NOT NULL column that has one (a null in the batch means "default"). */
  notNullDefault: string | null;
}
const catalogCache = new WeakMap<object, Map<string, Map<string, ColumnInfo>>>();

/** Column -> SQL type and default of a table, from the catalog (cached per knex instance). */
async function columnsOf(db: Db, table: string): Promise<Map<string, ColumnInfo>> {
  const key = db.client as object;
  let byTable = catalogCache.get(key);
  if (!byTable) catalogCache.set(key, (byTable = new Map()));
  const cached = byTable.get(table);
  if (cached) return cached;
  const { rows } = await db.raw(
    `select a.attname as name, format_type(a.atttypid, a.atttypmod) as type,
            case when a.attnotnull then pg_get_expr(d.adbin, d.adrelid) end as not_null_default
       from pg_attribute a left join pg_attrdef d on d.adrelid = a.attrelid and d.adnum = a.attnum
      where a.attrelid = ?::regclass and a.attnum > 0 and not a.attisdropped`,
    [table],
  );
  const info = new Map<string, ColumnInfo>(
    rows.map((r: { name: string; type: string; not_null_default: string | null }) => [r.name, { type: r.type, notNullDefault: r.not_null_default }]),
  );
  byTable.set(table, info);
  return info;
}

/**
 * Inserts (onConflict 'error') or inserts and updates (onConflict 'update', the default) many validated inputs (domain field names, geometries as GeoJSON) in a few
 * statements: each batch travels as one JSON parameter and is unpacked by jsonb_to_recordset.
 * Rows whose external_id exists are updated (their version goes up); rows without external_id are
 * always inserted. Call it inside a transaction: a failing batch then leaves nothing behind.
 */
export async function bulkUpsert(
  db: Db,
  def: EntityDef,
  inputs: Record<string, unknown>[],
  opts: { onConflict?: 'update' | 'error'; batchSize?: number; /** The unique key that identifies a row (default external_id). */ key?: string[] } = {},
): Promise<BulkResult> {
  const batchSize = opts.batchSize ?? 2000;
  const key = opts.key ?? ['external_id'];
  const info = await columnsOf(db, def.table);
  const cols = def.columns.filter((c) => inputs.some((r) => r[c] !== undefined));
  const geoms = Object.entries(def.geometries).filter(([key]) => inputs.some((r) => r[key] !== undefined));
  const recordDefs = [
    ...cols.map((c) => `${q(c)} ${info.get(c)?.type ?? 'text'}`),
    ...geoms.map(([key]) => `${q(`__${key}`)} text`),
  ];
  const geomExpr = (key: string, type: string) => {
    const g = `ST_SetSRID(ST_GeomFromGeoJSON(r.${q(`__${key}`)}), 4326)`;
    return type === 'MultiPolygon' ? `ST_Multi(${g})` : g;
  };
  const target = [...cols, ...geoms.map(([, g]) => g.column)];
  const value = (c: string) => {
    const d = info.get(c)?.notNullDefault;
    return d ? `coalesce(r.${q(c)}, ${d})` : `r.${q(c)}`;
  };
  const values = [...cols.map(value), ...geoms.map(([key, g]) => geomExpr(key, g.type))];
  const updatable = target.filter((c) => !key.includes(c));
  const geomColumns = new Set(geoms.map(([, g]) => g.column));
  // A position equal to 6 decimals (~0.1 m, the precision of our exports and of GPS) is the same
  // position: keeping the stored one keeps what the area triggers derived from it (and a police
  // station chosen by hand) when a file exported from here comes back.
  const assign = (c: string) =>
    geomColumns.has(c)
      ? `${q(c)} = case when ST_AsGeoJSON(${q(def.table)}.${q(c)}, 6) = ST_AsGeoJSON(excluded.${q(c)}, 6) then ${q(def.table)}.${q(c)} else excluded.${q(c)} end`
      : `${q(c)} = excluded.${q(c)}`;
  // xmax = 0 only for a freshly inserted row version: tells inserts from updates.
  const sql = `insert into ${q(def.table)} (${target.map(q).join(', ')})
    select ${values.join(', ')} from jsonb_to_recordset(?::jsonb) as r(${recordDefs.join(', ')})
    ${
      opts.onConflict === 'error'
        ? ''
        : `on conflict (${key.map(q).join(', ')}) do update set ${updatable.map(assign).join(', ')},
      version = ${q(def.table)}.version + 1, updated_at = now()`
    }
    returning id, (xmax = 0) as inserted`;
  const out: BulkResult['rows'] = [];
  for (let i = 0; i < inputs.length; i += batchSize) {
    const batch = inputs.slice(i, i + batchSize).map((r) => {
      const rec: Record<string, unknown> = {};
      for (const c of cols) rec[c] = r[c] ?? null;
      for (const [key] of geoms) rec[`__${key}`] = r[key] == null ? null : JSON.stringify(r[key]);
      return rec;
    });
    const { rows } = await db.raw(sql, [JSON.stringify(batch)]);
    out.push(...rows.map((r: { id: number; inserted: boolean }) => ({ id: Number(r.id), inserted: r.inserted })));
  }
  // Cameras updated here may have moved into another province: their photos follow (migration 007).
  if (def.table === 'cameras') await photosFollowCameras(db, out.filter((r) => !r.inserted).map((r) => r.id));
  return { rows: out };
}
