/**
 * Backups of the whole database, for both engines (docs/reliability.md, "Backups").
 *
 * The format is plain SQL in the shape pg_dump writes (`pg_dump --format=plain`), so that anyone with
 * psql can read and restore it, and so that one file moves between engines (a province leaving the
 * embedded database for a server, or the other way):
 *
 *   -- cctv-atlas backup, format 1                 (header: engine, versions, schema digest)
 *   BEGIN;  SET LOCAL …;
 *   <the schema: schema_migrations and every migration the database has applied, verbatim>
 *   ALTER TABLE … DISABLE TRIGGER USER;            (rows come back exactly as stored: the area
 *                                                    triggers must not derive anything again)
 *   COPY <table> (<columns>) FROM stdin;           (every table of the schema, parents before
 *   <rows in COPY text format>                      children, each in primary key order)
 *   \.
 *   ALTER TABLE … ENABLE TRIGGER USER;
 *   SELECT pg_catalog.setval(…);                   (every sequence where it was: no id is reused)
 *   -- end of backup: …                            (a truncated file is refused)
 *   COMMIT;
 *
 * Values are each type's own text output (what COPY writes): geometries as hex EWKB, floats with
 * every digit, timestamps with their offset — exact on the way back. The rows are read in one
 * REPEATABLE READ, READ ONLY transaction: one consistent snapshot while the API keeps writing.
 *
 * Restore (`restoreBackup`) runs the same file in ONE transaction: an error anywhere (a COPY line a
 * column refuses, a truncated file, a schema that differs) leaves the database as it was. It refuses
 * a database that holds anything (tables, functions) unless `force`, which first drops every object
 * of the schema that is not an extension's — inside the same transaction.
 * `psql -v ON_ERROR_STOP=1 -d <empty database> -f <file>` does the same (one transaction too).
 */
import { once } from 'node:events';
import fs from 'node:fs';
import readline from 'node:readline';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import zlib from 'node:zlib';
import type { Knex } from 'knex';
import type pg from 'pg';
import { from as copyFrom, to as copyTo } from 'pg-copy-streams';
import type { Database } from './connect.js';
import { readMigrations } from './migrate.js';

export const BACKUP_MAGIC = '-- cctv-atlas backup, format 1';
const END_MARK = '-- end of backup:';
const SCHEMA_MARK = '-- schema digest:';

/** The session settings that make every value's text exact and the file the same on both engines. */
const SESSION_SETTINGS = [
  "SET LOCAL client_encoding = 'UTF8'",
  'SET LOCAL standard_conforming_strings = on',
  "SET LOCAL datestyle = 'ISO, YMD'",
  "SET LOCAL intervalstyle = 'postgres'",
  "SET LOCAL timezone = 'UTC'",
  'SET LOCAL extra_float_digits = 3',
  "SET LOCAL bytea_output = 'hex'",
  'SET LOCAL statement_timeout = 0',
  'SET LOCAL lock_timeout = 0',
];

/** The table migrate() keeps its bookkeeping in (api/src/db/migrate.ts), as it creates it. */
const SCHEMA_MIGRATIONS_DDL = `create table if not exists schema_migrations (
      version text primary key, name text not null, checksum text not null,
      applied_at timestamptz not null default now())`;

export interface TableReport {
  table: string;
  rows: number;
}

export interface BackupReport {
  engine: string;
  tables: TableReport[];
  rows: number;
  sequences: number;
  migrations: string[];
  /** Bytes of SQL written (before compression). */
  bytes: number;
  seconds: number;
}

export interface RestoreReport {
  tables: TableReport[];
  rows: number;
  sequences: number;
  /** Objects dropped first (--force). */
  dropped: number;
  seconds: number;
  /** From the file's header. */
  source: Record<string, string>;
}

const quoteIdent = (id: string) => `"${id.replace(/"/g, '""')}"`;
const quoteLiteral = (s: string) => `'${s.replace(/'/g, "''")}'`;

/** Objects that belong to an extension (PostGIS's spatial_ref_sys, its functions) are the extension's business. */
const NOT_EXTENSION_MEMBER = (classTable: string, alias: string) =>
  `not exists (select 1 from pg_depend d where d.classid = '${classTable}'::regclass and d.objid = ${alias}.oid and d.deptype = 'e')`;

/** md5 of every column of every table of the schema (name, type, not null), in a fixed (byte) order. */
const SCHEMA_DIGEST_SQL = `
  select md5(coalesce(string_agg(c.relname::text || '.' || a.attname::text || ' ' || format_type(a.atttypid, a.atttypmod) || case when a.attnotnull then ' not null' else '' end,
                                 E'\\n' order by c.relname::text collate "C", a.attnum), '')) as digest
    from pg_class c
    join pg_namespace n on n.oid = c.relnamespace
    join pg_attribute a on a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped
   where n.nspname = current_schema() and c.relkind in ('r', 'p') and ${NOT_EXTENSION_MEMBER('pg_class', 'c')}`;

interface Catalog {
  /** Parents before children (foreign keys), then by name. */
  tables: { name: string; columns: string[]; key: string[] }[];
  sequences: { name: string; lastValue: number; isCalled: boolean }[];
  digest: string;
}

type Query = (sql: string, bindings?: unknown[]) => Promise<Record<string, unknown>[]>;

async function readCatalog(query: Query): Promise<Catalog> {
  const tables = await query(`
    select c.oid::int as oid, c.relname::text as name
      from pg_class c join pg_namespace n on n.oid = c.relnamespace
     where n.nspname = current_schema() and c.relkind in ('r', 'p') and ${NOT_EXTENSION_MEMBER('pg_class', 'c')}
     order by c.relname::text collate "C"`);
  const oids = tables.map((t) => Number(t.oid));
  const columns = await query(
    `select a.attrelid::int as oid, a.attname::text as name
       from pg_attribute a
      where a.attrelid = any(?::int[]) and a.attnum > 0 and not a.attisdropped and a.attgenerated = ''
      order by a.attrelid, a.attnum`,
    [oids],
  );
  const keys = await query(
    `select i.indrelid::int as oid, a.attname::text as name
       from pg_index i
       cross join lateral unnest(i.indkey) with ordinality as k(attnum, ord)
       join pg_attribute a on a.attrelid = i.indrelid and a.attnum = k.attnum
      where i.indisprimary and i.indrelid = any(?::int[])
      order by i.indrelid, k.ord`,
    [oids],
  );
  const fks = await query(
    `select conrelid::int as child, confrelid::int as parent from pg_constraint
      where contype = 'f' and conrelid = any(?::int[]) and confrelid = any(?::int[]) and conrelid <> confrelid`,
    [oids, oids],
  );
  const sequenceNames = await query(`
    select s.relname::text as name
      from pg_class s join pg_namespace n on n.oid = s.relnamespace
     where n.nspname = current_schema() and s.relkind = 'S' and ${NOT_EXTENSION_MEMBER('pg_class', 's')}
     order by s.relname::text collate "C"`);
  // Read from each sequence itself: last_value and is_called together say where it is exactly.
  const sequences: { name: string; lastValue: number; isCalled: boolean }[] = [];
  for (const s of sequenceNames) {
    const [v] = await query(`select last_value, is_called from ${quoteIdent(String(s.name))}`);
    sequences.push({ name: String(s.name), lastValue: Number(v!.last_value), isCalled: v!.is_called === true });
  }
  const [{ digest }] = (await query(SCHEMA_DIGEST_SQL)) as [{ digest: string }];

  const byOid = new Map(tables.map((t) => [Number(t.oid), { name: String(t.name), columns: [] as string[], key: [] as string[] }]));
  for (const c of columns) byOid.get(Number(c.oid))!.columns.push(String(c.name));
  for (const k of keys) byOid.get(Number(k.oid))!.key.push(String(k.name));
  // Topological order: a table comes after every table it refers to (COPY checks foreign keys row by row).
  const parents = new Map<number, Set<number>>(oids.map((o) => [o, new Set()]));
  for (const f of fks) parents.get(Number(f.child))!.add(Number(f.parent));
  const ordered: number[] = [];
  const state = new Map<number, 'visiting' | 'done'>();
  const visit = (oid: number, trail: string[]) => {
    if (state.get(oid) === 'done') return;
    if (state.get(oid) === 'visiting') throw new Error(`the tables refer to each other in a cycle (${[...trail, byOid.get(oid)!.name].join(' -> ')}): this backup cannot order them`);
    state.set(oid, 'visiting');
    for (const p of parents.get(oid)!) visit(p, [...trail, byOid.get(oid)!.name]);
    state.set(oid, 'done');
    ordered.push(oid);
  };
  for (const oid of oids) visit(oid, []);
  return {
    tables: ordered.map((o) => byOid.get(o)!),
    sequences,
    digest,
  };
}

/** The migration files the database has applied, verbatim (checked against their recorded checksums). */
async function appliedMigrations(query: Query): Promise<{ version: string; name: string; sql: string; checksum: string }[]> {
  const exists = await query(`select to_regclass('schema_migrations') is not null as ok`);
  if (!exists[0]!.ok) throw new Error('the database has no schema yet (no schema_migrations table): nothing to back up');
  const applied = await query('select version, name, checksum from schema_migrations order by version');
  const files = new Map(readMigrations().map((m) => [m.version, m]));
  return applied.map((a) => {
    const m = files.get(String(a.version));
    if (!m) throw new Error(`the database has migration ${a.version}_${a.name}, which this version of cctv-atlas does not have (sql/migrations): back up with the version that applied it`);
    if (m.checksum !== a.checksum) throw new Error(`migration ${a.version}_${a.name}.sql differs from the one the database applied (checksum): back up with the version that applied it`);
    for (const line of m.sql.split('\n')) {
      // The restore reads the file line by line: nothing in a migration may look like the file's own structure.
      if (/^(BEGIN;|COMMIT;|\\|COPY .* FROM stdin;$)/.test(line)) throw new Error(`migration ${m.version}_${m.name}.sql has a line a backup cannot hold as is: ${line}`);
    }
    return m;
  });
}

const COPY_ESCAPES: Record<string, string> = { '\\': '\\\\', '\n': '\\n', '\r': '\\r', '\t': '\\t', '\b': '\\b', '\f': '\\f', '\v': '\\v' };
/**
 * One value in COPY text format, escaped as COPY TO itself escapes it (so both ways of reading rows
 * give the same bytes): \N for null; backslash, tab, line breaks, backspace, form feed, vertical tab.
 */
const copyValue = (v: string | null) => (v === null ? '\\N' : v.replace(/[\\\n\r\t\b\f\v]/g, (c) => COPY_ESCAPES[c]!));

/** Every value as the server's text (its type's output function): no parsing, nothing lost. */
const RAW_TEXT = { getTypeParser: () => (v: string) => v };

/** Buffers text and writes it in pieces of ~1 MB, waiting when the destination is full. */
class Output {
  private parts: string[] = [];
  private size = 0;
  bytes = 0;
  constructor(private readonly out: Writable) {}
  async write(s: string): Promise<void> {
    this.parts.push(s);
    this.size += s.length;
    if (this.size >= 1 << 20) await this.flush();
  }
  /** Bytes that are already in their final form (COPY TO's output), after what is buffered. */
  async writeBytes(chunk: Buffer): Promise<void> {
    await this.flush();
    this.bytes += chunk.length;
    if (!this.out.write(chunk)) await once(this.out, 'drain');
  }
  async flush(): Promise<void> {
    if (!this.size) return;
    const chunk = Buffer.from(this.parts.join(''), 'utf8');
    this.parts = [];
    this.size = 0;
    this.bytes += chunk.length;
    if (!this.out.write(chunk)) await once(this.out, 'drain');
  }
}

/**
 * Writes the backup of `db` to `out` (not ended here). One REPEATABLE READ, READ ONLY transaction:
 * every table as of one moment.
 */
export async function writeBackup(db: Database, out: Writable, opts: { log?: (m: string) => void } = {}): Promise<BackupReport> {
  const log = opts.log ?? (() => {});
  const t0 = Date.now();
  const o = new Output(out);
  const report: BackupReport = { engine: db.engine, tables: [], rows: 0, sequences: 0, migrations: [], bytes: 0, seconds: 0 };
  await db.knex.transaction(async (trx) => {
    await trx.raw('set transaction isolation level repeatable read, read only');
    for (const s of SESSION_SETTINGS) await trx.raw(s);
    const query: Query = async (sql, bindings) => (await trx.raw(sql, (bindings ?? []) as Knex.RawBinding[])).rows;
    const migrations = await appliedMigrations(query);
    const cat = await readCatalog(query);
    const [versions] = await query(`select current_setting('server_version') as pg, postgis_lib_version() as postgis, now() as at`);
    report.migrations = migrations.map((m) => `${m.version}_${m.name}`);

    await o.write(
      [
        BACKUP_MAGIC,
        '-- Plain SQL (pg_dump style). Restore into an EMPTY database, in one transaction:',
        '--   npm run cli -- restore <file> [--force]      (embedded or DATABASE_URL)',
        '--   psql -v ON_ERROR_STOP=1 -d <database> -f <file>',
        `-- made: ${(versions!.at instanceof Date ? versions!.at : new Date(String(versions!.at))).toISOString()}`,
        `-- engine: ${db.engine}, PostgreSQL ${versions!.pg}, PostGIS ${versions!.postgis}`,
        `-- migrations: ${report.migrations.join(' ')}`,
        `${SCHEMA_MARK} ${cat.digest}`,
        '',
        'BEGIN;',
        ...SESSION_SETTINGS.map((s) => `${s};`),
        "SET LOCAL check_function_bodies = false;",
        'SET LOCAL client_min_messages = warning;',
        '',
        '-- schema: the migrations this database had applied (sql/migrations), as they were',
        `${SCHEMA_MIGRATIONS_DDL};`,
        '',
      ].join('\n') + '\n',
    );
    for (const m of migrations) {
      await o.write(`-- migration ${m.version}_${m.name} (sha256 ${m.checksum})\n${m.sql.replace(/\s*$/, '')}\n\n`);
    }

    await o.write('-- data: rows exactly as stored (triggers that derive values are off while they load)\n');
    for (const t of cat.tables) await o.write(`ALTER TABLE ${quoteIdent(t.name)} DISABLE TRIGGER USER;\n`);
    await o.write('\n');
    for (const t of cat.tables) {
      const cols = t.columns.map(quoteIdent).join(', ');
      await o.write(`COPY ${quoteIdent(t.name)} (${cols}) FROM stdin;\n`);
      const order = t.key.length ? ` order by ${t.key.map(quoteIdent).join(', ')}` : '';
      const select = `select ${cols} from ${quoteIdent(t.name)}${order}`;
      let rows = 0;
      if (db.engine === 'postgres') {
        // The server writes the rows in COPY format itself, in this transaction (its snapshot).
        const conn = (await trx.client.acquireConnection()) as pg.PoolClient;
        await o.flush();
        const sink = new Writable({
          write(chunk: Buffer, _enc, cb) {
            for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) rows++;
            o.writeBytes(chunk).then(() => cb(), cb);
          },
        });
        await pipeline(conn.query(copyTo(`COPY (${select}) TO STDOUT`)), sink);
      } else {
        // PGlite cannot COPY TO its socket: a cursor, each value as its type's text, escaped here.
        await trx.raw(`declare atlas_backup no scroll cursor for ${select}`);
        for (;;) {
          const res = await trx.raw('fetch forward 2000 from atlas_backup').options({ rowMode: 'array', types: RAW_TEXT });
          const batch = res.rows as (string | null)[][];
          if (!batch.length) break;
          let text = '';
          for (const r of batch) text += r.map(copyValue).join('\t') + '\n';
          await o.write(text);
          rows += batch.length;
        }
        await trx.raw('close atlas_backup');
      }
      await o.write('\\.\n\n');
      report.tables.push({ table: t.name, rows });
      report.rows += rows;
      if (rows) log(`backup: ${t.name}: ${rows} rows`);
    }
    for (const t of cat.tables) await o.write(`ALTER TABLE ${quoteIdent(t.name)} ENABLE TRIGGER USER;\n`);
    await o.write('\n-- sequences: where they were, so that new ids do not collide with restored ones\n');
    for (const s of cat.sequences) {
      await o.write(`SELECT pg_catalog.setval(${quoteLiteral(quoteIdent(s.name))}, ${s.lastValue}, ${s.isCalled});\n`);
      report.sequences++;
    }
    await o.write(`\n${END_MARK} ${report.tables.length} tables, ${report.rows} rows\nCOMMIT;\n`);
    await o.flush();
  });
  report.bytes = o.bytes;
  report.seconds = (Date.now() - t0) / 1000;
  return report;
}

/**
 * Writes a backup file: `<file>.partial` first, flushed to disk, then renamed — an interrupted
 * backup never leaves a file that looks complete. A name ending in .gz is gzip-compressed.
 */
export async function backupToFile(db: Database, file: string, opts: { force?: boolean; log?: (m: string) => void } = {}): Promise<BackupReport & { fileBytes: number }> {
  if (fs.existsSync(file) && !opts.force) throw new Error(`${file} exists: choose another name, or add --force to replace it`);
  const partial = `${file}.partial`;
  const fileStream = fs.createWriteStream(partial);
  let report: BackupReport;
  try {
    if (file.endsWith('.gz')) {
      const gzip = zlib.createGzip({ level: 6 });
      const done = pipeline(gzip, fileStream);
      try {
        report = await writeBackup(db, gzip, opts);
      } catch (err) {
        gzip.destroy();
        await done.catch(() => {});
        throw err;
      }
      gzip.end();
      await done;
    } else {
      report = await writeBackup(db, fileStream, opts);
      fileStream.end();
      await once(fileStream, 'finish');
    }
    const fd = fs.openSync(partial, 'r+');
    try {
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(partial, file);
  } catch (err) {
    fileStream.destroy();
    fs.rmSync(partial, { force: true });
    throw err;
  }
  return { ...report, fileBytes: fs.statSync(file).size };
}

// ---- restore ---------------------------------------------------------------------------------------

/** What a restore needs of a connection: SQL in one session, and COPY FROM of text chunks. */
interface Session {
  exec(sql: string): Promise<void>;
  query: Query;
  copy(table: string, columns: string, chunks: AsyncIterable<string>): Promise<void>;
  release(): Promise<void>;
}

async function openSession(db: Database): Promise<Session> {
  if (db.engine === 'embedded') {
    // PGlite takes COPY from a blob, not over its socket (bench/run.ts): the restore talks to the
    // PGlite instance itself. It is one session, so the transaction spans both kinds of statement.
    const lite = db.pglite;
    if (!lite) throw new Error('embedded database without its PGlite instance');
    return {
      exec: async (sql) => void (await lite.exec(sql)),
      query: async (sql, bindings) => {
        let i = 0;
        const text = sql.replace(/\?/g, () => `$${++i}`);
        return (await lite.query<Record<string, unknown>>(text, bindings ?? [])).rows;
      },
      async copy(table, columns, chunks) {
        // Pieces of ~16 MB: one COPY statement each, all in the restore's transaction.
        let buf: string[] = [];
        let size = 0;
        const send = async () => {
          if (!size) return;
          await lite.query(`COPY ${quoteIdent(table)} (${columns}) FROM '/dev/blob'`, [], { blob: new Blob(buf) });
          buf = [];
          size = 0;
        };
        for await (const c of chunks) {
          buf.push(c);
          size += c.length;
          if (size >= 16 << 20) await send();
        }
        await send();
      },
      release: async () => {},
    };
  }
  const conn = (await db.knex.client.acquireConnection()) as pg.PoolClient;
  return {
    exec: async (sql) => void (await conn.query(sql)),
    query: async (sql, bindings) => {
      let i = 0;
      const text = sql.replace(/\?/g, () => `$${++i}`);
      return (await conn.query(text, bindings ?? [])).rows as Record<string, unknown>[];
    },
    copy: async (table, columns, chunks) => {
      await pipeline(Readable.from(chunks), conn.query(copyFrom(`COPY ${quoteIdent(table)} (${columns}) FROM STDIN`)));
    },
    release: async () => {
      await db.knex.client.releaseConnection(conn);
    },
  };
}

/** What the schema holds besides the extensions' objects: tables (with rows), other relations, functions, types. */
async function schemaContents(query: Query): Promise<{ tables: { name: string; rows: number }[]; others: string[] }> {
  const rels = await query(`
    select c.relname::text as name, c.relkind::text as kind
      from pg_class c join pg_namespace n on n.oid = c.relnamespace
     where n.nspname = current_schema() and c.relkind in ('r', 'p', 'v', 'm', 'S', 'f') and ${NOT_EXTENSION_MEMBER('pg_class', 'c')}
     order by 1`);
  const tables: { name: string; rows: number }[] = [];
  for (const r of rels.filter((x) => x.kind === 'r' || x.kind === 'p')) {
    const [{ n }] = (await query(`select count(*)::int as n from ${quoteIdent(String(r.name))}`)) as [{ n: number }];
    tables.push({ name: String(r.name), rows: Number(n) });
  }
  const funcs = await query(`
    select p.proname::text as name from pg_proc p join pg_namespace n on n.oid = p.pronamespace
     where n.nspname = current_schema() and ${NOT_EXTENSION_MEMBER('pg_proc', 'p')}`);
  const types = await query(`
    select t.typname::text as name from pg_type t join pg_namespace n on n.oid = t.typnamespace
     where n.nspname = current_schema() and t.typtype in ('e', 'd', 'c') and (t.typrelid = 0 or exists (select 1 from pg_class c where c.oid = t.typrelid and c.relkind = 'c'))
       and ${NOT_EXTENSION_MEMBER('pg_type', 't')}`);
  return {
    tables,
    others: [...rels.filter((x) => x.kind !== 'r' && x.kind !== 'p').map((x) => String(x.name)), ...funcs.map((f) => `${f.name}()`), ...types.map((t) => String(t.name))],
  };
}

/** Drops every object of the schema that is not an extension's (--force), in the restore's transaction. */
async function dropSchemaContents(s: Session): Promise<number> {
  const statements: string[] = [];
  for (const r of await s.query(`
      select c.relname::text as name, c.relkind::text as kind
        from pg_class c join pg_namespace n on n.oid = c.relnamespace
       where n.nspname = current_schema() and c.relkind in ('r', 'p', 'v', 'm', 'S', 'f') and ${NOT_EXTENSION_MEMBER('pg_class', 'c')}`)) {
    const what = { r: 'TABLE', p: 'TABLE', v: 'VIEW', m: 'MATERIALIZED VIEW', S: 'SEQUENCE', f: 'FOREIGN TABLE' }[String(r.kind)]!;
    statements.push(`DROP ${what} IF EXISTS ${quoteIdent(String(r.name))} CASCADE`);
  }
  for (const f of await s.query(`
      select p.proname::text as name, pg_get_function_identity_arguments(p.oid) as args, p.prokind::text as kind
        from pg_proc p join pg_namespace n on n.oid = p.pronamespace
       where n.nspname = current_schema() and ${NOT_EXTENSION_MEMBER('pg_proc', 'p')}`)) {
    const what = f.kind === 'p' ? 'PROCEDURE' : f.kind === 'a' ? 'AGGREGATE' : 'FUNCTION';
    statements.push(`DROP ${what} IF EXISTS ${quoteIdent(String(f.name))}(${f.args}) CASCADE`);
  }
  for (const t of await s.query(`
      select t.typname::text as name from pg_type t join pg_namespace n on n.oid = t.typnamespace
       where n.nspname = current_schema() and t.typtype in ('e', 'd') and ${NOT_EXTENSION_MEMBER('pg_type', 't')}`)) {
    statements.push(`DROP TYPE IF EXISTS ${quoteIdent(String(t.name))} CASCADE`);
  }
  // One by one: a CASCADE may already have taken a later one (IF EXISTS).
  for (const st of statements) await s.exec(st);
  return statements.length;
}

/** Reads a backup's lines (gzip or not, told by its first bytes). */
function backupLines(file: string): { lines: AsyncIterator<string>; close: () => void } {
  const fd = fs.openSync(file, 'r');
  const head = Buffer.alloc(2);
  fs.readSync(fd, head, 0, 2, 0);
  fs.closeSync(fd);
  const raw = fs.createReadStream(file);
  const input = head[0] === 0x1f && head[1] === 0x8b ? raw.pipe(zlib.createGunzip()) : raw;
  raw.on('error', (e) => input.emit('error', e));
  const rl = readline.createInterface({ input, crlfDelay: Infinity });
  return { lines: rl[Symbol.asyncIterator](), close: () => (rl.close(), raw.destroy()) };
}

const COPY_LINE = /^COPY ("(?:[^"]|"")+") \((.*)\) FROM stdin;$/;

/**
 * Restores a backup file into `db` in one transaction (see the top of this file). Refuses a
 * database that is not empty unless `force`.
 */
export async function restoreBackup(db: Database, file: string, opts: { force?: boolean; log?: (m: string) => void } = {}): Promise<RestoreReport> {
  const log = opts.log ?? (() => {});
  const t0 = Date.now();
  if (!fs.existsSync(file)) throw new Error(`${file}: no such file`);
  const { lines, close } = backupLines(file);
  const report: RestoreReport = { tables: [], rows: 0, sequences: 0, dropped: 0, seconds: 0, source: {} };
  const s = await openSession(db);
  let inTransaction = false;
  try {
    const first = await lines.next();
    if (first.done || first.value.replace(/^\uFEFF/, '') !== BACKUP_MAGIC) {
      throw new Error(`${file} is not a cctv-atlas backup (its first line is not "${BACKUP_MAGIC}"); a pg_dump file restores with psql`);
    }
    const contents = await schemaContents(s.query);
    if (!opts.force && (contents.tables.length || contents.others.length)) {
      const withRows = contents.tables.filter((t) => t.rows > 0);
      const sample = (withRows.length ? withRows : contents.tables).slice(0, 3).map((t) => `${t.name} (${t.rows} rows)`);
      throw new Error(
        `the database is not empty: ${contents.tables.length} tables${sample.length ? ` such as ${sample.join(', ')}` : ''}${contents.others.length ? `, ${contents.others.length} other objects` : ''}. ` +
          'Restore into an empty database, or add --force to replace everything in it',
      );
    }
    await s.exec('BEGIN');
    inTransaction = true;
    if (opts.force) {
      report.dropped = await dropSchemaContents(s);
      if (report.dropped) log(`restore: dropped ${report.dropped} objects first (--force)`);
    }

    let sql: string[] = [];
    const flush = async () => {
      const text = sql.join('\n').trim();
      sql = [];
      if (text) await s.exec(text);
    };
    let digestChecked = false;
    let ended = false;
    const loaded = new Map<string, number>();
    for (let next = await lines.next(); !next.done; next = await lines.next()) {
      const line = next.value;
      if (line === 'BEGIN;' || line === 'COMMIT;') continue; // the restore's own transaction holds it all
      const header = /^-- (made|engine|migrations|schema digest): (.*)$/.exec(line);
      if (header && !digestChecked) report.source[header[1]!] = header[2]!;
      if (line.startsWith(END_MARK)) ended = true;
      const copy = COPY_LINE.exec(line);
      if (!copy) {
        sql.push(line);
        continue;
      }
      await flush();
      if (!digestChecked) {
        // The schema the migrations made here must be the one the rows came from.
        const [{ digest }] = (await s.query(SCHEMA_DIGEST_SQL)) as [{ digest: string }];
        if (report.source['schema digest'] && digest !== report.source['schema digest']) {
          throw new Error(`the schema made from the backup's migrations differs from the one it was taken from (digest ${digest}, the file says ${report.source['schema digest']}): was the database changed by hand?`);
        }
        digestChecked = true;
      }
      const table = copy[1]!.slice(1, -1).replace(/""/g, '"');
      let rows = 0;
      let complete = false;
      async function* block(): AsyncGenerator<string> {
        let buf = '';
        for (let l = await lines.next(); !l.done; l = await lines.next()) {
          if (l.value === '\\.') {
            complete = true;
            break;
          }
          buf += `${l.value}\n`;
          rows++;
          if (buf.length >= 1 << 20) {
            yield buf;
            buf = '';
          }
        }
        if (buf) yield buf;
      }
      try {
        await s.copy(table, copy[2]!, block());
      } catch (err) {
        throw new Error(`table ${table}: ${(err as Error).message}`);
      }
      if (!complete) throw new Error(`${file} ends inside the rows of table ${table}: the backup is incomplete`);
      loaded.set(table, rows);
      report.tables.push({ table, rows });
      report.rows += rows;
      if (rows) log(`restore: ${table}: ${rows} rows`);
    }
    if (!ended) throw new Error(`${file} has no "${END_MARK}" line: the backup is incomplete, nothing was restored`);
    report.sequences = sql.filter((l) => l.startsWith('SELECT pg_catalog.setval(')).length;
    await flush();
    // What is in the tables now is what the file held.
    for (const [table, rows] of loaded) {
      const [{ n }] = (await s.query(`select count(*)::int as n from ${quoteIdent(table)}`)) as [{ n: number }];
      if (Number(n) !== rows) throw new Error(`table ${table} holds ${n} rows after the restore, the backup has ${rows}`);
    }
    await s.exec('COMMIT');
    inTransaction = false;
    await s.exec('ANALYZE');
  } catch (err) {
    if (inTransaction) await s.exec('ROLLBACK').catch(() => {});
    throw err;
  } finally {
    close();
    await s.release();
  }
  report.seconds = (Date.now() - t0) / 1000;
  return report;
}
