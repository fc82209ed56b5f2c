import { z } from 'zod';
import { AgencyType } from './enums.js';
import { provinceCode, recordFields, refId, requiredText, stored, text } from './fields.js';

/** A camera-owning agency (หน่วยงานเจ้าของกล้อง). */
export const agencyShape = {
  external_id: text(200),
  name: requiredText(300),
  type: AgencyType.schema,
  province_code: provinceCode().nullable().optional(),
  district_id: refId().nullable().optional(),
  contact_name: text(200),
  phone: text(50),
};
export const AgencyInputSchema = z.strictObject(agencyShape);
export const AgencyPatchSchema = AgencyInputSchema.partial();
export const AgencySchema = z.object({ ...stored(agencyShape), ...recordFields, name: z.string(), type: AgencyType.schema });
export type Agency = z.infer<typeof AgencySchema>;
