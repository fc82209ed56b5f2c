/**
 * deck.gl overlays of the police panel: the point or route being drawn, its coverage once drawn
 * (the buffer green when a camera sees the point, red when not; the route green with its gaps red),
 * and the risk item chosen in the lists.
 */
import type { Layer } from '@deck.gl/core';
import { PathLayer, PolygonLayer, ScatterplotLayer } from '@deck.gl/layers';
import { View, type Gap, type PointResult, type RouteResult } from '../../../../api/src/analysis/index.js';
import type { DrawState, LonLat } from './draw';

type Rgba = [number, number, number, number];
const DRAW: Rgba = [11, 83, 148, 255];
const OK: Rgba = [30, 123, 52, 255];
const BAD: Rgba = [180, 35, 24, 255];
const HIGHLIGHT: Rgba = [245, 158, 11, 255];
const WHITE: Rgba = [255, 255, 255, 255];
const alpha = (c: Rgba, a: number): Rgba => [c[0], c[1], c[2], a];

/** A circle of `radiusM` around a position (the engine's full-circle view, so metres are the engine's). */
export function circleRing(lon: number, lat: number, radiusM: number): [number, number][] {
  return View.of({ id: 'circle', lon, lat, fovDeg: 360, rangeM: radiusM }).ring(64);
}

export interface DrawnCoverage {
  point?: PointResult;
  route?: RouteResult;
}

export function drawingLayers(s: DrawState, cov: DrawnCoverage): Layer[] {
  if (s.mode === 'route' && s.vertices.length) {
    return [
      new PathLayer<{ path: LonLat[] }>({ id: 'police-drawing', data: [{ path: s.vertices }], getPath: (d) => d.path, getColor: DRAW, widthUnits: 'pixels', getWidth: 4 }),
      new ScatterplotLayer<LonLat>({ id: 'police-vertices', data: s.vertices, getPosition: (d) => d, radiusUnits: 'pixels', getRadius: 5, getFillColor: WHITE, stroked: true, getLineColor: DRAW, lineWidthMinPixels: 2 }),
    ];
  }
  if (s.mode !== 'done') return [];
  if (s.kind === 'point') {
    const colour = cov.point ? (cov.point.covered ? OK : BAD) : DRAW;
    const layers: Layer[] = [];
    if (cov.point) {
      layers.push(
        new PolygonLayer<{ polygon: [number, number][] }>({
          id: 'police-buffer',
          data: [{ polygon: circleRing(s.point[0], s.point[1], cov.point.radiusM) }],
          getPolygon: (d) => d.polygon,
          getFillColor: alpha(colour, 45),
          getLineColor: colour,
          lineWidthMinPixels: 2,
          updateTriggers: { getFillColor: colour.join(), getLineColor: colour.join() },
        }),
      );
    }
    layers.push(new ScatterplotLayer<LonLat>({ id: 'police-drawn', data: [s.point], getPosition: (d) => d, radiusUnits: 'pixels', getRadius: 8, getFillColor: colour, stroked: true, getLineColor: WHITE, lineWidthMinPixels: 2, updateTriggers: { getFillColor: colour.join() } }));
    return layers;
  }
  const gaps: Gap[] = cov.route?.gaps ?? [];
  return [
    new PathLayer<{ path: LonLat[] }>({ id: 'police-drawn', data: [{ path: s.line }], getPath: (d) => d.path, getColor: cov.route ? OK : DRAW, widthUnits: 'pixels', getWidth: 6, updateTriggers: { getColor: Boolean(cov.route) } }),
    new PathLayer<Gap>({ id: 'police-gaps', data: gaps, getPath: (g) => g.coordinates, getColor: BAD, widthUnits: 'pixels', getWidth: 6 }),
    new ScatterplotLayer<LonLat>({ id: 'police-vertices', data: s.line, getPosition: (d) => d, radiusUnits: 'pixels', getRadius: 4, getFillColor: WHITE, stroked: true, getLineColor: DRAW, lineWidthMinPixels: 2 }),
  ];
}

/** The risk item chosen in the lists: a ring round a point, or the route with its gaps in red. */
export function selectedLayers(sel: { kind: 'point'; lon: number; lat: number } | { kind: 'route'; line: LonLat[] | null; gaps: LonLat[][] } | null): Layer[] {
  if (!sel) return [];
  if (sel.kind === 'point') {
    return [new ScatterplotLayer<LonLat>({ id: 'police-selected', data: [[sel.lon, sel.lat]], getPosition: (d) => d, radiusUnits: 'pixels', getRadius: 16, filled: false, stroked: true, getLineColor: HIGHLIGHT, lineWidthMinPixels: 4 })];
  }
  const layers: Layer[] = [];
  if (sel.line) layers.push(new PathLayer<{ path: LonLat[] }>({ id: 'police-selected', data: [{ path: sel.line }], getPath: (d) => d.path, getColor: HIGHLIGHT, widthUnits: 'pixels', getWidth: 9 }));
  layers.push(new PathLayer<{ path: LonLat[] }>({ id: 'police-selected-gaps', data: sel.gaps.map((path) => ({ path })), getPath: (d) => d.path, getColor: BAD, widthUnits: 'pixels', getWidth: 5 }));
  return layers;
}
