/**
 * GET /api/dashboard on the Ang Thong demo (province 15: 860 cameras, 734 working, 52 not working,
 * 44 under repair, 30 beyond repair; 40 planned sites; 300 footage requests). Every answer is parsed
 * with the route's schema; the figures are checked against the official ones, against their own
 * totals (which the route computes in SQL, not by adding rows) and against SQL written here apart.
 */
import type { Knex } from 'knex';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureDemo } from '../src/demo/seed.js';
import { type Dashboard, type DashboardRow, DashboardSchema } from '../src/routes/dashboard.js';
import { adminApp, resetDomainData, testContext } from './db.js';

const ctx = testContext();
const app = adminApp(ctx);
const knex = ctx.db.knex;
afterAll(() => ctx.db.close());

beforeAll(async () => {
  await resetDomainData(knex);
  await ensureDemo(knex, () => {});
});

type Rec = Record<string, unknown>;
const sql = async (text: string, bindings: readonly Knex.RawBinding[] = []): Promise<Rec[]> => (await knex.raw(text, bindings)).rows as Rec[];

async function dashboard(query = ''): Promise<Dashboard> {
  const res = await request(app).get(`/api/dashboard${query}`);
  expect(res.status, res.text.slice(0, 500)).toBe(200);
  return DashboardSchema.parse(res.body);
}

async function badFields(query: string): Promise<string[]> {
  const res = await request(app).get(`/api/dashboard${query}`);
  expect(res.status, res.text.slice(0, 300)).toBe(400);
  return (res.body.errors as { field: string }[]).map((e) => e.field).sort();
}

/** Every additive figure of a row, by path (the median is not additive, problems are per province). */
function additive(r: DashboardRow): Record<string, number> {
  const out: Record<string, number> = {};
  const walk = (prefix: string, v: unknown) => {
    if (typeof v === 'number') out[prefix] = v;
    else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) walk(prefix ? `${prefix}.${k}` : k, x);
  };
  walk('cameras', r.cameras);
  walk('linkage', r.linkage);
  walk('sites', r.sites);
  const { median_days_to_answer: _median, ...requests } = r.requests;
  walk('requests', requests);
  const { share: _share, ...completeness } = r.completeness;
  walk('completeness', completeness);
  return out;
}

/** Money sums compared to the satang; counts exactly. */
function expectRowsAddUp(body: Dashboard): void {
  const sum: Record<string, number> = {};
  for (const row of body.rows) for (const [k, v] of Object.entries(additive(row))) sum[k] = (sum[k] ?? 0) + v;
  const totals = additive(body.totals);
  expect(Object.keys(sum).sort()).toEqual(Object.keys(totals).sort());
  for (const [k, v] of Object.entries(totals)) expect(sum[k], k).toBeCloseTo(v, 2);
}

const byKey = (body: Dashboard) => new Map(body.rows.map((r) => [r.key, r]));

let mueang: { id: number; name_th: string };

beforeAll(async () => {
  mueang = (await sql(`select id, name_th from districts where province_code = '15' and name_th = 'เมืองอ่างทอง'`))[0] as typeof mueang;
});

describe('GET /api/dashboard — nation', () => {
  it('has one row per province; Ang Thong (15) carries the official figures; totals are the sum of the rows', async () => {
    const body = await dashboard();
    expect(body.level).toBe('province');
    const provinces = (await sql('select count(*)::int n from provinces'))[0]!.n as number;
    expect(body.rows).toHaveLength(provinces);
    expect(body.rows.some((r) => r.key === 'unknown')).toBe(false);
    const row = byKey(body).get('15')!;
    expect(row.name_th).toBe('อ่างทอง');
    const budget = (await sql(`select sum(repair_budget_baht)::float8 b from cameras where status <> 'working'`))[0]!.b as number;
    expect(row.cameras).toEqual({ total: 860, working: 734, not_working: 52, under_repair: 44, beyond_repair: 30, repair_budget_baht: budget });
    expect(row.sites.total).toBe(40);
    expect(row.requests.total).toBe(300);
    expect(row.completeness.cameras).toBe(860);
    expect(row.problems).toBe((await sql(`select count(*)::int n from problems where province_code = '15'`))[0]!.n);
    // Every other province is empty.
    for (const r of body.rows) if (r.key !== '15') expect(r.cameras.total + r.sites.total + r.requests.total, r.key).toBe(0);
    expect(body.totals.cameras.total).toBe(860);
    expect(body.totals.key).toBe('total');
    expectRowsAddUp(body);
    // The explicit level answers the same.
    expect((await dashboard('?level=province')).rows).toEqual(body.rows);
  });

  it('level=nation is one row equal to the totals', async () => {
    const body = await dashboard('?level=nation');
    expect(body.rows).toHaveLength(1);
    expect(body.rows[0]!.key).toBe('nation');
    expect({ ...body.rows[0]!, key: 'total', province_code: null }).toEqual(body.totals);
    expect(body.totals.cameras.total).toBe(860);
  });

  it('answers the five items over the scope', async () => {
    const body = await dashboard();
    // 1. repair: each agency's broken cameras and budget as SQL counts them.
    const repair = await sql(`select repair_agency name, count(*)::int cameras, sum(repair_budget_baht)::float8 budget
                                from cameras where status <> 'working' group by 1 order by 2 desc, 3 desc`);
    expect(body.repairAgencies.length).toBe(Math.min(15, repair.length));
    for (const a of body.repairAgencies) {
      const want = repair.find((r) => r.name === a.name)!;
      expect(a.cameras, a.name ?? '').toBe(want.cameras);
      expect(a.repair_budget_baht).toBeCloseTo(want.budget as number, 2);
      expect(a.not_working + a.under_repair + a.beyond_repair).toBe(a.cameras);
    }
    expect(body.repairAgencies[0]!.cameras).toBe(repair[0]!.cameras);
    // 2. linkage.
    const link = (await sql(`select count(*) filter (where linkage = 'linked')::int linked, count(*) filter (where linkage = 'not_linked')::int not_linked,
                                    sum(link_budget_baht) filter (where linkage = 'not_linked')::float8 budget from cameras`))[0]!;
    expect(body.totals.linkage).toEqual({ linked: link.linked, not_linked: link.not_linked, unknown: 0, link_budget_baht: link.budget });
    expect(body.linkAgencies.every((a) => a.cameras > 0)).toBe(true);
    expect(body.linkCentres.reduce((s, c) => s + c.cameras, 0)).toBeLessThanOrEqual(link.linked as number);
    // 3. planned sites: by status, reasons and budget sources cover all 40.
    expect(Object.values(body.totals.sites.by_status).reduce((s, v) => s + v, 0)).toBe(40);
    const sites = (await sql(`select sum(cost_baht)::float8 cost, sum(camera_count)::int cameras, count(distinct budget_source)::int sources from planned_sites`))[0]!;
    expect(body.totals.sites.cost_baht).toBeCloseTo(sites.cost as number, 2);
    expect(body.totals.sites.cameras).toBe(sites.cameras);
    expect(body.siteBudgetSources).toHaveLength(sites.sources as number);
    expect(body.siteBudgetSources.reduce((s, b) => s + b.sites, 0)).toBe(40);
    // 4. requests: by result, median days to answer, the most requested installation points.
    const results = await sql(`select result, count(*)::int n from footage_requests group by result`);
    for (const r of results) expect(body.totals.requests[r.result as 'provided'], r.result as string).toBe(r.n);
    const days = (await sql(`select extract(epoch from answered_at - requested_at)::float8 / 86400 d from footage_requests where answered_at is not null order by 1`)).map((r) => r.d as number);
    const mid = days.length / 2;
    const median = days.length % 2 ? days[Math.floor(mid)]! : (days[mid - 1]! + days[mid]!) / 2;
    expect(body.totals.requests.median_days_to_answer).toBeCloseTo(median, 2);
    const top = await sql(`select camera_id, count(*)::int n from footage_requests group by 1 order by 2 desc, 1 limit 15`);
    expect(body.topRequestPoints.map((p) => [p.camera_id, p.requests])).toEqual(top.map((r) => [r.camera_id, r.n]));
    expect(body.topRequestPoints[0]!.geometry.coordinates[0]).toBeGreaterThan(100);
    // 5. problems of the nation by category.
    expect(body.problems.province_code).toBeNull();
    expect(body.problems.total).toBe((await sql('select count(*)::int n from problems'))[0]!.n);
    expect(body.problems.recent.length).toBe(Math.min(10, body.problems.total));
  });
});

describe('GET /api/dashboard — drill-down', () => {
  it('province: one row per district, each as SQL counts it, adding up to the province', async () => {
    const body = await dashboard('?province=15');
    expect(body.level).toBe('district');
    expect(body.area.province).toEqual({ code: '15', name_th: 'อ่างทอง', name_en: expect.any(String) });
    expect(body.filters).toEqual({ province: '15', district: null, police_station: null, bbox: null });
    const districts = await sql(`select id::text key, name_th from districts where province_code = '15'`);
    expect(body.rows.map((r) => r.key).sort()).toEqual(districts.map((d) => d.key as string).sort());
    const want = await sql(`select district_id::text key, count(*)::int total, count(*) filter (where status = 'working')::int working
                              from cameras where province_code = '15' group by 1`);
    for (const w of want) {
      const row = byKey(body).get(w.key as string)!;
      expect([row.cameras.total, row.cameras.working], row.name_th ?? '').toEqual([w.total, w.working]);
    }
    const reqs = await sql(`select c.district_id::text key, count(*)::int n from footage_requests f join cameras c on c.id = f.camera_id group by 1`);
    for (const w of reqs) expect(byKey(body).get(w.key as string)!.requests.total).toBe(w.n);
    expect(body.totals.cameras.total).toBe(860);
    expect(body.totals.sites.total).toBe(40);
    expect(body.totals.requests.total).toBe(300);
    expectRowsAddUp(body);
    for (const r of body.rows) expect(r.problems).toBeNull();
    expect(body.problems.province_code).toBe('15');
    // By Thai name too.
    expect((await dashboard(`?province=${encodeURIComponent('อ่างทอง')}`)).rows).toEqual(body.rows);
  });

  it('province by police station: rows add up, cameras without a station are the row "unknown"', async () => {
    const body = await dashboard('?province=15&level=police_station');
    expect(body.level).toBe('police_station');
    const stations = (await sql(`select count(*)::int n from police_stations where province_code = '15'`))[0]!.n as number;
    expect(body.rows).toHaveLength(stations); // every camera has a station in the demo
    expectRowsAddUp(body);
    expect(body.totals.cameras.total).toBe(860);

    // A working camera with footage requests, and one of its requests.
    const [cam] = await sql(`select c.id, c.police_station_id, min(f.id) as request_id from cameras c join footage_requests f on f.camera_id = c.id
                              where c.status = 'working' group by c.id order by c.id limit 1`);
    const [req] = await sql(`select id, police_station_id from footage_requests where id = ?`, [cam!.request_id as number]);
    try {
      // The area trigger re-derives a camera's station only when its position moves, and fills a
      // request's station from its camera: both stay unknown.
      await knex.raw('update cameras set police_station_id = null where id = ?', [cam!.id as number]);
      await knex.raw('update footage_requests set police_station_id = null where id = ?', [req!.id as number]);
      expect((await sql('select police_station_id from footage_requests where id = ?', [req!.id as number]))[0]!.police_station_id).toBeNull();
      const after = await dashboard('?province=15&level=police_station');
      expect(after.rows).toHaveLength(stations + 1);
      const unknown = after.rows[after.rows.length - 1]!;
      expect(unknown.key).toBe('unknown');
      expect(unknown.name_th).toBeNull();
      expect([unknown.cameras.total, unknown.cameras.working, unknown.requests.total]).toEqual([1, 1, 1]);
      expect(byKey(after).get(String(cam!.police_station_id))!.cameras.total).toBe(byKey(body).get(String(cam!.police_station_id))!.cameras.total - 1);
      expectRowsAddUp(after);
      expect(after.totals.cameras.total).toBe(860);
      expect(after.totals.requests.total).toBe(300);
      expect(after.totals.completeness.missing.police_station_id).toBe(1);
    } finally {
      await knex.raw('update cameras set police_station_id = ? where id = ?', [cam!.police_station_id as number, cam!.id as number]);
      await knex.raw('update footage_requests set police_station_id = ? where id = ?', [req!.police_station_id as number, req!.id as number]);
    }
  });

  it('district: one row per police station with cameras there; station: its own row', async () => {
    const body = await dashboard(`?district=${mueang.id}`);
    expect(body.level).toBe('police_station');
    expect(body.area.district).toMatchObject({ id: mueang.id, name_th: 'เมืองอ่างทอง', province_code: '15' });
    const want = await sql(`select police_station_id::text key, count(*)::int n from cameras where district_id = ? group by 1`, [mueang.id]);
    expect(body.totals.cameras.total).toBe(want.reduce((s, w) => s + (w.n as number), 0));
    for (const w of want) expect(byKey(body).get(w.key as string)!.cameras.total).toBe(w.n);
    expectRowsAddUp(body);

    const station = Number(want.sort((p, q) => (q.n as number) - (p.n as number))[0]!.key);
    const one = await dashboard(`?district=${mueang.id}&police_station=${station}`);
    expect(one.area.police_station).toMatchObject({ id: station, province_code: '15' });
    expect(byKey(one).get(String(station))!.cameras.total).toBe(want[0]!.n);
    expectRowsAddUp(one);
    const whole = await dashboard(`?police_station=${station}`);
    const inStation = (await sql(`select count(*)::int n from cameras where police_station_id = ?`, [station]))[0]!.n;
    expect(whole.totals.cameras.total).toBe(inStation);
    expect(whole.problems.province_code).toBe('15');
  });

  it('an area without data gives zero rows, not errors', async () => {
    const body = await dashboard('?province=10');
    expect(body.rows.length).toBeGreaterThan(10); // Bangkok's districts
    expect(body.totals.cameras.total).toBe(0);
    expect(body.totals.requests.median_days_to_answer).toBeNull();
    expect(body.totals.completeness.share).toBe(0);
    expect(body.topRequestPoints).toEqual([]);
    expectRowsAddUp(body);
  });
});

describe('GET /api/dashboard — completeness', () => {
  /** Complete cameras of province 15, counted by a query written apart from the route's. */
  async function completeBySql(): Promise<number> {
    const filled = (cols: string[]) => cols.map((c) => `coalesce(btrim(${c}::text), '') <> ''`).join(' and ');
    const always = filled([
      'agency_id', 'contact_name', 'phone', 'address', 'year_installed', 'police_station_id', 'project', 'recorder_model', 'camera_brand', 'system',
      'connection', 'area_type', 'linkage', 'retention_days', 'storage_process', 'disclosure_rules', 'footage_service_frequency',
      'footage_request_procedure', 'recorded_resolution', 'max_resolution', 'fps', 'file_format', 'budget_source',
    ]);
    const linked = filled(['stream_url', 'control_centre', 'network_type', 'network_provider', 'linked_agencies', 'linked_network']);
    const notLinked = filled(['link_requirements', 'link_budget_baht', 'link_responsible_agency']);
    const broken = filled(['repair_budget_baht', 'repair_agency']);
    const [r] = await sql(`select count(*)::int n from cameras where province_code = '15' and ${always} and array_length(purposes, 1) > 0
        and case linkage when 'linked' then ${linked} when 'not_linked' then ${notLinked} else true end
        and (status = 'working' or (${broken}))`);
    return r!.n as number;
  }

  it('counts complete records and each missing field as independent SQL does, per province and district', async () => {
    const body = await dashboard();
    const row = byKey(body).get('15')!;
    const complete = await completeBySql();
    expect(row.completeness.complete).toBe(complete);
    expect(row.completeness.share).toBeCloseTo(complete / 860, 4);
    expect(complete).toBeGreaterThan(0);
    const [m] = await sql(`select count(*) filter (where recorder_model is null)::int recorder_model,
                                  count(*) filter (where linkage = 'not_linked' and link_budget_baht is null)::int link_budget_baht,
                                  count(*) filter (where contact_name is null)::int contact_name
                             from cameras where province_code = '15'`);
    expect(row.completeness.missing.recorder_model).toBe(m!.recorder_model);
    expect(row.completeness.missing.link_budget_baht).toBe(m!.link_budget_baht);
    expect(row.completeness.missing.contact_name).toBe(m!.contact_name);
    expect(body.completenessFields).toContain('repair_agency');
    expect(Object.keys(row.completeness.missing).sort()).toEqual([...body.completenessFields].sort());
  });

  it('follows edits: blank phones and a missing repair agency count where the cameras are', async () => {
    const before = await dashboard('?province=15');
    const phones = await sql(`select id, phone from cameras where district_id = ? and phone is not null order by id limit 5`, [mueang.id]);
    const [broken] = await sql(`select id, repair_agency from cameras where district_id = ? and status = 'under_repair' order by id limit 1`, [mueang.id]);
    try {
      await knex.raw(`update cameras set phone = '  ' where id = any(?::bigint[])`, [phones.map((p) => p.id as number)]);
      await knex.raw('update cameras set repair_agency = null where id = ?', [broken!.id as number]);
      // Two photos of one camera: one camera with photos.
      for (const name of ['a.jpg', 'b.jpg']) {
        await knex.raw(`insert into camera_photos (camera_id, filename, content_type, size_bytes, sha256, data) values (?, ?, 'image/jpeg', 3, 'x', '\\x010203')`, [
          phones[0]!.id as number,
          name,
        ]);
      }
      const after = await dashboard('?province=15');
      const d0 = byKey(before).get(String(mueang.id))!.completeness;
      const d1 = byKey(after).get(String(mueang.id))!.completeness;
      expect(d1.missing.phone! - d0.missing.phone!).toBe(5);
      expect(d1.missing.repair_agency! - d0.missing.repair_agency!).toBe(1);
      expect([d0.with_photos, d1.with_photos, after.totals.completeness.with_photos]).toEqual([0, 1, 1]);
      expect(after.totals.completeness.complete).toBe(await completeBySql());
      expect(after.totals.completeness.complete).toBeLessThan(before.totals.completeness.complete);
      for (const r of after.rows) if (r.key !== String(mueang.id)) expect(r.completeness).toEqual(byKey(before).get(r.key)!.completeness);
      expectRowsAddUp(after);
    } finally {
      await knex.raw('delete from camera_photos');
      for (const p of phones) await knex.raw('update cameras set phone = ? where id = ?', [p.phone as string, p.id as number]);
      await knex.raw('update cameras set repair_agency = ? where id = ?', [broken!.repair_agency as string, broken!.id as number]);
    }
  });
});

describe('GET /api/dashboard — bad input', () => {
  it('names every bad field in one 400', async () => {
    expect(await badFields('?level=city&province=XX&district=abc&police_station=99999999')).toEqual(['district', 'level', 'police_station', 'province']);
    expect(await badFields('?province=15&district=0')).toEqual(['district']);
    expect(await badFields('?level=province&level=district')).toEqual(['level']);
    expect(await badFields('?bbox=100,14,101,15&foo=1')).toEqual(['bbox', 'foo']);
    const res = await request(app).get('/api/dashboard?level=region');
    expect(res.body.errors[0]).toMatchObject({ field: 'level', code: 'invalid_parameter', message: expect.stringContaining('nation, province, district, police_station') });
  });
});
