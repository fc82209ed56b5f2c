/**
 * The record source of exports: an async generator over one kind's table in keyset-paginated
 * batches (id > last, order by id, limit n). Only one or two batches are in memory at any time,
 * whatever the size of the table, and no long transaction or cursor holds the (possibly single)
 * connection between batches, so the server keeps answering while a large export runs.
 *
 * Consequence: an export is not a snapshot. Rows inserted during the export with an id above the
 * current batch appear, rows deleted before their batch is read do not.
 */
import type { Knex } from 'knex';
import { ValidationError, type FieldError } from '../../http/errors.js';
import { type ExportKind, JOINS, type JoinName, type KindDef, type SqlRef, kindDef, sourceColumns } from './columns.js';
import type { ExportRecord } from './types.js';

export interface ExportFilters {
  /** Two-digit code ("81") or Thai / English name ("กระบี่", "จังหวัดกระบี่", "Krabi"). */
  province?: string;
  /** District id, or Thai / English name ("เกาะลันตา", "อำเภอเกาะลันตา", "Ko Lanta"). */
  district?: number | string;
  /** Police station id, or its Thai / English name. */
  police_station?: number | string;
  /** One or more status codes or their Thai / English labels (cameras, planned sites; footage request result). */
  status?: string | string[];
  /** minLon, minLat, maxLon, maxLat in WGS84. */
  bbox?: [number, number, number, number];
  /** LAO survey year, CE or BE (2562 = 2019). */
  survey_year?: number;
}

export interface QueryOptions {
  /** Rows per query (default 2000). */
  batchSize?: number;
  /** Include contact_name, phone and stream_url (personal data). Default false. */
  includeSensitive?: boolean;
  /**
   * With filters: use their indexes while at most this many batches match (default 10), else walk
   * the primary key (see walkPrimaryKey).
   */
  indexedBatches?: number;
}

const THAI_DIGITS = /[๐-๙]/g;
const arabic = (s: string) => s.replace(THAI_DIGITS, (d) => String(d.charCodeAt(0) - 0x0e50));

function strip(s: string, prefixes: RegExp): string {
  return arabic(s).trim().replace(prefixes, '').trim();
}

/** A filter resolved to SQL conditions (constant SQL text + bound values). */
interface Condition {
  sql: string;
  bindings: (string | number)[];
  joins: JoinName[];
}

const cond = (ref: SqlRef, sql: string, bindings: (string | number)[]): Condition => ({ sql, bindings, joins: ref.join ? [ref.join] : [] });

function unsupported(kind: ExportKind, filter: string): FieldError {
  return { field: filter, message: `${kind} cannot be filtered by ${filter}`, code: 'unsupported_filter' };
}

async function resolveProvince(knex: Knex, value: string): Promise<string | FieldError> {
  const v = strip(value, /^(จังหวัด|จ\.)\s*/);
  if (/^\d{2}$/.test(v)) {
    const row = await knex('provinces').where('code', v).first('code');
    return row ? v : { field: 'province', message: `no province has code "${v}"`, code: 'unknown_province' };
  }
  const row = await knex('provinces')
    .where('name_th', v)
    .orWhereRaw('lower(name_en) = lower(?)', [v])
    .orWhereRaw("lower(replace(name_en, ' ', '')) = lower(replace(?, ' ', ''))", [v])
    .first('code');
  return row ? (row.code as string) : { field: 'province', message: `unknown province "${value}" (a two-digit code or a Thai or English name)`, code: 'unknown_province' };
}

async function resolveDistrict(knex: Knex, value: string, province?: string): Promise<number[]> {
  const v = strip(value, /^(อำเภอ|อ\.|เขต)\s*/);
  const q = knex('districts').select('id').where((b) => b.where('name_th', v).orWhereRaw('lower(name_en) = lower(?)', [v]));
  if (province) q.where('province_code', province);
  return (await q).map((r: { id: number }) => r.id);
}

async function resolveStation(knex: Knex, value: string, province?: string): Promise<number[]> {
  const v = arabic(value).trim();
  const q = knex('police_stations').select('id').where((b) => b.where('name_th', v).orWhereRaw('lower(name_en) = lower(?)', [v]));
  if (province) q.where('province_code', province);
  return (await q).map((r: { id: number }) => r.id);
}

/** A province by code or name, or a ValidationError (400). */
export async function findProvince(knex: Knex, value: string): Promise<{ code: string; name_th: string; name_en: string }> {
  const r = await resolveProvince(knex, value);
  if (typeof r !== 'string') throw new ValidationError([r], 'invalid province');
  return knex('provinces').where('code', r).first('code', 'name_th', 'name_en');
}

const intOf = (v: number | string): number | undefined => {
  const s = arabic(String(v)).trim();
  return /^\d{1,9}$/.test(s) ? Number(s) : undefined;
};

const inList = (sql: string, n: number) => `${sql} in (${Array.from({ length: n }, () => '?').join(', ')})`;

/** Checks and resolves the filters to SQL conditions; every problem is reported at once (400). */
export async function resolveFilters(knex: Knex, def: KindDef, f: ExportFilters): Promise<Condition[]> {
  const errors: FieldError[] = [];
  const out: Condition[] = [];
  const F = def.filters;
  let provinceCode: string | undefined;

  if (f.province !== undefined && f.province !== '') {
    if (!F.province) errors.push(unsupported(def.kind, 'province'));
    else {
      const r = await resolveProvince(knex, String(f.province));
      if (typeof r === 'string') {
        provinceCode = r;
        out.push(cond(F.province, `${F.province.sql} = ?`, [r]));
      } else errors.push(r);
    }
  }

  if (f.district !== undefined && f.district !== '') {
    if (!F.district) errors.push(unsupported(def.kind, 'district'));
    else {
      const id = intOf(f.district);
      if (id !== undefined) out.push(cond(F.district, `${F.district.sql} = ?`, [id]));
      else {
        const ids = await resolveDistrict(knex, String(f.district), provinceCode);
        const name = strip(String(f.district), /^(อำเภอ|อ\.|เขต)\s*/);
        if (F.districtName) {
          // LAO rows carry the district as typed; match the name or the resolved district.
          const parts = [`${F.districtName.sql} = ?`, ...(ids.length ? [inList(F.district.sql, ids.length)] : [])];
          out.push({ sql: `(${parts.join(' or ')})`, bindings: [name, ...ids], joins: [] });
        } else if (ids.length === 1) out.push(cond(F.district, `${F.district.sql} = ?`, ids));
        else if (ids.length === 0) errors.push({ field: 'district', message: `unknown district "${f.district}"${provinceCode ? ' in this province' : ''}`, code: 'unknown_district' });
        else errors.push({ field: 'district', message: `${ids.length} districts are called "${f.district}": give the province too, or the district id`, code: 'ambiguous_district' });
      }
    }
  }

  if (f.police_station !== undefined && f.police_station !== '') {
    if (!F.police_station) errors.push(unsupported(def.kind, 'police_station'));
    else {
      const id = intOf(f.police_station);
      const ids = id !== undefined ? [id] : await resolveStation(knex, String(f.police_station), provinceCode);
      if (ids.length === 1) out.push(cond(F.police_station, `${F.police_station.sql} = ?`, ids));
      else if (ids.length === 0) errors.push({ field: 'police_station', message: `unknown police station "${f.police_station}"`, code: 'unknown_police_station' });
      else errors.push({ field: 'police_station', message: `${ids.length} police stations are called "${f.police_station}": give the province or the id`, code: 'ambiguous_police_station' });
    }
  }

  const statuses = (Array.isArray(f.status) ? f.status : f.status === undefined ? [] : String(f.status).split(','))
    .map((s) => s.trim())
    .filter(Boolean);
  if (statuses.length) {
    if (!F.status) errors.push(unsupported(def.kind, 'status'));
    else {
      const labels = F.status.labels;
      const codes: string[] = [];
      for (const s of statuses) {
        const lower = s.toLowerCase();
        const code = Object.keys(labels).find((k) => k === lower || labels[k]!.th === s || labels[k]!.en.toLowerCase() === lower);
        if (code) codes.push(code);
        else errors.push({ field: 'status', message: `unknown status "${s}" (one of ${Object.keys(labels).join(', ')})`, code: 'invalid_enum_value' });
      }
      const unique = [...new Set(codes)];
      if (unique.length) out.push(cond(F.status, inList(F.status.sql, unique.length), unique));
    }
  }

  if (f.bbox !== undefined) {
    const b = f.bbox;
    if (!def.geometry) errors.push(unsupported(def.kind, 'bbox'));
    else if (!Array.isArray(b) || b.length !== 4 || !b.every((x) => typeof x === 'number' && Number.isFinite(x))) {
      errors.push({ field: 'bbox', message: 'four numbers: minLon,minLat,maxLon,maxLat', code: 'invalid_bbox' });
    } else {
      const [x1, y1, x2, y2] = b;
      if (x1 > x2 || y1 > y2 || x1 < -180 || x2 > 180 || y1 < -90 || y2 > 90) {
        errors.push({ field: 'bbox', message: 'minLon,minLat,maxLon,maxLat in WGS84 with min ≤ max', code: 'invalid_bbox' });
      } else {
        const g = def.geometry.sql;
        if (def.geometry.type === 'Point') {
          // For points the box test is exact; leaving out ST_Intersects also keeps the planner's
          // cost estimate low enough not to JIT-compile every batch query (~200 ms each).
          out.push(cond(def.geometry, `${g} && ST_MakeEnvelope(?, ?, ?, ?, 4326)`, [x1, y1, x2, y2]));
        } else {
          // && on the envelope first (uses the GiST index), then the exact test.
          out.push(cond(def.geometry, `(${g} && ST_MakeEnvelope(?, ?, ?, ?, 4326) and ST_Intersects(${g}, ST_MakeEnvelope(?, ?, ?, ?, 4326)))`, [x1, y1, x2, y2, x1, y1, x2, y2]));
        }
      }
    }
  }

  if (f.survey_year !== undefined) {
    if (!F.survey_year) errors.push(unsupported(def.kind, 'survey_year'));
    else {
      const y = intOf(f.survey_year);
      if (y === undefined) errors.push({ field: 'survey_year', message: 'a year such as 2019 or 2562', code: 'invalid_year' });
      else out.push(cond(F.survey_year, `${F.survey_year.sql} = ?`, [y > 2400 ? y - 543 : y]));
    }
  }

  if (errors.length) throw new ValidationError(errors, 'invalid export filter');
  return out;
}

function addJoins(q: Knex.QueryBuilder, joins: Iterable<JoinName>): Knex.QueryBuilder {
  for (const j of joins) {
    const { alias, table, on } = JOINS[j];
    q.leftJoin({ [alias]: table }, on[0], on[1]);
  }
  return q;
}

/**
 * Keyset pages and filter indexes do not mix well. With a filter, the planner may fetch every
 * matching row through the filter's index (GiST for bbox, btree for province/status) and sort them
 * by id for each batch: O(matches) per batch, O(matches² / batchSize) in all (measured: 31 s for
 * a 120,000-camera bbox out of 1,000,000). Walking the primary key instead and testing the filter on
 * each row costs O(table) in all, whatever the filter. So: when at most 10 batches match (one
 * capped count through the indexes), the indexes are used; otherwise the conditions are wrapped in
 * `(…) is true`, which no index matches, and every batch continues the primary-key walk.
 */
async function walkPrimaryKey(knex: Knex, def: KindDef, conditions: Condition[], batchSize: number, indexedBatches = 10): Promise<boolean> {
  if (!conditions.length) return false;
  const cap = Math.max(1, indexedBatches) * batchSize;
  const inner = addJoins(knex({ t: def.table }).select(knex.raw('1')), new Set(conditions.flatMap((c) => c.joins)));
  for (const c of conditions) inner.whereRaw(c.sql, c.bindings);
  const row = await knex.count({ n: '*' }).from(inner.limit(cap).as('m')).first();
  return Number(row?.n ?? 0) >= cap;
}

/** The query of one batch: rows with id > after, in id order. */
function batchQuery(knex: Knex, def: KindDef, includeSensitive: boolean, conditions: Condition[], after: number, limit: number): Knex.QueryBuilder {
  const cols = sourceColumns(def.kind, { includeSensitive });
  const joins = new Set<JoinName>();
  const select: Knex.Raw[] = cols.map((col) => {
    if (col.join) joins.add(col.join);
    return col.sql ? knex.raw(`${col.sql} as ??`, [col.name]) : knex.raw('?? as ??', [`t.${col.name}`, col.name]);
  });
  if (def.geometry) {
    const g = def.geometry.sql;
    if (def.geometry.join) joins.add(def.geometry.join);
    select.push(knex.raw(`case when ${g} is null or ST_IsEmpty(${g}) then null else ST_AsGeoJSON(${g}, 6) end as "__geometry"`));
  }
  for (const c of conditions) c.joins.forEach((j) => joins.add(j));
  const q = addJoins(knex({ t: def.table }).select(select), joins);
  for (const c of conditions) q.whereRaw(c.sql, c.bindings);
  return q.where('t.id', '>', after).orderBy('t.id').limit(limit);
}

function toRecord(row: Record<string, unknown>): ExportRecord {
  const { __geometry, ...properties } = row;
  return {
    properties,
    geometry: typeof __geometry === 'string' ? JSON.parse(__geometry) : ((__geometry as ExportRecord['geometry']) ?? null),
  };
}

/**
 * Streams the records of `kind` that match `filters`, in id order, `batchSize` rows per query.
 * Filters are checked before the first row (ValidationError: 400 for the API, exit 2 for the CLI).
 * The next batch is fetched while the consumer works through the current one.
 */
export async function* queryRecords(knex: Knex, kind: ExportKind | string, filters: ExportFilters = {}, opts: QueryOptions = {}): AsyncGenerator<ExportRecord> {
  const def = kindDef(kind);
  const batchSize = Math.max(1, Math.min(opts.batchSize ?? 2000, 50_000));
  const resolved = await resolveFilters(knex, def, filters);
  const conditions = (await walkPrimaryKey(knex, def, resolved, batchSize, opts.indexedBatches)) ? resolved.map((c) => ({ ...c, sql: `(${c.sql}) is true` })) : resolved;
  const fetch = (after: number) => batchQuery(knex, def, !!opts.includeSensitive, conditions, after, batchSize).then((rows) => rows as Record<string, unknown>[]);
  let pending: Promise<Record<string, unknown>[]> | undefined = fetch(0);
  try {
    while (pending) {
      const rows: Record<string, unknown>[] = await pending;
      pending = undefined;
      if (rows.length === batchSize) {
        pending = fetch(Number(rows[rows.length - 1]!.id));
        pending.catch(() => {}); // awaited in the next round or in finally
      }
      for (const row of rows) yield toRecord(row);
    }
  } finally {
    // The consumer stopped early (error, client gone): let the prefetch finish before returning,
    // so that no query is left running on a connection the caller may be about to close.
    if (pending) await pending.catch(() => {});
  }
}
