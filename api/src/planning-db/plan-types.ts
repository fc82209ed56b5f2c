/**
 * The shapes of saved plans as the API answers them (/api/plans, docs/planning.md): types only,
 * no runtime imports, so the web client can `import type` them without pulling in knex or the
 * database code of plans.ts.
 */
import type { AreaFilter } from '../analysis-db/filters.js';
import type { CandidateKind, DemandTotals } from '../planning/build.js';
import type { NewlyCovered, PlanResult } from '../planning/plan.js';
import type { Method } from '../planning/solve.js';

/** What a saved plan keeps of the ranking besides its items (they are rows of plan_items). */
export type StoredResult = Omit<PlanResult, 'ranking' | 'leftOut'>;

/** A candidate's view as stored with the plan (null where the site or camera has none). */
export interface ItemView {
  directionDeg: number | null;
  fovDeg: number | null;
  rangeM: number | null;
}

export interface PlanItem {
  priority: number;
  candidate: string;
  kind: CandidateKind;
  site_id: number | null;
  camera_id: number | null;
  name: string | null;
  cost: number;
  forced: 'in' | 'out' | null;
  solverRank: number | null;
  marginalWeight: number;
  weightPerBaht: number | null;
  cumulativeCost: number;
  cumulativeWeight: number;
  shareOfDemand: number;
  coverageAfter: number;
  newlyCovered: NewlyCovered;
  /** The reason of the latest override that touched it. */
  overrideReason: string | null;
  view: ItemView;
  geometry: { type: 'Point'; coordinates: [number, number] };
}

export interface LeftOutItem {
  candidate: string;
  kind: CandidateKind;
  site_id: number | null;
  camera_id: number | null;
  name: string | null;
  cost: number;
  forced: 'in' | 'out' | null;
  solverRank: number | null;
  /** Weight it would add on top of the plan as it stands. */
  wouldAdd: number;
  overrideReason: string | null;
  geometry: { type: 'Point'; coordinates: [number, number] };
}

export interface Override {
  id: number;
  candidate: string;
  from_priority: number | null;
  to_priority: number | null;
  reason: string;
  created_at: string;
}

/** The plan's state (sql/migrations/003_plans.sql checks it). */
export type PlanStatus = 'draft' | 'approved';

/** GET /api/plans/{id}: a saved plan as it stands. */
export interface SavedPlan {
  id: number;
  name: string;
  status: PlanStatus;
  province_code: string | null;
  area: AreaFilter;
  budget_baht: number;
  method: Method;
  time_limit_s: number | null;
  options: Record<string, unknown>;
  notes: string | null;
  approved_at: string | null;
  is_demo: boolean;
  version: number;
  created_at: string;
  updated_at: string;
  /** The solver's answer when the plan was ranked. */
  result: StoredResult;
  /** The plan as it stands (after overrides), in priority order. */
  summary: {
    items: number;
    sites: number;
    repairs: number;
    totalCost: number;
    coveredWeight: number;
    shareOfDemand: number;
    coverageAfter: number;
    remainingBudget: number;
    /** No override yet: the order is the solver's. */
    asRanked: boolean;
  };
  items: PlanItem[];
  leftOut: LeftOutItem[];
  overrides: Override[];
  demandTotals: DemandTotals;
}

/** POST /api/plans/{id}/approve: the plan, and the planned sites it moved to "approved". */
export type ApprovedPlan = SavedPlan & { sitesApproved: number[] };

/** One row of GET /api/plans. */
export interface PlanListItem {
  id: number;
  name: string;
  status: PlanStatus;
  province_code: string | null;
  budget_baht: number;
  method: Method;
  /** Candidates in the plan (with a priority). */
  items: number;
  total_cost: number;
  approved_at: string | null;
  created_at: string;
  updated_at: string;
  version: number;
  is_demo: boolean;
}

/** One change of PATCH /api/plans/{id} `priorities`. */
export interface PriorityChange {
  candidate: string;
  /** The new priority (1 = first); null takes it out of the plan. */
  priority: number | null;
  reason: string;
}
