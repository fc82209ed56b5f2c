import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { ZodError } from 'zod';

export interface FieldError {
  /** Dotted path of the offending field ('geometry.coordinates.1', 'status'); '' for the whole body. */
  field: string;
  message: string;
  code: string;
}

/** Errors the API answers with; anything else is a 500 with no internals in the body. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly fields: FieldError[] = [],
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

export class ValidationError extends ApiError {
  constructor(fields: FieldError[], message = 'invalid input') {
    super(400, 'invalid_input', `${message}: ${fields.map((f) => `${f.field || '(body)'}: ${f.message}`).join('; ')}`, fields);
  }
}

export class NotFoundError extends ApiError {
  constructor(what: string) {
    super(404, 'not_found', `${what} not found`);
  }
}

export class ConflictError extends ApiError {
  constructor(message: string, fields: FieldError[] = []) {
    super(409, 'conflict', message, fields);
  }
}

/**
 * 503: the server cannot answer now but will soon — the database is down or restarting, the pool
 * has no free connection in time, the heavy-work queue is full. The answer carries Retry-After.
 */
export class UnavailableError extends ApiError {
  constructor(code: string, message: string, readonly retryAfterS = 5, extra: Record<string, unknown> = {}) {
    super(503, code, message, [], extra);
  }
}

/** Node socket errors of a connection to the database that is refused, cut or unreachable. */
const CONNECTION_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);
/**
 * PostgreSQL SQLSTATEs that mean "this server cannot serve now": connection exceptions (08xxx),
 * shutting down, crashed or starting (57P01-57P03), out of connections or resources (53300, 53000).
 */
const UNAVAILABLE_SQLSTATES = new Set(['08000', '08001', '08003', '08004', '08006', '57P01', '57P02', '57P03', '53300', '53000']);
/** Messages of pg and knex for a connection lost or not had in time (they carry no code; pg's connect timeout is "timeout expired"). */
const CONNECTION_MESSAGES = /^timeout expired$|Connection terminated|connection timeout|Client has encountered a connection error|Timeout acquiring a connection|Connection ended unexpectedly|terminating connection|the database system is (starting up|shutting down|in recovery mode)|Client was closed and is not queryable|read ECONNRESET|write EPIPE/i;

/**
 * The database could not be reached or lost the connection: 503 database_unavailable with
 * Retry-After, whatever the driver's words. Undefined for any other error.
 */
export function databaseUnavailable(err: unknown): UnavailableError | undefined {
  if (!err || typeof err !== 'object') return undefined;
  const e = err as { code?: unknown; name?: unknown; message?: unknown; errors?: unknown; status?: unknown; statusCode?: unknown; type?: unknown };
  // Errors of the client's own connection (a body cut short, a file send aborted) carry an HTTP
  // status or a body-parser type: they are not the database's.
  if (typeof e.status === 'number' || typeof e.statusCode === 'number' || typeof e.type === 'string') return undefined;
  const code = typeof e.code === 'string' ? e.code : '';
  const message = typeof e.message === 'string' ? e.message : '';
  const refused =
    CONNECTION_CODES.has(code) ||
    UNAVAILABLE_SQLSTATES.has(code) ||
    e.name === 'KnexTimeoutError' ||
    CONNECTION_MESSAGES.test(message) ||
    // A connection to a name with several addresses fails with an AggregateError of socket errors.
    (Array.isArray(e.errors) && e.errors.length > 0 && e.errors.every((x) => databaseUnavailable(x) !== undefined));
  if (!refused) return undefined;
  const busy = e.name === 'KnexTimeoutError' || code === '53300';
  return new UnavailableError(
    'database_unavailable',
    busy ? 'the database has no free connection at the moment: try again shortly' : 'the database is unavailable at the moment: try again shortly',
    busy ? 2 : 5,
  );
}

/**
 * A statement stopped by statement_timeout (STATEMENT_TIMEOUT_MS): 504 query_timeout. Any other
 * cancel (an administrator's pg_cancel_backend) is a 503: retrying may well work.
 */
function queryCanceled(err: { code?: string; message?: string }): ApiError | undefined {
  // On a read replica, replay may cancel a long read that holds back rows it must remove.
  if (err.code === '40001' && /conflict with recovery/i.test(err.message ?? '')) {
    return new UnavailableError('query_canceled', 'the read replica cancelled the query to apply changes from the primary: try again', 1);
  }
  if (err.code !== '57014') return undefined;
  if (/statement timeout/i.test(err.message ?? '')) {
    return new ApiError(504, 'query_timeout', 'the query took longer than the server allows (STATEMENT_TIMEOUT_MS) and was stopped: narrow the area or the filters, or try again later');
  }
  return new UnavailableError('query_canceled', 'the query was cancelled by the database: try again', 2);
}

export function zodToFieldErrors(err: ZodError, prefix: (string | number)[] = []): FieldError[] {
  return err.issues.map((i) => {
    const path = [...prefix, ...i.path.map((p) => (typeof p === 'symbol' ? String(p) : p))];
    // Unknown keys are reported on the key itself, so a form can show the message beside it.
    if (i.code === 'unrecognized_keys') {
      return i.keys.map((k) => ({ field: [...path, k].join('.'), message: `unknown field "${k}"`, code: 'unknown_field' }));
    }
    return [{ field: path.join('.'), message: i.message, code: i.code }];
  }).flat();
}

/** Maps PostgreSQL constraint errors to client errors that name the field where we can tell. */
function fromPostgres(err: { code?: string; constraint?: string; detail?: string; column?: string; table?: string }): ApiError | undefined {
  switch (err.code) {
    case '23505':
      return new ConflictError(`already exists: ${err.detail ?? err.constraint ?? ''}`.trim(), [
        { field: columnFromDetail(err.detail) ?? '', message: 'must be unique', code: 'unique' },
      ]);
    case '23503':
      return new ValidationError([{ field: columnFromDetail(err.detail) ?? '', message: err.detail ?? 'refers to a missing record', code: 'foreign_key' }]);
    case '23514':
      return new ValidationError([{ field: columnFromConstraint(err.constraint, err.table) ?? '', message: `violates ${err.constraint}`, code: 'check' }]);
    case '23502':
      return new ValidationError([{ field: err.column ?? '', message: 'is required', code: 'required' }]);
    case '22P02':
    case '22023':
    case 'XX000':
      return undefined;
    default:
      return undefined;
  }
}

function columnFromDetail(detail?: string): string | undefined {
  const m = /^Key \(([\w, ]+)\)=/.exec(detail ?? '');
  return m?.[1];
}

function columnFromConstraint(constraint?: string, table?: string): string | undefined {
  if (!constraint) return undefined;
  const body = table && constraint.startsWith(`${table}_`) ? constraint.slice(table.length + 1) : constraint;
  return body.replace(/_check$/, '');
}

export const asyncHandler =
  (fn: (req: Request, res: Response, next: NextFunction) => Promise<unknown>): RequestHandler =>
  (req, res, next) => {
    fn(req, res, next).catch(next);
  };

/** Logs the first database outage error at once, then at most one line per interval with the count in between. */
function outageLogger(log: ErrorLog, intervalMs = 10_000) {
  let last = 0;
  let quiet = 0;
  return (err: unknown) => {
    const now = Date.now();
    if (now - last < intervalMs) {
      quiet++;
      return;
    }
    const e = err as { code?: unknown; message?: unknown; name?: unknown };
    log('database unavailable', { level: 'warn', error: { name: e?.name, code: e?.code, message: e?.message }, similarSinceLast: quiet });
    last = now;
    quiet = 0;
  };
}

/** Where the error handler writes: a message and its fields; `level` says 'warn' for outages (default error). */
export type ErrorLog = (msg: string, fields?: Record<string, unknown> & { level?: 'warn' | 'error' }) => void;

/** The one error handler: typed errors -> status + `{errors:[{message, code, field}]}`. */
export function errorHandler(log: ErrorLog) {
  const outage = outageLogger(log);
  return (err: unknown, req: Request, res: Response, _next: NextFunction): void => {
    if (res.headersSent) {
      // A streamed answer (an export) failed half-way: cut the connection so the client sees it broke.
      log(`error after the response started: ${err instanceof Error ? err.message : String(err)}`, { path: req.path });
      res.destroy();
      return;
    }
    let api: ApiError | undefined;
    if (err instanceof ApiError) api = err;
    else if ((api = databaseUnavailable(err))) outage(err);
    else if (err instanceof ZodError) api = new ValidationError(zodToFieldErrors(err));
    else if (err && typeof err === 'object' && 'type' in err && (err as { type: string }).type === 'entity.parse.failed') {
      api = new ApiError(400, 'invalid_json', 'request body is not valid JSON');
    } else if (err && typeof err === 'object' && 'type' in err && (err as { type: string }).type === 'entity.too.large') {
      api = new ApiError(413, 'too_large', 'request body is too large');
    } else if (err && typeof err === 'object' && 'code' in err && typeof (err as { code: unknown }).code === 'string' && /^[0-9A-Z]{5}$/.test((err as { code: string }).code)) {
      api = queryCanceled(err as never) ?? fromPostgres(err as never);
    }
    // Errors of express and body-parser carry their HTTP status: an unreadable charset or encoding
    // (415), a body that does not inflate, a path that does not decode (400).
    if (!api && err && typeof err === 'object') {
      const status = Number((err as { status?: unknown; statusCode?: unknown }).status ?? (err as { statusCode?: unknown }).statusCode);
      if (status >= 400 && status < 500) {
        const type = (err as { type?: unknown }).type;
        api = new ApiError(status, typeof type === 'string' ? type.replace(/\./g, '_') : 'bad_request', err instanceof URIError ? 'the request path is not valid UTF-8' : (err as Error).message || 'bad request');
      }
    }
    if (!api) {
      log(`internal error: ${err instanceof Error ? err.message : String(err)}`, { method: req.method, path: req.path, stack: err instanceof Error ? err.stack : undefined });
      api = new ApiError(500, 'internal', 'internal error');
    }
    if (api instanceof UnavailableError) res.set('Retry-After', String(api.retryAfterS));
    res.status(api.status).json({
      errors: api.fields.length
        ? api.fields.map((f) => ({ message: f.message, code: f.code, field: f.field }))
        : [{ message: api.message, code: api.code }],
      ...api.extra,
    });
  };
}
