/**
 * What the legend shows for each layer, in the current colouring: one place for the layer
 * toggles' swatches and the map's legend, so they never disagree with colors.ts.
 */
import { OWNER_CODES, STATUS_CODES } from '../../api/map';
import type { MessageKey } from '../../i18n';
import { type ColorBy, LAYERS, type LayerId } from '../../state/url';
import {
  BOUNDARY_COLOR,
  COVERED_COLOR,
  DENSITY_RAMP,
  GAP_COLOR,
  GROUP_WORKING_CLASSES,
  OWNER_COLORS,
  ROUTE_COLOR,
  type Rgb,
  SITE_COLOR,
  STATUS_COLORS,
  UNCOVERED_COLOR,
  UNKNOWN_COLOR,
  VIEW_COLOR,
} from './colors';
import type { SwatchShape } from './Swatch';

export interface LegendItem {
  /** Stable id for tests: '<layer>-<code>'. */
  id: string;
  label: MessageKey;
  shape: SwatchShape;
  colors: Rgb[];
  /** For ramps: the words at either end. */
  ends?: [MessageKey, MessageKey];
}

export interface LegendSection {
  layer: LayerId;
  title: MessageKey;
  items: LegendItem[];
}

function cameraItems(colorBy: ColorBy): LegendItem[] {
  if (colorBy === 'owner') {
    return [
      ...OWNER_CODES.map((o): LegendItem => ({ id: `cameras-${o}`, label: `map.owner.${o}`, shape: 'dot', colors: [OWNER_COLORS[o]] })),
      { id: 'cameras-unknown', label: 'map.owner.unknown', shape: 'dot', colors: [UNKNOWN_COLOR] },
    ];
  }
  return STATUS_CODES.map((s): LegendItem => ({ id: `cameras-${s}`, label: `map.status.${s}`, shape: 'dot', colors: [STATUS_COLORS[s]] }));
}

/** The legend of one layer. */
export function legendSection(layer: LayerId, colorBy: ColorBy): LegendSection {
  switch (layer) {
    case 'cameras':
      return { layer, title: colorBy === 'owner' ? 'map.legend.cameras.owner' : 'map.legend.cameras.status', items: cameraItems(colorBy) };
    case 'riskPoints':
      return {
        layer,
        title: 'map.legend.riskPoints',
        items: [
          { id: 'riskPoints-covered', label: 'map.legend.covered', shape: 'diamond', colors: [COVERED_COLOR] },
          { id: 'riskPoints-uncovered', label: 'map.legend.uncovered', shape: 'diamond', colors: [UNCOVERED_COLOR] },
        ],
      };
    case 'riskRoutes':
      return {
        layer,
        title: 'map.legend.riskRoutes',
        items: [
          { id: 'riskRoutes-route', label: 'map.legend.route', shape: 'line', colors: [ROUTE_COLOR] },
          { id: 'riskRoutes-gap', label: 'map.legend.gap', shape: 'dashed', colors: [GAP_COLOR] },
        ],
      };
    case 'sites':
      return { layer, title: 'map.legend.sites', items: [{ id: 'sites-site', label: 'map.legend.sites', shape: 'square', colors: [SITE_COLOR] }] };
    case 'views':
      return { layer, title: 'map.legend.views', items: [{ id: 'views-view', label: 'map.legend.views', shape: 'cone', colors: [VIEW_COLOR] }] };
    case 'boundaries':
      return {
        layer,
        title: 'map.legend.boundaries',
        items: [{ id: 'boundaries-line', label: 'map.legend.boundaries', shape: 'outline', colors: [BOUNDARY_COLOR] }],
      };
    case 'density':
    case 'requests':
      return {
        layer,
        title: layer === 'density' ? 'map.legend.density' : 'map.legend.requests',
        items: [{ id: `${layer}-ramp`, label: layer === 'density' ? 'map.legend.density' : 'map.legend.requests', shape: 'ramp', colors: DENSITY_RAMP, ends: ['map.legend.low', 'map.legend.high'] }],
      };
  }
}

/**
 * What the groups of cameras mean, when the map groups them (too many to draw one by one): by
 * status, the share of a group's cameras that work; by owner, its most common owner type; the size
 * says how many.
 */
export function groupItems(colorBy: ColorBy): LegendItem[] {
  if (colorBy === 'owner') return [{ id: 'cameras-groups', label: 'map.legend.groups.owner', shape: 'dot', colors: [OWNER_COLORS.local_administration] }];
  return [{ id: 'cameras-groups', label: 'map.legend.groups.working', shape: 'ramp', colors: GROUP_WORKING_CLASSES.map((c) => c.color), ends: ['map.legend.groups.high', 'map.legend.groups.low'] }];
}

/**
 * The sections for the layers that are on, top layer first (cameras), as the layer list reads;
 * with `groupedCameras` the cameras' section also says what the groups mean.
 */
export function legendSections(layers: readonly LayerId[], colorBy: ColorBy, opts: { groupedCameras?: boolean } = {}): LegendSection[] {
  return [...LAYERS]
    .reverse()
    .filter((l) => layers.includes(l))
    .map((l) => {
      const s = legendSection(l, colorBy);
      return l === 'cameras' && opts.groupedCameras ? { ...s, items: [...s.items, ...groupItems(colorBy)] } : s;
    });
}

/** The single swatch beside a layer's toggle. */
export function layerSwatch(layer: LayerId, colorBy: ColorBy): { shape: SwatchShape; colors: Rgb[] } {
  const s = legendSection(layer, colorBy);
  if (layer === 'cameras') return { shape: 'dot', colors: s.items.map((i) => i.colors[0]!) };
  if (layer === 'riskPoints') return { shape: 'diamond', colors: [COVERED_COLOR, UNCOVERED_COLOR] };
  const first = s.items[0]!;
  return { shape: first.shape, colors: first.colors };
}
