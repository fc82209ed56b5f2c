import { z } from 'zod';
import { int, provinceCode, recordFields, refId, requiredText, stored, text } from './fields.js';

/**
 * One row of the DLA maintenance survey of LAO cameras: province / district / LAO / budget source.
 * Rule of the form: total = working + under repair + beyond repair.
 */
export const laoSurveyShape = {
  survey_year: int(2000, 2200),
  province_code: provinceCode(),
  district_name: requiredText(200),
  district_id: refId().nullable().optional(),
  lao_name: requiredText(300),
  budget_source: requiredText(300),
  total: int(0, 1_000_000),
  working: int(0, 1_000_000),
  under_repair: int(0, 1_000_000),
  beyond_repair: int(0, 1_000_000),
  remark: text(2000),
};
const totalRule = (r: { total?: number; working?: number; under_repair?: number; beyond_repair?: number }) =>
  r.total === undefined || r.total === (r.working ?? 0) + (r.under_repair ?? 0) + (r.beyond_repair ?? 0);
export const LaoSurveyInputSchema = z.strictObject(laoSurveyShape).refine(totalRule, {
  message: 'total must equal working + under_repair + beyond_repair',
  path: ['total'],
});
export const LaoSurveyPatchSchema = z.strictObject(laoSurveyShape).partial();
export const LaoSurveySchema = z.object({ ...stored(laoSurveyShape), ...recordFields, total: z.number().int(), working: z.number().int(), under_repair: z.number().int(), beyond_repair: z.number().int() });
export type LaoSurveyRow = z.infer<typeof LaoSurveySchema>;
