import { useCallback, useEffect, useMemo, useRef } from 'react';
import { type CameraArrays, codeName, KIND_CODES, LINKAGE_CODES, OWNER_CODES, STATUS_CODES } from '../api/map';
import { useOptionalAuth } from '../auth/AuthGate';
import { panelsFor } from '../auth/panels';
import { isMessageKey } from '../i18n';
import { useI18n } from '../i18n/react';
import { useAppState } from '../state/store';
import { useMapBridge } from './bridge';
import { type DetailFormat, type DetailSection, detailSections, detailTitle, fieldRows } from './detail';
import { type EnumLabels, fetchRecord, fetchRefNames, RECORD_PATHS } from './map-api';
import { useFetch } from './use-fetch';

export interface DetailPanelProps {
  enums: EnumLabels | null;
  /** Names for reference columns (province_code → the province's name), when the map knows them. */
  refName?: DetailFormat['refName'];
  /** Where focus goes back to when the panel closes and the opener is gone (the map canvas). */
  fallbackFocus?: () => HTMLElement | null;
  /**
   * Set on the public map (no account): the cameras the map loaded. Only cameras are shown then,
   * with what these arrays hold (publicCameraRecord); no record is asked of the API.
   */
  publicCameras?: { data: CameraArrays | null; loading: boolean };
}

/** What the public map knows of camera `id` (the /api/map/cameras columns), or null when it does not hold it. */
export function publicCameraRecord(cameras: CameraArrays | null, id: number): Record<string, unknown> | null {
  if (!cameras) return null;
  const i = cameras.ids.indexOf(id);
  if (i < 0) return null;
  const finite = (v: number) => (Number.isFinite(v) ? Math.round(v * 10) / 10 : null);
  return {
    id,
    geometry: { type: 'Point', coordinates: [cameras.lon[i]!, cameras.lat[i]!] },
    agency_type: codeName(OWNER_CODES, cameras.owner[i]!),
    kind: codeName(KIND_CODES, cameras.kind[i]!),
    linkage: codeName(LINKAGE_CODES, cameras.linkage[i]!),
    status: codeName(STATUS_CODES, cameras.status[i]!),
    direction_deg: finite(cameras.direction[i]!),
    fov_deg: finite(cameras.fov[i]!),
    range_m: finite(cameras.range[i]!),
  };
}

/** The public camera's fields in the survey's sections (detail.ts), its owner type with its location. */
const PUBLIC_SECTIONS: [string, string[]][] = [
  ['location', ['geometry', 'agency_type']],
  ['properties', ['kind']],
  ['linkage', ['linkage']],
  ['status', ['status']],
  ['view', ['direction_deg', 'fov_deg', 'range_m']],
  ['record', ['id']],
];

function publicSections(record: Record<string, unknown>, f: DetailFormat): DetailSection[] {
  return PUBLIC_SECTIONS.map(([id, fields]) => {
    const key = `map.detail.section.${id}`;
    return { id, title: isMessageKey(key) ? f.t(key) : id, rows: fields.flatMap((field) => fieldRows('camera', field, record[field], f)) };
  });
}

/**
 * The selected record over the map's right side: every field, labelled, in words. Opens when
 * `state.selected` names a camera, planned site, risk point or risk route; Esc or the close button
 * clears the selection. Focus moves to the panel's heading when it opens and back when it closes.
 */
export function DetailPanel({ enums, refName, fallbackFocus, publicCameras }: DetailPanelProps) {
  const { t, lang, num, date, thaiDigits } = useI18n();
  const { state, select, setPanel } = useAppState();
  const { dataVersion } = useMapBridge();
  const auth = useOptionalAuth();
  const isPublic = publicCameras !== undefined;
  // Public: a camera the map holds (or may soon hold, while its cameras load); nothing else.
  const publicId = isPublic && state.selected?.kind === 'camera' ? state.selected.id : null;
  const publicData = publicCameras?.data ?? null;
  const publicRecord = useMemo(() => (publicId === null ? null : publicCameraRecord(publicData, publicId)), [publicData, publicId]);
  const shownPublic = publicRecord !== null || (publicCameras?.loading === true && state.selected?.kind === 'camera');
  const sel = state.selected && (isPublic ? shownPublic : RECORD_PATHS[state.selected.kind]) ? state.selected : null;
  const key = sel && !isPublic ? `${sel.kind}:${sel.id}:${dataVersion}` : null;
  const rec = useFetch(key, (signal) => fetchRecord(sel!.kind, sel!.id, signal));
  const current = isPublic ? publicRecord : rec.dataKey === key ? rec.data : null;
  // The agency's and the police station's names instead of their ids, once the record is here.
  const refs = useFetch(current && key ? key : null, (signal) => fetchRefNames(current!, signal));
  const heading = useRef<HTMLHeadingElement>(null);
  const opener = useRef<Element | null>(null);
  const open = sel !== null;

  // Focus in on open, back out on close.
  useEffect(() => {
    if (!open) return;
    opener.current = document.activeElement;
    heading.current?.focus();
    return () => {
      const back = opener.current;
      opener.current = null;
      // Only when focus was inside the panel (or nowhere): a user who moved on keeps their place.
      const active = document.activeElement;
      if (active && active !== document.body && !active.closest?.('[data-testid="detail-panel"]')) return;
      const target = back instanceof HTMLElement && back.isConnected && back !== document.body ? back : fallbackFocus?.();
      target?.focus();
    };
  }, [open, fallbackFocus]);

  const close = useCallback(() => select(null), [select]);
  useEffect(() => {
    if (!open) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape' && !e.defaultPrevented) {
        e.preventDefault();
        close();
      }
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [open, close]);

  const plain = useMemo(() => {
    const fmt = new Intl.NumberFormat(lang === 'th' && thaiDigits ? 'th-TH-u-nu-thai' : 'en-US', { useGrouping: false, maximumFractionDigits: 6 });
    return (n: number) => fmt.format(n);
  }, [lang, thaiDigits]);

  if (!sel) return null;
  const record = current;
  const names = refs.dataKey === key ? refs.data : null;
  const refNameAll: DetailFormat['refName'] = (field, value) => {
    const own = refName?.(field, value);
    if (own) return own;
    const n = names?.[field];
    return n ? (lang === 'en' && n.en) || n.th : null;
  };
  const kindKey = `map.detail.kind.${sel.kind}`;
  const kindLabel = isMessageKey(kindKey) ? t(kindKey) : sel.kind;
  const format: DetailFormat = { t, lang, num, date, plain, enums, refName: refNameAll };
  const sections = !record ? [] : isPublic ? publicSections(record, format) : detailSections(sel.kind, record, format);
  // "Edit" for an account that has the camera form (the server still decides on the record).
  const canEdit = sel.kind === 'camera' && !isPublic && panelsFor(auth ? auth.user.role : 'admin').includes('camera');
  const title = isPublic ? t('map.tooltip.camera', { id: plain(sel.id) }) : record ? detailTitle(record) : `${t('map.detail.title')} #${plain(sel.id)}`;

  return (
    <aside className="mapview-detail" data-testid="detail-panel" aria-labelledby="mapview-detail-title" data-kind={sel.kind} data-id={sel.id}>
      <header className="mapview-detail-head">
        <div>
          <p className="mapview-detail-kind">{kindLabel}</p>
          <h2 id="mapview-detail-title" ref={heading} tabIndex={-1}>
            {title}
          </h2>
        </div>
        <button type="button" className="mapview-icon-btn" onClick={close} aria-label={t('map.detail.close')} title={t('map.detail.close')} data-testid="detail-close">
          <span aria-hidden="true">×</span>
        </button>
      </header>
      {canEdit && (
        <div className="mapview-detail-actions">
          <button type="button" className="mapview-btn" onClick={() => setPanel('camera')} data-testid="detail-edit">
            {t('map.detail.edit')}
          </button>
        </div>
      )}
      {/* Focusable so that a keyboard user can scroll the fields (a region named by the title). */}
      <div className="mapview-detail-body" tabIndex={0} role="region" aria-labelledby="mapview-detail-title">
        {rec.error && rec.dataKey !== key ? (
          <p role="alert" className="mapview-error-text">
            {t('map.detail.error', { message: rec.error.message })}
          </p>
        ) : !record ? (
          <p role="status">{t('map.detail.loading')}</p>
        ) : (
          sections.map((s) => (
            <section key={s.id} aria-labelledby={s.title ? `mapview-detail-${s.id}` : undefined}>
              {s.title && <h3 id={`mapview-detail-${s.id}`}>{s.title}</h3>}
              <dl>
                {s.rows.map((r) => (
                  <div key={r.field} data-field={r.field}>
                    <dt>{r.label}</dt>
                    <dd>
                      {r.href ? (
                        <a href={r.href} target="_blank" rel="noreferrer noopener">
                          {r.value}
                        </a>
                      ) : (
                        r.value
                      )}
                    </dd>
                  </div>
                ))}
              </dl>
            </section>
          ))
        )}
      </div>
    </aside>
  );
}
