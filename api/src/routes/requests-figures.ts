/**
 * /api/figures: the footage-request log and the Part 3 problems with the figures the board asked
 * for (../shared/DOMAIN.md "Dashboard" items 4 and 5) beyond what GET /api/dashboard already gives
 * (counts by result, median days to answer, the most requested cameras, problems by category and the
 * ten latest):
 *
 *   GET /figures/footage-requests        share answered, hours to answer (median, p90, mean, within
 *                                        24 h), days from incident to request, requests made after
 *                                        the camera's retention had run out; by result, by month, by
 *                                        requester unit
 *   GET /figures/footage-requests/log    the log: who asked, which camera, incident time, result,
 *                                        time to answer — newest first, paged
 *   GET /figures/problems                problems and suggestions by category, year and kind of
 *                                        agency; the list, paged
 *
 * Scope: province / district / police_station as for the dashboard (a request belongs to its own
 * province and station and to its camera's district — dashboard.ts whereRequests), limited to the
 * reader's province for provincial accounts (403 outside it); `from` / `to` are dates in Thailand
 * (UTC+7) on the request date (problems: the reported date), both inclusive. Problems are recorded
 * per province, so they take `province` only.
 */
import { type Request, Router } from 'express';
import type { Knex } from 'knex';
import { z } from 'zod';
import type { AreaFilter, SqlPart } from '../analysis-db/filters.js';
import { principal } from '../auth/middleware.js';
import type { AppContext } from '../context.js';
import { FootageResult, ProblemCategory } from '../domain/enums.js';
import { asyncHandler, ValidationError } from '../http/errors.js';
import { collect, echoArea, parseAreaValues } from './area-params.js';
import { whereRequests } from './dashboard.js';
import { parseIntParam, rejectUnknownParams, single } from './query.js';
import { readerFor } from '../db/replica.js';

const MAX_PAGE = 1000;
/** Local time in Thailand (UTC+7 all year) of a timestamptz. */
const local = (col: string) => `((${col} at time zone 'UTC') + interval '7 hours')`;
/** Hours from the request to the answer. */
const HOURS = `(extract(epoch from (f.answered_at - f.requested_at)) / 3600.0)`;
const ANSWERED_AT = 'f.answered_at is not null';

// ---- answers ---------------------------------------------------------------------------------------

const count = z.number().int().nonnegative();
const hours = z.number().nonnegative().nullable();
const label = { label_th: z.string(), label_en: z.string() };

const timing = {
  /** Requests with an answer time. */
  timed: count,
  median_hours: hours,
  p90_hours: hours,
};

export const RequestFiguresSchema = z.strictObject({
  filters: z.strictObject({ province: z.string().nullable(), district: z.number().nullable(), police_station: z.number().nullable(), from: z.string().nullable(), to: z.string().nullable() }),
  totals: z.strictObject({
    requests: count,
    /** Requests with a result other than pending. */
    answered: count,
    share_answered: z.number().min(0).max(1),
    provided: count,
    /** provided / answered (0 without answers). */
    share_provided: z.number().min(0).max(1),
    ...timing,
    mean_hours: hours,
    /** Answered within 24 hours of the request (as Bangkok does). */
    within_24h: count,
    /** Distinct cameras asked. */
    cameras: count,
    with_incident_time: count,
    median_days_incident_to_request: hours,
    /** Asked after the camera's retention (days) had passed since the incident: the footage was likely overwritten. */
    after_retention: count,
  }),
  by_result: z.array(z.strictObject({ result: z.enum(FootageResult.values as [string, ...string[]]), ...label, requests: count, ...timing })),
  by_month: z.array(z.strictObject({ month: z.string().regex(/^\d{4}-\d{2}$/), requests: count, answered: count, provided: count, ...timing })),
  by_requester: z.array(z.strictObject({ requester_unit: z.string(), requests: count, answered: count, provided: count, share_provided: z.number().min(0).max(1), ...timing })),
});
export type RequestFigures = z.infer<typeof RequestFiguresSchema>;

export const RequestLogSchema = z.strictObject({
  total: count,
  limit: count,
  offset: count,
  items: z.array(
    z.strictObject({
      id: z.number().int().positive(),
      external_id: z.string().nullable(),
      requested_at: z.string(),
      incident_at: z.string().nullable(),
      requester_unit: z.string(),
      case_ref: z.string().nullable(),
      result: z.enum(FootageResult.values as [string, ...string[]]),
      answered_at: z.string().nullable(),
      hours_to_answer: hours,
      notes: z.string().nullable(),
      province_code: z.string().nullable(),
      police_station: z.strictObject({ id: z.number(), name_th: z.string() }).nullable(),
      camera: z.strictObject({ id: z.number(), external_id: z.string().nullable(), place_name: z.string(), agency: z.string().nullable(), status: z.string() }).nullable(),
    }),
  ),
});

export const ProblemFiguresSchema = z.strictObject({
  filters: z.strictObject({ province: z.string().nullable(), category: z.string().nullable(), from: z.string().nullable(), to: z.string().nullable() }),
  totals: z.strictObject({ problems: count, with_suggestion: count, agencies: count, provinces: count }),
  by_category: z.array(z.strictObject({ category: z.enum(ProblemCategory.values as [string, ...string[]]), ...label, problems: count, with_suggestion: count })),
  by_year: z.array(z.strictObject({ year: z.number().int(), problems: count })),
  /** Agency type of the reporting agency; 'none' = reported without an agency. */
  by_agency_type: z.array(z.strictObject({ agency_type: z.string(), problems: count })),
  total: count,
  limit: count,
  offset: count,
  items: z.array(
    z.strictObject({
      id: z.number().int().positive(),
      category: z.string(),
      description: z.string(),
      suggestion: z.string().nullable(),
      agency: z.string().nullable(),
      agency_type: z.string().nullable(),
      province_code: z.string(),
      reported_on: z.string(),
    }),
  ),
});
export type ProblemFigures = z.infer<typeof ProblemFiguresSchema>;

// ---- queries ---------------------------------------------------------------------------------------

type Rec = Record<string, unknown>;
const n = (v: unknown) => (v === null || v === undefined ? 0 : Number(v));
const h = (v: unknown) => (v === null || v === undefined ? null : Math.round(Number(v) * 100) / 100);
const share = (part: number, whole: number) => (whole ? Math.round((part / whole) * 10_000) / 10_000 : 0);

async function rows(db: Knex, sql: string, bindings: readonly (string | number)[]): Promise<Rec[]> {
  return ((await db.raw(sql, bindings as (string | number)[])) as { rows: Rec[] }).rows;
}

interface Period {
  from?: string;
  to?: string;
}

/** `col` (timestamptz) within the local dates from–to, inclusive. */
function wherePeriodTs(col: string, p: Period): SqlPart {
  const parts: string[] = [];
  const bindings: string[] = [];
  if (p.from) {
    parts.push(`${col} >= (?::date::timestamp - interval '7 hours') at time zone 'UTC'`);
    bindings.push(p.from);
  }
  if (p.to) {
    parts.push(`${col} < (?::date::timestamp + interval '1 day' - interval '7 hours') at time zone 'UTC'`);
    bindings.push(p.to);
  }
  return { sql: parts.join(' and ') || 'true', bindings };
}

const TIMING = [
  `count(*) filter (where ${ANSWERED_AT})::int as timed`,
  `percentile_cont(0.5) within group (order by ${HOURS}) filter (where ${ANSWERED_AT}) as median_hours`,
  `percentile_cont(0.9) within group (order by ${HOURS}) filter (where ${ANSWERED_AT}) as p90_hours`,
].join(', ');
const OUTCOME = `count(*)::int as requests, count(*) filter (where f.result <> 'pending')::int as answered, count(*) filter (where f.result = 'provided')::int as provided`;
const timingOf = (r: Rec) => ({ timed: n(r.timed), median_hours: h(r.median_hours), p90_hours: h(r.p90_hours) });

export async function requestFigures(db: Knex, area: AreaFilter, period: Period): Promise<RequestFigures> {
  const scope = whereRequests(area);
  const when = wherePeriodTs('f.requested_at', period);
  const from = `footage_requests f left join cameras fc on fc.id = f.camera_id`;
  const where = `${scope.sql} and ${when.sql}`;
  const b = [...scope.bindings, ...when.bindings];

  const [t] = await rows(
    db,
    `select ${OUTCOME}, ${TIMING},
            avg(${HOURS}) filter (where ${ANSWERED_AT}) as mean_hours,
            count(*) filter (where ${ANSWERED_AT} and f.answered_at - f.requested_at <= interval '24 hours')::int as within_24h,
            count(distinct f.camera_id)::int as cameras,
            count(*) filter (where f.incident_at is not null)::int as with_incident_time,
            percentile_cont(0.5) within group (order by extract(epoch from (f.requested_at - f.incident_at)) / 86400.0)
              filter (where f.incident_at is not null) as median_days_incident_to_request,
            count(*) filter (where f.incident_at is not null and fc.retention_days is not null
                               and f.requested_at - f.incident_at > make_interval(days => fc.retention_days))::int as after_retention
       from ${from} where ${where}`,
    b,
  );
  const byResult = await rows(db, `select f.result, ${OUTCOME}, ${TIMING} from ${from} where ${where} group by f.result`, b);
  const byMonth = await rows(db, `select to_char(${local('f.requested_at')}, 'YYYY-MM') as month, ${OUTCOME}, ${TIMING} from ${from} where ${where} group by 1 order by 1`, b);
  const byRequester = await rows(db, `select f.requester_unit, ${OUTCOME}, ${TIMING} from ${from} where ${where} group by 1 order by requests desc, 1`, b);

  const results = new Map(byResult.map((r) => [r.result as string, r]));
  return {
    filters: { ...echoAreaNoBbox(area), from: period.from ?? null, to: period.to ?? null },
    totals: {
      requests: n(t!.requests),
      answered: n(t!.answered),
      share_answered: share(n(t!.answered), n(t!.requests)),
      provided: n(t!.provided),
      share_provided: share(n(t!.provided), n(t!.answered)),
      ...timingOf(t!),
      mean_hours: h(t!.mean_hours),
      within_24h: n(t!.within_24h),
      cameras: n(t!.cameras),
      with_incident_time: n(t!.with_incident_time),
      median_days_incident_to_request: h(t!.median_days_incident_to_request),
      after_retention: n(t!.after_retention),
    },
    by_result: FootageResult.values.map((v) => {
      const r = results.get(v) ?? {};
      return { result: v, label_th: FootageResult.labels[v].th, label_en: FootageResult.labels[v].en, requests: n(r.requests), ...timingOf(r) };
    }),
    by_month: byMonth.map((r) => ({ month: r.month as string, requests: n(r.requests), answered: n(r.answered), provided: n(r.provided), ...timingOf(r) })),
    by_requester: byRequester.map((r) => ({
      requester_unit: r.requester_unit as string,
      requests: n(r.requests),
      answered: n(r.answered),
      provided: n(r.provided),
      share_provided: share(n(r.provided), n(r.answered)),
      ...timingOf(r),
    })),
  };
}

function echoAreaNoBbox(area: AreaFilter) {
  const { bbox: _b, ...rest } = echoArea(area);
  return rest;
}

export async function requestLog(
  db: Knex,
  area: AreaFilter,
  period: Period,
  q: { result?: string; requester?: string; camera?: number; limit: number; offset: number },
): Promise<z.infer<typeof RequestLogSchema>> {
  const scope = whereRequests(area);
  const when = wherePeriodTs('f.requested_at', period);
  const conds = [scope.sql, when.sql];
  const b: (string | number)[] = [...scope.bindings, ...when.bindings];
  if (q.result) {
    conds.push('f.result = ?');
    b.push(q.result);
  }
  if (q.requester) {
    conds.push('f.requester_unit = ?');
    b.push(q.requester);
  }
  if (q.camera !== undefined) {
    conds.push('f.camera_id = ?');
    b.push(q.camera);
  }
  const list = await rows(
    db,
    `select f.id, f.external_id, f.requested_at, f.incident_at, f.requester_unit, f.case_ref, f.result, f.answered_at,
            ${HOURS} as hours, f.notes, f.province_code, f.police_station_id, ps.name_th as station_name,
            fc.id as camera_id, fc.external_id as camera_external_id, fc.place_name, a.name as agency, fc.status as camera_status,
            count(*) over ()::int as total
       from footage_requests f
       left join cameras fc on fc.id = f.camera_id
       left join agencies a on a.id = fc.agency_id
       left join police_stations ps on ps.id = f.police_station_id
      where ${conds.join(' and ')}
      order by f.requested_at desc, f.id desc
      limit ? offset ?`,
    [...b, q.limit, q.offset],
  );
  let total = n(list[0]?.total);
  if (!list.length && q.offset > 0) {
    total = n((await rows(db, `select count(*)::int as n from footage_requests f left join cameras fc on fc.id = f.camera_id where ${conds.join(' and ')}`, b))[0]!.n);
  }
  const ts = (v: unknown) => (v === null || v === undefined ? null : (v as Date).toISOString());
  return {
    total,
    limit: q.limit,
    offset: q.offset,
    items: list.map((r) => ({
      id: n(r.id),
      external_id: (r.external_id as string | null) ?? null,
      requested_at: ts(r.requested_at)!,
      incident_at: ts(r.incident_at),
      requester_unit: r.requester_unit as string,
      case_ref: (r.case_ref as string | null) ?? null,
      result: r.result as string,
      answered_at: ts(r.answered_at),
      hours_to_answer: h(r.hours),
      notes: (r.notes as string | null) ?? null,
      province_code: (r.province_code as string | null) ?? null,
      police_station: r.police_station_id === null ? null : { id: n(r.police_station_id), name_th: r.station_name as string },
      camera:
        r.camera_id === null
          ? null
          : { id: n(r.camera_id), external_id: (r.camera_external_id as string | null) ?? null, place_name: r.place_name as string, agency: (r.agency as string | null) ?? null, status: r.camera_status as string },
    })),
  };
}

export async function problemFigures(
  db: Knex,
  province: string | undefined,
  period: Period,
  q: { category?: string; limit: number; offset: number },
): Promise<ProblemFigures> {
  const conds: string[] = ['true'];
  const b: string[] = [];
  if (province) {
    conds.push('p.province_code = ?');
    b.push(province);
  }
  if (period.from) {
    conds.push('p.reported_on >= ?::date');
    b.push(period.from);
  }
  if (period.to) {
    conds.push('p.reported_on <= ?::date');
    b.push(period.to);
  }
  const where = conds.join(' and ');
  const from = 'problems p left join agencies a on a.id = p.agency_id';
  const suggested = `nullif(btrim(p.suggestion), '') is not null`;
  const [t] = await rows(
    db,
    `select count(*)::int as problems, count(*) filter (where ${suggested})::int as with_suggestion,
            count(distinct p.agency_id)::int as agencies, count(distinct p.province_code)::int as provinces
       from ${from} where ${where}`,
    b,
  );
  const byCategory = new Map(
    (await rows(db, `select p.category, count(*)::int as problems, count(*) filter (where ${suggested})::int as with_suggestion from ${from} where ${where} group by 1`, b)).map((r) => [
      r.category as string,
      r,
    ]),
  );
  const byYear = await rows(db, `select extract(year from p.reported_on)::int as year, count(*)::int as problems from ${from} where ${where} group by 1 order by 1`, b);
  const byType = await rows(db, `select coalesce(a.type, 'none') as agency_type, count(*)::int as problems from ${from} where ${where} group by 1 order by 2 desc, 1`, b);

  const listConds = q.category ? `${where} and p.category = ?` : where;
  const listB = q.category ? [...b, q.category] : b;
  const list = await rows(
    db,
    `select p.id, p.category, p.description, p.suggestion, a.name as agency, a.type as agency_type, p.province_code, p.reported_on::text as reported_on,
            count(*) over ()::int as total
       from ${from} where ${listConds}
      order by p.reported_on desc, p.id desc limit ? offset ?`,
    [...listB, q.limit, q.offset],
  );
  let total = n(list[0]?.total);
  if (!list.length && q.offset > 0) total = n((await rows(db, `select count(*)::int as n from ${from} where ${listConds}`, listB))[0]!.n);

  return {
    filters: { province: province ?? null, category: q.category ?? null, from: period.from ?? null, to: period.to ?? null },
    totals: { problems: n(t!.problems), with_suggestion: n(t!.with_suggestion), agencies: n(t!.agencies), provinces: n(t!.provinces) },
    by_category: ProblemCategory.values.map((c) => {
      const r = byCategory.get(c) ?? {};
      return { category: c, label_th: ProblemCategory.labels[c].th, label_en: ProblemCategory.labels[c].en, problems: n(r.problems), with_suggestion: n(r.with_suggestion) };
    }),
    by_year: byYear.map((r) => ({ year: n(r.year), problems: n(r.problems) })),
    by_agency_type: byType.map((r) => ({ agency_type: r.agency_type as string, problems: n(r.problems) })),
    total,
    limit: q.limit,
    offset: q.offset,
    items: list.map((r) => ({
      id: n(r.id),
      category: r.category as string,
      description: r.description as string,
      suggestion: (r.suggestion as string | null) ?? null,
      agency: (r.agency as string | null) ?? null,
      agency_type: (r.agency_type as string | null) ?? null,
      province_code: r.province_code as string,
      reported_on: r.reported_on as string,
    })),
  };
}

// ---- the routes ------------------------------------------------------------------------------------

const isDate = (v: string) => /^\d{4}-\d{2}-\d{2}$/.test(v) && !Number.isNaN(Date.parse(`${v}T00:00:00Z`)) && new Date(`${v}T00:00:00Z`).toISOString().startsWith(v);

/** from / to (YYYY-MM-DD, from <= to), every bad one named. */
function periodChecks(req: Request, period: Period): (() => void)[] {
  const one = (name: 'from' | 'to') => () => {
    const v = single(req, name);
    if (v === undefined) return;
    if (!isDate(v)) throw new ValidationError([{ field: name, message: 'a date such as 2019-03-01', code: 'invalid_parameter' }]);
    period[name] = v;
  };
  return [
    one('from'),
    one('to'),
    () => {
      if (period.from && period.to && period.from > period.to) throw new ValidationError([{ field: 'to', message: 'must not be before from', code: 'invalid_parameter' }]);
    },
  ];
}

function pageChecks(req: Request, pg: { limit: number; offset: number }): (() => void)[] {
  return [
    () => {
      pg.limit = parseIntParam(single(req, 'limit'), 'limit', 1, MAX_PAGE, 100);
    },
    () => {
      pg.offset = parseIntParam(single(req, 'offset'), 'offset', 0, Number.MAX_SAFE_INTEGER, 0);
    },
  ];
}

const AREA = ['province', 'district', 'police_station'];

export function requestsFiguresRouter(ctx: AppContext): Router {
  const r = Router();

  r.get(
    '/figures/footage-requests',
    asyncHandler(async (req, res) => {
      const knex = readerFor(ctx, req, res); // the read replica when fresh (api/src/db/replica.ts)
      rejectUnknownParams(req, [...AREA, 'from', 'to']);
      const who = principal(req);
      let area: AreaFilter = {};
      const period: Period = {};
      await collect([
        async () => {
          area = await parseAreaValues(knex, (name) => (name === 'bbox' ? undefined : single(req, name)), who);
        },
        ...periodChecks(req, period),
      ]);
      res.json(await requestFigures(knex, area, period));
    }),
  );

  r.get(
    '/figures/footage-requests/log',
    asyncHandler(async (req, res) => {
      const knex = readerFor(ctx, req, res); // the read replica when fresh (api/src/db/replica.ts)
      rejectUnknownParams(req, [...AREA, 'from', 'to', 'result', 'requester', 'camera', 'limit', 'offset']);
      const who = principal(req);
      let area: AreaFilter = {};
      const period: Period = {};
      const pg = { limit: 100, offset: 0 };
      const q: { result?: string; requester?: string; camera?: number } = {};
      await collect([
        async () => {
          area = await parseAreaValues(knex, (name) => (name === 'bbox' ? undefined : single(req, name)), who);
        },
        ...periodChecks(req, period),
        ...pageChecks(req, pg),
        () => {
          const v = single(req, 'result');
          if (v !== undefined && !(FootageResult.values as readonly string[]).includes(v)) {
            throw new ValidationError([{ field: 'result', message: `must be one of ${FootageResult.values.join(', ')}`, code: 'invalid_parameter' }]);
          }
          q.result = v;
        },
        () => {
          const v = single(req, 'requester');
          if (v !== undefined && (v.trim() === '' || v.length > 300)) throw new ValidationError([{ field: 'requester', message: 'a requester unit, 1–300 characters', code: 'invalid_parameter' }]);
          q.requester = v?.trim();
        },
        () => {
          const v = single(req, 'camera');
          if (v !== undefined) q.camera = parseIntParam(v, 'camera', 1, Number.MAX_SAFE_INTEGER, 0);
        },
      ]);
      res.json(await requestLog(knex, area, period, { ...q, ...pg }));
    }),
  );

  r.get(
    '/figures/problems',
    asyncHandler(async (req, res) => {
      const knex = readerFor(ctx, req, res); // the read replica when fresh (api/src/db/replica.ts)
      rejectUnknownParams(req, ['province', 'category', 'from', 'to', 'limit', 'offset']);
      const who = principal(req);
      let area: AreaFilter = {};
      const period: Period = {};
      const pg = { limit: 100, offset: 0 };
      let category: string | undefined;
      await collect([
        async () => {
          area = await parseAreaValues(knex, (name) => (name === 'province' ? single(req, name) : undefined), who);
        },
        ...periodChecks(req, period),
        ...pageChecks(req, pg),
        () => {
          const v = single(req, 'category');
          if (v !== undefined && !(ProblemCategory.values as readonly string[]).includes(v)) {
            throw new ValidationError([{ field: 'category', message: `must be one of ${ProblemCategory.values.join(', ')}`, code: 'invalid_parameter' }]);
          }
          category = v;
        },
      ]);
      res.json(await problemFigures(knex, area.province, period, { category, ...pg }));
    }),
  );

  return r;
}
