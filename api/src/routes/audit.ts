import { Router, type Request } from 'express';
import { ForbiddenError, principal } from '../auth/middleware.js';
import { canReadAudit, type Principal } from '../auth/principal.js';
import { writeAuditExport, type AuditExportFormat } from '../audit/export.js';
import { AUDIT_PARAMS, type AuditFilters, listAudit, parseAuditFilters } from '../audit/query.js';
import type { AppContext } from '../context.js';
import { asyncHandler } from '../http/errors.js';
import { findProvince } from '../io/export/source.js';
import type { Knex } from 'knex';
import { parseIntParam, rejectUnknownParams } from './query.js';

const CONTENT_TYPES: Record<AuditExportFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

/** The caller, if its role may read the audit log at all (403 before any parameter is looked at). */
function auditReader(req: Request): Principal {
  const p = principal(req);
  if (p.role !== 'admin' && p.role !== 'secretariat') throw new ForbiddenError(`a ${p.role} account cannot read the audit log`);
  return p;
}

/**
 * The request's filters limited to what the caller may read: admins everything, a province's
 * secretariat its province (filled in; another province is 403). An entry belongs to the province
 * of its record after the change and, when the change moved the record, to the one it left
 * (from_province_code): the province filter matches either, so both secretariats see a move.
 */
async function scopedFilters(knex: Knex, p: Principal, req: Request): Promise<AuditFilters> {
  const { provinceGiven, ...filters } = parseAuditFilters(req.query);
  const asked = provinceGiven === undefined ? undefined : (await findProvince(knex, provinceGiven)).code;
  const province = p.role === 'admin' ? asked : (asked ?? p.province ?? undefined);
  if (!canReadAudit(p, province ?? null)) {
    throw new ForbiddenError(`your account reads the audit log of province ${p.province} only${asked ? `; province ${provinceGiven} is outside it` : ''}`);
  }
  return { ...filters, ...(province !== undefined ? { province } : {}) };
}

const attachment = (name: string) => `attachment; filename*=UTF-8''${encodeURIComponent(name)}`;

/**
 * GET /api/audit?province&entity&entity_id&user&action&import_id&since&until&limit&offset — the
 * audit log, newest first, with the total; GET /api/audit/export.csv and .xlsx with the same filters.
 * Readable by admins and by a province's secretariat for its province (api/src/auth/principal.ts),
 * moves into and out of it included.
 */
export function auditRouter(ctx: AppContext): Router {
  const r = Router();
  const knex = ctx.db.knex;

  r.get(
    '/audit',
    asyncHandler(async (req, res) => {
      const p = auditReader(req);
      rejectUnknownParams(req, [...AUDIT_PARAMS, 'limit', 'offset']);
      const limit = parseIntParam(req.query.limit, 'limit', 1, 1000, 100);
      const offset = parseIntParam(req.query.offset, 'offset', 0, Number.MAX_SAFE_INTEGER, 0);
      const filters = await scopedFilters(knex, p, req);
      const { items, total } = await listAudit(knex, filters, { limit, offset });
      res.json({ items, total, limit, offset });
    }),
  );

  for (const format of ['csv', 'xlsx'] as const) {
    r.get(
      `/audit/export.${format}`,
      asyncHandler(async (req, res) => {
        const p = auditReader(req);
        rejectUnknownParams(req, [...AUDIT_PARAMS]);
        const filters = await scopedFilters(knex, p, req);
        res.set('Content-Type', CONTENT_TYPES[format]).set('Content-Disposition', attachment(`audit-${filters.province ?? 'all'}.${format}`));
        await writeAuditExport(knex, filters, format, res);
      }),
    );
  }
  return r;
}
