import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError } from './client';
import {
  CAMERA_HEADER_BYTES,
  CameraDecodeError,
  cameraBufferBytes,
  cameraParams,
  codeName,
  decodeCameras,
  encodeCameras,
  fetchBoundaries,
  fetchCameras,
  fetchMapConfig,
  fetchRequestPoints,
  OWNER_CODES,
  STATUS_CODES,
} from './map';

afterEach(() => {
  vi.unstubAllGlobals();
});

/** A buffer written byte by byte with DataView, independent of encodeCameras. */
function handMade(): ArrayBuffer {
  const n = 3;
  const buf = new ArrayBuffer(16 + n * 40);
  const v = new DataView(buf);
  'ATLC'.split('').forEach((c, i) => v.setUint8(i, c.charCodeAt(0)));
  v.setUint32(4, 1, true);
  v.setUint32(8, n, true);
  v.setUint32(12, 0, true);
  let o = 16;
  const f64 = (xs: number[]) => xs.forEach((x) => ((v.setFloat64(o, x, true), (o += 8))));
  const f32 = (xs: number[]) => xs.forEach((x) => ((v.setFloat32(o, x, true), (o += 4))));
  const u8 = (xs: number[]) => xs.forEach((x) => ((v.setUint8(o, x), (o += 1))));
  f64([7, 12, 9_007_199_254_740_000]);
  f64([100.45, 100.5, 100.123456789]);
  f64([14.59, 14.6, 14.7]);
  f32([90, NaN, 359.5]);
  f32([50, 30, NaN]);
  f32([NaN, 360, 60]);
  u8([0, 2, 3]);
  u8([2, 255, 3]);
  u8([0, 1, 255]);
  u8([0, 1, 2]);
  return buf;
}

describe('decodeCameras', () => {
  it('reads a hand-made buffer column by column', () => {
    const c = decodeCameras(handMade());
    expect(c.count).toBe(3);
    expect([...c.ids]).toEqual([7, 12, 9_007_199_254_740_000]);
    expect([...c.lon]).toEqual([100.45, 100.5, 100.123456789]);
    expect([...c.lat]).toEqual([14.59, 14.6, 14.7]);
    expect([...c.direction]).toEqual([90, NaN, 359.5]);
    expect([...c.range]).toEqual([50, 30, NaN]);
    expect([...c.fov]).toEqual([NaN, 360, 60]);
    expect([...c.status]).toEqual([0, 2, 3]);
    expect([...c.owner]).toEqual([2, 255, 3]);
    expect([...c.linkage]).toEqual([0, 1, 255]);
    expect([...c.kind]).toEqual([0, 1, 2]);
    expect(codeName(STATUS_CODES, c.status[1]!)).toBe('under_repair');
    expect(codeName(OWNER_CODES, c.owner[1]!)).toBeNull();
    // Views over the answer, not copies.
    expect(c.lon.buffer.byteLength).toBe(16 + 3 * 40);
  });

  it('round-trips through encodeCameras, also from an unaligned view', () => {
    const original = decodeCameras(handMade());
    const again = decodeCameras(encodeCameras(original));
    expect(again).toEqual(original);
    const shifted = new Uint8Array(cameraBufferBytes(3) + 3);
    shifted.set(new Uint8Array(handMade()), 3);
    expect(decodeCameras(shifted.subarray(3))).toEqual(original);
  });

  it('reads an empty answer (header only)', () => {
    const c = decodeCameras(encodeCameras({ ids: [], lon: [], lat: [], direction: [], range: [], fov: [], status: [], owner: [], linkage: [], kind: [] } as never));
    expect(c.count).toBe(0);
    expect(c.ids.length).toBe(0);
  });

  it('throws a clear error on a wrong magic, version or length', () => {
    const badMagic = handMade();
    new DataView(badMagic).setUint8(0, 'X'.charCodeAt(0));
    expect(() => decodeCameras(badMagic)).toThrow(CameraDecodeError);
    expect(() => decodeCameras(badMagic)).toThrow(/magic "XTLC", expected "ATLC"/);

    const badVersion = handMade();
    new DataView(badVersion).setUint32(4, 2, true);
    expect(() => decodeCameras(badVersion)).toThrow(/version 2 is not supported/);

    const short = handMade().slice(0, 16 + 3 * 40 - 1);
    expect(() => decodeCameras(short)).toThrow(/is 135 bytes, 3 cameras need 136/);
    const long = new Uint8Array(16 + 3 * 40 + 8);
    long.set(new Uint8Array(handMade()));
    expect(() => decodeCameras(long)).toThrow(/3 cameras need 136/);
    expect(() => decodeCameras(new ArrayBuffer(CAMERA_HEADER_BYTES - 1))).toThrow(/too short/);
  });
});

describe('map fetchers', () => {
  it('fetchCameras sends the filters and decodes the body', async () => {
    const fetch = vi.fn(async () => new Response(handMade(), { status: 200, headers: { 'content-type': 'application/octet-stream' } }));
    vi.stubGlobal('fetch', fetch);
    const c = await fetchCameras({ province: '15', district: 3, status: ['working', 'not_working'], ownerType: ['private'], purpose: ['traffic'], linkage: 'linked' });
    expect(c.count).toBe(3);
    expect(fetch).toHaveBeenCalledWith(
      '/api/map/cameras?province=15&district=3&status=working,not_working&owner_type=private&purpose=traffic&linkage=linked',
      expect.anything(),
    );
    expect(cameraParams({}).toString()).toBe('');
  });

  it('fetchCameras reports the field of a 400 and a corrupt body', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => Response.json({ errors: [{ field: 'status', code: 'invalid_parameter', message: 'unknown value "x"' }] }, { status: 400 })),
    );
    await expect(fetchCameras({ status: ['x'] })).rejects.toMatchObject({ status: 400, code: 'invalid_parameter', message: 'status: unknown value "x"' });
    vi.stubGlobal('fetch', vi.fn(async () => new Response(new Uint8Array([1, 2, 3]), { status: 200 })));
    const err = await fetchCameras({}).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({ code: 'bad_camera_data' });
  });

  it('fetchMapConfig checks the shape', async () => {
    const good = { basemapStyleUrl: null, mapboxToken: null, cameraPointLimit: 20000, publicMap: false, demo: { province: '15', bbox: [100.2, 14.4, 100.6, 14.9] }, thailandBbox: [97.3, 5.6, 105.7, 20.5] };
    vi.stubGlobal('fetch', vi.fn(async () => Response.json(good)));
    await expect(fetchMapConfig()).resolves.toEqual(good);
    vi.stubGlobal('fetch', vi.fn(async () => Response.json({ ...good, thailandBbox: [1, 2] })));
    await expect(fetchMapConfig()).rejects.toMatchObject({ code: 'bad_shape' });
  });

  it('fetchBoundaries and fetchRequestPoints build their URLs', async () => {
    const fetch = vi.fn(async (url: string) => Response.json(url.includes('boundaries') ? { type: 'FeatureCollection', features: [] } : { points: [[100.4, 14.6, 3]] }));
    vi.stubGlobal('fetch', fetch);
    await expect(fetchBoundaries('subdistrict', { district: 4, bbox: [100, 14, 101, 15] })).resolves.toEqual({ type: 'FeatureCollection', features: [] });
    expect(fetch).toHaveBeenLastCalledWith('/api/map/boundaries/subdistrict.geojson?district=4&bbox=100,14,101,15', expect.anything());
    await expect(fetchRequestPoints({ province: '15', status: ['working'] }, undefined, { since: '2024-01-01' })).resolves.toEqual([[100.4, 14.6, 3]]);
    // Only the area filters apply to requests.
    expect(fetch).toHaveBeenLastCalledWith('/api/map/requests?province=15&since=2024-01-01', expect.anything());
  });
});
