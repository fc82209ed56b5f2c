/**
 * The committee workflow of /api/certification (docs/workflow.md): each province's status and
 * deadline, one province's figures, changes and history, its incomplete cameras, and the moves
 * (submit, certify, return, deadlines). The answer types are the API's own zod schemas (type-only:
 * nothing of the server is bundled), so a change of the contract is a compile error here.
 */
import type { z } from 'zod';
import type {
  ChangePageSchema,
  CertificationSchema,
  DeadlinesAnswerSchema,
  IncompleteSchema,
  ProvinceDetailSchema,
  ProvinceStatusSchema,
  StatusListSchema,
} from '../../../api/src/certification/schemas';
import { request } from './records';

export type StatusList = z.infer<typeof StatusListSchema>;
export type ProvinceStatus = z.infer<typeof ProvinceStatusSchema>;
export type ProvinceDetail = z.infer<typeof ProvinceDetailSchema>;
export type Certification = z.infer<typeof CertificationSchema>;
export type HistoryEntry = ProvinceDetail['history'][number];
export type Counts = ProvinceDetail['current'];
export type ChangePage = z.infer<typeof ChangePageSchema>;
export type Change = ChangePage['items'][number];
export type Incomplete = z.infer<typeof IncompleteSchema>;
export type IncompleteCamera = Incomplete['items'][number];
export type CertificationState = ProvinceStatus['status'];

/** The kinds of record frozen at a submission (SNAPSHOT_ENTITIES). */
export const SNAPSHOT_ENTITIES = ['cameras', 'planned_sites', 'problems'] as const;
export type SnapshotEntity = (typeof SNAPSHOT_ENTITIES)[number];
export const CHANGE_KINDS = ['added', 'changed', 'deleted'] as const;
export type ChangeKind = (typeof CHANGE_KINDS)[number];

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function query(params: Record<string, string | number | undefined | null>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : '';
}

function shaped<T>(body: unknown, path: string, ok: (b: Record<string, unknown>) => boolean): T {
  if (!isRecord(body) || !ok(body)) throw new Error(`unexpected answer from ${path}`);
  return body as T;
}

const province = (code: string) => `/api/certification/${encodeURIComponent(code)}`;

/** GET /api/certification: every province the account may see (all for admins and national committee accounts). */
export async function getStatusList(signal?: AbortSignal): Promise<StatusList> {
  const path = '/api/certification';
  return shaped(await request('GET', path, { signal }), path, (b) => Array.isArray(b.provinces) && isRecord(b.summary));
}

/** GET /api/certification/:province: status, figures now and as certified, differences, changes, history. */
export async function getProvinceDetail(code: string, signal?: AbortSignal): Promise<ProvinceDetail> {
  const path = province(code);
  return shaped(await request('GET', path, { signal }), path, (b) => isRecord(b.status) && isRecord(b.current) && Array.isArray(b.history));
}

export interface ChangeQuery {
  /** 'certified' (default), 'submission' or a certification id. */
  since?: string;
  entity?: SnapshotEntity;
  kind?: ChangeKind;
  field?: string;
  limit: number;
  offset: number;
}

/** GET /api/certification/:province/changes: one page of changes since the certification (or the open submission). */
export async function getChanges(code: string, q: ChangeQuery, signal?: AbortSignal): Promise<ChangePage> {
  const path = `${province(code)}/changes${query({ since: q.since, entity: q.entity, kind: q.kind, field: q.field, limit: q.limit, offset: q.offset })}`;
  return shaped(await request('GET', path, { signal }), path, (b) => Array.isArray(b.items) && typeof b.total === 'number');
}

export interface IncompleteQuery {
  field?: string;
  agency?: number;
  district?: number;
  limit: number;
  offset: number;
}

/** GET /api/certification/:province/incomplete: cameras lacking required fields, most missing first. */
export async function getIncomplete(code: string, q: IncompleteQuery, signal?: AbortSignal): Promise<Incomplete> {
  const path = `${province(code)}/incomplete${query({ field: q.field, agency: q.agency, district: q.district, limit: q.limit, offset: q.offset })}`;
  return shaped(await request('GET', path, { signal }), path, (b) => Array.isArray(b.items) && Array.isArray(b.fields));
}

export type Decision = 'certify' | 'return';

/** POST …/submit (the province's secretariat, admin): freezes the province's data for the committee. */
export async function submitProvince(code: string, note: string): Promise<Certification> {
  return (await request('POST', `${province(code)}/submit`, { json: { note: note.trim() || null } })) as Certification;
}

/** POST …/certify or …/return (the province's committee, admin); a return needs a note. */
export async function decideProvince(code: string, action: Decision, note: string): Promise<Certification> {
  return (await request('POST', `${province(code)}/${action}`, { json: { note: note.trim() || null } })) as Certification;
}

export interface DeadlineInput {
  /** A province code or 'all'. */
  province: string;
  /** YYYY-MM-DD; null removes the deadline. */
  due_on: string | null;
  round_from?: string;
}

/** PUT /api/certification/deadlines (admin). */
export async function setDeadline(input: DeadlineInput): Promise<z.infer<typeof DeadlinesAnswerSchema>> {
  return (await request('PUT', '/api/certification/deadlines', { json: input })) as z.infer<typeof DeadlinesAnswerSchema>;
}
