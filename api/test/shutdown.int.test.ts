/**
 * Graceful shutdown of the real server (api/src/main.ts in a child process; docs/reliability.md,
 * "Shutdown"): a write in flight when SIGTERM arrives completes (201) and is kept; new connections
 * are refused meanwhile; the process exits 0; the embedded data directory opens again and holds
 * the write. With SHUTDOWN_TIMEOUT_MS short, a request that never completes is cut at the deadline
 * and the process still exits 0 with its database closed cleanly. Every line the server writes on
 * stdout is a JSON object.
 *
 * "In flight" is made certain without timing: the request is sent with `Expect: 100-continue`, so
 * the server's "100 Continue" proves it is handling the request, and the body is held back until
 * the server has logged that it is shutting down.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ROOT_DIR } from '../src/config.js';
import { bootstrapDatabase } from '../src/db/bootstrap.js';
import { openDatabase } from '../src/db/connect.js';
import { tokenFor } from './auth-helpers.js';
import { testContext } from './db.js';

const ENGINE = inject('engine');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cctv-atlas-shutdown-'));
const ctx = ENGINE === 'postgres' ? testContext() : null;
const MARK = `shutdown-test-${process.pid}`;
let token = '';

interface Server {
  child: ChildProcess;
  port: number;
  stdout: () => string;
  output: () => string;
  exited: Promise<number | null>;
  /** Resolves when a stdout record's msg matches. */
  logged(re: RegExp): Promise<Record<string, unknown>>;
}

async function startServer(env: Record<string, string>): Promise<Server> {
  // node --import tsx, not the tsx command: tsx's own process relays a signal to the server and
  // SIGKILLs it unless it hears back within ~60 ms, which a server busy in PGlite cannot promise
  // (docs/reliability.md, "Shutdown").
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT_DIR, 'api', 'src', 'main.ts')], {
    cwd: ROOT_DIR,
    env: {
      ...process.env,
      DATABASE_URL: ENGINE === 'postgres' ? inject('databaseUrl') : '',
      DATA_DIR: dir,
      PORT: '0',
      HOST: '127.0.0.1',
      SEED_DEMO: 'never',
      LOG_FORMAT: 'json',
      LOG_LEVEL: 'info',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  const waiters: { re: RegExp; resolve: (r: Record<string, unknown>) => void }[] = [];
  const records: Record<string, unknown>[] = [];
  let partial = '';
  child.stdout!.on('data', (d: Buffer) => {
    out += d.toString();
    partial += d.toString();
    const lines = partial.split('\n');
    partial = lines.pop()!;
    for (const line of lines) {
      if (!line) continue;
      let rec: Record<string, unknown>;
      try {
        rec = JSON.parse(line);
      } catch {
        rec = { msg: `NOT JSON: ${line}` };
      }
      records.push(rec);
      for (const w of [...waiters]) {
        if (w.re.test(String(rec.msg))) {
          waiters.splice(waiters.indexOf(w), 1);
          w.resolve(rec);
        }
      }
    }
  });
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  const logged = (re: RegExp) =>
    new Promise<Record<string, unknown>>((resolve, reject) => {
      const seen = records.find((r) => re.test(String(r.msg)));
      if (seen) return resolve(seen);
      waiters.push({ re, resolve });
      void exited.then((code) => reject(new Error(`server exited (${code}) before logging ${re}:\n${out}\n${err}`)));
    });
  const listening = await logged(/listening on/);
  const port = Number(/127\.0\.0\.1:(\d+)\//.exec(String(listening.msg))![1]);
  await logged(/cctv-atlas ready/);
  return { child, port, stdout: () => out, output: () => `${out}\n--- stderr ---\n${err}`, exited, logged };
}

interface RawRequest {
  /** Resolves with the status line and headers of each answer the socket receives (100 first). */
  next(): Promise<{ status: number; headers: string; body: string }>;
  send(data: string): void;
  closed: Promise<void>;
}

/** An HTTP/1.1 request written by hand on a socket, so that its body can be held back. */
async function rawRequest(port: number, head: string): Promise<RawRequest> {
  const sock = net.connect(port, '127.0.0.1');
  await new Promise<void>((resolve, reject) => sock.once('connect', resolve).once('error', reject));
  let buf = '';
  const queue: ((v: { status: number; headers: string; body: string }) => void)[] = [];
  const parse = () => {
    while (queue.length) {
      const end = buf.indexOf('\r\n\r\n');
      if (end < 0) return;
      const headers = buf.slice(0, end);
      const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(headers)?.[1]);
      const len = Number(/content-length: (\d+)/i.exec(headers)?.[1] ?? 0);
      if (buf.length < end + 4 + len) return;
      const body = buf.slice(end + 4, end + 4 + len);
      buf = buf.slice(end + 4 + len);
      queue.shift()!({ status, headers, body });
    }
  };
  sock.on('data', (d) => {
    buf += d.toString();
    parse();
  });
  sock.on('error', () => {});
  const closed = new Promise<void>((r) => sock.once('close', () => r()));
  sock.write(head);
  return {
    next: () =>
      new Promise((resolve) => {
        queue.push(resolve);
        parse();
      }),
    send: (data) => sock.write(data),
    closed,
  };
}

/** Whether a new TCP connection to the port is refused. */
function refused(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.connect(port, '127.0.0.1');
    s.once('connect', () => {
      s.destroy();
      resolve(false);
    });
    s.once('error', (e: NodeJS.ErrnoException) => resolve(e.code === 'ECONNREFUSED'));
  });
}

const problem = (description: string) => JSON.stringify({ province_code: '15', category: 'other', description });
const head = (body: string) =>
  `POST /api/problems HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${token}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nExpect: 100-continue\r\n\r\n`;

/** The problems this file wrote, read from the database the server used (the data dir reopened, embedded). */
async function problemsWritten(): Promise<string[]> {
  if (ctx) return (await ctx.db.knex('problems').whereLike('description', `${MARK}%`).orderBy('id')).map((r: { description: string }) => r.description);
  expect(fs.existsSync(path.join(dir, 'pglite.lock')), 'the server left its lock file').toBe(false);
  const db = await openDatabase({ dataDir: dir });
  try {
    return (await db.knex('problems').whereLike('description', `${MARK}%`).orderBy('id')).map((r: { description: string }) => r.description);
  } finally {
    await db.close();
  }
}

beforeAll(async () => {
  if (ctx) {
    token = await tokenFor(ctx.db.knex, { username: 'sd-admin', role: 'admin' });
    return;
  }
  // A data directory made and closed beforehand, with an account whose token the test uses.
  const db = await bootstrapDatabase({ dataDir: dir, seedDemo: 'never' }, { demo: false });
  try {
    token = await tokenFor(db.knex, { username: 'sd-admin', role: 'admin' });
  } finally {
    await db.close();
  }
}, 240_000);

afterAll(async () => {
  if (ctx) {
    await ctx.db.knex('problems').whereLike('description', `${MARK}%`).delete();
    await ctx.db.knex('users').where('username', 'sd-admin').delete();
    await ctx.db.close();
  }
  fs.rmSync(dir, { recursive: true, force: true });
});

describe(`graceful shutdown of the server process (${ENGINE})`, () => {
  const children: ChildProcess[] = [];
  afterAll(() => {
    for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
  });

  it('SIGTERM: the write in flight completes and is kept, new connections are refused, exit code 0', { timeout: 240_000 }, async () => {
    const server = await startServer({ SHUTDOWN_TIMEOUT_MS: '30000' });
    children.push(server.child);
    const body = problem(`${MARK} in flight`);
    const req = await rawRequest(server.port, head(body));
    expect((await req.next()).status).toBe(100); // the server is handling it
    server.child.kill('SIGTERM');
    await server.logged(/SIGTERM: shutting down/);
    expect(await refused(server.port)).toBe(true);
    req.send(body);
    const answer = await req.next();
    expect(answer.status, answer.body).toBe(201);
    expect(answer.headers).toMatch(/connection: close/i);
    expect(JSON.parse(answer.body).description).toBe(`${MARK} in flight`);
    expect(await server.exited, server.output()).toBe(0);
    expect(server.stdout()).toMatch(/shutdown: done in \d+ ms; (embedded|postgres) database closed/);
    for (const line of server.stdout().split('\n').filter(Boolean)) expect(() => JSON.parse(line), line).not.toThrow();
    expect(await problemsWritten()).toEqual([`${MARK} in flight`]);
  });

  it('a request still unfinished at SHUTDOWN_TIMEOUT_MS is cut; the process exits 0 and the data is intact', { timeout: 240_000 }, async () => {
    const server = await startServer({ SHUTDOWN_TIMEOUT_MS: '1000' });
    children.push(server.child);
    const body = problem(`${MARK} never sent`);
    const req = await rawRequest(server.port, head(body));
    expect((await req.next()).status).toBe(100);
    const t0 = Date.now();
    server.child.kill('SIGTERM');
    await server.logged(/still busy after \d+ ms; cutting them/);
    await req.closed; // cut without an answer
    expect(await server.exited, server.output()).toBe(0);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(1000);
    expect(await problemsWritten()).toEqual([`${MARK} in flight`]);
  });
});
