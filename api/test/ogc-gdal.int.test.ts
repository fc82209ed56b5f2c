import { execFile } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../src/app.js';
import type { AppContext } from '../src/context.js';
import { tokenFor } from './auth-helpers.js';
import { adminApp, resetDomainData, testContext } from './db.js';

// GDAL reads /ogc the way QGIS and ogr2ogr users will. Runs where gdal-bin is installed (CI installs it).
const hasGdal = (process.env.PATH ?? '').split(path.delimiter).some((dir) => dir && fs.existsSync(path.join(dir, 'ogrinfo')));

// Async on purpose: the server answers GDAL from this very process, a sync call would deadlock.
const run = promisify(execFile);
const gdalEnv = { ...process.env, NO_PROXY: '127.0.0.1,localhost', no_proxy: '127.0.0.1,localhost', GDAL_HTTP_TIMEOUT: '60', CPL_DEBUG: 'OFF' };
async function gdal(cmd: 'ogrinfo' | 'ogr2ogr', args: string[]): Promise<string> {
  const { stdout } = await run(cmd, args, { env: gdalEnv, maxBuffer: 64 * 1024 * 1024, timeout: 120_000 });
  return stdout;
}

const LAYERS = ['cameras', 'planned_sites', 'risk_points', 'risk_routes', 'police_stations', 'provinces', 'districts', 'subdistricts'];
const CAMERAS = 25;
const STATUSES = ['working', 'not_working', 'under_repair', 'beyond_repair'] as const;
const cameraName = (i: number) => `กล้องวงจรปิดหน้าวัดป่าโมกวรวิหาร จุดที่ ${i + 1}`;

describe.skipIf(!hasGdal)('GDAL reads /ogc (OAPIF driver)', () => {
  // Opened in beforeAll so that a machine without GDAL never opens a pool it would not close.
  let ctx: AppContext;
  const urls: string[] = [];
  let server: http.Server;
  let base = '';
  let tmp = '';

  beforeAll(async () => {
    ctx = testContext();
    const knex = ctx.db.knex;
    await resetDomainData(knex);
    const rows = Array.from({ length: CAMERAS }, (_, i) => ({
      place_name: cameraName(i),
      status: STATUSES[i % STATUSES.length],
      year_installed: 2010 + (i % 10),
      contact_name: 'นางสาวสมศรี มีสุข',
      phone: '0899999999',
      stream_url: 'rtsp://10.9.9.9/private',
      // Pa Mok and Mueang Ang Thong (province 15), 1e-7 degree steps beyond what the API serves
      geom: knex.raw('ST_SetSRID(ST_MakePoint(?, ?), 4326)', [100.44 + i * 0.00111111, 14.49 + i * 0.00222222]),
    }));
    await knex('cameras').insert(rows);
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cctv-atlas-gdal-'));
    // app.listen(0, '127.0.0.1'), with a note of every URL GDAL asks for.
    const app = adminApp(ctx);
    server = http.createServer((req, res) => {
      urls.push(req.url ?? '');
      app(req, res);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/ogc`;
  });

  afterAll(async () => {
    await new Promise((resolve) => server?.close(resolve));
    await ctx?.db.close();
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('lists every collection as a layer', async () => {
    const out = await gdal('ogrinfo', ['-ro', '-so', `OAPIF:${base}`]);
    for (const name of LAYERS) expect(out, out).toMatch(new RegExp(`^\\d+: ${name} `, 'm'));
    expect(out).toMatch(/^\d+: cameras .*\(Point\)$/m);
  });

  it('copies cameras into a GeoPackage page by page, Thai text and typed fields intact', async () => {
    const gpkg = path.join(tmp, 'cameras.gpkg');
    urls.length = 0;
    await gdal('ogr2ogr', ['-f', 'GPKG', gpkg, `OAPIF:${base}`, 'cameras', '-oo', 'PAGE_SIZE=10']);

    // 25 features in pages of 10: GDAL followed the next links twice.
    const pages = urls.filter((u) => u.startsWith('/ogc/collections/cameras/items'));
    expect(pages).toEqual(expect.arrayContaining([expect.stringMatching(/offset=10\b/), expect.stringMatching(/offset=20\b/)]));
    expect(pages.every((u) => /limit=10\b/.test(u))).toBe(true);

    const info = await gdal('ogrinfo', ['-ro', '-so', gpkg, 'cameras']);
    expect(info).toMatch(new RegExp(`^Feature Count: ${CAMERAS}$`, 'm'));
    // Field types come from the collection's JSON Schema (describedBy link), not from guessing.
    expect(info).toMatch(/^year_installed: Integer/m);
    expect(info).toMatch(/^repair_budget_baht: Real/m);
    expect(info).toMatch(/^is_demo: Integer\(Boolean\)/m);
    for (const hidden of ['contact_name', 'phone', 'stream_url']) expect(info).not.toMatch(new RegExp(`^${hidden}:`, 'm'));

    // Every value back out of the GeoPackage, as GeoJSON.
    const fc = JSON.parse(await gdal('ogr2ogr', ['-f', 'GeoJSON', '/vsistdout/', gpkg, 'cameras'])) as {
      features: { properties: Record<string, unknown>; geometry: { coordinates: number[] } }[];
    };
    expect(fc.features).toHaveLength(CAMERAS);
    const byName = new Map(fc.features.map((f) => [f.properties.place_name, f]));
    for (let i = 0; i < CAMERAS; i++) {
      const f = byName.get(cameraName(i));
      expect(f, cameraName(i)).toBeDefined();
      expect(f!.properties).toMatchObject({ status: STATUSES[i % STATUSES.length], year_installed: 2010 + (i % 10), province_code: '15' });
      const [lon, lat] = f!.geometry.coordinates;
      expect(lon).toBeCloseTo(100.44 + i * 0.00111111, 6);
      expect(lat).toBeCloseTo(14.49 + i * 0.00222222, 6);
    }
    const raw = fs.readFileSync(gpkg);
    for (const secret of ['นางสาวสมศรี', '0899999999', 'rtsp://']) expect(raw.includes(Buffer.from(secret))).toBe(false);
  });

  it('passes an attribute filter on a queryable property to the server', async () => {
    const gpkg = path.join(tmp, 'working.gpkg');
    urls.length = 0;
    await gdal('ogr2ogr', ['-f', 'GPKG', gpkg, `OAPIF:${base}`, 'cameras', '-where', "status = 'working'"]);
    expect(urls.some((u) => u.startsWith('/ogc/collections/cameras/items') && u.includes('status=working'))).toBe(true);
    const info = await gdal('ogrinfo', ['-ro', '-so', gpkg, 'cameras']);
    expect(info).toMatch(new RegExp(`^Feature Count: ${Math.ceil(CAMERAS / STATUSES.length)}$`, 'm'));
  });

  it('copies all 7,419 subdistricts, the 21 without area as null geometries', async () => {
    const gpkg = path.join(tmp, 'subdistricts.gpkg');
    await gdal('ogr2ogr', ['-f', 'GPKG', gpkg, `OAPIF:${base}`, 'subdistricts', '-oo', 'PAGE_SIZE=5000']);
    expect(await gdal('ogrinfo', ['-ro', '-so', gpkg, 'subdistricts'])).toMatch(/^Feature Count: 7419$/m);
    const nulls = await gdal('ogrinfo', ['-ro', '-q', gpkg, '-sql', 'select count(*) as n from subdistricts where geom is null']);
    expect(nulls).toMatch(/n \(Integer\) = 21/);
  });

  it('needs an API token, sent as GDAL_HTTP_HEADERS, and then reads only the token’s province', async () => {
    // The app itself, no test shortcut: GDAL must authenticate like any GIS client.
    const plain = createApp(ctx);
    const direct = http.createServer((req, res) => plain(req, res));
    await new Promise<void>((resolve) => direct.listen(0, '127.0.0.1', resolve));
    const url = `OAPIF:http://127.0.0.1:${(direct.address() as AddressInfo).port}/ogc`;
    try {
      const anonymous = await gdal('ogrinfo', ['-ro', '-so', url]).then(
        () => 'opened',
        (e: { stderr?: string }) => e.stderr ?? '',
      );
      expect(anonymous).toMatch(/401/);
      const count = async (token: string) => {
        const { stdout } = await run('ogrinfo', ['-ro', '-so', url, 'cameras'], {
          env: { ...gdalEnv, GDAL_HTTP_HEADERS: `Authorization: Bearer ${token}` },
          maxBuffer: 16 * 1024 * 1024,
          timeout: 120_000,
        });
        return Number(/^Feature Count: (\d+)$/m.exec(stdout)?.[1]);
      };
      const knex = ctx.db.knex;
      expect(await count(await tokenFor(knex, { username: 'gdal-sec15', role: 'secretariat', province: '15' }))).toBe(CAMERAS);
      expect(await count(await tokenFor(knex, { username: 'gdal-sec10', role: 'secretariat', province: '10' }))).toBe(0);
      await knex('users').whereIn('username', ['gdal-sec15', 'gdal-sec10']).delete();
    } finally {
      await new Promise((resolve) => direct.close(resolve));
    }
  });
});
