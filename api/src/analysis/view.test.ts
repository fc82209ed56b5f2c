import { describe, expect, it } from 'vitest';
import { LocalFrame, metresPerDegree, segmentLength } from './geo.js';
import { Rng } from '../demo/random.js';
import { horizontalPixels, unionIntervals, View, viewParams } from './view.js';

const LON = 100.5;
const LAT = 14.5;
const frame = new LocalFrame(LON, LAT);
/** The lon/lat `m` metres from the camera at a bearing. */
const at = (bearing: number, m: number) => frame.toLonLat(m * Math.sin((bearing * Math.PI) / 180), m * Math.cos((bearing * Math.PI) / 180));
const sector = (direction: number, fov: number, range = 50) => new View('c', LON, LAT, viewParams({ kind: 'fixed', directionDeg: direction, fovDeg: fov, rangeM: range }));

describe('metres on the ellipsoid', () => {
  it('has the WGS84 degree lengths at Thai latitudes', () => {
    // Reference values (WGS84): at 15° N one degree of latitude is 110,649 m, of longitude 107,551 m.
    const k = metresPerDegree(15);
    expect(k.lat).toBeCloseTo(110649, -1);
    expect(k.lon).toBeCloseTo(107551, -1);
    // Bangkok–Ang Thong-ish 1 km north
    expect(segmentLength([100.5, 14.5], [100.5, 14.5 + 1000 / metresPerDegree(14.5).lat])).toBeCloseTo(1000, 0);
  });
});

describe('the view of a camera', () => {
  it('a fixed camera facing east with 90° sees from NE to SE within its range', () => {
    const v = sector(90, 90);
    expect(v.contains(...at(90, 30))).toBe(true);
    expect(v.contains(...at(46, 30))).toBe(true);
    expect(v.contains(...at(134, 49))).toBe(true);
    expect(v.contains(...at(44, 30))).toBe(false);
    expect(v.contains(...at(136, 30))).toBe(false);
    expect(v.contains(...at(0, 10))).toBe(false);
    expect(v.contains(...at(90, 51))).toBe(false);
    expect(v.contains(LON, LAT)).toBe(true); // the apex
  });

  it('a 270° view sees everything but the quarter behind it', () => {
    const v = sector(0, 270);
    expect(v.contains(...at(0, 30))).toBe(true);
    expect(v.contains(...at(120, 30))).toBe(true);
    expect(v.contains(...at(240, 30))).toBe(true);
    expect(v.contains(...at(180, 30))).toBe(false);
    expect(v.contains(...at(140, 30))).toBe(false);
  });

  it('domes, PTZ and cameras without a direction see a full circle', () => {
    expect(viewParams({ kind: 'dome', directionDeg: 45 })).toMatchObject({ circle: true, fovDeg: 360 });
    expect(viewParams({ kind: 'ptz' })).toMatchObject({ circle: true });
    expect(viewParams({ kind: 'fixed' })).toMatchObject({ circle: true, defaulted: ['fov', 'direction', 'range'] });
    expect(viewParams({ kind: 'fixed', directionDeg: 370 })).toMatchObject({ circle: false, directionDeg: 10, fovDeg: 90 });
  });

  it('takes the range from the resolution (DORI detection, 25 px/m) unless the camera has one', () => {
    expect(horizontalPixels('1080p')).toBe(1920);
    expect(horizontalPixels('2MP')).toBe(1920);
    expect(horizontalPixels('๒ ล้านพิกเซล')).toBe(1920);
    expect(horizontalPixels('2560x1440')).toBe(2560);
    expect(horizontalPixels('4K')).toBe(3840);
    expect(horizontalPixels('D1')).toBe(704);
    expect(horizontalPixels('ไม่ทราบ')).toBeUndefined();
    expect(viewParams({ kind: 'fixed', directionDeg: 0, resolution: '1080p' }).rangeM).toBe(38);
    expect(viewParams({ kind: 'fixed', directionDeg: 0, resolution: '720p' }).rangeM).toBe(26);
    expect(viewParams({ kind: 'fixed', directionDeg: 0, resolution: '4K' }).rangeM).toBe(77);
    expect(viewParams({ kind: 'fixed', directionDeg: 0 }).rangeM).toBe(30);
    expect(viewParams({ kind: 'ptz', resolution: '1080p' }).rangeM).toBe(77);
    expect(viewParams({ kind: 'fixed', directionDeg: 0, rangeM: 120, resolution: '720p' }).rangeM).toBe(120);
  });
});

describe('segments through a view', () => {
  it('a line through the camera along its direction is covered from the apex to the range', () => {
    const v = sector(90, 60, 50);
    const iv = v.segment(at(270, 100), at(90, 100));
    expect(iv).toHaveLength(1);
    expect(iv[0]![0]).toBeCloseTo(0.5, 6);
    expect(iv[0]![1]).toBeCloseTo(0.75, 6);
  });

  it('a line across the view behind the camera touches it only at the apex: nothing', () => {
    expect(sector(90, 90).segment(at(0, 100), at(180, 100))).toEqual([]);
  });

  it('a reflex view cuts a line crossing its blind wedge into two pieces', () => {
    const v = sector(0, 270, 50);
    // A west–east line 20 m south of the camera crosses the blind quarter (135°–225°).
    const f = (x: number) => frame.toLonLat(x, -20);
    const iv = v.segment(f(-100), f(100));
    expect(iv).toHaveLength(2);
    // Disk: |x| <= sqrt(50² - 20²) = 45.83; blind where |x| < 20 (bearing within 45° of south).
    expect(iv[0]![0] * 200 - 100).toBeCloseTo(-45.826, 2);
    expect(iv[0]![1] * 200 - 100).toBeCloseTo(-20, 6);
    expect(iv[1]![0] * 200 - 100).toBeCloseTo(20, 6);
    expect(iv[1]![1] * 200 - 100).toBeCloseTo(45.826, 2);
  });

  it('agrees with point sampling on 2,000 random sectors and segments', () => {
    const gen = new Rng(42);
    const rand = () => gen.next();
    let checked = 0;
    const mismatches: string[] = [];
    for (let n = 0; n < 2000; n++) {
      const fov = [30, 90, 120, 180, 200, 270, 360][n % 7]!;
      const v = sector(rand() * 360, fov, 20 + rand() * 80);
      const a = frame.toLonLat((rand() - 0.5) * 300, (rand() - 0.5) * 300);
      const b = frame.toLonLat((rand() - 0.5) * 300, (rand() - 0.5) * 300);
      const ivs = v.segment(a, b);
      // intervals sorted, disjoint, inside [0, 1]
      for (let i = 0; i < ivs.length; i++) {
        expect(ivs[i]![0]).toBeGreaterThanOrEqual(0);
        expect(ivs[i]![1]).toBeLessThanOrEqual(1);
        expect(ivs[i]![1]).toBeGreaterThan(ivs[i]![0]);
        if (i) expect(ivs[i]![0]).toBeGreaterThanOrEqual(ivs[i - 1]![1]);
      }
      const S = 400;
      for (let k = 0; k < S; k++) {
        const t = (k + 0.5) / S;
        const inside = ivs.some(([p, q]) => t >= p && t <= q);
        const p = [a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t] as const;
        // Samples within 1e-6 of an interval end may go either way.
        const nearEnd = ivs.some(([p0, q0]) => Math.abs(t - p0) < 1e-6 || Math.abs(t - q0) < 1e-6);
        if (!nearEnd) {
          if (inside !== v.contains(p[0], p[1])) mismatches.push(`view ${JSON.stringify(v.params)} t=${t}`);
          checked++;
        }
      }
    }
    expect(mismatches.slice(0, 5)).toEqual([]);
    expect(checked).toBeGreaterThan(790_000);
  });

  it('unions intervals', () => {
    expect(unionIntervals([[0.5, 0.7], [0, 0.2], [0.1, 0.3], [0.7, 0.8]])).toEqual([[0, 0.3], [0.5, 0.8]]);
  });
});

describe('the polygon of a view', () => {
  it('is closed, counter-clockwise, and its vertices lie on the arc', () => {
    const v = sector(45, 90, 60);
    const ring = v.ring(64);
    expect(ring[0]).toEqual(ring[ring.length - 1]);
    let s = 0;
    for (let i = 1; i < ring.length; i++) s += (ring[i]![0] - ring[i - 1]![0]) * (ring[i]![1] + ring[i - 1]![1]);
    expect(s).toBeLessThan(0); // shoelace sign: counter-clockwise
    for (const p of ring.slice(1, -1)) expect(segmentLength([LON, LAT], p)).toBeCloseTo(60, 3);
  });
});
