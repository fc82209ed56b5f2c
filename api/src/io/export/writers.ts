/**
 * Streaming writers: each takes an async iterable of records and the ordered column metadata and
 * writes one file to a Node Writable. A record is formatted, written and dropped before the next one
 * is pulled from the source, and every writer waits for the destination to drain, so memory stays
 * bounded by a few buffered chunks whatever the number of records (1,000,000 cameras included).
 *
 * On failure (the source throws, the destination errors or is closed) the destination is destroyed
 * and the promise rejects: a truncated file or HTTP response never looks complete.
 */
import { Readable, type Writable, PassThrough } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import ExcelJS from 'exceljs';
import type { ExportColumn, ExportRecord, GeoJsonGeometry, StreamFormat, WriteResult, WriterOptions } from './types.js';
import { ExportError } from './types.js';
import {
  BANGKOK_OFFSET_MINUTES,
  asDate,
  enumText,
  escapeXml,
  geometryCells,
  geometryColumns,
  headerLabel,
  jsonValue,
  LIST_SEPARATOR,
  round6,
  roundGeometry,
  textValue,
  wallClock,
} from './values.js';

/** Text formats are handed to the destination in chunks of about this many characters. */
const CHUNK_CHARS = 64 * 1024;

type Records = AsyncIterable<ExportRecord> | Iterable<ExportRecord>;

/** Pipes generated text chunks to `out` with backpressure; pipeline() destroys `out` on error. */
async function pipeText(chunks: AsyncIterable<string>, out: Writable, opts: WriterOptions): Promise<void> {
  await pipeline(Readable.from(chunks, { objectMode: false, encoding: 'utf8' }), out, { end: opts.end ?? true });
}

// ---------------------------------------------------------------------------------------------
// GeoJSON

/** The feature id: the record's `id` property when it is a number or a non-empty string. */
function featureId(p: Record<string, unknown>): string | number | undefined {
  const id = p.id;
  return typeof id === 'number' || (typeof id === 'string' && id !== '') ? id : undefined;
}

async function* geojsonChunks(records: Records, columns: ExportColumn[], opts: WriterOptions, result: WriteResult): AsyncGenerator<string> {
  let buf = '{"type":"FeatureCollection"' + (opts.name ? `,"name":${JSON.stringify(opts.name)}` : '') + ',"features":[';
  for await (const r of records) {
    const properties: Record<string, unknown> = {};
    for (const c of columns) properties[c.name] = jsonValue(c, r.properties[c.name], opts);
    const id = featureId(r.properties);
    const feature = {
      type: 'Feature',
      ...(id === undefined ? {} : { id }),
      geometry: r.geometry ? roundGeometry(r.geometry) : null,
      properties,
    };
    buf += (result.count ? ',\n' : '\n') + JSON.stringify(feature);
    result.count++;
    if (buf.length >= CHUNK_CHARS) {
      yield buf;
      buf = '';
    }
  }
  yield `${buf}\n]}\n`;
}

/**
 * RFC 7946 FeatureCollection: lon/lat WGS84, coordinates rounded to 6 decimals, no crs member.
 * Properties are the columns in order (field names as keys); a `name` member names the layer for GDAL.
 */
export async function writeGeoJSON(records: Records, columns: ExportColumn[], out: Writable, opts: WriterOptions = {}): Promise<WriteResult> {
  const result: WriteResult = { count: 0 };
  await pipeText(geojsonChunks(records, columns, opts, result), out, opts);
  return result;
}

// ---------------------------------------------------------------------------------------------
// CSV

/**
 * Excel runs a cell that starts with = + - @ as a formula ("CSV injection"). Such text gets a
 * leading apostrophe, the usual neutraliser; plain signed numbers and phone numbers
 * ("+66 81 234 5678", "-") are left alone. Importers strip the apostrophe again.
 */
export function neutraliseFormula(s: string): string {
  if (/^[=@\t\r]/.test(s)) return `'${s}`;
  if (/^[+-]/.test(s) && !/^[+-][\d\s().,-]*$/.test(s)) return `'${s}`;
  return s;
}

async function* csvRows(records: Records, columns: ExportColumn[], opts: WriterOptions, result: WriteResult): AsyncGenerator<string[]> {
  const mode = opts.geometry ?? 'lonlat';
  yield [...columns, ...geometryColumns(mode)].map((c) => headerLabel(c, opts.header));
  for await (const r of records) {
    const cells = columns.map((c) => {
      const t = textValue(c, r.properties[c.name], opts);
      return (c.type ?? 'string') === 'string' || c.type === 'string[]' ? neutraliseFormula(t) : t;
    });
    for (const g of geometryCells(r.geometry, mode, result.count + 1)) cells.push(g === null ? '' : String(g));
    result.count++;
    yield cells;
  }
}

/**
 * CSV (RFC 4180, CRLF) in UTF-8 with a byte order mark so that Excel shows Thai. Header row with
 * Thai labels by default (`header: 'en' | 'name'`); points as longitude/latitude columns, other
 * geometries as WKT (`geometry: 'wkt'`). Lists are joined with ", "; date-times carry +07:00.
 */
export async function writeCSV(records: Records, columns: ExportColumn[], out: Writable, opts: WriterOptions = {}): Promise<WriteResult> {
  const result: WriteResult = { count: 0 };
  async function* chunks(): AsyncGenerator<string> {
    let buf = '\ufeff';
    for await (const cells of csvRows(records, columns, opts, result)) {
      buf += csvLine(cells);
      if (buf.length >= CHUNK_CHARS) {
        yield buf;
        buf = '';
      }
    }
    yield buf;
  }
  await pipeText(chunks(), out, opts);
  return result;
}

/** RFC 4180: a field is quoted when it holds a quote, comma or line break (or edge spaces Excel would eat). */
export function csvField(s: string): string {
  return /[",\r\n]|^\s|\s$/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function csvLine(cells: string[]): string {
  return `${cells.map(csvField).join(',')}\r\n`;
}

// ---------------------------------------------------------------------------------------------
// XLSX

/** Excel's limit for the text of one cell. */
const EXCEL_MAX_TEXT = 32_767;
const EXCEL_MAX_ROWS = 1_048_576;

/** A valid sheet name: at most 31 characters, none of : \ / ? * [ ]. */
export function sheetName(name: string): string {
  const s = name.replace(/[:\\/?*[\]]/g, ' ').replace(/^'+|'+$/g, '').trim();
  return [...(s || 'Sheet1')].slice(0, 31).join('');
}

// Thai above/below vowels and tone marks take no width of their own.
const THAI_COMBINING = /[\u0E31\u0E34-\u0E3A\u0E47-\u0E4E]/g;
export function displayWidth(s: string): number {
  return [...s.replace(THAI_COMBINING, '')].length;
}

const TYPE_WIDTH: Record<string, number> = { date: 12, datetime: 18, number: 12, integer: 10, boolean: 8, string: 18, 'string[]': 24 };

export function columnWidth(c: ExportColumn, header: WriterOptions['header']): number {
  const base = c.name === 'wkt' ? 40 : TYPE_WIDTH[c.type ?? 'string'] ?? 18;
  return Math.min(Math.max(base, displayWidth(headerLabel(c, header)) + 2), 40);
}

const NUM_FMT: Partial<Record<string, string>> = {
  date: 'yyyy-mm-dd',
  datetime: 'yyyy-mm-dd hh:mm',
  integer: '0',
};

/** A cell value for exceljs: numbers as numbers, dates as Dates (local wall clock), lists joined. */
export function xlsxValue(c: ExportColumn, v: unknown, opts: WriterOptions): ExcelJS.CellValue {
  if (v === null || v === undefined || v === '') return null;
  const tz = opts.timeZoneOffsetMinutes ?? BANGKOK_OFFSET_MINUTES;
  switch (c.type) {
    case 'integer':
    case 'number': {
      const n = typeof v === 'number' ? v : Number(v);
      return Number.isFinite(n) ? n : String(v);
    }
    case 'boolean':
      return typeof v === 'boolean' ? v : String(v);
    case 'date': {
      // A calendar date: midnight UTC is what Excel shows as that day.
      if (typeof v === 'string' && /^\d{4}-\d{2}-\d{2}/.test(v)) return new Date(`${v.slice(0, 10)}T00:00:00Z`);
      const d = asDate(v);
      if (!d) return String(v);
      const w = wallClock(d, tz);
      return new Date(Date.UTC(w.getUTCFullYear(), w.getUTCMonth(), w.getUTCDate()));
    }
    case 'datetime': {
      const d = asDate(v);
      // Excel has no time zones: write the Bangkok wall clock.
      return d ? wallClock(d, tz) : String(v);
    }
    case 'string[]':
      return excelText(Array.isArray(v) ? v.map((x) => enumText(c, String(x), opts.values)).join(LIST_SEPARATOR) : String(v));
    default: {
      if (v instanceof Date) return wallClock(v, tz);
      if (typeof v === 'number' || typeof v === 'boolean') return v;
      if (typeof v === 'object') return excelText(JSON.stringify(v));
      return excelText(enumText(c, String(v), opts.values));
    }
  }
}

/**
 * Text as an inline string cell (t="inlineStr"). exceljs writes a plain string without shared
 * strings as t="str", which OOXML reserves for the result of a formula: GDAL (QGIS) reads such a
 * cell as a number when it looks like one ("0015" -> 15) and, since a header must be text, does
 * not see the header row at all (the columns become Field1, Field2, … and the header a feature).
 * Excel and exceljs read both.
 */
export function inlineText(v: ExcelJS.CellValue): ExcelJS.CellValue {
  return typeof v === 'string' ? { richText: [{ text: v }] } : v;
}

/** Text that GDAL could read as a number is written inline (see inlineText); other text, the bulk, stays cheap. */
function dataText(v: ExcelJS.CellValue): ExcelJS.CellValue {
  return typeof v === 'string' && /^\s*[-+.\d]/.test(v) ? inlineText(v) : v;
}

function excelText(s: string): string {
  return s.length <= EXCEL_MAX_TEXT ? s : `${s.slice(0, EXCEL_MAX_TEXT - 40)} … (truncated: longer than Excel allows)`;
}

/** Resolves when `s` can take more data; rejects if it errors or closes first. */
export function drained(s: Writable): Promise<void> {
  if (!s.writableNeedDrain) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const done = (err?: Error) => {
      s.off('drain', onDrain);
      s.off('error', onError);
      s.off('close', onClose);
      if (err) reject(err);
      else resolve();
    };
    const onDrain = () => done();
    const onError = (err: Error) => done(err);
    const onClose = () => done(new ExportError('the destination was closed before the export finished'));
    s.on('drain', onDrain);
    s.on('error', onError);
    s.on('close', onClose);
  });
}

const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

/** A streaming workbook writing into `out` through a PassThrough whose fill level we can watch. */
export interface XlsxStream {
  wb: ExcelJS.stream.xlsx.WorkbookWriter;
  /** Call after each committed row of `ws`: every 256 rows, waits until the zip pipeline has caught up. */
  throttle(rowsWritten: number, ws: ExcelJS.Worksheet): Promise<void>;
  /** Commits the workbook and waits until `out` has everything. */
  finish(): Promise<void>;
  /** Destroys the output with `err` and waits for the pipe to wind down. */
  fail(err: unknown): Promise<never>;
}

/** Uncompressed sheet XML allowed to wait for deflate before the writer pauses. */
const DEFLATE_BACKLOG_BYTES = 4 * 1024 * 1024;

/**
 * Bytes of sheet XML waiting to be compressed. exceljs (4.4.0) writes a committed row into its own
 * StreamBuf (`_stream`), which hands it to the zip entry's input stream (`pipes`, an archiver
 * PassThrough from readable-stream 2, hence `_writableState`) ignoring backpressure: unchecked, the
 * XML of a million rows piles up there (measured: ~115 bytes per row, 900 MB RSS for 1M cameras).
 * These are internals, read defensively: if they change, the check returns 0 and only the
 * destination-side check remains.
 */
export function sheetBacklog(ws: ExcelJS.Worksheet): number {
  const pipes = (ws as unknown as { _stream?: { pipes?: unknown } })._stream?.pipes;
  if (!Array.isArray(pipes)) return 0;
  let n = 0;
  for (const p of pipes as { writableLength?: number; _writableState?: { length?: number } }[]) {
    const len = p?.writableLength ?? p?._writableState?.length;
    if (typeof len === 'number') n += len;
  }
  return n;
}

/**
 * exceljs's WorkbookWriter writes rows into a zip (archiver) as they are committed, but it ignores
 * backpressure. So it writes into a PassThrough piped to `out`, and every 256 rows the writer
 * yields the event loop and waits while deflate has more than a few MB of XML queued or the
 * PassThrough is full (the destination is slow). Shared strings are off: they would hold every
 * distinct string in memory until the end.
 */
export function openXlsxStream(out: Writable, opts: WriterOptions = {}): XlsxStream {
  const pass = new PassThrough({ highWaterMark: 256 * 1024 });
  const piped = pipeline(pass, out, { end: opts.end ?? true });
  piped.catch(() => {}); // observed in finish()/fail()
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: pass, useStyles: true, useSharedStrings: false });
  return {
    wb,
    async throttle(rows, ws) {
      if (rows % 256 !== 0) return;
      await tick();
      for (;;) {
        if (pass.writableNeedDrain) {
          await drained(pass);
        } else if (sheetBacklog(ws) > DEFLATE_BACKLOG_BYTES) {
          await tick(); // deflate runs on the thread pool; its callbacks need event-loop turns
        } else break;
      }
    },
    async finish() {
      await Promise.all([wb.commit(), piped]);
    },
    async fail(err: unknown) {
      pass.destroy(err instanceof Error ? err : new Error(String(err)));
      await piped.catch(() => {});
      if (!out.destroyed) out.destroy(err instanceof Error ? err : new Error(String(err)));
      throw err;
    },
  };
}

export const HEADER_FONT: Partial<ExcelJS.Font> = { bold: true };
export const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDDEBF7' } };
export const THIN_BORDER: Partial<ExcelJS.Borders> = {
  top: { style: 'thin' },
  left: { style: 'thin' },
  bottom: { style: 'thin' },
  right: { style: 'thin' },
};

/**
 * XLSX with the streaming WorkbookWriter: one sheet, a bold, frozen header row (Thai labels by
 * default) with an autofilter, column widths from the labels and types, numbers as numbers, dates
 * and date-times as Excel dates (Bangkok wall clock), points as longitude/latitude columns.
 */
export async function writeXLSX(records: Records, columns: ExportColumn[], out: Writable, opts: WriterOptions = {}): Promise<WriteResult> {
  const result: WriteResult = { count: 0 };
  const x = openXlsxStream(out, opts);
  try {
    const mode = opts.geometry ?? 'lonlat';
    const all = [...columns, ...geometryColumns(mode)];
    const ws = x.wb.addWorksheet(sheetName(opts.name ?? 'export'), { views: [{ state: 'frozen', ySplit: 1, xSplit: 0 }] });
    // One style object per column, shared by all its cells: exceljs caches the style id per object,
    // so a cell costs a lookup instead of building and hashing its style XML.
    const styles: Partial<ExcelJS.Style>[] = all.map((c) => {
      const numFmt = c.name === 'lon' || c.name === 'lat' ? '0.000000' : NUM_FMT[c.type ?? 'string'];
      return numFmt ? { numFmt } : {};
    });
    ws.columns = all.map((c, i) => ({ key: c.name, width: columnWidth(c, opts.header), style: styles[i] }));
    const header = ws.addRow(all.map((c) => inlineText(headerLabel(c, opts.header))));
    // A whole new style, not the column's plus a font: a header cell that kept its column's date or
    // number format is read as a date by GDAL (and LibreOffice), which then misses the header row.
    header.eachCell((cell) => {
      cell.style = { font: HEADER_FONT, fill: HEADER_FILL, alignment: { vertical: 'middle', horizontal: 'center', wrapText: true }, border: THIN_BORDER };
    });
    header.commit();
    ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: Math.max(all.length, 1) } };
    for await (const r of records) {
      if (result.count + 1 >= EXCEL_MAX_ROWS) {
        throw new ExportError(`more than ${EXCEL_MAX_ROWS - 1} records do not fit in one Excel sheet: filter the export or use CSV/GeoJSON`);
      }
      const values: ExcelJS.CellValue[] = columns.map((c) => dataText(xlsxValue(c, r.properties[c.name], opts)));
      for (const g of geometryCells(r.geometry, mode, result.count + 1)) values.push(typeof g === 'string' ? excelText(g) : g);
      const row = ws.addRow(values);
      for (let i = 0; i < styles.length; i++) row.getCell(i + 1).style = styles[i]!;
      row.commit();
      result.count++;
      await x.throttle(result.count, ws);
    }
    ws.commit();
    await x.finish();
    return result;
  } catch (err) {
    return x.fail(err);
  }
}

// ---------------------------------------------------------------------------------------------
// KML

const KML_TYPES: Partial<Record<string, string>> = { integer: 'int', number: 'double', boolean: 'bool' };

function kmlCoords(ps: number[][]): string {
  return ps.map((p) => p.map(round6).join(',')).join(' ');
}

function kmlPolygon(rings: number[][][]): string {
  const [outer, ...inner] = rings;
  return (
    '<Polygon>' +
    `<outerBoundaryIs><LinearRing><coordinates>${kmlCoords(outer ?? [])}</coordinates></LinearRing></outerBoundaryIs>` +
    inner.map((r) => `<innerBoundaryIs><LinearRing><coordinates>${kmlCoords(r)}</coordinates></LinearRing></innerBoundaryIs>`).join('') +
    '</Polygon>'
  );
}

/** KML geometry markup of a GeoJSON geometry (multi-geometries as MultiGeometry). */
export function kmlGeometry(g: GeoJsonGeometry): string {
  const c = g.coordinates as never;
  switch (g.type) {
    case 'Point':
      return `<Point><coordinates>${(c as number[]).map(round6).join(',')}</coordinates></Point>`;
    case 'LineString':
      return `<LineString><tessellate>1</tessellate><coordinates>${kmlCoords(c)}</coordinates></LineString>`;
    case 'Polygon':
      return kmlPolygon(c);
    case 'MultiPoint':
      return `<MultiGeometry>${(c as number[][]).map((p) => kmlGeometry({ type: 'Point', coordinates: p })).join('')}</MultiGeometry>`;
    case 'MultiLineString':
      return `<MultiGeometry>${(c as number[][][]).map((l) => kmlGeometry({ type: 'LineString', coordinates: l })).join('')}</MultiGeometry>`;
    case 'MultiPolygon':
      return `<MultiGeometry>${(c as number[][][][]).map(kmlPolygon).join('')}</MultiGeometry>`;
    case 'GeometryCollection':
      return `<MultiGeometry>${((g as unknown as { geometries: GeoJsonGeometry[] }).geometries ?? []).map(kmlGeometry).join('')}</MultiGeometry>`;
    default:
      throw new ExportError(`cannot write a ${g.type} geometry as KML`);
  }
}

/** An XML id (NCName) derived from a name. */
function xmlId(s: string): string {
  const id = s.replace(/[^A-Za-z0-9_.-]/g, '_');
  return /^[A-Za-z_]/.test(id) ? id : `_${id}`;
}

async function* kmlChunks(records: Records, columns: ExportColumn[], opts: WriterOptions, result: WriteResult): AsyncGenerator<string> {
  const name = opts.name ?? 'export';
  const schemaId = xmlId(name);
  const titleName = opts.titleColumn ?? columns.find((c) => (c.type ?? 'string') === 'string')?.name;
  const titleCol = titleName === undefined ? undefined : columns.find((c) => c.name === titleName) ?? { name: titleName, labelTh: titleName, labelEn: titleName };
  let buf =
    '<?xml version="1.0" encoding="UTF-8"?>\n<kml xmlns="http://www.opengis.net/kml/2.2">\n<Document>\n' +
    `<name>${escapeXml(name)}</name>\n` +
    `<Schema name="${escapeXml(name)}" id="${schemaId}">\n` +
    columns
      .map((c) => `<SimpleField name="${escapeXml(c.name)}" type="${KML_TYPES[c.type ?? 'string'] ?? 'string'}"><displayName>${escapeXml(headerLabel(c, opts.header))}</displayName></SimpleField>\n`)
      .join('') +
    '</Schema>\n';
  for await (const r of records) {
    result.count++;
    const p = r.properties;
    const id = featureId(p);
    const label = titleCol ? textValue(titleCol, p[titleCol.name], opts) : '';
    buf += `<Placemark${id === undefined ? '' : ` id="${escapeXml(`${schemaId}.${id}`)}"`}>`;
    buf += `<name>${escapeXml(label || `${name} ${id ?? result.count}`)}</name>`;
    buf += `<ExtendedData><SchemaData schemaUrl="#${schemaId}">`;
    for (const c of columns) {
      const v = p[c.name];
      if (v === null || v === undefined) continue;
      buf += `<SimpleData name="${escapeXml(c.name)}">${escapeXml(textValue(c, v, opts))}</SimpleData>`;
    }
    buf += '</SchemaData></ExtendedData>';
    if (r.geometry) buf += kmlGeometry(r.geometry);
    buf += '</Placemark>\n';
    if (buf.length >= CHUNK_CHARS) {
      yield buf;
      buf = '';
    }
  }
  yield `${buf}</Document>\n</kml>\n`;
}

/**
 * KML 2.2: a Document (named), a Schema whose SimpleFields carry the Thai labels as displayName,
 * and one Placemark per record with its name (`titleColumn`), the properties as SchemaData and a
 * Point / LineString / Polygon (MultiGeometry for multi-parts). Text is XML-escaped.
 */
export async function writeKML(records: Records, columns: ExportColumn[], out: Writable, opts: WriterOptions = {}): Promise<WriteResult> {
  const result: WriteResult = { count: 0 };
  await pipeText(kmlChunks(records, columns, opts, result), out, opts);
  return result;
}

// ---------------------------------------------------------------------------------------------

export const WRITERS: Record<StreamFormat, (records: Records, columns: ExportColumn[], out: Writable, opts?: WriterOptions) => Promise<WriteResult>> = {
  geojson: writeGeoJSON,
  csv: writeCSV,
  xlsx: writeXLSX,
  kml: writeKML,
};

/** The writer of a format (gpkg is not a stream format: see gpkg.ts). */
export function writeRecords(format: StreamFormat, records: Records, columns: ExportColumn[], out: Writable, opts: WriterOptions = {}): Promise<WriteResult> {
  const w = WRITERS[format];
  if (!w) throw new ExportError(`unknown export format "${format}" (geojson, csv, xlsx, kml)`);
  return w(records, columns, out, opts);
}
