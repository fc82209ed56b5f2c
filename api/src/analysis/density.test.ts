import { booleanPointInPolygon } from '@turf/boolean-point-in-polygon';
import type { MultiPolygon, Polygon } from 'geojson';
import { describe, expect, it } from 'vitest';
import { Rng } from '../demo/random.js';
import { AreaIndex, areaKm2, countCamerasByArea, type DensityArea, type DensityCamera } from './density.js';

const box = (x0: number, y0: number, x1: number, y1: number): [number, number][] => [[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]];
const square = (x0: number, y0: number, x1: number, y1: number): Polygon => ({ type: 'Polygon', coordinates: [box(x0, y0, x1, y1)] });

// A: 100.0–100.1 E; B: 100.1–100.2 E (they share the edge lon 100.1); C: a square with a hole;
// D: two separate parts; E: no polygon.
const A = square(100, 14, 100.1, 14.1);
const B = square(100.1, 14, 100.2, 14.1);
const C: Polygon = { type: 'Polygon', coordinates: [box(100.3, 14, 100.5, 14.2), box(100.35, 14.05, 100.45, 14.15).reverse()] };
const D: MultiPolygon = { type: 'MultiPolygon', coordinates: [[box(101, 14, 101.05, 14.05)], [box(101.2, 14, 101.25, 14.05)]] };
const areas: DensityArea[] = [
  { key: 'A', geometry: A },
  { key: 'B', geometry: B },
  { key: 3, geometry: C },
  { key: 'D', geometry: D },
  { key: 'E', geometry: null },
];
const cam = (lon: number, lat: number, status = 'working', linkage: string | null = null): DensityCamera => ({ lon, lat, status, linkage });

describe('countCamerasByArea', () => {
  it('counts total, working and linked per area, with ratios and densities', () => {
    const r = countCamerasByArea(areas, [
      cam(100.05, 14.05, 'working', 'linked'),
      cam(100.06, 14.05, 'not_working', 'linked'),
      cam(100.07, 14.05, 'under_repair'),
      cam(100.08, 14.05, 'working', 'not_linked'),
      cam(100.15, 14.05),
    ]);
    expect(r.outside).toBe(0);
    expect(r.areas[0]).toMatchObject({ key: 'A', camerasTotal: 4, camerasWorking: 2, camerasLinked: 2, workingRatio: 0.5, linkedRatio: 0.5 });
    expect(r.areas[0]!.camerasPerKm2).toBeCloseTo(4 / r.areas[0]!.areaKm2!, 12);
    expect(r.areas[1]).toMatchObject({ key: 'B', camerasTotal: 1, camerasWorking: 1, camerasLinked: 0, workingRatio: 1, linkedRatio: 0 });
    expect(r.areas[4]).toMatchObject({ key: 'E', areaKm2: null, camerasTotal: 0, camerasPerKm2: null, workingRatio: 0, linkedRatio: 0 });
  });

  it('counts a camera on a shared edge once, in the first area given', () => {
    const onEdge = [cam(100.1, 14.05)];
    expect(countCamerasByArea(areas, onEdge).areas.map((a) => a.camerasTotal)).toEqual([1, 0, 0, 0, 0]);
    const reversed = [areas[1]!, areas[0]!];
    expect(countCamerasByArea(reversed, onEdge).areas.map((a) => [a.key, a.camerasTotal])).toEqual([['B', 1], ['A', 0]]);
  });

  it('leaves holes and the outside out, and counts every part of a MultiPolygon', () => {
    const r = countCamerasByArea(areas, [
      cam(100.4, 14.1), // in C's hole
      cam(100.32, 14.1), // in C's ring
      cam(101.02, 14.02), // D, first part
      cam(101.22, 14.02), // D, second part
      cam(101.1, 14.02), // between D's parts
      cam(99, 14),
    ]);
    expect(r.areas.map((a) => a.camerasTotal)).toEqual([0, 0, 1, 2, 0]);
    expect(r.outside).toBe(3);
  });

  it('without areas every camera is outside', () => {
    expect(countCamerasByArea([], [cam(100, 14), cam(101, 15)])).toEqual({ areas: [], outside: 2 });
  });

  it('agrees with testing every area in order for 5,000 random cameras', () => {
    const rng = new Rng(4);
    const cams = Array.from({ length: 5000 }, () => cam(rng.float(99.95, 101.3), rng.float(13.95, 14.25), rng.chance(0.85) ? 'working' : 'not_working'));
    // Overlapping areas: the first one wins.
    const overlapping: DensityArea[] = [...areas, { key: 'over-A-B', geometry: square(100.05, 14.02, 100.15, 14.08) }, { key: 'big', geometry: square(99.9, 13.9, 101.4, 14.3) }];
    const index = new AreaIndex(overlapping);
    const brute = (c: DensityCamera) => overlapping.findIndex((a) => a.geometry !== null && booleanPointInPolygon([c.lon, c.lat], a.geometry));
    let inside = 0;
    for (const c of cams) {
      const i = brute(c);
      expect(index.locate(c.lon, c.lat)).toBe(i);
      if (i >= 0 && i < areas.length) inside++;
    }
    expect(inside).toBeGreaterThan(500); // the sample does reach the small areas
    const r = countCamerasByArea(overlapping, cams);
    expect(r.outside).toBe(0); // 'big' holds everything else
    expect(r.areas.reduce((s, a) => s + a.camerasTotal, 0)).toBe(5000);
  });
});

describe('areaKm2', () => {
  // Reference: PostGIS 3.3, ST_Area(ST_MakeEnvelope(…, 4326)::geography) / 1e6 (on the spheroid).
  it('is within 0.5 % of the spheroidal area at Thai latitudes', () => {
    const cases: [Polygon, number][] = [
      [A, 119.50265809706306],
      [square(100, 14, 100.2, 14.1), 239.00546711181258],
      [square(100, 5, 101, 6), 12254.063684877487],
      [square(105, 20, 106, 21), 11548.56339886789],
    ];
    for (const [g, ref] of cases) expect(Math.abs(areaKm2(g)! / ref - 1)).toBeLessThan(0.005);
  });
  it('subtracts holes and adds parts', () => {
    expect(areaKm2(C)).toBeCloseTo(areaKm2(square(100.3, 14, 100.5, 14.2))! - areaKm2(square(100.35, 14.05, 100.45, 14.15))!, 9);
    expect(areaKm2(D)).toBeCloseTo(areaKm2(square(101, 14, 101.05, 14.05))! + areaKm2(square(101.2, 14, 101.25, 14.05))!, 9);
    expect(areaKm2(null)).toBeNull();
  });
});
