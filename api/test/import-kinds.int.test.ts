/**
 * The import pipeline end to end for every kind besides cameras-from-CSV (import.int.test.ts), each
 * from a different file format: police stations from a Windows-874 CSV, risk points from GeoJSON,
 * risk routes from a Google My Maps KML and KMZ, planned sites and cameras from XLSX sheets laid
 * out as provinces send them (title rows above a Thai header).
 */
import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { zipSync } from 'fflate';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT_DIR } from '../src/config.js';
import { importFile, type ImportOptions } from '../src/io/import.js';
import { resetDomainData, testContext } from './db.js';

const ctx = testContext();
const knex = ctx.db.knex;
const FIX = path.join(ROOT_DIR, 'api', 'test', 'fixtures', 'import');
const read = (f: string) => fs.readFileSync(path.join(FIX, f));
const opts = (o: Partial<ImportOptions> & Pick<ImportOptions, 'kind' | 'filename'>): ImportOptions => ({ bounds: ctx.config.bounds, ...o });
const count = async (table: string) => Number((await knex(table).count({ n: '*' }))[0]!.n);

async function xlsx(build: (ws: ExcelJS.Worksheet) => void, sheetName = 'Sheet1', extraSheets: string[] = []): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  for (const s of extraSheets) wb.addWorksheet(s).addRow(['ไม่ใช่ตารางนี้']);
  build(wb.addWorksheet(sheetName));
  return Buffer.from(await wb.xlsx.writeBuffer());
}

beforeAll(() => resetDomainData(knex));
afterAll(() => ctx.db.close());

describe('police stations from a Windows-874 (TIS-620) CSV', () => {
  const csv = [
    'ชื่อสถานีตำรวจ,ชื่อภาษาอังกฤษ,โทรศัพท์,ละติจูด,ลองจิจูด',
    'สภ.เมืองอ่างทอง,Mueang Ang Thong Police Station,035-611-111,๑๔.๕๘๙๑,๑๐๐.๔๕๒๐',
    'สภ.โพธิ์ทอง,Pho Thong Police Station,035-691-191,14.6650,100.3230',
  ].join('\r\n');
  const file = iconv.encode(csv, 'windows-874');

  it('detects the encoding, reads Thai digits and writes both stations in province 15', async () => {
    expect(file.includes(Buffer.from('สภ.', 'utf8'))).toBe(false); // really not UTF-8
    const report = await importFile(knex, file, opts({ kind: 'police_stations', filename: 'stations.csv' }));
    expect(report.errors).toEqual([]);
    expect(report.source).toMatch(/windows-874|tis-620/i);
    expect(report).toMatchObject({ rowsTotal: 2, rowsValid: 2, inserted: 2, updated: 0, written: true });
    const rows = await knex('police_stations').orderBy('name_th').select('name_th', 'name_en', 'phone', 'province_code', 'external_id', knex.raw('ST_X(geom) lon, ST_Y(geom) lat'));
    expect(rows).toEqual([
      expect.objectContaining({ name_th: 'สภ.เมืองอ่างทอง', name_en: 'Mueang Ang Thong Police Station', phone: '035-611-111', province_code: '15', lon: 100.452, lat: 14.5891 }),
      expect.objectContaining({ name_th: 'สภ.โพธิ์ทอง', province_code: '15', lon: 100.323, lat: 14.665 }),
    ]);
    // No id column: a natural key (name + position) so that the same sheet re-imports as updates.
    expect(rows[0].external_id).toMatch(/^auto:police_stations:[0-9a-f]{16}$/);
  });

  it('re-importing the same sheet updates the two stations', async () => {
    const report = await importFile(knex, file, opts({ kind: 'police_stations', filename: 'stations.csv' }));
    expect(report).toMatchObject({ inserted: 0, updated: 2 });
    expect(await count('police_stations')).toBe(2);
  });
});

describe('risk points from GeoJSON', () => {
  it('takes the geometry of each feature and Thai properties, resolving the police station by name', async () => {
    const report = await importFile(knex, read('risk-points.geojson'), opts({ kind: 'risk_points', filename: 'risk-points.geojson' }));
    expect(report.errors).toEqual([]);
    expect(report.warnings).toEqual([]);
    expect(report).toMatchObject({ rowsTotal: 3, inserted: 3, written: true });
    expect(report.columns.recognised).toMatchObject({ name: 'ชื่อจุดเสี่ยง', category: 'ประเภทความเสี่ยง', weight: 'น้ำหนัก', radius_m: 'รัศมี' });
    const station = await knex('police_stations').where('name_th', 'สภ.เมืองอ่างทอง').first('id');
    const rows = await knex('risk_points').orderBy('external_id').select('external_id', 'name', 'category', 'weight', 'radius_m', 'police_station_id', 'notes', 'province_code', knex.raw('ST_X(geom) lon, ST_Y(geom) lat'));
    expect(rows).toEqual([
      expect.objectContaining({ external_id: 'RP-01', name: 'ตู้ ATM หน้าตลาดเทศบาล', category: 'robbery', weight: 5, radius_m: 150, police_station_id: station.id, province_code: '15', lon: 100.4555, lat: 14.5896 }),
      expect.objectContaining({ external_id: 'RP-02', category: 'accident_black_spot', weight: 2.5, radius_m: null, notes: 'เกิดอุบัติเหตุบ่อยช่วงเทศกาล' }),
      expect.objectContaining({ external_id: 'RP-03', category: 'tourist_site', weight: 1 }),
    ]);
  });

  it('an unknown station name is a warning and the station comes from the location', async () => {
    const fc = JSON.parse(read('risk-points.geojson').toString());
    fc.features = [fc.features[0]];
    fc.features[0].properties['สถานีตำรวจที่รับผิดชอบ'] = 'สภ.ไม่มีจริง';
    fc.features[0].properties['รหัส'] = 'RP-09';
    const report = await importFile(knex, Buffer.from(JSON.stringify(fc)), opts({ kind: 'risk_points', filename: 'x.geojson' }));
    expect(report.errors).toEqual([]);
    expect(report.warnings).toEqual([
      { row: 1, column: 'สถานีตำรวจที่รับผิดชอบ', value: 'สภ.ไม่มีจริง', message: 'unknown police station: the station is derived from the location instead', suggestion: 'add the station first or use its exact Thai name' },
    ]);
    await knex('risk_points').where('external_id', 'RP-09').delete();
  });
});

describe('risk routes from a Google My Maps KML and KMZ', () => {
  it('reads LineStrings, the placemark name, "key: value" description lines and ExtendedData', async () => {
    const report = await importFile(knex, read('risk-routes.kml'), opts({ kind: 'risk_routes', filename: 'risk-routes.kml' }));
    expect(report.errors).toEqual([]);
    expect(report).toMatchObject({ rowsTotal: 2, inserted: 2, written: true });
    const rows = await knex('risk_routes').orderBy('external_id').select(
      'external_id', 'name', 'category', 'weight', 'notes', 'province_code',
      knex.raw('ST_NPoints(geom)::int npoints'), knex.raw('round(ST_Length(geom::geography))::int length_m'),
    );
    expect(rows).toEqual([
      expect.objectContaining({ external_id: 'RR-01', name: 'ถนนเลี่ยงเมือง ฝั่งตะวันออก', category: 'escape_route', weight: 3, notes: 'คนร้ายใช้หลบหนีหลังชิงทรัพย์', province_code: '15', npoints: 3 }),
      expect.objectContaining({ external_id: 'RR-02', name: 'ซอยหลังตลาด', category: 'robbery', weight: 1.5, npoints: 3 }),
    ]);
    // Lengths on the ellipsoid: 100.4555,14.5896 → 100.46,14.595 → 100.47,14.60 is about 0.77 + 1.20 km.
    expect(rows[0].length_m).toBeGreaterThan(1900);
    expect(rows[0].length_m).toBeLessThan(2050);
  });

  it('the same map as KMZ (zipped) updates the two routes instead of adding new ones', async () => {
    const kmz = Buffer.from(zipSync({ 'doc.kml': new Uint8Array(read('risk-routes.kml')) }));
    const report = await importFile(knex, kmz, opts({ kind: 'risk_routes', filename: 'risk-routes.kmz' }));
    expect(report.errors).toEqual([]);
    expect(report.source).toMatch(/kmz/);
    expect(report).toMatchObject({ inserted: 0, updated: 2 });
    expect(await count('risk_routes')).toBe(2);
  });

  it('a point placemark in a routes file is an error naming the row and the geometry', async () => {
    const kml = read('risk-routes.kml').toString().replace(
      /<LineString>\s*<coordinates>100\.4500[^<]*<\/coordinates>\s*<\/LineString>/,
      '<Point><coordinates>100.45,14.58</coordinates></Point>',
    );
    const report = await importFile(knex, Buffer.from(kml), opts({ kind: 'risk_routes', filename: 'bad.kml' }));
    expect(report.written).toBe(false);
    expect(report.errors).toHaveLength(1);
    expect(report.errors[0]).toMatchObject({ row: 2, column: '(geometry)' });
    expect(report.errors[0]!.message).toBe('expected a line, got a Point');
  });
});

describe('planned sites from an XLSX sheet as a province sends it', () => {
  const build = (ws: ExcelJS.Worksheet) => {
    ws.addRow(['แบบสำรวจส่วนที่ 2 จุดติดตั้งกล้อง CCTV เพิ่มเติม']);
    ws.addRow(['จังหวัดอ่างทอง']);
    ws.addRow([]);
    ws.addRow(['ลำดับ', 'รหัส', 'จุดที่ต้องการติดตั้ง', 'ละติจูด', 'ลองจิจูด', 'จำนวนกล้อง', 'งบประมาณ (บาท)', 'เหตุผลในการติดตั้ง', 'สถานะโครงการ', 'จัดลำดับความสำคัญเร่งด่วน', 'ทิศทางกล้อง']);
    ws.addRow([1, 'PS-01', 'สี่แยกไชโย', 14.6880, 100.4390, '๔ ตัว', '1,250,000 บาท', 'จุดเกิดเหตุชิงทรัพย์บ่อย', 'อยู่ระหว่างของบประมาณ', 1, 'ทิศตะวันออกเฉียงเหนือ']);
    ws.addRow([2, 'PS-02', 'ทางเข้าวัดม่วง', 14.5950, 100.3250, 2, 380000, 'นักท่องเที่ยวหนาแน่น', 'ได้รับอนุมัติ', 2, 'W']);
    ws.addRow([3, 'PS-03', 'หน้าโรงเรียนอ่างทองปัทมโรจน์', 14.5880, 100.4540, 1, '๑.๕ แสน', null, null, null, null]);
  };

  it('skips the title rows, reads "๔ ตัว", "1,250,000 บาท", "๑.๕ แสน", Thai site statuses and compass words', async () => {
    const file = await xlsx(build, 'จุดติดตั้ง', ['คำอธิบาย']);
    const report = await importFile(knex, file, opts({ kind: 'planned_sites', filename: 'sites.xlsx', sheet: 'จุดติดตั้ง' }));
    expect(report.errors).toEqual([]);
    expect(report.source).toContain('จุดติดตั้ง');
    expect(report.columns.ignored).toContain('ลำดับ');
    expect(report).toMatchObject({ rowsTotal: 3, inserted: 3, written: true });
    const rows = await knex('planned_sites').orderBy('external_id').select('external_id', 'place_name', 'camera_count', 'cost_baht', 'reason', 'status', 'priority', 'direction_deg', 'province_code');
    expect(rows).toEqual([
      { external_id: 'PS-01', place_name: 'สี่แยกไชโย', camera_count: 4, cost_baht: 1250000, reason: 'จุดเกิดเหตุชิงทรัพย์บ่อย', status: 'budget_requested', priority: 1, direction_deg: 45, province_code: '15' },
      { external_id: 'PS-02', place_name: 'ทางเข้าวัดม่วง', camera_count: 2, cost_baht: 380000, reason: 'นักท่องเที่ยวหนาแน่น', status: 'approved', priority: 2, direction_deg: 270, province_code: '15' },
      { external_id: 'PS-03', place_name: 'หน้าโรงเรียนอ่างทองปัทมโรจน์', camera_count: 1, cost_baht: 150000, reason: null, status: 'not_started', priority: null, direction_deg: null, province_code: '15' },
    ]);
  });

  it('the sheet is chosen by number too; the first sheet by default is the wrong one here', async () => {
    const file = await xlsx(build, 'จุดติดตั้ง', ['คำอธิบาย']);
    const byNumber = await importFile(knex, file, opts({ kind: 'planned_sites', filename: 'sites.xlsx', sheet: 2, dryRun: true }));
    expect(byNumber).toMatchObject({ rowsTotal: 3, inserted: 0, updated: 3, errors: [] });
    const first = await importFile(knex, file, opts({ kind: 'planned_sites', filename: 'sites.xlsx', dryRun: true }));
    expect(first.columns.missing).toContain('place_name');
    expect(first.written).toBe(false);
  });
});

describe('cameras from XLSX with one "พิกัด" cell and a BE date', () => {
  it('imports the rows and reports the one whose coordinates are swapped', async () => {
    const file = await xlsx((ws) => {
      ws.addRow(['รหัส', 'จุดติดตั้ง/สถานที่', 'สถานะการใช้งาน', 'พิกัด', 'ปีที่ติดตั้ง', 'ประเภทกล้อง']);
      ws.addRow(['X-1', 'วงเวียนหอนาฬิกา', 'ใช้งานได้', '14.5896, 100.4555', 'พ.ศ. ๒๕๖๐', 'PTZ']);
      ws.addRow(['X-2', 'ท่ารถตู้', 'เสีย', '100.4490, 14.5750', 2562, 'โดม']);
    });
    const dry = await importFile(knex, file, opts({ kind: 'cameras', filename: 'cams.xlsx' }));
    expect(dry.written).toBe(false);
    expect(dry.errors).toHaveLength(1);
    expect(dry.errors[0]).toMatchObject({ row: 3, column: 'พิกัด', value: '100.4490, 14.5750' });
    expect(dry.errors[0]!.suggestion).toBe('lat 14.575, lon 100.449');
    expect(await count('cameras')).toBe(0);

    const fixed = await importFile(knex, file, opts({ kind: 'cameras', filename: 'cams.xlsx', fixSwapped: true }));
    expect(fixed.errors).toEqual([]);
    expect(fixed.warnings.some((w) => w.row === 3 && /swap/i.test(w.message))).toBe(true);
    const rows = await knex('cameras').orderBy('external_id').select('external_id', 'status', 'year_installed', 'kind', knex.raw('ST_Y(geom) lat'));
    expect(rows).toEqual([
      { external_id: 'X-1', status: 'working', year_installed: 2017, kind: 'ptz', lat: 14.5896 },
      { external_id: 'X-2', status: 'not_working', year_installed: 2019, kind: 'dome', lat: 14.575 },
    ]);
  });
});

describe('positions against the province boundaries', () => {
  it('a camera just off the coastline (within ~550 m) is kept in that province with a warning; 2 km out it is outside Thailand', async () => {
    // Points due south of Phuket's southernmost vertex, checked to lie in no province.
    const { rows } = await knex.raw(`
      with v as (select (dp).geom g from provinces, ST_DumpPoints(geom) dp where code = '83' order by ST_Y((dp).geom) limit 1)
      select ST_X(g) lon, ST_Y(g) - 0.002 lat_near, ST_Y(g) - 0.02 lat_far,
             exists (select 1 from provinces where ST_Intersects(geom, ST_Translate(g, 0, -0.002))) near_inside
        from v`);
    const { lon, lat_near, lat_far, near_inside } = rows[0];
    expect(near_inside).toBe(false);
    const csv = `code,place,status,lat,lon\nPK-1,pier,working,${lat_near},${lon}\nPK-2,at sea,working,${lat_far},${lon}\n`;
    const report = await importFile(knex, Buffer.from(csv), opts({ kind: 'cameras', filename: 'phuket.csv', skipInvalid: true }));
    expect(report.errors.map((e) => [e.row, e.message])).toEqual([[3, 'the position is outside Thailand (in no province)']]);
    expect(report.warnings.map((w) => [w.row, w.message])).toEqual([[2, 'the position lies just outside the boundary of จังหวัดภูเก็ต (within 555 m); counted in that province']]);
    expect(await knex('cameras').where('external_id', 'PK-1').first('province_code')).toEqual({ province_code: '83' });
    await knex('cameras').where('external_id', 'PK-1').delete();
  });
});

describe('agency and station ids from another database', () => {
  it('an id that is another agency here gives way to the name (warning); an unknown id alone is an error', async () => {
    const [{ id: other }] = await knex('agencies').insert({ name: 'หน่วยงานอื่น', type: 'other', province_code: '15' }).returning('id');
    const csv = [
      'code,place,status,lat,lon,รหัสหน่วยงาน,หน่วยงานเจ้าของกล้อง',
      `ID-1,หน้าวัด,working,14.5896,100.4555,${other},เทศบาลเมืองอ่างทอง`,
      'ID-2,ท่าน้ำ,working,14.5897,100.4555,99999,',
    ].join('\n');
    const report = await importFile(knex, Buffer.from(csv), opts({ kind: 'cameras', filename: 'ids.csv', skipInvalid: true }));
    expect(report.errors).toEqual([{ row: 3, column: 'รหัสหน่วยงาน', value: '99999', message: 'no agency with id 99999', suggestion: "give the agency's name instead of its id" }]);
    expect(report.warnings).toEqual([{ row: 2, column: 'รหัสหน่วยงาน', value: String(other), message: `agency id ${other} is หน่วยงานอื่น here, not เทศบาลเมืองอ่างทอง: the name decides` }]);
    const cam = await knex('cameras').join('agencies', 'agencies.id', 'cameras.agency_id').where('cameras.external_id', 'ID-1').first('agencies.name');
    expect(cam).toEqual({ name: 'เทศบาลเมืองอ่างทอง' });
    await knex('cameras').where('external_id', 'ID-1').delete();
  });
});
