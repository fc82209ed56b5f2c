import { useEffect, useId, useState, type FormEvent } from 'react';
import { DEFAULT_RADIUS_M, FALLBACK_RADIUS_M } from '../../../../api/src/analysis/index.js';
import { createRiskPoint, createRiskRoute, listPoliceStations, errorsByField, type PoliceStationRecord } from '../../api/planning';
import { useI18n } from '../../i18n/react';
import type { Filters } from '../../state/url';
import { parseNumber } from '../planning/format';
import type { LonLat } from './draw';

export const CATEGORIES = ['robbery', 'escape_route', 'accident_black_spot', 'crime_hotspot', 'tourist_site', 'other'] as const;
export type Category = (typeof CATEGORIES)[number];

export interface RiskDraft {
  name: string;
  category: Category;
  weightText: string;
  radiusText: string;
  stationId: string;
}

export const emptyDraft = (kind: 'point' | 'route'): RiskDraft => ({ name: '', category: kind === 'point' ? 'robbery' : 'escape_route', weightText: '1', radiusText: '', stationId: '' });

type Field = 'name' | 'category' | 'weight' | 'radius_m' | 'police_station_id' | 'geometry' | 'general';
const FIELDS: Field[] = ['name', 'category', 'weight', 'radius_m', 'police_station_id', 'geometry'];

/** Police stations per area, loaded once (they change rarely; a new drawing should not reload them). */
const stationCache = new Map<string, PoliceStationRecord[]>();

/** The radius a point would get: its own, else its category's default. */
export function radiusOfDraft(d: RiskDraft): number {
  const r = parseNumber(d.radiusText);
  return r !== null && Number.isFinite(r) && r > 0 ? r : (DEFAULT_RADIUS_M[d.category] ?? FALLBACK_RADIUS_M);
}

/**
 * The form under a drawn point or route: name, category, weight, radius (points), police station;
 * saved with POST /api/risk-points or /api/risk-routes. Every API field error is shown on its field.
 */
export function RiskForm({
  kind,
  geometry,
  filters,
  draft,
  onDraft,
  onSaved,
}: {
  kind: 'point' | 'route';
  geometry: LonLat | LonLat[];
  filters: Filters;
  draft: RiskDraft;
  onDraft: (d: RiskDraft) => void;
  onSaved: (id: number, name: string) => void;
}) {
  const { t } = useI18n();
  const id = useId();
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({});
  const [saving, setSaving] = useState(false);
  const { province, district } = filters;
  const stationKey = `${province ?? ''}/${district ?? ''}`;
  const [stations, setStations] = useState<PoliceStationRecord[]>(() => stationCache.get(stationKey) ?? []);

  useEffect(() => {
    const hit = stationCache.get(stationKey);
    if (hit) {
      setStations(hit);
      return;
    }
    const ac = new AbortController();
    listPoliceStations({ province, district }, ac.signal).then(
      (p) => {
        stationCache.set(stationKey, p.items);
        setStations(p.items);
      },
      () => setStations([]), // the field stays optional; the list is a convenience
    );
    return () => ac.abort();
  }, [stationKey, province, district]);

  const set = (patch: Partial<RiskDraft>) => onDraft({ ...draft, ...patch });

  const save = async (e: FormEvent) => {
    e.preventDefault();
    const errs: Partial<Record<Field, string>> = {};
    if (!draft.name.trim()) errs.name = t('police.form.required');
    const weight = parseNumber(draft.weightText);
    if (weight !== null && !(weight > 0)) errs.weight = t('police.form.number');
    const radius = parseNumber(draft.radiusText);
    if (kind === 'point' && radius !== null && !(radius > 0)) errs.radius_m = t('police.form.number');
    setErrors(errs);
    if (Object.keys(errs).length) return;
    const common = {
      name: draft.name.trim(),
      category: draft.category,
      ...(weight !== null ? { weight } : {}),
      police_station_id: draft.stationId ? Number(draft.stationId) : null,
    };
    const round = (p: LonLat): LonLat => [Math.round(p[0] * 1e7) / 1e7, Math.round(p[1] * 1e7) / 1e7];
    setSaving(true);
    try {
      const created =
        kind === 'point'
          ? await createRiskPoint({ ...common, radius_m: radius, geometry: { type: 'Point', coordinates: round(geometry as LonLat) } })
          : await createRiskRoute({ ...common, geometry: { type: 'LineString', coordinates: (geometry as LonLat[]).map(round) } });
      onSaved(created.id, common.name);
    } catch (err) {
      setErrors(errorsByField(err, FIELDS));
    } finally {
      setSaving(false);
    }
  };

  const describe = (k: Field, hint?: string) => ({
    'aria-invalid': errors[k] ? true : undefined,
    'aria-describedby': [errors[k] ? `${id}-${k}-err` : '', hint ?? ''].filter(Boolean).join(' ') || undefined,
  });
  const err = (k: Field) =>
    errors[k] ? (
      <p id={`${id}-${k}-err`} className="planning-error" data-testid={`police-error-${k}`}>
        {errors[k]}
      </p>
    ) : null;

  return (
    <form className="planning-form police-form" onSubmit={save} noValidate aria-labelledby={`${id}-title`}>
      <h4 id={`${id}-title`}>{t('police.form.title')}</h4>
      {err('geometry')}
      <div className="planning-field">
        <label htmlFor={`${id}-name`}>{t('police.form.name')}</label>
        <input id={`${id}-name`} data-testid="police-name" type="text" maxLength={500} value={draft.name} onChange={(e) => set({ name: e.currentTarget.value })} {...describe('name')} />
        {err('name')}
      </div>
      <div className="planning-row2">
        <div className="planning-field">
          <label htmlFor={`${id}-cat`}>{t('police.form.category')}</label>
          <select id={`${id}-cat`} data-testid="police-category" value={draft.category} onChange={(e) => set({ category: e.currentTarget.value as Category })} {...describe('category')}>
            {CATEGORIES.map((c) => (
              <option key={c} value={c}>
                {t(`police.category.${c}`)}
              </option>
            ))}
          </select>
          {err('category')}
        </div>
        <div className="planning-field">
          <label htmlFor={`${id}-weight`}>{t('police.form.weight')}</label>
          <input id={`${id}-weight`} data-testid="police-weight" type="text" inputMode="decimal" value={draft.weightText} onChange={(e) => set({ weightText: e.currentTarget.value })} {...describe('weight')} />
          {err('weight')}
        </div>
      </div>
      {kind === 'point' && (
        <div className="planning-field">
          <label htmlFor={`${id}-radius`}>{t('police.form.radius')}</label>
          <input
            id={`${id}-radius`}
            data-testid="police-radius"
            type="text"
            inputMode="decimal"
            value={draft.radiusText}
            placeholder={String(DEFAULT_RADIUS_M[draft.category] ?? FALLBACK_RADIUS_M)}
            onChange={(e) => set({ radiusText: e.currentTarget.value })}
            {...describe('radius_m', `${id}-radius-hint`)}
          />
          <p id={`${id}-radius-hint`} className="planning-hint">
            {t('police.form.radiusHint', { n: DEFAULT_RADIUS_M[draft.category] ?? FALLBACK_RADIUS_M })}
          </p>
          {err('radius_m')}
        </div>
      )}
      <div className="planning-field">
        <label htmlFor={`${id}-station`}>{t('police.form.station')}</label>
        <select id={`${id}-station`} data-testid="police-station" value={draft.stationId} onChange={(e) => set({ stationId: e.currentTarget.value })} {...describe('police_station_id')}>
          <option value="">{t('police.form.stationNone')}</option>
          {stations.map((s) => (
            <option key={s.id} value={String(s.id)}>
              {s.name_th}
            </option>
          ))}
        </select>
        {err('police_station_id')}
      </div>
      {errors.general && (
        <p className="planning-error" role="alert">
          {t('police.form.error', { message: errors.general })}
        </p>
      )}
      <div className="planning-actions">
        <button type="submit" className="planning-btn planning-primary" data-testid="police-save" disabled={saving}>
          {saving ? t('police.form.saving') : t('police.form.save')}
        </button>
      </div>
    </form>
  );
}
