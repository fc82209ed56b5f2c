import type { Layer } from '@deck.gl/core';
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import type { MapViewState } from '../state/url';

/**
 * How panels talk to the map without knowing its internals:
 *  - overlays: deck.gl layers a panel wants drawn above the data layers (a proposed site's view,
 *    a route being drawn), keyed by the panel's id; `null` removes them;
 *  - click handlers: while a panel asks for map clicks (pick a point, draw a route), the most
 *    recently registered handler receives them instead of feature selection; the cursor says so;
 *  - flyTo: move the map (the map registers the implementation);
 *  - dataVersion: bump after a write so the map reloads its data;
 *  - viewBounds: what the map shows (west, south, east, north), set by the map at the end of each move.
 */
export interface MapClick {
  lon: number;
  lat: number;
}

export type Bbox = [number, number, number, number];

export interface MapBridge {
  overlays: readonly Layer[];
  setOverlay: (id: string, layers: readonly Layer[] | null) => void;
  /** The active click handler, if a panel asked for clicks. */
  clickHandler: ((c: MapClick) => void) | null;
  /** Registers (or, with null, removes) the click handler of `id`. */
  setClickHandler: (id: string, handler: ((c: MapClick) => void) | null) => void;
  flyTo: (target: Partial<MapViewState> | { bbox: Bbox }) => void;
  registerFlyTo: (fn: ((target: Partial<MapViewState> | { bbox: Bbox }) => void) | null) => void;
  dataVersion: number;
  /** Tell the map its data changed (after a save, an import, an approval). */
  refresh: () => void;
  /** The map's visible area after its last move; null before the map has loaded. */
  viewBounds: Bbox | null;
  setViewBounds: (b: Bbox | null) => void;
}

const Ctx = createContext<MapBridge | null>(null);

export function MapBridgeProvider({ children }: { children: ReactNode }) {
  const [overlayMap, setOverlayMap] = useState<Record<string, readonly Layer[]>>({});
  const [handlers, setHandlers] = useState<{ id: string; fn: (c: MapClick) => void }[]>([]);
  const [dataVersion, setDataVersion] = useState(0);
  const [viewBounds, setViewBounds] = useState<Bbox | null>(null);
  const fly = useRef<((t: Partial<MapViewState> | { bbox: Bbox }) => void) | null>(null);

  const setOverlay = useCallback((id: string, layers: readonly Layer[] | null) => {
    setOverlayMap((m) => {
      const next = { ...m };
      if (layers && layers.length) next[id] = layers;
      else delete next[id];
      return next;
    });
  }, []);
  const setClickHandler = useCallback((id: string, fn: ((c: MapClick) => void) | null) => {
    setHandlers((hs) => {
      const rest = hs.filter((h) => h.id !== id);
      return fn ? [...rest, { id, fn }] : rest;
    });
  }, []);
  const flyTo = useCallback((t: Partial<MapViewState> | { bbox: Bbox }) => fly.current?.(t), []);
  const registerFlyTo = useCallback((fn: ((t: Partial<MapViewState> | { bbox: Bbox }) => void) | null) => {
    fly.current = fn;
  }, []);
  const refresh = useCallback(() => setDataVersion((v) => v + 1), []);

  const value = useMemo<MapBridge>(
    () => ({
      overlays: Object.keys(overlayMap)
        .sort()
        .flatMap((k) => overlayMap[k]!),
      setOverlay,
      clickHandler: handlers.length ? handlers[handlers.length - 1]!.fn : null,
      setClickHandler,
      flyTo,
      registerFlyTo,
      dataVersion,
      refresh,
      viewBounds,
      setViewBounds,
    }),
    [overlayMap, handlers, setOverlay, setClickHandler, flyTo, registerFlyTo, dataVersion, refresh, viewBounds],
  );
  return <Ctx value={value}>{children}</Ctx>;
}

export function useMapBridge(): MapBridge {
  const v = useContext(Ctx);
  if (!v) throw new Error('useMapBridge() needs a <MapBridgeProvider> above it');
  return v;
}

/** Draws `layers` above the map's data while the calling component is mounted. */
export function useMapOverlay(id: string, layers: readonly Layer[] | null): void {
  const { setOverlay } = useMapBridge();
  useEffect(() => {
    setOverlay(id, layers);
  }, [id, layers, setOverlay]);
  useEffect(() => () => setOverlay(id, null), [id, setOverlay]);
}

/** Receives map clicks while `active` (and the component is mounted). */
export function useMapClick(id: string, handler: (c: MapClick) => void, active: boolean): void {
  const { setClickHandler } = useMapBridge();
  const latest = useRef(handler);
  latest.current = handler;
  useEffect(() => {
    setClickHandler(id, active ? (c) => latest.current(c) : null);
    return () => setClickHandler(id, null);
  }, [id, active, setClickHandler]);
}
