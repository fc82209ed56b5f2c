/**
 * Metres on the WGS84 ellipsoid without a projection library.
 *
 * Every camera view is at most 2 km across, so the engine works in a local tangent plane around
 * each camera (x east, y north, metres), scaled by the ellipsoid's radii of curvature at the
 * camera's latitude: the meridian radius M for north–south and the prime-vertical radius N·cos φ
 * for east–west. Within 2 km of the centre the scale error is below 0.01 % at Thai latitudes
 * (it grows with the square of the distance), far under the 1 % the analysis promises.
 * The map from lon/lat to the plane is affine, so a straight segment in lon/lat stays straight and
 * its parameter t is the same in every frame — the engine relies on that to intersect one route
 * segment with many cameras' views. Lengths of route segments use the frame of the segment's
 * midpoint (error below 1e-6 for a 10 km segment); PostGIS geography lengths agree to < 0.01 %.
 *
 * Pure TypeScript: no I/O and no node-only imports (the browser runs the same code).
 */

/** WGS84 semi-major axis (m) and first eccentricity squared. */
const A = 6378137;
const F = 1 / 298.257223563;
const E2 = F * (2 - F);
const RAD = Math.PI / 180;

export type LonLat = readonly [number, number];

/** Metres per degree of longitude and of latitude at a latitude (degrees). */
export function metresPerDegree(lat: number): { lon: number; lat: number } {
  const s = Math.sin(lat * RAD);
  const w = Math.sqrt(1 - E2 * s * s);
  const n = A / w; // prime vertical radius of curvature
  const m = (A * (1 - E2)) / (w * w * w); // meridian radius of curvature
  return { lon: n * Math.cos(lat * RAD) * RAD, lat: m * RAD };
}

/** A local tangent plane: lon/lat <-> metres east/north of an origin. */
export class LocalFrame {
  readonly kx: number;
  readonly ky: number;
  constructor(
    readonly lon0: number,
    readonly lat0: number,
  ) {
    const k = metresPerDegree(lat0);
    this.kx = k.lon;
    this.ky = k.lat;
  }
  x(lon: number): number {
    return (lon - this.lon0) * this.kx;
  }
  y(lat: number): number {
    return (lat - this.lat0) * this.ky;
  }
  toLonLat(x: number, y: number): [number, number] {
    return [this.lon0 + x / this.kx, this.lat0 + y / this.ky];
  }
  /** Degrees of longitude and latitude that span `m` metres here (for bounding boxes). */
  degrees(m: number): { lon: number; lat: number } {
    return { lon: m / this.kx, lat: m / this.ky };
  }
}

/** Length in metres of the straight lon/lat segment a→b. */
export function segmentLength(a: LonLat, b: LonLat): number {
  const k = metresPerDegree((a[1] + b[1]) / 2);
  return Math.hypot((b[0] - a[0]) * k.lon, (b[1] - a[1]) * k.lat);
}

/** Length in metres of a line. */
export function lineLength(coords: readonly LonLat[]): number {
  let s = 0;
  for (let i = 1; i < coords.length; i++) s += segmentLength(coords[i - 1]!, coords[i]!);
  return s;
}

/** The point a given distance (m) along the straight segment a→b at parameter t ∈ [0, 1]. */
export function lerp(a: LonLat, b: LonLat, t: number): [number, number] {
  return [a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t];
}

/**
 * Geodesic area (m²) of a polygon given as lon/lat rings (first outer, the rest holes), for
 * per-km² densities. Uses the authalic-sphere formula of Chamberlain & Duquette (NASA JPL 2007)
 * with the WGS84 authalic radius; accurate to ~0.1 % for province-sized areas.
 */
export function ringArea(ring: readonly LonLat[]): number {
  const R = 6371007.181; // authalic radius
  let s = 0;
  for (let i = 0; i < ring.length - 1; i++) {
    const [x1, y1] = ring[i]!;
    const [x2, y2] = ring[i + 1]!;
    s += (x2 - x1) * RAD * (2 + Math.sin(y1 * RAD) + Math.sin(y2 * RAD));
  }
  return Math.abs((s * R * R) / 2);
}

export function polygonArea(rings: readonly (readonly LonLat[])[]): number {
  if (!rings.length) return 0;
  let a = ringArea(rings[0]!);
  for (let i = 1; i < rings.length; i++) a -= ringArea(rings[i]!);
  return Math.max(0, a);
}
