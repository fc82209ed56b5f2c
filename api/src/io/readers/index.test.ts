import ExcelJS from 'exceljs';
import { strToU8, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { ReadError } from '../types.js';
import { detectFormat, isTotalsLabel, readTable } from './index.js';

const KML = '<?xml version="1.0" encoding="UTF-8"?>\n<kml xmlns="http://www.opengis.net/kml/2.2"><Document><Placemark><name>A</name><Point><coordinates>100.5,13.7</coordinates></Point></Placemark></Document></kml>';

async function xlsx(): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.addWorksheet('s').addRows([
    ['a', 'b'],
    [1, 2],
  ]);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

describe('detectFormat', () => {
  it('goes by content first, then by name', async () => {
    expect(detectFormat(await xlsx(), 'upload.bin')).toBe('xlsx');
    expect(detectFormat(Buffer.from(zipSync({ 'doc.kml': strToU8(KML) })), 'map.zip')).toBe('kmz');
    expect(detectFormat(Buffer.from(KML), 'map.txt')).toBe('kml');
    expect(detectFormat(Buffer.from('\ufeff  {"type":"FeatureCollection","features":[]}'), 'data')).toBe('geojson');
    expect(detectFormat(Buffer.from('a,b\n1,2\n'), 'cams.txt')).toBe('csv');
    expect(detectFormat(Buffer.from('a,b\n1,2\n'), 'noext')).toBe('csv');
    // Some web systems "export to Excel" as tab-separated text named .xls.
    expect(detectFormat(Buffer.from('a\tb\n1\t2\n'), 'export.xls')).toBe('csv');
  });

  it('names what it cannot read', () => {
    const cases: [Buffer, string, string | RegExp][] = [
      [Buffer.alloc(0), 'e.csv', 'e.csv: the file is empty'],
      [Buffer.from('  \r\n '), 'e.csv', 'e.csv: the file is empty'],
      [Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]), 'old.xls', /^old\.xls: an Excel 97-2003 workbook \(\.xls\) or a password-protected workbook/],
      [Buffer.from('%PDF-1.7\n...'), 'f.pdf', /^f\.pdf: a PDF document/],
      [Buffer.from('SQLite format 3\u0000rest'), 'cams.gpkg', /^cams\.gpkg: an SQLite database or GeoPackage/],
      [Buffer.from('<html><body><table><tr><td>a</td></tr></table></body></html>'), 'report.xls', /^report\.xls: an HTML page, not a spreadsheet/],
      [Buffer.from(zipSync({ 'word/document.xml': strToU8('<w/>'), '[Content_Types].xml': strToU8('<x/>') })), 'a.docx', /^a\.docx: a Word document/],
      [Buffer.from(zipSync({ 'roads.shp': new Uint8Array(4), 'roads.dbf': new Uint8Array(4) })), 'roads.zip', /^roads\.zip: a zipped Shapefile/],
      [Buffer.from(zipSync({ 'notes.txt': strToU8('x') })), 'a.zip', 'a.zip: a zip archive with neither a workbook nor a .kml (it holds notes.txt)'],
      [Buffer.from('PK\u0003\u0004 truncated'), 'cut.xlsx', 'cut.xlsx: a damaged zip archive (not a readable .xlsx or .kmz)'],
      [Buffer.from('a,b\n1,2'), 'cams.xlsx', 'cams.xlsx: named .xlsx but the content is plain text, not a zip archive; is it a CSV?'],
      [Buffer.from('<?xml version="1.0"?><gpx version="1.1"></gpx>'), 't.gpx', /^t\.gpx: a GPX file/],
    ];
    for (const [buf, name, message] of cases) {
      expect(() => detectFormat(buf, name), name).toThrow(ReadError);
      expect(() => detectFormat(buf, name), name).toThrow(message);
    }
  });

  it('rejects binary garbage', async () => {
    const garbage = Buffer.alloc(4096);
    let x = 12345;
    for (let i = 0; i < garbage.length; i++) {
      x = (x * 1103515245 + 12345) & 0x7fffffff;
      garbage[i] = x >> 16;
    }
    await expect(readTable(garbage, { filename: 'cameras.csv' })).rejects.toThrow(
      'cameras.csv: binary data, not a supported format (.csv, .xlsx, .geojson, .kml, .kmz)',
    );
  });
});

describe('readTable', () => {
  it('dispatches to every reader', async () => {
    expect((await readTable(await xlsx(), { filename: 'a.xlsx' })).rows).toEqual([{ row: 2, fields: { a: 1, b: 2 } }]);
    expect((await readTable(Buffer.from(KML), { filename: 'a.kml' })).rows[0]?.fields.name).toBe('A');
    expect((await readTable(Buffer.from('x;y\n1;2\n'), { filename: 'a.csv' })).rows[0]?.fields).toEqual({ x: '1', y: '2' });
  });

  it('uses an explicit format, and wraps library failures in ReadError', async () => {
    // A CSV forced to be read as KML.
    await expect(readTable(Buffer.from('a,b\n1,2\n'), { filename: 'a.csv', format: 'kml' })).rejects.toThrow(ReadError);
    await expect(readTable(Buffer.from('a,b\n1,2\n'), { filename: 'a.csv', format: 'xlsx' })).rejects.toThrow(
      /^a\.csv: not a readable \.xlsx workbook/,
    );
    await expect(readTable(Buffer.from('a'), { filename: 'a.csv', format: 'ods' as 'csv' })).rejects.toThrow(
      'a.csv: unknown format "ods" (use csv, xlsx, geojson, kml, kmz)',
    );
  });
});

describe('isTotalsLabel', () => {
  it('knows Thai and English totals labels', () => {
    for (const s of ['รวม', 'รวมทั้งสิ้น', ' รวมทั้งสิ้น (total) ', 'Total', 'TOTAL:', 'Grand total', 'รวมทั้งหมด']) expect(isTotalsLabel(s), s).toBe(true);
    for (const s of ['รวมมิตร', 'total cameras', '1', '']) expect(isTotalsLabel(s), s).toBe(false);
    expect(isTotalsLabel(70)).toBe(false);
  });
});
