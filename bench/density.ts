/**
 * The `density` benchmark entry (national scale): cameras per district (928) and per police
 * station, by `densityByArea` (api/src/analysis-db/density.ts) vs the same counts in TypeScript
 * after loading every camera. Run with `npm run bench -- density`; bench/run.ts prints the table.
 *
 * Data: BENCH_DENSITY_ROWS synthetic cameras (default 1,000,000 on a server, 200,000 on the
 * embedded database; api/src/demo/synthetic.ts, seed 12, external ids bench-density-<n>) seeded by
 * COPY as the export entry does, so the area trigger sets each camera's district and police
 * station. Police stations: the seed creates them only for Ang Thong, so the entry creates one
 * synthetic station per district (external id bench-station-<district id>, position
 * ST_PointOnSurface of the district, jurisdiction = the district polygon) *before* the cameras,
 * 928 stations whose jurisdictions tile the country as the districts do. Thailand has ~1,500 real
 * stations; the count matters little to either side (one GROUP BY; one index search per camera).
 * Rows and stations are reused when a previous run left exactly as many (BENCH_KEEP=1 keeps them;
 * otherwise they are deleted at the end on a server).
 *
 * Ours: `densityByArea(db, level, {}, { mode: 'effective', geometry: false })` — one GROUP BY over
 * the area columns the trigger keeps on every camera, areas in km² on the spheroid (and the
 * coverage figures, empty here: the data has no risk items). Also timed: the same with the
 * polygons as GeoJSON (`geometry: true`), and, for comparison, PostGIS doing the point-in-polygon
 * at query time (a join on ST_Intersects with the subdivided district polygons or the
 * jurisdictions, no area columns used).
 * Baseline: load lon/lat/status/linkage of every camera and the areas' polygons (ST_AsGeoJSON)
 * through knex, then countCamerasByArea (api/src/analysis/density.ts: Flatbush over the polygon
 * parts' boxes + @turf/boolean-point-in-polygon). Timed with and without the loading.
 * Sanity check: both sides' total / working / linked counts per area.
 */
import os from 'node:os';
import type { Knex } from 'knex';
import { countCamerasByArea, type DensityArea, type DensityCamera } from '../api/src/analysis/density.js';
import { densityByArea, type DensityLevel } from '../api/src/analysis-db/density.js';
import type { Database } from '../api/src/db/connect.js';
import type { Result, alternate as Alternate, median as Median } from './run.js';

const PREFIX = 'bench-density';
const STATION_PREFIX = 'bench-station';
const LEVELS: readonly { level: DensityLevel; label: string; areas: string; join: string }[] = [
  {
    level: 'district',
    label: 'district',
    areas: `select id as key, ST_AsGeoJSON(geom)::json as geometry from districts order by id`,
    join: `select a.area_key::int as key, count(*)::int as total, count(*) filter (where c.status = 'working')::int as working,
                  count(*) filter (where c.linkage = 'linked')::int as linked
             from cameras c join area_parts a on a.level = 'district' and ST_Intersects(a.geom, c.geom)
            group by a.area_key`,
  },
  {
    level: 'police_station',
    label: 'police station',
    areas: `select id as key, ST_AsGeoJSON(jurisdiction)::json as geometry from police_stations order by id`,
    join: `select s.id as key, count(*)::int as total, count(*) filter (where c.status = 'working')::int as working,
                  count(*) filter (where c.linkage = 'linked')::int as linked
             from cameras c join police_stations s on ST_Intersects(s.jurisdiction, c.geom)
            group by s.id`,
  },
];

export interface DensityTools {
  alternate: typeof Alternate;
  median: typeof Median;
  /** Seeds `count` synthetic cameras by COPY with external ids `<prefix>-<n>` (then vacuum analyze). */
  seed: (count: number, prefix: string) => Promise<void>;
  /** The database goes away after the run (nothing to delete). */
  temporary: boolean;
}

type Counts = Map<string, { total: number; working: number; linked: number }>;

const seconds = (t0: number) => (performance.now() - t0) / 1000;

/** Synthetic stations (one per district) and `count` cameras, unless a previous run left them. */
async function prepare(db: Database, count: number, seed: DensityTools['seed']): Promise<void> {
  const knex = db.knex;
  const one = async (sql: string) => Number((await knex.raw(sql)).rows[0].n);
  const districts = await one(`select count(*) n from districts where not ST_IsEmpty(geom)`);
  const stations = await one(`select count(*) n from police_stations where external_id like '${STATION_PREFIX}-%'`);
  const cameras = await one(`select count(*) n from cameras where external_id like '${PREFIX}-%'`);
  if (stations === districts && cameras === count) {
    console.error(`  reusing ${count} ${PREFIX} cameras and ${stations} synthetic police stations`);
    return;
  }
  await clean(knex);
  const t0 = performance.now();
  await knex.raw(
    `insert into police_stations (external_id, name_th, name_en, geom, jurisdiction, is_demo)
     select '${STATION_PREFIX}-' || d.id, 'สถานีตำรวจสังเคราะห์ ' || d.name_th, 'Synthetic station ' || d.name_en,
            ST_PointOnSurface(d.geom), d.geom, true
       from districts d where not ST_IsEmpty(d.geom) order by d.id`,
  );
  await knex.raw('analyze police_stations');
  const t1 = performance.now();
  await seed(count, PREFIX);
  console.error(`  created ${districts} synthetic police stations in ${((t1 - t0) / 1000).toFixed(1)} s; seeded ${count} cameras by COPY (+ vacuum analyze) in ${seconds(t1).toFixed(1)} s`);
}

async function clean(knex: Knex): Promise<void> {
  await knex.raw(`delete from cameras where external_id like '${PREFIX}-%'`);
  await knex.raw(`delete from police_stations where external_id like '${STATION_PREFIX}-%'`);
}

interface OursSample {
  side: 'ours';
  seconds: number;
  withGeometryS: number;
  joinS: number;
  features: number;
  counts: Counts;
  joinCounts: Counts;
}
interface BaselineSample {
  side: 'baseline';
  seconds: number;
  loadCamerasS: number;
  loadAreasS: number;
  countS: number;
  areas: number;
  outside: number;
  counts: Counts;
}

async function ours(db: Database, l: (typeof LEVELS)[number]): Promise<OursSample> {
  let t = performance.now();
  const features = await densityByArea(db.knex, l.level, {}, { mode: 'effective', geometry: false });
  const s = seconds(t);
  t = performance.now();
  const withGeometry = await densityByArea(db.knex, l.level, {}, { mode: 'effective', geometry: true });
  const g = seconds(t);
  if (withGeometry.length !== features.length) throw new Error('density: with and without geometry differ');
  t = performance.now();
  const join = await db.knex.transaction(async (trx) => {
    await trx.raw('set local jit = off'); // as densityByArea does
    return (await trx.raw(l.join)).rows as { key: number; total: number; working: number; linked: number }[];
  });
  const j = seconds(t);
  const counts: Counts = new Map(features.map((f) => [String(f.properties.key), { total: f.properties.camerasTotal, working: f.properties.camerasWorking, linked: f.properties.camerasLinked }]));
  const joinCounts: Counts = new Map(join.map((r) => [String(r.key), { total: r.total, working: r.working, linked: r.linked }]));
  return { side: 'ours', seconds: s, withGeometryS: g, joinS: j, features: features.length, counts, joinCounts };
}

async function baseline(db: Database, l: (typeof LEVELS)[number]): Promise<BaselineSample> {
  const t0 = performance.now();
  const cameras = (await db.knex.raw(`select ST_X(geom) as lon, ST_Y(geom) as lat, status, linkage from cameras`)).rows as DensityCamera[];
  const t1 = performance.now();
  const areas = (await db.knex.raw(l.areas)).rows as DensityArea[];
  const t2 = performance.now();
  const r = countCamerasByArea(areas, cameras);
  const t3 = performance.now();
  const counts: Counts = new Map(r.areas.map((a) => [String(a.key), { total: a.camerasTotal, working: a.camerasWorking, linked: a.camerasLinked }]));
  return {
    side: 'baseline',
    seconds: (t3 - t0) / 1000,
    loadCamerasS: (t1 - t0) / 1000,
    loadAreasS: (t2 - t1) / 1000,
    countS: (t3 - t2) / 1000,
    areas: areas.length,
    outside: r.outside,
    counts,
  };
}

/** How far two sets of counts are apart: areas that differ and Σ|difference| of each count. */
function compare(a: Counts, b: Counts): string {
  const keys = new Set([...a.keys(), ...b.keys()]);
  let areas = 0;
  const diff = { total: 0, working: 0, linked: 0 };
  let total = 0;
  for (const k of keys) {
    const x = a.get(k) ?? { total: 0, working: 0, linked: 0 };
    const y = b.get(k) ?? { total: 0, working: 0, linked: 0 };
    total += x.total;
    if (x.total !== y.total || x.working !== y.working || x.linked !== y.linked) areas++;
    for (const c of ['total', 'working', 'linked'] as const) diff[c] += Math.abs(x[c] - y[c]);
  }
  return `${areas} of ${keys.size} areas differ; Σ|Δ| total ${diff.total}, working ${diff.working}, linked ${diff.linked} (of ${total} cameras counted)`;
}

export async function densityEntry(db: Database, tools: DensityTools): Promise<Result[]> {
  const n = Number(process.env.BENCH_DENSITY_ROWS ?? (db.engine === 'embedded' ? 200_000 : 1_000_000));
  await prepare(db, n, tools.seed);
  const [{ cameras, located, stations, districts }] = (
    await db.knex.raw(`select (select count(*)::int from cameras) cameras,
        (select count(*)::int from cameras where police_station_id is not null) located,
        (select count(*)::int from police_stations) stations, (select count(*)::int from districts) districts`)
  ).rows;
  console.error(`  density data: ${cameras} cameras (${located} in a police jurisdiction), ${districts} districts, ${stations} police stations; load ${os.loadavg().map((x) => x.toFixed(2)).join(' ')}`);
  const results: Result[] = [];
  const none = Number.NaN;
  try {
    for (const l of LEVELS) {
      const r = await tools.alternate<OursSample | BaselineSample>(
        `density per ${l.label}`,
        (side) => (side === 'ours' ? ours(db, l) : baseline(db, l)),
        (s) =>
          s.side === 'ours'
            ? `densityByArea ${s.seconds.toFixed(2)} s (${s.features} areas), with geometry ${s.withGeometryS.toFixed(2)} s; PostGIS join at query time ${s.joinS.toFixed(2)} s`
            : `${s.seconds.toFixed(2)} s: load cameras ${s.loadCamerasS.toFixed(2)} s, areas ${s.loadAreasS.toFixed(2)} s, count ${s.countS.toFixed(2)} s (${s.areas} areas, ${s.outside} cameras outside)`,
      );
      const o = r.ours as OursSample[];
      const b = r.baseline as BaselineSample[];
      console.error(`  sanity, ${l.label}: densityByArea vs TypeScript: ${compare(o[0]!.counts, b[0]!.counts)}`);
      console.error(`  sanity, ${l.label}: PostGIS join vs TypeScript: ${compare(o[0]!.joinCounts, b[0]!.counts)}`);
      const m = (f: (s: OursSample) => number, g: (s: BaselineSample) => number) => ({ ours: tools.median(o.map(f)), baseline: tools.median(b.map(g)) });
      const head = `density per ${l.label}, ${o[0]!.features} areas, ${cameras} cameras, ${db.engine}`;
      results.push(
        { name: `${head} (densityByArea / TS load + point-in-polygon)`, ...m((s) => s.seconds, (s) => s.seconds), unit: 's' },
        { name: '  vs TS point-in-polygon alone (data loaded)', ...m((s) => s.seconds, (s) => s.countS), unit: 's' },
        { name: '  TS loading: cameras', ours: none, baseline: tools.median(b.map((s) => s.loadCamerasS)), unit: 's' },
        { name: '  TS loading: area polygons', ours: none, baseline: tools.median(b.map((s) => s.loadAreasS)), unit: 's' },
        { name: '  densityByArea with geometry / TS load + point-in-polygon', ...m((s) => s.withGeometryS, (s) => s.seconds), unit: 's' },
        { name: '  PostGIS ST_Intersects join at query time / TS load + point-in-polygon', ...m((s) => s.joinS, (s) => s.seconds), unit: 's' },
      );
    }
  } finally {
    if (!tools.temporary && !process.env.BENCH_KEEP) await clean(db.knex);
  }
  return results;
}
