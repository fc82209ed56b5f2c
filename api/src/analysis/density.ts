/**
 * Cameras per area (district, police jurisdiction, any polygons) by point-in-polygon in TypeScript:
 * the same counts as the database's density (api/src/analysis-db/density.ts) for cameras held in
 * memory — the browser's what-if ("these 40 cameras repaired, these 12 added") and the baseline of
 * the density benchmark (bench/density.ts).
 *
 * A Flatbush index over the bounding boxes of the areas' polygons (each part of a MultiPolygon on
 * its own) finds the candidates; @turf/boolean-point-in-polygon decides (edges count as inside, as
 * ST_Intersects does). A camera counts in one area only: the first, in the order given, that
 * contains it — areas that overlap are not counted twice (the database picks the lowest police
 * station id, so give stations in id order). Cameras in no area are counted apart.
 * Areas in km² are geodesic (geo.ts polygonArea, ~0.1 % for district-sized areas).
 *
 * Pure TypeScript: no I/O and no node-only imports.
 */
import { booleanPointInPolygon } from '@turf/boolean-point-in-polygon';
import Flatbush from 'flatbush';
import type { MultiPolygon, Polygon, Position } from 'geojson';
import { polygonArea } from './geo.js';

export interface DensityArea {
  /** District id, police station id, province code… (whatever names the area). */
  key: string | number;
  /** WGS84 lon/lat; null or empty for an area without a polygon (it counts nothing). */
  geometry: Polygon | MultiPolygon | null;
}

export interface DensityCamera {
  lon: number;
  lat: number;
  /** `working` counts as working; anything else does not. */
  status?: string | null;
  /** `linked` counts as linked; anything else (or nothing) does not. */
  linkage?: string | null;
}

export interface AreaCounts {
  key: string | number;
  /** km² on the ellipsoid's authalic sphere; null without a polygon. */
  areaKm2: number | null;
  camerasTotal: number;
  camerasWorking: number;
  camerasLinked: number;
  camerasPerKm2: number | null;
  workingPerKm2: number | null;
  /** working / total, 0–1 (0 without cameras). */
  workingRatio: number;
  /** linked / total, 0–1 (0 without cameras). */
  linkedRatio: number;
}

export interface DensityCounts {
  /** One entry per area, in the order given. */
  areas: AreaCounts[];
  /** Cameras in no area. */
  outside: number;
}

/** Finds the area of a point among polygons: a Flatbush over the polygon parts' boxes, then turf. */
export class AreaIndex {
  private readonly parts: { area: number; polygon: Polygon }[] = [];
  private readonly index: Flatbush | null;

  constructor(readonly areas: readonly DensityArea[]) {
    areas.forEach((a, i) => {
      const g = a.geometry;
      if (!g) return;
      const polys: Position[][][] = g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
      for (const rings of polys) if (rings.length && rings[0]!.length >= 4) this.parts.push({ area: i, polygon: { type: 'Polygon', coordinates: rings } });
    });
    if (!this.parts.length) {
      this.index = null;
      return;
    }
    this.index = new Flatbush(this.parts.length);
    for (const { polygon } of this.parts) {
      let minX = Infinity;
      let minY = Infinity;
      let maxX = -Infinity;
      let maxY = -Infinity;
      for (const [x, y] of polygon.coordinates[0]! as [number, number][]) {
        if (x < minX) minX = x;
        if (x > maxX) maxX = x;
        if (y < minY) minY = y;
        if (y > maxY) maxY = y;
      }
      this.index.add(minX, minY, maxX, maxY);
    }
    this.index.finish();
  }

  /** Index (into `areas`) of the first area that contains lon/lat, or -1. */
  locate(lon: number, lat: number): number {
    if (!this.index) return -1;
    const hits = this.index.search(lon, lat, lon, lat);
    if (!hits.length) return -1;
    const pt: [number, number] = [lon, lat];
    // Parts are numbered in area order: the lowest part that contains the point is the first area.
    if (hits.length > 1) hits.sort((a, b) => a - b);
    for (const h of hits) {
      const part = this.parts[h]!;
      if (booleanPointInPolygon(pt, part.polygon)) return part.area;
    }
    return -1;
  }
}

/** Cameras total / working / linked per area and per km² (see the module comment for the rules). */
export function countCamerasByArea(areas: readonly DensityArea[], cameras: Iterable<DensityCamera>): DensityCounts {
  const index = new AreaIndex(areas);
  const total = new Uint32Array(areas.length);
  const working = new Uint32Array(areas.length);
  const linked = new Uint32Array(areas.length);
  let outside = 0;
  for (const c of cameras) {
    const i = index.locate(c.lon, c.lat);
    if (i < 0) {
      outside++;
      continue;
    }
    total[i]!++;
    if (c.status === 'working') working[i]!++;
    if (c.linkage === 'linked') linked[i]!++;
  }
  return {
    outside,
    areas: areas.map((a, i) => {
      const km2 = areaKm2(a.geometry);
      const perKm2 = (n: number) => (km2 && km2 > 0 ? n / km2 : null);
      const t = total[i]!;
      return {
        key: a.key,
        areaKm2: km2,
        camerasTotal: t,
        camerasWorking: working[i]!,
        camerasLinked: linked[i]!,
        camerasPerKm2: perKm2(t),
        workingPerKm2: perKm2(working[i]!),
        workingRatio: t ? working[i]! / t : 0,
        linkedRatio: t ? linked[i]! / t : 0,
      };
    }),
  };
}

/** Geodesic area of a Polygon or MultiPolygon in km² (null without a polygon). */
export function areaKm2(g: Polygon | MultiPolygon | null): number | null {
  if (!g) return null;
  const polys = (g.type === 'Polygon' ? [g.coordinates] : g.coordinates) as [number, number][][][];
  if (!polys.length) return null;
  return polys.reduce((s, rings) => s + polygonArea(rings), 0) / 1e6;
}
