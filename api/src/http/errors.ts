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

/** The one error handler: typed errors -> status + `{errors:[{message, code, field}]}`. */
export function errorHandler(log: (msg: string) => void) {
  return (err: unknown, _req: Request, res: Response, _next: NextFunction): void => {
    if (res.headersSent) {
      // A streamed answer (an export) failed half-way: cut the connection so the client sees it broke.
      log(`error after the response started: ${err instanceof Error ? err.message : String(err)}`);
      res.destroy();
      return;
    }
    let api: ApiError | undefined;
    if (err instanceof ApiError) api = err;
    else if (err instanceof ZodError) api = new ValidationError(zodToFieldErrors(err));
    else if (err && typeof err === 'object' && 'type' in err && (err as { type: string }).type === 'entity.parse.failed') {
      api = new ApiError(400, 'invalid_json', 'request body is not valid JSON');
    } else if (err && typeof err === 'object' && 'type' in err && (err as { type: string }).type === 'entity.too.large') {
      api = new ApiError(413, 'too_large', 'request body is too large');
    } else if (err && typeof err === 'object' && 'code' in err && typeof (err as { code: unknown }).code === 'string' && /^[0-9A-Z]{5}$/.test((err as { code: string }).code)) {
      api = fromPostgres(err as never);
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
      log(`internal error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
      api = new ApiError(500, 'internal', 'internal error');
    }
    res.status(api.status).json({
      errors: api.fields.length
        ? api.fields.map((f) => ({ message: f.message, code: f.code, field: f.field }))
        : [{ message: api.message, code: api.code }],
      ...api.extra,
    });
  };
}
