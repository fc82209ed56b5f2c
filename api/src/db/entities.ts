import type { z } from 'zod';
import * as d from '../domain/index.js';

export type GeometryType = 'Point' | 'LineString' | 'MultiPolygon';

/** How one aggregate is stored and exposed by the generic repository and REST router. */
export interface EntityDef {
  /** URL segment under /api (kebab-case). */
  path: string;
  table: string;
  /** Singular, for messages ("camera 12 not found"). */
  noun: string;
  input: z.ZodType;
  patch: z.ZodType;
  output: z.ZodType;
  /** Input keys that are geometries -> their column and stored type. */
  geometries: Record<string, { column: string; type: GeometryType }>;
  /** Input keys stored as-is in columns of the same name. */
  columns: string[];
  /** Columns the list endpoint can filter on, by query parameter name. */
  filters: Record<string, { column: string; type: 'int' | 'text' }>;
  /** Columns set by triggers from the geometry when not given (left alone by PUT). */
  derived: string[];
}

const located = {
  province: { column: 'province_code', type: 'text' },
  district: { column: 'district_id', type: 'int' },
  subdistrict: { column: 'subdistrict_id', type: 'int' },
  police_station: { column: 'police_station_id', type: 'int' },
} as const;
const derivedAreas = ['province_code', 'district_id', 'subdistrict_id', 'police_station_id'];

function keys(shape: Record<string, unknown>, geometryKeys: string[]): string[] {
  return Object.keys(shape).filter((k) => !geometryKeys.includes(k));
}

export const ENTITIES: EntityDef[] = [
  {
    path: 'cameras',
    table: 'cameras',
    noun: 'camera',
    input: d.CameraInputSchema,
    patch: d.CameraPatchSchema,
    output: d.CameraSchema,
    geometries: { geometry: { column: 'geom', type: 'Point' } },
    columns: keys(d.cameraShape, ['geometry']),
    filters: {
      ...located,
      status: { column: 'status', type: 'text' },
      agency: { column: 'agency_id', type: 'int' },
      kind: { column: 'kind', type: 'text' },
      linkage: { column: 'linkage', type: 'text' },
      external_id: { column: 'external_id', type: 'text' },
    },
    derived: derivedAreas,
  },
  {
    path: 'planned-sites',
    table: 'planned_sites',
    noun: 'planned site',
    input: d.PlannedSiteInputSchema,
    patch: d.PlannedSitePatchSchema,
    output: d.PlannedSiteSchema,
    geometries: { geometry: { column: 'geom', type: 'Point' } },
    columns: keys(d.plannedSiteShape, ['geometry']),
    filters: { ...located, status: { column: 'status', type: 'text' }, agency: { column: 'agency_id', type: 'int' }, external_id: { column: 'external_id', type: 'text' } },
    derived: derivedAreas,
  },
  {
    path: 'risk-points',
    table: 'risk_points',
    noun: 'risk point',
    input: d.RiskPointInputSchema,
    patch: d.RiskPointPatchSchema,
    output: d.RiskPointSchema,
    geometries: { geometry: { column: 'geom', type: 'Point' } },
    columns: keys(d.riskPointShape, ['geometry']),
    filters: { ...located, category: { column: 'category', type: 'text' }, external_id: { column: 'external_id', type: 'text' } },
    derived: derivedAreas,
  },
  {
    path: 'risk-routes',
    table: 'risk_routes',
    noun: 'risk route',
    input: d.RiskRouteInputSchema,
    patch: d.RiskRoutePatchSchema,
    output: d.RiskRouteSchema,
    geometries: { geometry: { column: 'geom', type: 'LineString' } },
    columns: keys(d.riskRouteShape, ['geometry']),
    filters: { ...located, category: { column: 'category', type: 'text' }, external_id: { column: 'external_id', type: 'text' } },
    derived: derivedAreas,
  },
  {
    path: 'police-stations',
    table: 'police_stations',
    noun: 'police station',
    input: d.PoliceStationInputSchema,
    patch: d.PoliceStationPatchSchema,
    output: d.PoliceStationSchema,
    geometries: {
      geometry: { column: 'geom', type: 'Point' },
      jurisdiction: { column: 'jurisdiction', type: 'MultiPolygon' },
    },
    columns: keys(d.policeStationShape, ['geometry', 'jurisdiction']),
    filters: { province: located.province, district: located.district, external_id: { column: 'external_id', type: 'text' } },
    derived: ['province_code', 'district_id'],
  },
  {
    path: 'agencies',
    table: 'agencies',
    noun: 'agency',
    input: d.AgencyInputSchema,
    patch: d.AgencyPatchSchema,
    output: d.AgencySchema,
    geometries: {},
    columns: keys(d.agencyShape, []),
    filters: { province: located.province, district: located.district, type: { column: 'type', type: 'text' } },
    derived: [],
  },
  {
    path: 'footage-requests',
    table: 'footage_requests',
    noun: 'footage request',
    input: d.FootageRequestInputSchema,
    patch: d.FootageRequestPatchSchema,
    output: d.FootageRequestSchema,
    geometries: {},
    columns: keys(d.footageRequestShape, []),
    filters: {
      province: located.province,
      police_station: located.police_station,
      camera: { column: 'camera_id', type: 'int' },
      result: { column: 'result', type: 'text' },
    },
    derived: ['province_code', 'police_station_id'],
  },
  {
    path: 'problems',
    table: 'problems',
    noun: 'problem',
    input: d.ProblemInputSchema,
    patch: d.ProblemPatchSchema,
    output: d.ProblemSchema,
    geometries: {},
    columns: keys(d.problemShape, []),
    filters: { province: located.province, agency: { column: 'agency_id', type: 'int' }, category: { column: 'category', type: 'text' } },
    derived: [],
  },
  {
    path: 'lao-surveys',
    table: 'lao_maintenance_rows',
    noun: 'LAO survey row',
    input: d.LaoSurveyInputSchema,
    patch: d.LaoSurveyPatchSchema,
    output: d.LaoSurveySchema,
    geometries: {},
    columns: keys(d.laoSurveyShape, []),
    filters: { province: located.province, district: located.district, survey_year: { column: 'survey_year', type: 'int' } },
    derived: [],
  },
];

export function entity(path: string): EntityDef {
  const e = ENTITIES.find((x) => x.path === path);
  if (!e) throw new Error(`unknown entity ${path}`);
  return e;
}
