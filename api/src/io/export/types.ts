/**
 * The shapes the exporters pass around: a stream of records (properties + GeoJSON geometry) and the
 * ordered column metadata that says how to label and type each property.
 */
import type { GeoJsonGeometry } from '../types.js';

export type { GeoJsonGeometry };

/** One exported record: its properties (keyed by field name = DB column) and its geometry. */
export interface ExportRecord {
  properties: Record<string, unknown>;
  geometry: GeoJsonGeometry | null;
}

/**
 * How a column's values are written: numbers stay numbers, 'date' is a calendar date
 * ('YYYY-MM-DD' or a Date), 'datetime' an instant (Date or ISO string), 'string[]' a list.
 */
export type ColumnType = 'string' | 'integer' | 'number' | 'boolean' | 'date' | 'datetime' | 'string[]';

/** One output column, in output order. */
export interface ExportColumn {
  /** Field name: the property key (GeoJSON/KML) and the DB column or alias. */
  name: string;
  /** Thai header (what official spreadsheets use). */
  labelTh: string;
  labelEn: string;
  /** Default 'string'. */
  type?: ColumnType;
  /** Labels of an enumeration's values (from domain/enums.ts), for `values: 'th' | 'en'`. */
  labels?: Record<string, { th: string; en: string }>;
}

export type ExportFormat = 'geojson' | 'csv' | 'xlsx' | 'kml' | 'gpkg';
export const EXPORT_FORMATS: readonly ExportFormat[] = ['geojson', 'csv', 'xlsx', 'kml', 'gpkg'];
/** Formats the in-process writers produce; gpkg goes through ogr2ogr (see gpkg.ts). */
export type StreamFormat = Exclude<ExportFormat, 'gpkg'>;
export const STREAM_FORMATS: readonly StreamFormat[] = ['geojson', 'csv', 'xlsx', 'kml'];

export const FORMAT_INFO: Record<ExportFormat, { contentType: string; extension: string }> = {
  geojson: { contentType: 'application/geo+json', extension: 'geojson' },
  csv: { contentType: 'text/csv; charset=utf-8', extension: 'csv' },
  xlsx: { contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', extension: 'xlsx' },
  kml: { contentType: 'application/vnd.google-earth.kml+xml', extension: 'kml' },
  gpkg: { contentType: 'application/geopackage+sqlite3', extension: 'gpkg' },
};

export interface WriterOptions {
  /** Header row of CSV/XLSX: Thai labels (default), English labels or field names. */
  header?: 'th' | 'en' | 'name';
  /** Enumeration values as stored codes (default, re-importable), or their Thai / English labels. */
  values?: 'code' | 'th' | 'en';
  /**
   * CSV/XLSX geometry columns: 'lonlat' (default) adds longitude and latitude columns and accepts
   * only Points; 'wkt' adds one WKT column (lines, polygons); 'none' leaves geometry out.
   */
  geometry?: 'lonlat' | 'wkt' | 'none';
  /** Layer / document / sheet name (GeoJSON "name" member, KML Document name, XLSX sheet name). */
  name?: string;
  /** KML: the property shown as the Placemark name (default: the first string column). */
  titleColumn?: string;
  /** Offset of the local time written for date-times (default +07:00, Asia/Bangkok, no DST). */
  timeZoneOffsetMinutes?: number;
  /** End the writable when done (default true). */
  end?: boolean;
}

export interface WriteResult {
  /** Records written. */
  count: number;
}

export class ExportError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ExportError';
  }
}
