/**
 * Backups (issue 8; api/src/db/dump.ts, docs/reliability.md "Backups"): `npm run cli -- backup` and
 * `restore` on both engines. Every table of the schema (boundaries, records, accounts, tokens,
 * sessions, audit log, migrations) is compared by row count and the md5 of its rows in a stable
 * (byte) order — geometries included, as their exact EWKB — and every sequence by its position.
 *
 * On the embedded pass: test database -> file -> a new embedded data directory (reopened: it must
 * hold the same), the CLI in child processes, refusals and atomic failures.
 * On the PostgreSQL pass (DATABASE_URL) also: PostgreSQL -> embedded -> PostgreSQL, and psql
 * restoring the same file.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { promisify } from 'node:util';
import type { Knex } from 'knex';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT_DIR } from '../src/config.js';
import { type Database, openDatabase } from '../src/db/connect.js';
import { BACKUP_MAGIC, backupToFile, restoreBackup, writeBackup } from '../src/db/dump.js';
import { ensureDemo } from '../src/demo/seed.js';
import { tokenFor } from './auth-helpers.js';
import { resetDomainData, testContext } from './db.js';

const run = promisify(execFile);
const TSX = path.join(ROOT_DIR, 'node_modules', '.bin', 'tsx');
const CLI = path.join(ROOT_DIR, 'api', 'src', 'cli', 'main.ts');

const ctx = testContext();
const knex = ctx.db.knex;
const onPostgres = ctx.db.engine === 'postgres';
const serverUrl = process.env.DATABASE_URL;
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'atlas-backup-'));
const file = path.join(work, 'backup.sql');

type Fingerprint = Record<string, string>;

/**
 * Every table of the schema (not the extensions'): "rows:md5 of the rows' text in byte order", and
 * every sequence: "last_value/is_called". The session settings make the text the same on both engines.
 */
async function fingerprint(k: Knex): Promise<Fingerprint> {
  return k.transaction(async (trx) => {
    for (const s of ["set local timezone = 'UTC'", 'set local extra_float_digits = 3', "set local datestyle = 'ISO, YMD'", "set local bytea_output = 'hex'"]) await trx.raw(s);
    const member = (cls: string, alias: string) => `not exists (select 1 from pg_depend d where d.classid = '${cls}'::regclass and d.objid = ${alias}.oid and d.deptype = 'e')`;
    const { rows } = await trx.raw(`select c.relname::text as name, c.relkind::text as kind from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = current_schema() and c.relkind in ('r', 'S') and ${member('pg_class', 'c')}`);
    const out: Fingerprint = {};
    for (const r of rows as { name: string; kind: string }[]) {
      if (r.kind === 'S') {
        const [s] = (await trx.raw(`select last_value, is_called from "${r.name}"`)).rows;
        out[`seq ${r.name}`] = `${s.last_value}/${s.is_called}`;
      } else {
        const [t] = (await trx.raw(`select count(*) || ':' || coalesce(md5(string_agg(x::text, E'\\n' order by x::text collate "C")), '') v from "${r.name}" x`)).rows;
        out[r.name] = t.v;
      }
    }
    return out;
  });
}

/** The backup's text without the lines that say when and where it was made. */
const body = (f: string) => fs.readFileSync(f, 'utf8').split('\n').filter((l) => !/^-- (made|engine):/.test(l)).join('\n');

async function cli(env: Record<string, string | undefined>, ...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(TSX, [CLI, ...args], { env: { ...process.env, DATABASE_URL: undefined, DATA_DIR: undefined, ...env }, timeout: 300_000, maxBuffer: 64 << 20 });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

/** A new database on the server of DATABASE_URL (dropped at the end). */
const made: string[] = [];
async function newServerDatabase(name: string): Promise<string> {
  const db = `atlas_bk_${name}_${process.pid}`;
  await knex.raw(`drop database if exists ${db} with (force)`);
  await knex.raw(`create database ${db}`);
  made.push(db);
  const u = new URL(serverUrl!);
  u.pathname = `/${db}`;
  return u.toString();
}

/** A camera whose values test the escaping and the precision: tabs, line breaks, backslashes, quotes, control characters, Thai, emoji, long decimals. */
const TRICKY_TEXT = 'ป้าย\t"ทาง\\แยก"\nบรรทัดสอง\r\nท้าย \\N 😀 \'quote\' \b\f\v\u0001 end';
const TRICKY_POINT: [number, number] = [100.45551234567891, 14.589612345678912];
let source: Fingerprint;

beforeAll(async () => {
  await resetDomainData(knex);
  await ensureDemo(knex, () => {});
  await tokenFor(knex, { username: 'bk-sec', role: 'secretariat', province: '15' });
  const agency = await knex('agencies').first('id');
  const [cam] = await knex('cameras')
    .insert({
      place_name: TRICKY_TEXT,
      other_details: 'a\\tb — not a tab; c\td — a tab',
      status: 'working',
      agency_id: agency.id,
      purposes: ['deterrence', 'traffic'],
      direction_deg: 0.1 + 0.2,
      link_budget_baht: 1234567.89,
      geom: knex.raw('ST_SetSRID(ST_MakePoint(?, ?), 4326)', TRICKY_POINT),
    })
    .returning('id');
  const bytes = Buffer.from(Array.from({ length: 256 }, (_, i) => i));
  await knex('camera_photos').insert({ camera_id: cam.id, filename: 'all-bytes.png', content_type: 'image/png', size_bytes: 256, sha256: 'x', data: bytes });
  await knex('footage_requests').insert({ camera_id: cam.id, requested_at: '2019-03-01 09:00:00.123456+07', requester_unit: 'สภ.เมือง', notes: 'ไมโครวินาที' });
  await knex('app_meta').insert({ key: 'backup-test', value: JSON.stringify({ th: 'ทดสอบ', esc: 'tab\there "q" \\', n: 1.000000000000001, nested: [null, true] }) }).onConflict('key').merge();
  await knex('audit_log').insert({ action: 'update', entity: 'cameras', entity_id: cam.id, username: 'bk-sec', before: JSON.stringify({ a: 1 }), after: JSON.stringify({ a: 2 }), at: '2020-01-01 00:00:00.000001+00' });
  // A camera whose station and district were cleared by hand inside a station's jurisdiction: the
  // insert trigger would derive them again, so the restore must load rows with triggers off.
  const cleared = await knex.raw(`update cameras set police_station_id = null, district_id = null
    where id = (select c.id from cameras c join police_stations s on ST_Intersects(s.jurisdiction, c.geom) order by c.id limit 1)`);
  expect(cleared.rowCount).toBe(1);
  // A sequence set back but not used yet: restored with is_called = false, so its next value is 500.
  await knex.raw(`select setval('plans_id_seq', 500, false)`);
  source = await fingerprint(knex);
  expect(Number(source.cameras!.split(':')[0])).toBe(861);
}, 120_000);

afterAll(async () => {
  for (const db of made) await knex.raw(`drop database if exists ${db} with (force)`).catch(() => {});
  await resetDomainData(knex);
  await knex('users').where('username', 'bk-sec').delete();
  await knex('app_meta').where('key', 'backup-test').delete();
  await ctx.db.close();
  fs.rmSync(work, { recursive: true, force: true });
});

describe(`backup and restore (${ctx.db.engine})`, () => {
  it('writes every table as plain SQL from one snapshot, and restores it exactly into a new database', async () => {
    const r = await backupToFile(ctx.db, file);
    expect(fs.readFileSync(file, 'utf8').split('\n', 1)[0]).toBe(BACKUP_MAGIC);
    expect(r.tables.map((t) => t.table)).toEqual(expect.arrayContaining(['cameras', 'users', 'api_tokens', 'audit_log', 'provinces', 'area_parts', 'schema_migrations', 'camera_photos']));
    expect(r.tables.find((t) => t.table === 'cameras')!.rows).toBe(861);
    // Parents before children: COPY checks foreign keys row by row.
    const order = r.tables.map((t) => t.table);
    expect(order.indexOf('agencies')).toBeLessThan(order.indexOf('cameras'));
    expect(order.indexOf('cameras')).toBeLessThan(order.indexOf('footage_requests'));
    expect(order.indexOf('users')).toBeLessThan(order.indexOf('audit_log'));
    expect(fs.existsSync(`${file}.partial`)).toBe(false);
    // Refuses to overwrite without --force.
    await expect(backupToFile(ctx.db, file)).rejects.toThrow(/exists.*--force/);

    let target: Database;
    let reopen: () => Promise<Database>;
    if (onPostgres) {
      const url = await newServerDatabase('rt');
      reopen = () => openDatabase({ databaseUrl: url });
    } else {
      const dir = path.join(work, 'embedded-rt');
      reopen = () => openDatabase({ dataDir: dir });
    }
    target = await reopen();
    try {
      const restored = await restoreBackup(target, file);
      expect(restored.rows).toBe(r.rows);
      expect(await fingerprint(target.knex)).toEqual(source);
      // Geometry bit for bit, text with every escape.
      const cam = (await target.knex.raw(`select ST_X(geom) x, ST_Y(geom) y, place_name, direction_deg from cameras where place_name = ?`, [TRICKY_TEXT])).rows[0];
      expect([cam.x, cam.y]).toEqual(TRICKY_POINT);
      expect(cam.direction_deg).toBe(0.1 + 0.2);
      const photo = await target.knex('camera_photos').where('filename', 'all-bytes.png').first('data');
      expect(Buffer.compare(photo.data, Buffer.from(Array.from({ length: 256 }, (_, i) => i)))).toBe(0);
      // New ids continue after the restored ones.
      const [{ id }] = await target.knex('agencies').insert({ name: 'หน่วยงานใหม่หลังกู้คืน', type: 'other' }).returning('id');
      const [last, called] = source['seq agencies_id_seq']!.split('/');
      expect(id).toBe(Number(last) + (called === 'true' ? 1 : 0));
      const maxBefore = (await knex('agencies').max('id as m').first()) as { m: number | string };
      expect(id).toBeGreaterThan(Number(maxBefore.m));
      expect((await target.knex.raw(`select nextval('plans_id_seq') v`)).rows[0].v).toBe(500);
    } finally {
      await target.close();
    }
    // The restored database survives closing and opening (for the embedded one: its data directory).
    target = await reopen();
    try {
      const again = await fingerprint(target.knex);
      expect(again.cameras).toBe(source.cameras);
      expect(again.audit_log).toBe(source.audit_log);
      expect(again.area_parts).toBe(source.area_parts);
    } finally {
      await target.close();
    }
  }, 240_000);

  it('refuses a database that is not empty, and a failed restore (bad row, truncated file) changes nothing even with --force', async () => {
    const target = onPostgres ? await openDatabase({ databaseUrl: await newServerDatabase('atomic') }) : await openDatabase({ dataDir: path.join(work, 'embedded-atomic') });
    try {
      await restoreBackup(target, file);
      // Something the backup does not have, so that "unchanged" and "replaced" differ.
      await target.knex('cameras').where('place_name', TRICKY_TEXT).update({ status: 'beyond_repair', version: 9 });
      const before = await fingerprint(target.knex);
      expect(before).not.toEqual(source);

      await expect(restoreBackup(target, file)).rejects.toThrow(/not empty: \d+ tables such as .*rows.*--force/);

      const text = fs.readFileSync(file, 'utf8');
      // A camera row with a status the column refuses, in the middle of the cameras' rows.
      const lines = text.split('\n');
      const copyAt = lines.findIndex((l) => l.startsWith('COPY "cameras"'));
      const bad = lines.map((l, i) => (i === copyAt + 400 ? l.replace(/\tworking\t|\tnot_working\t|\tunder_repair\t|\tbeyond_repair\t/, '\tflying\t') : l));
      expect(bad[copyAt + 400]).toContain('\tflying\t');
      fs.writeFileSync(path.join(work, 'bad-row.sql'), bad.join('\n'));
      await expect(restoreBackup(target, path.join(work, 'bad-row.sql'), { force: true })).rejects.toThrow(/table cameras: .*(check|status)/);
      expect(await fingerprint(target.knex)).toEqual(before);

      // Cut in the middle of the cameras' rows (a backup copied half-way).
      fs.writeFileSync(path.join(work, 'truncated.sql'), lines.slice(0, copyAt + 300).join('\n') + '\n');
      await expect(restoreBackup(target, path.join(work, 'truncated.sql'), { force: true })).rejects.toThrow(/ends inside the rows of table cameras/);
      // Whole blocks but no end mark.
      fs.writeFileSync(path.join(work, 'no-end.sql'), text.slice(0, text.indexOf('-- end of backup:')));
      await expect(restoreBackup(target, path.join(work, 'no-end.sql'), { force: true })).rejects.toThrow(/incomplete/);
      fs.writeFileSync(path.join(work, 'other.sql'), 'create table x (a int);\n');
      await expect(restoreBackup(target, path.join(work, 'other.sql'), { force: true })).rejects.toThrow(/not a cctv-atlas backup/);
      expect(await fingerprint(target.knex)).toEqual(before);

      // --force with a good file replaces everything.
      const replaced = await restoreBackup(target, file, { force: true });
      expect(replaced.dropped).toBeGreaterThan(20);
      expect(await fingerprint(target.knex)).toEqual(source);
    } finally {
      await target.close();
    }
  }, 240_000);

  it('npm run cli -- backup / restore (child processes), compressed too: the same file comes back out', async () => {
    const gz = path.join(work, 'cli.sql.gz');
    const again = path.join(work, 'cli-again.sql');
    let env: Record<string, string>;
    if (onPostgres) {
      env = { DATABASE_URL: await newServerDatabase('cli') };
    } else {
      env = { DATA_DIR: path.join(work, 'embedded-cli') };
    }
    const restore = await cli(env, 'restore', file);
    expect(restore.code, restore.stderr).toBe(0);
    expect(restore.stdout).toMatch(/^restored .* into the (embedded|postgres) database: \d+ tables, \d+ rows/);
    const again1 = await cli(env, 'restore', file);
    expect(again1.code).toBe(1);
    expect(again1.stderr).toContain('the database is not empty');
    const backup = await cli(env, 'backup', gz);
    expect(backup.code, backup.stderr).toBe(0);
    expect(backup.stdout).toMatch(/on disk/);
    expect(fs.readFileSync(gz).subarray(0, 2)).toEqual(Buffer.from([0x1f, 0x8b]));
    expect(fs.statSync(gz).size).toBeLessThan(fs.statSync(file).size / 2);
    const replace = await cli(env, 'restore', gz, '--force');
    expect(replace.code, replace.stderr).toBe(0);
    const plain = await cli(env, 'backup', again);
    expect(plain.code, plain.stderr).toBe(0);
    // Restored and backed up again: the same SQL, byte for byte (but for when and where it was made).
    expect(body(again)).toBe(body(file));
    const usage = await cli(env, 'restore');
    expect(usage.code).toBe(1);
    expect(usage.stderr).toContain('restore takes one file');
  }, 300_000);

  it.skipIf(!onPostgres)('moves PostgreSQL -> embedded -> PostgreSQL exactly, and psql restores the same file', async () => {
    const embedded = await openDatabase({ dataDir: path.join(work, 'embedded-cross') });
    const fromEmbedded = path.join(work, 'from-embedded.sql');
    try {
      await restoreBackup(embedded, file);
      expect(await fingerprint(embedded.knex)).toEqual(source);
      await backupToFile(embedded, fromEmbedded);
    } finally {
      await embedded.close();
    }
    expect(body(fromEmbedded)).toBe(body(file));
    const server = await openDatabase({ databaseUrl: await newServerDatabase('cross') });
    try {
      await restoreBackup(server, fromEmbedded);
      expect(await fingerprint(server.knex)).toEqual(source);
    } finally {
      await server.close();
    }
    const psql = ['/usr/bin/psql', '/usr/local/bin/psql'].find((p) => fs.existsSync(p));
    if (psql) {
      const url = await newServerDatabase('psql');
      await run(psql, ['-q', '-v', 'ON_ERROR_STOP=1', '-d', url, '-f', fromEmbedded], { maxBuffer: 16 << 20 });
      const viaPsql = await openDatabase({ databaseUrl: url });
      try {
        expect(await fingerprint(viaPsql.knex)).toEqual(source);
      } finally {
        await viaPsql.close();
      }
    }
  }, 300_000);

  it.skipIf(!onPostgres)('is one snapshot: what others commit while it runs is not in it, what they delete still is', async () => {
    const kept = await knex('footage_requests').orderBy('id').first('id', 'requester_unit');
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let begun!: () => void;
    const started = new Promise<void>((r) => (begun = r));
    const chunks: Buffer[] = [];
    // The first piece of the file waits until the others have written: the backup is under way.
    const sink = new Writable({
      write(chunk: Buffer, _enc, cb) {
        chunks.push(chunk);
        if (chunks.length === 1) {
          begun();
          void gate.then(() => cb());
        } else cb();
      },
    });
    const backup = writeBackup(ctx.db, sink);
    await started;
    const agency = await knex('agencies').first('id');
    await knex.transaction(async (trx) => {
      await trx('cameras').insert({ place_name: 'committed-after-the-snapshot', status: 'working', agency_id: agency.id, geom: trx.raw('ST_SetSRID(ST_MakePoint(100.45, 14.59), 4326)') });
      await trx('footage_requests').where('id', kept.id).delete();
    });
    release();
    const r = await backup;
    const text = Buffer.concat(chunks).toString('utf8');
    expect(text).not.toContain('committed-after-the-snapshot');
    expect(r.tables.find((t) => t.table === 'cameras')!.rows).toBe(861);
    expect(text).toMatch(new RegExp(`^${kept.id}\\t`, 'm'));
    expect(r.tables.find((t) => t.table === 'footage_requests')!.rows).toBe(Number(source.footage_requests!.split(':')[0]));
  }, 120_000);
});
