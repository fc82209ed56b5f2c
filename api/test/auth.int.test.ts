/**
 * Accounts and sessions through the HTTP API: login (argon2id hashes, cookie attributes), wrong
 * passwords, the temporary lockout and the per-address limit, session expiry and idle timeout,
 * logout, CSRF on cookie-authenticated writes, one-time passwords, disabled accounts, API tokens
 * and account management by admins and secretariats.
 */
import request from 'supertest';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createApp } from '../src/app.js';
import { AUTH_LIMITS } from '../src/auth/store.js';
import { ensureDemo } from '../src/demo/seed.js';
import { sessionCookie, TEST_PASSWORD, tokenFor, userWithPassword } from './auth-helpers.js';
import { resetDomainData, testContext } from './db.js';

const ctx = testContext();
const knex = ctx.db.knex;
const app = createApp(ctx);

/** Each test its own client address, so the per-address limit of one does not touch another. */
let ipCounter = 10;
const nextIp = () => `10.0.0.${ipCounter++}`;

async function logIn(username: string, password = TEST_PASSWORD, ip = nextIp()) {
  return request(app).post('/api/auth/login').set('X-Forwarded-For', ip).send({ username, password });
}

beforeAll(async () => {
  await resetDomainData(knex);
  await ensureDemo(knex, () => {});
});
beforeEach(async () => {
  await knex('login_failures').delete();
});
afterAll(async () => {
  await knex('users').whereLike('username', 'auth-%').delete();
  await ctx.db.close();
});

describe('login and sessions', () => {
  it('stores argon2id hashes with OWASP parameters and never the password', async () => {
    await userWithPassword(knex, { username: 'auth-sec', role: 'secretariat', province: '15' });
    const row = await knex('users').where('username', 'auth-sec').first();
    expect(row.password_hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(JSON.stringify(row)).not.toContain(TEST_PASSWORD);
  });

  it('logs in with an httpOnly SameSite=Strict cookie and a CSRF token; the cookie opens the API', async () => {
    await userWithPassword(knex, { username: 'auth-sec', role: 'secretariat', province: '15' });
    const res = await logIn('auth-sec');
    expect(res.status).toBe(200);
    const setCookie = String(res.headers['set-cookie']);
    expect(setCookie).toMatch(/atlas_session=[\w-]{43}; Path=\/; HttpOnly; SameSite=Strict; Max-Age=43200/);
    expect(setCookie).not.toMatch(/Secure/); // plain http here; https requests get Secure
    expect(res.body.user).toMatchObject({ username: 'auth-sec', role: 'secretariat', province: '15', mustChangePassword: false });
    expect(res.body.user.password_hash).toBeUndefined();
    expect(res.body.csrfToken).toMatch(/^[\w-]{43}$/);
    const cookie = sessionCookie(res);
    // Only the cookie's digest is stored.
    const stored = await knex('sessions').select('id');
    expect(stored.map((s) => s.id)).not.toContain(cookie.split('=')[1]);
    expect((await request(app).get('/api/cameras?limit=1').set('Cookie', cookie)).status).toBe(200);
    const me = await request(app).get('/api/auth/me').set('Cookie', cookie);
    expect(me.body).toMatchObject({ user: { username: 'auth-sec' }, csrfToken: res.body.csrfToken, via: 'session' });
  });

  it('refuses anonymous requests to the API and the OGC API with 401; /healthz stays open', async () => {
    for (const path of ['/api/cameras', '/api/meta', '/api/dashboard', '/api/map/cameras', '/api/analysis/risk-points?province=15', '/ogc/collections', '/api/export/cameras.geojson']) {
      const res = await request(app).get(path);
      expect(res.status, path).toBe(401);
      expect(res.body.errors[0].code).toBe('unauthenticated');
    }
    expect((await request(app).post('/api/problems').send({})).status).toBe(401);
    expect((await request(app).get('/healthz')).status).toBe(200);
  });

  it('answers a wrong password and an unknown user alike, 401', async () => {
    await userWithPassword(knex, { username: 'auth-sec', role: 'secretariat', province: '15' });
    const wrong = await logIn('auth-sec', 'not the password at all');
    const unknown = await logIn('auth-nobody', 'not the password at all');
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.body).toEqual(unknown.body);
    expect(wrong.headers['set-cookie']).toBeUndefined();
    // Missing fields are named.
    const empty = await request(app).post('/api/auth/login').send({});
    expect(empty.status).toBe(400);
    expect(empty.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['password', 'username']);
  });

  it('locks a user name for the window after 5 failures, even with the right password then; others are not affected', async () => {
    await userWithPassword(knex, { username: 'auth-sec', role: 'secretariat', province: '15' });
    await userWithPassword(knex, { username: 'auth-rec', role: 'committee', province: '15' });
    for (let i = 0; i < AUTH_LIMITS.perUsername; i++) expect((await logIn('auth-sec', `wrong password ${i}`)).status).toBe(401);
    const locked = await logIn('auth-sec');
    expect(locked.status).toBe(429);
    expect(locked.body.errors[0].code).toBe('too_many_attempts');
    expect(Number(locked.headers['retry-after'])).toBeGreaterThan(AUTH_LIMITS.windowMinutes * 60 - 30);
    expect((await logIn('auth-rec')).status).toBe(200);
    // An unknown name locks the same way (the answer does not tell which names exist).
    for (let i = 0; i < AUTH_LIMITS.perUsername; i++) await logIn('auth-ghost', `wrong password ${i}`);
    expect((await logIn('auth-ghost')).status).toBe(429);
    // When the failures leave the window, the right password works again.
    await knex('login_failures').update({ at: knex.raw(`now() - make_interval(mins => ?)`, [AUTH_LIMITS.windowMinutes + 1]) });
    expect((await logIn('auth-sec')).status).toBe(200);
  });

  it('refuses one client address after 20 failures whatever the user names', async () => {
    await userWithPassword(knex, { username: 'auth-sec', role: 'secretariat', province: '15' });
    const ip = nextIp();
    for (let i = 0; i < AUTH_LIMITS.perIp; i++) expect((await logIn(`auth-guess-${i}`, 'wrong password', ip)).status).toBe(401);
    expect((await logIn('auth-sec', TEST_PASSWORD, ip)).status).toBe(429);
    expect((await logIn('auth-sec', TEST_PASSWORD, nextIp())).status).toBe(200);
  });

  it('ends a session at its expiry, after two idle hours, and at logout', async () => {
    await userWithPassword(knex, { username: 'auth-sec', role: 'secretariat', province: '15' });
    const a = sessionCookie(await logIn('auth-sec'));
    const b = sessionCookie(await logIn('auth-sec'));
    const c = await logIn('auth-sec');
    const cCookie = sessionCookie(c);
    const ok = async (cookie: string) => (await request(app).get('/api/meta').set('Cookie', cookie)).status;
    expect([await ok(a), await ok(b), await ok(cCookie)]).toEqual([200, 200, 200]);
    const sessions = await knex('sessions').orderBy('created_at', 'desc').limit(3).select('id');
    const [idC, idB, idA] = sessions.map((s) => s.id);
    await knex('sessions').where('id', idA).update({ expires_at: knex.raw(`now() - interval '1 second'`) });
    await knex('sessions').where('id', idB).update({ last_seen_at: knex.raw(`now() - make_interval(mins => ?)`, [AUTH_LIMITS.idleMinutes + 1]) });
    expect(await ok(a)).toBe(401);
    expect(await ok(b)).toBe(401);
    expect(await ok(cCookie)).toBe(200);
    const out = await request(app).post('/api/auth/logout').set('Cookie', cCookie).set('X-CSRF-Token', c.body.csrfToken);
    expect(out.status).toBe(204);
    expect(String(out.headers['set-cookie'])).toMatch(/atlas_session=; .*Max-Age=0/);
    expect(await ok(cCookie)).toBe(401);
    expect(await knex('sessions').where('id', idC).first()).toBeUndefined();
  });

  it('rejects a cookie-authenticated write without the CSRF token, and writes nothing', async () => {
    await userWithPassword(knex, { username: 'auth-sec', role: 'secretariat', province: '15' });
    const res = await logIn('auth-sec');
    const cookie = sessionCookie(res);
    const before = await knex('problems').count<{ n: string }[]>({ n: '*' });
    const body = { province_code: '15', category: 'other', description: 'CSRF probe' };
    const none = await request(app).post('/api/problems').set('Cookie', cookie).send(body);
    expect(none.status).toBe(403);
    expect(none.body.errors[0].code).toBe('csrf');
    const wrong = await request(app).post('/api/problems').set('Cookie', cookie).set('X-CSRF-Token', 'x'.repeat(43)).send(body);
    expect(wrong.status).toBe(403);
    expect(await knex('problems').count<{ n: string }[]>({ n: '*' })).toEqual(before);
    const right = await request(app).post('/api/problems').set('Cookie', cookie).set('X-CSRF-Token', res.body.csrfToken).send(body);
    expect(right.status).toBe(201);
    await knex('problems').where('id', right.body.id).delete();
  });

  it('a one-time password opens only the password change, which checks the rules', async () => {
    await userWithPassword(knex, { username: 'auth-new', role: 'committee', province: '15' }, 'OneTimePass2345');
    await knex('users').where('username', 'auth-new').update({ must_change_password: true });
    const res = await logIn('auth-new', 'OneTimePass2345');
    expect(res.body.user.mustChangePassword).toBe(true);
    const cookie = sessionCookie(res);
    const csrf = res.body.csrfToken as string;
    const blocked = await request(app).get('/api/cameras').set('Cookie', cookie);
    expect(blocked.status).toBe(403);
    expect(blocked.body.errors[0].code).toBe('password_change_required');
    expect((await request(app).get('/api/auth/me').set('Cookie', cookie)).status).toBe(200);
    const change = (currentPassword: string, newPassword: string) =>
      request(app).post('/api/auth/password').set('Cookie', cookie).set('X-CSRF-Token', csrf).send({ currentPassword, newPassword });
    const wrongCurrent = await change('not it', 'a good long new password');
    expect(wrongCurrent.status).toBe(400);
    expect(wrongCurrent.body.errors[0].field).toBe('currentPassword');
    for (const weak of ['short', 'aaaaaaaaaaaaaaaa', 'my name is auth-new ok', 'OneTimePass2345']) {
      const r = await change('OneTimePass2345', weak);
      expect(r.status, weak).toBe(400);
      expect(r.body.errors[0].field).toBe('newPassword');
    }
    expect((await change('OneTimePass2345', 'a good long new password')).status).toBe(204);
    expect((await request(app).get('/api/cameras?limit=1').set('Cookie', cookie)).status).toBe(200);
    expect((await logIn('auth-new', 'OneTimePass2345')).status).toBe(401);
    expect((await logIn('auth-new', 'a good long new password')).status).toBe(200);
  });

  it('a disabled account cannot log in and its sessions and tokens stop working', async () => {
    const token = await tokenFor(knex, { username: 'auth-dis', role: 'committee', province: '15' });
    const cookie = sessionCookie(await logIn('auth-dis'));
    await knex('users').where('username', 'auth-dis').update({ disabled: true });
    expect((await request(app).get('/api/meta').set('Cookie', cookie)).status).toBe(401);
    expect((await request(app).get('/api/meta').set('Authorization', `Bearer ${token}`)).status).toBe(401);
    expect((await logIn('auth-dis')).status).toBe(401);
  });
});

describe('the public map (PUBLIC_MAP=on)', () => {
  it('lets anonymous visitors read the map of cameras and nothing else; off by default', async () => {
    const open = createApp({ ...ctx, config: { ...ctx.config, publicMap: true } });
    for (const path of ['/api/map/config', '/api/map/cameras', '/api/map/cameras?province=15', '/api/map/boundaries/province.geojson', '/api/meta']) {
      expect((await request(open).get(path)).status, path).toBe(200);
      expect((await request(app).get(path)).status, path).toBe(401);
    }
    expect((await request(open).get('/api/map/config')).body.publicMap).toBe(true);
    // The binary camera answer has no personal fields at all; the records, exports and OGC API stay closed.
    for (const path of ['/api/cameras', '/api/cameras/1', '/api/map/requests?province=15', '/api/dashboard', '/api/export/cameras.csv', '/ogc/collections/cameras/items', '/api/analysis/risk-points?province=15']) {
      expect((await request(open).get(path)).status, path).toBe(401);
    }
    expect((await request(open).post('/api/problems').send({ province_code: '15', category: 'other', description: 'x' })).status).toBe(401);
  });
});

describe('API tokens', () => {
  it('are made from a session, shown once, stored hashed, usable without CSRF, and revocable', async () => {
    await userWithPassword(knex, { username: 'auth-sec', role: 'secretariat', province: '15' });
    const res = await logIn('auth-sec');
    const cookie = sessionCookie(res);
    const made = await request(app).post('/api/tokens').set('Cookie', cookie).set('X-CSRF-Token', res.body.csrfToken).send({ name: 'QGIS', expiresInDays: 30 });
    expect(made.status).toBe(201);
    const token = made.body.token as string;
    expect(token).toMatch(/^cca_[A-Za-z0-9]{8}_[\w-]{43}$/);
    const row = await knex('api_tokens').where('id', made.body.id).first();
    expect(row.token_hash).toHaveLength(64);
    expect(JSON.stringify(row)).not.toContain(token.slice(13));
    const list = await request(app).get('/api/tokens').set('Cookie', cookie);
    expect(list.body.items[0]).toMatchObject({ name: 'QGIS', prefix: made.body.prefix });
    expect(JSON.stringify(list.body)).not.toContain(token);
    const bearer = { Authorization: `Bearer ${token}` };
    // A write with a token needs no CSRF token (no cookie is involved).
    const created = await request(app).post('/api/problems').set(bearer).send({ province_code: '15', category: 'other', description: 'token write' });
    expect(created.status).toBe(201);
    await knex('problems').where('id', created.body.id).delete();
    expect((await request(app).get('/ogc/collections').set(bearer)).status).toBe(200);
    // A token cannot make tokens.
    expect((await request(app).post('/api/tokens').set(bearer).send({ name: 'x' })).status).toBe(403);
    expect((await request(app).delete(`/api/tokens/${made.body.id}`).set('Cookie', cookie).set('X-CSRF-Token', res.body.csrfToken)).status).toBe(204);
    expect((await request(app).get('/api/meta').set(bearer)).status).toBe(401);
  });

  it('refuse expired, malformed and unknown tokens with 401', async () => {
    const token = await tokenFor(knex, { username: 'auth-tok', role: 'committee', province: '15' });
    for (const t of ['nonsense', `${token}x`, token.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A'))]) {
      expect((await request(app).get('/api/meta').set('Authorization', `Bearer ${t}`)).status).toBe(401);
    }
    expect((await request(app).get('/api/meta').set('Authorization', `Bearer ${token}`)).status).toBe(200);
    await knex('api_tokens').update({ expires_at: knex.raw(`now() - interval '1 second'`) }).where('token_hash', knex.raw('token_hash'));
    expect((await request(app).get('/api/meta').set('Authorization', `Bearer ${token}`)).status).toBe(401);
  });
});

describe('accounts', () => {
  it('an admin makes a secretariat; the secretariat makes accounts of its province only', async () => {
    const admin = { Authorization: `Bearer ${await tokenFor(knex, { username: 'auth-admin', role: 'admin' })}` };
    await knex('users').where('username', 'auth-sec2').delete();
    const made = await request(app).post('/api/users').set(admin).send({ username: 'auth-sec2', role: 'secretariat', province: '15' });
    expect(made.status).toBe(201);
    expect(made.body.oneTimePassword).toMatch(/^[A-Za-z2-9]{20}$/);
    expect(made.body.user.mustChangePassword).toBe(true);

    const sec = { Authorization: `Bearer ${await tokenFor(knex, { username: 'auth-sec', role: 'secretariat', province: '15' })}` };
    const agency = await knex('agencies').where('province_code', '15').first('id');
    const station = await knex('police_stations').where('province_code', '15').first('id');
    for (const username of ['auth-rec1', 'auth-pol1', 'auth-com1']) await knex('users').where('username', username).delete();
    expect((await request(app).post('/api/users').set(sec).send({ username: 'auth-rec1', role: 'recorder', province: '15', agencyId: Number(agency.id) })).status).toBe(201);
    expect((await request(app).post('/api/users').set(sec).send({ username: 'auth-pol1', role: 'police', province: '15', stations: [Number(station.id)] })).status).toBe(201);
    expect((await request(app).post('/api/users').set(sec).send({ username: 'auth-com1', role: 'committee', province: '15' })).status).toBe(201);
    // Not another province, not an admin or another secretariat.
    expect((await request(app).post('/api/users').set(sec).send({ username: 'auth-x1', role: 'committee', province: '10' })).status).toBe(403);
    expect((await request(app).post('/api/users').set(sec).send({ username: 'auth-x2', role: 'admin' })).status).toBe(403);
    expect((await request(app).post('/api/users').set(sec).send({ username: 'auth-x3', role: 'secretariat', province: '15' })).status).toBe(403);
    // Scope checked against the data, field named.
    const bad = await request(app).post('/api/users').set(admin).send({ username: 'auth-x4', role: 'recorder', province: '10', agencyId: Number(agency.id) });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0]).toMatchObject({ field: 'agencyId', code: 'scope' });
    const noProvince = await request(app).post('/api/users').set(admin).send({ username: 'auth-x5', role: 'police' });
    expect(noProvince.body.errors[0]).toMatchObject({ field: 'province', code: 'required' });
    expect(await knex('users').whereLike('username', 'auth-x%').first('id')).toBeUndefined();

    // The secretariat lists the accounts of its province below it; an admin lists everyone.
    const mine = await request(app).get('/api/users').set(sec);
    expect(mine.body.items.map((u: { username: string }) => u.username).sort()).toEqual(expect.arrayContaining(['auth-com1', 'auth-pol1', 'auth-rec1']));
    expect(mine.body.items.every((u: { province: string; role: string }) => u.province === '15' && !['admin', 'secretariat'].includes(u.role))).toBe(true);
    expect(JSON.stringify(mine.body)).not.toContain('argon2');
    // A committee account does not manage accounts.
    const com = { Authorization: `Bearer ${await tokenFor(knex, { username: 'auth-com', role: 'committee', province: '15' })}` };
    expect((await request(app).get('/api/users').set(com)).status).toBe(403);

    // Reset: a new one-time password, sessions ended; out of reach → 404.
    const rec = await knex('users').where('username', 'auth-rec1').first('id');
    const reset = await request(app).post(`/api/users/${rec.id}/reset-password`).set(sec);
    expect(reset.status).toBe(200);
    expect(reset.body.oneTimePassword).toMatch(/^[A-Za-z2-9]{20}$/);
    const sec2 = await knex('users').where('username', 'auth-sec2').first('id');
    expect((await request(app).post(`/api/users/${sec2.id}/reset-password`).set(sec)).status).toBe(404);
    const disabled = await request(app).patch(`/api/users/${rec.id}`).set(sec).send({ disabled: true });
    expect(disabled.body.user.disabled).toBe(true);
    // A secretariat cannot make an admin out of its recorder (api/test/accounts.int.test.ts); a password is not a patchable field.
    expect((await request(app).patch(`/api/users/${rec.id}`).set(sec).send({ role: 'admin' })).status).toBe(403);
    const unknown = await request(app).patch(`/api/users/${rec.id}`).set(sec).send({ password: 'a new password of mine' });
    expect(unknown.status).toBe(400);
    expect(unknown.body.errors[0]).toMatchObject({ field: 'password', code: 'unknown_field' });
  });
});
