/**
 * The database goes away and comes back (docs/reliability.md, "Database outages"): the real server
 * (api/src/main.ts, a child process) on a THROWAWAY PostgreSQL cluster of its own
 * (api/test/pg-cluster.ts) — never the shared one. While the cluster is stopped, API requests
 * answer 503 database_unavailable with Retry-After within seconds, /readyz says 503 and /healthz
 * 200, and the process stays up; once it is started again the same process answers 200 without a
 * restart. Then a crash (immediate stop) in the middle of a stream of writes: every answer is a
 * 2xx or a 503 (never a 500, never a hang), and every acknowledged write is in the database.
 * PostgreSQL pass only (DATABASE_URL set), and only where Debian's PostgreSQL binaries exist.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import knexFactory, { type Knex } from 'knex';
import { ROOT_DIR } from '../src/config.js';
import { bootstrapDatabase } from '../src/db/bootstrap.js';
import { tokenFor } from './auth-helpers.js';
import { type Cluster, pgClusterUnavailable, startCluster } from './pg-cluster.js';

const SKIP = !process.env.DATABASE_URL ? 'runs in the PostgreSQL pass only (DATABASE_URL)' : pgClusterUnavailable();
if (SKIP) console.log(`db-restart.int.test.ts skipped: ${SKIP}`);

interface Server {
  child: ChildProcess;
  base: string;
  output: () => string;
  exited: Promise<number | null>;
}

async function startServer(databaseUrl: string): Promise<Server> {
  // node --import tsx (not the tsx command, whose signal relay may SIGKILL a busy server).
  const child = spawn(process.execPath, ['--import', 'tsx', 'api/src/main.ts'], {
    cwd: ROOT_DIR,
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      PORT: '0',
      HOST: '127.0.0.1',
      SEED_DEMO: 'never',
      LOG_FORMAT: 'json',
      DB_CONNECT_TIMEOUT_MS: '1000',
      DB_ACQUIRE_TIMEOUT_MS: '2000',
      READY_TIMEOUT_MS: '1000',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  const t0 = Date.now();
  while (!/cctv-atlas ready/.test(out)) {
    if (child.exitCode !== null) throw new Error(`server exited (${child.exitCode}):\n${out}`);
    if (Date.now() - t0 > 120_000) throw new Error(`server not ready in 120 s:\n${out}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  const port = /listening on http:\/\/127\.0\.0\.1:(\d+)\//.exec(out)![1];
  return { child, base: `http://127.0.0.1:${port}`, output: () => out, exited };
}

describe.skipIf(!!SKIP)('the API while its PostgreSQL stops, crashes and comes back', () => {
  let cluster: Cluster;
  let server: Server;
  let token = '';
  let direct: Knex;

  beforeAll(async () => {
    cluster = await startCluster({ name: 'r1-restart' });
    await cluster.createDatabase('atlas');
    const db = await bootstrapDatabase({ databaseUrl: cluster.url('atlas'), seedDemo: 'never' }, { demo: false });
    try {
      token = await tokenFor(db.knex, { username: 'restart-admin', role: 'admin' });
    } finally {
      await db.close();
    }
    server = await startServer(cluster.url('atlas'));
    // The test's own look at the database (its warnings about the crash are expected: not printed).
    const quiet = () => {};
    direct = knexFactory({ client: 'pg', connection: cluster.url('atlas'), pool: { min: 0, max: 1 }, log: { warn: quiet, error: quiet, debug: quiet, deprecate: quiet } });
  }, 240_000);

  afterAll(async () => {
    await direct?.destroy();
    if (server && server.child.exitCode === null) {
      server.child.kill('SIGKILL');
      await server.exited;
    }
    await cluster?.remove();
  });

  const call = async (path: string, init: RequestInit = {}) => {
    const t0 = Date.now();
    const res = await fetch(`${server.base}${path}`, {
      ...init,
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json', ...(init.headers ?? {}) },
      signal: AbortSignal.timeout(30_000),
    });
    const text = await res.text();
    return { status: res.status, ms: Date.now() - t0, retryAfter: res.headers.get('retry-after'), body: text ? JSON.parse(text) : null };
  };
  const write = (description: string) => call('/api/problems', { method: 'POST', body: JSON.stringify({ province_code: '15', category: 'other', description }) });

  it('answers 503 database_unavailable quickly while PostgreSQL is stopped, and 200 again once it is back', { timeout: 180_000 }, async () => {
    expect((await call('/api/cameras?limit=1')).status).toBe(200);
    expect((await call('/readyz')).status).toBe(200);
    expect((await write('before the stop')).status).toBe(201);

    await cluster.stop({ mode: 'fast' });
    for (const path of ['/api/cameras?limit=1', '/api/problems', '/ogc/collections/cameras/items', '/api/analysis/risk-points?province=15']) {
      const r = await call(path);
      expect(r.status, `${path}: ${JSON.stringify(r.body)}`).toBe(503);
      expect(r.body.errors[0].code).toBe('database_unavailable');
      expect(Number(r.retryAfter)).toBeGreaterThan(0);
      // Bounded by DB_CONNECT_TIMEOUT_MS / DB_ACQUIRE_TIMEOUT_MS (1 s, 2 s): an answer, not a hang.
      expect(r.ms).toBeLessThan(10_000);
    }
    const w = await write('while stopped');
    expect(w.status).toBe(503);
    const ready = await call('/readyz');
    expect(ready.status).toBe(503);
    expect(ready.body.code).toMatch(/^database_(unavailable|timeout)$/);
    expect((await call('/healthz')).status).toBe(200);
    expect(server.child.exitCode).toBeNull();

    await cluster.start();
    // Back without a restart of the API: the first requests may still find a dead pooled connection.
    let first: Awaited<ReturnType<typeof call>> | undefined;
    for (let i = 0; i < 50; i++) {
      first = await call('/api/cameras?limit=1');
      if (first.status === 200) break;
      expect(first.status).toBe(503);
      await new Promise((r) => setTimeout(r, 200));
    }
    expect(first?.status).toBe(200);
    expect((await call('/readyz')).status).toBe(200);
    expect((await write('after the start')).status).toBe(201);
    const kept = (await direct('problems').orderBy('id').pluck('description')) as string[];
    expect(kept).toEqual(['before the stop', 'after the start']);
  });

  it('a crash during a stream of writes: only 2xx or 503 answers, every acknowledged write kept, the process alive', { timeout: 180_000 }, async () => {
    const acknowledged: number[] = [];
    const statuses = new Map<number, number>();
    let n = 0;
    let writing = true;
    const writer = (async () => {
      while (writing) {
        const r = await write(`stream ${n++}`);
        statuses.set(r.status, (statuses.get(r.status) ?? 0) + 1);
        if (r.status === 201) acknowledged.push(r.body.id as number);
        else expect(r.status, JSON.stringify(r.body)).toBe(503);
      }
    })();
    // Let some writes through, crash the server (no checkpoint, connections dropped), keep it down 2 s.
    while (acknowledged.length < 20) await new Promise((r) => setTimeout(r, 20));
    await cluster.restart({ mode: 'immediate', downMs: 2000 });
    const after = acknowledged.length;
    while (acknowledged.length < after + 20) {
      await new Promise((r) => setTimeout(r, 50));
      expect(server.child.exitCode).toBeNull();
    }
    writing = false;
    await writer;
    console.log(`db-restart: ${n} writes during the crash: ${[...statuses].map(([s, c]) => `${c} × ${s}`).join(', ')}`);
    expect(statuses.get(503) ?? 0).toBeGreaterThan(0); // the crash was seen
    const stored = new Set(((await direct('problems').whereLike('description', 'stream %').pluck('id')) as number[]).map(Number));
    const lost = acknowledged.filter((id) => !stored.has(Number(id)));
    expect(lost).toEqual([]);
    expect(server.child.exitCode).toBeNull();

    expect(server.output()).not.toMatch(/unhandled rejection|uncaught exception/);
    server.child.kill('SIGTERM');
    expect(await server.exited, server.output()).toBe(0);
  });
});
