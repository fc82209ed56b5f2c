import { type FormEvent, Fragment, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { ApiFieldError, type CameraRecord, createCamera, deleteCamera, getCamera, patchCameraAt } from '../../api/records';
import { useI18n } from '../../i18n/react';
import { type MapClick, useMapBridge, useMapClick, useMapOverlay } from '../../map/bridge';
import { useAppState } from '../../state/store';
import './camera.css';
import { compareVersions, reapply, type VersionConflict, versionConflictOf } from './conflict';
import { ConflictNotice } from './ConflictNotice';
import { checkPosition, formatDegrees, parseDegrees } from './coordinates';
import {
  type CameraKey,
  cameraToForm,
  createBody,
  emptyForm,
  enumKey,
  FIELDS,
  type FieldSpec,
  type FormError,
  type FormState,
  formKeyOf,
  labelKey,
  patchBody,
  readForm,
  SECTIONS,
  sectionKey,
} from './fields';
import { describedBy, errorText, FieldMessage, focusField, Hint, inputId } from './form-ui';
import { PhotoSection } from './PhotoSection';
import { pinLayers } from './pin-layers';
import { PositionInput } from './PositionInput';
import { useCameraLists } from './use-camera-lists';
import { eraFor, fromCE, parseYear } from './year';

/** Form keys in the order the inputs appear (the error summary lists them so). */
const ORDER: string[] = FIELDS.flatMap((f) => (f.name === 'project' ? [f.name, 'lat', 'lon', 'geometry'] : [f.name]));

type Notice = { key: CameraKey; params?: Record<string, string | number>; ok: boolean; testId?: string };

const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

/**
 * The camera form (Part 1 of the national survey): a new camera, or the camera selected on the
 * map. Checks every field in the browser as the API will, puts the API's own 400 messages on the
 * inputs they name, picks the position on the map, and handles the installation photos.
 */
export function CameraPanel() {
  const { t, lang } = useI18n();
  const { state, select } = useAppState();
  const { refresh, flyTo } = useMapBridge();
  const era = eraFor(lang);
  const selectedId = state.selected?.kind === 'camera' ? state.selected.id : null;

  const [record, setRecord] = useState<CameraRecord | null>(null);
  const [form, setForm] = useState<FormState>(emptyForm);
  const [loading, setLoading] = useState(false);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [showErrors, setShowErrors] = useState(false);
  const [apiErrors, setApiErrors] = useState<Record<string, FormError>>({});
  const [otherErrors, setOtherErrors] = useState<string[]>([]);
  const [busy, setBusy] = useState<'save' | 'delete' | null>(null);
  const [notice, setNotice] = useState<Notice | null>(null);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const [picking, setPicking] = useState(false);
  const [picked, setPicked] = useState<MapClick | null>(null);
  const [summaryTick, setSummaryTick] = useState(0);
  /** Someone else saved the camera since the form loaded it (409): their version, until the user chooses. */
  const [conflict, setConflict] = useState<VersionConflict | null>(null);
  const summaryRef = useRef<HTMLDivElement>(null);

  const reset = useCallback(() => {
    setRecord(null);
    setForm(emptyForm());
    setShowErrors(false);
    setApiErrors({});
    setOtherErrors([]);
    setConfirmDelete(false);
    setLoadError(null);
    setConflict(null);
  }, []);

  // The selected camera (a map click, a shared link, the camera just saved).
  useEffect(() => {
    if (selectedId === null) {
      if (record) {
        reset();
        setNotice(null);
      }
      return;
    }
    if (record?.id === selectedId) return;
    const ctl = new AbortController();
    setLoading(true);
    setLoadError(null);
    getCamera(selectedId, ctl.signal).then(
      (cam) => {
        if (ctl.signal.aborted) return;
        reset();
        setNotice(null);
        setRecord(cam);
        setForm(cameraToForm(cam, era));
        setLoading(false);
      },
      (e: unknown) => {
        if (ctl.signal.aborted) return;
        setLoading(false);
        setLoadError(message(e));
      },
    );
    return () => ctl.abort();
    // Runs when the selection changes; `record` and `era` are read, not watched.
  }, [selectedId]);

  // The year box follows the language's era: 2559 (BE) becomes 2016 (CE) and back.
  const lastEra = useRef(era);
  useEffect(() => {
    const from = lastEra.current;
    lastEra.current = era;
    if (from === era) return;
    setForm((f) => {
      const y = parseYear(f.values.year_installed ?? '', from);
      if (!y.ok || y.ce === null) return f;
      return { ...f, values: { ...f.values, year_installed: String(fromCE(y.ce, era)) } };
    });
  }, [era]);

  const read = useMemo(() => readForm(form, era), [form, era]);
  const errors: Record<string, FormError> = showErrors ? { ...apiErrors, ...read.errors } : apiErrors;

  // Lists: agencies and stations of the form's province, else of the map's province filter.
  const province = form.values.province_code || state.filters.province;
  const district = Number(form.values.district_id) || undefined;
  const lists = useCameraLists(province, district);

  const setValues = (changes: Record<string, string>) => {
    setForm((f) => ({ ...f, values: { ...f.values, ...changes } }));
    setApiErrors((e) => {
      const keys = Object.keys(changes).flatMap((k) => (k === 'lat' || k === 'lon' ? [k, 'geometry'] : [k]));
      if (!keys.some((k) => k in e)) return e;
      const next = { ...e };
      for (const k of keys) delete next[k];
      return next;
    });
  };

  const setValue = (name: string, value: string) => {
    if (name === 'province_code') setValues({ province_code: value, district_id: '', subdistrict_id: '' });
    else if (name === 'district_id') setValues({ district_id: value, subdistrict_id: '' });
    else setValues({ [name]: value });
  };

  const togglePurpose = (p: string, on: boolean) => {
    setForm((f) => ({ ...f, purposes: on ? [...new Set([...f.purposes, p])] : f.purposes.filter((x) => x !== p) }));
    setApiErrors((e) => {
      if (!('purposes' in e)) return e;
      const { purposes: _, ...rest } = e;
      return rest;
    });
  };

  // The pin and the view on the map, while the position is a valid one.
  const pin = useMemo(() => {
    const lat = parseDegrees(form.values.lat ?? '', 'lat');
    const lon = parseDegrees(form.values.lon ?? '', 'lon');
    if (!lat.ok || !lon.ok || lat.value === null || lon.value === null) return null;
    const p = checkPosition(lat.value, lon.value);
    return p.ok && !p.swapped ? { lat: p.lat, lon: p.lon } : null;
  }, [form.values.lat, form.values.lon]);
  const num = (k: string) => (typeof read.input[k] === 'number' ? (read.input[k] as number) : null);
  const directionDeg = num('direction_deg');
  const fovDeg = num('fov_deg');
  const rangeM = num('range_m');
  const kind = (read.input.kind as 'fixed' | 'dome' | 'ptz' | null) ?? 'fixed';
  const resolution = form.values.recorded_resolution || form.values.max_resolution || null;
  const layers = useMemo(
    () => (pin ? pinLayers({ lon: pin.lon, lat: pin.lat, kind, directionDeg, fovDeg, rangeM, resolution, picking }) : null),
    [pin, kind, directionDeg, fovDeg, rangeM, resolution, picking],
  );
  useMapOverlay('camera-pin', layers);
  useMapClick(
    'camera-pick',
    (c) => {
      setPicked(c);
      setValues({ lat: formatDegrees(c.lat), lon: formatDegrees(c.lon) });
    },
    picking,
  );
  useEffect(() => {
    if (!picking) {
      setPicked(null);
      return;
    }
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') setPicking(false);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [picking]);

  useEffect(() => {
    if (summaryTick) summaryRef.current?.focus();
  }, [summaryTick]);

  const save = async (e: FormEvent) => {
    e.preventDefault();
    setNotice(null);
    setOtherErrors([]);
    setApiErrors({});
    setConfirmDelete(false);
    setShowErrors(true);
    const r = readForm(form, era);
    if (Object.keys(r.errors).length) {
      setSummaryTick((n) => n + 1);
      return;
    }
    let body: Record<string, unknown>;
    setConflict(null);
    if (record) {
      body = patchBody(r.input, readForm(cameraToForm(record, era), era).input);
      if (Object.keys(body).length === 0) {
        setNotice({ key: 'camera.unchanged', ok: true });
        return;
      }
    } else body = createBody(r.input);
    setBusy('save');
    try {
      // An edit is saved only onto the version it was made from (If-Match): see conflict.ts.
      const saved = record ? await patchCameraAt(record.id, record.version, body) : await createCamera(body);
      setRecord(saved);
      setForm(cameraToForm(saved, era));
      setShowErrors(false);
      setNotice({ key: record ? 'camera.saved' : 'camera.saved_new', params: { id: saved.id }, ok: true });
      refresh();
      select({ kind: 'camera', id: saved.id });
    } catch (err) {
      const moved = record ? versionConflictOf(err) : null;
      if (moved) {
        setConflict(moved);
        return;
      }
      const mapped: Record<string, FormError> = {};
      const others: string[] = [];
      if (err instanceof ApiFieldError && err.fields.length) {
        for (const f of err.fields) {
          const key = formKeyOf(f.field);
          if (key && !mapped[key]) mapped[key] = { text: f.message };
          else if (!key) others.push(f.field ? `${f.field}: ${f.message}` : f.message);
        }
      } else others.push(t('camera.save_error', { message: message(err) }));
      setApiErrors(mapped);
      setOtherErrors(others);
      setSummaryTick((n) => n + 1);
    } finally {
      setBusy(null);
    }
  };

  /** The conflict's two ways on: the stored version as it is, or it with the user's changes on top (saved with the next click). */
  const takeCurrent = (withMine: boolean) => {
    if (!record || !conflict) return;
    const current = conflict.current;
    const theirs = cameraToForm(current, era);
    setForm(withMine ? reapply(cameraToForm(record, era), theirs, form) : theirs);
    setRecord(current);
    setConflict(null);
    setApiErrors({});
    setOtherErrors([]);
    setShowErrors(false);
    setNotice({ key: withMine ? 'camera.conflict.reapplied' : 'camera.conflict.reloaded', params: { version: current.version }, ok: true, testId: 'camera-conflict-done' });
    refresh();
  };

  const remove = async () => {
    if (!record) return;
    setBusy('delete');
    setNotice(null);
    try {
      await deleteCamera(record.id);
      const id = record.id;
      reset();
      setNotice({ key: 'camera.deleted', params: { id }, ok: true });
      refresh();
      select(null);
    } catch (err) {
      setNotice({ key: 'camera.delete_error', params: { message: message(err) }, ok: false });
    } finally {
      setBusy(null);
      setConfirmDelete(false);
    }
  };

  const startNew = () => {
    reset();
    setNotice(null);
    if (selectedId !== null) select(null);
  };

  const labelOf = (key: string) => t((key === 'lat' || key === 'lon' || key === 'geometry' ? `camera.f.${key}` : labelKey(key)) as CameraKey);
  const summary = [
    ...ORDER.filter((k) => errors[k]).map((k) => ({ key: k as string | null, text: `${labelOf(k)}: ${errorText(t, errors[k]!)}` })),
    ...otherErrors.map((text) => ({ key: null, text })),
  ];

  const enumLabel = (f: FieldSpec, value: string) => lists.enums[f.enumName ?? '']?.[value]?.[lang] ?? t(enumKey(f.name, value));

  const refOptions = (f: FieldSpec): { value: string; label: string }[] => {
    const name = (th: string, en: string | null | undefined) => (lang === 'en' && en ? en : th);
    switch (f.ref) {
      case 'province':
        return lists.provinces.map((p) => ({ value: p.code, label: name(p.name_th, p.name_en) }));
      case 'district':
        return lists.districts.map((d) => ({ value: String(d.id), label: name(d.name_th, d.name_en) }));
      case 'subdistrict':
        return lists.subdistricts.map((d) => ({ value: String(d.id), label: name(d.name_th, d.name_en) }));
      case 'agency':
        return lists.agencies.map((a) => ({ value: String(a.id), label: a.name }));
      case 'station':
        return lists.stations.map((s) => ({ value: String(s.id), label: name(s.name_th, s.name_en) }));
      default:
        return [];
    }
  };

  /** A form value as the user knows it: enumeration and list labels instead of codes and ids. */
  const showValue = (key: string, value: string): string => {
    const f = FIELDS.find((x) => x.name === key);
    if (!f) return value;
    if (f.kind === 'purposes') return value.split(',').filter(Boolean).map((p) => enumLabel(f, p)).join(', ');
    if (f.kind === 'enum') return enumLabel(f, value);
    if (f.kind === 'ref') return refOptions(f).find((o) => o.value === value)?.label ?? `#${value}`;
    return value;
  };

  const hintOf = (f: FieldSpec): string | null => {
    if (f.kind === 'year') return t(era === 'BE' ? 'camera.h.year_be' : 'camera.h.year_ce');
    if (f.ref === 'province' || f.ref === 'district' || f.ref === 'subdistrict') return t('camera.h.area_auto');
    if (f.ref === 'station') return t('camera.h.station_auto');
    if (f.ref === 'agency' && province) return t('camera.h.agency_province');
    if (f.kind === 'direction') return t('camera.h.direction');
    if (f.personal) return t('camera.h.personal');
    return null;
  };

  const fixField = (name: string) => (e: FormError) => {
    if (!('text' in e) && e.action === 'use_suggestion' && e.suggestion) setValue(name, e.suggestion);
  };

  const renderField = (f: FieldSpec) => {
    const name = f.name;
    const err = errors[name];
    const hint = hintOf(f);
    const id = inputId(name);
    const common = {
      id,
      name,
      'data-testid': `camera-field-${name}`,
      'aria-invalid': err ? true : undefined,
      'aria-describedby': describedBy(name, !!hint, !!err),
      'aria-required': f.required || undefined,
    };
    const value = form.values[name] ?? '';
    const label = f.kind === 'year' ? `${t(labelKey(name))} (${t(era === 'BE' ? 'camera.era.be' : 'camera.era.ce')})` : t(labelKey(name));

    if (f.kind === 'purposes') {
      return (
        <div className="camera-field" role="group" aria-labelledby="camera-purposes-label" data-testid="camera-field-purposes" aria-describedby={err ? 'camera-err-purposes' : undefined}>
          <p className="camera-label" id="camera-purposes-label">
            {label}
          </p>
          {f.values!.map((p, i) => (
            <label className="camera-check" key={p}>
              <input
                type="checkbox"
                id={i === 0 ? id : `${id}-${p}`}
                data-testid={`camera-field-purposes-${p}`}
                checked={form.purposes.includes(p)}
                onChange={(e) => togglePurpose(p, e.currentTarget.checked)}
              />
              {enumLabel(f, p)}
            </label>
          ))}
          <FieldMessage name={name} error={err} t={t} />
        </div>
      );
    }

    let control;
    if (f.kind === 'enum' || f.kind === 'ref') {
      const options = f.kind === 'enum' ? f.values!.map((v) => ({ value: v, label: enumLabel(f, v) })) : refOptions(f);
      // Keep a stored id selectable while its list is loading or belongs to another province.
      if (value && !options.some((o) => o.value === value)) options.unshift({ value, label: `#${value}` });
      const empty = f.required ? 'camera.opt.choose' : f.kind === 'ref' && f.ref !== 'agency' ? 'camera.opt.auto' : 'camera.opt.none';
      control = (
        <select {...common} value={value} onChange={(e) => setValue(name, e.currentTarget.value)}>
          {!f.noEmpty && <option value="">{t(empty)}</option>}
          {options.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      );
    } else if (f.kind === 'textarea') {
      control = <textarea {...common} rows={2} value={value} onChange={(e) => setValue(name, e.currentTarget.value)} />;
    } else {
      const inputMode = f.kind === 'int' || f.kind === 'year' ? 'numeric' : f.kind === 'number' || f.kind === 'direction' ? 'decimal' : f.kind === 'url' ? 'url' : undefined;
      control = <input {...common} type={f.kind === 'url' ? 'url' : 'text'} inputMode={inputMode} autoComplete="off" value={value} onChange={(e) => setValue(name, e.currentTarget.value)} />;
    }
    return (
      <div className={`camera-field${f.kind === 'textarea' ? ' camera-field-wide' : ''}`}>
        <label htmlFor={id}>
          {label}
          {f.required && <span aria-hidden="true"> *</span>}
          {f.required && <span className="camera-sr">({t('camera.required')})</span>}
        </label>
        {control}
        {hint && <Hint name={name}>{hint}</Hint>}
        <FieldMessage name={name} error={err} t={t} onFix={fixField(name)} />
      </div>
    );
  };

  const heading = record ? t('camera.heading.edit', { id: record.id }) : t('camera.heading.new');

  return (
    <section aria-labelledby="panel-camera-title" data-testid="panel-camera" className="camera-panel">
      <h2 id="panel-camera-title">{t('camera.title')}</h2>
      <p className="camera-status" role="status" aria-live="polite">
        {loading ? t('camera.loading') : ''}
      </p>
      {loadError && (
        <p className="camera-error" role="alert" data-testid="camera-load-error">
          {t('camera.load_error', { message: loadError })}
        </p>
      )}
      {notice && (
        <p className={notice.ok ? 'camera-notice' : 'camera-error'} role={notice.ok ? 'status' : 'alert'} data-testid={notice.testId ?? (notice.ok && notice.key !== 'camera.unchanged' ? 'camera-saved' : 'camera-notice')}>
          {t(notice.key, notice.params)}
        </p>
      )}
      {lists.error && <p className="camera-hint">{t('camera.lists_error', { message: lists.error })}</p>}
      {!loading && (
        <form className="camera-form" data-testid="camera-form" noValidate onSubmit={save} aria-labelledby="camera-form-title">
          <div className="camera-form-head">
            <h3 id="camera-form-title">{heading}</h3>
            {record && (
              <button type="button" className="camera-btn camera-btn-quiet" onClick={startNew}>
                {t('camera.new_button')}
              </button>
            )}
          </div>
          <p className="camera-hint">{t('camera.intro')}</p>
          {summary.length > 0 && (
            <div className="camera-summary" role="alert" tabIndex={-1} ref={summaryRef} data-testid="camera-error-summary">
              <p className="camera-summary-title">{t('camera.summary.title', { count: summary.length })}</p>
              <ul>
                {summary.map((s, i) => (
                  <li key={`${s.key ?? 'other'}-${i}`}>
                    {s.key ? (
                      <a
                        href={`#${inputId(s.key === 'geometry' ? 'lat' : s.key)}`}
                        onClick={(e) => {
                          e.preventDefault();
                          focusField(s.key!);
                        }}
                      >
                        {s.text}
                      </a>
                    ) : (
                      <span>
                        {t('camera.summary.other')}: {s.text}
                      </span>
                    )}
                  </li>
                ))}
              </ul>
            </div>
          )}
          {record && conflict && (
            <ConflictNotice
              conflict={conflict}
              baseVersion={record.version}
              changes={compareVersions(cameraToForm(record, era), cameraToForm(conflict.current, era), form)}
              labelOf={labelOf}
              show={showValue}
              onReload={() => takeCurrent(false)}
              onReapply={() => takeCurrent(true)}
            />
          )}
          {SECTIONS.map((s) => (
            <fieldset key={s.id} className="camera-section" id={`camera-s-${s.id}`}>
              <legend>{t(sectionKey(s.id))}</legend>
              <div className="camera-grid">
                {s.fields.map((f) => (
                  <Fragment key={f.name}>
                    {renderField(f)}
                    {f.name === 'project' && (
                      <PositionInput
                        lat={form.values.lat ?? ''}
                        lon={form.values.lon ?? ''}
                        onChange={(lat, lon) => setValues({ lat, lon })}
                        errors={{ lat: errors.lat, lon: errors.lon, geometry: errors.geometry }}
                        picking={picking}
                        onPickingChange={setPicking}
                        picked={picked}
                        onShow={pin ? () => flyTo({ lon: pin.lon, lat: pin.lat, zoom: 17 }) : undefined}
                      />
                    )}
                  </Fragment>
                ))}
              </div>
              {s.id === 'properties' && <PhotoSection cameraId={record?.id ?? null} />}
            </fieldset>
          ))}
          <div className="camera-footer">
            <button type="submit" className="camera-btn camera-btn-primary" data-testid="camera-save" disabled={busy !== null || conflict !== null}>
              {busy === 'save' ? t('camera.saving') : t('camera.save')}
            </button>
            {record && !confirmDelete && (
              <button type="button" className="camera-btn camera-btn-danger" data-testid="camera-delete" disabled={busy !== null} onClick={() => setConfirmDelete(true)}>
                {t('camera.delete')}
              </button>
            )}
          </div>
          {record && confirmDelete && (
            <div className="camera-confirm" role="group" aria-labelledby="camera-delete-q" data-testid="camera-delete-confirm">
              <p id="camera-delete-q" role="alert">
                {t('camera.delete_confirm', { name: String(record.place_name ?? `#${record.id}`) })}
              </p>
              <button type="button" className="camera-btn camera-btn-danger" data-testid="camera-delete-yes" disabled={busy !== null} onClick={remove}>
                {busy === 'delete' ? t('camera.deleting') : t('camera.delete_yes')}
              </button>
              {/* The safe choice takes the focus. */}
              <button type="button" className="camera-btn camera-btn-quiet" onClick={() => setConfirmDelete(false)} autoFocus>
                {t('camera.delete_no')}
              </button>
            </div>
          )}
        </form>
      )}
    </section>
  );
}
