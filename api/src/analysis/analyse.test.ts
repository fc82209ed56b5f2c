import { describe, expect, it } from 'vitest';
import { analyseCoverage, repairValues } from './analyse.js';
import type { CameraInput } from './coverage.js';
import { LocalFrame } from './geo.js';

const f = new LocalFrame(100.45, 14.59);
const ll = (x: number, y: number) => f.toLonLat(x, y);
const cam = (id: string, x: number, y: number, o: Partial<CameraInput> = {}): CameraInput => {
  const [lon, lat] = ll(x, y);
  return { id, lon, lat, kind: 'fixed', status: 'working', directionDeg: 90, fovDeg: 90, rangeM: 50, ...o };
};
const point = (id: string, x: number, y: number, weight = 1) => {
  const [lon, lat] = ll(x, y);
  return { id, lon, lat, weight, radiusM: 10 };
};

describe('coverage analysis', () => {
  const cameras = [cam('w1', 0, 0), cam('b1', 200, 0, { status: 'not_working' }), cam('b2', 400, 0, { status: 'under_repair', kind: 'dome', directionDeg: null, fovDeg: null, rangeM: 20 })];
  const riskPoints = [point('p-seen', 30, 0, 2), point('p-b1', 230, 0, 5), point('p-b2', 410, 0, 1), point('p-none', 0, 300, 3)];
  const riskRoutes = [{ id: 'r', coordinates: [ll(-100, 0), ll(500, 0)], weight: 2 }];

  it('effective mode counts working cameras only and ranks uncovered points by weight', () => {
    const r = analyseCoverage({ cameras, riskPoints, riskRoutes });
    expect(r.mode).toBe('effective');
    expect(r.summary.camerasCounted).toBe(1);
    expect(r.points.find((p) => p.id === 'p-seen')).toMatchObject({ covered: true, coveredBy: ['w1'] });
    expect(r.uncoveredPoints.map((p) => p.id)).toEqual(['p-b1', 'p-none', 'p-b2']);
    expect(r.summary.points).toMatchObject({ total: 4, covered: 1, coveredPct: 25, weightTotal: 11, weightCovered: 2 });
    expect(r.routes[0]!.coveredM).toBeCloseTo(50, 3);
    expect(r.summary.routes.coveredPct).toBe(8.3);
  });

  it('nominal mode counts every camera', () => {
    const r = analyseCoverage({ cameras, riskPoints, riskRoutes, mode: 'nominal' });
    expect(r.summary.camerasCounted).toBe(3);
    expect(r.uncoveredPoints.map((p) => p.id)).toEqual(['p-none']);
    expect(r.routes[0]!.coveredM).toBeCloseTo(50 + 50 + 40, 3);
  });

  it('an empty area gives zeros, not errors', () => {
    const r = analyseCoverage({ cameras: [] });
    expect(r.summary).toMatchObject({ camerasCounted: 0, points: { total: 0, coveredPct: 0 }, routes: { total: 0, lengthM: 0 } });
  });
});

describe('repair value', () => {
  it('is the weight of the risk points and route kilometres each broken camera would bring back', () => {
    const cameras = [cam('w1', 0, 0), cam('b-dup', 10, 0, { status: 'not_working' }), cam('b1', 200, 0, { status: 'not_working' })];
    const riskPoints = [point('p0', 30, 0, 4), point('p1', 230, 0, 5)];
    const riskRoutes = [{ id: 'r', coordinates: [ll(-100, 0), ll(500, 0)], weight: 2 }];
    const v = repairValues({ cameras, riskPoints, riskRoutes });
    expect(v.map((x) => x.id)).toEqual(['b1', 'b-dup']);
    expect(v[0]).toMatchObject({ pointsNewlyCovered: ['p1'], pointWeight: 5 });
    expect(v[0]!.routeMetres).toBeCloseTo(50, 3);
    expect(v[0]!.value).toBeCloseTo(5 + 2 * 0.05, 6);
    // b-dup sees x ∈ [10, 60]: only 10 m beyond what w1 already covers, and no new point.
    expect(v[1]).toMatchObject({ pointsNewlyCovered: [], pointWeight: 0 });
    expect(v[1]!.routeMetres).toBeCloseTo(10, 3);
  });
});
