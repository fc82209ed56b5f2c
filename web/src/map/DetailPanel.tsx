import { useCallback, useEffect, useMemo, useRef } from 'react';
import { isMessageKey } from '../i18n';
import { useI18n } from '../i18n/react';
import { useAppState } from '../state/store';
import { useMapBridge } from './bridge';
import { detailSections, detailTitle, type DetailFormat } from './detail';
import { type EnumLabels, fetchRecord, fetchRefNames, RECORD_PATHS } from './map-api';
import { useFetch } from './use-fetch';

export interface DetailPanelProps {
  enums: EnumLabels | null;
  /** Names for reference columns (province_code → the province's name), when the map knows them. */
  refName?: DetailFormat['refName'];
  /** Where focus goes back to when the panel closes and the opener is gone (the map canvas). */
  fallbackFocus?: () => HTMLElement | null;
}

/**
 * The selected record over the map's right side: every field, labelled, in words. Opens when
 * `state.selected` names a camera, planned site, risk point or risk route; Esc or the close button
 * clears the selection. Focus moves to the panel's heading when it opens and back when it closes.
 */
export function DetailPanel({ enums, refName, fallbackFocus }: DetailPanelProps) {
  const { t, lang, num, date, thaiDigits } = useI18n();
  const { state, select, setPanel } = useAppState();
  const { dataVersion } = useMapBridge();
  const sel = state.selected && RECORD_PATHS[state.selected.kind] ? state.selected : null;
  const key = sel ? `${sel.kind}:${sel.id}:${dataVersion}` : null;
  const rec = useFetch(key, (signal) => fetchRecord(sel!.kind, sel!.id, signal));
  const current = rec.dataKey === key ? rec.data : null;
  // The agency's and the police station's names instead of their ids, once the record is here.
  const refs = useFetch(current ? key : null, (signal) => fetchRefNames(current!, signal));
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
  const sections = record ? detailSections(sel.kind, record, { t, lang, num, date, plain, enums, refName: refNameAll }) : [];

  return (
    <aside className="mapview-detail" data-testid="detail-panel" aria-labelledby="mapview-detail-title" data-kind={sel.kind} data-id={sel.id}>
      <header className="mapview-detail-head">
        <div>
          <p className="mapview-detail-kind">{kindLabel}</p>
          <h2 id="mapview-detail-title" ref={heading} tabIndex={-1}>
            {record ? detailTitle(record) : `${t('map.detail.title')} #${plain(sel.id)}`}
          </h2>
        </div>
        <button type="button" className="mapview-icon-btn" onClick={close} aria-label={t('map.detail.close')} title={t('map.detail.close')} data-testid="detail-close">
          <span aria-hidden="true">×</span>
        </button>
      </header>
      {sel.kind === 'camera' && (
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
