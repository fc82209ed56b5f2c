/**
 * The audit log's read side: filters from a query string, a page of entries (newest first, with the
 * total), and every matching entry in keyset-paginated batches for the exports. Scoping by role is
 * the route's business (api/src/routes/audit.ts); this module only filters.
 */
import type { Knex } from 'knex';
import { type FieldError, ValidationError } from '../http/errors.js';
import { CHANGED, type AuditAction } from './log.js';

export const AUDIT_ACTIONS: readonly AuditAction[] = ['create', 'update', 'delete', 'import', 'approve', 'override', 'submit', 'certify', 'return', 'user'];

/** Thai and English names of the actions, for the exports. */
export const ACTION_LABELS: Record<AuditAction, { th: string; en: string }> = {
  create: { th: 'เพิ่ม', en: 'Create' },
  update: { th: 'แก้ไข', en: 'Update' },
  delete: { th: 'ลบ', en: 'Delete' },
  import: { th: 'นำเข้า', en: 'Import' },
  approve: { th: 'อนุมัติ', en: 'Approve' },
  override: { th: 'ปรับลำดับ', en: 'Override' },
  submit: { th: 'ส่งข้อมูล', en: 'Submit' },
  certify: { th: 'รับรองข้อมูล', en: 'Certify' },
  return: { th: 'ส่งกลับแก้ไข', en: 'Return' },
  user: { th: 'บัญชีผู้ใช้', en: 'Account' },
};

/** Thai and English names of the kinds of record the log holds (an unknown one is shown as stored). */
export const ENTITY_LABELS: Record<string, { th: string; en: string }> = {
  cameras: { th: 'กล้อง CCTV', en: 'Camera' },
  'planned-sites': { th: 'จุดติดตั้งเพิ่มเติม', en: 'Planned site' },
  'risk-points': { th: 'จุดเสี่ยง', en: 'Risk point' },
  'risk-routes': { th: 'เส้นทางเสี่ยง', en: 'Risk route' },
  'police-stations': { th: 'สถานีตำรวจ', en: 'Police station' },
  agencies: { th: 'หน่วยงาน', en: 'Agency' },
  'footage-requests': { th: 'คำขอดูภาพย้อนหลัง', en: 'Footage request' },
  problems: { th: 'ปัญหาอุปสรรค', en: 'Problem' },
  'lao-surveys': { th: 'แบบสำรวจ อปท.', en: 'LAO survey row' },
  plans: { th: 'แผน', en: 'Plan' },
  camera_photos: { th: 'ภาพถ่ายกล้อง', en: 'Camera photo' },
  users: { th: 'บัญชีผู้ใช้', en: 'Account' },
  certifications: { th: 'การรับรองข้อมูล', en: 'Certification' },
};

export interface AuditFilters {
  /**
   * Province code (the route resolves names and applies the caller's scope): the entries of the
   * province's records, including those moved into it or out of it (province_code or from_province_code).
   */
  province?: string;
  entity?: string;
  entityId?: number;
  userId?: number;
  username?: string;
  action?: AuditAction;
  importId?: string;
  /** From this instant (inclusive). */
  since?: Date;
  /** Before this instant (exclusive). */
  until?: Date;
}

export interface AuditRow {
  id: number;
  at: Date;
  user_id: number | null;
  username: string | null;
  action: string;
  entity: string;
  entity_id: number | null;
  province_code: string | null;
  province_name: string | null;
  /** The province the record left, when the change moved it to another one (else null); the entry belongs to both. */
  from_province_code: string | null;
  from_province_name: string | null;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  /** The record's fields that differ between before and after (masked ones included when they changed). */
  changed_fields: string[];
  import_id: string | null;
  request_id: string | null;
}

export const AUDIT_PARAMS = ['province', 'entity', 'entity_id', 'user', 'action', 'import_id', 'since', 'until'] as const;

const THAI_DIGITS = /[๐-๙]/g;
const arabic = (s: string) => s.replace(THAI_DIGITS, (d) => String(d.charCodeAt(0) - 0x0e50));

/** Bangkok has no daylight saving: +07:00 all year. */
const BANGKOK = '+07:00';

/**
 * An instant from `YYYY-MM-DD` (a Bangkok day; Buddhist Era years above 2400 accepted) or an ISO
 * date-time (Bangkok time when it names no offset). A date `until` means through the end of that day.
 */
export function parseInstant(raw: string, end: boolean): Date | undefined {
  const s = arabic(raw).trim();
  const day = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (day) {
    const year = Number(day[1]) > 2400 ? Number(day[1]) - 543 : Number(day[1]);
    const [month, date] = [Number(day[2]), Number(day[3])];
    const utc = new Date(Date.UTC(year, month - 1, date));
    if (utc.getUTCMonth() !== month - 1 || utc.getUTCDate() !== date) return undefined; // 2019-02-30
    const start = new Date(utc.getTime() - 7 * 3_600_000); // midnight in Bangkok
    return end ? new Date(start.getTime() + 86_400_000) : start;
  }
  const dt = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,6}))?)?(Z|[+-]\d{2}:?\d{2})?$/.exec(s);
  if (!dt) return undefined;
  const year = Number(dt[1]) > 2400 ? Number(dt[1]) - 543 : Number(dt[1]);
  const iso = `${String(year).padStart(4, '0')}-${dt[2]}-${dt[3]}T${dt[4]}:${dt[5]}:${dt[6] ?? '00'}${dt[7] ? `.${dt[7].padEnd(3, '0').slice(0, 3)}` : ''}${dt[8] ?? BANGKOK}`;
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? undefined : d;
}

/** The filters of GET /api/audit (province left as given); every bad parameter is reported at once (400). */
export function parseAuditFilters(q: Record<string, unknown>): AuditFilters & { provinceGiven?: string } {
  const errors: FieldError[] = [];
  const out: AuditFilters & { provinceGiven?: string } = {};
  const one = (name: string): string | undefined => {
    const v = q[name];
    if (v === undefined) return undefined;
    if (typeof v !== 'string' || v.trim() === '') {
      errors.push({ field: name, message: 'give one non-empty value', code: 'invalid_parameter' });
      return undefined;
    }
    return v.trim();
  };
  const province = one('province');
  if (province !== undefined) out.provinceGiven = province;
  const entity = one('entity');
  if (entity !== undefined) {
    if (/^[a-z][a-z_-]{0,39}$/.test(entity)) out.entity = entity;
    else errors.push({ field: 'entity', message: `a kind of record such as ${Object.keys(ENTITY_LABELS).slice(0, 4).join(', ')}`, code: 'invalid_parameter' });
  }
  const entityId = one('entity_id');
  if (entityId !== undefined) {
    const n = /^\d{1,15}$/.test(arabic(entityId)) ? Number(arabic(entityId)) : NaN;
    if (Number.isSafeInteger(n) && n > 0) out.entityId = n;
    else errors.push({ field: 'entity_id', message: 'must be a positive whole number', code: 'invalid_parameter' });
  }
  const user = one('user');
  if (user !== undefined) {
    if (/^\d{1,15}$/.test(user)) out.userId = Number(user);
    else if (/^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$/.test(user)) out.username = user.toLowerCase();
    else errors.push({ field: 'user', message: 'a user name or a user id', code: 'invalid_parameter' });
  }
  const action = one('action');
  if (action !== undefined) {
    if ((AUDIT_ACTIONS as readonly string[]).includes(action)) out.action = action as AuditAction;
    else errors.push({ field: 'action', message: `must be one of ${AUDIT_ACTIONS.join(', ')}`, code: 'invalid_parameter' });
  }
  const importId = one('import_id');
  if (importId !== undefined) {
    if (importId.length <= 100) out.importId = importId;
    else errors.push({ field: 'import_id', message: 'is too long', code: 'invalid_parameter' });
  }
  for (const [name, end] of [['since', false], ['until', true]] as const) {
    const raw = one(name);
    if (raw === undefined) continue;
    const d = parseInstant(raw, end);
    if (d) out[name] = d;
    else errors.push({ field: name, message: 'a date (2019-04-02 or 2562-04-02) or a date-time (2019-04-02T14:30:00+07:00)', code: 'invalid_parameter' });
  }
  if (out.since && out.until && out.since >= out.until) errors.push({ field: 'until', message: 'must be after since', code: 'invalid_range' });
  if (errors.length) throw new ValidationError(errors);
  return out;
}

function where(q: Knex.QueryBuilder, f: AuditFilters): Knex.QueryBuilder {
  const province = f.province;
  if (province !== undefined) q.where((b) => b.where('a.province_code', province).orWhere('a.from_province_code', province));
  if (f.entity !== undefined) q.where('a.entity', f.entity);
  if (f.entityId !== undefined) q.where('a.entity_id', f.entityId);
  if (f.userId !== undefined) q.where('a.user_id', f.userId);
  if (f.username !== undefined) q.where('a.username', f.username);
  if (f.action !== undefined) q.where('a.action', f.action);
  if (f.importId !== undefined) q.where('a.import_id', f.importId);
  if (f.since !== undefined) q.where('a.at', '>=', f.since);
  if (f.until !== undefined) q.where('a.at', '<', f.until);
  return q;
}

const SELECT = [
  'a.id', 'a.at', 'a.user_id', 'a.username', 'a.action', 'a.entity', 'a.entity_id', 'a.province_code',
  'p.name_th as province_name', 'a.from_province_code', 'fp.name_th as from_province_name', 'a.before', 'a.after', 'a.import_id', 'a.request_id',
];

/** Record columns every write touches: not worth listing as changed. */
const BOOKKEEPING = new Set(['version', 'updated_at']);

/** The fields that differ between `before` and `after` (a masked field counts when it is marked changed). */
export function changedFields(before: Record<string, unknown> | null, after: Record<string, unknown> | null): string[] {
  if (!before || !after) return [];
  const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
  return [...keys].filter(
    (k) => !BOOKKEEPING.has(k) && (before[k] === CHANGED || after[k] === CHANGED || JSON.stringify(before[k] ?? null) !== JSON.stringify(after[k] ?? null)),
  );
}

function toRow(r: Record<string, unknown>): AuditRow {
  const json = (v: unknown) => (v === null || v === undefined ? null : ((typeof v === 'string' ? JSON.parse(v) : v) as Record<string, unknown>));
  const before = json(r.before);
  const after = json(r.after);
  return {
    id: Number(r.id),
    at: r.at as Date,
    user_id: r.user_id === null ? null : Number(r.user_id),
    username: (r.username as string | null) ?? null,
    action: r.action as string,
    entity: r.entity as string,
    entity_id: r.entity_id === null ? null : Number(r.entity_id),
    province_code: (r.province_code as string | null) ?? null,
    province_name: (r.province_name as string | null) ?? null,
    from_province_code: (r.from_province_code as string | null) ?? null,
    from_province_name: (r.from_province_name as string | null) ?? null,
    before,
    after,
    changed_fields: changedFields(before, after),
    import_id: (r.import_id as string | null) ?? null,
    request_id: (r.request_id as string | null) ?? null,
  };
}

const base = (knex: Knex) => knex('audit_log as a').leftJoin('provinces as p', 'p.code', 'a.province_code').leftJoin('provinces as fp', 'fp.code', 'a.from_province_code');

/** One page of entries, newest first (by time, then by id: the entries of one transaction share its time). */
export async function listAudit(knex: Knex, f: AuditFilters, page: { limit: number; offset: number }): Promise<{ items: AuditRow[]; total: number }> {
  const [{ total }] = await where(knex('audit_log as a').count<{ total: string }[]>({ total: '*' }), f);
  const rows = await where(base(knex).select(SELECT), f).orderBy([{ column: 'a.at', order: 'desc' }, { column: 'a.id', order: 'desc' }]).limit(page.limit).offset(page.offset);
  return { items: rows.map(toRow), total: Number(total) };
}

/**
 * Every matching entry, newest first, in batches of `batchSize` by keyset (time, id): no cursor or
 * transaction is held between batches, and an entry written meanwhile is not read twice.
 */
export async function* iterateAudit(knex: Knex, f: AuditFilters, batchSize = 1000): AsyncGenerator<AuditRow> {
  // The time as text keeps its microseconds (a JS Date has milliseconds) for the next batch's bound.
  let after: { at: string; id: number } | null = null;
  for (;;) {
    const q = where(base(knex).select([...SELECT, knex.raw('a.at::text as at_key')]), f);
    if (after) q.whereRaw('(a.at, a.id) < (?::timestamptz, ?)', [after.at, after.id]);
    const rows: Record<string, unknown>[] = await q.orderBy([{ column: 'a.at', order: 'desc' }, { column: 'a.id', order: 'desc' }]).limit(batchSize);
    for (const r of rows) yield toRow(r);
    if (rows.length < batchSize) return;
    const last = rows[rows.length - 1]!;
    after = { at: last.at_key as string, id: Number(last.id) };
  }
}
