import type { Config } from '../config.js';
import { openDatabase } from '../db/connect.js';
import { backupToFile, restoreBackup } from '../db/dump.js';

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

/**
 * `backup <file> [--force]` and `restore <file> [--force]` (api/src/db/dump.ts; docs/reliability.md,
 * "Backups"), on the configured database: DATABASE_URL, or the embedded one under DATA_DIR (stop
 * the server first: the embedded database takes one process at a time). Exit 0 done, 1 failure
 * (a failed restore leaves the database as it was).
 */
export async function runBackup(
  command: 'backup' | 'restore',
  config: Config,
  positionals: string[],
  values: Record<string, string | boolean | undefined>,
  log: (m: string) => void,
): Promise<number> {
  const [file, ...extra] = positionals;
  if (!file || extra.length) throw new Error(`${command} takes one file: npm run cli -- ${command} <file> [--force]`);
  const quiet = !!values.json;
  const db = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, log: quiet ? () => {} : log });
  try {
    if (command === 'backup') {
      const r = await backupToFile(db, file, { force: !!values.force, log: quiet ? () => {} : log });
      if (values.json) console.log(JSON.stringify({ file, ...r }));
      else {
        console.log(
          `backup of the ${r.engine} database written to ${file}: ${r.tables.length} tables, ${r.rows} rows, ${r.sequences} sequences, ` +
            `migrations ${r.migrations.at(-1) ?? '-'}; ${mb(r.bytes)} of SQL${r.fileBytes !== r.bytes ? `, ${mb(r.fileBytes)} on disk` : ''} in ${r.seconds.toFixed(1)} s`,
        );
      }
    } else {
      const r = await restoreBackup(db, file, { force: !!values.force, log: quiet ? () => {} : log });
      if (values.json) console.log(JSON.stringify({ file, engine: db.engine, ...r }));
      else {
        console.log(
          `restored ${file} into the ${db.engine} database: ${r.tables.length} tables, ${r.rows} rows, ${r.sequences} sequences` +
            `${r.dropped ? ` (replaced ${r.dropped} objects)` : ''} in ${r.seconds.toFixed(1)} s; taken ${r.source.made ?? '?'} from ${r.source.engine ?? '?'}`,
        );
      }
    }
  } finally {
    await db.close();
  }
  return 0;
}
