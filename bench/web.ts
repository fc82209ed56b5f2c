/**
 * The `web` benchmark entry: does the map stay smooth with BENCH_WEB_ROWS cameras (default
 * 100,000)? Run with `npm run bench -- web`; needs Debian's chromium (/usr/bin/chromium).
 *
 * Data: BENCH_WEB_ROWS synthetic cameras across Thailand (api/src/demo/synthetic.ts, seeded by
 * COPY, external ids bench-web-<n>), reused when a previous run left exactly as many.
 * The real server (createApp) serves the built web app on a loopback port; headless chromium
 * (software WebGL, --disable-gpu as in the tests) opens it in three scenarios:
 *   - country: the whole country at zoom 5.6 — more cameras than MAP_CAMERA_POINT_LIMIT (2,000)
 *     in view, so they are drawn in groups (web/src/map/camera-lod.ts);
 *   - city: Bangkok at zoom 11 — still too many around the view: grouped;
 *   - street: Bangkok at zoom 14 — the cameras around the view drawn one by one;
 *   - all points: the country view with the limit lifted (every camera drawn one by one with
 *     deck.gl binary attributes: what the map did before grouping).
 *
 * Ours: the map with the cameras layer on (`?layers=boundaries,cameras`). Baseline: the same page
 * with the cameras layer off (`?layers=boundaries`), i.e. the base map alone. For each side:
 *   - load: navigation → the map says data-ready (style, boundaries, and for ours the binary
 *     camera download, decode and upload to the GPU);
 *   - frames: after 1 s of warm-up, 4 s of panning by 4 px every frame (map.panBy without animation), the browser's
 *     requestAnimationFrame intervals collected; median and 95th percentile frame time, and fps.
 * The ratio ours / baseline says what the cameras add on the same machine in the same run.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { promisify } from 'node:util';
import { chromium } from 'playwright-core';
import { createApp } from '../api/src/app.js';
import { createToken, createUser } from '../api/src/auth/store.js';
import { loadConfig, ROOT_DIR } from '../api/src/config.js';
import { silentLogger } from '../api/src/context.js';
import type { Database } from '../api/src/db/connect.js';
import type { Result, alternate as Alternate, median as Median } from './run.js';

const CHROMIUM = '/usr/bin/chromium';
const PREFIX = 'bench-web';

export interface WebTools {
  alternate: typeof Alternate;
  median: typeof Median;
  seed: (count: number, prefix: string) => Promise<void>;
}

interface Sample {
  loadS: number;
  /** Mean frame time: the 4 s window over the frames drawn (the median hides a few slow frames). */
  meanMs: number;
  medianMs: number;
  p95Ms: number;
  frames: number;
  cameras: number;
  /** How the cameras were drawn (data-camera-mode) and how many one by one (data-cameras-drawn). */
  mode: string;
  drawn: number;
}

interface Scenario {
  key: string;
  title: string;
  view: string;
  /** MAP_CAMERA_POINT_LIMIT for this scenario's server; default when absent. */
  limit?: number;
}

const SCENARIOS: Scenario[] = [
  { key: 'country', title: 'country view (zoom 5.6), grouped', view: '100.9,13.2,5.6' },
  { key: 'city', title: 'Bangkok (zoom 11)', view: '100.52,13.75,11' },
  { key: 'street', title: 'Bangkok (zoom 14)', view: '100.52,13.75,14' },
  { key: 'all', title: 'country view, every camera drawn (limit lifted)', view: '100.9,13.2,5.6', limit: 10_000_000 },
];

/**
 * 1 s of panning to warm up (the first frames after new data are slow in software WebGL), then 4 s
 * of panning by 4 px a frame (turning every 60 frames); resolves with the measured frame intervals
 * (ms) and the measured window over its number of frames.
 */
const PAN_SCRIPT = `new Promise((resolve) => {
  const map = window.__atlasMap.map;
  const out = [];
  let start = performance.now();
  let last = start;
  const warm = start + 1000;
  let end = 0;
  let dir = 1;
  let n = 0;
  function tick(now) {
    if (end === 0 && now >= warm) {
      start = now;
      end = now + 4000;
    } else if (end > 0) out.push(now - last);
    last = now;
    if (++n % 60 === 0) dir = -dir;
    map.panBy([4 * dir, 0], { animate: false });
    if (end === 0 || now < end) requestAnimationFrame(tick);
    else resolve({ intervals: out, count: out.length, total: now - start });
  }
  requestAnimationFrame(tick);
})`;

const pct = (a: number[], p: number) => (a.length ? [...a].sort((x, y) => x - y)[Math.min(a.length - 1, Math.floor(a.length * p))]! : NaN);

export async function webEntry(db: Database, tools: WebTools): Promise<Result[]> {
  if (!fs.existsSync(CHROMIUM)) {
    console.error(`  web: ${CHROMIUM} is missing (apt-get install chromium); skipped`);
    return [];
  }
  const rows = Number(process.env.BENCH_WEB_ROWS ?? 100_000);
  const [{ n }] = (await db.knex.raw(`select count(*)::int n from cameras where external_id like '${PREFIX}-%'`)).rows;
  if (n !== rows) {
    await db.knex('cameras').where('external_id', 'like', `${PREFIX}-%`).delete();
    const t0 = performance.now();
    await tools.seed(rows, PREFIX);
    console.error(`  seeded ${rows} cameras in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  } else console.error(`  reusing ${rows} ${PREFIX} cameras`);
  const [{ total }] = (await db.knex.raw(`select count(*)::int total from cameras`)).rows;

  // The server serves web/dist only when it exists when the app is created.
  await promisify(execFile)(process.execPath, ['web/build-if-needed.mjs'], { cwd: ROOT_DIR, maxBuffer: 16 * 1024 * 1024 });
  // The browser acts as a national admin through an API token (no login form in the measurement).
  await db.knex('users').where('username', 'bench-admin').delete();
  const { user } = await createUser(db.knex, { username: 'bench-admin', role: 'admin' });
  await db.knex('users').where('id', user.id).update({ must_change_password: false });
  const { token } = await createToken(db.knex, Number(user.id), 'bench');
  const servers: Server[] = [];
  const serve = async (limit?: number) => {
    const env: NodeJS.ProcessEnv = { DATA_DIR: '/tmp/cctv-atlas-bench', ...(limit ? { MAP_CAMERA_POINT_LIMIT: String(limit) } : {}) };
    const app = createApp({ db, config: loadConfig(env), log: silentLogger });
    const server = await new Promise<Server>((resolve, reject) => {
      const s = app.listen(0, '127.0.0.1', (err?: Error) => (err ? reject(err) : resolve(s)));
    });
    servers.push(server);
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  };
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'] });
  try {
    const results: Result[] = [];
    const only = process.env.BENCH_WEB_SCENARIOS?.split(',');
    for (const sc of SCENARIOS.filter((x) => !only || only.includes(x.key))) {
      const base = await serve(sc.limit);
      const run = async (side: 'ours' | 'baseline'): Promise<Sample> => {
        const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, extraHTTPHeaders: { Authorization: `Bearer ${token}` } });
        const page = await context.newPage();
        const layers = side === 'ours' ? 'boundaries,cameras' : 'boundaries';
        const t0 = performance.now();
        await page.goto(`${base}/?layers=${layers}&v=${sc.view}`, { waitUntil: 'load' });
        await page.waitForFunction(() => document.querySelector('[data-testid="map"]')?.getAttribute('data-ready') === 'true', undefined, { timeout: 180_000 });
        const loadS = (performance.now() - t0) / 1000;
        const map = page.getByTestId('map');
        const cameras = Number(await map.getAttribute('data-camera-count'));
        const mode = (await map.getAttribute('data-camera-mode')) ?? '?';
        const drawn = Number(await map.getAttribute('data-cameras-drawn'));
        // A string, not a function: tsx wraps named functions with a __name helper the page lacks.
        const { intervals: frames, count, total } = (await page.evaluate(PAN_SCRIPT)) as { intervals: number[]; count: number; total: number };
        await context.close();
        return { loadS, meanMs: total / count, medianMs: pct(frames, 0.5), p95Ms: pct(frames, 0.95), frames: frames.length, cameras, mode, drawn };
      };
      const r = await tools.alternate(`web map, ${sc.title}, ${rows} cameras in the database (${total} in all)`, run, (s) =>
        `load ${s.loadS.toFixed(2)} s, ${s.cameras} cameras (${s.mode}, ${s.drawn} one by one), frames mean ${s.meanMs.toFixed(1)} ms (${(1000 / s.meanMs).toFixed(1)} fps), median ${s.medianMs.toFixed(1)} ms, p95 ${s.p95Ms.toFixed(1)} ms over ${s.frames} frames`,
      );
      const m = (side: 'ours' | 'baseline', k: 'loadS' | 'meanMs' | 'medianMs' | 'p95Ms' | 'cameras' | 'drawn') => tools.median(r[side].map((s) => s[k]));
      const cameras = m('ours', 'cameras');
      if (cameras < rows) console.error(`  warning: the map shows ${cameras} cameras, fewer than the ${rows} seeded`);
      const mode = r.ours[0]!.mode;
      results.push(
        { name: `web map, ${sc.title}: ${cameras.toLocaleString('en')} cameras (${mode}, ${m('ours', 'drawn').toLocaleString('en')} one by one); load to ready (cameras on / off)`, ours: m('ours', 'loadS'), baseline: m('baseline', 'loadS'), unit: 's' },
        { name: '  frame time while panning, median (cameras on / off)', ours: m('ours', 'medianMs'), baseline: m('baseline', 'medianMs'), unit: 'ms', digits: 1 },
        { name: '  frame time while panning, p95 (cameras on / off)', ours: m('ours', 'p95Ms'), baseline: m('baseline', 'p95Ms'), unit: 'ms', digits: 1 },
        { name: '  frames per second, mean (cameras on / off)', ours: 1000 / m('ours', 'meanMs'), baseline: 1000 / m('baseline', 'meanMs'), unit: 'fps', digits: 1 },
      );
    }
    return results;
  } finally {
    await browser.close();
    await Promise.all(servers.map((server) => new Promise<void>((resolve) => server.close(() => resolve()))));
  }
}
