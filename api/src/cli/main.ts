import { parseArgs } from 'node:util';
import { loadConfig } from '../config.js';
import { bootstrapDatabase, ensureBoundaries } from '../db/bootstrap.js';
import { openDatabase } from '../db/connect.js';
import { migrate } from '../db/migrate.js';
import { USER_USAGE } from './user.js';

const USAGE = `usage: npm run cli -- <command> [options]

commands:
  migrate                      apply the SQL migrations not yet applied (sql/migrations)
  boundaries                   load the Thai boundaries into an empty database
  seed                         load the Ang Thong demo into a database without cameras
  seed --scale N [--seed S]    add N synthetic cameras nationwide (benchmarks, load tests)
  info                         engine, PostGIS version, applied migrations, row counts
  import <file> --kind K [--province P] [--mapping m.json] [--sheet S] [--encoding E]
         [--year Y] [--fix-swapped] [--dry-run] [--skip-invalid] [--json]
                               import cameras|planned_sites|risk_points|risk_routes|police_stations|
                               lao_survey from CSV, XLSX, GeoJSON, KML or KMZ; exit 0 ok, 2 invalid
                               input (nothing written), 1 other failure
  export --kind K --format geojson|csv|xlsx|kml|gpkg [--province P] [--district D]
         [--police-station S] [--status a,b] [--bbox x1,y1,x2,y2] [--out file]
                               every record of a kind (also agencies, footage_requests, problems);
                               stdout when --out is missing (gpkg needs --out)
  export --form lao-survey --province P [--year Y] [--lao NAME] --out file.xlsx
  export --form survey --province P --out file.xlsx
                               the official layouts: the DLA maintenance survey, Parts 1-3
  coverage --cameras c.geojson [--risk-points p.geojson] [--risk-routes r.geojson]
         [--mode effective|nominal] [--json]
                               what the cameras' views cover of the risk points and routes, from
                               GeoJSON files, no database (docs/analysis.md); exit 0 ok, 2 invalid
                               input, 1 other failure
  rank --input problem.json [--method auto|greedy|exact] [--time-limit S] [--json]
                               budgeted maximal covering: which candidates to fund, ranked, no
                               database; exit 0 solved, 2 invalid problem, 1 other failure
  backup <file> [--force]      the whole database (schema, boundaries, records, accounts, audit log)
                               as one plain-SQL file, from one consistent snapshot; <file>.gz is
                               compressed; --force replaces an existing file (docs/reliability.md)
  restore <file> [--force]     a backup into an EMPTY database, in one transaction (a failure leaves
                               it as it was); --force first drops everything in it. Either engine,
                               from either engine; psql restores the same file
${USER_USAGE}

The database is DATABASE_URL when set, otherwise the embedded one under DATA_DIR (default ./.data);
stop a running server first: the embedded database takes one process at a time.`;

const log = (m: string) => console.error(m);

export async function runCli(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  const { values, positionals } = parseArgs({
    args: rest,
    options: {
      scale: { type: 'string' },
      seed: { type: 'string' },
      kind: { type: 'string' },
      province: { type: 'string' },
      mapping: { type: 'string' },
      sheet: { type: 'string' },
      encoding: { type: 'string' },
      'dry-run': { type: 'boolean' },
      'skip-invalid': { type: 'boolean' },
      'fix-swapped': { type: 'boolean' },
      year: { type: 'string' },
      format: { type: 'string' },
      form: { type: 'string' },
      out: { type: 'string' },
      district: { type: 'string' },
      'police-station': { type: 'string' },
      status: { type: 'string' },
      bbox: { type: 'string' },
      lao: { type: 'string' },
      cameras: { type: 'string' },
      'risk-points': { type: 'string' },
      'risk-routes': { type: 'string' },
      mode: { type: 'string' },
      input: { type: 'string' },
      method: { type: 'string' },
      'time-limit': { type: 'string' },
      json: { type: 'boolean' },
      role: { type: 'string' },
      agency: { type: 'string' },
      stations: { type: 'string' },
      'display-name': { type: 'string' },
      'token-name': { type: 'string' },
      days: { type: 'string' },
      force: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
    allowPositionals: true,
  });
  if (positionals.length && !['import', 'user', 'backup', 'restore'].includes(command ?? '')) {
    console.error(`unexpected argument "${positionals[0]}"\n\n${USAGE}`);
    return 1;
  }
  if (!command || values.help || command === 'help') {
    console.log(USAGE);
    return command ? 0 : 1;
  }
  const config = loadConfig();
  switch (command) {
    case 'migrate': {
      const db = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, log });
      try {
        const applied = await migrate(db.knex, { log });
        console.log(applied.length ? `applied: ${applied.join(', ')}` : 'up to date');
      } finally {
        await db.close();
      }
      return 0;
    }
    case 'boundaries': {
      const db = await bootstrapDatabase(config, { boundaries: false, demo: false, log });
      try {
        await ensureBoundaries(db, log);
      } finally {
        await db.close();
      }
      return 0;
    }
    case 'seed': {
      const db = await bootstrapDatabase(config, { demo: false, log });
      try {
        const { ensureDemo, seedScale } = await import('../demo/seed.js');
        if (values.scale !== undefined) {
          const n = Number(values.scale);
          if (!Number.isSafeInteger(n) || n < 1) throw new Error(`--scale must be a positive whole number, got "${values.scale}"`);
          const seed = values.seed === undefined ? 1 : Number(values.seed);
          if (!Number.isSafeInteger(seed)) throw new Error(`--seed must be a whole number, got "${values.seed}"`);
          const r = await seedScale(db.knex, n, { seed, log });
          console.log(JSON.stringify(r));
        } else {
          await ensureDemo(db.knex, log);
        }
      } finally {
        await db.close();
      }
      return 0;
    }
    case 'info': {
      const db = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, log });
      try {
        const { rows } = await db.knex.raw(`select postgis_lib_version() postgis,
          (select json_agg(version || '_' || name order by version) from schema_migrations) migrations,
          (select count(*) from provinces) provinces, (select count(*) from cameras) cameras,
          (select count(*) from planned_sites) planned_sites, (select count(*) from risk_points) risk_points,
          (select count(*) from risk_routes) risk_routes, (select count(*) from police_stations) police_stations`);
        console.log(JSON.stringify({ engine: db.engine, ...rows[0] }, null, 2));
      } catch (err) {
        if ((err as { code?: string }).code === '42P01') throw new Error('the database has no schema yet: run `npm run cli -- migrate`');
        throw err;
      } finally {
        await db.close();
      }
      return 0;
    }
    case 'export': {
      const { runExport } = await import('./export.js');
      return runExport(config, values, log);
    }
    case 'coverage': {
      const { runCoverage } = await import('./coverage.js');
      return runCoverage(values);
    }
    case 'rank': {
      const { runRank } = await import('./rank.js');
      return runRank(values);
    }
    case 'user': {
      const { runUser } = await import('./user.js');
      return runUser(config, positionals, values, log);
    }
    case 'import': {
      const { runImport } = await import('./import.js');
      return runImport(config, positionals, values, log);
    }
    case 'backup':
    case 'restore': {
      const { runBackup } = await import('./backup.js');
      return runBackup(command, config, positionals, values, log);
    }
    default:
      console.error(`unknown command "${command}"\n\n${USAGE}`);
      return 1;
  }
}

runCli(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err) => {
    console.error(`error: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  },
);
