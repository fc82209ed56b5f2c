/**
 * /api/figures on the Ang Thong demo (300 footage requests, Part 3 problems): every figure is
 * recomputed here in TypeScript from the raw rows (percentiles by linear interpolation, as
 * percentile_cont does; months and dates in Thailand, UTC+7) and compared; the log is checked
 * against the rows; provincial accounts are kept to their province.
 */
import type { Knex } from 'knex';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureDemo } from '../src/demo/seed.js';
import { ProblemFiguresSchema, RequestFiguresSchema, RequestLogSchema } from '../src/routes/requests-figures.js';
import { tokenFor } from './auth-helpers.js';
import { adminApp, resetDomainData, testContext } from './db.js';

const ctx = testContext();
const knex = ctx.db.knex;
const app = adminApp(ctx);

type Rec = Record<string, unknown>;
const sql = async (text: string, bindings: readonly Knex.RawBinding[] = []): Promise<Rec[]> => (await knex.raw(text, bindings)).rows as Rec[];

interface Req {
  id: number;
  requested: number;
  incident: number | null;
  answered: number | null;
  result: string;
  unit: string;
  retention: number | null;
}
let reqs: Req[] = [];
let other = '';
const tokens: Record<string, string> = {};

beforeAll(async () => {
  await resetDomainData(knex);
  await ensureDemo(knex, () => {});
  reqs = (
    await sql(`select f.id, f.requested_at, f.incident_at, f.answered_at, f.result, f.requester_unit, c.retention_days
                 from footage_requests f left join cameras c on c.id = f.camera_id where f.province_code = '15'`)
  ).map((r) => ({
    id: Number(r.id),
    requested: (r.requested_at as Date).getTime(),
    incident: r.incident_at ? (r.incident_at as Date).getTime() : null,
    answered: r.answered_at ? (r.answered_at as Date).getTime() : null,
    result: r.result as string,
    unit: r.requester_unit as string,
    retention: r.retention_days === null ? null : Number(r.retention_days),
  }));
  other = (await sql(`select code from provinces where code <> '15' order by code limit 1`))[0]!.code as string;
  tokens.sec = await tokenFor(knex, { username: 'fig-sec', role: 'secretariat', province: '15' });
  tokens.secOther = await tokenFor(knex, { username: 'fig-sec-other', role: 'secretariat', province: other });
  tokens.police = await tokenFor(knex, { username: 'fig-police', role: 'police', province: '15' });
});

afterAll(async () => {
  await knex('users').whereLike('username', 'fig-%').delete();
  await ctx.db.close();
});

const HOUR = 3_600_000;
/** percentile_cont: linear interpolation between the closest ranks. */
function percentile(values: number[], p: number): number | null {
  if (!values.length) return null;
  const s = [...values].sort((a, b) => a - b);
  const pos = p * (s.length - 1);
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return s[lo]! + (s[hi]! - s[lo]!) * (pos - lo);
}
const hoursOf = (rs: Req[]) => rs.filter((r) => r.answered !== null).map((r) => (r.answered! - r.requested) / HOUR);
const bangkokMonth = (t: number) => new Date(t + 7 * HOUR).toISOString().slice(0, 7);
const bangkokDay = (t: number) => new Date(t + 7 * HOUR).toISOString().slice(0, 10);

async function figures(query: string, as?: string) {
  const r = request(app).get(`/api/figures/footage-requests${query}`);
  const res = await (as ? r.set('Authorization', `Bearer ${tokens[as]}`) : r);
  expect(res.status, res.text.slice(0, 400)).toBe(200);
  return RequestFiguresSchema.parse(res.body);
}

describe('footage-request figures', () => {
  it('totals: share answered, hours to answer, incident to request, after retention', async () => {
    expect(reqs.length).toBe(300);
    const f = await figures('?province=15');
    const answered = reqs.filter((r) => r.result !== 'pending');
    const hours = hoursOf(reqs);
    expect(f.totals).toMatchObject({
      requests: 300,
      answered: answered.length,
      provided: reqs.filter((r) => r.result === 'provided').length,
      timed: hours.length,
      within_24h: hours.filter((h) => h <= 24).length,
      with_incident_time: reqs.filter((r) => r.incident !== null).length,
      after_retention: reqs.filter((r) => r.incident !== null && r.retention !== null && r.requested - r.incident > r.retention * 24 * HOUR).length,
    });
    expect(f.totals.share_answered).toBeCloseTo(answered.length / 300, 4);
    expect(f.totals.median_hours!).toBeCloseTo(percentile(hours, 0.5)!, 1);
    expect(f.totals.p90_hours!).toBeCloseTo(percentile(hours, 0.9)!, 1);
    expect(f.totals.mean_hours!).toBeCloseTo(hours.reduce((s, h) => s + h, 0) / hours.length, 1);
    const lead = reqs.filter((r) => r.incident !== null).map((r) => (r.requested - r.incident!) / (24 * HOUR));
    expect(f.totals.median_days_incident_to_request!).toBeCloseTo(percentile(lead, 0.5)!, 1);
    // The demo's overwritten footage: requests made after the retention ran out exist and are mostly "no footage".
    expect(f.totals.after_retention).toBeGreaterThan(0);
    // Same as the dashboard's median (days).
    const dash = (await request(app).get('/api/dashboard?province=15&level=nation')).body;
    expect(f.totals.median_hours! / 24).toBeCloseTo(dash.totals.requests.median_days_to_answer, 1);
  });

  it('by result, by month (Thailand) and by requester unit', async () => {
    const f = await figures('?province=15');
    for (const r of f.by_result) {
      const rs = reqs.filter((x) => x.result === r.result);
      expect(r.requests, r.result).toBe(rs.length);
      const h = hoursOf(rs);
      expect(r.timed).toBe(h.length);
      if (h.length) expect(r.median_hours!, r.result).toBeCloseTo(percentile(h, 0.5)!, 1);
      else expect(r.median_hours).toBeNull();
    }
    expect(f.by_result.find((r) => r.result === 'pending')).toMatchObject({ label_th: 'รอดำเนินการ', timed: 0, median_hours: null });

    const months = new Map<string, Req[]>();
    for (const r of reqs) months.set(bangkokMonth(r.requested), [...(months.get(bangkokMonth(r.requested)) ?? []), r]);
    expect(f.by_month.map((m) => m.month)).toEqual([...months.keys()].sort());
    for (const m of f.by_month) {
      const rs = months.get(m.month)!;
      expect([m.requests, m.answered, m.provided], m.month).toEqual([rs.length, rs.filter((r) => r.result !== 'pending').length, rs.filter((r) => r.result === 'provided').length]);
    }

    const units = new Map<string, Req[]>();
    for (const r of reqs) units.set(r.unit, [...(units.get(r.unit) ?? []), r]);
    expect(f.by_requester.length).toBe(units.size);
    for (const u of f.by_requester) {
      const rs = units.get(u.requester_unit)!;
      expect(u.requests, u.requester_unit).toBe(rs.length);
      expect(u.provided).toBe(rs.filter((r) => r.result === 'provided').length);
    }
    const sizes = f.by_requester.map((u) => u.requests);
    expect(sizes).toEqual([...sizes].sort((a, b) => b - a));
  });

  it('from / to are dates in Thailand, inclusive', async () => {
    const f = await figures('?province=15&from=2018-01-01&to=2018-06-30');
    const rs = reqs.filter((r) => bangkokDay(r.requested) >= '2018-01-01' && bangkokDay(r.requested) <= '2018-06-30');
    expect(rs.length).toBeGreaterThan(0);
    expect(f.totals.requests).toBe(rs.length);
    expect(f.filters).toEqual({ province: '15', district: null, police_station: null, from: '2018-01-01', to: '2018-06-30' });
    // Around midnight in Thailand: 23:30 on 30 June is 16:30 UTC, 00:30 on 1 July is 17:30 UTC.
    const [r] = await sql(`select id, requested_at, answered_at, result from footage_requests where province_code = '15' order by id limit 1`);
    const id = r!.id as number;
    const countOn = async (day: string) => (await figures(`?province=15&from=${day}&to=${day}`)).totals.requests;
    const base = { june30: reqs.filter((x) => x.id !== id && bangkokDay(x.requested) === '2018-06-30').length, july1: reqs.filter((x) => x.id !== id && bangkokDay(x.requested) === '2018-07-01').length };
    try {
      await knex.raw(`update footage_requests set requested_at = '2018-06-30T16:30:00Z', answered_at = null, result = 'pending' where id = ?`, [id]);
      expect([await countOn('2018-06-30'), await countOn('2018-07-01')]).toEqual([base.june30 + 1, base.july1]);
      await knex.raw(`update footage_requests set requested_at = '2018-06-30T17:30:00Z' where id = ?`, [id]);
      expect([await countOn('2018-06-30'), await countOn('2018-07-01')]).toEqual([base.june30, base.july1 + 1]);
      expect((await figures('?province=15&from=2018-07-01&to=2018-07-31')).by_month.map((m) => m.month)).toEqual(['2018-07']);
    } finally {
      await knex.raw(`update footage_requests set requested_at = ?, answered_at = ?, result = ? where id = ?`, [r!.requested_at as Date, (r!.answered_at as Date | null) ?? null, r!.result as string, id]);
    }
  });

  it('district and police station scopes add up to the province', async () => {
    const districts = await sql(`select distinct c.district_id from footage_requests f join cameras c on c.id = f.camera_id where f.province_code = '15'`);
    let sum = 0;
    for (const d of districts) sum += (await figures(`?district=${d.district_id}`)).totals.requests;
    expect(sum).toBe(reqs.length);
    const [st] = await sql(`select police_station_id, count(*)::int n from footage_requests where province_code = '15' and police_station_id is not null group by 1 order by 2 desc limit 1`);
    expect((await figures(`?police_station=${st!.police_station_id}`)).totals.requests).toBe(st!.n);
  });

  it('keeps provincial accounts to their province', async () => {
    const own = await figures('', 'sec');
    expect(own.filters.province).toBe('15');
    expect(own.totals.requests).toBe(300);
    expect((await figures('', 'police')).totals.requests).toBe(300);
    const elsewhere = await figures('', 'secOther');
    expect([elsewhere.filters.province, elsewhere.totals.requests]).toEqual([other, 0]);
    const res = await request(app).get('/api/figures/footage-requests?province=15').set('Authorization', `Bearer ${tokens.secOther}`);
    expect(res.status).toBe(403);
    const log = await request(app).get('/api/figures/footage-requests/log?province=15').set('Authorization', `Bearer ${tokens.secOther}`);
    expect(log.status).toBe(403);
    const probs = await request(app).get('/api/figures/problems?province=15').set('Authorization', `Bearer ${tokens.secOther}`);
    expect(probs.status).toBe(403);
  });

  it('names every bad parameter', async () => {
    let res = await request(app).get('/api/figures/footage-requests?from=2019-13-01&to=2018-01-01&province=99');
    expect(res.status).toBe(400);
    expect((res.body.errors as { field: string }[]).map((e) => e.field).sort()).toEqual(['from', 'province']);
    res = await request(app).get('/api/figures/footage-requests?from=2019-02-01&to=2019-01-01');
    expect((res.body.errors as { field: string }[]).map((e) => e.field)).toEqual(['to']);
    res = await request(app).get('/api/figures/footage-requests/log?result=lost&limit=0&camera=-1');
    expect((res.body.errors as { field: string }[]).map((e) => e.field).sort()).toEqual(['camera', 'limit', 'result']);
    res = await request(app).get('/api/figures/problems?category=noise&district=1');
    expect((res.body.errors as { field: string }[]).map((e) => e.field)).toEqual(['district']);
  });
});

describe('the footage-request log', () => {
  it('lists who asked, which camera, incident time, result and time to answer, newest first', async () => {
    const res = await request(app).get('/api/figures/footage-requests/log?province=15&limit=50').set('Authorization', `Bearer ${tokens.sec}`);
    expect(res.status, res.text.slice(0, 300)).toBe(200);
    const log = RequestLogSchema.parse(res.body);
    expect([log.total, log.items.length]).toEqual([300, 50]);
    const sorted = [...reqs].sort((a, b) => b.requested - a.requested || b.id - a.id);
    expect(log.items.map((i) => i.id)).toEqual(sorted.slice(0, 50).map((r) => r.id));
    const rows = await sql(`select f.id, f.requester_unit, f.camera_id, c.place_name, f.incident_at, f.result, f.answered_at from footage_requests f left join cameras c on c.id = f.camera_id where f.id = any(?)`, [
      log.items.map((i) => i.id),
    ]);
    const byId = new Map(rows.map((r) => [Number(r.id), r]));
    for (const i of log.items) {
      const r = byId.get(i.id)!;
      expect([i.requester_unit, i.camera?.id ?? null, i.camera?.place_name ?? null, i.result]).toEqual([r.requester_unit, r.camera_id === null ? null : Number(r.camera_id), r.place_name, r.result]);
      expect(i.incident_at).toBe(r.incident_at ? (r.incident_at as Date).toISOString() : null);
      const want = r.answered_at ? ((r.answered_at as Date).getTime() - Date.parse(i.requested_at)) / HOUR : null;
      if (want === null) expect(i.hours_to_answer).toBeNull();
      else expect(i.hours_to_answer!).toBeCloseTo(want, 1);
      expect(i).not.toHaveProperty('phone');
    }
  });

  it('filters by result, requester and camera, and pages', async () => {
    const pending = RequestLogSchema.parse((await request(app).get('/api/figures/footage-requests/log?result=pending&limit=1000')).body);
    expect(pending.total).toBe(reqs.filter((r) => r.result === 'pending').length);
    expect(pending.items.every((i) => i.result === 'pending' && i.answered_at === null)).toBe(true);
    const unit = reqs[0]!.unit;
    const mine = RequestLogSchema.parse((await request(app).get(`/api/figures/footage-requests/log?requester=${encodeURIComponent(unit)}&limit=1000`)).body);
    expect(mine.total).toBe(reqs.filter((r) => r.unit === unit).length);
    const [cam] = await sql(`select camera_id, count(*)::int n from footage_requests group by 1 order by 2 desc, 1 limit 1`);
    const byCam = RequestLogSchema.parse((await request(app).get(`/api/figures/footage-requests/log?camera=${cam!.camera_id}`)).body);
    expect(byCam.total).toBe(cam!.n);
    const a = RequestLogSchema.parse((await request(app).get('/api/figures/footage-requests/log?limit=10')).body);
    const b = RequestLogSchema.parse((await request(app).get('/api/figures/footage-requests/log?limit=10&offset=10')).body);
    const ab = RequestLogSchema.parse((await request(app).get('/api/figures/footage-requests/log?limit=20')).body);
    expect([...a.items, ...b.items].map((i) => i.id)).toEqual(ab.items.map((i) => i.id));
    const past = RequestLogSchema.parse((await request(app).get('/api/figures/footage-requests/log?offset=1000')).body);
    expect([past.total, past.items.length]).toEqual([300, 0]);
  });
});

describe('Part 3 problems and suggestions', () => {
  it('counts by category, year and kind of agency, and lists them', async () => {
    const res = await request(app).get('/api/figures/problems?province=15').set('Authorization', `Bearer ${tokens.sec}`);
    expect(res.status, res.text.slice(0, 300)).toBe(200);
    const f = ProblemFiguresSchema.parse(res.body);
    const rows = await sql(`select p.id, p.category, p.suggestion, p.agency_id, a.type, extract(year from p.reported_on)::int y from problems p left join agencies a on a.id = p.agency_id where p.province_code = '15'`);
    expect(rows.length).toBeGreaterThan(0);
    const suggested = (r: Rec) => typeof r.suggestion === 'string' && r.suggestion.trim() !== '';
    expect(f.totals).toEqual({
      problems: rows.length,
      with_suggestion: rows.filter(suggested).length,
      agencies: new Set(rows.filter((r) => r.agency_id !== null).map((r) => r.agency_id)).size,
      provinces: 1,
    });
    for (const c of f.by_category) {
      const rs = rows.filter((r) => r.category === c.category);
      expect([c.problems, c.with_suggestion], c.category).toEqual([rs.length, rs.filter(suggested).length]);
    }
    expect(f.by_category.map((c) => c.category)).toEqual(['linking', 'usage', 'storage', 'footage_provision', 'maintenance', 'other']);
    expect(f.by_year.reduce((s, y) => s + y.problems, 0)).toBe(rows.length);
    for (const y of f.by_year) expect(y.problems).toBe(rows.filter((r) => r.y === y.year).length);
    for (const t of f.by_agency_type) expect(t.problems, t.agency_type).toBe(rows.filter((r) => (r.type ?? 'none') === t.agency_type).length);
    expect(f.total).toBe(rows.length);
    const dates = f.items.map((i) => i.reported_on);
    expect(dates).toEqual([...dates].sort().reverse());

    // The dashboard counts the same by category.
    const dash = (await request(app).get('/api/dashboard?province=15&level=nation')).body;
    for (const c of f.by_category) expect(dash.problems.by_category[c.category]).toBe(c.problems);

    const cat = f.by_category.find((c) => c.problems > 0)!.category;
    const only = ProblemFiguresSchema.parse((await request(app).get(`/api/figures/problems?category=${cat}&limit=1`)).body);
    expect([only.total, only.items.length, only.items[0]!.category]).toEqual([rows.filter((r) => r.category === cat).length, 1, cat]);
    // Figures stay over every category; only the list is filtered.
    expect(only.totals.problems).toBe(rows.length);
  });
});
