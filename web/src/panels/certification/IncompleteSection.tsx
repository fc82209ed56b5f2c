import { useEffect, useId, useState } from 'react';
import { getIncomplete, type Incomplete } from '../../api/certification';
import { isMessageKey } from '../../i18n';
import { useI18n } from '../../i18n/react';
import { useMapBridge } from '../../map/bridge';
import { useAppState } from '../../state/store';
import { Pager } from '../accounts/ui';
import { useCertFormat } from './format';
import { showCamera } from './show-camera';

export const INCOMPLETE_PAGE = 20;

/**
 * The province's cameras that lack required fields, most missing first, page by page, optionally
 * only those lacking one field. A row (or its name, from the keyboard) selects the camera on the
 * map and flies there, so the secretariat can open it and ask its agency to fill it in.
 */
export function IncompleteSection({ code, version }: { code: string; version: number }) {
  const { t } = useI18n();
  const f = useCertFormat();
  const id = useId();
  const { state, select } = useAppState();
  const { flyTo } = useMapBridge();
  const [field, setField] = useState('');
  const [offset, setOffset] = useState(0);
  const [page, setPage] = useState<Incomplete | null>(null);
  const [fields, setFields] = useState<string[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [showError, setShowError] = useState<string | null>(null);

  useEffect(() => {
    const ac = new AbortController();
    setError(null);
    getIncomplete(code, { field: field || undefined, limit: INCOMPLETE_PAGE, offset }, ac.signal)
      .then((p) => {
        setPage(p);
        setFields(p.fields);
      })
      .catch((e: Error) => !ac.signal.aborted && setError(e.message));
    return () => ac.abort();
  }, [code, field, offset, version]);

  const show = (cameraId: number) => {
    setShowError(null);
    showCamera(cameraId, select, flyTo).catch((e: Error) => setShowError(t('certification.showError', { message: e.message })));
  };
  const statusLabel = (s: string) => {
    const key = `dashboard.status.${s}`;
    return isMessageKey(key) ? t(key) : s;
  };
  const selectedId = state.selected?.kind === 'camera' ? state.selected.id : null;

  return (
    <section className="acct-section" aria-labelledby={`${id}-title`} data-testid="cert-incomplete">
      <h4 id={`${id}-title`}>{t('certification.incomplete.title')}</h4>
      {page && (
        <p data-testid="cert-incomplete-summary">
          {t('certification.incomplete.summary', { cameras: f.num(page.cameras), complete: f.num(page.complete), share: f.pct(page.share), missing: f.num(page.cameras - page.complete) })}
        </p>
      )}
      <label className="acct-field">
        <span>{t('certification.incomplete.field')}</span>
        <select
          value={field}
          onChange={(e) => {
            setField(e.target.value);
            setOffset(0);
          }}
          data-testid="cert-incomplete-field"
        >
          <option value="">{t('certification.incomplete.anyField')}</option>
          {fields.map((name) => (
            <option key={name} value={name}>
              {f.field(name)}
            </option>
          ))}
        </select>
      </label>
      {error && (
        <p className="acct-error" role="alert">
          {t('certification.loadError', { message: error })}
        </p>
      )}
      {showError && (
        <p className="acct-error" role="alert">
          {showError}
        </p>
      )}
      {page && page.total === 0 && <p data-testid="cert-incomplete-none">{field ? t('certification.incomplete.noneField', { field: f.field(field) }) : t('certification.incomplete.none')}</p>}
      {page && page.items.length > 0 && (
        <>
          <p className="acct-hint">{t('certification.incomplete.hint')}</p>
          <div className="acct-scroll" role="region" tabIndex={0} aria-label={t('certification.incomplete.caption', { n: f.num(page.total) })}>
            <table className="acct-table cert-clickable" data-testid="cert-incomplete-table">
              <caption className="acct-sr">{t('certification.incomplete.caption', { n: f.num(page.total) })}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('certification.incomplete.col.camera')}</th>
                  <th scope="col">{t('certification.incomplete.col.missing')}</th>
                </tr>
              </thead>
              <tbody>
                {page.items.map((c) => (
                  <tr key={c.id} onClick={() => show(c.id)} aria-current={selectedId === c.id ? 'true' : undefined} data-testid={`cert-incomplete-${c.id}`}>
                    <th scope="row">
                      <button
                        type="button"
                        className="cert-link"
                        onClick={(e) => {
                          e.stopPropagation();
                          show(c.id);
                        }}
                        title={t('certification.showOnMap')}
                        data-testid={`cert-incomplete-show-${c.id}`}
                      >
                        {c.place_name}
                      </button>
                      <span className="cert-sub">{[c.external_id, c.agency ?? t('certification.incomplete.noAgency'), statusLabel(c.status)].filter(Boolean).join(' · ')}</span>
                    </th>
                    <td>
                      <strong>{f.num(c.missing.length)}</strong>: {c.missing.map(f.field).join(', ')}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <Pager offset={offset} limit={INCOMPLETE_PAGE} total={page.total} onPage={setOffset} label={t('certification.incomplete.pages')} testId="cert-incomplete-pager" />
        </>
      )}
    </section>
  );
}
