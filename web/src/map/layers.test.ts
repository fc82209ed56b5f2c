import type { Layer } from '@deck.gl/core';
import { describe, expect, it } from 'vitest';
import { type CameraArrays, UNKNOWN_CODE } from '../api/map';
import { COVERED_COLOR, DENSITY_RAMP, OWNER_COLORS, SITE_COLOR, STATUS_COLORS, UNCOVERED_COLOR, UNKNOWN_COLOR } from '../panels/layers/colors';
import { LAYERS, type LayerId } from '../state/url';
import {
  buildLayers,
  cameraBinaryData,
  cameraLayer,
  cameraRadiusPx,
  camerasDrawn,
  densityClass,
  densityColor,
  type LayerOptions,
  type MapData,
  NO_DATA,
  requestLayer,
  riskPointColor,
  selectionGeometry,
  SITE_MAX_RADIUS_PX,
  SITE_MIN_RADIUS_PX,
  siteColor,
  siteRadiusPx,
  VIEWS_MIN_ZOOM,
} from './layers';
import type { RiskPointResult, RouteWithCoverage, SiteRecord, ViewFeature } from './map-api';

/** Cameras as fetchCameras returns them: status codes 0..3, owner codes with one unknown. */
function cameras(n: number): CameraArrays {
  const c: CameraArrays = {
    count: n,
    ids: new Float64Array(n),
    lon: new Float64Array(n),
    lat: new Float64Array(n),
    direction: new Float32Array(n).fill(NaN),
    range: new Float32Array(n).fill(NaN),
    fov: new Float32Array(n).fill(NaN),
    status: new Uint8Array(n),
    owner: new Uint8Array(n),
    linkage: new Uint8Array(n),
    kind: new Uint8Array(n),
  };
  for (let i = 0; i < n; i++) {
    c.ids[i] = 1000 + i;
    c.lon[i] = 100.4 + i * 0.001;
    c.lat[i] = 14.5 + i * 0.002;
    c.status[i] = i % 4;
    c.owner[i] = i === n - 1 ? UNKNOWN_CODE : i % 5;
  }
  return c;
}

const site = (id: number, cost: number | null, status = 'approved'): SiteRecord => ({
  id,
  place_name: `site ${id}`,
  status,
  cost_baht: cost,
  camera_count: 2,
  priority: null,
  geometry: { type: 'Point', coordinates: [100.45, 14.6] },
});

const point = (id: number, covered: boolean): RiskPointResult => ({
  id,
  external_id: null,
  name: `p${id}`,
  category: 'robbery',
  weight: 1,
  radiusM: 50,
  covered,
  coveredFraction: covered ? 0.5 : 0,
  coveredBy: [],
  geometry: { type: 'Point', coordinates: [100.41 + id / 1000, 14.6] },
});

const route: RouteWithCoverage = {
  id: 7,
  external_id: null,
  name: 'r7',
  category: 'escape_route',
  weight: 1,
  lengthM: 1000,
  coveredM: 400,
  coveredFraction: 0.4,
  longestGapM: 600,
  path: [
    [100.4, 14.6],
    [100.41, 14.6],
  ],
  gaps: {
    type: 'FeatureCollection',
    features: [{ type: 'Feature', geometry: { type: 'LineString', coordinates: [[100.404, 14.6], [100.41, 14.6]] }, properties: { routeId: 7, lengthM: 600, fromM: 400, toM: 1000 } }],
  },
};

const view: ViewFeature = {
  type: 'Feature',
  id: 1000,
  geometry: { type: 'Polygon', coordinates: [[[100.4, 14.5], [100.401, 14.5], [100.4, 14.501], [100.4, 14.5]]] },
  properties: { camera_id: 1000, status: 'working', kind: 'fixed', place_name: 'x', range_m: 38, fov_deg: 90, direction_deg: 0, circle: false },
};

const FULL: MapData = {
  area: [{ type: 'Feature', geometry: { type: 'Polygon', coordinates: [[[100, 14], [101, 14], [101, 15], [100, 14]]] }, properties: {} }],
  density: [],
  requests: [[100.45, 14.6, 3]],
  routes: [route],
  points: [point(1, true), point(2, false)],
  views: [view],
  sites: [site(1, 100_000), site(2, 400_000, 'installed')],
  cameras: cameras(10),
};

/** A layer's props without deck.gl's per-layer typing (the tests read accessors and units). */
const props = (l: Layer) => l.props as unknown as Record<string, unknown>;

const opts = (o: Partial<LayerOptions> = {}): LayerOptions => ({ shown: [...LAYERS], zoom: 14, colorBy: 'status', selected: null, heatmap: true, ...o });

describe('camera binary attributes', () => {
  it('has count × 2 positions and count × 4 colour bytes, lon/lat interleaved', () => {
    const c = cameras(10);
    const d = cameraBinaryData(c, 'status');
    expect(d.length).toBe(10);
    expect(d.attributes.getPosition.size).toBe(2);
    expect(d.attributes.getPosition.value).toBeInstanceOf(Float64Array);
    expect(d.attributes.getPosition.value).toHaveLength(20);
    expect(d.attributes.getFillColor.size).toBe(4);
    expect(d.attributes.getFillColor.normalized).toBe(true);
    expect(d.attributes.getFillColor.value).toBeInstanceOf(Uint8Array);
    expect(d.attributes.getFillColor.value).toHaveLength(40);
    expect([...d.attributes.getPosition.value.slice(6, 8)]).toEqual([c.lon[3], c.lat[3]]);
  });

  it('colours by status: camera i gets STATUS_COLORS of its code, opaque', () => {
    const d = cameraBinaryData(cameras(8), 'status');
    const rgba = (i: number) => [...d.attributes.getFillColor.value.slice(4 * i, 4 * i + 4)];
    expect(rgba(0)).toEqual([...STATUS_COLORS.working, 255]);
    expect(rgba(1)).toEqual([...STATUS_COLORS.not_working, 255]);
    expect(rgba(2)).toEqual([...STATUS_COLORS.under_repair, 255]);
    expect(rgba(7)).toEqual([...STATUS_COLORS.beyond_repair, 255]);
  });

  it('colours by owner type, unknown owner grey', () => {
    const d = cameraBinaryData(cameras(8), 'owner');
    const rgb = (i: number) => [...d.attributes.getFillColor.value.slice(4 * i, 4 * i + 3)];
    expect(rgb(0)).toEqual(OWNER_COLORS.government);
    expect(rgb(3)).toEqual(OWNER_COLORS.private);
    expect(rgb(4)).toEqual(OWNER_COLORS.other);
    expect(rgb(7)).toEqual(UNKNOWN_COLOR);
  });

  it('handles 100,000 cameras in well under a frame budget per rebuild', () => {
    const c = cameras(100_000);
    const t0 = performance.now();
    const d = cameraBinaryData(c, 'owner');
    const ms = performance.now() - t0;
    expect(d.attributes.getPosition.value).toHaveLength(200_000);
    expect(d.attributes.getFillColor.value).toHaveLength(400_000);
    expect(ms).toBeLessThan(200);
  });

  it('draws cameras as pixels, never smaller than 2 px, larger when zoomed in', () => {
    expect(cameraRadiusPx(5)).toBeGreaterThanOrEqual(2);
    expect(cameraRadiusPx(16)).toBeGreaterThan(cameraRadiusPx(10));
    const l = cameraLayer(cameraBinaryData(cameras(3), 'status'), 10, true);
    expect(props(l).radiusUnits).toBe('pixels');
    expect(l.props.radiusMinPixels).toBeGreaterThanOrEqual(2);
    expect(props(l).getRadius).toBe(cameraRadiusPx(10));
    expect(l.props.pickable).toBe(true);
  });
});

describe('planned sites', () => {
  it('sizes circles on a square-root scale of cost: 4× the cost, 2× the radius', () => {
    expect(siteRadiusPx(1_000_000, 1_000_000)).toBe(SITE_MAX_RADIUS_PX);
    expect(siteRadiusPx(250_000, 1_000_000)).toBeCloseTo(SITE_MAX_RADIUS_PX / 2, 9);
    expect(siteRadiusPx(null, 1_000_000)).toBe(SITE_MIN_RADIUS_PX);
    expect(siteRadiusPx(0, 1_000_000)).toBe(SITE_MIN_RADIUS_PX);
    expect(siteRadiusPx(1, 1_000_000)).toBe(SITE_MIN_RADIUS_PX);
    expect(siteRadiusPx(500, 0)).toBe(SITE_MIN_RADIUS_PX);
  });

  it('colours by status, approved in SITE_COLOR, the rest distinct shades', () => {
    expect(siteColor('approved')).toEqual(SITE_COLOR);
    const all = ['not_started', 'budget_requested', 'approved', 'installed', 'rejected'].map((s) => siteColor(s).join());
    expect(new Set(all).size).toBe(5);
    expect(siteColor('nonsense')).toEqual(UNKNOWN_COLOR);
  });

  it('the layer scales by the costliest site of the set', () => {
    const layers = buildLayers({ ...NO_DATA, sites: [site(1, 100_000), site(2, 400_000, 'installed')] }, opts(), null);
    const l = layers.find((x) => x.id === 'sites')!;
    const getRadius = props(l).getRadius as (s: SiteRecord) => number;
    const getFill = props(l).getFillColor as (s: SiteRecord) => number[];
    expect(getRadius(site(1, 400_000))).toBe(SITE_MAX_RADIUS_PX);
    expect(getRadius(site(1, 100_000))).toBeCloseTo(SITE_MAX_RADIUS_PX / 2, 9);
    expect(getFill(site(2, 1, 'approved')).slice(0, 3)).toEqual(SITE_COLOR);
  });
});

describe('risk points, routes, density, requests', () => {
  it('colours points and buffers covered / uncovered; buffers in metres of radiusM', () => {
    expect(riskPointColor({ covered: true })).toEqual(COVERED_COLOR);
    expect(riskPointColor({ covered: false })).toEqual(UNCOVERED_COLOR);
    const layers = buildLayers({ ...NO_DATA, points: [point(1, true), point(2, false)] }, opts(), null);
    const buffers = layers.find((l) => l.id === 'riskPoints-buffers')!;
    expect(props(buffers).radiusUnits).toBe('meters');
    expect((props(buffers).getRadius as (p: RiskPointResult) => number)(point(1, true))).toBe(50);
    const fill = props(buffers).getFillColor as (p: RiskPointResult) => number[];
    expect(fill(point(1, true)).slice(0, 3)).toEqual(COVERED_COLOR);
    expect(fill(point(2, false)).slice(0, 3)).toEqual(UNCOVERED_COLOR);
    expect(fill(point(2, false))[3]).toBeLessThan(128); // translucent
  });

  it('draws every route and, on top, one path per gap', () => {
    const layers = buildLayers({ ...NO_DATA, routes: [route] }, opts(), null);
    const ids = layers.map((l) => l.id);
    expect(ids.indexOf('riskRoutes')).toBeLessThan(ids.indexOf('riskRoutes-gaps'));
    const gaps = layers.find((l) => l.id === 'riskRoutes-gaps')!;
    expect(gaps.props.data).toEqual([{ routeId: 7, path: route.gaps.features[0]!.geometry.coordinates, lengthM: 600 }]);
  });

  it('classes density per km² into the ramp, unknown areas grey', () => {
    expect(densityClass(0)).toBe(0);
    expect(densityClass(0.1)).toBe(1);
    expect(densityClass(0.5)).toBe(2);
    expect(densityClass(2.9)).toBe(3);
    expect(densityClass(9.99)).toBe(4);
    expect(densityClass(250)).toBe(5);
    expect(densityClass(null)).toBeNull();
    expect(densityColor(5).slice(0, 3)).toEqual(DENSITY_RAMP[4]);
    expect(densityColor(null).slice(0, 3)).toEqual(UNKNOWN_COLOR);
  });

  it('draws requests as a weighted heatmap, or as sized circles when heat cannot render', () => {
    const heat = requestLayer([[100, 14, 9]], true, true);
    expect(heat.constructor.name).toBe('HeatmapLayer');
    expect((heat.props as unknown as { getWeight: (p: number[]) => number }).getWeight([100, 14, 9])).toBe(9);
    const dots = requestLayer([[100, 14, 9]], true, false);
    expect(dots.constructor.name).toBe('ScatterplotLayer');
    const r = dots.props as unknown as { getRadius: (p: number[]) => number };
    expect(r.getRadius([0, 0, 4])).toBeCloseTo(2 * r.getRadius([0, 0, 1]), 9);
  });
});

describe('buildLayers', () => {
  it('stacks the layers bottom → top in the documented order, overlays last', () => {
    const overlay = requestLayer([], true, false).clone({ id: 'panel-overlay' });
    const ids = buildLayers(FULL, opts(), { points: cameraBinaryData(FULL.cameras!, 'status') }, [overlay]).map((l) => l.id);
    expect(ids).toEqual([
      'boundaries',
      'density',
      'requests',
      'riskRoutes',
      'riskRoutes-gaps',
      'riskPoints-buffers',
      'riskPoints',
      'views',
      'sites',
      'cameras',
      'panel-overlay',
    ]);
  });

  it('shows a layer only when its id is in state.layers', () => {
    const shown: LayerId[] = ['cameras', 'riskPoints'];
    const layers = buildLayers(FULL, opts({ shown }), { points: cameraBinaryData(FULL.cameras!, 'status') });
    const visible = Object.fromEntries(layers.map((l) => [l.id, l.props.visible]));
    expect(visible).toEqual({
      boundaries: false,
      density: false,
      requests: false,
      riskRoutes: false,
      'riskRoutes-gaps': false,
      'riskPoints-buffers': true,
      riskPoints: true,
      views: false,
      sites: false,
      cameras: true,
    });
  });

  it('shows camera views only from zoom 13', () => {
    const at = (zoom: number) => buildLayers(FULL, opts({ zoom }), null).find((l) => l.id === 'views')!.props.visible;
    expect(at(VIEWS_MIN_ZOOM - 0.01)).toBe(false);
    expect(at(VIEWS_MIN_ZOOM)).toBe(true);
    expect(at(18)).toBe(true);
  });

  it('counts the cameras drawn only while their layer is on', () => {
    expect(camerasDrawn(FULL, ['cameras'])).toBe(10);
    expect(camerasDrawn(FULL, ['sites'])).toBe(0);
    expect(camerasDrawn(NO_DATA, ['cameras'])).toBe(0);
  });

  it('rings the selected camera, site or point and traces the selected route', () => {
    expect(selectionGeometry(FULL, { kind: 'camera', id: 1003 })).toEqual({ point: [FULL.cameras!.lon[3], FULL.cameras!.lat[3]] });
    expect(selectionGeometry(FULL, { kind: 'riskRoute', id: 7 })).toEqual({ path: route.path });
    expect(selectionGeometry(FULL, { kind: 'camera', id: 5 })).toBeNull();
    const ids = buildLayers(FULL, opts({ selected: { kind: 'site', id: 2 } }), null).map((l) => l.id);
    expect(ids[ids.length - 1]).toBe('selection');
  });
});
