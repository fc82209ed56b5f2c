/**
 * Value formatting shared by the writers: local date-times, enumeration labels, coordinate
 * rounding, WKT and XML escaping. Pure functions, no I/O.
 */
import type { ExportColumn, GeoJsonGeometry, WriterOptions } from './types.js';
import { ExportError } from './types.js';

/** Asia/Bangkok: UTC+7 all year (no daylight saving time). */
export const BANGKOK_OFFSET_MINUTES = 420;

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

function offsetSuffix(offsetMin: number): string {
  if (offsetMin === 0) return 'Z';
  const sign = offsetMin < 0 ? '-' : '+';
  const a = Math.abs(offsetMin);
  return `${sign}${pad(Math.floor(a / 60))}:${pad(a % 60)}`;
}

/** A Date shifted so that its UTC fields read as the wall clock at the offset. */
export function wallClock(d: Date, offsetMin = BANGKOK_OFFSET_MINUTES): Date {
  return new Date(d.getTime() + offsetMin * 60_000);
}

/** ISO 8601 with the local offset: 2019-03-01T09:00:00+07:00 (what the importers accept back). */
export function isoDateTime(d: Date, offsetMin = BANGKOK_OFFSET_MINUTES): string {
  const w = wallClock(d, offsetMin);
  const ms = w.getUTCMilliseconds();
  return (
    `${pad(w.getUTCFullYear(), 4)}-${pad(w.getUTCMonth() + 1)}-${pad(w.getUTCDate())}` +
    `T${pad(w.getUTCHours())}:${pad(w.getUTCMinutes())}:${pad(w.getUTCSeconds())}` +
    (ms ? `.${pad(ms, 3)}` : '') +
    offsetSuffix(offsetMin)
  );
}

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A calendar date as 'YYYY-MM-DD' ('date' columns arrive as that string from pg, or as a Date). */
export function isoDate(v: unknown, offsetMin = BANGKOK_OFFSET_MINUTES): string | null {
  if (v === null || v === undefined || v === '') return null;
  if (typeof v === 'string' && DATE_RE.test(v.slice(0, 10))) return v.slice(0, 10);
  const d = v instanceof Date ? v : new Date(String(v));
  if (Number.isNaN(d.getTime())) return String(v);
  const w = wallClock(d, offsetMin);
  return `${pad(w.getUTCFullYear(), 4)}-${pad(w.getUTCMonth() + 1)}-${pad(w.getUTCDate())}`;
}

/** An instant as a Date (pg gives Dates for timestamptz; GeoJSON input may give strings). */
export function asDate(v: unknown): Date | null {
  if (v === null || v === undefined || v === '') return null;
  const d = v instanceof Date ? v : new Date(String(v));
  return Number.isNaN(d.getTime()) ? null : d;
}

/** An enumeration value as code or label (unknown values pass through unchanged). */
export function enumText(col: ExportColumn, v: string, mode: WriterOptions['values'] = 'code'): string {
  if (mode === 'code' || !col.labels) return v;
  return col.labels[v]?.[mode] ?? v;
}

export function headerLabel(col: ExportColumn, mode: WriterOptions['header'] = 'th'): string {
  return mode === 'name' ? col.name : mode === 'en' ? col.labelEn : col.labelTh;
}

/** The separator of list values (purposes) in text formats. */
export const LIST_SEPARATOR = ', ';

/**
 * A property value for JSON (GeoJSON): numbers, booleans and lists stay typed; dates become
 * ISO strings with the local offset; enumerations follow `values`.
 */
export function jsonValue(col: ExportColumn, v: unknown, opts: WriterOptions = {}): unknown {
  if (v === null || v === undefined) return null;
  const tz = opts.timeZoneOffsetMinutes ?? BANGKOK_OFFSET_MINUTES;
  switch (col.type) {
    case 'date':
      return isoDate(v, tz);
    case 'datetime': {
      const d = asDate(v);
      return d ? isoDateTime(d, tz) : String(v);
    }
    case 'string[]':
      return Array.isArray(v) ? v.map((x) => (typeof x === 'string' ? enumText(col, x, opts.values) : x)) : v;
    default:
      if (v instanceof Date) return isoDateTime(v, tz);
      if (typeof v === 'string') return enumText(col, v, opts.values);
      if (typeof v === 'number' && !Number.isFinite(v)) return null;
      return v;
  }
}

/** A property value as text (CSV cells, KML SimpleData): '' for null. */
export function textValue(col: ExportColumn, v: unknown, opts: WriterOptions = {}): string {
  const j = jsonValue(col, v, opts);
  if (j === null || j === undefined) return '';
  if (Array.isArray(j)) return j.map((x) => (x === null || x === undefined ? '' : String(x))).join(LIST_SEPARATOR);
  if (typeof j === 'object') return JSON.stringify(j);
  return String(j);
}

/** 6 decimals (~0.1 m), as RFC 7946 recommends for precision that means something. */
export function round6(x: number): number {
  const r = Math.round(x * 1e6) / 1e6;
  return r === 0 ? 0 : r; // no "-0"
}

function roundCoords(c: unknown): unknown {
  if (typeof c === 'number') return round6(c);
  if (Array.isArray(c)) return c.map(roundCoords);
  return c;
}

/** The geometry with every coordinate rounded to 6 decimals (GeometryCollections too). */
export function roundGeometry(g: GeoJsonGeometry): GeoJsonGeometry {
  const gc = g as unknown as { type: string; geometries?: GeoJsonGeometry[] };
  if (gc.type === 'GeometryCollection') {
    return { type: 'GeometryCollection', geometries: (gc.geometries ?? []).map(roundGeometry) } as unknown as GeoJsonGeometry;
  }
  return { type: g.type, coordinates: roundCoords(g.coordinates) };
}

type Pos = number[];
const wktPos = (p: Pos) => p.map(round6).join(' ');
const wktList = (ps: Pos[]) => `(${ps.map(wktPos).join(', ')})`;
const wktPolygon = (rings: Pos[][]) => `(${rings.map(wktList).join(', ')})`;

/** Well-Known Text of a GeoJSON geometry (coordinates rounded to 6 decimals). */
export function toWkt(g: GeoJsonGeometry): string {
  const c = g.coordinates as never;
  switch (g.type) {
    case 'Point':
      return `POINT (${wktPos(c)})`;
    case 'LineString':
      return `LINESTRING ${wktList(c)}`;
    case 'Polygon':
      return `POLYGON ${wktPolygon(c)}`;
    case 'MultiPoint':
      return `MULTIPOINT (${(c as Pos[]).map((p) => `(${wktPos(p)})`).join(', ')})`;
    case 'MultiLineString':
      return `MULTILINESTRING (${(c as Pos[][]).map(wktList).join(', ')})`;
    case 'MultiPolygon':
      return `MULTIPOLYGON (${(c as Pos[][][]).map(wktPolygon).join(', ')})`;
    case 'GeometryCollection': {
      const parts = ((g as unknown as { geometries: GeoJsonGeometry[] }).geometries ?? []).map(toWkt);
      return `GEOMETRYCOLLECTION (${parts.join(', ')})`;
    }
    default:
      throw new ExportError(`cannot write a ${g.type} geometry as WKT`);
  }
}

// Characters XML 1.0 does not allow at all (control characters other than tab, LF, CR; lone
// surrogates; U+FFFE/U+FFFF). They occur in pasted spreadsheet text and would make the file unreadable.
// eslint-disable-next-line no-control-regex
const XML_INVALID = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

// eslint-disable-next-line no-control-regex
const XML_SPECIAL = /[&<>"'\u0000-\u0008\u000B\u000C\u000E-\u001F\uD800-\uDFFF\uFFFE\uFFFF]/;
const XML_ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

/** Text safe inside an XML element or attribute value. */
export function escapeXml(s: string): string {
  if (!XML_SPECIAL.test(s)) return s; // most values: nothing to do
  return s.replace(XML_INVALID, '').replace(/[&<>"']/g, (ch) => XML_ENTITIES[ch]!);
}

/** The extra columns that carry geometry in CSV/XLSX. */
export const LON_COLUMN: ExportColumn = { name: 'lon', labelTh: 'ลองจิจูด', labelEn: 'Longitude', type: 'number' };
export const LAT_COLUMN: ExportColumn = { name: 'lat', labelTh: 'ละติจูด', labelEn: 'Latitude', type: 'number' };
export const WKT_COLUMN: ExportColumn = { name: 'wkt', labelTh: 'รูปร่างเชิงพื้นที่ (WKT)', labelEn: 'Geometry (WKT)' };

export function geometryColumns(mode: WriterOptions['geometry'] = 'lonlat'): ExportColumn[] {
  return mode === 'lonlat' ? [LON_COLUMN, LAT_COLUMN] : mode === 'wkt' ? [WKT_COLUMN] : [];
}

/** The geometry cells of one record for `mode` (lon/lat numbers, or WKT). */
export function geometryCells(g: GeoJsonGeometry | null, mode: WriterOptions['geometry'] = 'lonlat', row?: number): (number | string | null)[] {
  if (mode === 'none') return [];
  if (mode === 'wkt') return [g ? toWkt(g) : null];
  if (!g) return [null, null];
  if (g.type !== 'Point') {
    throw new ExportError(`record ${row ?? ''} has a ${g.type} geometry: longitude/latitude columns only hold points (use geometry: 'wkt')`.replace('  ', ' '));
  }
  const [x, y] = g.coordinates as number[];
  return [round6(x!), round6(y!)];
}
