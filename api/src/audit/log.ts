/**
 * The audit log's write side: one row per change — who, when, what, the record before and after,
 * the import it came from. Sensitive values (contact names, phones, stream URLs) are never copied
 * into it: a changed one shows as "(changed)", an unchanged one as "(hidden)".
 */
import type { Knex } from 'knex';
import { type Principal, type Resource, SENSITIVE_FIELDS } from '../auth/principal.js';

type Db = Knex | Knex.Transaction;
type Row = Record<string, unknown>;

export type AuditAction = 'create' | 'update' | 'delete' | 'import' | 'approve' | 'override' | 'submit' | 'certify' | 'return' | 'user';

export interface AuditEntry {
  action: AuditAction;
  /** The kind of record: an entity path ('cameras'), 'plans', 'users', 'certifications'… */
  entity: string;
  entityId?: number | null;
  /** The province the entry belongs to; by default the record's province after the change (before it, for a delete). */
  province?: string | null;
  /**
   * The province the record was in before the change when it moved to another one; by default
   * `before.province_code` when it differs from `province` (see sql/migrations/006_audit_accounts.sql).
   */
  fromProvince?: string | null;
  before?: Row | null;
  after?: Row | null;
  importId?: string | null;
}

export const HIDDEN = '(hidden)';
export const CHANGED = '(changed)';

/** `before` and `after` with sensitive values replaced by marks that say only whether they changed. */
export function maskSensitive(entity: string, before: Row | null | undefined, after: Row | null | undefined): { before: Row | null; after: Row | null } {
  const fields = SENSITIVE_FIELDS[entity as Resource] ?? [];
  const mask = (row: Row | null | undefined, other: Row | null | undefined): Row | null => {
    if (!row) return null;
    const out = { ...row };
    for (const f of fields) {
      if (!(f in out) || out[f] === null || out[f] === undefined) continue;
      out[f] = other && f in other && JSON.stringify(other[f]) !== JSON.stringify(row[f]) ? CHANGED : HIDDEN;
    }
    return out;
  };
  return { before: mask(before, after), after: mask(after, before) };
}

/** Who made a change and in which request: null `who` is the command line (or the server itself). */
export interface AuditActor {
  who: Principal | null;
  requestId?: string | null;
}

/** The province a record was moved out of: `before`'s when it differs from the entry's province, else null. */
export function movedFrom(before: Row | null | undefined, province: string | null): string | null {
  const from = (before?.province_code as string | null | undefined) ?? null;
  return from !== null && from !== province ? from : null;
}

/** Records one change, in the caller's transaction (the entry and the change commit or roll back together). */
export async function recordAudit(db: Db, who: Principal | null, e: AuditEntry, requestId?: string | null): Promise<void> {
  const { before, after } = maskSensitive(e.entity, e.before, e.after);
  const province = e.province ?? ((after?.province_code ?? before?.province_code) as string | null | undefined) ?? null;
  const fromProvince = e.fromProvince !== undefined ? e.fromProvince : movedFrom(e.before, province);
  await db('audit_log').insert({
    user_id: who?.userId ?? null,
    username: who?.username ?? null,
    action: e.action,
    entity: e.entity,
    entity_id: e.entityId ?? null,
    province_code: province,
    from_province_code: fromProvince,
    before: before === null ? null : JSON.stringify(before),
    after: after === null ? null : JSON.stringify(after),
    import_id: e.importId ?? null,
    request_id: requestId ?? null,
  });
}
