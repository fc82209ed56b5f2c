/**
 * The map's deck.gl layers as pure functions: data and options in, layers out (no fetching, no
 * React), so their colours, sizes and visibility are unit-tested. Order, bottom → top: the filtered
 * area, density, request heat, risk routes (+ gaps), risk points (buffers, then points), camera
 * views, planned sites, cameras, the selection ring; the bridge's overlays go above all of them.
 *
 * Every data layer keeps a stable `id` (the LayerId it belongs to, or `<LayerId>-<part>`) and is
 * always returned when its data exist, with `visible` saying whether it is shown: deck.gl then
 * keeps the GPU buffers of a hidden layer and toggling it back is instant.
 */
import { HeatmapLayer } from '@deck.gl/aggregation-layers';
import type { Layer } from '@deck.gl/core';
import { GeoJsonLayer, PathLayer, ScatterplotLayer, TextLayer } from '@deck.gl/layers';
import type { Feature } from 'geojson';
import type { CameraArrays, RequestPoint } from '../api/map';
import {
  BOUNDARY_COLOR,
  COVERED_COLOR,
  DENSITY_RAMP,
  GAP_COLOR,
  GROUP_WORKING_CLASSES,
  ownerColor,
  ROUTE_COLOR,
  type Rgb,
  SITE_COLOR,
  statusColor,
  UNCOVERED_COLOR,
  UNKNOWN_COLOR,
  VIEW_COLOR,
} from '../panels/layers/colors';
import type { ColorBy, LayerId, Selection } from '../state/url';
import { type CameraCell, dominantCode } from './camera-lod';
import type { AreaFeature, DensityFeature, LonLat, RiskPointResult, RouteWithCoverage, SiteRecord, ViewFeature } from './map-api';

type Rgba = [number, number, number, number];
const rgba = (c: Rgb, a = 255): Rgba => [c[0], c[1], c[2], a];

/** Everything the layers draw; null = not loaded (or the layer is off and was never loaded). */
export interface MapData {
  area: AreaFeature[] | null;
  density: DensityFeature[] | null;
  requests: RequestPoint[] | null;
  routes: RouteWithCoverage[] | null;
  points: RiskPointResult[] | null;
  views: ViewFeature[] | null;
  sites: SiteRecord[] | null;
  cameras: CameraArrays | null;
}

export const NO_DATA: MapData = { area: null, density: null, requests: null, routes: null, points: null, views: null, sites: null, cameras: null };

export interface LayerOptions {
  /** state.layers: the layers the user turned on. */
  shown: readonly LayerId[];
  zoom: number;
  colorBy: ColorBy;
  selected: Selection | null;
  /** False where the heatmap cannot render: the requests are drawn as sized circles instead. */
  heatmap: boolean;
}

/** Camera views are only drawn from this zoom (and only for the viewport). */
export const VIEWS_MIN_ZOOM = 13;

// ---- cameras ------------------------------------------------------------------------------------

/** The binary form of the camera layer's data: positions (lon, lat interleaved) and RGBA colours. */
export interface CameraBinaryData {
  length: number;
  attributes: {
    getPosition: { value: Float64Array; size: 2 };
    /** RGBA bytes, read as 0–1 by the shader (`normalized`, as deck.gl's own colour attributes). */
    getFillColor: { value: Uint8Array; size: 4; normalized: true };
  };
}

/**
 * Typed arrays for a ScatterplotLayer straight from fetchCameras' columns: no object per camera,
 * which is what keeps 100,000 cameras smooth. Colour by status or by owner type (unknown → grey).
 */
export function cameraBinaryData(c: CameraArrays, colorBy: ColorBy): CameraBinaryData {
  const n = c.count;
  const positions = new Float64Array(n * 2);
  const colors = new Uint8Array(n * 4);
  const codes = colorBy === 'owner' ? c.owner : c.status;
  const colorOf = colorBy === 'owner' ? ownerColor : statusColor;
  // Colour per code, computed once (codes are 0..4 or 255).
  const table = new Map<number, Rgb>();
  for (let i = 0; i < n; i++) {
    positions[2 * i] = c.lon[i]!;
    positions[2 * i + 1] = c.lat[i]!;
    const code = codes[i]!;
    let col = table.get(code);
    if (!col) table.set(code, (col = colorOf(code)));
    colors[4 * i] = col[0];
    colors[4 * i + 1] = col[1];
    colors[4 * i + 2] = col[2];
    colors[4 * i + 3] = 255;
  }
  return { length: n, attributes: { getPosition: { value: positions, size: 2 }, getFillColor: { value: colors, size: 4, normalized: true } } };
}

/** Camera dot radius in pixels by zoom: never below 2.5 px so a province-wide view still shows them. */
export function cameraRadiusPx(zoom: number): number {
  if (zoom < 9) return 2.5;
  if (zoom < 12) return 3;
  if (zoom < 15) return 4;
  return 6;
}

export function cameraLayer(data: CameraBinaryData, zoom: number, visible: boolean): ScatterplotLayer {
  return new ScatterplotLayer({
    id: 'cameras',
    data,
    visible,
    pickable: true,
    radiusUnits: 'pixels',
    getRadius: cameraRadiusPx(zoom),
    radiusMinPixels: 2,
    stroked: zoom >= 12,
    lineWidthUnits: 'pixels',
    getLineWidth: 1,
    getLineColor: [255, 255, 255, 220],
  });
}

// ---- grouped cameras (camera-lod.ts) ------------------------------------------------------------

/** A group's disc radius in pixels: √ of its count, from 6 px (one camera) to 22 px (fits CELL_PX = 48). */
export function cellRadiusPx(count: number): number {
  return Math.min(22, 5 + 1.6 * Math.sqrt(count));
}

export { GROUP_WORKING_CLASSES };

/** The share of a group's cameras that work (status code 0). */
export const workingShare = (cell: CameraCell) => cell.byStatus[0]! / cell.count;

/** The group's colour: its working share's class (by status), or its most common owner type (by owner). */
export function cellColor(cell: CameraCell, colorBy: ColorBy): Rgb {
  if (colorBy === 'owner') return ownerColor(dominantCode(cell.byOwner));
  const share = workingShare(cell);
  return GROUP_WORKING_CLASSES.find((c) => share >= c.min)!.color;
}

/**
 * Count labels on at most this many groups, the largest: text is the costly part without a GPU
 * (~700 labels at a city zoom cost ~90 ms a frame in software WebGL; the discs alone ~20 ms).
 */
export const MAX_COUNT_LABELS = 150;

/** The groups that get their count written: two cameras or more, the largest MAX_COUNT_LABELS. */
export function labelledCells(cells: readonly CameraCell[]): CameraCell[] {
  return cells
    .filter((c) => c.count > 1)
    .sort((a, b) => b.count - a.count)
    .slice(0, MAX_COUNT_LABELS);
}

/** Characters the count labels use: Arabic and Thai digits and separators. */
const COUNT_CHARACTERS = '0123456789๐๑๒๓๔๕๖๗๘๙,. '.split('');

/**
 * Grouped cameras: a disc per group sized by its count and coloured by its share of working cameras
 * or its most common owner type, with the count written on the largest groups of two or more (MAX_COUNT_LABELS). `formatCount` formats in the user's
 * digits. Pickable: the tooltip tells the group's counts, a click zooms in (MapView).
 */
export function cameraCellLayers(cells: CameraCell[], colorBy: ColorBy, formatCount: (n: number) => string, visible: boolean): Layer[] {
  return [
    new ScatterplotLayer<CameraCell>({
      id: 'camera-cells',
      data: cells,
      visible,
      pickable: true,
      getPosition: (c) => [c.lon, c.lat],
      radiusUnits: 'pixels',
      getRadius: (c) => cellRadiusPx(c.count),
      getFillColor: (c) => rgba(cellColor(c, colorBy), 225),
      stroked: true,
      lineWidthUnits: 'pixels',
      getLineWidth: 1.5,
      getLineColor: [255, 255, 255, 235],
      updateTriggers: { getFillColor: colorBy },
    }),
    new TextLayer<CameraCell>({
      id: 'camera-cells-count',
      data: labelledCells(cells),
      visible,
      getPosition: (c) => [c.lon, c.lat],
      getText: (c) => formatCount(c.count),
      getSize: 11,
      sizeUnits: 'pixels',
      getColor: [255, 255, 255, 255],
      fontFamily: '"Noto Sans Thai", system-ui, sans-serif',
      fontWeight: 700,
      characterSet: COUNT_CHARACTERS,
      fontSettings: { sdf: true },
      outlineWidth: 3,
      outlineColor: [17, 24, 39, 230],
      updateTriggers: { getText: formatCount },
    }),
  ];
}

// ---- planned sites ------------------------------------------------------------------------------

/** Planned-site status → colour: shades of SITE_COLOR from "not started" (light) to "installed" (dark). */
export const SITE_STATUS_COLORS: Record<string, Rgb> = {
  not_started: mix(SITE_COLOR, [255, 255, 255], 0.55),
  budget_requested: mix(SITE_COLOR, [255, 255, 255], 0.3),
  approved: SITE_COLOR,
  installed: mix(SITE_COLOR, [0, 0, 0], 0.4),
  rejected: UNKNOWN_COLOR,
};

function mix(a: Rgb, b: Rgb, t: number): Rgb {
  return [0, 1, 2].map((i) => Math.round(a[i]! * (1 - t) + b[i]! * t)) as Rgb;
}

export function siteColor(status: string): Rgb {
  return SITE_STATUS_COLORS[status] ?? UNKNOWN_COLOR;
}

export const SITE_MIN_RADIUS_PX = 4;
export const SITE_MAX_RADIUS_PX = 20;

/**
 * Circle radius in pixels on a square-root scale (the circle's area is proportional to the cost),
 * the costliest site of the set at SITE_MAX_RADIUS_PX; no cost, or a tiny one, gets the minimum.
 */
export function siteRadiusPx(costBaht: number | null | undefined, maxCostBaht: number): number {
  if (!costBaht || costBaht <= 0 || !(maxCostBaht > 0)) return SITE_MIN_RADIUS_PX;
  return Math.max(SITE_MIN_RADIUS_PX, SITE_MAX_RADIUS_PX * Math.sqrt(Math.min(1, costBaht / maxCostBaht)));
}

export function siteLayer(sites: SiteRecord[], visible: boolean): ScatterplotLayer<SiteRecord> {
  const maxCost = sites.reduce((m, s) => Math.max(m, s.cost_baht ?? 0), 0);
  return new ScatterplotLayer<SiteRecord>({
    id: 'sites',
    data: sites,
    visible,
    pickable: true,
    radiusUnits: 'pixels',
    getPosition: (s) => s.geometry.coordinates,
    getRadius: (s) => siteRadiusPx(s.cost_baht, maxCost),
    getFillColor: (s) => rgba(siteColor(s.status), 200),
    stroked: true,
    lineWidthUnits: 'pixels',
    getLineWidth: 1.5,
    getLineColor: [255, 255, 255, 255],
  });
}

// ---- risk points and routes ---------------------------------------------------------------------

export function riskPointColor(p: Pick<RiskPointResult, 'covered'>): Rgb {
  return p.covered ? COVERED_COLOR : UNCOVERED_COLOR;
}

/** The buffer (radiusM, metres, translucent) and the point itself, both coloured covered/uncovered. */
export function riskPointLayers(points: RiskPointResult[], visible: boolean): Layer[] {
  return [
    new ScatterplotLayer<RiskPointResult>({
      id: 'riskPoints-buffers',
      data: points,
      visible,
      pickable: true,
      radiusUnits: 'meters',
      getPosition: (p) => p.geometry.coordinates,
      getRadius: (p) => p.radiusM,
      getFillColor: (p) => rgba(riskPointColor(p), 56),
      stroked: true,
      lineWidthUnits: 'pixels',
      getLineWidth: 1.5,
      getLineColor: (p) => rgba(riskPointColor(p), 220),
    }),
    new ScatterplotLayer<RiskPointResult>({
      id: 'riskPoints',
      data: points,
      visible,
      pickable: true,
      radiusUnits: 'pixels',
      getPosition: (p) => p.geometry.coordinates,
      getRadius: 4,
      getFillColor: (p) => rgba(riskPointColor(p)),
      stroked: true,
      lineWidthUnits: 'pixels',
      getLineWidth: 1,
      getLineColor: [255, 255, 255, 255],
    }),
  ];
}

/** Route lines in ROUTE_COLOR with their uncovered stretches (gaps) in GAP_COLOR on top. */
export function riskRouteLayers(routes: RouteWithCoverage[], visible: boolean): Layer[] {
  const gaps = routes.flatMap((r) => r.gaps.features.map((g) => ({ routeId: r.id, path: g.geometry.coordinates, lengthM: g.properties.lengthM })));
  return [
    new PathLayer<RouteWithCoverage>({
      id: 'riskRoutes',
      data: routes,
      visible,
      pickable: true,
      getPath: (r) => r.path,
      getColor: rgba(ROUTE_COLOR, 230),
      widthUnits: 'pixels',
      getWidth: 4,
      widthMinPixels: 2,
      capRounded: true,
      jointRounded: true,
    }),
    new PathLayer<{ routeId: number; path: LonLat[]; lengthM: number }>({
      id: 'riskRoutes-gaps',
      data: gaps,
      visible,
      pickable: true,
      getPath: (g) => g.path,
      getColor: rgba(GAP_COLOR, 255),
      widthUnits: 'pixels',
      getWidth: 5,
      widthMinPixels: 2,
      capRounded: true,
    }),
  ];
}

// ---- density --------------------------------------------------------------------------------------

/**
 * Class limits of cameras per km² (DENSITY_RAMP has one more class than limits): below 0.1, 0.1–0.3,
 * 0.3–1, 1–3, 3–10, 10 and more. Fixed (not quantiles) so the same colour means the same density
 * whatever the filter: from a rural district (~0.1) to a city centre (tens per km²).
 */
export const DENSITY_BREAKS_PER_KM2 = [0.1, 0.3, 1, 3, 10] as const;

/** The DENSITY_RAMP class of a density (null: unknown area → null). */
export function densityClass(perKm2: number | null | undefined): number | null {
  if (perKm2 === null || perKm2 === undefined || !Number.isFinite(perKm2)) return null;
  let k = 0;
  while (k < DENSITY_BREAKS_PER_KM2.length && perKm2 >= DENSITY_BREAKS_PER_KM2[k]!) k++;
  return k;
}

export function densityColor(perKm2: number | null | undefined): Rgba {
  const k = densityClass(perKm2);
  return k === null ? rgba(UNKNOWN_COLOR, 60) : rgba(DENSITY_RAMP[k]!, 170);
}

export function densityLayer(features: DensityFeature[], visible: boolean): GeoJsonLayer {
  return new GeoJsonLayer({
    id: 'density',
    data: features as unknown as Feature[],
    visible,
    pickable: true,
    filled: true,
    stroked: true,
    getFillColor: (f) => densityColor((f.properties as DensityFeature['properties']).camerasPerKm2),
    getLineColor: [255, 255, 255, 200],
    lineWidthUnits: 'pixels',
    getLineWidth: 1,
  });
}

// ---- footage requests -----------------------------------------------------------------------------

/**
 * The request heat: a HeatmapLayer weighted by requests, or — where the browser cannot render it —
 * circles whose area grows with the number of requests.
 */
export function requestLayer(points: RequestPoint[], visible: boolean, heatmap: boolean): Layer {
  if (heatmap) {
    return new HeatmapLayer<RequestPoint>({
      id: 'requests',
      data: points,
      visible,
      pickable: false,
      getPosition: (p) => [p[0], p[1]],
      getWeight: (p) => p[2],
      radiusPixels: 40,
      intensity: 1,
      threshold: 0.05,
      colorRange: DENSITY_RAMP,
    });
  }
  return new ScatterplotLayer<RequestPoint>({
    id: 'requests',
    data: points,
    visible,
    pickable: true,
    radiusUnits: 'pixels',
    getPosition: (p) => [p[0], p[1]],
    getRadius: (p) => requestRadiusPx(p[2]),
    getFillColor: rgba(DENSITY_RAMP[4]!, 150),
    stroked: true,
    lineWidthUnits: 'pixels',
    getLineWidth: 1,
    getLineColor: rgba(DENSITY_RAMP[5]!, 220),
  });
}

/** Fallback circles: 3 px for one request, area proportional to the count, at most 24 px. */
export function requestRadiusPx(requests: number): number {
  return Math.min(24, 3 * Math.sqrt(Math.max(1, requests)));
}

// ---- views and the filtered area ------------------------------------------------------------------

export function viewLayer(views: ViewFeature[], visible: boolean): GeoJsonLayer {
  return new GeoJsonLayer({
    id: 'views',
    data: views as unknown as Feature[],
    visible,
    pickable: true,
    filled: true,
    stroked: true,
    getFillColor: rgba(VIEW_COLOR, 46),
    getLineColor: rgba(VIEW_COLOR, 150),
    lineWidthUnits: 'pixels',
    getLineWidth: 1,
  });
}

export function areaLayer(features: AreaFeature[], visible: boolean): GeoJsonLayer {
  return new GeoJsonLayer({
    id: 'boundaries',
    data: features.filter((f) => f.geometry) as unknown as Feature[],
    visible,
    pickable: false,
    filled: true,
    stroked: true,
    getFillColor: rgba(BOUNDARY_COLOR, 20),
    getLineColor: rgba(BOUNDARY_COLOR, 235),
    lineWidthUnits: 'pixels',
    getLineWidth: 3,
  });
}

// ---- selection ------------------------------------------------------------------------------------

/** Where the selected feature is drawn, if its data are loaded. */
export function selectionGeometry(data: MapData, selected: Selection | null): { point?: LonLat; path?: LonLat[] } | null {
  if (!selected) return null;
  const { kind, id } = selected;
  if (kind === 'camera' && data.cameras) {
    const c = data.cameras;
    for (let i = 0; i < c.count; i++) if (c.ids[i] === id) return { point: [c.lon[i]!, c.lat[i]!] };
  }
  if (kind === 'site') {
    const s = data.sites?.find((x) => x.id === id);
    if (s) return { point: s.geometry.coordinates };
  }
  if (kind === 'riskPoint') {
    const p = data.points?.find((x) => x.id === id);
    if (p) return { point: p.geometry.coordinates };
  }
  if (kind === 'riskRoute') {
    const r = data.routes?.find((x) => x.id === id);
    if (r) return { path: r.path };
  }
  return null;
}

/** The focus colour (--focus): the selection ring. */
export const SELECTION_COLOR: Rgb = [245, 158, 11];

export function selectionLayers(data: MapData, selected: Selection | null): Layer[] {
  const g = selectionGeometry(data, selected);
  if (!g) return [];
  if (g.path) {
    return [
      new PathLayer<LonLat[]>({
        id: 'selection',
        data: [g.path],
        getPath: (p) => p,
        getColor: rgba(SELECTION_COLOR, 200),
        widthUnits: 'pixels',
        getWidth: 10,
        capRounded: true,
        jointRounded: true,
      }),
    ];
  }
  return [
    new ScatterplotLayer<LonLat>({
      id: 'selection',
      data: [g.point!],
      getPosition: (p) => p,
      radiusUnits: 'pixels',
      getRadius: 11,
      filled: false,
      stroked: true,
      lineWidthUnits: 'pixels',
      getLineWidth: 3,
      getLineColor: rgba(SELECTION_COLOR),
    }),
  ];
}

// ---- all together ---------------------------------------------------------------------------------

/** The cameras as drawn (camera-lod.ts): one by one (`points`, memoised) or grouped (`cells`). */
export interface CameraDraw {
  points: CameraBinaryData | null;
  cells?: { cells: CameraCell[]; formatCount: (n: number) => string } | null;
}

/**
 * The map's layers in drawing order. `cameras.points` is the memoised cameraBinaryData of the
 * cameras drawn one by one (rebuilt only when they or the colouring change); `cameras.cells` the
 * groups drawn instead when there are too many (camera-lod.ts).
 */
export function buildLayers(data: MapData, opts: LayerOptions, cameras: CameraDraw | null, overlays: readonly Layer[] = []): Layer[] {
  const on = (id: LayerId) => opts.shown.includes(id);
  const out: Layer[] = [];
  if (data.area) out.push(areaLayer(data.area, on('boundaries')));
  if (data.density) out.push(densityLayer(data.density, on('density')));
  if (data.requests) out.push(requestLayer(data.requests, on('requests'), opts.heatmap));
  if (data.routes) out.push(...riskRouteLayers(data.routes, on('riskRoutes')));
  if (data.points) out.push(...riskPointLayers(data.points, on('riskPoints')));
  if (data.views) out.push(viewLayer(data.views, on('views') && opts.zoom >= VIEWS_MIN_ZOOM));
  if (data.sites) out.push(siteLayer(data.sites, on('sites')));
  if (cameras?.points) out.push(cameraLayer(cameras.points, opts.zoom, on('cameras')));
  if (cameras?.cells) out.push(...cameraCellLayers(cameras.cells.cells, opts.colorBy, cameras.cells.formatCount, on('cameras')));
  out.push(...selectionLayers(data, opts.selected));
  out.push(...overlays);
  return out;
}

/** How many cameras the map shows, one by one or in groups (0 while the camera layer is off). */
export function camerasDrawn(data: MapData, shown: readonly LayerId[]): number {
  return shown.includes('cameras') && data.cameras ? data.cameras.count : 0;
}
