import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENTITIES, entity } from '../src/db/entities.js';
import { adminApp, resetDomainData, testContext } from './db.js';

const ctx = testContext();
const app = adminApp(ctx);
const knex = ctx.db.knex;

// Ang Thong: the provincial hall area and a point in Pho Thong district.
const ANG_THONG_HALL = [100.4555, 14.5896];
const PHO_THONG = [100.3216, 14.6637];

let agencyId: number;
let stationId: number;
let cameraId: number;

/** A valid body for each entity (the fixtures the generic tests run on). */
function sample(path: string): Record<string, unknown> {
  switch (path) {
    case 'cameras':
      return {
        external_id: 'T-CAM-1', place_name: 'สี่แยกศาลากลาง', agency_id: agencyId, status: 'working', kind: 'fixed',
        purposes: ['deterrence', 'traffic'], year_installed: 2016, retention_days: 30, fps: 25, direction_deg: 90,
        fov_deg: 60, range_m: 40, contact_name: 'นายทดสอบ', phone: '035-000-000', stream_url: 'rtsp://10.0.0.1/stream',
        geometry: { type: 'Point', coordinates: ANG_THONG_HALL },
      };
    case 'planned-sites':
      return { place_name: 'หน้าตลาดโพธิ์ทอง', reason: 'จุดเสี่ยงชิงทรัพย์', cost_baht: 250000, camera_count: 2, priority: 1, geometry: { type: 'Point', coordinates: PHO_THONG } };
    case 'risk-points':
      return { name: 'ร้านทองตลาดเมือง', category: 'robbery', weight: 3, geometry: { type: 'Point', coordinates: ANG_THONG_HALL } };
    case 'risk-routes':
      return { name: 'เส้นทางหลบหนี ทล.309', category: 'escape_route', weight: 2, geometry: { type: 'LineString', coordinates: [ANG_THONG_HALL, PHO_THONG] } };
    case 'police-stations':
      return {
        name_th: 'สภ.ทดสอบ', geometry: { type: 'Point', coordinates: PHO_THONG },
        jurisdiction: { type: 'Polygon', coordinates: [[[100.30, 14.64], [100.34, 14.64], [100.34, 14.68], [100.30, 14.68], [100.30, 14.64]]] },
      };
    case 'agencies':
      return { name: 'เทศบาลทดสอบ', type: 'local_administration', province_code: '15' };
    case 'footage-requests':
      return { camera_id: cameraId, requested_at: '2019-03-01T09:00:00+07:00', incident_at: '2019-02-28T22:15:00+07:00', requester_unit: 'สภ.เมืองอ่างทอง', result: 'provided', answered_at: '2019-03-02T09:00:00+07:00' };
    case 'problems':
      return { province_code: '15', category: 'maintenance', description: 'ไม่มีงบประมาณซ่อมบำรุง', reported_on: '2016-12-20' };
    case 'lao-surveys':
      return { survey_year: 2019, province_code: '15', district_name: 'โพธิ์ทอง', lao_name: 'อบต.ทดสอบ', budget_source: 'กรมส่งเสริมการปกครองท้องถิ่น', total: 6, working: 5, under_repair: 1, beyond_repair: 0 };
    default:
      throw new Error(path);
  }
}

/** A field to change with PATCH, and the new value. */
const PATCHES: Record<string, [string, unknown]> = {
  cameras: ['status', 'under_repair'],
  'planned-sites': ['status', 'budget_requested'],
  'risk-points': ['weight', 5],
  'risk-routes': ['weight', 4],
  'police-stations': ['name_en', 'Test Police Station'],
  agencies: ['type', 'government'],
  'footage-requests': ['result', 'refused'],
  problems: ['suggestion', 'ขอรับการสนับสนุนงบประมาณ'],
  'lao-surveys': ['remark', 'ตรวจสอบแล้ว'],
};

beforeAll(async () => {
  await resetDomainData(knex);
  agencyId = (await request(app).post('/api/agencies').send({ name: 'อบจ.อ่างทอง', type: 'local_administration', province_code: '15' }).expect(201)).body.id;
  stationId = (await request(app).post('/api/police-stations').send({
    name_th: 'สภ.เมืองอ่างทอง', geometry: { type: 'Point', coordinates: ANG_THONG_HALL },
    jurisdiction: { type: 'Polygon', coordinates: [[[100.40, 14.55], [100.50, 14.55], [100.50, 14.63], [100.40, 14.63], [100.40, 14.55]]] },
  }).expect(201)).body.id;
  cameraId = (await request(app).post('/api/cameras').send({ place_name: 'หน้าสถานีตำรวจ', status: 'working', geometry: { type: 'Point', coordinates: ANG_THONG_HALL } }).expect(201)).body.id;
});
afterAll(() => ctx.db.close());

describe.each(ENTITIES.map((e) => e.path))('/api/%s', (path) => {
  const def = entity(path);
  let id: number;

  it('creates a record that validates against the output schema', async () => {
    const res = await request(app).post(`/api/${path}`).send(sample(path)).expect(201);
    expect(res.headers.location).toBe(`/api/${path}/${res.body.id}`);
    const parsed = def.output.safeParse(res.body);
    expect(parsed.success, JSON.stringify(parsed.error?.issues)).toBe(true);
    for (const [k, v] of Object.entries(sample(path))) {
      if (['requested_at', 'incident_at', 'answered_at'].includes(k)) expect(Date.parse(res.body[k])).toBe(Date.parse(v as string));
      else if (k === 'jurisdiction') expect(res.body[k].type).toBe('MultiPolygon');
      else expect(res.body[k], k).toEqual(v);
    }
    expect(res.body.version).toBe(1);
    id = res.body.id;
  });

  it('gets it, lists it, patches it, and replaces it', async () => {
    const got = await request(app).get(`/api/${path}/${id}`).expect(200);
    expect(got.body.id).toBe(id);
    const list = await request(app).get(`/api/${path}?limit=1000`).expect(200);
    expect(list.body.items.map((x: { id: number }) => x.id)).toContain(id);
    expect(list.body.total).toBe(list.body.items.length);
    for (const item of list.body.items) expect(def.output.safeParse(item).success).toBe(true);

    const [field, value] = PATCHES[path]!;
    const patched = await request(app).patch(`/api/${path}/${id}`).send({ [field]: value }).expect(200);
    expect(patched.body[field]).toEqual(value);
    expect(patched.body.version).toBe(2);

    const replaced = await request(app).put(`/api/${path}/${id}`).send(sample(path)).expect(200);
    expect(replaced.body.version).toBe(3);
    expect(def.output.safeParse(replaced.body).success).toBe(true);
  });

  it('rejects unknown fields and wrong types with field-level messages, writing nothing', async () => {
    const before = (await knex(def.table).count({ n: '*' }))[0]!.n;
    const res = await request(app).post(`/api/${path}`).send({ ...sample(path), colour: 'red' }).expect(400);
    expect(res.body.errors).toContainEqual(expect.objectContaining({ field: 'colour', code: 'unknown_field' }));
    const firstKey = Object.keys(sample(path)).find((k) => typeof sample(path)[k] === 'string' && !['external_id'].includes(k))!;
    const wrong = await request(app).post(`/api/${path}`).send({ ...sample(path), [firstKey]: 42 }).expect(400);
    expect(wrong.body.errors.map((e: { field: string }) => e.field)).toContain(firstKey);
    expect((await knex(def.table).count({ n: '*' }))[0]!.n).toBe(before);
  });

  it('answers 404 for a missing record and 400 for a bad id', async () => {
    await request(app).get(`/api/${path}/999999`).expect(404);
    await request(app).patch(`/api/${path}/999999`).send({}).expect(404);
    await request(app).get(`/api/${path}/abc`).expect(400);
  });

  it('deletes it', async () => {
    await request(app).delete(`/api/${path}/${id}`).expect(204);
    await request(app).get(`/api/${path}/${id}`).expect(404);
  });
});

describe('locations', () => {
  it('derives province, district and police station of a new camera from its point', async () => {
    const res = await request(app).post('/api/cameras').send({ place_name: 'x', status: 'working', geometry: { type: 'Point', coordinates: ANG_THONG_HALL } }).expect(201);
    expect(res.body.province_code).toBe('15');
    expect(res.body.police_station_id).toBe(stationId);
    const district = await knex('districts').where('id', res.body.district_id).first('name_th');
    expect(district.name_th).toBe('เมืองอ่างทอง');
    // Moving it to Pho Thong re-derives the district and drops the station it left.
    const moved = await request(app).patch(`/api/cameras/${res.body.id}`).send({ geometry: { type: 'Point', coordinates: PHO_THONG } }).expect(200);
    expect((await knex('districts').where('id', moved.body.district_id).first('name_th')).name_th).toBe('โพธิ์ทอง');
    expect(moved.body.police_station_id).toBeNull();
  });

  it('rejects coordinates outside Thailand and suggests the swap when lat/lon are swapped', async () => {
    const swapped = await request(app).post('/api/cameras').send({ place_name: 'x', status: 'working', geometry: { type: 'Point', coordinates: [14.5896, 100.4555] } }).expect(400);
    expect(swapped.body.errors[0]).toMatchObject({ field: 'geometry.coordinates', code: 'swapped_coordinates' });
    expect(swapped.body.errors[0].message).toContain('[100.4555, 14.5896]');
    const paris = await request(app).post('/api/cameras').send({ place_name: 'x', status: 'working', geometry: { type: 'Point', coordinates: [2.35, 48.85] } }).expect(400);
    expect(paris.body.errors[0].code).toBe('out_of_bounds');
    const range = await request(app).post('/api/cameras').send({ place_name: 'x', status: 'working', geometry: { type: 'Point', coordinates: [200, 14] } }).expect(400);
    expect(range.body.errors[0]).toMatchObject({ field: 'geometry.coordinates', code: 'invalid_coordinates' });
  });

  it('rejects a self-intersecting jurisdiction naming the field', async () => {
    const res = await request(app).post('/api/police-stations').send({
      name_th: 'สภ.ผิด', geometry: { type: 'Point', coordinates: PHO_THONG },
      jurisdiction: { type: 'Polygon', coordinates: [[[100.30, 14.64], [100.34, 14.68], [100.34, 14.64], [100.30, 14.68], [100.30, 14.64]]] },
    }).expect(400);
    expect(res.body.errors[0]).toMatchObject({ field: 'jurisdiction', code: 'invalid_geometry' });
  });
});

describe('list filters and paging', () => {
  beforeAll(async () => {
    await knex('cameras').del();
    for (let i = 0; i < 12; i++) {
      await request(app).post('/api/cameras').send({
        place_name: `กล้อง ${i}`, status: i % 3 === 0 ? 'not_working' : 'working', agency_id: i < 4 ? agencyId : null,
        geometry: { type: 'Point', coordinates: i < 6 ? ANG_THONG_HALL : PHO_THONG },
      }).expect(201);
    }
  });

  it('filters by status, agency, province, district and bbox', async () => {
    expect((await request(app).get('/api/cameras?status=not_working')).body.total).toBe(4);
    expect((await request(app).get(`/api/cameras?agency=${agencyId}`)).body.total).toBe(4);
    expect((await request(app).get('/api/cameras?province=15')).body.total).toBe(12);
    expect((await request(app).get('/api/cameras?province=10')).body.total).toBe(0);
    const phoThong = await knex('districts').where({ province_code: '15', name_th: 'โพธิ์ทอง' }).first('id');
    expect((await request(app).get(`/api/cameras?district=${phoThong.id}`)).body.total).toBe(6);
    expect((await request(app).get('/api/cameras?bbox=100.44,14.58,100.47,14.60')).body.total).toBe(6);
    expect((await request(app).get(`/api/cameras?police_station=${stationId}`)).body.total).toBe(6);
  });

  it('pages with limit and offset in id order', async () => {
    const a = await request(app).get('/api/cameras?limit=5&offset=0').expect(200);
    const b = await request(app).get('/api/cameras?limit=5&offset=10').expect(200);
    expect(a.body.items).toHaveLength(5);
    expect(b.body.items).toHaveLength(2);
    expect(a.body.total).toBe(12);
    expect(a.body.items[0].id).toBeLessThan(b.body.items[0].id);
  });

  it('rejects unknown parameters, bad bbox and bad limits', async () => {
    expect((await request(app).get('/api/cameras?colour=red').expect(400)).body.errors[0].field).toBe('colour');
    expect((await request(app).get('/api/cameras?bbox=1,2,3').expect(400)).body.errors[0].field).toBe('bbox');
    expect((await request(app).get('/api/cameras?limit=10001').expect(400)).body.errors[0].field).toBe('limit');
    await request(app).get('/api/problems?bbox=100,14,101,15').expect(400);
  });
});

describe('integrity', () => {
  it('names the field of a missing reference and writes nothing', async () => {
    const before = (await knex('cameras').count({ n: '*' }))[0]!.n;
    const res = await request(app).post('/api/cameras').send({ place_name: 'x', status: 'working', agency_id: 987654, geometry: { type: 'Point', coordinates: ANG_THONG_HALL } }).expect(400);
    expect(res.body.errors[0]).toMatchObject({ field: 'agency_id', code: 'foreign_key' });
    expect((await knex('cameras').count({ n: '*' }))[0]!.n).toBe(before);
  });

  it('answers 409 for a duplicate external_id and for deleting a referenced agency', async () => {
    await request(app).post('/api/cameras').send({ external_id: 'DUP-1', place_name: 'x', status: 'working', geometry: { type: 'Point', coordinates: ANG_THONG_HALL } }).expect(201);
    const dup = await request(app).post('/api/cameras').send({ external_id: 'DUP-1', place_name: 'y', status: 'working', geometry: { type: 'Point', coordinates: ANG_THONG_HALL } }).expect(409);
    expect(dup.body.errors[0].field).toBe('external_id');
    await request(app).delete(`/api/agencies/${agencyId}`).expect(409);
  });

  it('enforces the LAO survey rule total = working + under repair + beyond repair', async () => {
    const res = await request(app).post('/api/lao-surveys').send({ ...sample('lao-surveys'), lao_name: 'อบต.ผิด', total: 7 }).expect(400);
    expect(res.body.errors[0].field).toBe('total');
  });

  it('rejects malformed JSON and non-object bodies', async () => {
    await request(app).post('/api/cameras').set('Content-Type', 'application/json').send('{"place_name":').expect(400);
    await request(app).post('/api/cameras').send([1, 2]).expect(400);
  });
});

describe('photos', () => {
  const png = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');
  let cameraId: number;
  beforeAll(async () => {
    cameraId = (await request(app).post('/api/cameras').send({ place_name: 'ป้อมตำรวจ', status: 'working', geometry: { type: 'Point', coordinates: ANG_THONG_HALL } }).expect(201)).body.id;
  });
  it('stores, lists, serves and deletes a photo', async () => {
    const up = await request(app).post(`/api/cameras/${cameraId}/photos?filename=site.png&caption=ด้านหน้า`).set('Content-Type', 'image/png').send(png).expect(201);
    expect(up.body).toMatchObject({ camera_id: cameraId, filename: 'site.png', caption: 'ด้านหน้า', size_bytes: png.length, content_type: 'image/png' });
    const list = await request(app).get(`/api/cameras/${cameraId}/photos`).expect(200);
    expect(list.body.items).toHaveLength(1);
    const got = await request(app).get(`/api/photos/${up.body.id}`).buffer(true).parse((res, cb) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => cb(null, Buffer.concat(chunks)));
    }).expect(200);
    expect(got.headers['content-type']).toBe('image/png');
    expect(Buffer.compare(got.body as Buffer, png)).toBe(0);
    await request(app).delete(`/api/photos/${up.body.id}`).expect(204);
    await request(app).get(`/api/photos/${up.body.id}`).expect(404);
  });

  it('rejects a file whose bytes do not match its type, unknown types and oversized files', async () => {
    await request(app).post(`/api/cameras/${cameraId}/photos`).set('Content-Type', 'image/jpeg').send(png).expect(400);
    await request(app).post(`/api/cameras/${cameraId}/photos`).set('Content-Type', 'application/pdf').send(Buffer.from('%PDF-1.4')).expect(400);
    await request(app).post(`/api/cameras/${cameraId}/photos`).set('Content-Type', 'image/png').send(Buffer.concat([png, Buffer.alloc(5 * 1024 * 1024)])).expect(413);
    await request(app).post('/api/cameras/999999/photos').set('Content-Type', 'image/png').send(png).expect(404);
    expect((await knex('camera_photos').count({ n: '*' }))[0]!.n).toBe(0);
  });

  it('deletes photos with their camera', async () => {
    const cam = (await request(app).post('/api/cameras').send({ place_name: 'x', status: 'working', geometry: { type: 'Point', coordinates: ANG_THONG_HALL } })).body.id;
    await request(app).post(`/api/cameras/${cam}/photos`).set('Content-Type', 'image/png').send(png).expect(201);
    await request(app).delete(`/api/cameras/${cam}`).expect(204);
    expect((await knex('camera_photos').where('camera_id', cam).count({ n: '*' }))[0]!.n).toBe(0);
  });
});

describe('areas and meta', () => {
  it('lists provinces and districts with Thai names', async () => {
    const p = await request(app).get('/api/provinces').expect(200);
    expect(p.body.total).toBe(77);
    expect(p.body.items.find((x: { code: string }) => x.code === '15')).toMatchObject({ name_th: 'อ่างทอง', name_en: 'Ang Thong' });
    expect(p.body.items[0].geometry).toBeUndefined();
    const d = await request(app).get('/api/districts?province=15').expect(200);
    expect(d.body.items.map((x: { name_th: string }) => x.name_th).sort()).toEqual(
      ['ป่าโมก', 'วิเศษชัยชาญ', 'สามโก้', 'เมืองอ่างทอง', 'แสวงหา', 'โพธิ์ทอง', 'ไชโย'].sort(),
    );
    const one = await request(app).get('/api/provinces/15').expect(200);
    expect(one.body.geometry.type).toBe('MultiPolygon');
    await request(app).get('/api/provinces/99').expect(404);
  });

  it('reports counts, demo status and enum labels', async () => {
    const res = await request(app).get('/api/meta').expect(200);
    expect(res.body.demo).toBeNull();
    expect(res.body.counts.cameras).toBe(Number((await knex('cameras').count({ n: '*' }))[0]!.n));
    expect(res.body.enums.CameraStatus.working.th).toBe('ใช้งานได้ปกติ');
  });
});
