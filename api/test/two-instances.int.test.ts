/**
 * Two API processes sharing one database, as behind a load balancer (docs/scaling.md, "Several
 * instances"): the real server (api/src/main.ts) started twice as child processes, each with its
 * own connection pool and its own memory, on the test database. Whatever one instance knows, the
 * other must know through the database alone:
 *   - a session made by logging in on A works on B (reads, and writes with A's CSRF token);
 *   - logging out on A ends the session on B;
 *   - an API token made on A works on B, and revoked on B no longer works on A;
 *   - failed logins count across both (the lockout is reached with failures spread over A and B,
 *     from two client addresses) and the lock holds on both;
 *   - a camera written on A is read on B, changed on B and read back changed on A;
 *   - a certification submitted on A is seen on B, and B cannot submit it again (409).
 * PostgreSQL only: the embedded database is served to one connection of one process, so two
 * instances cannot share it.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { AUTH_LIMITS } from '../src/auth/store.js';
import { ROOT_DIR } from '../src/config.js';
import { TEST_PASSWORD, userWithPassword } from './auth-helpers.js';
import { resetDomainData, testContext } from './db.js';
import { freePort } from './pg-cluster.js';

const ON_POSTGRES = inject('engine') === 'postgres';
const PREFIX = 'two-inst-';
const ANG_THONG = [100.4555, 14.5896]; // the provincial hall of Ang Thong (province 15)

interface Instance {
  name: string;
  url: string;
  child: ChildProcess;
  output: () => string;
}

/** Starts api/src/main.ts on the test database on a port of its own; resolves once /healthz answers 200. */
async function startInstance(name: string, dataDir: string): Promise<Instance> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT_DIR, 'api', 'src', 'main.ts')], {
    cwd: ROOT_DIR,
    env: { ...process.env, DATABASE_URL: inject('databaseUrl'), SEED_DEMO: 'never', PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const url = `http://127.0.0.1:${port}`;
  const t0 = Date.now();
  while (Date.now() - t0 < 120_000) {
    if (child.exitCode !== null) throw new Error(`instance ${name} exited with ${child.exitCode}:\n${out}`);
    const res = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(5000) }).catch(() => undefined);
    if (res?.status === 200) return { name, url, child, output: () => out };
    await new Promise((r) => setTimeout(r, 250));
  }
  child.kill('SIGKILL');
  throw new Error(`instance ${name} not ready in 120 s:\n${out}`);
}

async function stopInstance(i: Instance): Promise<void> {
  if (i.child.exitCode !== null) return;
  const exited = new Promise<void>((r) => i.child.once('exit', () => r()));
  i.child.kill('SIGTERM');
  const t = setTimeout(() => i.child.kill('SIGKILL'), 15_000);
  await exited;
  clearTimeout(t);
}

interface Call {
  method?: string;
  body?: unknown;
  cookie?: string;
  csrf?: string;
  token?: string;
  ip?: string;
  requestId?: string;
}
async function call(i: Instance, urlPath: string, c: Call = {}): Promise<{ status: number; body: any; setCookie: string[] }> {
  const headers: Record<string, string> = {};
  if (c.body !== undefined) headers['Content-Type'] = 'application/json';
  if (c.cookie) headers.Cookie = c.cookie;
  if (c.csrf) headers['X-CSRF-Token'] = c.csrf;
  if (c.token) headers.Authorization = `Bearer ${c.token}`;
  // The servers trust X-Forwarded-For from loopback: each test gets client addresses of its own.
  if (c.ip) headers['X-Forwarded-For'] = c.ip;
  if (c.requestId) headers['X-Request-Id'] = c.requestId;
  const res = await fetch(`${i.url}${urlPath}`, { method: c.method ?? 'GET', headers, body: c.body === undefined ? undefined : JSON.stringify(c.body) });
  const text = await res.text();
  let body: any = text;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    // not JSON
  }
  return { status: res.status, body, setCookie: res.headers.getSetCookie() };
}

async function logIn(i: Instance, username: string, password: string, ip: string) {
  const res = await call(i, '/api/auth/login', { method: 'POST', body: { username, password }, ip });
  const cookie = res.setCookie.find((c) => c.startsWith('atlas_session='))?.split(';')[0];
  return { ...res, cookie, csrf: res.body?.csrfToken as string | undefined };
}

// A TEST-NET-3 address per call site, different on every run (the per-address limit is shared with other test files).
let ipSeq = Math.floor(Math.random() * 200);
const nextIp = () => `203.0.113.${(ipSeq++ % 250) + 1}`;

describe.skipIf(!ON_POSTGRES)('two API instances on one database (PostgreSQL only: the embedded database serves one connection of one process)', () => {
  const ctx = testContext();
  const knex = ctx.db.knex;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'atlas-two-inst-'));
  let a: Instance;
  let b: Instance;
  let secToken = '';

  beforeAll(async () => {
    await resetDomainData(knex);
    await knex('users').whereLike('username', `${PREFIX}%`).delete();
    // Failed logins outlive accounts (they are counted per name): none left from an earlier run.
    await knex('login_failures').whereLike('username', `${PREFIX}%`).orWhereLike('ip', '203.0.113.%').delete();
    // Accounts first: with users present neither instance makes a first-run admin.
    await userWithPassword(knex, { username: `${PREFIX}sec`, role: 'secretariat', province: '15' });
    await userWithPassword(knex, { username: `${PREFIX}lock`, role: 'committee', province: '15' });
    [a, b] = await Promise.all([startInstance('A', dataDir), startInstance('B', dataDir)]);
    const s = await logIn(a, `${PREFIX}sec`, TEST_PASSWORD, nextIp());
    expect(s.status, JSON.stringify(s.body)).toBe(200);
    const t = await call(a, '/api/tokens', { method: 'POST', body: { name: 'two instances' }, cookie: s.cookie, csrf: s.csrf });
    expect(t.status, JSON.stringify(t.body)).toBe(201);
    secToken = t.body.token;
  }, 180_000);

  afterAll(async () => {
    await Promise.all([a, b].filter(Boolean).map(stopInstance));
    await knex('certifications').where('province_code', '15').delete();
    await knex('users').whereLike('username', `${PREFIX}%`).delete();
    await knex('login_failures').whereLike('username', `${PREFIX}%`).orWhereLike('ip', '203.0.113.%').delete();
    await ctx.db.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('are two processes serving the same database', async () => {
    expect(a.child.pid).not.toBe(b.child.pid);
    for (const i of [a, b]) {
      const h = await call(i, '/healthz');
      expect(h.status).toBe(200);
      expect(h.body.db).toBe('postgres');
    }
  });

  it('a session made on A works on B, for reads and (with its CSRF token) writes', async () => {
    const s = await logIn(a, `${PREFIX}sec`, TEST_PASSWORD, nextIp());
    expect(s.status).toBe(200);
    expect(s.cookie).toBeTruthy();
    const me = await call(b, '/api/auth/me', { cookie: s.cookie });
    expect(me.status).toBe(200);
    expect(me.body.user.username).toBe(`${PREFIX}sec`);
    expect(me.body.csrfToken).toBe(s.csrf);
    // A cookie write on B needs the CSRF token A handed out; without it B refuses.
    const body = { place_name: 'two-inst session write', status: 'working', geometry: { type: 'Point', coordinates: ANG_THONG } };
    expect((await call(b, '/api/cameras', { method: 'POST', body, cookie: s.cookie })).status).toBe(403);
    const created = await call(b, '/api/cameras', { method: 'POST', body, cookie: s.cookie, csrf: s.csrf });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body.province_code).toBe('15');
  });

  it('logging out on A ends the session on B', async () => {
    const s = await logIn(a, `${PREFIX}sec`, TEST_PASSWORD, nextIp());
    expect((await call(b, '/api/auth/me', { cookie: s.cookie })).status).toBe(200);
    expect((await call(a, '/api/auth/logout', { method: 'POST', cookie: s.cookie, csrf: s.csrf })).status).toBe(204);
    expect((await call(b, '/api/auth/me', { cookie: s.cookie })).status).toBe(401);
    expect((await call(b, '/api/cameras?limit=1', { cookie: s.cookie })).status).toBe(401);
    expect((await call(a, '/api/auth/me', { cookie: s.cookie })).status).toBe(401);
  });

  it('an API token made on A works on B; revoked on B, it no longer works on A', async () => {
    const s = await logIn(a, `${PREFIX}sec`, TEST_PASSWORD, nextIp());
    const t = await call(a, '/api/tokens', { method: 'POST', body: { name: 'revoke me' }, cookie: s.cookie, csrf: s.csrf });
    expect(t.status).toBe(201);
    expect((await call(b, '/api/cameras?limit=1', { token: t.body.token })).status).toBe(200);
    expect((await call(a, '/api/cameras?limit=1', { token: t.body.token })).status).toBe(200);
    const s2 = await logIn(b, `${PREFIX}sec`, TEST_PASSWORD, nextIp());
    expect((await call(b, `/api/tokens/${t.body.id}`, { method: 'DELETE', cookie: s2.cookie, csrf: s2.csrf })).status).toBe(204);
    expect((await call(a, '/api/cameras?limit=1', { token: t.body.token })).status).toBe(401);
    expect((await call(b, '/api/cameras?limit=1', { token: t.body.token })).status).toBe(401);
  });

  it('failed logins count across both instances: the lockout is reached with failures spread over A and B', async () => {
    const user = `${PREFIX}lock`;
    const limit = AUTH_LIMITS.perUsername;
    expect(limit).toBeGreaterThanOrEqual(2);
    const [ipA, ipB] = [nextIp(), nextIp()];
    // limit − 1 failures, alternating between the instances and two client addresses: not locked yet.
    for (let k = 0; k < limit - 1; k++) {
      const res = await logIn(k % 2 ? b : a, user, 'wrong password!!', k % 2 ? ipB : ipA);
      expect(res.status, JSON.stringify(res.body)).toBe(401);
    }
    // Neither instance alone has seen limit − 1 failures; together they have.
    const ok = await logIn(b, user, TEST_PASSWORD, ipB);
    expect(ok.status, 'one below the limit the right password still logs in (and clears the count)').toBe(200);
    for (let k = 0; k < limit; k++) {
      const res = await logIn(k % 2 ? b : a, user, 'wrong password!!', k % 2 ? ipB : ipA);
      expect(res.status).toBe(401);
    }
    // `limit` failures, split over A and B: locked on both, even with the right password and a new address.
    for (const i of [a, b]) {
      const res = await logIn(i, user, TEST_PASSWORD, nextIp());
      expect(res.status, `${i.name}: ${JSON.stringify(res.body)}`).toBe(429);
      expect(res.body.errors[0].code).toBe('too_many_attempts');
    }
  });

  it('a camera written on A is read on B, changed on B and read changed on A', async () => {
    const run = `two-inst-${Date.now().toString(36)}`;
    const created = await call(a, '/api/cameras', {
      method: 'POST',
      token: secToken,
      requestId: `${run}-A`,
      body: { place_name: 'two-inst camera', status: 'working', geometry: { type: 'Point', coordinates: ANG_THONG } },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const id = created.body.id as number;
    const onB = await call(b, `/api/cameras/${id}`, { token: secToken });
    expect(onB.status).toBe(200);
    expect(onB.body).toMatchObject({ id, place_name: 'two-inst camera', status: 'working', province_code: '15' });
    const changed = await call(b, `/api/cameras/${id}`, { method: 'PATCH', token: secToken, requestId: `${run}-B`, body: { status: 'under_repair', place_name: 'two-inst camera (B)' } });
    expect(changed.status, JSON.stringify(changed.body)).toBe(200);
    const onA = await call(a, `/api/cameras/${id}`, { token: secToken });
    expect(onA.body).toMatchObject({ id, place_name: 'two-inst camera (B)', status: 'under_repair' });
    expect(onA.body.version).toBe(created.body.version + 1);
    // The list and the OGC items on A see it too.
    const list = await call(a, `/api/cameras?limit=10000`, { token: secToken });
    expect((list.body.items as { id: number }[]).some((c) => c.id === id)).toBe(true);
    const ogc = await call(a, `/ogc/collections/cameras/items/${id}`, { token: secToken });
    expect(ogc.status).toBe(200);
    expect(ogc.body.properties.status).toBe('under_repair');
    // Both writes are in the audit log, each under the request id it was sent to its instance with.
    const audit = await knex('audit_log').whereLike('request_id', `${run}-%`).orderBy('id').select('action', 'entity', 'entity_id', 'request_id');
    expect(audit).toEqual([
      { action: 'create', entity: 'cameras', entity_id: id, request_id: `${run}-A` },
      { action: 'update', entity: 'cameras', entity_id: id, request_id: `${run}-B` },
    ]);
  });

  it('a certification submitted on A is seen on B, and B cannot submit it again', async () => {
    await knex('certifications').where('province_code', '15').delete();
    const sub = await call(a, '/api/certification/15/submit', { method: 'POST', token: secToken, body: { note: 'from A' } });
    expect(sub.status, JSON.stringify(sub.body)).toBe(201);
    const detail = await call(b, '/api/certification/15', { token: secToken });
    expect(detail.status).toBe(200);
    expect(detail.body.status.status).toBe('submitted');
    expect(detail.body.open_submission).toMatchObject({ id: sub.body.id, status: 'submitted', submit_note: 'from A' });
    const again = await call(b, '/api/certification/15/submit', { method: 'POST', token: secToken, body: { note: 'from B' } });
    expect(again.status).toBe(409);
  });
});
