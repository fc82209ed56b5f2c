/**
 * /api/plans: ranking from the database (a hand-made street whose answer is known by
 * construction, and the demo province checked against PostGIS), saved plans with overrides,
 * approval, deletion, exports, and bad input that changes nothing.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import ExcelJS from 'exceljs';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalFrame } from '../src/analysis/index.js';
import { ensureDemo } from '../src/demo/seed.js';
import { adminApp, resetDomainData, testContext } from './db.js';

const ctx = testContext();
const app = adminApp(ctx);
const knex = ctx.db.knex;
afterAll(() => ctx.db.close());

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

async function post(url: string, body: unknown, status = 200): Promise<Json> {
  const res = await request(app).post(url).send(body as object);
  expect(res.status, `${url}: ${res.text.slice(0, 800)}`).toBe(status);
  return res.body as Json;
}
async function get(url: string, status = 200): Promise<Json> {
  const res = await request(app).get(url);
  expect(res.status, `${url}: ${res.text.slice(0, 800)}`).toBe(status);
  return res.body as Json;
}
async function patch(url: string, body: unknown, status = 200): Promise<Json> {
  const res = await request(app).patch(url).send(body as object);
  expect(res.status, `${url}: ${res.text.slice(0, 800)}`).toBe(status);
  return res.body as Json;
}
const fields = (body: Json) => (body.errors as { field: string }[]).map((e) => e.field).sort();
const counts = async () => {
  const { rows } = await knex.raw(
    `select (select count(*) from plans)::int plans, (select count(*) from plan_items)::int items, (select count(*) from plan_overrides)::int overrides,
            (select string_agg(id || ':' || status || ':' || coalesce(priority::text, '-'), ',' order by id) from planned_sites) sites`,
  );
  return rows[0] as Json;
};

// A street in Mueang Ang Thong, positions in metres east/north of O (all in the province):
//   W1 working dome 50 m at (0, 0): sees risk point P1, the first 50 m of route R1, its own hotspot
//   R1 (weight 2) from (0, 0) to (200, 0): 150 m open → 6 pieces of 25 m
//   B2 not working dome 60 m at (150, 0), repair 50,000 baht: sees R1 from 90 to 200 m and its hotspot (3 requests)
//   P2 (weight 3) at (300, 100): site S10 (dome 40 m at (300, 80), 200,000 baht) sees it
//   S11 approved, 300,000 baht, sees nothing open; S12 has no cost; S13 installed; B3 beyond repair
const O = new LocalFrame(100.4525, 14.6045);
const xy = (x: number, y: number) => O.toLonLat(x, y);
const ids: Record<string, number> = {};
const pointGeom = (x: number, y: number) => knex.raw('ST_SetSRID(ST_MakePoint(?, ?), 4326)', xy(x, y));

async function scene(): Promise<void> {
  await resetDomainData(knex);
  const add = async (table: string, key: string, x: number, y: number, cols: Record<string, unknown>) => {
    const [{ id }] = await knex(table).insert({ ...cols, external_id: `t-${key}`, geom: pointGeom(x, y) }).returning('id');
    ids[key] = Number(id);
  };
  const dome = (status: string, range_m: number, extra: Record<string, unknown> = {}) => ({ place_name: 'กล้องทดสอบ', kind: 'dome', fov_deg: 360, range_m, status, ...extra });
  await add('cameras', 'W1', 0, 0, dome('working', 50));
  await add('cameras', 'B2', 150, 0, dome('not_working', 60, { repair_budget_baht: 50_000, place_name: 'กล้องหน้าตลาด' }));
  await add('cameras', 'B3', 300, 100, dome('beyond_repair', 80, { repair_budget_baht: 10_000 }));
  await add('risk_points', 'P1', 10, 10, { name: 'ร้านทอง', category: 'robbery', weight: 5 });
  await add('risk_points', 'P2', 300, 100, { name: 'ตู้เอทีเอ็ม', category: 'robbery', weight: 3 });
  const site = (place_name: string, status: string, cost_baht: number | null, extra: Record<string, unknown> = {}) => ({ place_name, status, cost_baht, kind: 'dome', fov_deg: 360, range_m: 40, ...extra });
  await add('planned_sites', 'S10', 300, 80, site('ตลาดสด', 'not_started', 200_000));
  await add('planned_sites', 'S11', 600, 0, site('โรงเรียน', 'approved', 300_000));
  await add('planned_sites', 'S12', 0, 300, site('=วัด', 'budget_requested', null));
  await add('planned_sites', 'S13', 0, 500, site('สะพาน', 'installed', 1000));
  const [{ id }] = await knex('risk_routes')
    .insert({ external_id: 't-R1', name: 'เส้นทางหลบหนี', category: 'escape_route', weight: 2, geom: knex.raw('ST_SetSRID(ST_GeomFromGeoJSON(?), 4326)', [JSON.stringify({ type: 'LineString', coordinates: [xy(0, 0), xy(200, 0)] })]) })
    .returning('id');
  ids.R1 = Number(id);
  const req = (camera: string, requested_at = '2019-05-01T10:00:00+07:00') => ({ camera_id: ids[camera], requested_at, requester_unit: 'สภ.เมืองอ่างทอง', result: 'camera_broken' });
  await knex('footage_requests').insert([req('W1'), req('W1'), req('W1'), req('W1'), req('B2'), req('B2'), req('B2', '2018-01-01T10:00:00+07:00')]);
}

describe('POST /api/plans/rank on a street with a known answer', () => {
  beforeAll(scene);

  it('lays the scene in one district of Ang Thong', async () => {
    const { rows } = await knex.raw(`select distinct province_code, district_id from (select province_code, district_id from cameras union all select province_code, district_id from planned_sites union all select province_code, district_id from risk_points) x`);
    expect(rows).toHaveLength(1);
    expect(rows[0].province_code).toBe('15');
  });

  it('ranks the approved site first, then the repair, then the new site, with what each newly covers', async () => {
    const r = await post('/api/plans/rank', { province: 'อ่างทอง', budget: 600_000, method: 'exact', curve_step: 100_000 });
    expect(r.filters).toEqual({ province: '15', district: null, police_station: null, bbox: null });
    expect(r).toMatchObject({ method: 'exact', requestedMethod: 'exact', optimal: true, gap: 0, totalCost: 550_000 });
    expect(r.counts).toEqual({ candidates: 3, sites: 2, repairs: 1, demandItems: 8, covers: 6 });
    expect(r.skipped).toEqual([{ id: `site:${ids.S12}`, kind: 'site', ref: ids.S12, name: '=วัด', reason: 'cost_baht is missing' }]);
    const ranking = r.ranking as Json[];
    expect(ranking.map((x) => x.id)).toEqual([`site:${ids.S11}`, `repair:${ids.B2}`, `site:${ids.S10}`]);
    expect(ranking[0]).toMatchObject({ rank: 1, forced: 'in', cost: 300_000, marginalWeight: 0 });
    expect(ranking[1]!.marginalWeight).toBeCloseTo(3 + 0.2, 6);
    expect(ranking[1]!.newlyCovered).toMatchObject({ points: [], hotspots: [{ id: ids.B2, requests: 3 }], items: 5 });
    expect(ranking[1]!.newlyCovered.routes[0].id).toBe(ids.R1);
    expect(ranking[1]!.newlyCovered.routes[0].metres).toBeCloseTo(100, 2);
    expect(ranking[2]).toMatchObject({ rank: 3, name: 'ตลาดสด', cumulativeCost: 550_000, newlyCovered: { points: [ids.P2], items: 1 } });
    // Whole demand: points 5 + 3, hotspots 4 + 3, route 0.4 → 15.4; working cameras see 9.1 of it.
    expect(r.totals.total).toBeCloseTo(15.4, 6);
    expect(r.coverageBefore).toBeCloseTo(9.1 / 15.4, 6);
    expect(r.coverageAfter).toBeCloseTo(15.3 / 15.4, 6);
    expect(ranking[2]!.shareOfDemand).toBeCloseTo(6.2 / 15.4, 6);
    expect((r.curve as Json[]).map((c) => c.budget)).toEqual([300_000, 400_000, 500_000, 600_000]);
  });

  it('filters requests by date, honours forced overrides and candidate kinds', async () => {
    const since = await post('/api/plans/rank', { province: '15', budget: 600_000, requests_since: '2019-01-01', method: 'greedy' });
    expect(since.ranking.find((x: Json) => x.kind === 'repair').newlyCovered.hotspots).toEqual([{ id: ids.B2, requests: 2 }]);
    const forced = await post('/api/plans/rank', { province: '15', budget: 600_000, forced: { [`site:${ids.S11}`]: 'free', [`repair:${ids.B2}`]: 'out' } });
    expect(forced.ranking.map((x: Json) => x.id)).toEqual([`site:${ids.S10}`]);
    expect(forced.leftOut.map((x: Json) => [x.id, x.forced])).toEqual([[`repair:${ids.B2}`, 'out'], [`site:${ids.S11}`, null]]);
    const repairs = await post('/api/plans/rank', { province: '15', budget: 100_000, kinds: ['repair'] });
    expect(repairs.ranking.map((x: Json) => x.id)).toEqual([`repair:${ids.B2}`]);
    // Another area has no demand: an empty, valid answer.
    const elsewhere = await post('/api/plans/rank', { province: '10', budget: 1_000_000 });
    expect(elsewhere).toMatchObject({ ranking: [], coveredWeight: 0, counts: { candidates: 0, demandItems: 0 } });
  });

  it('answers bad requests with 400 naming each field, and changes nothing', async () => {
    const before = await counts();
    expect(fields(await post('/api/plans/rank', {}, 400))).toEqual(['budget']);
    expect(fields(await post('/api/plans/rank', { budget: -1, method: 'best', time_limit: 0, extra: 1 }, 400))).toEqual(['budget', 'extra', 'method', 'time_limit']);
    expect(fields(await post('/api/plans/rank', { budget: 1, province: 'Atlantis', district: 99999999 }, 400))).toEqual(['district', 'province']);
    expect(fields(await post('/api/plans/rank', { budget: 600_000, forced: { 'site:999999': 'in' } }, 400))).toEqual(['forced.site:999999']);
    // The approved site alone costs more than the budget.
    const over = await post('/api/plans/rank', { budget: 100_000 }, 400);
    expect(fields(over)).toEqual(['budget']);
    expect(over.errors[0].message).toContain(`site:${ids.S11}`);
    expect(fields(await post('/api/plans', { budget: 600_000 }, 400))).toEqual(['name']);
    expect(fields(await post('/api/plans', { name: 'x', budget: 100_000 }, 400))).toEqual(['budget']);
    const res = await request(app).post('/api/plans/rank').set('Content-Type', 'application/json').send('{"budget": 1');
    expect(res.status).toBe(400);
    expect(await counts()).toEqual(before);
  });
});

describe('saved plans: overrides, approval, export', () => {
  let plan: Json;
  beforeAll(async () => {
    await scene();
    plan = await post('/api/plans', { name: 'แผนติดตั้ง ปี 2570', province: '15', budget: 600_000, method: 'auto', notes: 'ร่างแรก' }, 201);
  });

  it('saves the ranking as a draft with every candidate and the solver figures', async () => {
    expect(plan).toMatchObject({ name: 'แผนติดตั้ง ปี 2570', status: 'draft', province_code: '15', budget_baht: 600_000, method: 'auto', version: 1, notes: 'ร่างแรก', approved_at: null });
    expect(plan.items.map((i: Json) => [i.priority, i.candidate, i.solverRank])).toEqual([[1, `site:${ids.S11}`, 1], [2, `repair:${ids.B2}`, 2], [3, `site:${ids.S10}`, 3]]);
    expect(plan.summary).toMatchObject({ items: 3, sites: 2, repairs: 1, totalCost: 550_000, remainingBudget: 50_000, asRanked: true });
    expect(plan.summary.coveredWeight).toBeCloseTo(6.2, 6);
    expect(plan.result.optimal).toBe(true);
    expect(plan.result.curve.length).toBeGreaterThan(1);
    expect(plan.leftOut).toEqual([]);
    const list = await get('/api/plans?province=15&status=draft');
    expect(list.total).toBe(1);
    expect(list.items[0]).toMatchObject({ id: plan.id, items: 3, total_cost: 550_000, status: 'draft' });
    expect((await get('/api/plans?status=approved')).total).toBe(0);
    expect(fields(await get('/api/plans?status=done&limit=0', 400))).toEqual(['limit', 'status']);
  });

  it('records priority overrides with reasons and recomputes the figures in the new order', async () => {
    const moved = await patch(`/api/plans/${plan.id}`, { version: 1, priorities: [{ candidate: `site:${ids.S10}`, priority: 1, reason: 'ตำรวจขอให้ทำก่อน: ปล้นบ่อย' }] });
    expect(moved.version).toBe(2);
    expect(moved.items.map((i: Json) => [i.priority, i.candidate, i.solverRank])).toEqual([[1, `site:${ids.S10}`, 3], [2, `site:${ids.S11}`, 1], [3, `repair:${ids.B2}`, 2]]);
    expect(moved.items[0]).toMatchObject({ marginalWeight: 3, cumulativeCost: 200_000, overrideReason: 'ตำรวจขอให้ทำก่อน: ปล้นบ่อย' });
    expect(moved.summary.asRanked).toBe(false);
    expect(moved.overrides).toHaveLength(1);
    expect(moved.overrides[0]).toMatchObject({ candidate: `site:${ids.S10}`, from_priority: 3, to_priority: 1 });

    const removed = await patch(`/api/plans/${plan.id}`, { priorities: [{ candidate: `repair:${ids.B2}`, priority: null, reason: 'เทศบาลซ่อมเองแล้ว' }] });
    expect(removed.items.map((i: Json) => i.candidate)).toEqual([`site:${ids.S10}`, `site:${ids.S11}`]);
    expect(removed.leftOut).toHaveLength(1);
    expect(removed.leftOut[0]).toMatchObject({ candidate: `repair:${ids.B2}`, solverRank: 2, overrideReason: 'เทศบาลซ่อมเองแล้ว' });
    expect(removed.leftOut[0].wouldAdd).toBeCloseTo(3.2, 6);
    expect(removed.summary.totalCost).toBe(500_000);
  });

  it('refuses overrides without a reason, over budget, unknown, or on a stale version — all or nothing', async () => {
    const before = await counts();
    const url = `/api/plans/${plan.id}`;
    expect(fields(await patch(url, { priorities: [{ candidate: `repair:${ids.B2}`, priority: 1, reason: ' ' }] }, 400))).toEqual(['priorities.0.reason']);
    expect(fields(await patch(url, { priorities: [{ candidate: `repair:${ids.B2}`, priority: 1, reason: 'ok' }, { candidate: 'site:0', priority: 1, reason: 'x' }] }, 400))).toEqual(['priorities.1.candidate']);
    const res = await request(app).patch(url).send({ version: 1, priorities: [] });
    expect(res.status).toBe(409);
    expect(res.body.errors[0]).toMatchObject({ field: 'version', code: 'version_conflict' });
    expect(res.body.version).toBe(3);
    expect(fields(await patch(url, { priorities: [{ candidate: `site:${ids.S10}`, priority: 9, reason: 'x' }] }, 400))).toEqual(['priorities.0.priority']);
    expect(await counts()).toEqual(before);
    const back = await patch(url, { name: 'แผนติดตั้ง ปี 2570 (ฉบับแก้ไข)', priorities: [{ candidate: `repair:${ids.B2}`, priority: 2, reason: 'งบซ่อมยังไม่มา' }] });
    expect(back.items.map((i: Json) => i.candidate)).toEqual([`site:${ids.S10}`, `repair:${ids.B2}`, `site:${ids.S11}`]);
    expect(back.name).toBe('แผนติดตั้ง ปี 2570 (ฉบับแก้ไข)');
  });

  it('refuses a plan over its budget', async () => {
    await scene();
    const p = await post('/api/plans', { name: 'แผนเล็ก', province: '15', budget: 400_000, method: 'greedy' }, 201);
    expect(p.leftOut.map((x: Json) => x.candidate)).toEqual([`site:${ids.S10}`]);
    const before = await counts();
    const body = await patch(`/api/plans/${p.id}`, { priorities: [{ candidate: `site:${ids.S10}`, priority: 1, reason: 'สำคัญ' }] }, 400);
    expect(fields(body)).toEqual(['priorities']);
    expect(body.errors[0].message).toContain('over its budget');
    expect(await counts()).toEqual(before);
    plan = p;
  });

  it('exports the plan as GeoJSON that GDAL reads and as XLSX with Thai headers', async () => {
    const geo = await request(app).get(`/api/plans/${plan.id}/export?format=geojson`);
    expect(geo.status).toBe(200);
    expect(geo.headers['content-type']).toContain('application/geo+json');
    const fc = JSON.parse(geo.text) as Json;
    const items = (fc.features as Json[]).filter((f) => f.properties.layer === 'plan_item');
    expect(items.map((f) => f.properties.candidate)).toEqual(plan.items.map((i: Json) => i.candidate));
    const file = path.join(os.tmpdir(), `plan-${plan.id}-${process.pid}.geojson`);
    fs.writeFileSync(file, geo.text);
    if (fs.existsSync('/usr/bin/ogrinfo')) {
      const { stdout } = await promisify(execFile)('ogrinfo', ['-ro', '-al', '-so', file]);
      expect(stdout).toContain(`Feature Count: ${fc.features.length}`);
    }
    fs.rmSync(file, { force: true });

    const xlsx = await request(app).get(`/api/plans/${plan.id}/export?format=xlsx`).buffer(true).parse((res, cb) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => cb(null, Buffer.concat(chunks)));
    });
    expect(xlsx.status).toBe(200);
    expect(xlsx.headers['content-disposition']).toContain('.xlsx');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.body as unknown as ArrayBuffer);
    const text = wb.worksheets[0]!.getSheetValues().flat().map(String).join('|');
    expect(text).toContain('ลำดับความสำคัญ');
    expect(text).toContain('โรงเรียน');
    expect(fields(await get(`/api/plans/${plan.id}/export?format=pdf&lang=fr`, 400))).toEqual(['format', 'lang']);
  });

  it('approving moves the sites to approved with their priority and freezes the plan', async () => {
    const before = await counts();
    const res = await post(`/api/plans/${plan.id}/approve`, {});
    expect(res).toMatchObject({ status: 'approved', version: 2 });
    expect(res.approved_at).toBeTruthy();
    expect(res.sitesApproved).toEqual([ids.S11]);
    const s11 = await knex('planned_sites').where('id', ids.S11).first('status', 'priority', 'version');
    expect(s11).toEqual({ status: 'approved', priority: 1, version: 2 });
    const s10 = await knex('planned_sites').where('id', ids.S10).first('status', 'priority');
    expect(s10).toEqual({ status: 'not_started', priority: null });
    expect(before.plans).toBe((await counts()).plans);
    expect((await patch(`/api/plans/${plan.id}`, { name: 'x' }, 409)).errors[0]).toMatchObject({ field: 'status', code: 'approved' });
    expect((await post(`/api/plans/${plan.id}/approve`, {}, 409)).errors[0].code).toBe('approved');
    expect((await request(app).delete(`/api/plans/${plan.id}`)).status).toBe(409);
  });

  it('approves the sites a plan chose from not started, and deletes drafts only', async () => {
    const p = await post('/api/plans', { name: 'แผนสอง', province: '15', budget: 600_000 }, 201);
    const done = await post(`/api/plans/${p.id}/approve`, { version: 1 });
    expect(done.sitesApproved).toEqual([ids.S10!, ids.S11!].sort((a, b) => a - b));
    expect(await knex('planned_sites').where('id', ids.S10).first('status', 'priority')).toEqual({ status: 'approved', priority: 3 });
    const draft = await post('/api/plans', { name: 'ลบได้', province: '15', budget: 600_000 }, 201);
    expect((await request(app).delete(`/api/plans/${draft.id}`)).status).toBe(204);
    await get(`/api/plans/${draft.id}`, 404);
    expect(fields(await get('/api/plans/abc', 400))).toEqual(['id']);
  });
});

describe('planning the demo province', () => {
  beforeAll(async () => {
    await resetDomainData(knex);
    await ensureDemo(knex, () => {});
  });

  it('ranks within budget; every newly covered point lies in the candidate view as PostGIS draws it and no working camera sees it', async () => {
    const r = await post('/api/plans/rank', { province: '15', budget: 5_000_000, method: 'auto', time_limit: 20 });
    expect(r.totalCost).toBeLessThanOrEqual(5_000_000);
    expect(r.counts.sites).toBeGreaterThan(0);
    expect(r.counts.repairs).toBeGreaterThan(0);
    expect(r.ranking.length).toBeGreaterThan(0);
    let cost = 0;
    let weight = 0;
    for (const it of r.ranking as Json[]) {
      cost += it.cost;
      weight += it.marginalWeight;
      expect(it.cumulativeCost).toBeCloseTo(cost, 2);
      expect(it.cumulativeWeight).toBeCloseTo(weight, 6);
    }
    expect(r.coveredWeight).toBeCloseTo(weight, 6);
    expect(r.bound).toBeGreaterThanOrEqual(r.coveredWeight - 1e-6);
    // An outside judge: PostGIS's own view polygon (ellipsoidal) around each point a candidate newly covers.
    const uncovered = new Set(((await get('/api/analysis/risk-points?province=15')).points as Json[]).filter((p) => !p.covered).map((p) => p.id));
    let checked = 0;
    for (const it of r.ranking as Json[]) {
      for (const pid of it.newlyCovered.points as number[]) {
        expect(uncovered.has(pid), `point ${pid}`).toBe(true);
        const { rows } = await knex.raw(
          `select ST_DWithin(atlas_view_polygon(?, ?, ?, ?, ?, 256)::geography, p.geom::geography, 0.5) as inside from risk_points p where p.id = ?`,
          [it.lon, it.lat, it.view.directionDeg, it.view.fovDeg, it.view.rangeM, pid],
        );
        expect(rows[0].inside, `${it.id} sees point ${pid}`).toBe(true);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(0);
    // Exact never does worse than greedy on the same problem.
    const g = await post('/api/plans/rank', { province: '15', budget: 5_000_000, method: 'greedy' });
    expect(r.coveredWeight).toBeGreaterThanOrEqual(g.coveredWeight - 1e-9);
  });
});
