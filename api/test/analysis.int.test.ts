/**
 * /api/analysis/* and the OGC collection camera_views on a hand-made area in Ang Thong whose
 * answers are known by construction, plus the demo for totals. Engine accuracy against PostGIS is
 * coverage-crosscheck.int.test.ts; this file checks the loading, the filters, the aggregation in
 * PostGIS, the response shapes and the errors.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { promisify } from 'node:util';
import type { Knex } from 'knex';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalFrame } from '../src/analysis/index.js';
import { candidateCamerasQuery } from '../src/analysis-db/load.js';
import { whereArea } from '../src/analysis-db/filters.js';
import { ensureDemo } from '../src/demo/seed.js';
import { adminApp, resetDomainData, testContext } from './db.js';

const ctx = testContext();
const app = adminApp(ctx);
const knex = ctx.db.knex;
afterAll(() => ctx.db.close());

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

async function get(url: string, status = 200): Promise<Json> {
  const res = await request(app).get(url);
  expect(res.status, `${url}: ${res.text.slice(0, 500)}`).toBe(status);
  return res.body as Json;
}

/** The fields a 400 names, sorted. */
async function badFields(url: string): Promise<string[]> {
  const body = await get(url, 400);
  return (body.errors as { field: string }[]).map((e) => e.field).sort();
}

// --- a small GeoJSON checker (RFC 7946: closed rings, exterior counter-clockwise, lon/lat, 6 decimals)

function decimals(n: number): number {
  const s = String(n);
  if (s.includes('e')) return 99;
  const dot = s.indexOf('.');
  return dot < 0 ? 0 : s.length - dot - 1;
}

function geometryProblems(g: Json | null, at: string): string[] {
  if (g === null) return [];
  const out: string[] = [];
  const position = (p: unknown, where: string) => {
    if (!Array.isArray(p) || p.length !== 2 || !p.every((n) => typeof n === 'number' && Number.isFinite(n))) return void out.push(`${where}: not a position`);
    const [lon, lat] = p as [number, number];
    if (lon < 97 || lon > 106 || lat < 5 || lat > 21) out.push(`${where}: [${p}] is not lon/lat in Thailand`);
    if (decimals(lon) > 6 || decimals(lat) > 6) out.push(`${where}: more than 6 decimals`);
  };
  const ring = (r: unknown, where: string, exterior: boolean) => {
    if (!Array.isArray(r) || r.length < 4) return void out.push(`${where}: a ring needs 4 positions`);
    r.forEach((p, i) => position(p, `${where}[${i}]`));
    const [f, l] = [r[0] as number[], r[r.length - 1] as number[]];
    if (f[0] !== l[0] || f[1] !== l[1]) out.push(`${where}: not closed`);
    let a = 0;
    for (let i = 0; i + 1 < r.length; i++) a += r[i][0] * r[i + 1][1] - r[i + 1][0] * r[i][1];
    if (exterior ? !(a > 0) : !(a < 0)) out.push(`${where}: wrong winding`);
  };
  switch (g.type) {
    case 'Point':
      position(g.coordinates, at);
      break;
    case 'LineString':
      if (!Array.isArray(g.coordinates) || g.coordinates.length < 2) out.push(`${at}: a line needs 2 positions`);
      else g.coordinates.forEach((p: unknown, i: number) => position(p, `${at}[${i}]`));
      break;
    case 'Polygon':
      (g.coordinates as unknown[]).forEach((r, i) => ring(r, `${at}[${i}]`, i === 0));
      break;
    case 'MultiPolygon':
      (g.coordinates as unknown[][]).forEach((poly, j) => poly.forEach((r, i) => ring(r, `${at}[${j}][${i}]`, i === 0)));
      break;
    default:
      out.push(`${at}: unexpected type ${g.type}`);
  }
  return out;
}

function collectionProblems(fc: Json): string[] {
  if (fc.type !== 'FeatureCollection' || !Array.isArray(fc.features)) return ['not a FeatureCollection'];
  return (fc.features as Json[]).flatMap((f, i) =>
    f.type !== 'Feature' || typeof f.properties !== 'object' ? [`features[${i}]: not a Feature`] : geometryProblems(f.geometry, `features[${i}]`),
  );
}

// --- the fixture ---------------------------------------------------------------------------------
//
// Around the border of Mueang Ang Thong and Chaiyo (x east, y north, metres). Two police stations
// split it west / east (jurisdictions 1 km × 2 km), a third has no jurisdiction.
//
//   W1 working fixed, facing east 90°, 50 m, linked       sees P1
//   B1 not working fixed, facing north 90°, 60 m          would see P2 and 60 m of R2
//   B3 beyond repair, far from everything                 repair value 0
//   W2 working dome 40 m                                  sees P4 and 80 m of R1
//   B2 under repair dome 30 m, 20 m off R1                would add 32.4 m of R1 (the rest W2 sees)
//   P3 nobody sees

const O = new LocalFrame(100.489359, 14.62575);
const xy = (x: number, y: number) => O.toLonLat(x, y);
const square = (x0: number, y0: number, x1: number, y1: number) => ({
  type: 'MultiPolygon',
  coordinates: [[[xy(x0, y0), xy(x1, y0), xy(x1, y1), xy(x0, y1), xy(x0, y0)]]],
});

type Key = 'S1' | 'S2' | 'S3' | 'W1' | 'W2' | 'B1' | 'B2' | 'B3' | 'P1' | 'P2' | 'P3' | 'P4' | 'R1' | 'R2';
const ids = {} as Record<Key, number>;

async function insertPoint(table: string, key: Key, x: number, y: number, cols: Record<string, unknown>): Promise<number> {
  const [{ id }] = await knex(table)
    .insert({ ...cols, external_id: `t-${key}`, geom: knex.raw('ST_SetSRID(ST_MakePoint(?, ?), 4326)', xy(x, y)) })
    .returning('id');
  ids[key] = Number(id);
  return Number(id);
}

async function loadFixture(): Promise<void> {
  await resetDomainData(knex);
  for (const [key, x0, x1] of [['S1', -1000, 0], ['S2', 0, 1000]] as const) {
    const [{ id }] = await knex('police_stations')
      .insert({
        external_id: `t-${key}`,
        name_th: `สภ.ทดสอบ ${key}`,
        name_en: `Test station ${key}`,
        geom: knex.raw('ST_SetSRID(ST_MakePoint(?, ?), 4326)', xy((x0 + x1) / 2, 0)),
        jurisdiction: knex.raw('ST_SetSRID(ST_GeomFromGeoJSON(?), 4326)', [JSON.stringify(square(x0, -1000, x1, 1000))]),
      })
      .returning('id');
    ids[key] = Number(id);
  }
  await insertPoint('police_stations', 'S3', 0, 2000, { name_th: 'สภ.ทดสอบ S3', name_en: 'Test station S3' });

  const cam = (kind: string, status: string, extra: Record<string, unknown> = {}) => ({ place_name: 'กล้องทดสอบ', kind, status, ...extra });
  await insertPoint('cameras', 'W1', -300, -300, cam('fixed', 'working', { direction_deg: 90, fov_deg: 90, range_m: 50, linkage: 'linked' }));
  await insertPoint('cameras', 'B1', -300, -200, cam('fixed', 'not_working', { direction_deg: 0, fov_deg: 90, range_m: 60, repair_budget_baht: 15000 }));
  await insertPoint('cameras', 'B3', -600, 400, cam('fixed', 'beyond_repair', { direction_deg: 0, fov_deg: 60, range_m: 30 }));
  await insertPoint('cameras', 'W2', 300, 300, cam('dome', 'working', { range_m: 40, linkage: 'not_linked' }));
  await insertPoint('cameras', 'B2', 350, 320, cam('dome', 'under_repair', { range_m: 30 }));

  const risk = (category: string, weight: number, radius_m: number) => ({ name: 'จุดเสี่ยงทดสอบ', category, weight, radius_m });
  await insertPoint('risk_points', 'P1', -280, -300, risk('robbery', 2, 10));
  await insertPoint('risk_points', 'P2', -300, -170, risk('robbery', 5, 10));
  await insertPoint('risk_points', 'P3', -500, -500, risk('crime_hotspot', 3, 20));
  await insertPoint('risk_points', 'P4', 310, 290, risk('other', 1, 5));

  for (const [key, line, weight] of [
    ['R1', [[200, 300], [400, 300]], 4],
    ['R2', [[-350, -170], [-250, -170]], 2],
  ] as const) {
    const geometry = { type: 'LineString', coordinates: line.map(([x, y]) => xy(x, y)) };
    const [{ id }] = await knex('risk_routes')
      .insert({ external_id: `t-${key}`, name: `เส้นทางทดสอบ ${key}`, category: 'escape_route', weight, geom: knex.raw('ST_SetSRID(ST_GeomFromGeoJSON(?), 4326)', [JSON.stringify(geometry)]) })
      .returning('id');
    ids[key] = Number(id);
  }

  const req = (camera: Key, result: string) => ({ camera_id: ids[camera], requested_at: '2019-05-01T10:00:00+07:00', requester_unit: 'สภ.ทดสอบ', result });
  await knex('footage_requests').insert([
    req('W1', 'provided'),
    req('W1', 'provided'),
    req('B1', 'camera_broken'),
    req('B1', 'camera_broken'),
    req('B1', 'camera_broken'),
    req('B1', 'no_footage'),
    req('W2', 'pending'),
  ]);
}

let district = { west: 0, east: 0 };
let bangkokDistrict = 0;

beforeAll(async () => {
  await loadFixture();
  const { rows } = await knex.raw(`select external_id, district_id, police_station_id from cameras order by id`);
  // W1 and B1 lie in Mueang Ang Thong, W2 and B2 in Chaiyo (the border runs WNW–ESE through O).
  const byKey = Object.fromEntries((rows as { external_id: string; district_id: number }[]).map((r) => [r.external_id, r]));
  district = { west: byKey['t-W1']!.district_id, east: byKey['t-W2']!.district_id };
  bangkokDistrict = (await knex('districts').where('province_code', '10').orderBy('id').first('id')).id;
});

describe('the fixture', () => {
  it('lies in two districts and two police stations of Ang Thong', async () => {
    const names = await knex('districts').whereIn('id', [district.west, district.east]).orderBy('id').pluck('name_en');
    expect(names.sort()).toEqual(['Chaiyo', 'Mueang Ang Thong']);
    const { rows } = await knex.raw(`select external_id, province_code, police_station_id from cameras order by id`);
    expect(rows.map((r: Json) => [r.external_id, r.province_code, r.police_station_id])).toEqual([
      ['t-W1', '15', ids.S1],
      ['t-B1', '15', ids.S1],
      ['t-B3', '15', ids.S1],
      ['t-W2', '15', ids.S2],
      ['t-B2', '15', ids.S2],
    ]);
  });
});

describe('GET /api/analysis/risk-points', () => {
  it('says for each point whether a working camera sees it, which, and how much of its buffer', async () => {
    const body = await get('/api/analysis/risk-points?province=15');
    expect(body.mode).toBe('effective');
    expect(body.filters).toEqual({ province: '15', district: null, police_station: null, bbox: null });
    const by = Object.fromEntries((body.points as Json[]).map((p) => [p.external_id, p]));
    expect(Object.keys(by).sort()).toEqual(['t-P1', 't-P2', 't-P3', 't-P4']);
    expect(by['t-P1']).toMatchObject({ id: ids.P1, covered: true, coveredBy: [ids.W1], radiusM: 10, weight: 2, category: 'robbery', police_station_id: ids.S1 });
    // P1 is 20 m in front of W1 (east), its 10 m buffer wholly inside the 90° sector.
    expect(by['t-P1'].coveredFraction).toBeCloseTo(1, 3);
    expect(by['t-P2']).toMatchObject({ covered: false, coveredFraction: 0, coveredBy: [] });
    expect(by['t-P3']).toMatchObject({ covered: false, coveredFraction: 0, radiusM: 20 });
    expect(by['t-P4']).toMatchObject({ covered: true, coveredBy: [ids.W2] });
    expect(by['t-P4'].coveredFraction).toBeCloseTo(1, 3);
    for (const p of body.points as Json[]) expect(geometryProblems(p.geometry, p.external_id)).toEqual([]);
    expect(by['t-P1'].geometry.coordinates[0]).toBeCloseTo(xy(-280, -300)[0], 6);
    // The uncovered, heaviest first.
    expect((body.uncovered as Json[]).map((p) => [p.rank, p.id])).toEqual([[1, ids.P2], [2, ids.P3]]);
    expect(body.summary).toMatchObject({ total: 4, covered: 2, coveredPct: 50, weightTotal: 11, weightCovered: 3 });
  });

  it('nominal mode counts the broken cameras too', async () => {
    const body = await get('/api/analysis/risk-points?province=15&mode=nominal');
    expect(body.mode).toBe('nominal');
    const p2 = (body.points as Json[]).find((p) => p.id === ids.P2)!;
    expect(p2).toMatchObject({ covered: true, coveredBy: [ids.B1] });
    expect(p2.coveredFraction).toBeCloseTo(1, 3);
    expect((body.uncovered as Json[]).map((p) => p.id)).toEqual([ids.P3]);
  });

  it('filters by province name, district, police station and bbox', async () => {
    const idsOf = async (q: string) => ((await get(`/api/analysis/risk-points?${q}`)).points as Json[]).map((p) => p.id);
    const all = [ids.P1, ids.P2, ids.P3, ids.P4];
    for (const name of ['อ่างทอง', 'จังหวัดอ่างทอง', 'Ang Thong', 'ang thong']) expect(await idsOf(`province=${encodeURIComponent(name)}`)).toEqual(all);
    expect(await idsOf(`police_station=${ids.S2}`)).toEqual([ids.P4]);
    expect(await idsOf(`police_station=${ids.S1}`)).toEqual([ids.P1, ids.P2, ids.P3]);
    expect(await idsOf(`district=${district.east}`)).toEqual([ids.P4]);
    const [x0, y0] = xy(-290, -310);
    const [x1, y1] = xy(-270, -290);
    expect(await idsOf(`bbox=${x0},${y0},${x1},${y1}`)).toEqual([ids.P1]);
    // A camera outside the area still counts: P1's area is the bbox, W1 is outside it.
    const one = await get(`/api/analysis/risk-points?bbox=${x0},${y0},${x1},${y1}`);
    expect(one.points[0]).toMatchObject({ covered: true, coveredBy: [ids.W1] });
    expect(one.filters.bbox).toEqual([x0, y0, x1, y1]);
  });
});

describe('GET /api/analysis/risk-routes', () => {
  it('gives length, covered length, the uncovered stretches as lines and the longest gap', async () => {
    const body = await get('/api/analysis/risk-routes?province=15');
    expect(body.mode).toBe('effective');
    const r1 = (body.routes as Json[]).find((r) => r.id === ids.R1)!;
    const { rows } = await knex.raw('select id, ST_Length(geom::geography) as m from risk_routes order by id');
    const length = new Map((rows as { id: number; m: number }[]).map((r) => [Number(r.id), Number(r.m)]));
    expect(Math.abs(r1.lengthM - length.get(ids.R1)!)).toBeLessThan(0.01);
    // The dome (40 m) on the route: 80 m covered, 60 m uncovered on each side.
    expect(r1.coveredM).toBeCloseTo(80, 1);
    expect(r1.coveredFraction).toBeCloseTo(0.4, 3);
    expect(r1.longestGapM).toBeCloseTo(60, 1);
    expect(collectionProblems(r1.gaps)).toEqual([]);
    expect((r1.gaps.features as Json[]).map((g) => [Math.round(g.properties.fromM), Math.round(g.properties.toM), Math.round(g.properties.lengthM)])).toEqual([
      [0, 60, 60],
      [140, 200, 60],
    ]);
    expect(r1.gaps.features[0].geometry.coordinates[0]).toEqual([Math.round(xy(200, 300)[0] * 1e6) / 1e6, Math.round(xy(200, 300)[1] * 1e6) / 1e6]);
    const r2 = (body.routes as Json[]).find((r) => r.id === ids.R2)!;
    expect(r2).toMatchObject({ coveredM: 0, coveredFraction: 0 });
    expect(r2.longestGapM).toBeCloseTo(r2.lengthM, 6);
    expect(body.summary.total).toBe(2);
    expect(body.summary.coveredM).toBeCloseTo(80, 1);
    expect(body.summary.longestGapM).toBeCloseTo(100, 1);
  });

  it('nominal mode adds what the broken cameras see', async () => {
    const body = await get('/api/analysis/risk-routes?province=15&mode=nominal');
    const r1 = (body.routes as Json[]).find((r) => r.id === ids.R1)!;
    // B2 (30 m, 20 m off the route) covers x ∈ 350 ± 22.36; W2 covers 260..340.
    expect(r1.coveredM).toBeCloseTo(80 + (350 + Math.sqrt(500) - 340), 1);
    const r2 = (body.routes as Json[]).find((r) => r.id === ids.R2)!;
    // B1 faces north 30 m below R2 with 90°: it sees x ∈ -300 ± 30 of it.
    expect(r2.coveredM).toBeCloseTo(60, 1);
  });
});

describe('GET /api/analysis/repair-values', () => {
  it('values each broken camera of the area by the risk it would bring back, highest first', async () => {
    const body = await get('/api/analysis/repair-values?province=15');
    expect(body.mode).toBe('effective');
    expect(body.total).toBe(3);
    const items = body.items as Json[];
    expect(items.map((i) => i.id)).toEqual([ids.B1, ids.B2, ids.B3]);
    // B1: P2 (weight 5) + 60 m of R2 (weight 2).
    expect(items[0]).toMatchObject({ rank: 1, status: 'not_working', pointsNewlyCovered: [ids.P2], pointWeight: 5, repair_budget_baht: 15000 });
    expect(items[0]!.routeMetres).toBeCloseTo(60, 1);
    expect(items[0]!.value).toBeCloseTo(5 + 2 * 0.06, 4);
    // B2: nothing new but 32.36 m of R1 (weight 4) that W2 does not see.
    expect(items[1]!.pointsNewlyCovered).toEqual([]);
    expect(items[1]!.routeMetres).toBeCloseTo(350 + Math.sqrt(500) - 340, 1);
    expect(items[1]!.value).toBeCloseTo((4 * (10 + Math.sqrt(500))) / 1000, 3);
    expect(items[2]).toMatchObject({ id: ids.B3, value: 0, routeMetres: 0, status: 'beyond_repair' });
    for (const i of items) expect(geometryProblems(i.geometry, String(i.id))).toEqual([]);
  });

  it('lists only the area\'s broken cameras and answers 400 for nominal mode', async () => {
    expect(((await get(`/api/analysis/repair-values?police_station=${ids.S2}`)).items as Json[]).map((i) => i.id)).toEqual([ids.B2]);
    expect(await badFields('/api/analysis/repair-values?mode=nominal')).toEqual(['mode']);
  });
});

describe('GET /api/analysis/camera-views', () => {
  it('serves the views of working cameras as valid polygons, every camera in nominal mode', async () => {
    const eff = await get('/api/analysis/camera-views?province=15');
    expect(eff).toMatchObject({ type: 'FeatureCollection', mode: 'effective', total: 2, limit: 10000, offset: 0 });
    expect(collectionProblems(eff)).toEqual([]);
    expect((eff.features as Json[]).map((f) => f.id)).toEqual([ids.W1, ids.W2]);
    const w1 = eff.features[0] as Json;
    expect(w1.geometry.type).toBe('Polygon');
    expect(w1.properties).toMatchObject({ camera_id: ids.W1, mode: 'effective', status: 'working', kind: 'fixed', direction_deg: 90, fov_deg: 90, range_m: 50, circle: false, defaulted: [] });
    // The apex is the camera.
    expect(w1.geometry.coordinates[0][0]).toEqual(xy(-300, -300).map((v) => Math.round(v * 1e6) / 1e6));
    const nom = await get('/api/analysis/camera-views?province=15&mode=nominal');
    expect(nom.total).toBe(5);
    expect((nom.features as Json[]).map((f) => f.properties.status)).toEqual(['working', 'not_working', 'beyond_repair', 'working', 'under_repair']);
    expect((nom.features as Json[]).every((f) => f.properties.mode === 'nominal')).toBe(true);
  });

  it('selects by the view polygon with bbox, and pages', async () => {
    const box = (x0: number, y0: number, x1: number, y1: number) => [...xy(x0, y0), ...xy(x1, y1)].join(',');
    // Inside W1's sector near its far end (45 m east of it), and beside the camera but behind it.
    expect(((await get(`/api/analysis/camera-views?bbox=${box(-258, -305, -250, -295)}`)).features as Json[]).map((f) => f.id)).toEqual([ids.W1]);
    expect((await get(`/api/analysis/camera-views?bbox=${box(-330, -290, -305, -280)}`)).total).toBe(0);
    const page = await get('/api/analysis/camera-views?mode=nominal&limit=2&offset=2');
    expect(page).toMatchObject({ total: 5, limit: 2, offset: 2 });
    expect((page.features as Json[]).map((f) => f.id)).toEqual([ids.B3, ids.W2]);
  });
});

describe('GET /api/analysis/density', () => {
  it('per police station: counts, ratios, per km² on the jurisdiction, coverage and footage requests', async () => {
    const fc = await get('/api/analysis/density?level=police_station&province=15');
    expect(fc).toMatchObject({ type: 'FeatureCollection', mode: 'effective', level: 'police_station' });
    expect(collectionProblems(fc)).toEqual([]);
    const by = Object.fromEntries((fc.features as Json[]).map((f) => [f.id, f]));
    expect(Object.keys(by).map(Number).sort()).toEqual([ids.S1, ids.S2, ids.S3].sort());
    const s1 = by[ids.S1]!.properties;
    expect(s1).toMatchObject({
      level: 'police_station',
      name_th: 'สภ.ทดสอบ S1',
      camerasTotal: 3,
      camerasWorking: 1,
      camerasLinked: 1,
      riskPointsTotal: 3,
      riskPointsCovered: 1,
      riskPointsCoveredPct: 33.3,
      riskRoutesTotal: 1,
      routeCoveredM: 0,
      routeCoveredPct: 0,
      footageRequests: 6,
      footageRequestsCameraBroken: 3,
    });
    expect(s1.areaKm2).toBeCloseTo(2, 2); // 1 km × 2 km
    expect(s1.camerasPerKm2).toBeCloseTo(3 / s1.areaKm2, 9);
    expect(s1.workingPerKm2).toBeCloseTo(1 / s1.areaKm2, 9);
    expect(s1.workingRatio).toBeCloseTo(1 / 3, 9);
    expect(s1.linkedRatio).toBeCloseTo(1 / 3, 9);
    expect(s1.routeLengthM).toBeCloseTo(100, 0);
    expect(by[ids.S1]!.geometry.type).toBe('MultiPolygon');
    const s2 = by[ids.S2]!.properties;
    expect(s2).toMatchObject({ camerasTotal: 2, camerasWorking: 1, camerasLinked: 0, riskPointsCoveredPct: 100, routeCoveredPct: 40, footageRequests: 1, footageRequestsCameraBroken: 0 });
    // No jurisdiction: no area, no density per km², no polygon; zeros elsewhere.
    expect(by[ids.S3]).toMatchObject({ geometry: null, properties: { areaKm2: null, camerasPerKm2: null, camerasTotal: 0, workingRatio: 0, riskPointsCoveredPct: 0 } });
  });

  it('nominal mode changes the coverage figures, not the counts', async () => {
    const s1 = ((await get(`/api/analysis/density?level=police_station&police_station=${ids.S1}&mode=nominal`)).features as Json[])[0]!.properties;
    expect(s1).toMatchObject({ camerasTotal: 3, riskPointsCovered: 2, riskPointsCoveredPct: 66.7, routeCoveredPct: 60 });
  });

  it('per district: the counts agree with a point-in-polygon count on the boundaries', async () => {
    const fc = await get(`/api/analysis/density?level=district&province=15`);
    expect(fc.features).toHaveLength(7); // Ang Thong has 7 districts
    expect(collectionProblems(fc)).toEqual([]);
    const { rows } = await knex.raw(
      `select d.id, count(c.id)::int as total, (count(c.id) filter (where c.status = 'working'))::int as working,
              ST_Area(d.geom::geography) / 1e6 as km2
         from districts d left join cameras c on ST_Intersects(d.geom, c.geom)
        where d.province_code = '15' group by d.id order by d.id`,
    );
    for (const r of rows as { id: number; total: number; working: number; km2: number }[]) {
      const f = (fc.features as Json[]).find((x) => x.id === r.id)!;
      expect(f.properties, `district ${r.id}`).toMatchObject({ camerasTotal: r.total, camerasWorking: r.working });
      expect(f.properties.areaKm2).toBeCloseTo(r.km2, 6);
    }
    const west = (fc.features as Json[]).find((x) => x.id === district.west)!.properties;
    // Requests through their cameras: W1's 2 and B1's 4 are in the west district.
    expect(west).toMatchObject({ footageRequests: 6, footageRequestsCameraBroken: 3 });
  });

  it('per province, and without geometry on request', async () => {
    const fc = await get('/api/analysis/density?level=province&province=15&geometry=false');
    expect(fc.features).toHaveLength(1);
    expect(fc.features[0]).toMatchObject({
      id: '15',
      geometry: null,
      properties: { name_en: 'Ang Thong', camerasTotal: 5, camerasWorking: 2, riskPointsTotal: 4, riskPointsCovered: 2, footageRequests: 7, footageRequestsCameraBroken: 3 },
    });
    const { rows } = await knex.raw(`select ST_Area(geom::geography) / 1e6 as km2 from provinces where code = '15'`);
    expect(fc.features[0].properties.areaKm2).toBeCloseTo(Number(rows[0].km2), 6);
    const all = await get('/api/analysis/density?level=province&geometry=false');
    expect(all.features).toHaveLength(77);
  });
});

describe('an area without data', () => {
  it('gives zeros and empty lists, not errors', async () => {
    const q = `district=${bangkokDistrict}`;
    expect(await get(`/api/analysis/risk-points?${q}`)).toMatchObject({ mode: 'effective', points: [], uncovered: [], summary: { total: 0, covered: 0, coveredPct: 0 } });
    expect(await get(`/api/analysis/risk-routes?${q}`)).toMatchObject({ routes: [], summary: { total: 0, lengthM: 0, coveredPct: 0 } });
    expect(await get(`/api/analysis/repair-values?${q}`)).toMatchObject({ total: 0, items: [] });
    expect(await get(`/api/analysis/camera-views?${q}`)).toMatchObject({ total: 0, features: [] });
    const d = await get(`/api/analysis/density?${q}`);
    expect(d.features).toHaveLength(1);
    expect(d.features[0].properties).toMatchObject({ camerasTotal: 0, camerasPerKm2: 0, workingRatio: 0, linkedRatio: 0, riskPointsCoveredPct: 0, routeCoveredPct: 0, footageRequests: 0 });
    expect(d.features[0].properties.areaKm2).toBeGreaterThan(0);
    // Filters that select nothing together: a Bangkok district in Ang Thong.
    expect((await get(`/api/analysis/density?${q}&province=15`)).features).toEqual([]);
  });
});

describe('invalid requests', () => {
  it('answer 400 naming every bad field at once', async () => {
    expect(await badFields('/api/analysis/risk-points?province=Atlantis&district=abc&police_station=0&bbox=1,2,3&mode=best')).toEqual([
      'bbox',
      'district',
      'mode',
      'police_station',
      'province',
    ]);
    expect(await badFields('/api/analysis/risk-routes?district=999999')).toEqual(['district']);
    expect(await badFields('/api/analysis/risk-routes?police_station=999999')).toEqual(['police_station']);
    expect(await badFields('/api/analysis/risk-points?bbox=101,15,100,14')).toEqual(['bbox']);
    expect(await badFields('/api/analysis/risk-points?province=15&province=16')).toEqual(['province']);
    expect(await badFields('/api/analysis/risk-points?limit=5')).toEqual(['limit']); // unknown here
    expect(await badFields('/api/analysis/density?level=country&geometry=yes')).toEqual(['geometry', 'level']);
    expect(await badFields('/api/analysis/camera-views?limit=0&offset=-1')).toEqual(['limit', 'offset']);
    const body = await get('/api/analysis/risk-points?province=Atlantis', 400);
    expect(body.errors[0]).toMatchObject({ field: 'province', code: 'unknown_province' });
    await get('/api/analysis/nothing-here', 404);
  });
});

describe('candidate search in PostGIS', () => {
  it('reaches the cameras through their GiST index', async () => {
    const q = candidateCamerasQuery(whereArea('p', { province: '15' }), whereArea('r', { province: '15' }), 300);
    const plan = await knex.transaction(async (trx) => {
      await trx.raw('set local enable_seqscan = off');
      const { rows } = await trx.raw(`explain ${q.sql}`, q.bindings as Knex.RawBinding[]);
      return (rows as { 'QUERY PLAN': string }[]).map((r) => r['QUERY PLAN']).join('\n');
    });
    expect(plan).toMatch(/Index Scan using cameras_geom_idx on cameras|Bitmap Index Scan on cameras_geom_idx/);
    expect(plan).toContain('atlas_expand_m');
  });

  it('atlas_expand_m and atlas_m_in_degrees never miss what is within the distance, at any latitude', async () => {
    // Points at the distance (less 1 cm) in 16 directions, at the equator, in Thailand and far north.
    const { rows } = await knex.raw(
      `with c as (select ST_SetSRID(ST_MakePoint(100, lat), 4326) as p, lat, m from unnest(array[0.0, 5.6, 14.6, 20.5, 60.0]) lat, unnest(array[10.0, 300.0, 2000.0, 7000.0]) m),
            q as (select c.*, ST_Project(c.p::geography, c.m - 0.01, radians(b))::geometry as q from c, generate_series(0, 337.5, 22.5) b)
       select count(*) as n,
              count(*) filter (where not (q && atlas_expand_m(p, m))) as missed_box,
              count(*) filter (where not ST_DWithin(q, p, atlas_m_in_degrees(lat, m))) as missed_deg
         from q`,
    );
    expect(rows[0]).toEqual({ n: 320, missed_box: 0, missed_deg: 0 });
  });
});

describe('OGC collection camera_views', () => {
  it('is listed with an extent that holds every view, and described with a polygon geometry and a mode queryable', async () => {
    const list = await get('/ogc/collections');
    const c = (list.collections as Json[]).find((x) => x.id === 'camera_views')!;
    expect(c.title).toMatch(/[\u0E00-\u0E7F].*Camera views/);
    const [x0, y0, x1, y1] = c.extent.spatial.bbox[0] as number[];
    const nominal = await get('/ogc/collections/camera_views/items?mode=nominal&limit=100');
    for (const f of nominal.features as Json[]) {
      for (const [lon, lat] of f.geometry.coordinates[0] as number[][]) {
        expect(lon! >= x0! && lon! <= x1! && lat! >= y0! && lat! <= y1!).toBe(true);
      }
    }
    const schema = await get('/ogc/collections/camera_views/schema');
    expect(schema.properties.geometry.format).toBe('geometry-polygon');
    const q = await get('/ogc/collections/camera_views/queryables');
    expect(Object.keys(q.properties)).toEqual(expect.arrayContaining(['mode', 'status', 'kind', 'province_code', 'district_id', 'police_station_id']));
  });

  it('serves the effective views by default, all with mode=nominal, with status and mode properties', async () => {
    const eff = await get('/ogc/collections/camera_views/items');
    expect(eff).toMatchObject({ type: 'FeatureCollection', numberMatched: 2, numberReturned: 2 });
    expect(collectionProblems(eff)).toEqual([]);
    expect((eff.features as Json[]).map((f) => [f.id, f.properties.mode, f.properties.status])).toEqual([
      [ids.W1, 'effective', 'working'],
      [ids.W2, 'effective', 'working'],
    ]);
    const nom = await get('/ogc/collections/camera_views/items?mode=nominal&status=under_repair');
    expect((nom.features as Json[]).map((f) => [f.id, f.properties.mode])).toEqual([[ids.B2, 'nominal']]);
    // Same polygons as the REST API.
    const rest = await get('/api/analysis/camera-views?mode=nominal');
    const b2 = (rest.features as Json[]).find((f) => f.id === ids.B2)!;
    expect(nom.features[0].geometry).toEqual(b2.geometry);
    expect(nom.features[0].properties).toEqual(b2.properties);
  });

  it('pages and selects by bbox like the other collections', async () => {
    const first = await get('/ogc/collections/camera_views/items?mode=nominal&limit=2');
    expect(first).toMatchObject({ numberMatched: 5, numberReturned: 2 });
    const next = (first.links as Json[]).find((l) => l.rel === 'next')!;
    expect(new URL(next.href).search).toBe('?mode=nominal&limit=2&offset=2');
    const second = await get(new URL(next.href).pathname + new URL(next.href).search);
    expect((second.features as Json[]).map((f) => f.id)).toEqual([ids.B3, ids.W2]);
    const box = [...xy(-258, -305), ...xy(-250, -295)].join(',');
    const inBox = await get(`/ogc/collections/camera_views/items?bbox=${box}`);
    expect(inBox).toMatchObject({ numberMatched: 1, features: [{ id: ids.W1 }] });
  });

  it('serves one view by camera id; a broken camera only in nominal mode', async () => {
    const one = await get(`/ogc/collections/camera_views/items/${ids.W1}`);
    expect(one).toMatchObject({ type: 'Feature', id: ids.W1, properties: { mode: 'effective' } });
    await get(`/ogc/collections/camera_views/items/${ids.B1}`, 404);
    const b1 = await get(`/ogc/collections/camera_views/items/${ids.B1}?mode=nominal`);
    expect(b1).toMatchObject({ id: ids.B1, properties: { mode: 'nominal', status: 'not_working' } });
    expect((b1.links as Json[]).find((l) => l.rel === 'self')!.href).toMatch(new RegExp(`/items/${ids.B1}\\?mode=nominal$`));
  });

  it('answers 400 for a bad mode', async () => {
    for (const url of ['/ogc/collections/camera_views/items?mode=all', `/ogc/collections/camera_views/items/${ids.W1}?mode=all`]) {
      const body = await get(url, 400);
      expect(body.errors[0].field).toBe('mode');
    }
  });

  // GDAL reads it the way QGIS does (where gdal-bin is installed).
  const hasGdal = (process.env.PATH ?? '').split(path.delimiter).some((dir) => dir && fs.existsSync(path.join(dir, 'ogrinfo')));
  it.skipIf(!hasGdal)('is a polygon layer for GDAL', async () => {
    const server = http.createServer(app);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/ogc`;
      const env = { ...process.env, NO_PROXY: '127.0.0.1,localhost', no_proxy: '127.0.0.1,localhost', CPL_DEBUG: 'OFF' };
      const { stdout } = await promisify(execFile)('ogrinfo', ['-ro', '-so', `OAPIF:${base}`, 'camera_views'], { env, timeout: 120_000 });
      expect(stdout).toMatch(/^Geometry: Polygon$/m);
      expect(stdout).toMatch(/^Feature Count: 2$/m);
      expect(stdout).toMatch(/^range_m: Real/m);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});

describe('on the Ang Thong demo', () => {
  beforeAll(async () => {
    await resetDomainData(knex);
    await ensureDemo(knex, () => {});
  });

  it('density adds up to the official totals and every request with a camera', async () => {
    const sum = (fc: Json, k: string) => (fc.features as Json[]).reduce((s, f) => s + (f.properties[k] as number), 0);
    const districts = await get('/api/analysis/density?level=district&province=15&geometry=false');
    expect(sum(districts, 'camerasTotal')).toBe(860);
    expect(sum(districts, 'camerasWorking')).toBe(734);
    expect(sum(districts, 'riskPointsTotal')).toBe(63);
    expect(sum(districts, 'riskRoutesTotal')).toBe(15);
    const { rows } = await knex.raw(
      `select count(*)::int as n, (count(*) filter (where result = 'camera_broken'))::int as broken from footage_requests where camera_id is not null`,
    );
    expect(sum(districts, 'footageRequests')).toBe(rows[0].n);
    expect(sum(districts, 'footageRequestsCameraBroken')).toBe(rows[0].broken);
    const stations = await get('/api/analysis/density?level=police_station&province=15');
    expect(collectionProblems(stations)).toEqual([]);
    expect(sum(stations, 'camerasTotal')).toBe(860);
    // The coverage figures are the same engine run, split by area.
    const points = await get('/api/analysis/risk-points?province=15');
    expect(sum(districts, 'riskPointsCovered')).toBe(points.summary.covered);
    const routes = await get('/api/analysis/risk-routes?province=15');
    expect(sum(districts, 'routeCoveredM')).toBeCloseTo(routes.summary.coveredM, 6);
  });

  it('repair values cover the 126 broken cameras', async () => {
    const body = await get('/api/analysis/repair-values?province=15');
    expect(body.total).toBe(126);
    const values = (body.items as Json[]).map((i) => i.value as number);
    expect(values).toEqual([...values].sort((a, b) => b - a));
    expect(values[0]).toBeGreaterThan(0);
  });
});
