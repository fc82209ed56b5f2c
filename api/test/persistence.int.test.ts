import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../src/db/connect.js';
import { migrate } from '../src/db/migrate.js';

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
    } finally {
      await second.close();
    }
    expect(fs.existsSync(path.join(dir, 'pglite.lock'))).toBe(false);
  });
});
