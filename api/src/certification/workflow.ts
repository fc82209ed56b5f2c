/**
 * The committee workflow in the database: submit, certify, return, deadlines, each province's
 * status, and one province's history, figures and changes (docs/workflow.md). Who may do what and
 * which moves are allowed come from rules.ts; every write is one transaction with its audit entry.
 */
import type { Knex } from 'knex';
import { recordAudit } from '../audit/log.js';
import { ForbiddenError } from '../auth/middleware.js';
import type { Principal } from '../auth/principal.js';
import { ApiError, ConflictError, NotFoundError } from '../http/errors.js';
// The audit entries carry the id of the request being handled (the routes pass the principal only).
import { currentRequestId } from '../http/request-id.js';
import { COMPLETENESS_FIELDS, loadDashboard } from '../routes/dashboard.js';
import {
  bangkokDate,
  type CertificationAction,
  type CertificationStatus,
  canActOnProvince,
  canReadCertification,
  deadlineState,
  listedProvince,
  nextStatus,
} from './rules.js';
import type { Certification, Counts, ProvinceDetail, ProvinceStatus, StatusList } from './schemas.js';
import { freezeRecords, SNAPSHOT_ENTITIES, type SnapshotEntity, summariseChanges, withoutJit } from './snapshot.js';

type Db = Knex | Knex.Transaction;
type Rec = Record<string, unknown>;

/** How many changes of each kind the detail answer lists (the rest: GET …/changes). */
export const FIRST_CHANGES = 20;

const iso = (v: unknown): string | null => (v === null || v === undefined ? null : v instanceof Date ? v.toISOString() : new Date(String(v)).toISOString());

export function forbidUnless(check: { ok: true } | { ok: false; reason: string }): void {
  if (!check.ok) throw new ForbiddenError(check.reason);
}

/** A province by its code, or 404. */
export async function provinceByCode(db: Db, code: string): Promise<{ code: string; name_th: string; name_en: string }> {
  const row = /^\d{2}$/.test(code) ? await db('provinces').where('code', code).first('code', 'name_th', 'name_en') : undefined;
  if (!row) throw new NotFoundError(`province ${code}`);
  return row;
}

/** 403 unless `p` may read `province`'s workflow. */
export function assertCanRead(p: Principal, province: string): void {
  if (!canReadCertification(p, province)) throw new ForbiddenError(`your account reads province ${p.province} only; province ${province} is outside it`);
}

// ---- figures --------------------------------------------------------------------------------------

/** A province's figures now: the dashboard's (same SQL as GET /api/dashboard?province=…&level=nation) plus risk points and routes. */
export async function provinceCounts(db: Db, province: string): Promise<Counts> {
  const dash = await loadDashboard(db as Knex, { province }, 'nation');
  const { key: _k, name_th: _t, name_en: _e, province_code: _p, ...row } = dash.totals;
  const risk = (await db.raw(
    `select (select count(*) from risk_points where province_code = ?)::int as points, (select count(*) from risk_routes where province_code = ?)::int as routes`,
    [province, province],
  )) as { rows: { points: number; routes: number }[] };
  return { ...row, problems: row.problems ?? 0, risk_points: risk.rows[0]!.points, risk_routes: risk.rows[0]!.routes };
}

/** The numeric figures that differ between two sets of counts, by dotted path. */
export function countDifferences(certified: Counts, current: Counts): { path: string; certified: number; current: number }[] {
  const flat = (v: unknown, prefix: string, out: Map<string, number>) => {
    if (typeof v === 'number') out.set(prefix, v);
    else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) flat(x, prefix ? `${prefix}.${k}` : k, out);
    return out;
  };
  const a = flat(certified, '', new Map());
  const b = flat(current, '', new Map());
  const paths = [...new Set([...a.keys(), ...b.keys()])];
  return paths.filter((k) => (a.get(k) ?? 0) !== (b.get(k) ?? 0)).map((k) => ({ path: k, certified: a.get(k) ?? 0, current: b.get(k) ?? 0 }));
}

const missingAny = COMPLETENESS_FIELDS.map((f) => f.missing).join(' or ');

/** Cameras and complete cameras per province (the dashboard's completeness fields), one query. */
async function completenessByProvince(db: Db, province: string | null): Promise<Map<string, { cameras: number; complete: number; share: number }>> {
  const res = await db.raw(
    `select c.province_code, count(*)::int as cameras, count(*) filter (where not (${missingAny}))::int as complete
       from cameras c where c.province_code is not null ${province ? 'and c.province_code = ?' : ''} group by c.province_code`,
    province ? [province] : [],
  );
  const out = new Map<string, { cameras: number; complete: number; share: number }>();
  for (const r of res.rows as { province_code: string; cameras: number; complete: number }[]) {
    out.set(r.province_code, { cameras: r.cameras, complete: r.complete, share: r.cameras ? Math.round((r.complete / r.cameras) * 10_000) / 10_000 : 0 });
  }
  return out;
}

// ---- reading --------------------------------------------------------------------------------------

function toCertification(r: Rec): Certification {
  return {
    id: Number(r.id),
    province_code: r.province_code as string,
    status: r.status as CertificationStatus,
    submitted_at: iso(r.submitted_at)!,
    submitted_by: r.submitted_by_name as string,
    submit_note: (r.submit_note as string | null) ?? null,
    decided_at: iso(r.decided_at),
    decided_by: (r.decided_by_name as string | null) ?? null,
    decision_note: (r.decision_note as string | null) ?? null,
    records: Object.fromEntries(SNAPSHOT_ENTITIES.map((e) => [e, Number((r.records as Partial<Record<SnapshotEntity, number>>)[e] ?? 0)])) as Record<SnapshotEntity, number>,
    changes_at_decision: (r.changes_at_decision as Certification['changes_at_decision']) ?? null,
    counts: r.counts as Counts,
  };
}

/** Each listed province's status, deadline and completeness; `province` null = every province. */
async function statuses(db: Db, province: string | null, now: Date): Promise<ProvinceStatus[]> {
  const today = bangkokDate(now);
  const where = province ? 'where p.code = ?' : '';
  const bind = province ? [province] : [];
  const res = await db.raw(
    `select p.code, p.name_th, p.name_en,
            latest.status, latest.submitted_at,
            cert.id as cert_id, cert.decided_at as certified_at,
            d.due_on, d.round_from, d.set_at, d.set_by_name
       from provinces p
       left join lateral (select c.status, c.submitted_at from certifications c where c.province_code = p.code order by c.id desc limit 1) latest on true
       left join lateral (select c.id, c.decided_at from certifications c where c.province_code = p.code and c.status = 'certified'
                           order by c.decided_at desc, c.id desc limit 1) cert on true
       left join certification_deadlines d on d.province_code = p.code
       ${where}
      order by p.code`,
    bind,
  );
  const complete = await completenessByProvince(db, province);
  return (res.rows as Rec[]).map((r) => {
    const deadline = r.due_on ? { due_on: r.due_on as string, round_from: r.round_from as string, set_at: iso(r.set_at)!, set_by: (r.set_by_name as string | null) ?? null } : null;
    const certifiedAt = r.certified_at ? new Date(r.certified_at as string) : null;
    const state = deadlineState(deadline, certifiedAt ? bangkokDate(certifiedAt) : null, today);
    return {
      province_code: r.code as string,
      name_th: r.name_th as string,
      name_en: r.name_en as string,
      status: ((r.status as CertificationStatus | null) ?? 'not_submitted') as ProvinceStatus['status'],
      submitted_at: iso(r.submitted_at),
      last_certified_at: iso(r.certified_at),
      last_certified_id: r.cert_id === null || r.cert_id === undefined ? null : Number(r.cert_id),
      deadline,
      ...state,
      completeness: complete.get(r.code as string) ?? { cameras: 0, complete: 0, share: 0 },
    };
  });
}

/** GET /api/certification: the provinces `p` may see (all for admins and national committee accounts). */
export async function statusList(db: Db, p: Principal, now = new Date()): Promise<StatusList> {
  const provinces = await statuses(db, listedProvince(p), now);
  const summary = { not_submitted: 0, submitted: 0, certified: 0, returned: 0, overdue: 0, with_deadline: 0 };
  for (const s of provinces) {
    summary[s.status] += 1;
    if (s.overdue) summary.overdue += 1;
    if (s.deadline) summary.with_deadline += 1;
  }
  return { today: bangkokDate(now), provinces, summary };
}

async function changesSince(db: Db, cert: Rec, province: string): Promise<NonNullable<ProvinceDetail['changes_since_certification']>> {
  const id = Number(cert.id);
  const byEntity = await summariseChanges(db, id, province, FIRST_CHANGES);
  const totals = { added: 0, changed: 0, deleted: 0 };
  for (const entity of SNAPSHOT_ENTITIES) {
    totals.added += byEntity[entity].added;
    totals.changed += byEntity[entity].changed;
    totals.deleted += byEntity[entity].deleted;
  }
  return { certification_id: id, snapshot_at: iso(cert.submitted_at)!, ...totals, by_entity: byEntity };
}

/** GET /api/certification/:province — status, current and certified figures, changes since, history. */
export async function provinceDetail(knex: Knex, p: Principal, code: string, now = new Date()): Promise<ProvinceDetail> {
  const province = await provinceByCode(knex, code);
  assertCanRead(p, province.code);
  // One snapshot of the database for the figures and the changes.
  return withoutJit(knex, async (db) => {
    const [status] = await statuses(db, province.code, now);
    const history = (await db('certifications').where('province_code', province.code).orderBy('id', 'desc')) as Rec[];
    const certifiedRow = history.find((h) => h.status === 'certified' && Number(h.id) === status!.last_certified_id) ?? null;
    const openRow = history[0]?.status === 'submitted' ? history[0] : null;
    const current = await provinceCounts(db, province.code);
    const certified = certifiedRow ? toCertification(certifiedRow) : null;
    return {
      province,
      status: status!,
      current,
      certified,
      open_submission: openRow ? toCertification(openRow) : null,
      differences: certified ? countDifferences(certified.counts, current) : [],
      changes_since_certification: certifiedRow ? await changesSince(db, certifiedRow, province.code) : null,
      changes_since_submission: openRow ? await changesSince(db, openRow, province.code) : null,
      history: history.map((h) => {
        const { counts: _c, ...rest } = toCertification(h);
        return rest;
      }),
    };
  });
}

/**
 * The submission a change list or frozen-data page refers to: `which` = 'certified' (the latest
 * certification), 'submission' (the open one) or a certification id of this province. 404 when there
 * is none, 409 when its rows were dropped (a returned submission).
 */
export async function certificationFor(db: Db, province: string, which: string): Promise<Rec> {
  let row: Rec | undefined;
  if (which === 'certified') {
    row = await db('certifications').where({ province_code: province, status: 'certified' }).orderBy([{ column: 'decided_at', order: 'desc' }, { column: 'id', order: 'desc' }]).first();
    if (!row) throw new NotFoundError(`a certification of province ${province}`);
  } else if (which === 'submission') {
    row = await db('certifications').where({ province_code: province, status: 'submitted' }).first();
    if (!row) throw new NotFoundError(`an open submission of province ${province}`);
  } else {
    row = await db('certifications').where({ province_code: province, id: Number(which) }).first();
    if (!row) throw new NotFoundError(`certification ${which} of province ${province}`);
  }
  if (row.status === 'returned') throw new ConflictError(`submission ${row.id} was returned: its data was not kept (its counts are in the history)`);
  return row;
}

// ---- writing --------------------------------------------------------------------------------------

/** The province's latest submission, locked until the transaction ends (one decision at a time). */
async function latestLocked(trx: Knex.Transaction, province: string): Promise<Rec | undefined> {
  return trx('certifications').where('province_code', province).orderBy('id', 'desc').forUpdate().first();
}

/** Two submissions at once: the open-submission index lets one through. */
function isOpenConflict(err: unknown): boolean {
  const e = err as { code?: string; constraint?: string };
  return e.code === '23505' && e.constraint === 'certifications_open_uq';
}

/** A decision committed while the submission read its snapshot (REPEATABLE READ refuses the lock). */
const isSerializationFailure = (err: unknown) => (err as { code?: string }).code === '40001';

/** POST …/submit: freezes the province's data and figures as an open submission. */
export async function submit(knex: Knex, p: Principal, code: string, note: string | null): Promise<Certification> {
  const province = await provinceByCode(knex, code);
  forbidUnless(canActOnProvince(p, 'submit', province.code));
  try {
    return await knex.transaction(async (trx) => {
      // Figures and rows from one snapshot of the database, whatever is written meanwhile.
      await trx.raw('set transaction isolation level repeatable read');
      await trx.raw('set local jit = off'); // see snapshot.ts withoutJit
      const latest = await latestLocked(trx, province.code);
      const move = nextStatus((latest?.status as CertificationStatus | undefined) ?? null, 'submit');
      if (!move.ok) throw new ConflictError(move.reason);
      const counts = await provinceCounts(trx, province.code);
      const [row] = await trx('certifications')
        .insert({
          province_code: province.code,
          status: 'submitted',
          submitted_by: p.userId,
          submitted_by_name: p.username,
          submit_note: note,
          counts: JSON.stringify(counts),
          records: JSON.stringify({}),
        })
        .returning('id');
      const id = Number(row.id);
      const records = await freezeRecords(trx, id, province.code);
      const [saved] = await trx('certifications').where('id', id).update({ records: JSON.stringify(records) }).returning('*');
      const out = toCertification(saved);
      await recordAudit(trx, p, { action: 'submit', entity: 'certifications', entityId: id, province: province.code, after: auditView(out) }, currentRequestId());
      return out;
    });
  } catch (err) {
    if (isOpenConflict(err)) throw new ConflictError('the province has already submitted its data and waits for the committee (certify or return it first)');
    if (isSerializationFailure(err)) throw new ConflictError("the province's certification changed while submitting; submit again");
    throw err;
  }
}

/** What the audit log keeps of a certification: everything but the figures. */
function auditView(c: Certification): Rec {
  const { counts, ...rest } = c;
  return { ...rest, cameras: counts.cameras.total };
}

/** POST …/certify and …/return: the committee's decision on the open submission. */
export async function decide(knex: Knex, p: Principal, code: string, action: Extract<CertificationAction, 'certify' | 'return'>, note: string | null): Promise<Certification> {
  const province = await provinceByCode(knex, code);
  forbidUnless(canActOnProvince(p, action, province.code));
  if (action === 'return' && !note) {
    throw new ApiError(400, 'invalid_input', 'a returned submission needs a note saying what to fix', [{ field: 'note', message: 'say what the province must fix', code: 'required' }]);
  }
  return knex.transaction(async (trx) => {
    await trx.raw('set local jit = off'); // see snapshot.ts withoutJit
    const latest = await latestLocked(trx, province.code);
    const move = nextStatus((latest?.status as CertificationStatus | undefined) ?? null, action);
    if (!move.ok) throw new ConflictError(move.reason);
    const id = Number(latest!.id);
    const summary = await summariseChanges(trx, id, province.code);
    const changes = Object.fromEntries(Object.entries(summary).map(([e, s]) => [e, { added: s.added, changed: s.changed, deleted: s.deleted }]));
    const before = toCertification(latest!);
    const [saved] = await trx('certifications')
      .where({ id, status: 'submitted' })
      .update({
        status: move.status,
        decided_by: p.userId,
        decided_by_name: p.username,
        decided_at: trx.fn.now(),
        decision_note: note,
        changes_at_decision: JSON.stringify(changes),
      })
      .returning('*');
    // A returned submission is not kept as data (only its figures): the next submission replaces it.
    if (move.status === 'returned') await trx('certification_records').where('certification_id', id).delete();
    const out = toCertification(saved);
    await recordAudit(trx, p, { action, entity: 'certifications', entityId: id, province: province.code, before: auditView(before), after: auditView(out) }, currentRequestId());
    return out;
  });
}

/**
 * PUT /api/certification/deadlines: sets (or with due_on null removes) the deadline of one province
 * or of every province. round_from, when not given, stays as it was, or is today (Thailand) for a
 * new deadline — never after due_on.
 */
export async function setDeadlines(
  knex: Knex,
  p: Principal,
  body: { province: string; due_on: string | null; round_from?: string | undefined },
  now = new Date(),
): Promise<{ province_code: string; due_on: string | null; round_from: string | null }[]> {
  const codes =
    body.province === 'all'
      ? ((await knex('provinces').orderBy('code').pluck('code')) as string[])
      : [(await provinceByCode(knex, body.province)).code];
  for (const code of codes) forbidUnless(canActOnProvince(p, 'set_deadline', code));
  const today = bangkokDate(now);
  return knex.transaction(async (trx) => {
    const before = new Map(((await trx('certification_deadlines').whereIn('province_code', codes)) as Rec[]).map((r) => [r.province_code as string, r]));
    const out: { province_code: string; due_on: string | null; round_from: string | null }[] = [];
    for (const code of codes) {
      const old = before.get(code);
      if (body.due_on === null) {
        if (old) await trx('certification_deadlines').where('province_code', code).delete();
        out.push({ province_code: code, due_on: null, round_from: null });
      } else {
        let from = body.round_from ?? (old?.round_from as string | undefined) ?? today;
        if (from > body.due_on) from = body.due_on;
        const row = { province_code: code, due_on: body.due_on, round_from: from, set_by: p.userId, set_by_name: p.username, set_at: trx.fn.now() };
        await trx('certification_deadlines').insert(row).onConflict('province_code').merge();
        out.push({ province_code: code, due_on: body.due_on, round_from: from });
      }
      const was = old ? { due_on: old.due_on, round_from: old.round_from } : null;
      const set = out[out.length - 1]!;
      const after = set.due_on === null ? null : { due_on: set.due_on, round_from: set.round_from };
      if (JSON.stringify(was) !== JSON.stringify(after)) {
        await recordAudit(trx, p, { action: 'update', entity: 'certification_deadlines', entityId: null, province: code, before: was, after }, currentRequestId());
      }
    }
    return out;
  });
}
