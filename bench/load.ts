/**
 * Load, faults and national scale (issue 8; docs/reliability.md "Load", docs/scaling.md). Three
 * bench entries, run with `npm run bench -- load`, `-- fault`, `-- national`:
 *
 * load (on the configured engine: DATABASE_URL, or a temporary embedded database)
 *   Data: the Ang Thong demo (province 15) topped up with synthetic cameras around its subdistricts
 *   to BENCH_LOAD_CAMERAS (default 20,000: a large province; external ids bench-load-seed-<n>).
 *   Accounts: a secretariat, a police and a committee account of province 15 with API tokens.
 *   The server: createApp on the database, listening on 127.0.0.1 in this process; the load comes
 *   from a worker thread (its own event loop: the generator does not steal the server's) over
 *   keep-alive HTTP. Open loop: request i is sent at t0 + i / rate whatever the answers (a slow
 *   server does not slow the schedule), and its latency runs from that scheduled time, so a
 *   backlog shows as latency instead of being hidden ("coordinated omission").
 *   The mix (weights of 100), every request as one of the three accounts:
 *     35 OGC items by bbox   GET /ogc/collections/cameras/items?bbox=<~2 × 2 km box in the province>&limit=100
 *     10 camera by id        GET /api/cameras/<id>
 *     10 dashboard           GET /api/dashboard?province=15
 *      5 map cameras         GET /api/map/cameras?province=15 (binary columns of every camera)
 *      5 coverage analysis   GET /api/analysis/risk-points?province=15
 *      5 density analysis    GET /api/analysis/density?level=district&province=15&geometry=false
 *     25 camera edit         PATCH /api/cameras/<id> {other_details} (secretariat)
 *      5 camera create       POST /api/cameras (secretariat; external id bench-load-w-…)
 *   Baseline: GET /healthz alone (one `select postgis_lib_version()`: the HTTP stack, the pool and
 *   a round trip to the database) at the same rates, in the same run, the order alternating per step.
 *   Steps: BENCH_LOAD_RATES (default 5, 7, 10, 14, 20, … × √2 … 1280 req/s, up to BENCH_LOAD_MAX_RATE), each
 *   BENCH_LOAD_STEP_S seconds (default 10) after a 3 s warm-up at the first rate. A side stops
 *   climbing after a step with an error (anything but 2xx, a timeout of BENCH_LOAD_TIMEOUT_S = 10 s,
 *   or more than BENCH_LOAD_MAX_IN_FLIGHT = 512 requests waiting), with throughput below 90 % of
 *   the offered rate, or with p99 above BENCH_LOAD_P99_LIMIT_MS (default 5000).
 *   Printed: p50/p95/p99 latency, throughput and errors per step (mixed / healthz), the highest
 *   rate with zero errors, and per request kind on stderr. Cameras written are deleted at the end
 *   (BENCH_KEEP=1 keeps the seeded ones for the next run).
 *
 * fault (a throwaway PostgreSQL cluster of its own: api/test/pg-cluster.ts; not the configured engine)
 *   The demo on a new cluster, the server in this process on it, then BENCH_FAULT_S (default 40 s)
 *   of the mix with half writes at BENCH_FAULT_RATE (default 40 req/s); 10 s in, PostgreSQL is
 *   stopped, stays down BENCH_FAULT_DOWN_S (default 5 s) and starts again — once with a fast
 *   shutdown (`pg_ctl stop -m fast`), once as a crash (`-m immediate`: WAL recovery at start).
 *   Counted: failed requests before, during and after the outage, by answer; how long after the
 *   database is back the first request succeeds and the last one fails. Then: every write answered
 *   2xx must be in the database (its X-Request-Id in the audit log, written in the same
 *   transaction; a created camera's row) — "lost" is any that is not. Writes that failed but were
 *   committed anyway are counted too (a client that retries them must not duplicate them).
 *
 * national (the configured engine; use a database of its own)
 *   BENCH_NATIONAL_ROWS synthetic cameras (default 1,000,000 on a server, 200,000 embedded) spread
 *   over the 77 provinces around every subdistrict (Bangkok and the Mueang districts weigh more),
 *   loaded by COPY through the area trigger (external ids bench-national-<n>; kept with BENCH_KEEP=1),
 *   2,000 risk points and 300 risk routes in the largest province; then, as a national admin over
 *   HTTP, each the median of BENCH_RUNS after one warm-up: OGC items by bbox at city size
 *   (0.1° ≈ 11 km) and province size (the largest province's box, 10,000 a page), the dashboard
 *   national and for one province, the map's cameras of one province and of the whole country,
 *   the coverage of one province's risk points, the certification submit of the largest province,
 *   and the database's size. Ours: the largest province (or the nation); baseline: the same
 *   request for Ang Thong (the demo, ~1 % of the data) — the ratio says how the cost grows with size.
 */
import { Worker } from 'node:worker_threads';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import type { Knex } from 'knex';
import { createApp } from '../api/src/app.js';
import { createToken, createUser } from '../api/src/auth/store.js';
import type { NewUser } from '../api/src/auth/store.js';
import { loadConfig } from '../api/src/config.js';
import { silentLogger } from '../api/src/context.js';
import { bootstrapDatabase } from '../api/src/db/bootstrap.js';
import type { Database } from '../api/src/db/connect.js';
import { ensureDemo } from '../api/src/demo/seed.js';
import { Rng } from '../api/src/demo/random.js';
import type { Anchor } from '../api/src/demo/synthetic.js';
import type { Result, alternate as Alternate, median as Median } from './run.js';

export interface LoadTools {
  alternate: typeof Alternate;
  median: typeof Median;
  /** Seeds `count` synthetic cameras by COPY into `db` around `anchors`, external ids `<prefix>-<n>` (then vacuum analyze). */
  seed: (db: Database, count: number, prefix: string, anchors: readonly Anchor[]) => Promise<void>;
  /** The database goes away after the run (nothing to delete). */
  temporary: boolean;
}

const env = (name: string, fallback: number) => (process.env[name] ? Number(process.env[name]) : fallback);
const PROVINCE = '15';
const seconds = (t0: number) => (performance.now() - t0) / 1000;
const loadavg = () => os.loadavg().map((l) => l.toFixed(2)).join(' ');

// ---------------------------------------------------------------------------------------------
// The load generator: a worker thread with its own event loop, plain JavaScript (node:http only).

/** One request of the mix. `#N#` in the path or body is replaced by the request's sequence number. */
export interface RequestSpec {
  kind: string;
  method: 'GET' | 'POST' | 'PATCH';
  path: string;
  headers: Record<string, string>;
  body?: string;
  /** Keep the answer's id (writes, to check afterwards). */
  write?: boolean;
}

export interface RunOptions {
  rate: number;
  durationMs: number;
  timeoutMs?: number;
  maxInFlight?: number;
  /** Request ids are `<runId>-<seq>`. */
  runId: string;
  /** The first sequence number (spec = specs[seq % specs.length]). */
  startSeq: number;
}

export interface RunResult {
  n: number;
  /** performance.timeOrigin + t0 of the worker: the epoch (ms) of the schedule's start. */
  t0Epoch: number;
  /** Index into `kinds` per request. */
  kind: Uint8Array;
  /** HTTP status per request; 0 = no answer (connection error, timeout), -1 = not sent (too many waiting). */
  status: Int16Array;
  /** ms from the scheduled send to the end of the answer (or the failure). */
  latency: Float64Array;
  /** ms from t0 to the scheduled send. */
  scheduled: Float64Array;
  endMs: number;
  kinds: string[];
  /** Writes: sequence number, kind, status, the answer's id (created or changed record), request id. */
  writes: { seq: number; kind: string; status: number; id: number | null; requestId: string }[];
  /** The first few failures' messages. */
  failures: string[];
}

const GENERATOR_SOURCE = String.raw`
const { parentPort, workerData } = require('node:worker_threads');
const http = require('node:http');
const { performance } = require('node:perf_hooks');
const base = new URL(workerData.base);
const specs = workerData.specs;
const kinds = [...new Set(specs.map((s) => s.kind))];
const kindIndex = new Map(kinds.map((k, i) => [k, i]));
// Idle sockets are closed here after 10 s, well before the server's keep-alive timeout (30 s in
// serve()): otherwise a request may go out on a socket the server is closing that instant (ECONNRESET).
const agent = new http.Agent({ keepAlive: true, maxSockets: workerData.maxSockets || 512, timeout: 10000 });

function send(spec, seq, requestId, timeoutMs) {
  return new Promise((resolve) => {
    const body = spec.body === undefined ? undefined : Buffer.from(spec.body.replace(/#N#/g, String(seq)));
    const headers = Object.assign({}, spec.headers, { 'X-Request-Id': requestId });
    if (body) { headers['Content-Type'] = 'application/json'; headers['Content-Length'] = String(body.length); }
    let settled = false;
    const done = (r) => { if (!settled) { settled = true; resolve(r); } };
    const req = http.request({ host: base.hostname, port: base.port, method: spec.method, path: spec.path.replace(/#N#/g, String(seq)), headers, agent }, (res) => {
      const chunks = [];
      res.on('data', (c) => { if (spec.write || res.statusCode >= 400) chunks.push(c); });
      res.on('end', () => done({ status: res.statusCode, text: chunks.length ? Buffer.concat(chunks).toString('utf8') : '' }));
      res.on('error', (e) => done({ status: 0, text: 'response: ' + e.message }));
    });
    req.setTimeout(timeoutMs, () => req.destroy(new Error('timeout after ' + timeoutMs + ' ms')));
    req.on('error', (e) => done({ status: 0, text: e.message }));
    req.end(body);
  });
}

function run(o) {
  return new Promise((resolve) => {
    const n = Math.max(1, Math.round((o.rate * o.durationMs) / 1000));
    const interval = 1000 / o.rate;
    const timeoutMs = o.timeoutMs || 10000;
    const maxInFlight = o.maxInFlight || 512;
    const kind = new Uint8Array(n), status = new Int16Array(n), latency = new Float64Array(n), scheduled = new Float64Array(n);
    const writes = [], failures = [];
    let inFlight = 0, finished = 0, i = 0;
    const t0 = performance.now() + 20;
    const finish = () => resolve({ n, t0Epoch: performance.timeOrigin + t0, kind, status, latency, scheduled, endMs: performance.now() - t0, kinds, writes, failures });
    const fail = (msg) => { if (failures.length < 8) failures.push(msg); };
    const fire = (k) => {
      const seq = o.startSeq + k;
      const spec = specs[seq % specs.length];
      const at = t0 + k * interval;
      kind[k] = kindIndex.get(spec.kind);
      scheduled[k] = at - t0;
      if (inFlight >= maxInFlight) {
        status[k] = -1;
        fail(spec.kind + ': not sent, ' + inFlight + ' requests waiting');
        if (++finished === n) finish();
        return;
      }
      inFlight++;
      const requestId = o.runId + '-' + seq;
      send(spec, seq, requestId, timeoutMs).then((r) => {
        latency[k] = performance.now() - at;
        status[k] = r.status;
        inFlight--;
        if (r.status < 200 || r.status >= 300) fail(spec.kind + ' ' + spec.method + ' ' + spec.path.replace(/#N#/g, String(seq)).slice(0, 80) + ': ' + r.status + ' ' + r.text.slice(0, 200));
        if (spec.write) {
          let id = null;
          try { const j = JSON.parse(r.text); if (j && typeof j.id === 'number') id = j.id; } catch (e) {}
          writes.push({ seq, kind: spec.kind, status: r.status, id, requestId });
        }
        if (++finished === n) finish();
      });
    };
    const tick = () => {
      const now = performance.now();
      while (i < n && t0 + i * interval <= now) fire(i++);
      if (i < n) setTimeout(tick, Math.max(0, t0 + i * interval - performance.now()));
    };
    setTimeout(tick, 20);
  });
}

parentPort.on('message', (m) => {
  if (m.type === 'run') run(m.options).then((r) => parentPort.postMessage(r));
  if (m.type === 'close') { agent.destroy(); parentPort.close(); }
});
`;

/** A worker thread sending the mix to `base`. */
export class LoadGenerator {
  private worker: Worker;
  constructor(base: string, specs: RequestSpec[], maxSockets = env('BENCH_LOAD_MAX_IN_FLIGHT', 512)) {
    this.worker = new Worker(GENERATOR_SOURCE, { eval: true, workerData: { base, specs, maxSockets } });
    this.worker.unref();
  }
  run(options: RunOptions): Promise<RunResult> {
    return new Promise((resolve, reject) => {
      const onError = (err: Error) => reject(err);
      this.worker.once('error', onError);
      this.worker.once('message', (r: RunResult) => {
        this.worker.off('error', onError);
        resolve(r);
      });
      this.worker.postMessage({ type: 'run', options: { timeoutMs: env('BENCH_LOAD_TIMEOUT_S', 10) * 1000, maxInFlight: env('BENCH_LOAD_MAX_IN_FLIGHT', 512), ...options } });
    });
  }
  async close(): Promise<void> {
    this.worker.postMessage({ type: 'close' });
    await this.worker.terminate();
  }
}

// ---------------------------------------------------------------------------------------------
// Statistics of a run

export const percentile = (sorted: ArrayLike<number>, p: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]! : NaN);
const ok = (s: number) => s >= 200 && s < 300;

export interface RunStats {
  n: number;
  errors: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  /**
   * 2xx answers per second while the schedule ran, its first quarter left out (the first answers
   * arrive one latency late): answers that ended in [D/4, D] over 0.75·D. A server that keeps up
   * answers at the offered rate; a saturated one at its capacity.
   */
  throughput: number;
  /** The window's length (s). */
  windowS: number;
}

/** Latency percentiles over the requests that were sent (answered or failed), errors = anything but 2xx. */
export function stats(r: RunResult, filter: (i: number) => boolean = () => true): RunStats {
  const lat: number[] = [];
  let errors = 0;
  let n = 0;
  let inWindow = 0;
  const span = r.n > 1 ? r.scheduled[r.n - 1]! + r.scheduled[1]! : 1000; // the schedule's length (n intervals)
  const from = span / 4;
  for (let i = 0; i < r.n; i++) {
    if (!filter(i)) continue;
    n++;
    if (!ok(r.status[i]!)) errors++;
    else {
      const end = r.scheduled[i]! + r.latency[i]!;
      if (end >= from && end <= span) inWindow++;
    }
    if (r.status[i] !== -1) lat.push(r.latency[i]!);
  }
  const sorted = Float64Array.from(lat).sort();
  return { n, errors, p50: percentile(sorted, 0.5), p95: percentile(sorted, 0.95), p99: percentile(sorted, 0.99), max: sorted.length ? sorted[sorted.length - 1]! : NaN, throughput: inWindow / ((span - from) / 1000), windowS: (span - from) / 1000 };
}

const ms = (v: number) => (Number.isFinite(v) ? `${v < 10 ? v.toFixed(1) : v.toFixed(0)} ms` : '—');
export const showStats = (s: RunStats, withThroughput = true) =>
  `${s.n} requests, ${s.errors} errors, ${withThroughput ? `${s.throughput.toFixed(1)} ok/s, ` : ''}p50 ${ms(s.p50)}, p95 ${ms(s.p95)}, p99 ${ms(s.p99)}, max ${ms(s.max)}`;

/** Per kind, one line each. */
export function byKind(r: RunResult): string[] {
  return r.kinds.map((k, ki) => ({ k, s: stats(r, (i) => r.kind[i] === ki) })).filter((x) => x.s.n > 0).map(({ k, s }) => `    ${k.padEnd(18)} ${showStats(s)}`);
}

// ---------------------------------------------------------------------------------------------
// Data, accounts, the mix, the server

/** A weighted anchor inside every subdistrict of one province (its ST_PointOnSurface; the Mueang district weighs double). */
export async function provinceAnchors(knex: Knex, province: string): Promise<Anchor[]> {
  const { rows } = await knex.raw(
    `select ST_X(p) lon, ST_Y(p) lat, case when d.name_th like 'เมือง%' then 2 else 1 end weight
       from subdistricts s join districts d on d.id = s.district_id, lateral (select ST_PointOnSurface(s.geom) p) x
      where s.province_code = ? and not ST_IsEmpty(s.geom) order by s.id`,
    [province],
  );
  return rows as Anchor[];
}

/**
 * The demo (when the database has no cameras) plus synthetic cameras around the province's
 * subdistricts up to `target` cameras in all: reused when a previous run left as many.
 */
export async function prepareProvince(db: Database, tools: LoadTools, target: number, prefix = 'bench-load-seed'): Promise<number> {
  await ensureDemo(db.knex, (m) => console.error(`  ${m}`));
  const count = async (sql: string) => Number((await db.knex.raw(sql)).rows[0].n);
  const others = await count(`select count(*) n from cameras where province_code = '${PROVINCE}' and (external_id is null or external_id not like '${prefix}-%')`);
  const want = Math.max(0, target - others);
  const have = await count(`select count(*) n from cameras where external_id like '${prefix}-%'`);
  if (have !== want) {
    await db.knex('cameras').where('external_id', 'like', `${prefix}-%`).delete();
    if (want > 0) {
      const t0 = performance.now();
      await tools.seed(db, want, prefix, await provinceAnchors(db.knex, PROVINCE));
      console.error(`  seeded ${want} cameras around the subdistricts of province ${PROVINCE} in ${seconds(t0).toFixed(1)} s`);
    }
  } else console.error(`  reusing ${have} ${prefix} cameras`);
  return count(`select count(*) n from cameras where province_code = '${PROVINCE}'`);
}

export interface Accounts {
  sec: string;
  police: string;
  committee: string;
  admin: string;
}

/** Accounts (bench-load-*) with API tokens: a secretariat, police and committee of province 15, a national admin. */
export async function makeAccounts(knex: Knex, prefix = 'bench-load'): Promise<Accounts> {
  const make = async (u: NewUser) => {
    await knex('users').where('username', u.username).delete();
    const { user } = await createUser(knex, u);
    await knex('users').where('id', user.id).update({ must_change_password: false });
    return (await createToken(knex, Number(user.id), 'bench')).token;
  };
  return {
    sec: await make({ username: `${prefix}-sec`, role: 'secretariat', province: PROVINCE }),
    police: await make({ username: `${prefix}-police`, role: 'police', province: PROVINCE }),
    committee: await make({ username: `${prefix}-com`, role: 'committee', province: PROVINCE }),
    admin: await make({ username: `${prefix}-admin`, role: 'admin' }),
  };
}

export interface MixOptions {
  /** Share of writes (default 0.30: 25 % edits, 5 % creates); reads keep their proportions. */
  writeShare?: number;
  /** Pool size (the worker cycles through it). */
  size?: number;
  seed?: number;
  /** Marks external ids of created cameras (bench-load-w-<tag>-<n>). */
  tag: string;
}

/** The request mix of the module comment, as a pool of `size` requests the worker cycles through. */
export async function buildMix(knex: Knex, tokens: Accounts, opts: MixOptions): Promise<RequestSpec[]> {
  const rng = new Rng(opts.seed ?? 21);
  const ext = (await knex.raw(`select ST_XMin(e) x0, ST_YMin(e) y0, ST_XMax(e) x1, ST_YMax(e) y1 from (select ST_Extent(geom) e from provinces where code = ?) s`, [PROVINCE])).rows[0];
  const ids = ((await knex.raw(`select id from cameras where province_code = ? order by id`, [PROVINCE])).rows as { id: number }[]).map((r) => Number(r.id));
  // Points for new cameras: positions of existing ones, moved a few metres (inside the province).
  const points = ((await knex.raw(`select ST_X(geom) lon, ST_Y(geom) lat from cameras where province_code = ? order by random() limit 2000`, [PROVINCE])).rows as { lon: number; lat: number }[]);
  if (!ids.length || !points.length) throw new Error(`no cameras in province ${PROVINCE}`);
  const writeShare = opts.writeShare ?? 0.3;
  const reads: [string, number][] = [['ogc-bbox', 35], ['camera-get', 10], ['dashboard', 10], ['map-cameras', 5], ['coverage', 5], ['density', 5]];
  const readTotal = reads.reduce((s, [, w]) => s + w, 0);
  const weights: [string, number][] = [
    ...reads.map(([k, w]): [string, number] => [k, ((1 - writeShare) * w) / readTotal]),
    ['camera-patch', (writeShare * 25) / 30],
    ['camera-post', (writeShare * 5) / 30],
  ];
  const readers = [tokens.police, tokens.committee, tokens.sec];
  const auth = (t: string) => ({ Authorization: `Bearer ${t}` });
  const specs: RequestSpec[] = [];
  for (let i = 0; i < (opts.size ?? 4000); i++) {
    const kind = rng.weighted(weights);
    const reader = auth(rng.pick(readers));
    switch (kind) {
      case 'ogc-bbox': {
        // ~2 × 2 km (0.018°) somewhere in the province's box
        const w = 0.018;
        const x = rng.float(ext.x0, ext.x1 - w);
        const y = rng.float(ext.y0, ext.y1 - w);
        specs.push({ kind, method: 'GET', path: `/ogc/collections/cameras/items?bbox=${x.toFixed(5)},${y.toFixed(5)},${(x + w).toFixed(5)},${(y + w).toFixed(5)}&limit=100`, headers: reader });
        break;
      }
      case 'camera-get':
        specs.push({ kind, method: 'GET', path: `/api/cameras/${rng.pick(ids)}`, headers: reader });
        break;
      case 'dashboard':
        specs.push({ kind, method: 'GET', path: `/api/dashboard?province=${PROVINCE}`, headers: reader });
        break;
      case 'map-cameras':
        specs.push({ kind, method: 'GET', path: `/api/map/cameras?province=${PROVINCE}`, headers: reader });
        break;
      case 'coverage':
        specs.push({ kind, method: 'GET', path: `/api/analysis/risk-points?province=${PROVINCE}`, headers: reader });
        break;
      case 'density':
        specs.push({ kind, method: 'GET', path: `/api/analysis/density?level=district&province=${PROVINCE}&geometry=false`, headers: reader });
        break;
      case 'camera-patch':
        specs.push({ kind, method: 'PATCH', path: `/api/cameras/${rng.pick(ids)}`, headers: auth(tokens.sec), body: JSON.stringify({ other_details: `bench-load edit #N#` }), write: true });
        break;
      case 'camera-post': {
        const p = rng.pick(points);
        const lon = p.lon + rng.float(-0.0002, 0.0002);
        const lat = p.lat + rng.float(-0.0002, 0.0002);
        const body = { external_id: `bench-load-w-${opts.tag}-#N#`, place_name: 'จุดทดสอบภาระ #N#', status: 'working', kind: 'fixed', geometry: { type: 'Point', coordinates: [Number(lon.toFixed(7)), Number(lat.toFixed(7))] } };
        specs.push({ kind, method: 'POST', path: '/api/cameras', headers: auth(tokens.sec), body: JSON.stringify(body), write: true });
        break;
      }
    }
  }
  return specs;
}

/**
 * createApp on `db`, listening on a free loopback port, with the limits main.ts gives a server
 * (statement timeout, connect and acquire timeouts, pool size; HEAVY_* and the rest from the
 * environment, as for `npm start`).
 */
export async function serve(db: Database): Promise<{ base: string; server: Server; close: () => Promise<void> }> {
  const config = loadConfig({ ...process.env, DATA_DIR: '/tmp/cctv-atlas-bench' });
  await db.configure?.({
    statementTimeoutMs: config.statementTimeoutMs,
    connectTimeoutMs: config.dbConnectTimeoutMs,
    acquireTimeoutMs: config.dbAcquireTimeoutMs,
    poolMax: config.dbPoolMax,
  });
  const app = createApp({ db, config, log: silentLogger });
  const server = await new Promise<Server>((resolve, reject) => {
    const s = app.listen(0, '127.0.0.1', (err?: Error) => (err ? reject(err) : resolve(s)));
  });
  server.keepAliveTimeout = 30_000;
  return {
    base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    server,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

async function deleteWritten(knex: Knex): Promise<void> {
  await knex.raw(`delete from cameras where external_id like 'bench-load-w-%'`);
}

// ---------------------------------------------------------------------------------------------
// load

/** 5 req/s × √2 per step up to 1,280 (rounded). */
const DEFAULT_RATES = [5, 7, 10, 14, 20, 28, 40, 57, 80, 113, 160, 226, 320, 453, 640, 905, 1280];

type Side = 'mixed' | 'healthz';

/** The server kept up: 2xx answers in the measured window at ≥ 90 % of the offered rate (2 answers of slack for short steps). */
const keepsUp = (s: RunStats, rate: number) => s.throughput * s.windowS >= 0.9 * rate * s.windowS - 2;

export async function loadEntry(db: Database, tools: LoadTools): Promise<Result[]> {
  const maxRate = env('BENCH_LOAD_MAX_RATE', 1280);
  const rates = (process.env.BENCH_LOAD_RATES ? process.env.BENCH_LOAD_RATES.split(',').map(Number) : DEFAULT_RATES).filter((r) => r > 0 && r <= maxRate);
  const stepMs = env('BENCH_LOAD_STEP_S', 10) * 1000;
  const p99Limit = env('BENCH_LOAD_P99_LIMIT_MS', 5000);
  const cameras = await prepareProvince(db, tools, env('BENCH_LOAD_CAMERAS', 20_000));
  const tokens = await makeAccounts(db.knex);
  const tag = Date.now().toString(36);
  const specs = await buildMix(db.knex, tokens, { tag });
  const health: RequestSpec[] = [{ kind: 'healthz', method: 'GET', path: '/healthz', headers: {} }];
  const srv = await serve(db);
  const gens: Record<Side, LoadGenerator> = { mixed: new LoadGenerator(srv.base, specs), healthz: new LoadGenerator(srv.base, health) };
  console.error(`  load: ${cameras} cameras in province ${PROVINCE}, ${db.engine}; steps ${rates.join(', ')} req/s × ${stepMs / 1000} s; load ${loadavg()} on ${os.cpus().length} CPUs`);
  let seq = 0;
  const runOne = (side: Side, rate: number, durationMs: number) => {
    const startSeq = seq;
    seq += Math.round((rate * durationMs) / 1000) + 1;
    return gens[side].run({ rate, durationMs, runId: `bl-${tag}`, startSeq });
  };
  const done: Record<Side, boolean> = { mixed: false, healthz: false };
  const steps: Record<Side, Map<number, RunStats>> = { mixed: new Map(), healthz: new Map() };
  try {
    // Warm-up: JIT, the pool, the caches (not counted).
    for (const side of ['mixed', 'healthz'] as const) await runOne(side, rates[0]!, 3000);
    for (const [k, rate] of rates.entries()) {
      const order: Side[] = k % 2 === 0 ? ['mixed', 'healthz'] : ['healthz', 'mixed'];
      for (const side of order) {
        if (done[side]) continue;
        const r = await runOne(side, rate, stepMs);
        const s = stats(r);
        steps[side].set(rate, s);
        console.error(`  ${side} at ${rate} req/s: ${showStats(s)}`);
        if (side === 'mixed') byKind(r).forEach((l) => console.error(l));
        for (const f of r.failures.slice(0, 3)) console.error(`    failure: ${f}`);
        const why = s.errors > 0 ? `${s.errors} errors` : !keepsUp(s, rate) ? `throughput ${s.throughput.toFixed(1)} < 90 % of ${rate}` : s.p99 > p99Limit ? `p99 ${s.p99.toFixed(0)} ms > ${p99Limit} ms` : null;
        if (why) {
          done[side] = true;
          console.error(`  ${side}: stops climbing at ${rate} req/s (${why})`);
        }
      }
      if (done.mixed && done.healthz) break;
    }
  } finally {
    await gens.mixed.close();
    await gens.healthz.close();
    await srv.close();
    const [{ n }] = (await db.knex.raw(`select count(*)::int n from cameras where external_id like 'bench-load-w-%'`)).rows;
    console.error(`  ${n} cameras created during the run${tools.temporary ? '' : ' (deleted)'}`);
    if (!tools.temporary) {
      await deleteWritten(db.knex);
      if (!process.env.BENCH_KEEP) await db.knex('cameras').where('external_id', 'like', 'bench-load-seed-%').delete();
    }
    await db.knex('users').where('username', 'like', 'bench-load-%').delete();
  }

  const clean = (side: Side) => [...steps[side].entries()].filter(([rate, s]) => s.errors === 0 && keepsUp(s, rate) && s.p99 <= p99Limit).map(([rate]) => rate);
  const best = (side: Side) => Math.max(0, ...clean(side));
  const zeroErrors = (side: Side) => Math.max(0, ...[...steps[side].entries()].filter(([, s]) => s.errors === 0).map(([rate]) => rate));
  const head = `load, ${db.engine}, ${cameras} cameras in the province`;
  const results: Result[] = [];
  for (const rate of rates) {
    const m = steps.mixed.get(rate);
    const h = steps.healthz.get(rate);
    if (!m && !h) continue;
    const v = (s: RunStats | undefined, f: (s: RunStats) => number) => (s ? f(s) : NaN);
    results.push(
      { name: `${head}: ${rate} req/s offered, p50 (mixed / healthz)`, ours: v(m, (s) => s.p50), baseline: v(h, (s) => s.p50), unit: 'ms', digits: 1 },
      { name: '  p95', ours: v(m, (s) => s.p95), baseline: v(h, (s) => s.p95), unit: 'ms', digits: 1 },
      { name: '  p99', ours: v(m, (s) => s.p99), baseline: v(h, (s) => s.p99), unit: 'ms', digits: 1 },
      { name: '  throughput (2xx)', ours: v(m, (s) => s.throughput), baseline: v(h, (s) => s.throughput), unit: 'req/s', digits: 1 },
      { name: '  errors', ours: v(m, (s) => s.errors), baseline: v(h, (s) => s.errors), unit: '', digits: 0 },
    );
  }
  results.push({ name: `${head}: highest rate with zero errors (mixed / healthz)`, ours: zeroErrors('mixed'), baseline: zeroErrors('healthz'), unit: 'req/s', digits: 0 });
  results.push({ name: `  highest rate with zero errors, throughput ≥ 90 % and p99 ≤ ${p99Limit} ms`, ours: best('mixed'), baseline: best('healthz'), unit: 'req/s', digits: 0 });
  const at = best('mixed');
  const m = steps.mixed.get(at);
  const h = steps.healthz.get(at);
  if (m) {
    results.push(
      { name: `  at ${at} req/s: throughput (mixed / healthz)`, ours: m.throughput, baseline: h?.throughput ?? NaN, unit: 'req/s', digits: 1 },
      { name: `  at ${at} req/s: p50`, ours: m.p50, baseline: h?.p50 ?? NaN, unit: 'ms', digits: 1 },
      { name: `  at ${at} req/s: p95`, ours: m.p95, baseline: h?.p95 ?? NaN, unit: 'ms', digits: 1 },
      { name: `  at ${at} req/s: p99`, ours: m.p99, baseline: h?.p99 ?? NaN, unit: 'ms', digits: 1 },
    );
  }
  return results;
}

// ---------------------------------------------------------------------------------------------
// fault

export async function faultEntry(_tools: LoadTools): Promise<Result[]> {
  const { pgClusterUnavailable, startCluster } = await import('../api/test/pg-cluster.js');
  const why = pgClusterUnavailable();
  if (why) {
    console.error(`  fault: skipped (${why})`);
    return [];
  }
  const rate = env('BENCH_FAULT_RATE', 40);
  const durationMs = env('BENCH_FAULT_S', 40) * 1000;
  const downMs = env('BENCH_FAULT_DOWN_S', 5) * 1000;
  const restartAtMs = env('BENCH_FAULT_AT_S', 10) * 1000;
  const cluster = await startCluster({ name: 'fault' });
  const results: Result[] = [];
  // knex logs every failed connection attempt with its stack (console.log): counted instead.
  const knexLog = new Map<string, number>();
  const log = console.log;
  console.log = (...args: unknown[]) => {
    const first = String(args[0] ?? '').split('\n')[0]!;
    if (/^(\x1b\[\d+m)?Acquire connection error/.test(first)) knexLog.set(first, (knexLog.get(first) ?? 0) + 1);
    else log(...args);
  };
  let db: Database | undefined;
  let srv: Awaited<ReturnType<typeof serve>> | undefined;
  let gen: LoadGenerator | undefined;
  try {
    await cluster.createDatabase('atlas');
    const t0 = performance.now();
    db = await bootstrapDatabase({ databaseUrl: cluster.url('atlas'), seedDemo: 'auto' }, { demo: true, log: (m) => console.error(`  ${m}`) });
    console.error(`  fault: throwaway cluster on port ${cluster.port} (${cluster.dir}), boundaries and demo in ${seconds(t0).toFixed(1)} s`);
    const tokens = await makeAccounts(db.knex, 'bench-fault');
    const tag = Date.now().toString(36);
    const specs = await buildMix(db.knex, tokens, { tag, writeShare: env('BENCH_FAULT_WRITE_SHARE', 0.5) });
    srv = await serve(db);
    gen = new LoadGenerator(srv.base, specs);
    let seq = 0;
    await gen.run({ rate, durationMs: 3000, runId: `bf-${tag}-warm`, startSeq: seq });
    seq += rate * 3 + 1;
    for (const mode of ['fast', 'immediate'] as const) {
      const runId = `bf-${tag}-${mode}`;
      const running = gen.run({ rate, durationMs, runId, startSeq: seq });
      seq += Math.round((rate * durationMs) / 1000) + 1;
      await new Promise((r) => setTimeout(r, restartAtMs));
      const stopAt = performance.timeOrigin + performance.now();
      await cluster.stop({ mode });
      const downAt = performance.timeOrigin + performance.now();
      await new Promise((r) => setTimeout(r, downMs));
      await cluster.start();
      const upAt = performance.timeOrigin + performance.now();
      const r = await running;
      // Times relative to the schedule's start (ms)
      const [tStop, tDown, tUp] = [stopAt - r.t0Epoch, downAt - r.t0Epoch, upAt - r.t0Epoch];
      const endOf = (i: number) => r.scheduled[i]! + r.latency[i]!;
      const phase = (i: number) => (r.scheduled[i]! < tStop ? 'before' : r.scheduled[i]! < tUp ? 'outage' : 'after');
      const all = stats(r);
      console.error(`  fault (${mode} stop at ${(tStop / 1000).toFixed(1)} s, down at ${(tDown / 1000).toFixed(1)} s, up at ${(tUp / 1000).toFixed(1)} s): ${showStats(all)}`);
      for (const ph of ['before', 'outage', 'after'] as const) console.error(`    sent ${ph.padEnd(6)} ${showStats(stats(r, (i) => phase(i) === ph), false)}`);
      const answers = new Map<string, number>();
      for (let i = 0; i < r.n; i++) if (!ok(r.status[i]!)) answers.set(String(r.status[i]), (answers.get(String(r.status[i])) ?? 0) + 1);
      console.error(`    failed answers: ${[...answers.entries()].map(([s, n]) => `${s === '0' ? 'no answer' : s === '-1' ? 'not sent' : s} × ${n}`).join(', ') || 'none'}`);
      for (const f of r.failures.slice(0, 4)) console.error(`    failure: ${f}`);
      for (const [m, k] of knexLog) console.error(`    knex logged ${k} × ${m}`);
      knexLog.clear();
      // Recovery: after the database is back, when does the first request succeed, the last fail?
      let firstOk = NaN;
      let lastFail = NaN;
      for (let i = 0; i < r.n; i++) {
        const end = endOf(i);
        if (end < tUp) continue;
        if (ok(r.status[i]!)) firstOk = Number.isNaN(firstOk) ? end : Math.min(firstOk, end);
        else lastFail = Number.isNaN(lastFail) ? end : Math.max(lastFail, end);
      }
      // Acknowledged writes must be in the database.
      const acked = r.writes.filter((w) => ok(w.status));
      const failed = r.writes.filter((w) => !ok(w.status));
      const inAudit = new Set(
        ((await db.knex('audit_log').whereIn('request_id', r.writes.map((w) => w.requestId)).select('request_id')) as { request_id: string }[]).map((x) => x.request_id),
      );
      const createdIds = acked.filter((w) => w.kind === 'camera-post' && w.id !== null).map((w) => w.id!);
      const rows = new Set(((await db.knex('cameras').whereIn('id', createdIds).select('id')) as { id: number }[]).map((x) => Number(x.id)));
      const lost = acked.filter((w) => !inAudit.has(w.requestId) || (w.kind === 'camera-post' && (w.id === null || !rows.has(w.id))));
      const committedAnyway = failed.filter((w) => inAudit.has(w.requestId));
      console.error(`    writes: ${r.writes.length}, acknowledged ${acked.length}, lost ${lost.length}; failed ${failed.length}, of which committed anyway ${committedAnyway.length}`);
      for (const w of lost.slice(0, 5)) console.error(`    LOST: ${JSON.stringify(w)}`);
      const head = `fault: PostgreSQL ${mode === 'fast' ? 'stopped (fast)' : 'crashed (immediate)'} for ${((tUp - tStop) / 1000).toFixed(1)} s under ${rate} req/s`;
      results.push(
        { name: `${head}: failed requests (of all sent)`, ours: all.errors, baseline: all.n, unit: '', digits: 0 },
        { name: '  failed requests sent before the stop / during the outage', ours: stats(r, (i) => phase(i) === 'before').errors, baseline: stats(r, (i) => phase(i) === 'outage').errors, unit: '', digits: 0 },
        { name: '  failed requests sent after the database was back (of those sent then)', ours: stats(r, (i) => phase(i) === 'after').errors, baseline: stats(r, (i) => phase(i) === 'after').n, unit: '', digits: 0 },
        { name: '  database back → first success / last failure', ours: (firstOk - tUp) / 1000, baseline: Number.isNaN(lastFail) ? NaN : (lastFail - tUp) / 1000, unit: 's', digits: 2 },
        { name: '  longest request (ms) / outage (ms)', ours: all.max, baseline: tUp - tStop, unit: 'ms', digits: 0 },
        { name: '  acknowledged writes lost (of acknowledged)', ours: lost.length, baseline: acked.length, unit: '', digits: 0 },
        { name: '  failed writes committed anyway (of failed writes)', ours: committedAnyway.length, baseline: failed.length, unit: '', digits: 0 },
      );
    }
  } finally {
    console.log = log;
    await gen?.close();
    await srv?.close();
    await db?.close().catch(() => {});
    await cluster.remove();
  }
  return results;
}

// ---------------------------------------------------------------------------------------------
// national

interface Timed {
  s: number;
  bytes: number;
  header: string | null;
}

export async function nationalEntry(db: Database, tools: LoadTools): Promise<Result[]> {
  const knex = db.knex;
  const n = env('BENCH_NATIONAL_ROWS', db.engine === 'embedded' ? 200_000 : 1_000_000);
  const prefix = 'bench-national';
  await ensureDemo(knex, (m) => console.error(`  ${m}`));
  const count = async (sql: string, b: Knex.RawBinding[] = []) => Number((await knex.raw(sql, b)).rows[0].n);
  const results: Result[] = [];
  const have = await count(`select count(*) n from cameras where external_id like '${prefix}-%'`);
  let loadS = NaN;
  if (have !== n) {
    await knex('cameras').where('external_id', 'like', `${prefix}-%`).delete();
    const { nationwideAnchors } = await import('../api/src/demo/seed.js');
    const anchors = await nationwideAnchors(knex);
    const t0 = performance.now();
    await tools.seed(db, n, prefix, anchors);
    loadS = seconds(t0);
    console.error(`  national: loaded ${n} cameras around ${anchors.length} subdistricts by COPY (areas by the trigger) + vacuum analyze in ${loadS.toFixed(1)} s`);
  } else console.error(`  national: reusing ${n} ${prefix} cameras (load time not measured; delete them or set another BENCH_NATIONAL_ROWS to measure it)`);
  const sizes = (await knex.raw(`select province_code, count(*)::int n from cameras group by 1 order by 2 desc`)).rows as { province_code: string | null; n: number }[];
  const largest = sizes[0]!.province_code!;
  const small = PROVINCE;
  const inLargest = sizes[0]!.n;
  const inSmall = sizes.find((s) => s.province_code === small)?.n ?? 0;
  const total = sizes.reduce((s, x) => s + x.n, 0);
  const nullProvince = sizes.find((s) => s.province_code === null)?.n ?? 0;
  const located = sizes.filter((s) => s.province_code !== null);
  console.error(`  national: ${total} cameras in ${located.length} provinces (${nullProvince} outside every province); largest ${largest} with ${inLargest}, Ang Thong ${inSmall}; median province ${located[Math.floor(located.length / 2)]!.n}, smallest ${located[located.length - 1]!.n}`);
  if (!Number.isNaN(loadS)) results.push({ name: `national: load ${n} cameras (COPY through the area trigger + vacuum analyze), ${db.engine}`, ours: loadS, baseline: NaN, unit: 's', digits: 1 }, { name: '  rows/s', ours: n / loadS, baseline: NaN, unit: 'rows/s', digits: 0 });

  // Risk data in the largest province (Ang Thong has the demo's).
  await knex('risk_points').where('external_id', 'like', `${prefix}-%`).delete();
  await knex('risk_routes').where('external_id', 'like', `${prefix}-%`).delete();
  const anchors = await provinceAnchors(knex, largest);
  const rng = new Rng(31);
  const CATS = ['robbery', 'escape_route', 'accident_black_spot', 'crime_hotspot', 'tourist_site', 'other'];
  const jitter = (a: Anchor, m: number): [number, number] => [a.lon + (rng.gauss() * m) / 108_000, a.lat + (rng.gauss() * m) / 110_600];
  const points = Array.from({ length: 2000 }, (_, i) => {
    const [lon, lat] = jitter(rng.pick(anchors), 700);
    return { external_id: `${prefix}-rp-${i + 1}`, name: `จุดเสี่ยงสังเคราะห์ ${i + 1}`, category: rng.pick(CATS), weight: rng.int(1, 5), lon, lat };
  });
  const routes = Array.from({ length: 300 }, (_, i) => {
    let [lon, lat] = jitter(rng.pick(anchors), 500);
    let heading = rng.float(0, 2 * Math.PI);
    const coords: [number, number][] = [[lon, lat]];
    for (let k = 0; k < 12; k++) {
      heading += rng.gauss() * 0.4;
      lon += (Math.sin(heading) * 250) / 108_000;
      lat += (Math.cos(heading) * 250) / 110_600;
      coords.push([lon, lat]);
    }
    return { external_id: `${prefix}-rr-${i + 1}`, name: `เส้นทางเสี่ยงสังเคราะห์ ${i + 1}`, category: rng.pick(CATS), weight: rng.int(1, 5), wkt: `LINESTRING(${coords.map((c) => c.join(' ')).join(',')})` };
  });
  await knex.raw(
    `insert into risk_points (external_id, name, category, weight, geom)
     select r.external_id, r.name, r.category, r.weight, ST_SetSRID(ST_MakePoint(r.lon, r.lat), 4326)
       from jsonb_to_recordset(?::jsonb) r(external_id text, name text, category text, weight float8, lon float8, lat float8)`,
    [JSON.stringify(points)],
  );
  await knex.raw(
    `insert into risk_routes (external_id, name, category, weight, geom)
     select r.external_id, r.name, r.category, r.weight, ST_GeomFromText(r.wkt, 4326)
       from jsonb_to_recordset(?::jsonb) r(external_id text, name text, category text, weight float8, wkt text)`,
    [JSON.stringify(routes)],
  );
  await knex.raw('analyze risk_points; analyze risk_routes');

  const tokens = await makeAccounts(knex, 'bench-national');
  const srv = await serve(db);
  const runs = env('BENCH_RUNS', 3);
  const request = async (method: string, path: string): Promise<Timed> => {
    const t0 = performance.now();
    const res = await fetch(`${srv.base}${path}`, { method, headers: { Authorization: `Bearer ${tokens.admin}`, 'Content-Type': 'application/json' }, body: method === 'POST' ? '{}' : undefined });
    const buf = await res.arrayBuffer();
    const s = seconds(t0);
    if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${Buffer.from(buf).toString('utf8').slice(0, 300)}`);
    return { s, bytes: buf.byteLength, header: res.headers.get('x-total-count') };
  };
  /** One warm-up, then `runs` timed (alternating ours and baseline); medians. */
  const compare = async (name: string, ours: () => Promise<Timed>, baseline: (() => Promise<Timed>) | null, extra = ''): Promise<void> => {
    await ours();
    if (baseline) await baseline();
    const o: Timed[] = [];
    const b: Timed[] = [];
    for (let i = 0; i < runs; i++) {
      if (i % 2 === 0 || !baseline) {
        o.push(await ours());
        if (baseline) b.push(await baseline());
      } else {
        b.push(await baseline());
        o.push(await ours());
      }
    }
    const med = (a: Timed[], f: (t: Timed) => number) => (a.length ? tools.median(a.map(f)) : NaN);
    console.error(`  ${name}: ${o.map((t) => t.s.toFixed(3)).join(', ')} s (${(o[0]!.bytes / 1024).toFixed(0)} KiB${o[0]!.header ? `, ${o[0]!.header} items` : ''})${baseline ? ` vs ${b.map((t) => t.s.toFixed(3)).join(', ')} s (${(b[0]!.bytes / 1024).toFixed(0)} KiB${b[0]!.header ? `, ${b[0]!.header} items` : ''})` : ''}`);
    results.push({ name: `${name}${extra}`, ours: med(o, (t) => t.s), baseline: med(b, (t) => t.s), unit: 's', digits: 3 });
    results.push({ name: '  answer size', ours: med(o, (t) => t.bytes / 1024), baseline: med(b, (t) => t.bytes / 1024), unit: 'KiB', digits: 0 });
  };
  const box = async (code: string) => (await knex.raw(`select ST_XMin(e) x0, ST_YMin(e) y0, ST_XMax(e) x1, ST_YMax(e) y1 from (select ST_Extent(geom) e from provinces where code = ?) s`, [code])).rows[0] as { x0: number; y0: number; x1: number; y1: number };
  // A city-size box (0.1°) around the province's densest point: where its cameras are (the median camera position).
  const centre = async (code: string) => (await knex.raw(`select percentile_disc(0.5) within group (order by ST_X(geom)) x, percentile_disc(0.5) within group (order by ST_Y(geom)) y from cameras where province_code = ?`, [code])).rows[0] as { x: number; y: number };
  const cityBox = async (code: string) => {
    const c = await centre(code);
    return `${(c.x - 0.05).toFixed(4)},${(c.y - 0.05).toFixed(4)},${(c.x + 0.05).toFixed(4)},${(c.y + 0.05).toFixed(4)}`;
  };
  const provBox = async (code: string) => {
    const b = await box(code);
    return `${b.x0.toFixed(4)},${b.y0.toFixed(4)},${b.x1.toFixed(4)},${b.y1.toFixed(4)}`;
  };
  const matched = async (path: string) => JSON.parse(Buffer.from(await (await fetch(`${srv.base}${path}`, { headers: { Authorization: `Bearer ${tokens.admin}` } })).arrayBuffer()).toString('utf8')).numberMatched as number;
  const L = `largest province (${largest}, ${inLargest} cameras) / Ang Thong (${small}, ${inSmall})`;
  try {
    const [cl, cs, pl, ps] = [await cityBox(largest), await cityBox(small), await provBox(largest), await provBox(small)];
    console.error(`  boxes: city ${cl} (${await matched(`/ogc/collections/cameras/items?bbox=${cl}&limit=1`)} cameras) / ${cs} (${await matched(`/ogc/collections/cameras/items?bbox=${cs}&limit=1`)}); province ${pl} (${await matched(`/ogc/collections/cameras/items?bbox=${pl}&limit=1`)}) / ${ps} (${await matched(`/ogc/collections/cameras/items?bbox=${ps}&limit=1`)})`);
    await compare(`national, ${n} cameras, ${db.engine}: OGC items, city box 0.1° × 0.1°, first 1,000 (${L})`, () => request('GET', `/ogc/collections/cameras/items?bbox=${cl}&limit=1000`), () => request('GET', `/ogc/collections/cameras/items?bbox=${cs}&limit=1000`));
    await compare(`  OGC items, the province's box, first 10,000`, () => request('GET', `/ogc/collections/cameras/items?bbox=${pl}&limit=10000`), () => request('GET', `/ogc/collections/cameras/items?bbox=${ps}&limit=10000`));
    await compare(`  dashboard: the nation / Ang Thong`, () => request('GET', '/api/dashboard'), () => request('GET', `/api/dashboard?province=${small}`));
    await compare(`  dashboard: the largest province / Ang Thong`, () => request('GET', `/api/dashboard?province=${largest}`), () => request('GET', `/api/dashboard?province=${small}`));
    await compare(`  map cameras (binary): the largest province / Ang Thong`, () => request('GET', `/api/map/cameras?province=${largest}`), () => request('GET', `/api/map/cameras?province=${small}`));
    await compare(`  map cameras (binary): the whole country / Ang Thong`, () => request('GET', '/api/map/cameras'), () => request('GET', `/api/map/cameras?province=${small}`));
    await compare(`  coverage of risk points: the largest province (2,000 points) / Ang Thong (demo)`, () => request('GET', `/api/analysis/risk-points?province=${largest}`), () => request('GET', `/api/analysis/risk-points?province=${small}`));
    await compare(`  coverage of risk routes: the largest province (300 routes) / Ang Thong (demo)`, () => request('GET', `/api/analysis/risk-routes?province=${largest}`), () => request('GET', `/api/analysis/risk-routes?province=${small}`));
    await compare(`  density per district, the nation (geometry=false) / Ang Thong`, () => request('GET', '/api/analysis/density?level=district&geometry=false'), () => request('GET', `/api/analysis/density?level=district&province=${small}&geometry=false`));
    const submit = async (code: string) => {
      await knex('certifications').where('province_code', code).delete();
      const t = await request('POST', `/api/certification/${code}/submit`);
      await knex('certifications').where('province_code', code).delete();
      return t;
    };
    await compare(`  certification submit: the largest province / Ang Thong`, () => submit(largest), () => submit(small));
    // Sizes, with one submission of the largest province kept while measuring (after a vacuum: the
    // timed submissions above left their deleted rows behind).
    await knex('certifications').where('province_code', largest).delete();
    await knex.raw('vacuum full certification_records');
    await request('POST', `/api/certification/${largest}/submit`);
    const size = (await knex.raw(
      `select pg_database_size(current_database())::float8 db, pg_total_relation_size('cameras')::float8 cam_total, pg_relation_size('cameras')::float8 cam_heap,
              pg_indexes_size('cameras')::float8 cam_idx, pg_total_relation_size('certification_records')::float8 cert,
              pg_total_relation_size('audit_log')::float8 audit, (select count(*)::float8 from cameras) cameras,
              (select count(*)::float8 from certification_records) cert_rows`,
    )).rows[0] as Record<string, number>;
    await knex('certifications').where('province_code', largest).delete();
    const MiB = 1024 * 1024;
    console.error(`  sizes: database ${(size.db! / MiB).toFixed(0)} MiB; cameras ${(size.cam_total! / MiB).toFixed(0)} MiB (heap ${(size.cam_heap! / MiB).toFixed(0)}, indexes ${(size.cam_idx! / MiB).toFixed(0)}) for ${size.cameras} rows; one submission of ${largest}: ${(size.cert! / MiB).toFixed(0)} MiB for ${size.cert_rows} records (${(size.cert! / size.cert_rows!).toFixed(0)} B each); audit log ${(size.audit! / MiB).toFixed(0)} MiB`);
    results.push(
      { name: `  database size (whole database, with one submission of ${largest})`, ours: size.db! / MiB, baseline: NaN, unit: 'MiB', digits: 0 },
      { name: '  cameras table with indexes / its indexes', ours: size.cam_total! / MiB, baseline: size.cam_idx! / MiB, unit: 'MiB', digits: 0 },
      { name: '  bytes per camera (table with indexes)', ours: size.cam_total! / size.cameras!, baseline: NaN, unit: 'B', digits: 0 },
      { name: `  one submission of ${largest} (certification_records, ${size.cert_rows} records)`, ours: size.cert! / MiB, baseline: NaN, unit: 'MiB', digits: 0 },
    );
  } finally {
    await srv.close();
    await knex('users').where('username', 'like', 'bench-national-%').delete();
    if (!tools.temporary && !process.env.BENCH_KEEP) {
      await knex('risk_points').where('external_id', 'like', `${prefix}-%`).delete();
      await knex('risk_routes').where('external_id', 'like', `${prefix}-%`).delete();
      await knex('cameras').where('external_id', 'like', `${prefix}-%`).delete();
    }
  }
  return results;
}
