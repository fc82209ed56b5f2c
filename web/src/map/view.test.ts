import { describe, expect, it } from 'vitest';
import type { Bbox } from '../api/map';
import { bboxContains, completeView, FIT_PADDING, initialView, padBbox, sameView, THAILAND_BBOX } from './view';

const THAILAND: Bbox = [97.34, 5.61, 105.64, 20.46];
const ANG_THONG: Bbox = [100.19, 14.44, 100.55, 14.86];

describe('initialView', () => {
  it("uses the link's view when there is one, whatever the data", () => {
    const v = initialView({ lon: 100.45, lat: 14.6, zoom: 11 }, { demo: { province: '15', bbox: ANG_THONG }, thailandBbox: THAILAND });
    expect(v).toEqual({ source: 'link', state: { longitude: 100.45, latitude: 14.6, zoom: 11 } });
  });

  it('fits the demo province when the demo is loaded', () => {
    const v = initialView(null, { demo: { province: '15', bbox: ANG_THONG }, thailandBbox: THAILAND });
    expect(v).toEqual({ source: 'demo', state: { bounds: [[100.19, 14.44], [100.55, 14.86]], fitBoundsOptions: { padding: FIT_PADDING } } });
  });

  it('fits Thailand without demo data', () => {
    const v = initialView(null, { demo: null, thailandBbox: THAILAND });
    expect(v.source).toBe('country');
    expect(v.state).toEqual({ bounds: [[97.34, 5.61], [105.64, 20.46]], fitBoundsOptions: { padding: FIT_PADDING } });
  });

  it('falls back to the built-in Thailand box when the config could not be read', () => {
    const v = initialView(null, null);
    expect(v.source).toBe('country');
    expect(v.state).toMatchObject({ bounds: [[THAILAND_BBOX[0], THAILAND_BBOX[1]], [THAILAND_BBOX[2], THAILAND_BBOX[3]]] });
  });
});

describe('view helpers', () => {
  it('treats views equal below the precision the link keeps', () => {
    expect(sameView({ lon: 100.45, lat: 14.6, zoom: 11 }, { lon: 100.450001, lat: 14.600001, zoom: 11.001 })).toBe(true);
    expect(sameView({ lon: 100.45, lat: 14.6, zoom: 11 }, { lon: 100.46, lat: 14.6, zoom: 11 })).toBe(false);
    expect(sameView({ lon: 100.45, lat: 14.6, zoom: 11 }, { lon: 100.45, lat: 14.6, zoom: 11.5 })).toBe(false);
    expect(sameView(null, null)).toBe(true);
    expect(sameView(null, { lon: 0, lat: 0, zoom: 1 })).toBe(false);
  });

  it('pads a bbox on every side and knows what it contains', () => {
    const b: Bbox = [100, 14, 101, 15];
    const p = padBbox(b, 0.5);
    expect(p).toEqual([99.5, 13.5, 101.5, 15.5]);
    expect(bboxContains(p, b)).toBe(true);
    expect(bboxContains(b, p)).toBe(false);
    expect(padBbox([-179, -84, 179, 84], 1)).toEqual([-180, -85, 180, 85]);
  });

  it('completes a partial flyTo target from the current view', () => {
    expect(completeView({ zoom: 15 }, { lon: 100, lat: 14, zoom: 9 })).toEqual({ lon: 100, lat: 14, zoom: 15 });
    expect(completeView({ lon: 101, lat: 15 }, { lon: 100, lat: 14, zoom: 9 })).toEqual({ lon: 101, lat: 15, zoom: 9 });
  });
});
