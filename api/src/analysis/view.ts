/**
 * What a camera watches: a sector (apex at the camera, a direction, a field of view and a range in
 * metres) or a full circle for dome and PTZ cameras and whenever the direction is unknown.
 *
 * Defaults (docs/analysis.md) when a camera does not say:
 * - field of view: fixed 90°; dome and PTZ 360° (they turn or see all round).
 * - range: the distance at which the camera still resolves 25 pixels per metre across its view —
 *   the "detection" density of IEC 62676-4 (DORI): range = H / (2 · 25 · tan(fov/2)), with H the
 *   horizontal pixels of its resolution and fov the lens angle (90° for circles). A 1080p fixed
 *   camera gets 38 m, 720p 26 m, 4K 77 m, analog D1 14 m; unknown resolution 30 m. PTZ cameras
 *   zoom: twice that. Clamped to 10–300 m.
 * - A camera's own fov_deg / range_m override the defaults; direction_deg (0 = north, clockwise)
 *   makes a sector unless the view is 360°.
 */
import { LocalFrame, type LonLat } from './geo.js';

export type CameraKind = 'fixed' | 'dome' | 'ptz';

export interface ViewInput {
  id: string | number;
  lon: number;
  lat: number;
  kind?: CameraKind | null;
  directionDeg?: number | null;
  fovDeg?: number | null;
  rangeM?: number | null;
  /** Recorded or maximum resolution as written ("1080p", "2MP", "1920x1080", "4K", "D1"). */
  resolution?: string | null;
}

export interface ViewParams {
  directionDeg: number | null;
  fovDeg: number;
  rangeM: number;
  /** true when the view is a full circle. */
  circle: boolean;
  /** Which values came from defaults (for the API to say so). */
  defaulted: ('fov' | 'range' | 'direction')[];
}

/** Detection density of IEC 62676-4 (pixels per metre across the scene). */
export const DETECTION_PPM = 25;
export const DEFAULT_RANGE_M = 30;
export const RANGE_LIMITS = { min: 10, max: 300 } as const;
export const DEFAULT_FOV: Record<CameraKind, number> = { fixed: 90, dome: 360, ptz: 360 };

const NAMED: [RegExp, number][] = [
  [/\b(8k|4320p)\b/, 7680],
  [/\b(4k|uhd|2160p)\b/, 3840],
  [/\b(1440p|qhd)\b/, 2560],
  [/\b(1080p|1080i|full ?hd|fhd)\b/, 1920],
  [/\b(960h)\b/, 960],
  [/\b(720p|hd)\b/, 1280],
  [/\b(d1|4cif)\b/, 704],
  [/\b(vga|480p)\b/, 640],
  [/\b(cif)\b/, 352],
];
/** Megapixels -> horizontal pixels for 16:9 sensors (4:3 for 0.3 MP analog). */
const MEGAPIXELS: [number, number][] = [[0.3, 640], [1, 1280], [1.3, 1280], [2, 1920], [3, 2304], [4, 2560], [5, 2592], [6, 3072], [8, 3840], [12, 4000]];

/** Horizontal pixels of a resolution as people write it, or undefined. */
export function horizontalPixels(resolution: string | null | undefined): number | undefined {
  if (!resolution) return undefined;
  const s = resolution.toLowerCase().replace(/[๐-๙]/g, (d) => String(d.charCodeAt(0) - 0x0e50));
  const wxh = /(\d{3,5})\s*[x×*]\s*(\d{3,5})/.exec(s);
  if (wxh) return Math.max(Number(wxh[1]), Number(wxh[2]));
  const mp = /(\d+(?:\.\d+)?)\s*(?:mp|m(?:ega)?\s*pixels?|ล้านพิกเซล|ล้าน)/.exec(s);
  if (mp) {
    const v = Number(mp[1]);
    let best = MEGAPIXELS[0]!;
    for (const m of MEGAPIXELS) if (Math.abs(m[0] - v) < Math.abs(best[0] - v)) best = m;
    return best[1];
  }
  for (const [re, px] of NAMED) if (re.test(s)) return px;
  const p = /(\d{3,4})\s*p\b/.exec(s);
  if (p) return Math.round((Number(p[1]) * 16) / 9);
  return undefined;
}

const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));

/** The view a camera has, with defaults filled (see the module comment). */
export function viewParams(c: Omit<ViewInput, 'id' | 'lon' | 'lat'>): ViewParams {
  const kind: CameraKind = c.kind ?? 'fixed';
  const defaulted: ViewParams['defaulted'] = [];
  let fov = c.fovDeg ?? null;
  if (fov === null || !(fov > 0)) {
    fov = DEFAULT_FOV[kind];
    defaulted.push('fov');
  }
  fov = Math.min(360, fov);
  let direction = c.directionDeg ?? null;
  if (direction === null || !Number.isFinite(direction)) {
    direction = null;
    if (fov < 360) defaulted.push('direction');
  } else direction = ((direction % 360) + 360) % 360;
  const circle = fov >= 360 || direction === null;
  let range = c.rangeM ?? null;
  if (range === null || !(range > 0)) {
    const px = horizontalPixels(c.resolution);
    const lens = Math.min(fov, 90); // circles: the lens still sees ~90° at a time
    range = px ? px / (2 * DETECTION_PPM * Math.tan((lens * Math.PI) / 360)) : DEFAULT_RANGE_M;
    if (kind === 'ptz') range *= 2;
    range = Math.round(clamp(range, RANGE_LIMITS.min, RANGE_LIMITS.max));
    defaulted.push('range');
  }
  return { directionDeg: circle ? null : direction, fovDeg: circle ? 360 : fov, rangeM: range, circle, defaulted };
}

/** Interval of a segment parameter t ∈ [0, 1]. */
export type Interval = [number, number];

const EPS = 1e-12;

/**
 * A camera's view, ready for geometry: the sector in the camera's local frame.
 * Angles: the direction is a bearing (clockwise from north); internally math angles (counter-
 * clockwise from east) with unit vectors for the two edges.
 */
export class View {
  readonly frame: LocalFrame;
  readonly r2: number;
  /** Edge unit vectors: e1 at bearing direction - fov/2, e2 at direction + fov/2 (bearing order). */
  private readonly e1: [number, number] = [0, 0];
  private readonly e2: [number, number] = [0, 0];
  /** fov ≤ 180: the wedge is convex. */
  private readonly convex: boolean;
  readonly bbox: [number, number, number, number];

  constructor(
    readonly id: string | number,
    readonly lon: number,
    readonly lat: number,
    readonly params: ViewParams,
  ) {
    this.frame = new LocalFrame(lon, lat);
    const r = params.rangeM;
    this.r2 = r * r;
    this.convex = params.fovDeg <= 180;
    if (!params.circle) {
      const half = params.fovDeg / 2;
      const b1 = ((params.directionDeg! - half) * Math.PI) / 180;
      const b2 = ((params.directionDeg! + half) * Math.PI) / 180;
      // bearing β -> east/north unit vector (sin β, cos β)
      this.e1 = [Math.sin(b1), Math.cos(b1)];
      this.e2 = [Math.sin(b2), Math.cos(b2)];
    }
    const d = this.frame.degrees(r);
    this.bbox = [lon - d.lon, lat - d.lat, lon + d.lon, lat + d.lat];
  }

  static of(c: ViewInput): View {
    return new View(c.id, c.lon, c.lat, viewParams(c));
  }

  /** Whether a lon/lat lies in the view (edges and apex included). */
  contains(lon: number, lat: number): boolean {
    const x = this.frame.x(lon);
    const y = this.frame.y(lat);
    if (x * x + y * y > this.r2 * (1 + 1e-9)) return false;
    if (this.params.circle) return true;
    // Going clockwise (bearing order) from e1 to e2: cross(e1, q) <= 0 and cross(q, e2) <= 0 in x/y.
    const c1 = this.e1[0] * y - this.e1[1] * x; // cross(e1, q)
    const c2 = x * this.e2[1] - y * this.e2[0]; // cross(q, e2)
    if (this.convex) return c1 <= EPS && c2 <= EPS;
    // Reflex wedge: everything but the open convex wedge clockwise from e2 to e1.
    return !(c1 > EPS && c2 > EPS) || (x === 0 && y === 0);
  }

  /**
   * The parts of the straight lon/lat segment a→b inside the view, as intervals of t (0 = a,
   * 1 = b), sorted and disjoint. Exact for the sector (disk ∩ wedge); at most two intervals.
   */
  segment(a: LonLat, b: LonLat): Interval[] {
    const ax = this.frame.x(a[0]);
    const ay = this.frame.y(a[1]);
    const dx = this.frame.x(b[0]) - ax;
    const dy = this.frame.y(b[1]) - ay;
    // Disk: |a + t d|² <= r²
    const qa = dx * dx + dy * dy;
    const qb = 2 * (ax * dx + ay * dy);
    const qc = ax * ax + ay * ay - this.r2;
    let t0: number;
    let t1: number;
    if (qa < EPS) {
      if (qc > 0) return [];
      t0 = 0;
      t1 = 1;
    } else {
      const disc = qb * qb - 4 * qa * qc;
      if (disc < 0) return [];
      const s = Math.sqrt(disc);
      t0 = Math.max(0, (-qb - s) / (2 * qa));
      t1 = Math.min(1, (-qb + s) / (2 * qa));
      if (t1 <= t0) return [];
    }
    if (this.params.circle) return [[t0, t1]];
    // Half-plane functions along the segment: f(t) = f0 + t f1; inside the e1 side when c1 <= 0.
    const c1 = halfPlane(this.e1[1], -this.e1[0], ax, ay, dx, dy); // -cross(e1, q) >= 0
    const c2 = halfPlane(-this.e2[1], this.e2[0], ax, ay, dx, dy); // -cross(q, e2) >= 0
    if (this.convex) {
      const lo = Math.max(t0, c1[0], c2[0]);
      const hi = Math.min(t1, c1[1], c2[1]);
      return hi > lo ? [[lo, hi]] : [];
    }
    // Reflex: remove the open convex wedge where both f < 0, i.e. the complement of (c1 ∪ c2).
    const out1 = complement(c1);
    const out2 = complement(c2);
    const lo = Math.max(out1[0], out2[0]);
    const hi = Math.min(out1[1], out2[1]);
    if (!(hi > lo)) return [[t0, t1]];
    const res: Interval[] = [];
    if (lo > t0) res.push([t0, Math.min(lo, t1)]);
    if (hi < t1) res.push([Math.max(hi, t0), t1]);
    return res.filter(([p, q]) => q > p);
  }

  /** The view as a lon/lat polygon ring (counter-clockwise), arcs drawn with `perCircle` segments. */
  ring(perCircle = 64): [number, number][] {
    const r = this.params.rangeM;
    const pts: [number, number][] = [];
    const at = (bearingDeg: number) => {
      const b = (bearingDeg * Math.PI) / 180;
      return this.frame.toLonLat(r * Math.sin(b), r * Math.cos(b));
    };
    if (this.params.circle) {
      for (let i = 0; i < perCircle; i++) pts.push(at(360 - (i * 360) / perCircle));
    } else {
      const from = this.params.directionDeg! - this.params.fovDeg / 2;
      const n = Math.max(2, Math.ceil((perCircle * this.params.fovDeg) / 360));
      pts.push([this.lon, this.lat]);
      for (let i = n; i >= 0; i--) pts.push(at(from + (this.params.fovDeg * i) / n));
    }
    pts.push(pts[0]!);
    return pts;
  }
}

/**
 * The interval of t in (-∞, ∞) clipped to [-1e9, 1e9] where n·(a + t d) >= 0, n = (nx, ny).
 */
function halfPlane(nx: number, ny: number, ax: number, ay: number, dx: number, dy: number): Interval {
  const f0 = nx * ax + ny * ay;
  const f1 = nx * dx + ny * dy;
  const BIG = 1e9;
  if (Math.abs(f1) < EPS) return f0 >= -EPS ? [-BIG, BIG] : [BIG, -BIG];
  const root = -f0 / f1;
  return f1 > 0 ? [root, BIG] : [-BIG, root];
}

/** Where a half-plane interval does not hold: an open interval (as [lo, hi]) or empty. */
function complement(i: Interval): Interval {
  const BIG = 1e9;
  if (i[0] > i[1]) return [-BIG, BIG]; // the half-plane never holds
  if (i[0] <= -BIG && i[1] >= BIG) return [BIG, -BIG]; // always holds
  return i[0] <= -BIG ? [i[1], BIG] : [-BIG, i[0]];
}

/** Union of intervals: sorted, merged. */
export function unionIntervals(list: Interval[]): Interval[] {
  if (list.length <= 1) return list.slice();
  const s = list.slice().sort((p, q) => p[0] - q[0]);
  const out: Interval[] = [[s[0]![0], s[0]![1]]];
  for (let i = 1; i < s.length; i++) {
    const last = out[out.length - 1]!;
    const cur = s[i]!;
    if (cur[0] <= last[1] + 1e-12) last[1] = Math.max(last[1], cur[1]);
    else out.push([cur[0], cur[1]]);
  }
  return out;
}
