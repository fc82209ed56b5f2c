/**
 * Optimistic concurrency on edits (issue 8; docs/reliability.md, "Concurrent edits"): two people
 * editing one record do not silently overwrite each other. GET answers carry the record's version
 * as ETag; PUT/PATCH with `If-Match: "<version>"` based on an old version answer 409 with the record
 * as it is now (and its ETag), write nothing and log nothing. Without If-Match the write goes
 * through as before (scripts).
 */
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../src/app.js';
import { tokenFor } from './auth-helpers.js';
import { adminApp, resetDomainData, testContext } from './db.js';

const ctx = testContext();
const knex = ctx.db.knex;
const app = createApp(ctx);
const admin = adminApp(ctx);

const ANG_THONG_HALL = [100.4555, 14.5896];
const BANGKOK = [100.5018, 13.7563];

let secA: string; // two secretariat accounts of Ang Thong (15): the two editors
let secB: string;
let sec10: string; // Bangkok's secretariat: cannot see Ang Thong's records
let recorder: string; // a recorder of the camera's agency
let agencyId: number;

const auth = (token: string) => ({ Authorization: `Bearer ${token}` });
const auditEntries = async (entity: string, id: number) => (await knex('audit_log').where({ entity, entity_id: id, action: 'update' }).select('id', 'username', 'after')).length;

async function newCamera(extra: Record<string, unknown> = {}): Promise<number> {
  const res = await request(admin)
    .post('/api/cameras')
    .send({ place_name: 'สี่แยกศาลากลาง', status: 'working', agency_id: agencyId, contact_name: 'นายทดสอบ', phone: '035-000-000', geometry: { type: 'Point', coordinates: ANG_THONG_HALL }, ...extra });
  expect(res.status).toBe(201);
  expect(res.headers.etag).toBe('"1"');
  return Number(res.body.id);
}

beforeAll(async () => {
  await resetDomainData(knex);
  await knex('audit_log').delete();
  const agency = await request(admin).post('/api/agencies').send({ name: 'เทศบาลเมืองอ่างทอง', type: 'local_administration', province_code: '15' });
  expect(agency.status).toBe(201);
  agencyId = Number(agency.body.id);
  secA = await tokenFor(knex, { username: 'cc-sec-a', role: 'secretariat', province: '15', displayName: 'Somchai' });
  secB = await tokenFor(knex, { username: 'cc-sec-b', role: 'secretariat', province: '15' });
  sec10 = await tokenFor(knex, { username: 'cc-sec-10', role: 'secretariat', province: '10' });
  recorder = await tokenFor(knex, { username: 'cc-rec', role: 'recorder', province: '15', agencyId });
});

afterAll(async () => {
  await knex('users').whereIn('username', ['cc-sec-a', 'cc-sec-b', 'cc-sec-10', 'cc-rec']).delete();
  await ctx.db.close();
});

describe('two editors of one camera', () => {
  it('the second, based on the old version, gets 409 with the current record; its change is not applied and not logged', async () => {
    const id = await newCamera();
    const [a, b] = await Promise.all([request(app).get(`/api/cameras/${id}`).set(auth(secA)), request(app).get(`/api/cameras/${id}`).set(auth(secB))]);
    expect(a.headers.etag).toBe('"1"');
    expect(b.headers.etag).toBe('"1"');

    const first = await request(app).patch(`/api/cameras/${id}`).set(auth(secA)).set('If-Match', a.headers.etag!).send({ status: 'under_repair', repair_budget_baht: 12000 });
    expect(first.status).toBe(200);
    expect(first.body.version).toBe(2);
    expect(first.headers.etag).toBe('"2"');

    const second = await request(app).patch(`/api/cameras/${id}`).set(auth(secB)).set('If-Match', b.headers.etag!).send({ place_name: 'หน้าศาลากลางจังหวัด', status: 'not_working' });
    expect(second.status).toBe(409);
    expect(second.headers.etag).toBe('"2"');
    expect(second.body.errors).toHaveLength(1);
    expect(second.body.errors[0].code).toBe('version_conflict');
    expect(second.body.errors[0].message).toMatch(/changed by someone else.*version 1.*version 2/);
    // The record as B may see it now: exactly what B's GET answers.
    const now = await request(app).get(`/api/cameras/${id}`).set(auth(secB));
    expect(second.body.current).toEqual(now.body);
    expect(second.body.current).toMatchObject({ version: 2, status: 'under_repair', place_name: 'สี่แยกศาลากลาง', repair_budget_baht: 12000 });
    // Who changed it (a secretariat reads its province's audit log).
    expect(second.body.changed_by.username).toBe('cc-sec-a');
    expect(Date.parse(second.body.changed_by.at)).toBeGreaterThan(Date.now() - 60_000);

    const row = await knex('cameras').where('id', id).first('version', 'status', 'place_name');
    expect(row).toEqual({ version: 2, status: 'under_repair', place_name: 'สี่แยกศาลากลาง' });
    expect(await auditEntries('cameras', id)).toBe(1);

    // B applies its change on the current version: accepted.
    const again = await request(app).patch(`/api/cameras/${id}`).set(auth(secB)).set('If-Match', `"${second.body.current.version}"`).send({ place_name: 'หน้าศาลากลางจังหวัด', status: 'not_working' });
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ version: 3, status: 'not_working', place_name: 'หน้าศาลากลางจังหวัด', repair_budget_baht: 12000 });
    expect(await auditEntries('cameras', id)).toBe(2);
  });

  it('checks PUT the same way; a version in the body is refused, pointing at If-Match', async () => {
    const id = await newCamera();
    expect((await request(app).patch(`/api/cameras/${id}`).set(auth(secA)).set('If-Match', '"1"').send({ fps: 25 })).status).toBe(200);
    const inBody = await request(app).patch(`/api/cameras/${id}`).set(auth(secB)).send({ version: 1, fps: 30 });
    expect(inBody.status).toBe(400);
    expect(inBody.body.errors).toEqual([{ field: 'version', code: 'unknown_field', message: expect.stringContaining('If-Match') }]);
    const put = { place_name: 'แทนทั้งระเบียน', status: 'working', agency_id: agencyId, geometry: { type: 'Point', coordinates: ANG_THONG_HALL } };
    const stalePut = await request(app).put(`/api/cameras/${id}`).set(auth(secB)).set('If-Match', '"1"').send(put);
    expect(stalePut.status).toBe(409);
    expect(stalePut.headers.etag).toBe('"2"');
    expect(stalePut.body.current.fps).toBe(25);
    expect(await knex('cameras').where('id', id).first('fps', 'version', 'place_name')).toEqual({ fps: 25, version: 2, place_name: 'สี่แยกศาลากลาง' });
    const okPut = await request(app).put(`/api/cameras/${id}`).set(auth(secB)).set('If-Match', stalePut.headers.etag!).send(put);
    expect(okPut.status).toBe(200);
    // PUT replaces: fps is back to its default (null).
    expect(okPut.body).toMatchObject({ version: 3, place_name: 'แทนทั้งระเบียน', fps: null });
    expect(await auditEntries('cameras', id)).toBe(2);
  });

  it('writes without a version as before (scripts), and with If-Match: * whatever the version', async () => {
    const id = await newCamera();
    await knex('cameras').where('id', id).update({ version: 7 });
    const blind = await request(app).patch(`/api/cameras/${id}`).set(auth(secA)).send({ fps: 12 });
    expect(blind.status).toBe(200);
    expect(blind.body.version).toBe(8);
    const star = await request(app).patch(`/api/cameras/${id}`).set(auth(secA)).set('If-Match', '*').send({ fps: 15 });
    expect(star.status).toBe(200);
    expect(star.headers.etag).toBe('"9"');
  });

  it('of all the editors who read one version at the same moment, exactly one wins', async () => {
    const id = await newCamera();
    const tokens = [secA, secB, secA, secB, recorder, secA];
    const answers = await Promise.all(
      tokens.map((t, i) => request(app).patch(`/api/cameras/${id}`).set(auth(t)).set('If-Match', '"1"').send({ fps: 10 + i })),
    );
    const statuses = answers.map((r) => r.status).sort();
    expect(statuses).toEqual([200, 409, 409, 409, 409, 409]);
    const winner = answers.find((r) => r.status === 200)!;
    for (const r of answers.filter((x) => x.status === 409)) expect(r.body.current).toMatchObject({ version: 2, fps: winner.body.fps });
    expect(await knex('cameras').where('id', id).first('version', 'fps')).toEqual({ version: 2, fps: winner.body.fps });
    expect(await auditEntries('cameras', id)).toBe(1);
  });

  it('answers a recorder with the record as its GET shows it', async () => {
    const id = await newCamera({ stream_url: 'rtsp://10.0.0.9/cam' });
    expect((await request(app).patch(`/api/cameras/${id}`).set(auth(secA)).set('If-Match', '"1"').send({ phone: '035-111-111' })).status).toBe(200);
    const stale = await request(app).patch(`/api/cameras/${id}`).set(auth(recorder)).set('If-Match', '"1"').send({ fps: 5 });
    expect(stale.status).toBe(409);
    const get = await request(app).get(`/api/cameras/${id}`).set(auth(recorder));
    expect(stale.body.current).toEqual(get.body);
    expect(stale.body.current.phone).toBe('035-111-111');
    // A recorder does not read the audit log: no name of who changed it.
    expect(stale.body.changed_by).toBeUndefined();
  });
});

describe('what is checked first', () => {
  it('a record the caller cannot see is 404 (not 409), one it cannot change is 403', async () => {
    const id = await newCamera();
    await request(app).patch(`/api/cameras/${id}`).set(auth(secA)).send({ fps: 1 });
    const other = await request(app).patch(`/api/cameras/${id}`).set(auth(sec10)).set('If-Match', '"1"').send({ fps: 2 });
    expect(other.status).toBe(404);
    expect(JSON.stringify(other.body)).not.toContain('current');
    const committee = await tokenFor(knex, { username: 'cc-com', role: 'committee', province: '15' });
    try {
      expect((await request(app).patch(`/api/cameras/${id}`).set(auth(committee)).set('If-Match', '"1"').send({ fps: 2 })).status).toBe(403);
    } finally {
      await knex('users').where('username', 'cc-com').delete();
    }
  });

  it('refuses a malformed version with 400 on the field it came in', async () => {
    const id = await newCamera();
    const badHeader = await request(app).patch(`/api/cameras/${id}`).set(auth(secA)).set('If-Match', 'W/"1"').send({ fps: 2 });
    expect(badHeader.status).toBe(400);
    expect(badHeader.body.errors[0]).toMatchObject({ field: 'If-Match', code: 'invalid_header' });
    for (const header of ['3', '"x"', '"0"', '"1", "2"', '"99999999999"']) {
      const bad = await request(app).patch(`/api/cameras/${id}`).set(auth(secA)).set('If-Match', header).send({ fps: 2 });
      expect(bad.status, header).toBe(400);
      expect(bad.body.errors[0]).toMatchObject({ field: 'If-Match', code: 'invalid_header' });
    }
    expect(await knex('cameras').where('id', id).first('version', 'fps')).toEqual({ version: 1, fps: null });
  });

  it('answers GET with If-None-Match of the current version 304, and a changed record 200', async () => {
    const id = await newCamera();
    expect((await request(app).get(`/api/cameras/${id}`).set(auth(secA)).set('If-None-Match', '"1"')).status).toBe(304);
    await request(app).patch(`/api/cameras/${id}`).set(auth(secA)).send({ fps: 3 });
    const changed = await request(app).get(`/api/cameras/${id}`).set(auth(secA)).set('If-None-Match', '"1"');
    expect(changed.status).toBe(200);
    expect(changed.headers.etag).toBe('"2"');
  });
});

describe('every kind of record', () => {
  it('risk points and problems get the same check', async () => {
    const rp = await request(admin).post('/api/risk-points').send({ name: 'ร้านทอง', category: 'robbery', geometry: { type: 'Point', coordinates: ANG_THONG_HALL } });
    const pr = await request(admin).post('/api/problems').send({ province_code: '15', category: 'maintenance', description: 'ไม่มีงบซ่อม' });
    for (const [path, id, change] of [
      ['risk-points', rp.body.id, { weight: 2 }],
      ['problems', pr.body.id, { suggestion: 'ของบจังหวัด' }],
    ] as const) {
      expect((await request(app).patch(`/api/${path}/${id}`).set(auth(secA)).set('If-Match', '"1"').send(change)).status).toBe(200);
      const stale = await request(app).patch(`/api/${path}/${id}`).set(auth(secB)).set('If-Match', '"1"').send(change);
      expect(stale.status, path).toBe(409);
      expect(stale.body.current.version).toBe(2);
    }
    // A Bangkok record for completeness of the 404 rule on another kind.
    const bkk = await request(admin).post('/api/risk-points').send({ name: 'จุดเสี่ยง กทม.', category: 'robbery', geometry: { type: 'Point', coordinates: BANGKOK } });
    expect((await request(app).patch(`/api/risk-points/${bkk.body.id}`).set(auth(secA)).set('If-Match', '"5"').send({ weight: 2 })).status).toBe(404);
  });
});
