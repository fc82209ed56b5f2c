/**
 * PATCH /api/users/:id with a new role and scope (api/src/routes/auth.ts). The API validates them
 * as it does a new account's (400 naming the field), answers 403/404 for an account out of the
 * caller's reach, refuses one's own role, and — when the role or scope changes — ends the account's
 * sessions and revokes its API tokens, saying how many.
 */
import type { Account } from '../../api/accounts';
import { ApiFieldError, request } from '../../api/records';
import type { ScopeBody } from './ScopeFields';

export interface ScopeChange {
  user: Account;
  /** null when the answer does not say (the API counts only when the role or scope changed). */
  endedSessions: number | null;
  revokedTokens: number | null;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0;

/** Gives account `id` the role and scope `scope` (every scope field sent, so nothing stale stays). */
export async function changeAccountScope(id: number, scope: ScopeBody): Promise<ScopeChange> {
  const path = `/api/users/${id}`;
  const body = await request('PATCH', path, { json: scope });
  if (!isRecord(body) || !isRecord(body.user) || typeof body.user.id !== 'number' || typeof body.user.username !== 'string') {
    throw new ApiFieldError(200, 'bad_shape', `unexpected answer from ${path}`, []);
  }
  return {
    user: body.user as unknown as Account,
    endedSessions: isCount(body.endedSessions) ? body.endedSessions : null,
    revokedTokens: isCount(body.revokedTokens) ? body.revokedTokens : null,
  };
}
