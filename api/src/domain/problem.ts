import { z } from 'zod';
import { ProblemCategory } from './enums.js';
import { isoDay, provinceCode, recordFields, refId, requiredText, stored, text } from './fields.js';

/** Part 3: problems, obstacles and suggestions (ปัญหาอุปสรรคและข้อเสนอแนะ). */
export const problemShape = {
  province_code: provinceCode(),
  agency_id: refId().nullable().optional(),
  category: ProblemCategory.schema,
  description: requiredText(5000),
  suggestion: text(5000),
  reported_on: isoDay().optional(),
};
export const ProblemInputSchema = z.strictObject(problemShape);
export const ProblemPatchSchema = ProblemInputSchema.partial();
export const ProblemSchema = z.object({
  ...stored(problemShape),
  ...recordFields,
  province_code: z.string(),
  category: ProblemCategory.schema,
  description: z.string(),
  reported_on: z.string(),
});
export type Problem = z.infer<typeof ProblemSchema>;
