/**
 * The `web` benchmark entry: does the map stay smooth with BENCH_WEB_ROWS cameras (default
 * 100,000)? Run with `npm run bench -- web`; needs Debian's chromium (/usr/bin/chromium).
 *
 * Data: BENCH_WEB_ROWS synthetic cameras across Thailand (api/src/demo/synthetic.ts, seeded by
 * COPY, external ids bench-web-<n>), reused when a previous run left exactly as many.
 * The real server (createApp) serves the built web app on a loopback port; headless chromium
 * (software WebGL, --disable-gpu as in the tests) opens it on the whole country at zoom 5.6.
 *
 * Ours: the map with the cameras layer on (`?layers=boundaries,cameras`): all cameras drawn
 * with deck.gl binary attributes. Baseline: the same page with the cameras layer off
 * (`?layers=boundaries`), i.e. the base map alone. For each side:
 *   - load: navigation → the map says data-ready (style, boundaries, and for ours the binary
 *     camera download, decode and upload to the GPU);
 *   - frames: 4 s of panning by 4 px every frame (map.panBy without animation), the browser's
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
}

/** 4 s of panning by 4 px a frame (turning every 60 frames); resolves with the frame intervals (ms, the first five dropped) and the whole window over the number of frames. */
const PAN_SCRIPT = `new Promise((resolve) => {
  const map = window.__atlasMap.map;
  const out = [];
  const start = performance.now();
  let last = start;
  const end = last + 4000;
  let dir = 1;
  function tick(now) {
    out.push(now - last);
    last = now;
    if (out.length % 60 === 0) dir = -dir;
    map.panBy([4 * dir, 0], { animate: false });
    if (now < end) requestAnimationFrame(tick);
    else resolve({ intervals: out.slice(5), count: out.length, total: now - start });
  }
  requestAnimationFrame(tick);
})`;

const pct = (a: number[], p: number) => [...a].sort((x, y) => x - y)[Math.min(a.length - 1, Math.floor(a.length * p))]!;

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
  const app = createApp({ db, config: loadConfig({ DATA_DIR: '/tmp/cctv-atlas-bench' }), log: silentLogger });
  const server = await new Promise<Server>((resolve, reject) => {
    const s = app.listen(0, '127.0.0.1', (err?: Error) => (err ? reject(err) : resolve(s)));
  });
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'] });
  try {
    const run = async (side: 'ours' | 'baseline'): Promise<Sample> => {
      const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
      const page = await context.newPage();
      const layers = side === 'ours' ? 'boundaries,cameras' : 'boundaries';
      const t0 = performance.now();
      await page.goto(`${base}/?layers=${layers}&v=100.9,13.2,5.6`, { waitUntil: 'load' });
      await page.waitForFunction(() => document.querySelector('[data-testid="map"]')?.getAttribute('data-ready') === 'true', undefined, { timeout: 180_000 });
      const loadS = (performance.now() - t0) / 1000;
      const cameras = Number(await page.getByTestId('map').getAttribute('data-camera-count'));
      // A string, not a function: tsx wraps named functions with a __name helper the page lacks.
      const { intervals: frames, count, total } = (await page.evaluate(PAN_SCRIPT)) as { intervals: number[]; count: number; total: number };
      await context.close();
      return { loadS, meanMs: total / count, medianMs: pct(frames, 0.5), p95Ms: pct(frames, 0.95), frames: frames.length, cameras };
    };
    const r = await tools.alternate(`web map, ${rows} cameras in the database (${total} in all)`, run, (s) =>
      `load ${s.loadS.toFixed(2)} s, ${s.cameras} cameras drawn, frames mean ${s.meanMs.toFixed(1)} ms (${(1000 / s.meanMs).toFixed(1)} fps), median ${s.medianMs.toFixed(1)} ms, p95 ${s.p95Ms.toFixed(1)} ms over ${s.frames} frames`,
    );
    const m = (side: 'ours' | 'baseline', k: keyof Sample) => tools.median(r[side].map((s) => s[k]));
    const drawn = m('ours', 'cameras');
    if (drawn < rows) console.error(`  warning: the map drew ${drawn} cameras, fewer than the ${rows} seeded`);
    return [
      { name: `web map with ${drawn.toLocaleString('en')} cameras: load to ready (cameras on / off)`, ours: m('ours', 'loadS'), baseline: m('baseline', 'loadS'), unit: 's' },
      { name: '  frame time while panning, median (cameras on / off)', ours: m('ours', 'medianMs'), baseline: m('baseline', 'medianMs'), unit: 'ms', digits: 1 },
      { name: '  frame time while panning, p95 (cameras on / off)', ours: m('ours', 'p95Ms'), baseline: m('baseline', 'p95Ms'), unit: 'ms', digits: 1 },
      { name: '  frame time while panning, mean (cameras on / off)', ours: m('ours', 'meanMs'), baseline: m('baseline', 'meanMs'), unit: 'ms', digits: 1 },
      { name: '  frames per second, mean (cameras on / off)', ours: 1000 / m('ours', 'meanMs'), baseline: 1000 / m('baseline', 'meanMs'), unit: 'fps', digits: 1 },
    ];
  } finally {
    await browser.close();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
