import { type Request, type Response, Router } from 'express';
import type { Knex } from 'knex';
import { ForbiddenError, principal } from '../auth/middleware.js';
import { canReadAudit, canReadProvince, canWriteRow, type Principal, readProvince, redact, type Resource, WRITERS } from '../auth/principal.js';
import { recordAudit } from '../audit/log.js';
import type { AppContext } from '../context.js';
import { ENTITIES, type EntityDef } from '../db/entities.js';
import { createRecord, deleteRecord, getRecord, listRecords, updateRecord, VersionConflictError } from '../db/repository.js';
import { INT4_MAX } from '../domain/fields.js';
import { outOfBounds } from '../domain/geometry.js';
import { ApiError, asyncHandler, ConflictError, NotFoundError, ValidationError, zodToFieldErrors } from '../http/errors.js';
import { parseBbox, parseId, parseIntParam, rejectUnknownParams } from './query.js';

export const MAX_PAGE = 10_000;

/** Parses a body with the entity's schema and checks geometries against the configured bounds. */
function parseBody(ctx: AppContext, def: EntityDef, body: unknown, mode: 'create' | 'patch'): Record<string, unknown> {
  if (body === undefined || body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw new ValidationError([{ field: '', message: 'the body must be a JSON object', code: 'invalid_body' }]);
  }
  const parsed = (mode === 'create' ? def.input : def.patch).safeParse(body);
  if (!parsed.success) throw new ValidationError(zodToFieldErrors(parsed.error));
  const value = parsed.data as Record<string, unknown>;
  const errors = Object.keys(def.geometries)
    .filter((k) => value[k])
    .flatMap((k) => outOfBounds(value[k] as { type: string; coordinates: unknown }, ctx.config.bounds, k));
  if (errors.length) throw new ValidationError(errors);
  return value;
}

type Row = Record<string, unknown>;

/** Agencies without a province (national bodies) are shared by every province. */
const sharedWhenNoProvince = (def: EntityDef) => def.path === 'agencies';

/** Whether `p` may read `row` (reads are scoped to the account's province). */
function readable(p: Principal, def: EntityDef, row: Row): boolean {
  const province = (row.province_code as string | null | undefined) ?? null;
  return canReadProvince(p, province) || (province === null && sharedWhenNoProvince(def));
}

/**
 * Who may write `row` (before the change, and as stored after it — the database derives a record's
 * province and station from its position): 403 with the reason otherwise.
 */
function assertWritable(p: Principal, def: EntityDef, row: Row, when: 'before' | 'after'): void {
  const check = canWriteRow(p, def.path as Resource, row);
  if (!check.ok) throw new ForbiddenError(when === 'after' ? `this change would put the ${def.noun} out of your reach: ${check.reason}` : check.reason);
}

type Trx = Parameters<Parameters<Knex['transaction']>[0]>[0];

/** The province a create or change would put the record in (as the database will derive it), when it can be told. */
async function wouldBeProvince(trx: Trx, def: EntityDef, input: Row, before: Row | null): Promise<string | null | undefined> {
  if (typeof input.province_code === 'string') return input.province_code;
  if (def.geometries.geometry && input.geometry) {
    const { rows } = await trx.raw(`select atlas_area_at('province', atlas_anchor_point(ST_SetSRID(ST_GeomFromGeoJSON(?), 4326))) p`, [JSON.stringify(input.geometry)]);
    return (rows[0]?.p as string | null) ?? null;
  }
  if (input.camera_id !== undefined && input.camera_id !== null) return ((await trx('cameras').where('id', input.camera_id).first('province_code'))?.province_code as string | undefined) ?? undefined;
  return before ? ((before.province_code as string | null) ?? null) : undefined;
}

/**
 * Runs a create or change in a savepoint. When the database refuses it (unique, foreign key or
 * check constraint: 23xxx) for a caller who could not hold the record where it would go, the answer
 * is the 403 the caller would have had anyway — so a conflict does not tell anyone what exists
 * outside their province.
 */
async function scopeBeforeConflict(trx: Trx, p: Principal, def: EntityDef, input: Row, before: Row | null, write: (db: Trx) => Promise<Row>): Promise<Row> {
  if (p.role === 'admin') return write(trx);
  try {
    return await trx.transaction((sp) => write(sp));
  } catch (err) {
    if (!/^23/.test((err as { code?: string }).code ?? '')) throw err;
    const province = await wouldBeProvince(trx, def, input, before);
    if (province !== undefined && province !== p.province) throw new ForbiddenError(`this change would put the ${def.noun} out of your reach: the record is outside province ${p.province}`);
    throw err;
  }
}

// ---- optimistic concurrency (docs/reliability.md, "Concurrent edits") ------------------------------

/** A record's ETag: its version, which every change raises by one. */
const etagOf = (row: Row) => `"${Number(row.version)}"`;
const withEtag = (res: Response, row: Row) => res.set('ETag', etagOf(row));

const VERSION_MAX = 2_147_483_647;
const versionOk = (n: number) => Number.isSafeInteger(n) && n >= 1 && n <= VERSION_MAX;

/**
 * The version a PUT/PATCH was based on: `If-Match: "<version>"`, the ETag of the record's GET. null
 * without the header (or with `If-Match: *`): the change is then made whatever the record's version,
 * as scripts always did. The version is not a field of the body: the record's fields stay the
 * record's (a `version` there is refused like any field the record does not have, with a pointer to
 * the header).
 */
function expectedVersion(req: Request): number | null {
  const header = req.headers['if-match'];
  if (header === undefined || header.trim() === '*') return null;
  const m = /^\s*"(\d{1,10})"\s*$/.exec(header);
  if (!m || !versionOk(Number(m[1]))) {
    throw new ValidationError([{ field: 'If-Match', message: 'give the one version the change is based on, as the ETag of the record said, e.g. If-Match: "3"', code: 'invalid_header' }]);
  }
  return Number(m[1]);
}

/** parseBody, with the refusal of a `version` field saying where the version goes instead. */
function parseEdit(ctx: AppContext, def: EntityDef, body: unknown, mode: 'create' | 'patch'): Record<string, unknown> {
  try {
    return parseBody(ctx, def, body, mode);
  } catch (err) {
    if (!(err instanceof ValidationError) || !err.fields.some((f) => f.field === 'version')) throw err;
    throw new ValidationError(
      err.fields.map((f) =>
        f.field === 'version' ? { ...f, message: 'version is not a field of the record: to change it only while it is at the version you read, send the header If-Match: "<version>" (the ETag of GET)' } : f,
      ),
    );
  }
}

/**
 * 409 for an edit based on an old version: the record as it is now, as the caller may see it
 * (redacted like GET), and — for those who may read the audit log — who changed it last and when.
 */
async function versionConflict(trx: Trx, p: Principal, def: EntityDef, current: Row, expected: number): Promise<ApiError> {
  const province = (current.province_code as string | null | undefined) ?? null;
  let changedBy: { username: string | null; at: string } | undefined;
  if (canReadAudit(p, province)) {
    const last = await trx('audit_log').where({ entity: def.path, entity_id: current.id }).orderBy('id', 'desc').first('username', 'at');
    if (last) changedBy = { username: (last.username as string | null) ?? null, at: new Date(last.at as string).toISOString() };
  }
  const message = `${def.noun} ${current.id} was changed by someone else since you read it (you edited version ${expected}, it is now at version ${current.version}); nothing was saved — reload it, or apply your changes to the current version and send them again`;
  return new ApiError(409, 'version_conflict', message, [], { current: redact(p, def.path as Resource, current), ...(changedBy ? { changed_by: changedBy } : {}) });
}

/**
 * GET list / GET one / POST / PUT / PATCH / DELETE for one entity, for the caller's scope
 * (api/src/auth/principal.ts): lists hold only the caller's province; a record outside it is not
 * found (404); a record the caller may read but not change is 403; a write that would move a record
 * out of the caller's reach is refused and rolled back. Sensitive fields are left out of answers
 * for those who may not see them. Every write is in the audit log.
 */
export function entityRouter(ctx: AppContext, def: EntityDef): Router {
  const r = Router();
  const knex = ctx.db.knex;
  const filterNames = Object.keys(def.filters);
  const resource = def.path as Resource;
  const canWriteKind = (p: Principal) => {
    if (!WRITERS[resource].includes(p.role)) throw new ForbiddenError(`a ${p.role} account cannot change ${def.path}`);
  };
  /** The record if the caller may read it; 404 otherwise (its existence is not the caller's business). */
  const visible = async (db: typeof knex | Parameters<Parameters<typeof knex.transaction>[0]>[0], p: Principal, id: number): Promise<Row> => {
    const row = await getRecord(db, def, id);
    if (!readable(p, def, row)) throw new NotFoundError(`${def.noun} ${id}`);
    return row;
  };

  r.get(
    '/',
    asyncHandler(async (req, res) => {
      rejectUnknownParams(req, ['limit', 'offset', 'bbox', ...filterNames]);
      const limit = parseIntParam(req.query.limit, 'limit', 1, MAX_PAGE, 100);
      const offset = parseIntParam(req.query.offset, 'offset', 0, Number.MAX_SAFE_INTEGER, 0);
      const bbox = def.geometries.geometry ? parseBbox(req.query.bbox) : undefined;
      if (req.query.bbox !== undefined && !def.geometries.geometry) {
        throw new ValidationError([{ field: 'bbox', message: `${def.noun} records have no location`, code: 'unknown_parameter' }]);
      }
      const eq: Record<string, string | number> = {};
      for (const [name, f] of Object.entries(def.filters)) {
        const raw = req.query[name];
        if (raw === undefined) continue;
        if (typeof raw !== 'string') throw new ValidationError([{ field: name, message: 'give one value', code: 'invalid_parameter' }]);
        eq[f.column] = f.type === 'int' ? parseIntParam(raw, name, 1, INT4_MAX, 0) : raw;
      }
      const p = principal(req);
      const scope = readProvince(p);
      if (scope !== null && 'province_code' in eq && eq.province_code !== scope) {
        throw new ForbiddenError(`your account reads province ${scope} only`);
      }
      const { items, total } = await listRecords(knex, def, {
        eq,
        bbox,
        limit,
        offset,
        ...(scope !== null ? { scopeProvince: scope, orNoProvince: sharedWhenNoProvince(def) } : {}),
      });
      res.json({ items: items.map((row) => redact(p, resource, row)), total, limit, offset });
    }),
  );

  r.get(
    '/:id',
    asyncHandler(async (req, res) => {
      const p = principal(req);
      const row = await visible(knex, p, parseId(req.params.id, def.noun));
      withEtag(res, row).json(redact(p, resource, row));
    }),
  );

  r.post(
    '/',
    asyncHandler(async (req, res) => {
      const p = principal(req);
      canWriteKind(p);
      const input = parseBody(ctx, def, req.body, 'create');
      // A recorder's new camera is its agency's unless it says otherwise (and then it is refused).
      if (p.role === 'recorder' && resource === 'cameras' && input.agency_id === undefined) input.agency_id = p.agencyId;
      const created = await knex.transaction(async (trx) => {
        const row = await scopeBeforeConflict(trx, p, def, input, null, (db) => createRecord(db, def, input));
        assertWritable(p, def, row, 'after');
        await recordAudit(trx, p, { action: 'create', entity: def.path, entityId: Number(row.id), after: row }, req.requestId);
        return row;
      });
      withEtag(res.status(201).location(`${req.baseUrl}/${created.id}`), created).json(redact(p, resource, created));
    }),
  );

  for (const method of ['put', 'patch'] as const) {
    r[method](
      '/:id',
      asyncHandler(async (req, res) => {
        const p = principal(req);
        const id = parseId(req.params.id, def.noun);
        const expected = expectedVersion(req);
        const input = parseEdit(ctx, def, req.body, method === 'put' ? 'create' : 'patch');
        const edit = knex.transaction(async (trx) => {
          // The row is locked before it is read: a concurrent edit waits here, and then reads (and
          // is compared with) the version the first one left.
          await trx(def.table).where('id', id).forUpdate().first('id');
          const before = await visible(trx, p, id);
          canWriteKind(p);
          assertWritable(p, def, before, 'before');
          if (expected !== null && Number(before.version) !== expected) throw await versionConflict(trx, p, def, before, expected);
          let row: Row;
          try {
            row = await scopeBeforeConflict(trx, p, def, input, before, (db) =>
              updateRecord(db, def, id, input, method === 'put' ? 'replace' : 'patch', expected !== null ? { expectedVersion: expected } : {}),
            );
          } catch (err) {
            if (err instanceof VersionConflictError) throw await versionConflict(trx, p, def, await getRecord(trx, def, id), expected!);
            throw err;
          }
          assertWritable(p, def, row, 'after');
          await recordAudit(trx, p, { action: 'update', entity: def.path, entityId: id, before, after: row }, req.requestId);
          return row;
        });
        // A 409 carries the ETag of the version it holds, to send the change again against it.
        const updated = await edit.catch((err: unknown) => {
          const current = err instanceof ApiError && err.code === 'version_conflict' ? (err.extra.current as Row | undefined) : undefined;
          if (current) withEtag(res, current);
          throw err;
        });
        withEtag(res, updated).json(redact(p, resource, updated));
      }),
    );
  }

  r.delete(
    '/:id',
    asyncHandler(async (req, res) => {
      const p = principal(req);
      const id = parseId(req.params.id, def.noun);
      try {
        await knex.transaction(async (trx) => {
          const before = await visible(trx, p, id);
          canWriteKind(p);
          assertWritable(p, def, before, 'before');
          await deleteRecord(trx, def, id);
          await recordAudit(trx, p, { action: 'delete', entity: def.path, entityId: id, before }, req.requestId);
        });
      } catch (err) {
        // 23503 on PostgreSQL 15; PostgreSQL 18 (PGlite) reports ON DELETE RESTRICT as 23001.
        if (['23503', '23001'].includes((err as { code?: string }).code ?? '')) {
          throw new ConflictError(`${def.noun} ${id} is still referenced: ${(err as { detail?: string }).detail ?? ''}`.trim());
        }
        throw err;
      }
      res.status(204).end();
    }),
  );
  return r;
}

export function entityRouters(ctx: AppContext): Router {
  const r = Router();
  for (const def of ENTITIES) r.use(`/${def.path}`, entityRouter(ctx, def));
  return r;
}
