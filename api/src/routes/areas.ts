import { Router } from 'express';
import type { AppContext } from '../context.js';
import { asyncHandler, NotFoundError } from '../http/errors.js';
import { parseId, parseIntParam, rejectUnknownParams } from './query.js';

const geometryColumn = `case when ST_IsEmpty(geom) then null else ST_AsGeoJSON(geom, 6)::json end as geometry`;
const wantsGeometry = (v: unknown) => v === 'true' || v === '1';

/**
 * Administrative areas are reference data loaded from data/thailand: read-only here. Geometry is
 * left out of lists unless ?geometry=true (a province polygon is tens of kilobytes).
 */
export function areasRouter(ctx: AppContext): Router {
  const r = Router();
  const knex = ctx.db.knex;

  r.get(
    '/provinces',
    asyncHandler(async (req, res) => {
      rejectUnknownParams(req, ['geometry']);
      const cols = ['code', 'name_th', 'name_en', 'region', 'area_sqkm'];
      const items = await knex('provinces')
        .select(wantsGeometry(req.query.geometry) ? [...cols, knex.raw(geometryColumn)] : cols)
        .orderBy('code');
      res.json({ items, total: items.length });
    }),
  );
  r.get(
    '/provinces/:code',
    asyncHandler(async (req, res) => {
      const row = await knex('provinces')
        .select('code', 'name_th', 'name_en', 'region', 'area_sqkm', knex.raw(geometryColumn))
        .where('code', String(req.params.code))
        .orWhere('name_th', String(req.params.code))
        .first();
      if (!row) throw new NotFoundError(`province ${req.params.code}`);
      res.json(row);
    }),
  );

  for (const level of ['districts', 'subdistricts'] as const) {
    const cols = level === 'districts' ? ['id', 'province_code', 'name_th', 'name_en'] : ['id', 'province_code', 'district_id', 'name_th', 'name_en'];
    r.get(
      `/${level}`,
      asyncHandler(async (req, res) => {
        rejectUnknownParams(req, ['province', 'district', 'geometry', 'limit', 'offset']);
        const limit = parseIntParam(req.query.limit, 'limit', 1, 10_000, 10_000);
        const offset = parseIntParam(req.query.offset, 'offset', 0, Number.MAX_SAFE_INTEGER, 0);
        const q = knex(level);
        if (typeof req.query.province === 'string') q.where('province_code', req.query.province);
        if (level === 'subdistricts' && req.query.district !== undefined) {
          q.where('district_id', parseIntParam(req.query.district, 'district', 1, Number.MAX_SAFE_INTEGER, 0));
        }
        const [counted] = await q.clone().count({ total: '*' });
        const total = counted?.total ?? 0;
        const items = await q
          .select(wantsGeometry(req.query.geometry) ? [...cols, knex.raw(geometryColumn)] : cols)
          .orderBy('id')
          .limit(limit)
          .offset(offset);
        res.json({ items, total: Number(total), limit, offset });
      }),
    );
    r.get(
      `/${level}/:id`,
      asyncHandler(async (req, res) => {
        const id = parseId(req.params.id, level.slice(0, -1));
        const row = await knex(level).select([...cols, knex.raw(geometryColumn)]).where('id', id).first();
        if (!row) throw new NotFoundError(`${level.slice(0, -1)} ${id}`);
        res.json(row);
      }),
    );
  }
  return r;
}
