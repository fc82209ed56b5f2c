/**
 * /api/map/* on the Ang Thong demo: the binary camera arrays (decoded here with an independent
 * reader of the documented layout) against SQL counts for every filter, the 400s, the simplified
 * boundaries (valid, simpler than the source, label points inside, ETag/304, read by GDAL when
 * installed), the config and the footage-request heat points.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.js';
import { ensureDemo } from '../src/demo/seed.js';
import { adminApp, resetDomainData, testContext } from './db.js';

const ctx = testContext();
const app = adminApp(ctx);
const knex = ctx.db.knex;
afterAll(() => ctx.db.close());

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

beforeAll(async () => {
  await resetDomainData(knex);
  await ensureDemo(knex, () => {});
});

// --- an independent reader of the 'ATLC' v1 layout (little-endian, explicit offsets) ------------

interface Decoded {
  count: number;
  id: number[];
  lon: number[];
  lat: number[];
  direction: number[];
  range: number[];
  fov: number[];
  status: number[];
  owner: number[];
  linkage: number[];
  kind: number[];
}

function decode(body: Buffer): Decoded {
  expect(body.subarray(0, 4).toString('ascii')).toBe('ATLC');
  expect(body.readUInt32LE(4)).toBe(1);
  const count = body.readUInt32LE(8);
  expect(body.readUInt32LE(12)).toBe(0);
  expect(body.length).toBe(16 + count * 40);
  let off = 16;
  const read = (size: number, f: (at: number) => number) => {
    const out = Array.from({ length: count }, (_, i) => f(off + i * size));
    off += count * size;
    return out;
  };
  return {
    count,
    id: read(8, (a) => body.readDoubleLE(a)),
    lon: read(8, (a) => body.readDoubleLE(a)),
    lat: read(8, (a) => body.readDoubleLE(a)),
    direction: read(4, (a) => body.readFloatLE(a)),
    range: read(4, (a) => body.readFloatLE(a)),
    fov: read(4, (a) => body.readFloatLE(a)),
    status: read(1, (a) => body.readUInt8(a)),
    owner: read(1, (a) => body.readUInt8(a)),
    linkage: read(1, (a) => body.readUInt8(a)),
    kind: read(1, (a) => body.readUInt8(a)),
  };
}

const binary = (res: request.Response, cb: (err: Error | null, body: Buffer) => void) => {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => cb(null, Buffer.concat(chunks)));
};

async function cameras(query: string): Promise<Decoded & { header: number }> {
  const res = await request(app).get(`/api/map/cameras${query}`).buffer(true).parse(binary);
  expect(res.status, `${query}: ${String(res.body).slice(0, 300)}`).toBe(200);
  expect(res.headers['content-type']).toMatch(/^application\/octet-stream/);
  const d = decode(res.body as Buffer);
  return { ...d, header: Number(res.headers['x-total-count']) };
}

/** The ids SQL selects for a condition on cameras c (agencies a joined), ascending. */
async function sqlIds(where: string, bindings: (string | number)[] = []): Promise<number[]> {
  const { rows } = await knex.raw(`select c.id from cameras c left join agencies a on a.id = c.agency_id where ${where} order by c.id`, bindings);
  return rows.map((r: { id: number }) => Number(r.id));
}

async function badFields(url: string): Promise<string[]> {
  const res = await request(app).get(url);
  expect(res.status, `${url}: ${res.text.slice(0, 300)}`).toBe(400);
  return (res.body.errors as { field: string }[]).map((e) => e.field).sort();
}

describe('GET /api/map/cameras', () => {
  it('gives the 860 demo cameras of province 15 with the values of the database', async () => {
    const d = await cameras('?province=15');
    expect(d.count).toBe(860);
    expect(d.header).toBe(860);
    expect(d.id).toEqual(await sqlIds(`c.province_code = '15'`));
    const { rows } = await knex.raw(
      `select c.id, ST_X(c.geom) lon, ST_Y(c.geom) lat, c.direction_deg, c.range_m, c.fov_deg, c.status, a.type, c.linkage, c.kind
         from cameras c left join agencies a on a.id = c.agency_id where c.province_code = '15' order by c.id`,
    );
    const STATUS = ['working', 'not_working', 'under_repair', 'beyond_repair'];
    const OWNER = ['government', 'state_enterprise', 'local_administration', 'private', 'other'];
    const LINK = ['linked', 'not_linked'];
    const KIND = ['fixed', 'dome', 'ptz'];
    const code = (table: string[], v: string | null) => (v === null ? 255 : table.indexOf(v));
    const f32 = (v: number | null) => (v === null ? NaN : Math.fround(v));
    rows.forEach((r: Json, i: number) => {
      expect(d.lon[i]).toBe(r.lon);
      expect(d.lat[i]).toBe(r.lat);
      expect(d.direction[i]).toEqual(f32(r.direction_deg));
      expect(d.range[i]).toEqual(f32(r.range_m));
      expect(d.fov[i]).toEqual(f32(r.fov_deg));
      expect(d.status[i]).toBe(code(STATUS, r.status));
      expect(d.owner[i]).toBe(code(OWNER, r.type));
      expect(d.linkage[i]).toBe(code(LINK, r.linkage));
      expect(d.kind[i]).toBe(code(KIND, r.kind));
    });
    // The demo has nulls and several values in each column, so the comparison above means something.
    expect(d.direction.some(Number.isNaN) && d.direction.some((x) => !Number.isNaN(x))).toBe(true);
    expect(new Set(d.status).size).toBe(4);
    expect(new Set(d.owner).size).toBeGreaterThanOrEqual(3);
    expect(new Set(d.kind).size).toBe(3);
  });

  it('finds the province by its Thai or English name too, and everything without filters', async () => {
    expect((await cameras('?province=' + encodeURIComponent('อ่างทอง'))).count).toBe(860);
    expect((await cameras('?province=Ang%20Thong')).count).toBe(860);
    expect((await cameras('')).count).toBe((await sqlIds('true')).length);
  });

  it('filters by status: 734 working, the rest by their codes', async () => {
    const w = await cameras('?province=15&status=working');
    expect(w.count).toBe(734);
    expect(w.status.every((s) => s === 0)).toBe(true);
    const broken = await cameras('?province=15&status=not_working,under_repair,beyond_repair');
    expect(broken.count).toBe(126);
    expect(broken.status.every((s) => s >= 1 && s <= 3)).toBe(true);
  });

  it('agrees with SQL for district, police station, owner type, purpose, linkage, bbox and their combination', async () => {
    const { rows: dist } = await knex.raw(`select district_id id, count(*)::int n from cameras where province_code = '15' group by 1 order by 2 desc limit 2`);
    expect(dist.length).toBe(2);
    for (const { id } of dist) expect((await cameras(`?district=${id}`)).id).toEqual(await sqlIds('c.district_id = ?', [id]));
    const station = (await knex('cameras').whereNotNull('police_station_id').first('police_station_id')).police_station_id;
    expect((await cameras(`?police_station=${station}`)).id).toEqual(await sqlIds('c.police_station_id = ?', [station]));

    const owner = await cameras('?owner_type=local_administration,private');
    expect(owner.id).toEqual(await sqlIds(`a.type in ('local_administration', 'private')`));
    expect(owner.count).toBeGreaterThan(0);
    expect(owner.owner.every((o) => o === 2 || o === 3)).toBe(true);

    const traffic = await cameras('?purpose=traffic');
    expect(traffic.id).toEqual(await sqlIds(`'traffic' = any(c.purposes)`));
    const two = await cameras('?purpose=traffic,investigation');
    expect(two.id).toEqual(await sqlIds(`c.purposes && array['traffic', 'investigation']`));
    expect(two.count).toBeGreaterThan(traffic.count);

    const notLinked = await cameras('?linkage=not_linked');
    expect(notLinked.id).toEqual(await sqlIds(`c.linkage = 'not_linked'`));
    expect(notLinked.count).toBeGreaterThan(0);
    expect(notLinked.linkage.every((l) => l === 1)).toBe(true);

    const bbox = [100.3, 14.55, 100.45, 14.7];
    const inBox = await cameras(`?bbox=${bbox.join(',')}`);
    expect(inBox.id).toEqual(await sqlIds('ST_Intersects(c.geom, ST_MakeEnvelope(?, ?, ?, ?, 4326))', bbox));
    expect(inBox.count).toBeGreaterThan(0);
    expect(inBox.count).toBeLessThan(860);
    expect(inBox.lon.every((x) => x >= bbox[0]! && x <= bbox[2]!) && inBox.lat.every((y) => y >= bbox[1]! && y <= bbox[3]!)).toBe(true);

    const d0 = dist[0].id as number;
    const all = await cameras(`?province=15&district=${d0}&status=working,not_working&owner_type=local_administration&purpose=deterrence&linkage=linked`);
    expect(all.id).toEqual(
      await sqlIds(
        `c.province_code = '15' and c.district_id = ? and c.status in ('working', 'not_working') and a.type = 'local_administration'
         and 'deterrence' = any(c.purposes) and c.linkage = 'linked'`,
        [d0],
      ),
    );
  });

  it('answers an empty body (header only) when nothing matches', async () => {
    const d = await cameras('?bbox=98,6,98.01,6.01');
    expect(d.count).toBe(0);
  });

  it('never sends personal fields: the body is exactly 16 + 40 bytes per camera', async () => {
    const res = await request(app).get('/api/map/cameras?province=15').buffer(true).parse(binary);
    expect((res.body as Buffer).length).toBe(16 + 860 * 40);
  });

  it('answers a 400 naming each bad field', async () => {
    expect(await badFields('/api/map/cameras?status=broken')).toEqual(['status']);
    expect(await badFields('/api/map/cameras?status=')).toEqual(['status']);
    expect(await badFields('/api/map/cameras?owner_type=bank')).toEqual(['owner_type']);
    expect(await badFields('/api/map/cameras?purpose=working')).toEqual(['purpose']);
    expect(await badFields('/api/map/cameras?linkage=maybe')).toEqual(['linkage']);
    expect(await badFields('/api/map/cameras?district=abc')).toEqual(['district']);
    expect(await badFields('/api/map/cameras?district=999999')).toEqual(['district']);
    expect(await badFields('/api/map/cameras?police_station=0')).toEqual(['police_station']);
    expect(await badFields('/api/map/cameras?bbox=100,14')).toEqual(['bbox']);
    expect(await badFields('/api/map/cameras?province=Atlantis')).toEqual(['province']);
    expect(await badFields('/api/map/cameras?colour=red')).toEqual(['colour']);
    expect(await badFields('/api/map/cameras?status=working&status=not_working')).toEqual(['status']);
    expect(await badFields('/api/map/cameras?status=x&owner_type=y&linkage=z&bbox=1')).toEqual(['bbox', 'linkage', 'owner_type', 'status']);
    const res = await request(app).get('/api/map/cameras?status=working,broken');
    expect(res.body.errors[0].message).toMatch(/"broken"/);
  });
});

// --- boundaries ----------------------------------------------------------------------------------

const hasGdal = fs.existsSync('/usr/bin/ogrinfo');
const run = promisify(execFile);

function vertices(g: Json | null): number {
  if (!g) return 0;
  const flat = (c: unknown): number => (Array.isArray(c) && typeof c[0] === 'number' ? 1 : Array.isArray(c) ? c.reduce((s: number, x) => s + flat(x), 0) : 0);
  return flat(g.coordinates);
}

function decimalsOk(g: Json | null): boolean {
  const s = JSON.stringify(g?.coordinates ?? []);
  return !/\d\.\d{6,}/.test(s);
}

describe('GET /api/map/boundaries/<level>.geojson', () => {
  async function collection(url: string): Promise<{ fc: Json; res: request.Response }> {
    const res = await request(app).get(url);
    expect(res.status, `${url}: ${res.text.slice(0, 300)}`).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/geo\+json/);
    const fc = JSON.parse(res.text) as Json;
    expect(fc.type).toBe('FeatureCollection');
    return { fc, res };
  }

  /** Every geometry is a valid polygon with fewer vertices than maxRatio × the source's; every label point lies inside the source polygon. */
  async function checkAgainstSource(table: string, key: string, fc: Json, maxRatio: number): Promise<void> {
    const rows = fc.features.map((f: Json) => ({ id: String(f.properties.id), geometry: JSON.stringify(f.geometry), lon: f.properties.label[0], lat: f.properties.label[1] }));
    const { rows: checks } = await knex.raw(
      `select f.id, ST_IsValid(ST_GeomFromGeoJSON(f.geometry)) valid, geometrytype(ST_GeomFromGeoJSON(f.geometry)) gtype,
              ST_Intersects(b.geom, ST_SetSRID(ST_MakePoint(f.lon, f.lat), 4326)) label_inside,
              ST_NPoints(b.geom) source_points
         from json_to_recordset(?::json) as f(id text, geometry text, lon float8, lat float8)
         join ${table} b on b.${key}::text = f.id`,
      [JSON.stringify(rows)],
    );
    expect(checks.length).toBe(fc.features.length);
    let simplified = 0;
    let source = 0;
    const byId = new Map(fc.features.map((f: Json) => [String(f.properties.id), f]));
    for (const c of checks) {
      expect(c.valid, `${table} ${c.id} valid`).toBe(true);
      expect(['POLYGON', 'MULTIPOLYGON']).toContain(c.gtype);
      expect(c.label_inside, `${table} ${c.id} label inside`).toBe(true);
      simplified += vertices((byId.get(c.id) as Json).geometry);
      source += Number(c.source_points);
    }
    expect(simplified).toBeGreaterThan(0);
    expect(simplified).toBeLessThan(source * maxRatio);
    for (const f of fc.features) expect(decimalsOk(f.geometry), `${f.properties.id} has at most 5 decimals`).toBe(true);
  }

  it('gives every province, simplified and valid, with its label inside', async () => {
    const { fc } = await collection('/api/map/boundaries/province.geojson');
    const total = Number((await knex('provinces').count({ n: '*' }))[0]!.n);
    expect(fc.features.length).toBe(total);
    const ang = fc.features.find((f: Json) => f.properties.id === '15');
    expect(ang.properties).toMatchObject({ id: '15', code: '15', name_th: 'อ่างทอง', province_code: '15' });
    expect(ang.properties.name_en).toMatch(/Ang Thong/i);
    await checkAgainstSource('provinces', 'code', fc, 0.8);
  });

  it('filters districts by province (code or name) and by bbox; subdistricts by district', async () => {
    const { fc } = await collection('/api/map/boundaries/district.geojson?province=15');
    const want = (await knex('districts').where('province_code', '15').orderBy('id').pluck('id')).map(Number);
    expect(fc.features.map((f: Json) => f.properties.id)).toEqual(want);
    expect(fc.features.every((f: Json) => f.properties.province_code === '15' && typeof f.properties.name_th === 'string')).toBe(true);
    await checkAgainstSource('districts', 'id', fc, 0.8);
    const byName = await collection('/api/map/boundaries/district.geojson?province=' + encodeURIComponent('อ่างทอง'));
    expect(byName.fc.features.length).toBe(want.length);

    const sub = await collection(`/api/map/boundaries/subdistrict.geojson?district=${want[0]}`);
    const subWant = (await knex('subdistricts').where('district_id', want[0]).orderBy('id').pluck('id')).map(Number);
    expect(sub.fc.features.map((f: Json) => f.properties.id)).toEqual(subWant);
    expect(sub.fc.features.every((f: Json) => f.properties.district_id === want[0])).toBe(true);
    // The source subdistricts are coarse already; the finest tolerance still drops some vertices.
    await checkAgainstSource('subdistricts', 'id', sub.fc, 1);

    const box = [100.35, 14.55, 100.45, 14.65];
    const inBox = await collection(`/api/map/boundaries/subdistrict.geojson?bbox=${box.join(',')}`);
    const boxWant = (await knex('subdistricts').whereRaw('ST_Intersects(geom, ST_MakeEnvelope(?, ?, ?, ?, 4326))', box).pluck('id')).map(Number);
    expect(inBox.fc.features.map((f: Json) => f.properties.id).sort((a: number, b: number) => a - b)).toEqual(boxWant.sort((a, b) => a - b));

    const prov = await collection(`/api/map/boundaries/province.geojson?district=${want[0]}`);
    expect(prov.fc.features.map((f: Json) => f.properties.id)).toEqual(['15']);
    for (const q of ['province=15', `province=${encodeURIComponent('อ่างทอง')}`, 'bbox=100.4,14.6,100.41,14.61']) {
      const one = await collection(`/api/map/boundaries/province.geojson?${q}`);
      expect(one.fc.features.map((f: Json) => f.properties.id), q).toEqual(['15']);
    }
  });

  it('refuses all subdistricts at once, unknown levels and bad filters, naming the field', async () => {
    expect(await badFields('/api/map/boundaries/subdistrict.geojson')).toEqual(['province']);
    expect(await badFields('/api/map/boundaries/village.geojson')).toEqual(['level']);
    expect(await badFields('/api/map/boundaries/district.geojson?province=Atlantis')).toEqual(['province']);
    expect(await badFields('/api/map/boundaries/district.geojson?bbox=a,b,c,d')).toEqual(['bbox']);
    expect(await badFields('/api/map/boundaries/district.geojson?police_station=1')).toEqual(['police_station']);
  });

  it('sends an ETag and a public cache header, and 304 to If-None-Match', async () => {
    const url = '/api/map/boundaries/district.geojson?province=15';
    const first = await request(app).get(url);
    const etag = first.headers.etag as string;
    expect(etag).toMatch(/^"[\w-]+"$/);
    expect(first.headers['cache-control']).toBe('public, max-age=3600');
    const again = await request(app).get(url);
    expect(again.headers.etag).toBe(etag);
    expect(again.text).toBe(first.text);
    const notModified = await request(app).get(url).set('If-None-Match', `W/"other", ${etag}`);
    expect(notModified.status).toBe(304);
    expect(notModified.text ?? '').toBe('');
    const changed = await request(app).get(url).set('If-None-Match', '"stale"');
    expect(changed.status).toBe(200);
    const other = await request(app).get('/api/map/boundaries/district.geojson');
    expect(other.headers.etag).not.toBe(etag);
  });

  it.skipIf(!hasGdal)('is read by GDAL as polygons with the properties', async () => {
    const res = await request(app).get('/api/map/boundaries/district.geojson?province=15');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'atlas-map-'));
    const file = path.join(dir, 'districts.geojson');
    fs.writeFileSync(file, res.text);
    try {
      const { stdout } = await run('/usr/bin/ogrinfo', ['-ro', '-so', '-al', file], { timeout: 60_000 });
      const n = (await knex('districts').where('province_code', '15').count({ n: '*' }))[0]!.n;
      expect(stdout).toMatch(new RegExp(`^Feature Count: ${n}$`, 'm'));
      expect(stdout).toMatch(/^Geometry: (Multi )?Polygon/m);
      expect(stdout).toMatch(/^name_th: String/m);
      expect(stdout).toMatch(/^province_code: String/m);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

// --- requests, config -----------------------------------------------------------------------------

describe('GET /api/map/requests', () => {
  it('groups the footage requests by requested camera', async () => {
    const res = await request(app).get('/api/map/requests?province=15');
    expect(res.status).toBe(200);
    const points = res.body.points as [number, number, number][];
    const { rows } = await knex.raw(
      `select count(*)::int n, count(distinct f.camera_id)::int cams from footage_requests f join cameras c on c.id = f.camera_id where c.province_code = '15'`,
    );
    expect(rows[0].n).toBeGreaterThan(0);
    expect(points.reduce((s, p) => s + p[2], 0)).toBe(rows[0].n);
    expect(points.length).toBe(rows[0].cams);
    for (const [lon, lat, n] of points) {
      expect(lon > 100 && lon < 101 && lat > 14 && lat < 15).toBe(true);
      expect(Number.isInteger(n) && n > 0).toBe(true);
    }
  });

  it('takes a since date (a day in Thailand) and names a bad one', async () => {
    const { rows } = await knex.raw(`select to_char(percentile_disc(0.5) within group (order by requested_at at time zone 'Asia/Bangkok'), 'YYYY-MM-DD') d from footage_requests`);
    const since = rows[0].d as string;
    const res = await request(app).get(`/api/map/requests?since=${since}`);
    expect(res.status).toBe(200);
    const want = await knex.raw(
      `select count(*)::int n from footage_requests f join cameras c on c.id = f.camera_id where (f.requested_at at time zone 'Asia/Bangkok')::date >= ?::date`,
      [since],
    );
    const got = (res.body.points as number[][]).reduce((s, p) => s + p[2]!, 0);
    expect(got).toBe(want.rows[0].n);
    expect(got).toBeGreaterThan(0);
    expect(got).toBeLessThan(300);
    expect(await badFields('/api/map/requests?since=2024-02-30')).toEqual(['since']);
    expect(await badFields('/api/map/requests?since=yesterday&district=x')).toEqual(['district', 'since']);
    expect(await badFields('/api/map/requests?status=working')).toEqual(['status']);
  });
});

describe('GET /api/map/config', () => {
  it('names the demo province with its bbox and the Thailand bbox; no basemap by default', async () => {
    const res = await request(app).get('/api/map/config');
    expect(res.status).toBe(200);
    expect(res.body.basemapStyleUrl).toBeNull();
    expect(res.body.mapboxToken).toBeNull();
    expect(res.body.cameraPointLimit).toBe(2000);
    expect(res.body.thailandBbox).toEqual([97.3, 5.6, 105.7, 20.5]);
    expect(res.body.demo.province).toBe('15');
    const [x0, y0, x1, y1] = res.body.demo.bbox as number[];
    const { rows } = await knex.raw(`select ST_XMin(e) x0, ST_YMin(e) y0, ST_XMax(e) x1, ST_YMax(e) y1 from (select ST_Extent(geom) e from cameras) s`);
    const e = rows[0];
    expect(x0! <= e.x0 && y0! <= e.y0 && x1! >= e.x1 && y1! >= e.y1).toBe(true);
    expect(x1! - x0!).toBeLessThan(1);
    expect(y1! - y0!).toBeLessThan(1);
  });

  it('passes the basemap settings of the environment, and refuses bad ones', async () => {
    const config = loadConfig({ DATA_DIR: '/tmp/cctv-atlas-test', BASEMAP_STYLE_URL: 'https://tiles.example.org/style.json', MAPBOX_ACCESS_TOKEN: 'pk.abc-123_x', MAP_CAMERA_POINT_LIMIT: '5000' });
    const res = await request(adminApp(ctx, config)).get('/api/map/config');
    expect(res.body).toMatchObject({ basemapStyleUrl: 'https://tiles.example.org/style.json', mapboxToken: 'pk.abc-123_x', cameraPointLimit: 5000 });
    expect(() => loadConfig({ MAP_CAMERA_POINT_LIMIT: '0' })).toThrow(/MAP_CAMERA_POINT_LIMIT must be at least 1/);
    expect(() => loadConfig({ MAP_CAMERA_POINT_LIMIT: 'many' })).toThrow(/MAP_CAMERA_POINT_LIMIT/);
    expect(() => loadConfig({ BASEMAP_STYLE_URL: 'file:///etc/passwd' })).toThrow(/BASEMAP_STYLE_URL/);
    expect(() => loadConfig({ BASEMAP_STYLE_URL: 'not a url' })).toThrow(/BASEMAP_STYLE_URL/);
    expect(() => loadConfig({ MAPBOX_ACCESS_TOKEN: 'pk "x"' })).toThrow(/MAPBOX_ACCESS_TOKEN/);
  });

  it('says demo: null when the database holds no demo', async () => {
    const row = await knex('app_meta').where('key', 'demo').first();
    await knex('app_meta').where('key', 'demo').delete();
    try {
      const res = await request(app).get('/api/map/config');
      expect(res.body.demo).toBeNull();
    } finally {
      await knex('app_meta').insert(row);
    }
  });
});
