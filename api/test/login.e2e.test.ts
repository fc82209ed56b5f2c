/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
// (DOM types for the page.evaluate() callbacks, which run in the browser.)
/**
 * Logging in to the web app in Debian's chromium, with no test shortcut: nothing of the app or its
 * data before a login; a wrong password says so; a one-time password leads to the password change;
 * then the map; writes from the page carry the CSRF token; the account menu logs out; an ended
 * session brings the login back. Screenshot: /tmp/cctv-atlas-login.png.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { promisify } from 'node:util';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../src/app.js';
import { createUser } from '../src/auth/store.js';
import { ROOT_DIR } from '../src/config.js';
import type { AppContext } from '../src/context.js';
import { ensureDemo } from '../src/demo/seed.js';
import { resetDomainData, testContext } from './db.js';

const CHROMIUM = '/usr/bin/chromium';
const NEW_PASSWORD = 'a long password of my own';

describe.skipIf(!fs.existsSync(CHROMIUM))('logging in to the web app (real browser, no shortcut)', () => {
  let ctx: AppContext;
  let server: Server;
  let base: string;
  let browser: Browser;
  let page: Page;
  let oneTime: string;
  const consoleErrors: string[] = [];
  const apiStatuses: { url: string; status: number }[] = [];

  beforeAll(async () => {
    await promisify(execFile)(process.execPath, ['web/build-if-needed.mjs'], { cwd: ROOT_DIR, maxBuffer: 16 * 1024 * 1024 });
    ctx = testContext();
    await resetDomainData(ctx.db.knex);
    await ensureDemo(ctx.db.knex, () => {});
    await ctx.db.knex('users').where('username', 'login-sec').delete();
    oneTime = (await createUser(ctx.db.knex, { username: 'login-sec', role: 'secretariat', province: '15', displayName: 'เลขาฯ อ่างทอง' })).password;
    const app = createApp(ctx);
    server = await new Promise<Server>((resolve, reject) => {
      const s = app.listen(0, '127.0.0.1', (err?: Error) => (err ? reject(err) : resolve(s)));
    });
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'th-TH', colorScheme: 'light' });
    page = await context.newPage();
    page.on('console', (m) => {
      // A refused API call shows as a console error by design of the browser: only count others.
      if (m.type() === 'error' && !/status of 40[13]/.test(m.text())) consoleErrors.push(m.text());
    });
    page.on('pageerror', (e) => consoleErrors.push(`page error: ${e.message}`));
    page.on('response', (r) => {
      if (r.url().includes('/api/')) apiStatuses.push({ url: r.url(), status: r.status() });
    });
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    await ctx?.db.knex('users').where('username', 'login-sec').delete();
    await ctx?.db.close();
  });

  it('shows only the login form (in Thai) before a login; no data is served', async () => {
    await page.goto(`${base}/?panel=dashboard`, { waitUntil: 'load' });
    await page.getByTestId('login-form').waitFor();
    await page.getByRole('heading', { name: 'เข้าสู่ระบบ' }).waitFor();
    expect(await page.getByTestId('map').count()).toBe(0);
    // The only API answers so far: "who am I" and "is the map public", both 401 (it is not).
    expect(apiStatuses.map((s) => `${new URL(s.url).pathname} ${s.status}`).sort()).toEqual(['/api/auth/me 401', '/api/map/config 401']);
  });

  it('says a wrong password is wrong, then takes the one-time password to the password change, then the map', async () => {
    await page.getByTestId('login-username').fill('login-sec');
    await page.getByTestId('login-password').fill('not the password');
    await page.getByTestId('login-submit').click();
    await page.getByTestId('login-error').getByText('ชื่อผู้ใช้หรือรหัสผ่านไม่ถูกต้อง').waitFor();
    await page.getByTestId('login-password').fill(oneTime);
    await page.getByTestId('login-submit').click();
    await page.getByTestId('password-form').waitFor();
    await page.screenshot({ path: '/tmp/cctv-atlas-login.png' });
    await page.getByTestId('password-current').fill(oneTime);
    await page.getByTestId('password-next').fill(NEW_PASSWORD);
    await page.getByTestId('password-repeat').fill(NEW_PASSWORD + 'x');
    await page.getByTestId('password-submit').click();
    await page.getByText('รหัสผ่านใหม่ทั้งสองช่องไม่ตรงกัน').waitFor();
    await page.getByTestId('password-repeat').fill(NEW_PASSWORD);
    await page.getByTestId('password-submit').click();
    await page.waitForFunction(() => document.querySelector('[data-testid="map"]')?.getAttribute('data-ready') === 'true', undefined, { timeout: 60_000 });
    // The secretariat of Ang Thong sees its province: the demo's 860 cameras.
    expect(await page.getByTestId('map').getAttribute('data-camera-count')).toBe('860');
    const row = await ctx.db.knex('users').where('username', 'login-sec').first('must_change_password');
    expect(row.must_change_password).toBe(false);
  });

  it('sends the CSRF token with writes made from the page, and the cookie is out of the page’s reach', async () => {
    const result = await page.evaluate(async () => {
      const res = await fetch('/api/problems', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ province_code: '15', category: 'other', description: 'ส่งจากหน้าเว็บ' }),
      });
      return { status: res.status, cookie: document.cookie };
    });
    expect(result.status).toBe(201);
    expect(result.cookie).not.toContain('atlas_session');
    const audit = await ctx.db.knex('audit_log').where({ entity: 'problems', action: 'create', username: 'login-sec' }).first('id');
    expect(audit).toBeDefined();
  });

  it('logs out from the account menu, and an ended session brings the login back', async () => {
    await page.getByTestId('account-menu').locator('summary').click();
    await page.getByTestId('logout').click();
    await page.getByTestId('login-form').waitFor();
    // Log in again with the new password, then end the session on the server: the next API call shows the login.
    await page.getByTestId('login-username').fill('login-sec');
    await page.getByTestId('login-password').fill(NEW_PASSWORD);
    await page.getByTestId('login-submit').click();
    await page.getByTestId('map').waitFor();
    await ctx.db.knex('sessions').whereIn('user_id', ctx.db.knex('users').where('username', 'login-sec').select('id')).delete();
    // Any API call now meets a 401 (the dashboard's, or the map's): the login comes back. The tab
    // may already be gone by the time of the click.
    await page.getByTestId('tab-planning').click({ timeout: 5_000 }).catch(() => undefined);
    await page.getByTestId('login-form').waitFor({ timeout: 30_000 });
    await page.getByText('การเข้าสู่ระบบหมดอายุแล้ว').waitFor();
    expect(consoleErrors).toEqual([]);
  });
});
