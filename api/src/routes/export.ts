import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Router, type Request } from 'express';
import { ForbiddenError, principal } from '../auth/middleware.js';
import type { Principal } from '../auth/principal.js';
import { scopeArea } from '../auth/scope.js';
import type { AppContext } from '../context.js';
import { asyncHandler, NotFoundError, ValidationError } from '../http/errors.js';
import { heavy } from '../http/heavy.js';
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
  type ExportParams,
} from '../io/export/index.js';
import { findProvince } from '../io/export/source.js';
import type { Knex } from 'knex';
import { rejectUnknownParams } from './query.js';
import { readerFor } from '../db/replica.js';

const CONTENT_TYPES: Record<ExportFormat, string> = {
  geojson: 'application/geo+json',
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  kml: 'application/vnd.google-earth.kml+xml',
  gpkg: 'application/geopackage+sqlite3',
};
const XLSX = CONTENT_TYPES.xlsx;
const PARAMS = ['province', 'district', 'police_station', 'status', 'bbox', 'survey_year', 'year', 'header', 'values', 'geometry', 'sensitive'];

function params(req: Request): ExportParams {
  const out: Record<string, string | string[]> = {};
  for (const k of PARAMS) {
    const v = req.query[k];
    if (typeof v === 'string' || (Array.isArray(v) && v.every((x) => typeof x === 'string'))) out[k] = v as string | string[];
  }
  return out as ExportParams;
}

const intOrUndefined = (v: unknown) => (typeof v === 'number' || (typeof v === 'string' && /^\d{1,9}$/.test(v)) ? Number(v) : undefined);

/**
 * The export's filters limited to the caller's province (filled in for provincial accounts, 403 for
 * another area); personal data (sensitive=true) only for admins and the province's secretariat.
 */
async function scopeExport(knex: Knex, p: Principal, filters: ReturnType<typeof parseExportParams>['filters'], includeSensitive: boolean | undefined) {
  const scoped = await scopeArea(
    knex,
    p,
    { province: filters.province, district: intOrUndefined(filters.district), policeStation: intOrUndefined(filters.police_station) },
    async (given) => (await findProvince(knex, given)).code,
  );
  if (scoped.province !== undefined) filters.province = scoped.province;
  if (includeSensitive && p.role !== 'admin' && p.role !== 'secretariat') {
    throw new ForbiddenError('only admins and the province\'s secretariat export contact names, phones and stream URLs (sensitive=true)');
  }
}

const attachment = (name: string) => `attachment; filename*=UTF-8''${encodeURIComponent(name)}`;

/**
 * GET /api/export/<kind>.<format>?province=&district=&police_station=&status=&bbox=… streams every
 * record of a kind (GeoPackage is written to a temporary file first). Every export is heavy work:
 * it runs in a turn of the limiter (api/src/http/heavy.ts), held until the last byte is sent. Official forms:
 * GET /api/export/forms/lao-survey.xlsx?province=…[&year=][&lao=] and /api/export/forms/survey.xlsx?province=….
 */
export function exportRouter(ctx: AppContext): Router {
  const r = Router();

  r.get(
    '/export/forms/lao-survey.xlsx',
    asyncHandler(heavy(ctx, async (req, res) => {
      const knex = readerFor(ctx, req, res); // the read replica when fresh (api/src/db/replica.ts)
      rejectUnknownParams(req, ['province', 'district', 'year', 'survey_year', 'lao']);
      const { filters } = parseExportParams(params(req));
      await scopeExport(knex, principal(req), filters, false);
      if (!filters.province) throw new ValidationError([{ field: 'province', message: 'is required for the DLA form', code: 'required' }]);
      const lao = typeof req.query.lao === 'string' ? req.query.lao : undefined;
      res.set('Content-Type', XLSX).set('Content-Disposition', attachment(`lao-survey-${filters.province}.xlsx`));
      await exportLaoSurvey(knex, { ...filters, province: filters.province }, res, { laoName: lao });
    })),
  );

  r.get(
    '/export/forms/survey.xlsx',
    asyncHandler(heavy(ctx, async (req, res) => {
      const knex = readerFor(ctx, req, res); // the read replica when fresh (api/src/db/replica.ts)
      rejectUnknownParams(req, ['province', 'district', 'bbox', 'sensitive']);
      const { filters, options } = parseExportParams(params(req));
      await scopeExport(knex, principal(req), filters, options.includeSensitive);
      res.set('Content-Type', XLSX).set('Content-Disposition', attachment(`survey-${filters.province ?? 'all'}.xlsx`));
      await exportSurveyWorkbook(knex, filters, res, { includeSensitive: options.includeSensitive });
    })),
  );

  r.get(
    '/export/:file',
    asyncHandler(heavy(ctx, async (req, res) => {
      const knex = readerFor(ctx, req, res); // the read replica when fresh (api/src/db/replica.ts)
      rejectUnknownParams(req, PARAMS);
      const m = /^([a-z_]+)\.([a-z]+)$/.exec(String(req.params.file));
      if (!m || !isExportKind(m[1]!)) throw new NotFoundError(`export ${req.params.file} (kinds: ${EXPORT_KINDS.join(', ')})`);
      const kind = m[1]!;
      const format = m[2] as ExportFormat;
      if (!EXPORT_FORMATS.includes(format)) throw new NotFoundError(`export format ${m[2]} (formats: ${EXPORT_FORMATS.join(', ')})`);
      const { filters, options } = parseExportParams(params(req));
      await scopeExport(knex, principal(req), filters, options.includeSensitive);
      const request = { kind, format, filters, ...options };
      res.set('Content-Type', CONTENT_TYPES[format]).set('Content-Disposition', attachment(`${kind}.${format}`));
      if (format === 'gpkg') {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cctv-atlas-export-'));
        try {
          const file = path.join(dir, `${kind}.gpkg`);
          await exportToFile(knex, request, file);
          await new Promise<void>((resolve, reject) => res.sendFile(file, (err) => (err ? reject(err) : resolve())));
        } finally {
          fs.rmSync(dir, { recursive: true, force: true });
        }
        return;
      }
      await exportKind(knex, request, res);
    })),
  );
  return r;
}
