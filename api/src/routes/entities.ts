import { Router } from 'express';
import type { AppContext } from '../context.js';
import { ENTITIES, type EntityDef } from '../db/entities.js';
import { createRecord, deleteRecord, getRecord, listRecords, updateRecord } from '../db/repository.js';
import { outOfBounds } from '../domain/geometry.js';
import { asyncHandler, ConflictError, ValidationError, zodToFieldErrors } from '../http/errors.js';
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

/** GET list / GET one / POST / PUT / PATCH / DELETE for one entity. */
export function entityRouter(ctx: AppContext, def: EntityDef): Router {
  const r = Router();
  const knex = ctx.db.knex;
  const filterNames = Object.keys(def.filters);

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
        eq[f.column] = f.type === 'int' ? parseIntParam(raw, name, 1, Number.MAX_SAFE_INTEGER, 0) : raw;
      }
      const { items, total } = await listRecords(knex, def, { eq, bbox, limit, offset });
      res.json({ items, total, limit, offset });
    }),
  );

  r.get(
    '/:id',
    asyncHandler(async (req, res) => {
      res.json(await getRecord(knex, def, parseId(req.params.id, def.noun)));
    }),
  );

  r.post(
    '/',
    asyncHandler(async (req, res) => {
      const input = parseBody(ctx, def, req.body, 'create');
      const created = await knex.transaction((trx) => createRecord(trx, def, input));
      res.status(201).location(`${req.baseUrl}/${created.id}`).json(created);
    }),
  );

  for (const method of ['put', 'patch'] as const) {
    r[method](
      '/:id',
      asyncHandler(async (req, res) => {
        const id = parseId(req.params.id, def.noun);
        const input = parseBody(ctx, def, req.body, method === 'put' ? 'create' : 'patch');
        const updated = await knex.transaction((trx) => updateRecord(trx, def, id, input, method === 'put' ? 'replace' : 'patch'));
        res.json(updated);
      }),
    );
  }

  r.delete(
    '/:id',
    asyncHandler(async (req, res) => {
      const id = parseId(req.params.id, def.noun);
      try {
        await knex.transaction((trx) => deleteRecord(trx, def, id));
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
