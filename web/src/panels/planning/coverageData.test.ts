import { afterEach, describe, expect, it, vi } from 'vitest';
import { analyseCoverage, type CameraInput } from '../../../../api/src/analysis/index.js';
import { figuresOf, loadCoverageData, whatIf } from './coverageData';
import { answerArea, at, BASIC, camera, point, route, ROUTE_LENGTH_M } from './fixtures';
import { stubFetch } from './test-utils';

afterEach(() => {
  vi.unstubAllGlobals();
});

/** A proposed site 20 m south of risk point 12, looking north (90°, 40 m). */
const proposal = (over: Partial<CameraInput> = {}): CameraInput => {
  const [lon, lat] = at(0, 180);
  return { id: 'proposal:1', lon, lat, kind: 'fixed', directionDeg: 0, fovDeg: 90, rangeM: 40, status: 'working', ...over };
};

describe('in-browser coverage data', () => {
  it('loads the area once (working cameras, risk points and routes) and agrees with the API', async () => {
    const calls = stubFetch((c) => answerArea(BASIC, c));
    const data = await loadCoverageData({ province: '15' });
    expect(calls.map((c) => `${c.path}?${c.query}`).sort()).toEqual([
      '/api/analysis/risk-points?province=15',
      '/api/analysis/risk-routes?province=15',
      '/api/cameras?province=15&status=working&limit=10000',
      '/api/risk-routes?province=15&limit=10000',
    ]);
    expect(data.agreesWithApi).toBe(true);
    expect(data.borderCameras).toBe(0);
    expect(data.before).toEqual({ pointsTotal: 2, pointsCovered: 1, routeLengthM: ROUTE_LENGTH_M, routeCoveredM: 0, weightTotal: 5 + (2 * ROUTE_LENGTH_M) / 1000, weightCovered: 2 });
  });

  it('adds a proposed site: the point it sees becomes covered and the route stretch in its view counts', async () => {
    stubFetch((c) => answerArea(BASIC, c));
    const data = await loadCoverageData({ province: '15' });
    const w = whatIf(data, [proposal()]);
    expect(w.before.pointsCovered).toBe(1);
    expect(w.after.pointsCovered).toBe(2);
    // The route is 30 m north of the site: inside the 40 m range where |x| <= sqrt(40² − 30²).
    const seen = 2 * Math.sqrt(40 ** 2 - 30 ** 2);
    expect(w.after.routeCoveredM).toBeCloseTo(seen, 3);
    expect(w.after.weightCovered).toBeCloseTo(2 + 3 + (2 * seen) / 1000, 6);
    // Turned away (south), it sees neither.
    const away = whatIf(data, [proposal({ directionDeg: 180 })]);
    expect(away.after).toEqual(away.before);
    // Reaching 25 m only: the point 20 m ahead but not the route 30 m ahead.
    const short = whatIf(data, [proposal({ rangeM: 25 })]);
    expect(short.after.pointsCovered).toBe(2);
    expect(short.after.routeCoveredM).toBe(0);
  });

  it('loads the working cameras outside the area whose views reach it when the API counts them', async () => {
    const outside = camera(99, 0, 180, { direction_deg: 0, range_m: 40 });
    // The API counts camera 99 (just outside the area): it sees point 12 and 52.9 m of the route.
    const fx = { ...BASIC, points: [point(11, 30, 0, 2, true, [1]), point(12, 0, 200, 3, true, [99])], routes: [route(21, 2 * Math.sqrt(40 ** 2 - 30 ** 2))], near: [camera(1, 0, 0), outside] };
    const calls = stubFetch((c) => answerArea(fx, c));
    const data = await loadCoverageData({ district: 1501 });
    const bbox = calls.find((c) => c.query.has('bbox'))!;
    expect(bbox.query.has('district')).toBe(false);
    const [minLon, minLat, maxLon, maxLat] = bbox.query.get('bbox')!.split(',').map(Number);
    const [pLon, pLat] = at(0, 200);
    expect(minLon! < pLon && pLon < maxLon! && minLat! < pLat && pLat < maxLat!).toBe(true);
    expect(data.borderCameras).toBe(1);
    expect(data.cameras.map((c) => c.id)).toEqual([1, 99]);
    expect(data.agreesWithApi).toBe(true);
    expect(data.before.pointsCovered).toBe(2);
    expect(data.before.routeCoveredM).toBeCloseTo(2 * Math.sqrt(40 ** 2 - 30 ** 2), 3);
  });

  it('does not load more when the browser already agrees with the API', async () => {
    const calls = stubFetch((c) => answerArea(BASIC, c));
    await loadCoverageData({ district: 1501 });
    expect(calls.filter((c) => c.query.has('bbox'))).toHaveLength(0);
  });

  it('re-analyses only what the proposals reach, with the same figures as a full analysis', async () => {
    // A deterministic scatter: 300 cameras, 80 points, 12 routes within about 1.5 km.
    let seed = 7;
    const rnd = () => ((seed = (seed * 16807) % 2147483647) - 1) / 2147483646;
    const cams = Array.from({ length: 300 }, (_, i) => camera(i + 1, rnd() * 1500, rnd() * 1500, { direction_deg: Math.floor(rnd() * 360), range_m: 20 + Math.floor(rnd() * 60), kind: rnd() < 0.2 ? 'dome' : 'fixed', fov_deg: null }));
    const pts = Array.from({ length: 80 }, (_, i) => point(100 + i, rnd() * 1500, rnd() * 1500, 1 + Math.floor(rnd() * 4), false));
    const routes = Array.from({ length: 12 }, (_, i) => ({ id: 200 + i, line: Array.from({ length: 6 }, () => at(rnd() * 1500, rnd() * 1500)) }));
    // The API's answers, from the engine itself (so that they agree).
    const inputs = cams.map((c) => ({ id: c.id, lon: c.geometry!.coordinates[0], lat: c.geometry!.coordinates[1], kind: c.kind, directionDeg: c.direction_deg, fovDeg: c.fov_deg, rangeM: c.range_m, status: 'working' }));
    const api = analyseCoverage({ cameras: inputs, riskPoints: pts.map((p) => ({ id: p.id, lon: p.geometry.coordinates[0], lat: p.geometry.coordinates[1], radiusM: 50, weight: p.weight })), riskRoutes: routes.map((r) => ({ id: r.id, coordinates: r.line, weight: 2 })) });
    for (const p of pts) p.covered = api.points.find((q) => q.id === p.id)!.covered;
    stubFetch((c) => {
      if (c.path === '/api/cameras') return { items: cams, total: cams.length };
      if (c.path === '/api/analysis/risk-points') return { points: pts, summary: {} };
      if (c.path === '/api/analysis/risk-routes') return { routes: api.routes.map((r) => ({ id: r.id, name: '', category: 'other', weight: 2, lengthM: r.lengthM, coveredM: r.coveredM, coveredFraction: r.coveredFraction, longestGapM: r.longestGapM, gaps: { features: [] } })), summary: {} };
      if (c.path === '/api/risk-routes') return { items: routes.map((r) => ({ id: r.id, geometry: { type: 'LineString', coordinates: r.line } })), total: routes.length };
      return undefined;
    });
    const data = await loadCoverageData({ province: '15' });
    expect(data.agreesWithApi).toBe(true);
    expect(data.before).toEqual(figuresOf(api.points, api.routes));
    for (let k = 0; k < 10; k++) {
      const [lon, lat] = at(rnd() * 1500, rnd() * 1500);
      const props: CameraInput[] = [{ id: 'p1', lon, lat, kind: 'fixed', directionDeg: rnd() * 360, fovDeg: 60 + rnd() * 100, rangeM: 30 + rnd() * 150, status: 'working' }];
      const full = analyseCoverage({ cameras: [...inputs, ...props], riskPoints: data.pointInputs, riskRoutes: data.routeInputs });
      const want = figuresOf(full.points, full.routes);
      const got = whatIf(data, props).after;
      expect(got.pointsCovered).toBe(want.pointsCovered);
      expect(got.routeCoveredM).toBeCloseTo(want.routeCoveredM, 6);
      expect(got.weightCovered).toBeCloseTo(want.weightCovered, 6);
    }
  });
});
