import { DOMParser } from '@xmldom/xmldom';
import { kml as kmlToGeoJSON } from '@tmcw/togeojson';
import { parse as parseCsv } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import type { ExportColumn, ExportRecord } from './types.js';
import { BlockedSink, COLUMNS, RECORDS, Sink, asyncRecords, manyRecords, quiescent, settle } from './test-helpers.js';
import { neutraliseFormula, sheetName, writeCSV, writeGeoJSON, writeKML, writeRecords, writeXLSX } from './writers.js';

const ROUTE: ExportRecord = {
  properties: { id: 7, place_name: 'เส้นทางหลบหนี ทล.309' },
  geometry: { type: 'LineString', coordinates: [[100.4555, 14.5896], [100.32161234, 14.66370009]] },
};
const AREA: ExportRecord = {
  properties: { id: 8, place_name: 'เขตรับผิดชอบ' },
  geometry: {
    type: 'MultiPolygon',
    coordinates: [
      [[[100.3, 14.64], [100.34, 14.64], [100.34, 14.68], [100.3, 14.68], [100.3, 14.64]], [[100.31, 14.65], [100.32, 14.65], [100.32, 14.66], [100.31, 14.65]]],
      [[[100.5, 14.5], [100.6, 14.5], [100.6, 14.6], [100.5, 14.5]]],
    ],
  },
};

describe('writeGeoJSON', () => {
  it('writes an RFC 7946 FeatureCollection with rounded lon/lat, typed properties and ids', async () => {
    const out = new Sink();
    const { count } = await writeGeoJSON(asyncRecords(RECORDS), COLUMNS, out, { name: 'cameras' });
    expect(count).toBe(3);
    const fc = JSON.parse(out.text);
    expect(fc.type).toBe('FeatureCollection');
    expect(fc.name).toBe('cameras');
    expect(fc.crs).toBeUndefined();
    expect(fc.features).toHaveLength(3);
    const [a, b, c] = fc.features;
    expect(a.type).toBe('Feature');
    expect(a.id).toBe(1);
    expect(a.geometry).toEqual({ type: 'Point', coordinates: [100.455512, 14.5896] });
    expect(Object.keys(a.properties)).toEqual(COLUMNS.map((col) => col.name));
    expect(a.properties).toMatchObject({
      place_name: 'สี่แยกศาลากลาง "หน้า" <ตลาด> & ท่ารถ',
      status: 'working',
      purposes: ['deterrence', 'traffic'],
      repair_budget_baht: 12500.5,
      is_demo: false,
      reported_on: '2019-04-02',
      updated_at: '2019-03-01T09:00:00+07:00',
      notes: 'บรรทัดแรก,\nบรรทัดที่สอง',
    });
    expect(b.properties.secret).toBeUndefined();
    expect(b.properties.repair_budget_baht).toBeNull();
    expect(c.geometry).toBeNull();
    expect(c.properties.reported_on).toBeNull();
  });

  it('writes Thai or English enumeration labels on request', async () => {
    const out = new Sink();
    await writeGeoJSON(RECORDS, COLUMNS, out, { values: 'th' });
    const [a] = JSON.parse(out.text).features;
    expect(a.properties.status).toBe('ใช้งานได้ปกติ');
    expect(a.properties.purposes).toEqual(['ป้องปรามและเฝ้าระวัง', 'การจราจร']);
  });

  it('writes lines and multipolygons, and an empty collection when there is nothing', async () => {
    const out = new Sink();
    await writeGeoJSON([ROUTE, AREA], COLUMNS.slice(0, 2), out);
    const fc = JSON.parse(out.text);
    expect(fc.features[0].geometry.coordinates[1]).toEqual([100.321612, 14.6637]);
    expect(fc.features[1].geometry.type).toBe('MultiPolygon');
    const empty = new Sink();
    expect((await writeGeoJSON([], COLUMNS, empty)).count).toBe(0);
    expect(JSON.parse(empty.text)).toEqual({ type: 'FeatureCollection', features: [] });
  });

  it('can leave the destination open (end: false)', async () => {
    const out = new Sink();
    await writeGeoJSON(RECORDS, COLUMNS, out, { end: false });
    expect(out.writableEnded).toBe(false);
    out.end();
  });
});

describe('writeCSV', () => {
  const read = (s: Sink) => parseCsv(s.buffer, { bom: true, relax_column_count: false }) as string[][];

  it('starts with a UTF-8 BOM, has Thai headers and lon/lat columns', async () => {
    const out = new Sink();
    const { count } = await writeCSV(asyncRecords(RECORDS), COLUMNS, out);
    expect(count).toBe(3);
    expect([...out.buffer.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(out.text.includes('\r\n')).toBe(true);
    const rows = read(out);
    expect(rows[0]).toEqual([...COLUMNS.map((c) => c.labelTh), 'ลองจิจูด', 'ละติจูด']);
    expect(rows).toHaveLength(4);
    expect(rows[1]).toEqual([
      '1',
      'สี่แยกศาลากลาง "หน้า" <ตลาด> & ท่ารถ',
      'working',
      'deterrence, traffic',
      '12500.5',
      'false',
      '2019-04-02',
      '2019-03-01T09:00:00+07:00',
      'บรรทัดแรก,\nบรรทัดที่สอง',
      '100.455512',
      '14.5896',
    ]);
    // A formula is neutralised; a phone number is not.
    expect(rows[2]![1]).toBe(`'=HYPERLINK("http://x","click")`);
    expect(rows[2]![8]).toBe('+66 81 234 5678');
    expect(rows[2]!.slice(-2)).toEqual(['98.9', '8.1']);
    expect(rows[3]!.slice(-2)).toEqual(['', '']);
  });

  it('writes English labels or field names, Thai values, and WKT for other geometries', async () => {
    const en = new Sink();
    await writeCSV(RECORDS, COLUMNS, en, { header: 'en', values: 'th' });
    const rows = read(en);
    expect(rows[0]![1]).toBe('Installation point / place');
    expect(rows[0]!.slice(-2)).toEqual(['Longitude', 'Latitude']);
    expect(rows[1]![2]).toBe('ใช้งานได้ปกติ');
    expect(rows[1]![3]).toBe('ป้องปรามและเฝ้าระวัง, การจราจร');

    const wkt = new Sink();
    await writeCSV([ROUTE, AREA, RECORDS[0]!], COLUMNS.slice(0, 2), wkt, { header: 'name', geometry: 'wkt' });
    const w = read(wkt);
    expect(w[0]).toEqual(['id', 'place_name', 'wkt']);
    expect(w[1]![2]).toBe('LINESTRING (100.4555 14.5896, 100.321612 14.6637)');
    expect(w[2]![2]).toBe(
      'MULTIPOLYGON (((100.3 14.64, 100.34 14.64, 100.34 14.68, 100.3 14.68, 100.3 14.64), (100.31 14.65, 100.32 14.65, 100.32 14.66, 100.31 14.65)), ((100.5 14.5, 100.6 14.5, 100.6 14.6, 100.5 14.5)))',
    );
    expect(w[3]![2]).toBe('POINT (100.455512 14.5896)');

    const none = new Sink();
    await writeCSV(RECORDS, COLUMNS, none, { geometry: 'none', header: 'name' });
    expect(read(none)[0]).toEqual(COLUMNS.map((c) => c.name));
  });

  it('refuses a line in longitude/latitude columns and destroys the destination', async () => {
    const out = new Sink();
    await expect(writeCSV([RECORDS[0]!, ROUTE], COLUMNS, out)).rejects.toThrow(/LineString geometry.*wkt/);
    expect(out.destroyed).toBe(true);
  });
});

describe('writeXLSX', () => {
  async function load(s: Sink): Promise<ExcelJS.Worksheet> {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(s.buffer as unknown as ArrayBuffer);
    return wb.worksheets[0]!;
  }
  /** A cell's text whether it was written as a plain or an inline (rich text) string. */
  const text = (v: ExcelJS.CellValue) => (v !== null && typeof v === 'object' && 'richText' in v ? v.richText.map((r) => r.text).join('') : v);

  it('writes a bold frozen Thai header, numbers as numbers, dates as dates, lon/lat', async () => {
    const out = new Sink();
    const { count } = await writeXLSX(asyncRecords(RECORDS), COLUMNS, out, { name: 'กล้องโทรทัศน์วงจรปิดที่มีในปัจจุบัน' });
    expect(count).toBe(3);
    const ws = await load(out);
    expect(ws.name).toBe('กล้องโทรทัศน์วงจรปิดที่มีในปัจจุบัน'.slice(0, 31));
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    const header = ws.getRow(1);
    expect((header.values as ExcelJS.CellValue[]).slice(1).map(text)).toEqual([...COLUMNS.map((c) => c.labelTh), 'ลองจิจูด', 'ละติจูด']);
    expect(header.getCell(2).font?.bold).toBe(true);
    // Header cells are plain text whatever the column's number or date format.
    header.eachCell((cell) => expect(cell.numFmt, String(cell.value)).toBeUndefined());
    expect(header.getCell(7).fill).toMatchObject({ type: 'pattern', pattern: 'solid' });
    expect(ws.getColumn(2).width).toBeGreaterThanOrEqual(18);
    expect(ws.rowCount).toBe(4);

    const r = ws.getRow(2);
    expect(r.getCell(1).value).toBe(1);
    expect(r.getCell(2).value).toBe('สี่แยกศาลากลาง "หน้า" <ตลาด> & ท่ารถ');
    expect(r.getCell(3).value).toBe('working');
    expect(r.getCell(4).value).toBe('deterrence, traffic');
    expect(r.getCell(5).value).toBe(12500.5);
    expect(r.getCell(6).value).toBe(false);
    expect(r.getCell(7).value).toEqual(new Date('2019-04-02T00:00:00Z'));
    expect(r.getCell(7).numFmt).toBe('yyyy-mm-dd');
    // Excel has no time zones: the cell shows 09:00, the Bangkok wall clock.
    expect(r.getCell(8).value).toEqual(new Date('2019-03-01T09:00:00Z'));
    expect(r.getCell(10).value).toBe(100.455512);
    expect(r.getCell(11).value).toBe(14.5896);
    // No formula injection in XLSX: text stays text.
    expect(ws.getRow(3).getCell(2).value).toBe('=HYPERLINK("http://x","click")');
    expect(ws.getRow(3).getCell(5).value).toBeNull();
    expect(ws.getRow(4).getCell(10).value).toBeNull();
  });

  it('uses English headers and Thai values on request', async () => {
    const out = new Sink();
    await writeXLSX(RECORDS, COLUMNS, out, { header: 'en', values: 'th', geometry: 'none' });
    const ws = await load(out);
    expect(text(ws.getRow(1).getCell(2).value)).toBe('Installation point / place');
    expect(ws.getRow(2).getCell(3).value).toBe('ใช้งานได้ปกติ');
    expect(ws.columnCount).toBe(COLUMNS.length);
  });

  it('writes the header and number-like text as inline strings, which GDAL reads as text', async () => {
    const out = new Sink();
    await writeXLSX(RECORDS, COLUMNS, out);
    const sheet = unzipSync(new Uint8Array(out.buffer))['xl/worksheets/sheet1.xml']!;
    const xml = Buffer.from(sheet).toString('utf8');
    const cell = (ref: string) => new RegExp(`<c r="${ref}"[^>]*>.*?</c>`).exec(xml)?.[0] ?? '';
    for (const ref of ['A1', 'B1', 'G1', 'K1']) expect(cell(ref), ref).toMatch(/t="inlineStr"/);
    // "+66 81 234 5678" would be a number to GDAL as t="str"; Thai text costs nothing extra.
    expect(cell('I3')).toMatch(/t="inlineStr".*\+66 81 234 5678/);
    expect(cell('B2')).toMatch(/t="str"/);
    expect(cell('A2')).not.toMatch(/t=/);
  });

  it('sheet names obey Excel rules', () => {
    expect(sheetName('a/b:c?d*e[f]')).toBe('a b c d e f');
    expect(sheetName('')).toBe('Sheet1');
    expect([...sheetName('ก'.repeat(40))]).toHaveLength(31);
  });

  it('destroys the destination when the source fails', async () => {
    async function* failing(): AsyncGenerator<ExportRecord> {
      yield RECORDS[0]!;
      throw new Error('database went away');
    }
    const out = new Sink();
    await expect(writeXLSX(failing(), COLUMNS, out)).rejects.toThrow('database went away');
    expect(out.destroyed).toBe(true);
  });
});

describe('writeKML', () => {
  const parse = (s: Sink) => new DOMParser().parseFromString(s.text, 'text/xml');

  it('writes a named Document, a Schema with Thai display names and one Placemark per record', async () => {
    const out = new Sink();
    const { count } = await writeKML(asyncRecords(RECORDS), COLUMNS, out, { name: 'กล้อง & จุด', titleColumn: 'place_name' });
    expect(count).toBe(3);
    const doc = parse(out);
    expect(doc.getElementsByTagName('parsererror')).toHaveLength(0);
    const document = doc.getElementsByTagName('Document')[0]!;
    expect(document.getElementsByTagName('name')[0]!.textContent).toBe('กล้อง & จุด');
    const fields = Array.from(doc.getElementsByTagName('SimpleField'));
    expect(fields.map((f) => f.getAttribute('name'))).toEqual(COLUMNS.map((c) => c.name));
    expect(fields[1]!.getElementsByTagName('displayName')[0]!.textContent).toBe('จุดติดตั้ง/สถานที่');
    expect(fields[0]!.getAttribute('type')).toBe('int');
    const placemarks = Array.from(doc.getElementsByTagName('Placemark'));
    expect(placemarks).toHaveLength(3);
    expect(placemarks[0]!.getElementsByTagName('name')[0]!.textContent).toBe('สี่แยกศาลากลาง "หน้า" <ตลาด> & ท่ารถ');
    expect(placemarks[0]!.getElementsByTagName('coordinates')[0]!.textContent).toBe('100.455512,14.5896');
    const data = Object.fromEntries(Array.from(placemarks[0]!.getElementsByTagName('SimpleData')).map((d) => [d.getAttribute('name'), d.textContent]));
    expect(data).toMatchObject({ id: '1', status: 'working', purposes: 'deterrence, traffic', updated_at: '2019-03-01T09:00:00+07:00', notes: 'บรรทัดแรก,\nบรรทัดที่สอง' });
    expect(placemarks[2]!.getElementsByTagName('Point')).toHaveLength(0);
  });

  it('reads back with togeojson (what the importer uses) including lines and polygons with holes', async () => {
    const out = new Sink();
    await writeKML([...RECORDS, ROUTE, AREA], COLUMNS, out, { name: 'test' });
    const fc = kmlToGeoJSON(new DOMParser().parseFromString(out.text, 'text/xml') as unknown as Document);
    expect(fc.features).toHaveLength(5);
    expect(fc.features[0]!.geometry).toEqual({ type: 'Point', coordinates: [100.455512, 14.5896] });
    expect(fc.features[0]!.properties).toMatchObject({ name: 'สี่แยกศาลากลาง "หน้า" <ตลาด> & ท่ารถ', place_name: 'สี่แยกศาลากลาง "หน้า" <ตลาด> & ท่ารถ', status: 'working' });
    expect(fc.features[1]!.properties).toMatchObject({ place_name: '=HYPERLINK("http://x","click")' });
    expect(fc.features[3]!.geometry).toEqual({ type: 'LineString', coordinates: [[100.4555, 14.5896], [100.321612, 14.6637]] });
    const area = fc.features[4]!.geometry as { type: string; geometries?: { type: string; coordinates: number[][][] }[] };
    expect(area.type).toBe('GeometryCollection');
    expect(area.geometries!.map((g) => g.type)).toEqual(['Polygon', 'Polygon']);
    expect(area.geometries![0]!.coordinates).toHaveLength(2); // outer ring + hole
  });

  it('drops characters XML cannot carry instead of writing an unreadable file', async () => {
    const out = new Sink();
    const cols: ExportColumn[] = [{ name: 'notes', labelTh: 'หมายเหตุ', labelEn: 'Notes' }];
    await writeKML([{ properties: { notes: 'a\u0001b\u000bc' }, geometry: null }], cols, out);
    const doc = parse(out);
    expect(doc.getElementsByTagName('SimpleData')[0]!.textContent).toBe('abc');
  });
});

describe('streaming', () => {
  // Not a timing test: a destination that accepts nothing must stop the writer from pulling
  // records, and everything arrives once it reads again.
  it.each(['geojson', 'csv', 'kml', 'xlsx'] as const)('%s stops pulling records while the destination is full', async (format) => {
    const total = 100_000;
    const pulled = { n: 0 };
    const out = new BlockedSink();
    const done = writeRecords(format, manyRecords(total, pulled), COLUMNS, out);
    const whileBlocked = await quiescent(() => pulled.n);
    expect(whileBlocked).toBeGreaterThan(0);
    // Bounded by a few buffers: ~1,000 rows of text; for xlsx the zip/deflate pipeline holds
    // at most ~4 MB of sheet XML waiting for deflate plus the compressed bytes (~14,000 of these rows).
    expect(whileBlocked).toBeLessThan(format === 'xlsx' ? 25_000 : 5_000);
    await settle(100);
    expect(await quiescent(() => pulled.n)).toBe(whileBlocked); // nothing more while blocked
    out.release();
    expect((await done).count).toBe(total);
    expect(out.bytes).toBeGreaterThan(total * 10);
  });

  it('writes GeoJSON in many chunks as records arrive', async () => {
    const out = new Sink();
    await writeGeoJSON(manyRecords(5000), COLUMNS, out);
    expect(out.parts.length).toBeGreaterThan(10);
    expect(JSON.parse(out.text).features).toHaveLength(5000);
  });
});

describe('neutraliseFormula', () => {
  it.each([
    ['=1+1', "'=1+1"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['-2+3+cmd|x', "'-2+3+cmd|x"],
    ['+66 81 234 5678', '+66 81 234 5678'],
    ['-', '-'],
    ['-12.5', '-12.5'],
    ['ปกติ', 'ปกติ'],
  ])('%s -> %s', (input, expected) => expect(neutraliseFormula(input)).toBe(expected));
});
