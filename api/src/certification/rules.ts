/**
 * Who may move a province's data through the committee workflow, which moves are allowed from
 * which state, and when a province is late (../shared/DOMAIN.md "The provincial workflow";
 * docs/workflow.md). Pure: no database, no express — the routes and the tests read the same tables.
 *
 *   (none) ──submit──▶ submitted ──certify──▶ certified ──submit──▶ submitted …
 *                          │
 *                          └──return (with a note)──▶ returned ──submit──▶ submitted …
 */
import { canReadProvince, type Principal, readProvince, type Role } from '../auth/principal.js';

export const CERTIFICATION_STATUSES = ['submitted', 'certified', 'returned'] as const;
export type CertificationStatus = (typeof CERTIFICATION_STATUSES)[number];

export const CERTIFICATION_ACTIONS = ['submit', 'certify', 'return', 'set_deadline'] as const;
export type CertificationAction = (typeof CERTIFICATION_ACTIONS)[number];

/**
 * Who may take each action, within their province (see canActOnProvince): the province's secretariat
 * submits, the province's committee certifies or returns, the national admin may do all of it and
 * alone sets deadlines. Recorders, police and national committee accounts only read.
 */
export const CERTIFICATION_ACTORS: Record<CertificationAction, readonly Role[]> = {
  submit: ['admin', 'secretariat'],
  certify: ['admin', 'committee'],
  return: ['admin', 'committee'],
  set_deadline: ['admin'],
};

const VERB: Record<CertificationAction, string> = {
  submit: 'submit',
  certify: 'certify',
  return: 'return',
  set_deadline: 'set deadlines for',
};

/** Whether `p` may take `action` on `province`'s data; the reason when not (for the 403). */
export function canActOnProvince(p: Principal, action: CertificationAction, province: string): { ok: true } | { ok: false; reason: string } {
  if (!CERTIFICATION_ACTORS[action].includes(p.role)) {
    return { ok: false, reason: `a ${p.role} account cannot ${VERB[action]} a province's data (${CERTIFICATION_ACTORS[action].join(' or ')} only)` };
  }
  if (p.role === 'admin') return { ok: true };
  if (p.province === null) return { ok: false, reason: `a national ${p.role} account cannot ${VERB[action]} a province's data; the province's own account does` };
  if (p.province !== province) return { ok: false, reason: `province ${province} is outside your province ${p.province}` };
  return { ok: true };
}

/** Whether `p` may read `province`'s certification status, history, changes and figures. */
export function canReadCertification(p: Principal, province: string): boolean {
  return canReadProvince(p, province);
}

/** The provinces `p` sees in the national list: null = all (admins, national committee accounts). */
export function listedProvince(p: Principal): string | null {
  return readProvince(p);
}

/**
 * The status `action` moves a province to from its latest certification's status (null: never
 * submitted), or why it cannot (a 409): a province has at most one open submission, and only an
 * open submission can be certified or returned.
 */
export function nextStatus(current: CertificationStatus | null, action: Exclude<CertificationAction, 'set_deadline'>): { ok: true; status: CertificationStatus } | { ok: false; reason: string } {
  if (action === 'submit') {
    return current === 'submitted'
      ? { ok: false, reason: 'the province has already submitted its data and waits for the committee (certify or return it first)' }
      : { ok: true, status: 'submitted' };
  }
  if (current !== 'submitted') {
    const now = current === null ? 'has never submitted its data' : current === 'certified' ? 'is certified and has not submitted since' : 'was returned and has not submitted since';
    return { ok: false, reason: `only submitted data can be ${action === 'certify' ? 'certified' : 'returned'}: the province ${now}` };
  }
  return { ok: true, status: action === 'certify' ? 'certified' : 'returned' };
}

const DAY_MS = 86_400_000;
/** Thailand is UTC+7 all year (no daylight saving). */
const BANGKOK_OFFSET_MS = 7 * 3_600_000;

/** The calendar date in Thailand (YYYY-MM-DD) at instant `at`. */
export function bangkokDate(at: Date): string {
  return new Date(at.getTime() + BANGKOK_OFFSET_MS).toISOString().slice(0, 10);
}

/** Whole days from date `from` to date `to` (YYYY-MM-DD), negative when `to` is earlier. */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);
}

export interface Deadline {
  due_on: string;
  /** Certifications decided on or after this date count for this deadline. */
  round_from: string;
}

export interface DeadlineState {
  /** Certified in this round (decided on or after round_from). */
  met: boolean;
  /** Met, but after due_on. */
  late: boolean;
  /** Not met and due_on has passed. */
  overdue: boolean;
  /** Days from today to due_on while not met (negative: overdue by that many); null once met or without a deadline. */
  days_left: number | null;
}

/**
 * A province's standing against its deadline, all dates in Thailand: `lastCertifiedOn` is the date
 * of its latest certification (null: never certified), `today` today's date. A province is overdue
 * from the day after due_on.
 */
export function deadlineState(deadline: Deadline | null, lastCertifiedOn: string | null, today: string): DeadlineState {
  if (!deadline) return { met: false, late: false, overdue: false, days_left: null };
  const met = lastCertifiedOn !== null && lastCertifiedOn >= deadline.round_from;
  return {
    met,
    late: met && lastCertifiedOn! > deadline.due_on,
    overdue: !met && today > deadline.due_on,
    days_left: met ? null : daysBetween(today, deadline.due_on),
  };
}
