/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
// (DOM types for the page.evaluate() callbacks, which run in the browser.)
/**
 * The map app end to end in Debian's chromium on the Ang Thong demo: first load (map, cameras, no
 * console errors, nothing from another origin), layer toggles, a district filter, a camera's
 * details, a ranking with a budget, a proposed site changing the coverage number, the language
 * switch, and a GeoJSON export downloaded and counted. Screenshots go to /tmp/cctv-atlas-*.png.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { promisify } from 'node:util';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT_DIR } from '../src/config.js';
import type { AppContext } from '../src/context.js';
import { ensureDemo } from '../src/demo/seed.js';
import { adminApp, resetDomainData, testContext } from './db.js';

const CHROMIUM = '/usr/bin/chromium';
const SHOT = (name: string) => `/tmp/cctv-atlas-${name}.png`;

describe.skipIf(!fs.existsSync(CHROMIUM))('the map app in a real browser (demo data)', () => {
  let ctx: AppContext;
  let server: Server;
  let base: string;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const consoleErrors: string[] = [];
  const failedRequests: string[] = [];
  const requested: string[] = [];

  const mapReady = async () => {
    await page.waitForFunction(() => document.querySelector('[data-testid="map"]')?.getAttribute('data-ready') === 'true', undefined, { timeout: 60_000 });
  };
  const cameraCount = async () => Number(await page.getByTestId('map').getAttribute('data-camera-count'));
  /** Waits until the map has drawn a camera count satisfying `ok`. */
  const waitCount = async (ok: (n: number) => boolean) => {
    for (let i = 0; i < 200; i++) {
      const n = await cameraCount();
      if (ok(n) && (await page.getByTestId('map').getAttribute('data-ready')) === 'true') return n;
      await page.waitForTimeout(100);
    }
    throw new Error(`camera count stayed at ${await cameraCount()}`);
  };

  beforeAll(async () => {
    const { stdout } = await promisify(execFile)(process.execPath, ['web/build-if-needed.mjs'], { cwd: ROOT_DIR, maxBuffer: 16 * 1024 * 1024 });
    expect(stdout).toMatch(/\[web\] (web\/dist\/index\.html is up to date|built in)/);
    ctx = testContext();
    await resetDomainData(ctx.db.knex);
    await ensureDemo(ctx.db.knex, () => {});
    const app = adminApp(ctx);
    server = await new Promise<Server>((resolve, reject) => {
      const s = app.listen(0, '127.0.0.1', (err?: Error) => (err ? reject(err) : resolve(s)));
    });
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'th-TH', colorScheme: 'light', acceptDownloads: true });
    page = await context.newPage();
    page.on('console', (m) => {
      if (m.type() === 'error') consoleErrors.push(`${m.text()} (${m.location().url})`);
    });
    page.on('pageerror', (e) => consoleErrors.push(`page error: ${e.message}`));
    page.on('request', (r) => requested.push(r.url()));
    page.on('requestfailed', (r) => {
      // Requests the app aborts itself (a newer filter replaced them) are not failures.
      if (r.failure()?.errorText !== 'net::ERR_ABORTED') failedRequests.push(`${r.url()}: ${r.failure()?.errorText}`);
    });
    page.on('response', (r) => {
      if (r.status() >= 400) failedRequests.push(`${r.url()}: HTTP ${r.status()}`);
    });
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    await ctx?.db.close();
  });

  it('first load shows the map of the demo province with all its cameras', async () => {
    await page.goto(base + '/', { waitUntil: 'load' });
    await mapReady();
    expect(await waitCount((n) => n === 860)).toBe(860);
    // The map fitted the demo province and says so in the link.
    await page.waitForFunction(() => new URL(location.href).searchParams.has('v'));
    const v = new URL(page.url()).searchParams.get('v')!.split(',').map(Number);
    expect(v[0]).toBeGreaterThan(100.2);
    expect(v[0]).toBeLessThan(100.7);
    expect(v[1]).toBeGreaterThan(14.4);
    expect(v[1]).toBeLessThan(14.9);
    await page.getByTestId('legend').waitFor();
    await page.screenshot({ path: SHOT('map') });
  });

  it('toggles layers and keeps them in the link', async () => {
    const toggle = page.getByTestId('layer-toggle-cameras');
    await toggle.uncheck();
    await page.waitForFunction(() => (new URL(location.href).searchParams.get('layers') ?? '').split(',').indexOf('cameras') < 0);
    await toggle.check();
    await page.getByTestId('layer-toggle-views').check();
    await page.waitForFunction(() => (new URL(location.href).searchParams.get('layers') ?? '').includes('views'));
    await page.getByTestId('layer-toggle-views').uncheck();
    await mapReady();
  });

  it('filters by district: the map shows that district’s cameras only', async () => {
    const { rows } = await ctx.db.knex.raw(`select district_id, count(*)::int n from cameras where province_code = '15' group by 1 order by 2 desc limit 1`);
    const { district_id: district, n } = rows[0] as { district_id: number; n: number };
    try {
      await page.getByTestId('filter-province').selectOption('15');
      await page.getByTestId('filter-district').selectOption(String(district));
      expect(await waitCount((x) => x === n)).toBe(n);
      // The link follows the state after a short debounce.
      await page.waitForFunction((d) => new URL(location.href).searchParams.get('district') === d, String(district));
    } finally {
      // Later scenarios expect the whole province, whatever happened here.
      await page.getByTestId('filters-clear').click();
    }
    await waitCount((x) => x === 860);
  });

  it('opens a camera: its details with every field', async () => {
    const cam = (await ctx.db.knex('cameras').where({ status: 'working' }).orderBy('id').first('id', 'place_name', ctx.db.knex.raw('ST_X(geom) as lon'), ctx.db.knex.raw('ST_Y(geom) as lat'))) as { id: number; place_name: string; lon: number; lat: number };
    // Fly close so the camera is alone under the cursor, then click where the map draws it.
    await page.evaluate(([lon, lat]) => (window as unknown as { __atlasMap: { map: { jumpTo: (o: object) => void } } }).__atlasMap.map.jumpTo({ center: [lon, lat], zoom: 18 }), [cam.lon, cam.lat]);
    await page.waitForTimeout(500);
    const xy = await page.evaluate(([lon, lat]) => {
      const m = (window as unknown as { __atlasMap: { map: { project: (p: [number, number]) => { x: number; y: number }; getCanvas: () => HTMLCanvasElement } } }).__atlasMap.map;
      const p = m.project([lon!, lat!]);
      const r = m.getCanvas().getBoundingClientRect();
      return { x: r.left + p.x, y: r.top + p.y };
    }, [cam.lon, cam.lat]);
    // Hovering shows the tooltip once the pointer rests (deck.gl picks on rest, not on every move).
    await page.mouse.move(xy.x - 30, xy.y - 30);
    await page.mouse.move(xy.x, xy.y, { steps: 3 });
    await page.getByTestId('tooltip').waitFor();
    await page.mouse.click(xy.x, xy.y);
    const detail = page.getByTestId('detail-panel');
    await detail.waitFor();
    await detail.getByText(cam.place_name).first().waitFor();
    await page.waitForFunction((sel) => new URL(location.href).searchParams.get('sel') === sel, `camera:${cam.id}`);
    await page.screenshot({ path: SHOT('camera') });
    await page.keyboard.press('Escape');
    await detail.waitFor({ state: 'detached' });
  });

  it('runs a ranking with a budget and lists the proposals', async () => {
    await page.getByTestId('tab-planning').click();
    await page.getByTestId('planning-budget').fill('3000000');
    await page.getByTestId('planning-rank').click();
    const table = page.getByTestId('planning-ranking');
    await table.locator('tbody tr').first().waitFor({ timeout: 60_000 });
    expect(await table.locator('tbody tr').count()).toBeGreaterThan(3);
    await page.getByTestId('planning-curve').waitFor();
    await page.screenshot({ path: SHOT('planning') });
  });

  it('adds a proposed site on an uncovered risk point and the coverage number goes up', async () => {
    const body = (await (await fetch(`${base}/api/analysis/risk-points?province=15`)).json()) as { points: { covered: boolean; geometry: { coordinates: [number, number] } }[] };
    const target = body.points.find((p) => !p.covered)!.geometry.coordinates;
    await page.evaluate(([lon, lat]) => (window as unknown as { __atlasMap: { map: { jumpTo: (o: object) => void } } }).__atlasMap.map.jumpTo({ center: [lon, lat], zoom: 16 }), target);
    await page.waitForTimeout(500);
    const coverage = page.getByTestId('planning-coverage');
    // The what-if sits in its own folded section of the planning panel.
    const section = page.locator('details', { has: page.getByTestId('planning-add-site') });
    if ((await section.getAttribute('open')) === null) await section.locator('summary').first().click();
    await page.getByTestId('planning-add-site').click();
    await coverage.waitFor();
    const before = Number(await coverage.getAttribute('data-points-covered'));
    const xy = await page.evaluate(([lon, lat]) => {
      const m = (window as unknown as { __atlasMap: { map: { project: (p: [number, number]) => { x: number; y: number }; getCanvas: () => HTMLCanvasElement } } }).__atlasMap.map;
      const p = m.project([lon!, lat!]);
      const r = m.getCanvas().getBoundingClientRect();
      return { x: r.left + p.x, y: r.top + p.y };
    }, target);
    // A new site faces north (fixed, 90°, 40 m): put it ~20 m south of the point, which its cone
    // then contains (on the point itself the point would sit on the cone's apex edge).
    const metresPerPixel = await page.evaluate((lat) => (156543.03 * Math.cos((lat * Math.PI) / 180)) / 2 ** (window as unknown as { __atlasMap: { map: { getZoom: () => number } } }).__atlasMap.map.getZoom(), target[1]);
    await page.mouse.click(xy.x, xy.y + 20 / metresPerPixel);
    await page.waitForFunction(
      (b) => Number(document.querySelector('[data-testid="planning-coverage"]')?.getAttribute('data-points-covered')) > b,
      before,
      { timeout: 30_000 },
    );
  });

  it('switches the whole app to English and back', async () => {
    await page.getByTestId('lang-en').click();
    await page.getByRole('heading', { level: 1, name: 'cctv-atlas — CCTV map' }).waitFor();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');
    expect(await page.getByTestId('tab-planning').innerText()).toBe('Planning');
    await page.getByTestId('lang-th').click();
    await page.getByRole('heading', { level: 1, name: 'cctv-atlas — แผนที่กล้องวงจรปิด' }).waitFor();
  });

  it('downloads a GeoJSON export of the cameras with every feature', async () => {
    await page.getByTestId('tab-export').click();
    await page.getByTestId('export-kind').selectOption('cameras');
    await page.getByTestId('export-format').selectOption('geojson');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-link').click()]);
    const file = path.join('/tmp', `cctv-atlas-e2e-${process.pid}.geojson`);
    await download.saveAs(file);
    const fc = JSON.parse(fs.readFileSync(file, 'utf8')) as { type: string; features: unknown[] };
    fs.rmSync(file, { force: true });
    expect(fc.type).toBe('FeatureCollection');
    expect(fc.features).toHaveLength(860);
  });

  it('logged no console errors, no failed requests and asked no other origin', () => {
    expect(consoleErrors).toEqual([]);
    expect(failedRequests).toEqual([]);
    expect(requested.filter((u) => !u.startsWith(base) && !u.startsWith('data:') && !u.startsWith('blob:'))).toEqual([]);
  });
});
