import fs from 'node:fs';
import type { Config } from '../config.js';
import { openDatabase } from '../db/connect.js';
import {
  EXPORT_FORMATS,
  EXPORT_KINDS,
  exportKind,
  exportLaoSurvey,
  exportSurveyWorkbook,
  exportToFile,
  isExportKind,
  parseExportParams,
  type ExportFormat,
} from '../io/export/index.js';

/** `npm run cli -- export …`: a kind in a format, or an official form; to --out or stdout. */
export async function runExport(config: Config, values: Record<string, string | boolean | undefined>, log: (m: string) => void): Promise<number> {
  const str = (k: string) => (typeof values[k] === 'string' ? (values[k] as string) : undefined);
  const { filters, options } = parseExportParams({
    province: str('province'),
    district: str('district'),
    police_station: str('police-station'),
    status: str('status'),
    bbox: str('bbox'),
    year: str('year'),
  });
  const out = str('out');
  const form = str('form');
  if (!form) {
    const kind = str('kind');
    const format = str('format') as ExportFormat | undefined;
    if (!kind || !isExportKind(kind)) throw new Error(`--kind must be one of ${EXPORT_KINDS.join(', ')}`);
    if (!format || !EXPORT_FORMATS.includes(format)) throw new Error(`--format must be one of ${EXPORT_FORMATS.join(', ')}`);
    if (format === 'gpkg' && !out) throw new Error('gpkg is written to a file: give --out file.gpkg');
    if (format === 'xlsx' && !out && process.stdout.isTTY) throw new Error('xlsx is binary: give --out file.xlsx');
  } else if (!['lao-survey', 'survey'].includes(form)) {
    throw new Error('--form must be lao-survey or survey');
  } else if (!out) {
    throw new Error('the forms are XLSX files: give --out file.xlsx');
  } else if (!filters.province) {
    throw new Error('--province is required for the official forms');
  }

  const db = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, log: out ? log : () => {} });
  try {
    if (form === 'lao-survey') {
      const r = await exportLaoSurvey(db.knex, { ...filters, province: filters.province! }, fs.createWriteStream(out!), { laoName: str('lao') });
      log(`wrote ${out}: ${JSON.stringify(r)}`);
    } else if (form === 'survey') {
      const r = await exportSurveyWorkbook(db.knex, filters, fs.createWriteStream(out!), {});
      log(`wrote ${out}: ${JSON.stringify(r)}`);
    } else {
      const request = { kind: str('kind')!, format: str('format') as ExportFormat, filters, ...options };
      const r = out ? await exportToFile(db.knex, request, out) : await exportKind(db.knex, { ...request, end: false }, process.stdout);
      if (out) log(`wrote ${out}: ${JSON.stringify(r)}`);
    }
  } finally {
    await db.close();
  }
  return 0;
}
