/**
 * Export entry points for the CLI (`export --kind … --format …`) and the API
 * (`GET /api/export/<kind>.<format>`): a kind, a format, filters and writer options in; a stream or a
 * file out. Everything streams: records are read in keyset batches and written one by one.
 */
import { createWriteStream } from 'node:fs';
import type { Writable } from 'node:stream';
import type { Knex } from 'knex';
import { ValidationError, type FieldError } from '../../http/errors.js';
import { parseBbox } from '../../routes/query.js';
import { type ExportKind, exportColumns, kindDef } from './columns.js';
import { writeGpkg } from './gpkg.js';
import { type LaoSurveyLayoutOptions, type LaoSurveyLayoutResult, type LaoSurveyLayoutRow, type SurveyWorkbookOptions, type SurveyPartKey, writeLaoSurveyXlsx, writeSurveyWorkbook } from './official.js';
import { type ExportFilters, type QueryOptions, findProvince, queryRecords } from './source.js';
import { EXPORT_FORMATS, type ExportFormat, type ExportRecord, FORMAT_INFO, STREAM_FORMATS, type StreamFormat, type WriteResult, type WriterOptions } from './types.js';
import { writeRecords } from './writers.js';

export * from './columns.js';
export * from './gpkg.js';
export * from './official.js';
export * from './source.js';
export * from './types.js';
export * from './values.js';
export * from './writers.js';

export interface ExportRequest extends WriterOptions, QueryOptions {
  kind: ExportKind | string;
  format: ExportFormat;
  filters?: ExportFilters;
}

/**
 * The writer defaults for a kind: layer name = kind (GeoJSON, GPKG), the Thai title for KML and
 * XLSX, the KML placemark name column, and lon/lat columns for points, WKT for lines, none for
 * tables without geometry.
 */
export function writerDefaults(kind: string, format: ExportFormat): WriterOptions {
  const def = kindDef(kind);
  return {
    name: format === 'kml' || format === 'xlsx' ? def.title.th : def.kind,
    titleColumn: def.titleColumn,
    geometry: !def.geometry ? 'none' : def.geometry.type === 'Point' ? 'lonlat' : 'wkt',
  };
}

function writerOptions(req: ExportRequest): WriterOptions {
  const d = writerDefaults(req.kind, req.format);
  const pick = <K extends keyof WriterOptions>(k: K) => (req[k] === undefined ? d[k] : req[k]);
  return {
    name: pick('name'),
    titleColumn: pick('titleColumn'),
    geometry: pick('geometry'),
    header: req.header,
    values: req.values,
    timeZoneOffsetMinutes: req.timeZoneOffsetMinutes,
    end: req.end,
  };
}

/**
 * Streams one kind in one format to `out` (geojson, csv, xlsx, kml; gpkg needs a file: use
 * exportToFile). The filters are checked and the first batch is read before the first byte is
 * written, so a bad filter rejects with a ValidationError while an HTTP response is still unsent
 * (400). A failure later destroys `out` (the client sees an aborted download, never a short file).
 */
export async function exportKind(knex: Knex, req: ExportRequest, out: Writable): Promise<WriteResult> {
  if (req.format === 'gpkg') throw new ValidationError([{ field: 'format', message: 'gpkg is written to a file (exportToFile), not streamed', code: 'unsupported_format' }]);
  if (!STREAM_FORMATS.includes(req.format)) {
    throw new ValidationError([{ field: 'format', message: `unknown format "${req.format}" (${EXPORT_FORMATS.join(', ')})`, code: 'unknown_format' }]);
  }
  const records = queryRecords(knex, req.kind, req.filters ?? {}, req);
  // Pull the first record before writing: a filter error becomes an exception with nothing written.
  const first = await records.next();
  async function* all(): AsyncGenerator<ExportRecord> {
    try {
      if (first.done) return;
      yield first.value;
      yield* records;
    } finally {
      await records.return(undefined); // the writer stopped early: let the source clean up
    }
  }
  return writeRecords(req.format as StreamFormat, all(), exportColumns(req.kind, req), out, writerOptions(req));
}

/** Writes one kind to a file in any format, GeoPackage included (via ogr2ogr). */
export async function exportToFile(knex: Knex, req: ExportRequest, file: string): Promise<WriteResult> {
  if (req.format === 'gpkg') {
    return writeGpkg(queryRecords(knex, req.kind, req.filters ?? {}, req), exportColumns(req.kind, req), file, writerOptions(req));
  }
  return exportKind(knex, req, createWriteStream(file));
}

/**
 * The DLA survey form of a province (or of one LAO with `laoName`) from lao_maintenance_rows.
 * Without a survey year, the province's latest year is used (a form never mixes years).
 */
export async function exportLaoSurvey(
  knex: Knex,
  filters: ExportFilters & { province: string },
  out: Writable,
  opts: Omit<LaoSurveyLayoutOptions, 'version'> & { version?: LaoSurveyLayoutOptions['version'] } = {},
): Promise<LaoSurveyLayoutResult> {
  const province = await findProvince(knex, filters.province);
  let year = filters.survey_year === undefined ? undefined : filters.survey_year > 2400 ? filters.survey_year - 543 : filters.survey_year;
  if (year === undefined) {
    const row = await knex('lao_maintenance_rows').where('province_code', province.code).max({ y: 'survey_year' }).first();
    year = (row?.y as number | null) ?? undefined;
  }
  const records = queryRecords(knex, 'lao_survey', { ...filters, province: province.code, ...(year === undefined ? {} : { survey_year: year }) });
  async function* rows(): AsyncGenerator<LaoSurveyLayoutRow> {
    for await (const r of records) yield r.properties as unknown as LaoSurveyLayoutRow;
  }
  return writeLaoSurveyXlsx(rows(), out, {
    ...opts,
    provinceName: opts.provinceName ?? province.name_th,
    surveyYear: opts.surveyYear ?? year,
    version: opts.version ?? (opts.laoName ? 'lao' : 'province'),
  });
}

/** A download name such as "cameras-81-20190402.geojson" (ASCII, for Content-Disposition and --out). */
export function exportFileName(kind: string, format: ExportFormat, filters: ExportFilters = {}, now = new Date()): string {
  const w = new Date(now.getTime() + 7 * 3600_000);
  const day = `${w.getUTCFullYear()}${String(w.getUTCMonth() + 1).padStart(2, '0')}${String(w.getUTCDate()).padStart(2, '0')}`;
  const province = filters.province && /^\d{2}$/.test(filters.province) ? `-${filters.province}` : '';
  return `${kind.replace(/[^a-z0-9_-]/gi, '_')}${province}-${day}.${FORMAT_INFO[format].extension}`;
}

/** The Part 1 / 2 / 3 workbook of the records matching `filters` (typically one province). */
export async function exportSurveyWorkbook(
  knex: Knex,
  filters: Pick<ExportFilters, 'province' | 'district' | 'bbox'>,
  out: Writable,
  opts: SurveyWorkbookOptions & QueryOptions = {},
): Promise<Record<SurveyPartKey, number>> {
  const { province, district, bbox } = filters;
  const q = { batchSize: opts.batchSize, includeSensitive: opts.includeSensitive };
  const provinceName = opts.provinceName ?? (province ? (await findProvince(knex, province)).name_th : undefined);
  // Problems have no district or geometry: they follow the province only.
  return writeSurveyWorkbook(
    {
      cameras: queryRecords(knex, 'cameras', { province, district, bbox }, q),
      planned_sites: queryRecords(knex, 'planned_sites', { province, district, bbox }, q),
      problems: queryRecords(knex, 'problems', { province }, q),
    },
    out,
    { ...opts, provinceName },
  );
}

/** Options of an export as query parameters or CLI flags (all strings). */
export interface ExportParams {
  province?: string;
  district?: string;
  police_station?: string;
  status?: string | string[];
  bbox?: string;
  survey_year?: string;
  year?: string;
  header?: string;
  values?: string;
  geometry?: string;
  sensitive?: string;
}

function oneOf<T extends string>(field: string, v: string | undefined, allowed: readonly T[], errors: FieldError[]): T | undefined {
  if (v === undefined || v === '') return undefined;
  if ((allowed as readonly string[]).includes(v)) return v as T;
  errors.push({ field, message: `one of ${allowed.join(', ')}`, code: 'invalid_enum_value' });
  return undefined;
}

/**
 * Parses string parameters (`?province=กระบี่&status=working,under_repair&bbox=98.7,7.9,99.2,8.2
 * &header=en&values=th&sensitive=true`) into filters and writer options; malformed ones throw a
 * ValidationError listing every problem. Names are resolved later, by queryRecords.
 */
export function parseExportParams(p: ExportParams): { filters: ExportFilters; options: Pick<ExportRequest, 'header' | 'values' | 'geometry' | 'includeSensitive'> } {
  const errors: FieldError[] = [];
  const filters: ExportFilters = {};
  if (p.province) filters.province = p.province;
  if (p.district) filters.district = p.district;
  if (p.police_station) filters.police_station = p.police_station;
  if (p.status) filters.status = Array.isArray(p.status) ? p.status.flatMap((s) => s.split(',')) : p.status.split(',');
  if (p.bbox) {
    // The REST API's bbox rules (WGS84, min ≤ max, BBOX_MAX_AREA_DEG2), its errors collected with the others.
    try {
      filters.bbox = parseBbox(p.bbox);
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      errors.push(...err.fields);
    }
  }
  const year = p.survey_year ?? p.year;
  if (year) {
    const y = Number(year);
    if (Number.isInteger(y)) filters.survey_year = y;
    else errors.push({ field: 'survey_year', message: 'a year such as 2019 or 2562', code: 'invalid_year' });
  }
  const options = {
    header: oneOf('header', p.header, ['th', 'en', 'name'] as const, errors),
    values: oneOf('values', p.values, ['code', 'th', 'en'] as const, errors),
    geometry: oneOf('geometry', p.geometry, ['lonlat', 'wkt', 'none'] as const, errors),
    includeSensitive: p.sensitive === 'true' || p.sensitive === '1',
  };
  if (errors.length) throw new ValidationError(errors, 'invalid export parameters');
  return { filters, options };
}
