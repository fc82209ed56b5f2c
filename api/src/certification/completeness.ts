/**
 * Completeness per camera: which of the survey's required fields (the dashboard's
 * COMPLETENESS_FIELDS — the same definition the per-area figures count) each camera of a province
 * lacks, worst first, so the secretariat can chase the agencies before it submits.
 */
import type { Knex } from 'knex';
import { COMPLETENESS_FIELDS } from '../routes/dashboard.js';
import type { Incomplete } from './schemas.js';

type Db = Knex | Knex.Transaction;

/** `text[]` of the fields camera `c` lacks, in form order. */
const MISSING_ARRAY = `array_remove(array[${COMPLETENESS_FIELDS.map((f) => `case when ${f.missing} then '${f.field}' end`).join(', ')}]::text[], null)`;

export const COMPLETENESS_FIELD_NAMES = COMPLETENESS_FIELDS.map((f) => f.field);

export interface IncompleteQuery {
  agency?: number;
  district?: number;
  /** Only cameras lacking this field. */
  field?: string;
  limit: number;
  offset: number;
}

/** One page of the province's incomplete cameras, most fields missing first (then by id), with the province's completeness. */
export async function incompleteCameras(db: Db, province: string, q: IncompleteQuery): Promise<Incomplete> {
  const conds = ['c.province_code = ?'];
  const bindings: (string | number)[] = [province];
  if (q.agency !== undefined) {
    conds.push('c.agency_id = ?');
    bindings.push(q.agency);
  }
  if (q.district !== undefined) {
    conds.push('c.district_id = ?');
    bindings.push(q.district);
  }
  const scoped = `select c.id, c.external_id, c.place_name, c.agency_id, c.district_id, c.status, ${MISSING_ARRAY} as missing
                    from cameras c where ${conds.join(' and ')}`;
  const pick = q.field ? 'cardinality(m.missing) > 0 and ? = any(m.missing)' : 'cardinality(m.missing) > 0';
  const pickBindings = q.field ? [q.field] : [];

  const figures = (
    await db.raw(
      `select count(*)::int as cameras, count(*) filter (where cardinality(m.missing) = 0)::int as complete,
              count(*) filter (where ${pick})::int as total
         from (${scoped}) m`,
      [...pickBindings, ...bindings], // the select list's binding comes before the subquery's
    )
  ).rows[0] as { cameras: number; complete: number; total: number };

  const items = (
    await db.raw(
      `select m.*, a.name as agency from (${scoped}) m left join agencies a on a.id = m.agency_id
        where ${pick}
        order by cardinality(m.missing) desc, m.id
        limit ? offset ?`,
      [...bindings, ...pickBindings, q.limit, q.offset],
    )
  ).rows as Record<string, unknown>[];

  return {
    province_code: province,
    fields: COMPLETENESS_FIELD_NAMES,
    filters: { agency: q.agency ?? null, district: q.district ?? null, field: q.field ?? null },
    cameras: figures.cameras,
    complete: figures.complete,
    share: figures.cameras ? Math.round((figures.complete / figures.cameras) * 10_000) / 10_000 : 0,
    total: figures.total,
    limit: q.limit,
    offset: q.offset,
    items: items.map((r) => ({
      id: Number(r.id),
      external_id: (r.external_id as string | null) ?? null,
      place_name: r.place_name as string,
      agency_id: r.agency_id === null ? null : Number(r.agency_id),
      agency: (r.agency as string | null) ?? null,
      district_id: r.district_id === null ? null : Number(r.district_id),
      status: r.status as string,
      missing: r.missing as string[],
    })),
  };
}
