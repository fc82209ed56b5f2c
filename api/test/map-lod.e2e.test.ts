/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
// (DOM types for the page.evaluate() callbacks, which run in the browser.)
/**
 * The map's level of detail in Debian's chromium (web/src/map/camera-lod.ts): with
 * MAP_CAMERA_POINT_LIMIT at 100, the demo's 860 cameras are too many to draw one by one at the
 * province view, so the map groups them (groups adding up to 860, a tooltip with their counts, a
 * click zooming in); zoomed in, it draws only the cameras around the view, one by one, and a
 * camera opens as usual. The same code path as 100,000 cameras with the default limit.
 * Screenshot: /tmp/cctv-atlas-groups.png.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { promisify } from 'node:util';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT_DIR } from '../src/config.js';
import type { AppContext } from '../src/context.js';
import { ensureDemo } from '../src/demo/seed.js';
import { adminApp, resetDomainData, testContext } from './db.js';

const CHROMIUM = '/usr/bin/chromium';
const LIMIT = 100;

interface Group {
  lon: number;
  lat: number;
  count: number;
  byStatus: number[];
}
type AtlasWindow = {
  __atlasMap: {
    map: { jumpTo: (o: object) => void; getZoom: () => number; isMoving: () => boolean; project: (p: [number, number]) => { x: number; y: number }; getCanvas: () => HTMLCanvasElement };
    deck: { pickObjects: (o: object) => { layer: { id: string } | null; object: unknown }[] };
  };
};

describe.skipIf(!fs.existsSync(CHROMIUM))('cameras grouped and drawn around the view (real browser, limit 100)', () => {
  let ctx: AppContext;
  let server: Server;
  let base: string;
  let browser: Browser;
  let page: Page;
  const consoleErrors: string[] = [];

  const map = () => page.getByTestId('map');
  const attr = async (name: string) => (await map().getAttribute(name)) ?? '';
  const waitMode = async (mode: string) => {
    await page.waitForFunction(
      (m) => {
        const el = document.querySelector('[data-testid="map"]');
        return el?.getAttribute('data-ready') === 'true' && el.getAttribute('data-camera-mode') === m;
      },
      mode,
      { timeout: 60_000 },
    );
  };
  /** Where a point is on the page. */
  const screen = (lon: number, lat: number) =>
    page.evaluate(
      ([x, y]) => {
        const m = (window as unknown as AtlasWindow).__atlasMap.map;
        const p = m.project([x!, y!]);
        const r = m.getCanvas().getBoundingClientRect();
        return { x: r.left + p.x, y: r.top + p.y };
      },
      [lon, lat],
    );

  beforeAll(async () => {
    await promisify(execFile)(process.execPath, ['web/build-if-needed.mjs'], { cwd: ROOT_DIR, maxBuffer: 16 * 1024 * 1024 });
    ctx = testContext();
    await resetDomainData(ctx.db.knex);
    await ensureDemo(ctx.db.knex, () => {});
    const app = adminApp(ctx, { mapCameraPointLimit: LIMIT });
    server = await new Promise<Server>((resolve, reject) => {
      const s = app.listen(0, '127.0.0.1', (err?: Error) => (err ? reject(err) : resolve(s)));
    });
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'th-TH', colorScheme: 'light' });
    page = await context.newPage();
    page.on('console', (m) => {
      if (m.type() === 'error') consoleErrors.push(`${m.text()} (${m.location().url})`);
    });
    page.on('pageerror', (e) => consoleErrors.push(`page error: ${e.message}`));
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    await ctx?.db.close();
  });

  it('groups the province’s cameras: the groups add up to all 860, with their counts by status', async () => {
    await page.goto(`${base}/?layers=boundaries,cameras`, { waitUntil: 'load' });
    await waitMode('cells');
    expect(await attr('data-camera-count')).toBe('860');
    expect(await attr('data-cameras-drawn')).toBe('0');
    await page.getByTestId('map-camera-count').getByText('ซูมเข้าเพื่อดูทีละตัว').waitFor();
    // Every group on screen, as deck.gl picks them (the demo province fits the view).
    const groups = (await page.evaluate(() => {
      const w = window as unknown as AtlasWindow;
      const c = w.__atlasMap.map.getCanvas();
      return w.__atlasMap.deck
        .pickObjects({ x: 0, y: 0, width: c.clientWidth, height: c.clientHeight, layerIds: ['camera-cells'] })
        .map((p) => p.object);
    })) as Group[];
    expect(groups.length).toBeGreaterThan(1);
    expect(groups.reduce((s, g) => s + g.count, 0)).toBe(860);
    const { rows } = await ctx.db.knex.raw(`select count(*) filter (where status = 'working')::int n from cameras`);
    expect(groups.reduce((s, g) => s + g.byStatus[0]!, 0)).toBe(rows[0].n);
    await page.screenshot({ path: '/tmp/cctv-atlas-groups.png' });

    // The biggest group: its tooltip tells its count; a click zooms in on it.
    const big = groups.reduce((a, b) => (b.count > a.count ? b : a));
    const xy = await screen(big.lon, big.lat);
    const zoomBefore = await page.evaluate(() => (window as unknown as AtlasWindow).__atlasMap.map.getZoom());
    await page.mouse.move(xy.x - 40, xy.y - 40);
    await page.mouse.move(xy.x, xy.y, { steps: 3 });
    const tip = page.getByTestId('tooltip');
    await tip.getByText(`กลุ่มกล้อง ${big.count.toLocaleString('en')} ตัว`).waitFor();
    await tip.getByText('คลิกเพื่อซูมเข้า').waitFor();
    await page.mouse.click(xy.x, xy.y);
    await page.waitForFunction((z) => (window as unknown as AtlasWindow).__atlasMap.map.getZoom() > z + 1.5, zoomBefore, { timeout: 10_000 });
    // The click flies in: let the flight end, or its last moveend can land after the next test's jump.
    await page.waitForFunction(() => !(window as unknown as AtlasWindow).__atlasMap.map.isMoving(), null, { timeout: 30_000 });
  });

  it('zoomed in, draws only the cameras around the view, one by one, and opens one', async () => {
    const cam = (await ctx.db.knex('cameras').orderBy('id').first('id', 'place_name', ctx.db.knex.raw('ST_X(geom) as lon'), ctx.db.knex.raw('ST_Y(geom) as lat'))) as { id: number; place_name: string; lon: number; lat: number };
    await page.evaluate(([lon, lat]) => (window as unknown as AtlasWindow).__atlasMap.map.jumpTo({ center: [lon, lat], zoom: 17 }), [cam.lon, cam.lat]);
    await waitMode('points');
    const drawn = Number(await attr('data-cameras-drawn'));
    expect(drawn).toBeGreaterThan(0);
    expect(drawn).toBeLessThanOrEqual(LIMIT);
    expect(await attr('data-camera-count')).toBe('860');
    const xy = await screen(cam.lon, cam.lat);
    await page.mouse.move(xy.x - 30, xy.y - 30);
    await page.mouse.move(xy.x, xy.y, { steps: 3 });
    await page.getByTestId('tooltip').waitFor();
    await page.mouse.click(xy.x, xy.y);
    await page.getByTestId('detail-panel').getByText(cam.place_name).first().waitFor();
    await page.keyboard.press('Escape');
    // Zoomed out again: groups.
    await page.evaluate(() => (window as unknown as AtlasWindow).__atlasMap.map.jumpTo({ zoom: 9 }));
    await waitMode('cells');
    expect(consoleErrors).toEqual([]);
  });
});
