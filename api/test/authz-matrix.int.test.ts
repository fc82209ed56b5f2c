/**
 * The authorisation matrix: every role × every route × a record or area inside / outside the role's
 * scope, from ONE table of expected status codes (written out by hand here, not derived from the
 * permission code, so a wrong rule there fails here). Every answer is also searched for the
 * sensitive values planted on the cameras and agencies: they may appear only where the table says.
 *
 * Scopes on the Ang Thong demo (province 15) plus one camera and risk point made in Bangkok (10):
 *  admin — national; sec15 / sec10 — secretariats; recA — recorder of agency A (province 15);
 *  pol — police of station S1 (province 15); com15 — committee of 15; comNat — national committee;
 *  anon — no credentials.
 */
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../src/app.js';
import type { Role } from '../src/auth/principal.js';
import type { NewUser } from '../src/auth/store.js';
import { ensureDemo } from '../src/demo/seed.js';
import { tokenFor } from './auth-helpers.js';
import { resetDomainData, testContext } from './db.js';

const ctx = testContext();
const knex = ctx.db.knex;
const app = createApp(ctx);

const ACTORS = ['admin', 'sec15', 'sec10', 'recA', 'pol', 'com15', 'comNat', 'anon'] as const;
type Actor = (typeof ACTORS)[number];

/** The planted personal data and secret: where it may appear is part of the table. */
const SECRET = { contact_name: 'นายลับ เฉพาะ', phone: '0899999999', stream_url: 'rtsp://secret.example/stream-7' };

interface Fixture {
  tokens: Record<Exclude<Actor, 'anon'>, string>;
  agencyA: number;
  agencyB: number;
  s1: number;
  camA: { id: number; lon: number; lat: number };
  camB: number;
  cam10: number;
  pointS1: { lon: number; lat: number };
  pointS2: { lon: number; lat: number };
  risk10: number;
}
let f: Fixture;

async function asAdmin<T = Record<string, unknown>>(method: 'post' | 'patch' | 'delete', path: string, body?: object): Promise<T> {
  const res = await request(app)[method](path).set('Authorization', `Bearer ${f.tokens.admin}`).send(body);
  if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as T;
}

beforeAll(async () => {
  await resetDomainData(knex);
  await ensureDemo(knex, () => {});
  // Agency A: the agency with most cameras in station S1; agency B: another agency's camera.
  const { rows } = await knex.raw(`select agency_id, police_station_id, count(*) n from cameras
     where province_code = '15' and agency_id is not null and police_station_id is not null group by 1, 2 order by 3 desc limit 1`);
  const agencyA = Number(rows[0].agency_id);
  const s1 = Number(rows[0].police_station_id);
  const camA = await knex('cameras').where({ agency_id: agencyA, police_station_id: s1 }).orderBy('id').first('id', knex.raw('ST_X(geom) lon'), knex.raw('ST_Y(geom) lat'));
  const camB = await knex('cameras').whereNot('agency_id', agencyA).whereNotNull('agency_id').where('police_station_id', s1).orderBy('id').first('id', 'agency_id');
  const other = await knex('cameras').whereNot('police_station_id', s1).whereNotNull('police_station_id').where('province_code', '15').orderBy('id').first(knex.raw('ST_X(geom) lon'), knex.raw('ST_Y(geom) lat'));
  await knex('cameras').whereIn('id', [camA.id, camB.id]).update(SECRET);
  await knex('agencies').whereIn('id', [agencyA, camB.agency_id]).update({ contact_name: SECRET.contact_name, phone: SECRET.phone });

  const u = (name: string, role: Role, extra: Partial<NewUser> = {}) => tokenFor(knex, { username: `mx-${name}`, role, ...extra });
  const tokens = {
    admin: await u('admin', 'admin'),
    sec15: await u('sec15', 'secretariat', { province: '15' }),
    sec10: await u('sec10', 'secretariat', { province: '10' }),
    recA: await u('reca', 'recorder', { province: '15', agencyId: agencyA }),
    pol: await u('pol', 'police', { province: '15', stations: [s1] }),
    com15: await u('com15', 'committee', { province: '15' }),
    comNat: await u('comnat', 'committee'),
  };
  f = { tokens, agencyA, agencyB: Number(camB.agency_id), s1, camA: { id: Number(camA.id), lon: camA.lon, lat: camA.lat }, camB: Number(camB.id), cam10: 0, pointS1: { lon: camA.lon, lat: camA.lat }, pointS2: { lon: other.lon, lat: other.lat }, risk10: 0 };
  // Bangkok (10): one camera with the secrets, one risk point.
  const cam10 = await asAdmin<{ id: number; province_code: string }>('post', '/api/cameras', { place_name: 'กล้องกรุงเทพ', status: 'working', geometry: { type: 'Point', coordinates: [100.5018, 13.7563] }, ...SECRET });
  expect(cam10.province_code).toBe('10');
  f.cam10 = cam10.id;
  f.risk10 = (await asAdmin<{ id: number }>('post', '/api/risk-points', { name: 'จุดเสี่ยงกรุงเทพ', category: 'robbery', geometry: { type: 'Point', coordinates: [100.5018, 13.7563] } })).id;
}, 240_000);

afterAll(async () => {
  await knex('users').whereLike('username', 'mx-%').delete();
  await ctx.db.close();
});

type Expect = Partial<Record<Actor, number>>;
interface Case {
  name: string;
  /** The table a write changes: refused writes must leave it exactly as it was. */
  table?: string;
  method: 'get' | 'post' | 'patch' | 'put' | 'delete';
  /** Path, or a function making a fresh target first (deletes, so every actor has one to delete). */
  path: string | (() => Promise<string>);
  body?: () => object;
  /** A file sent as multipart/form-data in the field "file" (imports). */
  file?: () => { name: string; content: string };
  expect: Record<Actor, number>;
  /** Actors whose successful answer may contain the contact name / phone; the stream URL. Others must not. */
  contacts?: readonly Actor[];
  stream?: readonly Actor[];
}

const all = (status: number, over: Expect = {}): Record<Actor, number> => ({ ...Object.fromEntries(ACTORS.map((a) => [a, status])), anon: 401, ...over }) as Record<Actor, number>;
const point = (p: { lon: number; lat: number }, dx = 0) => ({ type: 'Point', coordinates: [p.lon + dx, p.lat] });
const freshCamera = (agency: () => number | null, where: () => { lon: number; lat: number }) => async () => {
  const c = await asAdmin<{ id: number }>('post', '/api/cameras', { place_name: 'เป้าหมายลบ', status: 'working', agency_id: agency(), geometry: point(where(), 0.00001) });
  return `/api/cameras/${c.id}`;
};
const BKK = { lon: 100.5018, lat: 13.7563 };

// Who sees personal data: admin everywhere; the province's secretariat; a recorder for its agency's
// records; police the contact and phone (not the stream URL) of cameras of their province.
const CASES: Case[] = [
  // ---- REST: cameras ----
  { name: 'list cameras', method: 'get', path: '/api/cameras?limit=10000', expect: all(200), contacts: ['admin', 'sec15', 'recA', 'pol', 'sec10'], stream: ['admin', 'sec15', 'recA', 'sec10'] },
  { name: 'list cameras of another province', method: 'get', path: '/api/cameras?province=10', expect: all(403, { admin: 200, sec10: 200, comNat: 200 }), contacts: ['admin', 'sec10'], stream: ['admin', 'sec10'] },
  { name: 'read camera A (15, agency A)', method: 'get', path: () => Promise.resolve(`/api/cameras/${f.camA.id}`), expect: all(200, { sec10: 404 }), contacts: ['admin', 'sec15', 'recA', 'pol'], stream: ['admin', 'sec15', 'recA'] },
  { name: 'read camera B (15, agency B)', method: 'get', path: () => Promise.resolve(`/api/cameras/${f.camB}`), expect: all(200, { sec10: 404 }), contacts: ['admin', 'sec15', 'pol'], stream: ['admin', 'sec15'] },
  { name: 'read camera in 10', method: 'get', path: () => Promise.resolve(`/api/cameras/${f.cam10}`), expect: all(404, { admin: 200, sec10: 200, comNat: 200 }), contacts: ['admin', 'sec10'], stream: ['admin', 'sec10'] },
  { name: 'change camera A', method: 'patch', path: () => Promise.resolve(`/api/cameras/${f.camA.id}`), body: () => ({ other_details: 'แก้ไขโดยเมทริกซ์' }), expect: all(403, { admin: 200, sec15: 200, recA: 200, sec10: 404 }), contacts: ['admin', 'sec15', 'recA'], stream: ['admin', 'sec15', 'recA'] },
  { name: 'change camera B', method: 'patch', path: () => Promise.resolve(`/api/cameras/${f.camB}`), body: () => ({ other_details: 'แก้ไขโดยเมทริกซ์' }), expect: all(403, { admin: 200, sec15: 200, sec10: 404 }), contacts: ['admin', 'sec15'], stream: ['admin', 'sec15'] },
  { name: 'change camera in 10', method: 'patch', path: () => Promise.resolve(`/api/cameras/${f.cam10}`), body: () => ({ other_details: 'แก้ไขโดยเมทริกซ์' }), expect: all(404, { admin: 200, sec10: 200, comNat: 403 }), contacts: ['admin', 'sec10'], stream: ['admin', 'sec10'] },
  { name: 'move a camera of agency A to Bangkok', method: 'patch', path: freshCamera(() => f.agencyA, () => f.pointS1), body: () => ({ geometry: point(BKK, 0.002) }), expect: all(403, { sec10: 404, admin: 200 }) },
  { name: 'create camera for agency A in 15', method: 'post', path: '/api/cameras', body: () => ({ place_name: 'ใหม่ A', status: 'working', agency_id: f.agencyA, geometry: point(f.pointS1, 0.0001), ...SECRET }), expect: all(403, { admin: 201, sec15: 201, recA: 201 }), contacts: ['admin', 'sec15', 'recA'], stream: ['admin', 'sec15', 'recA'] },
  { name: 'create camera for agency B in 15', method: 'post', path: '/api/cameras', body: () => ({ place_name: 'ใหม่ B', status: 'working', agency_id: f.agencyB, geometry: point(f.pointS1, 0.0002) }), expect: all(403, { admin: 201, sec15: 201 }) },
  { name: 'create camera in 10', method: 'post', path: '/api/cameras', body: () => ({ place_name: 'ใหม่ กทม', status: 'working', geometry: point(BKK, 0.001) }), expect: all(403, { admin: 201, sec10: 201 }) },
  { name: 'delete a camera of agency A', method: 'delete', path: freshCamera(() => f.agencyA, () => f.pointS1), expect: all(403, { admin: 204, sec15: 204, recA: 204, sec10: 404 }) },
  { name: 'delete a camera in 10', method: 'delete', path: freshCamera(() => null, () => BKK), expect: all(404, { admin: 204, sec10: 204, comNat: 403 }) },
  // ---- REST: risk points (police in their stations) ----
  { name: 'create risk point in station S1', method: 'post', path: '/api/risk-points', body: () => ({ name: 'จุดเสี่ยง S1', category: 'robbery', geometry: point(f.pointS1, 0.0003) }), expect: all(403, { admin: 201, sec15: 201, pol: 201 }) },
  { name: 'create risk point in another station', method: 'post', path: '/api/risk-points', body: () => ({ name: 'จุดเสี่ยง S2', category: 'robbery', geometry: point(f.pointS2, 0.0003) }), expect: all(403, { admin: 201, sec15: 201 }) },
  { name: 'read risk point in 10', method: 'get', path: () => Promise.resolve(`/api/risk-points/${f.risk10}`), expect: all(404, { admin: 200, sec10: 200, comNat: 200 }) },
  // ---- REST: agencies (contacts) ----
  { name: 'read agency A', method: 'get', path: () => Promise.resolve(`/api/agencies/${f.agencyA}`), expect: all(200, { sec10: 404 }), contacts: ['admin', 'sec15', 'recA'] },
  { name: 'change agency A', method: 'patch', path: () => Promise.resolve(`/api/agencies/${f.agencyA}`), body: () => ({ phone: SECRET.phone }), expect: all(403, { admin: 200, sec15: 200, sec10: 404 }), contacts: ['admin', 'sec15'] },
  // ---- map, dashboard, analysis, planning ----
  { name: 'map cameras of 15', method: 'get', path: '/api/map/cameras?province=15', expect: all(200, { sec10: 403 }) },
  { name: 'map cameras (no filter)', method: 'get', path: '/api/map/cameras', expect: all(200) },
  { name: 'map boundaries (reference data)', method: 'get', path: '/api/map/boundaries/province.geojson', expect: all(200) },
  { name: 'dashboard of 10', method: 'get', path: '/api/dashboard?province=10', expect: all(403, { admin: 200, sec10: 200, comNat: 200 }) },
  { name: 'dashboard of a district of 15', method: 'get', path: () => knex('districts').where('province_code', '15').first('id').then((d) => `/api/dashboard?district=${d.id}`), expect: all(200, { sec10: 403 }) },
  { name: 'risk-point coverage of 15', method: 'get', path: '/api/analysis/risk-points?province=15', expect: all(200, { sec10: 403 }) },
  { name: 'coverage of station S1', method: 'get', path: () => Promise.resolve(`/api/analysis/risk-points?police_station=${f.s1}`), expect: all(200, { sec10: 403 }) },
  { name: 'rank installation plans for 15', method: 'post', path: '/api/plans/rank', body: () => ({ province: '15', budget: 5_000_000, method: 'greedy' }), expect: all(200, { sec10: 403 }) },
  { name: 'save a plan for 15', method: 'post', path: '/api/plans', body: () => ({ name: 'แผนเมทริกซ์', province: '15', budget: 5_000_000, method: 'greedy' }), expect: all(403, { admin: 201, sec15: 201 }) },
  { name: 'list plans', method: 'get', path: '/api/plans', expect: all(200) },
  // ---- exports and OGC API ----
  { name: 'export cameras of 15 (GeoJSON)', method: 'get', path: '/api/export/cameras.geojson?province=15', expect: all(200, { sec10: 403 }) },
  { name: 'export cameras with personal data', method: 'get', path: '/api/export/cameras.csv?sensitive=true', expect: all(403, { admin: 200, sec15: 200, sec10: 200 }), contacts: ['admin', 'sec15', 'sec10'], stream: ['admin', 'sec15', 'sec10'] },
  { name: 'OGC cameras', method: 'get', path: '/ogc/collections/cameras/items?limit=10000', expect: all(200) },
  { name: 'OGC camera in 10', method: 'get', path: () => Promise.resolve(`/ogc/collections/cameras/items/${f.cam10}`), expect: all(404, { admin: 200, sec10: 200, comNat: 200 }) },
  { name: 'OGC boundaries (reference)', method: 'get', path: '/ogc/collections/provinces/items?limit=1', expect: all(200) },
  // ---- photos ----
  { name: 'list photos of camera in 10', method: 'get', path: () => Promise.resolve(`/api/cameras/${f.cam10}/photos`), expect: all(404, { admin: 200, sec10: 200, comNat: 200 }) },
  // ---- audit log, certification, import ----
  { name: 'audit log', method: 'get', path: '/api/audit', expect: all(403, { admin: 200, sec15: 200, sec10: 200 }) },
  { name: 'audit log of 10', method: 'get', path: '/api/audit?province=10', expect: all(403, { admin: 200, sec10: 200 }) },
  { name: 'certification status list', method: 'get', path: '/api/certification', expect: all(200) },
  { name: 'certification of 15', method: 'get', path: '/api/certification/15', expect: all(200, { sec10: 403 }) },
  { name: 'certify 15 (nothing submitted)', method: 'post', path: '/api/certification/15/certify', body: () => ({ note: 'matrix' }), table: 'certifications', expect: all(403, { admin: 409, com15: 409 }) },
  {
    name: 'import cameras of agency A (dry run)',
    method: 'post',
    path: '/api/import?kind=cameras&dry_run=true',
    file: () => ({ name: 'cams.csv', content: `external_id,place_name,status,agency_id,lat,lon\nmx-imp-1,นำเข้า,working,${f.agencyA},${f.pointS1.lat + 0.0004},${f.pointS1.lon}\n` }),
    table: 'cameras',
    // The secretariat of 10: the row lies outside its province, a row error (422) of the report.
    expect: all(403, { admin: 200, sec15: 200, recA: 200, sec10: 422 }),
  },
  // ---- accounts ----
  { name: 'list accounts', method: 'get', path: '/api/users', expect: all(403, { admin: 200, sec15: 200, sec10: 200 }) },
  { name: 'make a committee account in 15', method: 'post', path: '/api/users', body: () => ({ username: `mx-new-${Math.random().toString(36).slice(2, 8)}`, role: 'committee', province: '15' }), expect: all(403, { admin: 201, sec15: 201 }) },
  { name: 'who am I', method: 'get', path: '/api/auth/me', expect: all(200) },
];

/** The table behind a write path: /api/cameras/… → cameras, /api/users → users, /api/plans → plans. */
function tableOf(path: string): string {
  const seg = path.split('?')[0]!.split('/')[2]!;
  return ({ 'risk-points': 'risk_points', 'risk-routes': 'risk_routes', 'planned-sites': 'planned_sites', plans: 'plans', users: 'users', cameras: 'cameras', agencies: 'agencies' } as Record<string, string>)[seg] ?? seg;
}

/** A digest of every row of `table` (and the audit log's size: a refused write logs nothing either). */
async function checksum(table: string): Promise<string> {
  const { rows } = await knex.raw(`select md5(coalesce(string_agg(t::text, '|' order by id), '')) h, (select count(*) from audit_log) a from ?? t`, [table]);
  return `${rows[0].h}/${rows[0].a}`;
}

describe('the authorisation matrix', () => {
  for (const c of CASES) {
    it(`${c.method.toUpperCase()} ${c.name}`, async () => {
      const failures: string[] = [];
      for (const actor of ACTORS) {
        const path = typeof c.path === 'string' ? c.path : await c.path();
        const table = c.method === 'get' ? undefined : (c.table ?? tableOf(path));
        const before = table ? await checksum(table) : null;
        let req = request(app)[c.method](path);
        if (actor !== 'anon') req = req.set('Authorization', `Bearer ${f.tokens[actor]}`);
        const file = c.file?.();
        const res = file ? await req.attach('file', Buffer.from(file.content), file.name) : c.body ? await req.send(c.body()) : await req;
        if (res.status !== c.expect[actor]) {
          failures.push(`${actor}: ${res.status} (expected ${c.expect[actor]}) ${res.text.slice(0, 200)}`);
          continue;
        }
        if (table && res.status >= 400 && (await checksum(table)) !== before) failures.push(`${actor}: refused with ${res.status} but ${table} changed`);
        const text = res.text ?? '';
        if (!(c.contacts ?? []).includes(actor) && (text.includes(SECRET.phone) || text.includes(SECRET.contact_name))) failures.push(`${actor}: contact name or phone in the answer`);
        if (!(c.stream ?? []).includes(actor) && text.includes(SECRET.stream_url)) failures.push(`${actor}: the stream URL in the answer`);
        // The table says where personal data is visible: check it really is (the test can fail both ways).
        if (res.status < 300 && (c.stream ?? []).includes(actor) && !text.includes(SECRET.stream_url)) failures.push(`${actor}: the stream URL should be in the answer`);
      }
      expect(failures).toEqual([]);
    });
  }
});
