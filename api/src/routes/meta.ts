import { Router } from 'express';
import { readProvince } from '../auth/principal.js';
import type { AppContext } from '../context.js';
import * as enums from '../domain/enums.js';
import { asyncHandler } from '../http/errors.js';

const COUNTED = ['cameras', 'planned_sites', 'risk_points', 'risk_routes', 'police_stations', 'agencies', 'footage_requests', 'problems', 'lao_maintenance_rows'];

/** What a client needs to start: whether this is demo data, how much there is, the enum labels. */
export function metaRouter(ctx: AppContext): Router {
  const r = Router();
  r.get(
    '/meta',
    asyncHandler(async (req, res) => {
      const knex = ctx.db.knex;
      const demoRow = await knex('app_meta').where('key', 'demo').first();
      // A provincial account counts its province's records.
      const scope = req.principal ? readProvince(req.principal) : null;
      const where = scope === null ? '' : ' where province_code = :scope';
      const { rows } = await knex.raw(`select ${COUNTED.map((t) => `(select count(*) from ${t}${where}) as ${t}`).join(', ')}`, scope === null ? {} : { scope });
      const labels = Object.fromEntries(
        Object.entries(enums)
          .filter(([, v]) => typeof v === 'object' && v !== null && 'labels' in v)
          .map(([k, v]) => [k, (v as { labels: unknown }).labels]),
      );
      res.json({ demo: demoRow ? demoRow.value : null, counts: rows[0], engine: ctx.db.engine, enums: labels });
    }),
  );
  return r;
}
