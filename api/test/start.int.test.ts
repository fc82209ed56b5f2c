import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT_DIR } from '../src/config.js';

// What a newcomer does: start the product on an empty DATA_DIR, wait for it, use it; start it again.
// Embedded only (with DATABASE_URL the shared test database is left alone).
const TSX = path.join(ROOT_DIR, 'node_modules', '.bin', 'tsx');

function start(dataDir: string): { child: ChildProcess; url: Promise<string>; output: () => string } {
  const child = spawn(TSX, [path.join(ROOT_DIR, 'api', 'src', 'main.ts')], {
    env: { ...process.env, DATABASE_URL: '', DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const url = new Promise<string>((resolve, reject) => {
    const onData = (d: Buffer) => {
      out += d.toString();
      const m = /listening on (http:\/\/127\.0\.0\.1:\d+\/)/.exec(out);
      if (m) resolve(m[1]!);
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.on('exit', (code) => reject(new Error(`server exited with ${code}:\n${out}`)));
  });
  return { child, url, output: () => out };
}

async function waitReady(url: string, timeoutMs = 240_000): Promise<{ sawStarting: boolean }> {
  const t0 = Date.now();
  let sawStarting = false;
  while (Date.now() - t0 < timeoutMs) {
    // PGlite's work runs on the server's main thread: while it unpacks PostGIS a request may wait
    // or find its kept-alive socket closed. Those count as "not yet"; any answer must be 503 or 200.
    const res = await fetch(`${url}healthz`, { signal: AbortSignal.timeout(30_000) }).catch(() => undefined);
    if (!res) {
      await new Promise((r) => setTimeout(r, 500));
      continue;
    }
    if (res.status === 200) return { sawStarting };
    expect(res.status).toBe(503);
    expect((await res.json()).status).toBe('starting');
    sawStarting = true;
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error('not ready in time');
}

/** Logs in; returns the cookie and the CSRF token for writes. */
async function logIn(url: string, username: string, password: string): Promise<{ cookie: string; csrf: string; mustChange: boolean }> {
  const res = await fetch(`${url}api/auth/login`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ username, password }) });
  expect(res.status).toBe(200);
  const setCookie = res.headers.get('set-cookie')!;
  expect(setCookie).toMatch(/HttpOnly/);
  expect(setCookie).toMatch(/SameSite=Strict/);
  const body = await res.json();
  return { cookie: setCookie.split(';')[0]!, csrf: body.csrfToken, mustChange: body.user.mustChangePassword };
}

async function stop(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null) return child.exitCode;
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  child.kill('SIGTERM');
  return exited;
}

describe.skipIf(!!process.env.DATABASE_URL)('npm start on a fresh machine', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cctv-atlas-start-'));
  const children: ChildProcess[] = [];
  afterAll(async () => {
    for (const c of children) await stop(c);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('answers 503 while starting, then serves the demo; a restart keeps the data', { timeout: 480_000 }, async () => {
    const first = start(dir);
    children.push(first.child);
    const url = await first.url;
    const { sawStarting } = await waitReady(url);
    expect(sawStarting).toBe(true);
    expect(first.output()).toMatch(/embedded database: starting PGlite/);

    const health = await (await fetch(`${url}healthz`)).json();
    expect(health).toMatchObject({ status: 'ok', db: 'embedded' });

    // First run: an admin with a one-time password printed once; nothing is served without an account.
    const printed = /user name: (\S+)\s.*\n.*one-time password: (\S+)/.exec(first.output());
    expect(printed, first.output()).not.toBeNull();
    const [, username, oneTime] = printed!;
    expect(username).toBe('admin');
    expect(oneTime).toMatch(/^[A-Za-z2-9]{20}$/);
    expect((await fetch(`${url}api/meta`)).status).toBe(401);
    const first1 = await logIn(url, username!, oneTime!);
    expect(first1.mustChange).toBe(true);
    // The one-time password opens nothing but the password change.
    expect((await fetch(`${url}api/meta`, { headers: { cookie: first1.cookie } })).status).toBe(403);
    const newPassword = 'a new password for the start test';
    const changed = await fetch(`${url}api/auth/password`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', cookie: first1.cookie, 'X-CSRF-Token': first1.csrf },
      body: JSON.stringify({ currentPassword: oneTime, newPassword }),
    });
    expect(changed.status).toBe(204);
    const { cookie, csrf } = await logIn(url, username!, newPassword);
    const auth = { headers: { cookie } };

    const meta = await (await fetch(`${url}api/meta`, auth)).json();
    expect(meta.demo).toMatchObject({ province: '15' });
    expect(meta.counts.cameras).toBe(860);
    const cam = await (await fetch(`${url}api/cameras?limit=1`, auth)).json();
    expect(cam.items[0].is_demo).toBe(true);
    const page = await fetch(url);
    expect(page.headers.get('content-type')).toMatch(/text\/html/);

    // Write something, stop cleanly, start again: it is still there and the demo is not reloaded.
    const created = await fetch(`${url}api/problems`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', cookie, 'X-CSRF-Token': csrf },
      body: JSON.stringify({ province_code: '15', category: 'other', description: 'ทดสอบการเริ่มระบบใหม่' }),
    });
    expect(created.status).toBe(201);
    const problemId = (await created.json()).id;
    expect(await stop(first.child)).toBe(0);

    const second = start(dir);
    children.push(second.child);
    const url2 = await second.url;
    await waitReady(url2);
    // No second admin, no password printed; the changed password still works.
    expect(second.output()).not.toMatch(/one-time password/);
    const auth2 = { headers: { cookie: (await logIn(url2, username!, newPassword)).cookie } };
    const again = await (await fetch(`${url2}api/meta`, auth2)).json();
    expect(again.counts.cameras).toBe(860);
    expect((await fetch(`${url2}api/problems/${problemId}`, auth2)).status).toBe(200);
    expect(await stop(second.child)).toBe(0);
  });
});
