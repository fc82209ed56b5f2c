/**
 * Coordinates as officials paste them: one cell "13.71197, 100.42091" (lat, lon: Google Maps
 * order), a Google Maps link, "POINT (100.42 13.71)" (WKT: lon lat), DMS such as
 * 13°42'43.1"N 100°25'15.3"E, or separate latitude/longitude cells. Thai digits are fine.
 * Positions are checked against the accepted area (Thailand by default): a pair that fits only
 * when swapped is reported with the swap as the suggestion (or swapped, with fixSwapped).
 */
import type { Bounds } from '../../domain/geometry.js';
import type { CellValue } from '../types.js';
import { fail, ok, show, type Parsed } from './result.js';
import { cleanText, isEmptyCell } from './thai.js';

export const THAILAND_BOUNDS: Bounds = { minLon: 97.3, minLat: 5.6, maxLon: 105.7, maxLat: 20.5 };

export interface LonLat {
  lon: number;
  lat: number;
}

export interface CoordinateOptions {
  bounds?: Bounds;
  /** Swap a pair that only fits the bounds when swapped (with a note) instead of reporting it. */
  fixSwapped?: boolean;
}

type Axis = 'lat' | 'lon';
interface Ordinate {
  value: number;
  /** From a hemisphere letter: N/S say latitude, E/W longitude. */
  axis?: Axis;
}

// 7 decimals is about 1 cm: enough, and it hides float noise from DMS arithmetic and Excel.
const round7 = (x: number) => Math.round(x * 1e7) / 1e7;

/**
 * One ordinate: a number, "13.71197", "13,71197" (decimal comma, when not a thousands group),
 * "-13.7", "13.7N", "N 13.7", "13°42'43.1\"N", "13 42 43.1 N", "100°25.255'E". A hemisphere letter
 * sets the sign (S, W negative) and is returned as `axis`; the caller decides what to do with it.
 */
export function parseOrdinate(v: CellValue | undefined): Parsed<Ordinate> {
  if (isEmptyCell(v)) return ok(null);
  if (typeof v === 'number') return Number.isFinite(v) ? ok({ value: round7(v) }) : fail(`${show(v)} is not a coordinate`);
  if (typeof v !== 'string') return fail(`expected a coordinate in degrees, got ${show(v)}`);
  let s = cleanText(v).toUpperCase().replace(/^(-?\d{1,3}),(\d{4,})$/, '$1.$2');
  let hemi: string | undefined;
  const h = /^([NSEW])\s*|\s*([NSEW])$/.exec(s);
  if (h) {
    hemi = h[1] ?? h[2];
    s = s.slice(0, h.index) + s.slice(h.index + h[0].length);
  }
  const numbers = s.match(/\d+(?:\.\d+)?/g) ?? [];
  const rest = s.replace(/\d+(?:\.\d+)?/g, '').replace(/[°º'′’"″”:\s]/g, '');
  if (numbers.length < 1 || numbers.length > 3 || (rest !== '' && rest !== '-') || (rest === '-' && !s.trim().startsWith('-'))) {
    return fail(`${show(v)} is not a coordinate in degrees`, 'decimal degrees such as 13.71197');
  }
  const [d, m = '0', sec = '0'] = numbers as [string, string?, string?];
  if (Number(m) >= 60 || Number(sec) >= 60) return fail(`${show(v)}: minutes and seconds must be below 60`);
  let value = Number(d) + Number(m) / 60 + Number(sec) / 3600;
  if (rest === '-' || hemi === 'S' || hemi === 'W') value = -value;
  const out: Ordinate = { value: round7(value) };
  if (hemi) out.axis = hemi === 'N' || hemi === 'S' ? 'lat' : 'lon';
  return ok(out);
}

/** Check a position against the bounds; see the module comment for swapped pairs. */
export function checkLonLat(p: LonLat, opts: CoordinateOptions = {}): Parsed<LonLat> {
  const b = opts.bounds ?? THAILAND_BOUNDS;
  const inside = (lon: number, lat: number) => lon >= b.minLon && lon <= b.maxLon && lat >= b.minLat && lat <= b.maxLat;
  const { lon, lat } = p;
  if (inside(lon, lat)) return ok(p);
  const area = `lon ${b.minLon}–${b.maxLon}, lat ${b.minLat}–${b.maxLat}`;
  if (inside(lat, lon)) {
    if (opts.fixSwapped) return ok({ lon: lat, lat: lon }, `latitude ${lat} and longitude ${lon} were swapped: read as lat ${lon}, lon ${lat}`);
    return fail(`latitude ${lat} and longitude ${lon} look swapped (accepted area ${area})`, `lat ${lon}, lon ${lat}`);
  }
  if (lon === 0 && lat === 0) return fail('position 0, 0 is not a real position (empty coordinates?)');
  if (Math.abs(lon) > 1000 || Math.abs(lat) > 1000) {
    return fail(`lat ${lat}, lon ${lon} look like projected coordinates in metres (UTM?), not degrees`, 'export WGS84 latitude/longitude in degrees (EPSG:4326)');
  }
  if (Math.abs(lat) > 90 || Math.abs(lon) > 180) return fail(`lat ${lat}, lon ${lon} is not a WGS84 position (latitude -90–90, longitude -180–180)`);
  // A lost or stray minus sign is the other common slip.
  for (const [x, y] of [[-lon, lat], [lon, -lat], [-lon, -lat], [-lat, lon], [lat, -lon]] as const) {
    if (inside(x, y)) return fail(`lat ${lat}, lon ${lon} is outside the accepted area (${area})`, `lat ${y}, lon ${x}`);
  }
  return fail(`lat ${lat}, lon ${lon} is outside the accepted area (${area})`);
}

/** Separate latitude and longitude cells. Both empty: null; one empty: an error. */
export function parseLatLon(latCell: CellValue | undefined, lonCell: CellValue | undefined, opts: CoordinateOptions = {}): Parsed<LonLat> {
  const lat = parseOrdinate(latCell);
  const lon = parseOrdinate(lonCell);
  if (!lat.ok) return fail(`latitude: ${lat.message}`, lat.suggestion);
  if (!lon.ok) return fail(`longitude: ${lon.message}`, lon.suggestion);
  if (!lat.value && !lon.value) return ok(null);
  if (!lon.value) return fail('latitude given but longitude missing');
  if (!lat.value) return fail('longitude given but latitude missing');
  return checkLonLat({ lon: lon.value.value, lat: lat.value.value }, opts);
}

/**
 * One cell holding both: "13.71197, 100.42091", "13.71197 100.42091", "(13.7, 100.4)",
 * "13°42'43.1\"N 100°25'15.3\"E", "POINT (100.42091 13.71197)", a Google Maps link with @lat,lon
 * or q=lat,lon. Without hemisphere letters the order is `order` (default lat, lon as Google Maps
 * gives it; a header such as "ลองจิจูด/ละติจูด" says lon, lat); WKT is always lon lat.
 */
export function parseCoordinatePair(v: CellValue | undefined, opts: CoordinateOptions & { order?: 'latlon' | 'lonlat' } = {}): Parsed<LonLat> {
  if (isEmptyCell(v)) return ok(null);
  if (typeof v !== 'string') return fail(`${show(v)} is not a "latitude, longitude" pair`, 'e.g. 13.71197, 100.42091');
  const s = cleanText(v);
  const url = /@(-?\d+\.\d+),\s*(-?\d+\.\d+)/.exec(s) ?? /[?&](?:q|query|ll|destination)=(-?\d+\.\d+)(?:,|%2C)\s*(-?\d+\.\d+)/i.exec(s);
  if (url) return checkLonLat({ lat: Number(url[1]), lon: Number(url[2]) }, opts);
  const wkt = /^POINT\s*(?:Z\s*|M\s*|ZM\s*)?\(\s*(-?[\d.]+)\s+(-?[\d.]+)(?:\s+-?[\d.]+){0,2}\s*\)$/i.exec(s);
  if (wkt) return checkLonLat({ lon: Number(wkt[1]), lat: Number(wkt[2]) }, opts);

  const inner = s.replace(/^[([{]\s*|\s*[)\]}]$/g, '');
  const hemis = /^(.*?[NSEW])\s*[,;]?\s*(.*[NSEW])$/i.exec(inner);
  let parts: string[];
  if (hemis && /\d/.test(hemis[1]!) && /\d/.test(hemis[2]!)) parts = [hemis[1]!, hemis[2]!];
  else if (/[,;]/.test(inner)) parts = inner.split(/\s*[,;]\s*/);
  else parts = inner.split(/\s+/);
  if (parts.length !== 2) return fail(`${show(v)} is not a "latitude, longitude" pair`, 'e.g. 13.71197, 100.42091');
  const a = parseOrdinate(parts[0]);
  const b = parseOrdinate(parts[1]);
  if (!a.ok || !b.ok || !a.value || !b.value) return fail(`${show(v)} is not a "latitude, longitude" pair`, 'e.g. 13.71197, 100.42091');
  const lonFirst = a.value.axis === 'lon' || b.value.axis === 'lat' || (a.value.axis === undefined && b.value.axis === undefined && opts.order === 'lonlat');
  const [lat, lon] = lonFirst ? [b.value.value, a.value.value] : [a.value.value, b.value.value];
  return checkLonLat({ lon, lat }, opts);
}
