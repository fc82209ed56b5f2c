/**
 * Request ids: every request gets one — the caller's `X-Request-Id` when it is 1–64 characters of
 * [A-Za-z0-9._:-] (a proxy's or a script's id, so its logs and ours meet), otherwise a new random
 * UUID — and the answer carries it back in `X-Request-Id`. The audit log records it with every
 * entry, so an entry can be traced to the request (and the client log line) that made it.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import crypto from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';

declare module 'express-serve-static-core' {
  interface Request {
    /** This request's id (see request-id.ts); set before any other middleware runs. */
    requestId: string;
  }
}

export const REQUEST_ID_HEADER = 'X-Request-Id';
const VALID = /^[A-Za-z0-9._:-]{1,64}$/;

/** The id a request is known by: `given` when it is a valid id, else a new UUID. */
export function requestIdFor(given: unknown): string {
  return typeof given === 'string' && VALID.test(given) ? given : crypto.randomUUID();
}

// The id of the request being handled, for code that is given no request (the certification
// workflow's functions take the principal only). Context survives awaits and body parsing
// (raw-body binds its callbacks to the request's async context).
const current = new AsyncLocalStorage<string>();

/** The id of the request whose handling is running now; null outside a request (the CLI, start-up). */
export function currentRequestId(): string | null {
  return current.getStore() ?? null;
}

/** Mounted first: sets req.requestId and the X-Request-Id answer header. */
export function requestId(req: Request, res: Response, next: NextFunction): void {
  // Repeated headers arrive joined with ", " and are not valid: a new id.
  const id = requestIdFor(req.headers['x-request-id']);
  req.requestId = id;
  res.set(REQUEST_ID_HEADER, id);
  current.run(id, next);
}
