/**
 * The authorisation matrix: every role × every route × a record or area inside / outside the role's
 * scope, from ONE table of expected status codes (written out by hand here, not derived from the
 * permission code, so a wrong rule there fails here). The routes come from the app itself (its
 * routers are walked, as the fuzz test does): a route without a row in the table fails the test,
 * and so does a scoped route without both an in-scope and an out-of-scope row.
 *
 * Every answer is also searched for
 *  - the personal data planted on cameras and agencies: it may appear only where the table says;
 *  - a marker planted in every record made in Bangkok (10): it may reach only the accounts that read 10.
 *
 * Scopes on the Ang Thong demo (province 15) plus records made in Bangkok (10):
 *  admin — national; sec15 / sec10 — secretariats; recA — recorder of agency A (province 15);
 *  pol — police of station S1 (province 15); com15 — committee of 15; comNat — national committee;
 *  anon — no credentials.
 */
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../src/app.js';
import type { Role } from '../src/auth/principal.js';
import { createToken, createUser, type NewUser } from '../src/auth/store.js';
import { ENTITIES } from '../src/db/entities.js';
import { ensureDemo } from '../src/demo/seed.js';
import { tokenFor } from './auth-helpers.js';
import { resetDomainData, testContext } from './db.js';
import { appRoutes } from './fuzz-helpers.js';

const ctx = testContext();
const knex = ctx.db.knex;
const app = createApp(ctx);

const ACTORS = ['admin', 'sec15', 'sec10', 'recA', 'pol', 'com15', 'comNat', 'anon'] as const;
type Actor = (typeof ACTORS)[number];
type Status = Record<Actor, number>;

/** The planted personal data and secret: where it may appear is part of the table. */
const SECRET = { contact_name: 'นายลับ เฉพาะ', phone: '0899999999', stream_url: 'rtsp://secret.example/stream-7' };
/** In a text field of every record made in Bangkok (and in a Bangkok account's name). */
const MARK10 = 'mx10';
/** Who reads Bangkok's records. */
const READS_10: readonly Actor[] = ['admin', 'sec10', 'comNat'];

/** A 1×1 PNG (photos are checked by their magic bytes). */
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');

interface Fixture {
  tokens: Record<Exclude<Actor, 'anon'>, string>;
  userIds: Record<Exclude<Actor, 'anon'>, number>;
  agencyA: number;
  agencyB: number;
  s1: number;
  camA: { id: number; lon: number; lat: number };
  camB: number;
  cam10: number;
  pointS1: { lon: number; lat: number };
  pointS2: { lon: number; lat: number };
  /** Per kind: one record in 15 (within agency A and station S1 where the kind has them), one in 10. */
  rec: Record<string, { in15: number; in10: number }>;
  photo15: number;
  photo10: number;
  plan15: number;
  plan10: number;
  agency10Name: string;
  agencyAName: string;
}
let f: Fixture;

async function asAdmin<T = Record<string, unknown>>(method: 'post' | 'patch' | 'delete', path: string, body?: object): Promise<T> {
  const res = await request(app)[method](path).set('Authorization', `Bearer ${f.tokens.admin}`).send(body);
  if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as T;
}
const adminPhoto = async (cameraId: number): Promise<number> => {
  const res = await request(app).post(`/api/cameras/${cameraId}/photos?filename=mx.png`).set('Authorization', `Bearer ${f.tokens.admin}`).set('Content-Type', 'image/png').send(PNG);
  if (res.status !== 201) throw new Error(`photo: ${res.status} ${res.text}`);
  return Number(res.body.id);
};
const adminPlan = async (province: string, name: string): Promise<number> => Number((await asAdmin<{ id: number }>('post', '/api/plans', { name, province, budget: 5_000_000, method: 'greedy' })).id);

const point = (p: { lon: number; lat: number }, dx = 0) => ({ type: 'Point', coordinates: [p.lon + dx, p.lat] });
const line = (p: { lon: number; lat: number }, dx = 0) => ({ type: 'LineString', coordinates: [[p.lon + dx, p.lat], [p.lon + dx + 0.0003, p.lat + 0.0002]] });
const square = (p: { lon: number; lat: number }, d: number) => ({ type: 'Polygon', coordinates: [[[p.lon - d, p.lat - d], [p.lon + d, p.lat - d], [p.lon + d, p.lat + d], [p.lon - d, p.lat + d], [p.lon - d, p.lat - d]]] });
const BKK = { lon: 100.5018, lat: 13.7563 };
const uniq = () => Math.random().toString(36).slice(2, 8);

// ---- the record kinds of the REST API --------------------------------------------------------------

interface Kind {
  path: string;
  /** A record in 15 (agency A's, in station S1 where the kind has those) and one in Bangkok (10). */
  body15: () => Record<string, unknown>;
  body10: () => Record<string, unknown>;
  /** A harmless change for PATCH. */
  patch: Record<string, unknown>;
  /** Who may create, change and delete the record in 15 — written out by hand. */
  writers15: readonly Actor[];
  /** Who sees the planted personal data of the record in 15 / in 10, and in the list (both). */
  contacts15?: readonly Actor[];
  stream15?: readonly Actor[];
  listContacts?: readonly Actor[];
  listStream?: readonly Actor[];
}

const CONTACTS_10 = ['admin', 'sec10'] as const;

const KINDS: Kind[] = [
  {
    path: 'cameras',
    body15: () => ({ place_name: 'กล้องเมทริกซ์ 15', status: 'working', agency_id: f.agencyA, geometry: point(f.pointS1, 0.00002), ...SECRET }),
    body10: () => ({ place_name: `กล้องเมทริกซ์ ${MARK10}`, status: 'working', geometry: point(BKK, 0.0004), ...SECRET }),
    patch: { other_details: 'แก้ไขโดยเมทริกซ์' },
    writers15: ['admin', 'sec15', 'recA'],
    contacts15: ['admin', 'sec15', 'recA', 'pol'], stream15: ['admin', 'sec15', 'recA'],
    listContacts: ['admin', 'sec15', 'recA', 'pol', 'sec10'], listStream: ['admin', 'sec15', 'recA', 'sec10'],
  },
  {
    path: 'planned-sites',
    body15: () => ({ place_name: 'จุดติดตั้งเมทริกซ์ 15', reason: 'ทดสอบ', cost_baht: 250000, camera_count: 2, priority: 1, status: 'not_started', kind: 'dome', geometry: point(f.pointS1, 0.00004) }),
    body10: () => ({ place_name: `จุดติดตั้ง ${MARK10}`, reason: 'ทดสอบ', cost_baht: 250000, camera_count: 2, priority: 1, status: 'not_started', kind: 'dome', geometry: point(BKK, 0.0005) }),
    patch: { reason: 'แก้ไขโดยเมทริกซ์' },
    writers15: ['admin', 'sec15'],
  },
  {
    path: 'risk-points',
    body15: () => ({ name: 'จุดเสี่ยงเมทริกซ์ 15', category: 'robbery', geometry: point(f.pointS1, 0.00006) }),
    body10: () => ({ name: `จุดเสี่ยง ${MARK10}`, category: 'robbery', geometry: point(BKK, 0.0006) }),
    patch: { weight: 2 },
    writers15: ['admin', 'sec15', 'pol'],
  },
  {
    path: 'risk-routes',
    body15: () => ({ name: 'เส้นทางเมทริกซ์ 15', category: 'escape_route', geometry: line(f.pointS1, 0.00001) }),
    body10: () => ({ name: `เส้นทาง ${MARK10}`, category: 'escape_route', geometry: line(BKK, 0.0007) }),
    patch: { weight: 2 },
    writers15: ['admin', 'sec15', 'pol'],
  },
  {
    path: 'police-stations',
    // Away from station S1 (a new jurisdiction over S1 would move later records out of it).
    body15: () => ({ name_th: 'สภ.เมทริกซ์ 15', geometry: point(f.pointS2, 0.0005), jurisdiction: square({ lon: f.pointS2.lon + 0.0005, lat: f.pointS2.lat }, 0.0003) }),
    body10: () => ({ name_th: `สน.${MARK10}`, geometry: point(BKK, 0.0008), jurisdiction: square({ lon: BKK.lon + 0.0008, lat: BKK.lat }, 0.002) }),
    patch: { name_en: 'Matrix station' },
    writers15: ['admin', 'sec15'],
  },
  {
    path: 'agencies',
    body15: () => ({ name: `หน่วยงานเมทริกซ์ 15 ${uniq()}`, type: 'local_administration', province_code: '15', contact_name: SECRET.contact_name, phone: SECRET.phone }),
    body10: () => ({ name: `หน่วยงาน ${MARK10} ${uniq()}`, type: 'local_administration', province_code: '10', contact_name: SECRET.contact_name, phone: SECRET.phone }),
    patch: { phone: SECRET.phone },
    writers15: ['admin', 'sec15'],
    contacts15: ['admin', 'sec15'],
    // Agencies A and B of 15 carry the planted contacts too (recA sees its own).
    listContacts: ['admin', 'sec15', 'recA', 'sec10'],
  },
  {
    path: 'footage-requests',
    body15: () => ({ camera_id: f.camA.id, requested_at: '2019-03-01T09:00:00+07:00', incident_at: '2019-02-28T22:15:00+07:00', requester_unit: 'สภ.เมทริกซ์', result: 'provided', answered_at: '2019-03-02T09:00:00+07:00' }),
    body10: () => ({ camera_id: f.cam10, requested_at: '2019-03-01T09:00:00+07:00', incident_at: '2019-02-28T22:15:00+07:00', requester_unit: `สน.${MARK10}`, result: 'provided', answered_at: '2019-03-02T09:00:00+07:00' }),
    patch: { case_ref: 'คดีเมทริกซ์' },
    writers15: ['admin', 'sec15', 'pol'],
  },
  {
    path: 'problems',
    body15: () => ({ province_code: '15', agency_id: f.agencyA, category: 'maintenance', description: 'ปัญหาเมทริกซ์ 15', reported_on: '2016-12-20' }),
    body10: () => ({ province_code: '10', category: 'maintenance', description: `ปัญหา ${MARK10}`, reported_on: '2016-12-20' }),
    patch: { suggestion: 'แก้ไขโดยเมทริกซ์' },
    writers15: ['admin', 'sec15', 'recA'],
  },
  {
    path: 'lao-surveys',
    body15: () => ({ survey_year: 2019, province_code: '15', district_name: 'โพธิ์ทอง', lao_name: `อบต.เมทริกซ์ 15 ${uniq()}`, budget_source: 'กรมส่งเสริมการปกครองท้องถิ่น', total: 6, working: 5, under_repair: 1, beyond_repair: 0 }),
    body10: () => ({ survey_year: 2019, province_code: '10', district_name: 'พระนคร', lao_name: `อปท.${MARK10} ${uniq()}`, budget_source: 'กรุงเทพมหานคร', total: 6, working: 5, under_repair: 1, beyond_repair: 0 }),
    patch: { remark: 'แก้ไขโดยเมทริกซ์' },
    writers15: ['admin', 'sec15', 'recA'],
  },
];

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

  const users = {} as Fixture['userIds'];
  const u = async (name: Exclude<Actor, 'anon'>, role: Role, extra: Partial<NewUser> = {}) => {
    const token = await tokenFor(knex, { username: `mx-${name.toLowerCase()}`, role, ...extra });
    users[name] = Number((await knex('users').where('username', `mx-${name.toLowerCase()}`).first('id')).id);
    return token;
  };
  const tokens = {
    admin: await u('admin', 'admin'),
    sec15: await u('sec15', 'secretariat', { province: '15' }),
    sec10: await u('sec10', 'secretariat', { province: '10' }),
    recA: await u('recA', 'recorder', { province: '15', agencyId: agencyA }),
    pol: await u('pol', 'police', { province: '15', stations: [s1] }),
    com15: await u('com15', 'committee', { province: '15' }),
    comNat: await u('comNat', 'committee'),
  };
  f = {
    tokens, userIds: users, agencyA, agencyB: Number(camB.agency_id), s1,
    camA: { id: Number(camA.id), lon: camA.lon, lat: camA.lat }, camB: Number(camB.id), cam10: 0,
    pointS1: { lon: camA.lon, lat: camA.lat }, pointS2: { lon: other.lon, lat: other.lat },
    rec: {}, photo15: 0, photo10: 0, plan15: 0, plan10: 0, agency10Name: '', agencyAName: '',
  };
  const cam10 = await asAdmin<{ id: number; province_code: string }>('post', '/api/cameras', KINDS[0]!.body10());
  expect(cam10.province_code).toBe('10');
  f.cam10 = cam10.id;
  for (const k of KINDS) {
    const in15 = await asAdmin<{ id: number; province_code: string }>('post', `/api/${k.path}`, k.body15());
    const in10 = k.path === 'cameras' ? cam10 : await asAdmin<{ id: number; province_code: string }>('post', `/api/${k.path}`, k.body10());
    expect([in15.province_code, in10.province_code], k.path).toEqual(['15', '10']);
    f.rec[k.path] = { in15: Number(in15.id), in10: Number(in10.id) };
  }
  f.agency10Name = String((await asAdmin<{ name: string }>('post', '/api/agencies', KINDS.find((k) => k.path === 'agencies')!.body10())).name);
  f.agencyAName = (await knex('agencies').where('id', agencyA).first('name')).name;
  f.photo15 = await adminPhoto(f.camA.id);
  f.photo10 = await adminPhoto(f.cam10);
  f.plan15 = await adminPlan('15', 'แผนเมทริกซ์ 15');
  f.plan10 = await adminPlan('10', `แผน ${MARK10}`);
  // An account of Bangkok whose name carries the marker (the accounts list of 15 must not show it).
  await createUser(knex, { username: `${MARK10}-viewer`, role: 'committee', province: '10' });
}, 300_000);

afterAll(async () => {
  await knex('users').whereLike('username', 'mx%').delete();
  await ctx.db.close();
});

// ---- the table -------------------------------------------------------------------------------------

type Method = 'get' | 'post' | 'patch' | 'put' | 'delete';
interface Case {
  name: string;
  /** The route as the app declares it: "GET /api/cameras/:id". */
  route: string;
  /** In or out of the scoped accounts' scope (15 vs 10); absent for the routes listed in UNSCOPED. */
  scope?: 'in' | 'out';
  /** The table a write changes: refused writes must leave it (and the audit log) exactly as it was. */
  table?: string;
  /** Path, or a function making a fresh target first (deletes: every actor gets its own). */
  path: string | ((actor: Actor) => Promise<string>);
  body?: () => object;
  /** A file sent as multipart/form-data in the field "file" (imports). */
  file?: () => { name: string; content: string };
  /** A raw body with its content type (photos). */
  raw?: { type: string; data: Buffer };
  expect: Status;
  /** Actors whose successful answer may contain the contact name / phone; the stream URL. Others must not. */
  contacts?: readonly Actor[];
  stream?: readonly Actor[];
}

const all = (status: number, over: Partial<Status> = {}): Status => ({ ...Object.fromEntries(ACTORS.map((a) => [a, status])), anon: 401, ...over }) as Status;
const only = (actors: readonly Actor[], yes: number, no: number, over: Partial<Status> = {}): Status =>
  ({ ...Object.fromEntries(ACTORS.map((a) => [a, actors.includes(a) ? yes : no])), anon: 401, ...over }) as Status;
/** Reads of province 10 (an area: 403 for those who do not read it). */
const area10 = (ok = 200) => only(READS_10, ok, 403);
/** Reads of a record in 10 (404: its existence is not theirs to know). */
const record10 = (ok = 200) => only(READS_10, ok, 404);
/** Writes of a record in 10: Bangkok's secretariat and the admin; the national committee reads but may not write. */
const write10 = (ok: number) => only(['admin', 'sec10'], ok, 404, { comNat: 403 });

/** Routes whose answer does not depend on a province: reference data, metadata, one's own account. */
const UNSCOPED: Record<string, string> = {
  'GET /healthz': 'health',
  'GET /readyz': 'readiness',
  'GET /ogc': 'OGC landing page',
  'GET /ogc/api': 'OGC API definition',
  'GET /ogc/conformance': 'OGC conformance',
  'GET /ogc/collections': 'OGC collection list',
  'GET /ogc/collections/:collectionId': 'OGC collection metadata',
  'GET /ogc/collections/:collectionId/queryables': 'OGC metadata',
  'GET /ogc/collections/:collectionId/schema': 'OGC metadata',
  'GET /api/provinces': 'reference data',
  'GET /api/provinces/:code': 'reference data',
  'GET /api/districts': 'reference data',
  'GET /api/districts/:id': 'reference data',
  'GET /api/subdistricts': 'reference data',
  'GET /api/subdistricts/:id': 'reference data',
  'GET /api/map/boundaries/:file': 'reference data',
  'GET /api/map/config': 'base map settings',
  'GET /api/meta': 'labels; counts are of the reader\'s own province (checked below)',
  'POST /api/auth/login': 'before any account',
  'POST /api/auth/logout': 'one\'s own session',
  'GET /api/auth/me': 'one\'s own account',
  'POST /api/auth/password': 'one\'s own account',
  'GET /api/tokens': 'one\'s own tokens',
  'POST /api/tokens': 'one\'s own tokens',
  'GET /api/certification': 'the status table: checked below for the provinces each account is shown',
};

function entityCases(k: Kind): Case[] {
  const url = (id?: number) => (id === undefined ? `/api/${k.path}` : `/api/${k.path}/${id}`);
  const r = `/api/${k.path}`;
  const fresh = (body: () => Record<string, unknown>) => async () => url((await asAdmin<{ id: number }>('post', url(), body())).id);
  const w15 = (ok: number) => only(k.writers15, ok, 403, { sec10: 404 });
  const cases: Case[] = [
    { name: `list ${k.path}`, route: `GET ${r}`, scope: 'in', path: `${url()}?limit=10000`, expect: all(200), contacts: k.listContacts, stream: k.listStream },
    { name: `list ${k.path} of 10`, route: `GET ${r}`, scope: 'out', path: `${url()}?province=10`, expect: area10(), contacts: k.listContacts && CONTACTS_10, stream: k.listStream && CONTACTS_10 },
    { name: `read ${k.path} in 15`, route: `GET ${r}/:id`, scope: 'in', path: async () => url(f.rec[k.path]!.in15), expect: all(200, { sec10: 404 }), contacts: k.contacts15, stream: k.stream15 },
    { name: `read ${k.path} in 10`, route: `GET ${r}/:id`, scope: 'out', path: async () => url(f.rec[k.path]!.in10), expect: record10(), contacts: k.contacts15 && CONTACTS_10, stream: k.stream15 && CONTACTS_10 },
    { name: `create ${k.path} in 15`, route: `POST ${r}`, scope: 'in', path: url(), body: k.body15, expect: only(k.writers15, 201, 403), contacts: k.contacts15, stream: k.stream15 },
    { name: `create ${k.path} in 10`, route: `POST ${r}`, scope: 'out', path: url(), body: k.body10, expect: only(['admin', 'sec10'], 201, 403), contacts: k.contacts15 && CONTACTS_10, stream: k.stream15 && CONTACTS_10 },
    { name: `change ${k.path} in 15`, route: `PATCH ${r}/:id`, scope: 'in', path: async () => url(f.rec[k.path]!.in15), body: () => k.patch, expect: w15(200), contacts: k.contacts15, stream: k.stream15 },
    { name: `change ${k.path} in 10`, route: `PATCH ${r}/:id`, scope: 'out', path: async () => url(f.rec[k.path]!.in10), body: () => k.patch, expect: write10(200), contacts: k.contacts15 && CONTACTS_10, stream: k.stream15 && CONTACTS_10 },
    { name: `replace ${k.path} in 15`, route: `PUT ${r}/:id`, scope: 'in', path: async () => url(f.rec[k.path]!.in15), body: k.body15, expect: w15(200), contacts: k.contacts15, stream: k.stream15 },
    { name: `replace ${k.path} in 10`, route: `PUT ${r}/:id`, scope: 'out', path: async () => url(f.rec[k.path]!.in10), body: k.body10, expect: write10(200), contacts: k.contacts15 && CONTACTS_10, stream: k.stream15 && CONTACTS_10 },
  ];
  cases.push(
    { name: `delete ${k.path} in 15`, route: `DELETE ${r}/:id`, scope: 'in', path: fresh(k.body15), expect: w15(204) },
    { name: `delete ${k.path} in 10`, route: `DELETE ${r}/:id`, scope: 'out', path: fresh(k.body10), expect: write10(204) },
  );
  const table = ENTITIES.find((d) => d.path === k.path)!.table;
  return cases.map((c) => ({ table, ...c }));
}

const REFERENCE = [
  ['provinces', async () => '15'],
  ['districts', async () => String((await knex('districts').where('province_code', '10').first('id')).id)],
  ['subdistricts', async () => String((await knex('subdistricts').where('province_code', '10').first('id')).id)],
] as const;

/** A camera import of one row, in 15 (agency A) or in Bangkok. */
const importFile = (where: '15' | '10', n: string) => () => ({
  name: 'cams.csv',
  content: where === '15'
    ? `external_id,place_name,status,agency_id,lat,lon\nmx-imp-${n},นำเข้า,working,${f.agencyA},${f.pointS1.lat + 0.0004},${f.pointS1.lon}\n`
    : `external_id,place_name,status,lat,lon\nmx-imp-${n},นำเข้า ${MARK10},working,${BKK.lat + 0.0009},${BKK.lon}\n`,
});

/** Certification of a province put back to "nothing submitted" (or "submitted" by the admin) before each actor. */
async function certificationState(code: string, state: 'none' | 'submitted' | 'certified'): Promise<void> {
  await knex('certification_records').whereIn('certification_id', knex('certifications').where('province_code', code).select('id')).delete();
  await knex('certifications').where('province_code', code).delete();
  if (state !== 'none') await asAdmin('post', `/api/certification/${code}/submit`, { note: 'เมทริกซ์' });
  if (state === 'certified') await asAdmin('post', `/api/certification/${code}/certify`, { note: 'เมทริกซ์' });
}

const account = (province: string) => async () =>
  `/api/users/${(await createUser(knex, { username: `mx-t${province}-${Math.random().toString(36).slice(2, 8)}`, role: 'committee', province })).user.id}`;

const CASES: Case[] = [
  ...KINDS.flatMap(entityCases),
  ...REFERENCE.flatMap(([path, id]) => [
    { name: `list ${path}`, route: `GET /api/${path}`, path: `/api/${path}`, expect: all(200) },
    { name: `read one of ${path}`, route: `GET /api/${path}/${path === 'provinces' ? ':code' : ':id'}`, path: async () => `/api/${path}/${await id()}`, expect: all(200) },
  ]),
  // ---- REST: cameras, further cases ----
  { name: 'read camera B (15, agency B)', route: 'GET /api/cameras/:id', scope: 'in', path: async () => `/api/cameras/${f.camB}`, expect: all(200, { sec10: 404 }), contacts: ['admin', 'sec15', 'pol'], stream: ['admin', 'sec15'] },
  { name: 'change camera B (agency B)', route: 'PATCH /api/cameras/:id', scope: 'in', path: async () => `/api/cameras/${f.camB}`, body: () => ({ other_details: 'แก้ไขโดยเมทริกซ์' }), expect: all(403, { admin: 200, sec15: 200, sec10: 404 }), contacts: ['admin', 'sec15'], stream: ['admin', 'sec15'] },
  { name: 'move a camera of agency A to Bangkok', route: 'PATCH /api/cameras/:id', scope: 'out', table: 'cameras', path: async () => `/api/cameras/${(await asAdmin<{ id: number }>('post', '/api/cameras', KINDS[0]!.body15())).id}`, body: () => ({ geometry: point(BKK, 0.002) }), expect: all(403, { sec10: 404, admin: 200 }), contacts: ['admin'], stream: ['admin'] },
  { name: 'create camera for agency B in 15', route: 'POST /api/cameras', scope: 'in', path: '/api/cameras', body: () => ({ place_name: 'ใหม่ B', status: 'working', agency_id: f.agencyB, geometry: point(f.pointS1, 0.0002) }), expect: all(403, { admin: 201, sec15: 201 }) },
  { name: 'create risk point in another station of 15', route: 'POST /api/risk-points', scope: 'in', path: '/api/risk-points', body: () => ({ name: 'จุดเสี่ยง S2', category: 'robbery', geometry: point(f.pointS2, 0.0003) }), expect: all(403, { admin: 201, sec15: 201 }) },
  // A name taken in Bangkok: the conflict is not revealed to those who may not write there.
  { name: 'create an agency whose name is taken in 10', route: 'POST /api/agencies', scope: 'out', path: '/api/agencies', body: () => ({ name: f.agency10Name, type: 'local_administration', province_code: '10' }), expect: all(403, { admin: 409, sec10: 409 }) },
  { name: 'rename an agency of 15 to a name taken in 15', route: 'PATCH /api/agencies/:id', scope: 'in', path: async () => `/api/agencies/${f.rec.agencies!.in15}`, body: () => ({ name: f.agencyAName }), expect: all(403, { admin: 409, sec15: 409, sec10: 404 }) },
  { name: 'read agency A', route: 'GET /api/agencies/:id', scope: 'in', path: async () => `/api/agencies/${f.agencyA}`, expect: all(200, { sec10: 404 }), contacts: ['admin', 'sec15', 'recA'] },
  // ---- photos ----
  { name: 'photos of camera A', route: 'GET /api/cameras/:id/photos', scope: 'in', path: async () => `/api/cameras/${f.camA.id}/photos`, expect: all(200, { sec10: 404 }) },
  { name: 'photos of the camera in 10', route: 'GET /api/cameras/:id/photos', scope: 'out', path: async () => `/api/cameras/${f.cam10}/photos`, expect: record10() },
  { name: 'a photo of camera A', route: 'GET /api/photos/:id', scope: 'in', path: async () => `/api/photos/${f.photo15}`, expect: all(200, { sec10: 404 }) },
  { name: 'a photo of the camera in 10', route: 'GET /api/photos/:id', scope: 'out', path: async () => `/api/photos/${f.photo10}`, expect: record10() },
  { name: 'add a photo to camera A', route: 'POST /api/cameras/:id/photos', scope: 'in', table: 'camera_photos', path: async () => `/api/cameras/${f.camA.id}/photos`, raw: { type: 'image/png', data: PNG }, expect: only(['admin', 'sec15', 'recA'], 201, 403, { sec10: 404 }) },
  { name: 'add a photo to camera B', route: 'POST /api/cameras/:id/photos', scope: 'in', table: 'camera_photos', path: async () => `/api/cameras/${f.camB}/photos`, raw: { type: 'image/png', data: PNG }, expect: only(['admin', 'sec15'], 201, 403, { sec10: 404 }) },
  { name: 'add a photo to the camera in 10', route: 'POST /api/cameras/:id/photos', scope: 'out', table: 'camera_photos', path: async () => `/api/cameras/${f.cam10}/photos`, raw: { type: 'image/png', data: PNG }, expect: write10(201) },
  { name: 'delete a photo of camera A', route: 'DELETE /api/photos/:id', scope: 'in', table: 'camera_photos', path: async () => `/api/photos/${await adminPhoto(f.camA.id)}`, expect: only(['admin', 'sec15', 'recA'], 204, 403, { sec10: 404 }) },
  { name: 'delete a photo of the camera in 10', route: 'DELETE /api/photos/:id', scope: 'out', table: 'camera_photos', path: async () => `/api/photos/${await adminPhoto(f.cam10)}`, expect: write10(204) },
  // ---- map ----
  { name: 'map cameras of 15', route: 'GET /api/map/cameras', scope: 'in', path: '/api/map/cameras?province=15', expect: all(200, { sec10: 403 }) },
  { name: 'map cameras (no filter)', route: 'GET /api/map/cameras', scope: 'in', path: '/api/map/cameras', expect: all(200) },
  { name: 'map cameras of 10', route: 'GET /api/map/cameras', scope: 'out', path: '/api/map/cameras?province=10', expect: area10() },
  { name: 'map footage requests of 15', route: 'GET /api/map/requests', scope: 'in', path: '/api/map/requests?province=15', expect: all(200, { sec10: 403 }) },
  { name: 'map footage requests of 10', route: 'GET /api/map/requests', scope: 'out', path: '/api/map/requests?province=10', expect: area10() },
  { name: 'map boundaries', route: 'GET /api/map/boundaries/:file', path: '/api/map/boundaries/province.geojson', expect: all(200) },
  { name: 'map settings', route: 'GET /api/map/config', path: '/api/map/config', expect: all(200) },
  // ---- dashboard, analysis, figures ----
  { name: 'dashboard of 15', route: 'GET /api/dashboard', scope: 'in', path: '/api/dashboard?province=15', expect: all(200, { sec10: 403 }) },
  { name: 'dashboard of a district of 15', route: 'GET /api/dashboard', scope: 'in', path: async () => `/api/dashboard?district=${(await knex('districts').where('province_code', '15').first('id')).id}`, expect: all(200, { sec10: 403 }) },
  { name: 'dashboard of 10', route: 'GET /api/dashboard', scope: 'out', path: '/api/dashboard?province=10', expect: area10() },
  ...['risk-points', 'risk-routes', 'repair-values', 'camera-views', 'density'].flatMap((a): Case[] => [
    { name: `analysis ${a} of 15`, route: `GET /api/analysis/${a}`, scope: 'in', path: `/api/analysis/${a}?province=15`, expect: all(200, { sec10: 403 }) },
    { name: `analysis ${a} of 10`, route: `GET /api/analysis/${a}`, scope: 'out', path: `/api/analysis/${a}?province=10`, expect: area10() },
  ]),
  { name: 'coverage of station S1', route: 'GET /api/analysis/risk-points', scope: 'in', path: async () => `/api/analysis/risk-points?police_station=${f.s1}`, expect: all(200, { sec10: 403 }) },
  ...['footage-requests', 'footage-requests/log', 'problems'].flatMap((g): Case[] => [
    { name: `figures ${g} of 15`, route: `GET /api/figures/${g}`, scope: 'in', path: `/api/figures/${g}?province=15`, expect: all(200, { sec10: 403 }) },
    { name: `figures ${g} of 10`, route: `GET /api/figures/${g}`, scope: 'out', path: `/api/figures/${g}?province=10`, expect: area10() },
  ]),
  // ---- planning ----
  { name: 'rank installation plans for 15', route: 'POST /api/plans/rank', scope: 'in', path: '/api/plans/rank', body: () => ({ province: '15', budget: 5_000_000, method: 'greedy' }), expect: all(200, { sec10: 403 }) },
  { name: 'rank installation plans for 10', route: 'POST /api/plans/rank', scope: 'out', path: '/api/plans/rank', body: () => ({ province: '10', budget: 5_000_000, method: 'greedy' }), expect: area10() },
  { name: 'save a plan for 15', route: 'POST /api/plans', scope: 'in', path: '/api/plans', body: () => ({ name: 'แผนเมทริกซ์', province: '15', budget: 5_000_000, method: 'greedy' }), expect: only(['admin', 'sec15'], 201, 403) },
  { name: 'save a plan for 10', route: 'POST /api/plans', scope: 'out', path: '/api/plans', body: () => ({ name: `แผน ${MARK10}`, province: '10', budget: 5_000_000, method: 'greedy' }), expect: only(['admin', 'sec10'], 201, 403) },
  { name: 'list plans', route: 'GET /api/plans', scope: 'in', path: '/api/plans', expect: all(200) },
  { name: 'list plans of 10', route: 'GET /api/plans', scope: 'out', path: '/api/plans?province=10', expect: area10() },
  { name: 'read the plan of 15', route: 'GET /api/plans/:id', scope: 'in', path: async () => `/api/plans/${f.plan15}`, expect: all(200, { sec10: 404 }) },
  { name: 'read the plan of 10', route: 'GET /api/plans/:id', scope: 'out', path: async () => `/api/plans/${f.plan10}`, expect: record10() },
  { name: 'export the plan of 15', route: 'GET /api/plans/:id/export', scope: 'in', path: async () => `/api/plans/${f.plan15}/export`, expect: all(200, { sec10: 404 }) },
  { name: 'export the plan of 10', route: 'GET /api/plans/:id/export', scope: 'out', path: async () => `/api/plans/${f.plan10}/export`, expect: record10() },
  { name: 'rename the plan of 15', route: 'PATCH /api/plans/:id', scope: 'in', table: 'plans', path: async () => `/api/plans/${f.plan15}`, body: () => ({ notes: 'แก้ไขโดยเมทริกซ์' }), expect: only(['admin', 'sec15'], 200, 403, { sec10: 404 }) },
  { name: 'rename the plan of 10', route: 'PATCH /api/plans/:id', scope: 'out', table: 'plans', path: async () => `/api/plans/${f.plan10}`, body: () => ({ notes: 'แก้ไขโดยเมทริกซ์' }), expect: write10(200) },
  { name: 'approve a plan of 15', route: 'POST /api/plans/:id/approve', scope: 'in', table: 'plans', path: async () => `/api/plans/${await adminPlan('15', 'อนุมัติ')}/approve`, body: () => ({}), expect: only(['admin', 'sec15'], 200, 403, { sec10: 404 }) },
  { name: 'approve a plan of 10', route: 'POST /api/plans/:id/approve', scope: 'out', table: 'plans', path: async () => `/api/plans/${await adminPlan('10', 'อนุมัติ')}/approve`, body: () => ({}), expect: write10(200) },
  { name: 'delete a plan of 15', route: 'DELETE /api/plans/:id', scope: 'in', table: 'plans', path: async () => `/api/plans/${await adminPlan('15', 'ลบ')}`, expect: only(['admin', 'sec15'], 204, 403, { sec10: 404 }) },
  { name: 'delete a plan of 10', route: 'DELETE /api/plans/:id', scope: 'out', table: 'plans', path: async () => `/api/plans/${await adminPlan('10', 'ลบ')}`, expect: write10(204) },
  // ---- exports and OGC API ----
  { name: 'export cameras of 15 (GeoJSON)', route: 'GET /api/export/:file', scope: 'in', path: '/api/export/cameras.geojson?province=15', expect: all(200, { sec10: 403 }) },
  { name: 'export cameras of 10 (GeoJSON)', route: 'GET /api/export/:file', scope: 'out', path: '/api/export/cameras.geojson?province=10', expect: area10() },
  { name: 'export cameras with personal data', route: 'GET /api/export/:file', scope: 'in', path: '/api/export/cameras.csv?sensitive=true', expect: all(403, { admin: 200, sec15: 200, sec10: 200 }), contacts: ['admin', 'sec15', 'sec10'], stream: ['admin', 'sec15', 'sec10'] },
  { name: 'survey workbook of 15', route: 'GET /api/export/forms/survey.xlsx', scope: 'in', path: '/api/export/forms/survey.xlsx?province=15', expect: all(200, { sec10: 403 }) },
  { name: 'survey workbook of 10', route: 'GET /api/export/forms/survey.xlsx', scope: 'out', path: '/api/export/forms/survey.xlsx?province=10', expect: area10() },
  { name: 'DLA form of 15', route: 'GET /api/export/forms/lao-survey.xlsx', scope: 'in', path: '/api/export/forms/lao-survey.xlsx?province=15', expect: all(200, { sec10: 403 }) },
  { name: 'DLA form of 10', route: 'GET /api/export/forms/lao-survey.xlsx', scope: 'out', path: '/api/export/forms/lao-survey.xlsx?province=10', expect: area10() },
  { name: 'OGC cameras', route: 'GET /ogc/collections/:collectionId/items', scope: 'in', path: '/ogc/collections/cameras/items?limit=10000', expect: all(200) },
  { name: 'OGC cameras around Bangkok', route: 'GET /ogc/collections/:collectionId/items', scope: 'out', path: `/ogc/collections/cameras/items?bbox=${BKK.lon - 0.01},${BKK.lat - 0.01},${BKK.lon + 0.01},${BKK.lat + 0.01}`, expect: all(200) },
  { name: 'OGC risk routes', route: 'GET /ogc/collections/:collectionId/items', scope: 'in', path: '/ogc/collections/risk_routes/items?limit=10000', expect: all(200) },
  { name: 'OGC camera A', route: 'GET /ogc/collections/:collectionId/items/:featureId', scope: 'in', path: async () => `/ogc/collections/cameras/items/${f.camA.id}`, expect: all(200, { sec10: 404 }) },
  { name: 'OGC camera in 10', route: 'GET /ogc/collections/:collectionId/items/:featureId', scope: 'out', path: async () => `/ogc/collections/cameras/items/${f.cam10}`, expect: record10() },
  { name: 'OGC boundaries (reference)', route: 'GET /ogc/collections/:collectionId/items', scope: 'in', path: '/ogc/collections/provinces/items?limit=1', expect: all(200) },
  { name: 'OGC landing page', route: 'GET /ogc', path: '/ogc', expect: all(200) },
  { name: 'OGC API definition', route: 'GET /ogc/api', path: '/ogc/api', expect: all(200) },
  { name: 'OGC conformance', route: 'GET /ogc/conformance', path: '/ogc/conformance', expect: all(200) },
  { name: 'OGC collections', route: 'GET /ogc/collections', path: '/ogc/collections', expect: all(200) },
  { name: 'OGC cameras collection', route: 'GET /ogc/collections/:collectionId', path: '/ogc/collections/cameras', expect: all(200) },
  { name: 'OGC cameras queryables', route: 'GET /ogc/collections/:collectionId/queryables', path: '/ogc/collections/cameras/queryables', expect: all(200) },
  { name: 'OGC cameras schema', route: 'GET /ogc/collections/:collectionId/schema', path: '/ogc/collections/cameras/schema', expect: all(200) },
  // ---- audit log ----
  ...(['', '/export.csv', '/export.xlsx'] as const).flatMap((x): Case[] => [
    { name: `audit log${x} of 15`, route: `GET /api/audit${x}`, scope: 'in', path: `/api/audit${x}?province=15`, expect: only(['admin', 'sec15'], 200, 403) },
    { name: `audit log${x} of 10`, route: `GET /api/audit${x}`, scope: 'out', path: `/api/audit${x}?province=10`, expect: only(['admin', 'sec10'], 200, 403) },
  ]),
  { name: 'audit log (own province)', route: 'GET /api/audit', scope: 'in', path: '/api/audit', expect: only(['admin', 'sec15', 'sec10'], 200, 403) },
  // ---- certification ----
  { name: 'certification status table', route: 'GET /api/certification', path: '/api/certification', expect: all(200) },
  // Changes since certification and the records as certified need a certified round.
  ...(['', '/changes', '/incomplete', '/records'] as const).flatMap((x): Case[] => {
    const path = (code: string) => async () => (x === '/changes' || x === '/records' ? await certificationState(code, 'certified') : undefined, `/api/certification/${code}${x}`);
    return [
      { name: `certification${x} of 15`, route: `GET /api/certification/:province${x}`, scope: 'in', path: path('15'), expect: all(200, { sec10: 403 }) },
      { name: `certification${x} of 10`, route: `GET /api/certification/:province${x}`, scope: 'out', path: path('10'), expect: area10() },
    ];
  }),
  { name: 'submit 15', route: 'POST /api/certification/:province/submit', scope: 'in', table: 'certifications', path: async () => (await certificationState('15', 'none'), '/api/certification/15/submit'), body: () => ({ note: 'เมทริกซ์' }), expect: only(['admin', 'sec15'], 201, 403) },
  { name: 'submit 10', route: 'POST /api/certification/:province/submit', scope: 'out', table: 'certifications', path: async () => (await certificationState('10', 'none'), '/api/certification/10/submit'), body: () => ({ note: 'เมทริกซ์' }), expect: only(['admin', 'sec10'], 201, 403) },
  { name: 'certify 15 (nothing submitted)', route: 'POST /api/certification/:province/certify', scope: 'in', table: 'certifications', path: async () => (await certificationState('15', 'none'), '/api/certification/15/certify'), body: () => ({ note: 'matrix' }), expect: all(403, { admin: 409, com15: 409 }) },
  { name: 'certify 15 (submitted)', route: 'POST /api/certification/:province/certify', scope: 'in', table: 'certifications', path: async () => (await certificationState('15', 'submitted'), '/api/certification/15/certify'), body: () => ({ note: 'matrix' }), expect: only(['admin', 'com15'], 200, 403) },
  { name: 'certify 10 (submitted)', route: 'POST /api/certification/:province/certify', scope: 'out', table: 'certifications', path: async () => (await certificationState('10', 'submitted'), '/api/certification/10/certify'), body: () => ({ note: 'matrix' }), expect: only(['admin'], 200, 403) },
  { name: 'return 15 (submitted)', route: 'POST /api/certification/:province/return', scope: 'in', table: 'certifications', path: async () => (await certificationState('15', 'submitted'), '/api/certification/15/return'), body: () => ({ note: 'แก้ไขก่อน' }), expect: only(['admin', 'com15'], 200, 403) },
  { name: 'return 10 (submitted)', route: 'POST /api/certification/:province/return', scope: 'out', table: 'certifications', path: async () => (await certificationState('10', 'submitted'), '/api/certification/10/return'), body: () => ({ note: 'แก้ไขก่อน' }), expect: only(['admin'], 200, 403) },
  { name: 'deadline of 15', route: 'PUT /api/certification/deadlines', scope: 'in', table: 'certification_deadlines', path: '/api/certification/deadlines', body: () => ({ province: '15', due_on: '2027-03-31' }), expect: only(['admin'], 200, 403) },
  { name: 'deadline of 10', route: 'PUT /api/certification/deadlines', scope: 'out', table: 'certification_deadlines', path: '/api/certification/deadlines', body: () => ({ province: '10', due_on: '2027-03-31' }), expect: only(['admin'], 200, 403) },
  // ---- import ----
  // The secretariat of 10 / of 15: a row outside its province is a row error of a dry run (422).
  { name: 'import a camera of agency A (dry run)', route: 'POST /api/import', scope: 'in', table: 'cameras', path: '/api/import?kind=cameras&dry_run=true', file: importFile('15', 'd15'), expect: all(403, { admin: 200, sec15: 200, recA: 200, sec10: 422 }) },
  { name: 'import a camera of agency A', route: 'POST /api/import', scope: 'in', table: 'cameras', path: '/api/import?kind=cameras', file: importFile('15', 'w15'), expect: all(403, { admin: 200, sec15: 200, recA: 200 }) },
  { name: 'import a camera in Bangkok (dry run)', route: 'POST /api/import', scope: 'out', table: 'cameras', path: '/api/import?kind=cameras&dry_run=true', file: importFile('10', 'd10'), expect: all(403, { admin: 200, sec10: 200, sec15: 422, recA: 422 }) },
  { name: 'import a camera in Bangkok', route: 'POST /api/import', scope: 'out', table: 'cameras', path: '/api/import?kind=cameras&skip_invalid=true', file: importFile('10', 'w10'), expect: all(403, { admin: 200, sec10: 200 }) },
  // ---- accounts ----
  { name: 'list accounts', route: 'GET /api/users', scope: 'in', path: '/api/users', expect: only(['admin', 'sec15', 'sec10'], 200, 403) },
  { name: 'list accounts of 10', route: 'GET /api/users', scope: 'out', path: '/api/users', expect: only(['admin', 'sec15', 'sec10'], 200, 403) },
  { name: 'make a committee account in 15', route: 'POST /api/users', scope: 'in', table: 'users', path: '/api/users', body: () => ({ username: `mx-new-${Math.random().toString(36).slice(2, 8)}`, role: 'committee', province: '15' }), expect: only(['admin', 'sec15'], 201, 403) },
  { name: 'make a committee account in 10', route: 'POST /api/users', scope: 'out', table: 'users', path: '/api/users', body: () => ({ username: `mx-new-${Math.random().toString(36).slice(2, 8)}`, role: 'committee', province: '10' }), expect: only(['admin', 'sec10'], 201, 403) },
  { name: 'make a secretariat account in 15', route: 'POST /api/users', scope: 'in', table: 'users', path: '/api/users', body: () => ({ username: `mx-new-${Math.random().toString(36).slice(2, 8)}`, role: 'secretariat', province: '15' }), expect: only(['admin'], 201, 403) },
  { name: 'rename an account of 15', route: 'PATCH /api/users/:id', scope: 'in', table: 'users', path: account('15'), body: () => ({ displayName: 'ชื่อใหม่' }), expect: only(['admin', 'sec15'], 200, 404) },
  { name: 'rename an account of 10', route: 'PATCH /api/users/:id', scope: 'out', table: 'users', path: account('10'), body: () => ({ displayName: 'ชื่อใหม่' }), expect: only(['admin', 'sec10'], 200, 404) },
  { name: 'rename the secretariat of 15', route: 'PATCH /api/users/:id', scope: 'in', table: 'users', path: async () => `/api/users/${f.userIds.sec15}`, body: () => ({ displayName: 'เลขานุการ 15' }), expect: only(['admin'], 200, 404) },
  { name: 'reset the password of an account of 15', route: 'POST /api/users/:id/reset-password', scope: 'in', table: 'users', path: async () => `${await account('15')()}/reset-password`, expect: only(['admin', 'sec15'], 200, 404) },
  { name: 'reset the password of an account of 10', route: 'POST /api/users/:id/reset-password', scope: 'out', table: 'users', path: async () => `${await account('10')()}/reset-password`, expect: only(['admin', 'sec10'], 200, 404) },
  { name: 'health', route: 'GET /healthz', path: '/healthz', expect: all(200, { anon: 200 }) },
  { name: 'readiness', route: 'GET /readyz', path: '/readyz', expect: all(200, { anon: 200 }) },
  { name: 'labels and counts', route: 'GET /api/meta', path: '/api/meta', expect: all(200) },
  // ---- one's own account and tokens ----
  { name: 'who am I', route: 'GET /api/auth/me', path: '/api/auth/me', expect: all(200) },
  { name: 'log in with a wrong password', route: 'POST /api/auth/login', table: 'sessions', path: '/api/auth/login', body: () => ({ username: `mx-nobody-${Math.random().toString(36).slice(2, 8)}`, password: 'not the password' }), expect: all(401, { anon: 401 }) },
  { name: 'log out (a token has no session to end)', route: 'POST /api/auth/logout', table: 'sessions', path: '/api/auth/logout', expect: all(204, { anon: 204 }) },
  { name: 'change password (wrong current password)', route: 'POST /api/auth/password', table: 'users', path: '/api/auth/password', body: () => ({ currentPassword: 'not it', newPassword: 'a much longer new password 1' }), expect: all(400) },
  { name: 'own tokens', route: 'GET /api/tokens', path: '/api/tokens', expect: all(200) },
  { name: 'make a token with a token', route: 'POST /api/tokens', table: 'api_tokens', path: '/api/tokens', body: () => ({ name: 'script' }), expect: all(403) },
  { name: 'revoke one\'s own token', route: 'DELETE /api/tokens/:id', scope: 'in', table: 'api_tokens', path: async (actor) => `/api/tokens/${(await createToken(knex, f.userIds[actor === 'anon' ? 'admin' : actor], 'to revoke')).id}`, expect: all(204) },
  { name: 'revoke another account\'s token', route: 'DELETE /api/tokens/:id', scope: 'out', table: 'api_tokens', path: async () => `/api/tokens/${(await createToken(knex, f.userIds.sec10, 'not yours')).id}`, expect: all(404, { sec10: 204 }) },
];

/** A digest of every row of `table` and the audit log's size: a refused write logs nothing either. */
async function checksum(table: string): Promise<string> {
  const { rows } = await knex.raw(`select md5(coalesce(string_agg(t::text, '|' order by t::text), '')) h, (select count(*) from audit_log) a from ?? t`, [table]);
  return `${rows[0].h}/${rows[0].a}`;
}

function send(c: RunCase, actor: Actor, path: string) {
  let req = request(app)[c.method](path);
  if (actor !== 'anon') req = req.set('Authorization', `Bearer ${f.tokens[actor]}`);
  const file = c.file?.();
  if (file) return req.attach('file', Buffer.from(file.content), file.name);
  if (c.raw) return req.set('Content-Type', c.raw.type).send(c.raw.data);
  return c.body ? req.send(c.body()) : req;
}

interface RunCase extends Case {
  method: Method;
}
const RUN: RunCase[] = CASES.map((c) => ({ ...c, method: c.route.split(' ')[0]!.toLowerCase() as Method }));

describe('the authorisation matrix covers the app', () => {
  it('every route of the app has a row, every row names a route of the app', () => {
    const routes = appRoutes(app);
    const covered = new Set(CASES.map((c) => c.route));
    expect(routes.filter((r) => !covered.has(r)), 'routes without a row in the matrix').toEqual([]);
    expect([...covered].filter((r) => !routes.includes(r)), 'rows naming no route').toEqual([]);
    expect(Object.keys(UNSCOPED).filter((r) => !routes.includes(r)), 'UNSCOPED names no route').toEqual([]);
  });

  it('every scoped route is tried in scope and out of scope; unscoped ones say why', () => {
    const missing: string[] = [];
    for (const r of new Set(CASES.map((c) => c.route))) {
      const scopes = new Set(CASES.filter((c) => c.route === r).map((c) => c.scope));
      if (r in UNSCOPED) {
        if (scopes.has('in') || scopes.has('out')) missing.push(`${r}: listed as unscoped but has scoped rows`);
      } else if (!scopes.has('in') || !scopes.has('out')) missing.push(`${r}: ${['in', 'out'].filter((s) => !scopes.has(s as 'in')).join(' and ')} missing`);
    }
    expect(missing).toEqual([]);
  });
});

describe('the authorisation matrix', () => {
  for (const c of RUN) {
    it(`${c.route} — ${c.name}`, async () => {
      const failures: string[] = [];
      for (const actor of ACTORS) {
        const path = typeof c.path === 'string' ? c.path : await c.path(actor);
        const table = c.method === 'get' ? undefined : c.table;
        const before = table ? await checksum(table) : null;
        const res = await send(c, actor, path);
        if (res.status !== c.expect[actor]) {
          failures.push(`${actor}: ${res.status} (expected ${c.expect[actor]}) ${(res.text ?? '').slice(0, 200)}`);
          continue;
        }
        if (table && res.status >= 400 && (await checksum(table)) !== before) failures.push(`${actor}: refused with ${res.status} but ${table} changed`);
        const text = res.text ?? '';
        if (!(c.contacts ?? []).includes(actor) && (text.includes(SECRET.phone) || text.includes(SECRET.contact_name))) failures.push(`${actor}: contact name or phone in the answer`);
        if (!(c.stream ?? []).includes(actor) && text.includes(SECRET.stream_url)) failures.push(`${actor}: the stream URL in the answer`);
        // The table says where personal data is visible: check it really is (the test can fail both ways).
        if (res.status < 300 && c.method === 'get' && (c.stream ?? []).includes(actor) && !text.includes(SECRET.stream_url)) failures.push(`${actor}: the stream URL should be in the answer`);
        if (!READS_10.includes(actor) && text.toLowerCase().includes(MARK10)) failures.push(`${actor}: a record of Bangkok (10) in the answer`);
      }
      expect(failures).toEqual([]);
    });
  }
});

describe('answers filtered by the reader\'s scope', () => {
  const get = (actor: Exclude<Actor, 'anon'>, path: string) => request(app).get(path).set('Authorization', `Bearer ${f.tokens[actor]}`);

  it('the certification table shows a provincial account its province only; national accounts all', async () => {
    const codes = async (actor: Exclude<Actor, 'anon'>) => ((await get(actor, '/api/certification')).body.provinces as { province_code: string }[]).map((p) => p.province_code);
    expect(await codes('sec15')).toEqual(['15']);
    expect(await codes('com15')).toEqual(['15']);
    expect(await codes('sec10')).toEqual(['10']);
    const national = await codes('comNat');
    expect(national.length).toBeGreaterThanOrEqual(77);
    expect(await codes('admin')).toEqual(national);
  });

  it('the Bangkok marker is seen where it should be (the matrix\'s marker check can fail)', async () => {
    for (const path of ['/api/cameras?limit=10000', '/api/risk-points?limit=10000', '/ogc/collections/cameras/items?limit=10000', '/api/users']) {
      expect((await get('sec10', path)).text.toLowerCase(), path).toContain(MARK10);
      expect((await get('sec15', path)).text.toLowerCase(), path).not.toContain(MARK10);
    }
  });

  it('the counts of /api/meta are the reader\'s province\'s', async () => {
    const cameras = async (actor: Exclude<Actor, 'anon'>) => Number((await get(actor, '/api/meta')).body.counts.cameras);
    const [in15, in10, total] = await Promise.all(['15', '10', null].map(async (p) => Number((await (p ? knex('cameras').where('province_code', p) : knex('cameras')).count('* as n'))[0]!.n)));
    expect(await cameras('sec15')).toBe(in15);
    expect(await cameras('recA')).toBe(in15);
    expect(await cameras('sec10')).toBe(in10);
    expect(await cameras('admin')).toBe(total);
    expect(await cameras('comNat')).toBe(total);
  });
});
