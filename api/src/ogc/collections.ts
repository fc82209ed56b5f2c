/**
 * The feature collections served at /ogc: one descriptor per collection. Every table, column and
 * geometry name that reaches SQL in this module's queries comes from here, never from a request.
 *
 * Not exposed on purpose: contact_name, phone and stream_url (personal data under the Thai PDPA;
 * role-scoped access comes later), record bookkeeping (version, created_at, updated_at) and photos.
 */

import { RANGE_LIMITS } from '../analysis/index.js';
import { CameraConnection, CameraKind, CameraStatus, CameraSystem, Linkage, RiskCategory, SiteStatus } from '../domain/enums.js';

export type PropertyType = 'string' | 'integer' | 'number' | 'boolean' | 'string[]';

export interface PropertyDef {
  /** Name in the GeoJSON properties and in query parameters. */
  name: string;
  /** Table column when it differs from name (e.g. provinces.code served as province_code). */
  column?: string;
  type: PropertyType;
  /** May be used as a query parameter `?name=value` (exact match) on /items. */
  queryable?: boolean;
  /** Allowed values (mirrors the CHECK constraint of the column). */
  enum?: readonly string[];
  /** int4 columns: filter values outside the 32-bit range are rejected before they reach SQL. */
  int32?: boolean;
  /** Not a column: computed by the collection's provider (see CollectionDef.computed). */
  virtual?: boolean;
  description?: string;
}

export type GeometryType = 'Point' | 'LineString' | 'Polygon' | 'MultiPolygon';

export interface CollectionDef {
  id: string;
  title: { th: string; en: string };
  description: string;
  table: string;
  /** Primary key served as the feature id. */
  idColumn: string;
  /** 'integer' for serial/bigserial keys, 'code' for the two-digit province code. */
  idType: 'integer' | 'code';
  /** The largest id the column can hold (int4 or the JS safe-integer limit for int8). */
  idMax?: number;
  geomColumn: string;
  geometryType: GeometryType;
  /** Leave out rows whose geometry is NULL (a station without a jurisdiction polygon). */
  skipNullGeometry?: boolean;
  /**
   * Features computed in TypeScript from the rows of `table` instead of read from a geometry
   * column ('camera_views': ogc/views.ts). geomColumn is then the rows' position.
   */
  computed?: 'camera_views';
  /** SQL expression (over the table's columns) whose ST_Extent is the collection's extent. */
  extentSql?: string;
  properties: readonly PropertyDef[];
}

const INT4_MAX = 2_147_483_647;

// The allowed values come from the domain enumerations (a test checks them against the CHECKs).
const STATUS = CameraStatus.values;
const SITE_STATUS = SiteStatus.values;
const SYSTEM = CameraSystem.values;
const KIND = CameraKind.values;
const CONNECTION = CameraConnection.values;
const LINKAGE = Linkage.values;
const RISK_CATEGORY = RiskCategory.values;

// Area keys every located record carries (derived from the geometry by the area trigger).
const provinceCode: PropertyDef = { name: 'province_code', type: 'string', queryable: true, description: 'two-digit province code (รหัสจังหวัด)' };
const districtId: PropertyDef = { name: 'district_id', type: 'integer', queryable: true, int32: true, description: 'district (อำเภอ/เขต) id' };
const subdistrictId: PropertyDef = { name: 'subdistrict_id', type: 'integer', queryable: true, int32: true, description: 'subdistrict (ตำบล/แขวง) id' };
const policeStationId: PropertyDef = { name: 'police_station_id', type: 'integer', queryable: true, int32: true, description: 'responsible police station id' };
const agencyId: PropertyDef = { name: 'agency_id', type: 'integer', queryable: true, int32: true, description: 'owner agency id' };
const isDemo: PropertyDef = { name: 'is_demo', type: 'boolean', queryable: true, description: 'true for generated demonstration data' };
const externalId: PropertyDef = { name: 'external_id', type: 'string', description: 'id in the source system or spreadsheet' };
const text = (name: string, description?: string): PropertyDef => ({ name, type: 'string', description });
const num = (name: string, description?: string): PropertyDef => ({ name, type: 'number', description });
const int = (name: string, description?: string): PropertyDef => ({ name, type: 'integer', int32: true, description });

// A station and its jurisdiction are two views of one row.
const stationProperties: readonly PropertyDef[] = [
  { name: 'police_station_id', column: 'id', type: 'integer', int32: true, queryable: true },
  externalId,
  { name: 'name_th', type: 'string', queryable: true },
  { name: 'name_en', type: 'string', queryable: true },
  provinceCode,
  districtId,
  isDemo,
];

export const COLLECTIONS: readonly CollectionDef[] = [
  {
    id: 'cameras',
    title: { th: 'กล้องโทรทัศน์วงจรปิดที่มีในปัจจุบัน', en: 'Existing CCTV cameras' },
    description: 'Part 1 survey: every camera bought with public money and every private camera facing a public area.',
    table: 'cameras',
    idColumn: 'id',
    idType: 'integer',
    geomColumn: 'geom',
    geometryType: 'Point',
    properties: [
      externalId,
      text('place_name', 'installation point / place (จุดติดตั้ง/สถานที่)'),
      agencyId,
      text('address'),
      { ...int('year_installed', 'year installed (CE)'), queryable: true },
      text('project'),
      text('recorder_model'),
      text('camera_brand'),
      { name: 'system', type: 'string', enum: SYSTEM, queryable: true },
      { name: 'kind', type: 'string', enum: KIND, queryable: true },
      { name: 'connection', type: 'string', enum: CONNECTION, queryable: true },
      text('area_type'),
      text('other_details'),
      { name: 'purposes', type: 'string[]', description: 'deterrence, investigation, traffic' },
      { name: 'linkage', type: 'string', enum: LINKAGE, queryable: true },
      text('control_centre'),
      text('network_type'),
      text('network_provider'),
      text('linked_agencies'),
      text('linked_network'),
      text('link_requirements'),
      num('link_budget_baht'),
      text('link_responsible_agency'),
      int('retention_days'),
      text('storage_process'),
      text('disclosure_rules'),
      text('footage_service_frequency'),
      text('footage_request_procedure'),
      text('recorded_resolution'),
      text('max_resolution'),
      int('fps'),
      text('file_format'),
      { name: 'status', type: 'string', enum: STATUS, queryable: true, description: 'สถานะการใช้งาน' },
      num('repair_budget_baht'),
      text('repair_agency'),
      text('budget_source'),
      num('direction_deg', 'view direction, degrees clockwise from north'),
      num('fov_deg', 'field of view, degrees'),
      num('range_m', 'useful range, metres'),
      provinceCode,
      districtId,
      subdistrictId,
      policeStationId,
      isDemo,
    ],
  },
  {
    id: 'planned_sites',
    title: { th: 'จุดติดตั้งกล้อง CCTV เพิ่มเติม', en: 'Planned CCTV installation sites' },
    description: 'Part 2 survey: risk or important points that need cameras, with status, budget and priority.',
    table: 'planned_sites',
    idColumn: 'id',
    idType: 'integer',
    geomColumn: 'geom',
    geometryType: 'Point',
    properties: [
      externalId,
      text('place_name'),
      text('address'),
      { name: 'status', type: 'string', enum: SITE_STATUS, queryable: true },
      text('reason', 'เหตุผลในการติดตั้ง'),
      int('camera_count'),
      { name: 'system', type: 'string', enum: SYSTEM, queryable: true },
      { name: 'kind', type: 'string', enum: KIND, queryable: true },
      num('direction_deg'),
      num('fov_deg'),
      num('range_m'),
      num('cost_baht'),
      text('budget_source'),
      { ...int('priority', '1 = most urgent (จัดลำดับความสำคัญ)'), queryable: true },
      agencyId,
      text('notes'),
      provinceCode,
      districtId,
      subdistrictId,
      policeStationId,
      isDemo,
    ],
  },
  {
    id: 'risk_points',
    title: { th: 'จุดเสี่ยง', en: 'Risk points' },
    description: 'Points the police know as risky (robbery, accident black spots, crime hotspots, tourist sites).',
    table: 'risk_points',
    idColumn: 'id',
    idType: 'integer',
    geomColumn: 'geom',
    geometryType: 'Point',
    properties: [
      externalId,
      text('name'),
      { name: 'category', type: 'string', enum: RISK_CATEGORY, queryable: true },
      num('weight'),
      num('radius_m'),
      text('notes'),
      provinceCode,
      districtId,
      subdistrictId,
      policeStationId,
      isDemo,
    ],
  },
  {
    id: 'risk_routes',
    title: { th: 'เส้นทางเสี่ยง', en: 'Risk routes' },
    description: "Robbers' routes, escape routes and dangerous routes (เส้นทางโจร เส้นทางหลบหนี เส้นทางอันตราย).",
    table: 'risk_routes',
    idColumn: 'id',
    idType: 'integer',
    geomColumn: 'geom',
    geometryType: 'LineString',
    properties: [
      externalId,
      text('name'),
      { name: 'category', type: 'string', enum: RISK_CATEGORY, queryable: true },
      num('weight'),
      text('notes'),
      provinceCode,
      districtId,
      subdistrictId,
      policeStationId,
      isDemo,
    ],
  },
  {
    id: 'police_stations',
    title: { th: 'สถานีตำรวจ', en: 'Police stations' },
    description: 'Police station locations. Their areas of responsibility are the police_jurisdictions collection.',
    table: 'police_stations',
    idColumn: 'id',
    idType: 'integer',
    idMax: INT4_MAX,
    geomColumn: 'geom',
    geometryType: 'Point',
    properties: stationProperties,
  },
  {
    id: 'police_jurisdictions',
    title: { th: 'เขตรับผิดชอบของสถานีตำรวจ', en: 'Police station jurisdictions' },
    description: 'Areas of responsibility of the police stations that have one (they do not follow district borders).',
    table: 'police_stations',
    idColumn: 'id',
    idType: 'integer',
    idMax: INT4_MAX,
    geomColumn: 'jurisdiction',
    geometryType: 'MultiPolygon',
    skipNullGeometry: true,
    properties: stationProperties,
  },
  {
    id: 'provinces',
    title: { th: 'จังหวัด', en: 'Provinces' },
    description: 'The 77 provinces including Bangkok. The feature id is the two-digit province code.',
    table: 'provinces',
    idColumn: 'code',
    idType: 'code',
    geomColumn: 'geom',
    geometryType: 'MultiPolygon',
    properties: [
      { name: 'province_code', column: 'code', type: 'string', queryable: true },
      { name: 'name_th', type: 'string', queryable: true },
      { name: 'name_en', type: 'string', queryable: true },
      { name: 'region', type: 'string', queryable: true },
      num('area_sqkm', 'area, km²'),
    ],
  },
  {
    id: 'districts',
    title: { th: 'อำเภอ/เขต', en: 'Districts' },
    description: 'The 928 districts (amphoe / khet).',
    table: 'districts',
    idColumn: 'id',
    idType: 'integer',
    idMax: INT4_MAX,
    geomColumn: 'geom',
    geometryType: 'MultiPolygon',
    properties: [
      { ...districtId, column: 'id' },
      { name: 'name_th', type: 'string', queryable: true },
      { name: 'name_en', type: 'string', queryable: true },
      provinceCode,
    ],
  },
  {
    id: 'subdistricts',
    title: { th: 'ตำบล/แขวง', en: 'Subdistricts' },
    description: 'The 7,419 subdistricts (tambon / khwaeng). 21 have no area in the source: their geometry is null.',
    table: 'subdistricts',
    idColumn: 'id',
    idType: 'integer',
    idMax: INT4_MAX,
    geomColumn: 'geom',
    geometryType: 'MultiPolygon',
    properties: [
      { ...subdistrictId, column: 'id' },
      { name: 'name_th', type: 'string', queryable: true },
      { name: 'name_en', type: 'string', queryable: true },
      districtId,
      provinceCode,
    ],
  },
  {
    id: 'camera_views',
    title: { th: 'พื้นที่มุมมองของกล้อง', en: 'Camera views' },
    description:
      'What each camera watches: a sector (direction, field of view, range) or a circle for dome and PTZ cameras and unknown ' +
      'directions, with defaults by kind and resolution (docs/analysis.md). mode=effective (default) serves the views of working ' +
      'cameras, mode=nominal those of every camera; bbox selects the views whose polygon intersects the box.',
    table: 'cameras',
    idColumn: 'id',
    idType: 'integer',
    geomColumn: 'geom',
    geometryType: 'Polygon',
    computed: 'camera_views',
    // Every view lies within its camera's range: range_m, else at most the longest default range.
    extentSql: `atlas_expand_m(geom, coalesce(range_m, ${RANGE_LIMITS.max}) + 1)`,
    properties: [
      { name: 'camera_id', column: 'id', type: 'integer', description: 'the camera (also the feature id)' },
      {
        name: 'mode',
        type: 'string',
        queryable: true,
        virtual: true,
        description: 'effective (default: views of working cameras) or nominal (views of every camera)',
      },
      { name: 'status', type: 'string', enum: STATUS, queryable: true, description: 'สถานะการใช้งาน' },
      { name: 'kind', type: 'string', enum: KIND, queryable: true },
      text('place_name', 'installation point / place (จุดติดตั้ง/สถานที่)'),
      { ...num('direction_deg', 'view direction as analysed, degrees clockwise from north; null for a circle'), virtual: true },
      { ...num('fov_deg', 'field of view as analysed (defaults filled), degrees'), virtual: true },
      { ...num('range_m', 'range as analysed (defaults filled), metres'), virtual: true },
      { name: 'circle', type: 'boolean', virtual: true, description: 'true when the view is a full circle' },
      { name: 'defaulted', type: 'string[]', virtual: true, description: 'which of fov, range, direction came from defaults' },
      agencyId,
      provinceCode,
      districtId,
      subdistrictId,
      policeStationId,
      isDemo,
    ],
  },
];

/** Columns that must never leave the server through this API. */
export const FORBIDDEN_COLUMNS: readonly string[] = ['contact_name', 'phone', 'stream_url'];

/** Query parameters of /items that are not property filters. */
export const STANDARD_ITEM_PARAMS: readonly string[] = ['f', 'bbox', 'bbox-crs', 'limit', 'offset', 'datetime', 'crs'];

const byId = new Map(COLLECTIONS.map((c) => [c.id, c]));

export function findCollection(id: string): CollectionDef | undefined {
  return byId.get(id);
}

export function columnOf(p: PropertyDef): string {
  return p.column ?? p.name;
}

// Guard the table once at start-up: a descriptor edit that would leak personal data or shadow a
// standard parameter fails loudly instead of quietly changing the public API.
for (const c of COLLECTIONS) {
  for (const p of c.properties) {
    if (FORBIDDEN_COLUMNS.includes(columnOf(p)) || FORBIDDEN_COLUMNS.includes(p.name)) {
      throw new Error(`ogc: ${c.id}.${p.name} must not be exposed (personal data)`);
    }
    if (STANDARD_ITEM_PARAMS.includes(p.name)) throw new Error(`ogc: ${c.id}.${p.name} shadows a standard parameter`);
  }
  if (new Set(c.properties.map((p) => p.name)).size !== c.properties.length) throw new Error(`ogc: ${c.id} has duplicate properties`);
}
