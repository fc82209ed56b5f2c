/**
 * What a pick on the map means: the selection a click makes, and the hover tooltip's text. Pure
 * functions of deck.gl's pick (layer id, index, object) and the loaded data.
 */
import { codeName, KIND_CODES, LINKAGE_CODES, OWNER_CODES, STATUS_CODES, type CameraArrays, type RequestPoint } from '../api/map';
import type { Selection } from '../state/url';
import type { CameraCell } from './camera-lod';
import { enumLabel, FIELD_ENUMS, type Translator } from './enum-labels';
import type { DensityFeature, EnumLabels, RiskPointResult, RouteWithCoverage, SiteRecord, ViewFeature } from './map-api';

/** The part of deck.gl's PickingInfo used here. */
export interface Pick {
  layerId: string | null;
  index: number;
  object: unknown;
}

/** The selection a click on `pick` makes; null for nothing selectable (the caller clears). */
export function selectionFromPick(pick: Pick | null, cameras: CameraArrays | null): Selection | null {
  if (!pick || !pick.layerId) return null;
  const o = pick.object as Record<string, unknown> | null | undefined;
  switch (pick.layerId) {
    case 'cameras': {
      const id = cameras && pick.index >= 0 && pick.index < cameras.count ? cameras.ids[pick.index] : undefined;
      return id === undefined ? null : { kind: 'camera', id };
    }
    case 'views': {
      const id = (o?.properties as { camera_id?: number } | undefined)?.camera_id;
      return typeof id === 'number' ? { kind: 'camera', id } : null;
    }
    case 'sites':
      return typeof o?.id === 'number' ? { kind: 'site', id: o.id } : null;
    case 'riskPoints':
    case 'riskPoints-buffers':
      return typeof o?.id === 'number' ? { kind: 'riskPoint', id: o.id } : null;
    case 'riskRoutes':
      return typeof o?.id === 'number' ? { kind: 'riskRoute', id: o.id } : null;
    case 'riskRoutes-gaps':
      return typeof o?.routeId === 'number' ? { kind: 'riskRoute', id: o.routeId } : null;
    default:
      return null;
  }
}

export interface TooltipContent {
  title: string;
  lines: string[];
  /** Whether a click does something (opens the details, or zooms into a group). */
  selectable: boolean;
  /** What a click does, when not "click for details". */
  hint?: string;
}

export interface TooltipContext extends Translator {
  num: (n: number) => string;
  enums: EnumLabels | null;
  cameras: CameraArrays | null;
  routes: RouteWithCoverage[] | null;
  /** A camera's place name once looked up (the binary camera data carry none). */
  placeOf?: (cameraId: number) => string | undefined;
}

const pct = (f: number) => Math.round(f * 1000) / 10;

/** The tooltip of a hovered feature, or null when there is nothing to say. */
export function tooltipContent(pick: Pick | null, ctx: TooltipContext): TooltipContent | null {
  if (!pick?.layerId) return null;
  const { t, num } = ctx;
  const label = (kind: string, field: string, value: string) => enumLabel(ctx.enums, FIELD_ENUMS[kind]?.[field] ?? '', value, ctx);
  switch (pick.layerId) {
    case 'cameras': {
      const c = ctx.cameras;
      const i = pick.index;
      if (!c || i < 0 || i >= c.count) return null;
      const lines: string[] = [];
      const place = ctx.placeOf?.(c.ids[i]!);
      if (place) lines.push(place);
      const status = codeName(STATUS_CODES, c.status[i]!);
      lines.push(t('map.tooltip.status', { value: status ? label('camera', 'status', status) : t('map.unknown') }));
      const owner = codeName(OWNER_CODES, c.owner[i]!);
      lines.push(t('map.tooltip.owner', { value: owner ? label('camera', 'agency_type', owner) : t('map.owner.unknown') }));
      const linkage = codeName(LINKAGE_CODES, c.linkage[i]!);
      lines.push(t('map.tooltip.linkage', { value: linkage ? label('camera', 'linkage', linkage) : t('map.unknown') }));
      const kind = codeName(KIND_CODES, c.kind[i]!);
      if (kind) lines.push(t('map.tooltip.kind', { value: label('camera', 'kind', kind) }));
      const view = [
        Number.isFinite(c.direction[i]) ? t('map.tooltip.direction', { deg: num(Math.round(c.direction[i]!)) }) : null,
        Number.isFinite(c.fov[i]) ? t('map.tooltip.fov', { deg: num(Math.round(c.fov[i]!)) }) : null,
        Number.isFinite(c.range[i]) ? t('map.tooltip.range', { m: num(Math.round(c.range[i]!)) }) : null,
      ].filter((s): s is string => s !== null);
      if (view.length) lines.push(view.join(' · '));
      return { title: t('map.tooltip.camera', { id: String(c.ids[i]) }), lines, selectable: true };
    }
    case 'camera-cells': {
      const g = pick.object as CameraCell | undefined;
      if (!g) return null;
      const share = (counts: number[], names: readonly string[], field: string, unknown: string) =>
        counts
          .map((n, code) => ({ n, code }))
          .filter((x) => x.n > 0)
          .sort((a, b) => b.n - a.n)
          .map(({ n, code }) => `${names[code] ? label('camera', field, names[code]!) : unknown} ${num(n)}`)
          .join(' · ');
      return {
        title: t('map.tooltip.group', { count: num(g.count) }),
        lines: [share(g.byStatus, STATUS_CODES, 'status', t('map.unknown')), share(g.byOwner, OWNER_CODES, 'agency_type', t('map.owner.unknown'))],
        selectable: true,
        hint: t('map.tooltip.clickToZoom'),
      };
    }
    case 'views': {
      const v = pick.object as ViewFeature | undefined;
      if (!v) return null;
      const p = v.properties;
      const view = [
        p.direction_deg !== null && !p.circle ? t('map.tooltip.direction', { deg: num(Math.round(p.direction_deg)) }) : null,
        t('map.tooltip.fov', { deg: num(Math.round(p.fov_deg)) }),
        t('map.tooltip.range', { m: num(Math.round(p.range_m)) }),
      ].filter((s): s is string => s !== null);
      return { title: t('map.tooltip.camera', { id: String(p.camera_id) }), lines: [p.place_name, t('map.tooltip.status', { value: label('camera', 'status', p.status) }), view.join(' · ')], selectable: true };
    }
    case 'sites': {
      const s = pick.object as SiteRecord | undefined;
      if (!s) return null;
      const lines = [s.place_name, t('map.tooltip.status', { value: label('site', 'status', s.status) })];
      if (s.cost_baht !== null && s.cost_baht !== undefined) lines.push(`${t('map.detail.field.cost_baht')}: ${num(s.cost_baht)}`);
      if (s.camera_count) lines.push(`${t('map.detail.field.camera_count')}: ${num(s.camera_count)}`);
      if (s.priority) lines.push(`${t('map.detail.field.priority')}: ${num(s.priority)}`);
      return { title: t('map.tooltip.site', { id: String(s.id) }), lines, selectable: true };
    }
    case 'riskPoints':
    case 'riskPoints-buffers': {
      const p = pick.object as RiskPointResult | undefined;
      if (!p) return null;
      return {
        title: t('map.tooltip.riskPoint', { name: p.name }),
        lines: [
          label('riskPoint', 'category', p.category),
          p.covered ? t('map.tooltip.covered') : t('map.tooltip.uncovered'),
          t('map.tooltip.coverage', { percent: num(pct(p.coveredFraction)) }),
        ],
        selectable: true,
      };
    }
    case 'riskRoutes': {
      const r = pick.object as RouteWithCoverage | undefined;
      if (!r) return null;
      return { title: t('map.tooltip.riskRoute', { name: r.name }), lines: routeLines(r, ctx), selectable: true };
    }
    case 'riskRoutes-gaps': {
      const g = pick.object as { routeId: number; lengthM: number } | undefined;
      const r = g ? ctx.routes?.find((x) => x.id === g.routeId) : undefined;
      if (!g || !r) return null;
      return {
        title: t('map.tooltip.riskRoute', { name: r.name }),
        lines: [`${t('map.legend.gap')}: ${t('map.tooltip.metres', { m: num(Math.round(g.lengthM)) })}`, ...routeLines(r, ctx)],
        selectable: true,
      };
    }
    case 'density': {
      const f = pick.object as DensityFeature | undefined;
      if (!f) return null;
      const p = f.properties;
      const name = ctx.lang === 'en' && p.name_en ? p.name_en : p.name_th;
      const lines = [t('map.tooltip.cameras', { count: num(p.camerasTotal) })];
      if (p.camerasPerKm2 !== null && p.camerasPerKm2 !== undefined) {
        lines.push(t('map.tooltip.perKm2', { value: num(Math.round(p.camerasPerKm2 * 100) / 100) }));
      }
      if (p.riskPointsTotal > 0) lines.push(`${t('map.legend.riskPoints')}: ${t('map.tooltip.coverage', { percent: num(pct(p.riskPointsCovered / p.riskPointsTotal)) })}`);
      lines.push(t('map.tooltip.requests', { count: num(p.footageRequests) }));
      return { title: t('map.tooltip.boundary', { name }), lines, selectable: false };
    }
    case 'requests': {
      const p = pick.object as RequestPoint | undefined;
      if (!p) return null;
      return { title: t('map.layer.requests'), lines: [t('map.tooltip.requests', { count: num(p[2]) })], selectable: false };
    }
    default:
      return null;
  }
}

function routeLines(r: RouteWithCoverage, ctx: TooltipContext): string[] {
  const { t, num } = ctx;
  const lines = [enumLabel(ctx.enums, 'RiskCategory', r.category, ctx), t('map.tooltip.coverage', { percent: num(pct(r.coveredFraction)) })];
  if (r.longestGapM > 0) {
    lines.push(t('map.tooltip.longestGap', { m: num(Math.round(r.longestGapM)) }));
  }
  return lines;
}
