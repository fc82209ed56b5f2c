/**
 * Camera views as GeoJSON polygons, for /api/analysis/camera-views and the OGC collection
 * camera_views. The polygons come from the engine (View.ring(), 64 segments per full circle,
 * coordinates rounded to 6 decimals like every other GeoJSON this API serves); PostGIS selects the
 * cameras.
 *
 * A bbox selects the views whose polygon intersects it. The cameras' index cannot answer that
 * directly (a view reaches up to its range beyond the camera), so SQL returns the cameras within
 * the box grown by the longest range (`geom && atlas_expand_m(box, longest range)`, index-assisted)
 * and the exact polygon–box test runs here; the count and the page are then taken in TypeScript.
 * Without a bbox the count and the page come straight from SQL.
 */
import type { Knex } from 'knex';
import { type Mode, View } from '../analysis/index.js';
import { type AreaFilter, type Bbox, whereArea } from './filters.js';
import { analysisTransaction, CAMERA_SELECT, type CameraRecord, cameraInput, longestRangeM, SLACK_M } from './load.js';

type Db = Knex | Knex.Transaction;

/** Arc segments of a full circle in served view polygons. */
export const VIEW_SEGMENTS = 64;

export interface ViewFeature {
  type: 'Feature';
  id: number;
  geometry: { type: 'Polygon'; coordinates: [number, number][][] };
  properties: ViewProperties;
}

export interface ViewProperties {
  camera_id: number;
  mode: Mode;
  status: CameraRecord['status'];
  kind: CameraRecord['kind'];
  place_name: string;
  /** The view as analysed: direction null for a circle; fov and range with defaults filled. */
  direction_deg: number | null;
  fov_deg: number;
  range_m: number;
  circle: boolean;
  /** Which of fov / range / direction came from defaults (docs/analysis.md). */
  defaulted: string[];
  agency_id: number | null;
  province_code: string | null;
  district_id: number | null;
  subdistrict_id: number | null;
  police_station_id: number | null;
  is_demo: boolean;
}

const round6 = (v: number) => Math.round(v * 1e6) / 1e6;

/** The view ring rounded to 6 decimals, consecutive duplicates dropped, closed. */
export function viewRing(v: View, segments = VIEW_SEGMENTS): [number, number][] {
  const out: [number, number][] = [];
  for (const [x, y] of v.ring(segments)) {
    const p: [number, number] = [round6(x), round6(y)];
    const last = out[out.length - 1];
    if (!last || last[0] !== p[0] || last[1] !== p[1]) out.push(p);
  }
  const first = out[0]!;
  const last = out[out.length - 1]!;
  if (first[0] !== last[0] || first[1] !== last[1]) out.push([first[0], first[1]]);
  return out;
}

export function viewFeature(r: CameraRecord, mode: Mode): ViewFeature {
  const v = View.of(cameraInput(r));
  return {
    type: 'Feature',
    id: r.id,
    geometry: { type: 'Polygon', coordinates: [viewRing(v)] },
    properties: {
      camera_id: r.id,
      mode,
      status: r.status,
      kind: r.kind,
      place_name: r.place_name,
      direction_deg: v.params.directionDeg,
      fov_deg: v.params.fovDeg,
      range_m: v.params.rangeM,
      circle: v.params.circle,
      defaulted: v.params.defaulted,
      agency_id: r.agency_id,
      province_code: r.province_code,
      district_id: r.district_id,
      subdistrict_id: r.subdistrict_id,
      police_station_id: r.police_station_id,
      is_demo: r.is_demo,
    },
  };
}

/** Whether a closed lon/lat ring (a simple polygon) and a box share a point. */
export function ringIntersectsBox(ring: readonly (readonly [number, number])[], [x1, y1, x2, y2]: Bbox): boolean {
  // An edge with a part inside the box (Liang–Barsky clipping) — also catches a vertex inside.
  for (let i = 1; i < ring.length; i++) {
    const [ax, ay] = ring[i - 1]!;
    const [bx, by] = ring[i]!;
    let t0 = 0;
    let t1 = 1;
    const dx = bx - ax;
    const dy = by - ay;
    const clip = (p: number, q: number): boolean => {
      if (p === 0) return q >= 0;
      const t = q / p;
      if (p < 0) {
        if (t > t1) return false;
        if (t > t0) t0 = t;
      } else {
        if (t < t0) return false;
        if (t < t1) t1 = t;
      }
      return true;
    };
    if (clip(-dx, ax - x1) && clip(dx, x2 - ax) && clip(-dy, ay - y1) && clip(dy, y2 - ay) && t0 <= t1) return true;
  }
  // No edge touches the box: the box is wholly inside the polygon or wholly outside.
  return pointInRing(ring, x1, y1);
}

function pointInRing(ring: readonly (readonly [number, number])[], x: number, y: number): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i]!;
    const [xj, yj] = ring[j]!;
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

export interface ViewQuery {
  mode: Mode;
  /** The cameras' area; its bbox, if any, counts as one of `boxes`. */
  area?: AreaFilter;
  /** Views that intersect any of these boxes are kept (OGC: an antimeridian-crossing box comes as two). */
  boxes?: Bbox[];
  /** Extra equality conditions on camera columns (column names are trusted constants). */
  equals?: { column: string; value: string | number | boolean }[];
  /** Only this camera. */
  id?: number;
  limit: number;
  offset: number;
}

/** One page of view features in camera id order, and how many match. */
export function selectViews(db: Db, q: ViewQuery): Promise<{ features: ViewFeature[]; total: number }> {
  return analysisTransaction(db, (trx) => views(trx, q));
}

async function views(db: Knex.Transaction, q: ViewQuery): Promise<{ features: ViewFeature[]; total: number }> {
  const area = whereArea('c', { ...q.area, bbox: undefined });
  const parts = [area.sql];
  const bindings: (string | number | boolean)[] = [...area.bindings];
  if (q.mode === 'effective') parts.push(`c.status = 'working'`);
  for (const e of q.equals ?? []) {
    parts.push(`c.${quoteIdent(e.column)} = ?`);
    bindings.push(e.value);
  }
  if (q.id !== undefined) {
    parts.push('c.id = ?');
    bindings.push(q.id);
  }
  const boxes = [...(q.boxes ?? []), ...(q.area?.bbox ? [q.area.bbox] : [])];

  if (!boxes.length) {
    const where = parts.join(' and ');
    const { rows: countRows } = await db.raw(`select count(*) as n from cameras c where ${where}`, bindings);
    const { rows } = await db.raw(`select ${CAMERA_SELECT} from cameras c where ${where} order by c.id limit ? offset ?`, [...bindings, q.limit, q.offset]);
    return { features: (rows as CameraRecord[]).map((r) => viewFeature(r, q.mode)), total: Number((countRows[0] as { n: number }).n) };
  }

  const reach = (await longestRangeM(db)) + SLACK_M;
  const near = boxes.map(() => 'c.geom && atlas_expand_m(ST_MakeEnvelope(?, ?, ?, ?, 4326), ?)');
  const { rows } = await db.raw(
    `select ${CAMERA_SELECT} from cameras c where ${parts.join(' and ')} and (${near.join(' or ')}) order by c.id`,
    [...bindings, ...boxes.flatMap((b) => [...b, reach])],
  );
  const matching: ViewFeature[] = [];
  for (const r of rows as CameraRecord[]) {
    const f = viewFeature(r, q.mode);
    if (boxes.some((b) => ringIntersectsBox(f.geometry.coordinates[0]!, b))) matching.push(f);
  }
  return { features: matching.slice(q.offset, q.offset + q.limit), total: matching.length };
}

function quoteIdent(name: string): string {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`not a column name: ${name}`);
  return `"${name}"`;
}
