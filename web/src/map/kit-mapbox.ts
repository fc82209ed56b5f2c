/**
 * The Mapbox engine, used only when the server has a MAPBOX_ACCESS_TOKEN. MapView loads this
 * module with a dynamic import(), so mapbox-gl and its CSS are a chunk of their own that a default
 * (offline, MapLibre) page never requests.
 */
import 'mapbox-gl/dist/mapbox-gl.css';
import mapboxgl from 'mapbox-gl';
import { Layer, Map, Marker, NavigationControl, ScaleControl, Source, useControl } from 'react-map-gl/mapbox';
import type { MapKit } from './kit-maplibre';

// react-map-gl/mapbox mirrors react-map-gl/maplibre's components (the props differ only in types).
export const mapboxKit = {
  engine: 'mapbox',
  Map,
  Marker,
  Source,
  Layer,
  NavigationControl,
  ScaleControl,
  useControl,
  mapLib: mapboxgl,
} as unknown as MapKit;
