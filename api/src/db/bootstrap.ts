import type { Config } from '../config.js';
import { loadBoundaries } from './boundaries.js';
import { openDatabase, type Database } from './connect.js';
import { migrate } from './migrate.js';

export interface BootstrapOptions {
  /** Load the Thai boundaries into an empty database (default true). */
  boundaries?: boolean;
  /** Seed the Ang Thong demo into a database with no cameras (default: config.seedDemo === 'auto'). */
  demo?: boolean;
  log?: (msg: string) => void;
}

/** Open, migrate, load boundaries and demo data when the database is new. */
/** dataDir undefined = an in-memory embedded database (tests). */
export async function bootstrapDatabase(
  config: { databaseUrl?: string; dataDir?: string; seedDemo: Config['seedDemo'] },
  opts: BootstrapOptions = {},
): Promise<Database> {
  const log = opts.log ?? (() => {});
  const db = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, log });
  try {
    await migrate(db.knex, { log });
    if (opts.boundaries ?? true) await ensureBoundaries(db, log);
    if (opts.demo ?? config.seedDemo === 'auto') {
      const { ensureDemo } = await import('../demo/seed.js');
      await ensureDemo(db.knex, log);
    }
  } catch (err) {
    await db.close();
    throw err;
  }
  return db;
}

export async function ensureBoundaries(db: Database, log: (m: string) => void): Promise<void> {
  const [{ n }] = (await db.knex.raw('select count(*) n from provinces')).rows;
  if (n > 0) return;
  const t0 = Date.now();
  log('loading Thai administrative boundaries (77 provinces, 928 districts, 7,419 subdistricts)…');
  const report = await db.knex.transaction((trx) => loadBoundaries(trx));
  const r = report.repaired;
  log(
    `boundaries loaded in ${((Date.now() - t0) / 1000).toFixed(1)} s: ${report.provinces} provinces, ${report.districts} districts, ` +
      `${report.subdistricts} subdistricts; repaired invalid polygons: ${r.provinces} provinces, ${r.districts} districts, ${r.subdistricts} subdistricts; ${report.restoredNames} truncated district names restored; ` +
      `${report.collapsed.subdistricts} subdistricts and ${report.collapsed.districts} districts have no area in the source (kept without geometry)` +
      (report.unmatched.length ? `; unmatched: ${report.unmatched.join(', ')}` : ''),
  );
}
