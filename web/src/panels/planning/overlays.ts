/**
 * deck.gl overlays of the planning panel: data in, layers out. View cones come from the analysis
 * engine's View.ring() (the same geometry the server analyses), so what is drawn is what counts.
 */
import type { Layer } from '@deck.gl/core';
import { PathLayer, PolygonLayer, ScatterplotLayer, TextLayer } from '@deck.gl/layers';
import { View, type CameraInput } from '../../../../api/src/analysis/index.js';
import type { CandidateKind, CandidateView, LonLat, NewlyCovered } from '../../api/planning';

type Rgba = [number, number, number, number];
const SITE: Rgba = [11, 83, 148, 255];
const REPAIR: Rgba = [180, 83, 9, 255];
const COVERED: Rgba = [30, 123, 52, 230];
const PROPOSED: Rgba = [124, 58, 237, 255];
const HIGHLIGHT: Rgba = [245, 158, 11, 255];
const WHITE: Rgba = [255, 255, 255, 255];

const alpha = (c: Rgba, a: number): Rgba => [c[0], c[1], c[2], a];

/** One chosen candidate as drawn: its rank, position, view and the route stretches it newly covers. */
export interface ChosenItem {
  id: string;
  rank: number;
  kind: CandidateKind;
  lon: number;
  lat: number;
  view: CandidateView;
  lines: (readonly (readonly [number, number])[])[];
}

export function chosenItem(c: { id: string; rank: number; kind: CandidateKind; lon: number; lat: number; view: CandidateView; newlyCovered: NewlyCovered }): ChosenItem {
  return { id: c.id, rank: c.rank, kind: c.kind, lon: c.lon, lat: c.lat, view: c.view, lines: c.newlyCovered.routes.flatMap((r) => r.lines) };
}

/** The view polygon of a candidate's stored view (defaults already filled by the server). */
export function viewRing(id: string | number, lon: number, lat: number, v: CandidateView): [number, number][] {
  return View.of({ id, lon, lat, directionDeg: v.directionDeg, fovDeg: v.fovDeg, rangeM: v.rangeM }).ring(64);
}

/** Chosen candidates numbered by rank, their views, the stretches they newly cover, the selected one ringed. */
export function chosenLayers(items: readonly ChosenItem[], selected: string | null): Layer[] {
  if (!items.length) return [];
  const views = items.map((c) => ({ id: c.id, kind: c.kind, polygon: viewRing(c.id, c.lon, c.lat, c.view) }));
  const stretches = items.flatMap((c) => c.lines.map((path) => ({ id: c.id, path })));
  const sel = items.filter((c) => c.id === selected);
  const layers: Layer[] = [
    new PolygonLayer<(typeof views)[number]>({
      id: 'planning-views',
      data: views,
      getPolygon: (d) => d.polygon,
      getFillColor: (d) => alpha(d.kind === 'site' ? SITE : REPAIR, 50),
      getLineColor: (d) => alpha(d.kind === 'site' ? SITE : REPAIR, 200),
      lineWidthMinPixels: 1,
      pickable: false,
    }),
    new PathLayer<(typeof stretches)[number]>({
      id: 'planning-stretches',
      data: stretches,
      getPath: (d) => d.path as [number, number][], // deck.gl only reads the positions
      getColor: COVERED,
      widthUnits: 'pixels',
      getWidth: 5,
      capRounded: true,
      jointRounded: true,
    }),
    new ScatterplotLayer<ChosenItem>({
      id: 'planning-chosen',
      data: items as ChosenItem[],
      getPosition: (d) => [d.lon, d.lat],
      radiusUnits: 'pixels',
      getRadius: 11,
      getFillColor: (d) => (d.kind === 'site' ? SITE : REPAIR),
      stroked: true,
      getLineColor: WHITE,
      lineWidthMinPixels: 2,
    }),
    new TextLayer<ChosenItem>({
      id: 'planning-ranks',
      data: items as ChosenItem[],
      getPosition: (d) => [d.lon, d.lat],
      getText: (d) => String(d.rank),
      getSize: 12,
      getColor: WHITE,
      fontWeight: 700,
      getTextAnchor: 'middle',
      getAlignmentBaseline: 'center',
    }),
  ];
  if (sel.length) {
    layers.push(
      new ScatterplotLayer<ChosenItem>({
        id: 'planning-selected',
        data: sel,
        getPosition: (d) => [d.lon, d.lat],
        radiusUnits: 'pixels',
        getRadius: 18,
        filled: false,
        stroked: true,
        getLineColor: HIGHLIGHT,
        lineWidthMinPixels: 4,
      }),
    );
  }
  return layers;
}

/** Proposed sites of the what-if: their views and markers; the active one highlighted. */
export function proposalLayers(cams: readonly (CameraInput & { active?: boolean })[]): Layer[] {
  if (!cams.length) return [];
  const views = cams.map((c) => ({ id: c.id, active: Boolean(c.active), polygon: View.of(c).ring(64) }));
  return [
    new PolygonLayer<(typeof views)[number]>({
      id: 'planning-add-views',
      data: views,
      getPolygon: (d) => d.polygon,
      getFillColor: (d) => alpha(PROPOSED, d.active ? 80 : 50),
      getLineColor: (d) => (d.active ? HIGHLIGHT : alpha(PROPOSED, 220)),
      lineWidthMinPixels: 2,
      updateTriggers: { getFillColor: views.map((v) => v.active).join(), getLineColor: views.map((v) => v.active).join() },
    }),
    new ScatterplotLayer<(typeof cams)[number]>({
      id: 'planning-add-sites',
      data: cams as (typeof cams)[number][],
      getPosition: (d) => [d.lon, d.lat],
      radiusUnits: 'pixels',
      getRadius: 8,
      getFillColor: PROPOSED,
      stroked: true,
      getLineColor: (d) => (d.active ? HIGHLIGHT : WHITE),
      lineWidthMinPixels: 2,
      updateTriggers: { getLineColor: cams.map((c) => Boolean(c.active)).join() },
    }),
  ];
}
