/**
 * Saved plans: a ranking kept as a snapshot (sql/migrations/003_plans.sql), the committee's
 * priority overrides with their reasons, and approval, which moves the plan's sites to "approved"
 * and writes their priority. Every write is one transaction — the caller's when it passes one (the
 * API writes the plan and its audit entry together: api/src/routes/plans.ts), else its own; an
 * approved plan is frozen.
 */
import type { Knex } from 'knex';
import type { AreaFilter } from '../analysis-db/filters.js';
import { ApiError, ConflictError, NotFoundError, ValidationError, type FieldError } from '../http/errors.js';
import type { CandidateInfo, DemandInfo, PlanningProblem } from '../planning/build.js';
import { replayOrder, type PlanResult } from '../planning/plan.js';
import type { Method } from '../planning/solve.js';
import type { LeftOutItem, Override, PlanItem, PlanListItem, PriorityChange, SavedPlan } from './plan-types.js';

// The answer types live in plan-types.ts (no runtime imports: the web client imports them too).
export type * from './plan-types.js';

type Db = Knex | Knex.Transaction;

/** Runs `fn` in the caller's transaction when `db` is one, else in a transaction of its own. */
function inTransaction<T>(db: Db, fn: (trx: Knex.Transaction) => Promise<T>): Promise<T> {
  return db.isTransaction ? fn(db as Knex.Transaction) : (db as Knex).transaction(fn);
}

export interface SavePlanInput {
  name: string;
  notes?: string | null;
  area: AreaFilter;
  budget: number;
  method: Method;
  timeLimitS?: number;
  options: Record<string, unknown>;
  pp: PlanningProblem;
  result: PlanResult;
}

interface ItemRow {
  candidate: string;
  kind: CandidateInfo['kind'];
  site_id: number | null;
  camera_id: number | null;
  name: string | null;
  cost_baht: number;
  forced: 'in' | 'out' | null;
  solver_rank: number | null;
  priority: number | null;
  direction_deg: number | null;
  fov_deg: number | null;
  range_m: number | null;
  covers: string[];
  lon: number;
  lat: number;
}

const refId = (c: CandidateInfo) => Number(c.ref);

/** Saves a ranking as a draft plan; returns its id. */
export async function savePlan(db: Db, input: SavePlanInput): Promise<number> {
  const { pp, result } = input;
  const { ranking, leftOut: _leftOut, ...stored } = result;
  const rankOf = new Map(ranking.map((r) => [r.id, r.rank]));
  const coversOf = new Map<string, string[]>();
  for (const [c, d] of pp.problem.covers) {
    let l = coversOf.get(c);
    if (!l) coversOf.set(c, (l = []));
    l.push(d);
  }
  // Only the demand some candidate covers can ever count in this plan.
  const reachable = new Set(pp.problem.covers.map(([, d]) => d));
  const demands = pp.demands.filter((d) => reachable.has(d.id));
  return inTransaction(db, async (trx) => {
    const [row] = await trx('plans')
      .insert({
        name: input.name,
        notes: input.notes ?? null,
        province_code: input.area.province ?? null,
        area: JSON.stringify(input.area),
        budget_baht: input.budget,
        method: input.method,
        time_limit_s: input.timeLimitS ?? null,
        options: JSON.stringify(input.options),
        result: JSON.stringify(stored),
        demands: JSON.stringify(demands),
      })
      .returning(['id', 'province_code']);
    const id = Number((row as { id: number }).id);
    // Items carry the plan's province (null for a national plan): sql/migrations/007_province_keys.sql.
    const province = (row as { province_code: string | null }).province_code;
    const rows = pp.candidates.map((c) => ({
      plan_id: id,
      province_code: province,
      candidate: c.id,
      kind: c.kind,
      site_id: c.kind === 'site' ? refId(c) : null,
      camera_id: c.kind === 'repair' ? refId(c) : null,
      name: c.name,
      cost_baht: c.cost,
      forced: c.forced ?? null,
      solver_rank: rankOf.get(c.id) ?? null,
      priority: rankOf.get(c.id) ?? null,
      direction_deg: c.view.directionDeg,
      fov_deg: c.view.fovDeg,
      range_m: c.view.rangeM,
      covers: coversOf.get(c.id) ?? [],
      geom: trx.raw('ST_SetSRID(ST_MakePoint(?, ?), 4326)', [c.lon, c.lat]),
    }));
    // Batches keep the bound parameters of one insert well under PostgreSQL's 65,535.
    for (let i = 0; i < rows.length; i += 1000) await trx('plan_items').insert(rows.slice(i, i + 1000));
    return id;
  });
}

/** A row of `plans` as read: the saved plan's own fields and the demand snapshot. */
interface PlanRow extends Omit<SavedPlan, 'summary' | 'items' | 'leftOut' | 'overrides' | 'demandTotals'> {
  demands: DemandInfo[];
}

const iso = (v: unknown) => (v instanceof Date ? v.toISOString() : v == null ? null : String(v));

async function planRow(db: Db, id: number, forUpdate = false): Promise<PlanRow> {
  const q = db('plans').where('id', id).first();
  const row = (await (forUpdate ? q.forUpdate() : q)) as PlanRow | undefined;
  if (!row) throw new NotFoundError(`plan ${id}`);
  return row;
}

async function itemRows(db: Db, id: number): Promise<ItemRow[]> {
  const { rows } = await db.raw(
    `select candidate, kind, site_id, camera_id, name, cost_baht, forced, solver_rank, priority, direction_deg, fov_deg, range_m,
            covers, ST_X(geom) as lon, ST_Y(geom) as lat
       from plan_items where plan_id = ? order by priority nulls last, solver_rank nulls last, candidate`,
    [id],
  );
  return rows as ItemRow[];
}

/** A saved plan as it stands, with the figures of the committee's order. */
export async function getPlan(db: Db, id: number): Promise<SavedPlan> {
  const run = async (trx: Db) => {
    const row = await planRow(trx, id);
    const items = await itemRows(trx, id);
    const overrides = (await trx('plan_overrides').where('plan_id', id).orderBy('id').select('id', 'candidate', 'from_priority', 'to_priority', 'reason', 'created_at')) as Override[];
    return view(row, items, overrides);
  };
  return db.isTransaction ? run(db) : (db as Knex).transaction(async (trx) => {
    await trx.raw('set transaction isolation level repeatable read, read only');
    return run(trx);
  });
}

function view(row: PlanRow, rows: ItemRow[], overrides: Override[]): SavedPlan {
  const totals = row.result.totals;
  const chosen = rows.filter((r) => r.priority !== null);
  const replay = replayOrder(chosen.map((r) => ({ id: r.candidate, cost: Number(r.cost_baht), covers: r.covers })), row.demands, totals);
  const reasonOf = new Map<string, string>();
  for (const o of overrides) reasonOf.set(o.candidate, o.reason);
  const point = (r: ItemRow) => ({ type: 'Point' as const, coordinates: [r.lon, r.lat] as [number, number] });
  const items: PlanItem[] = chosen.map((r, i) => {
    const { id: _id, ...figures } = replay[i]!;
    return {
      priority: r.priority!,
      candidate: r.candidate,
      kind: r.kind,
      site_id: r.site_id == null ? null : Number(r.site_id),
      camera_id: r.camera_id == null ? null : Number(r.camera_id),
      name: r.name,
      cost: Number(r.cost_baht),
      forced: r.forced,
      solverRank: r.solver_rank,
      ...figures,
      overrideReason: reasonOf.get(r.candidate) ?? null,
      view: { directionDeg: r.direction_deg, fovDeg: r.fov_deg, rangeM: r.range_m },
      geometry: point(r),
    };
  });
  const covered = new Set(chosen.flatMap((r) => r.covers));
  const weightOf = new Map(row.demands.map((d) => [d.id, d.weight]));
  const leftOut: LeftOutItem[] = rows
    .filter((r) => r.priority === null)
    .map((r) => ({
      candidate: r.candidate,
      kind: r.kind,
      site_id: r.site_id == null ? null : Number(r.site_id),
      camera_id: r.camera_id == null ? null : Number(r.camera_id),
      name: r.name,
      cost: Number(r.cost_baht),
      forced: r.forced,
      solverRank: r.solver_rank,
      wouldAdd: [...new Set(r.covers)].reduce((s, d) => s + (covered.has(d) ? 0 : (weightOf.get(d) ?? 0)), 0),
      overrideReason: reasonOf.get(r.candidate) ?? null,
      geometry: point(r),
    }))
    .sort((a, b) => b.wouldAdd / (b.cost || 1e-9) - a.wouldAdd / (a.cost || 1e-9) || a.candidate.localeCompare(b.candidate));
  const last = replay[replay.length - 1];
  const totalCost = last?.cumulativeCost ?? 0;
  return {
    id: Number(row.id),
    name: row.name,
    status: row.status,
    province_code: row.province_code,
    area: row.area,
    budget_baht: Number(row.budget_baht),
    method: row.method,
    time_limit_s: row.time_limit_s,
    options: row.options,
    notes: row.notes,
    approved_at: iso(row.approved_at),
    is_demo: row.is_demo,
    version: row.version,
    created_at: iso(row.created_at)!,
    updated_at: iso(row.updated_at)!,
    result: row.result,
    summary: {
      items: items.length,
      sites: items.filter((i) => i.kind === 'site').length,
      repairs: items.filter((i) => i.kind === 'repair').length,
      totalCost,
      coveredWeight: last?.cumulativeWeight ?? 0,
      shareOfDemand: last?.shareOfDemand ?? 0,
      coverageAfter: last?.coverageAfter ?? (totals.total > 0 ? totals.alreadyCovered / totals.total : 0),
      remainingBudget: Number(row.budget_baht) - totalCost,
      asRanked: overrides.length === 0,
    },
    items,
    leftOut,
    overrides: overrides.map((o) => ({ ...o, id: Number(o.id), created_at: iso(o.created_at)! })),
    demandTotals: totals,
  };
}

export async function listPlans(db: Db, f: { province?: string; status?: string; limit: number; offset: number }): Promise<{ total: number; items: PlanListItem[] }> {
  const base = db('plans as p')
    .modify((q) => {
      if (f.province) q.where('p.province_code', f.province);
      if (f.status) q.where('p.status', f.status);
    });
  const [counted] = (await base.clone().count({ n: '*' })) as { n: number | string }[];
  const n = counted?.n ?? 0;
  const rows = await base
    .clone()
    .select('p.id', 'p.name', 'p.status', 'p.province_code', 'p.budget_baht', 'p.method', 'p.approved_at', 'p.created_at', 'p.updated_at', 'p.version', 'p.is_demo')
    .select(db.raw('(select count(*) from plan_items i where i.plan_id = p.id and i.priority is not null)::int as items'))
    .select(db.raw('(select coalesce(sum(i.cost_baht), 0) from plan_items i where i.plan_id = p.id and i.priority is not null) as total_cost'))
    .orderBy('p.id', 'desc')
    .limit(f.limit)
    .offset(f.offset);
  return {
    total: Number(n),
    items: (rows as PlanListItem[]).map((r) => ({ ...r, id: Number(r.id), budget_baht: Number(r.budget_baht), total_cost: Number(r.total_cost), approved_at: iso(r.approved_at), created_at: iso(r.created_at)!, updated_at: iso(r.updated_at)! })),
  };
}

function checkVersion(row: PlanRow, version: number | undefined): void {
  if (version !== undefined && version !== row.version) {
    throw new ApiError(409, 'version_conflict', `plan ${row.id} is at version ${row.version}, not ${version}: reload it`, [{ field: 'version', message: `the plan is now at version ${row.version}`, code: 'version_conflict' }], { version: row.version });
  }
}

function checkDraft(row: PlanRow): void {
  if (row.status !== 'draft') throw new ConflictError(`plan ${row.id} is approved and can no longer change`, [{ field: 'status', message: 'approved plans are frozen', code: 'approved' }]);
}

/**
 * Applies the committee's priority changes in order (each moves, adds or removes one candidate
 * and renumbers the rest), refuses a plan over its budget or without a reason, and records each
 * change with its reason. One transaction: all changes or none.
 */
export async function changePriorities(db: Db, id: number, changes: PriorityChange[], opts: { version?: number; name?: string; notes?: string | null } = {}): Promise<void> {
  await inTransaction(db, async (trx) => {
    const row = await planRow(trx, id, true);
    checkVersion(row, opts.version);
    checkDraft(row);
    const items = await itemRows(trx, id);
    const byId = new Map(items.map((r) => [r.candidate, r]));
    let order = items.filter((r) => r.priority !== null).map((r) => r.candidate);
    const errors: FieldError[] = [];
    const log: { candidate: string; from: number | null; to: number | null; reason: string }[] = [];
    changes.forEach((ch, i) => {
      const it = byId.get(ch.candidate);
      if (!it) {
        errors.push({ field: `priorities.${i}.candidate`, message: `"${ch.candidate}" is not a candidate of plan ${id}`, code: 'unknown_candidate' });
        return;
      }
      if (it.forced === 'out' && ch.priority !== null) {
        errors.push({ field: `priorities.${i}.candidate`, message: `"${ch.candidate}" was forced out when the plan was ranked`, code: 'forced_out' });
        return;
      }
      const from = order.indexOf(ch.candidate);
      const without = order.filter((c) => c !== ch.candidate);
      if (ch.priority === null) {
        if (from < 0) errors.push({ field: `priorities.${i}.priority`, message: `"${ch.candidate}" is not in the plan`, code: 'not_in_plan' });
        order = without;
      } else {
        if (ch.priority > without.length + 1) {
          errors.push({ field: `priorities.${i}.priority`, message: `must be from 1 to ${without.length + 1}`, code: 'out_of_range' });
          return;
        }
        without.splice(ch.priority - 1, 0, ch.candidate);
        order = without;
      }
      log.push({ candidate: ch.candidate, from: from < 0 ? null : from + 1, to: ch.priority, reason: ch.reason.trim() });
    });
    const cost = order.reduce((s, c) => s + Number(byId.get(c)!.cost_baht), 0);
    if (!errors.length && cost > Number(row.budget_baht) + 1e-6) {
      errors.push({ field: 'priorities', message: `the plan would cost ${cost} baht, over its budget of ${Number(row.budget_baht)} by ${cost - Number(row.budget_baht)}`, code: 'over_budget' });
    }
    if (errors.length) throw new ValidationError(errors);
    // Not deferrable: clear every priority, then write the new order.
    await trx('plan_items').where('plan_id', id).update({ priority: null });
    for (let i = 0; i < order.length; i++) await trx('plan_items').where({ plan_id: id, candidate: order[i] }).update({ priority: i + 1 });
    // Overrides carry the plan's province, as its items do (a plan's province never changes).
    if (log.length) await trx('plan_overrides').insert(log.map((l) => ({ plan_id: id, province_code: row.province_code, candidate: l.candidate, from_priority: l.from, to_priority: l.to, reason: l.reason })));
    const patch: Record<string, unknown> = { version: trx.raw('version + 1'), updated_at: trx.fn.now() };
    if (opts.name !== undefined) patch.name = opts.name;
    if (opts.notes !== undefined) patch.notes = opts.notes;
    await trx('plans').where('id', id).update(patch);
  });
}

/**
 * Approves a draft: the plan is frozen, and its sites still proposed (not started or budget
 * requested) become "approved" with the plan's priority written to the site's priority field.
 * Returns the site ids moved.
 */
export async function approvePlan(db: Db, id: number, opts: { version?: number } = {}): Promise<number[]> {
  return inTransaction(db, async (trx) => {
    const row = await planRow(trx, id, true);
    checkVersion(row, opts.version);
    checkDraft(row);
    const { rows } = await trx.raw(
      `update planned_sites s set status = 'approved', priority = i.priority, version = s.version + 1, updated_at = now()
         from plan_items i
        where i.plan_id = ? and i.priority is not null and i.site_id = s.id and s.status in ('not_started', 'budget_requested', 'approved')
        returning s.id`,
      [id],
    );
    await trx('plans').where('id', id).update({ status: 'approved', approved_at: trx.fn.now(), version: trx.raw('version + 1'), updated_at: trx.fn.now() });
    return (rows as { id: number }[]).map((r) => Number(r.id)).sort((a, b) => a - b);
  });
}

/** Deletes a draft (an approved plan is the committee's record and stays). */
export async function deletePlan(db: Db, id: number): Promise<void> {
  await inTransaction(db, async (trx) => {
    const row = await planRow(trx, id, true);
    checkDraft(row);
    await trx('plans').where('id', id).delete();
  });
}
