/**
 * Golden files for `npm run cli -- coverage` (docs/analysis.md, "CLI"): each case is a folder of
 * GeoJSON inputs in test/in/<folder>/ (cameras.geojson, and risk-points.geojson / risk-routes.geojson
 * when present) and the expected JSON output in test/out/<case>.json, written pretty so a person can
 * read it (the gaps are GeoJSON: paste them into geojson.io next to the inputs).
 *
 *   UPDATE_GOLDEN=1 npx vitest run --project api coverage-golden   rewrites test/out after a deliberate change
 *
 * The comparison is exact: the command rounds metres to 0.01, fractions to 1e-4 and coordinates
 * to 1e-7°. Beside each golden, the case's key figures are checked against what the geometry says
 * by hand, so a regenerated golden cannot quietly accept a wrong engine. The inputs were written
 * from metre offsets around real places in Ang Thong and rounded to 1e-7° (~1 cm): that is why a
 * "200 m" route can measure 200.01 m.
 *
 * No database: the command reads files only (the api project's global setup still starts one).
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { runCoverage, type CoverageReport } from '../src/cli/coverage.js';
import { ROOT_DIR } from '../src/config.js';

const IN = path.join(ROOT_DIR, 'api', 'test', 'in');
const OUT = path.join(ROOT_DIR, 'api', 'test', 'out');
const UPDATE = process.env.UPDATE_GOLDEN === '1';
const TSX = path.join(ROOT_DIR, 'node_modules', '.bin', 'tsx');
const CLI = path.join(ROOT_DIR, 'api', 'src', 'cli', 'main.ts');

/** The command's options for an input folder, as main.ts's parseArgs would give them. */
function optionsFor(folder: string, extra: Record<string, string | boolean> = {}): Record<string, string | boolean> {
  const dir = path.join(IN, folder);
  const values: Record<string, string | boolean> = { cameras: path.join(dir, 'cameras.geojson'), json: true, ...extra };
  for (const [option, file] of [['risk-points', 'risk-points.geojson'], ['risk-routes', 'risk-routes.geojson']] as const) {
    if (fs.existsSync(path.join(dir, file))) values[option] = path.join(dir, file);
  }
  return values;
}

const argvOf = (values: Record<string, string | boolean>) =>
  Object.entries(values).flatMap(([k, v]) => (v === true ? [`--${k}`] : v === false ? [] : [`--${k}`, v]));

/** The real command function, its stdout and stderr captured. */
async function run(values: Record<string, string | boolean>): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await runCoverage(values, {
    readFile: (f) => fs.readFileSync(f, 'utf8'),
    out: (t) => void (stdout += `${t}\n`),
    err: (t) => void (stderr += `${t}\n`),
  });
  return { code, stdout, stderr };
}

/** `npx tsx api/src/cli/main.ts coverage …` in a child process. */
async function runChild(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(TSX, [CLI, 'coverage', ...args], { cwd: ROOT_DIR, timeout: 60_000 });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

/** Pretty JSON with each coordinate pair on one line. */
const pretty = (v: unknown) => `${JSON.stringify(v, null, 2).replace(/\[\s+(-?[\d.e+-]+),\s+(-?[\d.e+-]+)\s+\]/g, '[$1, $2]')}\n`;

/** Compare with test/out/<name>.json, or write it under UPDATE_GOLDEN=1. */
function golden(name: string, value: unknown): void {
  const file = path.join(OUT, `${name}.json`);
  const text = pretty(value);
  if (UPDATE) {
    fs.mkdirSync(OUT, { recursive: true });
    fs.writeFileSync(file, text);
    return;
  }
  if (!fs.existsSync(file)) throw new Error(`no golden ${path.relative(ROOT_DIR, file)}: run with UPDATE_GOLDEN=1 and review it`);
  expect(text, `${name}: the output differs from test/out/${name}.json (UPDATE_GOLDEN=1 after a deliberate change)`).toBe(fs.readFileSync(file, 'utf8'));
}

type Route = CoverageReport['routes'][number];
const gapsOf = (r: Route) => r.gaps.features.map((g) => [g.properties.fromM, g.properties.toM]);

/** What holds for every output: valid gap lines, covered + gaps = length, the fraction is covered / length. */
function checkInvariants(report: CoverageReport): void {
  for (const r of report.routes) {
    const gapSum = r.gaps.features.reduce((s, g) => s + g.properties.lengthM, 0);
    expect(Math.abs(r.coveredM + gapSum - r.lengthM), `route ${r.id}`).toBeLessThanOrEqual(0.01 * (r.gaps.features.length + 1));
    expect(r.coveredFraction).toBeCloseTo(r.lengthM > 0 ? r.coveredM / r.lengthM : 0, 3);
    expect(r.longestGapM).toBe(Math.max(0, ...r.gaps.features.map((g) => g.properties.lengthM)));
    for (const g of r.gaps.features) {
      expect(g.type).toBe('Feature');
      expect(g.geometry.type).toBe('LineString');
      expect(g.geometry.coordinates.length).toBeGreaterThanOrEqual(2);
      for (const [lon, lat] of g.geometry.coordinates) {
        expect(Number.isFinite(lon) && Number.isFinite(lat) && Math.abs(lon) <= 180 && Math.abs(lat) <= 90).toBe(true);
      }
      expect(g.properties.route).toBe(r.id);
      expect(g.properties.toM - g.properties.fromM).toBeCloseTo(g.properties.lengthM, 1);
    }
  }
  for (const p of report.points) expect(p.coveredFraction >= 0 && p.coveredFraction <= 1).toBe(true);
  expect(report.summary.points.total).toBe(report.points.length);
  expect(report.summary.routes.total).toBe(report.routes.length);
}

interface Case {
  name: string;
  folder: string;
  options?: Record<string, string>;
  /** The key figures, reasoned by hand from the inputs. */
  check(r: CoverageReport): void;
}

const CASES: Case[] = [
  {
    // E-W route x = -200 … 200 m with a vertex at x = 0 (Ang Thong town, 100.455, 14.59).
    // "vertex-east" stands on that vertex facing east, 60°, 50 m: covers x 0…50 = route 200…250 m.
    // "mid-west" stands on the route at x = 120 (inside a segment) facing west, 90°, 40 m: x 80…120
    // = route 280…320 m. Covered 50 + 40 = 90 of 400 m (0.225); gaps 0–200, 250–280, 320–400.
    // The risk point sits on vertex-east itself (the apex counts as seen): covered; its 50 m buffer
    // lies within the 50 m range, so the 60° sector covers 60/360 = 1/6 of it (0.1666 with the
    // engine's 128-scanline quadrature).
    name: 'camera-on-route',
    folder: 'camera-on-route',
    check(r) {
      const route = r.routes[0]!;
      expect(route).toMatchObject({ id: 'main-road', lengthM: 400, coveredM: 90, coveredFraction: 0.225, longestGapM: 200 });
      expect(gapsOf(route)).toEqual([[0, 200], [250, 280], [320, 400]]);
      expect(r.points).toEqual([{ id: 'at-camera', covered: true, coveredFraction: expect.closeTo(1 / 6, 3) }]);
    },
  },
  {
    // Camera facing north, 90°, 50 m: its east edge runs from the apex at bearing 45°. Two routes run
    // parallel to that edge from 10 m before the apex to 60 m past it (70 m), one 0.5 m outside,
    // one 0.5 m inside. Outside: nothing covered. Inside: the line enters the wedge where it
    // crosses the west edge (0.5 m from the apex, at s = 0) and leaves the disk at
    // s = √(50² − 0.5²) = 49.9975 m: 50.00 m covered, gaps 10 m and 10.0025 m.
    // Risk points, radius 5 m, 25 m along the edge, 0.5 m either side: the part of each disk across
    // the edge is a circular segment at distance 0.5 from the centre:
    // (25·acos(0.1) − 0.5·√24.75) / (25π) = 0.4364 — the outside point has 0.4364 of its buffer
    // covered but is not covered itself; the inside point is covered with 0.5636.
    name: 'beside-sector-edge',
    folder: 'beside-sector-edge',
    check(r) {
      const [outside, inside] = r.routes;
      expect(outside).toMatchObject({ id: 'outside-0.5m', lengthM: expect.closeTo(70, 1), coveredM: 0, coveredFraction: 0 });
      expect(inside).toMatchObject({ id: 'inside-0.5m', lengthM: expect.closeTo(70, 1), coveredM: expect.closeTo(49.9975, 1), longestGapM: expect.closeTo(10, 1) });
      expect(gapsOf(inside!).map(([a, b]) => [Math.round(a!), Math.round(b!)])).toEqual([[0, 10], [60, 70]]);
      const [po, pi] = r.points;
      expect(po).toMatchObject({ id: 'outside-0.5m', covered: false });
      expect(pi).toMatchObject({ id: 'inside-0.5m', covered: true });
      expect(Math.abs(po!.coveredFraction - 0.4364)).toBeLessThan(0.002);
      expect(Math.abs(pi!.coveredFraction - 0.5636)).toBeLessThan(0.002);
      expect(r.uncoveredPoints).toEqual(['outside-0.5m']);
    },
  },
  {
    // E-W route x = -20 … 280 (300 m). working-east at x = 0 (90°, 50 m) covers x 0…50 = route 20…70;
    // broken-east (not_working) at x = 150 would cover route 170…220; no-status-dome at x = 260
    // (no status: counts as working) covers x 240…280 = route 260…300. Effective: 50 + 40 = 90 m,
    // gaps 0–20 and 70–260 (190 m). Risk point seen-by-broken (weight 5) lies 25 m in front of the
    // broken camera: uncovered, and first in the ranking before seen-by-none (weight 3).
    // repair-far (under repair, Thai status words) is 500 m away and changes nothing on the route.
    name: 'broken-camera-effective',
    folder: 'broken-camera',
    options: { mode: 'effective' },
    check(r) {
      expect(r.mode).toBe('effective');
      expect(r.summary.cameras).toEqual({ total: 4, counted: 2, withoutStatus: 1 });
      expect(r.routes[0]).toMatchObject({ lengthM: 300, coveredM: 90, coveredFraction: 0.3, longestGapM: 190 });
      expect(r.points.map((p) => [p.id, p.covered, p.coveredFraction])).toEqual([['seen-by-broken', false, 0], ['seen-by-working', true, 1], ['seen-by-none', false, 0]]);
      expect(r.uncoveredPoints).toEqual(['seen-by-broken', 'seen-by-none']);
    },
  },
  {
    // The same inputs, nominal: the broken camera's 50 m count too: 140 m, gaps 0–20, 70–170
    // (100 m, now the longest), 220–260. seen-by-broken: its 10 m buffer is 25 m out on the axis of a
    // 90° 50 m sector (17.7 m from either edge, 25 m from the arc): wholly covered.
    name: 'broken-camera-nominal',
    folder: 'broken-camera',
    options: { mode: 'nominal' },
    check(r) {
      expect(r.mode).toBe('nominal');
      expect(r.summary.cameras).toEqual({ total: 4, counted: 4, withoutStatus: 1 });
      expect(r.routes[0]).toMatchObject({ lengthM: 300, coveredM: 140, longestGapM: 100 });
      expect(gapsOf(r.routes[0]!).map(([a, b]) => [Math.round(a!), Math.round(b!)])).toEqual([[0, 20], [70, 170], [220, 260]]);
      expect(r.points.find((p) => p.id === 'seen-by-broken')).toEqual({ id: 'seen-by-broken', covered: true, coveredFraction: 1 });
      expect(r.uncoveredPoints).toEqual(['seen-by-none']);
    },
  },
  {
    // dome-30: a dome with no range and no resolution gets the default 30 m, and its directionDeg is
    // ignored (a dome sees all round). A route through its centre: 60 m covered; one 18 m off the
    // centre: the chord 2·√(30² − 18²) = 48 m. dome-1080p: 1920 px / (2 · 25 px/m · tan 45°) = 38 m,
    // so 76 m of a route through it. Risk points at the dome: radius 30 → 1; radius 60 → (30/60)² =
    // 0.25; a tourist_site without radius takes the default 100 m → (30/100)² = 0.09.
    name: 'dome',
    folder: 'dome',
    check(r) {
      expect(r.routes.map((x) => [x.id, x.coveredM])).toEqual([['through-centre', 60], ['offset-18m', 48], ['through-1080p', 76]]);
      expect(r.routes.map((x) => x.lengthM).every((l) => Math.abs(l - 200) <= 0.01)).toBe(true);
      expect(r.points.map((p) => p.id)).toEqual(['centre-r30', 'centre-r60', 'centre-tourist']);
      expect(r.points[0]!.coveredFraction).toBe(1);
      expect(r.points[1]!.coveredFraction).toBeCloseTo(0.25, 3);
      expect(r.points[2]!.coveredFraction).toBeCloseTo(0.09, 3);
    },
  },
  {
    // A N-S route along 100.45° E from 14.5180° (Pa Mok) to 14.5215° (Mueang Ang Thong): 0.0035° of
    // latitude × 110,643 m/° = 387.25 m; it crosses the district border at 14.51954° (170.6 m; see the
    // boundary check below). pa-mok-north at 14.5185 (55.32 m) faces north, 50 m: 55.32…105.32.
    // mueang-south at 14.5205 (276.61 m) faces south, 120 m: 156.61…276.61, across the border. The
    // route counts as one whatever the districts: 170 m covered, gaps 55.32, 51.29 and 110.64 m.
    name: 'district-border',
    folder: 'district-border',
    check(r) {
      const route = r.routes[0]!;
      expect(route).toMatchObject({ id: 'pa-mok-to-mueang', lengthM: expect.closeTo(387.25, 1), coveredM: 170, longestGapM: expect.closeTo(110.64, 1) });
      expect(route.gaps.features.map((g) => g.properties.lengthM)).toEqual([expect.closeTo(55.32, 1), expect.closeTo(51.29, 1), expect.closeTo(110.64, 1)]);
    },
  },
  {
    // OSM tags as text, N-S route y = -100 … 100 m (200 m). node/1001 camera:direction "90-270" =
    // facing south with 180°, default 30 m: y -30…0. node/1002 "S", fixed by default (90°, 30 m):
    // y 30…60 from y = 60. node/1003 camera:type panning = PTZ, circle of 2 × 30 = 60 m, 50 m east of
    // the route at y = -80: chord ±√(60² − 50²) = ±33.17 → y -100…-46.83 (53.17 m). node/1004
    // "ทิศเหนือ" (north), fov_deg "60", range_m "20 m" at y = 70: y 70…90. node/1005 "towards the
    // market" has no bearing: a warning, and a 30 m circle 200 m away. Covered 53.17 + 30 + 30 + 20 =
    // 133.17 m; gaps 16.83, 30, 10, 10. Only node/1004 has a status: 4 without.
    name: 'osm-directions',
    folder: 'osm-directions',
    check(r) {
      const route = r.routes[0]!;
      expect(route).toMatchObject({ id: 'way/2001', lengthM: 200, coveredM: 133.17, longestGapM: 30 });
      expect(route.gaps.features.map((g) => g.properties.lengthM)).toEqual([16.83, 30, 10, 10]);
      expect(r.summary.cameras).toEqual({ total: 5, counted: 5, withoutStatus: 4 });
      expect(r.warnings).toHaveLength(1);
      expect(r.warnings[0]).toContain('features[4] (id "node/1005"): properties.camera:direction');
    },
  },
  {
    // No cameras in Pho Thong. The crime_hotspot point (numeric id 7 in properties.id, weight 4)
    // takes the 100 m default radius: uncovered, 0. A MultiLineString of a 100 m part and a
    // 100 + 50 m part: 250 m, one gap per part (0–100, 100–250), the longest 150 m.
    name: 'no-cameras',
    folder: 'no-cameras',
    check(r) {
      expect(r.points).toEqual([{ id: 7, covered: false, coveredFraction: 0 }]);
      expect(r.uncoveredPoints).toEqual([7]);
      expect(r.routes[0]).toMatchObject({ id: 'multi', lengthM: 250, coveredM: 0, coveredFraction: 0, longestGapM: 150 });
      expect(gapsOf(r.routes[0]!)).toEqual([[0, 100], [100, 250]]);
    },
  },
  {
    // Nothing at all: zeros, not errors.
    name: 'empty-area',
    folder: 'empty-area',
    check(r) {
      expect(r.points).toEqual([]);
      expect(r.routes).toEqual([]);
      expect(r.summary).toEqual({
        cameras: { total: 0, counted: 0, withoutStatus: 0 },
        points: { total: 0, covered: 0, coveredPct: 0, meanCoveredFraction: 0 },
        routes: { total: 0, lengthM: 0, coveredM: 0, coveredPct: 0, longestGapM: 0 },
      });
    },
  },
];

describe('coverage CLI golden files (test/in -> test/out)', () => {
  for (const c of CASES) {
    it(c.name, async () => {
      const r = await run(optionsFor(c.folder, c.options));
      expect(r.code, r.stderr).toBe(0);
      const report = JSON.parse(r.stdout) as CoverageReport;
      c.check(report);
      checkInvariants(report);
      golden(c.name, report);
    });
  }

  it('the district-border route really crosses the border in data/thailand/districts.geojson, inside the covered stretch', () => {
    type Geometry = { type: 'Polygon' | 'MultiPolygon'; coordinates: number[][][] | number[][][][] };
    const districts = JSON.parse(fs.readFileSync(path.join(ROOT_DIR, 'data', 'thailand', 'districts.geojson'), 'utf8')) as {
      features: { properties: { ADM1_EN: string; ADM2_EN: string }; geometry: Geometry }[];
    };
    const inRing = ([x, y]: number[], ring: number[][]) => {
      let inside = false;
      for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
        const [xi, yi] = ring[i]!;
        const [xj, yj] = ring[j]!;
        if (yi! > y! !== yj! > y! && x! < ((xj! - xi!) * (y! - yi!)) / (yj! - yi!) + xi!) inside = !inside;
      }
      return inside;
    };
    const districtOf = (p: number[]) =>
      districts.features
        .filter((f) => f.properties.ADM1_EN === 'Ang Thong')
        .filter((f) => {
          const polygons = (f.geometry.type === 'Polygon' ? [f.geometry.coordinates] : f.geometry.coordinates) as number[][][][];
          return polygons.some((rings) => inRing(p, rings[0]!) && !rings.slice(1).some((h) => inRing(p, h)));
        })
        .map((f) => f.properties.ADM2_EN);
    const route = JSON.parse(fs.readFileSync(path.join(IN, 'district-border', 'risk-routes.geojson'), 'utf8')).features[0].geometry.coordinates as number[][];
    expect(districtOf(route[0]!)).toEqual(['Pa Mok']);
    expect(districtOf(route[1]!)).toEqual(['Mueang Ang Thong']);
    // The covered stretch of mueang-south runs 156.61…276.61 m from the start, i.e. latitudes
    // 14.519415…14.5205: both ends' districts show the border lies inside it.
    expect(districtOf([100.45, 14.519415])).toEqual(['Pa Mok']);
    expect(districtOf([100.45, 14.5205])).toEqual(['Mueang Ang Thong']);
  });

  it('bad input: exit 2, every problem named by file, feature index, id and field; nothing computed', async () => {
    const bad = (f: string) => path.join(IN, 'bad', f);
    const r = await run({ cameras: bad('cameras.geojson'), 'risk-points': bad('risk-points.geojson'), 'risk-routes': bad('risk-routes.geojson'), json: true });
    expect(r.code).toBe(2);
    const { errors } = JSON.parse(r.stdout) as { errors: { source: string; index?: number; id?: string; field?: string; text: string }[] };
    golden('bad-input', { errors });
    // One problem per bad feature (two for zero-range: kind and range), none for ok-1 (features[0]).
    expect(errors.map((e) => `${e.source} ${e.index} ${e.field}`)).toEqual([
      'cameras.geojson 1 geometry.type',
      'cameras.geojson 2 id',
      'cameras.geojson 3 properties.fovDeg',
      'cameras.geojson 4 properties.rangeM',
      'cameras.geojson 5 properties.status',
      'cameras.geojson 6 id',
      'cameras.geojson 7 properties.camera:direction',
      'cameras.geojson 8 geometry.coordinates',
      'cameras.geojson 9 properties.kind',
      'cameras.geojson 9 properties.range_m',
      'cameras.geojson 10 geometry',
      'risk-points.geojson 0 geometry.type',
      'risk-points.geojson 1 properties.radiusM',
      'risk-points.geojson 2 properties.weight',
      'risk-points.geojson 2 properties.category',
      'risk-routes.geojson 0 geometry.type',
      'risk-routes.geojson 1 geometry.coordinates',
      'risk-routes.geojson 2 geometry.coordinates[1]',
      'risk-routes.geojson 2 properties.weight',
    ]);
    expect(r.stderr).toContain('invalid input, nothing computed (19 problems)');
    expect(r.stderr).toContain('cameras.geojson: features[3] (id "wide"): properties.fovDeg: field of view 400 must be more than 0 and at most 360 degrees');

    const text = await run({ cameras: bad('not-geojson.txt') });
    expect(text.code).toBe(2);
    expect(text.stdout).toBe('');
    expect(text.stderr).toMatch(/^invalid input, nothing computed \(1 problem\):\nnot-geojson\.txt: not GeoJSON: /);
    const notCollection = await run({ cameras: bad('not-a-collection.geojson') });
    expect(notCollection.code).toBe(2);
    expect(notCollection.stderr).toContain('not-a-collection.geojson: not a GeoJSON FeatureCollection (found type "Point")');
    // Two inputs with one base name: the messages name them by the paths given.
    const twins = await run({ cameras: bad('cameras.geojson'), 'risk-points': path.join(IN, 'broken-camera', 'cameras.geojson') });
    expect(twins.code).toBe(2);
    expect(twins.stderr).toContain(`\n${bad('cameras.geojson')}: features[1] (id "line-cam"): geometry.type`);
  });

  it('without --json: a short summary in English', async () => {
    const { json: _json, ...values } = optionsFor('broken-camera');
    const r = await run(values);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(
      [
        'coverage, effective: only working cameras count; cameras without a status count as working',
        'cameras: 2 of 4 counted (1 without a status, counted as working)',
        "risk points: 1 of 3 covered (33.3 %), on average 33.3 % of a point's buffer is watched",
        '  not covered, heaviest first: seen-by-broken, seen-by-none',
        'risk routes: 90.00 m of 300.00 m covered (30.0 %), longest uncovered stretch 190.00 m',
        '  river-road: 90.00 m of 300.00 m (30.0 %), 2 gaps, longest 190.00 m',
        '',
      ].join('\n'),
    );
  });

  it('through a real child process: the same output as the golden, exit codes 0, 2 and 1', async () => {
    // Independent processes (no database): run them side by side.
    const [ok, bad, noCameras, badMode, missing] = await Promise.all([
      runChild(argvOf(optionsFor('broken-camera', { mode: 'nominal' }))),
      runChild(['--cameras', path.join(IN, 'bad', 'cameras.geojson')]),
      runChild(['--risk-points', path.join(IN, 'dome', 'risk-points.geojson')]),
      runChild(['--cameras', path.join(IN, 'empty-area', 'cameras.geojson'), '--mode', 'best']),
      runChild(['--cameras', path.join(IN, 'nope.geojson')]),
    ]);
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout.trim().split('\n')).toHaveLength(1); // one JSON document on one line
    expect(pretty(JSON.parse(ok.stdout))).toBe(fs.readFileSync(path.join(OUT, 'broken-camera-nominal.json'), 'utf8'));

    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('cameras.geojson: features[1] (id "line-cam"): geometry.type: must be Point, got LineString');

    expect(noCameras.code).toBe(1);
    expect(noCameras.stderr).toContain('coverage needs --cameras');
    expect(badMode.code).toBe(1);
    expect(badMode.stderr).toContain('--mode must be effective or nominal, got "best"');
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('cannot read');
  });

  it('every golden file belongs to a case (none left behind by a renamed case)', () => {
    const expected = [...CASES.map((c) => `${c.name}.json`), 'bad-input.json'].sort();
    if (!UPDATE) expect(fs.readdirSync(OUT).sort()).toEqual(expected);
  });
});
