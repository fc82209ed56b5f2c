import fs from 'node:fs';
import path from 'node:path';
import type { Config } from '../config.js';
import { bootstrapDatabase } from '../db/bootstrap.js';
import { parseMapping } from '../io/columns.js';
import { importFile, type ImportReport } from '../io/import.js';
import { IMPORT_KINDS, type ImportKind } from '../io/types.js';

/** Exit codes: 0 written (or a clean dry run), 2 invalid input (nothing written), 1 other failure. */
export async function runImport(
  config: Config,
  positionals: string[],
  values: Record<string, string | boolean | undefined>,
  log: (m: string) => void,
): Promise<number> {
  const [file, ...extra] = positionals;
  if (!file || extra.length) throw new Error('import takes one file: npm run cli -- import <file> --kind <kind>');
  const kind = values.kind as string | undefined;
  if (!kind || !(IMPORT_KINDS as readonly string[]).includes(kind)) {
    throw new Error(`--kind must be one of ${IMPORT_KINDS.join(', ')}`);
  }
  let mapping;
  if (typeof values.mapping === 'string') {
    let raw: unknown;
    try {
      raw = JSON.parse(fs.readFileSync(values.mapping, 'utf8'));
    } catch (err) {
      throw new Error(`${values.mapping}: ${(err as Error).message}`);
    }
    const parsed = parseMapping(kind as ImportKind, raw);
    if (!parsed.ok) throw new Error(`${values.mapping}: ${parsed.errors.join('; ')}`);
    mapping = parsed.mapping;
  }
  let surveyYear: number | undefined;
  if (typeof values.year === 'string') {
    surveyYear = Number(values.year);
    if (surveyYear > 2400) surveyYear -= 543; // a Buddhist Era year
    if (!Number.isInteger(surveyYear) || surveyYear < 2000 || surveyYear > 2200) throw new Error(`--year must be a year such as 2019 or 2562, got "${values.year}"`);
  }
  const sheet = typeof values.sheet === 'string' ? (/^\d+$/.test(values.sheet) ? Number(values.sheet) : values.sheet) : undefined;
  const buffer = fs.readFileSync(file);
  const db = await bootstrapDatabase(config, { demo: false, log: values.json ? () => {} : log });
  let report: ImportReport;
  try {
    report = await importFile(db.knex, buffer, {
      kind: kind as ImportKind,
      filename: path.basename(file),
      province: values.province as string | undefined,
      mapping,
      sheet,
      encoding: values.encoding as string | undefined,
      dryRun: !!values['dry-run'],
      skipInvalid: !!values['skip-invalid'],
      fixSwapped: !!values['fix-swapped'],
      surveyYear,
      bounds: config.bounds,
      // The operator on the server: no account, no scope; still audited (user null, the import id).
      principal: null,
    });
  } finally {
    await db.close();
  }
  if (values.json) console.log(JSON.stringify(report));
  else printReport(report);
  return report.errors.length && !values['skip-invalid'] ? 2 : 0;
}

function printReport(r: ImportReport): void {
  const verb = r.dryRun ? 'would insert' : 'inserted';
  console.log(`${r.source}: ${r.rowsTotal} rows, ${r.rowsValid} valid; ${verb} ${r.inserted}, ${r.dryRun ? 'would update' : 'updated'} ${r.updated}` +
    (r.written || r.dryRun ? '' : ' — nothing written (fix the rows below, or use --skip-invalid)'));
  if (r.importId) console.log(`audit log: import ${r.importId} (GET /api/audit?import_id=${r.importId})`);
  if (r.agenciesCreated.length) console.log(`agencies ${r.dryRun ? 'to create' : 'created'}: ${r.agenciesCreated.join(', ')}`);
  if (r.columns.unknown.length) console.log(`columns not recognised (not imported): ${r.columns.unknown.join(', ')}`);
  if (r.columns.missing.length) console.log(`required fields without a column: ${r.columns.missing.join(', ')}`);
  for (const [title, list] of [['errors', r.errors], ['warnings', r.warnings]] as const) {
    if (!list.length) continue;
    console.log(`\n${title}:\nrow\tcolumn\tvalue\tproblem\tsuggestion`);
    for (const e of list) console.log([e.row, e.column, e.value, e.message, e.suggestion ?? ''].join('\t'));
  }
}
