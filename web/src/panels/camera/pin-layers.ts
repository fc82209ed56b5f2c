import type { Layer } from '@deck.gl/core';
import { PolygonLayer, ScatterplotLayer } from '@deck.gl/layers';
import { View } from '../../../../api/src/analysis/index.js';

export interface PinInput {
  lon: number;
  lat: number;
  kind?: 'fixed' | 'dome' | 'ptz' | null;
  directionDeg?: number | null;
  fovDeg?: number | null;
  rangeM?: number | null;
  resolution?: string | null;
  /** While the user picks on the map the pin is drawn larger, as something to move. */
  picking?: boolean;
}

const ACCENT: [number, number, number] = [11, 83, 148];
const FOCUS: [number, number, number] = [245, 158, 11];
const WHITE: [number, number, number] = [255, 255, 255];

/**
 * The camera being edited, drawn above the data: its view (sector or circle, the same defaults the
 * coverage engine fills for a missing direction, field of view or range) and a pin at its position.
 */
export function pinLayers(p: PinInput): Layer[] {
  const view = View.of({ id: 'camera-pin', lon: p.lon, lat: p.lat, kind: p.kind ?? 'fixed', directionDeg: p.directionDeg, fovDeg: p.fovDeg, rangeM: p.rangeM, resolution: p.resolution });
  const line = p.picking ? FOCUS : WHITE;
  return [
    new PolygonLayer<{ ring: [number, number][] }>({
      id: 'camera-pin-view',
      data: [{ ring: view.ring(64) }],
      getPolygon: (d) => d.ring,
      getFillColor: [...ACCENT, 56],
      getLineColor: [...ACCENT, 220],
      lineWidthUnits: 'pixels',
      getLineWidth: 2,
      stroked: true,
      filled: true,
      pickable: false,
    }),
    new ScatterplotLayer<{ position: [number, number] }>({
      id: 'camera-pin-point',
      data: [{ position: [p.lon, p.lat] }],
      getPosition: (d) => d.position,
      radiusUnits: 'pixels',
      getRadius: p.picking ? 11 : 8,
      getFillColor: [...ACCENT, 255],
      getLineColor: [...line, 255],
      lineWidthUnits: 'pixels',
      getLineWidth: 3,
      stroked: true,
      filled: true,
      pickable: false,
    }),
  ];
}
