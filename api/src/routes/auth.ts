/**
 * /api/auth (login, logout, who am I, password change), /api/users (accounts: an admin manages
 * all, a province's secretariat the recorder, police and committee accounts of its province) and
 * /api/tokens (a user's own API tokens). docs/security.md. Every account write is in the audit log
 * (api/src/auth/store.ts), with the request's id.
 */
import { type Request, type Response, Router } from 'express';
import type { Knex } from 'knex';
import { z } from 'zod';
import type { AuditActor } from '../audit/log.js';
import { ForbiddenError, principal, requireUser, SESSION_COOKIE, UnauthenticatedError } from '../auth/middleware.js';
import { canManageUser, ROLE_LABELS, ROLES } from '../auth/principal.js';
import {
  AUTH_LIMITS,
  changePassword,
  createToken,
  createUser,
  login,
  publicUser,
  resetPassword,
  revokeToken,
  sameScope,
  scopeOf,
  TooManyAttemptsError,
  updateAccount,
  type UserRow,
  withScope,
} from '../auth/store.js';
import type { AppContext } from '../context.js';
import { refId } from '../domain/fields.js';
import { asyncHandler, NotFoundError, ValidationError, zodToFieldErrors } from '../http/errors.js';
import { parseId, rejectUnknownParams } from './query.js';

function setSessionCookie(req: Request, res: Response, token: string, maxAgeS: number) {
  const parts = [`${SESSION_COOKIE}=${encodeURIComponent(token)}`, 'Path=/', 'HttpOnly', 'SameSite=Strict', `Max-Age=${maxAgeS}`];
  if (req.secure) parts.push('Secure');
  res.append('Set-Cookie', parts.join('; '));
}

function body(req: Request): Record<string, unknown> {
  const b = req.body;
  if (b === undefined || b === null || typeof b !== 'object' || Array.isArray(b)) {
    throw new ValidationError([{ field: '', message: 'the body must be a JSON object', code: 'invalid_body' }]);
  }
  return b as Record<string, unknown>;
}

const NewUserSchema = z
  .object({
    username: z.string().trim().min(1).max(64),
    role: z.enum(ROLES),
    province: z.string().trim().regex(/^\d{2}$/, 'a two-digit province code').nullable().optional(),
    agencyId: refId().nullable().optional(),
    stations: z.array(refId()).max(200).optional(),
    displayName: z.string().trim().max(200).nullable().optional(),
  })
  .strict();

const UserPatchSchema = z
  .object({
    displayName: z.string().trim().max(200).nullable().optional(),
    disabled: z.boolean().optional(),
    // A new role or scope: the fields given replace the account's, the rest stay (see updateAccount).
    role: z.enum(ROLES).optional(),
    province: z.string().trim().regex(/^\d{2}$/, 'a two-digit province code').nullable().optional(),
    agencyId: refId().nullable().optional(),
    stations: z.array(refId()).max(200).optional(),
  })
  .strict();

const TokenSchema = z
  .object({
    name: z.string().trim().min(1).max(100),
    expiresInDays: z.number().int().min(1).max(3650).nullable().optional(),
  })
  .strict();

/** Who makes an account write, and in which request (for the audit log). */
const actor = (req: Request): AuditActor => ({ who: principal(req), requestId: req.requestId });

export function authRouter(ctx: AppContext): Router {
  const r = Router();
  const knex = ctx.db.knex;

  r.post(
    '/auth/login',
    asyncHandler(async (req, res) => {
      const b = body(req);
      try {
        const result = await login(knex, b.username, b.password, { ip: req.ip ?? null, userAgent: req.get('user-agent') ?? null });
        setSessionCookie(req, res, result.sessionToken, AUTH_LIMITS.sessionHours * 3600);
        ctx.log.info('login', { user: result.user.username });
        res.json({ user: publicUser(result.user), csrfToken: result.csrfToken, expiresAt: result.expiresAt });
      } catch (err) {
        if (err instanceof TooManyAttemptsError) res.set('Retry-After', String(Math.ceil(Number(err.extra.retryAfterS))));
        if (err instanceof TooManyAttemptsError || (err as { code?: string }).code === 'bad_credentials') {
          ctx.log.warn('login refused', { reason: (err as { code?: string }).code, ip: req.ip });
        }
        throw err;
      }
    }),
  );

  r.post(
    '/auth/logout',
    asyncHandler(async (req, res) => {
      if (req.session) await knex('sessions').where('id', req.session.id).delete();
      setSessionCookie(req, res, '', 0);
      res.status(204).end();
    }),
  );

  r.get(
    '/auth/me',
    asyncHandler(async (req, res) => {
      if (!req.user) throw new UnauthenticatedError();
      res.json({ user: publicUser(req.user), csrfToken: req.session?.csrfToken ?? null, via: req.principal?.via });
    }),
  );

  r.post(
    '/auth/password',
    requireUser,
    asyncHandler(async (req, res) => {
      const b = body(req);
      await changePassword(knex, req.user as UserRow, b.currentPassword, b.newPassword, req.session?.id, actor(req));
      ctx.log.info('password changed', { user: req.user!.username });
      res.status(204).end();
    }),
  );

  // ---- accounts ----------------------------------------------------------------------------------
  /** The account of :id, locked for the transaction, if the caller manages it (else 404). */
  const manageable = async (trx: Knex.Transaction, req: Request): Promise<UserRow> => {
    const p = principal(req);
    const row = (await trx('users').where('id', parseId(req.params.id, 'user')).forUpdate().first()) as UserRow | undefined;
    // Accounts outside one's reach are not found: their existence is nobody else's business.
    if (!row || !canManageUser(p, { role: row.role, province_code: row.province_code })) throw new NotFoundError(`user ${req.params.id}`);
    return row;
  };

  r.get(
    '/users',
    requireUser,
    asyncHandler(async (req, res) => {
      rejectUnknownParams(req, []);
      const p = principal(req);
      if (p.role !== 'admin' && p.role !== 'secretariat') throw new ForbiddenError('only admins and provincial secretariats manage accounts');
      const q = knex('users').orderBy('username');
      if (p.role === 'secretariat') q.where('province_code', p.province).whereNotIn('role', ['admin', 'secretariat']);
      const rows = (await q) as UserRow[];
      res.json({ items: rows.map(publicUser), roles: ROLE_LABELS });
    }),
  );

  r.post(
    '/users',
    requireUser,
    asyncHandler(async (req, res) => {
      const p = principal(req);
      const parsed = NewUserSchema.safeParse(body(req));
      if (!parsed.success) throw new ValidationError(zodToFieldErrors(parsed.error));
      const u = parsed.data;
      if (!canManageUser(p, { role: u.role, province_code: u.province ?? null })) {
        throw new ForbiddenError(p.role === 'secretariat' ? `a secretariat creates recorder, police and committee accounts of province ${p.province} only` : 'only admins and provincial secretariats create accounts');
      }
      const { user, password } = await knex.transaction((trx) => createUser(trx, u, actor(req)));
      ctx.log.info('user created', { user: user.username, role: user.role, by: p.username });
      res.status(201).json({ user: publicUser(user), oneTimePassword: password });
    }),
  );

  r.patch(
    '/users/:id',
    requireUser,
    asyncHandler(async (req, res) => {
      const p = principal(req);
      const change = await knex.transaction(async (trx) => {
        const row = await manageable(trx, req);
        const parsed = UserPatchSchema.safeParse(body(req));
        if (!parsed.success) throw new ValidationError(zodToFieldErrors(parsed.error));
        const patch = parsed.data;
        const self = Number(row.id) === p.userId;
        if (patch.disabled !== undefined && self) {
          throw new ValidationError([{ field: 'disabled', message: 'you cannot disable your own account', code: 'invalid' }]);
        }
        const next = withScope(row, patch);
        if (!sameScope(scopeOf(row), next)) {
          if (self) throw new ValidationError([{ field: 'role', message: 'you cannot change your own role or scope', code: 'invalid' }]);
          // The caller must manage the account as it would be, too: no secretariat makes a secretariat,
          // an admin or another province's account out of one of its own.
          if (!canManageUser(p, { role: next.role, province_code: next.province })) {
            throw new ForbiddenError(
              p.role === 'secretariat'
                ? `a secretariat manages recorder, police and committee accounts of province ${p.province} only`
                : 'only admins and provincial secretariats manage accounts',
            );
          }
        }
        return updateAccount(trx, row, patch, actor(req));
      });
      if (change.endedSessions || change.revokedTokens) {
        ctx.log.info('user scope changed', { user: change.user.username, role: change.user.role, by: p.username, endedSessions: change.endedSessions, revokedTokens: change.revokedTokens });
      }
      res.json({ user: publicUser(change.user), endedSessions: change.endedSessions, revokedTokens: change.revokedTokens });
    }),
  );

  r.post(
    '/users/:id/reset-password',
    requireUser,
    asyncHandler(async (req, res) => {
      const p = principal(req);
      const { row, password } = await knex.transaction(async (trx) => {
        const row = await manageable(trx, req);
        return { row, password: await resetPassword(trx, row.username, actor(req)) };
      });
      ctx.log.info('password reset', { user: row.username, by: p.username });
      res.json({ user: publicUser(await knex('users').where('id', row.id).first()), oneTimePassword: password });
    }),
  );

  // ---- API tokens (one's own) ----------------------------------------------------------------------
  r.get(
    '/tokens',
    requireUser,
    asyncHandler(async (req, res) => {
      const rows = await knex('api_tokens').where('user_id', principal(req).userId).orderBy('id').select('id', 'name', 'prefix', 'created_at', 'last_used_at', 'expires_at', 'revoked_at');
      res.json({ items: rows.map((t) => ({ ...t, id: Number(t.id) })) });
    }),
  );

  r.post(
    '/tokens',
    requireUser,
    asyncHandler(async (req, res) => {
      const p = principal(req);
      if (p.via !== 'session') throw new ForbiddenError('API tokens are made from a logged-in session, not with another token');
      const parsed = TokenSchema.safeParse(body(req));
      if (!parsed.success) throw new ValidationError(zodToFieldErrors(parsed.error));
      const t = await createToken(knex, p.userId, parsed.data.name, parsed.data.expiresInDays ?? null, actor(req));
      ctx.log.info('api token created', { user: p.username, token: t.prefix });
      res.status(201).json({ id: t.id, name: parsed.data.name, prefix: t.prefix, token: t.token, expiresAt: t.expiresAt });
    }),
  );

  r.delete(
    '/tokens/:id',
    requireUser,
    asyncHandler(async (req, res) => {
      const p = principal(req);
      if (!(await revokeToken(knex, p.userId, parseId(req.params.id, 'token'), actor(req)))) throw new NotFoundError(`token ${req.params.id}`);
      res.status(204).end();
    }),
  );

  return r;
}
