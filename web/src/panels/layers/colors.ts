/**
 * The map's colour tables, shared by the deck.gl layers (web/src/map) and the legend so both always
 * agree. Colours are [r, g, b] 0–255; the categorical ones follow the Okabe–Ito palette, which stays
 * distinguishable with the common colour-vision deficiencies and differs in lightness as well as hue.
 */
import { OWNER_CODES, STATUS_CODES, type CameraStatusCode, type OwnerCode } from '../../api/map';

export type Rgb = [number, number, number];

/** Camera status: working green, not working red, under repair amber, beyond repair dark grey. */
export const STATUS_COLORS: Record<CameraStatusCode, Rgb> = {
  working: [0, 158, 115],
  not_working: [213, 50, 30],
  under_repair: [240, 170, 0],
  beyond_repair: [70, 70, 70],
};

/** The owner type of the camera's agency. */
export const OWNER_COLORS: Record<OwnerCode, Rgb> = {
  government: [0, 114, 178],
  state_enterprise: [86, 180, 233],
  local_administration: [0, 158, 115],
  private: [230, 159, 0],
  other: [204, 121, 167],
};

/** A camera (or feature) whose code is 255 / missing. */
export const UNKNOWN_COLOR: Rgb = [150, 150, 150];

/** Risk points / routes covered by a working camera's view. */
export const COVERED_COLOR: Rgb = [0, 114, 178];
/** Risk points / routes with no working camera covering them. */
export const UNCOVERED_COLOR: Rgb = [213, 94, 0];
/** Planned camera sites. */
export const SITE_COLOR: Rgb = [128, 60, 170];
/** Risk routes (the line itself). */
export const ROUTE_COLOR: Rgb = [90, 90, 200];
/** Stretches of a risk route no camera sees (the gaps). */
export const GAP_COLOR: Rgb = [230, 40, 110];
/** Camera view cones (drawn translucent). */
export const VIEW_COLOR: Rgb = [0, 158, 115];
/** Province / district / subdistrict outlines. */
export const BOUNDARY_COLOR: Rgb = [60, 70, 90];

/** Sequential ramp (light → dark, 6 classes) for the camera density grid and the request heatmap. */
export const DENSITY_RAMP: Rgb[] = [
  [255, 245, 200],
  [254, 217, 118],
  [253, 160, 60],
  [240, 95, 40],
  [200, 30, 45],
  [128, 0, 38],
];

/** Camera colour by status code index (STATUS_CODES order), unknown → grey. */
export function statusColor(code: number): Rgb {
  const s = STATUS_CODES[code];
  return s ? STATUS_COLORS[s] : UNKNOWN_COLOR;
}

/** Camera colour by owner code index (OWNER_CODES order), 255 → grey. */
export function ownerColor(code: number): Rgb {
  const o = OWNER_CODES[code];
  return o ? OWNER_COLORS[o] : UNKNOWN_COLOR;
}

/** CSS colour for a swatch. */
export function cssRgb(c: Rgb, alpha = 1): string {
  return alpha === 1 ? `rgb(${c[0]} ${c[1]} ${c[2]})` : `rgb(${c[0]} ${c[1]} ${c[2]} / ${alpha})`;
}

/**
 * Grouped cameras (web/src/map/camera-lod.ts) coloured by status: by the share of their cameras that
 * work, so that a group with broken cameras shows even when most of it works — at least 90 % (the
 * working green), 75–90 %, 50–75 %, below 50 % (the not-working red). Lower limits, best first.
 */
export const GROUP_WORKING_CLASSES: readonly { min: number; color: Rgb }[] = [
  { min: 0.9, color: STATUS_COLORS.working },
  { min: 0.75, color: STATUS_COLORS.under_repair },
  { min: 0.5, color: [232, 110, 20] },
  { min: 0, color: STATUS_COLORS.not_working },
];
