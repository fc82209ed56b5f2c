import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { DOMParser } from '@xmldom/xmldom';
import { parse as parseCsv } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  EXPORT_KINDS,
  type ExportRecord,
  type StreamFormat,
  exportColumns,
  exportKind,
  exportLaoSurvey,
  exportSurveyWorkbook,
  exportToFile,
  ogr2ogrVersion,
  queryRecords,
} from '../src/io/export/index.js';
import { Sink } from '../src/io/export/test-helpers.js';
import { adminApp, resetDomainData, testContext } from './db.js';

const run = promisify(execFile);
const ctx = testContext();
const app = adminApp(ctx);
const knex = ctx.db.knex;

// Ang Thong (15) and Krabi (81).
const ANG_THONG_HALL = [100.4555, 14.5896];
const PHO_THONG = [100.3216, 14.6637];
const KRABI_TOWN = [98.9063, 8.0863];

let dir: string;
let stationId: number;

async function collect<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}
const ids = (rs: ExportRecord[]) => rs.map((r) => r.properties.id);

beforeAll(async () => {
  await resetDomainData(knex);
  dir = await mkdtemp(path.join(os.tmpdir(), 'cctv-export-test-'));
  const agency = (await request(app).post('/api/agencies').send({ name: 'อบจ.อ่างทอง', type: 'local_administration', province_code: '15', contact_name: 'นายติดต่อ', phone: '035-611-000' }).expect(201)).body.id;
  stationId = (await request(app).post('/api/police-stations').send({
    name_th: 'สภ.เมืองอ่างทอง', name_en: 'Mueang Ang Thong', geometry: { type: 'Point', coordinates: ANG_THONG_HALL },
    jurisdiction: { type: 'Polygon', coordinates: [[[100.40, 14.55], [100.50, 14.55], [100.50, 14.63], [100.40, 14.63], [100.40, 14.55]]] },
  }).expect(201)).body.id;
  const cameras = [
    { external_id: 'AT-1', place_name: 'สี่แยกศาลากลาง "หน้า" <ตลาด> & ท่ารถ', agency_id: agency, status: 'working', purposes: ['deterrence', 'traffic'], year_installed: 2016, contact_name: 'นายทดสอบ', phone: '081-000-0000', stream_url: 'rtsp://10.0.0.1/live', repair_budget_baht: 1500.5, geometry: { type: 'Point', coordinates: ANG_THONG_HALL } },
    { external_id: 'AT-2', place_name: 'หน้าสถานีตำรวจ', agency_id: agency, status: 'under_repair', geometry: { type: 'Point', coordinates: [100.4561234567, 14.5901234567] } },
    { external_id: 'AT-3', place_name: 'ตลาดโพธิ์ทอง', status: 'not_working', geometry: { type: 'Point', coordinates: PHO_THONG } },
    { external_id: 'KB-1', place_name: 'ท่าเรือเจ้าฟ้า', status: 'working', geometry: { type: 'Point', coordinates: KRABI_TOWN } },
    { external_id: 'KB-2', place_name: 'ถนนมหาราช', status: 'beyond_repair', geometry: { type: 'Point', coordinates: [98.9100, 8.0800] } },
  ];
  for (const c of cameras) await request(app).post('/api/cameras').send(c).expect(201);
  await request(app).post('/api/planned-sites').send({ place_name: 'หน้าตลาดโพธิ์ทอง', status: 'budget_requested', cost_baht: 250000, camera_count: 2, priority: 1, geometry: { type: 'Point', coordinates: PHO_THONG } }).expect(201);
  await request(app).post('/api/risk-routes').send({ name: 'เส้นทางหลบหนี ทล.309', category: 'escape_route', geometry: { type: 'LineString', coordinates: [ANG_THONG_HALL, PHO_THONG] } }).expect(201);
  await request(app).post('/api/risk-points').send({ name: 'ร้านทอง', category: 'robbery', geometry: { type: 'Point', coordinates: ANG_THONG_HALL } }).expect(201);
  await request(app).post('/api/footage-requests').send({ camera_id: 1, requested_at: '2019-03-01T09:00:00+07:00', requester_unit: 'สภ.เมืองอ่างทอง', result: 'provided' }).expect(201);
  await request(app).post('/api/problems').send({ province_code: '15', agency_id: agency, category: 'maintenance', description: 'ไม่มีงบประมาณซ่อมบำรุง', reported_on: '2016-12-20' }).expect(201);
  // The DLA example (Krabi, 2019).
  const krabi: [string, string, string, number, number, number, number][] = [
    ['เกาะลันตา', 'ทต.เกาะลันตาใหญ่', 'กรมส่งเสริมการปกครองท้องถิ่น', 6, 5, 1, 0],
    ['เกาะลันตา', 'ทต.เกาะลันตาใหญ่', 'ทต.เกาะลันตาใหญ่', 10, 6, 3, 1],
    ['เกาะลันตา', 'อบต.คลองยาง', 'กระทรวงมหาดไทย', 17, 7, 5, 5],
    ['เกาะลันตา', 'อบต.คลองยาง', 'อบต.คลองยาง', 7, 2, 4, 1],
    ['เมืองกระบี่', 'อบจ.กระบี่', 'กรมส่งเสริมการปกครองท้องถิ่น', 5, 4, 0, 1],
    ['เมืองกระบี่', 'อบจ.กระบี่', 'กระทรวงมหาดไทย', 10, 9, 1, 0],
    ['เมืองกระบี่', 'อบจ.กระบี่', 'อบจ.กระบี่', 15, 10, 4, 1],
  ];
  // Inserted out of order: the form orders them.
  await knex('lao_maintenance_rows').insert(
    [...krabi].reverse().map(([district_name, lao_name, budget_source, total, working, under_repair, beyond_repair]) => ({
      survey_year: 2019, province_code: '81', district_name, lao_name, budget_source, total, working, under_repair, beyond_repair,
    })),
  );
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
  await ctx.db.close();
});

describe('queryRecords', () => {
  it.each(EXPORT_KINDS)('%s: every declared column is read from the database', async (kind) => {
    const records = await collect(queryRecords(knex, kind, {}, { includeSensitive: true }));
    expect(records.length).toBeGreaterThan(0);
    for (const r of records) expect(Object.keys(r.properties)).toEqual(exportColumns(kind, { includeSensitive: true }).map((c) => c.name));
  });

  it('reads cameras with joined names, typed values and GeoJSON geometry, without personal data', async () => {
    const [a, b] = await collect(queryRecords(knex, 'cameras'));
    expect(a!.properties).toMatchObject({ id: 1, place_name: 'สี่แยกศาลากลาง "หน้า" <ตลาด> & ท่ารถ', agency_name: 'อบจ.อ่างทอง', province_code: '15', province_name: 'อ่างทอง', police_station_id: stationId, police_station_name: 'สภ.เมืองอ่างทอง', purposes: ['deterrence', 'traffic'], repair_budget_baht: 1500.5, is_demo: false });
    expect(a!.properties.district_name).toBe('เมืองอ่างทอง');
    expect(a!.properties.updated_at).toBeInstanceOf(Date);
    expect(a!.properties).not.toHaveProperty('contact_name');
    expect(a!.properties).not.toHaveProperty('stream_url');
    expect(a!.geometry).toEqual({ type: 'Point', coordinates: ANG_THONG_HALL });
    expect(b!.geometry).toEqual({ type: 'Point', coordinates: [100.456123, 14.590123] });
    const [s] = await collect(queryRecords(knex, 'cameras', {}, { includeSensitive: true }));
    expect(s!.properties).toMatchObject({ contact_name: 'นายทดสอบ', phone: '081-000-0000', stream_url: 'rtsp://10.0.0.1/live' });
  });

  it('pages by id: small batches give every row once, in order', async () => {
    const all = await collect(queryRecords(knex, 'cameras', {}, { batchSize: 2 }));
    expect(ids(all)).toEqual([1, 2, 3, 4, 5]);
    const exact = await collect(queryRecords(knex, 'cameras', { province: '15' }, { batchSize: 3 }));
    expect(ids(exact)).toEqual([1, 2, 3]);
  });

  it('filters by province, district, police station, status and bbox', async () => {
    const q = async (f: Parameters<typeof queryRecords>[2]) => ids(await collect(queryRecords(knex, 'cameras', f)));
    expect(await q({ province: '81' })).toEqual([4, 5]);
    expect(await q({ province: 'จังหวัดกระบี่' })).toEqual([4, 5]);
    expect(await q({ province: 'krabi' })).toEqual([4, 5]);
    expect(await q({ province: '๑๕', district: 'อำเภอโพธิ์ทอง' })).toEqual([3]);
    expect(await q({ police_station: 'สภ.เมืองอ่างทอง' })).toEqual([1, 2]);
    expect(await q({ police_station: stationId })).toEqual([1, 2]);
    expect(await q({ status: 'working' })).toEqual([1, 4]);
    expect(await q({ status: ['ชำรุด อยู่ระหว่างซ่อม', 'Damaged – cannot be repaired'] })).toEqual([2, 5]);
    expect(await q({ status: 'working,not_working', province: '15' })).toEqual([1, 3]);
    expect(await q({ bbox: [100.45, 14.58, 100.46, 14.6] })).toEqual([1, 2]);
    expect(ids(await collect(queryRecords(knex, 'lao_survey', { province: 'กระบี่', district: 'เกาะลันตา', survey_year: 2562 })))).toHaveLength(4);
    expect(ids(await collect(queryRecords(knex, 'footage_requests', { status: 'provided', district: 'เมืองอ่างทอง', province: '15' })))).toEqual([1]);
  });

  it('gives the same rows when many match and batches walk the primary key instead of the indexes', async () => {
    const walk = async (f: Parameters<typeof queryRecords>[2]) => ids(await collect(queryRecords(knex, 'cameras', f, { batchSize: 1, indexedBatches: 1 })));
    expect(await walk({ province: '15' })).toEqual([1, 2, 3]);
    expect(await walk({ bbox: [100.45, 14.58, 100.46, 14.6], status: 'under_repair' })).toEqual([2]);
    expect(await walk({ police_station: stationId, status: ['working', 'under_repair'] })).toEqual([1, 2]);
    expect(ids(await collect(queryRecords(knex, 'risk_routes', { bbox: [100.3, 14.5, 100.5, 14.7] }, { batchSize: 1, indexedBatches: 1 })))).toEqual([1]);
    expect(ids(await collect(queryRecords(knex, 'risk_routes', { bbox: [100.0, 14.0, 100.1, 14.1] })))).toEqual([]);
  });

  it('rejects unknown values and filters a kind does not have, before reading anything', async () => {
    await expect(collect(queryRecords(knex, 'cameras', { province: 'Atlantis' }))).rejects.toMatchObject({ status: 400, fields: [expect.objectContaining({ field: 'province', code: 'unknown_province' })] });
    await expect(collect(queryRecords(knex, 'cameras', { status: 'broken' }))).rejects.toThrow(/unknown status "broken"/);
    await expect(collect(queryRecords(knex, 'risk_points', { status: 'working' }))).rejects.toThrow(/risk_points cannot be filtered by status/);
    await expect(collect(queryRecords(knex, 'problems', { bbox: [100, 14, 101, 15] }))).rejects.toThrow(/cannot be filtered by bbox/);
    await expect(collect(queryRecords(knex, 'cameras', { bbox: [101, 14, 100, 15] }))).rejects.toThrow(/min ≤ max/);
    await expect(collect(queryRecords(knex, 'cameras', { district: 'ไม่มีอำเภอนี้' }))).rejects.toThrow(/unknown district/);
  });

  it('frees the connection when the consumer stops early', async () => {
    for await (const r of queryRecords(knex, 'cameras', {}, { batchSize: 1 })) {
      expect(r.properties.id).toBe(1);
      break;
    }
    expect((await knex.raw('select 1 as ok')).rows[0].ok).toBe(1);
  });
});

describe('export files of cameras', () => {
  const file = (name: string) => path.join(dir, name);

  it.each(['geojson', 'csv', 'xlsx', 'kml'] as StreamFormat[])('%s: five cameras', async (format) => {
    const { count } = await exportToFile(knex, { kind: 'cameras', format }, file(`cameras.${format}`));
    expect(count).toBe(5);
    const bytes = await readFile(file(`cameras.${format}`));
    if (format === 'geojson') {
      const fc = JSON.parse(bytes.toString('utf8'));
      expect(fc.name).toBe('cameras');
      expect(fc.features.map((f: { id: number }) => f.id)).toEqual([1, 2, 3, 4, 5]);
      expect(fc.features[0].properties).toMatchObject({ place_name: 'สี่แยกศาลากลาง "หน้า" <ตลาด> & ท่ารถ', province_name: 'อ่างทอง', status: 'working' });
      expect(fc.features[0].properties).not.toHaveProperty('phone');
    } else if (format === 'csv') {
      expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      const rows = parseCsv(bytes, { bom: true }) as string[][];
      expect(rows).toHaveLength(6);
      expect(rows[0]!.slice(0, 3)).toEqual(['รหัสในระบบ', 'รหัสอ้างอิง', 'จุดติดตั้ง/สถานที่']);
      expect(rows[0]!.slice(-2)).toEqual(['ลองจิจูด', 'ละติจูด']);
      expect(rows[2]!.slice(-2)).toEqual(['100.456123', '14.590123']);
    } else if (format === 'xlsx') {
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(bytes as unknown as ArrayBuffer);
      const ws = wb.worksheets[0]!;
      expect(ws.name).toBe('กล้องโทรทัศน์วงจรปิดที่มีในปัจจุบัน'.slice(0, 31));
      expect(ws.rowCount).toBe(6);
      expect(ws.getRow(2).getCell(1).value).toBe(1);
      // Header cells are inline strings (so that GDAL sees a header row): exceljs reads them as rich text.
      const header = (ws.getRow(1).values as ExcelJS.CellValue[]).map((v) => (v !== null && typeof v === 'object' && 'richText' in v ? v.richText.map((t) => t.text).join('') : v));
      expect(ws.getRow(2).getCell(header.indexOf('งบประมาณซ่อม (บาท)')).value).toBe(1500.5);
      expect(ws.getRow(2).getCell(header.indexOf('แก้ไขล่าสุด')).value).toBeInstanceOf(Date);
    } else {
      const doc = new DOMParser().parseFromString(bytes.toString('utf8'), 'text/xml');
      expect(doc.getElementsByTagName('Placemark')).toHaveLength(5);
      expect(doc.getElementsByTagName('Placemark')[0]!.getElementsByTagName('name')[0]!.textContent).toBe('สี่แยกศาลากลาง "หน้า" <ตลาด> & ท่ารถ');
    }
  });

  it('streams to a Writable with filters and writer options, and checks filters before writing', async () => {
    const out = new Sink();
    const r = await exportKind(knex, { kind: 'cameras', format: 'csv', filters: { province: 'กระบี่' }, header: 'name', values: 'th' }, out);
    expect(r.count).toBe(2);
    const rows = parseCsv(out.buffer, { bom: true, columns: true }) as Record<string, string>[];
    expect(rows.map((x) => x.status)).toEqual(['ใช้งานได้ปกติ', 'ชำรุด ไม่สามารถซ่อมได้']);
    const untouched = new Sink();
    await expect(exportKind(knex, { kind: 'cameras', format: 'csv', filters: { province: 'Atlantis' } }, untouched)).rejects.toMatchObject({ status: 400 });
    expect(untouched.bytes).toBe(0);
    expect(untouched.destroyed).toBe(false);
  });

  it('writes risk routes with WKT', async () => {
    const out = new Sink();
    await exportKind(knex, { kind: 'risk_routes', format: 'csv', header: 'name' }, out);
    const rows = parseCsv(out.buffer, { bom: true, columns: true }) as Record<string, string>[];
    expect(rows[0]!.wkt).toBe('LINESTRING (100.4555 14.5896, 100.3216 14.6637)');
  });
});

describe('official layouts from the database', () => {
  it('writes the Krabi DLA form: 7 rows and totals 70 / 43 / 18 / 9', async () => {
    const out = new Sink();
    const r = await exportLaoSurvey(knex, { province: 'กระบี่', survey_year: 2562 }, out, { reportDate: new Date('2019-04-02T03:00:00Z') });
    expect(r).toMatchObject({ count: 7, totals: { total: 70, working: 43, under_repair: 18, beyond_repair: 9 } });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(out.buffer as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    expect(ws.getCell('A2').value).toBe('จังหวัดกระบี่ ประจำปี พ.ศ. 2562');
    expect([5, 6, 7, 8, 9, 10, 11].map((n) => [ws.getRow(n).getCell(4).value, ws.getRow(n).getCell(5).value, ws.getRow(n).getCell(6).value])).toEqual([
      ['ทต.เกาะลันตาใหญ่', 'กรมส่งเสริมการปกครองท้องถิ่น', 6],
      ['ทต.เกาะลันตาใหญ่', 'ทต.เกาะลันตาใหญ่', 10],
      ['อบต.คลองยาง', 'กระทรวงมหาดไทย', 17],
      ['อบต.คลองยาง', 'อบต.คลองยาง', 7],
      ['อบจ.กระบี่', 'กรมส่งเสริมการปกครองท้องถิ่น', 5],
      ['อบจ.กระบี่', 'กระทรวงมหาดไทย', 10],
      ['อบจ.กระบี่', 'อบจ.กระบี่', 15],
    ]);
    expect(['F', 'G', 'H', 'I'].map((l) => (ws.getCell(`${l}12`).value as { result: number }).result)).toEqual([70, 43, 18, 9]);

    // Without a year: the province's latest survey; the LAO version of one LAO.
    const lao = new Sink();
    const l = await exportLaoSurvey(knex, { province: '81' }, lao, { laoName: 'อบต.คลองยาง' });
    expect(l).toMatchObject({ count: 2, totals: { total: 24, working: 9, under_repair: 9, beyond_repair: 6 } });
    const lw = new ExcelJS.Workbook();
    await lw.xlsx.load(lao.buffer as unknown as ArrayBuffer);
    expect(lw.worksheets[0]!.getCell('A2').value).toBe('อบต.คลองยาง อำเภอเกาะลันตา จังหวัดกระบี่ ประจำปี พ.ศ. 2562');
    await expect(exportLaoSurvey(knex, { province: 'Atlantis' }, new Sink())).rejects.toMatchObject({ status: 400 });
  });

  it('writes the Part 1 / 2 / 3 workbook of a province', async () => {
    const out = new Sink();
    const counts = await exportSurveyWorkbook(knex, { province: '15' }, out, { surveyYear: 2019 });
    expect(counts).toEqual({ cameras: 3, planned_sites: 1, problems: 1 });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(out.buffer as unknown as ArrayBuffer);
    expect(wb.worksheets).toHaveLength(3);
    expect(wb.worksheets[0]!.getCell('A2').value).toBe('จังหวัดอ่างทอง ประจำปี พ.ศ. 2562');
    expect(wb.worksheets[0]!.rowCount).toBe(6);
  });
});

// GDAL reads what officials and GIS staff will open the files with (CI installs gdal-bin).
const gdal = await ogr2ogrVersion();
const hasOgrinfo = await run('ogrinfo', ['--version']).then(() => true, () => false);

/** Feature count and field names of the one layer of a file, as ogrinfo reports them. */
async function ogrSummary(file: string): Promise<{ count: number; fields: string[]; layers: number }> {
  const { stdout } = await run('ogrinfo', ['-ro', '-so', '-al', file], { maxBuffer: 8 * 1024 * 1024 });
  const counts = [...stdout.matchAll(/^Feature Count: (\d+)/gm)].map((m) => Number(m[1]));
  const fields = [...stdout.matchAll(/^(\w+): (String|Integer|Integer64|Real|Date|DateTime|StringList|Integer64List|RealList|IntegerList)\b/gm)].map((m) => m[1]!);
  return { count: counts.reduce((a, b) => a + b, 0), fields, layers: counts.length };
}

describe.skipIf(!hasOgrinfo)('GDAL opens the exports', () => {
  const file = (name: string) => path.join(dir, `gdal-${name}`);
  const expected = ['id', 'external_id', 'place_name', 'agency_name', 'status', 'province_name', 'police_station_name', 'updated_at'];

  it('GeoJSON: 5 features with the columns as fields', async () => {
    await exportToFile(knex, { kind: 'cameras', format: 'geojson' }, file('cameras.geojson'));
    const s = await ogrSummary(file('cameras.geojson'));
    expect(s).toMatchObject({ count: 5, layers: 1 });
    expect(s.fields).toEqual(expect.arrayContaining(expected));
  });

  it('KML: 5 placemarks with the columns as fields', async () => {
    await exportToFile(knex, { kind: 'cameras', format: 'kml' }, file('cameras.kml'));
    const s = await ogrSummary(file('cameras.kml'));
    expect(s).toMatchObject({ count: 5, layers: 1 });
    expect(s.fields).toEqual(expect.arrayContaining(expected));
  });

  it('KML of lines: the risk route', async () => {
    await exportToFile(knex, { kind: 'risk_routes', format: 'kml' }, file('routes.kml'));
    const { stdout } = await run('ogrinfo', ['-ro', '-al', file('routes.kml')]);
    expect(stdout).toMatch(/LINESTRING \(100\.4555 14\.5896,100\.3216 14\.6637\)/);
  });

  it.skipIf(!gdal)('GeoPackage (ogr2ogr from the GeoJSON): 5 features, same fields', async () => {
    const { count } = await exportToFile(knex, { kind: 'cameras', format: 'gpkg' }, file('cameras.gpkg'));
    expect(count).toBe(5);
    const s = await ogrSummary(file('cameras.gpkg'));
    expect(s).toMatchObject({ count: 5, layers: 1 });
    expect(s.fields).toEqual(expect.arrayContaining(expected));
    const { stdout } = await run('ogrinfo', ['-ro', '-so', file('cameras.gpkg'), 'cameras']);
    expect(stdout).toMatch(/Geometry: Point/);
    expect(stdout).toMatch(/EPSG.*4326|WGS 84/);
    const first = await run('ogrinfo', ['-ro', '-al', '-where', 'id = 1', file('cameras.gpkg')]);
    expect(first.stdout).toContain('purposes (String) = deterrence, traffic');
    expect(first.stdout).toContain('place_name (String) = สี่แยกศาลากลาง "หน้า" <ตลาด> & ท่ารถ');
    expect(first.stdout).toContain('POINT (100.4555 14.5896)');
  });
});
