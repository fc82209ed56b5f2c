/**
 * One side of the "export cameras to GeoJSON" benchmark, run by bench/run.ts in a child process of
 * its own so that its peak RSS is not mixed with the other side's heap (or with the parent's, which
 * holds the embedded database and the generated rows).
 *
 *   BENCH_SIDE=ours       exportKind(cameras, geojson): the exporter as the CLI and the API run it
 *   BENCH_SIDE=baseline   COPY (<the same select: same columns, joins, ST_AsGeoJSON(geom, 6), id
 *                         order>) TO STDOUT drained through pg-copy-streams: the database's own
 *                         streaming of the rows, without our paging, parsing or JSON writing
 *
 * Both sides load the same modules and open their connection before the clock starts; the peak
 * resident set is measured from there (VmHWM after resetting it via /proc/self/clear_refs; where
 * that is not allowed, the process's whole-life maxRSS). Output: one JSON line on stdout.
 *
 * DATABASE_URL is required (for the embedded database: the parent's loopback socket, which takes
 * one connection, hence BENCH_POOL_MAX=1 there, the pool size the embedded server runs with too).
 * BENCH_EXPORT_OUT: a file to write to; without it the output goes to a counting sink.
 */
import fs from 'node:fs';
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import knexFactory, { type Knex } from 'knex';
import { to as copyTo } from 'pg-copy-streams';
import '../api/src/db/connect.js'; // the pg type parsers the application uses (int8, numeric, date)
import { JOINS, type JoinName, exportKind, kindDef, sourceColumns } from '../api/src/io/export/index.js';

export interface ExportSample {
  side: 'ours' | 'baseline';
  seconds: number;
  rows: number;
  bytes: number;
  /** Resident set before the work (modules loaded, connection open), KiB. */
  startRssKiB: number;
  /** Peak resident set during the work (or of the whole process, see peakScope), KiB. */
  peakRssKiB: number;
  peakScope: 'work' | 'process';
}

const KIND = 'cameras';

/** A Writable that counts bytes (and newlines, i.e. COPY rows) and drops them. */
class CountingSink extends Writable {
  bytes = 0;
  newlines = 0;
  override _write(chunk: Buffer, _enc: BufferEncoding, cb: (err?: Error | null) => void): void {
    this.bytes += chunk.length;
    for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) this.newlines++;
    cb();
  }
}

/**
 * The exporter's select (source.ts, batchQuery) for every row at once: the same columns and joins,
 * the same geometry expression, in id order; no keyset paging, no limit.
 */
function baselineSql(knex: Knex): string {
  const def = kindDef(KIND);
  const joins = new Set<JoinName>();
  const select: Knex.Raw[] = sourceColumns(KIND, { includeSensitive: false }).map((col) => {
    if (col.join) joins.add(col.join);
    return col.sql ? knex.raw(`${col.sql} as ??`, [col.name]) : knex.raw('?? as ??', [`t.${col.name}`, col.name]);
  });
  const g = def.geometry!.sql;
  select.push(knex.raw(`case when ${g} is null or ST_IsEmpty(${g}) then null else ST_AsGeoJSON(${g}, 6) end as "__geometry"`));
  const q = knex({ t: def.table }).select(select);
  for (const j of joins) {
    const { alias, table, on } = JOINS[j];
    q.leftJoin({ [alias]: table }, on[0], on[1]);
  }
  return q.orderBy('t.id').toString();
}

function vmHwmKiB(): number | undefined {
  try {
    const m = /VmHWM:\s+(\d+)\s*kB/.exec(fs.readFileSync('/proc/self/status', 'utf8'));
    return m ? Number(m[1]) : undefined;
  } catch {
    return undefined;
  }
}

/** Resets the peak-RSS counter (Linux: writing 5 to clear_refs); false where not possible. */
function resetPeak(): boolean {
  try {
    fs.writeFileSync('/proc/self/clear_refs', '5');
    return vmHwmKiB() !== undefined;
  } catch {
    return false;
  }
}

async function main(): Promise<void> {
  const side = process.env.BENCH_SIDE;
  if (side !== 'ours' && side !== 'baseline') throw new Error('BENCH_SIDE must be ours or baseline');
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('DATABASE_URL is required');
  const knex = knexFactory({ client: 'pg', connection: url, pool: { min: 0, max: Number(process.env.BENCH_POOL_MAX ?? 10) } });
  const file = process.env.BENCH_EXPORT_OUT;
  try {
    await knex.raw('select 1'); // connect before the clock starts
    const sql = side === 'baseline' ? `copy (${baselineSql(knex)}) to stdout` : '';
    global.gc?.(); // run with --expose-gc: start from a collected heap
    const startRssKiB = Math.round(process.memoryUsage().rss / 1024);
    const peakScope = resetPeak() ? 'work' : 'process';

    const counter = new CountingSink();
    const out: Writable = file ? fs.createWriteStream(file) : counter;
    const t0 = process.hrtime.bigint();
    let rows: number;
    if (side === 'ours') {
      rows = (await exportKind(knex, { kind: KIND, format: 'geojson' }, out)).count;
    } else {
      const conn = (await knex.client.acquireConnection()) as import('pg').PoolClient;
      try {
        await pipeline(conn.query(copyTo(sql)), out);
      } finally {
        await knex.client.releaseConnection(conn);
      }
      rows = -1; // counted below (text COPY: one line per row, line breaks in values are escaped)
    }
    const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
    const peakRssKiB = (peakScope === 'work' ? vmHwmKiB() : undefined) ?? process.resourceUsage().maxRSS;

    let bytes = counter.bytes;
    if (file) {
      bytes = fs.statSync(file).size;
      if (side === 'baseline') rows = countLines(file);
    } else if (side === 'baseline') rows = counter.newlines;
    const sample: ExportSample = { side, seconds, rows, bytes, startRssKiB, peakRssKiB, peakScope };
    process.stdout.write(`${JSON.stringify(sample)}\n`);
  } finally {
    await knex.destroy();
  }
}

function countLines(file: string): number {
  let n = 0;
  const fd = fs.openSync(file, 'r');
  const buf = Buffer.alloc(1 << 20);
  try {
    for (let len; (len = fs.readSync(fd, buf, 0, buf.length, null)) > 0; ) {
      for (let i = buf.indexOf(10); i !== -1 && i < len; i = buf.indexOf(10, i + 1)) n++;
    }
  } finally {
    fs.closeSync(fd);
  }
  return n;
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
