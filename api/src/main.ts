import http from 'node:http';
import type { Express } from 'express';
import { createApp } from './app.js';
import { bootstrapAdmin } from './auth/store.js';
import { type Config, loadConfig } from './config.js';
import { consoleLogger, type Logger } from './context.js';
import { bootstrapDatabase } from './db/bootstrap.js';
import type { Database } from './db/connect.js';
import { ReadReplica } from './db/replica.js';
import type { HealthState } from './http/health.js';

/**
 * Start: listen at once (answering 503 "starting" with progress), open the database (embedded or
 * DATABASE_URL), migrate, load boundaries and demo data when new, then serve the app.
 *
 * Stop (SIGTERM or SIGINT; docs/reliability.md, "Shutdown"): /readyz turns 503 "stopping", the
 * listening socket closes (new connections are refused), requests in flight get SHUTDOWN_TIMEOUT_MS
 * to finish (kept-alive connections are closed as soon as they are idle), then whatever is left is
 * cut; the database is closed last — its transactions finish or roll back, the embedded engine is
 * closed cleanly — and the process exits with 0. A second signal skips the wait.
 */
async function main(): Promise<void> {
  const config = loadConfig();
  const log = consoleLogger(config.logLevel, config.logFormat);
  let db: Database | null = null;
  let replica: ReadReplica | null = null;
  process.on('unhandledRejection', (reason) => {
    // A promise nobody awaited failed: a bug to fix, but not one that leaves the process in a bad
    // state, so the server logs it and goes on serving.
    log.error('unhandled rejection', { error: reason instanceof Error ? reason : String(reason), stack: reason instanceof Error ? reason.stack : undefined });
  });
  process.on('uncaughtException', (err) => {
    // The process may be in any state: log it, give the database a moment to close, exit 1 (a
    // service manager starts it again).
    log.error('uncaught exception: exiting', { error: err, stack: err.stack });
    const timer = setTimeout(() => process.exit(1), 5_000);
    timer.unref();
    void (db?.close({ timeoutMs: 2_000 }) ?? Promise.resolve()).catch(() => {}).finally(() => process.exit(1));
  });
  const shownHost = config.host === '0.0.0.0' ? '127.0.0.1' : config.host;
  let progress = 'starting';
  let app: Express | null = null;
  let stopping = false;
  const server = http.createServer((req, res) => {
    // While stopping, every answer — also of a request that came before — closes its connection:
    // no kept-alive socket outlives the drain.
    const writeHead = res.writeHead;
    res.writeHead = function (this: http.ServerResponse, ...args: Parameters<typeof writeHead>) {
      if (stopping) this.setHeader('Connection', 'close');
      return writeHead.apply(this, args);
    } as typeof writeHead;
    if (app) return app(req, res);
    res.writeHead(503, { 'Content-Type': 'application/json; charset=utf-8', 'Retry-After': '5' });
    res.end(JSON.stringify({ status: stopping ? 'stopping' : 'starting', progress }));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => resolve());
  });
  const addr = server.address();
  const url = `http://${shownHost}:${typeof addr === 'object' && addr ? addr.port : config.port}/`;
  log.info(`cctv-atlas listening on ${url} (answers 503 until the database is ready)`);

  const opened = bootstrapDatabase(config, {
    log: (m) => {
      progress = m;
      log.info(m);
    },
  });
  const stop = shutdown({ server, config, log, opened, db: () => db, replica: () => replica, app: () => app, setStopping: () => (stopping = true) });
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));

  db = await opened;
  if (stopping) return; // a signal came during the start; shutdown() closes the database
  // The server's limits on every connection from now on (the bootstrap ran without them).
  await db.configure?.({
    statementTimeoutMs: config.statementTimeoutMs,
    connectTimeoutMs: config.dbConnectTimeoutMs,
    acquireTimeoutMs: config.dbAcquireTimeoutMs,
    poolMax: config.dbPoolMax,
  });
  if (config.databaseReadUrl) {
    // Reads of the read-only routes go to the replica while it is fresh (api/src/db/replica.ts).
    replica = new ReadReplica({
      url: config.databaseReadUrl,
      primary: db.knex,
      maxLagMs: config.readMaxLagMs,
      checkIntervalMs: config.readCheckMs,
      statementTimeoutMs: config.statementTimeoutMs,
      connectTimeoutMs: config.dbConnectTimeoutMs,
      acquireTimeoutMs: config.dbAcquireTimeoutMs,
      poolMax: config.dbPoolMax,
      warn: (m, f) => log.warn(m, f),
      info: (m, f) => log.info(m, f),
    });
    await replica.start();
  }
  const admin = await bootstrapAdmin(db.knex).catch((err: { code?: string }) => {
    if (err.code === 'conflict') return null; // another process made it first
    throw err;
  });
  if (admin) {
    // Printed once, never stored in clear: the first login must replace it. Not a log record: in
    // JSON mode it goes to stderr, so stdout stays one JSON object per line.
    const box = [
      '',
      '  ┌────────────────────────────────────────────────────────────────────┐',
      '  │ First run: a national admin account was created.                   │',
      `  │   user name: ${admin.username.padEnd(54)}│`,
      `  │   one-time password: ${admin.password.padEnd(46)}│`,
      '  │ Log in and choose a new password; this one is not shown again.     │',
      '  │ Lost it? npm run cli -- user reset admin (with the server stopped) │',
      '  └────────────────────────────────────────────────────────────────────┘',
      '',
    ].join('\n');
    (config.logFormat === 'json' ? process.stderr : process.stdout).write(box + '\n');
  }
  if (stopping) return;
  app = createApp({ db, config, log, ...(replica ? { replica } : {}) });
  log.info(`cctv-atlas ready: ${url}  (API ${url}api, OGC API ${url}ogc, health ${url}healthz, readiness ${url}readyz; database: ${db.engine})`, {
    engine: db.engine,
    statementTimeoutMs: config.statementTimeoutMs,
    heavy: (app.locals.heavy as { stats(): unknown }).stats(),
    replica: replica?.status().state,
  });
}

interface ShutdownParts {
  server: http.Server;
  config: Config;
  log: Logger;
  opened: Promise<Database>;
  db: () => Database | null;
  replica: () => ReadReplica | null;
  app: () => Express | null;
  setStopping: () => void;
}

/** The signal handler: drain, cut what is left at the deadline, close the database, exit. */
function shutdown(p: ShutdownParts): (signal: string) => void {
  let started = false;
  let hurry: () => void = () => {};
  return (signal) => {
    if (started) {
      p.log.warn(`${signal} again: not waiting for requests in flight any longer`);
      hurry();
      return;
    }
    started = true;
    p.setStopping();
    const health = p.app()?.locals.health as HealthState | undefined;
    if (health) health.stopping = true;
    const t0 = Date.now();
    // The listening socket closes first (inside the promise below, synchronously): by the time the
    // log says "shutting down", new connections are already refused.
    const drained = new Promise<boolean>((resolve) => {
      // Connections that finish their request become idle: close them as they do.
      const idle = setInterval(() => p.server.closeIdleConnections(), 100);
      const finish = (inTime: boolean) => {
        clearInterval(idle);
        clearTimeout(deadline);
        resolve(inTime);
      };
      const deadline = setTimeout(() => finish(false), p.config.shutdownTimeoutMs);
      hurry = () => finish(false);
      // Stop accepting; the callback comes once every connection has ended.
      p.server.close(() => finish(true));
      p.server.closeIdleConnections();
    });
    p.log.info(`${signal}: shutting down (requests in flight get up to ${p.config.shutdownTimeoutMs} ms)`, { signal });

    void (async () => {
      let code = 0;
      const inTime = await drained;
      if (!inTime) {
        const open = await new Promise<number>((r) => p.server.getConnections((_e, n) => r(n ?? 0)));
        p.log.warn(`shutdown: ${open} connection(s) still busy after ${Date.now() - t0} ms; cutting them`);
        p.server.closeAllConnections();
      }
      try {
        // Started while the database was still opening: wait for it, then close it.
        const db = p.db() ?? (await p.opened.catch(() => null));
        await p.replica()?.close().catch((err: Error) => p.log.warn('shutdown: the read replica pool did not close cleanly', { error: err }));
        // Handlers whose client was cut may still be inside a transaction: a few seconds to finish, then it rolls back.
        await db?.close({ timeoutMs: inTime ? 10_000 : 5_000 });
        p.log.info(`shutdown: done in ${Date.now() - t0} ms${db ? `; ${db.engine} database closed` : ''}`);
      } catch (err) {
        p.log.error('shutdown: the database did not close cleanly', { error: err as Error });
        code = 1;
      }
      process.exit(code);
    })();
  };
}

main().catch((err) => {
  // The config may be what failed: LOG_FORMAT read as loadConfig would.
  const msg = `cctv-atlas could not start: ${err instanceof Error ? err.message : String(err)}`;
  const format = process.env.LOG_FORMAT === 'json' || process.env.LOG_FORMAT === 'text' ? process.env.LOG_FORMAT : process.stdout.isTTY ? 'text' : 'json';
  consoleLogger('error', format).error(msg, { code: (err as { code?: unknown })?.code });
  process.exit(1);
});
