/**
 * Heavy work — coverage analyses, plan ranking, exports — runs at most HEAVY_CONCURRENCY at a time
 * (default 2 on PostgreSQL, 1 embedded); further heavy requests wait in a first-come queue of at most
 * HEAVY_QUEUE places, each for at most HEAVY_QUEUE_TIMEOUT_MS. Beyond either, 503 `busy` with
 * Retry-After. Light requests (REST reads, the map, logins) never wait here, so they keep answering
 * while heavy ones queue. A client that leaves while waiting gives its place up.
 * docs/reliability.md, "Limits".
 */
import { EventEmitter } from 'node:events';
import type { NextFunction, Request, Response } from 'express';
import type { AppContext } from '../context.js';
import { UnavailableError } from './errors.js';

export interface HeavyOptions {
  /** Heavy requests running at once (at least 1). */
  concurrency: number;
  /** Heavy requests waiting at most (0: none wait, the one over the limit is refused). */
  queue: number;
  /** How long one may wait for its turn (0: no limit). */
  queueTimeoutMs: number;
}

export interface HeavyStats {
  running: number;
  queued: number;
  concurrency: number;
  queue: number;
}

interface Waiter {
  grant: () => void;
  fail: (err: Error) => void;
}

/** Retry-After for a full queue: about the time a turn takes to come round. */
const BUSY_RETRY_S = 10;

/** A counting semaphore with a bounded FIFO queue; emits 'change' whenever running or queued changes. */
export class HeavyLimiter extends EventEmitter {
  private active = 0;
  private readonly waiting: Waiter[] = [];

  constructor(readonly opts: HeavyOptions) {
    super();
    if (!(opts.concurrency >= 1)) throw new Error('heavy concurrency must be at least 1');
  }

  get running(): number {
    return this.active;
  }

  get queued(): number {
    return this.waiting.length;
  }

  stats(): HeavyStats {
    return { running: this.active, queued: this.waiting.length, concurrency: this.opts.concurrency, queue: this.opts.queue };
  }

  /**
   * A turn: resolves with the function that gives it back (call it once, when the work is done).
   * Rejects with 503 `busy` when the queue is full or the wait outlasts queueTimeoutMs, and with
   * the signal's reason when `signal` aborts while waiting.
   */
  acquire(signal?: AbortSignal): Promise<() => void> {
    if (signal?.aborted) return Promise.reject(signal.reason ?? new Error('aborted'));
    if (this.active < this.opts.concurrency && this.waiting.length === 0) {
      this.active++;
      this.emit('change');
      return Promise.resolve(this.releaser());
    }
    if (this.waiting.length >= this.opts.queue) {
      return Promise.reject(
        new UnavailableError(
          'busy',
          `the server is busy with heavy work (${this.active} running, ${this.waiting.length} waiting; HEAVY_CONCURRENCY ${this.opts.concurrency}, HEAVY_QUEUE ${this.opts.queue}): try again in a moment`,
          BUSY_RETRY_S,
        ),
      );
    }
    return new Promise((resolve, reject) => {
      let timer: NodeJS.Timeout | undefined;
      const leave = () => {
        const i = this.waiting.indexOf(waiter);
        if (i >= 0) this.waiting.splice(i, 1);
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        this.emit('change');
      };
      const waiter: Waiter = {
        grant: () => {
          clearTimeout(timer);
          signal?.removeEventListener('abort', onAbort);
          resolve(this.releaser());
        },
        fail: (err) => {
          leave();
          reject(err);
        },
      };
      const onAbort = () => waiter.fail(signal?.reason instanceof Error ? signal.reason : new Error('aborted'));
      signal?.addEventListener('abort', onAbort, { once: true });
      if (this.opts.queueTimeoutMs > 0) {
        timer = setTimeout(
          () => waiter.fail(new UnavailableError('busy', `waited ${Math.round(this.opts.queueTimeoutMs / 1000)} s for a turn at heavy work (HEAVY_QUEUE_TIMEOUT_MS): the server is busy, try again in a moment`, BUSY_RETRY_S)),
          this.opts.queueTimeoutMs,
        );
        timer.unref();
      }
      this.waiting.push(waiter);
      this.emit('change');
    });
  }

  /** Runs `fn` in a turn. */
  async run<T>(fn: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    const release = await this.acquire(signal);
    try {
      return await fn();
    } finally {
      release();
    }
  }

  private releaser(): () => void {
    let done = false;
    return () => {
      if (done) return;
      done = true;
      const next = this.waiting.shift();
      if (next) next.grant(); // the turn passes on: active stays the same
      else this.active--;
      this.emit('change');
    };
  }
}

/** The limiter for an app: HEAVY_CONCURRENCY, or 2 on PostgreSQL and 1 on the embedded engine. */
export function limiterFor(ctx: AppContext): HeavyLimiter {
  const c = ctx.config;
  return new HeavyLimiter({
    concurrency: c.heavyConcurrency ?? (ctx.db.engine === 'embedded' ? 1 : 2),
    queue: c.heavyQueue,
    queueTimeoutMs: c.heavyQueueTimeoutMs,
  });
}

type Handler = (req: Request, res: Response, next: NextFunction) => Promise<unknown>;

/**
 * Wraps a heavy route handler: it runs in one of the limiter's turns, held until the handler's
 * promise settles (a streamed export holds it until the last byte). A request whose client left
 * while it waited is not run. Without ctx.heavy (a router used outside createApp) it runs at once.
 */
export function heavy(ctx: AppContext, fn: Handler): Handler {
  return async (req, res, next) => {
    const limiter = ctx.heavy;
    if (!limiter) return fn(req, res, next);
    const left = new AbortController();
    const onClose = () => left.abort(new Error('the client left while waiting'));
    res.once('close', onClose);
    let release: () => void;
    try {
      release = await limiter.acquire(left.signal);
    } catch (err) {
      if (left.signal.aborted) return; // nobody to answer
      throw err;
    } finally {
      res.off('close', onClose);
    }
    if (left.signal.aborted || res.destroyed) {
      release();
      return;
    }
    try {
      return await fn(req, res, next);
    } finally {
      release();
    }
  };
}
