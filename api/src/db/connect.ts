import fs from 'node:fs';
import path from 'node:path';
import knexFactory, { type Knex } from 'knex';
import pg from 'pg';
import type { PGlite } from '@electric-sql/pglite';
import type { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { withWireProtocolFixes } from './pglite-protocol.js';

// int8 (counts, bigserial ids) as numbers: ids stay far below 2^53. numeric (baht) as numbers too.
pg.types.setTypeParser(20, (v) => Number(v));
pg.types.setTypeParser(1700, (v) => Number(v));
// date stays 'YYYY-MM-DD' instead of a local-midnight Date.
pg.types.setTypeParser(1082, (v) => v);

export type Engine = 'embedded' | 'postgres';

export interface Database {
  knex: Knex;
  engine: Engine;
  /** The URL the pg driver connects to (for embedded: the loopback socket). */
  url: string;
  /** The PGlite instance in embedded mode (for COPY from a blob in benchmarks, dumps). */
  pglite?: PGlite;
  close(): Promise<void>;
}

export interface OpenOptions {
  databaseUrl?: string;
  /** Embedded only: where PGlite keeps its files; undefined = in memory. */
  dataDir?: string;
  log?: (msg: string) => void;
}

/**
 * Opens the database: PostgreSQL at databaseUrl, or an embedded PGlite + PostGIS served on a
 * loopback socket so that the same pg/knex code path runs on both.
 */
export async function openDatabase(opts: OpenOptions): Promise<Database> {
  const log = opts.log ?? (() => {});
  if (opts.databaseUrl) {
    const knex = knexFactory({
      client: 'pg',
      connection: opts.databaseUrl,
      pool: { min: 0, max: 10 },
    });
    await knex.raw('select 1');
    return { knex, engine: 'postgres', url: opts.databaseUrl, close: () => knex.destroy() };
  }

  const started = Date.now();
  const { PGlite } = await import('@electric-sql/pglite');
  const { postgis } = await import('@electric-sql/pglite-postgis');
  const { PGLiteSocketServer } = await import('@electric-sql/pglite-socket');
  let dataDir: string | undefined;
  let releaseLock = () => {};
  if (opts.dataDir) {
    dataDir = path.join(opts.dataDir, 'pglite');
    fs.mkdirSync(dataDir, { recursive: true });
    releaseLock = lockDataDir(opts.dataDir);
  }
  log(`embedded database: starting PGlite + PostGIS in ${dataDir ?? 'memory'} (first start unpacks PostGIS, ~10 s)`);
  let pglite: PGlite;
  try {
    pglite = await PGlite.create({ dataDir, extensions: { postgis } });
  } catch (err) {
    releaseLock();
    throw err;
  }
  log(`embedded database: PGlite up after ${((Date.now() - started) / 1000).toFixed(1)} s`);
  // One connection at a time: the socket serves one client, so the pool must have max 1.
  const server: PGLiteSocketServer = new PGLiteSocketServer({ db: withWireProtocolFixes(pglite), host: '127.0.0.1', port: 0, maxConnections: 1, inspect: !!process.env.PGLITE_INSPECT });
  await server.start();
  const port = Number(server.getServerConn().split(':').pop());
  const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
  const knex = knexFactory({
    client: 'pg',
    connection: { host: '127.0.0.1', port, user: 'postgres', database: 'postgres' },
    pool: { min: 0, max: 1 },
    acquireConnectionTimeout: 120_000,
  });
  await knex.raw('select 1');
  log(`embedded database: ready on ${url}`);
  return {
    knex,
    engine: 'embedded',
    url,
    pglite,
    async close() {
      await knex.destroy();
      await server.stop();
      await pglite.close();
      releaseLock();
    },
  };
}

/**
 * One process at a time may open an embedded data directory (PGlite has no locking of its own and
 * two writers would corrupt it). A lock file holds the owner's pid; a stale one is taken over.
 */
function lockDataDir(dir: string): () => void {
  const file = path.join(dir, 'pglite.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.writeFileSync(file, String(process.pid), { flag: 'wx' });
      return () => fs.rmSync(file, { force: true });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const pid = Number(fs.readFileSync(file, 'utf8'));
      if (pid && isAlive(pid)) {
        throw new Error(
          `the embedded database in ${dir} is in use by process ${pid} (stop it first, e.g. the running server, or set DATA_DIR to another folder)`,
        );
      }
      fs.rmSync(file, { force: true });
    }
  }
  throw new Error(`could not lock ${file}`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
