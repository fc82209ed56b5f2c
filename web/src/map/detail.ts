/**
 * The detail panel's content as data: every field of a record, in the survey's sections for a
 * camera, each with its Thai (or English) label and its value in words — enum labels, dates in the
 * Buddhist Era, numbers in the chosen digits. Pure, so the "every field" promise is tested.
 */
import { isMessageKey } from '../i18n';
import { enumLabel, FIELD_ENUMS, type Translator } from './enum-labels';
import type { EnumLabels } from './map-api';

export interface DetailRow {
  field: string;
  label: string;
  value: string;
  /** A link (stream_url). */
  href?: string;
}

export interface DetailSection {
  id: string;
  /** Null: no heading (the panel's title says what it is). */
  title: string | null;
  rows: DetailRow[];
}

export interface DetailFormat extends Translator {
  num: (n: number) => string;
  date: (d: Date) => string;
  /** Digits without grouping, up to 6 decimals (ids, years, coordinates): "2567", "๒๕๖๗", "100.451235". */
  plain: (n: number) => string;
  enums: EnumLabels | null;
  /** Optional names for area and reference columns (province_code → "อ่างทอง"). */
  refName?: (field: string, value: unknown) => string | null;
}

/** The camera form's sections (../shared/DOMAIN.md, part 1), in order; fields not listed go to "record". */
const CAMERA_SECTIONS: [string, string[]][] = [
  ['location', ['place_name', 'external_id', 'agency_id', 'contact_name', 'phone', 'address', 'year_installed', 'police_station_id', 'project', 'geometry', 'province_code', 'district_id', 'subdistrict_id']],
  ['properties', ['recorder_model', 'camera_brand', 'system', 'kind', 'connection', 'stream_url', 'area_type', 'other_details']],
  ['purpose', ['purposes']],
  ['linkage', ['linkage', 'control_centre', 'network_type', 'network_provider', 'linked_agencies', 'linked_network', 'link_requirements', 'link_budget_baht', 'link_responsible_agency']],
  ['recording', ['retention_days', 'storage_process', 'disclosure_rules', 'footage_service_frequency', 'footage_request_procedure', 'recorded_resolution', 'max_resolution', 'fps', 'file_format']],
  ['status', ['status', 'repair_budget_baht', 'repair_agency', 'budget_source']],
  ['view', ['direction_deg', 'fov_deg', 'range_m']],
];

/** Bookkeeping columns, shown last under "record". */
const RECORD_FIELDS = ['id', 'is_demo', 'version', 'created_at', 'updated_at'];

/** Columns written as plain digits (identifiers, years, counts of a version). */
const PLAIN_FIELDS = new Set(['id', 'version', 'agency_id', 'police_station_id', 'district_id', 'subdistrict_id', 'priority']);
const DATE_FIELDS = new Set(['created_at', 'updated_at']);

export function fieldLabel(field: string, tr: Translator): string {
  const key = `map.detail.field.${field}`;
  return isMessageKey(key) ? tr.t(key) : field;
}

const round6 = (v: number) => Math.round(v * 1e6) / 1e6;

/** One field as rows (a point's geometry gives two: longitude and latitude). */
export function fieldRows(kind: string, field: string, value: unknown, f: DetailFormat): DetailRow[] {
  const empty = f.t('map.detail.empty');
  const label = fieldLabel(field, f);
  if (field === 'geometry' && value && typeof value === 'object') {
    const g = value as { type?: string; coordinates?: unknown };
    if (g.type === 'Point' && Array.isArray(g.coordinates)) {
      const [lon, lat] = g.coordinates as number[];
      return [
        { field: 'lon', label: fieldLabel('lon', f), value: typeof lon === 'number' ? f.plain(round6(lon)) : empty },
        { field: 'lat', label: fieldLabel('lat', f), value: typeof lat === 'number' ? f.plain(round6(lat)) : empty },
      ];
    }
    if (g.type === 'LineString' && Array.isArray(g.coordinates) && g.coordinates.length) {
      const cs = g.coordinates as number[][];
      const at = (c: number[]) => `${f.plain(round6(c[0]!))}, ${f.plain(round6(c[1]!))}`;
      return [{ field, label, value: `${at(cs[0]!)} → ${at(cs[cs.length - 1]!)} (${f.num(cs.length)})` }];
    }
  }
  return [{ field, label, ...formatValue(kind, field, value, f) }];
}

export function formatValue(kind: string, field: string, value: unknown, f: DetailFormat): { value: string; href?: string } {
  const empty = f.t('map.detail.empty');
  if (value === null || value === undefined || value === '') return { value: empty };
  const enumName = FIELD_ENUMS[kind]?.[field];
  if (enumName) {
    const values = Array.isArray(value) ? value : [value];
    return { value: values.length ? values.map((v) => enumLabel(f.enums, enumName, String(v), f)).join(', ') : empty };
  }
  const ref = f.refName?.(field, value);
  if (ref) return { value: ref };
  if (typeof value === 'boolean') return { value: value ? f.t('map.detail.yes') : f.t('map.detail.no') };
  if (DATE_FIELDS.has(field)) {
    const d = new Date(String(value));
    return { value: Number.isNaN(d.getTime()) ? String(value) : f.date(d) };
  }
  if (typeof value === 'number') {
    // Years are stored CE; Thai readers expect the Buddhist Era.
    if (field === 'year_installed') return { value: f.plain(f.lang === 'th' ? value + 543 : value) };
    if (PLAIN_FIELDS.has(field)) return { value: f.plain(value) };
    return { value: f.num(value) };
  }
  if (typeof value === 'string') {
    if (field === 'stream_url' && /^https?:\/\//i.test(value)) return { value, href: value };
    return { value };
  }
  if (Array.isArray(value)) return { value: value.length ? value.map((v) => (typeof v === 'object' ? JSON.stringify(v) : String(v))).join(', ') : empty };
  return { value: JSON.stringify(value) };
}

/** Every field of the record in sections (a camera: the survey's; other kinds: one list). */
export function detailSections(kind: string, record: Record<string, unknown>, f: DetailFormat): DetailSection[] {
  const fields = Object.keys(record);
  const used = new Set<string>();
  const sections: DetailSection[] = [];
  const take = (list: string[]) =>
    list
      .filter((k) => fields.includes(k) && !used.has(k))
      .flatMap((k) => {
        used.add(k);
        return fieldRows(kind, k, record[k], f);
      });
  const titled = (id: string) => {
    const key = `map.detail.section.${id}`;
    return isMessageKey(key) ? f.t(key) : id;
  };
  if (kind === 'camera') {
    for (const [id, list] of CAMERA_SECTIONS) {
      const rows = take(list);
      if (rows.length) sections.push({ id, title: titled(id), rows });
    }
  } else {
    const main = take(fields.filter((k) => !RECORD_FIELDS.includes(k)));
    if (main.length) sections.push({ id: 'main', title: null, rows: main });
  }
  // Whatever no section named (a column added later) is still shown, before the bookkeeping.
  const rest = take(fields.filter((k) => !RECORD_FIELDS.includes(k)));
  const record_ = take(RECORD_FIELDS);
  const rows = [...rest, ...record_];
  if (rows.length) sections.push({ id: 'record', title: titled('record'), rows });
  return sections;
}

/** The panel's title: the place or name of the record. */
export function detailTitle(record: Record<string, unknown>): string {
  const name = record.place_name ?? record.name;
  return typeof name === 'string' && name ? name : `#${String(record.id ?? '')}`;
}
