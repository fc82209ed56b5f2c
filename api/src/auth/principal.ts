/**
 * Who is asking and what they may do: the roles of the programme (../shared/DOMAIN.md "Who does
 * what") and one permission table the routes and the authorisation matrix test both read. Pure: no
 * database, no express.
 *
 * Scopes: a national admin sees and changes everything; every other account is tied to one
 * province (a committee account may be national), a recorder to one agency within it, a police
 * account to some stations of its province (or the whole province). Reads cover the scope's area;
 * writes are narrower (see WRITERS and `canWriteRow`).
 */

export const ROLES = ['admin', 'secretariat', 'recorder', 'police', 'committee'] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Record<Role, { th: string; en: string }> = {
  admin: { th: 'ผู้ดูแลระบบระดับประเทศ', en: 'National admin' },
  secretariat: { th: 'เลขานุการคณะกรรมการจังหวัด', en: 'Provincial secretariat' },
  recorder: { th: 'ผู้บันทึกข้อมูลของหน่วยงาน', en: 'Agency recorder' },
  police: { th: 'ตำรวจ', en: 'Police' },
  committee: { th: 'คณะกรรมการ (ดูข้อมูล)', en: 'Committee viewer' },
};

export interface Principal {
  userId: number;
  username: string;
  role: Role;
  /** The account's province; null for a national admin or a national committee account. */
  province: string | null;
  /** A recorder's agency. */
  agencyId: number | null;
  /** A police account's stations; empty = the whole province. */
  stations: number[];
  /** How the request was authenticated. */
  via: 'session' | 'token';
  tokenId?: number;
}

/** The domain records the scope rules apply to (EntityDef.path values and the other write targets). */
export type Resource =
  | 'cameras'
  | 'planned-sites'
  | 'risk-points'
  | 'risk-routes'
  | 'police-stations'
  | 'agencies'
  | 'footage-requests'
  | 'problems'
  | 'lao-surveys'
  | 'plans';

/** Who may create, change or delete each kind of record (within their scope, see canWriteRow). */
export const WRITERS: Record<Resource, readonly Role[]> = {
  cameras: ['admin', 'secretariat', 'recorder'],
  'planned-sites': ['admin', 'secretariat'],
  'risk-points': ['admin', 'secretariat', 'police'],
  'risk-routes': ['admin', 'secretariat', 'police'],
  'police-stations': ['admin', 'secretariat'],
  agencies: ['admin', 'secretariat'],
  'footage-requests': ['admin', 'secretariat', 'police'],
  problems: ['admin', 'secretariat', 'recorder'],
  'lao-surveys': ['admin', 'secretariat', 'recorder'],
  plans: ['admin', 'secretariat'],
};

/** Personal data and secrets (PDPA; stream URLs must not leak), per kind of record. */
export const SENSITIVE_FIELDS: Partial<Record<Resource, readonly string[]>> = {
  cameras: ['contact_name', 'phone', 'stream_url'],
  agencies: ['contact_name', 'phone'],
};

/**
 * Whether `p` may see the sensitive fields of a record of `resource` in `row`'s scope. Admins and
 * the province's secretariat see them; a recorder for its own agency's records; police see a
 * camera's contact name and phone (they ask owners for footage) but never its stream URL;
 * committee viewers and the public see none.
 */
export function canSeeSensitive(p: Principal | null, resource: Resource, field: string, row: { province_code?: unknown; agency_id?: unknown; id?: unknown }): boolean {
  if (!p) return false;
  if (p.role === 'admin') return true;
  if (p.province === null || row.province_code !== p.province) return false;
  switch (p.role) {
    case 'secretariat':
      return true;
    case 'recorder':
      return resource === 'agencies' ? Number(row.id) === p.agencyId : Number(row.agency_id) === p.agencyId;
    case 'police':
      return resource === 'cameras' && field !== 'stream_url';
    default:
      return false;
  }
}

/** A copy of `row` without the sensitive fields `p` may not see (absent, not null: nothing to guess from). */
export function redact<T extends Record<string, unknown>>(p: Principal | null, resource: Resource, row: T): T {
  const fields = SENSITIVE_FIELDS[resource];
  if (!fields) return row;
  let out: T | null = null;
  for (const f of fields) {
    if (f in row && !canSeeSensitive(p, resource, f, row)) {
      out ??= { ...row };
      delete out[f];
    }
  }
  return out ?? row;
}

/**
 * The province every read of `p` is limited to: null = no limit (admin, national committee).
 * Everyone else reads their own province only.
 */
export function readProvince(p: Principal): string | null {
  return p.role === 'admin' || (p.role === 'committee' && p.province === null) ? null : p.province;
}

/** Whether `p` may read records of `province` (null province: records outside any province — admin and national accounts only). */
export function canReadProvince(p: Principal, province: string | null | undefined): boolean {
  const limit = readProvince(p);
  return limit === null || province === limit;
}

/** The row fields the write rules look at. */
export interface ScopedRow {
  province_code?: string | null;
  agency_id?: number | string | null;
  police_station_id?: number | string | null;
}

/**
 * Whether `p` may hold `row` of `resource` — checked on the record before a change (and before a
 * delete) and on the record as stored after it (its province is derived from its position by the
 * database, so a point moved out of the province is caught). Returns the reason when not.
 */
export function canWriteRow(p: Principal, resource: Resource, row: ScopedRow): { ok: true } | { ok: false; reason: string } {
  if (!WRITERS[resource].includes(p.role)) return { ok: false, reason: `a ${p.role} account cannot change ${resource}` };
  if (p.role === 'admin') return { ok: true };
  if (!row.province_code || row.province_code !== p.province) return { ok: false, reason: `the record is outside province ${p.province}` };
  // A recorder's cameras are its agency's; its problem reports and LAO surveys carry no agency and
  // are checked by province.
  if (p.role === 'recorder' && resource === 'cameras' && Number(row.agency_id) !== p.agencyId) {
    return { ok: false, reason: `the camera does not belong to agency ${p.agencyId}` };
  }
  if (p.role === 'police' && p.stations.length > 0 && (resource === 'risk-points' || resource === 'risk-routes' || resource === 'footage-requests')) {
    const station = row.police_station_id === null || row.police_station_id === undefined ? null : Number(row.police_station_id);
    if (station === null || !p.stations.includes(station)) return { ok: false, reason: `the record is outside the stations ${p.stations.join(', ')}` };
  }
  return { ok: true };
}

/** Account management: an admin manages everyone; a secretariat the non-admin, non-secretariat accounts of its province. */
export function canManageUser(p: Principal, target: { role: Role; province_code: string | null }): boolean {
  if (p.role === 'admin') return true;
  if (p.role !== 'secretariat') return false;
  return target.role !== 'admin' && target.role !== 'secretariat' && target.province_code === p.province;
}

/** Who sees the audit log: admins, and a province's secretariat for that province. */
export function canReadAudit(p: Principal, province: string | null): boolean {
  return p.role === 'admin' || (p.role === 'secretariat' && province === p.province);
}
