/**
 * The exact validation report for every kind of bad input, at pipeline level. Each file in
 * fixtures/import/errors/<name>.csv has its expected report in <name>.report.json (rows, columns as
 * written in the file, values, messages, suggestions, warnings). The expected files are written by
 * hand review: `UPDATE_FIXTURES=1 npx vitest run --project api import-report` rewrites them from what
 * the importer says now — read the diff before committing it.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT_DIR } from '../src/config.js';
import { importFile, type ImportOptions } from '../src/io/import.js';
import { resetDomainData, testContext } from './db.js';

const ctx = testContext();
const knex = ctx.db.knex;
const DIR = path.join(ROOT_DIR, 'api', 'test', 'fixtures', 'import', 'errors');
const UPDATE = process.env.UPDATE_FIXTURES === '1';

const CASES: { name: string; what: string; opts: Omit<ImportOptions, 'filename' | 'bounds'>; table: string }[] = [
  { name: 'swapped-latlon', what: 'latitude and longitude swapped (the swap suggested)', opts: { kind: 'cameras' }, table: 'cameras' },
  { name: 'outside-bounds', what: "points outside Thailand (Vientiane, the Gulf) and outside WGS84", opts: { kind: 'cameras' }, table: 'cameras' },
  { name: 'other-province', what: 'a position in another province than --province', opts: { kind: 'cameras', province: 'อ่างทอง' }, table: 'cameras' },
  { name: 'missing-coordinates', what: 'missing coordinates', opts: { kind: 'cameras' }, table: 'cameras' },
  { name: 'duplicates', what: 'duplicates within the file, by code and by natural key', opts: { kind: 'cameras' }, table: 'cameras' },
  { name: 'unknown-enums', what: 'unknown status, kind and purpose words', opts: { kind: 'cameras' }, table: 'cameras' },
  { name: 'lao-totals', what: 'maintenance rows whose total is not working + under repair + beyond repair', opts: { kind: 'lao_survey', province: 'กระบี่', surveyYear: 2019 }, table: 'lao_maintenance_rows' },
  { name: 'bad-values', what: 'missing required field, ambiguous year, bad direction, negative and non-numeric numbers, unknown province', opts: { kind: 'cameras' }, table: 'cameras' },
];

beforeAll(() => resetDomainData(knex));
afterAll(() => ctx.db.close());

describe('the validation report, exactly', () => {
  for (const c of CASES) {
    it(`${c.name}: ${c.what}`, async () => {
      const file = fs.readFileSync(path.join(DIR, `${c.name}.csv`));
      const before = Number((await knex(c.table).count({ n: '*' }))[0]!.n);
      const r = await importFile(knex, file, { ...c.opts, filename: `${c.name}.csv`, bounds: ctx.config.bounds });
      const got = { rowsTotal: r.rowsTotal, rowsValid: r.rowsValid, written: r.written, inserted: r.inserted, updated: r.updated, errors: r.errors, warnings: r.warnings };
      const expectedFile = path.join(DIR, `${c.name}.report.json`);
      if (UPDATE) fs.writeFileSync(expectedFile, JSON.stringify(got, null, 2) + '\n');
      expect(got).toEqual(JSON.parse(fs.readFileSync(expectedFile, 'utf8')));
      // Every fixture has at least one bad row, so nothing may have been written.
      expect(r.errors.length).toBeGreaterThan(0);
      expect(Number((await knex(c.table).count({ n: '*' }))[0]!.n)).toBe(before);
    });
  }
});
