import { type Request, Router } from 'express';
import type { Knex } from 'knex';
import { z } from 'zod';
import type { AreaFilter } from '../analysis-db/filters.js';
import { recordAudit } from '../audit/log.js';
import { ForbiddenError, principal } from '../auth/middleware.js';
import { canReadProvince, canWriteRow, type Principal, WRITERS } from '../auth/principal.js';
import type { AppContext } from '../context.js';
import { isoDay } from '../domain/fields.js';
import { asyncHandler, NotFoundError, ValidationError, zodToFieldErrors, type FieldError } from '../http/errors.js';
import { heavy } from '../http/heavy.js';
import { buildPlanningProblem, type PlanningProblem } from '../planning/build.js';
import { rankPlan, type PlanResult } from '../planning/plan.js';
import { METHODS } from '../planning/solve.js';
import { PLAN_EXPORT_FORMATS, planExportFilename, writePlanExport, type PlanExportFormat } from '../planning-db/export.js';
import { loadPlanningData, planningInput } from '../planning-db/load.js';
import { approvePlan, changePriorities, deletePlan, getPlan, listPlans, savePlan } from '../planning-db/plans.js';
import { collect, echoArea, parseAreaValues } from './area-params.js';
import { parseId, parseIntParam, rejectUnknownParams } from './query.js';
import { readerFor } from '../db/replica.js';

/**
 * /api/plans: budget-constrained ranking of proposed sites and repairs (POST /rank), and saved
 * plans — create (ranks and saves a draft), list, read, change priorities with reasons, approve
 * (moves the sites to "approved"), delete drafts, export as XLSX or GeoJSON. docs/planning.md.
 * Request fields are snake_case like the query parameters of /api/analysis; results keep the
 * engine's camelCase.
 */

export const MAX_TIME_LIMIT_S = 120;
export const DEFAULT_TIME_LIMIT_S = 10;

const rankFields = {
  province: z.union([z.string(), z.number()]).optional(),
  district: z.union([z.number(), z.string()]).optional(),
  police_station: z.union([z.number(), z.string()]).optional(),
  bbox: z.union([z.string(), z.array(z.number()).length(4)]).optional(),
  budget: z.number('a number of baht').min(0).max(1e13),
  method: z.enum(METHODS).default('auto'),
  time_limit: z.number().min(0.1).max(MAX_TIME_LIMIT_S).default(DEFAULT_TIME_LIMIT_S),
  forced: z.record(z.string(), z.enum(['in', 'out', 'free'])).optional(),
  piece_m: z.number().min(1).max(1000).optional(),
  request_weight: z.number().min(0).max(1e6).optional(),
  approved_forced_in: z.boolean().optional(),
  kinds: z.array(z.enum(['site', 'repair'])).min(1).optional(),
  requests_since: isoDay('2025-01-01').optional(),
  curve_step: z.number().positive().max(1e13).optional(),
};
const RankBody = z.object(rankFields).strict();
const CreateBody = z.object({ ...rankFields, name: z.string().trim().min(1).max(200), notes: z.string().max(10_000).nullable().optional() }).strict();
const PatchBody = z
  .object({
    version: z.number().int().positive().optional(),
    name: z.string().trim().min(1).max(200).optional(),
    notes: z.string().max(10_000).nullable().optional(),
    priorities: z
      .array(z.object({ candidate: z.string().min(1).max(100), priority: z.number().int().min(1).nullable(), reason: z.string().trim().min(1, 'give the reason for the change').max(2000) }).strict())
      .max(10_000)
      .optional(),
  })
  .strict();
const ApproveBody = z.object({ version: z.number().int().positive().optional() }).strict();

function parse<T extends z.ZodType>(schema: T, body: unknown): z.infer<T> {
  if (body === undefined || body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw new ValidationError([{ field: '', message: 'the body must be a JSON object', code: 'invalid_body' }]);
  }
  const r = schema.safeParse(body);
  if (!r.success) throw new ValidationError(zodToFieldErrors(r.error));
  return r.data;
}

type RankRequest = z.infer<typeof RankBody>;

/** The engine's messages start with the option they are about; map them to the request's fields. */
const FIELD_OF: [RegExp, (m: RegExpExecArray) => string][] = [
  [/^forced\.(\S+):/, (m) => `forced.${m[1]}`],
  [/^pieceM:/, () => 'piece_m'],
  [/^requestWeight:/, () => 'request_weight'],
  [/^curveStep:/, () => 'curve_step'],
  [/^the forced-in candidates cost/, () => 'budget'],
];

function asBadInput(err: unknown): never {
  if (err instanceof Error) {
    for (const [re, field] of FIELD_OF) {
      const m = re.exec(err.message);
      if (m) throw new ValidationError([{ field: field(m), message: err.message, code: 'invalid_plan_request' }]);
    }
  }
  throw err;
}

/** The area, the problem from the database, and the ranked plan. */
async function rank(knex: Knex, body: RankRequest, who: Principal): Promise<{ area: AreaFilter; pp: PlanningProblem; result: PlanResult }> {
  const str = (v: unknown) => (v === undefined ? undefined : Array.isArray(v) ? v.join(',') : String(v));
  const area = await parseAreaValues(knex, (name) => str((body as Record<string, unknown>)[name]), who);
  const data = await loadPlanningData(knex, area, { requestsSince: body.requests_since });
  try {
    const pp = buildPlanningProblem(
      planningInput(data, body.budget, {
        forced: body.forced,
        options: { pieceM: body.piece_m, requestWeight: body.request_weight, approvedForcedIn: body.approved_forced_in, kinds: body.kinds },
      }),
    );
    const result = await rankPlan(pp, { method: body.method, timeLimitS: body.time_limit, curveStep: body.curve_step });
    return { area, pp, result };
  } catch (err) {
    return asBadInput(err);
  }
}

/** The request options a saved plan keeps besides area, budget, method and time limit. */
function optionsOf(b: RankRequest): Record<string, unknown> {
  const o: Record<string, unknown> = {};
  for (const k of ['forced', 'piece_m', 'request_weight', 'approved_forced_in', 'kinds', 'requests_since', 'curve_step'] as const) if (b[k] !== undefined) o[k] = b[k];
  return o;
}

/** What the audit log keeps of a plan: its figures and the committee's order, not the snapshot. */
function summary(plan: object): Record<string, unknown> {
  const p = plan as { id: number; name: string; status: string; province_code: string | null; budget_baht: number; method: string; version: number; notes?: string | null; items?: { candidate: string; priority: number | null }[] };
  return {
    id: p.id,
    name: p.name,
    status: p.status,
    province_code: p.province_code,
    budget_baht: p.budget_baht,
    method: p.method,
    version: p.version,
    notes: p.notes ?? null,
    priorities: (p.items ?? []).filter((i) => i.priority !== null).map((i) => `${i.priority}:${i.candidate}`),
  };
}

const attachment = (name: string) => `attachment; filename*=UTF-8''${encodeURIComponent(name)}`;
const CONTENT_TYPES: Record<PlanExportFormat, string> = {
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  geojson: 'application/geo+json; charset=utf-8',
};

/**
 * Plans are read in the reader's province (others are not found) and made, changed, approved and
 * deleted by admins and the province's secretariat (WRITERS.plans); every change is audited, in the
 * same transaction as the change (both are written or neither). Ranking, saving a plan (which
 * ranks) and exports are heavy work (api/src/http/heavy.ts); the ranking runs before the
 * transaction opens, so no connection is held while the solver works.
 */
export function plansRouter(ctx: AppContext): Router {
  const r = Router();
  const knex = ctx.db.knex;
  const visiblePlan = async (req: Request, id: number, db: Knex | Knex.Transaction = knex) => {
    const plan = await getPlan(db, id);
    if (!canReadProvince(principal(req), plan.province_code)) throw new NotFoundError(`plan ${id}`);
    return plan;
  };
  /** The plan as it stands, locked for this transaction, when the caller may change it. */
  const writablePlan = async (req: Request, id: number, trx: Knex.Transaction) => {
    // Lock first: the audit's "before" is then the state this change really starts from.
    await trx.raw('select 1 from plans where id = ? for update', [id]);
    const plan = await visiblePlan(req, id, trx);
    const check = canWriteRow(principal(req), 'plans', { province_code: plan.province_code });
    if (!check.ok) throw new ForbiddenError(check.reason);
    return plan;
  };
  const audit = (trx: Knex.Transaction, req: Request, action: 'create' | 'update' | 'approve' | 'delete', id: number, before: object | null, after: object | null) =>
    recordAudit(trx, principal(req), {
      action,
      entity: 'plans',
      entityId: id,
      province: ((after ?? before) as { province_code?: string | null } | null)?.province_code ?? null,
      before: before && summary(before),
      after: after && summary(after),
    }, req.requestId);

  r.post(
    '/plans/rank',
    asyncHandler(heavy(ctx, async (req, res) => {
      const knex = readerFor(ctx, req, res); // the read replica when fresh (api/src/db/replica.ts)
      const body = parse(RankBody, req.body);
      const { area, result } = await rank(knex, body, principal(req));
      res.json({ filters: echoArea(area), ...result });
    })),
  );

  r.get(
    '/plans',
    asyncHandler(async (req, res) => {
      rejectUnknownParams(req, ['province', 'status', 'limit', 'offset']);
      let area: AreaFilter = {};
      let status: string | undefined;
      let limit = 100;
      let offset = 0;
      await collect([
        async () => {
          area = await parseAreaValues(knex, (n) => (n === 'province' && typeof req.query.province === 'string' ? req.query.province : undefined), principal(req));
        },
        () => {
          const s = req.query.status;
          if (s === undefined) return;
          if (s !== 'draft' && s !== 'approved') throw new ValidationError([{ field: 'status', message: 'must be draft or approved', code: 'invalid_parameter' }]);
          status = s;
        },
        () => {
          limit = parseIntParam(req.query.limit, 'limit', 1, 1000, 100);
        },
        () => {
          offset = parseIntParam(req.query.offset, 'offset', 0, Number.MAX_SAFE_INTEGER, 0);
        },
      ]);
      res.json({ ...(await listPlans(knex, { province: area.province, status, limit, offset })), limit, offset });
    }),
  );

  r.post(
    '/plans',
    asyncHandler(heavy(ctx, async (req, res) => {
      const p = principal(req);
      if (!WRITERS.plans.includes(p.role)) throw new ForbiddenError(`a ${p.role} account cannot save plans`);
      const body = parse(CreateBody, req.body);
      // The plan's province is its area's (a provincial account's is filled in by the scope).
      const { area, pp, result } = await rank(knex, body, p);
      const check = canWriteRow(p, 'plans', { province_code: area.province ?? null });
      if (!check.ok) throw new ForbiddenError(check.reason);
      const saved = await knex.transaction(async (trx) => {
        const id = await savePlan(trx, {
          name: body.name,
          notes: body.notes,
          area,
          budget: body.budget,
          method: body.method,
          timeLimitS: body.time_limit,
          options: optionsOf(body),
          pp,
          result,
        });
        const plan = await getPlan(trx, id);
        await audit(trx, req, 'create', id, null, plan);
        return plan;
      });
      res.status(201).location(`/api/plans/${saved.id}`).json(saved);
    })),
  );

  r.get(
    '/plans/:id',
    asyncHandler(async (req, res) => {
      rejectUnknownParams(req, []);
      res.json(await visiblePlan(req, parseId(req.params.id, 'plan')));
    }),
  );

  r.patch(
    '/plans/:id',
    asyncHandler(async (req, res) => {
      const id = parseId(req.params.id, 'plan');
      const body = parse(PatchBody, req.body);
      const after = await knex.transaction(async (trx) => {
        const before = await writablePlan(req, id, trx);
        await changePriorities(trx, id, body.priorities ?? [], { version: body.version, name: body.name, notes: body.notes });
        const plan = await getPlan(trx, id);
        await audit(trx, req, 'update', id, before, plan);
        return plan;
      });
      res.json(after);
    }),
  );

  r.post(
    '/plans/:id/approve',
    asyncHandler(async (req, res) => {
      const id = parseId(req.params.id, 'plan');
      const body = parse(ApproveBody, req.body ?? {});
      const { after, sites } = await knex.transaction(async (trx) => {
        const before = await writablePlan(req, id, trx);
        const moved = await approvePlan(trx, id, { version: body.version });
        const plan = await getPlan(trx, id);
        await audit(trx, req, 'approve', id, before, plan);
        return { after: plan, sites: moved };
      });
      res.json({ ...after, sitesApproved: sites });
    }),
  );

  r.delete(
    '/plans/:id',
    asyncHandler(async (req, res) => {
      const id = parseId(req.params.id, 'plan');
      await knex.transaction(async (trx) => {
        const before = await writablePlan(req, id, trx);
        await deletePlan(trx, id);
        await audit(trx, req, 'delete', id, before, null);
      });
      res.status(204).end();
    }),
  );

  r.get(
    '/plans/:id/export',
    asyncHandler(heavy(ctx, async (req, res) => {
      rejectUnknownParams(req, ['format', 'lang']);
      const id = parseId(req.params.id, 'plan');
      const errors: FieldError[] = [];
      const format = (req.query.format ?? 'xlsx') as PlanExportFormat;
      if (!PLAN_EXPORT_FORMATS.includes(format)) errors.push({ field: 'format', message: `must be ${PLAN_EXPORT_FORMATS.join(' or ')}`, code: 'invalid_parameter' });
      const lang = (req.query.lang ?? 'th') as 'th' | 'en';
      if (lang !== 'th' && lang !== 'en') errors.push({ field: 'lang', message: 'must be th or en', code: 'invalid_parameter' });
      if (errors.length) throw new ValidationError(errors);
      const plan = await visiblePlan(req, id);
      res.set('Content-Type', CONTENT_TYPES[format]).set('Content-Disposition', attachment(planExportFilename(plan, format)));
      await writePlanExport(plan, format, res, { lang });
    })),
  );

  return r;
}
