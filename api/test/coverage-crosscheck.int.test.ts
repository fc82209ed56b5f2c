/**
 * Cross-check: the TypeScript coverage engine (api/src/analysis, fed by api/src/analysis-db) and
 * PostGIS answer the same questions on the same data and must agree within 1 %.
 *
 * The PostGIS side shares no geometry code with the engine: view polygons come from the SQL
 * function atlas_view_polygon (sql/migrations/002_analysis.sql: geodesic ST_Project on the
 * ellipsoid, 720 segments per circle), buffers from ST_Buffer on geography, and the answers from
 * ST_Intersects, ST_Intersection, ST_Union, ST_Difference, ST_Area and ST_Length on geography.
 * The engine works in a tangent plane per camera with exact sectors and exact segment intervals.
 * What the two sides share is the input: the rows in the database and each camera's view
 * parameters with the defaults filled (viewParams; the defaults are a rule, not geometry).
 *
 * Questions: is a risk point inside a view (and which), the covered share of its buffer, the
 * length of a route and its covered length, in effective and nominal mode; for each broken camera
 * the risk points and route metres its repair would add. Two data sets: a designed fixture in
 * Ang Thong (fixed, dome, PTZ, reflex 270°, working and broken, a camera exactly on a route, routes
 * beside a sector edge, a route across a district border, a camera seeing into a buffer from
 * beyond its range, a buffer cut by an edge parallel to the engine's scanlines) and the Ang Thong
 * demo (860 cameras, 63 risk points, 15 routes).
 */
import type { Knex } from 'knex';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyseCoverage, counts, LocalFrame, type Mode, radiusOf, repairValues, viewParams } from '../src/analysis/index.js';
import { analysisTransaction, type CameraRecord, cameraInput, loadAreaCameras, loadCoverageData, loadRepairData, riskPointInput, riskRouteInput } from '../src/analysis-db/load.js';
import { ensureDemo } from '../src/demo/seed.js';
import { resetDomainData, testContext } from './db.js';

const ctx = testContext();
const knex = ctx.db.knex;
afterAll(() => ctx.db.close());

/**
 * Arc segments per full circle of the SQL polygons (view sectors and buffers): at 720 the chord of
 * a 300 m arc lies 3 mm inside it and a 720-gon has 13 ppm less area than its circle, so what is
 * left of the differences is the engines', not the polygons'.
 */
const SEGMENTS = 720;
/** "agree within 1 %" */
const TOLERANCE = 0.01;

// --- the PostGIS side ---------------------------------------------------------------------------

interface SqlCamera {
  id: number;
  lon: number;
  lat: number;
  direction: number | null;
  fov: number;
  range: number;
  counts: boolean;
}

/** The cameras with their view parameters (defaults filled by the engine's rule), as SQL input. */
function sqlCameras(cameras: CameraRecord[], mode: Mode): SqlCamera[] {
  return cameras.map((c) => {
    const p = viewParams(cameraInput(c));
    return { id: c.id, lon: c.lon, lat: c.lat, direction: p.directionDeg, fov: p.fovDeg, range: p.rangeM, counts: counts(mode, c.status) };
  });
}

const VIEWS_CTE = `views as materialized (
    select x.id, x.counts, atlas_view_polygon(x.lon, x.lat, x.direction, x.fov, x.range, ?) as g
      from jsonb_to_recordset(?::jsonb) as x(id bigint, lon float8, lat float8, direction float8, fov float8, range float8, counts boolean)
  )`;

interface SqlPoint {
  id: number;
  covered: boolean;
  covered_by: number[];
  fraction: number;
}

/** Per risk point: inside a counting view, which ones, and the covered share of its buffer. */
async function postgisPoints(db: Knex.Transaction, cams: SqlCamera[], radius: Map<number, number>, segments: number): Promise<SqlPoint[]> {
  const { rows } = await db.raw(
    `with ${VIEWS_CTE},
     pts as materialized (
       select p.id, p.geom, ST_Buffer(p.geom::geography, r.radius, 'quad_segs=' || ?::int)::geometry as buffer
         from risk_points p join jsonb_to_recordset(?::jsonb) as r(id bigint, radius float8) on r.id = p.id
     )
     select p.id,
            coalesce((select array_agg(v.id order by v.id) from views v where v.counts and ST_Intersects(v.g, p.geom)), '{}') as covered_by,
            coalesce(ST_Area(ST_Intersection(p.buffer, u.g)::geography) / ST_Area(p.buffer::geography), 0) as fraction
       from pts p,
            lateral (select ST_Union(v.g) as g from views v where v.counts and v.g && p.buffer and ST_Intersects(v.g, p.buffer)) u
      order by p.id`,
    [segments, JSON.stringify(cams), segments / 4, JSON.stringify([...radius].map(([id, r]) => ({ id, radius: r })))],
  );
  return (rows as { id: number; covered_by: number[]; fraction: number }[]).map((r) => ({
    id: Number(r.id),
    covered: r.covered_by.length > 0,
    covered_by: r.covered_by.map(Number),
    fraction: Number(r.fraction),
  }));
}

/** Per route: its length and the length inside the union of counting views (spheroid metres). */
async function postgisRoutes(db: Knex.Transaction, cams: SqlCamera[], segments: number): Promise<{ id: number; length: number; covered: number }[]> {
  const { rows } = await db.raw(
    `with ${VIEWS_CTE}
     select r.id, ST_Length(r.geom::geography) as length,
            coalesce(ST_Length(ST_Intersection(r.geom, u.g)::geography), 0) as covered
       from risk_routes r,
            lateral (select ST_Union(v.g) as g from views v where v.counts and v.g && r.geom and ST_Intersects(v.g, r.geom)) u
      order by r.id`,
    [segments, JSON.stringify(cams)],
  );
  return (rows as { id: number; length: number; covered: number }[]).map((r) => ({ id: Number(r.id), length: Number(r.length), covered: Number(r.covered) }));
}

/**
 * Per broken camera: the risk points in its view that no working view contains, and the route
 * metres in its view outside every working view.
 */
async function postgisRepair(db: Knex.Transaction, cams: SqlCamera[], broken: number[], segments: number): Promise<{ id: number; points: number[]; metres: number }[]> {
  const { rows } = await db.raw(
    `with ${VIEWS_CTE},
     b as materialized (select v.id, v.g from views v where v.id = any(?::bigint[]))
     select b.id,
            coalesce((select array_agg(p.id order by p.id) from risk_points p
                       where ST_Intersects(b.g, p.geom)
                         and not exists (select 1 from views w where w.counts and ST_Intersects(w.g, p.geom))), '{}') as points,
            coalesce((select sum(ST_Length(ST_Intersection(r.geom, ST_Difference(b.g, coalesce(u.g, ST_SetSRID('POLYGON EMPTY'::geometry, 4326))))::geography))
                        from risk_routes r where r.geom && b.g), 0) as metres
       from b,
            lateral (select ST_Union(w.g) as g from views w where w.counts and w.g && b.g and ST_Intersects(w.g, b.g)) u
      order by b.id`,
    [segments, JSON.stringify(cams), `{${broken.join(',')}}`],
  );
  return (rows as { id: number; points: number[]; metres: number }[]).map((r) => ({ id: Number(r.id), points: r.points.map(Number), metres: Number(r.metres) }));
}

// --- comparison ------------------------------------------------------------------------------------

/** Largest differences seen, per quantity, printed at the end (the report quotes them). */
const worst: Record<string, { diff: number; where: string }> = {};
function note(quantity: string, diff: number, where: string) {
  const key = `${where.split(' ')[0]}: ${quantity}`; // per data set
  if (!worst[key] || diff > worst[key]!.diff) worst[key] = { diff, where };
}
afterAll(() => {
  const lines = Object.entries(worst).map(([q, w]) => `  ${q}: ${w.diff.toExponential(2)} (${w.where})`);
  console.info(`coverage cross-check (${ctx.db.engine}), largest engine–PostGIS differences:\n${lines.join('\n')}`);
});

/** |a - b| within 1 % of the larger, or within `floor` (for values near zero). */
function agree(a: number, b: number, floor: number): boolean {
  return Math.abs(a - b) <= TOLERANCE * Math.max(Math.abs(a), Math.abs(b)) + floor;
}

/** Runs both sides on what is in the database now and compares every answer. */
async function crossCheck(label: string, mode: Mode, segments: number): Promise<{ points: number; covered: number; routes: number; coveredM: number }> {
  const data = await loadCoverageData(knex, { province: '15' });
  const ts = analyseCoverage({
    cameras: data.cameras.map(cameraInput),
    riskPoints: data.riskPoints.map(riskPointInput),
    riskRoutes: data.riskRoutes.map(riskRouteInput),
    mode,
  });
  // PostGIS gets every camera, not the loader's candidates: a camera the candidate search missed
  // would show as a difference.
  const cams = sqlCameras(await loadAreaCameras(knex, {}), mode);
  const radius = new Map(data.riskPoints.map((p) => [p.id, radiusOf(riskPointInput(p))]));
  // (JIT off: compiling these plans takes longer than running them.)
  const sqlPoints = await analysisTransaction(knex, (trx) => postgisPoints(trx, cams, radius, segments));
  const sqlRoutes = await analysisTransaction(knex, (trx) => postgisRoutes(trx, cams, segments));

  expect(sqlPoints.map((p) => p.id)).toEqual(ts.points.map((p) => p.id));
  for (const [i, p] of ts.points.entries()) {
    const q = sqlPoints[i]!;
    const where = `${label} ${mode} point ${p.id}`;
    expect(p.covered, where).toBe(q.covered);
    expect([...p.coveredBy].sort((a, b) => Number(a) - Number(b)), where).toEqual(q.covered_by);
    note('buffer covered fraction (absolute)', Math.abs(p.coveredFraction - q.fraction), where);
    expect(Math.abs(p.coveredFraction - q.fraction), `${where}: ${p.coveredFraction} vs ${q.fraction}`).toBeLessThanOrEqual(TOLERANCE);
  }

  expect(sqlRoutes.map((r) => r.id)).toEqual(ts.routes.map((r) => r.id));
  for (const [i, r] of ts.routes.entries()) {
    const q = sqlRoutes[i]!;
    const where = `${label} ${mode} route ${r.id}`;
    note('route length (relative)', Math.abs(r.lengthM - q.length) / q.length, where);
    expect(Math.abs(r.lengthM - q.length) / q.length, where).toBeLessThan(1e-4);
    note('route covered length (m)', Math.abs(r.coveredM - q.covered), where);
    if (q.covered > 0) note('route covered length (relative)', Math.abs(r.coveredM - q.covered) / q.covered, where);
    expect(agree(r.coveredM, q.covered, 0.05), `${where}: ${r.coveredM} m vs ${q.covered} m`).toBe(true);
  }
  return {
    points: ts.points.length,
    covered: ts.points.filter((p) => p.covered).length,
    routes: ts.routes.length,
    coveredM: ts.routes.reduce((s, r) => s + r.coveredM, 0),
  };
}

async function crossCheckRepair(label: string, segments: number): Promise<number> {
  const data = await loadRepairData(knex, { province: '15' });
  const ts = repairValues({
    cameras: data.cameras.map(cameraInput),
    riskPoints: data.riskPoints.map(riskPointInput),
    riskRoutes: data.riskRoutes.map(riskRouteInput),
  });
  const broken = data.broken.map((c) => c.id);
  const all = sqlCameras(await loadAreaCameras(knex, {}), 'effective');
  const sql = await analysisTransaction(knex, (trx) => postgisRepair(trx, all, broken, segments));
  expect(sql.map((r) => r.id)).toEqual(broken);
  const byId = new Map(ts.map((v) => [v.id, v]));
  for (const q of sql) {
    const v = byId.get(q.id)!;
    const where = `${label} repair of camera ${q.id}`;
    expect(v.pointsNewlyCovered, where).toEqual(q.points);
    note('repair route metres (m)', Math.abs(v.routeMetres - q.metres), where);
    expect(agree(v.routeMetres, q.metres, 0.05), `${where}: ${v.routeMetres} m vs ${q.metres} m`).toBe(true);
  }
  return ts.filter((v) => v.value > 0).length;
}

// --- the designed fixture ------------------------------------------------------------------------

// On the border of Mueang Ang Thong and Chaiyo; x east, y north in metres.
const O = new LocalFrame(100.489359, 14.62575);
const xy = (x: number, y: number) => O.toLonLat(x, y);
const toward = ([x, y]: [number, number], bearing: number, m: number): [number, number] => [
  x + m * Math.sin((bearing * Math.PI) / 180),
  y + m * Math.cos((bearing * Math.PI) / 180),
];

interface FixtureCamera {
  key: string;
  at: [number, number];
  kind: 'fixed' | 'dome' | 'ptz';
  status: 'working' | 'not_working' | 'under_repair' | 'beyond_repair';
  direction_deg?: number;
  fov_deg?: number;
  range_m?: number;
  recorded_resolution?: string;
  max_resolution?: string;
}

const F_EDGE: [number, number] = [-450, 250];
const CAMERAS: FixtureCamera[] = [
  { key: 'on-route', at: [-200, -200], kind: 'fixed', status: 'working', direction_deg: 45, fov_deg: 90, range_m: 70 },
  { key: 'dome-1080p', at: [100, 130], kind: 'dome', status: 'working', recorded_resolution: '1080p' },
  { key: 'ptz-broken', at: [150, -150], kind: 'ptz', status: 'not_working', range_m: 120 },
  { key: 'reflex-270', at: [-150, 150], kind: 'fixed', status: 'working', direction_deg: 0, fov_deg: 270, range_m: 60 },
  { key: 'fixed-under-repair', at: [350, -50], kind: 'fixed', status: 'under_repair', direction_deg: 180, fov_deg: 90, range_m: 100 },
  { key: 'edge', at: F_EDGE, kind: 'fixed', status: 'working', direction_deg: 90, fov_deg: 40, range_m: 150 },
  { key: 'fixed-4k-defaults', at: [400, 200], kind: 'fixed', status: 'working', direction_deg: 270, max_resolution: '4K' },
  { key: 'dome-960h-beyond-repair', at: [0, -300], kind: 'dome', status: 'beyond_repair', recorded_resolution: '960H' },
  { key: 'ptz-sector', at: [-50, 0], kind: 'ptz', status: 'working', direction_deg: 30, fov_deg: 60, range_m: 200 },
  // 60 m from 'in-fixed': beyond its 40 m range, but its view reaches 5 m into that point's 25 m buffer.
  { key: 'band', at: [-200 + 30 * Math.SQRT1_2, -200 + 30 * Math.SQRT1_2 - 60], kind: 'fixed', status: 'working', direction_deg: 0, fov_deg: 60, range_m: 40 },
];

const POINTS: { key: string; at: [number, number]; radius_m?: number; category: string; weight: number }[] = [
  { key: 'in-fixed', at: toward([-200, -200], 45, 30), radius_m: 25, category: 'robbery', weight: 3 },
  { key: 'by-dome-default-radius', at: [105, 118], category: 'crime_hotspot', weight: 2 },
  { key: 'only-broken-ptz', at: [150, -100], radius_m: 30, category: 'robbery', weight: 5 },
  { key: 'reflex-in', at: toward([-150, 150], 270, 30), radius_m: 20, category: 'other', weight: 1 },
  { key: 'reflex-blind-wedge', at: toward([-150, 150], 180, 30), radius_m: 40, category: 'other', weight: 1 },
  { key: 'far', at: [600, -500], radius_m: 50, category: 'accident_black_spot', weight: 1 },
  { key: 'big-buffer', at: [0, 0], radius_m: 300, category: 'tourist_site', weight: 4 },
  { key: 'under-repair-only', at: [350, -100], radius_m: 20, category: 'robbery', weight: 2 },
  { key: 'in-4k-default', at: [360, 200], radius_m: 15, category: 'robbery', weight: 1 },
  // Cut by the east–west edge of 'on-route' (bearing 90°), parallel to the engine's scanlines.
  { key: 'on-horizontal-edge', at: toward([-200, -200], 88, 60), radius_m: 8, category: 'robbery', weight: 1 },
];

const ROUTES: { key: string; line: [number, number][]; weight: number }[] = [
  // Across the district border, with the 'on-route' camera exactly on it.
  { key: 'border-crossing', line: [[-400, -400], [300, 300]], weight: 3 },
  // Parallel to the 70° edge of 'edge', 1 m inside it and 1 m outside it.
  { key: 'edge-inside', line: [toward(toward(F_EDGE, 160, 1), 70, 10), toward(toward(F_EDGE, 160, 1), 70, 250)], weight: 2 },
  { key: 'edge-outside', line: [toward(toward(F_EDGE, 340, 1), 70, 10), toward(toward(F_EDGE, 340, 1), 70, 250)], weight: 2 },
  { key: 'winding', line: [[-250, 150], [-100, 100], [100, -100], [150, -200], [0, -300]], weight: 1 },
  { key: 'east', line: [[300, -100], [400, -50], [420, 250]], weight: 1 },
];

async function loadFixture(db: Knex): Promise<void> {
  await resetDomainData(db);
  for (const c of CAMERAS) {
    const { key, at, ...cols } = c;
    await db('cameras').insert({ ...cols, external_id: `x-${key}`, place_name: key, geom: db.raw('ST_SetSRID(ST_MakePoint(?, ?), 4326)', xy(...at)) });
  }
  for (const p of POINTS) {
    const { key, at, ...cols } = p;
    await db('risk_points').insert({ ...cols, external_id: `x-${key}`, name: key, geom: db.raw('ST_SetSRID(ST_MakePoint(?, ?), 4326)', xy(...at)) });
  }
  for (const r of ROUTES) {
    const geometry = { type: 'LineString', coordinates: r.line.map(([x, y]) => xy(x, y)) };
    await db('risk_routes').insert({
      external_id: `x-${r.key}`,
      name: r.key,
      category: 'escape_route',
      weight: r.weight,
      geom: db.raw('ST_SetSRID(ST_GeomFromGeoJSON(?), 4326)', [JSON.stringify(geometry)]),
    });
  }
}

describe('engine and PostGIS agree on the designed fixture', () => {
  beforeAll(() => loadFixture(knex));

  it('the fixture is what it says: a route across a district border, a camera exactly on it', async () => {
    const { rows } = await knex.raw(
      `select (select array_agg(d.id order by d.id) from districts d where ST_Intersects(d.geom, ST_StartPoint(r.geom))) as from_d,
              (select array_agg(d.id order by d.id) from districts d where ST_Intersects(d.geom, ST_EndPoint(r.geom))) as to_d,
              (select ST_Distance(c.geom::geography, r.geom::geography) from cameras c where c.external_id = 'x-on-route') as on_route_m
         from risk_routes r where r.external_id = 'x-border-crossing'`,
    );
    const row = rows[0] as { from_d: number[]; to_d: number[]; on_route_m: number };
    expect(row.from_d).toHaveLength(1);
    expect(row.to_d).toHaveLength(1);
    expect(row.from_d[0]).not.toBe(row.to_d[0]);
    expect(row.on_route_m).toBeLessThan(0.01);
    const cams = await loadCoverageData(knex, { province: '15' });
    expect(cams.cameras.map((c) => c.place_name).sort()).toEqual(CAMERAS.map((c) => c.key).sort());
  });

  it('effective mode: points covered, covered buffer shares and covered route lengths', async () => {
    const r = await crossCheck('fixture', 'effective', SEGMENTS);
    // Not a vacuous comparison: some points in, some out, some route covered.
    expect(r.points).toBe(POINTS.length);
    expect(r.covered).toBeGreaterThanOrEqual(4);
    expect(r.covered).toBeLessThan(POINTS.length);
    expect(r.coveredM).toBeGreaterThan(300);
  });

  it('nominal mode counts the broken cameras too', async () => {
    const effective = await crossCheck('fixture', 'effective', SEGMENTS);
    const nominal = await crossCheck('fixture', 'nominal', SEGMENTS);
    expect(nominal.covered).toBeGreaterThan(effective.covered);
    expect(nominal.coveredM).toBeGreaterThan(effective.coveredM);
  });

  it('repair value: newly covered points and route metres of each broken camera', async () => {
    expect(await crossCheckRepair('fixture', SEGMENTS)).toBeGreaterThanOrEqual(2);
  });
});

describe('engine and PostGIS agree on the Ang Thong demo', () => {
  beforeAll(async () => {
    await resetDomainData(knex);
    await ensureDemo(knex, () => {});
  });

  it.each(['effective', 'nominal'] as const)('%s mode', async (mode) => {
    const r = await crossCheck('demo', mode, SEGMENTS);
    expect(r.points).toBe(63);
    expect(r.routes).toBe(15);
    expect(r.covered).toBeGreaterThan(0);
  });

  it('repair value', async () => {
    expect(await crossCheckRepair('demo', SEGMENTS)).toBeGreaterThan(0);
  });
});
