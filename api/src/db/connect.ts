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
  /**
   * Closes the pool, then (embedded) the socket and PGlite. Waits up to `timeoutMs` (default 10 s)
   * for connections in use to be given back; after that they are cut — PostgreSQL rolls back what
   * they had open, and the embedded engine's open transaction is rolled back before it closes.
   */
  close(opts?: { timeoutMs?: number }): Promise<void>;
  /**
   * Applies the limits a server runs with (statement timeout, acquire and connect timeouts, pool
   * size) to the connections from now on: the pool is renewed, so call it while nothing runs
   * (main.ts does, after the bootstrap). Absent on databases not made by openDatabase.
   */
  configure?(limits: DatabaseLimits): Promise<void>;
}

/** Limits of the connections to the database (docs/reliability.md, "Database outages", "Limits"). */
export interface DatabaseLimits {
  /** statement_timeout of every connection; 0 = the server's own setting. PGlite accepts it but cannot enforce it. */
  statementTimeoutMs?: number;
  /** How long opening one connection may take. */
  connectTimeoutMs?: number;
  /** How long a query waits for a free connection of the pool. */
  acquireTimeoutMs?: number;
  /** Connections to PostgreSQL at most (the embedded engine always has one). */
  poolMax?: number;
}

export interface OpenOptions extends DatabaseLimits {
  databaseUrl?: string;
  /** Embedded only: where PGlite keeps its files; undefined = in memory. */
  dataDir?: string;
  log?: (msg: string) => void;
  /** Warnings of the driver and the pool (a connection lost, an acquire that failed). */
  warn?: (msg: string) => void;
}

/** Defaults when the opener gives none: the CLI, tests and benchmarks keep the generous ones they had. */
const OPEN_DEFAULTS = { statementTimeoutMs: 0, connectTimeoutMs: 10_000 };
const ACQUIRE_DEFAULT = { postgres: 60_000, embedded: 120_000 } as const;

/**
 * The knex configuration both engines use: connection settings (connect timeout, TCP keep-alive, an
 * application name for pg_stat_activity), the pool, and a statement_timeout set on every new
 * connection from `session` (read when the connection is made, so configure() can change it).
 * Exported for tests that point a pool at a database that does not answer.
 */
export function knexConfig(
  engine: Engine,
  connection: string | { host: string; port: number; user: string; database: string },
  limits: DatabaseLimits,
  session: { statementTimeoutMs: number } = { statementTimeoutMs: limits.statementTimeoutMs ?? 0 },
  warn: (msg: string) => void = () => {},
): Knex.Config {
  const common = {
    connectionTimeoutMillis: limits.connectTimeoutMs ?? OPEN_DEFAULTS.connectTimeoutMs,
    keepAlive: true,
    application_name: 'cctv-atlas',
  };
  return {
    client: 'pg',
    connection: typeof connection === 'string' ? { connectionString: connection, ...common } : { ...connection, ...common },
    pool: {
      min: 0,
      // The embedded socket serves one client at a time: the pool must have max 1.
      max: engine === 'embedded' ? 1 : (limits.poolMax ?? 10),
      afterCreate(conn: pg.Client, done: (err: Error | null, conn: pg.Client) => void) {
        // 0: leave the server's (or the role's) own setting alone.
        const ms = Math.max(0, Math.floor(session.statementTimeoutMs));
        if (ms === 0) return done(null, conn);
        conn.query(`set statement_timeout = ${ms}`, (err: Error | null) => done(err, conn));
      },
    },
    acquireConnectionTimeout: limits.acquireTimeoutMs ?? ACQUIRE_DEFAULT[engine],
    // knex's own warnings (a lost connection, a failed acquire) go to the application log.
    log: { warn, error: warn, deprecate: () => {}, debug: () => {}, inspectionDepth: 1, enableColors: false },
  };
}

/**
 * Ends the pool: connections in use get `timeoutMs` to be given back, then their sockets are cut
 * (the server rolls back whatever transaction they held) and the pool finishes closing.
 */
async function destroyPool(knex: Knex, timeoutMs: number, warn: (msg: string) => void): Promise<void> {
  const destroyed = knex.destroy();
  if (await settlesWithin(destroyed, timeoutMs)) return destroyed;
  const pool = (knex.client as { pool?: { used?: { resource?: unknown }[] } }).pool;
  const used = pool?.used ?? [];
  warn(`database close: ${used.length} connection(s) still in use after ${timeoutMs} ms; cutting them (their transactions roll back)`);
  for (const u of used) {
    const stream = (u.resource as { connection?: { stream?: { destroy(): void } } } | undefined)?.connection?.stream;
    stream?.destroy();
  }
  if (!(await settlesWithin(destroyed, 5_000))) warn('database close: the pool did not finish closing; going on');
  else await destroyed.catch(() => {});
}

/** True when `p` settles (either way) within ms. */
async function settlesWithin(p: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const settled = await Promise.race([
    p.then(() => true, () => true),
    new Promise<false>((r) => {
      timer = setTimeout(() => r(false), ms);
    }),
  ]);
  clearTimeout(timer);
  return settled;
}

/**
 * Opens the database: PostgreSQL at databaseUrl, or an embedded PGlite + PostGIS served on a
 * loopback socket so that the same pg/knex code path runs on both.
 */
export async function openDatabase(opts: OpenOptions): Promise<Database> {
  const log = opts.log ?? (() => {});
  const warn = opts.warn ?? (() => {});
  const session = { statementTimeoutMs: opts.statementTimeoutMs ?? OPEN_DEFAULTS.statementTimeoutMs };
  /** Renews the pool with new limits (see Database.configure). */
  const configure = (knex: Knex, engine: Engine) => async (limits: DatabaseLimits) => {
    await knex.destroy();
    if (limits.statementTimeoutMs !== undefined) session.statementTimeoutMs = limits.statementTimeoutMs;
    const client = knex.client as { config: Knex.Config; connectionSettings: Record<string, unknown> };
    if (limits.acquireTimeoutMs !== undefined) client.config.acquireConnectionTimeout = limits.acquireTimeoutMs;
    if (limits.poolMax !== undefined && engine === 'postgres') client.config.pool = { ...client.config.pool, max: limits.poolMax };
    if (limits.connectTimeoutMs !== undefined) client.connectionSettings.connectionTimeoutMillis = limits.connectTimeoutMs;
    knex.initialize();
  };

  if (opts.databaseUrl) {
    const knex = knexFactory(knexConfig('postgres', opts.databaseUrl, opts, session, warn));
    try {
      await knex.raw('select 1');
    } catch (err) {
      await knex.destroy().catch(() => {});
      throw err;
    }
    return {
      knex,
      engine: 'postgres',
      url: opts.databaseUrl,
      close: ({ timeoutMs = 10_000 } = {}) => destroyPool(knex, timeoutMs, warn),
      configure: configure(knex, 'postgres'),
    };
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
  const knex = knexFactory(knexConfig('embedded', { host: '127.0.0.1', port, user: 'postgres', database: 'postgres' }, opts, session, warn));
  let closed = false;
  const close = async ({ timeoutMs = 10_000 } = {}) => {
    if (closed) return;
    closed = true;
    await destroyPool(knex, timeoutMs, warn);
    // The socket rolls back the transaction of a client it detaches; make sure nothing stays open.
    await server.stop();
    if (pglite.isInTransaction()) {
      warn('embedded database: a transaction was still open at close; rolled back');
      await pglite.exec('rollback');
    }
    await pglite.close();
    releaseLock();
  };
  try {
    await knex.raw('select 1');
  } catch (err) {
    await close().catch(() => {});
    throw err;
  }
  log(`embedded database: ready on ${url}`);
  return { knex, engine: 'embedded', url, pglite, close, configure: configure(knex, 'embedded') };
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
