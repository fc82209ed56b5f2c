import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError, getHealth, getMeta, isHealth, isMeta } from './client';

function answer(status: number, body: unknown, type = 'application/json') {
  const fetch = vi.fn(async () => new Response(typeof body === 'string' ? body : JSON.stringify(body), { status, headers: { 'content-type': type } }));
  vi.stubGlobal('fetch', fetch);
  return fetch;
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('api client', () => {
  it('reads /healthz', async () => {
    const fetch = answer(200, { status: 'ok', db: 'embedded', postgis: '3.5.2' });
    await expect(getHealth()).resolves.toEqual({ status: 'ok', db: 'embedded', postgis: '3.5.2' });
    expect(fetch).toHaveBeenCalledWith('/healthz', expect.objectContaining({ headers: { Accept: 'application/json' } }));
  });

  it('reports the API error message and code', async () => {
    answer(503, { errors: [{ code: 'db_down', message: 'database unavailable' }] });
    const err = await getHealth().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({ status: 503, code: 'db_down', message: 'database unavailable' });
  });

  it('rejects answers that are not JSON or have the wrong shape', async () => {
    answer(200, '<!doctype html>', 'text/html');
    await expect(getHealth()).rejects.toMatchObject({ code: 'not_json' });
    answer(200, { status: 'ok' });
    await expect(getHealth()).rejects.toMatchObject({ code: 'bad_shape' });
  });

  it('treats a missing /api/meta (404) as "no summary", other errors as errors', async () => {
    answer(404, { errors: [{ code: 'not_found', message: 'GET /meta not found' }] });
    await expect(getMeta()).resolves.toBeNull();
    answer(500, { errors: [{ code: 'internal', message: 'boom' }] });
    await expect(getMeta()).rejects.toMatchObject({ status: 500 });
  });

  it('reads /api/meta, turning bigint counts sent as strings into numbers', async () => {
    const meta = { demo: { generatedAt: '2025-01-01T00:00:00Z', province: '15' }, counts: { cameras: 12, problems: '3' }, engine: 'embedded' };
    answer(200, meta);
    await expect(getMeta()).resolves.toEqual({ ...meta, counts: { cameras: 12, problems: 3 } });
  });

  it('checks shapes', () => {
    expect(isHealth({ status: 'ok', db: 'postgres', postgis: '3.4.0' })).toBe(true);
    expect(isHealth({ status: 'down', db: 'postgres', postgis: '3.4.0' })).toBe(false);
    expect(isMeta({ demo: null, counts: {} })).toBe(true);
    expect(isMeta({ demo: null, counts: { cameras: '3' } })).toBe(true);
    expect(isMeta({ demo: null, counts: { cameras: 'three' } })).toBe(false);
    expect(isMeta({ demo: [], counts: {} })).toBe(false);
  });
});
