/**
 * The `soak` bench entry: does the server's memory stay flat under steady load? Run with
 * `npm run bench -- soak` (not in CI, not in the default set: it takes BENCH_SOAK_MINUTES, default 10).
 *
 * Same data, accounts, request mix and in-process server as the `load` entry (bench/load.ts: the
 * province topped up to BENCH_SOAK_CAMERAS, default 20,000; 70 % reads, 30 % writes; the generator
 * in a worker thread), at a steady BENCH_SOAK_RATE (default 20 req/s) on the configured engine.
 * Every BENCH_SOAK_SAMPLE_S (default 5 s) the process's memory is sampled: a full garbage collection
 * first (so the heap figure is what is still referenced, not garbage waiting), then RSS, heap used,
 * heap total, external and array buffers (process.memoryUsage). RSS is the whole process: the
 * server, the generator's thread, and with the embedded engine PGlite's WebAssembly memory too.
 * Latency and errors are summed per minute. BENCH_SOAK_CSV=<file> writes every sample.
 *
 * The trend test: a least-squares line through the samples of the second half (the first half is
 * warm-up: JIT, caches, pools, PGlite's memory reaching its working size); its rise over the second
 * half must stay within max(2 MiB, 2 %) of the mean for the heap and max(16 MiB, 5 %) for RSS.
 * A FAIL sets the exit code to 1. Printed: start and end means, the fitted growth against the
 * threshold (ratio < 1 passes), the slope per hour, latency in the first and last minute.
 */
import fs from 'node:fs';
import os from 'node:os';
import v8 from 'node:v8';
import vm from 'node:vm';
import type { Database } from '../api/src/db/connect.js';
import type { Result } from './run.js';
import { buildMix, LoadGenerator, makeAccounts, prepareProvince, type RunResult, serve, showStats, stats, type LoadTools } from './load.js';

const env = (name: string, fallback: number) => (process.env[name] ? Number(process.env[name]) : fallback);
const MiB = 1024 * 1024;

interface Sample {
  t: number;
  rss: number;
  heapUsed: number;
  heapTotal: number;
  external: number;
  arrayBuffers: number;
}

/** Least squares y = a + b·t; returns the slope b and the fitted rise over [t0, t1]. */
export function fit(points: { t: number; y: number }[]): { slope: number; rise: number; mean: number } {
  const n = points.length;
  const mt = points.reduce((s, p) => s + p.t, 0) / n;
  const my = points.reduce((s, p) => s + p.y, 0) / n;
  let sxy = 0;
  let sxx = 0;
  for (const p of points) {
    sxy += (p.t - mt) * (p.y - my);
    sxx += (p.t - mt) ** 2;
  }
  const slope = sxx > 0 ? sxy / sxx : 0;
  const span = points[n - 1]!.t - points[0]!.t;
  return { slope, rise: slope * span, mean: my };
}

export async function soakEntry(db: Database, tools: LoadTools): Promise<Result[]> {
  const minutes = env('BENCH_SOAK_MINUTES', 10);
  const rate = env('BENCH_SOAK_RATE', 20);
  const sampleMs = env('BENCH_SOAK_SAMPLE_S', 5) * 1000;
  const windowMs = 60_000;
  v8.setFlagsFromString('--expose-gc');
  const gc = vm.runInNewContext('gc') as () => void;

  const cameras = await prepareProvince(db, tools, env('BENCH_SOAK_CAMERAS', 20_000));
  const tokens = await makeAccounts(db.knex, 'bench-soak');
  const tag = Date.now().toString(36);
  const specs = await buildMix(db.knex, tokens, { tag });
  const srv = await serve(db);
  const gen = new LoadGenerator(srv.base, specs);
  console.error(`  soak: ${minutes} min at ${rate} req/s, ${cameras} cameras in the province, ${db.engine}; memory every ${sampleMs / 1000} s; load ${os.loadavg().map((l) => l.toFixed(2)).join(' ')} on ${os.cpus().length} CPUs`);

  const samples: Sample[] = [];
  const t0 = performance.now();
  const sample = () => {
    gc();
    const m = process.memoryUsage();
    samples.push({ t: (performance.now() - t0) / 1000, rss: m.rss, heapUsed: m.heapUsed, heapTotal: m.heapTotal, external: m.external, arrayBuffers: m.arrayBuffers });
  };
  const windows: RunResult[] = [];
  let seq = 0;
  sample();
  const timer = setInterval(sample, sampleMs);
  try {
    const end = t0 + minutes * 60_000;
    while (performance.now() < end) {
      const d = Math.min(windowMs, end - performance.now());
      if (d < 1000) break;
      const r = await gen.run({ rate, durationMs: d, runId: `bs-${tag}`, startSeq: seq });
      seq += r.n + 1;
      windows.push(r);
      const last = samples[samples.length - 1]!;
      console.error(`  minute ${windows.length}: ${showStats(stats(r))}; RSS ${(last.rss / MiB).toFixed(0)} MiB, heap after GC ${(last.heapUsed / MiB).toFixed(1)} MiB`);
      for (const f of r.failures.slice(0, 2)) console.error(`    failure: ${f}`);
    }
  } finally {
    clearInterval(timer);
    sample();
    await gen.close();
    await srv.close();
    if (!tools.temporary) {
      await db.knex.raw(`delete from cameras where external_id like 'bench-load-w-%'`);
      if (!process.env.BENCH_KEEP) await db.knex('cameras').where('external_id', 'like', 'bench-load-seed-%').delete();
    }
    await db.knex('users').where('username', 'like', 'bench-soak-%').delete();
  }
  if (process.env.BENCH_SOAK_CSV) {
    fs.writeFileSync(process.env.BENCH_SOAK_CSV, ['t_s,rss,heap_used,heap_total,external,array_buffers', ...samples.map((s) => [s.t.toFixed(1), s.rss, s.heapUsed, s.heapTotal, s.external, s.arrayBuffers].join(','))].join('\n') + '\n');
    console.error(`  samples written to ${process.env.BENCH_SOAK_CSV}`);
  }

  const duration = samples[samples.length - 1]!.t;
  const second = samples.filter((s) => s.t >= duration / 2);
  const firstMinute = samples.filter((s) => s.t >= duration / 2 && s.t < duration / 2 + 60);
  const lastMinute = samples.filter((s) => s.t >= duration - 60);
  const mean = (a: Sample[], f: (s: Sample) => number) => a.reduce((s, x) => s + f(x), 0) / a.length;
  const results: Result[] = [];
  const head = `soak ${minutes} min at ${rate} req/s, ${db.engine}`;
  let failed = false;
  for (const [label, f, absMiB, share] of [
    ['heap used after GC', (s: Sample) => s.heapUsed, 2, 0.02],
    ['RSS', (s: Sample) => s.rss, 16, 0.05],
  ] as const) {
    const line = fit(second.map((s) => ({ t: s.t, y: f(s) })));
    const threshold = Math.max(absMiB * MiB, share * line.mean);
    const pass = line.rise <= threshold;
    failed ||= !pass;
    console.error(
      `  trend, ${label}: ${pass ? 'PASS' : 'FAIL'} — over the second half (${second.length} samples, ${((second[second.length - 1]!.t - second[0]!.t) / 60).toFixed(1)} min) the fitted line rises ${(line.rise / MiB).toFixed(2)} MiB ` +
        `(${((line.slope * 3600) / MiB).toFixed(1)} MiB/h) against a threshold of ${(threshold / MiB).toFixed(2)} MiB; mean ${(line.mean / MiB).toFixed(1)} MiB, ` +
        `first sample ${(f(samples[0]!) / MiB).toFixed(1)} MiB, last ${(f(samples[samples.length - 1]!) / MiB).toFixed(1)} MiB`,
    );
    results.push(
      { name: `${head}: ${label}, last minute / first minute of the second half`, ours: mean(lastMinute, f) / MiB, baseline: mean(firstMinute, f) / MiB, unit: 'MiB', digits: 1 },
      { name: `  ${label}: fitted rise over the second half / threshold (${pass ? 'PASS' : 'FAIL'})`, ours: line.rise / MiB, baseline: threshold / MiB, unit: 'MiB', digits: 2 },
      { name: `  ${label}: slope`, ours: (line.slope * 3600) / MiB, baseline: NaN, unit: 'MiB/h', digits: 1 },
    );
  }
  const first = stats(windows[0]!);
  const last = stats(windows[windows.length - 1]!);
  const errors = windows.reduce((s, w) => s + stats(w).errors, 0);
  const requests = windows.reduce((s, w) => s + w.n, 0);
  results.push(
    { name: '  latency p50, last minute / first minute', ours: last.p50, baseline: first.p50, unit: 'ms', digits: 1 },
    { name: '  latency p99, last minute / first minute', ours: last.p99, baseline: first.p99, unit: 'ms', digits: 1 },
    { name: '  errors / requests', ours: errors, baseline: requests, unit: '', digits: 0 },
  );
  if (failed) {
    console.error('  soak: memory grows (FAIL): exit code 1');
    process.exitCode = 1;
  }
  return results;
}
