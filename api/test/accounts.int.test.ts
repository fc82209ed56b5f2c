/**
 * Account changes through the HTTP API: every account write (create, change, disable/enable,
 * password reset and change, token create/revoke) is in the audit log with the account's province,
 * the request id and the account before and after — never a password, hash or token; a role or
 * scope change (PATCH /api/users/:id) is validated like a new account, allowed only to those who
 * manage the account both as it is and as it would be, never on oneself, and ends the account's
 * sessions and revokes its API tokens.
 */
import request from 'supertest';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createApp } from '../src/app.js';
import { createToken } from '../src/auth/store.js';
import { ensureDemo } from '../src/demo/seed.js';
import { sessionCookie, TEST_PASSWORD, tokenFor, userWithPassword } from './auth-helpers.js';
import { resetDomainData, testContext } from './db.js';

const ctx = testContext();
const knex = ctx.db.knex;
const app = createApp(ctx);

type Json = Record<string, any>;
const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

let ip = 1;
async function logIn(username: string) {
  const res = await request(app).post('/api/auth/login').set('X-Forwarded-For', `10.7.0.${ip++}`).send({ username, password: TEST_PASSWORD });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return { cookie: sessionCookie(res), csrf: res.body.csrfToken as string };
}

let admin: string;
let sec15: string;
let sec10: string;
let adminId: number;
let agency15: number;
let agency10: number;
let station15: number;
let station10: number;
/** Entries older than this belong to other test files. */
let since: string;
/** Every one-time password and token secret handed out here: none may reach the audit log. */
const secrets: string[] = [];

const userId = async (username: string) => Number((await knex('users').where('username', username).first('id')).id);
const entries = async (entity: string, id: number) =>
  (await knex('audit_log').where({ entity, entity_id: id }).where('at', '>=', since).orderBy('id')) as Json[];
const patch = (token: string, id: number, body: unknown, requestId?: string) => {
  const req = request(app).patch(`/api/users/${id}`).set(bearer(token));
  if (requestId) req.set('X-Request-Id', requestId);
  return req.send(body as object);
};

beforeAll(async () => {
  await resetDomainData(knex);
  await ensureDemo(knex, () => {});
  // Bangkok has no demo data: one agency and one station there for the scope checks.
  const [a10] = await knex('agencies').insert({ name: 'สำนักงานเขตทดสอบ', type: 'government', province_code: '10' }).returning('id');
  agency10 = Number(a10.id);
  agency15 = Number((await knex('agencies').where('province_code', '15').orderBy('id').first('id')).id);
  const stations = await knex('police_stations').where('province_code', '15').orderBy('id').limit(2).pluck('id');
  station15 = Number(stations[0]);
  const [s10] = await knex('police_stations')
    .insert({ name_th: 'สน.ทดสอบ', geom: knex.raw(`ST_SetSRID(ST_MakePoint(100.5018, 13.7563), 4326)`) })
    .returning(['id', 'province_code']);
  expect(s10.province_code).toBe('10');
  station10 = Number(s10.id);
  admin = await tokenFor(knex, { username: 'acc-admin', role: 'admin' });
  adminId = await userId('acc-admin');
  sec15 = await tokenFor(knex, { username: 'acc-sec15', role: 'secretariat', province: '15' });
  sec10 = await tokenFor(knex, { username: 'acc-sec10', role: 'secretariat', province: '10' });
  since = (await knex.raw(`select to_char(now() at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') t`)).rows[0].t;
}, 240_000);

beforeEach(async () => {
  await knex('login_failures').delete();
});

afterAll(async () => {
  await knex('users').whereLike('username', 'acc-%').delete();
  await ctx.db.close();
});

describe('account writes are audited', () => {
  it('create, change, disable, enable, reset: entity users, the account province, the request id, no password', async () => {
    await knex('users').where('username', 'acc-rec1').delete();
    const made = await request(app).post('/api/users').set(bearer(sec15)).set('X-Request-Id', 'acc-create-1').send({ username: 'acc-rec1', role: 'recorder', province: '15', agencyId: agency15 });
    expect(made.status).toBe(201);
    secrets.push(made.body.oneTimePassword);
    const id = made.body.user.id as number;

    const named = await patch(sec15, id, { displayName: 'ผู้บันทึก หนึ่ง' });
    expect(named.body).toEqual({ user: expect.objectContaining({ displayName: 'ผู้บันทึก หนึ่ง', role: 'recorder' }), endedSessions: 0, revokedTokens: 0 });
    // The same again changes nothing: no entry.
    expect((await patch(sec15, id, { displayName: 'ผู้บันทึก หนึ่ง' })).body).toMatchObject({ endedSessions: 0, revokedTokens: 0 });
    expect((await patch(sec15, id, { disabled: true })).body.user.disabled).toBe(true);
    expect((await patch(sec15, id, { disabled: false })).body.user.disabled).toBe(false);
    const reset = await request(app).post(`/api/users/${id}/reset-password`).set(bearer(sec15)).set('X-Request-Id', 'acc-reset-1');
    expect(reset.status).toBe(200);
    secrets.push(reset.body.oneTimePassword);

    const log = await entries('users', id);
    expect(log.map((e) => [e.action, e.username, e.province_code, e.from_province_code])).toEqual([
      ['create', 'acc-sec15', '15', null],
      ['update', 'acc-sec15', '15', null],
      ['update', 'acc-sec15', '15', null],
      ['update', 'acc-sec15', '15', null],
      ['update', 'acc-sec15', '15', null],
    ]);
    expect(log[0]!).toMatchObject({ request_id: 'acc-create-1', before: null });
    expect(log[0]!.after).toMatchObject({ id, username: 'acc-rec1', role: 'recorder', province_code: '15', agency_id: agency15, police_station_ids: [], disabled: false, must_change_password: true });
    expect([log[1]!.before.display_name, log[1]!.after.display_name]).toEqual([null, 'ผู้บันทึก หนึ่ง']);
    expect([log[2]!.after.disabled, log[3]!.after.disabled]).toEqual([true, false]);
    expect(log[4]!.request_id).toBe('acc-reset-1');
    expect(log[4]!.before.password_changed_at).not.toBe(log[4]!.after.password_changed_at);
    for (const e of log) expect(e.request_id).toMatch(/^[\w:.-]{1,64}$/);
    // The API's reader sees them under the account's province.
    const api = await request(app).get(`/api/audit?entity=users&entity_id=${id}`).set(bearer(sec15));
    expect(api.body.total).toBe(5);
    expect(api.body.items[0].changed_fields.sort()).toEqual(['password_changed_at']);
    expect((await request(app).get(`/api/audit?entity=users&entity_id=${id}`).set(bearer(sec10))).body.total).toBe(0);
  });

  it('own password change, token create and revoke: entity api_tokens under the owner province, never the token', async () => {
    const id = await userWithPassword(knex, { username: 'acc-pol1', role: 'police', province: '15', stations: [station15] });
    const s = await logIn('acc-pol1');
    const made = await request(app).post('/api/tokens').set('Cookie', s.cookie).set('X-CSRF-Token', s.csrf).set('X-Request-Id', 'tok-make').send({ name: 'QGIS' });
    expect(made.status).toBe(201);
    secrets.push(made.body.token);
    const revoked = await request(app).delete(`/api/tokens/${made.body.id}`).set('Cookie', s.cookie).set('X-CSRF-Token', s.csrf).set('X-Request-Id', 'tok-revoke');
    expect(revoked.status).toBe(204);
    // Revoking it twice: not found, no second entry.
    expect((await request(app).delete(`/api/tokens/${made.body.id}`).set('Cookie', s.cookie).set('X-CSRF-Token', s.csrf)).status).toBe(404);
    const log = await entries('api_tokens', made.body.id);
    expect(log.map((e) => [e.action, e.username, e.province_code, e.request_id])).toEqual([
      ['create', 'acc-pol1', '15', 'tok-make'],
      ['update', 'acc-pol1', '15', 'tok-revoke'],
    ]);
    expect(log[0]!.after).toMatchObject({ id: made.body.id, user_id: id, username: 'acc-pol1', name: 'QGIS', prefix: made.body.prefix, revoked_at: null });
    expect(log[1]!.before.revoked_at).toBeNull();
    expect(log[1]!.after.revoked_at).not.toBeNull();

    const changed = await request(app).post('/api/auth/password').set('Cookie', s.cookie).set('X-CSRF-Token', s.csrf).set('X-Request-Id', 'pw-change').send({ currentPassword: TEST_PASSWORD, newPassword: 'a brand new passphrase 42' });
    expect(changed.status).toBe(204);
    secrets.push('a brand new passphrase 42');
    const own = (await entries('users', id)).at(-1)!;
    expect(own).toMatchObject({ action: 'update', username: 'acc-pol1', province_code: '15', request_id: 'pw-change' });
    expect(own.after.must_change_password).toBe(false);
  });
});

describe('changing an account role and scope', () => {
  let recId: number;
  let recToken: string;

  beforeEach(async () => {
    recId = await userWithPassword(knex, { username: 'acc-rec2', role: 'recorder', province: '15', agencyId: agency15 });
    recToken = (await createToken(knex, recId, 'script')).token;
    await createToken(knex, recId, 'expired', 1);
    await knex('api_tokens').where({ user_id: recId, name: 'expired' }).update({ expires_at: knex.raw(`now() - interval '1 hour'`) });
  });

  it('a secretariat turns its recorder into police of its province: sessions end, tokens are revoked, the change is audited', async () => {
    const s1 = await logIn('acc-rec2');
    const s2 = await logIn('acc-rec2');
    expect((await request(app).get('/api/auth/me').set('Cookie', s1.cookie)).status).toBe(200);
    expect((await request(app).get('/api/meta').set(bearer(recToken))).status).toBe(200);

    const res = await patch(sec15, recId, { role: 'police', agencyId: null, stations: [station15] }, 'role-change-1');
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toEqual({
      user: expect.objectContaining({ id: recId, role: 'police', province: '15', agencyId: null, stations: [station15] }),
      endedSessions: 2,
      revokedTokens: 1, // the live one; the expired one was dead already
    });
    for (const s of [s1, s2]) expect((await request(app).get('/api/auth/me').set('Cookie', s.cookie)).status).toBe(401);
    expect((await request(app).get('/api/meta').set(bearer(recToken))).status).toBe(401);
    // A new login gets the new scope.
    const again = await logIn('acc-rec2');
    expect((await request(app).get('/api/auth/me').set('Cookie', again.cookie)).body.user).toMatchObject({ role: 'police', stations: [station15] });

    const [entry] = (await entries('users', recId)).filter((e) => e.request_id === 'role-change-1');
    expect(entry).toMatchObject({ action: 'update', username: 'acc-sec15', province_code: '15', from_province_code: null });
    expect(entry!.before).toMatchObject({ role: 'recorder', province_code: '15', agency_id: agency15, police_station_ids: [] });
    expect(entry!.after).toMatchObject({ role: 'police', province_code: '15', agency_id: null, police_station_ids: [station15] });
    const tokenId = Number((await knex('api_tokens').where({ user_id: recId, name: 'script' }).first('id')).id);
    expect((await entries('api_tokens', tokenId)).map((e) => [e.action, e.request_id, e.province_code, e.after.revoked_at !== null])).toEqual([['update', 'role-change-1', '15', true]]);
  });

  it('an admin moves an account to another province: both secretariats see the entry, a third does not', async () => {
    const res = await patch(admin, recId, { province: '10', agencyId: agency10 }, 'move-1');
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ user: { province: '10', agencyId: agency10, role: 'recorder' }, endedSessions: 0, revokedTokens: 1 });
    const [entry] = (await entries('users', recId)).filter((e) => e.request_id === 'move-1');
    expect(entry).toMatchObject({ province_code: '10', from_province_code: '15' });
    const tokenId = Number((await knex('api_tokens').where({ user_id: recId, name: 'script' }).first('id')).id);
    expect((await entries('api_tokens', tokenId)).map((e) => [e.request_id, e.province_code, e.from_province_code])).toEqual([['move-1', '10', '15']]);
    const sec16 = await tokenFor(knex, { username: 'acc-sec16', role: 'secretariat', province: '16' });
    for (const [token, n] of [[sec15, 1], [sec10, 1], [sec16, 0]] as const) {
      const seen = await request(app).get(`/api/audit?entity=users&entity_id=${recId}&action=update`).set(bearer(token));
      expect(seen.body.items.filter((i: Json) => i.request_id === 'move-1'), token).toHaveLength(n);
    }
    // Now Bangkok's: Ang Thong's secretariat no longer reaches it, Bangkok's does.
    expect((await patch(sec15, recId, { displayName: 'x' })).status).toBe(404);
    expect((await patch(sec10, recId, { displayName: 'ผู้บันทึก กทม.' })).status).toBe(200);
  });

  it('refused changes: 403 beyond the caller, 400 naming the field, 400 on oneself; nothing changes', async () => {
    const audited = async () => Number((await knex('audit_log').count({ n: '*' }))[0]!.n);
    const before = await audited();
    const s = await logIn('acc-rec2');
    const cases: [string, number, Json, number, string | null][] = [
      // A secretariat cannot make a secretariat, an admin or another province's account of its own.
      [sec15, recId, { role: 'secretariat', agencyId: null }, 403, null],
      [sec15, recId, { role: 'admin', province: null, agencyId: null }, 403, null],
      [sec15, recId, { role: 'committee', province: '10', agencyId: null }, 403, null],
      [sec15, recId, { province: '10', agencyId: agency10 }, 403, null],
      // …nor reach an account of another province (not found, as before).
      [sec10, recId, { role: 'committee', agencyId: null }, 404, null],
      // Validated like a new account, field named.
      [sec15, recId, { role: 'police', stations: [station15] }, 400, 'agencyId'],
      [sec15, recId, { role: 'police', agencyId: null, stations: [station10] }, 400, 'stations'],
      [sec15, recId, { agencyId: agency10 }, 400, 'agencyId'],
      [sec15, recId, { agencyId: null }, 400, 'agencyId'],
      [admin, recId, { role: 'admin', agencyId: null }, 400, 'province'],
      [admin, recId, { province: '99' }, 400, 'province'],
      [admin, recId, { role: 'king' }, 400, 'role'],
      [admin, recId, { stations: 'all' }, 400, 'stations'],
      // Not one's own role or scope (an admin could otherwise lock the last admin out).
      [admin, adminId, { role: 'committee' }, 400, 'role'],
      [admin, adminId, { province: '15', role: 'secretariat' }, 400, 'role'],
    ];
    for (const [token, id, body, status, field] of cases) {
      const res = await patch(token, id, body);
      expect(res.status, JSON.stringify(body)).toBe(status);
      if (field) expect(res.body.errors.map((e: Json) => e.field), JSON.stringify(body)).toContain(field);
    }
    // Nothing written: the account, its session and its token as they were; no entry.
    expect(await knex('users').where('id', recId).first('role', 'province_code', 'agency_id')).toEqual({ role: 'recorder', province_code: '15', agency_id: agency15 });
    expect((await request(app).get('/api/auth/me').set('Cookie', s.cookie)).status).toBe(200);
    expect((await request(app).get('/api/meta').set(bearer(recToken))).status).toBe(200);
    expect(await audited()).toBe(before);
    // Giving oneself the role one has is no change.
    expect((await patch(admin, adminId, { role: 'admin', province: null })).body).toMatchObject({ endedSessions: 0, revokedTokens: 0 });
  });

  it('an admin changes role and scope at once; the answer counts what ended', async () => {
    const s = await logIn('acc-rec2');
    const res = await patch(admin, recId, { role: 'committee', province: null, agencyId: null, displayName: 'กรรมการระดับประเทศ' });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ user: { role: 'committee', province: null, agencyId: null, stations: [], displayName: 'กรรมการระดับประเทศ' }, endedSessions: 1, revokedTokens: 1 });
    expect((await request(app).get('/api/auth/me').set('Cookie', s.cookie)).status).toBe(401);
    // A national account's entry stays with the province it left.
    const last = (await entries('users', recId)).at(-1)!;
    expect(last).toMatchObject({ province_code: '15', from_province_code: null });
    expect(last.after).toMatchObject({ role: 'committee', province_code: null, display_name: 'กรรมการระดับประเทศ' });
  });
});

describe('the audit log never holds a password, a hash or a token', () => {
  it('none of the secrets handed out, no argon2 hash, no token hash', async () => {
    expect(secrets.length).toBeGreaterThanOrEqual(4);
    const hashes = (await knex('api_tokens').join('users', 'users.id', 'api_tokens.user_id').whereLike('users.username', 'acc-%').pluck('token_hash')) as string[];
    const { rows } = await knex.raw(
      `select count(*)::int n, count(*) filter (where entity in ('users', 'api_tokens'))::int accounts,
              count(*) filter (where coalesce(before::text, '') || coalesce(after::text, '') like any(?)
                                 or coalesce(before::text, '') || coalesce(after::text, '') like any(?))::int leaks
         from audit_log where at >= ?`,
      [[...secrets, ...hashes].map((v) => `%${v}%`), ['%$argon2%', '%password_hash%', '%token_hash%', '%cca\\_%'], since],
    );
    expect(rows[0].accounts).toBeGreaterThan(10);
    expect(rows[0].leaks).toBe(0);
  });
});
