/**
 * Positions as people type or paste them into the camera form. The syntax (Google Maps' "lat, lon",
 * links, WKT, degrees-minutes-seconds, Thai digits) is read by the importer's own parser, so the form
 * and the importer accept the same text; this module only judges the result against Thailand and
 * answers codes the form can word in Thai or English.
 */
import { parseCoordinatePair, parseOrdinate, THAILAND_BOUNDS } from '../../../../api/src/io/normalise/coordinates.js';

export interface LatLon {
  lat: number;
  lon: number;
}

export type PositionProblem =
  /** Not a pair of numbers at all. */
  | 'not_pair'
  /** 0, 0: an empty GPS fix. */
  | 'zero'
  /** Metres (UTM) rather than degrees. */
  | 'projected'
  /** Latitude beyond ±90 or longitude beyond ±180. */
  | 'not_wgs84'
  /** A real position, but not in Thailand. */
  | 'outside';

export type PositionResult =
  | { ok: true; lat: number; lon: number; /** The text gave longitude first; read the other way round. */ swapped: boolean }
  | { ok: false; problem: PositionProblem; /** A position in Thailand the text probably meant (a lost minus sign). */ suggestion?: LatLon };

/** Thailand, as the API checks it by default (lon 97.3–105.7, lat 5.6–20.5). */
export const BOUNDS = THAILAND_BOUNDS;

const inThailand = (lat: number, lon: number) => lon >= BOUNDS.minLon && lon <= BOUNDS.maxLon && lat >= BOUNDS.minLat && lat <= BOUNDS.maxLat;

// Every position is "inside" these: the syntax parser then never judges the place, only the text.
const ANYWHERE = { minLon: -Infinity, minLat: -Infinity, maxLon: Infinity, maxLat: Infinity };

/**
 * Judges a latitude/longitude pair for Thailand: fine, fine once swapped (lat/lon are often
 * swapped), or which problem it has.
 */
export function checkPosition(lat: number, lon: number): PositionResult {
  if (inThailand(lat, lon)) return { ok: true, lat, lon, swapped: false };
  if (inThailand(lon, lat)) return { ok: true, lat: lon, lon: lat, swapped: true };
  if (lat === 0 && lon === 0) return { ok: false, problem: 'zero' };
  if (Math.abs(lat) > 1000 || Math.abs(lon) > 1000) return { ok: false, problem: 'projected' };
  if (Math.abs(lat) > 90 || Math.abs(lon) > 180) return { ok: false, problem: 'not_wgs84' };
  for (const [y, x] of [[lat, -lon], [-lat, lon], [-lat, -lon], [lon, -lat], [-lon, lat]] as const) {
    if (inThailand(y, x)) return { ok: false, problem: 'outside', suggestion: { lat: y, lon: x } };
  }
  return { ok: false, problem: 'outside' };
}

/**
 * A pasted position: "14.5896, 100.4550" as Google Maps copies it (latitude first), Thai digits,
 * extra spaces, a Google Maps link, "POINT (lon lat)", 14°35'22.6"N 100°27'18.0"E. Null for empty
 * text. Without hemisphere letters the order is latitude, longitude; when the numbers only make
 * sense for Thailand the other way round, they are swapped and `swapped` says so.
 */
export function parsePastedPosition(text: string): PositionResult | null {
  if (text.trim() === '') return null;
  const r = parseCoordinatePair(text, { bounds: ANYWHERE });
  if (!r.ok || !r.value) return { ok: false, problem: 'not_pair' };
  return checkPosition(r.value.lat, r.value.lon);
}

export type DegreesResult = { ok: true; value: number | null } | { ok: false; problem: 'not_number' | 'wrong_axis' };

/**
 * One latitude or longitude box: decimal degrees ("14.5896", Thai digits, a decimal comma) or
 * degrees-minutes-seconds; a hemisphere letter for the other axis (a longitude's E typed into the
 * latitude box) is refused. Empty text is `value: null`.
 */
export function parseDegrees(text: string, axis: 'lat' | 'lon'): DegreesResult {
  const r = parseOrdinate(text);
  if (!r.ok) return { ok: false, problem: 'not_number' };
  if (!r.value) return { ok: true, value: null };
  if (r.value.axis && r.value.axis !== axis) return { ok: false, problem: 'wrong_axis' };
  return { ok: true, value: r.value.value };
}

/** Degrees as the form writes them back: at most 6 decimals (~0.1 m), no trailing zeros. */
export function formatDegrees(v: number): string {
  return String(Math.round(v * 1e6) / 1e6);
}
