/**
 * readTable: an uploaded file -> SourceTable. The format comes from `opts.format`, otherwise from the
 * content (magic bytes first, then the file name):
 * - zip: a workbook ([Content_Types].xml + xl/) is xlsx, an archive with a .kml is kmz;
 * - XML whose root is <kml> is kml; JSON is GeoJSON (FeatureCollection or Feature);
 * - other text is CSV (also a text file named .xls, as some web systems export tab-separated text so).
 * Anything else (legacy .xls, password-protected workbooks, HTML tables, PDF, GeoPackage, zipped
 * Shapefiles, binary data, empty files) is a ReadError naming the file and what is wrong with it.
 * Every error a reader meets while reading the bytes is a ReadError.
 *
 * Totals rows ("รวม", "รวมทั้งสิ้น", "Total" as the first filled cell) are returned like any other row;
 * `isTotalsRow` tells them apart for the pipeline.
 */
import { ReadError, type SourceTable } from '../types.js';
import { decodeText, looksBinary } from './common.js';
import { readCsv } from './csv.js';
import { readGeoJson } from './geojson.js';
import { pickKmzEntry, readKml, readKmz, zipEntryNames } from './kml.js';
import { readXlsx } from './xlsx.js';

export { isTotalsRow, isTotalsLabel } from './common.js';
export { readCsv, sniffDelimiter } from './csv.js';
export { readXlsx } from './xlsx.js';
export { readGeoJson } from './geojson.js';
export { readKml, readKmz, readKmlText } from './kml.js';

export const READ_FORMATS = ['csv', 'xlsx', 'geojson', 'kml', 'kmz'] as const;
export type ReadFormat = (typeof READ_FORMATS)[number];

export interface ReadOptions {
  /** The uploaded file's name (used for messages and as a hint for the format). */
  filename: string;
  /** Skip detection. */
  format?: ReadFormat;
  /** XLSX: sheet name or 1-based position (default: the first visible sheet). */
  sheet?: string | number;
  /** CSV: text encoding (default: detected; UTF-8 or Windows-874). */
  encoding?: string;
}

function startsWith(buf: Buffer, bytes: readonly number[]): boolean {
  if (buf.length < bytes.length) return false;
  for (let i = 0; i < bytes.length; i++) if (buf[i] !== bytes[i]) return false;
  return true;
}

function extension(filename: string): string {
  const m = /\.([^./\\]+)$/.exec(filename);
  return m ? m[1]!.toLowerCase() : '';
}

const BINARY_KINDS: [readonly number[], string][] = [
  [[0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1], 'an Excel 97-2003 workbook (.xls) or a password-protected workbook; open it in Excel and save it as .xlsx without a password'],
  [[0x25, 0x50, 0x44, 0x46], 'a PDF document; import needs the table as .xlsx or CSV'],
  [[0x53, 0x51, 0x4c, 0x69, 0x74, 0x65, 0x20, 0x66], 'an SQLite database or GeoPackage, which import does not read; export the layer as GeoJSON (QGIS: Export > Save Features As)'],
  [[0x00, 0x00, 0x27, 0x0a], 'a Shapefile .shp, which import does not read; export the layer as GeoJSON'],
  [[0x1f, 0x8b], 'a gzip archive; unpack it first'],
  [[0x52, 0x61, 0x72, 0x21], 'a RAR archive; unpack it first'],
  [[0x37, 0x7a, 0xbc, 0xaf], 'a 7-Zip archive; unpack it first'],
  [[0x89, 0x50, 0x4e, 0x47], 'a PNG image, not a table'],
  [[0xff, 0xd8, 0xff], 'a JPEG image, not a table'],
  [[0x47, 0x49, 0x46, 0x38], 'a GIF image, not a table'],
];

/** The format of a file from its bytes and name; ReadError when it is none of the supported ones. */
export function detectFormat(input: Buffer, filename: string): ReadFormat {
  if (input.length === 0) throw new ReadError(`${filename}: the file is empty`);
  const ext = extension(filename);

  if (startsWith(input, [0x50, 0x4b])) {
    const names = zipEntryNames(new Uint8Array(input.buffer, input.byteOffset, input.byteLength));
    if (!names) throw new ReadError(`${filename}: a damaged zip archive (not a readable .xlsx or .kmz)`);
    const lower = names.map((n) => n.toLowerCase());
    if (lower.includes('[content_types].xml') && lower.some((n) => n.startsWith('xl/'))) return 'xlsx';
    if (pickKmzEntry(names)) return 'kmz';
    if (lower.some((n) => n.startsWith('word/'))) throw new ReadError(`${filename}: a Word document, not a table; import needs .xlsx, CSV, GeoJSON or KML`);
    if (lower.includes('content.xml') && lower.includes('mimetype')) {
      throw new ReadError(`${filename}: an OpenDocument file (.ods); save it as .xlsx or CSV`);
    }
    if (lower.some((n) => n.endsWith('.shp'))) {
      throw new ReadError(`${filename}: a zipped Shapefile, which import does not read; export the layer as GeoJSON`);
    }
    if (names.length === 0) throw new ReadError(`${filename}: an empty zip archive`);
    const shown = names.slice(0, 5).join(', ') + (names.length > 5 ? ', …' : '');
    throw new ReadError(`${filename}: a zip archive with neither a workbook nor a .kml (it holds ${shown})`);
  }
  for (const [magic, what] of BINARY_KINDS) {
    if (startsWith(input, magic)) throw new ReadError(`${filename}: ${what}`);
  }
  if (looksBinary(input)) {
    throw new ReadError(`${filename}: binary data, not a supported format (.csv, .xlsx, .geojson, .kml, .kmz)`);
  }

  // Text: look at the start.
  const head = decodeText(input.subarray(0, 4096), filename).text.replace(/^[\s\ufeff]+/, '');
  if (head === '' && input.length <= 4096) throw new ReadError(`${filename}: the file is empty`);
  if (head.startsWith('<')) {
    if (/<(\w+:)?kml[\s>]/i.test(head)) return 'kml';
    if (/^<!doctype html|<html[\s>]|<table[\s>]/i.test(head)) {
      throw new ReadError(
        `${filename}: an HTML page, not a spreadsheet (web systems often save HTML tables as .xls); ` +
          'open it in Excel and save it as .xlsx or CSV',
      );
    }
    if (/<gpx[\s>]/i.test(head)) throw new ReadError(`${filename}: a GPX file, which import does not read; use KML or GeoJSON`);
    if (ext === 'kml') return 'kml';
    const root = /<([\w:.-]+)[\s>/]/.exec(head.replace(/<\?[\s\S]*?\?>|<!--[\s\S]*?-->|<![^>]*>/g, ''))?.[1];
    throw new ReadError(`${filename}: XML but not KML${root ? ` (the root element is <${root}>)` : ''}`);
  }
  if (head.startsWith('{') || head.startsWith('[')) return 'geojson';

  if (ext === 'xlsx' || ext === 'xlsm' || ext === 'kmz') {
    throw new ReadError(`${filename}: named .${ext} but the content is plain text, not a zip archive; is it a CSV?`);
  }
  if (ext === 'geojson' || ext === 'json') throw new ReadError(`${filename}: named .${ext} but the content is not JSON`);
  if (ext === 'kml') throw new ReadError(`${filename}: named .kml but the content is not XML`);
  return 'csv';
}

export async function readTable(input: Buffer, opts: ReadOptions): Promise<SourceTable> {
  const { filename } = opts;
  if (opts.format !== undefined && !(READ_FORMATS as readonly string[]).includes(opts.format)) {
    throw new ReadError(`${filename}: unknown format "${String(opts.format)}" (use ${READ_FORMATS.join(', ')})`);
  }
  const format = opts.format ?? detectFormat(input, filename);
  try {
    switch (format) {
      case 'csv':
        return readCsv(input, { filename, encoding: opts.encoding });
      case 'xlsx':
        return await readXlsx(input, { filename, sheet: opts.sheet });
      case 'geojson':
        return readGeoJson(input, { filename });
      case 'kml':
        return readKml(input, { filename });
      case 'kmz':
        return readKmz(input, { filename });
    }
  } catch (e) {
    if (e instanceof ReadError) throw e;
    throw new ReadError(`${filename}: cannot read it as ${format}: ${(e as Error).message ?? String(e)}`);
  }
}
