/**
 * Every large table carries the province code (sql/migrations/007_province_keys.sql, docs/scaling.md
 * "Citus"): the four tables that reached their province only through a parent — camera_photos,
 * certification_records, plan_items, plan_overrides — have province_code, and it agrees with the
 * parent's after every write the API makes: a photo upload, a certification submit, a plan saved
 * and its priorities changed, a camera moved into another province (its photos follow, also when a
 * photo is uploaded while the move is under way). The migration's backfill is tested by upgrading a
 * fresh schema from 006 to 007 with old-style rows in it. A catalog check sorts every table into
 * distributed / reference / coordinator and fails when a new table, or a new child of a
 * distributed table, has no place or no province code.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalFrame } from '../src/analysis/index.js';
import { entity } from '../src/db/entities.js';
import { MIGRATIONS_DIR, migrate } from '../src/db/migrate.js';
import { updateRecord } from '../src/db/repository.js';
import { importFile } from '../src/io/import.js';
import { tokenFor } from './auth-helpers.js';
import { adminApp, resetDomainData, testContext } from './db.js';

const ctx = testContext();
const knex = ctx.db.knex;
const app = adminApp(ctx);

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const one = async (sql: string, bindings: readonly (string | number)[] = []): Promise<Json> => (await knex.raw(sql, bindings)).rows[0] as Json;

const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from('province keys')]);
const png = (tag: string) => Buffer.concat([PNG, Buffer.from(tag)]);

// A street in Mueang Ang Thong (province 15), positions in metres east/north of O; and a point in
// central Bangkok (province 10) to move cameras to.
const O = new LocalFrame(100.4525, 14.6045);
const xy = (x: number, y: number) => O.toLonLat(x, y);
const BANGKOK: [number, number] = [100.5018, 13.7563];
const point = (lonLat: [number, number]) => ({ type: 'Point', coordinates: lonLat });

/** The four tables, each with its parent: child rows whose province_code differs from the parent's (null included). */
const PARENTS = {
  camera_photos: { parent: 'cameras', key: 'camera_id' },
  certification_records: { parent: 'certifications', key: 'certification_id' },
  plan_items: { parent: 'plans', key: 'plan_id' },
  plan_overrides: { parent: 'plans', key: 'plan_id' },
} as const;
type Child = keyof typeof PARENTS;

/** Per table: rows, rows that disagree with their parent, rows with a province (not null). */
async function agreement(): Promise<Record<Child, { rows: number; wrong: number; withProvince: number }>> {
  const out = {} as Record<Child, { rows: number; wrong: number; withProvince: number }>;
  for (const [child, { parent, key }] of Object.entries(PARENTS) as [Child, (typeof PARENTS)[Child]][]) {
    const r = await one(
      `select count(*)::int as rows, count(*) filter (where x.province_code is distinct from p.province_code)::int as wrong,
              count(x.province_code)::int as with_province
         from ${child} x join ${parent} p on p.id = x.${key}`,
    );
    out[child] = { rows: r.rows, wrong: r.wrong, withProvince: r.with_province };
  }
  return out;
}

const ids: Record<string, number> = {};
let sec15 = '';

async function addCamera(key: string, lonLat: [number, number], extra: Record<string, unknown> = {}): Promise<number> {
  const [{ id }] = await knex('cameras')
    .insert({ external_id: `pk-${key}`, place_name: `กล้อง ${key}`, kind: 'dome', fov_deg: 360, range_m: 50, status: 'working', geom: knex.raw('ST_SetSRID(ST_MakePoint(?, ?), 4326)', lonLat), ...extra })
    .returning('id');
  ids[key] = Number(id);
  return Number(id);
}

async function upload(cameraId: number, tag: string, token?: string): Promise<number> {
  const r = request(app).post(`/api/cameras/${cameraId}/photos?filename=${tag}.png`).set('Content-Type', 'image/png');
  const res = await (token ? r.set('Authorization', `Bearer ${token}`) : r).send(png(tag));
  expect(res.status, res.text).toBe(201);
  return Number(res.body.id);
}

const photoProvinces = async (cameraId: number) =>
  (await knex('camera_photos').where('camera_id', cameraId).orderBy('id').pluck('province_code')) as (string | null)[];

beforeAll(async () => {
  await resetDomainData(knex);
  await knex('certifications').delete();
  sec15 = await tokenFor(knex, { username: 'pk-sec15', role: 'secretariat', province: '15' });
  // The planning scene (as in plans.int.test.ts): a broken dome next to a hotspot of footage
  // requests (repair candidate) and a risk point with a planned site looking at it.
  await addCamera('W1', xy(0, 0));
  await addCamera('B2', xy(150, 0), { status: 'not_working', range_m: 60, repair_budget_baht: 50_000 });
  await knex('risk_points').insert({ external_id: 'pk-P2', name: 'ตู้เอทีเอ็ม', category: 'robbery', weight: 3, geom: knex.raw('ST_SetSRID(ST_MakePoint(?, ?), 4326)', xy(300, 100)) });
  const [{ id: site }] = await knex('planned_sites')
    .insert({ external_id: 'pk-S10', place_name: 'ตลาดสด', status: 'not_started', cost_baht: 200_000, kind: 'dome', fov_deg: 360, range_m: 40, geom: knex.raw('ST_SetSRID(ST_MakePoint(?, ?), 4326)', xy(300, 80)) })
    .returning('id');
  ids.S10 = Number(site);
  const req = { camera_id: ids.B2, requested_at: '2019-05-01T10:00:00+07:00', requester_unit: 'สภ.เมืองอ่างทอง', result: 'camera_broken' };
  await knex('footage_requests').insert([req, req, req]);
});

afterAll(async () => {
  await knex('certifications').delete();
  await knex('users').whereLike('username', 'pk-%').delete();
  await ctx.db.close();
});

describe('the schema', () => {
  it('gives the four tables a province_code that references provinces, not null only where the parent’s is', async () => {
    const { rows } = await knex.raw(
      `select c.relname as table, a.attnotnull as not_null,
              exists (select 1 from pg_constraint f where f.conrelid = c.oid and f.contype = 'f' and f.confrelid = 'provinces'::regclass
                        and f.conkey = array[a.attnum]) as references_provinces
         from pg_class c join pg_attribute a on a.attrelid = c.oid and a.attname = 'province_code' and not a.attisdropped
        where c.oid in ('camera_photos'::regclass, 'certification_records'::regclass, 'plan_items'::regclass, 'plan_overrides'::regclass,
                        'cameras'::regclass, 'certifications'::regclass, 'plans'::regclass)
        order by 1`,
    );
    expect(rows).toEqual([
      { table: 'camera_photos', not_null: false, references_provinces: true },
      { table: 'cameras', not_null: false, references_provinces: true },
      { table: 'certification_records', not_null: true, references_provinces: true },
      { table: 'certifications', not_null: true, references_provinces: true },
      { table: 'plan_items', not_null: false, references_provinces: true },
      { table: 'plan_overrides', not_null: false, references_provinces: true },
      { table: 'plans', not_null: false, references_provinces: true },
    ]);
  });

  it('indexes the photos by province, where the certification snapshot reads them', async () => {
    const r = await one(`select indexdef from pg_indexes where tablename = 'camera_photos' and indexname = 'camera_photos_province_idx'`);
    expect(r?.indexdef).toMatch(/\(province_code, camera_id\)/);
  });

  // Where each table would go in a Citus cluster distributed by province (docs/scaling.md). A new
  // table fails the first test until it is placed here; a distributed table needs province_code; a
  // table that points at a distributed one must be distributed itself (on its parent's shard).
  const DISTRIBUTED = [
    'audit_log',
    'camera_photos',
    'cameras',
    'certification_records',
    'certifications',
    'footage_requests',
    'lao_maintenance_rows',
    'plan_items',
    'plan_overrides',
    'planned_sites',
    'plans',
    'problems',
    'risk_points',
    'risk_routes',
  ];
  // Copied to every node: small, read by the distributed tables' joins and foreign keys.
  const REFERENCE = ['agencies', 'area_parts', 'certification_deadlines', 'districts', 'police_stations', 'provinces', 'subdistricts', 'users'];
  // Kept on the coordinator only: accounts' sessions and tokens, the login lockout, bookkeeping.
  // (spatial_ref_sys belongs to PostGIS.)
  const COORDINATOR = ['api_tokens', 'app_meta', 'login_failures', 'schema_migrations', 'sessions', 'spatial_ref_sys'];

  it('places every table: distributed by province, reference or coordinator', async () => {
    const tables = (await knex.raw(`select relname from pg_class where relnamespace = 'public'::regnamespace and relkind in ('r', 'p') order by 1`)).rows.map(
      (r: { relname: string }) => r.relname,
    );
    expect(tables).toEqual([...DISTRIBUTED, ...REFERENCE, ...COORDINATOR].sort());
  });

  it('gives every distributed table province_code', async () => {
    const { rows } = await knex.raw(
      `select c.relname from pg_class c where c.relnamespace = 'public'::regnamespace and c.relname = any(?::text[])
          and not exists (select 1 from pg_attribute a where a.attrelid = c.oid and a.attname = 'province_code' and not a.attisdropped)`,
      [`{${DISTRIBUTED.join(',')}}`],
    );
    expect(rows.map((r: { relname: string }) => r.relname)).toEqual([]);
  });

  it('has no table pointing at a distributed table that is not distributed itself', async () => {
    const { rows } = await knex.raw(
      `select distinct c.conrelid::regclass::text as child, c.confrelid::regclass::text as parent from pg_constraint c
        where c.contype = 'f' and c.confrelid::regclass::text = any(?::text[]) order by 1, 2`,
      [`{${DISTRIBUTED.join(',')}}`],
    );
    const outside = (rows as { child: string; parent: string }[]).filter((r) => !DISTRIBUTED.includes(r.child));
    expect(outside).toEqual([]);
    // The four that gained the column are among them.
    expect(rows.map((r: { child: string }) => r.child)).toEqual(expect.arrayContaining(['camera_photos', 'certification_records', 'plan_items', 'plan_overrides']));
  });
});

describe('photos carry their camera’s province', () => {
  it('an upload through the API sets it, for a secretariat and for a national admin', async () => {
    await upload(ids.W1!, 'w1-a', sec15);
    await upload(ids.W1!, 'w1-b');
    await upload(ids.B2!, 'b2-a', sec15);
    expect(await photoProvinces(ids.W1!)).toEqual(['15', '15']);
    const a = await agreement();
    expect(a.camera_photos).toEqual({ rows: 3, wrong: 0, withProvince: 3 });
  });

  it('a camera outside every province has photos without one', async () => {
    const sea = await addCamera('SEA', [97.0, 6.0]); // the Andaman Sea, off every province
    expect((await one('select province_code from cameras where id = ?', [sea])).province_code).toBeNull();
    await upload(sea, 'sea');
    expect(await photoProvinces(sea)).toEqual([null]);
    expect((await agreement()).camera_photos.wrong).toBe(0);
  });

  it('a camera moved into another province (PATCH geometry, PUT, PATCH province) takes its photos along', async () => {
    const id = await addCamera('MOVER', xy(500, 500));
    await upload(id, 'm1');
    await upload(id, 'm2');
    expect(await photoProvinces(id)).toEqual(['15', '15']);

    // PATCH the position into Bangkok: the area trigger derives province 10.
    let res = await request(app).patch(`/api/cameras/${id}`).send({ geometry: point(BANGKOK) });
    expect(res.status, res.text).toBe(200);
    expect(res.body.province_code).toBe('10');
    expect(await photoProvinces(id)).toEqual(['10', '10']);

    // PUT it back to Ang Thong (a replacement with the position there).
    const { id: _id, version: _v, created_at: _c, updated_at: _u, is_demo: _d, province_code: _p, district_id: _di, subdistrict_id: _s, police_station_id: _ps, ...fields } = res.body as Json;
    const back = Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== null));
    res = await request(app).put(`/api/cameras/${id}`).send({ ...back, geometry: point(xy(500, 500)) });
    expect(res.status, res.text).toBe(200);
    expect(res.body.province_code).toBe('15');
    expect(await photoProvinces(id)).toEqual(['15', '15']);

    // PATCH the province alone (the position stays; the province is given).
    res = await request(app).patch(`/api/cameras/${id}`).send({ province_code: '10' });
    expect(res.status, res.text).toBe(200);
    expect(res.body.province_code).toBe('10');
    expect(await photoProvinces(id)).toEqual(['10', '10']);

    // A refused edit (a stale version: 409) moves nothing.
    res = await request(app).patch(`/api/cameras/${id}`).set('If-Match', '"1"').send({ province_code: '15' });
    expect(res.status, res.text).toBe(409);
    expect(await photoProvinces(id)).toEqual(['10', '10']);
    expect((await agreement()).camera_photos.wrong).toBe(0);
  });

  it('a photo uploaded while the camera is being moved waits for the move and takes the new province', async (t) => {
    if (ctx.db.engine === 'embedded') t.skip('the embedded database serves one connection: no two transactions at once');
    const id = await addCamera('RACE', xy(600, 600));
    await upload(id, 'r0');
    // The move as PATCH makes it (api/src/routes/entities.ts): lock the camera, update it, then commit.
    const trx = await knex.transaction();
    let uploaded: number | null = null;
    let pending: Promise<void> = Promise.resolve();
    try {
      await trx('cameras').where('id', id).forUpdate().first('id');
      await updateRecord(trx, entity('cameras'), id, { geometry: point(BANGKOK) }, 'patch');
      pending = upload(id, 'r1').then((photo) => {
        uploaded = photo;
      });
      await new Promise((r) => setTimeout(r, 500));
      expect(uploaded, 'the upload waits for the move to commit').toBeNull();
      await trx.commit();
    } catch (err) {
      await trx.rollback();
      throw err;
    }
    await pending;
    expect(uploaded).not.toBeNull();
    expect(await photoProvinces(id)).toEqual(['10', '10']);
  });

  // An import that moves an existing camera (same external_id, a new position) goes through
  // bulkUpsert (api/src/db/bulk.ts), which calls photosFollowCameras for the cameras it updated.
  it('a camera moved by an import takes its photos along', async () => {
    const csv = (lat: number, lon: number) => Buffer.from(`รหัส,จุดติดตั้ง/สถานที่,สถานะการใช้งาน,พิกัด\nPK-IMP-1,จุดนำเข้า,ใช้งานได้ปกติ,"${lat}, ${lon}"\n`);
    const first = await importFile(knex, csv(14.6045, 100.4525), { kind: 'cameras', filename: 'a.csv', bounds: ctx.config.bounds });
    expect(first).toMatchObject({ written: true, inserted: 1 });
    const id = Number((await one(`select id from cameras where external_id = 'PK-IMP-1'`)).id);
    try {
      await upload(id, 'imp');
      const moved = await importFile(knex, csv(BANGKOK[1], BANGKOK[0]), { kind: 'cameras', filename: 'b.csv', bounds: ctx.config.bounds });
      expect(moved).toMatchObject({ written: true, updated: 1 });
      expect((await one('select province_code from cameras where id = ?', [id])).province_code).toBe('10');
      expect(await photoProvinces(id)).toEqual(['10']);
    } finally {
      await knex('cameras').where('id', id).delete(); // with its photo: the checks below see only the other writes
    }
  });
});

describe('certification records carry the certification’s province', () => {
  it('a submit freezes the province’s records with its code, photos read by province', async () => {
    for (const province of ['15', '10']) {
      const res = await request(app).post(`/api/certification/${province}/submit`).send({});
      expect(res.status, res.text).toBe(201);
    }
    const a = await agreement();
    expect(a.certification_records.wrong).toBe(0);
    expect(a.certification_records.rows).toBeGreaterThan(0);
    expect(a.certification_records.withProvince).toBe(a.certification_records.rows);
    const byProvince = (await knex.raw(`select province_code, count(*)::int n from certification_records group by 1 order by 1`)).rows;
    const expected = (
      await knex.raw(
        `select province_code, count(*)::int n from (select province_code from cameras union all select province_code from planned_sites union all select province_code from problems) x
          where province_code in ('10', '15') group by 1 order by 1`,
      )
    ).rows;
    expect(byProvince).toEqual(expected);
    // The frozen cameras keep their photos: W1's two in 15, the moved camera's two in 10.
    const photos = async (key: string) =>
      (await one(`select r.province_code, jsonb_array_length(r.data->'photos') n from certification_records r where r.entity = 'cameras' and r.record_id = ?`, [ids[key]!])) as Json;
    expect(await photos('W1')).toEqual({ province_code: '15', n: 2 });
    expect(await photos('MOVER')).toEqual({ province_code: '10', n: 2 });
  });
});

describe('plan items and overrides carry the plan’s province', () => {
  it('a saved plan and a priority override set it; a national plan leaves it null', async () => {
    const res = await request(app).post('/api/plans').set('Authorization', `Bearer ${sec15}`).send({ name: 'แผนจังหวัด', budget: 600_000, method: 'greedy' });
    expect(res.status, res.text).toBe(201);
    const plan = res.body as Json;
    expect(plan.province_code).toBe('15');
    const items = (await knex('plan_items').where('plan_id', plan.id).pluck('province_code')) as string[];
    expect(items.length).toBeGreaterThanOrEqual(2);
    expect(new Set(items)).toEqual(new Set(['15']));

    const moved = await request(app)
      .patch(`/api/plans/${plan.id}`)
      .set('Authorization', `Bearer ${sec15}`)
      .send({ version: plan.version, priorities: [{ candidate: `site:${ids.S10}`, priority: 1, reason: 'ตำรวจขอให้ทำก่อน' }] });
    expect(moved.status, moved.text).toBe(200);
    expect(await knex('plan_overrides').where('plan_id', plan.id).pluck('province_code')).toEqual(['15']);

    const national = await request(app).post('/api/plans').send({ name: 'แผนระดับประเทศ', budget: 600_000, method: 'greedy' });
    expect(national.status, national.text).toBe(201);
    expect(national.body.province_code).toBeNull();
    const over = await request(app)
      .patch(`/api/plans/${national.body.id}`)
      .send({ priorities: [{ candidate: `site:${ids.S10}`, priority: 1, reason: 'ลำดับทั้งประเทศ' }] });
    expect(over.status, over.text).toBe(200);

    const a = await agreement();
    expect(a.plan_items).toMatchObject({ wrong: 0, withProvince: items.length });
    expect(a.plan_items.rows).toBeGreaterThan(items.length);
    expect(a.plan_overrides).toEqual({ rows: 2, wrong: 0, withProvince: 1 });
  });
});

describe('the migration', () => {
  it('after every write above, every row of the four tables agrees with its parent', async () => {
    const a = await agreement();
    for (const [table, r] of Object.entries(a)) {
      expect(r.rows, table).toBeGreaterThan(0);
      expect(r.wrong, table).toBe(0);
    }
  });

  it('upgrades a schema of 006 holding old rows (no province_code): every row gets its parent’s', async () => {
    // The real migration files, applied to a schema of their own in a transaction that is rolled
    // back: 001–006 first, then rows as the code before 007 wrote them, then 007 as a start would.
    const old = fs.mkdtempSync(path.join(os.tmpdir(), 'pk-migrations-'));
    for (const f of fs.readdirSync(MIGRATIONS_DIR).filter((f) => /^00[1-6]_.*\.sql$/.test(f))) fs.copyFileSync(path.join(MIGRATIONS_DIR, f), path.join(old, f));
    const trx = await knex.transaction();
    try {
      await trx.raw('create schema pk_upgrade');
      await trx.raw('set local search_path to pk_upgrade, public');
      expect(await migrate(trx, { dir: old })).toEqual(['001_schema', '002_analysis', '003_plans', '004_auth', '005_certification', '006_audit_accounts']);
      const q = async (sql: string, b: readonly (string | number)[] = []) => (await trx.raw(sql, b)).rows as Json[];
      const square = (x: number) => `SRID=4326;MULTIPOLYGON(((${x} 0,${x + 1} 0,${x + 1} 1,${x} 1,${x} 0)))`;
      await q(`insert into provinces (code, name_th, name_en, geom) values ('15', 'อ่างทอง', 'Ang Thong', ?), ('10', 'กรุงเทพมหานคร', 'Bangkok', ?)`, [square(0), square(2)]);
      const cam = async (province: string | null) =>
        Number((await q(`insert into cameras (place_name, status, province_code, geom) values ('x', 'working', ?, 'SRID=4326;POINT(0.5 0.5)') returning id`, [province as string]))[0]!.id);
      const c15 = await cam('15');
      const c10 = await cam('10');
      const cNone = await cam(null);
      for (const c of [c15, c15, c10, cNone]) {
        await q(`insert into camera_photos (camera_id, filename, content_type, size_bytes, sha256, data) values (?, 'p.png', 'image/png', 1, 'x', '\\x01')`, [c]);
      }
      const cert = async (province: string) =>
        Number((await q(`insert into certifications (province_code, status, submitted_by_name, counts, records) values (?, 'submitted', 'x', '{}', '{}') returning id`, [province]))[0]!.id);
      for (const [c, n] of [[await cert('15'), 3], [await cert('10'), 2]] as const) {
        for (let i = 1; i <= n; i++) await q(`insert into certification_records (certification_id, entity, record_id, version, digest, data) values (?, 'cameras', ?, 1, 'd', '{}')`, [c, i]);
      }
      const plan = async (province: string | null) =>
        Number((await q(`insert into plans (name, province_code, budget_baht, method, result) values ('p', ?, 1, 'greedy', '{}') returning id`, [province as string]))[0]!.id);
      for (const p of [await plan('15'), await plan(null)]) {
        for (const c of ['site:1', 'site:2']) await q(`insert into plan_items (plan_id, candidate, kind, cost_baht, geom) values (?, ?, 'site', 1, 'SRID=4326;POINT(0.5 0.5)')`, [p, c]);
        await q(`insert into plan_overrides (plan_id, candidate, reason) values (?, 'site:1', 'r')`, [p]);
      }
      expect(await q(`select count(*)::int n from information_schema.columns where table_schema = 'pk_upgrade' and column_name = 'province_code' and table_name in ('camera_photos', 'certification_records', 'plan_items', 'plan_overrides')`)).toEqual([{ n: 0 }]);

      expect(await migrate(trx)).toEqual(['007_province_keys']);

      const rows = await q(
        `select 'camera_photos' t, x.province_code, p.province_code parent from camera_photos x join cameras p on p.id = x.camera_id
         union all select 'certification_records', x.province_code, p.province_code from certification_records x join certifications p on p.id = x.certification_id
         union all select 'plan_items', x.province_code, p.province_code from plan_items x join plans p on p.id = x.plan_id
         union all select 'plan_overrides', x.province_code, p.province_code from plan_overrides x join plans p on p.id = x.plan_id`,
      );
      expect(rows).toHaveLength(4 + 5 + 4 + 2);
      for (const r of rows) expect(r.province_code, `${r.t}: ${JSON.stringify(r)}`).toBe(r.parent);
      const tally = (t: string) => rows.filter((r) => r.t === t).map((r) => r.province_code ?? '-').sort().join(',');
      expect([tally('camera_photos'), tally('certification_records'), tally('plan_items'), tally('plan_overrides')]).toEqual(['-,10,15,15', '10,10,15,15,15', '-,-,15,15', '-,15']);
      // NOT NULL where the parent's is: a record without a province is refused from now on.
      await trx.raw('savepoint no_null');
      await expect(trx.raw(`insert into certification_records (certification_id, entity, record_id, version, digest, data) select id, 'cameras', 99, 1, 'd', '{}' from certifications limit 1`)).rejects.toThrow(/province_code/);
      await trx.raw('rollback to savepoint no_null');
    } finally {
      await trx.rollback();
      fs.rmSync(old, { recursive: true, force: true });
    }
    expect((await one(`select count(*)::int n from pg_namespace where nspname = 'pk_upgrade'`)).n).toBe(0);
  });
});
