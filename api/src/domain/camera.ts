import { z } from 'zod';
import { CameraConnection, CameraKind, CameraPurpose, CameraStatus, CameraSystem, Linkage } from './enums.js';
import { areaInputFields, baht, directionDeg, fovDeg, int, rangeM, recordFields, refId, requiredText, stored, text } from './fields.js';
import { PointSchema } from './geometry.js';

/** Part 1 of the national survey: one existing camera (field names are the database columns). */
export const cameraShape = {
  external_id: text(200),
  // 1. location and ownership
  place_name: requiredText(500), // จุดติดตั้ง/สถานที่
  agency_id: refId().nullable().optional(), // หน่วยงานเจ้าของกล้อง
  contact_name: text(200), // ชื่อผู้ติดต่อ (personal data)
  phone: text(50), // หมายเลขโทรศัพท์ (personal data)
  address: text(1000), // ที่ตั้ง
  year_installed: int(1950, 2200).nullable().optional(), // ปีที่ติดตั้ง, CE
  police_station_id: refId().nullable().optional(), // สถานีตำรวจที่รับผิดชอบ
  project: text(500), // โครงการ
  geometry: PointSchema, // พิกัด GPS
  // 2. camera properties
  recorder_model: text(200),
  camera_brand: text(200),
  system: CameraSystem.schema.nullable().optional(),
  kind: CameraKind.schema.optional(),
  connection: CameraConnection.schema.nullable().optional(),
  stream_url: z.string().trim().url('must be a URL').max(2000).nullable().optional(),
  area_type: text(200),
  other_details: text(2000),
  // 3. purpose (several allowed)
  purposes: z.array(CameraPurpose.schema).max(3).refine((a) => new Set(a).size === a.length, 'each purpose once').optional(),
  // 4. network linkage
  linkage: Linkage.schema.nullable().optional(),
  control_centre: text(300),
  network_type: text(200),
  network_provider: text(200),
  linked_agencies: text(1000),
  linked_network: text(300),
  link_requirements: text(1000),
  link_budget_baht: baht(),
  link_responsible_agency: text(300),
  // 5. recording and retrieval
  retention_days: int(0, 3650).nullable().optional(),
  storage_process: text(1000),
  disclosure_rules: text(1000),
  footage_service_frequency: text(300),
  footage_request_procedure: text(1000),
  recorded_resolution: text(50),
  max_resolution: text(50),
  fps: int(0, 240).nullable().optional(),
  file_format: text(50),
  // 6. status, repair, budget
  status: CameraStatus.schema,
  repair_budget_baht: baht(),
  repair_agency: text(300),
  budget_source: text(300),
  // view geometry inputs
  direction_deg: directionDeg(),
  fov_deg: fovDeg(),
  range_m: rangeM(),
  ...areaInputFields,
};

export const CameraInputSchema = z.strictObject(cameraShape);
export const CameraPatchSchema = CameraInputSchema.partial();
export const CameraSchema = z.object({
  ...stored(cameraShape),
  ...recordFields,
  kind: CameraKind.schema,
  purposes: z.array(CameraPurpose.schema),
  place_name: z.string(),
  status: CameraStatus.schema,
  geometry: PointSchema,
});
export type CameraInput = z.infer<typeof CameraInputSchema>;
export type Camera = z.infer<typeof CameraSchema>;
