import type { Layer, PickingInfo } from '@deck.gl/core';
import { MapboxOverlay } from '@deck.gl/mapbox';
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import type { MapLayerMouseEvent, MapRef } from 'react-map-gl/maplibre';
import { type Bbox, type BoundaryCollection, cameraParams, type CameraArrays, fetchBoundaries, fetchCameras, fetchMapConfig, fetchRequestPoints, type MapConfig } from '../api/map';
import { isMessageKey } from '../i18n';
import { useI18n } from '../i18n/react';
import { Legend } from '../panels/layers/Legend';
import { usePublicView } from '../panels/layers/public-layers';
import { useAppState } from '../state/store';
import type { LayerId } from '../state/url';
import { useMapBridge } from './bridge';
import {
  DARK_PALETTE,
  installBoundaries,
  LIGHT_PALETTE,
  offlineStyle,
  setAdminLinesVisible,
  setBoundaryData,
  type StyleTarget,
} from './basemap';
import { DetailPanel } from './DetailPanel';
import { maplibreKit, type MapKit } from './kit-maplibre';
import { selectLabels } from './labels';
import { type CameraCell, type CameraLod, chooseCameraLod, lodDrawn } from './camera-lod';
import { buildLayers, cameraBinaryData, camerasDrawn, type MapData, VIEWS_MIN_ZOOM } from './layers';
import { fetchDensity, fetchEnumLabels, fetchFilteredArea, fetchRecord, fetchRiskPoints, fetchRoutes, fetchSites, fetchViews } from './map-api';
import { type Pick, selectionFromPick, tooltipContent } from './picking';
import { Tooltip } from './Tooltip';
import { useFetch } from './use-fetch';
import { bboxContains, completeView, FIT_PADDING, initialView, padBbox, sameView, toBounds } from './view';
import './map.css';

declare global {
  interface Window {
    /**
     * For end-to-end tests and debugging only: the map instance (read the viewport, project a
     * coordinate, jumpTo) and the deck.gl overlay (pickObject). Nothing in the app reads it.
     */
    __atlasMap?: { map: unknown; deck: MapboxOverlay | null };
  }
}

/** Districts load a little before their outlines show (zoom 7), subdistricts before 11. */
const DISTRICTS_FROM_ZOOM = 6.5;
const SUBDISTRICTS_FROM_ZOOM = 10.5;
/** Cameras drawn one by one at most, until /api/map/config says (MAP_CAMERA_POINT_LIMIT). */
const DEFAULT_POINT_LIMIT = 2_000;

/** Mapbox's default basemap when a token is set without a style. */
const MAPBOX_DEFAULT_STYLE = 'mapbox://styles/mapbox/light-v11';

interface Viewport {
  bbox: Bbox;
  zoom: number;
}

/**
 * The map: an offline MapLibre basemap of our own boundaries (or a configured style, or Mapbox with
 * a token), the data layers drawn by deck.gl in an overlay, area names as DOM labels, a hover
 * tooltip, and the selected record's details. Its container carries data-ready (style loaded and
 * cameras drawn) and data-camera-count for tests.
 *
 * On the public map (PUBLIC_MAP=on, no account) it loads only what the API serves to anyone: the
 * cameras' binary arrays, the boundaries and the enum labels (public-layers.ts). A camera's
 * tooltip and details then come from those arrays alone, never from its record.
 */
export function MapView() {
  const { t } = useI18n();
  const config = useFetch('config', fetchMapConfig);
  const wantMapbox = Boolean(config.data?.mapboxToken);
  const [mapboxKit, setMapboxKit] = useState<MapKit | null>(null);
  const [kitError, setKitError] = useState<Error | null>(null);
  useEffect(() => {
    if (!wantMapbox) return;
    let live = true;
    import('./kit-mapbox')
      .then((m) => live && setMapboxKit(m.mapboxKit))
      .catch((e: unknown) => live && setKitError(e instanceof Error ? e : new Error(String(e))));
    return () => {
      live = false;
    };
  }, [wantMapbox]);

  const settled = config.data !== null || config.error !== null;
  const kit = wantMapbox ? mapboxKit : maplibreKit;
  if (!settled || !kit) {
    const error = kitError ?? null;
    return (
      <div className="mapview" data-testid="map" data-ready="false" data-camera-count="0">
        {error ? (
          <p className="mapview-banner mapview-error" role="alert">
            {t('map.error', { message: error.message })}
          </p>
        ) : (
          <p className="mapview-banner" role="status">
            {t('map.loading')}
          </p>
        )}
      </div>
    );
  }
  return <MapCanvas kit={kit} config={config.data} configError={config.error} />;
}

function prefersDark(): boolean {
  return typeof window.matchMedia === 'function' && window.matchMedia('(prefers-color-scheme: dark)').matches;
}

function prefersReducedMotion(): boolean {
  return typeof window.matchMedia === 'function' && window.matchMedia('(prefers-reduced-motion: reduce)').matches;
}

function MapCanvas({ kit, config, configError }: { kit: MapKit; config: MapConfig | null; configError: Error | null }) {
  const { t, lang, num } = useI18n();
  const { state, setView, select } = useAppState();
  const { overlays, clickHandler, dataVersion, registerFlyTo, refresh, setViewBounds } = useMapBridge();
  // The link's layers and filters, narrowed to the public ones on the public map.
  const { publicMap, layers: shown, filters } = usePublicView();
  const on = (id: LayerId) => shown.includes(id);

  const mapRef = useRef<MapRef>(null);
  const overlayRef = useRef<MapboxOverlay | null>(null);
  const lastView = useRef(state.view);
  /** The views the map itself reported (readViewport): never moved back to, however late React renders them. */
  const reportedViews = useRef(new WeakSet<object>());
  const [styleLoaded, setStyleLoaded] = useState(false);
  const [viewport, setViewport] = useState<Viewport | null>(null);
  const [hover, setHover] = useState<(Pick & { x: number; y: number }) | null>(null);
  const [heatmap, setHeatmap] = useState(true);
  /** The basemap's own failures (a configured style or Mapbox unreachable). */
  const [mapError, setMapError] = useState<Error | null>(null);

  // Fixed for the map's life: a new style object would wipe the boundary layers added below.
  const [palette] = useState(() => (prefersDark() ? DARK_PALETTE : LIGHT_PALETTE));
  const offline = !config?.basemapStyleUrl && !config?.mapboxToken;
  const [mapStyle] = useState(() => config?.basemapStyleUrl ?? (config?.mapboxToken ? MAPBOX_DEFAULT_STYLE : offlineStyle(palette)));
  const [initial] = useState(() => initialView(state.view, config).state);

  // ---- data ----------------------------------------------------------------------------------
  const areaKey = `${filters.province ?? ''}|${filters.district ?? ''}|${filters.policeStation ?? ''}|${dataVersion}`;
  const cameraKey = on('cameras') ? `${cameraParams(filters).toString()}|${dataVersion}` : null;
  const cameras = useFetch<CameraArrays>(cameraKey, (s) => fetchCameras(filters, s));
  const points = useFetch(on('riskPoints') ? areaKey : null, (s) => fetchRiskPoints(filters, s));
  const routes = useFetch(on('riskRoutes') ? areaKey : null, (s) => fetchRoutes(filters, s));
  const sites = useFetch(on('sites') ? areaKey : null, (s) => fetchSites(filters, s));
  const density = useFetch(on('density') ? areaKey : null, (s) => fetchDensity(filters, s));
  const requests = useFetch(on('requests') ? areaKey : null, (s) => fetchRequestPoints(filters, s));
  const hasArea = Boolean(filters.province || filters.district || filters.policeStation);
  const area = useFetch(on('boundaries') && hasArea ? areaKey : null, (s) => fetchFilteredArea(filters, s));
  const enums = useFetch('meta', fetchEnumLabels);

  // Viewport-bound data: loaded for a box larger than the view, again only when the view leaves it.
  const zoom = viewport?.zoom ?? 0;
  const [viewsBox, setViewsBox] = useState<Bbox | null>(null);
  const [subBox, setSubBox] = useState<Bbox | null>(null);
  useEffect(() => {
    if (!viewport) return;
    const timer = window.setTimeout(() => {
      if (viewport.zoom >= VIEWS_MIN_ZOOM && on('views')) setViewsBox((b) => (b && bboxContains(b, viewport.bbox) ? b : roundBox(padBbox(viewport.bbox, 0.5))));
      if (viewport.zoom >= SUBDISTRICTS_FROM_ZOOM) setSubBox((b) => (b && bboxContains(b, viewport.bbox) ? b : roundBox(padBbox(viewport.bbox, 0.5))));
    }, 250);
    return () => window.clearTimeout(timer);
  }, [viewport, shown]);
  const viewsOn = on('views') && zoom >= VIEWS_MIN_ZOOM && viewsBox !== null;
  const views = useFetch(viewsOn ? `${areaKey}|${viewsBox!.join(',')}` : null, (s) => fetchViews(filters, viewsBox!, s));

  const provinces = useFetch<BoundaryCollection>('province', (s) => fetchBoundaries('province', {}, s));
  const [districtsWanted, setDistrictsWanted] = useState(false);
  if (!districtsWanted && zoom >= DISTRICTS_FROM_ZOOM) setDistrictsWanted(true);
  const districts = useFetch<BoundaryCollection>(districtsWanted ? 'district' : null, (s) => fetchBoundaries('district', {}, s));
  const subdistricts = useFetch<BoundaryCollection>(subBox ? `subdistrict|${subBox.join(',')}` : null, (s) => fetchBoundaries('subdistrict', { bbox: subBox! }, s));

  // ---- the basemap's boundaries ----------------------------------------------------------------
  const styleTarget = useCallback(() => (styleLoaded ? (mapRef.current?.getMap() as unknown as StyleTarget | undefined) : undefined), [styleLoaded]);
  useEffect(() => {
    const m = styleTarget();
    if (m) setBoundaryData(m, 'province', provinces.data);
  }, [styleTarget, provinces.data]);
  useEffect(() => {
    const m = styleTarget();
    if (m) setBoundaryData(m, 'district', districts.data);
  }, [styleTarget, districts.data]);
  useEffect(() => {
    const m = styleTarget();
    if (m) setBoundaryData(m, 'subdistrict', subdistricts.data);
  }, [styleTarget, subdistricts.data]);
  const adminLines = on('boundaries');
  useEffect(() => {
    const m = styleTarget();
    if (m) setAdminLinesVisible(m, adminLines);
  }, [styleTarget, adminLines]);

  const labels = useMemo(
    () => (viewport ? selectLabels({ province: provinces.data, district: districts.data, subdistrict: subdistricts.data }, viewport, lang) : []),
    [viewport, provinces.data, districts.data, subdistricts.data, lang],
  );

  // ---- deck.gl layers ----------------------------------------------------------------------------
  const data: MapData = useMemo(
    () => ({
      area: area.data,
      density: density.data,
      requests: requests.data,
      routes: routes.data,
      points: points.data,
      views: views.data?.features ?? null,
      sites: sites.data,
      cameras: cameras.data,
    }),
    [area.data, density.data, requests.data, routes.data, points.data, views.data, sites.data, cameras.data],
  );
  // Cameras one by one, only those around the view, or in groups (camera-lod.ts); redone at the end of each move.
  const pointLimit = config?.cameraPointLimit ?? DEFAULT_POINT_LIMIT;
  const lodRef = useRef<CameraLod | null>(null);
  const lod = useMemo(() => (lodRef.current = cameras.data ? chooseCameraLod(lodRef.current, cameras.data, viewport, pointLimit) : null), [cameras.data, viewport, pointLimit]);
  /** The cameras drawn one by one: pick indices refer to these. */
  const drawnCameras = lod && lod.mode !== 'cells' ? lod.cameras : null;
  const cameraData = useMemo(() => (drawnCameras ? cameraBinaryData(drawnCameras, state.colorBy) : null), [drawnCameras, state.colorBy]);
  const cells = useMemo(() => (lod?.mode === 'cells' ? { cells: lod.cells, formatCount: num } : null), [lod, num]);
  const layers = useMemo(
    () => buildLayers(data, { shown, zoom, colorBy: state.colorBy, selected: state.selected, heatmap }, { points: cameraData, cells }, overlays),
    [data, shown, zoom, state.colorBy, state.selected, heatmap, cameraData, cells, overlays],
  );

  // data-ready: the cameras of the current filters have been drawn once (deck's onAfterRender).
  const camerasCurrent = cameraKey !== null && cameras.dataKey === cameraKey;
  const [drawnKey, setDrawnKey] = useState<string | null>(null);
  const pendingKey = useRef<string | null>(null);
  const onAfterRender = useCallback(() => setDrawnKey(pendingKey.current), []);
  const onHover = useCallback((info: PickingInfo) => {
    setHover(info.picked && info.layer ? { layerId: info.layer.id, index: info.index, object: info.object, x: info.x, y: info.y } : null);
  }, []);
  const onError = useCallback((error: Error, layer?: Layer | null) => {
    // A browser that cannot render the heatmap gets the circles instead (layers.ts requestLayer).
    if (layer?.id === 'requests') setHeatmap(false);
    else console.error(error);
  }, []);
  const deckProps = useMemo(() => ({ layers, onHover, onAfterRender, onError }), [layers, onHover, onAfterRender, onError]);
  const afterPush = useCallback(() => {
    pendingKey.current = camerasCurrent ? cameraKey : null;
  }, [camerasCurrent, cameraKey]);
  const ready = styleLoaded && (cameraKey === null || (camerasCurrent && drawnKey === cameraKey));
  const drawn = camerasDrawn(data, shown);

  // ---- view ------------------------------------------------------------------------------------
  const readViewport = useCallback(
    (map: { getBounds: () => { getWest(): number; getSouth(): number; getEast(): number; getNorth(): number }; getZoom: () => number; getCenter: () => { lng: number; lat: number } }) => {
      const b = map.getBounds();
      const z = map.getZoom();
      const bbox: Bbox = [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()];
      setViewport({ bbox, zoom: z });
      setViewBounds(bbox);
      const c = map.getCenter();
      const v = { lon: c.lng, lat: c.lat, zoom: z };
      lastView.current = v;
      reportedViews.current.add(v);
      setView(v);
    },
    [setView, setViewBounds],
  );

  const onLoad = useCallback(
    (e: { target: unknown }) => {
      const map = e.target as Parameters<typeof readViewport>[0] & StyleTarget;
      installBoundaries(map, palette, offline, on('boundaries'));
      setStyleLoaded(true);
      window.__atlasMap = { map, deck: overlayRef.current };
      readViewport(map);
    },
    [palette, offline, readViewport],
  );
  useEffect(() => () => void delete window.__atlasMap, []);

  // MapLibre names its canvas and buttons in English at creation; name them in the current language.
  useEffect(() => {
    const map = styleLoaded ? mapRef.current?.getMap() : undefined;
    if (!map) return;
    const container = map.getContainer();
    map.getCanvas().setAttribute('aria-label', t('map.title'));
    const name = (selector: string, key: string) => {
      const el = container.querySelector(selector);
      if (el && isMessageKey(key)) {
        el.setAttribute('aria-label', t(key));
        el.setAttribute('title', t(key));
      }
    };
    name('.maplibregl-ctrl-zoom-in, .mapboxgl-ctrl-zoom-in', 'map.zoomIn');
    name('.maplibregl-ctrl-zoom-out, .mapboxgl-ctrl-zoom-out', 'map.zoomOut');
  }, [styleLoaded, t]);

  // A view set from outside (back button, an edited link) moves the map.
  useEffect(() => {
    const map = mapRef.current;
    // A view the map reported itself is where it was, not where to go: when two moves come quickly
    // (a fly-in ending, then a jump), the first one's state can render after the second move, and
    // moving to it would undo the second.
    if (!styleLoaded || !map || !state.view || reportedViews.current.has(state.view) || sameView(state.view, lastView.current)) return;
    lastView.current = state.view;
    map.jumpTo({ center: [state.view.lon, state.view.lat], zoom: state.view.zoom });
  }, [state.view, styleLoaded]);

  useEffect(() => {
    if (!styleLoaded) return;
    registerFlyTo((target) => {
      const map = mapRef.current;
      if (!map) return;
      const duration = prefersReducedMotion() ? 0 : 900;
      if ('bbox' in target) {
        map.fitBounds(toBounds(target.bbox), { padding: FIT_PADDING, maxZoom: 17, duration });
        return;
      }
      const c = map.getCenter();
      const v = completeView(target, { lon: c.lng, lat: c.lat, zoom: map.getZoom() });
      map.flyTo({ center: [v.lon, v.lat], zoom: v.zoom, duration, essential: true });
    });
    return () => registerFlyTo(null);
  }, [styleLoaded, registerFlyTo]);

  // ---- interaction -------------------------------------------------------------------------------
  const onClick = useCallback(
    (e: MapLayerMouseEvent) => {
      if (clickHandler) {
        clickHandler({ lon: e.lngLat.lng, lat: e.lngLat.lat });
        return;
      }
      const info = overlayRef.current?.pickObject({ x: e.point.x, y: e.point.y, radius: 4 });
      const pick = info?.layer ? { layerId: info.layer.id, index: info.index, object: info.object } : null;
      if (pick?.layerId === 'camera-cells' && lod?.mode === 'cells') {
        // A group: zoom in on it, two levels or as far as needed to see its cameras one by one.
        const cell = pick.object as CameraCell;
        e.target.flyTo({ center: [cell.lon, cell.lat], zoom: Math.min(20, lod.level + 2), duration: prefersReducedMotion() ? 0 : 600, essential: true });
        return;
      }
      select(selectionFromPick(pick, drawnCameras));
    },
    [clickHandler, select, drawnCameras, lod],
  );

  // The hovered camera's place name, looked up after a short rest of the pointer and kept. Not on
  // the public map: the record is not public (the tooltip says what the camera arrays hold).
  const places = useRef(new Map<number, string>());
  const [placesVersion, setPlacesVersion] = useState(0);
  const hoverCamera = !publicMap && hover?.layerId === 'cameras' && drawnCameras && hover.index < drawnCameras.count ? drawnCameras.ids[hover.index]! : null;
  useEffect(() => {
    if (hoverCamera === null || places.current.has(hoverCamera)) return;
    const ctrl = new AbortController();
    const timer = window.setTimeout(() => {
      fetchRecord('camera', hoverCamera, ctrl.signal)
        .then((r) => {
          if (typeof r.place_name !== 'string') return;
          places.current.set(hoverCamera, r.place_name);
          setPlacesVersion((v) => v + 1);
        })
        .catch(() => undefined); // the tooltip simply goes without the name
    }, 150);
    return () => {
      window.clearTimeout(timer);
      ctrl.abort();
    };
  }, [hoverCamera]);

  const tip = useMemo(
    () => (hover ? tooltipContent(hover, { t, lang, num, enums: enums.data, cameras: drawnCameras, routes: routes.data, placeOf: (id) => places.current.get(id) }) : null),
    [hover, t, lang, num, enums.data, drawnCameras, routes.data, placesVersion],
  );

  const refName = useCallback(
    (field: string, value: unknown) => {
      if (field === 'province_code') {
        const p = provinces.data?.features.find((f) => f.properties.id === value || f.properties.code === value);
        return p ? (lang === 'en' && p.properties.name_en) || p.properties.name_th : null;
      }
      if (field === 'district_id') {
        const d = districts.data?.features.find((f) => f.properties.id === value);
        return d ? (lang === 'en' && d.properties.name_en) || d.properties.name_th : null;
      }
      return null;
    },
    [provinces.data, districts.data, lang],
  );
  const canvas = useCallback(() => (mapRef.current?.getMap().getCanvas() as HTMLElement | undefined) ?? null, []);

  const errors = [configError, mapError, cameras.error, points.error, routes.error, sites.error, density.error, requests.error, area.error, views.error, provinces.error, districts.error, subdistricts.error].filter(
    (e): e is Error => e !== null,
  );
  const loading = !styleLoaded || [cameras, points, routes, sites, density, requests, area, views].some((f) => f.loading);
  const viewsTruncated = views.data && viewsOn && views.data.total > views.data.features.length;

  const { Map: MapGL, Marker, NavigationControl, ScaleControl } = kit;
  // Memoised: the map re-renders on every hover, the labels only change at the end of a move.
  const labelMarkers = useMemo(
    () =>
      labels.map((l) => (
        <Marker key={l.key} longitude={l.lon} latitude={l.lat} anchor="center" className="mapview-label-marker">
          <span className={`mapview-label mapview-label-${l.level}`}>{l.text}</span>
        </Marker>
      )),
    [labels, Marker],
  );
  const cursor = clickHandler ? 'crosshair' : tip?.selectable ? 'pointer' : undefined;
  return (
    <div
      className="mapview"
      data-testid="map"
      data-ready={ready ? 'true' : 'false'}
      data-camera-count={String(drawn)}
      data-camera-mode={drawn > 0 && lod ? lod.mode : 'none'}
      data-cameras-drawn={String(drawn > 0 ? lodDrawn(lod) : 0)}
      data-engine={kit.engine}
    >
      <MapGL
        ref={mapRef}
        mapLib={kit.mapLib as never}
        {...(kit.engine === 'mapbox' ? { mapboxAccessToken: config?.mapboxToken ?? undefined } : {})}
        initialViewState={initial}
        mapStyle={mapStyle}
        style={{ position: 'absolute', inset: 0 }}
        attributionControl={offline ? false : { compact: true }}
        dragRotate={false}
        pitchWithRotate={false}
        touchPitch={false}
        maxPitch={0}
        minZoom={3}
        maxZoom={20}
        cursor={cursor}
        onLoad={onLoad}
        onMoveStart={() => setHover(null)}
        onMoveEnd={(e) => readViewport(e.target)}
        onClick={onClick}
        onMouseOut={() => setHover(null)}
        onError={(e: { error?: Error }) => setMapError(e.error ?? new Error('map error'))}
      >
        <DeckOverlay kit={kit} props={deckProps} overlayRef={overlayRef} afterPush={afterPush} />
        <NavigationControl position="top-left" showCompass={false} />
        <ScaleControl position="bottom-right" unit="metric" />
        {labelMarkers}
      </MapGL>
      <div className="mapview-topbar">
        <p className="mapview-banner" data-testid="map-camera-count" aria-live="polite">
          {t('map.cameras.count', { count: num(drawn) })}
          {drawn > 0 && lod?.mode === 'points' && <span> · {t('map.cameras.around', { count: num(lod.cameras.count) })}</span>}
          {drawn > 0 && lod?.mode === 'cells' && <span> · {t('map.cameras.grouped')}</span>}
          {loading && <span className="mapview-loading"> · {t('map.loading')}</span>}
        </p>
        {viewsTruncated && (
          <p className="mapview-banner">
            {t('map.layer.views')}: {num(views.data!.features.length)} / {num(views.data!.total)}
          </p>
        )}
        {errors.length > 0 && (
          <div className="mapview-banner mapview-error" role="alert" data-testid="map-error">
            <span>{t('map.error', { message: errors[0]!.message })}</span>
            <button
              type="button"
              className="mapview-btn"
              onClick={() => {
                // A basemap style that never loaded is fetched again (MapLibre does not retry by itself).
                if (mapError && !styleLoaded) mapRef.current?.getMap().setStyle(mapStyle as never);
                setMapError(null);
                refresh();
              }}
            >
              {t('map.retry')}
            </button>
          </div>
        )}
      </div>
      {tip && hover && (
        // While a panel takes the clicks, a click does not open details: no "click for details".
        <Tooltip content={clickHandler ? { ...tip, selectable: false } : tip} x={hover.x} y={hover.y} />
      )}
      <div className="mapview-legend">
        <Legend groupedCameras={drawn > 0 && lod?.mode === 'cells'} />
      </div>
      <DetailPanel enums={enums.data} refName={refName} fallbackFocus={canvas} publicCameras={publicMap ? { data: cameras.data, loading: cameras.loading } : undefined} />
    </div>
  );
}

const roundBox = (b: Bbox): Bbox => [Math.floor(b[0] * 1000) / 1000, Math.floor(b[1] * 1000) / 1000, Math.ceil(b[2] * 1000) / 1000, Math.ceil(b[3] * 1000) / 1000];

/**
 * deck.gl over the map as a MapboxOverlay control (its own canvas above the basemap, not
 * interleaved). Props are pushed in a layout effect, so that `afterPush` marks which camera data the
 * next deck frame draws before the browser can paint.
 */
function DeckOverlay({
  kit,
  props,
  overlayRef,
  afterPush,
}: {
  kit: MapKit;
  props: { layers: Layer[]; onHover: (i: PickingInfo) => void; onAfterRender: () => void; onError: (e: Error, l?: Layer | null) => void };
  overlayRef: React.MutableRefObject<MapboxOverlay | null>;
  afterPush: () => void;
}) {
  const overlay = kit.useControl<MapboxOverlay>(() => new MapboxOverlay({ interleaved: false, pickingRadius: 4, layers: [] }) as never);
  overlayRef.current = overlay;
  useLayoutEffect(() => {
    overlay.setProps(props);
    afterPush();
    if (window.__atlasMap) window.__atlasMap.deck = overlay;
  }, [overlay, props, afterPush]);
  useRestingHover(overlay);
  return null;
}

interface HoverMap {
  on: (type: string, fn: (e: unknown) => void) => void;
  off: (type: string, fn: (e: unknown) => void) => void;
  isMoving: () => boolean;
}

/** Pointer rest (ms) before deck.gl picks what is under it for the tooltip. */
export const HOVER_REST_MS = 60;

/**
 * MapboxOverlay forwards every map `mousemove` to deck.gl, which then renders a picking pass over
 * every pickable object — during a drag too (its stand-in event has no button state). With
 * 100,000 cameras that pass is cheap on a GPU but took 0.75–2 s per move in software WebGL, so a
 * drag crawled at one frame every two seconds (bench/web.ts). Hover picking now waits until the
 * pointer rests and the map is still; clicks still pick at once (pickObject in onClick).
 * Uses the overlay's `_handleMouseEvent` and `_map` (deck.gl 9.4 internals; the browser test
 * hovers a camera and sees its tooltip, so a change there shows).
 */
function useRestingHover(overlay: MapboxOverlay): void {
  useEffect(() => {
    // The control was added to the map by useControl's own effect, which ran before this one.
    const o = overlay as unknown as { _handleMouseEvent?: (e: unknown) => void; _map?: HoverMap };
    const forward = o._handleMouseEvent;
    const map = o._map;
    if (!map || !forward) {
      console.warn('deck.gl overlay internals changed: hover picking runs on every mouse move');
      return;
    }
    map.off('mousemove', forward);
    let timer: number | undefined;
    let last: unknown;
    const onMove = (e: unknown) => {
      last = e;
      window.clearTimeout(timer);
      if (map.isMoving()) return;
      timer = window.setTimeout(() => {
        if (!map.isMoving()) forward(last);
      }, HOVER_REST_MS);
    };
    const onMoveStart = () => window.clearTimeout(timer);
    map.on('mousemove', onMove);
    map.on('movestart', onMoveStart);
    return () => {
      window.clearTimeout(timer);
      map.off('mousemove', onMove);
      map.off('movestart', onMoveStart);
      map.on('mousemove', forward);
    };
  }, [overlay]);
}
