/**
 * The built-in offline basemap: a sea-coloured background and our own boundaries (GeoJSON from
 * /api/map/boundaries) as land fill and outlines. No glyphs, no sprites, no tiles: nothing leaves
 * the origin. Area names are DOM labels (labels.ts), because MapLibre cannot shape Thai offline.
 */
import type { FillLayerSpecification, LineLayerSpecification, StyleSpecification } from 'maplibre-gl';
import type { BoundaryLevel } from '../api/map';

export interface BasemapPalette {
  sea: string;
  land: string;
  province: string;
  district: string;
  subdistrict: string;
}

export const LIGHT_PALETTE: BasemapPalette = { sea: '#cfe3f3', land: '#f6f4ee', province: '#5b6577', district: '#8d97a8', subdistrict: '#b9c1cd' };
export const DARK_PALETTE: BasemapPalette = { sea: '#0c1626', land: '#1d2738', province: '#a9b6c9', district: '#6f7d92', subdistrict: '#4a5668' };

/** From which zoom each level's outlines are drawn (and loaded). */
export const BOUNDARY_MIN_ZOOM: Record<BoundaryLevel, number> = { province: 0, district: 7, subdistrict: 11 };

/** Source id of a level's GeoJSON. */
export const sourceId = (level: BoundaryLevel) => `atlas-${level}`;

/** The offline style itself: only the sea; land and outlines come as sources the map fills in. */
export function offlineStyle(p: BasemapPalette): StyleSpecification {
  return {
    version: 8,
    name: 'cctv-atlas offline',
    sources: {},
    layers: [{ id: 'atlas-background', type: 'background', paint: { 'background-color': p.sea } }],
  };
}

type NoSource<T> = Omit<T, 'source'>;
export type BoundaryLayerSpec = NoSource<FillLayerSpecification> | NoSource<LineLayerSpecification>;

/** Land fill under everything (offline only: a configured style has its own land). */
export function landLayer(p: BasemapPalette): NoSource<FillLayerSpecification> {
  return { id: 'atlas-land', type: 'fill', paint: { 'fill-color': p.land, 'fill-antialias': false } };
}

/** Outline widths by level: provinces widest; each level from its own zoom. */
export function outlineLayer(level: BoundaryLevel, p: BasemapPalette, visible: boolean): NoSource<LineLayerSpecification> {
  const common = { id: `atlas-${level}-line`, type: 'line' as const, minzoom: BOUNDARY_MIN_ZOOM[level], layout: { visibility: visible ? ('visible' as const) : ('none' as const), 'line-join': 'round' as const } };
  if (level === 'province') {
    return { ...common, paint: { 'line-color': p.province, 'line-width': ['interpolate', ['linear'], ['zoom'], 4, 0.8, 8, 1.6, 12, 2.6] } };
  }
  if (level === 'district') {
    return { ...common, paint: { 'line-color': p.district, 'line-width': ['interpolate', ['linear'], ['zoom'], 7, 0.5, 10, 1, 14, 1.6] } };
  }
  return {
    ...common,
    paint: { 'line-color': p.subdistrict, 'line-width': ['interpolate', ['linear'], ['zoom'], 11, 0.4, 14, 0.9, 17, 1.4], 'line-dasharray': [3, 2] },
  };
}

/** The few style calls the boundaries need (MapLibre and Mapbox maps both have them). */
export interface StyleTarget {
  addSource(id: string, source: { type: 'geojson'; data: unknown }): unknown;
  getSource(id: string): unknown;
  addLayer(layer: Record<string, unknown>, beforeId?: string): unknown;
  getLayer(id: string): unknown;
  setLayoutProperty(layer: string, name: string, value: unknown): unknown;
}

const EMPTY = { type: 'FeatureCollection', features: [] } as const;
export const BOUNDARY_LEVELS: readonly BoundaryLevel[] = ['province', 'district', 'subdistrict'];

/**
 * Adds the three boundary sources (empty) and their layers in a fixed order — land, subdistrict,
 * district, province outlines — once the style is loaded. `land`: fill the provinces (offline style).
 */
export function installBoundaries(map: StyleTarget, p: BasemapPalette, land: boolean, adminLines: boolean): void {
  for (const level of BOUNDARY_LEVELS) if (!map.getSource(sourceId(level))) map.addSource(sourceId(level), { type: 'geojson', data: EMPTY });
  const layers: [BoundaryLevel, BoundaryLayerSpec][] = [
    ...(land ? ([['province', landLayer(p)]] as [BoundaryLevel, BoundaryLayerSpec][]) : []),
    ['subdistrict', outlineLayer('subdistrict', p, adminLines)],
    ['district', outlineLayer('district', p, adminLines)],
    ['province', outlineLayer('province', p, true)],
  ];
  for (const [level, spec] of layers) if (!map.getLayer(spec.id)) map.addLayer({ ...spec, source: sourceId(level) });
}

export function setBoundaryData(map: StyleTarget, level: BoundaryLevel, data: unknown): void {
  const src = map.getSource(sourceId(level)) as { setData?: (d: unknown) => void } | undefined;
  src?.setData?.(data ?? EMPTY);
}

/** District and subdistrict outlines follow the 'boundaries' layer switch; provinces always show. */
export function setAdminLinesVisible(map: StyleTarget, visible: boolean): void {
  for (const level of ['district', 'subdistrict'] as const) {
    const id = `atlas-${level}-line`;
    if (map.getLayer(id)) map.setLayoutProperty(id, 'visibility', visible ? 'visible' : 'none');
  }
}
