/**
 * Export -> import round trips through the real exporter (exportKind / exportToFile) and the real
 * importer (importFile), for every located kind the importer takes and every format it reads back
 * (GeoJSON, KML, XLSX, CSV), and the GDAL check of every export format for every export kind.
 *
 * Records are compared as the exporter itself reads them (queryRecords with personal data): every
 * exported property except the database id and updated_at, keyed by external_id, geometry to 6
 * decimals.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  EXPORT_KINDS,
  type ExportFormat,
  type ExportKind,
  type ExportRequest,
  type StreamFormat,
  exportColumns,
  exportKind,
  exportToFile,
  geometryColumns,
  headerLabel,
  kindDef,
  ogr2ogrVersion,
  queryRecords,
  writerDefaults,
} from '../src/io/export/index.js';
import { Sink } from '../src/io/export/test-helpers.js';
import { importFile } from '../src/io/import.js';
import type { ImportKind } from '../src/io/types.js';
import { adminApp, resetDomainData, testContext } from './db.js';

const run = promisify(execFile);
const ctx = testContext();
const knex = ctx.db.knex;
const app = adminApp(ctx);
const bounds = ctx.config.bounds;

afterAll(() => ctx.db.close());

// ---- seed ------------------------------------------------------------------------------------------

// Ang Thong (15) and Krabi (81).
const ANG_THONG_HALL = [100.4555, 14.5896];
const PHO_THONG = [100.321634, 14.663702];
const KRABI_TOWN = [98.906312, 8.086345];
const AO_NANG = [98.824567, 8.031234];
/** The jurisdiction of สภ.เมืองอ่างทอง: Pho Thong lies outside it. */
const MUEANG_JURISDICTION = [[[100.4, 14.55], [100.5, 14.55], [100.5, 14.63], [100.4, 14.63], [100.4, 14.55]]];

async function post(resource: string, body: object): Promise<{ id: number }> {
  const res = await request(app).post(`/api/${resource}`).send(body);
  if (res.status !== 201) throw new Error(`POST /api/${resource}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

/** The records every round trip starts from: rich values, Thai text, nulls, lists, edge cases of CSV. */
async function seed(): Promise<void> {
  await resetDomainData(knex);
  const agencyA = (await post('agencies', { name: 'อบจ.อ่างทอง', type: 'local_administration', province_code: '15', contact_name: 'นายสมชาย ใจดี', phone: '035-611-000' })).id;
  const agencyB = (await post('agencies', { name: 'ธนาคารกรุงไทย สาขาอ่างทอง', type: 'private', province_code: '15' })).id;
  const st1 = (await post('police-stations', {
    external_id: 'ST-1', name_th: 'สภ.เมืองอ่างทอง', name_en: 'Mueang Ang Thong Provincial Police Station', phone: '035-611-111',
    geometry: { type: 'Point', coordinates: ANG_THONG_HALL }, jurisdiction: { type: 'Polygon', coordinates: MUEANG_JURISDICTION },
  })).id;
  const st2 = (await post('police-stations', { external_id: 'ST-2', name_th: 'สภ.โพธิ์ทอง', geometry: { type: 'Point', coordinates: PHO_THONG } })).id;
  await post('police-stations', { external_id: 'ST-3', name_th: 'สภ.เมืองกระบี่', name_en: 'Mueang Krabi', phone: '+66 75 611 222', geometry: { type: 'Point', coordinates: KRABI_TOWN } });

  await post('cameras', {
    external_id: 'AT-0001',
    place_name: 'สี่แยกศาลากลาง "หน้า" <ตลาด> & ท่ารถ, ฝั่งเหนือ',
    agency_id: agencyA,
    contact_name: 'นางสาวมาลี ศรีสุข',
    phone: '081-234-5678',
    address: 'เลขที่ 1 ถนนโพธิ์พระยา-ท่าเรือ\nตำบลตลาดหลวง',
    year_installed: 2016,
    police_station_id: st1,
    project: 'โครงการเมืองปลอดภัย ปีงบประมาณ 2559',
    recorder_model: 'Hikvision DS-7616NI-K2',
    camera_brand: 'Dahua',
    system: 'ip',
    kind: 'ptz',
    connection: 'mobile',
    stream_url: 'rtsp://10.0.0.1:554/live?ch=1&sub=0',
    area_type: 'ย่านการค้า',
    other_details: '=1+1 ไม่ใช่สูตร',
    purposes: ['deterrence', 'investigation', 'traffic'],
    linkage: 'linked',
    control_centre: 'ศูนย์ปฏิบัติการจังหวัดอ่างทอง',
    network_type: 'Fiber optic',
    network_provider: 'NT (ทีโอที)',
    linked_agencies: 'สภ.เมืองอ่างทอง, เทศบาลเมืองอ่างทอง',
    linked_network: 'MOI-NET',
    link_requirements: '-ต้องการสายไฟเบอร์เพิ่ม 2 กม.',
    link_budget_baht: 125000.75,
    link_responsible_agency: '@สำนักงานจังหวัดอ่างทอง',
    retention_days: 30,
    storage_process: 'บันทึกลง NVR วนทับทุก 30 วัน',
    disclosure_rules: 'เปิดเผยเฉพาะเจ้าหน้าที่ตำรวจตามหนังสือขอ',
    footage_service_frequency: '2 ครั้ง/เดือน',
    footage_request_procedure: 'ยื่นคำร้องที่ศูนย์ฯ\nได้ภาพภายใน 3 วัน',
    recorded_resolution: '1920x1080',
    max_resolution: '4K',
    fps: 25,
    file_format: 'H.265',
    status: 'working',
    repair_budget_baht: 1500.5,
    repair_agency: 'กองช่าง อบจ.อ่างทอง',
    budget_source: 'งบจังหวัด',
    direction_deg: 337.5,
    fov_deg: 90,
    range_m: 35.5,
    geometry: { type: 'Point', coordinates: [100.455512, 14.589634] },
  });
  // Mostly empty; a name that starts with "-" (a formula to Excel) and direction 0 (north, falsy).
  await post('cameras', { external_id: 'AT-0002', place_name: '-ทางแยกไฟแดง หน้าโรงเรียน', status: 'under_repair', direction_deg: 0, geometry: { type: 'Point', coordinates: [100.4601, 14.5712] } });
  // Outside every jurisdiction, with a station chosen by hand.
  await post('cameras', {
    external_id: 'PT-0003', place_name: 'ตลาดโพธิ์ทอง', agency_id: agencyB, police_station_id: st2, year_installed: 1999, purposes: ['traffic'], kind: 'dome', system: 'analog',
    connection: 'none', linkage: 'not_linked', other_details: '+ติดตั้งเพิ่ม 2 ตัว', status: 'not_working', retention_days: 0, geometry: { type: 'Point', coordinates: PHO_THONG },
  });
  await post('cameras', { external_id: 'KB/04 ท่าเรือ', place_name: 'ท่าเรือเจ้าฟ้า', status: 'beyond_repair', repair_budget_baht: 0, geometry: { type: 'Point', coordinates: KRABI_TOWN } });

  await post('planned-sites', {
    external_id: 'PL-01', place_name: 'หน้าตลาดโพธิ์ทอง', address: 'ถนนอ่างทอง-สุพรรณบุรี', status: 'budget_requested', reason: 'จุดเสี่ยงลักทรัพย์\nมีเหตุบ่อยช่วงกลางคืน',
    camera_count: 4, system: 'analog', kind: 'dome', direction_deg: 90, fov_deg: 120, range_m: 50, cost_baht: 250000, budget_source: 'งบ อบจ.', priority: 1, agency_id: agencyA,
    police_station_id: st2, notes: '+เพิ่มเติม: ขอไฟส่องสว่าง', geometry: { type: 'Point', coordinates: PHO_THONG },
  });
  // An id that looks like a number: GIS tools must not read it as 102.
  await post('planned-sites', { external_id: '00102', place_name: 'ซอยวัดต้นสน', geometry: { type: 'Point', coordinates: [100.3701, 14.6512] } });

  await post('risk-points', { external_id: 'RP-1', name: 'ร้านทอง "เยาวราช" ตลาดเทศบาล', category: 'robbery', weight: 2.5, radius_m: 150, notes: 'ชิงทรัพย์ 3 ครั้ง ปี 2562', police_station_id: st1, geometry: { type: 'Point', coordinates: ANG_THONG_HALL } });
  await post('risk-points', { external_id: 'RP-2', name: 'ชายหาดอ่าวนาง', category: 'tourist_site', geometry: { type: 'Point', coordinates: AO_NANG } });

  await post('risk-routes', {
    external_id: 'RR-1', name: 'เส้นทางหลบหนี ทล.309', category: 'escape_route', weight: 3, notes: '=เส้นทางหลัก', police_station_id: st1,
    geometry: { type: 'LineString', coordinates: [ANG_THONG_HALL, [100.391234, 14.620001], PHO_THONG] },
  });
  await post('risk-routes', { external_id: 'RR-2', name: 'ทางโค้งอันตราย บ้านแพน', category: 'accident_black_spot', geometry: { type: 'LineString', coordinates: [[100.340001, 14.650002], [100.350003, 14.655004]] } });

  // The other export kinds (GDAL checks only: the importer does not take them).
  await post('footage-requests', { camera_id: 1, requested_at: '2019-03-01T09:00:00+07:00', incident_at: '2019-02-28T22:15:00+07:00', requester_unit: 'สภ.เมืองอ่างทอง', case_ref: 'คดีที่ 123/2562', result: 'provided', answered_at: '2019-03-02T10:30:00+07:00' });
  await post('problems', { province_code: '15', agency_id: agencyA, category: 'maintenance', description: 'ไม่มีงบประมาณซ่อมบำรุง', suggestion: 'ขอรับการสนับสนุนจากจังหวัด', reported_on: '2016-12-20' });
  const lanta = await knex('districts').where({ province_code: '81', name_th: 'เกาะลันตา' }).first('id');
  await knex('lao_maintenance_rows').insert([
    { survey_year: 2019, province_code: '81', district_name: 'เกาะลันตา', district_id: lanta.id, lao_name: 'อบต.คลองยาง', budget_source: 'กระทรวงมหาดไทย', total: 17, working: 7, under_repair: 5, beyond_repair: 5, remark: 'รอซ่อม' },
    { survey_year: 2019, province_code: '81', district_name: 'เมืองกระบี่', lao_name: 'อบจ.กระบี่', budget_source: 'อบจ.กระบี่', total: 15, working: 10, under_repair: 4, beyond_repair: 1 },
  ]);
}

// ---- helpers ---------------------------------------------------------------------------------------

/** The importer's kinds, which all have an exporter; police stations last (emptying them unlinks the others). */
const KINDS = ['cameras', 'planned_sites', 'risk_points', 'risk_routes', 'lao_survey', 'police_stations'] as const satisfies readonly (ImportKind & ExportKind)[];
type Kind = (typeof KINDS)[number];
const SEEDED: Record<Kind, number> = { cameras: 4, planned_sites: 2, risk_points: 2, risk_routes: 2, lao_survey: 2, police_stations: 3 };
const TABLE: Record<Kind, string> = {
  cameras: 'cameras', planned_sites: 'planned_sites', risk_points: 'risk_points', risk_routes: 'risk_routes', lao_survey: 'lao_maintenance_rows', police_stations: 'police_stations',
};
/** What identifies a record on re-import (docs/import-export.md). */
const LAO_KEY = ['survey_year', 'province_code', 'district_name', 'lao_name', 'budget_source'];
const keyOf = (kind: Kind, r: Record<string, unknown>) => (kind === 'lao_survey' ? LAO_KEY.map((k) => String(r[k])).join('|') : String(r.external_id));
/** Columns that have a value in every seeded record (required, defaulted or derived). */
const ALWAYS_SET: Record<Kind, string[]> = {
  cameras: ['external_id', 'place_name', 'status', 'kind'],
  planned_sites: ['external_id', 'place_name', 'status', 'camera_count', 'kind'],
  risk_points: ['external_id', 'name', 'category', 'weight'],
  risk_routes: ['external_id', 'name', 'category', 'weight'],
  lao_survey: ['survey_year', 'district_name', 'lao_name', 'budget_source', 'total', 'working', 'under_repair', 'beyond_repair'],
  police_stations: ['external_id', 'name_th'],
};
const AREAS = ['province_code', 'province_name', 'district_id', 'district_name', 'subdistrict_id', 'subdistrict_name'];

/** Columns that are not data a file carries back: the database id and the last-change time. */
const NOT_COMPARED = new Set(['id', 'updated_at']);

type Snapshot = Map<string, Record<string, unknown>>;

/** Every record of a kind as the exporter reads it (personal data included), by external_id. */
async function snapshot(kind: Kind): Promise<Snapshot> {
  const out: Snapshot = new Map();
  for await (const r of queryRecords(knex, kind, {}, { includeSensitive: true })) {
    const rec: Record<string, unknown> = { geometry: r.geometry };
    for (const [k, v] of Object.entries(r.properties)) if (!NOT_COMPARED.has(k)) rec[k] = v;
    out.set(keyOf(kind, r.properties), rec);
  }
  return out;
}

async function versions(kind: Kind): Promise<Record<string, number>> {
  const rows: Record<string, unknown>[] = await knex(TABLE[kind]).select('*');
  return Object.fromEntries(rows.map((r) => [keyOf(kind, r), r.version as number]));
}

const EXT: Record<StreamFormat, string> = { geojson: 'geojson', kml: 'kml', xlsx: 'xlsx', csv: 'csv' };

async function exportBytes(kind: Kind, format: StreamFormat, opts: Partial<ExportRequest> = {}): Promise<Buffer> {
  const out = new Sink();
  await exportKind(knex, { kind, format, includeSensitive: true, ...opts }, out);
  return out.buffer;
}

function importBytes(kind: Kind, format: StreamFormat, bytes: Buffer) {
  return importFile(knex, bytes, { kind, filename: `${kind}.${EXT[format]}`, bounds });
}

/** Record-by-record comparison with a message that names the record. */
function expectSameRecords(after: Snapshot, before: Snapshot): void {
  expect([...after.keys()].sort()).toEqual([...before.keys()].sort());
  for (const [key, rec] of before) expect(after.get(key), `record ${key}`).toEqual(rec);
}

// ---- the seed is rich enough for the comparison to mean something ------------------------------------

describe('the seeded records', () => {
  beforeAll(seed);

  it.each(KINDS)('%s: every exported column has a value in some record, and nullable ones a null in another', async (kind) => {
    const records = [...(await snapshot(kind)).values()];
    expect(records).toHaveLength(SEEDED[kind]);
    const columns = exportColumns(kind, { includeSensitive: true }).map((c) => c.name).filter((c) => !NOT_COMPARED.has(c) && c !== 'is_demo');
    const empty = (v: unknown) => v === null || (Array.isArray(v) && v.length === 0);
    const alwaysSet = new Set([...ALWAYS_SET[kind], ...AREAS.filter((c) => !(kind === 'lao_survey' && c === 'district_id'))]);
    for (const c of columns) {
      expect(records.some((r) => !empty(r[c])), `${kind}.${c} has a value somewhere`).toBe(true);
      if (!alwaysSet.has(c)) expect(records.some((r) => empty(r[c])), `${kind}.${c} is empty somewhere`).toBe(true);
    }
  });
});

// ---- round trips -----------------------------------------------------------------------------------

const FORMATS: StreamFormat[] = ['geojson', 'kml', 'xlsx', 'csv'];

describe.each(FORMATS)('round trip through %s', (format) => {
  beforeAll(seed);

  it.each(KINDS)('%s: re-importing the export over the same records updates every one and changes nothing', async (kind) => {
    const before = await snapshot(kind);
    const v0 = await versions(kind);
    const report = await importBytes(kind, format, await exportBytes(kind, format));
    expect(report.errors).toEqual([]);
    expect(report.warnings).toEqual([]);
    expect(report.columns.unknown).toEqual([]);
    expect(report.columns.missing).toEqual([]);
    expect(report).toMatchObject({ rowsTotal: SEEDED[kind], rowsValid: SEEDED[kind], inserted: 0, updated: SEEDED[kind], written: true, agenciesCreated: [] });
    expectSameRecords(await snapshot(kind), before);
    // Really written: every record went through an update.
    const v1 = await versions(kind);
    for (const [k, v] of Object.entries(v0)) expect(v1[k], k).toBe(v + 1);
  });

  it('cameras: a default export (without personal data) re-imported keeps the personal data', async () => {
    const before = await snapshot('cameras');
    const bytes = await exportBytes('cameras', format, { includeSensitive: false });
    expect(bytes.toString('utf8')).not.toContain('081-234-5678');
    const report = await importBytes('cameras', format, bytes);
    expect(report.errors).toEqual([]);
    expect(report).toMatchObject({ inserted: 0, updated: SEEDED.cameras });
    expectSameRecords(await snapshot('cameras'), before);
  });

  it.each(KINDS)('%s: importing the export into the emptied table gives the same records back', async (kind) => {
    const before = await snapshot(kind);
    const bytes = await exportBytes(kind, format);
    await knex(TABLE[kind]).del();
    expect((await snapshot(kind)).size).toBe(0);
    const report = await importBytes(kind, format, bytes);
    expect(report.errors).toEqual([]);
    expect(report.warnings).toEqual([]);
    expect(report).toMatchObject({ inserted: SEEDED[kind], updated: 0, written: true, agenciesCreated: [] });
    expectSameRecords(await snapshot(kind), before);
  });
});

describe('round trip with English headers or field names, and Thai or English enumeration labels', () => {
  beforeAll(seed);

  it.each([
    ['csv', 'en', 'th'],
    ['xlsx', 'en', 'en'],
    ['csv', 'name', 'en'],
    ['xlsx', 'name', 'th'],
    ['geojson', 'th', 'th'],
    ['kml', 'en', 'en'],
  ] as const)('%s, header %s, values %s: every kind reads back unchanged', async (format, header, values) => {
    for (const kind of KINDS) {
      const before = await snapshot(kind);
      const report = await importBytes(kind, format, await exportBytes(kind, format, { header, values }));
      expect(report.errors, kind).toEqual([]);
      expect(report.columns.unknown, kind).toEqual([]);
      expect(report, kind).toMatchObject({ inserted: 0, updated: SEEDED[kind] });
      expectSameRecords(await snapshot(kind), before);
    }
  });
});

/**
 * Exports round positions to 6 decimals (~0.1 m). Re-importing the file must not move a point
 * stored with more decimals, or the area trigger (atlas_assign_areas) would derive the police
 * station again and replace one chosen by hand: bulkUpsert keeps a geometry equal at 6 decimals.
 */
describe('a position stored with more than 6 decimals and a police station chosen by hand', () => {
  beforeAll(seed);

  it.each(FORMATS)('%s: re-importing the export keeps the stored position and the chosen station', async (format) => {
    await knex('cameras').where('external_id', 'PRECISE-1').del();
    const st2 = (await knex('police_stations').where('external_id', 'ST-2').first('id')).id;
    // Inside the jurisdiction of ST-1, looked after by ST-2.
    await post('cameras', { external_id: 'PRECISE-1', place_name: 'หน้าวัดป่าโมก', status: 'working', police_station_id: st2, geometry: { type: 'Point', coordinates: [100.45551234567, 14.58961234567] } });
    const stored = () => knex('cameras').where('external_id', 'PRECISE-1').first('police_station_id', knex.raw('ST_X(geom) as x'), knex.raw('ST_Y(geom) as y'));
    expect(await stored()).toEqual({ police_station_id: st2, x: 100.45551234567, y: 14.58961234567 });
    const report = await importBytes('cameras', format, await exportBytes('cameras', format));
    expect(report).toMatchObject({ errors: [], inserted: 0, updated: SEEDED.cameras + 1 });
    expect(await stored()).toEqual({ police_station_id: st2, x: 100.45551234567, y: 14.58961234567 });
  });
});

// ---- GDAL ------------------------------------------------------------------------------------------

const hasOgrinfo = await run('ogrinfo', ['--version']).then(() => true, () => false);
const hasOgr2ogr = (await ogr2ogrVersion()) !== null;

const FIELD_LINE = /^(.+): (String|Integer|Integer64|Real|Date|DateTime|Time|Binary|StringList|IntegerList|Integer64List|RealList)(?:\((?:Boolean|Int16|Float32|JSON|UUID)\))? \(/;

/** Layers, feature count and field names of a file as `ogrinfo -al -so` reports them. */
async function ogrSummary(file: string): Promise<{ layers: string[]; count: number; fields: string[]; geometry: string | undefined }> {
  const { stdout } = await run('ogrinfo', ['-ro', '-so', '-al', file], { maxBuffer: 16 * 1024 * 1024 });
  const layers = [...stdout.matchAll(/^Layer name: (.+)$/gm)].map((m) => m[1]!);
  const count = [...stdout.matchAll(/^Feature Count: (\d+)$/gm)].reduce((n, m) => n + Number(m[1]), 0);
  const fields: string[] = [];
  let inLayer = false;
  for (const line of stdout.split('\n')) {
    if (line.startsWith('Layer name:')) inLayer = true;
    const m = inLayer ? FIELD_LINE.exec(line) : null;
    if (m && !/^(Layer|Geometry|Feature Count|Extent|FID Column|Geometry Column)/.test(m[1]!)) fields.push(m[1]!);
  }
  return { layers, count, fields, geometry: /^Geometry: (.+)$/m.exec(stdout)?.[1] };
}

/** The seeded count of each export kind and one Thai value that must come out intact. */
const GDAL_EXPECT: Record<ExportKind, { count: number; column: string; value: string }> = {
  cameras: { count: 4, column: 'place_name', value: 'สี่แยกศาลากลาง "หน้า" <ตลาด> & ท่ารถ, ฝั่งเหนือ' },
  planned_sites: { count: 2, column: 'place_name', value: 'หน้าตลาดโพธิ์ทอง' },
  risk_points: { count: 2, column: 'name', value: 'ร้านทอง "เยาวราช" ตลาดเทศบาล' },
  risk_routes: { count: 2, column: 'name', value: 'เส้นทางหลบหนี ทล.309' },
  police_stations: { count: 3, column: 'name_th', value: 'สภ.เมืองอ่างทอง' },
  agencies: { count: 2, column: 'name', value: 'ธนาคารกรุงไทย สาขาอ่างทอง' },
  footage_requests: { count: 1, column: 'case_ref', value: 'คดีที่ 123/2562' },
  problems: { count: 1, column: 'description', value: 'ไม่มีงบประมาณซ่อมบำรุง' },
  lao_survey: { count: 2, column: 'lao_name', value: 'อบต.คลองยาง' },
};

/** GeoPackage is made by ogr2ogr: without it there is none to open. */
const KINDS_GEOMETRY = Object.fromEntries(EXPORT_KINDS.map((k) => [k, kindDef(k).geometry?.type ?? null]));

const GDAL_FORMATS: ExportFormat[] = ['geojson', 'kml', ...(hasOgr2ogr ? (['gpkg'] as const) : []), 'csv', 'xlsx'];

describe.skipIf(!hasOgrinfo)('GDAL opens every export', () => {
  let dir: string;
  beforeAll(async () => {
    await seed();
    dir = await mkdtemp(path.join(os.tmpdir(), 'cctv-roundtrip-gdal-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  const cases = GDAL_FORMATS.flatMap((format) => EXPORT_KINDS.map((kind) => [format, kind] as const));
  it.each(cases)('%s of %s: one layer, every record, the columns as fields, Thai intact', async (format, kind) => {
    const file = path.join(dir, `${kind}.${format}`);
    const { count } = await exportToFile(knex, { kind, format }, file);
    const want = GDAL_EXPECT[kind];
    expect(count).toBe(want.count);

    const s = await ogrSummary(file);
    expect(s.layers).toHaveLength(1);
    expect(s.count).toBe(want.count);
    if (format === 'geojson' || format === 'gpkg') {
      const type = KINDS_GEOMETRY[kind];
      // Tables without geometry: features with null geometry in GeoJSON, an attribute table in GeoPackage.
      expect(s.geometry).toBe(type === 'Point' ? 'Point' : type === 'LineString' ? 'Line String' : format === 'gpkg' ? 'None' : 'Unknown (any)');
    }

    // Field names: the column names in GeoJSON, KML and GeoPackage; the Thai labels (plus the
    // geometry columns) in CSV and XLSX.
    const columns = exportColumns(kind);
    const defaults = writerDefaults(kind, format);
    let fieldOf = (name: string) => name;
    if (format === 'csv' || format === 'xlsx') {
      const labels = [...columns, ...geometryColumns(defaults.geometry)].map((c) => headerLabel(c, 'th'));
      expect(s.fields).toEqual(labels);
      fieldOf = (name) => headerLabel(columns.find((c) => c.name === name)!, 'th');
    } else if (format === 'kml') {
      // LIBKML adds its own (Name, description, timestamp, …); a "name" column is its "Name".
      expect(s.fields).toEqual(expect.arrayContaining(columns.map((c) => (c.name === 'name' ? 'Name' : c.name))));
      if (kind === 'risk_points' || kind === 'risk_routes' || kind === 'agencies') fieldOf = (name) => (name === 'name' ? 'Name' : name);
    } else {
      expect(s.fields).toEqual(columns.map((c) => c.name));
    }

    const { stdout } = await run('ogrinfo', ['-ro', '-al', file], { maxBuffer: 16 * 1024 * 1024 });
    const field = fieldOf(want.column);
    const valuesOf = (f: string) => [...stdout.matchAll(/^ {2}(.+?) \((\w+)\) = (.*)$/gm)].filter((m) => m[1] === f).map((m) => ({ type: m[2], value: m[3] }));
    const values = valuesOf(field).map((v) => v.value);
    expect(values).toContain(want.value);
    expect(values).toHaveLength(want.count);
    // A text id that looks like a number stays text.
    if (kind === 'planned_sites') expect(valuesOf(fieldOf('external_id'))).toContainEqual({ type: 'String', value: '00102' });
  });
});
