import fs from 'node:fs';
import path from 'node:path';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT_DIR } from '../src/config.js';
import { parseMapping } from '../src/io/columns.js';
import { importFile, type ImportOptions } from '../src/io/import.js';
import { adminApp, resetDomainData, testContext } from './db.js';

const ctx = testContext();
const knex = ctx.db.knex;
const app = adminApp(ctx);
const FIX = path.join(ROOT_DIR, 'api', 'test', 'fixtures', 'import');
const read = (f: string) => fs.readFileSync(path.join(FIX, f));
const bounds = ctx.config.bounds;
const opts = (o: Partial<ImportOptions> & Pick<ImportOptions, 'kind' | 'filename'>): ImportOptions => ({ bounds, ...o });

beforeAll(() => resetDomainData(knex));
afterAll(() => ctx.db.close());

describe('importing cameras from a Thai CSV', () => {
  it('normalises Thai digits, BE years, status and purpose words, a "lat, lon" cell, directions and baht', async () => {
    const report = await importFile(knex, read('cameras-th.csv'), opts({ kind: 'cameras', filename: 'cameras-th.csv' }));
    expect(report.errors).toEqual([]);
    expect(report).toMatchObject({ rowsTotal: 3, rowsValid: 3, inserted: 3, updated: 0, written: true });
    expect(report.agenciesCreated.sort()).toEqual(['อบต.โพธิ์ทอง', 'เทศบาลเมืองอ่างทอง']);
    const rows = await knex('cameras').orderBy('external_id').select(
      'external_id', 'place_name', 'year_installed', 'status', 'purposes', 'direction_deg', 'fov_deg', 'retention_days', 'repair_budget_baht', 'province_code',
      knex.raw('ST_X(geom) lon, ST_Y(geom) lat'),
    );
    expect(rows[0]).toMatchObject({ external_id: 'AT-001', year_installed: 2016, status: 'working', purposes: ['deterrence', 'traffic'], direction_deg: 0, retention_days: 30, province_code: '15', lon: 100.4555, lat: 14.5896 });
    expect(rows[1]).toMatchObject({ external_id: 'AT-002', year_installed: 2015, status: 'under_repair', purposes: ['investigation'], direction_deg: 45, repair_budget_baht: 12500 });
    expect(rows[2]).toMatchObject({ external_id: 'AT-003', status: 'not_working', direction_deg: 180, fov_deg: 180 });
    const agency = await knex('agencies').where('name', 'อบต.โพธิ์ทอง').first('type', 'province_code');
    expect(agency).toEqual({ type: 'local_administration', province_code: '15' });
  });

  it('re-importing the same file updates instead of duplicating', async () => {
    const report = await importFile(knex, read('cameras-th.csv'), opts({ kind: 'cameras', filename: 'cameras-th.csv' }));
    expect(report).toMatchObject({ inserted: 0, updated: 3, agenciesCreated: [] });
    expect((await knex('cameras').count({ n: '*' }))[0]!.n).toBe(3);
    expect((await knex('cameras').where('external_id', 'AT-001').first('version')).version).toBe(2);
  });
});

describe('bad rows', () => {
  it('reports every bad row with column, value, problem and suggestion, and writes nothing', async () => {
    const before = (await knex('cameras').count({ n: '*' }))[0]!.n;
    const report = await importFile(knex, read('cameras-bad.csv'), opts({ kind: 'cameras', filename: 'cameras-bad.csv' }));
    expect(report.written).toBe(false);
    expect(report.rowsTotal).toBe(6);
    expect(report.rowsValid).toBe(1);
    const byRow = Object.fromEntries(report.errors.map((e) => [e.row, e]));
    expect(Object.keys(byRow).map(Number)).toEqual([3, 4, 5, 6, 7]);
    expect(byRow[3]!.suggestion).toContain('14.5896');
    expect(byRow[3]!.message).toMatch(/swap/i);
    expect(byRow[4]).toMatchObject({ column: 'status', value: 'workin' });
    expect(byRow[4]!.suggestion).toContain('working');
    expect(byRow[5]!.message).toMatch(/outside/i);
    expect(byRow[6]!.message).toBe('duplicate of row 2 in this file');
    expect(byRow[7]!.column).toBe('place');
    expect((await knex('cameras').count({ n: '*' }))[0]!.n).toBe(before);
  });

  it('with skipInvalid writes the valid rows in one go and reports the rest', async () => {
    const report = await importFile(knex, read('cameras-bad.csv'), opts({ kind: 'cameras', filename: 'cameras-bad.csv', skipInvalid: true }));
    expect(report).toMatchObject({ written: true, inserted: 1, rowsValid: 1 });
    expect(report.errors).toHaveLength(5);
    expect(await knex('cameras').where('external_id', 'B-1').first('id')).toBeDefined();
  });

  it('a dry run counts what it would do and writes nothing', async () => {
    const before = (await knex('cameras').count({ n: '*' }))[0]!.n;
    const report = await importFile(knex, read('cameras-th.csv'), opts({ kind: 'cameras', filename: 'cameras-th.csv', dryRun: true }));
    expect(report).toMatchObject({ dryRun: true, written: false, inserted: 0, updated: 3 });
    expect((await knex('cameras').count({ n: '*' }))[0]!.n).toBe(before);
  });
});

describe('a city sheet with a mapping file', () => {
  it('maps Cam_* columns and reads "Towards …" as a note, not an error', async () => {
    const parsed = parseMapping('cameras', JSON.parse(read('city-mapping.json').toString()));
    if (!parsed.ok) throw new Error(parsed.errors.join('; '));
    const report = await importFile(knex, read('city-sheet.csv'), opts({ kind: 'cameras', filename: 'city-sheet.csv', mapping: parsed.mapping }));
    expect(report.errors).toEqual([]);
    expect(report.inserted).toBe(2);
    expect(report.warnings.some((w) => w.row === 2 && /towards/i.test(w.message + w.value))).toBe(true);
    const c18 = await knex('cameras').where('external_id', 'C-18').first('status', 'direction_deg', 'kind');
    expect(c18).toEqual({ status: 'not_working', direction_deg: 45, kind: 'fixed' });
  });
});

describe('the DLA maintenance survey (Krabi example)', () => {
  it('imports the 7 rows, skips the totals row, and sums to 70 / 43 / 18 / 9', async () => {
    const file = fs.readFileSync(path.join(ROOT_DIR, 'data', 'forms', 'lao-maintenance-krabi-example.csv'));
    const report = await importFile(knex, file, opts({ kind: 'lao_survey', filename: 'krabi.csv', province: 'กระบี่', surveyYear: 2019 }));
    expect(report.errors).toEqual([]);
    expect(report).toMatchObject({ rowsTotal: 7, inserted: 7 });
    const { rows } = await knex.raw(`select sum(total) t, sum(working) w, sum(under_repair) r, sum(beyond_repair) b, min(province_code) p
      from lao_maintenance_rows where survey_year = 2019`);
    expect(rows[0]).toEqual({ t: 70, w: 43, r: 18, b: 9, p: '81' });
    const again = await importFile(knex, file, opts({ kind: 'lao_survey', filename: 'krabi.csv', province: 'กระบี่', surveyYear: 2019 }));
    expect(again).toMatchObject({ inserted: 0, updated: 7 });
  });
});

describe('POST /api/import', () => {
  it('takes a multipart upload and answers the report; 422 when rows are invalid', async () => {
    const ok = await request(app).post('/api/import?kind=cameras&dry_run=true').attach('file', read('cameras-th.csv'), 'cameras-th.csv').expect(200);
    expect(ok.body).toMatchObject({ kind: 'cameras', rowsTotal: 3, dryRun: true });
    const bad = await request(app).post('/api/import?kind=cameras').attach('file', read('cameras-bad.csv'), 'cameras-bad.csv').expect(422);
    expect(bad.body.errors).toHaveLength(5);
    const noKind = await request(app).post('/api/import').attach('file', read('cameras-th.csv'), 'x.csv').expect(400);
    expect(noKind.body.errors[0].field).toBe('kind');
    const garbage = await request(app).post('/api/import?kind=cameras').attach('file', Buffer.from([0, 1, 2, 3, 255, 254]), 'x.bin').expect(400);
    expect(garbage.body.errors[0].field).toBe('file');
  });
});

describe('--province', () => {
  it('accepts "จังหวัด…" and English names, and refuses an unknown one with a 400 naming the field', async () => {
    const krabi = fs.readFileSync(path.join(ROOT_DIR, 'data', 'forms', 'lao-maintenance-krabi-example.csv'));
    const r = await importFile(knex, krabi, opts({ kind: 'lao_survey', filename: 'k.csv', province: 'จังหวัดกระบี่', surveyYear: 2019, dryRun: true }));
    expect(r.errors).toEqual([]);
    await expect(importFile(knex, krabi, opts({ kind: 'lao_survey', filename: 'k.csv', province: 'Atlantis', surveyYear: 2019 }))).rejects.toThrow(/unknown province "Atlantis"/);
    const res = await request(app).post('/api/import?kind=lao_survey&province=Atlantis&year=2019').attach('file', krabi, 'k.csv').expect(400);
    expect(res.body.errors[0].field).toBe('province');
  });
});
