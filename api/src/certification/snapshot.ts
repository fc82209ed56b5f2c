/**
 * The data as submitted, and what changed since: each record of the survey's Parts 1–3 (cameras,
 * planned sites, problems) of a province is frozen as one row of certification_records holding
 * its declared fields as JSON and an MD5 digest of the same values. A later comparison computes
 * only the digests of the current rows (a third of the cost of building their JSON: ~0.3 s for
 * 20,000 cameras on PostgreSQL 15) and builds JSON only for the records whose digest or version
 * differs, to name the fields that changed. Everything stays in SQL: a province's rows never pass
 * through JavaScript.
 */
import type { Knex } from 'knex';
import { SENSITIVE_FIELDS } from '../auth/principal.js';
import { entity as entityDef } from '../db/entities.js';

type Db = Knex | Knex.Transaction;

export const SNAPSHOT_ENTITIES = ['cameras', 'planned_sites', 'problems'] as const;
export type SnapshotEntity = (typeof SNAPSHOT_ENTITIES)[number];

interface EntitySql {
  table: string;
  /** The REST path (db/entities.ts) whose declared fields are kept. */
  path: string;
  /** Point geometry column, kept as GeoJSON `geometry` (7 decimals, ~1 cm). */
  geometry: string | null;
  /** Cameras: their photos' SHA-256 digests are kept (a photo added or replaced is a change). */
  photos: boolean;
  /** A short label of a kept row (`data` is its JSON) for change lists. */
  label: string;
}

const ENTITY_SQL: Record<SnapshotEntity, EntitySql> = {
  cameras: { table: 'cameras', path: 'cameras', geometry: 'geom', photos: true, label: `data->>'place_name'` },
  planned_sites: { table: 'planned_sites', path: 'planned-sites', geometry: 'geom', photos: false, label: `data->>'place_name'` },
  problems: { table: 'problems', path: 'problems', geometry: null, photos: false, label: `(data->>'category') || ': ' || left(data->>'description', 80)` },
};

const lit = (s: string) => `'${s.replace(/'/g, "''")}'`;

/**
 * What is kept of a record `t`: its declared fields (the API's, db/entities.ts, with the areas
 * derived from its position), the geometry as GeoJSON, sensitive fields (contact name, phone,
 * stream URL) only as filled or not (true/false) — personal data and secrets are not copied — and
 * a camera's photos (`ph.photos`, see fromClause).
 */
function kept(entity: SnapshotEntity): { key: string; expr: string }[] {
  const e = ENTITY_SQL[entity];
  const def = entityDef(e.path);
  const sensitive = SENSITIVE_FIELDS[e.path as keyof typeof SENSITIVE_FIELDS] ?? [];
  const columns = [...new Set([...def.columns, ...def.derived])].filter((c) => !sensitive.includes(c));
  return [
    ...columns.map((c) => ({ key: c, expr: `t.${c}` })),
    ...(e.geometry ? [{ key: 'geometry', expr: `ST_AsGeoJSON(t.${e.geometry}, 7)::jsonb` }] : []),
    ...sensitive.map((f) => ({ key: f, expr: `(nullif(btrim(t.${f}), '') is not null)` })),
    ...(e.photos ? [{ key: 'photos', expr: `coalesce(ph.photos, '[]'::jsonb)` }] : []),
  ];
}

/** The JSON a record `t` is kept as (jsonb_build_object takes at most 100 arguments: built in pieces). */
export function recordJson(entity: SnapshotEntity): string {
  const k = kept(entity);
  const pieces: string[] = [];
  for (let i = 0; i < k.length; i += 40) pieces.push(`jsonb_build_object(${k.slice(i, i + 40).map((f) => `${lit(f.key)}, ${f.expr}`).join(', ')})`);
  return `(${pieces.join(' || ')})`;
}

/** The digest of the same values: equal digests, equal kept data. */
export function recordDigest(entity: SnapshotEntity): string {
  return `md5(row(${kept(entity).map((f) => f.expr).join(', ')})::text)`;
}

/**
 * `<table> t`, with a camera's photos as `ph.photos` (only the province's photos are read: a photo
 * carries its camera's province, sql/migrations/007_province_keys.sql); its bindings.
 */
function fromClause(entity: SnapshotEntity, province: string): { sql: string; bindings: string[] } {
  const e = ENTITY_SQL[entity];
  if (!e.photos) return { sql: `${e.table} t`, bindings: [] };
  return {
    sql: `${e.table} t left join (select p.province_code, p.camera_id, jsonb_agg(p.sha256 order by p.sha256) as photos from camera_photos p
                                    where p.province_code = ? group by p.province_code, p.camera_id) ph
                                 on ph.province_code = t.province_code and ph.camera_id = t.id`,
    bindings: [province],
  };
}

/**
 * Runs `fn` in a transaction — the given one, or a new read-only one on one snapshot of the
 * database — with PostgreSQL's JIT compilation off: the comparisons' estimated cost is high enough
 * to trigger JIT for their wide row expressions, and compiling took longer than running (PostgreSQL
 * 15, 20,000 cameras: 2.7 s → 0.6 s for a page of changes, 2.1 s → 0.4 s for a decision).
 */
export async function withoutJit<T>(db: Db, fn: (trx: Knex.Transaction) => Promise<T>): Promise<T> {
  if ((db as Knex.Transaction).isTransaction) {
    await db.raw('set local jit = off');
    return fn(db as Knex.Transaction);
  }
  return (db as Knex).transaction(async (trx) => {
    await trx.raw('set transaction isolation level repeatable read, read only');
    await trx.raw('set local jit = off');
    return fn(trx);
  });
}

/** Freezes every record of the province under certification `id`; returns how many of each kind. */
export async function freezeRecords(db: Db, id: number, province: string): Promise<Record<SnapshotEntity, number>> {
  const out = {} as Record<SnapshotEntity, number>;
  for (const entity of SNAPSHOT_ENTITIES) {
    const from = fromClause(entity, province);
    const res = await db.raw(
      `with ins as (
         insert into certification_records (certification_id, province_code, entity, record_id, version, digest, data)
         select ?, t.province_code, ?, t.id, t.version, ${recordDigest(entity)}, ${recordJson(entity)} from ${from.sql} where t.province_code = ?
         returning 1)
       select count(*)::int as n from ins`,
      // The records carry the certification's province (sql/migrations/007_province_keys.sql),
      // taken from the rows copied (all of it): an INSERT … SELECT that Citus can run on each shard.
      [id, entity, ...from.bindings, province],
    );
    out[entity] = Number(res.rows[0].n);
  }
  return out;
}

export const CHANGE_KINDS = ['added', 'changed', 'deleted'] as const;
export type ChangeKind = (typeof CHANGE_KINDS)[number];

/**
 * `with … d as (…)`: one row per record of `entity` that differs between certification `id`'s
 * kept rows and the province's current rows — id, kind, ord (added 1, changed 2, deleted 3),
 * version_from/to, fields (changed: the keys whose values differ, sorted; else []), label,
 * external_id. A record saved again without a difference in the kept fields (e.g. only its phone
 * number was replaced, whose value is not kept) is `changed` with no fields. A record moved to
 * another province counts as deleted here. Returns the SQL and its bindings.
 */
function diff(entity: SnapshotEntity, id: number, province: string): { sql: string; bindings: (string | number)[] } {
  const e = ENTITY_SQL[entity];
  const from = fromClause(entity, province);
  const sql = `with cur as (
      select t.id, t.version, ${recordDigest(entity)} as digest from ${from.sql} where t.province_code = ?
    ), snap as (
      select record_id as id, version, digest, data from certification_records where certification_id = ? and entity = ?
    ), j as (
      select coalesce(cur.id, snap.id) as id,
             case when snap.id is null then 'added' when cur.id is null then 'deleted' else 'changed' end as kind,
             snap.version as version_from, cur.version as version_to, snap.data as old
        from cur full join snap on snap.id = cur.id
       where snap.id is null or cur.id is null or snap.digest <> cur.digest or snap.version <> cur.version
    ), now as (
      select t.id, ${recordJson(entity)} as data from ${from.sql} where t.id in (select j.id from j where j.kind <> 'deleted')
    ), d0 as materialized (
      select j.id, j.kind, array_position(array['added', 'changed', 'deleted'], j.kind) as ord, j.version_from, j.version_to,
             case when j.kind = 'changed' then
               array(select k from (select jsonb_object_keys(j.old) as k union select jsonb_object_keys(now.data)) keys
                      where j.old -> k is distinct from now.data -> k order by k)
             else array[]::text[] end as fields,
             (select ${e.label} from (select coalesce(now.data, j.old) as data) x) as label,
             coalesce(now.data, j.old) ->> 'external_id' as external_id
        from j left join now on now.id = j.id
    ), d as (
      -- (d0 materialized: its fields are computed once.) Equal data under another digest (a server
      -- with other text output settings) is no change.
      select * from d0 where not (kind = 'changed' and cardinality(fields) = 0 and version_from = version_to)
    )`;
  return { sql, bindings: [...from.bindings, province, id, entity, ...from.bindings] };
}

export interface Change {
  entity: SnapshotEntity;
  id: number;
  kind: ChangeKind;
  external_id: string | null;
  label: string | null;
  version_from: number | null;
  version_to: number | null;
  /** The fields that differ (changed records only; [] for added and deleted ones). */
  fields: string[];
}

export interface ChangeSummary {
  added: number;
  changed: number;
  deleted: number;
  /** Changed records per field, most first. */
  by_field: Record<string, number>;
  /** The first `first` changes: added, then changed, then deleted, by id. */
  first: Change[];
}

function toChange(entity: SnapshotEntity, r: Record<string, unknown>): Change {
  return {
    entity,
    id: Number(r.id),
    kind: r.kind as ChangeKind,
    external_id: (r.external_id as string | null) ?? null,
    label: (r.label as string | null) ?? null,
    version_from: r.version_from === null || r.version_from === undefined ? null : Number(r.version_from),
    version_to: r.version_to === null || r.version_to === undefined ? null : Number(r.version_to),
    fields: (r.fields as string[] | null) ?? [],
  };
}

/** How many records of each kind were added, changed or deleted since certification `id` (one comparison per kind), with the first `first` changes. */
export async function summariseChanges(db: Db, id: number, province: string, first = 0): Promise<Record<SnapshotEntity, ChangeSummary>> {
  const out = {} as Record<SnapshotEntity, ChangeSummary>;
  for (const entity of SNAPSHOT_ENTITIES) {
    const q = diff(entity, id, province);
    const res = await db.raw(
      `${q.sql}
       select (select coalesce(json_agg(x order by x.ord, x.id), '[]'::json) from (select * from d order by ord, id limit ?) x) as first,
              (select coalesce(json_object_agg(k.kind, k.n), '{}'::json) from (select kind, count(*)::int as n from d group by kind) k) as kinds,
              (select coalesce(json_object_agg(f.field, f.n), '{}'::json) from (select field, count(*)::int as n from d, unnest(d.fields) as field group by field) f) as fields`,
      [...q.bindings, first],
    );
    const r = res.rows[0] as { first: Record<string, unknown>[]; kinds: Record<string, number>; fields: Record<string, number> };
    out[entity] = {
      added: r.kinds.added ?? 0,
      changed: r.kinds.changed ?? 0,
      deleted: r.kinds.deleted ?? 0,
      by_field: Object.fromEntries(Object.entries(r.fields).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))),
      first: r.first.map((x) => toChange(entity, x)),
    };
  }
  return out;
}

/** One page of the changes of `entity` since certification `id`: added, then changed, then deleted, by id. */
export async function listChanges(
  db: Db,
  id: number,
  province: string,
  entity: SnapshotEntity,
  q: { kind?: ChangeKind; field?: string; limit: number; offset: number },
): Promise<{ total: number; items: Change[] }> {
  const conds: string[] = ['true'];
  const extra: (string | number)[] = [];
  if (q.kind) {
    conds.push('d.kind = ?');
    extra.push(q.kind);
  }
  if (q.field) {
    conds.push('? = any(d.fields)');
    extra.push(q.field);
  }
  const base = diff(entity, id, province);
  const res = await db.raw(
    `${base.sql}, picked as (select * from d where ${conds.join(' and ')})
     select (select count(*)::int from picked) as total,
            (select coalesce(json_agg(x order by x.ord, x.id), '[]'::json) from (select * from picked order by ord, id limit ? offset ?) x) as items`,
    [...base.bindings, ...extra, q.limit, q.offset],
  );
  const r = res.rows[0] as { total: number; items: Record<string, unknown>[] };
  return { total: Number(r.total), items: r.items.map((x) => toChange(entity, x)) };
}

/** One page of the rows frozen under certification `id` (the data as submitted / certified). */
export async function listFrozen(db: Db, id: number, entity: SnapshotEntity, limit: number, offset: number): Promise<{ total: number; items: { id: number; version: number; data: Record<string, unknown> }[] }> {
  const [counted] = (await db('certification_records').where({ certification_id: id, entity }).count({ n: '*' })) as { n: number }[];
  const n = counted?.n ?? 0;
  const rows = await db('certification_records')
    .where({ certification_id: id, entity })
    .orderBy('record_id')
    .limit(limit)
    .offset(offset)
    .select('record_id', 'version', 'data');
  return {
    total: Number(n),
    items: rows.map((r: { record_id: number; version: number; data: Record<string, unknown> }) => ({ id: Number(r.record_id), version: Number(r.version), data: r.data })),
  };
}
