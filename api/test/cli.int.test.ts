import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, inject, it } from 'vitest';
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
  afterAll(async () => {
    if (db.current) {
      await resetDomainData(db.current.knex);
      await db.current.close();
    }
  });

  it('migrates (nothing pending), seeds N synthetic cameras, reports counts, and rejects bad arguments', async () => {
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

    const bad = await cli('seed', '--scale', 'lots');
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('--scale must be a positive whole number');
    const unknown = await cli('frobnicate');
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('unknown command "frobnicate"');

    db.current = testDatabase();
    const { rows } = await db.current.knex.raw(`select count(*) n, count(*) filter (where province_code is null) outside
      from cameras where external_id like 'synth-5-%'`);
    expect(rows[0]).toEqual({ n: 40, outside: 0 });
  });
});
