/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
// (DOM types for the page.evaluate() callbacks, which run in the browser.)
/**
 * The public map in Debian's chromium, as an anonymous visitor. With PUBLIC_MAP=on: the map draws
 * every camera the database holds (the binary answer the page got, checked id by id); only the
 * layers tab, even when the link names a data-entry tab; only the layers a visitor may see (cameras,
 * boundaries), offered, loaded and in the legend, and no error message; the province and district
 * filter works; a camera's tooltip and details say its state from the map's own data, with no edit
 * button and no request for its record — no 401 at all while the visitor uses the map (but the
 * gate's own /api/auth/me); none of the secrets planted on cameras and on an agency (contact,
 * phone, stream URL, and the record's free text — the public map claims positions and states only —
 * and the agency's name) is in any response the page received nor on the page; the records' API,
 * exports and OGC API answer the page 401; "log in" (and back) is there, and logging in brings the
 * full app, whose API does hold the planted values; when that session expires, the login offers the
 * way back to the public map again. With PUBLIC_MAP off (the default): the login form and no camera
 * data at all. Screenshots: /tmp/cctv-atlas-public-map.png, /tmp/cctv-atlas-public-detail.png.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { promisify } from 'node:util';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, isPublicMapPath } from '../src/app.js';
import { ROOT_DIR } from '../src/config.js';
import type { AppContext } from '../src/context.js';
import { ensureDemo } from '../src/demo/seed.js';
import { AgencyType, CameraKind, CameraStatus, Linkage } from '../src/domain/enums.js';
import { TEST_PASSWORD, userWithPassword } from './auth-helpers.js';
import { resetDomainData, testContext } from './db.js';

const CHROMIUM = '/usr/bin/chromium';
const USERNAME = 'public-map-sec';
const LAUNCH_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/**
 * Every planted value holds MARK, which nothing else in the app or the demo data contains: "no
 * response holds MARK" covers them all, whatever escaping; each value is also searched for whole.
 */
const MARK = 'QZXPLANT';
const cameraSecrets = (id: number) => ({
  contact_name: `คุณลับ ${MARK}-contact-${id}`,
  phone: `08${MARK}${id}`,
  stream_url: `rtsp://viewer:pw@${MARK.toLowerCase()}-${id}.example.net/live`,
  place_name: `สี่แยก ${MARK}-place-${id}`,
  address: `ซอยลับ ${MARK}-address-${id}`,
  other_details: `${MARK}-other-${id}`,
  control_centre: `${MARK}-centre-${id}`,
  footage_request_procedure: `${MARK}-procedure-${id}`,
});
const AGENCY_SECRETS = { name: `เทศบาล ${MARK}-agency`, contact_name: `${MARK}-agency-contact`, phone: `02${MARK}77` };
/** What an anonymous visitor may learn of one camera (the binary map answer's columns). */
const PUBLIC_FIELDS = new Set(['id', 'lon', 'lat', 'status', 'agency_type', 'owner_type', 'linkage', 'kind', 'direction_deg', 'fov_deg', 'range_m']);

interface Recorded {
  path: string;
  status: number;
  body: Buffer | null;
}

/** Starts `app` on a free loopback port. */
async function listen(app: ReturnType<typeof createApp>): Promise<{ server: Server; base: string }> {
  const server = await new Promise<Server>((resolve, reject) => {
    const s = app.listen(0, '127.0.0.1', (err?: Error) => (err ? reject(err) : resolve(s)));
  });
  return { server, base: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

/**
 * A page in a fresh browser context (no cookie) that keeps every response it receives, body
 * included; `settled()` waits for the bodies still being read.
 */
async function recordingPage(browser: Browser) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'th-TH', colorScheme: 'light' });
  const page = await context.newPage();
  const responses: Recorded[] = [];
  const consoleErrors: string[] = [];
  const pending: Promise<void>[] = [];
  page.on('console', (m) => {
    // A refused API call shows as a console error by design of the browser: only count others.
    if (m.type() === 'error' && !/status of 40[13]/.test(m.text())) consoleErrors.push(`${m.text()} (${m.location().url})`);
  });
  page.on('pageerror', (e) => consoleErrors.push(`page error: ${e.message}`));
  page.on('response', (r) => {
    pending.push(
      r.body().then(
        (body) => void responses.push({ path: new URL(r.url()).pathname, status: r.status(), body }),
        () => void responses.push({ path: new URL(r.url()).pathname, status: r.status(), body: null }), // a redirect has none
      ),
    );
  });
  const settled = async () => {
    for (let n = -1; n !== pending.length; ) {
      n = pending.length;
      await Promise.all(pending);
    }
  };
  return { context, page, responses, consoleErrors, settled };
}

/** The planted strings in a body (MARK alone when it shows up otherwise, e.g. escaped). */
function planted(body: Buffer | string | null, secrets: string[]): string[] {
  if (body === null) return [];
  const text = typeof body === 'string' ? body : body.toString('utf8');
  const found = secrets.filter((s) => text.includes(s));
  if (!found.length && text.includes(MARK)) found.push(MARK);
  return found;
}

/** The responses holding planted strings, as "status path: strings" (none: []). */
const leaksIn = (responses: Recorded[], secrets: string[]) =>
  responses.map((r) => ({ r, found: planted(r.body, secrets) })).filter((x) => x.found.length).map((x) => `${x.r.status} ${x.r.path}: ${x.found.join(', ')}`);

const waitReady = (page: Page) =>
  page.waitForFunction(() => document.querySelector('[data-testid="map"]')?.getAttribute('data-ready') === 'true', undefined, { timeout: 60_000 });

const tabIds = (page: Page) => page.getByRole('tab').evaluateAll((els) => els.map((e) => e.getAttribute('data-testid')));

type AtlasWindow = {
  __atlasMap: {
    map: { jumpTo: (o: object) => void; project: (p: [number, number]) => { x: number; y: number }; getCanvas: () => HTMLCanvasElement };
  };
};

/** The refused answers the page got but the gate's own "who is logged in?" (none while a visitor just uses the map). */
const refusals = (responses: Recorded[]) => responses.filter((r) => r.status === 401 && r.path !== '/api/auth/me').map((r) => `${r.status} ${r.path}`);

/** The data-testid of the elements matching `selector`, in page order. */
const testIds = (page: Page, selector: string) => page.locator(selector).evaluateAll((els) => els.map((e) => e.getAttribute('data-testid')));

/** The status from the page's point of view, of a same-origin GET made by the page itself. */
const statusFromPage = (page: Page, path: string) => page.evaluate(async (p) => (await fetch(p, { headers: { Accept: 'application/json' } })).status, path);

describe.skipIf(!fs.existsSync(CHROMIUM))('the public map (real browser, anonymous visitor)', () => {
  let ctx: AppContext;
  let browser: Browser;
  const servers: Server[] = [];
  let openBase: string;
  let closedBase: string;
  let secrets: string[];
  let marked: { id: number; lon: number; lat: number; status: string; agencyType: string; linkage: string | null; kind: string; districtId: number }[];
  let dbIds: number[];
  let dbWorking: number;
  /** The demo province's districts (id, Thai name) and how many cameras each holds. */
  let districts: { id: number; name_th: string; cameras: number }[];

  beforeAll(async () => {
    await promisify(execFile)(process.execPath, ['web/build-if-needed.mjs'], { cwd: ROOT_DIR, maxBuffer: 16 * 1024 * 1024 });
    ctx = testContext();
    const knex = ctx.db.knex;
    await resetDomainData(knex);
    await ensureDemo(knex, () => {});
    // Secrets on every 40th camera (22 of the demo's 860), and on the agency of the first of them.
    const rows = (await knex('cameras as c')
      .join('agencies as a', 'a.id', 'c.agency_id')
      .whereRaw('c.id % 40 = 1')
      .orderBy('c.id')
      .select('c.id', 'c.agency_id', 'c.status', 'c.linkage', 'c.kind', 'c.district_id', 'a.type as agency_type', knex.raw('ST_X(c.geom) as lon'), knex.raw('ST_Y(c.geom) as lat'))) as {
      id: string | number;
      agency_id: number;
      status: string;
      linkage: string | null;
      kind: string;
      district_id: number;
      agency_type: string;
      lon: number;
      lat: number;
    }[];
    marked = rows.map((r) => ({ id: Number(r.id), lon: r.lon, lat: r.lat, status: r.status, agencyType: r.agency_type, linkage: r.linkage, kind: r.kind, districtId: Number(r.district_id) }));
    for (const m of marked) expect(await knex('cameras').where('id', m.id).update(cameraSecrets(m.id))).toBe(1);
    expect(await knex('agencies').where('id', rows[0]!.agency_id).update(AGENCY_SECRETS)).toBe(1);
    secrets = [...marked.flatMap((m) => Object.values(cameraSecrets(m.id))), ...Object.values(AGENCY_SECRETS)];
    dbIds = ((await knex('cameras').orderBy('id').pluck('id')) as (string | number)[]).map(Number);
    dbWorking = Number((await knex('cameras').where('status', 'working').count({ n: '*' }).first())!.n);
    districts = (
      (await knex('districts as d')
        .leftJoin('cameras as c', 'c.district_id', 'd.id')
        .where('d.province_code', '15')
        .groupBy('d.id', 'd.name_th')
        .orderBy('d.id')
        .select('d.id', 'd.name_th', knex.raw('count(c.id)::int as cameras'))) as { id: string | number; name_th: string; cameras: number }[]
    ).map((d) => ({ id: Number(d.id), name_th: d.name_th, cameras: Number(d.cameras) }));
    await userWithPassword(knex, { username: USERNAME, role: 'secretariat', province: '15', displayName: 'เลขาฯ อ่างทอง' });

    const open = await listen(createApp({ ...ctx, config: { ...ctx.config, publicMap: true } }));
    const closed = await listen(createApp({ ...ctx, config: { ...ctx.config, publicMap: false } }));
    servers.push(open.server, closed.server);
    openBase = open.base;
    closedBase = closed.base;
    browser = await chromium.launch({ executablePath: CHROMIUM, args: LAUNCH_ARGS });
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    for (const s of servers) await new Promise<void>((resolve) => s.close(() => resolve()));
    await ctx?.db.knex('users').where('username', USERNAME).delete();
    await ctx?.db.close();
  });

  describe('PUBLIC_MAP=on', () => {
    let rec: Awaited<ReturnType<typeof recordingPage>>;
    let page: Page;

    beforeAll(async () => {
      rec = await recordingPage(browser);
      page = rec.page;
    });

    it('draws every camera of the database without a login, with the layers tab only (even when the link names the import tab)', async () => {
      expect(dbIds.length).toBe(860);
      await page.goto(`${openBase}/?panel=import`, { waitUntil: 'load' });
      await waitReady(page);
      expect(await page.getByTestId('login-form').count()).toBe(0);
      const map = page.getByTestId('map');
      expect(await map.getAttribute('data-camera-count')).toBe(String(dbIds.length));
      expect(await map.getAttribute('data-cameras-drawn')).toBe(String(dbIds.length));

      // What the page got: the binary camera answer ('ATLC' v1) holds exactly the database's cameras.
      await rec.settled();
      const got = rec.responses.filter((r) => r.path === '/api/map/cameras');
      expect(got.map((r) => r.status)).toEqual([200]);
      const body = got[0]!.body!;
      expect(body.subarray(0, 4).toString('ascii')).toBe('ATLC');
      const n = body.readUInt32LE(8);
      expect(n).toBe(dbIds.length);
      const ids = Array.from({ length: n }, (_, i) => body.readDoubleLE(16 + 8 * i));
      expect(ids).toEqual(dbIds);
      const statusAt = 16 + n * (3 * 8 + 3 * 4);
      const working = Array.from({ length: n }, (_, i) => body[statusAt + i]).filter((s) => s === CameraStatus.values.indexOf('working')).length;
      expect(working).toBe(dbWorking);

      // No data entry: the layers tab alone (the link's import tab is not opened), no account menu, a "log in".
      expect(await tabIds(page)).toEqual(['tab-layers']);
      expect(await page.getByTestId('tab-layers').getAttribute('aria-selected')).toBe('true');
      await page.waitForFunction(() => new URLSearchParams(location.search).get('panel') !== 'import');
      expect(await page.getByTestId('account-menu').count()).toBe(0);
      await page.getByTestId('public-login').waitFor();
      await page.screenshot({ path: '/tmp/cctv-atlas-public-map.png' });
    });

    it('arrives without error messages: on, offered and in the legend only what a visitor may read (cameras, boundaries)', async () => {
      // The layers panel has its province list (public reference data), hence every load is done.
      await page.waitForFunction(() => (document.querySelector('[data-testid="filter-province"]') as HTMLSelectElement | null)?.options.length! > 1, undefined, { timeout: 15_000 });
      await rec.settled();
      expect(refusals(rec.responses)).toEqual([]);
      expect(await page.getByTestId('map-error').count()).toBe(0);
      expect(await page.getByRole('alert').count()).toBe(0);
      // The link names no layers: the defaults, of which the visitor sees the public ones only.
      expect(await testIds(page, '[data-testid="legend"] .layers-legend-section')).toEqual(['legend-cameras', 'legend-boundaries']);
      expect(await testIds(page, '[data-testid^="layer-toggle-"]')).toEqual(['layer-toggle-cameras', 'layer-toggle-boundaries']);
      expect(await page.getByTestId('layer-toggle-cameras').isChecked()).toBe(true);
      // Area filters: province and district, no police station (its list needs an account).
      expect(await page.getByTestId('filter-district').count()).toBe(1);
      expect(await page.getByTestId('filter-police-station').count()).toBe(0);
      // Nothing was asked that needs an account: the risk layers, planned sites, records.
      const asked = rec.responses.map((r) => r.path).filter((path) => path.startsWith('/api/'));
      expect(asked.filter((path) => !isPublicMapPath(path) && path !== '/api/auth/me')).toEqual([]);
    });

    it('a camera’s tooltip and details tell its state from the map’s own data: no record asked, no edit button', async () => {
      const cam = marked[0]!;
      const th = {
        status: CameraStatus.labels[cam.status as keyof typeof CameraStatus.labels].th,
        owner: AgencyType.labels[cam.agencyType as keyof typeof AgencyType.labels].th,
        linkage: cam.linkage ? Linkage.labels[cam.linkage as keyof typeof Linkage.labels].th : '–',
        kind: CameraKind.labels[cam.kind as keyof typeof CameraKind.labels].th,
      };
      await page.evaluate(([lon, lat]) => (window as unknown as AtlasWindow).__atlasMap.map.jumpTo({ center: [lon, lat], zoom: 18 }), [cam.lon, cam.lat]);
      const xy = await page.evaluate(
        ([lon, lat]) => {
          const m = (window as unknown as AtlasWindow).__atlasMap.map;
          const p = m.project([lon!, lat!]);
          const r = m.getCanvas().getBoundingClientRect();
          return { x: r.left + p.x, y: r.top + p.y };
        },
        [cam.lon, cam.lat],
      );
      await page.mouse.move(xy.x - 30, xy.y - 30);
      await page.mouse.move(xy.x, xy.y, { steps: 3 });
      const tip = page.getByTestId('tooltip');
      await tip.getByText(`กล้อง #${cam.id}`).waitFor();
      const tipText = await tip.innerText();
      expect(tipText).toContain(`สถานะ: ${th.status}`);
      expect(tipText).toContain(`หน่วยงานเจ้าของ: ${th.owner}`);
      if (cam.linkage) expect(tipText).toContain(`การเชื่อมต่อ: ${th.linkage}`);
      expect(tipText).toContain(`ชนิดกล้อง: ${th.kind}`);
      expect(planted(tipText, secrets)).toEqual([]);
      // The signed-in map looks the place name up after 150 ms of rest; the public one never does.
      await page.waitForTimeout(600);

      await page.mouse.click(xy.x, xy.y);
      const panel = page.getByTestId('detail-panel');
      await panel.waitFor();
      expect(await panel.getAttribute('data-id')).toBe(String(cam.id));
      await panel.locator('[data-field]').first().waitFor();
      expect(await panel.getByRole('heading', { level: 2 }).innerText()).toBe(`กล้อง #${cam.id}`);
      const fields = await panel.locator('[data-field]').evaluateAll((els) => els.map((e) => e.getAttribute('data-field')!));
      expect(fields.filter((f) => !PUBLIC_FIELDS.has(f))).toEqual([]);
      expect(new Set(fields)).toEqual(new Set(['lon', 'lat', 'agency_type', 'kind', 'linkage', 'status', 'direction_deg', 'fov_deg', 'range_m', 'id']));
      const value = (field: string) => panel.locator(`[data-field="${field}"] dd`).innerText();
      expect(await value('status')).toBe(th.status);
      expect(await value('agency_type')).toBe(th.owner);
      expect(await value('linkage')).toBe(th.linkage);
      expect(await value('kind')).toBe(th.kind);
      expect(Number(await value('lon'))).toBeCloseTo(cam.lon, 5);
      expect(Number(await value('lat'))).toBeCloseTo(cam.lat, 5);
      expect(await panel.getByTestId('detail-edit').count()).toBe(0);
      expect(await panel.getByRole('alert').count()).toBe(0);
      expect(planted(await panel.innerText(), secrets)).toEqual([]);
      await page.screenshot({ path: '/tmp/cctv-atlas-public-detail.png' });
      await page.keyboard.press('Escape');
      await panel.waitFor({ state: 'detached' });

      // Neither the tooltip nor the panel asked for the camera's record (nor anything refused).
      await rec.settled();
      expect(rec.responses.filter((r) => r.path.startsWith('/api/cameras')).map((r) => `${r.status} ${r.path}`)).toEqual([]);
      expect(refusals(rec.responses)).toEqual([]);
    });

    it('filters by province and district with the public area lists', async () => {
      const cam = marked[0]!;
      const district = districts.find((d) => d.id === cam.districtId)!;
      expect(district.cameras).toBeGreaterThan(0);
      expect(district.cameras).toBeLessThan(dbIds.length);
      const count = (n: number) =>
        page.waitForFunction(
          (want) => {
            const m = document.querySelector('[data-testid="map"]');
            return m?.getAttribute('data-ready') === 'true' && m.getAttribute('data-camera-count') === want;
          },
          String(n),
          { timeout: 30_000 },
        );
      await page.getByTestId('filter-province').selectOption('15');
      await page.waitForFunction((n) => (document.querySelector('[data-testid="filter-district"]') as HTMLSelectElement).options.length === n, districts.length + 1, { timeout: 15_000 });
      const offered = await page.getByTestId('filter-district').locator('option').evaluateAll((els) => els.slice(1).map((e) => (e as HTMLOptionElement).text));
      expect(offered.sort()).toEqual(districts.map((d) => d.name_th).sort());
      await count(dbIds.length); // the demo data are all in Ang Thong
      await page.getByTestId('filter-district').selectOption(String(district.id));
      await count(district.cameras);
      await rec.settled();
      const got = (path: string) => rec.responses.filter((r) => r.path === path).map((r) => r.status);
      expect(got('/api/provinces')).toContain(200);
      expect(got('/api/districts')).toContain(200);
      expect(await statusFromPage(page, '/api/provinces/15')).toBe(200);
      expect(await statusFromPage(page, `/api/districts/${district.id}`)).toBe(200);
      expect(refusals(rec.responses)).toEqual([]);
      expect(await page.getByTestId('map-error').count()).toBe(0);
      await page.getByTestId('filters-clear').click();
      await count(dbIds.length);
    });

    it('gets 401 for everything but the public map from the page: records, exports, dashboards, OGC, footage heat points', async () => {
      for (const path of [
        '/api/cameras',
        `/api/cameras/${marked[0]!.id}`,
        '/api/agencies',
        '/api/police-stations',
        '/api/subdistricts?district=1',
        '/api/footage-requests',
        '/api/planned-sites',
        '/api/analysis/risk-points',
        '/api/export/cameras.csv',
        '/api/dashboard',
        '/api/map/requests',
        '/ogc/collections/cameras/items',
      ]) {
        expect(await statusFromPage(page, path), path).toBe(401);
      }
      // The public map itself is still there after those refusals (a 401 does not log the visitor "out").
      expect(await page.getByTestId('map').count()).toBe(1);
      await page.getByTestId('public-login').waitFor();
    });

    it('received none of the planted secrets in any response, nor shows them on the page', async () => {
      await rec.settled();
      const api = rec.responses.filter((r) => r.path.startsWith('/api/'));
      // The public answers did come (and were read), the others were refused.
      const ok = new Set(api.filter((r) => r.status === 200).map((r) => r.path));
      for (const path of ['/api/map/config', '/api/map/cameras', '/api/meta', '/api/map/boundaries/province.geojson', '/api/map/boundaries/subdistrict.geojson', '/api/provinces', '/api/districts']) {
        expect(ok, path).toContain(path);
      }
      expect([...ok].filter((path) => !isPublicMapPath(path))).toEqual([]);
      expect(api.filter((r) => r.status !== 200 && r.status !== 304).every((r) => r.status === 401)).toBe(true);
      expect(rec.responses.length).toBeGreaterThan(api.length); // the page and its assets too
      expect(rec.responses.every((r) => r.body !== null || (r.status >= 300 && r.status < 400))).toBe(true);
      expect(leaksIn(rec.responses, secrets)).toEqual([]);
      expect(planted(await page.content(), secrets)).toEqual([]);
      expect(rec.consoleErrors).toEqual([]);
    });

    it('has the way to log in (and back), and logging in brings the full app, whose API holds the planted values', async () => {
      await page.getByTestId('public-login').click();
      await page.getByTestId('login-form').waitFor();
      await page.getByTestId('login-back').click();
      await waitReady(page);
      await page.getByTestId('public-login').click();
      const before = rec.responses.length;
      await page.getByTestId('login-username').fill(USERNAME);
      await page.getByTestId('login-password').fill(TEST_PASSWORD);
      await page.getByTestId('login-submit').click();
      await page.getByTestId('account-menu').waitFor();
      await waitReady(page);
      expect(await page.getByTestId('public-login').count()).toBe(0);
      const tabs = await tabIds(page);
      for (const tab of ['tab-layers', 'tab-dashboard', 'tab-camera', 'tab-import', 'tab-export', 'tab-certification']) expect(tabs, tab).toContain(tab);
      expect(await page.getByTestId('map').getAttribute('data-camera-count')).toBe(String(dbIds.length));
      // The same page now reads the records: the planted values are real and served to an account
      // that may see them, so their absence above was the public map's doing.
      const record = await page.evaluate(async (id) => {
        const res = await fetch(`/api/cameras/${id}`, { headers: { Accept: 'application/json' } });
        return { status: res.status, text: await res.text() };
      }, marked[0]!.id);
      expect(record.status).toBe(200);
      expect(planted(record.text, secrets).sort()).toEqual(Object.values(cameraSecrets(marked[0]!.id)).sort());
      await rec.settled();
      expect(rec.responses.slice(before).some((r) => r.path === '/api/auth/login' && r.status === 200)).toBe(true);
      expect(rec.consoleErrors).toEqual([]);
    });

    it('an expired session brings the login back with the way to the public map', async () => {
      const knex = ctx.db.knex;
      const ended = await knex('sessions')
        .whereIn('user_id', knex('users').select('id').where('username', USERNAME))
        .update({ expires_at: knex.raw(`now() - interval '1 minute'`) });
      expect(ended).toBeGreaterThan(0);
      // The next thing the account asks of the API (here: the density layer) is refused.
      await page.getByTestId('tab-layers').click();
      // (a click, not check(): the login may replace the box before check() could see it ticked)
      await page.getByTestId('layer-toggle-density').click();
      await page.getByTestId('login-form').waitFor();
      expect(await page.getByTestId('login-error').innerText()).toContain('หมดอายุ');
      await page.getByTestId('login-back').click();
      await waitReady(page);
      expect(await tabIds(page)).toEqual(['tab-layers']);
      expect(await page.getByTestId('account-menu').count()).toBe(0);
      // The density layer the account turned on stays in the link, not on the public map.
      expect(await testIds(page, '[data-testid^="layer-toggle-"]')).toEqual(['layer-toggle-cameras', 'layer-toggle-boundaries']);
      expect(await page.getByTestId('map-error').count()).toBe(0);
      // And in again, for the logout below.
      await page.getByTestId('public-login').click();
      await page.getByTestId('login-username').fill(USERNAME);
      await page.getByTestId('login-password').fill(TEST_PASSWORD);
      await page.getByTestId('login-submit').click();
      await page.getByTestId('account-menu').waitFor();
      await waitReady(page);
      await page.getByTestId('layer-toggle-density').uncheck();
      expect(rec.consoleErrors).toEqual([]);
    });

    it('logging out offers the public map again, which holds nothing of the session', async () => {
      await page.getByTestId('account-menu').locator('summary').click();
      await page.getByTestId('logout').click();
      await page.getByTestId('login-form').waitFor();
      await page.getByTestId('login-back').click();
      await waitReady(page);
      const after = rec.responses.length;
      expect(await tabIds(page)).toEqual(['tab-layers']);
      expect(await page.getByTestId('account-menu').count()).toBe(0);
      await page.getByTestId('public-login').waitFor();
      expect(await statusFromPage(page, '/api/cameras')).toBe(401);
      expect(planted(await page.content(), secrets)).toEqual([]);
      await rec.settled();
      expect(leaksIn(rec.responses.slice(after), secrets)).toEqual([]);
      expect(rec.consoleErrors).toEqual([]);
      await rec.context.close();
    });
  });

  describe('PUBLIC_MAP off (the default)', () => {
    it('shows the same visitor the login form and serves no camera data at all', async () => {
      const rec = await recordingPage(browser);
      const { page } = rec;
      await page.goto(`${closedBase}/`, { waitUntil: 'load' });
      await page.getByTestId('login-form').waitFor();
      expect(await page.getByTestId('map').count()).toBe(0);
      expect(await page.getByTestId('login-back').count()).toBe(0);
      expect(await statusFromPage(page, '/api/map/cameras')).toBe(401);
      expect(await statusFromPage(page, '/api/meta')).toBe(401);
      expect(await statusFromPage(page, '/api/provinces')).toBe(401);
      await rec.settled();
      const api = rec.responses.filter((r) => r.path.startsWith('/api/'));
      expect(api.map((r) => `${r.path} ${r.status}`).sort()).toEqual(['/api/auth/me 401', '/api/map/cameras 401', '/api/map/config 401', '/api/meta 401', '/api/provinces 401']);
      // No camera arrays anywhere: no answer starts with the binary layout's magic.
      expect(rec.responses.filter((r) => r.body?.subarray(0, 4).toString('ascii') === 'ATLC')).toEqual([]);
      expect(leaksIn(rec.responses, secrets)).toEqual([]);
      expect(planted(await page.content(), secrets)).toEqual([]);
      expect(rec.consoleErrors).toEqual([]);
      await rec.context.close();
    });
  });
});

describe('isPublicMapPath', () => {
  it('opens the map, the boundaries and the province and district lists, one segment deep, and nothing else', () => {
    for (const path of ['/api/map/config', '/api/map/cameras?province=15', '/api/meta', '/api/map/boundaries/district.geojson?province=15', '/api/provinces', '/api/provinces?geometry=true', '/api/provinces/15', '/api/districts?province=15', '/api/districts/1501']) {
      expect(isPublicMapPath(path), path).toBe(true);
    }
    for (const path of [
      '/api/subdistricts?district=1501',
      '/api/subdistricts/150101',
      '/api/police-stations',
      '/api/provinces/15/cameras',
      '/api/provinces/15/../../cameras',
      '/api/districts/',
      '/api/provincesx',
      '/api/map/requests',
      '/api/cameras',
      '/ogc/collections/cameras/items',
      '/api/map/boundaries/../../cameras',
    ]) {
      expect(isPublicMapPath(path), path).toBe(false);
    }
  });
});
