import { z } from 'zod';
import { provinceCode, recordFields, refId, requiredText, stored, text } from './fields.js';
import { AreaSchema, MultiPolygonSchema, PointSchema } from './geometry.js';

export const policeStationShape = {
  external_id: text(200),
  name_th: requiredText(300),
  name_en: text(300),
  phone: text(50),
  geometry: PointSchema,
  /** เขตรับผิดชอบ: the station's jurisdiction (does not follow district borders). */
  jurisdiction: AreaSchema.nullable().optional(),
  province_code: provinceCode().nullable().optional(),
  district_id: refId().nullable().optional(),
};
export const PoliceStationInputSchema = z.strictObject(policeStationShape);
export const PoliceStationPatchSchema = PoliceStationInputSchema.partial();
export const PoliceStationSchema = z.object({
  ...stored(policeStationShape),
  ...recordFields,
  name_th: z.string(),
  geometry: PointSchema,
  jurisdiction: MultiPolygonSchema.nullable(),
});
export type PoliceStation = z.infer<typeof PoliceStationSchema>;
