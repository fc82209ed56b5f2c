/**
 * The committee workflow on the Ang Thong demo (province 15, 860 cameras) with real accounts:
 * submit → certify → the frozen figures and rows equal the database's → edits through the REST API
 * show as changes since the certification (with the changed fields) → a new submission → returned;
 * who may not do what (403), what may not happen when (409), deadlines and the national list, and
 * completeness per camera. Every answer is parsed with its schema.
 */
import type { Knex } from 'knex';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ChangePageSchema,
  CertificationSchema,
  FrozenPageSchema,
  IncompleteSchema,
  ProvinceDetailSchema,
  StatusListSchema,
} from '../src/certification/schemas.js';
import { ensureDemo } from '../src/demo/seed.js';
import { COMPLETENESS_FIELDS, DashboardSchema } from '../src/routes/dashboard.js';
import { tokenFor } from './auth-helpers.js';
import { adminApp, resetDomainData, testContext } from './db.js';

const ctx = testContext();
const knex = ctx.db.knex;
const app = adminApp(ctx);

type Rec = Record<string, unknown>;
const sql = async (text: string, bindings: readonly Knex.RawBinding[] = []): Promise<Rec[]> => (await knex.raw(text, bindings)).rows as Rec[];
const one = async (text: string, bindings: readonly Knex.RawBinding[] = []) => (await sql(text, bindings))[0]!;

const tokens: Record<string, string> = {};
let other = ''; // another province's code
let startedAt: Date; // audit entries of this run are newer
const auth = (name: string) => ({ Authorization: `Bearer ${tokens[name]}` });

beforeAll(async () => {
  await resetDomainData(knex);
  await ensureDemo(knex, () => {});
  await knex('certification_deadlines').delete();
  await knex('certifications').delete();
  startedAt = (await one('select clock_timestamp() as t')).t as Date;
  other = (await one(`select code from provinces where code <> '15' order by code limit 1`)).code as string;
  const agency = Number((await one(`select agency_id from cameras where province_code = '15' and agency_id is not null limit 1`)).agency_id);
  tokens.sec = await tokenFor(knex, { username: 'cert-sec', role: 'secretariat', province: '15' });
  tokens.rec = await tokenFor(knex, { username: 'cert-rec', role: 'recorder', province: '15', agencyId: agency });
  tokens.police = await tokenFor(knex, { username: 'cert-police', role: 'police', province: '15' });
  tokens.com = await tokenFor(knex, { username: 'cert-com', role: 'committee', province: '15' });
  tokens.comOther = await tokenFor(knex, { username: 'cert-com-other', role: 'committee', province: other });
  tokens.secOther = await tokenFor(knex, { username: 'cert-sec-other', role: 'secretariat', province: other });
  tokens.national = await tokenFor(knex, { username: 'cert-national', role: 'committee', province: null });
});

afterAll(async () => {
  await knex('certification_deadlines').delete();
  await knex('certifications').delete();
  await knex('users').whereLike('username', 'cert-%').delete();
  await ctx.db.close();
});

async function detail(as = 'sec') {
  const res = await request(app).get('/api/certification/15').set(auth(as));
  expect(res.status, res.text.slice(0, 500)).toBe(200);
  return ProvinceDetailSchema.parse(res.body);
}

const post = (path: string, as: string | null, body: object = {}) => {
  const r = request(app).post(path).send(body);
  return as ? r.set(auth(as)) : r; // null: the admin (adminApp)
};

const errorCodes = (res: request.Response) => (res.body.errors as { code: string; field?: string }[]).map((e) => e.field ?? e.code);

describe('submit → certify → changes since → a new submission', () => {
  let certifiedId = 0;
  let edited = 0;
  let blanked = 0;
  let deleted = 0;
  let added = 0;

  it('starts with nothing submitted; certify and return before a submission are 409', async () => {
    const d = await detail();
    expect(d.status.status).toBe('not_submitted');
    expect([d.certified, d.open_submission, d.changes_since_certification]).toEqual([null, null, null]);
    expect(d.current.cameras.total).toBe(860);
    for (const action of ['certify', 'return']) {
      const res = await post(`/api/certification/15/${action}`, 'com', { note: 'ตรวจแล้ว' });
      expect(res.status, res.text).toBe(409);
      expect(res.body.errors[0].message).toMatch(/only submitted data can be/);
    }
  });

  it('refuses a recorder, police, another province and the committee as submitters (403)', async () => {
    for (const as of ['rec', 'police', 'com', 'national', 'secOther']) {
      const res = await post('/api/certification/15/submit', as);
      expect(res.status, `${as}: ${res.text}`).toBe(403);
    }
    expect(await knex('certifications').count({ n: '*' })).toEqual([{ n: 0 }]);
  });

  it('submits: the figures and the rows are frozen, once', async () => {
    const res = await post('/api/certification/15/submit', 'sec', { note: 'ข้อมูลครบตามหนังสือสั่งการ' });
    expect(res.status, res.text).toBe(201);
    const c = CertificationSchema.parse(res.body);
    expect(c).toMatchObject({ status: 'submitted', submitted_by: 'cert-sec', submit_note: 'ข้อมูลครบตามหนังสือสั่งการ', decided_at: null });
    const cams = Number((await one(`select count(*) n from cameras where province_code = '15'`)).n);
    const sites = Number((await one(`select count(*) n from planned_sites where province_code = '15'`)).n);
    const problems = Number((await one(`select count(*) n from problems where province_code = '15'`)).n);
    expect(c.records).toEqual({ cameras: cams, planned_sites: sites, problems });
    const again = await post('/api/certification/15/submit', 'sec');
    expect(again.status, again.text).toBe(409);
    expect(again.body.errors[0].message).toMatch(/already submitted/);
  });

  it('refuses another province’s committee, a national committee account and a secretariat as certifiers (403); a return needs a note', async () => {
    for (const as of ['comOther', 'national', 'sec', 'rec']) {
      for (const action of ['certify', 'return']) {
        const res = await post(`/api/certification/15/${action}`, as, { note: 'x' });
        expect(res.status, `${as} ${action}: ${res.text}`).toBe(403);
      }
    }
    const res = await post('/api/certification/15/return', 'com', { note: '   ' });
    expect(res.status).toBe(400);
    expect(errorCodes(res)).toEqual(['note']);
    const bad = await post('/api/certification/15/certify', 'com', { note: 5, extra: true });
    expect(bad.status).toBe(400);
    expect(errorCodes(bad).sort()).toEqual(['extra', 'note']);
    expect((await one(`select status from certifications`)).status).toBe('submitted');
  });

  it('certifies: the snapshot’s counts equal the database’s', async () => {
    const res = await post('/api/certification/15/certify', 'com', { note: 'มติที่ประชุมคณะกรรมการ ครั้งที่ 1/2562' });
    expect(res.status, res.text).toBe(200);
    const c = CertificationSchema.parse(res.body);
    certifiedId = c.id;
    expect(c).toMatchObject({ status: 'certified', decided_by: 'cert-com', changes_at_decision: { cameras: { added: 0, changed: 0, deleted: 0 } } });

    const k = c.counts;
    const byStatus = await sql(`select status, count(*)::int n from cameras where province_code = '15' group by status`);
    for (const s of byStatus) expect(k.cameras[s.status as 'working'], s.status as string).toBe(s.n);
    expect(k.cameras.total).toBe(860);
    expect([k.cameras.working, k.cameras.not_working + k.cameras.under_repair + k.cameras.beyond_repair]).toEqual([734, 126]); // DOMAIN.md
    const linked = await one(`select count(*) filter (where linkage = 'linked')::int l, count(*) filter (where linkage = 'not_linked')::int nl,
                                     count(*) filter (where retention_days is not null)::int r from cameras where province_code = '15'`);
    expect([k.linkage.linked, k.linkage.not_linked]).toEqual([linked.l, linked.nl]);
    expect(k.cameras.total - k.completeness.missing.retention_days!).toBe(linked.r);
    const site = await one(`select count(*)::int n, coalesce(sum(cost_baht), 0)::float8 cost from planned_sites where province_code = '15'`);
    expect([k.sites.total, k.sites.cost_baht]).toEqual([site.n, site.cost]);
    expect(k.requests.total).toBe((await one(`select count(*)::int n from footage_requests where province_code = '15'`)).n);
    expect(k.requests.provided).toBe((await one(`select count(*)::int n from footage_requests where province_code = '15' and result = 'provided'`)).n);
    expect(k.problems).toBe((await one(`select count(*)::int n from problems where province_code = '15'`)).n);
    expect(k.risk_points).toBe((await one(`select count(*)::int n from risk_points where province_code = '15'`)).n);
    expect(k.risk_routes).toBe((await one(`select count(*)::int n from risk_routes where province_code = '15'`)).n);
    expect(k.risk_points).toBeGreaterThan(0);

    // The frozen rows: one per camera, the camera's data without personal data or stream URL.
    const frozen = await sql(`select record_id, version, data from certification_records where certification_id = ? and entity = 'cameras' order by record_id`, [c.id]);
    expect(frozen.length).toBe(860);
    const cam = await one(`select id, place_name, status, phone, stream_url, contact_name, retention_days, version, ST_X(geom) lon from cameras where phone is not null and stream_url is not null order by id limit 1`);
    const row = frozen.find((f) => Number(f.record_id) === Number(cam.id))!;
    const data = row.data as Rec;
    expect([data.place_name, data.status, data.retention_days, row.version]).toEqual([cam.place_name, cam.status, cam.retention_days, cam.version]);
    expect([data.phone, data.stream_url, data.contact_name]).toEqual([true, true, cam.contact_name !== null]);
    expect((data.geometry as { coordinates: number[] }).coordinates[0]).toBeCloseTo(cam.lon as number, 6);
    for (const k2 of ['id', 'version', 'created_at', 'updated_at', 'geom']) expect(data).not.toHaveProperty(k2);
    const all = JSON.stringify(frozen.slice(0, 200));
    expect(all).not.toContain(cam.phone as string);
    expect(all).not.toContain(cam.stream_url as string);

    // Pages of the data as certified, for any reader of the province.
    const page = await request(app).get('/api/certification/15/records?entity=cameras&limit=5&offset=5').set(auth('police'));
    expect(page.status, page.text).toBe(200);
    const p = FrozenPageSchema.parse(page.body);
    expect([p.total, p.items.length, p.certification_id]).toEqual([860, 5, c.id]);
    expect(p.items.map((i) => i.id)).toEqual(frozen.slice(5, 10).map((f) => Number(f.record_id)));
  });

  it('shows no change right after the certification, and its status in the province’s answer', async () => {
    const d = await detail('com');
    expect(d.status).toMatchObject({ status: 'certified', last_certified_id: certifiedId });
    expect(d.certified!.id).toBe(certifiedId);
    expect(d.open_submission).toBeNull();
    expect(d.differences).toEqual([]);
    expect(d.changes_since_certification).toMatchObject({ certification_id: certifiedId, added: 0, changed: 0, deleted: 0 });
    expect(d.history.map((h) => h.status)).toEqual(['certified']);
  });

  it('lists edits made through the REST API since the certification, with the fields that changed', async () => {
    const working = await sql(`select c.id from cameras c where province_code = '15' and status = 'working' and retention_days <> 45 and phone is not null
                                  and not exists (select 1 from footage_requests f where f.camera_id = c.id) order by id limit 3`);
    edited = Number(working[0]!.id);
    blanked = Number(working[1]!.id);
    deleted = Number(working[2]!.id);
    // As the national admin (adminApp without a header).
    let res = await request(app).patch(`/api/cameras/${edited}`).send({ status: 'not_working', retention_days: 45 });
    expect(res.status, res.text).toBe(200);
    res = await request(app).patch(`/api/cameras/${blanked}`).send({ phone: null });
    expect(res.status, res.text).toBe(200);
    res = await request(app).delete(`/api/cameras/${deleted}`);
    expect(res.status, res.text).toBe(204);
    res = await request(app).post('/api/cameras').send({ place_name: 'แยกศาลากลางจังหวัดอ่างทอง (กล้องใหม่)', status: 'working', geometry: { type: 'Point', coordinates: [100.4551, 14.5896] } });
    expect(res.status, res.text).toBe(201);
    added = Number(res.body.id);
    expect(res.body.province_code).toBe('15');

    const d = await detail();
    const ch = d.changes_since_certification!;
    expect([ch.added, ch.changed, ch.deleted]).toEqual([1, 2, 1]);
    const cams = ch.by_entity.cameras;
    expect(cams.by_field).toEqual({ phone: 1, retention_days: 1, status: 1 });
    const byId = new Map(cams.first.map((c) => [c.id, c]));
    expect(byId.get(edited)).toMatchObject({ kind: 'changed', fields: ['retention_days', 'status'] });
    expect(byId.get(edited)!.version_to).toBe(byId.get(edited)!.version_from! + 1);
    expect(byId.get(blanked)).toMatchObject({ kind: 'changed', fields: ['phone'] });
    expect(byId.get(deleted)).toMatchObject({ kind: 'deleted', version_to: null, fields: [] });
    expect(byId.get(added)).toMatchObject({ kind: 'added', label: 'แยกศาลากลางจังหวัดอ่างทอง (กล้องใหม่)', version_from: null });
    expect(cams.first.map((c) => c.kind)).toEqual(['added', 'changed', 'changed', 'deleted']);
    expect(ch.by_entity.planned_sites).toMatchObject({ added: 0, changed: 0, deleted: 0 });

    // The figures that moved: one more not working, one fewer working; as many cameras as before.
    const diff = new Map(d.differences.map((x) => [x.path, x]));
    expect(diff.get('cameras.working')).toEqual({ path: 'cameras.working', certified: 734, current: 733 });
    expect(diff.get('cameras.not_working')!.current - diff.get('cameras.not_working')!.certified).toBe(1);
    expect(diff.has('cameras.total')).toBe(false);

    // The paged list and its filters.
    const page = await request(app).get('/api/certification/15/changes?kind=changed&field=status').set(auth('sec'));
    expect(page.status, page.text).toBe(200);
    const p = ChangePageSchema.parse(page.body);
    expect([p.total, p.items.map((i) => i.id)]).toEqual([1, [edited]]);
    const past = ChangePageSchema.parse((await request(app).get('/api/certification/15/changes?offset=50').set(auth('sec'))).body);
    expect([past.total, past.items]).toEqual([4, []]);
    const bad = await request(app).get('/api/certification/15/changes?kind=moved&entity=x&limit=0&since=latest&colour=red').set(auth('sec'));
    expect(bad.status).toBe(400);
    expect(errorCodes(bad)).toEqual(['colour']);
    const bad2 = await request(app).get('/api/certification/15/changes?kind=moved&entity=x&limit=0&since=latest').set(auth('sec'));
    expect(errorCodes(bad2).sort()).toEqual(['entity', 'kind', 'limit', 'since']);
  });

  it('a phone number replaced by another shows as a save without a kept difference (its values are not kept)', async () => {
    const res = await request(app).patch(`/api/cameras/${edited}`).send({ phone: '035-611-999' });
    expect(res.status, res.text).toBe(200);
    const d = await detail();
    const e = d.changes_since_certification!.by_entity.cameras.first.find((c) => c.id === edited)!;
    expect(e.fields).toEqual(['retention_days', 'status']);
    expect(JSON.stringify(d)).not.toContain('035-611-999');
  });

  it('a new submission freezes again; the committee returns it with a note, and its rows are dropped', async () => {
    const sub = await post('/api/certification/15/submit', null, { note: 'แก้ไขตามข้อสังเกต' }); // the admin may submit
    expect(sub.status, sub.text).toBe(201);
    const second = CertificationSchema.parse(sub.body);
    expect(second.records.cameras).toBe(860);
    let d = await detail('com');
    expect(d.status.status).toBe('submitted');
    expect(d.open_submission!.id).toBe(second.id);
    expect(d.changes_since_submission).toMatchObject({ certification_id: second.id, added: 0, changed: 0, deleted: 0 });
    expect(d.changes_since_certification).toMatchObject({ certification_id: certifiedId, added: 1, changed: 2, deleted: 1 });
    expect(d.history.map((h) => [h.id, h.status])).toEqual([
      [second.id, 'submitted'],
      [certifiedId, 'certified'],
    ]);

    // An edit between submission and decision is counted at the decision.
    expect((await request(app).patch(`/api/cameras/${added}`).send({ fps: 15 })).status).toBe(200);
    const ret = await post('/api/certification/15/return', 'com', { note: 'พิกัดกล้องใหม่ยังไม่ได้ตรวจสอบ' });
    expect(ret.status, ret.text).toBe(200);
    const returned = CertificationSchema.parse(ret.body);
    expect(returned).toMatchObject({ status: 'returned', decision_note: 'พิกัดกล้องใหม่ยังไม่ได้ตรวจสอบ', changes_at_decision: { cameras: { added: 0, changed: 1, deleted: 0 } } });
    expect(Number((await one('select count(*) n from certification_records where certification_id = ?', [second.id])).n)).toBe(0);
    const gone = await request(app).get(`/api/certification/15/records?of=${second.id}`).set(auth('sec'));
    expect(gone.status).toBe(409);

    d = await detail();
    expect(d.status).toMatchObject({ status: 'returned', last_certified_id: certifiedId });
    expect(d.certified!.id).toBe(certifiedId);
    expect(d.open_submission).toBeNull();
    // The new camera's later edit is part of its addition.
    expect(d.changes_since_certification).toMatchObject({ added: 1, changed: 2, deleted: 1 });

    const audit = await sql(`select action, entity_id, username, province_code from audit_log where entity = 'certifications' and at >= ? order by id`, [startedAt]);
    expect(audit.map((a) => [a.action, Number(a.entity_id), a.username, a.province_code])).toEqual([
      ['submit', certifiedId, 'cert-sec', '15'],
      ['certify', certifiedId, 'cert-com', '15'],
      ['submit', second.id, 'test-admin', '15'],
      ['return', second.id, 'cert-com', '15'],
    ]);
  });

  it('reads: other provinces are refused (403), unknown ones not found (404)', async () => {
    for (const path of ['', '/changes', '/records', '/incomplete']) {
      const res = await request(app).get(`/api/certification/15${path}`).set(auth('comOther'));
      expect(res.status, `${path}: ${res.text}`).toBe(403);
    }
    expect((await request(app).get('/api/certification/15').set(auth('national'))).status).toBe(200);
    expect((await request(app).get('/api/certification/99').set(auth('national'))).status).toBe(404);
    expect((await request(app).get('/api/certification/abc')).status).toBe(404);
    expect((await request(app).get('/api/certification/15')).status).toBe(200);
    expect((await request(app).get('/api/certification/15').set('Authorization', 'Bearer nope')).status).toBe(401);
  });
});

describe('deadlines and the national list', () => {
  it('only the admin sets deadlines; bad bodies name their fields', async () => {
    for (const as of ['sec', 'com', 'national']) {
      const res = await request(app).put('/api/certification/deadlines').set(auth(as)).send({ province: '15', due_on: '2099-12-31' });
      expect(res.status, `${as}: ${res.text}`).toBe(403);
    }
    const cases: [object, string[]][] = [
      [{ province: '15', due_on: '2019-02-30' }, ['due_on']],
      [{ province: '15', due_on: '2019-09-30', round_from: '2019-10-01' }, ['round_from']],
      [{ province: 'อ่างทอง', due_on: 'soon', role: 'x' }, ['due_on', 'province', 'role']],
      [{}, ['due_on', 'province']],
    ];
    for (const [body, fields] of cases) {
      const res = await request(app).put('/api/certification/deadlines').send(body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(errorCodes(res).sort(), JSON.stringify(body)).toEqual(fields);
    }
    expect((await request(app).put('/api/certification/deadlines').send({ province: '99', due_on: '2099-12-31' })).status).toBe(404);
    expect(Number((await one('select count(*) n from certification_deadlines')).n)).toBe(0);
  });

  it('shows every province with its status, deadline and completeness to the admin and national committee', async () => {
    const set = await request(app).put('/api/certification/deadlines').send({ province: 'all', due_on: '2099-12-31' });
    expect(set.status, set.text).toBe(200);
    const provinces = Number((await one('select count(*) n from provinces')).n);
    expect(set.body.deadlines.length).toBe(provinces);

    for (const as of [null, 'national']) {
      const res = as ? await request(app).get('/api/certification').set(auth(as)) : await request(app).get('/api/certification');
      expect(res.status, res.text).toBe(200);
      const list = StatusListSchema.parse(res.body);
      expect(list.provinces.length).toBe(provinces);
      expect(list.provinces.every((p) => p.deadline?.due_on === '2099-12-31' && !p.overdue && (p.province_code === '15' || p.days_left! > 0))).toBe(true);
      const ang = list.provinces.find((p) => p.province_code === '15')!;
      expect(ang).toMatchObject({ status: 'returned', met: true, late: false });
      expect(list.summary).toMatchObject({ returned: 1, not_submitted: provinces - 1, overdue: 0, with_deadline: provinces });
      // Completeness: the dashboard's own figure for the province.
      const dash = DashboardSchema.parse((await request(app).get('/api/dashboard?province=15&level=nation')).body);
      expect(ang.completeness).toEqual({ cameras: dash.totals.completeness.cameras, complete: dash.totals.completeness.complete, share: dash.totals.completeness.share });
      expect(list.provinces.find((p) => p.province_code === other)!.completeness.cameras).toBe(0);
    }
  });

  it('a province past its deadline without a certification in the round is overdue; others see only their province', async () => {
    let res = await request(app).put('/api/certification/deadlines').send({ province: other, due_on: '2020-01-31', round_from: '2019-07-01' });
    expect(res.status, res.text).toBe(200);
    res = await request(app).put('/api/certification/deadlines').send({ province: '15', due_on: '2020-01-31', round_from: '2019-07-01' });
    expect(res.status).toBe(200);
    let list = StatusListSchema.parse((await request(app).get('/api/certification')).body);
    const late = list.provinces.find((p) => p.province_code === other)!;
    expect(late).toMatchObject({ status: 'not_submitted', overdue: true, met: false, deadline: { due_on: '2020-01-31', round_from: '2019-07-01', set_by: 'test-admin' } });
    expect(late.days_left!).toBeLessThan(0);
    // Province 15 was certified (today) after the due date but within the round: met, late.
    expect(list.provinces.find((p) => p.province_code === '15')).toMatchObject({ met: true, late: true, overdue: false, days_left: null });
    expect(list.summary.overdue).toBe(1);

    // A new round that starts after its certification: not met again (not yet overdue).
    res = await request(app).put('/api/certification/deadlines').send({ province: '15', due_on: '2099-12-31', round_from: '2099-01-01' });
    list = StatusListSchema.parse((await request(app).get('/api/certification')).body);
    expect(list.provinces.find((p) => p.province_code === '15')).toMatchObject({ met: false, overdue: false });

    // A provincial account sees its own province only.
    for (const as of ['sec', 'rec', 'police', 'com']) {
      const own = StatusListSchema.parse((await request(app).get('/api/certification').set(auth(as))).body);
      expect(own.provinces.map((p) => p.province_code), as).toEqual(['15']);
    }

    // due_on null removes a deadline; the audit log has each change.
    res = await request(app).put('/api/certification/deadlines').send({ province: other, due_on: null });
    expect(res.body.deadlines).toEqual([{ province_code: other, due_on: null, round_from: null }]);
    list = StatusListSchema.parse((await request(app).get('/api/certification')).body);
    expect(list.provinces.find((p) => p.province_code === other)).toMatchObject({ deadline: null, overdue: false });
    const audit = await sql(`select before, after from audit_log where entity = 'certification_deadlines' and province_code = ? and at >= ? order by id`, [other, startedAt]);
    expect(audit.map((a) => [(a.before as Rec | null)?.due_on ?? null, (a.after as Rec | null)?.due_on ?? null])).toEqual([
      [null, '2099-12-31'],
      ['2099-12-31', '2020-01-31'],
      ['2020-01-31', null],
    ]);
  });
});

describe('completeness per camera', () => {
  /** Every field of the survey a linked, working camera can fill. */
  const FULL = {
    agency_id: 0, // set below
    contact_name: 'นายสมชาย ใจดี',
    phone: '035-611-000',
    address: 'ถนนเทศบาล 1 ต.ตลาดหลวง อ.เมืองอ่างทอง',
    year_installed: 2016,
    police_station_id: 0,
    project: 'โครงการติดตั้งกล้อง CCTV ปี 2559',
    recorder_model: 'Hikvision DS-7616NI',
    camera_brand: 'Hikvision',
    system: 'ip',
    connection: 'wired',
    area_type: 'ทางแยก',
    purposes: ['deterrence', 'traffic'],
    linkage: 'linked',
    stream_url: 'rtsp://10.0.0.1/stream1',
    control_centre: 'ศูนย์ควบคุมเทศบาลเมืองอ่างทอง',
    network_type: 'Fiber optic',
    network_provider: 'TOT',
    linked_agencies: 'สภ.เมืองอ่างทอง',
    linked_network: 'เครือข่ายจังหวัด',
    retention_days: 30,
    storage_process: 'บันทึกลง NVR',
    disclosure_rules: 'ตามระเบียบ',
    footage_service_frequency: 'เฉลี่ย 1-2 ครั้ง/เดือน',
    footage_request_procedure: 'ทำหนังสือขอ',
    recorded_resolution: '1080p',
    max_resolution: '4MP',
    fps: 25,
    file_format: 'MP4',
    budget_source: 'เทศบาล',
    status: 'working',
  };
  let a = 0;
  let b = 0;

  beforeAll(async () => {
    const cams = await sql(`select id, agency_id, police_station_id from cameras where province_code = '15' and agency_id is not null and police_station_id is not null order by id limit 2`);
    a = Number(cams[0]!.id);
    b = Number(cams[1]!.id);
    for (const c of cams) {
      const res = await request(app).patch(`/api/cameras/${c.id}`).send({ ...FULL, agency_id: c.agency_id, police_station_id: c.police_station_id });
      expect(res.status, res.text).toBe(200);
    }
    // a: three plain fields blank. b: not linked, without what linking needs.
    expect((await request(app).patch(`/api/cameras/${a}`).send({ phone: null, project: '  ', fps: null })).status).toBe(200);
    expect((await request(app).patch(`/api/cameras/${b}`).send({ linkage: 'not_linked', link_requirements: null, link_budget_baht: null, link_responsible_agency: null })).status).toBe(200);
  });

  async function allIncomplete(query = '') {
    const res = await request(app).get(`/api/certification/15/incomplete?limit=1000${query}`).set(auth('sec'));
    expect(res.status, res.text).toBe(200);
    return IncompleteSchema.parse(res.body);
  }

  it('lists each camera with exactly the required fields it lacks, worst first', async () => {
    const body = await allIncomplete();
    expect(body.fields).toEqual(COMPLETENESS_FIELDS.map((f) => f.field));
    const byId = new Map(body.items.map((i) => [i.id, i]));
    expect(byId.get(a)!.missing).toEqual(['phone', 'project', 'fps']);
    // Linked-only fields no longer apply; the unlinked ones do.
    expect(byId.get(b)!.missing).toEqual(['link_requirements', 'link_budget_baht', 'link_responsible_agency']);
    const counts = body.items.map((i) => i.missing.length);
    expect(counts).toEqual([...counts].sort((x, y) => y - x));
    expect(counts.every((n) => n > 0)).toBe(true);
    // The totals agree with the dashboard's per-area completeness (same field definitions).
    const dash = DashboardSchema.parse((await request(app).get('/api/dashboard?province=15&level=nation')).body).totals.completeness;
    expect([body.cameras, body.complete, body.total]).toEqual([dash.cameras, dash.complete, dash.cameras - dash.complete]);
    expect(body.items.length).toBe(body.total);
    // Per field: as many cameras as the dashboard counts missing it.
    const fps = await allIncomplete('&field=fps');
    expect(fps.total).toBe(dash.missing.fps);
    expect(fps.items.every((i) => i.missing.includes('fps'))).toBe(true);
    expect(fps.items.map((i) => i.id)).toContain(a);
  });

  it('pages, filters by agency, and names bad parameters', async () => {
    const p1 = IncompleteSchema.parse((await request(app).get('/api/certification/15/incomplete?limit=5').set(auth('com'))).body);
    const p2 = IncompleteSchema.parse((await request(app).get('/api/certification/15/incomplete?limit=5&offset=5').set(auth('com'))).body);
    const all = await allIncomplete();
    expect([...p1.items, ...p2.items].map((i) => i.id)).toEqual(all.items.slice(0, 10).map((i) => i.id));
    const agency = Number((await one('select agency_id from cameras where id = ?', [a])).agency_id);
    const mine = await allIncomplete(`&agency=${agency}`);
    expect(mine.cameras).toBe(Number((await one(`select count(*) n from cameras where province_code = '15' and agency_id = ?`, [agency])).n));
    expect(mine.items.map((i) => i.agency_id).every((x) => x === agency)).toBe(true);
    expect(mine.items.map((i) => i.id)).toContain(a);
    const bad = await request(app).get('/api/certification/15/incomplete?field=colour&limit=5000&agency=x').set(auth('sec'));
    expect(bad.status).toBe(400);
    expect(errorCodes(bad).sort()).toEqual(['agency', 'field', 'limit']);
  });
});
