/**
 * The part of the app's state that a shared link carries: the map view, the filters, the layers
 * shown, the open panel and the selected feature. Kept in the page's query string
 * (`?panel=planning&v=100.45,14.6,11&province=15&status=working,not_working&layers=cameras,views`)
 * so a link opens the same view. Parsing is forgiving: an unknown or malformed value falls back to
 * the default instead of breaking the page.
 */

export const PANELS = ['layers', 'dashboard', 'planning', 'police', 'camera', 'import', 'export', 'certification', 'audit', 'accounts'] as const;
export type PanelId = (typeof PANELS)[number];

export const LAYERS = ['boundaries', 'density', 'requests', 'riskRoutes', 'riskPoints', 'views', 'sites', 'cameras'] as const;
export type LayerId = (typeof LAYERS)[number];
export const DEFAULT_LAYERS: readonly LayerId[] = ['boundaries', 'riskRoutes', 'riskPoints', 'sites', 'cameras'];

export const CAMERA_STATUSES = ['working', 'not_working', 'under_repair', 'beyond_repair'] as const;
export const OWNER_TYPES = ['government', 'state_enterprise', 'local_administration', 'private', 'other'] as const;
export const PURPOSES = ['deterrence', 'investigation', 'traffic'] as const;
export const LINKAGES = ['linked', 'not_linked'] as const;

export interface Filters {
  /** Two-digit province code. */
  province?: string;
  district?: number;
  policeStation?: number;
  status?: string[];
  ownerType?: string[];
  purpose?: string[];
  linkage?: string;
}

export interface MapViewState {
  lon: number;
  lat: number;
  zoom: number;
}

export type ColorBy = 'status' | 'owner';

export interface Selection {
  /** 'camera', 'site', 'riskPoint', 'riskRoute', 'policeStation', … */
  kind: string;
  id: number;
}

export interface AppUrlState {
  panel: PanelId;
  /** Null until the map or the link sets one (the map then fits the data). */
  view: MapViewState | null;
  filters: Filters;
  layers: LayerId[];
  colorBy: ColorBy;
  selected: Selection | null;
}

export const DEFAULT_STATE: AppUrlState = { panel: 'layers', view: null, filters: {}, layers: [...DEFAULT_LAYERS], colorBy: 'status', selected: null };

const list = (v: string | null, allowed?: readonly string[]) =>
  v ? [...new Set(v.split(',').map((s) => s.trim()).filter((s) => s && (!allowed || allowed.includes(s))))] : [];
const positiveInt = (v: string | null) => (v && /^\d{1,9}$/.test(v) && Number(v) > 0 ? Number(v) : undefined);

export function parseUrlState(search: string): AppUrlState {
  const q = new URLSearchParams(search);
  const panel = q.get('panel');
  const v = (q.get('v') ?? '').split(',').map(Number);
  const view =
    v.length === 3 && v.every(Number.isFinite) && Math.abs(v[0]!) <= 180 && Math.abs(v[1]!) <= 85 && v[2]! >= 0 && v[2]! <= 22
      ? { lon: v[0]!, lat: v[1]!, zoom: v[2]! }
      : null;
  const filters: Filters = {};
  const province = q.get('province');
  if (province && /^\d{2}$/.test(province)) filters.province = province;
  const district = positiveInt(q.get('district'));
  if (district) filters.district = district;
  const station = positiveInt(q.get('police_station'));
  if (station) filters.policeStation = station;
  const status = list(q.get('status'), CAMERA_STATUSES);
  if (status.length) filters.status = status;
  const owner = list(q.get('owner_type'), OWNER_TYPES);
  if (owner.length) filters.ownerType = owner;
  const purpose = list(q.get('purpose'), PURPOSES);
  if (purpose.length) filters.purpose = purpose;
  const linkage = q.get('linkage');
  if (linkage && (LINKAGES as readonly string[]).includes(linkage)) filters.linkage = linkage;
  const layers = q.has('layers') ? (list(q.get('layers'), LAYERS) as LayerId[]) : [...DEFAULT_LAYERS];
  const sel = /^([a-zA-Z]+):(\d{1,15})$/.exec(q.get('sel') ?? '');
  return {
    panel: (PANELS as readonly string[]).includes(panel ?? '') ? (panel as PanelId) : DEFAULT_STATE.panel,
    view,
    filters,
    layers,
    colorBy: q.get('color') === 'owner' ? 'owner' : 'status',
    selected: sel ? { kind: sel[1]!, id: Number(sel[2]) } : null,
  };
}

const round = (n: number, d: number) => String(Math.round(n * 10 ** d) / 10 ** d);

/** The query string (with its '?', or '' when everything is default). */
export function serializeUrlState(s: AppUrlState): string {
  const q = new URLSearchParams();
  if (s.panel !== DEFAULT_STATE.panel) q.set('panel', s.panel);
  if (s.view) q.set('v', `${round(s.view.lon, 5)},${round(s.view.lat, 5)},${round(s.view.zoom, 2)}`);
  const f = s.filters;
  if (f.province) q.set('province', f.province);
  if (f.district) q.set('district', String(f.district));
  if (f.policeStation) q.set('police_station', String(f.policeStation));
  if (f.status?.length) q.set('status', f.status.join(','));
  if (f.ownerType?.length) q.set('owner_type', f.ownerType.join(','));
  if (f.purpose?.length) q.set('purpose', f.purpose.join(','));
  if (f.linkage) q.set('linkage', f.linkage);
  const layers = LAYERS.filter((l) => s.layers.includes(l));
  if (layers.join() !== LAYERS.filter((l) => DEFAULT_LAYERS.includes(l)).join()) q.set('layers', layers.join(','));
  if (s.colorBy !== 'status') q.set('color', s.colorBy);
  if (s.selected) q.set('sel', `${s.selected.kind}:${s.selected.id}`);
  const text = q.toString().replace(/%2C/g, ',');
  return text ? `?${text}` : '';
}

/** The filters as API query parameters (the names /api/analysis and the REST lists use). */
export function filterParams(f: Filters): URLSearchParams {
  const q = new URLSearchParams();
  if (f.province) q.set('province', f.province);
  if (f.district) q.set('district', String(f.district));
  if (f.policeStation) q.set('police_station', String(f.policeStation));
  return q;
}
