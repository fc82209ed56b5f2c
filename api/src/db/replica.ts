/**
 * Reads from a PostgreSQL streaming replica (DATABASE_READ_URL; docs/scaling.md, "Read replicas").
 *
 * Writes, and every read that must see the latest state (authentication, a record's form and its
 * version, certification, audit, plans), stay on the primary (DATABASE_URL). The read-only routes
 * that carry most of the load — the map, the dashboard, the analyses, the OGC items, the exports, the
 * request figures, a plan ranking — ask `readerFor(ctx, req, res)` for their connection pool, which
 * is the replica's only while it is known to be fresh:
 *
 * - A monitor asks, every DATABASE_READ_CHECK_MS, the primary for its WAL position
 *   (pg_current_wal_lsn) and then the replica for the position it has replayed
 *   (pg_last_wal_replay_lsn). The replica holds every commit the primary had made by time t when
 *   its replay position has reached the primary's position sampled at t: the latest such t is its
 *   "fresh as of" time. The replica serves reads while now − freshAsOf ≤ DATABASE_READ_MAX_LAG_MS.
 * - Read your own writes: after a write request (any POST/PUT/PATCH/DELETE) of an account finishes,
 *   that account's reads go to the primary until the replica is fresh as of a time after it. The
 *   process that answered the write remembers it for the account; a browser session also gets the
 *   write's time in a cookie (WROTE_COOKIE), so that another API process behind the same load
 *   balancer routes its reads the same way (the processes' clocks must agree: NTP). An API token's
 *   reads on another process are at most DATABASE_READ_MAX_LAG_MS behind.
 * - The replica must be a standby of the primary: the same system identifier and in recovery. A
 *   replica that is down, lagging, promoted or a different server serves nothing; its reads go to
 *   the primary and /readyz says why (the instance stays ready: the primary can serve everything).
 * - A request whose replica connection fails is answered 503 (Retry-After) like any database outage,
 *   and marks the replica down at once, so the next requests go to the primary.
 */
import type { Request, Response } from 'express';
import knexFactory, { type Knex } from 'knex';
import type { AppContext } from '../context.js';
import { knexConfig, type DatabaseLimits } from './connect.js';

export type ReplicaState = 'starting' | 'ok' | 'lagging' | 'down' | 'refused';

export interface ReplicaStatus {
  state: ReplicaState;
  /** Why it serves nothing (lagging, down, refused). */
  reason?: string;
  /** Milliseconds since the time the replica is known to hold every commit of; null before the first check. */
  stalenessMs: number | null;
  /** The WAL position the replica had replayed at the last check. */
  replayLsn?: string;
  /** When the last check ended (ISO). */
  checkedAt?: string;
  /** Requests served from the replica and from the primary (routed reads only) since the start. */
  reads: { replica: number; primary: number };
}

export interface ReplicaOptions extends DatabaseLimits {
  /** DATABASE_READ_URL. */
  url: string;
  /** The primary's pool (DATABASE_URL). */
  primary: Knex;
  /** The replica serves reads while it is at most this far behind (ms). */
  maxLagMs: number;
  /** How often the monitor checks the replica (ms). */
  checkIntervalMs: number;
  warn?: (msg: string, fields?: Record<string, unknown>) => void;
  info?: (msg: string, fields?: Record<string, unknown>) => void;
}

/** A WAL position 'X/Y' (hex halves) as one number, for comparing. */
export function lsnValue(lsn: string): bigint {
  const m = /^([0-9A-Fa-f]{1,8})\/([0-9A-Fa-f]{1,8})$/.exec(lsn);
  if (!m) throw new Error(`not a WAL position: ${lsn}`);
  return (BigInt(`0x${m[1]}`) << 32n) + BigInt(`0x${m[2]}`);
}

/** The cluster's system identifier (a standby has its primary's), or null when the role may not read it. */
async function systemId(knex: Knex): Promise<string | null> {
  try {
    const { rows } = await knex.raw(`select system_identifier::text as id from pg_control_system()`);
    return rows[0]?.id ?? null;
  } catch (err) {
    if ((err as { code?: string }).code === '42501') return null;
    throw err;
  }
}

/** The cookie that carries a browser session's last write time (ms since the epoch) to every API process. */
export const WROTE_COOKIE = 'atlas_wrote';

const WROTE_RE = new RegExp(`(?:^|;\\s*)${WROTE_COOKIE}=(\\d{1,15})(?:;|$)`);

/** The write time a request's WROTE_COOKIE carries; undefined when absent, malformed or in the future. */
export function wroteAt(req: Request, now = Date.now()): number | undefined {
  const m = WROTE_RE.exec(req.headers.cookie ?? '');
  if (!m) return undefined;
  const t = Number(m[1]);
  // A minute of clock difference between processes at most; a later time is nobody's write.
  return t <= now + 60_000 ? t : undefined;
}

/** Primary positions sampled by the monitor, kept this long (older ones cannot make the replica fresh enough). */
const SAMPLES_MAX = 256;

export class ReadReplica {
  readonly knex: Knex;
  private readonly opts: ReplicaOptions;
  private state: ReplicaState = 'starting';
  private reason: string | undefined = 'not checked yet';
  /** Date.now() of the latest primary position the replica has replayed; -Infinity before. */
  private freshAsOf = -Infinity;
  private replayLsn: string | undefined;
  private checkedAt: number | undefined;
  /** (time, primary position) samples, oldest first. */
  private samples: { t: number; lsn: bigint }[] = [];
  /** Account id → Date.now() when its last write request finished. */
  private lastWrite = new Map<number, number>();
  private primaryId: string | null | undefined;
  private timer: NodeJS.Timeout | undefined;
  private checking: Promise<void> | undefined;
  private closed = false;
  private readonly counts = { replica: 0, primary: 0 };

  constructor(opts: ReplicaOptions) {
    this.opts = opts;
    const quiet = () => {};
    this.knex = knexFactory(knexConfig('postgres', opts.url, opts, undefined, (m) => (opts.warn ?? quiet)(`read replica: ${m}`)));
  }

  /** Checks once now (so the first requests can already use it), then every checkIntervalMs. */
  async start(): Promise<void> {
    await this.check();
    const tick = () => {
      if (this.closed) return;
      this.timer = setTimeout(() => void this.check().finally(tick), this.opts.checkIntervalMs);
      this.timer.unref();
    };
    tick();
  }

  /** One round of the monitor (tests call it to not wait for the timer). */
  check(): Promise<void> {
    this.checking ??= this.checkOnce().finally(() => (this.checking = undefined));
    return this.checking;
  }

  private async checkOnce(): Promise<void> {
    const t0 = Date.now();
    let primaryLsn: bigint;
    try {
      const { rows } = await this.opts.primary.raw(`select pg_current_wal_lsn()::text as lsn`);
      primaryLsn = lsnValue(rows[0].lsn);
      if (this.primaryId === undefined) this.primaryId = await systemId(this.opts.primary);
    } catch {
      // The primary does not answer: nothing new can be written; the replica stays as it was.
      this.checkedAt = Date.now();
      return;
    }
    this.samples.push({ t: t0, lsn: primaryLsn });
    if (this.samples.length > SAMPLES_MAX) this.samples.shift();
    let row: { recovery: boolean; replay: string | null; id: string | null };
    try {
      const { rows } = await this.knex.raw(`select pg_is_in_recovery() as recovery, pg_last_wal_replay_lsn()::text as replay`);
      row = { ...rows[0], id: await systemId(this.knex) };
    } catch (err) {
      this.set('down', `the replica does not answer (${(err as { code?: string }).code ?? (err as Error).message})`);
      this.checkedAt = Date.now();
      return;
    }
    this.checkedAt = Date.now();
    // The identifiers are compared when both could be read (pg_control_system may be refused to a plain role).
    if (row.id && this.primaryId && row.id !== this.primaryId) return this.set('refused', 'DATABASE_READ_URL is not a replica of DATABASE_URL (another system identifier)');
    if (!row.recovery || !row.replay) return this.set('refused', 'DATABASE_READ_URL is not in recovery: not a standby (promoted, or the primary itself)');
    this.replayLsn = row.replay;
    const replay = lsnValue(row.replay);
    // The latest sample the replay has reached: every commit made before it is on the replica.
    let i = this.samples.length - 1;
    while (i >= 0 && this.samples[i]!.lsn > replay) i--;
    if (i >= 0) {
      this.freshAsOf = Math.max(this.freshAsOf, this.samples[i]!.t);
      this.samples.splice(0, i); // older samples can no longer matter
    }
    for (const [user, t] of this.lastWrite) if (t < this.freshAsOf) this.lastWrite.delete(user);
    const behind = Date.now() - this.freshAsOf;
    if (behind <= this.opts.maxLagMs) this.set('ok');
    else this.set('lagging', Number.isFinite(behind) ? `the replica is ${behind} ms behind (DATABASE_READ_MAX_LAG_MS ${this.opts.maxLagMs})` : 'the replica has not caught up yet');
  }

  private set(state: ReplicaState, reason?: string): void {
    if (state !== this.state) {
      if (state === 'ok') this.opts.info?.('read replica: serving reads', { replica: state });
      else this.opts.warn?.(`read replica: not serving reads — ${reason}`, { replica: state });
    }
    this.state = state;
    this.reason = reason;
  }

  /**
   * Where a routed read goes now, for an account (or an anonymous visitor) whose last write this
   * process knows of, or that the request says (`wrote`, from WROTE_COOKIE).
   */
  pick(userId?: number, wrote?: number): 'replica' | 'primary' {
    let to: 'replica' | 'primary' = 'replica';
    if (this.closed || this.state !== 'ok' || Date.now() - this.freshAsOf > this.opts.maxLagMs) to = 'primary';
    else {
      const w = Math.max((userId !== undefined ? this.lastWrite.get(userId) : undefined) ?? -Infinity, wrote ?? -Infinity);
      if (w >= this.freshAsOf) to = 'primary';
    }
    this.counts[to]++;
    return to;
  }

  /** An account's write request finished: its reads go to the primary until the replica holds it. */
  noteWrite(userId: number): void {
    this.lastWrite.set(userId, Date.now());
  }

  /** A read on the replica lost its connection: serve from the primary until the monitor sees it back. */
  markDown(err: { code?: string; message?: string }): void {
    this.set('down', `a read lost its connection (${err.code ?? err.message ?? 'unknown'})`);
  }

  status(): ReplicaStatus {
    return {
      state: this.state,
      ...(this.state === 'ok' ? {} : { reason: this.reason }),
      stalenessMs: Number.isFinite(this.freshAsOf) ? Date.now() - this.freshAsOf : null,
      ...(this.replayLsn ? { replayLsn: this.replayLsn } : {}),
      ...(this.checkedAt ? { checkedAt: new Date(this.checkedAt).toISOString() } : {}),
      reads: { ...this.counts },
    };
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.timer);
    await this.checking?.catch(() => {});
    await this.knex.destroy();
  }
}

/**
 * The pool a read-only route uses for this request: the replica's when one is configured and
 * fresh enough for this account, else the primary's. Notes the choice in res.locals.readFrom (the
 * access log shows it).
 */
export function readerFor(ctx: AppContext, req: Request, res: Response): Knex {
  if (!ctx.replica) return ctx.db.knex;
  // The cookie counts only with the session it came with (an anonymous visitor writes nothing).
  const from = ctx.replica.pick(req.principal?.userId, req.principal?.via === 'session' ? wroteAt(req) : undefined);
  res.locals.readFrom = from;
  return from === 'replica' ? ctx.replica.knex : ctx.db.knex;
}
