/**
 * Imports under accounts (POST /api/import): the caller's role must write the kind, a provincial
 * account imports into its own province, and a file that would change or create a record out of
 * the caller's reach is refused as a whole — 403 naming the rows, the database exactly as before.
 * A dry run lists the same rows as errors. What is written is audited, one entry per record, under
 * the report's importId; the operator's import (no account) too, with no user.
 */
import request from 'supertest';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createApp } from '../src/app.js';
import { ensureDemo } from '../src/demo/seed.js';
import { importFile } from '../src/io/import.js';
import { tokenFor } from './auth-helpers.js';
import { resetDomainData, testContext } from './db.js';

const ctx = testContext();
const knex = ctx.db.knex;
const app = createApp(ctx);

type Json = Record<string, any>;
const SECRET = { contact_name: 'นายเจ้าของ ลับมาก', phone: '0833333333', stream_url: 'rtsp://import-secret.example/a' };
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

let t: Record<'admin' | 'sec15' | 'sec10' | 'rec' | 'pol', string>;
let recId: number;
let agencyA: { id: number; name: string };
let agencyB: { id: number; name: string };
/** A camera of agency A and one of agency B (both in Ang Thong), with their codes and positions. */
let camA: { id: number; external_id: string; lat: number; lon: number };
let camB: { id: number; external_id: string; lat: number; lon: number };
let station: number;

/** Everything an import could touch, as one comparable value. */
async function state() {
  const sum = async (table: string) =>
    (await knex.raw(`select count(*)::int n, coalesce(md5(string_agg(to_jsonb(t)::text, '|' order by id)), '') h from ${table} t`)).rows[0];
  return { cameras: await sum('cameras'), agencies: await sum('agencies'), risk_points: await sum('risk_points'), audit: await sum('audit_log') };
}

const csv = (rows: (string | number)[][]) => Buffer.from(`\ufeff${rows.map((r) => r.map((c) => `"${String(c).replace(/"/g, '""')}"`).join(',')).join('\n')}\n`);
const HEAD = ['รหัส', 'จุดติดตั้ง/สถานที่', 'สถานะการใช้งาน', 'พิกัด'];
const at = (p: { lat: number; lon: number }, d = 0) => `${(p.lat + d).toFixed(6)}, ${(p.lon + d).toFixed(6)}`;

function post(token: string, query: string, file: Buffer, name = 'cameras.csv') {
  return request(app).post(`/api/import?${query}`).set('Authorization', `Bearer ${token}`).attach('file', file, name);
}

beforeAll(async () => {
  await resetDomainData(knex);
  await ensureDemo(knex, () => {});
  const { rows } = await knex.raw(`select a.id, a.name, count(*) n from cameras c join agencies a on a.id = c.agency_id
      where c.province_code = '15' and c.external_id is not null group by 1, 2 order by 3 desc, 1 limit 2`);
  agencyA = { id: Number(rows[0].id), name: rows[0].name };
  agencyB = { id: Number(rows[1].id), name: rows[1].name };
  const cam = async (agency: number) => {
    const c = await knex('cameras').where('agency_id', agency).whereNotNull('external_id').orderBy('id').first('id', 'external_id', knex.raw('ST_Y(geom) lat'), knex.raw('ST_X(geom) lon'));
    return { id: Number(c.id), external_id: c.external_id as string, lat: Number(c.lat), lon: Number(c.lon) };
  };
  camA = await cam(agencyA.id);
  camB = await cam(agencyB.id);
  await knex('cameras').whereIn('id', [camA.id, camB.id]).update(SECRET);
  station = Number((await knex('cameras').where('id', camA.id).first('police_station_id')).police_station_id);
  t = {
    admin: await tokenFor(knex, { username: 'ia-admin', role: 'admin' }),
    sec15: await tokenFor(knex, { username: 'ia-sec15', role: 'secretariat', province: '15' }),
    sec10: await tokenFor(knex, { username: 'ia-sec10', role: 'secretariat', province: '10' }),
    rec: await tokenFor(knex, { username: 'ia-rec', role: 'recorder', province: '15', agencyId: agencyA.id }),
    pol: await tokenFor(knex, { username: 'ia-pol', role: 'police', province: '15', stations: [station] }),
  };
  recId = Number((await knex('users').where('username', 'ia-rec').first('id')).id);
}, 240_000);

afterAll(async () => {
  await knex('users').whereLike('username', 'ia-%').delete();
  await ctx.db.close();
});

describe('a recorder imports its agency’s cameras', () => {
  it('updates its camera and adds one (no agency column: its agency), audited under the import id', async () => {
    const file = csv([HEAD, [camA.external_id, 'ย้ายป้ายชื่อแล้ว', 'ใช้งานได้ปกติ', at(camA)], ['IA-NEW-1', 'กล้องใหม่ของหน่วยงาน', 'ใช้งานไม่ได้', at(camA, 0.0004)]]);
    const res = await post(t.rec, 'kind=cameras', file);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ written: true, inserted: 1, updated: 1, errors: [] });
    expect(res.body.importId).toMatch(UUID);
    const created = await knex('cameras').where('external_id', 'IA-NEW-1').first('id', 'agency_id', 'province_code');
    expect({ ...created, agency_id: Number(created.agency_id) }).toMatchObject({ agency_id: agencyA.id, province_code: '15' });
    expect((await knex('cameras').where('id', camA.id).first('place_name', 'contact_name')).place_name).toBe('ย้ายป้ายชื่อแล้ว');

    const entries = (await request(app).get(`/api/audit?import_id=${res.body.importId}`).set('Authorization', `Bearer ${t.admin}`)).body;
    expect(entries.total).toBe(2);
    const byId = new Map<number, Json>(entries.items.map((e: Json) => [e.entity_id, e]));
    for (const e of entries.items as Json[]) expect(e).toMatchObject({ action: 'import', entity: 'cameras', user_id: recId, username: 'ia-rec', province_code: '15', import_id: res.body.importId });
    const upd = byId.get(camA.id)!;
    expect(upd.before).toMatchObject({ place_name: expect.not.stringMatching('ย้ายป้ายชื่อแล้ว'), contact_name: '(hidden)', phone: '(hidden)', stream_url: '(hidden)' });
    expect(upd.after).toMatchObject({ place_name: 'ย้ายป้ายชื่อแล้ว', contact_name: '(hidden)', stream_url: '(hidden)', version: upd.before.version + 1 });
    expect(upd.changed_fields).toContain('place_name');
    const ins = byId.get(Number(created.id))!;
    expect(ins.before).toBeNull();
    expect(ins.after).toMatchObject({ external_id: 'IA-NEW-1', agency_id: agencyA.id, status: 'not_working', geometry: { type: 'Point' } });
    // The secretariat of the province sees the entries; the recorder itself may not read the log.
    expect((await request(app).get(`/api/audit?import_id=${res.body.importId}`).set('Authorization', `Bearer ${t.sec15}`)).body.total).toBe(2);
    expect((await request(app).get(`/api/audit?import_id=${res.body.importId}`).set('Authorization', `Bearer ${t.rec}`)).status).toBe(403);
    const leaked = await knex('audit_log').where('import_id', res.body.importId).whereRaw('(before::text || after::text) like ?', [`%${SECRET.phone}%`]).count({ n: '*' });
    expect(Number(leaked[0]!.n)).toBe(0);
  });
});

describe('out of scope: refused as a whole, nothing written', () => {
  let before: Awaited<ReturnType<typeof state>>;
  beforeEach(async () => {
    before = await state();
  });

  it("another agency's camera matched by its code: 403 naming the row and the code column", async () => {
    const file = csv([HEAD, ['IA-NEW-2', 'กล้องของฉัน', 'ใช้งานได้ปกติ', at(camA, 0.0006)], [camB.external_id, 'ยึดกล้องคนอื่น', 'ใช้งานได้ปกติ', at(camB)]]);
    const res = await post(t.rec, 'kind=cameras', file);
    expect(res.status).toBe(403);
    expect(res.body.rows).toEqual([3]);
    expect(res.body.errors).toHaveLength(1);
    expect(res.body.errors[0]).toMatchObject({ field: 'external_id', code: 'out_of_scope' });
    expect(res.body.errors[0].message).toMatch(new RegExp(`^row 3 \\(รหัส: ${camB.external_id}\\): .*camera ${camB.id}.*agency ${agencyA.id}`));
    expect(await state()).toEqual(before);
  });

  it('a row naming another agency, and a camera outside the province: 403 naming both rows and fields', async () => {
    const head = [...HEAD, 'หน่วยงานเจ้าของกล้อง'];
    const file = csv([
      head,
      ['IA-NEW-3', 'กล้องของฉัน', 'ใช้งานได้ปกติ', at(camA, 0.0008), agencyA.name],
      ['IA-NEW-4', 'กล้องหน่วยงานอื่น', 'ใช้งานได้ปกติ', at(camA, 0.001), agencyB.name],
      ['IA-NEW-5', 'กล้องกรุงเทพ', 'ใช้งานได้ปกติ', '13.7563, 100.5018', agencyA.name],
    ]);
    const res = await post(t.rec, 'kind=cameras', file);
    expect(res.status).toBe(403);
    // The position is known before writing: that row alone is named first.
    expect(res.body.rows).toEqual([4]);
    expect(res.body.errors[0]).toMatchObject({ field: 'location', code: 'out_of_scope' });
    expect(res.body.errors[0].message).toMatch(/^row 4 \(พิกัด: 13\.7563, 100\.5018\): the position is in จังหวัดกรุงเทพมหานคร; your account imports into จังหวัดอ่างทอง \(15\) only/);
    expect(await state()).toEqual(before);

    // Without the Bangkok row, the other agency's camera is caught as stored (its agency).
    const res2 = await post(t.rec, 'kind=cameras', csv([head, ['IA-NEW-3', 'กล้องของฉัน', 'ใช้งานได้ปกติ', at(camA, 0.0008), agencyA.name], ['IA-NEW-4', 'กล้องหน่วยงานอื่น', 'ใช้งานได้ปกติ', at(camA, 0.001), agencyB.name]]));
    expect(res2.status).toBe(403);
    expect(res2.body.rows).toEqual([3]);
    expect(res2.body.errors[0]).toMatchObject({ field: 'agency', message: expect.stringMatching(new RegExp(`^row 3 \\(หน่วยงานเจ้าของกล้อง: ${agencyB.name}\\): as stored, the camera does not belong to agency ${agencyA.id}`)) });
    expect(await state()).toEqual(before);
  });

  it('an agency the recorder would have to create: refused (recorders do not create agencies)', async () => {
    const res = await post(t.rec, 'kind=cameras', csv([[...HEAD, 'หน่วยงานเจ้าของกล้อง'], ['IA-NEW-6', 'กล้อง', 'ใช้งานได้ปกติ', at(camA, 0.0012), 'ร้านทองใหม่เอี่ยม']]));
    expect(res.status).toBe(403);
    expect(res.body.errors.map((e: Json) => e.field)).toEqual(['agency', 'agency']);
    expect(res.body.errors[0].message).toMatch(/cannot create agencies/);
    expect(await state()).toEqual(before);
  });

  it('skip_invalid does not skip rows out of scope', async () => {
    const file = csv([HEAD, ['IA-NEW-7', 'กล้องของฉัน', 'ใช้งานได้ปกติ', at(camA, 0.0014)], [camB.external_id, 'ยึดกล้องคนอื่น', 'ใช้งานได้ปกติ', at(camB)], ['IA-BAD', 'พิกัดเสีย', 'ใช้งานได้ปกติ', 'ไม่ทราบ']]);
    const res = await post(t.rec, 'kind=cameras&skip_invalid=true', file);
    expect(res.status).toBe(403);
    expect(res.body.rows).toEqual([3]);
    expect(await state()).toEqual(before);
  });

  it('a dry run lists the same rows as errors (row, column, value), with what would be written, and writes nothing', async () => {
    const head = [...HEAD, 'หน่วยงานเจ้าของกล้อง'];
    const file = csv([
      head,
      ['IA-NEW-8', 'กล้องของฉัน', 'ใช้งานได้ปกติ', at(camA, 0.0016), ''],
      [camB.external_id, 'ยึดกล้องคนอื่น', 'ใช้งานได้ปกติ', at(camB), ''],
      ['IA-NEW-9', 'กล้องหน่วยงานอื่น', 'ใช้งานได้ปกติ', at(camA, 0.0018), agencyB.name],
      ['IA-NEW-10', 'กล้องกรุงเทพ', 'ใช้งานได้ปกติ', '13.7563, 100.5018', ''],
    ]);
    const res = await post(t.rec, 'kind=cameras&dry_run=true', file);
    expect(res.status).toBe(422);
    expect(res.body).toMatchObject({ dryRun: true, written: false, rowsTotal: 4 });
    expect(res.body.importId).toBeUndefined();
    expect(res.body.errors.map((e: Json) => [e.row, e.column])).toEqual([[3, 'รหัส'], [4, 'หน่วยงานเจ้าของกล้อง'], [5, 'พิกัด']]);
    expect(res.body.errors[0].value).toBe(camB.external_id);
    // A client tells these rows apart by their code (the web import panel does).
    expect(res.body.errors.map((e: Json) => e.code)).toEqual(['out_of_scope', 'out_of_scope', 'out_of_scope']);
    expect(res.body.errors[1].value).toBe(agencyB.name);
    expect(res.body.errors[1].message).toMatch(new RegExp(`^as stored, the camera does not belong to agency ${agencyA.id} \\(out of scope: an import with this row is refused`));
    expect(await state()).toEqual(before);

    // With skip_invalid the dry run also tells what the rest would do: one new camera (rolled back).
    const res2 = await post(t.rec, 'kind=cameras&dry_run=true&skip_invalid=true', file);
    expect(res2.status).toBe(200);
    expect(res2.body).toMatchObject({ rowsValid: 1, inserted: 1, updated: 0, written: false });
    expect(res2.body.errors).toHaveLength(3);
    expect(await state()).toEqual(before);
  });
});

describe('role and province', () => {
  it('police cannot import cameras: 403 before the file is read', async () => {
    const before = await state();
    const res = await post(t.pol, 'kind=cameras', csv([HEAD, ['IA-POL', 'กล้อง', 'ใช้งานได้ปกติ', at(camA, 0.002)]]));
    expect(res.status).toBe(403);
    expect(res.body.errors[0].message).toBe('a police account cannot import cameras');
    // Not even an unreadable file gets a 400: the role is refused first.
    expect((await post(t.pol, 'kind=cameras', Buffer.from('\x00\x01garbage'), 'x.xlsx')).status).toBe(403);
    expect(await state()).toEqual(before);
  });

  it('police import risk points in their station; a point in another station is refused', async () => {
    const other = await knex('cameras').where('province_code', '15').whereNot('police_station_id', station).whereNotNull('police_station_id').first(knex.raw('ST_Y(geom) lat'), knex.raw('ST_X(geom) lon'));
    const head = ['รหัส', 'ชื่อ', 'ประเภท', 'พิกัด'];
    const ok = await post(t.pol, 'kind=risk_points', csv([head, ['IA-RP-1', 'จุดเสี่ยงในเขต', 'robbery', at(camA, 0.0003)]]), 'risk.csv');
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    expect(ok.body).toMatchObject({ inserted: 1, written: true });
    const before = await state();
    const bad = await post(t.pol, 'kind=risk_points', csv([head, ['IA-RP-2', 'จุดเสี่ยงในเขต', 'robbery', at(camA, 0.0005)], ['IA-RP-3', 'จุดเสี่ยงนอกเขต', 'robbery', at(other, 0.0003)]]), 'risk.csv');
    expect(bad.status).toBe(403);
    expect(bad.body.rows).toEqual([3]);
    expect(bad.body.errors[0].field).toBe('police_station');
    expect(await state()).toEqual(before);
  });

  it('the secretariat of 15 cannot import into 10 (by code or by name); without a province its own is filled in', async () => {
    const before = await state();
    const bkk = csv([HEAD, ['IA-BKK-1', 'กล้องกรุงเทพ', 'ใช้งานได้ปกติ', '13.7563, 100.5018']]);
    for (const q of ['kind=cameras&province=10', `kind=cameras&province=${encodeURIComponent('กรุงเทพมหานคร')}`]) {
      const res = await post(t.sec15, q, bkk);
      expect(res.status).toBe(403);
      expect(res.body.errors[0].message).toMatch(/province 15 only/);
    }
    const res = await post(t.sec15, 'kind=cameras', bkk);
    expect(res.status).toBe(403);
    expect(res.body.errors[0]).toMatchObject({ field: 'location' });
    expect(await state()).toEqual(before);
    // The secretariat of 10 may; an admin may import anywhere.
    const ok10 = await post(t.sec10, 'kind=cameras', bkk);
    expect(ok10.status, JSON.stringify(ok10.body)).toBe(200);
    expect((await knex('cameras').where('external_id', 'IA-BKK-1').first('province_code')).province_code).toBe('10');
    const okAdmin = await post(t.admin, 'kind=cameras', csv([HEAD, ['IA-BKK-2', 'กล้องกรุงเทพ 2', 'ใช้งานได้ปกติ', '13.7570, 100.5020']]));
    expect(okAdmin.status).toBe(200);
  });

  it('the secretariat takes over any camera of its province (another agency’s included)', async () => {
    const res = await post(t.sec15, 'kind=cameras', csv([HEAD, [camB.external_id, 'แก้โดยเลขานุการ', 'ใช้งานได้ปกติ', at(camB)]]));
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ updated: 1, inserted: 0 });
  });
});

describe('the operator (CLI, no account)', () => {
  it('imports unscoped and is audited with no user, under one import id', async () => {
    const file = csv([HEAD, ['IA-OP-1', 'นำเข้าโดยผู้ดูแลเซิร์ฟเวอร์', 'ใช้งานได้ปกติ', '13.7580, 100.5030'], [camB.external_id, 'แก้โดยผู้ดูแลเซิร์ฟเวอร์', 'ใช้งานได้ปกติ', at(camB)]]);
    const report = await importFile(knex, file, { kind: 'cameras', filename: 'op.csv', bounds: ctx.config.bounds, principal: null });
    expect(report).toMatchObject({ written: true, inserted: 1, updated: 1 });
    const rows = await knex('audit_log').where('import_id', report.importId!).select('user_id', 'username', 'action', 'entity', 'entity_id', 'province_code');
    expect(rows.map((r) => [r.user_id, r.username, r.action, r.entity, r.province_code]).sort()).toEqual([
      [null, null, 'import', 'cameras', '10'],
      [null, null, 'import', 'cameras', '15'],
    ]);
  });

  it('agencies an import creates are audited with it', async () => {
    const report = await importFile(knex, csv([[...HEAD, 'หน่วยงานเจ้าของกล้อง'], ['IA-OP-2', 'กล้องร้านใหม่', 'ใช้งานได้ปกติ', at(camA, 0.003), 'ร้านทองตรวจสอบ']]), {
      kind: 'cameras', filename: 'op.csv', bounds: ctx.config.bounds,
    });
    expect(report.agenciesCreated).toEqual(['ร้านทองตรวจสอบ']);
    const entities = (await knex('audit_log').where('import_id', report.importId!).select('entity')).map((r) => r.entity).sort();
    expect(entities).toEqual(['agencies', 'cameras']);
  });
});
