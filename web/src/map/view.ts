/** The map's view: where it opens, and small bbox helpers for viewport-bound loading. */
import type { Bbox, MapConfig } from '../api/map';
import type { MapViewState } from '../state/url';

/** Thailand (the API's default BOUNDS), used when even /api/map/config cannot be read. */
export const THAILAND_BBOX: Bbox = [97.3, 5.6, 105.7, 20.5];

/** Padding around a fitted bbox, pixels. */
export const FIT_PADDING = 32;

export type InitialViewState =
  | { longitude: number; latitude: number; zoom: number }
  | { bounds: [[number, number], [number, number]]; fitBoundsOptions: { padding: number } };

/** Where the map opens and why ('link': the link's view; 'demo': the demo province; 'country'). */
export function initialView(view: MapViewState | null, config: Pick<MapConfig, 'demo' | 'thailandBbox'> | null): { source: 'link' | 'demo' | 'country'; state: InitialViewState } {
  if (view) return { source: 'link', state: { longitude: view.lon, latitude: view.lat, zoom: view.zoom } };
  const demo = config?.demo?.bbox;
  const bbox = demo ?? config?.thailandBbox ?? THAILAND_BBOX;
  return { source: demo ? 'demo' : 'country', state: { bounds: toBounds(bbox), fitBoundsOptions: { padding: FIT_PADDING } } };
}

export function toBounds(b: Bbox): [[number, number], [number, number]] {
  return [
    [b[0], b[1]],
    [b[2], b[3]],
  ];
}

/** Whether two views differ by less than what the URL keeps (5 decimals, 2 for zoom). */
export function sameView(a: MapViewState | null, b: MapViewState | null): boolean {
  if (!a || !b) return a === b;
  return Math.abs(a.lon - b.lon) < 2e-5 && Math.abs(a.lat - b.lat) < 2e-5 && Math.abs(a.zoom - b.zoom) < 0.02;
}

/** The bbox grown by `f` of its size on every side (0.5: twice as wide and high), clamped to the world. */
export function padBbox(b: Bbox, f: number): Bbox {
  const dx = (b[2] - b[0]) * f;
  const dy = (b[3] - b[1]) * f;
  return [Math.max(-180, b[0] - dx), Math.max(-85, b[1] - dy), Math.min(180, b[2] + dx), Math.min(85, b[3] + dy)];
}

export function bboxContains(outer: Bbox, inner: Bbox): boolean {
  return inner[0] >= outer[0] && inner[1] >= outer[1] && inner[2] <= outer[2] && inner[3] <= outer[3];
}

/** The view a flyTo target asks for, completed from the current view. */
export function completeView(target: Partial<MapViewState>, current: MapViewState): MapViewState {
  return { lon: target.lon ?? current.lon, lat: target.lat ?? current.lat, zoom: target.zoom ?? current.zoom };
}
