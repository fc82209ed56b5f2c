/**
 * What the public map (PUBLIC_MAP=on, no account) may show: the layers whose data the API serves
 * to anyone (api/src/app.ts isPublicMapPath) and the filters it can offer. The risk layers, planned
 * sites, camera views, density and footage requests need an account; so does the police stations'
 * list, hence their filter. One place for the map, its legend and the layers panel.
 */
import { useMemo } from 'react';
import { usePublicMap } from '../../auth/AuthGate';
import { useAppState } from '../../state/store';
import type { Filters, LayerId } from '../../state/url';

/** Cameras (/api/map/cameras) and the administrative boundaries (/api/map/boundaries/*). */
export const PUBLIC_LAYERS: readonly LayerId[] = ['boundaries', 'cameras'];

/** The layers of `layers` a visitor may see (all of them with an account). */
export function layersFor(layers: readonly LayerId[], publicMap: boolean): LayerId[] {
  return publicMap ? layers.filter((l) => PUBLIC_LAYERS.includes(l)) : [...layers];
}

/** The filters a visitor can use: all but the police station (its list and outline need an account). */
export function filtersFor(filters: Filters, publicMap: boolean): Filters {
  if (!publicMap || filters.policeStation === undefined) return filters;
  const { policeStation: _, ...rest } = filters;
  return rest;
}

/**
 * Whether this page is the public map, and the layers and filters in effect: the link's own
 * (state.layers, state.filters) narrowed to what a visitor may see. The link keeps the rest, so
 * that after a login the same address shows everything it names.
 */
export function usePublicView(): { publicMap: boolean; layers: readonly LayerId[]; filters: Filters } {
  const publicMap = usePublicMap() !== null;
  const { state } = useAppState();
  // New arrays only when the state's change: the map's memoised layers depend on them.
  const layers = useMemo(() => (publicMap ? layersFor(state.layers, true) : state.layers), [state.layers, publicMap]);
  const filters = useMemo(() => filtersFor(state.filters, publicMap), [state.filters, publicMap]);
  return { publicMap, layers, filters };
}
