import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../src/db/connect.js';
import { migrate, MIGRATIONS_DIR } from '../src/db/migrate.js';

// The embedded engine keeps its data under DATA_DIR: stop it, start it again, the data is there.
describe('embedded database persistence', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cctv-atlas-persist-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('keeps schema and rows across a restart, and refuses a second opener while running', { timeout: 240_000 }, async () => {
    const first = await openDatabase({ dataDir: dir });
    await migrate(first.knex);
    await first.knex.raw(`insert into app_meta (key, value) values ('probe', '{"n": 42}')`);
    await first.knex.raw(
      `insert into cameras (place_name, status, geom) values ('ทดสอบ', 'working', ST_SetSRID(ST_MakePoint(100.45, 14.59), 4326))`,
    );
    await expect(openDatabase({ dataDir: dir })).rejects.toThrow(/in use by process/);
    await first.close();

    const second = await openDatabase({ dataDir: dir });
    try {
      expect(await migrate(second.knex)).toEqual([]); // already applied, recorded
      const { rows } = await second.knex.raw(`select (select value->>'n' from app_meta where key = 'probe') n,
        (select place_name || ' ' || ST_AsText(geom) from cameras) cam`);
      expect(rows[0]).toEqual({ n: '42', cam: 'ทดสอบ POINT(100.45 14.59)' });

      // A new numbered file is applied once; an applied file that changed stops the migration.
      // (Numbers above the real migrations: the first migrate applied all of those.)
      const migrations = path.join(dir, 'migrations');
      fs.mkdirSync(migrations);
      fs.copyFileSync(path.join(MIGRATIONS_DIR, '001_schema.sql'), path.join(migrations, '001_schema.sql'));
      fs.writeFileSync(path.join(migrations, '900_probe.sql'), 'create table probe (id int);');
      expect(await migrate(second.knex, { dir: migrations })).toEqual(['900_probe']);
      expect(await migrate(second.knex, { dir: migrations })).toEqual([]);
      fs.appendFileSync(path.join(migrations, '001_schema.sql'), '\n-- edited');
      fs.writeFileSync(path.join(migrations, '901_never.sql'), 'create table never (id int);');
      await expect(migrate(second.knex, { dir: migrations })).rejects.toThrow(/001_schema.sql changed after it was applied/);
      const { rows: tables } = await second.knex.raw(`select to_regclass('never') is null as absent`);
      expect(tables[0].absent).toBe(true);
    } finally {
      await second.close();
    }
    expect(fs.existsSync(path.join(dir, 'pglite.lock'))).toBe(false);
  });
});
