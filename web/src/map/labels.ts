/**
 * Which area names the map writes. MapLibre cannot shape Thai and there is no glyph server offline,
 * so names are DOM elements at each area's label point; this picks the few that fit: only areas
 * whose label point is in the viewport, provinces from zoom 5, districts from 8, subdistricts from
 * 12, coarse levels first and, within a level, nearest the centre first; labels that would sit on
 * top of one already placed are skipped; at most MAX_LABELS.
 */
import type { Bbox, BoundaryCollection, BoundaryLevel } from '../api/map';
import type { Lang } from '../i18n';

export const LABEL_MIN_ZOOM: Record<BoundaryLevel, number> = { province: 5, district: 8, subdistrict: 12 };
export const LABEL_LEVELS: readonly BoundaryLevel[] = ['province', 'district', 'subdistrict'];
export const MAX_LABELS = 150;

export interface AreaLabel {
  /** Stable React key: level and area id. */
  key: string;
  level: BoundaryLevel;
  lon: number;
  lat: number;
  text: string;
}

export interface LabelViewport {
  bbox: Bbox;
  zoom: number;
}

export interface LabelOptions {
  limit?: number;
  /** Minimum distance between two labels' anchors in screen pixels (horizontal, vertical); 0 = no check. */
  spacingPx?: [number, number];
}

/** Web-Mercator pixel coordinates at a zoom (512-pixel tiles, as MapLibre counts zoom). */
function toPixels(lon: number, lat: number, zoom: number): [number, number] {
  const scale = (512 * 2 ** zoom) / 360;
  const y = (Math.log(Math.tan(Math.PI / 4 + (lat * Math.PI) / 360)) * 180) / Math.PI;
  return [lon * scale, -y * scale];
}

/** The name in the current language (English falls back to Thai when the area has none). */
export function labelText(p: { name_th: string; name_en: string | null }, lang: Lang): string {
  return lang === 'en' && p.name_en ? p.name_en : p.name_th;
}

export function selectLabels(
  sets: Partial<Record<BoundaryLevel, BoundaryCollection | null>>,
  viewport: LabelViewport,
  lang: Lang,
  opts: LabelOptions = {},
): AreaLabel[] {
  const limit = opts.limit ?? MAX_LABELS;
  const [sx, sy] = opts.spacingPx ?? [70, 20];
  const [minLon, minLat, maxLon, maxLat] = viewport.bbox;
  const cx = (minLon + maxLon) / 2;
  const cy = (minLat + maxLat) / 2;
  const out: AreaLabel[] = [];
  const placed: [number, number][] = [];
  for (const level of LABEL_LEVELS) {
    if (viewport.zoom < LABEL_MIN_ZOOM[level]) continue;
    const features = sets[level]?.features ?? [];
    const candidates = features
      .map((f) => ({ f, at: f.properties?.label }))
      .filter(
        (c): c is { f: (typeof features)[number]; at: [number, number] } =>
          Array.isArray(c.at) && Number.isFinite(c.at[0]) && Number.isFinite(c.at[1]) && c.at[0] >= minLon && c.at[0] <= maxLon && c.at[1] >= minLat && c.at[1] <= maxLat,
      )
      .map((c) => ({ ...c, d: (c.at[0] - cx) ** 2 + (c.at[1] - cy) ** 2 }))
      .sort((a, b) => a.d - b.d);
    for (const { f, at } of candidates) {
      if (out.length >= limit) return out;
      const text = labelText(f.properties, lang);
      if (!text) continue;
      if (sx > 0 || sy > 0) {
        const p = toPixels(at[0], at[1], viewport.zoom);
        if (placed.some((q) => Math.abs(q[0] - p[0]) < sx && Math.abs(q[1] - p[1]) < sy)) continue;
        placed.push(p);
      }
      out.push({ key: `${level}:${f.properties.id}`, level, lon: at[0], lat: at[1], text });
    }
  }
  return out;
}
