import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Knex } from 'knex';
import { ROOT_DIR } from '../config.js';

export const MIGRATIONS_DIR = path.join(ROOT_DIR, 'sql', 'migrations');

export interface Migration {
  version: string;
  name: string;
  sql: string;
  checksum: string;
}

/** Numbered .sql files (`001_schema.sql`), in order. */
export function readMigrations(dir = MIGRATIONS_DIR): Migration[] {
  return fs
    .readdirSync(dir)
    .filter((f) => /^\d{3,}_[\w-]+\.sql$/.test(f))
    .sort()
    .map((file) => {
      const sql = fs.readFileSync(path.join(dir, file), 'utf8');
      const [version, ...rest] = file.replace(/\.sql$/, '').split('_');
      return {
        version: version!,
        name: rest.join('_'),
        sql,
        checksum: crypto.createHash('sha256').update(sql).digest('hex'),
      };
    });
}

// An arbitrary constant: one migrator at a time, even with several API processes starting at once.
const LOCK_KEY = 482_731_905;

/**
 * Applies the migrations not yet recorded in schema_migrations, all in one transaction (a failure
 * leaves the schema as it was).
 * Refuses to run when an applied migration's file has changed since.
 */
export async function migrate(knex: Knex, opts: { dir?: string; log?: (m: string) => void } = {}): Promise<string[]> {
  const log = opts.log ?? (() => {});
  const migrations = readMigrations(opts.dir);
  const applied: string[] = [];
  await knex.transaction(async (trx) => {
    await trx.raw('select pg_advisory_xact_lock(?)', [LOCK_KEY]);
    await trx.raw(`create table if not exists schema_migrations (
      version text primary key, name text not null, checksum text not null,
      applied_at timestamptz not null default now())`);
    const done = new Map<string, string>(
      (await trx('schema_migrations').select('version', 'checksum')).map((r: { version: string; checksum: string }) => [r.version, r.checksum]),
    );
    for (const m of migrations) {
      const seen = done.get(m.version);
      if (seen !== undefined) {
        if (seen !== m.checksum) throw new Error(`migration ${m.version}_${m.name}.sql changed after it was applied; add a new migration instead`);
        continue;
      }
      // Raw SQL without bindings goes through the simple query protocol (many statements per file).
      await trx.raw(m.sql.replace(/\?/g, '\\?'));
      await trx('schema_migrations').insert({ version: m.version, name: m.name, checksum: m.checksum });
      applied.push(`${m.version}_${m.name}`);
      log(`migration applied: ${m.version}_${m.name}`);
    }
  });
  return applied;
}
