/**
 * The audit log: REST writes, plans and photos leave entries with the record before and after
 * (contact names, phones and stream URLs never stored, only marks saying whether they changed); the
 * read API is scoped per role (admin all, a secretariat its province, everyone else 403); the CSV
 * and XLSX exports hold exactly the API's entries under Thai headers with Buddhist Era dates; the
 * set-based masking of imports (SQL) agrees with maskSensitive (TypeScript). Every entry carries its
 * request's id (X-Request-Id); a record moved to another province belongs to both provinces.
 * Account changes: api/test/accounts.int.test.ts.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { parse as parseCsv } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../src/app.js';
import { maskSql } from '../src/audit/bulk.js';
import { iterateAudit } from '../src/audit/query.js';
import { CHANGED, HIDDEN, maskSensitive } from '../src/audit/log.js';
import { ensureDemo } from '../src/demo/seed.js';
import { importFile } from '../src/io/import.js';
import { tokenFor } from './auth-helpers.js';
import { resetDomainData, testContext } from './db.js';

const ctx = testContext();
const knex = ctx.db.knex;
const app = createApp(ctx);

const SECRET = { contact_name: 'นางสาวลับ ที่สุด', phone: '0811111111', stream_url: 'rtsp://audit-secret.example/cam' };
const SECRET2 = { phone: '0822222222', stream_url: 'rtsp://audit-secret.example/cam-2' };

type Json = Record<string, any>;
let t: Record<'admin' | 'sec15' | 'sec10' | 'rec' | 'pol' | 'com15' | 'comNat', string>;
/** Entries older than this belong to other test files: every query here starts at it. */
let since: string;
let sec15Id: number;

const as = (token: string) => ({ Authorization: `Bearer ${token}` });
async function call(token: string, method: 'get' | 'post' | 'put' | 'patch' | 'delete', url: string, body?: unknown, status?: number, requestId?: string) {
  const req = request(app)[method](url).set(as(token));
  if (requestId !== undefined) req.set('X-Request-Id', requestId);
  const res = body instanceof Buffer ? await req.set('Content-Type', 'image/png').send(body) : await req.send(body as object);
  if (status !== undefined && res.status !== status) throw new Error(`${method} ${url}: ${res.status} ${JSON.stringify(res.body).slice(0, 500)}`);
  return res;
}
const audit = async (token: string, query: Record<string, string | number>, status = 200) =>
  (await call(token, 'get', `/api/audit?${new URLSearchParams(Object.entries({ since, ...query }).map(([k, v]) => [k, String(v)]))}`, undefined, status)).body;

beforeAll(async () => {
  await resetDomainData(knex);
  await ensureDemo(knex, () => {});
  const agency = Number((await knex('cameras').where('province_code', '15').whereNotNull('agency_id').first('agency_id')).agency_id);
  const station = Number((await knex('police_stations').where('province_code', '15').first('id')).id);
  t = {
    admin: await tokenFor(knex, { username: 'au-admin', role: 'admin' }),
    sec15: await tokenFor(knex, { username: 'au-sec15', role: 'secretariat', province: '15' }),
    sec10: await tokenFor(knex, { username: 'au-sec10', role: 'secretariat', province: '10' }),
    rec: await tokenFor(knex, { username: 'au-rec', role: 'recorder', province: '15', agencyId: agency }),
    pol: await tokenFor(knex, { username: 'au-pol', role: 'police', province: '15', stations: [station] }),
    com15: await tokenFor(knex, { username: 'au-com15', role: 'committee', province: '15' }),
    comNat: await tokenFor(knex, { username: 'au-comnat', role: 'committee' }),
  };
  sec15Id = Number((await knex('users').where('username', 'au-sec15').first('id')).id);
  since = (await knex.raw(`select to_char(now() at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') t`)).rows[0].t;
}, 240_000);

afterAll(async () => {
  await knex('users').whereLike('username', 'au-%').delete();
  await ctx.db.close();
});

describe('REST writes are audited', () => {
  let camId: number;

  it('create: who, what, the record after; sensitive values only as a mark', async () => {
    const cam = (await call(t.sec15, 'post', '/api/cameras', { place_name: 'กล้องตรวจสอบ', status: 'working', geometry: { type: 'Point', coordinates: [100.4555, 14.5896] }, ...SECRET }, 201)).body;
    camId = cam.id;
    const { items, total } = await audit(t.admin, { entity: 'cameras', entity_id: camId });
    expect(total).toBe(1);
    expect(items[0]).toMatchObject({ action: 'create', entity: 'cameras', entity_id: camId, province_code: '15', province_name: 'อ่างทอง', username: 'au-sec15', user_id: sec15Id, before: null, import_id: null });
    expect(items[0].after).toMatchObject({ place_name: 'กล้องตรวจสอบ', status: 'working', contact_name: HIDDEN, phone: HIDDEN, stream_url: HIDDEN });
    expect(items[0].after.geometry).toEqual({ type: 'Point', coordinates: [100.4555, 14.5896] });
    expect(new Date(items[0].at).getTime()).toBeGreaterThan(Date.now() - 60_000);
  });

  it('update: before and after; a changed secret shows "(changed)", an unchanged one "(hidden)"', async () => {
    await call(t.sec15, 'patch', `/api/cameras/${camId}`, { place_name: 'กล้องตรวจสอบ (ย้ายป้าย)', ...SECRET2 }, 200);
    const { items } = await audit(t.admin, { entity: 'cameras', entity_id: camId, action: 'update' });
    expect(items).toHaveLength(1);
    const e = items[0];
    expect(e.before).toMatchObject({ place_name: 'กล้องตรวจสอบ', version: 1, contact_name: HIDDEN, phone: CHANGED, stream_url: CHANGED });
    expect(e.after).toMatchObject({ place_name: 'กล้องตรวจสอบ (ย้ายป้าย)', version: 2, contact_name: HIDDEN, phone: CHANGED, stream_url: CHANGED });
    expect(e.changed_fields.sort()).toEqual(['phone', 'place_name', 'stream_url']);
  });

  it('delete: the record before, nothing after', async () => {
    await call(t.sec15, 'delete', `/api/cameras/${camId}`, undefined, 204);
    const { items, total } = await audit(t.admin, { entity: 'cameras', entity_id: camId });
    expect(total).toBe(3);
    expect(items.map((i: Json) => i.action)).toEqual(['delete', 'update', 'create']); // newest first
    expect(items[0].after).toBeNull();
    expect(items[0].before).toMatchObject({ id: camId, place_name: 'กล้องตรวจสอบ (ย้ายป้าย)', phone: HIDDEN });
  });

  it('plans and photos are audited too', async () => {
    const plan = (await call(t.sec15, 'post', '/api/plans', { name: 'แผนตรวจสอบ', province: '15', budget: 5_000_000, method: 'greedy' }, 201)).body;
    const planEntries = await audit(t.admin, { entity: 'plans', entity_id: plan.id });
    expect(planEntries.items.map((i: Json) => [i.action, i.username, i.province_code])).toEqual([['create', 'au-sec15', '15']]);
    expect(planEntries.items[0].after).toMatchObject({ name: 'แผนตรวจสอบ' });

    const cam = await knex('cameras').where('province_code', '15').orderBy('id').first('id');
    const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(32, 1)]);
    const photo = (await call(t.sec15, 'post', `/api/cameras/${cam.id}/photos?filename=pole.png`, png, 201)).body;
    const photoEntries = await audit(t.admin, { entity: 'camera_photos', entity_id: photo.id });
    expect(photoEntries.items.map((i: Json) => [i.action, i.username, i.province_code])).toEqual([['create', 'au-sec15', '15']]);
    expect(photoEntries.items[0].after).toMatchObject({ camera_id: cam.id, filename: 'pole.png', content_type: 'image/png', size_bytes: png.length });
  });

  it('a refused write leaves no entry', async () => {
    const before = Number((await knex('audit_log').count({ n: '*' }))[0]!.n);
    await call(t.pol, 'post', '/api/cameras', { place_name: 'ไม่ควรมี', status: 'working', geometry: { type: 'Point', coordinates: [100.4555, 14.5896] } }, 403);
    await call(t.sec10, 'post', '/api/cameras', { place_name: 'ไม่ควรมี', status: 'working', geometry: { type: 'Point', coordinates: [100.4555, 14.5896] } }, 403);
    expect(Number((await knex('audit_log').count({ n: '*' }))[0]!.n)).toBe(before);
  });

  it('never stores a contact name, phone or stream URL', async () => {
    const { rows } = await knex.raw(`select count(*)::int n from audit_log where before::text like any(?) or after::text like any(?)`, [
      [...Object.values(SECRET), ...Object.values(SECRET2)].map((v) => `%${v}%`),
      [...Object.values(SECRET), ...Object.values(SECRET2)].map((v) => `%${v}%`),
    ]);
    expect(rows[0].n).toBe(0);
  });
});

describe('request ids: every entry carries the id of the request that wrote it', () => {
  const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
  const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(16, 2)]);
  const entries = async (entity: string, id: number) => (await audit(t.admin, { entity, entity_id: id })).items as Json[];

  it('answers with the id sent when it is valid, else with a new UUID', async () => {
    const sent = await call(t.sec15, 'get', '/api/meta', undefined, 200, 'trace:ABC-123_x.9');
    expect(sent.headers['x-request-id']).toBe('trace:ABC-123_x.9');
    const none = await call(t.sec15, 'get', '/api/meta', undefined, 200);
    expect(none.headers['x-request-id']).toMatch(UUID);
    const other = await call(t.sec15, 'get', '/api/meta', undefined, 200);
    expect(other.headers['x-request-id']).not.toBe(none.headers['x-request-id']);
    for (const bad of ['has space', 'x'.repeat(65), 'café', 'a,b', 'a/b', '']) {
      const res = await call(t.sec15, 'get', '/api/meta', undefined, 200, bad);
      expect(res.headers['x-request-id'], bad).toMatch(UUID);
    }
    expect((await call(t.sec15, 'get', '/api/meta', undefined, 200, 'x'.repeat(64))).headers['x-request-id']).toBe('x'.repeat(64));
    // Errors and requests outside /api carry it too.
    const missing = await call(t.sec15, 'get', '/api/cameras/999999999', undefined, 404, 'trace-404');
    expect(missing.headers['x-request-id']).toBe('trace-404');
    expect((await request(app).get('/api/meta').set('X-Request-Id', 'anon-1')).headers['x-request-id']).toBe('anon-1');
    expect((await request(app).get('/healthz')).headers['x-request-id']).toMatch(UUID);
  });

  it('plans: save, approve and delete', async () => {
    const body = { name: 'แผนรหัสคำขอ', province: '15', budget: 2_000_000, method: 'greedy' };
    const kept = await call(t.sec15, 'post', '/api/plans', body, 201, 'plan-save-1');
    const dropped = await call(t.sec15, 'post', '/api/plans', { ...body, name: 'แผนที่จะลบ' }, 201);
    const generated = dropped.headers['x-request-id'];
    expect(generated).toMatch(UUID);
    await call(t.sec15, 'post', `/api/plans/${kept.body.id}/approve`, {}, 200, 'plan-approve-1');
    // An invalid id is replaced: the entry holds the id the answer names.
    const del = await call(t.sec15, 'delete', `/api/plans/${dropped.body.id}`, undefined, 204, 'not valid!');
    expect(del.headers['x-request-id']).toMatch(UUID);
    expect((await entries('plans', kept.body.id)).map((e) => [e.action, e.request_id])).toEqual([
      ['approve', 'plan-approve-1'],
      ['create', 'plan-save-1'],
    ]);
    expect((await entries('plans', dropped.body.id)).map((e) => [e.action, e.request_id])).toEqual([
      ['delete', del.headers['x-request-id']],
      ['create', generated],
    ]);
  });

  it('photos: upload and delete', async () => {
    const cam = await knex('cameras').where('province_code', '15').orderBy('id', 'desc').first('id');
    const up = await call(t.sec15, 'post', `/api/cameras/${cam.id}/photos?filename=req.png`, png, 201, 'photo-up-1');
    const noId = await call(t.sec15, 'post', `/api/cameras/${cam.id}/photos?filename=req2.png`, png, 201);
    await call(t.sec15, 'delete', `/api/photos/${up.body.id}`, undefined, 204, 'photo-del-1');
    expect((await entries('camera_photos', up.body.id)).map((e) => [e.action, e.request_id])).toEqual([
      ['delete', 'photo-del-1'],
      ['create', 'photo-up-1'],
    ]);
    expect((await entries('camera_photos', noId.body.id)).map((e) => e.request_id)).toEqual([noId.headers['x-request-id']]);
    expect(noId.headers['x-request-id']).toMatch(UUID);
  });

  it('REST writes, imports and certification deadlines', async () => {
    const made = await call(t.sec15, 'post', '/api/problems', { province_code: '15', category: 'other', description: 'รหัสคำขอ' }, 201, 'rest-create-1');
    expect((await entries('problems', made.body.id)).map((e) => e.request_id)).toEqual(['rest-create-1']);
    // The certification workflow is given no request: its entries get the id from the request's context.
    await call(t.admin, 'put', '/api/certification/deadlines', { province: '15', due_on: '2031-03-31', round_from: '2031-01-01' }, 200, 'deadline-1');
    const deadline = (await audit(t.admin, { entity: 'certification_deadlines', province: '15' })).items as Json[];
    expect(deadline[0]).toMatchObject({ action: 'update', request_id: 'deadline-1', after: { due_on: '2031-03-31' } });
    await call(t.admin, 'put', '/api/certification/deadlines', { province: '15', due_on: null }, 200);
    const csv = ['รหัส,จุดติดตั้ง/สถานที่,สถานะการใช้งาน,พิกัด', 'RQ-1,จุดรหัสคำขอ,ใช้งานได้ปกติ,"14.5896, 100.4555"'].join('\n');
    const imported = await request(app).post('/api/import?kind=cameras').set(as(t.sec15)).set('X-Request-Id', 'import-1').attach('file', Buffer.from(csv), 'rq.csv');
    expect(imported.status, JSON.stringify(imported.body).slice(0, 300)).toBe(200);
    const rows = await knex('audit_log').where('import_id', imported.body.importId).select('request_id');
    expect(rows.map((r) => r.request_id)).toEqual(['import-1']);
  });
});

describe('reading the audit log: scope per role', () => {
  beforeAll(async () => {
    // One entry in Bangkok (10) and one more in Ang Thong (15).
    await call(t.admin, 'post', '/api/risk-points', { name: 'จุดเสี่ยงกรุงเทพ', category: 'robbery', geometry: { type: 'Point', coordinates: [100.5018, 13.7563] } }, 201);
    await call(t.sec15, 'post', '/api/risk-points', { name: 'จุดเสี่ยงอ่างทอง', category: 'robbery', geometry: { type: 'Point', coordinates: [100.4555, 14.5896] } }, 201);
  });
  const countSince = async (province?: string) => {
    const q = knex('audit_log').where('at', '>=', since);
    if (province) q.where((b) => b.where('province_code', province).orWhere('from_province_code', province));
    return Number((await q.count({ n: '*' }))[0]!.n);
  };

  it('an admin reads every province, newest first', async () => {
    const body = await audit(t.admin, { limit: 1000 });
    expect(body.total).toBe(await countSince());
    const provinces = new Set(body.items.map((i: Json) => i.province_code));
    expect(provinces.has('10') && provinces.has('15')).toBe(true);
    const order = body.items.map((i: Json) => [new Date(i.at).getTime(), i.id]);
    expect(order).toEqual([...order].sort((a, b) => b[0] - a[0] || b[1] - a[1]));
    expect((await audit(t.admin, { province: '10' })).total).toBe(await countSince('10'));
  });

  it("a secretariat reads its province only: filled in, by code or name; another province is 403", async () => {
    const own = await audit(t.sec15, { limit: 1000 });
    expect(own.total).toBe(await countSince('15'));
    expect(own.total).toBeGreaterThan(0);
    expect(own.items.every((i: Json) => i.province_code === '15' || i.from_province_code === '15')).toBe(true);
    expect((await audit(t.sec15, { province: 'อ่างทอง' })).total).toBe(own.total);
    const other = await audit(t.sec15, { province: '10' }, 403);
    expect(other.errors[0].message).toMatch(/province 15 only/);
    const bkk = await audit(t.sec10, {});
    expect(bkk.total).toBe(await countSince('10'));
    expect(bkk.items.every((i: Json) => i.province_code === '10' || i.from_province_code === '10')).toBe(true);
  });

  it('recorders, police and committee viewers (provincial or national) get 403, exports included', async () => {
    for (const token of [t.rec, t.pol, t.com15, t.comNat]) {
      for (const url of ['/api/audit', '/api/audit?province=15', '/api/audit/export.csv', '/api/audit/export.xlsx', '/api/audit?limit=oops']) {
        const res = await call(token, 'get', url);
        expect(res.status, url).toBe(403);
        expect(JSON.stringify(res.body)).not.toContain('import_id');
      }
    }
    expect((await request(app).get('/api/audit')).status).toBe(401);
  });

  it('filters by user, action, entity, time and pages with limit/offset', async () => {
    const mine = await audit(t.admin, { user: 'au-sec15', limit: 1000 });
    expect(mine.total).toBeGreaterThan(0);
    expect(mine.items.every((i: Json) => i.username === 'au-sec15')).toBe(true);
    expect((await audit(t.admin, { user: sec15Id })).total).toBe(mine.total);
    const deletes = await audit(t.admin, { action: 'delete', entity: 'cameras' });
    expect(deletes.total).toBe(1);
    const p1 = await audit(t.admin, { limit: 2, offset: 0 });
    const p2 = await audit(t.admin, { limit: 2, offset: 2 });
    expect(p1.items).toHaveLength(2);
    expect(p2.items[0].id).not.toBe(p1.items[1].id);
    expect(p2.total).toBe(p1.total);
    // A future window holds nothing; a Buddhist Era date is the same day.
    const tomorrow = new Date(Date.now() + 2 * 86_400_000).toISOString().slice(0, 10);
    expect((await audit(t.admin, { since: tomorrow })).total).toBe(0);
    const today = new Date(Date.now() + 7 * 3_600_000).toISOString().slice(0, 10);
    const be = `${Number(today.slice(0, 4)) + 543}${today.slice(4)}`;
    const byDay = (await call(t.admin, 'get', `/api/audit?since=${today}&until=${today}`, undefined, 200)).body.total;
    expect((await call(t.admin, 'get', `/api/audit?since=${be}&until=${be}`, undefined, 200)).body.total).toBe(byDay);
    expect(byDay).toBeGreaterThanOrEqual(p1.total);
  });

  it('the exports read the log in keyset batches: every entry once, in the API order', async () => {
    // An import: five entries of one transaction, so with one time between them.
    const lines = ['รหัส,จุดติดตั้ง/สถานที่,สถานะการใช้งาน,พิกัด', ...[1, 2, 3, 4, 5].map((i) => `AU-${i},จุด ${i},ใช้งานได้ปกติ,"14.5${i}96, 100.45${i}5"`)];
    const report = await importFile(knex, Buffer.from(lines.join('\n')), { kind: 'cameras', filename: 'a.csv', bounds: ctx.config.bounds });
    expect(report.written).toBe(true);
    const same = await knex('audit_log').where('import_id', report.importId!).countDistinct({ n: 'at' });
    expect(Number(same[0]!.n)).toBe(1);
    const api = await audit(t.admin, { limit: 1000 });
    const ids: number[] = [];
    for await (const r of iterateAudit(knex, { since: new Date(since) }, 2)) ids.push(r.id);
    expect(ids).toEqual(api.items.map((i: Json) => i.id));
    expect(ids.length).toBeGreaterThan(6);
  });

  it('bad parameters: 400 naming each field', async () => {
    const res = await call(t.admin, 'get', '/api/audit?action=steal&entity_id=x&since=2019-02-30&limit=0&colour=red');
    expect(res.status).toBe(400);
    expect(res.body.errors.map((e: Json) => e.field)).toEqual(['colour']);
    const res2 = await call(t.admin, 'get', '/api/audit?action=steal&entity_id=x&since=2019-02-30');
    expect(res2.body.errors.map((e: Json) => e.field).sort()).toEqual(['action', 'entity_id', 'since']);
    expect((await call(t.admin, 'get', '/api/audit?province=Atlantis')).status).toBe(400);
  });
});

describe('exports', () => {
  const download = async (token: string, url: string) =>
    request(app).get(url).set(as(token)).buffer(true).parse((res, cb) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => cb(null, Buffer.concat(chunks)));
    });
  const HEADERS = ['ลำดับบันทึก', 'เวลา (พ.ศ.)', 'วันเวลา', 'ผู้ใช้', 'รหัสผู้ใช้', 'การกระทำ', 'ประเภทข้อมูล', 'รหัสรายการ', 'รหัสจังหวัด', 'จังหวัด', 'รหัสจังหวัดเดิม', 'ย้ายจากจังหวัด', 'ข้อมูลที่เปลี่ยน', 'ข้อมูลก่อนเปลี่ยน', 'ข้อมูลหลังเปลี่ยน', 'รหัสการนำเข้า', 'รหัสคำขอ'];
  const beYear = (iso: string) => new Date(new Date(iso).getTime() + 7 * 3_600_000).getUTCFullYear() + 543;

  it('CSV: the API total as rows, Thai headers and labels, Buddhist Era dates, no secrets', async () => {
    const api = await audit(t.sec15, { limit: 1000 });
    const res = await download(t.sec15, `/api/audit/export.csv?since=${since}`);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/text\/csv/);
    const text = (res.body as Buffer).toString('utf8');
    expect(text.startsWith('\ufeff')).toBe(true);
    const rows: string[][] = parseCsv(text.slice(1), { relax_column_count: false });
    expect(rows[0]).toEqual(HEADERS);
    expect(rows.length - 1).toBe(api.total);
    const byId = new Map(rows.slice(1).map((r) => [Number(r[0]), r]));
    for (const e of api.items as Json[]) {
      const r = byId.get(e.id)!;
      expect(r[1]).toMatch(new RegExp(`^\\d{1,2} [ก-๛]+ พ\\.ศ\\. ${beYear(e.at)} \\d{2}:\\d{2}:\\d{2}$`));
      expect(r[3]).toBe(e.username ?? '');
      expect(r[8]).toBe('15');
    }
    expect(rows.slice(1).map((r) => r[5])).toContain('ลบ');
    expect(rows.slice(1).map((r) => r[6])).toContain('กล้อง CCTV');
    for (const v of [...Object.values(SECRET), ...Object.values(SECRET2)]) expect(text).not.toContain(v);
  });

  it('XLSX: the same entries, read back with exceljs and with GDAL', async () => {
    const api = await audit(t.admin, { limit: 1000 });
    const res = await download(t.admin, `/api/audit/export.xlsx?since=${since}`);
    expect(res.status).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.body as never);
    const ws = wb.worksheets[0]!;
    const cell = (r: number, c: number) => {
      const v = ws.getRow(r).getCell(c).value as unknown;
      return v && typeof v === 'object' && 'richText' in (v as object) ? (v as { richText: { text: string }[] }).richText.map((x) => x.text).join('') : v;
    };
    expect(HEADERS.map((_h, i) => cell(1, i + 1))).toEqual(HEADERS);
    expect(ws.actualRowCount - 1).toBe(api.total);
    const first = api.items[0] as Json;
    expect(cell(2, 1)).toBe(first.id);
    expect(String(cell(2, 2))).toContain(`พ.ศ. ${beYear(first.at)}`);
    expect(cell(2, 3)).toBeInstanceOf(Date); // an Excel date (Bangkok wall clock)

    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'audit-')), 'audit.xlsx');
    fs.writeFileSync(file, res.body as Buffer);
    const { stdout } = await promisify(execFile)('ogrinfo', ['-ro', '-so', '-al', file], { env: { ...process.env, OGR_XLSX_HEADERS: 'FORCE' } });
    expect(stdout).toMatch(new RegExp(`Feature Count: ${api.total}\\b`));
    expect(stdout).toContain('ผู้ใช้');
    expect(stdout).toContain('เวลา (พ.ศ.)');
    fs.rmSync(path.dirname(file), { recursive: true, force: true });
  });

  it('a secretariat cannot export another province', async () => {
    expect((await download(t.sec15, '/api/audit/export.xlsx?province=10')).status).toBe(403);
  });
});

describe('a record moved to another province belongs to both', () => {
  let sec16: string;
  let camId: number;
  let moveId: number;
  const csvOf = async (token: string) => {
    const res = await request(app).get(`/api/audit/export.csv?since=${since}`).set(as(token)).buffer(true).parse((r, cb) => {
      const chunks: Buffer[] = [];
      r.on('data', (c: Buffer) => chunks.push(c));
      r.on('end', () => cb(null, Buffer.concat(chunks)));
    });
    expect(res.status).toBe(200);
    const rows: string[][] = parseCsv((res.body as Buffer).toString('utf8').slice(1));
    return new Map(rows.slice(1).map((r) => [Number(r[0]), r]));
  };

  beforeAll(async () => {
    sec16 = await tokenFor(knex, { username: 'au-sec16', role: 'secretariat', province: '16' });
    camId = Number((await knex('cameras').where('province_code', '15').orderBy('id').first('id')).id);
    // Edited within the province first: an entry of 15 only.
    await call(t.admin, 'patch', `/api/cameras/${camId}`, { place_name: 'กล้องก่อนย้าย' }, 200);
    const moved = await call(t.admin, 'patch', `/api/cameras/${camId}`, { geometry: { type: 'Point', coordinates: [100.5018, 13.7563] } }, 200);
    expect(moved.body.province_code).toBe('10');
    moveId = (await audit(t.admin, { entity: 'cameras', entity_id: camId, limit: 1 })).items[0].id;
  });

  it('the entry names the province after the change and the one the camera left', async () => {
    const { items } = await audit(t.admin, { entity: 'cameras', entity_id: camId });
    expect(items.map((i: Json) => [i.action, i.province_code, i.from_province_code, i.from_province_name])).toEqual([
      ['update', '10', '15', 'อ่างทอง'],
      ['update', '15', null, null],
    ]);
    expect(items[0].id).toBe(moveId);
    expect(items[0].province_name).toBe('กรุงเทพมหานคร');
    expect(items[0].changed_fields).toEqual(expect.arrayContaining(['geometry', 'province_code']));
    // Entries of records that did not move keep from_province_code empty.
    const { rows } = await knex.raw(`select count(*)::int n from audit_log where at >= ? and from_province_code is not null and id <> ?`, [since, moveId]);
    expect(rows[0].n).toBe(0);
  });

  it('both secretariats see it in the list; a third province does not', async () => {
    for (const token of [t.sec15, t.sec10]) {
      const { items, total } = await audit(token, { entity: 'cameras', entity_id: camId });
      expect(items.map((i: Json) => i.id)).toContain(moveId);
      expect(total).toBe(items.length);
    }
    // Ang Thong sees the move and its own earlier edit; Bangkok only the move.
    expect((await audit(t.sec15, { entity: 'cameras', entity_id: camId })).total).toBe(2);
    expect((await audit(t.sec10, { entity: 'cameras', entity_id: camId })).items.map((i: Json) => i.id)).toEqual([moveId]);
    expect((await audit(sec16, { entity: 'cameras', entity_id: camId })).total).toBe(0);
    expect((await audit(sec16, { limit: 1000 })).items.map((i: Json) => i.id)).not.toContain(moveId);
    // An admin's province filter holds it under either province.
    expect((await audit(t.admin, { province: '15', entity: 'cameras', entity_id: camId })).total).toBe(2);
    expect((await audit(t.admin, { province: 'กรุงเทพมหานคร', entity: 'cameras', entity_id: camId })).total).toBe(1);
  });

  it('both see it in the export (with the province it left); a third province does not', async () => {
    for (const token of [t.sec15, t.sec10]) {
      const row = (await csvOf(token)).get(moveId);
      expect(row, token).toBeDefined();
      expect(row!.slice(8, 12)).toEqual(['10', 'กรุงเทพมหานคร', '15', 'อ่างทอง']);
    }
    expect((await csvOf(sec16)).has(moveId)).toBe(false);
    const all = await csvOf(t.admin);
    expect([...all.values()].filter((r) => r[10] !== '').map((r) => Number(r[0]))).toEqual([moveId]);
  });

  it('an import that moves a record records both provinces too', async () => {
    const lines = ['รหัส,จุดติดตั้ง/สถานที่,สถานะการใช้งาน,พิกัด', 'AU-1,จุด 1 ย้ายไปกรุงเทพ,ใช้งานได้ปกติ,"13.7563, 100.5018"', 'AU-2,จุด 2,ใช้งานได้ปกติ,"14.5296, 100.4525"'];
    const report = await importFile(knex, Buffer.from(lines.join('\n')), { kind: 'cameras', filename: 'move.csv', bounds: ctx.config.bounds });
    expect(report.written).toBe(true);
    const rows = await knex('audit_log').where('import_id', report.importId!).orderBy('entity_id').select('province_code', 'from_province_code', knex.raw(`after ->> 'external_id' as code`));
    expect(rows.map((r) => [r.code, r.province_code, r.from_province_code])).toEqual([
      ['AU-1', '10', '15'],
      ['AU-2', '15', null],
    ]);
    const seen10 = (await audit(t.sec10, { import_id: report.importId! })).items.map((i: Json) => i.after.external_id);
    const seen15 = (await audit(t.sec15, { import_id: report.importId! })).items.map((i: Json) => i.after.external_id).sort();
    expect(seen10).toEqual(['AU-1']);
    expect(seen15).toEqual(['AU-1', 'AU-2']);
    expect((await audit(sec16, { import_id: report.importId! })).total).toBe(0);
  });
});

describe('the set-based masking of imports (SQL) is maskSensitive (TypeScript)', () => {
  const cases: [Json | null, Json | null][] = [
    [null, { id: 1, contact_name: 'a', phone: null, stream_url: 'u' }],
    [{ id: 1, contact_name: 'a', phone: null, stream_url: 'u' }, { id: 1, contact_name: 'a', phone: '08', stream_url: 'v' }],
    [{ id: 1, contact_name: 'a', phone: '08', stream_url: 'u' }, { id: 1, contact_name: null, phone: '08', stream_url: 'u' }],
    [{ id: 1, contact_name: 'a', place_name: 'x' }, null],
  ];
  it.each(cases.map((c, i) => [i, c] as const))('case %i', async (_i, [before, after]) => {
    const expected = maskSensitive('cameras', before, after);
    const { rows } = await knex.raw(
      `select ${maskSql('cameras', 'b', 'a')} as before, ${maskSql('cameras', 'a', 'b')} as after from (select ?::jsonb b, ?::jsonb a) x`,
      [before === null ? null : JSON.stringify(before), after === null ? null : JSON.stringify(after)],
    );
    expect({ before: rows[0].before, after: rows[0].after }).toEqual(expected);
  });
});
