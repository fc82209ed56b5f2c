import request from 'supertest';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { adminApp, testContext } from './db.js';

const ctx = testContext();
const app = adminApp(ctx);
afterAll(() => ctx.db.close());

describe('GET /healthz', () => {
  it('names the engine and the PostGIS version', async () => {
    const res = await request(app).get('/healthz').expect(200);
    expect(res.body.status).toBe('ok');
    expect(res.body.db).toBe(inject('engine'));
    expect(res.body.postgis).toMatch(/^3\.\d+\.\d+/);
  });

  it('answers 404 with the error shape for unknown paths', async () => {
    const res = await request(app).get('/nope').expect(404);
    expect(res.body.errors[0].code).toBe('not_found');
  });
});

describe('boundaries', () => {
  it('loaded 77 provinces, 928 districts, 7,419 subdistricts, all valid; 21 source subdistricts have no area', async () => {
    const { rows } = await ctx.db.knex.raw(`select
      (select count(*) from provinces) p, (select count(*) from districts) d, (select count(*) from subdistricts) s,
      (select count(*) from districts where not ST_IsValid(geom) or ST_IsEmpty(geom)) bad_d,
      (select count(*) from subdistricts where not ST_IsValid(geom)) bad_s,
      (select count(*) from subdistricts where ST_IsEmpty(geom)) empty_s,
      (select count(*) from districts where province_code = '15') ang_thong_districts`);
    expect(rows[0]).toEqual({ p: 77, d: 928, s: 7419, bad_d: 0, bad_s: 0, empty_s: 21, ang_thong_districts: 7 });
  });

  it('derives province, district and subdistrict of a new camera from its point', async () => {
    await ctx.db.knex.transaction(async (trx) => {
      const { rows } = await trx.raw(`insert into cameras (place_name, status, geom)
        values ('ศาลากลางจังหวัดอ่างทอง', 'working', ST_SetSRID(ST_MakePoint(100.4555, 14.5896), 4326))
        returning province_code, (select name_th from districts d where d.id = district_id) district`);
      expect(rows[0]).toEqual({ province_code: '15', district: 'เมืองอ่างทอง' });
      await trx.rollback();
    }).catch((e) => { if (!String(e).includes('Transaction rejected')) throw e; });
  });
});
