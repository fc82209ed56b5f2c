import type { Knex } from 'knex';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COLLECTIONS, columnOf, findCollection } from '../src/ogc/collections.js';
import { countQuery, itemsQuery } from '../src/ogc/sql.js';
import { adminApp, resetDomainData, testContext } from './db.js';

const ctx = testContext();
const app = adminApp(ctx);
const knex = ctx.db.knex;
afterAll(() => ctx.db.close());

const CRS84 = 'http://www.opengis.net/def/crs/OGC/1.3/CRS84';
const THAILAND = [97.3, 5.6, 105.7, 20.5];
const REQUIRED_IDS = ['cameras', 'planned_sites', 'risk_points', 'risk_routes', 'police_stations', 'provinces', 'districts', 'subdistricts'];
const ALL_IDS = [...REQUIRED_IDS, 'police_jurisdictions'];
// Personal data (Thai PDPA) that the fixtures carry and no response may contain.
const SECRET = { contact_name: 'นายสมชาย ใจดี', phone: '0812345678', stream_url: 'rtsp://10.1.2.3/secret-stream' };

// --- a small RFC 7946 checker ---------------------------------------------------------------------

interface CheckOptions {
  /** Exterior rings counter-clockwise, holes clockwise (RFC 7946 §3.1.6). */
  winding?: boolean;
}

function decimals(n: number): number {
  const s = String(n);
  if (s.includes('e')) return 99; // 1e-7 and friends: more than 6 decimals
  const dot = s.indexOf('.');
  return dot < 0 ? 0 : s.length - dot - 1;
}

function ringArea(ring: number[][]): number {
  let a = 0;
  for (let i = 0; i + 1 < ring.length; i++) a += ring[i]![0]! * ring[i + 1]![1]! - ring[i + 1]![0]! * ring[i]![1]!;
  return a / 2;
}

/** Problems found in a GeoJSON object (empty when valid); positions must be lon/lat with ≤ 6 decimals. */
function geoJsonProblems(obj: unknown, opts: CheckOptions = {}, path = '$'): string[] {
  const out: string[] = [];
  const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
  const position = (p: unknown, at: string) => {
    if (!Array.isArray(p) || p.length < 2 || p.length > 3 || !p.every((n) => typeof n === 'number' && Number.isFinite(n))) {
      out.push(`${at}: not a position`);
      return;
    }
    const [lon, lat] = p as number[];
    if (lon! < -180 || lon! > 180 || lat! < -90 || lat! > 90) out.push(`${at}: [${p}] is not lon/lat`);
    if (p.some((n: number) => decimals(n) > 6)) out.push(`${at}: [${p}] has more than 6 decimals`);
  };
  const positions = (ps: unknown, min: number, at: string) => {
    if (!Array.isArray(ps) || ps.length < min) return void out.push(`${at}: needs at least ${min} positions`);
    ps.forEach((p, i) => position(p, `${at}[${i}]`));
  };
  const polygon = (rings: unknown, at: string) => {
    if (!Array.isArray(rings) || rings.length === 0) return void out.push(`${at}: a polygon needs rings`);
    rings.forEach((ring: unknown, i) => {
      positions(ring, 4, `${at}[${i}]`);
      if (!Array.isArray(ring) || ring.length < 4) return;
      const first = ring[0] as number[];
      const last = ring[ring.length - 1] as number[];
      if (first[0] !== last[0] || first[1] !== last[1]) out.push(`${at}[${i}]: ring is not closed`);
      if (opts.winding) {
        const area = ringArea(ring as number[][]);
        if (i === 0 && !(area > 0)) out.push(`${at}[0]: exterior ring is not counter-clockwise`);
        if (i > 0 && !(area < 0)) out.push(`${at}[${i}]: hole is not clockwise`);
      }
    });
  };
  const geometry = (g: unknown, at: string): void => {
    if (!isObj(g)) return void out.push(`${at}: geometry must be an object or null`);
    const c = g.coordinates;
    switch (g.type) {
      case 'Point':
        return position(c, `${at}.coordinates`);
      case 'MultiPoint':
        return positions(c, 0, `${at}.coordinates`);
      case 'LineString':
        return positions(c, 2, `${at}.coordinates`);
      case 'MultiLineString':
        if (!Array.isArray(c)) return void out.push(`${at}: coordinates must be an array`);
        return c.forEach((l, i) => positions(l, 2, `${at}.coordinates[${i}]`));
      case 'Polygon':
        return polygon(c, `${at}.coordinates`);
      case 'MultiPolygon':
        if (!Array.isArray(c) || c.length === 0) return void out.push(`${at}: a MultiPolygon needs polygons (an empty one must be null)`);
        return c.forEach((p, i) => polygon(p, `${at}.coordinates[${i}]`));
      case 'GeometryCollection':
        if (!Array.isArray(g.geometries)) return void out.push(`${at}: geometries must be an array`);
        return g.geometries.forEach((m, i) => geometry(m, `${at}.geometries[${i}]`));
      default:
        out.push(`${at}: unknown geometry type ${String(g.type)}`);
    }
  };
  const feature = (f: unknown, at: string) => {
    if (!isObj(f) || f.type !== 'Feature') return void out.push(`${at}: not a Feature`);
    if (!('geometry' in f)) out.push(`${at}: geometry member missing`);
    else if (f.geometry !== null) geometry(f.geometry, `${at}.geometry`);
    if (!('properties' in f) || !(f.properties === null || isObj(f.properties))) out.push(`${at}: properties must be an object or null`);
    if ('id' in f && typeof f.id !== 'string' && typeof f.id !== 'number') out.push(`${at}: id must be a string or number`);
  };
  if (!isObj(obj)) return [`${path}: not an object`];
  if ('crs' in obj) out.push(`${path}: RFC 7946 has no crs member`);
  if (obj.type === 'FeatureCollection') {
    if (!Array.isArray(obj.features)) out.push(`${path}.features: must be an array`);
    else obj.features.forEach((f, i) => feature(f, `${path}.features[${i}]`));
  } else if (obj.type === 'Feature') feature(obj, path);
  else geometry(obj, path);
  return out;
}

// --- helpers ----------------------------------------------------------------------------------------

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

async function get(url: string, status = 200): Promise<{ body: Json; text: string; type: string }> {
  const res = await request(app).get(url);
  expect(res.status, `${url} -> ${res.text.slice(0, 300)}`).toBe(status);
  return { body: JSON.parse(res.text) as Json, text: res.text, type: String(res.headers['content-type']) };
}

/** GET that must answer a valid GeoJSON FeatureCollection. */
async function items(url: string, opts: CheckOptions = {}): Promise<Json> {
  const { body, type } = await get(url);
  expect(type).toMatch(/^application\/geo\+json/);
  expect(body.type).toBe('FeatureCollection');
  expect(geoJsonProblems(body, opts)).toEqual([]);
  expect(body.numberReturned).toBe(body.features.length);
  expect(Number.isNaN(Date.parse(body.timeStamp))).toBe(false);
  return body;
}

const link = (doc: Json, rel: string): Json | undefined => (doc.links as Json[]).find((l) => l.rel === rel);
/** Path and query of an absolute link, to follow it with supertest. */
const local = (href: string) => {
  const u = new URL(href);
  return u.pathname + u.search;
};
const ids = (fc: Json) => (fc.features as Json[]).map((f) => f.id as number);
const bad = async (url: string, param: string) => {
  const { body, type } = await get(url, 400);
  expect(type).toMatch(/^application\/json/);
  expect(body.errors[0].message).toContain(`"${param}"`);
  expect(body.errors[0].field).toBe(param);
  return body.errors[0] as Json;
};

async function tableCount(k: Knex, table: string, where = 'true', bindings: Knex.RawBinding[] = []): Promise<number> {
  const { rows } = await k.raw(`select count(*) n from ?? where ${where}`, [table, ...bindings]);
  return rows[0].n as number;
}

// --- fixtures ---------------------------------------------------------------------------------------

const point = (lon: number, lat: number) => knex.raw('ST_SetSRID(ST_MakePoint(?, ?), 4326)', [lon, lat]);

interface Fixture {
  angThong: number[];
  angThongWorking: number[];
  bangkok: number[];
  precise: number;
  stationWithArea: number;
  stationWithoutArea: number;
}

// 12 cameras in Mueang Ang Thong on a 6 x 2 grid (lon 100.40..100.45, lat 14.58 / 14.60), alternating
// working / not_working; 3 in Bangkok; 1 in Chiang Mai with more decimals than the API serves.
async function insertFixtures(): Promise<Fixture> {
  const [withArea] = await knex('police_stations')
    .insert({
      name_th: 'สถานีตำรวจภูธรเมืองอ่างทอง',
      name_en: 'Mueang Ang Thong Police Station',
      phone: SECRET.phone,
      geom: point(100.455, 14.59),
      jurisdiction: knex.raw(`ST_Multi(ST_MakeEnvelope(100.35, 14.5, 100.5, 14.7, 4326))`),
    })
    .returning('id');
  const [withoutArea] = await knex('police_stations')
    .insert({ name_th: 'สถานีตำรวจนครบาลปทุมวัน', name_en: 'Pathum Wan', phone: SECRET.phone, geom: point(100.53, 13.745) })
    .returning('id');

  const camera = (lon: number, lat: number, status: string, name: string, extra: Record<string, unknown> = {}) => ({
    place_name: name,
    status,
    geom: point(lon, lat),
    ...SECRET,
    purposes: ['deterrence', 'traffic'],
    year_installed: 2019,
    repair_budget_baht: 1500.5,
    ...extra,
  });
  const grid = [];
  for (let i = 0; i < 6; i++) {
    for (const [j, lat] of [14.58, 14.6].entries()) {
      grid.push(camera((10040 + i) / 100, lat, (i * 2 + j) % 2 === 0 ? 'working' : 'not_working', `กล้องหน้าตลาดอ่างทอง จุดที่ ${i * 2 + j + 1}`));
    }
  }
  const angThong = (await knex('cameras').insert(grid).returning(['id', 'status'])) as { id: number; status: string }[];
  const bangkok = (await knex('cameras')
    .insert([
      camera(100.5018, 13.7563, 'working', 'แยกราชประสงค์'),
      camera(100.53, 13.73, 'working', 'สยาม'),
      camera(100.56, 13.8, 'beyond_repair', 'ลาดพร้าว'),
    ])
    .returning('id')) as { id: number }[];
  const [precise] = (await knex('cameras')
    .insert(camera(98.98531234567, 18.78831234567, 'under_repair', 'ประตูท่าแพ เชียงใหม่'))
    .returning('id')) as { id: number }[];

  await knex('planned_sites').insert([
    { place_name: 'สี่แยกไฟแดงศาลากลาง', status: 'budget_requested', camera_count: 4, cost_baht: 120000, priority: 1, geom: point(100.452, 14.592) },
    { place_name: 'หน้าโรงเรียนอ่างทองปัทมโรจน์', status: 'not_started', geom: point(100.449, 14.595) },
  ]);
  await knex('risk_points').insert([
    { name: 'ร้านทองตลาดเทศบาล', category: 'robbery', weight: 3, geom: point(100.451, 14.589) },
    { name: 'ทางโค้งอันตราย', category: 'accident_black_spot', geom: point(100.41, 14.62) },
  ]);
  await knex('risk_routes').insert({
    name: 'เส้นทางหลบหนีเลียบแม่น้ำเจ้าพระยา',
    category: 'escape_route',
    geom: knex.raw('ST_GeomFromText(?, 4326)', ['LINESTRING(100.40 14.58, 100.4234567891 14.59, 100.45 14.60)']),
  });

  return {
    angThong: angThong.map((r) => r.id),
    angThongWorking: angThong.filter((r) => r.status === 'working').map((r) => r.id),
    bangkok: bangkok.map((r) => r.id),
    precise: precise!.id,
    stationWithArea: (withArea as { id: number }).id,
    stationWithoutArea: (withoutArea as { id: number }).id,
  };
}

beforeAll(async () => {
  await resetDomainData(knex);
});

// --- tests ------------------------------------------------------------------------------------------

describe('with no domain data', () => {
  it('falls back to the Thailand extent for empty collections', async () => {
    const { body } = await get('/ogc/collections/cameras');
    expect(body.extent.spatial.bbox).toEqual([THAILAND]);
    expect(body.extent.spatial.crs).toBe(CRS84);
  });

  it('serves an empty page without next or prev links', async () => {
    const fc = await items('/ogc/collections/cameras/items');
    expect(fc.numberMatched).toBe(0);
    expect(fc.features).toEqual([]);
    expect(link(fc, 'next')).toBeUndefined();
    expect(link(fc, 'prev')).toBeUndefined();
  });
});

describe('OGC API Features at /ogc', () => {
  let fx: Fixture;
  beforeAll(async () => {
    fx = await insertFixtures();
  });

  describe('landing page, conformance, API definition', () => {
    it('links self, service-desc, conformance and data with absolute URLs', async () => {
      const { body, type } = await get('/ogc');
      expect(type).toMatch(/^application\/json/);
      expect(body.title).toEqual(expect.any(String));
      const rels = Object.fromEntries((body.links as Json[]).map((l) => [l.rel, l]));
      expect(Object.keys(rels)).toEqual(expect.arrayContaining(['self', 'service-desc', 'conformance', 'data']));
      for (const l of body.links as Json[]) expect(l.href).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/ogc/);
      expect(local(rels['service-desc']!.href)).toBe('/ogc/api');
      expect(rels['service-desc']!.type).toBe('application/vnd.oai.openapi+json;version=3.0');
      expect(local(rels.conformance!.href)).toBe('/ogc/conformance');
      expect(local(rels.data!.href)).toBe('/ogc/collections');
      // and with a trailing slash (supertest listens on a new port for every request: compare paths)
      const paths = (doc: Json) => (doc.links as Json[]).map((l) => local(l.href));
      expect(paths((await get('/ogc/')).body)).toEqual(paths(body));
    });

    it('builds links from X-Forwarded-Proto and X-Forwarded-Host behind a trusted proxy', async () => {
      const res = await request(app).get('/ogc/collections/cameras/items?limit=2').set('X-Forwarded-Proto', 'https').set('X-Forwarded-Host', 'cctv.example.go.th');
      expect(res.status).toBe(200);
      const fc = JSON.parse(res.text) as Json;
      expect(link(fc, 'self')!.href).toBe('https://cctv.example.go.th/ogc/collections/cameras/items?limit=2');
      expect(link(fc, 'next')!.href).toBe('https://cctv.example.go.th/ogc/collections/cameras/items?limit=2&offset=2');
      expect((await request(app).get('/ogc').set('X-Forwarded-Host', 'evil.example/phish?')).status).toBe(400);
      expect((await request(app).get('/ogc').set('X-Forwarded-Proto', 'javascript')).status).toBe(400);
    });

    it('declares core, geojson and oas30 conformance', async () => {
      const { body } = await get('/ogc/conformance');
      expect(body.conformsTo).toEqual(
        expect.arrayContaining([
          'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core',
          'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson',
          'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/oas30',
        ]),
      );
    });

    it('serves an OpenAPI 3.0 document whose references all resolve', async () => {
      const res = await request(app).get('/ogc/api');
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toMatch(/^application\/vnd\.oai\.openapi\+json; ?version=3\.0/);
      const doc = JSON.parse(res.text) as Json;
      expect(doc.openapi).toMatch(/^3\.0\.\d+$/);
      expect(doc.info.title).toEqual(expect.any(String));
      expect(doc.servers[0].url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/ogc$/);
      expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/', '/conformance', '/collections', '/collections/{collectionId}']));
      for (const id of ALL_IDS) {
        expect(doc.paths[`/collections/${id}/items`]).toBeDefined();
        expect(doc.paths[`/collections/${id}/items/{featureId}`]).toBeDefined();
      }
      // Every "$ref": "#/a/b" points at something that exists.
      const refs = [...res.text.matchAll(/"\$ref":"#\/([^"]+)"/g)].map((m) => m[1]!);
      expect(refs.length).toBeGreaterThan(10);
      for (const r of refs) {
        const target = r.split('/').reduce<unknown>((o, k) => (o as Json | undefined)?.[k], doc);
        expect(target, r).toBeDefined();
      }
      // Queryables are listed as query parameters of the collection's items path (GDAL reads them there).
      const params = (doc.paths['/collections/cameras/items'].get.parameters as Json[]).filter((p) => p.name).map((p) => p.name);
      expect(params).toEqual(expect.arrayContaining(['status', 'province_code', 'district_id', 'is_demo']));
      expect(params).not.toContain('place_name');
      const limit = doc.components.parameters.limit.schema;
      expect(limit).toMatchObject({ minimum: 1, maximum: 10000, default: 10 });
      // f=json for clients that only know application/json
      expect((await get('/ogc/api?f=json')).type).toMatch(/^application\/json/);
    });
  });

  describe('collections', () => {
    it('lists the collections with Thai and English titles, CRS84 extents and links', async () => {
      const { body, type } = await get('/ogc/collections');
      expect(type).toMatch(/^application\/json/);
      expect(link(body, 'self')!.href).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/ogc\/collections$/);
      const listed = (body.collections as Json[]).map((c) => c.id);
      expect(listed).toEqual(expect.arrayContaining(REQUIRED_IDS));
      // camera_views (computed from the cameras) is tested in analysis.int.test.ts
      expect(listed.sort()).toEqual([...ALL_IDS, 'camera_views'].sort());
      for (const c of body.collections as Json[]) {
        expect(c.title).toMatch(/[\u0E00-\u0E7F]/); // Thai
        expect(c.title).toMatch(/[A-Za-z]/); // English
        expect(c.itemType).toBe('feature');
        expect(c.crs).toEqual([CRS84]);
        expect(c.extent.spatial.crs).toBe(CRS84);
        const [box] = c.extent.spatial.bbox as number[][];
        expect(box).toHaveLength(4);
        const [x1, y1, x2, y2] = box!;
        expect(x1!).toBeLessThanOrEqual(x2!);
        expect(y1!).toBeLessThanOrEqual(y2!);
        // every extent lies in (or is) the Thailand box
        expect(x1!).toBeGreaterThanOrEqual(97.3 - 0.1);
        expect(x2!).toBeLessThanOrEqual(105.7 + 0.1);
        expect(y1!).toBeGreaterThanOrEqual(5.6 - 0.1);
        expect(y2!).toBeLessThanOrEqual(20.5 + 0.1);
        const items = link(c, 'items')!;
        expect(items.type).toBe('application/geo+json');
        expect(local(items.href)).toBe(`/ogc/collections/${c.id}/items`);
        expect(local(link(c, 'self')!.href)).toBe(`/ogc/collections/${c.id}`);
        expect((c.links as Json[]).some((l) => /^describedby$/i.test(l.rel) && l.type === 'application/schema+json')).toBe(true);
      }
    });

    it('computes the extent from the data, rounded outwards to 6 decimals', async () => {
      const { body } = await get('/ogc/collections/cameras');
      const [[x1, y1, x2, y2]] = body.extent.spatial.bbox as [[number, number, number, number]];
      // fixtures span 98.98531234567..100.56 and 13.73..18.78831234567
      expect(x1).toBe(98.985312);
      expect(y1).toBeCloseTo(13.73, 6);
      expect(y1).toBeLessThanOrEqual(13.73);
      expect(x2).toBeCloseTo(100.56, 6);
      expect(x2).toBeGreaterThanOrEqual(100.56);
      expect(y2).toBe(18.788313);
      const prov = (await get('/ogc/collections/provinces')).body.extent.spatial.bbox[0] as number[];
      expect(prov[0]).toBeCloseTo(97.34, 1);
      expect(prov[3]).toBeCloseTo(20.46, 1);
    });

    it('answers 404 for an unknown collection', async () => {
      for (const url of ['/ogc/collections/nope', '/ogc/collections/nope/items', '/ogc/collections/nope/items/1', '/ogc/collections/constructor']) {
        const { body } = await get(url, 404);
        expect(body.errors[0].code).toBe('not_found');
      }
    });

    it('describes the feature properties and the queryables as JSON Schema', async () => {
      const schema = (await get('/ogc/collections/cameras/schema')).body;
      expect(schema.properties.properties.properties.status).toMatchObject({ type: 'string', enum: ['working', 'not_working', 'under_repair', 'beyond_repair'] });
      expect(schema.properties.properties.properties.year_installed.type).toBe('integer');
      const q = (await get('/ogc/collections/cameras/queryables')).body;
      expect(Object.keys(q.properties)).toEqual(expect.arrayContaining(['status', 'province_code', 'district_id', 'subdistrict_id', 'police_station_id', 'is_demo']));
      expect(q.properties.place_name).toBeUndefined();
    });
  });

  describe('items of every collection', () => {
    it.each(ALL_IDS)('%s: a valid FeatureCollection whose numberMatched is the row count', async (id) => {
      const def = COLLECTIONS.find((c) => c.id === id)!;
      const fc = await items(`/ogc/collections/${id}/items?limit=5`, { winding: def.geometryType === 'MultiPolygon' });
      expect(fc.numberMatched).toBe(await tableCount(knex, def.table, def.skipNullGeometry ? '?? is not null' : 'true', def.skipNullGeometry ? [def.geomColumn] : []));
      expect(fc.numberMatched).toBeGreaterThan(0);
      for (const f of fc.features as Json[]) {
        expect(Object.keys(f.properties)).toEqual(def.properties.map((p) => p.name));
        if (f.geometry) expect(f.geometry.type).toBe(def.geometryType);
        // one feature by its id gives the same feature back
        const one = await get(`/ogc/collections/${id}/items/${f.id}`);
        expect(one.type).toMatch(/^application\/geo\+json/);
        expect(geoJsonProblems(one.body)).toEqual([]);
        expect({ ...one.body, links: undefined }).toEqual({ ...f, links: undefined });
        expect(local(link(one.body, 'self')!.href)).toBe(`/ogc/collections/${id}/items/${f.id}`);
        expect(local(link(one.body, 'collection')!.href)).toBe(`/ogc/collections/${id}`);
      }
    });

    it('serves the camera properties with the area fields and is_demo, and ids are the row ids', async () => {
      const fc = await items(`/ogc/collections/cameras/items?limit=1`);
      const f = fc.features[0] as Json;
      expect(f.id).toBe(fx.angThong[0]);
      expect(f.properties).toMatchObject({
        place_name: 'กล้องหน้าตลาดอ่างทอง จุดที่ 1',
        status: 'working',
        province_code: '15',
        district_id: expect.any(Number),
        subdistrict_id: expect.any(Number),
        police_station_id: fx.stationWithArea,
        is_demo: false,
        purposes: ['deterrence', 'traffic'],
        year_installed: 2019,
        repair_budget_baht: 1500.5,
      });
      expect(f.geometry).toEqual({ type: 'Point', coordinates: [100.4, 14.58] });
    });

    it('writes coordinates lon/lat with at most 6 decimals', async () => {
      const { body } = await get(`/ogc/collections/cameras/items/${fx.precise}`);
      expect(body.geometry.coordinates).toEqual([98.985312, 18.788312]);
      const route = await items('/ogc/collections/risk_routes/items');
      expect(route.features[0].geometry.coordinates).toEqual([
        [100.4, 14.58],
        [100.423457, 14.59],
        [100.45, 14.6],
      ]);
      // All 77 provinces: lon first (~97-106), lat second (~5-21), ≤ 6 decimals, RFC 7946 winding
      // (checked by items(); the boundaries hold sliver holes that rounding alone would flip).
      const prov = await items('/ogc/collections/provinces/items?limit=100', { winding: true });
      expect(prov.numberReturned).toBe(77);
      const firstRing = prov.features[0].geometry.coordinates[0][0] as number[][];
      for (const [lon, lat] of firstRing) {
        expect(lon).toBeGreaterThan(97);
        expect(lon).toBeLessThan(106);
        expect(lat).toBeGreaterThan(5);
        expect(lat).toBeLessThan(21);
      }
    });

    it('serves provinces with the province code as feature id', async () => {
      const { body } = await get('/ogc/collections/provinces/items/15');
      expect(body.id).toBe('15');
      expect(body.properties).toMatchObject({ province_code: '15', name_th: 'อ่างทอง' });
      const fc = await items(`/ogc/collections/provinces/items?name_th=${encodeURIComponent('อ่างทอง')}`);
      expect(ids(fc)).toEqual(['15']);
      expect(fc.numberMatched).toBe(1);
    });

    it('serves subdistricts without area as "geometry": null', async () => {
      const { rows } = await knex.raw('select id from subdistricts where ST_IsEmpty(geom) order by id');
      expect(rows).toHaveLength(21);
      const emptyId = rows[0].id as number;
      const { body } = await get(`/ogc/collections/subdistricts/items/${emptyId}`);
      expect(body.geometry).toBeNull();
      expect(geoJsonProblems(body)).toEqual([]);
      // and inside a page
      const before = await tableCount(knex, 'subdistricts', 'id < ?', [emptyId]);
      const fc = await items(`/ogc/collections/subdistricts/items?offset=${Math.max(0, before - 2)}&limit=5`);
      const f = (fc.features as Json[]).find((x) => x.id === emptyId);
      expect(f).toBeDefined();
      expect(f!.geometry).toBeNull();
      // EMPTY geometries never match a bbox
      const all = await items('/ogc/collections/subdistricts/items?bbox=97,5,106,21&limit=10000');
      expect(all.numberMatched).toBe(7419 - 21);
      expect((all.features as Json[]).every((x) => x.geometry !== null)).toBe(true);
    });

    it('lists only stations with a jurisdiction polygon as police_jurisdictions', async () => {
      const fc = await items('/ogc/collections/police_jurisdictions/items', { winding: true });
      expect(ids(fc)).toEqual([fx.stationWithArea]);
      expect(fc.features[0].geometry.type).toBe('MultiPolygon');
      await get(`/ogc/collections/police_jurisdictions/items/${fx.stationWithoutArea}`, 404);
      const stations = await items('/ogc/collections/police_stations/items');
      expect(ids(stations)).toEqual([fx.stationWithArea, fx.stationWithoutArea]);
    });

    it('answers 404 for unknown, malformed and out-of-range feature ids', async () => {
      for (const fid of ['999999', 'abc', '1.5', '-1', '0', '01', '1e3', '99999999999999999999', '2147483648']) {
        const { body } = await get(`/ogc/collections/cameras/items/${encodeURIComponent(fid)}`, 404);
        expect(body.errors[0].code).toBe('not_found');
      }
      await get('/ogc/collections/districts/items/2147483648', 404);
      await get('/ogc/collections/provinces/items/99', 404);
      await get('/ogc/collections/provinces/items/1', 404);
      await get('/ogc/collections/provinces/items/abc', 404);
    });
  });

  describe('paging', () => {
    it('pages with limit and offset, with next and prev links where they belong', async () => {
      const total = 16;
      const first = await items('/ogc/collections/cameras/items?limit=5');
      expect(first.numberMatched).toBe(total);
      expect(first.numberReturned).toBe(5);
      expect(link(first, 'prev')).toBeUndefined();
      expect(local(link(first, 'next')!.href)).toBe('/ogc/collections/cameras/items?limit=5&offset=5');
      expect(link(first, 'next')!.type).toBe('application/geo+json');
      expect(local(link(first, 'self')!.href)).toBe('/ogc/collections/cameras/items?limit=5');

      const middle = await items('/ogc/collections/cameras/items?limit=5&offset=5');
      expect(local(link(middle, 'prev')!.href)).toBe('/ogc/collections/cameras/items?limit=5');
      expect(local(link(middle, 'next')!.href)).toBe('/ogc/collections/cameras/items?limit=5&offset=10');

      const last = await items('/ogc/collections/cameras/items?limit=5&offset=15');
      expect(last.numberReturned).toBe(1);
      expect(link(last, 'next')).toBeUndefined();
      expect(local(link(last, 'prev')!.href)).toBe('/ogc/collections/cameras/items?limit=5&offset=10');

      const beyond = await items('/ogc/collections/cameras/items?limit=5&offset=100');
      expect(beyond.numberReturned).toBe(0);
      expect(beyond.numberMatched).toBe(total);
      expect(link(beyond, 'next')).toBeUndefined();
      expect(local(link(beyond, 'prev')!.href)).toBe('/ogc/collections/cameras/items?limit=5&offset=95');
    });

    it('visits every feature exactly once, in id order, by following next links', async () => {
      const seen: number[] = [];
      let url: string | undefined = '/ogc/collections/cameras/items?limit=3&status=working';
      let pages = 0;
      while (url) {
        const fc = await items(url);
        seen.push(...ids(fc));
        const next = link(fc, 'next');
        url = next ? local(next.href) : undefined;
        if (url) expect(url).toContain('status=working');
        pages++;
      }
      const expected = [...fx.angThongWorking, ...fx.bangkok.slice(0, 2)].sort((a, b) => a - b);
      expect(seen).toEqual(expected);
      expect(pages).toBe(Math.ceil(expected.length / 3));
    });

    it('defaults to 10 and clamps a limit above 10000 to 10000', async () => {
      const dflt = await items('/ogc/collections/cameras/items');
      expect(dflt.numberReturned).toBe(10);
      expect(local(link(dflt, 'next')!.href)).toBe('/ogc/collections/cameras/items?limit=10&offset=10');
      const big = await items('/ogc/collections/cameras/items?limit=20000&offset=2');
      expect(big.numberReturned).toBe(14);
      expect(local(link(big, 'prev')!.href)).toBe('/ogc/collections/cameras/items?limit=10000');
      const subs = await items('/ogc/collections/subdistricts/items?limit=100000', { winding: true });
      expect(subs.numberReturned).toBe(7419);
      expect(link(subs, 'next')).toBeUndefined();
    });
  });

  describe('filters', () => {
    it('bbox returns exactly the features inside, including those on its edge', async () => {
      const inside = await items('/ogc/collections/cameras/items?bbox=100.39,14.57,100.425,14.59');
      const expected = fx.angThong.filter((_, k) => k % 2 === 0 && k < 6); // lon 100.40..100.42 at lat 14.58
      expect(ids(inside)).toEqual(expected);
      expect(inside.numberMatched).toBe(3);
      expect(local(link(inside, 'self')!.href)).toBe('/ogc/collections/cameras/items?bbox=100.39,14.57,100.425,14.59');

      const edge = await items('/ogc/collections/cameras/items?bbox=100.43,14.6,100.44,14.61');
      expect(ids(edge)).toEqual([fx.angThong[7], fx.angThong[9]]); // (100.43, 14.60) and (100.44, 14.60)

      const sixNumbers = await items('/ogc/collections/cameras/items?bbox=100.39,14.57,-10,100.425,14.59,100');
      expect(ids(sixNumbers)).toEqual(expected);

      const bangkok = await items('/ogc/collections/cameras/items?bbox=100.3,13.5,100.9,14.0&limit=2');
      expect(bangkok.numberMatched).toBe(3);
      expect(local(link(bangkok, 'next')!.href)).toBe('/ogc/collections/cameras/items?bbox=100.3,13.5,100.9,14.0&limit=2&offset=2');

      // a box across the antimeridian: 100°E..180° and -180°..-179°
      const across = await items('/ogc/collections/cameras/items?bbox=100.0,14.0,-179,15&limit=100');
      expect(ids(across)).toEqual(fx.angThong);

      const lines = await items('/ogc/collections/risk_routes/items?bbox=100.42,14.585,100.43,14.595');
      expect(lines.numberMatched).toBe(1);
      const nothing = await items('/ogc/collections/risk_routes/items?bbox=100.0,14.0,100.1,14.1');
      expect(nothing.numberMatched).toBe(0);

      const provinces = await items('/ogc/collections/provinces/items?bbox=100.44,14.58,100.45,14.59');
      expect(ids(provinces)).toEqual(['15']);
    });

    it('filters on queryable properties, combined with each other and with bbox', async () => {
      const working = await items('/ogc/collections/cameras/items?status=working&province_code=15&limit=100');
      expect(ids(working)).toEqual(fx.angThongWorking);
      expect(working.numberMatched).toBe(6);
      for (const f of working.features as Json[]) expect(f.properties).toMatchObject({ status: 'working', province_code: '15' });

      // (100.40, 14.58) (100.40, 14.60) (100.41, 14.58) (100.41, 14.60): the two at 14.58 work
      const boxed = await items('/ogc/collections/cameras/items?status=working&bbox=100.39,14.57,100.415,14.61');
      expect(ids(boxed)).toEqual([fx.angThong[0], fx.angThong[2]]);

      expect((await items('/ogc/collections/cameras/items?is_demo=true')).numberMatched).toBe(0);
      expect((await items('/ogc/collections/cameras/items?is_demo=false')).numberMatched).toBe(16);
      expect((await items(`/ogc/collections/cameras/items?police_station_id=${fx.stationWithArea}`)).numberMatched).toBe(12);
      expect((await items('/ogc/collections/planned_sites/items?priority=1')).numberMatched).toBe(1);
      expect((await items('/ogc/collections/risk_points/items?category=robbery')).numberMatched).toBe(1);

      const { rows } = await knex.raw(`select id from districts where province_code = '15' order by id`);
      const districts = await items('/ogc/collections/districts/items?province_code=15&limit=100');
      expect(ids(districts)).toEqual(rows.map((r: { id: number }) => r.id));
      expect(ids(districts)).toHaveLength(7);
    });

    it('accepts f=json / f=geojson, a valid datetime (no collection is temporal) and the CRS84 URI', async () => {
      expect((await items('/ogc/collections/cameras/items?f=json')).numberMatched).toBe(16);
      expect((await items('/ogc/collections/cameras/items?f=geojson')).numberMatched).toBe(16);
      for (const dt of ['2024-01-31T10:00:00Z', '2024-01-01/2024-12-31', '../2024-12-31T00:00:00+07:00', '2024-01-01T00:00:00Z/..']) {
        expect((await items(`/ogc/collections/cameras/items?datetime=${encodeURIComponent(dt)}`)).numberMatched).toBe(16);
      }
      expect((await items(`/ogc/collections/cameras/items?bbox-crs=${encodeURIComponent(CRS84)}&bbox=97,5,106,21`)).numberMatched).toBe(16);
    });
  });

  describe('invalid requests', () => {
    it('answers 400 for a bad bbox', async () => {
      for (const bbox of ['1,2,3', '1,2,3,4,5', 'a,b,c,d', '100,20,101,10', '200,0,201,1', '100,-91,101,1', '', '1,2,3,4,']) {
        const e = await bad(`/ogc/collections/cameras/items?bbox=${bbox}`, 'bbox');
        expect(e.code).toBe('invalid_parameter');
      }
      await bad('/ogc/collections/cameras/items?bbox=1,2,3,4&bbox=1,2,3,4', 'bbox');
    });

    it('answers 400 for a bad limit or offset', async () => {
      for (const limit of ['0', '-1', 'abc', '1.5', '', '10abc']) await bad(`/ogc/collections/cameras/items?limit=${limit}`, 'limit');
      for (const offset of ['-1', 'x', '1.5']) await bad(`/ogc/collections/cameras/items?offset=${offset}`, 'offset');
    });

    it('answers 400 naming an unknown parameter, a non-queryable property or a bad value', async () => {
      let e = await bad('/ogc/collections/cameras/items?foo=bar', 'foo');
      expect(e.code).toBe('unknown_parameter');
      expect(e.message).toContain('status');
      e = await bad('/ogc/collections/cameras/items?place_name=x', 'place_name');
      expect(e.code).toBe('not_queryable');
      // hidden columns are not even known
      for (const hidden of ['contact_name', 'phone', 'stream_url']) {
        expect((await bad(`/ogc/collections/cameras/items?${hidden}=x`, hidden)).code).toBe('unknown_parameter');
      }
      await bad('/ogc/collections/cameras/items?status=broken', 'status');
      await bad('/ogc/collections/cameras/items?district_id=abc', 'district_id');
      await bad('/ogc/collections/cameras/items?district_id=99999999999', 'district_id');
      await bad('/ogc/collections/cameras/items?is_demo=yes', 'is_demo');
      await bad('/ogc/collections/cameras/items?status=working&status=not_working', 'status');
      await bad('/ogc/collections/cameras/items?status[x]=working', 'status[x]');
      await bad('/ogc/collections/cameras/items?f=html', 'f');
      await bad('/ogc/collections?f=xml', 'f');
      await bad('/ogc/collections/cameras/items?datetime=yesterday', 'datetime');
      await bad('/ogc/collections/cameras/items?datetime=../..', 'datetime');
      await bad('/ogc/collections/cameras/items?bbox-crs=EPSG:32647', 'bbox-crs');
    });
  });

  describe('personal data', () => {
    it('never appears in any response', async () => {
      const texts: string[] = [];
      for (const id of ['cameras', 'planned_sites', 'risk_points', 'risk_routes', 'police_stations', 'police_jurisdictions']) {
        texts.push((await get(`/ogc/collections/${id}/items?limit=10000`)).text);
        texts.push((await get(`/ogc/collections/${id}/schema`)).text);
        texts.push((await get(`/ogc/collections/${id}/queryables`)).text);
      }
      texts.push((await get(`/ogc/collections/cameras/items/${fx.angThong[0]}`)).text);
      texts.push((await get(`/ogc/collections/police_stations/items/${fx.stationWithArea}`)).text);
      texts.push((await get('/ogc/api')).text, (await get('/ogc/collections')).text);
      const all = texts.join('\n');
      expect(all).toContain('กล้องหน้าตลาดอ่างทอง'); // the fixtures are there…
      for (const [column, value] of Object.entries(SECRET)) {
        // …but not the personal data, by name or by value
        expect(all).not.toContain(`"${column}"`);
        expect(all).not.toContain(value);
      }
    });

    it('is absent from the collection table itself', () => {
      for (const c of COLLECTIONS) {
        for (const p of c.properties) expect(['contact_name', 'phone', 'stream_url']).not.toContain(columnOf(p));
      }
    });
  });

  describe('SQL', () => {
    it('answers bbox queries from the GiST index (the envelope is in the column SRID, the column untouched)', async () => {
      const def = findCollection('subdistricts')!;
      const filters = { bbox: [100.3, 14.5, 100.5, 14.6] as [number, number, number, number], equals: [] };
      for (const qb of [itemsQuery(knex, def, filters, { limit: 10, offset: 0 }), countQuery(knex, def, filters)]) {
        const { sql, bindings } = qb.toSQL();
        // With sequential scans priced out, a predicate the index can serve must use it.
        const plan = await knex.transaction(async (trx) => {
          await trx.raw('set local enable_seqscan = off');
          const { rows } = await trx.raw(`explain ${sql}`, bindings as Knex.RawBinding[]);
          return (rows as { 'QUERY PLAN': string }[]).map((r) => r['QUERY PLAN']).join('\n');
        });
        expect(plan).toContain('subdistricts_geom_idx');
      }
    });
  });

  describe('the collection table matches the database', () => {
    it('every enum lists exactly the values the CHECK constraint allows', async () => {
      let checked = 0;
      for (const c of COLLECTIONS) {
        for (const p of c.properties.filter((x) => x.enum)) {
          const { rows } = await knex.raw(
            `select pg_get_constraintdef(k.oid) def from pg_constraint k join pg_class t on t.oid = k.conrelid
              where t.relname = ? and k.contype = 'c'`,
            [c.table],
          );
          const def = (rows as { def: string }[]).map((r) => r.def).find((d) => new RegExp(`\\(${columnOf(p)} = ANY`).test(d));
          expect(def, `${c.table}.${columnOf(p)}`).toBeDefined();
          const allowed = [...def!.matchAll(/'([^']*)'::text/g)].map((m) => m[1]);
          expect([...p.enum!].sort(), `${c.id}.${p.name}`).toEqual(allowed.sort());
          checked++;
        }
      }
      expect(checked).toBeGreaterThan(5);
    });
  });
});
