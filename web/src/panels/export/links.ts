/**
 * The download links of the export panel, built from the shared filters and the chosen options
 * (api/src/routes/export.ts, docs/import-export.md). Each kind takes only some filters — the API
 * refuses the others (400) — so a filter the kind does not have is left out and reported as such.
 */
import type { Filters } from '../../state/url';

export const EXPORT_KINDS = ['cameras', 'planned_sites', 'risk_points', 'risk_routes', 'police_stations', 'agencies', 'footage_requests', 'problems', 'lao_survey'] as const;
export type ExportKind = (typeof EXPORT_KINDS)[number];

export const EXPORT_FORMATS = ['geojson', 'csv', 'xlsx', 'kml', 'gpkg'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export type HeaderLang = 'th' | 'en' | 'name';
export type ValueLabels = 'code' | 'th' | 'en';
export type GeometryColumns = 'lonlat' | 'wkt' | 'none';

/** The shared filters an export can carry. */
export type FilterName = 'province' | 'district' | 'policeStation' | 'status';

/** Which shared filters each kind takes (`status` here means the map's camera statuses). */
export const KIND_FILTERS: Record<ExportKind, readonly FilterName[]> = {
  cameras: ['province', 'district', 'policeStation', 'status'],
  planned_sites: ['province', 'district', 'policeStation'],
  risk_points: ['province', 'district', 'policeStation'],
  risk_routes: ['province', 'district', 'policeStation'],
  police_stations: ['province', 'district', 'policeStation'],
  agencies: ['province', 'district'],
  footage_requests: ['province', 'district', 'policeStation'],
  problems: ['province'],
  lao_survey: ['province', 'district'],
};

/** Kinds stored without a geometry: their GeoJSON/KML features have none, CSV/XLSX no position columns. */
export const TABLE_KINDS: readonly ExportKind[] = ['agencies', 'problems', 'lao_survey'];

/** Formats with a header row and position columns. */
export const isTabular = (f: ExportFormat) => f === 'csv' || f === 'xlsx';

export interface ExportOptions {
  header: HeaderLang;
  values: ValueLabels;
  /** CSV/XLSX only; undefined = the kind's default (lon/lat for points, WKT for routes). */
  geometry?: GeometryColumns;
  /** Contact names, phones and stream URLs (left out unless asked for). */
  sensitive: boolean;
  /** LAO survey rows of one year (BE or CE, the API converts). */
  surveyYear?: number;
  /** Only records within this box (west, south, east, north): the map's visible area. Kinds without a position ignore it. */
  bbox?: [number, number, number, number];
}

/** A bbox as the API takes it, 5 decimals (~1 m), rounded outwards so the box still holds what the map shows. */
export function bboxParam(b: [number, number, number, number]): string {
  const out = (v: number, up: boolean) => (up ? Math.ceil(v * 1e5) : Math.floor(v * 1e5)) / 1e5;
  return [out(b[0], false), out(b[1], false), out(b[2], true), out(b[3], true)].join(',');
}

/** The filters of `f` that apply to `kind`, and those the kind (or any export) leaves out. */
export function splitFilters(kind: ExportKind, f: Filters): { applied: FilterName[]; dropped: (FilterName | 'ownerType' | 'purpose' | 'linkage')[] } {
  const present: FilterName[] = [];
  if (f.province) present.push('province');
  if (f.district) present.push('district');
  if (f.policeStation) present.push('policeStation');
  if (f.status?.length) present.push('status');
  const takes = KIND_FILTERS[kind];
  const other = (['ownerType', 'purpose', 'linkage'] as const).filter((k) => (Array.isArray(f[k]) ? (f[k] as string[]).length > 0 : !!f[k]));
  return { applied: present.filter((p) => takes.includes(p)), dropped: [...present.filter((p) => !takes.includes(p)), ...other] };
}

/** GET /api/export/<kind>.<format>?… for the shared filters and the options. */
export function exportUrl(kind: ExportKind, format: ExportFormat, f: Filters, o: ExportOptions): string {
  const q = new URLSearchParams();
  const { applied } = splitFilters(kind, f);
  if (applied.includes('province')) q.set('province', f.province!);
  if (applied.includes('district')) q.set('district', String(f.district));
  if (applied.includes('policeStation')) q.set('police_station', String(f.policeStation));
  if (applied.includes('status')) q.set('status', f.status!.join(','));
  if (kind === 'lao_survey' && o.surveyYear) q.set('survey_year', String(o.surveyYear));
  if (isTabular(format)) q.set('header', o.header);
  if (o.values !== 'code') q.set('values', o.values);
  if (isTabular(format) && o.geometry && !TABLE_KINDS.includes(kind)) q.set('geometry', o.geometry);
  if (o.bbox && !TABLE_KINDS.includes(kind)) q.set('bbox', bboxParam(o.bbox));
  if (o.sensitive) q.set('sensitive', 'true');
  const s = q.toString().replace(/%2C/g, ',');
  return `/api/export/${kind}.${format}${s ? `?${s}` : ''}`;
}

/** The file name a download link suggests (the server's Content-Disposition has the final say). */
export function exportFileName(kind: ExportKind, format: ExportFormat, province?: string): string {
  return `${kind}${province ? `-${province}` : ''}.${format}`;
}

/** The DLA maintenance survey (province version, or one LAO's) as the official XLSX. */
export function laoFormUrl(province: string, o: { district?: number; year?: number; lao?: string } = {}): string {
  const q = new URLSearchParams({ province });
  if (o.district) q.set('district', String(o.district));
  if (o.year) q.set('year', String(o.year));
  if (o.lao?.trim()) q.set('lao', o.lao.trim());
  return `/api/export/forms/lao-survey.xlsx?${q}`;
}

/** The Part 1 / 2 / 3 survey tables as one XLSX (all provinces when none is given). */
export function surveyFormUrl(province: string | undefined, o: { district?: number; sensitive?: boolean } = {}): string {
  const q = new URLSearchParams();
  if (province) q.set('province', province);
  if (province && o.district) q.set('district', String(o.district));
  if (o.sensitive) q.set('sensitive', 'true');
  const s = q.toString();
  return `/api/export/forms/survey.xlsx${s ? `?${s}` : ''}`;
}

export const PLAN_FORMATS = ['xlsx', 'geojson'] as const;

export function planExportUrl(id: number, format: (typeof PLAN_FORMATS)[number], lang: 'th' | 'en'): string {
  return `/api/plans/${id}/export?format=${format}&lang=${lang}`;
}

/** The OGC API – Features landing page for GIS tools, absolute (QGIS and GDAL need the host). */
export const ogcUrl = (origin: string) => `${origin.replace(/\/$/, '')}/ogc`;
