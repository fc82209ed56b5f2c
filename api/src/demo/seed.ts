/**
 * Demo data: the Ang Thong demo loaded into a new database (ensureDemo), and N synthetic cameras
 * nationwide for scale tests and benchmarks (seedScale). Both run in one transaction on the handle
 * they are given; the embedded database has a single connection, so nothing here touches `knex`
 * once a transaction is open.
 */
import type { Knex } from 'knex';
import { PROVINCE_CODE } from './angthong-data.js';
import { buildAngThongDemo, DEFAULT_DEMO_SEED, planCounts, type DemoGeography, type DemoPlan } from './angthong.js';
import { area, type MultiPolygonCoords, type Position } from './geo.js';
import { CAMERA_COLUMNS, type CameraRow } from './rows.js';
import { syntheticCameras, type Anchor } from './synthetic.js';

export { buildAngThongDemo, DEFAULT_DEMO_SEED, planCounts } from './angthong.js';
export { generateSyntheticCameras, type Anchor, type CameraRow } from './synthetic.js';

export const DEMO_META_KEY = 'demo';
export const DEMO_NOTE = 'synthetic demo data generated from official 2016 totals';
// An arbitrary constant: one demo loader at a time, even with several API processes starting at once.
const DEMO_LOCK_KEY = 482_731_906;

type Db = Knex | Knex.Transaction;

// Bulk insert: one JSON parameter per batch, unpacked by jsonb_to_recordset -------------------------

export interface InsertSpec {
  table: string;
  /** Copied from the JSON record: column → PostgreSQL type. */
  columns: Record<string, string>;
  /** Read from the JSON record for the expressions only: field → type. */
  inputs?: Record<string, string>;
  /** Computed columns: column → SQL expression over r.<field> (and x.<field> of `lateral`). */
  computed?: Record<string, string>;
  /** An optional `lateral (select …) x` clause. */
  lateral?: string;
  suffix?: string;
}

const q = (id: string) => `"${id.replace(/"/g, '""')}"`;

export async function insertJson(db: Db, spec: InsertSpec, rows: readonly object[], batchSize = 2000): Promise<number> {
  const cols = Object.keys(spec.columns);
  const computed = Object.entries(spec.computed ?? {});
  const defs = Object.entries({ ...spec.columns, ...(spec.inputs ?? {}) }).map(([c, t]) => `${q(c)} ${t}`);
  const sql = `with ins as (
      insert into ${spec.table} (${[...cols, ...computed.map(([c]) => c)].map(q).join(', ')})
      select ${[...cols.map((c) => `r.${q(c)}`), ...computed.map(([, e]) => e)].join(', ')}
        from jsonb_to_recordset(?::jsonb) as r(${defs.join(', ')})${spec.lateral ? `, ${spec.lateral}` : ''}
      ${spec.suffix ?? ''}
      returning 1)
    select count(*)::int n from ins`;
  let n = 0;
  for (let i = 0; i < rows.length; i += batchSize) {
    const res = await db.raw(sql, [JSON.stringify(rows.slice(i, i + batchSize))]);
    n += (res.rows[0] as { n: number }).n;
  }
  return n;
}

const POINT = 'ST_SetSRID(ST_MakePoint(r.lon, r.lat), 4326)';
const LONLAT = { lon: 'float8', lat: 'float8' };
const STAMPS = { created_at: 'coalesce(r.created_at, now())', updated_at: 'coalesce(r.created_at, now())' };
const agencyRef = (field: string) => `(select a.id from agencies a where a.external_id = r.${field})`;
const districtRef = (field: string) => `(select d.id from districts d where d.province_code = '${PROVINCE_CODE}' and d.name_th = r.${field})`;

const CAMERA_SPEC: InsertSpec = {
  table: 'cameras',
  columns: CAMERA_COLUMNS,
  inputs: { ...LONLAT, agency_external_id: 'text', created_at: 'timestamptz' },
  computed: { geom: POINT, agency_id: agencyRef('agency_external_id'), ...STAMPS },
};

// Geography -----------------------------------------------------------------------------------------

function parseMulti(geojson: string): MultiPolygonCoords {
  const g = JSON.parse(geojson) as { type: string; coordinates: unknown };
  if (g.type === 'MultiPolygon') return g.coordinates as MultiPolygonCoords;
  if (g.type === 'Polygon') return [g.coordinates as Position[][]];
  return [];
}

/** The province polygon, its districts, and a centre per subdistrict inside both it and its district. */
export async function readGeography(db: Db, provinceCode = PROVINCE_CODE): Promise<DemoGeography> {
  const prov = await db.raw(`select ST_AsGeoJSON(geom, 7) g from provinces where code = ?`, [provinceCode]);
  const districts = await db.raw(
    `select d.name_th, ST_AsGeoJSON(d.geom, 7) g, ST_X(c.p) lon, ST_Y(c.p) lat
       from districts d,
            lateral (select case when ST_Intersects(d.geom, ST_Centroid(d.geom)) then ST_Centroid(d.geom)
                                 else ST_PointOnSurface(d.geom) end p) c
      where d.province_code = ? and not ST_IsEmpty(d.geom)`,
    [provinceCode],
  );
  // The subdistrict and district files were simplified separately: take the point inside their
  // intersection so that the trigger puts things near it in the intended district.
  const subs = await db.raw(
    `select s.name_th, d.name_th district_th, ST_X(c.p) lon, ST_Y(c.p) lat
       from subdistricts s join districts d on d.id = s.district_id,
            lateral (select ST_CollectionExtract(ST_Intersection(s.geom, d.geom), 3) g) i,
            lateral (select case when ST_IsEmpty(i.g) then ST_PointOnSurface(s.geom) else ST_PointOnSurface(i.g) end p) c
      where s.province_code = ? and not ST_IsEmpty(s.geom)`,
    [provinceCode],
  );
  const provRow = prov.rows[0] as { g: string } | undefined;
  if (!provRow) throw new Error(`province ${provinceCode} is not loaded`);
  const byName = <T extends { name_th: string }>(a: T, b: T) => (a.name_th < b.name_th ? -1 : a.name_th > b.name_th ? 1 : 0);
  return {
    province: area(parseMulti(provRow.g)),
    districts: (districts.rows as { name_th: string; g: string; lon: number; lat: number }[])
      .map((d) => ({ name_th: d.name_th, area: area(parseMulti(d.g)), centre: [d.lon, d.lat] as Position }))
      .sort(byName),
    subdistricts: (subs.rows as { name_th: string; district_th: string; lon: number; lat: number }[])
      .map((s) => ({ name_th: s.name_th, district_th: s.district_th, centre: [s.lon, s.lat] as Position }))
      .sort((a, b) => byName(a, b) || (a.district_th < b.district_th ? -1 : a.district_th > b.district_th ? 1 : 0)),
  };
}

// The Ang Thong demo ----------------------------------------------------------------------------------

/** Inserts a plan (in this order: agencies, stations + jurisdictions, cameras, the rest). */
export async function loadPlan(trx: Knex.Transaction, plan: DemoPlan): Promise<{ stationFallbacks: number }> {
  await insertJson(trx, {
    table: 'agencies',
    columns: { external_id: 'text', name: 'text', type: 'text', province_code: 'text', contact_name: 'text', phone: 'text' },
    inputs: { district_th: 'text', created_at: 'timestamptz' },
    computed: { district_id: districtRef('district_th'), is_demo: 'true', ...STAMPS },
  }, plan.agencies);

  await insertJson(trx, {
    table: 'police_stations',
    columns: { external_id: 'text', name_th: 'text', name_en: 'text', phone: 'text' },
    inputs: { ...LONLAT, created_at: 'timestamptz' },
    computed: { geom: POINT, is_demo: 'true', ...STAMPS },
  }, plan.stations);
  // Jurisdictions: Voronoi cells of the station points clipped to the province. Like real
  // jurisdictions they do not follow district borders.
  const ids = plan.stations.map((s) => s.external_id);
  await trx.raw(
    `with prov as (select geom from provinces where code = ?),
          pts as (select ST_Collect(geom order by external_id) g from police_stations where external_id = any(?)),
          cells as (select (ST_Dump(ST_VoronoiPolygons(pts.g, 0, ST_Expand(prov.geom, 0.2)))).geom cell from pts, prov)
     update police_stations s
        set jurisdiction = ST_Multi(ST_CollectionExtract(ST_MakeValid(ST_Intersection(c.cell, prov.geom)), 3))
       from cells c, prov
      where s.external_id = any(?) and ST_Intersects(c.cell, s.geom)`,
    [PROVINCE_CODE, ids, ids],
  );

  await insertJson(trx, CAMERA_SPEC, plan.cameras);
  // A point exactly on a shared cell edge could miss both cells: give it the nearest station.
  const fallback = await trx.raw(
    `update cameras c set police_station_id = (
        select s.id from police_stations s where s.external_id = any(?) order by s.geom <-> c.geom, s.id limit 1)
      where c.external_id = any(?) and c.police_station_id is null`,
    [ids, plan.cameras.map((c) => c.external_id)],
  );

  await insertJson(trx, {
    table: 'risk_points',
    columns: { external_id: 'text', name: 'text', category: 'text', weight: 'float8', radius_m: 'float8', notes: 'text' },
    inputs: { ...LONLAT, created_at: 'timestamptz' },
    computed: { geom: POINT, is_demo: 'true', ...STAMPS },
  }, plan.riskPoints);
  await insertJson(trx, {
    table: 'risk_routes',
    columns: { external_id: 'text', name: 'text', category: 'text', weight: 'float8', notes: 'text' },
    inputs: { geometry: 'text', created_at: 'timestamptz' },
    computed: { geom: 'ST_SetSRID(ST_GeomFromGeoJSON(r.geometry), 4326)', is_demo: 'true', ...STAMPS },
  }, plan.riskRoutes);
  await insertJson(trx, {
    table: 'planned_sites',
    columns: {
      external_id: 'text', place_name: 'text', address: 'text', status: 'text', reason: 'text', camera_count: 'int',
      system: 'text', kind: 'text', direction_deg: 'float8', fov_deg: 'float8', range_m: 'float8', cost_baht: 'numeric',
      budget_source: 'text', priority: 'int', notes: 'text',
    },
    inputs: { ...LONLAT, agency_external_id: 'text', created_at: 'timestamptz' },
    computed: { geom: POINT, agency_id: agencyRef('agency_external_id'), is_demo: 'true', ...STAMPS },
  }, plan.plannedSites);
  await insertJson(trx, {
    table: 'footage_requests',
    columns: {
      external_id: 'text', requested_at: 'timestamptz', incident_at: 'timestamptz', requester_unit: 'text', case_ref: 'text',
      result: 'text', answered_at: 'timestamptz', notes: 'text',
    },
    inputs: { camera_external_id: 'text' },
    computed: {
      camera_id: '(select c.id from cameras c where c.external_id = r.camera_external_id)',
      is_demo: 'true',
      created_at: 'r.requested_at',
      updated_at: 'coalesce(r.answered_at, r.requested_at)',
    },
  }, plan.footageRequests);
  await insertJson(trx, {
    table: 'problems',
    columns: { category: 'text', description: 'text', suggestion: 'text', reported_on: 'date' },
    inputs: { agency_external_id: 'text' },
    computed: {
      province_code: `'${PROVINCE_CODE}'`,
      agency_id: agencyRef('agency_external_id'),
      is_demo: 'true',
      created_at: `(r.reported_on::text || ' 10:00+07')::timestamptz`,
      updated_at: `(r.reported_on::text || ' 10:00+07')::timestamptz`,
    },
  }, plan.problems);
  await insertJson(trx, {
    table: 'lao_maintenance_rows',
    columns: {
      survey_year: 'int', district_name: 'text', lao_name: 'text', budget_source: 'text', total: 'int', working: 'int',
      under_repair: 'int', beyond_repair: 'int', remark: 'text',
    },
    computed: {
      province_code: `'${PROVINCE_CODE}'`,
      district_id: districtRef('district_name'),
      is_demo: 'true',
      created_at: `timestamptz '2019-08-15 10:00+07'`,
      updated_at: `timestamptz '2019-08-15 10:00+07'`,
    },
  }, plan.laoRows);
  return { stationFallbacks: fallback.rowCount ?? 0 };
}

export interface EnsureDemoOptions {
  seed?: number;
}

/**
 * Loads the Ang Thong demo when the database has no cameras and has never had the demo
 * (app_meta 'demo'), in one transaction; otherwise does nothing.
 */
export async function ensureDemo(knex: Knex, log: (m: string) => void, opts: EnsureDemoOptions = {}): Promise<void> {
  const seed = opts.seed ?? DEFAULT_DEMO_SEED;
  const t0 = Date.now();
  const summary = await knex.transaction(async (trx) => {
    await trx.raw('select pg_advisory_xact_lock(?)', [DEMO_LOCK_KEY]);
    const state = (
      await trx.raw(
        `select exists (select 1 from cameras) has_cameras,
                exists (select 1 from app_meta where key = ?) has_demo,
                exists (select 1 from provinces where code = ?) has_province`,
        [DEMO_META_KEY, PROVINCE_CODE],
      )
    ).rows[0] as { has_cameras: boolean; has_demo: boolean; has_province: boolean };
    if (state.has_cameras || state.has_demo) return null;
    if (!state.has_province) {
      log('demo data skipped: the boundaries of Ang Thong (15) are not loaded');
      return null;
    }
    const plan = buildAngThongDemo(seed, await readGeography(trx));
    const { stationFallbacks } = await loadPlan(trx, plan);
    const counts = planCounts(plan);
    const check = (
      await trx.raw(
        `select count(*) filter (where province_code is distinct from ?) outside,
                count(*) filter (where district_id is null) no_district
           from cameras where is_demo`,
        [PROVINCE_CODE],
      )
    ).rows[0] as { outside: number; no_district: number };
    const meta = {
      province: PROVINCE_CODE,
      generatedAt: new Date().toISOString(),
      seed,
      counts,
      note: DEMO_NOTE,
    };
    await trx.raw(`insert into app_meta (key, value) values (?, ?::jsonb)`, [DEMO_META_KEY, JSON.stringify(meta)]);
    return { counts, stationFallbacks, check };
  });
  if (!summary) return;
  const c = summary.counts;
  const warn =
    (summary.check.outside || summary.check.no_district ? `; WARNING ${summary.check.outside} cameras outside province 15, ${summary.check.no_district} without district` : '') +
    (summary.stationFallbacks ? `; ${summary.stationFallbacks} cameras given the nearest station` : '');
  log(
    `demo data loaded for Ang Thong (15) in ${((Date.now() - t0) / 1000).toFixed(1)} s (seed ${seed}): ` +
      `${c.agencies} agencies (${c.agencies_with_cameras} with cameras), ${c.police_stations} police stations, ` +
      `${c.cameras} cameras (${c.working} working, ${c.not_working} not working, ${c.under_repair} under repair, ${c.beyond_repair} beyond repair), ` +
      `${c.risk_points} risk points, ${c.risk_routes} risk routes, ${c.planned_sites} planned sites, ` +
      `${c.footage_requests} footage requests, ${c.problems} problems, ${c.lao_maintenance_rows} LAO survey rows${warn}`,
  );
}

// Synthetic cameras at scale ---------------------------------------------------------------------------

export interface SeedScaleOptions {
  seed?: number;
  log?: (m: string) => void;
  /** Rows per INSERT statement (default 5000). */
  batchSize?: number;
  /** Standard deviation of the scatter around the anchors, metres (default 1000). */
  jitterM?: number;
}

export interface SeedScaleResult {
  inserted: number;
  skipped: number;
  anchors: number;
  seconds: number;
}

// The areas are looked up here, all three levels in one index probe, instead of three probes in
// the trigger (which then only assigns the police station): about twice as fast at 100k rows.
// (An aggregate always returns one row: with `when` false the probe is skipped and all are null.)
const areasAt = (pt: string, when = 'true') =>
  `(select max(area_key) filter (where level = 'province') prov,
           max(area_key) filter (where level = 'district') dist,
           max(area_key) filter (where level = 'subdistrict') sub
      from area_parts where ${when} and ST_Intersects(geom, ${pt}))`;
export const SCALE_CAMERA_SPEC: InsertSpec = {
  ...CAMERA_SPEC,
  inputs: { ...CAMERA_SPEC.inputs, alon: 'float8', alat: 'float8' },
  lateral: `lateral (select ST_SetSRID(ST_MakePoint(r.lon, r.lat), 4326) p,
                            ST_SetSRID(ST_MakePoint(r.alon, r.alat), 4326) a) x0,
            lateral ${areasAt('x0.p')} x1,
            lateral (select x1.prov is not null and x1.dist is not null and x1.sub is not null inside) x2,
            lateral ${areasAt('x0.a', 'not x2.inside')} x3`,
  computed: {
    ...CAMERA_SPEC.computed,
    geom: 'case when x2.inside then x0.p else x0.a end',
    province_code: 'case when x2.inside then x1.prov else x3.prov end',
    district_id: '(case when x2.inside then x1.dist else x3.dist end)::int',
    subdistrict_id: '(case when x2.inside then x1.sub else x3.sub end)::int',
  },
  suffix: 'on conflict (external_id) do nothing',
};

/**
 * A weighted anchor inside every non-empty subdistrict of Thailand (its ST_PointOnSurface, kept
 * when the lookup finds a province, district and subdistrict there); Bangkok and the Mueang
 * districts weigh more.
 */
export async function nationwideAnchors(db: Db): Promise<Anchor[]> {
  const res = await db.raw(
    `select ST_X(x.p) lon, ST_Y(x.p) lat,
            case when s.province_code = '10' then 6 when d.name_th like 'เมือง%' then 2 else 1 end weight
       from subdistricts s join districts d on d.id = s.district_id,
            lateral (select ST_PointOnSurface(s.geom) p) x,
            lateral (select bool_or(level = 'province') prov, bool_or(level = 'district') dist, bool_or(level = 'subdistrict') sub
                       from area_parts where ST_Intersects(geom, x.p)) y
      where not ST_IsEmpty(s.geom) and y.prov and y.dist and y.sub
      order by s.id`,
  );
  return res.rows as Anchor[];
}

/**
 * Inserts `count` synthetic cameras (is_demo, external ids synth-<seed>-<n>) scattered around the
 * subdistricts of Thailand, in batches, in one transaction. A point that the scatter took outside
 * every province (sea, neighbouring country) is put back on its anchor. Rows that already exist
 * (same seed, same number) are skipped, so `seed --scale N` tops the set up to N for that seed.
 */
export async function seedScale(knex: Knex, count: number, opts: SeedScaleOptions = {}): Promise<SeedScaleResult> {
  const seed = opts.seed ?? 1;
  const log = opts.log ?? (() => {});
  const batchSize = opts.batchSize ?? 5000;
  const t0 = Date.now();
  const result = await knex.transaction(async (trx) => {
    const anchors = await nationwideAnchors(trx);
    let inserted = 0;
    let batch: (CameraRow & { alon: number; alat: number })[] = [];
    let done = 0;
    const flush = async () => {
      inserted += await insertJson(trx, SCALE_CAMERA_SPEC, batch, batch.length);
      done += batch.length;
      batch = [];
      log(`seed --scale: ${done}/${count} rows (${inserted} new) after ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    };
    for (const row of syntheticCameras(count, seed, anchors, { jitterM: opts.jitterM })) {
      const a = anchors[row.anchor ?? 0]!;
      batch.push({ ...row, alon: a.lon, alat: a.lat });
      if (batch.length >= batchSize) await flush();
    }
    if (batch.length) await flush();
    return { inserted, anchors: anchors.length };
  });
  const seconds = (Date.now() - t0) / 1000;
  log(`seed --scale: ${result.inserted} synthetic cameras inserted (${count - result.inserted} already there) from ${result.anchors} anchors in ${seconds.toFixed(1)} s`);
  return { inserted: result.inserted, skipped: count - result.inserted, anchors: result.anchors, seconds };
}
