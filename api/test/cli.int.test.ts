import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ROOT_DIR } from '../src/config.js';
import { resetDomainData, testDatabase } from './db.js';

const run = promisify(execFile);
const TSX = path.join(ROOT_DIR, 'node_modules', '.bin', 'tsx');
const CLI = path.join(ROOT_DIR, 'api', 'src', 'cli', 'main.ts');

/** `npm run cli -- …` against the shared test database (the embedded one through its socket). */
async function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(TSX, [CLI, ...args], {
      env: { ...process.env, DATABASE_URL: inject('databaseUrl') },
      timeout: 120_000,
    });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('npm run cli', () => {
  // The CLI needs the socket's one connection: the test's own connection opens only afterwards.
  const db = { current: undefined as ReturnType<typeof testDatabase> | undefined };
  beforeAll(async () => {
    // Start from empty domain tables whatever ran before, then give the connection back.
    const setup = testDatabase();
    await resetDomainData(setup.knex);
    await setup.close();
  });
  afterAll(async () => {
    if (db.current) {
      await resetDomainData(db.current.knex);
      await db.current.close();
    }
  });

  it('migrates (nothing pending), seeds N synthetic cameras, reports counts, imports files, and rejects bad arguments', async () => {
    const migrate = await cli('migrate');
    expect(migrate.code).toBe(0);
    expect(migrate.stdout.trim()).toBe('up to date');

    const seeded = await cli('seed', '--scale', '40', '--seed', '5');
    expect(seeded.code, seeded.stderr).toBe(0);
    expect(JSON.parse(seeded.stdout.trim().split('\n').pop()!)).toMatchObject({ inserted: 40 });

    const info = await cli('info');
    expect(info.code).toBe(0);
    const parsed = JSON.parse(info.stdout);
    expect(parsed.migrations).toContain('001_schema');
    expect(parsed.provinces).toBe(77);
    expect(parsed.cameras).toBeGreaterThanOrEqual(40);

    const badScale = await cli('seed', '--scale', 'lots');
    expect(badScale.code).toBe(1);
    expect(badScale.stderr).toContain('--scale must be a positive whole number');
    const unknown = await cli('frobnicate');
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('unknown command "frobnicate"');

    // import: exit 2 and nothing written when rows are invalid; the JSON report on stdout.
    const fixtures = path.join(ROOT_DIR, 'api', 'test', 'fixtures', 'import');
    const bad = await cli('import', path.join(fixtures, 'cameras-bad.csv'), '--kind', 'cameras', '--json');
    expect(bad.code, bad.stderr).toBe(2);
    const badReport = JSON.parse(bad.stdout);
    expect(badReport).toMatchObject({ kind: 'cameras', rowsTotal: 6, rowsValid: 1, inserted: 0, written: false });
    expect(badReport.errors.map((e: { row: number }) => e.row)).toEqual([3, 4, 5, 6, 7]);
    const dry = await cli('import', path.join(fixtures, 'cameras-th.csv'), '--kind', 'cameras', '--dry-run', '--json');
    expect(dry.code, dry.stderr).toBe(0);
    expect(JSON.parse(dry.stdout)).toMatchObject({ dryRun: true, inserted: 3, written: false });
    const mapped = await cli('import', path.join(fixtures, 'city-sheet.csv'), '--kind', 'cameras', '--mapping', path.join(fixtures, 'city-mapping.json'));
    expect(mapped.code, mapped.stderr).toBe(0);
    expect(mapped.stdout).toMatch(/inserted 2, updated 0/);
    const noKind = await cli('import', path.join(fixtures, 'city-sheet.csv'));
    expect(noKind.code).toBe(1);
    expect(noKind.stderr).toContain('--kind must be one of');

    db.current = testDatabase();
    expect(await db.current.knex('cameras').whereIn('external_id', ['C-17', 'C-18']).count({ n: '*' })).toEqual([{ n: 2 }]);
    expect(await db.current.knex('cameras').where('external_id', 'like', 'AT-%').count({ n: '*' })).toEqual([{ n: 0 }]);
    const { rows } = await db.current.knex.raw(`select count(*) n, count(*) filter (where province_code is null) outside
      from cameras where external_id like 'synth-5-%'`);
    expect(rows[0]).toEqual({ n: 40, outside: 0 });
  });
});
