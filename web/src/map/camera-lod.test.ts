import type { Layer } from '@deck.gl/core';
import { describe, expect, it } from 'vitest';
import { type Bbox, type CameraArrays, UNKNOWN_CODE } from '../api/map';
import { translate } from '../i18n';
import { ownerColor, statusColor } from '../panels/layers/colors';
import { type CameraLod, camerasIn, cameraCells, CELL_PX, chooseCameraLod, dominantCode, lodDrawn, subsetCameras } from './camera-lod';
import { cameraCellLayers, cellColor, cellRadiusPx, GROUP_WORKING_CLASSES, labelledCells, MAX_COUNT_LABELS } from './layers';
import { tooltipContent } from './picking';
import { padBbox } from './view';

/** A seeded generator (mulberry32), so a failure repeats. */
function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** n cameras scattered over central Thailand, with every status and owner code (and unknown owners). */
function cameras(n: number, seed = 1): CameraArrays {
  const r = rng(seed);
  const c: CameraArrays = {
    count: n,
    ids: new Float64Array(n),
    lon: new Float64Array(n),
    lat: new Float64Array(n),
    direction: new Float32Array(n),
    range: new Float32Array(n),
    fov: new Float32Array(n),
    status: new Uint8Array(n),
    owner: new Uint8Array(n),
    linkage: new Uint8Array(n),
    kind: new Uint8Array(n),
  };
  for (let i = 0; i < n; i++) {
    c.ids[i] = 10_000 + i;
    // Two dense towns and a sparse countryside.
    const town = r();
    if (town < 0.4) {
      c.lon[i] = 100.5 + (r() - 0.5) * 0.1;
      c.lat[i] = 13.75 + (r() - 0.5) * 0.1;
    } else if (town < 0.6) {
      c.lon[i] = 100.45 + (r() - 0.5) * 0.05;
      c.lat[i] = 14.59 + (r() - 0.5) * 0.05;
    } else {
      c.lon[i] = 99 + r() * 3;
      c.lat[i] = 13 + r() * 3;
    }
    c.direction[i] = Math.floor(r() * 360);
    c.range[i] = 20 + Math.floor(r() * 60);
    c.fov[i] = 60;
    c.status[i] = Math.floor(r() * 4);
    c.owner[i] = r() < 0.1 ? UNKNOWN_CODE : Math.floor(r() * 5);
    c.linkage[i] = Math.floor(r() * 2);
    c.kind[i] = Math.floor(r() * 3);
  }
  return c;
}

const inBox = (c: CameraArrays, i: number, b: Bbox) => c.lon[i]! >= b[0] && c.lon[i]! <= b[2] && c.lat[i]! >= b[1] && c.lat[i]! <= b[3];

/** Web Mercator pixels at zoom z (512-px world). */
const px = (lon: number, lat: number, z: number): [number, number] => {
  const s = Math.sin((lat * Math.PI) / 180);
  const w = 512 * 2 ** z;
  return [(lon / 360 + 0.5) * w, (0.5 - Math.log((1 + s) / (1 - s)) / (4 * Math.PI)) * w];
};

describe('camerasIn and subsetCameras', () => {
  it('select exactly the cameras inside the box, every column kept in step', () => {
    const c = cameras(3000);
    const box: Bbox = [100.4, 13.7, 100.55, 13.8];
    const index = camerasIn(c, box);
    const brute = [...Array(c.count).keys()].filter((i) => inBox(c, i, box));
    expect([...index]).toEqual(brute);
    expect(brute.length).toBeGreaterThan(100);
    const sub = subsetCameras(c, index);
    expect(sub.count).toBe(brute.length);
    brute.forEach((i, k) => {
      for (const col of ['ids', 'lon', 'lat', 'direction', 'range', 'fov', 'status', 'owner', 'linkage', 'kind'] as const) expect(sub[col][k]).toBe(c[col][i]);
    });
  });
});

describe('cameraCells', () => {
  it('puts every camera in exactly one group, with its status and owner counted', () => {
    const c = cameras(5000);
    for (const level of [5, 8, 11]) {
      const cells = cameraCells(c, level);
      expect(cells.reduce((s, g) => s + g.count, 0)).toBe(c.count);
      for (const g of cells) {
        expect(g.byStatus.reduce((a, b) => a + b, 0)).toBe(g.count);
        expect(g.byOwner.reduce((a, b) => a + b, 0)).toBe(g.count);
      }
      // The totals per code match the cameras'.
      const statusTotals = [0, 0, 0, 0, 0, 0];
      const ownerTotals = [0, 0, 0, 0, 0, 0];
      for (let i = 0; i < c.count; i++) {
        statusTotals[c.status[i]!]!++;
        ownerTotals[c.owner[i] === UNKNOWN_CODE ? 5 : c.owner[i]!]!++;
      }
      expect(cells.reduce((s, g) => s.map((v, k) => v + g.byStatus[k]!), [0, 0, 0, 0, 0, 0])).toEqual(statusTotals);
      expect(cells.reduce((s, g) => s.map((v, k) => v + g.byOwner[k]!), [0, 0, 0, 0, 0, 0])).toEqual(ownerTotals);
    }
  });

  it('groups cameras of one CELL_PX square of the screen at that zoom, at their mean position', () => {
    const c = cameras(4000, 7);
    const level = 9;
    const cells = cameraCells(c, level);
    // Recompute the grid by brute force in pixels: same groups, same members' mean.
    const groups = new Map<string, number[]>();
    for (let i = 0; i < c.count; i++) {
      const [x, y] = px(c.lon[i]!, c.lat[i]!, level);
      const key = `${Math.floor(x / CELL_PX)},${Math.floor(y / CELL_PX)}`;
      groups.set(key, [...(groups.get(key) ?? []), i]);
    }
    expect(cells.length).toBe(groups.size);
    const byCount = (a: number, b: number) => a - b;
    expect(cells.map((g) => g.count).sort(byCount)).toEqual([...groups.values()].map((m) => m.length).sort(byCount));
    for (const members of groups.values()) {
      const lon = members.reduce((s, i) => s + c.lon[i]!, 0) / members.length;
      const lat = members.reduce((s, i) => s + c.lat[i]!, 0) / members.length;
      const match = cells.find((g) => Math.abs(g.lon - lon) < 1e-9 && Math.abs(g.lat - lat) < 1e-9);
      expect(match?.count).toBe(members.length);
    }
    // Fewer, larger groups further out.
    expect(cameraCells(c, 6).length).toBeLessThan(cameraCells(c, 9).length);
  });

  it('dominantCode names the most common code, unknown as 255, ties to the lower code', () => {
    expect(dominantCode([1, 5, 2, 0, 0, 0])).toBe(1);
    expect(dominantCode([0, 0, 0, 0, 0, 9])).toBe(UNKNOWN_CODE);
    expect(dominantCode([3, 3, 0, 0, 0, 0])).toBe(0);
  });
});

describe('chooseCameraLod', () => {
  const c = cameras(6000, 3);
  const limit = 1000;
  // Around the first town at street level, over central Thailand, and a country-wide view.
  const street = { bbox: [100.49, 13.745, 100.51, 13.755] as Bbox, zoom: 14 };
  const country = { bbox: [96, 5, 106, 21] as Bbox, zoom: 5.6 };

  it('draws every camera when there are no more than the limit', () => {
    const small = cameras(800);
    const a = chooseCameraLod(null, small, country, 1000);
    expect(a.mode).toBe('all');
    expect(lodDrawn(a)).toBe(800);
    expect(chooseCameraLod(a, small, street, 1000)).toBe(a);
  });

  it('draws only the cameras around a zoomed-in view, kept while the view stays in the box', () => {
    const a = chooseCameraLod(null, c, street, limit);
    expect(a.mode).toBe('points');
    if (a.mode !== 'points') return;
    const box = padBbox(street.bbox, 0.25);
    expect(a.box).toEqual(box);
    expect(a.cameras.count).toBe([...Array(c.count).keys()].filter((i) => inBox(c, i, box)).length);
    expect(a.cameras.count).toBeGreaterThan(0);
    expect(a.cameras.count).toBeLessThanOrEqual(limit);
    // A small pan inside the box keeps the same subset (no work, no flicker)…
    const nudged = { bbox: [100.492, 13.746, 100.512, 13.756] as Bbox, zoom: 14 };
    expect(chooseCameraLod(a, c, nudged, limit)).toBe(a);
    // …a pan out of it chooses again.
    const moved = { bbox: [100.52, 13.745, 100.54, 13.755] as Bbox, zoom: 14 };
    const b = chooseCameraLod(a, c, moved, limit);
    expect(b).not.toBe(a);
    expect(b.mode).toBe('points');
  });

  it('groups the cameras when even the view holds more than the limit, per whole zoom level', () => {
    const a = chooseCameraLod(null, c, country, limit);
    expect(a.mode).toBe('cells');
    if (a.mode !== 'cells') return;
    expect(a.level).toBe(5);
    expect(lodDrawn(a)).toBe(0);
    // The country view's box holds every camera: every camera is in a group.
    expect(a.cells.reduce((s, g) => s + g.count, 0)).toBe(c.count);
    // Same whole zoom: the same groups; another zoom: regrouped.
    expect(chooseCameraLod(a, c, { ...country, zoom: 5.9 }, limit)).toBe(a);
    const b = chooseCameraLod(a, c, { bbox: [99, 12, 103, 16], zoom: 7.2 }, limit) as Extract<CameraLod, { mode: 'cells' }>;
    expect(b.mode).toBe('cells');
    expect(b.level).toBe(7);
    expect(b.cells.length).toBeGreaterThan(a.cells.length);
    // Only the cameras of the view's box are grouped (a city zoom would otherwise make a group of
    // nearly every camera of the country).
    const box = padBbox([99, 12, 103, 16], 0.25);
    expect(b.cells.reduce((s, g) => s + g.count, 0)).toBe([...Array(c.count).keys()].filter((i) => inBox(c, i, box)).length);
    expect(b.box).toEqual(box);
    // A pan out of the box at the same zoom groups again.
    const moved = chooseCameraLod(b, c, { bbox: [95, 5, 99, 9], zoom: 7.2 }, limit);
    expect(moved).not.toBe(b);
  });

  it('chooses again when the data change (a new filter)', () => {
    const a = chooseCameraLod(null, c, street, limit);
    const other = cameras(6000, 4);
    const b = chooseCameraLod(a, other, street, limit);
    expect(b.source).toBe(other);
  });
});

describe('grouped cameras on the map', () => {
  const c = cameras(3000, 9);
  const cells = cameraCells(c, 6);

  it('draws a disc per group sized by √count (6–22 px) in its most common colour, counts written on groups of two or more', () => {
    expect(cellRadiusPx(1)).toBeCloseTo(6.6, 5);
    expect(cellRadiusPx(100)).toBe(21);
    expect(cellRadiusPx(100_000)).toBe(22);
    const thai = (n: number) => new Intl.NumberFormat('th-TH-u-nu-thai').format(n);
    const [discs, counts] = cameraCellLayers(cells, 'status', thai, true) as [Layer, Layer];
    expect(discs.id).toBe('camera-cells');
    expect(discs.props.pickable).toBe(true);
    const dp = discs.props as unknown as { data: typeof cells; getFillColor: (g: (typeof cells)[0]) => number[]; getRadius: (g: (typeof cells)[0]) => number };
    for (const g of dp.data) {
      expect(dp.getFillColor(g).slice(0, 3)).toEqual(cellColor(g, 'status'));
      expect(dp.getRadius(g)).toBe(cellRadiusPx(g.count));
    }
    const tp = counts.props as unknown as { data: typeof cells; getText: (g: (typeof cells)[0]) => string };
    expect(tp.data.every((g) => g.count > 1)).toBe(true);
    expect(tp.data.length).toBe(Math.min(MAX_COUNT_LABELS, cells.filter((g) => g.count > 1).length));
    // Many groups: only the largest MAX_COUNT_LABELS are labelled.
    const many = cameraCells(cameras(20_000, 11), 9);
    const labelled = labelledCells(many);
    expect(many.filter((g) => g.count > 1).length).toBeGreaterThan(MAX_COUNT_LABELS);
    expect(labelled).toHaveLength(MAX_COUNT_LABELS);
    const smallest = Math.min(...labelled.map((g) => g.count));
    expect(many.filter((g) => g.count > smallest && !labelled.includes(g))).toEqual([]);
    const big = tp.data.find((g) => g.count >= 10)!;
    expect(tp.getText(big)).toBe(thai(big.count));
    expect(tp.getText(big)).toMatch(/^[๐-๙,]+$/);
    const owner = cameraCellLayers(cells, 'owner', String, false)[0]!.props as unknown as { getFillColor: (g: (typeof cells)[0]) => number[]; visible: boolean };
    expect(owner.visible).toBe(false);
    expect(owner.getFillColor(cells[0]!).slice(0, 3)).toEqual(cellColor(cells[0]!, 'owner'));
    expect(cellColor(cells[0]!, 'owner')).toEqual(ownerColor(dominantCode(cells[0]!.byOwner)));
  });

  it('colours groups by their share of working cameras (a mostly working group with broken ones is not green)', () => {
    const group = (working: number, broken: number) => ({ lon: 0, lat: 0, count: working + broken, byStatus: [working, broken, 0, 0, 0, 0], byOwner: [working + broken, 0, 0, 0, 0, 0] });
    expect(cellColor(group(10, 0), 'status')).toEqual(statusColor(0));
    expect(cellColor(group(9, 1), 'status')).toEqual(statusColor(0));
    expect(cellColor(group(8, 2), 'status')).toEqual(GROUP_WORKING_CLASSES[1]!.color);
    expect(cellColor(group(6, 4), 'status')).toEqual(GROUP_WORKING_CLASSES[2]!.color);
    expect(cellColor(group(4, 6), 'status')).toEqual(statusColor(1));
    expect(cellColor(group(0, 3), 'status')).toEqual(statusColor(1));
    // By owner: the most common owner type.
    expect(cellColor(group(4, 6), 'owner')).toEqual(ownerColor(0));
  });

  it('tells a group’s counts by status and owner in the tooltip, most first, and that a click zooms in', () => {
    const g = { lon: 100.5, lat: 13.7, count: 12, byStatus: [8, 3, 0, 1, 0, 0], byOwner: [0, 0, 10, 0, 0, 2] };
    const tip = tooltipContent(
      { layerId: 'camera-cells', index: 0, object: g },
      { t: (k, p) => translate('en', k, p), lang: 'en', num: String, enums: null, cameras: null, routes: null },
    )!;
    expect(tip.title).toBe('A group of 12 cameras');
    expect(tip.lines[0]).toBe('Working normally 8 · Not working 3 · Damaged – cannot be repaired 1');
    expect(tip.lines[1]).toMatch(new RegExp(` 10 · ${translate('en', 'map.owner.unknown')} 2$`));
    expect(tip.selectable).toBe(true);
    expect(tip.hint).toBe('Click to zoom in');
  });
});
