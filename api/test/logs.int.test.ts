/**
 * The application log never holds personal data, secrets or passwords: everything the app logs
 * while people log in, make accounts and tokens, and write cameras with contact names, phones and
 * stream URLs (valid and invalid) is captured and searched.
 */
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../src/app.js';
import type { Logger } from '../src/context.js';
import { ensureDemo } from '../src/demo/seed.js';
import { sessionCookie, TEST_PASSWORD, userWithPassword } from './auth-helpers.js';
import { resetDomainData, testContext } from './db.js';

const lines: string[] = [];
const capture = (level: string) => (msg: string, fields?: Record<string, unknown>) => void lines.push(`${level} ${msg} ${fields ? JSON.stringify(fields) : ''}`);
const log: Logger = { info: capture('info'), warn: capture('warn'), error: capture('error') };
const base = testContext();
const ctx = { ...base, log };
const knex = ctx.db.knex;
const app = createApp(ctx);

const SECRETS = { contact_name: 'นางลับมาก ส่วนตัว', phone: '0812345678', stream_url: 'rtsp://admin:pw@10.1.2.3/live' };

beforeAll(async () => {
  await resetDomainData(knex);
  await ensureDemo(knex, () => {});
});
afterAll(async () => {
  await knex('users').whereLike('username', 'logs-%').delete();
  await ctx.db.close();
});

describe('the application log', () => {
  it('names users and actions, never passwords, tokens, contact names, phones or stream URLs', async () => {
    await userWithPassword(knex, { username: 'logs-admin', role: 'admin' });
    const bad = await request(app).post('/api/auth/login').send({ username: 'logs-admin', password: 'a wrong password 123' });
    expect(bad.status).toBe(401);
    const res = await request(app).post('/api/auth/login').send({ username: 'logs-admin', password: TEST_PASSWORD });
    const cookie = sessionCookie(res);
    const csrf = res.body.csrfToken as string;
    const as = <T extends request.Test>(r: T) => r.set('Cookie', cookie).set('X-CSRF-Token', csrf);

    const made = await as(request(app).post('/api/cameras')).send({ place_name: 'กล้องทดสอบบันทึก', status: 'working', geometry: { type: 'Point', coordinates: [100.45, 14.59] }, ...SECRETS });
    expect(made.status).toBe(201);
    await as(request(app).patch(`/api/cameras/${made.body.id}`)).send({ phone: '0899999999' });
    // Invalid values that carry the secrets: the 400 names the field; the log gets nothing of them.
    expect((await as(request(app).patch(`/api/cameras/${made.body.id}`)).send({ phone: 'x'.repeat(60) + SECRETS.phone })).status).toBe(400);
    expect((await as(request(app).patch(`/api/cameras/${made.body.id}`)).send({ stream_url: `not a url ${SECRETS.stream_url}` })).status).toBe(400);
    const user = await as(request(app).post('/api/users')).send({ username: 'logs-sec', role: 'secretariat', province: '15' });
    expect(user.status).toBe(201);
    const token = await as(request(app).post('/api/tokens')).send({ name: 'logs' });
    expect(token.status).toBe(201);
    await as(request(app).post(`/api/users/${user.body.user.id}/reset-password`)).send({});
    await request(app).get('/api/cameras?limit=1').set('Authorization', `Bearer ${token.body.token}`);

    const all = lines.join('\n');
    expect(all).toContain('logs-admin'); // the log is not empty: it names who did what
    for (const secret of [...Object.values(SECRETS), '0899999999', TEST_PASSWORD, 'a wrong password 123', user.body.oneTimePassword, token.body.token, cookie.split('=')[1]!, csrf]) {
      expect(all, `the log holds "${secret}"`).not.toContain(secret);
    }
  });
});
