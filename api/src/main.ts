import http from 'node:http';
import { createApp } from './app.js';
import { bootstrapAdmin } from './auth/store.js';
import { loadConfig } from './config.js';
import { consoleLogger } from './context.js';
import { bootstrapDatabase } from './db/bootstrap.js';

/**
 * Start: listen at once (answering 503 "starting" with progress), open the database (embedded or
 * DATABASE_URL), migrate, load boundaries and demo data when new, then serve the app.
 */
async function main(): Promise<void> {
  const config = loadConfig();
  const log = consoleLogger(config.logLevel);
  const shownHost = config.host === '0.0.0.0' ? '127.0.0.1' : config.host;
  let progress = 'starting';
  let handler: http.RequestListener = (_req, res) => {
    res.writeHead(503, { 'Content-Type': 'application/json; charset=utf-8', 'Retry-After': '5' });
    res.end(JSON.stringify({ status: 'starting', progress }));
  };
  const server = http.createServer((req, res) => handler(req, res));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => resolve());
  });
  const addr = server.address();
  const url = `http://${shownHost}:${typeof addr === 'object' && addr ? addr.port : config.port}/`;
  log.info(`cctv-atlas listening on ${url} (answers 503 until the database is ready)`);

  const db = await bootstrapDatabase(config, {
    log: (m) => {
      progress = m;
      log.info(m);
    },
  });
  const admin = await bootstrapAdmin(db.knex).catch((err: { code?: string }) => {
    if (err.code === 'conflict') return null; // another process made it first
    throw err;
  });
  if (admin) {
    // Printed once, never stored in clear: the first login must replace it.
    console.log(
      [
        '',
        '  ┌────────────────────────────────────────────────────────────────────┐',
        '  │ First run: a national admin account was created.                   │',
        `  │   user name: ${admin.username.padEnd(54)}│`,
        `  │   one-time password: ${admin.password.padEnd(46)}│`,
        '  │ Log in and choose a new password; this one is not shown again.     │',
        '  │ Lost it? npm run cli -- user reset admin (with the server stopped) │',
        '  └────────────────────────────────────────────────────────────────────┘',
        '',
      ].join('\n'),
    );
  }
  handler = createApp({ db, config, log });
  log.info(`cctv-atlas ready: ${url}  (API ${url}api, OGC API ${url}ogc, health ${url}healthz; database: ${db.engine})`);

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info(`${signal}: shutting down`);
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeIdleConnections();
    });
    await db.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((err) => {
  console.error(`cctv-atlas could not start: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
