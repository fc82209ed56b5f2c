/**
 * Benchmarks: `npm run bench`. Each entry runs our code and a baseline on the same data in the same
 * process, alternating, and prints `name | ours | baseline | ratio` (median of the runs). Machines
 * here are noisy: read the ratio, not the seconds.
 *
 * The engine is the one configured: DATABASE_URL, or a fresh embedded database in a temporary
 * folder. On a real server the benchmark inserts rows with external_id 'bench-…' and deletes them.
 * BENCH_ROWS (default 100000) and BENCH_RUNS (default 3) size it.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
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
import { generateSyntheticCameras, type CameraRow } from '../api/src/demo/synthetic.js';

const ROWS = Number(process.env.BENCH_ROWS ?? 100_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);

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

async function measure(entry: Entry): Promise<{ ours: number; baseline: number }> {
  const ours: number[] = [];
  const base: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    // Alternate the order so that warm-up and drift do not favour one side.
    const order = i % 2 === 0 ? (['ours', 'baseline'] as const) : (['baseline', 'ours'] as const);
    for (const side of order) {
      await entry.before?.();
      const t0 = process.hrtime.bigint();
      await entry[side]();
      const s = Number(process.hrtime.bigint() - t0) / 1e9;
      (side === 'ours' ? ours : base).push(s);
      console.error(`  ${entry.name} run ${i + 1} ${side}: ${s.toFixed(2)} s`);
    }
  }
  const median = (a: number[]) => a.sort((x, y) => x - y)[Math.floor(a.length / 2)]!;
  return { ours: median(ours), baseline: median(base) };
}

async function main(): Promise<void> {
  const tmp = process.env.DATABASE_URL ? undefined : fs.mkdtempSync(path.join(os.tmpdir(), 'cctv-atlas-bench-'));
  const db = await bootstrapDatabase({ databaseUrl: process.env.DATABASE_URL, dataDir: tmp, seedDemo: 'never' }, { demo: false, log: (m) => console.error(m) });
  try {
    const anchors = await nationwideAnchors(db.knex);
    const rows = generateSyntheticCameras(ROWS, 7, anchors).map((r, i) => ({ ...r, external_id: `bench-${i + 1}` }));
    const inputs = rows.map(toInput);
    const text = toCopyText(rows);
    const def = entity('cameras');
    console.error(`engine ${db.engine}; ${ROWS} cameras; ${RUNS} runs each (median)`);

    const results: { name: string; ours: number; baseline: number; unit: string }[] = [];
    const insert = await measure({
      name: `insert ${ROWS} cameras: repository bulk insert vs COPY`,
      before: () => clear(db.knex),
      ours: () => db.knex.transaction(async (trx) => void (await bulkUpsert(trx, def, inputs, { onConflict: 'error' }))),
      baseline: () => copyRows(db, text),
    });
    results.push({ name: `insert ${ROWS} cameras (repository bulk / COPY), ${db.engine}`, ...insert, unit: 's' });

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

    const [{ n }] = (await db.knex.raw(`select count(*) n from cameras where external_id like 'bench-%' and province_code is not null`)).rows;
    if (n < ROWS * 0.99) throw new Error(`expected ~${ROWS} located cameras after the last run, found ${n}`);
    await clear(db.knex);

    const w = Math.max(...results.map((r) => r.name.length));
    console.log(`${'name'.padEnd(w)} | ours      | baseline  | ratio`);
    console.log(`${'-'.repeat(w)}-|-----------|-----------|------`);
    for (const r of results) {
      console.log(`${r.name.padEnd(w)} | ${r.ours.toFixed(2).padStart(7)} ${r.unit} | ${r.baseline.toFixed(2).padStart(7)} ${r.unit} | ${(r.ours / r.baseline).toFixed(2)}`);
    }
  } finally {
    await db.close();
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
