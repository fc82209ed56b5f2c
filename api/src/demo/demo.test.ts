import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT_DIR } from '../config.js';
import { PROVINCE_TH } from './angthong-data.js';
import { buildAngThongDemo, planCounts, type DemoGeography } from './angthong.js';
import { area, contains, interiorPoint, lineLengthM, type MultiPolygonCoords, type Position } from './geo.js';
import { Rng } from './random.js';
import { generateSyntheticCameras, type Anchor } from './synthetic.js';

type Feature = { properties: Record<string, string>; geometry: { type: string; coordinates: unknown } };
const features = (file: string) =>
  (JSON.parse(fs.readFileSync(path.join(ROOT_DIR, 'data', 'thailand', file), 'utf8')) as { features: Feature[] }).features;
const multi = (g: Feature['geometry']): MultiPolygonCoords =>
  g.type === 'MultiPolygon' ? (g.coordinates as MultiPolygonCoords) : [g.coordinates as Position[][]];

/** The geography of Ang Thong straight from the GeoJSON files (no database). */
function fileGeography(): DemoGeography {
  const prov = features('provinces.geojson').find((f) => f.properties.pro_code === '15')!;
  const districts = features('districts.geojson')
    .filter((f) => f.properties.ADM1_TH === PROVINCE_TH)
    .map((f) => {
      const a = area(multi(f.geometry));
      return { name_th: f.properties.ADM2_TH!, area: a, centre: interiorPoint(a) };
    });
  const subdistricts = features('subdistricts.geojson')
    .filter((f) => f.properties.ADM1_TH === PROVINCE_TH)
    .map((f) => ({ name_th: f.properties.ADM3_TH!, district_th: f.properties.ADM2_TH!, centre: interiorPoint(area(multi(f.geometry))) }));
  return { province: area(multi(prov.geometry)), districts, subdistricts };
}

const ANCHORS: Anchor[] = [
  { lon: 100.4555, lat: 14.5896, weight: 5 },
  { lon: 100.5018, lat: 13.7563, weight: 10 },
  { lon: 98.9853, lat: 18.7883, weight: 2 },
  { lon: 100.4747, lat: 7.0086, weight: 1 },
];

describe('Rng', () => {
  it('is a pure function of its seed', () => {
    const a = new Rng(42);
    const b = new Rng(42);
    const xs = Array.from({ length: 1000 }, () => a.next());
    expect(Array.from({ length: 1000 }, () => b.next())).toEqual(xs);
    expect(xs.every((x) => x >= 0 && x < 1)).toBe(true);
    expect(new Rng(43).next()).not.toBe(xs[0]);
    const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
    expect(mean).toBeGreaterThan(0.45);
    expect(mean).toBeLessThan(0.55);
  });
});

describe('generateSyntheticCameras', () => {
  it('gives deep-equal rows for the same seed and different rows for another seed', () => {
    const a = generateSyntheticCameras(2000, 7, ANCHORS);
    const b = generateSyntheticCameras(2000, 7, ANCHORS);
    expect(b).toEqual(a);
    expect(JSON.stringify(b)).toBe(JSON.stringify(a));
    const c = generateSyntheticCameras(2000, 8, ANCHORS);
    expect(c).not.toEqual(a);
    expect(c.map((r) => [r.lon, r.lat])).not.toEqual(a.map((r) => [r.lon, r.lat]));
  });

  it('extends a smaller run: the first k rows do not depend on the count', () => {
    expect(generateSyntheticCameras(500, 7, ANCHORS)).toEqual(generateSyntheticCameras(2000, 7, ANCHORS).slice(0, 500));
  });

  it('scatters about a kilometre around weighted anchors, ~85 % working, all marked demo', () => {
    const rows = generateSyntheticCameras(20_000, 3, ANCHORS);
    expect(rows).toHaveLength(20_000);
    expect(new Set(rows.map((r) => r.external_id)).size).toBe(20_000);
    expect(rows.every((r) => r.is_demo)).toBe(true);
    const working = rows.filter((r) => r.status === 'working').length / rows.length;
    expect(working).toBeGreaterThan(0.83);
    expect(working).toBeLessThan(0.87);
    const bangkok = rows.filter((r) => r.anchor === 1).length / rows.length;
    expect(bangkok).toBeGreaterThan(0.5); // weight 10 of 18
    expect(bangkok).toBeLessThan(0.61);
    for (const r of rows.slice(0, 2000)) {
      const a = ANCHORS[r.anchor!]!;
      expect(lineLengthM([[a.lon, a.lat], [r.lon, r.lat]])).toBeLessThan(6000);
    }
    expect(rows.every((r) => r.kind !== 'ptz' || r.direction_deg === null)).toBe(true);
  });

  it('rejects nonsense', () => {
    expect(() => generateSyntheticCameras(-1, 1, ANCHORS)).toThrow();
    expect(() => generateSyntheticCameras(1, 1, [])).toThrow();
    expect(generateSyntheticCameras(0, 1, ANCHORS)).toEqual([]);
  });
});

describe('buildAngThongDemo', () => {
  const geo = fileGeography();
  const plan = buildAngThongDemo(20161213, geo);

  it('is deterministic: same seed → identical plan, another seed → another plan', () => {
    const again = buildAngThongDemo(20161213, geo);
    expect(again).toEqual(plan);
    expect(JSON.stringify(again)).toBe(JSON.stringify(plan));
    const other = buildAngThongDemo(1, geo);
    expect(other.cameras.map((c) => [c.lon, c.lat])).not.toEqual(plan.cameras.map((c) => [c.lon, c.lat]));
    expect(planCounts(other)).toMatchObject({ cameras: 860, working: 734, agencies: 55, agencies_with_cameras: 43 });
  });

  it('reproduces the official Dec 2016 figures', () => {
    const c = planCounts(plan);
    expect(c).toMatchObject({ agencies: 55, agencies_with_cameras: 43, cameras: 860, working: 734 });
    expect(c.not_working! + c.under_repair! + c.beyond_repair!).toBe(126);
    expect(c.not_working).toBeGreaterThan(0);
    expect(c.under_repair).toBeGreaterThan(0);
    expect(c.beyond_repair).toBeGreaterThan(0);
    // District offices: the working points the district offices reported.
    const office = (d: string) => plan.cameras.filter((x) => x.agency_external_id?.startsWith('demo-15-ag-district-office') && x.address?.includes(`อ.${d} `));
    expect(office('แสวงหา')).toHaveLength(8);
    expect(office('แสวงหา').filter((x) => x.status === 'working')).toHaveLength(7);
    expect(office('เมืองอ่างทอง')).toHaveLength(2);
  });

  it('keeps every point inside the province and every camera field filled sensibly', () => {
    const inProv = (p: Position) => contains(geo.province, p[0], p[1]);
    expect(plan.cameras.every((c) => inProv([c.lon, c.lat]))).toBe(true);
    expect(plan.riskPoints.every((r) => inProv([r.lon, r.lat]))).toBe(true);
    expect(plan.plannedSites.every((r) => inProv([r.lon, r.lat]))).toBe(true);
    expect(plan.stations.every((r) => inProv([r.lon, r.lat]))).toBe(true);
    for (const c of plan.cameras) {
      expect(c.year_installed).toBeGreaterThanOrEqual(2008);
      expect(c.year_installed).toBeLessThanOrEqual(2019);
      expect(c.retention_days).toBeGreaterThanOrEqual(7);
      expect(c.retention_days).toBeLessThanOrEqual(30);
      expect(c.phone).toMatch(/^0\d{2}-000-\d{4}$/);
      expect(c.purposes.length).toBeGreaterThan(0);
      expect(c.kind === 'fixed' ? c.direction_deg !== null : true).toBe(true);
      expect(c.status === 'working' ? c.repair_budget_baht === null : c.repair_budget_baht! > 0).toBe(true);
      expect(c.linkage === 'linked' ? !!c.control_centre : !!c.link_requirements).toBe(true);
    }
  });

  it('builds the other tables consistently', () => {
    expect(plan.riskPoints.length).toBeGreaterThanOrEqual(55);
    expect(plan.riskPoints.length).toBeLessThanOrEqual(65);
    expect(plan.riskRoutes).toHaveLength(15);
    for (const r of plan.riskRoutes) {
      expect(r.length_m).toBeGreaterThanOrEqual(2000);
      expect(r.length_m).toBeLessThanOrEqual(12_000);
    }
    expect(plan.plannedSites).toHaveLength(40);
    expect(plan.plannedSites.map((s) => s.priority).sort((a, b) => a - b)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
    expect(plan.plannedSites.every((s) => s.cost_baht >= 50_000 && s.cost_baht <= 2_000_000)).toBe(true);
    expect(new Set(plan.plannedSites.map((s) => s.status)).size).toBe(5);
    expect(plan.footageRequests).toHaveLength(300);
    const status = new Map(plan.cameras.map((c) => [c.external_id, c.status]));
    for (const f of plan.footageRequests) {
      if (f.result === 'camera_broken') expect(status.get(f.camera_external_id)).not.toBe('working');
      if (f.result === 'pending') expect(f.answered_at).toBeNull();
      else expect(f.answered_at! >= f.requested_at).toBe(true);
      expect(f.incident_at <= f.requested_at).toBe(true);
    }
    expect(new Set(plan.problems.map((p) => p.category)).size).toBe(6);
    const laoCameras = plan.cameras.filter((c) => /-(pao|town-angthong|tm-|sao-)/.test(c.agency_external_id ?? ''));
    expect(plan.laoRows.reduce((s, r) => s + r.total, 0)).toBe(laoCameras.length);
    expect(plan.laoRows.every((r) => r.total === r.working + r.under_repair + r.beyond_repair)).toBe(true);
  });
});
