/**
 * The logged-in account in the browser. The session itself is an httpOnly cookie the page cannot
 * read; what the page keeps is the CSRF token the server gave at login (or with /api/auth/me),
 * which every same-origin write must send as X-CSRF-Token. `installAuthFetch` wraps window.fetch
 * once so that every module's writes carry it, whoever makes them, and so that a 401 from the API
 * (the session ended) tells the app to show the login again.
 */

export type Role = 'admin' | 'secretariat' | 'recorder' | 'police' | 'committee';

export interface SessionUser {
  id: number;
  username: string;
  displayName: string | null;
  role: Role;
  province: string | null;
  agencyId: number | null;
  stations: number[];
  mustChangePassword: boolean;
}

export const UNAUTHENTICATED_EVENT = 'atlas:unauthenticated';

let csrfToken: string | null = null;

export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

function sameOrigin(url: string): boolean {
  try {
    return new URL(url, window.location.href).origin === window.location.origin;
  } catch {
    return false;
  }
}

let installed = false;

/** Wraps window.fetch: X-CSRF-Token on same-origin writes; an event on a 401 from /api (but not from the login itself). */
export function installAuthFetch(): void {
  if (installed) return;
  installed = true;
  const original = window.fetch.bind(window);
  window.fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    const method = (init?.method ?? (input instanceof Request ? input.method : 'GET')).toUpperCase();
    let next = init;
    if (!SAFE.has(method) && csrfToken && sameOrigin(url)) {
      const headers = new Headers(init?.headers ?? (input instanceof Request ? input.headers : undefined));
      headers.set('X-CSRF-Token', csrfToken);
      next = { ...init, headers };
    }
    const res = await original(input, next);
    const path = new URL(url, window.location.href).pathname;
    if (res.status === 401 && sameOrigin(url) && path.startsWith('/api/') && path !== '/api/auth/login' && path !== '/api/auth/me') {
      window.dispatchEvent(new Event(UNAUTHENTICATED_EVENT));
    }
    return res;
  };
}

export class AuthError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly fields: { field: string; message: string }[] = [],
    readonly retryAfterS?: number,
  ) {
    super(message);
  }
}

async function call(method: string, path: string, body?: unknown): Promise<unknown> {
  const res = await fetch(path, {
    method,
    headers: { Accept: 'application/json', ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (res.status === 204) return null;
  const data = (await res.json().catch(() => null)) as { errors?: { code?: string; message?: string; field?: string }[] } | null;
  if (!res.ok) {
    const first = data?.errors?.[0];
    const retry = Number(res.headers.get('retry-after'));
    throw new AuthError(
      res.status,
      first?.code ?? `http_${res.status}`,
      first?.message ?? `HTTP ${res.status}`,
      (data?.errors ?? []).filter((e) => e.field).map((e) => ({ field: e.field!, message: e.message ?? '' })),
      Number.isFinite(retry) && retry > 0 ? retry : undefined,
    );
  }
  return data;
}

/** The current account, or null when nobody is logged in. */
export async function fetchMe(): Promise<SessionUser | null> {
  try {
    const r = (await call('GET', '/api/auth/me')) as { user: SessionUser; csrfToken: string | null };
    setCsrfToken(r.csrfToken);
    return r.user;
  } catch (e) {
    if (e instanceof AuthError && e.status === 401) return null;
    throw e;
  }
}

export async function logIn(username: string, password: string): Promise<SessionUser> {
  const r = (await call('POST', '/api/auth/login', { username, password })) as { user: SessionUser; csrfToken: string };
  setCsrfToken(r.csrfToken);
  return r.user;
}

export async function logOut(): Promise<void> {
  await call('POST', '/api/auth/logout').catch(() => undefined);
  setCsrfToken(null);
}

export async function changePassword(currentPassword: string, newPassword: string): Promise<void> {
  await call('POST', '/api/auth/password', { currentPassword, newPassword });
}

/** The shortest password the server accepts (api/src/auth/store.ts AUTH_LIMITS). */
export const MIN_PASSWORD_LENGTH = 12;
