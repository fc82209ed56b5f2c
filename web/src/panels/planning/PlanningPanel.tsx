import { useCallback, useEffect, useId, useMemo, useState } from 'react';
import { getPlan, type SavedPlan } from '../../api/planning';
import { useI18n } from '../../i18n/react';
import { useMapBridge, useMapOverlay } from '../../map/bridge';
import { useAppState } from '../../state/store';
import { areaKey } from './coverageData';
import { areaText } from './format';
import { chosenItem, chosenLayers, type ChosenItem } from './overlays';
import { PlansSection } from './PlansSection';
import { RankSection } from './RankSection';
import { getSession, useSessionState } from './session';
import { WhatIfSection } from './WhatIfSection';
import './planning.css';

/**
 * The planning panel: rank proposed sites and repairs within a budget for the filtered area, try a
 * new site on the map with the coverage computed in the browser, and keep plans (save, override
 * priorities with reasons, approve, export). The chosen candidates — of the open plan, else of the
 * last ranking — are drawn on the map numbered by rank, with their views and the route stretches
 * each newly covers.
 */
export function PlanningPanel() {
  const { t } = useI18n();
  const { state } = useAppState();
  const { flyTo, dataVersion } = useMapBridge();
  const id = useId();
  const filters = state.filters;
  const stamp = `${areaKey(filters)}#${dataVersion}`;
  const [outcome, setOutcome] = useSessionState('outcome');
  const [selected, setSelected] = useSessionState('selected');
  const [, setOpenPlanId] = useSessionState('openPlanId');
  const [plan, setPlanState] = useState<SavedPlan | null>(null);
  // Sections open at first: the ranking always, the others when they hold something from before.
  const [initiallyOpen] = useState(() => ({ add: getSession().proposals.length > 0, plans: getSession().openPlanId !== null }));

  const setPlan = useCallback(
    (p: SavedPlan | null) => {
      setPlanState(p);
      setOpenPlanId(p?.id ?? null);
    },
    [setOpenPlanId],
  );

  // Reopen the plan that was open when the user left the tab.
  useEffect(() => {
    const planId = getSession().openPlanId;
    if (planId === null) return;
    const ac = new AbortController();
    getPlan(planId, ac.signal).then(setPlanState, () => undefined);
    return () => ac.abort();
  }, []);

  const chosen: ChosenItem[] = useMemo(() => {
    if (plan) {
      return plan.items.map((it) => ({
        id: it.candidate,
        rank: it.priority,
        kind: it.kind,
        lon: it.geometry.coordinates[0],
        lat: it.geometry.coordinates[1],
        view: it.view,
        lines: it.newlyCovered.routes.flatMap((r) => r.lines),
      }));
    }
    return outcome ? outcome.result.ranking.map(chosenItem) : [];
  }, [plan, outcome]);
  const layers = useMemo(() => chosenLayers(chosen, selected), [chosen, selected]);
  useMapOverlay('planning', layers);

  const select = useCallback(
    (item: { id: string; lon: number; lat: number }) => {
      setSelected(item.id);
      flyTo({ lon: item.lon, lat: item.lat, zoom: 16 });
    },
    [setSelected, flyTo],
  );

  return (
    <section className="planning" aria-labelledby="panel-planning-title" data-testid="panel-planning">
      <h2 id="panel-planning-title">{t('planning.title')}</h2>
      <p className="planning-hint">{t('planning.intro')}</p>
      <p className="planning-area" data-testid="planning-area">
        {t('planning.area', { area: areaText(t, filters) })}
      </p>

      <details className="planning-section" open>
        <summary>
          <h3 id={`${id}-rank`}>{t('planning.rank.title')}</h3>
        </summary>
        <RankSection
          filters={filters}
          stamp={stamp}
          outcome={outcome}
          onOutcome={(o) => {
            setOutcome(o);
            setSelected(null);
          }}
          selected={selected}
          onSelect={select}
        />
      </details>

      <details className="planning-section" open={initiallyOpen.add || undefined}>
        <summary>
          <h3>{t('planning.add.title')}</h3>
        </summary>
        <WhatIfSection filters={filters} />
      </details>

      <details className="planning-section" open={initiallyOpen.plans || undefined}>
        <summary>
          <h3>{t('planning.plans.title')}</h3>
        </summary>
        <PlansSection filters={filters} outcome={outcome} plan={plan} onPlan={setPlan} selected={selected} onSelect={select} />
      </details>
    </section>
  );
}
