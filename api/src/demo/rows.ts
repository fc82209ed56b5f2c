/**
 * Row shapes the generators produce and the loader inserts. Plain JSON values only (numbers,
 * strings, arrays, null): a plan serialises byte-identically for the same seed and geography.
 * References to other rows go by external_id (resolved in SQL), geometry by lon/lat or GeoJSON.
 */

export type CameraStatus = 'working' | 'not_working' | 'under_repair' | 'beyond_repair';
export type CameraKind = 'fixed' | 'dome' | 'ptz';

export interface CameraRow {
  external_id: string;
  place_name: string;
  lon: number;
  lat: number;
  agency_external_id: string | null;
  contact_name: string | null;
  phone: string | null;
  address: string | null;
  year_installed: number | null;
  project: string | null;
  recorder_model: string | null;
  camera_brand: string | null;
  system: 'analog' | 'ip' | 'other' | null;
  kind: CameraKind;
  connection: 'wired' | 'wireless' | 'mobile' | 'none' | null;
  stream_url: string | null;
  area_type: string | null;
  other_details: string | null;
  purposes: string[];
  linkage: 'linked' | 'not_linked' | null;
  control_centre: string | null;
  network_type: string | null;
  network_provider: string | null;
  linked_agencies: string | null;
  linked_network: string | null;
  link_requirements: string | null;
  link_budget_baht: number | null;
  link_responsible_agency: string | null;
  retention_days: number | null;
  storage_process: string | null;
  disclosure_rules: string | null;
  footage_service_frequency: string | null;
  footage_request_procedure: string | null;
  recorded_resolution: string | null;
  max_resolution: string | null;
  fps: number | null;
  file_format: string | null;
  status: CameraStatus;
  repair_budget_baht: number | null;
  repair_agency: string | null;
  budget_source: string | null;
  direction_deg: number | null;
  fov_deg: number | null;
  range_m: number | null;
  is_demo: boolean;
  /** ISO timestamp for created_at/updated_at (null: the database's now()). */
  created_at: string | null;
  /** Synthetic rows only: index of the anchor the point was jittered from (not a column). */
  anchor?: number;
}

/** Column → PostgreSQL type of the JSON record the loader reads (geometry and FKs handled apart). */
export const CAMERA_COLUMNS: Record<Exclude<keyof CameraRow, 'lon' | 'lat' | 'agency_external_id' | 'created_at' | 'anchor'>, string> = {
  external_id: 'text',
  place_name: 'text',
  contact_name: 'text',
  phone: 'text',
  address: 'text',
  year_installed: 'int',
  project: 'text',
  recorder_model: 'text',
  camera_brand: 'text',
  system: 'text',
  kind: 'text',
  connection: 'text',
  stream_url: 'text',
  area_type: 'text',
  other_details: 'text',
  purposes: 'text[]',
  linkage: 'text',
  control_centre: 'text',
  network_type: 'text',
  network_provider: 'text',
  linked_agencies: 'text',
  linked_network: 'text',
  link_requirements: 'text',
  link_budget_baht: 'numeric',
  link_responsible_agency: 'text',
  retention_days: 'int',
  storage_process: 'text',
  disclosure_rules: 'text',
  footage_service_frequency: 'text',
  footage_request_procedure: 'text',
  recorded_resolution: 'text',
  max_resolution: 'text',
  fps: 'int',
  file_format: 'text',
  status: 'text',
  repair_budget_baht: 'numeric',
  repair_agency: 'text',
  budget_source: 'text',
  direction_deg: 'float8',
  fov_deg: 'float8',
  range_m: 'float8',
  is_demo: 'boolean',
};

export interface AgencyRow {
  external_id: string;
  name: string;
  type: 'government' | 'state_enterprise' | 'local_administration' | 'private';
  province_code: string;
  district_th: string;
  contact_name: string;
  phone: string;
  created_at: string;
}

export interface StationRow {
  external_id: string;
  name_th: string;
  name_en: string;
  phone: string;
  lon: number;
  lat: number;
  created_at: string;
}

export interface RiskPointRow {
  external_id: string;
  name: string;
  category: string;
  weight: number;
  radius_m: number | null;
  notes: string;
  lon: number;
  lat: number;
  created_at: string;
}

export interface RiskRouteRow {
  external_id: string;
  name: string;
  category: string;
  weight: number;
  notes: string;
  /** GeoJSON LineString. */
  geometry: string;
  length_m: number;
  created_at: string;
}

export interface PlannedSiteRow {
  external_id: string;
  place_name: string;
  address: string;
  lon: number;
  lat: number;
  status: 'not_started' | 'budget_requested' | 'approved' | 'installed' | 'rejected';
  reason: string;
  camera_count: number;
  system: 'analog' | 'ip';
  kind: 'fixed' | 'dome' | 'ptz';
  direction_deg: number | null;
  fov_deg: number;
  range_m: number;
  cost_baht: number;
  budget_source: string;
  priority: number;
  agency_external_id: string;
  notes: string;
  created_at: string;
}

export interface FootageRequestRow {
  external_id: string;
  camera_external_id: string;
  requested_at: string;
  incident_at: string;
  requester_unit: string;
  case_ref: string;
  result: 'pending' | 'provided' | 'no_footage' | 'camera_broken' | 'refused';
  answered_at: string | null;
  notes: string;
}

export interface ProblemRow {
  agency_external_id: string;
  category: string;
  description: string;
  suggestion: string;
  reported_on: string;
}

export interface LaoRow {
  survey_year: number;
  district_name: string;
  lao_name: string;
  budget_source: string;
  total: number;
  working: number;
  under_repair: number;
  beyond_repair: number;
  remark: string | null;
}
