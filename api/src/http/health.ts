/**
 * Health and readiness (docs/reliability.md, "Health and readiness").
 *
 * GET /healthz — liveness: the process answers. No database call: it says which engine and
 * PostGIS version the server runs on (the version is read once, when the app is made, and kept),
 * and it stays 200 while the database is down — restarting the process would not bring it back.
 *
 * GET /readyz — readiness: the database answers within READY_TIMEOUT_MS and every migration on
 * disk is applied; otherwise 503 with the reason (and Retry-After). While the server shuts down it
 * answers 503 "stopping", so a load balancer sends new requests elsewhere while it drains.
 */
import { Router, type Request, type Response } from 'express';
import type { AppContext } from '../context.js';
import type { Database } from '../db/connect.js';
import { readMigrations } from '../db/migrate.js';
import { asyncHandler, databaseUnavailable } from './errors.js';

/** The PostGIS version per database, read once (a failed read is forgotten, to be tried again). */
const postgisOf = new WeakMap<Database, Promise<string>>();

function postgisVersion(db: Database): Promise<string> {
  let p = postgisOf.get(db);
  if (!p) {
    p = db.knex.raw('select postgis_lib_version() as v').then((r: { rows: { v: string }[] }) => r.rows[0]!.v);
    p.catch(() => postgisOf.delete(db));
    postgisOf.set(db, p);
  }
  return p;
}

/** Resolves with `p`'s value, or `fallback` when it takes longer than ms or fails. */
async function within<T, F>(p: Promise<T>, ms: number, fallback: F): Promise<T | F> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([p.catch(() => fallback), new Promise<F>((r) => (timer = setTimeout(() => r(fallback), ms)))]);
  } finally {
    clearTimeout(timer);
  }
}

const TIMED_OUT = Symbol('timed out');

/** Migrations on disk, read once per process. */
let migrationVersions: string[] | undefined;

export interface HealthState {
  /** Set by main.ts on SIGTERM/SIGINT: /readyz answers 503 "stopping" from then on. */
  stopping: boolean;
}

function notReady(res: Response, status: 'unavailable' | 'stopping' | 'starting', code: string, reason: string, retryAfterS = 5): void {
  res.set('Retry-After', String(retryAfterS)).set('Cache-Control', 'no-store').status(503).json({ status, code, reason });
}

export function healthRouter(ctx: AppContext, state: HealthState): Router {
  const r = Router();
  const started = Date.now();
  // Read the version now, so that /healthz need not ask the database (an error is tried again later).
  postgisVersion(ctx.db).catch(() => {});

  r.get(
    '/healthz',
    asyncHandler(async (_req: Request, res: Response) => {
      // Only just after start can the version still be on its way: wait a moment for it, no more.
      const postgis = await within(postgisOf.get(ctx.db) ?? Promise.reject(new Error('unknown')), 1000, 'unknown');
      res.set('Cache-Control', 'no-store').json({ status: 'ok', db: ctx.db.engine, postgis, uptimeS: Math.round((Date.now() - started) / 1000) });
    }),
  );

  r.get(
    '/readyz',
    asyncHandler(async (_req: Request, res: Response) => {
      if (state.stopping) return notReady(res, 'stopping', 'stopping', 'the server is shutting down', 10);
      const ms = ctx.config.readyTimeoutMs;
      const outcome = ctx.db.knex
        .raw(`select 1 as ok, (select coalesce(array_agg(version::text order by version), '{}') from schema_migrations) as applied`)
        .then(
          (r: { rows: { applied: string[] }[] }) => ({ ok: true as const, applied: r.rows[0]!.applied }),
          (err: { code?: string; message?: string }) => ({ ok: false as const, err }),
        );
      const got = await within(outcome, ms, TIMED_OUT);
      if (got === TIMED_OUT) return notReady(res, 'unavailable', 'database_timeout', `the database did not answer within ${ms} ms (READY_TIMEOUT_MS)`);
      if (!got.ok) {
        const { err } = got;
        if (err.code === '42P01') return notReady(res, 'unavailable', 'migrations_pending', 'the schema is not migrated yet (no schema_migrations table)');
        const down = databaseUnavailable(err);
        return notReady(res, 'unavailable', 'database_unavailable', down ? `the database is unavailable (${err.code ?? 'connection lost'})` : `the database answered with an error (${err.code ?? 'unknown'})`);
      }
      const applied = got.applied;
      migrationVersions ??= readMigrations().map((m) => m.version);
      const done = new Set(applied);
      const pending = migrationVersions.filter((v) => !done.has(v));
      if (pending.length) return notReady(res, 'unavailable', 'migrations_pending', `migrations not applied yet: ${pending.join(', ')}`);
      const postgis = await within(postgisVersion(ctx.db), ms, 'unknown');
      res.set('Cache-Control', 'no-store').json({
        status: 'ready',
        db: ctx.db.engine,
        postgis,
        migrations: applied.length,
        heavy: ctx.heavy?.stats() ?? null,
        // The read replica's state does not decide readiness: without it the primary serves every read.
        replica: ctx.replica?.status() ?? null,
      });
    }),
  );
  return r;
}
