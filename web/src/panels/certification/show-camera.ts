import { getCamera } from '../../api/records';
import type { MapBridge } from '../../map/bridge';
import type { AppState } from '../../state/store';

/** How close the map comes to a camera shown from a list. */
export const CAMERA_ZOOM = 17;

/** Selects camera `id` on the map (the map and the camera panel show it) and flies there once its position is known. */
export async function showCamera(id: number, select: AppState['select'], flyTo: MapBridge['flyTo']): Promise<void> {
  select({ kind: 'camera', id });
  const camera = await getCamera(id);
  const [lon, lat] = camera.geometry.coordinates;
  flyTo({ lon, lat, zoom: CAMERA_ZOOM });
}
