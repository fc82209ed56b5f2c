import fs from 'node:fs';
import path from 'node:path';
import express from 'express';
import { ROOT_DIR } from './config.js';
import type { AppContext } from './context.js';
import { asyncHandler, errorHandler, NotFoundError } from './http/errors.js';
import { ogcRouter } from './ogc/router.js';
import { analysisRouter } from './routes/analysis.js';
import { restRouter } from './routes/index.js';

export const WEB_DIST = path.join(ROOT_DIR, 'web', 'dist');

/** Builds the express app without listening; tests call it directly. */
export function createApp(ctx: AppContext): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('query parser', 'extended');
  app.set('trust proxy', 'loopback');

  app.get(
    '/healthz',
    asyncHandler(async (_req, res) => {
      const { rows } = await ctx.db.knex.raw('select postgis_lib_version() v');
      res.json({ status: 'ok', db: ctx.db.engine, postgis: rows[0].v as string });
    }),
  );

  app.use('/api/analysis', analysisRouter(ctx));
  app.use('/api', express.json({ limit: '2mb', type: ['application/json', 'application/geo+json'] }), restRouter(ctx));
  // OGC API reads are meant for any GIS client or web map, also from other origins.
  app.use('/ogc', (req, res, next) => {
    if (req.method === 'GET' || req.method === 'HEAD' || req.method === 'OPTIONS') res.set('Access-Control-Allow-Origin', '*');
    next();
  }, ogcRouter(ctx));

  if (fs.existsSync(WEB_DIST)) {
    app.use(express.static(WEB_DIST, { index: 'index.html', maxAge: '1h' }));
  }
  app.use((req, _res, next) => next(new NotFoundError(`${req.method} ${req.path}`)));
  app.use(errorHandler((m) => ctx.log.error(m)));
  return app;
}
