import { useEffect, useId, useState } from 'react';
import { CHANGE_KINDS, getChanges, SNAPSHOT_ENTITIES, type ChangeKind, type ChangePage, type ProvinceDetail, type SnapshotEntity } from '../../api/certification';
import { useI18n } from '../../i18n/react';
import { useMapBridge } from '../../map/bridge';
import { useAppState } from '../../state/store';
import { Pager } from '../accounts/ui';
import { useWhen } from '../accounts/when';
import { useCertFormat } from './format';
import { showCamera } from './show-camera';

export const CHANGES_PAGE = 20;

type Since = 'certified' | 'submission';

/**
 * What changed since the certification (or since the open submission): totals per kind of record
 * and per field, and the changes themselves page by page, by kind of record, kind of change and field.
 */
export function ChangesSection({ code, detail, version }: { code: string; detail: ProvinceDetail; version: number }) {
  const { t } = useI18n();
  const f = useCertFormat();
  const when = useWhen();
  const id = useId();
  const { select } = useAppState();
  const { flyTo } = useMapBridge();
  const options: Since[] = [...(detail.changes_since_certification ? ['certified' as const] : []), ...(detail.changes_since_submission ? ['submission' as const] : [])];
  const [since, setSince] = useState<Since>(options[0] ?? 'certified');
  const [entity, setEntity] = useState<SnapshotEntity>('cameras');
  const [kind, setKind] = useState<ChangeKind | ''>('');
  const [field, setField] = useState('');
  const [offset, setOffset] = useState(0);
  const [page, setPage] = useState<ChangePage | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [showError, setShowError] = useState<string | null>(null);
  // After a move the chosen comparison may be gone (a decided submission): fall back to the other.
  const effective: Since | undefined = options.includes(since) ? since : options[0];
  const summary = effective === 'certified' ? detail.changes_since_certification : effective === 'submission' ? detail.changes_since_submission : null;
  const available = summary !== null;

  useEffect(() => {
    if (!available) return;
    const ac = new AbortController();
    setError(null);
    getChanges(code, { since: effective, entity, kind: kind || undefined, field: field || undefined, limit: CHANGES_PAGE, offset }, ac.signal)
      .then(setPage)
      .catch((e: Error) => !ac.signal.aborted && setError(e.message));
    return () => ac.abort();
  }, [code, effective, entity, kind, field, offset, available, version]);

  if (!summary) {
    return (
      <section className="acct-section" aria-labelledby={`${id}-title`} data-testid="cert-changes">
        <h4 id={`${id}-title`}>{t('certification.changes.title')}</h4>
        <p>{t('certification.changes.noBase')}</p>
      </section>
    );
  }
  const byEntity = summary.by_entity[entity];
  const fields = Object.entries(byEntity.by_field);
  const reset = () => setOffset(0);

  return (
    <section className="acct-section" aria-labelledby={`${id}-title`} data-testid="cert-changes">
      <h4 id={`${id}-title`}>{t('certification.changes.title')}</h4>
      <p className="acct-hint">{t(effective === 'certified' ? 'certification.changes.sinceCertified' : 'certification.changes.sinceSubmission', { date: when.time(summary.snapshot_at) })}</p>
      <table className="acct-table cert-totals" data-testid="cert-change-totals">
        <caption className="acct-sr">{t('certification.changes.totals')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('certification.changes.col.entity')}</th>
            {CHANGE_KINDS.map((k) => (
              <th key={k} scope="col" className="num">
                {t(`certification.kind.${k}`)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {SNAPSHOT_ENTITIES.map((e) => (
            <tr key={e} data-testid={`cert-change-totals-${e}`}>
              <th scope="row">{f.entity(e)}</th>
              {CHANGE_KINDS.map((k) => (
                <td key={k} className="num">
                  {f.num(summary.by_entity[e][k])}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>

      <div className="acct-filters" role="group" aria-label={t('certification.changes.filters')}>
        {options.length > 1 && (
          <label className="acct-field">
            <span>{t('certification.changes.since')}</span>
            <select
              value={effective}
              onChange={(e) => {
                setSince(e.target.value as Since);
                setField('');
                reset();
              }}
              data-testid="cert-changes-since"
            >
              <option value="certified">{t('certification.changes.since.certified')}</option>
              <option value="submission">{t('certification.changes.since.submission')}</option>
            </select>
          </label>
        )}
        <label className="acct-field">
          <span>{t('certification.changes.col.entity')}</span>
          <select
            value={entity}
            onChange={(e) => {
              setEntity(e.target.value as SnapshotEntity);
              setField('');
              reset();
            }}
            data-testid="cert-changes-entity"
          >
            {SNAPSHOT_ENTITIES.map((e) => (
              <option key={e} value={e}>
                {f.entity(e)}
              </option>
            ))}
          </select>
        </label>
        <label className="acct-field">
          <span>{t('certification.changes.kind')}</span>
          <select
            value={kind}
            onChange={(e) => {
              setKind(e.target.value as ChangeKind | '');
              reset();
            }}
            data-testid="cert-changes-kind"
          >
            <option value="">{t('certification.filter.all')}</option>
            {CHANGE_KINDS.map((k) => (
              <option key={k} value={k}>
                {t(`certification.kind.${k}`)}
              </option>
            ))}
          </select>
        </label>
        <label className="acct-field">
          <span>{t('certification.changes.field')}</span>
          <select
            value={field}
            onChange={(e) => {
              setField(e.target.value);
              if (e.target.value) setKind('changed');
              reset();
            }}
            data-testid="cert-changes-field"
          >
            <option value="">{t('certification.filter.all')}</option>
            {fields.map(([name, n]) => (
              <option key={name} value={name}>
                {t('certification.changes.fieldCount', { field: f.field(name), n: f.num(n) })}
              </option>
            ))}
          </select>
        </label>
      </div>

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
      {page && (
        <>
          <p className="acct-count" aria-live="polite" data-testid="cert-changes-count">
            {t('certification.changes.count', { n: f.num(page.total) })}
          </p>
          {page.items.length > 0 && (
            <div className="acct-scroll" role="region" tabIndex={0} aria-label={t('certification.changes.list')}>
              <table className="acct-table" data-testid="cert-changes-table">
                <caption className="acct-sr">{t('certification.changes.list')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('certification.changes.col.record')}</th>
                    <th scope="col">{t('certification.changes.kind')}</th>
                    <th scope="col">{t('certification.changes.col.fields')}</th>
                  </tr>
                </thead>
                <tbody>
                  {page.items.map((c) => {
                    const label = c.label ?? c.external_id ?? t('certification.recordNo', { id: f.num(c.id) });
                    const onMap = c.entity === 'cameras' && c.kind !== 'deleted';
                    return (
                      <tr key={`${c.entity}-${c.id}`} data-testid={`cert-change-${c.entity}-${c.id}`}>
                        <th scope="row">
                          {onMap ? (
                            <button
                              type="button"
                              className="cert-link"
                              title={t('certification.showOnMap')}
                              onClick={() => showCamera(c.id, select, flyTo).catch((e: Error) => setShowError(t('certification.showError', { message: e.message })))}
                              data-testid={`cert-change-show-${c.id}`}
                            >
                              {label}
                            </button>
                          ) : (
                            label
                          )}
                          {c.external_id && c.label && <span className="cert-sub">{c.external_id}</span>}
                        </th>
                        <td>{t(`certification.kind.${c.kind}`)}</td>
                        <td>{c.fields.length ? c.fields.map(f.field).join(', ') : c.kind === 'changed' ? t('certification.changes.noField') : '—'}</td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </div>
          )}
          <Pager offset={offset} limit={CHANGES_PAGE} total={page.total} onPage={setOffset} label={t('certification.changes.pages')} testId="cert-changes-pager" />
        </>
      )}
    </section>
  );
}
