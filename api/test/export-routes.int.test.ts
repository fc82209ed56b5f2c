import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT_DIR } from '../src/config.js';
import { importFile } from '../src/io/import.js';
import { adminApp, resetDomainData, testContext } from './db.js';

const ctx = testContext();
const knex = ctx.db.knex;
const app = adminApp(ctx);
const binary = (res: NodeJS.ReadableStream, cb: (err: Error | null, body: Buffer) => void) => {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => cb(null, Buffer.concat(chunks)));
};

beforeAll(async () => {
  await resetDomainData(knex);
  const fix = path.join(ROOT_DIR, 'api', 'test', 'fixtures', 'import');
  const cams = await importFile(knex, fs.readFileSync(path.join(fix, 'cameras-th.csv')), { kind: 'cameras', filename: 'cameras-th.csv', bounds: ctx.config.bounds });
  expect(cams.inserted).toBe(3);
  const krabi = fs.readFileSync(path.join(ROOT_DIR, 'data', 'forms', 'lao-maintenance-krabi-example.csv'));
  const lao = await importFile(knex, krabi, { kind: 'lao_survey', filename: 'krabi.csv', province: 'กระบี่', surveyYear: 2019, bounds: ctx.config.bounds });
  expect(lao.inserted).toBe(7);
});
afterAll(() => ctx.db.close());

describe('GET /api/export', () => {
  it('streams GeoJSON filtered by status, without personal data', async () => {
    const res = await request(app).get('/api/export/cameras.geojson?province=15&status=working').expect(200);
    expect(res.headers['content-type']).toMatch(/application\/geo\+json/);
    const fc = JSON.parse(res.text);
    expect(fc.features).toHaveLength(1);
    expect(fc.features[0].properties.external_id).toBe('AT-001');
    expect(fc.features[0].geometry.coordinates).toEqual([100.4555, 14.5896]);
    expect('phone' in fc.features[0].properties).toBe(false);
  });

  it('exports CSV with a BOM and Thai headers, and re-importing it changes nothing', async () => {
    const res = await request(app).get('/api/export/cameras.csv').buffer(true).parse(binary as never).expect(200);
    const body = res.body as Buffer;
    expect(body.subarray(0, 3).equals(Buffer.from([0xef, 0xbb, 0xbf]))).toBe(true);
    expect(body.toString('utf8')).toContain('จุดติดตั้ง');
    const again = await importFile(knex, body, { kind: 'cameras', filename: 'cameras.csv', bounds: ctx.config.bounds });
    expect(again.errors).toEqual([]);
    expect(again).toMatchObject({ inserted: 0, updated: 3 });
  });

  it('writes the DLA form for Krabi with the totals 70 / 43 / 18 / 9', async () => {
    const res = await request(app).get('/api/export/forms/lao-survey.xlsx?province=กระบี่&year=2019').buffer(true).parse(binary as never).expect(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.body as never);
    const sheet = wb.worksheets[0]!;
    let totals: unknown[] | undefined;
    sheet.eachRow((row) => {
      const values = (row.values as unknown[]).slice(1);
      if (values.some((v) => typeof v === 'string' && v.includes('รวมทั้งสิ้น'))) totals = values.filter((v) => typeof v === 'number' || (typeof v === 'object' && v !== null && 'result' in v)).map((v) => (typeof v === 'number' ? v : (v as { result: number }).result));
    });
    expect(totals?.slice(-4)).toEqual([70, 43, 18, 9]);
  });

  it('answers 404 for an unknown kind or format and 400 for bad filters', async () => {
    await request(app).get('/api/export/spaceships.geojson').expect(404);
    await request(app).get('/api/export/cameras.pdf').expect(404);
    const bad = await request(app).get('/api/export/cameras.geojson?bbox=1,2').expect(400);
    expect(bad.body.errors[0].field).toBe('bbox');
    // The REST API's bbox rules: an inverted box is refused before any query runs, naming the field.
    const inverted = await request(app).get('/api/export/cameras.csv?bbox=101,14,100,15').expect(400);
    expect(inverted.body.errors[0]).toMatchObject({ field: 'bbox', code: 'invalid_bbox' });
  });

  it.skipIf(!fs.existsSync('/usr/bin/ogr2ogr'))('exports a GeoPackage (through ogr2ogr)', async () => {
    const res = await request(app).get('/api/export/cameras.gpkg').buffer(true).parse(binary as never).expect(200);
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'gpkg-')), 'c.gpkg');
    fs.writeFileSync(file, res.body as Buffer);
    expect((res.body as Buffer).subarray(0, 15).toString()).toBe('SQLite format 3');
  });
});
