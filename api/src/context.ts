import type { Config } from './config.js';
import type { Database } from './db/connect.js';
import type { ReadReplica } from './db/replica.js';
import type { HeavyLimiter } from './http/heavy.js';
import { currentRequestId } from './http/request-id.js';

/**
 * The application log. `fields` are facts about the event (ids, counts, codes, user names) — never
 * passwords, tokens, contact names, phones or stream URLs (api/test/logs.int.test.ts searches for them).
 */
export interface Logger {
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
  /** Optional: health probes' access lines and other chatter, shown with LOG_LEVEL=debug. */
  debug?(msg: string, fields?: Record<string, unknown>): void;
}

/** What every router receives: the open database, the validated config, a logger. */
export interface AppContext {
  db: Database;
  config: Config;
  log: Logger;
  /** The heavy-work limiter (api/src/http/heavy.ts); createApp makes one when absent. */
  heavy?: HeavyLimiter;
  /** The read replica (DATABASE_READ_URL), when one is configured: api/src/db/replica.ts. */
  replica?: ReadReplica;
}

type Level = 'debug' | 'info' | 'warn' | 'error';
const ORDER = ['debug', 'info', 'warn', 'error', 'silent'] as const;

/** Fields whose values never reach a log line, whatever a caller passes (a last line of defence). */
const SECRET_KEY = /^(password|new_?password|current_?password|one_?time_?password|authorization|cookie|set-cookie|csrf(_?token)?|secret|api_?key)$/i;
/** Keys the line itself owns: a field of the same name is kept under `field.<name>`. */
const RESERVED = new Set(['time', 'level', 'msg']);

/** A value as it goes into a line: errors as {name, message, code}, secrets masked, depth bounded. */
function clean(v: unknown, depth = 0): unknown {
  if (v instanceof Error) {
    const code = (v as { code?: unknown }).code;
    return { name: v.name, message: v.message, ...(code !== undefined ? { code } : {}) };
  }
  if (v === null || typeof v !== 'object') return typeof v === 'bigint' ? v.toString() : v;
  if (depth >= 4) return '[…]';
  if (Array.isArray(v)) return v.slice(0, 50).map((x) => clean(x, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v)) out[k] = SECRET_KEY.test(k) ? '[redacted]' : clean(x, depth + 1);
  return out;
}

/** One log record as a JSON line: time, level, msg, the request's id when in a request, then the fields. */
export function jsonLine(level: Level, msg: string, fields?: Record<string, unknown>, now = new Date()): string {
  const rec: Record<string, unknown> = { time: now.toISOString(), level, msg };
  const requestId = currentRequestId();
  if (requestId) rec.requestId = requestId;
  for (const [k, v] of Object.entries(fields ?? {})) {
    if (v === undefined) continue;
    rec[RESERVED.has(k) ? `field.${k}` : k] = SECRET_KEY.test(k) ? '[redacted]' : clean(v);
  }
  return JSON.stringify(rec);
}

/** The same record for a person: `time level msg key=value …` on one line. */
export function textLine(level: Level, msg: string, fields?: Record<string, unknown>, now = new Date()): string {
  const rec = JSON.parse(jsonLine(level, msg, fields, now)) as Record<string, unknown>;
  const rest = Object.entries(rec)
    .filter(([k]) => !RESERVED.has(k))
    .map(([k, v]) => `${k}=${typeof v === 'string' && !/[\s"=]/.test(v) && v !== '' ? v : JSON.stringify(v)}`);
  // Messages are ours, but a field value inside one could carry a line break: keep one record per line.
  return `${rec.time} ${level.padEnd(5)} ${String(rec.msg).replace(/[\r\n]+/g, ' ')}${rest.length ? ' ' + rest.join(' ') : ''}`;
}

export interface LogSink {
  write(line: string): void;
}

/**
 * The process's logger. JSON (the default when stdout is not a terminal): every record one JSON
 * object per line on stdout, for a log collector. Text: the same records readable, warnings and
 * errors on stderr. `sink` replaces both streams (tests).
 */
export function consoleLogger(level: Config['logLevel'] = 'info', format: Config['logFormat'] = 'text', sink?: LogSink): Logger {
  const on = (l: Level) => ORDER.indexOf(l) >= ORDER.indexOf(level);
  const emit = (l: Level) => (msg: string, fields?: Record<string, unknown>) => {
    if (!on(l)) return;
    const line = format === 'json' ? jsonLine(l, msg, fields) : textLine(l, msg, fields);
    if (sink) sink.write(line);
    else if (format === 'text' && (l === 'warn' || l === 'error')) process.stderr.write(line + '\n');
    else process.stdout.write(line + '\n');
  };
  return { debug: emit('debug'), info: emit('info'), warn: emit('warn'), error: emit('error') };
}

export const silentLogger: Logger = { info() {}, warn() {}, error() {}, debug() {} };
