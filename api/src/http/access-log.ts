/**
 * The access log: one line per request when its answer is sent (or the client leaves first) —
 * method, path, the NAMES of the query parameters, status, milliseconds, bytes, the account's user
 * name (or "anonymous") and the request id. Query VALUES are never logged: a search can carry a
 * phone number or a name (`/api/cameras?phone=…`), a link can carry a token. Nor are headers,
 * bodies or the client's address. docs/reliability.md, "Logs".
 */
import type { NextFunction, Request, Response } from 'express';
import type { Logger } from '../context.js';

/** Probes a load balancer sends every few seconds: logged at debug level only. */
const PROBES = new Set(['/healthz', '/readyz']);
const MAX_PATH = 300;

/** The path of a request URL without its query, at most MAX_PATH characters. */
export function loggedPath(originalUrl: string): string {
  const path = originalUrl.split('?')[0]!.split('#')[0]!;
  return path.length > MAX_PATH ? `${path.slice(0, MAX_PATH)}…` : path;
}

/** The distinct names of the query's parameters, sorted, comma-separated; undefined without a query. */
export function queryNames(originalUrl: string): string | undefined {
  const q = originalUrl.indexOf('?');
  if (q < 0) return undefined;
  const names = new Set<string>();
  for (const part of originalUrl.slice(q + 1).split('&')) {
    if (!part) continue;
    const raw = part.split('=')[0]!;
    let name: string;
    try {
      name = decodeURIComponent(raw.replace(/\+/g, ' '));
    } catch {
      name = raw;
    }
    // A name is a name: anything long or odd is cut, so a value pasted as a name is not kept whole.
    names.add(name.length > 40 ? `${name.slice(0, 40)}…` : name);
    if (names.size >= 30) break;
  }
  return names.size ? [...names].sort().join(',') : undefined;
}

export function accessLog(log: Logger) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const t0 = process.hrtime.bigint();
    let logged = false;
    const done = () => {
      if (logged) return;
      logged = true;
      const aborted = !res.writableFinished;
      const path = loggedPath(req.originalUrl);
      const length = res.getHeader('content-length');
      const fields: Record<string, unknown> = {
        method: req.method,
        path,
        query: queryNames(req.originalUrl),
        status: res.statusCode,
        ms: Math.round(Number(process.hrtime.bigint() - t0) / 1e5) / 10,
        bytes: length === undefined ? undefined : Number(length),
        user: req.principal?.username ?? 'anonymous',
        requestId: req.requestId,
        // With a read replica: where a routed read was served from (api/src/db/replica.ts).
        readFrom: res.locals.readFrom as string | undefined,
        aborted: aborted || undefined,
      };
      if (PROBES.has(path) && res.statusCode < 500) log.debug?.('request', fields);
      else if (res.statusCode >= 500 || aborted) log.warn('request', fields);
      else log.info('request', fields);
    };
    res.once('finish', done);
    res.once('close', done);
    next();
  };
}
