/**
 * Accounts and API tokens (api/src/routes/auth.ts, docs/security.md): the accounts an admin or a
 * provincial secretariat manages, and one's own tokens for scripts and GIS clients. Errors keep
 * every field error of `{errors:[{field, message}]}` (records.ts ApiFieldError) so the forms can put
 * each message beside its field.
 */
import type { Role } from '../../../api/src/auth/principal';
import type { PublicUser } from '../../../api/src/auth/store';
import { ApiFieldError, request } from './records';

export type { Role };

/** A server type as it arrives in JSON: its dates are ISO strings. */
export type Jsonified<T> = { [K in keyof T]: T[K] extends Date ? string : T[K] extends Date | null ? string | null : T[K] };

export type Account = Jsonified<PublicUser>;

export const ROLES: readonly Role[] = ['admin', 'secretariat', 'recorder', 'police', 'committee'];

/** The roles an account may create (api/src/auth/principal.ts canManageUser): an admin all, a secretariat its province's recorder, police and committee accounts. */
export function creatableRoles(role: Role): Role[] {
  if (role === 'admin') return [...ROLES];
  if (role === 'secretariat') return ['recorder', 'police', 'committee'];
  return [];
}

/** Whether `role` needs a province (a committee account may be national; an admin has none). */
export const needsProvince = (role: Role) => role === 'secretariat' || role === 'recorder' || role === 'police';

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function accountOf(v: unknown, path: string): Account {
  if (!isRecord(v) || typeof v.id !== 'number' || typeof v.username !== 'string') throw new ApiFieldError(200, 'bad_shape', `unexpected answer from ${path}`, []);
  return v as unknown as Account;
}

export async function listAccounts(signal?: AbortSignal): Promise<Account[]> {
  const body = await request('GET', '/api/users', { signal });
  if (!isRecord(body) || !Array.isArray(body.items)) throw new ApiFieldError(200, 'bad_shape', 'unexpected answer from /api/users', []);
  return body.items.map((u) => accountOf(u, '/api/users'));
}

export interface NewAccount {
  username: string;
  role: Role;
  province?: string | null;
  agencyId?: number | null;
  stations?: number[];
  displayName?: string | null;
}

/** An account and the password it was given (shown once; the account must change it at its first login). */
export interface WithPassword {
  user: Account;
  oneTimePassword: string;
}

function withPassword(body: unknown, path: string): WithPassword {
  if (!isRecord(body) || typeof body.oneTimePassword !== 'string') throw new ApiFieldError(200, 'bad_shape', `unexpected answer from ${path}`, []);
  return { user: accountOf(body.user, path), oneTimePassword: body.oneTimePassword };
}

export async function createAccount(input: NewAccount): Promise<WithPassword> {
  return withPassword(await request('POST', '/api/users', { json: input }), '/api/users');
}

export async function patchAccount(id: number, patch: { displayName?: string | null; disabled?: boolean }): Promise<Account> {
  const path = `/api/users/${id}`;
  const body = await request('PATCH', path, { json: patch });
  return accountOf(isRecord(body) ? body.user : undefined, path);
}

export async function resetAccountPassword(id: number): Promise<WithPassword> {
  const path = `/api/users/${id}/reset-password`;
  return withPassword(await request('POST', path), path);
}

// Tokens --------------------------------------------------------------------------------------------

export interface ApiToken {
  id: number;
  name: string;
  prefix: string;
  created_at: string;
  last_used_at: string | null;
  expires_at: string | null;
  revoked_at: string | null;
}

/** A token just made: the only time its secret is seen. */
export interface NewToken {
  id: number;
  name: string;
  prefix: string;
  token: string;
  expiresAt: string | null;
}

export async function listTokens(signal?: AbortSignal): Promise<ApiToken[]> {
  const body = await request('GET', '/api/tokens', { signal });
  if (!isRecord(body) || !Array.isArray(body.items)) throw new ApiFieldError(200, 'bad_shape', 'unexpected answer from /api/tokens', []);
  return body.items as ApiToken[];
}

export async function createToken(name: string, expiresInDays: number | null): Promise<NewToken> {
  const body = await request('POST', '/api/tokens', { json: { name, ...(expiresInDays !== null ? { expiresInDays } : {}) } });
  if (!isRecord(body) || typeof body.token !== 'string') throw new ApiFieldError(200, 'bad_shape', 'unexpected answer from /api/tokens', []);
  return body as unknown as NewToken;
}

export async function revokeToken(id: number): Promise<void> {
  await request('DELETE', `/api/tokens/${id}`);
}

/** A token's state now: revoked, expired or active. */
export function tokenState(t: ApiToken, now = Date.now()): 'revoked' | 'expired' | 'active' {
  if (t.revoked_at) return 'revoked';
  if (t.expires_at && Date.parse(t.expires_at) <= now) return 'expired';
  return 'active';
}

/**
 * A failed request as messages per form field: each API field error goes to the first of `fields`
 * it names (`stations.0` → `stations`), the rest and any other error to `general`.
 */
export function fieldMessages<F extends string>(err: unknown, fields: readonly F[]): Partial<Record<F | 'general', string>> {
  const out: Partial<Record<F | 'general', string>> = {};
  if (!(err instanceof ApiFieldError)) {
    out.general = err instanceof Error ? err.message : String(err);
    return out;
  }
  const general: string[] = [];
  for (const fe of err.fields) {
    const f = fe.field ?? '';
    const key = fields.find((k) => f === k || f.startsWith(`${k}.`));
    if (key && !out[key]) out[key] = fe.message;
    else if (!key) general.push(f ? `${f}: ${fe.message}` : fe.message);
  }
  if (general.length || !err.fields.length) out.general = general.join('; ') || err.message;
  return out;
}
