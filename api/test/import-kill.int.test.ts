/**
 * Imports are atomic under SIGKILL (issue 8; docs/reliability.md, "Interrupted imports"): the real
 * CLI import (`npm run cli -- import`, a child process) of 20,000 generated cameras is killed with
 * SIGKILL while it is inside its transaction, writing rows — then every table is exactly as before
 * (api/test/fuzz-helpers.ts dbState: every table that holds data, accounts and audit log included).
 *
 * - PostgreSQL pass (DATABASE_URL: use a database of your own): the child's session is found in
 *   pg_stat_activity (the only other session of this database writing cameras); it is killed once
 *   it holds the write lock on cameras and has sent its second batch of rows. The server rolls the transaction back when the
 *   connection drops. The same import is then run to the end, to show what the killed one would
 *   have written.
 * - Embedded pass: the child imports into a DATA_DIR of its own; it is killed once the cameras
 *   table's file on disk has grown by 2 MB (rows are being written: nothing commits before the end).
 *   The data directory is then opened again: it must open (crash recovery) and hold exactly the old
 *   data, and take writes.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Knex } from 'knex';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT_DIR } from '../src/config.js';
import { openDatabase } from '../src/db/connect.js';
import { backupToFile, restoreBackup } from '../src/db/dump.js';
import { ensureDemo } from '../src/demo/seed.js';
import { type Anchor, syntheticCameras } from '../src/demo/synthetic.js';
import { resetDomainData, testContext } from './db.js';
import { dbState } from './fuzz-helpers.js';

const CLI = path.join(ROOT_DIR, 'api', 'src', 'cli', 'main.ts');
const ROWS = 20_000;

const ctx = testContext();
const knex = ctx.db.knex;
const engine = ctx.db.engine;
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'atlas-import-kill-'));
const csvFile = path.join(work, 'cameras.csv');

/** 20,000 cameras around the demo's cameras in Ang Thong, as a CSV a province might send. */
async function writeCsv(k: Knex): Promise<void> {
  const anchors: Anchor[] = (await k.raw(`select ST_X(geom) lon, ST_Y(geom) lat from cameras where province_code = '15' order by id limit 200`)).rows.map(
    (r: { lon: number; lat: number }) => ({ lon: r.lon, lat: r.lat, weight: 1 }),
  );
  const cols = ['external_id', 'place_name', 'status', 'kind', 'year_installed', 'retention_days', 'fps', 'direction_deg', 'recorded_resolution', 'camera_brand', 'project', 'address'] as const;
  const cell = (v: unknown) => (v === null || v === undefined ? '' : /[",\n]/.test(String(v)) ? `"${String(v).replace(/"/g, '""')}"` : String(v));
  const lines = [[...cols, 'latitude', 'longitude'].join(',')];
  let i = 0;
  for (const r of syntheticCameras(ROWS, 77, anchors)) {
    const row = { ...r, external_id: `kill-${++i}` } as Record<string, unknown>;
    lines.push([...cols.map((c) => cell(row[c])), r.lat, r.lon].join(','));
  }
  fs.writeFileSync(csvFile, lines.join('\n') + '\n');
}

interface Child {
  proc: ChildProcess;
  output: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

function startImport(env: Record<string, string>): Child {
  // node itself with tsx as its loader — one process. (The tsx command runs the script in a child
  // process of its own: a SIGKILL to it would leave that child importing.)
  const proc = spawn(process.execPath, ['--import', 'tsx', CLI, 'import', csvFile, '--kind', 'cameras', '--json'], {
    cwd: ROOT_DIR,
    env: { ...process.env, DATABASE_URL: undefined, DATA_DIR: undefined, SEED_DEMO: 'never', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  proc.stdout!.on('data', (d) => (out += d));
  proc.stderr!.on('data', (d) => (out += d));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => proc.on('exit', (code, signal) => resolve({ code, signal })));
  return { proc, output: () => out, exited };
}

/** Polls `check` every 20 ms until it answers true; fails when the child ends first or after `ms`. */
async function waitFor(child: Child, what: string, check: () => Promise<boolean>, ms: number): Promise<void> {
  let ended = false;
  void child.exited.then(() => (ended = true));
  const t0 = Date.now();
  for (;;) {
    if (await check()) return;
    if (ended) throw new Error(`the import ended before ${what}:\n${child.output().slice(-3000)}`);
    if (Date.now() - t0 > ms) throw new Error(`no sign of ${what} after ${ms / 1000} s:\n${child.output().slice(-3000)}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

async function kill(child: Child): Promise<void> {
  child.proc.kill('SIGKILL');
  const end = await child.exited;
  // Killed, not finished: the import never got to its commit.
  expect(end.signal).toBe('SIGKILL');
  expect(child.output()).not.toContain('"written":true');
}

beforeAll(async () => {
  await resetDomainData(knex);
  await ensureDemo(knex, () => {});
  await writeCsv(knex);
}, 120_000);

afterAll(async () => {
  await resetDomainData(knex);
  await ctx.db.close();
  fs.rmSync(work, { recursive: true, force: true });
});

describe('an import killed with SIGKILL in the middle leaves every table as it was', () => {
  it.skipIf(engine !== 'postgres')('on PostgreSQL (DATABASE_URL; the embedded pass runs the DATA_DIR case)', async () => {
    const before = await dbState(knex);
    const cameras = Number((await knex('cameras').count('* as n').first())!.n);
    const child = startImport({ DATABASE_URL: process.env.DATABASE_URL! });
    // Inside the transaction, writing: the child's backend has a transaction id, holds the write lock
    // on cameras, and is on its second batch of rows (a new statement start) — not at the first.
    const starts = new Set<string>();
    const pids = new Set<number>();
    await waitFor(
      child,
      'the import writing its second batch of cameras',
      async () => {
        const { rows } = await knex.raw(
          `select a.pid, a.query_start::text as started from pg_stat_activity a
            where a.datname = current_database() and a.pid <> pg_backend_pid() and a.backend_xid is not null and a.query ilike 'insert into "cameras"%'
              and exists (select 1 from pg_locks l where l.pid = a.pid and l.relation = 'cameras'::regclass and l.mode = 'RowExclusiveLock' and l.granted)`,
        );
        for (const r of rows) {
          starts.add(r.started);
          pids.add(r.pid);
        }
        return starts.size >= 2;
      },
      240_000,
    );
    expect(pids.size).toBe(1);
    await kill(child);
    // The server rolls back when it sees the connection gone.
    const t0 = Date.now();
    for (;;) {
      const { rows } = await knex.raw('select count(*)::int n from pg_stat_activity where pid = ?', [[...pids][0]!]);
      if (rows[0].n === 0) break;
      if (Date.now() - t0 > 30_000) throw new Error('the killed import\'s session is still open after 30 s');
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(await dbState(knex)).toEqual(before);
    // Nothing is left locked: the table takes writes.
    expect(await knex('cameras').where('id', 1).update({ fps: 12 })).toBe(1);
    await knex('cameras').where('id', 1).update({ fps: knex.raw('fps') });

    // The same import left alone writes the 20,000 cameras: what the kill stopped was real.
    const whole = startImport({ DATABASE_URL: process.env.DATABASE_URL! });
    const end = await whole.exited;
    expect(end.code, whole.output().slice(-2000)).toBe(0);
    const report = JSON.parse(whole.output().trim().split('\n').pop()!);
    expect(report).toMatchObject({ written: true, inserted: ROWS });
    expect(Number((await knex('cameras').count('* as n').first())!.n)).toBe(cameras + ROWS);
    // Its 20,000 audit entries are not the next test file's business.
    await knex('audit_log').where('import_id', report.importId).delete();
  }, 600_000);

  it.skipIf(engine !== 'embedded')('on the embedded database with a DATA_DIR, which then opens with exactly the old data (the PostgreSQL pass runs the server case)', async () => {
    // A data directory with the demo, the boundaries and the accounts of the test database.
    const dataDir = path.join(work, 'data');
    const seedFile = path.join(work, 'seed.sql');
    await backupToFile(ctx.db, seedFile);
    let db = await openDatabase({ dataDir });
    let before: Record<string, string>;
    let heap: string;
    let heapBefore: number;
    try {
      await restoreBackup(db, seedFile);
      await db.knex.raw('checkpoint');
      before = await dbState(db.knex);
      heap = path.join(dataDir, 'pglite', (await db.knex.raw(`select pg_relation_filepath('cameras') p`)).rows[0].p);
    } finally {
      await db.close();
    }
    heapBefore = fs.statSync(heap).size;
    expect(heapBefore).toBeGreaterThan(0);

    const child = startImport({ DATA_DIR: dataDir });
    // The cameras' table file grows while the import's transaction writes rows into it.
    await waitFor(child, 'the import writing cameras', async () => fs.statSync(heap).size >= heapBefore + (2 << 20), 540_000);
    const grownTo = fs.statSync(heap).size;
    await kill(child);
    expect(grownTo).toBeGreaterThan(heapBefore);

    // It opens again (the lock of the dead process is taken over; crash recovery) with the old data.
    db = await openDatabase({ dataDir });
    try {
      expect(await dbState(db.knex)).toEqual(before);
      expect((await db.knex('cameras').where('external_id', 'like', 'kill-%').count('* as n').first())!.n).toBe(0);
      // And it takes writes.
      const agency = await db.knex('agencies').first('id');
      const [{ id }] = await db.knex('cameras').insert({ place_name: 'หลังการกู้คืน', status: 'working', agency_id: agency.id, geom: db.knex.raw('ST_SetSRID(ST_MakePoint(100.45, 14.59), 4326)') }).returning('id');
      expect(Number(id)).toBeGreaterThan(0);
    } finally {
      await db.close();
    }
  }, 900_000);
});
