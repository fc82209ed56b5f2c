/**
 * Bad input on every write route (issue 7, "Tests" item 3, and "Mass assignment impossible").
 *
 * The write routes are found by walking the express app (and cross-checked with the source), and
 * each must have an entry in ROUTES below: a new route without one fails the first test. For every
 * route, generated bad input — wrong JSON types for each declared field, oversized and deeply nested
 * payloads, SQL metacharacters, invalid GeoJSON, impossible ids, malformed JSON, wrong content types —
 * must be answered with a 4xx carrying `{errors:[{field?, message, code}]}` that names the field when
 * one is to blame, and must leave every table as it was (a fingerprint of every non-reference table
 * is taken before and after each group). Valid text full of metacharacters must be stored exactly.
 * Fields the schema does not declare (id, version, is_demo, timestamps, password_hash, user_id…) are
 * refused by name or ignored, never stored.
 *
 * Values are chosen by a seeded generator: FUZZ_SEED=<n> repeats a run (the seed is in every failure).
 * Failures are collected per group and reported together, so one run lists every finding.
 */
import crypto from 'node:crypto';
import http from 'node:http';
import path from 'node:path';
import request, { type Response } from 'supertest';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createApp } from '../src/app.js';
import { ROOT_DIR } from '../src/config.js';
import { ENTITIES, type EntityDef } from '../src/db/entities.js';
import { ensureDemo } from '../src/demo/seed.js';
import { TEST_PASSWORD, sessionCookie, tokenFor, userWithPassword } from './auth-helpers.js';
import { adminApp, resetDomainData, testAdminToken, testContext } from './db.js';
import {
  BAD_IDS,
  badFormats,
  badGeometries,
  changedTables,
  dbState,
  fieldsOf,
  fit,
  FUZZ_SEED,
  INT4_OVERFLOW,
  META_STRINGS,
  NUL_STRINGS,
  Raw,
  rngFor,
  sourceWriteRoutes,
  toJson,
  wrongValues,
  writeRoutes,
} from './fuzz-helpers.js';

const ctx = testContext();
const knex = ctx.db.knex;
const app = adminApp(ctx);
/** Chooses values; reseeded for every test from FUZZ_SEED and the test's name. */
let R = rngFor('');
beforeEach(() => {
  R = rngFor(expect.getState().currentTestName ?? '');
});

type Method = 'post' | 'put' | 'patch' | 'delete';

/** One request and what must come back. */
interface Case {
  label: string;
  method: Method;
  url: string;
  /** A JSON body (Raw values written as-is). */
  body?: unknown;
  /** A body sent as it is, with `type` as its Content-Type (default application/json). */
  raw?: string | Buffer;
  type?: string;
  headers?: Record<string, string>;
  /** Bearer token; none = the national admin of adminApp (unless a cookie is set in headers). */
  as?: string;
  /** A field the errors must name (exactly, or as the start of a dotted path). */
  field?: string | string[];
  /** The statuses allowed (default: any 4xx). */
  status?: number[];
}

let server: http.Server;

async function send(c: Omit<Case, 'label'>): Promise<Response> {
  let t = request(server)[c.method](c.url);
  if (c.as) t = t.set('Authorization', `Bearer ${c.as}`);
  for (const [k, v] of Object.entries(c.headers ?? {})) t = t.set(k, v);
  if (c.raw !== undefined) return t.set('Content-Type', c.type ?? 'application/json').send(c.raw);
  if (c.body !== undefined) return t.set('Content-Type', c.type ?? 'application/json').send(toJson(c.body));
  return t;
}

const short = (v: unknown) => {
  // Control characters (NUL above all) are shown escaped, so a message says what was sent.
  const s = typeof v === 'string' && !/[\u0000-\u001f]/.test(v) ? v : JSON.stringify(v);
  return s === undefined ? String(v) : s.length > 300 ? `${s.slice(0, 300)}…` : s;
};

/** What is wrong with the answer to a case that must be refused; null when it is right. */
function problem(res: Response, c: Case): string | null {
  const head = `[seed ${FUZZ_SEED}] ${c.method.toUpperCase()} ${short(c.url)} — ${c.label}`;
  const body = short(Object.keys(res.body ?? {}).length ? res.body : res.text);
  if (res.status >= 500) return `${head}: ${res.status} ${body}`;
  if (res.status < 400) return `${head}: accepted (${res.status}) ${body}`;
  if (c.status && !c.status.includes(res.status)) return `${head}: ${res.status}, expected ${c.status.join(' or ')}: ${body}`;
  const errors = (res.body as { errors?: { field?: unknown; message?: unknown; code?: unknown }[] } | undefined)?.errors;
  if (!/json/.test(String(res.headers['content-type'])) || !Array.isArray(errors) || errors.length === 0) {
    return `${head}: ${res.status} without a JSON {errors:[…]} body: ${body}`;
  }
  for (const e of errors) {
    if (typeof e?.message !== 'string' || !e.message || typeof e.code !== 'string' || !e.code || (e.field !== undefined && typeof e.field !== 'string')) {
      return `${head}: malformed error entry ${short(e)}`;
    }
  }
  if (c.field !== undefined) {
    const missing = [c.field].flat().filter((f) => !errors.some((e) => e.field === f || String(e.field ?? '').startsWith(`${f}.`)));
    if (missing.length) return `${head}: ${res.status} does not name ${missing.join(', ')}: ${body}`;
  }
  return null;
}

/**
 * Sends every case, collects what is wrong, and checks that no table changed: the failures, [] when
 * all is well. `skip` leaves tables out of the comparison (login failures are a login's purpose).
 */
async function refuseAll(cases: Case[], skip: string[] = []): Promise<string[]> {
  const before = await dbState(knex, skip);
  const failures: string[] = [];
  for (const c of cases) {
    const res = await send(c);
    const p = problem(res, c);
    if (p) failures.push(p);
  }
  const changed = changedTables(before, await dbState(knex, skip));
  if (changed.length) failures.push(`[seed ${FUZZ_SEED}] the database changed (${changed.join(', ')}) during: ${[...new Set(cases.map((c) => `${c.method.toUpperCase()} ${c.url.split('?')[0]}`))].slice(0, 8).join(', ')}`);
  return failures;
}

/**
 * The same failure on many routes, said once: "label: answer — on N routes: …" (the generic
 * cases below send one body to every route, and one cause then fails them all).
 */
function collapse(failures: string[]): string[] {
  const byProblem = new Map<string, string[]>();
  const other: string[] = [];
  for (const f of failures) {
    const m = /^(\[seed \d+\]) (\w+ \S+) — (.*)$/s.exec(f);
    if (!m) {
      other.push(f);
      continue;
    }
    const key = `${m[1]} ${m[3]}`;
    byProblem.set(key, [...(byProblem.get(key) ?? []), m[2]!]);
  }
  return [...[...byProblem].map(([problemText, routes]) => (routes.length === 1 ? `${problemText} — ${routes[0]}` : `${problemText} — on ${routes.length} routes: ${routes.join(', ')}`)), ...other];
}

// ---- fixtures --------------------------------------------------------------------------------------

// Ang Thong (province 15): the provincial hall and a point in Pho Thong district.
const HALL: [number, number] = [100.4555, 14.5896];
const PHO_THONG: [number, number] = [100.3216, 14.6637];

/** An existing record of each entity in province 15 (from the demo), by entity path. */
const target: Record<string, number> = {};
let agencyId: number;
let stationId: number;
let cameraId: number;
/** A province other than 15 and a point inside it. */
let other: { code: string; point: [number, number] };
let sec15: string;
let secOther: string;
let committee15: string;
/** An admin logged in with a session (API tokens are made from sessions only). */
let session: { cookie: string; csrf: string; userId: number };
/** A committee account of province 15 the account routes are tried on, and one of its tokens. */
let targetUserId: number;
let targetTokenId: number;
const base = { audit: 0, loginFailures: 0, certifications: 0, deadlines: [] as Record<string, unknown>[] };
const FUZZ_IP = '198.51.100.77';

const sessionHeaders = () => ({ Cookie: session.cookie, 'X-CSRF-Token': session.csrf });

beforeAll(async () => {
  await resetDomainData(knex);
  await ensureDemo(knex, () => {});
  server = http.createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  await testAdminToken(knex);
  for (const def of ENTITIES) {
    const row = await knex(def.table).where('province_code', '15').orderBy('id').first('id');
    if (!row) throw new Error(`the demo has no ${def.noun} in province 15`);
    target[def.path] = Number(row.id);
  }
  agencyId = target.agencies!;
  stationId = target['police-stations']!;
  cameraId = target.cameras!;
  const { rows } = await knex.raw(
    `select code, ST_X(p) x, ST_Y(p) y from (select code, ST_PointOnSurface(geom) p from provinces where code <> '15' order by code limit 1) s`,
  );
  other = { code: rows[0].code, point: [Number(rows[0].x), Number(rows[0].y)] };
  sec15 = await tokenFor(knex, { username: 'fz-sec15', role: 'secretariat', province: '15' });
  secOther = await tokenFor(knex, { username: 'fz-sec-other', role: 'secretariat', province: other.code });
  committee15 = await tokenFor(knex, { username: 'fz-committee15', role: 'committee', province: '15' });
  targetUserId = await userWithPassword(knex, { username: 'fz-target', role: 'committee', province: '15', displayName: 'เป้าหมาย' });
  const [token] = await knex('api_tokens').insert({ user_id: targetUserId, name: 'fz', token_hash: crypto.randomBytes(32).toString('hex'), prefix: 'fzfzfzfz' }).returning('id');
  targetTokenId = Number(token.id);
  const sessionUser = await userWithPassword(knex, { username: 'fz-session', role: 'admin' });
  const login = await request(server).post('/api/auth/login').set('X-Forwarded-For', FUZZ_IP).send({ username: 'fz-session', password: TEST_PASSWORD }).expect(200);
  session = { cookie: sessionCookie(login), csrf: login.body.csrfToken, userId: sessionUser };
  base.audit = Number((await knex('audit_log').max('id as m').first())?.m ?? 0);
  base.loginFailures = Number((await knex('login_failures').max('id as m').first())?.m ?? 0);
  base.certifications = Number((await knex('certifications').max('id as m').first())?.m ?? 0);
  base.deadlines = await knex('certification_deadlines').select('*');
});

afterAll(async () => {
  // Whatever a misbehaving route left behind must not reach the other test files.
  await knex('login_failures').where('id', '>', base.loginFailures).delete();
  await knex('certifications').where('id', '>', base.certifications).delete();
  await knex('certification_deadlines').delete();
  if (base.deadlines.length) await knex('certification_deadlines').insert(base.deadlines);
  await knex('users').whereLike('username', 'fz-%').delete();
  await new Promise((resolve) => server?.close(resolve));
  await ctx.db.close();
});

/** Removes the audit entries written since `since` (by the round-trip groups, whose writes are real). */
async function dropAuditSince(since: number): Promise<void> {
  await knex('audit_log').where('id', '>', since).delete();
}
const maxIdOf = async (table: string) => Number((await knex(table).max('id as m').first())?.m ?? 0);
const maxAuditId = () => maxIdOf('audit_log');

// ---- valid bodies ----------------------------------------------------------------------------------

/** A valid create body for each entity, in province 15 (every bad case changes one thing in it). */
function sample(pathName: string): Record<string, unknown> {
  switch (pathName) {
    case 'cameras':
      return {
        place_name: 'สี่แยกศาลากลาง', agency_id: agencyId, police_station_id: stationId, status: 'working', kind: 'fixed',
        purposes: ['deterrence', 'traffic'], year_installed: 2016, retention_days: 30, fps: 25, direction_deg: 90, fov_deg: 60, range_m: 40,
        link_budget_baht: 1000, repair_budget_baht: 0, system: 'ip', connection: 'wired', linkage: 'linked',
        stream_url: 'rtsp://10.0.0.1/stream', geometry: { type: 'Point', coordinates: HALL },
      };
    case 'planned-sites':
      return { place_name: 'หน้าตลาดโพธิ์ทอง', reason: 'จุดเสี่ยงชิงทรัพย์', cost_baht: 250000, camera_count: 2, priority: 1, status: 'not_started', kind: 'dome', agency_id: agencyId, geometry: { type: 'Point', coordinates: PHO_THONG } };
    case 'risk-points':
      return { name: 'ร้านทองตลาดเมือง', category: 'robbery', weight: 3, radius_m: 200, geometry: { type: 'Point', coordinates: HALL } };
    case 'risk-routes':
      return { name: 'เส้นทางหลบหนี ทล.309', category: 'escape_route', weight: 2, geometry: { type: 'LineString', coordinates: [HALL, PHO_THONG] } };
    case 'police-stations':
      return {
        name_th: 'สภ.ทดสอบ', name_en: 'Test station', geometry: { type: 'Point', coordinates: PHO_THONG },
        jurisdiction: { type: 'Polygon', coordinates: [[[100.30, 14.64], [100.34, 14.64], [100.34, 14.68], [100.30, 14.68], [100.30, 14.64]]] },
      };
    case 'agencies':
      return { name: 'เทศบาลทดสอบ', type: 'local_administration', province_code: '15', contact_name: 'นายทดสอบ', phone: '035-000-000' };
    case 'footage-requests':
      return { camera_id: cameraId, requested_at: '2019-03-01T09:00:00+07:00', incident_at: '2019-02-28T22:15:00+07:00', requester_unit: 'สภ.เมืองอ่างทอง', result: 'provided', answered_at: '2019-03-02T09:00:00+07:00', case_ref: 'คดี 1/2562' };
    case 'problems':
      return { province_code: '15', agency_id: agencyId, category: 'maintenance', description: 'ไม่มีงบประมาณซ่อมบำรุง', suggestion: 'ขอรับการสนับสนุน', reported_on: '2016-12-20' };
    case 'lao-surveys':
      return { survey_year: 2019, province_code: '15', district_name: 'โพธิ์ทอง', lao_name: 'อบต.ทดสอบ', budget_source: 'กรมส่งเสริมการปกครองท้องถิ่น', total: 6, working: 5, under_repair: 1, beyond_repair: 0, remark: 'ตรวจแล้ว' };
    default:
      throw new Error(`no valid sample body for /api/${pathName}: add one to sample() in fuzz.int.test.ts`);
  }
}

/** The same record placed in another province (out of a provincial secretariat's reach). */
function sampleElsewhere(def: EntityDef): Record<string, unknown> {
  const s = sample(def.path);
  for (const k of ['province_code', 'district_id', 'subdistrict_id', 'police_station_id', 'agency_id', 'camera_id']) delete s[k];
  if (def.geometries.geometry) {
    const [x, y] = other.point;
    s.geometry = def.geometries.geometry.type === 'LineString' ? { type: 'LineString', coordinates: [[x, y], [x + 0.001, y + 0.001]] } : { type: 'Point', coordinates: [x, y] };
    delete s.jurisdiction;
  } else s.province_code = other.code;
  return s;
}

/** The fields of an entity that are free text, for the metacharacter round trips. */
const freeText = (def: EntityDef) => fieldsOf(def.input).filter((f) => f.kind === 'string' && f.freeText);

/** `n` values of `xs` chosen by the seeded generator. */
const some = <T,>(xs: readonly T[], n: number) => R.sample(xs, n);

const entityUrl = (def: EntityDef, id?: string | number) => (id === undefined ? `/api/${def.path}` : `/api/${def.path}/${id}`);

// ---- the route table -------------------------------------------------------------------------------

/** Which group of this file exercises each write route (entity routes are generated from ENTITIES). */
const ROUTES: Record<string, string> = {
  ...Object.fromEntries(
    ENTITIES.flatMap((d) => [
      [`POST /api/${d.path}`, 'entity'],
      [`PUT /api/${d.path}/:id`, 'entity'],
      [`PATCH /api/${d.path}/:id`, 'entity'],
      [`DELETE /api/${d.path}/:id`, 'entity'],
    ]),
  ),
  'POST /api/auth/login': 'accounts',
  'POST /api/auth/logout': 'accounts',
  'POST /api/auth/password': 'accounts',
  'POST /api/users': 'accounts',
  'PATCH /api/users/:id': 'accounts',
  'POST /api/users/:id/reset-password': 'accounts',
  'POST /api/tokens': 'accounts',
  'DELETE /api/tokens/:id': 'accounts',
  'POST /api/cameras/:id/photos': 'photos',
  'DELETE /api/photos/:id': 'photos',
  'POST /api/import': 'import',
  'POST /api/plans/rank': 'plans',
  'POST /api/plans': 'plans',
  'PATCH /api/plans/:id': 'plans',
  'POST /api/plans/:id/approve': 'plans',
  'DELETE /api/plans/:id': 'plans',
  'PUT /api/certification/deadlines': 'certification',
  'POST /api/certification/:province/submit': 'certification',
  'POST /api/certification/:province/certify': 'certification',
  'POST /api/certification/:province/return': 'certification',
};

/** A URL of each route with its parameters filled with real targets (for the body-level cases). */
function concrete(route: string): string {
  const [, p] = route.split(' ') as [string, string];
  const entity = ENTITIES.find((d) => p.startsWith(`/api/${d.path}/:id`));
  return p
    .replace('/api/cameras/:id/photos', `/api/cameras/${cameraId}/photos`)
    .replace(/^\/api\/users\/:id/, `/api/users/${targetUserId}`)
    .replace(/^\/api\/tokens\/:id/, `/api/tokens/${targetTokenId}`)
    .replace(/:province/, '15')
    .replace(/:id/, entity ? String(target[entity.path]) : '1');
}

describe('the route table', () => {
  it('covers every write route of the app, and only those', () => {
    const found = writeRoutes(createApp(ctx));
    expect(found.length).toBeGreaterThan(40);
    const missing = found.filter((r) => !(r in ROUTES));
    const stale = Object.keys(ROUTES).filter((r) => !found.includes(r));
    expect({ missing, stale }, 'add each new write route to ROUTES and give it bad input').toEqual({ missing: [], stale: [] });
  });

  it('sees every write route the source declares', () => {
    const found = writeRoutes(createApp(ctx));
    const declared = sourceWriteRoutes(path.join(ROOT_DIR, 'api', 'src'));
    expect(declared.length).toBeGreaterThan(10);
    const unseen = declared.filter((d) => !found.some((f) => f.startsWith(`${d.method} `) && (f.endsWith(d.path) || (d.path === '/' && f.split('/').length >= 3))));
    expect(unseen).toEqual([]);
  });
});

// ---- every route: bodies that are not JSON objects, too large, or of the wrong type ----------------

describe('every write route: malformed, oversized and mistyped bodies', () => {
  const MALFORMED = ['{', '{"a":}', "{'a': 1}", '{"a": 1,}', 'NaN', '"a string"', '123', 'true', 'null', '{"a": 1} trailing', '\u00ef\u00bb\u00bf{}'];

  it('answers 400 to malformed JSON on every route', async () => {
    const cases: Case[] = Object.keys(ROUTES).flatMap((route) =>
      MALFORMED.map((raw) => ({ label: `malformed JSON ${short(raw)}`, method: route.split(' ')[0]!.toLowerCase() as Method, url: concrete(route), raw, status: [400] })),
    );
    expect(collapse(await refuseAll(cases))).toEqual([]);
  });

  it('answers 400 to a JSON array or a deeply nested body where an object is expected', async () => {
    const deep = `${'['.repeat(50_000)}${']'.repeat(50_000)}`;
    const deepObject = `{"a":${'{"a":'.repeat(20_000)}1${'}'.repeat(20_000)}}`;
    const cases: Case[] = Object.keys(ROUTES)
      .filter((r) => !/^DELETE |logout|reset-password|\/photos$|\/import$/.test(r))
      .flatMap((route) => {
        const method = route.split(' ')[0]!.toLowerCase() as Method;
        const url = concrete(route);
        return [
          { label: 'empty array', method, url, raw: '[]' },
          { label: 'array of an object', method, url, raw: '[{}]' },
          { label: 'arrays nested 50,000 deep', method, url, raw: deep },
          { label: 'unknown field nested 20,000 deep', method, url, raw: deepObject },
        ];
      });
    expect(collapse(await refuseAll(cases))).toEqual([]);
  });

  it('answers 413 to a 3 MB JSON body on every route', async () => {
    const big = JSON.stringify({ place_name: 'x'.repeat(3 * 1024 * 1024) });
    const cases: Case[] = Object.keys(ROUTES).map((route) => ({ label: '3 MB JSON', method: route.split(' ')[0]!.toLowerCase() as Method, url: concrete(route), raw: big, status: [413] }));
    expect(collapse(await refuseAll(cases))).toEqual([]);
  });

  it('refuses bodies in a charset or encoding it cannot read, and JSON sent as another type', async () => {
    const cases: Case[] = Object.keys(ROUTES).flatMap((route) => {
      const method = route.split(' ')[0]!.toLowerCase() as Method;
      const url = concrete(route);
      const bodyless = /^DELETE |logout|reset-password/.test(route);
      const out: Case[] = [
        // UTF-16 is readable: a route without a body would rightly ignore it (and delete its target).
        ...(bodyless ? [] : [{ label: 'charset=utf-16', method, url, raw: Buffer.from('{"note":1}', 'utf16le'), type: 'application/json; charset=utf-16' }]),
        { label: 'charset=klingon', method, url, raw: '{"note":1}', type: 'application/json; charset=klingon' },
        { label: 'Content-Encoding: bogus', method, url, raw: '{"note":1}', headers: { 'Content-Encoding': 'bogus' } },
        { label: 'Content-Encoding: gzip, not gzipped', method, url, raw: '{"note":1}', headers: { 'Content-Encoding': 'gzip' } },
      ];
      // Routes with a required body: the same JSON as text/plain or a form is not read, so it is missing.
      if (!bodyless && !/\/submit$|\/certify$|\/approve$/.test(route)) {
        out.push(
          { label: 'JSON as text/plain', method, url, raw: '{"note": 1, "name": 1}', type: 'text/plain' },
          { label: 'form-encoded', method, url, raw: 'note=1&name=1', type: 'application/x-www-form-urlencoded' },
        );
      }
      return out;
    });
    expect(collapse(await refuseAll(cases))).toEqual([]);
  });
});

// ---- entity routes ---------------------------------------------------------------------------------

/** A value that refers to no record, for the *_id fields (foreign keys). */
const NO_SUCH_RECORD = 999_999;

function wrongTypeCases(def: EntityDef, perField: { post: number; put: number; patch: number }, as?: string, fieldRequired = true): Case[] {
  const cases: Case[] = [];
  const fields = fieldsOf(def.input);
  const id = target[def.path]!;
  for (const f of fields) {
    const values = [...wrongValues(f), ...badFormats(f)];
    if (f.kind === 'number' && f.key.endsWith('_id')) values.push({ label: 'no such record', value: NO_SUCH_RECORD });
    const field = fieldRequired ? f.key : undefined;
    for (const v of some(values, perField.post)) {
      cases.push({ label: `${f.key} = ${v.label}`, method: 'post', url: entityUrl(def), body: { ...sample(def.path), [f.key]: v.value }, field, as });
    }
    for (const v of some(values, perField.put)) {
      cases.push({ label: `${f.key} = ${v.label}`, method: 'put', url: entityUrl(def, id), body: { ...sample(def.path), [f.key]: v.value }, field, as });
    }
    for (const v of some(values, perField.patch)) {
      cases.push({ label: `${f.key} = ${v.label}`, method: 'patch', url: entityUrl(def, id), body: { [f.key]: v.value }, field, as });
    }
    if (f.required) {
      const { [f.key]: _gone, ...rest } = sample(def.path);
      cases.push({ label: `${f.key} missing`, method: 'post', url: entityUrl(def), body: rest, field, as });
      cases.push({ label: `${f.key} missing`, method: 'put', url: entityUrl(def, id), body: rest, field, as });
    }
  }
  return cases;
}

/** Columns of `table` (name -> data type). */
async function columnsOf(table: string): Promise<Record<string, string>> {
  const { rows } = await knex.raw(`select column_name c, udt_name t from information_schema.columns where table_schema = current_schema() and table_name = ?`, [table]);
  return Object.fromEntries((rows as { c: string; t: string }[]).map((r) => [r.c, r.t]));
}

/** A value of the column's type that the record surely does not already have. */
function injectedValue(column: string, type: string): unknown {
  if (column === 'id') return 987_654;
  if (column === 'version') return 999;
  if (type === 'bool') return true;
  if (type.startsWith('timestamp') || type === 'date') return '2000-01-01T00:00:00Z';
  if (type === 'geometry') return 'SRID=4326;POINT(100.45 14.59)';
  if (type.startsWith('int') || type.startsWith('float') || type === 'numeric') return 424_242;
  if (type.startsWith('_')) return [];
  if (type.startsWith('json')) return { injected: true };
  return 'INJECTED';
}

describe.each(ENTITIES.map((d) => d.path))('/api/%s', (entityPath) => {
  const def = ENTITIES.find((d) => d.path === entityPath)!;

  it('has a valid sample body (so each bad case is bad because of its one change)', () => {
    expect(def.input.safeParse(sample(def.path)).error?.issues ?? []).toEqual([]);
  });

  it('refuses wrong types, out-of-range values and missing required fields, naming the field', async () => {
    expect(await refuseAll(wrongTypeCases(def, { post: 99, put: 2, patch: 3 }))).toEqual([]);
  });

  it('refuses 10,000-character strings in every text field, oversized and deeply nested bodies', async () => {
    const fields = fieldsOf(def.input);
    const strings = fields.filter((f) => f.kind === 'string' || f.kind === 'enum').map((f) => f.key);
    const long = (seed: number) => Object.fromEntries(strings.map((k, i) => [k, fit(META_STRINGS[(i + seed) % META_STRINGS.length]!, 20).padEnd(10_000, 'ก')]));
    const id = target[def.path]!;
    const nested = `{"${strings[0]}": ${'{"a":'.repeat(5000)}1${'}'.repeat(5000)}}`;
    const manyKeys = Object.fromEntries(Array.from({ length: 10_000 }, (_, i) => [`f${i}`, i]));
    const cases: Case[] = [
      { label: '10,000 characters in every text field', method: 'post', url: entityUrl(def), body: { ...sample(def.path), ...long(0) }, field: strings },
      { label: '10,000 characters in every text field', method: 'put', url: entityUrl(def, id), body: { ...sample(def.path), ...long(1) }, field: strings },
      { label: '10,000 characters in every text field', method: 'patch', url: entityUrl(def, id), body: long(2), field: strings },
      { label: 'a text field nested 5,000 deep', method: 'post', url: entityUrl(def), raw: nested, field: strings[0] },
      { label: 'a text field nested 5,000 deep', method: 'patch', url: entityUrl(def, id), raw: nested, field: strings[0] },
      { label: '10,000 unknown fields', method: 'post', url: entityUrl(def), body: { ...sample(def.path), ...manyKeys }, field: 'f0' },
      { label: '10,000 unknown fields', method: 'patch', url: entityUrl(def, id), body: manyKeys, field: 'f9999' },
    ];
    expect(await refuseAll(cases)).toEqual([]);
  });

  it.skipIf(Object.keys(def.geometries).length === 0)('refuses invalid GeoJSON, naming the geometry field', async () => {
    const id = target[def.path]!;
    const cases: Case[] = [];
    for (const [key, g] of Object.entries(def.geometries)) {
      for (const bad of badGeometries(g.type)) {
        const notJson = bad.raw !== undefined && bad.raw.includes('NaN');
        const field = notJson ? undefined : key;
        const status = notJson ? [400] : undefined;
        const make = (body: Record<string, unknown>) => (bad.raw !== undefined ? { raw: toJson({ ...body, [key]: new Raw(bad.raw) }) } : { body: { ...body, [key]: bad.value } });
        cases.push({ label: `${key}: ${bad.label}`, method: 'post', url: entityUrl(def), ...make(sample(def.path)), field, status });
        cases.push({ label: `${key}: ${bad.label}`, method: 'put', url: entityUrl(def, id), ...make(sample(def.path)), field, status });
        cases.push({ label: `${key}: ${bad.label}`, method: 'patch', url: entityUrl(def, id), ...make({}), field, status });
      }
    }
    expect(await refuseAll(cases)).toEqual([]);
  });

  it('refuses ids that are no record (negative, zero, 2^63, SQL, NUL…) with 400 or 404', async () => {
    const cases: Case[] = BAD_IDS.flatMap(({ id, label }) => [
      { label: `id ${label}`, method: 'put' as const, url: entityUrl(def, id), body: sample(def.path), status: [400, 404] },
      { label: `id ${label}`, method: 'patch' as const, url: entityUrl(def, id), body: {}, status: [400, 404] },
      { label: `id ${label}`, method: 'delete' as const, url: entityUrl(def, id), status: [400, 404] },
    ]);
    expect(await refuseAll(cases)).toEqual([]);
  });

  it('answers list filters full of SQL metacharacters without a server error', async () => {
    const failures: string[] = [];
    const decoded = BAD_IDS.flatMap((b) => {
      try {
        return [decodeURIComponent(b.id)];
      } catch {
        return []; // broken UTF-8 cannot be a query value
      }
    });
    const values = [...META_STRINGS, ...decoded];
    for (const name of Object.keys(def.filters)) {
      // Always a NUL and a number beyond int4 (each has broken a query before), then a seeded choice.
      for (const v of [R.pick(NUL_STRINGS), String(INT4_OVERFLOW), ...some(values, 6)]) {
        const res = await request(server).get(`/api/${def.path}`).query({ [name]: v });
        const head = `[seed ${FUZZ_SEED}] GET /api/${def.path}?${name}=${short(v)}`;
        if (res.status === 200) {
          if (res.body.total !== 0) failures.push(`${head}: ${res.body.total} records match a value no record has`);
          continue;
        }
        // Refused: a 400 naming the parameter, never a 5xx.
        const p = problem(res, { label: 'list filter', method: 'get' as Method, url: `/api/${def.path}?${name}=${short(v)}`, field: name, status: [400] });
        if (p) failures.push(p);
      }
    }
    expect(failures).toEqual([]);
  });

  it('stores valid text full of SQL metacharacters, quotes, Thai marks and emoji exactly as sent', async () => {
    const auditBefore = await maxAuditId();
    const maxId = await maxIdOf(def.table);
    const before = await dbState(knex, ['audit_log']);
    const failures: string[] = [];
    const texts = freeText(def);
    const fill = (rot: number) => Object.fromEntries(texts.map((f, i) => [f.key, fit(META_STRINGS[(i + rot) % META_STRINGS.length]!, f.maxLength)]));
    const check = async (id: number, sent: Record<string, unknown>, what: string) => {
      const row = await knex(def.table).where('id', id).first();
      for (const f of texts) {
        const want = (sent[f.key] as string).trim() || null;
        if (row?.[f.key] !== want) failures.push(`[seed ${FUZZ_SEED}] ${what}: ${f.key} stored as ${short(row?.[f.key])}, sent ${short(want)}`);
      }
    };
    for (const rot of some([...META_STRINGS.keys()], 2)) {
      const body = { ...sample(def.path), ...fill(rot) };
      const created = await send({ method: 'post', url: entityUrl(def), body });
      if (created.status !== 201) {
        failures.push(`[seed ${FUZZ_SEED}] POST /api/${def.path} with metacharacters: ${created.status} ${short(created.body)}`);
        continue;
      }
      const id = Number(created.body.id);
      await check(id, body, `POST /api/${def.path}`);
      const patch = fill(rot + 5);
      const patched = await send({ method: 'patch', url: entityUrl(def, id), body: patch });
      if (patched.status !== 200) failures.push(`[seed ${FUZZ_SEED}] PATCH /api/${def.path}/${id} with metacharacters: ${patched.status} ${short(patched.body)}`);
      else await check(id, patch, `PATCH /api/${def.path}/${id}`);
      const deleted = await send({ method: 'delete', url: entityUrl(def, id) });
      if (deleted.status !== 204) failures.push(`[seed ${FUZZ_SEED}] DELETE /api/${def.path}/${id}: ${deleted.status} ${short(deleted.body)}`);
    }
    // NUL cannot be stored in a text column: a 400 naming the field, not a database error.
    const id = target[def.path]!;
    const nulCases: Case[] = some(texts, 3).flatMap((f) => {
      const nul = R.pick(NUL_STRINGS);
      return [
        { label: `${f.key} with NUL`, method: 'post' as const, url: entityUrl(def), body: { ...sample(def.path), [f.key]: nul }, field: f.key },
        { label: `${f.key} with NUL`, method: 'patch' as const, url: entityUrl(def, id), body: { [f.key]: nul }, field: f.key },
      ];
    });
    failures.push(...(await refuseAll(nulCases, ['audit_log'])));
    await knex(def.table).where('id', '>', maxId).delete();
    await dropAuditSince(auditBefore);
    const changed = changedTables(before, await dbState(knex, ['audit_log']));
    if (changed.length) failures.push(`[seed ${FUZZ_SEED}] /api/${def.path} round trips left changes in ${changed.join(', ')}`);
    expect(failures).toEqual([]);
  });

  it('never stores fields the schema does not declare (id, version, is_demo, timestamps, geom…)', async () => {
    const auditBefore = await maxAuditId();
    const maxId = await maxIdOf(def.table);
    const before = await dbState(knex, ['audit_log']);
    const failures: string[] = [];
    const declared = new Set(fieldsOf(def.input).map((f) => f.key));
    const columns = await columnsOf(def.table);
    const undeclared = Object.keys(columns).filter((c) => !declared.has(c)).sort();
    expect(undeclared).toEqual(expect.arrayContaining(['id', 'version', 'is_demo', 'created_at', 'updated_at']));
    // A record of this test's own, so that a wrongly accepted write changes nothing that matters.
    const mine = await send({ method: 'post', url: entityUrl(def), body: sample(def.path) });
    expect(mine.status, short(mine.body)).toBe(201);
    const id = Number(mine.body.id);
    const original = await knex(def.table).where('id', id).first();
    for (const column of undeclared) {
      const value = injectedValue(column, columns[column]!);
      for (const [method, url, body] of [
        ['post', entityUrl(def), { ...sample(def.path), [column]: value }],
        ['put', entityUrl(def, id), { ...sample(def.path), [column]: value }],
        ['patch', entityUrl(def, id), { [column]: value }],
      ] as [Method, string, Record<string, unknown>][]) {
        const res = await send({ method, url, body });
        const head = `[seed ${FUZZ_SEED}] ${method.toUpperCase()} ${url} with undeclared ${column}=${short(value)}`;
        if (res.status >= 200 && res.status < 300) {
          // Ignored is acceptable: the stored record must not have taken the value.
          const storedId = method === 'post' ? Number(res.body.id) : id;
          const row = await knex(def.table).where('id', storedId).first();
          const took =
            column === 'id'
              ? storedId === value || (await knex(def.table).where('id', value as number).first()) !== undefined
              : column === 'is_demo'
                ? row?.is_demo !== false
                : JSON.stringify(row?.[column]) === JSON.stringify(value) || (column === 'version' && Number(row?.version) > 900);
          if (took) failures.push(`${head}: stored ${short(row?.[column])}`);
          if (method === 'post') await knex(def.table).where('id', storedId).delete();
        } else {
          const p = problem(res, { label: `undeclared ${column}`, method, url, field: column, status: [400] });
          if (p) failures.push(p);
        }
      }
    }
    const after = await knex(def.table).where('id', id).first();
    if (JSON.stringify(after) !== JSON.stringify(original)) {
      const diff = Object.keys(original ?? {}).filter((k) => JSON.stringify(after?.[k]) !== JSON.stringify(original?.[k]));
      failures.push(`[seed ${FUZZ_SEED}] /api/${def.path}/${id} changed by refused writes: ${diff.join(', ')}`);
    }
    await knex(def.table).where('id', '>', maxId).orWhere('id', 987_654).delete();
    await dropAuditSince(auditBefore);
    const changed = changedTables(before, await dbState(knex, ['audit_log']));
    if (changed.length) failures.push(`[seed ${FUZZ_SEED}] /api/${def.path} mass assignment left changes in ${changed.join(', ')}`);
    expect(failures).toEqual([]);
  });

  it('as provincial secretariats (in and out of scope) and a committee viewer: 4xx, never 5xx, nothing written', async () => {
    const id = target[def.path]!;
    const cases: Case[] = [
      ...wrongTypeCases(def, { post: 1, put: 1, patch: 1 }, sec15),
      ...wrongTypeCases(def, { post: 1, put: 1, patch: 1 }, secOther, false),
      ...some(BAD_IDS, 6).flatMap(({ id: bad, label }) =>
        [sec15, secOther].flatMap((as) => [
          { label: `id ${label}`, method: 'patch' as const, url: entityUrl(def, bad), body: {}, as, status: [400, 404] },
          { label: `id ${label}`, method: 'delete' as const, url: entityUrl(def, bad), as, status: [400, 404] },
        ]),
      ),
      // Valid bodies outside the account's reach: refused, and the insert or update rolled back.
      { label: 'created in another province', method: 'post', url: entityUrl(def), body: sampleElsewhere(def), as: sec15, status: [403] },
      { label: 'moved to another province', method: 'put', url: entityUrl(def, id), body: sampleElsewhere(def), as: sec15, status: [403] },
      { label: 'record of another province', method: 'patch', url: entityUrl(def, id), body: {}, as: secOther, status: [404] },
      { label: 'record of another province', method: 'delete', url: entityUrl(def, id), as: secOther, status: [404] },
      { label: 'committee viewer writes', method: 'post', url: entityUrl(def), body: sample(def.path), as: committee15, status: [403] },
      { label: 'committee viewer writes bad input', method: 'patch', url: entityUrl(def, id), body: { nonsense: 1 }, as: committee15 },
      { label: 'committee viewer deletes', method: 'delete', url: entityUrl(def, id), as: committee15, status: [403] },
    ];
    expect(await refuseAll(cases)).toEqual([]);
  });
});

// ---- accounts, sessions and tokens -----------------------------------------------------------------

const TEXT_TOO_LONG = 'ก'.repeat(10_000);

describe('accounts: /api/auth, /api/users, /api/tokens', () => {
  it('login refuses mistyped credentials with 400 and unknown ones with 401, whatever they contain', async () => {
    const h = { 'X-Forwarded-For': FUZZ_IP };
    const typed: [string, unknown, unknown][] = [
      ['username', { $ne: null }, 'x'],
      ['username', ['admin'], 'x'],
      ['username', 12345, 'x'],
      ['username', null, 'x'],
      ['username', '   ', 'x'],
      ['password', 'admin', { $ne: null }],
      ['password', 'admin', ['x']],
      ['password', 'admin', true],
      ['password', 'admin', ''],
    ];
    const cases: Case[] = typed.map(([field, username, password]) => ({ label: `${field} ${short(field === 'username' ? username : password)}`, method: 'post', url: '/api/auth/login', body: { username, password }, headers: h, field, status: [400] }));
    for (const s of [...some(META_STRINGS, 4), ...NUL_STRINGS, TEXT_TOO_LONG]) {
      cases.push({ label: `user name ${short(s)}`, method: 'post', url: '/api/auth/login', body: { username: s, password: 'whatever it is' }, headers: h, status: [400, 401, 429] });
      cases.push({ label: `password ${short(s)}`, method: 'post', url: '/api/auth/login', body: { username: 'fz-target', password: s }, headers: h, status: [400, 401, 429] });
    }
    // Extra fields do not make a login: role, user id, session.
    cases.push({ label: 'extra fields', method: 'post', url: '/api/auth/login', body: { username: 'fz-target', password: 'wrong password here', role: 'admin', user_id: 1, mustChangePassword: false }, headers: h, status: [400, 401, 429] });
    const failures = await refuseAll(cases, ['login_failures']);
    await knex('login_failures').where('id', '>', base.loginFailures).delete();
    expect(failures).toEqual([]);
  });

  it('password change refuses mistyped, weak and wrong passwords, naming the field', async () => {
    const h = sessionHeaders();
    const cases: Case[] = [
      ...[12345, { $ne: null }, ['x'], null, true, '', TEXT_TOO_LONG, "' or '1'='1", '\u0000'].map((v) => ({
        label: `currentPassword ${short(v)}`, method: 'post' as const, url: '/api/auth/password', headers: h, body: { currentPassword: v, newPassword: 'a perfectly fine new password' }, field: 'currentPassword',
      })),
      ...[12345, { $ne: null }, ['x'], null, true, 'short', 'a'.repeat(20), 'x'.repeat(201), 'my fz-session password', TEST_PASSWORD].map((v) => ({
        label: `newPassword ${short(v)}`, method: 'post' as const, url: '/api/auth/password', headers: h, body: { currentPassword: TEST_PASSWORD, newPassword: v }, field: 'newPassword',
      })),
      { label: 'role alongside', method: 'post', url: '/api/auth/password', headers: h, body: { currentPassword: 'wrong one, surely', newPassword: 'a perfectly fine new password', role: 'admin' } },
    ];
    expect(await refuseAll(cases)).toEqual([]);
  });

  const NEW_USER = () => ({ username: `fz-new-${R.int(1e9)}`, role: 'committee', province: '15', displayName: 'ผู้ใช้ใหม่' });

  it('POST /api/users refuses bad fields, unknown fields and references to nothing, naming them', async () => {
    const bad: [string, unknown[]][] = [
      ['username', [null, 12345, { $ne: null }, ['a'], '', 'ab', 'x'.repeat(65), "fz'; drop table users; --", 'fz user', 'fz-ผู้ใช้', 'fz-\u0000', '%', '_', '\\']],
      ['role', [null, 'root', 'ADMIN', 1, ['admin'], { role: 'admin' }]],
      ['province', [15, '1', '151', '๑๕', "15' --", '99', {}, ['15']]],
      ['agencyId', ['1', -1, 0, 1.5, INT4_OVERFLOW, 2 ** 53, NO_SUCH_RECORD, {}]],
      ['stations', ['1', [0], [-1], [1.5], [INT4_OVERFLOW], [NO_SUCH_RECORD], [{}], Array.from({ length: 201 }, (_, i) => i + 1)]],
      ['displayName', [12345, {}, ['x'], 'x'.repeat(201), TEXT_TOO_LONG]],
    ];
    const cases: Case[] = bad.flatMap(([field, values]) => values.map((value) => ({ label: `${field} = ${short(value)}`, method: 'post' as const, url: '/api/users', body: { ...NEW_USER(), ...(field === 'agencyId' ? { role: 'recorder' } : field === 'stations' ? { role: 'police' } : {}), [field]: value }, field })));
    // Mass assignment: columns of users that are not inputs.
    for (const [field, value] of Object.entries({ password_hash: '$argon2id$v=19$m=19456,t=2,p=1$AAAA$AAAA', passwordHash: 'x', password: 'chosen by me 123', must_change_password: false, mustChangePassword: false, disabled: true, id: 1, created_at: '2000-01-01T00:00:00Z', province_code: '15', police_station_ids: [1], last_login_at: '2000-01-01T00:00:00Z' })) {
      cases.push({ label: `undeclared ${field}`, method: 'post', url: '/api/users', body: { ...NEW_USER(), [field]: value }, field, status: [400] });
    }
    // A committee account of this province is in a secretariat's reach, the rest is not: 400 or 403, never 5xx.
    cases.push(...bad.map(([field, values]) => ({ label: `as secretariat: ${field} = ${short(values[0])}`, method: 'post' as const, url: '/api/users', body: { ...NEW_USER(), [field]: values[0] }, as: sec15 })));
    cases.push({ label: 'as secretariat: an admin account', method: 'post', url: '/api/users', body: { ...NEW_USER(), role: 'admin', province: null }, as: sec15, status: [403] });
    cases.push({ label: 'as secretariat: an account of another province', method: 'post', url: '/api/users', body: { ...NEW_USER(), province: other.code }, as: sec15, status: [403] });
    cases.push({ label: 'as committee viewer', method: 'post', url: '/api/users', body: NEW_USER(), as: committee15, status: [403] });
    expect(await refuseAll(cases)).toEqual([]);
  });

  it('PATCH /api/users/:id takes display name, disabled, role and scope only: password hash, username… are refused and not stored; bad roles and scopes refused', async () => {
    const url = `/api/users/${targetUserId}`;
    const before = await knex('users').where('id', targetUserId).first();
    const cases: Case[] = [
      ...[12345, {}, ['x'], 'x'.repeat(201), TEXT_TOO_LONG].map((v) => ({ label: `displayName ${short(v)}`, method: 'patch' as const, url, body: { displayName: v }, field: 'displayName' })),
      ...['true', 1, null, {}, []].map((v) => ({ label: `disabled ${short(v)}`, method: 'patch' as const, url, body: { disabled: v }, field: 'disabled' })),
      { label: 'disable oneself', method: 'patch', url: `/api/users/${session.userId}`, headers: sessionHeaders(), body: { disabled: true }, field: 'disabled' },
      // Role and scope are declared (an account's role can be changed), but only to valid values.
      ...['superuser', '', 7, null, ['admin']].map((v) => ({ label: `role ${short(v)}`, method: 'patch' as const, url, body: { role: v }, field: 'role' })),
      ...['1', '151', 'xx', 15, {}].map((v) => ({ label: `province ${short(v)}`, method: 'patch' as const, url, body: { province: v }, field: 'province' })),
      ...['abc', -1, 0, 2 ** 31, {}].map((v) => ({ label: `agencyId ${short(v)}`, method: 'patch' as const, url, body: { role: 'recorder', agencyId: v }, field: 'agencyId' })),
      ...['x', [0], [-1], ['a'], {}].map((v) => ({ label: `stations ${short(v)}`, method: 'patch' as const, url, body: { role: 'police', stations: v }, field: 'stations' })),
      { label: 'change one\'s own role', method: 'patch', url: `/api/users/${session.userId}`, headers: sessionHeaders(), body: { role: 'committee', province: '15' }, field: 'role' },
    ];
    const injected: Record<string, unknown> = {
      password_hash: '$argon2id$v=19$m=19456,t=2,p=1$AAAA$AAAA', passwordHash: 'x', password: 'chosen by me 123', province_code: null,
      username: 'fz-renamed', agency_id: 1, police_station_ids: [1], must_change_password: false, mustChangePassword: false,
      id: 1, created_at: '2000-01-01T00:00:00Z', last_login_at: '2000-01-01T00:00:00Z', display_name: 'sneaky',
    };
    for (const [field, value] of Object.entries(injected)) {
      cases.push({ label: `undeclared ${field}`, method: 'patch', url, body: { displayName: 'ชื่อใหม่', [field]: value }, field, status: [400] });
      cases.push({ label: `undeclared ${field} as secretariat`, method: 'patch', url, body: { [field]: value }, as: sec15, field, status: [400] });
    }
    for (const { id, label } of BAD_IDS) cases.push({ label: `id ${label}`, method: 'patch', url: `/api/users/${id}`, body: { displayName: 'x' }, status: [400, 404] });
    cases.push({ label: 'an admin account, as secretariat', method: 'patch', url: `/api/users/${session.userId}`, body: { displayName: 'x' }, as: sec15, status: [404] });
    cases.push({ label: 'as committee viewer', method: 'patch', url, body: { displayName: 'x' }, as: committee15, status: [403, 404] });
    const failures = await refuseAll(cases);
    const after = await knex('users').where('id', targetUserId).first();
    expect({ failures, changed: JSON.stringify(after) === JSON.stringify(before) ? [] : Object.keys(before).filter((k) => JSON.stringify(before[k]) !== JSON.stringify(after?.[k])) }).toEqual({ failures: [], changed: [] });
  });

  it('reset-password refuses ids that are no account in reach', async () => {
    const cases: Case[] = BAD_IDS.map(({ id, label }) => ({ label: `id ${label}`, method: 'post' as const, url: `/api/users/${id}/reset-password`, status: [400, 404] }));
    cases.push({ label: 'an admin account, as secretariat', method: 'post', url: `/api/users/${session.userId}/reset-password`, as: sec15, status: [404] });
    cases.push({ label: 'as committee viewer', method: 'post', url: `/api/users/${targetUserId}/reset-password`, as: committee15, status: [403, 404] });
    expect(await refuseAll(cases)).toEqual([]);
  });

  it('POST /api/tokens refuses bad names and lifetimes, and another user id, hash or state', async () => {
    const h = sessionHeaders();
    const cases: Case[] = [
      ...[null, 12345, {}, ['x'], '', '   ', 'x'.repeat(101), TEXT_TOO_LONG].map((v) => ({ label: `name ${short(v)}`, method: 'post' as const, url: '/api/tokens', headers: h, body: { name: v }, field: 'name' })),
      ...['30', 0, -1, 1.5, 3651, INT4_OVERFLOW, 1e308, {}, true].map((v) => ({ label: `expiresInDays ${short(v)}`, method: 'post' as const, url: '/api/tokens', headers: h, body: { name: 'fz', expiresInDays: v }, field: 'expiresInDays' })),
      ...NUL_STRINGS.map((v) => ({ label: `name with NUL ${short(v)}`, method: 'post' as const, url: '/api/tokens', headers: h, body: { name: v }, field: 'name' })),
      // Made from a session only: a token cannot make tokens, whatever the body.
      { label: 'with an API token', method: 'post', url: '/api/tokens', body: { name: 'fz' }, status: [403] },
      { label: 'with an API token, bad body', method: 'post', url: '/api/tokens', body: { name: 5 } },
    ];
    const injected: Record<string, unknown> = { user_id: targetUserId, userId: targetUserId, token_hash: 'a'.repeat(64), token: 'cca_AAAAAAAA_' + 'A'.repeat(43), prefix: 'AAAAAAAA', revoked_at: null, expires_at: '2999-01-01T00:00:00Z', created_at: '2000-01-01T00:00:00Z', last_used_at: null, id: 1 };
    for (const [field, value] of Object.entries(injected)) cases.push({ label: `undeclared ${field}`, method: 'post', url: '/api/tokens', headers: h, body: { name: 'fz', [field]: value }, field, status: [400] });
    expect(await refuseAll(cases)).toEqual([]);
  });

  it('DELETE /api/tokens/:id refuses bad ids and other users\' tokens', async () => {
    const cases: Case[] = BAD_IDS.map(({ id, label }) => ({ label: `id ${label}`, method: 'delete' as const, url: `/api/tokens/${id}`, headers: sessionHeaders(), status: [400, 404] }));
    cases.push({ label: "another user's token", method: 'delete', url: `/api/tokens/${targetTokenId}`, headers: sessionHeaders(), status: [404] });
    cases.push({ label: "another user's token, as secretariat", method: 'delete', url: `/api/tokens/${targetTokenId}`, as: sec15, status: [404] });
    expect(await refuseAll(cases)).toEqual([]);
  });

  it('stores display names and token names full of metacharacters exactly; refuses NUL', async () => {
    const auditBefore = await maxAuditId();
    const before = await dbState(knex, ['audit_log']);
    const failures: string[] = [];
    for (const s of some(META_STRINGS, 4)) {
      const res = await send({ method: 'post', url: '/api/users', body: { ...NEW_USER(), displayName: fit(s, 200) } });
      if (res.status !== 201) failures.push(`POST /api/users displayName ${short(s)}: ${res.status} ${short(res.body)}`);
      else {
        const row = await knex('users').where('id', res.body.user.id).first();
        if (row.display_name !== fit(s, 200).trim()) failures.push(`POST /api/users displayName stored ${short(row.display_name)}, sent ${short(s)}`);
        const patch = R.pick(META_STRINGS);
        const p = await send({ method: 'patch', url: `/api/users/${row.id}`, body: { displayName: patch } });
        const again = await knex('users').where('id', row.id).first();
        if (p.status !== 200 || again.display_name !== patch.trim()) failures.push(`PATCH /api/users/${row.id} displayName ${short(patch)}: ${p.status}, stored ${short(again.display_name)}`);
        await knex('users').where('id', row.id).delete();
      }
      const t = await send({ method: 'post', url: '/api/tokens', headers: sessionHeaders(), body: { name: fit(s, 100) } });
      if (t.status !== 201) failures.push(`POST /api/tokens name ${short(s)}: ${t.status} ${short(t.body)}`);
      else {
        const row = await knex('api_tokens').where('id', t.body.id).first();
        if (row.name !== fit(s, 100).trim()) failures.push(`POST /api/tokens name stored ${short(row.name)}, sent ${short(s)}`);
        if (Number(row.user_id) !== session.userId) failures.push(`POST /api/tokens stored user ${row.user_id}`);
        await knex('api_tokens').where('id', row.id).delete();
      }
    }
    failures.push(...(await refuseAll(NUL_STRINGS.map((s) => ({ label: `displayName with NUL ${short(s)}`, method: 'post' as const, url: '/api/users', body: { ...NEW_USER(), displayName: s }, field: 'displayName' })), ['audit_log'])));
    failures.push(...(await refuseAll(NUL_STRINGS.map((s) => ({ label: `displayName with NUL ${short(s)}`, method: 'patch' as const, url: `/api/users/${targetUserId}`, body: { displayName: s }, field: 'displayName' })), ['audit_log'])));
    await knex('users').whereLike('username', 'fz-new-%').delete();
    await dropAuditSince(auditBefore);
    const changed = changedTables(before, await dbState(knex, ['audit_log']));
    if (changed.length) failures.push(`account round trips left changes in ${changed.join(', ')}`);
    expect(failures).toEqual([]);
  });
});

// ---- installation photos ---------------------------------------------------------------------------

const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01]), Buffer.alloc(64, 7), Buffer.from([0xff, 0xd9])]);
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(64, 1)]);

describe('photos: /api/cameras/:id/photos, /api/photos/:id', () => {
  it('refuses wrong types, empty and mismatched content, oversized photos and bad ids', async () => {
    const url = `/api/cameras/${cameraId}/photos`;
    const cases: Case[] = [
      { label: 'no type', method: 'post', url, raw: JPEG, type: 'application/octet-stream', field: 'content-type' },
      { label: 'image/gif', method: 'post', url, raw: JPEG, type: 'image/gif', field: 'content-type' },
      { label: 'image/svg+xml', method: 'post', url, raw: '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', type: 'image/svg+xml', field: 'content-type' },
      { label: 'text/plain', method: 'post', url, raw: 'hello', type: 'text/plain', field: 'content-type' },
      { label: 'JSON', method: 'post', url, body: { data: JPEG.toString('base64') } },
      { label: 'empty', method: 'post', url, raw: Buffer.alloc(0), type: 'image/jpeg', field: 'body' },
      { label: 'PNG bytes as JPEG', method: 'post', url, raw: PNG, type: 'image/jpeg', field: 'body' },
      { label: 'JPEG bytes as PNG', method: 'post', url, raw: JPEG, type: 'image/png', field: 'body' },
      { label: 'a PDF as JPEG', method: 'post', url, raw: Buffer.from('%PDF-1.4\n%âãÏÓ\n1 0 obj'), type: 'image/jpeg', field: 'body' },
      { label: '6 MB', method: 'post', url, raw: Buffer.concat([JPEG, Buffer.alloc(6 * 1024 * 1024)]), type: 'image/jpeg', status: [413] },
      ...NUL_STRINGS.map((s) => ({ label: `caption with NUL ${short(s)}`, method: 'post' as const, url: `${url}?caption=${encodeURIComponent(s)}`, raw: JPEG, type: 'image/jpeg', field: 'caption' })),
      ...NUL_STRINGS.map((s) => ({ label: `filename with NUL ${short(s)}`, method: 'post' as const, url: `${url}?filename=${encodeURIComponent(s)}`, raw: JPEG, type: 'image/jpeg', field: 'filename' })),
      ...BAD_IDS.map(({ id, label }) => ({ label: `camera id ${label}`, method: 'post' as const, url: `/api/cameras/${id}/photos`, raw: JPEG, type: 'image/jpeg', status: [400, 404] })),
      ...BAD_IDS.map(({ id, label }) => ({ label: `photo id ${label}`, method: 'delete' as const, url: `/api/photos/${id}`, status: [400, 404] })),
      { label: 'as secretariat of another province', method: 'post', url, raw: JPEG, type: 'image/jpeg', as: secOther, status: [404] },
      { label: 'as committee viewer', method: 'post', url, raw: JPEG, type: 'image/jpeg', as: committee15, status: [403] },
    ];
    expect(await refuseAll(cases)).toEqual([]);
  });

  it('ignores camera, size, hash, type and id given as parameters, and keeps captions exactly', async () => {
    const auditBefore = await maxAuditId();
    const before = await dbState(knex, ['audit_log']);
    const failures: string[] = [];
    const caption = R.pick(META_STRINGS);
    const filename = R.pick(META_STRINGS);
    const res = await request(server)
      .post(`/api/cameras/${cameraId}/photos`)
      .query({ caption, filename, camera_id: target.cameras! + 1, size_bytes: 1, sha256: 'f'.repeat(64), content_type: 'image/png', id: 987_654, created_at: '2000-01-01T00:00:00Z' })
      .set('Content-Type', 'image/jpeg')
      .send(JPEG);
    if (res.status !== 201) failures.push(`photo upload with extra parameters: ${res.status} ${short(res.body)}`);
    else {
      const row = await knex('camera_photos').where('id', res.body.id).first();
      const want = { camera_id: cameraId, size_bytes: JPEG.length, sha256: crypto.createHash('sha256').update(JPEG).digest('hex'), content_type: 'image/jpeg', caption, filename: filename.trim() };
      const got = { camera_id: Number(row.camera_id), size_bytes: Number(row.size_bytes), sha256: row.sha256, content_type: row.content_type, caption: row.caption, filename: row.filename };
      if (JSON.stringify(got) !== JSON.stringify(want)) failures.push(`photo stored ${short(got)}, expected ${short(want)}`);
      if (Number(row.id) === 987_654 || new Date(row.created_at).getUTCFullYear() === 2000) failures.push(`photo took id or created_at from the query: ${row.id} ${row.created_at}`);
      const del = await send({ method: 'delete', url: `/api/photos/${row.id}` });
      if (del.status !== 204) failures.push(`DELETE /api/photos/${row.id}: ${del.status}`);
    }
    await dropAuditSince(auditBefore);
    const changed = changedTables(before, await dbState(knex, ['audit_log']));
    if (changed.length) failures.push(`photo round trip left changes in ${changed.join(', ')}`);
    expect(failures).toEqual([]);
  });
});

// ---- import ----------------------------------------------------------------------------------------

describe('import: /api/import', () => {
  const CSV = 'code,place,status,lat,lon\n';
  const upload = (query: string, file: Buffer | string, extra: (t: request.Test) => request.Test = (t) => t) =>
    extra(request(server).post(`/api/import${query}`)).attach('file', Buffer.isBuffer(file) ? file : Buffer.from(file), 'fuzz.csv');

  it('refuses bad parameters, missing or unreadable files and bad mappings with 400; invalid rows with 422; writes nothing', async () => {
    const before = await dbState(knex);
    const failures: string[] = [];
    const good = `${CSV}FZ-1,ok,working,14.5896,100.4555\n`;
    const checks: [string, () => request.Test, number[], string?][] = [
      ['no kind', () => upload('', good), [400], 'kind'],
      ['kind unknown', () => upload('?kind=camera', good), [400], 'kind'],
      ['kind with SQL', () => upload(`?kind=${encodeURIComponent("cameras'; drop table cameras; --")}`, good), [400], 'kind'],
      ['kind twice', () => upload('?kind=cameras&kind=cameras&dry_run=true', good), [400], 'kind'],
      ['kind with NUL', () => upload('?kind=cameras%00&dry_run=true', good), [400], 'kind'],
      ['unknown parameter', () => upload('?kind=cameras&table=users&dry_run=true', good), [400], 'table'],
      ['province unknown', () => upload('?kind=cameras&province=Atlantis&dry_run=true', good), [400], 'province'],
      ['province with SQL', () => upload(`?kind=cameras&province=${encodeURIComponent("15' or '1'='1")}&dry_run=true`, good), [400], 'province'],
      ['province with NUL', () => upload('?kind=cameras&province=15%00&dry_run=true', good), [400], 'province'],
      ['province with LIKE wildcards', () => upload('?kind=cameras&province=%25&dry_run=true', good), [400], 'province'],
      ['province twice', () => upload('?kind=cameras&province=15&province=10&dry_run=true', good), [400], 'province'],
      ['year letters', () => upload('?kind=lao_survey&year=abc', good), [400], 'year'],
      ['year 2^64', () => upload('?kind=lao_survey&year=18446744073709551616', good), [400], 'year'],
      ['year negative', () => upload('?kind=lao_survey&year=-2019', good), [400], 'year'],
      ['encoding unknown', () => upload('?kind=cameras&encoding=klingon&dry_run=true', good), [400], 'encoding'],
      // iconv-lite reads encoding names leniently ("UTF8", "utf-8\0" are utf-8): either answer is right.
      ['encoding with NUL', () => upload('?kind=cameras&encoding=utf-8%00&dry_run=true', good), [200, 400]],
      ['sheet negative', () => upload('?kind=cameras&sheet=-1&dry_run=true', good), [200, 400]],
      ['JSON body instead of a file', () => request(server).post('/api/import?kind=cameras').send({ file: good }), [400], 'file'],
      ['text body instead of a file', () => request(server).post('/api/import?kind=cameras').set('Content-Type', 'text/csv').send(good), [400], 'file'],
      ['no file field', () => request(server).post('/api/import?kind=cameras').field('mapping', '{}'), [400], 'file'],
      ['file in another field', () => request(server).post('/api/import?kind=cameras').attach('upload', Buffer.from(good), 'x.csv'), [400], 'file'],
      ['truncated multipart', () => request(server).post('/api/import?kind=cameras').set('Content-Type', 'multipart/form-data; boundary=XX').send('--XX\r\nContent-Disposition: form-data; name="file"; filename="a.csv"\r\n\r\ncode,place'), [400], 'file'],
      ['multipart without boundary', () => request(server).post('/api/import?kind=cameras').set('Content-Type', 'multipart/form-data').send('abc'), [400], 'file'],
      ['binary garbage', () => upload('?kind=cameras', Buffer.from([0, 1, 2, 3, 255, 254, 0, 0])), [400], 'file'],
      ['empty file', () => upload('?kind=cameras', Buffer.alloc(0)), [400, 422]],
      ['mapping not JSON', () => upload('?kind=cameras', good, (t) => t.field('mapping', '{columns:')), [400], 'mapping'],
      ['mapping of the wrong shape', () => upload('?kind=cameras', good, (t) => t.field('mapping', '{"columns": 5}')), [400], 'mapping'],
      ['mapping to an unknown field', () => upload('?kind=cameras', good, (t) => t.field('mapping', '{"columns": {"place": "password_hash"}}')), [400], 'mapping'],
      ['mapping with SQL', () => upload('?kind=cameras', good, (t) => t.field('mapping', JSON.stringify({ columns: { place: "place_name'; drop table cameras; --" } }))), [400], 'mapping'],
      ['invalid rows (swapped, unknown status, outside Thailand)', () => upload('?kind=cameras', `${CSV}B-2,swapped,working,100.4555,14.5896\nB-3,unknown,workin,14.59,100.45\nB-4,Paris,working,48.85,2.35\n`), [422]],
      ['SQL and NUL in cells of invalid rows', () => upload('?kind=cameras', `${CSV}"x'; drop table cameras; --","a\u0000b",working,95,200\n`), [400, 422]],
      ['a NUL in a cell of a valid row', () => upload('?kind=cameras', `${CSV}FZ-NUL,"before\u0000after",working,14.5896,100.4555\n`), [400, 422]],
      ['NUL in the header', () => upload('?kind=cameras', `code,pla\u0000ce,status,lat,lon\nFZ-2,x,working,14.5896,100.4555\n`), [400, 422]],
      ['1e308 and NaN coordinates', () => upload('?kind=cameras', `${CSV}FZ-3,x,working,1e308,NaN\nFZ-4,y,working,Infinity,-Infinity\n`), [422]],
      ['a row of 10,000 columns', () => upload('?kind=cameras', `${CSV.trim()}${',x'.repeat(10_000)}\nFZ-5,x,working,95,200${',y'.repeat(10_000)}\n`), [400, 422]],
      ['51 MB', () => upload('?kind=cameras', Buffer.alloc(51 * 1024 * 1024, 0x41)), [413]],
      ['as committee viewer', () => upload('?kind=cameras', good).set('Authorization', `Bearer ${committee15}`), [403]],
      ['as secretariat, another province', () => upload(`?kind=cameras&province=${other.code}`, good).set('Authorization', `Bearer ${sec15}`), [403]],
      ['as secretariat, rows of another province', () => upload('?kind=cameras', `${CSV}FZ-6,x,working,${other.point[1]},${other.point[0]}\n`).set('Authorization', `Bearer ${sec15}`), [403, 422]],
    ];
    // A stream error nobody listens to is thrown outside every handler: it would end the API process.
    const escaped: Error[] = [];
    const onUncaught = (err: Error) => escaped.push(err);
    process.on('uncaughtException', onUncaught);
    for (const [label, make, statuses, field] of checks) {
      const res = await make();
      await new Promise((resolve) => setTimeout(resolve, 20));
      if (escaped.length) failures.push(`[seed ${FUZZ_SEED}] POST /api/import — ${label}: an exception escaped the request (${escaped.splice(0).map((e) => e.message).join('; ')}); with no uncaughtException handler it ends the API process`);
      const head = `[seed ${FUZZ_SEED}] POST /api/import — ${label}`;
      if (!statuses.includes(res.status)) failures.push(`${head}: ${res.status}, expected ${statuses.join(' or ')}: ${short(res.body)}`);
      else if (res.status === 422) {
        const errors = res.body?.errors as { message?: unknown; row?: unknown }[] | undefined;
        if (!Array.isArray(errors) || !errors.length || errors.some((e) => typeof e.message !== 'string' || e.row === undefined)) failures.push(`${head}: 422 without row errors: ${short(res.body)}`);
      } else if (res.status >= 400) {
        const p = problem(res, { label, method: 'post', url: '/api/import', field, status: statuses });
        if (p) failures.push(p);
      }
    }
    process.off('uncaughtException', onUncaught);
    const changed = changedTables(before, await dbState(knex));
    if (changed.length) failures.push(`[seed ${FUZZ_SEED}] the database changed (${changed.join(', ')}) during bad imports`);
    expect(failures).toEqual([]);
  });
});

// ---- plans -----------------------------------------------------------------------------------------

describe('plans: /api/plans', () => {
  const RANK = { province: '15', budget: 5_000_000, method: 'greedy', time_limit: 0.5 };
  /** A draft plan of this file's own, so that PATCH and approve reach the database. */
  let planId: number;
  let auditBefore: number;
  beforeAll(async () => {
    auditBefore = await maxAuditId();
    const res = await send({ method: 'post', url: '/api/plans', body: { ...RANK, name: 'แผนทดสอบ fuzz' } });
    expect(res.status, short(res.body)).toBe(201);
    planId = Number(res.body.id);
  });
  afterAll(async () => {
    if (planId) await knex('plans').where('id', planId).delete();
    await dropAuditSince(auditBefore);
  });
  const BAD: [string, unknown[]][] = [
    ['province', [{}, [], true, null, "'; drop table plans; --", '%', '_', 'Atlantis', '\u0000', 'ก้ำ', 999]],
    ['district', [{}, true, null, 'abc', -1, 0, INT4_OVERFLOW, 2 ** 53 + 2, 1.5, '1; drop table plans', '\u0000']],
    ['police_station', [{}, false, -1, INT4_OVERFLOW, '1 or 1=1', 1e308]],
    ['bbox', ['1,2,3', [1, 2, 3], [1, 2, 3, '4'], 'a,b,c,d', [200, 0, 201, 1], '100,14,99,13', {}, true, [1e308, 1e308, 1e308, 1e308]]],
    ['budget', ['1000', -1, 1e14, null, true, {}, [], new Raw('1e999')]],
    ['method', ['fastest', 1, null, ['greedy']]],
    ['time_limit', [0, 121, '10', -1, new Raw('1e999')]],
    ['forced', [[], 'in', { x: 'maybe' }, { x: 1 }, { x: null }]],
    ['piece_m', [0, 1001, 'x']],
    ['request_weight', [-1, 1e7, 'x']],
    ['approved_forced_in', ['true', 1]],
    ['kinds', [[], ['site', 'x'], 'site', [1]]],
    ['requests_since', ['2025-13-01', '0000-01-01', 'yesterday', 20250101]],
    ['curve_step', [0, -1, 1e14, 'x']],
  ];

  it('POST /api/plans/rank and POST /api/plans refuse each bad field by name and save nothing', async () => {
    const cases: Case[] = [];
    for (const [field, values] of BAD) {
      for (const value of values) {
        cases.push({ label: `${field} = ${short(value)}`, method: 'post', url: '/api/plans/rank', body: { ...RANK, [field]: value }, field });
        cases.push({ label: `${field} = ${short(value)}`, method: 'post', url: '/api/plans', body: { ...RANK, name: 'แผนทดสอบ', [field]: value }, field });
      }
    }
    cases.push({ label: 'budget missing', method: 'post', url: '/api/plans/rank', body: { province: '15' }, field: 'budget' });
    for (const v of [null, '', '   ', 'x'.repeat(201), 5, {}]) cases.push({ label: `name ${short(v)}`, method: 'post', url: '/api/plans', body: { ...RANK, name: v }, field: 'name' });
    for (const v of ['x'.repeat(10_001), 5, {}]) cases.push({ label: `notes ${short(v)}`, method: 'post', url: '/api/plans', body: { ...RANK, name: 'x', notes: v }, field: 'notes' });
    for (const [field, value] of Object.entries({ id: 1, status: 'approved', province_code: other.code, budget_baht: 1, result: {}, items: [], created_at: '2000-01-01T00:00:00Z', approved_at: '2000-01-01T00:00:00Z', version: 9 })) {
      cases.push({ label: `undeclared ${field}`, method: 'post', url: '/api/plans', body: { ...RANK, name: 'x', [field]: value }, field, status: [400] });
      cases.push({ label: `undeclared ${field}`, method: 'post', url: '/api/plans/rank', body: { ...RANK, [field]: value }, field, status: [400] });
    }
    cases.push({ label: 'as secretariat, another province', method: 'post', url: '/api/plans', body: { ...RANK, name: 'x', province: other.code }, as: sec15, status: [403] });
    cases.push({ label: 'as committee viewer', method: 'post', url: '/api/plans', body: { ...RANK, name: 'x' }, as: committee15, status: [403] });
    expect(await refuseAll(cases)).toEqual([]);
  });

  it('PATCH, approve and DELETE /api/plans/:id refuse bad bodies, undeclared fields and bad ids', async () => {
    const url = `/api/plans/${planId}`;
    const cases: Case[] = [];
    const bad: [string, unknown[]][] = [
      ['version', ['1', 0, -1, 1.5, null, INT4_OVERFLOW * 4, {}]],
      ['name', [null, '', '   ', 'x'.repeat(201), 5]],
      ['notes', ['x'.repeat(10_001), 5, {}]],
      ['priorities', [{}, 'x', [{ candidate: '', priority: 1, reason: 'r' }], [{ candidate: 'c', priority: 0, reason: 'r' }], [{ candidate: 'c', priority: 1, reason: '' }], [{ candidate: 'c', priority: 1, reason: 'r', id: 5 }], [{ candidate: 'c', priority: 1.5, reason: 'r' }], [{ candidate: 'c'.repeat(101), priority: 1, reason: 'r' }], [{ candidate: 'c', priority: 1, reason: 'r'.repeat(2001) }]]],
    ];
    for (const [field, values] of bad) for (const value of values) cases.push({ label: `${field} = ${short(value)}`, method: 'patch', url, body: { [field]: value }, field });
    for (const value of ['1', 0, -1, 1.5, null, {}]) cases.push({ label: `version = ${short(value)}`, method: 'post', url: `${url}/approve`, body: { version: value }, field: 'version' });
    for (const [field, value] of Object.entries({ status: 'approved', province_code: other.code, budget_baht: 1, result: {}, id: 2, approved_at: '2000-01-01T00:00:00Z', method: 'exact', area: {} })) {
      cases.push({ label: `undeclared ${field}`, method: 'patch', url, body: { [field]: value }, field, status: [400] });
      cases.push({ label: `undeclared ${field}`, method: 'post', url: `${url}/approve`, body: { [field]: value }, field, status: [400] });
    }
    for (const { id: bad, label } of BAD_IDS) {
      cases.push({ label: `id ${label}`, method: 'patch', url: `/api/plans/${bad}`, body: { name: 'x' }, status: [400, 404] });
      cases.push({ label: `id ${label}`, method: 'post', url: `/api/plans/${bad}/approve`, body: {}, status: [400, 404] });
      cases.push({ label: `id ${label}`, method: 'delete', url: `/api/plans/${bad}`, status: [400, 404] });
    }
    expect(await refuseAll(cases)).toEqual([]);
  });
});

// ---- certification ---------------------------------------------------------------------------------

describe('certification: /api/certification', () => {
  it('PUT /api/certification/deadlines refuses bad provinces, dates and undeclared fields by name', async () => {
    const url = '/api/certification/deadlines';
    const ok = { province: '15', due_on: '2030-09-30' };
    const cases: Case[] = [];
    const bad: [string, unknown[]][] = [
      ['province', [5, {}, null, '1', 'ALL', 'everything', '๑๕', "15' --", '15\u0000', ['15'], '99']],
      ['due_on', [5, 'tomorrow', '2019-02-30', '2019-9-1', '0000-01-01', '20190930', {}, true, "2030-09-30'; drop table certification_deadlines; --"]],
      ['round_from', ['2031-01-01', '0000-01-01', 'x', 5, null]],
    ];
    for (const [field, values] of bad) for (const value of values) cases.push({ label: `${field} = ${short(value)}`, method: 'put', url, body: { ...ok, [field]: value }, field: value === '99' ? undefined : field });
    cases.push({ label: 'due_on missing', method: 'put', url, body: { province: '15' }, field: 'due_on' });
    cases.push({ label: 'round_from on a removed deadline', method: 'put', url, body: { province: '15', due_on: null, round_from: '2030-01-01' }, field: 'round_from' });
    for (const [field, value] of Object.entries({ set_by: 1, set_by_name: 'x', set_at: '2000-01-01T00:00:00Z', province_code: '10', id: 1 })) cases.push({ label: `undeclared ${field}`, method: 'put', url, body: { ...ok, [field]: value }, field, status: [400] });
    cases.push({ label: 'as secretariat', method: 'put', url, body: ok, as: sec15, status: [403] });
    cases.push({ label: 'as secretariat, bad body', method: 'put', url, body: { ...ok, due_on: 'x' }, as: sec15 });
    expect(await refuseAll(cases)).toEqual([]);
  });

  it('submit, certify and return refuse bad notes, undeclared fields and unknown provinces', async () => {
    const cases: Case[] = [];
    for (const action of ['submit', 'certify', 'return']) {
      const url = `/api/certification/15/${action}`;
      for (const value of [5, {}, ['x'], true, 'x'.repeat(5001), TEXT_TOO_LONG]) cases.push({ label: `note = ${short(value)}`, method: 'post', url, body: { note: value }, field: 'note' });
      for (const [field, value] of Object.entries({ status: 'certified', province_code: other.code, submitted_by: 1, decided_by: 1, counts: {}, records: {}, id: 1, submitted_at: '2000-01-01T00:00:00Z' })) {
        cases.push({ label: `undeclared ${field}`, method: 'post', url, body: { note: 'x', [field]: value }, field, status: [400] });
      }
      for (const province of ['1', '151', '99', 'xx', '๑๕', encodeURIComponent("15'; drop table certifications; --"), '%00', '15%00', '%25', '_', 'all']) {
        cases.push({ label: `province ${province}`, method: 'post', url: `/api/certification/${province}/${action}`, body: { note: 'x' }, status: [400, 404] });
      }
      cases.push({ label: 'as committee, another province', method: 'post', url: `/api/certification/${other.code}/${action}`, body: {}, as: committee15, status: [403, 404, 409] });
    }
    cases.push({ label: 'NUL in the note', method: 'post', url: '/api/certification/15/submit', body: { note: 'before\u0000after' }, field: 'note' });
    cases.push({ label: 'return without a note', method: 'post', url: '/api/certification/15/return', body: { note: '   ' }, status: [400, 409] });
    cases.push({ label: 'as secretariat of another province', method: 'post', url: '/api/certification/15/submit', body: {}, as: secOther, status: [403] });
    cases.push({ label: 'as committee viewer', method: 'post', url: '/api/certification/15/submit', body: {}, as: committee15, status: [403] });
    expect(await refuseAll(cases)).toEqual([]);
  });
});
