import { useEffect, useMemo, useState } from 'react';
import { type AreaOption, fetchDistricts, fetchPoliceStations, fetchProvinces, LINKAGE_CODES, OWNER_CODES, STATUS_CODES } from '../../api/map';
import { getMeta } from '../../api/client';
import type { Lang, MessageKey } from '../../i18n';
import { useOptionalAuth } from '../../auth/AuthGate';
import { onlyOwnProvince } from '../../auth/panels';
import { useI18n } from '../../i18n/react';
import { useAppState } from '../../state/store';
import { type ColorBy, type Filters, LAYERS, PURPOSES } from '../../state/url';
import { layerSwatch } from './legend-items';
import { PUBLIC_LAYERS, usePublicView } from './public-layers';
import { Swatch } from './Swatch';
import './layers.css';

/** Enum labels from /api/meta: { CameraStatus: { working: { th, en } }, … }. */
type EnumLabels = Record<string, Record<string, { th?: string; en?: string }>>;

interface ListState<T> {
  items: T[];
  loading: boolean;
  error: string | null;
}

/** Loads a list when `key` is set (and again when it changes); empty while `key` is null. */
function useList<T>(key: string | null, load: (key: string, signal: AbortSignal) => Promise<T[]>): ListState<T> {
  const [s, setS] = useState<ListState<T>>({ items: [], loading: key !== null, error: null });
  useEffect(() => {
    if (key === null) {
      setS({ items: [], loading: false, error: null });
      return;
    }
    const ctrl = new AbortController();
    setS((prev) => ({ items: prev.items, loading: true, error: null }));
    load(key, ctrl.signal).then(
      (items) => setS({ items, loading: false, error: null }),
      (e: unknown) => {
        if (!ctrl.signal.aborted) setS({ items: [], loading: false, error: e instanceof Error ? e.message : String(e) });
      },
    );
    return () => ctrl.abort();
  }, [key, load]); // `load` is a module-level function at every call site, so it never changes.
  return s;
}

const loadProvinces = (_: string, signal: AbortSignal) => fetchProvinces(signal);
const loadDistricts = (province: string, signal: AbortSignal) => fetchDistricts(province, signal);
const loadStations = (province: string, signal: AbortSignal) => fetchPoliceStations(province, signal);

const nameOf = (o: AreaOption, lang: Lang) => (lang === 'en' && o.name_en ? o.name_en : o.name_th);

/** Options sorted by their name in the current language. */
function sorted<T extends AreaOption>(items: T[], lang: Lang): T[] {
  const collator = new Intl.Collator(lang === 'th' ? 'th' : 'en');
  return [...items].sort((a, b) => collator.compare(nameOf(a, lang), nameOf(b, lang)));
}

function toggle(list: string[] | undefined, value: string, on: boolean): string[] {
  const cur = list ?? [];
  return on ? [...new Set([...cur, value])] : cur.filter((v) => v !== value);
}

function activeCount(f: Filters): number {
  return Object.values(f).filter((v) => v !== undefined && v !== '' && !(Array.isArray(v) && v.length === 0)).length;
}

/** A group of checkboxes bound to one list filter. */
function CheckGroup({
  name,
  legend,
  codes,
  selected,
  label,
  onChange,
}: {
  name: string;
  legend: string;
  codes: readonly string[];
  selected: string[] | undefined;
  label: (code: string) => string;
  onChange: (next: string[]) => void;
}) {
  return (
    <fieldset className="layers-group">
      <legend>{legend}</legend>
      {codes.map((code) => {
        const id = `layers-filter-${name}-${code}`;
        return (
          <div className="layers-check" key={code}>
            <input
              type="checkbox"
              id={id}
              data-testid={`filter-${name}-${code}`}
              checked={selected?.includes(code) ?? false}
              onChange={(e) => onChange(toggle(selected, code, e.currentTarget.checked))}
            />
            <label htmlFor={id}>{label(code)}</label>
          </div>
        );
      })}
    </fieldset>
  );
}

/**
 * The layers & filters panel: area and attribute filters (kept in the URL), layer toggles, camera
 * colouring. On the public map (no account) it offers only what a visitor may see: the cameras and
 * boundaries layers, and no police station filter (public-layers.ts).
 */
export function LayersPanel() {
  const { t, lang } = useI18n();
  const { state, setFilters, clearFilters, setLayer, setColorBy } = useAppState();
  const { publicMap, layers: shownLayers, filters: f } = usePublicView();
  const province = f.province ?? null;

  const provinces = useList('all', loadProvinces);
  const districts = useList(province, loadDistricts);
  const stations = useList(publicMap ? null : province, loadStations);
  const offered = publicMap ? PUBLIC_LAYERS : LAYERS;

  const [enums, setEnums] = useState<EnumLabels>({});
  useEffect(() => {
    const ctrl = new AbortController();
    getMeta(ctrl.signal).then(
      (m) => {
        if (m?.enums && typeof m.enums === 'object') setEnums(m.enums as EnumLabels);
      },
      () => {
        /* the messages' own labels stand in */
      },
    );
    return () => ctrl.abort();
  }, []);

  /** The API's label for an enumeration value in the current language, else our message. */
  const enumLabel = (enumName: string, code: string, fallback: MessageKey) => enums[enumName]?.[code]?.[lang] || t(fallback);

  const user = useOptionalAuth()?.user;
  const provinceOptions = useMemo(() => sorted(onlyOwnProvince(provinces.items, (p) => p.id, user), lang), [provinces.items, lang, user]);
  const districtOptions = useMemo(() => sorted(districts.items, lang), [districts.items, lang]);
  const stationOptions = useMemo(() => sorted(stations.items, lang), [stations.items, lang]);
  const count = activeCount(f);

  return (
    <section aria-labelledby="panel-layers-title" data-testid="panel-layers" className="layers-panel">
      <h2 id="panel-layers-title">{t('tab.layers')}</h2>

      <div className="layers-card" role="group" aria-labelledby="layers-filters-title">
        <div className="layers-card-head">
          <h3 id="layers-filters-title">{t('map.filters.title')}</h3>
          <button type="button" className="layers-clear" data-testid="filters-clear" onClick={clearFilters} disabled={count === 0}>
            {t('map.filters.clear')}
          </button>
        </div>
        <p className="layers-muted" aria-live="polite" data-testid="filters-active">
          {count > 0 ? t('map.filters.active', { count }) : '\u00a0'}
        </p>

        <div className="layers-field">
          <label htmlFor="layers-province">{t('map.filters.province')}</label>
          <select
            id="layers-province"
            data-testid="filter-province"
            value={province ?? ''}
            aria-busy={provinces.loading}
            onChange={(e) => setFilters({ province: e.currentTarget.value || undefined })}
          >
            <option value="">{t('map.filters.allProvinces')}</option>
            {/* A province from the link stays selectable while the list loads. */}
            {province && !provinces.items.some((p) => p.id === province) && <option value={province}>{province}</option>}
            {provinceOptions.map((p) => (
              <option key={p.id} value={p.id}>
                {nameOf(p, lang)}
              </option>
            ))}
          </select>
          {provinces.error && (
            <p className="layers-error" role="alert">
              {t('map.filters.loadError', { message: provinces.error })}
            </p>
          )}
        </div>

        <div className="layers-field">
          <label htmlFor="layers-district">{t('map.filters.district')}</label>
          <select
            id="layers-district"
            data-testid="filter-district"
            value={f.district ?? ''}
            disabled={!province}
            aria-describedby={!province ? 'layers-need-province' : undefined}
            aria-busy={districts.loading}
            onChange={(e) => setFilters({ district: e.currentTarget.value ? Number(e.currentTarget.value) : undefined })}
          >
            <option value="">{t('map.filters.allDistricts')}</option>
            {f.district && !districts.items.some((d) => d.id === f.district) && <option value={f.district}>{f.district}</option>}
            {districtOptions.map((d) => (
              <option key={d.id} value={d.id}>
                {nameOf(d, lang)}
              </option>
            ))}
          </select>
          {districts.error && (
            <p className="layers-error" role="alert">
              {t('map.filters.loadError', { message: districts.error })}
            </p>
          )}
        </div>

        <div className="layers-field">
          {/* No police stations on the public map: their list needs an account. */}
          {!publicMap && (
            <>
              <label htmlFor="layers-station">{t('map.filters.policeStation')}</label>
              <select
                id="layers-station"
                data-testid="filter-police-station"
                value={f.policeStation ?? ''}
                disabled={!province}
                aria-describedby={!province ? 'layers-need-province' : undefined}
                aria-busy={stations.loading}
                onChange={(e) => setFilters({ policeStation: e.currentTarget.value ? Number(e.currentTarget.value) : undefined })}
              >
                <option value="">{t('map.filters.allStations')}</option>
                {f.policeStation && !stations.items.some((s) => s.id === f.policeStation) && <option value={f.policeStation}>{f.policeStation}</option>}
                {stationOptions.map((s) => (
                  <option key={s.id} value={s.id}>
                    {nameOf(s, lang)}
                  </option>
                ))}
              </select>
              {stations.error && (
                <p className="layers-error" role="alert">
                  {t('map.filters.loadError', { message: stations.error })}
                </p>
              )}
            </>
          )}
          {!province && (
            <p className="layers-muted" id="layers-need-province">
              {t('map.filters.chooseProvince')}
            </p>
          )}
        </div>

        <CheckGroup
          name="status"
          legend={t('map.filters.status')}
          codes={STATUS_CODES}
          selected={f.status}
          label={(c) => enumLabel('CameraStatus', c, `map.status.${c as (typeof STATUS_CODES)[number]}`)}
          onChange={(status) => setFilters({ status })}
        />
        <CheckGroup
          name="owner"
          legend={t('map.filters.ownerType')}
          codes={OWNER_CODES}
          selected={f.ownerType}
          label={(c) => enumLabel('AgencyType', c, `map.owner.${c as (typeof OWNER_CODES)[number]}`)}
          onChange={(ownerType) => setFilters({ ownerType })}
        />
        <CheckGroup
          name="purpose"
          legend={t('map.filters.purpose')}
          codes={PURPOSES}
          selected={f.purpose}
          label={(c) => enumLabel('CameraPurpose', c, `map.purpose.${c as (typeof PURPOSES)[number]}`)}
          onChange={(purpose) => setFilters({ purpose })}
        />

        <div className="layers-field">
          <label htmlFor="layers-linkage">{t('map.filters.linkage')}</label>
          <select
            id="layers-linkage"
            data-testid="filter-linkage"
            value={f.linkage ?? ''}
            onChange={(e) => setFilters({ linkage: e.currentTarget.value || undefined })}
          >
            <option value="">{t('map.any')}</option>
            {LINKAGE_CODES.map((l) => (
              <option key={l} value={l}>
                {enumLabel('Linkage', l, `map.linkage.${l}`)}
              </option>
            ))}
          </select>
        </div>
      </div>

      <div className="layers-card" role="group" aria-labelledby="layers-layers-title">
        <h3 id="layers-layers-title">{t('map.layers.title')}</h3>
        <ul className="layers-toggles">
          {[...LAYERS].reverse().filter((l) => offered.includes(l)).map((id) => {
            const sw = layerSwatch(id, state.colorBy);
            return (
              <li key={id} className="layers-check">
                <input
                  type="checkbox"
                  id={`layers-toggle-${id}`}
                  data-testid={`layer-toggle-${id}`}
                  checked={shownLayers.includes(id)}
                  onChange={(e) => setLayer(id, e.currentTarget.checked)}
                />
                <label htmlFor={`layers-toggle-${id}`}>
                  <Swatch shape={sw.shape} colors={sw.colors} />
                  {t(`map.layer.${id}`)}
                </label>
              </li>
            );
          })}
        </ul>
        <div className="layers-field">
          <label htmlFor="layers-color-by">{t('map.colorBy')}</label>
          <select id="layers-color-by" data-testid="color-by" value={state.colorBy} onChange={(e) => setColorBy(e.currentTarget.value as ColorBy)}>
            <option value="status">{t('map.colorBy.status')}</option>
            <option value="owner">{t('map.colorBy.owner')}</option>
          </select>
        </div>
      </div>
    </section>
  );
}
