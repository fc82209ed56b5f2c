import { useEffect, useId, useMemo, useState, type ChangeEvent } from 'react';
import type { CameraInput } from '../../../../api/src/analysis/index.js';
import { createPlannedSite, errorsByField } from '../../api/planning';
import { useI18n } from '../../i18n/react';
import { useMapBridge, useMapClick, useMapOverlay, type MapClick } from '../../map/bridge';
import { useAppState } from '../../state/store';
import type { Filters } from '../../state/url';
import { useCoverageData, whatIf, type CoverageData, type CoverageFigures } from './coverageData';
import { parseNumber, useFormat } from './format';
import { proposalLayers } from './overlays';
import { getSession, useSessionState, type Proposal } from './session';

const KINDS = ['fixed', 'dome', 'ptz'] as const;
const FOV_OF_KIND = { fixed: 90, dome: 360, ptz: 360 } as const;

/** A proposed site as the engine's camera input (a working camera). */
export function proposalCamera(p: Proposal): CameraInput {
  return { id: `proposal:${p.key}`, lon: p.lon, lat: p.lat, kind: p.kind, directionDeg: p.directionDeg, fovDeg: p.fovDeg, rangeM: p.rangeM, status: 'working' };
}

function mapCentre(view: { lon: number; lat: number } | null, data: CoverageData | null): MapClick | null {
  if (view) return { lon: view.lon, lat: view.lat };
  const pts = [...(data?.points ?? []).map((p) => [p.lon, p.lat] as const), ...(data?.routes ?? []).flatMap((r) => r.coordinates ?? [])];
  if (!pts.length) return null;
  return { lon: pts.reduce((s, p) => s + p[0], 0) / pts.length, lat: pts.reduce((s, p) => s + p[1], 0) / pts.length };
}

/**
 * "Add a proposed site": click the map (or add at the map centre), set the site's kind, direction,
 * field of view, range and cost, and see the coverage of the area's risk points and routes before
 * and with the proposals, computed in the browser by the API's own engine; save a proposal as a
 * planned site so that the next ranking includes it.
 */
export function WhatIfSection({ filters }: { filters: Filters }) {
  const { t } = useI18n();
  const f = useFormat();
  const { state } = useAppState();
  const { refresh } = useMapBridge();
  const [proposals, setProposals] = useSessionState('proposals');
  const [, setNextKey] = useSessionState('nextProposal');
  const [adding, setAdding] = useState(false);
  const [wanted, setWanted] = useState(proposals.length > 0);
  const [active, setActive] = useState<number | null>(proposals.at(-1)?.key ?? null);
  const [status, setStatus] = useState<string | null>(null);
  const cov = useCoverageData(filters, wanted || adding);

  const add = (c: MapClick) => {
    const key = getSession().nextProposal; // the session, not the render: two quick clicks get two keys
    setNextKey(key + 1);
    setProposals((ps) => [...ps, { key, name: t('planning.add.defaultName', { n: key }), lon: c.lon, lat: c.lat, kind: 'fixed', directionDeg: 0, fovDeg: 90, rangeM: 40, costText: '' }]);
    setActive(key);
    setWanted(true);
    setStatus(null);
  };
  useMapClick('planning-add', add, adding);

  useEffect(() => {
    if (!adding) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') setAdding(false);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [adding]);

  const cams = useMemo(() => proposals.map(proposalCamera), [proposals]);
  const layers = useMemo(() => proposalLayers(cams.map((c, i) => ({ ...c, active: proposals[i]!.key === active }))), [cams, proposals, active]);
  useMapOverlay('planning-add', layers);
  const figures = useMemo(() => (cov.data ? whatIf(cov.data, cams) : null), [cov.data, cams]);

  const update = (key: number, patch: Partial<Proposal>) => setProposals((ps) => ps.map((p) => (p.key === key ? { ...p, ...patch } : p)));
  const remove = (key: number) => setProposals((ps) => ps.filter((p) => p.key !== key));
  const centre = mapCentre(state.view, cov.data);

  return (
    <div className="planning-whatif">
      <p className="planning-hint">{t('planning.add.intro')}</p>
      <div className="planning-actions">
        <button
          type="button"
          className="planning-btn planning-primary"
          data-testid="planning-add-site"
          aria-pressed={adding}
          onClick={() => {
            setAdding((a) => !a);
            setWanted(true);
          }}
        >
          {adding ? t('planning.add.stop') : t('planning.add.start')}
        </button>
        <button type="button" className="planning-btn" data-testid="planning-add-centre" disabled={!centre} onClick={() => centre && add(centre)}>
          {t('planning.add.centre')}
        </button>
      </div>
      {adding && (
        <p className="planning-note" role="status">
          {t('planning.add.active')}
        </p>
      )}
      {status && (
        <p className="planning-ok" role="status" data-testid="planning-add-status">
          {status}
        </p>
      )}
      {cov.loading && <p role="status">{t('planning.add.loading')}</p>}
      {cov.error && (
        <p className="planning-error" role="alert">
          {t('planning.add.loadError', { message: cov.error.message })}{' '}
          <button type="button" className="planning-btn" onClick={cov.reload}>
            {t('planning.add.retry')}
          </button>
        </p>
      )}
      {cov.data && figures && <CoverageBox before={figures.before} after={figures.after} ms={figures.ms} data={cov.data} />}
      {proposals.length === 0 ? (
        <p className="planning-hint">{t('planning.add.empty')}</p>
      ) : (
        <ul className="planning-proposals">
          {proposals.map((p) => (
            <ProposalCard
              key={p.key}
              p={p}
              active={p.key === active}
              onFocus={() => setActive(p.key)}
              onChange={(patch) => update(p.key, patch)}
              onRemove={() => remove(p.key)}
              onSaved={(id) => {
                remove(p.key);
                setStatus(t('planning.add.saved', { name: p.name, id: f.num(id) }));
                refresh();
              }}
            />
          ))}
        </ul>
      )}
    </div>
  );
}

function CoverageBox({ before, after, ms, data }: { before: CoverageFigures; after: CoverageFigures; ms: number; data: CoverageData }) {
  const { t } = useI18n();
  const f = useFormat();
  return (
    <section
      className="planning-coverage"
      data-testid="planning-coverage"
      data-points-covered={after.pointsCovered}
      data-points-covered-before={before.pointsCovered}
      data-route-covered-m={after.routeCoveredM.toFixed(2)}
      data-weight={after.weightCovered.toFixed(4)}
      data-weight-before={before.weightCovered.toFixed(4)}
      aria-label={t('planning.coverage.title')}
    >
      <h4>{t('planning.coverage.title')}</h4>
      <dl className="planning-facts">
        <div>
          <dt>{t('planning.coverage.points')}</dt>
          <dd>{t('planning.coverage.pointsValue', { before: f.num(before.pointsCovered), after: f.num(after.pointsCovered), total: f.num(after.pointsTotal) })}</dd>
        </div>
        <div>
          <dt>{t('planning.coverage.routes')}</dt>
          <dd>
            {t('planning.coverage.routesValue', { before: f.num(Math.round(before.routeCoveredM)), after: f.num(Math.round(after.routeCoveredM)), total: f.num(Math.round(after.routeLengthM)) })}
          </dd>
        </div>
        <div>
          <dt>{t('planning.coverage.weight')}</dt>
          <dd>{t('planning.coverage.weightValue', { before: f.weight(before.weightCovered), after: f.weight(after.weightCovered), total: f.weight(after.weightTotal) })}</dd>
        </div>
      </dl>
      <p className="planning-hint">
        {t('planning.coverage.time', { ms: f.num(Math.round(ms * 10) / 10) })}
        {data.borderCameras > 0 && <> · {t('planning.add.border', { n: f.num(data.borderCameras) })}</>}
      </p>
      {data.truncated && <p className="planning-note">{t('planning.add.truncated', { loaded: f.num(data.cameras.length - data.borderCameras), total: f.num(data.camerasTotal) })}</p>}
      {!data.agreesWithApi && <p className="planning-note">{t('planning.add.disagree')}</p>}
    </section>
  );
}

type SiteErrors = Partial<Record<'place_name' | 'kind' | 'direction_deg' | 'fov_deg' | 'range_m' | 'cost_baht' | 'geometry' | 'general', string>>;
const SITE_FIELDS = ['place_name', 'kind', 'direction_deg', 'fov_deg', 'range_m', 'cost_baht', 'geometry'] as const;

function ProposalCard({ p, active, onFocus, onChange, onRemove, onSaved }: { p: Proposal; active: boolean; onFocus: () => void; onChange: (patch: Partial<Proposal>) => void; onRemove: () => void; onSaved: (id: number) => void }) {
  const { t } = useI18n();
  const f = useFormat();
  const id = useId();
  const [errors, setErrors] = useState<SiteErrors>({});
  const [saving, setSaving] = useState(false);
  const circle = p.fovDeg >= 360;

  const save = async () => {
    const errs: SiteErrors = {};
    if (!p.name.trim()) errs.place_name = t('planning.add.required');
    const cost = parseNumber(p.costText);
    if (cost === null || !Number.isFinite(cost) || cost < 0) errs.cost_baht = t('planning.add.costInvalid');
    setErrors(errs);
    if (Object.keys(errs).length) return;
    setSaving(true);
    try {
      const created = await createPlannedSite({
        place_name: p.name.trim(),
        status: 'not_started',
        kind: p.kind,
        direction_deg: circle ? null : p.directionDeg,
        fov_deg: p.fovDeg,
        range_m: p.rangeM,
        cost_baht: cost,
        geometry: { type: 'Point', coordinates: [Math.round(p.lon * 1e7) / 1e7, Math.round(p.lat * 1e7) / 1e7] },
      });
      onSaved(created.id);
    } catch (err) {
      setErrors(errorsByField(err, SITE_FIELDS));
    } finally {
      setSaving(false);
    }
  };

  const err = (k: keyof SiteErrors) =>
    errors[k] ? (
      <p id={`${id}-${k}-err`} className="planning-error">
        {errors[k]}
      </p>
    ) : null;
  const described = (k: keyof SiteErrors) => ({ 'aria-invalid': errors[k] ? true : undefined, 'aria-describedby': errors[k] ? `${id}-${k}-err` : undefined });
  const numberField = (k: 'directionDeg' | 'fovDeg' | 'rangeM', min: number, max: number, step: number) => ({
    min,
    max,
    step,
    value: p[k],
    onChange: (e: ChangeEvent<HTMLInputElement>) => {
      const v = Number(e.currentTarget.value);
      if (e.currentTarget.value !== '' && Number.isFinite(v)) onChange({ [k]: Math.min(max, Math.max(min, v)) } as Partial<Proposal>);
    },
  });

  return (
    <li className={`planning-proposal${active ? ' is-active' : ''}`} data-testid={`planning-proposal-${p.key}`} onFocus={onFocus}>
      <fieldset className="planning-fieldset">
        <legend>{t('planning.add.site', { name: p.name || t('planning.unnamed') })}</legend>
        <p className="planning-hint">{t('planning.add.position', { lat: f.num(Math.round(p.lat * 1e5) / 1e5), lon: f.num(Math.round(p.lon * 1e5) / 1e5) })}</p>
        <div className="planning-field">
          <label htmlFor={`${id}-name`}>{t('planning.add.name')}</label>
          <input id={`${id}-name`} data-testid="planning-add-name" type="text" value={p.name} onChange={(e) => onChange({ name: e.currentTarget.value })} {...described('place_name')} />
          {err('place_name')}
        </div>
        <div className="planning-row2">
          <div className="planning-field">
            <label htmlFor={`${id}-kind`}>{t('planning.add.kind')}</label>
            <select
              id={`${id}-kind`}
              data-testid="planning-add-kind"
              value={p.kind}
              onChange={(e) => {
                const kind = e.currentTarget.value as Proposal['kind'];
                onChange({ kind, fovDeg: FOV_OF_KIND[kind] });
              }}
              {...described('kind')}
            >
              {KINDS.map((k) => (
                <option key={k} value={k}>
                  {t(`planning.add.kind.${k}`)}
                </option>
              ))}
            </select>
            {err('kind')}
          </div>
          <div className="planning-field">
            <label htmlFor={`${id}-cost`}>{t('planning.add.cost')}</label>
            <input id={`${id}-cost`} data-testid="planning-add-cost" type="text" inputMode="numeric" value={p.costText} onChange={(e) => onChange({ costText: e.currentTarget.value })} {...described('cost_baht')} />
            {err('cost_baht')}
          </div>
        </div>
        <div className="planning-field">
          <label htmlFor={`${id}-dir`}>{t('planning.add.direction')}</label>
          <div className="planning-slider">
            <input {...numberField('directionDeg', 0, 359, 1)} type="range" aria-label={t('planning.add.direction')} data-testid="planning-add-direction-slider" disabled={circle} />
            <input {...numberField('directionDeg', 0, 359, 1)} id={`${id}-dir`} type="number" data-testid="planning-add-direction" disabled={circle} {...described('direction_deg')} />
          </div>
          {err('direction_deg')}
        </div>
        <div className="planning-row2">
          <div className="planning-field">
            <label htmlFor={`${id}-fov`}>{t('planning.add.fov')}</label>
            <input {...numberField('fovDeg', 1, 360, 1)} id={`${id}-fov`} type="number" data-testid="planning-add-fov" {...described('fov_deg')} />
            {err('fov_deg')}
          </div>
          <div className="planning-field">
            <label htmlFor={`${id}-range`}>{t('planning.add.range')}</label>
            <input {...numberField('rangeM', 1, 2000, 1)} id={`${id}-range`} type="number" data-testid="planning-add-range" {...described('range_m')} />
            {err('range_m')}
          </div>
        </div>
        <input {...numberField('rangeM', 1, 300, 1)} type="range" aria-label={t('planning.add.range')} data-testid="planning-add-range-slider" value={Math.min(300, p.rangeM)} />
        {err('geometry')}
        {errors.general && (
          <p className="planning-error" role="alert">
            {t('planning.error', { message: errors.general })}
          </p>
        )}
        <div className="planning-actions">
          <button type="button" className="planning-btn planning-primary" data-testid="planning-add-save" disabled={saving} onClick={save}>
            {saving ? t('planning.add.saving') : t('planning.add.save')}
          </button>
          <button type="button" className="planning-btn" onClick={onRemove}>
            {t('planning.add.remove')}
          </button>
        </div>
      </fieldset>
    </li>
  );
}
