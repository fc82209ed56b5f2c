/**
 * Benchmarks: `npm run bench`. Each entry runs our code and a baseline on the same data, alternating
 * the order run by run, and prints `name | ours | baseline | ratio` (median of the runs). Machines
 * here are noisy: read the ratio, not the seconds.
 *
 * Entries (all by default; pick some with `npm run bench -- export` or BENCH_ONLY=insert,import):
 *   insert   BENCH_ROWS cameras through the repository's bulk upsert vs COPY
 *   import   the same rows as a CSV through the importer end to end vs COPY
 *   export   BENCH_EXPORT_ROWS cameras (default 1,000,000; seeded once by COPY) exported to GeoJSON
 *            by the exporter vs the database streaming the same select (COPY … TO STDOUT); each
 *            side runs in a child process (bench/export-child.ts) so that its peak RSS is its own
 *   coverage the coverage engine at province scale (20,000 cameras, 2,000 risk points, 2,000 km of
 *            routes) vs naive Turf point-in-polygon over all pairs; no database (bench/coverage.ts)
 *   density  cameras per district and per police station: densityByArea vs loading every camera
 *            and counting in TypeScript; BENCH_DENSITY_ROWS (default 1,000,000 on a server,
 *            200,000 embedded), BENCH_KEEP=1 keeps the seeded rows for the next run (bench/density.ts)
 *   planning installation planning: greedy on 1,000 candidates × 50,000 demand items vs a naive
 *            greedy, exact (HiGHS, BENCH_PLAN_LIMIT_S, default 30 s) on 200 × 5,000, greedy / exact
 *            on that and smaller instances; no database (bench/planning.ts)
 *   web      the map in headless chromium with BENCH_WEB_ROWS cameras (default 100,000): load time
 *            and frame times while panning, cameras layer on vs off (bench/web.ts)
 *   load     mixed reads and writes over HTTP at increasing rates (open loop) vs /healthz alone:
 *            p50/p95/p99 latency, throughput, errors per step, highest rate with zero errors (bench/load.ts)
 * Only when named (long, or a server of their own):
 *   soak     BENCH_SOAK_MINUTES (default 10) of steady mixed load, memory sampled, trend test (bench/soak.ts)
 *   fault    PostgreSQL stopped and crashed during load on a throwaway cluster: failed requests,
 *            recovery, acknowledged writes lost (bench/load.ts; needs Debian's PostgreSQL binaries)
 *   national BENCH_NATIONAL_ROWS cameras (default 1,000,000) over the 77 provinces: load time, OGC,
 *            dashboard, map, coverage, certification submit, database size (bench/load.ts)
 *
 * The engine is the one configured: DATABASE_URL, or a fresh embedded database in a temporary
 * folder. On a real server the benchmark inserts rows with external_id 'bench-…' and deletes them
 * (the export entry exports every camera: use a database of its own). BENCH_ROWS (default 100000)
 * and BENCH_RUNS (default 3) size the others; BENCH_EXPORT_OUT=file writes the export to a
 * temporary file instead of a counting sink.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Knex } from 'knex';
import { from as copyFrom } from 'pg-copy-streams';
import { bootstrapDatabase } from '../api/src/db/bootstrap.js';
import type { Database } from '../api/src/db/connect.js';
import { entity } from '../api/src/db/entities.js';
import { bulkUpsert } from '../api/src/db/bulk.js';
import { loadConfig } from '../api/src/config.js';
import { nationwideAnchors } from '../api/src/demo/seed.js';
import { importFile } from '../api/src/io/import.js';
import { generateSyntheticCameras, syntheticCameras, type Anchor, type CameraRow } from '../api/src/demo/synthetic.js';
import type { ExportSample } from './export-child.js';
import { coverageEntry } from './coverage.js';
import { densityEntry } from './density.js';
import { webEntry } from './web.js';
import { planningEntry } from './planning.js';
import { faultEntry, loadEntry, nationalEntry, type LoadTools } from './load.js';
import { soakEntry } from './soak.js';

const ROWS = Number(process.env.BENCH_ROWS ?? 100_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const EXPORT_ROWS = Number(process.env.BENCH_EXPORT_ROWS ?? 1_000_000);
const ENTRIES = ['insert', 'import', 'export', 'coverage', 'density', 'planning', 'web', 'load', 'soak', 'fault', 'national'] as const;
type EntryKey = (typeof ENTRIES)[number];
/** Entries that need no database (the pure engines; fault makes a PostgreSQL cluster of its own). */
const NO_DATABASE: readonly EntryKey[] = ['coverage', 'planning', 'fault'];
/** Entries that run only when named. */
const ONLY_WHEN_NAMED: readonly EntryKey[] = ['soak', 'fault', 'national'];

/** Camera columns written by both paths (everything the generator fills, geometry aside). */
const COLUMNS = [
  'external_id', 'place_name', 'contact_name', 'phone', 'address', 'year_installed', 'project', 'recorder_model',
  'camera_brand', 'system', 'kind', 'connection', 'stream_url', 'area_type', 'other_details', 'purposes', 'linkage',
  'control_centre', 'network_type', 'network_provider', 'linked_agencies', 'linked_network', 'link_requirements',
  'link_budget_baht', 'link_responsible_agency', 'retention_days', 'storage_process', 'disclosure_rules',
  'footage_service_frequency', 'footage_request_procedure', 'recorded_resolution', 'max_resolution', 'fps',
  'file_format', 'status', 'repair_budget_baht', 'repair_agency', 'budget_source', 'direction_deg', 'fov_deg', 'range_m',
] as const satisfies readonly (keyof CameraRow)[];

function toInput(r: CameraRow): Record<string, unknown> {
  const out: Record<string, unknown> = { geometry: { type: 'Point', coordinates: [r.lon, r.lat] } };
  for (const c of COLUMNS) out[c] = r[c];
  return out;
}

const escapeCopy = (v: string) => v.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r');
function copyValue(v: unknown): string {
  if (v === null || v === undefined) return '\\N';
  if (Array.isArray(v)) return escapeCopy(`{${v.map((x) => `"${String(x).replace(/(["\\])/g, '\\$1')}"`).join(',')}}`);
  return escapeCopy(String(v));
}
/** COPY text format: one line per row, geometry as EWKT. */
function toCopyText(rows: CameraRow[]): string {
  return rows.map((r) => [...COLUMNS.map((c) => copyValue(r[c])), `SRID=4326;POINT(${r.lon} ${r.lat})`].join('\t')).join('\n') + '\n';
}
/** The same rows as a CSV a province might send (English headers the importer recognises). */
const CSV_COLUMNS = ['external_id', 'place_name', 'status', 'kind', 'year_installed', 'retention_days', 'fps', 'direction_deg', 'recorded_resolution', 'camera_brand'] as const;
function toCsv(rows: CameraRow[]): Buffer {
  const cell = (v: unknown) => (v === null || v === undefined ? '' : /[",\n]/.test(String(v)) ? `"${String(v).replace(/"/g, '""')}"` : String(v));
  const lines = [[...CSV_COLUMNS, 'latitude', 'longitude'].join(',')];
  for (const r of rows) lines.push([...CSV_COLUMNS.map((c) => cell(r[c])), r.lat, r.lon].join(','));
  return Buffer.from(lines.join('\n') + '\n');
}

const COPY_SQL = `copy cameras (${[...COLUMNS, 'geom'].join(', ')}) from stdin`;

async function copyRows(db: Database, text: string): Promise<void> {
  if (db.engine === 'embedded') {
    // PGlite takes COPY from a blob; COPY FROM STDIN does not pass its socket.
    await db.pglite!.query(COPY_SQL.replace('from stdin', `from '/dev/blob'`), [], { blob: new Blob([text]) });
    return;
  }
  const conn = (await db.knex.client.acquireConnection()) as import('pg').PoolClient;
  try {
    await pipeline(Readable.from([text]), conn.query(copyFrom(COPY_SQL)));
  } finally {
    await db.knex.client.releaseConnection(conn);
  }
}

async function clear(knex: Knex): Promise<void> {
  await knex('cameras').where('external_id', 'like', 'bench-%').delete();
}

interface Entry {
  name: string;
  ours: () => Promise<void>;
  baseline: () => Promise<void>;
  before?: () => Promise<void>;
}

/** Runs both sides RUNS times, alternating which goes first; returns the samples of each side. */
export async function alternate<T>(name: string, run: (side: 'ours' | 'baseline') => Promise<T>, show: (s: T) => string): Promise<{ ours: T[]; baseline: T[] }> {
  const out = { ours: [] as T[], baseline: [] as T[] };
  for (let i = 0; i < RUNS; i++) {
    // Alternate the order so that warm-up and drift do not favour one side.
    const order = i % 2 === 0 ? (['ours', 'baseline'] as const) : (['baseline', 'ours'] as const);
    for (const side of order) {
      const s = await run(side);
      out[side].push(s);
      console.error(`  ${name} run ${i + 1} ${side}: ${show(s)}`);
    }
  }
  return out;
}

export const median = (a: number[]) => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)]!;

async function measure(entry: Entry): Promise<{ ours: number; baseline: number }> {
  const r = await alternate(
    entry.name,
    async (side) => {
      await entry.before?.();
      const t0 = process.hrtime.bigint();
      await entry[side]();
      return Number(process.hrtime.bigint() - t0) / 1e9;
    },
    (s) => `${s.toFixed(2)} s`,
  );
  return { ours: median(r.ours), baseline: median(r.baseline) };
}

export interface Result {
  name: string;
  ours: number;
  baseline: number;
  unit: string;
  digits?: number;
}

/**
 * `count` synthetic cameras that lie inside a province. The scatter (σ 1 km around points inside
 * subdistricts) puts a few per mille in the sea or across a border, and the importer refuses those
 * ("outside Thailand"): the insert and import entries take the first `count` rows on land, so that
 * the importer and COPY write the same rows and every one of them.
 */
async function onLand(knex: Knex, count: number, anchors: readonly Anchor[]): Promise<CameraRow[]> {
  for (let extra = 1.02; ; extra += 0.05) {
    const rows = generateSyntheticCameras(Math.ceil(count * extra), 7, anchors);
    const { rows: inside } = await knex.raw(
      `select r.i from jsonb_to_recordset(?::jsonb) r(i int, lon float8, lat float8)
        where exists (select 1 from area_parts a where a.level = 'province' and ST_Intersects(a.geom, ST_SetSRID(ST_MakePoint(r.lon, r.lat), 4326)))
        order by r.i`,
      [JSON.stringify(rows.map((r, i) => ({ i, lon: r.lon, lat: r.lat })))],
    );
    if (inside.length >= count) return (inside as { i: number }[]).slice(0, count).map(({ i }) => rows[i]!);
    if (extra > 1.5) throw new Error(`only ${inside.length} of ${rows.length} synthetic cameras are inside a province`);
  }
}

// ---------------------------------------------------------------------------------------------
// export

const CHILD = path.join(path.dirname(fileURLToPath(import.meta.url)), 'export-child.ts');
const MiB = 1024 * 1024;

/**
 * Seeds `count` synthetic cameras (external ids bench-export-<n>) by COPY, streaming: the rows are
 * generated batch by batch, never all in memory. Areas are derived by the insert trigger, as for
 * any camera. Then VACUUM ANALYZE, so that neither side of the benchmark pays for setting hint bits
 * on freshly loaded pages or runs on missing statistics.
 */
async function seedExportRows(db: Database, count: number, anchors: readonly Anchor[], prefix = 'bench-export', seed = 11): Promise<void> {
  const batch = db.engine === 'embedded' ? 50_000 : 5_000;
  function* chunks(): Generator<string> {
    let rows: CameraRow[] = [];
    let i = 0;
    for (const r of syntheticCameras(count, seed, anchors)) {
      rows.push({ ...r, external_id: `${prefix}-${++i}` });
      if (rows.length === batch) {
        yield toCopyText(rows);
        rows = [];
      }
    }
    if (rows.length) yield toCopyText(rows);
  }
  if (db.engine === 'embedded') {
    for (const text of chunks()) await copyRows(db, text);
  } else {
    const conn = (await db.knex.client.acquireConnection()) as import('pg').PoolClient;
    try {
      await pipeline(Readable.from(chunks()), conn.query(copyFrom(COPY_SQL)));
    } finally {
      await db.knex.client.releaseConnection(conn);
    }
  }
  await db.knex.raw('vacuum analyze cameras');
}

/**
 * Runs one side of the export in a child process (bench/export-child.ts) and returns its sample.
 * The embedded database's socket takes one connection: the parent lets go of its own meanwhile.
 */
async function exportChild(db: Database, side: 'ours' | 'baseline', outFile: string | undefined): Promise<ExportSample> {
  if (db.engine === 'embedded') {
    await db.knex.destroy();
    await new Promise((r) => setTimeout(r, 200)); // the socket server drops the closed connection
  }
  try {
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      DATABASE_URL: db.url,
      BENCH_SIDE: side,
      BENCH_POOL_MAX: db.engine === 'embedded' ? '1' : '10',
    };
    if (outFile) env.BENCH_EXPORT_OUT = outFile;
    else delete env.BENCH_EXPORT_OUT;
    const child = spawn(process.execPath, ['--expose-gc', '--import', import.meta.resolve('tsx'), CHILD], { env, stdio: ['ignore', 'pipe', 'inherit'] });
    let stdout = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    const code = await new Promise<number | null>((resolve, reject) => child.on('error', reject).on('close', resolve));
    if (code !== 0) throw new Error(`export child (${side}) exited with ${code}`);
    return JSON.parse(stdout.trim().split('\n').pop()!) as ExportSample;
  } finally {
    if (outFile) fs.rmSync(outFile, { force: true });
    if (db.engine === 'embedded') db.knex.initialize();
  }
}

async function exportEntry(db: Database, anchors: readonly Anchor[], temporary: boolean): Promise<Result[]> {
  const n = EXPORT_ROWS;
  await clear(db.knex);
  const [{ others }] = (await db.knex.raw(`select count(*) others from cameras where external_id is null or external_id not like 'bench-%'`)).rows;
  if (others > 0) console.error(`  note: ${others} other cameras are in this database and are exported by both sides too`);
  const t0 = process.hrtime.bigint();
  await seedExportRows(db, n, anchors);
  const seeded = Number(process.hrtime.bigint() - t0) / 1e9;
  console.error(`  seeded ${n} cameras by COPY (+ vacuum analyze) in ${seeded.toFixed(1)} s`);
  const total = n + Number(others);

  const tmpDir = process.env.BENCH_EXPORT_OUT ? fs.mkdtempSync(path.join(os.tmpdir(), 'cctv-atlas-bench-export-')) : undefined;
  try {
    const mb = (kib: number) => `${(kib / 1024).toFixed(0)} MB`;
    const r = await alternate(
      `export ${n} cameras to GeoJSON vs COPY TO STDOUT`,
      (side) => exportChild(db, side, tmpDir && path.join(tmpDir, `${side}.out`)),
      (s) => `${s.seconds.toFixed(2)} s, ${s.rows} rows, ${(s.bytes / MiB).toFixed(0)} MiB out, peak RSS ${mb(s.peakRssKiB)} (${s.peakScope === 'work' ? 'during the export' : 'whole process'}; ${mb(s.startRssKiB)} before)`,
    );
    for (const s of [...r.ours, ...r.baseline]) {
      if (s.rows !== total) throw new Error(`the ${s.side} side exported ${s.rows} rows, expected ${total}`);
    }
    const m = (side: 'ours' | 'baseline', f: (s: ExportSample) => number) => median(r[side].map(f));
    const both = (f: (s: ExportSample) => number) => ({ ours: m('ours', f), baseline: m('baseline', f) });
    const sink = tmpDir ? 'file' : 'counting sink';
    const name = `export ${n} cameras to GeoJSON (exporter / COPY TO STDOUT), ${db.engine}, ${sink}`;
    return [
      { name, ...both((s) => s.seconds), unit: 's' },
      { name: '  rows/s', ...both((s) => s.rows / s.seconds), unit: 'rows/s', digits: 0 },
      { name: '  output', ...both((s) => s.bytes / MiB), unit: 'MiB', digits: 0 },
      { name: '  peak RSS (child process)', ...both((s) => s.peakRssKiB / 1024), unit: 'MiB', digits: 0 },
      { name: '  peak RSS above start', ...both((s) => (s.peakRssKiB - s.startRssKiB) / 1024), unit: 'MiB', digits: 0 },
      { name: '  peak RSS / output', ...both((s) => (s.peakRssKiB * 1024) / s.bytes), unit: '', digits: 3 },
    ];
  } finally {
    if (tmpDir) fs.rmSync(tmpDir, { recursive: true, force: true });
    // A temporary embedded database goes away whole; on a server, delete the rows.
    if (!temporary) await clear(db.knex);
  }
}

// ---------------------------------------------------------------------------------------------

function selectedEntries(): Set<EntryKey> {
  const words = [...process.argv.slice(2), ...(process.env.BENCH_ONLY ?? '').split(/[\s,]+/)].map((w) => w.trim().toLowerCase()).filter(Boolean);
  if (!words.length) return new Set(ENTRIES.filter((e) => !ONLY_WHEN_NAMED.includes(e)));
  const out = new Set<EntryKey>();
  for (const w of words) {
    const hits = ENTRIES.filter((e) => e.startsWith(w));
    if (!hits.length) throw new Error(`unknown benchmark "${w}" (${ENTRIES.join(', ')})`);
    hits.forEach((h) => out.add(h));
  }
  return out;
}

function printResults(results: Result[]): void {
  // A row without a baseline (or without ours) prints — there and as its ratio.
  const fmt = (v: number, r: Result) => (Number.isFinite(v) ? `${v.toFixed(r.digits ?? 2)}${r.unit ? ` ${r.unit}` : ''}` : '—');
  const w = Math.max(4, ...results.map((r) => r.name.length));
  const wo = Math.max(9, ...results.map((r) => fmt(r.ours, r).length));
  const wb = Math.max(9, ...results.map((r) => fmt(r.baseline, r).length));
  console.log(`${'name'.padEnd(w)} | ${'ours'.padEnd(wo)} | ${'baseline'.padEnd(wb)} | ratio`);
  console.log(`${'-'.repeat(w)}-|-${'-'.repeat(wo)}-|-${'-'.repeat(wb)}-|------`);
  for (const r of results) {
    const ratio = r.ours / r.baseline;
    console.log(`${r.name.padEnd(w)} | ${fmt(r.ours, r).padStart(wo)} | ${fmt(r.baseline, r).padStart(wb)} | ${!Number.isFinite(ratio) ? '—' : ratio >= 0.1 ? ratio.toFixed(2) : ratio.toPrecision(2)}`);
  }
}

/** What bench/load.ts and bench/soak.ts are given: synthetic cameras by COPY into any database. */
const loadTools = (temporary: boolean): LoadTools => ({ alternate, median, temporary, seed: (db, count, prefix, anchors) => seedExportRows(db, count, anchors, prefix, 14) });

const loadavg = () => os.loadavg().map((l) => l.toFixed(2)).join(' ');

async function main(): Promise<void> {
  const selected = selectedEntries();
  const results: Result[] = [];
  // The coverage entry is the pure engine: it needs no database.
  if (selected.has('coverage')) {
    console.error(`entry coverage (no database); ${RUNS} runs each (median); load ${loadavg()} on ${os.cpus().length} CPUs`);
    results.push(...(await coverageEntry({ alternate, median })));
  }
  // So are the planning solvers.
  if (selected.has('planning')) {
    console.error(`entry planning (no database); ${RUNS} runs each (median); load ${loadavg()} on ${os.cpus().length} CPUs`);
    results.push(...(await planningEntry({ alternate, median })));
  }
  if (selected.has('fault')) {
    console.error(`entry fault (a throwaway PostgreSQL cluster); load ${loadavg()} on ${os.cpus().length} CPUs`);
    results.push(...(await faultEntry(loadTools(true))));
  }
  if ([...selected].some((e) => !NO_DATABASE.includes(e))) await databaseEntries(selected, results);
  console.error(`load at the end ${loadavg()}`);
  printResults(results);
}

async function databaseEntries(selected: Set<EntryKey>, results: Result[]): Promise<void> {
  const tmp = process.env.DATABASE_URL ? undefined : fs.mkdtempSync(path.join(os.tmpdir(), 'cctv-atlas-bench-'));
  const db = await bootstrapDatabase({ databaseUrl: process.env.DATABASE_URL, dataDir: tmp, seedDemo: 'never' }, { demo: false, log: (m) => console.error(m) });
  try {
    const anchors = await nationwideAnchors(db.knex);
    console.error(`engine ${db.engine}; entries ${[...selected].filter((e) => !NO_DATABASE.includes(e)).join(', ')}; ${RUNS} runs each (median); load ${loadavg()} on ${os.cpus().length} CPUs`);

    if (selected.has('insert') || selected.has('import')) {
      const rows = (await onLand(db.knex, ROWS, anchors)).map((r, i) => ({ ...r, external_id: `bench-${i + 1}` }));
      const text = toCopyText(rows);
      const def = entity('cameras');

      if (selected.has('insert')) {
        const inputs = rows.map(toInput);
        const insert = await measure({
          name: `insert ${ROWS} cameras: repository bulk insert vs COPY`,
          before: () => clear(db.knex),
          ours: () => db.knex.transaction(async (trx) => void (await bulkUpsert(trx, def, inputs, { onConflict: 'error' }))),
          baseline: () => copyRows(db, text),
        });
        results.push({ name: `insert ${ROWS} cameras (repository bulk / COPY), ${db.engine}`, ...insert, unit: 's' });
      }

      if (selected.has('import')) {
        // The importer end to end: read the CSV, recognise columns, normalise, validate, write.
        const csv = toCsv(rows);
        const imported = await measure({
          name: `import ${ROWS} cameras from CSV vs COPY`,
          before: () => clear(db.knex),
          ours: async () => {
            const r = await importFile(db.knex, csv, { kind: 'cameras', filename: 'bench.csv', bounds: loadConfig().bounds, fixSwapped: false });
            if (r.inserted !== ROWS) throw new Error(`import wrote ${r.inserted} of ${ROWS}: ${JSON.stringify(r.errors.slice(0, 3))}`);
          },
          baseline: () => copyRows(db, text),
        });
        results.push({ name: `import ${ROWS} cameras from CSV (importer / COPY), ${db.engine}`, ...imported, unit: 's' });
        results.push({ name: '  rows/s', ours: ROWS / imported.ours, baseline: ROWS / imported.baseline, unit: 'rows/s', digits: 0 });
      }

      const [{ n }] = (await db.knex.raw(`select count(*) n from cameras where external_id like 'bench-%' and province_code is not null`)).rows;
      if (n < ROWS * 0.99) throw new Error(`expected ~${ROWS} located cameras after the last run, found ${n}`);
      await clear(db.knex);
    }

    if (selected.has('export')) results.push(...(await exportEntry(db, anchors, !!tmp)));
    if (selected.has('density')) {
      const seed = (count: number, prefix: string) => seedExportRows(db, count, anchors, prefix, 12);
      results.push(...(await densityEntry(db, { alternate, median, seed, temporary: !!tmp })));
    }
    if (selected.has('web')) {
      results.push(...(await webEntry(db, { alternate, median, seed: (count, prefix) => seedExportRows(db, count, anchors, prefix, 13) })));
    }
    if (selected.has('load')) results.push(...(await loadEntry(db, loadTools(!!tmp))));
    if (selected.has('soak')) results.push(...(await soakEntry(db, loadTools(!!tmp))));
    if (selected.has('national')) results.push(...(await nationalEntry(db, loadTools(!!tmp))));
  } finally {
    await db.close();
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
