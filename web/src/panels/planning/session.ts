/**
 * What the planning panel keeps while the user visits other tabs (the side panel unmounts the
 * panel that is not shown): the form, the last ranking, the proposed sites, the open plan.
 * Not in the URL: a ranking is a computation, not a view to share.
 */
import { useCallback, useState } from 'react';
import type { Method, RankRequest, RankResult } from '../../api/planning';

export interface RankForm {
  budgetText: string;
  method: Method;
  timeLimitText: string;
  sites: boolean;
  repairs: boolean;
}

export interface Proposal {
  key: number;
  name: string;
  lon: number;
  lat: number;
  kind: 'fixed' | 'dome' | 'ptz';
  directionDeg: number;
  fovDeg: number;
  rangeM: number;
  costText: string;
}

export interface RankOutcome {
  /** areaKey + data version the ranking was made for. */
  stamp: string;
  request: RankRequest;
  result: RankResult;
}

export interface PlanningSession {
  form: RankForm;
  outcome: RankOutcome | null;
  proposals: Proposal[];
  nextProposal: number;
  openPlanId: number | null;
  selected: string | null;
}

const initial = (): PlanningSession => ({
  form: { budgetText: '5,000,000', method: 'auto', timeLimitText: '10', sites: true, repairs: true },
  outcome: null,
  proposals: [],
  nextProposal: 1,
  openPlanId: null,
  selected: null,
});

let session: PlanningSession = initial();

/** Back to the defaults (tests). */
export function resetPlanningSession(): void {
  session = initial();
}

export function getSession(): PlanningSession {
  return session;
}

/** useState whose value outlives the component (kept in the session). */
export function useSessionState<K extends keyof PlanningSession>(key: K): [PlanningSession[K], (v: PlanningSession[K] | ((old: PlanningSession[K]) => PlanningSession[K])) => void] {
  const [value, setValue] = useState<PlanningSession[K]>(() => session[key]);
  const set = useCallback(
    (v: PlanningSession[K] | ((old: PlanningSession[K]) => PlanningSession[K])) => {
      const next = typeof v === 'function' ? (v as (old: PlanningSession[K]) => PlanningSession[K])(session[key]) : v;
      session = { ...session, [key]: next };
      setValue(next);
    },
    [key],
  );
  return [value, set];
}
