import { describe, expect, it } from 'vitest';
import type { BoundaryCollection, BoundaryFeature } from '../api/map';
import { LABEL_MIN_ZOOM, MAX_LABELS, selectLabels } from './labels';

const feature = (id: number | string, lon: number, lat: number, name_th: string, name_en: string | null = null): BoundaryFeature => ({
  type: 'Feature',
  geometry: null,
  properties: { id, name_th, name_en, province_code: '15', label: [lon, lat] },
});
const fc = (features: BoundaryFeature[]): BoundaryCollection => ({ type: 'FeatureCollection', features });

const provinces = fc([feature('15', 100.35, 14.65, 'อ่างทอง', 'Ang Thong'), feature('14', 100.55, 14.35, 'พระนครศรีอยุธยา', 'Phra Nakhon Si Ayutthaya'), feature('10', 100.5, 13.75, 'กรุงเทพมหานคร', 'Bangkok')]);
const districts = fc([feature(1501, 100.45, 14.59, 'เมืองอ่างทอง', 'Mueang Ang Thong'), feature(1505, 100.42, 14.52, 'ป่าโมก', null)]);
const subdistricts = fc([feature(150101, 100.451, 14.592, 'ตลาดหลวง', 'Talat Luang')]);
const ANG_THONG: [number, number, number, number] = [100.2, 14.4, 100.7, 14.9];
const NO_SPACING = { spacingPx: [0, 0] as [number, number] };

describe('selectLabels', () => {
  it('writes only the areas whose label point is in the viewport', () => {
    const labels = selectLabels({ province: provinces }, { bbox: ANG_THONG, zoom: 9 }, 'th', NO_SPACING);
    expect(labels.map((l) => l.text)).toEqual(['อ่างทอง']);
  });

  it('starts each level at its own zoom: provinces 5, districts 8, subdistricts 12', () => {
    const all = { province: provinces, district: districts, subdistrict: subdistricts };
    const levels = (zoom: number) => [...new Set(selectLabels(all, { bbox: ANG_THONG, zoom }, 'th', NO_SPACING).map((l) => l.level))];
    expect(LABEL_MIN_ZOOM).toEqual({ province: 5, district: 8, subdistrict: 12 });
    expect(levels(4.9)).toEqual([]);
    expect(levels(5)).toEqual(['province']);
    expect(levels(7.99)).toEqual(['province']);
    expect(levels(8)).toEqual(['province', 'district']);
    expect(levels(11.99)).toEqual(['province', 'district']);
    expect(levels(12)).toEqual(['province', 'district', 'subdistrict']);
  });

  it('writes names in the current language; English falls back to Thai', () => {
    const en = selectLabels({ province: provinces, district: districts }, { bbox: ANG_THONG, zoom: 9 }, 'en', NO_SPACING).map((l) => l.text);
    expect(en).toEqual(['Ang Thong', 'Mueang Ang Thong', 'ป่าโมก']);
    const th = selectLabels({ province: provinces, district: districts }, { bbox: ANG_THONG, zoom: 9 }, 'th', NO_SPACING).map((l) => l.text);
    expect(th).toEqual(['อ่างทอง', 'เมืองอ่างทอง', 'ป่าโมก']);
  });

  it('keeps at most the limit, the ones nearest the centre first', () => {
    const many = fc(Array.from({ length: 400 }, (_, i) => feature(i, 100 + (i % 20) * 0.05, 14 + Math.floor(i / 20) * 0.05, `ต${i}`)));
    const bbox: [number, number, number, number] = [99.9, 13.9, 101.1, 15.1];
    const labels = selectLabels({ subdistrict: many }, { bbox, zoom: 12 }, 'th', NO_SPACING);
    expect(labels).toHaveLength(MAX_LABELS);
    const d = (l: { lon: number; lat: number }) => (l.lon - 100.5) ** 2 + (l.lat - 14.5) ** 2;
    const kept = Math.max(...labels.map(d));
    const dropped = many.features.filter((f) => !labels.some((l) => l.key === `subdistrict:${f.properties.id}`)).map((f) => d({ lon: f.properties.label[0], lat: f.properties.label[1] }));
    expect(Math.min(...dropped)).toBeGreaterThanOrEqual(kept);
    expect(selectLabels({ subdistrict: many }, { bbox, zoom: 12 }, 'th', { ...NO_SPACING, limit: 10 })).toHaveLength(10);
  });

  it('skips a label that would sit on one already placed', () => {
    const close = fc([feature(1, 100.45, 14.59, 'หนึ่ง'), feature(2, 100.4501, 14.5901, 'สอง'), feature(3, 100.6, 14.8, 'สาม')]);
    const texts = selectLabels({ district: close }, { bbox: ANG_THONG, zoom: 9 }, 'th').map((l) => l.text);
    expect(texts).toContain('สาม');
    expect(texts.filter((t) => t === 'หนึ่ง' || t === 'สอง')).toHaveLength(1);
  });

  it('ignores features without a usable label point', () => {
    const broken = fc([{ ...feature(1, 0, 0, 'x'), properties: { id: 1, name_th: 'x', name_en: null, province_code: '15', label: [NaN, 14.5] } }]);
    expect(selectLabels({ province: broken }, { bbox: ANG_THONG, zoom: 9 }, 'th')).toEqual([]);
  });
});
