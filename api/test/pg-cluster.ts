/**
 * Throwaway PostgreSQL clusters for tests and benchmarks that must stop, restart or replicate a
 * server — never the shared one (Debian's 15/main on port 5432 belongs to everybody).
 *
 * A cluster is a data directory under /tmp made by Debian's `initdb` (the newest
 * /usr/lib/postgresql/<version>/bin, or PG_BIN), listening on 127.0.0.1 only, on a free port, with
 * its socket in its own directory and `trust` authentication for the user `postgres` (loopback only,
 * so no password). Run as root (as CI does), every server command runs as the `postgres` user
 * (PostgreSQL refuses root); run as anyone else, as that user. Clusters still running when the
 * process exits are stopped (immediately), and their directories removed unless `keep` is set.
 *
 *   import { pgClusterUnavailable, startCluster } from './pg-cluster.js';
 *   const why = pgClusterUnavailable();           // null, or why no cluster can be made here (skip)
 *   const pg = await startCluster({ name: 'fault', conf: { max_connections: 50 } });
 *   await pg.createDatabase('atlas');             // `create extension postgis` works in it
 *   pg.url('atlas');                              // postgres://postgres@127.0.0.1:<port>/atlas
 *   await pg.restart({ mode: 'immediate', downMs: 2000 }); // crash it, stay down 2 s, start again
 *   await pg.stop(); await pg.start();
 *   await pg.remove();                            // stop and delete everything
 *
 * For a streaming replica: `startCluster({ conf: { wal_level: 'replica' } })`, then `pgCommand`
 * runs pg_basebackup (as the server's user) into `newClusterDir()`, and `startCluster({ dataDir })`
 * starts a cluster on an existing data directory instead of running initdb.
 */
import { execFile, execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';

export interface ClusterOptions {
  /** Part of the directory name (letters, digits, -), for whoever finds it in /tmp. */
  name?: string;
  /** Extra postgresql.conf settings, e.g. { max_connections: 50, wal_level: 'replica' }. */
  conf?: Record<string, string | number | boolean>;
  /** Extra pg_hba.conf lines (appended), e.g. 'host replication postgres 127.0.0.1/32 trust'. */
  hba?: string[];
  /** Start on this existing data directory (e.g. a base backup) instead of a new one. */
  dataDir?: string;
  /** Leave the directory when the process exits or remove() is not called (for a post-mortem). */
  keep?: boolean;
}

export interface Cluster {
  port: number;
  /** The cluster's directory: data/ (PGDATA), server.log, and the socket. */
  dir: string;
  dataDir: string;
  logFile: string;
  /** postgres://postgres@127.0.0.1:<port>/<database> */
  url(database?: string): string;
  /** `create database <name>` (and nothing if it exists). */
  createDatabase(name: string): Promise<void>;
  running(): boolean;
  /** pg_ctl stop: 'fast' (default) ends sessions and checkpoints; 'immediate' is a crash (WAL replayed at the next start). */
  stop(opts?: { mode?: 'fast' | 'immediate' | 'smart' }): Promise<void>;
  start(): Promise<void>;
  /** stop, stay down `downMs` (default 0), start. */
  restart(opts?: { mode?: 'fast' | 'immediate'; downMs?: number }): Promise<void>;
  /** Stop (immediately) and delete the directory. */
  remove(): Promise<void>;
}

/** Where the PostgreSQL server binaries are: PG_BIN, or Debian's newest /usr/lib/postgresql/<v>/bin. */
export function pgBinDir(): string | null {
  if (process.env.PG_BIN) return fs.existsSync(path.join(process.env.PG_BIN, 'initdb')) ? process.env.PG_BIN : null;
  const root = '/usr/lib/postgresql';
  if (!fs.existsSync(root)) return null;
  const versions = fs.readdirSync(root).filter((v) => /^\d+$/.test(v) && fs.existsSync(path.join(root, v, 'bin', 'initdb')));
  versions.sort((a, b) => Number(b) - Number(a));
  return versions.length ? path.join(root, versions[0]!, 'bin') : null;
}

const isRoot = () => typeof process.getuid === 'function' && process.getuid() === 0;

/** null when clusters can be made here; otherwise why not (to skip a test with that reason). */
export function pgClusterUnavailable(): string | null {
  if (process.platform === 'win32') return 'throwaway PostgreSQL clusters need Linux (Debian packages)';
  if (!pgBinDir()) return 'no PostgreSQL server binaries (/usr/lib/postgresql/<v>/bin/initdb; apt-get install postgresql, or set PG_BIN)';
  if (isRoot()) {
    const r = spawnSync('runuser', ['-u', 'postgres', '--', 'true']);
    if (r.status !== 0) return 'running as root without a postgres user to run the server as (runuser -u postgres failed)';
  }
  return null;
}

function commandLine(program: string, args: string[]): [string, string[]] {
  const bin = pgBinDir();
  if (!bin) throw new Error(pgClusterUnavailable() ?? 'no PostgreSQL binaries');
  const exe = path.join(bin, program);
  return isRoot() ? ['runuser', ['-u', 'postgres', '--', exe, ...args]] : [exe, args];
}

/**
 * Runs a PostgreSQL program (initdb, pg_ctl, pg_basebackup, psql…) as the server's user, without
 * blocking the event loop (a server in this process keeps answering meanwhile); resolves with its
 * output, rejects with it on failure.
 */
export function pgCommand(program: string, args: string[], opts: { timeoutMs?: number } = {}): Promise<string> {
  const [cmd, argv] = commandLine(program, args);
  return new Promise((resolve, reject) => {
    execFile(cmd, argv, { encoding: 'utf8', timeout: opts.timeoutMs ?? 120_000, cwd: '/tmp' }, (err, stdout, stderr) => {
      if (err) reject(new Error(`${program} ${args.join(' ')} failed: ${err.message}\n${stdout}${stderr}`));
      else resolve(stdout);
    });
  });
}

function pgCommandSync(program: string, args: string[]): void {
  const [cmd, argv] = commandLine(program, args);
  execFileSync(cmd, argv, { stdio: 'ignore', timeout: 30_000, cwd: '/tmp' });
}

/** A new empty directory under /tmp that the server's user owns. */
export function newClusterDir(name = 'cluster'): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `atlas-pg-${name.replace(/[^\w-]/g, '')}-`));
  if (isRoot()) execFileSync('chown', ['postgres:postgres', dir]);
  return dir;
}

/** A TCP port on 127.0.0.1 that was free a moment ago. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

const live = new Set<Cluster & { keep: boolean }>();
let exitHook = false;
function onExit(): void {
  for (const c of live) {
    try {
      if (c.running()) pgCommandSync('pg_ctl', ['stop', '-D', c.dataDir, '-m', 'immediate', '-w', '-t', '20']);
    } catch {
      // best effort
    }
    if (!c.keep) fs.rmSync(c.dir, { recursive: true, force: true });
  }
}

const confValue = (v: string | number | boolean) => (typeof v === 'string' ? `'${v.replace(/'/g, "''")}'` : String(v));

/** Makes (initdb) and starts a throwaway cluster; see the module comment. */
export async function startCluster(opts: ClusterOptions = {}): Promise<Cluster> {
  const why = pgClusterUnavailable();
  if (why) throw new Error(why);
  const port = await freePort();
  let dir: string;
  let dataDir: string;
  if (opts.dataDir) {
    dataDir = opts.dataDir;
    dir = path.dirname(dataDir);
  } else {
    dir = newClusterDir(opts.name);
    dataDir = path.join(dir, 'data');
    await pgCommand('initdb', ['-D', dataDir, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C.UTF-8', '--no-instructions']);
  }
  const logFile = path.join(dir, 'server.log');
  const settings: Record<string, string | number | boolean> = {
    listen_addresses: '127.0.0.1',
    port,
    unix_socket_directories: dir,
    // Quick to stop and start: no waiting for a long checkpoint.
    checkpoint_timeout: '5min',
    ...opts.conf,
  };
  // The last setting of a name wins: appended lines override initdb's (and a base backup's) defaults.
  fs.appendFileSync(path.join(dataDir, 'postgresql.conf'), `\n# atlas pg-cluster.ts\n${Object.entries(settings).map(([k, v]) => `${k} = ${confValue(v)}`).join('\n')}\n`);
  if (opts.hba?.length) fs.appendFileSync(path.join(dataDir, 'pg_hba.conf'), `\n${opts.hba.join('\n')}\n`);

  let up = false;
  const cluster: Cluster & { keep: boolean } = {
    port,
    dir,
    dataDir,
    logFile,
    keep: !!opts.keep,
    url: (database = 'postgres') => `postgres://postgres@127.0.0.1:${port}/${database}`,
    async createDatabase(name: string) {
      if (!/^\w+$/.test(name)) throw new Error(`database name ${name}: letters, digits and _ only`);
      const client = new pg.Client({ connectionString: cluster.url('postgres') });
      await client.connect();
      try {
        const { rowCount } = await client.query('select 1 from pg_database where datname = $1', [name]);
        if (!rowCount) await client.query(`create database ${name}`);
      } finally {
        await client.end();
      }
    },
    running: () => up,
    async stop({ mode = 'fast' } = {}) {
      if (!up) return;
      await pgCommand('pg_ctl', ['stop', '-D', dataDir, '-m', mode, '-w', '-t', '60']);
      up = false;
    },
    async start() {
      if (up) return;
      await pgCommand('pg_ctl', ['start', '-D', dataDir, '-l', logFile, '-w', '-t', '120']);
      up = true;
    },
    async restart({ mode = 'fast', downMs = 0 } = {}) {
      await cluster.stop({ mode });
      if (downMs > 0) await new Promise((r) => setTimeout(r, downMs));
      await cluster.start();
    },
    async remove() {
      if (up) await cluster.stop({ mode: 'immediate' });
      live.delete(cluster);
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
  if (isRoot()) execFileSync('chown', ['-R', 'postgres:postgres', dir]);
  if (!exitHook) {
    exitHook = true;
    process.once('exit', onExit);
  }
  live.add(cluster);
  try {
    await cluster.start();
  } catch (err) {
    const log = fs.existsSync(logFile) ? fs.readFileSync(logFile, 'utf8').slice(-2000) : '';
    await cluster.remove().catch(() => {});
    throw new Error(`${(err as Error).message}\n${log}`);
  }
  return cluster;
}
