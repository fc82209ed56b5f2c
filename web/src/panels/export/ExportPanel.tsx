import { useEffect, useState } from 'react';
import { listPlans, listProvinces, type PlanSummary, type ProvinceOption } from '../../api/records';
import type { MessageKey } from '../../i18n';
import { useI18n } from '../../i18n/react';
import { useOptionalAuth } from '../../auth/AuthGate';
import { onlyOwnProvince } from '../../auth/panels';
import { useMapBridge } from '../../map/bridge';
import { useAppState } from '../../state/store';
import './export.css';
import {
  EXPORT_FORMATS,
  EXPORT_KINDS,
  type ExportFormat,
  type ExportKind,
  exportFileName,
  exportUrl,
  type GeometryColumns,
  type HeaderLang,
  isTabular,
  laoFormUrl,
  ogcUrl,
  PLAN_FORMATS,
  planExportUrl,
  splitFilters,
  surveyFormUrl,
  TABLE_KINDS,
  type ValueLabels,
} from './links';

const YEAR = /^\d{4}$/;

/**
 * Every export as a plain download link: any kind in any format under the map's filters, the
 * official forms of a province, the OGC API address for GIS tools, and the saved plans.
 */
export function ExportPanel() {
  const { t, lang, num } = useI18n();
  const { state } = useAppState();
  const filters = state.filters;

  const [kind, setKind] = useState<ExportKind>('cameras');
  const [format, setFormat] = useState<ExportFormat>('xlsx');
  const [header, setHeader] = useState<HeaderLang>(lang);
  const [values, setValues] = useState<ValueLabels>('code');
  const [geometry, setGeometry] = useState<GeometryColumns | ''>('');
  const [sensitive, setSensitive] = useState(false);
  const [visibleOnly, setVisibleOnly] = useState(false);
  const { viewBounds } = useMapBridge();
  const auth = useOptionalAuth();
  // Personal data leave only with admins and provincial secretariats (the server says the same: 403).
  const maySeeSensitive = !auth || auth.user.role === 'admin' || auth.user.role === 'secretariat';
  const [surveyYear, setSurveyYear] = useState('');
  const [formProvince, setFormProvince] = useState(filters.province ?? '');
  const [formYear, setFormYear] = useState('');
  const [laoName, setLaoName] = useState('');
  const [provinces, setProvinces] = useState<ProvinceOption[]>([]);
  const [plans, setPlans] = useState<{ items: PlanSummary[]; error?: string } | null>(null);
  const [copied, setCopied] = useState(false);

  // The header follows the interface language until the user picks one.
  const [headerTouched, setHeaderTouched] = useState(false);
  useEffect(() => {
    if (!headerTouched) setHeader(lang);
  }, [lang, headerTouched]);
  useEffect(() => {
    if (filters.province) setFormProvince(filters.province);
  }, [filters.province]);

  useEffect(() => {
    const ctl = new AbortController();
    listProvinces(ctl.signal).then(
      (p) => {
        if (!ctl.signal.aborted) setProvinces(onlyOwnProvince(p, (x) => x.code, auth?.user));
      },
      () => {
        /* codes are shown instead of names */
      },
    );
    return () => ctl.abort();
  }, [auth?.user]);

  useEffect(() => {
    const ctl = new AbortController();
    setPlans(null);
    listPlans(filters.province, ctl.signal).then(
      (p) => {
        if (!ctl.signal.aborted) setPlans({ items: p.items });
      },
      (e: unknown) => {
        if (!ctl.signal.aborted) setPlans({ items: [], error: e instanceof Error ? e.message : String(e) });
      },
    );
    return () => ctl.abort();
  }, [filters.province]);

  const provinceName = (code: string) => {
    const p = provinces.find((x) => x.code === code);
    return p ? (lang === 'en' ? p.name_en : p.name_th) : code;
  };

  const yearOk = surveyYear.trim() === '' || YEAR.test(surveyYear.trim());
  const formYearOk = formYear.trim() === '' || YEAR.test(formYear.trim());
  const url = exportUrl(kind, format, filters, {
    header,
    values,
    geometry: geometry || undefined,
    sensitive: sensitive && maySeeSensitive,
    surveyYear: yearOk && surveyYear.trim() ? Number(surveyYear.trim()) : undefined,
    bbox: visibleOnly && viewBounds ? viewBounds : undefined,
  });
  const file = exportFileName(kind, format, splitFilters(kind, filters).applied.includes('province') ? filters.province : undefined);
  const { applied, dropped } = splitFilters(kind, filters);

  const filterText = (f: (typeof applied)[number]) => {
    switch (f) {
      case 'province':
        return t('export.filter.province', { value: provinceName(filters.province!) });
      case 'district':
        return t('export.filter.district', { value: String(filters.district) });
      case 'policeStation':
        return t('export.filter.policeStation', { value: String(filters.policeStation) });
      case 'status':
        return t('export.filter.status', { value: (filters.status ?? []).map((s) => t(`camera.e.status.${s}` as MessageKey)).join(', ') });
    }
  };
  const droppedText = (f: (typeof dropped)[number]) =>
    f === 'ownerType' || f === 'purpose' || f === 'linkage' ? t(`export.filter.${f}`) : filterText(f);

  const ogc = ogcUrl(typeof window === 'undefined' ? '' : window.location.origin);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(ogc);
      setCopied(true);
    } catch {
      setCopied(false);
    }
  };

  return (
    <section aria-labelledby="panel-export-title" data-testid="panel-export" className="export-panel">
      <h2 id="panel-export-title">{t('export.title')}</h2>
      <p className="export-hint">{t('export.intro')}</p>

      <fieldset className="export-box">
        <legend>{t('export.data.legend')}</legend>
        <div className="export-field">
          <label htmlFor="export-kind">{t('export.kind')}</label>
          <select id="export-kind" data-testid="export-kind" value={kind} onChange={(e) => setKind(e.currentTarget.value as ExportKind)}>
            {EXPORT_KINDS.map((k) => (
              <option key={k} value={k}>
                {t(`export.kind.${k}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="export-field">
          <label htmlFor="export-format">{t('export.format')}</label>
          <select id="export-format" data-testid="export-format" value={format} aria-describedby="export-format-hint" onChange={(e) => setFormat(e.currentTarget.value as ExportFormat)}>
            {EXPORT_FORMATS.map((f) => (
              <option key={f} value={f}>
                {t(`export.format.${f}`)}
              </option>
            ))}
          </select>
          <p className="export-hint" id="export-format-hint">
            {[format === 'gpkg' ? t('export.format.gpkg_hint') : '', TABLE_KINDS.includes(kind) ? t('export.table_kind') : ''].filter(Boolean).join(' ')}
          </p>
        </div>
        {isTabular(format) && (
          <fieldset className="export-choice">
            <legend>{t('export.header')}</legend>
            {(['th', 'en', 'name'] as const).map((h) => (
              <label key={h} className="export-check">
                <input
                  type="radio"
                  name="export-header"
                  value={h}
                  data-testid={`export-header-${h}`}
                  checked={header === h}
                  onChange={() => {
                    setHeader(h);
                    setHeaderTouched(true);
                  }}
                />
                {t(`export.header.${h}`)}
              </label>
            ))}
          </fieldset>
        )}
        <div className="export-field">
          <label htmlFor="export-values">{t('export.values')}</label>
          <select id="export-values" data-testid="export-values" value={values} onChange={(e) => setValues(e.currentTarget.value as ValueLabels)}>
            {(['code', 'th', 'en'] as const).map((v) => (
              <option key={v} value={v}>
                {t(`export.values.${v}`)}
              </option>
            ))}
          </select>
        </div>
        {isTabular(format) && !TABLE_KINDS.includes(kind) && (
          <div className="export-field">
            <label htmlFor="export-geometry">{t('export.geometry')}</label>
            <select id="export-geometry" data-testid="export-geometry" value={geometry} onChange={(e) => setGeometry(e.currentTarget.value as GeometryColumns | '')}>
              <option value="">{t('export.geometry.default')}</option>
              {(['lonlat', 'wkt', 'none'] as const).map((g) => (
                <option key={g} value={g} disabled={g === 'lonlat' && kind === 'risk_routes'}>
                  {t(`export.geometry.${g}`)}
                </option>
              ))}
            </select>
          </div>
        )}
        {kind === 'lao_survey' && (
          <div className="export-field">
            <label htmlFor="export-survey-year">{t('export.survey_year')}</label>
            <input
              id="export-survey-year"
              data-testid="export-survey-year"
              type="text"
              inputMode="numeric"
              value={surveyYear}
              aria-invalid={yearOk ? undefined : true}
              aria-describedby={yearOk ? undefined : 'export-survey-year-err'}
              onChange={(e) => setSurveyYear(e.currentTarget.value)}
            />
            {!yearOk && (
              <p className="export-error" id="export-survey-year-err">
                {t('export.err.year')}
              </p>
            )}
          </div>
        )}
        <label className="export-check">
          <input
            type="checkbox"
            data-testid="export-visible-only"
            checked={visibleOnly && viewBounds !== null}
            disabled={viewBounds === null || TABLE_KINDS.includes(kind)}
            aria-describedby="export-visible-hint"
            onChange={(e) => setVisibleOnly(e.currentTarget.checked)}
          />
          {t('export.visibleOnly')}
        </label>
        <p className="export-hint" id="export-visible-hint">
          {TABLE_KINDS.includes(kind) ? t('export.visibleOnly.noPosition') : t('export.visibleOnly.hint')}
        </p>
        {maySeeSensitive && (
          <>
            <label className="export-check">
              <input type="checkbox" data-testid="export-sensitive" checked={sensitive} aria-describedby="export-sensitive-hint" onChange={(e) => setSensitive(e.currentTarget.checked)} />
              {t('export.sensitive')}
            </label>
            <p className="export-hint" id="export-sensitive-hint">
              {t('export.sensitive_hint')}
            </p>
          </>
        )}

        <div className="export-filters" data-testid="export-filters">
          <p className="export-label">{t('export.filters')}</p>
          {applied.length ? (
            <ul>
              {applied.map((f) => (
                <li key={f}>{filterText(f)}</li>
              ))}
            </ul>
          ) : (
            <p className="export-hint">{t('export.filters.none')}</p>
          )}
          {dropped.length > 0 && <p className="export-hint">{t('export.filters.dropped', { list: dropped.map(droppedText).join(', ') })}</p>}
        </div>

        <a className="export-download" data-testid="export-link" href={url} download={file}>
          {t('export.download', { file })}
        </a>
      </fieldset>

      <fieldset className="export-box">
        <legend>{t('export.forms.legend')}</legend>
        <div className="export-field">
          <label htmlFor="export-form-province">{t('export.forms.province')}</label>
          <select id="export-form-province" data-testid="export-form-province" value={formProvince} onChange={(e) => setFormProvince(e.currentTarget.value)}>
            <option value="">{t('export.forms.choose')}</option>
            {formProvince && !provinces.some((p) => p.code === formProvince) && <option value={formProvince}>{formProvince}</option>}
            {provinces.map((p) => (
              <option key={p.code} value={p.code}>
                {lang === 'en' ? p.name_en : p.name_th}
              </option>
            ))}
          </select>
        </div>
        <div className="export-field">
          <label htmlFor="export-form-year">{t('export.forms.year')}</label>
          <input
            id="export-form-year"
            data-testid="export-form-year"
            type="text"
            inputMode="numeric"
            value={formYear}
            aria-invalid={formYearOk ? undefined : true}
            aria-describedby={formYearOk ? 'export-form-year-hint' : 'export-form-year-hint export-form-year-err'}
            onChange={(e) => setFormYear(e.currentTarget.value)}
          />
          <p className="export-hint" id="export-form-year-hint">
            {t('export.forms.year_hint')}
          </p>
          {!formYearOk && (
            <p className="export-error" id="export-form-year-err">
              {t('export.err.year')}
            </p>
          )}
        </div>
        <div className="export-field">
          <label htmlFor="export-form-lao">{t('export.forms.lao_name')}</label>
          <input id="export-form-lao" type="text" value={laoName} onChange={(e) => setLaoName(e.currentTarget.value)} />
        </div>
        <ul className="export-links">
          <li>
            {formProvince ? (
              <a
                data-testid="export-form-lao"
                href={laoFormUrl(formProvince, {
                  district: formProvince === filters.province ? filters.district : undefined,
                  year: formYearOk && formYear.trim() ? Number(formYear.trim()) : undefined,
                  lao: laoName,
                })}
                download={`lao-survey-${formProvince}.xlsx`}
              >
                {t('export.forms.lao')} — {provinceName(formProvince)}
              </a>
            ) : (
              <span className="export-hint" data-testid="export-form-lao-disabled">
                {t('export.forms.need_province')}
              </span>
            )}
          </li>
          <li>
            <a
              data-testid="export-form-survey"
              href={surveyFormUrl(formProvince || undefined, { district: formProvince === filters.province ? filters.district : undefined, sensitive })}
              download={`survey-${formProvince || 'all'}.xlsx`}
            >
              {formProvince ? `${t('export.forms.survey')} — ${provinceName(formProvince)}` : t('export.forms.survey_all')}
            </a>
          </li>
        </ul>
      </fieldset>

      <fieldset className="export-box">
        <legend>{t('export.ogc.legend')}</legend>
        <p className="export-hint">{t('export.ogc.intro')}</p>
        <div className="export-field">
          <label htmlFor="export-ogc-url">{t('export.ogc.url')}</label>
          <div className="export-row">
            <input id="export-ogc-url" data-testid="export-ogc-url" type="text" readOnly value={ogc} onFocus={(e) => e.currentTarget.select()} />
            <button type="button" className="export-btn" onClick={() => void copy()}>
              {t('export.ogc.copy')}
            </button>
          </div>
          <p className="export-hint" role="status">
            {copied ? t('export.ogc.copied') : ''}
          </p>
        </div>
        <p className="export-hint">
          <a href={ogc} target="_blank" rel="noreferrer" data-testid="export-ogc-link">
            {ogc}
          </a>
        </p>
        <p className="export-hint">{t('export.ogc.qgis')}</p>
        <p className="export-hint">{t('export.ogc.gdal')}</p>
        <pre className="export-code" data-testid="export-ogc-gdal">
          <code>{`ogr2ogr -f GPKG cameras.gpkg OAPIF:${ogc} cameras`}</code>
        </pre>
      </fieldset>

      <fieldset className="export-box">
        <legend>{t('export.plans.legend')}</legend>
        {plans === null ? (
          <p className="export-hint" role="status">
            {t('export.plans.loading')}
          </p>
        ) : plans.error ? (
          <p className="export-error">{t('export.plans.error', { message: plans.error })}</p>
        ) : plans.items.length === 0 ? (
          <p className="export-hint">{t('export.plans.none')}</p>
        ) : (
          <ul className="export-plans" data-testid="export-plans">
            {plans.items.map((p) => (
              <li key={p.id}>
                <span className="export-plan-name">{p.name}</span>
                <span className="export-hint">
                  {t('export.plans.summary', {
                    status: p.status === 'approved' ? t('export.plans.status.approved') : t('export.plans.status.draft'),
                    budget: num(Number(p.budget_baht)),
                    items: num(Number(p.items)),
                  })}
                </span>
                <span className="export-row">
                  {PLAN_FORMATS.map((f) => (
                    <a key={f} data-testid={`export-plan-${p.id}-${f}`} href={planExportUrl(p.id, f, lang)} download aria-label={t('export.plans.link', { format: f.toUpperCase(), name: p.name })}>
                      {f === 'xlsx' ? 'Excel' : 'GeoJSON'}
                    </a>
                  ))}
                </span>
              </li>
            ))}
          </ul>
        )}
      </fieldset>
    </section>
  );
}
