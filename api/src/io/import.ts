import crypto from 'node:crypto';
import type { Knex } from 'knex';
import { auditBulkWrite, snapshotExisting } from '../audit/bulk.js';
import { canWriteRow, type Principal, type Resource, type ScopedRow, WRITERS } from '../auth/principal.js';
import { bulkUpsert } from '../db/bulk.js';
import { entity, type EntityDef } from '../db/entities.js';
import { ApiError, type FieldError, zodToFieldErrors } from '../http/errors.js';
import { columnFor, recogniseColumns } from './columns.js';
import { findProvince as resolveProvince } from './export/source.js';
import type { ImportOptions, ImportReport } from './import-types.js';
import { normaliseRow } from './normalise/index.js';
import { readTable } from './readers/index.js';
import type { ImportKind, RowIssue } from './types.js';

// The options and the report live in import-types.ts (no runtime imports: the web client imports them too).
export type { ImportOptions, ImportReport } from './import-types.js';

/** The kind of record (entity path, the WRITERS table's name) each import kind writes. */
export const IMPORT_RESOURCES: Record<ImportKind, Resource> = {
  cameras: 'cameras',
  planned_sites: 'planned-sites',
  risk_points: 'risk-points',
  risk_routes: 'risk-routes',
  police_stations: 'police-stations',
  lao_survey: 'lao-surveys',
};

/** The unique key that recognises a row on re-import (see docs/import-export.md). */
const KEY_OF: Partial<Record<ImportKind, string[]>> = {
  lao_survey: ['survey_year', 'province_code', 'district_name', 'lao_name', 'budget_source'],
};

interface Candidate {
  row: number;
  input: Record<string, unknown>;
  agencyName?: string;
  stationName?: string;
}

/** A row the importing account may not write, and the domain field at fault (location, agency, external_id…). */
interface ScopeIssue extends RowIssue {
  field: string;
}

/** Rows listed one by one in a refusal; the rest are counted. */
const REFUSAL_LISTED = 20;

/**
 * 403: the file would write records outside the importing account's reach. Names the first rows
 * (file row, column, value, reason); `rows` in the body lists every offending row number.
 */
export class ImportForbiddenError extends ApiError {
  constructor(readonly issues: ScopeIssue[]) {
    const rows = [...new Set(issues.map((i) => i.row))].sort((a, b) => a - b);
    const fields: FieldError[] = issues.slice(0, REFUSAL_LISTED).map((i) => ({
      field: i.field,
      message: `row ${i.row}${i.column ? ` (${i.column}${i.value ? `: ${i.value}` : ''})` : ''}: ${i.message}`,
      code: 'out_of_scope',
    }));
    if (issues.length > REFUSAL_LISTED) fields.push({ field: '', message: `… and ${issues.length - REFUSAL_LISTED} more (rows ${rows.slice(0, 200).join(', ')}${rows.length > 200 ? ', …' : ''})`, code: 'out_of_scope' });
    const shown = rows.slice(0, 10).join(', ') + (rows.length > 10 ? `, … (${rows.length} rows)` : '');
    super(403, 'out_of_scope', `the file would change records outside your account's reach (rows ${shown}); nothing was imported`, fields, { rows });
  }
}

/** Thrown inside a dry run's transaction to undo the trial write. */
class DryRunRollback extends Error {}

/** A dry run's report lists a row out of scope as an error (without the internal field name), saying what the import would do. */
const asRowIssue = ({ field: _field, ...issue }: ScopeIssue): RowIssue => ({
  ...issue,
  message: `${issue.message} (out of scope: an import with this row is refused, skip_invalid does not skip it)`,
  code: 'out_of_scope',
});

/**
 * Reads a file, recognises its columns, normalises and validates every row, and — unless there are
 * invalid rows (without skipInvalid) or dryRun — writes the valid rows in one transaction, inserting
 * new records and updating those whose key already exists, with one audit log entry per record
 * written under one import id. Returns the report either way.
 *
 * With a principal other than an admin, the import is limited to what the account may write
 * (canWriteRow): its province is the import's province, and every record the file would update
 * (as it is before) and every record as stored after must be the account's — otherwise
 * ImportForbiddenError (403) names the rows and nothing is written. A dry run lists them as errors
 * instead (it writes in a transaction it then rolls back).
 */
export async function importFile(knex: Knex, file: Buffer, opts: ImportOptions): Promise<ImportReport> {
  const resource = IMPORT_RESOURCES[opts.kind];
  const def = entity(resource);
  const who = opts.principal ?? null;
  if (who && !WRITERS[resource].includes(who.role)) throw new ApiError(403, 'forbidden', `a ${who.role} account cannot import ${resource}`);
  // Everyone but an admin (and the operator) imports into their own province: it fills rows that
  // name none, and a row elsewhere is out of scope.
  const scoped = who !== null && who.role !== 'admin';
  const provinceArg = scoped ? (opts.province ?? who.province ?? undefined) : opts.province;
  const province = provinceArg ? await resolveProvince(knex, provinceArg) : undefined;
  if (scoped && province?.code !== who.province) {
    throw new ApiError(403, 'forbidden', `your account imports into province ${who.province} only${provinceArg ? `, not ${provinceArg}` : ''}`);
  }
  const table = await readTable(file, { filename: opts.filename, sheet: opts.sheet, encoding: opts.encoding });
  const sourceHasGeometry = table.rows.some((r) => r.geometry !== undefined);
  const columns = recogniseColumns(opts.kind, table.headers, opts.mapping, { sourceHasGeometry });
  const outOfScope: ScopeIssue[] = [];
  const errors: RowIssue[] = [];
  const warnings: RowIssue[] = [];
  const columnOf = (field: string) => columnFor(columns, field) || columns.byField[field] || field;

  const candidates: Candidate[] = [];
  let rowsTotal = 0;
  for (const row of table.rows) {
    const n = normaliseRow(opts.kind, row, columns, { bounds: opts.bounds, surveyYear: opts.surveyYear, fixSwapped: opts.fixSwapped });
    if (n.rowKind !== 'record') continue; // blank rows and the totals row of an official form
    rowsTotal++;
    warnings.push(...n.notes);
    const issues = [...n.issues];
    const input = { ...n.input };
    let forbidden = false;
    if (province) {
      if (input.province_code && input.province_code !== province.code) {
        const issue = { row: row.row, column: columnOf('province_code'), value: String(input.province_code) };
        if (scoped) {
          outOfScope.push({ ...issue, field: 'province', message: `the row is in province ${input.province_code}; your account imports into province ${province.code} only` });
          forbidden = true;
        } else issues.push({ ...issue, message: `the row is in another province than --province ${opts.province}` });
      }
      input.province_code ??= province.code;
    } else if (n.refs.province && !input.province_code) {
      const p = await resolveProvince(knex, n.refs.province).catch(() => undefined);
      if (p) input.province_code = p.code;
      else issues.push({ row: row.row, column: columnOf('province'), value: n.refs.province, message: 'unknown province', suggestion: 'use the Thai or English name or the two-digit code' });
    }
    if (def.columns.includes('external_id') && !input.external_id) input.external_id = naturalKey(opts.kind, input);
    if (issues.length === 0) {
      const parsed = def.input.safeParse(input);
      if (!parsed.success) {
        for (const f of zodToFieldErrors(parsed.error)) {
          const field = f.field.split('.')[0]!;
          issues.push({ row: row.row, column: columnOf(field), value: show(input[field]), message: f.message });
        }
      }
    }
    if (issues.length) errors.push(...issues);
    else if (!forbidden) candidates.push({ row: row.row, input, agencyName: n.refs.agency, stationName: n.refs.police_station });
  }

  await checkLocations(knex, candidates, province, errors, warnings, columnOf('geometry') || '(geometry)', provinceArg, scoped ? outOfScope : undefined);
  await checkReferences(knex, candidates, errors, warnings, columnOf);
  const refused = new Set([...errors, ...outOfScope].map((e) => e.row));
  const checked = candidates.filter((c) => !refused.has(c.row));
  candidates.length = 0;
  candidates.push(...checked);

  // The same record twice in one file: the later row is reported, the first one is kept.
  const keyCols = KEY_OF[opts.kind] ?? ['external_id'];
  const seen = new Map<string, number>();
  const unique: Candidate[] = [];
  for (const c of candidates) {
    const k = JSON.stringify(keyCols.map((col) => c.input[col] ?? null));
    const first = seen.get(k);
    if (first !== undefined) {
      const natural = String(c.input.external_id ?? '').startsWith('auto:');
      if (natural) {
        // No code column: the key is the name and the position (see naturalKey).
        const nameField = ['place_name', 'name', 'name_th'].find((f) => c.input[f] !== undefined) ?? 'name';
        const coords = (c.input.geometry as { type: string; coordinates: unknown }).type === 'Point' ? (c.input.geometry as { coordinates: number[] }).coordinates : undefined;
        errors.push({
          row: c.row,
          column: [columnOf(nameField), columnOf('geometry')].filter(Boolean).join(', '),
          value: [show(c.input[nameField]), coords ? `${coords[1]}, ${coords[0]}` : ''].filter(Boolean).join(' @ '),
          message: `duplicate of row ${first} in this file (same name and position)`,
          suggestion: 'delete the repeated row, or give each row its own code',
        });
      } else {
        errors.push({ row: c.row, column: keyCols.map(columnOf).join(', '), value: keyCols.map((col) => show(c.input[col])).join(', '), message: `duplicate of row ${first} in this file` });
      }
      continue;
    }
    seen.set(k, c.row);
    unique.push(c);
  }
  // Out of scope is not invalid: skip_invalid does not skip it, the whole import is refused.
  if (outOfScope.length && !opts.dryRun) throw new ImportForbiddenError(sortIssues(outOfScope));
  errors.push(...outOfScope.map(asRowIssue));
  sortIssues(errors);

  const report: ImportReport = {
    kind: opts.kind,
    source: table.description,
    rowsTotal,
    rowsValid: unique.length,
    inserted: 0,
    updated: 0,
    agenciesCreated: [],
    dryRun: !!opts.dryRun,
    written: false,
    columns: {
      recognised: columns.byField,
      unknown: columns.unknown,
      ignored: columns.ignored,
      duplicates: columns.duplicates,
      missing: columns.missing,
    },
    errors,
    warnings,
  };
  // A scoped dry run writes for real and rolls back: what the database derives (a record's province
  // and police station from its position) is checked exactly as in the import itself. It runs even
  // when invalid rows would stop the import, so that the report lists every row out of scope at once
  // (the counts then stay 0, as for any import stopped by invalid rows).
  const trial = !!opts.dryRun && scoped;
  const stopped = errors.length > 0 && !opts.skipInvalid;
  if (stopped && !trial) return report;
  const write = async (trx: Knex.Transaction) => {
    const agencies = await resolveAgencies(trx, unique, !opts.dryRun || trial);
    report.agenciesCreated = agencies.names;
    await resolveStations(trx, unique, report.warnings, columnOf('police_station'));
    if (who?.role === 'recorder' && def.columns.includes('agency_id')) {
      // A recorder's cameras are its agency's unless the row names another (which is then refused).
      for (const c of unique) if (c.input.agency_id === undefined && !c.agencyName) c.input.agency_id = who.agencyId;
    }
    const inputs = unique.map((c) => c.input);
    if (opts.dryRun && !trial) {
      const existing = await countExisting(trx, def, keyCols, inputs);
      report.updated = existing;
      report.inserted = inputs.length - existing;
      return;
    }
    const existing = await snapshotExisting(trx, def, keyCols, inputs);
    const violations: ScopeIssue[] = [];
    if (scoped) {
      for (const e of existing) {
        const check = canWriteRow(who, resource, e);
        if (check.ok) continue;
        violations.push({
          row: unique[e.i]!.row,
          column: keyCols.map(columnOf).join(', '),
          value: keyCols.map((k) => show(inputs[e.i]![k])).join(', '),
          field: keyCols.length === 1 ? keyCols[0]! : 'key',
          message: `this is ${def.noun} ${e.id}, which your account may not change: ${check.reason}`,
        });
      }
      for (const a of agencies.created) {
        const check = canWriteRow(who, 'agencies', { province_code: a.province });
        if (check.ok) continue;
        for (const row of a.rows) {
          violations.push({ row, column: columnOf('agency_id'), value: a.name, field: 'agency', message: `no agency of this name in the province, and your account cannot create agencies (${check.reason})` });
        }
      }
    }
    const res = await bulkUpsert(trx, def, inputs, { key: KEY_OF[opts.kind] });
    // res.rows[i] is inputs[i] (statement order): the checks below name rows by it.
    if (res.rows.length !== inputs.length) throw new Error(`bulk write answered ${res.rows.length} rows for ${inputs.length} inputs`);
    if (scoped) violations.push(...(await checkStored(trx, def, who, resource, unique, res.rows.map((r) => r.id), columnOf)));
    const bad = new Set(violations.map((v) => v.row));
    const good = res.rows.filter((_r, i) => !bad.has(unique[i]!.row));
    report.inserted = stopped ? 0 : good.filter((r) => r.inserted).length;
    report.updated = stopped ? 0 : good.length - report.inserted;
    if (violations.length) {
      if (!opts.dryRun) throw new ImportForbiddenError(sortIssues(violations));
      report.errors.push(...violations.map(asRowIssue));
      sortIssues(report.errors);
      report.rowsValid -= unique.filter((c) => bad.has(c.row)).length;
    }
    if (opts.dryRun) throw new DryRunRollback();
    const importId = crypto.randomUUID();
    await auditBulkWrite(trx, def, res.rows.map((r) => r.id), who, importId, opts.requestId ?? null);
    await auditBulkWrite(trx, entity('agencies'), agencies.created.map((a) => a.id), who, importId, opts.requestId ?? null, false);
    report.written = true;
    report.importId = importId;
  };
  try {
    await knex.transaction(write);
  } catch (err) {
    if (!(err instanceof DryRunRollback)) throw err;
  }
  return report;
}

/** By row (stable: a row's issues keep the order they were found in), as the report and a refusal list them. */
function sortIssues<T extends RowIssue>(issues: T[]): T[] {
  return issues.sort((a, b) => a.row - b.row);
}

/**
 * The records as stored after the write (the database derives their province and police station
 * from their position) against what `who` may hold: one issue per record out of reach, naming the
 * field that puts it there.
 */
async function checkStored(
  trx: Knex.Transaction,
  def: EntityDef,
  who: Principal,
  resource: Resource,
  rows: Candidate[],
  ids: number[],
  columnOf: (field: string) => string,
): Promise<ScopeIssue[]> {
  const present = new Set([...def.columns, ...def.derived]);
  const cols = ['province_code', 'agency_id', 'police_station_id'].filter((c) => present.has(c));
  const located = 'geometry' in def.geometries;
  const stored = new Map<number, ScopedRow>();
  for (const r of await trx(def.table).select('id', ...cols).whereRaw('id = any(?::bigint[])', [ids])) stored.set(Number(r.id), r);
  const out: ScopeIssue[] = [];
  ids.forEach((id, i) => {
    const row = stored.get(id) ?? {};
    const check = canWriteRow(who, resource, row);
    if (check.ok) return;
    const c = rows[i]!;
    const coords = (c.input.geometry as { type?: string; coordinates?: number[] } | undefined)?.type === 'Point' ? (c.input.geometry as { coordinates: number[] }).coordinates : undefined;
    let field: string, column: string, value: string;
    if (row.province_code !== who.province) {
      [field, column, value] = located
        ? ['location', columnOf('geometry'), coords ? `${coords[1]}, ${coords[0]}` : '']
        : ['province', columnOf('province_code'), show(row.province_code)];
    } else if (who.role === 'recorder' && cols.includes('agency_id') && Number(row.agency_id) !== who.agencyId) {
      [field, column, value] = ['agency', columnOf('agency_id'), c.agencyName ?? show(row.agency_id)];
    } else if (cols.includes('police_station_id')) {
      [field, column, value] = ['police_station', columnOf('police_station_id'), c.stationName ?? show(row.police_station_id)];
    } else {
      [field, column, value] = ['', '', ''];
    }
    out.push({ row: c.row, column, value, field, message: `as stored, ${check.reason}` });
  });
  return out;
}

function show(v: unknown): string {
  if (v === undefined || v === null) return '';
  return typeof v === 'object' ? JSON.stringify(v).slice(0, 80) : String(v);
}

/**
 * A stable key for rows without an id column, so that importing the same file twice updates
 * instead of duplicating: kind + name + position rounded to ~1 m.
 */
export function naturalKey(kind: ImportKind, input: Record<string, unknown>): string | undefined {
  const name = String(input.place_name ?? input.name ?? input.name_th ?? '').trim().replace(/\s+/g, ' ');
  const g = input.geometry as { coordinates?: unknown } | undefined;
  if (!name || !g?.coordinates) return undefined;
  const coords = JSON.stringify(g.coordinates, (_k, v) => (typeof v === 'number' ? Math.round(v * 1e5) / 1e5 : v));
  return `auto:${kind}:${crypto.createHash('sha1').update(`${name}|${coords}`).digest('hex').slice(0, 16)}`;
}

/** The agency type a Thai name implies (อบต./เทศบาล → local administration, ธนาคาร → private, …). */
export function guessAgencyType(name: string): 'government' | 'state_enterprise' | 'local_administration' | 'private' | 'other' {
  if (/^(อบจ|อบต|ทต|ทม|ทน)\.|องค์การบริหารส่วน|เทศบาล|กรุงเทพมหานคร|เมืองพัทยา/.test(name)) return 'local_administration';
  if (/การไฟฟ้า|การประปา|ทีโอที|กสท|รฟท|การรถไฟ|ไปรษณีย์|ขสมก|การทางพิเศษ/.test(name)) return 'state_enterprise';
  if (/ธนาคาร|บริษัท|ห้างหุ้นส่วน|ร้าน|ห้าง|หจก|บจก|เซเว่น|โรงแรม|ปั๊ม|สถานีบริการน้ำมัน/.test(name)) return 'private';
  if (/สถานีตำรวจ|สภ\.|ที่ว่าการอำเภอ|ศาลากลาง|สำนักงาน|กรม|โรงเรียน|โรงพยาบาล|แขวงทางหลวง/.test(name)) return 'government';
  return 'other';
}

interface CreatedAgency {
  id: number;
  name: string;
  province: string | null;
  /** The file rows that named it. */
  rows: number[];
}

/** Agency names -> ids within the row's province; missing agencies are created (and reported). */
async function resolveAgencies(trx: Knex.Transaction, rows: Candidate[], create: boolean): Promise<{ names: string[]; created: CreatedAgency[] }> {
  const named = rows.filter((c) => c.agencyName && c.input.agency_id === undefined);
  if (!named.length) return { names: [], created: [] };
  const created = new Set<string>();
  const made = new Map<string, CreatedAgency>();
  const cache = new Map<string, number | null>();
  for (const c of named) {
    const name = c.agencyName!.trim();
    // Agencies belong to a province: the row's, or the one its location lies in.
    const province = (c.input.province_code as string | undefined) ?? (await provinceAt(trx, c.input.geometry)) ?? null;
    const key = `${province}|${name}`;
    if (!cache.has(key)) {
      const found = await trx('agencies').where({ name }).andWhere((b) => (province ? b.where('province_code', province) : b.whereNull('province_code'))).first('id');
      if (found) cache.set(key, found.id);
      else if (create) {
        const [row] = await trx('agencies').insert({ name, type: guessAgencyType(name), province_code: province }).returning('id');
        cache.set(key, row.id);
        created.add(name);
        made.set(key, { id: Number(row.id), name, province, rows: [] });
      } else {
        cache.set(key, null);
        created.add(name);
      }
    }
    const id = cache.get(key);
    if (id) c.input.agency_id = id;
    made.get(key)?.rows.push(c.row);
  }
  return { names: [...created], created: [...made.values()] };
}

async function provinceAt(trx: Knex.Transaction, geometry: unknown): Promise<string | undefined> {
  if (!geometry) return undefined;
  const { rows } = await trx.raw(
    `select area_key from area_parts where level = 'province'
        and ST_Intersects(geom, atlas_anchor_point(ST_SetSRID(ST_GeomFromGeoJSON(?), 4326))) limit 1`,
    [JSON.stringify(geometry)],
  );
  return rows[0]?.area_key;
}

/** Police station names -> ids (by Thai or English name, in the row's province when known). */
async function resolveStations(trx: Knex.Transaction, rows: Candidate[], warnings: RowIssue[], column: string): Promise<void> {
  for (const c of rows.filter((r) => r.stationName && r.input.police_station_id === undefined)) {
    const name = c.stationName!.trim();
    const q = trx('police_stations').where((b) => b.where('name_th', name).orWhere('name_en', name));
    if (c.input.province_code) q.andWhere('province_code', c.input.province_code as string);
    const found = await q.first('id');
    if (found) c.input.police_station_id = found.id;
    else warnings.push({ row: c.row, column, value: name, message: 'unknown police station: the station is derived from the location instead', suggestion: 'add the station first or use its exact Thai name' });
  }
}

/** About 550 m: positions this close to a province still count as in it (piers, generalised coastlines). */
const AREA_TOLERANCE_DEG = 0.005;

/**
 * Positions against the loaded boundaries (one query for the whole file). A position inside the
 * boundaries' extent that lies in no province (farther than AREA_TOLERANCE_DEG) is outside Thailand
 * — Vientiane or the Gulf pass the rectangular BOUNDS check but not this one. With --province, a
 * position in another province contradicts it. Positions beyond the extent (a deployment for another
 * country with its own BOUNDS) are not judged here. Rows found wanting are added to `errors`.
 */
async function checkLocations(
  knex: Knex,
  rows: Candidate[],
  province: { code: string; name_th: string } | undefined,
  errors: RowIssue[],
  warnings: RowIssue[],
  column: string,
  provinceArg: string | undefined,
  /** For a scoped account: positions in another province go here (out of scope), not to `errors`. */
  outOfScope?: ScopeIssue[],
): Promise<void> {
  const located = rows.filter((c) => c.input.geometry);
  if (!located.length) return;
  const { rows: found } = await knex.raw(
    `with ext as (select ST_Extent(geom) e from provinces),
          t as (select r.i, atlas_anchor_point(ST_SetSRID(ST_GeomFromGeoJSON(r.g), 4326)) p
                  from jsonb_to_recordset(?::jsonb) r(i int, g text)),
          w as (select t.i, t.p, (select area_key from area_parts a where a.level = 'province' and ST_Intersects(a.geom, t.p) limit 1) in_p
                  from t, ext where ext.e is not null and ST_Intersects(t.p, ST_SetSRID(ext.e::geometry, 4326))),
          -- coalesce runs the tolerant search only for positions in no province
          v as (select w.*, coalesce(in_p, (select a.area_key from area_parts a where a.level = 'province' and ST_DWithin(a.geom, w.p, ${AREA_TOLERANCE_DEG})
                                             order by a.geom <-> w.p limit 1)) at
                  from w)
     select i, ST_Y(p) lat, ST_X(p) lon, in_p, at,
            ${province ? `case when at = ? then true else exists (select 1 from area_parts a where a.level = 'province' and a.area_key = ? and ST_DWithin(a.geom, v.p, ${AREA_TOLERANCE_DEG})) end` : 'true'} near_given
       from v where in_p is null${province ? ' or at <> ?' : ''}`,
    [JSON.stringify(located.map((c, i) => ({ i, g: JSON.stringify(c.input.geometry) }))), ...(province ? [province.code, province.code, province.code] : [])],
  );
  if (!found.length) return;
  const names = new Map<string, string>(
    (await knex('provinces').select('code', 'name_th')).map((p: { code: string; name_th: string }) => [p.code, p.name_th]),
  );
  const position = (f: { lat: number; lon: number }) => `${+f.lat.toFixed(6)}, ${+f.lon.toFixed(6)}`;
  for (const f of found as { i: number; lat: number; lon: number; in_p: string | null; at: string | null; near_given: boolean }[]) {
    const c = located[f.i]!;
    const at = f.at;
    if (!at) {
      errors.push({
        row: c.row, column, value: position(f),
        message: 'the position is outside Thailand (in no province)',
        suggestion: 'check the coordinates: copy them again from the map (latitude first, e.g. 14.5896, 100.4555)',
      });
    } else if (province && !f.near_given && outOfScope) {
      outOfScope.push({
        row: c.row, column, value: position(f), field: 'location',
        message: `the position is in จังหวัด${names.get(at) ?? at}; your account imports into จังหวัด${province.name_th} (${province.code}) only`,
        suggestion: 'check the coordinates (latitude first, e.g. 14.5896, 100.4555), or leave this row to that province',
      });
    } else if (province && !f.near_given) {
      errors.push({
        row: c.row, column, value: position(f),
        message: `the position is in จังหวัด${names.get(at) ?? at}, not in --province ${provinceArg}`,
        suggestion: `check the coordinates, or import this row with --province ${names.get(at) ?? at}`,
      });
    } else if (!f.in_p) {
      // Just outside the boundary (a pier, an islet the generalised coastline misses): kept in the nearest province.
      const code = province?.code ?? at;
      c.input.province_code ??= code;
      warnings.push({
        row: c.row, column, value: position(f),
        message: `the position lies just outside the boundary of จังหวัด${names.get(code) ?? code} (within ${Math.round(AREA_TOLERANCE_DEG * 111_000)} m); counted in that province`,
      });
    }
  }
}

/**
 * Agency and police station ids given in the file (our own exports carry them) must exist here and,
 * when the row also names the agency/station, be that one: a file exported from another database
 * has other ids. A mismatching id is dropped and the name decides (warning); an unknown id without
 * a name is an error on the row.
 */
async function checkReferences(knex: Knex, rows: Candidate[], errors: RowIssue[], warnings: RowIssue[], columnOf: (f: string) => string): Promise<void> {
  const refs = [
    { field: 'agency_id', table: 'agencies', names: ['name'], nameOf: (c: Candidate) => c.agencyName, what: 'agency' },
    { field: 'police_station_id', table: 'police_stations', names: ['name_th', 'name_en'], nameOf: (c: Candidate) => c.stationName, what: 'police station' },
  ] as const;
  for (const ref of refs) {
    const ids = [...new Set(rows.map((c) => c.input[ref.field]).filter((v): v is number => typeof v === 'number'))];
    if (!ids.length) continue;
    const found = new Map<number, string[]>();
    for (const r of await knex(ref.table).whereIn('id', ids).select('id', ...ref.names)) {
      found.set(Number(r.id), ref.names.map((n) => String(r[n] ?? '').trim()).filter(Boolean));
    }
    for (const c of rows) {
      const id = c.input[ref.field];
      if (typeof id !== 'number') continue;
      const names = found.get(id);
      const name = ref.nameOf(c)?.trim();
      if (names && (!name || names.includes(name))) continue;
      if (name) {
        delete c.input[ref.field];
        warnings.push({
          row: c.row, column: columnOf(ref.field), value: String(id),
          message: names ? `${ref.what} id ${id} is ${names[0]} here, not ${name}: the name decides` : `no ${ref.what} with id ${id} here: the name ${name} decides`,
        });
      } else {
        errors.push({ row: c.row, column: columnOf(ref.field), value: String(id), message: `no ${ref.what} with id ${id}`, suggestion: `give the ${ref.what}'s name instead of its id` });
      }
    }
  }
}

async function countExisting(trx: Knex.Transaction, def: EntityDef, keyCols: string[], inputs: Record<string, unknown>[]): Promise<number> {
  if (!inputs.length) return 0;
  const keys = inputs.map((i) => keyCols.map((c) => i[c] ?? null));
  const { rows } = await trx.raw(
    `select count(*) n from ?? t join jsonb_to_recordset(?::jsonb) k(${keyCols.map((c) => `"${c}" text`).join(', ')})
       on ${keyCols.map((c) => `t."${c}"::text = k."${c}"`).join(' and ')}`,
    [def.table, JSON.stringify(keys.map((k) => Object.fromEntries(keyCols.map((c, i) => [c, k[i] === null ? null : String(k[i])]))))],
  );
  return Number(rows[0].n);
}
