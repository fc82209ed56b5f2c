import knexFactory, { type Knex } from 'knex';
import { inject } from 'vitest';
import '../src/db/connect.js'; // registers the pg type parsers
import { loadConfig } from '../src/config.js';
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
