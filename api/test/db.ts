import express from 'express';
import knexFactory, { type Knex } from 'knex';
import { inject } from 'vitest';
import '../src/db/connect.js'; // registers the pg type parsers
import { createApp } from '../src/app.js';
import { createToken, createUser } from '../src/auth/store.js';
import { type Config, loadConfig } from '../src/config.js';
import type { AppContext } from '../src/context.js';
import { consoleLogger, silentLogger } from '../src/context.js';
import type { Database } from '../src/db/connect.js';

/** The shared test database (see global-setup.ts), as a Database the app can use. */
export function testDatabase(): Database {
  const engine = inject('engine');
  const knex = knexFactory({
    client: 'pg',
    connection: inject('databaseUrl'),
    pool: { min: 0, max: engine === 'embedded' ? 1 : 4 },
    acquireConnectionTimeout: 120_000,
  });
  return { knex, engine, url: inject('databaseUrl'), close: () => knex.destroy() };
}

export function testContext(db = testDatabase()): AppContext {
  return { db, config: loadConfig({ DATA_DIR: '/tmp/cctv-atlas-test' }), log: process.env.TEST_LOG ? consoleLogger('info') : silentLogger };
}

/** Every table that holds domain data (not boundaries), children first. */
export const DOMAIN_TABLES = [
  'certification_records',
  'certifications',
  'certification_deadlines',
  'plan_overrides',
  'plan_items',
  'plans',
  'camera_photos',
  'footage_requests',
  'problems',
  'lao_maintenance_rows',
  'cameras',
  'planned_sites',
  'risk_points',
  'risk_routes',
  'police_stations',
  'agencies',
  'app_meta',
];

/** Empties the domain tables so a test file starts from a known state (boundaries stay). */
export async function resetDomainData(knex: Knex): Promise<void> {
  await knex.raw(`truncate ${DOMAIN_TABLES.join(', ')} restart identity cascade`);
}

/** A national admin's API token in the test database (the account `test-admin`, made once). */
export async function testAdminToken(knex: Knex): Promise<string> {
  let user = await knex('users').where('username', 'test-admin').first('id');
  if (!user) {
    try {
      user = (await createUser(knex, { username: 'test-admin', role: 'admin' })).user;
    } catch {
      user = await knex('users').where('username', 'test-admin').first('id'); // made meanwhile by another file
    }
  }
  // A ready account (no one-time password pending): the web app goes straight to the map.
  await knex('users').where('id', user.id).update({ must_change_password: false });
  return (await createToken(knex, Number(user.id), 'tests')).token;
}

/**
 * The app, with every request that carries no credentials of its own (no Authorization header, no
 * cookie) sent as a national admin — through the real token check, with a real account. Tests of
 * other roles and of anonymous requests set their own header (api/test/auth*.test.ts).
 */
export function adminApp(ctx: AppContext, config: Partial<Config> = {}): express.Express {
  const inner = createApp({ ...ctx, config: { ...ctx.config, ...config } });
  let token: Promise<string> | null = null;
  const outer = express();
  outer.set('trust proxy', 'loopback');
  outer.use((req, _res, next) => {
    if (req.headers.authorization !== undefined || req.headers.cookie !== undefined) return next();
    (token ??= testAdminToken(ctx.db.knex)).then((t) => {
      req.headers.authorization = `Bearer ${t}`;
      next();
    }, next);
  });
  outer.use(inner);
  return outer;
}
