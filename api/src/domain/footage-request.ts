import { z } from 'zod';
import { FootageResult } from './enums.js';
import { isoDateTime, provinceCode, recordFields, refId, requiredText, stored, text } from './fields.js';

const timestamp = () => isoDateTime();

/** A request for footage (police are the main users). */
export const footageRequestShape = {
  external_id: text(200),
  camera_id: refId().nullable().optional(),
  requested_at: timestamp(),
  incident_at: timestamp().nullable().optional(),
  requester_unit: requiredText(300),
  case_ref: text(200),
  result: FootageResult.schema.optional(),
  answered_at: timestamp().nullable().optional(),
  notes: text(2000),
  province_code: provinceCode().nullable().optional(),
  police_station_id: refId().nullable().optional(),
};
export const FootageRequestInputSchema = z
  .strictObject(footageRequestShape)
  .refine((r) => !r.answered_at || Date.parse(r.answered_at) >= Date.parse(r.requested_at), {
    message: 'must not be before requested_at',
    path: ['answered_at'],
  });
export const FootageRequestPatchSchema = z.strictObject(footageRequestShape).partial();
export const FootageRequestSchema = z.object({
  ...stored(footageRequestShape),
  ...recordFields,
  requested_at: z.coerce.date(),
  incident_at: z.coerce.date().nullable(),
  answered_at: z.coerce.date().nullable(),
  requester_unit: z.string(),
  result: FootageResult.schema,
});
export type FootageRequest = z.infer<typeof FootageRequestSchema>;
