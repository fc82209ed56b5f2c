/**
 * Reads from a streaming replica (DATABASE_READ_URL; api/src/db/replica.ts, docs/scaling.md "Read
 * replicas"). Two THROWAWAY clusters (api/test/pg-cluster.ts), never the shared one: a primary with
 * the schema, the boundaries and the Ang Thong demo, and a hot standby made from it with
 * pg_basebackup, streaming from it on loopback. Which server answered is shown by the data itself:
 * with the standby's replay paused, a camera written on the primary is missing from what the
 * replica serves and present in what the primary serves.
 * PostgreSQL pass only (DATABASE_URL set), and only where Debian's PostgreSQL binaries exist.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import knexFactory, { type Knex } from 'knex';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createApp } from '../src/app.js';
import { loadConfig, ROOT_DIR } from '../src/config.js';
import { type AppContext, type Logger } from '../src/context.js';
import { bootstrapDatabase } from '../src/db/bootstrap.js';
import type { Database } from '../src/db/connect.js';
import { lsnValue, ReadReplica, WROTE_COOKIE, wroteAt } from '../src/db/replica.js';
import { TEST_PASSWORD, tokenFor, userWithPassword } from './auth-helpers.js';
import { type Cluster, newClusterDir, pgClusterUnavailable, pgCommand, startCluster } from './pg-cluster.js';

const SKIP = !process.env.DATABASE_URL ? 'runs in the PostgreSQL pass only (DATABASE_URL)' : pgClusterUnavailable();
if (SKIP) console.log(`replica.int.test.ts skipped: ${SKIP}`);

const ANG_THONG = [100.4555, 14.5896];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const quiet = () => {};

describe.skipIf(!!SKIP)('reads from a streaming replica', () => {
  let primary: Cluster;
  let standby: Cluster;
  let db: Database;
  /** The test's own connection to the standby (pause/resume replay). */
  let onStandby: Knex;
  const replicas: ReadReplica[] = [];
  let secA = '';
  let secB = '';
  let lines: Record<string, unknown>[] = [];
  const log: Logger = {
    info: (msg, f) => lines.push({ level: 'info', msg, ...f }),
    warn: (msg, f) => lines.push({ level: 'warn', msg, ...f }),
    error: (msg, f) => lines.push({ level: 'error', msg, ...f }),
    debug: quiet,
  };

  beforeAll(async () => {
    primary = await startCluster({ name: 'replica-primary', conf: { wal_level: 'replica', max_wal_senders: 5, wal_keep_size: '256MB' }, hba: ['host replication postgres 127.0.0.1/32 trust'] });
    await primary.createDatabase('atlas');
    db = await bootstrapDatabase({ databaseUrl: primary.url('atlas'), seedDemo: 'auto' }, { demo: true });
    secA = await tokenFor(db.knex, { username: 'replica-sec-a', role: 'secretariat', province: '15' });
    secB = await tokenFor(db.knex, { username: 'replica-sec-b', role: 'secretariat', province: '15' });
    const dir = newClusterDir('replica-standby');
    const dataDir = path.join(dir, 'data');
    // -R writes the standby's primary_conninfo and standby.signal: it starts as a hot standby.
    await pgCommand('pg_basebackup', ['-h', '127.0.0.1', '-p', String(primary.port), '-U', 'postgres', '-D', dataDir, '-R', '-X', 'stream', '-c', 'fast'], { timeoutMs: 120_000 });
    standby = await startCluster({ dataDir, name: 'replica-standby', conf: { hot_standby: 'on', hot_standby_feedback: 'on' } });
    onStandby = knexFactory({ client: 'pg', connection: standby.url('atlas'), pool: { min: 0, max: 1 }, log: { warn: quiet, error: quiet, debug: quiet, deprecate: quiet } });
  }, 300_000);

  afterAll(async () => {
    for (const r of replicas) await r.close().catch(() => {});
    await onStandby?.destroy();
    await db?.close();
    await standby?.remove();
    await primary?.remove();
  });

  /** A replica of the standby for the primary, as main.ts makes it (no timer: the test calls check()). */
  function replicaOf(url: string, maxLagMs: number): ReadReplica {
    const r = new ReadReplica({ url, primary: db.knex, maxLagMs, checkIntervalMs: 60_000, connectTimeoutMs: 1_000, acquireTimeoutMs: 2_000, warn: log.warn, info: log.info });
    replicas.push(r);
    return r;
  }
  function appWith(replica?: ReadReplica) {
    const ctx: AppContext = { db, config: loadConfig({ DATA_DIR: '/tmp/cctv-atlas-test', DATABASE_URL: primary.url('atlas') }), log, ...(replica ? { replica } : {}) };
    return createApp(ctx);
  }
  /** Checks until the standby has replayed everything the primary had written when this was called. */
  async function caughtUp(r: ReadReplica): Promise<void> {
    const target = lsnValue((await db.knex.raw('select pg_current_wal_lsn()::text as l')).rows[0].l);
    const t0 = Date.now();
    for (;;) {
      await r.check();
      const s = r.status();
      if (s.replayLsn && lsnValue(s.replayLsn) >= target && s.state === 'ok') return;
      if (Date.now() - t0 > 60_000) throw new Error(`the standby did not catch up: ${JSON.stringify(s)}`);
      await sleep(50);
    }
  }
  const pauseReplay = () => onStandby.raw('select pg_wal_replay_pause()');
  const resumeReplay = () => onStandby.raw('select pg_wal_replay_resume()');
  /** A camera written straight on the primary (not through the API: no account's write is noted). */
  async function cameraOnPrimary(name: string): Promise<void> {
    const agency = await db.knex('agencies').where('province_code', '15').first('id');
    await db.knex.raw(
      `insert into cameras (place_name, status, province_code, agency_id, geom) values (?, 'working', '15', ?, ST_SetSRID(ST_MakePoint(?, ?), 4326))`,
      [name, agency.id, ANG_THONG[0], ANG_THONG[1]],
    );
  }
  const matched = async (app: ReturnType<typeof appWith>, token: string) => {
    const res = await request(app).get('/ogc/collections/cameras/items?limit=1').set('Authorization', `Bearer ${token}`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return res.body.numberMatched as number;
  };
  /** Any answer (JSON, CSV, binary) as text. */
  const asText = async (t: request.Test) => {
    const res = await t.buffer(true).parse((stream, done) => {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => done(null, Buffer.concat(chunks).toString('utf8')));
    });
    return { status: res.status, text: res.body as string };
  };
  const readFrom = (path: string) => lines.filter((l) => l.msg === 'request' && l.path === path).map((l) => l.readFrom);

  it('the routed reads answer from the replica, the same as the primary does; the other routes use the primary', { timeout: 120_000 }, async () => {
    const r = replicaOf(standby.url('atlas'), 5_000);
    await caughtUp(r);
    const withReplica = appWith(r);
    const plain = appWith();
    const routed = [
      '/api/dashboard?province=15',
      '/ogc/collections/cameras/items?limit=50',
      '/ogc/collections',
      '/api/map/cameras?province=15',
      '/api/map/config',
      '/api/analysis/risk-points?province=15',
      '/api/analysis/density?province=15&level=district',
      '/api/figures/footage-requests?province=15',
      '/api/export/cameras.csv?province=15',
    ];
    lines = [];
    for (const url of routed) {
      const a = await asText(request(withReplica).get(url).set('Authorization', `Bearer ${secA}`));
      const b = await asText(request(plain).get(url).set('Authorization', `Bearer ${secA}`));
      expect(a.status, `${url}: ${a.text.slice(0, 300)}`).toBe(200);
      expect(b.status).toBe(200);
      // The same answer, but for the links' host (each app has its own port) and the OGC timeStamp.
      const same = (t: string) => t.replace(/http:\/\/127\.0\.0\.1:\d+/g, 'HOST').replace(/"timeStamp":"[^"]+"/g, '');
      expect(same(a.text) === same(b.text), `${url}: the replica's answer differs from the primary's`).toBe(true);
      expect(readFrom(url.split('?')[0]!), url).toContain('replica');
    }
    // Not routed: a record and its version (the form), the account's own data.
    await request(withReplica).get('/api/cameras?limit=1').set('Authorization', `Bearer ${secA}`).expect(200);
    expect(readFrom('/api/cameras')).toEqual([undefined]);
    expect(r.status().reads.replica).toBe(routed.length);
    expect(r.status().reads.primary).toBe(0);
  });

  it('with replay paused, the replica serves what it has (within DATABASE_READ_MAX_LAG_MS) and catches up once replay resumes', { timeout: 120_000 }, async () => {
    const r = replicaOf(standby.url('atlas'), 600_000);
    await caughtUp(r);
    const app = appWith(r);
    const before = await matched(app, secB);
    await pauseReplay();
    try {
      await cameraOnPrimary('replica: written while replay is paused');
      await r.check();
      expect(r.status().state).toBe('ok');
      // The replica has not replayed it: a routed read does not see it; the primary does.
      expect(await matched(app, secB)).toBe(before);
      expect(await matched(appWith(), secB)).toBe(before + 1);
    } finally {
      await resumeReplay();
    }
    await caughtUp(r);
    expect(await matched(app, secB)).toBe(before + 1);
  });

  it('a replica further behind than DATABASE_READ_MAX_LAG_MS serves nothing: reads go to the primary, /readyz says why and stays 200', { timeout: 120_000 }, async () => {
    const r = replicaOf(standby.url('atlas'), 300);
    await caughtUp(r);
    const app = appWith(r);
    const before = await matched(app, secB);
    lines = [];
    await pauseReplay();
    try {
      await cameraOnPrimary('replica: lag test');
      await sleep(700);
      await r.check();
      expect(r.status().state).toBe('lagging');
      expect(r.status().reason).toMatch(/ms behind/);
      expect(await matched(app, secB)).toBe(before + 1);
      expect(readFrom('/ogc/collections/cameras/items')).toEqual(['primary']);
      const ready = await request(app).get('/readyz');
      expect(ready.status).toBe(200);
      expect(ready.body.replica).toMatchObject({ state: 'lagging' });
      expect(ready.body.replica.stalenessMs).toBeGreaterThan(300);
      expect(lines.some((l) => l.level === 'warn' && /read replica: not serving reads/.test(String(l.msg)))).toBe(true);
    } finally {
      await resumeReplay();
    }
    await caughtUp(r);
    lines = [];
    expect(await matched(app, secB)).toBe(before + 1);
    expect(readFrom('/ogc/collections/cameras/items')).toEqual(['replica']);
  });

  it('an account reads its own writes: after its write its reads go to the primary until the replica holds the write', { timeout: 120_000 }, async () => {
    const r = replicaOf(standby.url('atlas'), 600_000);
    await caughtUp(r);
    const app = appWith(r);
    const before = await matched(app, secA);
    await pauseReplay();
    try {
      // A write through the API works with a replica configured: writes go to the primary (the
      // standby would refuse them: it is read-only).
      const created = await request(app)
        .post('/api/cameras')
        .set('Authorization', `Bearer ${secA}`)
        .send({ place_name: 'replica: read your own write', status: 'working', geometry: { type: 'Point', coordinates: ANG_THONG } });
      expect(created.status, JSON.stringify(created.body)).toBe(201);
      await r.check();
      expect(await matched(app, secA)).toBe(before + 1); // the writer: from the primary
      expect(await matched(app, secB)).toBe(before); // another account: from the (paused) replica
    } finally {
      await resumeReplay();
    }
    await caughtUp(r);
    lines = [];
    expect(await matched(app, secA)).toBe(before + 1);
    expect(readFrom('/ogc/collections/cameras/items')).toEqual(['replica']); // back on the replica
  });

  it('a browser session that wrote through one API process reads its write through another: the write time travels in a cookie', { timeout: 120_000 }, async () => {
    // Two processes behind one load balancer: each its own app and its own monitor of the replica.
    const rA = replicaOf(standby.url('atlas'), 600_000);
    const rB = replicaOf(standby.url('atlas'), 600_000);
    await caughtUp(rA);
    await caughtUp(rB);
    const a = appWith(rA);
    const b = appWith(rB);
    await userWithPassword(db.knex, { username: 'replica-session', role: 'secretariat', province: '15' });
    const login = await request(a).post('/api/auth/login').send({ username: 'replica-session', password: TEST_PASSWORD });
    expect(login.status, JSON.stringify(login.body)).toBe(200);
    const session = ([] as string[]).concat(login.headers['set-cookie'] ?? []).find((c) => c.startsWith('atlas_session='))!.split(';')[0]!;
    const csrf = login.body.csrfToken as string;
    const count = async (app: ReturnType<typeof appWith>, cookie: string) => {
      const res = await request(app).get('/ogc/collections/cameras/items?limit=1').set('Cookie', cookie);
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      return res.body.numberMatched as number;
    };
    const before = await count(b, session);
    await pauseReplay();
    try {
      const created = await request(a)
        .post('/api/cameras')
        .set('Cookie', session)
        .set('X-CSRF-Token', csrf)
        .send({ place_name: 'replica: a session write on A', status: 'working', geometry: { type: 'Point', coordinates: ANG_THONG } });
      expect(created.status, JSON.stringify(created.body)).toBe(201);
      const set = ([] as string[]).concat(created.headers['set-cookie'] ?? []);
      const wrote = set.find((c) => c.startsWith(`${WROTE_COOKIE}=`));
      expect(wrote, JSON.stringify(set)).toMatch(new RegExp(`^${WROTE_COOKIE}=\\d{13}; Path=/; Max-Age=\\d+; HttpOnly; SameSite=Strict$`));
      await rB.check();
      // B never saw the write: without the cookie its read comes from the paused replica, with it from the primary.
      expect(await count(b, session)).toBe(before);
      expect(await count(b, `${session}; ${wrote!.split(';')[0]}`)).toBe(before + 1);
      // The cookie counts only with a session: an API token's read on B stays on the replica.
      const viaToken = await request(b).get('/ogc/collections/cameras/items?limit=1').set('Authorization', `Bearer ${secB}`).set('Cookie', wrote!.split(';')[0]!);
      expect(viaToken.body.numberMatched).toBe(before);
      // A read (GET) sets no cookie; a token's write sets none either.
      const read = await request(a).get('/api/cameras?limit=1').set('Cookie', session);
      expect(([] as string[]).concat(read.headers['set-cookie'] ?? []).some((c) => c.startsWith(WROTE_COOKIE))).toBe(false);
      const tokenWrite = await request(a).post('/api/cameras').set('Authorization', `Bearer ${secA}`).send({ place_name: 'replica: a token write', status: 'working', geometry: { type: 'Point', coordinates: ANG_THONG } });
      expect(tokenWrite.status).toBe(201);
      expect(([] as string[]).concat(tokenWrite.headers['set-cookie'] ?? []).some((c) => c.startsWith(WROTE_COOKIE))).toBe(false);
    } finally {
      await resumeReplay();
    }
  });

  it('a replica that goes down: the reads in flight answer 503, the next ones the primary; it serves again once back', { timeout: 180_000 }, async () => {
    const r = replicaOf(standby.url('atlas'), 5_000);
    await caughtUp(r);
    const app = appWith(r);
    const before = await matched(app, secA);
    await standby.stop({ mode: 'fast' });
    try {
      // Routed to the replica before anything noticed: 503 with Retry-After, never a 500 or a hang.
      const lost = await request(app).get('/ogc/collections/cameras/items?limit=1').set('Authorization', `Bearer ${secB}`);
      expect(lost.status, JSON.stringify(lost.body)).toBe(503);
      expect(lost.body.errors[0].code).toBe('database_unavailable');
      expect(lost.headers['retry-after']).toBeTruthy();
      expect(r.status().state).toBe('down');
      // The next request uses the primary.
      lines = [];
      expect(await matched(app, secB)).toBe(before);
      expect(readFrom('/ogc/collections/cameras/items')).toEqual(['primary']);
      await r.check();
      expect(r.status()).toMatchObject({ state: 'down' });
      const ready = await request(app).get('/readyz');
      expect(ready.status).toBe(200);
      expect(ready.body.replica.state).toBe('down');
    } finally {
      await standby.start();
    }
    await caughtUp(r);
    lines = [];
    expect(await matched(app, secB)).toBe(before);
    expect(readFrom('/ogc/collections/cameras/items')).toEqual(['replica']);
  });

  it('refuses a DATABASE_READ_URL that is not a standby of DATABASE_URL: the primary itself, or another server', { timeout: 60_000 }, async () => {
    const self = replicaOf(primary.url('atlas'), 5_000);
    await self.check();
    expect(self.status()).toMatchObject({ state: 'refused' });
    expect(self.status().reason).toMatch(/not in recovery/);
    const other = replicaOf(inject('databaseUrl'), 5_000);
    await other.check();
    expect(other.status()).toMatchObject({ state: 'refused' });
    expect(other.status().reason).toMatch(/not a replica of DATABASE_URL/);
    const app = appWith(other);
    lines = [];
    await request(app).get('/api/dashboard?province=15').set('Authorization', `Bearer ${secA}`).expect(200);
    expect(readFrom('/api/dashboard')).toEqual(['primary']);
  });

  it('the real server with DATABASE_READ_URL: /readyz reports the replica serving, and its access lines say where reads came from', { timeout: 180_000 }, async () => {
    let child: ChildProcess | undefined;
    let out = '';
    try {
      child = spawn(process.execPath, ['--import', 'tsx', 'api/src/main.ts'], {
        cwd: ROOT_DIR,
        env: {
          ...process.env,
          DATABASE_URL: primary.url('atlas'),
          DATABASE_READ_URL: standby.url('atlas'),
          DATABASE_READ_CHECK_MS: '200',
          PORT: '0',
          HOST: '127.0.0.1',
          SEED_DEMO: 'never',
          LOG_FORMAT: 'json',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
      child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
      const t0 = Date.now();
      while (!/cctv-atlas ready/.test(out)) {
        if (child.exitCode !== null) throw new Error(`server exited (${child.exitCode}):\n${out}`);
        if (Date.now() - t0 > 120_000) throw new Error(`server not ready in 120 s:\n${out}`);
        await sleep(100);
      }
      const base = `http://127.0.0.1:${/listening on http:\/\/127\.0\.0\.1:(\d+)\//.exec(out)![1]}`;
      const ready = await (await fetch(`${base}/readyz`)).json();
      expect(ready.replica.state).toBe('ok');
      const res = await fetch(`${base}/api/dashboard?province=15`, { headers: { Authorization: `Bearer ${secA}` } });
      expect(res.status).toBe(200);
      await sleep(200);
      const access = out
        .split('\n')
        .filter((l) => l.startsWith('{'))
        .map((l) => JSON.parse(l) as Record<string, unknown>)
        .filter((l) => l.msg === 'request' && l.path === '/api/dashboard');
      expect(access.map((l) => l.readFrom)).toEqual(['replica']);
    } finally {
      if (child && child.exitCode === null) {
        const exited = new Promise((r) => child!.once('exit', r));
        child.kill('SIGTERM');
        await exited;
      }
    }
    expect(out).toMatch(/database closed/);
  });
});

describe('DATABASE_READ_URL configuration', () => {
  it('needs DATABASE_URL, and names the setting that is wrong', () => {
    expect(() => loadConfig({ DATABASE_READ_URL: 'postgres://x@127.0.0.1:1/y' })).toThrow(/DATABASE_READ_URL needs DATABASE_URL/);
    expect(() => loadConfig({ DATABASE_URL: 'postgres://x@127.0.0.1:1/y', DATABASE_READ_URL: 'not a url' })).toThrow(/DATABASE_READ_URL must be a postgres:\/\/ URL/);
    expect(() => loadConfig({ DATABASE_URL: 'postgres://x@127.0.0.1:1/y', DATABASE_READ_CHECK_MS: '10' })).toThrow(/DATABASE_READ_CHECK_MS must be at least 50/);
    const c = loadConfig({ DATABASE_URL: 'postgres://x@127.0.0.1:1/y', DATABASE_READ_URL: 'postgres://x@127.0.0.1:2/y' });
    expect(c).toMatchObject({ databaseReadUrl: 'postgres://x@127.0.0.1:2/y', readMaxLagMs: 5_000, readCheckMs: 1_000 });
  });
  it('reads the write time of the cookie, and nothing else', () => {
    const req = (cookie?: string) => ({ headers: cookie === undefined ? {} : { cookie } }) as never;
    const now = 1_800_000_000_000;
    expect(wroteAt(req(`atlas_session=x; ${WROTE_COOKIE}=1799999999000`), now)).toBe(1_799_999_999_000);
    expect(wroteAt(req(`${WROTE_COOKIE}=1799999999000; atlas_session=x`), now)).toBe(1_799_999_999_000);
    expect(wroteAt(req(), now)).toBeUndefined();
    expect(wroteAt(req(`x${WROTE_COOKIE}=1799999999000`), now)).toBeUndefined();
    expect(wroteAt(req(`${WROTE_COOKIE}=17999abc`), now)).toBeUndefined();
    expect(wroteAt(req(`${WROTE_COOKIE}=${now + 3_600_000}`), now)).toBeUndefined(); // in the future: nobody's write
  });
  it('compares WAL positions as numbers', () => {
    expect(lsnValue('0/16B3748') < lsnValue('0/16B3750')).toBe(true);
    expect(lsnValue('1/0') > lsnValue('0/FFFFFFFF')).toBe(true);
    expect(() => lsnValue('nonsense')).toThrow(/not a WAL position/);
  });
});

