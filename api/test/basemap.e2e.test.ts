/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
// (DOM types for the page.evaluate() callbacks, which run in the browser.)
/**
 * The map's other basemaps in Debian's chromium on the Ang Thong demo: a configured
 * BASEMAP_STYLE_URL (a MapLibre style served by a little loopback tile server in this file), that
 * style failing (HTTP 500, connection refused), and MAPBOX_ACCESS_TOKEN (mapbox-gl) with the same
 * style. Every scenario runs its own app (a config of its own) on its own port, in a fresh browser
 * context. The tile server counts what it is asked; the map canvas is read back to see that the
 * base really is our tile's colour. Screenshot: /tmp/cctv-atlas-basemap.png (and -mapbox).
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import http, { type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { promisify } from 'node:util';
import zlib from 'node:zlib';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig, ROOT_DIR } from '../src/config.js';
import type { AppContext } from '../src/context.js';
import { ensureDemo } from '../src/demo/seed.js';
import { adminApp, resetDomainData, testContext } from './db.js';

const CHROMIUM = '/usr/bin/chromium';
const SHOT = (name: string) => `/tmp/cctv-atlas-${name}.png`;
/** The colour of every tile: far from the offline sea (#cfe3f3) and land (#f6f4ee). */
const TILE_RGB: [number, number, number] = [200, 60, 140];
const DEMO_CAMERAS = 860;

// ---- a PNG, by hand (node:zlib for the deflate, CRC-32 below) ----------------------------------------

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

/** CRC-32 (ISO 3309, as PNG chunks use it). */
function crc32(buf: Buffer): number {
  let c = 0xffffffff;
  for (const byte of buf) c = CRC_TABLE[(c ^ byte) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function pngChunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}

/** A width × height PNG of one colour (8-bit RGB, no interlace, filter 0 on every row). */
function solidPng(width: number, height: number, [r, g, b]: [number, number, number]): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 2, 0, 0, 0], 8); // bit depth 8, colour type 2 (RGB), deflate, filter method 0, no interlace
  const row = Buffer.alloc(1 + width * 3);
  for (let x = 0; x < width; x++) row.set([r, g, b], 1 + x * 3);
  const raw = Buffer.concat(Array.from({ length: height }, () => row));
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', ihdr),
    pngChunk('IDAT', zlib.deflateSync(raw)),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

// ---- the loopback tile server ------------------------------------------------------------------------

interface TileServer {
  origin: string;
  /** Paths asked for, in order. */
  hits: string[];
  close(): Promise<void>;
}

/**
 * Serves /style.json (one raster source), /broken-style.json (HTTP 500), /flaky-style.json (HTTP 500
 * the first time, then the style) and /tiles/{z}/{x}/{y}.png.
 */
async function startTileServer(): Promise<TileServer> {
  const hits: string[] = [];
  const tile = solidPng(256, 256, TILE_RGB);
  let origin = '';
  let flakyServed = 0;
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', origin);
    hits.push(url.pathname);
    // The page's origin is the app's (another port): MapLibre fetches style and tiles with CORS.
    res.setHeader('Access-Control-Allow-Origin', '*');
    if (url.pathname === '/flaky-style.json' && flakyServed++ === 0) {
      res.statusCode = 500;
      res.end('style store is restarting');
      return;
    }
    if (url.pathname === '/style.json' || url.pathname === '/flaky-style.json') {
      res.setHeader('Content-Type', 'application/json');
      res.end(
        JSON.stringify({
          version: 8,
          name: 'loopback test style',
          sources: { 'test-tiles': { type: 'raster', tiles: [`${origin}/tiles/{z}/{x}/{y}.png`], tileSize: 256, maxzoom: 19, attribution: 'loopback test tiles' } },
          // No fade: a tile read back mid-fade would be blended with the empty canvas.
          layers: [{ id: 'test-raster', type: 'raster', source: 'test-tiles', paint: { 'raster-fade-duration': 0 } }],
        }),
      );
      return;
    }
    if (url.pathname === '/broken-style.json') {
      res.statusCode = 500;
      res.setHeader('Content-Type', 'text/plain');
      res.end('style store is down');
      return;
    }
    if (/^\/tiles\/\d+\/\d+\/\d+\.png$/.test(url.pathname)) {
      res.setHeader('Content-Type', 'image/png');
      res.end(tile);
      return;
    }
    res.statusCode = 404;
    res.end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { origin, hits, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

/** A loopback port nobody listens on (bound, then closed). */
async function closedPort(): Promise<number> {
  const s = http.createServer();
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  const port = (s.address() as AddressInfo).port;
  await new Promise<void>((resolve) => s.close(() => resolve()));
  return port;
}

// ---- one app per configuration, one browser context per scenario ------------------------------------

interface Session {
  base: string;
  context: BrowserContext;
  page: Page;
  consoleErrors: string[];
  failedRequests: string[];
  requested: string[];
  /** Requests to another origin than the app's and the tile server's, refused by the test. */
  blocked: string[];
}

/** What MapView exposes for tests (window.__atlasMap; typed in web/src/map/MapView.tsx). */
type AtlasWindow = { __atlasMap?: { map: unknown } };

const inBrowser = {
  ready: () => document.querySelector('[data-testid="map"]')?.getAttribute('data-ready') === 'true',
};

describe.skipIf(!fs.existsSync(CHROMIUM))('configured basemaps in a real browser (demo data)', () => {
  let ctx: AppContext;
  let tiles: TileServer;
  let browser: Browser;
  const servers: Server[] = [];
  const contexts: BrowserContext[] = [];

  /** The app with these basemap settings (read from the environment as main.ts does) on a port of its own. */
  const startApp = async (env: Record<string, string>) => {
    // adminApp: the browser's requests go through the real token check as a national admin.
    const app = adminApp(ctx, loadConfig({ DATA_DIR: '/tmp/cctv-atlas-test', ...env }));
    const server = await new Promise<Server>((resolve, reject) => {
      const s = app.listen(0, '127.0.0.1', (err?: Error) => (err ? reject(err) : resolve(s)));
    });
    servers.push(server);
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  };

  /** A fresh browser context on `base`: records console errors and requests, refuses other origins. */
  const open = async (base: string, allowed: string[] = []): Promise<Session> => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'th-TH', colorScheme: 'light' });
    contexts.push(context);
    const s: Session = { base, context, page: await context.newPage(), consoleErrors: [], failedRequests: [], requested: [], blocked: [] };
    const ours = [base, ...allowed];
    await context.route('**/*', (route) => {
      const url = route.request().url();
      if (ours.some((o) => url.startsWith(o + '/')) || url.startsWith('data:') || url.startsWith('blob:')) return route.continue();
      s.blocked.push(url);
      return route.abort('blockedbyclient');
    });
    s.page.on('console', (m) => {
      if (m.type() === 'error') s.consoleErrors.push(`${m.text()} (${m.location().url})`);
    });
    s.page.on('pageerror', (e) => s.consoleErrors.push(`page error: ${e.message}`));
    s.page.on('request', (r) => s.requested.push(r.url()));
    s.page.on('requestfailed', (r) => {
      if (r.failure()?.errorText !== 'net::ERR_ABORTED') s.failedRequests.push(`${r.url()}: ${r.failure()?.errorText}`);
    });
    s.page.on('response', (r) => {
      if (r.status() >= 400) s.failedRequests.push(`${r.url()}: HTTP ${r.status()}`);
    });
    return s;
  };

  const waitReady = (page: Page) => page.waitForFunction(inBrowser.ready, undefined, { timeout: 60_000 });
  const cameraCount = async (page: Page) => Number(await page.getByTestId('map').getAttribute('data-camera-count'));

  /** The style the map runs now: its source ids and layer ids. */
  const styleOf = (page: Page) =>
    page.evaluate(() => {
      const m = (window as unknown as AtlasWindow).__atlasMap!.map as { getStyle: () => { sources: Record<string, unknown>; layers: { id: string }[] } };
      const st = m.getStyle();
      return { sources: Object.keys(st.sources).sort(), layers: st.layers.map((l) => l.id) };
    });

  /** Waits until the map has loaded every tile of the view and stopped. */
  const waitTiles = (page: Page) =>
    page.waitForFunction(
      () => {
        const m = (window as unknown as AtlasWindow).__atlasMap?.map as { loaded: () => boolean; areTilesLoaded: () => boolean; isMoving: () => boolean } | undefined;
        return Boolean(m && m.loaded() && m.areTilesLoaded() && !m.isMoving());
      },
      undefined,
      { timeout: 30_000 },
    );

  /**
   * Reads back nine pixels (a 3 × 3 grid) of the basemap canvas right after the map renders
   * (inside its 'render' event, before the frame is composited, so no preserveDrawingBuffer is
   * needed). deck.gl draws in a canvas of its own above it, so cameras are not in these pixels.
   */
  const basemapPixels = (page: Page) =>
    page.evaluate(
      () =>
        new Promise<number[][]>((resolve, reject) => {
          const m = (window as unknown as AtlasWindow).__atlasMap!.map as { getCanvas: () => HTMLCanvasElement; once: (t: string, f: () => void) => void; triggerRepaint: () => void };
          const canvas = m.getCanvas();
          const gl = (canvas.getContext('webgl2') ?? canvas.getContext('webgl')) as WebGLRenderingContext | null;
          if (!gl) return reject(new Error('the map canvas has no WebGL context'));
          const timer = window.setTimeout(() => reject(new Error('the map did not render')), 10_000);
          m.once('render', () => {
            window.clearTimeout(timer);
            const out: number[][] = [];
            for (const fy of [0.15, 0.5, 0.85]) {
              for (const fx of [0.15, 0.5, 0.85]) {
                const px = new Uint8Array(4);
                gl.readPixels(Math.floor(gl.drawingBufferWidth * fx), Math.floor(gl.drawingBufferHeight * fy), 1, 1, gl.RGBA, gl.UNSIGNED_BYTE, px);
                out.push([...px]);
              }
            }
            resolve(out);
          });
          m.triggerRepaint();
        }),
    );
  const isTileColour = (px: number[]) => TILE_RGB.every((c, i) => Math.abs(px[i]! - c) <= 4) && px[3]! >= 250;

  /** Chromium's own console line for a response with an error status (no script logs it). */
  const resourceError = (status: number, url: string) => `Failed to load resource: the server responded with a status of ${status} (Internal Server Error) (${url})`;

  beforeAll(async () => {
    const { stdout } = await promisify(execFile)(process.execPath, ['web/build-if-needed.mjs'], { cwd: ROOT_DIR, maxBuffer: 16 * 1024 * 1024 });
    expect(stdout).toMatch(/\[web\] (web\/dist\/index\.html is up to date|built in)/);
    ctx = testContext();
    await resetDomainData(ctx.db.knex);
    await ensureDemo(ctx.db.knex, () => {});
    tiles = await startTileServer();
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
  }, 240_000);

  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => undefined);
    await browser?.close();
    for (const s of servers) await new Promise<void>((resolve) => s.close(() => resolve()));
    await tiles?.close();
    await ctx?.db.close();
  });

  it('BASEMAP_STYLE_URL: the configured style and its tiles draw the base, the cameras on top', async () => {
    const styleUrl = `${tiles.origin}/style.json`;
    const base = await startApp({ BASEMAP_STYLE_URL: styleUrl });
    const config = (await (await fetch(`${base}/api/map/config`)).json()) as { basemapStyleUrl: string | null; mapboxToken: string | null };
    expect(config).toMatchObject({ basemapStyleUrl: styleUrl, mapboxToken: null });
    const before = tiles.hits.length;
    const s = await open(base, [tiles.origin]);
    const { page } = s;
    await page.goto(`${base}/?province=15`, { waitUntil: 'load' });
    await waitReady(page);
    await page.waitForFunction((n) => Number(document.querySelector('[data-testid="map"]')?.getAttribute('data-camera-count')) === n, DEMO_CAMERAS, { timeout: 30_000 });
    expect(await cameraCount(page)).toBe(DEMO_CAMERAS);
    expect(await page.getByTestId('map').getAttribute('data-engine')).toBe('maplibre');
    await waitTiles(page);

    // The tile server was asked for the style once and for tiles of the view.
    const hits = tiles.hits.slice(before);
    expect(hits.filter((h) => h === '/style.json')).toHaveLength(1);
    const tileHits = hits.filter((h) => h.startsWith('/tiles/'));
    expect(tileHits.length).toBeGreaterThan(0);
    // Ang Thong at the fitted zoom: tile columns/rows around lon 100.45, lat 14.6.
    for (const h of tileHits) {
      const [z, x, y] = h.match(/\/tiles\/(\d+)\/(\d+)\/(\d+)\.png/)!.slice(1).map(Number) as [number, number, number];
      const lon = (x / 2 ** z) * 360 - 180;
      expect(lon).toBeGreaterThan(95);
      expect(lon).toBeLessThan(106);
      expect(y).toBeLessThan(2 ** z);
    }

    // The map runs the configured style: its raster source and layer, and none of the offline
    // style's own layers (sea background, land fill). Our boundary outlines still go on top.
    const style = await styleOf(page);
    expect(style.sources).toEqual(['atlas-district', 'atlas-province', 'atlas-subdistrict', 'test-tiles']);
    expect(style.layers[0]).toBe('test-raster');
    expect(style.layers).not.toContain('atlas-background');
    expect(style.layers).not.toContain('atlas-land');
    expect(style.layers).toContain('atlas-province-line');
    // …and the canvas shows the tiles' colour, not the offline sea or land.
    const pixels = await basemapPixels(page);
    expect(pixels.filter(isTileColour).length, JSON.stringify(pixels)).toBeGreaterThanOrEqual(6);
    // The configured source's attribution is shown (the offline map has no attribution control).
    expect(await page.locator('.maplibregl-ctrl-attrib').textContent()).toContain('loopback test tiles');
    await expect.poll(() => page.getByTestId('map-error').count()).toBe(0);
    await page.screenshot({ path: SHOT('basemap') });

    expect(s.consoleErrors).toEqual([]);
    expect(s.failedRequests).toEqual([]);
    expect(s.blocked).toEqual([]);
    expect(s.requested.filter((u) => !u.startsWith(base + '/') && !u.startsWith(tiles.origin + '/') && !u.startsWith('data:') && !u.startsWith('blob:'))).toEqual([]);
  });

  it('BASEMAP_STYLE_URL answering 500: the map says so in an error banner, the panels still work', async () => {
    const styleUrl = `${tiles.origin}/broken-style.json`;
    const base = await startApp({ BASEMAP_STYLE_URL: styleUrl });
    const before = tiles.hits.length;
    const s = await open(base, [tiles.origin]);
    const { page } = s;
    await page.goto(`${base}/?province=15`, { waitUntil: 'load' });
    const banner = page.getByTestId('map-error');
    await banner.waitFor({ timeout: 30_000 });
    expect(await banner.getAttribute('role')).toBe('alert');
    // MapLibre's AJAXError message names the status and the URL.
    const text = await banner.innerText();
    expect(text).toContain('โหลดข้อมูลแผนที่ไม่สำเร็จ');
    expect(text).toContain('500');
    expect(text).toContain(styleUrl);
    expect(tiles.hits.slice(before)).toEqual(['/broken-style.json']);

    // The style never loads, so the map never becomes ready; the cameras are still fetched and
    // counted (data-camera-count is the data, not what reached the screen).
    await page.waitForFunction((n) => Number(document.querySelector('[data-testid="map"]')?.getAttribute('data-camera-count')) === n, DEMO_CAMERAS, { timeout: 30_000 });
    await page.waitForTimeout(1000);
    expect(await page.getByTestId('map').getAttribute('data-ready')).toBe('false');
    // (The screenshot shows deck.gl's cameras over the empty map; the banner names the failure.)
    await page.screenshot({ path: SHOT('basemap-500') });

    // The rest of the app works: the dashboard answers with the province's figures.
    await page.getByTestId('tab-dashboard').click();
    const kpis = page.locator('.dash-kpis');
    await kpis.waitFor({ timeout: 30_000 });
    await expect.poll(() => kpis.innerText(), { timeout: 30_000 }).toContain(String(DEMO_CAMERAS));
    // The retry button is there and keyboard reachable: it fetches the style again, which still
    // fails here, and says so again.
    const retry = banner.getByRole('button', { name: 'ลองอีกครั้ง' });
    await retry.focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => tiles.hits.slice(before).filter((h) => h === '/broken-style.json').length, { timeout: 15_000 }).toBe(2);
    await banner.waitFor({ timeout: 15_000 });
    expect(await page.getByTestId('map').getAttribute('data-ready')).toBe('false');
    await page.screenshot({ path: SHOT('basemap-500-retry') });

    // The only console errors are chromium's own lines for the 500 answer(s).
    expect(s.consoleErrors.length).toBeGreaterThan(0);
    expect(s.consoleErrors.filter((e) => e !== resourceError(500, styleUrl))).toEqual([]);
    expect(s.failedRequests.filter((f) => f !== `${styleUrl}: HTTP 500`)).toEqual([]);
    expect(s.blocked).toEqual([]);
  });

  it('a style that fails once: "try again" fetches it again and the map comes up', async () => {
    const styleUrl = `${tiles.origin}/flaky-style.json`;
    const base = await startApp({ BASEMAP_STYLE_URL: styleUrl });
    const s = await open(base, [tiles.origin]);
    const { page } = s;
    await page.goto(`${base}/?province=15`, { waitUntil: 'load' });
    const banner = page.getByTestId('map-error');
    await banner.waitFor({ timeout: 30_000 });
    await banner.getByRole('button', { name: 'ลองอีกครั้ง' }).click();
    await page.waitForFunction(() => document.querySelector('[data-testid="map"]')?.getAttribute('data-ready') === 'true', undefined, { timeout: 60_000 });
    expect(await banner.count()).toBe(0);
    expect(tiles.hits.filter((h) => h === '/flaky-style.json')).toHaveLength(2);
    expect((await styleOf(page)).layers[0]).toBe('test-raster');
    expect(await page.getByTestId('map').getAttribute('data-camera-count')).toBe(String(DEMO_CAMERAS));
  });

  it('BASEMAP_STYLE_URL unreachable: the same error banner, the app still answers', async () => {
    const styleUrl = `http://127.0.0.1:${await closedPort()}/style.json`;
    const base = await startApp({ BASEMAP_STYLE_URL: styleUrl });
    const s = await open(base, [new URL(styleUrl).origin]);
    const { page } = s;
    await page.goto(`${base}/?province=15`, { waitUntil: 'load' });
    const banner = page.getByTestId('map-error');
    await banner.waitFor({ timeout: 30_000 });
    expect(await banner.innerText()).toContain('โหลดข้อมูลแผนที่ไม่สำเร็จ');
    await page.waitForFunction((n) => Number(document.querySelector('[data-testid="map"]')?.getAttribute('data-camera-count')) === n, DEMO_CAMERAS, { timeout: 30_000 });
    expect(await page.getByTestId('map').getAttribute('data-ready')).toBe('false');
    // The layers panel still drives the state (and the link).
    await page.getByTestId('layer-toggle-views').check();
    await page.waitForFunction(() => (new URL(location.href).searchParams.get('layers') ?? '').includes('views'));
    expect(s.failedRequests).toEqual([`${styleUrl}: net::ERR_CONNECTION_REFUSED`]);
    expect(s.consoleErrors.filter((e) => !e.includes('net::ERR_CONNECTION_REFUSED'))).toEqual([]);
    expect(s.blocked).toEqual([]);
  });

  it('MAPBOX_ACCESS_TOKEN with the configured style: mapbox-gl draws the same tiles and the cameras', async () => {
    const styleUrl = `${tiles.origin}/style.json`;
    const base = await startApp({ BASEMAP_STYLE_URL: styleUrl, MAPBOX_ACCESS_TOKEN: 'pk.test-token' });
    const before = tiles.hits.length;
    const s = await open(base, [tiles.origin]);
    const { page } = s;
    await page.goto(`${base}/?province=15`, { waitUntil: 'load' });
    await waitReady(page);
    await page.waitForFunction((n) => Number(document.querySelector('[data-testid="map"]')?.getAttribute('data-camera-count')) === n, DEMO_CAMERAS, { timeout: 30_000 });
    expect(await page.getByTestId('map').getAttribute('data-engine')).toBe('mapbox');
    // The mapbox-gl chunk was loaded (a default page never asks for it).
    expect(s.requested.some((u) => u.startsWith(`${base}/assets/kit-mapbox-`) && u.endsWith('.js'))).toBe(true);
    expect(await page.locator('.mapboxgl-map').count()).toBe(1);
    expect(await page.locator('.maplibregl-map').count()).toBe(0);
    await waitTiles(page);

    const hits = tiles.hits.slice(before);
    expect(hits.filter((h) => h === '/style.json')).toHaveLength(1);
    expect(hits.filter((h) => h.startsWith('/tiles/')).length).toBeGreaterThan(0);
    const style = await styleOf(page);
    expect(style.sources).toEqual(expect.arrayContaining(['test-tiles', 'atlas-province']));
    expect(style.layers).toContain('test-raster');
    expect(style.layers).not.toContain('atlas-background');
    const pixels = await basemapPixels(page);
    expect(pixels.filter(isTileColour).length, JSON.stringify(pixels)).toBeGreaterThanOrEqual(6);
    await expect.poll(() => page.getByTestId('map-error').count()).toBe(0);
    await page.screenshot({ path: SHOT('basemap-mapbox') });

    // mapbox-gl reaches for Mapbox's own servers (telemetry) even with a style of ours; the test
    // refuses every other origin and lists here exactly what was tried.
    const tried = [...new Set(s.blocked.map((u) => new URL(u).host + new URL(u).pathname))].sort();
    console.log(`[basemap e2e] mapbox-gl tried (blocked): ${tried.join(', ') || 'nothing'}`);
    expect(s.blocked.every((u) => /^https:\/\/(api|events)\.mapbox\.com\//.test(u)), s.blocked.join('\n')).toBe(true);
    // Console errors tolerated: only those of the blocked Mapbox calls.
    console.log(`[basemap e2e] mapbox console errors: ${JSON.stringify(s.consoleErrors)}`);
    expect(s.consoleErrors.filter((e) => !/https:\/\/(api|events)\.mapbox\.com\//.test(e))).toEqual([]);
    expect(s.failedRequests.filter((f) => !/^https:\/\/(api|events)\.mapbox\.com\/\S*: net::ERR_BLOCKED_BY_CLIENT/.test(f))).toEqual([]);
  });

  it('without either setting: the offline basemap, and no request leaves the app', async () => {
    const base = await startApp({});
    const s = await open(base);
    await s.page.goto(`${base}/?province=15`, { waitUntil: 'load' });
    await waitReady(s.page);
    expect(await s.page.getByTestId('map').getAttribute('data-engine')).toBe('maplibre');
    const style = await styleOf(s.page);
    expect(style.layers.slice(0, 2)).toEqual(['atlas-background', 'atlas-land']);
    // The pixel probe of the scenarios above, as a control: here it reads the offline sea and
    // land (#cfe3f3, #f6f4ee), never the tiles' colour.
    await waitTiles(s.page);
    const pixels = await basemapPixels(s.page);
    expect(pixels.filter(isTileColour)).toEqual([]);
    const offlineRgb = [[0xcf, 0xe3, 0xf3], [0xf6, 0xf4, 0xee]];
    const isOffline = (px: number[]) => offlineRgb.some((rgb) => rgb.every((c, i) => Math.abs(px[i]! - c) <= 4));
    expect(pixels.filter(isOffline).length, JSON.stringify(pixels)).toBeGreaterThanOrEqual(6);
    expect(s.requested.filter((u) => !u.startsWith(base + '/') && !u.startsWith('data:') && !u.startsWith('blob:'))).toEqual([]);
    expect(s.blocked).toEqual([]);
    expect(s.consoleErrors).toEqual([]);
  });
});
