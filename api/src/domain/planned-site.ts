import { z } from 'zod';
import { CameraKind, CameraSystem, SiteStatus } from './enums.js';
import { areaInputFields, baht, directionDeg, fovDeg, int, rangeM, recordFields, refId, requiredText, stored, text } from './fields.js';
import { PointSchema } from './geometry.js';

/** Part 2: an additional installation point (a risk or important point that needs cameras). */
export const plannedSiteShape = {
  external_id: text(200),
  place_name: requiredText(500),
  address: text(1000),
  geometry: PointSchema,
  status: SiteStatus.schema.optional(),
  reason: text(2000), // เหตุผลในการติดตั้ง
  camera_count: int(1, 1000).optional(),
  system: CameraSystem.schema.nullable().optional(),
  kind: CameraKind.schema.optional(),
  direction_deg: directionDeg(),
  fov_deg: fovDeg(),
  range_m: rangeM(),
  cost_baht: baht(),
  budget_source: text(300),
  priority: int(1, 100000).nullable().optional(), // จัดลำดับความสำคัญเร่งด่วน
  agency_id: refId().nullable().optional(),
  police_station_id: refId().nullable().optional(),
  notes: text(2000),
  ...areaInputFields,
};

export const PlannedSiteInputSchema = z.strictObject(plannedSiteShape);
export const PlannedSitePatchSchema = PlannedSiteInputSchema.partial();
export const PlannedSiteSchema = z.object({
  ...stored(plannedSiteShape),
  ...recordFields,
  place_name: z.string(),
  status: SiteStatus.schema,
  kind: CameraKind.schema,
  camera_count: z.number().int(),
  geometry: PointSchema,
});
export type PlannedSite = z.infer<typeof PlannedSiteSchema>;
