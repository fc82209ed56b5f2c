/**
 * GeoJSON reader: a FeatureCollection or a single Feature (RFC 7946, WGS84 longitude/latitude).
 *
 * - Fields are the feature properties: strings (trimmed, empty -> null), numbers and booleans as they
 *   are, nested objects and arrays as JSON text. A feature's top-level "id" becomes the field "id"
 *   (or "feature id" when the properties already have an "id"), so stable ids survive a round trip.
 * - Headers are the property names in the order first seen; every row has every header (null when the
 *   feature lacks it).
 * - Geometry is kept as it is (null allowed). Row = 1-based position of the feature in the file.
 * - A legacy "crs" member is accepted only when it names WGS84 (CRS84, EPSG:4326); anything else, e.g.
 *   UTM 47N (EPSG:32647), is rejected: this reader does not reproject.
 */
import { ReadError, type CellValue, type GeoJsonGeometry, type SourceRow, type SourceTable } from '../types.js';
import { completeRows, decodeText, jsonCell } from './common.js';

export interface GeoJsonOptions {
  filename: string;
}

const WGS84_NAMES = [
  /^urn:ogc:def:crs:ogc:(1\.3|):crs84$/,
  /^urn:ogc:def:crs:ogc::crs84$/,
  /^urn:ogc:def:crs:epsg:[\d.]*:4326$/,
  /^epsg:4326$/,
  /^crs84$/,
  /^wgs ?84$/,
  /^http:\/\/www\.opengis\.net\/def\/crs\/(ogc\/1\.3\/crs84|epsg\/0\/4326)$/,
];

function checkCrs(crs: unknown, filename: string): void {
  if (crs === undefined || crs === null) return;
  const c = crs as { type?: unknown; properties?: { name?: unknown; href?: unknown } };
  const name = c.type === 'name' && typeof c.properties?.name === 'string' ? c.properties.name : undefined;
  if (name !== undefined && WGS84_NAMES.some((re) => re.test(name.trim().toLowerCase()))) return;
  const shown = name ?? JSON.stringify(crs);
  const epsg = /epsg[^\d]*(\d+)$/i.exec(name ?? '')?.[1];
  const hint =
    epsg === '32647' || epsg === '32648'
      ? ` (UTM zone ${epsg.slice(3)}N)`
      : epsg === '24047' || epsg === '24048'
        ? ` (Indian 1975 / UTM zone ${epsg.slice(3)}N)`
        : '';
  throw new ReadError(
    `${filename}: the coordinates are in ${shown}${hint}, not WGS84 longitude/latitude; ` +
      `export the layer again as EPSG:4326 (QGIS: Export > Save Features As, CRS EPSG:4326; or ` +
      `ogr2ogr -t_srs EPSG:4326 out.geojson in.geojson)`,
  );
}

function isGeometry(g: unknown): g is GeoJsonGeometry {
  return typeof g === 'object' && g !== null && typeof (g as { type?: unknown }).type === 'string';
}

const GEOMETRY_TYPES = new Set(['Point', 'MultiPoint', 'LineString', 'MultiLineString', 'Polygon', 'MultiPolygon', 'GeometryCollection']);

/** Parses GeoJSON text that is already known to be JSON. */
export function readGeoJsonValue(doc: unknown, filename: string): SourceTable {
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) {
    throw new ReadError(`${filename}: JSON but not GeoJSON: expected an object with "type": "FeatureCollection" or "Feature"`);
  }
  const d = doc as { type?: unknown; features?: unknown; crs?: unknown };
  let features: unknown[];
  if (d.type === 'FeatureCollection') {
    if (!Array.isArray(d.features)) {
      throw new ReadError(`${filename}: FeatureCollection without a "features" array`);
    }
    features = d.features;
  } else if (d.type === 'Feature') {
    features = [d];
  } else if (typeof d.type === 'string' && GEOMETRY_TYPES.has(d.type)) {
    throw new ReadError(
      `${filename}: a bare ${d.type} geometry has no attributes to import; save it as a Feature or FeatureCollection`,
    );
  } else {
    const what = d.type === undefined ? 'it has no "type" member' : `"type" is ${JSON.stringify(d.type)}`;
    throw new ReadError(`${filename}: JSON but not GeoJSON (${what}); expected a FeatureCollection or a Feature`);
  }
  checkCrs(d.crs, filename);

  const headers: string[] = [];
  const seen = new Set<string>();
  const add = (k: string): void => {
    if (!seen.has(k)) {
      seen.add(k);
      headers.push(k);
    }
  };
  const rows: SourceRow[] = [];
  features.forEach((f, i) => {
    const n = i + 1;
    if (typeof f !== 'object' || f === null || (f as { type?: unknown }).type !== 'Feature') {
      throw new ReadError(`${filename}: feature ${n} is not a GeoJSON Feature`);
    }
    const feat = f as { id?: unknown; properties?: unknown; geometry?: unknown };
    if (feat.geometry !== null && feat.geometry !== undefined && !isGeometry(feat.geometry)) {
      throw new ReadError(`${filename}: feature ${n} has an invalid "geometry" member (expected an object with a "type", or null)`);
    }
    const props = feat.properties;
    if (props !== null && props !== undefined && (typeof props !== 'object' || Array.isArray(props))) {
      throw new ReadError(`${filename}: feature ${n} has "properties" that are not an object`);
    }
    const fields: Record<string, CellValue> = {};
    for (const [k, v] of Object.entries((props ?? {}) as Record<string, unknown>)) {
      add(k);
      fields[k] = jsonCell(v);
    }
    if (feat.id !== undefined && feat.id !== null) {
      const key = 'id' in fields ? 'feature id' : 'id';
      add(key);
      fields[key] = jsonCell(feat.id);
    }
    rows.push({ row: n, fields, geometry: (feat.geometry ?? null) as GeoJsonGeometry | null });
  });
  completeRows(headers, rows);
  return { headers, rows, description: d.type === 'Feature' ? 'geojson feature' : 'geojson' };
}

export function readGeoJson(input: Buffer, opts: GeoJsonOptions): SourceTable {
  const { filename } = opts;
  const { text } = decodeText(input, filename);
  if (text.trim() === '') throw new ReadError(`${filename}: the file is empty`);
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    throw new ReadError(`${filename}: not valid JSON (${(e as Error).message})`);
  }
  return readGeoJsonValue(doc, filename);
}
