/**
 * Authentication on every request: a bearer API token (`Authorization: Bearer cca_…`, for scripts
 * and GIS clients) or the session cookie (the web app). Cookie-authenticated writes must carry the
 * session's CSRF token in `X-CSRF-Token` (the cookie is also SameSite=Strict). An account whose
 * password was set by someone else may only change it until it has.
 */
import type { NextFunction, Request, Response } from 'express';
import type { Knex } from 'knex';
import { ApiError } from '../http/errors.js';
import type { Principal } from './principal.js';
import { findSession, findToken, principalOf, type SessionInfo, type UserRow } from './store.js';

export const SESSION_COOKIE = 'atlas_session';

declare module 'express-serve-static-core' {
  interface Request {
    /** The authenticated account, null for an anonymous request. */
    principal?: Principal | null;
    /** The session behind a cookie-authenticated request. */
    session?: SessionInfo | null;
    /** The account's row (for the auth routes). */
    user?: UserRow | null;
  }
}

export class UnauthenticatedError extends ApiError {
  constructor(message = 'log in first (session cookie or Authorization: Bearer <API token>)') {
    super(401, 'unauthenticated', message);
  }
}

export class ForbiddenError extends ApiError {
  constructor(message: string, code = 'forbidden') {
    super(403, code, message);
  }
}

/** The value of one cookie from the Cookie header. */
export function readCookie(req: Request, name: string): string | null {
  const header = req.headers.cookie;
  if (!header) return null;
  for (const part of header.split(';')) {
    const i = part.indexOf('=');
    if (i > 0 && part.slice(0, i).trim() === name) {
      try {
        return decodeURIComponent(part.slice(i + 1).trim());
      } catch {
        return null;
      }
    }
  }
  return null;
}

/** Methods that change nothing: no CSRF token needed, and no write for the read replica's routing. */
export const SAFE_METHODS: ReadonlySet<string> = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Paths an account that must change its password may still use. */
const PASSWORD_CHANGE_PATHS = new Set(['/api/auth/me', '/api/auth/password', '/api/auth/logout']);

/** Sets req.principal (null when anonymous); rejects bad tokens, missing CSRF tokens, and accounts that must change their password. */
export function authenticate(knex: Knex) {
  return async (req: Request, _res: Response, next: NextFunction) => {
    try {
      req.principal = null;
      req.session = null;
      req.user = null;
      const auth = req.headers.authorization;
      if (auth !== undefined) {
        const m = /^Bearer\s+(\S+)$/i.exec(auth);
        const found = m ? await findToken(knex, m[1]!) : null;
        if (!found) throw new UnauthenticatedError('the API token is not valid (unknown, revoked or expired)');
        req.user = found.user;
        req.principal = principalOf(found.user, 'token', found.tokenId);
      } else {
        const cookie = readCookie(req, SESSION_COOKIE);
        const session = cookie ? await findSession(knex, cookie) : null;
        if (session) {
          req.session = session;
          req.user = session.user;
          req.principal = principalOf(session.user, 'session');
          if (!SAFE_METHODS.has(req.method) && req.headers['x-csrf-token'] !== session.csrfToken) {
            throw new ForbiddenError('a write with the session cookie must carry the X-CSRF-Token header', 'csrf');
          }
        }
      }
      if (req.user?.must_change_password && req.principal?.via === 'session' && !PASSWORD_CHANGE_PATHS.has(req.originalUrl.split('?')[0]!)) {
        throw new ForbiddenError('change your one-time password first (POST /api/auth/password)', 'password_change_required');
      }
      next();
    } catch (err) {
      next(err);
    }
  };
}

/** 401 unless someone is logged in. */
export function requireUser(req: Request, _res: Response, next: NextFunction) {
  next(req.principal ? undefined : new UnauthenticatedError());
}

/** The request's principal; throws 401 when anonymous (for handlers behind optional authentication). */
export function principal(req: Request): Principal {
  if (!req.principal) throw new UnauthenticatedError();
  return req.principal;
}
