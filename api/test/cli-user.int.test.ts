/**
 * `npm run cli -- user …` as an operator runs it: accounts made, reset, disabled, listed, tokens
 * made — then checked through the HTTP API (login, token) like their owners would.
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import request from 'supertest';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { createApp } from '../src/app.js';
import { ROOT_DIR } from '../src/config.js';
import { testContext } from './db.js';

const run = promisify(execFile);
const TSX = path.join(ROOT_DIR, 'node_modules', '.bin', 'tsx');
const CLI = path.join(ROOT_DIR, 'api', 'src', 'cli', 'main.ts');

async function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(TSX, [CLI, ...args], { env: { ...process.env, DATABASE_URL: inject('databaseUrl') }, timeout: 120_000 });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

/** Opens the database for one check and closes it again (the embedded socket serves one client at a time, and the CLI needs it). */
async function withApp<T>(fn: (app: ReturnType<typeof createApp>, ctx: ReturnType<typeof testContext>) => Promise<T>): Promise<T> {
  const ctx = testContext();
  try {
    return await fn(createApp(ctx), ctx);
  } finally {
    await ctx.db.close();
  }
}

const login = (app: ReturnType<typeof createApp>, username: string, password: string) =>
  request(app).post('/api/auth/login').set('X-Forwarded-For', `10.9.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}`).send({ username, password });

describe('npm run cli -- user', () => {
  afterAll(async () => {
    await withApp(async (_app, ctx) => {
      await ctx.db.knex('users').whereLike('username', 'cli-%').delete();
    });
  });

  it('adds, resets, disables, enables, lists accounts and makes tokens', { timeout: 300_000 }, async () => {
    await withApp(async (_app, ctx) => {
      await ctx.db.knex('users').whereLike('username', 'cli-%').delete();
    });
    const added = await cli('user', 'add', 'cli-sec', '--role', 'secretariat', '--province', '15', '--display-name', 'เลขาฯ ทดสอบ');
    expect(added.code, added.stderr).toBe(0);
    const oneTime = /one-time password: (\S+)/.exec(added.stdout)?.[1];
    expect(oneTime).toMatch(/^[A-Za-z2-9]{20}$/);

    // Bad input: exit 2, the field named, nothing made.
    const noProvince = await cli('user', 'add', 'cli-bad', '--role', 'police');
    expect(noProvince.code).toBe(2);
    expect(noProvince.stderr).toMatch(/province: a police account needs a province/);
    const badRole = await cli('user', 'add', 'cli-bad', '--role', 'king');
    expect(badRole.code).toBe(2);
    expect(badRole.stderr).toMatch(/--role must be one of/);
    const twice = await cli('user', 'add', 'cli-sec', '--role', 'committee', '--province', '15');
    expect(twice.code).toBe(2);
    expect(twice.stderr).toMatch(/username: already exists/);

    await withApp(async (app, ctx) => {
      const res = await login(app, 'cli-sec', oneTime!);
      expect(res.status).toBe(200);
      expect(res.body.user).toMatchObject({ role: 'secretariat', province: '15', displayName: 'เลขาฯ ทดสอบ', mustChangePassword: true });
      expect(await ctx.db.knex('users').where('username', 'cli-bad').first()).toBeUndefined();
    });

    const reset = await cli('user', 'reset', 'cli-sec');
    expect(reset.code, reset.stderr).toBe(0);
    const second = /one-time password for cli-sec: (\S+)/.exec(reset.stdout)?.[1];
    expect(second).toMatch(/^[A-Za-z2-9]{20}$/);
    expect(second).not.toBe(oneTime);
    await withApp(async (app, ctx) => {
      // The reset ended the session of the first login.
      const user = await ctx.db.knex('users').where('username', 'cli-sec').first('id');
      expect(await ctx.db.knex('sessions').where('user_id', user.id).first()).toBeUndefined();
      expect((await login(app, 'cli-sec', oneTime!)).status).toBe(401);
      expect((await login(app, 'cli-sec', second!)).status).toBe(200);
    });

    const token = await cli('user', 'token', 'cli-sec', '--token-name', 'script', '--days', '7');
    expect(token.code, token.stderr).toBe(0);
    const secret = token.stdout.trim();
    expect(secret).toMatch(/^cca_\w{8}_[\w-]{43}$/);
    await withApp(async (app) => {
      const me = await request(app).get('/api/auth/me').set('Authorization', `Bearer ${secret}`);
      expect(me.body).toMatchObject({ user: { username: 'cli-sec' }, via: 'token' });
    });

    expect((await cli('user', 'disable', 'cli-sec')).stdout).toMatch(/user cli-sec disabled/);
    await withApp(async (app) => {
      expect((await login(app, 'cli-sec', second!)).status).toBe(401);
      expect((await request(app).get('/api/auth/me').set('Authorization', `Bearer ${secret}`)).status).toBe(401);
    });
    expect((await cli('user', 'enable', 'cli-sec')).code).toBe(0);

    const list = await cli('user', 'list', '--json');
    expect(list.code, list.stderr).toBe(0);
    const rows = JSON.parse(list.stdout) as { username: string; role: string; disabled: boolean }[];
    expect(rows.find((u) => u.username === 'cli-sec')).toMatchObject({ role: 'secretariat', disabled: false });
    expect(list.stdout).not.toContain('argon2');
    const unknown = await cli('user', 'reset', 'cli-nobody');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/user cli-nobody not found/);

    // A new role and scope: validated like a new account; the account's token stops working.
    const noAgency = await cli('user', 'role', 'cli-sec', 'recorder');
    expect(noAgency.code).toBe(2);
    expect(noAgency.stderr).toMatch(/agencyId: a recorder account needs its agency/);
    expect((await cli('user', 'role', 'cli-sec', 'king')).stderr).toMatch(/the role must be one of/);
    expect((await cli('user', 'role', 'cli-nobody', 'police')).code).toBe(2);
    await withApp(async (app) => {
      expect((await request(app).get('/api/auth/me').set('Authorization', `Bearer ${secret}`)).status).toBe(200);
    });
    const role = await cli('user', 'role', 'cli-sec', 'committee', '--province', 'national');
    expect(role.code, role.stderr).toBe(0);
    expect(role.stdout).toMatch(/user cli-sec is committee \(national\); 0 session\(s\) ended, 1 API token\(s\) revoked/);
    // Options not given keep their value where the new role has them: the province stays.
    expect((await cli('user', 'role', 'cli-sec', 'secretariat', '--province', '15')).stdout).toMatch(/is secretariat \(province 15\)/);
    expect((await cli('user', 'role', 'cli-sec', 'committee')).stdout).toMatch(/is committee \(province 15\); 0 session\(s\) ended, 0 API token/);
    await withApp(async (app, ctx) => {
      expect((await request(app).get('/api/auth/me').set('Authorization', `Bearer ${secret}`)).status).toBe(401);
      // Every change above is in the audit log, made by no user (the command line), without secrets.
      const id = Number((await ctx.db.knex('users').where('username', 'cli-sec').first('id')).id);
      const log = await ctx.db.knex('audit_log').where({ entity: 'users', entity_id: id }).orderBy('id').select('action', 'username', 'user_id', 'province_code', 'before', 'after');
      expect(log.map((e) => [e.action, e.username, e.user_id])).toEqual([['create', null, null], ...Array(6).fill(['update', null, null])]);
      expect(log.map((e) => e.after.role)).toEqual(['secretariat', 'secretariat', 'secretariat', 'secretariat', 'committee', 'secretariat', 'committee']);
      expect(log[4]).toMatchObject({ province_code: '15', before: { role: 'secretariat', province_code: '15' }, after: { role: 'committee', province_code: null } });
      const text = JSON.stringify(log);
      for (const s of [oneTime!, second!, secret, 'argon2']) expect(text).not.toContain(s);
      const tokens = await ctx.db.knex('audit_log').where('entity', 'api_tokens').whereIn('entity_id', ctx.db.knex('api_tokens').where('user_id', id).select('id')).orderBy('id').pluck('action');
      expect(tokens).toEqual(['create', 'update']);
    });
  });
});
