/**
 * Accounts, passwords, sessions and API tokens in the database (sql/migrations/004_auth.sql).
 *
 * - Passwords: argon2id with OWASP's parameters (m = 19 MiB, t = 2, p = 1); a password set by
 *   someone else (first-run bootstrap, admin reset, a new account) is random, shown once, and must
 *   be changed at the next login.
 * - Sessions: a random 256-bit value in an httpOnly cookie; the database keeps its SHA-256 only,
 *   with a CSRF token, an absolute expiry and an idle timeout.
 * - API tokens: `cca_<prefix>_<secret>`, SHA-256 stored, revocable, optionally expiring; they act
 *   as the user who made them (same role and scope).
 * - Failed logins are counted per client address and per user name (known or not, so the answer
 *   says nothing about which names exist): too many in the window → 429 until it passes.
 * - Account writes given an `AuditActor` (the API and the CLI give one) are in the audit log (entity
 *   'users' / 'api_tokens', the account's province) with the account before and after — its name,
 *   role, scope and state, never a password, hash or token.
 */
import crypto from 'node:crypto';
import { type Algorithm, hash as argon2Hash, verify as argon2Verify } from '@node-rs/argon2';
import type { Knex } from 'knex';
import { type AuditActor, movedFrom, recordAudit } from '../audit/log.js';
import { ApiError, ValidationError } from '../http/errors.js';
import { type Principal, type Role, ROLES } from './principal.js';

type Db = Knex | Knex.Transaction;

/** OWASP Password Storage Cheat Sheet, argon2id: m = 19 MiB, t = 2, p = 1. */
export const ARGON2_OPTIONS = { algorithm: 2 as Algorithm.Argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export const AUTH_LIMITS = {
  /** A session ends this long after login, whatever happens. */
  sessionHours: 12,
  /** …or after this long without a request. */
  idleMinutes: 120,
  /** Failed logins counted over this window. */
  windowMinutes: 15,
  /** Failures for one user name within the window before it is locked until the window passes. */
  perUsername: 5,
  /** Failures from one client address within the window before it is refused. */
  perIp: 20,
  minPasswordLength: 12,
};

export interface UserRow {
  id: number;
  username: string;
  display_name: string | null;
  role: Role;
  province_code: string | null;
  agency_id: number | null;
  police_station_ids: number[];
  password_hash: string;
  must_change_password: boolean;
  disabled: boolean;
  last_login_at: Date | null;
  created_at: Date;
}

/** What the API shows of an account (never the hash). */
export function publicUser(u: UserRow) {
  return {
    id: Number(u.id),
    username: u.username,
    displayName: u.display_name,
    role: u.role,
    province: u.province_code,
    agencyId: u.agency_id === null ? null : Number(u.agency_id),
    stations: (u.police_station_ids ?? []).map(Number),
    mustChangePassword: u.must_change_password,
    disabled: u.disabled,
    lastLoginAt: u.last_login_at,
  };
}
export type PublicUser = ReturnType<typeof publicUser>;

export function principalOf(u: UserRow, via: Principal['via'], tokenId?: number): Principal {
  return {
    userId: Number(u.id),
    username: u.username,
    role: u.role,
    province: u.province_code,
    agencyId: u.agency_id === null ? null : Number(u.agency_id),
    stations: (u.police_station_ids ?? []).map(Number),
    via,
    ...(tokenId !== undefined ? { tokenId } : {}),
  };
}

export const sha256 = (s: string) => crypto.createHash('sha256').update(s).digest('hex');
const secret = (bytes = 32) => crypto.randomBytes(bytes).toString('base64url');

export const hashPassword = (password: string) => argon2Hash(password, ARGON2_OPTIONS);
export async function verifyPassword(hash: string, password: string): Promise<boolean> {
  try {
    return await argon2Verify(hash, password);
  } catch {
    return false;
  }
}

/** A one-time password: 20 characters from an alphabet without look-alikes (~110 bits). */
export function oneTimePassword(): string {
  const alphabet = 'abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';
  const bytes = crypto.randomBytes(20);
  return [...bytes].map((b) => alphabet[b % alphabet.length]).join('');
}

/** Password rules (OWASP ASVS 2.1): length 12–200, not the user name, not one repeated character. */
export function passwordProblem(password: unknown, username: string): string | null {
  if (typeof password !== 'string') return 'must be a string';
  if (password.length < AUTH_LIMITS.minPasswordLength) return `must be at least ${AUTH_LIMITS.minPasswordLength} characters`;
  if (password.length > 200) return 'must be at most 200 characters';
  if (password.toLowerCase().includes(username.toLowerCase())) return 'must not contain the user name';
  if (/^(.)\1*$/.test(password)) return 'must not be one character repeated';
  return null;
}

export interface NewUser {
  username: string;
  role: Role;
  province?: string | null;
  agencyId?: number | null;
  stations?: number[];
  displayName?: string | null;
}

/** An account's role and what it reaches: the province, a recorder's agency, a police account's stations. */
export interface AccountScope {
  role: Role;
  province: string | null;
  agencyId: number | null;
  stations: number[];
}

export function scopeOf(u: UserRow): AccountScope {
  return {
    role: u.role,
    province: u.province_code,
    agencyId: u.agency_id === null ? null : Number(u.agency_id),
    stations: (u.police_station_ids ?? []).map(Number),
  };
}

/** The scope of `u` with the given fields replaced (undefined = kept). */
export function withScope(u: UserRow, patch: Partial<AccountScope>): AccountScope {
  const old = scopeOf(u);
  return {
    role: patch.role ?? old.role,
    province: patch.province !== undefined ? patch.province : old.province,
    agencyId: patch.agencyId !== undefined ? patch.agencyId : old.agencyId,
    stations: patch.stations ?? old.stations,
  };
}

/** Whether two scopes reach the same (stations compared as sets). */
export function sameScope(a: AccountScope, b: AccountScope): boolean {
  const set = (s: number[]) => JSON.stringify([...new Set(s)].sort((x, y) => x - y));
  return a.role === b.role && a.province === b.province && a.agencyId === b.agencyId && set(a.stations) === set(b.stations);
}

/** What the audit log keeps of an account: name, role, scope and state — never the password or its hash. */
export function auditAccount(u: UserRow): Record<string, unknown> {
  return {
    id: Number(u.id),
    username: u.username,
    display_name: u.display_name,
    role: u.role,
    province_code: u.province_code,
    agency_id: u.agency_id === null ? null : Number(u.agency_id),
    police_station_ids: (u.police_station_ids ?? []).map(Number),
    disabled: u.disabled,
    must_change_password: u.must_change_password,
    password_changed_at: (u as UserRow & { password_changed_at?: Date | null }).password_changed_at ?? null,
  };
}

/** One audit entry of an account write (skipped without an actor, or when nothing the log keeps changed). */
async function auditUser(db: Db, actor: AuditActor | undefined, action: 'create' | 'update', before: UserRow | null, after: UserRow): Promise<void> {
  if (!actor) return;
  const b = before && auditAccount(before);
  const a = auditAccount(after);
  if (b && JSON.stringify(b) === JSON.stringify(a)) return;
  await recordAudit(db, actor.who, { action, entity: 'users', entityId: Number(after.id), before: b, after: a }, actor.requestId);
}

interface TokenRow {
  id: number;
  user_id: number;
  name: string;
  prefix: string;
  created_at: Date;
  expires_at: Date | null;
  revoked_at: Date | null;
}

/** What the audit log keeps of an API token: its name, the visible prefix, its owner and dates — never the token or its hash. */
function auditToken(t: TokenRow, owner: string): Record<string, unknown> {
  return { id: Number(t.id), user_id: Number(t.user_id), username: owner, name: t.name, prefix: t.prefix, expires_at: t.expires_at, revoked_at: t.revoked_at };
}

const TOKEN_COLUMNS = ['id', 'user_id', 'name', 'prefix', 'created_at', 'expires_at', 'revoked_at'];

/** Checks an account's scope against the database; names the field. */
async function checkScope(knex: Db, u: NewUser): Promise<void> {
  const errors: { field: string; message: string; code: string }[] = [];
  if (!ROLES.includes(u.role)) errors.push({ field: 'role', message: `must be one of ${ROLES.join(', ')}`, code: 'invalid_enum' });
  const province = u.province ?? null;
  if (u.role === 'admin' && province) errors.push({ field: 'province', message: 'a national admin has no province', code: 'invalid' });
  if (['secretariat', 'recorder', 'police'].includes(u.role) && !province) errors.push({ field: 'province', message: `a ${u.role} account needs a province`, code: 'required' });
  if (province && !(await knex('provinces').where('code', province).first('code'))) errors.push({ field: 'province', message: `no province ${province}`, code: 'foreign_key' });
  if (u.role === 'recorder') {
    if (!u.agencyId) errors.push({ field: 'agencyId', message: 'a recorder account needs its agency', code: 'required' });
    else {
      const a = await knex('agencies').where('id', u.agencyId).first('province_code');
      if (!a) errors.push({ field: 'agencyId', message: `no agency ${u.agencyId}`, code: 'foreign_key' });
      else if (province && a.province_code && a.province_code !== province) errors.push({ field: 'agencyId', message: `agency ${u.agencyId} is in province ${a.province_code}, not ${province}`, code: 'scope' });
    }
  } else if (u.agencyId) errors.push({ field: 'agencyId', message: 'only a recorder account has an agency', code: 'invalid' });
  const stations = u.stations ?? [];
  if (stations.length && u.role !== 'police') errors.push({ field: 'stations', message: 'only a police account has stations', code: 'invalid' });
  if (stations.length) {
    const found = await knex('police_stations').whereIn('id', stations).select('id', 'province_code');
    for (const s of stations) {
      const row = found.find((f) => Number(f.id) === s);
      if (!row) errors.push({ field: 'stations', message: `no police station ${s}`, code: 'foreign_key' });
      else if (province && row.province_code !== province) errors.push({ field: 'stations', message: `station ${s} is in province ${row.province_code}, not ${province}`, code: 'scope' });
    }
  }
  if (errors.length) throw new ValidationError(errors);
}

/** Creates an account with a one-time password (returned once, must be changed at first login). */
export async function createUser(knex: Db, u: NewUser, actor?: AuditActor): Promise<{ user: UserRow; password: string }> {
  const username = u.username.trim().toLowerCase();
  if (!/^[a-z0-9][a-z0-9._@-]{2,63}$/.test(username)) {
    throw new ValidationError([{ field: 'username', message: '3–64 characters: letters, digits, . _ @ -, starting with a letter or digit', code: 'invalid' }]);
  }
  await checkScope(knex, u);
  if (await knex('users').where('username', username).first('id')) {
    throw new ApiError(409, 'conflict', `user ${username} already exists`, [{ field: 'username', message: 'already exists', code: 'unique' }]);
  }
  const password = oneTimePassword();
  const [user] = await knex('users')
    .insert({
      username,
      display_name: u.displayName ?? null,
      role: u.role,
      province_code: u.province ?? null,
      agency_id: u.agencyId ?? null,
      police_station_ids: u.stations ?? [],
      password_hash: await hashPassword(password),
      must_change_password: true,
    })
    .returning('*');
  await auditUser(knex, actor, 'create', null, user as UserRow);
  return { user: user as UserRow, password };
}

export async function findUser(knex: Db, username: string): Promise<UserRow | undefined> {
  return knex('users').where('username', username.trim().toLowerCase()).first();
}

/** The account row, locked for the rest of the transaction; 404 when there is none. */
async function lockedUser(trx: Knex.Transaction, username: string): Promise<UserRow> {
  const user = (await trx('users').where('username', username.trim().toLowerCase()).forUpdate().first()) as UserRow | undefined;
  if (!user) throw new ApiError(404, 'not_found', `user ${username} not found`);
  return user;
}

/** A new one-time password for `username`; ends its sessions and clears its lockout. One transaction. */
export async function resetPassword(knex: Db, username: string, actor?: AuditActor): Promise<string> {
  const password = oneTimePassword();
  const hash = await hashPassword(password);
  await knex.transaction(async (trx) => {
    const user = await lockedUser(trx, username);
    const [after] = await trx('users').where('id', user.id).update({ password_hash: hash, must_change_password: true, password_changed_at: trx.fn.now(), updated_at: trx.fn.now() }).returning('*');
    await trx('sessions').where('user_id', user.id).delete();
    await trx('login_failures').where('username', user.username).delete();
    await auditUser(trx, actor, 'update', user, after as UserRow);
  });
  return password;
}

/** Disables (or enables) an account; a disabled account's sessions end and its tokens stop working. */
export async function setDisabled(knex: Db, username: string, disabled: boolean, actor?: AuditActor): Promise<UserRow> {
  return knex.transaction(async (trx) => {
    const user = await lockedUser(trx, username);
    return (await updateAccount(trx, user, { disabled }, actor)).user;
  });
}

/** What an account change may set; scope fields not given keep their value. */
export interface AccountPatch extends Partial<AccountScope> {
  displayName?: string | null;
  disabled?: boolean;
}

export interface AccountChange {
  user: UserRow;
  /** Sessions ended by the change (disabling the account, or a new role or scope). */
  endedSessions: number;
  /** Live API tokens revoked because the role or scope changed (they were granted the old one). */
  revokedTokens: number;
}

/**
 * Changes an account in the caller's transaction (lock `user` first, see lockedUser): display name,
 * disabled, role and scope. A new role or scope is validated like a new account's (400 naming the
 * field) and ends all the account's sessions and revokes its live API tokens: their holder was
 * granted the old scope. Who may make the change is the caller's business.
 */
export async function updateAccount(trx: Db, user: UserRow, patch: AccountPatch, actor?: AuditActor): Promise<AccountChange> {
  const next = withScope(user, patch);
  const scopeChanged = !sameScope(scopeOf(user), next);
  if (scopeChanged) await checkScope(trx, { username: user.username, ...next });
  const set: Record<string, unknown> = {};
  if (patch.displayName !== undefined) set.display_name = patch.displayName;
  if (patch.disabled !== undefined) set.disabled = patch.disabled;
  if (scopeChanged) Object.assign(set, { role: next.role, province_code: next.province, agency_id: next.agencyId, police_station_ids: next.stations });
  if (!Object.keys(set).length) return { user, endedSessions: 0, revokedTokens: 0 };
  const [after] = (await trx('users').where('id', user.id).update({ ...set, updated_at: trx.fn.now() }).returning('*')) as UserRow[];
  let endedSessions = 0;
  let revokedTokens = 0;
  if (scopeChanged || (patch.disabled === true && !user.disabled)) endedSessions = await trx('sessions').where('user_id', user.id).delete();
  await auditUser(trx, actor, 'update', user, after!);
  if (scopeChanged) {
    const revoked = (await trx('api_tokens')
      .where('user_id', user.id)
      .whereNull('revoked_at')
      .where((b) => b.whereNull('expires_at').orWhere('expires_at', '>', trx.fn.now()))
      .update({ revoked_at: trx.fn.now() })
      .returning(TOKEN_COLUMNS)) as TokenRow[];
    revokedTokens = revoked.length;
    if (actor) {
      // Under the same provinces as the account's entry: a moved account's tokens belong to both.
      const province = after!.province_code ?? user.province_code;
      const fromProvince = movedFrom({ province_code: user.province_code }, province);
      for (const t of revoked.sort((a, b) => a.id - b.id)) {
        await recordAudit(trx, actor.who, { action: 'update', entity: 'api_tokens', entityId: Number(t.id), province, fromProvince, before: auditToken({ ...t, revoked_at: null }, user.username), after: auditToken(t, user.username) }, actor.requestId);
      }
    }
  }
  return { user: after!, endedSessions, revokedTokens };
}

/** Sets a user's own new password after checking the current one; ends their other sessions. */
export async function changePassword(knex: Db, user: UserRow, current: unknown, next: unknown, keepSession?: string, actor?: AuditActor): Promise<void> {
  if (typeof current !== 'string' || !(await verifyPassword(user.password_hash, current))) {
    throw new ValidationError([{ field: 'currentPassword', message: 'is not your current password', code: 'wrong_password' }]);
  }
  const problem = passwordProblem(next, user.username);
  if (problem) throw new ValidationError([{ field: 'newPassword', message: problem, code: 'weak_password' }]);
  if (next === current) throw new ValidationError([{ field: 'newPassword', message: 'must differ from the current password', code: 'same_password' }]);
  const hash = await hashPassword(next as string);
  await knex.transaction(async (trx) => {
    const [after] = await trx('users').where('id', user.id).update({ password_hash: hash, must_change_password: false, password_changed_at: trx.fn.now(), updated_at: trx.fn.now() }).returning('*');
    const others = trx('sessions').where('user_id', user.id);
    if (keepSession) others.whereNot('id', keepSession);
    await others.delete();
    await auditUser(trx, actor, 'update', user, after as UserRow);
  });
}

// ---- login and sessions -------------------------------------------------------------------------

export class TooManyAttemptsError extends ApiError {
  constructor(retryAfterS: number) {
    super(429, 'too_many_attempts', `too many failed logins; try again in ${Math.ceil(retryAfterS / 60)} minutes`, [], { retryAfterS });
  }
}

/** When the oldest counted failure leaves the window (seconds from now), if `limit` is reached. */
async function throttled(knex: Db, column: 'ip' | 'username', value: string | null, limit: number): Promise<number | null> {
  if (!value) return null;
  const { rows } = await knex.raw(
    `select count(*)::int n, extract(epoch from (min(at) + make_interval(mins => ?) - now()))::float8 s
       from (select at from login_failures where ?? = ? and at > now() - make_interval(mins => ?) order by at desc limit ?) f`,
    [AUTH_LIMITS.windowMinutes, column, value, AUTH_LIMITS.windowMinutes, limit],
  );
  return rows[0].n >= limit ? Math.max(1, rows[0].s) : null;
}

// A real hash of a random password: unknown names cost the same time as known ones.
let dummyHash: Promise<string> | null = null;

export interface LoginResult {
  user: UserRow;
  /** The cookie value (the database keeps its SHA-256 only). */
  sessionToken: string;
  csrfToken: string;
  expiresAt: Date;
}

export async function login(knex: Knex, username: unknown, password: unknown, client: { ip?: string | null; userAgent?: string | null }): Promise<LoginResult> {
  const fields = [];
  if (typeof username !== 'string' || !username.trim()) fields.push({ field: 'username', message: 'is required', code: 'required' });
  if (typeof password !== 'string' || !password) fields.push({ field: 'password', message: 'is required', code: 'required' });
  if (fields.length) throw new ValidationError(fields);
  const name = (username as string).trim().toLowerCase().slice(0, 100);
  const ip = client.ip ?? null;
  const wait = (await throttled(knex, 'ip', ip, AUTH_LIMITS.perIp)) ?? (await throttled(knex, 'username', name, AUTH_LIMITS.perUsername));
  if (wait !== null) throw new TooManyAttemptsError(wait);
  const user = await findUser(knex, name);
  dummyHash ??= hashPassword(oneTimePassword());
  const ok = user ? await verifyPassword(user.password_hash, password as string) : (await verifyPassword(await dummyHash, password as string), false);
  if (!user || !ok || user.disabled) {
    await knex('login_failures').insert({ ip, username: name });
    throw new ApiError(401, 'bad_credentials', 'wrong user name or password, or the account is disabled');
  }
  await knex('login_failures').where('username', name).delete();
  const sessionToken = secret();
  const csrfToken = secret();
  const expiresAt = new Date(Date.now() + AUTH_LIMITS.sessionHours * 3_600_000);
  await knex('sessions').insert({ id: sha256(sessionToken), user_id: user.id, csrf_token: csrfToken, expires_at: expiresAt, ip, user_agent: client.userAgent?.slice(0, 300) ?? null });
  await knex('users').where('id', user.id).update({ last_login_at: knex.fn.now() });
  return { user, sessionToken, csrfToken, expiresAt };
}

export interface SessionInfo {
  id: string;
  user: UserRow;
  csrfToken: string;
}

/** The live session of a cookie value, touching its last use (at most once a minute); null when unknown, expired, idle too long or its user disabled. */
export async function findSession(knex: Knex, token: string): Promise<SessionInfo | null> {
  const id = sha256(token);
  const row = await knex('sessions as s')
    .join('users as u', 'u.id', 's.user_id')
    .where('s.id', id)
    .where('s.expires_at', '>', knex.fn.now())
    .whereRaw(`s.last_seen_at > now() - make_interval(mins => ?)`, [AUTH_LIMITS.idleMinutes])
    .where('u.disabled', false)
    .first('u.*', 's.csrf_token', knex.raw(`s.last_seen_at < now() - interval '1 minute' as stale`));
  if (!row) return null;
  if (row.stale) await knex('sessions').where('id', id).update({ last_seen_at: knex.fn.now() });
  const { csrf_token, stale: _stale, ...user } = row;
  return { id, user: user as UserRow, csrfToken: csrf_token };
}

// ---- API tokens -----------------------------------------------------------------------------------

const TOKEN_RE = /^cca_([A-Za-z0-9]{8})_([A-Za-z0-9_-]{43})$/;

export async function createToken(knex: Db, userId: number, name: string, expiresInDays?: number | null, actor?: AuditActor): Promise<{ id: number; token: string; prefix: string; expiresAt: Date | null }> {
  const prefix = crypto.randomBytes(6).toString('base64url').replace(/[-_]/g, 'x').slice(0, 8);
  const token = `cca_${prefix}_${secret()}`;
  const expiresAt = expiresInDays ? new Date(Date.now() + expiresInDays * 86_400_000) : null;
  const id = await knex.transaction(async (trx) => {
    const [row] = (await trx('api_tokens').insert({ user_id: userId, name, token_hash: sha256(token), prefix, expires_at: expiresAt }).returning(TOKEN_COLUMNS)) as TokenRow[];
    if (actor) {
      const owner = (await trx('users').where('id', userId).first('username', 'province_code')) as { username: string; province_code: string | null };
      await recordAudit(trx, actor.who, { action: 'create', entity: 'api_tokens', entityId: Number(row!.id), province: owner.province_code, after: auditToken(row!, owner.username) }, actor.requestId);
    }
    return Number(row!.id);
  });
  return { id, token, prefix, expiresAt };
}

/** Revokes one of `userId`'s tokens; false when it has none of that id not yet revoked. */
export async function revokeToken(knex: Db, userId: number, tokenId: number, actor?: AuditActor): Promise<boolean> {
  return knex.transaction(async (trx) => {
    const [row] = (await trx('api_tokens').where({ id: tokenId, user_id: userId }).whereNull('revoked_at').update({ revoked_at: trx.fn.now() }).returning(TOKEN_COLUMNS)) as TokenRow[];
    if (!row) return false;
    if (actor) {
      const owner = (await trx('users').where('id', userId).first('username', 'province_code')) as { username: string; province_code: string | null };
      await recordAudit(trx, actor.who, { action: 'update', entity: 'api_tokens', entityId: Number(row.id), province: owner.province_code, before: auditToken({ ...row, revoked_at: null }, owner.username), after: auditToken(row, owner.username) }, actor.requestId);
    }
    return true;
  });
}

/** The user of a bearer token; null when malformed, unknown, revoked, expired or its user disabled. */
export async function findToken(knex: Knex, token: string): Promise<{ tokenId: number; user: UserRow } | null> {
  if (!TOKEN_RE.test(token)) return null;
  const row = await knex('api_tokens as t')
    .join('users as u', 'u.id', 't.user_id')
    .where('t.token_hash', sha256(token))
    .whereNull('t.revoked_at')
    .where((b) => b.whereNull('t.expires_at').orWhere('t.expires_at', '>', knex.fn.now()))
    .where('u.disabled', false)
    .first('u.*', knex.raw('t.id as token_id'), knex.raw(`coalesce(t.last_used_at < now() - interval '1 minute', true) as stale`));
  if (!row) return null;
  const { token_id, stale, ...user } = row;
  if (stale) await knex('api_tokens').where('id', token_id).update({ last_used_at: knex.fn.now() });
  return { tokenId: Number(token_id), user: user as UserRow };
}

/** First run: when no account exists, a national admin `admin` with a one-time password (printed once by the caller). */
export async function bootstrapAdmin(knex: Knex): Promise<{ username: string; password: string } | null> {
  if (await knex('users').first('id')) return null;
  // In the audit log with no user: the server made it.
  const { user, password } = await knex.transaction((trx) => createUser(trx, { username: 'admin', role: 'admin', displayName: 'National admin' }, { who: null }));
  return { username: user.username, password };
}
