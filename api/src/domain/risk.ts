import { z } from 'zod';
import { RiskCategory } from './enums.js';
import { areaInputFields, recordFields, refId, requiredText, stored, text } from './fields.js';
import { LineStringSchema, PointSchema } from './geometry.js';

const riskShape = {
  external_id: text(200),
  name: requiredText(500),
  category: RiskCategory.schema,
  weight: z.number().finite().gt(0, 'must be more than 0').max(1000).optional(),
  police_station_id: refId().nullable().optional(),
  notes: text(2000),
  ...areaInputFields,
};

/** A point the police know is risky; radius_m null = the default radius of its category. */
export const riskPointShape = {
  ...riskShape,
  radius_m: z.number().finite().gt(0).max(5000, 'at most 5000 m').nullable().optional(),
  geometry: PointSchema,
};
/** A robbers' / escape / dangerous route (เส้นทางโจร เส้นทางหลบหนี เส้นทางอันตราย). */
export const riskRouteShape = { ...riskShape, geometry: LineStringSchema };

export const RiskPointInputSchema = z.strictObject(riskPointShape);
export const RiskPointPatchSchema = RiskPointInputSchema.partial();
export const RiskPointSchema = z.object({
  ...stored(riskPointShape),
  ...recordFields,
  name: z.string(),
  category: RiskCategory.schema,
  weight: z.number(),
  geometry: PointSchema,
});

export const RiskRouteInputSchema = z.strictObject(riskRouteShape);
export const RiskRoutePatchSchema = RiskRouteInputSchema.partial();
export const RiskRouteSchema = z.object({
  ...stored(riskRouteShape),
  ...recordFields,
  name: z.string(),
  category: RiskCategory.schema,
  weight: z.number(),
  geometry: LineStringSchema,
});
export type RiskPoint = z.infer<typeof RiskPointSchema>;
export type RiskRoute = z.infer<typeof RiskRouteSchema>;
