import fs from 'node:fs';
import path from 'node:path';
import express from 'express';
import { authenticate, SAFE_METHODS, UnauthenticatedError } from './auth/middleware.js';
import { ROOT_DIR } from './config.js';
import type { AppContext } from './context.js';
import { accessLog } from './http/access-log.js';
import { databaseUnavailable, errorHandler, NotFoundError, ValidationError } from './http/errors.js';
import { type HealthState, healthRouter } from './http/health.js';
import { limiterFor } from './http/heavy.js';
import { requestId } from './http/request-id.js';
import { WROTE_COOKIE } from './db/replica.js';
import { setBboxAreaLimit } from './routes/query.js';
import { ogcRouter } from './ogc/router.js';
import { analysisRouter } from './routes/analysis.js';
import { authRouter } from './routes/auth.js';
import { restRouter } from './routes/index.js';

export const WEB_DIST = path.join(ROOT_DIR, 'web', 'dist');

/**
 * What an anonymous visitor may read when PUBLIC_MAP is on: the map's base and its cameras' positions
 * and states (no personal data in them), and the administrative areas its province and district
 * filter lists (reference data from data/thailand: codes, names, region, area, outline — what the
 * public boundaries already show). One path segment at most after the list: nothing else is served
 * under these names (api/src/routes/areas.ts).
 */
export function isPublicMapPath(url: string): boolean {
  const path = url.split('?')[0]!;
  return (
    path === '/api/map/config' ||
    path === '/api/map/cameras' ||
    path === '/api/meta' ||
    /^\/api\/map\/boundaries\/\w+\.geojson$/.test(path) ||
    /^\/api\/(provinces|districts)(\/[^/]+)?$/.test(path)
  );
}

/** The path of the first string holding a NUL character in `v` ('' for v itself), or null. PostgreSQL text cannot hold one. */
export function nulPath(v: unknown, path = '', depth = 0): string | null {
  if (typeof v === 'string') return v.includes('\u0000') ? path : null;
  if (depth > 64 || v === null || typeof v !== 'object') return null;
  for (const [k, x] of Object.entries(v)) {
    if (k.includes('\u0000')) return path ? `${path}.${k}` : k;
    const p = nulPath(x, path ? `${path}.${k}` : k, depth + 1);
    if (p !== null) return p;
  }
  return null;
}

/** 400 for a NUL character anywhere in the path, the query or a JSON body, naming where. */
function rejectNul(req: express.Request, _res: express.Response, next: express.NextFunction): void {
  let field: string | null = null;
  try {
    if (decodeURIComponent(req.path).includes('\u0000')) field = 'path';
  } catch {
    // A path that is not valid UTF-8: express refuses it with 400 when it decodes the parameters.
  }
  field ??= nulPath(req.query) ?? nulPath(req.body);
  if (field === null) return next();
  next(new ValidationError([{ field, message: 'must not contain the NUL character (\\u0000)', code: 'invalid_character' }]));
}

/**
 * Builds the express app without listening; tests call it directly. `app.locals.health` (stopping:
 * main.ts sets it on SIGTERM) and `app.locals.heavy` (the heavy-work limiter) are the app's runtime
 * state (docs/reliability.md).
 */
export function createApp(base: AppContext): express.Express {
  const ctx: AppContext = { ...base, heavy: base.heavy ?? limiterFor(base) };
  setBboxAreaLimit(ctx.config.bboxMaxArea);
  const app = express();
  app.disable('x-powered-by');
  app.set('query parser', 'extended');
  app.set('trust proxy', 'loopback');
  const health: HealthState = { stopping: false };
  app.locals.health = health;
  app.locals.heavy = ctx.heavy;
  // First: every request (and every audit entry it writes) has its id, answered in X-Request-Id;
  // then its line in the access log when the answer is sent.
  app.use(requestId);
  app.use(accessLog(ctx.log));

  // Liveness and readiness, open to anyone (no data in them).
  app.use(healthRouter(ctx, health));

  // Who is asking, on every API and OGC request; then only /api/auth/login (and, with PUBLIC_MAP,
  // the sanitised map) without an account.
  const json = express.json({ limit: '2mb', type: ['application/json', 'application/geo+json'] });
  app.use(['/api', '/ogc'], authenticate(ctx.db.knex));
  app.use('/api', json);
  app.use(['/api', '/ogc'], rejectNul);
  app.use('/api', authRouter(ctx));
  app.use(['/api', '/ogc'], (req, _res, next) => {
    if (req.principal) return next();
    if (ctx.config.publicMap && (req.method === 'GET' || req.method === 'HEAD') && isPublicMapPath(req.originalUrl)) return next();
    next(new UnauthenticatedError());
  });
  const replica = ctx.replica;
  if (replica) {
    // Read your own writes (api/src/db/replica.ts): once an account's write request is answered,
    // its reads go to the primary until the replica has caught up past it — on this process by
    // memory, on the others by a cookie with the write's time (browser sessions).
    const maxAgeS = Math.ceil(ctx.config.readMaxLagMs / 1000) + 1;
    app.use(['/api', '/ogc'], (req, res, next) => {
      const who = req.principal;
      if (!who || SAFE_METHODS.has(req.method)) return next();
      res.once('finish', () => replica.noteWrite(who.userId));
      if (who.via === 'session') {
        // Set when the answer's head goes out: the handler's transaction has committed by then.
        const writeHead = res.writeHead;
        res.writeHead = function (this: express.Response, ...args: Parameters<typeof writeHead>) {
          const cookie = `${WROTE_COOKIE}=${Date.now()}; Path=/; Max-Age=${maxAgeS}; HttpOnly; SameSite=Strict${req.secure ? '; Secure' : ''}`;
          const set = this.getHeader('Set-Cookie');
          this.setHeader('Set-Cookie', [...(Array.isArray(set) ? set : set === undefined ? [] : [String(set)]), cookie]);
          return writeHead.apply(this, args);
        } as typeof writeHead;
      }
      next();
    });
  }
  app.use('/api/analysis', analysisRouter(ctx));
  app.use('/api', restRouter(ctx));
  // OGC API reads are meant for any GIS client or web map, also from other origins.
  app.use('/ogc', (req, res, next) => {
    if (req.method === 'GET' || req.method === 'HEAD' || req.method === 'OPTIONS') res.set('Access-Control-Allow-Origin', '*');
    next();
  }, ogcRouter(ctx));

  if (fs.existsSync(WEB_DIST)) {
    app.use(express.static(WEB_DIST, { index: 'index.html', maxAge: '1h' }));
  }
  app.use((req, _res, next) => next(new NotFoundError(`${req.method} ${req.path}`)));
  if (replica) {
    // A read on the replica lost its connection: this request answers 503, the next ones use the primary.
    app.use((err: unknown, _req: express.Request, res: express.Response, next: express.NextFunction) => {
      if (res.locals.readFrom === 'replica' && databaseUnavailable(err)) replica.markDown(err as { code?: string; message?: string });
      next(err);
    });
  }
  app.use(errorHandler((m, { level, ...fields } = {}) => (level === 'warn' ? ctx.log.warn(m, fields) : ctx.log.error(m, fields))));
  return app;
}
