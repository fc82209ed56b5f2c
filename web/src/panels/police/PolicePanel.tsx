import { useEffect, useId, useMemo, useReducer, useState } from 'react';
import { analyseCoverage } from '../../../../api/src/analysis/index.js';
import { useI18n } from '../../i18n/react';
import { useMapBridge, useMapClick, useMapOverlay } from '../../map/bridge';
import { useAppState } from '../../state/store';
import { useCoverageData, type CoverageData, type RiskPointInfo, type RiskRouteInfo } from '../planning/coverageData';
import { areaText, parseNumber, useFormat } from '../planning/format';
import { drawReducer, IDLE, isDrawing, type DrawState, type LonLat } from './draw';
import { drawingLayers, selectedLayers, type DrawnCoverage } from './overlays';
import { CATEGORIES, emptyDraft, radiusOfDraft, RiskForm, type Category, type RiskDraft } from './RiskForm';
import '../planning/planning.css';
import './police.css';

/** Risk points, most urgent first: not covered before covered, heavier first, less of the buffer seen first. */
export function sortPoints(points: readonly RiskPointInfo[]): RiskPointInfo[] {
  return [...points].sort((a, b) => Number(a.covered) - Number(b.covered) || b.weight - a.weight || a.coveredFraction - b.coveredFraction || a.id - b.id);
}

/** Risk routes, most urgent first: most uncovered weight (weight × uncovered km), then the longest gap. */
export function sortRoutes(routes: readonly RiskRouteInfo[]): RiskRouteInfo[] {
  const open = (r: RiskRouteInfo) => r.weight * Math.max(0, r.lengthM - r.coveredM);
  return [...routes].sort((a, b) => open(b) - open(a) || b.longestGapM - a.longestGapM || a.id - b.id);
}

/** The coverage of a drawn point or route against the area's working cameras (the API's engine, in the browser). */
export function drawnCoverage(data: CoverageData | null, s: DrawState, draft: RiskDraft): DrawnCoverage {
  if (!data || s.mode !== 'done') return {};
  const w = parseNumber(draft.weightText);
  const weight = w !== null && w > 0 ? w : 1;
  if (s.kind === 'point') {
    const r = analyseCoverage({ cameras: data.cameras, riskPoints: [{ id: 'new', lon: s.point[0], lat: s.point[1], radiusM: radiusOfDraft(draft), weight, category: draft.category }] });
    return { point: r.points[0] };
  }
  const r = analyseCoverage({ cameras: data.cameras, riskRoutes: [{ id: 'new', coordinates: s.line, weight, category: draft.category }] });
  return { route: r.routes[0] };
}

function bboxOf(line: readonly LonLat[]): [number, number, number, number] {
  let a = Infinity;
  let b = Infinity;
  let c = -Infinity;
  let d = -Infinity;
  for (const [x, y] of line) {
    a = Math.min(a, x);
    b = Math.min(b, y);
    c = Math.max(c, x);
    d = Math.max(d, y);
  }
  return [a, b, c, d];
}

type Chosen = { kind: 'point'; id: number } | { kind: 'route'; id: number } | null;

/**
 * The police panel: the area's risk points and routes with their coverage by working cameras,
 * most urgent first (choosing one flies the map to it), and drawing a new point or route on the
 * map with its coverage computed at once in the browser, then saved with a form.
 */
export function PolicePanel() {
  const { t } = useI18n();
  const f = useFormat();
  const { state, select } = useAppState();
  const { flyTo, refresh } = useMapBridge();
  const id = useId();
  const filters = state.filters;
  const cov = useCoverageData(filters);
  const [draw, dispatch] = useReducer(drawReducer, IDLE);
  const [draft, setDraft] = useState<RiskDraft>(() => emptyDraft('point'));
  const [saved, setSaved] = useState<string | null>(null);
  const [chosen, setChosen] = useState<Chosen>(null);

  useMapClick('police-draw', (c) => dispatch({ type: 'click', lon: c.lon, lat: c.lat, ms: performance.now() }), isDrawing(draw));
  useEffect(() => {
    if (!isDrawing(draw)) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') dispatch({ type: 'cancel' });
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [draw]);

  const start = (kind: 'point' | 'route') => {
    dispatch({ type: 'start', kind });
    setDraft(emptyDraft(kind));
    setSaved(null);
  };

  const coverage = useMemo(() => drawnCoverage(cov.data, draw, draft), [cov.data, draw, draft]);
  const sel = useMemo(() => {
    if (!chosen || !cov.data) return null;
    if (chosen.kind === 'point') {
      const p = cov.data.points.find((x) => x.id === chosen.id);
      return p ? { kind: 'point' as const, lon: p.lon, lat: p.lat } : null;
    }
    const r = cov.data.routes.find((x) => x.id === chosen.id);
    return r ? { kind: 'route' as const, line: r.coordinates, gaps: r.gaps.features.map((g) => g.geometry.coordinates) } : null;
  }, [chosen, cov.data]);
  const layers = useMemo(() => [...selectedLayers(sel), ...drawingLayers(draw, coverage)], [sel, draw, coverage]);
  useMapOverlay('police', layers);

  const choosePoint = (p: RiskPointInfo) => {
    setChosen({ kind: 'point', id: p.id });
    select({ kind: 'riskPoint', id: p.id });
    flyTo({ lon: p.lon, lat: p.lat, zoom: 17 });
  };
  const chooseRoute = (r: RiskRouteInfo) => {
    setChosen({ kind: 'route', id: r.id });
    select({ kind: 'riskRoute', id: r.id });
    if (r.coordinates?.length) flyTo({ bbox: bboxOf(r.coordinates) });
  };

  return (
    <section className="police" aria-labelledby="panel-police-title" data-testid="police-panel">
      <h2 id="panel-police-title">{t('police.title')}</h2>
      <p className="planning-hint">{t('police.intro')}</p>
      <p className="planning-area">{t('planning.area', { area: areaText(t, filters) })}</p>

      <section className="police-draw" aria-labelledby={`${id}-draw`}>
        <h3 id={`${id}-draw`}>{t('police.draw.title')}</h3>
        <div className="planning-actions">
          <button type="button" className="planning-btn" data-testid="police-new-point" aria-pressed={draw.mode === 'point'} onClick={() => start('point')}>
            {t('police.draw.point')}
          </button>
          <button type="button" className="planning-btn" data-testid="police-new-route" aria-pressed={draw.mode === 'route'} onClick={() => start('route')}>
            {t('police.draw.route')}
          </button>
        </div>
        {draw.mode === 'point' && (
          <p className="planning-note" role="status">
            {t('police.draw.pointHint')}
          </p>
        )}
        {draw.mode === 'route' && (
          <>
            <p className="planning-note" role="status">
              {t('police.draw.routeHint')} {t('police.draw.vertices', { n: f.num(draw.vertices.length) })}
            </p>
            {draw.tooShort && (
              <p className="planning-error" role="alert">
                {t('police.draw.tooShort')}
              </p>
            )}
            <div className="planning-actions">
              <button type="button" className="planning-btn planning-primary" data-testid="police-finish" onClick={() => dispatch({ type: 'finish' })}>
                {t('police.draw.finish')}
              </button>
              <button type="button" className="planning-btn" data-testid="police-undo" disabled={!draw.vertices.length} onClick={() => dispatch({ type: 'undo' })}>
                {t('police.draw.undo')}
              </button>
              <button type="button" className="planning-btn" data-testid="police-cancel" onClick={() => dispatch({ type: 'cancel' })}>
                {t('police.draw.cancel')}
              </button>
            </div>
          </>
        )}
        {draw.mode === 'point' && (
          <div className="planning-actions">
            <button type="button" className="planning-btn" data-testid="police-cancel" onClick={() => dispatch({ type: 'cancel' })}>
              {t('police.draw.cancel')}
            </button>
          </div>
        )}
        {saved && (
          <p className="planning-ok" role="status" data-testid="police-saved">
            {saved}
          </p>
        )}
        {draw.mode === 'done' && (
          <>
            <DrawnCoverageBox state={draw} coverage={coverage} loading={!cov.data} />
            <RiskForm
              kind={draw.kind}
              geometry={draw.kind === 'point' ? draw.point : draw.line}
              filters={filters}
              draft={draft}
              onDraft={setDraft}
              onSaved={(newId, name) => {
                setSaved(t('police.form.saved', { name, id: f.num(newId) }));
                dispatch({ type: 'cancel' });
                refresh();
              }}
            />
            <div className="planning-actions">
              <button type="button" className="planning-btn" onClick={() => start(draw.kind)}>
                {t('police.draw.redraw')}
              </button>
              <button type="button" className="planning-btn" onClick={() => dispatch({ type: 'cancel' })}>
                {t('police.draw.cancel')}
              </button>
            </div>
          </>
        )}
      </section>

      {cov.loading && <p role="status">{t('police.loading')}</p>}
      {cov.error && (
        <p className="planning-error" role="alert">
          {t('police.loadError', { message: cov.error.message })}{' '}
          <button type="button" className="planning-btn" onClick={cov.reload}>
            {t('police.retry')}
          </button>
        </p>
      )}
      {cov.data && <RiskLists data={cov.data} chosen={chosen} onPoint={choosePoint} onRoute={chooseRoute} />}
    </section>
  );
}

function DrawnCoverageBox({ state, coverage, loading }: { state: DrawState; coverage: DrawnCoverage; loading: boolean }) {
  const { t } = useI18n();
  const f = useFormat();
  if (state.mode !== 'done') return null;
  if (loading) return <p role="status">{t('police.coverage.wait')}</p>;
  const p = coverage.point;
  const r = coverage.route;
  return (
    <section
      className="planning-coverage police-coverage"
      data-testid="police-coverage"
      aria-label={t('police.coverage.title')}
      aria-live="polite"
      data-covered={p ? String(p.covered) : undefined}
      data-covered-fraction={p ? p.coveredFraction.toFixed(4) : undefined}
      data-covered-m={r ? r.coveredM.toFixed(2) : undefined}
      data-length-m={r ? r.lengthM.toFixed(2) : undefined}
      data-longest-gap-m={r ? r.longestGapM.toFixed(2) : undefined}
    >
      <h4>{t('police.coverage.title')}</h4>
      {p && (
        <>
          <p className={p.covered ? 'planning-ok' : 'planning-error'}>{p.covered ? t('police.coverage.pointCovered') : t('police.coverage.pointNotCovered')}</p>
          <p>{t('police.coverage.buffer', { radius: f.num(Math.round(p.radiusM)), share: f.pct(p.coveredFraction) })}</p>
          {p.coveredBy.length > 0 && <p className="planning-hint">{t('police.coverage.cameras', { ids: p.coveredBy.map((x) => `#${x}`).join(', ') })}</p>}
        </>
      )}
      {r && (
        <>
          <p>{t('police.coverage.route', { covered: f.num(Math.round(r.coveredM)), length: f.num(Math.round(r.lengthM)), share: f.pct(r.coveredFraction) })}</p>
          {r.longestGapM > 0 && <p className="planning-hint">{t('police.coverage.gap', { gap: f.num(Math.round(r.longestGapM)) })}</p>}
        </>
      )}
    </section>
  );
}

function RiskLists({ data, chosen, onPoint, onRoute }: { data: CoverageData; chosen: Chosen; onPoint: (p: RiskPointInfo) => void; onRoute: (r: RiskRouteInfo) => void }) {
  const { t } = useI18n();
  const f = useFormat();
  const points = useMemo(() => sortPoints(data.points), [data.points]);
  const routes = useMemo(() => sortRoutes(data.routes), [data.routes]);
  const length = data.routes.reduce((s, r) => s + r.lengthM, 0);
  const covered = data.routes.reduce((s, r) => s + r.coveredM, 0);
  const cat = (c: string) => ((CATEGORIES as readonly string[]).includes(c) ? t(`police.category.${c as Category}`) : c);
  return (
    <section className="police-lists" data-testid="police-list" aria-label={t('police.list.title')}>
      <h3>{t('police.list.title')}</h3>
      <h4>{t('police.list.points', { covered: f.num(data.points.filter((p) => p.covered).length), n: f.num(data.points.length) })}</h4>
      {points.length === 0 ? (
        <p className="planning-hint">{t('police.list.empty')}</p>
      ) : (
        <ul className="police-items" data-testid="police-points">
          {points.map((p) => (
            <li key={p.id}>
              <button
                type="button"
                className={`police-item${p.covered ? '' : ' is-open'}`}
                data-testid={`police-point-${p.id}`}
                aria-current={chosen?.kind === 'point' && chosen.id === p.id ? 'true' : undefined}
                onClick={() => onPoint(p)}
              >
                <span className={`police-dot ${p.covered ? 'dot-ok' : 'dot-bad'}`} aria-hidden="true" />
                {t('police.list.point', {
                  name: p.name,
                  category: cat(p.category),
                  weight: f.weight(p.weight),
                  status: p.covered ? t('police.list.covered') : t('police.list.notCovered'),
                  share: f.pct(p.coveredFraction),
                })}
              </button>
            </li>
          ))}
        </ul>
      )}
      <h4>{t('police.list.routes', { share: f.pct(length > 0 ? covered / length : 0) })}</h4>
      {routes.length === 0 ? (
        <p className="planning-hint">{t('police.list.empty')}</p>
      ) : (
        <ul className="police-items" data-testid="police-routes">
          {routes.map((r) => (
            <li key={r.id}>
              <button
                type="button"
                className={`police-item${r.coveredFraction >= 0.999 ? '' : ' is-open'}`}
                data-testid={`police-route-${r.id}`}
                aria-current={chosen?.kind === 'route' && chosen.id === r.id ? 'true' : undefined}
                onClick={() => onRoute(r)}
              >
                <span className="police-bar" aria-hidden="true">
                  <span style={{ width: `${Math.round(r.coveredFraction * 100)}%` }} />
                </span>
                {t('police.list.route', {
                  name: r.name,
                  category: cat(r.category),
                  weight: f.weight(r.weight),
                  covered: f.num(Math.round(r.coveredM)),
                  length: f.num(Math.round(r.lengthM)),
                  share: f.pct(r.coveredFraction),
                  gap: f.num(Math.round(r.longestGapM)),
                })}
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

