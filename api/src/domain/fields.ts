import { z } from 'zod';

/** Free text as officials type it: trimmed, empty -> null, bounded. */
export const text = (max = 2000) =>
  z
    .string()
    .trim()
    .max(max, `at most ${max} characters`)
    .transform((s) => (s === '' ? null : s))
    .nullable()
    .optional();

export const requiredText = (max = 500) => z.string().trim().min(1, 'is required').max(max, `at most ${max} characters`);

export const baht = () => z.number().finite().min(0, 'must be 0 or more baht').max(1e12).nullable().optional();

export const int = (min: number, max: number) =>
  z.number().int('must be a whole number').min(min, `must be at least ${min}`).max(max, `must be at most ${max}`);

export const provinceCode = () => z.string().regex(/^\d{2}$/, 'a two-digit province code such as "15"');

export const directionDeg = () => z.number().finite().min(0, 'degrees from 0 (north) clockwise').lt(360, 'must be below 360').nullable().optional();
export const fovDeg = () => z.number().finite().gt(0).max(360, 'at most 360 degrees').nullable().optional();
export const rangeM = () => z.number().finite().gt(0, 'metres, more than 0').max(2000, 'at most 2000 m').nullable().optional();

/** The areas a located record belongs to; derived from its geometry when not given. */
export const areaInputFields = {
  province_code: provinceCode().nullable().optional(),
  district_id: z.number().int().positive().nullable().optional(),
  subdistrict_id: z.number().int().positive().nullable().optional(),
};

/** Columns every stored record has. */
export const recordFields = {
  id: z.number().int().positive(),
  is_demo: z.boolean(),
  version: z.number().int().positive(),
  created_at: z.coerce.date(),
  updated_at: z.coerce.date(),
};

/** Output side of an input schema: everything present, optional becomes nullable. */
export function stored<T extends z.ZodRawShape>(shape: T) {
  return Object.fromEntries(
    Object.entries(shape).map(([k, v]) => [k, (v as z.ZodType).nullable()]),
  ) as unknown as { [K in keyof T]: z.ZodNullable<T[K]> };
}
