import { z } from 'zod';
import { MultiPolygonSchema } from './geometry.js';

export const ProvinceSchema = z.object({
  code: z.string(),
  name_th: z.string(),
  name_en: z.string(),
  region: z.string().nullable(),
  area_sqkm: z.number().nullable(),
  geometry: MultiPolygonSchema.nullable().optional(),
});
export const DistrictSchema = z.object({
  id: z.number().int(),
  province_code: z.string(),
  name_th: z.string(),
  name_en: z.string(),
  geometry: MultiPolygonSchema.nullable().optional(),
});
export const SubdistrictSchema = DistrictSchema.extend({ district_id: z.number().int() });
