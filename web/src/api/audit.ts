/**
 * The audit log (api/src/routes/audit.ts): one page of entries, newest first, and the CSV / XLSX
 * export links with the same filters. Readable by admins and by a province's secretariat for its
 * province; sensitive values arrive as "(changed)" / "(hidden)", never themselves.
 */
import type { AuditRow } from '../../../api/src/audit/query';
import type { Jsonified } from './accounts';
import { ApiFieldError, request } from './records';

export type AuditEntry = Jsonified<AuditRow>;

/** The actions the log records (AUDIT_ACTIONS). */
export const AUDIT_ACTIONS = ['create', 'update', 'delete', 'import', 'approve', 'override', 'submit', 'certify', 'return', 'user'] as const;

/** The kinds of record the log holds (ENTITY_LABELS); others are shown as stored. */
export const AUDIT_ENTITIES = [
  'cameras',
  'planned-sites',
  'risk-points',
  'risk-routes',
  'police-stations',
  'agencies',
  'footage-requests',
  'problems',
  'lao-surveys',
  'plans',
  'camera_photos',
  'users',
  'certifications',
  'certification_deadlines',
] as const;

/** The filters as the API names them (AUDIT_PARAMS); empty ones are left out. */
export interface AuditFilters {
  province?: string;
  entity?: string;
  entity_id?: string;
  user?: string;
  action?: string;
  import_id?: string;
  /** YYYY-MM-DD (a day in Thailand) or an ISO date-time. */
  since?: string;
  until?: string;
}

export const AUDIT_FILTER_NAMES = ['province', 'entity', 'entity_id', 'user', 'action', 'import_id', 'since', 'until'] as const;

export function auditQuery(f: AuditFilters, page?: { limit: number; offset: number }): string {
  const q = new URLSearchParams();
  for (const k of AUDIT_FILTER_NAMES) {
    const v = f[k]?.trim();
    if (v) q.set(k, v);
  }
  if (page) {
    q.set('limit', String(page.limit));
    q.set('offset', String(page.offset));
  }
  const s = q.toString();
  return s ? `?${s}` : '';
}

export interface AuditPage {
  items: AuditEntry[];
  total: number;
  limit: number;
  offset: number;
}

export async function listAudit(f: AuditFilters, page: { limit: number; offset: number }, signal?: AbortSignal): Promise<AuditPage> {
  const path = `/api/audit${auditQuery(f, page)}`;
  const body = await request('GET', path, { signal });
  if (typeof body !== 'object' || body === null || !Array.isArray((body as { items?: unknown }).items)) throw new ApiFieldError(200, 'bad_shape', `unexpected answer from ${path}`, []);
  return body as AuditPage;
}

/** The download link of every entry matching `f` (the session cookie goes with it). */
export const auditExportUrl = (format: 'csv' | 'xlsx', f: AuditFilters) => `/api/audit/export.${format}${auditQuery(f)}`;
