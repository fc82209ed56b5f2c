import type { TestProject } from 'vitest/node';
import { bootstrapDatabase } from '../src/db/bootstrap.js';
import type { Database } from '../src/db/connect.js';

declare module 'vitest' {
  export interface ProvidedContext {
    databaseUrl: string;
    engine: 'embedded' | 'postgres';
  }
}

let db: Database | undefined;

/**
 * Starts the database every API test shares: DATABASE_URL when set, otherwise an in-memory PGlite
 * with PostGIS on a loopback socket. Migrations and boundaries are applied once here.
 */
export async function setup(project: TestProject): Promise<void> {
  const t0 = Date.now();
  db = await bootstrapDatabase(
    { databaseUrl: process.env.DATABASE_URL, dataDir: undefined, seedDemo: 'never' },
    { demo: false },
  );
  // The embedded socket takes one client at a time: hand the connection over to the test files.
  await db.knex.destroy();
  project.provide('databaseUrl', db.url);
  project.provide('engine', db.engine);
  console.log(`test database: ${db.engine} ready in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
}

export async function teardown(): Promise<void> {
  await db?.close();
}
