/**
 * How many cameras the map draws one by one. A GPU draws 100,000 points per frame with ease, but
 * without one (WebGL in software, as on many office laptops and in our headless browser) a frame of
 * 100,000 points costs seconds. So the map draws at most `limit` cameras individually:
 *
 * - `all`: the filtered cameras number `limit` or fewer — every one is drawn (a province, as a rule);
 * - `points`: more, but the viewport grown by a quarter on each side holds `limit` or
 *   fewer — only those are drawn (a subset in the same column form), until the view leaves the box;
 * - `cells`: too many even there — the cameras of that box are grouped in a screen grid of CELL_PX
 *   pixels at the current whole zoom level (kept while the view stays in the box and the zoom
 *   level is the same; grouping every camera instead would make tens of thousands of one-camera
 *   groups at a city zoom, slower than the points themselves); each group is
 *   drawn at its cameras' mean position, sized by count, coloured by its share of working cameras
 *   or its most common owner type (layers.ts), with its count by status and owner for the tooltip.
 *
 * Pure functions over fetchCameras' columns; the choice is redone at the end of each move and is
 * cheap (a scan of the positions: ~1 ms for 100,000 cameras; grouping ~10 ms).
 */
import type { Bbox, CameraArrays } from '../api/map';
import { bboxContains, padBbox } from './view';

/** The grid's cell size in screen pixels. */
export const CELL_PX = 48;
/** The points box: the viewport grown by this share of its size on each side. */
export const BOX_MARGIN = 0.25;
/** Group codes: 0..n-1 for the code tables, this slot for unknown (255). */
const UNKNOWN_SLOT = 5;
const SLOTS = 6;

export interface CameraCell {
  /** Mean position of the cameras in the cell. */
  lon: number;
  lat: number;
  count: number;
  /** Cameras per status code (index = code; UNKNOWN_SLOT = unknown). */
  byStatus: number[];
  /** Cameras per owner-type code (index = code; UNKNOWN_SLOT = unknown). */
  byOwner: number[];
}

export type CameraLod =
  | { mode: 'all'; source: CameraArrays; cameras: CameraArrays }
  | { mode: 'points'; source: CameraArrays; box: Bbox; cameras: CameraArrays }
  | { mode: 'cells'; source: CameraArrays; box: Bbox | null; level: number; cells: CameraCell[] };

export interface LodViewport {
  bbox: Bbox;
  zoom: number;
}

/** Cameras individually drawn by this choice (0 when grouped). */
export function lodDrawn(lod: CameraLod | null): number {
  return lod && lod.mode !== 'cells' ? lod.cameras.count : 0;
}

const slot = (code: number) => (code < UNKNOWN_SLOT ? code : UNKNOWN_SLOT);

/** Indices of the cameras inside `box` (edges included). */
export function camerasIn(c: CameraArrays, box: Bbox): Uint32Array {
  const [w, s, e, n] = box;
  const out = new Uint32Array(c.count);
  let k = 0;
  for (let i = 0; i < c.count; i++) {
    const x = c.lon[i]!;
    const y = c.lat[i]!;
    if (x >= w && x <= e && y >= s && y <= n) out[k++] = i;
  }
  return out.subarray(0, k);
}

/** The cameras at `index`, in the same column form. */
export function subsetCameras(c: CameraArrays, index: Uint32Array): CameraArrays {
  const n = index.length;
  const pick = <T extends Float64Array | Float32Array | Uint8Array>(src: T, make: new (n: number) => T): T => {
    const out = new make(n);
    for (let k = 0; k < n; k++) out[k] = src[index[k]!]!;
    return out;
  };
  return {
    count: n,
    ids: pick(c.ids, Float64Array),
    lon: pick(c.lon, Float64Array),
    lat: pick(c.lat, Float64Array),
    direction: pick(c.direction, Float32Array),
    range: pick(c.range, Float32Array),
    fov: pick(c.fov, Float32Array),
    status: pick(c.status, Uint8Array),
    owner: pick(c.owner, Uint8Array),
    linkage: pick(c.linkage, Uint8Array),
    kind: pick(c.kind, Uint8Array),
  };
}

/** Web Mercator x, y in [0, 1] (y down), as the map projects. */
function mercator(lon: number, lat: number): [number, number] {
  const s = Math.sin((Math.max(-85.05113, Math.min(85.05113, lat)) * Math.PI) / 180);
  return [lon / 360 + 0.5, 0.5 - Math.log((1 + s) / (1 - s)) / (4 * Math.PI)];
}

/**
 * Groups the cameras (all, or those at `index`) in a CELL_PX grid of the map at whole zoom `level`
 * (512-px world at zoom 0, as MapLibre).
 */
export function cameraCells(c: CameraArrays, level: number, index?: Uint32Array): CameraCell[] {
  const cellsPerWorld = (512 * 2 ** level) / CELL_PX;
  const byKey = new Map<number, number>();
  const cells: (CameraCell & { sumLon: number; sumLat: number })[] = [];
  const n = index ? index.length : c.count;
  for (let j = 0; j < n; j++) {
    const i = index ? index[j]! : j;
    const lon = c.lon[i]!;
    const lat = c.lat[i]!;
    const [x, y] = mercator(lon, lat);
    const key = Math.floor(y * cellsPerWorld) * 1e9 + Math.floor(x * cellsPerWorld);
    let k = byKey.get(key);
    if (k === undefined) {
      k = cells.length;
      byKey.set(key, k);
      cells.push({ lon: 0, lat: 0, sumLon: 0, sumLat: 0, count: 0, byStatus: new Array<number>(SLOTS).fill(0), byOwner: new Array<number>(SLOTS).fill(0) });
    }
    const cell = cells[k]!;
    cell.count++;
    cell.sumLon += lon;
    cell.sumLat += lat;
    cell.byStatus[slot(c.status[i]!)]!++;
    cell.byOwner[slot(c.owner[i]!)]!++;
  }
  return cells.map(({ sumLon, sumLat, ...cell }) => ({ ...cell, lon: sumLon / cell.count, lat: sumLat / cell.count }));
}

/** The code (0..4, or 255 for unknown) most cameras of the cell have; ties go to the lower code. */
export function dominantCode(counts: readonly number[]): number {
  let best = 0;
  for (let k = 1; k < counts.length; k++) if (counts[k]! > counts[best]!) best = k;
  return best === UNKNOWN_SLOT ? 255 : best;
}

/**
 * What to draw for `viewport`: the previous choice when it still holds (same data; for `points` the
 * view still inside its box; for `cells` the same whole zoom and still too many around the view),
 * else a new one.
 */
export function chooseCameraLod(prev: CameraLod | null, c: CameraArrays, viewport: LodViewport | null, limit: number): CameraLod {
  if (c.count <= limit) return prev?.mode === 'all' && prev.source === c ? prev : { mode: 'all', source: c, cameras: c };
  if (!viewport) {
    // No viewport yet (the map is still loading): group at the national level until it moves.
    return { mode: 'cells', source: c, box: null, level: 5, cells: cameraCells(c, 5) };
  }
  const level = Math.max(0, Math.floor(viewport.zoom));
  if (prev?.source === c && prev.mode === 'points' && bboxContains(prev.box, viewport.bbox)) return prev;
  if (prev?.source === c && prev.mode === 'cells' && prev.level === level && prev.box && bboxContains(prev.box, viewport.bbox)) return prev;
  const box = padBbox(viewport.bbox, BOX_MARGIN);
  const index = camerasIn(c, box);
  if (index.length <= limit) return { mode: 'points', source: c, box, cameras: subsetCameras(c, index) };
  return { mode: 'cells', source: c, box, level, cells: cameraCells(c, level, index) };
}
