/**
 * The audit log of bulk writes (imports), set-based: the records an import is about to update are
 * copied once into a temporary table, and after the write one INSERT … SELECT adds an entry per
 * written record with the record before and after. Nothing of the records travels to Node, so
 * 50,000 rows cost a few statements. The masking of sensitive values is maskSensitive's rule
 * (log.ts), written in SQL; api/test/audit.int.test.ts checks that both agree.
 */
import type { Knex } from 'knex';
import { type Principal, type Resource, SENSITIVE_FIELDS } from '../auth/principal.js';
import type { EntityDef } from '../db/entities.js';
import { CHANGED, HIDDEN } from './log.js';

const q = (id: string) => `"${id.replace(/"/g, '""')}"`;
const literal = (s: string) => `'${s.replace(/'/g, "''")}'`;

/**
 * SQL: the record `t` (a row of def.table) as the REST API shows it — its columns, geometries as
 * GeoJSON with 6 decimals under their input names ('geometry', 'jurisdiction').
 */
export function snapshotSql(def: EntityDef, t = 't'): string {
  const geoms = Object.entries(def.geometries);
  if (!geoms.length) return `to_jsonb(${t})`;
  const drop = geoms.map(([, g]) => ` - ${literal(g.column)}`).join('');
  const add = geoms
    .map(([key, g]) => `${literal(key)}, case when ${t}.${q(g.column)} is null or ST_IsEmpty(${t}.${q(g.column)}) then null else ST_AsGeoJSON(${t}.${q(g.column)}, 6)::jsonb end`)
    .join(', ');
  return `(to_jsonb(${t})${drop} || jsonb_build_object(${add}))`;
}

/**
 * SQL: the jsonb `x` with the sensitive fields of `entity` replaced by "(changed)" when `other`
 * (the record on the other side of the change, or null) holds a different value, else "(hidden)";
 * null and absent values stay as they are — maskSensitive in log.ts.
 */
export function maskSql(entity: string, x: string, other: string): string {
  const fields = SENSITIVE_FIELDS[entity as Resource] ?? [];
  if (!fields.length) return x;
  const marks = fields.map((f) => {
    const k = literal(f);
    return `${k}, case when coalesce(${x} -> ${k}, 'null'::jsonb) = 'null'::jsonb then null
                       when ${other} -> ${k} is not null and ${other} -> ${k} is distinct from ${x} -> ${k} then to_jsonb(${literal(CHANGED)}::text)
                       else to_jsonb(${literal(HIDDEN)}::text) end`;
  });
  // jsonb_strip_nulls drops the fields that stay as they are; || overwrites the others.
  return `(${x} || jsonb_strip_nulls(jsonb_build_object(${marks.join(', ')})))`;
}

const BEFORE_TABLE = 'pg_temp.import_before';

/** The scope columns of a record about to be updated, and the input it is matched by. */
export interface ExistingRecord {
  /** Index into the inputs. */
  i: number;
  id: number;
  province_code: string | null;
  agency_id: number | null;
  police_station_id: number | null;
}

/**
 * Copies the records that `inputs` will update (matched on `key`, as bulkUpsert matches them) into a
 * temporary table dropped at the end of the transaction, and answers their scope columns.
 */
export async function snapshotExisting(trx: Knex.Transaction, def: EntityDef, key: string[], inputs: Record<string, unknown>[]): Promise<ExistingRecord[]> {
  await trx.raw(`drop table if exists ${BEFORE_TABLE}`);
  const keys = inputs.map((input, i) => ({ i, ...Object.fromEntries(key.map((c) => [c, input[c] === undefined || input[c] === null ? null : String(input[c])])) }));
  await trx.raw(
    `create temporary table import_before on commit drop as
       select k.i, t.id, ${snapshotSql(def)} as snap
         from ${q(def.table)} t join jsonb_to_recordset(?::jsonb) k(i int, ${key.map((c) => `${q(c)} text`).join(', ')})
           on ${key.map((c) => `t.${q(c)}::text = k.${q(c)}`).join(' and ')}`,
    [JSON.stringify(keys)],
  );
  // The audit joins it by id after the write: an index and statistics, or the planner guesses.
  await trx.raw(`create unique index on ${BEFORE_TABLE} (id)`);
  await trx.raw(`analyze ${BEFORE_TABLE}`);
  const { rows } = await trx.raw(
    `select i, id, snap ->> 'province_code' as province_code, (snap ->> 'agency_id')::bigint as agency_id,
            (snap ->> 'police_station_id')::bigint as police_station_id
       from ${BEFORE_TABLE} order by i`,
  );
  return rows.map((r: Record<string, unknown>) => ({
    i: Number(r.i),
    id: Number(r.id),
    province_code: (r.province_code as string | null) ?? null,
    agency_id: r.agency_id === null ? null : Number(r.agency_id),
    police_station_id: r.police_station_id === null ? null : Number(r.police_station_id),
  }));
}

/**
 * One audit entry (action 'import') per record in `ids` of def.table, with the record before (from
 * snapshotExisting, for updates; pass `withBefore` false when none was taken) and after, masked;
 * all under one import id; a record the update moved to another province also belongs to the one
 * it left (from_province_code). Answers the number of entries.
 */
export async function auditBulkWrite(
  trx: Knex.Transaction,
  def: EntityDef,
  ids: number[],
  who: Principal | null,
  importId: string,
  requestId: string | null,
  withBefore = true,
): Promise<number> {
  if (!ids.length) return 0;
  const entity = def.path;
  const before = withBefore ? 'b.snap' : 'null::jsonb';
  const res = await trx.raw(
    // Materialized: the masks name each snapshot several times, and an inlined subquery would
    // build the record's JSON once per mention.
    `with a as materialized (select t.id, ${snapshotSql(def)} as snap from ${q(def.table)} t where t.id = any(?::bigint[]))
     insert into audit_log (user_id, username, action, entity, entity_id, province_code, from_province_code, before, after, import_id, request_id)
     select ?::bigint, ?::text, 'import', ?::text, a.id, p.province, nullif(${before} ->> 'province_code', p.province),
            ${maskSql(entity, before, 'a.snap')}, ${maskSql(entity, 'a.snap', before)}, ?::text, ?::text
       from a ${withBefore ? `left join ${BEFORE_TABLE} b on b.id = a.id` : ''}
            -- the entry's province, and the one the record left when an update moved it (movedFrom in log.ts)
            cross join lateral (select coalesce(a.snap ->> 'province_code', ${before} ->> 'province_code') as province) p
      order by a.id`,
    [ids, who?.userId ?? null, who?.username ?? null, entity, importId, requestId],
  );
  return res.rowCount ?? ids.length;
}
