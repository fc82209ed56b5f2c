/**
 * The answers of /api/certification (zod): the contract for the web app and the tests, which parse
 * every response with them. Timestamps are ISO 8601 strings, dates YYYY-MM-DD (Thailand).
 */
import { z } from 'zod';
import { DashboardRowSchema } from '../routes/dashboard.js';
import { CERTIFICATION_STATUSES } from './rules.js';
import { CHANGE_KINDS, SNAPSHOT_ENTITIES } from './snapshot.js';

const count = z.number().int().nonnegative();
const date = z.iso.date();
const timestamp = z.iso.datetime({ offset: true });

/** A province's figures: the dashboard's row for it (one scope, the nation level) plus police data. */
export const CountsSchema = DashboardRowSchema.omit({ key: true, name_th: true, name_en: true, province_code: true }).extend({
  problems: count,
  risk_points: count,
  risk_routes: count,
});
export type Counts = z.infer<typeof CountsSchema>;

export const StatusSchema = z.enum(['not_submitted', ...CERTIFICATION_STATUSES]);

export const DeadlineSchema = z.strictObject({ due_on: date, round_from: date, set_at: timestamp, set_by: z.string().nullable() });

export const ProvinceStatusSchema = z.strictObject({
  province_code: z.string(),
  name_th: z.string(),
  name_en: z.string(),
  /** The latest submission's status; not_submitted before the first one. */
  status: StatusSchema,
  /** The latest submission. */
  submitted_at: timestamp.nullable(),
  last_certified_at: timestamp.nullable(),
  last_certified_id: z.number().int().nullable(),
  deadline: DeadlineSchema.nullable(),
  met: z.boolean(),
  late: z.boolean(),
  overdue: z.boolean(),
  days_left: z.number().int().nullable(),
  completeness: z.strictObject({ cameras: count, complete: count, share: z.number().min(0).max(1) }),
});
export type ProvinceStatus = z.infer<typeof ProvinceStatusSchema>;

export const StatusListSchema = z.strictObject({
  today: date,
  provinces: z.array(ProvinceStatusSchema),
  summary: z.strictObject({ not_submitted: count, submitted: count, certified: count, returned: count, overdue: count, with_deadline: count }),
});
export type StatusList = z.infer<typeof StatusListSchema>;

const entityCounts = z.strictObject({ cameras: count, planned_sites: count, problems: count });
const changeTotals = z.strictObject({ added: count, changed: count, deleted: count });

export const CertificationSchema = z.strictObject({
  id: z.number().int().positive(),
  province_code: z.string(),
  status: z.enum(CERTIFICATION_STATUSES),
  submitted_at: timestamp,
  submitted_by: z.string(),
  submit_note: z.string().nullable(),
  decided_at: timestamp.nullable(),
  decided_by: z.string().nullable(),
  decision_note: z.string().nullable(),
  /** Records frozen at submission, per kind (a returned submission's rows are dropped; its counts stay). */
  records: entityCounts,
  /** Edits made between the submission and the decision, per kind. */
  changes_at_decision: z.record(z.string(), changeTotals).nullable(),
  counts: CountsSchema,
});
export type Certification = z.infer<typeof CertificationSchema>;

export const ChangeSchema = z.strictObject({
  entity: z.enum(SNAPSHOT_ENTITIES),
  id: z.number().int().positive(),
  kind: z.enum(CHANGE_KINDS),
  external_id: z.string().nullable(),
  label: z.string().nullable(),
  version_from: z.number().int().nullable(),
  version_to: z.number().int().nullable(),
  fields: z.array(z.string()),
});

const EntityChangesSchema = z.strictObject({
  added: count,
  changed: count,
  deleted: count,
  /** Changed records per field, most first. */
  by_field: z.record(z.string(), count),
  /** The first changes (added, then changed, then deleted); the rest: GET …/changes. */
  first: z.array(ChangeSchema),
});

export const ChangesSchema = z.strictObject({
  /** The submission compared with. */
  certification_id: z.number().int().positive(),
  snapshot_at: timestamp,
  added: count,
  changed: count,
  deleted: count,
  by_entity: z.strictObject({ cameras: EntityChangesSchema, planned_sites: EntityChangesSchema, problems: EntityChangesSchema }),
});

export const DifferenceSchema = z.strictObject({ path: z.string(), certified: z.number(), current: z.number() });

export const ProvinceDetailSchema = z.strictObject({
  province: z.strictObject({ code: z.string(), name_th: z.string(), name_en: z.string() }),
  status: ProvinceStatusSchema,
  current: CountsSchema,
  certified: CertificationSchema.nullable(),
  open_submission: CertificationSchema.nullable(),
  /** Figures that differ between the last certification and now. */
  differences: z.array(DifferenceSchema),
  changes_since_certification: ChangesSchema.nullable(),
  changes_since_submission: ChangesSchema.nullable(),
  history: z.array(CertificationSchema.omit({ counts: true })),
});
export type ProvinceDetail = z.infer<typeof ProvinceDetailSchema>;

export const ChangePageSchema = z.strictObject({
  certification_id: z.number().int().positive(),
  entity: z.enum(SNAPSHOT_ENTITIES),
  total: count,
  limit: count,
  offset: count,
  items: z.array(ChangeSchema),
});

export const FrozenPageSchema = z.strictObject({
  certification_id: z.number().int().positive(),
  entity: z.enum(SNAPSHOT_ENTITIES),
  total: count,
  limit: count,
  offset: count,
  items: z.array(z.strictObject({ id: z.number().int().positive(), version: z.number().int().positive(), data: z.record(z.string(), z.unknown()) })),
});

export const IncompleteSchema = z.strictObject({
  province_code: z.string(),
  /** The fields a camera must fill (the dashboard's COMPLETENESS_FIELDS), in form order. */
  fields: z.array(z.string()),
  filters: z.strictObject({ agency: z.number().nullable(), district: z.number().nullable(), field: z.string().nullable() }),
  cameras: count,
  complete: count,
  share: z.number().min(0).max(1),
  /** Cameras missing something (and, with `field`, missing that field). */
  total: count,
  limit: count,
  offset: count,
  items: z.array(
    z.strictObject({
      id: z.number().int().positive(),
      external_id: z.string().nullable(),
      place_name: z.string(),
      agency_id: z.number().nullable(),
      agency: z.string().nullable(),
      district_id: z.number().nullable(),
      status: z.string(),
      missing: z.array(z.string()),
    }),
  ),
});
export type Incomplete = z.infer<typeof IncompleteSchema>;

export const DeadlinesAnswerSchema = z.strictObject({
  deadlines: z.array(z.strictObject({ province_code: z.string(), due_on: date.nullable(), round_from: date.nullable() })),
});
