import { describe, expect, it } from 'vitest';
import { diskCoverage, pointCoverage, routeCoverage, ViewIndex, type CameraInput } from './coverage.js';
import { LocalFrame } from './geo.js';
import { View } from './view.js';

const LON = 100.45;
const LAT = 14.59;
const f = new LocalFrame(LON, LAT);
const ll = (x: number, y: number) => f.toLonLat(x, y);
const cam = (id: string, x: number, y: number, o: Partial<CameraInput> = {}): CameraInput => {
  const [lon, lat] = ll(x, y);
  return { id, lon, lat, kind: 'fixed', status: 'working', fovDeg: 90, rangeM: 50, ...o };
};

/** Share of a disk inside the views by brute force: a fine grid of points, each tested. */
function gridFraction(views: View[], cx: number, cy: number, r: number, n = 600): number {
  let inDisk = 0;
  let covered = 0;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      const x = cx - r + ((i + 0.5) * 2 * r) / n;
      const y = cy - r + ((j + 0.5) * 2 * r) / n;
      if ((x - cx) ** 2 + (y - cy) ** 2 > r * r) continue;
      inDisk++;
      const [lon, lat] = ll(x, y);
      if (views.some((v) => v.contains(lon, lat))) covered++;
    }
  }
  return covered / inDisk;
}

describe('risk point buffers', () => {
  it('a buffer wholly inside a circle view is covered 100 %; one far away 0 %', () => {
    const index = ViewIndex.of([cam('d', 0, 0, { kind: 'dome', fovDeg: null, rangeM: 100 })]);
    expect(diskCoverage(index, ...ll(10, 10), 30)).toBeCloseTo(1, 6);
    expect(diskCoverage(index, ...ll(500, 0), 30)).toBe(0);
  });

  it('a buffer centred on a 90° camera is a quarter covered when the range exceeds the radius', () => {
    const index = ViewIndex.of([cam('q', 0, 0, { directionDeg: 45, rangeM: 200 })]);
    expect(diskCoverage(index, LON, LAT, 50)).toBeCloseTo(0.25, 3);
  });

  it('agrees with a brute-force grid within 0.5 % for overlapping sectors of every shape', () => {
    const cams = [
      cam('a', -30, 0, { directionDeg: 80, fovDeg: 60, rangeM: 70 }),
      cam('b', 25, 20, { directionDeg: 200, fovDeg: 110, rangeM: 45 }),
      cam('c', 0, -40, { directionDeg: 10, fovDeg: 270, rangeM: 30 }),
      cam('d', 40, -10, { kind: 'dome', fovDeg: null, rangeM: 15 }),
    ];
    const index = ViewIndex.of(cams);
    const views = cams.map((c) => View.of(c));
    for (const [cx, cy, r] of [[0, 0, 50], [10, -10, 35], [-40, 10, 25]] as const) {
      const exact = diskCoverage(index, ...ll(cx, cy), r);
      expect(Math.abs(exact - gridFraction(views, cx, cy, r))).toBeLessThan(0.005);
    }
  });

  it('effective coverage ignores broken cameras; nominal counts them', () => {
    const cams = [cam('w', 0, 0, { directionDeg: 90 }), cam('b', 0, 0, { directionDeg: 270, status: 'not_working' })];
    const p = { id: 'p', lon: ll(-20, 0)[0], lat: ll(-20, 0)[1], radiusM: 5 };
    expect(pointCoverage(ViewIndex.of(cams, 'effective'), p)).toMatchObject({ covered: false, coveredFraction: 0, coveredBy: [] });
    const nominal = pointCoverage(ViewIndex.of(cams, 'nominal'), p);
    expect(nominal).toMatchObject({ covered: true, coveredBy: ['b'] });
    expect(nominal.coveredFraction).toBeCloseTo(1, 6);
  });

  it('the radius defaults by category and the weight to 1', () => {
    const index = ViewIndex.of([]);
    expect(pointCoverage(index, { id: 1, lon: LON, lat: LAT, category: 'crime_hotspot' })).toMatchObject({ radiusM: 100, weight: 1, covered: false });
    expect(pointCoverage(index, { id: 1, lon: LON, lat: LAT, category: 'robbery', weight: 4 })).toMatchObject({ radiusM: 50, weight: 4 });
  });
});

describe('risk routes', () => {
  it('a straight route past one camera: covered length, two gaps, the longest one', () => {
    // West–east route 400 m long, camera on it at x = 0 facing east, range 50: covers x ∈ [0, 50].
    const index = ViewIndex.of([cam('e', 0, 0, { directionDeg: 90, fovDeg: 60, rangeM: 50 })]);
    const r = routeCoverage(index, { id: 'r', coordinates: [ll(-100, 0), ll(300, 0)] });
    expect(r.lengthM).toBeCloseTo(400, 3);
    expect(r.coveredM).toBeCloseTo(50, 3);
    expect(r.coveredFraction).toBeCloseTo(0.125, 5);
    expect(r.gaps.map((g) => [Math.round(g.fromM * 1000) / 1000, Math.round(g.toM * 1000) / 1000])).toEqual([[0, 100], [150, 400]]);
    expect(r.longestGapM).toBeCloseTo(250, 3);
  });

  it('a gap runs across vertices as one line', () => {
    const index = ViewIndex.of([cam('e', 0, 0, { kind: 'dome', fovDeg: null, rangeM: 20 })]);
    const r = routeCoverage(index, { id: 'r', coordinates: [ll(-50, 0), ll(50, 0), ll(50, 100), ll(150, 100)] });
    expect(r.coveredM).toBeCloseTo(40, 3);
    expect(r.gaps).toHaveLength(2);
    const [g1, g2] = r.gaps;
    expect(g1!.lengthM).toBeCloseTo(30, 3);
    expect(g2!.coordinates).toHaveLength(4); // 20 → 50 on the first segment, then the two others
    expect(g2!.lengthM).toBeCloseTo(230, 3);
    expect(r.longestGapM).toBeCloseTo(230, 3);
  });

  it('a route just beside the edge of a sector is not covered; just inside it is', () => {
    // Sector facing north, 90°: its east edge runs at bearing 45°. A line parallel to that edge,
    // 0.5 m outside it and 0.5 m inside it.
    const index = ViewIndex.of([cam('n', 0, 0, { directionDeg: 0, fovDeg: 90, rangeM: 50 })]);
    const along = (off: number) => {
      const nx = Math.SQRT1_2; // outward normal of the east edge (bearing 135°)
      const ny = -Math.SQRT1_2;
      return [ll(off * nx, off * ny), ll(off * nx + 60 * Math.SQRT1_2, off * ny + 60 * Math.SQRT1_2)] as const;
    };
    expect(routeCoverage(index, { id: 'out', coordinates: along(0.5) }).coveredM).toBe(0);
    expect(routeCoverage(index, { id: 'in', coordinates: along(-0.5) }).coveredM).toBeGreaterThan(45);
  });

  it('no cameras: the whole route is one gap', () => {
    const r = routeCoverage(ViewIndex.of([]), { id: 'r', coordinates: [ll(0, 0), ll(100, 0), ll(100, 100)] });
    expect(r.coveredM).toBe(0);
    expect(r.gaps).toHaveLength(1);
    expect(r.longestGapM).toBeCloseTo(200, 3);
  });
});
