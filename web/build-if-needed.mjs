#!/usr/bin/env node
// Builds the web app (vite build) only when web/dist is missing or older than its sources.
// Plain Node, no dependencies: `npm start` runs it before the API, and the browser test runs it too.
//   node web/build-if-needed.mjs          build when stale
//   node web/build-if-needed.mjs --force  always build
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const WEB = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.dirname(WEB);
const DIST_INDEX = path.join(WEB, 'dist', 'index.html');
/** Everything the build reads; a directory counts as its newest file. */
const INPUTS = ['src', 'public', 'index.html', 'vite.config.ts', 'package.json'].map((p) => path.join(WEB, p));
const rel = (p) => path.relative(ROOT, p) || '.';
const log = (msg) => console.log(`[web] ${msg}`);

/** Files that never reach the bundle (tests) do not make dist stale. */
const IGNORED = /\.test\.[cm]?[jt]sx?$/;

/** Newest file under `p` as { file, mtimeMs }, or undefined when `p` does not exist. */
function newest(p) {
  let stat;
  try {
    stat = fs.statSync(p);
  } catch {
    return undefined;
  }
  if (!stat.isDirectory()) return { file: p, mtimeMs: stat.mtimeMs };
  let best;
  for (const entry of fs.readdirSync(p)) {
    if (IGNORED.test(entry)) continue;
    const n = newest(path.join(p, entry));
    if (n && (!best || n.mtimeMs > best.mtimeMs)) best = n;
  }
  return best;
}

/** Why a build is needed, or undefined when dist is up to date. */
function staleReason() {
  if (process.argv.includes('--force')) return '--force given';
  let built;
  try {
    built = fs.statSync(DIST_INDEX).mtimeMs;
  } catch {
    return `${rel(DIST_INDEX)} is missing`;
  }
  for (const input of INPUTS) {
    const n = newest(input);
    if (n && n.mtimeMs > built) return `${rel(n.file)} is newer than ${rel(DIST_INDEX)}`;
  }
  return undefined;
}

/** The vite CLI as [command, ...args], preferring the local binary run by this same Node. */
function viteCommand() {
  for (const dir of [path.join(WEB, 'node_modules'), path.join(ROOT, 'node_modules')]) {
    const bin = path.join(dir, 'vite', 'bin', 'vite.js');
    if (fs.existsSync(bin)) return [process.execPath, bin, 'build'];
  }
  // Not installed where we expect: let npm find it (fails clearly if vite is absent).
  return [process.platform === 'win32' ? 'npm.cmd' : 'npm', 'run', 'build', '-w', 'web'];
}

const reason = staleReason();
if (!reason) {
  log(`${rel(DIST_INDEX)} is up to date; not building`);
  process.exit(0);
}

const [cmd, ...args] = viteCommand();
const cwd = cmd === process.execPath ? WEB : ROOT;
log(`building: ${reason}`);
log(`running ${[path.basename(cmd), ...args.map((a) => (path.isAbsolute(a) ? rel(a) : a))].join(' ')} in ${rel(cwd)}/`);
const t0 = Date.now();
// Always a production build, even when called from a test runner that sets NODE_ENV=test
// (Vite would otherwise bundle React's development build).
const env = { ...process.env, NODE_ENV: 'production' };
const res = spawnSync(cmd, args, { cwd, env, stdio: 'inherit', shell: process.platform === 'win32' });
if (res.error) {
  console.error(`[web] could not run the build: ${res.error.message}`);
  process.exit(1);
}
if (res.status !== 0) {
  console.error(`[web] build failed (${res.signal ? `signal ${res.signal}` : `exit code ${res.status}`})`);
  process.exit(res.status || 1);
}
if (!fs.existsSync(DIST_INDEX)) {
  console.error(`[web] build finished but ${rel(DIST_INDEX)} was not written`);
  process.exit(1);
}
log(`built in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
