/**
 * The default map engine: MapLibre GL through react-map-gl. Under Vite, MapLibre's own guess of its
 * worker's address (next to its module) does not exist, so the worker file is emitted as an asset
 * and its URL handed to setWorkerUrl before any map is created.
 */
import 'maplibre-gl/dist/maplibre-gl.css';
import * as maplibregl from 'maplibre-gl';
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';
import { Layer, Map, Marker, NavigationControl, ScaleControl, Source, useControl } from 'react-map-gl/maplibre';

maplibregl.setWorkerUrl(workerUrl);

export const maplibreKit = {
  engine: 'maplibre' as 'maplibre' | 'mapbox',
  Map,
  Marker,
  Source,
  Layer,
  NavigationControl,
  ScaleControl,
  useControl,
  mapLib: maplibregl as unknown,
};

/** The components a map engine provides (react-map-gl/maplibre and react-map-gl/mapbox share them). */
export type MapKit = typeof maplibreKit;
