import type { Server } from 'node:http';
import { createApp } from './app.js';
import { loadConfig } from './config.js';
import { consoleLogger } from './context.js';
import { bootstrapDatabase } from './db/bootstrap.js';

/** Start: open the database (embedded or DATABASE_URL), migrate, seed, listen. */
async function main(): Promise<void> {
  const config = loadConfig();
  const log = consoleLogger(config.logLevel);
  log.info(`cctv-atlas starting; will serve http://${config.host === '0.0.0.0' ? '127.0.0.1' : config.host}:${config.port}/ once the database is ready`);
  const db = await bootstrapDatabase(config, { log: (m) => log.info(m) });
  const app = createApp({ db, config, log });
  const server: Server = await new Promise((resolve, reject) => {
    const s = app.listen(config.port, config.host, () => resolve(s));
    s.on('error', reject);
  });
  const addr = server.address();
  const port = typeof addr === 'object' && addr ? addr.port : config.port;
  log.info(`cctv-atlas ready: http://${config.host === '0.0.0.0' ? '127.0.0.1' : config.host}:${port}/  (API /api, OGC API /ogc, health /healthz; database: ${db.engine})`);

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info(`${signal}: shutting down`);
    server.close();
    server.closeIdleConnections?.();
    await db.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
