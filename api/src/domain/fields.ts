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

/** The largest id an int column holds: a bigger one cannot name a record. */
export const INT4_MAX = 2_147_483_647;

/** A reference to another record by id. */
export const refId = () => z.number().int('must be a whole number').positive('must be a positive id').max(INT4_MAX, `must be at most ${INT4_MAX}`);

/** Years PostgreSQL and the forms take: 1900–2600 CE (so a BE year typed as CE, 2562 → 2562 CE, still passes; year 0 does not). */
const sensibleYear = (iso: string) => {
  // Not a date at all: the format check has said so already, once is enough.
  if (!/^\d{4}-\d{2}-\d{2}/.test(iso)) return true;
  const y = Number(iso.slice(0, 4));
  return y >= 1900 && y <= 2600;
};

/** A calendar day, ISO 8601 (2019-04-02), year 1900–2600. */
export const isoDay = (example = '2019-04-02') => z.iso.date(`a date such as ${example}`).refine(sensibleYear, 'the year must be between 1900 and 2600');

/** A date-time with offset, ISO 8601, year 1900–2600. */
export const isoDateTime = (example = '2019-03-01T14:30:00+07:00') =>
  z.iso.datetime({ offset: true, message: `an ISO 8601 date-time with offset, e.g. ${example}` }).refine(sensibleYear, 'the year must be between 1900 and 2600');

export const provinceCode = () => z.string().regex(/^\d{2}$/, 'a two-digit province code such as "15"');

export const directionDeg = () => z.number().finite().min(0, 'degrees from 0 (north) clockwise').lt(360, 'must be below 360').nullable().optional();
export const fovDeg = () => z.number().finite().gt(0).max(360, 'at most 360 degrees').nullable().optional();
export const rangeM = () => z.number().finite().gt(0, 'metres, more than 0').max(2000, 'at most 2000 m').nullable().optional();

/** The areas a located record belongs to; derived from its geometry when not given. */
export const areaInputFields = {
  province_code: provinceCode().nullable().optional(),
  district_id: refId().nullable().optional(),
  subdistrict_id: refId().nullable().optional(),
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
