import type { Knex } from 'knex';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureDemo, seedScale } from '../src/demo/seed.js';
import { resetDomainData, testDatabase } from './db.js';

const db = testDatabase();
const knex = db.knex;
const one = async <T = Record<string, unknown>>(sql: string, bindings: readonly Knex.RawBinding[] = []): Promise<T> =>
  (await knex.raw(sql, bindings)).rows[0] as T;

const logs: string[] = [];
let firstRunMs = 0;

beforeAll(async () => {
  await resetDomainData(knex);
  const t0 = Date.now();
  await ensureDemo(knex, (m) => logs.push(m));
  firstRunMs = Date.now() - t0;
});
afterAll(() => db.close());

describe('ensureDemo (Ang Thong)', () => {
  it('loads in one go, quickly, and says so in one line', () => {
    expect(logs).toHaveLength(1);
    expect(logs[0]).toMatch(/^demo data loaded for Ang Thong \(15\).*860 cameras \(734 working/);
    expect(firstRunMs).toBeLessThan(10_000);
  });

  it('matches the official figures: 860 cameras, 734 working, 126 not; 55 agencies, 43 with cameras', async () => {
    const r = await one(`select
        (select count(*) from cameras) cameras,
        (select count(*) from cameras where status = 'working') working,
        (select count(*) from cameras where status <> 'working') broken,
        (select count(distinct status) from cameras where status <> 'working') broken_kinds,
        (select count(*) from agencies) agencies,
        (select count(*) from agencies a where exists (select 1 from cameras c where c.agency_id = a.id)) owners,
        (select count(distinct type) from agencies) agency_types`);
    expect(r).toEqual({ cameras: 860, working: 734, broken: 126, broken_kinds: 3, agencies: 55, owners: 43, agency_types: 4 });
  });

  it('marks every row as demo', async () => {
    const r = await one(`select
        (select count(*) from cameras where not is_demo) + (select count(*) from agencies where not is_demo) +
        (select count(*) from police_stations where not is_demo) + (select count(*) from risk_points where not is_demo) +
        (select count(*) from risk_routes where not is_demo) + (select count(*) from planned_sites where not is_demo) +
        (select count(*) from footage_requests where not is_demo) + (select count(*) from problems where not is_demo) +
        (select count(*) from lao_maintenance_rows where not is_demo) not_demo`);
    expect(r.not_demo).toBe(0);
  });

  it('puts cameras in all 7 districts, each with province 15, a district, a subdistrict and a police station', async () => {
    const r = await one(`select
        (select count(*) from districts d where d.province_code = '15'
           and exists (select 1 from cameras c where c.district_id = d.id)) districts_with_cameras,
        (select count(*) from cameras where province_code is distinct from '15' or district_id is null
           or subdistrict_id is null or police_station_id is null) incomplete,
        (select count(*) from cameras c join districts d on d.id = c.district_id where d.name_th = 'เมืองอ่างทอง') mueang`);
    expect(r.districts_with_cameras).toBe(7);
    expect(r.incomplete).toBe(0);
    expect(r.mueang).toBeGreaterThan(860 / 7); // weighted towards the provincial town
  });

  it('gives the police stations valid jurisdictions that tile the province', async () => {
    const r = await one<{ stations: number; invalid: number; coverage: number; overlap: number; empty_stations: number }>(`
      with p as (select geom, ST_Area(geom::geography) a from provinces where code = '15')
      select (select count(*) from police_stations) stations,
             (select count(*) from police_stations where jurisdiction is null or not ST_IsValid(jurisdiction)
                or ST_GeometryType(jurisdiction) <> 'ST_MultiPolygon') invalid,
             (select ST_Area(ST_Intersection(ST_Union(s.jurisdiction), p.geom)::geography) / p.a
                from police_stations s, p group by p.geom, p.a) coverage,
             (select coalesce(sum(ST_Area(ST_Intersection(a.jurisdiction, b.jurisdiction)::geography)), 0)
                from police_stations a join police_stations b on a.id < b.id and ST_Intersects(a.jurisdiction, b.jurisdiction)) / (select a from p) overlap,
             (select count(*) from police_stations s where not exists (select 1 from cameras c where c.police_station_id = s.id)) empty_stations`);
    expect(r.stations).toBeGreaterThanOrEqual(12);
    expect(r.invalid).toBe(0);
    expect(r.coverage).toBeGreaterThanOrEqual(0.99);
    expect(r.overlap).toBeLessThan(1e-6);
    expect(r.empty_stations).toBe(0);
  });

  it('keeps the DLA survey rows consistent with the local-administration cameras', async () => {
    const r = await one(`select
        (select count(*) from lao_maintenance_rows where total <> working + under_repair + beyond_repair or survey_year <> 2019
           or district_id is null) bad_rows,
        (select sum(total) from lao_maintenance_rows) survey_total,
        (select sum(working) from lao_maintenance_rows) survey_working,
        (select count(*) from cameras c join agencies a on a.id = c.agency_id where a.type = 'local_administration') lao_cameras,
        (select count(*) from cameras c join agencies a on a.id = c.agency_id where a.type = 'local_administration' and c.status = 'working') lao_working,
        (select count(*) from (select 1 from lao_maintenance_rows group by survey_year, province_code, district_name, lao_name, budget_source) g) distinct_keys,
        (select count(*) from lao_maintenance_rows) n_rows`);
    expect(r.bad_rows).toBe(0);
    expect(r.survey_total).toBe(r.lao_cameras);
    expect(r.survey_working).toBe(r.lao_working);
    expect(r.distinct_keys).toBe(r.n_rows);
  });

  it('fills footage requests, risk points and routes, planned sites and problems sensibly', async () => {
    const r = await one(`select
        (select count(*) from footage_requests) requests,
        (select count(*) from footage_requests f join cameras c on c.id = f.camera_id where f.result = 'camera_broken' and c.status = 'working') broken_on_working,
        (select count(*) from footage_requests where result = 'camera_broken') broken_requests,
        (select count(distinct result) from footage_requests) results,
        (select count(*) from footage_requests where camera_id is null or province_code is distinct from '15' or police_station_id is null) orphan_requests,
        (select count(*) from footage_requests where requested_at < '2016-01-01' or requested_at >= '2020-01-01') out_of_range,
        (select count(*) from risk_points) risk_points,
        (select count(distinct category) from risk_points) risk_categories,
        (select count(*) from risk_points where province_code is distinct from '15' or police_station_id is null) risk_outside,
        (select count(*) from risk_routes) routes,
        (select count(*) from risk_routes where ST_Length(geom::geography) not between 1900 and 12100 or province_code is distinct from '15') bad_routes,
        (select count(*) from planned_sites) sites,
        (select count(distinct status) from planned_sites) site_statuses,
        (select count(*) from planned_sites where cost_baht not between 50000 and 2000000 or province_code is distinct from '15' or agency_id is null) bad_sites,
        (select count(*) from problems) problems,
        (select count(distinct category) from problems) problem_categories`);
    expect(r).toMatchObject({
      requests: 300, broken_on_working: 0, results: 5, orphan_requests: 0, out_of_range: 0, risk_categories: 6, risk_outside: 0,
      routes: 15, bad_routes: 0, sites: 40, site_statuses: 5, bad_sites: 0, problems: 15, problem_categories: 6,
    });
    expect(r.broken_requests).toBeGreaterThan(0);
    expect(r.risk_points).toBeGreaterThanOrEqual(55);
  });

  it('records app_meta demo with the counts', async () => {
    const r = await one<{ value: { province: string; seed: number; counts: Record<string, number>; note: string; generatedAt: string } }>(
      `select value from app_meta where key = 'demo'`,
    );
    expect(r.value).toMatchObject({ province: '15', note: 'synthetic demo data generated from official 2016 totals' });
    expect(r.value.counts).toMatchObject({ cameras: 860, working: 734, agencies: 55, agencies_with_cameras: 43 });
    expect(Number.isInteger(r.value.seed)).toBe(true);
    expect(Date.parse(r.value.generatedAt)).not.toBeNaN();
  });

  it('does nothing the second time', async () => {
    const before = await one(`select (select count(*) from cameras) c, (select count(*) from footage_requests) f, (select count(*) from agencies) a,
      (select value::text from app_meta where key = 'demo') meta`);
    const more: string[] = [];
    await ensureDemo(knex, (m) => more.push(m));
    expect(more).toEqual([]);
    const after = await one(`select (select count(*) from cameras) c, (select count(*) from footage_requests) f, (select count(*) from agencies) a,
      (select value::text from app_meta where key = 'demo') meta`);
    expect(after).toEqual(before);
  });

  it('does not come back after the demo was deleted (app_meta remembers it)', async () => {
    await knex.transaction(async (trx) => {
      await trx.raw(`truncate camera_photos, footage_requests, cameras restart identity cascade`);
      await ensureDemo(trx as never, () => {});
      const r = (await trx.raw(`select count(*) n from cameras`)).rows[0];
      expect(r.n).toBe(0);
      await trx.rollback();
    }).catch((e) => { if (!String(e).includes('Transaction rejected')) throw e; });
  });
});

describe('seedScale', () => {
  it('inserts exactly N synthetic cameras, all inside Thailand, and tops up instead of duplicating', async () => {
    const t0 = Date.now();
    const res = await seedScale(knex, 2000, { seed: 11 });
    expect(res.inserted).toBe(2000);
    expect(Date.now() - t0).toBeLessThan(30_000);
    const r = await one<{ n: number; outside: number; not_in_province: number; demo: number; provinces: number; working: number }>(`select count(*) n,
        count(*) filter (where province_code is null or district_id is null) outside,
        count(*) filter (where not exists (select 1 from provinces p where ST_Intersects(p.geom, c.geom))) not_in_province,
        count(*) filter (where is_demo) demo,
        count(distinct province_code) provinces,
        count(*) filter (where status = 'working') working
      from cameras c where external_id like 'synth-11-%'`);
    expect(r).toMatchObject({ n: 2000, outside: 0, not_in_province: 0, demo: 2000 });
    expect(r.provinces).toBeGreaterThan(60);
    expect(r.working / 2000).toBeGreaterThan(0.8);
    expect(r.working / 2000).toBeLessThan(0.9);
    const again = await seedScale(knex, 2500, { seed: 11 });
    expect(again).toMatchObject({ inserted: 500, skipped: 2000 });
  });
});
