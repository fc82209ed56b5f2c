/**
 * The server under faults and load, in one process (docs/reliability.md): liveness and readiness,
 * the JSON log and its access lines, 503s when the database is unreachable or silent (not a hang),
 * the statement timeout (PostgreSQL), the heavy-work limiter driven deterministically by holding
 * its turns, the bbox area limit, and plan writes that commit with their audit entry or not at all.
 * Child-process tests: shutdown.int.test.ts (SIGTERM), db-restart.int.test.ts (PostgreSQL stops).
 */
import net from 'node:net';
import express from 'express';
import knexFactory from 'knex';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { consoleLogger, silentLogger, textLine } from '../src/context.js';
import { type Database, knexConfig, openDatabase } from '../src/db/connect.js';
import { readMigrations } from '../src/db/migrate.js';
import { ensureDemo } from '../src/demo/seed.js';
import { asyncHandler, errorHandler } from '../src/http/errors.js';
import { HeavyLimiter } from '../src/http/heavy.js';
import { setBboxAreaLimit } from '../src/routes/query.js';
import { tokenFor } from './auth-helpers.js';
import { adminApp, resetDomainData, testContext } from './db.js';

const ENGINE = inject('engine');
const ctx = testContext();
const knex = ctx.db.knex;
const config = (env: Record<string, string> = {}) => loadConfig({ DATA_DIR: '/tmp/cctv-atlas-test', ...env });
let token = '';

beforeAll(async () => {
  await resetDomainData(knex);
  await ensureDemo(knex, () => {});
  token = await tokenFor(knex, { username: 'rt-sec', role: 'secretariat', province: '15' });
});
afterAll(async () => {
  setBboxAreaLimit(config().bboxMaxArea);
  await knex('users').whereLike('username', 'rt-%').delete();
  await ctx.db.close();
});

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** A port on 127.0.0.1 where nothing listens (connections are refused). */
async function closedPort(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', () => r()));
  const { port } = s.address() as net.AddressInfo;
  await new Promise((r) => s.close(r));
  return port;
}

/** A TCP server that accepts connections and never says a word (a database hung or behind a dead link). */
async function silentServer(): Promise<{ port: number; close(): Promise<void> }> {
  const sockets = new Set<net.Socket>();
  const s = net.createServer((sock) => {
    sockets.add(sock);
    sock.on('error', () => {});
  });
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', () => r()));
  return {
    port: (s.address() as net.AddressInfo).port,
    close: async () => {
      for (const sock of sockets) sock.destroy();
      await new Promise((r) => s.close(r));
    },
  };
}

/** A Database whose pool points at `port` with short connect and acquire timeouts, as main.ts configures them. */
function databaseAt(port: number): Database {
  const db = knexFactory(knexConfig('postgres', `postgres://postgres@127.0.0.1:${port}/atlas`, { connectTimeoutMs: 300, acquireTimeoutMs: 1000 }));
  return { knex: db, engine: ENGINE, url: `postgres://127.0.0.1:${port}`, close: () => db.destroy() };
}

/** Waits (on the limiter's own events, not on time) until `cond` holds. */
function until(limiter: HeavyLimiter, cond: () => boolean): Promise<void> {
  if (cond()) return Promise.resolve();
  return new Promise((resolve) => {
    const check = () => {
      if (!cond()) return;
      limiter.off('change', check);
      resolve();
    };
    limiter.on('change', check);
  });
}

describe('health and readiness', () => {
  it('/healthz names the engine and PostGIS and asks the database nothing', async () => {
    const app = adminApp(ctx);
    const first = await request(app).get('/healthz').expect(200);
    expect(first.body).toMatchObject({ status: 'ok', db: ENGINE });
    expect(first.body.postgis).toMatch(/^3\.\d+/);
    let queries = 0;
    const count = () => void queries++;
    knex.on('query', count);
    try {
      for (let i = 0; i < 20; i++) expect((await request(app).get('/healthz')).status).toBe(200);
    } finally {
      knex.off('query', count);
    }
    expect(queries).toBe(0);
  });

  it('/readyz: ready with the engine, PostGIS, every migration applied and the heavy-work figures', async () => {
    const res = await request(adminApp(ctx)).get('/readyz').expect(200);
    expect(res.body).toMatchObject({ status: 'ready', db: ENGINE, migrations: readMigrations().length, heavy: { running: 0, queued: 0, concurrency: ENGINE === 'embedded' ? 1 : 2, queue: 20 } });
    expect(res.body.postgis).toMatch(/^3\.\d+/);
  });

  it('/readyz: 503 naming a migration not applied, and 503 "stopping" once the server shuts down', async () => {
    const app = createApp(ctx);
    const last = readMigrations().at(-1)!;
    const row = await knex('schema_migrations').where('version', last.version).first();
    await knex('schema_migrations').where('version', last.version).delete();
    try {
      const res = await request(app).get('/readyz').expect(503);
      expect(res.body).toMatchObject({ status: 'unavailable', code: 'migrations_pending' });
      expect(res.body.reason).toContain(last.version);
      expect(res.headers['retry-after']).toBeDefined();
    } finally {
      await knex('schema_migrations').insert(row);
    }
    await request(app).get('/readyz').expect(200);
    (app.locals.health as { stopping: boolean }).stopping = true;
    expect((await request(app).get('/readyz').expect(503)).body).toMatchObject({ status: 'stopping' });
    // Liveness is another question: the process still answers.
    await request(app).get('/healthz').expect(200);
  });

  it('database refusing connections: /healthz 200, /readyz and API requests 503 database_unavailable with Retry-After, at once', async () => {
    const db = databaseAt(await closedPort());
    const app = createApp({ db, config: config(), log: silentLogger });
    try {
      const t0 = Date.now();
      const live = await request(app).get('/healthz').expect(200);
      expect(live.body).toMatchObject({ status: 'ok', postgis: 'unknown' });
      const ready = await request(app).get('/readyz').expect(503);
      expect(ready.body).toMatchObject({ status: 'unavailable', code: 'database_unavailable' });
      for (const path of ['/api/cameras', '/ogc/collections/cameras/items', '/api/analysis/risk-points']) {
        const res = await request(app).get(path).set('Authorization', `Bearer ${token}`);
        expect(res.status, path).toBe(503);
        expect(res.body.errors[0].code).toBe('database_unavailable');
        expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
      }
      const login = await request(app).post('/api/auth/login').send({ username: 'rt-sec', password: 'whatever it is' });
      expect(login.status).toBe(503);
      // Bounded by the connect and acquire timeouts (300 ms, 1 s), not by a client's patience.
      expect(Date.now() - t0).toBeLessThan(15_000);
    } finally {
      await db.close();
    }
  });

  it('database accepting connections but silent: 503 within the connect timeout, /readyz within READY_TIMEOUT_MS', async () => {
    const silent = await silentServer();
    const db = databaseAt(silent.port);
    const app = createApp({ db, config: config({ READY_TIMEOUT_MS: '200' }), log: silentLogger });
    try {
      const ready = await request(app).get('/readyz').expect(503);
      expect(ready.body.code).toMatch(/^database_(timeout|unavailable)$/);
      const t0 = Date.now();
      const res = await request(app).get('/api/cameras').set('Authorization', `Bearer ${token}`);
      expect(res.status).toBe(503);
      expect(res.body.errors[0].code).toBe('database_unavailable');
      expect(Date.now() - t0).toBeLessThan(15_000);
    } finally {
      await db.close();
      await silent.close();
    }
  });
});

describe('the log', () => {
  it('is one JSON object per line; each request has an access line without query values, headers or tokens', async () => {
    const lines: string[] = [];
    const log = consoleLogger('debug', 'json', { write: (l) => lines.push(l) });
    const app = createApp({ ...ctx, log });
    const phone = '0812345678';
    const res = await request(app).get(`/api/cameras?phone=${phone}&limit=1&place_name=%E0%B8%A7%E0%B8%B1%E0%B8%94`).set('Authorization', `Bearer ${token}`);
    expect(res.status).toBe(400); // phone is not a filter of the list; the line is written all the same
    await request(app).get('/api/cameras?limit=1').set('Authorization', `Bearer ${token}`).set('X-Request-Id', 'rt-trace-1').expect(200);
    await request(app).get('/api/cameras').expect(401);
    await request(app).get('/healthz').expect(200);
    await request(app).post('/api/auth/login').send({ username: 'rt-sec', password: 'a wrong password 42' }).expect(401);

    const records = lines.map((l) => JSON.parse(l) as Json);
    for (const r of records) {
      expect(typeof r.time).toBe('string');
      expect(['debug', 'info', 'warn', 'error']).toContain(r.level);
      expect(typeof r.msg).toBe('string');
    }
    const access = records.filter((r) => r.msg === 'request');
    expect(access.map((r) => `${r.method} ${r.path} ${r.status}`)).toEqual([
      'GET /api/cameras 400',
      'GET /api/cameras 200',
      'GET /api/cameras 401',
      'GET /healthz 200',
      'POST /api/auth/login 401',
    ]);
    expect(access[0]).toMatchObject({ level: 'info', query: 'limit,phone,place_name', user: 'rt-sec' });
    expect(access[0]!.requestId).toBe(res.headers['x-request-id']);
    expect(access[1]).toMatchObject({ query: 'limit', user: 'rt-sec', requestId: 'rt-trace-1' });
    expect(typeof access[1]!.ms).toBe('number');
    expect(access[2]).toMatchObject({ user: 'anonymous' });
    expect(access[3]).toMatchObject({ level: 'debug' }); // probes are chatter
    // Lines written inside a request carry its id (the refused login's warning).
    const refused = records.find((r) => r.msg === 'login refused');
    expect(refused?.requestId).toBe(access[4]!.requestId);

    const all = lines.join('\n');
    for (const secret of [phone, 'วัด', '%E0%B8%A7', token, 'a wrong password 42']) expect(all, `the log holds "${secret}"`).not.toContain(secret);
  });

  it('masks secret-named fields whatever a caller passes; the text format keeps one record per line', () => {
    const lines: string[] = [];
    const log = consoleLogger('info', 'json', { write: (l) => lines.push(l) });
    log.info('x', { password: 'p1', nested: { authorization: 'Bearer t', cookie: 'c', count: 3 }, msg: 'mine' });
    log.debug?.('not shown at info');
    expect(lines).toHaveLength(1);
    const r = JSON.parse(lines[0]!);
    expect(r).toMatchObject({ msg: 'x', password: '[redacted]', nested: { authorization: '[redacted]', cookie: '[redacted]', count: 3 }, 'field.msg': 'mine' });
    const text = textLine('warn', 'line\nbreak', { user: 'a b', n: 1 });
    expect(text).not.toContain('\n');
    expect(text).toMatch(/ warn  line break user="a b" n=1$/);
  });
});

describe('statement timeout', () => {
  it.skipIf(ENGINE !== 'postgres')('PostgreSQL stops a statement over STATEMENT_TIMEOUT_MS; the API answers 504 query_timeout, not 500', async () => {
    const db = await openDatabase({ databaseUrl: inject('databaseUrl'), statementTimeoutMs: 300, poolMax: 2 });
    try {
      expect((await db.knex.raw('show statement_timeout')).rows[0].statement_timeout).toBe('300ms');
      const app = express();
      app.get('/slow', asyncHandler(async (_req, res) => res.json((await db.knex.raw('select pg_sleep(3)')).rows)));
      app.use(errorHandler(() => {}));
      const res = await request(app).get('/slow');
      expect(res.status).toBe(504);
      expect(res.body.errors[0].code).toBe('query_timeout');
      // The connection is fine afterwards, and configure() gives new connections a new limit.
      await db.configure!({ statementTimeoutMs: 5000 });
      expect((await db.knex.raw('show statement_timeout')).rows[0].statement_timeout).toBe('5s');
    } finally {
      await db.close();
    }
  });
  // The embedded engine runs inside this process's one thread: PGlite accepts the setting but has no
  // timer to interrupt a statement (docs/reliability.md, "Limits").
});

describe('heavy work limiter', () => {
  const HEAVY: [string, string, object?][] = [
    ['get', '/api/analysis/risk-points?province=15'],
    ['get', '/api/analysis/risk-routes?province=15'],
    ['get', '/api/analysis/repair-values?province=15'],
    ['get', '/api/analysis/camera-views?province=15&limit=5'],
    ['get', '/api/analysis/density?province=15'],
    ['post', '/api/plans/rank', { province: '15', budget: 100_000 }],
    ['post', '/api/plans', { name: 'rt', province: '15', budget: 100_000 }],
    ['get', '/api/plans/1/export'],
    ['get', '/api/export/cameras.csv?province=15'],
    ['get', '/api/export/forms/survey.xlsx?province=15'],
    ['get', '/api/export/forms/lao-survey.xlsx?province=15'],
  ];
  const LIGHT = ['/api/cameras?limit=1', '/api/map/config', '/api/plans', '/ogc/collections/cameras/items?limit=1', '/api/dashboard?province=15'];
  const send = (app: express.Express, [method, path, body]: [string, string, object?]) =>
    method === 'post' ? request(app).post(path).send(body ?? {}) : request(app).get(path);

  it('every heavy route waits for a turn (503 busy with no queue); light routes answer meanwhile', async () => {
    const heavy = new HeavyLimiter({ concurrency: 1, queue: 0, queueTimeoutMs: 0 });
    const app = adminApp({ ...ctx, heavy });
    const release = await heavy.acquire();
    try {
      for (const route of HEAVY) {
        const res = await send(app, route);
        expect(res.status, `${route[0]} ${route[1]}: ${res.text.slice(0, 200)}`).toBe(503);
        expect(res.body.errors[0].code).toBe('busy');
        expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
      }
      for (const path of LIGHT) expect((await request(app).get(path)).status, path).toBe(200);
    } finally {
      release();
    }
    expect(heavy.stats()).toMatchObject({ running: 0, queued: 0 });
    // With the turn free, the same request runs.
    expect((await send(app, HEAVY[0]!)).status).toBe(200);
  });

  it('queues up to HEAVY_QUEUE in order, refuses beyond, and runs the queued ones as turns come free', async () => {
    const heavy = new HeavyLimiter({ concurrency: 1, queue: 1, queueTimeoutMs: 0 });
    const app = adminApp({ ...ctx, heavy });
    const release = await heavy.acquire();
    const waiting = send(app, HEAVY[0]!).then((r) => r);
    await until(heavy, () => heavy.queued === 1);
    // The queue is full: the next heavy request is refused at once; light ones still answer.
    const refused = await send(app, HEAVY[1]!);
    expect(refused.status).toBe(503);
    expect(refused.body.errors[0].message).toMatch(/1 running, 1 waiting/);
    expect((await request(app).get('/api/cameras?limit=1')).status).toBe(200);
    expect(heavy.stats()).toMatchObject({ running: 1, queued: 1 });
    release();
    const done = await waiting;
    expect(done.status).toBe(200);
    expect(done.body.points.length).toBeGreaterThan(0);
    await until(heavy, () => heavy.running === 0);
  });

  it('never runs more than HEAVY_CONCURRENCY at once when many arrive together', async () => {
    const heavy = new HeavyLimiter({ concurrency: 2, queue: 10, queueTimeoutMs: 0 });
    const app = adminApp({ ...ctx, heavy });
    let most = 0;
    heavy.on('change', () => (most = Math.max(most, heavy.running)));
    const answers = await Promise.all(Array.from({ length: 6 }, (_, i) => send(app, HEAVY[i % 5]!)));
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200, 200, 200]);
    expect(most).toBe(2);
  });

  it('a request that waits longer than HEAVY_QUEUE_TIMEOUT_MS gets 503; one whose client leaves gives its place up', async () => {
    const heavy = new HeavyLimiter({ concurrency: 1, queue: 5, queueTimeoutMs: 200 });
    const app = adminApp({ ...ctx, heavy });
    const release = await heavy.acquire();
    try {
      const late = await send(app, HEAVY[0]!);
      expect(late.status).toBe(503);
      expect(late.body.errors[0].message).toMatch(/HEAVY_QUEUE_TIMEOUT_MS/);
      expect(heavy.queued).toBe(0);

      const patient = new HeavyLimiter({ concurrency: 1, queue: 5, queueTimeoutMs: 0 });
      const app2 = adminApp({ ...ctx, heavy: patient });
      const hold = await patient.acquire();
      const server = app2.listen(0, '127.0.0.1');
      await new Promise((r) => server.once('listening', r));
      try {
        const { port } = server.address() as net.AddressInfo;
        const ac = new AbortController();
        const gone = fetch(`http://127.0.0.1:${port}${HEAVY[0]![1]}`, { signal: ac.signal }).catch((e: Error) => e);
        await until(patient, () => patient.queued === 1);
        ac.abort();
        await gone;
        await until(patient, () => patient.queued === 0);
        hold();
        expect(patient.stats()).toMatchObject({ running: 0, queued: 0 }); // the request that left never ran
      } finally {
        server.close();
      }
    } finally {
      release();
    }
  });
});

describe('bbox area limit', () => {
  it('refuses a box larger than BBOX_MAX_AREA_DEG2 (400 bbox_too_large) on the REST, analysis, export and OGC APIs', async () => {
    const app = adminApp(ctx);
    const world = '-180,-90,180,90';
    for (const path of [`/api/cameras?bbox=${world}`, `/api/analysis/risk-points?bbox=${world}`, `/api/map/boundaries/subdistrict.geojson?bbox=${world}`, `/api/export/cameras.csv?bbox=${world}`]) {
      const res = await request(app).get(path);
      expect(res.status, path).toBe(400);
      expect(res.body.errors[0]).toMatchObject({ field: 'bbox', code: 'bbox_too_large' });
      expect(res.body.errors[0].message).toMatch(/64800 square degrees; at most 1000/);
    }
    const ogc = await request(app).get(`/ogc/collections/cameras/items?bbox=${world}`);
    expect(ogc.status).toBe(400);
    expect(ogc.body.errors[0]).toMatchObject({ field: 'bbox', code: 'bbox_too_large' });
    // All of Thailand fits, and so does a box across the antimeridian of 81 × 1 degrees.
    expect((await request(app).get('/api/cameras?bbox=97,5,106,21&limit=1')).status).toBe(200);
    expect((await request(app).get('/ogc/collections/cameras/items?bbox=97,5,106,21&limit=1')).status).toBe(200);
    expect((await request(app).get('/ogc/collections/cameras/items?bbox=100,14,-179,15&limit=1')).status).toBe(200);
    // The setting: 10 square degrees refuses Thailand; 0 takes any box.
    expect((await request(adminApp(ctx, { bboxMaxArea: 10 })).get('/api/cameras?bbox=97,5,106,21')).status).toBe(400);
    expect((await request(adminApp(ctx, { bboxMaxArea: 0 })).get(`/api/cameras?bbox=${world}&limit=1`)).status).toBe(200);
  });
});

describe('plan writes and their audit entries commit together', () => {
  const app = () => adminApp(ctx);
  /** Everything a plan write could touch. */
  const state = async (id: number) => {
    const { rows } = await knex.raw(
      `select (select row_to_json(p) from (select name, status, version, notes, approved_at from plans where id = ?) p) plan,
              (select string_agg(candidate || '=' || coalesce(priority::text, '-'), ',' order by candidate) from plan_items where plan_id = ?) items,
              (select count(*) from plan_overrides where plan_id = ?)::int overrides,
              (select string_agg(id || ':' || status || ':' || coalesce(priority::text, '-'), ',' order by id) from planned_sites) sites,
              (select count(*) from plans)::int plans,
              (select count(*) from audit_log where entity = 'plans')::int audits`,
      [id, id, id],
    );
    return rows[0] as Json;
  };
  const failAudits = () =>
    knex.raw(`create or replace function rt_refuse_plan_audit() returns trigger language plpgsql as $$ begin raise exception 'audit refused (test)'; end $$;
              create trigger rt_refuse_plan_audit before insert on audit_log for each row when (new.entity = 'plans') execute function rt_refuse_plan_audit();`);
  const allowAudits = () => knex.raw('drop trigger if exists rt_refuse_plan_audit on audit_log; drop function if exists rt_refuse_plan_audit()');

  it('a failing audit insert leaves the plan as it was: create, change, approve and delete', async () => {
    const plan = (await request(app()).post('/api/plans').send({ name: 'แผนทดสอบธุรกรรม', province: '15', budget: 3_000_000, method: 'greedy' }).expect(201)).body as Json;
    expect(plan.items.length).toBeGreaterThan(1);
    const before = await state(plan.id);
    expect(before.audits).toBeGreaterThan(0);
    const last = plan.items.at(-1).candidate as string;
    await failAudits();
    try {
      const create = await request(app()).post('/api/plans').send({ name: 'ไม่ควรถูกบันทึก', province: '15', budget: 3_000_000, method: 'greedy' });
      expect(create.status, create.text).toBe(500);
      const patch = await request(app()).patch(`/api/plans/${plan.id}`).send({ version: plan.version, name: 'เปลี่ยนชื่อ', priorities: [{ candidate: last, priority: 1, reason: 'ทดสอบ' }] });
      expect(patch.status).toBe(500);
      expect((await request(app()).post(`/api/plans/${plan.id}/approve`).send({})).status).toBe(500);
      expect((await request(app()).delete(`/api/plans/${plan.id}`)).status).toBe(500);
      expect(await state(plan.id)).toEqual(before);
    } finally {
      await allowAudits();
    }
    // Without the fault the same change goes through, with exactly one entry whose "before" is the old version.
    const patched = await request(app()).patch(`/api/plans/${plan.id}`).send({ version: plan.version, name: 'เปลี่ยนชื่อ', priorities: [{ candidate: last, priority: 1, reason: 'ทดสอบ' }] }).expect(200);
    expect(patched.body.version).toBe(plan.version + 1);
    const after = await state(plan.id);
    expect(after.audits).toBe(before.audits + 1);
    const entry = await knex('audit_log').where({ entity: 'plans', entity_id: plan.id, action: 'update' }).orderBy('id', 'desc').first();
    expect(entry.request_id).toBe(patched.headers['x-request-id']);
    expect(entry.before.version).toBe(plan.version);
    expect(entry.after.version).toBe(plan.version + 1);
    await request(app()).post(`/api/plans/${plan.id}/approve`).send({}).expect(200);
    expect((await state(plan.id)).audits).toBe(before.audits + 2);
  });
});
